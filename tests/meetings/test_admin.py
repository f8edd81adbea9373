"""The secretariat's meetings screens: who reaches them, what each action does, exports, answers and attendance."""

import csv
import datetime
import io
import re

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from council.models import AuditRecord
from meetings.models import Attendance, Invitation, Meeting, MeetingStatusChange
from tests.factories import (
    InvitationFactory,
    MeetingFactory,
    MembershipFactory,
    MemberStateFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.helpers import admin_action
from tests.html import read_form
from tests.meetings.helpers import admin_datetime, calendar_of, days_ahead, local, to

pytestmark = pytest.mark.django_db

SCREENS = [
    ("admin:meetings_meeting_changelist", None),
    ("admin:meetings_meeting_add", None),
    ("admin:meetings_meeting_change", "meeting"),
    ("admin:meetings_meeting_history", "meeting"),
    ("admin:meetings_invitation_changelist", None),
    ("admin:meetings_invitation_add", None),
    ("admin:meetings_invitation_change", "invitation"),
    ("admin:meetings_invitation_history", "invitation"),
]
ACTIONS = [
    "schedule",
    "send_invitations",
    "send_reminder_now",
    "cancel_meeting",
    "retry_failed",
    "mark_held",
    "approve_minutes",
    "export_participants",
]


def screen_url(name, target, meeting, invitation):
    return reverse(name, args=[{"meeting": meeting, "invitation": invitation}[target].pk] if target else [])


def notes(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


# Who reaches the screens -------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "target"), SCREENS)
def test_secretariat_staff_reach_every_meetings_screen(client, secretary, meeting, invitation, name, target):
    assert client.get(screen_url(name, target, meeting, invitation)).status_code == 200


@pytest.mark.parametrize(("name", "target"), SCREENS)
def test_people_who_are_not_staff_are_sent_to_sign_in(client, member_a, meeting, invitation, name, target):
    url = screen_url(name, target, meeting, invitation)
    assert client.get(url).status_code == 302
    client.force_login(member_a)
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize(("name", "target"), SCREENS)
def test_staff_without_the_secretariat_permissions_see_no_meetings_screen(client, meeting, invitation, name, target):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(screen_url(name, target, meeting, invitation)).status_code == 403


def test_the_changelists_filter_and_search(client, secretary, meeting, invitation, group_a):
    meetings = reverse("admin:meetings_meeting_changelist")
    for query in [
        "?status__exact=scheduled",
        "?kind__exact=working_group",
        "?format__exact=in_person",
        "?access__exact=body",
        f"?bodies__id__exact={group_a.pk}",
        f"?starts_at__year={meeting.starts_at.year}",
        "?q=Group+A+session",
        "?q=Ташкент",
        "?o=3",
        "?o=-6",
    ]:
        response = client.get(meetings + query)
        assert response.status_code == 200, query
        assert list(response.context["cl"].result_list) == [meeting], query
    assert list(client.get(meetings + "?status__exact=draft").context["cl"].result_list) == []

    invitations = reverse("admin:meetings_invitation_changelist")
    for query in [
        "?send_state__exact=sent",
        "?rsvp__exact=pending",
        "?language__exact=ru",
        f"?meeting__id__exact={meeting.pk}",
        f"?q={invitation.email}",
        f"?q={invitation.person.full_name_latin}",
    ]:
        response = client.get(invitations + query)
        assert response.status_code == 200, query
        assert list(response.context["cl"].result_list) == [invitation], query


def test_the_meeting_list_shows_the_local_start_and_the_number_invited(client, secretary, meeting, invitation):
    InvitationFactory(meeting=meeting)
    response = client.get(reverse("admin:meetings_meeting_changelist"))
    (row,) = response.context["cl"].result_list
    assert row._invitations == 2
    assert f"{meeting.local_start:%Y-%m-%d} 10:00 Asia/Tashkent" in response.content.decode()


def test_the_changelists_do_not_issue_more_queries_as_rows_grow(client, secretary, group_a, queries_do_not_grow):
    def add(n):
        for _ in range(n):
            InvitationFactory(meeting=MeetingFactory(bodies=[group_a]))

    add(2)
    queries_do_not_grow(
        reverse("admin:meetings_meeting_changelist"),
        reverse("admin:meetings_invitation_changelist"),
        at_most=15,
        grow=lambda: add(18),
    )


# Who may use the actions -------------------------------------------------------------------------------


@pytest.fixture
def everything_to_act_on(group_a):
    """Meetings that every action could change, with invitees owed emails."""
    draft = MeetingFactory(bodies=[group_a], status="draft")
    scheduled = MeetingFactory(bodies=[group_a])
    InvitationFactory(meeting=scheduled, sent_sequence=0, send_state="sent")
    InvitationFactory(meeting=scheduled, send_state="failed")
    started = MeetingFactory(
        bodies=[group_a], starts_at=timezone.now() - datetime.timedelta(hours=1), minutes="Minutes."
    )
    held = MeetingFactory(bodies=[group_a], status="held", starts_at=local(days_ahead(-2), 10), minutes="Minutes.")
    return [draft, scheduled, started, held]


def _state():
    return (
        list(Meeting.objects.order_by("pk").values_list("status", "sequence", "minutes_approved_at")),
        list(Invitation.objects.order_by("pk").values_list("send_state", "sent_sequence")),
        MeetingStatusChange.objects.count(),
    )


@pytest.mark.parametrize("action", ACTIONS)
def test_people_who_are_not_staff_cannot_use_the_actions(client, member_a, everything_to_act_on, committed, action):
    before = _state()
    for person in (None, member_a, UserFactory(is_staff=True)):
        if person:
            client.force_login(person)
        with committed():
            response = admin_action(client, Meeting, action, everything_to_act_on)
        assert response.status_code in (302, 403)
        assert response.get("Content-Type", "").split(";")[0] != "text/csv"
    assert _state() == before
    assert mail.outbox == []


def test_people_who_are_not_staff_cannot_retry_invitations(client, member_a, everything_to_act_on, committed):
    before = _state()
    for person in (None, member_a, UserFactory(is_staff=True)):
        if person:
            client.force_login(person)
        with committed():
            assert admin_action(client, Invitation, "retry_failed", Invitation.objects.all()).status_code in (302, 403)
    assert _state() == before
    assert mail.outbox == []


@pytest.mark.parametrize("action", [a for a in ACTIONS if a != "export_participants"])
def test_staff_who_may_only_view_meetings_cannot_change_them(client, everything_to_act_on, committed, action):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(codename__in=["view_meeting", "view_invitation"]))
    client.force_login(viewer)
    before = _state()
    with committed():
        response = admin_action(client, Meeting, action, everything_to_act_on, follow=True)
    assert response.status_code == 200
    assert _state() == before
    assert mail.outbox == []
    export = admin_action(client, Meeting, "export_participants", everything_to_act_on)
    assert export["Content-Type"] == "text/csv; charset=utf-8"


# Each action -------------------------------------------------------------------------------------------


def test_schedule_publishes_a_draft_and_records_who_did_it(client, secretary, group_a):
    draft = MeetingFactory(bodies=[group_a], status="draft")
    scheduled = MeetingFactory(bodies=[group_a], title_en="Already scheduled")
    response = admin_action(client, Meeting, "schedule", [draft, scheduled], follow=True)
    draft.refresh_from_db()
    assert draft.status == "scheduled"
    change = MeetingStatusChange.objects.get(meeting=draft)
    assert (change.from_status, change.to_status, change.changed_by) == ("draft", "scheduled", secretary)
    errors = [text for level, text in notes(response) if level == "error"]
    assert errors == ["Already scheduled: A meeting that is “scheduled” cannot become “scheduled”."]
    assert not MeetingStatusChange.objects.filter(meeting=scheduled).exists()


def test_send_invitations_invites_the_bodys_members_once(client, secretary, meeting, group_a, group_b, committed):
    members = [MembershipFactory(body=group_a).person for _ in range(2)]
    MembershipFactory(body=group_b)  # another group: not invited
    MembershipFactory(body=group_a, term_start=datetime.date(2020, 1, 1), term_end=datetime.date(2021, 1, 1))

    with committed():
        response = admin_action(client, Meeting, "send_invitations", [meeting], follow=True)
    assert to(mail.outbox) == sorted(p.email for p in members)
    assert notes(response) == [("success", f"{meeting.title}: 2 invitation(s) queued for sending.")]
    assert set(Invitation.objects.values_list("send_state", "sent_sequence", "invited_by")) == {
        ("sent", 0, secretary.pk)
    }

    mail.outbox.clear()
    with committed():
        admin_action(client, Meeting, "send_invitations", [meeting])
    assert mail.outbox == []

    late = InvitationFactory(meeting=meeting, person=None, email="late@example.org")
    with committed():
        admin_action(client, Meeting, "send_invitations", [meeting])
    assert to(mail.outbox) == [late.email]


def test_send_invitations_is_refused_for_a_draft(client, secretary, group_a, member_a, committed):
    draft = MeetingFactory(bodies=[group_a], status="draft", title_en="Draft meeting")
    InvitationFactory(meeting=draft, person=member_a)
    with committed():
        response = admin_action(client, Meeting, "send_invitations", [draft], follow=True)
    assert notes(response) == [("error", "Draft meeting: Schedule the meeting before sending invitations.")]
    assert mail.outbox == []
    assert Invitation.objects.get().sent_sequence is None


def test_send_reminder_now_reminds_those_sent_the_invitation_who_have_not_declined(
    client, secretary, meeting, committed
):
    reminded = [
        InvitationFactory(meeting=meeting, rsvp=answer, sent_sequence=0, send_state="sent")
        for answer in ("accepted", "tentative", "pending")
    ]
    InvitationFactory(meeting=meeting, rsvp="declined", sent_sequence=0, send_state="sent")
    InvitationFactory(meeting=meeting)  # never sent the invitation

    with time_machine.travel(timezone.now(), tick=False):
        with committed():
            response = admin_action(client, Meeting, "send_reminder_now", [meeting], follow=True)
        assert to(mail.outbox) == sorted(i.email for i in reminded)
        with committed():
            admin_action(client, Meeting, "send_reminder_now", [meeting])  # a second click in the same minute
    assert len(mail.outbox) == 3
    assert notes(response) == [("success", f"{meeting.title}: 3 reminder(s) queued.")]
    assert all(m.message()["Message-ID"].startswith("<reminder.") for m in mail.outbox)


def test_cancel_meeting_sends_cancellations_and_withdraws_unsent_invitations(client, secretary, meeting, committed):
    sent = InvitationFactory(meeting=meeting, sent_sequence=0, send_state="sent")
    unsent = InvitationFactory(meeting=meeting)
    with committed():
        admin_action(client, Meeting, "cancel_meeting", [meeting])
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"
    assert to(mail.outbox) == [sent.email]
    assert str(calendar_of(mail.outbox[0])["method"]) == "CANCEL"
    assert not Invitation.objects.filter(pk=unsent.pk).exists()
    assert MeetingStatusChange.objects.get(meeting=meeting).changed_by == secretary

    mail.outbox.clear()
    with committed():
        again = admin_action(client, Meeting, "cancel_meeting", [meeting], follow=True)
    assert [level for level, _text in notes(again)] == ["error"]
    assert mail.outbox == []


@pytest.mark.parametrize("model", [Meeting, Invitation], ids=["meeting", "invitation"])
def test_retry_failed_sends_the_failed_invitations_again(client, secretary, meeting, committed, model):
    failed = InvitationFactory(meeting=meeting, send_state="failed", attempts=7, last_error="SMTPServerDisconnected")
    sent = InvitationFactory(meeting=meeting, sent_sequence=0, send_state="sent")
    with committed():
        response = admin_action(
            client, model, "retry_failed", [meeting] if model is Meeting else [failed, sent], follow=True
        )
    assert to(mail.outbox) == [failed.email]
    failed.refresh_from_db()
    assert (failed.send_state, failed.sent_sequence, failed.last_error) == ("sent", 0, "")
    assert notes(response) == [("success", "1 invitation queued again.")]
    assert AuditRecord.objects.filter(action="invitation.retry", target_id=str(failed.pk)).count() == 1


def test_mark_held_needs_the_meeting_to_have_started(client, secretary, meeting, group_a):
    started = MeetingFactory(bodies=[group_a], starts_at=timezone.now() - datetime.timedelta(hours=2))
    response = admin_action(client, Meeting, "mark_held", [started, meeting], follow=True)
    started.refresh_from_db()
    meeting.refresh_from_db()
    assert (started.status, meeting.status) == ("held", "scheduled")
    assert notes(response) == [
        ("error", f"{meeting.title}: A meeting that has not started yet cannot be marked as held.")
    ]


def test_approve_minutes_is_refused_without_minutes(client, secretary, group_a):
    past = {"starts_at": local(days_ahead(-3), 10), "ends_at": local(days_ahead(-3), 12), "status": "held"}
    written = MeetingFactory(bodies=[group_a], minutes="The group agreed on the work plan.", **past)
    empty = MeetingFactory(bodies=[group_a], title_en="No minutes yet", **past)
    response = admin_action(client, Meeting, "approve_minutes", [written, empty], follow=True)
    written.refresh_from_db()
    empty.refresh_from_db()
    assert (written.status, written.minutes_approved_by) == ("minutes_approved", secretary)
    assert written.minutes_approved_at is not None
    assert (empty.status, empty.minutes_approved_at) == ("held", None)
    assert notes(response) == [("error", "No minutes yet: Write the minutes before approving them.")]


# The participants list ---------------------------------------------------------------------------------


def _rows(response) -> list[list[str]]:
    assert response.content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_participants_list_has_one_row_per_invitee(client, secretary, meeting, states):
    org = OrganisationFactory(acronym_en="UNHCR")
    person = UserFactory(full_name_latin="Aigerim Saparova", country=states["KZ"], organisation=org)
    InvitationFactory(meeting=meeting, person=person, rsvp="accepted")
    InvitationFactory(meeting=meeting, person=None, email="guest@example.org", name="Guest Expert")
    Attendance.objects.create(meeting=meeting, person=person, status="excused")

    response = admin_action(client, Meeting, "export_participants", [meeting])

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="participants.csv"'
    header, *rows = _rows(response)
    assert header == ["meeting", "name", "email address", "country", "organisation", "answer", "attendance"]
    assert sorted(rows) == sorted(
        [
            [meeting.title_en, "Aigerim Saparova", person.email, "State KZ", "UNHCR", "accepted", "excused"],
            [meeting.title_en, "Guest Expert", "guest@example.org", "", "", "no answer yet", ""],
        ]
    )


@pytest.mark.parametrize(
    "dangerous",
    ['=HYPERLINK("http://evil.example","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\tX", "\rY"],
)
def test_the_participants_list_makes_formula_cells_inert(client, secretary, group_a, dangerous):
    meeting = MeetingFactory(bodies=[group_a], title_en=dangerous)
    org = OrganisationFactory(acronym_en=dangerous)
    state = MemberStateFactory(code="ZZ", name_en=dangerous)
    # Factories skip validation: these are what a careless import or a hostile invitee could leave behind.
    person = UserFactory(full_name_latin=dangerous, full_name_cyrillic="", country=state, organisation=org)
    InvitationFactory(meeting=meeting, person=person)
    InvitationFactory(meeting=meeting, person=None, email="guest@example.org", name=dangerous)

    rows = _rows(admin_action(client, Meeting, "export_participants", [meeting]))[1:]

    assert len(rows) == 2
    cells = [cell for row in rows for cell in row]
    assert cells.count("'" + dangerous) == 6  # title ×2, name ×2, country, organisation
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)


# Answers and attendance on the change form -------------------------------------------------------------


def _summary(response) -> dict[str, list[int]]:
    table = re.search(r'<table class="summary-table">.*?</table>', response.content.decode(), re.S).group(0)
    header = re.findall(r'<th scope="col">(.*?)</th>', table)
    rows = {
        label: [int(n) for n in re.findall(r"<td>(\d+)</td>", cells)]
        for label, cells in re.findall(r'<th scope="row">(.*?)</th>((?:<td>\d+</td>)+)', table)
    }
    rows["_header"] = header
    return rows


def test_the_change_form_shows_the_answers_per_state_and_per_organisation(client, secretary, meeting, states):
    unhcr, iom = OrganisationFactory(acronym_en="UNHCR"), OrganisationFactory(acronym_en="IOM")
    for state, org, answer in [
        ("KZ", unhcr, "accepted"),
        ("KZ", iom, "declined"),
        ("UZ", iom, "accepted"),
        ("UZ", None, "tentative"),
    ]:
        InvitationFactory(meeting=meeting, person=UserFactory(country=states[state], organisation=org), rsvp=answer)
    InvitationFactory(meeting=meeting, person=None, email="guest@example.org")

    summary = _summary(client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])))

    # Columns: no answer yet, accepted, declined, tentative, delegated.
    assert summary == {
        "_header": ["no answer yet", "accepted", "declined", "tentative", "delegated"],
        "All": [1, 2, 1, 1, 0],
        "KZ": [0, 1, 1, 0, 0],
        "UZ": [0, 1, 0, 1, 0],
        "—": [1, 0, 0, 1, 0],  # no state and no organisation: the guest, and the UZ expert's organisation
        "IOM": [0, 1, 1, 0, 0],
        "UNHCR": [0, 1, 0, 0, 0],
    }


