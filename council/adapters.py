"""How django-allauth behaves in this portal."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        """No open self-sign-up: the secretariat creates every account."""
        return False
