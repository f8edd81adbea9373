"""The demo's outcome document: the Cholpon-Ata forum's Protocol, signed by fictional people of the four states
present, Russian authoritative, published; seeding twice adds nothing; its PDF shows the signatories."""

import pytest
from django.core.management import call_command

from demo.outcomes import PROTOCOL_REFERENCE, seed_outcomes
from meetings.models import Meeting, OutcomeDocument, Signatory
from reports.documents import document_pdf, document_prepare
from tests.reports.pdf import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded_council(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = str(tmp_path / "media")
    from demo.council import seed_council

    seed_council()


def test_the_forum_and_its_protocol_are_seeded_once(seeded_council):
    assert seed_outcomes() == 1
    counts = (Meeting.objects.count(), OutcomeDocument.objects.count(), Signatory.objects.count())
    assert seed_outcomes() == 0
    assert (Meeting.objects.count(), OutcomeDocument.objects.count(), Signatory.objects.count()) == counts

    protocol = OutcomeDocument.objects.select_related("meeting").get(reference=PROTOCOL_REFERENCE)
    assert protocol.is_published and protocol.access == "public" and protocol.kind == "protocol"
    assert protocol.authoritative_language == "ru" and protocol.text_ru and protocol.text_en
    forum = protocol.meeting
    assert (forum.timezone, forum.venue_city_en, forum.local_start.date().isoformat()) == (
        "Asia/Bishkek",
        "Cholpon-Ata",
        "2024-08-15",
    )
    signatories = list(protocol.signatories.select_related("for_state"))
    assert [s.for_state.code for s in signatories] == ["KZ", "KG", "TJ", "UZ"]
    assert all(s.capacity_en and s.capacity_ru for s in signatories)
    # Fictional: the minister the public news item names (Chingis Arinov) is not among them.
    assert not any("Аринов" in s.full_name or "Arinov" in s.full_name for s in signatories)


def test_the_protocols_pdf_shows_its_signatories(seeded_council):
    seed_outcomes()
    protocol = OutcomeDocument.objects.get(reference=PROTOCOL_REFERENCE)
    prepared = document_prepare(kind="outcome_document", parameters={"outcome": protocol.pk}, language="en")
    text = text_of(document_pdf(prepared).pdf)
    for name in ("Dauren Abenov", "Talant Sydykbekov", "Rustam Nazarzoda", "Jasur Karimberdiev"):
        assert name in text
    assert "Minister for Emergency Situations of the Kyrgyz Republic" in text


def test_the_seed_command_adds_the_protocol(settings, tmp_path, capsys):
    settings.VAR_DIR = tmp_path
    settings.DEBUG = True
    call_command("seed")
    assert OutcomeDocument.objects.filter(reference=PROTOCOL_REFERENCE, published_at__isnull=False).exists()
