"""Re-encrypt every stored second-factor secret under the newest key (after a change of MFA_ENCRYPTION_KEY)."""

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand

from council.mfa import authenticators_reencrypt


class Command(BaseCommand):
    help = (
        "Re-encrypt the TOTP secrets and recovery-code seeds under the first key of MFA_ENCRYPTION_KEY "
        "(or the key derived from SECRET_KEY). Keep the previous key listed after the new one until this has run."
    )

    def handle(self, *args, **options):
        count = authenticators_reencrypt(Authenticator.objects.all())
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted the secrets of {count} authenticators."))
