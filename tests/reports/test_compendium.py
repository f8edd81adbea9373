"""The compendium of published recommendations as a reader gets it: text, contents, bookmarks, data, safety."""

import datetime
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError

from council.reporting import Audience
from recommendations.models import Recommendation
from reports import rendering
from reports.documents import document_pdf, document_prepare
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


@pytest.fixture
def frozen():
    with time_machine.travel(NOW) as traveller:
        yield traveller


@pytest.fixture
def council(db, frozen):
    return rd.council()


@pytest.fixture
def published(council):
    """Three published texts of group A, two of group B (one long, with a reservation); a draft; a withdrawn one."""
    long_text = "\n\n".join(
        f"{n}. Обеспечить непрерывное психологическое сопровождение возвращённых семей. " * 6 for n in range(1, 10)
    )
    recs = [
        rd.recommendation(council, "a", n=0, reports=[("KZ", rd.IN_PROGRESS, 60), ("UZ", rd.IMPLEMENTED, 100)]),
        rd.recommendation(council, "a", n=1),
        rd.recommendation(council, "a", n=2, states=("TJ",)),
        rd.recommendation(
            council,
            "b",
            n=3,
            texts_=rd.texts(3, extra="\n\n" + long_text),
            stand_aside="TM",
            reason="Сроки в нашей системе — до трёх месяцев.",
        ),
        rd.recommendation(council, "b", n=4),
    ]
    rd.recommendation(council, "a", n=5, to=Status.DRAFT)
    rd.recommendation(council, "b", n=6, to=Status.ENDORSED)
    return recs


def _pdf(parameters=None, *, language="en", variant="accessible", fetcher=None):
    prepared = document_prepare(kind="compendium", parameters=parameters or {}, language=language, variant=variant)
    return prepared, document_pdf(prepared, fetcher=fetcher)


def test_the_compendium_holds_the_published_texts_in_order_with_their_translation(published):
    prepared, rendered = _pdf(language="uz")
    text = text_of(rendered.pdf)

    first = published[0]
    # Uzbek reader: the authoritative Russian text, then the Uzbek translation (Oʻ and Gʻ with U+02BB).
    assert in_order(
        text,
        first.code,
        "Рекомендация первая: реинтеграция возвращённых семей",
        "Обеспечить сопровождение возвращённых семей.",
        "Oʻzbekiston tavsiyasi birinchi",
        "Qaytgan oilalarga gʻamxoʻrlik koʻrsatish.",
    )
    assert "\u02bb" in text and "Qozogʻiston" in text
    # Group A's texts come before group B's, each in the order of its reference.
    codes = [r.code for r in published]
    assert in_order(text.split("\f", 2)[2], *codes)
    # Neither the draft nor the endorsed (not yet published) text is in it.
    assert prepared.gathered.data["count"] == 5
    assert "шестая" not in text and "седьмая" not in text
    assert rendered.pages >= 8  # cover, contents, a page per text, two for the long one


def test_an_english_compendium_shows_the_english_translation_and_the_history(published):
    _prepared, rendered = _pdf(language="en", parameters={"translation": "en"})
    text = text_of(rendered.pdf)

    assert in_order(
        text,
        published[0].code,
        "Recommendation one",
        "Обеспечить сопровождение",
        "Ensure that returned families are accompanied.",
        "Kazakhstan",
        "60%",
        "Uzbekistan",
        "100%",
    )
    assert "Reservations" in text and "Turkmenistan" in text and "Сроки в нашей системе — до трёх месяцев." in text


def test_a_missing_translation_is_said_not_passed_off(council):
    rd.recommendation(council, "a", n=0, texts_=rd.texts(0, uz=False))

    _prepared, rendered = _pdf(language="uz")

    text = text_of(rendered.pdf)
    assert "Обеспечить сопровождение возвращённых семей." in text
    assert "Qaytgan oilalarga" not in text
    prepared = document_prepare(kind="compendium", parameters={}, language="uz")
    rec = prepared.gathered.data["groups"][0]["recommendations"][0]
    assert rec["translation"] is None and rec["translation_missing"]
    assert rec["title_lang"] == "ru"  # the heading falls back to the authoritative title, said by its lang


def test_the_contents_give_the_page_where_each_recommendation_starts(published):
    _prepared, rendered = _pdf(language="ru")
    pages = text_of(rendered.pdf).split("\f")
    contents = pages[1]

    assert "Contents" in contents or "Содержание" in contents
    for rec in published:
        match = re.search(re.escape(rec.code) + r"\D*?(\d+)", contents)
        assert match, f"{rec.code} is not in the contents"
        listed = int(match.group(1))
        starts = next(number for number, page in enumerate(pages[2:], 3) if rec.code in page)
        assert listed == starts, rec.code
    # The long text takes more than a page: the page numbers are not simply consecutive.
    numbers = [int(re.search(re.escape(r.code) + r"\D*?(\d+)", contents).group(1)) for r in published]
    assert numbers[4] - numbers[3] >= 2


