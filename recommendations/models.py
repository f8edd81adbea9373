"""Recommendations, their versions and life, consensus rounds and positions, and implementation reports."""

import hashlib
import json

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from council.content import Localized, text_in
from council.models import Access, Body, MemberState, Organisation
from council.uploads import RandomName, validate_pdf_upload
from recommendations import consensus


class Tag(models.Model):
    """A theme a recommendation deals with (legal frameworks, psychosocial care, the mahalla…)."""

    slug = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name


class Recommendation(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("recommendation status", "draft")
        CONSULTATION = "consultation", _("consultation in the working group")
        ADOPTED = "adopted", _("adopted by the working group")
        ENDORSED = "endorsed", _("endorsed by the executive committee")
        PUBLISHED = "published", _("published")
        WITHDRAWN = "withdrawn", _("withdrawn")
        SUPERSEDED = "superseded", _("superseded")

    # Statuses of a published text: its access level says who reads it (before, only its drafts' readers do).
    PUBLISHED_STATUSES = (Status.PUBLISHED, Status.SUPERSEDED)
    # The steps of a published text's life that its adoption history names (returns to the group are drafts' business).
    ADOPTION_MILESTONES = (Status.ADOPTED, Status.ENDORSED, *PUBLISHED_STATUSES)

    code = models.CharField(_("reference"), max_length=32, unique=True, editable=False)
    working_group = models.ForeignKey(
        Body,
        verbose_name=_("working group"),
        on_delete=models.PROTECT,
        related_name="recommendations",
        limit_choices_to={"kind": Body.Kind.WORKING_GROUP},
    )
    authoritative_language = models.CharField(
        _("authoritative language"), max_length=8, choices=settings.LANGUAGES, default="ru"
    )
    addressee_states = models.ManyToManyField(
        MemberState, verbose_name=_("addressed to the governments of"), related_name="recommendations", blank=True
    )
    addresses_civil_society = models.BooleanField(_("addressed to civil society"), default=False)
    addresses_international = models.BooleanField(_("addressed to international organisations"), default=False)
    addresses_council = models.BooleanField(_("addressed to the council itself"), default=False)
    tags = models.ManyToManyField(Tag, verbose_name=_("themes"), related_name="recommendations", blank=True)
    meetings = models.ManyToManyField(
        "meetings.Meeting", verbose_name=_("discussed at"), related_name="recommendations", blank=True
    )
    agenda_items = models.ManyToManyField(
        "meetings.AgendaItem", verbose_name=_("agenda items"), related_name="recommendations", blank=True
    )
    access = models.CharField(_("access once published"), max_length=12, choices=Access.choices, default=Access.PUBLIC)
    partner_consultation = models.BooleanField(
        _("open to partners' comments during consultation"),
        default=False,
        help_text=_(
            "Partner organisations read the text and comment on it through the API while it is in consultation. "
            "Only for a text published to the public or to partners."
        ),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, editable=False)
    current_version = models.ForeignKey(
        "RecommendationVersion",
        verbose_name=_("current version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("supersedes (on publication)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"status": Status.PUBLISHED},
        help_text=_("A published recommendation this one corrects; it becomes superseded when this is published."),
    )
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["working_group__order", "code"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self):
        return self.code or _("new recommendation")

    def get_absolute_url(self):
        return reverse("recommendations:detail", kwargs={"pk": self.pk})

    @property
    def title(self) -> str:
        """The title of the current version in the active language (the authoritative one if missing)."""
        version = self.current_version
        if version is None:
            return ""
        # Not version.title_in(): the fallback would fetch version.recommendation, one query per row of a list.
        language = translation.get_language() or "ru"
        return getattr(version, f"title_{language}", "") or getattr(version, f"title_{self.authoritative_language}")

    @property
    def localized_title(self) -> Localized:
        """The current version's title in the reader's language, else the original with its language."""
        version = self.current_version
        if version is None:
            return Localized(text="", language=self.authoritative_language, requested=self.authoritative_language)
        return text_in(version, "title", authoritative=self.authoritative_language)

    @property
    def is_public_text(self) -> bool:
        return self.status in self.PUBLISHED_STATUSES


class RecommendationVersion(models.Model):
    """One text of a recommendation; frozen (digest stored) once put to a decision, never changed after."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_uz = models.CharField(_("title (Uzbek)"), max_length=300, blank=True)
    text_ru = models.TextField(_("text (Russian)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    text_uz = models.TextField(_("text (Uzbek)"), blank=True)
    reason = models.CharField(_("why this version"), max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    frozen_at = models.DateTimeField(_("frozen"), null=True, blank=True)
    digest = models.CharField(_("SHA-256"), max_length=64, blank=True)

    class Meta:
        ordering = ["recommendation", "number"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "number"], name="version_number_unique"),
            models.CheckConstraint(
                condition=Q(frozen_at__isnull=True) | ~Q(digest=""), name="version_frozen_has_digest"
            ),
        ]

    def __str__(self):
        return f"{self.recommendation.code} v{self.number}"

    def content(self) -> dict:
        return {
            lang: {"title": getattr(self, f"title_{lang}"), "text": getattr(self, f"text_{lang}")}
            for lang in ("ru", "en", "uz")
        }

    def compute_digest(self) -> str:
        canonical = json.dumps(self.content(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    @property
    def note(self) -> str:
        """Why this version was made, in the active language: its reason; a first version given none is the first
        draft (stored as no reason, so that each reader reads it in their language)."""
        if not self.reason and self.number == 1:
            return str(_("First draft"))
        return self.reason

    def title_in(self, language: str) -> str:
        return getattr(self, f"title_{language}", "") or getattr(
            self, f"title_{self.recommendation.authoritative_language}"
        )

    def text_in(self, language: str) -> str:
        return getattr(self, f"text_{language}", "") or getattr(
            self, f"text_{self.recommendation.authoritative_language}"
        )


class StatusEvent(models.TextChoices):
    """Steps of a recommendation's life the portal makes by itself (their note is written at display time)."""

    ROUND_ADOPTED = "round_adopted", _("adopted by a consensus round")
    SUPERSEDED = "superseded", _("superseded by a newer recommendation")


class StatusChange(models.Model):
    """One step of a recommendation's life: who, when, from what to what, and why."""

    Event = StatusEvent

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=16, choices=Recommendation.Status.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=Recommendation.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by")
    )
    changed_at = models.DateTimeField(_("when"), default=timezone.now)
    reason = models.CharField(_("why"), max_length=1000, blank=True)
    # A step the portal made by itself is stored as an event, rendered in the reader's language (`note`);
    # `reason` holds only what a person wrote.
    event = models.CharField(_("event"), max_length=24, choices=StatusEvent.choices, blank=True)
    round = models.ForeignKey(
        "ConsensusRound",
        verbose_name=_("consensus round"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    params = models.JSONField(_("event details"), default=dict, blank=True)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"

    @property
    def note(self) -> str:
        """Why the step was made, in the active language: the event's sentence, else the reason a person wrote.
        A step made by a round reads its round (select_related("round__body") for a list)."""
        if self.event == StatusEvent.ROUND_ADOPTED and self.round_id:
            return _("Consensus of %(body)s (%(mode)s)") % {
                "body": self.round.body.name,
                "mode": self.round.get_mode_display(),
            }
        if self.event == StatusEvent.SUPERSEDED:
            return _("Superseded by %(code)s") % {"code": self.params.get("code", "")}
        return self.reason


# A round's procedure and state, named outside the model so that its Meta's constraints can use them too.
class RoundMode(models.TextChoices):
    MEETING = "meeting", _("in a meeting")
    SILENCE = "silence", _("in writing (silence procedure)")


class RoundState(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")
    ENDED = "ended", _("ended by a new version")


class ConsensusRound(models.Model):
    """A body's decision on one frozen version, in a meeting or in writing (silence procedure)."""

    Mode = RoundMode
    State = RoundState

    class Result(models.TextChoices):
        ADOPTED = consensus.Result.ADOPTED, _("adopted")
        BLOCKED = consensus.Result.BLOCKED, _("blocked")
        NO_QUORUM = consensus.Result.NO_QUORUM, _("no quorum")

    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="rounds")
    version = models.ForeignKey(RecommendationVersion, on_delete=models.PROTECT, related_name="rounds")
    digest = models.CharField(_("SHA-256 of the text"), max_length=64)
    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="consensus_rounds")
    mode = models.CharField(_("procedure"), max_length=10, choices=Mode.choices)
    meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name=_("meeting"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.OPEN)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    result = models.CharField(_("outcome"), max_length=10, choices=Result.choices, blank=True)
    tally = models.JSONField(_("tally"), default=dict, blank=True)
    quorum_share = models.DecimalField(max_digits=3, decimal_places=2)
    quorum_states = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("consensus round")
        verbose_name_plural = _("consensus rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation"], condition=Q(state=RoundState.OPEN), name="round_one_open_per_recommendation"
            ),
            models.CheckConstraint(
                condition=~Q(mode=RoundMode.SILENCE) | Q(deadline__isnull=False), name="round_silence_has_deadline"
            ),
            models.CheckConstraint(
                condition=Q(state=RoundState.OPEN, result="")
                | Q(state=RoundState.ENDED, result="")
                | (Q(state=RoundState.CLOSED) & ~Q(result="")),
                name="round_result_only_when_closed",
            ),
        ]

    def __str__(self):
        return f"{self.recommendation.code} — {self.body} ({self.get_mode_display()})"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def in_meeting(self) -> bool:
        return self.mode == self.Mode.MEETING


