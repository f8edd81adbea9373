"""The secretariat's screens for recommendations, consensus rounds and implementation reports."""

import datetime
import zoneinfo

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from council.admin import ReadOnlyInline
from council.admin_site import (
    AuditedReferenceAdminMixin,
    NoSaveButtonsMixin,
    dashboard_register,
    report_generate_redirect,
    run_for_each,
    show_saved,
)
from recommendations import consensus, emails, selectors, services
from recommendations.dashboard import reports_panel, rounds_panel
from recommendations.models import (
    ConsensusRound,
    ImplementationReport,
    PartnerComment,
    Position,
    Recommendation,
    RecommendationVersion,
    RoundMember,
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


class SilenceRoundForm(forms.Form):
    """How long a silence procedure lasts and at what time of day it closes (in the rounds' time zone)."""

    length_days = forms.IntegerField(
        label=_("length (days)"),
        min_value=1,
        max_value=90,
        initial=14,
        help_text=_("The text is circulated today; silence after the deadline counts as support."),
    )
    closes_at = forms.TimeField(
        label=_("closes at"), initial=datetime.time(18, 0), widget=forms.TimeInput(format="%H:%M")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zoneinfo.ZoneInfo(settings.RECOMMENDATIONS_ROUND_TIME_ZONE)
        self.fields["closes_at"].help_text = _("Time of day in %(zone)s.") % {"zone": self.zone.key}

    def deadline(self, now: datetime.datetime | None = None) -> datetime.datetime:
        """The moment the procedure closes: `length_days` after today, at `closes_at`, in the rounds' zone."""
        today = timezone.localtime(now or timezone.now(), self.zone).date()
        day = today + datetime.timedelta(days=self.cleaned_data["length_days"])
        return datetime.datetime.combine(day, self.cleaned_data["closes_at"], tzinfo=self.zone)


class MeetingRoundForm(forms.Form):
    """The meeting in which the positions of the members present are recorded."""

    meeting = forms.ModelChoiceField(
        label=_("meeting"),
        queryset=None,
        help_text=_("Positions are recorded for the members present at this meeting."),
    )

    def __init__(self, *args, **kwargs):
        from meetings.models import Meeting

        super().__init__(*args, **kwargs)
        recent = timezone.now() - datetime.timedelta(days=30)
        self.fields["meeting"].queryset = (
            Meeting.objects.exclude(status=Meeting.Status.CANCELLED).filter(ends_at__gte=recent).order_by("starts_at")
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}), max_length=1000)


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    form = RecommendationForm
    # Fits 1280 px: the group by its code, so the status and access stay in view.
    list_display = ["code", "title_display", "group_code", "status", "access", "published_at"]
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

    @admin.display(description=_("title"))
    def title_display(self, obj):
        return obj.title

    @admin.display(description=_("working group"), ordering="working_group__code")
    def group_code(self, obj):
        return obj.working_group.code.upper()

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

    def _action_form(self, request, queryset, form_class, title, run):
        """An action that asks for its settings first: the form, then `run(form)` once it is valid."""
        if "_confirm" in request.POST:
            form = form_class(request.POST)
            if form.is_valid():
                run(form)
                return None
        else:
            form = form_class()
        return TemplateResponse(
            request,
            "admin/recommendations/action_form.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "form": form,
                "queryset": queryset,
                "action": request.POST.get("action"),
                "opts": self.model._meta,
            },
            status=400 if form.is_bound else 200,
        )

    @admin.action(description=_("Open a silence procedure (written round)"), permissions=["change"])
    def open_silence_round(self, request, queryset):
        def run(form):
            deadline = form.deadline()
            run_for_each(
                self,
                request,
                queryset,
                lambda r: services.round_open(
                    recommendation=r, mode=ConsensusRound.Mode.SILENCE, deadline=deadline, by=request.user
                ),
                label=lambda r: r.code,
                each_message=lambda r, _round: (
                    _("%(code)s: silence procedure open until %(deadline)s (%(zone)s).")
                    % {
                        "code": r.code,
                        "deadline": date_format(timezone.localtime(deadline, form.zone), "DATETIME_FORMAT"),
                        "zone": form.zone.key,
                    }
                ),
            )

        return self._action_form(request, queryset, SilenceRoundForm, _("Open a silence procedure"), run)

    @admin.action(description=_("Open a round in a meeting"), permissions=["change"])
    def open_meeting_round(self, request, queryset):
        def run(form):
            meeting = form.cleaned_data["meeting"]
            run_for_each(
                self,
                request,
                queryset,
                lambda r: services.round_open(
                    recommendation=r, mode=ConsensusRound.Mode.MEETING, meeting=meeting, by=request.user
                ),
                label=lambda r: r.code,
                each_message=lambda r, _round: (
                    _("%(code)s: round open in the meeting %(meeting)s.") % {"code": r.code, "meeting": meeting.title}
                ),
            )

        return self._action_form(request, queryset, MeetingRoundForm, _("Open a round in a meeting"), run)

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
    """Every position recorded in the round, a changed one included (the tally above counts the latest)."""

    model = Position
    verbose_name_plural = _("positions recorded, in order (a later one replaces an earlier one)")
    fields = ["recorded_at", "person", "kind", "reason", "recorded_by"]


