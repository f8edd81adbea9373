"""Answering an invitation: on the meeting's page (signed in) and through the signed link of the email."""

import datetime

import pytest
import time_machine
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from council.models import AuditRecord
from meetings import services, tokens
from meetings.models import Invitation, Nomination
from tests.factories import InvitationFactory, MembershipFactory
from tests.helpers import messages_of
from tests.html import read_form
from tests.meetings.helpers import calendar_of, event_of, in_english, local, nominate

pytestmark = pytest.mark.django_db


def answer(client, meeting, value, **kwargs):
    return client.post(reverse("meetings:answer", args=[meeting.pk]), {"answer": value}, **kwargs)


def unchanged(invitation) -> bool:
    before = (invitation.rsvp, invitation.responded_at)
    invitation.refresh_from_db()
    return (invitation.rsvp, invitation.responded_at) == before


# On the meeting's page --------------------------------------------------------------------------------


def test_answering_needs_sign_in(client, meeting, invitation):
    response = answer(client, meeting, "accepted")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert unchanged(invitation)


def test_answering_and_nominating_take_post_only(client, meeting, invitation):
    client.force_login(invitation.person)
    assert client.get(reverse("meetings:answer", args=[meeting.pk]), {"answer": "accepted"}).status_code == 405
    assert client.get(reverse("meetings:delegate", args=[meeting.pk]), {"email": "x@example.org"}).status_code == 405
    assert unchanged(invitation)
    assert Invitation.objects.count() == 1


def test_answering_checks_the_csrf_token(meeting, invitation):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(invitation.person)
    assert answer(browser, meeting, "accepted").status_code == 403
    assert nominate(browser, meeting, "alt@example.org").status_code == 403
    assert unchanged(invitation)
    assert Invitation.objects.count() == 1

    url = reverse("meetings:answer", args=[meeting.pk])
    data = read_form(browser.get(meeting.get_absolute_url()), action=url).data  # with the page's CSRF token
    data["answer"] = "accepted"
    assert browser.post(url, data).status_code == 302
    invitation.refresh_from_db()
    assert invitation.rsvp == "accepted"


def test_an_invitee_answers_and_may_change_the_answer_until_the_deadline(client, meeting, invitation):
    client.force_login(invitation.person)
    in_english(client)
    for value in ["accepted", "tentative", "declined"]:
        response = answer(client, meeting, value, follow=True)
        assert response.redirect_chain[-1][0] == meeting.get_absolute_url()
        assert messages_of(response) == ["Your answer has been recorded."]
        invitation.refresh_from_db()
        assert invitation.rsvp == value and invitation.responded_at is not None
    changes = AuditRecord.objects.filter(action="invitation.respond", target_id=str(invitation.pk)).order_by("id")
    assert [(r.data["from"], r.data["to"], r.actor) for r in changes] == [
        ("pending", "accepted", invitation.person),
        ("accepted", "tentative", invitation.person),
        ("tentative", "declined", invitation.person),
    ]


def test_an_answer_on_the_deadline_itself_still_counts(client, meeting, invitation):
    client.force_login(invitation.person)
    with time_machine.travel(meeting.rsvp_deadline, tick=False):
        answer(client, meeting, "accepted")
    invitation.refresh_from_db()
    assert invitation.rsvp == "accepted"


def test_after_the_deadline_an_answer_is_refused_and_nothing_changes(client, meeting, invitation):
    client.force_login(invitation.person)
    in_english(client)
    with time_machine.travel(meeting.rsvp_deadline + datetime.timedelta(minutes=1), tick=False):
        response = answer(client, meeting, "accepted", follow=True)
    assert messages_of(response) == ["Answers for this meeting are closed."]
    assert unchanged(invitation)


def test_without_a_deadline_answers_close_when_the_meeting_starts(client, meeting, invitation):
    meeting.rsvp_deadline = None
    meeting.save()
    client.force_login(invitation.person)
    with time_machine.travel(meeting.starts_at + datetime.timedelta(minutes=1), tick=False):
        answer(client, meeting, "accepted")
    assert unchanged(invitation)


