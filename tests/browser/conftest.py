"""Headless Chromium (Debian's) driven by Playwright against the live test server on 127.0.0.1."""

import os
import shutil

import pytest

from tests.conftest import REQUIRE_SERVICES


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    if not executable:
        if REQUIRE_SERVICES:
            pytest.fail("Debian's chromium is required in CI but is not installed")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are still sync.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda msg: page.csp_violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    yield page
    context.close()


# The security walks' small council (one person and one object of each kind): the pages walked come from it.
from tests.security.conftest import world  # noqa: E402, F401
