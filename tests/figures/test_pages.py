"""The figures as readers get them from the portal: the page, one indicator, its CSV, the PDF and the landing page.
Only approved values of indicators the reader may see; a figure of 3 shows as "<5" and never as 3."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse

from figures import services
from figures.models import Value
from reports.documents import document_pdf, document_prepare
from reports.models import Report, ReportState
from tests.figures.conftest import SOURCE_DATE
from tests.reports.pdf import text_of

pytestmark = pytest.mark.django_db


def _cells(html: str) -> list[str]:
    """The text of every table cell of a page, tags stripped."""
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)]


@pytest.fixture
def three(indicator, publish, states):
    """Kazakhstan's figure of 3 (suppressed) beside Uzbekistan's 40, both approved."""
    publish(indicator, states["UZ"], 40)
    return publish(indicator, states["KZ"], 3)


def test_a_figure_of_3_shows_as_below_5_on_the_page_never_as_3(client, english, three):
    for url in (reverse("figures:index"), reverse("figures:indicator", args=["returned"])):
        html = client.get(url).content.decode()
        cells = _cells(html)
        assert "<5" in " ".join(cells) or "&lt;5" in " ".join(cells)
        assert "40" in cells
        assert "3" not in cells and not any(re.fullmatch(r"3(\.0+)?( demo)?", c) for c in cells)
        assert 'class="figure-suppressed"' in html
        # The chart draws it as a hollow marker on the axis, with no value anywhere in its markup.
        svg = html[html.index("<svg") : html.index("</svg>")]
        assert ">3<" not in svg and 'fill="#ffffff"' in svg


def test_a_figure_of_3_shows_as_below_5_in_the_csv(client, three):
    response = client.get(reverse("figures:csv", args=["returned"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    kz = next(row for row in rows if row["state"] == "KZ")
    assert kz["value"] == "<5" and kz["suppressed"] == "yes"
    assert all(cell != "3" for row in rows for cell in row.values())
    assert next(row for row in rows if row["state"] == "UZ")["value"] == "40"


def test_the_csv_is_safe_against_formulas(client, indicator, publish, states):
    publish(indicator, states["UZ"], 40, source='=HYPERLINK("http://evil")')
    body = client.get(reverse("figures:csv", args=["returned"])).content.decode()
    assert "'=HYPERLINK" in body and ",=HYPERLINK" not in body


def test_a_figure_of_3_shows_as_below_5_in_the_pdf(client, member_a, three, media, django_capture_on_commit_callbacks):
    client.force_login(member_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:new"), {"kind": "figures", "language": "en", "variant": "accessible"})
    report = Report.objects.get()
    assert response.status_code == 302 and report.state == ReportState.DONE, report.error
    download = client.get(reverse("reports:download", args=[report.pk]))
    pdf = b"".join(download.streaming_content)
    text = text_of(pdf)
    assert "<5" in text and "40" in text
    # No 3 standing alone anywhere but the page numbers of the footer.
    body = re.sub(r"Page \d+ of \d+", "", text)
    assert not re.search(r"(?<![\d.,])3(?![\d.,])", body), body
    assert "3" not in json.dumps([row["text"] for i in report_data(report) for row in i["rows"]])


def report_data(report):
    prepared = document_prepare(kind=report.kind, parameters=report.parameters, language="en")
    return prepared.gathered.data["indicators"]


def test_the_pdf_of_one_indicator_is_seen_at_its_level(indicator, publish, states, staff):
    publish(indicator, states["UZ"], 40)
    services.indicator_update(indicator=indicator, data={"access": "council"}, by=staff)
    prepared = document_prepare(kind="figures", parameters={"indicator": "returned"}, language="en")
    assert prepared.gathered.audience.level == "council"
    public = document_prepare(kind="figures", parameters={}, language="en")
    assert public.gathered.data["indicators"] == []  # a council-level indicator is never in the public PDF
    rendered = document_pdf(prepared)
    assert "Returned citizens" in text_of(rendered.pdf)


def test_only_approved_values_are_shown_and_counted(client, english, indicator, publish, states, staff, focal_uz):
    publish(indicator, states["KZ"], 40)
    draft = services.value_create(
        indicator=indicator,
        state=states["UZ"],
        year_from=2024,
        year_to=2024,
        number=777,
        source="s",
        source_date=SOURCE_DATE,
        by=focal_uz,
    )
    submitted = services.value_create(
        indicator=indicator,
        state=states["UZ"],
        year_from=2023,
        year_to=2023,
        number=888,
        source="s",
        source_date=SOURCE_DATE,
        submit=True,
        by=focal_uz,
    )
    rejected = services.value_create(
        indicator=indicator,
        state=states["UZ"],
        year_from=2022,
        year_to=2022,
        number=999,
        source="s",
        source_date=SOURCE_DATE,
        submit=True,
        by=focal_uz,
    )
    services.value_reject(value=rejected, reason="Wrong year", by=staff)
    assert {draft.status, submitted.status} == {"draft", "submitted"}
    for url in (reverse("figures:index"), reverse("figures:indicator", args=["returned"]), reverse("portal:landing")):
        html = client.get(url).content.decode()
        for number in ("777", "888", "999"):
            assert number not in html
        assert "2023" not in _cells(html) and "2022" not in html  # no period of an unpublished value, not even empty
    rows = list(csv.DictReader(io.StringIO(client.get(reverse("figures:csv", args=["returned"])).content.decode())))
    assert len(rows) == 1
    # A superseded value gives way to its correction.
    correction = services.value_create(
        indicator=indicator,
        state=states["KZ"],
        year_from=2024,
        year_to=2024,
        number=41,
        source="corrected",
        source_date=SOURCE_DATE,
        by=staff,
    )
    services.value_approve(value=correction, by=staff)
    assert Value.objects.filter(status="superseded").count() == 1
    assert [
        row["value"]
        for row in csv.DictReader(
            io.StringIO(client.get(reverse("figures:csv", args=["returned"])).content.decode().lstrip("\ufeff"))
        )
    ] == ["41"]


def test_an_indicator_a_reader_may_not_see_answers_404_and_is_never_listed(
    client, english, indicator, publish, states, staff, member_a
):
    publish(indicator, states["KZ"], 40)
    services.indicator_update(indicator=indicator, data={"access": "council"}, by=staff)
    for url in (reverse("figures:indicator", args=["returned"]), reverse("figures:csv", args=["returned"])):
        assert client.get(url).status_code in (302, 404)
    assert "Returned citizens" not in client.get(reverse("figures:index")).content.decode()
    assert "Returned citizens" not in client.get(reverse("portal:landing")).content.decode()
    client.force_login(member_a)
    assert client.get(reverse("figures:indicator", args=["returned"])).status_code == 200
    assert "Returned citizens" in client.get(reverse("figures:index")).content.decode()


def test_the_landing_page_shows_the_headline_figure_with_its_source(client, english, indicator, publish, states):
    publish(indicator, None, 2100, year_from=2019, source="ISRS news item")
    html = client.get(reverse("portal:landing")).content.decode()
    # Grouped as the reader's language writes numbers (the CSV and the API keep 2100).
    assert "2,100" in html and "ISRS news item" in html and "Returned citizens" in html


def test_pages_group_a_large_figure_as_the_language_writes_it(client, indicator, publish, states):
    publish(indicator, None, 2100, year_from=2019, source="ISRS news item")
    for language, written in (("ru", "2\xa0100"), ("uz", "2\xa0100"), ("en", "2,100")):
        client.cookies["django_language"] = language
        assert written in client.get(reverse("figures:index")).content.decode()


def test_demo_figures_are_marked_on_the_page(client, english, indicator, publish, states):
    publish(indicator, states["KZ"], 40, is_demo=True)
    html = client.get(reverse("figures:index")).content.decode()
    assert 'class="figure-demo"' in html and "A fictional figure of the demo data" in html


def test_the_figures_page_and_an_indicator_take_as_many_queries_at_any_size(
    queries_do_not_grow, indicator, publish, states, staff
):
    publish(indicator, states["KZ"], 40)
    publish(indicator, None, 300)

    def grow():
        other = services.indicator_create(
            data={
                "code": "more",
                "name_ru": "Ещё",
                "name_en": "More",
                "unit_ru": "ч",
                "unit_en": "p",
                "is_headline": True,
            },
            by=staff,
        )
        for year in (2021, 2022, 2023):
            for code in ("KZ", "KG", "TJ", "UZ"):
                publish(indicator, states[code], year + 1, year=year)
                publish(other, states[code], 2, year=year)
            publish(other, None, 500, year=year)

    queries_do_not_grow(
        reverse("figures:index"),
        reverse("figures:indicator", args=["returned"]),
        reverse("figures:csv", args=["returned"]),
        reverse("portal:landing"),
        at_most=25,
        grow=grow,
    )
