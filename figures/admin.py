"""The secretariat's screens of the regional figures: indicators, and values with their approval; every save and
action goes through figures.services (and its audit rows)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from council.admin_site import NoSaveButtonsMixin, changed_values, run_for_each, show_saved
from figures import services
from figures.models import Indicator, Value


@admin.register(Indicator)
class IndicatorAdmin(TranslationAdmin):
    list_display = ["code", "name", "unit", "threshold", "is_headline", "order", "access"]
    list_filter = ["is_headline", "access", "by_state", "by_sex", "by_age"]
    search_fields = ["code", "name_ru", "name_en", "name_uz"]
    readonly_fields = ["updated_at"]

    def save_model(self, request, obj, form, change):
        if change:
            services.indicator_update(indicator=obj, data=changed_values(form), by=request.user)
        else:
            show_saved(obj, services.indicator_create(data=form.cleaned_data, by=request.user))

    def has_delete_permission(self, request, obj=None):
        return False  # an indicator with figures is history; hide one by its access level


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (told to whoever entered the figure)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


@admin.register(Value)
class ValueAdmin(NoSaveButtonsMixin, admin.ModelAdmin):
    list_display = [
        "indicator",
        "state",
        "period_label",
        "sex",
        "age_band",
        "number",
        "status",
        "is_demo",
        "entered_by",
        "approved_at",
    ]
    list_filter = ["status", "indicator", "state", "is_demo", "sex", "age_band"]
    list_select_related = ["indicator", "state", "entered_by"]
    search_fields = ["indicator__code", "source"]
    fields = [
        "indicator",
        "state",
        "year_from",
        "year_to",
        "sex",
        "age_band",
        "number",
        "source",
        "source_date",
        "is_demo",
        "status",
        "reason",
        "entered_by",
        "approved_by",
        "approved_at",
    ]
    actions = ["approve", "reject"]
    READ_ONLY_ALWAYS = ["status", "reason", "entered_by", "approved_by", "approved_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status not in (Value.Status.DRAFT, Value.Status.REJECTED):
            return self.fields  # approved, submitted or superseded: changed only by a new value or an action
        if obj is not None:
            return [*self.READ_ONLY_ALWAYS, "is_demo"]
        return self.READ_ONLY_ALWAYS

    def has_change_permission(self, request, obj=None):
        # Submitted, approved or superseded: seen, never changed here (an action approves or rejects it; a
        # correction of an approved figure is a new value).
        if obj is not None and obj.status not in (Value.Status.DRAFT, Value.Status.REJECTED):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # a figure's record stays: a correction is a new value

    def save_model(self, request, obj, form, change):
        if change:
            data = changed_values(form)
            data.pop("is_demo", None)
            services.value_update(value=obj, data=data, by=request.user)
            return
        data = {name: form.cleaned_data.get(name) for name in services.VALUE_FIELDS}
        created = services.value_create(**data, is_demo=form.cleaned_data.get("is_demo", False), by=request.user)
        show_saved(obj, created)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        user = request.user

        class ServiceCheckedForm(form):
            """The service's checks (breakdowns allowed, periods, who enters for which state) shown on the form."""

            def _post_clean(self):
                super()._post_clean()
                if self.errors or "indicator" not in self.cleaned_data:
                    return
                fields = {name: self.cleaned_data.get(name) for name in services.VALUE_FIELDS}
                if self.instance.pk:
                    fields = {
                        **{n: getattr(self.instance, n) for n in services.VALUE_FIELDS},
                        **{n: v for n, v in fields.items() if n in self.cleaned_data},
                    }
                try:
                    services.value_check(fields=fields, by=user)
                except ValidationError as error:
                    for field, errors in error.error_dict.items():
                        self.add_error(field if field in self.fields else None, errors)

        return ServiceCheckedForm

    @admin.display(description=_("period"))
    def period_label(self, obj):
        return obj.period_label

    @admin.action(description=_("Approve and publish the selected figures"), permissions=["change"])
    def approve(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset.select_related("indicator", "state"),
            lambda value: services.value_approve(value=value, by=request.user),
            label=str,
            total_message=lambda n: _("%(count)s figures approved and published.") % {"count": n},
        )

    @admin.action(description=_("Reject the selected figures (with the reason)"), permissions=["change"])
    def reject(self, request, queryset):
        if "_confirm" in request.POST:
            form = RejectForm(request.POST)
            if form.is_valid():
                run_for_each(
                    self,
                    request,
                    queryset.select_related("indicator", "state"),
                    lambda value: services.value_reject(
                        value=value, reason=form.cleaned_data["reason"], by=request.user
                    ),
                    label=str,
                    total_message=lambda n: _("%(count)s figures rejected.") % {"count": n},
                )
                return None
        else:
            form = RejectForm()
        return TemplateResponse(
            request,
            "admin/figures/reject.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Reject figures"),
                "form": form,
                "queryset": queryset.select_related("indicator", "state"),
                "action": request.POST.get("action"),
                "opts": self.model._meta,
            },
            status=400 if form.is_bound else 200,
        )
