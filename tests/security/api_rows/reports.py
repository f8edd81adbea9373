"""Rows of reports: finished reports at the public and partners levels for every caller with the scope; a body's,
the secretariat's and a personal report hidden from partner keys (404); the data of the archival variant only."""

import hashlib
import io
import json

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from council.partners.scopes import Scope
from reports.models import Report, ReportKind, ReportState, ReportVariant
from tests.security.api_matrix import BAD, HIDDEN, NOT_ALLOWED, ApiCase, expect, hidden_from_partners

READ = Scope.REPORTS_READ
MISSING = 10**9


def _archival_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    payload = {"kind": "compendium", "language": "en", "title": "T", "reference": "R", "parameters": {}, "data": {}}
    writer.add_attachment("report-data.json", json.dumps(payload).encode())
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def extend(world) -> dict:
    """A finished archival report at the partners level, carrying its data as the archival variant does."""
    pdf = _archival_pdf()
    report = Report(
        kind=ReportKind.COMPENDIUM,
        language="en",
        variant=ReportVariant.ARCHIVAL,
        access="partners",
        state=ReportState.DONE,
        progress=100,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        finished_at=timezone.now(),
        reference="REC-COMPENDIUM",
    )
    report.file.save("archival.pdf", ContentFile(pdf), save=False)
    report.save()
    return {"archival": report}


def rows(world, extra) -> list[ApiCase]:
    archival = extra["archival"]
    reports = world.reports

    def url(name, report_pk):
        return lambda: (
            reverse(name, args=[report_pk]) if name.endswith("detail") else reverse(name, kwargs={"pk": report_pk})
        )

    # Who sees each report of the world besides the secretariat: group A's members (the body's record), its
    # addressee (the personal letter); nobody but the secretariat the secretariat's; nobody a failed one.
    seen = {
        "public": expect(),
        "body": hidden_from_partners(),
        "secretariat": hidden_from_partners(member=HIDDEN),
        "personal": hidden_from_partners(),
        "failed": expect(HIDDEN),
    }
    cases = [
        ApiCase("api:report-list", lambda: reverse("api:report-list"), expect(), READ),
        ApiCase(
            "api:report-list",
            lambda: reverse("api:report-list") + "?kind=compendium&variant=archival&language=en",
            expect(),
            READ,
            label="filters",
        ),
        ApiCase(
            "api:report-list",
            lambda: reverse("api:report-list") + "?finished_since=soon",
            expect(BAD),
            READ,
            label="bad filter",
        ),
        ApiCase(
            "api:report-list",
            lambda: reverse("api:report-list"),
            expect(NOT_ALLOWED),
            READ,
            method="post",
            data=lambda: {"kind": "compendium"},
            label="read-only",
        ),
        ApiCase("api:report-detail", url("api:report-detail", archival.pk), expect(), READ, label="archival"),
        ApiCase("api:report-detail", url("api:report-detail", MISSING), expect(HIDDEN), READ, label="missing"),
        ApiCase("api:report-pdf", url("api:report-pdf", archival.pk), expect(), READ, label="archival"),
        ApiCase("api:report-pdf", url("api:report-pdf", MISSING), expect(HIDDEN), READ, label="missing"),
        ApiCase("api:report-data", url("api:report-data", archival.pk), expect(), READ, label="archival"),
        ApiCase(
            "api:report-data",
            url("api:report-data", reports["public"].pk),
            expect(HIDDEN),
            READ,
            label="accessible: no data",
        ),
        ApiCase("api:report-data", url("api:report-data", MISSING), expect(HIDDEN), READ, label="missing"),
    ]
    for name, expected in seen.items():
        pk = reports[name].pk
        cases += [
            ApiCase("api:report-detail", url("api:report-detail", pk), expected, READ, label=name),
            ApiCase("api:report-pdf", url("api:report-pdf", pk), expected, READ, label=name),
        ]
    return cases
