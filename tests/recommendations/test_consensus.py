"""The outcome of a round: checked exhaustively on small bodies against a plain re-statement of the rule in
DESIGN.md ("Consensus"), and by properties on arbitrary bodies."""

import itertools
import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recommendations.consensus import Member, QuorumRule, Result, compute_outcome

ANSWERS = ("support", "stand_aside", "objection", None)  # None: no answer (absent, or silent)
FIVE_STATES = [Member(1, "KZ"), Member(2, "KG"), Member(3, "TJ"), Member(4, "TM"), Member(5, "UZ")]
# Two members of one state, and one member who represents an organisation rather than a state.
UNEVEN = [Member(1, "KZ"), Member(2, "KZ"), Member(3, "KG"), Member(4, "TJ"), Member(5, "TM"), Member(6, None)]


def expected(members, answers, *, silence, share, min_states):
    """DESIGN.md in a few lines: who is present, then blocked / adopted / no quorum."""
    present_states = []
    objections = 0
    for member in members:
        answer = answers.get(member.person_id)
        if answer not in ("support", "stand_aside", "objection"):
            if not silence:
                continue  # absent from the meeting
            answer = "support"  # silence is consent
        present_states.append(member.state)
        objections += answer == "objection"
    needed = math.ceil(Fraction(str(share)) * len(members))
    distinct_states = {s for s in present_states if s is not None}
    if objections:
        return Result.BLOCKED
    if members and len(present_states) >= needed and len(distinct_states) >= min_states:
        return Result.ADOPTED
    return Result.NO_QUORUM


def _check(members, answers, *, silence, share, min_states):
    outcome = compute_outcome(
        members, answers, silence=silence, rule=QuorumRule(share=Decimal(share), min_states=min_states)
    )
    want = expected(members, answers, silence=silence, share=share, min_states=min_states)
    assert outcome.result == want, (answers, silence, share, min_states)
    present = [m for m in members if silence or answers.get(m.person_id) in ("support", "stand_aside", "objection")]
    assert outcome.present == len(present)
    assert outcome.members == len(members)
    assert set(outcome.states_present) == {m.state for m in present if m.state}
    assert sum(outcome.counts.values()) == len(present)
    assert outcome.counts["objection"] == sum(answers.get(m.person_id) == "objection" for m in members)
    by_state_total = {k: sum(row[k] for row in outcome.by_state.values()) for k in outcome.counts}
    assert by_state_total == outcome.counts
    return outcome


@pytest.mark.parametrize("silence", [False, True], ids=["meeting", "silence"])
@pytest.mark.parametrize(
    "share,min_states", [("0.5", 3), ("0.6", 3), ("1", 5), ("0.2", 1), ("0.75", 4)], ids=lambda v: str(v)
)
def test_every_assignment_of_five_members_from_five_states(silence, share, min_states):
    results = set()
    for combo in itertools.product(ANSWERS, repeat=len(FIVE_STATES)):
        answers = {m.person_id: a for m, a in zip(FIVE_STATES, combo, strict=True) if a is not None}
        results.add(_check(FIVE_STATES, answers, silence=silence, share=share, min_states=min_states).result)
    assert Result.ADOPTED in results and Result.BLOCKED in results
    # In writing every member is present: the quorum cannot fail, only an objection stops the text.
    assert (Result.NO_QUORUM in results) is (not silence)


@pytest.mark.parametrize("silence", [False, True], ids=["meeting", "silence"])
def test_every_assignment_of_a_body_with_two_members_of_one_state_and_one_without_a_state(silence):
    for combo in itertools.product(ANSWERS, repeat=len(UNEVEN)):
        answers = {m.person_id: a for m, a in zip(UNEVEN, combo, strict=True) if a is not None}
        _check(UNEVEN, answers, silence=silence, share="0.5", min_states=3)


def test_the_default_quorum_is_half_the_members_and_three_states():
    rule = QuorumRule()
    assert (rule.share, rule.min_states) == (Decimal("0.5"), 3)
    assert [rule.members_needed(n) for n in (1, 2, 3, 4, 5, 6, 7)] == [1, 1, 2, 2, 3, 3, 4]


def test_three_supports_from_three_states_adopt_in_a_meeting_of_five():
    outcome = compute_outcome(
        FIVE_STATES, {1: "support", 2: "support", 3: "stand_aside"}, silence=False, rule=QuorumRule()
    )
    assert outcome.result == Result.ADOPTED
    assert outcome.quorum and outcome.members_needed == 3 and outcome.states_present == ("KG", "KZ", "TJ")
    assert outcome.by_state == {
        "KG": {"support": 1, "stand_aside": 0, "objection": 0},
        "KZ": {"support": 1, "stand_aside": 0, "objection": 0},
        "TJ": {"support": 0, "stand_aside": 1, "objection": 0},
    }


def test_two_members_present_are_no_quorum_in_a_meeting_of_five():
    outcome = compute_outcome(FIVE_STATES, {1: "support", 2: "support"}, silence=False, rule=QuorumRule())
    assert outcome.result == Result.NO_QUORUM and not outcome.quorum


def test_enough_members_from_too_few_states_are_no_quorum():
    # Three of six present, as the share asks, but only two states (KZ twice, KG) are represented.
    outcome = compute_outcome(UNEVEN, {1: "support", 2: "support", 3: "support"}, silence=False, rule=QuorumRule())
    assert outcome.present == 3 and outcome.members_needed == 3
    assert outcome.states_present == ("KG", "KZ")
    assert outcome.result == Result.NO_QUORUM


