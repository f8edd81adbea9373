"""The emails of a meeting: invitation, update, cancellation and reminders, each in the invitee's language.

A batch sends the same meeting to many invitees: `MessageBuilder` renders the templates and the calendar
entry once per meeting, sequence, language and kind, with stand-ins for what differs between invitees (their
name and their answer link), and puts each invitee's own values in. `build_message` builds one message from
scratch, through the same code.
"""

import dataclasses
import re
import secrets
from email.utils import formatdate

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import RFC5322_EMAIL_LINE_LENGTH_LIMIT, SafeMIMEText
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from council.outbox.build import header_text, message_domain, subject_prefix
from council.reporting import pdf_now
from meetings import selectors
from meetings.calendar import attendee_lines, meeting_request_ics, with_attendee_lines
from meetings.models import Invitation
from meetings.permissions import can_see_online_link
from meetings.tokens import rsvp_token

Rsvp = Invitation.Rsvp


class Kind(models.TextChoices):
    INVITATION = "invitation"
    UPDATE = "update"
    CANCELLATION = "cancellation"
    REMINDER = "reminder"
    RSVP_REMINDER = "rsvp_reminder"


def invitation_message_id(invitation, sequence: int) -> str:
    """The same invitation at the same sequence always carries the same Message-ID."""
    return f"<invitation.{invitation.pk}.seq{sequence}.{invitation.meeting.uid.hex}@{message_domain()}>"


def reminder_message_id(reminder) -> str:
    meeting_uid = reminder.invitation.meeting.uid.hex
    return f"<reminder.{reminder.invitation_id}.{reminder.key}.{meeting_uid}@{message_domain()}>"


def rsvp_url(invitation, answer: str | None = None) -> str:
    return _rsvp_url(rsvp_token(invitation), answer)


def _rsvp_url(token: str, answer: str | None = None) -> str:
    url = settings.SITE_URL + reverse("meetings:rsvp", kwargs={"token": token})
    return f"{url}?answer={answer}" if answer else url


def _subject(kind: str, meeting) -> str:
    label = {
        Kind.INVITATION: _("Invitation"),
        Kind.UPDATE: _("Updated"),
        Kind.CANCELLATION: _("Cancelled"),
        Kind.REMINDER: _("Reminder"),
        Kind.RSVP_REMINDER: _("Please answer"),
    }[kind]
    return f"{label}: {meeting.title} — {meeting.local_start:%d.%m.%Y}"


@dataclasses.dataclass(frozen=True)
class _Invitee:
    """All the templates may read of an invitee: anything else they asked for would fail loudly here, instead of
    being rendered once and sent to everyone of the batch."""

    display_name: str
    delegated_from_id: int | None
    rsvp: str


@dataclasses.dataclass(frozen=True)
class _Values:
    """What differs from one invitee's email to the next."""

    to: str
    message_id: str
    name: str
    link: str
    attendee: bytes  # the ATTENDEE lines of the calendar entry


@dataclasses.dataclass
class _Rendering:
    """An email with stand-ins where each invitee's values go: letters and digits that no meeting text contains
    by chance and that no escaping changes (the text part gets the name as typed, the HTML part escaped)."""

    subject: str
    language: str
    kind: str
    text: str
    html: str
    ics: bytes  # the calendar entry, with the attendee's stand-in line
    stand_ins: _Values  # in the text part and the headers
    html_stand_ins: _Values  # in the HTML part
    uses: int = 0
    wire: "_Wire | None" = None  # the whole message as sent, made when a second email uses the rendering

    def message(self, values: _Values) -> EmailMultiAlternatives:
        """The email with `values` in place of the stand-ins."""
        return _email(
            subject=self.subject,
            language=self.language,
            kind=self.kind,
            text=self.text.replace(self.stand_ins.name, values.name).replace(self.stand_ins.link, values.link),
            html=self.html.replace(self.html_stand_ins.name, escape(values.name)).replace(
                self.html_stand_ins.link, escape(values.link)
            ),
            ics=self.ics.replace(self.stand_ins.attendee, values.attendee),
            to=values.to,
            message_id=values.message_id,
        )