class RoundMember(models.Model):
    """Who holds a position in a round: the body's deciding members when it opened."""

    round = models.ForeignKey(ConsensusRound, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = models.ForeignKey(MemberState, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["round", "state__order", "person__full_name_latin"]
        constraints = [models.UniqueConstraint(fields=["round", "person"], name="round_member_once")]

    def __str__(self):
        return str(self.person)


class Position(models.Model):
    """A member's position in a round; never edited: a change is a new row, the latest one counts."""

    class Kind(models.TextChoices):
        SUPPORT = consensus.Position.SUPPORT, _("support")
        STAND_ASIDE = consensus.Position.STAND_ASIDE, _("stand aside (reservation)")
        OBJECTION = consensus.Position.OBJECTION, _("formal objection")

    round = models.ForeignKey(ConsensusRound, on_delete=models.PROTECT, related_name="positions")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT, related_name="positions"
    )
    kind = models.CharField(pgettext_lazy("consensus", "position"), max_length=12, choices=Kind.choices)
    reason = models.TextField(_("reason"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["round", "recorded_at", "id"]
        verbose_name = pgettext_lazy("consensus", "position")
        verbose_name_plural = pgettext_lazy("consensus", "positions")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=consensus.Position.SUPPORT) | ~Q(reason=""),
                name="position_reason_for_reservation_or_objection",
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.get_kind_display()}"


class Comment(models.Model):
    """A remark in a round by anyone taking part, observers included; it holds no position."""

    round = models.ForeignKey(ConsensusRound, on_delete=models.PROTECT, related_name="comments")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        ordering = ["round", "created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return f"{self.person}: {self.text[:40]}"


class PartnerComment(models.Model):
    """A partner organisation's comment, sent through the API, on a recommendation opened to partners while it is
    in consultation. Read by the secretariat and the working group; never edited.

    The organisation's `Idempotency-Key` is unique to it: a request sent again (same key, same body, the
    `request_fingerprint`) gets the same answer and never a second comment."""

    recommendation = models.ForeignKey(
        Recommendation, verbose_name=_("recommendation"), on_delete=models.PROTECT, related_name="partner_comments"
    )
    version = models.ForeignKey(
        RecommendationVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="partner_comments"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="partner_comments"
    )
    key_prefix = models.CharField(_("API key"), max_length=16, help_text=_("The prefix of the key that sent it."))
    text = models.TextField(_("comment"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    idempotency_key = models.CharField(_("idempotency key"), max_length=100)
    request_fingerprint = models.CharField(_("SHA-256 of the request"), max_length=64)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("partner comment")
        verbose_name_plural = _("partner comments")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "idempotency_key"], name="partner_comment_idempotency_key_once"
            ),
        ]
        indexes = [models.Index(fields=["recommendation", "organisation", "created_at"])]

    def __str__(self):
        return f"{self.organisation}: {self.text[:40]}"


class ImplementationReport(models.Model):
    """A member state's report for one period on one published recommendation."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        IMPLEMENTED = "implemented", _("implemented")
        NOT_APPLICABLE = "not_applicable", _("not applicable")

    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="implementation_reports")
    state = models.ForeignKey(MemberState, verbose_name=_("member state"), on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=7, help_text=_("e.g. 2025-H1"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    # None exactly when the recommendation does not apply (services.report_progress_check states the whole rule).
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    narrative = models.TextField(_("narrative"))
    evidence_links = models.TextField(_("evidence (links, one per line)"), blank=True)
    evidence_file = models.FileField(
        _("evidence (document)"),
        upload_to=RandomName("implementation"),
        blank=True,
        validators=[validate_pdf_upload],
        help_text=_("A PDF without scripts, attachments or passwords."),
    )
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True, editable=False)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        ordering = ["recommendation", "state", "-submitted_at"]
        verbose_name = _("implementation report")
        verbose_name_plural = _("implementation reports")
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_at_most_100"),
            models.CheckConstraint(
                condition=Q(status="not_applicable", progress__isnull=True)
                | (~Q(status="not_applicable") & Q(progress__isnull=False)),
                name="report_progress_unless_not_applicable",
            ),
        ]
        indexes = [models.Index(fields=["recommendation", "state", "submitted_at"])]

    def __str__(self):
        return f"{self.recommendation.code} {self.state.code} {self.period}"

    def get_download_url(self) -> str:
        return reverse("recommendations:evidence", kwargs={"pk": self.pk})

    @property
    def download_name(self) -> str:
        return self.evidence_name or "evidence.pdf"


class ImplementationReportDraft(models.Model):
    """A state's report on a recommendation being written: one per (recommendation, state), shared by the state's
    focal points, until one of them submits it (services.report_submit turns it into an ImplementationReport and
    removes it). A separate table, so that a draft can never be counted or shown as a report: the matrix, the API
    and the PDF reports read ImplementationReport only. Seen by the state's focal points and the secretariat."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="+")
    state = models.ForeignKey(MemberState, verbose_name=_("member state"), on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=7, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ImplementationReport.Status.choices, blank=True)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    narrative = models.TextField(_("narrative"), blank=True)
    evidence_links = models.TextField(_("evidence (links, one per line)"), blank=True)
    evidence_file = models.FileField(
        _("evidence (document)"), upload_to=RandomName("implementation"), blank=True, validators=[validate_pdf_upload]
    )
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True, editable=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("saved"), default=timezone.now)

    class Meta:
        verbose_name = _("implementation report draft")
        verbose_name_plural = _("implementation report drafts")
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "state"], name="report_draft_once_per_state"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_draft_progress_at_most_100"),
        ]

    def __str__(self):
        return f"{self.recommendation_id}/{self.state_id} draft"


class ReportReminder(models.Model):
    """A reminder to a state's focal points that a period's report is due; sent once."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="+")
    state = models.ForeignKey(MemberState, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=7)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "state", "period"], name="report_reminder_once")
        ]

    def __str__(self):
        return f"{self.recommendation_id}/{self.state_id}/{self.period}"
