"""The search form: words and filters, each checked with a message that says what is wrong."""

from django import forms
from django.utils.translation import gettext_lazy as _

from search.selectors import MAX_QUERY_LENGTH, Criteria, status_choices

KIND_CHOICES = [
    ("meeting", _("Meetings")),
    ("agenda_item", _("Agenda items")),
    ("recommendation", _("Recommendations")),
    ("document", _("Documents")),
]
FIRST_YEAR, LAST_YEAR = 2000, 2100


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={"max_length": _("Search for at most %(limit_value)d characters (you typed %(show_value)d).")},
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Everything")), *KIND_CHOICES],
        error_messages={"invalid_choice": _("There is no kind “%(value)s”; choose one from the list.")},
    )
    body = forms.ChoiceField(
        label=_("Body"),
        required=False,
        error_messages={"invalid_choice": _("There is no body “%(value)s”; choose one from the list.")},
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        error_messages={"invalid_choice": _("There is no status “%(value)s”; choose one from the list.")},
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "invalid": _("Give the year as four digits, e.g. 2025."),
            "min_value": _("Give a year from %(limit_value)s on."),
            "max_value": _("Give a year up to %(limit_value)s."),
        },
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000, widget=forms.HiddenInput)

    def __init__(self, *args, bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.bodies = {body.code: body for body in bodies}
        self.fields["body"].choices = [("", _("All bodies"))] + [
            (body.code, body.short_name or body.name) for body in bodies
        ]
        self.fields["status"].choices = [("", _("Any status")), *status_choices()]

    def clean_q(self):
        # Whitespace and control characters say nothing to search for.
        q = "".join(ch for ch in self.cleaned_data["q"] if ch.isprintable() or ch.isspace())
        return " ".join(q.split())

    def clean_page(self):
        return self.cleaned_data["page"] or 1

    def criteria(self) -> Criteria:
        data = self.cleaned_data
        return Criteria(
            q=data["q"],
            kind=data["kind"],
            body=self.bodies.get(data["body"]),
            status=data["status"],
            year=data["year"],
            page=data["page"],
        )
