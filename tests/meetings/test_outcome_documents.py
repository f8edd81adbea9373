"""Outcome documents (issue 12, part 2): who sees them, the rules of their text and signatories, the scan, the audit
trail, the page, the meeting page and landing panel, and the PDF with its signature block."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import translation

from council.audit import AuditAction
from council.models import AuditRecord
from meetings import selectors, services
from meetings.models import OutcomeDocument, Signatory
from tests.factories import MeetingFactory, OrganisationFactory
from tests.meetings.outcome_helpers import outcome_make
from tests.security.conftest import small_pdf

pytestmark = pytest.mark.usefixtures("media")


@pytest.fixture(autouse=True)
def _messages_in_english():
    """The services' messages are read in English (the page tests ask for English pages themselves)."""
    with translation.override("en"):
        yield


@pytest.fixture
def public_meeting(group_a):
    return MeetingFactory(bodies=[group_a], access="public", title_en="Regional Forum", title_ru="Региональный форум")


@pytest.fixture
def signers(states):
    return [
        ("Nurlan Example", states["KZ"], "Minister for Emergency Situations"),
        ("Aibek Sample", states["KG"], "Minister for Emergency Situations"),
    ]


def _audit(action) -> int:
    return AuditRecord.objects.filter(action=action.value).count()


def _seen(client, url, people) -> dict:
    seen = {}
    for name, person in people.items():
        client.logout()
        if person is not None:
            client.force_login(person)
        seen[name] = client.get(url).status_code
    client.logout()
    return seen


# Who sees an outcome document -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("access", "expected"),
    [
        ("public", {"anonymous": 200, "outsider": 200, "member_b": 200, "member_a": 200, "staff": 200}),
        ("partners", {"anonymous": 302, "outsider": 200, "member_b": 200, "member_a": 200, "staff": 200}),
        ("council", {"anonymous": 302, "outsider": 404, "member_b": 200, "member_a": 200, "staff": 200}),
        ("body", {"anonymous": 302, "outsider": 404, "member_b": 404, "member_a": 200, "staff": 200}),
        ("secretariat", {"anonymous": 302, "outsider": 404, "member_b": 404, "member_a": 404, "staff": 200}),
    ],
)
def test_a_published_document_is_seen_as_its_access_level_says(
    client, public_meeting, staff, signers, outsider, member_a, member_b, access, expected
):
    document = outcome_make(meeting=public_meeting, by=staff, access=access, signatories=signers)
    people = {"anonymous": None, "outsider": outsider, "member_b": member_b, "member_a": member_a, "staff": staff}
    assert _seen(client, document.get_absolute_url(), people) == expected
    # Lists follow the same rule: the meeting page and the landing page name it only to those who may read it.
    for name, person in people.items():
        client.logout()
        if person is not None:
            client.force_login(person)
        listed = document.reference in client.get(public_meeting.get_absolute_url()).content.decode()
        assert listed == (expected[name] == 200), name


def test_a_draft_is_the_secretariats_alone(client, public_meeting, staff, signers, member_a, outsider):
    draft = outcome_make(meeting=public_meeting, by=staff, access="public", signatories=signers, publish=False)
    people = {"anonymous": None, "outsider": outsider, "member_a": member_a, "staff": staff}
    assert _seen(client, draft.get_absolute_url(), people) == {
        "anonymous": 302,
        "outsider": 404,
        "member_a": 404,
        "staff": 200,
    }
    assert draft.reference not in client.get("/").content.decode()
    client.force_login(member_a)
    assert draft.reference not in client.get(public_meeting.get_absolute_url()).content.decode()
    assert not selectors.outcomes_latest_for(user=member_a)


def test_a_public_document_of_a_hidden_meeting_stays_hidden(client, group_a, staff, signers, outsider):
    body_meeting = MeetingFactory(bodies=[group_a], access="body")
    document = outcome_make(meeting=body_meeting, by=staff, access="public", signatories=signers)
    client.force_login(outsider)
    assert client.get(document.get_absolute_url()).status_code == 404
    assert client.get(document.get_download_url()).status_code == 404


def test_the_landing_page_lists_the_latest_published_documents(client, public_meeting, staff, signers):
    document = outcome_make(meeting=public_meeting, by=staff, access="public", signatories=signers)
    body = client.get("/").content.decode()
    assert "Outcome documents" in body or "Итоговые документы" in body
    assert document.get_absolute_url() in body


# The page -------------------------------------------------------------------------------------------------


