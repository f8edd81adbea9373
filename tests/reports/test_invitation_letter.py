"""An invitee's letter as a PDF: for visas and travel approval, personal, in their language, fetching nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from council.reporting import Audience, builder_get
from meetings.models import Meeting
from meetings.reports import invitation_letter_language
from reports.documents import DATA_FILE_NAME, document_html, document_pdf, document_prepare
from reports.rendering import static_url, url_fetcher
from tests import factories
from tests.reports import meeting_data
from tests.reports.meeting_data import RECORDED, build_meeting
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

KIND = "invitation_letter"


def _letter(invitation, language="en", variant="accessible", fetcher=None):
    prepared = document_prepare(kind=KIND, parameters={"invitation": invitation.pk}, language=language, variant=variant)
    rendered = document_pdf(prepared, html=document_html(prepared, generated=RECORDED), fetcher=fetcher)
    return prepared, rendered


def _uzbek_member(built):
    return next(i for i in built.invitations if i.person_id == built.members[-1].pk)


# Parameters ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_invitation_is_given_by_its_number_as_an_int_or_a_string_of_digits():
    invitation = build_meeting().guest
    clean = builder_get(KIND).clean

    assert clean({"invitation": invitation.pk}) == {"invitation": invitation.pk}
    assert clean({"invitation": f" {invitation.pk} "}) == {"invitation": invitation.pk}


@pytest.mark.django_db
@pytest.mark.parametrize("value", [None, "", "x1", "1e3", 0, -1, False, 2.0, "٣"])
def test_a_malformed_invitation_number_is_refused_with_a_clear_message(value):
    with pytest.raises(ValidationError) as error:
        builder_get(KIND).clean({"invitation": value})

    assert error.value.messages == ["Give the number of an invitation (e.g. 12)."]


@pytest.mark.django_db
def test_an_unknown_invitation_is_refused_naming_the_number():
    with pytest.raises(ValidationError) as error:
        builder_get(KIND).clean({"invitation": "424242"})

    assert error.value.messages == ["There is no invitation number 424242."]


@pytest.mark.django_db
def test_the_message_is_in_the_language_of_the_person_asking():
    with translation.override("ru"), pytest.raises(ValidationError) as error:
        builder_get(KIND).clean({"invitation": "424242"})

    # Translated once the lead has merged the catalogues; never a message without the number.
    assert "424242" in error.value.messages[0]


# What it says ----------------------------------------------------------------------------------------------

EXPECTED = {
    "ru": [
        "Региональный экспертный совет",
        "REC/2025/",
        "14 марта 2025",
        "Гулноза Тошпулатова",
        "Начальник отдела",
        "Министерство юстиции",
        "Узбекистан",
        meeting_data.MEETING_TITLES["ru"],
        "12 марта 2025, 09:30–14:00",
        "ISRS, 15 Mustaqillik Avenue, Ташкент, Узбекистан",
        "ISRS; КТУ ООН",
    ],
    "en": [
        "Regional Expert Council on the Rehabilitation and Reintegration of Returnees",
        "Reference: REC/2025/",
        "14 March 2025",
        "Gʻulnoza Toʻshpoʻlatova",
        "Ministry of Justice",
        "Uzbekistan",
        "Invitation letter",
        "Dear Gʻulnoza Toʻshpoʻlatova,",
        "to take part in the meeting “" + meeting_data.MEETING_TITLES["en"],
        "12 March 2025, 09:30–14:00 (time in Asia/Tashkent)",
        "in ISRS, 15 Mustaqillik Avenue, Tashkent, Uzbekistan.",
        "entry visa",
        "travelling to Tashkent",
        "Yours sincerely,",
        "Head of the Secretariat",
        "The secretariat of the Regional Expert Council",
    ],
    "uz": [
        "REC/2025/",
        "Gʻulnoza Toʻshpoʻlatova",
        "Adliya vazirligi",
        "Oʻzbekiston",
        meeting_data.MEETING_TITLES["uz"],
        "Toshkent, Oʻzbekiston",
        "Mintaqaviy ekspert kengashi kotibiyati",
    ],
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "en", "uz"])
def test_the_letter_says_who_is_invited_to_what_when_and_where_on_one_page(language):
    built = build_meeting()

    _prepared, rendered = _letter(_uzbek_member(built), language)

    text = text_of(rendered.pdf)
    assert [needle for needle in EXPECTED[language] if needle not in text] == []
    assert in_order(text, *EXPECTED[language])
    assert rendered.pages == 1
    assert outline_titles(rendered.pdf) == [_kind_label(language)]


def _kind_label(language):
    from reports.models import ReportKind

    with translation.override(language):
        return str(ReportKind.INVITATION_LETTER.label)


@pytest.mark.django_db
def test_the_reference_is_stable_and_names_the_year_meeting_and_invitation():
    built = build_meeting()
    invitation = _uzbek_member(built)

    first = _letter(invitation, "en")[0].gathered
    again = _letter(invitation, "ru")[0].gathered

    assert first.reference == again.reference == f"REC/2025/{built.meeting.pk}/{invitation.pk}"
    assert first.data["reference"] == first.reference


@pytest.mark.django_db
def test_an_invitee_gets_their_letter_in_their_own_language_unless_asked_otherwise():
    built = build_meeting()

    assert invitation_letter_language(built.guest) == "en"
    assert invitation_letter_language(_uzbek_member(built)) == "ru"


@pytest.mark.django_db
def test_an_online_meeting_needs_no_visa_and_its_link_is_never_in_the_letter():
    built = build_meeting()
    Meeting.objects.filter(pk=built.meeting.pk).update(
        format=Meeting.Format.ONLINE, online_url="https://meet.example.org/secret-room"
    )

    prepared, rendered = _letter(_uzbek_member(built), "en")

    text = text_of(rendered.pdf)
    assert "visa" not in text
    assert "to be held online on 12 March 2025" in text
    assert "secret-room" not in text and "secret-room" not in str(prepared.gathered.data)


@pytest.mark.django_db
def test_the_signatory_comes_from_the_settings(settings):
    settings.REPORTS_SIGNATORY = {"name": "Dilnoza Karimova", "title": "Executive Secretary"}
    built = build_meeting()

    _prepared, rendered = _letter(built.guest, "en")

    assert in_order(text_of(rendered.pdf), "Yours sincerely,", "Dilnoza Karimova", "Executive Secretary")


@pytest.mark.django_db
def test_a_guest_without_an_account_is_addressed_by_the_name_on_the_invitation():
    built = build_meeting()

    prepared, rendered = _letter(built.guest, "en")

    assert prepared.gathered.data["addressee"] == {
        "name": "Guest Expert",
        "position": "",
        "organisation": "",
        "country": "",
    }
    assert "Dear Guest Expert," in text_of(rendered.pdf)


# Who may read it ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_letter_is_personal_to_its_addressee_and_the_secretariat():
    built = build_meeting()
    invitation = _uzbek_member(built)

    audience = _letter(invitation)[0].gathered.audience

    assert audience == Audience(level="secretariat", person_id=built.members[-1].pk)


@pytest.mark.django_db
def test_the_letter_of_an_invitee_without_an_account_is_the_secretariats_alone():
    built = build_meeting()

    assert _letter(built.guest)[0].gathered.audience == Audience(level="secretariat")


# Variants ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_accessible_letter_is_pdf_ua_in_the_shipped_fonts_and_carries_no_file():
    built = build_meeting()

    _prepared, rendered = _letter(_uzbek_member(built), "uz")

    assert pdf_conformance(rendered.pdf).get("pdfuaid:part") == "1"
    fonts = fonts_of(rendered.pdf)
    assert fonts and all(fonts.values()) and all("Report-Sans" in name for name in fonts), fonts
    assert embedded_files(rendered.pdf) == {}


@pytest.mark.django_db
def test_the_archival_letter_carries_what_it_shows():
    built = build_meeting()

    prepared, rendered = _letter(_uzbek_member(built), "en", "archival")

    assert pdf_conformance(rendered.pdf)["pdfaid:part"] == "3"
    data = embedded_data(rendered.pdf)["data"]
    assert data == prepared.gathered.data
    text = text_of(rendered.pdf)
    for shown in (data["reference"], data["date"], data["addressee"]["name"], data["meeting"]["dates"]):
        assert shown in text


# Queries -------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_gathering_takes_as_many_queries_whatever_the_number_of_invitees_and_organisers(queries_do_not_grow):
    built = build_meeting()
    invitation = _uzbek_member(built)

    def gather():
        with translation.override("en"):
            builder_get(KIND).gather({"invitation": invitation.pk})

    def grow():
        for _n in range(3):
            factories.InvitationFactory(meeting=built.meeting)
            built.meeting.co_organisers.add(factories.OrganisationFactory())

    queries_do_not_grow(gather, at_most=4, grow=grow)


# Canaries ------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("variant", ["accessible", "archival"])
def test_text_typed_by_people_makes_the_server_fetch_nothing(variant, canary_server, canary_dir, opened_paths):  # noqa: F811
    web = f"http://127.0.0.1:{canary_server.server_address[1]}"
    typed = {
        "title": f'T <img src="{canary_dir.as_uri()}/canary.png"><link rel=stylesheet href="{web}/t.css">',
        "participant": f'P <img src="file:///etc/passwd"><a rel="attachment" href="{canary_dir.as_uri()}/canary.css">',
    }
    built = build_meeting(typed=typed)
    fetcher = url_fetcher()

    _prepared, rendered = _letter(_uzbek_member(built), "en", variant, fetcher=fetcher)

    assert canary_server.connections == [] and canary_server.requests == []
    assert [path for path in opened_paths if canary_dir.name in path or path == "/etc/passwd"] == []
    assert fetcher.refused == []
    assert fetcher.served and all(url.startswith((static_url(""), "data:")) for url in fetcher.served)
    assert list(embedded_files(rendered.pdf)) == ([DATA_FILE_NAME] if variant == "archival" else [])
    text = text_of(rendered.pdf)
    assert 'Dear P <img src="file:///etc/passwd">' in text
    assert "LEAKED" not in text


# The first page ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_letter_looks_like_the_reference():
    built = build_meeting()

    _prepared, rendered = _letter(_uzbek_member(built), "en")

    matches_reference(rendered.pdf, "invitation_letter")
