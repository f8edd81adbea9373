"""A meeting's status rules, cancellation, rescheduling through the admin, and reminders that go once each."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from council.models import AuditRecord
from council.outbox.sweep import outbox_sweep
from meetings import services, tasks
from meetings.models import Invitation, Meeting, MeetingStatusChange, Reminder
from tests.factories import InvitationFactory, MeetingFactory
from tests.html import read_form
from tests.meetings.helpers import (
    admin_datetime,
    calendar_of,
    calendar_part,
    days_ahead,
    event_of,
    local,
    message_id,
    to,
)

pytestmark = pytest.mark.django_db

Status = Meeting.Status
PAIRS = [(a, b) for a in Status for b in Status]
ALLOWED = [(a, b) for a, b in PAIRS if b in services.TRANSITIONS[a]]
REFUSED = [(a, b) for a, b in PAIRS if b not in services.TRANSITIONS[a]]


def ids(pairs):
    return [f"{a.value}->{b.value}" for a, b in pairs]


def meeting_ready_for_anything(group_a, status) -> Meeting:
    """A meeting that started an hour ago and has minutes, so that only the status rule can refuse a change."""
    now = timezone.now()
    return MeetingFactory(
        bodies=[group_a],
        status=status,
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=2),
        minutes="The group met and agreed.",
    )


# Status ------------------------------------------------------------------------------------------------


def test_the_rules_name_every_status():
    assert set(services.TRANSITIONS) == set(Status)
    assert ALLOWED and REFUSED


@pytest.mark.parametrize(("current", "target"), ALLOWED, ids=ids(ALLOWED))
def test_every_allowed_change_of_status_is_made_and_recorded_with_who_and_when(group_a, staff, current, target):
    at = timezone.now().replace(microsecond=0)
    with time_machine.travel(at, tick=False):
        meeting = meeting_ready_for_anything(group_a, current)
        services.meeting_transition(meeting=meeting, to=target, by=staff, reason="Decided by the bureau")

    meeting.refresh_from_db()
    assert meeting.status == target
    change = MeetingStatusChange.objects.get(meeting=meeting)
    assert (change.from_status, change.to_status, change.changed_by, change.changed_at, change.reason) == (
        current,
        target,
        staff,
        at,
        "Decided by the bureau",
    )
    record = AuditRecord.objects.get(action="meeting.status", target_id=str(meeting.pk))
    assert record.actor == staff and record.data["from"] == current and record.data["to"] == target
    if target == Status.MINUTES_APPROVED:
        assert (meeting.minutes_approved_by, meeting.minutes_approved_at) == (staff, at)


@pytest.mark.parametrize(("current", "target"), REFUSED, ids=ids(REFUSED))
def test_every_other_change_of_status_is_refused_and_changes_nothing(group_a, staff, current, target):
    meeting = meeting_ready_for_anything(group_a, current)
    InvitationFactory(meeting=meeting, sent_sequence=0, send_state="sent")
    before = Meeting.objects.values().get(pk=meeting.pk)

    with pytest.raises(services.MeetingError) as refused:
        services.meeting_transition(meeting=meeting, to=target, by=staff)

    assert refused.value.messages and refused.value.messages[0]
    assert Meeting.objects.values().get(pk=meeting.pk) == before
    assert not MeetingStatusChange.objects.exists()
    assert not AuditRecord.objects.filter(action="meeting.status").exists()
    assert Invitation.objects.filter(meeting=meeting).count() == 1
    assert mail.outbox == []


def test_a_meeting_that_has_not_started_cannot_be_marked_held(meeting, staff):
    with pytest.raises(services.MeetingError):
        services.meeting_transition(meeting=meeting, to=Status.HELD, by=staff)
    meeting.refresh_from_db()
    assert meeting.status == Status.SCHEDULED
    assert not MeetingStatusChange.objects.exists()


@pytest.mark.parametrize("minutes", ["", "   \n "])
def test_minutes_cannot_be_approved_before_they_are_written(group_a, staff, minutes):
    meeting = meeting_ready_for_anything(group_a, Status.HELD)
    Meeting.objects.filter(pk=meeting.pk).update(minutes=minutes)
    with pytest.raises(services.MeetingError):
        services.minutes_approve(meeting=meeting, by=staff)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.minutes_approved_at, meeting.minutes_approved_by) == (Status.HELD, None, None)


# Cancellation ------------------------------------------------------------------------------------------


def test_cancelling_sends_a_cancellation_to_those_sent_the_invitation_and_withdraws_the_rest(meeting, staff, committed):
    sent = [
        InvitationFactory(meeting=meeting, sent_sequence=0, send_state="sent"),
        InvitationFactory(meeting=meeting, sent_sequence=0, send_state="sent", rsvp="accepted", language="en"),
    ]
    never_sent = InvitationFactory(meeting=meeting)
    alternate_of = InvitationFactory(meeting=meeting, sent_sequence=0, send_state="sent", rsvp="delegated")
    alternate_never_sent = InvitationFactory(meeting=meeting, delegated_from=alternate_of)
    sent.append(alternate_of)

    with committed():
        services.meeting_cancel(meeting=meeting, by=staff, reason="Venue unavailable")

    meeting.refresh_from_db()
    assert meeting.status == Status.CANCELLED and meeting.sequence == 1
    assert to(mail.outbox) == sorted(i.email for i in sent)
    for message in mail.outbox:
        calendar = calendar_of(message)
        event = event_of(calendar)
        assert str(calendar["method"]) == "CANCEL"
        assert calendar_part(message).get_param("method") == "CANCEL"
        assert str(event["status"]) == "CANCELLED"
        assert int(event["sequence"]) == 1
        assert str(event["uid"]) == f"meeting-{meeting.uid}@rec-portal"
    assert not Invitation.objects.filter(pk__in=[never_sent.pk, alternate_never_sent.pk]).exists()
    assert AuditRecord.objects.filter(action="invitation.withdraw").count() == 2
    assert set(Invitation.objects.filter(meeting=meeting).values_list("send_state", "sent_sequence")) == {("sent", 1)}
    assert MeetingStatusChange.objects.get(meeting=meeting).reason == "Venue unavailable"


def test_cancelling_twice_sends_nothing_more(meeting, staff, committed):
    InvitationFactory(meeting=meeting, sent_sequence=0, send_state="sent")
    with committed():
        services.meeting_cancel(meeting=meeting, by=staff)
    mail.outbox.clear()
    with committed(), pytest.raises(services.MeetingError):
        services.meeting_cancel(meeting=meeting, by=staff)
    assert mail.outbox == []
    assert MeetingStatusChange.objects.filter(meeting=meeting).count() == 1


def test_cancelling_a_draft_withdraws_its_invitations_and_sends_nothing(group_a, staff, committed):
    draft = MeetingFactory(bodies=[group_a], status="draft")
    InvitationFactory.create_batch(2, meeting=draft)
    with committed():
        services.meeting_cancel(meeting=draft, by=staff)
    assert mail.outbox == []
    assert not Invitation.objects.filter(meeting=draft).exists()


# Rescheduling through the admin -------------------------------------------------------------------------


def _change_form(client, meeting):
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    return url, read_form(client.get(url), "meeting_form").data


def _set_time(data, field, value):
    data[f"{field}_0"], data[f"{field}_1"] = admin_datetime(value)


def test_moving_a_scheduled_meeting_in_the_admin_sends_updates_with_a_higher_sequence(
    client, meeting, staff, committed
):
    sent = InvitationFactory(meeting=meeting, sent_sequence=0, send_state="sent")
    never_sent = InvitationFactory(meeting=meeting)
    client.force_login(staff)
    url, data = _change_form(client, meeting)
    new_start = meeting.starts_at + datetime.timedelta(days=1, hours=2)
    _set_time(data, "starts_at", new_start)
    _set_time(data, "ends_at", new_start + datetime.timedelta(hours=3))

    with committed():
        response = client.post(url, data)

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.starts_at == new_start and meeting.sequence == 1
    assert to(mail.outbox) == [sent.email]
    event = event_of(calendar_of(mail.outbox[0]))
    assert int(event["sequence"]) == 1
    assert str(event["uid"]) == f"meeting-{meeting.uid}@rec-portal"
    assert event["dtstart"].dt == new_start
    assert message_id(mail.outbox[0]).startswith(f"<invitation.{sent.pk}.seq1.")
    sent.refresh_from_db()
    never_sent.refresh_from_db()
    assert (sent.sent_sequence, sent.send_state) == (1, "sent")
    assert never_sent.sent_sequence is None

    # A change of place is a change too: the next update carries the next sequence.
    mail.outbox.clear()
    url, data = _change_form(client, meeting)
    data["venue_address"] = "Amir Temur 1"
    with committed():
        client.post(url, data)
    meeting.refresh_from_db()
    assert meeting.sequence == 2
    assert [int(event_of(calendar_of(m))["sequence"]) for m in mail.outbox] == [2]
    assert "Amir Temur 1" in str(event_of(calendar_of(mail.outbox[0]))["location"])


def test_changes_that_are_not_time_or_place_send_no_update(client, meeting, staff, committed):
    InvitationFactory(meeting=meeting, sent_sequence=0, send_state="sent")
    client.force_login(staff)
    url, data = _change_form(client, meeting)
    data["description_ru"] = "Повестка уточнена."
    data["participants_expected"] = "40"
    with committed():
        assert client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.sequence == 0 and meeting.description_ru == "Повестка уточнена."
    assert mail.outbox == []


def test_moving_a_draft_sends_nothing(client, group_a, staff, committed):
    draft = MeetingFactory(bodies=[group_a], status="draft")
    InvitationFactory(meeting=draft)
    client.force_login(staff)
    url, data = _change_form(client, draft)
    _set_time(data, "starts_at", draft.starts_at + datetime.timedelta(hours=1))
    with committed():
        assert client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.sequence == 0
    assert mail.outbox == []


def test_an_end_before_the_start_is_refused_in_the_admin_and_changes_nothing(client, meeting, secretary, committed):
    InvitationFactory(meeting=meeting, sent_sequence=0, send_state="sent")
    url, data = _change_form(client, meeting)
    _set_time(data, "ends_at", meeting.starts_at - datetime.timedelta(hours=1))
    before = Meeting.objects.values().get(pk=meeting.pk)

    with committed():
        response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["ends_at"] == ["The meeting must end after it starts."]
    assert Meeting.objects.values().get(pk=meeting.pk) == before
    assert mail.outbox == []


def test_answers_due_after_the_start_are_refused_in_the_admin(client, meeting, staff):
    client.force_login(staff)
    url, data = _change_form(client, meeting)
    _set_time(data, "rsvp_deadline", meeting.starts_at + datetime.timedelta(hours=1))
    response = client.post(url, data)
    assert response.status_code == 200
    assert "rsvp_deadline" in response.context["adminform"].form.errors
    before = meeting.rsvp_deadline
    meeting.refresh_from_db()
    assert meeting.rsvp_deadline == before


def test_the_model_refuses_an_end_before_the_start(group_a):
    meeting = MeetingFactory.build(starts_at=local(days_ahead(5), 10), ends_at=local(days_ahead(5), 9))
    with pytest.raises(ValidationError) as refused:
        meeting.full_clean(exclude=["bodies"])
    assert "ends_at" in refused.value.message_dict
    saved = MeetingFactory(bodies=[group_a])
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=saved.pk).update(ends_at=saved.starts_at)


# Reminders ---------------------------------------------------------------------------------------------


@pytest.fixture
def invitees(meeting):
    """Invitees of the meeting with every answer, all sent the invitation, and one never sent it."""
    meeting.rsvp_deadline = meeting.starts_at - datetime.timedelta(days=4)
    meeting.save()
    rows = {
        answer: InvitationFactory(meeting=meeting, rsvp=answer, sent_sequence=0, send_state="sent")
        for answer in ["accepted", "tentative", "pending", "declined", "delegated"]
    }
    rows["never sent"] = InvitationFactory(meeting=meeting)
    return rows


def run_beat(committed) -> int:
    with committed():
        return tasks.reminders_due.delay().get()


def reminders_sent(key: str) -> list[str]:
    return sorted(
        m.to[0] for m in mail.outbox if f".{key}." in message_id(m) and message_id(m).startswith("<reminder.")
    )


def test_the_seven_day_and_one_day_reminders_go_once_each_to_those_who_have_not_declined(meeting, invitees, committed):
    expected = sorted(invitees[a].email for a in ["accepted", "tentative", "pending"])
    start = meeting.starts_at

    with time_machine.travel(start - datetime.timedelta(days=8), tick=False):
        assert run_beat(committed) == 0
    assert mail.outbox == []

    with time_machine.travel(start - datetime.timedelta(days=7) + datetime.timedelta(minutes=1), tick=False):
        assert run_beat(committed) == 3
        assert run_beat(committed) == 0
    assert reminders_sent("start-168h") == expected and len(mail.outbox) == 3

    with time_machine.travel(start - datetime.timedelta(days=2), tick=False):
        assert run_beat(committed) == 0  # between the two (the answer reminder has its own test)
    assert len(mail.outbox) == 3

    with time_machine.travel(start - datetime.timedelta(hours=23), tick=False):
        assert run_beat(committed) == 3
        assert run_beat(committed) == 0
    assert reminders_sent("start-24h") == expected

    with time_machine.travel(start + datetime.timedelta(minutes=1), tick=False):
        assert run_beat(committed) == 0
    assert len(reminders_sent("start-168h")) == 3 and len(reminders_sent("start-24h")) == 3
    assert set(Reminder.objects.values_list("send_state", flat=True)) == {"sent"}


def test_the_answer_reminder_goes_once_and_only_to_those_who_have_not_answered(meeting, invitees, committed):
    meeting.reminder_hours = [24]  # keeps the start reminders out of the way
    meeting.save()
    deadline = meeting.rsvp_deadline  # 4 days before the start; the reminder is due 48 hours before it
    with time_machine.travel(deadline - datetime.timedelta(hours=49), tick=False):
        assert run_beat(committed) == 0
    with time_machine.travel(deadline - datetime.timedelta(hours=47), tick=False):
        assert run_beat(committed) == 1
        assert run_beat(committed) == 0
    assert reminders_sent("rsvp") == [invitees["pending"].email]
    assert len(mail.outbox) == 1
    with time_machine.travel(deadline + datetime.timedelta(hours=1), tick=False):
        assert run_beat(committed) == 0
    assert len(mail.outbox) == 1


def test_someone_who_declines_after_a_reminder_gets_no_further_one(meeting, invitees, committed):
    start = meeting.starts_at
    with time_machine.travel(start - datetime.timedelta(days=6), tick=False):
        run_beat(committed)
    Invitation.objects.filter(pk=invitees["accepted"].pk).update(rsvp="declined")
    with time_machine.travel(start - datetime.timedelta(hours=12), tick=False):
        run_beat(committed)
    assert reminders_sent("start-24h") == sorted(invitees[a].email for a in ["tentative", "pending"])


def test_a_cancelled_meeting_sends_no_reminders(meeting, invitees, staff, committed):
    with committed():
        services.meeting_cancel(meeting=meeting, by=staff)
    mail.outbox.clear()
    with time_machine.travel(meeting.starts_at - datetime.timedelta(hours=12), tick=False):
        assert run_beat(committed) == 0
    assert mail.outbox == []


def test_reminders_follow_the_hours_the_secretariat_set(meeting, invitees, committed):
    meeting.reminder_hours = [72]
    meeting.rsvp_deadline = None
    meeting.save()
    with time_machine.travel(meeting.starts_at - datetime.timedelta(days=6), tick=False):
        assert run_beat(committed) == 0
    with time_machine.travel(meeting.starts_at - datetime.timedelta(hours=71), tick=False):
        assert run_beat(committed) == 3
    assert len(reminders_sent("start-72h")) == 3


def test_an_invitee_added_to_the_list_is_not_emailed_until_the_secretariat_sends(meeting, staff, committed):
    with committed():
        added = services.invitation_add(meeting=meeting, email="new.guest@example.org", by=staff)
    assert added.send_state == "queued" and added.queued_at is None
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1), tick=False), committed():
        assert outbox_sweep()["invitations"] == 0
    assert mail.outbox == []
    with committed():
        services.invitations_send(meeting=meeting, by=staff)
    assert [m.to for m in mail.outbox] == [["new.guest@example.org"]]


def test_an_invitation_sent_after_a_reminder_fell_due_does_not_bring_that_reminder(meeting, staff, committed):
    start = meeting.starts_at
    with time_machine.travel(start - datetime.timedelta(days=3), tick=False):
        with committed():
            services.invitation_add(meeting=meeting, email="late@example.org", by=staff)
            services.invitations_send(meeting=meeting, by=staff)
        mail.outbox.clear()
        assert run_beat(committed) == 0  # the 7-day reminder fell due before the invitation went out
    with time_machine.travel(start - datetime.timedelta(hours=23), tick=False):
        assert run_beat(committed) == 1  # the 1-day reminder does come
    assert reminders_sent("start-24h") == ["late@example.org"]


def test_after_a_beat_outage_only_the_latest_reminder_goes(meeting, invitees, committed):
    with time_machine.travel(meeting.starts_at - datetime.timedelta(hours=12), tick=False):
        assert run_beat(committed) == 3
    assert reminders_sent("start-168h") == []
    assert len(reminders_sent("start-24h")) == 3
