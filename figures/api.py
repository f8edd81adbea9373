"""Regional figures in the partner API (scope `figures:read`): the indicators the caller may see and their
published values, each as figures.suppression shows it. A suppressed value has no `number`: only its `text`
("<5") and `suppressed: true`. Drafts, submitted, rejected and superseded values never appear."""

import re

import django_filters
from django import forms
from django.core.validators import RegexValidator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers

from council.content import text_in
from council.models import Access
from council.partners.api import PartnerReadOnlyViewSet
from council.partners.files import UTC
from council.partners.filters import PartnerFilterSet
from council.partners.scopes import Scope
from figures import selectors
from figures.models import FIRST_YEAR, LAST_YEAR, AgeBand, Indicator, Sex, Value

CODE = re.compile(r"^[-a-zA-Z0-9_]{1,50}$")
STATE = re.compile(r"^([A-Za-z]{2}|region)$")


class IndicatorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.SerializerMethodField()
    definition = serializers.SerializerMethodField()
    unit = serializers.SerializerMethodField()
    by_state = serializers.BooleanField()
    by_year = serializers.BooleanField()
    by_sex = serializers.BooleanField()
    by_age = serializers.BooleanField()
    threshold = serializers.IntegerField(help_text="A published value below this is given as text only (“<5”)")
    is_headline = serializers.BooleanField()
    order = serializers.IntegerField()
    access = serializers.ChoiceField(choices=Access.choices)
    updated_at = serializers.DateTimeField(default_timezone=UTC)

    def get_name(self, indicator) -> str:
        return text_in(indicator, "name").text

    def get_definition(self, indicator) -> str:
        return text_in(indicator, "definition").text

    def get_unit(self, indicator) -> str:
        return text_in(indicator, "unit").text


class ValueListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        values = list(data.all() if hasattr(data, "all") else data)
        self.child.__dict__["_shown"] = selectors.shown_for(values)
        return super().to_representation(values)


class ValueSerializer(serializers.Serializer):
    """A published value; `number` only when it is shown (not suppressed)."""

    id = serializers.IntegerField()
    indicator = serializers.CharField(help_text="The indicator's code")
    state = serializers.CharField(allow_null=True, help_text="A member state's code; null: the region as a whole")
    year_from = serializers.IntegerField()
    year_to = serializers.IntegerField()
    sex = serializers.ChoiceField(choices=Sex.choices)
    age_band = serializers.ChoiceField(choices=AgeBand.choices)
    suppressed = serializers.BooleanField(
        help_text="True: the value is below the indicator's threshold, or a total withheld to protect one"
    )
    suppression_reason = serializers.ChoiceField(
        choices=["", "below_threshold", "protects_small_cell"], help_text="Empty when not suppressed"
    )
    text = serializers.CharField(help_text="The value as shown: its number, or “<5” when suppressed")
    number = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        coerce_to_string=False,
        required=False,
        help_text="Absent when the value is suppressed",
    )
    threshold = serializers.IntegerField()
    unit = serializers.CharField()
    source = serializers.CharField()
    source_date = serializers.DateField()
    demo = serializers.BooleanField(help_text="A fictional figure of the demo data")
    approved_at = serializers.DateTimeField(default_timezone=UTC, allow_null=True)

    class Meta:
        list_serializer_class = ValueListSerializer

    def to_representation(self, value):
        shown_all = self.__dict__.get("_shown")
        if shown_all is None or value.pk not in shown_all:
            shown_all = self.__dict__["_shown"] = selectors.shown_for([value])
        shown = shown_all[value.pk]
        row = {
            "id": value.pk,
            "indicator": value.indicator.code,
            "state": value.state.code if value.state_id else None,
            "year_from": value.year_from,
            "year_to": value.year_to,
            "sex": value.sex,
            "age_band": value.age_band,
            "suppressed": shown.suppressed,
            "suppression_reason": shown.reason,
            "text": shown.text,
            "threshold": value.indicator.threshold,
            "unit": text_in(value.indicator, "unit").text,
            "source": value.source,
            "source_date": value.source_date.isoformat(),
            "demo": value.is_demo,
            "approved_at": self.fields["approved_at"].to_representation(value.approved_at)
            if value.approved_at
            else None,
        }
        if not shown.suppressed:
            row["number"] = self.fields["number"].to_representation(shown.number)
        return row


