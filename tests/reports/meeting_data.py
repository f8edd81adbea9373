"""A held meeting of a working group with everything its record shows, built from fixed fictional data.

Dates are fixed (the meeting on 12 March 2025 in Tashkent, everything recorded on 14 March 2025), so that the
documents' first pages can be compared with reference images. `extra` adds rows (agenda items, participants,
rounds, documents) for the query-count tests; `typed` replaces what people type with hostile text.
"""

import dataclasses
import datetime
import zoneinfo

import time_machine

from council.models import Body, Membership, MemberState, Organisation
from meetings import services as meeting_services
from meetings.models import AgendaItem, Attendance, Invitation, Meeting, MeetingDocument
from recommendations import services as recommendation_services
from recommendations.models import ConsensusRound, Position, Recommendation
from tests import factories

TASHKENT = zoneinfo.ZoneInfo("Asia/Tashkent")
STARTS = datetime.datetime(2025, 3, 12, 9, 30, tzinfo=TASHKENT)
RECORDED = datetime.datetime(2025, 3, 14, 11, 0, tzinfo=TASHKENT)

STATES = [
    ("KZ", "Казахстан", "Kazakhstan", "Qozogʻiston"),
    ("KG", "Кыргызстан", "Kyrgyzstan", "Qirgʻiziston"),
    ("TJ", "Таджикистан", "Tajikistan", "Tojikiston"),
    ("TM", "Туркменистан", "Turkmenistan", "Turkmaniston"),
    ("UZ", "Узбекистан", "Uzbekistan", "Oʻzbekiston"),
]
# Fictional people: (state, Cyrillic, Latin).
MEMBERS = [
    ("KZ", "Айгерим Сапарова", "Aigerim Saparova"),
    ("KG", "Бакыт Осмонов", "Bakyt Osmonov"),
    ("TJ", "Фарида Назарова", "Farida Nazarova"),
    ("TM", "Мерген Ататуров", "Mergen Ataturov"),
    ("UZ", "Гулноза Тошпулатова", "Gʻulnoza Toʻshpoʻlatova"),
]
MEETING_TITLES = {
    "ru": "Третье заседание рабочей группы A: правовые вопросы реинтеграции",
    "en": "Third session of working group A: legal questions of reintegration",
    "uz": "A ishchi guruhining uchinchi yigʻilishi: reintegratsiyaning huquqiy masalalari",
}
AGENDA = [
    (
        "Открытие заседания и утверждение повестки",
        "Opening and adoption of the agenda",
        "Yigʻilishni ochish va kun tartibini tasdiqlash",
        [],
    ),
    (
        "Проекты рекомендаций группы A",
        "Draft recommendations of group A",
        "A guruhining tavsiyalar loyihalari",
        [
            ("Доступ к правосудию для вернувшихся", "Access to justice for returnees", "Qaytganlar uchun odil sudlov"),
            ("Документы и гражданство детей", "Documents and citizenship of children", "Bolalarning hujjatlari"),
        ],
    ),
    ("Разное", "Any other business", "Turli masalalar", []),
]
MINUTES = (
    "Заседание открыл председатель группы.\n\nУчастники обсудили проекты рекомендаций WG-A и приняли "
    "рекомендацию о доступе к правосудию; Oʻzbekiston и Gʻarb — пример узбекского текста."
)
RESERVATION = "Сроки рассмотрения в нашей судебной системе — до трёх месяцев."
OBJECTION = "Требуется дополнительная проработка мер защиты участников."


@dataclasses.dataclass
class Built:
    meeting: Meeting
    group: Body
    staff: object
    members: list
    guest: Invitation
    invitations: list
    adopted: Recommendation
    blocked: Recommendation
    hidden_document: MeetingDocument


def _typed(typed: dict | None, field: str, default: str) -> str:
    return (typed or {}).get(field, default)


def build_meeting(*, approved: bool = True, typed: dict | None = None, access: str = "body") -> Built:
    """The meeting of working group A on 12 March 2025, held, with two decisions; minutes approved if asked."""
    with time_machine.travel(RECORDED, tick=False):
        return _build(approved=approved, typed=typed, access=access)


