"""The one form that asks for a PDF report, on the portal and in the admin."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from reports.models import ReportKind, ReportVariant

# The parameters each kind of document takes (its builder checks their values: reports.documents).
PARAMETERS = {
    ReportKind.MEETING_RECORD: ["meeting"],
    ReportKind.INVITATION_LETTER: ["invitation"],
    ReportKind.COMPENDIUM: ["working_group", "year", "status", "translation"],
    ReportKind.DOSSIER: ["recommendation"],
    ReportKind.IMPLEMENTATION: ["period", "working_group"],
    ReportKind.FIGURES: ["indicator"],
    ReportKind.OUTCOME_DOCUMENT: ["outcome"],
}


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=ReportKind.choices)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    variant = forms.ChoiceField(label=_("Variant"), choices=ReportVariant.choices, initial=ReportVariant.ACCESSIBLE)
    meeting = forms.IntegerField(label=_("Meeting (number)"), required=False, min_value=1)
    invitation = forms.IntegerField(label=_("Invitation (number)"), required=False, min_value=1)
    recommendation = forms.IntegerField(label=_("Recommendation (number)"), required=False, min_value=1)
    working_group = forms.IntegerField(label=_("Working group (number)"), required=False, min_value=1)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    status = forms.CharField(label=_("Status"), required=False, max_length=32)
    translation = forms.ChoiceField(
        label=_("Translation shown"), required=False, choices=[("", "—"), *settings.LANGUAGES]
    )
    period = forms.CharField(label=_("Period (e.g. 2025-H1)"), required=False, max_length=7)
    indicator = forms.SlugField(label=_("Indicator (code)"), required=False, max_length=50)
    outcome = forms.IntegerField(label=_("Outcome document (number)"), required=False, min_value=1)

    def parameters(self) -> dict:
        """The parameters of the chosen kind that were given (call after is_valid())."""
        data = self.cleaned_data
        return {name: data[name] for name in PARAMETERS[data["kind"]] if data.get(name) not in (None, "")}
