"""The secretariat's admin site: Django's, with limits that every screen needs."""

from functools import update_wrapper

from django.contrib import admin, messages
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.main import SEARCH_VAR
from django.utils.translation import gettext as _

# A search is a few words; a thousand would become thousands of LIKE clauses (SQLite refuses, PostgreSQL crawls).
SEARCH_MAX_WORDS = 10
SEARCH_MAX_CHARS = 200


def cap_search(request) -> None:
    """Shorten an over-long admin search to its first words and tell the person so."""
    query = request.GET.get(SEARCH_VAR)
    if not query:
        return
    words = query.split()
    if len(words) <= SEARCH_MAX_WORDS and len(query) <= SEARCH_MAX_CHARS:
        return
    capped = " ".join(words[:SEARCH_MAX_WORDS])[:SEARCH_MAX_CHARS]
    params = request.GET.copy()
    params[SEARCH_VAR] = capped
    request.GET = params
    messages.warning(
        request,
        _("The search was too long: only its first %(words)d words (at most %(chars)d characters) were used.")
        % {"words": SEARCH_MAX_WORDS, "chars": SEARCH_MAX_CHARS},
    )


class CouncilAdminSite(admin.AdminSite):
    """Every admin view passes through `admin_view`; the limits are applied there, once for all screens."""

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            cap_search(request)
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, inner)


class CouncilAdminConfig(AdminConfig):
    """Installs `CouncilAdminSite` as `django.contrib.admin.site`."""

    default_site = "council.admin_site.CouncilAdminSite"
