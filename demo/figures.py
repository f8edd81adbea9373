"""Demo regional figures, made through the services: the figure the public news items cite, and fictional per-state
figures marked as demo (one of them small, so that "<5" shows). Only adds what is missing."""

import datetime

from django.db import transaction

from council.models import MemberState
from demo.council import secretary
from figures import services
from figures.models import Indicator, Value

REPATRIATED = {
    "code": "repatriated",
    "name_ru": "Граждане региона, репатриированные из зон конфликтов",
    "name_en": "Citizens of the region repatriated from conflict zones",
    "name_uz": "Mojarolar hududlaridan vataniga qaytarilgan mintaqa fuqarolari",
    "definition_ru": "Число граждан государств Центральной Азии (включая женщин и детей), возвращённых на родину "
    "из зон вооружённых конфликтов за период.",
    "definition_en": "The number of citizens of the Central Asian states (women and children included) brought home "
    "from zones of armed conflict in the period.",
    "definition_uz": "Davr mobaynida qurolli mojarolar hududlaridan vataniga qaytarilgan Markaziy Osiyo davlatlari "
    "fuqarolari (ayollar va bolalar bilan birga) soni.",
    "unit_ru": "человек",
    "unit_en": "persons",
    "unit_uz": "kishi",
    "by_state": True,
    "by_year": True,
    "threshold": 5,
    "is_headline": True,
    "order": 1,
    "access": "public",
}

# The figure the seeds cite (shared/seeds/000_*): "since 2019 more than 2,100 citizens of the region".
CITED = {
    "year_from": 2019,
    "year_to": 2024,
    "number": 2100,
    "source": "ISRS (Institute for Strategic and Regional Studies), news item of November 2024 announcing the "
    "council's meeting of 27 November 2024: “more than 2,100 citizens of the region” since 2019",
    "source_date": datetime.date(2024, 11, 27),
}

DEMO_SOURCE = "Demo data: fictional figures of the portal's demonstration"
# Fictional figures per state and year; TM 2023 is 3, below the threshold, so "<5" shows.
DEMO_FIGURES = {
    "KZ": {2021: 64, 2022: 41, 2023: 28, 2024: 17},
    "KG": {2021: 22, 2022: 35, 2023: 19, 2024: 12},
    "TJ": {2021: 48, 2022: 30, 2023: 26, 2024: 9},
    "TM": {2022: 6, 2023: 3},
    "UZ": {2021: 93, 2022: 71, 2023: 52, 2024: 38},
}


def _approved(indicator, state, year_from, year_to) -> bool:
    return Value.objects.filter(
        indicator=indicator,
        state=state,
        year_from=year_from,
        year_to=year_to,
        sex="all",
        age_band="all",
        status=Value.Status.APPROVED,
    ).exists()


def _add(indicator, state, *, year_from, year_to, number, source, source_date, is_demo, by) -> int:
    if _approved(indicator, state, year_from, year_to):
        return 0
    value = services.value_create(
        indicator=indicator,
        state=state,
        year_from=year_from,
        year_to=year_to,
        number=number,
        source=source,
        source_date=source_date,
        is_demo=is_demo,
        submit=True,
        by=by,
    )
    services.value_approve(value=value, by=by)
    return 1


@transaction.atomic
def seed_figures() -> int:
    """The regional figures; returns how many values were added (none before the council)."""
    by = secretary()
    if by is None or not MemberState.objects.exists():
        return 0
    indicator = Indicator.objects.filter(code=REPATRIATED["code"]).first()
    if indicator is None:
        indicator = services.indicator_create(data=REPATRIATED, by=by)
    added = _add(indicator, None, **CITED, is_demo=False, by=by)
    states = {state.code: state for state in MemberState.objects.filter(code__in=DEMO_FIGURES)}
    for code, years in DEMO_FIGURES.items():
        if code not in states:
            continue
        for year, number in years.items():
            added += _add(
                indicator,
                states[code],
                year_from=year,
                year_to=year,
                number=number,
                source=DEMO_SOURCE,
                source_date=datetime.date(year + 1, 3, 1),
                is_demo=True,
                by=by,
            )
    return added