def test_an_answer_to_a_cancelled_meeting_is_refused(client, meeting, invitation):
    meeting.status = "cancelled"
    meeting.save()
    client.force_login(invitation.person)
    in_english(client)
    response = answer(client, meeting, "accepted", follow=True)
    assert messages_of(response) == ["This meeting has been cancelled."]
    assert unchanged(invitation)


@pytest.mark.parametrize("value", ["", "pending", "delegated", "yes", "ACCEPTED"])
def test_an_answer_not_offered_is_refused(client, meeting, invitation, value):
    client.force_login(invitation.person)
    in_english(client)
    response = answer(client, meeting, value, follow=True)
    assert messages_of(response) == ["Choose one of the answers offered."]
    assert unchanged(invitation)


def test_someone_not_invited_cannot_answer(client, meeting, invitation, group_a, member_b):
    colleague = MembershipFactory(body=group_a).person
    client.force_login(colleague)
    assert answer(client, meeting, "accepted").status_code == 404
    assert nominate(client, meeting, "alt@example.org").status_code == 404
    client.force_login(member_b)  # may not even see the meeting
    assert answer(client, meeting, "accepted").status_code == 404
    assert unchanged(invitation)
    assert Invitation.objects.count() == 1


# Nominating an alternate ------------------------------------------------------------------------------


def confirm_nomination(invitation) -> None:
    """The secretariat confirms the invitee's nomination (issue 7: a nomination is a request, see
    tests/meetings/test_security_fixes.py)."""
    services.nomination_confirm(nomination=Nomination.objects.get(invitation=invitation, state="requested"), by=None)


def test_nominating_an_alternate_invites_them_once_confirmed_and_sends_them_the_invitation(
    client, meeting, invitation, committed
):
    invitation.language = "en"
    invitation.save()
    client.force_login(invitation.person)
    with committed():
        response = nominate(client, meeting, "Deputy@Example.org", name="Deputy Person")
    assert response.status_code == 302
    assert mail.outbox == [] and not Invitation.objects.filter(delegated_from=invitation).exists()
    with committed():
        confirm_nomination(invitation)

    alternate = Invitation.objects.get(delegated_from=invitation)
    # The invitee's words are not the alternate's name: they are greeted by their address.
    assert (alternate.email, alternate.name, alternate.language) == ("deputy@example.org", "", "en")
    assert alternate.invited_by == invitation.person
    invitation.refresh_from_db()
    assert invitation.rsvp == "delegated"
    assert [m.to for m in mail.outbox] == [["deputy@example.org"]]
    alternate.refresh_from_db()
    assert alternate.send_state == "sent" and alternate.sent_sequence == meeting.sequence
    assert event_of(calendar_of(mail.outbox[0]))["uid"].endswith("@rec-portal")


def test_after_nominating_an_alternate_one_can_neither_answer_nor_nominate_again(
    client, meeting, invitation, committed
):
    client.force_login(invitation.person)
    in_english(client)
    with committed():
        nominate(client, meeting, "deputy@example.org", follow=True)
        confirm_nomination(invitation)
    mail.outbox.clear()

    with committed():
        again = nominate(client, meeting, "second@example.org", follow=True)
    assert messages_of(again) == ["You have already nominated an alternate."]
    refused = answer(client, meeting, "accepted", follow=True)
    assert messages_of(refused) == ["You have nominated an alternate for this meeting."]
    invitation.refresh_from_db()
    assert invitation.rsvp == "delegated"
    assert Invitation.objects.count() == 2
    assert mail.outbox == []


@pytest.mark.parametrize("address", ["Colleague@Example.org", "colleague@example.org", "own"])
def test_nominating_an_address_already_invited_is_refused(client, meeting, invitation, committed, address):
    InvitationFactory(meeting=meeting, person=None, email="colleague@example.org")
    address = invitation.email.upper() if address == "own" else address
    client.force_login(invitation.person)
    in_english(client)
    with committed():
        response = nominate(client, meeting, address, follow=True)
    assert messages_of(response) == [f"{address.lower()} is already invited to this meeting."]
    assert unchanged(invitation)
    assert Invitation.objects.count() == 2
    assert mail.outbox == []


