"""Which status changes a roadmap and an activity may make, decided by one pure function.

Activities (issue 12):

| from        | to                                              |
|-------------|-------------------------------------------------|
| planned     | in progress, done, cancelled, postponed          |
| in progress | done, cancelled, postponed                       |
| postponed   | planned, in progress, done, cancelled            |
| done        | — (final)                                        |
| cancelled   | — (final)                                        |

Roadmaps: draft → adopted → completed; completed is final. A status never "changes" to itself, and an unknown
status changes to nothing. Cancelled and postponed need a reason (the database refuses them without one).
"""

import enum

# The machines, as plain values (the models' TextChoices take these).
ACTIVITY = "activity"
ROADMAP = "roadmap"


class ActivityStatus(enum.StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"


class RoadmapStatus(enum.StrEnum):
    DRAFT = "draft"
    ADOPTED = "adopted"
    COMPLETED = "completed"


_A = ActivityStatus
_R = RoadmapStatus
TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    ACTIVITY: {
        _A.PLANNED: frozenset({_A.IN_PROGRESS, _A.DONE, _A.CANCELLED, _A.POSTPONED}),
        _A.IN_PROGRESS: frozenset({_A.DONE, _A.CANCELLED, _A.POSTPONED}),
        _A.POSTPONED: frozenset({_A.PLANNED, _A.IN_PROGRESS, _A.DONE, _A.CANCELLED}),
        _A.DONE: frozenset(),
        _A.CANCELLED: frozenset(),
    },
    ROADMAP: {
        _R.DRAFT: frozenset({_R.ADOPTED}),
        _R.ADOPTED: frozenset({_R.COMPLETED}),
        _R.COMPLETED: frozenset(),
    },
}
NEEDS_REASON = frozenset({_A.CANCELLED, _A.POSTPONED})
FINAL = frozenset({_A.DONE, _A.CANCELLED})


def change_allowed(machine: str, current: str, new: str) -> bool:
    """May a thing of `machine` (ACTIVITY or ROADMAP) in status `current` move to `new`? (the table above)"""
    return new in TRANSITIONS.get(machine, {}).get(current, frozenset())


def next_statuses(machine: str, current: str) -> list[str]:
    """The statuses `current` may move to, in the order of their enumeration."""
    order = list(ActivityStatus if machine == ACTIVITY else RoadmapStatus)
    return [status.value for status in order if change_allowed(machine, current, status)]
