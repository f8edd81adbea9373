"""Portal pages of the PDF reports: ask for one, follow its progress, download it (DESIGN.md, "Reports").

A report the person may not see answers 404 on every page, as one that does not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from council.permissions import is_secretariat
from council.uploads import file_download
from reports import selectors, services
from reports.forms import ReportRequestForm
from reports.models import Report, ReportState, ReportVariant
from reports.permissions import can_retry_report, can_view_report


def _visible_report(request, pk: int) -> Report:
    report = get_object_or_404(Report.objects.select_related("requested_by"), pk=pk)
    if not can_view_report(request.user, report):
        raise Http404
    return report


@require_GET
def report_list(request):
    return render(
        request,
        "reports/pages/list.html",
        {
            "reports": selectors.reports_ready_for(user=request.user),
            "mine": selectors.reports_in_flight_of(user=request.user),
        },
    )


@login_required
@require_POST
def report_new(request):
    """Ask for a document; the language defaults to the page's, the variant to the accessible one. Errors come
    back as messages; a document the person may not see (or of something that does not exist) answers 404."""
    data = request.POST.copy()
    data.setdefault("language", get_language())
    data.setdefault("variant", ReportVariant.ACCESSIBLE)
    form = ReportRequestForm(data)
    back = request.POST.get("next") or reverse("reports:list")
    if not back.startswith("/") or back.startswith("//"):
        back = reverse("reports:list")
    if not form.is_valid():
        messages.error(request, _("This report cannot be made: %(errors)s") % {"errors": _form_errors(form)})
        return redirect(back)
    try:
        report = services.report_request(
            kind=form.cleaned_data["kind"],
            parameters=form.parameters(),
            language=form.cleaned_data["language"],
            variant=form.cleaned_data["variant"],
            by=request.user,
        )
    except services.ReportNotAllowed as exc:
        raise Http404 from exc
    except services.TooManyReports as exc:
        messages.error(request, str(exc.message))
        return redirect(back)
    except ValidationError as exc:
        messages.error(request, _("This report cannot be made: %(errors)s") % {"errors": " ".join(exc.messages)})
        return redirect(back)
    return redirect("reports:detail", pk=report.pk)


def _form_errors(form) -> str:
    return " ".join(
        f"{form.fields[name].label if name in form.fields else ''}: {' '.join(errors)}".lstrip(": ")
        for name, errors in form.errors.items()
    )


@require_GET
def report_detail(request, pk: int):
    report = _visible_report(request, pk)
    return render(
        request,
        "reports/pages/detail.html",
        {
            "report": report,
            "can_retry": can_retry_report(request.user, report),
            "show_error": is_secretariat(request.user),  # the error may name the server's internals
            "status": _status(report),
        },
    )


def _status(report: Report) -> dict:
    done = report.state == ReportState.DONE
    return {
        "state": report.state,
        "label": report.get_state_display(),
        "progress": report.progress,
        "pages": report.pages,
        "download": reverse("reports:download", args=[report.pk]) if done else "",
        "finished": report.state in (ReportState.DONE, ReportState.FAILED),
    }


@require_GET
def report_status(request, pk: int):
    """What the progress page asks every second or two (no page reload, no inline script)."""
    report = _visible_report(request, pk)
    response = JsonResponse(_status(report))
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def report_download(request, pk: int):
    report = _visible_report(request, pk)
    if report.state != ReportState.DONE:
        raise Http404
    return file_download(report.file, report.download_name)


@require_POST
def report_retry(request, pk: int):
    report = _visible_report(request, pk)
    if not can_retry_report(request.user, report):
        raise Http404
    services.report_retry(report=report, by=request.user)
    messages.success(request, _("The report will be rendered again."))
    return redirect("reports:detail", pk=report.pk)
