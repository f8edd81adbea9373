"""Consensus rounds: who is asked, how members answer in writing, how a round closes and what it shows."""

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from council.models import AuditRecord
from recommendations import services, tasks
from recommendations.models import Comment, ConsensusRound, Position, Recommendation
from recommendations.services import RecommendationError
from tests.factories import MembershipFactory, UserFactory
from tests.helpers import messages_of
from tests.recommendations.conftest import record_all

pytestmark = pytest.mark.django_db

Status = Recommendation.Status


def position_url(round_):
    return reverse("recommendations:position", args=[round_.recommendation_id, round_.pk])


def comment_url(round_):
    return reverse("recommendations:comment", args=[round_.recommendation_id, round_.pk])


def answer(client, round_, kind, reason="", version=None):
    return client.post(
        position_url(round_),
        {"version": round_.version_id if version is None else version, "kind": kind, "reason": reason},
        follow=True,
    )


def tally_cell(html: str, name: str) -> str:
    """The position column of a member's row in the tally of the page."""
    found = re.search(rf"<tr><td>{re.escape(name)}</td><td>[A-Z—]+</td>\s*<td>(.*?)</td></tr>", html, re.S)
    assert found, f"no tally row for {name}"
    return found.group(1).strip()


# Opening ----------------------------------------------------------------------------------------------


def test_a_round_in_consultation_asks_the_deciding_members_of_the_working_group(in_consultation, wg, staff, states):
    group = wg.body
    MembershipFactory(body=group, role="secretary", represents_state=states["UZ"])
    MembershipFactory(body=group, term_start=datetime.date(2020, 1, 1), term_end=datetime.date(2021, 1, 1))
    MembershipFactory(body=group, term_start=timezone.localdate() + datetime.timedelta(days=30))
    MembershipFactory(body=group, person=UserFactory(is_active=False))

    round_ = services.round_open(recommendation=in_consultation, mode="meeting", by=staff)

    assert round_.body == group and round_.state == ConsensusRound.State.OPEN
    assert {(m.person, m.state.code) for m in round_.members.all()} == {(p, code) for code, p in wg.members.items()}
    version = in_consultation.current_version
    version.refresh_from_db()
    assert round_.version == version and version.frozen_at is not None
    assert round_.digest == version.digest == version.compute_digest()
    assert (round_.quorum_share, round_.quorum_states) == (group.quorum_share, group.quorum_states)
    assert AuditRecord.objects.filter(action="round.open", target_id=str(round_.pk)).exists()


def test_a_round_on_an_adopted_text_asks_the_executive_committee(make_recommendation, advance, ec, staff):
    adopted = advance(make_recommendation(), Status.ADOPTED)
    round_ = services.round_open(
        recommendation=adopted, mode="silence", deadline=timezone.now() + datetime.timedelta(days=7), by=staff
    )
    assert round_.body == ec.body
    assert {m.person for m in round_.members.all()} == set(ec.people)


@pytest.mark.parametrize("status", [Status.DRAFT, Status.ENDORSED, Status.PUBLISHED, Status.WITHDRAWN])
def test_a_round_cannot_be_opened_in_other_statuses(make_recommendation, advance, staff, status):
    recommendation = advance(make_recommendation(), status)
    rounds = ConsensusRound.objects.count()
    with pytest.raises(RecommendationError):
        services.round_open(recommendation=recommendation, mode="meeting", by=staff)
    assert ConsensusRound.objects.count() == rounds


def test_only_one_round_is_open_at_a_time(meeting_round, staff):
    with pytest.raises(RecommendationError):
        services.round_open(recommendation=meeting_round.recommendation, mode="meeting", by=staff)
    assert ConsensusRound.objects.count() == 1


