"""Pages of the regional figures: the figures with their charts and tables, one indicator, its CSV, and the entry
page of focal points. Readers see approved values of the indicators their level admits, as figures.suppression
shows them; an indicator they may not see answers 404 as a missing one."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from council.content import text_in
from council.spreadsheet import csv_safe
from figures import selectors, services
from figures.charts import time_series_chart
from figures.forms import ValueForm
from figures.models import Value
from figures.permissions import can_edit_value, can_enter_figures, can_see_value_entry


def _with_charts(figures: list) -> list[dict]:
    return [
        {"figures": item, "chart": time_series_chart(item, chart_id=f"chart-{item.indicator.code}")} for item in figures
    ]


@require_GET
def figures_index(request):
    figures = selectors.figures_page(user=request.user)
    return render(
        request,
        "figures/index.html",
        {
            "headlines": selectors.headlines_for(user=request.user),
            "items": _with_charts(figures),
            "can_enter": can_enter_figures(request.user),
        },
    )


@require_GET
def indicator_detail(request, code: str):
    figures = selectors.figures_page(user=request.user, code=code)
    if not figures:
        raise Http404
    return render(
        request,
        "figures/indicator.html",
        {"item": _with_charts(figures)[0], "can_enter": can_enter_figures(request.user)},
    )


CSV_COLUMNS = [
    "indicator",
    "state",
    "year_from",
    "year_to",
    "sex",
    "age_band",
    "value",
    "suppressed",
    "unit",
    "source",
    "source_date",
    "demo",
]


@require_GET
def indicator_csv(request, code: str):
    """The published figures of one indicator; a suppressed one as its text ("<5"), never its number."""
    figures = selectors.figures_page(user=request.user, code=code)
    if not figures:
        raise Http404
    item = figures[0]
    unit = str(text_in(item.indicator, "unit"))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="figures-{item.indicator.code}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    response.write("\ufeff")  # spreadsheets read UTF-8 with its mark
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for cell in item.cells:
        value = cell.value
        writer.writerow(
            csv_safe(
                [
                    item.indicator.code,
                    value.state.code if value.state_id else "",
                    value.year_from,
                    value.year_to,
                    value.sex,
                    value.age_band,
                    cell.shown.text,
                    "yes" if cell.shown.suppressed else "no",
                    unit,
                    value.source,
                    value.source_date.isoformat(),
                    "yes" if value.is_demo else "no",
                ]
            )
        )
    return response


def _entry_context(request, form, value=None) -> dict:
    return {
        "form": form,
        "value": value,
        "entered": selectors.values_entered_for(user=request.user)[:50],
    }


def _save(request, form, run) -> bool:
    """Run the service with the form's values; its refusals are told on the form's fields, and nothing changes."""
    if not form.is_valid():
        return False
    try:
        run(form.values(), request.POST.get("action") == "submit")
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def value_enter(request):
    """A focal point's figures for their state (the secretariat's for any): a new one, and the ones entered."""
    if not can_enter_figures(request.user):
        raise Http404
    indicators = selectors.indicators_visible_to(user=request.user)
    form = ValueForm(request.POST or None, user=request.user, indicators=indicators)

    def create(values, submit):
        services.value_create(**values, submit=submit, by=request.user)

    if request.method == "POST" and _save(request, form, create):
        if request.POST.get("action") == "submit":
            messages.success(request, _("The figure was submitted to the secretariat for approval."))
        else:
            messages.success(request, _("The figure was saved as a draft. Only you and the secretariat see it."))
        return redirect("figures:enter")
    return render(
        request,
        "figures/enter.html",
        _entry_context(request, form),
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def value_edit(request, pk: int):
    """A draft or rejected figure, corrected (and submitted); a figure of another state answers 404."""
    value = get_object_or_404(Value.objects.select_related("indicator", "state"), pk=pk)
    if not can_see_value_entry(request.user, value) or not can_enter_figures(request.user):
        raise Http404
    indicators = selectors.indicators_visible_to(user=request.user)
    if value.indicator_id not in set(indicators.values_list("pk", flat=True)):
        raise Http404
    editable = can_edit_value(request.user, value)
    initial = {name: getattr(value, name) for name in services.VALUE_FIELDS}
    form = ValueForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        indicators=indicators,
        initial=initial,
    )
    if request.method == "POST":
        if not editable:
            messages.error(request, _("This figure can no longer be changed: enter a new one instead."))
            return redirect("figures:value", pk=value.pk)

        def update(values, submit):
            services.value_update(value=value, data=values, submit=submit, by=request.user)

        if _save(request, form, update):
            messages.success(request, _("The figure was saved."))
            return redirect("figures:enter")
    return render(
        request,
        "figures/value.html",
        {**_entry_context(request, form, value), "editable": editable},
        status=400 if form.is_bound else 200,
    )
