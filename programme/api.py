"""The programme of work in the partner API: roadmaps and their activities (scope programme:read), and the status of
an activity a partner organisation leads (scope roadmap:update).

What a caller sees is programme.permissions': a partner key sees adopted and completed roadmaps at the `public` and
`partners` levels, never a draft; an activity's linked meetings and recommendations are only those the caller may
see (hidden ones are never listed nor counted). A partner changes an activity's status, reason and actual dates only
when its organisation leads the activity, through the same service as the secretariat, audited with the partner.
"""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, serializers
from rest_framework.response import Response

from council.partners.api import PartnerReadOnlyViewSet
from council.partners.fields import StrictCharField
from council.partners.filters import PartnerFilterSet
from council.partners.permissions import is_partner
from council.partners.principal import PartnerPrincipal
from council.partners.scopes import Scope
from programme import selectors, services
from programme.models import Activity, Roadmap
from programme.permissions import partner_may_update

REASON_MAX_LENGTH = 2000
roadmap_id_validator = RegexValidator(r"^[0-9]{1,18}\Z", gettext_lazy("Give the id of a roadmap, e.g. 1."))
state_validator = RegexValidator(r"^[A-Za-z]{2}\Z", gettext_lazy("Give the ISO code of a member state, e.g. UZ."))


# Serializers ------------------------------------------------------------------------------------------------


class OrganisationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    acronym = serializers.CharField(allow_blank=True)
    name = serializers.CharField()


class BudgetSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=False)
    currency = serializers.CharField(help_text="ISO 4217, e.g. USD")


class ActivityRecommendationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()


def _organisation(organisation) -> dict:
    return {"id": organisation.pk, "acronym": organisation.acronym or "", "name": organisation.name}


class ActivitySerializer(serializers.ModelSerializer):
    """An activity as the caller may see it."""

    lead = serializers.SerializerMethodField()
    partners = serializers.SerializerMethodField()
    states = serializers.SerializerMethodField()
    meetings = serializers.SerializerMethodField()
    recommendations = serializers.SerializerMethodField()
    budget = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField(read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "roadmap",
            "title",
            "kind",
            "status",
            "status_reason",
            "lead",
            "partners",
            "states",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "meetings",
            "recommendations",
            "budget",
            "updated_at",
        ]

    @extend_schema_field(OrganisationRefSerializer)
    def get_lead(self, activity) -> dict:
        return _organisation(activity.lead)

    @extend_schema_field(OrganisationRefSerializer(many=True))
    def get_partners(self, activity) -> list[dict]:
        return [_organisation(organisation) for organisation in activity.partners.all()]

    def get_states(self, activity) -> list[str]:
        return [state.code for state in activity.states.all()]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField(), help_text="Ids of meetings you see"))
    def get_meetings(self, activity) -> list[int]:
        return [meeting.pk for meeting in activity.meetings_seen]

    @extend_schema_field(ActivityRecommendationSerializer(many=True))
    def get_recommendations(self, activity) -> list[dict]:
        return [{"id": rec.pk, "code": rec.code} for rec in activity.recommendations_seen]

    @extend_schema_field(BudgetSerializer(allow_null=True))
    def get_budget(self, activity) -> dict | None:
        if activity.budget_amount is None:
            return None
        return {"amount": activity.budget_amount, "currency": activity.budget_currency}


class ProgressSerializer(serializers.Serializer):
    done = serializers.IntegerField()
    counted = serializers.IntegerField(help_text="Activities not cancelled")
    percent = serializers.IntegerField()


