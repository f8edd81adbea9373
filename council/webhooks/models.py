"""The tables of webhooks: partners' endpoints, the events that happened, one delivery per endpoint and event
(an outbox row), and the log of every attempt."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council.models import Organisation
from council.outbox.models import AttemptOutcome, Outbound
from council.webhooks.addresses import URL_MAX_LENGTH, target_parse


class EventType(models.TextChoices):
    RECOMMENDATION_PUBLISHED = "recommendation.published", _("a recommendation is published")
    RECOMMENDATION_SUPERSEDED = "recommendation.superseded", _("a recommendation is superseded")
    MEETING_SCHEDULED = "meeting.scheduled", _("a meeting is scheduled")
    MEETING_UPDATED = "meeting.updated", _("a scheduled meeting changes")
    MEETING_CANCELLED = "meeting.cancelled", _("a meeting is cancelled")
    REPORT_PUBLISHED = "report.published", _("a report is published")
    # Sent by the secretariat to one endpoint to try it; nobody subscribes to it.
    TEST = "webhook.test", _("test event")


# The events an endpoint may subscribe to.
SUBSCRIBABLE = [(value, label) for value, label in EventType.choices if value != EventType.TEST]


def validate_events(value) -> None:
    """A non-empty list of distinct event names an endpoint may subscribe to."""
    known = {value for value, _label in SUBSCRIBABLE}
    if not isinstance(value, list) or not value or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("Choose at least one event."), code="events")
    unknown = sorted(set(value) - known)
    if unknown:
        raise ValidationError(
            _("Unknown events: %(events)s."), code="events", params={"events": ", ".join(u[:64] for u in unknown[:5])}
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Choose each event once."), code="events")


def validate_webhook_url(value) -> None:
    """The URL's form (council.webhooks.addresses); its host's addresses are checked by the services."""
    target_parse(value)


class WebhookEndpoint(models.Model):
    """Where a partner organisation wants to be told of events, and the secret that signs what is sent there."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="webhook_endpoints"
    )
    url = models.CharField(
        _("URL"),
        max_length=URL_MAX_LENGTH,
        validators=[validate_webhook_url],
        help_text=_("The partner's receiver, e.g. https://hooks.example.org/rec. Public addresses only."),
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list, validators=[validate_events])
    # Standard Webhooks secrets (whsec_…), made by the portal and shown once; never typed, never shown again.
    secret = models.CharField(_("secret"), max_length=100, editable=False)
    secret_created_at = models.DateTimeField(_("secret made"), default=timezone.now, editable=False)
    previous_secret = models.CharField(max_length=100, blank=True, editable=False)
    previous_secret_expires_at = models.DateTimeField(
        _("previous secret valid until"), null=True, blank=True, editable=False
    )
    is_active = models.BooleanField(_("active"), default=True, editable=False)
    disabled_at = models.DateTimeField(_("disabled"), null=True, blank=True, editable=False)
    disabled_reason = models.CharField(_("why disabled"), max_length=500, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["organisation__name", "url", "pk"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        constraints = [
            models.CheckConstraint(condition=~Q(secret=""), name="webhooks_endpoint_has_secret"),
            models.CheckConstraint(
                condition=Q(is_active=True) | Q(disabled_at__isnull=False), name="webhooks_disabled_has_date"
            ),
        ]

    def __str__(self):
        return self.description or self.url[:80]

    def signing_secrets(self, now) -> list[str]:
        """The secrets that sign a message sent now: the current one, and the previous one until it expires."""
        found = [self.secret]
        if self.previous_secret and self.previous_secret_expires_at and self.previous_secret_expires_at > now:
            found.append(self.previous_secret)
        return found


class WebhookEvent(models.Model):
    """Something that happened and that partners are told of: its payload is built when it happens."""

    # `webhook-id`: the same for every delivery and retry of the event; receivers deduplicate by it.
    webhook_id = models.CharField(_("webhook-id"), max_length=64, unique=True, editable=False)
    type = models.CharField(_("event"), max_length=64, choices=EventType.choices)
    # Set for events that happen once for a thing (a report is published once): queuing it again adds nothing.
    key = models.CharField(max_length=200, blank=True, editable=False)
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    payload = models.JSONField(_("payload"), default=dict)
    created_at = models.DateTimeField(_("happened"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=~Q(key=""), name="webhooks_event_key_unique"),
        ]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self):
        return f"{self.type} {self.webhook_id}"


class WebhookDelivery(Outbound):
    """One event for one endpoint: sent, waiting for its next attempt (`queued_at`), or failed."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, verbose_name=_("endpoint"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(
        WebhookEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="deliveries"
    )
    # Failed attempts since the row was queued (or queued again by the secretariat): where the retry schedule is.
    failures = models.PositiveIntegerField(default=0, editable=False)
    last_status_code = models.PositiveSmallIntegerField(_("last answer"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event"], name="webhooks_one_delivery_per_endpoint"),
        ]
        indexes = [models.Index(fields=["send_state", "queued_at"])]

    def __str__(self):
        return f"{self.event.type} → {self.endpoint.url[:60]}"


class WebhookAttempt(models.Model):
    """One attempt to deliver: when, to which address, the answer (or error), how long it took."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempts_log")
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=AttemptOutcome.choices, default=AttemptOutcome.STARTED
    )
    address = models.CharField(_("address"), max_length=64, blank=True)
    status_code = models.PositiveSmallIntegerField(_("answer"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True)
    response_excerpt = models.CharField(_("answer (start)"), max_length=500, blank=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M:%S}: {self.get_outcome_display()}"