@pytest.mark.parametrize("data", [{"email": "not-an-address", "name": "X"}, {"email": "", "name": "X"}, {"name": ""}])
def test_nominating_with_a_bad_address_or_no_name_is_refused(client, meeting, invitation, committed, data):
    client.force_login(invitation.person)
    with committed():
        response = client.post(reverse("meetings:delegate", args=[meeting.pk]), data, follow=True)
    assert len(messages_of(response)) == 1 and messages_of(response)[0]
    assert unchanged(invitation)
    assert Invitation.objects.count() == 1
    assert mail.outbox == []


def test_nominating_an_alternate_after_the_deadline_is_refused(client, meeting, invitation, committed):
    client.force_login(invitation.person)
    in_english(client)
    with (
        time_machine.travel(meeting.rsvp_deadline + datetime.timedelta(hours=1), tick=False),
        committed(),
    ):
        response = nominate(client, meeting, "deputy@example.org", follow=True)
    assert messages_of(response) == ["Answers for this meeting are closed."]
    assert unchanged(invitation)
    assert Invitation.objects.count() == 1
    assert mail.outbox == []


def test_nominating_an_alternate_needs_sign_in(client, meeting, invitation):
    response = nominate(client, meeting, "deputy@example.org")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert Invitation.objects.count() == 1


# The link in the email --------------------------------------------------------------------------------


def rsvp_url(invitation) -> str:
    return reverse("meetings:rsvp", kwargs={"token": tokens.rsvp_token(invitation)})


def test_following_the_link_shows_the_page_and_records_nothing(client, meeting, invitation):
    # Mail scanners open every link of an email: a GET must never count as an answer.
    for query in ["", "?answer=accepted", "?answer=declined"]:
        response = client.get(rsvp_url(invitation) + query)
        assert response.status_code == 200
        assert response.context["invitation"] == invitation
    answer = read_form(response, action=rsvp_url(invitation) + query)
    assert answer.data["answer"] == "declined"  # the link's answer is chosen, not yet sent
    assert all("required" in c.attrs for c in answer.controls if c.name == "answer")
    assert unchanged(invitation)
    assert not AuditRecord.objects.filter(action="invitation.respond").exists()


def test_the_link_answers_with_a_post_without_signing_in(client, meeting, invitation):
    url = rsvp_url(invitation)
    response = client.post(url, {"answer": "tentative"})
    assert response.status_code == 302 and response["Location"] == url
    invitation.refresh_from_db()
    assert invitation.rsvp == "tentative" and invitation.responded_at is not None
    record = AuditRecord.objects.get(action="invitation.respond")
    assert record.actor is None and record.data == {"from": "pending", "to": "tentative"}

    client.post(url, {"answer": "declined"})
    invitation.refresh_from_db()
    assert invitation.rsvp == "declined"
    assert client.get(url).context["invitation"].rsvp == "declined"


def test_the_link_page_checks_the_csrf_token(meeting, invitation):
    browser = Client(enforce_csrf_checks=True)
    url = rsvp_url(invitation)
    assert browser.post(url, {"answer": "accepted"}).status_code == 403
    assert unchanged(invitation)
    data = read_form(browser.get(url), action=url).data  # with the page's CSRF token
    data["answer"] = "accepted"
    assert browser.post(url, data).status_code == 302
    invitation.refresh_from_db()
    assert invitation.rsvp == "accepted"


def _tamper(token: str) -> str:
    i = 3
    return token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1 :]


