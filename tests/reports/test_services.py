"""Asking for a report, rendering it, giving a stored one back, failing, trying again, sweeping (reports.services)."""

import datetime
import hashlib

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from council.models import Access
from council.reporting import Audience
from reports import services
from reports.models import Report, ReportState
from tests.reports.pdf import embedded_data, pdf_conformance, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def ask(django_capture_on_commit_callbacks, media, test_document):
    """Ask for the test document as `by`, running what is dispatched after the commit (the rendering, the email)."""

    def run(by, **fields):
        values = {"kind": "compendium", "parameters": {"n": 1}, "language": "uz", "by": by} | fields
        with django_capture_on_commit_callbacks(execute=True):
            report = services.report_request(**values)
        report.refresh_from_db()
        return report

    return run


def test_a_report_is_rendered_stored_and_announced_to_who_asked(ask, staff, test_document):
    report = ask(staff)

    assert report.state == ReportState.DONE and report.progress == 100
    pdf = report.file.read()
    assert report.sha256 == hashlib.sha256(pdf).hexdigest() and report.size == len(pdf)
    assert report.pages == 2  # the cover, then the section
    assert (report.title, report.reference, report.access) == ("Test document", "REC/TEST/1", Access.PUBLIC)
    assert "Oʻzbekiston Gʻalaba" in text_of(pdf)
    assert pdf_conformance(pdf) == {"pdfuaid:part": "1"}
    [email] = mail.outbox
    assert email.to == [staff.email] and "REC/TEST/1" in email.body and f"/reports/{report.pk}/" in email.body


def test_the_archival_variant_is_pdf_a_3_with_the_data_it_shows(ask, staff):
    report = ask(staff, variant="archival")

    pdf = report.file.read()
    assert pdf_conformance(pdf) == {"pdfaid:part": "3", "pdfaid:conformance": "A"}
    carried = embedded_data(pdf)
    assert carried["reference"] == "REC/TEST/1" and carried["data"]["text"] in text_of(pdf)


def test_the_same_parameters_over_the_same_data_give_back_the_stored_file(ask, staff, test_document):
    first = ask(staff)

    again = ask(staff)

    assert again.pk == first.pk and Report.objects.count() == 1
    assert len(mail.outbox) == 1  # nothing rendered, nothing announced again


def test_changed_data_or_another_language_or_variant_render_anew(ask, staff, test_document):
    first = ask(staff)
    test_document.text = "Changed text"

    changed = ask(staff)
    other_language = ask(staff, language="ru")
    other_variant = ask(staff, variant="archival")

    assert len({first.pk, changed.pk, other_language.pk, other_variant.pk}) == 4
    assert "Changed text" in text_of(changed.file.read())
    assert changed.fingerprint != first.fingerprint


def test_a_frozen_document_is_stored_once_and_never_changes(ask, staff, test_document):
    test_document.frozen = True
    first = ask(staff)
    test_document.text = "Someone edited the data afterwards"

    again = ask(staff)

    assert again.pk == first.pk and again.frozen
    assert "Someone edited" not in text_of(again.file.read())


def test_a_report_asked_for_twice_while_rendering_is_rendered_once(staff, test_document, media):
    first = services.report_request(kind="compendium", parameters={"n": 1}, language="en", by=staff)

    second = services.report_request(kind="compendium", parameters={"n": 1}, language="en", by=staff)

    assert second.pk == first.pk and first.state == ReportState.QUEUED


def test_a_failed_rendering_is_recorded_with_its_error_and_can_be_tried_again(ask, staff, test_document):
    test_document.fail_with = RuntimeError("the printer caught fire")
    with pytest.raises(RuntimeError):
        ask(staff)  # gathering at the request fails loudly: nothing is stored
    assert Report.objects.count() == 0

    test_document.fail_with = None
    report = services.report_request(kind="compendium", parameters={"n": 1}, language="en", by=staff)
    test_document.fail_with = RuntimeError("the printer caught fire")
    services.report_render(report_id=report.pk)
    report.refresh_from_db()
    assert report.state == ReportState.FAILED and "the printer caught fire" in report.error and not report.file

    test_document.fail_with = None
    services.report_retry(report=report, by=staff)
    services.report_render(report_id=report.pk)
    report.refresh_from_db()
    assert report.state == ReportState.DONE and report.error == ""


