"""A small corpus to search: texts in three languages, some for everyone, some for working group B alone."""

import dataclasses
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaItem, MeetingDocument
from recommendations.models import Recommendation
from tests.factories import MeetingFactory
from tests.recommendations import conftest as recommendations_fixtures

# The recommendations tests' fixtures: working group B's panel, the executive committee, and a text's life.
wg = recommendations_fixtures.wg
ec = recommendations_fixtures.ec
make_recommendation = recommendations_fixtures.make_recommendation
unanimous = recommendations_fixtures.unanimous
advance = recommendations_fixtures.advance


def search_url(**params) -> str:
    from urllib.parse import urlencode

    return reverse("search:search") + "?" + urlencode(params)


def found(client, **params) -> set:
    """What a search shows the client: (kind, the thing found) for each hit of the first page; a recommendation is
    named by itself (not its version)."""
    response = client.get(search_url(**params))
    assert response.status_code == 200
    results = response.context["results"]
    if results is None:
        return set()
    return {(hit.kind, hit.recommendation or hit.obj) for hit in results.hits}


@dataclasses.dataclass
class Corpus:
    published: Recommendation  # group B, published, public: found by everyone
    draft: Recommendation  # group B, in consultation: its group and the secretariat only
    public_meeting: object
    body_meeting: object  # group B's members only
    agenda_item: AgendaItem  # of the body-level meeting
    public_document: MeetingDocument
    body_document: MeetingDocument  # a body-level document of the public meeting


PUBLISHED_TEXTS = {
    "title_ru": "Меры по реинтеграции возвращенцев",
    "text_ru": "Государствам следует обеспечить реинтеграции семей поддержку общин.",
    "title_en": "Reintegration of returning families",
    "text_en": "States should support communities that welcome returning families.",
    "title_uz": "Qaytganlarni reintegratsiya qilish",
    "text_uz": "Bolalar uchun oʻquv dasturlari va maktablar.",
}
DRAFT_TEXTS = {
    "title_ru": "Конфиденциальный проект о кибергигиене",
    "text_ru": "Черновик текста о кибергигиене для группы.",
    "title_en": "Confidential draft on cyberhygiene",
    "text_en": "A draft text on cyberhygiene for the group.",
}


@pytest.fixture
def corpus(wg, advance, make_recommendation, media) -> Corpus:
    published = advance(make_recommendation(texts=PUBLISHED_TEXTS, access="public"), Recommendation.Status.PUBLISHED)
    draft = advance(make_recommendation(texts=DRAFT_TEXTS, access="public"), Recommendation.Status.CONSULTATION)
    start = timezone.make_aware(datetime.datetime(2025, 6, 10, 10))
    public_meeting = MeetingFactory(
        bodies=[wg.body],
        access="public",
        title_ru="Конференция о местных сообществах",
        title_en="Conference on local communities",
        description_en="Join online at https://meet.example.org/hidden-room-4711 or in Tashkent.",
        format="hybrid",
        online_url="https://meet.example.org/hidden-room-4711",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=4),
    )
    body_meeting = MeetingFactory(
        bodies=[wg.body],
        access="body",
        title_ru="Закрытое заседание по ювенальной юстиции",
        title_en="Closed session on juvenile justice",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    agenda_item = AgendaItem.objects.create(
        meeting=body_meeting, order=1, title_ru="Обзор пенитенциарных программ", title_en="Review of prison programmes"
    )
    public_document = MeetingDocument.objects.create(
        meeting=public_meeting, title="Roadmap of cooperation 2024–2025", language="en", access="public"
    )
    body_document = MeetingDocument.objects.create(
        meeting=public_meeting, title="Internal memorandum on logistics", language="en", access="body"
    )
    return Corpus(published, draft, public_meeting, body_meeting, agenda_item, public_document, body_document)
