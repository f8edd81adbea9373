"""Every add, change and delete in the admin on the portal's own models, and every admin action, leaves exactly
the audit rows it should (or is refused); a new model or action without a case here fails the walk."""

import datetime

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from council.audit import AuditAction as A
from council.models import AuditRecord, Body, Membership, MemberState, Organisation, User
from council.outbox.models import SendState as OutboxSendState
from council.partners.models import PartnerKey
from council.webhooks import services as webhook_services
from council.webhooks.models import WebhookDelivery, WebhookEndpoint
from meetings import services as meetings_services
from meetings.models import Invitation, Meeting, Nomination, SendState
from recommendations import services as recommendations_services
from recommendations.models import ConsensusRound, ImplementationReport, PartnerComment, Recommendation, Tag
from reports.models import Report
from tests.factories import InvitationFactory, MeetingFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.helpers import admin_action
from tests.html import read_form
from tests.meetings.helpers import admin_datetime
from tests.security import admin_audit_outcomes as outcome_cases

pytestmark = pytest.mark.django_db

PORTAL_APPS = {
    "council",
    "workinggroups",
    "meetings",
    "recommendations",
    "reports",
    "partners",
    "webhooks",
    "programme",
}
REFUSED = "refused"


def portal_admins():
    return {
        model._meta.label_lower: model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in PORTAL_APPS
    }


_start = {"id": 0}


def mark() -> None:
    """Rows written from here on are the case's (what came before was setting it up)."""
    _start["id"] = AuditRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0


def target(obj) -> tuple[str, str]:
    return (obj._meta.label_lower, str(obj.pk))


def url(obj_or_model, view, *args):
    opts = obj_or_model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def problems(response) -> str:
    context = response.context or {}
    found = []
    if "adminform" in context:
        found.append(context["adminform"].form.errors)
    for formset in context.get("inline_admin_formsets", []):
        found.append(formset.formset.errors)
        found.append(formset.formset.non_form_errors())
    return repr(found)


def submit(client, model, page, form_changes, *args):
    """Post the add or change form of the admin as a browser would, with `form_changes` typed in."""
    address = url(model, page, *args)
    data = read_form(client.get(address), f"{model._meta.model_name}_form").data
    data.update(form_changes)
    data["_save"] = "Save"
    response = client.post(address, data)
    assert response.status_code == 302, problems(response)
    return response


def add(client, model, **changes):
    before = set(model._default_manager.values_list("pk", flat=True))
    submit(client, model, "add", changes)
    (created,) = model._default_manager.exclude(pk__in=before)
    return created


def change(client, obj, **changes):
    submit(client, type(obj), "change", changes, obj.pk)
    return obj


def delete(client, obj):
    response = client.post(url(obj, "delete", obj.pk), {"post": "yes"})
    assert response.status_code == 302, problems(response)
    assert not type(obj)._default_manager.filter(pk=obj.pk).exists()
    return obj


def meeting_times(days=20):
    day = timezone.localdate() + datetime.timedelta(days=days)
    starts = datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC)
    start_date, start_time = admin_datetime(starts)
    end_date, end_time = admin_datetime(starts + datetime.timedelta(hours=2))
    return {"starts_at_0": start_date, "starts_at_1": start_time, "ends_at_0": end_date, "ends_at_1": end_time}


def endorsed(world, staff):
    """A recommendation of group A endorsed by the executive committee, ready to publish."""
    services = recommendations_services
    recommendation = services.recommendation_create(
        working_group=world.group_a, texts={"title_ru": "Тема", "text_ru": "Текст."}, by=staff
    )
    services.recommendation_transition(recommendation=recommendation, to="consultation", by=staff)
    for _body in ("wg", "ec"):
        round_ = services.round_open(recommendation=recommendation, mode="meeting", by=staff)
        for seat in round_.members.select_related("person"):
            services.position_record(round_=round_, person=seat.person, kind="support", by=staff)
        services.round_close(round_=round_, by=staff)
    return recommendation


def meeting_round(world, staff):
    round_ = recommendations_services.round_open(recommendation=world.draft_b, mode="meeting", by=staff)
    return round_


# Cases: each does one thing through the admin and returns the audit rows expected, as (action, target). --------


def user_add(client, world, staff):
    person = add(client, User, email="new.person@example.org", full_name_latin="New Person", preferred_language="en")
    return [(A.USER_CREATE, person)]


