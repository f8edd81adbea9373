"""The figures in the partner API (scope figures:read): published values only, a suppressed one with no number."""

import re

import pytest
from django.urls import reverse

from figures import services
from tests.api.conftest import ApiClient
from tests.figures.conftest import SOURCE_DATE

pytestmark = pytest.mark.django_db


def test_a_figure_of_3_has_no_number_in_the_api(partner, indicator, publish, states):
    publish(indicator, states["UZ"], 40)
    three = publish(indicator, states["KZ"], 3)
    response = partner.get(reverse("api:figure-value-list"))
    assert response.status_code == 200 and response["ETag"]
    rows = {row["state"]: row for row in response.json()["results"]}
    kz = rows["KZ"]
    assert kz["suppressed"] is True and kz["text"] == "<5" and "number" not in kz
    assert kz["suppression_reason"] == "below_threshold"
    assert 3 not in kz.values() and "3" not in kz.values()
    assert rows["UZ"]["number"] == 40 and rows["UZ"]["suppressed"] is False
    detail = partner.get(reverse("api:figure-value-detail", args=[three.pk])).json()
    assert "number" not in detail and detail["text"] == "<5"
    again = partner.get(reverse("api:figure-value-list"), headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


def test_unpublished_values_and_hidden_indicators_never_reach_the_api(
    partner, indicator, publish, states, staff, focal_uz
):
    publish(indicator, states["KZ"], 40)
    draft = services.value_create(
        indicator=indicator,
        state=states["UZ"],
        year_from=2024,
        year_to=2024,
        number=77,
        source="s",
        source_date=SOURCE_DATE,
        by=focal_uz,
    )
    rows = partner.get(reverse("api:figure-value-list")).json()["results"]
    assert [row["state"] for row in rows] == ["KZ"]
    assert partner.get(reverse("api:figure-value-detail", args=[draft.pk])).status_code == 404
    secret = services.indicator_create(
        data={"code": "secret", "name_ru": "С", "name_en": "S", "unit_ru": "ч", "unit_en": "p", "access": "council"},
        by=staff,
    )
    hidden = publish(secret, states["KZ"], 50)
    assert partner.get(reverse("api:figure-value-detail", args=[hidden.pk])).status_code == 404
    assert "secret" not in [i["code"] for i in partner.get(reverse("api:figure-indicator-list")).json()["results"]]
    assert partner.get(reverse("api:figure-indicator-detail", args=[secret.pk])).status_code == 404


def test_values_filter_by_indicator_state_and_year(partner, indicator, publish, states):
    publish(indicator, states["KZ"], 40, year=2023)
    publish(indicator, states["UZ"], 50, year=2024)
    publish(indicator, None, 900, year_from=2019, year=2024)
    url = reverse("api:figure-value-list")
    assert [r["number"] for r in partner.get(url + "?state=KZ").json()["results"]] == [40]
    assert [r["number"] for r in partner.get(url + "?state=region").json()["results"]] == [900]
    assert sorted(r["number"] for r in partner.get(url + "?year=2024").json()["results"]) == [50, 900]
    assert len(partner.get(url + "?indicator=returned").json()["results"]) == 3
    assert partner.get(url + "?indicator=nothing").json()["results"] == []
    assert partner.get(url + "?year=soon").status_code == 400
    assert partner.get(url + "?state=Kazakhstan").status_code == 400


def test_the_scope_is_needed(issue_key, indicator):
    _key, secret = issue_key(scopes=["council:read"])
    assert ApiClient(secret).get(reverse("api:figure-value-list")).status_code == 403
    assert ApiClient().get(reverse("api:figure-value-list")).status_code == 401


def test_the_api_lists_take_as_many_queries_at_any_size(
    partner, indicator, publish, states, staff, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    publish(indicator, states["KZ"], 3)
    urls = [reverse("api:figure-value-list"), reverse("api:figure-indicator-list")]
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as before:
            assert partner.get(url).status_code == 200
        counts[url] = len(before)
    for year in (2020, 2021, 2022):
        other = services.indicator_create(
            data={"code": f"i{year}", "name_ru": "И", "name_en": "I", "unit_ru": "ч", "unit_en": "p"}, by=staff
        )
        for code in ("KZ", "KG", "UZ"):
            publish(indicator, states[code], 2, year=year)
            publish(other, states[code], 20, year=year)
        publish(indicator, None, 100, year=year)
    for url in urls:
        with django_assert_num_queries(counts[url]):
            assert partner.get(url).status_code == 200


def test_a_regional_total_beside_a_small_state_figure_is_withheld_everywhere(
    partner, client, english, indicator, publish, states
):
    """Region 100 with Kazakhstan 3 and Uzbekistan 97 in the same year: the total would give 3 back by subtraction."""
    publish(indicator, None, 100)
    publish(indicator, states["KZ"], 3)
    publish(indicator, states["UZ"], 97)
    rows = {row["state"]: row for row in partner.get(reverse("api:figure-value-list")).json()["results"]}
    assert rows[None]["suppressed"] is True and "number" not in rows[None]
    assert rows[None]["suppression_reason"] == "protects_small_cell"
    assert rows["UZ"]["number"] == 97
    # The same value read alone is withheld too (its parts are read with it).
    region_pk = rows[None]["id"]
    assert "number" not in partner.get(reverse("api:figure-value-detail", args=[region_pk])).json()
    csv_body = client.get(reverse("figures:csv", args=["returned"])).content.decode()
    assert "100" not in csv_body
    html = client.get(reverse("figures:index")).content.decode()
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)]
    assert "100" not in cells and "withheld" in cells and "&lt;5" in cells
    assert 'figure-headline-number"><span class="figure-suppressed">withheld' in html
