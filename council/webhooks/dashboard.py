"""The webhooks' panel of the admin's front page: deliveries to partners that failed for good."""

from django.urls import reverse

from council.outbox.models import SendState
from council.webhooks.models import WebhookDelivery

FAILED_SHOWN = 5


def failed_webhooks_panel(request) -> dict | None:
    if not request.user.has_perm("webhooks.view_webhookdelivery"):
        return None
    failed = WebhookDelivery.objects.filter(send_state=SendState.FAILED)
    rows = list(failed.select_related("event", "endpoint__organisation").order_by("-queued_at", "-pk")[:FAILED_SHOWN])
    return {
        "count": failed.count() if rows else 0,
        "rows": [(row, reverse("admin:webhooks_webhookdelivery_change", args=[row.pk])) for row in rows],
        "list_url": reverse("admin:webhooks_webhookdelivery_changelist") + f"?send_state__exact={SendState.FAILED}",
    }