def user_change(client, world, staff):
    person = change(client, world.person("member"), full_name_latin="Aida Renamed", full_name_cyrillic="Аида")
    return [(A.USER_UPDATE, person)]


def user_delete(client, world, staff):
    person = UserFactory()
    expected = target(person)
    delete(client, person)
    return [(A.USER_DELETE, expected)]


def user_change_with_a_membership_in_the_inline(client, world, staff):
    person = world.person("member")
    seat = person.memberships.get()
    change(client, person, full_name_cyrillic="Аида", **{"memberships-0-role": Membership.Role.CO_CHAIR})
    return [(A.USER_UPDATE, person), (A.MEMBERSHIP_UPDATE, seat)]


def reference_cases(model, fields, changed):
    def add_(client, world, staff):
        return [(A.REFERENCE_CREATE, add(client, model, **fields))]

    def change_(client, world, staff):
        obj = model._default_manager.filter(**changed["where"]).first()
        return [(A.REFERENCE_UPDATE, change(client, obj, **changed["set"]))]

    def delete_(client, world, staff):
        obj = add(client, model, **fields)
        mark()
        expected = target(obj)
        delete(client, obj)
        return [(A.REFERENCE_DELETE, expected)]

    return add_, change_, delete_


def membership_add(client, world, staff):
    person = UserFactory()
    seat = add(
        client,
        Membership,
        person=str(person.pk),
        body=str(world.group_b.pk),
        role="member",
        term_start="2025-01-01",
    )
    return [(A.MEMBERSHIP_CREATE, seat)]


def membership_change(client, world, staff):
    seat = world.person("member").memberships.get()
    return [(A.MEMBERSHIP_UPDATE, change(client, seat, term_end="2030-12-31"))]


def membership_delete(client, world, staff):
    seat = MembershipFactory(body=world.group_b)
    expected = target(seat)
    delete(client, seat)
    return [(A.MEMBERSHIP_DELETE, expected)]


def meeting_add(client, world, staff):
    meeting = add(
        client,
        Meeting,
        title_ru="Новое заседание",
        title_en="New session",
        kind="working_group",
        bodies=str(world.group_a.pk),
        timezone="Asia/Tashkent",
        format="in_person",
        venue_city_ru="Ташкент",
        **meeting_times(),
    )
    return [(A.MEETING_CREATE, meeting)]


def meeting_change(client, world, staff):
    meeting = world.public_meeting
    return [(A.MEETING_UPDATE, change(client, meeting, title_en="Renamed session", access="council"))]


def meeting_change_with_inline_rows(client, world, staff):
    """The agenda's items are saved on the meeting's agenda screen, through the agenda services."""
    meeting = world.draft_meeting
    address = reverse("admin:meetings_meeting_agenda", args=[meeting.pk])
    data = read_form(client.get(address), "meeting_form").data
    data.update(
        {
            "agenda_items-TOTAL_FORMS": "1",
            "agenda_items-0-order": "1",
            "agenda_items-0-title_ru": "Открытие",
            "agenda_items-0-meeting": str(meeting.pk),
            "_save": "Save",
        }
    )
    response = client.post(address, data)
    assert response.status_code == 302, problems(response)
    return [(A.AGENDA_ITEM_ADD, meeting.agenda_items.get())]


