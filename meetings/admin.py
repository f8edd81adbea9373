"""The secretariat's screens for meetings: preparation, invitations, answers, attendance and minutes."""

import zoneinfo

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from council.admin import ReadOnlyInline
from council.admin_site import (
    NoSaveButtonsMixin,
    SafeAutocompleteAdminMixin,
    changed_values,
    dashboard_register,
    report_generate_redirect,
    run_for_each,
    save_formset_through,
    show_saved,
)
from council.fields import ReminderOffsetsField
from council.uploads import DownloadLinkFileInput
from meetings import reports, selectors, services
from meetings.dashboard import failed_invitations_panel, meetings_panel
from meetings.models import (
    AgendaItem,
    Attendance,
    DeliveryAttempt,
    Invitation,
    Meeting,
    MeetingDocument,
    MeetingStatusChange,
    Nomination,
    OutcomeDocument,
    SendState,
    Signatory,
    validate_timezone,
)


class AgendaItemInline(TranslationStackedInline):
    """The agenda's items, on the meeting's agenda screen: each sub-item under its parent, numbered as printed."""

    model = AgendaItem
    extra = 0
    fields = [
        ("number", "order", "parent", "duration_minutes"),
        ("title", "presenters"),
        "description",
    ]
    readonly_fields = ["number"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}}

    def get_queryset(self, request):
        # Parents in their order, each followed by its sub-items in theirs.
        return (
            super()
            .get_queryset(request)
            .select_related("parent")
            .order_by(
                Coalesce("parent__order", "order"),
                Coalesce("parent_id", "id"),
                F("parent_id").asc(nulls_first=True),
                "order",
                "id",
            )
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            meeting_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = AgendaItem.objects.filter(meeting_id=meeting_id, parent=None)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("no."))
    def number(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        if self._numbers is None:
            self._numbers = {}
            for n, item, children in selectors.agenda_numbered(obj.meeting):
                self._numbers[item.pk] = str(n)
                self._numbers.update({child.pk: label for label, child in children})
        return self._numbers.get(obj.pk, "—")

    _numbers = None  # set per request (an inline is made for each request)


# The zones of the member states and of the partners' usual venues first; every IANA zone after them.
USUAL_ZONES = [
    "Asia/Tashkent",
    "Asia/Almaty",
    "Asia/Bishkek",
    "Asia/Dushanbe",
    "Asia/Ashgabat",
    "Europe/Vienna",
    "Europe/Geneva",
    "America/New_York",
    "UTC",
]


def timezone_choices(current: str | None = None) -> list:
    """Time zones for a meeting's form: the usual ones, then all (with the meeting's own, even if unusual)."""
    others = sorted(zone for zone in zoneinfo.available_timezones() if zone not in USUAL_ZONES)
    if current and current not in USUAL_ZONES and current not in others:
        others.append(current)
    return [
        (_("Usual"), [(zone, zone) for zone in USUAL_ZONES]),
        (_("All time zones"), [(zone, zone) for zone in others]),
    ]


class MeetingForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "timezone" in self.fields:
            current = self.initial.get("timezone") or self.fields["timezone"].initial
            self.fields["timezone"] = forms.ChoiceField(
                label=self.fields["timezone"].label,
                help_text=_("Choose it first: the times below are entered in this zone."),
                choices=timezone_choices(current),
                initial=self.fields["timezone"].initial,
            )
        if "reminder_hours" in self.fields:
            old = self.fields["reminder_hours"]
            self.fields["reminder_hours"] = ReminderOffsetsField(
                label=_("reminders before the start"), required=False, initial=old.initial
            )
        for name in ("starts_at", "ends_at", "rsvp_deadline"):
            if name in self.fields:
                self.fields[name].help_text = _("Local time of the meeting's time zone (below).")

    def clean_timezone(self):
        # Checked here, not only by the model: a field that fails here is never copied onto the meeting,
        # whose name (shown on the page with the error) needs a real time zone.
        value = self.cleaned_data["timezone"]
        validate_timezone(value)
        return value

    def _update_errors(self, errors):
        # The model's rules name a translated field (venue_city); the form has one per language (venue_city_ru…),
        # and an error for a field the form lacks would be a server error instead of a message.
        if hasattr(errors, "error_dict"):
            placed: dict[str, list] = {}
            for name, problems in errors.error_dict.items():
                target = name
                if name != NON_FIELD_ERRORS and name not in self.fields:
                    default = f"{name}_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}"
                    target = default if default in self.fields else NON_FIELD_ERRORS
                placed.setdefault(target, []).extend(problems)
            errors = ValidationError(placed)
        super()._update_errors(errors)


class MeetingDocumentForm(forms.ModelForm):
    """A document's file is checked by the model field (council.uploads: size, a plain PDF); its link in the
    admin goes to the access-checked download view."""

    class Meta:
        model = MeetingDocument
        fields = ["title", "agenda_item", "file", "language", "access"]
        widgets = {"file": DownloadLinkFileInput}


class MeetingDocumentInline(admin.TabularInline):
    model = MeetingDocument
    form = MeetingDocumentForm
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agenda_item":
            kwargs["queryset"] = AgendaItem.objects.filter(meeting_id=request.resolver_match.kwargs.get("object_id"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AttendanceInline(SafeAutocompleteAdminMixin, admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["person", "status"]
    autocomplete_fields = ["person"]


class StatusChangeInline(ReadOnlyInline):
    model = MeetingStatusChange
    fields = ["changed_at", "from_status", "to_status", "changed_by", "reason"]


@admin.register(Meeting)
class MeetingAdmin(SafeAutocompleteAdminMixin, TranslationAdmin):
    form = MeetingForm
    list_display = ["title", "kind", "local_start_display", "venue_city", "status", "invitation_count"]
    list_filter = ["status", "kind", "format", "access", "bodies"]
    search_fields = ["title_ru", "title_en", "venue_city_ru", "venue_city_en"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["organisers", "co_organisers"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 4, "cols": 80})}}
    readonly_fields = ["status", "minutes_approved_at", "minutes_approved_by", "rsvp_summary"]
    # The agenda has a screen of its own (agenda_view): inline, it made the meeting's form thousands of pixels long.
    # Invitations have their own list (linked from the answers); a meeting of forty invitees listed them here.
    inlines = [MeetingDocumentInline, AttendanceInline, StatusChangeInline]
    agenda_inlines = [AgendaItemInline]
    change_form_template = "admin/meetings/meeting_change_form.html"
    actions = [
        "schedule",
        "send_invitations",
        "send_reminder_now",
        "cancel_meeting",
        "retry_failed",
        "mark_held",
        "approve_minutes",
        "export_participants",
        "pdf_meeting_record",
        "pdf_invitation_letters",
    ]
    fieldsets = [
        (None, {"fields": ["title", "kind", "bodies", "status", "access", "description"]}),
        (
            _("Time and place"),
            {
                "fields": [
                    "timezone",
                    "starts_at",
                    "ends_at",
                    "format",
                    "venue_city",
                    "venue_country",
                    "venue_address",
                    "online_url",
                ]
            },
        ),
        (
            _("Languages and organisers"),
            {"fields": ["working_languages", "interpretation", "organisers", "co_organisers", "participants_expected"]},
        ),
        (
            _("Invitations"),
            {
                "fields": [
                    "rsvp_deadline",
                    "reminder_hours",
                    "rsvp_reminder_hours",
                    "attach_invitation_letter",
                    "rsvp_summary",
                ]
            },
        ),
        (_("Minutes"), {"fields": ["minutes", "minutes_approved_at", "minutes_approved_by"]}),
    ]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(_invitations=Count("invitations", distinct=True))

    def get_urls(self):
        return [
            path(
                "<path:object_id>/agenda/",
                self.admin_site.admin_view(self.agenda_view),
                name="meetings_meeting_agenda",
            ),
            *super().get_urls(),
        ]

    @staticmethod
    def _on_agenda_screen(request) -> bool:
        return bool(request.resolver_match and request.resolver_match.url_name == "meetings_meeting_agenda")

    def agenda_view(self, request, object_id):
        """The meeting's agenda alone: items and sub-items, saved through the agenda services."""
        meeting = self.get_object(request, object_id)
        title = _("Agenda: %(meeting)s") % {"meeting": meeting.title} if meeting else _("Agenda")
        return self.changeform_view(
            request,
            object_id,
            extra_context={
                "title": title,
                "subtitle": None,
                "agenda_screen": True,
                "show_save_and_add_another": False,
                "show_delete": False,
            },
        )

    def get_inlines(self, request, obj):
        if self._on_agenda_screen(request):
            return self.agenda_inlines
        if obj is None:
            return []  # a new meeting has no documents, attendance or history yet
        return self.inlines

    def get_fieldsets(self, request, obj=None):
        if self._on_agenda_screen(request):
            return [(None, {"fields": ["agenda_meeting"]})]
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:  # minutes and answers come after the meeting exists
            fieldsets = [(name, options) for name, options in fieldsets if name != _("Minutes")]
        return fieldsets

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "bodies":
            kwargs["widget"] = forms.CheckboxSelectMultiple  # six bodies: a list of boxes, not a two-pane picker
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if self._on_agenda_screen(request):
            readonly.append("agenda_meeting")
        return readonly

    @admin.display(description=_("meeting"))
    def agenda_meeting(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        url = reverse("admin:meetings_meeting_change", args=[obj.pk])
        return format_html(
            '<a href="{}">{}</a> · {} {}', url, obj.title, f"{obj.local_start:%Y-%m-%d %H:%M}", obj.timezone
        )

    def response_change(self, request, obj):
        if self._on_agenda_screen(request):
            self.message_user(request, _("The agenda was saved."), messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:meetings_meeting_agenda", args=[obj.pk]))
        return super().response_change(request, obj)

    @admin.display(description=_("starts (local time)"), ordering="starts_at")
    def local_start_display(self, obj):
        return f"{obj.local_start:%Y-%m-%d %H:%M} {obj.timezone}"

    @admin.display(description=_("invitations"), ordering="_invitations")
    def invitation_count(self, obj):
        return obj._invitations

    @admin.display(description=_("answers"))
    def rsvp_summary(self, obj):
        if not obj.pk:
            return "—"
        invitations = reverse("admin:meetings_invitation_changelist") + f"?meeting__id__exact={obj.pk}"
        return render_to_string(
            "admin/meetings/rsvp_summary.html",
            {"summary": selectors.rsvp_summary(meeting=obj), "invitations_url": invitations},
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Times are shown and entered in the meeting's own time zone (the one posted, if it changes)."""
        zone = request.POST.get("timezone") if request.method == "POST" else None
        if not zone and object_id and str(object_id).isdigit():  # the admin answers a non-numeric id itself
            zone = Meeting.objects.filter(pk=object_id).values_list("timezone", flat=True).first()
        try:
            validate_timezone(zone or "")
        except ValidationError:
            zone = Meeting._meta.get_field("timezone").default
        with timezone.override(zone):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()  # inside the zone: a TemplateResponse would otherwise render after it
            return response

    def save_model(self, request, obj, form, change):
        if change and self._on_agenda_screen(request):
            return  # the agenda screen changes the items only (save_formset)
        if not change:
            m2m = {name: form.cleaned_data.get(name, ()) for name in ("bodies", "organisers", "co_organisers")}
            services.meeting_create(meeting=obj, **m2m, by=request.user)
            return
        # The changed fields come from this request's form: the admin object is shared by every request.
        result = services.meeting_update(meeting=obj, data=changed_values(form), by=request.user)
        if result.rescheduled:
            self.message_user(
                request, _("The time or place changed: invitees are being sent an update."), messages.INFO
            )

    def save_related(self, request, form, formsets, change):
        # The bodies and organisers were saved by the service (save_model); only the inlines are left.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        by = request.user
        if formset.model is Attendance:
            meeting = form.instance
            save_formset_through(
                self,
                request,
                formset,
                create=lambda row: services.attendance_record(
                    meeting=meeting, person=row.person, status=row.status, by=by
                ),
                update=lambda row, data: services.attendance_update(attendance=row, data=data, by=by),
                delete=lambda row: services.attendance_remove(attendance=row, by=by),
            )
        elif formset.model is AgendaItem:
            save_formset_through(
                self,
                request,
                formset,
                create=lambda row: services.agenda_item_add(item=row, by=by),
                update=lambda row, data: services.agenda_item_update(item=row, data=data, by=by),
                delete=lambda row: services.agenda_item_remove(item=row, by=by),
            )
        elif formset.model is MeetingDocument:
            save_formset_through(
                self,
                request,
                formset,
                create=lambda row: services.document_add(document=row, by=by),
                update=lambda row, data: services.document_update(document=row, data=data, by=by),
                delete=lambda row: services.document_remove(document=row, by=by),
            )
        else:  # the read-only histories (invitations, status changes): nothing to save
            super().save_formset(request, form, formset, change)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or services.meeting_deletable(obj))

    def delete_model(self, request, obj):
        services.meeting_delete(meeting=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for meeting in queryset:
            services.meeting_delete(meeting=meeting, by=request.user)

    def _each(self, request, queryset, action, done_message=""):
        """Run `action` on each selected meeting; `done_message` reports a count it returns."""

        def report(meeting, result):
            if done_message and isinstance(result, int) and not isinstance(result, bool):
                return done_message % {"title": meeting.title, "n": result}
            return ""

        return run_for_each(self, request, queryset, action, label=lambda m: m.title, each_message=report)

    @admin.action(description=_("Schedule (publish to invitees)"), permissions=["change"])
    def schedule(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda m: services.meeting_transition(meeting=m, to=Meeting.Status.SCHEDULED, by=request.user),
            "",
        )

    @admin.action(description=_("Send invitations (to those not yet invited)"), permissions=["change"])
    def send_invitations(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda m: services.invitations_send(meeting=m, by=request.user),
            _("%(title)s: %(n)d invitation(s) queued for sending."),
        )

    @admin.action(description=_("Send reminder now"), permissions=["change"])
    def send_reminder_now(self, request, queryset):
        key = f"manual-{timezone.now():%Y%m%d%H%M}"
        self._each(
            request,
            queryset,
            lambda m: services.reminders_queue_due(meeting=m, force_key=key),
            _("%(title)s: %(n)d reminder(s) queued."),
        )

    @admin.action(description=_("Cancel meeting (sends cancellations)"), permissions=["change"])
    def cancel_meeting(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda m: services.meeting_cancel(
                meeting=m, by=request.user, reason=str(_("Cancelled by the secretariat."))
            ),
            "",
        )

    @admin.action(description=_("Retry failed invitations"), permissions=["change"])
    def retry_failed(self, request, queryset):
        invitations = Invitation.objects.filter(meeting__in=queryset, send_state=SendState.FAILED)
        n = services.invitations_retry_failed(invitations=invitations, by=request.user)
        self.message_user(
            request,
            ngettext("%(n)d invitation queued again.", "%(n)d invitations queued again.", n) % {"n": n},
            messages.SUCCESS,
        )

    @admin.action(description=_("Mark as held"), permissions=["change"])
    def mark_held(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda m: services.meeting_transition(meeting=m, to=Meeting.Status.HELD, by=request.user),
            "",
        )

    @admin.action(description=_("Approve the minutes"), permissions=["change"])
    def approve_minutes(self, request, queryset):
        self._each(request, queryset, lambda m: services.minutes_approve(meeting=m, by=request.user), "")

    @admin.action(description=_("Participants list (CSV)"), permissions=["view"])
    def export_participants(self, request, queryset):
        return reports.participants_csv(queryset)

    @admin.action(description=_("Meeting record (PDF)"), permissions=["view"])
    def pdf_meeting_record(self, request, queryset):
        return report_generate_redirect("meeting_record", "meetings", queryset)

    @admin.action(description=_("Invitation letters (PDF)"), permissions=["view"])
    def pdf_invitation_letters(self, request, queryset):
        return report_generate_redirect("invitation_letter", "meetings", queryset)


class DeliveryAttemptInline(ReadOnlyInline):
    model = DeliveryAttempt
    fields = ["started_at", "message", "sequence", "outcome", "error", "message_id"]


class NominationInline(ReadOnlyInline):
    model = Nomination
    fk_name = "invitation"
    show_change_link = True
    fields = ["email", "name", "state", "requested_at", "decided_by", "decided_at"]


class InvitationAddForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["meeting", "person", "email", "name", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = False
        self.fields["person"].help_text = _("Someone with an account, or leave empty and give an email address.")

    def clean(self):
        data = super().clean()
        if not data.get("person") and not data.get("email"):
            raise ValidationError(_("Choose a person or give an email address."))
        meeting, email = data.get("meeting"), (data.get("person").email if data.get("person") else data.get("email"))
        if meeting:
            services.check_can_invite(meeting)
        if meeting and email and meeting.invitations.filter(email__iexact=email).exists():
            raise ValidationError(_("%(email)s is already invited to this meeting.") % {"email": email})
        return data


@admin.register(Invitation)
class InvitationAdmin(SafeAutocompleteAdminMixin, admin.ModelAdmin):
    # Fits 1280 px: the sending state with its last error (shortened) and the answer always visible.
    list_display = [
        "invitee",
        "email",
        "meeting_short",
        "send_state",
        "error_excerpt",
        "rsvp",
        "note_excerpt",
        "attempts",
    ]
    list_filter = ["send_state", "rsvp", "language", "meeting"]
    list_select_related = ["meeting", "person"]
    search_fields = ["email", "name", "person__full_name_latin", "person__full_name_cyrillic"]
    autocomplete_fields = ["person"]
    readonly_fields = [
        "send_state",
        "rsvp",
        "rsvp_note",
        "sequence",
        "sent_sequence",
        "attempts",
        "sent_at",
        "last_error",
        "delegated_from",
        "responded_at",
    ]
    inlines = [DeliveryAttemptInline, NominationInline]
    actions = ["retry_failed", "pdf_invitation_letter"]

    @admin.display(description=_("invitee"), ordering="name")
    def invitee(self, obj):
        return obj.display_name

    @admin.display(description=_("meeting"), ordering="meeting__starts_at")
    def meeting_short(self, obj):
        title = obj.meeting.title
        short = title if len(title) <= 40 else f"{title[:39]}…"
        return f"{short} ({obj.meeting.local_start:%Y-%m-%d})"

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []  # a new invitation has no history yet

    @admin.display(description=_("last error"), ordering="last_error")
    def error_excerpt(self, obj):
        return Truncator(obj.last_error).chars(60)

    @admin.display(description=_("note with the answer"), ordering="rsvp_note")
    def note_excerpt(self, obj) -> str:
        return Truncator(obj.rsvp_note).chars(80)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = InvitationAddForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return InvitationAddForm.Meta.fields
        return ["meeting", "person", "email", "name", "language", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["meeting", "person", "email", *self.readonly_fields]

    def save_model(self, request, obj, form, change):
        if change:
            services.invitation_update(invitation=obj, data=changed_values(form), by=request.user)
            return
        created = services.invitation_add(
            meeting=obj.meeting,
            person=obj.person,
            email=obj.email,
            name=obj.name,
            language=obj.language,
            by=request.user,
        )
        show_saved(obj, created)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or services.invitation_removable(obj))

    def delete_model(self, request, obj):
        services.invitation_remove(invitation=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for invitation in queryset:
            services.invitation_remove(invitation=invitation, by=request.user)

    @admin.action(description=_("Retry failed invitations"), permissions=["change"])
    def retry_failed(self, request, queryset):
        n = services.invitations_retry_failed(invitations=queryset, by=request.user)
        self.message_user(
            request,
            ngettext("%(n)d invitation queued again.", "%(n)d invitations queued again.", n) % {"n": n},
            messages.SUCCESS,
        )

    @admin.action(description=_("Invitation letter (PDF)"), permissions=["view"])
    def pdf_invitation_letter(self, request, queryset):
        return report_generate_redirect("invitation_letter", "invitations", queryset)


@admin.register(Nomination)
class NominationAdmin(NoSaveButtonsMixin, admin.ModelAdmin):
    """Invitees' nominations of alternates: the secretariat confirms or refuses each; nothing is edited here."""

    list_display = ["email", "name", "invitee", "meeting", "state", "requested_at", "decided_by", "decided_at"]
    list_filter = ["state", "invitation__meeting"]
    list_select_related = ["invitation", "invitation__meeting", "invitation__person", "decided_by"]
    search_fields = ["email", "name", "invitation__email"]
    fields = [
        "invitation",
        "email",
        "name",
        "alternate",
        "state",
        "requested_by",
        "requested_at",
        "decided_by",
        "decided_at",
        "alternate_invitation",
    ]
    readonly_fields = fields
    actions = ["confirm_nominations", "refuse_nominations"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        pass  # every field is read-only: a nomination is confirmed or refused by the actions

    @admin.display(description=_("invitee"), ordering="invitation__email")
    def invitee(self, obj):
        return obj.invitation.display_name

    @admin.display(description=_("meeting"), ordering="invitation__meeting__starts_at")
    def meeting(self, obj):
        return obj.invitation.meeting.title

    @admin.action(description=_("Confirm nomination (invites the alternate)"), permissions=["change"])
    def confirm_nominations(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda x: services.nomination_confirm(nomination=x, by=request.user),
            label=lambda x: x.email,
            total_message=lambda n: (
                ngettext(
                    "%(n)d nomination confirmed: the alternate is being invited.",
                    "%(n)d nominations confirmed: the alternates are being invited.",
                    n,
                )
                % {"n": n}
            ),
        )

    @admin.action(description=_("Refuse nomination"), permissions=["change"])
    def refuse_nominations(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda x: services.nomination_refuse(nomination=x, by=request.user),
            label=lambda x: x.email,
            total_message=lambda n: ngettext("%(n)d nomination refused.", "%(n)d nominations refused.", n) % {"n": n},
        )


dashboard_register(key="meetings", order=10, template="admin/dashboard/meetings.html", build=meetings_panel)
dashboard_register(
    key="failed_invitations",
    order=40,
    template="admin/dashboard/failed_invitations.html",
    build=failed_invitations_panel,
)


# Outcome documents (issue 12) -------------------------------------------------------------------------------


class SignatoryInline(TranslationStackedInline):
    """The signature block; fixed once the document is published (a correction is a new document). Stacked: the
    capacity and place in three languages do not fit a table's row."""

    model = Signatory
    extra = 0
    fields = [("order", "full_name"), ("for_state", "for_organisation"), "capacity", ("signed_on", "place")]

    def _open(self, obj) -> bool:
        return obj is None or not obj.is_published

    def has_add_permission(self, request, obj=None):
        return self._open(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._open(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._open(obj) and super().has_delete_permission(request, obj)


class OutcomeDocumentForm(forms.ModelForm):
    """The scan is checked by the model field (council.uploads: size, a plain PDF) before anything is saved; its
    link in the admin goes to the access-checked download view."""

    class Meta:
        model = OutcomeDocument
        fields = [
            "meeting",
            "kind",
            "reference",
            "access",
            "authoritative_language",
            "title",
            "text",
            "adopted_on",
            "place",
            "scan",
        ]
        widgets = {"scan": DownloadLinkFileInput}


@admin.register(OutcomeDocument)
class OutcomeDocumentAdmin(TranslationAdmin):
    form = OutcomeDocumentForm
    list_display = ["reference", "title", "kind", "meeting", "adopted_on", "access", "published_at"]
    list_filter = ["kind", "access", ("published_at", admin.EmptyFieldListFilter)]
    search_fields = ["reference", "title_ru", "title_en", "title_uz"]
    date_hierarchy = "adopted_on"
    list_select_related = ["meeting"]
    inlines = [SignatoryInline]
    actions = ["publish", "pdf_outcome_document"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 12, "cols": 80})}}
    fieldsets = [
        (None, {"fields": ["meeting", "kind", "reference", "access", "published_at"]}),
        (_("Text"), {"fields": ["authoritative_language", "title", "text"]}),
        (_("Adoption"), {"fields": ["adopted_on", "place"]}),
        (_("Signed original"), {"fields": ["scan", "scan_name", "scan_uploaded_at"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        fixed = ["published_at", "scan_name", "scan_uploaded_at"]
        if obj is not None and obj.is_published:
            # Published: the text and what identifies it stay as signed; only the access level and the scan change.
            fixed += ["meeting", "kind", "reference", "authoritative_language", "adopted_on"]
            fixed += [f"{name}_{code}" for name in ("title", "text", "place") for code, _n in settings.LANGUAGES]
        return fixed

    def save_model(self, request, obj, form, change):
        scan = form.cleaned_data.get("scan")
        new_scan = scan if scan and "scan" in form.changed_data else None
        if change:
            data = {name: value for name, value in changed_values(form).items() if name in services.OUTCOME_FIELDS}
            saved = services.outcome_update(document=obj, data=data, by=request.user)
        else:
            obj.scan = None
            saved = services.outcome_create(document=obj, by=request.user)
        if new_scan is not None:
            services.outcome_scan_upload(document=saved, file=new_scan, by=request.user)
        show_saved(obj, saved)

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        by = request.user
        save_formset_through(
            self,
            request,
            formset,
            create=lambda row: services.signatory_add(signatory=row, by=by),
            update=lambda row, data: services.signatory_update(signatory=row, data=data, by=by),
            delete=lambda row: services.signatory_remove(signatory=row, by=by),
        )

    def has_delete_permission(self, request, obj=None):
        # An outcome document is a record of what was signed: never deleted; a correction is a new document.
        return False

    @admin.action(description=_("Publish (as its access level says)"), permissions=["change"])
    def publish(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda d: services.outcome_publish(document=d, by=request.user),
            label=lambda d: d.reference,
            total_message=lambda n: (
                ngettext("%(n)d outcome document published.", "%(n)d outcome documents published.", n) % {"n": n}
            ),
        )

    @admin.action(description=_("Outcome document (PDF)"), permissions=["view"])
    def pdf_outcome_document(self, request, queryset):
        return report_generate_redirect("outcome_document", "outcomes", queryset)
