"""The five access levels of DESIGN.md ("Access levels"), restated here independently of council/access.py.

public: anyone. partners: signed-in people and partner keys with the matching scope. council: all council members
(whoever holds a current seat on one of its bodies). body: members of the owning body. secretariat: the
secretariat, which sees every level. A deactivated account is nobody; a seat whose term has ended counts for
nothing. Each kind of person is checked through the function and through the `Q` on real querysets; and the
source of the apps must hold the rule in that one module only.
"""

import datetime
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from council.access import Viewer, access_q, can_see_level, levels_for, levels_q, viewer_of
from meetings.models import Meeting, MeetingDocument
from meetings.permissions import can_view_document
from meetings.selectors import documents_for, meetings_visible_to
from recommendations.models import Recommendation
from recommendations.selectors import recommendations_visible_to
from tests.factories import MembershipFactory, UserFactory

LEVELS = ("public", "partners", "council", "body", "secretariat")
MEMBER_LEVELS = {"public", "partners", "council"}

# Who sees which level of a thing owned by group A: the rule, written out person by person.
SEES = {
    "anonymous": {"public"},
    "deactivated member of the body": {"public"},
    "signed-in non-member": {"public", "partners"},
    "former member of the body": {"public", "partners"},
    "staff outside the secretariat": {"public", "partners"},
    "partner key": {"public", "partners"},
    "council member": MEMBER_LEVELS,
    "member of another body": MEMBER_LEVELS,
    "member of the body": MEMBER_LEVELS | {"body"},
    "secretariat": set(LEVELS),
    "superuser": set(LEVELS),
}


@pytest.fixture
def person(request, kind, council_body, group_a, group_b):
    """The kind of person the test is given, as a user (or, for a partner key, a `Viewer`)."""

    def seat(body, **kwargs):
        return MembershipFactory(body=body, **kwargs).person

    make = {
        "anonymous": AnonymousUser,
        "deactivated member of the body": lambda: seat(group_a, person=UserFactory(is_active=False)),
        "signed-in non-member": UserFactory,
        "former member of the body": lambda: seat(
            group_a, term_start=datetime.date(2020, 1, 1), term_end=datetime.date(2021, 1, 1)
        ),
        "staff outside the secretariat": lambda: UserFactory(is_staff=True),
        "partner key": Viewer.partner,
        "council member": lambda: seat(council_body),
        "member of another body": lambda: seat(group_b),
        "member of the body": lambda: seat(group_a),
        "secretariat": lambda: request.getfixturevalue("staff"),
        "superuser": lambda: request.getfixturevalue("superuser"),
    }
    return make[kind]()


def _fresh(person):
    """The same person without what an earlier read cached on the object."""
    return person if isinstance(person, Viewer | AnonymousUser) else type(person).objects.get(pk=person.pk)


def _recommendations(group, *, per_level=1) -> None:
    """Published recommendations of `group`, `per_level` of each access level."""
    rows = [
        Recommendation(code=f"T-{group.code}-{level}-{n}", working_group=group, access=level, status="published")
        for level in LEVELS
        for n in range(per_level)
    ]
    Recommendation.objects.bulk_create(rows)


def _meetings(*bodies, per_level=1) -> None:
    """Scheduled meetings of `bodies`, `per_level` of each access level."""
    start = timezone.now() + datetime.timedelta(days=10)
    rows = Meeting.objects.bulk_create(
        Meeting(
            kind="working_group",
            title_ru=f"Заседание {level} {n}",
            title_en=f"Session {level} {n}",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=3),
            access=level,
            status="scheduled",
        )
        for level in LEVELS
        for n in range(per_level)
    )
    Meeting.bodies.through.objects.bulk_create(
        Meeting.bodies.through(meeting_id=meeting.pk, body_id=body.pk) for meeting in rows for body in bodies
    )


# The function ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", SEES)
def test_each_kind_of_person_sees_the_levels_design_gives(kind, person, group_a):
    assert set(levels_for(person, [group_a.pk])) == SEES[kind]
    for level in LEVELS:
        assert can_see_level(person, level, [group_a.pk]) is (level in SEES[kind]), level