@pytest.mark.parametrize("deadline", [None, datetime.timedelta(0), datetime.timedelta(minutes=-1)])
def test_a_silence_procedure_needs_a_deadline_in_the_future(in_consultation, staff, deadline):
    when = None if deadline is None else timezone.now() + deadline
    with pytest.raises(RecommendationError):
        services.round_open(recommendation=in_consultation, mode="silence", deadline=when, by=staff)
    assert not ConsensusRound.objects.exists()


def test_a_round_needs_a_known_procedure(in_consultation, staff):
    with pytest.raises(RecommendationError):
        services.round_open(recommendation=in_consultation, mode="show_of_hands", by=staff)
    assert not ConsensusRound.objects.exists()


def test_the_quorum_of_a_round_is_the_bodys_when_it_opened(in_consultation, wg, staff):
    wg.body.quorum_share, wg.body.quorum_states = "0.8", 4
    wg.body.save()
    round_ = services.round_open(recommendation=in_consultation, mode="meeting", by=staff)
    wg.body.quorum_share, wg.body.quorum_states = "0.2", 1
    wg.body.save()
    record_all(round_, [wg.members["KZ"], wg.members["KG"], wg.members["TJ"]], by=staff)
    closed = services.round_close(round_=round_, by=staff)
    assert closed.result == "no_quorum"  # 3 of 5 is below 80 %
    assert closed.tally["members_needed"] == 4 and closed.tally["states_needed"] == 4


# Answers in writing, through the page ------------------------------------------------------------------


def test_a_member_gives_their_position_on_the_page(client, english, silence_round, wg):
    person = wg.members["KG"]
    client.force_login(person)
    page = client.get(silence_round.recommendation.get_absolute_url())
    assert position_url(silence_round) in page.content.decode()

    response = answer(client, silence_round, "support")

    assert response.redirect_chain[-1][0] == silence_round.recommendation.get_absolute_url()
    assert messages_of(response) == ["Your position has been recorded."]
    position = Position.objects.get()
    assert (position.round, position.person, position.kind, position.recorded_by) == (
        silence_round,
        person,
        "support",
        person,
    )


