"""What a partner key may be given: the read scope of each resource, and the two writes.

A key without a resource's scope gets 403 from it. Within a scope, the access rule decides what is seen: a key sees
the `public` and `partners` levels (council.access.Viewer.partner()), never a body's or the secretariat's things.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    COUNCIL_READ = "council:read", _("read the council's structure: member states, organisations, bodies")
    MEETINGS_READ = "meetings:read", _("read meetings, their agendas, documents and calendars")
    RECOMMENDATIONS_READ = "recommendations:read", _("read published recommendations")
    IMPLEMENTATION_READ = "implementation:read", _("read the implementation figures")
    REPORTS_READ = "reports:read", _("read published reports")
    PROGRAMME_READ = "programme:read", _("read the programme of work: roadmaps and their activities")
    FIGURES_READ = "figures:read", _("read the published regional figures")
    ROADMAP_UPDATE = "roadmap:update", _("update the activities the organisation leads")
    CONSULTATION_COMMENT = "consultation:comment", _("comment on recommendations in consultation")
    WEBHOOKS_MANAGE = "webhooks:manage", _("manage webhook endpoints and read their deliveries")


READ_SCOPES = frozenset(
    {
        Scope.COUNCIL_READ,
        Scope.MEETINGS_READ,
        Scope.RECOMMENDATIONS_READ,
        Scope.IMPLEMENTATION_READ,
        Scope.REPORTS_READ,
        Scope.PROGRAMME_READ,
        Scope.FIGURES_READ,
    }
)
# Scopes a signed-in person has in the browser: the reads, never a partner's writes.
SESSION_SCOPES = READ_SCOPES


def scopes_clean(values) -> list[str]:
    """The scopes as stored: known values only, each once, in the order of `Scope`."""
    wanted = set(values or ())
    unknown = wanted - set(Scope.values)
    if unknown:
        raise ValueError(f"Unknown scopes: {sorted(unknown)}")
    return [value for value in Scope.values if value in wanted]
