"""Meeting documents (issue 7, item 10): uploaded in the admin as plain PDFs under random names, refused when
active or too large, and served by the one access-checked download view that the admin links to as well."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from council.models import Access
from meetings.models import MeetingDocument
from tests import pdf_samples
from tests.factories import MeetingFactory
from tests.helpers import hidden_answer, stored_files
from tests.html import read_form

pytestmark = pytest.mark.django_db

PDF = pdf_samples.plain_pdf()


def change_url(meeting):
    return reverse("admin:meetings_meeting_change", args=[meeting.pk])


def post_document(client, meeting, name, content, **fields):
    """Add one document through the meeting's change form, as the secretariat does."""
    data = read_form(client.get(change_url(meeting)), "meeting_form").data
    total = int(data["documents-TOTAL_FORMS"])
    data["documents-TOTAL_FORMS"] = str(total + 1)
    row = f"documents-{total}-"
    data.update(
        {
            f"{row}title": fields.get("title", "Agenda with annotations"),
            f"{row}language": "ru",
            f"{row}access": fields.get("access", Access.BODY),
            f"{row}file": SimpleUploadedFile(name, content, content_type="application/pdf"),
        }
    )
    return client.post(change_url(meeting), data)


def test_a_plain_pdf_is_stored_under_a_random_name_and_linked_to_the_download_view(client, secretary, media, meeting):
    response = post_document(client, meeting, "Повестка дня.pdf", PDF)
    assert response.status_code == 302, response.context and response.context.get("errors")

    document = MeetingDocument.objects.get()
    assert re.fullmatch(r"meetings/[0-9a-f]{32}\.pdf", document.file.name)
    assert document.original_name == "Повестка дня.pdf"

    page = client.get(change_url(meeting)).content.decode()
    assert f'href="{document.get_absolute_url()}"' in page
    assert "/media/" not in page and document.file.name not in page

    download = client.get(document.get_absolute_url())  # the link the admin shows, followed by the secretariat
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    assert download["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (pdf_samples.HTML_AS_PDF, "This file is not a valid PDF"),
        (pdf_samples.SVG_AS_PDF, "This file is not a valid PDF"),
        (pdf_samples.JS_AS_PDF, "This file is not a valid PDF"),
        (pdf_samples.pdf_with_javascript(), "The PDF contains JavaScript"),
        (pdf_samples.pdf_with_embedded_file(), "The PDF contains embedded files or attachments"),
        (pdf_samples.pdf_with_launch_action(), "The PDF contains an action that launches programs"),
        (pdf_samples.encrypted_pdf(), "The PDF is encrypted"),
    ],
    ids=["html", "svg", "javascript_text", "javascript", "embedded_file", "launch", "encrypted"],
)
def test_a_document_that_is_not_a_plain_pdf_is_refused(client, secretary, media, meeting, content, message):
    response = post_document(client, meeting, "agenda.pdf", content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MeetingDocument.objects.exists()
    assert stored_files(media) == []


def test_an_oversize_document_is_refused_with_a_clear_message(client, secretary, settings, media, meeting):
    settings.UPLOAD_MAX_BYTES = 20_000
    response = post_document(client, meeting, "scan.pdf", PDF + b"%" + b"0" * 30_000)
    assert response.status_code == 200
    assert "The file is too large: a document may be at most 19.5\xa0KB." in response.content.decode()
    assert not MeetingDocument.objects.exists()


def test_editing_a_meeting_keeps_documents_stored_before_the_pdf_rule(client, secretary, media, meeting):
    stored = default_storage.save("meetings/7/0b9e77.txt", ContentFile(b"plain text"))
    old = MeetingDocument.objects.create(meeting=meeting, title="Old notes", access=Access.BODY, file=stored)
    data = read_form(client.get(change_url(meeting)), "meeting_form").data
    assert client.post(change_url(meeting), data).status_code == 302
    old.refresh_from_db()
    assert old.file.read() == b"plain text"


def test_a_file_kept_from_before_the_pdf_rule_is_offered_as_an_unknown_download(client, media, group_a, member_a):
    meeting = MeetingFactory(bodies=[group_a], access=Access.BODY)
    stored = default_storage.save("meetings/7/4f1c2a.html", ContentFile(b"<script>alert(1)</script>"))
    old = MeetingDocument.objects.create(
        meeting=meeting, title="Old page", access=Access.BODY, original_name="page.html", file=stored
    )
    client.force_login(member_a)
    response = client.get(old.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="page.html"'
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("who", ["anonymous", "member_b", "outsider"])
def test_a_body_document_is_hidden_from_those_outside_the_body(client, media, group_a, member_b, outsider, who):
    meeting = MeetingFactory(bodies=[group_a], access=Access.COUNCIL)
    document = MeetingDocument.objects.create(
        meeting=meeting, title="Draft", access=Access.BODY, file=ContentFile(PDF, name="d.pdf"), original_name="d.pdf"
    )
    if who != "anonymous":
        client.force_login({"member_b": member_b, "outsider": outsider}[who])
    assert hidden_answer(client.get(document.get_absolute_url()), signed_in=who != "anonymous")


def test_a_document_whose_file_is_gone_answers_404(client, secretary, media, meeting):
    document = MeetingDocument.objects.create(
        meeting=meeting, title="Gone", access=Access.BODY, file=ContentFile(PDF, name="g.pdf")
    )
    for path in stored_files(media):
        path.unlink()
    assert client.get(document.get_absolute_url()).status_code == 404
