"""Forms of the meetings pages."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from meetings.models import RSVP_NOTE_MAX_LENGTH, Invitation


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (Invitation.Rsvp.ACCEPTED, _("I will attend")),
            (Invitation.Rsvp.TENTATIVE, _("Maybe")),
            (Invitation.Rsvp.DECLINED, _("I cannot attend")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose one of the answers offered."),
            "invalid_choice": _("Choose one of the answers offered."),
        },
    )


class RsvpForm(AnswerForm):
    """The answer behind an RSVP link, with a note for the secretariat."""

    note = forms.CharField(
        label=_("Note for the secretariat (optional)"),
        help_text=_("For example: interpretation you need, accessibility, travel or visa questions."),
        required=False,
        max_length=RSVP_NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "aria-describedby": "id_note-help"}),
    )


class AddressField(forms.EmailField):
    """An email address that fits the database (254 characters): a longer one gets that one message."""

    max_address_length = 254

    def run_validators(self, value):
        if value and len(value) > self.max_address_length:
            raise ValidationError(_("An email address has at most 254 characters."), code="max_length")
        super().run_validators(value)


class DelegateForm(forms.Form):
    """A nomination of an alternate: the name helps the secretariat decide; it is never put in a message."""

    name = forms.CharField(label=_("Alternate's name"), max_length=200)
    email = AddressField(label=_("Alternate's email address"))