def test_attendance_is_recorded_per_person_through_the_inline(client, secretary, group_a, committed):
    meeting = MeetingFactory(bodies=[group_a], starts_at=timezone.now() - datetime.timedelta(hours=1))
    people = [UserFactory() for _ in range(3)]
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    data = read_form(client.get(url), "meeting_form").data
    data["attendance-TOTAL_FORMS"] = "3"
    for i, (person, status) in enumerate(zip(people, ["present", "absent", "excused"], strict=True)):
        data[f"attendance-{i}-person"] = str(person.pk)
        data[f"attendance-{i}-status"] = status

    with committed():
        assert client.post(url, data).status_code == 302

    recorded = {a.person: (a.status, a.recorded_by) for a in Attendance.objects.filter(meeting=meeting)}
    assert recorded == {
        people[0]: ("present", secretary),
        people[1]: ("absent", secretary),
        people[2]: ("excused", secretary),
    }
    assert AuditRecord.objects.filter(action="attendance.record").count() == 3
    assert mail.outbox == []

    # Correcting one person's attendance changes that row only.
    data = read_form(client.get(url), "meeting_form").data
    row = next(k for k, v in data.items() if k.endswith("-person") and v == str(people[1].pk))
    data[row.replace("-person", "-status")] = "excused"
    assert client.post(url, data).status_code == 302
    assert Attendance.objects.get(meeting=meeting, person=people[1]).status == "excused"
    assert Attendance.objects.filter(meeting=meeting).count() == 3


