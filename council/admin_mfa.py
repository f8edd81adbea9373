"""The admin's view of second factors: who has which authenticator, never its secret.

Replaces allauth's own `AuthenticatorAdmin`, which shows and edits `data` (the TOTP secret, the recovery
seed) to anyone holding the model's permissions. Here only an active superuser sees the list and may
remove an authenticator (e.g. a lost phone); nobody adds or changes one, whatever their permissions.
"""

from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from council.mfa import authenticator_remove
from council.permissions import can_manage_authenticators

if admin.site.is_registered(Authenticator):
    admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    list_display = ("user", "type", "created_at", "last_used_at")
    list_filter = ("type",)
    list_select_related = ("user",)
    search_fields = ("user__email", "user__full_name_latin")
    ordering = ("user__email", "type")
    # Never `data`: it holds the secrets.
    fields = ("user", "type", "created_at", "last_used_at")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("data")

    def has_module_permission(self, request):
        return can_manage_authenticators(request.user)

    def has_view_permission(self, request, obj=None):
        return can_manage_authenticators(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return can_manage_authenticators(request.user)

    def delete_model(self, request, obj):
        authenticator_remove(authenticator=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for authenticator in queryset.select_related("user"):
            authenticator_remove(authenticator=authenticator, by=request.user)

    def response_delete(self, request, obj_display, obj_id):
        messages.info(request, _("If the account needs a second factor, its owner is asked to set up a new one."))
        return super().response_delete(request, obj_display, obj_id)
