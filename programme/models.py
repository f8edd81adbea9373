"""The programme of work: cooperation roadmaps, their parties and activities."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council.access import unowned_level_choices, unowned_level_q
from council.models import Access, MemberState, Organisation
from council.uploads import RandomName, validate_pdf_upload

# The currencies (ISO 4217) a budget figure may be given in: the member states', the partners' usual ones.
CURRENCIES = [
    ("USD", "USD — US dollar"),
    ("EUR", "EUR — euro"),
    ("GBP", "GBP — pound sterling"),
    ("CHF", "CHF — Swiss franc"),
    ("JPY", "JPY — yen"),
    ("RUB", "RUB — Russian rouble"),
    ("CNY", "CNY — yuan"),
    ("KZT", "KZT — tenge"),
    ("KGS", "KGS — som (Kyrgyzstan)"),
    ("TJS", "TJS — somoni"),
    ("TMT", "TMT — manat (Turkmenistan)"),
    ("UZS", "UZS — soʻm (Uzbekistan)"),
]
CURRENCY_CODES = [code for code, _label in CURRENCIES]

# A roadmap is owned by no body: `body` would leave it to the secretariat alone, so it is not offered.
ROADMAP_ACCESS = unowned_level_choices()


class Roadmap(models.Model):
    """A plan of cooperation between member states and organisations for a period, with its activities."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ADOPTED = "adopted", _("adopted")
        COMPLETED = "completed", _("completed")

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    states = models.ManyToManyField(
        MemberState, verbose_name=_("member states (parties)"), related_name="roadmaps", blank=True
    )
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("organisations (parties)"), related_name="roadmaps", blank=True
    )
    starts_on = models.DateField(_("period start"))
    ends_on = models.DateField(_("period end"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, editable=False)
    adopted_at = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("adopted at (meeting)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roadmaps_adopted",
    )
    signed_text = models.FileField(
        _("signed text"),
        upload_to=RandomName("programme"),
        validators=[validate_pdf_upload],
        blank=True,
        help_text=_("A PDF without scripts, attachments or passwords."),
    )
    signed_text_name = models.CharField(_("signed text file name"), max_length=255, blank=True, editable=False)
    access = models.CharField(
        _("access"),
        max_length=12,
        choices=ROADMAP_ACCESS,
        default=Access.PUBLIC,
        help_text=_("Who sees it once adopted; a draft is seen by the secretariat only."),
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="roadmap_ends_after_it_starts",
                violation_error_message=_("The period must end on or after the day it starts."),
            ),
            models.CheckConstraint(
                condition=unowned_level_q(),
                name="roadmap_access_not_body",
                violation_error_message=_("A roadmap belongs to no body: choose another access level."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programme:detail", kwargs={"pk": self.pk})

    def get_download_url(self) -> str:
        return reverse("programme:signed_text", kwargs={"pk": self.pk})

    @property
    def download_name(self) -> str:
        return self.signed_text_name or "roadmap.pdf"


class Activity(models.Model):
    """One activity of a roadmap: what, who leads it with whom, for which states, when (planned and actual)."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("training")
        CONFERENCE = "conference", _("conference")
        SEMINAR = "seminar", _("seminar")
        TECHNICAL = "technical_assistance", _("technical assistance")
        ADVISORY = "advisory_support", _("advisory support")
        STUDY_VISIT = "study_visit", _("study visit")
        FINANCING = "financing", _("financing")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")
        POSTPONED = "postponed", _("postponed")

    # Statuses that need a reason (the database refuses them without one).
    WITH_REASON = (Status.CANCELLED, Status.POSTPONED)

    roadmap = models.ForeignKey(Roadmap, verbose_name=_("roadmap"), on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    lead = models.ForeignKey(
        Organisation, verbose_name=_("lead organisation"), on_delete=models.PROTECT, related_name="activities_led"
    )
    partners = models.ManyToManyField(
        Organisation, verbose_name=_("partner organisations"), related_name="activities_partnered", blank=True
    )
    states = models.ManyToManyField(MemberState, verbose_name=_("states"), related_name="activities", blank=True)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    actual_start = models.DateField(_("actual start"), null=True, blank=True, editable=False)
    actual_end = models.DateField(_("actual end"), null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED, editable=False
    )
    status_reason = models.TextField(_("reason for the status"), blank=True, editable=False)
    meetings = models.ManyToManyField(
        "meetings.Meeting", verbose_name=_("meetings that carried it out"), related_name="activities", blank=True
    )
    recommendations = models.ManyToManyField(
        "recommendations.Recommendation",
        verbose_name=_("recommendations it implements"),
        related_name="activities",
        blank=True,
    )
    budget_amount = models.DecimalField(_("budget"), max_digits=14, decimal_places=2, null=True, blank=True)
    budget_currency = models.CharField(_("currency"), max_length=3, choices=CURRENCIES, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["roadmap", "planned_start", "order", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=models.F("planned_start")),
                name="activity_planned_end_after_start",
                violation_error_message=_("The planned end must be on or after the planned start."),
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True)
                | (Q(actual_start__isnull=False) & Q(actual_end__gte=models.F("actual_start"))),
                name="activity_actual_end_after_start",
                violation_error_message=_("The actual end must be on or after the actual start."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["cancelled", "postponed"]) | ~Q(status_reason=""),
                name="activity_reason_when_cancelled_or_postponed",
                violation_error_message=_("Give the reason why the activity is cancelled or postponed."),
            ),
            models.CheckConstraint(
                condition=(Q(budget_amount__isnull=True) & Q(budget_currency=""))
                | (Q(budget_amount__isnull=False) & Q(budget_currency__in=CURRENCY_CODES)),
                name="activity_budget_with_currency",
                violation_error_message=_("Give both the budget and its currency, or neither."),
            ),
            models.CheckConstraint(
                condition=Q(budget_amount__isnull=True) | Q(budget_amount__gte=0),
                name="activity_budget_not_negative",
                violation_error_message=_("The budget cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.roadmap.get_absolute_url()}#activity-{self.pk}"