def test_the_outline_has_the_title_the_groups_and_each_recommendation(published, council):
    _prepared, rendered = _pdf(language="en")

    titles = outline_titles(rendered.pdf)

    assert titles[0] == "Recommendations of the Regional Expert Council"
    group_a, group_b = council.groups["a"].name_en, council.groups["b"].name_en
    expected = [group_a, *[r.code for r in published[:3]], group_b, *[r.code for r in published[3:]]]
    assert [t.split(" ", 1)[0] if t.startswith("WG-") else t for t in titles[1:]] == expected
    assert titles[2] == f"{published[0].code} Recommendation one"


def test_fonts_are_embedded_and_the_variants_declare_their_standard(published):
    _prepared, accessible = _pdf()
    _prepared, archival = _pdf(variant="archival")

    fonts = fonts_of(accessible.pdf)
    assert fonts and all(fonts.values()), fonts
    assert {name.split("+", 1)[-1] for name in fonts} <= {"Report-Sans", "Report-Sans-Bold", "Report-Sans-Italic"}
    assert pdf_conformance(accessible.pdf).get("pdfuaid:part") == "1"
    assert pdf_conformance(archival.pdf).items() >= {"pdfaid:part": "3", "pdfaid:conformance": "A"}.items()
    assert embedded_files(accessible.pdf) == {}

    data = embedded_data(archival.pdf)
    text = text_of(archival.pdf)
    assert data["kind"] == "compendium" and data["data"]["count"] == 5
    assert "5 recommendations" in text.split("\f")[0]
    first = data["data"]["groups"][0]["recommendations"][0]
    assert first["code"] == published[0].code
    progress = {row["state"]: row.get("progress") for row in first["implementation"]}
    assert progress == {"Kazakhstan": 60, "Uzbekistan": 100}
    assert in_order(text, first["code"], "Kazakhstan", "60%", "Uzbekistan", "100%")


def test_filters_by_working_group_year_and_status(council, frozen):
    older = rd.recommendation(council, "a", n=0)
    frozen.shift(datetime.timedelta(days=365))
    newer = rd.recommendation(council, "a", n=1, replaces=older)  # supersedes the older one when published
    of_b = rd.recommendation(council, "b", n=2)

    def codes(**parameters):
        prepared = document_prepare(kind="compendium", parameters=parameters, language="en")
        return [r["code"] for g in prepared.gathered.data["groups"] for r in g["recommendations"]]

    assert codes() == [newer.code, of_b.code]
    assert codes(status=["published", "superseded"]) == [older.code, newer.code, of_b.code]
    assert codes(status="superseded") == [older.code]
    assert codes(working_group=str(council.groups["b"].pk)) == [of_b.code]
    assert codes(year="2026") == [newer.code, of_b.code]
    assert codes(year=2025, status=["superseded"]) == [older.code]
    assert codes(year=2024) == []
    history = document_prepare(kind="compendium", parameters={"status": "superseded"}, language="en")
    steps = history.gathered.data["groups"][0]["recommendations"][0]["history"]
    assert steps[-1] == {"kind": "status", "date": steps[-1]["date"], "status": "superseded", "label": "superseded",
                         "by": newer.code}  # fmt: skip


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({"working_group": "abc"}, "working group"),
        ({"working_group": 999999}, "no working group"),
        ({"working_group": True}, "working group"),
        ({"year": "twenty"}, "year"),
        ({"year": 1999}, "year"),
        ({"year": "20255"}, "year"),
        ({"status": "draft"}, "status"),
        ({"status": ["published", "withdrawn"]}, "status"),
        ({"status": {"published": 1}}, "status"),
        ({"translation": "fr"}, "language"),
        ({"colour": "red"}, "Unknown"),
    ],
)
def test_bad_filters_are_refused_with_a_clear_message(council, parameters, message):
    with pytest.raises(ValidationError) as error:
        document_prepare(kind="compendium", parameters=parameters, language="en")

    assert message in " ".join(error.value.messages)


def test_a_working_group_that_is_not_one_is_refused(council):
    with pytest.raises(ValidationError):
        document_prepare(kind="compendium", parameters={"working_group": council.ec.pk}, language="en")


def test_the_messages_are_in_the_callers_language(council):
    from django.utils import translation

    with translation.override("ru"), pytest.raises(ValidationError) as error:
        document_prepare(kind="compendium", parameters={"year": "x"}, language="en")

    assert error.value.messages  # translated by the lead's makemessages; the English text is the fallback


