"""Regional figures: indicators, their values per state and period, and the rule that keeps small cells out of sight.

Only aggregates, never a person (DESIGN.md, "Figures"): a value counts people of a state (or of the region) in a
period, broken down at most by sex and by age band. Values are entered by focal points (for their own state) or
the secretariat, and leave the database to readers only once the secretariat has approved them; what a reader then
sees of a number is decided by figures.suppression.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from council.models import Access, MemberState

FIRST_YEAR, LAST_YEAR = 1990, 2100
# Codes that name pages of the figures, not indicators (figures/urls.py).
RESERVED_CODES = frozenset({"enter", "values"})


def validate_indicator_code(value: str) -> None:
    if value.lower() in RESERVED_CODES:
        raise ValidationError(_("“%(code)s” names a page of the figures: choose another code."), params={"code": value})


class Sex(models.TextChoices):
    ALL = "all", pgettext_lazy("sex", "all")
    FEMALE = "female", _("female")
    MALE = "male", _("male")


class AgeBand(models.TextChoices):
    """Age in fixed bands only: never a person's age."""

    ALL = "all", pgettext_lazy("age band", "all ages")
    UNDER_18 = "0-17", _("0–17 years")
    FROM_18 = "18-24", _("18–24 years")
    FROM_25 = "25-34", _("25–34 years")
    FROM_35 = "35-49", _("35–49 years")
    FROM_50 = "50+", _("50 years and over")


class Indicator(models.Model):
    """What is counted, how it may be broken down, and below which figure a published value is not shown."""

    code = models.SlugField(_("code"), max_length=50, unique=True, validators=[validate_indicator_code])
    name = models.CharField(_("name"), max_length=300)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("unit"), max_length=60, help_text=_("What the numbers count, e.g. persons."))
    by_state = models.BooleanField(_("by member state"), default=True)
    by_year = models.BooleanField(
        _("by year"), default=True, help_text=_("Values may cover a single year (else only periods of several years).")
    )
    by_sex = models.BooleanField(_("by sex"), default=False)
    by_age = models.BooleanField(_("by age band"), default=False)
    threshold = models.PositiveIntegerField(
        _("suppression threshold"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_("A published value below this is shown as “<threshold”, never as its number."),
    )
    is_headline = models.BooleanField(_("headline figure"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)
    access = models.CharField(_("access"), max_length=16, choices=Access.choices, default=Access.PUBLIC)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(condition=Q(threshold__gte=1), name="figures_indicator_threshold_at_least_1"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("figures:indicator", args=[self.code])


class Value(models.Model):
    """One figure of an indicator: for a state (or the region as a whole), a period of years, a sex and an age band."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("figure", "draft")
        SUBMITTED = "submitted", pgettext_lazy("figure", "submitted")
        APPROVED = "approved", pgettext_lazy("figure", "approved")
        REJECTED = "rejected", pgettext_lazy("figure", "rejected")
        SUPERSEDED = "superseded", pgettext_lazy("figure", "superseded")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", verbose_name=_("indicator")
    )
    state = models.ForeignKey(
        MemberState,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member state"),
        help_text=_("Empty: the region as a whole."),
    )
    year_from = models.PositiveSmallIntegerField(
        _("from year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    year_to = models.PositiveSmallIntegerField(
        _("to year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, default=Sex.ALL)
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices, default=AgeBand.ALL)
    number = models.DecimalField(_("number"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])
    source = models.CharField(_("source"), max_length=500)
    source_date = models.DateField(_("source date"))
    is_demo = models.BooleanField(_("demo figure"), default=False)
    status = models.CharField(
        pgettext_lazy("figure", "status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    reason = models.TextField(_("reason for rejection"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["indicator__order", "indicator__code", "year_to", "year_from", "state__order", "pk"]
        verbose_name = pgettext_lazy("figure", "value")
        verbose_name_plural = pgettext_lazy("figure", "values")
        indexes = [models.Index(fields=["indicator", "status", "year_to"])]
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=0), name="figures_value_not_negative"),
            models.CheckConstraint(condition=Q(year_from__lte=F("year_to")), name="figures_value_period_in_order"),
            # One approved value per cell; the region's cells (no state) need a constraint of their own, as NULLs
            # never collide in a unique index.
            models.UniqueConstraint(
                fields=["indicator", "state", "year_from", "year_to", "sex", "age_band"],
                condition=Q(status="approved", state__isnull=False),
                name="figures_one_approved_value_per_state_cell",
            ),
            models.UniqueConstraint(
                fields=["indicator", "year_from", "year_to", "sex", "age_band"],
                condition=Q(status="approved", state__isnull=True),
                name="figures_one_approved_value_per_region_cell",
            ),
        ]

    def __str__(self) -> str:
        where = self.state.code if self.state_id else "CA"
        return f"{self.indicator.code} {where} {self.period_label}"

    @property
    def period_label(self) -> str:
        return str(self.year_to) if self.year_from == self.year_to else f"{self.year_from}–{self.year_to}"

    @property
    def cell(self) -> tuple:
        """What the value is a figure of (at most one approved value each)."""
        return (self.indicator_id, self.state_id, self.year_from, self.year_to, self.sex, self.age_band)
