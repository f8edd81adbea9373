"""Recommendations in the partner API: published texts, the implementation figures, and the one write, partners'
comments on texts in consultation that the secretariat opened to them.

What each caller sees is recommendations.permissions' (through recommendations.selectors): a partner key reads the
published texts at the `public` and `partners` levels; a person's session what the portal shows them of published
texts. Nothing here names a person: no author of a version, no one who moved a text along, no one who reported.

**Which versions are published.** A recommendation's text is published once, when the secretariat publishes it:
the version current then, frozen with its SHA-256 (services.recommendation_transition). Its text never changes after
(services.version_create refuses any status but draft and consultation), and a version adopted by the working group
but then returned to draft never reached publication. So each published recommendation has exactly one published
version, its `current_version`; a corrected text is a new recommendation that `replaces` it. `versions` lists the
published versions (one), for every caller: earlier drafts and their notes stay on the portal, read by those
recommendations.permissions.can_see_drafts admits.

**Adoption history.** The milestones of a published text (Recommendation.ADOPTION_MILESTONES: adopted by the working
group, endorsed by the executive committee, published, superseded), with their date, as the compendium prints them;
never who, and not the free-text reason (the portal shows reasons only to the drafts' readers).
"""

import django_filters
from django.core.validators import RegexValidator
from django.urls import re_path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response

from council.partners.api import PartnerGenericView, PartnerReadOnlyViewSet
from council.partners.fields import StrictCharField
from council.partners.filters import PartnerFilterSet
from council.partners.permissions import is_partner
from council.partners.scopes import Scope
from recommendations import selectors, services
from recommendations.models import ImplementationReport, PartnerComment, Recommendation, RecommendationVersion
from recommendations.permissions import can_read_published

# The languages a version holds a text in (RecommendationVersion's fields title_<language>, text_<language>).
TEXT_LANGUAGES = ("ru", "en", "uz")
Status = Recommendation.Status
PUBLISHED_CHOICES = [(value, Status(value).label) for value in Recommendation.PUBLISHED_STATUSES]
MILESTONE_CHOICES = [(value, Status(value).label) for value in Recommendation.ADOPTION_MILESTONES]
ID_PATTERN = "[0-9]{1,18}"

code_validator = RegexValidator(r"^[A-Za-z0-9_-]{1,20}\Z", gettext_lazy("Give the code of a working group, e.g. a."))
state_validator = RegexValidator(r"^[A-Za-z]{2}\Z", gettext_lazy("Give the ISO code of a member state, e.g. UZ."))
slug_validator = RegexValidator(r"^[-a-zA-Z0-9_]{1,50}\Z", gettext_lazy("Give the code of a theme, e.g. education."))
period_validator = RegexValidator(
    r"^20[0-9]{2}-H[12]\Z", gettext_lazy("Write the period as a year and half, e.g. 2025-H1.")
)


def _ecma(validator: RegexValidator) -> str:
    """A validator's pattern as the schema states it (JSON Schema's regular expressions have no \\Z)."""
    return validator.regex.pattern.replace("\\Z", "$")


# Filters whose values have a form (the schema states it, so a client knows a value of another form is a 400); a
# well-formed code that names nothing matches nothing, as an empty list.


@extend_schema_field(
    {"type": "string", "pattern": _ecma(code_validator), "description": "Code of a working group, e.g. a"}
)
class GroupCodeFilter(django_filters.CharFilter):
    def __init__(self, **kwargs):
        super().__init__(field_name="working_group__code", lookup_expr="iexact", validators=[code_validator], **kwargs)


@extend_schema_field(
    {
        "type": "string",
        "pattern": _ecma(state_validator),
        "description": "ISO code of a member state addressed, e.g. UZ",
    }
)
class StateCodeFilter(django_filters.CharFilter):
    def __init__(self, **kwargs):
        super().__init__(
            field_name="addressee_states__code", lookup_expr="iexact", validators=[state_validator], **kwargs
        )


@extend_schema_field({"type": "string", "pattern": _ecma(slug_validator), "description": "Code of a theme"})
class TagFilter(django_filters.CharFilter):
    def __init__(self, **kwargs):
        super().__init__(field_name="tags__slug", validators=[slug_validator], **kwargs)


