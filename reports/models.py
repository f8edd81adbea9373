"""A PDF report: what was asked for, how its rendering went, and the file it gave (DESIGN.md, "Reports")."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from council.models import Access, Body
from council.uploads import RandomName


class ReportKind(models.TextChoices):
    MEETING_RECORD = "meeting_record", _("Meeting record")
    INVITATION_LETTER = "invitation_letter", _("Invitation letter")
    COMPENDIUM = "compendium", _("Recommendation compendium")
    DOSSIER = "dossier", _("Recommendation dossier")
    IMPLEMENTATION = "implementation", _("Implementation report")
    OUTCOME_DOCUMENT = "outcome_document", _("Outcome document")
    FIGURES = "figures", _("Regional figures")


class ReportVariant(models.TextChoices):
    ACCESSIBLE = "accessible", _("Accessible (PDF/UA-1)")
    ARCHIVAL = "archival", _("Archival (PDF/A-3, with its data)")


class ReportState(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("report state", "queued")
    RUNNING = "running", pgettext_lazy("report state", "rendering")
    DONE = "done", pgettext_lazy("report state", "ready")
    FAILED = "failed", pgettext_lazy("report state", "failed")


class Report(models.Model):
    """One rendering of one document; its state changes only through reports.services.

    Who may see it is its audience (council.reporting.Audience), stored with it when its data was gathered: the
    strictest `access` of what it holds (with the `bodies` for `body`), the invitees of `meeting`, or only its
    `addressee` (and the secretariat) for a personal document. reports.permissions reads these, nothing else.
    """

    kind = models.CharField(_("document"), max_length=32, choices=ReportKind.choices)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    variant = models.CharField(
        _("variant"), max_length=16, choices=ReportVariant.choices, default=ReportVariant.ACCESSIBLE
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    state = models.CharField(
        pgettext_lazy("report", "state"), max_length=16, choices=ReportState.choices, default=ReportState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(
        pgettext_lazy("report", "progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    file = models.FileField(_("file"), upload_to=RandomName("reports"), blank=True)
    error = models.TextField(_("error"), blank=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    # SHA-256 of the kind, language, variant, layout version and data: the same gives back the stored file.
    fingerprint = models.CharField(_("fingerprint of its data"), max_length=64, blank=True, db_index=True)
    frozen = models.BooleanField(_("frozen"), default=False, help_text=_("Stored once; never rendered again."))
    access = models.CharField(_("access"), max_length=12, choices=Access.choices, default=Access.SECRETARIAT)
    bodies = models.ManyToManyField(Body, verbose_name=_("bodies"), related_name="+", blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("meeting whose invitees see it"),
    )
    addressee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("addressee (a personal document)"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("PDF report")
        verbose_name_plural = _("PDF reports")
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="reports_progress_at_most_100"),
            models.CheckConstraint(condition=Q(state__in=ReportState.values), name="reports_state_known"),
            # A finished report has its file, digest and size; an unfinished one has none of them.
            models.CheckConstraint(
                condition=~Q(state=ReportState.DONE)
                | (~Q(file="") & ~Q(sha256="") & Q(size__isnull=False) & Q(progress=100)),
                name="reports_done_has_its_file",
            ),
            models.CheckConstraint(
                condition=~Q(state=ReportState.FAILED) | ~Q(error=""), name="reports_failed_says_why"
            ),
        ]
        indexes = [
            models.Index(fields=["state", "created_at"]),
            models.Index(fields=["kind", "language", "variant"]),
            models.Index(fields=["fingerprint", "state"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.language}, {self.get_variant_display()}) #{self.pk}"

    @property
    def download_name(self) -> str:
        """The file name offered on download: the reference (or the kind), the language and the variant."""
        stem = (self.reference or self.kind).replace("/", "-")
        suffix = "-pdfa" if self.variant == ReportVariant.ARCHIVAL else ""
        return f"{stem}-{self.language}{suffix}.pdf"
