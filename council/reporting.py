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

from council import access


@dataclasses.dataclass(frozen=True)
class Audience:
    """Who may see a document: those who may see everything in it.

    `level` with `body_ids` is an access level as in council.access (for `body`: members of one of these bodies);
    `meeting_id` adds the invitees of that meeting (they see the meeting and who takes part in it); `person_id`
    makes the document personal: its addressee and the secretariat only, whatever the level. How levels combine is
    council.access's (`level_with`, `members_level`); this class only carries the result.
    """

    level: str = access.LEAST_STRICT
    body_ids: frozenset[int] = frozenset()
    meeting_id: int | None = None
    person_id: int | None = None

    def __post_init__(self):
        if not access.is_level(self.level):
            raise ValueError(f"Unknown access level {self.level!r}")
        object.__setattr__(self, "body_ids", frozenset(self.body_ids))

    @classmethod
    def members_of(cls, body_ids) -> "Audience":
        """The current members of any of `body_ids` (and the secretariat); no body leaves the secretariat only."""
        level, body_ids = access.members_level(body_ids)
        return cls(level=level, body_ids=body_ids)

    @classmethod
    def secretariat(cls, *, person_id: int | None = None) -> "Audience":
        """The secretariat alone, or with `person_id` a personal document: its addressee and the secretariat."""
        return cls(level=access.STRICTEST, person_id=person_id)

    def with_members_of(self, body_ids) -> "Audience":
        """The audience once the document also holds what only the members of `body_ids` may see (names)."""
        level, body_ids = access.members_level(body_ids)
        return self.with_item(level, body_ids)

    def sees(self, level: str, body_ids=()) -> bool:
        """Does every reader of this document also see a thing of access `level` owned by `body_ids`? Not when
        the thing would narrow the audience, nor, where the meeting's invitees read it, when an invitee from
        outside the council would not see it."""
        if self.with_item(level, body_ids) != self:
            return False
        return self.meeting_id is None or access.open_to_signed_in(level)

    def with_item(self, level: str, body_ids=()) -> "Audience":
        """The audience once the document also holds a thing of access `level` owned by `body_ids`."""
        level, body_ids = access.level_with(self.level, self.body_ids, level, body_ids)
        return dataclasses.replace(self, level=level, body_ids=body_ids)


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


# A document as a file now, for an app below the reports app (an invitation email that carries its letter). --------

_pdf_now: Callable[..., tuple[str, bytes]] | None = None


def pdf_now_register(render: Callable[..., tuple[str, bytes]]) -> None:
    """The reports app says how a document is had as a PDF at once: (file name, bytes), stored or rendered."""
    global _pdf_now
    _pdf_now = render


def pdf_now(*, kind: str, parameters: dict, language: str) -> tuple[str, bytes]:
    """The PDF of a document (its stored file when its data has not changed), for an email to attach."""
    if _pdf_now is None:
        raise LookupError("No PDF renderer: the reports app registers it in its ready().")
    return _pdf_now(kind=kind, parameters=parameters, language=language)
