"""The kinds of OutboxMessage: each app registers, in its `ready()`, how to build the messages it owns."""

import dataclasses
from collections.abc import Callable

from django.core.mail import EmailMessage


@dataclasses.dataclass(frozen=True)
class MessageKind:
    name: str
    # The email, rendered now in the row's language.
    build: Callable[..., EmailMessage]
    # Why the message is no longer owed ("" while it is): e.g. the round closed before its reminder went.
    not_owed: Callable[..., str] = lambda row: ""
    # May wait for the recipient's daily digest, if they chose one (never invitations or account e-mails).
    digestible: bool = False


_kinds: dict[str, MessageKind] = {}


def kind_register(
    name: str, *, build: Callable, not_owed: Callable | None = None, digestible: bool = False
) -> MessageKind:
    kind = MessageKind(name=name, build=build, not_owed=not_owed or (lambda row: ""), digestible=digestible)
    _kinds[name] = kind
    return kind


def kind_get(name: str) -> MessageKind:
    try:
        return _kinds[name]
    except KeyError:
        raise LookupError(f"No outbox message kind {name!r}: register it in its app's ready().") from None
