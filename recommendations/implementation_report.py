"""The implementation report (DESIGN.md "Implementation", "Reports"): what became of the published
recommendations in one period, state by state.

For a period (`2025-H1`) and optionally one working group: the matrix of published recommendations × member
states, each cell the latest report of that state up to and including the period (its status and progress; a
state the recommendation does not address is shown as not addressed), the roll-ups per state and per working
group (recommendations.selectors.implementation_rollup, the rule of the portal's own matrix page), and the
figures the template draws as charts (recommendations.charts) with a table of the same figures beside each.

Figures and suppression (DESIGN.md "Figures": only aggregates, never a person; a value under the threshold is
shown as "<5"). The threshold protects people: a small count of persons (participants of one state, members who
objected) can point at someone. Nothing in this report counts people. Its figures count recommendations and
(recommendation, state) pairs: how many published texts address a state, how many the state reported on, how
many it reports implemented, and the average progress the states report for them. These are counts of public
decisions and of governments' reports, not of persons, and suppressing them would hide the very figures the
council publishes (a state addressed by 3 recommendations would read "<5" everywhere). So they are printed as
they are. What does name people is left out: who submitted a report, and the reports' narratives and evidence
(free text by a focal point, which may name people; the recommendation dossier shows them to those who may see
it). Should a figure that counts people ever be added here, it must go through the suppression threshold.

Only recommendations whose status is `published` are included (as on the portal's matrix page, which shows the
texts in force: a superseded text gives way to the one replacing it). Whoever may see every recommendation in
the report may see the report: the audience takes the access level of each, owned by its working group, as
recommendations.permissions does.
"""

import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from council.content import text_in
from council.models import Body, MemberState
from council.reporting import Audience, Builder, Gathered
from recommendations.models import ImplementationReport, Recommendation
from recommendations.selectors import implementation_rollup, latest_reports
from recommendations.services import PERIOD_RE, current_period

KIND = "implementation"
TEMPLATE = "reports/implementation.html"
# The languages a text is looked for in when missing in the reader's (modeltranslation's fallbacks).
FALLBACK_LANGUAGES = ("ru", "en")
_ID = re.compile(r"[0-9]{1,18}")


def clean(parameters: Mapping[str, Any]) -> dict[str, Any]:
    """`period` (required, e.g. 2025-H1, not after the current one) and `working_group` (optional, a Body id)."""
    period = parameters.get("period")
    period = period.strip() if isinstance(period, str) else ""
    if not (period.isascii() and PERIOD_RE.fullmatch(period)):
        raise ValidationError(_("Write the period as a year and half, e.g. 2025-H1."), code="period")
    if period > current_period():
        raise ValidationError(
            _("The period %(period)s has not begun yet."), code="period_future", params={"period": period}
        )
    group = parameters.get("working_group")
    group_id = None
    if group is not None and group != "":
        if isinstance(group, bool) or not isinstance(group, (int, str)) or not _ID.fullmatch(str(group).strip()):
            raise ValidationError(_("Choose a working group by its number."), code="working_group")
        group_id = int(str(group).strip())
        if not Body.objects.filter(pk=group_id, kind=Body.Kind.WORKING_GROUP).exists():
            raise ValidationError(
                _("There is no working group number %(id)s."), code="working_group_unknown", params={"id": group_id}
            )
    return {"period": period, "working_group": group_id}