@admin.register(ConsensusRound)
class ConsensusRoundAdmin(NoSaveButtonsMixin, admin.ModelAdmin):
    """A round read as the secretariat needs it: where it stands or how it ended, who said what, what to do next.
    Nothing on it is edited: a round moves by its actions and the positions screen."""

    list_display = ["recommendation_code", "body_code", "mode", "meeting", "deadline", "state", "outcome_display"]
    list_display_links = ["recommendation_code"]
    list_filter = ["state", "result", "mode", "body"]
    list_select_related = ["recommendation", "body", "meeting"]
    search_fields = ["recommendation__code"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "recommendation_link",
                    "version_number",
                    "body",
                    "mode",
                    "meeting",
                    "deadline",
                    "state",
                    "outcome_now",
                ]
            },
        ),
        (_("Tally"), {"fields": ["tally_display"]}),
        (_("Opened and closed"), {"fields": ["opened_at", "opened_by", "closed_at", "closed_by"]}),
        (_("Notices"), {"fields": ["notices"]}),
        (_("The text put to the round"), {"classes": ["collapse"], "fields": ["digest"]}),
    ]
    readonly_fields = [
        "recommendation_link",
        "version_number",
        "body",
        "mode",
        "meeting",
        "deadline",
        "state",
        "outcome_now",
        "tally_display",
        "opened_at",
        "opened_by",
        "closed_at",
        "closed_by",
        "notices",
        "digest",
    ]
    inlines = [PositionInline]
    actions = ["close_round"]
    change_form_template = "admin/recommendations/round_change_form.html"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("recommendation"), ordering="recommendation__code")
    def recommendation_code(self, obj):
        return obj.recommendation.code

    @admin.display(description=_("body"), ordering="body__code")
    def body_code(self, obj):
        return obj.body.short_name or obj.body.code.upper()

    @admin.display(description=_("outcome"), ordering="result")
    def outcome_display(self, obj):
        if obj.result:
            return format_html('<span class="outcome outcome-{}">{}</span>', obj.result, obj.get_result_display())
        return "—"

    @admin.display(description=_("recommendation"))
    def recommendation_link(self, obj):
        url = reverse("admin:recommendations_recommendation_change", args=[obj.recommendation_id])
        return format_html('<a href="{}">{}</a>', url, obj.recommendation)

    @admin.display(description=_("version"))
    def version_number(self, obj):
        return obj.version.number

    @admin.display(description=_("outcome if closed now"))
    def outcome_now(self, obj):
        """While a round is open the secretariat sees where it stands (an objection shows as blocked)."""
        if obj is None:
            return "—"
        if not obj.is_open:
            return self.outcome_display(obj)
        outcome = services.round_outcome(obj)
        return format_html(
            '<span class="outcome outcome-{}">{}</span>', outcome.result, ConsensusRound.Result(outcome.result).label
        )

    @admin.display(description=_("tally"))
    def tally_display(self, obj):
        """Positions per kind and per member state, the quorum, and each member's standing position."""
        if obj is None or obj.pk is None:
            return "—"
        return render_to_string("admin/recommendations/round_tally.html", round_tally_context(obj))

    def save_model(self, request, obj, form, change):
        pass  # every field is read-only: a round changes through its actions and the positions screen

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        round_ = self.get_object(request, object_id) if object_id else None
        extra = {"guidance": round_guidance(round_)} if round_ is not None else {}
        return super().changeform_view(request, object_id, form_url, {**extra, **(extra_context or {})})

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
                        date_format(timezone.localtime(row.sent_at), "SHORT_DATETIME_FORMAT") if row.sent_at else "—",
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


