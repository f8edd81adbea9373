"""Fixtures of the programme tests: a roadmap of Uzbekistan with a UN office, built through the services."""

import datetime

import pytest

from programme import services
from programme.models import Activity, Roadmap
from tests.api.conftest import issue_key, staff_issuer  # noqa: F401 - the partner keys of the API tests
from tests.factories import OrganisationFactory

D = datetime.date


def make_roadmap(
    *, by, status="adopted", access="public", states=(), organisations=(), title="Дорожная карта", **extra
):
    roadmap = services.roadmap_create(
        roadmap=Roadmap(
            title=title,
            title_ru=title,
            title_en=extra.pop("title_en", "A roadmap"),
            starts_on=extra.pop("starts_on", D(2024, 5, 14)),
            ends_on=extra.pop("ends_on", D(2025, 12, 31)),
            access=access,
            **extra,
        ),
        states=states,
        organisations=organisations,
        by=by,
    )
    for step in ("adopted", "completed"):
        if status in ("adopted", "completed") and (step == "adopted" or status == "completed"):
            roadmap = services.roadmap_status_change(roadmap=roadmap, to=step, by=by)
    return roadmap


def make_activity(roadmap, *, by, lead, title="Тренинг", kind="training", **extra):
    relations = {name: extra.pop(name, ()) for name in ("partners", "states", "meetings", "recommendations")}
    return services.activity_create(
        activity=Activity(
            roadmap=roadmap,
            title=title,
            title_ru=title,
            title_en=extra.pop("title_en", title),
            kind=kind,
            lead=lead,
            planned_start=extra.pop("planned_start", D(2024, 9, 1)),
            planned_end=extra.pop("planned_end", D(2024, 9, 30)),
            **extra,
        ),
        **relations,
        by=by,
    )


@pytest.fixture
def unoct(db):
    return OrganisationFactory(acronym_en="UNOCT", name_en="UN Office of Counter-Terrorism")


@pytest.fixture
def isrs(db):
    return OrganisationFactory(acronym_en="ISRS", name_en="Institute for Strategic and Regional Studies")


@pytest.fixture
def roadmap(staff, states, unoct, isrs):
    return make_roadmap(by=staff, states=[states["UZ"]], organisations=[isrs, unoct])


@pytest.fixture
def activity(roadmap, staff, unoct, isrs, states):
    return make_activity(roadmap, by=staff, lead=unoct, partners=[isrs], states=[states["UZ"]])
