from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "council.partners"
    label = "partners"
    verbose_name = _("Partner API")

    def ready(self):
        from council.secretariat import secretariat_permissions_register

        # The secretariat issues and revokes the partners' keys.
        secretariat_permissions_register(self.label)
