"""What an app's `reports.py` gives the reports app for one PDF document (DESIGN.md, "Reports").

The reports app sits at the top: it asks for documents, renders and stores them. The apps that own the data
(meetings, recommendations) know what a document holds. Between them is this small contract, at the bottom so that
both sides can import it:

- a `Builder` per document kind, registered by its app in `ready()` with `builder_register`;
- `Builder.clean(parameters)` checks what a caller asked for (ids, filters) and returns them normalised, raising
  `django.core.exceptions.ValidationError` with a message a person can read when they are wrong;
- `Builder.gather(parameters)`, called with the report's language active, reads the database (a fixed number of
  queries whatever the number of rows) and returns a `Gathered`: the document's `data` (JSON-able: strings, numbers,
  lists, dicts; texts already cleaned, dates already formatted for the language and time zone), which is at once the
  template's context, what the archival variant embeds, and what decides whether a stored file can be given back;
  its title, reference and `Audience`;
- the template `Builder.template` (under `templates/reports/`, extending `reports/base.html`) renders `data`.
"""

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from council.models import Access

# The order of strictness of the access levels: a document holding things of several levels is seen at the strictest.
LEVEL_ORDER = (Access.PUBLIC, Access.PARTNERS, Access.COUNCIL, Access.BODY, Access.SECRETARIAT)


@dataclasses.dataclass(frozen=True)
class Audience:
    """Who may see a document: those who may see everything in it.

    `level` with `body_ids` is an access level as in council.access (for `body`: members of one of these bodies);
    `meeting_id` adds the invitees of that meeting (they see the meeting and who takes part in it); `person_id`
    makes the document personal: its addressee and the secretariat only, whatever the level.
    """

    level: str = Access.PUBLIC
    body_ids: frozenset[int] = frozenset()
    meeting_id: int | None = None
    person_id: int | None = None

    def __post_init__(self):
        if self.level not in LEVEL_ORDER:
            raise ValueError(f"Unknown access level {self.level!r}")
        object.__setattr__(self, "body_ids", frozenset(self.body_ids))

    @classmethod
    def secretariat(cls, *, person_id: int | None = None) -> "Audience":
        """The secretariat only; with `person_id`, also that person (a personal document)."""
        return cls(level=Access.SECRETARIAT, person_id=person_id)

    def with_members_of(self, body_ids) -> "Audience":
        """The audience once the document also holds what only the members of `body_ids` may see (names)."""
        return self.with_item(Access.BODY, body_ids)

    def with_item(self, level: str, body_ids=()) -> "Audience":
        """The audience once the document also holds a thing of access `level` owned by `body_ids`.

        The strictest level wins. Two `body` things of different bodies leave the bodies they share (a member of
        one of those sees both); none shared leaves the secretariat only, as nobody else is sure to see both.
        """
        body_ids = frozenset(body_ids)
        rank, item_rank = LEVEL_ORDER.index(self.level), LEVEL_ORDER.index(level)
        if item_rank < rank or level != Access.BODY and item_rank == rank:
            return self
        if level != Access.BODY:
            return dataclasses.replace(self, level=level, body_ids=frozenset())
        shared = body_ids if self.level != Access.BODY else self.body_ids & body_ids
        if not shared:
            return dataclasses.replace(self, level=Access.SECRETARIAT, body_ids=frozenset())
        return dataclasses.replace(self, level=Access.BODY, body_ids=shared)


@dataclasses.dataclass
class Gathered:
    data: dict[str, Any]
    title: str
    reference: str
    audience: Audience
    # A document that may never change once stored (a meeting record after its minutes were approved).
    frozen: bool = False


@dataclasses.dataclass(frozen=True)
class Builder:
    kind: str
    template: str
    clean: Callable[[Mapping[str, Any]], dict[str, Any]]
    gather: Callable[[dict[str, Any]], Gathered]


_builders: dict[str, Builder] = {}


def builder_register(builder: Builder) -> Builder:
    _builders[builder.kind] = builder
    return builder


def builder_get(kind: str) -> Builder:
    try:
        return _builders[kind]
    except KeyError:
        raise LookupError(f"No report builder for {kind!r}: register it in its app's ready().") from None
