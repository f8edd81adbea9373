"""Partner keys, one or more per organisation, and how much each is used."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey, APIKeyManager

from council.models import Organisation
from council.partners.scopes import Scope


class PartnerKeyManager(APIKeyManager):
    def assign_key(self, obj) -> str:
        """The library's, but the row keeps its own number as its id: the library's id holds the hash, which would
        then show in admin URLs and the audit trail."""
        key, prefix, hashed_key = self.key_generator.generate()
        obj.prefix, obj.hashed_key = prefix, hashed_key
        return key


class PartnerKey(AbstractAPIKey):
    """An API key of a partner organisation: only its hash is stored (SHA-512 of a 32-character random secret);
    the secret is shown once, when the secretariat issues it."""

    id = models.BigAutoField(primary_key=True)
    # The library's fields, with names and help in the portal's languages.
    prefix = models.CharField(_("prefix"), max_length=8, unique=True, editable=False)
    created = models.DateTimeField(_("issued"), auto_now_add=True, db_index=True)
    name = models.CharField(
        _("name"), max_length=50, help_text=_("What the key is for, e.g. “Data portal” (50 characters at most).")
    )
    revoked = models.BooleanField(
        _("revoked"), blank=True, default=False, help_text=_("A revoked key answers 401 from then on, for good.")
    )
    expiry_date = models.DateTimeField(
        _("expires"), blank=True, null=True, help_text=_("Empty: never. An expired key answers 401.")
    )
    objects = PartnerKeyManager()

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="api_keys"
    )
    scopes = models.JSONField(_("scopes"), default=list, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("partner API key")
        verbose_name_plural = _("partner API keys")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or ())

    def scope_labels(self) -> list[str]:
        return [str(Scope(value).label) for value in self.scopes if value in Scope.values]

    @property
    def usable(self) -> bool:
        return not self.revoked and not (self.expiry_date and self.expiry_date <= timezone.now())


class PartnerKeyUsage(models.Model):
    """Requests made with one key on one day (UTC), counted in the cache and written here by a periodic task."""

    key = models.ForeignKey(PartnerKey, on_delete=models.CASCADE, related_name="usage")
    day = models.DateField(_("day"))
    requests = models.PositiveBigIntegerField(_("requests"), default=0)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("daily use")
        verbose_name_plural = _("daily use")
        constraints = [models.UniqueConstraint(fields=["key", "day"], name="partner_key_usage_once_a_day")]

    def __str__(self):
        return f"{self.key_id} {self.day}: {self.requests}"
