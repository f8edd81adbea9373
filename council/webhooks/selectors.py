"""Reads of webhooks, with the joins their pages (the admin, the partner API) need made once."""

from django.db.models import Prefetch, QuerySet

from council.models import Organisation
from council.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint


def endpoints_of(organisation: Organisation) -> QuerySet[WebhookEndpoint]:
    """An organisation's endpoints (the secret is never read out of them after creation)."""
    return WebhookEndpoint.objects.filter(organisation=organisation).select_related("organisation").order_by("pk")


def deliveries_of(organisation: Organisation) -> QuerySet[WebhookDelivery]:
    """Deliveries to an organisation's endpoints, newest first, with their event, endpoint and every attempt
    (newest first) in a constant number of queries."""
    return (
        WebhookDelivery.objects.filter(endpoint__organisation=organisation)
        .select_related("endpoint", "event")
        .prefetch_related(Prefetch("attempts_log", queryset=WebhookAttempt.objects.order_by("-started_at", "-pk")))
        .order_by("-created_at", "-pk")
    )
