from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from council.secretariat import secretariat_permissions_register

        from . import checks  # noqa: F401 - registers the system checks

        # The secretariat produces the reports; the admin itself refuses adding, changing and deleting a report.
        secretariat_permissions_register(self.label)
