"""The demo roadmap: Uzbekistan (ISRS) and UNOCT for 2024–2025, adopted at the council's first meeting, with
activities of the kinds the public news name, some done (one at the November 2024 conference), some in progress,
one postponed with its reason; made through the services and added once."""

import pytest
from django.core.management import call_command

from council.models import AuditRecord
from programme.models import Activity, Roadmap

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded_programme(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.DEBUG = False
    call_command("seed")
    return Roadmap.objects.get(title_en__startswith="Roadmap of cooperation between the Republic of Uzbekistan")


def test_the_demo_roadmap_follows_the_public_facts(seeded_programme):
    roadmap = seeded_programme
    assert roadmap.status == "adopted" and roadmap.access == "public"
    assert (roadmap.starts_on.isoformat(), roadmap.ends_on.isoformat()) == ("2024-05-14", "2025-12-31")
    assert roadmap.adopted_at.title_en == "First meeting of the Regional Expert Council"
    assert roadmap.adopted_at.starts_at.date().isoformat() == "2024-05-14"
    assert {o.acronym_en for o in roadmap.organisations.all()} == {"ISRS", "UNOCT"}
    assert [s.code for s in roadmap.states.all()] == ["UZ"]
    activities = roadmap.activities.all()
    assert {"training", "conference", "technical_assistance", "advisory_support", "financing"} <= {
        a.kind for a in activities
    }
    statuses = [a.status for a in activities]
    assert statuses.count("done") >= 2 and statuses.count("in_progress") >= 1
    postponed = activities.get(status="postponed")
    assert postponed.status_reason
    conference = activities.get(kind="conference")
    assert conference.status == "done"
    assert {m.starts_at.date().isoformat() for m in conference.meetings.all()} == {"2024-11-27"}
    # Through the services: every activity has its creation in the audit trail.
    created = AuditRecord.objects.filter(action="activity.create").count()
    assert created == activities.count()


def test_seeding_again_adds_no_roadmap_activity_nor_audit_row(seeded_programme, capsys):
    before = (Roadmap.objects.count(), Activity.objects.count(), AuditRecord.objects.count())
    call_command("seed")
    assert (Roadmap.objects.count(), Activity.objects.count(), AuditRecord.objects.count()) == before
    assert "nothing changed" in capsys.readouterr().out
