"""The charts of the implementation report (templates/reports/implementation.html), drawn by recommendations.charts
from the report's data; every label in them is escaped there."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from recommendations import charts

register = template.Library()

# One colour per status of a report, from not started (grey) to implemented (green); "no report" is pale.
STATUS_COLOURS = {
    "not_started": "#9aa3ad",
    "planned": "#e0a526",
    "in_progress": "#3b7dc4",
    "implemented": "#2e7d4f",
    "not_applicable": "#7b5ea7",
}
NO_REPORT_COLOUR = "#f4f5f7"


def percent(value) -> str:
    return "—" if value is None else f"{value}%"


@register.simple_tag
def progress_chart(buckets, chart_id: str, title: str):
    """Bars of the average progress of each bucket (a state or a working group of the report's roll-ups)."""
    bars = [charts.Bar(label=b["name"], value=b["average"], value_text=percent(b["average"])) for b in buckets]
    description = "; ".join(
        f"{b['name']}: {percent(b['average']) if b['addressed'] else _('no recommendation addressed')}" for b in buckets
    )
    return mark_safe(  # noqa: S308 - charts escapes every text it writes
        charts.bar_chart(chart_id=chart_id, title=title, description=description, bars=bars)
    )


@register.simple_tag
def status_chart(buckets, statuses, chart_id: str, title: str):
    """Stacked bars of the status of the latest reports of each bucket, with the cells not reported on."""
    series = [charts.Series(key=s["value"], label=s["label"], colour=STATUS_COLOURS[s["value"]]) for s in statuses]
    series.append(charts.Series(key="", label=_("no report"), colour=NO_REPORT_COLOUR, outline=True))
    stacks = [charts.Stack(label=b["name"], counts={**b["statuses"], "": b["not_reported"]}) for b in buckets]
    description = "; ".join(
        f"{b['name']}: "
        + ", ".join(
            f"{s.label} {b['statuses'].get(s.key, 0) if s.key else b['not_reported']}"
            for s in series
            if (b["statuses"].get(s.key, 0) if s.key else b["not_reported"])
        )
        if b["addressed"]
        else f"{b['name']}: {_('no recommendation addressed')}"
        for b in buckets
    )
    return mark_safe(  # noqa: S308 - charts escapes every text it writes
        charts.stacked_bar_chart(chart_id=chart_id, title=title, description=description, series=series, stacks=stacks)
    )