@pytest.mark.parametrize(
    "make",
    [
        lambda inv: "not-a-token",
        lambda inv: _tamper(tokens.rsvp_token(inv)),
        lambda inv: tokens.rsvp_token(inv)[:-2],
        lambda inv: signing.dumps({"i": inv.pk, "e": inv.email}, salt="another.purpose", compress=True),
        lambda inv: signing.dumps({"i": str(inv.pk), "e": inv.email}, salt=tokens.SALT, compress=True),
        lambda inv: signing.dumps([inv.pk, inv.email], salt=tokens.SALT, compress=True),
    ],
    ids=["forged", "tampered", "truncated", "other-salt", "malformed-id", "malformed-shape"],
)
def test_a_forged_or_altered_link_answers_400_and_changes_nothing(client, meeting, invitation, make):
    url = reverse("meetings:rsvp", kwargs={"token": make(invitation)})
    for response in (client.get(url), client.post(url, {"answer": "accepted"})):
        assert response.status_code == 400
        assert response.templates[0].name == "meetings/rsvp_invalid.html"
    assert unchanged(invitation)


def test_an_expired_link_answers_400_and_changes_nothing(client, settings, meeting, invitation):
    settings.MEETINGS_RSVP_TOKEN_MAX_AGE = 3600
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC), tick=False) as traveller:
        url = rsvp_url(invitation)
        traveller.shift(datetime.timedelta(minutes=59))
        assert client.get(url).status_code == 200
        traveller.shift(datetime.timedelta(minutes=2))
        assert client.get(url).status_code == 400
        response = client.post(url, {"answer": "accepted"})
    assert response.status_code == 400
    assert response.templates[0].name == "meetings/rsvp_invalid.html"
    assert unchanged(invitation)


def test_the_link_of_one_invitation_cannot_answer_another(client, meeting, invitation):
    other = InvitationFactory(meeting=meeting)
    client.post(rsvp_url(invitation), {"answer": "accepted"})
    assert unchanged(other)
    # Even a validly signed token must name the invitation's own address.
    mixed = signing.dumps({"i": other.pk, "e": invitation.email}, salt=tokens.SALT, compress=True)
    response = client.post(reverse("meetings:rsvp", kwargs={"token": mixed}), {"answer": "declined"})
    assert response.status_code == 400
    assert unchanged(other)


def test_the_link_of_a_withdrawn_invitation_is_not_valid(client, meeting, invitation):
    url = rsvp_url(invitation)
    invitation.delete()
    assert client.get(url).status_code == 400
    assert client.post(url, {"answer": "accepted"}).status_code == 400


def test_answering_by_link_after_the_deadline_is_refused_with_a_message(client, meeting, invitation):
    url = rsvp_url(invitation)
    in_english(client)
    with time_machine.travel(meeting.rsvp_deadline + datetime.timedelta(seconds=1), tick=False):
        shown = client.get(url)
        response = client.post(url, {"answer": "accepted"})
    assert shown.status_code == 200 and "Answers for this meeting are closed." in shown.content.decode()
    assert response.status_code == 400
    assert response.context["error"] == "Answers for this meeting are closed."
    assert unchanged(invitation)


def test_answering_by_link_to_a_cancelled_meeting_is_refused(client, meeting, invitation):
    meeting.status = "cancelled"
    meeting.save()
    in_english(client)
    response = client.post(rsvp_url(invitation), {"answer": "accepted"})
    assert response.status_code == 400
    assert response.context["error"] == "This meeting has been cancelled."
    assert unchanged(invitation)


@pytest.mark.parametrize("data", [{}, {"answer": "pending"}, {"answer": "delegated"}, {"answer": "maybe"}])
def test_an_answer_not_offered_by_link_is_refused(client, meeting, invitation, data):
    in_english(client)
    response = client.post(rsvp_url(invitation), data)
    assert response.status_code == 400
    assert response.context["error"] == "Choose one of the answers offered."
    assert unchanged(invitation)


def test_the_link_takes_no_other_method(client, meeting, invitation):
    assert client.put(rsvp_url(invitation), {"answer": "accepted"}).status_code == 405
    assert client.delete(rsvp_url(invitation)).status_code == 405
    assert unchanged(invitation)


def test_the_link_page_shows_the_time_in_the_meetings_zone(client, meeting, invitation):
    text = client.get(rsvp_url(invitation)).content.decode()
    assert f"{local(meeting.local_start.date(), 10):%H:%M}" in text and "(Asia/Tashkent)" in text
