"""System checks of webhooks (registered in WebhooksConfig.ready)."""

from django.conf import settings
from django.core.checks import Error, Tags, register

DAY = 24 * 3600


@register(Tags.security, deploy=True)
def check_webhooks_never_reach_loopback(app_configs=None, **kwargs):
    if settings.WEBHOOKS_ALLOW_LOOPBACK:
        return [
            Error(
                "WEBHOOKS_ALLOW_LOOPBACK is on: webhooks may be sent to this machine's own services.",
                hint="Unset WEBHOOKS_ALLOW_LOOPBACK in production; it is for tests with a receiver on 127.0.0.1.",
                id="webhooks.E001",
            )
        ]
    return []


@register(deploy=True)
def check_webhook_retries_last_a_day(app_configs=None, **kwargs):
    delays = settings.WEBHOOK_RETRY_DELAYS
    if sum(delays) < DAY or any(delay < 0 for delay in delays):
        return [
            Error(
                f"WEBHOOK_RETRY_DELAYS add up to {sum(delays):g} s: a partner's server down for a day would lose "
                "webhooks.",
                hint="Make the delays (seconds, none negative) add up to 86400 or more.",
                id="webhooks.E002",
            )
        ]
    return []
