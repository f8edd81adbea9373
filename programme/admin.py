"""The secretariat's screens for roadmaps and activities: every save and status change goes through the services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from council.admin_site import SafeAutocompleteAdminMixin, changed_values, run_for_each
from council.uploads import DownloadLinkFileInput
from programme import rules, services
from programme.models import Activity, Roadmap

NO_CHANGE = ""


class RoadmapForm(forms.ModelForm):
    new_status = forms.ChoiceField(label=_("change the status to"), required=False, choices=())

    class Meta:
        model = Roadmap
        fields = [
            "title",
            "description",
            "access",
            "states",
            "organisations",
            "starts_on",
            "ends_on",
            "adopted_at",
            "signed_text",
        ]
        widgets = {"signed_text": DownloadLinkFileInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.status if self.instance.pk else Roadmap.Status.DRAFT
        labels = dict(Roadmap.Status.choices)
        self.fields["new_status"].choices = [(NO_CHANGE, _("— keep it —"))] + [
            (value, labels[value]) for value in rules.next_statuses(rules.ROADMAP, current)
        ]
        if not self.instance.pk:
            del self.fields["new_status"]


@admin.register(Roadmap)
class RoadmapAdmin(SafeAutocompleteAdminMixin, TranslationAdmin):
    form = RoadmapForm
    list_display = ["title", "starts_on", "ends_on", "status", "access", "adopted_at"]
    list_filter = ["status", "access"]
    search_fields = ["title_ru", "title_en", "title_uz"]
    autocomplete_fields = ["organisations", "adopted_at"]
    filter_horizontal = ["states"]
    readonly_fields = ["status", "updated_at"]
    actions = ["adopt", "complete"]
    fieldsets = [
        (None, {"fields": ["title", "description", "status", "new_status", "access"]}),
        (_("Parties and period"), {"fields": ["states", "organisations", "starts_on", "ends_on"]}),
        (_("Adoption"), {"fields": ["adopted_at", "signed_text", "updated_at"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            fieldsets = [
                (name, {**opts, "fields": [f for f in opts["fields"] if f != "new_status"]}) for name, opts in fieldsets
            ]
        return fieldsets

    def has_delete_permission(self, request, obj=None):
        return False  # a roadmap is history once written; an abandoned draft stays a draft

    def save_model(self, request, obj, form, change):
        if not change:
            services.roadmap_create(
                roadmap=obj,
                states=form.cleaned_data.get("states", ()),
                organisations=form.cleaned_data.get("organisations", ()),
                by=request.user,
            )
            return
        data = {name: value for name, value in changed_values(form).items() if name != "new_status"}
        services.roadmap_update(roadmap=obj, data=data, by=request.user)
        new_status = form.cleaned_data.get("new_status")
        if new_status:
            try:
                services.roadmap_status_change(roadmap=obj, to=new_status, by=request.user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        pass  # the parties were saved by the service (save_model); there are no inlines

    def _to(self, request, queryset, status):
        run_for_each(
            self,
            request,
            queryset,
            lambda roadmap: services.roadmap_status_change(roadmap=roadmap, to=status, by=request.user),
            label=str,
            total_message=lambda n: _("%(n)s roadmap(s) changed.") % {"n": n},
        )

    @admin.action(description=_("Adopt the selected roadmaps"), permissions=["change"])
    def adopt(self, request, queryset):
        self._to(request, queryset, Roadmap.Status.ADOPTED)

    @admin.action(description=_("Mark the selected roadmaps completed"), permissions=["change"])
    def complete(self, request, queryset):
        self._to(request, queryset, Roadmap.Status.COMPLETED)


class ActivityForm(forms.ModelForm):
    """An activity's fields, and its status change (with the reason and actual dates) checked before saving."""

    new_status = forms.ChoiceField(label=_("change the status to"), required=False, choices=())
    reason = forms.CharField(
        label=_("reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("Required when the activity is cancelled or postponed."),
    )
    actual_start_on = forms.DateField(label=_("actual start"), required=False)
    actual_end_on = forms.DateField(label=_("actual end"), required=False)

    class Meta:
        model = Activity
        fields = [
            "roadmap",
            "title",
            "kind",
            "order",
            "lead",
            "partners",
            "states",
            "planned_start",
            "planned_end",
            "meetings",
            "recommendations",
            "budget_amount",
            "budget_currency",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Activity.Status.choices)
        if not self.instance.pk:
            for name in ("new_status", "reason", "actual_start_on", "actual_end_on"):
                del self.fields[name]
            return
        current = self.instance.status
        self.fields["new_status"].choices = [(NO_CHANGE, _("— keep it —"))] + [
            (value, labels[value]) for value in rules.next_statuses(rules.ACTIVITY, current)
        ]
        self.fields["reason"].initial = self.instance.status_reason
        self.fields["actual_start_on"].initial = self.instance.actual_start
        self.fields["actual_end_on"].initial = self.instance.actual_end

    def status_change(self) -> dict | None:
        """The status change asked for (the service's arguments), or None."""
        if not self.instance.pk:
            return None
        data = self.cleaned_data
        status = data.get("new_status") or NO_CHANGE
        touched = {"reason", "actual_start_on", "actual_end_on"} & set(self.changed_data)
        if status == NO_CHANGE and not touched:
            return None
        return {
            "status": status or self.instance.status,
            "reason": data.get("reason") or "",
            "actual_start": data.get("actual_start_on"),
            "actual_end": data.get("actual_end_on"),
        }

    def clean(self):
        cleaned = super().clean()
        change = self.status_change() if not self.errors else None
        if change is not None:
            outcome = services.activity_status_outcome(
                Activity.objects.get(pk=self.instance.pk), **change, today=timezone.localdate()
            )
            fields = {"status": "new_status", "actual_start": "actual_start_on", "actual_end": "actual_end_on"}
            for field, messages_ in outcome.problems.items():
                for message in messages_:
                    self.add_error(fields.get(field, field), message)
        return cleaned


@admin.register(Activity)
class ActivityAdmin(SafeAutocompleteAdminMixin, TranslationAdmin):
    form = ActivityForm
    list_display = ["title", "roadmap", "kind", "lead", "planned_start", "planned_end", "status"]
    list_filter = ["status", "kind", "roadmap", "states"]
    search_fields = ["title_ru", "title_en", "title_uz"]
    autocomplete_fields = ["lead", "partners", "meetings", "recommendations"]
    filter_horizontal = ["states"]
    readonly_fields = ["status", "status_reason", "actual_start", "actual_end", "updated_at"]
    actions = ["start_now", "mark_done"]

    fieldsets = [
        (None, {"fields": ["roadmap", "title", "kind", "order", "lead", "partners", "states"]}),
        (
            _("Status"),
            {
                "fields": [
                    "status",
                    "status_reason",
                    "actual_start",
                    "actual_end",
                    "new_status",
                    "reason",
                    "actual_start_on",
                    "actual_end_on",
                    "updated_at",
                ]
            },
        ),
        (_("Dates"), {"fields": ["planned_start", "planned_end"]}),
        (_("Links and budget"), {"fields": ["meetings", "recommendations", "budget_amount", "budget_currency"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:  # a new activity starts as planned: its status changes once it exists
            fieldsets = [entry for entry in fieldsets if entry[0] != _("Status")]
        return fieldsets

    def has_delete_permission(self, request, obj=None):
        return False  # an activity is cancelled (with its reason), never deleted

    def save_model(self, request, obj, form, change):
        if not change:
            services.activity_create(
                activity=obj,
                **{
                    name: form.cleaned_data.get(name, ())
                    for name in ("partners", "states", "meetings", "recommendations")
                },
                by=request.user,
            )
            return
        extra = {"new_status", "reason", "actual_start_on", "actual_end_on"}
        data = {name: value for name, value in changed_values(form).items() if name not in extra}
        services.activity_update(activity=obj, data=data, by=request.user)
        status_change = form.status_change()
        if status_change is not None:
            services.activity_status_change(activity=obj, **status_change, by=request.user)
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        pass  # the relations were saved by the service (save_model); there are no inlines

    def _to(self, request, queryset, status):
        run_for_each(
            self,
            request,
            queryset,
            lambda activity: services.activity_status_change(activity=activity, status=status, by=request.user),
            label=str,
            total_message=lambda n: _("%(n)s activity(ies) changed.") % {"n": n},
        )

    @admin.action(description=_("Mark the selected activities in progress (from today)"), permissions=["change"])
    def start_now(self, request, queryset):
        self._to(request, queryset, Activity.Status.IN_PROGRESS)

    @admin.action(description=_("Mark the selected activities done (ending today)"), permissions=["change"])
    def mark_done(self, request, queryset):
        self._to(request, queryset, Activity.Status.DONE)
