"""Partners are told of what they may see, and only that: each event is queued with the change that causes it,
one delivery per active endpoint subscribed to it, for things of the `public` and `partners` levels only."""

import pytest
from django.core.exceptions import ValidationError

from council.models import Access
from council.reporting import Audience
from council.webhooks import services
from council.webhooks.models import WebhookDelivery, WebhookEvent
from meetings import services as meetings_services
from recommendations.models import Recommendation
from reports import services as reports_services
from reports.models import ReportState
from tests.factories import MeetingFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

Status = Recommendation.Status


def events(kind=None):
    rows = WebhookEvent.objects.order_by("pk")
    return list(rows.filter(type=kind) if kind else rows)


def deliveries_of(event):
    return sorted(event.deliveries.values_list("endpoint_id", flat=True))


@pytest.fixture
def endpoints(make_endpoint, receiver):
    """Endpoints subscribed to meetings (one of another partner), to recommendations, to reports, and a disabled
    one; all on the test's receiver (loopback), so that whatever is sent stays on this machine."""
    made = {
        "meetings": make_endpoint(
            f"{receiver.url}?to=meetings",
            events=["meeting.scheduled", "meeting.updated", "meeting.cancelled"],
        ),
        "cancelled only": make_endpoint(f"{receiver.url}?to=cancelled", events=["meeting.cancelled"]),
        "other partner": make_endpoint(
            f"{receiver.url}?to=all",
            events=["meeting.cancelled", "meeting.scheduled", "meeting.updated"],
            organisation=OrganisationFactory(),
        ),
        "recommendations": make_endpoint(
            f"{receiver.url}?to=recs", events=["recommendation.published", "recommendation.superseded"]
        ),
        "reports": make_endpoint(f"{receiver.url}?to=reports", events=["report.published"]),
        "disabled": make_endpoint(f"{receiver.url}?to=off", events=["meeting.cancelled", "meeting.scheduled"]),
    }
    services.endpoint_disable(endpoint=made["disabled"], reason="test", by=None)
    receiver.secrets = [endpoint.secret for endpoint in made.values()]
    return made


def ids(endpoints, *names):
    return sorted(endpoints[name].pk for name in names)


# Meetings -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("level", [Access.PUBLIC, Access.PARTNERS])
def test_a_partner_visible_meeting_cancelled_queues_one_delivery_per_subscribed_endpoint(endpoints, group_a, level):
    meeting = MeetingFactory(bodies=[group_a], access=level, status="scheduled")
    meetings_services.meeting_cancel(meeting=meeting, by=None, reason="Postponed")
    (event,) = events("meeting.cancelled")
    assert deliveries_of(event) == ids(endpoints, "meetings", "cancelled only", "other partner")
    assert event.payload["type"] == "meeting.cancelled"
    assert event.payload["data"]["id"] == meeting.pk and event.payload["data"]["status"] == "cancelled"
    assert event.subject_id == meeting.pk


@pytest.mark.parametrize("level", [Access.BODY, Access.COUNCIL, Access.SECRETARIAT])
def test_a_meeting_partners_may_not_see_queues_nothing(endpoints, group_a, level):
    meeting = MeetingFactory(bodies=[group_a], access=level, status="draft")
    meetings_services.meeting_transition(meeting=meeting, to="scheduled", by=None)
    meetings_services.meeting_update(meeting=meeting, data={"title_en": "Renamed"}, by=None)
    meetings_services.meeting_cancel(meeting=meeting, by=None)
    assert events() == [] and not WebhookDelivery.objects.exists()


def test_a_draft_meeting_is_nobodys_business_even_when_cancelled(endpoints, group_a):
    meeting = MeetingFactory(bodies=[group_a], access="public", status="draft")
    meetings_services.meeting_update(meeting=meeting, data={"title_en": "Renamed"}, by=None)
    meetings_services.meeting_cancel(meeting=meeting, by=None)
    assert events() == []


def test_a_public_meeting_scheduled_then_changed(endpoints, group_a):
    meeting = MeetingFactory(
        bodies=[group_a], access="public", status="draft", online_url="https://meet.example.org/secret-room"
    )
    meetings_services.meeting_transition(meeting=meeting, to="scheduled", by=None)
    (scheduled,) = events("meeting.scheduled")
    assert deliveries_of(scheduled) == ids(endpoints, "meetings", "other partner")

    meetings_services.meeting_update(meeting=meeting, data={"venue_city_en": "Almaty"}, by=None)
    (updated,) = events("meeting.updated")
    assert deliveries_of(updated) == ids(endpoints, "meetings", "other partner")
    assert updated.payload["data"]["city"]["en"] == "Almaty"
    assert updated.webhook_id != scheduled.webhook_id

    # A new online link is no news to partners (they never see it); a description neither.
    meetings_services.meeting_update(
        meeting=meeting, data={"online_url": "https://meet.example.org/other-room", "description": "x"}, by=None
    )
    assert len(events("meeting.updated")) == 1
    for event in events():
        text = str(event.payload)
        assert "meet.example.org" not in text and "@" not in text


