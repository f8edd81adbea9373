"""Every page as each kind of person: axe-core finds nothing serious or critical, nothing scrolls sideways
(at 1280 px nor on a 390 px phone), every control on a phone is big enough for a finger; screenshots at both
widths go to var/screenshots/<kind>/<language>/<page>-<width>.png.

The pages come from the authorization matrix (tests/browser/pages.py), so a new page is walked as soon as it
has its row there. To stay quick (axe takes a second or two a page), signed-out pages are checked in all three
languages, each kind of member walks its pages in one language (WALKS; axe checks a URL once per language,
for the first kind of person who opens it: signed out, then member, observer, focal point, secretariat; the
other checks run on every visit), and the admin screens are checked by the secretariat in one
language each, in turn ru, en, uz.
"""

import time

import pytest

from tests.browser.axe import axe_violations, describe
from tests.browser.checks import (
    DESKTOP,
    LANGUAGES,
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

# Findings of axe in Django's own admin widgets, not in the portal's templates: reported, not failed, until
# the admin screens are reworked (issue 11, item 10). Remove a line when its cause is gone.
KNOWN_IN_ADMIN = {
    "aria-prohibited-attr": "filter_horizontal's help icon (SelectFilter2.js) has aria-label on a plain span",
    "label": "the split date and time inputs of AdminSplitDateTime have no label of their own",
    "select-name": "tabular inlines label their selects by the column heading only",
    "label-title-only": "tabular inlines' file inputs have only a title",
    "link-in-text-block": "the admin's breadcrumbs and help links are told apart by colour alone",
}
# Admin screens that scroll sideways at 1280 px today (the agenda inline; item 10 moves it to its own screen).
KNOWN_WIDE_ADMIN = {"admin:meetings_meeting_change", "admin:recommendations_recommendation_change"}

TIMES: dict[str, float] = {}


def _timed(what, call, *args):
    started = time.monotonic()
    try:
        return call(*args)
    finally:
        TIMES[what] = TIMES.get(what, 0.0) + time.monotonic() - started


def _check(page, where, *, problems, notes, shot, axe=True, phone=True, known=frozenset()) -> None:
    """The phone first: no sideways scrolling, fingers fit; then at desktop width, and axe. Screenshots at both
    widths when `shot` names them."""
    if phone:
        page.set_viewport_size(PHONE)
        if overflows(page):
            problems.append(f"{where}: scrolls sideways at {PHONE['width']} px")
        small = small_tap_targets(page)
        if small:
            problems.append(f"{where}: tap targets under 44 px: {'; '.join(small[:6])}")
        if shot:
            _timed("screenshots", screenshot, page, *shot[:-1], f"{shot[-1]}-{PHONE['width']}")
        page.set_viewport_size(DESKTOP)
    if overflows(page):
        (notes if "wide" in known else problems).append(f"{where}: scrolls sideways at {DESKTOP['width']} px")
    if shot:
        _timed("screenshots", screenshot, page, *shot[:-1], f"{shot[-1]}-{DESKTOP['width']}")
    if axe:
        page.csp_checked = True  # axe sets inline styles of its own while it runs
        for violation in _timed("axe", axe_violations, page):
            line = f"{where}: axe {describe([violation])[0]}"
            (notes if "admin" in known and violation["id"] in KNOWN_IN_ADMIN else problems).append(line)


def _walk(browser, base_url, world, kind, *, problems, notes, csp, axe_checked) -> int:
    checked = 0
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.csp_checked = False

    def console(msg):
        if "Content Security Policy" in msg.text and not page.csp_checked:
            csp.append(f"{page.url}: {msg.text}")

    page.on("console", console)

    def visit(url):
        page.csp_checked = False
        _timed("loading", page.goto, base_url + url)

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
                visit(item.url)
                where = f"{kind} {language} {item.url}"
                if page.evaluate("document.documentElement.lang") != language:
                    problems.append(f"{where}: the page is not in {language}")
                axe = (item.url, language) not in axe_checked
                axe_checked.add((item.url, language))
                shot = (kind, language, item.slug) if language == WALKS[kind][0] else None
                _check(page, where, problems=problems, notes=notes, shot=shot, axe=axe)
                checked += 1
        if kind == "secretariat":
            for number, item in enumerate(admin_screens(world)):
                language = LANGUAGES[number % len(LANGUAGES)]
                set_language(context, base_url, language)
                visit(item.url)
                known = {"admin", "wide"} if item.name in KNOWN_WIDE_ADMIN else {"admin"}
                where = f"{kind} {language} {item.url}"
                shot = (kind, "admin", item.slug)
                _check(page, where, problems=problems, notes=notes, shot=shot, phone=False, known=known)
                checked += 1
    finally:
        context.close()
    return checked


def test_every_page_as_each_kind_of_person(browser, live_server, world):
    problems: list[str] = []
    notes: list[str] = []
    csp: list[str] = []
    axe_checked: set = set()
    started, counts = time.monotonic(), {}
    for kind in WALKS:
        counts[kind] = _walk(
            browser,
            live_server.url,
            world,
            kind,
            problems=problems,
            notes=notes,
            csp=csp,
            axe_checked=axe_checked,
        )
    times = ", ".join(f"{what} {seconds:.0f} s" for what, seconds in TIMES.items())
    print(f"\nwalked {counts} in {time.monotonic() - started:.0f} s ({times})")
    print(f"{len(notes)} known findings in Django's admin (KNOWN_IN_ADMIN, KNOWN_WIDE_ADMIN):")
    print("\n".join(notes))
    assert not csp, "\n".join(csp)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
