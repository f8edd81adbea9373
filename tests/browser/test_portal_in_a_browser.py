"""What a person sees in a real browser: keyboard use, language, sign-in, the admin, and a strict CSP."""

import os
from pathlib import Path

import pytest

from tests.factories import PASSWORD, totp_code

# Set SCREENSHOTS=/some/dir to keep screenshots of the pages for a person to look at.
live_server_shot_dir = Path(os.environ["SCREENSHOTS"]) if os.environ.get("SCREENSHOTS") else None

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_the_first_tab_reaches_the_skip_link(page, live_server, seeded):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()
    assert page.csp_violations == []


def test_switching_to_english_with_the_keyboard(page, live_server, seeded):
    page.goto(live_server.url + "/")
    assert page.locator("h2#executive-heading").inner_text() == "Исполнительный комитет"
    page.focus("#language-select")
    page.select_option("#language-select", "en")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    # The form posts, then redirects back: wait for the page that follows, not the one being left.
    page.wait_for_function("document.documentElement.lang === 'en'", timeout=10000)
    assert page.locator("h2#executive-heading").inner_text() == "Executive Committee"
    assert page.locator("html").get_attribute("lang") == "en"


def test_a_member_signs_in_and_sees_their_bodies(page, live_server, seeded):
    from council.models import User

    member = User.objects.get(email="aigerim.saparova@demo.rec.example.org")
    member.set_password(PASSWORD)
    member.save()
    page.goto(live_server.url + "/home/")
    page.fill("input[name=login]", member.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/home/")
    table = page.locator("main table").inner_text()
    assert "Исполнительный комитет" in table and "председатель" in table.lower()
    assert page.csp_violations == []


def test_the_secretariat_signs_in_to_the_admin_without_csp_violations(page, live_server, staff, seeded):
    page.goto(live_server.url + "/admin/")
    assert "/accounts/login/" in page.url
    page.fill("input[name=login]", staff.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    # Staff sign in with a second factor: the code of their authenticator app.
    page.wait_for_url("**/accounts/2fa/authenticate/")
    page.fill("input[name=code]", totp_code(staff.totp_secret))
    # The header's language form comes first on the page; submit the form that holds the code.
    page.locator("form:has(input[name=code]) button[type=submit]").click()
    page.wait_for_url("**/admin/")
    assert page.locator("#site-name").is_visible()
    page.goto(live_server.url + "/admin/council/membership/?term=active")
    assert page.locator("#result_list tbody tr").count() > 10
    page.goto(live_server.url + "/admin/council/body/?kind__exact=working_group")
    page.locator("#result_list tbody th a").first.click()
    page.wait_for_load_state()
    assert page.locator("#memberships-group").is_visible()
    if live_server_shot_dir:
        page.screenshot(path=str(live_server_shot_dir / "admin-group.png"), full_page=True)
    assert page.csp_violations == []
