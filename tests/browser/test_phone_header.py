"""On a phone the header folds its menu behind a button; without JavaScript the menu is simply shown."""

import pytest

from tests.browser.checks import DESKTOP, PHONE, overflows

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_the_menu_button_opens_and_closes_the_menu_on_a_phone(browser, live_server, seeded):
    context = browser.new_context(viewport=PHONE, locale="ru-RU")
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        button, nav = page.locator(".menu-toggle"), page.locator(".site-nav")
        assert button.is_visible() and not nav.is_visible()
        assert button.get_attribute("aria-expanded") == "false"
        button.focus()
        page.keyboard.press("Enter")
        assert button.get_attribute("aria-expanded") == "true"
        assert nav.is_visible() and page.locator("#language-select").is_visible()
        box = nav.locator("a").first.bounding_box()
        assert box["height"] >= 44
        assert not overflows(page)
        page.keyboard.press("Escape")
        assert button.get_attribute("aria-expanded") == "false" and not nav.is_visible()
    finally:
        context.close()


def test_without_javascript_the_menu_is_shown_and_the_button_is_not(browser, live_server, seeded):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        assert not page.locator(".menu-toggle").is_visible()
        assert page.locator(".site-nav").is_visible()
        assert page.locator("#language-select").is_visible()
        assert not overflows(page)
    finally:
        context.close()


def test_on_a_desktop_the_menu_is_always_shown(browser, live_server, seeded):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        assert not page.locator(".menu-toggle").is_visible()
        assert page.locator(".site-nav").is_visible()
    finally:
        context.close()
