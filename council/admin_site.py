"""The secretariat's admin site: Django's, with limits that every screen needs."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import update_wrapper
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.main import SEARCH_VAR
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

# A search is a few words; a thousand would become thousands of LIKE clauses (SQLite refuses, PostgreSQL crawls).
SEARCH_MAX_WORDS = 10
SEARCH_MAX_CHARS = 200
# A date-hierarchy year, month or day: a few digits (datetime refuses a year of thirty digits with a 500).
DATE_PART_SUFFIXES = ("__year", "__month", "__day")


def cap_search(request) -> None:
    """Shorten an over-long admin search to its first words and tell the person so."""
    query = request.GET.get(SEARCH_VAR)
    if not query:
        return
    words = query.split()
    if len(words) <= SEARCH_MAX_WORDS and len(query) <= SEARCH_MAX_CHARS:
        return
    capped = " ".join(words[:SEARCH_MAX_WORDS])[:SEARCH_MAX_CHARS]
    params = request.GET.copy()
    params[SEARCH_VAR] = capped
    request.GET = params
    messages.warning(
        request,
        _("The search was too long: only its first %(words)d words (at most %(chars)d characters) were used.")
        % {"words": SEARCH_MAX_WORDS, "chars": SEARCH_MAX_CHARS},
    )


def drop_bad_date_parts(request) -> None:
    """Drop a date-hierarchy year, month or day that is not a small number, and tell the person so."""
    bad = [
        key
        for key, value in request.GET.items()
        if key.endswith(DATE_PART_SUFFIXES) and not (value.isascii() and value.isdigit() and len(value) <= 4)
    ]
    if not bad:
        return
    params = request.GET.copy()
    for key in bad:
        del params[key]
    request.GET = params
    messages.warning(request, _("A date in the address was not a date and was left out."))


class SafeAutocompleteMixin:
    """Autocomplete widgets that show a form again after an error without querying ids that cannot exist.

    Django's widget filters the related table by the submitted values; a value that is not an id of that table
    ("12abc") raises ValueError there, after the form already said the choice is invalid.
    """

    def optgroups(self, name, value, attr=None):
        target = self.field.remote_field.get_related_field()
        low, high = connections[self.db or DEFAULT_DB_ALIAS].ops.integer_field_range(target.get_internal_type())
        return super().optgroups(name, [item for item in value if _fits(target, item, low, high)], attr)


def _fits(target, item, low, high) -> bool:
    """Whether `item` can be a value of the related `target` field (the database could be asked for it)."""
    try:
        parsed = target.to_python(item)
    except ValidationError:
        return False
    if not isinstance(parsed, int):
        return True
    return (low is None or parsed >= low) and (high is None or parsed <= high)


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses ids no row can have before asking the database (SQLite raises OverflowError on a huge one)."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        target = self.queryset.model._meta.get_field(key) if key != "pk" else self.queryset.model._meta.pk
        low, high = connections[self.queryset.db].ops.integer_field_range(target.get_internal_type())
        for item in value:
            if not _fits(target, item, low, high):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": str(item)[:40]}
                )
        return super()._check_values(value)


class SafeAutocompleteSelect(SafeAutocompleteMixin, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(SafeAutocompleteMixin, AutocompleteSelectMultiple):
    pass


class SafeAutocompleteAdminMixin:
    """For a ModelAdmin or inline with relations: the widgets and the many-to-many field above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and type(field.widget) is AutocompleteSelect:
            field.widget.__class__ = SafeAutocompleteSelect
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and type(field.widget) is AutocompleteSelectMultiple:
            field.widget.__class__ = SafeAutocompleteSelectMultiple
        if field is not None and type(field) is forms.ModelMultipleChoiceField:
            field.__class__ = SafeModelMultipleChoiceField
        return field