def gather(parameters: dict[str, Any]) -> Gathered:
    """The report's data in the active language; five queries (four without a working group), whatever the
    number of recommendations, states and reports."""
    period, group_id = parameters["period"], parameters["working_group"]
    language = get_language() or FALLBACK_LANGUAGES[0]
    group = Body.objects.get(pk=group_id) if group_id else None
    published = Recommendation.objects.filter(status=Recommendation.Status.PUBLISHED)
    if group_id:
        published = published.filter(working_group_id=group_id)
    recommendations = list(
        published.select_related("working_group", "current_version")
        .prefetch_related("addressee_states")
        .order_by("working_group__order", "working_group__code", "code")
    )
    states = list(MemberState.objects.order_by("order", "code"))
    reports = (
        ImplementationReport.objects.filter(recommendation__in=published.values("pk"), period__lte=period)
        .order_by("recommendation_id", "state_id", "-period", "-submitted_at", "-id")
        .only("id", "recommendation_id", "state_id", "status", "progress", "period")
    )
    matrix = implementation_rollup(recommendations, states, latest_reports(reports))

    audience = Audience()
    for recommendation in recommendations:
        audience = audience.with_item(recommendation.access, {recommendation.working_group_id})

    status_labels = dict(ImplementationReport.Status.choices)
    rows = []
    for row in matrix["rows"]:
        recommendation = row["recommendation"]
        title, title_language = _title(recommendation, language)
        cells = []
        for cell in row["cells"]:
            report = cell["report"] if cell["addressed"] else None
            cells.append(
                {
                    "state": cell["state"].code,
                    "addressed": cell["addressed"],
                    "status": report.status if report else None,
                    "status_label": str(status_labels[report.status]) if report else "",
                    "progress": report.progress if report else None,
                    "period": report.period if report else None,
                }
            )
        rows.append(
            {
                "code": recommendation.code,
                "title": title,
                "title_language": title_language,
                "group": recommendation.working_group.code,
                "cells": cells,
            }
        )
    per_state = [
        {"code": bucket["state"].code, "name": bucket["state"].name, **_figures(bucket)}
        for bucket in matrix["per_state"]
    ]
    per_group = []
    for bucket in matrix["per_group"]:
        name, name_language = _translated(bucket["group"], "name", language)
        per_group.append(
            {"code": bucket["group"].code, "name": name, "name_language": name_language, **_figures(bucket)}
        )
    group_data = None
    if group is not None:
        name, name_language = _translated(group, "name", language)
        group_data = {"code": group.code, "name": name, "name_language": name_language}

    data = {
        "period": period,
        "period_label": _period_label(period),
        "language": language,
        "working_group": group_data,
        "statuses": [{"value": value, "label": str(label)} for value, label in ImplementationReport.Status.choices],
        "states": [{"code": state.code, "name": state.name} for state in states],
        "groups": [{"code": g["code"], "name": g["name"], "name_language": g["name_language"]} for g in per_group],
        "rows": rows,
        "per_state": per_state,
        "per_group": per_group,
        "totals": {"recommendations": len(rows), **_figures(matrix["total"])},
    }
    if group_data:
        title = _("Implementation of recommendations, %(period)s: %(group)s") % {
            "period": period,
            "group": group_data["name"],
        }
        reference = f"IMPL-{period}-{group.code.upper()}"
    else:
        title = _("Implementation of recommendations, %(period)s") % {"period": period}
        reference = f"IMPL-{period}"
    return Gathered(data=data, title=title, reference=reference, audience=audience)


def _figures(bucket: dict) -> dict:
    """A roll-up bucket (selectors.implementation_rollup) as plain figures."""
    return {
        "addressed": bucket["addressed"],
        "reported": bucket["reported"],
        "not_reported": bucket["addressed"] - bucket["reported"],
        "implemented": bucket["implemented"],
        "average": bucket["average"],
        "statuses": dict(bucket["statuses"]),
        # The same counts in the order of the report's `statuses`, for its tables.
        "status_counts": [bucket["statuses"][value] for value in ImplementationReport.Status.values],
    }


def _title(recommendation: Recommendation, language: str) -> tuple[str, str]:
    """The title of the recommendation's current version in `language`, else in its authoritative language
    (then the fallbacks), with the language it is in."""
    version = recommendation.current_version
    if version is None:
        return "", language
    for candidate in (language, recommendation.authoritative_language, *FALLBACK_LANGUAGES):
        title = getattr(version, f"title_{candidate}", "")
        if title:
            return title, candidate
    return "", language


def _translated(instance, field: str, language: str) -> tuple[str, str]:
    """A translated field in `language`, else in the first fallback that has it (council.content)."""
    value = text_in(instance, field, language)
    return value.text, value.language


def _period_label(period: str) -> str:
    year, half = period.split("-H")
    if half == "1":
        return _("January–June %(year)s") % {"year": year}
    return _("July–December %(year)s") % {"year": year}


BUILDER = Builder(kind=KIND, template=TEMPLATE, clean=clean, gather=gather)
