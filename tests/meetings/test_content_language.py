"""Never Russian presented as Uzbek or English (issue 11, item 8): a meeting's texts missing in the reader's
language are shown in the original, with `lang` set on their element and a visible note."""

import pytest
from django.urls import reverse

from council.models import Access
from meetings.models import AgendaItem
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(group_a):
    meeting = MeetingFactory(
        bodies=[group_a],
        access=Access.PUBLIC,
        title_ru="Заседание о реинтеграции",
        title_en="Session on reintegration",
        title_uz="",
        description_ru="Повестка на русском.",
        description_en="",
        description_uz="",
    )
    AgendaItem.objects.create(meeting=meeting, order=1, title_ru="Открытие", title_en="", title_uz="Ochilish")
    return meeting


def page_in(client, meeting, language):
    client.cookies["django_language"] = language
    return client.get(reverse("meetings:detail", args=[meeting.pk]), HTTP_ACCEPT_LANGUAGE=language)


def test_a_title_missing_in_uzbek_is_shown_in_its_original_language_with_a_note(client, meeting):
    html = page_in(client, meeting, "uz").content.decode()
    heading = html.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert '<span lang="ru">Заседание о реинтеграции</span>' in heading  # Russian is authoritative
    assert 'lang="uz"' not in heading and "original-language" in heading


def test_a_description_only_in_russian_is_marked_russian_for_english_readers(client, meeting):
    html = page_in(client, meeting, "en").content.decode()
    assert '<div class="mandate" lang="ru">' in html and "Повестка на русском." in html
    assert "shown in the original language (Russian)" in html


def test_texts_that_exist_in_the_readers_language_carry_no_note(client, meeting):
    html = page_in(client, meeting, "ru").content.decode()
    assert '<span lang="ru">Заседание о реинтеграции</span>' in html
    assert "original-language" not in html


def test_an_agenda_item_is_shown_in_uzbek_when_it_has_uzbek_and_in_the_original_otherwise(client, meeting):
    uz = page_in(client, meeting, "uz").content.decode()
    assert '<span lang="uz">Ochilish</span>' in uz
    en = page_in(client, meeting, "en").content.decode()
    assert '<span lang="ru">Открытие</span>' in en


def test_the_note_is_escaped_content_is_never_markup(client, group_a):
    meeting = MeetingFactory(
        bodies=[group_a], access=Access.PUBLIC, title_ru="<script>alert(1)</script>", title_en="", title_uz=""
    )
    html = page_in(client, meeting, "en").content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
