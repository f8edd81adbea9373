"""Rows of the programme API: roadmaps and activities at the public and partners levels for every caller with the
scope; a council roadmap (a member of group A reads it), and a draft hidden from partner keys (404, as missing ones);
the status of an activity changed only by the key of its lead organisation (partner A), never by another partner
(403) nor a session (403); bad input 400."""

import datetime

from django.urls import reverse

from council.partners.scopes import Scope
from tests.security.api_matrix import BAD, FORBIDDEN, HIDDEN, NOT_ALLOWED, OK, ApiCase, expect, partner_only

READ = Scope.PROGRAMME_READ
UPDATE = Scope.ROADMAP_UPDATE
MISSING = 10**9


def extend(world) -> dict:
    """A partners-level roadmap with an activity led by partner A's organisation (api_matrix.callers reuses it),
    another led by someone else, and an activity of the world's draft roadmap."""
    from programme import services
    from programme.models import Activity, Roadmap
    from tests.factories import OrganisationFactory

    staff = world.person("secretariat")
    day = datetime.date
    partner_a = OrganisationFactory(acronym_en="PARTA")
    roadmap = services.roadmap_create(
        roadmap=Roadmap(
            title="Партнёрская",
            title_ru="Партнёрская",
            starts_on=day(2024, 1, 1),
            ends_on=day(2026, 12, 31),
            access="partners",
        ),
        organisations=[partner_a],
        by=staff,
    )
    services.roadmap_status_change(roadmap=roadmap, to="adopted", by=staff)

    def activity(on, lead, title):
        return services.activity_create(
            activity=Activity(
                roadmap=on,
                title=title,
                title_ru=title,
                kind="seminar",
                lead=lead,
                planned_start=day(2024, 6, 1),
                planned_end=day(2024, 6, 2),
            ),
            by=staff,
        )

    return {
        "roadmap": roadmap,
        "led_by_a": activity(roadmap, partner_a, "Семинар A"),
        "led_by_other": activity(roadmap, world.roadmaps["lead"], "Семинар"),
        "draft_activity": activity(world.roadmaps["draft"], partner_a, "Черновик"),
    }


def rows(world, extra) -> list[ApiCase]:
    roadmaps = world.roadmaps
    draft_hidden = expect(partner_a=HIDDEN, partner_b=HIDDEN, member=HIDDEN)

    def roadmap(pk):
        return lambda: reverse("api:roadmap-detail", args=[pk])

    def activity(pk):
        return lambda: reverse("api:activity-detail", args=[pk])

    started = {"status": "in_progress", "actual_start": "2024-06-01"}
    return [
        ApiCase("api:roadmap-list", lambda: reverse("api:roadmap-list"), expect(), READ),
        ApiCase(
            "api:roadmap-list",
            lambda: reverse("api:roadmap-list") + "?status=adopted&state=UZ&ordering=starts_on&page_size=1",
            expect(),
            READ,
            label="filters",
        ),
        ApiCase(
            "api:roadmap-list",
            lambda: reverse("api:roadmap-list") + "?state=UZB",
            expect(BAD),
            READ,
            label="bad filter",
        ),
        ApiCase(
            "api:roadmap-list",
            lambda: reverse("api:roadmap-list"),
            expect(NOT_ALLOWED),
            READ,
            method="post",
            data=lambda: {"title": "x"},
            label="read-only",
        ),
        ApiCase("api:roadmap-detail", roadmap(roadmaps["public"].pk), expect(), READ, label="public"),
        ApiCase("api:roadmap-detail", roadmap(extra["roadmap"].pk), expect(), READ, label="partners"),
        ApiCase(
            "api:roadmap-detail",
            roadmap(roadmaps["council"].pk),
            expect(partner_a=HIDDEN, partner_b=HIDDEN),
            READ,
            label="council",
        ),
        ApiCase("api:roadmap-detail", roadmap(roadmaps["draft"].pk), draft_hidden, READ, label="draft"),
        ApiCase("api:roadmap-detail", roadmap(MISSING), expect(HIDDEN), READ, label="missing"),
        ApiCase("api:activity-list", lambda: reverse("api:activity-list"), expect(), READ),
        ApiCase(
            "api:activity-list",
            lambda: reverse("api:activity-list") + f"?roadmap={extra['roadmap'].pk}&status=planned&kind=seminar",
            expect(),
            READ,
            label="filters",
        ),
        ApiCase(
            "api:activity-list",
            lambda: reverse("api:activity-list") + "?status=finished&roadmap=first",
            expect(BAD),
            READ,
            label="bad filter",
        ),
        ApiCase("api:activity-detail", activity(extra["led_by_other"].pk), expect(), READ, label="partners"),
        ApiCase("api:activity-detail", activity(extra["draft_activity"].pk), draft_hidden, READ, label="draft"),
        ApiCase("api:activity-detail", activity(MISSING), expect(HIDDEN), READ, label="missing"),
        # Writes: partner A leads `led_by_a`; partner B leads nothing; sessions never hold roadmap:update.
        ApiCase(
            "api:activity-detail",
            activity(extra["led_by_a"].pk),
            partner_only(OK, partner_b=FORBIDDEN),
            UPDATE,
            method="patch",
            data=lambda: {"status": "postponed", "reason": "Moved to autumn."},
            label="lead",
        ),
        ApiCase(
            "api:activity-detail",
            activity(extra["led_by_other"].pk),
            partner_only(FORBIDDEN),
            UPDATE,
            method="patch",
            data=lambda: started,
            label="not lead",
        ),
        ApiCase(
            "api:activity-detail",
            activity(extra["led_by_a"].pk),
            partner_only(BAD, partner_b=FORBIDDEN),
            UPDATE,
            method="patch",
            data=lambda: {"status": "cancelled"},
            label="no reason",
        ),
        ApiCase(
            "api:activity-detail",
            activity(extra["draft_activity"].pk),
            partner_only(HIDDEN),
            UPDATE,
            method="patch",
            data=lambda: started,
            label="draft",
        ),
        ApiCase(
            "api:activity-detail",
            activity(extra["led_by_a"].pk),
            expect(NOT_ALLOWED, wrong_scope=NOT_ALLOWED),
            UPDATE,
            method="put",
            data=lambda: started,
            label="no PUT",
        ),
    ]
