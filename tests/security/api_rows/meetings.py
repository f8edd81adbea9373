"""Rows of meetings: published meetings at the public and partners levels for every caller with the scope; a body's
meeting, its documents and a draft hidden from partner keys (404, as missing ones); never the online link."""

from django.core.files.base import ContentFile
from django.urls import reverse

from council.partners.scopes import Scope
from tests.factories import MeetingFactory
from tests.security.api_matrix import BAD, HIDDEN, NOT_ALLOWED, ApiCase, expect, hidden_from_partners
from tests.security.conftest import small_pdf

READ = Scope.MEETINGS_READ
MISSING = 10**9


def extend(world) -> dict:
    """A partners-level meeting of group A with a partners-level document and a body-level one."""
    meeting = MeetingFactory(
        bodies=[world.group_a], access="partners", format="hybrid", online_url="https://meet.example.org/p"
    )
    documents = {}
    for access in ("partners", "body"):
        document = meeting.documents.create(title=f"{access} note", access=access, original_name=f"{access}.pdf")
        document.file.save(f"{access}.pdf", ContentFile(small_pdf()), save=True)
        documents[access] = document
    return {"meeting": meeting, "documents": documents}


def _file(meeting, document) -> str:
    return reverse("api:meeting-document-file", kwargs={"pk": meeting.pk, "document_pk": document.pk})


def rows(world, extra) -> list[ApiCase]:
    own = extra  # what `extend` made
    partners_meeting, documents = own["meeting"], own["documents"]
    body, public, draft = world.meeting, world.public_meeting, world.draft_meeting
    draft_hidden = hidden_from_partners(member=HIDDEN)

    def detail(meeting_pk):
        return lambda: reverse("api:meeting-detail", args=[meeting_pk])

    def calendar(meeting_pk):
        return lambda: reverse("api:meeting-calendar", kwargs={"pk": meeting_pk})

    return [
        ApiCase("api:meeting-list", lambda: reverse("api:meeting-list"), expect(), READ),
        ApiCase(
            "api:meeting-list",
            lambda: reverse("api:meeting-list") + "?body=a&status=scheduled&ordering=starts_at&page_size=1",
            expect(),
            READ,
            label="filters",
        ),
        ApiCase(
            "api:meeting-list",
            lambda: reverse("api:meeting-list") + "?starts_after=tomorrow",
            expect(BAD),
            READ,
            label="bad filter",
        ),
        ApiCase(
            "api:meeting-list",
            lambda: reverse("api:meeting-list"),
            expect(NOT_ALLOWED),
            READ,
            method="post",
            data=lambda: {"title": "x"},
            label="read-only",
        ),
        ApiCase("api:meeting-detail", detail(public.pk), expect(), READ, label="public"),
        ApiCase("api:meeting-detail", detail(partners_meeting.pk), expect(), READ, label="partners"),
        ApiCase("api:meeting-detail", detail(body.pk), hidden_from_partners(), READ, label="body"),
        ApiCase("api:meeting-detail", detail(draft.pk), draft_hidden, READ, label="draft"),
        ApiCase("api:meeting-detail", detail(MISSING), expect(HIDDEN), READ, label="missing"),
        ApiCase(
            "api:meeting-detail",
            detail(public.pk),
            expect(NOT_ALLOWED),
            READ,
            method="delete",
            label="read-only",
        ),
        ApiCase("api:meeting-calendar", calendar(public.pk), expect(), READ, label="public"),
        ApiCase("api:meeting-calendar", calendar(partners_meeting.pk), expect(), READ, label="partners"),
        ApiCase("api:meeting-calendar", calendar(body.pk), hidden_from_partners(), READ, label="body"),
        ApiCase("api:meeting-calendar", calendar(draft.pk), draft_hidden, READ, label="draft"),
        ApiCase("api:meeting-calendar", calendar(MISSING), expect(HIDDEN), READ, label="missing"),
        ApiCase(
            "api:meeting-document-file",
            lambda: _file(partners_meeting, documents["partners"]),
            expect(),
            READ,
            label="partners document",
        ),
        ApiCase(
            "api:meeting-document-file",
            lambda: _file(partners_meeting, documents["body"]),
            hidden_from_partners(),
            READ,
            label="body document of a partners meeting",
        ),
        ApiCase(
            "api:meeting-document-file",
            lambda: _file(body, world.document),
            hidden_from_partners(),
            READ,
            label="document of a body meeting",
        ),
        ApiCase(
            "api:meeting-document-file",
            lambda: _file(public, documents["partners"]),
            expect(HIDDEN),
            READ,
            label="under another meeting",
        ),
        ApiCase(
            "api:meeting-document-file",
            lambda: reverse("api:meeting-document-file", kwargs={"pk": public.pk, "document_pk": MISSING}),
            expect(HIDDEN),
            READ,
            label="missing",
        ),
    ]
