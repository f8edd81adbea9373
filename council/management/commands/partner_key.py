"""Issue a partner API key from the command line (the admin does the same with a form): prints the secret once.

manage.py partner_key --organisation UNOCT --name "Data portal" --scope recommendations:read --scope meetings:read
manage.py partner_key --organisation UNOCT --name "All reads" --all-reads --expires-in-days 365
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from council.models import Organisation
from council.partners import services
from council.partners.scopes import READ_SCOPES, Scope


class Command(BaseCommand):
    help = "Issue an API key to a partner organisation and print it (shown only this once)."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", required=True, help="The organisation's acronym or name (exact).")
        parser.add_argument("--name", required=True, help="What the key is for.")
        parser.add_argument("--scope", action="append", default=[], choices=Scope.values, help="A scope; repeat.")
        parser.add_argument("--all-reads", action="store_true", help="Every read scope.")
        parser.add_argument("--all-scopes", action="store_true", help="Every scope, the writes included.")
        parser.add_argument("--expires-in-days", type=int, default=None)

    def handle(self, *args, **options):
        wanted = options["organisation"].strip()
        matches = list(
            Organisation.objects.filter(
                Q(acronym__iexact=wanted)
                | Q(acronym_en__iexact=wanted)
                | Q(acronym_ru__iexact=wanted)
                | Q(name__iexact=wanted)
                | Q(name_en__iexact=wanted)
            ).distinct()[:2]
        )
        if len(matches) != 1:
            raise CommandError(f"No single organisation is called {wanted!r} ({len(matches)} found).")
        scopes = set(options["scope"])
        if options["all_reads"]:
            scopes |= READ_SCOPES
        if options["all_scopes"]:
            scopes |= set(Scope.values)
        days = options["expires_in_days"]
        if days is not None and days < 1:
            raise CommandError("--expires-in-days must be 1 or more.")
        expiry = timezone.now() + datetime.timedelta(days=days) if days else None
        try:
            key, secret = services.key_issue(
                organisation=matches[0], name=options["name"], scopes=sorted(scopes), expiry_date=expiry, by=None
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stderr.write(f"Key {key.prefix}… for {key.organisation} with scopes {', '.join(key.scopes)}.")
        self.stdout.write(secret)
