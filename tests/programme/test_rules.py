"""The status rules of roadmaps and activities (issue 12), restated here independently of programme.rules and
checked on every pair of statuses."""

import itertools

from hypothesis import given
from hypothesis import strategies as st

from programme import rules
from programme.models import Activity, Roadmap

A = Activity.Status
R = Roadmap.Status

# The rule as the issue and the docstring state it, written out pair by pair.
ACTIVITY_ALLOWED = {
    (A.PLANNED, A.IN_PROGRESS),
    (A.PLANNED, A.DONE),
    (A.PLANNED, A.CANCELLED),
    (A.PLANNED, A.POSTPONED),
    (A.IN_PROGRESS, A.DONE),
    (A.IN_PROGRESS, A.CANCELLED),
    (A.IN_PROGRESS, A.POSTPONED),
    (A.POSTPONED, A.PLANNED),
    (A.POSTPONED, A.IN_PROGRESS),
    (A.POSTPONED, A.DONE),
    (A.POSTPONED, A.CANCELLED),
}
ROADMAP_ALLOWED = {(R.DRAFT, R.ADOPTED), (R.ADOPTED, R.COMPLETED)}


def test_every_pair_of_activity_statuses_is_decided_as_the_rule_says():
    for current, new in itertools.product(A.values, repeat=2):
        assert rules.change_allowed(rules.ACTIVITY, current, new) == ((current, new) in ACTIVITY_ALLOWED), (
            current,
            new,
        )


def test_every_pair_of_roadmap_statuses_is_decided_as_the_rule_says():
    for current, new in itertools.product(R.values, repeat=2):
        assert rules.change_allowed(rules.ROADMAP, current, new) == ((current, new) in ROADMAP_ALLOWED), (current, new)


def test_the_models_take_the_rules_statuses():
    assert set(A.values) == {s.value for s in rules.ActivityStatus}
    assert set(R.values) == {s.value for s in rules.RoadmapStatus}


def test_done_and_cancelled_are_final_and_completed_too():
    for final in (A.DONE, A.CANCELLED):
        assert rules.next_statuses(rules.ACTIVITY, final) == []
    assert rules.next_statuses(rules.ROADMAP, R.COMPLETED) == []


def test_cancelled_and_postponed_need_a_reason():
    assert {A.CANCELLED, A.POSTPONED} == rules.NEEDS_REASON


@given(st.text(max_size=12), st.text(max_size=12), st.sampled_from([rules.ACTIVITY, rules.ROADMAP, "other"]))
def test_no_status_changes_to_itself_and_unknown_ones_change_to_nothing(current, new, machine):
    allowed = rules.change_allowed(machine, current, new)
    if current == new or machine == "other":
        assert not allowed
    known = set(A.values) | set(R.values)
    if current not in known or new not in known:
        assert not allowed


@given(st.lists(st.sampled_from(A.values), min_size=1, max_size=8))
def test_a_walk_of_allowed_changes_never_leaves_a_final_status(steps):
    current = A.PLANNED
    for new in steps:
        if rules.change_allowed(rules.ACTIVITY, current, new):
            assert current not in rules.FINAL
            current = new
