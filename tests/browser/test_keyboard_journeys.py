"""The member's journey with the keyboard alone: sign in, answer an invitation, record a position; and a
focal point's: file an implementation report. Each step is checked where it lands, in the database."""

import pytest

from tests.browser.keyboard import fill, submit_with_keyboard, tab_to_field
from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _sign_in_with_keyboard(page, base_url, person):
    page.goto(base_url + "/accounts/login/")
    fill(page, "login", person.email)
    fill(page, "password", PASSWORD)
    submit_with_keyboard(page)
    assert "/accounts/login/" not in page.url, f"{person.email} was not signed in"


def test_a_member_signs_in_answers_an_invitation_and_records_a_position(page, live_server, world):
    from recommendations.models import Position

    member = world.people["member"]
    _sign_in_with_keyboard(page, live_server.url, member)

    page.goto(live_server.url + world.meeting.get_absolute_url())
    fill(page, "answer", "accepted")
    submit_with_keyboard(page, key="Space")
    assert world.meeting.invitations.get(person=member).rsvp == "accepted"

    page.goto(live_server.url + world.consultation.get_absolute_url())
    fill(page, "kind", "stand_aside")
    fill(page, "reason", "Schools in border districts need a year more.")
    submit_with_keyboard(page)
    position = Position.objects.get(round=world.silence_round, person=member)
    assert (position.kind, position.reason) == ("stand_aside", "Schools in border districts need a year more.")
    assert page.csp_violations == []


def test_a_focal_point_files_a_report_with_the_keyboard(page, live_server, world):
    from recommendations.models import ImplementationReport

    focal = world.people["focal"]
    _sign_in_with_keyboard(page, live_server.url, focal)
    before = ImplementationReport.objects.filter(recommendation=world.published).count()

    page.goto(live_server.url + f"/recommendations/{world.published.pk}/report/UZ/")
    if tab_to_field(page, "period") != "select-one":
        page.keyboard.press("Control+A")
        page.keyboard.type("2024-H2")
    page.keyboard.press("Home")  # the first period offered
    fill(page, "status", "implemented")
    fill(page, "progress", "100")
    fill(page, "narrative", "All teachers of the border districts are trained.")
    submit_with_keyboard(page)
    reports = ImplementationReport.objects.filter(recommendation=world.published, state=world.states["UZ"])
    assert reports.count() == before + 1
    report = reports.order_by("-pk").first()
    assert (report.status, report.progress) == ("implemented", 100)
    assert "border districts" in report.narrative
    assert page.csp_violations == []
