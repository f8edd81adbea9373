from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    name = "figures"
    verbose_name = _("Regional figures")

    def ready(self):
        from council.reporting import builder_register
        from council.secretariat import secretariat_permissions_register
        from figures.reports import FIGURES

        builder_register(FIGURES)
        secretariat_permissions_register(self.label)  # the secretariat keeps indicators and approves values
