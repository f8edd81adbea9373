"""The settings of webhooks: retries for a day and more, loopback for tests only, the beat's schedule."""

import pytest
from django.conf import settings

from council.webhooks.checks import check_webhook_retries_last_a_day, check_webhooks_never_reach_loopback


def test_production_defaults_retry_for_more_than_a_day():
    from config import settings as production

    assert sum(production.WEBHOOK_RETRY_DELAYS) >= 24 * 3600
    assert production.WEBHOOKS_ALLOW_LOOPBACK is False
    assert production.WEBHOOK_TIMEOUT_SECONDS <= 10 and production.WEBHOOK_CONNECT_TIMEOUT_SECONDS <= 5


def test_the_beat_hands_over_due_deliveries_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["webhooks-dispatch-due"]
    assert entry["task"] == "council.webhooks.tasks.deliveries_dispatch_due" and entry["schedule"] == 60
    from config.celery import app

    assert entry["task"] in app.tasks


@pytest.mark.parametrize(("delays", "errors"), [([3600] * 23, 1), ([3600] * 24, 0), ([-1, 90000], 1)])
def test_the_deploy_check_wants_retries_for_a_day(settings, delays, errors):
    settings.WEBHOOK_RETRY_DELAYS = delays
    assert len(check_webhook_retries_last_a_day()) == errors


def test_the_deploy_check_refuses_loopback(settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    assert [e.id for e in check_webhooks_never_reach_loopback()] == ["webhooks.E001"]
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    assert check_webhooks_never_reach_loopback() == []
