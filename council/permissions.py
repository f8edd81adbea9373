"""Who may do what in the council app: one question, one function."""


def can_use_admin(user) -> bool:
    """The secretariat's admin is for active staff only."""
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def is_secretariat(user) -> bool:
    return can_use_admin(user)


def can_see_member_names(user) -> bool:
    """Names of members are personal data: shown to signed-in people only, never on public pages."""
    return bool(user.is_authenticated and user.is_active)
