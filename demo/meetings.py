"""Demo meetings from the public news items (shared/seeds), plus one upcoming working-group meeting.

Like the council's demo data, this only adds what is missing. Participants are the fictional demo people.
"""

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from council.models import Access, Body, Membership, Organisation, User
from demo import facts
from demo.council import secretary
from meetings import services
from meetings.models import AgendaItem, Attendance, Meeting

# Short names for the models' choices in the specs below.
Kind, Status, Format = Meeting.Kind, Meeting.Status, Meeting.Format

UPCOMING_TITLE_EN = "Working group B: psychosocial care for returned women and children"


def _at(day: datetime.date, hour: int, minute: int, zone: str) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zoneinfo.ZoneInfo(zone))


Texts = tuple[str, str, str]  # Russian, English, Uzbek


@dataclass(frozen=True, kw_only=True)
class MeetingSpec:
    """One demo meeting: what `_create` gives the services, and how far its life goes (`status`)."""

    title: Texts
    description: Texts
    kind: Meeting.Kind
    bodies: list[str]  # codes of the bodies
    start: tuple[datetime.date, int, int]  # day, hour, minute in `zone`
    hours: int
    zone: str
    city: Texts
    country: Texts
    organisers: list[str]  # acronyms or English names of organisations
    co_organisers: list[str]
    expected: int | None
    status: Meeting.Status  # scheduled, held or minutes approved
    access: Access = field(default=Access.COUNCIL)
    format: Meeting.Format = field(default=Format.IN_PERSON)
    online_url: str = ""
    interpretation: str = "синхронный перевод / simultaneous interpretation"
    minutes: str = ""
    rsvp_deadline: datetime.datetime | None = None
    agenda: list = field(default_factory=list)  # items: (Russian, English, [(Russian, English) of sub-items])


def _orgs(*keys: str) -> list[Organisation]:
    return list(Organisation.objects.filter(acronym_en__in=keys)) + list(Organisation.objects.filter(name_en__in=keys))


