"""The outcome of a consensus round, computed by one pure function (DESIGN.md, "Consensus").

- `adopted`: the quorum is met and no formal objection stands;
- `blocked`: a formal objection stands (whatever the quorum);
- `no_quorum`: otherwise.

Quorum: at least `share` of the members present (rounded up) and at least `min_states` member states
represented among them. In a silence procedure every member counts as present and silence is consent.
"""

import enum
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal


class Position(enum.StrEnum):
    """What a member may answer (the model's choices, `recommendations.models.Position.Kind`, take these)."""

    SUPPORT = "support"
    STAND_ASIDE = "stand_aside"
    OBJECTION = "objection"


POSITIONS = tuple(Position)


class Result(enum.StrEnum):
    """The outcome of a round (`recommendations.models.ConsensusRound.Result` takes these)."""

    ADOPTED = "adopted"
    BLOCKED = "blocked"
    NO_QUORUM = "no_quorum"


@dataclass(frozen=True)
class Member:
    """A member holding a position in the round, and the member state they represent (if any)."""

    person_id: int
    state: str | None


@dataclass(frozen=True)
class QuorumRule:
    share: Decimal = Decimal("0.5")
    min_states: int = 3

    def members_needed(self, total: int) -> int:
        return math.ceil(Decimal(total) * self.share)


@dataclass(frozen=True)
class Outcome:
    result: Result
    present: int
    members: int
    members_needed: int
    states_present: tuple[str, ...]
    states_needed: int
    counts: dict[Position, int] = field(default_factory=dict)
    by_state: dict[str, dict[Position, int]] = field(default_factory=dict)

    @property
    def quorum(self) -> bool:
        return self.present >= self.members_needed and len(self.states_present) >= self.states_needed


def compute_outcome(
    members: Sequence[Member], positions: Mapping[int, str], *, silence: bool, rule: QuorumRule
) -> Outcome:
    """Decide a round from its members and their current positions (person id → position).

    Positions of people who are not members (observers, outsiders) are ignored; so is an unknown position.
    """
    effective: dict[int, Position] = {}
    for member in members:
        position = positions.get(member.person_id)
        if position in POSITIONS:
            effective[member.person_id] = Position(position)
        elif silence:
            effective[member.person_id] = Position.SUPPORT  # silence is consent
    present = [m for m in members if m.person_id in effective]
    states_present = tuple(sorted({m.state for m in present if m.state}))
    counts = dict.fromkeys(POSITIONS, 0)
    by_state: dict[str, dict[Position, int]] = {}
    for member in present:
        position = effective[member.person_id]
        counts[position] += 1
        row = by_state.setdefault(member.state or "—", dict.fromkeys(POSITIONS, 0))
        row[position] += 1
    needed = rule.members_needed(len(members))
    quorum = len(present) >= needed and len(states_present) >= rule.min_states
    if counts[Position.OBJECTION]:
        result = Result.BLOCKED
    elif quorum and members:
        result = Result.ADOPTED
    else:
        result = Result.NO_QUORUM
    return Outcome(
        result=result,
        present=len(present),
        members=len(members),
        members_needed=needed,
        states_present=states_present,
        states_needed=rule.min_states,
        counts=counts,
        by_state=dict(sorted(by_state.items())),
    )
