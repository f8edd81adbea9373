"""Dates in each language's own style, one style per language (config/formats): Uzbek month names in lower case."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import formats, translation

# A date filter names a format of config/formats; "c" and ISO dates are for machines (datetime attributes).
NAMED = {
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "TIME_FORMAT",
    "MONTH_DAY_FORMAT",
    "YEAR_MONTH_FORMAT",
    "c",
    "l",
}
MACHINE = re.compile(r"^Y-m-d")
UZBEK_MONTHS = [
    "yanvar", "fevral", "mart", "aprel", "may", "iyun",
    "iyul", "avgust", "sentabr", "oktabr", "noyabr", "dekabr",
]  # fmt: skip


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ru", "14 мая 2024 г."), ("en", "14 May 2024"), ("uz", "2024-yil 14-may")],
)
def test_the_landing_page_gives_the_founding_date_in_the_style_of_its_language(
    client, db, settings, seeded, language, expected
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get("/").content.decode()
    assert expected in page


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", "3 марта 2025 г., 09:05"),
        ("en", "3 March 2025, 09:05"),
        ("uz", "2025-yil 3-mart, 09:05"),
    ],
)
def test_one_datetime_style_per_language(language, expected):
    moment = datetime.datetime(2025, 3, 3, 9, 5)
    with translation.override(language):
        assert formats.date_format(moment, "DATETIME_FORMAT") == expected


@pytest.mark.parametrize("month", range(1, 13))
def test_uzbek_month_names_are_in_lower_case(month):
    day = datetime.date(2025, month, 9)
    name = UZBEK_MONTHS[month - 1]
    with translation.override("uz"):
        assert formats.date_format(day, "DATE_FORMAT") == f"2025-yil 9-{name}"
        assert formats.date_format(day, "F") == name
        assert formats.date_format(day, "l") == formats.date_format(day, "l").lower()


def test_templates_name_a_format_instead_of_spelling_one_out():
    pattern = re.compile(r"""\|date:["']([^"']*)["']""")
    roots = [Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR).glob("*/templates")]
    spelled = [
        f"{path.relative_to(settings.BASE_DIR)}: |date:{fmt!r}"
        for root in roots
        for path in root.rglob("*.*")
        if path.suffix in (".html", ".txt")
        for fmt in pattern.findall(path.read_text(encoding="utf-8"))
        if fmt not in NAMED and not MACHINE.match(fmt)
    ]
    assert not spelled, "use a named format (DATE_FORMAT, DATETIME_FORMAT, TIME_FORMAT...):\n" + "\n".join(spelled)
