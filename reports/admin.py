"""The secretariat's PDF reports: the list (read-only records), and the screen that asks for documents.

The actions on meetings and recommendations ("Meeting record (PDF)", "Invitation letters (PDF)", "Dossier (PDF)")
open the screen `admin:reports_report_generate` with the selected ids; it asks for the languages and the variant
and then asks reports.services for one report per document and language.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from council.models import Body
from council.permissions import is_secretariat
from meetings.models import Invitation
from recommendations.models import Recommendation
from reports import services
from reports.forms import PARAMETERS
from reports.models import Report, ReportKind, ReportVariant

ID_LIST_LENGTH = 200
TARGETS = {
    ReportKind.MEETING_RECORD: "meeting",
    ReportKind.INVITATION_LETTER: "invitation",
    ReportKind.DOSSIER: "recommendation",
    ReportKind.OUTCOME_DOCUMENT: "outcome",
}
# The form's field holding the ids of each target.
TARGET_FIELDS = {"meeting": "meetings", "recommendation": "recommendations", "outcome": "outcomes"}


def _id_list(value: str) -> list[int]:
    ids = []
    for part in (value or "").replace(" ", "").split(","):
        if part:
            if not part.isdigit() or len(part) > 12:
                raise ValidationError(_("Give numbers separated by commas."))
            ids.append(int(part))
    if len(ids) > ID_LIST_LENGTH:
        raise ValidationError(_("At most %(n)d documents at once.") % {"n": ID_LIST_LENGTH})
    return sorted(set(ids))


class ReportGenerateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=ReportKind.choices)
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("One document in each language chosen."),
    )
    invitee_language = forms.BooleanField(
        label=_("Invitation letters in each invitee's own language"), required=False, initial=True
    )
    variant = forms.ChoiceField(label=_("Variant"), choices=ReportVariant.choices, initial=ReportVariant.ACCESSIBLE)
    meetings = forms.CharField(label=_("Meetings (numbers)"), required=False, max_length=3000)
    invitations = forms.CharField(label=_("Invitations (numbers)"), required=False, max_length=3000)
    recommendations = forms.CharField(label=_("Recommendations (numbers)"), required=False, max_length=3000)
    outcomes = forms.CharField(label=_("Outcome documents (numbers)"), required=False, max_length=3000)
    working_group = forms.ModelChoiceField(
        label=_("Working group"),
        queryset=Body.objects.filter(kind=Body.Kind.WORKING_GROUP),
        required=False,
        help_text=_("For the compendium and the implementation report: this group's texts only."),
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", "—"),
            *((status, Recommendation.Status(status).label) for status in Recommendation.PUBLISHED_STATUSES),
        ],
        help_text=_("For the compendium: published texts (the default), or those superseded since."),
    )
    translation = forms.ChoiceField(label=_("Translation shown"), required=False, choices=[])
    period = forms.CharField(label=_("Period (e.g. 2025-H1)"), required=False, max_length=7)

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = settings.LANGUAGES
        self.fields["translation"].choices = [("", "—"), *settings.LANGUAGES]

    def clean_meetings(self):
        return _id_list(self.cleaned_data["meetings"])

    def clean_invitations(self):
        return _id_list(self.cleaned_data["invitations"])

    def clean_recommendations(self):
        return _id_list(self.cleaned_data["recommendations"])

    def clean_outcomes(self):
        return _id_list(self.cleaned_data["outcomes"])

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        letters_own_language = kind == ReportKind.INVITATION_LETTER and data.get("invitee_language")
        if kind and not data.get("languages") and not letters_own_language:
            self.add_error("languages", _("Choose at least one language."))
        if kind == ReportKind.MEETING_RECORD and not data.get("meetings"):
            self.add_error("meetings", _("Give the meetings."))
        if kind == ReportKind.INVITATION_LETTER and not (data.get("meetings") or data.get("invitations")):
            self.add_error("invitations", _("Give the invitations, or meetings for all their invitations."))
        if kind == ReportKind.DOSSIER and not data.get("recommendations"):
            self.add_error("recommendations", _("Give the recommendations."))
        if kind == ReportKind.IMPLEMENTATION and not data.get("period"):
            self.add_error("period", _("Give the period."))
        if kind == ReportKind.OUTCOME_DOCUMENT and not data.get("outcomes"):
            self.add_error("outcomes", _("Give the outcome documents."))
        return data

    def requests(self) -> list[dict]:
        """What to ask reports.services for: one dict (kind, parameters, language) per document and language."""
        data = self.cleaned_data
        kind = data["kind"]
        languages = data.get("languages") or []
        if kind == ReportKind.INVITATION_LETTER:
            invitations = Invitation.objects.filter(pk__in=data["invitations"]) | Invitation.objects.filter(
                meeting__in=data["meetings"]
            )
            own = data.get("invitee_language")
            return [
                {"kind": kind, "parameters": {"invitation": pk}, "language": language}
                for pk, invitee_language in invitations.order_by("meeting", "pk").values_list("pk", "language")
                for language in ([invitee_language] if own else languages)
            ]
        if kind in TARGETS:
            name = TARGETS[kind]
            ids = data[TARGET_FIELDS[name]]
            return [
                {"kind": kind, "parameters": {name: pk}, "language": language} for pk in ids for language in languages
            ]
        parameters = {}
        for name in PARAMETERS[kind]:
            value = data.get(name)
            if value not in (None, ""):
                parameters[name] = value.pk if isinstance(value, Body) else value
        return [{"kind": kind, "parameters": parameters, "language": language} for language in languages]


# The generate screen in parts: what every document takes, then what each kind of document reads.
GENERATE_SECTIONS = [
    (_("Document"), ("kind", "languages", "variant")),
    (_("Meeting record and invitation letters"), ("meetings", "invitations", "invitee_language")),
    (_("Recommendation dossier"), ("recommendations",)),
    (_("Recommendation compendium"), ("working_group", "year", "status", "translation")),
    (_("Implementation report"), ("period",)),
    (_("Outcome documents"), ("outcomes",)),
]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["pk", "title_display", "kind", "language", "variant", "state", "progress", "pages", "created_at"]
    list_filter = ["kind", "state", "language", "variant", "access"]
    list_select_related = ["requested_by"]
    search_fields = ["title", "reference"]
    exclude = ["file"]  # the file is served only by an access-checked view, never by its media URL
    readonly_fields = [
        "kind",
        "title",
        "reference",
        "parameters",
        "language",
        "variant",
        "requested_by",
        "state",
        "progress",
        "pages",
        "size",
        "sha256",
        "fingerprint",
        "frozen",
        "access",
        "bodies",
        "meeting",
        "addressee",
        "error",
        "created_at",
        "started_at",
        "finished_at",
        "download",
    ]
    actions = ["retry_failed"]

    def has_add_permission(self, request):
        return False  # reports are asked for on the "generate" screen, through the reports services

    def has_change_permission(self, request, obj=None):
        return False  # a report is the record of one rendering; a new rendering is a new report

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("title"), ordering="title")
    def title_display(self, obj):
        return obj.title or obj.get_kind_display()

    @admin.display(description=_("file"))
    def download(self, obj):
        if obj.state != "done":
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("reports:download", args=[obj.pk]), obj.download_name)

    def get_urls(self):
        generate = self.admin_site.admin_view(self.generate_view)
        return [path("generate/", generate, name="reports_report_generate"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "generate_url": reverse("admin:reports_report_generate")}
        return super().changelist_view(request, extra_context)

    def generate_view(self, request):
        """Ask for documents: the form, prefilled from the query string by the actions of other screens."""
        if not (is_secretariat(request.user) and self.has_view_permission(request)):
            raise PermissionDenied
        if request.method == "POST":
            form = ReportGenerateForm(request.POST)
            if form.is_valid():
                return self._generate(request, form)
        else:
            initial = {"languages": [request.LANGUAGE_CODE], "variant": ReportVariant.ACCESSIBLE}
            for name in ("kind", "meetings", "invitations", "recommendations", "outcomes", "period", "year"):
                if name in request.GET:
                    initial[name] = request.GET[name][:3000]
            form = ReportGenerateForm(initial=initial)
        return TemplateResponse(
            request,
            "admin/reports/generate.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Generate PDF reports"),
                "form": form,
                "sections": GENERATE_SECTIONS,
                "opts": self.model._meta,
            },
        )

    def _generate(self, request, form):
        made, errors = [], []
        for asked in form.requests():
            try:
                made.append(services.report_request(**asked, variant=form.cleaned_data["variant"], by=request.user))
            except ValidationError as exc:
                errors.append(f"{asked['parameters']} ({asked['language']}): {' '.join(exc.messages)}")
        if made:
            self.message_user(
                request,
                ngettext(
                    "%(n)d report asked for; it renders in the background.",
                    "%(n)d reports asked for; they render in the background.",
                    len(made),
                )
                % {"n": len(made)},
                messages.SUCCESS,
            )
        for error in errors:
            self.message_user(request, error, messages.ERROR)
        if not made and not errors:
            self.message_user(request, _("Nothing to generate: no document matched."), messages.WARNING)
        if len(made) == 1:
            return HttpResponseRedirect(reverse("reports:detail", args=[made[0].pk]))
        return HttpResponseRedirect(reverse("admin:reports_report_changelist"))

    @admin.action(description=_("Render failed reports again"), permissions=["view"])
    def retry_failed(self, request, queryset):
        count = 0
        for report in queryset.filter(state="failed"):
            services.report_retry(report=report, by=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(n)d report queued again.", "%(n)d reports queued again.", count) % {"n": count},
            messages.SUCCESS,
        )
