"""Demo recommendations on the council's themes, at every stage of their life, made through the services.

Texts are written for the demo; positions and reports come from the fictional demo members. Only adds what is
missing (keyed by the English title).
"""

import datetime
import enum

from django.db import transaction
from django.utils import timezone

from council import services as council_services
from council.models import Body, Membership, MemberState, User
from demo.council import secretary
from recommendations import services
from recommendations.models import (
    ConsensusRound,
    ImplementationReport,
    Position,
    Recommendation,
    RecommendationVersion,
    Tag,
)

# A short name for the reports' statuses in the table below.
Report = ImplementationReport.Status


class Stage(enum.Enum):
    """How far a demo recommendation goes through its life (the two open ends are rounds, not statuses)."""

    DRAFT = enum.auto()
    SILENCE_OPEN = enum.auto()  # in consultation, a silence procedure running
    BLOCKED = enum.auto()  # in consultation, a formal objection in the group's round
    ADOPTED = enum.auto()
    ENDORSED = enum.auto()
    PUBLISHED = enum.auto()


TAGS = [
    ("legal", "Правовые основы", "Legal frameworks"),
    ("psychosocial", "Психосоциальная помощь", "Psychosocial care"),
    ("education", "Образование", "Education"),
    ("narratives", "Противодействие нарративам", "Countering narratives"),
    ("community", "Местные сообщества и махалля", "Local communities and the mahalla"),
    ("women-youth", "Женщины и молодёжь", "Women and youth"),
]

ALL_STATES = ["KZ", "KG", "TJ", "TM", "UZ"]

# (group, stage, tags, states, (title ru, title en), (text ru, text en), extras)
RECOMMENDATIONS = [
    (
        "a",
        Stage.PUBLISHED,
        ["legal"],
        ALL_STATES,
        ("Правовые основы реинтеграции возвращенцев", "Legal frameworks for the reintegration of returnees"),
        (
            "1. Закрепить в национальном законодательстве порядок реабилитации и реинтеграции лиц, "
            "возвращённых из зон вооружённых конфликтов.\n"
            "2. Разграничить меры уголовной ответственности и меры социальной поддержки.\n"
            "3. Обеспечить доступ возвращённых к документам, удостоверяющим личность, и к правовой помощи.",
            "1. Set out in national law how persons returned from conflict zones are rehabilitated and "
            "reintegrated.\n"
            "2. Distinguish measures of criminal accountability from measures of social support.\n"
            "3. Ensure returnees' access to identity documents and to legal aid.",
        ),
        {"reports": [("KZ", Report.IN_PROGRESS, 60), ("UZ", Report.IMPLEMENTED, 100), ("KG", Report.PLANNED, 20)]},
    ),
    (
        "a",
        Stage.SILENCE_OPEN,
        ["legal", "women-youth"],
        ["KZ", "KG", "TJ", "UZ"],
        ("Альтернативы уголовному преследованию возвращённых женщин", "Alternatives to prosecution for returned women"),
        (
            "1. Рассматривать в каждом случае альтернативы уголовному преследованию, соразмерные роли лица.\n"
            "2. Учитывать интересы детей при выборе мер.\n"
            "3. Обучать судей и прокуроров гендерно-чувствительным подходам.",
            "1. Consider in each case alternatives to prosecution proportionate to the person's role.\n"
            "2. Take the interests of children into account when choosing measures.\n"
            "3. Train judges and prosecutors in gender-sensitive approaches.",
        ),
        {"partners": True},  # the secretariat opened it to partner organisations' comments (API)
    ),
    (
        "b",
        Stage.PUBLISHED,
        ["psychosocial", "women-youth"],
        ["KZ", "TJ", "UZ", "KG"],
        ("Психосоциальная помощь возвращённым женщинам и детям", "Psychosocial care for returned women and children"),
        (
            "1. Проводить оценку потребностей каждой семьи в первые 30 дней после возвращения.\n"
            "2. Обеспечить непрерывное сопровождение психолога и социального работника не менее года.\n"
            "3. Готовить специалистов по работе с травмой у детей.",
            "1. Assess each family's needs within 30 days of return.\n"
            "2. Provide continuous support by a psychologist and a social worker for at least a year.\n"
            "3. Train specialists in working with children's trauma.",
        ),
        {"reports": [("TJ", Report.IN_PROGRESS, 40), ("UZ", Report.IN_PROGRESS, 70), ("KZ", Report.IMPLEMENTED, 100)]},
    ),
    (
        "b",
        Stage.ADOPTED,
        ["education"],
        ALL_STATES,
        ("Возвращение детей в школу", "Children's return to school"),
        (
            "1. Зачислять возвращённых детей в школу не позднее чем через два месяца после возвращения.\n"
            "2. Организовать выравнивающие занятия по языку обучения.\n"
            "3. Не допускать раскрытия сведений о прошлом ребёнка в школе.",
            "1. Enrol returned children in school within two months of their return.\n"
            "2. Organise catch-up classes in the language of instruction.\n"
            "3. Prevent disclosure of a child's past at school.",
        ),
        {"reservation": "TM"},
    ),
    (
        "c",
        Stage.BLOCKED,
        ["narratives"],
        ALL_STATES,
        (
            "Позитивные альтернативные нарративы с участием бывших возвращенцев",
            "Positive alternative narratives with former returnees",
        ),
        (
            "1. Привлекать прошедших реабилитацию возвращенцев к профилактическим программам на добровольной основе.\n"
            "2. Обеспечить их защиту и сопровождение.",
            "1. Involve returnees who have completed rehabilitation in prevention programmes, on a voluntary basis.\n"
            "2. Ensure their protection and support.",
        ),
        {"objection": "TM"},
    ),
    (
        "c",
        Stage.DRAFT,
        ["narratives", "education"],
        ["KZ", "KG", "UZ"],
        ("Медиаграмотность в школах", "Media literacy in schools"),
        (
            "1. Включить основы медиаграмотности в школьные программы.\n"
            "2. Готовить учителей к распознаванию вербовочного контента.",
            "1. Include the basics of media literacy in school curricula.\n"
            "2. Prepare teachers to recognise recruitment content.",
        ),
        {},
    ),
    (
        "d",
        Stage.ENDORSED,
        ["community"],
        ALL_STATES,
        (
            "Реабилитация силами местных сообществ: опыт махалли",
            "Community-led rehabilitation: the experience of the mahalla",
        ),
        (
            "1. Опираться на институты местного самоуправления, такие как махалля, в психологической адаптации, "
            "обучении и трудоустройстве возвращённых.\n"
            "2. Выделять местным сообществам ресурсы на сопровождение семей.\n"
            "3. Обмениваться опытом между государствами региона.",
            "1. Build on local self-government institutions such as the mahalla for returnees' psychological "
            "adaptation, training and employment.\n"
            "2. Give local communities the resources to accompany families.\n"
            "3. Share experience between the states of the region.",
        ),
        {},
    ),
    (
        "d",
        Stage.PUBLISHED,
        ["women-youth", "community"],
        ["KG", "TJ", "UZ"],
        (
            "Женские и молодёжные организации как партнёры в реинтеграции",
            "Women's and youth organisations as partners in reintegration",
        ),
        (
            "1. Привлекать женские и молодёжные организации к разработке и реализации программ реинтеграции.\n"
            "2. Предусмотреть для них малые гранты.",
            "1. Involve women's and youth organisations in designing and running reintegration programmes.\n"
            "2. Provide small grants for them.",
        ),
        {"reports": [("KG", Report.IN_PROGRESS, 50), ("TJ", Report.NOT_STARTED, 0)]},
    ),
]


