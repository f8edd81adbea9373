"""Meetings, agendas, documents, invitations (the email outbox), reminders and attendance."""

import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council.fields import IntegerListField
from council.models import Access, Body, Organisation
from council.outbox.models import AttemptOutcome, Outbound, SendState  # noqa: F401 - SendState is used from here too
from council.timezones import validate_timezone
from council.uploads import RandomName, random_name, validate_pdf_upload


def validate_hours_list(value) -> None:
    if not isinstance(value, list) or not all(isinstance(h, int) and 0 < h <= 24 * 90 for h in value):
        raise ValidationError(_("Give a list of whole hours between 1 and 2160, e.g. [168, 24]."))


def default_reminder_hours() -> list[int]:
    return [7 * 24, 24]


class Meeting(models.Model):
    """A session of one or more bodies, or a conference, seminar, briefing or training they hold."""

    class Kind(models.TextChoices):
        PLENARY = "plenary", _("plenary session")
        WORKING_GROUP = "working_group", _("working-group session")
        EXECUTIVE = "executive", _("executive-committee meeting")
        CONFERENCE = "conference", _("conference")
        SEMINAR = "seminar", _("seminar")
        BRIEFING = "briefing", _("briefing")
        TRAINING = "training", _("training")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")
        HYBRID = "hybrid", _("hybrid")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SCHEDULED = "scheduled", _("scheduled")
        HELD = "held", _("held")
        MINUTES_APPROVED = "minutes_approved", _("minutes approved")
        CANCELLED = "cancelled", _("cancelled")

    # Statuses in which a meeting is the secretariat's alone; in every other its access level says who sees it.
    UNPUBLISHED_STATUSES = (Status.DRAFT,)
    # Changing any of these changes the calendar entry (invitees get an update).
    TIME_AND_PLACE = frozenset(
        {
            "starts_at",
            "ends_at",
            "timezone",
            "format",
            "venue_city",
            "venue_city_ru",
            "venue_city_en",
            "venue_city_uz",
            "venue_country",
            "venue_country_ru",
            "venue_country_en",
            "venue_country_uz",
            "venue_address",
            "online_url",
        }
    )

    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    bodies = models.ManyToManyField(Body, verbose_name=_("bodies"), related_name="meetings")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Asia/Tashkent",
        validators=[validate_timezone],
        help_text=_("IANA name of the venue's time zone, e.g. Asia/Tashkent or America/New_York."),
    )
    format = models.CharField(_("format"), max_length=12, choices=Format.choices, default=Format.IN_PERSON)
    venue_city = models.CharField(_("city"), max_length=120, blank=True)
    venue_country = models.CharField(_("country"), max_length=120, blank=True)
    venue_address = models.CharField(_("address"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    working_languages = models.CharField(
        _("working languages"), max_length=120, blank=True, help_text=_("e.g. Russian, English")
    )
    interpretation = models.CharField(_("interpretation"), max_length=200, blank=True)
    organisers = models.ManyToManyField(
        Organisation, verbose_name=_("organisers"), related_name="organised_meetings", blank=True
    )
    co_organisers = models.ManyToManyField(
        Organisation, verbose_name=_("co-organisers"), related_name="co_organised_meetings", blank=True
    )
    access = models.CharField(_("access"), max_length=12, choices=Access.choices, default=Access.BODY)
    rsvp_deadline = models.DateTimeField(_("answer by"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Grows when the time or place changes; the SEQUENCE of the calendar entry and of invitation updates.
    sequence = models.PositiveIntegerField(_("sequence"), default=0, editable=False)
    reminder_hours = IntegerListField(
        _("reminders (hours before the start)"), default=default_reminder_hours, validators=[validate_hours_list]
    )
    rsvp_reminder_hours = models.PositiveIntegerField(
        _("reminder before the answer deadline (hours)"), default=48, validators=[MaxValueValidator(24 * 30)]
    )
    attach_invitation_letter = models.BooleanField(
        _("attach the invitation letter (PDF) to invitations"),
        default=False,
        help_text=_("Each invitee's official letter, in their language, for visas and travel approval."),
    )
    participants_expected = models.PositiveIntegerField(_("participants expected"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_approved_at = models.DateTimeField(_("minutes approved at"), null=True, blank=True, editable=False)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("minutes approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_it_starts",
                violation_error_message=_("The meeting must end after it starts."),
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at, self.tz):%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("meetings:detail", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
        if self.rsvp_deadline and self.starts_at and self.rsvp_deadline > self.starts_at:
            raise ValidationError({"rsvp_deadline": _("Answers must be due before the meeting starts.")})
        if self.format in (self.Format.ONLINE, self.Format.HYBRID) and not self.online_url:
            raise ValidationError({"online_url": _("An online or hybrid meeting needs its online link.")})
        if self.format in (self.Format.IN_PERSON, self.Format.HYBRID) and not self.venue_city:
            raise ValidationError({"venue_city": _("A meeting held in person needs its city.")})

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at, self.tz)

    @property
    def local_end(self):
        return timezone.localtime(self.ends_at, self.tz)

    @property
    def place(self) -> str:
        """Where it is held in person; the online link is not part of it (see `can_see_online_link`)."""
        return ", ".join(p for p in (self.venue_address, self.venue_city, self.venue_country) if p)

    @property
    def online_link(self) -> str:
        """The link to join online, if the meeting is held online; who may see it is `can_see_online_link`'s."""
        return self.online_url if self.format != self.Format.IN_PERSON else ""

    def without_online_link(self, text: str) -> str:
        """`text` with the online link taken out, for those who may not see it (e.g. pasted in the description)."""
        if not self.online_url:
            return text
        for variant in sorted({self.online_url, self.online_url.split("://", 1)[-1]}, key=len, reverse=True):
            text = text.replace(variant, "")
        return text

    def rsvp_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.status != self.Status.SCHEDULED:
            return False
        deadline = self.rsvp_deadline or self.starts_at
        return now <= deadline


class MeetingStatusChange(models.Model):
    """One change of a meeting's status: who, when, from what to what, and why."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=20, choices=Meeting.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Meeting.Status.choices)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class AgendaItem(models.Model):
    """A numbered item of a meeting's agenda; an item with a parent is a sub-item."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    parent = models.ForeignKey(
        "self", verbose_name=_("sub-item of"), on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    presenters = models.CharField(_("presenters"), max_length=300, blank=True)
    duration_minutes = models.PositiveIntegerField(
        _("planned duration (minutes)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.parent_id and self.parent and self.parent.meeting_id != self.meeting_id:
            raise ValidationError({"parent": _("A sub-item must belong to the same meeting.")})
        if self.parent_id and self.parent and self.parent.parent_id:
            raise ValidationError({"parent": _("Sub-items go one level deep.")})


def document_upload_to(instance, filename: str) -> str:
    # The stored name is random, never the uploader's; the original name is kept for display and download.
    return random_name("meetings")


class MeetingDocument(models.Model):
    """A document of a meeting, optionally of one agenda item, with its own access level."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(
        _("file"),
        upload_to=document_upload_to,
        validators=[validate_pdf_upload],
        help_text=_("A PDF without scripts, attachments or passwords."),
    )
    original_name = models.CharField(_("original file name"), max_length=255, blank=True, editable=False)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="ru")
    access = models.CharField(_("access"), max_length=12, choices=Access.choices, default=Access.BODY)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["meeting", "agenda_item__order", "title"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:document", kwargs={"pk": self.pk})

    def get_download_url(self) -> str:
        return self.get_absolute_url()

    @property
    def download_name(self) -> str:
        return self.original_name or self.title


# The longest note an invitee may send with their answer (a few lines for the secretariat).
RSVP_NOTE_MAX_LENGTH = 1000


class Invitation(Outbound):
    """One invitee of one meeting: the row is the outbox of the invitation, its updates and cancellation."""

    class Rsvp(models.TextChoices):
        PENDING = "pending", _("no answer yet")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        TENTATIVE = "tentative", _("tentative")
        DELEGATED = "delegated", _("delegated")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="invitations"
    )
    # Empty until the secretariat sends the invitation: an invitee added to the list is not emailed by itself.
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
    )
    email = models.EmailField(_("email address"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="ru")
    delegated_from = models.ForeignKey(
        "self",
        verbose_name=_("alternate for"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alternates",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The sequence this invitee must receive, and the last one delivered to them.
    sequence = models.PositiveIntegerField(_("sequence"), default=0, editable=False)
    sent_sequence = models.IntegerField(_("sequence sent"), null=True, blank=True, editable=False)
    rsvp = models.CharField(_("answer"), max_length=10, choices=Rsvp.choices, default=Rsvp.PENDING)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    # What the invitee tells the secretariat with their answer (interpretation, accessibility, travel).
    rsvp_note = models.CharField(_("note with the answer"), max_length=RSVP_NOTE_MAX_LENGTH, blank=True, editable=False)

    class Meta:
        ordering = ["meeting", "name", "email"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                "meeting",
                models.functions.Lower("email"),
                name="invitation_one_per_email_and_meeting",
                violation_error_message=_("This address is already invited to this meeting."),
            ),
        ]
        indexes = [models.Index(fields=["send_state", "queued_at"])]

    def __str__(self):
        return f"{self.display_name} — {self.meeting.title}"

    @property
    def display_name(self) -> str:
        if self.person_id:
            return self.person.display_name
        return self.name or self.email

    @property
    def needs_sending(self) -> bool:
        return self.sent_sequence is None or self.sent_sequence < self.sequence


class Nomination(models.Model):
    """An invitee's request that an alternate attend in their place: nothing is sent until it is confirmed."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("awaiting confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        REFUSED = "refused", _("refused")

    invitation = models.ForeignKey(
        Invitation, verbose_name=_("invitation"), on_delete=models.CASCADE, related_name="nominations"
    )
    email = models.EmailField(_("alternate's email address"))
    # What the invitee typed: shown to the secretariat, never placed in a message.
    name = models.CharField(_("name given by the invitee"), max_length=200, blank=True)
    alternate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("alternate's account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.REQUESTED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when confirmed automatically (a colleague of the same organisation or delegation)."),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    alternate_invitation = models.OneToOneField(
        Invitation,
        verbose_name=_("alternate's invitation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="nomination",
    )

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("nomination of an alternate")
        verbose_name_plural = _("nominations of alternates")
        constraints = [
            models.UniqueConstraint(
                fields=["invitation"],
                condition=Q(state="requested"),
                name="nomination_one_waiting_per_invitation",
                violation_error_message=_("This invitation already has a nomination awaiting confirmation."),
            ),
        ]
        indexes = [models.Index(fields=["state", "requested_at"])]

    def __str__(self):
        return f"{self.email} ← {self.invitation.email}"


class Reminder(Outbound):
    """One reminder to one invitee; `key` names which (e.g. `start-168h`, `rsvp`), so each goes once."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="reminders")
    key = models.CharField(_("reminder"), max_length=32)

    class Meta:
        ordering = ["invitation", "queued_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["invitation", "key"], name="reminder_once_per_invitation_and_key"),
        ]
        indexes = [models.Index(fields=["send_state", "queued_at"])]

    def __str__(self):
        return f"{self.key} → {self.invitation.email}"


class DeliveryAttempt(models.Model):
    """Every attempt to send an email for an invitation: time, what was sent, outcome, error."""

    Outcome = AttemptOutcome

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="attempts_log")
    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    message = models.CharField(_("message"), max_length=20)
    sequence = models.PositiveIntegerField(_("sequence"))
    message_id = models.CharField(_("Message-ID"), max_length=255)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.STARTED)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")

    def __str__(self):
        return f"{self.message} #{self.sequence}: {self.get_outcome_display()}"


class Attendance(models.Model):
    """Whether a person was at a held meeting."""

    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        ABSENT = "absent", _("absent")
        EXCUSED = "excused", _("excused")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="attendance"
    )
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices, default=Status.PRESENT)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        ordering = ["meeting", "person__full_name_latin"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once_per_person")]

    def __str__(self):
        return f"{self.person} — {self.get_status_display()}"


# Outcome documents (issue 12) ---------------------------------------------------------------------------


class OutcomeDocument(models.Model):
    """A text adopted at a meeting (a protocol, a declaration…), with its signatories and the scan of the original.

    A draft is the secretariat's alone; once published it is seen as its access level says, owned by the meeting's
    bodies (meetings.permissions), and its text never changes: a correction is a new document."""

    class Kind(models.TextChoices):
        PROTOCOL = "protocol", _("protocol")
        DECLARATION = "declaration", _("declaration")
        JOINT_STATEMENT = "joint_statement", _("joint statement")
        COMMUNIQUE = "communique", _("communiqué")
        RECOMMENDATIONS = "recommendations", _("recommendations package")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("adopted at the meeting"), on_delete=models.PROTECT, related_name="outcomes"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reference = models.CharField(
        _("reference number"), max_length=60, unique=True, help_text=_("As written on the document, e.g. REC/P/2024/1.")
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    text = models.TextField(_("text"), blank=True)
    authoritative_language = models.CharField(
        _("authoritative language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="ru",
        help_text=_("The language whose text is authentic; its title and text are required."),
    )
    adopted_on = models.DateField(_("adopted on"))
    place = models.CharField(_("place of adoption"), max_length=200, blank=True)
    access = models.CharField(_("access"), max_length=12, choices=Access.choices, default=Access.BODY)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    scan = models.FileField(
        _("scan of the signed original"),
        upload_to=RandomName("outcomes"),
        validators=[validate_pdf_upload],
        blank=True,
        help_text=_("A PDF without scripts, attachments or passwords."),
    )
    scan_name = models.CharField(_("original file name"), max_length=255, blank=True, editable=False)
    scan_uploaded_at = models.DateTimeField(_("scan uploaded at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-adopted_on", "-id"]
        verbose_name = _("outcome document")
        verbose_name_plural = _("outcome documents")

    def __str__(self):
        return f"{self.reference} — {self.title}" if self.title else self.reference

    def get_absolute_url(self):
        return reverse("meetings:outcome", kwargs={"pk": self.pk})

    def get_download_url(self) -> str:
        return reverse("meetings:outcome_scan", kwargs={"pk": self.pk})

    @property
    def download_name(self) -> str:
        return self.scan_name or f"{self.reference}.pdf"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Signatory(models.Model):
    """One signature under an outcome document: who signed, for a member state or an organisation, as what."""

    document = models.ForeignKey(OutcomeDocument, on_delete=models.CASCADE, related_name="signatories")
    order = models.PositiveIntegerField(_("order"), default=0)
    full_name = models.CharField(_("full name"), max_length=200)
    for_state = models.ForeignKey(
        "council.MemberState",
        verbose_name=_("for the member state"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    for_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("for the organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    capacity = models.CharField(
        _("capacity"), max_length=200, blank=True, help_text=_("e.g. Minister for Emergency Situations")
    )
    signed_on = models.DateField(_("signed on"))
    place = models.CharField(_("place"), max_length=200, blank=True)

    class Meta:
        ordering = ["document", "order", "id"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        constraints = [
            models.CheckConstraint(
                condition=Q(for_state__isnull=False, for_organisation__isnull=True)
                | Q(for_state__isnull=True, for_organisation__isnull=False),
                name="signatory_for_a_state_or_an_organisation",
                violation_error_message=_("A signatory signs for a member state or for an organisation: choose one."),
            ),
        ]

    def __str__(self):
        return self.full_name

    def clean(self):
        super().clean()
        if (self.for_state_id is None) == (self.for_organisation_id is None):
            raise ValidationError(_("A signatory signs for a member state or for an organisation: choose one."))

    @property
    def signed_for(self):
        return self.for_state or self.for_organisation
