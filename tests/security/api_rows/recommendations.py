"""Rows of the recommendations API: published texts by level (partners read public and partners texts only; a member
of group A also the council's and group A's; drafts and withdrawn texts are nobody's here), the implementation
figures, and the partners' write: texts in consultation opened to partners, their comments (sessions refused)."""

from django.urls import reverse

from council.partners.scopes import Scope
from recommendations import services
from tests.security.api_matrix import (
    BAD,
    CREATED,
    HIDDEN,
    NOT_ALLOWED,
    ApiCase,
    expect,
    hidden_from_partners,
    partner_only,
)

READ = Scope.RECOMMENDATIONS_READ
FIGURES = Scope.IMPLEMENTATION_READ
COMMENT = Scope.CONSULTATION_COMMENT
CONFLICT = "409"


def extend(world) -> dict:
    """Published texts of group A at the partners, council and body levels (the world has a public one), one opened
    to partners before publication (comments then answer 409), a withdrawn one; the world's text in consultation is
    opened to partners."""
    from tests.security.conftest import _publish

    staff = world.person("secretariat")

    def published(access, title, **extra):
        recommendation = services.recommendation_create(
            working_group=world.group_a,
            texts={"title_ru": title, "text_ru": "Текст."},
            by=staff,
            addressee_states=[world.states["UZ"]],
            access=access,
            **extra,
        )
        return _publish(recommendation, staff=staff, ec_people=[])

    withdrawn = services.recommendation_create(
        working_group=world.group_a, texts={"title_ru": "Отозвана", "text_ru": "Текст."}, by=staff, access="public"
    )
    services.recommendation_transition(recommendation=withdrawn, to="withdrawn", by=staff, reason="Not needed")
    services.recommendation_update(recommendation=world.consultation, data={"partner_consultation": True}, by=staff)
    return {
        "partners": published("partners", "Для партнёров", partner_consultation=True),
        "council": published("council", "Для совета"),
        "body": published("body", "Для группы А"),
        "withdrawn": withdrawn,
    }


def rows(world, extra) -> list[ApiCase]:
    partners, council, body, withdrawn = extra["partners"], extra["council"], extra["body"], extra["withdrawn"]
    consultation, published, draft_b = world.consultation, world.published, world.draft_b

    def one(recommendation):
        return lambda: reverse("api:recommendation-detail", args=[recommendation.pk])

    def consultation_url(recommendation):
        return lambda: reverse("api:consultation-detail", args=[recommendation.pk])

    def comments(recommendation):
        return lambda: reverse("api:consultation-comments", args=[recommendation.pk])

    def comment():
        return {"text": "Please name the referral mechanism.", "language": "en"}

    key = {"Idempotency-Key": "matrix-1"}
    nobody = expect(HIDDEN)  # a draft or a withdrawn text is no published text, for anyone
    list_url = reverse("api:recommendation-list")
    return [
        ApiCase("api:recommendation-list", lambda: list_url, expect(), READ),
        ApiCase("api:recommendation-list", lambda: list_url + "?status=draft", expect(BAD), READ, label="bad filter"),
        ApiCase(
            "api:recommendation-list",
            lambda: list_url + "?published_since=yesterday",
            expect(BAD),
            READ,
            label="bad date",
        ),
        ApiCase(
            "api:recommendation-list",
            lambda: list_url,
            expect(NOT_ALLOWED),
            READ,
            method="post",
            data=lambda: {"code": "x"},
            label="read-only",
        ),
        ApiCase("api:recommendation-detail", one(published), expect(), READ, label="public"),
        ApiCase("api:recommendation-detail", one(partners), expect(), READ, label="partners"),
        ApiCase("api:recommendation-detail", one(council), hidden_from_partners(), READ, label="council"),
        ApiCase("api:recommendation-detail", one(body), hidden_from_partners(), READ, label="body of group A"),
        ApiCase("api:recommendation-detail", one(consultation), nobody, READ, label="in consultation"),
        ApiCase("api:recommendation-detail", one(draft_b), nobody, READ, label="draft of group B"),
        ApiCase("api:recommendation-detail", one(withdrawn), nobody, READ, label="withdrawn"),
        ApiCase(
            "api:recommendation-detail",
            lambda: reverse("api:recommendation-detail", args=[10**17]),
            nobody,
            READ,
            label="missing",
        ),
        ApiCase("api:implementation", lambda: reverse("api:implementation"), expect(), FIGURES),
        ApiCase(
            "api:implementation",
            lambda: reverse("api:implementation") + "?state=UZ&working_group=a&period=2025-H1",
            expect(),
            FIGURES,
            label="filtered",
        ),
        ApiCase(
            "api:implementation",
            lambda: reverse("api:implementation") + "?period=2025-H3",
            expect(BAD),
            FIGURES,
            label="bad period",
        ),
        ApiCase(
            "api:implementation",
            lambda: reverse("api:implementation"),
            expect(NOT_ALLOWED),
            FIGURES,
            method="post",
            label="read-only",
        ),
        ApiCase("api:consultation-list", lambda: reverse("api:consultation-list"), partner_only(), COMMENT),
        ApiCase("api:consultation-detail", consultation_url(consultation), partner_only(), COMMENT, label="open"),
        ApiCase(
            "api:consultation-detail",
            consultation_url(draft_b),
            partner_only(HIDDEN),
            COMMENT,
            label="not opened to partners",
        ),
        ApiCase(
            "api:consultation-detail",
            consultation_url(partners),
            partner_only(HIDDEN),
            COMMENT,
            label="published since",
        ),
        ApiCase("api:consultation-comments", comments(consultation), partner_only(), COMMENT, label="own comments"),
        ApiCase(
            "api:consultation-comments",
            comments(consultation),
            partner_only(CREATED),
            COMMENT,
            method="post",
            data=comment,
            headers=key,
            label="comment",
        ),
        ApiCase(
            "api:consultation-comments",
            comments(consultation),
            partner_only(BAD),
            COMMENT,
            method="post",
            data=comment,
            label="no Idempotency-Key",
        ),
        ApiCase(
            "api:consultation-comments",
            comments(draft_b),
            partner_only(HIDDEN),
            COMMENT,
            method="post",
            data=comment,
            headers=key,
            label="not opened to partners",
        ),
        ApiCase(
            "api:consultation-comments",
            comments(partners),
            partner_only(CONFLICT),
            COMMENT,
            method="post",
            data=comment,
            headers={"Idempotency-Key": "matrix-2"},
            label="no longer in consultation",
        ),
        ApiCase(
            "api:consultation-comments",
            comments(consultation),
            partner_only(NOT_ALLOWED),
            COMMENT,
            method="delete",
            label="no delete",
        ),
    ]