class RoadmapSerializer(serializers.ModelSerializer):
    """A roadmap with its parties, progress and activities."""

    states = serializers.SerializerMethodField()
    organisations = serializers.SerializerMethodField()
    adopted_at = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()
    activities = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField(read_only=True)

    class Meta:
        model = Roadmap
        fields = [
            "id",
            "title",
            "description",
            "status",
            "access",
            "starts_on",
            "ends_on",
            "states",
            "organisations",
            "adopted_at",
            "progress",
            "activities",
            "updated_at",
        ]

    def get_states(self, roadmap) -> list[str]:
        return [state.code for state in roadmap.states.all()]

    @extend_schema_field(OrganisationRefSerializer(many=True))
    def get_organisations(self, roadmap) -> list[dict]:
        return [_organisation(organisation) for organisation in roadmap.organisations.all()]

    @extend_schema_field(
        serializers.IntegerField(allow_null=True, help_text="The meeting that adopted it, when you may see it")
    )
    def get_adopted_at(self, roadmap) -> int | None:
        seen = self.context.get("meetings_seen")
        if roadmap.adopted_at_id is None or seen is None:
            return None
        return roadmap.adopted_at_id if roadmap.adopted_at_id in seen else None

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, roadmap) -> dict:
        progress = selectors.progress_of(roadmap.activity_list)
        return {"done": progress.done, "counted": progress.counted, "percent": progress.percent}

    @extend_schema_field(ActivitySerializer(many=True))
    def get_activities(self, roadmap) -> list[dict]:
        return ActivitySerializer(roadmap.activity_list, many=True, context=self.context).data


class ActivityStatusRequestSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Activity.Status.choices)
    reason = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=REASON_MAX_LENGTH,
        help_text="Required when the status is cancelled or postponed",
    )
    actual_start = serializers.DateField(required=False, help_text="The day it actually started, e.g. 2025-03-01")
    actual_end = serializers.DateField(required=False, help_text="The day it actually ended (done or cancelled)")


# Filters ----------------------------------------------------------------------------------------------------


@extend_schema_field({"type": "string", "pattern": "^[A-Za-z]{2}$", "description": "ISO code of a state, e.g. UZ"})
class StateCodeFilter(django_filters.CharFilter):
    def __init__(self, **kwargs):
        super().__init__(lookup_expr="iexact", validators=[state_validator], distinct=True, **kwargs)


class RoadmapFilter(PartnerFilterSet):
    status = django_filters.ChoiceFilter(choices=Roadmap.Status.choices)
    state = StateCodeFilter(field_name="states__code")
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text="Changed at or after this time (ISO 8601)"
    )

    class Meta:
        model = Roadmap
        fields = ["status", "state", "updated_since"]


@extend_schema_field({"type": "string", "pattern": "^[0-9]{1,18}$", "description": "Id of a roadmap"})
class RoadmapIdFilter(django_filters.CharFilter):
    """A roadmap's id: digits only (anything else is a 400, as the schema says); an id of none finds nothing."""

    def __init__(self, **kwargs):
        super().__init__(field_name="roadmap_id", validators=[roadmap_id_validator], **kwargs)


class ActivityFilter(PartnerFilterSet):
    roadmap = RoadmapIdFilter()
    status = django_filters.ChoiceFilter(choices=Activity.Status.choices)
    kind = django_filters.ChoiceFilter(choices=Activity.Kind.choices)
    state = StateCodeFilter(field_name="states__code")
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text="Changed at or after this time (ISO 8601)"
    )

    class Meta:
        model = Activity
        fields = ["roadmap", "status", "kind", "state", "updated_since"]


# Views ------------------------------------------------------------------------------------------------------

ACTIVITY_EXAMPLE = {
    "id": 7,
    "roadmap": 1,
    "title": "Joint training for probation officers",
    "kind": "training",
    "status": "done",
    "status_reason": "",
    "lead": {"id": 3, "acronym": "UNOCT", "name": "United Nations Office of Counter-Terrorism"},
    "partners": [{"id": 1, "acronym": "ISRS", "name": "Institute for Strategic and Regional Studies"}],
    "states": ["UZ"],
    "planned_start": "2024-09-01",
    "planned_end": "2024-09-30",
    "actual_start": "2024-09-10",
    "actual_end": "2024-09-12",
    "meetings": [4],
    "recommendations": [{"id": 2, "code": "REC-A-2024-01"}],
    "budget": {"amount": 25000.0, "currency": "USD"},
    "updated_at": "2024-09-13T08:00:00Z",
}


