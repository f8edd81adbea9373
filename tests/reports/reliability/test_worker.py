"""Reports rendered by a real Celery worker process, with its time limit, and announced by real email."""

import pytest
from django.db import connection

from config.celery import app
from reports import services
from reports.models import ReportState
from tests.meetings.reliability.harness import wait_until
from tests.reports import recommendation_data as rd
from tests.reports.pdf import text_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def reports_queue(live_celery, monkeypatch):
    """The rendering task goes to this test's queue (in production: its own `reports` queue)."""
    task = app.tasks["reports.tasks.report_render"]
    monkeypatch.setattr(task, "queue", live_celery.queue)
    monkeypatch.setattr(task, "_exec_options", None)
    return live_celery.queue


@pytest.fixture
def council(transactional_db, media):
    return rd.council()


def _announcing(smtp, report) -> list:
    """The emails the SMTP server holds that announce `report` (the recommendations' own notices aside)."""
    link = f"/reports/{report.pk}/"
    messages = [received.parsed() for received in smtp.received]
    return [m for m in messages if link in m.get_body(("plain",)).get_content()]


def _state(report):
    report.refresh_from_db()
    return report.state in (ReportState.DONE, ReportState.FAILED) and report


def test_a_worker_renders_the_report_and_the_person_who_asked_gets_an_email(
    council, workers, smtp, reports_queue, media
):
    codes = [rd.recommendation(council, "a", n=n).code for n in range(3)]
    workers.start(MEDIA_ROOT=str(media))

    report = services.report_request(kind="compendium", parameters={}, language="uz", by=council.staff)
    connection.close()  # the request's transaction committed: the worker takes it from here

    finished = wait_until(lambda: _state(report), timeout=60, what="the worker to finish the report")
    assert finished.state == ReportState.DONE, finished.error
    text = text_of(finished.file.read())
    assert all(code in text for code in codes) and "Bet 1 / " in text
    [message] = wait_until(lambda: _announcing(smtp, report), timeout=30, what="the 'report ready' email")
    assert message["To"] == council.staff.email


def test_a_rendering_past_its_time_limit_is_stopped_recorded_and_can_be_tried_again(
    council, workers, smtp, reports_queue, media, monkeypatch, settings
):
    for n in range(40):
        rd.recommendation(council, "ab"[n % 2], n=n)
    # The limits travel with the task's message (web and worker share the settings): a second here.
    settings.REPORTS_SOFT_TIME_LIMIT = 1
    monkeypatch.setattr(app.tasks["reports.tasks.report_render"], "soft_time_limit", 1)
    workers.start(MEDIA_ROOT=str(media), REPORTS_SOFT_TIME_LIMIT="1", REPORTS_TIME_LIMIT="30")

    report = services.report_request(kind="compendium", parameters={}, language="ru", by=council.staff)
    connection.close()

    finished = wait_until(lambda: _state(report), timeout=60, what="the worker to stop the report")
    assert finished.state == ReportState.FAILED, (
        workers.started[0].log_tail(60) and "1" in finished.error and not finished.file
    )
    assert not _announcing(smtp, report)  # nothing announced
