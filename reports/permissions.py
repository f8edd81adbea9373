"""Who may see a PDF report: exactly those who may see everything in it (DESIGN.md, "Reports").

A report's audience was stored with it when its data was gathered (council.reporting.Audience): its access level
(and bodies), the meeting whose invitees see it too, or, for a personal document, its addressee. The levels are
council.access's, the one rule; this module only adds the two other ways in. Whoever may not see a report gets a
404 from every view, never learns it exists, and never finds it in a list.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from council.access import access_q, can_see_level, viewer_of
from council.permissions import is_secretariat
from council.reporting import Audience
from meetings.models import Invitation
from reports.models import Report, ReportState


def _invitee_q(user) -> Q:
    """Invitations of `user`, by account or by address (as meetings.permissions reads them)."""
    return Q(person=user) | Q(email__iexact=user.email) if user.email else Q(person=user)


def _is_active_person(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def audience_admits(user, audience: Audience) -> bool:
    """May `user` see a document with this audience?"""
    if is_secretariat(user):
        return True
    if audience.person_id is not None:
        return _is_active_person(user) and user.pk == audience.person_id
    if can_see_level(user, audience.level, audience.body_ids):
        return True
    if audience.meeting_id is not None and _is_active_person(user):
        return Invitation.objects.filter(_invitee_q(user), meeting_id=audience.meeting_id).exists()
    return False


def audience_of(report: Report) -> Audience:
    return Audience(
        level=report.access,
        body_ids=frozenset(body.pk for body in report.bodies.all()),
        meeting_id=report.meeting_id,
        person_id=report.addressee_id,
    )


def can_view_report(user, report: Report) -> bool:
    return audience_admits(user, audience_of(report))


def visible_reports_q(user) -> Q | None:
    """A filter on the reports `user` may see; None means all of them (the secretariat)."""
    if is_secretariat(user):
        return None
    if not _is_active_person(user):
        return Q(addressee=None) & access_q(viewer_of(user), bodies="bodies")
    invited = Invitation.objects.filter(_invitee_q(user), meeting=OuterRef("meeting"))
    shared = Q(addressee=None) & (access_q(user, bodies="bodies") | (Q(meeting__isnull=False) & Exists(invited)))
    return shared | Q(addressee=user)


def filter_visible_reports(queryset: QuerySet, user) -> QuerySet:
    condition = visible_reports_q(user)
    if condition is None:
        return queryset
    # The join through bodies repeats rows: filter by id so that the caller's queryset does not.
    return queryset.filter(pk__in=Report.objects.filter(condition).values("pk"))


def can_retry_report(user, report: Report) -> bool:
    """A failed rendering is tried again by the secretariat or by whoever asked for it (if they still see it)."""
    if report.state != ReportState.FAILED:
        return False
    if is_secretariat(user):
        return True
    return _is_active_person(user) and report.requested_by_id == user.pk and can_view_report(user, report)