PAST = [
    MeetingSpec(
        title=(
            "Первое заседание Регионального экспертного совета",
            "First meeting of the Regional Expert Council",
            "Mintaqaviy ekspert kengashining birinchi yigʻilishi",
        ),
        description=(
            "Запуск деятельности Совета; принятие «Дорожной карты» сотрудничества между Республикой Узбекистан "
            "и КТУ ООН на 2024–2025 годы. Более 100 участников.",
            "Launch of the council; adoption of the 2024–2025 roadmap of cooperation between Uzbekistan and "
            "UNOCT. Over 100 participants.",
            "",
        ),
        kind=Kind.PLENARY,
        bodies=["council", "ec"],
        start=(datetime.date(2024, 5, 14), 10, 0),
        hours=6,
        zone="Asia/Tashkent",
        city=("Ташкент", "Tashkent", "Toshkent"),
        country=("Узбекистан", "Uzbekistan", "Oʻzbekiston"),
        organisers=["ISRS"],
        co_organisers=["UNOCT"],
        expected=100,
        status=Status.MINUTES_APPROVED,
        minutes=(
            "Совет начал работу. Утверждена структура: Исполнительный комитет и четыре рабочие группы (a–d). "
            "Принята «Дорожная карта» сотрудничества Узбекистана и КТУ ООН на 2024–2025 годы: совместные "
            "тренинги, конференции, техническое, консультативное и финансовое содействие."
        ),
        agenda=[
            ("Открытие заседания", "Opening of the meeting", []),
            (
                "Запуск Регионального экспертного совета",
                "Launch of the Regional Expert Council",
                [
                    (
                        "Структура: Исполнительный комитет и рабочие группы",
                        "Structure: executive committee and working groups",
                    ),
                ],
            ),
            ("Дорожная карта Узбекистан — КТУ ООН на 2024–2025 годы", "Uzbekistan–UNOCT roadmap 2024–2025", []),
        ],
    ),
    MeetingSpec(
        title=(
            "Вторая встреча рабочих групп Регионального экспертного совета",
            "Second meeting of the working groups of the Regional Expert Council",
            "Ishchi guruhlarning ikkinchi uchrashuvi",
        ),
        description=(
            "Лучшие практики в реализации программ реабилитации и реинтеграции, в том числе инициативы "
            "гражданского общества; рекомендации по сотрудничеству гражданских структур, правительств и "
            "международных организаций. Около 40 участников.",
            "Good practice in rehabilitation and reintegration programmes, including civil-society-led "
            "initiatives; recommendations on cooperation between civil society, governments and international "
            "organisations. About 40 participants.",
            "",
        ),
        kind=Kind.WORKING_GROUP,
        bodies=["a", "b", "c", "d"],
        start=(datetime.date(2024, 11, 27), 9, 30),
        hours=4,
        zone="Asia/Tashkent",
        city=("Ташкент", "Tashkent", "Toshkent"),
        country=("Узбекистан", "Uzbekistan", "Oʻzbekiston"),
        organisers=["ISRS"],
        co_organisers=["OSCE", "UNOCT", "UNRCCA"],
        expected=40,
        status=Status.HELD,
        minutes="",
        agenda=[
            (
                "Лучшие практики программ реабилитации и реинтеграции",
                "Good practice in rehabilitation and reintegration programmes",
                [
                    ("Инициативы гражданского общества", "Civil-society-led initiatives"),
                ],
            ),
            ("Рекомендации по сотрудничеству", "Recommendations on cooperation", []),
        ],
    ),
    MeetingSpec(
        title=(
            "Конференция «Участие местных сообществ в противодействии радикализации»",
            "Conference “Participation of local communities in countering radicalisation”",
            "“Mahalliy jamoalarning radikallashuvga qarshi kurashdagi ishtiroki” konferensiyasi",
        ),
        description=(
            "Роль махалли в психологической адаптации, обучении и трудоустройстве репатриантов; обмен опытом "
            "Центральной Азии, Балкан и других регионов.",
            "The mahalla's role in returnees' psychological adaptation, training and employment; exchange of "
            "experience between Central Asia, the Balkans and other regions.",
            "",
        ),
        kind=Kind.CONFERENCE,
        bodies=["council"],
        start=(datetime.date(2024, 11, 27), 14, 30),
        hours=3,
        zone="Asia/Tashkent",
        city=("Ташкент", "Tashkent", "Toshkent"),
        country=("Узбекистан", "Uzbekistan", "Oʻzbekiston"),
        organisers=["ISRS"],
        co_organisers=["UNOCT", "UNRCCA", "OSCE"],
        expected=60,
        status=Status.HELD,
        access=Access.PUBLIC,
        minutes="",
        agenda=[
            ("Институт махалли и реинтеграция", "The mahalla and reintegration", []),
            ("Опыт Балкан: Atlantic Initiative", "Experience of the Balkans: Atlantic Initiative", []),
            ("Выступления IIJ и GCERF", "Statements by IIJ and GCERF", []),
        ],
    ),
    MeetingSpec(
        title=(
            "Брифинг высокого уровня в Центральных учреждениях ООН",
            "High-level briefing at United Nations Headquarters",
            "BMT Bosh qarorgohida yuqori darajadagi brifing",
        ),
        description=("", "", ""),
        kind=Kind.BRIEFING,
        bodies=["council", "ec"],
        start=(datetime.date(2024, 12, 10), 10, 0),
        hours=2,
        zone="America/New_York",
        city=("Нью-Йорк", "New York", "Nyu-York"),
        country=("США", "United States", "AQSH"),
        organisers=["UNOCT"],
        co_organisers=["ISRS"],
        expected=None,
        status=Status.HELD,
        access=Access.PARTNERS,
        minutes="",
        agenda=[
            ("Итоги первого года работы Совета", "The council's first year", []),
        ],
    ),
]