# Texts -------------------------------------------------------------------------------------------------------


class LanguageTextSerializer(serializers.Serializer):
    title = serializers.CharField()
    text = serializers.CharField(help_text="Markdown")
    authoritative = serializers.BooleanField(help_text="True for the text in the authoritative language")


class TextsSerializer(serializers.Serializer):
    """The text in each language; null where the version has no text in that language (no translation is made up)."""

    ru = LanguageTextSerializer(allow_null=True)
    en = LanguageTextSerializer(allow_null=True)
    uz = LanguageTextSerializer(allow_null=True)


def version_texts(version: RecommendationVersion, authoritative_language: str) -> dict:
    """Each language's title and text, marked authoritative or not; None where the version has no text in it."""
    texts = {}
    for language in TEXT_LANGUAGES:
        text = getattr(version, f"text_{language}", "")
        texts[language] = (
            {
                "title": getattr(version, f"title_{language}", ""),
                "text": text,
                "authoritative": language == authoritative_language,
            }
            if text.strip()
            else None
        )
    return texts


class VersionSerializer(serializers.Serializer):
    """A version of the text: its number, dates, SHA-256 once frozen, and its text in each language."""

    number = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    frozen_at = serializers.DateTimeField(allow_null=True, help_text="When the text was frozen for a decision")
    digest = serializers.CharField(allow_null=True, help_text="SHA-256 of the frozen text (null while not frozen)")
    texts = TextsSerializer()


# Dates as every field of the API gives them (DRF's format: ISO 8601, UTC as Z).
_DATETIME = serializers.DateTimeField()


def _datetime(value) -> str | None:
    return _DATETIME.to_representation(value) if value else None


def version_data(version: RecommendationVersion | None, authoritative_language: str) -> dict | None:
    """A version with its texts, as plain data: built once per row, not by a nested serializer (the list's cost)."""
    if version is None:
        return None
    return {
        "number": version.number,
        "created_at": _datetime(version.created_at),
        "frozen_at": _datetime(version.frozen_at),
        "digest": version.digest or None,
        "texts": version_texts(version, authoritative_language),
    }


# Published recommendations -----------------------------------------------------------------------------------


class MilestoneSerializer(serializers.Serializer):
    """A milestone of the adoption: from which status to which, and when."""

    to = serializers.ChoiceField(choices=MILESTONE_CHOICES)
    at = serializers.DateTimeField()

    def get_fields(self):
        fields = super().get_fields()
        # `from` is a Python keyword: the field is added here, first.
        return {"from": serializers.ChoiceField(choices=Status.choices), **fields}


class LinkedRecommendationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()


class RecommendationSerializer(serializers.ModelSerializer):
    working_group = serializers.SlugRelatedField(slug_field="code", read_only=True)
    status = serializers.ChoiceField(choices=PUBLISHED_CHOICES)
    addressee_states = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="ISO codes of the member states addressed"
    )
    tags = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True, help_text="Codes of themes")
    updated_at = serializers.DateTimeField(help_text="Its publication or its last change of status, the later")
    superseded_by = serializers.SerializerMethodField(help_text="The text replacing this one, if you may read it")
    replaces = serializers.SerializerMethodField(help_text="The text this one replaced, if you may read it")
    versions = serializers.SerializerMethodField(
        help_text="The published versions: the one current at publication (a published text never changes)"
    )
    history = serializers.SerializerMethodField(help_text="The milestones of its adoption, oldest first")
    meetings = serializers.SerializerMethodField(help_text="Ids of meetings it was discussed at that you may see")

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "code",
            "working_group",
            "status",
            "access",
            "authoritative_language",
            "addressee_states",
            "addresses_civil_society",
            "addresses_international",
            "addresses_council",
            "tags",
            "published_at",
            "updated_at",
            "superseded_by",
            "replaces",
            "versions",
            "history",
            "meetings",
        ]

    def _linked(self, other) -> dict | None:
        if other is None or not can_read_published(self.context["request"].user, other):
            return None
        return {"id": other.pk, "code": other.code}

    @extend_schema_field(LinkedRecommendationSerializer(allow_null=True))
    def get_superseded_by(self, recommendation) -> dict | None:
        return self._linked(recommendation.superseded_by)

    @extend_schema_field(LinkedRecommendationSerializer(allow_null=True))
    def get_replaces(self, recommendation) -> dict | None:
        return self._linked(recommendation.replaces)

    @extend_schema_field(VersionSerializer(many=True))
    def get_versions(self, recommendation) -> list[dict]:
        published = version_data(recommendation.current_version, recommendation.authoritative_language)
        return [published] if published else []

    @extend_schema_field(MilestoneSerializer(many=True))
    def get_history(self, recommendation) -> list[dict]:
        return [
            {"from": step.from_status, "to": step.to_status, "at": _datetime(step.changed_at)}
            for step in recommendation.status_changes.all()
        ]

    def get_meetings(self, recommendation) -> list[int]:
        return [meeting.pk for meeting in recommendation.meetings.all()]


