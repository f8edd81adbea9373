"""Every page as each kind of person: axe-core finds nothing serious or critical, nothing scrolls sideways
(at 1280 px nor on a 390 px phone), every control on a phone is big enough for a finger; screenshots at both
widths go to var/screenshots/<kind>/<language>/<page>-<width>.png.

The pages come from the authorization matrix (tests/browser/pages.py), so a new page is walked as soon as it
has its row there. To stay quick, the pages are walked in all three languages signed out (and the admin
screens by the secretariat), and once per kind of member in one language each (WALKS); every language is
walked signed in by someone.
"""

import time

import pytest

from tests.browser.axe import axe_violations, describe
from tests.browser.checks import (
    DESKTOP,
    PHONE,
    overflows,
    screenshot,
    set_language,
    sign_in,
    small_tap_targets,
)
from tests.browser.pages import admin_screens, portal_pages

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

# Who walks the portal's pages in which languages.
WALKS = {
    "anonymous": ("ru", "en", "uz"),
    "member": ("uz",),
    "observer": ("en",),
    "focal": ("ru",),
    "secretariat": ("uz",),
}
ADMIN_LANGUAGES = ("ru", "en", "uz")


TIMES: dict[str, float] = {}


def _timed(what, call, *args):
    started = time.monotonic()
    try:
        return call(*args)
    finally:
        TIMES[what] = TIMES.get(what, 0.0) + time.monotonic() - started


def _check(page, where: str, *, problems: list[str], shot: tuple[str, ...] | None, taps: bool = True) -> None:
    """The phone first: no sideways scrolling, fingers fit; then axe at desktop width. Screenshots at both
    widths when `shot` names them (the first language of a walk)."""
    page.set_viewport_size(PHONE)
    if overflows(page):
        problems.append(f"{where}: scrolls sideways at {PHONE['width']} px")
    if taps:
        small = small_tap_targets(page)
        if small:
            problems.append(f"{where}: tap targets under 44 px: {'; '.join(small[:6])}")
    if shot:
        _timed("screenshots", screenshot, page, *shot[:-1], f"{shot[-1]}-{PHONE['width']}")
    page.set_viewport_size(DESKTOP)
    if overflows(page):
        problems.append(f"{where}: scrolls sideways at {DESKTOP['width']} px")
    if shot:
        _timed("screenshots", screenshot, page, *shot[:-1], f"{shot[-1]}-{DESKTOP['width']}")
    page.csp_checked = True  # axe sets inline styles of its own while it runs
    for line in describe(_timed("axe", axe_violations, page)):
        problems.append(f"{where}: axe {line}")


def _walk(browser, base_url, world, kind, problems, csp) -> int:
    checked = 0
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.csp_checked = False

    def console(msg):
        if "Content Security Policy" in msg.text and not page.csp_checked:
            csp.append(f"{page.url}: {msg.text}")

    page.on("console", console)
    try:
        person = world.person(kind)
        if person is not None:
            sign_in(page, base_url, person)
        pages = portal_pages(world, kind)
        if not pages:
            problems.append(f"{kind}: no page to walk")
        for language in WALKS[kind]:
            set_language(context, base_url, language)
            for item in pages:
                page.csp_checked = False
                _timed("loading", page.goto, base_url + item.url)
                where = f"{kind} {language} {item.url}"
                if page.evaluate("document.documentElement.lang") != language:
                    problems.append(f"{where}: the page is not in {language}")
                shot = (kind, language, item.slug) if language == WALKS[kind][0] else None
                _check(page, where, problems=problems, shot=shot)
                checked += 1
        if kind == "secretariat":
            for language in ADMIN_LANGUAGES:
                set_language(context, base_url, language)
                for item in admin_screens(world):
                    page.csp_checked = False
                    _timed("loading", page.goto, base_url + item.url)
                    where = f"{kind} {language} {item.url}"
                    shot = (kind, language, item.slug) if language == ADMIN_LANGUAGES[0] else None
                    _check(page, where, problems=problems, shot=shot, taps=False)
                    checked += 1
    finally:
        context.close()
    return checked


def test_every_page_as_each_kind_of_person(browser, live_server, world):
    problems: list[str] = []
    csp: list[str] = []
    started, counts = time.monotonic(), {}
    for kind in WALKS:
        counts[kind] = _walk(browser, live_server.url, world, kind, problems, csp)
    times = ", ".join(f"{what} {seconds:.0f} s" for what, seconds in TIMES.items())
    print(f"walked {counts} in {time.monotonic() - started:.0f} s ({times})")
    assert not csp, "\n".join(csp)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
