from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "council"
    verbose_name = _("Council")

    def ready(self):
        from council import (
            admin_mfa,  # noqa: F401 - replaces allauth's authenticator admin (the admin's autodiscover ran first)
            checks,  # noqa: F401 - registers the system checks
            receivers,  # noqa: F401 - connects allauth's signals
        )
