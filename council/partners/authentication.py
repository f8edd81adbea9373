"""A partner's key in the `Authorization: Api-Key <secret>` header; a person's session in the browser."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from council.partners import selectors, usage
from council.partners.principal import PartnerPrincipal

KEYWORD = "Api-Key"


class PartnerKeyAuthentication(authentication.BaseAuthentication):
    """No header: not this scheme (a session may follow). A header with a wrong, expired or revoked key: 401."""

    def authenticate(self, request):
        # As a string, as the server gave it (WSGI decodes headers as latin-1); DRF's helper would re-encode it
        # and fail on characters outside latin-1.
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            return None
        scheme, _sep, secret = header.partition(" ")
        if scheme.lower() != KEYWORD.lower():
            raise exceptions.AuthenticationFailed(
                _("Send the key as “Authorization: Api-Key <key>”."), code="authentication_scheme"
            )
        key = selectors.key_for_secret(secret.strip())
        if key is None:
            raise exceptions.AuthenticationFailed(_("The API key is unknown, expired or revoked."), code="invalid_key")
        usage.count(key.pk)
        return PartnerPrincipal(key), key

    def authenticate_header(self, request):
        return f'{KEYWORD} realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    """A signed-in, active person's session (CSRF enforced on writes by DRF)."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None or not result[0].is_active:
            return None
        return result
