"""Forms of the recommendation pages."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from council.uploads import upload_max_bytes, validate_pdf_upload
from recommendations.models import ImplementationReport, Position
from recommendations.services import report_progress_error


class PositionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Your position"), choices=Position.Kind.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason (required for a reservation or an objection)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )
    # A formal objection is recorded only when sent again with this set, from the page saying what it will do.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class ReportForm(forms.Form):
    """A state's implementation report. `periods` are the ones services.report_periods offers; with `draft` nothing
    is required (a draft is finished later), but what is given must still be right."""

    period = forms.ChoiceField(
        label=_("Period"), error_messages={"invalid_choice": _("Choose one of the periods offered.")}
    )
    status = forms.ChoiceField(label=_("Status"), choices=ImplementationReport.Status.choices)
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_(
            "Not started: 0. Planned: 0 to 99. In progress: 1 to 99. Implemented: 100. Not applicable: leave empty."
        ),
    )
    narrative = forms.CharField(label=_("What has been done"), widget=forms.Textarea(attrs={"rows": 6}))
    evidence_links = forms.CharField(
        label=_("Evidence (links, one per line)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    evidence_file = forms.FileField(
        label=_("Evidence (document, PDF)"),
        required=False,
        validators=[validate_pdf_upload],
        help_text=_("A PDF of at most %(size)s, without scripts, attachments or passwords."),
    )

    def __init__(self, *args, periods: list[str], draft: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = draft
        self.fields["period"].choices = [(p, p) for p in periods]
        field = self.fields["evidence_file"]
        field.help_text = field.help_text % {"size": filesizeformat(upload_max_bytes())}
        if draft:
            for name in ("period", "status", "narrative"):
                self.fields[name].required = False
            self.fields["status"].choices = [("", "—"), *ImplementationReport.Status.choices]

    def clean(self):
        data = super().clean()
        status, progress = data.get("status"), data.get("progress")
        checked = status and "progress" not in self.errors and not (self.draft and progress is None)
        if checked and (error := report_progress_error(status, progress)):
            self.add_error("progress", error)
        return data
