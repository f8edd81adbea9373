from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = _("Programme of work")

    def ready(self):
        from council.secretariat import secretariat_permissions_register

        secretariat_permissions_register(self.label)  # the secretariat keeps the roadmaps and their activities
