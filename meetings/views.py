"""Member pages of meetings: lists, a meeting's page, calendar files, RSVP links, documents."""

import re
from dataclasses import replace

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from council.content import languages_with, text_in
from council.middleware import keeps_not_found, language_of_link_use
from council.models import User
from council.uploads import file_download
from meetings import selectors, services
from meetings.calendar import feed_ics, invitation_ics, meetings_ics
from meetings.forms import AnswerForm, DelegateForm, RsvpForm
from meetings.models import Invitation, Meeting, MeetingDocument, OutcomeDocument
from meetings.permissions import (
    can_see_online_link,
    can_see_participant_names,
    can_view_document,
    can_view_outcome,
    rsvp_link_works,
)
from meetings.tokens import BadToken, rsvp_token_read

# A feed key as `new_calendar_token` makes them (URL-safe base64); anything else never reaches the database.
FEED_KEY = re.compile(r"[A-Za-z0-9_-]{32,64}")


def meeting_list(request):
    return render(
        request,
        "meetings/list.html",
        {
            "upcoming": selectors.meetings_upcoming_for(user=request.user),
            "past": selectors.meetings_past_for(user=request.user)[:50],
        },
    )


def meeting_detail(request, pk):
    try:
        meeting = selectors.meeting_for_page(user=request.user, pk=pk)
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc
    invitation = selectors.invitation_of(user=request.user, meeting=meeting)
    online_link = can_see_online_link(request.user, meeting)
    description = text_in(meeting, "description")
    if not online_link:
        description = replace(description, text=meeting.without_online_link(description.text))
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "agenda": selectors.agenda_numbered(meeting),
            "documents": selectors.documents_for(user=request.user, meeting=meeting),
            "outcomes": selectors.outcomes_for(user=request.user, meeting=meeting),
            "invitation": invitation,
            "nominations": selectors.nominations_of(invitation=invitation) if invitation else [],
            "online_link": meeting.online_link if online_link else "",
            "show_names": can_see_participant_names(request.user, meeting),
            "description": description,
            "answer_form": AnswerForm(),
            "delegate_form": DelegateForm(),
        },
    )


@login_required
@require_POST
def meeting_answer(request, pk):
    meeting = get_object_or_404(selectors.meetings_visible_to(user=request.user), pk=pk)
    invitation = selectors.invitation_of(user=request.user, meeting=meeting)
    if invitation is None:
        raise Http404
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.invitation_respond(invitation=invitation, answer=form.cleaned_data["answer"], by=request.user)
        except services.MeetingError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your answer has been recorded."))
    else:
        messages.error(request, _("Choose one of the answers offered."))
    return redirect(meeting)


@login_required
@require_POST
def meeting_delegate(request, pk):
    meeting = get_object_or_404(selectors.meetings_visible_to(user=request.user), pk=pk)
    invitation = selectors.invitation_of(user=request.user, meeting=meeting)
    if invitation is None:
        raise Http404
    form = DelegateForm(request.POST)
    if form.is_valid():
        try:
            nomination = services.nomination_request(
                invitation=invitation, email=form.cleaned_data["email"], name=form.cleaned_data["name"], by=request.user
            )
        except services.MeetingError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if nomination.state == nomination.State.CONFIRMED:
                messages.success(request, _("Your alternate has been invited."))
            else:
                messages.success(
                    request,
                    _("Your nomination of %(email)s has been sent to the secretariat, who will confirm it.")
                    % {"email": nomination.email},
                )
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(meeting)


