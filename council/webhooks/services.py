"""Every change of webhooks: endpoints registered, changed, rotated, disabled; events queued; deliveries retried.

`webhook_event_queue` is what the apps above call, inside the transaction of the change that causes an event:
it commits one delivery row per active endpoint subscribed to the event, only for things a partner may see, and
hands the rows to the send task after the commit (council.outbox.dispatch; the beat and the sweep catch the rest).
"""

import datetime
import uuid
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council.access import Viewer, can_see_level
from council.audit import AuditAction, audit_record
from council.models import Organisation
from council.outbox.dispatch import dispatch
from council.outbox.models import SendState
from council.services import model_update
from council.webhooks.addresses import url_validate
from council.webhooks.models import EventType, WebhookDelivery, WebhookEndpoint, WebhookEvent, validate_events
from council.webhooks.payloads import envelope
from council.webhooks.signing import secret_generate

SEND_DELIVERY = "council.webhooks.tasks.deliver"
# What the secretariat (and, later, the partner through the API) changes of an endpoint.
ENDPOINT_FIELDS = ("url", "description", "events")
PENDING = (SendState.QUEUED, SendState.SENDING)


class WebhookError(ValidationError):
    """A change of webhooks that the rules do not allow."""


def _check(url: str, events) -> None:
    url_validate(url)
    validate_events(events)


@transaction.atomic
def endpoint_create(
    *, organisation: Organisation, url: str, events: list[str], description: str = "", by
) -> WebhookEndpoint:
    """Register an endpoint of a partner organisation, with a new secret (on `.secret`, to be shown once)."""
    events = list(events)
    _check(url, events)
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()  # one registration at a time
    if WebhookEndpoint.objects.filter(organisation=organisation).count() >= settings.WEBHOOK_ENDPOINTS_PER_ORGANISATION:
        raise WebhookError(
            _("An organisation may register at most %(n)d endpoints: remove one first.")
            % {"n": settings.WEBHOOK_ENDPOINTS_PER_ORGANISATION}
        )
    endpoint = WebhookEndpoint(
        organisation=organisation, url=url, events=events, description=description, secret=secret_generate()
    )
    endpoint.full_clean()
    endpoint.save()
    audit_record(
        actor=by,
        action=AuditAction.WEBHOOK_ENDPOINT_CREATE,
        target=endpoint,
        data={"organisation": organisation.pk, "url": url, "events": events},
    )
    return endpoint


@transaction.atomic
def endpoint_update(*, endpoint: WebhookEndpoint, data: dict, by) -> list[str]:
    """Change an endpoint's URL, description or events; returns the names of the fields that changed."""
    refused = set(data) - set(ENDPOINT_FIELDS)
    if refused:
        raise WebhookError(_("The secret and the state of an endpoint change through its actions."))
    locked = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    if "url" in data and data["url"] != locked.url:
        url_validate(data["url"])
    if "events" in data:
        data = {**data, "events": list(data["events"])}
        validate_events(data["events"])
    changed = model_update(instance=locked, fields=ENDPOINT_FIELDS, data=data)
    if changed:
        audit_record(
            actor=by,
            action=AuditAction.WEBHOOK_ENDPOINT_UPDATE,
            target=locked,
            data={name: getattr(locked, name) for name in changed},
        )
    endpoint.refresh_from_db()
    return changed


@transaction.atomic
def endpoint_delete(*, endpoint: WebhookEndpoint, by) -> None:
    """Remove an endpoint with its deliveries and their log (the audit trail keeps that it existed)."""
    audit_record(
        actor=by,
        action=AuditAction.WEBHOOK_ENDPOINT_DELETE,
        target=endpoint,
        data={"organisation": endpoint.organisation_id, "url": endpoint.url},
    )
    endpoint.delete()


@transaction.atomic
def endpoint_secret_rotate(*, endpoint: WebhookEndpoint, by, now: datetime.datetime | None = None) -> WebhookEndpoint:
    """Give the endpoint a new secret (on `.secret`, to be shown once); the old one still signs, as a second
    signature, for WEBHOOK_PREVIOUS_SECRET_HOURS, so the partner has time to change theirs."""
    now = now or timezone.now()
    locked = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    locked.previous_secret = locked.secret
    locked.previous_secret_expires_at = now + datetime.timedelta(hours=settings.WEBHOOK_PREVIOUS_SECRET_HOURS)
    locked.secret = secret_generate()
    locked.secret_created_at = now
    locked.save(
        update_fields=["secret", "secret_created_at", "previous_secret", "previous_secret_expires_at", "updated_at"]
    )
    audit_record(
        actor=by,
        action=AuditAction.WEBHOOK_SECRET_ROTATE,
        target=locked,
        data={"previous_valid_until": locked.previous_secret_expires_at.isoformat()},
    )
    return locked


def _stop_pending(endpoint: WebhookEndpoint, reason: str) -> int:
    """Deliveries still owed to an endpoint that is disabled are failed (the secretariat may retry them)."""
    return WebhookDelivery.objects.filter(endpoint=endpoint, send_state__in=PENDING).update(
        send_state=SendState.FAILED, last_error=reason[:2000], claimed_by=""
    )