def test_the_page_shows_the_text_in_the_readers_language_the_authoritative_note_and_signatories(
    english, public_meeting, staff, signers
):
    document = outcome_make(meeting=public_meeting, by=staff, signatories=signers)
    body = english.get(document.get_absolute_url()).content.decode()
    assert '<div class="outcome-text" lang="en"><p>The parties agreed' in body
    assert "The authoritative text of this document is in" in body
    assert 'href="?text=ru"' in body  # the link to read the authoritative text
    assert "Nurlan Example" in body and "Aibek Sample" in body
    assert "Minister for Emergency Situations" in body
    authoritative = english.get(document.get_absolute_url() + "?text=ru").content.decode()
    assert '<div class="outcome-text" lang="ru"><p>Стороны договорились' in authoritative


def test_a_text_missing_in_the_readers_language_is_shown_in_the_original_marked(
    english, public_meeting, staff, signers
):
    document = outcome_make(
        meeting=public_meeting,
        by=staff,
        signatories=signers,
        texts={"title_ru": "Протокол", "text_ru": "Только по-русски."},
    )
    body = english.get(document.get_absolute_url()).content.decode()
    assert '<div class="outcome-text" lang="ru"><p>Только по-русски.' in body
    assert "shown in the original language" in body


def test_an_unknown_text_language_asked_for_is_ignored(english, public_meeting, staff, signers):
    document = outcome_make(meeting=public_meeting, by=staff, signatories=signers)
    response = english.get(document.get_absolute_url() + "?text=<script>")
    assert response.status_code == 200
    assert '<div class="outcome-text" lang="en">' in response.content.decode()


# The rules ------------------------------------------------------------------------------------------------


def test_the_authoritative_text_is_required_with_a_clear_message(public_meeting, staff):
    with pytest.raises(ValidationError, match="authoritative language"):
        outcome_make(
            meeting=public_meeting,
            by=staff,
            authoritative="en",
            texts={"title_ru": "Протокол", "text_ru": "Текст."},
        )
    assert not OutcomeDocument.objects.exists()
    assert _audit(AuditAction.OUTCOME_CREATE) == 0


def test_the_authoritative_text_cannot_be_emptied_by_an_update(public_meeting, staff):
    document = outcome_make(meeting=public_meeting, by=staff, publish=False)
    with pytest.raises(ValidationError, match="authoritative language"):
        services.outcome_update(document=document, data={"text_ru": ""}, by=staff)
    document.refresh_from_db()
    assert document.text_ru


def test_a_signatory_signs_for_a_state_or_an_organisation_never_both_nor_neither(public_meeting, staff, states):
    document = outcome_make(meeting=public_meeting, by=staff, publish=False)
    org = OrganisationFactory(acronym_en="UNDRR")
    signed = datetime.date(2024, 8, 15)
    for parties in ({}, {"for_state": states["KZ"], "for_organisation": org}):
        with pytest.raises(ValidationError, match="member state or for an organisation"):
            services.signatory_add(
                signatory=Signatory(document=document, full_name="X", signed_on=signed, **parties), by=staff
            )
    assert not document.signatories.exists()
    # The database refuses it too, whoever writes around the service.
    with pytest.raises(IntegrityError), transaction.atomic():
        Signatory.objects.create(document=document, full_name="X", signed_on=signed)
    services.signatory_add(
        signatory=Signatory(document=document, full_name="Y", signed_on=signed, for_organisation=org), by=staff
    )
    assert document.signatories.count() == 1


def test_a_published_text_never_changes_and_its_signatories_stay(public_meeting, staff, signers):
    document = outcome_make(meeting=public_meeting, by=staff, signatories=signers)
    for data in ({"text_en": "Changed."}, {"title_ru": "Другое"}, {"reference": "NEW/1"}, {"kind": "declaration"}):
        with pytest.raises(ValidationError, match="published"):
            services.outcome_update(document=document, data=data, by=staff)
    signatory = document.signatories.first()
    with pytest.raises(ValidationError, match="published"):
        services.signatory_update(signatory=signatory, data={"full_name": "Someone Else"}, by=staff)
    with pytest.raises(ValidationError, match="published"):
        services.signatory_remove(signatory=signatory, by=staff)
    with pytest.raises(ValidationError, match="published"):
        services.signatory_add(
            signatory=Signatory(
                document=document, full_name="Late", for_state=signatory.for_state, signed_on=datetime.date.today()
            ),
            by=staff,
        )
    document.refresh_from_db()
    assert document.text_en.startswith("The parties") and document.signatories.count() == 2
    # Who may see it may still change (audited).
    services.outcome_update(document=document, data={"access": "partners"}, by=staff)
    document.refresh_from_db()
    assert document.access == "partners"


def test_publishing_needs_signatories_and_happens_once(public_meeting, staff, signers):
    document = outcome_make(meeting=public_meeting, by=staff, publish=False)
    with pytest.raises(ValidationError, match="signatories"):
        services.outcome_publish(document=document, by=staff)
    published = outcome_make(meeting=public_meeting, by=staff, signatories=signers)
    with pytest.raises(ValidationError, match="already"):
        services.outcome_publish(document=published, by=staff)


