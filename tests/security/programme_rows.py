"""The programme's part of the security walks (issue 12, item 1): its objects in the world, its portal rows.

A public adopted roadmap (with its signed text and an activity linked to group A's body-level meeting), a roadmap
for council members, and a draft, which is the secretariat's alone."""

import datetime

from django.core.files.base import ContentFile
from django.urls import reverse


def programme_world(*, staff, states, meeting, published) -> dict:
    from programme import services
    from programme.models import Activity, Roadmap
    from tests.factories import OrganisationFactory
    from tests.security.conftest import small_pdf

    day = datetime.date
    lead = OrganisationFactory(acronym_en="LEADORG")

    def roadmap(access, status, title):
        made = services.roadmap_create(
            roadmap=Roadmap(
                title=title, title_ru=title, starts_on=day(2024, 5, 14), ends_on=day(2025, 12, 31), access=access
            ),
            states=[states["UZ"]],
            organisations=[lead],
            by=staff,
        )
        if status != "draft":
            made = services.roadmap_status_change(roadmap=made, to=status, by=staff)
        return made

    public = roadmap("public", "adopted", "Открытая дорожная карта")
    services.roadmap_update(roadmap=public, data={"signed_text": ContentFile(small_pdf(), name="signed.pdf")}, by=staff)
    services.activity_create(
        activity=Activity(
            roadmap=public,
            title="Тренинг",
            title_ru="Тренинг",
            kind="training",
            lead=lead,
            planned_start=day(2024, 9, 1),
            planned_end=day(2024, 9, 30),
        ),
        states=[states["UZ"]],
        meetings=[meeting],
        recommendations=[published],
        by=staff,
    )
    draft = roadmap("public", "draft", "Черновик дорожной карты")
    services.roadmap_update(roadmap=draft, data={"signed_text": ContentFile(small_pdf(), name="draft.pdf")}, by=staff)
    return {
        "public": public,
        "council": roadmap("council", "adopted", "Дорожная карта совета"),
        "draft": draft,
        "lead": lead,
    }


def programme_cases(w, *, Case, expect, hidden, signed_in_only, OK) -> list:
    roadmaps = w.roadmaps
    staff_only = hidden(secretariat=OK, superuser=OK)

    def detail(key):
        return lambda: reverse("programme:detail", args=[roadmaps[key].pk])

    def signed(key):
        return lambda: reverse("programme:signed_text", args=[roadmaps[key].pk])

    return [
        Case("programme:list", lambda: reverse("programme:list"), expect(OK)),
        Case("programme:detail", detail("public"), expect(OK), label="public"),
        Case("programme:detail", detail("council"), signed_in_only(), label="council"),
        Case("programme:detail", detail("draft"), staff_only, label="draft"),
        Case("programme:detail", lambda: reverse("programme:detail", args=[999999]), hidden(), label="missing"),
        Case("programme:signed_text", signed("public"), expect(OK), label="public"),
        Case("programme:signed_text", signed("council"), hidden(), label="council, no file"),
        Case("programme:signed_text", signed("draft"), staff_only, label="draft"),
    ]
