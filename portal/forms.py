"""The forms of the member's own pages."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from council.models import NoticeDelivery, User, cyrillic_name_validator, latin_name_validator
from council.timezones import validate_timezone, zone_choices


class ProfileForm(forms.Form):
    """A person's own names, language, time zone and notices (services.user_profile_update saves them)."""

    full_name_latin = forms.CharField(
        label=_("Full name (Latin letters)"),
        max_length=200,
        validators=[latin_name_validator],
        help_text=_("As in your passport, e.g. Dilnoza Karimova."),
    )
    full_name_cyrillic = forms.CharField(
        label=_("Full name (Cyrillic letters)"),
        max_length=200,
        required=False,
        validators=[cyrillic_name_validator],
        help_text=_("Shown to readers of the portal in Russian, e.g. Дилноза Каримова."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=settings.LANGUAGES,
        help_text=_("The portal, your e-mails and your calendar feed speak it."),
    )
    time_zone = forms.ChoiceField(
        label=_("Your time zone"),
        required=False,
        validators=[validate_timezone],
        help_text=_("Meeting times show the venue's time and, where it differs, yours."),
    )

    notice_delivery = forms.ChoiceField(
        label=_("Notices"),
        choices=NoticeDelivery.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Notices of consensus rounds and report reminders. Invitations, cancellations and account e-mails always "
            "go at once."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [("", _("Not chosen: show the venue's time only")), *zone_choices()]

    @classmethod
    def for_user(cls, user: User, data=None) -> "ProfileForm":
        return cls(data, initial={name: getattr(user, name) for name in cls.base_fields})
