"""The recommendations list never passes a Russian title off as English or Uzbek (issue 11, item 8)."""

import pytest
from django.urls import reverse

from recommendations.models import Recommendation

pytestmark = pytest.mark.django_db


def list_in(client, language):
    client.cookies["django_language"] = language
    return client.get(reverse("recommendations:list")).content.decode()


@pytest.fixture
def published(make_recommendation, advance):
    recommendation = make_recommendation(
        texts={"title_ru": "Доступ к образованию", "title_uz": "Taʼlim olish imkoniyati", "text_ru": "Текст."}
    )
    return advance(recommendation, Recommendation.Status.PUBLISHED)


def test_a_title_missing_in_english_is_the_russian_original_marked_as_such(client, published):
    html = list_in(client, "en")
    assert '<td lang="ru">Доступ к образованию' in html
    assert "shown in the original language (Russian)" in html


def test_a_title_translated_into_uzbek_is_shown_in_uzbek_without_a_note(client, published):
    html = list_in(client, "uz")
    assert '<td lang="uz">Taʼlim olish imkoniyati' in html
    assert "original-language" not in html
