"""The demo's outcome document (issue 12): the Protocol signed at the Regional Forum of the heads of the emergency
agencies of Central Asia, Cholpon-Ata, 15 August 2024 (shared/seeds, news item 004).

The forum and its protocol are public facts; the people who sign it here are FICTIONAL (the real ministers are not
named), one for each state present: Kazakhstan, Kyrgyzstan, Tajikistan, Uzbekistan. Like the rest of the demo data,
this only adds what is missing, through the services.
"""

import datetime
import zoneinfo

from django.db import transaction

from council.models import Access, Body, MemberState
from demo.council import secretary
from meetings import services
from meetings.models import Meeting, OutcomeDocument, Signatory

FORUM_TITLE_EN = "Regional Forum: meeting of the heads of the emergency agencies of Central Asia"
PROTOCOL_REFERENCE = "CA-ES/2024/01"
ZONE = "Asia/Bishkek"
DAY = datetime.date(2024, 8, 15)

PLACE = ("Чолпон-Ата", "Cholpon-Ata", "Choʻlpon-Ota")

PROTOCOL_TEXT_RU = """\
Главы чрезвычайных ведомств Республики Казахстан, Кыргызской Республики, Республики Таджикистан и Республики \
Узбекистан (далее — Стороны), собравшиеся 15 августа 2024 года в г. Чолпон-Ата на Региональный форум,

признавая общий для региона характер природных и техногенных угроз,

договорились:

1. Продолжать укрепление сотрудничества и координации действий в сфере чрезвычайного реагирования.
2. Разработать совместные меры по предупреждению и ликвидации последствий природных и техногенных катастроф.
3. Обмениваться опытом и лучшими практиками в области управления чрезвычайными ситуациями.
4. Готовить совместные проекты и программы обучения и подготовки специалистов в области безопасности.
5. Усиливать взаимодействие чрезвычайных ведомств с международными организациями.

Настоящий Протокол составлен на русском языке; текст на русском языке является аутентичным."""

PROTOCOL_TEXT_EN = """\
The heads of the emergency agencies of the Republic of Kazakhstan, the Kyrgyz Republic, the Republic of Tajikistan \
and the Republic of Uzbekistan (the Parties), meeting at the Regional Forum in Cholpon-Ata on 15 August 2024,

recognising that natural and man-made hazards are shared across the region,

have agreed:

1. To go on strengthening cooperation and the coordination of emergency response.
2. To develop joint measures to prevent natural and man-made disasters and to deal with their consequences.
3. To exchange experience and good practice in emergency management.
4. To prepare joint projects and programmes for training specialists in safety and security.
5. To strengthen the cooperation of the emergency agencies with international organisations.

This Protocol is drawn up in Russian; the Russian text is authentic."""

# (state code, fictional name, capacity in Russian, English and Uzbek)
SIGNATORIES = [
    (
        "KZ",
        "Даурен Абенов (Dauren Abenov)",
        (
            "Министр по чрезвычайным ситуациям Республики Казахстан",
            "Minister for Emergency Situations of the Republic of Kazakhstan",
            "Qozogʻiston Respublikasi Favqulodda vaziyatlar vaziri",
        ),
    ),
    (
        "KG",
        "Талант Сыдыкбеков (Talant Sydykbekov)",
        (
            "Министр чрезвычайных ситуаций Кыргызской Республики",
            "Minister for Emergency Situations of the Kyrgyz Republic",
            "Qirgʻiz Respublikasi Favqulodda vaziyatlar vaziri",
        ),
    ),
    (
        "TJ",
        "Рустам Назарзода (Rustam Nazarzoda)",
        (
            "Председатель Комитета по чрезвычайным ситуациям и гражданской обороне при Правительстве "
            "Республики Таджикистан",
            "Chairman of the Committee of Emergency Situations and Civil Defence under the Government of the "
            "Republic of Tajikistan",
            "Tojikiston Respublikasi Hukumati huzuridagi Favqulodda vaziyatlar va fuqaro muhofazasi qoʻmitasi raisi",
        ),
    ),
    (
        "UZ",
        "Жасур Каримбердиев (Jasur Karimberdiev)",
        (
            "Министр по чрезвычайным ситуациям Республики Узбекистан",
            "Minister for Emergency Situations of the Republic of Uzbekistan",
            "Oʻzbekiston Respublikasi Favqulodda vaziyatlar vaziri",
        ),
    ),
]


