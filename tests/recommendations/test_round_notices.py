"""Members are told when their word counts: a silence procedure's opening, reminders and outcome, by email."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from council.outbox.models import OutboxMessage, SendState
from recommendations import emails, services
from recommendations.models import ConsensusRound
from tests.recommendations.conftest import Status, record_all

UTC = datetime.UTC
OPENED = datetime.datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
DEADLINE = datetime.datetime(2025, 3, 15, 12, 0, tzinfo=UTC)  # 17:00 in Tashkent
LANGUAGES = {"KZ": "ru", "KG": "en", "TJ": "uz", "TM": "en", "UZ": "uz"}


@pytest.fixture
def multilingual(wg):
    for code, language in LANGUAGES.items():
        person = wg.members[code]
        person.preferred_language = language
        person.save(update_fields=["preferred_language"])
    wg.observer.preferred_language = "en"
    wg.observer.save(update_fields=["preferred_language"])
    return wg


@pytest.fixture
def recommendation(make_recommendation, advance):
    texts = {
        "title_ru": "Доступ к образованию",
        "text_ru": "Обеспечить доступ к школе.",
        "title_en": "Access to education",
        "text_en": "Ensure access to school.",
        "title_uz": "Taʼlim olish imkoniyati",
        "text_uz": "Maktabga kirishni taʼminlash.",
    }
    return advance(make_recommendation(texts=texts), Status.CONSULTATION)


@pytest.fixture
def opened(recommendation, multilingual, staff, django_capture_on_commit_callbacks):
    with time_machine.travel(OPENED, tick=False), django_capture_on_commit_callbacks(execute=True):
        round_ = services.round_open(recommendation=recommendation, mode="silence", deadline=DEADLINE, by=staff)
    return round_


def mail_to(person):
    return [m for m in mail.outbox if m.to == [person.email]]


def html_of(message) -> str:
    return message.alternatives[0][0]


def test_every_member_gets_one_opening_notice_in_their_language_with_the_deadline_and_the_link(
    opened, multilingual, recommendation
):
    url = recommendation.get_absolute_url()
    titles = {"ru": "Доступ к образованию", "en": "Access to education", "uz": "Taʼlim olish imkoniyati"}
    for code, person in multilingual.members.items():
        (message,) = mail_to(person)
        language = LANGUAGES[code]
        assert message.extra_headers["Content-Language"] == language
        assert f'<html lang="{language}">' in html_of(message)
        assert recommendation.code in message.subject
        assert titles[language] in message.body and titles[language] in html_of(message)
        # The deadline in the council's seat's zone (persons have no zone of their own): 12:00 UTC is 17:00.
        assert "17:00" in message.body and "Asia/Tashkent" in message.body
        assert url in message.body and url in html_of(message)
    english = mail_to(multilingual.members["KG"])[0]
    assert "Silence means consent" in english.body
    assert "15 March 2025" in english.body or "March 15, 2025" in english.body


def test_observers_get_the_opening_notice_without_the_link_to_answer(opened, multilingual, recommendation):
    (message,) = mail_to(multilingual.observer)
    assert recommendation.code in message.subject
    assert "observer" in message.body
    assert recommendation.get_absolute_url() not in message.body
    assert recommendation.get_absolute_url() not in html_of(message)


def test_each_notice_is_queued_once_and_logged(opened, multilingual, django_capture_on_commit_callbacks):
    assert len(mail.outbox) == len(multilingual.people) + 1
    rows = OutboxMessage.objects.filter(kind=emails.ROUND_OPENED)
    assert rows.count() == 6 and set(rows.values_list("send_state", flat=True)) == {SendState.SENT}
    assert all(row.attempts == 1 and row.attempts_log.get().outcome == "sent" for row in rows)
    # The same notice again (a retried request, an overlapping beat) queues nothing.
    with django_capture_on_commit_callbacks(execute=True):
        again = services._round_notice_queue(
            opened, multilingual.members["KZ"], kind=emails.ROUND_OPENED, key="opening"
        )
    assert again is None and rows.count() == 6 and len(mail.outbox) == 6


def test_reminders_go_only_to_members_who_have_not_answered_and_each_only_once(
    opened, multilingual, django_capture_on_commit_callbacks
):
    kz, kg = multilingual.members["KZ"], multilingual.members["KG"]
    with time_machine.travel(OPENED + datetime.timedelta(days=1), tick=False):
        services.position_record(round_=opened, person=kz, kind="support", by=kz)
    mail.outbox.clear()

    with time_machine.travel(DEADLINE - datetime.timedelta(hours=80), tick=False):
        assert services.round_reminders_queue_due() == 0  # not yet three days before
    with (
        time_machine.travel(DEADLINE - datetime.timedelta(hours=71), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.round_reminders_queue_due() == 4
        assert services.round_reminders_queue_due() == 0  # once
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in multilingual.people if p != kz)
    assert not mail_to(multilingual.observer)
    english = mail_to(kg)[0]
    assert "Reminder" in english.subject and "17:00" in english.body
    assert opened.recommendation.get_absolute_url() in english.body

    with time_machine.travel(DEADLINE - datetime.timedelta(hours=30), tick=False):
        services.position_record(round_=opened, person=kg, kind="stand_aside", reason="Budget", by=kg)
    mail.outbox.clear()
    with (
        time_machine.travel(DEADLINE - datetime.timedelta(hours=23), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.round_reminders_queue_due() == 3  # the day-before reminder, to the three still silent
        assert services.round_reminders_queue_due() == 0
    assert {m.to[0] for m in mail.outbox} == {p.email for p in multilingual.people if p not in (kz, kg)}


def test_a_reminder_queued_before_the_member_answered_is_not_sent(
    opened, multilingual, django_capture_on_commit_callbacks
):
    tj = multilingual.members["TJ"]
    with time_machine.travel(DEADLINE - datetime.timedelta(hours=71), tick=False):
        services.round_reminders_queue_due()  # queued; its dispatch is held back (not committed in this test)
        services.position_record(round_=opened, person=tj, kind="support", by=tj)
        row = OutboxMessage.objects.get(kind=emails.ROUND_REMINDER, recipient=tj)
        from council.outbox.delivery import message_send

        mail.outbox.clear()
        assert message_send(message_id=row.pk) == "nothing owed"
    row.refresh_from_db()
    assert row.send_state == SendState.FAILED and "answered" in row.last_error
    assert row.attempts_log.get().outcome == "skipped"
    assert not mail.outbox


def test_a_round_opened_close_to_its_deadline_does_not_remind_at_once(
    recommendation, multilingual, staff, django_capture_on_commit_callbacks
):
    with time_machine.travel(OPENED, tick=False), django_capture_on_commit_callbacks(execute=True):
        services.round_open(
            recommendation=recommendation, mode="silence", deadline=OPENED + datetime.timedelta(hours=48), by=staff
        )
        assert services.round_reminders_queue_due() == 0  # the three-day reminder fell due before it opened
    with time_machine.travel(OPENED + datetime.timedelta(hours=25), tick=False):
        assert services.round_reminders_queue_due() == 5


def test_everyone_in_the_round_is_told_the_outcome_when_it_closes(
    opened, multilingual, django_capture_on_commit_callbacks
):
    tm = multilingual.members["TM"]
    with time_machine.travel(OPENED + datetime.timedelta(days=2), tick=False):
        services.position_record(round_=opened, person=tm, kind="objection", reason="Not yet", by=tm)
    mail.outbox.clear()
    with time_machine.travel(DEADLINE, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert services.rounds_close_due() == 1
    opened.refresh_from_db()
    assert opened.result == ConsensusRound.Result.BLOCKED
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [p.email for p in multilingual.people] + [multilingual.observer.email]
    )
    english = mail_to(tm)[0]
    assert "Outcome" in english.subject and "blocked" in english.subject
    assert "formal objection: 1" in english.body and "Support: 4" in english.body
    assert "closed on" in english.body and "Asia/Tashkent" in english.body


def test_a_round_in_a_meeting_sends_only_the_outcome(
    recommendation, multilingual, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        round_ = services.round_open(recommendation=recommendation, mode="meeting", by=staff)
    assert mail.outbox == []  # no opening notice: the members are in the room
    record_all(round_, multilingual.people, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.round_close(round_=round_, by=staff)
    assert len(mail.outbox) == 6
    english = mail_to(multilingual.members["KG"])[0]
    assert "adopted" in english.subject and "Support: 5" in english.body
    assert "counted as supporting" not in english.body  # silence counts only in writing
    assert set(OutboxMessage.objects.values_list("kind", flat=True)) == {emails.ROUND_OUTCOME}


def test_the_rounds_admin_page_shows_who_was_notified(client, staff, opened, multilingual):
    client.force_login(staff)
    response = client.get(reverse("admin:recommendations_consensusround_change", args=[opened.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for person in [*multilingual.people, multilingual.observer]:
        assert person.email in page
    assert "round-notices" in page


def _uzbek_words(msgid: str) -> list[str]:
    """The words of a subject's Uzbek translation outside its placeholders (none of them English)."""
    with translation.override("uz"):
        text = gettext(msgid)
    assert text != msgid, f"no Uzbek translation of {msgid!r}"
    return [w for w in re.sub(r"%\(\w+\)s", " ", text).replace(":", " ").split() if len(w) > 3]


