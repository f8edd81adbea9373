"""Meetings, agendas, invitations and attendance (built in the meetings issue)."""
