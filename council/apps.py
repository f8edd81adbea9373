from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "council"
    verbose_name = _("Council")

    def ready(self):
        from council import (  # noqa: F401 - registers the tasks
            admin_mfa,
            checks,
            emails,
            receivers,
            tasks,
        )
        from council.outbox.registry import kind_register

        kind_register(emails.SET_PASSWORD, build=emails.build_set_password, not_owed=emails.set_password_not_owed)
        for kind in emails.ACCOUNT_EMAIL_KINDS:
            kind_register(kind, build=emails.build_account_email, not_owed=emails.account_email_not_owed)
