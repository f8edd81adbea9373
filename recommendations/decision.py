"""What the decision page says about a consensus round: how it decides, and its moments in the reader's zone.

The outcome rule itself is `recommendations.consensus` (one function): these are its words for people, with the
numbers taken from it (`QuorumRule.members_needed`) and from the round (its quorum, copied from its body when it
opened).
"""

import datetime
import zoneinfo

from django.utils import formats
from django.utils.translation import gettext as _

from recommendations import consensus
from recommendations.emails import round_time_zone
from recommendations.models import ConsensusRound


def reader_zone(user, round_: ConsensusRound) -> zoneinfo.ZoneInfo:
    """The reader's own time zone when their account has one, else the round's (its meeting's, or the council's)."""
    name = getattr(user, "time_zone", "") or ""
    if name:
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    return round_time_zone(round_)


def utc_offset(local: datetime.datetime) -> str:
    """ "UTC+05:00" for a moment in Tashkent."""
    offset = local.strftime("%z") or "+0000"
    return f"UTC{offset[:3]}:{offset[3:]}"


def moment(value: datetime.datetime, zone: zoneinfo.ZoneInfo) -> str:
    """A date and a 24-hour time in `zone`, naming the zone and its offset: "15 December 2026, 18:00 (Asia/Tashkent,
    UTC+05:00)"."""
    local = value.astimezone(zone)
    return f"{formats.date_format(local, 'DATE_FORMAT')}, {local:%H:%M} ({zone.key}, {utc_offset(local)})"


def deadline_text(round_: ConsensusRound, user) -> str:
    """The round's deadline in the reader's zone and, where it differs, in the round's own."""
    if round_.deadline is None:
        return ""
    mine, venue = reader_zone(user, round_), round_time_zone(round_)
    text = moment(round_.deadline, mine)
    if mine.key != venue.key:
        text += " · " + moment(round_.deadline, venue)
    return text


def round_rule(round_: ConsensusRound, deadline: str) -> str:
    """One sentence: how this round decides (quorum, what an objection does, what silence means, the deadline)."""
    members = len(round_.members.all())  # prefetched for the page
    rule = consensus.QuorumRule(share=round_.quorum_share, min_states=round_.quorum_states)
    numbers = {
        "needed": rule.members_needed(members),
        "members": members,
        "states": rule.min_states,
        "deadline": deadline,
    }
    if round_.mode == ConsensusRound.Mode.SILENCE:
        return (
            _(
                "Decided in writing (silence procedure): silence until %(deadline)s counts as support, so every one "
                "of the %(members)s members is counted (quorum: %(needed)s members from %(states)s member states); "
                "the text is adopted unless a formal objection stands at the deadline, which blocks it, and a "
                "reservation (stand aside) is annexed to it."
            )
            % numbers
        )
    return (
        _(
            "Decided in a meeting: the secretariat records the positions of the members present; the text is "
            "adopted when at least %(needed)s of the %(members)s members from at least %(states)s member states "
            "are present and no formal objection stands, which blocks it, and a reservation (stand aside) is "
            "annexed to it; members absent are not counted."
        )
        % numbers
    )


def objection_consequence(round_: ConsensusRound, deadline: str) -> str:
    """What a formal objection will do, said before it is recorded."""
    if round_.deadline is None:
        return _(
            "Your formal objection will block adoption of this text unless you withdraw it before the round closes."
        )
    return _("Your formal objection will block adoption of this text unless you withdraw it before %(deadline)s.") % {
        "deadline": deadline
    }