def test_the_payload_of_a_meeting_names_no_person_and_no_online_link(endpoints, group_a, member_a, settings):
    meeting = MeetingFactory(
        bodies=[group_a], access="public", status="draft", format="hybrid", online_url="https://meet.example.org/r"
    )
    meeting.invitations.create(person=member_a, email=member_a.email, name=member_a.full_name_latin)
    meetings_services.meeting_transition(meeting=meeting, to="scheduled", by=None)
    (event,) = events()
    text = str(event.payload)
    assert member_a.email not in text and member_a.full_name_latin not in text and "meet.example.org" not in text
    assert set(event.payload) == {"type", "timestamp", "data"}
    assert event.payload["data"]["url"] == f"{settings.SITE_URL}/api/v1/meetings/{meeting.pk}/"


# Recommendations ----------------------------------------------------------------------------------------------


def test_a_published_recommendation_is_announced_once_and_its_predecessor_superseded(
    endpoints, make_recommendation, advance
):
    first = advance(make_recommendation(title="First text"), Status.PUBLISHED)
    (published,) = events("recommendation.published")
    assert deliveries_of(published) == ids(endpoints, "recommendations")
    data = published.payload["data"]
    assert data["id"] == first.pk and data["code"] == first.code and data["status"] == "published"
    assert data["title"] == {"ru": "First text"} and data["published_at"].endswith("Z")
    assert data["url"].endswith(f"/api/v1/recommendations/{first.pk}/")

    advance(first, Status.SUPERSEDED)
    (superseded,) = events("recommendation.superseded")
    assert superseded.payload["data"]["id"] == first.pk
    newer = Recommendation.objects.get(replaces=first)
    assert superseded.payload["data"]["superseded_by"]["id"] == newer.pk
    assert len(events("recommendation.published")) == 2
    assert deliveries_of(superseded) == ids(endpoints, "recommendations")


def test_a_recommendation_on_its_way_is_announced_to_nobody(endpoints, make_recommendation, advance):
    recommendation = make_recommendation()
    advance(recommendation, Status.ENDORSED)
    assert events() == []


@pytest.mark.parametrize("level", [Access.COUNCIL, Access.BODY, Access.SECRETARIAT])
def test_a_recommendation_published_for_the_council_only_is_announced_to_no_partner(
    endpoints, make_recommendation, advance, level
):
    advance(make_recommendation(access=level), Status.PUBLISHED)
    assert events() == []


# Reports ------------------------------------------------------------------------------------------------------


@pytest.fixture
def ask(rendered, media, test_document, staff):
    def run(audience, n=1):
        test_document.audience = audience
        report = rendered(
            lambda: reports_services.report_request(kind="compendium", parameters={"n": n}, language="en", by=staff)
        )
        report.refresh_from_db()
        assert report.state == ReportState.DONE
        return report

    return run


def test_a_report_partners_may_read_is_announced_when_it_is_done(endpoints, ask, receiver):
    report = ask(Audience(level=Access.PARTNERS))
    (event,) = events("report.published")
    assert deliveries_of(event) == ids(endpoints, "reports")
    # Dispatched after the commit and delivered (tasks run in-process here).
    assert receiver.accepted == [event.webhook_id]
    data = event.payload["data"]
    assert data["id"] == report.pk and data["title"] == report.title and data["sha256"] == report.sha256
    assert data["url"].endswith(f"/api/v1/reports/{report.pk}/")
    # Asked for again over the same data, the stored report is given back: no second event.
    ask(Audience(level=Access.PARTNERS))
    assert len(events("report.published")) == 1


@pytest.mark.parametrize(
    "audience",
    [Audience(level=Access.COUNCIL), Audience(level=Access.SECRETARIAT), Audience(level=Access.PUBLIC, person_id=-1)],
    ids=["council", "secretariat", "personal"],
)
def test_a_report_partners_may_not_read_is_announced_to_nobody(endpoints, ask, audience, staff):
    if audience.person_id == -1:
        audience = Audience(level=Access.PUBLIC, person_id=staff.pk)
    ask(audience)
    assert events() == []


# The service ---------------------------------------------------------------------------------------------------


def test_an_event_nobody_subscribed_to_is_not_even_recorded(make_endpoint, receiver):
    make_endpoint(f"{receiver.url}?to=x", events=["report.published"])
    assert (
        services.webhook_event_queue(event="meeting.updated", subject=None, level="public", body_ids=[], data={"id": 1})
        is None
    )
    assert events() == []


def test_an_event_with_a_key_is_queued_once(make_endpoint, receiver):
    make_endpoint(f"{receiver.url}?to=x", events=["report.published"])
    queue = {"event": "report.published", "subject": None, "level": "public", "body_ids": [], "data": {}, "key": "k:1"}
    assert services.webhook_event_queue(**queue) is not None
    assert services.webhook_event_queue(**queue) is None
    assert WebhookDelivery.objects.count() == 1


def test_an_unknown_event_is_a_programming_error():
    with pytest.raises(ValueError, match="Unknown webhook event"):
        services.webhook_event_queue(event="meeting.deleted", subject=None, level="public", body_ids=[], data={})


@pytest.mark.parametrize(
    "events_", [[], ["meeting.deleted"], ["webhook.test"], ["meeting.updated", "meeting.updated"], "meeting.updated"]
)
def test_an_endpoint_subscribes_to_known_events_only(make_endpoint, receiver, events_):
    with pytest.raises(ValidationError):
        make_endpoint(f"{receiver.url}?to=x", events=events_)
