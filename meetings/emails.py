"""The emails of a meeting: invitation, update, cancellation and reminders, each in the invitee's language."""

from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from council.outbox.build import header_text, message_domain
from meetings import selectors
from meetings.calendar import invitation_ics
from meetings.permissions import can_see_online_link
from meetings.tokens import rsvp_token


class Kind:
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
    url = settings.SITE_URL + reverse("meetings:rsvp", kwargs={"token": rsvp_token(invitation)})
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


def build_message(*, invitation, kind: str, message_id: str) -> EmailMultiAlternatives:
    """Render one email with its ICS; the meeting, agenda and invitee are read in the invitee's language."""
    meeting = invitation.meeting
    with translation.override(invitation.language):
        context = {
            "kind": kind,
            "meeting": meeting,
            "invitation": invitation,
            "agenda": selectors.agenda_numbered(meeting),
            "answers": [
                (answer, label, rsvp_url(invitation, answer))
                for answer, label in [
                    ("accepted", _("I will attend")),
                    ("tentative", _("Maybe")),
                    ("declined", _("I cannot attend")),
                ]
            ],
            "rsvp_page": rsvp_url(invitation),
            "meeting_url": settings.SITE_URL + meeting.get_absolute_url(),
            "language": invitation.language,
            "online_url": meeting.online_link if can_see_online_link(None, meeting, invitation=invitation) else "",
        }
        message = EmailMultiAlternatives(
            subject=header_text(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _subject(kind, meeting)),
            body=render_to_string("emails/meeting.txt", context),
            to=[invitation.email],
            headers={"Message-ID": header_text(message_id), "Content-Language": header_text(invitation.language)},
        )
        message.attach_alternative(render_to_string("emails/meeting.html", context), "text/html")
    with translation.override(invitation.language):  # the calendar entry in the invitee's language too
        ics = MIMEText(invitation_ics(meeting, invitation).decode(), "calendar", "utf-8")
    ics.set_param("method", "CANCEL" if kind == Kind.CANCELLATION else "REQUEST")
    ics.add_header("Content-Disposition", "attachment", filename="invite.ics")
    message.attach(ics)
    return message