def _create(spec: MeetingSpec, *, by) -> Meeting | None:
    title_ru, title_en, title_uz = spec.title
    if Meeting.objects.filter(title_en=title_en).exists():
        return None
    day, hour, minute = spec.start
    starts = _at(day, hour, minute, spec.zone)
    description = spec.description
    meeting = Meeting(
        kind=spec.kind,
        title=title_ru,
        title_ru=title_ru,
        title_en=title_en,
        title_uz=title_uz,
        description_ru=description[0],
        description_en=description[1],
        description_uz=description[2],
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=spec.hours),
        timezone=spec.zone,
        format=spec.format,
        online_url=spec.online_url,
        venue_city_ru=spec.city[0],
        venue_city_en=spec.city[1],
        venue_city_uz=spec.city[2],
        venue_country_ru=spec.country[0],
        venue_country_en=spec.country[1],
        venue_country_uz=spec.country[2],
        working_languages="русский, English",
        interpretation=spec.interpretation,
        access=spec.access,
        participants_expected=spec.expected,
        minutes=spec.minutes,
        rsvp_deadline=spec.rsvp_deadline,
    )
    services.meeting_create(
        meeting=meeting,
        bodies=Body.objects.filter(code__in=spec.bodies),
        organisers=_orgs(*spec.organisers),
        co_organisers=_orgs(*spec.co_organisers),
        by=by,
    )
    for order, (ru, en, subitems) in enumerate(spec.agenda, start=1):
        item = services.agenda_item_add(
            item=AgendaItem(meeting=meeting, order=order, title=ru, title_ru=ru, title_en=en), by=by
        )
        for sub_order, (sub_ru, sub_en) in enumerate(subitems, start=1):
            services.agenda_item_add(
                item=AgendaItem(
                    meeting=meeting, parent=item, order=sub_order, title=sub_ru, title_ru=sub_ru, title_en=sub_en
                ),
                by=by,
            )
    services.meeting_transition(meeting=meeting, to=Status.SCHEDULED, by=by)
    if spec.status in (Status.HELD, Status.MINUTES_APPROVED):
        services.meeting_transition(meeting=meeting, to=Status.HELD, by=by)
        members = User.objects.filter(
            memberships__in=Membership.objects.active_on(day).filter(body__in=meeting.bodies.all())
        ).distinct()
        for n, person in enumerate(members):
            status = Attendance.Status.EXCUSED if n % 7 == 3 else Attendance.Status.PRESENT
            services.attendance_record(meeting=meeting, person=person, status=status, by=by)
    if spec.status == Status.MINUTES_APPROVED:
        services.minutes_approve(meeting=meeting, by=by)
    return meeting


def _upcoming(*, by) -> Meeting | None:
    """A working-group meeting three weeks ahead, with invitations ready to send from the admin."""
    if Meeting.objects.filter(title_en=UPCOMING_TITLE_EN).exists():
        return None
    day = timezone.localdate() + datetime.timedelta(days=21)
    spec = MeetingSpec(
        title=(
            "Рабочая группа B: психосоциальная помощь возвращённым женщинам и детям",
            UPCOMING_TITLE_EN,
            "B ishchi guruhi: qaytgan ayollar va bolalarga psixologik-ijtimoiy yordam",
        ),
        description=(
            "Обсуждение проекта рекомендаций о психосоциальной помощи и возвращении детей в школу.",
            "Discussion of the draft recommendations on psychosocial care and children's return to school.",
            "",
        ),
        kind=Kind.WORKING_GROUP,
        bodies=["b"],
        start=(day, 10, 0),
        hours=4,
        zone="Asia/Almaty",
        city=("Алматы", "Almaty", "Olmaota"),
        country=("Казахстан", "Kazakhstan", "Qozogʻiston"),
        format=Format.HYBRID,
        online_url="https://meet.example.org/rec-wg-b",
        organisers=["ISRS"],
        co_organisers=["UNOCT", "GCERF"],
        expected=12,
        status=Status.SCHEDULED,
        access=Access.BODY,
        rsvp_deadline=_at(day - datetime.timedelta(days=7), 18, 0, "Asia/Almaty"),
        agenda=[
            ("Открытие и утверждение повестки", "Opening and adoption of the agenda", []),
            (
                "Проект рекомендаций WG-B",
                "Draft recommendations of WG-B",
                [
                    ("Психосоциальная помощь женщинам и детям", "Psychosocial care for women and children"),
                    ("Возвращение детей в школу", "Children's return to school"),
                ],
            ),
            ("Разное", "Any other business", []),
        ],
    )
    meeting = _create(spec, by=by)
    members = User.objects.filter(memberships__in=Membership.objects.active_on(day).filter(body__code="b")).distinct()
    for person in members:
        services.invitation_add(meeting=meeting, person=person, name=person.full_name_latin, by=by)
    services.invitation_add(
        meeting=meeting, email=f"guest.expert@{facts.EMAIL_DOMAIN}", name="Guest Expert", language="en", by=by
    )
    return meeting


@transaction.atomic
def seed_meetings() -> int:
    """The past meetings of the public facts and an upcoming one; returns how many were added."""
    by = secretary()
    created = sum(1 for spec in PAST if _create(spec, by=by))
    created += 1 if _upcoming(by=by) else 0
    return created
