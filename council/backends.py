"""The authentication backend: allauth's, with the portal's rule of who may sign in."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend

from council.permissions import can_sign_in


class AuthenticationBackend(AllauthBackend):
    """Refuses accounts that may not sign in (the demo account once DEBUG is off), also for open sessions."""

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and can_sign_in(user)
