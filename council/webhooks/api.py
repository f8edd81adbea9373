"""Webhooks in the partner API (scope `webhooks:manage`): a partner registers, changes and removes its own
endpoints, rotates their secrets, sends itself a test event, and reads every delivery with its attempts.

Only partner keys hold the scope (a person's session never does); an organisation sees its own endpoints and
deliveries only, another's answer 404. Changes go through council.webhooks.services, audited like the admin's.
"""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from council.outbox.models import SendState
from council.partners.api import ConditionalMixin, PartnerReadOnlyViewSet
from council.partners.fields import IdFilterMixin, StrictCharField
from council.partners.filters import PartnerFilterSet
from council.partners.scopes import Scope
from council.webhooks import selectors, services
from council.webhooks.addresses import url_validate
from council.webhooks.models import SUBSCRIBABLE, EventType, WebhookAttempt, WebhookDelivery, WebhookEndpoint

TAGS = ["webhooks"]


def _problem_from(exc: DjangoValidationError) -> ValidationError:
    if hasattr(exc, "error_dict"):
        return ValidationError(
            {field: [str(m) for m in errors[0].messages] for field, errors in exc.error_dict.items()}
        )
    return ValidationError({"non_field_errors": exc.messages})


class EndpointSerializer(serializers.ModelSerializer):
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=SUBSCRIBABLE), min_length=1, max_length=len(SUBSCRIBABLE)
    )
    url = StrictCharField(max_length=2000, help_text="https://… on a public address (no private networks)")
    description = StrictCharField(max_length=200, required=False, allow_blank=True)

    class Meta:
        model = WebhookEndpoint
        fields = [
            "id",
            "url",
            "description",
            "events",
            "is_active",
            "disabled_at",
            "disabled_reason",
            "secret_created_at",
            "previous_secret_expires_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "is_active",
            "disabled_at",
            "disabled_reason",
            "secret_created_at",
            "previous_secret_expires_at",
            "created_at",
            "updated_at",
        ]

    def validate_events(self, value):
        return list(dict.fromkeys(value))  # each event once, in the order given

    def validate_url(self, value):
        """The address rule (council.webhooks.addresses), told against the field; the service checks it again."""
        try:
            url_validate(value)
        except DjangoValidationError as exc:
            raise ValidationError(exc.messages) from exc
        return value


class EndpointWithSecretSerializer(EndpointSerializer):
    secret = serializers.CharField(
        read_only=True, help_text="The signing secret (whsec_…): given only in this answer, keep it safe"
    )

    class Meta(EndpointSerializer.Meta):
        fields = [*EndpointSerializer.Meta.fields, "secret"]


class AttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookAttempt
        fields = ["started_at", "finished_at", "outcome", "status_code", "error", "duration_ms"]


class DeliverySerializer(serializers.ModelSerializer):
    webhook_id = serializers.CharField(source="event.webhook_id", help_text="The `webhook-id` header sent")
    type = serializers.CharField(source="event.type")
    endpoint = serializers.IntegerField(source="endpoint_id")
    state = serializers.ChoiceField(source="send_state", choices=SendState.choices)
    next_attempt_at = serializers.SerializerMethodField()
    payload = serializers.JSONField(source="event.payload")
    attempts = AttemptSerializer(source="attempts_log", many=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "webhook_id",
            "type",
            "endpoint",
            "state",
            "created_at",
            "sent_at",
            "next_attempt_at",
            "last_status_code",
            "last_error",
            "payload",
            "attempts",
        ]

    def get_next_attempt_at(self, delivery) -> str | None:
        if delivery.send_state != SendState.QUEUED:
            return None
        return serializers.DateTimeField().to_representation(delivery.queued_at)


class DeliveryFilter(PartnerFilterSet):
    state = django_filters.ChoiceFilter(field_name="send_state", choices=SendState.choices)
    type = django_filters.ChoiceFilter(field_name="event__type", choices=EventType.choices)
    endpoint = django_filters.CharFilter(method="filter_endpoint", help_text="The id of one of your endpoints")
    created_since = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")

    class Meta:
        model = WebhookDelivery
        fields = ["state", "type", "endpoint", "created_since"]

    def filter_endpoint(self, queryset, name, value):
        endpoint_id = IdFilterMixin.as_id(value)
        return queryset.filter(endpoint_id=endpoint_id) if endpoint_id is not None else queryset.none()