@extend_schema_view(
    list=extend_schema(
        summary="Roadmaps of cooperation, with their activities and progress",
        description="Adopted and completed roadmaps the caller may see (a partner key: `public` and `partners` "
        "levels), each with its parties, progress (done out of the activities not cancelled) and activities.",
        tags=["programme"],
    ),
    retrieve=extend_schema(summary="One roadmap", tags=["programme"]),
)
class RoadmapViewSet(PartnerReadOnlyViewSet):
    required_scope = Scope.PROGRAMME_READ
    serializer_class = RoadmapSerializer
    filterset_class = RoadmapFilter
    ordering = "-starts_on"
    ordering_fields = ["starts_on", "updated_at", "id"]
    modified_field = "updated_at"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Roadmap.objects.none()
        return selectors.roadmaps_described_for(user=self.request.user)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            # The meetings the caller may see, once per request (a roadmap names the meeting that adopted it).
            context["meetings_seen"] = set(
                selectors.linked_meetings(user=self.request.user).values_list("pk", flat=True)
            )
        return context


@extend_schema_view(
    list=extend_schema(
        summary="Activities of the roadmaps you may see",
        tags=["programme"],
        examples=[OpenApiExample("An activity", value=ACTIVITY_EXAMPLE, response_only=True)],
    ),
    retrieve=extend_schema(
        summary="One activity",
        tags=["programme"],
        examples=[OpenApiExample("An activity", value=ACTIVITY_EXAMPLE, response_only=True)],
    ),
    partial_update=extend_schema(
        summary="Update the status of an activity your organisation leads",
        description="Needs the scope roadmap:update, and your organisation must lead the activity (otherwise 403, "
        "code not_lead). Give the new `status`, with a `reason` when cancelled or postponed, and the actual dates; "
        "the allowed changes: planned → in progress, done, cancelled, postponed; in progress → done, cancelled, "
        "postponed; postponed → planned, in progress, done, cancelled; done and cancelled are final. A change the "
        "rules refuse answers 400 with the errors per field, and changes nothing.",
        tags=["programme"],
        request=ActivityStatusRequestSerializer,
        responses={200: ActivitySerializer},
        examples=[
            OpenApiExample(
                "Postponed",
                value={"status": "postponed", "reason": "The venue is not available before spring."},
                request_only=True,
            ),
            OpenApiExample("Done", value={"status": "done", "actual_start": "2025-03-03", "actual_end": "2025-03-05"}),
        ],
    ),
)
class ActivityViewSet(PartnerReadOnlyViewSet):
    required_scope = Scope.PROGRAMME_READ
    required_scopes = {"partial_update": Scope.ROADMAP_UPDATE}
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilter
    ordering = "planned_start"
    ordering_fields = ["planned_start", "updated_at", "id"]
    modified_field = "updated_at"
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Activity.objects.none()
        return selectors.activities_described_for(user=self.request.user)

    def partial_update(self, request, *args, **kwargs):
        if not is_partner(request):  # pragma: no cover - HasScope refuses sessions first (no session has the scope)
            raise exceptions.PermissionDenied(_("Only a partner organisation's key may update an activity."))
        activity = self.get_object()  # 404 when hidden or missing
        if not partner_may_update(request.auth.organisation, activity):
            raise exceptions.PermissionDenied(
                _("Only the lead organisation of this activity may update it."), code="not_lead"
            )
        body = ActivityStatusRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            services.activity_status_change(
                activity=activity,
                status=data["status"],
                reason=data.get("reason"),
                actual_start=data.get("actual_start"),
                actual_end=data.get("actual_end"),
                by=None,
                partner=PartnerPrincipal(request.auth),
            )
        except DjangoValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
            raise exceptions.ValidationError(errors) from None
        fresh = self.get_queryset().get(pk=activity.pk)
        self.note_modified([fresh])
        return Response(self.get_serializer(fresh).data)


ROUTES = [("roadmaps", RoadmapViewSet, "roadmap"), ("activities", ActivityViewSet, "activity")]
