"""The roadmap's timeline chart: well-formed SVG whatever the titles hold, a bar and its `<title>` per period, the
status in words, today's line inside the chart, quarter labels that never overlap."""

import datetime
import itertools
import re
import xml.etree.ElementTree as ET

from django.utils import translation

from programme.timeline import Row, timeline_svg

D = datetime.date
NS = "{http://www.w3.org/2000/svg}"


def chart(rows, today=None, period=None):
    with translation.override("en"):
        return timeline_svg(
            chart_id="t",
            title="Timeline",
            period=period or (D(2024, 5, 14), D(2025, 12, 31)),
            rows=rows,
            today=today or D(2025, 3, 1),
        )


def parse(svg):
    return ET.fromstring(svg)  # noqa: S314 - a chart our own code drew, not untrusted input


def test_hostile_titles_stay_text_and_the_svg_is_well_formed():
    hostile = '</svg><script>alert(1)</script>"\x00'
    svg = chart([Row(hostile, "done", "done", (D(2024, 9, 1), D(2024, 9, 30)), (D(2024, 9, 2), D(2024, 9, 3)))])
    root = parse(svg)
    assert "<script>" not in svg
    titles = [t.text for t in root.iter(f"{NS}title")]
    assert any("</svg><script>" in (t or "") for t in titles)


def test_each_period_is_a_bar_with_its_title_and_the_status_is_written():
    rows = [
        Row("Training", "done", "done", (D(2024, 9, 1), D(2024, 9, 30)), (D(2024, 9, 16), D(2024, 9, 20))),
        Row("Grants", "postponed", "postponed", (D(2025, 4, 1), D(2025, 12, 31)), (None, None)),
        Row("Advice", "in_progress", "in progress", (D(2025, 1, 1), D(2025, 6, 30)), (D(2025, 1, 10), None)),
    ]
    root = parse(chart(rows))
    bars = [r for r in root.iter(f"{NS}rect") if r.find(f"{NS}title") is not None]
    assert len(bars) == 5  # three planned, two actual (nothing happened of the postponed one)
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert {"done", "postponed", "in progress"} <= set(texts)
    assert any("Advice — actual:" in r.find(f"{NS}title").text and "ongoing" in r.find(f"{NS}title").text for r in bars)


def test_today_is_a_dashed_line_and_its_label_stays_inside_the_chart():
    rows = [Row("Advice", "in_progress", "in progress", (D(2025, 1, 1), D(2025, 6, 30)), (D(2025, 1, 10), None))]
    svg = chart(rows, today=D(2026, 11, 30))
    root = parse(svg)
    width = float(root.get("width"))
    label = next(t for t in root.iter(f"{NS}text") if t.text == "today")
    assert float(label.get("x")) <= width and label.get("text-anchor") == "end"
    assert 'stroke-dasharray="4 3"' in svg


def test_quarter_labels_do_not_overlap_on_a_long_roadmap():
    rows = [Row("Long", "planned", "planned", (D(2020, 1, 1), D(2029, 12, 31)), (None, None))]
    root = parse(chart(rows, period=(D(2020, 1, 1), D(2029, 12, 31))))
    xs = sorted(float(t.get("x")) for t in root.iter(f"{NS}text") if re.fullmatch(r"Q\d \d{4}", t.text or ""))
    assert len(xs) >= 5
    assert all(b - a >= 45 for a, b in itertools.pairwise(xs))
