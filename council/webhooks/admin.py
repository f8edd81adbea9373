"""The secretariat's screens for webhooks: partners' endpoints (secret shown once, rotation, test event, disable
and enable) and the deliveries with every attempt (read-only; failed ones can be tried again)."""

import json

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from council.admin import ReadOnlyInline
from council.admin_site import changed_values, dashboard_register, run_for_each, show_saved
from council.webhooks import services
from council.webhooks.addresses import url_validate
from council.webhooks.dashboard import failed_webhooks_panel
from council.webhooks.models import SUBSCRIBABLE, WebhookAttempt, WebhookDelivery, WebhookEndpoint


class EndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=_("events"), choices=SUBSCRIBABLE, widget=forms.CheckboxSelectMultiple, required=True
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["organisation", "url", "description", "events"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        if self.instance.pk is None or url != self.instance.url:
            url_validate(url)  # its form, and the addresses its host has now
        return url


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = EndpointForm
    list_display = ["__str__", "organisation", "url", "events_list", "is_active", "disabled_at", "created_at"]
    list_filter = ["is_active", ("organisation", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["organisation"]
    search_fields = ["url", "description", "organisation__name_ru", "organisation__name_en", "organisation__acronym_en"]
    autocomplete_fields = ["organisation"]
    readonly_fields = [
        "is_active",
        "disabled_at",
        "disabled_reason",
        "secret_created_at",
        "previous_secret_expires_at",
        "deliveries_link",
        "created_at",
        "updated_at",
    ]
    actions = ["rotate_secret", "send_test_event", "disable_endpoints", "enable_endpoints"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["organisation", *self.readonly_fields]  # an endpoint stays with the partner that registered it

    def get_fields(self, request, obj=None):
        fields = ["organisation", "url", "description", "events"]
        return fields if obj is None else [*fields, *self.readonly_fields]

    @admin.display(description=_("events"))
    def events_list(self, obj):
        return ", ".join(obj.events)

    @admin.display(description=_("deliveries"))
    def deliveries_link(self, obj):
        url = reverse("admin:webhooks_webhookdelivery_changelist") + f"?endpoint__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Deliveries to this endpoint"))

    def save_model(self, request, obj, form, change):
        if change:
            services.endpoint_update(endpoint=obj, data=changed_values(form), by=request.user)
            return
        created = services.endpoint_create(
            organisation=form.cleaned_data["organisation"],
            url=form.cleaned_data["url"],
            events=form.cleaned_data["events"],
            description=form.cleaned_data.get("description", ""),
            by=request.user,
        )
        show_saved(obj, created)

    def get_deleted_objects(self, objs, request):
        # An endpoint's deliveries and their attempts go with it (nobody deletes them on their own).
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        with_it = {str(WebhookDelivery._meta.verbose_name), str(WebhookAttempt._meta.verbose_name)}
        return deleted, counts, {name for name in perms_needed if str(name) not in with_it}, protected

    def delete_model(self, request, obj):
        services.endpoint_delete(endpoint=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for endpoint in queryset:
            services.endpoint_delete(endpoint=endpoint, by=request.user)

    def _secrets_page(self, request, endpoints, title):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "endpoints": endpoints,
            "opts": self.model._meta,
        }
        # Admin views are never cached (Cache-Control: no-store, private), this page with them.
        return TemplateResponse(request, "admin/webhooks/secret.html", context)

    def response_add(self, request, obj, post_url_continue=None):
        # The one time the secret is shown: on this page, never in a message kept in the session or a cookie.
        return self._secrets_page(request, [obj], _("The endpoint's secret"))

    @admin.action(description=_("Rotate the secret (the old one stays valid for a day)"), permissions=["change"])
    def rotate_secret(self, request, queryset):
        rotated = [services.endpoint_secret_rotate(endpoint=endpoint, by=request.user) for endpoint in queryset]
        if rotated:
            return self._secrets_page(request, rotated, _("New secrets"))
        return None

    @admin.action(description=_("Send a test event"), permissions=["change"])
    def send_test_event(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda endpoint: services.endpoint_test_send(endpoint=endpoint, by=request.user),
            label=str,
            total_message=lambda n: (
                ngettext(
                    "A test event is on its way to %(n)d endpoint.",
                    "Test events are on their way to %(n)d endpoints.",
                    n,
                )
                % {"n": n}
            ),
        )

    @admin.action(description=_("Disable (send nothing more)"), permissions=["change"])
    def disable_endpoints(self, request, queryset):
        reason = _("Disabled by the secretariat.")
        done = sum(
            services.endpoint_disable(endpoint=endpoint, reason=str(reason), by=request.user) for endpoint in queryset
        )
        self.message_user(
            request,
            ngettext("%(n)d endpoint disabled.", "%(n)d endpoints disabled.", done) % {"n": done},
            messages.SUCCESS,
        )

    @admin.action(description=_("Enable again"), permissions=["change"])
    def enable_endpoints(self, request, queryset):
        enabled = []
        run_for_each(
            self,
            request,
            queryset,
            lambda endpoint: services.endpoint_enable(endpoint=endpoint, by=request.user) and enabled.append(endpoint),
            label=str,
        )
        n = len(enabled)
        self.message_user(
            request, ngettext("%(n)d endpoint enabled.", "%(n)d endpoints enabled.", n) % {"n": n}, messages.SUCCESS
        )


class AttemptInline(ReadOnlyInline):
    model = WebhookAttempt
    fields = [
        "started_at",
        "finished_at",
        "outcome",
        "address",
        "status_code",
        "duration_ms",
        "error",
        "response_excerpt",
    ]
    verbose_name_plural = _("attempts")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """Deliveries are written by the services and the send task; the secretariat reads them and retries."""

    list_display = [
        "created_at",
        "event_type",
        "organisation",
        "endpoint",
        "send_state",
        "attempts",
        "last_status_code",
        "queued_at",
        "sent_at",
    ]
    list_filter = ["send_state", "event__type", ("endpoint__organisation", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["event", "endpoint__organisation"]
    search_fields = ["event__webhook_id", "endpoint__url"]
    date_hierarchy = "created_at"
    fields = [
        "webhook_id",
        "event_type",
        "endpoint",
        "send_state",
        "queued_at",
        "attempts",
        "last_status_code",
        "last_error",
        "sent_at",
        "created_at",
        "payload",
    ]
    readonly_fields = fields
    inlines = [AttemptInline]
    actions = ["retry_now"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the log of what was sent to a partner

    def has_retry_permission(self, request):
        return request.user.has_perm(f"{self.opts.app_label}.change_{self.opts.model_name}")

    @admin.display(description=_("event"), ordering="event__type")
    def event_type(self, obj):
        return obj.event.type

    @admin.display(description="webhook-id")
    def webhook_id(self, obj):
        return obj.event.webhook_id

    @admin.display(description=_("organisation"), ordering="endpoint__organisation__name")
    def organisation(self, obj):
        return obj.endpoint.organisation

    @admin.display(description=_("payload"))
    def payload(self, obj):
        return format_html("<pre>{}</pre>", json.dumps(obj.event.payload, ensure_ascii=False, indent=2))

    @admin.action(description=_("Retry now (failed deliveries)"), permissions=["retry"])
    def retry_now(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset.select_related("endpoint"),
            lambda delivery: services.delivery_retry(delivery=delivery, by=request.user),
            label=str,
            total_message=lambda n: (
                ngettext("%(n)d delivery queued again.", "%(n)d deliveries queued again.", n) % {"n": n}
            ),
        )


dashboard_register(
    key="failed_webhooks", order=60, template="admin/dashboard/failed_webhooks.html", build=failed_webhooks_panel
)
