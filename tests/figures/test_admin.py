"""The secretariat's screens of the figures: who may use them, approval and rejection through the services."""

import pytest
from django.urls import reverse

from council.models import AuditRecord
from figures import services
from figures.models import Indicator, Value
from tests.factories import UserFactory
from tests.figures.conftest import SOURCE_DATE
from tests.helpers import admin_action, messages_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(indicator, states, focal_uz):
    return services.value_create(
        indicator=indicator,
        state=states["UZ"],
        year_from=2024,
        year_to=2024,
        number=12,
        source="Ministry",
        source_date=SOURCE_DATE,
        submit=True,
        by=focal_uz,
    )


@pytest.mark.parametrize("model", ["indicator", "value"])
def test_the_secretariat_reaches_the_screens_and_others_do_not(client, staff, member_a, submitted, model):
    obj = submitted if model == "value" else submitted.indicator
    urls = [
        reverse(f"admin:figures_{model}_changelist"),
        reverse(f"admin:figures_{model}_change", args=[obj.pk]),
        reverse(f"admin:figures_{model}_add"),
    ]
    client.force_login(staff)
    assert [client.get(url).status_code for url in urls] == [200, 200, 200]
    client.force_login(UserFactory(is_staff=True))  # staff without the secretariat's permissions
    assert [client.get(url).status_code for url in urls] == [403, 403, 403]
    client.force_login(member_a)
    assert all(client.get(url).status_code == 302 for url in urls)
    assert client.get(reverse(f"admin:figures_{model}_delete", args=[obj.pk])).status_code == 302


def test_nobody_deletes_figures_or_indicators_in_the_admin(client, staff, submitted):
    client.force_login(staff)
    for model, obj in (("value", submitted), ("indicator", submitted.indicator)):
        assert client.get(reverse(f"admin:figures_{model}_delete", args=[obj.pk])).status_code == 403


def test_the_secretariat_approves_through_the_service(client, english, staff, submitted):
    client.force_login(staff)
    response = admin_action(client, Value, "approve", [submitted], follow=True)
    submitted.refresh_from_db()
    assert submitted.status == "approved" and submitted.approved_by == staff
    assert any("approved and published" in m for m in messages_of(response))
    assert AuditRecord.objects.filter(action="figure_value.approve", target_type="figures.value", actor=staff).exists()
    # Approved: read-only, and approving again is refused with a message.
    response = admin_action(client, Value, "approve", [submitted], follow=True)
    assert any("Only a draft or a submitted figure" in m for m in messages_of(response))


def test_rejecting_asks_for_the_reason_first(client, english, staff, submitted):
    client.force_login(staff)
    form = admin_action(client, Value, "reject", [submitted])
    assert form.status_code == 200 and "Reason" in form.content.decode()
    empty = admin_action(client, Value, "reject", [submitted], _confirm="1", reason="")
    assert empty.status_code == 400
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    admin_action(client, Value, "reject", [submitted], _confirm="1", reason="Check the year")
    submitted.refresh_from_db()
    assert submitted.status == "rejected" and submitted.reason == "Check the year"
    assert AuditRecord.objects.filter(action="figure_value.reject", target_type="figures.value").exists()


def test_a_value_added_in_the_admin_goes_through_the_service_and_its_checks(client, english, staff, indicator, states):
    client.force_login(staff)
    data = {
        "indicator": indicator.pk,
        "state": states["KZ"].pk,
        "year_from": 2024,
        "year_to": 2024,
        "sex": "all",
        "age_band": "50+",
        "number": "20",
        "source": "Statistics agency",
        "source_date": "2025-01-10",
    }
    refused = client.post(reverse("admin:figures_value_add"), data)
    assert refused.status_code == 200 and "not broken down by age" in refused.content.decode()
    assert not Value.objects.exists()
    client.post(reverse("admin:figures_value_add"), {**data, "age_band": "all"})
    value = Value.objects.get()
    assert value.entered_by == staff and value.status == "draft"
    assert AuditRecord.objects.filter(action="figure_value.create", target_id=str(value.pk)).exists()


def test_an_indicator_saved_in_the_admin_is_audited(client, english, staff, states):
    client.force_login(staff)
    data = {
        "code": "trained",
        "name_ru": "Обучено",
        "name_en": "Trained",
        "name_uz": "",
        "unit_ru": "человек",
        "unit_en": "persons",
        "unit_uz": "",
        "definition_ru": "",
        "definition_en": "",
        "definition_uz": "",
        "by_state": "on",
        "by_year": "on",
        "threshold": "0",
        "order": "0",
        "access": "public",
    }
    assert client.post(reverse("admin:figures_indicator_add"), data).status_code == 200  # threshold below 1
    reserved = client.post(reverse("admin:figures_indicator_add"), {**data, "threshold": "5", "code": "enter"})
    assert "names a page of the figures" in reserved.content.decode()
    assert not Indicator.objects.exists()
    client.post(reverse("admin:figures_indicator_add"), {**data, "threshold": "5"})
    indicator = Indicator.objects.get()
    assert AuditRecord.objects.filter(action="indicator.create", target_id=str(indicator.pk)).exists()


def test_an_approved_figure_is_shown_read_only_and_a_post_changes_nothing(client, staff, submitted):
    services.value_approve(value=submitted, by=staff)
    client.force_login(staff)
    url = reverse("admin:figures_value_change", args=[submitted.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"number": "99", "source": "x"}).status_code == 403
    submitted.refresh_from_db()
    assert submitted.number == 12 and submitted.status == "approved"
