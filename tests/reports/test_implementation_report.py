"""The implementation report: the matrix recommendations × member states for a period, its roll-ups and charts,
in Russian, English and Uzbek, tagged and archival, fetching nothing a person's text points at."""

import datetime
import re
import sys
import threading
import uuid
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import translation

from council.models import Access, Body, MemberState
from council.reporting import builder_get
from demo.council import secretary, seed_council
from demo.recommendations import RECOMMENDATIONS, Stage, _advance, seed_recommendations
from recommendations import charts, implementation_report, selectors, services
from recommendations.models import ImplementationReport, Recommendation, RecommendationVersion
from reports import rendering
from reports.documents import DATA_FILE_NAME, document_html, document_pdf, document_prepare
from tests.factories import MemberStateFactory
from tests.reports.pdf import (
    embedded_data,
    embedded_files,
    fonts_of,
    in_order,
    matches_reference,
    outline_titles,
    pdf_conformance,
    text_of,
)

pytestmark = pytest.mark.django_db

# The demo is seeded and every report rendered on this day: its reports are for 2025-H1 (half a year earlier).
TODAY = datetime.datetime(2025, 9, 15, 9, 0, tzinfo=datetime.UTC)
PUBLISHED_TITLES = [titles for _, stage, _, _, titles, _, _ in RECOMMENDATIONS if stage is Stage.PUBLISHED]
HOSTILE = '</svg><script>alert("x")</script> & "quoted" <b>'


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def demo(frozen, settings):
    """The demo council and its recommendations, three of them published with reports for 2025-H1."""
    settings.DEBUG = False
    seed_council()
    seed_recommendations()
    return secretary()


def prepare(language="en", variant="accessible", **parameters):
    return document_prepare(
        kind="implementation", parameters={"period": "2025-H1", **parameters}, language=language, variant=variant
    )


def render(language="en", variant="accessible", fetcher=None, **parameters):
    prepared = prepare(language, variant, **parameters)
    return prepared, document_pdf(prepared, fetcher=fetcher)


def published_codes():
    return list(
        Recommendation.objects.filter(status=Recommendation.Status.PUBLISHED)
        .order_by("working_group__order", "working_group__code", "code")
        .values_list("code", flat=True)
    )


def report(code: str, state: str, *, by, period="2025-H1", status="in_progress", progress=50):
    return services.report_submit(
        recommendation=Recommendation.objects.get(code=code),
        state=MemberState.objects.get(code=state),
        period=period,
        status=status,
        progress=progress,
        narrative="A report.",
        by=by,
    )


# What the report holds ---------------------------------------------------------------------------------


def test_the_builder_is_registered_for_its_kind():
    builder = builder_get("implementation")
    assert builder.template == "reports/implementation.html"
    assert builder.gather is implementation_report.gather


def test_only_published_recommendations_are_in_the_matrix(demo):
    data = prepare().gathered.data

    assert [row["code"] for row in data["rows"]] == published_codes()
    assert len(data["rows"]) == len(PUBLISHED_TITLES) == 3
    assert Recommendation.objects.exclude(status=Recommendation.Status.PUBLISHED).count() == 5
    assert [row["title"] for row in data["rows"]] == [en for _, en in PUBLISHED_TITLES]


def test_each_cell_is_the_states_latest_report_up_to_and_including_the_period(demo):
    first = published_codes()[0]  # legal frameworks: KZ in progress 60, UZ implemented 100, KG planned 20 (2025-H1)
    report(first, "KZ", by=demo, period="2025-H2", status="implemented", progress=100)
    report(first, "KZ", by=demo, period="2024-H2", status="planned", progress=5)  # late, but of an earlier period
    report(first, "TJ", by=demo, period="2024-H2", status="planned", progress=10)
    report(first, "KG", by=demo, period="2026-H1", status="implemented", progress=100)  # after every period asked

    def cells(period):
        row = next(r for r in prepare(period=period).gathered.data["rows"] if r["code"] == first)
        return {c["state"]: (c["addressed"], c["status"], c["progress"], c["period"]) for c in row["cells"]}

    assert cells("2025-H1") == {
        "KZ": (True, "in_progress", 60, "2025-H1"),
        "KG": (True, "planned", 20, "2025-H1"),
        "TJ": (True, "planned", 10, "2024-H2"),
        "TM": (True, None, None, None),
        "UZ": (True, "implemented", 100, "2025-H1"),
    }
    assert cells("2025-H2")["KZ"] == (True, "implemented", 100, "2025-H2")
    assert cells("2025-H2")["KG"] == (True, "planned", 20, "2025-H1")
    assert cells("2024-H2") == {
        "KZ": (True, "planned", 5, "2024-H2"),
        "KG": (True, None, None, None),
        "TJ": (True, "planned", 10, "2024-H2"),
        "TM": (True, None, None, None),
        "UZ": (True, None, None, None),
    }


