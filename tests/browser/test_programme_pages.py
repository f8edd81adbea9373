"""The programme's pages (issue 12, item 1) in the browser, on their own: the same checks as the walk of every page
(axe-core nothing serious or critical, nothing scrolling sideways at 1280 px nor at 390 px, fingers fit), in the
three languages signed out and as the secretariat, with screenshots in var/screenshots/programme/."""

import pytest
from django.urls import reverse

from tests.browser.checks import DESKTOP, LANGUAGES, set_language, sign_in
from tests.browser.test_every_page import _check

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_the_programme_pages_pass_the_browser_checks(browser, live_server, world):
    roadmaps = world.roadmaps
    pages = {
        "list": reverse("programme:list"),
        "public": reverse("programme:detail", args=[roadmaps["public"].pk]),
        "council": reverse("programme:detail", args=[roadmaps["council"].pk]),
        "landing": reverse("portal:landing"),
    }
    problems, notes = [], []
    for kind in ("anonymous", "secretariat"):
        context = browser.new_context(viewport=DESKTOP)
        page = context.new_page()
        if world.person(kind) is not None:
            sign_in(page, live_server.url, world.person(kind))
        shown = dict(pages)
        if kind == "secretariat":
            shown["draft"] = reverse("programme:detail", args=[roadmaps["draft"].pk])
        else:
            shown.pop("council")
        for language in LANGUAGES:
            set_language(context, live_server.url, language)
            for name, url in shown.items():
                page.goto(live_server.url + url)
                where = f"{kind} {language} {url}"
                assert page.evaluate("document.documentElement.lang") == language, where
                _check(page, where, problems=problems, notes=notes, shot=("programme", kind, language, name))
        context.close()
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
