"""Forms of the meetings pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.models import Invitation


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (Invitation.Rsvp.ACCEPTED, _("I will attend")),
            (Invitation.Rsvp.TENTATIVE, _("Maybe")),
            (Invitation.Rsvp.DECLINED, _("I cannot attend")),
        ],
        widget=forms.RadioSelect,
    )


class DelegateForm(forms.Form):
    name = forms.CharField(label=_("Alternate's name"), max_length=200)
    email = forms.EmailField(label=_("Alternate's email address"))
