"""The one reader of HTML forms in the tests: a page's forms as a browser sees them.

`read_form(response, "meeting_form").data` is what submitting that form unchanged would post; change a few
values and post it, as the secretariat would. `read_form(response, action=url)` finds a portal form by where
it posts (its CSRF token is then `.data["csrfmiddlewaretoken"]`). `read_controls(response)` lists every
input, select and textarea of the page, inside a form or not.
"""

import dataclasses
from html.parser import HTMLParser

# Inputs a browser does not submit when the form is sent unchanged.
_NOT_SUBMITTED = {"submit", "button", "file", "image", "reset"}


@dataclasses.dataclass
class Option:
    value: str
    label: str
    selected: bool


@dataclasses.dataclass
class Control:
    """One input, select or textarea: `type` is the input's type, or "select" / "textarea"."""

    name: str
    type: str
    value: str = ""
    checked: bool = False
    disabled: bool = False
    multiple: bool = False
    attrs: dict[str, str | None] = dataclasses.field(default_factory=dict)
    options: list[Option] = dataclasses.field(default_factory=list)

    def submitted(self) -> list[str]:
        """The values this control adds to the form's data when the form is submitted unchanged."""
        if not self.name or self.disabled or "__prefix__" in self.name:  # `__prefix__`: an admin inline's template
            return []
        if self.type == "select":
            chosen = [o.value for o in self.options if o.selected]
            if not chosen and not self.multiple and self.options:
                chosen = [self.options[0].value]  # a single select shows, and sends, its first option
            return chosen if self.multiple else chosen[-1:]
        if self.type in ("checkbox", "radio"):
            return [self.value or "on"] if self.checked else []
        if self.type in _NOT_SUBMITTED:
            return []
        return [self.value]


@dataclasses.dataclass
class Form:
    id: str
    action: str  # where it posts: the page's own address when the form names none
    method: str  # "get" or "post"
    controls: list[Control]
    errors: list[str]  # the texts of its error lists, field and non-field alike

    @property
    def data(self) -> dict[str, str | list[str]]:
        """What submitting the form unchanged would post: a fresh dict, a list where a name has several values."""
        values: dict[str, list[str]] = {}
        for control in self.controls:
            for value in control.submitted():
                values.setdefault(control.name, []).append(value)
        return {name: found if len(found) > 1 else found[0] for name, found in values.items()}

    @property
    def names(self) -> set[str]:
        return {c.name for c in self.controls if c.name}

    def options(self, name: str) -> list[Option]:
        (select,) = [c for c in self.controls if c.name == name and c.type == "select"]
        return select.options


@dataclasses.dataclass
class Page:
    forms: list[Form]
    controls: list[Control]  # every control of the page, in document order, inside a form or not


class _Reader(HTMLParser):
    def __init__(self, address: str):
        super().__init__(convert_charrefs=True)
        self.address = address
        self.page = Page(forms=[], controls=[])
        self._form: Form | None = None
        self._select: Control | None = None
        self._option: tuple[dict, list[str]] | None = None
        self._textarea: tuple[Control, list[str]] | None = None
        self._error_depth = 0  # inside a <ul class="errorlist">
        self._error: list[str] | None = None  # the text of the error item being read

    def _add(self, control: Control) -> None:
        self.page.controls.append(control)
        if self._form is not None:
            self._form.controls.append(control)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name") or ""
        if tag == "form":
            self._form = Form(
                id=a.get("id") or "",
                action=a.get("action") or self.address,
                method=(a.get("method") or "get").lower(),
                controls=[],
                errors=[],
            )
            self.page.forms.append(self._form)
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            self._add(
                Control(name, kind, a.get("value") or "", checked="checked" in a, disabled="disabled" in a, attrs=a)
            )
        elif tag == "select":
            self._select = Control(name, "select", disabled="disabled" in a, multiple="multiple" in a, attrs=a)
            self._add(self._select)
        elif tag == "option" and self._select is not None:
            self._close_option()
            self._option = (a, [])
        elif tag == "textarea":
            control = Control(name, "textarea", disabled="disabled" in a, attrs=a)
            self._add(control)
            self._textarea = (control, [])
        elif tag == "ul" and ("errorlist" in (a.get("class") or "").split() or self._error_depth):
            self._error_depth += 1
        elif tag == "li" and self._error_depth:
            self._error = []

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "option":
            self._close_option()
        elif tag == "select" and self._select is not None:
            self._close_option()
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            control, text = self._textarea
            control.value = "".join(text).removeprefix("\n")  # browsers drop the newline after <textarea>
            self._textarea = None
        elif tag == "li" and self._error is not None:
            if self._form is not None:
                self._form.errors.append(" ".join("".join(self._error).split()))
            self._error = None
        elif tag == "ul" and self._error_depth:
            self._error_depth -= 1

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1].append(data)
        if self._option is not None:
            self._option[1].append(data)
        if self._error is not None:
            self._error.append(data)

    def _close_option(self) -> None:
        if self._option is None or self._select is None:
            return
        a, text = self._option
        label = " ".join("".join(text).split())
        value = a["value"] if a.get("value") is not None else label
        self._select.options.append(Option(value or "", label, "selected" in a))
        self._option = None


def read_page(response) -> Page:
    """Every form and control of a page: a test client's response, or HTML text."""
    if isinstance(response, str):
        html, address = response, ""
    else:
        html = response.content.decode(response.charset or "utf-8", "replace")
        request = getattr(response, "request", None) or {}
        address = request.get("PATH_INFO", "")
        if request.get("QUERY_STRING"):
            address += "?" + request["QUERY_STRING"]
    reader = _Reader(address)
    reader.feed(html)
    reader.close()
    return reader.page


def read_forms(response) -> list[Form]:
    return read_page(response).forms


def read_form(response, id: str | None = None, *, action: str | None = None) -> Form:
    """The one form of the page with this id, or posting to this address."""
    every = read_forms(response)
    found = [f for f in every if (id is None or f.id == id) and (action is None or f.action == action)]
    assert len(found) == 1, f"{len(found)} forms, id={id!r}, action={action!r}: {[(f.id, f.action) for f in every]}"
    return found[0]


def read_controls(response) -> list[Control]:
    return read_page(response).controls
