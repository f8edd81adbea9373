"""Outcome documents in the partner API (issue 12): published ones at the public and partners levels, with their
texts and signatories, the scan as a download; the rest answers 404; queries that do not grow with the rows."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from meetings import services
from tests.api.conftest import ApiClient
from tests.factories import MeetingFactory, OrganisationFactory
from tests.meetings.outcome_helpers import outcome_make
from tests.security.conftest import small_pdf

LIST = reverse("api:outcome-list")
pytestmark = pytest.mark.usefixtures("media")


@pytest.fixture
def made(group_a, staff, states):
    public_meeting = MeetingFactory(bodies=[group_a], access="public")
    body_meeting = MeetingFactory(bodies=[group_a], access="body")
    org = OrganisationFactory(acronym_en="UNDRR", acronym_ru="UNDRR")
    signers = [("Nurlan Example", states["KZ"], "Minister for Emergency Situations"), ("Dana Witness", org, "Head")]
    documents = {
        access: outcome_make(meeting=public_meeting, by=staff, access=access, signatories=signers)
        for access in ("public", "partners", "council", "body", "secretariat")
    }
    documents["draft"] = outcome_make(meeting=public_meeting, by=staff, signatories=signers, publish=False)
    documents["of a body meeting"] = outcome_make(meeting=body_meeting, by=staff, signatories=signers)
    services.outcome_scan_upload(
        document=documents["public"], file=ContentFile(small_pdf(), name="signed.pdf"), by=staff
    )
    return documents


def _references(response) -> set[str]:
    assert response.status_code == 200, response.content[:300]
    return {row["reference"] for row in response.json()["results"]}


def test_a_partner_reads_published_documents_at_the_public_and_partners_levels_only(partner, made):
    assert _references(partner.get(LIST)) == {made["public"].reference, made["partners"].reference}
    for key in ("council", "body", "secretariat", "draft", "of a body meeting"):
        assert partner.get(reverse("api:outcome-detail", args=[made[key].pk])).status_code == 404, key


def test_a_document_has_its_texts_signatories_and_scan_link(partner, made):
    document = made["public"]
    row = partner.get(reverse("api:outcome-detail", args=[document.pk])).json()
    assert set(row) == {
        "id",
        "kind",
        "reference",
        "title",
        "authoritative_language",
        "texts",
        "adopted_on",
        "place",
        "meeting",
        "access",
        "published_at",
        "updated_at",
        "signatories",
        "scan_url",
    }
    assert row["texts"]["ru"]["authoritative"] is True and row["texts"]["uz"] is None
    assert row["texts"]["en"]["text"] == "The parties agreed to strengthen cooperation."
    assert row["signatories"][0] == {
        "order": 1,
        "full_name": "Nurlan Example",
        "for_state": "KZ",
        "for_organisation": None,
        "capacity": "Minister for Emergency Situations",
        "signed_on": "2024-08-15",
        "place": "Cholpon-Ata",
    }
    assert row["signatories"][1]["for_organisation"] == "UNDRR" and row["signatories"][1]["for_state"] is None
    scan = partner.get(row["scan_url"])
    assert scan.status_code == 200 and scan["Content-Disposition"].startswith("attachment;")
    assert partner.get(row["scan_url"], HTTP_IF_NONE_MATCH=scan["ETag"]).status_code == 304


def test_without_a_key_or_the_scope_the_api_refuses(issue_key, made):
    assert ApiClient().get(LIST).status_code == 401
    _key, secret = issue_key(scopes=["council:read"])
    assert ApiClient(secret).get(LIST).status_code == 403


def test_the_list_and_detail_take_as_many_queries_whatever_the_rows(partner, made, staff, states, queries_do_not_grow):
    meeting = made["public"].meeting

    def grow():
        for i in range(4):
            outcome_make(
                meeting=meeting,
                by=staff,
                signatories=[(f"Signer {i} {c}", states[c], "Minister") for c in ("KZ", "KG", "TJ", "UZ")],
            )

    def ok(url):
        return lambda: partner.get(url).status_code == 200 or pytest.fail(url)

    queries_do_not_grow(ok(LIST), ok(reverse("api:outcome-detail", args=[made["public"].pk])), at_most=10, grow=grow)


def test_the_list_filters_by_meeting_and_kind_and_refuses_what_is_not_a_number(partner, made):
    meeting = made["public"].meeting
    assert _references(partner.get(LIST, {"meeting": meeting.pk, "kind": "protocol"})) == {
        made["public"].reference,
        made["partners"].reference,
    }
    assert _references(partner.get(LIST, {"meeting": 0})) == set()
    assert _references(partner.get(LIST, {"kind": "declaration"})) == set()
    for value in ("abc", "-1", "9" * 30):
        assert partner.get(LIST, {"meeting": value}).status_code == 400, value
