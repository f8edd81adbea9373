"""The report record: the database refuses a report marked ready without its file, or failed without a reason."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from reports.models import Report, ReportKind, ReportState, ReportVariant

pytestmark = pytest.mark.django_db


def _report(**fields):
    values = {"kind": ReportKind.COMPENDIUM, "language": "ru", "parameters": {"year": 2025}} | fields
    return Report.objects.create(**values)


def test_a_new_report_is_queued_accessible_and_empty():
    report = _report()

    assert (report.state, report.variant, report.progress) == (ReportState.QUEUED, ReportVariant.ACCESSIBLE, 0)
    assert not report.file and report.sha256 == "" and report.size is None
    with translation.override("en"):
        assert str(report) == f"Recommendation compendium (ru, Accessible (PDF/UA-1)) #{report.pk}"


@pytest.mark.parametrize(
    "fields",
    [
        {"progress": 101},
        {"state": "lost"},
        {"state": ReportState.DONE, "progress": 100},  # no file, digest or size
        {"state": ReportState.DONE, "progress": 100, "file": "reports/a.pdf", "sha256": "0" * 64},  # no size
        {"state": ReportState.DONE, "progress": 90, "file": "reports/a.pdf", "sha256": "0" * 64, "size": 10},
        {"state": ReportState.FAILED},  # no error
    ],
)
def test_the_database_refuses_an_inconsistent_report(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        _report(**fields)


def test_a_ready_report_and_a_failed_one_are_accepted():
    _report(state=ReportState.DONE, progress=100, file="reports/a.pdf", sha256="0" * 64, size=10, pages=1)
    _report(state=ReportState.FAILED, error="WeasyPrint: out of memory")

    assert Report.objects.count() == 2
