"""The one access rule (DESIGN.md, "Access levels"): which levels a viewer has, for one object or as a filter.

Every meeting, document and recommendation carries one level:

| level         | who sees it                                                        |
|---------------|--------------------------------------------------------------------|
| `public`      | anyone, signed in or not (and the API without a key)               |
| `partners`    | signed-in people, and partner keys with the matching scope         |
| `council`     | council members: whoever holds a current seat on any of its bodies  |
| `body`        | current members of the body (or one of the bodies) owning the thing |
| `secretariat` | the secretariat only                                                |

The secretariat sees every level; a deactivated account sees what an anonymous visitor sees. Whether a thing
is shown at all before it is published, and who sees it then (a working group its drafts, an invitee their
meeting), are rules of the app that owns it, in its `permissions.py`, built on top of this module.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from council.models import Access
from council.permissions import is_secretariat, member_body_ids

EVERY_LEVEL = frozenset(Access.values)
# What anyone signed in sees, whatever seats they hold.
SIGNED_IN_LEVELS = frozenset({Access.PUBLIC, Access.PARTNERS})


@dataclass(frozen=True)
class Viewer:
    """Who is looking, as far as access levels care.

    `levels` are the levels seen whoever owns the thing; `body_ids` the bodies whose `body`-level things are seen
    too. A person's viewer comes from `viewer_of`; a partner key's is `Viewer.partner()`, carried by its principal
    (council.partners.principal).
    """

    levels: frozenset[str] = frozenset({Access.PUBLIC})
    body_ids: frozenset[int] = frozenset()

    @classmethod
    def partner(cls) -> "Viewer":
        """A partner organisation's key with the scope that admits it: public and partners levels, no body."""
        return cls(levels=frozenset({Access.PUBLIC, Access.PARTNERS}))

    @property
    def sees_everything(self) -> bool:
        return self.levels >= EVERY_LEVEL


ANONYMOUS = Viewer()


def viewer_of(who) -> Viewer:
    """The viewer of a user (anonymous, deactivated, member, secretariat) or of a partner key's principal; a `Viewer`
    is returned as it is."""
    if isinstance(who, Viewer):
        return who
    # A caller that is not a person (a partner key's principal, council.partners) carries its own viewer.
    own = getattr(who, "access_viewer", None)
    if isinstance(own, Viewer):
        return own
    if who is None or not (who.is_authenticated and who.is_active):
        return ANONYMOUS
    if is_secretariat(who):
        return Viewer(levels=EVERY_LEVEL)
    body_ids = frozenset(member_body_ids(who))
    levels = set(SIGNED_IN_LEVELS)
    if body_ids:
        levels.add(Access.COUNCIL)
    return Viewer(levels=frozenset(levels), body_ids=body_ids)


def levels_for(who, body_ids: Iterable[int]) -> frozenset[str]:
    """The levels `who` (a user or a `Viewer`) sees of a thing owned by the bodies `body_ids`."""
    viewer = viewer_of(who)
    if Access.BODY in viewer.levels or not viewer.body_ids:
        return viewer.levels  # `body_ids` may be lazy (a generator over a relation): not read when not needed
    if viewer.body_ids.isdisjoint(body_ids):
        return viewer.levels
    return viewer.levels | {Access.BODY}


def can_see_level(who, level: str, body_ids: Iterable[int]) -> bool:
    """May `who` see a thing of access level `level` owned by the bodies `body_ids`?"""
    return level in levels_for(who, body_ids)


def access_q(who, *, access: str = "access", bodies: str = "bodies") -> Q:
    """A filter on things whose level `who` sees; `access` and `bodies` name the fields holding the thing's level
    and its owning bodies (a foreign key or a many-to-many: join it through a subquery if rows may repeat)."""
    viewer = viewer_of(who)
    if viewer.sees_everything:
        return Q()
    condition = Q(**{f"{access}__in": sorted(viewer.levels)})
    if Access.BODY not in viewer.levels and viewer.body_ids:
        condition |= Q(**{access: Access.BODY, f"{bodies}__in": sorted(viewer.body_ids)})
    return condition


def levels_q(levels: Iterable[str], *, access: str = "access") -> Q:
    """A filter on things whose level is one of `levels` (from `levels_for`, when the owning bodies are known)."""
    levels = frozenset(levels)
    if levels >= EVERY_LEVEL:
        return Q()
    return Q(**{f"{access}__in": sorted(levels)})


# What a document holding several things may be seen at (reports: "visible to those who may see everything in it").

# How strict each level is, from anyone to the secretariat alone.
STRICTNESS = (Access.PUBLIC, Access.PARTNERS, Access.COUNCIL, Access.BODY, Access.SECRETARIAT)
LEAST_STRICT, STRICTEST = STRICTNESS[0], STRICTNESS[-1]


# Things no body owns (a roadmap): `body` would leave them to the secretariat alone, so it is not offered.
UNOWNED_LEVELS = tuple(level for level in STRICTNESS if level != Access.BODY)


def unowned_level_choices() -> list[tuple[str, str]]:
    """The access levels offered for a thing no body owns, with their labels."""
    return [(value, label) for value, label in Access.choices if value in UNOWNED_LEVELS]


def unowned_level_q(*, access: str = "access") -> Q:
    """The database's check on a thing no body owns: its level is one of `UNOWNED_LEVELS`."""
    return ~Q(**{access: Access.BODY})


def is_level(level: str) -> bool:
    return level in STRICTNESS


def open_to_signed_in(level: str) -> bool:
    """Is a thing of this level seen by anyone signed in (an invitee from outside the council), seats or none?"""
    return level in SIGNED_IN_LEVELS


def members_level(body_ids: Iterable[int]) -> tuple[str, frozenset[int]]:
    """The level (with its bodies) of things for the current members of any of `body_ids`; none: the secretariat."""
    body_ids = frozenset(body_ids)
    return (Access.BODY, body_ids) if body_ids else (Access.SECRETARIAT, frozenset())


def level_with(
    level: str, body_ids: Iterable[int], item_level: str, item_body_ids: Iterable[int]
) -> tuple[str, frozenset[int]]:
    """The level (with its bodies) of something seen at `level` once it also holds a thing of `item_level`.

    The stricter level wins. Two `body` things of different bodies leave the bodies they share (a member of one of
    those sees both); none shared leaves the secretariat alone, as nobody else is sure to see both.
    """
    body_ids, item_body_ids = frozenset(body_ids), frozenset(item_body_ids)
    rank, item_rank = STRICTNESS.index(level), STRICTNESS.index(item_level)
    if item_rank < rank or (item_rank == rank and item_level != Access.BODY):
        return level, body_ids
    if item_level != Access.BODY:
        return item_level, frozenset()
    shared = item_body_ids if level != Access.BODY else body_ids & item_body_ids
    return members_level(shared)
