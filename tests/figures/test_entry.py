"""Focal points enter figures for their own state only; bad input gets a clear message and changes nothing; every
change leaves an audit row; an approved figure changes only by a new one."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from council.models import AuditRecord
from figures import services
from figures.models import Value
from tests.figures.conftest import SOURCE_DATE

pytestmark = pytest.mark.django_db


def _form(indicator, state, **over):
    data = {
        "indicator": indicator.pk,
        "state": state.pk if state else "",
        "year_from": 2024,
        "year_to": 2024,
        "sex": "all",
        "age_band": "all",
        "number": "12",
        "source": "Ministry of Justice",
        "source_date": "2025-01-15",
        "action": "submit",
    }
    data.update(over)
    return data


def test_a_focal_point_submits_a_figure_for_their_state(client, english, focal_uz, indicator, states):
    client.force_login(focal_uz)
    assert client.get(reverse("figures:enter")).status_code == 200
    response = client.post(reverse("figures:enter"), _form(indicator, states["UZ"]))
    assert response.status_code == 302
    value = Value.objects.get()
    assert value.state == states["UZ"] and value.status == "submitted" and value.entered_by == focal_uz
    assert AuditRecord.objects.filter(action="figure_value.create", target_id=str(value.pk), actor=focal_uz).exists()
    # Not published yet: readers do not see it.
    client.logout()
    assert "Ministry of Justice" not in client.get(reverse("figures:index")).content.decode()


def test_a_focal_point_cannot_enter_a_figure_for_another_state(client, english, focal_uz, indicator, states):
    client.force_login(focal_uz)
    for state in (states["KZ"], None):
        response = client.post(reverse("figures:enter"), _form(indicator, state))
        assert response.status_code == 400
        assert (
            "state you represent" in response.content.decode() or "This field is required" in response.content.decode()
        )
    assert not Value.objects.exists()
    with pytest.raises(ValidationError):
        services.value_create(
            indicator=indicator,
            state=states["KZ"],
            year_from=2024,
            year_to=2024,
            number=5,
            source="s",
            source_date=SOURCE_DATE,
            by=focal_uz,
        )
    assert not Value.objects.exists()


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"number": "-4"}, "greater than or equal to 0"),
        ({"number": "many"}, "Enter a number"),
        ({"year_from": "2025", "year_to": "2023"}, "must end in or after the year it begins"),
        ({"age_band": "18-24"}, "not broken down by age"),
        ({"sex": "person"}, "Select a valid choice"),
        ({"source": ""}, "This field is required"),
        ({"source_date": "2999-01-01"}, "cannot be in the future"),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(
    client, english, focal_uz, indicator, states, override, message
):
    client.force_login(focal_uz)
    response = client.post(reverse("figures:enter"), _form(indicator, states["UZ"], **override))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Value.objects.exists() and not AuditRecord.objects.filter(action__startswith="figure_value").exists()


def test_a_member_who_is_not_a_focal_point_has_no_entry_page(client, member_a, indicator, states):
    client.force_login(member_a)
    assert client.get(reverse("figures:enter")).status_code == 404
    assert client.post(reverse("figures:enter"), _form(indicator, states["UZ"])).status_code == 404
    assert not Value.objects.exists()


def test_a_rejected_figure_is_corrected_and_submitted_again(client, english, focal_uz, staff, indicator, states):
    value = services.value_create(
        indicator=indicator,
        state=states["UZ"],
        year_from=2024,
        year_to=2024,
        number=12,
        source="s",
        source_date=SOURCE_DATE,
        submit=True,
        by=focal_uz,
    )
    services.value_reject(value=value, reason="The year is 2023", by=staff)
    client.force_login(focal_uz)
    page = client.get(reverse("figures:value", args=[value.pk])).content.decode()
    assert "The year is 2023" in page
    response = client.post(
        reverse("figures:value", args=[value.pk]), _form(indicator, states["UZ"], year_from=2023, year_to=2023)
    )
    assert response.status_code == 302
    value.refresh_from_db()
    assert value.status == "submitted" and value.year_to == 2023
    actions = list(
        AuditRecord.objects.filter(target_type="figures.value", target_id=str(value.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["figure_value.create", "figure_value.reject", "figure_value.update", "figure_value.submit"]


def test_an_approved_figure_changes_only_through_a_new_one(client, focal_uz, staff, indicator, states, publish):
    approved = publish(indicator, states["UZ"], 12, by=focal_uz)
    with pytest.raises(ValidationError):
        services.value_update(value=approved, data={"number": 13}, by=staff)
    client.force_login(focal_uz)
    client.post(reverse("figures:value", args=[approved.pk]), _form(indicator, states["UZ"], number="13"))
    approved.refresh_from_db()
    assert approved.number == 12 and approved.status == "approved"
    newer = services.value_create(
        indicator=indicator,
        state=states["UZ"],
        year_from=2024,
        year_to=2024,
        number=13,
        source="s",
        source_date=SOURCE_DATE,
        by=focal_uz,
    )
    services.value_approve(value=newer, by=staff)
    approved.refresh_from_db()
    assert approved.status == "superseded"
    assert AuditRecord.objects.filter(action="figure_value.supersede", target_id=str(approved.pk)).exists()
    assert AuditRecord.objects.filter(action="figure_value.approve", target_id=str(newer.pk), actor=staff).exists()


def test_a_figure_of_another_state_is_hidden_from_a_focal_point(client, english, focal_uz, staff, indicator, states):
    other = services.value_create(
        indicator=indicator,
        state=states["KZ"],
        year_from=2024,
        year_to=2024,
        number=12,
        source="s",
        source_date=SOURCE_DATE,
        by=staff,
    )
    client.force_login(focal_uz)
    assert client.get(reverse("figures:value", args=[other.pk])).status_code == 404
    assert "12" not in client.get(reverse("figures:enter")).content.decode().split("Figures entered")[-1]


def test_focal_points_do_not_approve(focal_uz, indicator, states):
    value = services.value_create(
        indicator=indicator,
        state=states["UZ"],
        year_from=2024,
        year_to=2024,
        number=12,
        source="s",
        source_date=SOURCE_DATE,
        submit=True,
        by=focal_uz,
    )
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.value_approve(value=value, by=focal_uz)
    with pytest.raises(PermissionDenied):
        services.value_reject(value=value, reason="no", by=focal_uz)


def test_the_database_refuses_a_negative_figure_and_a_second_approved_one(indicator, states, staff, publish):
    from django.db import IntegrityError, transaction

    approved = publish(indicator, states["UZ"], 12)
    with pytest.raises(IntegrityError), transaction.atomic():
        Value.objects.filter(pk=approved.pk).update(number=-1)
    twin = services.value_create(
        indicator=indicator,
        state=states["UZ"],
        year_from=2024,
        year_to=2024,
        number=13,
        source="s",
        source_date=SOURCE_DATE,
        by=staff,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Value.objects.filter(pk=twin.pk).update(status="approved")
    region = publish(indicator, None, 100)
    region_twin = services.value_create(
        indicator=indicator, year_from=2024, year_to=2024, number=101, source="s", source_date=SOURCE_DATE, by=staff
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Value.objects.filter(pk=region_twin.pk).update(status="approved")
    assert region.status == "approved"