def test_a_member_without_a_state_counts_as_present_but_adds_no_state():
    outcome = compute_outcome(
        UNEVEN, {3: "support", 4: "support", 6: "support"}, silence=False, rule=QuorumRule(min_states=3)
    )
    assert outcome.present == 3 and outcome.states_present == ("KG", "TJ")
    assert outcome.result == Result.NO_QUORUM
    assert outcome.by_state["—"]["support"] == 1


def test_a_lone_objection_blocks_even_without_quorum():
    outcome = compute_outcome(FIVE_STATES, {1: "objection"}, silence=False, rule=QuorumRule())
    assert outcome.result == Result.BLOCKED and not outcome.quorum


def test_silence_with_nobody_answering_adopts_a_text():
    outcome = compute_outcome(FIVE_STATES, {}, silence=True, rule=QuorumRule())
    assert outcome.result == Result.ADOPTED
    assert outcome.present == 5 and outcome.counts == {"support": 5, "stand_aside": 0, "objection": 0}


def test_a_body_without_members_never_adopts():
    for silence in (False, True):
        assert compute_outcome([], {}, silence=silence, rule=QuorumRule(min_states=0)).result == Result.NO_QUORUM


def test_unknown_positions_count_as_no_answer():
    outcome = compute_outcome(FIVE_STATES, dict.fromkeys(range(1, 6), "maybe"), silence=False, rule=QuorumRule())
    assert outcome.present == 0 and outcome.result == Result.NO_QUORUM


# Properties ---------------------------------------------------------------------------------------------

state_codes = st.sampled_from(["KZ", "KG", "TJ", "TM", "UZ", None])


@st.composite
def bodies(draw, min_size=0):
    ids = draw(st.lists(st.integers(1, 40), min_size=min_size, max_size=9, unique=True))
    return [Member(pid, draw(state_codes)) for pid in ids]


@st.composite
def rounds(draw, min_size=0):
    members = draw(bodies(min_size=min_size))
    answers = {}
    for member in members:
        answer = draw(st.sampled_from(ANSWERS))
        if answer is not None:
            answers[member.person_id] = answer
    rule = QuorumRule(
        share=draw(st.sampled_from([Decimal(s) for s in ("0.1", "0.25", "0.33", "0.5", "0.51", "0.66", "0.9", "1")])),
        min_states=draw(st.integers(0, 5)),
    )
    return members, answers, draw(st.booleans()), rule


@settings(max_examples=400, deadline=None)
@given(rounds())
def test_the_outcome_matches_the_plain_statement_of_the_rule(case):
    members, answers, silence, rule = case
    _check(members, answers, silence=silence, share=str(rule.share), min_states=rule.min_states)


@settings(max_examples=300, deadline=None)
@given(rounds(min_size=1), st.data())
def test_a_formal_objection_always_blocks(case, data):
    members, answers, silence, rule = case
    objector = data.draw(st.sampled_from(members))
    answers = {**answers, objector.person_id: "objection"}
    assert compute_outcome(members, answers, silence=silence, rule=rule).result == Result.BLOCKED


@settings(max_examples=300, deadline=None)
@given(rounds(min_size=1), st.data())
def test_replacing_a_members_no_answer_by_support_keeps_an_adopted_text_adopted(case, data):
    members, answers, silence, rule = case
    silent = [m for m in members if m.person_id not in answers]
    before = compute_outcome(members, answers, silence=silence, rule=rule)
    if not silent:
        return
    member = data.draw(st.sampled_from(silent))
    after = compute_outcome(members, {**answers, member.person_id: "support"}, silence=silence, rule=rule)
    assert after.result != Result.BLOCKED or before.result == Result.BLOCKED
    if before.result == Result.ADOPTED:
        assert after.result == Result.ADOPTED
    assert after.present >= before.present


@settings(max_examples=300, deadline=None)
@given(rounds())
def test_in_a_silence_procedure_every_member_is_present(case):
    members, answers, _silence, rule = case
    outcome = compute_outcome(members, answers, silence=True, rule=rule)
    assert outcome.present == len(members)
    assert set(outcome.states_present) == {m.state for m in members if m.state}
    # Silence is consent: whoever has not answered counts as a support.
    objecting = sum(1 for m in members if answers.get(m.person_id) in ("stand_aside", "objection"))
    assert outcome.counts["support"] == len(members) - objecting


@settings(max_examples=300, deadline=None)
@given(rounds())
def test_the_quorum_counts_members_present_and_distinct_states(case):
    members, answers, silence, rule = case
    outcome = compute_outcome(members, answers, silence=silence, rule=rule)
    present = [m for m in members if silence or m.person_id in answers]
    assert outcome.members_needed == math.ceil(Fraction(str(rule.share)) * len(members))
    assert outcome.states_needed == rule.min_states
    assert outcome.quorum == (
        len(present) >= outcome.members_needed and len({m.state for m in present if m.state}) >= rule.min_states
    )
    if outcome.result == Result.ADOPTED:
        assert outcome.quorum and outcome.counts["objection"] == 0


@settings(max_examples=300, deadline=None)
@given(
    rounds(),
    st.dictionaries(st.integers(100, 200), st.sampled_from(["support", "stand_aside", "objection"]), max_size=5),
)
def test_positions_of_people_who_are_not_members_are_ignored(case, strangers):
    members, answers, silence, rule = case
    alone = compute_outcome(members, answers, silence=silence, rule=rule)
    with_strangers = compute_outcome(members, {**strangers, **answers}, silence=silence, rule=rule)
    assert with_strangers == alone