def test_the_roll_ups_follow_the_rule_of_the_portals_matrix(demo):
    data = prepare().gathered.data
    portal = selectors.implementation_matrix(user=AnonymousUser())  # every demo recommendation is public

    figures = ("addressed", "reported", "implemented", "average")
    assert {b["code"]: tuple(b[f] for f in figures) for b in data["per_state"]} == {
        b["state"].code: tuple(b[f] for f in figures) for b in portal["per_state"]
    }
    assert {b["code"]: tuple(b[f] for f in figures) for b in data["per_group"]} == {
        b["group"].code: tuple(b[f] for f in figures) for b in portal["per_group"]
    }
    # Restated from the demo's table: KZ is addressed by a (60) and b (100); UZ by a (100), b (70) and d (none).
    per_state = {b["code"]: b for b in data["per_state"]}
    assert (per_state["KZ"]["addressed"], per_state["KZ"]["average"], per_state["KZ"]["implemented"]) == (2, 80, 1)
    # UZ's average is that of what it reported (100 and 70): d, not reported, is no 0.
    assert (per_state["UZ"]["addressed"], per_state["UZ"]["average"], per_state["UZ"]["not_reported"]) == (3, 85, 1)
    assert per_state["TJ"]["statuses"] == {
        "not_started": 1,
        "planned": 0,
        "in_progress": 1,
        "implemented": 0,
        "not_applicable": 0,
    }
    assert data["totals"] == {
        "recommendations": 3,
        "addressed": 12,
        "reported": 8,
        "not_reported": 4,
        "implemented": 2,
        "average": 55,  # (60+100+20 + 40+70+100 + 50+0) / 8 reported
        "statuses": {"not_started": 1, "planned": 1, "in_progress": 4, "implemented": 2, "not_applicable": 0},
        "status_counts": [1, 1, 4, 2, 0],
    }


def test_a_report_for_one_working_group_holds_its_recommendations_only(demo):
    group = Body.objects.get(code="b")

    prepared = prepare(working_group=str(group.pk))

    assert [row["group"] for row in prepared.gathered.data["rows"]] == ["b"]
    assert [g["code"] for g in prepared.gathered.data["per_group"]] == ["b"]
    assert prepared.gathered.reference == "IMPL-2025-H1-B"
    assert group.name_en in prepared.gathered.title


def test_who_may_see_the_report_is_who_may_see_every_recommendation_in_it(demo):
    codes = published_codes()
    groups = dict(Recommendation.objects.filter(code__in=codes).values_list("code", "working_group_id"))
    assert prepare().gathered.audience.level == Access.PUBLIC

    Recommendation.objects.filter(code=codes[0]).update(access=Access.COUNCIL)
    assert prepare().gathered.audience.level == Access.COUNCIL

    Recommendation.objects.filter(code=codes[1]).update(access=Access.BODY)
    audience = prepare().gathered.audience
    assert (audience.level, audience.body_ids) == (Access.BODY, {groups[codes[1]]})

    # Texts for the members of two different groups: nobody but the secretariat is sure to see both.
    Recommendation.objects.filter(code=codes[2]).update(access=Access.BODY)
    assert prepare().gathered.audience.level == Access.SECRETARIAT
    # One group's report holds that group's text only.
    only_b = prepare(working_group=groups[codes[1]]).gathered.audience
    assert (only_b.level, only_b.body_ids) == (Access.BODY, {groups[codes[1]]})


