"""Who may see recommendations and take part in their rounds and follow-up."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from council.access import Viewer, access_q, can_see_level
from council.models import Body, Membership
from council.permissions import can_see_member_names, is_secretariat, member_body_ids
from council.reporting import Audience
from recommendations.models import ConsensusRound, Recommendation

# Statuses a text has once its working group adopted it: from then on the executive committee reads it.
REACHED_EXECUTIVE_COMMITTEE = (
    Recommendation.Status.ADOPTED,
    Recommendation.Status.ENDORSED,
    *Recommendation.PUBLISHED_STATUSES,
)


def published_recommendations_q() -> Q:
    """Recommendations whose text is published: their access level decides who reads them."""
    return Q(status__in=Recommendation.PUBLISHED_STATUSES)


def visible_recommendations_q(user) -> Q | None:
    """Drafts stay within their group (and the executive committee once adopted); published texts follow
    their access level (council.access), owned by their working group. None means everything (the secretariat)."""
    if is_secretariat(user):
        return None
    condition = published_visible_q(user)
    if member_body_ids(user):
        condition |= ~published_recommendations_q() & drafts_visible_q(user)
    return condition


def published_visible_q(user) -> Q:
    """Published texts the user may read (the first half of `visible_recommendations_q`): those whose access level
    the user sees, owned by their working group; every published text for the secretariat. No draft."""
    if is_secretariat(user):
        return published_recommendations_q()
    return published_recommendations_q() & access_q(user, bodies="working_group")


def can_read_published(user, recommendation) -> bool:
    """`published_visible_q` for one recommendation in hand (its status, level and working group read, no query)."""
    return recommendation.is_public_text and (
        is_secretariat(user) or can_see_level(user, recommendation.access, {recommendation.working_group_id})
    )


def drafts_visible_q(user) -> Q | None:
    """Recommendations whose drafts the user may read: every version with its "why this version" note and
    the changes between them. The working group's members (from the first draft), the executive committee
    (once the group has adopted the text), the secretariat (None: all). The public reads published versions."""
    if is_secretariat(user):
        return None
    body_ids = member_body_ids(user)
    if not body_ids:
        return Q(pk__in=[])
    condition = Q(working_group__in=body_ids)
    if _sits_on_executive_committee(user, body_ids):
        condition |= Q(status__in=REACHED_EXECUTIVE_COMMITTEE)
    return condition


def drafts_reader_body_ids(recommendation) -> set[int]:
    """The bodies whose current members read the recommendation's drafts (drafts_visible_q seen from the
    recommendation's side, for a document that shows them): its working group, and the executive committee once
    the group has adopted the text. The secretariat reads them too."""
    body_ids = {recommendation.working_group_id}
    if recommendation.status in REACHED_EXECUTIVE_COMMITTEE:
        body_ids |= set(Body.objects.filter(kind=Body.Kind.EXECUTIVE_COMMITTEE).values_list("pk", flat=True))
    return body_ids


def audience_with_recommendation(audience: Audience, recommendation, *, executive_committee_ids=()) -> Audience:
    """The audience of a document once it also holds this recommendation (its title, rounds and reasons): a
    published text is read at its access level, owned by its working group; a draft by its group's members, and
    by the executive committee's (`executive_committee_ids`) once the group has adopted it."""
    if recommendation.is_public_text:
        return audience.with_item(recommendation.access, {recommendation.working_group_id})
    readers = {recommendation.working_group_id}
    if recommendation.status in REACHED_EXECUTIVE_COMMITTEE:
        readers |= set(executive_committee_ids)
    return audience.with_members_of(readers)


def _sits_on_executive_committee(user, body_ids) -> bool:
    cached = getattr(user, "_sits_on_executive_committee", None)
    if cached is None:
        cached = user._sits_on_executive_committee = Body.objects.filter(
            kind=Body.Kind.EXECUTIVE_COMMITTEE, pk__in=body_ids
        ).exists()
    return cached


def filter_visible_recommendations(queryset: QuerySet, user) -> QuerySet:
    condition = visible_recommendations_q(user)
    return queryset if condition is None else queryset.filter(condition)


def can_see_drafts(user, recommendation) -> bool:
    """May the user read the recommendation's earlier versions, their notes and the changes between them?"""
    condition = drafts_visible_q(user)
    if condition is None:
        return True
    return type(recommendation).objects.filter(condition, pk=recommendation.pk).exists()