class RecommendationFilter(PartnerFilterSet):
    working_group = GroupCodeFilter()
    status = django_filters.ChoiceFilter(choices=PUBLISHED_CHOICES)
    state = StateCodeFilter()
    tag = TagFilter()
    published_since = django_filters.IsoDateTimeFilter(
        field_name="published_at", lookup_expr="gte", help_text="Published at or after this time (ISO 8601)"
    )
    published_before = django_filters.IsoDateTimeFilter(
        field_name="published_at", lookup_expr="lt", help_text="Published before this time (ISO 8601)"
    )
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text="Published or changed status at or after this time"
    )

    class Meta:
        model = Recommendation
        fields = []


RECOMMENDATION_EXAMPLE = {
    "id": 12,
    "code": "WG-B/2025/03",
    "working_group": "b",
    "status": "published",
    "access": "public",
    "authoritative_language": "ru",
    "addressee_states": ["KZ", "UZ"],
    "addresses_civil_society": True,
    "addresses_international": False,
    "addresses_council": False,
    "tags": ["education"],
    "published_at": "2025-06-02T09:30:00Z",
    "updated_at": "2025-06-02T09:30:00Z",
    "superseded_by": None,
    "replaces": {"id": 4, "code": "WG-B/2024/01"},
    "versions": [
        {
            "number": 3,
            "created_at": "2025-04-11T08:00:00Z",
            "frozen_at": "2025-05-20T10:00:00Z",
            "digest": "9f2c4b1e0d7a35c8e6f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70",
            "texts": {
                "ru": {
                    "title": "Доступ к образованию для вернувшихся детей",
                    "text": "Государствам следует обеспечить доступ к школе…",
                    "authoritative": True,
                },
                "en": {
                    "title": "Access to education for returning children",
                    "text": "States should ensure access to school…",
                    "authoritative": False,
                },
                "uz": None,
            },
        }
    ],
    "history": [
        {"from": "consultation", "to": "adopted", "at": "2025-05-20T10:00:00Z"},
        {"from": "adopted", "to": "endorsed", "at": "2025-05-28T12:00:00Z"},
        {"from": "endorsed", "to": "published", "at": "2025-06-02T09:30:00Z"},
    ],
    "meetings": [7],
}


@extend_schema_view(
    list=extend_schema(
        summary="Published recommendations",
        description="The published recommendations you may read, each with its published version and the texts "
        "in every language (the authoritative one marked; a language without a text is null), its adoption history "
        "and the meetings it was discussed at. 50 per page by default.",
        tags=["recommendations"],
        examples=[OpenApiExample("A published recommendation", value=RECOMMENDATION_EXAMPLE, response_only=True)],
    ),
    retrieve=extend_schema(
        summary="One published recommendation",
        tags=["recommendations"],
        examples=[OpenApiExample("A published recommendation", value=RECOMMENDATION_EXAMPLE, response_only=True)],
    ),
)
class RecommendationViewSet(PartnerReadOnlyViewSet):
    required_scope = Scope.RECOMMENDATIONS_READ
    serializer_class = RecommendationSerializer
    filterset_class = RecommendationFilter
    ordering = ("-published_at", "-id")
    ordering_fields = ["published_at", "code", "id"]
    modified_field = "updated_at"

    def get_queryset(self):
        return selectors.published_recommendations_for_api(user=self.request.user)