def _at(hour: int) -> datetime.datetime:
    return datetime.datetime(DAY.year, DAY.month, DAY.day, hour, 0, tzinfo=zoneinfo.ZoneInfo(ZONE))


def _forum(*, by) -> Meeting:
    """The forum as a held public conference (made here: the meetings' demo data does not hold it)."""
    found = Meeting.objects.filter(title_en=FORUM_TITLE_EN).first()
    if found is not None:
        return found
    meeting = Meeting(
        kind=Meeting.Kind.CONFERENCE,
        title="Региональный форум: совещание глав чрезвычайных ведомств стран Центральной Азии",
        title_ru="Региональный форум: совещание глав чрезвычайных ведомств стран Центральной Азии",
        title_en=FORUM_TITLE_EN,
        title_uz="Mintaqaviy forum: Markaziy Osiyo davlatlari favqulodda vaziyatlar idoralari rahbarlari kengashi",
        description_ru=(
            "Обсуждение и координация усилий по предотвращению и ликвидации чрезвычайных ситуаций в регионе. "
            "Приняли участие представители Казахстана, Кыргызстана, Таджикистана и Узбекистана. По итогам форума "
            "подписан Протокол."
        ),
        description_en=(
            "Coordinating the prevention of emergencies in the region and the response to them. Representatives of "
            "Kazakhstan, Kyrgyzstan, Tajikistan and Uzbekistan took part. The forum ended with the signing of a "
            "Protocol."
        ),
        starts_at=_at(10),
        ends_at=_at(17),
        timezone=ZONE,
        format=Meeting.Format.IN_PERSON,
        venue_city_ru=PLACE[0],
        venue_city_en=PLACE[1],
        venue_city_uz=PLACE[2],
        venue_country_ru="Кыргызстан",
        venue_country_en="Kyrgyzstan",
        venue_country_uz="Qirgʻiziston",
        working_languages="русский",
        access=Access.PUBLIC,
    )
    services.meeting_create(meeting=meeting, bodies=Body.objects.filter(code="council"), by=by)
    services.meeting_transition(meeting=meeting, to=Meeting.Status.SCHEDULED, by=by)
    services.meeting_transition(meeting=meeting, to=Meeting.Status.HELD, by=by)
    return meeting


@transaction.atomic
def seed_outcomes() -> int:
    """The forum's Protocol with its four signatories, published; returns how many documents were added."""
    by = secretary()
    if OutcomeDocument.objects.filter(reference=PROTOCOL_REFERENCE).exists():
        return 0
    states = {state.code: state for state in MemberState.objects.filter(code__in=[s[0] for s in SIGNATORIES])}
    if len(states) < len(SIGNATORIES):
        return 0  # the council's demo data (states) comes first
    meeting = _forum(by=by)
    document = services.outcome_create(
        document=OutcomeDocument(
            meeting=meeting,
            kind=OutcomeDocument.Kind.PROTOCOL,
            reference=PROTOCOL_REFERENCE,
            authoritative_language="ru",
            title="Протокол Регионального форума глав чрезвычайных ведомств стран Центральной Азии",
            title_ru="Протокол Регионального форума глав чрезвычайных ведомств стран Центральной Азии",
            title_en="Protocol of the Regional Forum of the heads of the emergency agencies of Central Asia",
            text=PROTOCOL_TEXT_RU,
            text_ru=PROTOCOL_TEXT_RU,
            text_en=PROTOCOL_TEXT_EN,
            adopted_on=DAY,
            place=PLACE[0],
            place_ru=PLACE[0],
            place_en=PLACE[1],
            place_uz=PLACE[2],
            access=Access.PUBLIC,
        ),
        by=by,
    )
    for order, (code, name, capacity) in enumerate(SIGNATORIES, start=1):
        services.signatory_add(
            signatory=Signatory(
                document=document,
                order=order,
                full_name=name,
                for_state=states[code],
                capacity=capacity[0],
                capacity_ru=capacity[0],
                capacity_en=capacity[1],
                capacity_uz=capacity[2],
                signed_on=DAY,
                place=PLACE[0],
                place_ru=PLACE[0],
                place_en=PLACE[1],
                place_uz=PLACE[2],
            ),
            by=by,
        )
    services.outcome_publish(document=document, by=by)
    return 1
