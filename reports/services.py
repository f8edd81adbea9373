"""Every change of a PDF report: asked for, rendered, given back, failed, tried again (DESIGN.md, "Reports").

A report is asked for with its kind, parameters, language and variant. Its data is gathered at once, so that the
caller learns whether the parameters are right and whether the person may see the result, and so that the same
parameters over the same data give back the file already stored (the fingerprint) instead of rendering again; a
frozen document (a meeting record once its minutes are approved) is stored once and given back ever after. A new
report is rendered by the task `reports.tasks.report_render` on its own queue after the commit (in-process under
`make run`), which gathers the data again, renders, stores the file and tells the person who asked, through the
outbox, that it is ready.
"""

import hashlib
import logging
import traceback

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council.outbox.dispatch import dispatch
from council.outbox.services import message_queue
from council.permissions import is_secretariat
from reports import emails
from reports.documents import Prepared, document_html, document_pdf, document_prepare
from reports.models import Report, ReportKind, ReportState, ReportVariant
from reports.permissions import audience_admits
from reports.webhooks import report_done_webhook

logger = logging.getLogger(__name__)

RENDER_TASK = "reports.tasks.report_render"
ERROR_LENGTH = 4000


class ReportNotAllowed(PermissionDenied):
    """The person may not see everything the document would hold (views answer 404, as for a missing thing)."""


class TooManyReports(ValidationError):
    """The person already has as many reports being rendered as one may have at once."""


def _check_choice(value, choices, message) -> str:
    if value not in choices:
        raise ValidationError(message)
    return value


def report_request(
    *, kind: str, parameters: dict, language: str, variant: str = ReportVariant.ACCESSIBLE, by
) -> Report:
    """The report of these parameters: a stored one when its data has not changed, else a new one to render.

    Raises ValidationError for parameters a person got wrong, ReportNotAllowed when `by` may not see the result.
    Outside the secretariat, wrong parameters are not allowed either: an unknown meeting and one the person may
    not see must look the same. Someone who is not the secretariat has at most REPORTS_IN_FLIGHT_PER_PERSON
    reports rendering at once (TooManyReports).
    """
    _check_choice(kind, ReportKind.values, _("Unknown kind of document."))
    _check_choice(language, [code for code, _name in settings.LANGUAGES], _("Unknown language."))
    _check_choice(variant, ReportVariant.values, _("Unknown variant."))
    try:
        prepared = document_prepare(kind=kind, parameters=dict(parameters or {}), language=language, variant=variant)
    except ValidationError:
        if is_secretariat(by):
            raise
        raise ReportNotAllowed from None
    if not audience_admits(by, prepared.gathered.audience):
        raise ReportNotAllowed
    existing = _stored(prepared)
    if existing is not None:
        return existing
    if not is_secretariat(by) and _in_flight(by) >= settings.REPORTS_IN_FLIGHT_PER_PERSON:
        raise TooManyReports(
            _("You already have %(count)s reports being prepared; ask for another once they are ready.")
            % {"count": settings.REPORTS_IN_FLIGHT_PER_PERSON}
        )
    with transaction.atomic():
        report = Report.objects.create(
            kind=kind,
            parameters=prepared.parameters,
            language=language,
            variant=variant,
            requested_by=by if getattr(by, "is_authenticated", False) else None,
        )
        _keep_audience(report, prepared)
        dispatch(RENDER_TASK, [report.pk])
    return report


def _in_flight(by) -> int:
    if not getattr(by, "is_authenticated", False):
        return 0
    return Report.objects.filter(requested_by=by, state__in=[ReportState.QUEUED, ReportState.RUNNING]).count()


def _same_document(prepared: Prepared):
    return Report.objects.filter(
        kind=prepared.kind, parameters=prepared.parameters, language=prepared.language, variant=prepared.variant
    )


def _stored_done(prepared: Prepared, *, besides: Report | None = None) -> Report | None:
    """A finished report of the same document whose file can be given back (or shared by `besides`, a report being
    rendered): the frozen one, else one of the same fingerprint (parameters, language, variant, layout and data)."""
    done = _same_document(prepared).filter(state=ReportState.DONE)
    if besides is not None:
        done = done.exclude(pk=besides.pk)
    if prepared.gathered.frozen:
        frozen = done.filter(frozen=True).order_by("finished_at", "pk").first()
        if frozen is not None:
            return frozen
    return done.filter(fingerprint=prepared.fingerprint).order_by("-pk").first()


def _stored(prepared: Prepared) -> Report | None:
    """A report to give back instead of a new one: a finished one (`_stored_done`), else one of the same
    fingerprint still queued or rendering."""
    coming = _same_document(prepared).filter(
        fingerprint=prepared.fingerprint, state__in=[ReportState.QUEUED, ReportState.RUNNING]
    )
    return _stored_done(prepared) or coming.order_by("-pk").first()


def _keep_audience(report: Report, prepared: Prepared) -> None:
    """Store who may see the report, from the data it holds, with its title, reference and fingerprint."""
    audience = prepared.gathered.audience
    report.access = audience.level
    report.meeting_id = audience.meeting_id
    report.addressee_id = audience.person_id
    report.title = prepared.gathered.title[:500]
    report.reference = prepared.gathered.reference[:100]
    report.fingerprint = prepared.fingerprint
    report.frozen = prepared.gathered.frozen
    report.save(update_fields=["access", "meeting", "addressee", "title", "reference", "fingerprint", "frozen"])
    report.bodies.set(sorted(audience.body_ids))