# Implementation figures --------------------------------------------------------------------------------------


class ImplementationQuerySerializer(serializers.Serializer):
    """The implementation figures' parameters: each given must hold a value of its form; a well-formed code that
    names nothing counts nothing."""

    working_group = serializers.CharField(
        required=False, validators=[code_validator], help_text="Code of a working group, e.g. a"
    )
    state = serializers.CharField(
        required=False, validators=[state_validator], help_text="ISO code of a member state, e.g. UZ"
    )
    period = serializers.CharField(
        required=False,
        validators=[period_validator],
        help_text="A half-year, e.g. 2025-H1: each state's latest report of a period up to and including it "
        "(without: the latest report)",
    )

    def validate(self, attrs):
        # A parameter given with no value is an error, not "no filter" (as council.partners.filters says of lists);
        # DRF's fields take an empty optional value from a query string as left out.
        empty = [name for name in self.fields if name in self.initial_data and not any(self.initial_data.getlist(name))]
        if empty:
            raise serializers.ValidationError(
                {name: [_("Give a value, or leave the parameter out.")] for name in empty}
            )
        if "working_group" in attrs:
            attrs["working_group"] = attrs["working_group"].lower()
        if "state" in attrs:
            attrs["state"] = attrs["state"].upper()
        return attrs


class StatusCountsSerializer(serializers.Serializer):
    """How many cells have their latest report in each status."""

    not_started = serializers.IntegerField()
    planned = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    implemented = serializers.IntegerField()
    not_applicable = serializers.IntegerField()


class FiguresSerializer(serializers.Serializer):
    addressed = serializers.IntegerField(help_text="(recommendation, state) pairs addressed")
    reported = serializers.IntegerField(help_text="Pairs with at least one report")
    not_reported = serializers.IntegerField()
    implemented = serializers.IntegerField(help_text="Pairs whose latest report says implemented")
    average_progress = serializers.IntegerField(
        allow_null=True,
        help_text="Average progress (%) over the pairs reported on; a pair without a report, or whose latest "
        "report says not applicable (no progress), is not counted",
    )
    statuses = StatusCountsSerializer()


class StateFiguresSerializer(FiguresSerializer):
    state = serializers.CharField(help_text="ISO code")
    name = serializers.CharField()


class GroupFiguresSerializer(FiguresSerializer):
    working_group = serializers.CharField(help_text="Code of the working group")
    name = serializers.CharField()
    recommendations = serializers.IntegerField(help_text="Published recommendations of the group counted")


class TotalFiguresSerializer(FiguresSerializer):
    recommendations = serializers.IntegerField(help_text="Published recommendations counted")


class ImplementationSerializer(serializers.Serializer):
    working_group = serializers.CharField(allow_null=True, help_text="The working group asked for, if any")
    state = serializers.CharField(allow_null=True, help_text="The member state asked for, if any")
    period = serializers.CharField(allow_null=True, help_text="The period asked for, if any")
    total = TotalFiguresSerializer()
    per_state = StateFiguresSerializer(many=True)
    per_working_group = GroupFiguresSerializer(many=True)


def _figures(bucket: dict) -> dict:
    return {
        "addressed": bucket["addressed"],
        "reported": bucket["reported"],
        "not_reported": bucket["addressed"] - bucket["reported"],
        "implemented": bucket["implemented"],
        "average_progress": bucket["average"],
        "statuses": {value: bucket["statuses"][value] for value in ImplementationReport.Status.values},
    }


IMPLEMENTATION_FIGURES_EXAMPLE = {
    "addressed": 8,
    "reported": 6,
    "not_reported": 2,
    "implemented": 2,
    "average_progress": 41,
    "statuses": {"not_started": 1, "planned": 1, "in_progress": 2, "implemented": 2, "not_applicable": 0},
}


