"""The outcome documents' pages in a browser (issue 12), as test_every_page checks every page: axe-core finds nothing
serious or critical, nothing scrolls sideways on a 390 px phone, fingers fit. The full walk covers them too (they
have their rows in the authorization matrix); this test checks just them, quickly, in the three languages."""

import pytest
from django.urls import reverse

from tests.browser.checks import LANGUAGES, set_language, sign_in
from tests.browser.test_every_page import _check

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_the_outcome_pages_pass_axe_and_fit_a_phone(browser, live_server, world):
    problems, notes = [], []
    public = world.outcomes["public"]
    walks = {
        "anonymous": [
            public.get_absolute_url(),
            public.get_absolute_url() + "?text=en",
            world.public_meeting.get_absolute_url(),
            "/",
        ],
        "member": [world.outcomes["body"].get_absolute_url()],
    }
    for kind, urls in walks.items():
        context = browser.new_context()
        page = context.new_page()
        person = world.person(kind)
        if person is not None:
            sign_in(page, live_server.url, person)
        for language in LANGUAGES:
            set_language(context, live_server.url, language)
            for url in urls:
                page.goto(live_server.url + url)
                assert page.evaluate("document.documentElement.lang") == language
                _check(page, f"{kind} {language} {url}", problems=problems, notes=notes, shot=None)
        context.close()
    # The secretariat's screens: the list and a document's change form.
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, live_server.url, world.person("secretariat"))
    for url in (
        reverse("admin:meetings_outcomedocument_changelist"),
        reverse("admin:meetings_outcomedocument_change", args=[world.outcomes["draft"].pk]),
        world.outcomes["draft"].get_absolute_url(),
    ):
        page.goto(live_server.url + url)
        _check(page, f"secretariat {url}", problems=problems, notes=notes, shot=None, known={"admin"}, phone=False)
    context.close()
    print("\n".join(notes))
    assert not problems, "\n".join(problems)
