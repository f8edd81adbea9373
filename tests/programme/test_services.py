"""Changes to roadmaps and activities: through the services, each with its audit row; the rules the database keeps."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import translation

from council.models import AuditRecord
from programme import services
from programme.models import Activity, Roadmap
from tests.programme.conftest import D, make_activity, make_roadmap

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2025, 6, 1, 9, tzinfo=datetime.UTC)


def audit_of(obj):
    return list(
        AuditRecord.objects.filter(target_type=obj._meta.label_lower, target_id=str(obj.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_creating_and_adopting_a_roadmap_is_audited(staff, states):
    roadmap = make_roadmap(by=staff, status="adopted", states=[states["UZ"]])
    assert roadmap.status == "adopted"
    assert audit_of(roadmap) == ["roadmap.create", "roadmap.status"]
    assert AuditRecord.objects.filter(action="roadmap.status").get().actor == staff


def test_a_roadmap_cannot_go_back_to_draft_nor_skip_adoption(staff):
    draft = make_roadmap(by=staff, status="draft")
    with pytest.raises(services.ProgrammeError):
        services.roadmap_status_change(roadmap=draft, to="completed", by=staff)
    adopted = make_roadmap(by=staff, status="adopted")
    with pytest.raises(services.ProgrammeError):
        services.roadmap_status_change(roadmap=adopted, to="draft", by=staff)
    assert audit_of(draft) == ["roadmap.create"]


def test_a_roadmap_period_must_not_end_before_it_starts(staff):
    with pytest.raises(services.ProgrammeError.__mro__[1]):  # ValidationError from full_clean
        make_roadmap(by=staff, starts_on=D(2025, 1, 1), ends_on=D(2024, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Roadmap.objects.create(title="x", starts_on=D(2025, 1, 1), ends_on=D(2024, 1, 1))


def test_a_roadmap_update_records_the_fields_changed(roadmap, staff):
    changed = services.roadmap_update(
        roadmap=roadmap, data={"title_en": "New title", "ends_on": D(2026, 1, 1)}, by=staff
    )
    assert set(changed) == {"title_en", "ends_on"}
    record = AuditRecord.objects.filter(action="roadmap.update").get()
    assert set(record.data["fields"]) == {"title_en", "ends_on"}


def test_status_fields_change_only_through_the_status_change(roadmap, activity, staff):
    with pytest.raises(services.ProgrammeError):
        services.activity_update(activity=activity, data={"status": "done"}, by=staff)
    with pytest.raises(services.ProgrammeError):
        services.roadmap_update(roadmap=roadmap, data={"status": "completed"}, by=staff)


@time_machine.travel(TODAY, tick=False)
def test_an_activity_started_and_done_records_its_dates_and_is_audited(activity, staff):
    started = services.activity_status_change(
        activity=activity, status="in_progress", actual_start=D(2025, 5, 2), by=staff
    )
    assert (started.status, started.actual_start, started.actual_end) == ("in_progress", D(2025, 5, 2), None)
    done = services.activity_status_change(activity=activity, status="done", by=staff)
    assert (done.status, done.actual_end) == ("done", D(2025, 6, 1))  # a done activity without an end ends today
    rows = AuditRecord.objects.filter(action="activity.status").order_by("id")
    assert [(r.data["from"], r.data["to"]) for r in rows] == [("planned", "in_progress"), ("in_progress", "done")]
    assert rows.last().data["actual_end"] == "2025-06-01"
    assert all(r.actor == staff for r in rows)


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("status", ["cancelled", "postponed"])
def test_cancelling_or_postponing_needs_a_reason_and_changes_nothing_without_one(activity, staff, status):
    with pytest.raises(services.ProgrammeError) as caught:
        services.activity_status_change(activity=activity, status=status, reason="  ", by=staff)
    assert "reason" in caught.value.message_dict
    activity.refresh_from_db()
    assert activity.status == "planned"
    assert audit_of(activity) == ["activity.create"]
    services.activity_status_change(activity=activity, status=status, reason="The venue is not free.", by=staff)
    activity.refresh_from_db()
    assert (activity.status, activity.status_reason) == (status, "The venue is not free.")


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("final", ["done", "cancelled"])
def test_done_and_cancelled_are_final(activity, staff, final):
    services.activity_status_change(
        activity=activity, status=final, reason="No funds.", actual_start=D(2025, 5, 1), by=staff
    )
    for new in ("planned", "in_progress", "postponed", "done", "cancelled"):
        with pytest.raises(services.ProgrammeError):
            services.activity_status_change(activity=activity, status=new, reason="Again.", by=staff)
    assert AuditRecord.objects.filter(action="activity.status").count() == 1


@time_machine.travel(TODAY, tick=False)
def test_actual_dates_cannot_be_in_the_future_nor_end_before_they_start(activity, staff):
    with pytest.raises(services.ProgrammeError) as caught:
        services.activity_status_change(activity=activity, status="in_progress", actual_start=D(2025, 7, 1), by=staff)
    assert "actual_start" in caught.value.message_dict
    with pytest.raises(services.ProgrammeError) as caught:
        services.activity_status_change(
            activity=activity, status="done", actual_start=D(2025, 5, 10), actual_end=D(2025, 5, 1), by=staff
        )
    assert "actual_end" in caught.value.message_dict
    activity.refresh_from_db()
    assert (activity.status, activity.actual_start, activity.actual_end) == ("planned", None, None)


def test_the_database_refuses_a_cancelled_activity_without_reason(activity):
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=activity.pk).update(status="cancelled", status_reason="")


def test_the_database_refuses_a_budget_without_its_currency_and_the_reverse(activity):
    for amount, currency in ((Decimal("10"), ""), (None, "USD"), (Decimal("10"), "XXX")):
        with pytest.raises(IntegrityError), transaction.atomic():
            Activity.objects.filter(pk=activity.pk).update(budget_amount=amount, budget_currency=currency)
    Activity.objects.filter(pk=activity.pk).update(budget_amount=Decimal("10"), budget_currency="USD")


def test_a_budget_without_currency_is_refused_by_the_service_with_a_message(roadmap, staff, unoct):
    with translation.override("en"), pytest.raises(services.ProgrammeError.__mro__[1]) as caught:
        make_activity(roadmap, by=staff, lead=unoct, budget_amount=Decimal("5"), budget_currency="")
    assert "currency" in " ".join(caught.value.messages)
    assert not Activity.objects.exists()


def test_activity_create_and_update_are_audited(roadmap, staff, unoct, isrs):
    activity = make_activity(roadmap, by=staff, lead=unoct)
    services.activity_update(activity=activity, data={"lead": isrs, "partners": [unoct]}, by=staff)
    assert audit_of(activity) == ["activity.create", "activity.update"]
    activity.refresh_from_db()
    assert activity.lead == isrs and list(activity.partners.all()) == [unoct]
