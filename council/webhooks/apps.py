from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "council.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        from council.outbox.sweep import sweep_register
        from council.secretariat import secretariat_permissions_register
        from council.webhooks import checks, tasks  # noqa: F401 - registers the checks and the tasks
        from council.webhooks.models import WebhookDelivery

        # Rows still queued well after they were due, or whose worker died, go again (besides the beat's
        # every-minute dispatch of due rows, which also sends retries when their time comes).
        sweep_register(
            "webhooks",
            queryset=lambda: WebhookDelivery.objects.filter(endpoint__is_active=True),
            task=tasks.SEND_DELIVERY,
        )
        # The secretariat registers partners' endpoints and follows their deliveries.
        secretariat_permissions_register(self.label)
