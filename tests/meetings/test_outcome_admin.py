"""The secretariat's screens of outcome documents (issue 12): who may use them, the scan's checks with a message
that changes nothing, the publish action, and a published text shown read-only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from council.audit import AuditAction
from council.models import AuditRecord
from tests.factories import MeetingFactory
from tests.helpers import admin_action, messages_of
from tests.html import read_form
from tests.meetings.outcome_helpers import outcome_make
from tests.security.conftest import small_pdf

pytestmark = pytest.mark.usefixtures("media")

CHANGELIST = reverse("admin:meetings_outcomedocument_changelist")


@pytest.fixture
def forum(group_a):
    return MeetingFactory(bodies=[group_a], access="public")


@pytest.fixture
def draft(forum, staff, states):
    return outcome_make(
        meeting=forum, by=staff, publish=False, signatories=[("Nurlan Example", states["KZ"], "Minister")]
    )


def _change(client, document, **changes):
    address = reverse("admin:meetings_outcomedocument_change", args=[document.pk])
    data = read_form(client.get(address), "outcomedocument_form").data
    data.update(changes, _save="Save")
    return client.post(address, data)


def test_only_the_secretariat_opens_the_screens(client, draft, member_a, outsider):
    change = reverse("admin:meetings_outcomedocument_change", args=[draft.pk])
    for person in (None, member_a, outsider):
        client.logout()
        if person is not None:
            client.force_login(person)
        for url in (CHANGELIST, change):
            response = client.get(url)
            assert response.status_code in (302, 403), (person, url)
            assert response.status_code != 302 or "/login/" in response["Location"]


def test_the_secretariat_lists_and_edits_a_draft(secretary, client, draft):
    assert draft.reference in client.get(CHANGELIST).content.decode()
    assert _change(client, draft, text_en="Amended.").status_code == 302
    draft.refresh_from_db()
    assert draft.text_en == "Amended."


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("signed.pdf", b"<html><script>alert(1)</script></html>", "not a valid PDF"),
        ("signed.exe", small_pdf(), "must end in .pdf"),
        (
            "signed.pdf",
            small_pdf().replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (x) >>"),
            "JavaScript",
        ),
    ],
)
def test_a_bad_scan_is_refused_with_a_message_and_nothing_changes(secretary, client, draft, name, content, message):
    before = AuditRecord.objects.count()
    response = _change(client, draft, text_en="Not saved either.", scan=SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert message in response.content.decode()
    draft.refresh_from_db()
    assert not draft.scan and draft.text_en != "Not saved either."
    assert AuditRecord.objects.count() == before


def test_a_good_scan_is_stored_under_a_random_name_and_linked_to_the_checked_download(secretary, client, draft):
    assert _change(client, draft, scan=SimpleUploadedFile("Протокол подписанный.pdf", small_pdf())).status_code == 302
    draft.refresh_from_db()
    assert draft.scan_name == "Протокол подписанный.pdf" and "Протокол" not in draft.scan.name
    page = client.get(reverse("admin:meetings_outcomedocument_change", args=[draft.pk])).content.decode()
    assert draft.get_download_url() in page


def test_the_publish_action_publishes_and_tells_what_it_refused(secretary, client, draft, forum):
    empty = outcome_make(meeting=forum, by=secretary, publish=False)
    response = admin_action(client, type(draft), "publish", [draft, empty], follow=True)
    shown = " ".join(messages_of(response))
    draft.refresh_from_db()
    empty.refresh_from_db()
    assert draft.is_published and not empty.is_published
    assert empty.reference in shown and "1 outcome document published." in shown
    assert AuditRecord.objects.filter(action=AuditAction.OUTCOME_PUBLISH.value, target_id=str(draft.pk)).exists()


def test_a_published_text_is_read_only_and_its_signatories_fixed(secretary, client, draft):
    admin_action(client, type(draft), "publish", [draft])
    page = client.get(reverse("admin:meetings_outcomedocument_change", args=[draft.pk])).content.decode()
    assert 'name="text_ru"' not in page and 'name="reference"' not in page
    assert 'name="access"' in page  # who may see it may still change
    assert 'name="signatories-0-full_name"' not in page
    assert (
        client.post(reverse("admin:meetings_outcomedocument_delete", args=[draft.pk]), {"post": "yes"}).status_code
        == 403
    )
