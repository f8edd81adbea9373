"""The demo data: complete, fictional, idempotent; the demo account only in the embedded default."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from council.models import AuditRecord, Body, Membership, MemberState, Organisation, User
from demo import facts
from meetings.models import AgendaItem, Attendance, Invitation, Meeting
from recommendations.models import ConsensusRound, ImplementationReport, Position, Recommendation
from workinggroups.models import WorkingGroup

pytestmark = pytest.mark.django_db

MODELS = [
    MemberState,
    Organisation,
    Body,
    User,
    Membership,
    AuditRecord,
    Meeting,
    AgendaItem,
    Invitation,
    Attendance,
    Recommendation,
    ConsensusRound,
    Position,
    ImplementationReport,
]


def _snapshot():
    return {
        model.__name__: sorted(map(repr, model.objects.values_list(*[f.attname for f in model._meta.concrete_fields])))
        for model in MODELS
    }


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def test_seed_loads_the_council_from_the_public_facts(settings, var_dir, capsys):
    settings.DEBUG = False
    call_command("seed")
    assert sorted(MemberState.objects.values_list("code", flat=True)) == ["KG", "KZ", "TJ", "TM", "UZ"]
    assert MemberState.objects.get(code="UZ").name_uz == "Oʻzbekiston"
    council = Body.objects.get(kind="council")
    assert str(council.founded_on) == "2024-05-14" and council.founded_place_en == "Tashkent"
    assert Body.objects.filter(kind="executive_committee").count() == 1
    assert sorted(WorkingGroup.objects.values_list("code", flat=True)) == ["a", "b", "c", "d"]
    acronyms = set(Organisation.objects.values_list("acronym_en", flat=True))
    assert {"ISRS", "UNOCT", "UNRCCA", "OSCE", "RATS SCO", "GCERF", "IIJ", "CICA", "UNODC", "CTED", "ICRC"} <= acronyms


def test_every_group_has_members_from_all_five_states_a_chair_a_co_chair_and_observers(settings, var_dir):
    settings.DEBUG = False
    call_command("seed")
    for group in WorkingGroup.objects.all():
        seats = Membership.objects.filter(body=group)
        assert seats.filter(role="chair").count() == 1, group.code
        assert seats.filter(role="co_chair").count() == 1, group.code
        assert seats.exclude(represents_state=None).values("represents_state").distinct().count() == 5
        assert seats.filter(role="observer").exists(), group.code
    ec = Body.objects.get(code="ec")
    focal = Membership.objects.filter(body=ec, is_focal_point=True)
    assert focal.values("represents_state").distinct().count() == 5


def test_demo_people_are_fictional_and_on_a_reserved_domain(settings, var_dir):
    settings.DEBUG = False
    call_command("seed")
    emails = list(User.objects.values_list("email", flat=True))
    assert emails and all(e.endswith("example.org") for e in emails)
    # Real people named in the public news items must not appear as demo people.
    words = {
        w.lower()
        for pair in User.objects.values_list("full_name_cyrillic", "full_name_latin")
        for n in pair
        for w in n.split()
    }
    real = {"воронков", "voronkov", "камилов", "kamilov", "арипов", "aripov", "ташиева", "tashieva", "аринов", "arinov"}
    assert not words & real


def test_running_seed_twice_changes_nothing(settings, var_dir, capsys):
    settings.DEBUG = True
    call_command("seed")
    first = _snapshot()
    first_out = capsys.readouterr().out
    call_command("seed")
    second_out = capsys.readouterr().out
    assert _snapshot() == first
    assert "nothing changed" in second_out
    password_line = [line for line in first_out.splitlines() if "password:" in line]
    assert password_line and password_line[0] in second_out


def test_seed_leaves_the_secretariats_edits_alone(settings, var_dir):
    settings.DEBUG = False
    call_command("seed")
    Body.objects.filter(code="a").update(name_en="Renamed by the secretariat")
    call_command("seed")
    assert Body.objects.get(code="a").name_en == "Renamed by the secretariat"


def test_the_demo_account_is_made_once_in_the_embedded_default(settings, var_dir, capsys):
    settings.DEBUG = True
    call_command("seed")
    out = capsys.readouterr().out
    account = User.objects.get(email=settings.DEMO_ACCOUNT_EMAIL)
    password = next(line.split(":", 1)[1].strip() for line in out.splitlines() if "password:" in line)
    assert account.is_staff and not account.is_superuser and account.check_password(password)
    assert (var_dir / "demo-account.txt").stat().st_mode & 0o077 == 0
    assert account.has_perm("council.change_membership")


def test_the_demo_member_has_an_open_round_and_an_unanswered_invitation_on_their_home_page(
    settings, var_dir, capsys, client
):
    settings.DEBUG = True
    call_command("seed")
    out = capsys.readouterr().out
    member = User.objects.get(email=settings.DEMO_MEMBER_EMAIL)
    password = out.split("Demo working-group member")[1].split("password:")[1].splitlines()[0].strip()
    assert member.check_password(password) and not member.is_staff and member.preferred_language == "uz"
    assert (var_dir / "demo-member.txt").stat().st_mode & 0o077 == 0
    open_round = ConsensusRound.objects.get(closed_at=None, mode=ConsensusRound.Mode.SILENCE)
    assert Membership.objects.active_on().filter(person=member, body=open_round.body, role="member").exists()
    invitation = Invitation.objects.get(person=member, meeting__starts_at__gt=timezone.now())
    assert invitation.rsvp == Invitation.Rsvp.PENDING
    assert client.login(email=settings.DEMO_MEMBER_EMAIL, password=password)


def test_there_is_no_demo_account_when_debug_is_off(settings, var_dir, capsys):
    settings.DEBUG = False
    call_command("seed")
    assert not User.objects.filter(email__in=settings.DEMO_ACCOUNT_EMAILS).exists()
    assert "password:" not in capsys.readouterr().out


def test_a_demo_account_left_from_local_use_is_deactivated_when_debug_is_off(settings, var_dir):
    settings.DEBUG = True
    call_command("seed")
    settings.DEBUG = False
    call_command("seed")
    assert not User.objects.filter(email__in=settings.DEMO_ACCOUNT_EMAILS, is_active=True).exists()
    assert User.objects.filter(email__in=settings.DEMO_ACCOUNT_EMAILS).count() == 2


def test_demo_experts_come_from_all_five_states():
    assert {expert[3] for expert in facts.EXPERTS} == {"KZ", "KG", "TJ", "TM", "UZ"}


def test_seed_loads_the_councils_meetings_and_an_upcoming_one_ready_to_send(settings, var_dir):
    settings.DEBUG = False
    call_command("seed")
    local = {
        m.title_en: (m.local_start.date().isoformat(), m.timezone, m.venue_city_en, m.status)
        for m in Meeting.objects.all()
    }
    assert local["First meeting of the Regional Expert Council"] == (
        "2024-05-14",
        "Asia/Tashkent",
        "Tashkent",
        "minutes_approved",
    )
    assert local["Second meeting of the working groups of the Regional Expert Council"][:3] == (
        "2024-11-27",
        "Asia/Tashkent",
        "Tashkent",
    )
    assert local["Conference “Participation of local communities in countering radicalisation”"][0] == "2024-11-27"
    assert local["High-level briefing at United Nations Headquarters"][:3] == (
        "2024-12-10",
        "America/New_York",
        "New York",
    )
    upcoming = Meeting.objects.get(status="scheduled")
    assert upcoming.agenda_items.filter(parent__isnull=False).exists()
    invitations = upcoming.invitations.all()
    assert invitations.filter(send_state="queued", sent_sequence=None).count() == invitations.count() >= 6
    assert invitations.exclude(person=None).values("person__country").distinct().count() >= 5
    assert {"ru", "en", "uz"} <= set(invitations.values_list("language", flat=True))
    assert Attendance.objects.filter(meeting__title_en__startswith="First meeting").count() >= 20


def test_seed_loads_recommendations_at_every_stage(settings, var_dir):
    settings.DEBUG = False
    call_command("seed")
    statuses = set(Recommendation.objects.values_list("status", flat=True))
    assert {"draft", "consultation", "adopted", "endorsed", "published"} <= statuses
    for group in "abcd":
        assert Recommendation.objects.filter(working_group__code=group).count() >= 2
    silence = ConsensusRound.objects.filter(state="open", mode="silence")
    assert silence.count() == 1 and silence.get().deadline is not None
    blocked = ConsensusRound.objects.get(result="blocked")
    assert blocked.positions.filter(kind="objection").exclude(reason="").exists()
    assert ImplementationReport.objects.values("state").distinct().count() >= 4
    assert Position.objects.filter(kind="stand_aside").exclude(reason="").exists()