@extend_schema(
    summary="Implementation figures",
    description="The implementation matrix of the published recommendations you may read, aggregated per member "
    "state, per working group and in all: counts of (recommendation, state) pairs by the status of their latest "
    "report, and the average progress. Figures only: no narrative, no person. These count governments' reports on "
    "public decisions, not people, so no figure is suppressed.",
    tags=["implementation"],
    parameters=[ImplementationQuerySerializer],
    examples=[
        OpenApiExample(
            "Figures for one period",
            value={
                "working_group": None,
                "state": None,
                "period": "2025-H1",
                "total": {"recommendations": 4, **IMPLEMENTATION_FIGURES_EXAMPLE},
                "per_state": [{"state": "UZ", "name": "Uzbekistan", **IMPLEMENTATION_FIGURES_EXAMPLE}],
                "per_working_group": [
                    {
                        "working_group": "b",
                        "name": "Psychosocial support, health care and education",
                        "recommendations": 4,
                        **IMPLEMENTATION_FIGURES_EXAMPLE,
                    }
                ],
            },
            response_only=True,
        )
    ],
)
class ImplementationView(PartnerGenericView):
    """The implementation figures (DESIGN.md "Implementation", "Figures").

    Suppression: DESIGN.md shows a figure under the threshold (5) as "<5" to protect people; as
    recommendations.implementation_report reasons, these figures count recommendations and governments' reports on
    them (how many published texts address a state, how many it reported on, their statuses, the average progress),
    never persons, and hiding them would hide what the council publishes. So they leave as they are. What could point
    at a person (who reported, narratives, evidence) is never here. Only `published` texts count (as the portal's
    matrix and the implementation report): a superseded text gives way to the one replacing it.
    """

    required_scope = Scope.IMPLEMENTATION_READ
    serializer_class = ImplementationSerializer
    pagination_class = None
    filter_backends = []

    def get(self, request):
        query = ImplementationQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        asked = query.validated_data
        figures = selectors.implementation_figures(
            user=request.user,
            working_group_code=asked.get("working_group"),
            state_code=asked.get("state"),
            period=asked.get("period"),
        )
        per_group = {}
        for recommendation in figures["recommendations"]:
            per_group[recommendation.working_group_id] = per_group.get(recommendation.working_group_id, 0) + 1
        data = {
            "working_group": asked.get("working_group"),
            "state": asked.get("state"),
            "period": asked.get("period"),
            "total": {"recommendations": len(figures["recommendations"]), **_figures(figures["total"])},
            "per_state": [
                {"state": bucket["state"].code, "name": bucket["state"].name, **_figures(bucket)}
                for bucket in figures["per_state"]
            ],
            "per_working_group": [
                {
                    "working_group": bucket["group"].code,
                    "name": bucket["group"].name,
                    "recommendations": per_group[bucket["group"].pk],
                    **_figures(bucket),
                }
                for bucket in figures["per_group"]
            ],
        }
        self._last_modified = figures["last_modified"]
        return Response(ImplementationSerializer(data).data)


# Consultations open to partners, and their comments ---------------------------------------------------------


class ConsultationSerializer(serializers.ModelSerializer):
    working_group = serializers.SlugRelatedField(slug_field="code", read_only=True)
    addressee_states = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    version = serializers.SerializerMethodField(help_text="The version in consultation, which comments are about")
    deadline = serializers.SerializerMethodField(help_text="When the working group's written procedure ends, if any")
    updated_at = serializers.DateTimeField(help_text="Its current version or last change of status, the later")

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "code",
            "working_group",
            "authoritative_language",
            "addressee_states",
            "version",
            "deadline",
            "updated_at",
        ]

    @extend_schema_field(VersionSerializer)
    def get_version(self, recommendation) -> dict | None:
        return version_data(recommendation.current_version, recommendation.authoritative_language)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_deadline(self, recommendation):
        deadlines = [round_.deadline for round_ in recommendation.open_rounds if round_.deadline]
        return _datetime(min(deadlines)) if deadlines else None


class ConsultationFilter(PartnerFilterSet):
    working_group = GroupCodeFilter()

    class Meta:
        model = Recommendation
        fields = []