def _build(*, approved: bool, typed: dict | None, access: str) -> Built:
    from council.secretariat import secretariat_group

    states = {}
    for order, (code, ru, en, uz) in enumerate(STATES):
        states[code], _created = MemberState.objects.update_or_create(
            code=code, defaults={"name_ru": ru, "name_en": en, "name_uz": uz, "name": ru, "order": order}
        )
    council = factories.BodyFactory(kind="council", code="council", parent=None, name_en="The council")
    group = factories.BodyFactory(
        code="a",
        parent=council,
        name_ru="Рабочая группа A",
        name_en="Working group A",
        name_uz="A ishchi guruhi",
    )
    other_group = factories.BodyFactory(code="b", parent=council, name_en="Working group B")
    staff = factories.UserFactory(is_staff=True, full_name_latin="Secretariat Officer")
    staff.groups.add(secretariat_group())
    unoct = Organisation.objects.create(
        name_ru="Контртеррористическое управление ООН",
        name_en="United Nations Office of Counter-Terrorism",
        acronym_ru="КТУ ООН",
        acronym_en="UNOCT",
        kind=Organisation.Kind.INTERNATIONAL,
    )
    ministry = Organisation.objects.create(
        name_ru="Министерство юстиции",
        name_en="Ministry of Justice",
        name_uz="Adliya vazirligi",
        kind=Organisation.Kind.GOVERNMENT,
        country=states["UZ"],
    )
    members = []
    for n, (code, cyrillic, latin) in enumerate(MEMBERS):
        if n == len(MEMBERS) - 1:
            latin = _typed(typed, "participant", latin)
        person = factories.UserFactory(
            full_name_cyrillic=cyrillic,
            full_name_latin=latin,
            country=states[code],
            organisation=ministry if code == "UZ" else None,
            position="Эксперт" if code != "UZ" else "Начальник отдела",
        )
        factories.MembershipFactory(
            person=person, body=group, represents_state=states[code], term_start=datetime.date(2024, 5, 14)
        )
        members.append(person)
    observer = factories.UserFactory(
        full_name_cyrillic="Эмили Картер", full_name_latin="Emily Carter", organisation=unoct
    )
    factories.MembershipFactory(person=observer, body=group, role=Membership.Role.OBSERVER)

    meeting = factories.MeetingFactory(
        kind=Meeting.Kind.WORKING_GROUP,
        title=MEETING_TITLES["ru"],
        title_ru=_typed(typed, "title", MEETING_TITLES["ru"]),
        title_en=_typed(typed, "title", MEETING_TITLES["en"]),
        title_uz=_typed(typed, "title", MEETING_TITLES["uz"]),
        starts_at=STARTS,
        ends_at=STARTS + datetime.timedelta(hours=4, minutes=30),
        venue_city_ru="Ташкент",
        venue_city_en="Tashkent",
        venue_city_uz="Toshkent",
        venue_country_ru="Узбекистан",
        venue_country_en="Uzbekistan",
        venue_country_uz="Oʻzbekiston",
        venue_address="ISRS, 15 Mustaqillik Avenue",
        working_languages="русский, English",
        interpretation="синхронный перевод / simultaneous interpretation",
        status=Meeting.Status.HELD,
        access=access,
        bodies=[group],
    )
    meeting.organisers.add(
        Organisation.objects.create(name_en="ISRS", name_ru="ИСМИ", acronym_en="ISRS", kind="government")
    )
    meeting.co_organisers.add(unoct)
    for order, (ru, en, uz, subs) in enumerate(AGENDA, 1):
        item = AgendaItem.objects.create(
            meeting=meeting,
            order=order,
            title=ru,
            title_ru=_typed(typed, "agenda_title", ru),
            title_en=_typed(typed, "agenda_title", en),
            title_uz=_typed(typed, "agenda_title", uz),
            description_ru=_typed(typed, "agenda_description", ""),
            description_en=_typed(typed, "agenda_description", ""),
            presenters="Aigerim Saparova" if order == 2 else "",
        )
        for sub_order, (sub_ru, sub_en, sub_uz) in enumerate(subs, 1):
            AgendaItem.objects.create(
                meeting=meeting,
                parent=item,
                order=sub_order,
                title=sub_ru,
                title_ru=sub_ru,
                title_en=sub_en,
                title_uz=sub_uz,
            )
    invitations = [
        factories.InvitationFactory(meeting=meeting, person=person, language="ru") for person in [*members, observer]
    ]
    guest = factories.InvitationFactory(
        meeting=meeting, person=None, email="guest.expert@example.org", name="Guest Expert", language="en"
    )
    invitations.append(guest)
    for n, person in enumerate([*members, observer]):
        status = Attendance.Status.EXCUSED if n == 3 else Attendance.Status.PRESENT
        Attendance.objects.create(meeting=meeting, person=person, status=status, recorded_by=staff)
    Invitation.objects.filter(meeting=meeting, person__in=members[:3]).update(rsvp=Invitation.Rsvp.ACCEPTED)

    MeetingDocument.objects.create(
        meeting=meeting,
        agenda_item=meeting.agenda_items.get(order=2, parent=None),
        title=_typed(typed, "document", "Проект рекомендации WG-A о доступе к правосудию"),
        file="meetings/draft.pdf",
        language="ru",
        access="body",
    )
    MeetingDocument.objects.create(
        meeting=meeting, title="Information note", file="meetings/note.pdf", language="en", access="public"
    )
    hidden_document = MeetingDocument.objects.create(
        meeting=meeting,
        title="Secretariat-only budget note",
        file="meetings/budget.pdf",
        language="en",
        access="secretariat",
    )

    adopted = _decided(
        group,
        meeting,
        staff,
        members,
        reservation_from="UZ",
        reason=_typed(typed, "reason", RESERVATION),
        titles=(
            "Доступ к правосудию для вернувшихся",
            "Access to justice for returnees",
            "Qaytganlar uchun odil sudlovdan foydalanish imkoniyati",
        ),
    )
    blocked = _decided(
        group,
        meeting,
        staff,
        members,
        objection_from="KG",
        reason=OBJECTION,
        titles=("Гражданство детей, рождённых за рубежом", "Citizenship of children born abroad", ""),
    )
    # A draft of another group decided in this meeting would narrow the record's audience: it is left out.
    factories.MembershipFactory(person=members[0], body=other_group, represents_state=members[0].country)
    _decided(
        other_group,
        meeting,
        staff,
        [members[0]],
        titles=("Черновик группы B", "Draft of group B", ""),
    )

    meeting.minutes = _typed(typed, "minutes", MINUTES)
    meeting.save(update_fields=["minutes"])
    if approved:
        meeting_services.minutes_approve(meeting=meeting, by=staff)
    meeting.refresh_from_db()
    return Built(
        meeting=meeting,
        group=group,
        staff=staff,
        members=members,
        guest=guest,
        invitations=invitations,
        adopted=adopted,
        blocked=blocked,
        hidden_document=hidden_document,
    )