def test_giving_a_position_needs_a_signed_in_member(client, silence_round):
    response = client.post(position_url(silence_round), {"version": silence_round.version_id, "kind": "support"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Position.objects.exists()


def test_giving_a_position_needs_the_csrf_token(silence_round, wg):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(wg.members["KG"])
    response = browser.post(position_url(silence_round), {"version": silence_round.version_id, "kind": "support"})
    assert response.status_code == 403
    assert not Position.objects.exists()


def test_the_position_address_takes_only_posts(client, silence_round, wg):
    client.force_login(wg.members["KG"])
    assert client.get(position_url(silence_round)).status_code == 405


def test_a_changed_position_is_a_new_row_and_the_latest_counts(client, english, silence_round, wg):
    person = wg.members["TJ"]
    client.force_login(person)
    answer(client, silence_round, "support")
    answer(client, silence_round, "stand_aside", reason="Funding is not settled")

    history = list(Position.objects.filter(person=person).values_list("kind", "reason"))
    assert history == [("support", ""), ("stand_aside", "Funding is not settled")]
    outcome = services.round_outcome(silence_round)
    assert outcome.counts == {"support": 4, "stand_aside": 1, "objection": 0}


def test_an_observer_cannot_give_a_position_but_may_comment(client, english, silence_round, wg):
    client.force_login(wg.observer)
    page = client.get(silence_round.recommendation.get_absolute_url())
    assert page.status_code == 200 and position_url(silence_round) not in page.content.decode()

    response = answer(client, silence_round, "objection", reason="We disagree")
    assert len(messages_of(response)) == 1 and "observers may comment" in messages_of(response)[0]
    assert not Position.objects.exists()

    response = client.post(comment_url(silence_round), {"text": "UNHCR has data on this."}, follow=True)
    assert messages_of(response) == ["Your comment has been added."]
    comment = Comment.objects.get()
    assert (comment.person, comment.text, comment.round) == (wg.observer, "UNHCR has data on this.", silence_round)
    assert "UNHCR has data on this." in response.content.decode()


def test_a_member_of_another_group_cannot_reach_the_round(client, silence_round, member_a):
    client.force_login(member_a)
    assert answer(client, silence_round, "objection", reason="x").status_code == 404
    assert client.post(comment_url(silence_round), {"text": "hello"}).status_code == 404
    assert not Position.objects.exists() and not Comment.objects.exists()


def test_the_secretariat_holds_no_position_of_its_own(client, english, silence_round, staff):
    client.force_login(staff)
    response = answer(client, silence_round, "support")
    assert "observers may comment" in messages_of(response)[0]
    assert not Position.objects.exists()


def test_someone_who_joined_after_the_round_opened_holds_no_position_in_it(client, english, silence_round, states):
    newcomer = MembershipFactory(body=silence_round.body, represents_state=states["KZ"]).person
    client.force_login(newcomer)
    response = answer(client, silence_round, "support")
    assert "observers may comment" in messages_of(response)[0]
    assert not Position.objects.exists()


@pytest.mark.parametrize("kind", ["stand_aside", "objection"])
@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reservation_or_an_objection_needs_its_reason(client, english, silence_round, wg, kind, reason):
    client.force_login(wg.members["UZ"])
    response = answer(client, silence_round, kind, reason=reason)
    assert messages_of(response) == ["A reservation or a formal objection needs its reason."]
    assert not Position.objects.exists()


@pytest.mark.parametrize("kind", ["veto", ""])
def test_an_unknown_position_is_refused(client, english, silence_round, wg, kind):
    client.force_login(wg.members["UZ"])
    response = answer(client, silence_round, kind)
    assert messages_of(response) == ["Choose support, stand aside or formal objection."]
    assert not Position.objects.exists()


def test_a_form_for_another_version_is_refused(client, english, silence_round, wg, make_recommendation):
    other = make_recommendation(title="Another text").current_version
    client.force_login(wg.members["UZ"])
    for version in (other.pk, silence_round.version_id + 1000):
        response = answer(client, silence_round, "support", version=version)
        assert messages_of(response) == ["This form was for another version of the text; reload the page."]
    response = answer(client, silence_round, "support", version="not-a-number")
    assert messages_of(response) == ["Choose support, stand aside or formal objection."]
    assert not Position.objects.exists()


def test_a_form_on_the_old_text_is_refused_after_a_new_version(client, english, silence_round, wg, staff):
    old_version = silence_round.version_id
    services.version_create(
        recommendation=silence_round.recommendation,
        texts={"title_ru": "New", "text_ru": "New text"},
        reason="Edits",
        by=staff,
    )
    client.force_login(wg.members["UZ"])
    response = answer(client, silence_round, "support", version=old_version)
    assert "closed" in messages_of(response)[0]
    assert not Position.objects.exists()


def test_no_position_after_the_deadline_even_before_the_task_closes_the_round(client, english, silence_round, wg):
    client.force_login(wg.members["UZ"])
    with time_machine.travel(silence_round.deadline, tick=False):
        response = answer(client, silence_round, "objection", reason="Too late")
    assert messages_of(response) == ["This round is closed; positions can no longer be given."]
    assert not Position.objects.exists()


def test_no_position_on_a_closed_round(client, english, silence_round, wg, staff):
    services.round_close(round_=silence_round, by=staff, now=silence_round.deadline)
    client.force_login(wg.members["UZ"])
    response = answer(client, silence_round, "objection", reason="Too late")
    assert messages_of(response) == ["This round is closed; positions can no longer be given."]
    response = client.post(comment_url(silence_round), {"text": "Too late"}, follow=True)
    assert messages_of(response) and not Comment.objects.exists()
    assert Position.objects.count() == 0


def test_in_a_meeting_members_do_not_answer_on_the_page(client, english, meeting_round, wg):
    client.force_login(wg.members["KZ"])
    page = client.get(meeting_round.recommendation.get_absolute_url())
    assert position_url(meeting_round) not in page.content.decode()
    response = answer(client, meeting_round, "support")
    assert messages_of(response) == ["In a meeting the secretariat records the positions of members present."]
    assert not Position.objects.exists()


def test_positions_on_behalf_of_others_are_for_the_secretariat_in_meetings(meeting_round, wg, staff):
    with pytest.raises(RecommendationError):
        services.position_record(round_=meeting_round, person=wg.members["KZ"], kind="support", by=wg.members["KG"])
    services.position_record(round_=meeting_round, person=wg.members["KZ"], kind="support", by=staff)
    assert Position.objects.get().recorded_by == staff


def test_the_secretariat_does_not_answer_for_members_in_writing(silence_round, wg, staff):
    with pytest.raises(RecommendationError):
        services.position_record(round_=silence_round, person=wg.members["KZ"], kind="support", by=staff)
    assert not Position.objects.exists()


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_comment_is_refused(client, english, silence_round, wg, text):
    client.force_login(wg.members["KZ"])
    response = client.post(comment_url(silence_round), {"text": text}, follow=True)
    assert messages_of(response) == ["Write a comment."]
    assert not Comment.objects.exists()


# Closing ----------------------------------------------------------------------------------------------


def test_closing_a_meeting_round_computes_the_outcome_and_moves_the_text_on(meeting_round, wg, staff):
    services.position_record(round_=meeting_round, person=wg.members["KZ"], kind="support", by=staff)
    services.position_record(
        round_=meeting_round, person=wg.members["KG"], kind="stand_aside", reason="Budget", by=staff
    )
    services.position_record(round_=meeting_round, person=wg.members["TJ"], kind="support", by=staff)

    closed = services.round_close(round_=meeting_round, by=staff)

    assert (closed.state, closed.result, closed.closed_by) == ("closed", "adopted", staff)
    assert closed.closed_at is not None
    assert closed.tally == {
        "counts": {"support": 2, "stand_aside": 1, "objection": 0},
        "by_state": {
            "KG": {"support": 0, "stand_aside": 1, "objection": 0},
            "KZ": {"support": 1, "stand_aside": 0, "objection": 0},
            "TJ": {"support": 1, "stand_aside": 0, "objection": 0},
        },
        "present": 3,
        "members": 5,
        "members_needed": 3,
        "states_present": ["KG", "KZ", "TJ"],
        "states_needed": 3,
    }
    recommendation = Recommendation.objects.get(pk=meeting_round.recommendation_id)
    assert recommendation.status == Status.ADOPTED
    change = recommendation.status_changes.last()
    assert (change.from_status, change.to_status, change.changed_by) == ("consultation", "adopted", staff)
    assert AuditRecord.objects.filter(action="round.close", target_id=str(closed.pk), data__result="adopted").exists()


def test_an_adopted_round_of_the_executive_committee_endorses_the_text(make_recommendation, advance, ec, staff):
    adopted = advance(make_recommendation(), Status.ADOPTED)
    round_ = services.round_open(recommendation=adopted, mode="meeting", by=staff)
    record_all(round_, ec.people[:3], by=staff)
    assert services.round_close(round_=round_, by=staff).result == "adopted"
    adopted.refresh_from_db()
    assert adopted.status == Status.ENDORSED


def test_a_blocked_round_leaves_the_status(meeting_round, wg, staff):
    record_all(meeting_round, wg.people[:4], by=staff)
    services.position_record(
        round_=meeting_round, person=wg.members["UZ"], kind="objection", reason="Contrary to our law", by=staff
    )
    closed = services.round_close(round_=meeting_round, by=staff)
    assert closed.result == "blocked"
    assert closed.tally["counts"] == {"support": 4, "stand_aside": 0, "objection": 1}
    recommendation = Recommendation.objects.get(pk=meeting_round.recommendation_id)
    assert recommendation.status == Status.CONSULTATION
    assert recommendation.status_changes.count() == 1  # draft → consultation only


def test_a_round_without_quorum_leaves_the_status(meeting_round, wg, staff):
    record_all(meeting_round, [wg.members["KZ"], wg.members["KG"]], by=staff)
    assert services.round_close(round_=meeting_round, by=staff).result == "no_quorum"
    assert Recommendation.objects.get(pk=meeting_round.recommendation_id).status == Status.CONSULTATION


def test_an_objection_withdrawn_before_the_close_no_longer_blocks(meeting_round, wg, staff):
    record_all(meeting_round, wg.people, by=staff)
    kz = wg.members["KZ"]
    services.position_record(round_=meeting_round, person=kz, kind="objection", reason="Wording", by=staff)
    services.position_record(round_=meeting_round, person=kz, kind="support", by=staff)
    assert services.round_close(round_=meeting_round, by=staff).result == "adopted"
    assert list(Position.objects.filter(person=kz).values_list("kind", flat=True)) == [
        "support",
        "objection",
        "support",
    ]


def test_closing_a_round_twice_changes_nothing(meeting_round, wg, staff):
    record_all(meeting_round, wg.people, by=staff)
    first = services.round_close(round_=meeting_round, by=staff)
    second = services.round_close(round_=meeting_round, by=None)
    assert (second.closed_at, second.closed_by, second.result) == (first.closed_at, staff, "adopted")
    assert Recommendation.objects.get(pk=meeting_round.recommendation_id).status_changes.count() == 2


def test_a_silence_procedure_cannot_be_closed_before_its_deadline(silence_round, staff):
    with pytest.raises(RecommendationError):
        services.round_close(round_=silence_round, by=staff)
    silence_round.refresh_from_db()
    assert silence_round.state == "open" and silence_round.result == ""


def test_positions_stay_as_they_were_given_after_the_close(meeting_round, wg, staff):
    record_all(meeting_round, wg.people, by=staff)
    services.round_close(round_=meeting_round, by=staff)
    with pytest.raises(RecommendationError):
        services.position_record(
            round_=meeting_round, person=wg.members["KZ"], kind="objection", reason="Late", by=staff
        )
    assert list(Position.objects.values_list("kind", flat=True)) == ["support"] * 5


# The beat task -----------------------------------------------------------------------------------------


def test_the_beat_task_closes_a_silence_procedure_at_its_deadline(silence_round, wg):
    services.position_record(
        round_=silence_round, person=wg.members["TM"], kind="stand_aside", reason="Budget", by=wg.members["TM"]
    )
    deadline = silence_round.deadline
    with time_machine.travel(deadline - datetime.timedelta(seconds=1), tick=False):
        assert tasks.rounds_close_due.delay().get() == 0
    silence_round.refresh_from_db()
    assert silence_round.state == "open"

    with time_machine.travel(deadline + datetime.timedelta(seconds=30), tick=False):
        assert tasks.rounds_close_due.delay().get() == 1
        assert tasks.rounds_close_due.delay().get() == 0  # once only
    silence_round.refresh_from_db()
    assert (silence_round.state, silence_round.result, silence_round.closed_by) == ("closed", "adopted", None)
    assert silence_round.tally["counts"] == {"support": 4, "stand_aside": 1, "objection": 0}  # silence is consent
    assert silence_round.tally["present"] == 5
    recommendation = Recommendation.objects.get(pk=silence_round.recommendation_id)
    assert recommendation.status == Status.ADOPTED


def test_the_beat_task_leaves_meeting_rounds_and_other_deadlines_alone(
    meeting_round, make_recommendation, advance, staff
):
    later = advance(make_recommendation(title="Later"), Status.CONSULTATION)
    services.round_open(
        recommendation=later, mode="silence", deadline=timezone.now() + datetime.timedelta(days=30), by=staff
    )
    with time_machine.travel(timezone.now() + datetime.timedelta(days=20), tick=False):
        assert tasks.rounds_close_due() == 0
    assert ConsensusRound.objects.filter(state="open").count() == 2


def test_the_beat_task_is_scheduled(settings):
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "recommendations.tasks.rounds_close_due" in schedule


# What the page shows -----------------------------------------------------------------------------------


def test_the_live_tally_shows_who_has_answered_but_not_how(client, english, silence_round, wg):
    kg, tj = wg.members["KG"], wg.members["TJ"]
    services.position_record(round_=silence_round, person=kg, kind="objection", reason="SECRET-GROUNDS", by=kg)
    services.position_record(round_=silence_round, person=tj, kind="support", by=tj)
    url = silence_round.recommendation.get_absolute_url()

    client.force_login(wg.members["UZ"])
    html = client.get(url).content.decode()
    assert "2 of 5 members have answered." in html
    assert tally_cell(html, kg.full_name_latin) == "answered"
    assert tally_cell(html, tj.full_name_latin) == "answered"
    assert tally_cell(html, wg.members["KZ"].full_name_latin) == "—"
    assert "SECRET-GROUNDS" not in html

    client.force_login(wg.observer)  # no form for them: no word for an objection beyond how the round decides
    html = client.get(url).content.decode()
    rule = re.search(r'<p class="round-rule">.*?</p>', html, re.S)
    assert rule and "formal objection" not in html.replace(rule.group(0), "") and "SECRET-GROUNDS" not in html

    services.round_close(round_=silence_round, by=None, now=silence_round.deadline)
    client.force_login(wg.members["UZ"])
    html = client.get(url).content.decode()
    assert tally_cell(html, kg.full_name_latin) == "formal objection: SECRET-GROUNDS"
    assert tally_cell(html, tj.full_name_latin) == "support"
    assert tally_cell(html, wg.members["KZ"].full_name_latin) == "silent"
    assert "Outcome: <strong>blocked</strong>" in html


def test_the_secretariat_follows_positions_while_the_round_is_open(client, english, silence_round, wg, staff):
    kg = wg.members["KG"]
    services.position_record(round_=silence_round, person=kg, kind="objection", reason="SECRET-GROUNDS", by=kg)
    client.force_login(staff)
    html = client.get(silence_round.recommendation.get_absolute_url()).content.decode()
    assert tally_cell(html, kg.full_name_latin) == "formal objection: SECRET-GROUNDS"


def test_reservations_are_annexed_to_the_text_once_adopted(client, english, meeting_round, wg, staff):
    record_all(meeting_round, [wg.members[c] for c in ("KZ", "TJ", "TM")], by=staff)
    services.position_record(
        round_=meeting_round, person=wg.members["KG"], kind="stand_aside", reason="RESERVATION-ON-FUNDING", by=staff
    )
    url = meeting_round.recommendation.get_absolute_url()
    client.force_login(wg.members["UZ"])
    html = client.get(url).content.decode()
    assert "Reservations (annexed to the text)" not in html and "RESERVATION-ON-FUNDING" not in html

    services.round_close(round_=meeting_round, by=staff)
    html = client.get(url).content.decode()
    annex = html[html.index("Reservations (annexed to the text)") :]
    annex = annex[: annex.index("</section>")]
    assert wg.members["KG"].full_name_latin in annex and "RESERVATION-ON-FUNDING" in annex


def test_a_reservation_in_a_blocked_round_is_not_annexed(client, english, meeting_round, wg, staff):
    services.position_record(
        round_=meeting_round, person=wg.members["KG"], kind="stand_aside", reason="RESERVATION-X", by=staff
    )
    services.position_record(round_=meeting_round, person=wg.members["KZ"], kind="objection", reason="No", by=staff)
    services.round_close(round_=meeting_round, by=staff)
    client.force_login(wg.members["UZ"])
    assert (
        "Reservations (annexed to the text)"
        not in client.get(meeting_round.recommendation.get_absolute_url()).content.decode()
    )
