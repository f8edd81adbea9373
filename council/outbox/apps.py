from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "council.outbox"
    label = "outbox"
    verbose_name = _("Outbox")

    def ready(self):
        from council.outbox import digest, sweep, tasks
        from council.outbox.models import OutboxMessage
        from council.outbox.registry import kind_register

        # A row held for a digest is sent in it, never alone: the sweep leaves it be.
        sweep.sweep_register(
            "messages", queryset=lambda: OutboxMessage.objects.filter(held_for_digest=False), task=tasks.SEND_MESSAGE
        )
        kind_register(digest.DIGEST, build=digest.build_digest, not_owed=digest.digest_not_owed)
