"""The emails of a meeting: each in the invitee's language, with links that answer the invitation."""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from meetings import services
from meetings.models import Invitation
from tests.factories import InvitationFactory, MembershipFactory, UserFactory
from tests.meetings.helpers import calendar_of, event_of, rsvp_links

pytestmark = pytest.mark.django_db

TITLES = {"ru": "Заседание группы А", "en": "Group A session", "uz": "A guruhi majlisi"}
GREETINGS = {"ru": "Уважаемый", "en": "Dear", "uz": "Hurmatli"}
PREFIXES = {"ru": "[РЭС] ", "en": "[REC] ", "uz": "[MEK] "}


@pytest.fixture
def sent_in_three_languages(meeting, staff, committed):
    for language in ("ru", "en", "uz"):
        InvitationFactory(
            meeting=meeting, person=None, email=f"{language}@example.org", name="Guest", language=language
        )
    with committed():
        services.invitations_send(meeting=meeting, by=staff)
    return {m.to[0].split("@")[0]: m for m in mail.outbox}


def test_each_invitee_gets_the_invitation_in_their_own_language(sent_in_three_languages):
    messages = sent_in_three_languages
    assert sorted(messages) == ["en", "ru", "uz"]
    for language, message in messages.items():
        assert message.message()["Content-Language"] == language
        assert TITLES[language] in message.subject
        assert message.subject.startswith(PREFIXES[language])
        assert TITLES[language] in message.body
        assert message.body.startswith(GREETINGS[language])
        html = message.alternatives[0]
        assert html[1] == "text/html" and f'<html lang="{language}">' in html[0] and TITLES[language] in html[0]
    assert len({m.subject for m in messages.values()}) == 3
    assert len({m.body for m in messages.values()}) == 3


def test_a_member_invited_with_the_body_gets_their_preferred_language(meeting, group_a, staff, committed):
    english = MembershipFactory(body=group_a, person=UserFactory(preferred_language="en")).person
    uzbek = MembershipFactory(body=group_a, person=UserFactory(preferred_language="uz")).person
    with committed():
        assert services.invitations_send(meeting=meeting, by=staff) == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address[english.email].message()["Content-Language"] == "en"
    assert TITLES["en"] in by_address[english.email].subject
    assert TITLES["uz"] in by_address[uzbek.email].subject
    assert english.full_name_latin in by_address[english.email].body


def test_the_calendar_entry_is_in_the_invitees_language_too(sent_in_three_languages):
    for language, message in sent_in_three_languages.items():
        assert str(event_of(calendar_of(message))["summary"]) == TITLES[language]


def test_the_links_in_the_email_show_the_page_and_answer_only_when_posted(client, sent_in_three_languages):
    message = sent_in_three_languages["en"]
    invitation = Invitation.objects.get(email="en@example.org")
    links = rsvp_links(message)
    answers = [link.rsplit("=", 1)[-1] for link in links if "?answer=" in link]
    assert answers == ["accepted", "tentative", "declined"]

    for link in links:
        assert client.get(link).status_code == 200
    invitation.refresh_from_db()
    assert invitation.rsvp == "pending"

    accept = next(link for link in links if link.endswith("?answer=accepted"))
    assert client.post(accept, {"answer": "accepted"}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.rsvp == "accepted"
    assert f"{settings.SITE_URL}/meetings/{invitation.meeting_id}/" in message.body


def test_the_link_of_one_email_answers_for_its_own_invitee_only(client, sent_in_three_languages):
    link = rsvp_links(sent_in_three_languages["ru"])[0]
    client.post(link, {"answer": "declined"})
    assert dict(Invitation.objects.values_list("email", "rsvp")) == {
        "ru@example.org": "declined",
        "en@example.org": "pending",
        "uz@example.org": "pending",
    }


def test_each_email_has_its_own_message_id_and_a_calendar_attachment(sent_in_three_languages):
    ids = {m.message()["Message-ID"] for m in sent_in_three_languages.values()}
    assert len(ids) == 3
    for message in sent_in_three_languages.values():
        assert str(calendar_of(message)["method"]) == "REQUEST"


def test_an_invitee_reading_uzbek_gets_every_kind_of_meeting_email_with_an_uzbek_subject(meeting, staff, committed):
    InvitationFactory(meeting=meeting, person=None, email="uz@example.org", name="Guest", language="uz")
    with committed():
        services.invitations_send(meeting=meeting, by=staff)
    with committed():
        services.reminders_queue_due(meeting=meeting, force_key="start-24h")
    with committed():
        services.reminders_queue_due(meeting=meeting, force_key="rsvp")
    meeting.starts_at += datetime.timedelta(hours=1)
    meeting.ends_at += datetime.timedelta(hours=1)
    meeting.save()
    with committed():
        services.meeting_changed(meeting=meeting, changed_fields=["starts_at", "ends_at"], by=staff)
    with committed():
        services.meeting_cancel(meeting=meeting, by=staff, reason="")
    subjects = [m.subject for m in mail.outbox]
    with translation.override("uz"):
        labels = [gettext(w) for w in ("Invitation", "Reminder", "Please answer", "Updated", "Cancelled")]
    assert all(label not in ("Invitation", "Reminder", "Please answer", "Updated", "Cancelled") for label in labels)
    assert [s.split(":")[0] for s in subjects] == [f"[MEK] {label}" for label in labels]
    assert all(TITLES["uz"] in s for s in subjects)


def test_the_invitation_html_has_answer_buttons_the_online_link_sub_items_and_the_invitees_documents(
    meeting, member_a, staff, committed
):
    from django.core.files.base import ContentFile

    from meetings.models import AgendaItem, MeetingDocument

    meeting.format, meeting.online_url = "hybrid", "https://meet.example.org/rec-a"
    meeting.save(update_fields=["format", "online_url"])
    item = AgendaItem.objects.create(meeting=meeting, order=1, title_en="Draft recommendations", title_ru="Проекты")
    AgendaItem.objects.create(meeting=meeting, order=2, parent=item, title_en="Access to school", title_ru="Школа")

    def document(title, access):
        return MeetingDocument.objects.create(
            meeting=meeting, agenda_item=item, title=title, language="en", access=access,
            file=ContentFile(b"%PDF-1.4\n", name="paper.pdf"),
        )  # fmt: skip

    seen = document("Working paper for the group", "body")
    hidden = document("Secretariat's briefing", "secretariat")
    InvitationFactory(meeting=meeting, person=member_a, language="en")
    with committed():
        services.invitations_send(meeting=meeting, by=staff)
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    buttons = re.findall(r'<a href="[^"]*\?answer=\w+" style="([^"]*)">([^<]*)</a>', html)
    assert [label for _style, label in buttons] == ["I will attend", "Maybe", "I cannot attend"]
    # 12 px padding above and below a 20 px line, in a 2 px border: 48 px high, above the 44 px tap target.
    assert all("padding:12px 20px" in style and "line-height:20px" in style for style, _label in buttons)
    assert '<a href="https://meet.example.org/rec-a"' in html
    assert re.search(r">1\.1</td><td[^>]*>Access to school<", html)
    document_url = f"{settings.SITE_URL}/meetings/documents/{seen.pk}/"
    assert f'<a href="{document_url}" style="color:#0b5c8c;">Working paper for the group</a>' in html
    assert hidden.title not in html and hidden.title not in message.body
    assert document_url in message.body and "   1.1 Access to school" in message.body
