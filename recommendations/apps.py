from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    verbose_name = _("Recommendations")

    def ready(self):
        from council.outbox.registry import kind_register
        from council.reporting import builder_register
        from council.secretariat import secretariat_permissions_register
        from recommendations import emails, implementation_report, reports, tasks  # noqa: F401 - registers the tasks
        from recommendations.meeting_record import MEETING_RECORD

        not_owed = emails.round_notice_not_owed
        # Notices that may wait for a member's daily digest, if they chose one (council.outbox.digest).
        kind_register(emails.ROUND_OPENED, build=emails.build_round_opened, not_owed=not_owed, digestible=True)
        kind_register(emails.ROUND_REMINDER, build=emails.build_round_reminder, not_owed=not_owed, digestible=True)
        kind_register(emails.ROUND_OUTCOME, build=emails.build_round_outcome, not_owed=not_owed, digestible=True)
        kind_register(emails.REPORT_REMINDER, build=emails.build_report_reminder, digestible=True)
        # The PDF documents of recommendations: the compendium, the dossier, the implementation report, and the
        # meeting record (it holds the meeting's decisions, so it lives above meetings).
        for builder in (*reports.BUILDERS, implementation_report.BUILDER, MEETING_RECORD):
            builder_register(builder)
        secretariat_permissions_register(self.label)  # the secretariat records rounds and publishes texts
