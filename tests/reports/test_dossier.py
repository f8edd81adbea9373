"""The dossier of one recommendation as a reader gets it: versions and changes, rounds per state, reports, safety."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from council.reporting import Audience
from recommendations import services
from recommendations.models import ConsensusRound, Recommendation
from reports import rendering
from reports.documents import document_html, document_pdf, document_prepare
from tests.reports import recommendation_data as rd
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

NOW = datetime.datetime(2025, 3, 3, 7, 30, tzinfo=datetime.UTC)
Status = Recommendation.Status
RESERVATION = "Сроки зачисления в нашей системе — до трёх месяцев."


@pytest.fixture
def frozen():
    with time_machine.travel(NOW) as traveller:
        yield traveller


@pytest.fixture
def council(db, frozen):
    return rd.council()


def _second_texts():
    return rd.texts(0) | {
        "text_ru": "1. Обеспечить поддержку возвращённых семей.\n2. Поддержать местные сообщества.",
        "text_uz": "1. Qaytgan oilalarga gʻamxoʻrlik va yordam koʻrsatish.\n2. Mahallalarni qoʻllab-quvvatlash.",
    }


@pytest.fixture
def published(council):
    """A text of group A changed once in consultation, adopted with a reservation of Turkmenistan, endorsed,
    published, reported on by Kazakhstan (twice) and Uzbekistan."""
    rec = rd.recommendation(
        council,
        "a",
        versions=[(_second_texts(), "Уточнена формулировка после обсуждения в группе")],
        stand_aside="TM",
        reason=RESERVATION,
        states=("KZ", "UZ", "TM"),
        reports=[("KZ", rd.IN_PROGRESS, 40), ("UZ", rd.IMPLEMENTED, 100)],
    )
    services.report_submit(
        recommendation=rec,
        state=council.states["KZ"],
        period="2025-H2",
        status=rd.IN_PROGRESS,
        progress=65,
        narrative="Открыты центры поддержки в трёх областях.",
        by=council.staff,
    )
    return rec


def _pdf(rec, *, language="en", variant="accessible", fetcher=None):
    prepared = document_prepare(
        kind="dossier", parameters={"recommendation": rec.pk}, language=language, variant=variant
    )
    return prepared, document_pdf(prepared, fetcher=fetcher)


def test_the_dossier_shows_versions_changes_rounds_and_reports_in_order(published):
    _prepared, rendered = _pdf(published, language="uz")
    text = text_of(rendered.pdf)

    assert in_order(
        text,
        published.code,
        "Oʻzbekiston tavsiyasi birinchi",  # the title in the reader's language
        "Обеспечить поддержку возвращённых семей.",  # the authoritative text of the current version
        "Qaytgan oilalarga gʻamxoʻrlik va yordam koʻrsatish.",  # its Uzbek translation
        "Уточнена формулировка после обсуждения в группе",  # why version 2
        "сопровождение",  # removed ...
        "поддержку",  # ... and added, word by word
        "A ishchi guruhi",  # the group's round
        "Turkmaniston",
        RESERVATION,
        "Ijroiya qoʻmita",  # the executive committee's round
        "Qozogʻiston",
        "2025-H2",
        "65%",
        "Открыты центры поддержки в трёх областях.",
        "2025-H1",
        "40%",
        "Oʻzbekiston",
        "100%",
    )
    assert "Fictional" not in text  # positions per state, never names


def test_the_changes_are_marked_as_insertions_and_deletions(published):
    prepared = document_prepare(kind="dossier", parameters={"recommendation": published.pk}, language="en")
    html = document_html(prepared)

    assert "<del>сопровождение</del>" in html
    assert "<ins>поддержку</ins>" in html
    change = prepared.gathered.data["changes"][0]
    assert (change["from"], change["to"]) == (1, 2)
    assert {"op": "equal", "text": "1. Обеспечить "} in change["text"]


def test_positions_of_an_open_round_are_not_shown(council, frozen):
    rec = rd.recommendation(council, "a", to=Status.CONSULTATION)
    round_ = services.round_open(
        recommendation=rec,
        mode=ConsensusRound.Mode.SILENCE,
        deadline=NOW + datetime.timedelta(days=10),
        by=council.staff,
    )
    services.position_record(
        round_=round_,
        person=council.members["a"]["KZ"],
        kind="objection",
        reason="Секретное возражение",
        by=council.members["a"]["KZ"],
    )

    _prepared, rendered = _pdf(rec)

    text = text_of(rendered.pdf)
    assert "Positions are shown once the round is closed." in text
    assert "1 of 5 members have answered." in text
    assert "Секретное возражение" not in text
    assert "DRAFT" in text  # a text not yet published is marked as a draft on every page


def test_the_outline_follows_the_sections(published):
    _prepared, rendered = _pdf(published)

    assert outline_titles(rendered.pdf) == [
        f"{published.code} Recommendation one",
        "Text of version 2",
        "Authoritative text (Russian)",
        "Translation (English)",
        "Versions",
        "From version 1 to version 2",
        "Consensus rounds",
        "Round 1: Working group A: legal questions",
        "Round 2: Executive Committee",
        "Implementation reports",
        "Kazakhstan",
        "Uzbekistan",
        "History",
    ]


def test_fonts_are_embedded_and_the_archival_data_matches_the_page(published):
    _prepared, accessible = _pdf(published)
    _prepared, archival = _pdf(published, variant="archival")

    fonts = fonts_of(accessible.pdf)
    assert fonts and all(fonts.values()), fonts
    assert pdf_conformance(accessible.pdf).get("pdfuaid:part") == "1"
    assert pdf_conformance(archival.pdf).items() >= {"pdfaid:part": "3", "pdfaid:conformance": "A"}.items()
    assert embedded_files(accessible.pdf) == {}
    data = embedded_data(archival.pdf)["data"]
    assert [v["number"] for v in data["versions"]] == [1, 2]
    kazakhstan = data["implementation"][0]
    assert kazakhstan["state"] == "Kazakhstan" and [r["progress"] for r in kazakhstan["reports"]] == [65, 40]
    group_round = data["rounds"][0]
    assert [row["state"] for row in group_round["by_state"]] == list(rd.STATES_EN)
    turkmenistan = group_round["by_state"][3]["counts"]
    assert [c["count"] for c in turkmenistan] == [0, 1, 0]
    text = text_of(archival.pdf)
    assert in_order(text, "Kazakhstan", "65%", "40%")


def test_the_audience_is_who_reads_the_drafts_of_the_recommendation(council):
    a, ec = council.groups["a"], council.ec

    def audience(rec):
        return document_prepare(kind="dossier", parameters={"recommendation": rec.pk}, language="en").gathered.audience

    # Drafts and texts in consultation: the working group only (and the secretariat).
    assert audience(rd.recommendation(council, "a", to=Status.CONSULTATION)) == Audience(level="body", body_ids={a.pk})
    # Once adopted, the executive committee reads its drafts too.
    assert audience(rd.recommendation(council, "a", n=1, to=Status.ADOPTED)) == Audience(
        level="body", body_ids={a.pk, ec.pk}
    )
    # Published, public or for partners: its earlier versions are still the drafts' readers' business.
    for n, access in enumerate(["public", "partners", "council"], 2):
        rec = rd.recommendation(council, "a", n=n, access=access)
        assert audience(rec) == Audience(level="body", body_ids={a.pk, ec.pk}), access
    # A published text for its group only, or for the secretariat, narrows it further.
    assert audience(rd.recommendation(council, "a", n=5, access="body")) == Audience(level="body", body_ids={a.pk})
    assert audience(rd.recommendation(council, "a", n=6, access="secretariat")) == Audience(level="secretariat")
    # A withdrawn draft stays with its group.
    withdrawn = rd.recommendation(council, "a", n=7, to=Status.ADOPTED)
    services.recommendation_transition(
        recommendation=withdrawn, to=Status.WITHDRAWN, reason="Устарело", by=council.staff
    )
    assert audience(withdrawn) == Audience(level="body", body_ids={a.pk})


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({}, "Say which recommendation"),
        ({"recommendation": ""}, "Say which recommendation"),
        ({"recommendation": "abc"}, "by its number"),
        ({"recommendation": "-3"}, "by its number"),
        ({"recommendation": 1.5}, "by its number"),
        ({"recommendation": False}, "by its number"),
        ({"recommendation": 999999}, "There is no recommendation 999999"),
        ({"recommendation": 1, "extra": 2}, "Unknown parameters: extra"),
    ],
)
def test_bad_parameters_are_refused_with_a_clear_message(council, parameters, message):
    with pytest.raises(ValidationError) as error:
        document_prepare(kind="dossier", parameters=parameters, language="en")

    assert message in " ".join(error.value.messages)


def test_the_id_may_be_a_string_of_digits(published):
    prepared = document_prepare(kind="dossier", parameters={"recommendation": str(published.pk)}, language="ru")

    assert prepared.parameters == {"recommendation": published.pk}
    assert prepared.gathered.reference.startswith(published.code)


def test_gathering_takes_as_many_queries_for_a_long_life_as_for_a_short_one(council, queries_do_not_grow):
    draft = rd.recommendation(council, "a", n=1, to=Status.CONSULTATION)
    rd.meeting_round(council, draft, "a", objection="KZ", reason="Возражение")  # a round at each size
    published = rd.recommendation(
        council, "b", n=2, states=("KZ", "KG", "TJ", "UZ"), reports=[("KZ", rd.IN_PROGRESS, 5)]
    )

    def gather(rec):
        return lambda: document_prepare(kind="dossier", parameters={"recommendation": rec.pk}, language="en")

    def grow():
        for n in range(3):
            services.version_create(recommendation=draft, texts=rd.texts(n + 3), reason=f"Правка {n}", by=council.staff)
            rd.meeting_round(council, draft, "a", objection="TJ", reason="Возражение")
        for code in ("KG", "TJ", "UZ"):
            for period in ("2025-H1", "2025-H2"):
                services.report_submit(
                    recommendation=published, state=council.states[code], period=period, status=rd.IN_PROGRESS,
                    progress=30, narrative="Ход работы", by=council.staff,
                )  # fmt: skip

    queries_do_not_grow(gather(draft), gather(published), at_most=10, grow=grow)


def test_text_people_typed_makes_the_renderer_fetch_nothing(council, tmp_path):
    canary_file = tmp_path / "canary.png"
    canary_file.write_bytes(b"LEAKED-FROM-FILE")
    with rd.CanaryServer() as server:

        def evil(where):
            return rd.hostile(server.base, canary_file.as_uri(), where)

        first = rd.texts(0) | {
            "title_ru": f'<img src="file:///etc/passwd"><link rel=stylesheet href="{server.base}/t.css">',
            "text_ru": evil("text-ru"),
            "text_en": evil("text-en"),
        }
        rec = rd.recommendation(
            council,
            "a",
            texts_=first,
            versions=[(first | {"text_ru": evil("text-v2"), "text_uz": evil("text-uz")}, evil("reason")[:480])],
            stand_aside="TM",
            reason=evil("position-reason"),
            reports=[("KZ", rd.IN_PROGRESS, 10)],
            narrative=evil("narrative"),
        )
        for variant in ("accessible", "archival"):
            fetcher = rendering.url_fetcher()
            for language in ("ru", "en", "uz"):
                _prepared, rendered = _pdf(rec, language=language, variant=variant, fetcher=fetcher)
                text = text_of(rendered.pdf)
                assert "LEAKED" not in text
                files = embedded_files(rendered.pdf)
                assert list(files) == ([] if variant == "accessible" else ["report-data.json"])
            assert fetcher.served
            assert all(url.startswith((rendering.static_url(""), "data:")) for url in fetcher.served), fetcher.served
        # What was typed as HTML in plain fields (a reason, a narrative) shows as text; nothing was fetched.
        assert "position-reason" in text and "narrative" in text
        assert server.connections == [] and server.requests == []


def test_the_first_page_matches_the_reference(db, seeded, frozen):
    from demo.recommendations import seed_recommendations

    assert seed_recommendations()
    rec = Recommendation.objects.filter(status=Status.PUBLISHED).order_by("code").first()
    _prepared, rendered = _pdf(rec, language="en")

    matches_reference(rendered.pdf, "dossier")