# Parameters ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({}, "Write the period as a year and half, e.g. 2025-H1."),
        ({"period": "2025-h1"}, "Write the period as a year and half, e.g. 2025-H1."),
        ({"period": "2025-H3"}, "Write the period as a year and half, e.g. 2025-H1."),
        ({"period": "2025-H1;2025-H2"}, "Write the period as a year and half, e.g. 2025-H1."),
        ({"period": "２０２５-H1"}, "Write the period as a year and half, e.g. 2025-H1."),
        ({"period": 2025}, "Write the period as a year and half, e.g. 2025-H1."),
        ({"period": "2026-H1"}, "The period 2026-H1 has not begun yet."),
        ({"period": "2025-H1", "working_group": "b"}, "Choose a working group by its number."),
        ({"period": "2025-H1", "working_group": "1.5"}, "Choose a working group by its number."),
        ({"period": "2025-H1", "working_group": -3}, "Choose a working group by its number."),
        ({"period": "2025-H1", "working_group": True}, "Choose a working group by its number."),
        ({"period": "2025-H1", "working_group": [1]}, "Choose a working group by its number."),
        ({"period": "2025-H1", "working_group": 987654}, "There is no working group number 987654."),
    ],
)
def test_bad_parameters_are_refused_with_a_clear_message(frozen, parameters, message):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        implementation_report.clean(parameters)
    assert refused.value.messages == [message]


def test_a_body_that_is_not_a_working_group_is_refused_in_the_readers_language(demo):
    committee = Body.objects.get(kind=Body.Kind.EXECUTIVE_COMMITTEE)

    with translation.override("ru"), pytest.raises(ValidationError) as refused:
        implementation_report.clean({"period": "2025-H1", "working_group": committee.pk})
    with translation.override("ru"), pytest.raises(ValidationError) as bad_period:
        implementation_report.clean({"period": "first half"})

    assert str(committee.pk) in refused.value.messages[0]
    assert bad_period.value.messages == ["Укажите период в формате «год-полугодие», например, 2025-H1."]


def test_good_parameters_come_back_normalised(demo):
    group = Body.objects.get(code="a")

    assert implementation_report.clean({"period": " 2025-H2 "}) == {"period": "2025-H2", "working_group": None}
    assert implementation_report.clean({"period": "2024-H1", "working_group": f" {group.pk} "}) == {
        "period": "2024-H1",
        "working_group": group.pk,
    }
    assert implementation_report.clean({"period": "2025-H1", "working_group": group.pk})["working_group"] == group.pk
    assert implementation_report.clean({"period": "2025-H1", "working_group": ""})["working_group"] is None


# Queries -------------------------------------------------------------------------------------------------


def test_gathering_takes_as_many_queries_whatever_the_number_of_rows(demo, queries_do_not_grow):
    def gather_all():
        implementation_report.gather({"period": "2025-H2", "working_group": None})

    group_a = Body.objects.get(code="a").pk

    def gather_group():
        implementation_report.gather({"period": "2025-H2", "working_group": group_a})

    def grow():
        MemberStateFactory(code="AF", name_ru="Афганистан", name_en="Afghanistan", name_uz="Afgʻoniston")
        for index, group in enumerate(("a", "b", "d")):
            recommendation = services.recommendation_create(
                working_group=Body.objects.get(code=group),
                texts={"title_ru": f"Ещё одна {index}", "title_en": f"One more {index}", "text_ru": "Текст."},
                addressee_states=MemberState.objects.all(),
                by=demo,
            )
            reports = [("KZ", "planned", 10), ("UZ", "implemented", 100), ("AF", "in_progress", 30)]
            _advance(recommendation, Stage.PUBLISHED, {"reports": reports}, by=demo)
            report(recommendation.code, "TJ", by=demo, period="2025-H2", status="in_progress", progress=45)

    with time_machine.travel(datetime.datetime(2025, 12, 15, 9, 0, tzinfo=datetime.UTC), tick=False):
        queries_do_not_grow(gather_all, gather_group, at_most=5, grow=grow)
        assert len(implementation_report.gather({"period": "2025-H2", "working_group": None}).data["rows"]) == 6


# The PDF -------------------------------------------------------------------------------------------------


