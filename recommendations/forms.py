"""Forms of the recommendation pages."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from council.uploads import upload_max_bytes, validate_pdf_upload
from recommendations.models import ImplementationReport, Position


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
    period = forms.RegexField(
        label=_("Period"),
        regex=r"^20[0-9]{2}-H[12]\Z",
        max_length=7,
        error_messages={"invalid": _("Write the period as a year and half, e.g. 2025-H1.")},
    )
    status = forms.ChoiceField(label=_("Status"), choices=ImplementationReport.Status.choices)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["evidence_file"]
        field.help_text = field.help_text % {"size": filesizeformat(upload_max_bytes())}