def meeting_change_attendance(client, world, staff):
    meeting = MeetingFactory(
        bodies=[world.group_a],
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    person = world.person("member")
    row = meetings_services.attendance_record(meeting=meeting, person=person, status="present", by=staff)
    mark()
    expected = target(row)
    change(client, meeting, **{"attendance-0-DELETE": "on"})
    return [(A.ATTENDANCE_REMOVE, expected)]


def meeting_delete(client, world, staff):
    meeting = world.draft_meeting
    expected = target(meeting)
    delete(client, meeting)
    return [(A.MEETING_DELETE, expected)]


def invitation_add(client, world, staff):
    invitation = add(
        client, Invitation, meeting=str(world.draft_meeting.pk), email="guest@example.org", name="Guest", language="en"
    )
    return [(A.INVITATION_ADD, invitation)]


def invitation_change(client, world, staff):
    invitation = world.meeting.invitations.filter(rsvp="pending").first()
    return [(A.INVITATION_UPDATE, change(client, invitation, name="Dear Guest", language="uz"))]


def invitation_delete(client, world, staff):
    invitation = meetings_services.invitation_add(meeting=world.draft_meeting, email="x@example.org", by=staff)
    mark()
    expected = target(invitation)
    delete(client, invitation)
    return [(A.INVITATION_REMOVE, expected)]


def recommendation_add(client, world, staff):
    recommendation = add(
        client,
        Recommendation,
        working_group=str(world.group_a.pk),
        authoritative_language="ru",
        access="partners",
        title_ru="Новая рекомендация",
        text_ru="Текст.",
    )
    return [(A.RECOMMENDATION_CREATE, recommendation)]


def recommendation_change(client, world, staff):
    recommendation = world.draft_b
    return [(A.RECOMMENDATION_UPDATE, change(client, recommendation, access="council"))]


def read_only_change(get):
    def case(client, world, staff):
        change(client, get(world))
        return []

    return case


def refused_add(model):
    def case(client, world, staff):
        assert client.get(url(model, "add")).status_code == 403
        assert client.post(url(model, "add"), {}).status_code == 403
        return []

    return case


def refused_delete(get):
    def case(client, world, staff):
        obj = get(world)
        assert client.post(url(obj, "delete", obj.pk), {"post": "yes"}).status_code == 403
        assert type(obj)._default_manager.filter(pk=obj.pk).exists()
        return []

    return case


def refused_change(get):
    def case(client, world, staff):
        obj = get(world)
        response = client.post(url(obj, "change", obj.pk), {"action": "forged"})
        assert response.status_code == 403
        return []

    return case


def partner_comment(world):
    """A partner's comment on the world's text in consultation, opened to partners (its rows are the setting up)."""
    recommendation = recommendations_services.recommendation_update(
        recommendation=world.consultation, data={"partner_consultation": True}, by=world.person("secretariat")
    )
    comment, _replayed = recommendations_services.partner_comment_add(
        recommendation=recommendation,
        organisation=OrganisationFactory(),
        key_prefix="abcdefgh",
        text="A partner's comment.",
        idempotency_key="admin-audit",
    )
    mark()
    return comment


def first_audit_row(world):
    return AuditRecord.objects.order_by("id").first()


state_add, state_change, state_delete = reference_cases(
    MemberState,
    {"code": "AF", "name_ru": "Афганистан", "name_en": "Afghanistan", "name_uz": "Afgʻoniston", "order": "9"},
    {"where": {"code": "UZ"}, "set": {"name_en": "Uzbekistan (renamed)"}},
)
organisation_add, organisation_change, organisation_delete = reference_cases(
    Organisation,
    {"name_ru": "Новая организация", "name_en": "New organisation", "kind": "donor"},
    {"where": {"acronym_en": "UNX"}, "set": {"seat": "Geneva"}},
)
body_add, body_change, _body_delete = reference_cases(
    Body,
    {
        "kind": "working_group",
        "code": "e",
        "name_ru": "Группа E",
        "name_en": "Group E",
        "quorum_share": "0.5",
        "quorum_states": "3",
        "order": "6",
    },
    {"where": {"code": "ec"}, "set": {"mandate_ru": "Новый мандат"}},
)
tag_add, tag_change, tag_delete = reference_cases(
    Tag,
    {"slug": "health", "name_ru": "Здоровье", "name_en": "Health"},
    {"where": {"slug": "education"}, "set": {"name_en": "Schools"}},
)


def endpoint_add(client, world, staff):
    """The add form answers with the page that shows the new secret, once (no redirect)."""
    address = url(WebhookEndpoint, "add")
    data = read_form(client.get(address), "webhookendpoint_form").data
    data.update(
        organisation=str(OrganisationFactory().pk),
        url="http://127.0.0.1:1030/hooks",
        description="New receiver",
        events=["meeting.cancelled", "report.published"],
        _save="Save",
    )
    response = client.post(address, data)
    assert response.status_code == 200, problems(response)
    created = WebhookEndpoint.objects.get(url="http://127.0.0.1:1030/hooks")
    assert created.secret in response.content.decode()
    return [(A.WEBHOOK_ENDPOINT_CREATE, created)]


def endpoint_change(client, world, staff):
    return [(A.WEBHOOK_ENDPOINT_UPDATE, change(client, world.endpoint, description="Renamed receiver"))]


def endpoint_delete(client, world, staff):
    endpoint = world.endpoint
    expected = target(endpoint)
    delete(client, endpoint)
    return [(A.WEBHOOK_ENDPOINT_DELETE, expected)]


def body_delete_case(client, world, staff):
    body = spare_council()
    expected = target(body)
    delete(client, body)
    return [(A.REFERENCE_DELETE, expected)]


CASES = {
    "council.user": {
        "add": user_add,
        "change": user_change,
        "delete": user_delete,
        "change with inline": user_change_with_a_membership_in_the_inline,
    },
    "council.memberstate": {"add": state_add, "change": state_change, "delete": state_delete},
    "council.organisation": {"add": organisation_add, "change": organisation_change, "delete": organisation_delete},
    "council.body": {"add": body_add, "change": body_change, "delete": body_delete_case},
    "council.membership": {"add": membership_add, "change": membership_change, "delete": membership_delete},
    "council.auditrecord": {
        "add": refused_add(AuditRecord),
        "change": refused_change(first_audit_row),
        "delete": refused_delete(first_audit_row),
    },
    "meetings.meeting": {
        "add": meeting_add,
        "change": meeting_change,
        "change agenda": meeting_change_with_inline_rows,
        "change attendance": meeting_change_attendance,
        "delete": meeting_delete,
    },
    "meetings.invitation": {"add": invitation_add, "change": invitation_change, "delete": invitation_delete},
    "meetings.nomination": {
        "add": refused_add(Nomination),
        "change": read_only_change(lambda world: Nomination.objects.first()),
        "delete": refused_delete(lambda world: Nomination.objects.first()),
    },
    "recommendations.recommendation": {
        "add": recommendation_add,
        "change": recommendation_change,
        "delete": refused_delete(lambda world: world.draft_b),
    },
    "recommendations.consensusround": {
        "add": refused_add(ConsensusRound),
        "change": read_only_change(lambda world: world.silence_round),
        "delete": refused_delete(lambda world: world.silence_round),
    },
    "recommendations.implementationreport": {
        "add": refused_add(ImplementationReport),
        "change": read_only_change(lambda world: ImplementationReport.objects.first()),
        "delete": refused_delete(lambda world: ImplementationReport.objects.first()),
    },
    "recommendations.tag": {"add": tag_add, "change": tag_change, "delete": tag_delete},
    # A partner's comment comes through the API; the admin shows it and refuses every change.
    "recommendations.partnercomment": {
        "add": refused_add(PartnerComment),
        "change": refused_change(partner_comment),
        "delete": refused_delete(partner_comment),
    },
    "webhooks.webhookendpoint": {"add": endpoint_add, "change": endpoint_change, "delete": endpoint_delete},
    # What was sent to a partner, attempt by attempt: listed and read, never added, changed or deleted by hand.
    "webhooks.webhookdelivery": {
        "add": refused_add(WebhookDelivery),
        "change": refused_change(lambda world: world.delivery),
        "delete": refused_delete(lambda world: world.delivery),
    },
    # A report is the record of one rendering: the admin lists it and refuses every change.
    "reports.report": {
        "add": refused_add(Report),
        "change": refused_change(lambda world: Report.objects.first()),
        "delete": refused_delete(lambda world: Report.objects.first()),
    },
}


def partner_key_add(client, world, staff):
    organisation = Organisation.objects.order_by("pk").first()
    response = client.post(
        url(PartnerKey, "add"), {"organisation": organisation.pk, "name": "Audit", "scopes": ["council:read"]}
    )
    assert response.status_code == 200, problems(response)
    key = PartnerKey.objects.get(name="Audit")
    return [(A.PARTNER_KEY_ISSUE, key)]


def partner_key_change(client, world, staff):
    key = PartnerKey.objects.filter(revoked=False).order_by("pk").first()
    response = client.post(url(key, "change", key.pk), {"name": "Renamed", "scopes": ["meetings:read"]})
    assert response.status_code == 302, problems(response)
    return [(A.PARTNER_KEY_UPDATE, key)]


CASES["partners.partnerkey"] = {
    "add": partner_key_add,
    "change": partner_key_change,
    # Revoked, never deleted: the key's history stays.
    "delete": refused_delete(lambda world: PartnerKey.objects.order_by("pk").first()),
}


# Actions: (model, action) → a case. -----------------------------------------------------------------------------


def action_case(model, action, objects, expected, **extra):
    def case(client, world, staff):
        chosen = objects(world, staff)
        mark()
        before = expected(world, staff, chosen, "before")
        data = {name: value(world) if callable(value) else value for name, value in extra.items()}
        assert admin_action(client, model, action, chosen, **data).status_code in (200, 302)
        return before + expected(world, staff, chosen, "after")

    return case


def each(kind, *, when="after"):
    return lambda world, staff, chosen, moment: [(kind, o) for o in chosen] if moment == when else []


def nothing(world, staff, chosen, moment):
    return []


def delete_selected(model, make):
    def case(client, world, staff):
        obj = make(world, staff)
        mark()
        expected = target(obj)
        assert admin_action(client, model, "delete_selected", [obj], post="yes").status_code in (200, 302)
        assert not type(obj)._default_manager.filter(pk=obj.pk).exists()
        (row,) = rows_after(_start["id"])
        assert row[1:] == expected and row[0] in DELETE_ACTIONS, row
        return "checked"

    return case


DELETE_ACTIONS = {
    A.USER_DELETE,
    A.REFERENCE_DELETE,
    A.MEMBERSHIP_DELETE,
    A.MEETING_DELETE,
    A.INVITATION_REMOVE,
    A.WEBHOOK_ENDPOINT_DELETE,
}


def spare_council():
    """A body this screen shows (the council or the committee) that nothing refers to, so it can be deleted."""
    Body.objects.filter(kind=Body.Kind.COUNCIL).update(kind=Body.Kind.WORKING_GROUP)  # makes room for one
    return Body.objects.create(kind=Body.Kind.COUNCIL, code="z", name="Z")


def failed_invitation(world, staff):
    invitation = world.meeting.invitations.first()
    Invitation.objects.filter(pk=invitation.pk).update(send_state=SendState.FAILED)
    invitation.refresh_from_db()
    return [invitation]


def failed_delivery(world, staff):
    WebhookDelivery.objects.filter(pk=world.delivery.pk).update(send_state=OutboxSendState.FAILED)
    return [world.delivery]


def disabled_endpoint(world, staff):
    webhook_services.endpoint_disable(endpoint=world.endpoint, reason="Gone", by=staff)
    return [world.endpoint]


def sent_a_test_event(world, staff, chosen, moment):
    return [(A.WEBHOOK_TEST_SEND, chosen[0])] if moment == "after" else []


def draft_with_invitation(world, staff):
    meeting = MeetingFactory(bodies=[world.group_a], status="draft")
    InvitationFactory(meeting=meeting)
    return [meeting]


def past_scheduled(world, staff):
    return [
        MeetingFactory(
            bodies=[world.group_a],
            starts_at=timezone.now() - datetime.timedelta(hours=3),
            ends_at=timezone.now() - datetime.timedelta(hours=1),
        )
    ]


def held_with_minutes(world, staff):
    meeting = past_scheduled(world, staff)[0]
    Meeting.objects.filter(pk=meeting.pk).update(status="held", minutes="Minutes.")
    meeting.refresh_from_db()
    return [meeting]


def requested_nomination(world, staff):
    return [Nomination.objects.get(state="requested")]


def alternate_invited(world, staff, chosen, moment):
    if moment == "before":
        return []
    nomination = chosen[0]
    nomination.refresh_from_db()
    return [(A.INVITATION_ADD, nomination.alternate_invitation), (A.NOMINATION_CONFIRM, nomination)]


def meeting_send(world, staff, chosen, moment):
    if moment == "before":
        return []
    return [(A.INVITATION_ADD_MEMBERS, chosen[0]), (A.INVITATION_SEND, chosen[0])]


def cancelled(world, staff, chosen, moment):
    if moment == "before":
        return [(A.INVITATION_WITHDRAW, i) for i in chosen[0].invitations.all()]
    return [(A.MEETING_STATUS, chosen[0])]


def new_rounds(world, staff, chosen, moment):
    if moment == "before":
        return []
    return [(A.ROUND_OPEN, r.rounds.get(state="open")) for r in chosen]


def closed_round(world, staff, chosen, moment):
    return [(A.ROUND_CLOSE, chosen[0])] if moment == "after" else []


ACTION_CASES = {
    ("council.user", "send_set_password_link"): action_case(
        User, "send_set_password_link", lambda w, s: [w.person("member")], each(A.USER_SEND_SET_PASSWORD_LINK)
    ),
    ("council.user", "deactivate"): action_case(
        User, "deactivate", lambda w, s: [w.person("member")], each(A.USER_DEACTIVATE)
    ),
    ("council.user", "delete_selected"): delete_selected(User, lambda w, s: UserFactory()),
    ("council.memberstate", "delete_selected"): delete_selected(
        MemberState, lambda w, s: MemberState.objects.create(code="AF", name="Afghanistan")
    ),
    ("council.organisation", "delete_selected"): delete_selected(Organisation, lambda w, s: OrganisationFactory()),
    ("council.body", "delete_selected"): delete_selected(Body, lambda w, s: spare_council()),
    ("council.membership", "delete_selected"): delete_selected(
        Membership, lambda w, s: MembershipFactory(body=w.group_b)
    ),
    ("recommendations.tag", "delete_selected"): delete_selected(
        Tag, lambda w, s: Tag.objects.create(slug="x", name="X")
    ),
    ("meetings.meeting", "delete_selected"): delete_selected(Meeting, lambda w, s: w.draft_meeting),
    ("meetings.invitation", "delete_selected"): delete_selected(
        Invitation, lambda w, s: InvitationFactory(meeting=w.draft_meeting)
    ),
    ("meetings.meeting", "schedule"): action_case(
        Meeting, "schedule", lambda w, s: [w.draft_meeting], each(A.MEETING_STATUS)
    ),
    ("meetings.meeting", "send_invitations"): action_case(
        Meeting, "send_invitations", lambda w, s: [w.public_meeting], meeting_send
    ),
    # Reminder rows are their own record (one per invitation and key, with its delivery log).
    ("meetings.meeting", "send_reminder_now"): action_case(
        Meeting, "send_reminder_now", lambda w, s: [w.meeting], nothing
    ),
    ("meetings.meeting", "cancel_meeting"): action_case(Meeting, "cancel_meeting", lambda w, s: [w.meeting], cancelled),
    ("meetings.meeting", "retry_failed"): action_case(
        Meeting,
        "retry_failed",
        lambda w, s: [w.meeting],
        lambda w, s, chosen, moment: (
            [(A.INVITATION_RETRY, i) for i in failed_invitation(w, s)] if moment == "before" else []
        ),
    ),
    ("meetings.meeting", "mark_held"): action_case(Meeting, "mark_held", past_scheduled, each(A.MEETING_STATUS)),
    ("meetings.meeting", "approve_minutes"): action_case(
        Meeting, "approve_minutes", held_with_minutes, each(A.MEETING_STATUS)
    ),
    ("meetings.meeting", "export_participants"): action_case(
        Meeting, "export_participants", lambda w, s: [w.meeting], nothing
    ),
    ("meetings.invitation", "retry_failed"): action_case(
        Invitation, "retry_failed", failed_invitation, each(A.INVITATION_RETRY)
    ),
    # The PDF actions only open the reports' "generate" screen; asking for a report is not an audited change.
    ("meetings.meeting", "pdf_meeting_record"): action_case(
        Meeting, "pdf_meeting_record", lambda w, s: [w.meeting], nothing
    ),
    ("meetings.meeting", "pdf_invitation_letters"): action_case(
        Meeting, "pdf_invitation_letters", lambda w, s: [w.meeting], nothing
    ),
    ("meetings.invitation", "pdf_invitation_letter"): action_case(
        Invitation, "pdf_invitation_letter", lambda w, s: list(w.meeting.invitations.all()[:2]), nothing
    ),
    ("recommendations.recommendation", "pdf_dossier"): action_case(
        Recommendation, "pdf_dossier", lambda w, s: [w.published], nothing
    ),
    ("reports.report", "retry_failed"): action_case(
        Report, "retry_failed", lambda w, s: [w.reports["failed"]], nothing
    ),
    ("meetings.nomination", "confirm_nominations"): action_case(
        Nomination, "confirm_nominations", requested_nomination, alternate_invited
    ),
    ("meetings.nomination", "refuse_nominations"): action_case(
        Nomination, "refuse_nominations", requested_nomination, each(A.NOMINATION_REFUSE)
    ),
    ("recommendations.recommendation", "to_consultation"): action_case(
        Recommendation,
        "to_consultation",
        lambda w, s: [
            recommendations_services.recommendation_create(
                working_group=w.group_a, texts={"title_ru": "Т", "text_ru": "Т."}, by=s
            )
        ],
        each(A.RECOMMENDATION_STATUS),
    ),
    ("recommendations.recommendation", "open_silence_round"): action_case(
        Recommendation,
        "open_silence_round",
        lambda w, s: [w.draft_b],
        new_rounds,
        _confirm="1",
        length_days="14",
        closes_at="18:00",
    ),
    ("recommendations.recommendation", "open_meeting_round"): action_case(
        Recommendation,
        "open_meeting_round",
        lambda w, s: [w.draft_b],
        new_rounds,
        _confirm="1",
        meeting=lambda w: w.meeting.pk,
    ),
    ("recommendations.recommendation", "publish"): action_case(
        Recommendation, "publish", lambda w, s: [endorsed(w, s)], each(A.RECOMMENDATION_STATUS)
    ),
    ("recommendations.recommendation", "return_to_draft"): action_case(
        Recommendation,
        "return_to_draft",
        lambda w, s: [w.draft_b],
        each(A.RECOMMENDATION_STATUS),
        reason="Needs more work.",
    ),
    ("recommendations.recommendation", "withdraw"): action_case(
        Recommendation, "withdraw", lambda w, s: [w.draft_b], each(A.RECOMMENDATION_STATUS), reason="Overtaken."
    ),
    ("partners.partnerkey", "revoke"): action_case(
        PartnerKey, "revoke", lambda w, s: list(PartnerKey.objects.filter(revoked=False)), each(A.PARTNER_KEY_REVOKE)
    ),
    ("webhooks.webhookendpoint", "delete_selected"): delete_selected(WebhookEndpoint, lambda w, s: w.endpoint),
    ("webhooks.webhookendpoint", "rotate_secret"): action_case(
        WebhookEndpoint, "rotate_secret", lambda w, s: [w.endpoint], each(A.WEBHOOK_SECRET_ROTATE)
    ),
    ("webhooks.webhookendpoint", "send_test_event"): action_case(
        WebhookEndpoint, "send_test_event", lambda w, s: [w.endpoint], sent_a_test_event
    ),
    ("webhooks.webhookendpoint", "disable_endpoints"): action_case(
        WebhookEndpoint, "disable_endpoints", lambda w, s: [w.endpoint], each(A.WEBHOOK_ENDPOINT_DISABLE)
    ),
    ("webhooks.webhookendpoint", "enable_endpoints"): action_case(
        WebhookEndpoint, "enable_endpoints", disabled_endpoint, each(A.WEBHOOK_ENDPOINT_ENABLE)
    ),
    ("webhooks.webhookdelivery", "retry_now"): action_case(
        WebhookDelivery, "retry_now", failed_delivery, each(A.WEBHOOK_DELIVERY_RETRY)
    ),
    ("recommendations.consensusround", "close_round"): action_case(
        ConsensusRound, "close_round", lambda w, s: [meeting_round(w, s)], closed_round
    ),
}


# The programme of work (issue 12): saves and status changes through the services; nothing is deleted. --------


def _programme_models():
    from programme.models import Activity, Roadmap

    return Roadmap, Activity


def roadmap_add(client, world, staff):
    Roadmap, _activity = _programme_models()
    submit(client, Roadmap, "add", {"title_ru": "Новая карта", "starts_on": "2025-01-01", "ends_on": "2025-12-31"})
    return [(A.ROADMAP_CREATE, Roadmap.objects.get(title_ru="Новая карта"))]


def roadmap_change(client, world, staff):
    roadmap = world.roadmaps["draft"]
    change(client, roadmap, title_en="Renamed roadmap", new_status="adopted")
    return [(A.ROADMAP_UPDATE, roadmap), (A.ROADMAP_STATUS, roadmap)]


def activity_add(client, world, staff):
    _roadmap, Activity = _programme_models()
    submit(
        client,
        Activity,
        "add",
        {
            "roadmap": world.roadmaps["public"].pk,
            "title_ru": "Новое мероприятие",
            "kind": "seminar",
            "lead": world.roadmaps["lead"].pk,
            "planned_start": "2025-02-01",
            "planned_end": "2025-02-02",
        },
    )
    return [(A.ACTIVITY_CREATE, Activity.objects.get(title_ru="Новое мероприятие"))]


def activity_change(client, world, staff):
    activity = world.roadmaps["public"].activities.first()
    change(client, activity, title_en="Renamed", new_status="postponed", reason="The hall is not free.")
    return [(A.ACTIVITY_UPDATE, activity), (A.ACTIVITY_STATUS, activity)]


CASES["programme.roadmap"] = {
    "add": roadmap_add,
    "change": roadmap_change,
    "delete": refused_delete(lambda world: world.roadmaps["draft"]),
}
CASES["programme.activity"] = {
    "add": activity_add,
    "change": activity_change,
    "delete": refused_delete(lambda world: world.roadmaps["public"].activities.first()),
}


# The programme's actions: each a status change through the service, audited per row.
def _programme_action(model_name, action, objects, kind):
    def case(client, world, staff):
        Roadmap, Activity = _programme_models()
        model = Roadmap if model_name == "roadmap" else Activity
        return action_case(model, action, objects, each(kind))(client, world, staff)

    return case


ACTION_CASES[("programme.roadmap", "adopt")] = _programme_action(
    "roadmap", "adopt", lambda w, s: [w.roadmaps["draft"]], A.ROADMAP_STATUS
)
ACTION_CASES[("programme.roadmap", "complete")] = _programme_action(
    "roadmap", "complete", lambda w, s: [w.roadmaps["public"]], A.ROADMAP_STATUS
)
ACTION_CASES[("programme.activity", "start_now")] = _programme_action(
    "activity", "start_now", lambda w, s: [w.roadmaps["public"].activities.first()], A.ACTIVITY_STATUS
)


def _started_activity(world, staff):
    from programme import services

    activity = world.roadmaps["public"].activities.first()
    return [services.activity_status_change(activity=activity, status="in_progress", by=staff)]


ACTION_CASES[("programme.activity", "mark_done")] = _programme_action(
    "activity", "mark_done", _started_activity, A.ACTIVITY_STATUS
)


# The walk ---------------------------------------------------------------------------------------------------


# Outcome documents (issue 12) have their cases in a module of their own.
CASES.update(outcome_cases.CASES)
ACTION_CASES.update(outcome_cases.action_cases(action_case))


@pytest.fixture
def secretary(client, world):
    staff = world.person("secretariat")
    client.force_login(staff)
    return staff


def rows_after(start):
    return sorted(AuditRecord.objects.filter(id__gt=start).values_list("action", "target_type", "target_id"))


def as_rows(expected):
    rows = []
    for action, obj in expected:
        assert isinstance(action, A)
        rows.append((action.value, *(obj if isinstance(obj, tuple) else target(obj))))
    return sorted(rows)


def admin_actions(model_admin) -> set[str]:
    request = RequestFactory().get("/")
    request.user = User(is_staff=True, is_superuser=True)
    return set(model_admin.get_actions(request))


def test_every_portal_model_in_the_admin_has_its_cases():
    admins = portal_admins()
    assert set(CASES) == set(admins)
    for label, cases in CASES.items():
        assert {"add", "change", "delete"} <= set(cases), label


def test_every_admin_action_on_the_portal_models_has_its_case():
    offered = {
        (label, action) for label, model_admin in portal_admins().items() for action in admin_actions(model_admin)
    }
    assert offered == set(ACTION_CASES)


@pytest.mark.parametrize(("label", "operation"), [(m, op) for m, cases in CASES.items() for op in cases])
def test_an_admin_change_leaves_exactly_its_audit_rows(client, world, secretary, label, operation):
    mark()
    expected = CASES[label][operation](client, world, secretary)
    assert rows_after(_start["id"]) == as_rows(expected)
    actors = set(AuditRecord.objects.filter(id__gt=_start["id"]).values_list("actor_id", flat=True))
    assert actors <= {secretary.pk}, "every row names the secretary who acted"


@pytest.mark.parametrize(("label", "action"), sorted(ACTION_CASES))
def test_an_admin_action_leaves_exactly_its_audit_rows(client, world, secretary, label, action):
    mark()
    expected = ACTION_CASES[(label, action)](client, world, secretary)
    if expected != "checked":
        assert rows_after(_start["id"]) == as_rows(expected)