def _decided(group, meeting, staff, members, *, titles, reservation_from=None, objection_from=None, reason=""):
    ru, en, uz = titles
    recommendation = recommendation_services.recommendation_create(
        working_group=group,
        texts={"title_ru": ru, "title_en": en, "title_uz": uz, "text_ru": "Текст.", "text_en": "Text."},
        by=staff,
    )
    recommendation_services.recommendation_transition(
        recommendation=recommendation, to=Recommendation.Status.CONSULTATION, by=staff
    )
    round_ = recommendation_services.round_open(
        recommendation=recommendation, mode=ConsensusRound.Mode.MEETING, meeting=meeting, by=staff
    )
    for person in members:
        code = person.country.code
        if code == objection_from:
            kind, why = Position.Kind.OBJECTION, reason
        elif code == reservation_from:
            kind, why = Position.Kind.STAND_ASIDE, reason
        else:
            kind, why = Position.Kind.SUPPORT, ""
        recommendation_services.position_record(round_=round_, person=person, kind=kind, reason=why, by=staff)
    recommendation_services.round_close(round_=round_, by=staff)
    recommendation.refresh_from_db()
    return recommendation


def grow(built: Built, n: int = 3) -> None:
    """More of every row the record shows: agenda items, participants, attendance, documents, decisions."""
    with time_machine.travel(RECORDED, tick=False):
        meeting = built.meeting
        for k in range(n):
            item = AgendaItem.objects.create(meeting=meeting, order=10 + k, title=f"Пункт {k}", title_ru=f"Пункт {k}")
            AgendaItem.objects.create(meeting=meeting, parent=item, order=1, title=f"Подпункт {k}")
            person = factories.UserFactory(country=built.members[k % 5].country)
            factories.MembershipFactory(person=person, body=built.group, represents_state=person.country)
            factories.InvitationFactory(meeting=meeting, person=person)
            Attendance.objects.create(meeting=meeting, person=person, status=Attendance.Status.PRESENT)
            factories.InvitationFactory(meeting=meeting, person=None, email=f"guest{k}@example.org", name=f"Guest {k}")
            MeetingDocument.objects.create(meeting=meeting, title=f"Doc {k}", file=f"m/{k}.pdf", access="council")
        for k in range(2):
            _decided(
                built.group,
                meeting,
                built.staff,
                built.members,
                reservation_from="TJ",
                reason=f"Причина {k}",
                titles=(f"Рекомендация {k}", f"Recommendation {k}", ""),
            )