def test_every_change_writes_an_audit_row(public_meeting, staff, signers):
    document = outcome_make(meeting=public_meeting, by=staff, signatories=signers, publish=False)
    signatory = document.signatories.first()
    services.signatory_update(signatory=signatory, data={"full_name": "Renamed Person"}, by=staff)
    services.outcome_update(document=document, data={"text_en": "Amended before publication."}, by=staff)
    services.signatory_remove(signatory=document.signatories.last(), by=staff)
    services.outcome_publish(document=document, by=staff)
    services.outcome_scan_upload(document=document, file=ContentFile(small_pdf(), name="signed.pdf"), by=staff)
    counts = {
        action: _audit(action)
        for action in (
            AuditAction.OUTCOME_CREATE,
            AuditAction.OUTCOME_UPDATE,
            AuditAction.OUTCOME_PUBLISH,
            AuditAction.OUTCOME_SCAN_UPLOAD,
            AuditAction.SIGNATORY_ADD,
            AuditAction.SIGNATORY_UPDATE,
            AuditAction.SIGNATORY_REMOVE,
        )
    }
    assert counts == {
        AuditAction.OUTCOME_CREATE: 1,
        AuditAction.OUTCOME_UPDATE: 1,
        AuditAction.OUTCOME_PUBLISH: 1,
        AuditAction.OUTCOME_SCAN_UPLOAD: 1,
        AuditAction.SIGNATORY_ADD: 2,
        AuditAction.SIGNATORY_UPDATE: 1,
        AuditAction.SIGNATORY_REMOVE: 1,
    }
    row = AuditRecord.objects.get(action=AuditAction.OUTCOME_PUBLISH.value)
    assert row.actor == staff and row.target_id == str(document.pk)


# The scan of the signed original --------------------------------------------------------------------------

ACTIVE_PDF = small_pdf().replace(
    b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"
)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("signed.pdf", b"not a pdf at all", "not a valid PDF"),
        ("signed.docx", small_pdf(), "must end in .pdf"),
        ("signed.pdf", ACTIVE_PDF, "JavaScript"),
    ],
)
def test_a_bad_or_active_scan_is_refused_with_a_message_and_nothing_changes(
    public_meeting, staff, signers, name, content, message
):
    document = outcome_make(meeting=public_meeting, by=staff, signatories=signers)
    with pytest.raises(ValidationError, match=message):
        services.outcome_scan_upload(document=document, file=ContentFile(content, name=name), by=staff)
    document.refresh_from_db()
    assert not document.scan and not document.scan_name
    assert _audit(AuditAction.OUTCOME_SCAN_UPLOAD) == 0


def test_a_scan_too_large_is_refused(public_meeting, staff, signers, settings):
    settings.UPLOAD_MAX_BYTES = 100
    document = outcome_make(meeting=public_meeting, by=staff, signatories=signers)
    with pytest.raises(ValidationError, match="too large"):
        services.outcome_scan_upload(document=document, file=ContentFile(small_pdf(), name="a.pdf"), by=staff)
    document.refresh_from_db()
    assert not document.scan


def test_the_scan_is_a_download_for_those_who_may_read_the_document(client, public_meeting, staff, signers, outsider):
    public = outcome_make(meeting=public_meeting, by=staff, signatories=signers)
    body_level = outcome_make(meeting=public_meeting, by=staff, signatories=signers, access="body")
    for document in (public, body_level):
        services.outcome_scan_upload(document=document, file=ContentFile(small_pdf(), name="Протокол.pdf"), by=staff)
    response = client.get(public.get_download_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.force_login(outsider)
    assert client.get(body_level.get_download_url()).status_code == 404
    public.refresh_from_db()
    assert not public.scan.name.endswith("Протокол.pdf")  # stored under a random name


def test_a_document_without_a_scan_has_no_download(client, public_meeting, staff, signers, member_a):
    document = outcome_make(meeting=public_meeting, by=staff, signatories=signers)
    client.force_login(member_a)
    assert client.get(document.get_download_url()).status_code == 404


# Queries --------------------------------------------------------------------------------------------------


def test_pages_and_the_landing_page_answer_with_a_fixed_number_of_queries(
    client, public_meeting, staff, states, queries_do_not_grow
):
    def add(n):
        for i in range(n):
            outcome_make(
                meeting=public_meeting,
                by=staff,
                signatories=[(f"Signer {i} {c}", states[c], "Minister") for c in ("KZ", "KG", "TJ")],
            )

    add(2)
    first = OutcomeDocument.objects.order_by("pk").first()
    queries_do_not_grow(
        public_meeting.get_absolute_url(), first.get_absolute_url(), "/", at_most=40, grow=lambda: add(3)
    )
