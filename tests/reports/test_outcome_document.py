"""An outcome document as a PDF (issue 12): its text, the authoritative language named, and the signature block;
seen by exactly those who may read the document."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from council.access import can_see_level
from council.reporting import builder_get
from reports.documents import document_html, document_pdf, document_prepare
from reports.models import Report
from tests.factories import MeetingFactory, OrganisationFactory
from tests.meetings.outcome_helpers import outcome_make
from tests.reports.meeting_data import RECORDED
from tests.reports.pdf import in_order, text_of

KIND = "outcome_document"
pytestmark = pytest.mark.usefixtures("media")


@pytest.fixture
def protocol(group_a, staff, states):
    meeting = MeetingFactory(bodies=[group_a], access="public", title_en="Regional Forum")
    unx = OrganisationFactory(acronym_en="UNDRR", name_en="UN Office for Disaster Risk Reduction")
    return outcome_make(
        meeting=meeting,
        by=staff,
        signatories=[
            ("Nurlan Example", states["KZ"], "Minister for Emergency Situations"),
            ("Aibek Sample", states["KG"], "Minister for Emergency Situations"),
            ("Dana Witness", unx, "Head of the regional office"),
        ],
    )


def _pdf(document, language="en"):
    prepared = document_prepare(kind=KIND, parameters={"outcome": document.pk}, language=language)
    return prepared, document_pdf(prepared, html=document_html(prepared, generated=RECORDED))


def test_the_pdf_holds_the_text_and_every_signatory_with_capacity_date_and_place(protocol):
    prepared, rendered = _pdf(protocol)
    text = text_of(rendered.pdf)
    assert "The parties agreed to strengthen cooperation." in text
    assert "The authoritative text of this document is in" in text
    assert protocol.reference in text
    assert in_order(text, "Nurlan Example", "Minister for Emergency Situations", "15 August 2024", "Cholpon-Ata")
    assert in_order(text, "Aibek Sample", "Dana Witness", "Head of the regional office")
    assert prepared.gathered.data["signatories"][2]["for"] == "UN Office for Disaster Risk Reduction"


def test_the_pdf_in_russian_shows_the_russian_text(protocol):
    _prepared, rendered = _pdf(protocol, language="ru")
    text = text_of(rendered.pdf)
    assert "Стороны договорились укреплять сотрудничество." in text
    assert "Nurlan Example" in text


def test_its_audience_is_the_documents_level_and_a_draft_is_the_secretariats(protocol, group_a, staff, states):
    audience = builder_get(KIND).gather({"outcome": protocol.pk}).audience
    assert audience.level == "public"
    draft = outcome_make(meeting=protocol.meeting, by=staff, publish=False)
    assert builder_get(KIND).gather({"outcome": draft.pk}).audience.level == "secretariat"
    body_meeting = MeetingFactory(bodies=[group_a], access="body")
    narrowed = outcome_make(
        meeting=body_meeting, by=staff, signatories=[("A B", states["UZ"], "Minister")], access="public"
    )
    audience = builder_get(KIND).gather({"outcome": narrowed.pk}).audience
    assert (audience.level, audience.body_ids) == ("body", frozenset({group_a.pk}))
    assert not can_see_level(None, audience.level, audience.body_ids)


@pytest.mark.parametrize("value", [None, "", "x1", 0, -1, False, 10**20])
def test_a_malformed_or_unknown_number_is_refused_with_a_clear_message(db, value):
    with translation.override("en"), pytest.raises(ValidationError):
        builder_get(KIND).clean({"outcome": value})


def test_the_document_page_asks_for_its_pdf_as_other_pages_do(client, protocol, member_a, outsider, staff):
    client.force_login(member_a)
    page = client.get(protocol.get_absolute_url()).content.decode()
    assert 'name="kind" value="outcome_document"' in page
    response = client.post(
        reverse("reports:new"), {"kind": KIND, "outcome": protocol.pk, "next": protocol.get_absolute_url()}
    )
    assert response.status_code == 302
    report = Report.objects.get(kind=KIND)
    assert response["Location"] == reverse("reports:detail", args=[report.pk])
    # A draft's PDF is the secretariat's: anyone else gets 404, as for a missing document.
    draft = outcome_make(meeting=protocol.meeting, by=staff, publish=False)
    client.force_login(outsider)
    assert client.post(reverse("reports:new"), {"kind": KIND, "outcome": draft.pk}).status_code == 404


def test_the_secretariat_makes_the_pdf_from_the_admin_action(client, protocol, staff, rendered):
    from tests.helpers import admin_action
    from tests.html import read_form

    client.force_login(staff)
    response = admin_action(client, type(protocol), "pdf_outcome_document", [protocol])
    assert response.status_code == 302
    url = response["Location"]
    assert "kind=outcome_document" in url and f"outcomes={protocol.pk}" in url
    form = read_form(client.get(url), action=url)
    data = {**form.data, "languages": ["ru", "en"]}
    assert data["outcomes"] == str(protocol.pk)
    assert rendered(lambda: client.post(url, data)).status_code == 302
    reports = Report.objects.filter(kind=KIND).order_by("language")
    assert [(r.language, r.state, r.parameters) for r in reports] == [
        ("en", "done", {"outcome": protocol.pk}),
        ("ru", "done", {"outcome": protocol.pk}),
    ]
