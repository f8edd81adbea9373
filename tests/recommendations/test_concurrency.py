"""Races on PostgreSQL: answers given at the same instant, and a last-second objection against the close.

Each thread has its own database connection (Django's connections are per thread) and closes it at the end.
"""

import datetime
import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from council.models import MemberState
from recommendations import services
from recommendations.models import ConsensusRound, Position, Recommendation, StatusChange
from recommendations.services import RecommendationError
from tests.recommendations.conftest import texts

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

Status = Recommendation.Status
ITERATIONS = 20


def run_together(*jobs, timeout=60):
    """Start every job in its own thread at the same instant; return their results (or exceptions)."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def runner(index, job):
        try:
            barrier.wait(timeout=timeout)
            results[index] = job()
        except Exception as exc:  # noqa: BLE001 - reported to the test, which decides
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
        assert not thread.is_alive(), "a thread is stuck (a lock never released?)"
    return results


def test_members_answering_at_the_same_instant_lose_no_position(postgres, silence_round, wg):
    url = reverse("recommendations:position", args=[silence_round.recommendation_id, silence_round.pk])
    browsers = {}
    for code, person in wg.members.items():
        browsers[code] = Client()
        browsers[code].force_login(person)
    kinds = {"KZ": "support", "KG": "stand_aside", "TJ": "support", "TM": "objection", "UZ": "support"}

    def post(code, kind):
        data = {"version": silence_round.version_id, "kind": kind, "reason": f"Reason of {code}", "confirm": "1"}
        return lambda: browsers[code].post(url, data).status_code

    for _attempt in range(3):
        results = run_together(*(post(code, kind) for code, kind in kinds.items()))
        assert results == [302] * 5

    assert Position.objects.filter(round=silence_round).count() == 15
    for code, kind in kinds.items():
        history = Position.objects.filter(round=silence_round, person=wg.members[code])
        assert list(history.values_list("kind", flat=True)) == [kind] * 3
    assert services.round_outcome(silence_round).counts == {"support": 3, "stand_aside": 1, "objection": 1}


def test_one_member_answering_twice_at_once_keeps_both_rows(postgres, silence_round, wg):
    person = wg.members["KG"]

    def give(kind, reason):
        return lambda: (
            services.position_record(round_=silence_round, person=person, kind=kind, reason=reason, by=person).pk
        )

    results = run_together(give("support", ""), give("objection", "On second thought"))
    assert all(isinstance(pk, int) for pk in results), results
    assert sorted(Position.objects.filter(person=person).values_list("kind", flat=True)) == ["objection", "support"]


def _race_round(make_recommendation, advance, staff, i):
    recommendation = advance(make_recommendation(title=f"Race {i}"), Status.CONSULTATION)
    return services.round_open(
        recommendation=recommendation, mode="silence", deadline=timezone.now() + datetime.timedelta(hours=1), by=staff
    )


def _check_never_adopted_with_an_objection(round_, objection_result):
    round_.refresh_from_db()
    recommendation = Recommendation.objects.get(pk=round_.recommendation_id)
    assert round_.state == ConsensusRound.State.CLOSED
    objections = Position.objects.filter(round=round_, kind="objection", recorded_at__lt=round_.closed_at)
    if isinstance(objection_result, RecommendationError):
        # The close came first: the objection was refused, and nothing of it was written.
        assert not Position.objects.filter(round=round_).exists()
        assert round_.result == "adopted"
        assert recommendation.status == Status.ADOPTED
        return "closed first"
    assert isinstance(objection_result, Position), objection_result
    assert objections.exists()
    assert round_.result == "blocked", "an accepted objection must block"
    assert round_.tally["counts"]["objection"] == 1
    assert recommendation.status == Status.CONSULTATION
    return "objection first"


@pytest.mark.parametrize("closer", ["round_close", "rounds_close_due"])
def test_a_last_second_objection_racing_the_deadline_never_yields_an_adopted_blocked_text(
    postgres, make_recommendation, advance, wg, staff, closer
):
    objector = wg.members["UZ"]
    seen = []
    for i in range(ITERATIONS):
        round_ = _race_round(make_recommendation, advance, staff, i)
        deadline = round_.deadline

        def object_(round_=round_, deadline=deadline):
            return services.position_record(
                round_=round_,
                person=objector,
                kind="objection",
                reason="Last-second objection",
                by=objector,
                now=deadline - datetime.timedelta(milliseconds=1),
            )

        def close(round_=round_, deadline=deadline):
            if closer == "round_close":
                return services.round_close(round_=ConsensusRound(pk=round_.pk), by=None, now=deadline)
            return services.rounds_close_due(now=deadline)

        objection_result, close_result = run_together(object_, close)
        assert not isinstance(close_result, Exception), close_result
        seen.append(_check_never_adopted_with_an_objection(round_, objection_result))
    assert len(seen) == ITERATIONS


def test_an_objection_recorded_in_a_meeting_while_the_secretariat_closes_never_adopts(
    postgres, make_recommendation, advance, wg, staff
):
    for i in range(ITERATIONS):
        recommendation = advance(make_recommendation(title=f"Meeting race {i}"), Status.CONSULTATION)
        round_ = services.round_open(recommendation=recommendation, mode="meeting", by=staff)
        for code in ("KZ", "KG", "TJ"):
            services.position_record(round_=round_, person=wg.members[code], kind="support", by=staff)

        def object_(round_=round_):
            return services.position_record(
                round_=round_, person=wg.members["UZ"], kind="objection", reason="Stated at the table", by=staff
            )

        def close(round_=round_):
            return services.round_close(round_=ConsensusRound(pk=round_.pk), by=staff)

        objection_result, close_result = run_together(object_, close)
        assert not isinstance(close_result, Exception), close_result
        round_.refresh_from_db()
        recommendation.refresh_from_db()
        accepted = isinstance(objection_result, Position)
        assert accepted or isinstance(objection_result, RecommendationError), objection_result
        assert Position.objects.filter(round=round_, kind="objection").exists() is accepted
        assert round_.result == ("blocked" if accepted else "adopted")
        assert recommendation.status == (Status.CONSULTATION if accepted else Status.ADOPTED)


def test_two_beats_closing_the_same_round_adopt_the_text_once(postgres, silence_round):
    after = silence_round.deadline + datetime.timedelta(seconds=1)
    results = run_together(lambda: services.rounds_close_due(now=after), lambda: services.rounds_close_due(now=after))
    assert not any(isinstance(r, Exception) for r in results), results
    silence_round.refresh_from_db()
    assert (silence_round.state, silence_round.result) == ("closed", "adopted")
    changes = StatusChange.objects.filter(recommendation_id=silence_round.recommendation_id, to_status="adopted")
    assert changes.count() == 1


def test_recommendations_created_at_the_same_instant_get_distinct_codes(postgres, wg, staff):
    states = list(MemberState.objects.filter(code="KZ"))

    def create(i):
        return lambda: (
            services.recommendation_create(
                working_group=wg.body, texts=texts(title=f"Parallel {i}"), by=staff, addressee_states=states
            ).code
        )

    codes = run_together(*(create(i) for i in range(5)))
    assert not any(isinstance(c, Exception) for c in codes), codes
    year = timezone.localdate().year
    assert sorted(codes) == [f"WG-B/{year}/0{n}" for n in range(1, 6)]


def test_a_new_version_racing_the_close_either_ends_the_round_or_comes_too_late(
    postgres, make_recommendation, advance, staff
):
    outcomes = []
    for i in range(ITERATIONS):
        round_ = _race_round(make_recommendation, advance, staff, i)
        recommendation = round_.recommendation

        def edit(recommendation=recommendation, i=i):
            return services.version_create(
                recommendation=Recommendation(pk=recommendation.pk),
                texts=texts(title=f"Race {i}", text="Edited at the deadline"),
                reason="Last-minute edit",
                by=staff,
            )

        def close(round_=round_):
            return services.round_close(round_=ConsensusRound(pk=round_.pk), by=None, now=round_.deadline)

        edit_result, close_result = run_together(edit, close)
        round_.refresh_from_db()
        recommendation.refresh_from_db()
        if isinstance(edit_result, RecommendationError):
            # The close came first: the text was adopted as it was put to the group, and stays so.
            assert not isinstance(close_result, Exception), close_result
            assert (round_.state, round_.result, recommendation.status) == ("closed", "adopted", Status.ADOPTED)
            assert recommendation.versions.count() == 1
            outcomes.append("closed first")
        else:
            assert not isinstance(edit_result, Exception), edit_result
            assert not isinstance(close_result, Exception), close_result
            assert (round_.state, round_.result, recommendation.status) == ("ended", "", Status.CONSULTATION)
            assert recommendation.current_version.number == 2
            outcomes.append("edited first")
    assert len(outcomes) == ITERATIONS


def test_a_return_to_draft_racing_the_close_never_deadlocks(postgres, make_recommendation, advance, staff):
    for i in range(ITERATIONS):
        round_ = _race_round(make_recommendation, advance, staff, i)
        recommendation = round_.recommendation

        def back(recommendation=recommendation):
            return services.recommendation_transition(
                recommendation=Recommendation(pk=recommendation.pk), to=Status.DRAFT, by=staff, reason="Rework"
            )

        def close(round_=round_):
            return services.round_close(round_=ConsensusRound(pk=round_.pk), by=None, now=round_.deadline)

        results = run_together(back, close)
        assert not any(isinstance(r, Exception) for r in results), results
        round_.refresh_from_db()
        recommendation.refresh_from_db()
        assert recommendation.status == Status.DRAFT
        steps = [(c.from_status, c.to_status) for c in recommendation.status_changes.all()][1:]
        if round_.state == ConsensusRound.State.ENDED:  # returned first: the round ended without an outcome
            assert round_.result == "" and steps == [("consultation", "draft")]
        else:  # closed first: adopted, then returned to the group
            assert round_.result == "adopted" and steps == [("consultation", "adopted"), ("adopted", "draft")]
