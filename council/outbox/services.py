"""Queue an OutboxMessage: call it inside the transaction of the change that causes the message."""

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from council.outbox.dispatch import dispatch
from council.outbox.models import OutboxMessage
from council.outbox.registry import kind_get

SEND_MESSAGE = "council.outbox.tasks.send_message"


@transaction.atomic
def message_queue(
    *,
    kind: str,
    key: str,
    email: str,
    language: str,
    recipient=None,
    subject: models.Model | None = None,
    context: dict | None = None,
) -> OutboxMessage | None:
    """Commit one message row with the caller's change and send it after the commit; the same `key` queues
    nothing a second time (returns None then)."""
    held = kind_get(kind).digestible and wants_digest(recipient)  # an unknown kind fails here, not in a worker
    row, created = OutboxMessage.objects.get_or_create(
        key=key,
        defaults={
            "kind": kind,
            "email": email,
            "language": language,
            "recipient": recipient,
            "subject_type": ContentType.objects.get_for_model(subject) if subject is not None else None,
            "subject_id": subject.pk if subject is not None else None,
            "context": context or {},
            "held_for_digest": held,
        },
    )
    if not created:
        return None
    if not held:
        dispatch(SEND_MESSAGE, [row.pk])
    return row


def wants_digest(recipient) -> bool:
    """Does the person take the notices that may wait in one e-mail a day?"""
    from council.models import NoticeDelivery

    return getattr(recipient, "notice_delivery", "") == NoticeDelivery.DAILY_DIGEST


def messages_about(subject: models.Model):
    """The messages queued about one thing (a round, a report reminder), oldest first."""
    return OutboxMessage.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
    ).order_by("created_at", "id")
