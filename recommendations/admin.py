"""The secretariat's screens for recommendations, consensus rounds and implementation reports."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from council.admin import ReadOnlyInline
from council.admin_site import AuditedReferenceAdminMixin, report_generate_redirect, run_for_each, show_saved
from recommendations import consensus, emails, selectors, services
from recommendations.models import (
    ConsensusRound,
    ImplementationReport,
    PartnerComment,
    Position,
    Recommendation,
    RecommendationVersion,
    StatusChange,
    Tag,
)

TEXT_FIELDS = ["title_ru", "title_en", "title_uz", "text_ru", "text_en", "text_uz"]


class RecommendationForm(forms.ModelForm):
    """The recommendation's settings and the texts of its current version; changed texts make a new version."""

    title_ru = forms.CharField(label=_("title (Russian)"), max_length=300, required=False)
    title_en = forms.CharField(label=_("title (English)"), max_length=300, required=False)
    title_uz = forms.CharField(label=_("title (Uzbek)"), max_length=300, required=False)
    text_ru = forms.CharField(label=_("text (Russian, Markdown)"), widget=forms.Textarea, required=False)
    text_en = forms.CharField(label=_("text (English, Markdown)"), widget=forms.Textarea, required=False)
    text_uz = forms.CharField(label=_("text (Uzbek, Markdown)"), widget=forms.Textarea, required=False)
    change_reason = forms.CharField(label=_("why the text changes"), max_length=500, required=False)

    class Meta:
        model = Recommendation
        fields = ["working_group", *services.SETTINGS_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        version = self.instance.current_version if self.instance.pk else None
        for name in TEXT_FIELDS:
            if version is not None:
                self.fields[name].initial = getattr(version, name)
            if self.instance.pk and self.instance.status not in services.EDITABLE:
                self.fields[name].disabled = True
        if self.instance.pk:
            self.fields["working_group"].disabled = True

    def texts(self) -> dict:
        return {name: self.cleaned_data.get(name, "") or "" for name in TEXT_FIELDS}

    def texts_changed(self) -> bool:
        return any(name in self.changed_data for name in TEXT_FIELDS)

    def clean(self):
        data = super().clean()
        language = data.get("authoritative_language") or "ru"
        if not (data.get(f"title_{language}") or "").strip() or not (data.get(f"text_{language}") or "").strip():
            raise ValidationError(_("The title and text in the authoritative language are required."))
        if self.instance.pk and self.texts_changed() and not (data.get("change_reason") or "").strip():
            self.add_error("change_reason", _("Say why the text changes."))
        return data


class VersionInline(ReadOnlyInline):
    model = RecommendationVersion
    fields = ["number", "created_at", "created_by", "why", "frozen_at", "digest"]

    @admin.display(description=_("why this version"))
    def why(self, obj):
        return obj.note


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    fields = ["changed_at", "from_status", "to_status", "changed_by", "why"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by", "round__body")

    @admin.display(description=_("why"))
    def why(self, obj):
        """The reason a person gave, or the portal's step written in the reader's language."""
        return obj.note


class RoundInline(ReadOnlyInline):
    model = ConsensusRound
    show_change_link = True
    fields = ["body", "mode", "version", "opened_at", "deadline", "state", "result"]


class PartnerCommentInline(ReadOnlyInline):
    """Partner organisations' comments on the text, sent through the API while it was in consultation."""

    model = PartnerComment
    fields = ["created_at", "organisation", "version_number", "language", "text"]
    verbose_name_plural = _("comments from partner organisations")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation", "version")

    @admin.display(description=_("version"))
    def version_number(self, obj):
        return obj.version.number


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}), max_length=1000)


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    form = RecommendationForm
    list_display = ["code", "title", "working_group", "status", "access", "published_at"]
    list_filter = ["status", "working_group", "access", "partner_consultation", "addressee_states", "tags"]
    list_select_related = ["working_group", "current_version"]
    search_fields = ["code", "current_version__title_ru", "current_version__title_en"]
    readonly_fields = ["code", "status", "current_version", "superseded_by", "published_at"]
    filter_horizontal = ["addressee_states", "tags", "meetings"]
    inlines = [VersionInline, RoundInline, StatusChangeInline, PartnerCommentInline]
    actions = [
        "to_consultation",
        "open_silence_round",
        "open_meeting_round",
        "publish",
        "return_to_draft",
        "withdraw",
        "pdf_dossier",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "code",
                    "status",
                    "working_group",
                    "authoritative_language",
                    "access",
                    "partner_consultation",
                    "current_version",
                    "replaces",
                    "superseded_by",
                    "published_at",
                ]
            },
        ),
        (
            _("Addressees and themes"),
            {
                "fields": [
                    "addressee_states",
                    "addresses_civil_society",
                    "addresses_international",
                    "addresses_council",
                    "tags",
                    "meetings",
                ]
            },
        ),
        (_("Text"), {"fields": [*TEXT_FIELDS, "change_reason"]}),
    ]

    def save_model(self, request, obj, form, change):
        settings = {name: form.cleaned_data[name] for name in services.SETTINGS_FIELDS if name in form.cleaned_data}
        if not change:
            created = services.recommendation_create(
                working_group=form.cleaned_data["working_group"], texts=form.texts(), **settings, by=request.user
            )
            show_saved(obj, created)
            return
        # Save only what the form edits: the status may have moved meanwhile (a round closing).
        services.recommendation_update(
            recommendation=obj,
            data={name: value for name, value in settings.items() if name in form.changed_data},
            by=request.user,
        )
        if form.texts_changed():
            services.version_create(
                recommendation=obj, texts=form.texts(), reason=form.cleaned_data["change_reason"], by=request.user
            )

    def save_related(self, request, form, formsets, change):
        # The addressees, tags and meetings were saved by the service (save_model); the inlines are read-only.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def has_delete_permission(self, request, obj=None):
        return False  # a recommendation is withdrawn, never deleted: its history stays

    def _each(self, request, queryset, fn):
        run_for_each(
            self,
            request,
            queryset,
            fn,
            label=lambda r: r.code,
            each_message=lambda r, _result: f"{r.code}: {_('done')}",
        )

    @admin.action(description=_("Send to consultation in the working group"), permissions=["change"])
    def to_consultation(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda r: services.recommendation_transition(
                recommendation=r, to=Recommendation.Status.CONSULTATION, by=request.user
            ),
        )

    @admin.action(description=_("Open a silence procedure (14 days)"), permissions=["change"])
    def open_silence_round(self, request, queryset):
        deadline = timezone.now() + datetime.timedelta(days=14)
        self._each(
            request,
            queryset,
            lambda r: services.round_open(
                recommendation=r, mode=ConsensusRound.Mode.SILENCE, deadline=deadline, by=request.user
            ),
        )

    @admin.action(description=_("Open a round in a meeting"), permissions=["change"])
    def open_meeting_round(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda r: services.round_open(recommendation=r, mode=ConsensusRound.Mode.MEETING, by=request.user),
        )

    @admin.action(description=_("Publish (endorsed texts)"), permissions=["change"])
    def publish(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda r: services.recommendation_transition(
                recommendation=r, to=Recommendation.Status.PUBLISHED, by=request.user
            ),
        )

    def _with_reason(self, request, queryset, to, title):
        if "reason" in request.POST:
            form = ReasonForm(request.POST)
            if form.is_valid():
                self._each(
                    request,
                    queryset,
                    lambda r: services.recommendation_transition(
                        recommendation=r, to=to, by=request.user, reason=form.cleaned_data["reason"]
                    ),
                )
                return None
        else:
            form = ReasonForm()
        return TemplateResponse(
            request,
            "admin/recommendations/reason.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "form": form,
                "queryset": queryset,
                "action": request.POST.get("action"),
                "opts": self.model._meta,
            },
        )

    @admin.action(description=_("Return to draft (with reasons)"), permissions=["change"])
    def return_to_draft(self, request, queryset):
        return self._with_reason(request, queryset, Recommendation.Status.DRAFT, _("Return to draft"))

    @admin.action(description=_("Withdraw (with reasons)"), permissions=["change"])
    def withdraw(self, request, queryset):
        return self._with_reason(request, queryset, Recommendation.Status.WITHDRAWN, _("Withdraw"))

    @admin.action(description=_("Dossier (PDF)"), permissions=["view"])
    def pdf_dossier(self, request, queryset):
        return report_generate_redirect("dossier", "recommendations", queryset)