def meeting_ics(request, pk):
    meeting = get_object_or_404(selectors.meetings_visible_to(user=request.user), pk=pk)
    response = HttpResponse(meetings_ics([meeting], user=request.user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@keeps_not_found
def calendar_feed(request, token):
    """A person's private feed of their meetings; the key in the URL is the only credential."""
    if not FEED_KEY.fullmatch(token):
        raise Http404
    user = User.objects.filter(calendar_token=token, is_active=True).first()
    if user is None:
        raise Http404
    response = HttpResponse(
        feed_ics(selectors.meetings_of_invitee(user=user), user=user), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Language"] = user.preferred_language
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
@require_POST
def calendar_feed_rotate(request):
    """Replace the signed-in person's feed key (e.g. after it leaked); the old address answers 404 at once."""
    services.user_calendar_token_rotate(user=request.user)
    messages.success(
        request, _("Your calendar address has been replaced: the old one no longer works. Subscribe to the new one.")
    )
    return redirect("portal:profile")


def _invitation_of_token(token: str) -> Invitation | None:
    """The invitation an RSVP link names, or None for a forged, altered or outdated link."""
    try:
        invitation_id, email = rsvp_token_read(token)
    except BadToken:
        return None
    return Invitation.objects.select_related("meeting", "person").filter(pk=invitation_id, email__iexact=email).first()


@require_http_methods(["GET", "POST"])
def rsvp(request, token):
    """The page behind an RSVP link: a GET only shows it (mail scanners follow links); a POST answers.

    It is shown in the invitation's language (the link was made for its invitee), unless the reader chose one.
    """
    invitation = _invitation_of_token(token)
    if invitation is None:
        return render(request, "meetings/rsvp_invalid.html", status=400)
    language_of_link_use(request, invitation.language)
    if not rsvp_link_works(invitation):
        return render(request, "meetings/rsvp_gone.html", status=410)
    answered = invitation.rsvp in (Invitation.Rsvp.ACCEPTED, Invitation.Rsvp.TENTATIVE, Invitation.Rsvp.DECLINED)
    initial = {"answer": request.GET.get("answer") or (invitation.rsvp if answered else None)}
    form = RsvpForm(
        request.POST if request.method == "POST" else None, initial={**initial, "note": invitation.rsvp_note}
    )
    error = None
    if request.method == "POST":
        if form.is_valid():
            try:
                services.invitation_respond(
                    invitation=invitation,
                    answer=form.cleaned_data["answer"],
                    note=form.cleaned_data["note"],
                    by=request.user if request.user.is_authenticated else None,
                )
            except services.MeetingError as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(request, _("Thank you: your answer has been recorded."))
                return redirect("meetings:rsvp", token=token)
        else:
            error = " ".join(e for errors in form.errors.values() for e in errors)
        invitation.refresh_from_db()
    meeting = invitation.meeting
    online = meeting.status != meeting.Status.CANCELLED and can_see_online_link(None, meeting, invitation=invitation)
    return render(
        request,
        "meetings/rsvp.html",
        {
            "invitation": invitation,
            "meeting": meeting,
            "form": form,
            "error": error,
            "token": token,
            "online_link": meeting.online_link if online else "",
        },
        status=400 if error else 200,
    )


@require_http_methods(["GET"])
def rsvp_ics(request, token):
    """The meeting's calendar file for the invitee an RSVP link was made for (their page needs no sign-in)."""
    invitation = _invitation_of_token(token)
    if invitation is None:
        return render(request, "meetings/rsvp_invalid.html", status=400)
    if not rsvp_link_works(invitation):
        return render(request, "meetings/rsvp_gone.html", status=410)
    response = HttpResponse(invitation_ics(invitation), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{invitation.meeting_id}.ics"'
    return response


def document_download(request, pk):
    document = get_object_or_404(MeetingDocument.objects.select_related("meeting"), pk=pk)
    if not can_view_document(request.user, document):
        raise Http404
    return file_download(document.file, document.download_name)


def outcome_detail(request, pk):
    """An outcome document: its text in the reader's language (or the one asked for with `?text=`), the note naming
    the authoritative language, the signature block, the scan and the PDF."""
    try:
        document = selectors.outcome_for_page(user=request.user, pk=pk)
    except OutcomeDocument.DoesNotExist as exc:
        raise Http404 from exc
    languages = languages_with(document, "text")
    asked = request.GET.get("text")
    chosen = asked if isinstance(asked, str) and asked in languages else None
    text = text_in(document, "text", chosen)
    names = dict(settings.LANGUAGES)
    return render(
        request,
        "meetings/outcome.html",
        {
            "document": document,
            "meeting": document.meeting,
            "title": text_in(document, "title", text.language if text else chosen),
            "text": text,
            "place": text_in(document, "place"),
            "authoritative": document.authoritative_language,
            "authoritative_name": names.get(document.authoritative_language, document.authoritative_language),
            "other_languages": [(code, names.get(code, code)) for code in languages if code != text.language],
            "signatories": [
                {
                    "signatory": signatory,
                    "capacity": text_in(signatory, "capacity"),
                    "place": text_in(signatory, "place"),
                }
                for signatory in document.signatories.all()
            ],
        },
    )


def outcome_scan(request, pk):
    """The scan of the signed original, as a download, to those who may read the document."""
    document = get_object_or_404(OutcomeDocument.objects.select_related("meeting"), pk=pk)
    if not can_view_outcome(request.user, document) or not document.scan:
        raise Http404
    return file_download(document.scan, document.download_name)
