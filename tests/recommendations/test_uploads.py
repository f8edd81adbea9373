"""Evidence of implementation (issue 7, item 10): a real PDF check, a size limit enforced while reading,
random storage names, and one access-checked download used by the portal and the admin alike."""

import re
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.test import Client
from django.urls import reverse

from recommendations import services
from recommendations.models import ImplementationReport, Recommendation
from tests import pdf_samples
from tests.factories import MembershipFactory, UserFactory
from tests.helpers import hidden_answer, stored_files
from tests.html import read_controls
from tests.recommendations.conftest import report_url, submit_report

pytestmark = pytest.mark.django_db

Status = Recommendation.Status
PDF = pdf_samples.plain_pdf()


@pytest.fixture
def focal_point(council_body, states):
    person = UserFactory(full_name_latin="Focal Point UZ")
    MembershipFactory(person=person, body=council_body, represents_state=states["UZ"], is_focal_point=True)
    return person


@pytest.fixture
def published(make_recommendation, advance):
    """A published recommendation of group B for council members, addressed to Uzbekistan."""
    return advance(
        make_recommendation(title="Reintegration centres", states=("UZ",), access="council"), Status.PUBLISHED
    )


def form(**files):
    return {
        "period": services.current_period(),  # the form offers the periods since publication
        "status": "in_progress",
        "progress": "40",
        "narrative": "Two centres opened.",
        "evidence_links": "",
        **files,
    }


def upload(client, recommendation, name, content):
    return client.post(report_url(recommendation, "UZ"), form(evidence_file=SimpleUploadedFile(name, content)))


# What is refused --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [pdf_samples.HTML_AS_PDF, pdf_samples.SVG_AS_PDF, pdf_samples.JS_AS_PDF, pdf_samples.FAKE_PDF],
    ids=["html", "svg", "javascript", "header_and_trailer_only"],
)
def test_a_file_that_only_starts_like_a_pdf_is_refused(client, english, media, published, focal_point, content):
    client.force_login(focal_point)
    response = upload(client, published, "decree.pdf", content)
    assert response.status_code == 400
    assert "This file is not a valid PDF" in response.content.decode()
    assert not ImplementationReport.objects.exists()
    assert stored_files(media) == []


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (pdf_samples.pdf_with_javascript, "The PDF contains JavaScript"),
        (pdf_samples.pdf_with_hidden_javascript, "The PDF contains JavaScript"),
        (pdf_samples.pdf_with_embedded_file, "The PDF contains embedded files or attachments"),
        (pdf_samples.pdf_with_file_attachment_annotation, "The PDF contains embedded files or attachments"),
        (pdf_samples.pdf_with_launch_action, "The PDF contains an action that launches programs"),
        (pdf_samples.encrypted_pdf, "The PDF is encrypted or protected by a password"),
    ],
    ids=["javascript", "javascript_in_object_stream", "embedded_file", "attachment_annotation", "launch", "encrypted"],
)
def test_a_pdf_with_active_content_is_refused(client, english, media, published, focal_point, make, message):
    client.force_login(focal_point)
    response = upload(client, published, "decree.pdf", make())
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImplementationReport.objects.exists()
    assert stored_files(media) == []


def test_the_service_refuses_active_content_too(published, focal_point):
    with pytest.raises(services.RecommendationError, match="JavaScript"):
        submit_report(
            published,
            "UZ",
            by=focal_point,
            evidence_file=SimpleUploadedFile("x.pdf", pdf_samples.pdf_with_javascript()),
        )


# What is kept, and how --------------------------------------------------------------------------------


def test_a_plain_pdf_is_stored_under_a_random_name_with_its_own_name_kept(client, media, published, focal_point):
    client.force_login(focal_point)
    for _ in range(2):
        assert upload(client, published, "Decree 15 of the Cabinet.pdf", PDF).status_code == 302

    first, second = ImplementationReport.objects.order_by("pk")
    for report in (first, second):
        assert re.fullmatch(r"implementation/[0-9a-f]{32}\.pdf", report.evidence_file.name)
        assert report.evidence_name == "Decree 15 of the Cabinet.pdf"
        assert "Decree" not in report.evidence_file.name
    assert first.evidence_file.name != second.evidence_file.name
    with first.evidence_file.open("rb") as stored:
        assert stored.read() == PDF


def test_an_oversize_file_is_refused_with_a_clear_message(client, english, settings, media, published, focal_point):
    settings.UPLOAD_MAX_BYTES = 50_000
    client.force_login(focal_point)
    response = upload(client, published, "scan.pdf", PDF + b"%" + b"x" * 60_000)
    assert response.status_code == 400
    assert "The file is too large: a document may be at most 48.8\xa0KB." in response.content.decode()
    assert not ImplementationReport.objects.exists()
    assert stored_files(media) == []


class CountingHandler(FileUploadHandler):
    """Placed after the limit: counts the bytes of files that reach the handlers that keep them."""

    received = 0

    def receive_data_chunk(self, raw_data, start):
        CountingHandler.received += len(raw_data)
        return raw_data

    def file_complete(self, file_size):
        return None


def test_the_bytes_of_a_file_past_the_limit_are_never_kept(client, settings, media, published, focal_point):
    settings.UPLOAD_MAX_BYTES = 100_000
    settings.FILE_UPLOAD_HANDLERS = [
        "council.uploads.LimitedUploadHandler",
        f"{__name__}.CountingHandler",
        "django.core.files.uploadhandler.MemoryFileUploadHandler",
        "django.core.files.uploadhandler.TemporaryFileUploadHandler",
    ]
    CountingHandler.received = 0
    client.force_login(focal_point)
    response = upload(client, published, "scan.pdf", b"%PDF-1.4\n" + b"0" * 3_000_000)
    assert response.status_code == 400
    assert CountingHandler.received <= 100_000


