"""A small council with one person of each kind, and one object of each kind, for the security walks.

The world is built through the services, as the secretariat would build it: working group A holds a
body-level meeting with invitations and a document, a recommendation in consultation with an open silence
procedure (opened to partners' comments, with one), and a published public recommendation with an implementation
report by Uzbekistan; the secretariat has asked for a PDF report (queued).
"""

import dataclasses
import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from council.models import Body, Membership
from tests.factories import (
    BodyFactory,
    InvitationFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

KINDS = ("anonymous", "member", "other", "observer", "focal", "secretariat", "superuser", "inactive")


def small_pdf() -> bytes:
    """A valid one-page PDF with no scripts, made by pypdf when it is installed."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@dataclasses.dataclass
class World:
    people: dict
    group_a: Body
    group_b: Body
    meeting: object  # group A, access "body", with invitations
    public_meeting: object
    draft_meeting: object
    document: object  # of `meeting`, access "body"
    consultation: object  # group A recommendation in consultation with an open silence round
    silence_round: object
    published: object  # group A recommendation, published, public
    draft_b: object  # group B recommendation in consultation
    states: dict
    reports: dict  # finished PDF reports by who may see them: public, body (+ invitees), secretariat, personal
    endpoint: object = None  # a partner's webhook endpoint (on a loopback port where nothing listens)
    delivery: object = None  # a test event queued for it, not yet sent
    figures: dict = dataclasses.field(default_factory=dict)  # regional figures: an indicator and values
    roadmaps: dict = None  # the programme's roadmaps (tests/security/programme_rows.py)
    outcomes: dict = None  # outcome documents of `public_meeting`: public, body, draft (world_outcomes.py)

    def person(self, kind):
        return self.people.get(kind)


def _finished_report(kind, *, access, requested_by, bodies=(), meeting=None, addressee=None, state="done"):
    """A report as its rendering leaves it (a small PDF as its file), with the audience its data gave it."""
    import hashlib

    from reports.models import Report

    pdf = small_pdf()
    report = Report(
        kind=kind,
        parameters={"n": kind},
        language="ru",
        requested_by=requested_by,
        access=access,
        meeting=meeting,
        addressee=addressee,
        title=f"{kind} report",
        reference=f"REC/{kind}",
    )
    if state == "done":
        report.file.save("report.pdf", ContentFile(pdf), save=False)
        report.state, report.progress, report.sha256, report.size = (
            "done",
            100,
            hashlib.sha256(pdf).hexdigest(),
            len(pdf),
        )
    else:
        report.state, report.error = "failed", "RuntimeError: it broke"
    report.save()
    report.bodies.set(bodies)
    return report


def _publish(recommendation, *, staff, ec_people):
    from recommendations import services

    services.recommendation_transition(recommendation=recommendation, to="consultation", by=staff)
    for _body in ("wg", "ec"):
        round_ = services.round_open(recommendation=recommendation, mode="meeting", by=staff)
        for seat in round_.members.select_related("person"):
            services.position_record(round_=round_, person=seat.person, kind="support", reason="", by=staff)
        services.round_close(round_=round_, by=staff)
    services.recommendation_transition(recommendation=recommendation, to="published", by=staff)
    recommendation.refresh_from_db()
    assert recommendation.status == "published", recommendation.status
    return recommendation


def _figures(*, states, staff, focal) -> dict:
    """A public indicator with Kazakhstan's 3 (suppressed) and Uzbekistan's 40 approved, Uzbekistan's focal point's
    figure submitted, and a council-level indicator."""
    from figures import services

    indicator = services.indicator_create(
        data={"code": "returned", "name_ru": "Вернувшиеся", "name_en": "Returned", "unit_ru": "чел.", "unit_en": "p"},
        by=staff,
    )
    council_level = services.indicator_create(
        data={
            "code": "internal",
            "name_ru": "Внутр.",
            "name_en": "Internal",
            "unit_ru": "ч",
            "unit_en": "p",
            "access": "council",
        },
        by=staff,
    )
    common = {"year_from": 2024, "year_to": 2024, "source": "Ministry", "source_date": datetime.date(2025, 1, 1)}
    approved = {}
    for code, number in (("KZ", 3), ("UZ", 40)):
        value = services.value_create(indicator=indicator, state=states[code], number=number, by=staff, **common)
        approved[code] = services.value_approve(value=value, by=staff)
    submitted = services.value_create(
        indicator=indicator,
        state=states["UZ"],
        number=41,
        submit=True,
        by=focal,
        **{**common, "year_from": 2023, "year_to": 2023},
    )
    hidden = services.value_approve(
        value=services.value_create(indicator=council_level, state=states["UZ"], number=9, by=staff, **common), by=staff
    )
    return {
        "indicator": indicator,
        "council_level": council_level,
        "approved": approved,
        "submitted": submitted,
        "hidden": hidden,
    }


@pytest.fixture
def world(db, states, council_body, group_a, group_b, staff, superuser, media) -> World:
    from council import services as council_services
    from meetings import services as meetings_services
    from recommendations import services
    from recommendations.models import Tag
    from reports.models import ReportKind

    start = datetime.date(2024, 5, 14)
    ec = BodyFactory(kind=Body.Kind.EXECUTIVE_COMMITTEE, code="ec", parent=council_body, name_en="Executive Committee")

    def seat(person, body, state, role="member", **extra):
        MembershipFactory(person=person, body=body, role=role, represents_state=state, term_start=start, **extra)
        return person

    member = seat(UserFactory(full_name_latin="Aida Member", country=states["KZ"]), group_a, states["KZ"])
    focal = seat(
        UserFactory(full_name_latin="Umid Focal", country=states["UZ"]),
        group_a,
        states["UZ"],
        is_focal_point=True,
    )
    third = seat(UserFactory(full_name_latin="Tahmina Third", country=states["TJ"]), group_a, states["TJ"])
    other = seat(UserFactory(full_name_latin="Bakyt Other", country=states["KG"]), group_b, states["KG"])
    seat(UserFactory(full_name_latin="Kamila Bmember"), group_b, states["KZ"])
    seat(UserFactory(full_name_latin="Tolib Bmember"), group_b, states["TJ"])
    observer = UserFactory(full_name_latin="Olga Observer")
    MembershipFactory(
        person=observer,
        body=group_a,
        role=Membership.Role.OBSERVER,
        represents_organisation=OrganisationFactory(acronym_en="UNX"),
        term_start=start,
    )
    inactive = seat(UserFactory(full_name_latin="Ivan Inactive", country=states["TM"]), group_a, states["TM"])
    ec_people = [seat(UserFactory(full_name_latin=f"Ec Member{c}"), ec, states[c]) for c in ("KZ", "UZ", "TJ")]

    meeting = MeetingFactory(bodies=[group_a], access="body", online_url="https://meet.example.org/secret-room")
    for person in (member, focal, observer, third, inactive):
        InvitationFactory(meeting=meeting, person=person, email=person.email)
    meetings_services.nomination_request(
        invitation=meeting.invitations.get(person=third), email="alternate.of.third@example.org", by=third
    )
    public_meeting = MeetingFactory(bodies=[group_a], access="public")
    draft_meeting = MeetingFactory(bodies=[group_a], access="public", status="draft")
    document = meeting.documents.create(title="Body-only brief", access="body", original_name="brief.pdf")
    document.file.save("brief.pdf", ContentFile(small_pdf()), save=True)

    texts = {"title_ru": "Доступ к образованию", "text_ru": "Государствам следует обеспечить доступ к школе."}
    addressees = [states["UZ"], states["KZ"]]
    consultation = services.recommendation_create(
        working_group=group_a, texts=texts, by=staff, addressee_states=addressees, access="public"
    )
    services.recommendation_transition(recommendation=consultation, to="consultation", by=staff)
    silence_round = services.round_open(
        recommendation=consultation,
        mode="silence",
        deadline=timezone.now() + datetime.timedelta(days=14),
        by=staff,
    )
    # The secretariat opened it to partner organisations' comments (API), and one has commented.
    services.recommendation_update(recommendation=consultation, data={"partner_consultation": True}, by=staff)
    services.partner_comment_add(
        recommendation=consultation,
        organisation=OrganisationFactory(acronym_en="COMMENTER"),
        key_prefix="worldkey",
        text="A partner organisation's comment.",
        idempotency_key="world",
    )
    published = services.recommendation_create(
        working_group=group_a,
        texts={"title_ru": "Психосоциальная помощь", "text_ru": "Обеспечить помощь."},
        by=staff,
        addressee_states=addressees,
        access="public",
    )
    _publish(published, staff=staff, ec_people=ec_people)
    draft_b = services.recommendation_create(
        working_group=group_b,
        texts={"title_ru": "Черновик группы Б", "text_ru": "Текст группы Б."},
        by=staff,
        addressee_states=addressees,
        access="public",
    )
    services.recommendation_transition(recommendation=draft_b, to="consultation", by=staff)
    services.report_submit(
        recommendation=published,
        state=states["UZ"],
        period=services.current_period(),
        status="in_progress",
        progress=40,
        narrative="Training of teachers has begun.",
        evidence_file=ContentFile(small_pdf(), name="decree.pdf"),
        by=focal,
    )
    Tag.objects.create(slug="education", name="Education")
    reports = {
        "public": _finished_report(ReportKind.COMPENDIUM, access="public", requested_by=staff),
        # A meeting record: members of group A and the meeting's invitees.
        "body": _finished_report(
            ReportKind.MEETING_RECORD, access="body", bodies=[group_a], meeting=meeting, requested_by=staff
        ),
        "secretariat": _finished_report(ReportKind.IMPLEMENTATION, access="secretariat", requested_by=staff),
        "personal": _finished_report(
            ReportKind.INVITATION_LETTER, access="secretariat", addressee=member, requested_by=staff
        ),
        "failed": _finished_report(ReportKind.DOSSIER, access="public", requested_by=member, state="failed"),
    }
    from council.partners.services import key_issue

    key_issue(organisation=OrganisationFactory(acronym_en="KEYORG"), name="world", scopes=["council:read"], by=staff)
    council_services.user_deactivate(user=inactive, by=superuser)
    inactive.refresh_from_db()
    from council.webhooks import services as webhook_services

    endpoint = webhook_services.endpoint_create(
        organisation=OrganisationFactory(acronym_en="OSCE"),
        url="http://127.0.0.1:1029/rec-hooks",
        events=["meeting.scheduled", "recommendation.published"],
        description="OSCE receiver",
        by=staff,
    )
    delivery = webhook_services.endpoint_test_send(endpoint=endpoint, by=staff)

    figures = _figures(states=states, staff=staff, focal=focal)
    from tests.security.world_outcomes import outcomes_add

    outcomes = outcomes_add(meeting=public_meeting, staff=staff, states=states)

    people = {
        "anonymous": None,
        "member": member,
        "other": other,
        "observer": observer,
        "focal": focal,
        "secretariat": staff,
        "superuser": superuser,
        "inactive": inactive,
    }
    from tests.security.programme_rows import programme_world

    roadmaps = programme_world(staff=staff, states=states, meeting=meeting, published=published)
    return World(
        roadmaps=roadmaps,
        people=people,
        group_a=group_a,
        group_b=group_b,
        meeting=meeting,
        public_meeting=public_meeting,
        draft_meeting=draft_meeting,
        document=document,
        consultation=consultation,
        silence_round=silence_round,
        published=published,
        draft_b=draft_b,
        states=states,
        reports=reports,
        endpoint=endpoint,
        delivery=delivery,
        figures=figures,
        outcomes=outcomes,
    )
