"""The suppression rule (DESIGN.md "Figures"), restated: a published value below its indicator's threshold shows
"<threshold" and never its number; a total one of whose parts is suppressed is withheld, so no subtraction gives
the small cell back."""

from decimal import Decimal
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from figures.suppression import BELOW_THRESHOLD, PROTECTS_SMALL_CELL, shown_one, shown_values


def value(pk, number, *, state=None, sex="all", age="all", threshold=5, years=(2024, 2024), indicator=1):
    return SimpleNamespace(
        pk=pk,
        number=Decimal(number),
        indicator_id=indicator,
        indicator=SimpleNamespace(threshold=threshold),
        state_id=state,
        year_from=years[0],
        year_to=years[1],
        sex=sex,
        age_band=age,
    )


def test_below_the_threshold_shows_its_text_and_no_number():
    for number in (0, 1, 3, 4, Decimal("4.99")):
        shown = shown_one(Decimal(number), 5)
        assert shown.suppressed and shown.number is None and shown.text == "<5" and shown.reason == BELOW_THRESHOLD


def test_at_or_above_the_threshold_shows_the_number():
    assert shown_one(Decimal(5), 5).text == "5"
    assert shown_one(Decimal("2100.00"), 5).text == "2100"
    assert shown_one(Decimal("12.50"), 5).text == "12.5"
    assert not shown_one(Decimal(5), 5).suppressed


def test_the_threshold_is_the_indicators():
    assert shown_one(Decimal(9), 10).text == "<10"
    assert shown_one(Decimal(1), 1).text == "1"
    assert shown_one(Decimal(0), 1).text == "<1"


def test_a_regional_total_beside_a_suppressed_state_is_withheld():
    values = [value(1, 100), value(2, 3, state=10), value(3, 97, state=11)]
    shown = shown_values(values)
    assert shown[2].text == "<5"
    assert shown[1].suppressed and shown[1].number is None and shown[1].reason == PROTECTS_SMALL_CELL
    assert shown[3].text == "97"  # a part beside others is not a total of anything


def test_a_states_total_beside_a_suppressed_sex_is_withheld_and_so_is_the_regions():
    values = [
        value(1, 50, state=10),
        value(2, 3, state=10, sex="female"),
        value(3, 47, state=10, sex="male"),
        value(4, 400),
        value(5, 200, sex="male"),
    ]
    shown = shown_values(values)
    assert shown[1].reason == PROTECTS_SMALL_CELL and shown[4].reason == PROTECTS_SMALL_CELL
    assert shown[2].reason == BELOW_THRESHOLD
    assert shown[3].text == "47" and shown[5].text == "200"  # male totals hold no suppressed part


def test_other_periods_and_indicators_are_not_parts():
    values = [value(1, 100, years=(2019, 2024)), value(2, 3, state=10), value(3, 80, indicator=2)]
    shown = shown_values(values)
    assert shown[1].text == "100" and shown[3].text == "80" and shown[2].text == "<5"


@given(st.decimals(min_value=0, max_value=10**6, places=2), st.integers(min_value=1, max_value=100))
def test_a_suppressed_value_never_carries_its_number(number, threshold):
    shown = shown_one(number, threshold)
    if number < threshold:
        assert shown.suppressed and shown.number is None and str(number) not in shown.text.replace(f"<{threshold}", "")
    else:
        assert not shown.suppressed and Decimal(shown.text) == number
