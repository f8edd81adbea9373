"""The home page says what needs the person (issue 11, item 1): rounds awaiting their position, invitations to
answer, reports their state owes, documents new since their previous visit, their next meetings."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from council.models import Membership
from meetings.models import MeetingDocument
from recommendations import services
from recommendations.models import Recommendation
from tests.factories import BodyFactory, InvitationFactory, MeetingFactory, MembershipFactory, UserFactory
from tests.recommendations.conftest import submit_report

pytestmark = pytest.mark.django_db

HOME = "/home/"


def home(client, person):
    client.force_login(person)
    client.cookies["django_language"] = "en"
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def section(page: str, heading_id: str) -> str:
    """The text of one section of the page, from its heading to the next section."""
    return page.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def document(meeting, title="Concept note", access="body"):
    return MeetingDocument.objects.create(meeting=meeting, title=title, access=access, file="meetings/note.pdf")


# Consensus rounds ----------------------------------------------------------------------------------------


def test_an_unanswered_silence_procedure_says_when_silence_counts_as_support(client, wg, silence_round):
    page = section(home(client, wg.members["TJ"]), "rounds-heading")
    recommendation = silence_round.recommendation
    assert f'href="{recommendation.get_absolute_url()}#round-{silence_round.pk}"' in page
    assert recommendation.code in page
    assert "Not answered" in page
    day = silence_round.deadline.astimezone(zoneinfo.ZoneInfo("Asia/Tashkent"))  # the person chose no zone
    assert f"silence counts as support on {day.day} " in page
    assert "(Asia/Tashkent, UTC+05:00)" in page


def test_a_recorded_position_is_shown_in_place_of_the_reminder(client, wg, silence_round):
    person = wg.members["TJ"]
    services.position_record(
        round_=silence_round, person=person, kind="stand_aside", reason="Not our practice", by=person
    )
    page = section(home(client, person), "rounds-heading")
    assert "Your position" in page and "stand aside" in page.lower()
    assert "Not answered" not in page


def test_a_round_shows_only_to_those_who_hold_a_position_in_it(client, wg, silence_round, member_a):
    for person in (wg.observer, member_a):
        page = section(home(client, person), "rounds-heading")
        assert silence_round.recommendation.code not in page
        assert "No consensus round is waiting for your position." in page


def test_a_meeting_round_says_positions_are_recorded_at_the_meeting(client, wg, meeting_round):
    page = section(home(client, wg.members["KZ"]), "rounds-heading")
    assert meeting_round.recommendation.code in page and "Not answered" in page
    assert "silence counts as support" not in page


def test_a_closed_round_is_no_longer_listed(client, wg, silence_round, staff):
    services.round_close(round_=silence_round, by=staff, now=silence_round.deadline + datetime.timedelta(minutes=1))
    assert silence_round.recommendation.code not in section(home(client, wg.members["TJ"]), "rounds-heading")


# Invitations ---------------------------------------------------------------------------------------------


def test_invitations_not_answered_link_to_where_one_answers(client, group_a, member_a):
    waiting = MeetingFactory(bodies=[group_a], title_en="Waiting for me")
    answered = MeetingFactory(bodies=[group_a], title_en="Already answered")
    past = MeetingFactory(
        bodies=[group_a],
        title_en="Long gone",
        starts_at=timezone.now() - datetime.timedelta(days=3),
        ends_at=timezone.now() - datetime.timedelta(days=3, hours=-2),
    )
    cancelled = MeetingFactory(bodies=[group_a], title_en="Called off", status="cancelled")
    draft = MeetingFactory(bodies=[group_a], title_en="Not yet out", status="draft")
    InvitationFactory(meeting=waiting, person=member_a)
    InvitationFactory(meeting=answered, person=member_a, rsvp="accepted")
    for meeting in (past, cancelled, draft):
        InvitationFactory(meeting=meeting, person=member_a)

    page = section(home(client, member_a), "invitations-heading")

    assert f'href="{waiting.get_absolute_url()}#invitation-heading"' in page and "Waiting for me" in page
    for title in ("Already answered", "Long gone", "Called off", "Not yet out"):
        assert title not in page


def test_someone_with_every_invitation_answered_is_told_so(client, member_a):
    assert "You have answered every invitation." in section(home(client, member_a), "invitations-heading")


# Implementation reports ------------------------------------------------------------------------------------


@pytest.fixture
def focal_point(wg):
    """Group B's member for Uzbekistan, its national focal point."""
    person = wg.members["UZ"]
    Membership.objects.filter(person=person).update(is_focal_point=True)
    return person


