"""Indicators and values of the regional figures, made through the services as the secretariat and focal points do."""

import datetime

import pytest

from figures import services
from tests.factories import MembershipFactory, UserFactory

SOURCE_DATE = datetime.date(2025, 3, 1)


@pytest.fixture
def indicator(staff, states):
    return services.indicator_create(
        data={
            "code": "returned",
            "name_ru": "Вернувшиеся граждане",
            "name_en": "Returned citizens",
            "name_uz": "Qaytgan fuqarolar",
            "unit_ru": "человек",
            "unit_en": "persons",
            "by_sex": True,
            "is_headline": True,
        },
        by=staff,
    )


@pytest.fixture
def publish(staff):
    """publish(indicator, state, number, year=2024, **fields) -> an approved value."""

    def make(indicator, state, number, *, year=2024, year_from=None, by=None, **fields):
        value = services.value_create(
            indicator=indicator,
            state=state,
            year_from=year_from or year,
            year_to=year,
            number=number,
            source=fields.pop("source", "Ministry of Justice, annual report"),
            source_date=SOURCE_DATE,
            by=by or staff,
            **fields,
        )
        return services.value_approve(value=value, by=staff)

    return make


@pytest.fixture
def focal_uz(group_a, states):
    person = UserFactory(full_name_latin="Umid Focal")
    MembershipFactory(
        person=person,
        body=group_a,
        represents_state=states["UZ"],
        is_focal_point=True,
        term_start=datetime.date(2024, 1, 1),
    )
    return person


# The partner API's keys (tests/api/conftest.py).
from tests.api.conftest import issue_key, partner, staff_issuer  # noqa: E402, F401
