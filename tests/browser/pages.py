"""The pages a browser walks: every HTML page of the authorization matrix that a kind of person may open.

The list is derived, not kept by hand: each GET row of `tests/security/test_authorization_matrix.py` that
answers 200 for the kind (and every new URL must have a row there) is a page, if its answer is HTML. A page
the matrix cannot reach (a row exists for the route but for another object, a form shown only after a POST)
is added in EXTRA_PAGES; the admin screens walked are ADMIN_SCREENS.
"""

import dataclasses
import re
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from tests.security.routes import OK


@dataclasses.dataclass(frozen=True)
class Page:
    name: str  # the URL pattern's name
    label: str  # what distinguishes two rows of one pattern ("public", "draft"...)
    url: str

    @property
    def slug(self) -> str:
        """A file name for the page's screenshots."""
        text = f"{self.name}-{self.label}" if self.label else self.name
        return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")


# Pages no row of the matrix reaches, as (pattern name, label, url(world) or None, kinds that open it).
# E.g. the branded "not found" page, once it speaks the portal's languages:
#     ("404", "not found", lambda w: "/meetings/999999/", ("anonymous", "member")),
EXTRA_PAGES: list[tuple[str, str, Callable, tuple[str, ...]]] = [
    ("404", "no such page", lambda w: "/no-such-page/", ("anonymous",)),
    ("404", "hidden meeting", lambda w: "/meetings/999999/", ("member",)),
]

# The secretariat's main admin screens, by URL (changelists and a change form of the records they work on).
ADMIN_SCREENS: list[tuple[str, Callable]] = [
    ("admin:index", lambda w: reverse("admin:index")),
    ("admin:meetings_meeting_changelist", lambda w: reverse("admin:meetings_meeting_changelist")),
    ("admin:meetings_meeting_change", lambda w: reverse("admin:meetings_meeting_change", args=[w.meeting.pk])),
    ("admin:meetings_invitation_changelist", lambda w: reverse("admin:meetings_invitation_changelist")),
    (
        "admin:recommendations_recommendation_changelist",
        lambda w: reverse("admin:recommendations_recommendation_changelist"),
    ),
    (
        "admin:recommendations_recommendation_change",
        lambda w: reverse("admin:recommendations_recommendation_change", args=[w.consultation.pk]),
    ),
    (
        "admin:recommendations_consensusround_changelist",
        lambda w: reverse("admin:recommendations_consensusround_changelist"),
    ),
    (
        "admin:recommendations_round_record",
        lambda w: reverse("admin:recommendations_round_record", args=[w.silence_round.pk]),
    ),
    (
        "admin:recommendations_implementationreport_changelist",
        lambda w: reverse("admin:recommendations_implementationreport_changelist"),
    ),
    ("admin:council_membership_changelist", lambda w: reverse("admin:council_membership_changelist")),
    ("admin:council_user_changelist", lambda w: reverse("admin:council_user_changelist")),
    ("admin:council_body_changelist", lambda w: reverse("admin:council_body_changelist")),
    ("admin:reports_report_generate", lambda w: reverse("admin:reports_report_generate")),
]

# Answers that are files, not pages (calendar feeds, downloads, JSON status).
_HTML = "text/html"


def portal_pages(world, kind: str) -> list[Page]:
    """The HTML pages the matrix opens with 200 for this kind of person, each URL once."""
    from tests.security.test_authorization_matrix import portal_cases

    client = Client()
    person = world.person(kind)
    if person is not None:
        client.force_login(person)
    pages: dict[str, Page] = {}
    for case in portal_cases(world):
        if case.method != "get" or case.expected.get(kind) != OK:
            continue
        url = case.url()
        if url in pages:
            continue
        response = client.get(url)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith(_HTML):
            continue
        pages[url] = Page(case.name, case.label, url)
    for name, label, url, kinds in EXTRA_PAGES:
        if kind in kinds:
            page = Page(name, label, url(world))
            pages.setdefault(page.url, page)
    return list(pages.values())


def admin_screens(world) -> list[Page]:
    return [Page(name, "", url(world)) for name, url in ADMIN_SCREENS]
