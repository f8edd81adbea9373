from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from council.outbox.sweep import sweep_register
        from council.reporting import builder_register
        from council.secretariat import secretariat_permissions_register
        from meetings import services, tasks  # noqa: F401 - registers the tasks, dispatched by name
        from meetings.models import Invitation, Meeting, Reminder
        from meetings.reports import INVITATION_LETTER, OUTCOME_DOCUMENT

        # Rows of cancelled meetings still owe their cancellation; drafts and held meetings owe nothing.
        live = {"meeting__status__in": [Meeting.Status.SCHEDULED, Meeting.Status.CANCELLED]}
        sweep_register(
            "invitations",
            queryset=lambda: Invitation.objects.filter(**live),
            task=services.SEND_INVITATION,
            batched=True,
        )
        sweep_register("reminders", queryset=Reminder.objects.all, task=services.SEND_REMINDER)
        secretariat_permissions_register(self.label)  # the secretariat prepares and runs every meeting
        builder_register(INVITATION_LETTER)
        builder_register(OUTCOME_DOCUMENT)