def run_for_each(
    modeladmin,
    request,
    queryset,
    service: Callable,
    *,
    label: Callable | None = None,
    each_message: Callable | None = None,
    total_message: Callable[[int], str] | None = None,
) -> int:
    """The one way an admin action runs a service on each selected row; returns how many succeeded.

    A row the rules refuse (a ValidationError) is reported, prefixed by `label(row)`, and the others go on.
    `each_message(row, result)` reports a row that succeeded (nothing when it returns ""); `total_message(n)`
    reports how many did, once, when any did.
    """
    done = 0
    for row in queryset:
        try:
            result = service(row)
        except ValidationError as exc:
            problem = " ".join(exc.messages)
            modeladmin.message_user(request, f"{label(row)}: {problem}" if label else problem, messages.ERROR)
            continue
        done += 1
        if each_message is not None and (text := each_message(row, result)):
            modeladmin.message_user(request, text, messages.SUCCESS)
    if done and total_message is not None:
        modeladmin.message_user(request, total_message(done), messages.SUCCESS)
    return done


def changed_values(form) -> dict:
    """What a submitted admin form changes, as the values its update service takes."""
    return {name: form.cleaned_data[name] for name in form.changed_data if name in form.cleaned_data}


def show_saved(obj, saved) -> None:
    """Point the admin form's object at the row a service created, so the admin's log and redirect name it."""
    obj.pk = saved.pk
    obj.refresh_from_db()


def save_formset_through(modeladmin, request, formset, *, create, update, delete) -> None:
    """Save an inline formset's rows through services: `create(row)`, `update(row, data)` and `delete(row)`.

    `formset.save(commit=False)` only sorts the rows into new, changed and deleted (the admin's change message
    reads them); a row the rules refuse is reported and the others are saved.
    """
    formset.save(commit=False)
    steps = [(delete, (row,)) for row in formset.deleted_objects]
    steps += [(update, (row, {name: getattr(row, name) for name in names})) for row, names in formset.changed_objects]
    steps += [(create, (row,)) for row in formset.new_objects]
    for step, args in steps:
        try:
            step(*args)
        except ValidationError as exc:
            modeladmin.message_user(request, " ".join(exc.messages), messages.ERROR)


class NoSaveButtonsMixin:
    """For a ModelAdmin whose change page only shows (every field read-only, changes made by actions): no Save
    buttons that would save nothing."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        buttons = {"show_save": False, "show_save_and_continue": False, "show_save_and_add_another": False}
        return super().changeform_view(request, object_id, form_url, {**buttons, **(extra_context or {})})


class AuditedReferenceAdminMixin:
    """For a ModelAdmin of reference data (states, organisations, bodies, tags): saves and deletes audited."""

    def save_model(self, request, obj, form, change):
        from council import services

        if change:
            services.reference_update(instance=obj, data=changed_values(form), by=request.user)
        else:
            services.reference_create(instance=obj, by=request.user)

    def delete_model(self, request, obj):
        from council import services

        services.reference_delete(instance=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


# Django's admin phrases that put a model's name where Russian needs another case or gender ("встреча “…” был
# успешно добавлен", "Добавить еще один встреча"). Named here so that the project's catalogue carries them and
# translates them with constructions that read with any model name (the project's catalogue comes first).
DJANGO_PHRASES_RETRANSLATED = (
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was added successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("Added {name} “{object}”."),
    gettext_noop("Deleted {name} “{object}”."),
    gettext_noop("Changed {fields} for {name} “{object}”."),
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("Add %s"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    gettext_noop(
        'Are you sure you want to delete the %(object_name)s "%(escaped_object)s"? All of the following related '
        "items will be deleted:"
    ),
)


class PlainTitlesMixin:
    """Page titles that read in Russian and Uzbek too. Django composes "Add %s", "Change %s" and "Select %s to
    change" with the model's name in the nominative ("Изменить консенсусная процедура"); here a list is titled
    by its plural name, an object's page by its model's name (the object itself is the subtitle), and a new
    object's page "<name> — new record"."""

    def changelist_view(self, request, extra_context=None):
        title = {"title": capfirst(self.opts.verbose_name_plural)}
        return super().changelist_view(request, {**title, **(extra_context or {})})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id is None:
            title = pgettext("admin title", "%(name)s — new record") % {"name": capfirst(self.opts.verbose_name)}
        else:
            title = capfirst(self.opts.verbose_name)
        return super().changeform_view(request, object_id, form_url, {"title": title, **(extra_context or {})})


