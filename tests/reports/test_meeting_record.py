"""The record of a meeting as a PDF: what it says, in which order, for whom, and that it can fetch nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from council.reporting import Audience, builder_get
from meetings.models import Meeting
from reports.documents import DATA_FILE_NAME, document_html, document_pdf, document_prepare
from reports.rendering import static_url, url_fetcher
from tests.reports import meeting_data
from tests.reports.meeting_data import RECORDED, RESERVATION, build_meeting
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
from tests.reports.test_rendering import canary_dir, canary_server, opened_paths  # noqa: F401 - fixtures

KIND = "meeting_record"


def _record(meeting, language="en", variant="accessible", fetcher=None):
    prepared = document_prepare(kind=KIND, parameters={"meeting": meeting.pk}, language=language, variant=variant)
    rendered = document_pdf(prepared, html=document_html(prepared, generated=RECORDED), fetcher=fetcher)
    return prepared, rendered.pdf


# Parameters ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_meeting_is_given_by_its_number_as_an_int_or_a_string_of_digits():
    meeting = build_meeting().meeting
    clean = builder_get(KIND).clean

    assert clean({"meeting": meeting.pk}) == {"meeting": meeting.pk}
    assert clean({"meeting": str(meeting.pk)}) == {"meeting": meeting.pk}


@pytest.mark.django_db
@pytest.mark.parametrize("value", [None, "", "abc", "1.5", "-3", -3, 0, True, 1.0, [1], {"id": 1}, "１２"])
def test_a_malformed_meeting_number_is_refused_with_a_clear_message(value):
    with pytest.raises(ValidationError) as error:
        builder_get(KIND).clean({"meeting": value})

    assert error.value.messages == ["Give the number of a meeting (e.g. 12)."]


@pytest.mark.django_db
@pytest.mark.parametrize("value", [987654, "987654", 2**63, str(10**30)])
def test_an_unknown_meeting_is_refused_naming_the_number(value):
    with pytest.raises(ValidationError) as error:
        builder_get(KIND).clean({"meeting": value})

    assert error.value.messages == [f"There is no meeting number {int(value)}."]


@pytest.mark.django_db
def test_a_missing_meeting_is_refused():
    with pytest.raises(ValidationError):
        builder_get(KIND).clean({})


# What it says, in which order ------------------------------------------------------------------------------

EXPECTED = {
    "ru": [
        meeting_data.MEETING_TITLES["ru"],
        "Рабочая группа A",
        "12 марта 2025, 09:30–14:00",
        "Открытие заседания и утверждение повестки",
        "2.1 Доступ к правосудию для вернувшихся",
        "Казахстан",
        "Айгерим Сапарова",
        "Гулноза Тошпулатова",
        "Эмили Картер",
        "Guest Expert",
        "WG-A/2025/01",
        "Доступ к правосудию для вернувшихся",
        "WG-A/2025/02",
        "Заседание открыл председатель группы.",
        "Oʻzbekiston и Gʻarb",
        "Information note",
        RESERVATION,
        meeting_data.OBJECTION,
    ],
    "en": [
        meeting_data.MEETING_TITLES["en"],
        "Working group A",
        "12 March 2025, 09:30–14:00",
        "Opening and adoption of the agenda",
        "2.1 Access to justice for returnees",
        "Kazakhstan",
        "Aigerim Saparova",
        "Gʻulnoza Toʻshpoʻlatova",
        "Emily Carter",
        "WG-A/2025/01: Access to justice for returnees",
        "Outcome: adopted.",
        "WG-A/2025/02: Citizenship of children born abroad",
        "Outcome: blocked.",
        "Minutes",
        "Заседание открыл председатель группы.",
        "Documents",
        "Information note",
        "Annex: reservations and formal objections",
        RESERVATION,
    ],
    "uz": [
        meeting_data.MEETING_TITLES["uz"],
        "A ishchi guruhi",
        "Yigʻilishni ochish va kun tartibini tasdiqlash",
        "Qozogʻiston",
        "Aigerim Saparova",
        "Qirgʻiziston",
        "Oʻzbekiston",
        "Gʻulnoza Toʻshpoʻlatova",
        "WG-A/2025/01",
        "Qaytganlar uchun odil sudlovdan foydalanish imkoniyati",
        # No Uzbek title: the authoritative Russian one, marked as Russian.
        "WG-A/2025/02: Гражданство детей, рождённых за рубежом",
        "Заседание открыл председатель группы.",
        "Information note",
        RESERVATION,
    ],
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "en", "uz"])
def test_the_record_says_everything_in_the_language_asked_for_in_its_order(language):
    built = build_meeting()

    _prepared, pdf = _record(built.meeting, language)

    text = text_of(pdf)
    missing = [needle for needle in EXPECTED[language] if needle not in text]
    assert missing == []
    assert in_order(text, *EXPECTED[language])
    assert "Oʻzbekiston" in text and "Gʻ" in text  # U+02BB kept, not a look-alike


@pytest.mark.django_db
def test_the_cover_comes_first_and_the_sections_follow_in_the_order_of_a_record():
    built = build_meeting()

    _prepared, pdf = _record(built.meeting, "en")

    text = text_of(pdf)
    cover = text.split("\f")[0]
    assert meeting_data.MEETING_TITLES["en"] in cover and "Agenda" not in cover
    assert in_order(
        text,
        "Meeting record",
        "Agenda",
        "Participants",
        "Decisions",
        "Minutes",
        "Documents",
        "Annex: reservations and formal objections",
    )
    assert outline_titles(pdf) == [
        meeting_data.MEETING_TITLES["en"],
        "Agenda",
        "Participants",
        "Decisions",
        "WG-A/2025/01: Access to justice for returnees",
        "WG-A/2025/02: Citizenship of children born abroad",
        "Minutes",
        "Documents",
        "Annex: reservations and formal objections",
    ]


@pytest.mark.django_db
def test_the_meeting_is_dated_in_its_venues_time_zone():
    built = build_meeting()
    Meeting.objects.filter(pk=built.meeting.pk).update(timezone="America/New_York")

    prepared, pdf = _record(built.meeting, "en")

    # 09:30 in Tashkent (UTC+5) is 00:30 in New York (UTC-4 in March).
    assert prepared.gathered.data["meeting"]["dates"] == "12 March 2025, 00:30–05:00"
    assert "12 March 2025, 00:30–05:00 (time in America/New_York)" in text_of(pdf)


@pytest.mark.django_db
def test_participants_are_grouped_by_member_state_then_organisation_with_their_attendance():
    built = build_meeting()

    prepared, pdf = _record(built.meeting, "en")

    groups = prepared.gathered.data["participants"]["groups"]
    assert [group["name"] for group in groups] == [
        "Kazakhstan",
        "Kyrgyzstan",
        "Tajikistan",
        "Turkmenistan",
        "Uzbekistan",
        "United Nations Office of Counter-Terrorism",
        "Other participants",
    ]
    turkmenistan = groups[3]["people"]
    assert turkmenistan == [
        {
            "name": "Mergen Ataturov",
            "organisation": "",
            "answer": "no answer yet",
            "attendance": "excused",
            "present": False,
        }
    ]
    assert prepared.gathered.data["participants"]["present"] == 5
    assert "Mergen Ataturov — no answer yet excused" in text_of(pdf)


@pytest.mark.django_db
def test_the_fonts_are_the_shipped_ones_embedded():
    built = build_meeting()

    _prepared, pdf = _record(built.meeting, "uz")

    fonts = fonts_of(pdf)
    assert fonts and all(fonts.values()), fonts
    assert {name.split("+", 1)[-1] for name in fonts} <= {
        "/Report-Sans",
        "/Report-Sans-Bold",
        "/Report-Sans-Italic",
        "/Report-Sans-BoldItalic",
    } | {"Report-Sans", "Report-Sans-Bold", "Report-Sans-Italic", "Report-Sans-BoldItalic"}


# Variants ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_accessible_variant_is_pdf_ua_and_carries_no_file():
    built = build_meeting()

    _prepared, pdf = _record(built.meeting, "ru", "accessible")

    assert pdf_conformance(pdf).get("pdfuaid:part") == "1"
    assert embedded_files(pdf) == {}


@pytest.mark.django_db
def test_the_archival_variant_carries_the_figures_shown_on_its_pages():
    built = build_meeting()

    prepared, pdf = _record(built.meeting, "en", "archival")

    assert pdf_conformance(pdf)["pdfaid:part"] == "3"
    assert list(embedded_files(pdf)) == [DATA_FILE_NAME]
    embedded = embedded_data(pdf)
    assert embedded["data"] == prepared.gathered.data
    text = text_of(pdf)
    decisions = embedded["data"]["decisions"]
    assert [d["code"] for d in decisions] == ["WG-A/2025/01", "WG-A/2025/02"]
    for decision in decisions:
        for row in decision["tally"]:
            assert f"{row['state']} {' '.join(map(str, row['counts']))}" in text
        assert f"Total {' '.join(map(str, decision['totals']))}" in text
    assert decisions[0]["totals"] == [4, 1, 0]  # the Uzbek member stood aside
    assert decisions[1]["totals"] == [4, 0, 1]  # the Kyrgyz member objected
    assert {"Uzbekistan 0 1 0", "Kyrgyzstan 0 0 1"} <= {
        f"{row['state']} {' '.join(map(str, row['counts']))}" for d in decisions for row in d["tally"]
    }
    assert [(entry["kind"], entry["state"], entry["reason"]) for entry in embedded["data"]["annex"]] == [
        ("stand aside (reservation)", "Uzbekistan", RESERVATION),
        ("formal objection", "Kyrgyzstan", meeting_data.OBJECTION),
    ]


# Draft and frozen -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_record_is_a_draft_until_the_minutes_are_approved():
    built = build_meeting(approved=False)

    prepared, pdf = _record(built.meeting, "en")

    assert prepared.gathered.data["draft"] is True
    assert prepared.gathered.frozen is False
    text = text_of(pdf)
    assert "Draft: the minutes of this meeting have not been approved yet" in text.split("\f")[0]
    assert all("DRAFT" in page for page in text.split("\f"))


@pytest.mark.django_db
def test_once_the_minutes_are_approved_the_record_is_final_and_frozen():
    built = build_meeting(approved=True)

    prepared, pdf = _record(built.meeting, "en")

    assert prepared.gathered.data["draft"] is False
    assert prepared.gathered.frozen is True
    text = text_of(pdf)
    assert "DRAFT" not in text and "Draft:" not in text
    assert "The minutes were approved on 14 March 2025." in text


# Who may read it ----------------------------------------------------------------------------------------------


def _gathered(meeting):
    return document_prepare(kind=KIND, parameters={"meeting": meeting.pk}, language="en").gathered


@pytest.mark.django_db
@pytest.mark.parametrize("access", ["public", "partners", "council", "body"])
def test_a_published_meetings_record_is_for_the_members_of_its_bodies_and_its_invitees(access):
    built = build_meeting(access=access)

    gathered = _gathered(built.meeting)

    assert gathered.audience == Audience(level="body", body_ids={built.group.pk}, meeting_id=built.meeting.pk)


@pytest.mark.django_db
def test_a_secretariat_meetings_record_stays_with_the_secretariat_and_its_invitees():
    built = build_meeting(access="secretariat")

    audience = _gathered(built.meeting).audience

    assert (audience.level, audience.meeting_id, audience.person_id) == ("secretariat", built.meeting.pk, None)


@pytest.mark.django_db
def test_a_draft_meetings_record_is_the_secretariats_alone():
    built = build_meeting(approved=False)
    Meeting.objects.filter(pk=built.meeting.pk).update(status=Meeting.Status.DRAFT)

    assert _gathered(built.meeting).audience == Audience(level="secretariat")


@pytest.mark.django_db
def test_what_its_readers_may_not_see_is_left_out_rather_than_hiding_the_record():
    built = build_meeting()

    data = _gathered(built.meeting).data

    # The body-level draft is not named: the record also goes to invitees from outside the group, who do not see
    # it on the meeting page; the secretariat's budget note neither.
    assert [d["title"] for d in data["documents"]] == ["Information note"]
    assert [d["code"] for d in data["decisions"]] == [built.adopted.code, built.blocked.code]  # not group B's draft


@pytest.mark.django_db
def test_the_secretariats_record_of_a_draft_meeting_holds_everything():
    built = build_meeting(approved=False)
    Meeting.objects.filter(pk=built.meeting.pk).update(status=Meeting.Status.DRAFT)

    data = _gathered(built.meeting).data

    assert "Secretariat-only budget note" in [d["title"] for d in data["documents"]]
    assert len(data["decisions"]) == 3


# Queries -------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_gathering_takes_as_many_queries_whatever_the_number_of_rows(queries_do_not_grow):
    built = build_meeting()

    def gather():
        with translation.override("en"):
            builder_get(KIND).gather({"meeting": built.meeting.pk})

    queries_do_not_grow(gather, at_most=16, grow=lambda: meeting_data.grow(built))
    assert len(_gathered(built.meeting).data["decisions"]) == 4


# Canaries ------------------------------------------------------------------------------------------------------


def hostile_texts(server, folder) -> dict[str, str]:
    """What people type, in every field the record shows, each referring to the canaries in another way."""
    web = f"http://127.0.0.1:{server.server_address[1]}"
    file = folder.as_uri()
    return {
        "title": f'T <img src="{file}/canary.png"><link rel=stylesheet href="{web}/title.css">',
        "agenda_title": f'A <img src="file:///etc/passwd"><a rel="attachment" href="{file}/canary.png">x</a>',
        "agenda_description": f'<style>@import url("{web}/desc.css"); p {{ background: url({web}/d.png) }}</style>',
        "minutes": f'M <link rel=stylesheet href="{web}/minutes.css"><img src="{web}/minutes.png">'
        f'<p style="background: url({file}/canary.png)">m</p>',
        # A name holds 200 characters: the canaries that fit.
        "participant": f'P <img src="{web}/name.png"><a rel="attachment" href="file:///etc/passwd">n</a>',
        "document": f'D <object data="{web}/doc.png"></object><svg><image href="{web}/doc-svg.png"/></svg>',
        "reason": f'R <img src="{file}/canary.svg"><link rel="stylesheet" href="{web}/reason.css">'
        f'<a rel="attachment" href="file:///etc/passwd">a</a> url({web}/reason-url.png)',
    }


@pytest.mark.django_db
@pytest.mark.parametrize("variant", ["accessible", "archival"])
def test_text_typed_by_people_makes_the_server_fetch_nothing(variant, canary_server, canary_dir, opened_paths):  # noqa: F811
    typed = hostile_texts(canary_server, canary_dir)
    built = build_meeting(typed=typed)
    fetcher = url_fetcher()

    prepared, pdf = _record(built.meeting, "en", variant, fetcher=fetcher)

    assert canary_server.connections == [] and canary_server.requests == []
    assert [path for path in opened_paths if canary_dir.name in path or path == "/etc/passwd"] == []
    assert fetcher.refused == []  # escaped text names nothing WeasyPrint would ask for
    assert fetcher.served and all(url.startswith((static_url(""), "data:")) for url in fetcher.served)
    files = embedded_files(pdf)
    assert list(files) == ([DATA_FILE_NAME] if variant == "archival" else [])
    text = text_of(pdf)
    # The typed markup is shown as text, where it was typed.
    assert '<img src="file:///etc/passwd">' in text
    assert f'<link rel=stylesheet href="http://127.0.0.1:{canary_server.server_address[1]}/minutes.css">' in text
    assert "LEAKED" not in text
    assert prepared.gathered.data["annex"][0]["reason"] == typed["reason"]


# The first page ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_first_page_looks_like_the_reference():
    built = build_meeting()

    _prepared, pdf = _record(built.meeting, "en")

    matches_reference(pdf, "meeting_record")
