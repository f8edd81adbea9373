"""The demo roadmap: the 2024–2025 cooperation roadmap between Uzbekistan (ISRS) and UNOCT adopted at the council's
first meeting, with activities of the kinds the public news name (joint trainings, conferences, technical, advisory
and financial assistance), made through the services. Only adds what is missing (keyed by the English titles).
"""

import datetime
from decimal import Decimal

from django.db import transaction

from council.models import MemberState, Organisation
from demo import facts
from demo.council import secretary
from meetings.models import Meeting
from programme import services
from programme.models import Activity, Roadmap

D = datetime.date
ROADMAP_TITLE = (
    "«Дорожная карта» сотрудничества между Республикой Узбекистан и КТУ ООН на 2024–2025 годы",
    "Roadmap of cooperation between the Republic of Uzbekistan and UNOCT for 2024–2025",
    "Oʻzbekiston Respublikasi va BMT Terrorizmga qarshi kurash boshqarmasi oʻrtasidagi 2024–2025 yillarga "
    "moʻljallangan hamkorlik “Yoʻl xaritasi”",
)
ROADMAP_DESCRIPTION = (
    "Принята на первом заседании Регионального экспертного совета 14 мая 2024 года в Ташкенте. Предусматривает "
    "совместные тренинги, конференции, техническое, консультативное и финансовое содействие.",
    "Adopted at the first meeting of the Regional Expert Council on 14 May 2024 in Tashkent. It plans joint "
    "trainings, conferences, and technical, advisory and financial assistance.",
    "",
)
FIRST_MEETING_EN = "First meeting of the Regional Expert Council"
NOVEMBER_MEETINGS_EN = (
    "Second meeting of the working groups of the Regional Expert Council",
    "Conference “Participation of local communities in countering radicalisation”",
)

# (ru, en, uz), kind, lead, partners, states, planned, outcome: (status, actual start, actual end, reason), extras
ACTIVITIES = [
    (
        (
            "Совместный тренинг для специалистов по реабилитации и реинтеграции",
            "Joint training for rehabilitation and reintegration practitioners",
            "Reabilitatsiya va reintegratsiya mutaxassislari uchun qoʻshma trening",
        ),
        Activity.Kind.TRAINING,
        "UNOCT",
        ["ISRS"],
        ["UZ"],
        (D(2024, 9, 1), D(2024, 9, 30)),
        ("done", D(2024, 9, 16), D(2024, 9, 20), ""),
        {},
    ),
    (
        (
            "Конференция «Участие местных сообществ в противодействии радикализации»",
            "Conference “Participation of local communities in countering radicalisation”",
            "“Mahalliy jamoalarning radikallashuvga qarshi kurashdagi ishtiroki” konferensiyasi",
        ),
        Activity.Kind.CONFERENCE,
        "ISRS",
        ["UNOCT", "UNRCCA", "OSCE"],
        ["KZ", "KG", "TJ", "TM", "UZ"],
        (D(2024, 11, 27), D(2024, 11, 27)),
        ("done", D(2024, 11, 27), D(2024, 11, 27), ""),
        {"meetings": NOVEMBER_MEETINGS_EN},
    ),
    (
        (
            "Семинар для педагогов по психосоциальной поддержке детей-репатриантов",
            "Seminar for teachers on psychosocial support to returnee children",
            "Qaytgan bolalarga psixologik-ijtimoiy yordam boʻyicha oʻqituvchilar uchun seminar",
        ),
        Activity.Kind.SEMINAR,
        "ISRS",
        ["UNOCT"],
        ["UZ"],
        (D(2025, 5, 12), D(2025, 5, 14)),
        ("done", D(2025, 5, 12), D(2025, 5, 14), ""),
        {},
    ),
    (
        (
            "Техническое содействие: система ведения дел реинтегрируемых лиц",
            "Technical assistance: a case management system for reintegration services",
            "Texnik koʻmak: reintegratsiya xizmatlari uchun ishlarni yuritish tizimi",
        ),
        Activity.Kind.TECHNICAL,
        "UNOCT",
        ["ISRS"],
        ["UZ"],
        (D(2025, 1, 15), D(2025, 10, 31)),
        ("in_progress", D(2025, 2, 3), None, ""),
        {"budget": (Decimal("120000"), "USD")},
    ),
    (
        (
            "Консультативная поддержка в разработке национальной стратегии реинтеграции",
            "Advisory support to the national reintegration strategy",
            "Milliy reintegratsiya strategiyasini ishlab chiqishda maslahat koʻmagi",
        ),
        Activity.Kind.ADVISORY,
        "UNOCT",
        ["ISRS"],
        ["UZ"],
        (D(2025, 3, 1), D(2025, 12, 31)),
        ("in_progress", D(2025, 3, 10), None, ""),
        {},
    ),
    (
        (
            "Финансовое содействие проектам реинтеграции на уровне махалли",
            "Financial assistance to mahalla-level reintegration projects",
            "Mahalla darajasidagi reintegratsiya loyihalariga moliyaviy koʻmak",
        ),
        Activity.Kind.FINANCING,
        "UNOCT",
        ["ISRS", "GCERF"],
        ["UZ"],
        (D(2025, 4, 1), D(2025, 12, 31)),
        (
            "postponed",
            None,
            None,
            "The donors' funding decision is expected in the first quarter of 2026; the grants follow it.",
        ),
        {"budget": (Decimal("250000"), "USD")},
    ),
    (
        (
            "Ознакомительный визит на Балканы (Atlantic Initiative)",
            "Study visit to the Balkans (Atlantic Initiative)",
            "Bolqonga tanishuv safari (Atlantic Initiative)",
        ),
        Activity.Kind.STUDY_VISIT,
        "ISRS",
        ["UNOCT"],
        ["UZ"],
        (D(2025, 9, 15), D(2025, 9, 20)),
        ("planned", None, None, ""),
        {},
    ),
]