CONSULTATION_EXAMPLE = {
    "id": 15,
    "code": "WG-A/2025/04",
    "working_group": "a",
    "authoritative_language": "ru",
    "addressee_states": ["KZ", "KG", "TJ", "TM", "UZ"],
    "version": {
        "number": 2,
        "created_at": "2025-09-01T07:00:00Z",
        "frozen_at": "2025-09-02T07:00:00Z",
        "digest": "3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081920",
        "texts": {
            "ru": {"title": "Правовая помощь", "text": "Государствам следует…", "authoritative": True},
            "en": {"title": "Legal aid", "text": "States should…", "authoritative": False},
            "uz": None,
        },
    },
    "deadline": "2025-09-16T18:00:00Z",
    "updated_at": "2025-09-02T07:00:00Z",
}


@extend_schema_view(
    list=extend_schema(
        summary="Recommendations in consultation open to your comments",
        description="Drafts in consultation in their working group that the secretariat opened to partner "
        "organisations' comments, each with the version in consultation. Needs the scope consultation:comment.",
        tags=["consultations"],
        examples=[OpenApiExample("A text in consultation", value=CONSULTATION_EXAMPLE, response_only=True)],
    ),
    retrieve=extend_schema(
        summary="One recommendation in consultation open to your comments",
        tags=["consultations"],
        examples=[OpenApiExample("A text in consultation", value=CONSULTATION_EXAMPLE, response_only=True)],
    ),
)
class ConsultationViewSet(PartnerReadOnlyViewSet):
    required_scope = Scope.CONSULTATION_COMMENT
    serializer_class = ConsultationSerializer
    filterset_class = ConsultationFilter
    ordering = "-id"
    ordering_fields = ["id", "code"]
    modified_field = "updated_at"

    def get_queryset(self):
        return selectors.consultations_for_partners(user=self.request.user)


