"""The form a focal point (or the secretariat) enters a figure with."""

from django import forms
from django.utils.translation import gettext_lazy as _

from council.content import text_in
from council.models import MemberState
from figures.models import FIRST_YEAR, LAST_YEAR, AgeBand, Sex
from figures.permissions import enterable_state_ids


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(text_in(obj, "name"))


class StateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(text_in(obj, "name"))


class ValueForm(forms.Form):
    indicator = IndicatorChoiceField(
        label=_("Indicator"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose one of the indicators listed.")},
    )
    state = StateChoiceField(
        label=_("Member state"),
        queryset=None,
        required=False,
        error_messages={"invalid_choice": _("You enter figures for the state you represent only.")},
    )
    year_from = forms.IntegerField(label=_("From year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    year_to = forms.IntegerField(label=_("To year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.ALL)
    age_band = forms.ChoiceField(label=_("Age band"), choices=AgeBand.choices, initial=AgeBand.ALL)
    number = forms.DecimalField(
        label=_("Number"), min_value=0, max_digits=14, decimal_places=2, help_text=_("A total, never a person.")
    )
    source = forms.CharField(label=_("Source"), max_length=500, help_text=_("The institution and its publication."))
    source_date = forms.DateField(
        label=_("Date of the source"), widget=forms.DateInput(attrs={"type": "date"}), help_text=_("e.g. 2024-11-27")
    )

    def __init__(self, *args, user, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        states = enterable_state_ids(user)
        queryset = MemberState.objects.order_by("order", "code")
        if states is None:
            self.fields["state"].empty_label = _("Region as a whole")
            self.fields["state"].help_text = _("Leave empty for a figure of the region as a whole.")
        else:
            queryset = queryset.filter(pk__in=sorted(states))
            self.fields["state"].required = True
            self.fields["state"].empty_label = None
        self.fields["state"].queryset = queryset

    def values(self) -> dict:
        return dict(self.cleaned_data)
