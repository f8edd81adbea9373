"""The secretariat's screens for partner keys: issue (the secret shown once), change scopes or expiry, revoke, and
see how much each key is used. Keys are never deleted: a revoked key keeps its history."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rest_framework_api_key.models import APIKey

from council.admin_site import run_for_each
from council.partners import selectors, services, usage
from council.partners.models import PartnerKey
from council.partners.scopes import Scope

# The library's own key model is not used: ours belongs to an organisation and holds scopes.
if admin.site.is_registered(APIKey):
    admin.site.unregister(APIKey)


class PartnerKeyForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("scopes"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple, required=True
    )

    class Meta:
        model = PartnerKey
        fields = ["organisation", "name", "scopes", "expiry_date"]

    def clean_expiry_date(self):
        expiry = self.cleaned_data.get("expiry_date")
        if expiry is not None and expiry != self.instance.expiry_date and expiry <= timezone.now():
            raise ValidationError(_("The expiry must be in the future."))
        return expiry


@admin.register(PartnerKey)
class PartnerKeyAdmin(admin.ModelAdmin):
    form = PartnerKeyForm
    list_display = ["name", "organisation", "prefix", "scope_list", "expiry_date", "revoked", "last_used", "today"]
    list_filter = ["revoked", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name", "prefix", "organisation__name", "organisation__acronym"]
    autocomplete_fields = ["organisation"]
    actions = ["revoke"]
    readonly_fields = ["prefix", "created", "issued_by", "revoked", "revoked_at", "revoked_by", "last_used", "usage"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [*self.readonly_fields, "organisation"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["organisation", "name", "scopes", "expiry_date"]
        return ["organisation", "name", "prefix", "scopes", "expiry_date", "created", "issued_by", "revoked",
                "revoked_at", "revoked_by", "last_used", "usage"]  # fmt: skip

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # A revoked key is history: it may be viewed, never changed.
        return super().has_change_permission(request, obj) and not (obj is not None and obj.revoked)

    @admin.display(description=_("scopes"))
    def scope_list(self, obj):
        return ", ".join(obj.scopes)

    @admin.display(description=_("last used"))
    def last_used(self, obj):
        live = usage.last_used(obj.pk)
        stored = obj.last_used_at
        return max(filter(None, [live, stored]), default=None) or "—"

    @admin.display(description=_("requests today"))
    def today(self, obj):
        usage_now = dict(selectors.usage_by_day(obj, days=1))
        return sum(usage_now.values())

    @admin.display(description=_("requests per day (30 days)"))
    def usage(self, obj):
        rows = selectors.usage_by_day(obj)
        if not rows:
            return _("Not used yet.")
        return format_html_join("", "<div>{}: {}</div>", ((day.isoformat(), requests) for day, requests in rows))

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            services.key_update(
                key=obj, name=data["name"], scopes=data["scopes"], expiry_date=data["expiry_date"], by=request.user
            )
            return
        key, secret = services.key_issue(
            organisation=data["organisation"],
            name=data["name"],
            scopes=data["scopes"],
            expiry_date=data["expiry_date"],
            by=request.user,
        )
        obj.pk, obj._secret = key.pk, secret

    def save_form(self, request, form, change):
        # The service saves; the form only checks (`commit=False`), so the key is never saved without its hash.
        return form.save(commit=False)

    def response_add(self, request, obj, post_url_continue=None):
        """The secret, once: on this page only, never stored, never in a message or a cookie."""
        response = TemplateResponse(
            request,
            "admin/partners/key_issued.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "key": PartnerKey.objects.select_related("organisation").get(pk=obj.pk),
                "secret": obj._secret,
                "title": _("API key issued"),
            },
        )
        response["Cache-Control"] = "no-store"
        return response

    def save_related(self, request, form, formsets, change):
        pass  # no relations besides the organisation, set by the service

    def log_addition(self, request, obj, message):
        pass  # the audit trail has it (services.key_issue); Django's log would need the saved row in hand

    @admin.action(description=_("Revoke the selected keys"), permissions=["change"])
    def revoke(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda key: services.key_revoke(key=key, by=request.user),
            total_message=lambda n: ngettext("%(n)d key revoked.", "%(n)d keys revoked.", n) % {"n": n},
        )
