"""The secretariat's screens for roadmaps and activities: who may open them, and every save and status change
through the services, audited (the change form and the admin actions alike)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from council.models import AuditRecord
from programme.models import Activity, Roadmap
from tests.helpers import admin_action
from tests.html import read_form

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2025, 6, 1, 9, tzinfo=datetime.UTC)


def change_url(obj):
    return reverse(f"admin:programme_{obj._meta.model_name}_change", args=[obj.pk])


def submit(client, obj, changes):
    address = change_url(obj)
    data = read_form(client.get(address), f"{obj._meta.model_name}_form").data
    data.update(changes)
    data["_save"] = "Save"
    return client.post(address, data)


@pytest.mark.parametrize("who, expected", [("member_a", 302), ("outsider", 302), ("staff", 200), ("superuser", 200)])
def test_only_staff_open_the_programme_screens(client, request, roadmap, activity, who, expected):
    client.force_login(request.getfixturevalue(who))
    for url in (
        reverse("admin:programme_roadmap_changelist"),
        reverse("admin:programme_activity_changelist"),
        change_url(roadmap),
        change_url(activity),
    ):
        assert client.get(url).status_code == expected, url


def test_nobody_deletes_a_roadmap_or_an_activity(client, staff, roadmap, activity):
    client.force_login(staff)
    for obj in (roadmap, activity):
        url = reverse(f"admin:programme_{obj._meta.model_name}_delete", args=[obj.pk])
        assert client.get(url).status_code == 403


@time_machine.travel(NOW, tick=False)
def test_the_change_form_postpones_an_activity_with_its_reason_through_the_service(client, staff, activity):
    client.force_login(staff)
    response = submit(client, activity, {"new_status": "postponed", "reason": "The venue is being repaired."})
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.status, activity.status_reason) == ("postponed", "The venue is being repaired.")
    record = AuditRecord.objects.get(action="activity.status")
    assert record.actor == staff and record.data["to"] == "postponed"


@time_machine.travel(NOW, tick=False)
def test_the_change_form_refuses_postponing_without_a_reason_and_changes_nothing(client, staff, activity):
    client.force_login(staff)
    response = submit(client, activity, {"new_status": "postponed", "reason": ""})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["reason"]
    activity.refresh_from_db()
    assert activity.status == "planned"
    assert not AuditRecord.objects.filter(action__startswith="activity.").exclude(action="activity.create").exists()


@time_machine.travel(NOW, tick=False)
def test_the_change_form_edits_fields_through_the_update_service(client, staff, activity):
    client.force_login(staff)
    response = submit(client, activity, {"title_en": "Joint training, renamed"})
    assert response.status_code == 302
    assert AuditRecord.objects.get(action="activity.update").data["fields"] == ["title_en"]


@time_machine.travel(NOW, tick=False)
def test_the_admin_actions_move_activities_on_through_the_service(client, staff, activity, roadmap, unoct):
    from tests.programme.conftest import make_activity

    future = make_activity(
        roadmap, by=staff, lead=unoct, planned_start=datetime.date(2025, 7, 1), planned_end=datetime.date(2025, 7, 2)
    )
    client.force_login(staff)
    admin_action(client, Activity, "start_now", [activity])
    activity.refresh_from_db()
    assert (activity.status, activity.actual_start) == ("in_progress", datetime.date(2025, 6, 1))
    admin_action(client, Activity, "mark_done", [activity, future])
    activity.refresh_from_db()
    future.refresh_from_db()
    assert activity.status == "done"
    assert future.status == "planned"  # not started: refused with a message, the other went on
    assert AuditRecord.objects.filter(action="activity.status").count() == 2


def test_adopting_a_roadmap_from_the_list_and_the_form(client, staff):
    from tests.programme.conftest import make_roadmap

    first, second = make_roadmap(by=staff, status="draft"), make_roadmap(by=staff, status="draft")
    client.force_login(staff)
    admin_action(client, Roadmap, "adopt", [first])
    first.refresh_from_db()
    assert first.status == "adopted"
    assert submit(client, second, {"new_status": "adopted"}).status_code == 302
    second.refresh_from_db()
    assert second.status == "adopted"
    assert AuditRecord.objects.filter(action="roadmap.status").count() == 2


def test_adding_a_roadmap_goes_through_the_service(client, staff, states):
    client.force_login(staff)
    address = reverse("admin:programme_roadmap_add")
    data = read_form(client.get(address), "roadmap_form").data
    data.update(
        {
            "title_ru": "Новая карта",
            "starts_on": "2025-01-01",
            "ends_on": "2025-12-31",
            "states": [states["UZ"].pk],
            "_save": "Save",
        }
    )
    response = client.post(address, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    roadmap = Roadmap.objects.get(title_ru="Новая карта")
    assert roadmap.status == "draft" and list(roadmap.states.all()) == [states["UZ"]]
    assert AuditRecord.objects.filter(action="roadmap.create", target_id=str(roadmap.pk)).exists()
