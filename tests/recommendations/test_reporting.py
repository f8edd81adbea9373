"""Focal points' reporting (issue 11, item 7): the reports due, drafts that count nowhere, progress consistent with
status, the read-only report, a state's history, the matrix's "not addressed" and "not reported", its CSV."""

import csv
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from council.models import AuditRecord, MemberState
from recommendations import implementation_report, selectors, services
from recommendations.models import ImplementationReport, ImplementationReportDraft, Recommendation
from recommendations.services import RecommendationError
from tests.factories import MembershipFactory, UserFactory
from tests.pdf_samples import plain_pdf
from tests.recommendations.conftest import report_url, submit_report

pytestmark = pytest.mark.django_db

Status = Recommendation.Status
PERIOD = services.current_period()
DUE = reverse("recommendations:reports_due")
MATRIX = reverse("recommendations:matrix")
CSV = reverse("recommendations:matrix_csv")


@pytest.fixture
def focal_points(council_body, states):
    people = {}
    for code in ("KZ", "UZ"):
        person = UserFactory(full_name_latin=f"Focal Point {code}")
        MembershipFactory(person=person, body=council_body, represents_state=states[code], is_focal_point=True)
        people[code] = person
    return people


@pytest.fixture
def published(make_recommendation, advance):
    """Public, group B, addressed to Kazakhstan and Uzbekistan."""
    return advance(make_recommendation(title="Reintegration centres", states=("KZ", "UZ")), Status.PUBLISHED)


def form(**changes):
    data = {
        "action": "submit",
        "period": PERIOD,
        "status": "in_progress",
        "progress": "40",
        "narrative": "Two centres opened.",
        "evidence_links": "https://gov.uz/news/1",
    }
    data.update(changes)
    return data


def nothing_stored():
    return not ImplementationReport.objects.exists() and not ImplementationReportDraft.objects.exists()


# Who reaches each page ---------------------------------------------------------------------------------------


@pytest.fixture
def people(focal_points, wg, staff):
    return {
        "focal_uz": focal_points["UZ"],
        "focal_kz": focal_points["KZ"],
        "member": wg.members["UZ"],  # represents Uzbekistan, but is not its focal point
        "anonymous": None,
        "secretariat": staff,
    }


@pytest.mark.parametrize(
    ("who", "expected"),
    [("focal_uz", 200), ("focal_kz", 200), ("member", 200), ("anonymous", 302), ("secretariat", 200)],
)
def test_the_list_of_reports_due_is_for_signed_in_people_each_seeing_their_own_state(
    client, english, published, people, who, expected
):
    if people[who]:
        client.force_login(people[who])
    response = client.get(DUE)
    assert response.status_code == expected
    if expected != 200:
        assert "/accounts/login/" in response["Location"]
        return
    rows = {(row["recommendation"].pk, row["state"].code) for row in response.context["rows"]}
    assert (
        rows
        == {
            "focal_uz": {(published.pk, "UZ")},
            "focal_kz": {(published.pk, "KZ")},
            "member": set(),
            "secretariat": {(published.pk, "KZ"), (published.pk, "UZ")},
        }[who]
    )
    if who == "member":
        assert "national focal points" in response.content.decode()


def test_the_list_says_what_is_reported_this_period_and_what_is_a_draft(client, english, published, people, wg):
    other = services.recommendation_create(
        working_group=wg.body,
        texts={"title_ru": "Только по-русски", "title_en": "", "text_ru": "Текст."},
        by=people["secretariat"],
        addressee_states=[MemberState.objects.get(code="UZ")],
    )
    client.force_login(people["focal_uz"])
    submit_report(published, "UZ", by=people["focal_uz"], period=PERIOD)
    response = client.get(DUE)
    row = response.context["rows"][0]
    assert row["reported"] and row["latest"].period == PERIOD and row["draft"] is None
    assert response.context["owing"] == 0
    html = response.content.decode()
    assert "reported" in html and "Report again" in html
    assert other.pk not in {r["recommendation"].pk for r in response.context["rows"]}  # not published yet


@pytest.mark.parametrize(
    ("who", "expected"),
    [("focal_uz", 200), ("focal_kz", 404), ("member", 404), ("anonymous", 302), ("secretariat", 200)],
)
def test_only_the_states_focal_points_and_the_secretariat_reach_the_form(client, published, people, who, expected):
    if people[who]:
        client.force_login(people[who])
    assert client.get(report_url(published, "UZ")).status_code == expected
    response = client.post(report_url(published, "UZ"), form(action="draft"))
    assert response.status_code == (302 if expected != 404 else 404)
    if who in ("focal_uz", "secretariat"):
        assert ImplementationReportDraft.objects.count() == 1
        ImplementationReportDraft.objects.all().delete()
    assert nothing_stored()


