"""The secretariat's screens for the council's structure and its people."""

import enum

from allauth.account.admin import EmailAddressAdmin
from allauth.account.models import EmailAddress
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from council import services
from council.admin_site import (
    AuditedReferenceAdminMixin,
    SafeAutocompleteAdminMixin,
    changed_values,
    dashboard_register,
    run_for_each,
    save_formset_through,
    show_saved,
)
from council.audit import has_audit_trail
from council.managers import term_covers
from council.models import AuditRecord, Body, Membership, MemberState, Organisation, User
from council.outbox.dashboard import failed_emails_panel
from council.permissions import (
    can_manage_account,
    can_manage_authenticators,
    can_manage_staff,
    manageable_accounts,
)

admin.site.site_header = _("Regional Expert Council — secretariat")
admin.site.site_title = _("REC secretariat")
admin.site.index_title = _("Council administration")


class Term(enum.StrEnum):
    """Where a membership's term stands today (a filter of the admin; no field holds it)."""

    ACTIVE = "active"
    ENDED = "ended"
    FUTURE = "future"


class ActiveTermFilter(admin.SimpleListFilter):
    """Memberships whose term covers today, has ended, or has not yet begun."""

    title = _("term")
    parameter_name = "term"

    def lookups(self, request, model_admin):
        return [(Term.ACTIVE, _("active today")), (Term.ENDED, _("ended")), (Term.FUTURE, _("not yet begun"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == Term.ACTIVE:
            return queryset.filter(term_covers(today))
        if self.value() == Term.ENDED:
            return queryset.filter(term_end__lt=today)
        if self.value() == Term.FUTURE:
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


class MembershipInlineBase(SafeAutocompleteAdminMixin, admin.TabularInline):
    model = Membership
    extra = 0
    fields = list(services.MEMBERSHIP_FIELDS)
    autocomplete_fields = ["person", "represents_organisation"]


def save_memberships(modeladmin, request, formset) -> None:
    """The membership rows of a person's or a body's page, saved through the membership services."""
    save_formset_through(
        modeladmin,
        request,
        formset,
        create=lambda row: services.membership_create(
            **{name: getattr(row, name) for name in services.MEMBERSHIP_FIELDS}, by=request.user
        ),
        update=lambda row, data: services.membership_update(membership=row, data=data, by=request.user),
        delete=lambda row: services.membership_delete(membership=row, by=request.user),
    )


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
class UserAdmin(SafeAutocompleteAdminMixin, admin.ModelAdmin):
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

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """An account's page links to its e-mail addresses and second factors (their screens are off the menu)."""
        links = []
        if object_id is not None and (pk := self.get_object(request, object_id)) is not None:
            pk = pk.pk
            if request.user.has_perm("account.view_emailaddress"):
                url = reverse("admin:account_emailaddress_changelist") + f"?user__id__exact={pk}"
                links.append((url, _("E-mail addresses")))
            if can_manage_authenticators(request.user):
                url = reverse("admin:mfa_authenticator_changelist") + f"?user__id__exact={pk}"
                links.append((url, _("Second factors (authenticator app, security keys)")))
        context = {"sign_in_links": links, **(extra_context or {})}
        return super().changeform_view(request, object_id, form_url, context)

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
            fields = [f for f in UserAddForm.Meta.fields if f not in self.get_readonly_fields(request)]
            return [(None, {"fields": fields})]
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not can_manage_staff(request.user):
            # Only a superuser hands out staff or superuser status, groups or permissions.
            readonly += (*services.RIGHTS_FIELDS, "groups", "user_permissions")
        return readonly

    def has_change_permission(self, request, obj=None):
        # Nobody changes an account with as many rights as their own or more (except a superuser).
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_manage_account(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or (obj.pk != request.user.pk and can_manage_account(request.user, obj)))

    def get_deleted_objects(self, objs, request):
        # Accounts named in the audit trail are kept: the page says so, and nothing is deleted while it does.
        kept = [user for user in objs if self.has_delete_permission(request, user) and has_audit_trail(user)]
        others = [user for user in objs if user not in kept]
        deleted, counts, perms_needed, protected = super().get_deleted_objects(others, request)
        reasons = [
            _("%(name)s (%(email)s) appears in the audit trail: deactivate the account instead.")
            % {"name": user, "email": user.email}
            for user in kept
        ]
        return deleted, counts, perms_needed, reasons + list(protected)

    def save_model(self, request, obj, form, change):
        if not change:
            services.user_register(user=obj, by=request.user)
            return
        services.user_update(user=obj, fields=form.changed_data, by=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is Membership:
            return save_memberships(self, request, formset)
        return super().save_formset(request, form, formset, change)

    def delete_model(self, request, obj):
        services.user_delete(user=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            services.user_delete(user=user, by=request.user)

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
        run_for_each(
            self,
            request,
            queryset,
            lambda user: services.user_send_set_password_link(user=user, by=request.user),
            total_message=lambda n: (
                ngettext("Set-password link sent to %(n)d person.", "Set-password links sent to %(n)d people.", n)
                % {"n": n}
            ),
        )

    @admin.action(description=_("Deactivate and sign out"), permissions=["change"])
    def deactivate(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda user: services.user_deactivate(user=user, by=request.user),
            total_message=lambda n: ngettext("%(n)d account deactivated.", "%(n)d accounts deactivated.", n) % {"n": n},
        )


@admin.register(MemberState)
class MemberStateAdmin(AuditedReferenceAdminMixin, TranslationAdmin):
    list_display = ["code", "name", "order"]
    list_editable = ["order"]
    search_fields = ["code", "name_ru", "name_en", "name_uz"]


@admin.register(Organisation)
class OrganisationAdmin(AuditedReferenceAdminMixin, TranslationAdmin):
    list_display = ["acronym", "name", "kind", "country", "seat"]
    list_display_links = ["acronym", "name"]
    list_filter = ["kind", "country"]
    list_select_related = ["country"]
    search_fields = ["name_ru", "name_en", "acronym_ru", "acronym_en", "seat"]


class BodyAdminBase(AuditedReferenceAdminMixin, TranslationAdmin):
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

    def save_formset(self, request, form, formset, change):
        if formset.model is Membership:
            return save_memberships(self, request, formset)
        return super().save_formset(request, form, formset, change)

    @admin.display(description=_("current members"), ordering="_member_count")
    def member_count(self, obj):
        return obj._member_count


@admin.register(Body)
class BodyAdmin(BodyAdminBase):
    """Every body on one screen: the council, its executive committee and the working groups (a kind filter
    separates them; working groups have no second menu)."""

    list_display = ["name", "code", "kind", "parent", "member_count", "founded_on"]
    list_filter = ["kind"]
    ordering = ["order", "code"]


@admin.register(Membership)
class MembershipAdmin(SafeAutocompleteAdminMixin, admin.ModelAdmin):
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
        if change:
            services.membership_update(membership=obj, data=changed_values(form), by=request.user)
            return
        created = services.membership_create(
            **{name: getattr(obj, name) for name in services.MEMBERSHIP_FIELDS}, by=request.user
        )
        show_saved(obj, created)

    def delete_model(self, request, obj):
        services.membership_delete(membership=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for membership in queryset:
            services.membership_delete(membership=membership, by=request.user)


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    """The audit trail, read-only: rows are appended by services and never changed or deleted."""

    list_display = ["created_at", "actor_name", "actor_email", "action", "target_repr"]
    list_filter = ["action", "target_type"]
    search_fields = ["action", "target_repr", "actor_name", "actor_email"]
    date_hierarchy = "created_at"
    fields = [
        "created_at",
        "actor_name",
        "actor_email",
        "actor",
        "action",
        "target_type",
        "target_id",
        "target_repr",
        "data",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class CouncilEmailAddressAdmin(EmailAddressAdmin):
    """allauth's addresses screen, under the accounts rule: an address is how a password is reset."""

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_manage_account(request.user, obj.user))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or can_manage_account(request.user, obj.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = User.objects.filter(manageable_accounts(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def make_verified(self, request, queryset):
        return super().make_verified(
            request, queryset.filter(user__in=User.objects.filter(manageable_accounts(request.user)))
        )

    make_verified.short_description = EmailAddressAdmin.make_verified.short_description


admin.site.unregister(Group)


@admin.register(Group)
class CouncilGroupAdmin(GroupAdmin):
    """A group's permissions are the rights of the staff in it: only a superuser changes them."""

    def has_add_permission(self, request):
        return super().has_add_permission(request) and can_manage_staff(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and can_manage_staff(request.user)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and can_manage_staff(request.user)


dashboard_register(
    key="failed_emails", order=50, template="admin/dashboard/failed_emails.html", build=failed_emails_panel
)
