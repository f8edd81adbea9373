"""The outbox's panel of the admin's front page: e-mails that failed for good, each linked to what it is about."""

from django.urls import NoReverseMatch, reverse

from council.outbox.models import OutboxMessage, SendState

FAILED_SHOWN = 8


def _subject_url(message: OutboxMessage) -> str:
    """The admin page of the thing a message is about (a round, a report reminder's recommendation), if any."""
    if message.subject_type is None or message.subject_id is None:
        return ""
    try:
        return reverse(
            f"admin:{message.subject_type.app_label}_{message.subject_type.model}_change", args=[message.subject_id]
        )
    except NoReverseMatch:
        return ""


def failed_emails_panel(request) -> dict | None:
    if not request.user.is_staff:
        return None
    failed = OutboxMessage.objects.filter(send_state=SendState.FAILED)
    rows = list(failed.select_related("subject_type").order_by("-queued_at", "-pk")[:FAILED_SHOWN])
    return {
        "count": failed.count() if rows else 0,
        "rows": [{"message": row, "url": _subject_url(row)} for row in rows],
    }
