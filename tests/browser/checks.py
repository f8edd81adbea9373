"""What every page must pass in the browser, and signing in the way a person does."""

from pathlib import Path

from django.conf import settings

from tests.factories import PASSWORD, totp_code

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LANGUAGES = ("ru", "en", "uz")
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
TAP_TARGET = 44  # CSS pixels, both ways (WCAG 2.5.5)

# True when the page scrolls sideways.
OVERFLOW_JS = "document.scrollingElement.scrollWidth > window.innerWidth"

# Controls smaller than a finger. A link inside a sentence is exempt (WCAG 2.5.8's inline exception); a
# checkbox or radio button counts by its label, which is what a finger presses.
TAP_TARGETS_JS = """(minimum) => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]';
  const small = [];
  const inSentence = (el) => {
    if (getComputedStyle(el).display !== 'inline') return false;
    const block = el.parentElement;
    const own = (el.textContent || '').trim().length;
    return block && (block.textContent || '').trim().length > own + 1;
  };
  for (const el of document.querySelectorAll(selector)) {
    let box = el.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(el).visibility === 'hidden') continue;
    if (el.closest('.skip-link')) continue;
    if (el.tagName === 'A' && inSentence(el)) continue;
    if (el.type === 'checkbox' || el.type === 'radio') {
      const label = el.closest('label') || (el.id && document.querySelector(`label[for="${el.id}"]`));
      if (label) box = label.getBoundingClientRect();
    }
    if (box.width < minimum - 0.5 || box.height < minimum - 0.5) {
      const name = (el.textContent || el.name || el.id || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
      small.push(`${el.tagName.toLowerCase()} "${name}" ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return small;
}"""


def set_language(context, base_url: str, language: str) -> None:
    """The portal's language cookie, as the switcher sets it (it wins over an account's preferred language)."""
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}])


def sign_in(page, base_url: str, person) -> None:
    """Sign in through the sign-in page; staff give their authenticator app's code as well."""
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=login]", person.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    if getattr(person, "totp_secret", None):
        page.wait_for_url("**/accounts/2fa/authenticate/")
        page.fill("input[name=code]", totp_code(person.totp_secret))
        page.locator("form:has(input[name=code]) button[type=submit]").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"{person.email} could not sign in"


def overflows(page) -> bool:
    return page.evaluate(OVERFLOW_JS)


def small_tap_targets(page) -> list[str]:
    return page.evaluate(TAP_TARGETS_JS, TAP_TARGET)


def screenshot(page, *parts: str) -> None:
    path = SCREENSHOTS.joinpath(*parts[:-1]) / f"{parts[-1]}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