class MessageBuilder:
    """Builds the emails of invitations, rendering what invitees of one meeting share only once.

    Each email is made from its rendering twice over: as an `EmailMultiAlternatives` (its body and parts, for
    whoever reads them) and, from the second email of a rendering on, as the bytes Django would send
    (`serialized`), put together from the rendering's serialized copy instead of being serialized anew, which
    costs more than all the rest; the outbox's SMTP
    session sends them as they are. Where an invitee's values would make Django serialize the email
    differently (a line too long, an address to encode), `serialized` is None and Django serializes it.
    Keep one builder for a batch, not longer: it reads the meeting as it was then.
    """

    def __init__(self):
        self._renderings: dict[tuple, _Rendering] = {}

    def build(self, *, invitation, kind: str, message_id: str) -> EmailMultiAlternatives:
        """One email with its calendar entry; the meeting, agenda and invitee are read in the invitee's language."""
        meeting = invitation.meeting
        online = can_see_online_link(None, meeting, invitation=invitation)
        documents = _documents_of(invitation) if kind != Kind.CANCELLATION else ()
        key = (
            meeting.pk,
            meeting.sequence,
            meeting.status,
            invitation.language,
            kind,
            online,
            bool(invitation.delegated_from_id),
            invitation.rsvp,
            tuple(document.pk for document in documents),
        )
        rendering = self._renderings.get(key)
        if rendering is None:
            rendering = self._renderings[key] = _render(invitation, kind, online=online, documents=documents)
        with translation.override(invitation.language):  # a person's name in the script of their language
            values = _Values(
                to=invitation.email,
                message_id=header_text(message_id),
                name=invitation.display_name,
                link=rsvp_url(invitation),
                attendee=attendee_lines(invitation),
            )
        message = rendering.message(values)
        message.serialized = None  # Django serializes it, unless put together below
        if kind in LETTER_KINDS and meeting.attach_invitation_letter:
            _attach_letter(message, invitation)
            return message  # an email of its own: Django serializes it
        rendering.uses += 1
        if rendering.uses > 1:  # serializing the rendering pays from its second email on
            if rendering.wire is None:
                rendering.wire = _Wire.of(rendering)
            message.serialized = rendering.wire.bytes_for(values)  # sent as they are (council.outbox.backend)
        return message


@dataclasses.dataclass(frozen=True)
class _Wire:
    """A rendering serialized once, with stand-ins; `bytes_for` puts an invitee's values in, or says None when
    they would change how the email is serialized (then Django serializes it)."""

    data: bytes
    stand_ins: _Values
    html_stand_ins: _Values
    date: bytes
    ascii_parts: tuple[bool, bool, bool]  # text, HTML, calendar: 7bit in the rendering, so no 8-bit value fits
    lines: tuple[tuple[int, int, int, int, int], ...]  # each line with stand-ins: length, names, links (text, HTML)

    @classmethod
    def of(cls, rendering: _Rendering) -> "_Wire":
        data = (
            _email(
                subject=rendering.subject,
                language=rendering.language,
                kind=rendering.kind,
                text=rendering.text,
                html=rendering.html,
                ics=rendering.ics,
                to=rendering.stand_ins.to,
                message_id=rendering.stand_ins.message_id,
            )
            .message()
            .as_bytes(linesep="\r\n")
        )
        date = f"d{secrets.token_hex(10)}d".encode()
        head, rest = data.split(b"\r\n\r\n", 1)
        head = re.sub(rb"(?m)^Date: [^\r]*$", b"Date: " + date, head, count=1)
        names = (rendering.stand_ins.name.encode(), rendering.html_stand_ins.name.encode())
        links = (rendering.stand_ins.link.encode(), rendering.html_stand_ins.link.encode())
        lines = tuple(
            (len(line), line.count(names[0]), line.count(links[0]), line.count(names[1]), line.count(links[1]))
            for line in rest.split(b"\r\n")
            if any(stand_in in line for stand_in in (*names, *links))
        )
        return cls(
            data=head + b"\r\n\r\n" + rest,
            stand_ins=rendering.stand_ins,
            html_stand_ins=rendering.html_stand_ins,
            date=date,
            ascii_parts=(rendering.text.isascii(), rendering.html.isascii(), rendering.ics.isascii()),
            lines=lines,
        )

    def bytes_for(self, values: _Values) -> bytes | None:
        if not _plain_header(values.to) or not _plain_header(values.message_id):
            return None
        name, link = values.name.encode(), values.link.encode()
        html_name, html_link = escape(values.name).encode(), escape(values.link).encode()
        text_ascii, html_ascii, ics_ascii = self.ascii_parts
        if not link.isascii() or (ics_ascii and not values.attendee.isascii()):
            return None
        if (text_ascii and not name.isascii()) or (html_ascii and not html_name.isascii()):
            return None  # Django would mark that part 8bit, not 7bit
        grow = (
            len(name) - len(self.stand_ins.name),
            len(link) - len(self.stand_ins.link),
            len(html_name) - len(self.html_stand_ins.name),
            len(html_link) - len(self.html_stand_ins.link),
        )
        for length, *counts in self.lines:
            if length + sum(n * g for n, g in zip(counts, grow, strict=True)) > RFC5322_EMAIL_LINE_LENGTH_LIMIT:
                return None  # Django would encode that part quoted-printable
        return (
            self.data.replace(_header(b"To", self.stand_ins.to), _header(b"To", values.to))
            .replace(_header(b"Message-ID", self.stand_ins.message_id), _header(b"Message-ID", values.message_id))
            .replace(b"Date: " + self.date, b"Date: " + formatdate(localtime=settings.EMAIL_USE_LOCALTIME).encode())
            .replace(self.stand_ins.name.encode(), name)
            .replace(self.stand_ins.link.encode(), link)
            .replace(self.html_stand_ins.name.encode(), html_name)
            .replace(self.html_stand_ins.link.encode(), html_link)
            .replace(self.stand_ins.attendee, values.attendee)
        )


