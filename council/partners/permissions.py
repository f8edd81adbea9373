"""Who may call an API view: a partner key holding the view's scope, or a signed-in person for the reads.

What each caller then sees is the one access rule's (council.access), applied by each app's selectors.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions

from council.partners.models import PartnerKey
from council.partners.scopes import SESSION_SCOPES


def is_partner(request) -> bool:
    return isinstance(request.auth, PartnerKey)


def caller_has_scope(request, scope: str) -> bool:
    """A key holds the scope; a signed-in active person has the read scopes."""
    if is_partner(request):
        return request.auth.has_scope(scope)
    user = request.user
    return bool(user and user.is_authenticated and user.is_active and scope in SESSION_SCOPES)


class HasScope(permissions.BasePermission):
    """The view's `required_scope` (or `required_scopes[action]`): no caller → 401, a caller without it → 403."""

    def has_permission(self, request, view):
        if not is_partner(request) and not (request.user and request.user.is_authenticated):
            raise exceptions.NotAuthenticated(_("Send an API key (“Authorization: Api-Key <key>”) or sign in."))
        scope = required_scope(view, request)
        if scope is None or not caller_has_scope(request, scope):
            raise exceptions.PermissionDenied(
                _("This key does not hold the scope “%(scope)s”.") % {"scope": scope}
                if is_partner(request)
                else _("Only a partner key with the scope “%(scope)s” may do this.") % {"scope": scope},
                code="missing_scope",
            )
        return True


def required_scope(view, request=None) -> str | None:
    by_action = getattr(view, "required_scopes", None) or {}
    action = getattr(view, "action", None)
    if action in by_action:
        return by_action[action]
    return getattr(view, "required_scope", None)
