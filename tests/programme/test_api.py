"""The programme in the partner API: roadmaps and activities to read (programme:read), an activity's status to its
lead organisation (roadmap:update), through the same service, audited with the partner; bad input changes nothing."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from council.models import AuditRecord
from programme import services
from recommendations import services as recommendation_services
from tests.api.conftest import ApiClient
from tests.factories import MeetingFactory, OrganisationFactory
from tests.programme.conftest import make_activity, make_roadmap

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2025, 6, 1, 9, tzinfo=datetime.UTC)


def patch(client, activity, body):
    return client.patch(reverse("api:activity-detail", args=[activity.pk]), data=body, content_type="application/json")


@pytest.fixture
def lead_key(issue_key, unoct):
    return ApiClient(issue_key(scopes=["programme:read", "roadmap:update"], organisation=unoct)[1])


def test_a_partner_reads_public_and_partners_roadmaps_never_drafts_nor_council_ones(issue_key, staff, unoct):
    visible = [make_roadmap(by=staff, access=level, title_en=f"{level} roadmap") for level in ("public", "partners")]
    make_roadmap(by=staff, access="council", title_en="council roadmap")
    make_roadmap(by=staff, status="draft", title_en="draft roadmap")
    client = ApiClient(issue_key(scopes=["programme:read"])[1])
    response = client.get(reverse("api:roadmap-list"))
    assert response.status_code == 200
    assert sorted(row["id"] for row in response.json()["results"]) == sorted(r.pk for r in visible)
    assert response["ETag"]


def test_an_activity_lists_only_the_meetings_and_recommendations_the_caller_may_see(
    issue_key, roadmap, staff, unoct, group_a
):
    public = MeetingFactory(bodies=[group_a], access="public")
    body = MeetingFactory(bodies=[group_a], access="body")
    draft = recommendation_services.recommendation_create(
        working_group=group_a, texts={"title_ru": "Черновик", "text_ru": "Текст"}, by=staff, access="public"
    )
    activity = make_activity(roadmap, by=staff, lead=unoct, meetings=[public, body], recommendations=[draft])
    client = ApiClient(issue_key(scopes=["programme:read"])[1])
    response = client.get(reverse("api:activity-detail", args=[activity.pk]))
    row = response.json()
    assert row["meetings"] == [public.pk]
    assert row["recommendations"] == [] and draft.code not in response.content.decode()
    listed = client.get(reverse("api:roadmap-detail", args=[roadmap.pk])).json()
    assert listed["activities"][0]["meetings"] == [public.pk]


def test_reading_needs_the_programme_scope(issue_key, roadmap):
    client = ApiClient(issue_key(scopes=["meetings:read"])[1])
    assert client.get(reverse("api:roadmap-list")).status_code == 403
    assert ApiClient().get(reverse("api:roadmap-list")).status_code == 401


@time_machine.travel(NOW, tick=False)
def test_the_lead_organisation_updates_the_status_audited_as_the_partner(lead_key, activity, unoct):
    response = patch(lead_key, activity, {"status": "in_progress", "actual_start": "2025-05-20"})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "in_progress" and response.json()["actual_start"] == "2025-05-20"
    record = AuditRecord.objects.get(action="activity.status")
    assert record.actor is None
    assert record.data["partner"] == unoct.pk and record.data["key"]
    response = patch(lead_key, activity, {"status": "postponed", "reason": "The trainers are not available."})
    assert response.status_code == 200
    activity.refresh_from_db()
    assert (activity.status, activity.status_reason) == ("postponed", "The trainers are not available.")


@time_machine.travel(NOW, tick=False)
def test_a_partner_that_does_not_lead_the_activity_is_refused(issue_key, activity, isrs):
    # ISRS takes part in the activity but does not lead it.
    client = ApiClient(issue_key(scopes=["programme:read", "roadmap:update"], organisation=isrs)[1])
    response = patch(client, activity, {"status": "done", "actual_start": "2025-05-01"})
    assert response.status_code == 403
    assert response.json()["code"] == "not_lead"
    activity.refresh_from_db()
    assert activity.status == "planned"
    assert not AuditRecord.objects.filter(action="activity.status").exists()


def test_updating_needs_the_roadmap_update_scope_and_sessions_cannot(issue_key, client, activity, unoct, staff):
    reader = ApiClient(issue_key(scopes=["programme:read"], organisation=unoct)[1])
    assert patch(reader, activity, {"status": "in_progress"}).status_code == 403
    client.force_login(staff)
    assert patch(client, activity, {"status": "in_progress"}).status_code == 403


def test_a_hidden_activity_answers_404_even_to_its_lead(issue_key, staff, unoct):
    draft = make_roadmap(by=staff, status="draft")
    activity = make_activity(draft, by=staff, lead=unoct)
    client = ApiClient(issue_key(scopes=["programme:read", "roadmap:update"], organisation=unoct)[1])
    assert patch(client, activity, {"status": "in_progress"}).status_code == 404
    assert client.get(reverse("api:activity-detail", args=[activity.pk])).status_code == 404


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    "body, field",
    [
        ({"status": "cancelled"}, "reason"),
        ({"status": "postponed", "reason": ""}, "reason"),
        ({"status": "finished"}, "status"),
        ({}, "status"),
        ({"status": "in_progress", "actual_start": "2030-01-01"}, "actual_start"),
        ({"status": "in_progress", "actual_start": "yesterday"}, "actual_start"),
        ({"status": "done", "actual_start": "2025-05-10", "actual_end": "2025-05-01"}, "actual_end"),
        ({"status": "postponed", "reason": 5}, "reason"),
    ],
)
def test_bad_input_answers_400_in_the_documented_format_and_changes_nothing(lead_key, activity, body, field):
    response = patch(lead_key, activity, body)
    assert response.status_code == 400, response.content
    problem = response.json()
    assert problem["code"] == "invalid" and problem["status"] == 400 and field in problem["errors"]
    assert response["Content-Type"].startswith("application/problem+json")
    activity.refresh_from_db()
    assert (activity.status, activity.actual_start, activity.status_reason) == ("planned", None, "")
    assert not AuditRecord.objects.filter(action="activity.status").exists()


@time_machine.travel(NOW, tick=False)
def test_a_final_status_is_refused_with_400(lead_key, activity, staff):
    services.activity_status_change(activity=activity, status="cancelled", reason="No funds.", by=staff)
    response = patch(lead_key, activity, {"status": "planned"})
    assert response.status_code == 400 and "status" in response.json()["errors"]


def test_the_api_lists_answer_with_as_many_queries_whatever_the_rows(
    issue_key, queries_do_not_grow, client, roadmap, staff, group_a, states
):
    client.defaults["HTTP_AUTHORIZATION"] = f"Api-Key {issue_key(scopes=['programme:read'])[1]}"

    def add(n):
        for _ in range(n):
            org = OrganisationFactory()
            meeting = MeetingFactory(bodies=[group_a], access="public")
            make_activity(
                roadmap, by=staff, lead=org, partners=[OrganisationFactory()], states=[states["KZ"]], meetings=[meeting]
            )
            make_roadmap(by=staff, states=[states["TJ"]], organisations=[org])

    add(2)
    queries_do_not_grow(reverse("api:roadmap-list"), reverse("api:activity-list"), at_most=25, grow=lambda: add(3))