def with_safe_relations(admin_class):
    """The admin class, and each of its inlines, with the safe relation fields (and a ModelAdmin with the plain
    titles) mixed in, once."""
    bases = ()
    if hasattr(admin_class, "changelist_view") and not issubclass(admin_class, PlainTitlesMixin):
        bases += (PlainTitlesMixin,)  # a ModelAdmin (not an inline)
    if not issubclass(admin_class, SafeAutocompleteAdminMixin):
        bases += (SafeAutocompleteAdminMixin,)
    if bases:
        bases += (admin_class,)
        admin_class = type(
            admin_class.__name__,
            bases,
            {"__module__": admin_class.__module__, "__qualname__": admin_class.__qualname__},
        )
    if hasattr(admin_class, "inlines"):  # a ModelAdmin (an inline has none of its own)
        admin_class.inlines = [with_safe_relations(inline) for inline in admin_class.inlines]
    return admin_class


@dataclass(frozen=True)
class DashboardPanel:
    """One panel of the admin's front page: `build(request)` gives its template's context, or None when the
    person may not see what it shows (or there is nothing to show and the panel says nothing useful)."""

    key: str
    order: int
    template: str
    build: Callable


# The front page's panels, registered by the admin module of each app (council cannot import the apps above it).
_dashboard_panels: dict[str, DashboardPanel] = {}


def dashboard_register(*, key: str, order: int, template: str, build: Callable) -> None:
    """Show a panel on the admin's front page (registering a key again replaces its panel)."""
    _dashboard_panels[key] = DashboardPanel(key=key, order=order, template=template, build=build)


def dashboard_panels(request) -> list[dict]:
    """The front page's panels the person may see, in order, each with its template and context."""
    panels = []
    for panel in sorted(_dashboard_panels.values(), key=lambda p: (p.order, p.key)):
        context = panel.build(request)
        if context is not None:
            panels.append({"key": panel.key, "template": panel.template, **context})
    return panels


# Apps whose screens are reached from a person's page, not from the front page's menu: e-mail addresses and
# second factors belong to one account each (council.admin links them from the account).
OFF_INDEX_APPS = ("account", "mfa")


class CouncilAdminSite(admin.AdminSite):
    """Every admin view passes through `admin_view`; the limits are applied there, once for all screens. Every
    ModelAdmin and inline registered gets the safe relation fields, so a new screen cannot miss them."""

    index_template = "admin/council_index.html"
    # The menu repeated beside every list took a fifth of a 1280 px screen from its columns; the front page
    # and the breadcrumbs lead everywhere.
    enable_nav_sidebar = False

    def register(self, model_or_iterable, admin_class=None, **options):
        super().register(model_or_iterable, with_safe_relations(admin_class or admin.ModelAdmin), **options)

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        if app_label is None:
            apps = [app for app in apps if app["app_label"] not in OFF_INDEX_APPS]
        return apps

    def index(self, request, extra_context=None):
        """The front page: what needs the secretariat now (the panels), then the menu of screens."""
        return super().index(request, {"dashboard": dashboard_panels(request), **(extra_context or {})})

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            cap_search(request)
            drop_bad_date_parts(request)
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, inner)


class CouncilAdminConfig(AdminConfig):
    """Installs `CouncilAdminSite` as `django.contrib.admin.site`."""

    default_site = "council.admin_site.CouncilAdminSite"


def report_generate_redirect(kind: str, field: str, queryset) -> HttpResponseRedirect:
    """An action's answer that opens the reports' "generate" screen (reports.admin) for the selected objects:
    `field` (meetings, invitations, recommendations) holds their ids, `kind` the document."""
    ids = ",".join(str(pk) for pk in queryset.order_by("pk").values_list("pk", flat=True)[:200])
    return HttpResponseRedirect(f"{reverse('admin:reports_report_generate')}?{urlencode({'kind': kind, field: ids})}")
