"""The outbox's tables: what every queued message row shares, and the generic message of the other apps.

Invitations and meeting reminders keep their own richer rows (per meeting and invitee, with a sequence) built
on `Outbound`; every other message (consensus notices, report reminders, account emails) is an
`OutboxMessage`: who, in which language, which kind (a builder registered by the app that owns it) and the
ids the builder needs. The text is rendered when it is sent, from templates in the recipient's language.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SendState(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class AttemptOutcome(models.TextChoices):
    STARTED = "started", _("started")
    SENT = "sent", _("sent")
    ERROR = "error", _("error")
    FAILED = "failed", _("failed for good")
    SKIPPED = "skipped", _("skipped")


class Outbound(models.Model):
    """What every queued email row shares: its sending state and the claim of the task sending it."""

    send_state = models.CharField(_("sending"), max_length=10, choices=SendState.choices, default=SendState.QUEUED)
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    claimed_by = models.CharField(max_length=64, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, editable=False)
    attempts = models.PositiveIntegerField(_("attempts"), default=0, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)

    class Meta:
        abstract = True


class OutboxMessage(Outbound):
    """One message to one person, committed with the change that causes it and sent after the commit."""

    kind = models.CharField(_("kind"), max_length=64)
    # Unique: queuing the same notice twice (a task run twice, a beat that overlaps) creates one row.
    key = models.CharField(_("key"), max_length=200, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    email = models.EmailField(_("email address"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="ru")
    # What the message is about (a consensus round, a report reminder, an account), for the admin's lists.
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    # Ids and small values the builder needs; never the text itself, never a secret.
    context = models.JSONField(_("context"), default=dict, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    # A notice its recipient takes in a daily digest is never sent alone: it waits for the digest (`digest`), and
    # what happens to the digest happens to it (council.outbox.digest).
    held_for_digest = models.BooleanField(_("held for the daily digest"), default=False, editable=False)
    digest = models.ForeignKey(
        "self",
        verbose_name=_("sent in digest"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="digested",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        indexes = [
            models.Index(fields=["send_state", "queued_at"]),
            models.Index(fields=["subject_type", "subject_id"]),
        ]

    def __str__(self):
        return f"{self.kind} → {self.email}"


class OutboxAttempt(models.Model):
    """Every attempt to send an outbox message: when, which Message-ID, outcome, error."""

    outbox_message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="attempts_log")
    message_id = models.CharField(_("Message-ID"), max_length=255)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=AttemptOutcome.choices, default=AttemptOutcome.STARTED
    )
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")

    def __str__(self):
        return f"{self.message_id}: {self.get_outcome_display()}"
