from django.apps import AppConfig
from django.db.models.signals import post_migrate
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
        from council.secretariat import secretariat_group_on_migrate, secretariat_permissions_register

        kind_register(emails.SET_PASSWORD, build=emails.build_set_password, not_owed=emails.set_password_not_owed)
        # The Secretariat group runs the council's people and bodies, and their email addresses (allauth's).
        secretariat_permissions_register("council")
        secretariat_permissions_register("account")
        post_migrate.connect(secretariat_group_on_migrate, dispatch_uid="council.secretariat_group")
        for kind in emails.ACCOUNT_EMAIL_KINDS:
            kind_register(kind, build=emails.build_account_email, not_owed=emails.account_email_not_owed)