def test_ids_may_be_numbers_or_strings_of_digits(council):
    group = council.groups["a"]
    by_int = document_prepare(kind="compendium", parameters={"working_group": group.pk}, language="en")
    by_str = document_prepare(kind="compendium", parameters={"working_group": f" {group.pk} "}, language="en")

    assert (
        by_int.parameters
        == by_str.parameters
        == {
            "working_group": group.pk,
            "year": None,
            "status": ["published"],
            "translation": None,
        }
    )


def test_the_audience_is_the_strictest_access_of_the_texts_held(council):
    def audience(**parameters):
        return document_prepare(kind="compendium", parameters=parameters, language="en").gathered.audience

    a, b = council.groups["a"], council.groups["b"]
    assert audience() == Audience()  # nothing in it: anyone
    rd.recommendation(council, "a", n=0)
    assert audience() == Audience(level="public")
    rd.recommendation(council, "a", n=1, access="partners")
    assert audience().level == "partners"
    rd.recommendation(council, "a", n=2, access="body")
    assert audience() == Audience(level="body", body_ids={a.pk})
    assert audience(working_group=b.pk) == Audience()  # the filter leaves them out
    rd.recommendation(council, "b", n=3, access="body")
    assert audience() == Audience(level="secretariat")  # nobody else is sure to be in both groups
    assert audience(working_group=b.pk) == Audience(level="body", body_ids={b.pk})


def test_gathering_takes_as_many_queries_for_many_texts_as_for_few(council, queries_do_not_grow):
    rd.recommendation(council, "a", n=0, reports=[("KZ", rd.IN_PROGRESS, 10)], stand_aside="TM", reason="Причина")

    def gather():
        document_prepare(kind="compendium", parameters={"working_group": council.groups["a"].pk}, language="en")

    def grow():
        for n in range(1, 5):
            rd.recommendation(
                council,
                "a",
                n=n,
                states=("KZ", "KG", "UZ"),
                reports=[("KZ", rd.IN_PROGRESS, 10 * n), ("UZ", rd.IMPLEMENTED, 100)],
                stand_aside="TJ",
                reason="Причина",
                versions=[(rd.texts(n + 1), "Правка")],
            )

    queries_do_not_grow(gather, at_most=12, grow=grow)


def test_text_people_typed_makes_the_renderer_fetch_nothing(council, tmp_path):
    canary_file = tmp_path / "canary.png"
    canary_file.write_bytes(b"LEAKED-FROM-FILE")
    with rd.CanaryServer() as server:

        def evil(where):
            return rd.hostile(server.base, canary_file.as_uri(), where)

        hostile_texts = rd.texts(0) | {
            "title_ru": f'<img src="file:///etc/passwd"><link rel=stylesheet href="{server.base}/t.css">',
            "text_ru": evil("text-ru"),
            "text_en": evil("text-en"),
            "text_uz": evil("text-uz"),
        }
        rd.recommendation(
            council,
            "a",
            texts_=hostile_texts,
            versions=[(hostile_texts | {"text_ru": evil("text-v2")}, evil("version-reason")[:400])],
            stand_aside="TM",
            reason=evil("position-reason"),
            reports=[("KZ", rd.IN_PROGRESS, 10)],
            narrative=evil("narrative"),
        )
        for variant in ("accessible", "archival"):
            fetcher = rendering.url_fetcher()
            for language in ("ru", "uz"):
                _prepared, rendered = _pdf(language=language, variant=variant, fetcher=fetcher)
                text = text_of(rendered.pdf)
                assert "LEAKED" not in text
                assert '<img src="file:///etc/passwd">' in text  # a title typed as HTML shows as text
                files = embedded_files(rendered.pdf)
                assert list(files) == ([] if variant == "accessible" else ["report-data.json"])
            assert fetcher.served
            assert all(url.startswith((rendering.static_url(""), "data:")) for url in fetcher.served), fetcher.served
        assert server.connections == [] and server.requests == []


def test_the_first_page_matches_the_reference(db, seeded, frozen):
    from demo.recommendations import seed_recommendations

    assert seed_recommendations()
    # In English: the reference stays right when the lead compiles the Russian and Uzbek catalogues.
    _prepared, rendered = _pdf(language="en")

    matches_reference(rendered.pdf, "compendium")


def test_a_year_of_publication_is_that_of_the_councils_seat(council, frozen):
    """Published on 31 December at 20:00 UTC is 1 January in Tashkent: it counts for the new year."""
    frozen.move_to(datetime.datetime(2025, 12, 31, 20, 0, tzinfo=datetime.UTC))
    rec = rd.recommendation(council, "a", n=0)

    def codes(year):
        prepared = document_prepare(kind="compendium", parameters={"year": year}, language="en")
        return [r["code"] for g in prepared.gathered.data["groups"] for r in g["recommendations"]]

    assert codes(2026) == [rec.code]
    assert codes(2025) == []
