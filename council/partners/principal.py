"""Who a partner key is to the rest of the portal: its organisation, never a person.

Every rule about people (seats, invitations, names, the secretariat) treats it as nobody: it is not authenticated as
a person and holds no seat. What it sees comes from `access_viewer`, which council.access reads: the levels a partner
key is given (`public` and `partners`), and no body.
"""

from council.access import Viewer


class PartnerPrincipal:
    is_authenticated = False  # not a signed-in person: no seat, no invitation, no name
    is_active = False
    is_staff = False
    is_superuser = False
    is_anonymous = False
    pk = id = None
    email = ""
    access_viewer = Viewer.partner()

    def __init__(self, key):
        self.key = key
        self.organisation = key.organisation

    def __str__(self):
        return f"{self.organisation} ({self.key.prefix})"