ENDPOINT_EXAMPLE = {
    "id": 7,
    "url": "https://hooks.example.org/rec",
    "description": "Our data portal",
    "events": ["recommendation.published", "meeting.scheduled"],
    "is_active": True,
    "disabled_at": None,
    "disabled_reason": "",
    "secret_created_at": "2026-12-01T09:00:00Z",
    "previous_secret_expires_at": None,
    "created_at": "2026-12-01T09:00:00Z",
    "updated_at": "2026-12-01T09:00:00Z",
}


@extend_schema_view(
    list=extend_schema(summary="Your organisation's webhook endpoints", tags=TAGS),
    retrieve=extend_schema(summary="One of your endpoints", tags=TAGS),
    create=extend_schema(
        summary="Register an endpoint (the answer holds its secret, once)",
        tags=TAGS,
        responses={201: EndpointWithSecretSerializer},
        examples=[
            OpenApiExample(
                "An endpoint",
                value={"url": "https://hooks.example.org/rec", "events": ["recommendation.published"]},
                request_only=True,
            ),
            OpenApiExample(
                "Registered",
                value={**ENDPOINT_EXAMPLE, "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"},
                response_only=True,
                status_codes=["201"],
            ),
        ],
    ),
    partial_update=extend_schema(summary="Change an endpoint's URL, description or events", tags=TAGS),
    destroy=extend_schema(summary="Remove an endpoint (its deliveries go with it)", tags=TAGS),
    rotate_secret=extend_schema(
        summary="A new secret; the old one still signs for a day",
        tags=TAGS,
        request=None,
        responses={200: EndpointWithSecretSerializer},
    ),
    test=extend_schema(
        summary="Send the endpoint a webhook.test event now", tags=TAGS, request=None, responses={202: None}
    ),
)
class EndpointViewSet(
    ConditionalMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    required_scope = Scope.WEBHOOKS_MANAGE
    serializer_class = EndpointSerializer
    filterset_class = None
    ordering = "id"
    ordering_fields = ["id", "created_at"]
    modified_field = "updated_at"
    lookup_value_regex = r"[0-9]{1,18}"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return WebhookEndpoint.objects.none()
        return selectors.endpoints_of(self.request.auth.organisation)

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            serializer.instance = services.endpoint_create(
                organisation=self.request.auth.organisation,
                url=data["url"],
                events=data["events"],
                description=data.get("description", ""),
                by=None,
            )
        except DjangoValidationError as exc:
            raise _problem_from(exc) from exc

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        return Response(EndpointWithSecretSerializer(serializer.instance).data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):
        try:
            services.endpoint_update(endpoint=serializer.instance, data=dict(serializer.validated_data), by=None)
        except DjangoValidationError as exc:
            raise _problem_from(exc) from exc

    def perform_destroy(self, instance):
        services.endpoint_delete(endpoint=instance, by=None)

    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, pk=None):
        endpoint = services.endpoint_secret_rotate(endpoint=self.get_object(), by=None)
        return Response(EndpointWithSecretSerializer(endpoint).data)

    @action(detail=True, methods=["post"])
    def test(self, request, pk=None):
        try:
            services.endpoint_test_send(endpoint=self.get_object(), by=None)
        except DjangoValidationError as exc:
            raise _problem_from(exc) from exc
        return Response(status=status.HTTP_202_ACCEPTED)


@extend_schema_view(
    list=extend_schema(summary="Deliveries to your endpoints, with every attempt", tags=TAGS),
    retrieve=extend_schema(summary="One delivery, with every attempt", tags=TAGS),
)
class DeliveryViewSet(PartnerReadOnlyViewSet):
    required_scope = Scope.WEBHOOKS_MANAGE
    serializer_class = DeliverySerializer
    filterset_class = DeliveryFilter
    ordering = "-created_at"
    ordering_fields = ["created_at", "id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return WebhookDelivery.objects.none()
        return selectors.deliveries_of(self.request.auth.organisation)


ROUTES = [
    ("webhooks/endpoints", EndpointViewSet, "webhook-endpoint"),
    ("webhooks/deliveries", DeliveryViewSet, "webhook-delivery"),
]
