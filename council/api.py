"""The council's structure in the partner API: member states, organisations, bodies with mandates and chairs.

Names of people are personal data: a body's chairs are given by role and by whom they represent; a chair's name only
to whom council.permissions.can_see_member_names admits (the body's members, the secretariat), never to a partner key;
contact details never.
"""

import django_filters
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from council import selectors
from council.models import Body, Membership, MemberState, Organisation
from council.partners.api import PartnerReadOnlyViewSet
from council.partners.filters import PartnerFilterSet
from council.partners.scopes import Scope
from council.permissions import can_see_member_names


class MemberStateSerializer(serializers.ModelSerializer):
    class Meta:
        model = MemberState
        fields = ["id", "code", "name"]


class OrganisationSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Organisation
        fields = ["id", "name", "acronym", "kind", "country", "seat", "website"]


class ChairSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=[Membership.Role.CHAIR, Membership.Role.CO_CHAIR])
    state = serializers.CharField(allow_null=True, help_text="ISO code of the member state represented")
    organisation = serializers.CharField(allow_null=True, help_text="Acronym or name of the organisation represented")
    name = serializers.CharField(allow_null=True, help_text="Given only to the body's members and the secretariat")


class BodySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    members = serializers.SerializerMethodField(help_text="Members holding a position in consensus, today")
    observers = serializers.SerializerMethodField()
    states = serializers.SerializerMethodField(help_text="ISO codes of the member states represented today")
    chairs = serializers.SerializerMethodField()

    class Meta:
        model = Body
        fields = [
            "id",
            "code",
            "kind",
            "name",
            "short_name",
            "parent",
            "mandate",
            "founded_on",
            "founded_place",
            "members",
            "observers",
            "states",
            "chairs",
        ]

    def _summary(self, body):
        if not hasattr(body, "_api_summary"):
            body._api_summary = selectors.body_summary(body)
        return body._api_summary

    def get_members(self, body) -> int:
        return self._summary(body)["members"]

    def get_observers(self, body) -> int:
        return self._summary(body)["observers"]

    def get_states(self, body) -> list[str]:
        return [state.code for state in self._summary(body)["states"]]

    @extend_schema_field(ChairSerializer(many=True))
    def get_chairs(self, body) -> list[dict]:
        names = can_see_member_names(self.context["request"].user, body)
        return [
            {
                "role": chair.role,
                "state": chair.represents_state.code if chair.represents_state_id else None,
                "organisation": (
                    (chair.represents_organisation.acronym or chair.represents_organisation.name)
                    if chair.represents_organisation_id
                    else None
                ),
                "name": chair.person.full_name_latin if names else None,
            }
            for chair in self._summary(body)["chairs"]
        ]


class OrganisationFilter(PartnerFilterSet):
    kind = django_filters.ChoiceFilter(choices=Organisation.Kind.choices)
    country = django_filters.CharFilter(
        field_name="country__code", lookup_expr="iexact", help_text="ISO code of the member state, e.g. UZ"
    )

    class Meta:
        model = Organisation
        fields = ["kind", "country"]


class BodyFilter(PartnerFilterSet):
    kind = django_filters.ChoiceFilter(choices=Body.Kind.choices)

    class Meta:
        model = Body
        fields = ["kind"]


@extend_schema_view(
    list=extend_schema(summary="The five member states", tags=["council"]),
    retrieve=extend_schema(summary="One member state", tags=["council"]),
)
class MemberStateViewSet(PartnerReadOnlyViewSet):
    required_scope = Scope.COUNCIL_READ
    serializer_class = MemberStateSerializer
    queryset = MemberState.objects.all()
    ordering = "order"
    ordering_fields = ["order", "code"]
    filterset_fields = []


@extend_schema_view(
    list=extend_schema(summary="Organisations taking part in the council", tags=["council"]),
    retrieve=extend_schema(summary="One organisation", tags=["council"]),
)
class OrganisationViewSet(PartnerReadOnlyViewSet):
    required_scope = Scope.COUNCIL_READ
    serializer_class = OrganisationSerializer
    queryset = Organisation.objects.select_related("country")
    filterset_class = OrganisationFilter
    ordering = "id"
    ordering_fields = ["id", "name"]


@extend_schema_view(
    list=extend_schema(
        summary="The council, its executive committee and working groups",
        tags=["council"],
        examples=[
            OpenApiExample(
                "A working group",
                value={
                    "id": 3,
                    "code": "a",
                    "kind": "working_group",
                    "name": "Working group A: accountability, legal and judicial questions",
                    "short_name": "WG A",
                    "parent": "council",
                    "mandate": "Legal frameworks for the return and prosecution of returnees…",
                    "founded_on": "2024-05-14",
                    "founded_place": "Tashkent",
                    "members": 12,
                    "observers": 3,
                    "states": ["KZ", "KG", "TJ", "TM", "UZ"],
                    "chairs": [{"role": "chair", "state": "UZ", "organisation": None, "name": None}],
                },
                response_only=True,
            )
        ],
    ),
    retrieve=extend_schema(summary="One body", tags=["council"]),
)
class BodyViewSet(PartnerReadOnlyViewSet):
    required_scope = Scope.COUNCIL_READ
    serializer_class = BodySerializer
    filterset_class = BodyFilter
    ordering = "order"
    ordering_fields = ["order", "code"]

    def get_queryset(self):
        return selectors.bodies_with_current_members()


ROUTES = [
    ("states", MemberStateViewSet, "state"),
    ("organisations", OrganisationViewSet, "organisation"),
    ("bodies", BodyViewSet, "body"),
]
