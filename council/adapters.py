"""How django-allauth behaves in this portal: sign-up, sign-in throttling, the demo account, second factors,
and its emails, which go through the outbox."""

import hashlib
import ipaddress

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.internal import ratelimit
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import CSRF_TOKEN_LENGTH
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from council import mfa, permissions

LOGIN_DEVICE_COOKIE = "rec_login_device"
LOGIN_DEVICE_SALT = "council.login-device"
# A browser remembers this many accounts it signed in to.
LOGIN_DEVICE_ACCOUNTS = 5
IPV6_PREFIX = 64
FORM_SUBMISSION_SALT = "council.form-submission"


def _address(value) -> str | None:
    """The value as a normalised IP address, or None; an IPv6 address stands for its /64 network."""
    if not value:
        return None
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:443"
        value = value.split(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False).network_address)
    return str(address)


def client_ip(request) -> str | None:
    """The client's address: from the proxy when settings.BEHIND_PROXY says there is one, else REMOTE_ADDR.

    X-Forwarded-For is read from the right: each of our TRUSTED_PROXY_COUNT proxies appends the address
    that connected to it, so the entry the outermost one appended is the client; whatever the client put
    further left is ignored. A header a proxy sets itself (TRUSTED_CLIENT_IP_HEADER) wins when configured.
    """
    candidate = None
    if settings.TRUSTED_CLIENT_IP_HEADER:
        candidate = request.headers.get(settings.TRUSTED_CLIENT_IP_HEADER)
    elif settings.TRUSTED_PROXY_COUNT:
        hops = [hop for hop in request.headers.get("X-Forwarded-For", "").split(",") if hop.strip()]
        if hops:
            candidate = hops[-min(settings.TRUSTED_PROXY_COUNT, len(hops))]
    return _address(candidate) or _address(request.META.get("REMOTE_ADDR"))


def _login_name(credentials: dict) -> str:
    return str(credentials.get("email") or credentials.get("username") or "").strip().lower()


def _account_digest(login: str) -> str:
    return hashlib.sha256(login.encode()).hexdigest()[:32]


def _known_accounts(request) -> list[str]:
    cookie = request.COOKIES.get(LOGIN_DEVICE_COOKIE)
    if not cookie:
        return []
    try:
        accounts = signing.loads(cookie, salt=LOGIN_DEVICE_SALT, max_age=settings.LOGIN_DEVICE_COOKIE_AGE)
    except signing.BadSignature:
        return []
    return [a for a in accounts if isinstance(a, str)] if isinstance(accounts, list) else []


def form_submission(request) -> str:
    """Which rendering of a form a POST submits, or "": a digest of the form's CSRF token.

    Django masks the token anew each time it renders a form, so a double submit of one form carries the same
    token and a form loaded again another. A value of the length of the unmasked secret (a client that
    copied the cookie) is the same on every request, so it names no submission.
    """
    if request is None or request.method != "POST":
        return ""
    token = request.POST.get("csrfmiddlewaretoken", "")
    if len(token) != CSRF_TOKEN_LENGTH:
        return ""
    return salted_hmac(FORM_SUBMISSION_SALT, token).hexdigest()[:32]


class AccountAdapter(DefaultAccountAdapter):
    """Sign-in throttling: failures are counted per client address, per address and account, and per account
    from browsers that have never signed in to it. So an attacker is slowed down from every address, and the
    owner, who signs in from a known browser or from another address, is not locked out by them.
    """

    def send_mail(self, template_prefix, email, context):
        """Every email of allauth goes through the outbox: queued with the change, sent after the commit by a
        worker, built then in the recipient's language (council.emails); nothing is sent from here."""
        from council.services import account_email_queue

        account_email_queue(
            template=template_prefix,
            email=email,
            context=context,
            submission=form_submission(allauth_context.request),
        )

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        """allauth's security notices name their account only here: hand it on to `send_mail`."""
        return super().send_notification_mail(template_prefix, user, {**(context or {}), "user": user}, email)

    def format_email_subject(self, subject) -> str:
        """allauth's subjects begin as the portal's do, in the language the email is built in."""
        from council.outbox.build import subject_prefix

        return subject_prefix() + str(subject)

    def is_open_for_signup(self, request):
        """No open self-sign-up: the secretariat creates every account."""
        return False

    def get_client_ip(self, request) -> str:
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied(_("Your address could not be determined."))
        return ip

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # Per address and account: failures from one address never refuse the right password from another.
        return f"{self.get_client_ip(request)}:{_login_name(credentials)}"

    def pre_authenticate(self, request, **credentials) -> None:
        self._account_rl_usage = None
        super().pre_authenticate(request, **credentials)
        login = _login_name(credentials)
        if _account_digest(login) in _known_accounts(request):
            return
        # ratelimit.consume of allauth.core.internal, as allauth does, so a success can be taken back.
        self._account_rl_usage = ratelimit.consume(
            request, app="allauth.account", action="login_failed_account", key=f"account:{login}"
        )
        if not self._account_rl_usage:
            self._rollback_login_failed_rl_usage()
            raise self.validation_error("too_many_login_attempts")

    def _rollback_login_failed_rl_usage(self) -> None:
        """A successful sign-in does not count as a failure: take back what pre_authenticate consumed."""
        super()._rollback_login_failed_rl_usage()
        usage = getattr(self, "_account_rl_usage", None)
        if usage:
            usage.rollback()

    def _delete_login_attempts_cached_email(self, request, **credentials) -> None:
        """A completed password reset lifts the limits on its account (the reset is rate-limited itself)."""
        super()._delete_login_attempts_cached_email(request, **credentials)
        ratelimit.clear(
            request, app="allauth.account", action="login_failed_account", key=f"account:{_login_name(credentials)}"
        )

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None and user.is_active and not permissions.can_sign_in(user):
            return None  # the demo account in production: refused like a wrong password
        return user

    def pre_login(self, request, user, **kwargs):
        if user.is_active and not permissions.can_sign_in(user):
            from allauth.account.internal.stagekit import clear_login

            clear_login(request)
            return self.respond_user_inactive(request, user)
        return super().pre_login(request, user, **kwargs)

    def post_login(self, request, user, **kwargs):
        """Remember in this browser that it signed in to the account (exempts it from the per-account cap)."""
        response = super().post_login(request, user, **kwargs)
        digest = _account_digest(user.email.lower())
        accounts = [digest, *(a for a in _known_accounts(request) if a != digest)][:LOGIN_DEVICE_ACCOUNTS]
        response.set_cookie(
            LOGIN_DEVICE_COOKIE,
            signing.dumps(accounts, salt=LOGIN_DEVICE_SALT),
            max_age=settings.LOGIN_DEVICE_COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return response


class MFAAdapter(DefaultMFAAdapter):
    """Second-factor secrets are encrypted at rest, and nobody who must use a second factor removes their last."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Your account must keep a second factor. Add another authenticator app or security key first."
        ),
    }

    def encrypt(self, text: str) -> str:
        return mfa.secret_encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return mfa.secret_decrypt(encrypted_text)

    def can_delete_authenticator(self, authenticator) -> bool:
        return permissions.can_remove_own_authenticator(authenticator)
