"""The emails of recommendations, built by the outbox when they are sent, in the recipient's language.

Kinds (registered in RecommendationsConfig.ready()): the notices of a consensus round (opening, reminder,
outcome) and the reminder of an implementation report due.
"""

import zoneinfo

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _

from council.outbox.build import render_email
from recommendations import consensus

ROUND_OPENED = "recommendations.round_opened"
ROUND_REMINDER = "recommendations.round_reminder"
ROUND_OUTCOME = "recommendations.round_outcome"
REPORT_REMINDER = "recommendations.report_reminder"


def round_time_zone(round_) -> zoneinfo.ZoneInfo:
    """Persons have no time zone of their own: the round's meeting's zone, else the council's seat."""
    name = round_.meeting.timezone if round_.meeting_id else settings.RECOMMENDATIONS_ROUND_TIME_ZONE
    return zoneinfo.ZoneInfo(name)


def _local(moment, zone) -> str:
    """A date and a 24-hour time in `zone`, naming the zone (the reader may live in another one)."""
    local = moment.astimezone(zone)
    return f"{formats.date_format(local, 'DATE_FORMAT')}, {local:%H:%M} ({zone.key})"


def _round(row):
    from recommendations.models import ConsensusRound

    return (
        ConsensusRound.objects.select_related("recommendation", "version", "body", "meeting")
        .filter(pk=row.context["round"])
        .first()
    )


def _round_email(row, *, template: str, subject, extra=None):
    """`subject(context)` and `extra(round_, zone)` are called in the recipient's language."""
    from council.models import User

    round_ = _round(row)
    recommendation = round_.recommendation
    zone = round_time_zone(round_)
    with translation.override(row.language):
        context = {
            "person": User.objects.filter(pk=row.recipient_id).first(),
            "round": round_,
            "recommendation": recommendation,
            "code": recommendation.code,
            "title": round_.version.title_in(row.language),
            "version": round_.version.number,
            "body": str(round_.body),
            "deadline": _local(round_.deadline, zone) if round_.deadline else "",
            "answer_url": (settings.SITE_URL + recommendation.get_absolute_url()) if row.context.get("answer") else "",
            "page_url": settings.SITE_URL + recommendation.get_absolute_url(),
            "site_url": settings.SITE_URL,
            **(extra(round_, zone) if extra else {}),
        }
        subject_text = subject(context)
    return render_email(
        template=template,
        context=context,
        subject=subject_text,
        to=row.email,
        language=row.language,
        message_id=row.message_id,
    )


def build_round_opened(row):
    def subject(context):
        return _("Silence procedure on %(code)s: answer by %(deadline)s") % {
            "code": context["recommendation"].code,
            "deadline": context["deadline"],
        }

    return _round_email(row, template="round_opened", subject=subject)


def build_round_reminder(row):
    def subject(context):
        return _("Reminder: the silence procedure on %(code)s ends %(deadline)s") % {
            "code": context["recommendation"].code,
            "deadline": context["deadline"],
        }

    return _round_email(row, template="round_reminder", subject=subject)


def _outcome_context(round_, zone) -> dict:
    counts = (round_.tally or {}).get("counts", {})
    return {
        "result": round_.get_result_display(),
        "closed": _local(round_.closed_at, zone) if round_.closed_at else "",
        "support": counts.get(consensus.Position.SUPPORT, 0),
        "stand_aside": counts.get(consensus.Position.STAND_ASIDE, 0),
        "objection": counts.get(consensus.Position.OBJECTION, 0),
        "silence": round_.mode == round_.Mode.SILENCE,
    }


def build_round_outcome(row):
    def subject(context):
        return _("Outcome of the consensus round on %(code)s: %(result)s") % {
            "code": context["recommendation"].code,
            "result": context["result"],
        }

    return _round_email(row, template="round_outcome", subject=subject, extra=_outcome_context)


def round_notice_not_owed(row) -> str:
    """An opening notice or reminder of a round that is no longer open, or a reminder to who has answered."""
    from recommendations.models import ConsensusRound

    round_ = _round(row)
    if round_ is None:
        return "The round no longer exists."
    if row.kind == ROUND_OUTCOME:
        return ""
    if round_.state != ConsensusRound.State.OPEN:
        return "The round closed before this notice was sent."
    if row.kind == ROUND_REMINDER and round_.positions.filter(person_id=row.recipient_id).exists():
        return "The member answered before the reminder was sent."
    return ""


def build_report_reminder(row):
    from council.models import MemberState
    from recommendations.models import Recommendation

    recommendation = Recommendation.objects.get(pk=row.context["recommendation"])
    state = MemberState.objects.get(pk=row.context["state"])
    with translation.override(row.language):
        context = {
            "code": recommendation.code,
            "state": state.name,
            "period": row.context["period"],
            "url": settings.SITE_URL + recommendation.get_absolute_url(),
            "site_url": settings.SITE_URL,
        }
        subject = _("Implementation report due: %(code)s") % {"code": recommendation.code}
    return render_email(
        template="report_reminder",
        context=context,
        subject=subject,
        to=row.email,
        language=row.language,
        message_id=row.message_id,
    )
