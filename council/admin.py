"""The secretariat's screens for the council's structure and its people."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from council import services
from council.audit import audit_record
from council.managers import term_covers
from council.models import AuditRecord, Body, Membership, MemberState, Organisation, User

admin.site.site_header = _("Regional Expert Council — secretariat")
admin.site.site_title = _("REC secretariat")
admin.site.index_title = _("Council administration")


class ActiveTermFilter(admin.SimpleListFilter):
    """Memberships whose term covers today, has ended, or has not yet begun."""

    title = _("term")
    parameter_name = "term"

    def lookups(self, request, model_admin):
        return [("active", _("active today")), ("ended", _("ended")), ("future", _("not yet begun"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "active":
            return queryset.filter(term_covers(today))
        if self.value() == "ended":
            return queryset.filter(term_end__lt=today)
        if self.value() == "future":
            return queryset.filter(term_start__gt=today)
        return queryset


class ReadOnlyInline(admin.TabularInline):
    """A history shown under an object: rows are written by services, never added or edited here."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


class MembershipInlineBase(admin.TabularInline):
    model = Membership
    extra = 0
    fields = [
        "person",
        "body",
        "role",
        "represents_state",
        "represents_organisation",
        "is_focal_point",
        "term_start",
        "term_end",
    ]
    autocomplete_fields = ["person", "represents_organisation"]


class MembershipOfPersonInline(MembershipInlineBase):
    fk_name = "person"
    verbose_name_plural = _("memberships of bodies")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("body", "represents_state", "represents_organisation")


class MembershipOfBodyInline(MembershipInlineBase):
    fk_name = "body"
    verbose_name_plural = _("members")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("person", "represents_state", "represents_organisation")
            .order_by("-term_start", "role")
        )


class UserAddForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "email",
            "full_name_latin",
            "full_name_cyrillic",
            "preferred_language",
            "country",
            "organisation",
            "position",
            "is_staff",
        ]


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    add_form = UserAddForm
    list_display = [
        "full_name_latin",
        "full_name_cyrillic",
        "email",
        "country",
        "organisation",
        "preferred_language",
        "is_staff",
        "is_active",
        "last_login",
    ]
    list_filter = [
        "is_active",
        "is_staff",
        "country",
        "organisation__kind",
        "preferred_language",
        ("memberships__body", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["country", "organisation"]
    search_fields = [
        "email",
        "full_name_latin",
        "full_name_cyrillic",
        "organisation__acronym_ru",
        "organisation__acronym_en",
    ]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = ["groups", "user_permissions"]
    inlines = [MembershipOfPersonInline]
    actions = ["send_set_password_link", "deactivate"]
    fieldsets = [
        (None, {"fields": ["email", "full_name_latin", "full_name_cyrillic", "preferred_language"]}),
        (_("Affiliation"), {"fields": ["country", "organisation", "position"]}),
        (
            _("Access"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and obj.pk == request.user.pk and "is_active" in form.base_fields:

            class OwnAccountForm(form):
                def clean_is_active(self):
                    if not self.cleaned_data.get("is_active"):
                        raise ValidationError(_("You cannot deactivate your own account."))
                    return True

            return OwnAccountForm
        return form

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": UserAddForm.Meta.fields})]
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # Only a superuser hands out superuser status or permissions: no one raises their own rights.
            readonly += ["is_superuser", "groups", "user_permissions"]
        return readonly

    def save_model(self, request, obj, form, change):
        if not change:
            services.user_register(user=obj, by=request.user)
            return
        super().save_model(request, obj, form, change)
        audit_record(actor=request.user, action="user.update", target=obj, data={"fields": form.changed_data})

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(
            request,
            _("The account has no password yet: use “Send set-password link” to let %(name)s choose one.")
            % {"name": obj},
            messages.INFO,
        )
        return super().response_add(request, obj, post_url_continue)

    @admin.action(description=_("Send set-password link"), permissions=["change"])
    def send_set_password_link(self, request, queryset):
        sent = 0
        for user in queryset:
            try:
                services.user_send_set_password_link(user=user, by=request.user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
            else:
                sent += 1
        if sent:
            self.message_user(
                request,
                ngettext("Set-password link sent to %(n)d person.", "Set-password links sent to %(n)d people.", sent)
                % {"n": sent},
                messages.SUCCESS,
            )

    @admin.action(description=_("Deactivate and sign out"), permissions=["change"])
    def deactivate(self, request, queryset):
        done = 0
        for user in queryset:
            try:
                services.user_deactivate(user=user, by=request.user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(n)d account deactivated.", "%(n)d accounts deactivated.", done) % {"n": done},
                messages.SUCCESS,
            )


@admin.register(MemberState)
class MemberStateAdmin(TranslationAdmin):
    list_display = ["code", "name", "order"]
    list_editable = ["order"]
    search_fields = ["code", "name_ru", "name_en", "name_uz"]


@admin.register(Organisation)
class OrganisationAdmin(TranslationAdmin):
    list_display = ["acronym", "name", "kind", "country", "seat"]
    list_display_links = ["acronym", "name"]
    list_filter = ["kind", "country"]
    list_select_related = ["country"]
    search_fields = ["name_ru", "name_en", "acronym_ru", "acronym_en", "seat"]


class BodyAdminBase(TranslationAdmin):
    list_display = ["name", "code", "kind", "parent", "member_count", "founded_on"]
    list_select_related = ["parent"]
    search_fields = ["code", "name_ru", "name_en", "short_name_ru", "short_name_en"]
    inlines = [MembershipOfBodyInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _member_count=Count(
                    "memberships", filter=term_covers(timezone.localdate(), prefix="memberships__"), distinct=True
                )
            )
        )

    @admin.display(description=_("current members"), ordering="_member_count")
    def member_count(self, obj):
        return obj._member_count


@admin.register(Body)
class BodyAdmin(BodyAdminBase):
    """The council and its executive committee; working groups have a screen of their own."""

    list_filter = ["kind"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(~Q(kind=Body.Kind.WORKING_GROUP))


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = [
        "person",
        "body",
        "role",
        "represents_state",
        "represents_organisation",
        "is_focal_point",
        "term_start",
        "term_end",
    ]
    list_filter = [
        "body",
        "role",
        "represents_state",
        "represents_organisation__kind",
        ActiveTermFilter,
        "is_focal_point",
    ]
    list_select_related = ["person", "body", "represents_state", "represents_organisation"]
    search_fields = [
        "person__full_name_latin",
        "person__full_name_cyrillic",
        "person__email",
        "represents_organisation__acronym_ru",
        "represents_organisation__acronym_en",
        "represents_organisation__name_ru",
        "represents_organisation__name_en",
    ]
    autocomplete_fields = ["person", "represents_organisation"]
    date_hierarchy = "term_start"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="membership.update" if change else "membership.create",
            target=obj,
            data={"fields": form.changed_data},
        )


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "target_repr"]
    list_filter = ["action", "target_type"]
    list_select_related = ["actor"]
    search_fields = ["action", "target_repr", "actor__email"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at", "actor", "action", "target_type", "target_id", "target_repr", "data"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
