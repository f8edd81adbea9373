from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkingGroupsConfig(AppConfig):
    name = "workinggroups"
    verbose_name = _("Working groups")

    def ready(self):
        from council.secretariat import secretariat_permissions_register

        secretariat_permissions_register(self.label)  # the secretariat keeps the working groups and their members
