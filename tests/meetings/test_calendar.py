"""Calendar files: the ICS of each email, the download of a meeting, and a person's private feed."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from council.models import Access
from meetings import services
from tests.factories import InvitationFactory, MeetingFactory, UserFactory
from tests.meetings.helpers import calendar_of, calendar_part, days_ahead, event_of, local

pytestmark = pytest.mark.django_db


def send_invitations(meeting, staff, committed):
    with committed():
        return services.invitations_send(meeting=meeting, by=staff)


def test_the_invitation_carries_a_calendar_request_in_the_meetings_time_zone(meeting, staff, committed):
    invitation = InvitationFactory(meeting=meeting, person=None, email="guest@example.org", name="Guest Expert")
    assert send_invitations(meeting, staff, committed) == 1

    (message,) = mail.outbox
    part = calendar_part(message)
    assert part.get_content_type() == "text/calendar" and part.get_param("method") == "REQUEST"
    assert part.get_filename() == "invite.ics"
    raw = part.get_payload(decode=True).decode()
    start = meeting.local_start
    assert f"DTSTART;TZID=Asia/Tashkent:{start:%Y%m%d}T100000" in raw
    assert f"DTEND;TZID=Asia/Tashkent:{start:%Y%m%d}T130000" in raw

    calendar = calendar_of(message)
    assert str(calendar["method"]) == "REQUEST" and str(calendar["version"]) == "2.0"
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Tashkent"]
    event = event_of(calendar)
    assert str(event["uid"]) == f"meeting-{meeting.uid}@rec-portal"
    assert int(event["sequence"]) == 0
    assert str(event["status"]) == "CONFIRMED"
    assert event["dtstart"].params["TZID"] == "Asia/Tashkent"
    assert event["dtstart"].dt == local(start.date(), 10)
    assert event["dtstart"].dt.tzinfo.key == "Asia/Tashkent"
    assert event["dtend"].dt == local(start.date(), 13)
    assert "Tashkent" in str(event["location"]) or "Ташкент" in str(event["location"])
    assert str(event["organizer"]) == "mailto:secretariat@rec.example.org"
    attendee = event["attendee"]
    assert str(attendee) == f"mailto:{invitation.email}"
    assert (attendee.params["PARTSTAT"], attendee.params["RSVP"], attendee.params["CN"]) == (
        "NEEDS-ACTION",
        "TRUE",
        "Guest Expert",
    )


def test_a_new_york_meeting_is_sent_in_new_york_time(group_a, staff, committed):
    starts = local(datetime.date(2031, 3, 20), 9, 30, tz="America/New_York")
    meeting = MeetingFactory(
        bodies=[group_a], timezone="America/New_York", starts_at=starts, ends_at=starts + datetime.timedelta(hours=2)
    )
    InvitationFactory(meeting=meeting)
    send_invitations(meeting, staff, committed)
    event = event_of(calendar_of(mail.outbox[0]))
    assert event["dtstart"].params["TZID"] == "America/New_York"
    assert event["dtstart"].dt.replace(tzinfo=None) == datetime.datetime(2031, 3, 20, 9, 30)
    assert event["dtstart"].dt == starts


def test_the_uid_stays_and_the_sequence_grows_through_update_and_cancellation(meeting, staff, committed):
    InvitationFactory(meeting=meeting)
    send_invitations(meeting, staff, committed)

    meeting.starts_at += datetime.timedelta(hours=1)
    meeting.ends_at += datetime.timedelta(hours=1)
    meeting.save()
    with committed():
        assert services.meeting_changed(meeting=meeting, changed_fields=["starts_at", "ends_at"], by=staff)
    with committed():
        services.meeting_cancel(meeting=meeting, by=staff)

    calendars = [calendar_of(m) for m in mail.outbox]
    events = [event_of(c) for c in calendars]
    assert [str(c["method"]) for c in calendars] == ["REQUEST", "REQUEST", "CANCEL"]
    assert [int(e["sequence"]) for e in events] == [0, 1, 2]
    assert {str(e["uid"]) for e in events} == {f"meeting-{meeting.uid}@rec-portal"}
    assert events[1]["dtstart"].dt == local(meeting.local_start.date(), 11)
    assert [str(e["status"]) for e in events] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    assert len({m.message()["Message-ID"] for m in mail.outbox}) == 3


def test_the_attendee_carries_the_invitees_answer(meeting, staff, committed):
    # A new time or place sets answers back to NEEDS-ACTION (issue 7, item 14); a cancellation keeps them.
    InvitationFactory(meeting=meeting, rsvp="accepted", sent_sequence=0, send_state="sent")
    with committed():
        services.meeting_cancel(meeting=meeting, by=staff)
    assert event_of(calendar_of(mail.outbox[0]))["attendee"].params["PARTSTAT"] == "ACCEPTED"


# Download ----------------------------------------------------------------------------------------------


def test_a_visible_meeting_can_be_downloaded_as_a_calendar_file(client, group_a):
    meeting = MeetingFactory(bodies=[group_a], access=Access.PUBLIC)
    response = client.get(reverse("meetings:ics", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="meeting-{meeting.pk}.ics"'
    calendar = Calendar.from_ical(response.content)
    event = event_of(calendar)
    assert str(event["uid"]) == f"meeting-{meeting.uid}@rec-portal"
    assert event["dtstart"].params["TZID"] == "Asia/Tashkent"
    assert "attendee" not in event


def test_a_meeting_one_may_not_see_cannot_be_downloaded(client, meeting, member_b):
    url = reverse("meetings:ics", args=[meeting.pk])
    signed_out = client.get(url)  # sent to sign in first, as for a meeting that does not exist
    assert signed_out.status_code == 302 and signed_out["Location"].startswith("/accounts/login/")
    client.force_login(member_b)
    assert client.get(url).status_code == 404


# The private feed --------------------------------------------------------------------------------------


def test_the_private_feed_lists_the_persons_meetings_and_nothing_else(client, group_a, member_a):
    mine = MeetingFactory(bodies=[group_a], title_en="Mine")
    cancelled = MeetingFactory(bodies=[group_a], status="cancelled", title_en="Cancelled one")
    held = MeetingFactory(
        bodies=[group_a], status="held", starts_at=local(days_ahead(-3), 10), ends_at=local(days_ahead(-3), 12)
    )
    draft = MeetingFactory(bodies=[group_a], status="draft")
    not_invited = MeetingFactory(bodies=[group_a], access=Access.PUBLIC)
    for meeting in (mine, cancelled, held, draft):
        InvitationFactory(meeting=meeting, person=member_a)
    InvitationFactory(meeting=not_invited)

    response = client.get(reverse("meetings:feed", args=[member_a.calendar_token]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, max-age=300"
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert {str(e["uid"]) for e in events} == {f"meeting-{m.uid}@rec-portal" for m in (mine, cancelled, held)}
    status = {str(e["uid"]): str(e["status"]) for e in events}
    assert status[f"meeting-{cancelled.uid}@rec-portal"] == "CANCELLED"
    tashkent = zoneinfo.ZoneInfo("Asia/Tashkent")
    assert {e["dtstart"].dt.tzinfo for e in events} == {tashkent}


def test_the_feed_shows_each_person_their_own_meetings(client, group_a, member_a, member_b):
    theirs = MeetingFactory(bodies=[group_a])
    InvitationFactory(meeting=theirs, person=member_b)
    InvitationFactory(meeting=MeetingFactory(bodies=[group_a]), person=member_a)
    events = Calendar.from_ical(client.get(reverse("meetings:feed", args=[member_b.calendar_token])).content)
    assert [str(e["uid"]) for e in events.walk("VEVENT")] == [f"meeting-{theirs.uid}@rec-portal"]


def test_a_wrong_or_dead_feed_key_answers_404(client, member_a):
    InvitationFactory(meeting=MeetingFactory(), person=member_a)
    token = member_a.calendar_token
    for wrong in ["x" * 43, token[:-1] + ("A" if token[-1] != "A" else "B"), token[:20], token.upper()]:
        if wrong != token:
            assert client.get(reverse("meetings:feed", args=[wrong])).status_code == 404, wrong
    inactive = UserFactory(is_active=False)
    assert client.get(reverse("meetings:feed", args=[inactive.calendar_token])).status_code == 404