class PositionInline(ReadOnlyInline):
    model = Position
    fields = ["recorded_at", "person", "kind", "reason", "recorded_by"]


@admin.register(ConsensusRound)
class ConsensusRoundAdmin(admin.ModelAdmin):
    list_display = ["recommendation", "body", "mode", "opened_at", "deadline", "state", "result"]
    list_filter = ["state", "result", "mode", "body"]
    list_select_related = ["recommendation", "body"]
    readonly_fields = [
        "outcome_now",
        "recommendation",
        "version",
        "digest",
        "body",
        "mode",
        "meeting",
        "opened_at",
        "opened_by",
        "deadline",
        "state",
        "closed_at",
        "closed_by",
        "result",
        "tally",
        "quorum_share",
        "quorum_states",
        "notices",
    ]
    inlines = [PositionInline]
    actions = ["close_round"]
    change_form_template = "admin/recommendations/round_change_form.html"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("outcome if closed now"))
    def outcome_now(self, obj):
        """While a round is open the secretariat sees where it stands (an objection shows as blocked)."""
        if obj is None or not obj.is_open:
            return obj.get_result_display() if obj else "—"
        outcome = services.round_outcome(obj)
        return f"{ConsensusRound.Result(outcome.result).label} ({outcome.present}/{outcome.members})"

    def save_model(self, request, obj, form, change):
        pass  # every field is read-only: a round changes through its actions and the positions screen

    @admin.display(description=_("who was notified"))
    def notices(self, obj):
        """Every notice of the round (opening, reminders, outcome): to whom, its state, attempts, when sent."""
        rows = list(services.round_notices(obj)) if obj else []
        if not rows:
            return "—"
        kinds = {
            emails.ROUND_OPENED: _("opening"),
            emails.ROUND_REMINDER: _("reminder"),
            emails.ROUND_OUTCOME: _("outcome"),
        }
        return format_html(
            '<table class="round-notices"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>'
            "<th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("person"),
            _("notice"),
            _("sending"),
            _("attempts"),
            _("sent at"),
            _("last error"),
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                (
                    (
                        row.email,
                        kinds.get(row.kind, row.kind),
                        row.get_send_state_display(),
                        row.attempts,
                        date_format(timezone.localtime(row.sent_at), "DATETIME_FORMAT") if row.sent_at else "—",
                        row.last_error or "",
                    )
                    for row in rows
                ),
            ),
        )

    @admin.action(description=_("Close the round and compute its outcome"), permissions=["change"])
    def close_round(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda round_: services.round_close(round_=round_, by=request.user),
            label=str,
            each_message=lambda round_, closed: f"{round_}: {closed.get_result_display()}",
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/record/",
                self.admin_site.admin_view(self.record_positions),
                name="recommendations_round_record",
            ),
            *super().get_urls(),
        ]

    def record_positions(self, request, pk):
        """One screen: the position of each member present in a meeting round."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        round_ = get_object_or_404(ConsensusRound.objects.select_related("recommendation", "body"), pk=pk)
        members = list(round_.members.select_related("person", "state"))
        choices = [("", _("— not present —")), *Position.Kind.choices]
        errors = []
        if request.method == "POST":
            # All or nothing: a mistake in one row records none, so the corrected form can be sent again whole.
            with transaction.atomic():
                for member in members:
                    kind = request.POST.get(f"kind-{member.person_id}", "")
                    reason = request.POST.get(f"reason-{member.person_id}", "")
                    if not kind:
                        continue
                    try:
                        services.position_record(
                            round_=round_,
                            person=member.person,
                            kind=kind,
                            reason=reason,
                            by=request.user,
                            version_id=request.POST.get("version", ""),  # a form without it is refused
                        )
                    except ValidationError as exc:
                        errors.append(f"{member.person}: {' '.join(exc.messages)}")
                if errors:
                    transaction.set_rollback(True)
            if not errors:
                self.message_user(request, _("Positions recorded."), messages.SUCCESS)
                return redirect(reverse("admin:recommendations_consensusround_change", args=[round_.pk]))
        round_ = ConsensusRound.objects.prefetch_related("positions", "members").get(pk=round_.pk)
        tally = {row["member"].person_id: row["position"] for row in selectors.round_tally(round_)}
        return TemplateResponse(
            request,
            "admin/recommendations/record_positions.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Record positions"),
                "round": round_,
                "rows": [(m, tally.get(m.person_id)) for m in members],
                "choices": choices,
                "errors": errors,
                "opts": self.model._meta,
                "outcome": services.round_outcome(round_) if round_.is_open else None,
                "results": dict(ConsensusRound.Result.choices),
                "kinds": consensus.POSITIONS,
            },
            status=400 if errors else 200,
        )


@admin.register(ImplementationReport)
class ImplementationReportAdmin(admin.ModelAdmin):
    list_display = ["recommendation", "state", "period", "status", "progress", "submitted_by", "submitted_at"]
    list_filter = ["status", "state", "period"]
    list_select_related = ["recommendation", "state", "submitted_by"]
    search_fields = ["recommendation__code", "narrative"]
    exclude = ["evidence_file"]  # shown read-only as a link to the download view ("evidence")
    readonly_fields = [
        "recommendation",
        "state",
        "period",
        "status",
        "progress",
        "narrative",
        "evidence_links",
        "evidence",
        "submitted_by",
        "submitted_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a state's report is its record; a correction is a newer report

    def save_model(self, request, obj, form, change):
        pass  # every field is read-only: reports are submitted by the focal points

    @admin.display(description=_("evidence (document)"))
    def evidence(self, obj):
        """A link to the access-checked download view (the media URL is served to no one)."""
        if not obj.evidence_file:
            return "—"
        return format_html('<a href="{}">{}</a>', obj.get_download_url(), obj.download_name)


@admin.register(PartnerComment)
class PartnerCommentAdmin(admin.ModelAdmin):
    """Partner organisations' comments, sent through the API: read here and on the recommendation, never changed."""

    list_display = ["created_at", "recommendation", "version_number", "organisation", "language", "excerpt"]
    list_filter = ["recommendation__working_group", "organisation", "language"]
    list_select_related = ["recommendation", "organisation", "version"]
    search_fields = ["text", "recommendation__code", "organisation__name", "organisation__acronym"]
    date_hierarchy = "created_at"
    fields = ["recommendation", "version_number", "organisation", "key_prefix", "language", "created_at", "text"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # a partner's words are its own: shown, never edited

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("version"))
    def version_number(self, obj):
        return obj.version.number

    @admin.display(description=_("comment"))
    def excerpt(self, obj):
        return obj.text if len(obj.text) <= 120 else f"{obj.text[:119]}…"


@admin.register(Tag)
class TagAdmin(AuditedReferenceAdminMixin, TranslationAdmin):
    list_display = ["slug", "name"]
    search_fields = ["slug", "name_ru", "name_en"]
