"""The form reader of the tests (tests/html.py) posts what a browser posts for a form sent unchanged."""

from tests.html import read_controls, read_form

PAGE = """
<form id="f" method="POST">
  <input type="hidden" name="csrfmiddlewaretoken" value="t&amp;k">
  <input name="title" value="Заседание">
  <input type="checkbox" name="ticked" checked><input type="checkbox" name="unticked" value="x">
  <input type="radio" name="answer" value="accepted"><input type="radio" name="answer" value="declined" checked>
  <select name="first"><option value="">---</option><option value="1">One</option></select>
  <select name="chosen"><option value="1">One</option><option value="2" selected>Two</option></select>
  <select name="many" multiple><option value="1" selected>One</option><option value="2" selected>Two</option></select>
  <textarea name="text">
Line one
</textarea>
  <input name="off" value="1" disabled><input name="rows-__prefix__-x" value="1">
  <input type="submit" name="_save" value="Save"><input type="file" name="upload">
  <ul class="errorlist"><li>This field is required.</li></ul>
</form>
<form action="/language/" method="post"><input name="language" value="en"></form>
<input name="outside">
"""


def test_a_form_sends_what_a_browser_would_send_unchanged():
    assert read_form(PAGE, "f").data == {
        "csrfmiddlewaretoken": "t&k",
        "title": "Заседание",
        "ticked": "on",
        "answer": "declined",
        "first": "",
        "chosen": "2",
        "many": ["1", "2"],
        "text": "Line one\n",
    }


def test_a_form_keeps_its_method_options_errors_and_every_control():
    form = read_form(PAGE, "f")
    assert form.method == "post" and form.action == ""
    assert [(o.value, o.label, o.selected) for o in form.options("chosen")] == [("1", "One", False), ("2", "Two", True)]
    assert form.errors == ["This field is required."]
    assert {"_save", "upload", "off", "unticked", "rows-__prefix__-x"} <= form.names


def test_forms_are_found_by_where_they_post_and_controls_outside_forms_are_listed():
    assert read_form(PAGE, action="/language/").data == {"language": "en"}
    assert "outside" in {c.name for c in read_controls(PAGE)}