class IndicatorFilter(PartnerFilterSet):
    code = django_filters.CharFilter(field_name="code", validators=[RegexValidator(CODE)])

    class Meta:
        model = Indicator
        fields = ["code"]


@extend_schema_field(OpenApiTypes.INT)
class YearFilter(django_filters.Filter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        super().__init__(*args, **kwargs)


class ValueFilter(PartnerFilterSet):
    indicator = django_filters.CharFilter(
        field_name="indicator__code", validators=[RegexValidator(CODE)], help_text="An indicator's code"
    )
    state = django_filters.CharFilter(
        method="filter_state",
        validators=[RegexValidator(STATE)],
        help_text="A member state's code (KZ, KG, TJ, TM, UZ), or `region` for the region as a whole",
    )
    year = YearFilter(method="filter_year", help_text="Values whose period includes this year")
    sex = django_filters.ChoiceFilter(choices=Sex.choices)
    age_band = django_filters.ChoiceFilter(choices=AgeBand.choices)

    class Meta:
        model = Value
        fields = ["indicator", "state", "year", "sex", "age_band"]

    def filter_state(self, queryset, name, value):
        if value == "region":
            return queryset.filter(state__isnull=True)
        return queryset.filter(state__code=value.upper())

    def filter_year(self, queryset, name, value):
        return queryset.filter(year_from__lte=value, year_to__gte=value)


@extend_schema_view(
    list=extend_schema(
        summary="Regional figures: the indicators",
        description="The indicators the caller may see (a partner key: the `public` and `partners` levels).",
        tags=["figures"],
        parameters=[OpenApiParameter("code", str, pattern=CODE.pattern, description="An indicator's code")],
    ),
    retrieve=extend_schema(summary="One indicator", tags=["figures"]),
)
class IndicatorViewSet(PartnerReadOnlyViewSet):
    required_scope = Scope.FIGURES_READ
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    ordering = "id"
    ordering_fields = ["id"]
    modified_field = "updated_at"

    def get_queryset(self):
        return selectors.indicators_visible_to(user=self.request.user)


VALUE_EXAMPLE = {
    "id": 7,
    "indicator": "repatriated",
    "state": "KZ",
    "year_from": 2023,
    "year_to": 2023,
    "sex": "all",
    "age_band": "all",
    "suppressed": True,
    "suppression_reason": "below_threshold",
    "text": "<5",
    "threshold": 5,
    "unit": "persons",
    "source": "Ministry of Justice, annual report",
    "source_date": "2024-03-01",
    "demo": True,
    "approved_at": "2024-11-20T09:00:00Z",
}


@extend_schema_view(
    list=extend_schema(
        summary="Regional figures: the published values",
        description=(
            "Approved values of the indicators the caller may see. A value below its indicator's threshold, or a "
            "total that would let one be worked out, has `suppressed: true`, a `text` such as “<5” and no "
            "`number`. Paged by cursor."
        ),
        tags=["figures"],
        examples=[OpenApiExample("A suppressed value", value=VALUE_EXAMPLE, response_only=True)],
        parameters=[
            OpenApiParameter("indicator", str, pattern=CODE.pattern, description="An indicator's code"),
            OpenApiParameter(
                "year",
                {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
                description="Values whose period includes this year",
            ),
            OpenApiParameter(
                "state",
                str,
                pattern=STATE.pattern,
                description="A member state's code (KZ, KG, TJ, TM, UZ), or `region` for the region as a whole",
            ),
        ],
    ),
    retrieve=extend_schema(summary="One published value", tags=["figures"]),
)
class ValueViewSet(PartnerReadOnlyViewSet):
    required_scope = Scope.FIGURES_READ
    serializer_class = ValueSerializer
    filterset_class = ValueFilter
    ordering = "id"
    ordering_fields = ["id"]
    modified_field = "updated_at"

    def get_queryset(self):
        return selectors.values_published_to(user=self.request.user)


ROUTES = [
    ("figures/indicators", IndicatorViewSet, "figure-indicator"),
    ("figures/values", ValueViewSet, "figure-value"),
]