def _members(body: Body):
    return list(
        Membership.objects.active_on()
        .filter(body=body, role__in=Membership.DECIDING_ROLES)
        .select_related("person", "represents_state")
    )


def _meeting_round(recommendation, *, by, objection_from=None, reservation_from=None) -> ConsensusRound:
    round_ = services.round_open(recommendation=recommendation, mode=ConsensusRound.Mode.MEETING, by=by)
    for member in _members(round_.body):
        code = member.represents_state.code if member.represents_state else None
        if code == objection_from:
            kind, reason = Position.Kind.OBJECTION, "Требуется дополнительная проработка мер защиты участников."
        elif code == reservation_from:
            kind, reason = Position.Kind.STAND_ASIDE, "Сроки зачисления в нашей системе образования — до трёх месяцев."
        else:
            kind, reason = Position.Kind.SUPPORT, ""
        services.position_record(round_=round_, person=member.person, kind=kind, reason=reason, by=by)
    return services.round_close(round_=round_, by=by)


def _advance(recommendation, stage: Stage, extras: dict, *, by) -> None:
    def to(status):
        services.recommendation_transition(recommendation=recommendation, to=status, by=by)

    if stage is Stage.DRAFT:
        return
    to(Recommendation.Status.CONSULTATION)
    if stage is Stage.SILENCE_OPEN:
        services.round_open(
            recommendation=recommendation,
            mode=ConsensusRound.Mode.SILENCE,
            deadline=timezone.now() + datetime.timedelta(days=10),
            by=by,
        )
        return
    if stage is Stage.BLOCKED:
        _meeting_round(recommendation, by=by, objection_from=extras.get("objection"))
        return
    _meeting_round(recommendation, by=by, reservation_from=extras.get("reservation"))  # → adopted
    if stage is Stage.ADOPTED:
        return
    _meeting_round(recommendation, by=by)  # executive committee → endorsed
    if stage is Stage.ENDORSED:
        return
    to(Recommendation.Status.PUBLISHED)
    period = services.current_period(timezone.localdate() - datetime.timedelta(days=183))
    for code, status, progress in extras.get("reports", []):
        state = MemberState.objects.get(code=code)
        focal = User.objects.filter(
            memberships__in=Membership.objects.active_on().filter(is_focal_point=True, represents_state=state)
        ).first()
        services.report_submit(
            recommendation=recommendation,
            state=state,
            period=period,
            status=status,
            progress=progress,
            narrative="Демонстрационный отчёт о ходе выполнения. / Demo progress report.",
            evidence_links="https://example.org/evidence",
            by=focal or by,
        )


@transaction.atomic
def seed_recommendations() -> int:
    """Recommendations at every stage of their life; returns how many were added (none before the council)."""
    by = secretary()
    if by is None or not Body.objects.filter(kind=Body.Kind.EXECUTIVE_COMMITTEE).exists():
        return 0
    tags = {}
    for slug, ru, en in TAGS:
        tags[slug] = Tag.objects.filter(slug=slug).first() or council_services.reference_create(
            instance=Tag(slug=slug, name=ru, name_ru=ru, name_en=en), by=by
        )
    created = 0
    for group, stage, tag_slugs, state_codes, (title_ru, title_en), (text_ru, text_en), extras in RECOMMENDATIONS:
        if RecommendationVersion.objects.filter(title_en=title_en).exists():
            continue
        recommendation = services.recommendation_create(
            working_group=Body.objects.get(code=group),
            texts={"title_ru": title_ru, "title_en": title_en, "text_ru": text_ru, "text_en": text_en},
            addressee_states=MemberState.objects.filter(code__in=state_codes),
            addresses_civil_society=group == "d",
            tags=[tags[s] for s in tag_slugs],
            partner_consultation=extras.get("partners", False),
            by=by,
        )
        _advance(recommendation, stage, extras, by=by)
        created += 1
    return created
