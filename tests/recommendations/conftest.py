"""Fixtures of the recommendations tests: a working group of five states and an observer, the executive
committee, and helpers that create recommendations and walk them along their life through the services."""

import dataclasses
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from council.models import Body, MemberState
from recommendations import services
from recommendations.models import ConsensusRound, Recommendation
from tests.factories import BodyFactory, MembershipFactory, OrganisationFactory, UserFactory

STATE_CODES = ("KZ", "KG", "TJ", "TM", "UZ")
Status = Recommendation.Status


@dataclasses.dataclass
class Panel:
    """A body with one deciding member per member state (keyed by state code) and, maybe, an observer."""

    body: Body
    members: dict[str, object]
    observer: object | None = None

    @property
    def people(self) -> list:
        return list(self.members.values())


def _panel(body, states, roles=None, observer=True) -> Panel:
    roles = roles or {}
    members = {}
    for code in STATE_CODES:
        person = UserFactory(full_name_latin=f"{body.code.upper()} Member {code}", country=states[code])
        MembershipFactory(person=person, body=body, role=roles.get(code, "member"), represents_state=states[code])
        members[code] = person
    watcher = None
    if observer:
        watcher = UserFactory(full_name_latin=f"{body.code.upper()} Observer")
        MembershipFactory(
            person=watcher, body=body, role="observer", represents_organisation=OrganisationFactory(acronym_en="UNX")
        )
    return Panel(body=body, members=members, observer=watcher)


@pytest.fixture
def wg(group_b, states) -> Panel:
    """Working group B: a chair (KZ), a co-chair (TM) and three members, one per state, and a UN observer."""
    return _panel(group_b, states, roles={"KZ": "chair", "TM": "co_chair"})


@pytest.fixture
def ec(council_body, states) -> Panel:
    """The executive committee: five members, one per state, and an observer."""
    body = BodyFactory(
        kind=Body.Kind.EXECUTIVE_COMMITTEE, code="ec", parent=council_body, name_en="Executive Committee"
    )
    return _panel(body, states)


@pytest.fixture
def wg_a(group_a, states) -> Panel:
    """Working group A: five members, one per state, no observer."""
    return _panel(group_a, states, observer=False)


@pytest.fixture
def viewers(wg, ec, member_a, outsider, staff):
    """One person of each kind who may look at group B's recommendations, by kind."""
    return {
        "anonymous": None,
        "outsider": outsider,
        "member_of_group_a": member_a,
        "member_of_group_b": wg.members["TJ"],
        "observer_of_group_b": wg.observer,
        "executive_committee": ec.members["KZ"],
        "secretariat": staff,
    }


def texts(title="Access to education for returning children", text="States should ensure access to school."):
    return {"title_ru": title, "text_ru": text}


@pytest.fixture
def make_recommendation(wg, staff):
    """Create a draft of group B through the service (code and version 1 assigned there)."""

    def make(*, group=None, title=None, text=None, by=None, states=("KZ", "UZ"), access="public", **extra):
        return services.recommendation_create(
            working_group=group or wg.body,
            texts=extra.pop("texts", None) or texts(title or "Access to education", text or "Ensure access to school."),
            by=by or staff,
            addressee_states=list(MemberState.objects.filter(code__in=states)),
            access=access,
            **extra,
        )

    return make


def record_all(round_, people, kind="support", *, by, reason=""):
    """The secretariat records the same position for each of `people` in a meeting round."""
    for person in people:
        services.position_record(round_=round_, person=person, kind=kind, reason=reason, by=by)


@pytest.fixture
def unanimous(staff):
    """Open a meeting round on the recommendation, record the support of every member asked and close it."""

    def run(recommendation) -> ConsensusRound:
        round_ = services.round_open(recommendation=recommendation, mode="meeting", by=staff)
        record_all(round_, [m.person for m in round_.members.select_related("person")], by=staff)
        return services.round_close(round_=round_, by=staff)

    return run


@pytest.fixture
def advance(wg, ec, staff, unanimous, make_recommendation):
    """Walk a recommendation along its life, through the services, until it has the given status."""

    def to(recommendation, status):
        recommendation.refresh_from_db()
        if status == recommendation.status:
            return recommendation
        if status == Status.WITHDRAWN:
            services.recommendation_transition(
                recommendation=recommendation, to=Status.WITHDRAWN, by=staff, reason="No longer needed"
            )
        elif status == Status.SUPERSEDED:
            to(recommendation, Status.PUBLISHED)
            newer = make_recommendation(title="Corrected text")
            Recommendation.objects.filter(pk=newer.pk).update(replaces=recommendation)
            to(newer, Status.PUBLISHED)
        else:
            order = [Status.DRAFT, Status.CONSULTATION, Status.ADOPTED, Status.ENDORSED, Status.PUBLISHED]
            while recommendation.status != status:
                step = order[order.index(recommendation.status) + 1]
                if step in (Status.ADOPTED, Status.ENDORSED):
                    unanimous(recommendation)
                else:
                    services.recommendation_transition(recommendation=recommendation, to=step, by=staff)
                recommendation.refresh_from_db()
        recommendation.refresh_from_db()
        assert recommendation.status == status
        return recommendation

    return to


@pytest.fixture
def in_consultation(make_recommendation, advance):
    return advance(make_recommendation(), Status.CONSULTATION)


@pytest.fixture
def silence_round(in_consultation, staff):
    """A silence procedure of group B on the recommendation in consultation, ending in 14 days."""
    return services.round_open(
        recommendation=in_consultation,
        mode="silence",
        deadline=timezone.now() + datetime.timedelta(days=14),
        by=staff,
    )


@pytest.fixture
def meeting_round(in_consultation, staff):
    return services.round_open(recommendation=in_consultation, mode="meeting", by=staff)


def submit_report(recommendation, code: str, *, by, **fields):
    """A state's implementation report through the service: a plan for 2025-H1 unless `fields` say otherwise."""
    fields = {"period": "2025-H1", "status": "planned", "progress": 10, "narrative": "A plan.", **fields}
    return services.report_submit(
        recommendation=recommendation, state=MemberState.objects.get(code=code), by=by, **fields
    )


def report_url(recommendation, code: str) -> str:
    """The page on which a state's focal point reports on the recommendation."""
    return reverse("recommendations:report", args=[recommendation.pk, code])
