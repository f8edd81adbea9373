"""The admin's front page: what needs the secretariat (next meetings with their answers, open rounds where they
stand, overdue reports, failed deliveries), who sees it, and a number of queries that does not grow."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from council.outbox.models import OutboxMessage, SendState
from council.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from recommendations import services
from recommendations.dashboard import previous_period
from recommendations.models import Recommendation
from tests.factories import InvitationFactory, MeetingFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = Recommendation.Status
INDEX = "/admin/"


def panels(response) -> dict:
    return {panel["key"]: panel for panel in response.context["dashboard"]}


def failed_email(n: int) -> OutboxMessage:
    return OutboxMessage.objects.create(
        kind="account.set_password",
        key=f"dashboard-failed-{n}",
        email=f"gone{n}@example.org",
        send_state=SendState.FAILED,
        last_error="550 mailbox unavailable",
    )


def failed_webhook(n: int) -> WebhookDelivery:
    endpoint = WebhookEndpoint.objects.create(
        organisation=OrganisationFactory(),
        url=f"https://partner{n}.example.org/hook",
        events=["meeting.updated"],
        secret="whsec_" + "a" * 40,
    )
    event = WebhookEvent.objects.create(webhook_id=f"msg_dash{n}", type="meeting.updated", payload={})
    return WebhookDelivery.objects.create(
        endpoint=endpoint, event=event, send_state=SendState.FAILED, last_error="410 Gone"
    )


def a_meeting_with_answers(wg, answers=("accepted", "accepted", "declined", "pending")):
    meeting = MeetingFactory(bodies=[wg.body])
    for answer in answers:
        InvitationFactory(meeting=meeting, rsvp=answer)
    InvitationFactory(meeting=meeting, send_state="failed", last_error="550 no such user")
    return meeting


def test_the_front_page_shows_what_needs_the_secretariat(
    client, staff, wg, make_recommendation, advance, in_consultation
):
    meeting = a_meeting_with_answers(wg)
    MeetingFactory(bodies=[wg.body], starts_at=timezone.now() - datetime.timedelta(days=3))  # past: not shown
    round_ = services.round_open(
        recommendation=in_consultation, mode="silence", deadline=timezone.now() + datetime.timedelta(days=5), by=staff
    )
    services.position_record(
        round_=round_, person=wg.members["KZ"], kind="objection", reason="Not in our law.", by=wg.members["KZ"]
    )
    published = advance(make_recommendation(states=("UZ",)), Status.PUBLISHED)
    Recommendation.objects.filter(pk=published.pk).update(published_at=timezone.now() - datetime.timedelta(days=400))
    email, delivery = failed_email(1), failed_webhook(1)
    client.force_login(staff)

    response = client.get(INDEX)

    assert response.status_code == 200
    found = panels(response)
    (row,) = found["meetings"]["rows"]
    assert row["meeting"] == meeting and row["invited"] == 5 and row["failed"] == 1
    assert {answer: n for _label, n, answer in row["answers"]} == {
        "pending": 2,  # the failed invitation has no answer either
        "accepted": 2,
        "declined": 1,
        "tentative": 0,
        "delegated": 0,
    }
    (open_round,) = found["rounds"]["rows"]
    assert open_round["round"] == round_ and open_round["standing"].result == "blocked"
    assert open_round["answered"] == 1 and open_round["members"] == 5
    assert [(r["recommendation"], r["state"].code) for r in found["reports"]["rows"]] == [(published, "UZ")]
    assert found["reports"]["period"] == previous_period()[0]
    assert [r["message"] for r in found["failed_emails"]["rows"]] == [email]
    assert [d for d, _url in found["failed_webhooks"]["rows"]] == [delivery]
    (failed_invitation, _url) = found["failed_invitations"]["rows"][0]
    assert failed_invitation.meeting == meeting
    page = response.content.decode()
    for link in [
        reverse("admin:meetings_meeting_change", args=[meeting.pk]),
        reverse("admin:meetings_meeting_agenda", args=[meeting.pk]),
        reverse("admin:recommendations_consensusround_change", args=[round_.pk]),
        reverse("admin:recommendations_recommendation_change", args=[published.pk]),
        reverse("admin:webhooks_webhookdelivery_change", args=[delivery.pk]),
        reverse("admin:meetings_invitation_changelist") + "?send_state__exact=failed",
    ]:
        assert f'href="{link}' in page, link


def test_a_report_filed_for_the_period_is_no_longer_overdue(client, staff, wg, make_recommendation, advance):
    from tests.recommendations.conftest import submit_report

    published = advance(make_recommendation(states=("UZ",)), Status.PUBLISHED)
    Recommendation.objects.filter(pk=published.pk).update(published_at=timezone.now() - datetime.timedelta(days=400))
    client.force_login(staff)
    assert len(panels(client.get(INDEX))["reports"]["rows"]) == 1
    submit_report(published, "UZ", by=staff, period=previous_period()[0])
    assert panels(client.get(INDEX))["reports"]["rows"] == []


def test_empty_panels_say_so_plainly(client, staff, english):
    client.force_login(staff)
    page = client.get(INDEX).content.decode()
    for sentence in [
        "No meetings are coming up.",
        "No consensus round is open.",
        "No e-mail has failed.",
        "No invitation has failed.",
        "No webhook delivery has failed.",
    ]:
        assert sentence in page


def test_staff_without_the_secretariat_permissions_see_no_panel(client, wg):
    a_meeting_with_answers(wg)
    failed_email(1)
    client.force_login(UserFactory(is_staff=True))
    response = client.get(INDEX)
    assert response.status_code == 200
    assert response.context["dashboard"] == [] or set(panels(response)) == {"failed_emails"}
    assert "meetings" not in panels(response)


def test_people_who_are_not_staff_never_reach_the_front_page(client, wg):
    assert client.get(INDEX).status_code == 302
    client.force_login(wg.members["KZ"])
    response = client.get(INDEX)
    assert response.status_code == 302 and "dashboard" not in (response.context or {})


def test_a_superuser_sees_every_panel(client, superuser):
    client.force_login(superuser)
    assert set(panels(client.get(INDEX))) == {
        "meetings",
        "rounds",
        "reports",
        "failed_invitations",
        "failed_emails",
        "failed_webhooks",
    }


def _world_of(size: int, wg, staff, make_recommendation, advance, *, start=0):
    for n in range(start, start + size):
        a_meeting_with_answers(wg)
        recommendation = advance(make_recommendation(), Status.CONSULTATION)
        services.round_open(
            recommendation=recommendation,
            mode="silence",
            deadline=timezone.now() + datetime.timedelta(days=3 + n),
            by=staff,
        )
        published = advance(make_recommendation(states=("KZ", "UZ")), Status.PUBLISHED)
        Recommendation.objects.filter(pk=published.pk).update(
            published_at=timezone.now() - datetime.timedelta(days=400)
        )
        failed_email(n)
        failed_webhook(n)


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(INDEX).status_code == 200
    return len(queries)


def test_the_front_page_asks_the_same_number_of_queries_for_more_rows(client, staff, wg, make_recommendation, advance):
    client.force_login(staff)
    _world_of(1, wg, staff, make_recommendation, advance)
    few = _queries(client)
    _world_of(4, wg, staff, make_recommendation, advance, start=1)
    response = client.get(INDEX)
    assert len(panels(response)["rounds"]["rows"]) == 5 and len(panels(response)["meetings"]["rows"]) == 5
    assert _queries(client) == few


def test_account_and_second_factor_screens_are_off_the_menu_but_linked_from_the_account(client, superuser, member):
    client.force_login(superuser)
    index = client.get(INDEX)
    labels = {app["app_label"] for app in index.context["app_list"]}
    assert "account" not in labels and "mfa" not in labels and "council" in labels
    assert client.get(reverse("admin:account_emailaddress_changelist")).status_code == 200
    assert client.get(reverse("admin:mfa_authenticator_changelist")).status_code == 200

    page = client.get(reverse("admin:council_user_change", args=[member.pk])).content.decode()
    assert reverse("admin:account_emailaddress_changelist") + f"?user__id__exact={member.pk}" in page
    assert reverse("admin:mfa_authenticator_changelist") + f"?user__id__exact={member.pk}" in page
    filtered = client.get(reverse("admin:account_emailaddress_changelist"), {"user__id__exact": member.pk})
    assert filtered.status_code == 200


def test_the_secretariat_is_linked_to_addresses_but_not_to_second_factors(client, staff, member):
    client.force_login(staff)
    page = client.get(reverse("admin:council_user_change", args=[member.pk])).content.decode()
    assert reverse("admin:account_emailaddress_changelist") in page
    assert reverse("admin:mfa_authenticator_changelist") not in page
