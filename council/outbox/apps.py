from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "council.outbox"
    label = "outbox"
    verbose_name = _("Outbox")

    def ready(self):
        from council.outbox import sweep, tasks
        from council.outbox.models import OutboxMessage

        sweep.sweep_register("messages", queryset=OutboxMessage.objects.all, task=tasks.SEND_MESSAGE)
