"""The meetings list and a meeting's page: who sees what, times in the meeting's zone, documents, queries."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from council.models import Access
from meetings.models import AgendaItem, MeetingDocument
from tests.factories import InvitationFactory, MeetingFactory, MembershipFactory, OrganisationFactory
from tests.helpers import hidden_answer, shown_or_hidden
from tests.meetings.helpers import days_ahead, in_english, local

pytestmark = pytest.mark.django_db

VIEWERS = ["anonymous", "outsider", "member_b", "member_a", "staff"]
# Who sees a meeting of group A at each access level (DESIGN.md, "Access levels").
SEES = {
    Access.PUBLIC: {"anonymous", "outsider", "member_b", "member_a", "staff"},
    Access.PARTNERS: {"outsider", "member_b", "member_a", "staff"},
    Access.COUNCIL: {"member_b", "member_a", "staff"},
    Access.BODY: {"member_a", "staff"},
    Access.SECRETARIAT: {"staff"},
}


def sign_in(request, client, who: str):
    if who == "anonymous":
        return None
    person = request.getfixturevalue(who)
    client.force_login(person)
    return person


def listed(response) -> set[int]:
    return {m.pk for m in response.context["upcoming"]} | {m.pk for m in response.context["past"]}


# Who sees which meeting ----------------------------------------------------------------------------------


@pytest.mark.parametrize("access", list(SEES))
@pytest.mark.parametrize("who", VIEWERS)
def test_a_meeting_is_listed_and_shown_only_to_those_its_access_level_admits(request, client, group_a, access, who):
    upcoming = MeetingFactory(bodies=[group_a], access=access)
    past = MeetingFactory(
        bodies=[group_a],
        access=access,
        status="held",
        starts_at=local(days_ahead(-30), 10),
        ends_at=local(days_ahead(-30), 12),
    )
    sign_in(request, client, who)

    response = client.get(reverse("meetings:list"))

    assert response.status_code == 200
    allowed = who in SEES[access]
    assert listed(response) == ({upcoming.pk, past.pk} if allowed else set())
    assert [m.pk for m in response.context["upcoming"]] == ([upcoming.pk] if allowed else [])
    for meeting in (upcoming, past):
        signed_in = who != "anonymous"
        assert shown_or_hidden(client.get(meeting.get_absolute_url()), allowed, signed_in=signed_in)
        assert shown_or_hidden(client.get(reverse("meetings:ics", args=[meeting.pk])), allowed, signed_in=signed_in)


@pytest.mark.parametrize("who", VIEWERS)
def test_a_draft_is_seen_by_the_secretariat_only(request, client, group_a, who):
    draft = MeetingFactory(bodies=[group_a], access=Access.PUBLIC, status="draft")
    person = sign_in(request, client, who)
    if person is not None and who != "staff":
        InvitationFactory(meeting=draft, person=person)  # even an invitee does not see it before it is scheduled

    assert (draft.pk in listed(client.get(reverse("meetings:list")))) is (who == "staff")
    signed_in = who != "anonymous"
    assert shown_or_hidden(client.get(draft.get_absolute_url()), who == "staff", signed_in=signed_in)
    assert shown_or_hidden(client.get(reverse("meetings:ics", args=[draft.pk])), who == "staff", signed_in=signed_in)


def test_an_invitee_sees_a_meeting_of_a_body_they_do_not_belong_to(client, group_a, member_b):
    meeting = MeetingFactory(bodies=[group_a], access=Access.BODY)
    InvitationFactory(meeting=meeting, person=member_b)
    client.force_login(member_b)
    assert meeting.pk in listed(client.get(reverse("meetings:list")))
    assert client.get(meeting.get_absolute_url()).status_code == 200


def test_a_meeting_that_does_not_exist_answers_404_like_a_hidden_one(client, member_a):
    client.force_login(member_a)
    assert client.get(reverse("meetings:detail", args=[999999])).status_code == 404
    assert client.get(reverse("meetings:ics", args=[999999])).status_code == 404


def test_a_past_membership_no_longer_opens_the_bodys_meetings(client, group_a):
    former = MembershipFactory(
        body=group_a, term_start=datetime.date(2020, 1, 1), term_end=datetime.date(2021, 1, 1)
    ).person
    meeting = MeetingFactory(bodies=[group_a], access=Access.BODY)
    client.force_login(former)
    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_a_cancelled_meeting_stays_listed_and_says_so(client, group_a, member_a):
    meeting = MeetingFactory(bodies=[group_a], status="cancelled")
    client.force_login(member_a)
    in_english(client)
    assert meeting.pk in listed(client.get(reverse("meetings:list")))
    assert "This meeting has been cancelled." in client.get(meeting.get_absolute_url()).content.decode()


# Times -----------------------------------------------------------------------------------------------


def test_the_page_shows_the_meeting_in_its_own_time_zone(client, meeting, member_a):
    # 10:00–13:00 in Tashkent is 05:00–08:00 UTC, the server's zone.
    client.force_login(member_a)
    text = client.get(meeting.get_absolute_url()).content.decode()
    assert "10:00 – 13:00" in text
    assert "Asia/Tashkent" in text
    assert "(Asia/Tashkent, UTC+05:00)" in text  # the offset is named; the UTC clock time is not shown
    text = text.replace("+05:00", "")
    assert "05:00" not in text and "08:00" not in text
    row = client.get(reverse("meetings:list")).content.decode()
    assert "10:00" in row and "05:00" not in row.replace("+05:00", "")


@pytest.mark.parametrize("day", [datetime.date(2031, 1, 15), datetime.date(2031, 7, 15)], ids=["winter", "summer"])
def test_a_new_york_meeting_is_shown_in_new_york_time(client, group_a, member_a, day):
    starts = local(day, 9, 30, tz="America/New_York")
    meeting = MeetingFactory(
        bodies=[group_a],
        timezone="America/New_York",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        venue_city_en="New York",
    )
    utc = starts.astimezone(datetime.UTC)
    client.force_login(member_a)
    text = client.get(meeting.get_absolute_url()).content.decode()
    assert "09:30 – 11:30" in text
    assert "America/New_York" in text
    assert f"{utc:%H:%M}" not in text


# Documents -------------------------------------------------------------------------------------------


@pytest.fixture
def documents(media, group_a):
    """A public meeting of group A with one document at each access level."""
    meeting = MeetingFactory(bodies=[group_a], access=Access.PUBLIC)
    return meeting, {
        level: MeetingDocument.objects.create(
            meeting=meeting,
            title=f"Document {level}",
            access=level,
            file=ContentFile(f"content {level}".encode(), name=f"{level}.txt"),
            original_name=f"{level}.txt",
        )
        for level in Access.values
    }


DOCUMENTS_SEEN = {
    "anonymous": {Access.PUBLIC},
    "outsider": {Access.PUBLIC, Access.PARTNERS},
    "member_b": {Access.PUBLIC, Access.PARTNERS, Access.COUNCIL},
    "member_a": {Access.PUBLIC, Access.PARTNERS, Access.COUNCIL, Access.BODY},
    "staff": set(Access.values),
}


@pytest.mark.parametrize("who", VIEWERS)
def test_documents_are_listed_and_downloaded_by_their_own_access_level(request, client, documents, who):
    meeting, docs = documents
    sign_in(request, client, who)

    response = client.get(meeting.get_absolute_url())

    assert {d.access for d in response.context["documents"]} == DOCUMENTS_SEEN[who]
    text = response.content.decode()
    for level, doc in docs.items():
        allowed = level in DOCUMENTS_SEEN[who]
        assert (doc.get_absolute_url() in text) is allowed, level
        download = client.get(doc.get_absolute_url())
        assert shown_or_hidden(download, allowed, signed_in=who != "anonymous"), level
        if allowed:
            # Reading the stream to its end closes the file (an explicit close() would end the test's connection).
            assert b"".join(download.streaming_content) == f"content {level}".encode()
            # Stored as a PDF (every upload is one now), so offered under a .pdf name (issue 7, item 10).
            assert download["Content-Disposition"] == f'attachment; filename="{level}.pdf"'
            assert download["X-Content-Type-Options"] == "nosniff"


def test_a_public_document_of_a_meeting_one_may_not_see_answers_404(client, media, group_a, member_b):
    hidden = MeetingFactory(bodies=[group_a], access=Access.BODY)
    doc = MeetingDocument.objects.create(
        meeting=hidden, title="Public annex", access=Access.PUBLIC, file=ContentFile(b"x", name="annex.txt")
    )
    client.force_login(member_b)
    assert client.get(doc.get_absolute_url()).status_code == 404
    client.logout()
    assert hidden_answer(client.get(doc.get_absolute_url()), signed_in=False)
    assert hidden_answer(client.get(reverse("meetings:document", args=[999999])), signed_in=False)


# The invitee's own block -------------------------------------------------------------------------------


def test_only_the_invitee_sees_their_invitation_and_the_answer_form(client, meeting, invitation, group_a):
    answer_url = reverse("meetings:answer", args=[meeting.pk])
    delegate_url = reverse("meetings:delegate", args=[meeting.pk])

    client.force_login(invitation.person)
    mine = client.get(meeting.get_absolute_url())
    assert mine.context["invitation"] == invitation
    assert answer_url in mine.content.decode() and delegate_url in mine.content.decode()

    colleague = MembershipFactory(body=group_a).person  # sees the meeting, but is not invited
    client.force_login(colleague)
    theirs = client.get(meeting.get_absolute_url())
    assert theirs.status_code == 200
    assert theirs.context["invitation"] is None
    assert answer_url not in theirs.content.decode() and delegate_url not in theirs.content.decode()

    client.logout()
    meeting.access = Access.PUBLIC
    meeting.save()
    anonymous = client.get(meeting.get_absolute_url())
    assert anonymous.context["invitation"] is None
    assert answer_url not in anonymous.content.decode()


def test_the_online_link_is_shown_to_invitees_only(client, group_a, member_a):
    meeting = MeetingFactory(
        bodies=[group_a], access=Access.PUBLIC, format="hybrid", online_url="https://meet.example.org/secret-room"
    )
    InvitationFactory(meeting=meeting, person=member_a)
    assert "secret-room" not in client.get(meeting.get_absolute_url()).content.decode()
    client.force_login(member_a)
    assert "secret-room" in client.get(meeting.get_absolute_url()).content.decode()


def test_the_answer_form_is_not_offered_once_answers_are_closed(client, meeting, invitation):
    meeting.rsvp_deadline = local(days_ahead(-1), 18)
    meeting.save()
    client.force_login(invitation.person)
    text = client.get(meeting.get_absolute_url()).content.decode()
    assert reverse("meetings:answer", args=[meeting.pk]) not in text
    assert reverse("meetings:delegate", args=[meeting.pk]) not in text


def test_the_agenda_is_numbered_with_its_sub_items(client, meeting, member_a):
    first = AgendaItem.objects.create(meeting=meeting, order=1, title_ru="Открытие", title_en="Opening")
    AgendaItem.objects.create(meeting=meeting, order=2, title_ru="Доклады", title_en="Reports")
    AgendaItem.objects.create(meeting=meeting, parent=first, order=1, title_ru="Приветствие", title_en="Welcome")
    client.force_login(member_a)
    agenda = client.get(meeting.get_absolute_url()).context["agenda"]
    assert [(n, item.title_en, [(s, sub.title_en) for s, sub in subs]) for n, item, subs in agenda] == [
        (1, "Opening", [("1.1", "Welcome")]),
        (2, "Reports", []),
    ]


# Queries ---------------------------------------------------------------------------------------------


def test_the_list_page_does_not_issue_more_queries_as_meetings_grow(
    client, group_a, group_b, member_a, queries_do_not_grow
):
    def add(n):
        for i in range(n):
            MeetingFactory(bodies=[group_a, group_b], access=Access.BODY)
            MeetingFactory(
                bodies=[group_a],
                access=Access.COUNCIL,
                status="held",
                starts_at=local(days_ahead(-10 - i), 10),
                ends_at=local(days_ahead(-10 - i), 12),
            )

    client.force_login(member_a)
    url = reverse("meetings:list")
    add(2)
    queries_do_not_grow(url, at_most=10, grow=lambda: add(18))
    assert len(client.get(url).context["upcoming"]) == 20


def test_the_meeting_page_does_not_issue_more_queries_as_its_contents_grow(
    client, media, group_a, member_a, queries_do_not_grow
):
    meeting = MeetingFactory(bodies=[group_a], access=Access.BODY)
    InvitationFactory(meeting=meeting, person=member_a)

    def add(n):
        for _ in range(n):
            item = AgendaItem.objects.create(meeting=meeting, order=AgendaItem.objects.count(), title_ru="Пункт")
            AgendaItem.objects.create(meeting=meeting, parent=item, title_ru="Подпункт")
            MeetingDocument.objects.create(
                meeting=meeting, agenda_item=item, title="Doc", access=Access.BODY, file=ContentFile(b"x", name="d.txt")
            )
            InvitationFactory(meeting=meeting)
            meeting.organisers.add(OrganisationFactory())
            meeting.co_organisers.add(OrganisationFactory())

    url = meeting.get_absolute_url()
    add(2)
    client.force_login(member_a)
    queries_do_not_grow(url, at_most=20, grow=lambda: add(18))
    assert len(client.get(url).context["agenda"]) == 20
