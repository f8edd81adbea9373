from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The member's own pages across the apps: the landing page, "what needs me", the profile."""

    name = "portal"
    verbose_name = _("Portal")
