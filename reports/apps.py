from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from celery.signals import worker_process_init

        from council.outbox.registry import kind_register
        from council.reporting import pdf_now_register
        from council.secretariat import secretariat_permissions_register
        from reports import emails, services, tasks  # noqa: F401 - registers the tasks
        from reports.limits import memory_limit_apply

        from . import checks  # noqa: F401 - registers the system checks

        pdf_now_register(services.document_now)
        kind_register(emails.REPORT_READY, build=emails.build_report_ready, not_owed=emails.report_ready_not_owed)
        worker_process_init.connect(memory_limit_apply, weak=False, dispatch_uid="reports-memory-limit")

        # The secretariat produces the reports; the admin itself refuses adding, changing and deleting a report.
        secretariat_permissions_register(self.label)
