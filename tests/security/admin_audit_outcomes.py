"""The admin cases of outcome documents (issue 12) for tests/security/test_admin_audit.py: each does one thing
through the admin and returns the audit rows expected, as (action, target)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from council.audit import AuditAction as A
from meetings.models import OutcomeDocument
from tests.meetings.outcome_helpers import outcome_make
from tests.security.conftest import small_pdf


def _form(client, address):
    from tests.html import read_form

    return read_form(client.get(address), "outcomedocument_form").data


def _post(client, address, data):
    from tests.security.test_admin_audit import problems

    response = client.post(address, {**data, "_save": "Save"})
    assert response.status_code == 302, problems(response)


def outcome_add(client, world, staff):
    """A new document with its first signatory in the inline: both through the services."""
    address = reverse("admin:meetings_outcomedocument_add")
    data = _form(client, address)
    data.update(
        {
            "meeting": str(world.public_meeting.pk),
            "kind": "declaration",
            "reference": "ADMIN/1",
            "access": "public",
            "authoritative_language": "ru",
            "title_ru": "Декларация",
            "text_ru": "Текст декларации.",
            "adopted_on": "2024-08-15",
            "signatories-TOTAL_FORMS": "1",
            "signatories-0-order": "1",
            "signatories-0-full_name": "Saida Example",
            "signatories-0-for_state": str(world.states["UZ"].pk),
            "signatories-0-capacity_en": "Minister",
            "signatories-0-signed_on": "2024-08-15",
        }
    )
    _post(client, address, data)
    document = OutcomeDocument.objects.get(reference="ADMIN/1")
    return [(A.OUTCOME_CREATE, document), (A.SIGNATORY_ADD, document.signatories.get())]


def outcome_change(client, world, staff):
    """A draft's English text and its scan, in one save: an update and an upload, each audited."""
    document = world.outcomes["draft"]
    address = reverse("admin:meetings_outcomedocument_change", args=[document.pk])
    data = _form(client, address)
    data.update({"text_en": "Amended text.", "scan": SimpleUploadedFile("signed.pdf", small_pdf(), "application/pdf")})
    _post(client, address, data)
    return [(A.OUTCOME_UPDATE, document), (A.OUTCOME_SCAN_UPLOAD, document)]


def outcome_change_published(client, world, staff):
    """A published document's text is read-only in the admin: a save changes nothing and writes nothing."""
    document = world.outcomes["public"]
    address = reverse("admin:meetings_outcomedocument_change", args=[document.pk])
    data = _form(client, address)
    data.update({"text_ru": "Подмена.", "reference": "FORGED/1"})
    _post(client, address, data)
    document.refresh_from_db()
    assert document.text_ru != "Подмена." and document.reference != "FORGED/1"
    return []


def outcome_delete(client, world, staff):
    document = world.outcomes["draft"]
    assert (
        client.post(reverse("admin:meetings_outcomedocument_delete", args=[document.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert OutcomeDocument.objects.filter(pk=document.pk).exists()
    return []


CASES = {
    "meetings.outcomedocument": {
        "add": outcome_add,
        "change": outcome_change,
        "change published": outcome_change_published,
        "delete": outcome_delete,
    },
}


def _draft_with_a_signatory(world, staff):
    document = outcome_make(
        meeting=world.public_meeting,
        by=staff,
        publish=False,
        signatories=[("Farrukh Example", world.states["UZ"], "Minister")],
    )
    assert document.adopted_on == datetime.date(2024, 8, 15)
    return [document]


def _published(world, staff, chosen, moment):
    return [(A.OUTCOME_PUBLISH, chosen[0])] if moment == "after" else []


def _nothing(world, staff, chosen, moment):
    return []


def action_cases(action_case):
    return {
        ("meetings.outcomedocument", "publish"): action_case(
            OutcomeDocument, "publish", _draft_with_a_signatory, _published
        ),
        # The PDF action only opens the reports' "generate" screen; asking for a report is not an audited change.
        ("meetings.outcomedocument", "pdf_outcome_document"): action_case(
            OutcomeDocument, "pdf_outcome_document", lambda w, s: [w.outcomes["public"]], _nothing
        ),
    }
