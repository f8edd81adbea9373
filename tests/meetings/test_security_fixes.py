"""Issue 7 (meetings): the online link, the feed key, nominations, answers after a reschedule, and bad headers.

Each test goes through the door people use: the meeting page and its calendar file, the private feed, the
home page, the nomination form, the secretariat's admin, the RSVP link, and a real SMTP server.
"""

import datetime
import email
import email.policy
import smtplib
import threading

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from council.models import Access, AuditRecord, Membership
from council.outbox.backend import drop_session
from meetings import emails, services, tokens
from meetings.models import DeliveryAttempt, Invitation, Nomination, SendState
from tests.factories import (
    InvitationFactory,
    MeetingFactory,
    MembershipFactory,
    MemberStateFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.helpers import admin_action, messages_of
from tests.html import read_form
from tests.meetings.helpers import admin_datetime, calendar_of, event_of, in_english, nominate, to
from tests.meetings.reliability.harness import free_port

pytestmark = pytest.mark.django_db

LINK = "https://meet.example.org/secret-room-4711"


def unfolded(ics: bytes) -> str:
    """An ICS file with its folded lines joined, so that a long value is found whole."""
    return ics.decode().replace("\r\n ", "").replace("\r\n\t", "")


def everything_of(message) -> str:
    """Subject, headers, text, HTML and attachments of an email, as one text to search."""
    parts = [message.subject, message.body, *(content for content, _type in message.alternatives)]
    for part in message.message().walk():
        payload = part.get_payload(decode=True)
        if payload:
            parts.append(unfolded(payload) if part.get_content_type() == "text/calendar" else payload.decode())
    parts.append(message.message().as_string())
    return "\n".join(parts)


# 4. The online link ------------------------------------------------------------------------------------


@pytest.fixture
def online(group_a):
    """A public hybrid meeting whose description repeats its online link."""
    return MeetingFactory(
        bodies=[group_a],
        access=Access.PUBLIC,
        format="hybrid",
        online_url=LINK,
        description_ru=f"Подключение: {LINK}",
        description_en=f"Join at {LINK}",
    )


def test_the_calendar_file_gives_anonymous_visitors_no_online_link(client, online):
    response = client.get(reverse("meetings:ics", args=[online.pk]))
    assert response.status_code == 200
    text = unfolded(response.content)
    assert "secret-room" not in text
    event = event_of(Calendar.from_ical(response.content))
    assert "url" not in event
    assert "Tashkent" in str(event["location"]) or "Ташкент" in str(event["location"])


def test_the_calendar_file_gives_a_member_who_is_not_invited_no_online_link(client, online, group_a):
    colleague = MembershipFactory(body=group_a).person
    client.force_login(colleague)
    response = client.get(reverse("meetings:ics", args=[online.pk]))
    assert response.status_code == 200
    assert "secret-room" not in unfolded(response.content)


def test_the_calendar_file_gives_an_invitee_the_online_link(client, online, member_a):
    InvitationFactory(meeting=online, person=member_a)
    client.force_login(member_a)
    response = client.get(reverse("meetings:ics", args=[online.pk]))
    event = event_of(Calendar.from_ical(response.content))
    assert str(event["url"]) == LINK
    assert LINK in str(event["location"])


def test_the_meeting_page_keeps_the_link_out_of_the_description_for_non_invitees(client, online, member_a):
    InvitationFactory(meeting=online, person=member_a)
    page = client.get(online.get_absolute_url()).content.decode()
    assert "secret-room" not in page
    client.force_login(member_a)
    assert "secret-room" in client.get(online.get_absolute_url()).content.decode()


def test_the_private_feed_carries_the_link_of_the_invitees_meetings(client, online, member_a):
    InvitationFactory(meeting=online, person=member_a)
    response = client.get(reverse("meetings:feed", args=[member_a.calendar_token]))
    assert str(event_of(Calendar.from_ical(response.content))["url"]) == LINK


def test_the_invitation_email_gives_the_invitee_the_online_link(online, staff, committed):
    InvitationFactory(meeting=online, person=None, email="guest@example.org", name="Guest", language="en")
    with committed():
        services.invitations_send(meeting=online, by=staff)
    (message,) = mail.outbox
    assert LINK in message.body
    assert str(event_of(calendar_of(message))["url"]) == LINK


# 9. The calendar-feed key ------------------------------------------------------------------------------


def test_the_profile_page_title_holds_neither_markup_nor_the_feed_key(client, member):
    client.force_login(member)
    page = client.get(reverse("portal:profile")).content.decode()
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title and member.calendar_token not in title
    assert member.calendar_token in page  # still shown in the page itself


def test_a_member_replaces_their_feed_key_and_the_old_feed_answers_404_at_once(client, member_a, online):
    InvitationFactory(meeting=online, person=member_a)
    old = member_a.calendar_token
    assert client.get(reverse("meetings:feed", args=[old])).status_code == 200
    client.force_login(member_a)
    in_english(client)

    response = client.post(reverse("meetings:feed_rotate"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("portal:profile")
    assert messages_of(response) == [
        "Your calendar address has been replaced: the old one no longer works. Subscribe to the new one."
    ]
    member_a.refresh_from_db()
    new = member_a.calendar_token
    assert new != old and len(new) >= 43
    assert new in response.content.decode() and old not in response.content.decode()
    client.logout()
    assert client.get(reverse("meetings:feed", args=[old])).status_code == 404
    assert client.get(reverse("meetings:feed", args=[new])).status_code == 200
    record = AuditRecord.objects.get(action="user.calendar_token_rotate")
    assert record.actor == member_a and str(record.target_id) == str(member_a.pk)
    assert old not in str(record.data) and new not in str(record.data)


def test_replacing_the_feed_key_takes_a_signed_in_post_with_its_csrf_token(client, member_a):
    old = member_a.calendar_token
    url = reverse("meetings:feed_rotate")
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(member_a)
    assert client.get(url).status_code == 405
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member_a)
    assert browser.post(url).status_code == 403
    member_a.refresh_from_db()
    assert member_a.calendar_token == old
    data = read_form(browser.get(reverse("portal:profile")), action=url).data  # the page's form, with its CSRF token
    assert browser.post(url, data).status_code == 302
    member_a.refresh_from_db()
    assert member_a.calendar_token != old


def test_the_profile_page_offers_to_replace_the_feed_key(client, member):
    client.force_login(member)
    assert read_form(client.get(reverse("portal:profile")), action=reverse("meetings:feed_rotate")).method == "post"


# 7. NUL in the feed key --------------------------------------------------------------------------------


NUL_GUARD = "config.middleware.RejectNulBytesMiddleware"
ODD_KEYS = ["%00", "%00" + "a" * 43, "a" * 20 + "%00" + "a" * 22, "%00%00%00", "x" * 10_000, "%D7%90" * 40, "a" * 65]


@pytest.fixture
def without_nul_guard(settings):
    """The portal without its global NUL guard: the feed view must be safe on its own."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != NUL_GUARD]


@pytest.mark.parametrize("key", ODD_KEYS)
def test_a_feed_key_with_a_nul_byte_or_of_any_odd_shape_answers_404(client, without_nul_guard, key):
    assert client.get(f"/meetings/feed/{key}.ics").status_code == 404


@pytest.mark.parametrize("key", ODD_KEYS)
def test_a_feed_key_with_a_nul_byte_answers_4xx_with_every_guard_in_place(client, key):
    assert 400 <= client.get(f"/meetings/feed/{key}.ics").status_code < 500


@pytest.mark.postgres
def test_a_feed_key_with_a_nul_byte_answers_404_on_postgresql(client, postgres, without_nul_guard, member_a):
    assert client.get("/meetings/feed/%00" + "a" * 43 + ".ics").status_code == 404
    assert client.get(f"/meetings/feed/{member_a.calendar_token[:-1]}%00.ics").status_code == 404
    assert client.get(reverse("meetings:feed", args=[member_a.calendar_token])).status_code == 200


# 13. Nominating an alternate ---------------------------------------------------------------------------


@pytest.fixture
def invitee(client, invitation):
    client.force_login(invitation.person)
    in_english(client)
    return invitation


def test_nominating_an_outsider_is_a_request_that_sends_nothing_and_opens_nothing(client, meeting, invitee, committed):
    outsider = UserFactory(email="outsider@example.org")
    with committed():
        response = nominate(client, meeting, "Outsider@Example.org", name="Click https://evil.example/", follow=True)

    assert messages_of(response) == [
        "Your nomination of outsider@example.org has been sent to the secretariat, who will confirm it."
    ]
    nomination = Nomination.objects.get()
    assert (nomination.invitation, nomination.email, nomination.state) == (invitee, "outsider@example.org", "requested")
    assert Invitation.objects.count() == 1
    assert mail.outbox == []
    invitee.refresh_from_db()
    assert invitee.rsvp == "pending"
    assert "outsider@example.org" in response.content.decode()  # the invitee sees their request waiting
    record = AuditRecord.objects.get(action="nomination.request")
    assert record.actor == invitee.person and record.data["email"] == "outsider@example.org"

    client.force_login(outsider)  # the address's account gains nothing yet
    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_the_secretariat_confirms_a_nomination_and_only_then_the_alternate_is_invited(
    client, meeting, invitee, staff, committed
):
    with committed():
        nominate(client, meeting, "deputy@example.org", name="Click https://evil.example/ — urgent")
    nomination = Nomination.objects.get()
    client.force_login(staff)
    in_english(client)

    with committed():
        response = admin_action(client, Nomination, "confirm_nominations", [nomination], follow=True)

    assert ("success", "1 nomination confirmed: the alternate is being invited.") in [
        (m.level_tag, str(m)) for m in response.context["messages"]
    ]
    nomination.refresh_from_db()
    assert nomination.state == "confirmed" and nomination.decided_by == staff
    alternate = Invitation.objects.get(delegated_from=invitee)
    assert nomination.alternate_invitation == alternate
    assert alternate.email == "deputy@example.org" and alternate.invited_by == invitee.person
    invitee.refresh_from_db()
    assert invitee.rsvp == "delegated"
    (message,) = mail.outbox
    assert message.to == ["deputy@example.org"]
    text = everything_of(message)
    assert "evil.example" not in text and "urgent" not in text  # the invitee's free text stays out
    assert AuditRecord.objects.filter(action="nomination.confirm", actor=staff).count() == 1


def test_the_secretariat_refuses_a_nomination_and_nothing_is_sent(client, meeting, invitee, staff, committed):
    with committed():
        nominate(client, meeting, "deputy@example.org")
    nomination = Nomination.objects.get()
    client.force_login(staff)
    in_english(client)
    with committed():
        response = admin_action(client, Nomination, "refuse_nominations", [nomination], follow=True)
    assert ("success", "1 nomination refused.") in [(m.level_tag, str(m)) for m in response.context["messages"]]
    nomination.refresh_from_db()
    assert nomination.state == "refused" and nomination.decided_by == staff
    assert Invitation.objects.count() == 1 and mail.outbox == []
    assert AuditRecord.objects.filter(action="nomination.refuse", actor=staff).count() == 1
    # A decided nomination is not decided again.
    with committed():
        again = admin_action(client, Nomination, "confirm_nominations", [nomination], follow=True)
    assert any(level == "error" for level, _ in [(m.level_tag, str(m)) for m in again.context["messages"]])
    assert Invitation.objects.count() == 1 and mail.outbox == []


def test_the_nominations_screen_is_the_secretariats_alone(client, meeting, invitee, member_b, committed):
    with committed():
        nominate(client, meeting, "deputy@example.org")
    nomination = Nomination.objects.get()
    client.force_login(member_b)
    with committed():
        admin_action(client, Nomination, "confirm_nominations", [nomination])
    nomination.refresh_from_db()
    assert nomination.state == "requested" and mail.outbox == []
    client.force_login(UserFactory(is_staff=True))  # staff without the secretariat's permissions
    assert client.get(reverse("admin:meetings_nomination_changelist")).status_code == 403


def test_a_colleague_of_the_same_organisation_is_confirmed_at_once(client, meeting, invitee, committed):
    organisation = OrganisationFactory()
    invitee.person.organisation = organisation
    invitee.person.save()
    colleague = UserFactory(email="colleague@example.org", organisation=organisation, preferred_language="en")

    with committed():
        response = nominate(client, meeting, "colleague@example.org", name="Whatever text", follow=True)

    assert messages_of(response) == ["Your alternate has been invited."]
    nomination = Nomination.objects.get()
    assert nomination.state == "confirmed" and nomination.decided_by is None
    alternate = nomination.alternate_invitation
    assert alternate.person == colleague and alternate.name in (colleague.full_name_latin, colleague.full_name_cyrillic)
    assert to(mail.outbox) == ["colleague@example.org"]
    assert "Whatever text" not in everything_of(mail.outbox[0])
    record = AuditRecord.objects.get(action="nomination.confirm")
    assert record.data["automatic"] is True


def test_a_member_of_the_same_delegation_is_confirmed_at_once(client, meeting, invitee, group_b, committed):
    state = MemberStateFactory(code="KZ")
    Membership.objects.filter(person=invitee.person).update(represents_state=state)
    delegate = MembershipFactory(body=group_b, represents_state=state).person

    with committed():
        response = nominate(client, meeting, delegate.email, follow=True)

    assert messages_of(response) == ["Your alternate has been invited."]
    assert to(mail.outbox) == [delegate.email]
    client.force_login(delegate)
    assert client.get(meeting.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("who", ["no account", "inactive colleague", "other organisation", "other delegation"])
def test_anyone_else_waits_for_the_secretariat(client, meeting, invitee, group_b, committed, who):
    organisation, state = OrganisationFactory(), MemberStateFactory(code="KZ")
    invitee.person.organisation = organisation
    invitee.person.save()
    Membership.objects.filter(person=invitee.person).update(represents_state=state)
    address = "alternate@example.org"
    if who == "inactive colleague":
        UserFactory(email=address, organisation=organisation, is_active=False)
    elif who == "other organisation":
        UserFactory(email=address, organisation=OrganisationFactory())
    elif who == "other delegation":
        MembershipFactory(body=group_b, represents_state=MemberStateFactory(code="TJ"), person__email=address)

    with committed():
        nominate(client, meeting, address)

    assert Nomination.objects.get().state == "requested"
    assert Invitation.objects.count() == 1 and mail.outbox == []


def test_nominations_per_invitation_are_limited_with_a_clear_message(
    client, settings, meeting, invitee, staff, committed
):
    settings.MEETINGS_NOMINATIONS_PER_INVITATION = 2
    for n in (1, 2):
        with committed():
            nominate(client, meeting, f"deputy{n}@example.org", follow=True)
        Nomination.objects.filter(email=f"deputy{n}@example.org").update(state="refused")

    with committed():
        response = nominate(client, meeting, "deputy3@example.org", follow=True)

    assert messages_of(response) == [
        "You have made the 2 nominations allowed for this invitation. Please contact the secretariat."
    ]
    assert Nomination.objects.count() == 2 and mail.outbox == []


def test_a_second_nomination_waits_until_the_first_is_decided(client, meeting, invitee, committed):
    with committed():
        nominate(client, meeting, "deputy1@example.org", follow=True)
        response = nominate(client, meeting, "deputy2@example.org", follow=True)
    assert messages_of(response) == ["Your nomination of deputy1@example.org is waiting for the secretariat."]
    assert Nomination.objects.count() == 1


@pytest.mark.parametrize("length", [255, 300, 320, 400])
def test_an_alternates_address_longer_than_254_characters_is_a_form_error(client, meeting, invitee, length):
    address = "a" * 64 + "@" + ".".join(["b" * 60] * 10)
    address = address[: length - 4] + ".org"
    response = nominate(client, meeting, address, follow=True)
    assert response.status_code == 200
    assert messages_of(response) == ["An email address has at most 254 characters."]
    assert Nomination.objects.count() == 0 and Invitation.objects.count() == 1


@pytest.mark.postgres
def test_a_long_or_nul_address_is_refused_on_postgresql(client, postgres, without_nul_guard, meeting, invitee):
    long_address = ("a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 63 + ".org")[:300]
    for data in ({"email": long_address, "name": "X"}, {"email": "a\x00@example.org", "name": "X\x00"}):
        response = client.post(reverse("meetings:delegate", args=[meeting.pk]), data, follow=True)
        assert response.status_code == 200 and messages_of(response)
    assert Nomination.objects.count() == 0


# 14. Answers after a reschedule, links after deactivation ----------------------------------------------


def test_a_new_time_sets_every_answer_back_to_not_answered_and_the_update_says_so(client, meeting, staff, committed):
    answers = ["accepted", "declined", "tentative", "pending"]
    invitations = [
        InvitationFactory(meeting=meeting, sent_sequence=0, send_state="sent", rsvp=answer, language="en")
        for answer in answers
    ]
    client.force_login(staff)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    data = read_form(client.get(url), "meeting_form").data
    new_start = meeting.starts_at + datetime.timedelta(days=1)
    data["starts_at_0"], data["starts_at_1"] = admin_datetime(new_start)
    data["ends_at_0"], data["ends_at_1"] = admin_datetime(new_start + datetime.timedelta(hours=3))

    with committed():
        assert client.post(url, data).status_code == 302

    for invitation in invitations:
        invitation.refresh_from_db()
        assert (invitation.rsvp, invitation.responded_at) == ("pending", None)
    assert len(mail.outbox) == 4
    for message in mail.outbox:
        assert "The time or place has changed, so earlier answers no longer count: please answer again." in message.body
        attendee = event_of(calendar_of(message))["attendee"]
        assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
    record = AuditRecord.objects.get(action="meeting.reschedule")
    assert record.data["answers_reset"] == 3


def test_a_change_that_is_not_time_or_place_keeps_the_answers(client, meeting, staff, committed):
    invitation = InvitationFactory(meeting=meeting, sent_sequence=0, send_state="sent", rsvp="accepted")
    client.force_login(staff)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    data = read_form(client.get(url), "meeting_form").data
    data["participants_expected"] = "40"
    with committed():
        client.post(url, data)
    invitation.refresh_from_db()
    assert invitation.rsvp == "accepted" and mail.outbox == []


def test_the_answer_link_of_a_deactivated_person_is_gone_and_records_nothing(client, meeting, invitation):
    url = reverse("meetings:rsvp", kwargs={"token": tokens.rsvp_token(invitation)})
    assert client.get(url).status_code == 200
    invitation.person.is_active = False
    invitation.person.save()
    in_english(client)
    for response in (client.get(url + "?answer=accepted"), client.post(url, {"answer": "accepted"})):
        assert response.status_code == 410
        assert "This answer link no longer works" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.rsvp == "pending" and invitation.responded_at is None
    assert not AuditRecord.objects.filter(action="invitation.respond").exists()


# 15. Headers and errors that retrying cannot fix -------------------------------------------------------


class RefusingHandler:
    """An aiosmtpd handler that refuses some recipients (at RCPT or after DATA) and keeps the rest."""

    def __init__(self, refuse_rcpt: dict[str, str], refuse_data: dict[str, str]):
        self.refuse_rcpt, self.refuse_data = refuse_rcpt, refuse_data
        self.delivered: list[tuple[tuple[str, ...], bytes]] = []
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # aiosmtpd's hook name
        if address in self.refuse_rcpt:
            return self.refuse_rcpt[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        for address in envelope.rcpt_tos:
            if address in self.refuse_data:
                return self.refuse_data[address]
        with self.lock:
            self.delivered.append((tuple(envelope.rcpt_tos), bytes(envelope.content)))
        return "250 2.0.0 Accepted"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1 that the portal sends through; `refuse(...)` sets who is refused."""
    handler = RefusingHandler({}, {})
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, ready_timeout=10)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = "", ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield handler
    drop_session(polite=True)
    controller.stop()


def invite_three(meeting) -> list[Invitation]:
    return [
        InvitationFactory(meeting=meeting, person=None, email=f"{who}@example.org", name=who.title())
        for who in ("first", "refused", "third")
    ]


@pytest.mark.parametrize(
    ("at", "reply"),
    [
        ("rcpt", "550 5.1.1 <refused@example.org>: mailbox unavailable"),
        ("rcpt", "553 5.1.3 Bad recipient address syntax"),
        ("data", "554 5.6.0 Message refused for this recipient"),
    ],
)
def test_a_recipient_refused_for_good_fails_at_once_and_the_others_are_delivered(
    meeting, staff, committed, smtp_server, at, reply
):
    getattr(smtp_server, f"refuse_{at}")["refused@example.org"] = reply
    first, refused, third = invite_three(meeting)
    with committed():
        services.invitations_send(meeting=meeting, by=staff)

    assert sorted(r for recipients, _ in smtp_server.delivered for r in recipients) == [
        "first@example.org",
        "third@example.org",
    ]
    for row in (first, refused, third):
        row.refresh_from_db()
    assert first.send_state == third.send_state == SendState.SENT
    assert refused.send_state == SendState.FAILED and refused.attempts == 1
    assert reply.split()[0] in refused.last_error
    (attempt,) = DeliveryAttempt.objects.filter(invitation=refused)
    assert attempt.outcome == DeliveryAttempt.Outcome.FAILED and reply.split()[0] in attempt.error


def test_a_temporary_refusal_keeps_the_invitation_waiting_for_its_retry(settings, meeting, smtp_server):
    settings.OUTBOX_RETRY_DELAYS = [60, 120]
    smtp_server.refuse_rcpt["refused@example.org"] = "450 4.2.1 Mailbox busy, try later"
    _first, refused, _third = invite_three(meeting)
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        services.invitation_send(invitation_id=refused.pk)
    refused.refresh_from_db()
    assert refused.send_state == SendState.QUEUED and "450" in refused.last_error
    (attempt,) = DeliveryAttempt.objects.filter(invitation=refused)
    assert attempt.outcome == DeliveryAttempt.Outcome.ERROR


def test_a_newline_in_the_title_is_folded_into_one_subject_and_every_invitation_goes(
    group_a, staff, committed, smtp_server
):
    meeting = MeetingFactory(
        bodies=[group_a], title_ru="Заседание\r\nBcc: victim@example.org", title_en="Session\nBcc: victim@example.org"
    )
    invite_three(meeting)
    with committed():
        assert services.invitations_send(meeting=meeting, by=staff) == 3

    assert len(smtp_server.delivered) == 3
    for recipients, content in smtp_server.delivered:
        assert len(recipients) == 1 and "victim@example.org" not in recipients
        message = email.message_from_bytes(content, policy=email.policy.default)
        assert message["Bcc"] is None
        assert "\n" not in str(message["Subject"]) and "\r" not in str(message["Subject"])
        assert "Bcc: victim@example.org" in str(message["Subject"])  # the title's text, kept on one line
    assert set(Invitation.objects.values_list("send_state", flat=True)) == {SendState.SENT}


def test_a_message_that_cannot_be_built_fails_at_once_without_stopping_the_others(
    monkeypatch, meeting, staff, committed
):
    _first, broken, _third = invite_three(meeting)
    real_build = emails.MessageBuilder.build

    def build(self, *, invitation, kind, message_id):
        message = real_build(self, invitation=invitation, kind=kind, message_id=message_id)
        if invitation.pk == broken.pk:
            message.extra_headers["X-Broken"] = "line one\nline two"  # Django refuses it (BadHeaderError)
        return message

    monkeypatch.setattr(emails.MessageBuilder, "build", build)
    with committed():
        services.invitations_send(meeting=meeting, by=staff)

    assert to(mail.outbox) == ["first@example.org", "third@example.org"]
    broken.refresh_from_db()
    assert broken.send_state == SendState.FAILED and broken.attempts == 1
    assert "BadHeaderError" in broken.last_error
