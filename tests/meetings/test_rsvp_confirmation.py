"""The page behind an RSVP link: in the invitation's language, a confirmation that says the answer in words with
the meeting's links and a calendar file, and a note for the secretariat (issue 11, "links from email work")."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from icalendar import Calendar

from council.models import AuditRecord
from meetings import tokens
from meetings.models import RSVP_NOTE_MAX_LENGTH
from tests.factories import InvitationFactory, MeetingFactory

pytestmark = pytest.mark.django_db

ONLINE = "https://meet.example.org/rec-group-a"


def rsvp_url(invitation) -> str:
    return reverse("meetings:rsvp", kwargs={"token": tokens.rsvp_token(invitation)})


def ics_url(invitation) -> str:
    return reverse("meetings:rsvp_ics", kwargs={"token": tokens.rsvp_token(invitation)})


def _in(language: str, msgid: str) -> str:
    with translation.override(language):
        return gettext(msgid)


@pytest.mark.parametrize("language", ["ru", "en", "uz"])
def test_the_link_opens_in_the_invitations_language_not_the_browsers(client, meeting, invitation, language):
    invitation.language = language
    invitation.save(update_fields=["language"])
    other = "en" if language != "en" else "ru"
    response = client.get(rsvp_url(invitation), HTTP_ACCEPT_LANGUAGE=other)
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert response["Content-Language"] == language
    assert _in(language, "Will you attend?") in page


def test_the_language_switcher_still_wins_on_the_link_page(client, meeting, invitation):
    invitation.language = "uz"
    invitation.save(update_fields=["language"])
    url = rsvp_url(invitation)
    switched = client.post(reverse("council:language"), {"language": "en", "next": url})
    assert switched.status_code == 302
    assert '<html lang="en">' in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        ("accepted", "Your answer: you will attend."),
        ("tentative", "Your answer: you may attend; you will confirm later."),
        ("declined", "Your answer: you cannot attend."),
    ],
)
def test_the_confirmation_names_the_answer_in_words_and_links_to_the_meeting(client, meeting, answer, words, member_a):
    invitation = InvitationFactory(meeting=meeting, person=member_a, language="en", sent_sequence=0, send_state="sent")
    url = rsvp_url(invitation)
    response = client.post(url, {"answer": answer, "note": ""}, follow=True)
    page = response.content.decode()
    assert words in page
    assert f'href="{meeting.get_absolute_url()}"' in page
    calendar_link = f'href="{url}calendar.ics"'
    if answer == "declined":
        assert calendar_link not in page
    else:
        assert calendar_link in page


def test_the_online_link_is_on_the_confirmation_when_the_rule_allows(client, group_a, member_a):
    meeting = MeetingFactory(bodies=[group_a], format="hybrid", online_url=ONLINE)
    invitation = InvitationFactory(meeting=meeting, person=member_a, language="en")
    page = client.post(rsvp_url(invitation), {"answer": "accepted"}, follow=True).content.decode()
    assert f'href="{ONLINE}"' in page
    # The invitee's account deactivated: the link stops working altogether (the rule's other side).
    member_a.is_active = False
    member_a.save(update_fields=["is_active"])
    assert client.get(rsvp_url(invitation)).status_code == 410


def test_the_calendar_file_of_the_link_carries_the_meeting_and_its_online_link(client, group_a, member_a):
    meeting = MeetingFactory(bodies=[group_a], format="online", online_url=ONLINE, title_en="Group A online")
    invitation = InvitationFactory(meeting=meeting, person=member_a, language="en")
    response = client.get(ics_url(invitation))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert ONLINE in str(event.get("URL", "")) + str(event.get("LOCATION", "")) + str(event.get("DESCRIPTION", ""))
    assert client.get(reverse("meetings:rsvp_ics", args=["forged.token"])).status_code == 400


def test_a_note_goes_with_the_answer_is_audited_and_shown_escaped(client, meeting, invitation, staff):
    note = "Russian–English interpretation, please; wheelchair access. <script>alert(1)</script>"
    url = rsvp_url(invitation)
    assert client.post(url, {"answer": "accepted", "note": note}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.rsvp == "accepted" and invitation.rsvp_note == note
    record = AuditRecord.objects.get(action="invitation.respond")
    assert record.data == {"from": "pending", "to": "accepted", "note": note}
    page = client.get(url).content.decode()
    assert "wheelchair access. &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page

    # The secretariat reads it in the invitations' list and on the meeting's screen.
    client.force_login(staff)
    listing = client.get(reverse("admin:meetings_invitation_changelist")).content.decode()
    assert "wheelchair access." in listing and "<script>alert(1)" not in listing
    # The meeting's screen lists answers through the invitations list; each invitation's own screen shows the note.
    change = client.get(reverse("admin:meetings_invitation_change", args=[invitation.pk])).content.decode()
    assert "wheelchair access." in change and "<script>alert(1)" not in change


def test_a_note_too_long_is_refused_with_a_message_and_nothing_changes(client, meeting, invitation):
    url = rsvp_url(invitation)
    response = client.post(url, {"answer": "accepted", "note": "x" * (RSVP_NOTE_MAX_LENGTH + 1)})
    assert response.status_code == 400
    assert str(RSVP_NOTE_MAX_LENGTH) in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.rsvp == "pending" and invitation.rsvp_note == ""
    assert not AuditRecord.objects.filter(action="invitation.respond").exists()


def test_changing_the_answer_keeps_the_note_shown_in_the_form(client, meeting, invitation):
    url = rsvp_url(invitation)
    client.post(url, {"answer": "accepted", "note": "Arriving the day before."})
    page = client.get(url).content.decode()
    assert "Arriving the day before.</textarea>" in page
    client.post(url, {"answer": "declined", "note": ""})
    invitation.refresh_from_db()
    assert invitation.rsvp == "declined" and invitation.rsvp_note == ""


def test_the_set_password_page_opens_in_the_accounts_language(client):
    from council.emails import set_password_url
    from tests.factories import UserFactory

    person = UserFactory(preferred_language="uz")
    path = set_password_url(user=person).removeprefix(settings.SITE_URL)
    response = client.get(path, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="uz">' in page
    assert 'class="link-button"' in page  # "Cancel" reads as a link, not as the main button