LANGUAGE_TEXT = {
    # the cover, the matrix (a state as a column), the per-state and per-group roll-ups, the charts' figures
    "ru": ["Отчет о выполнении", "Казахстан", "По государствам-участникам", "Узбекистан", "По рабочим группам"],
    "en": ["Implementation report", "Kazakhstan", "By member state", "Uzbekistan", "By working group"],
    "uz": ["Ijro toʻgʻrisidagi hisobot", "Qozogʻiston", "Aʼzo davlatlar boʻyicha", "Oʻzbekiston", "Ishchi guruhlar"],
}
STATUS = {"ru": "выполняется", "en": "in progress", "uz": "bajarilmoqda"}
AVERAGE = {"ru": "Средний уровень выполнения", "en": "Average progress", "uz": "Oʻrtacha ijro darajasi"}
GROUP_A = {
    "ru": "Рабочая группа по подотчётности",
    "en": "Working group on accountability",
    "uz": "Javobgarlik, huquqiy va sud masalalari boʻyicha",
}


@pytest.mark.parametrize("language", ["ru", "en", "uz"])
def test_the_report_reads_in_order_in_each_language(demo, language):
    _, rendered = render(language)
    text = text_of(rendered.pdf)
    pages = text.split("\f")
    first_code = published_codes()[0]
    cover, kazakhstan, by_state, uzbekistan, by_group = LANGUAGE_TEXT[language]

    assert rendered.pages == len(pages) >= 4
    assert in_order(pages[0], cover, "2025-H1", AVERAGE[language], "55%")
    # The matrix: states as columns, the group, the recommendation and its states' statuses.
    assert in_order(text, cover, kazakhstan, GROUP_A[language], first_code, STATUS[language], "60%")
    # The roll-ups per state (Kazakhstan: 2 addressed, 2 reported, 1 implemented, 80%), then per group.
    assert in_order(text, first_code, by_state, f"{kazakhstan} 2 2 1 80%", by_group, GROUP_A[language])
    # The charts come last, each with its figures (a state's average progress, then its addressed count).
    assert in_order(text, by_group, AVERAGE[language], f"{uzbekistan} 85% 3")
    if language == "uz":
        assert "\u02bb" in text and "Oʻzbekiston" in text and "Qirgʻiziston" in text
        # A title without an Uzbek translation is shown in its authoritative language (Russian).
        assert PUBLISHED_TITLES[0][0] in text
    if language == "en":
        assert in_order(
            text,
            "Charts",
            "Average progress by member state",
            "Status of the latest reports by member state",
            "Average progress by working group",
            "Status of the latest reports by working group",
        )


def test_the_figures_beside_the_charts_are_the_reports_figures(demo):
    prepared, rendered = render("en")
    data = prepared.gathered.data
    charts_pages = text_of(rendered.pdf).split("Average progress by member state", 1)[1]  # the charts section

    for b in data["per_state"]:
        average = "—" if b["average"] is None else f"{b['average']}%"
        assert f"{b['name']} {average} {b['addressed']}" in charts_pages
        counts = " ".join(str(n) for n in [*b["status_counts"], b["not_reported"], b["addressed"]])
        assert f"{b['name']} {counts}" in charts_pages
    for b in data["per_group"]:
        counts = " ".join(str(n) for n in [*b["status_counts"], b["not_reported"], b["addressed"]])
        assert f"{b['name']} {counts}" in " ".join(charts_pages.split())
    assert [(b["code"], b["average"]) for b in data["per_state"]] == [
        ("KZ", 80),
        ("KG", 35),
        ("TJ", 20),
        ("TM", None),  # addressed, nothing reported: no average
        ("UZ", 85),
    ]


def test_the_charts_are_inline_svg_with_a_title_a_description_and_bars_to_scale(demo):
    prepared = prepare("en")
    html = document_html(prepared)

    svgs = re.findall(r"<svg .*?</svg>", html, flags=re.S)
    assert len(svgs) == 4
    progress = ET.fromstring(  # noqa: S314 - the portal's own markup
        svgs[0]
    )
    ns = {"svg": "http://www.w3.org/2000/svg"}
    assert progress.find("svg:title", ns).text == "Average progress by member state"
    assert "Kazakhstan: 80%" in progress.find("svg:desc", ns).text
    scale, *bars = [r for r in progress.findall("svg:rect", ns) if r.get("fill") in {"#eef1f5", "#1d4f91"}][:2]
    assert float(bars[0].get("width")) == pytest.approx(float(scale.get("width")) * 0.8, abs=0.01)
    assert "<script" not in html and "javascript" not in html.lower()