def test_attendance_of_a_meeting_that_has_not_started_is_refused(client, secretary, meeting, member_a):
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    data = read_form(client.get(url), "meeting_form").data
    data.update(
        {"attendance-TOTAL_FORMS": "1", "attendance-0-person": str(member_a.pk), "attendance-0-status": "present"}
    )
    response = client.post(url, data, follow=True)
    assert ("error", "Attendance is recorded once the meeting has started.") in notes(response)
    assert not Attendance.objects.exists()


# Adding meetings and invitations -----------------------------------------------------------------------


def test_the_secretariat_adds_a_meeting_as_a_draft(client, secretary, group_a):
    url = reverse("admin:meetings_meeting_add")
    data = read_form(client.get(url), "meeting_form").data
    starts = local(days_ahead(30), 10)
    data.update(
        {
            "title_ru": "Новое заседание",
            "title_en": "New session",
            "kind": "working_group",
            "bodies": str(group_a.pk),
            "access": "body",
            "timezone": "Asia/Bishkek",
            "format": "in_person",
            "venue_city_ru": "Бишкек",
            "reminder_hours": "[168, 24]",
        }
    )
    data["starts_at_0"], data["starts_at_1"] = admin_datetime(starts, "Asia/Bishkek")
    data["ends_at_0"], data["ends_at_1"] = admin_datetime(starts + datetime.timedelta(hours=4), "Asia/Bishkek")

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    meeting = Meeting.objects.get(title_en="New session")
    assert (meeting.status, meeting.sequence, meeting.starts_at) == ("draft", 0, starts)
    assert list(meeting.bodies.all()) == [group_a]
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("timezone", "Mars/Olympus_Mons"),
        ("timezone", "Tashkent"),
        ("reminder_hours", "[0]"),
        ("reminder_hours", '"soon"'),
        ("venue_city", ""),
        ("format", "online"),  # without its link
    ],
)
def test_a_meeting_with_bad_settings_is_refused(client, secretary, meeting, field, value):
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    data = read_form(client.get(url), "meeting_form").data
    for name in [n for n in data if n == field or n.startswith(f"{field}_")]:
        data[name] = value
    before = Meeting.objects.values().get(pk=meeting.pk)
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == [{"venue_city": "venue_city_ru", "format": "online_url"}.get(field, field)]
    assert Meeting.objects.values().get(pk=meeting.pk) == before


