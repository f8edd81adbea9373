"""Reads of the regional figures: what a reader may see (approved values of visible indicators, each as
figures.suppression shows it), and what a focal point has entered. A fixed number of queries whatever the rows."""

import dataclasses
import functools
import operator

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from council.content import text_in
from council.models import MemberState
from figures.models import AgeBand, Indicator, Sex, Value
from figures.permissions import enterable_state_ids, indicators_q
from figures.suppression import Shown, shown_values


def indicators_visible_to(*, user) -> QuerySet[Indicator]:
    return Indicator.objects.filter(indicators_q(user)).order_by("order", "code")


def values_published_to(*, user) -> QuerySet[Value]:
    """Approved values of the indicators `user` may see: the only values that ever reach a reader."""
    return (
        Value.objects.filter(status=Value.Status.APPROVED, indicator__in=indicators_visible_to(user=user).values("pk"))
        .select_related("indicator", "state")
        .order_by("indicator__order", "indicator__code", "year_to", "year_from", "state__order", "state__code", "pk")
    )


def shown_for(values) -> dict[int, Shown]:
    """What each of `values` (published ones) shows, reading at once (one query) the other published values of the
    same indicators and periods that may be their totals or parts."""
    values = list(values)
    if not values:
        return {}
    groups = {(v.indicator_id, v.year_from, v.year_to) for v in values}
    condition = functools.reduce(
        operator.or_, (Q(indicator_id=i, year_from=f, year_to=t) for i, f, t in sorted(groups))
    )
    among = list(
        Value.objects.filter(condition, status=Value.Status.APPROVED)
        .select_related("indicator")
        .only("pk", "indicator__threshold", "state_id", "year_from", "year_to", "sex", "age_band", "number")
    )
    return shown_values(values, among=among)


@dataclasses.dataclass
class Cell:
    value: Value
    shown: Shown


@dataclasses.dataclass
class IndicatorFigures:
    """One indicator as a page shows it: its published cells, the series of totals per state, its sources."""

    indicator: Indicator
    cells: list[Cell]
    periods: list[tuple[int, int]]
    columns: list[MemberState | None]  # None: the region as a whole
    grid: list[dict]  # per period: {"label", "cells": [Cell | None per column]}
    sources: list[tuple[str, object]]
    has_demo: bool = False

    @property
    def has_values(self) -> bool:
        return bool(self.cells)


def _period_label(period: tuple[int, int]) -> str:
    return str(period[1]) if period[0] == period[1] else f"{period[0]}–{period[1]}"


def figures_of(indicators: list[Indicator], values: list[Value], states: list[MemberState]) -> list[IndicatorFigures]:
    """The figures of each indicator, from values already read (`values_published_to`); no query."""
    shown = shown_values(values)
    by_indicator: dict[int, list[Cell]] = {indicator.pk: [] for indicator in indicators}
    for value in values:
        if value.indicator_id in by_indicator:
            by_indicator[value.indicator_id].append(Cell(value=value, shown=shown[value.pk]))
    result = []
    for indicator in indicators:
        cells = by_indicator[indicator.pk]
        totals = [c for c in cells if c.value.sex == Sex.ALL and c.value.age_band == AgeBand.ALL]
        # Single years first, in order, then periods of several years (cumulative figures) after them.
        periods = sorted(
            {(c.value.year_from, c.value.year_to) for c in totals}, key=lambda p: (p[0] != p[1], p[1], p[0])
        )
        state_ids = {c.value.state_id for c in totals}
        columns: list = [None] if None in state_ids else []
        columns += [state for state in states if state.pk in state_ids]
        index = {(c.value.year_from, c.value.year_to, c.value.state_id): c for c in totals}
        labels = [column.code if column else _("Region") for column in columns]
        grid = []
        for period in periods:
            row = [index.get((*period, column.pk if column else None)) for column in columns]
            grid.append(
                {
                    "label": _period_label(period),
                    "single_year": period[0] == period[1],
                    "cells": row,
                    "labelled": list(zip(labels, row, strict=True)),
                }
            )
        sources = list(dict.fromkeys((c.value.source, c.value.source_date) for c in cells))
        result.append(
            IndicatorFigures(
                indicator=indicator,
                cells=cells,
                periods=periods,
                columns=columns,
                grid=grid,
                sources=sources,
                has_demo=any(c.value.is_demo for c in cells),
            )
        )
    return result


def figures_page(*, user, code: str | None = None) -> list[IndicatorFigures]:
    """Every indicator `user` may see (or the one of `code`) with its published figures: three queries."""
    indicators = indicators_visible_to(user=user)
    values = values_published_to(user=user)
    if code is not None:
        indicators = indicators.filter(code=code)
        values = values.filter(indicator__code=code)
    states = list(MemberState.objects.order_by("order", "code"))
    return figures_of(list(indicators), list(values), states)


@dataclasses.dataclass
class Headline:
    indicator: Indicator
    cell: Cell
    name: object  # council.content.Localized
    unit: object


def headlines_for(*, user) -> list[Headline]:
    """The latest published regional total of each headline indicator, for the landing and the figures page."""
    values = list(
        values_published_to(user=user).filter(
            indicator__is_headline=True, state__isnull=True, sex=Sex.ALL, age_band=AgeBand.ALL
        )
    )
    shown = shown_for(values)
    latest: dict[int, Value] = {}
    for value in values:
        current = latest.get(value.indicator_id)
        if current is None or (value.year_to, value.year_from) >= (current.year_to, current.year_from):
            latest[value.indicator_id] = value
    ordered = sorted(latest.values(), key=lambda v: (v.indicator.order, v.indicator.code))
    return [
        Headline(
            indicator=v.indicator,
            cell=Cell(value=v, shown=shown[v.pk]),
            name=text_in(v.indicator, "name"),
            unit=text_in(v.indicator, "unit"),
        )
        for v in ordered
    ]


def values_entered_for(*, user) -> QuerySet[Value]:
    """Values of every status for the states `user` enters figures for (all for the secretariat), newest first."""
    states = enterable_state_ids(user)
    values = (
        Value.objects.filter(indicator__in=indicators_visible_to(user=user).values("pk"))
        .select_related("indicator", "state", "entered_by")
        .order_by("-updated_at", "-pk")
    )
    if states is None:
        return values
    return values.filter(state_id__in=sorted(states))
