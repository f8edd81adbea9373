"""Request middleware of the portal."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from council.permissions import can_remove_own_authenticator, has_second_factor, must_use_second_factor

LINK_LANGUAGE_SESSION_KEY = "council_link_language"


def language_of_link_use(request, language: str) -> None:
    """Show this response in `language`, the language of the person a link in an email was made for (an RSVP
    link, a set-password link), unless the reader picked one with the language switcher (its cookie wins)."""
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES or language not in dict(settings.LANGUAGES):
        return
    translation.activate(language)
    request.LANGUAGE_CODE = language


class PreferredLanguageMiddleware:
    """Show a signed-in person the portal in their preferred language until they pick another; the page behind
    a set-password link is in the language of its account."""

    def __init__(self, get_response):
        self.get_response = get_response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and match.url_name == "account_reset_password_from_key_done":
            # The page after it, in the same language (the link's account is no longer in the URL).
            language_of_link_use(request, request.session.get(LINK_LANGUAGE_SESSION_KEY, ""))
            return None
        if match is None or match.url_name != "account_reset_password_from_key":
            return None
        from allauth.account.utils import url_str_to_user_pk

        from council.models import User

        try:
            pk = url_str_to_user_pk(view_kwargs.get("uidb36", ""))
        except (ValueError, TypeError, OverflowError, ValidationError):
            return None
        if not 0 < pk < 2**63:  # a made-up id beyond any key the database holds
            return None
        language = User.objects.filter(pk=pk).values_list("preferred_language", flat=True).first()
        if language:
            language_of_link_use(request, language)
            request.session[LINK_LANGUAGE_SESSION_KEY] = language
        return None

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


class RequireSecondFactorMiddleware:
    """Send a person who must use a second factor and has none to set one up, before any other page answers.

    Staff and superusers (and holders of settings.MFA_REQUIRED_ROLES) reach only the account pages under
    /accounts/ (sign-out, password, the second-factor pages), static files and the language switch until
    they have an authenticator app or a security key. It also keeps the last security key of such a person:
    allauth asks its adapter before an authenticator app is removed, but not before a security key is.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if self._always_open(request.path_info) or not must_use_second_factor(user) or has_second_factor(user):
            return self.get_response(request)
        accept = request.headers.get("Accept", "")
        if not accept or "text/html" in accept:  # a page, not a favicon or a script the page asked for
            messages.warning(
                request,
                _("Your account must use a second factor. Set up an authenticator app or a security key to continue."),
            )
        return redirect("mfa_index")

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if request.method != "POST" or match is None or match.url_name != "mfa_remove_webauthn":
            return None
        from allauth.mfa.models import Authenticator

        authenticator = Authenticator.objects.filter(
            pk=view_kwargs.get("pk"), user_id=request.user.pk, type=Authenticator.Type.WEBAUTHN
        ).first()
        if authenticator is None or can_remove_own_authenticator(authenticator):
            return None
        messages.error(
            request, _("Your account must keep a second factor. Add another authenticator app or security key first.")
        )
        return redirect("mfa_list_webauthn")

    @staticmethod
    def _always_open(path: str) -> bool:
        open_prefixes = ["/accounts/", reverse("council:language"), settings.STATIC_URL]
        return any(path.startswith(prefix) for prefix in open_prefixes if prefix)


def keeps_not_found(view):
    """Mark a view whose 404 stays a 404 for people signed out (its URL carries its own key, e.g. a feed)."""
    view.keeps_not_found = True
    return view


class SignInForHiddenPagesMiddleware:
    """Send a person signed out who asks for a page they cannot see to sign in, and back afterwards.

    A link in an email to a private meeting, recommendation or document is followed before signing in; a 404
    there reads as "the link is broken". So on the portal's pages a 404 answered to someone signed out becomes
    the sign-in page with `?next=`, for hidden things and things that do not exist alike (nothing leaks: both
    answer the same). Signed-in people still get 404. The partner API keeps its problem-details 404, the admin
    and the account pages their own rules, and a view marked `keeps_not_found` (a key in its URL) its 404.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Http404) or request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is None or "admin" in match.namespaces or getattr(match.func, "keeps_not_found", False):
            return None
        if any(request.path_info.startswith(prefix) for prefix in ("/api/", "/accounts/", settings.STATIC_URL)):
            return None
        return redirect_to_login(request.get_full_path())
