"""What partners are told of recommendations (council.webhooks): published, and superseded by a newer one.

Only texts a partner may read once published (their access level, owned by their working group); the payload
holds the reference, titles, status, times and API addresses.
"""

from council.webhooks.models import EventType
from council.webhooks.payloads import api_url, iso
from council.webhooks.services import webhook_event_queue
from recommendations.models import Recommendation

Status = Recommendation.Status
EVENTS = {Status.PUBLISHED: EventType.RECOMMENDATION_PUBLISHED, Status.SUPERSEDED: EventType.RECOMMENDATION_SUPERSEDED}


def _reference(recommendation: Recommendation | None) -> dict | None:
    if recommendation is None:
        return None
    return {"id": recommendation.pk, "code": recommendation.code, "url": api_url("recommendations", recommendation.pk)}


def recommendation_data(recommendation: Recommendation) -> dict:
    version = recommendation.current_version
    titles = {}
    if version is not None:
        titles = {code: title for code in ("ru", "en", "uz") if (title := getattr(version, f"title_{code}", ""))}
    return {
        "id": recommendation.pk,
        "code": recommendation.code,
        "status": recommendation.status,
        "title": titles,
        "authoritative_language": recommendation.authoritative_language,
        "working_group": recommendation.working_group.code,
        "version": version.number if version is not None else None,
        "published_at": iso(recommendation.published_at),
        "supersedes": _reference(recommendation.replaces),
        "superseded_by": _reference(recommendation.superseded_by),
        "url": api_url("recommendations", recommendation.pk),
    }


def recommendation_status_webhook(recommendation: Recommendation) -> None:
    """After a status change: partners hear of a text published or superseded (once each)."""
    event = EVENTS.get(recommendation.status)
    if event is None:
        return
    webhook_event_queue(
        event=event,
        subject=recommendation,
        level=recommendation.access,
        body_ids=[recommendation.working_group_id],
        data=lambda: recommendation_data(recommendation),
        key=f"{event}:{recommendation.pk}",
    )