def test_labels_in_the_charts_are_escaped_and_read_as_text(demo):
    MemberState.objects.filter(code="KG").update(name_en=f"Kyrgyz{HOSTILE}")
    Body.objects.filter(code="b").update(name_en=f"Group B {HOSTILE}")

    prepared = prepare("en")
    html = document_html(prepared)

    for svg in re.findall(r"<svg .*?</svg>", html, flags=re.S):
        root = ET.fromstring(  # noqa: S314 - the portal's own markup
            svg
        )  # well-formed: nothing the names hold ended an element
        texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
        assert not root.findall(".//{http://www.w3.org/2000/svg}script")
        assert any(t and t.startswith(("Kyrgyz</svg><script>", "Group B </svg><script>")) for t in texts), texts
    assert "<script>" not in html
    text = text_of(document_pdf(prepared).pdf)
    assert 'Kyrgyz</svg><script>alert("x")</script> & "quoted" <b> 3 2 0 35%' in text  # the roll-up's row
    assert "Kyrgyz</svg><script>" in text.split("Charts", 1)[1]  # ... and in the charts' labels


def test_chart_markup_escapes_every_text():
    svg = charts.stacked_bar_chart(
        chart_id='c"1',
        title=f"T {HOSTILE}",
        description=f"D {HOSTILE}\x00\x0b",
        series=[charts.Series(key="k", label=f"S {HOSTILE}", colour="#123456")],
        stacks=[charts.Stack(label=f"L {HOSTILE}", counts={"k": 3})],
    )

    root = ET.fromstring(  # noqa: S314 - the portal's own markup
        svg
    )
    ns = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{ns}title").text == f"T {HOSTILE}"
    assert root.find(f"{ns}desc").text == f"D {HOSTILE}"
    assert root.get("aria-labelledby") == 'c"1-title'
    assert f"S {HOSTILE}" in [t.text for t in root.iter(f"{ns}text")]
    assert [child.tag for child in root.iter()] == [
        f"{ns}{tag}" for tag in ("svg", "title", "desc", "text", "rect", "text", "text", "rect", "text")
    ]


def test_outline_fonts_and_pdf_ua(demo):
    _, rendered = render("uz")

    assert outline_titles(rendered.pdf) == [
        "Ijro toʻgʻrisidagi hisobot",
        "Aʼzo davlatlar boʻyicha tavsiyalar",
        "Aʼzo davlatlar boʻyicha",
        "Ishchi guruhlar boʻyicha",
        "Diagrammalar",
        "Aʼzo davlatlar boʻyicha oʻrtacha ijro darajasi",
        "Aʼzo davlatlar boʻyicha soʻnggi hisobotlar holati",
        "Ishchi guruhlar boʻyicha oʻrtacha ijro darajasi",
        "Ishchi guruhlar boʻyicha soʻnggi hisobotlar holati",
    ]
    fonts = fonts_of(rendered.pdf)
    assert fonts and all(fonts.values()), fonts
    assert {name.split("+", 1)[-1] for name in fonts} <= {"Report-Sans", "Report-Sans-Bold", "Report-Sans-Italic"}
    assert pdf_conformance(rendered.pdf) == {"pdfuaid:part": "1"}
    assert embedded_files(rendered.pdf) == {}


def test_the_archival_variant_carries_the_figures_printed_on_its_pages(demo):
    prepared, rendered = render("ru", variant="archival")

    assert pdf_conformance(rendered.pdf) == {"pdfaid:part": "3", "pdfaid:conformance": "A"}
    embedded = embedded_data(rendered.pdf)
    assert embedded["kind"] == "implementation"
    assert embedded["parameters"] == {"period": "2025-H1", "working_group": None}
    assert embedded["data"] == prepared.gathered.data
    text = text_of(rendered.pdf)
    for bucket in embedded["data"]["per_state"]:
        shown = "—" if bucket["average"] is None else f"{bucket['average']}%"
        row = f"{bucket['name']} {bucket['addressed']} {bucket['reported']} {bucket['implemented']} {shown}"
        assert row in text, row
    assert f"Средний уровень выполнения {embedded['data']['totals']['average']}%" in text