def test_a_member_reading_uzbek_gets_every_notice_of_a_round_with_an_uzbek_subject(
    opened, multilingual, recommendation, django_capture_on_commit_callbacks
):
    tj = multilingual.members["TJ"]  # prefers Uzbek
    mail.outbox.clear()
    before = DEADLINE - datetime.timedelta(hours=30)
    with time_machine.travel(before, tick=False), django_capture_on_commit_callbacks(execute=True):
        services.round_reminders_queue_due()
    with time_machine.travel(DEADLINE, tick=False), django_capture_on_commit_callbacks(execute=True):
        services.rounds_close_due()
    reminder, outcome = mail_to(tj)
    opening = OutboxMessage.objects.get(kind=emails.ROUND_OPENED, recipient=tj)
    for subject, msgid in (
        (build_subject(opening), "Silence procedure on %(code)s: answer by %(deadline)s"),
        (reminder.subject, "Reminder: the silence procedure on %(code)s ends %(deadline)s"),
        (outcome.subject, "Outcome of the consensus round on %(code)s: %(result)s"),
    ):
        assert subject.startswith("[MEK] ")
        assert all(word in subject for word in _uzbek_words(msgid)), subject


def build_subject(row) -> str:
    from council.outbox.registry import kind_get

    return kind_get(row.kind).build(row).subject
