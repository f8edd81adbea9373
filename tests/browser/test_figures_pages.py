"""The regional figures' pages in Chromium: axe finds nothing serious or critical, nothing scrolls sideways at
1280 px nor on a 390 px phone, phone targets are 44 px; screenshots go to var/screenshots/figures/."""

import datetime

import pytest
from django.urls import reverse

from figures import services
from tests.browser.axe import axe_violations, describe
from tests.browser.checks import DESKTOP, PHONE, overflows, screenshot, set_language, sign_in, small_tap_targets

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _more_figures(world):
    """A few years per state, a regional total and a small cell, as the demo has them."""
    staff, indicator = world.person("secretariat"), world.figures["indicator"]
    for code, numbers in {"KZ": (28, 17), "KG": (19, 12), "TJ": (26, 9), "UZ": (52, 38), "TM": (6, 3)}.items():
        for year, number in zip((2022, 2023), numbers, strict=True):
            value = services.value_create(
                indicator=indicator,
                state=world.states[code],
                year_from=year,
                year_to=year,
                number=number,
                source="Demo data: fictional figures",
                source_date=datetime.date(year + 1, 3, 1),
                is_demo=True,
                by=staff,
            )
            services.value_approve(value=value, by=staff)
    services.indicator_update(indicator=indicator, data={"is_headline": True}, by=staff)
    regional = services.value_create(
        indicator=indicator,
        year_from=2019,
        year_to=2024,
        number=2100,
        source="ISRS, news item of November 2024",
        source_date=datetime.date(2024, 11, 27),
        by=staff,
    )
    services.value_approve(value=regional, by=staff)


@pytest.mark.parametrize(
    ("kind", "language"), [("anonymous", "en"), ("anonymous", "ru"), ("focal", "uz"), ("secretariat", "ru")]
)
def test_the_figures_pages_pass_axe_and_fit_a_phone(browser, live_server, world, kind, language):
    _more_figures(world)
    urls = [reverse("figures:index"), reverse("figures:indicator", args=["returned"]), reverse("portal:landing")]
    if kind in ("focal", "secretariat"):
        urls += [reverse("figures:enter"), reverse("figures:value", args=[world.figures["submitted"].pk])]
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    problems = []
    try:
        person = world.person(kind)
        if person is not None:
            sign_in(page, live_server.url, person)
        set_language(context, live_server.url, language)
        for url in urls:
            page.goto(live_server.url + url)
            slug = url.strip("/").replace("/", "-") or "landing"
            page.set_viewport_size(PHONE)
            if overflows(page):
                problems.append(f"{url}: scrolls sideways at 390 px")
            small = small_tap_targets(page)
            if small:
                problems.append(f"{url}: tap targets under 44 px: {'; '.join(small[:6])}")
            screenshot(page, "figures", kind, language, f"{slug}-390")
            page.set_viewport_size(DESKTOP)
            if overflows(page):
                problems.append(f"{url}: scrolls sideways at 1280 px")
            screenshot(page, "figures", kind, language, f"{slug}-1280")
            problems += [f"{url}: axe {line}" for line in describe(axe_violations(page))]
    finally:
        context.close()
    assert not problems, "\n".join(problems)