@pytest.mark.parametrize("kind", SEES)
def test_a_viewer_passes_through_unchanged(kind, person, group_a):
    viewer = viewer_of(person)
    assert viewer_of(viewer) is viewer
    assert set(levels_for(viewer, [group_a.pk])) == SEES[kind]


def test_the_body_level_needs_a_seat_on_a_body_owning_the_thing(group_a):
    member = MembershipFactory(body=group_a).person
    assert "body" not in levels_for(member, [])
    assert levels_for(None, [group_a.pk]) == {"public"}


# The Q on real querysets ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", SEES)
def test_the_filter_gives_the_same_levels_on_recommendations(kind, person, group_a):
    _recommendations(group_a)
    seen = Recommendation.objects.filter(access_q(person, bodies="working_group"))
    assert {r.access for r in seen} == SEES[kind]


@pytest.mark.parametrize("kind", SEES)
def test_the_filter_gives_the_same_levels_on_meetings(kind, person, group_a):
    _meetings(group_a)
    seen = Meeting.objects.filter(access_q(person, bodies="bodies")).distinct()
    assert {m.access for m in seen} == SEES[kind]


@pytest.mark.parametrize("kind", SEES)
def test_levels_known_in_advance_filter_the_same(kind, person, group_a):
    """Documents of one meeting are filtered by the levels of the meeting's bodies, computed once."""
    _meetings(group_a)
    seen = Meeting.objects.filter(levels_q(levels_for(person, [group_a.pk])))
    assert {m.access for m in seen} == SEES[kind]


def test_a_thing_of_two_bodies_is_seen_by_members_of_either(council_body, group_a, group_b):
    _meetings(group_a, group_b)
    for person in (MembershipFactory(body=group_a).person, MembershipFactory(body=group_b).person):
        seen = Meeting.objects.filter(access_q(person)).distinct()
        assert sorted(m.access for m in seen) == sorted(MEMBER_LEVELS | {"body"})
    council_member = MembershipFactory(body=council_body).person
    assert "body" not in {m.access for m in Meeting.objects.filter(access_q(council_member))}


@pytest.mark.parametrize("per_level", [1, 12])
@pytest.mark.parametrize("kind", SEES)
def test_the_filter_costs_the_same_queries_however_many_rows(
    kind, person, per_level, group_a, group_b, django_assert_max_num_queries
):
    """Who the person is: at most two reads (seats, secretariat group); then one query per list, whatever its size."""
    for group in (group_a, group_b):
        _recommendations(group, per_level=per_level)
    _meetings(group_a, group_b, per_level=per_level)
    person = _fresh(person)
    with django_assert_max_num_queries(4):
        recommendations = list(Recommendation.objects.filter(access_q(person, bodies="working_group")))
        meetings = list(Meeting.objects.filter(access_q(person)).distinct())
    # Groups A and B own `per_level` recommendations of each level, and hold the meetings together.
    groups_seen_at_body_level = {"secretariat": 2, "superuser": 2, "member of the body": 1, "member of another body": 1}
    body_level = groups_seen_at_body_level.get(kind, 0)
    assert len(recommendations) == per_level * (2 * len(SEES[kind] - {"body"}) + body_level)
    assert len(meetings) == per_level * (len(SEES[kind] - {"body"}) + min(body_level, 1))


@pytest.mark.parametrize("kind", [kind for kind in SEES if kind != "partner key"])
def test_the_portal_lists_follow_the_rule(kind, person, group_a):
    """Published meetings, their documents and published recommendations, as the apps' selectors list them."""
    _recommendations(group_a)
    _meetings(group_a)
    public = Meeting.objects.get(access="public")
    MeetingDocument.objects.bulk_create(
        MeetingDocument(meeting=public, title=level, file=f"documents/{level}.pdf", access=level) for level in LEVELS
    )
    assert {m.access for m in meetings_visible_to(user=person)} == SEES[kind]
    assert {r.access for r in recommendations_visible_to(user=person)} == SEES[kind]
    assert {d.access for d in documents_for(user=person, meeting=public)} == SEES[kind]
    assert {d.access for d in public.documents.all() if can_view_document(person, d)} == SEES[kind]