@pytest.mark.parametrize("who", ["focal_uz", "focal_kz", "member", "anonymous", "secretariat"])
def test_a_report_on_a_public_text_and_the_state_s_history_are_read_by_all_who_see_the_text(
    client, english, published, people, who
):
    report = submit_report(published, "UZ", by=people["focal_uz"], period=PERIOD, narrative="Centres opened.")
    if people[who]:
        client.force_login(people[who])
    for url in (
        reverse("recommendations:report_detail", args=[report.pk]),
        reverse("recommendations:state_history", args=["UZ"]),
        reverse("recommendations:report_history", args=[published.pk, "UZ"]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Centres opened." in response.content.decode() or report.period in response.content.decode()


@pytest.mark.parametrize(
    ("who", "expected"),
    [("focal_uz", 404), ("focal_kz", 404), ("member", 200), ("anonymous", 302), ("secretariat", 200)],
)
def test_a_report_on_a_body_level_text_is_read_only_by_those_who_see_the_text(
    client, make_recommendation, advance, people, who, expected
):
    hidden = advance(make_recommendation(title="For the group", access="body", states=("UZ",)), Status.PUBLISHED)
    report = submit_report(hidden, "UZ", by=people["secretariat"], period=PERIOD, narrative="Secret progress.")
    if people[who]:
        client.force_login(people[who])
    # 302: someone signed out is sent to sign in, as for any hidden page (council.middleware)
    assert client.get(reverse("recommendations:report_detail", args=[report.pk])).status_code == expected
    assert client.get(reverse("recommendations:report_history", args=[hidden.pk, "UZ"])).status_code == expected
    history = client.get(reverse("recommendations:state_history", args=["UZ"]))
    assert history.status_code == 200
    assert ("Secret progress." in history.content.decode() or report.pk in _ids(history)) == (expected == 200)
    assert (hidden.code in client.get(CSV).content.decode()) == (expected == 200)


def _ids(response):
    return {r.pk for group in response.context["groups"] for r in group["reports"]}


# Drafts ------------------------------------------------------------------------------------------------------


def test_a_draft_is_saved_seen_again_and_submitted_by_another_focal_point_of_the_state(
    client, english, media, published, people, council_body, states
):
    second = UserFactory(full_name_latin="Second Focal UZ")
    MembershipFactory(person=second, body=council_body, represents_state=states["UZ"], is_focal_point=True)
    client.force_login(people["focal_uz"])
    response = client.post(
        report_url(published, "UZ"),
        {
            "action": "draft",
            "period": PERIOD,
            "status": "",
            "progress": "",
            "narrative": "Half written",
            "evidence_file": SimpleUploadedFile("decree.pdf", plain_pdf()),
        },
    )
    assert response.status_code == 302 and response["Location"] == DUE
    assert not ImplementationReport.objects.exists()
    draft = ImplementationReportDraft.objects.get()
    assert (draft.narrative, draft.evidence_name, draft.updated_by) == (
        "Half written",
        "decree.pdf",
        people["focal_uz"],
    )
    assert AuditRecord.objects.filter(action="implementation.report_draft", actor=people["focal_uz"]).exists()

    client.force_login(second)
    assert client.get(DUE).context["rows"][0]["draft"] == draft
    page = client.get(report_url(published, "UZ"))
    assert page.context["form"].initial["narrative"] == "Half written"
    assert "decree.pdf" in page.content.decode()
    response = client.post(report_url(published, "UZ"), form(narrative="Finished.", progress="60"))
    report = ImplementationReport.objects.get()
    assert response["Location"] == reverse("recommendations:report_detail", args=[report.pk])
    assert (report.narrative, report.progress, report.submitted_by) == ("Finished.", 60, second)
    assert report.evidence_name == "decree.pdf" and report.evidence_file.name == draft.evidence_file.name
    assert not ImplementationReportDraft.objects.exists()
    assert client.get(report.get_download_url()).status_code == 200


def test_a_draft_is_never_counted_nor_shown_as_a_report(client, english, published, people, partner_figures):
    services.report_draft_save(
        recommendation=published,
        state=MemberState.objects.get(code="UZ"),
        period=PERIOD,
        status="implemented",
        progress=100,
        narrative="DRAFT-ONLY narrative",
        by=people["focal_uz"],
    )
    matrix = selectors.implementation_matrix(user=people["secretariat"])
    assert matrix["total"]["reported"] == 0 and matrix["total"]["average"] is None
    assert all(cell["report"] is None for row in matrix["rows"] for cell in row["cells"])
    assert partner_figures()["total"]["reported"] == 0
    gathered = implementation_report.gather({"period": PERIOD, "working_group": None})
    assert gathered.data["totals"]["reported"] == 0
    for who in ("secretariat", "member", "focal_kz", "anonymous"):
        client.logout()
        if people[who]:
            client.force_login(people[who])
        for url in (
            MATRIX,
            CSV,
            published.get_absolute_url(),
            reverse("recommendations:state_history", args=["UZ"]),
        ):
            body = client.get(url).content.decode()
            assert "DRAFT-ONLY" not in body, (who, url)
    client.force_login(people["focal_kz"])
    assert client.get(DUE).context["rows"][0]["draft"] is None  # Kazakhstan's row; Uzbekistan's draft is not theirs


@pytest.fixture
def partner_figures(published):
    def figures():
        return selectors.implementation_figures(user=AnonymousUser())

    return figures


# Progress consistent with status; bad input keeps nothing ----------------------------------------------------

RULE = {
    "not_started_with_progress": ({"status": "not_started", "progress": "10"}, "Progress for “not started” is 0%."),
    "implemented_below_100": ({"status": "implemented", "progress": "90"}, "Progress for “implemented” is 100%."),
    "in_progress_at_0": ({"status": "in_progress", "progress": "0"}, "from 1% to 99%"),
    "in_progress_at_100": ({"status": "in_progress", "progress": "100"}, "from 1% to 99%"),
    "not_applicable_with_progress": (
        {"status": "not_applicable", "progress": "0"},
        "A recommendation that does not apply has no progress: leave it empty.",
    ),
    "no_progress": ({"status": "planned", "progress": ""}, "Give the progress, a number from 0 to 100."),
    "period_before_publication": ({"period": "2020-H1"}, "Choose one of the periods offered."),
    "period_to_come": ({"period": "2999-H1"}, "Choose one of the periods offered."),
}


@pytest.mark.parametrize("action", ["submit", "draft"])
@pytest.mark.parametrize("case", RULE)
def test_progress_must_agree_with_status_and_bad_input_keeps_nothing(client, english, published, people, case, action):
    changes, message = RULE[case]
    if action == "draft" and case == "no_progress":
        pytest.skip("a draft may leave the progress out")
    client.force_login(people["focal_uz"])
    response = client.post(report_url(published, "UZ"), form(action=action, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert nothing_stored()


@pytest.mark.parametrize(
    ("status", "progress"),
    [("not_started", 0), ("planned", 0), ("planned", 50), ("in_progress", 1), ("implemented", 100)],
)
def test_progress_that_agrees_with_status_is_taken(published, people, status, progress):
    report = submit_report(published, "UZ", by=people["focal_uz"], period=PERIOD, status=status, progress=progress)
    assert (report.status, report.progress) == (status, progress)


def test_not_applicable_is_filed_without_progress_and_left_out_of_averages(client, english, published, people):
    client.force_login(people["focal_uz"])
    response = client.post(report_url(published, "UZ"), form(status="not_applicable", progress=""))
    assert response.status_code == 302
    report = ImplementationReport.objects.get()
    assert report.progress is None
    submit_report(published, "KZ", by=people["focal_kz"], period=PERIOD, status="in_progress", progress=30)
    matrix = selectors.implementation_matrix(user=AnonymousUser())
    assert (matrix["total"]["reported"], matrix["total"]["average"]) == (2, 30)
    html = client.get(reverse("recommendations:report_detail", args=[report.pk])).content.decode()
    assert "None" not in html and "not applicable" in html


@pytest.mark.parametrize(
    ("status", "progress"),
    [("not_started", 5), ("implemented", 99), ("not_applicable", 0), ("in_progress", None), ("in_progress", 101)],
)
def test_the_service_refuses_progress_that_disagrees_with_status(published, people, status, progress):
    with pytest.raises(RecommendationError):
        submit_report(published, "UZ", by=people["focal_uz"], period=PERIOD, status=status, progress=progress)
    with pytest.raises(RecommendationError):
        services.report_draft_save(
            recommendation=published,
            state=MemberState.objects.get(code="UZ"),
            status=status,
            progress=progress if progress is not None else 101,
            by=people["focal_uz"],
        )
    assert nothing_stored()


def test_the_form_offers_only_the_periods_since_publication(client, published, people):
    client.force_login(people["focal_uz"])
    field = client.get(report_url(published, "UZ")).context["form"].fields["period"]
    assert [value for value, _label in field.choices] == [PERIOD]


def test_the_form_shows_the_text_in_the_original_with_a_note_and_the_previous_report(
    client, english, published, people
):
    submit_report(published, "UZ", by=people["focal_uz"], period=PERIOD, narrative="Earlier narrative.")
    client.force_login(people["focal_uz"])
    html = client.get(report_url(published, "UZ")).content.decode()
    assert 'lang="ru"' in html and "shown in the original language" in html
    assert "Earlier narrative." in html


# The matrix and its CSV --------------------------------------------------------------------------------------


def test_the_matrix_tells_not_addressed_from_not_reported_and_averages_what_was_reported(
    client, english, published, people
):
    submit_report(published, "UZ", by=people["focal_uz"], period=PERIOD, status="in_progress", progress=40)
    html = client.get(MATRIX).content.decode()
    row = html[html.index(published.code) :]
    row = row[: row.index("</tr>")]
    assert row.count("not addressed") == 3  # KG, TJ, TM
    assert row.count("not reported") == 1  # KZ
    assert "40%" in row
    per_state = {b["state"].code: b for b in client.get(MATRIX).context["per_state"]}
    assert (per_state["KZ"]["not_reported"], per_state["KZ"]["average"]) == (1, None)
    assert per_state["UZ"]["average"] == 40
    assert client.get(MATRIX).context["total"]["average"] == 40  # not (40 + 0) / 2


def test_the_csv_has_a_line_per_cell_and_no_cell_a_spreadsheet_would_run(
    client, english, make_recommendation, advance, people
):
    evil = advance(
        make_recommendation(texts={"title_ru": '=HYPERLINK("http://x")', "title_en": "@SUM(A1)", "text_ru": "x"}),
        Status.PUBLISHED,
    )
    submit_report(evil, "UZ", by=people["focal_uz"], period=PERIOD, status="in_progress", progress=40)
    response = client.get(CSV)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0][:5] == ["Recommendation", "Title", "Working group", "State", "Situation"]
    cells = {(line[0], line[3]): line for line in lines[1:]}
    assert len(cells) == 5
    assert cells[(evil.code, "UZ")][4:] == ["in progress", "40", PERIOD]
    assert cells[(evil.code, "KZ")][4] == "not reported"
    assert cells[(evil.code, "TM")][4] == "not addressed"
    assert cells[(evil.code, "UZ")][1] == "'@SUM(A1)"
    for line in lines:
        for value in line:
            assert not value.startswith(("=", "+", "-", "@")), value


def test_the_csv_guard_prefixes_each_dangerous_start():
    from recommendations.views import csv_safe

    assert csv_safe(["=1+1", "+1", "-1", "@x", "\tx", "ok", 5, "a=b"]) == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@x",
        "'\tx",
        "ok",
        "5",
        "a=b",
    ]


# Queries do not grow with rows ---------------------------------------------------------------------------------


def test_the_list_the_matrix_the_history_and_the_csv_ask_as_many_queries_for_more_rows(
    client, published, people, make_recommendation, advance, queries_do_not_grow
):
    submit_report(published, "UZ", by=people["focal_uz"], period=PERIOD)
    services.report_draft_save(
        recommendation=published, state=MemberState.objects.get(code="KZ"), narrative="d", by=people["secretariat"]
    )
    client.force_login(people["secretariat"])

    def grow():
        for n in range(3):
            more = advance(make_recommendation(title=f"More {n}", states=("KZ", "UZ", "TM")), Status.PUBLISHED)
            submit_report(more, "UZ", by=people["focal_uz"], period=PERIOD, status="implemented", progress=100)
            submit_report(more, "KZ", by=people["focal_kz"], period=PERIOD, status="not_applicable", progress=None)
            services.report_draft_save(
                recommendation=more, state=MemberState.objects.get(code="TM"), narrative="d", by=people["secretariat"]
            )

    queries_do_not_grow(
        DUE,
        MATRIX,
        CSV,
        reverse("recommendations:state_history", args=["UZ"]),
        reverse("recommendations:report_history", args=[published.pk, "UZ"]),
        at_most=20,
        grow=grow,
    )
