"""Group A with chairs and members per state, and a small body of work of a group at every access level, made
through the services (the panels and walks come from the recommendations tests: tests/workinggroups/conftest.py)."""

import dataclasses
import datetime

import pytest
from django.utils import timezone

from recommendations import services
from recommendations.models import Recommendation
from tests.factories import MeetingFactory
from tests.recommendations.conftest import _panel, submit_report

Status = Recommendation.Status


@pytest.fixture
def wga(group_a, states):
    """Working group A: a chair (KZ), a co-chair (TJ) and three members, one per state, and a UN observer."""
    return _panel(group_a, states, roles={"KZ": "chair", "TJ": "co_chair"})


@dataclasses.dataclass
class Work:
    public_meeting: object
    body_meeting: object  # access "body": for group A's members
    draft_meeting: object  # the secretariat's alone
    public_paper: object  # of the public meeting, on agenda item 1, in English
    body_paper: object  # of the public meeting, access "body"
    published: object  # public, with a report from Uzbekistan
    published_body: object  # published at level "body"
    consultation: object  # in consultation, with an open silence procedure
    silence_round: object


def add_work(group, staff, make_recommendation, advance, *, suffix="") -> Work:
    """Meetings, papers and recommendations of `group` at each access level, through the services."""
    public_meeting = MeetingFactory(bodies=[group], access="public", title_en=f"Open session{suffix}")
    item = public_meeting.agenda_items.create(order=1, title_ru="Пункт повестки", title_en=f"Legal aid{suffix}")
    public_meeting.agenda_items.create(order=2, title_ru="Подпункт", title_en="Sub-item", parent=item)
    body_meeting = MeetingFactory(bodies=[group], access="body", title_en=f"Closed session{suffix}")
    draft_meeting = MeetingFactory(bodies=[group], access="public", status="draft", title_en=f"Draft session{suffix}")
    public_paper = public_meeting.documents.create(
        title=f"Open brief{suffix}", access="public", language="en", agenda_item=item
    )
    body_paper = public_meeting.documents.create(title=f"Members' brief{suffix}", access="body")
    body_meeting.documents.create(title=f"Closed meeting's brief{suffix}", access="public")
    published = advance(
        make_recommendation(group=group, title=f"Published text{suffix}", access="public"), Status.PUBLISHED
    )
    submit_report(published, "UZ", by=staff, status="implemented", progress=100)
    published_body = advance(
        make_recommendation(group=group, title=f"Members' published text{suffix}", access="body"), Status.PUBLISHED
    )
    consultation = advance(make_recommendation(group=group, title=f"Text in consultation{suffix}"), Status.CONSULTATION)
    silence_round = services.round_open(
        recommendation=consultation,
        mode="silence",
        deadline=timezone.now() + datetime.timedelta(days=14),
        by=staff,
    )
    return Work(
        public_meeting=public_meeting,
        body_meeting=body_meeting,
        draft_meeting=draft_meeting,
        public_paper=public_paper,
        body_paper=body_paper,
        published=published,
        published_body=published_body,
        consultation=consultation,
        silence_round=silence_round,
    )


@pytest.fixture
def work(wga, wg, ec, staff, make_recommendation, advance) -> Work:
    return add_work(wga.body, staff, make_recommendation, advance)