def _plain_header(value: str) -> bool:
    """A header value Django writes as it is (ASCII, one word), folded only by moving it to the next line."""
    return value.isascii() and value.isprintable() and " " not in value and 0 < len(value) < 900


def _header(name: bytes, value: str | bytes) -> bytes:
    """A header line as the email package folds a one-word value: on the next line when it is too long."""
    value = value.encode() if isinstance(value, str) else value
    separator = b": " if len(name) + 2 + len(value) <= 78 else b": \r\n "
    return b"\r\n" + name + separator + value + b"\r\n"


def _email(
    *, subject: str, language: str, kind: str, text: str, html: str, ics: bytes, to: str, message_id: str
) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[to],
        headers={"Message-ID": message_id, "Content-Language": header_text(language)},
    )
    message.attach_alternative(html, "text/html")
    part = SafeMIMEText(ics.decode(), "calendar", "utf-8")
    part.set_param("method", "CANCEL" if kind == Kind.CANCELLATION else "REQUEST")
    part.add_header("Content-Disposition", "attachment", filename="invite.ics")
    message.attach(part)
    return message


def _stand_in(letter: str) -> str:
    return f"{letter}{secrets.token_hex(10)}{letter}"


def _documents_of(invitation) -> tuple:
    """The meeting's documents its invitee may open (with their account; a guest, the public ones)."""
    from django.contrib.auth.models import AnonymousUser

    reader = invitation.person if invitation.person_id and invitation.person.is_active else AnonymousUser()
    return tuple(selectors.documents_for(user=reader, meeting=invitation.meeting))


def _render(invitation, kind: str, *, online: bool, documents: tuple = ()) -> _Rendering:
    """The parts of an email that every invitee of the meeting with the same language and answer shares."""
    meeting = invitation.meeting
    stand_ins, html_stand_ins = (
        _Values(
            to=f"{_stand_in('t')}@example.invalid",
            message_id=f"<{_stand_in('m')}@example.invalid>",
            name=_stand_in("n"),
            link=_rsvp_url(_stand_in("r")),
            attendee=_stand_in("a").encode() + b"\r\n",
        )
        for _ in range(2)
    )
    with translation.override(invitation.language):
        context = {
            "kind": kind,
            "meeting": meeting,
            "agenda": selectors.agenda_numbered(meeting),
            "meeting_url": settings.SITE_URL + meeting.get_absolute_url(),
            "language": invitation.language,
            "online_url": meeting.online_link if online else "",
            "documents": [
                (document, settings.SITE_URL + reverse("meetings:document", args=[document.pk]))
                for document in documents
            ],
        }
        parts = {}
        for template, values in (("txt", stand_ins), ("html", html_stand_ins)):
            invitee = _Invitee(
                display_name=values.name, delegated_from_id=invitation.delegated_from_id, rsvp=invitation.rsvp
            )
            answers = [
                (answer, label, f"{values.link}?answer={answer}")
                for answer, label in [
                    (Rsvp.ACCEPTED, _("I will attend")),
                    (Rsvp.TENTATIVE, _("Maybe")),
                    (Rsvp.DECLINED, _("I cannot attend")),
                ]
            ]
            parts[template] = render_to_string(
                f"emails/meeting.{template}",
                {**context, "invitation": invitee, "answers": answers, "rsvp_page": values.link},
            )
        return _Rendering(
            subject=header_text(subject_prefix() + _subject(kind, meeting)),
            language=invitation.language,
            kind=kind,
            text=parts["txt"],
            html=parts["html"],
            # The calendar entry in the invitee's language too, with a line where their ATTENDEE goes.
            ics=with_attendee_lines(meeting_request_ics(meeting, online_link=online), stand_ins.attendee),
            stand_ins=stand_ins,
            html_stand_ins=html_stand_ins,
        )


# The emails that carry the invitee's letter when the meeting says so: the invitation and its updates.
LETTER_KINDS = frozenset({Kind.INVITATION, Kind.UPDATE})


def _attach_letter(message: EmailMultiAlternatives, invitation) -> None:
    """Attach the invitee's invitation letter (PDF, in their language), stored or rendered now (reports app)."""
    name, pdf = pdf_now(
        kind="invitation_letter", parameters={"invitation": invitation.pk}, language=invitation.language
    )
    message.attach(name, pdf, "application/pdf")


def build_message(*, invitation, kind: str, message_id: str) -> EmailMultiAlternatives:
    """One email built from scratch (a reminder, a single send): the batch's builder, used once."""
    return MessageBuilder().build(invitation=invitation, kind=kind, message_id=message_id)