class PartnerCommentSerializer(serializers.ModelSerializer):
    recommendation = serializers.IntegerField(source="recommendation_id")
    version = serializers.IntegerField(source="version.number", help_text="The version commented on")
    language = serializers.CharField(allow_null=True, help_text="The language of the comment, if given")

    class Meta:
        model = PartnerComment
        fields = ["id", "recommendation", "version", "text", "language", "created_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["language"] = data["language"] or None
        return data


class PartnerCommentRequestSerializer(serializers.Serializer):
    text = StrictCharField(
        max_length=services.PARTNER_COMMENT_MAX_LENGTH, trim_whitespace=False, help_text="Plain text"
    )
    language = serializers.ChoiceField(
        choices=TEXT_LANGUAGES, required=False, help_text="The language it is written in"
    )

    def validate_text(self, value):
        if not value.strip():
            raise serializers.ValidationError(_("Write a comment."))
        return value


class ConsultationClosed(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "not_in_consultation"
    default_detail = gettext_lazy("This recommendation is no longer in consultation open to partners' comments.")


class IdempotencyKeyReused(exceptions.APIException):
    """The key is bound to another request: 422, as the IETF draft on the Idempotency-Key header says."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"
    default_detail = gettext_lazy("This Idempotency-Key was used before with a different request.")


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=True,
    pattern=f"^{services.IDEMPOTENCY_KEY_RE.pattern}$",  # a schema's pattern may match anywhere: anchored
    description="1 to 100 printable ASCII characters, new for each new comment (e.g. a UUID). The same key with the "
    "same body gives the same answer again, never a second comment; with another body, 422 (code "
    "idempotency_key_reused).",
)
REPLAYED = OpenApiParameter(
    "Idempotent-Replayed",
    str,
    OpenApiParameter.HEADER,
    enum=["true"],
    response=[201],
    description="Present when the answer is the one given before to the same key and body",
)
COMMENT_EXAMPLE = {
    "id": 31,
    "recommendation": 15,
    "version": 2,
    "text": "We suggest naming the national referral mechanism.",
    "language": "en",
    "created_at": "2025-09-05T11:20:00Z",
}


@extend_schema_view(
    get=extend_schema(
        summary="Your organisation's comments on a recommendation in consultation",
        description="Only your own organisation's comments; other partners' are not shown.",
        tags=["consultations"],
        examples=[OpenApiExample("A comment", value=COMMENT_EXAMPLE, response_only=True)],
    ),
    post=extend_schema(
        summary="Comment on a recommendation in consultation",
        description="Adds your organisation's comment on the version in consultation; the working group and the "
        "secretariat read it with your organisation's name. Idempotent with the Idempotency-Key header. A "
        "recommendation no longer in consultation answers 409 (code not_in_consultation); a key sent before with "
        "another body, 422 (code idempotency_key_reused).",
        tags=["consultations"],
        parameters=[IDEMPOTENCY_KEY, REPLAYED],
        request=PartnerCommentRequestSerializer,
        responses={201: OpenApiResponse(PartnerCommentSerializer, description="The comment (made now, or before)")},
        examples=[
            OpenApiExample("A comment", value={"text": COMMENT_EXAMPLE["text"], "language": "en"}, request_only=True),
            OpenApiExample("The comment made", value=COMMENT_EXAMPLE, response_only=True, status_codes=["201"]),
        ],
    ),
)
class ConsultationCommentsView(mixins.ListModelMixin, PartnerGenericView):
    """A partner's comments on one recommendation in consultation: its own organisation's (GET), a new one (POST).

    Partner keys only: a person's session holds no `consultation:comment` scope (403)."""

    required_scope = Scope.CONSULTATION_COMMENT
    serializer_class = PartnerCommentSerializer
    filter_backends = [OrderingFilter]
    ordering = ("-created_at", "-id")
    ordering_fields = ["created_at", "id"]
    modified_field = "created_at"

    def _target(self, pk) -> Recommendation:
        try:
            return selectors.partner_comment_target(user=self.request.user, pk=pk)
        except Recommendation.DoesNotExist:
            raise exceptions.NotFound() from None

    def _organisation(self):
        if not is_partner(self.request):  # pragma: no cover - HasScope refuses sessions first
            raise exceptions.PermissionDenied(_("Only a partner organisation's key may comment."))
        return self.request.auth.organisation

    def get_queryset(self):
        return PartnerComment.objects.none()  # the schema's model; requests read through `get`

    def get(self, request, pk):
        recommendation = self._target(pk)
        comments = selectors.partner_comments_of(organisation=self._organisation(), recommendation=recommendation)
        page = self.paginate_queryset(self.filter_queryset(comments))
        self.note_modified(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def post(self, request, pk):
        recommendation = self._target(pk)
        organisation = self._organisation()
        try:
            key = services.idempotency_key_clean(request.headers.get("Idempotency-Key"))
        except services.RecommendationError as exc:
            raise exceptions.ValidationError({"Idempotency-Key": exc.messages}) from None
        body = PartnerCommentRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            comment, replayed = services.partner_comment_add(
                recommendation=recommendation,
                organisation=organisation,
                key_prefix=request.auth.prefix,
                text=body.validated_data["text"],
                language=body.validated_data.get("language", ""),
                idempotency_key=key,
            )
        except services.NotInConsultation as exc:
            raise ConsultationClosed(" ".join(exc.messages)) from None
        except services.IdempotencyKeyReused as exc:
            raise IdempotencyKeyReused(" ".join(exc.messages)) from None
        except services.RecommendationError as exc:
            raise exceptions.ValidationError({"non_field_errors": exc.messages}) from None
        headers = {"Idempotent-Replayed": "true"} if replayed else {}
        return Response(PartnerCommentSerializer(comment).data, status=status.HTTP_201_CREATED, headers=headers)


ROUTES = [
    ("recommendations", RecommendationViewSet, "recommendation"),
    ("consultations", ConsultationViewSet, "consultation"),
]
# Views that are not a list and detail of one resource (config/api.py adds them before its catch-all).
URLS = [
    re_path(r"^implementation/$", ImplementationView.as_view(), name="implementation"),
    re_path(
        rf"^consultations/(?P<pk>{ID_PATTERN})/comments/$",
        ConsultationCommentsView.as_view(),
        name="consultation-comments",
    ),
]
