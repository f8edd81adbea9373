"""Member pages of recommendations: list, a recommendation, positions, comments, the matrix, reports."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from council.content import content_languages, languages_with, text_in
from council.models import MemberState
from council.spreadsheet import csv_safe
from council.uploads import file_download
from recommendations import decision, selectors, services
from recommendations.forms import CommentForm, PositionForm, ReportForm
from recommendations.models import ImplementationReport, Position, Recommendation
from recommendations.permissions import (
    can_comment,
    can_read_partner_comments,
    can_report_for,
    can_see_drafts,
    can_see_recommendation_names,
    can_see_round_names,
    can_see_tally_positions,
    can_take_position,
    can_view_report,
    can_view_report_draft,
    is_round_member,
    reportable_state_ids,
    versions_for,
)


def recommendation_list(request):
    return render(
        request,
        "recommendations/list.html",
        {"recommendations": selectors.recommendations_visible_to(user=request.user)},
    )


def _page(request, pk):
    try:
        return selectors.recommendation_for_page(user=request.user, pk=pk)
    except Recommendation.DoesNotExist as exc:
        raise Http404 from exc


def recommendation_detail(request, pk):
    return render(request, "recommendations/detail.html", _detail_context(request, _page(request, pk)))


def _detail_context(request, recommendation, *, answering=None) -> dict:
    """What the page shows. `answering` is (round, bound form, confirming) when a position form comes back: with its
    errors and the choice kept, or asking to confirm a formal objection."""
    user = request.user
    requested = request.GET.get("lang") or translation.get_language()
    if requested not in content_languages():
        requested = recommendation.authoritative_language
    version = recommendation.current_version
    authoritative = recommendation.authoritative_language
    title = text_in(version, "title", requested, authoritative=authoritative) if version else None
    text = text_in(version, "text", requested, authoritative=authoritative) if version else None
    drafts = can_see_drafts(user, recommendation)
    versions = versions_for(user, recommendation, list(recommendation.versions.all()))
    diff, diff_error = _diff(request, versions, text.language if text else requested) if drafts else (None, None)
    rounds = [_round_context(user, recommendation, round_, answering) for round_ in recommendation.rounds.all()]
    names_in_round = {r["round"].pk: r["show_names"] for r in rounds}
    return {
        "recommendation": recommendation,
        "version": version,
        "language": text.language if text else requested,
        "requested_language": requested,
        "text": text,
        "title": title,
        "text_languages": languages_with(version, "text") if version else [],
        "versions": versions,
        "show_drafts": drafts,
        "diff": diff,
        "diff_error": diff_error,
        "rounds": rounds,
        "reservations": [
            {"position": p, "show_name": names_in_round.get(p.round_id, False)}
            for p in selectors.reservations(recommendation)
        ],
        "reports": selectors.reports_of(recommendation) if recommendation.is_public_text else [],
        "show_names": can_see_recommendation_names(user, recommendation),
        "partner_comments": (
            selectors.partner_comments_for_page(recommendation=recommendation)
            if can_read_partner_comments(user, recommendation)
            else None
        ),
    }


def _round_context(user, recommendation, round_, answering) -> dict:
    tally = selectors.round_tally(round_)
    mine = next((row["position"] for row in tally if row["member"].person_id == user.pk), None)
    deadline = decision.deadline_text(round_, user)
    can_answer = can_take_position(user, round_)
    form, confirming = None, False
    if answering and answering[0].pk == round_.pk:
        _round, form, confirming = answering
    elif can_answer:
        initial = {"version": round_.version_id}
        if mine:
            initial |= {"kind": mine.kind, "reason": mine.reason}
        form = PositionForm(initial=initial)
    return {
        "round": round_,
        "tally": tally,
        "answered": sum(1 for row in tally if row["position"]),
        "show_positions": can_see_tally_positions(user, round_),
        "show_names": can_see_round_names(user, round_),
        "rule": decision.round_rule(round_, deadline),
        "deadline": deadline,
        "mine": mine,
        "is_member": is_round_member(user, round_),
        "can_answer": can_answer,
        "position_form": form,
        "confirming": confirming,
        "consequence": decision.objection_consequence(round_, deadline) if confirming else "",
        "annex": selectors.round_annex(round_),
        "zone": decision.reader_zone(user, round_),
        "can_comment": can_comment(user, round_),
        "comment_form": CommentForm() if can_comment(user, round_) else None,
    }


def _diff(request, versions, language) -> tuple[dict | None, str | None]:
    """The changes between two versions asked for by ?from=&to=, or a message saying why there are none."""
    if "from" not in request.GET and "to" not in request.GET:
        return None, None
    numbers = {v.number: v for v in versions}
    try:
        a, b = int(request.GET.get("from", "")), int(request.GET.get("to", ""))
    except ValueError:
        a = b = None
    if a not in numbers or b not in numbers or a == b:
        return None, _("Choose two different versions to compare.")
    return {
        "from": numbers[a],
        "to": numbers[b],
        "title": selectors.text_diff(numbers[a].title_in(language), numbers[b].title_in(language)),
        "text": selectors.text_diff(numbers[a].text_in(language), numbers[b].text_in(language)),
    }, None


@login_required
@require_POST
def position_submit(request, pk, round_id):
    """A member's position in a silence procedure. A formal objection is recorded only once confirmed (the page first
    says what it will do); a form that cannot be recorded comes back with its message and the choice kept."""
    recommendation = _page(request, pk)
    round_ = get_object_or_404(recommendation.rounds.all(), pk=round_id)
    form = PositionForm(request.POST)
    answering = can_take_position(request.user, round_)
    if not form.is_valid():
        messages.error(request, _("Choose support, stand aside or formal objection."))
        return _position_again(request, recommendation, round_, form, answering)
    data = form.cleaned_data
    needs_confirmation = data["kind"] == Position.Kind.OBJECTION and not data["confirm"] and data["reason"].strip()
    if answering and needs_confirmation:
        context = _detail_context(request, recommendation, answering=(round_, form, True))
        return render(request, "recommendations/detail.html", context)
    try:
        services.position_record(
            round_=round_,
            person=request.user,
            kind=data["kind"],
            reason=data["reason"],
            by=request.user,
            version_id=data["version"],
        )
    except services.RecommendationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _position_again(request, recommendation, round_, form, answering)
    messages.success(request, _("Your position has been recorded."))
    return redirect(recommendation)


def _position_again(request, recommendation, round_, form, answering):
    """A member who may answer gets the page back with their choice kept (400); others go back to the page, whose
    message says why they cannot answer."""
    if not answering:
        return redirect(recommendation)
    context = _detail_context(request, recommendation, answering=(round_, form, False))
    return render(request, "recommendations/detail.html", context, status=400)


@login_required
@require_POST
def comment_submit(request, pk, round_id):
    """A comment in a round, by those can_comment lets in (the page offers them the form); others get 403."""
    recommendation = _page(request, pk)
    round_ = get_object_or_404(recommendation.rounds.all(), pk=round_id)
    if round_.is_open and not can_comment(request.user, round_):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(round_=round_, person=request.user, text=form.cleaned_data["text"])
        except services.RecommendationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your comment has been added."))
    else:
        messages.error(request, _("Write a comment."))
    return redirect(recommendation)


def implementation_matrix(request):
    return render(request, "recommendations/matrix.html", selectors.implementation_matrix(user=request.user))


def implementation_matrix_csv(request):
    """The matrix as the page shows it to this user, one line per (recommendation, state), as CSV."""
    matrix = selectors.implementation_matrix(user=request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="implementation.csv"'
    response.write("\ufeff")  # a byte-order mark, so that spreadsheet programs read the Cyrillic right
    writer = csv.writer(response)
    header = [_("Recommendation"), _("Title"), _("Working group"), _("State"), _("Situation")]
    writer.writerow([*header, _("Progress (%)"), _("Period")])
    for row in matrix["rows"]:
        recommendation = row["recommendation"]
        title = row["title"]
        for cell in row["cells"]:
            report = cell["report"] if cell["addressed"] else None
            if not cell["addressed"]:
                situation = _("not addressed")
            elif report is None:
                situation = _("not reported")
            else:
                situation = report.get_status_display()
            writer.writerow(
                csv_safe(
                    [
                        recommendation.code,
                        title.text,
                        recommendation.working_group.code,
                        cell["state"].code,
                        situation,
                        "" if report is None or report.progress is None else report.progress,
                        report.period if report else "",
                    ]
                )
            )
    return response


@login_required
def reports_due(request):
    """The reports the signed-in focal point's state owes: each published recommendation addressed to it, reported
    for the current period or not, with its draft."""
    period = services.current_period()
    rows = selectors.reports_due_for(user=request.user, period=period)
    for row in rows:
        row["title"] = selectors.recommendation_title(row["recommendation"])
    return render(
        request,
        "recommendations/reports_due.html",
        {
            "rows": rows,
            "period": period,
            "owing": sum(1 for row in rows if not row["reported"]),
            "reports_for_some": reportable_state_ids(request.user) != set(),
        },
    )


def _report_target(request, pk, state_code):
    """The recommendation and state of a report form, or 404 for anyone who does not report for them on it."""
    recommendation = _page(request, pk)
    state = get_object_or_404(MemberState, code=state_code)
    if (
        recommendation.status != Recommendation.Status.PUBLISHED
        or not can_report_for(request.user, state)
        or state not in recommendation.addressee_states.all()
    ):
        raise Http404
    return recommendation, state


@login_required
@require_http_methods(["GET", "POST"])
def report_form(request, pk, state_code):
    recommendation, state = _report_target(request, pk, state_code)
    periods = services.report_periods(recommendation)
    draft = (
        selectors.report_draft_of(recommendation=recommendation, state=state)
        if can_view_report_draft(request.user, state)
        else None
    )
    saving_draft = request.POST.get("action") == "draft"
    if draft is not None:
        fields = ("period", "status", "progress", "narrative", "evidence_links")
        initial = {name: getattr(draft, name) for name in fields if getattr(draft, name) not in ("", None)}
    else:
        initial = {"period": periods[0]}
    form = ReportForm(request.POST or None, request.FILES or None, initial=initial, periods=periods, draft=saving_draft)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if saving_draft:
                services.report_draft_save(recommendation=recommendation, state=state, by=request.user, **data)
            else:
                report = services.report_submit(
                    recommendation=recommendation, state=state, by=request.user, from_draft=True, **data
                )
        except services.RecommendationError as exc:
            form.add_error(None, exc)
        else:
            if saving_draft:
                messages.success(
                    request,
                    _(
                        "The draft has been saved. Only your state's focal points and the secretariat see it; "
                        "it counts nowhere until it is submitted."
                    ),
                )
                return redirect("recommendations:reports_due")
            messages.success(request, _("The report has been submitted."))
            return redirect("recommendations:report_detail", pk=report.pk)
    version = recommendation.current_version
    return render(
        request,
        "recommendations/report_form.html",
        {
            "recommendation": recommendation,
            "title": selectors.recommendation_title(recommendation),
            "text": text_in(version, "text", authoritative=recommendation.authoritative_language) if version else None,
            "state": state,
            "form": form,
            "draft": draft,
            "previous": selectors.latest_report_of(recommendation=recommendation, state=state),
            "show_names": True,  # the state's focal points and the secretariat see who wrote their state's reports
        },
        status=400 if request.method == "POST" else 200,
    )


def report_detail(request, pk):
    """A submitted report, read-only: status, progress, narrative, links and evidence, for those who see it."""
    try:
        report = selectors.report_for_page(user=request.user, pk=pk)
    except ImplementationReport.DoesNotExist as exc:
        raise Http404 from exc
    recommendation = report.recommendation
    return render(
        request,
        "recommendations/report_detail.html",
        {
            "report": report,
            "recommendation": recommendation,
            "title": selectors.recommendation_title(recommendation),
            "links": [line.strip() for line in report.evidence_links.splitlines() if line.strip()],
            "show_names": can_see_recommendation_names(request.user, recommendation),
            "can_report": recommendation.status == Recommendation.Status.PUBLISHED
            and can_report_for(request.user, report.state),
        },
    )


def report_history(request, state_code, pk=None):
    """A state's reports over the periods, on every recommendation the reader sees or (with `pk`) on one."""
    state = get_object_or_404(MemberState, code=state_code)
    recommendation = _page(request, pk) if pk is not None else None
    reports = selectors.report_history(user=request.user, state=state, recommendation=recommendation)
    groups: list[dict] = []
    for report in reports:
        if not groups or groups[-1]["recommendation"].pk != report.recommendation_id:
            groups.append(
                {
                    "recommendation": report.recommendation,
                    "title": selectors.recommendation_title(report.recommendation),
                    "reports": [],
                }
            )
        groups[-1]["reports"].append(report)
    return render(
        request,
        "recommendations/report_history.html",
        {
            "state": state,
            "recommendation": recommendation,
            "title": selectors.recommendation_title(recommendation) if recommendation else None,
            "groups": groups,
            "states": MemberState.objects.order_by("order", "code"),
        },
    )


def evidence_download(request, pk):
    """The evidence of an implementation report, for those who see the report; others get 404."""
    report = get_object_or_404(
        ImplementationReport.objects.select_related("recommendation").exclude(evidence_file=""), pk=pk
    )
    if not can_view_report(request.user, report):
        raise Http404
    return file_download(report.evidence_file, report.download_name)