def test_the_first_page_matches_its_reference(demo):
    # In English: the words are the msgids, so the picture does not change when the catalogues are compiled.
    _, rendered = render("en")

    matches_reference(rendered.pdf, "implementation")


# Nothing a person typed makes the server fetch anything ----------------------------------------------------


class _Canary(BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css" if self.path.endswith(".css") else "image/png")
        self.end_headers()
        self.wfile.write(b'body::after { content: "LEAKED-FROM-SERVER" }')

    def log_message(self, format, *args):
        pass


@pytest.fixture
def canary():
    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def verify_request(self, request, client_address):
            self.connections.append(client_address)
            return True

    server = Server(("127.0.0.1", 0), _Canary)
    server.connections, server.requests = [], []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def opened_paths():
    seen, recording = [], [True]

    def hook(event, args):
        if recording[0] and event in {"open", "os.listdir", "os.scandir"} and args:
            seen.append(str(args[0]))

    sys.addaudithook(hook)  # a hook cannot be removed; it stops recording when the test ends
    yield seen
    recording[0] = False


def _hostile(web: str, folder) -> dict[str, str]:
    """Text that refers to the canaries in every way HTML and CSS allow, short enough for each field."""
    short = f'<img src="file:///etc/passwd"><link rel=stylesheet href="{web}/s.css">'  # a state's name: 100
    title = (
        f'{short}<style>@import url("{web}/i.css");</style><p style="background: url({web}/u.png)">'
        f'<a rel="attachment" href="{web}/a.bin">a</a>'
    )
    full = (
        f'{title}<img src="{folder.as_uri()}/canary.png"><a rel="attachment" href="{folder.as_uri()}/canary.png">f</a>'
        f'<a rel="attachment" href="data:text/plain,LEAKED">d</a><svg><image href="{web}/svg.png"/></svg>'
    )
    return {"state": short, "title": title, "full": full}


@pytest.mark.parametrize("variant", ["accessible", "archival"])
def test_text_people_typed_makes_the_server_fetch_nothing(demo, canary, opened_paths, tmp_path, variant):
    folder = tmp_path / f"canary-{uuid.uuid4().hex}"
    folder.mkdir()
    (folder / "canary.png").write_bytes(b"LEAKED-FROM-FILE")
    web = f"http://127.0.0.1:{canary.server_address[1]}"
    hostile = _hostile(web, folder)
    assert len(hostile["state"]) < 100 and len(hostile["title"]) < 280
    RecommendationVersion.objects.filter(recommendation__status=Recommendation.Status.PUBLISHED).update(
        title_en=f"Title {hostile['title']}", title_ru=f"Заголовок {hostile['title']}"
    )
    MemberState.objects.filter(code__in=["KZ", "UZ"]).update(name_en=f"S {hostile['state']}")
    Body.objects.filter(kind=Body.Kind.WORKING_GROUP).update(name_en=f"Group {hostile['title']}")
    ImplementationReport.objects.update(narrative=f"Narrative {hostile['full']}")

    fetcher = rendering.url_fetcher()
    opened_before = len(opened_paths)
    _, rendered = render("en", variant=variant, fetcher=fetcher)

    assert canary.connections == [] and canary.requests == []
    opened = opened_paths[opened_before:]
    assert [path for path in opened if folder.name in path or path == "/etc/passwd"] == []
    assert fetcher.served and all(url.startswith((rendering.static_url(""), "data:")) for url in fetcher.served)
    assert fetcher.refused == []  # escaped as text, a name refers to nothing
    expected_files = [DATA_FILE_NAME] if variant == "archival" else []
    assert list(embedded_files(rendered.pdf)) == expected_files
    text = text_of(rendered.pdf)
    assert "LEAKED-FROM-SERVER" not in text and "LEAKED-FROM-FILE" not in text
    assert 'S <img src="file:///etc/passwd">' in text and 'Title <img src="file:///etc/passwd">' in text
    assert "Narrative" not in text  # a report's narrative is not part of this document