class CountingBody:
    """A multipart body of `size` bytes made on demand; counts how much of it the server reads."""

    HEAD = (
        b'--BoUnDaRy\r\nContent-Disposition: form-data; name="evidence_file"; filename="big.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n%PDF-1.4\n"
    )

    def __init__(self, size: int):
        self.size, self.position = size, 0

    def read(self, n=-1):
        n = self.size - self.position if n is None or n < 0 else min(n, self.size - self.position)
        start, self.position = self.position, self.position + n
        head = self.HEAD[start : start + n]
        return head + b"0" * (n - len(head))

    def readline(self, limit=-1):
        return self.read(limit if limit and limit > 0 else 65536)


def post_body(client, url, size):
    body = CountingBody(size)
    response = client.generic(
        "POST",
        url,
        CONTENT_LENGTH=str(size),
        CONTENT_TYPE="multipart/form-data; boundary=BoUnDaRy",
        **{"wsgi.input": body},
    )
    return response, body.position


def test_a_large_anonymous_upload_is_refused_before_it_is_read(published):
    # With CSRF checks on, as in production: the check reads the form, and with it the whole body.
    client = Client(enforce_csrf_checks=True)
    response, read = post_body(client, report_url(published, "UZ"), 60 * 1024 * 1024)
    assert response.status_code == 413
    assert read == 0


def test_a_signed_in_upload_over_the_request_limit_is_refused_before_it_is_read(settings, published, focal_point):
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(focal_point)
    limit = settings.UPLOAD_MAX_REQUEST_BYTES
    response, read = post_body(client, report_url(published, "UZ"), limit + 1)
    assert response.status_code == 413
    assert response.content.decode().startswith("The request is too large: at most 31.0\xa0MB may be sent at once.")
    assert read == 0


def test_a_signed_in_upload_under_the_request_limit_is_read(settings, media, published, focal_point):
    client = Client()
    client.force_login(focal_point)
    response, read = post_body(client, report_url(published, "UZ"), 3 * 1024 * 1024)
    assert response.status_code == 400  # the form: a file that is no PDF, and the other fields missing
    assert read == 3 * 1024 * 1024


# Downloads --------------------------------------------------------------------------------------------


@pytest.fixture
def report(media, published, focal_point):
    return submit_report(
        published,
        "UZ",
        by=focal_point,
        status="in_progress",
        progress=40,
        narrative="Two centres opened.",
        evidence_file=SimpleUploadedFile('Указ №15 "о центрах".pdf', PDF),
    )


def test_the_evidence_is_downloaded_as_an_attachment_by_those_who_see_the_report(client, report, wg):
    client.force_login(wg.members["TJ"])  # a member of group B, which owns the recommendation
    page = client.get(report.recommendation.get_absolute_url()).content.decode()
    url = reverse("recommendations:evidence", args=[report.pk])
    assert f'href="{url}"' in page
    assert "/media/" not in page

    response = client.get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''" + quote('Указ №15 "о центрах".pdf')
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("who", ["anonymous", "member_a", "outsider"])
def test_the_evidence_is_hidden_from_those_who_cannot_see_the_report(client, report, member_a, outsider, who):
    Recommendation.objects.filter(pk=report.recommendation_id).update(access="body")  # group B's members only
    if who != "anonymous":
        client.force_login({"member_a": member_a, "outsider": outsider}[who])
    signed_in = who != "anonymous"
    assert hidden_answer(client.get(report.recommendation.get_absolute_url()), signed_in=signed_in)
    assert hidden_answer(client.get(reverse("recommendations:evidence", args=[report.pk])), signed_in=signed_in)


def test_a_report_without_evidence_or_with_its_file_gone_answers_404(client, report, staff, media):
    client.force_login(staff)
    assert client.get(reverse("recommendations:evidence", args=[987654])).status_code == 404
    for path in stored_files(media):
        path.unlink()
    assert client.get(reverse("recommendations:evidence", args=[report.pk])).status_code == 404
    ImplementationReport.objects.filter(pk=report.pk).update(evidence_file="")
    assert client.get(reverse("recommendations:evidence", args=[report.pk])).status_code == 404


def test_the_admin_links_the_evidence_to_the_download_view(client, report, staff):
    client.force_login(staff)
    page = client.get(reverse("admin:recommendations_implementationreport_change", args=[report.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    url = reverse("recommendations:evidence", args=[report.pk])
    assert f'href="{url}"' in text
    assert report.evidence_file.name not in text  # the random storage name is never shown
    assert "file" not in {c.type for c in read_controls(page)}  # evidence is read-only in the admin

    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


# Bad addresses of the report page ---------------------------------------------------------------------


@pytest.mark.parametrize("code", ["%00", "U%00", "UZB", "x" * 300, "%D8%A7%D9%84", "1"])
def test_a_malformed_state_code_answers_404(client, staff, published, code):
    client.force_login(staff)
    response = client.get(f"/recommendations/{published.pk}/report/{code}/")
    # A NUL byte may be refused earlier, by the request hygiene middleware (400); never a server error.
    assert response.status_code in ((400, 404) if "%00" in code else (404,))
