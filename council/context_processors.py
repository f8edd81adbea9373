"""Values every portal page may show."""

from django.conf import settings


def secretariat(request) -> dict:
    """The secretariat's address, for pages that tell a person whom to ask ("" when none is configured)."""
    return {"SECRETARIAT_EMAIL": settings.SECRETARIAT_EMAIL}
