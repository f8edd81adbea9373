"""The emails of a meeting: invitation, update, cancellation and reminders, each in the invitee's language.

A batch sends the same meeting to many invitees: `MessageBuilder` renders the templates and the calendar
entry once per meeting, sequence, language and kind, with stand-ins for what differs between invitees (their
name and their answer link), and puts each invitee's own values in. `build_message` builds one message from
scratch, through the same code.
"""

import dataclasses
import secrets
from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from council.outbox.build import header_text, message_domain
from meetings import selectors
from meetings.calendar import meeting_request_ics, with_attendee
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
class _Rendering:
    subject: str
    text: str
    html: str
    ics: bytes
    name: str  # the stand-ins put where each invitee's name and answer link go
    link: str


class MessageBuilder:
    """Builds the emails of invitations, rendering what invitees of one meeting share only once.

    Keep one builder for a batch (the meeting is read as it was when the batch claimed its rows), not longer.
    """

    def __init__(self):
        self._renderings: dict[tuple, _Rendering] = {}

    def build(self, *, invitation, kind: str, message_id: str) -> EmailMultiAlternatives:
        """One email with its calendar entry; the meeting, agenda and invitee are read in the invitee's language."""
        meeting = invitation.meeting
        online = can_see_online_link(None, meeting, invitation=invitation)
        key = (
            meeting.pk,
            meeting.sequence,
            meeting.status,
            invitation.language,
            kind,
            online,
            bool(invitation.delegated_from_id),
            invitation.rsvp,
        )
        rendering = self._renderings.get(key)
        if rendering is None:
            rendering = self._renderings[key] = _render(invitation, kind, online=online)
        name, link = invitation.display_name, rsvp_url(invitation)
        message = EmailMultiAlternatives(
            subject=rendering.subject,
            body=rendering.text.replace(rendering.name, name).replace(rendering.link, link),
            to=[invitation.email],
            headers={"Message-ID": header_text(message_id), "Content-Language": header_text(invitation.language)},
        )
        html = rendering.html.replace(rendering.name, escape(name)).replace(rendering.link, escape(link))
        message.attach_alternative(html, "text/html")
        ics = MIMEText(with_attendee(rendering.ics, invitation).decode(), "calendar", "utf-8")
        ics.set_param("method", "CANCEL" if kind == Kind.CANCELLATION else "REQUEST")
        ics.add_header("Content-Disposition", "attachment", filename="invite.ics")
        message.attach(ics)
        return message


def _render(invitation, kind: str, *, online: bool) -> _Rendering:
    """The parts of an email that every invitee of the meeting with the same language and answer shares."""
    meeting = invitation.meeting
    # Stand-ins no meeting text can contain by chance: letters and digits, changed by no escaping.
    name, token = f"n{secrets.token_hex(10)}n", f"t{secrets.token_hex(10)}t"
    invitee = _Invitee(display_name=name, delegated_from_id=invitation.delegated_from_id, rsvp=invitation.rsvp)
    with translation.override(invitation.language):
        context = {
            "kind": kind,
            "meeting": meeting,
            "invitation": invitee,
            "agenda": selectors.agenda_numbered(meeting),
            "answers": [
                (answer, label, _rsvp_url(token, answer))
                for answer, label in [
                    (Rsvp.ACCEPTED, _("I will attend")),
                    (Rsvp.TENTATIVE, _("Maybe")),
                    (Rsvp.DECLINED, _("I cannot attend")),
                ]
            ],
            "rsvp_page": _rsvp_url(token),
            "meeting_url": settings.SITE_URL + meeting.get_absolute_url(),
            "language": invitation.language,
            "online_url": meeting.online_link if online else "",
        }
        return _Rendering(
            subject=header_text(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _subject(kind, meeting)),
            text=render_to_string("emails/meeting.txt", context),
            html=render_to_string("emails/meeting.html", context),
            ics=meeting_request_ics(meeting, online_link=online),  # the calendar entry in the invitee's language too
            name=name,
            link=_rsvp_url(token),
        )


def build_message(*, invitation, kind: str, message_id: str) -> EmailMultiAlternatives:
    """One email built from scratch (a reminder, a single send): the batch's builder, used once."""
    return MessageBuilder().build(invitation=invitation, kind=kind, message_id=message_id)