def _progress(report: Report, value: int, **fields) -> None:
    """Record progress now, outside any transaction, so that the progress page sees it while rendering goes on."""
    Report.objects.filter(pk=report.pk).update(progress=value, **fields)


def report_render(*, report_id: int) -> Report | None:
    """Render a queued report (run by the task); a report already taken, finished or gone is left alone."""
    with transaction.atomic():
        report = (
            Report.objects.select_for_update(skip_locked=True).filter(pk=report_id, state=ReportState.QUEUED).first()
        )
        if report is None:
            return None
        report.state, report.started_at, report.progress = ReportState.RUNNING, timezone.now(), 5
        report.save(update_fields=["state", "started_at", "progress"])
    try:
        prepared = document_prepare(
            kind=report.kind, parameters=report.parameters, language=report.language, variant=report.variant
        )
        with transaction.atomic():
            _keep_audience(report, prepared)  # the data may have changed since it was asked for: it shows this
        _progress(report, 20)
        stored = _stored_done(prepared, besides=report)
        if stored is not None:
            return _finish(report, name=stored.file.name, sha256=stored.sha256, size=stored.size, pages=stored.pages)
        html = document_html(prepared)
        _progress(report, 35)
        rendered = document_pdf(prepared, html=html)
        _progress(report, 90)
        name = report.file.field.generate_filename(report, f"{report.kind}.pdf")
        name = report.file.storage.save(name, ContentFile(rendered.pdf))
        return _finish(
            report,
            name=name,
            sha256=hashlib.sha256(rendered.pdf).hexdigest(),
            size=len(rendered.pdf),
            pages=rendered.pages,
        )
    except SoftTimeLimitExceeded:
        _fail(
            report,
            _("The rendering took longer than %(seconds)s s and was stopped.")
            % {"seconds": settings.REPORTS_SOFT_TIME_LIMIT},
        )
    except Exception as error:  # a failed rendering is recorded with its error, to be seen and tried again
        logger.exception("Report %s failed to render", report.pk)
        _fail(report, f"{error.__class__.__name__}: {error}\n\n{traceback.format_exc(limit=8)}")
    return Report.objects.get(pk=report.pk)


def _finish(report: Report, *, name: str, sha256: str, size: int, pages: int | None) -> Report:
    with transaction.atomic():
        Report.objects.filter(pk=report.pk).update(
            state=ReportState.DONE,
            progress=100,
            file=name,
            sha256=sha256,
            size=size,
            pages=pages,
            error="",
            finished_at=timezone.now(),
        )
        report.refresh_from_db()
        report_done_webhook(report)
        if report.requested_by_id and report.requested_by.email:
            message_queue(
                kind=emails.REPORT_READY,
                key=f"report-ready:{report.pk}",
                email=report.requested_by.email,
                language=report.language,
                recipient=report.requested_by,
                subject=report,
                context={"report": report.pk},
            )
    return report


def _fail(report: Report, error: str) -> None:
    Report.objects.filter(pk=report.pk).update(
        state=ReportState.FAILED, error=error[:ERROR_LENGTH] or "?", finished_at=timezone.now()
    )


def document_now(*, kind: str, parameters: dict, language: str, variant: str = ReportVariant.ACCESSIBLE):
    """A document's PDF at once, as (file name, bytes): the stored file when its data has not changed, else one
    rendered here and stored like any report (no one asked for it through the portal: no notice goes out).

    For an email that carries its document (an invitation with its letter): the email goes to the document's
    addressee, so no one's access is checked here; the caller decides who receives it.
    """
    prepared = document_prepare(kind=kind, parameters=dict(parameters), language=language, variant=variant)
    report = _stored(prepared)
    if report is None or report.state != ReportState.DONE:
        with transaction.atomic():
            report = Report.objects.create(
                kind=kind, parameters=prepared.parameters, language=language, variant=variant
            )
            _keep_audience(report, prepared)
        report = report_render(report_id=report.pk)
        if report is None or report.state != ReportState.DONE:
            raise RuntimeError(f"The document could not be rendered: {report.error if report else 'taken'}")
    with report.file.open("rb") as handle:
        return report.download_name, handle.read()


def report_retry(*, report: Report, by) -> Report:
    """Queue a failed report again (the caller checked reports.permissions.can_retry_report)."""
    with transaction.atomic():
        updated = Report.objects.filter(pk=report.pk, state=ReportState.FAILED).update(
            state=ReportState.QUEUED, progress=0, error="", started_at=None, finished_at=None
        )
        if not updated:
            raise ValidationError(_("Only a failed report can be tried again."))
        dispatch(RENDER_TASK, [report.pk])
    report.refresh_from_db()
    return report


def reports_sweep(*, now=None) -> dict[str, int]:
    """Reports whose rendering was lost: `queued` ones (the broker was down) are dispatched again; `running` ones
    past the hard time limit (their worker was killed: time or memory) are failed, to be tried again."""
    now = now or timezone.now()
    stale_queue = now - timezone.timedelta(seconds=settings.REPORTS_SWEEP_AFTER_SECONDS)
    stuck = now - timezone.timedelta(seconds=settings.REPORTS_TIME_LIMIT + 60)
    queued = list(
        Report.objects.filter(state=ReportState.QUEUED, created_at__lt=stale_queue).values_list("pk", flat=True)
    )
    with transaction.atomic():
        dispatch(RENDER_TASK, queued)
    failed = Report.objects.filter(state=ReportState.RUNNING, started_at__lt=stuck).update(
        state=ReportState.FAILED,
        error=_("The rendering stopped before it finished (a time or memory limit); it can be tried again."),
        finished_at=now,
    )
    return {"dispatched": len(queued), "failed": failed}
