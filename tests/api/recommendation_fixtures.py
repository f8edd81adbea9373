"""Fixtures of the recommendations API tests: texts of working group B at every access level and stage of life, made
through the services as the secretariat makes them (tests.recommendations.conftest's panels and walks).

tests/api/conftest.py makes these fixtures, and those of tests.recommendations.conftest they use, known to every
test of tests/api."""

import dataclasses
import json

import pytest

from council.models import User
from recommendations import services
from recommendations.models import Recommendation
from tests.api.conftest import ApiClient

Status = Recommendation.Status

BILINGUAL = {
    "title_ru": "Доступ к образованию",
    "text_ru": "Государствам следует обеспечить доступ к школе.",
    "title_en": "Access to education",
    "text_en": "States should ensure access to school.",
}


@dataclasses.dataclass
class Library:
    """Group B's recommendations, one of each kind a partner must or must not see."""

    public: Recommendation  # published, public, Russian (authoritative) and English
    partners: Recommendation  # published at the partners level
    council: Recommendation  # published for council members
    body: Recommendation  # published for group B's members
    superseded: Recommendation  # published, public, then superseded by `public_newer`
    public_newer: Recommendation
    draft: Recommendation
    consultation: Recommendation
    withdrawn: Recommendation

    @property
    def for_partners(self) -> set[int]:
        return {r.pk for r in (self.public, self.partners, self.superseded, self.public_newer)}

    @property
    def never_for_partners(self) -> list[Recommendation]:
        return [self.council, self.body, self.draft, self.consultation, self.withdrawn]


@pytest.fixture
def library(make_recommendation, advance) -> Library:
    def published(access, title, **extra):
        return advance(make_recommendation(title=title, access=access, **extra), Status.PUBLISHED)

    public = published("public", None, texts=dict(BILINGUAL))
    superseded = published("public", "Old text")
    newer = make_recommendation(title="Corrected text", access="public", replaces=superseded)
    newer = advance(newer, Status.PUBLISHED)
    superseded.refresh_from_db()
    return Library(
        public=public,
        partners=published("partners", "For partners"),
        council=published("council", "For the council"),
        body=published("body", "For group B"),
        superseded=superseded,
        public_newer=newer,
        draft=make_recommendation(title="A draft", access="public"),
        consultation=advance(make_recommendation(title="In consultation", access="public"), Status.CONSULTATION),
        withdrawn=advance(make_recommendation(title="Withdrawn", access="public"), Status.WITHDRAWN),
    )


@pytest.fixture
def recommendations_reader(issue_key):
    """A partner client holding only recommendations:read."""
    _key, secret = issue_key(scopes=["recommendations:read"])
    return ApiClient(secret)


def session_of(person) -> ApiClient:
    client = ApiClient()
    client.force_login(person)
    return client


def people_named_in(content: bytes) -> list[str]:
    """Names and addresses of every person in the database that appear in an answer."""
    text = content.decode("utf-8")
    decoded = json.dumps(json.loads(text), ensure_ascii=False) if text else ""
    found = []
    for name_latin, name_cyrillic, email in User.objects.values_list("full_name_latin", "full_name_cyrillic", "email"):
        found += [value for value in (name_latin, name_cyrillic, email) if value and value in decoded]
    return found


def publish_many(make_recommendation, advance, count: int, **extra) -> list[Recommendation]:
    """`count` more published texts of group B, each with an English translation."""
    return [
        advance(
            make_recommendation(
                texts={
                    "title_ru": f"Рекомендация {n}",
                    "text_ru": "Текст " * 40,
                    "title_en": f"Recommendation {n}",
                    "text_en": "Text " * 40,
                },
                **extra,
            ),
            Status.PUBLISHED,
        )
        for n in range(count)
    ]


def open_to_partners(recommendation, *, by) -> Recommendation:
    return services.recommendation_update(recommendation=recommendation, data={"partner_consultation": True}, by=by)
