"""The regional figures as a PDF (ReportKind.FIGURES), through the report engine's contract (council.reporting).

Parameters: `indicator` (optional, an indicator's code). Without it, the document holds the indicators at the
`public` level (anyone may ask for it); with it, that one indicator, and the document is seen at its level. Only
approved values, each as figures.suppression shows it: a small figure is printed as "<5", never as its number.
"""

import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from council.access import EVERY_LEVEL, Viewer
from council.content import text_in
from council.reporting import Audience, Builder, Gathered
from figures.charts import column_name, time_series_chart
from figures.models import Indicator
from figures.selectors import figures_page

KIND = "figures"
TEMPLATE = "reports/figures.html"
_CODE = re.compile(r"[-a-zA-Z0-9_]{1,50}")


def clean(parameters: Mapping[str, Any]) -> dict[str, Any]:
    code = parameters.get("indicator")
    if code in (None, ""):
        return {"indicator": None}
    if not isinstance(code, str) or not _CODE.fullmatch(code.strip()):
        raise ValidationError(_("Choose an indicator by its code."), code="indicator")
    code = code.strip()
    if not Indicator.objects.filter(code=code).exists():
        raise ValidationError(_("There is no indicator %(code)s."), code="indicator_unknown", params={"code": code})
    return {"indicator": code}


def _cell(cell) -> dict | None:
    if cell is None:
        return None
    return {"text": cell.shown.display, "suppressed": cell.shown.suppressed, "demo": cell.value.is_demo}


def _localized(obj, field: str) -> tuple[str, str]:
    value = text_in(obj, field)
    return value.text, value.language


def gather(parameters: dict[str, Any]) -> Gathered:
    """Three queries (four with an indicator), whatever the number of values."""
    code = parameters["indicator"]
    if code is None:
        viewer, audience = Viewer(), Audience()
    else:
        indicator = Indicator.objects.get(code=code)
        viewer = Viewer(levels=EVERY_LEVEL)
        # No body owns an indicator: one at the `body` level is the secretariat's alone.
        audience = Audience().with_item(indicator.access, ())
    items = figures_page(user=viewer, code=code)
    indicators = []
    for item in items:
        name, name_language = _localized(item.indicator, "name")
        definition, definition_language = _localized(item.indicator, "definition")
        unit, unit_language = _localized(item.indicator, "unit")
        indicators.append(
            {
                "code": item.indicator.code,
                "name": name,
                "name_language": name_language,
                "definition": definition,
                "definition_language": definition_language,
                "unit": unit,
                "unit_language": unit_language,
                "threshold": item.indicator.threshold,
                "chart": time_series_chart(item, chart_id=f"chart-{item.indicator.code}"),
                "columns": [column_name(column) for column in item.columns],
                "grid": [{"label": row["label"], "cells": [_cell(c) for c in row["cells"]]} for row in item.grid],
                "rows": [
                    {
                        "period": cell.value.period_label,
                        "where": column_name(cell.value.state),
                        "sex": str(cell.value.get_sex_display()),
                        "age_band": str(cell.value.get_age_band_display()),
                        **_cell(cell),
                        "source": cell.value.source,
                        "source_date": formats.date_format(cell.value.source_date, "DATE_FORMAT"),
                    }
                    for cell in item.cells
                ],
                "has_demo": item.has_demo,
            }
        )
    data = {"language": get_language() or "ru", "indicator": code, "indicators": indicators}
    if code is not None and indicators:
        title = _("Regional figures: %(name)s") % {"name": indicators[0]["name"]}
        reference = f"FIG-{code.upper()}"
    else:
        title = _("Regional figures")
        reference = "FIG"
    return Gathered(data=data, title=title, reference=reference, audience=audience)


FIGURES = Builder(kind=KIND, template=TEMPLATE, clean=clean, gather=gather)
