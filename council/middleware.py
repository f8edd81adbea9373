"""Request middleware of the portal."""

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.utils import translation


class PreferredLanguageMiddleware:
    """Show a signed-in person the portal in their preferred language until they pick another."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and user.preferred_language in dict(settings.LANGUAGES)
        ):
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
        return self.get_response(request)


class SignOutInactiveMiddleware:
    """End the session of a person whose account was deactivated (or deleted) since they signed in.

    Django already treats such a session as anonymous; flushing it means that reactivating the
    account later does not bring the old session back to life.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if SESSION_KEY in request.session and not request.user.is_authenticated:
            logout(request)
        return self.get_response(request)