@transaction.atomic
def endpoint_disable(*, endpoint: WebhookEndpoint, reason: str, by, now: datetime.datetime | None = None) -> bool:
    """Stop sending to an endpoint (by the secretariat, or when it answers 410 Gone); its pending deliveries are
    failed. Returns False if it was disabled already."""
    locked = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    if not locked.is_active:
        return False
    locked.is_active = False
    locked.disabled_at = now or timezone.now()
    locked.disabled_reason = reason[:500]
    locked.save(update_fields=["is_active", "disabled_at", "disabled_reason", "updated_at"])
    stopped = _stop_pending(locked, _("The endpoint was disabled: %(reason)s") % {"reason": reason})
    audit_record(
        actor=by,
        action=AuditAction.WEBHOOK_ENDPOINT_DISABLE,
        target=locked,
        data={"reason": reason[:500], "deliveries_stopped": stopped},
    )
    endpoint.refresh_from_db()
    return True


@transaction.atomic
def endpoint_enable(*, endpoint: WebhookEndpoint, by) -> bool:
    """Send to a disabled endpoint again (events from now on; failed deliveries can be retried). False if it was
    active already."""
    locked = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    if locked.is_active:
        return False
    url_validate(locked.url)
    previous = locked.disabled_reason
    locked.is_active, locked.disabled_at, locked.disabled_reason = True, None, ""
    locked.save(update_fields=["is_active", "disabled_at", "disabled_reason", "updated_at"])
    audit_record(actor=by, action=AuditAction.WEBHOOK_ENDPOINT_ENABLE, target=locked, data={"was": previous})
    endpoint.refresh_from_db()
    return True


def _event_create(*, event: str, data: dict, subject: models.Model | None, key: str, now) -> WebhookEvent:
    return WebhookEvent.objects.create(
        webhook_id=f"msg_{uuid.uuid4().hex}",
        type=event,
        key=key,
        subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        subject_id=subject.pk if subject is not None else None,
        payload=envelope(event, data, now=now),
        created_at=now,
    )


def _deliveries_create(event: WebhookEvent, endpoints: Iterable[WebhookEndpoint], now) -> list[WebhookDelivery]:
    rows = WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(endpoint=endpoint, event=event, queued_at=now, created_at=now) for endpoint in endpoints]
    )
    # bulk_create gives ids on PostgreSQL and SQLite alike; a database that did not would fail loudly here.
    dispatch(SEND_DELIVERY, [row.pk for row in rows])
    return rows


def partner_may_see(level: str, body_ids: Iterable[int]) -> bool:
    """May a partner organisation see a thing of this access level owned by these bodies? (council.access)"""
    return can_see_level(Viewer.partner(), level, body_ids)


def webhook_event_queue(
    *,
    event: str,
    subject: models.Model | None,
    level: str,
    body_ids: Iterable[int],
    data: dict | Callable[[], dict],
    key: str = "",
    now: datetime.datetime | None = None,
) -> WebhookEvent | None:
    """Queue an event for every active endpoint subscribed to it, if a partner may see the thing (of access
    `level`, owned by `body_ids`). Call it inside the transaction of the change; the caller decides that the thing
    is published (no draft meeting, no unpublished recommendation). `key` makes an event that happens once for a
    thing queue nothing the second time. `data` (the payload's "data", or a function that builds it) is built only
    when someone is to be told. Returns the event, or None when nobody is."""
    if event not in EventType.values or event == EventType.TEST:
        raise ValueError(f"Unknown webhook event {event!r}: add it to council.webhooks.models.EventType.")
    if not partner_may_see(level, body_ids):
        return None
    endpoints = [e for e in WebhookEndpoint.objects.filter(is_active=True).order_by("pk") if event in e.events]
    if not endpoints:
        return None
    if key and WebhookEvent.objects.filter(key=key).exists():
        return None
    now = now or timezone.now()
    payload = data() if callable(data) else data
    try:
        with transaction.atomic():  # a savepoint, only when something is written
            created = _event_create(event=event, data=payload, subject=subject, key=key, now=now)
            _deliveries_create(created, endpoints, now)
    except IntegrityError:
        if not key:
            raise
        return None  # the same once-only event, queued at this moment by another transaction
    return created


@transaction.atomic
def endpoint_test_send(*, endpoint: WebhookEndpoint, by) -> WebhookDelivery:
    """Send the endpoint a `webhook.test` event now, whatever it subscribes to, so its owner can check it."""
    if not endpoint.is_active:
        raise WebhookError(_("A disabled endpoint is sent nothing: enable it first."))
    now = timezone.now()
    data = {"endpoint": endpoint.pk, "organisation": endpoint.organisation_id}
    event = _event_create(event=EventType.TEST, data=data, subject=endpoint, key="", now=now)
    (delivery,) = _deliveries_create(event, [endpoint], now)
    audit_record(actor=by, action=AuditAction.WEBHOOK_TEST_SEND, target=endpoint, data={"webhook_id": event.webhook_id})
    return delivery


@transaction.atomic
def delivery_retry(*, delivery: WebhookDelivery, by) -> WebhookDelivery:
    """Queue a failed delivery again now, with the whole retry schedule ahead of it."""
    locked = WebhookDelivery.objects.select_for_update().select_related("endpoint").get(pk=delivery.pk)
    if locked.send_state != SendState.FAILED:
        raise WebhookError(_("Only a failed delivery can be tried again."))
    if not locked.endpoint.is_active:
        raise WebhookError(_("The endpoint is disabled: enable it before retrying its deliveries."))
    locked.send_state, locked.queued_at, locked.failures, locked.claimed_by = SendState.QUEUED, timezone.now(), 0, ""
    locked.save(update_fields=["send_state", "queued_at", "failures", "claimed_by"])
    audit_record(actor=by, action=AuditAction.WEBHOOK_DELIVERY_RETRY, target=locked, data={"attempts": locked.attempts})
    dispatch(SEND_DELIVERY, [locked.pk])
    return locked