def versions_for(user, recommendation, versions: list) -> list:
    """The versions the user may read: all of them for those who see drafts; else the published text only."""
    if can_see_drafts(user, recommendation):
        return versions
    if not recommendation.is_public_text:
        return []
    return [v for v in versions if v.pk == recommendation.current_version_id]


# Partner consultation: the secretariat opens a text in consultation to partner organisations' comments (API).


def partners_may_read(access: str) -> bool:
    """Is a text of this level, once published, one partner organisations read? Only such a text may be opened to
    their comments while in consultation (its draft is then shown to them: it must not be one they will never see)."""
    return access in Viewer.partner().levels


def partner_comment_targets_q(user) -> Q:
    """Recommendations a partner key may comment on, or read its own comments on: opened to partners by the
    secretariat, at a level the key reads. Whether they are still in consultation is services.partner_comment_add's
    question (a text that left it answers 409, not 404: the partner saw it)."""
    return Q(partner_consultation=True) & access_q(user, bodies="working_group")


def open_to_partner_comments_q(user) -> Q:
    """Recommendations in consultation now, opened to partners' comments, at a level the key reads: what partners
    may read (the current version) and comment on."""
    return Q(status=Recommendation.Status.CONSULTATION) & partner_comment_targets_q(user)


def can_read_partner_comments(user, recommendation) -> bool:
    """Partners' comments on a text are read by the secretariat and the current members of its working group
    (where the consultation happens); a partner key reads only its own organisation's, through the API."""
    return is_secretariat(user) or recommendation.working_group_id in member_body_ids(user)


def can_see_round_names(user, round_) -> bool:
    """Who answered what in a round, and who commented: the secretariat and current members of its body."""
    return can_see_member_names(user, round_.body)


def can_see_recommendation_names(user, recommendation) -> bool:
    """Who wrote a version, moved the text along or reported on it: the secretariat and current members of
    the working group that owns it."""
    return can_see_member_names(user, recommendation.working_group)


def filter_visible_reports(queryset: QuerySet, user) -> QuerySet:
    """Implementation reports (submitted ones: drafts live apart) are seen, evidence included, by those who see
    their recommendation."""
    condition = visible_recommendations_q(user)
    if condition is None:
        return queryset
    return queryset.filter(recommendation__in=Recommendation.objects.filter(condition).values("pk"))


def can_view_report(user, report) -> bool:
    """`filter_visible_reports` for one report."""
    return filter_visible_reports(type(report).objects.filter(pk=report.pk), user).exists()


def can_see_tally_positions(user, round_) -> bool:
    """How each member answered is shown once the round is closed; while open only who has answered."""
    return not round_.is_open or is_secretariat(user)


def is_round_member(user, round_) -> bool:
    """Does the user hold a position in the round? Reads `round_.members` (prefetched for the page)."""
    return user.pk is not None and any(m.person_id == user.pk for m in round_.members.all())


def can_take_position(user, round_, *, now=None) -> bool:
    """May the user give their own position on the page? A member of a silence procedure that is still open
    and before its deadline (positions taken at a meeting are recorded by the secretariat).
    services.position_record enforces its own rules whatever the page shows."""
    now = now or timezone.now()
    return (
        round_.is_open
        and is_round_member(user, round_)
        and round_.mode == ConsensusRound.Mode.SILENCE
        and (round_.deadline is None or round_.deadline > now)
    )


def can_comment(user, round_) -> bool:
    """May the user comment in a round? While it is open: those taking part in its body today (members and
    observers, any role) and the secretariat. The page's form, its POST and services.comment_add all ask here."""
    return (
        round_.is_open and user.is_authenticated and (is_secretariat(user) or round_.body_id in member_body_ids(user))
    )


def reportable_state_ids(user) -> set[int] | None:
    """Member states the user reports implementation for (as national focal point); None means all."""
    if is_secretariat(user):
        return None
    if not (user.is_authenticated and user.is_active):
        return set()
    return set(
        Membership.objects.active_on(timezone.localdate())
        .filter(person=user, is_focal_point=True, represents_state__isnull=False)
        .values_list("represents_state_id", flat=True)
    )


def can_report_for(user, state) -> bool:
    """The state's national focal points (and the secretariat) report on implementation."""
    states = reportable_state_ids(user)
    return states is None or state.pk in states


def can_view_report_draft(user, state) -> bool:
    """A report being written (a draft) is seen by the state's focal points, who write it, and the secretariat;
    by nobody else, and it counts nowhere until submitted."""
    return can_report_for(user, state)
