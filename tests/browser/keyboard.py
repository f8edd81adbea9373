"""Driving a page with the keyboard alone: Tab to a control, then type, Space, Enter (arrow keys inside a
radio group or a drop-down list, as the keyboard does there). Controls are found by their `name`, so the
journeys keep working when a page's layout changes."""

MAX_TABS = 120


def tab_to(page, test_js: str, arg=None, *, what: str) -> None:
    """Press Tab until `test_js` (a function of the focused element and `arg`) is true."""
    check = f"(arg) => {{ const el = document.activeElement; return !!el && ({test_js})(el, arg); }}"
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(check, arg):
            return
    raise AssertionError(f"Tab never reached {what} on {page.url}")


def tab_to_field(page, name: str) -> str:
    """Focus the control called `name`; answers its kind (text, textarea, select-one, radio...)."""
    tab_to(page, "(el, name) => el.name === name", name, what=f"the field {name!r}")
    return page.evaluate("document.activeElement.type")


def fill(page, name: str, value: str) -> None:
    """Give the field `name` the value, with the keys a person would press."""
    kind = tab_to_field(page, name)
    if kind == "radio":
        _arrow_until(page, value, "document.activeElement.value", first_key="Space")
    elif kind == "select-one":
        page.keyboard.press("Home")
        _arrow_until(page, value, "document.activeElement.value")
    else:
        page.keyboard.press("Control+A")
        page.keyboard.type(value)


def _arrow_until(page, value: str, current_js: str, *, first_key: str | None = None) -> None:
    if first_key:
        page.keyboard.press(first_key)
    for _ in range(20):
        if page.evaluate(current_js) == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no option {value!r} for {page.evaluate('document.activeElement.name')!r}")


def submit_with_keyboard(page, *, key: str = "Enter") -> None:
    """Tab on from the focused field to its form's submit button and press it (Enter or Space)."""
    page.evaluate("window.__journeyForm = document.activeElement.form")
    tab_to(
        page,
        "(el) => el.type === 'submit' && el.form === window.__journeyForm",
        what="the form's submit button",
    )
    with page.expect_navigation():
        page.keyboard.press(key)