def test_a_new_meeting_in_an_unknown_time_zone_is_refused(client, secretary, group_a):
    url = reverse("admin:meetings_meeting_add")
    data = read_form(client.get(url), "meeting_form").data
    starts = local(days_ahead(30), 10)
    data.update({"title_ru": "Т", "title_en": "T", "kind": "seminar", "bodies": str(group_a.pk)})
    data.update({"timezone": "Asia/Nowhere", "venue_city_ru": "Бишкек", "reminder_hours": "[24]"})
    data["starts_at_0"], data["starts_at_1"] = admin_datetime(starts)
    data["ends_at_0"], data["ends_at_1"] = admin_datetime(starts + datetime.timedelta(hours=1))
    response = client.post(url, data)
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["timezone"]
    assert not Meeting.objects.exists()


def _add_invitation(client, **fields):
    data = {"person": "", "email": "", "name": "", "language": "ru", **fields}
    data.setdefault("attempts_log-TOTAL_FORMS", "0")
    data.setdefault("attempts_log-INITIAL_FORMS", "0")
    return client.post(reverse("admin:meetings_invitation_add"), data)


def test_an_invitation_is_added_for_a_bare_email_address(client, secretary, meeting):
    response = _add_invitation(
        client, meeting=meeting.pk, email="New.Guest@Example.org", name="New Guest", language="en"
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(meeting=meeting)
    assert (invitation.email, invitation.name, invitation.language, invitation.person) == (
        "new.guest@example.org",
        "New Guest",
        "en",
        None,
    )
    assert (invitation.invited_by, invitation.send_state, invitation.sent_sequence) == (secretary, "queued", None)
    assert AuditRecord.objects.filter(action="invitation.add", actor=secretary).count() == 1
    assert mail.outbox == []  # sent with the "send invitations" action


def test_an_invitation_for_a_person_takes_their_address_and_language(client, secretary, meeting):
    person = UserFactory(preferred_language="uz")
    assert _add_invitation(client, meeting=meeting.pk, person=person.pk, language="uz").status_code == 302
    invitation = Invitation.objects.get(meeting=meeting)
    assert (invitation.person, invitation.email, invitation.language) == (person, person.email, "uz")


@pytest.mark.parametrize(
    "fields",
    [
        {"email": "not-an-address"},
        {"email": "two@example.org, three@example.org"},
        {"email": "MEMBER@example.org"},  # already invited, whatever the case
        {},  # neither a person nor an address
        {"email": "new@example.org", "language": "fr"},
    ],
    ids=["invalid", "two-addresses", "duplicate", "empty", "language"],
)
def test_a_bad_or_duplicate_invitation_is_refused_and_nothing_is_created(client, secretary, meeting, fields):
    InvitationFactory(meeting=meeting, person=None, email="member@example.org")
    response = _add_invitation(client, meeting=meeting.pk, **fields)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert Invitation.objects.count() == 1


def test_a_duplicate_invitation_says_why(client, secretary, meeting):
    InvitationFactory(meeting=meeting, person=None, email="member@example.org")
    response = _add_invitation(client, meeting=meeting.pk, email="Member@Example.org")
    assert (
        "Member@Example.org is already invited to this meeting."
        in response.context["adminform"].form.non_field_errors()
    )


@pytest.mark.parametrize("status", ["cancelled", "held", "minutes_approved"])
def test_no_invitation_is_added_to_a_meeting_that_is_over(client, secretary, group_a, status):
    closed = MeetingFactory(bodies=[group_a], status=status)
    response = _add_invitation(client, meeting=closed.pk, email="late@example.org")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not Invitation.objects.exists()


def test_an_invitations_page_shows_its_delivery_attempts_and_keeps_its_state_read_only(
    client, secretary, meeting, committed
):
    invitation = InvitationFactory(meeting=meeting)
    with committed():
        admin_action(client, Meeting, "send_invitations", [meeting])
    url = reverse("admin:meetings_invitation_change", args=[invitation.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert [a.outcome for a in page.context["inline_admin_formsets"][0].formset.queryset] == ["sent"]
    data = read_form(page, "invitation_form").data
    data.update({"name": "Renamed", "rsvp": "accepted", "send_state": "queued", "email": "other@example.org"})
    assert client.post(url, data).status_code == 302
    invitation.refresh_from_db()
    assert (invitation.name, invitation.rsvp, invitation.send_state, invitation.email) == (
        "Renamed",
        "pending",
        "sent",
        invitation.email,
    )


def test_meeting_times_are_entered_and_shown_in_the_meetings_own_time_zone(client, staff, group_a):
    import datetime
    import zoneinfo

    from tests.factories import MeetingFactory

    meeting = MeetingFactory(
        bodies=[group_a],
        timezone="America/New_York",
        starts_at=datetime.datetime(2027, 3, 1, 15, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2027, 3, 1, 17, 0, tzinfo=datetime.UTC),
    )
    client.force_login(staff)
    page = client.get(f"/admin/meetings/meeting/{meeting.pk}/change/")
    form = page.context["adminform"].form
    shown = form["starts_at"].value()
    shown = shown if isinstance(shown, datetime.datetime) else form.fields["starts_at"].to_python(shown)
    assert shown.astimezone(zoneinfo.ZoneInfo("America/New_York")).hour == 10  # 15:00 UTC = 10:00 in New York
    assert read_form(page, "meeting_form").data["starts_at_1"] == "10:00:00"


@pytest.mark.parametrize("object_id", ["abc", "1x", "widgets.css"])
def test_a_meeting_screen_asked_for_with_a_non_numeric_id_answers_like_a_missing_one(client, secretary, object_id):
    response = client.get(f"/admin/meetings/meeting/{object_id}/change/")
    assert response.status_code in (302, 404)  # the admin's own answer for an unknown object: never a 5xx