def _organisation(key: str) -> Organisation | None:
    names = {k: name_en for k, _kind, _c, _s, _ru, (name_en, _a) in facts.ORGANISATIONS}
    return Organisation.objects.filter(name_en=names.get(key, key)).first()


@transaction.atomic
def seed_programme() -> int:
    """The Uzbekistan–UNOCT roadmap and its activities; returns how many rows were added (none before the council)."""
    by = secretary()
    isrs, unoct = _organisation("ISRS"), _organisation("UNOCT")
    if by is None or isrs is None or unoct is None:
        return 0
    created = 0
    roadmap = Roadmap.objects.filter(title_en=ROADMAP_TITLE[1]).first()
    if roadmap is None:
        ru, en, uz = ROADMAP_TITLE
        roadmap = services.roadmap_create(
            roadmap=Roadmap(
                title=ru,
                title_ru=ru,
                title_en=en,
                title_uz=uz,
                description=ROADMAP_DESCRIPTION[0],
                description_ru=ROADMAP_DESCRIPTION[0],
                description_en=ROADMAP_DESCRIPTION[1],
                starts_on=D(2024, 5, 14),
                ends_on=D(2025, 12, 31),
                adopted_at=Meeting.objects.filter(title_en=FIRST_MEETING_EN).first(),
                access="public",
            ),
            states=MemberState.objects.filter(code="UZ"),
            organisations=[isrs, unoct],
            by=by,
        )
        services.roadmap_status_change(roadmap=roadmap, to=Roadmap.Status.ADOPTED, by=by)
        created += 1
    for order, ((ru, en, uz), kind, lead, partners, states, planned, outcome, extras) in enumerate(ACTIVITIES):
        if roadmap.activities.filter(title_en=en).exists():
            continue
        amount, currency = extras.get("budget", (None, ""))
        activity = services.activity_create(
            activity=Activity(
                roadmap=roadmap,
                title=ru,
                title_ru=ru,
                title_en=en,
                title_uz=uz,
                kind=kind,
                lead=_organisation(lead),
                planned_start=planned[0],
                planned_end=planned[1],
                budget_amount=amount,
                budget_currency=currency,
                order=order,
            ),
            partners=[o for o in map(_organisation, partners) if o is not None],
            states=MemberState.objects.filter(code__in=states),
            meetings=Meeting.objects.filter(title_en__in=extras.get("meetings", ())),
            by=by,
        )
        status, actual_start, actual_end, reason = outcome
        if status != Activity.Status.PLANNED:
            services.activity_status_change(
                activity=activity,
                status=status,
                reason=reason,
                actual_start=actual_start,
                actual_end=actual_end,
                by=by,
            )
        created += 1
    return created