# One module ------------------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
THE_MODULE = ROOT / "council" / "access.py"

# Level logic: a filter or a comparison on an access level, or a level named outside a field's default.
LEVEL_RULE = re.compile(
    r"access__in\b"  # a filter by a set of levels
    r"|\b(?:Q|filter|exclude|get)\([^)]*\b\w*access\s*="  # a filter by one level
    r"|\.access\s*(?:==|!=|\bin\b|\bnot\s+in\b)"  # a comparison of a thing's level
    r"|(?<!default=)(?<!access=)\bAccess\.(?:PUBLIC|PARTNERS|COUNCIL|BODY|SECRETARIAT)\b"  # a level as a rule
)
# "Published" as a rule: the published statuses of a recommendation listed, or a meeting's drafts left out.
PUBLISHED_RULE = re.compile(
    r"""["']published["'],\s*["']superseded["']|Status\.PUBLISHED,\s*\w*\.?Status\.SUPERSEDED"""
    r"""|(?:exclude\(|~Q\()\s*status\s*=\s*(?:["']draft["']|\w*\.?Status\.DRAFT)"""
)
TEMPLATE_LEVEL_RULE = re.compile(r"\baccess\s*(?:==|!=|\bin\b|\bnot\s+in\b)")


def _app_sources():
    """Every Python file of the project's apps (a folder with an apps.py) and of config, migrations aside."""
    packages = {path.parent for path in ROOT.glob("*/apps.py")} | {ROOT / "config"}
    for package in sorted(packages):
        for path in sorted(package.rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _offences(pattern, paths, allowed=()):
    found = []
    for path in paths:
        if path in allowed:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if pattern.search(code):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_the_access_level_rule_lives_in_council_access_only():
    sources = list(_app_sources())
    assert THE_MODULE in sources and len(sources) > 20
    assert _offences(LEVEL_RULE, sources, allowed={THE_MODULE}) == [], "use council.access instead"


def test_published_is_defined_once_per_kind_of_thing():
    sources = list(_app_sources())
    models = {ROOT / "recommendations" / "models.py", ROOT / "meetings" / "models.py"}
    assert _offences(PUBLISHED_RULE, sources, allowed=models) == [], (
        "use Recommendation.PUBLISHED_STATUSES or Meeting.UNPUBLISHED_STATUSES (through the app's permissions)"
    )


def test_templates_leave_access_levels_to_the_views():
    templates = sorted((ROOT / "templates").rglob("*.html"))
    assert templates
    assert _offences(TEMPLATE_LEVEL_RULE, templates) == []


@pytest.mark.parametrize(
    "line",
    [
        "documents.filter(access__in=levels)",
        "Q(access=Access.PUBLIC)",
        'Meeting.objects.filter(status="scheduled", access="partners")',
        "if document.access not in levels:",
        "if recommendation.access == 'council':",
        "levels = {Access.PUBLIC, Access.PARTNERS}",
        "if body_ids: levels.add(Access.COUNCIL)",
    ],
)
def test_the_search_finds_level_logic(line):
    assert LEVEL_RULE.search(line)


@pytest.mark.parametrize(
    "line",
    [
        'published = Q(status__in=["published", "superseded"])',
        "return self.status in (self.Status.PUBLISHED, self.Status.SUPERSEDED)",
        'Meeting.objects.filter(invitations__person=user).exclude(status="draft")',
        "published = ~Q(status=Meeting.Status.DRAFT)",
    ],
)
def test_the_search_finds_published_written_again(line):
    assert PUBLISHED_RULE.search(line)


@pytest.mark.parametrize(
    "line",
    [
        "access = models.CharField(_('access'), max_length=12, choices=Access.choices, default=Access.BODY)",
        "fields = ['title', 'access', 'status']",
        "return access_q(user, bodies='working_group')",
        "meeting = MeetingFactory(access='partners')",
        "Meeting.objects.create(title='Briefing', access=Access.PARTNERS)",
    ],
)
def test_the_search_leaves_fields_and_data_alone(line):
    assert not LEVEL_RULE.search(line)