def test_only_a_failed_report_is_tried_again(ask, staff):
    report = ask(staff)

    with pytest.raises(ValidationError):
        services.report_retry(report=report, by=staff)


def test_a_report_is_rendered_once_even_if_its_task_runs_twice(staff, test_document, media):
    report = services.report_request(kind="compendium", parameters={"n": 1}, language="en", by=staff)
    services.report_render(report_id=report.pk)
    gathered = test_document.gathered

    assert services.report_render(report_id=report.pk) is None
    assert test_document.gathered == gathered


def test_nobody_gets_a_report_they_may_not_see_all_of(staff, member, test_document, media):
    test_document.audience = Audience(level=Access.SECRETARIAT)

    with pytest.raises(services.ReportNotAllowed):
        services.report_request(kind="compendium", parameters={"n": 1}, language="en", by=member)
    assert services.report_request(kind="compendium", parameters={"n": 1}, language="en", by=staff)


def test_wrong_parameters_tell_the_secretariat_and_look_like_a_hidden_thing_to_others(staff, member, test_document):
    with pytest.raises(ValidationError) as raised:
        services.report_request(kind="compendium", parameters={"bad": 1}, language="en", by=staff)
    assert not isinstance(raised.value, services.ReportNotAllowed)
    with pytest.raises(services.ReportNotAllowed):
        services.report_request(kind="compendium", parameters={"bad": 1}, language="en", by=member)
    for wrong in ({"kind": "poem"}, {"language": "fr"}, {"variant": "pdf/x"}):
        values = {"kind": "compendium", "parameters": {}, "language": "en", "by": staff} | wrong
        with pytest.raises(ValidationError):
            services.report_request(**values)
    assert Report.objects.count() == 0


def test_a_member_has_a_few_reports_rendering_at_once_the_secretariat_any(staff, member, test_document, settings):
    settings.REPORTS_IN_FLIGHT_PER_PERSON = 2
    for n in (1, 2):
        services.report_request(kind="compendium", parameters={"n": n}, language="en", by=member)

    with pytest.raises(services.TooManyReports):
        services.report_request(kind="compendium", parameters={"n": 3}, language="en", by=member)
    for n in (1, 2, 3):
        services.report_request(kind="compendium", parameters={"n": n}, language="ru", by=staff)


def test_the_audience_stored_is_the_one_of_the_data_rendered(staff, test_document, group_a, media):
    report = services.report_request(kind="compendium", parameters={"n": 1}, language="en", by=staff)
    test_document.audience = Audience(level=Access.BODY, body_ids={group_a.pk})

    services.report_render(report_id=report.pk)

    report.refresh_from_db()
    assert report.access == Access.BODY and [b.pk for b in report.bodies.all()] == [group_a.pk]


def test_the_sweep_dispatches_lost_reports_and_fails_stuck_ones(staff, test_document, media, settings):
    lost = services.report_request(kind="compendium", parameters={"n": 1}, language="en", by=staff)
    stuck = services.report_request(kind="compendium", parameters={"n": 2}, language="en", by=staff)
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    Report.objects.filter(pk=lost.pk).update(created_at=long_ago)
    Report.objects.filter(pk=stuck.pk).update(state=ReportState.RUNNING, started_at=long_ago, created_at=long_ago)
    fresh = services.report_request(kind="compendium", parameters={"n": 3}, language="en", by=staff)

    counts = services.reports_sweep()

    assert counts == {"dispatched": 1, "failed": 1}
    states = dict(Report.objects.values_list("pk", "state"))
    assert states[stuck.pk] == ReportState.FAILED and states[fresh.pk] == ReportState.QUEUED