def round_tally_context(round_: ConsensusRound) -> dict:
    """What the round's tally shows: the figures frozen at its close, or where it stands while open."""
    round_ = (
        ConsensusRound.objects.select_related("meeting")
        .prefetch_related(
            Prefetch("members", queryset=RoundMember.objects.select_related("person", "state")),
            Prefetch("positions", queryset=Position.objects.order_by("recorded_at", "id")),
        )
        .get(pk=round_.pk)
    )
    kinds = list(Position.Kind)
    if round_.state == ConsensusRound.State.CLOSED and round_.tally:
        stored = round_.tally
        counts, by_state = stored.get("counts", {}), stored.get("by_state", {})
        figures = {
            "present": stored.get("present", 0),
            "members": stored.get("members", 0),
            "members_needed": stored.get("members_needed", 0),
            "states_present": stored.get("states_present", []),
            "states_needed": stored.get("states_needed", 0),
        }
    else:
        outcome = services.round_outcome(round_)
        counts, by_state = outcome.counts, outcome.by_state
        figures = {
            "present": outcome.present,
            "members": outcome.members,
            "members_needed": outcome.members_needed,
            "states_present": list(outcome.states_present),
            "states_needed": outcome.states_needed,
        }
    silence = round_.mode == ConsensusRound.Mode.SILENCE
    if silence:
        no_answer = _("no answer: counts as support (silence)")
    elif round_.is_open:
        no_answer = _("not recorded yet")
    else:
        no_answer = _("not present")
    return {
        "kinds": [(kind.value, kind.label) for kind in kinds],
        "counts": [(kind.label, counts.get(kind.value, 0), kind.value) for kind in kinds],
        "by_state": [(state, [row.get(kind.value, 0) for kind in kinds]) for state, row in sorted(by_state.items())],
        "figures": figures,
        "quorum_met": figures["present"] >= figures["members_needed"]
        and len(figures["states_present"]) >= figures["states_needed"],
        "members": [
            {"member": row["member"], "position": row["position"], "no_answer": no_answer}
            for row in selectors.round_tally(round_)
        ],
        "frozen": round_.state == ConsensusRound.State.CLOSED,
    }


def round_guidance(round_: ConsensusRound) -> dict | None:
    """What the secretariat does next with a round, in a sentence or two (None when nothing is needed)."""
    Result, State = ConsensusRound.Result, ConsensusRound.State
    if round_.state == State.ENDED:
        return {
            "level": "info",
            "text": _("A new version of the text ended this round. Open a new round on the current version."),
        }
    if round_.is_open:
        standing = services.round_outcome(round_)
        if standing.result == Result.BLOCKED:
            return {
                "level": "blocked",
                "text": _(
                    "A formal objection stands: if it is not withdrawn before the round closes, the text is "
                    "blocked. Talk with the objecting members (their reasons are below); a member may change "
                    "their position until the close."
                ),
            }
        if round_.in_meeting:
            return {
                "level": "info",
                "text": _("Record the positions of the members present (“Record positions”), then close the round."),
            }
        if round_.deadline and round_.deadline <= timezone.now():
            return {
                "level": "info",
                "text": _(
                    "The deadline has passed: the round is closed automatically within minutes, or close it now."
                ),
            }
        return {
            "level": "info",
            "text": _(
                "The round closes by itself at its deadline; members who have not answered are reminded before it."
            ),
        }
    if round_.result == Result.BLOCKED:
        return {
            "level": "blocked",
            "text": _(
                "Blocked by a formal objection. Next: revise the text with the working group in the light of the "
                "objections below and open a new round on the new version, or return the recommendation to draft "
                "or withdraw it (actions of the recommendation)."
            ),
        }
    if round_.result == Result.NO_QUORUM:
        return {
            "level": "warning",
            "text": _(
                "Too few members or member states took part. Open a new round: in a meeting with more members "
                "present, or in writing (a silence procedure counts every member)."
            ),
        }
    if round_.result == Result.ADOPTED:
        status = round_.recommendation.status
        if status == Recommendation.Status.ADOPTED:
            text = _("Adopted by the working group. Next: open a round of the executive committee to endorse it.")
        elif status == Recommendation.Status.ENDORSED:
            text = _("Endorsed by the executive committee. Next: publish the recommendation.")
        else:
            return None
        return {"level": "info", "text": text}
    return None


@admin.register(ImplementationReport)
class ImplementationReportAdmin(NoSaveButtonsMixin, admin.ModelAdmin):
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


dashboard_register(key="rounds", order=20, template="admin/dashboard/rounds.html", build=rounds_panel)
dashboard_register(key="reports", order=30, template="admin/dashboard/reports.html", build=reports_panel)
