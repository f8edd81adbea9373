"""Member pages of recommendations: list, a recommendation, positions, comments, the matrix, reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from council.models import MemberState
from council.permissions import can_see_member_names
from recommendations import selectors, services
from recommendations.forms import CommentForm, PositionForm, ReportForm
from recommendations.models import ConsensusRound, Recommendation
from recommendations.permissions import can_report_for, can_see_tally_positions


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
    recommendation = _page(request, pk)
    versions = list(recommendation.versions.all())
    language = request.GET.get("lang") or translation.get_language()
    if language not in ("ru", "en", "uz"):
        language = recommendation.authoritative_language
    version = recommendation.current_version
    diff = None
    numbers = {v.number: v for v in versions}
    try:
        a, b = int(request.GET.get("from", 0)), int(request.GET.get("to", 0))
    except ValueError:
        a = b = 0
    if a in numbers and b in numbers and a != b:
        diff = {
            "from": numbers[a],
            "to": numbers[b],
            "title": selectors.text_diff(numbers[a].title_in(language), numbers[b].title_in(language)),
            "text": selectors.text_diff(numbers[a].text_in(language), numbers[b].text_in(language)),
        }
    rounds = []
    for round_ in recommendation.rounds.all():
        tally = selectors.round_tally(round_)
        mine = next((row for row in tally if row["member"].person_id == request.user.pk), None)
        rounds.append(
            {
                "round": round_,
                "tally": tally,
                "answered": sum(1 for row in tally if row["position"]),
                "show_positions": can_see_tally_positions(request.user, round_),
                "mine": mine,
                "can_answer": round_.is_open
                and mine is not None
                and round_.mode == ConsensusRound.Mode.SILENCE
                and (round_.deadline is None or round_.deadline > timezone.now()),
            }
        )
    return render(
        request,
        "recommendations/detail.html",
        {
            "recommendation": recommendation,
            "version": version,
            "language": language,
            "text": version.text_in(language) if version else "",
            "title": version.title_in(language) if version else "",
            "versions": versions,
            "diff": diff,
            "rounds": rounds,
            "reservations": selectors.reservations(recommendation),
            "position_form": PositionForm(initial={"version": version.pk if version else None}),
            "comment_form": CommentForm(),
            "show_names": can_see_member_names(request.user),
        },
    )


@login_required
@require_POST
def position_submit(request, pk, round_id):
    recommendation = _page(request, pk)
    round_ = get_object_or_404(recommendation.rounds.all(), pk=round_id)
    form = PositionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose support, stand aside or formal objection."))
        return redirect(recommendation)
    try:
        services.position_record(
            round_=round_,
            person=request.user,
            kind=form.cleaned_data["kind"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            version_id=form.cleaned_data["version"],
        )
    except services.RecommendationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your position has been recorded."))
    return redirect(recommendation)


@login_required
@require_POST
def comment_submit(request, pk, round_id):
    recommendation = _page(request, pk)
    round_ = get_object_or_404(recommendation.rounds.all(), pk=round_id)
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


@login_required
@require_http_methods(["GET", "POST"])
def report_form(request, pk, state_code):
    recommendation = _page(request, pk)
    state = get_object_or_404(MemberState, code=state_code)
    if recommendation.status != Recommendation.Status.PUBLISHED:
        raise Http404
    if not can_report_for(request.user, state) or not recommendation.addressee_states.filter(pk=state.pk).exists():
        raise Http404
    form = ReportForm(request.POST or None, request.FILES or None, initial={"period": services.current_period()})
    if request.method == "POST" and form.is_valid():
        try:
            services.report_submit(recommendation=recommendation, state=state, by=request.user, **form.cleaned_data)
        except services.RecommendationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The report has been saved."))
            return redirect("recommendations:matrix")
    return render(
        request,
        "recommendations/report_form.html",
        {"recommendation": recommendation, "state": state, "form": form},
        status=400 if request.method == "POST" else 200,
    )