def test_a_focal_point_sees_what_their_state_owes_this_period_until_it_is_reported(
    client, focal_point, make_recommendation, advance
):
    owed = advance(make_recommendation(title="Owed text", states=("KZ", "UZ")), Recommendation.Status.PUBLISHED)
    not_ours = advance(make_recommendation(title="Not for us", states=("KZ",)), Recommendation.Status.PUBLISHED)

    page = section(home(client, focal_point), "reports-heading")
    assert f'href="{reverse("recommendations:report", args=[owed.pk, "UZ"])}"' in page
    assert not_ours.code not in page

    submit_report(owed, "UZ", by=focal_point, period=services.current_period())
    page = section(home(client, focal_point), "reports-heading")
    assert owed.code not in page
    assert "Your state has reported on every recommendation addressed to it this period." in page


def test_a_report_of_an_earlier_period_does_not_settle_this_one(client, focal_point, make_recommendation, advance):
    owed = advance(make_recommendation(states=("UZ",)), Recommendation.Status.PUBLISHED)
    submit_report(owed, "UZ", by=focal_point, period="2020-H1")
    assert owed.code in section(home(client, focal_point), "reports-heading")


def test_who_is_no_focal_point_has_no_reports_section(client, wg, make_recommendation, advance):
    advance(make_recommendation(states=("TJ",)), Recommendation.Status.PUBLISHED)
    assert 'id="reports-heading"' not in home(client, wg.members["TJ"])


# Documents since the last visit --------------------------------------------------------------------------


def test_documents_are_new_since_the_visit_before_this_one(client, group_a, group_b, member_a):
    mine = MeetingFactory(bodies=[group_a], title_en="My meeting")
    theirs = MeetingFactory(bodies=[group_b], title_en="Not my meeting")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        document(mine, "Seen before")
        home(client, member_a)  # the first visit
    with time_machine.travel(start + datetime.timedelta(hours=5), tick=False):
        document(mine, "Added while away")
        document(theirs, "Of another group")
        document(mine, "For the secretariat", access="secretariat")
    with time_machine.travel(start + datetime.timedelta(days=1), tick=False):
        page = section(home(client, member_a), "documents-heading")
        assert "Added while away" in page
        for title in ("Seen before", "Of another group", "For the secretariat"):
            assert title not in page
        assert "since your last visit" in page
    with time_machine.travel(start + datetime.timedelta(days=1, minutes=10), tick=False):
        # A reload within the same visit keeps what was new.
        assert "Added while away" in section(home(client, member_a), "documents-heading")
    with time_machine.travel(start + datetime.timedelta(days=2), tick=False):
        page = section(home(client, member_a), "documents-heading")
        assert "Added while away" not in page
        assert "No new documents in your meetings." in page


def test_an_invitee_sees_new_documents_of_a_meeting_of_another_body(client, group_b, member_a):
    meeting = MeetingFactory(bodies=[group_b], title_en="Invited as a guest")
    InvitationFactory(meeting=meeting, person=member_a)
    document(meeting, "Guest papers", access="council")
    page = section(home(client, member_a), "documents-heading")
    assert "Guest papers" in page and "in the last 30 days" in page


# Next meetings and the page as a whole ---------------------------------------------------------------------


def test_next_meetings_are_the_persons_own_with_their_answer(client, group_a, group_b, member_a):
    ours = MeetingFactory(bodies=[group_a], title_en="Ours")
    InvitationFactory(meeting=ours, person=member_a, rsvp="tentative")
    MeetingFactory(bodies=[group_b], title_en="Another group's", access="public")
    page = section(home(client, member_a), "next-heading")
    assert f'href="{ours.get_absolute_url()}"' in page and "tentative" in page.lower()
    assert "Another group&#x27;s" not in page and "Another group's" not in page


def test_someone_with_nothing_to_do_is_told_so_plainly(client):
    page = home(client, UserFactory())
    for sentence in (
        "No consensus round is waiting for your position.",
        "You have answered every invitation.",
        "No new documents in your meetings.",
        "No meeting of yours is scheduled.",
        "You are not a member of any body of the council at present.",
    ):
        assert sentence in page


def test_the_home_page_needs_a_signed_in_person(client):
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_home_page_reads_a_fixed_number_of_queries(
    client, wg, focal_point, make_recommendation, advance, staff, queries_do_not_grow
):
    person = focal_point
    client.force_login(person)

    def add_rows():
        recommendation = advance(make_recommendation(states=("UZ",)), Recommendation.Status.CONSULTATION)
        round_ = services.round_open(
            recommendation=recommendation,
            mode="silence",
            deadline=timezone.now() + datetime.timedelta(days=10),
            by=staff,
        )
        services.position_record(round_=round_, person=person, kind="support", by=person)
        advance(make_recommendation(states=("UZ", "KZ")), Recommendation.Status.PUBLISHED)
        meeting = MeetingFactory(bodies=[wg.body])
        InvitationFactory(meeting=meeting, person=person)
        document(meeting)
        MembershipFactory(person=person, body=BodyFactory(code=f"x{meeting.pk}", parent=wg.body.parent))

    add_rows()
    queries_do_not_grow(HOME, at_most=40, grow=lambda: [add_rows() for _ in range(3)])
