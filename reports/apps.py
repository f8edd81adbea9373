from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from council.secretariat import secretariat_permissions_register

        from . import checks  # noqa: F401 - registers the system checks

        # The secretariat sees the reports list; adding, changing and deleting are refused to everyone.
        secretariat_permissions_register(self.label, ["view_report"])
