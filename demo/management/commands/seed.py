"""Load the council's demo data (safe to run again: it only adds what is missing)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from demo.council import seed_council
from demo.figures import seed_figures
from demo.meetings import seed_meetings
from demo.outcomes import seed_outcomes
from demo.programme import seed_programme
from demo.recommendations import seed_recommendations


class Command(BaseCommand):
    help = "Load the demo data: states, organisations, bodies, fictional members, meetings, the demo account."

    def handle(self, *args, **options):
        report = seed_council()
        meetings = seed_meetings()
        if meetings:
            report.created["meetings"] = meetings
        recommendations = seed_recommendations()
        if recommendations:
            report.created["recommendations"] = recommendations
        figures = seed_figures()
        if figures:
            report.created["regional figures"] = figures
        programme = seed_programme()
        if programme:
            report.created["roadmap rows"] = programme
        outcomes = seed_outcomes()
        if outcomes:
            report.created["outcome documents"] = outcomes
        if report.created:
            added = ", ".join(f"{n} {what}" for what, n in report.created.items())
            self.stdout.write(self.style.SUCCESS(f"Demo data added: {added}."))
        else:
            self.stdout.write("Demo data already present; nothing changed.")
        if report.demo_account_removed:
            self.stdout.write(self.style.WARNING("DEBUG is off: the demo accounts were deactivated."))
        if report.demo_account:
            email, password = report.demo_account
            self.stdout.write("")
            self.stdout.write(self.style.SUCCESS("Demo secretariat account (local use only):"))
            self.stdout.write(f"  email:    {email}")
            self.stdout.write(f"  password: {password or '(changed since it was created)'}")
            self.stdout.write(f"  admin:    {settings.SITE_URL}/admin/")
            self.stdout.write("  The first sign-in asks for a second factor: have an authenticator app ready.")
        if report.demo_member:
            email, password = report.demo_member
            self.stdout.write("")
            self.stdout.write(self.style.SUCCESS("Demo working-group member (reads Uzbek; local use only):"))
            self.stdout.write(f"  email:    {email}")
            self.stdout.write(f"  password: {password or '(changed since it was created)'}")
