"""Invitations sent in one batch share one rendering of the meeting, but each carries its own invitee: their
name (escaped in HTML, as typed in the text), their own answer links and their own calendar attendee."""

import re

import pytest
from django.core import mail

from meetings import emails, services
from meetings.models import Invitation
from tests.factories import InvitationFactory
from tests.meetings.helpers import calendar_of, event_of, rsvp_links

pytestmark = pytest.mark.django_db

HOSTILE = 'Ann <script>alert(1)</script> & "Co"'


@pytest.fixture
def one_batch(meeting, staff, committed, settings):
    settings.OUTBOX_BATCH_SIZE = 100
    names = [HOSTILE, "Bob Brown", "Carla Diaz"]
    for n, name in enumerate(names):
        InvitationFactory(meeting=meeting, person=None, email=f"guest{n}@example.org", name=name, language="en")
    with committed():
        services.invitations_send(meeting=meeting, by=staff)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert len(by_address) == 3
    return {name: by_address[f"guest{n}@example.org"] for n, name in enumerate(names)}


def test_each_message_of_a_batch_names_its_own_invitee(one_batch):
    for name, message in one_batch.items():
        assert message.body.startswith(f"Dear {name},")
        html = message.alternatives[0][0]
        others = [other for other in one_batch if other != name]
        assert all(other.split()[0] not in message.body for other in others)
        if name == HOSTILE:
            assert "<script>" not in html
            assert "Ann &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;" in html
        else:
            assert f"Dear {name}," in html


def test_each_message_of_a_batch_answers_for_its_own_invitee(client, one_batch):
    for name, message in one_batch.items():
        invitation = Invitation.objects.get(name=name)
        links = rsvp_links(message)
        assert links and len({link.split("?")[0] for link in links}) == 1  # one token, several answers
        response = client.post(links[0].split("?")[0], {"answer": "accepted"})
        assert response.status_code in (200, 302)
        invitation.refresh_from_db()
        assert invitation.rsvp == Invitation.Rsvp.ACCEPTED
        # The other invitees' answers are untouched until their own links are used.
        assert Invitation.objects.exclude(rsvp=Invitation.Rsvp.ACCEPTED).count() == (
            len(one_batch) - 1 - list(one_batch).index(name)
        )


def test_each_calendar_entry_of_a_batch_has_its_own_attendee(one_batch):
    for name, message in one_batch.items():
        attendee = event_of(calendar_of(message))["attendee"]
        invitation = Invitation.objects.get(name=name)
        assert str(attendee) == f"mailto:{invitation.email}"
        assert str(attendee.params["cn"]) == name


def _normalized(data: bytes) -> bytes:
    """The bytes with each MIME boundary and the Date header replaced by fixed names (random or per send)."""
    for n, boundary in enumerate(dict.fromkeys(re.findall(rb'boundary="([^"]+)"', data))):
        data = data.replace(boundary, f"BOUNDARY{n}".encode())
    return re.sub(rb"\r\nDate: [^\r]*\r\n", b"\r\nDate: D\r\n", data, count=1)


NAMES = [
    "Bob Brown",
    "Отабек Мирзаев",
    HOSTILE,
    "O'Brien & Sons",
    "x" * 200,  # the longest name an invitation holds
    "&" * 200,  # escaped in HTML it makes a line too long for 8bit: Django encodes that part differently
]


@pytest.mark.parametrize("language", ["ru", "en", "uz"])
def test_the_bytes_put_together_from_the_rendering_are_the_bytes_django_would_serialize(meeting, language):
    for n, name in enumerate(NAMES):
        InvitationFactory(meeting=meeting, person=None, email=f"guest{n}@example.org", name=name, language=language)
    InvitationFactory(
        meeting=meeting,
        person=None,
        email="a-rather-long-local-part-of-an-address-to-fold@delegation.example.org",
        name="Long Address",
        language=language,
    )
    builder = emails.MessageBuilder()
    put_together = 0
    for invitation in meeting.invitations.select_related("meeting", "person"):
        for kind in (emails.Kind.INVITATION, emails.Kind.UPDATE):
            message = builder.build(
                invitation=invitation, kind=kind, message_id=emails.invitation_message_id(invitation, 0)
            )
            put_together += message.serialized is not None
            fast = message.serialized or message.message().as_bytes(linesep="\r\n")
            assert _normalized(fast) == _normalized(message.message().as_bytes(linesep="\r\n")), invitation.name
    # All but the first email of each rendering (which Django serializes) and the too-long escaped name.
    assert put_together >= 2 * (len(NAMES) - 2), "the bytes were never put together: the test proves nothing"
