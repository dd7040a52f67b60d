"""The report's charts (wres/report/charts.py): the scale arithmetic with hand-computed values, and
what each chart draws, read back from its SVG as XML. That the images render in a browser, with a
text alternative, is checked on every page by test_report_browser.py."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from wres.report import charts

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # well-formed XML, or this raises
    assert root.tag == f"{SVG}svg" and int(root.get("width")) > 0 and int(root.get("height")) > 0
    return root


def _texts(root: ET.Element) -> list[str]:
    return [element.text for element in root.iter(f"{SVG}text")]


def _bars(root: ET.Element, colour: str = charts.BME) -> list[ET.Element]:
    return [element for element in root.iter(f"{SVG}rect") if element.get("fill") == colour]


@pytest.mark.parametrize(("start", "stop", "count", "step"), [
    (0, 100, 9, 10),      # 100/9 = 11.1: error 1.11 < sqrt(2) -> 1 x 10
    (0, 100, 6, 20),      # 16.7: error 1.67 >= sqrt(2) -> 2 x 10
    (0, 1.95, 6, 0.5),    # 0.325: error 3.25 >= sqrt(10) -> 5 x 0.1
    (0, 1.55, 6, 0.2),    # 0.258: error 2.58 -> 2 x 0.1
    (-23.744, 2.544, 5, 5),  # 26.288/5 = 5.26: error 5.26 -> 5 x 1
    (0, 700, 6, 100),     # 116.7: error 1.17 < sqrt(2) -> 1 x 100
    (0, 0.9, 5, 0.2),     # 0.18: error 1.8 -> 2 x 0.1
])
def test_tick_step_is_d3s_1_2_5_rule(start, stop, count, step):
    assert charts.tick_step(start, stop, count) == pytest.approx(step)


def test_ticks_and_nice_domain():
    assert charts.ticks(0, 100, 9) == [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    assert charts.ticks(0, 1.95, 6) == [0, 0.5, 1.0, 1.5]
    assert charts.nice(-23.744, 2.544, 5) == (-25, 5)
    assert charts.ticks(-25, 5, 5) == [-25, -20, -15, -10, -5, 0, 5]
    assert charts.nice(0, 0, 5) == (0.0, 1.0)  # an empty chart still has an axis
    assert charts.tick_count(220) == 6 and charts.tick_count(360) == 9
    assert charts.Linear((0, 100), (0, 360))(25) == 90
    assert charts.Linear((0, 1.95), (220, 0))(1.5) == pytest.approx(220 - 1.5 / 1.95 * 220)


def test_band_row_chart_draws_published_shares_and_names_withheld_rows():
    rows = [{"band_row": "Band 5", "bme_pct": 25.0}, {"band_row": "M&D <Other>", "bme_pct": None},
            {"band_row": "Band 6", "bme_pct": 0.0}]
    root = _parse(charts.band_row_chart(rows, 30.3, "Clinical & more, 2025"))
    texts = _texts(root)
    assert root.find(f"{SVG}title").text == "Clinical & more, 2025"
    assert "M&D <Other>" in texts  # escaped in the SVG, read back as written
    assert texts.count("not shown: see the table") == 1
    assert "25.0" in texts and "0.0" in texts and "overall BME 30.3%" in texts
    # x scale 0-100 % over 360 px: 25 % is 90 px wide; a 0 % bar is drawn with no width
    assert [bar.get("width") for bar in _bars(root)] == ["90", "0"]
    dashed = [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    assert [line.get("x1") for line in dashed] == ["109.08"]  # 30.3 x 3.6
    assert [str(tick) for tick in range(0, 101, 10)] == [t for t in texts if t.isdigit()]


def test_board_chart_without_a_workforce_share_has_no_reference_line():
    root = _parse(charts.board_chart([{"subset": "Total board", "bme_pct": 50.0}], None, "Board, 2025"))
    assert not [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    assert [bar.get("width") for bar in _bars(root)] == ["180"]


def test_relative_likelihood_chart_shades_the_non_adverse_range_and_marks_a_withheld_year():
    rows = [
        {"year": 2024, "series": "relative likelihood", "value": 1.5, "lower": 1.2, "upper": 1.9},
        {"year": 2025, "series": "relative likelihood", "value": None, "lower": None, "upper": None},
    ]
    root = _parse(charts.relative_likelihood_chart(rows, "Indicator 2: relative likelihood with 95% interval"))
    texts = _texts(root)
    # domain 0 to max(1.25 + 0.25, 1.5, 1.9) + 0.05 = 1.95 over 220 px (top = 0)
    (band,) = _bars(root, charts.BAND_FILL)
    assert float(band.get("y")) == pytest.approx(220 - 1.25 / 1.95 * 220, abs=0.01)
    assert float(band.get("height")) == pytest.approx(0.45 / 1.95 * 220, abs=0.01)
    (point,) = root.iter(f"{SVG}circle")
    assert float(point.get("cy")) == pytest.approx(220 - 1.5 / 1.95 * 220, abs=0.01)
    assert point.get("cx") == "55"  # 2 years over max(180, 110 x 2) px: the middle of the first
    assert "1.50" in texts and texts.count("not shown") == 1
    assert ["0.0", "0.5", "1.0", "1.5"] == [t for t in texts if t[0].isdigit() and "." in t and t != "1.50"]
    assert {"2024", "2025", "reporting year", "relative likelihood"} <= set(texts)


def test_indicator_3_draws_two_series_with_a_legend():
    rows = [
        {"year": 2025, "series": "two-year rolling", "value": 1.1, "lower": 0.9, "upper": 1.4},
        {"year": 2025, "series": "single year", "value": 0.9, "lower": 0.6, "upper": 1.3},
    ]
    root = _parse(charts.relative_likelihood_chart(rows, "Indicator 3"))
    circles = list(root.iter(f"{SVG}circle"))
    # two points and two legend dots, one colour per series
    assert sorted(circle.get("fill") for circle in circles) == sorted(list(charts.SERIES_COLOURS) * 2)
    assert {"two-year rolling", "single year", "1.10", "0.90"} <= set(_texts(root))


def test_share_trend_chart_draws_each_group_with_its_interval():
    rows = [
        {"year": 2025, "group": "White", "value": 40.0, "lower": 35.0, "upper": 45.0},
        {"year": 2025, "group": "BME", "value": None, "lower": None, "upper": None},
    ]
    root = _parse(charts.share_trend_chart(rows, "Indicator 5", "% of respondents"))
    points = [c for c in root.iter(f"{SVG}circle") if c.get("r") == "4.5"]
    assert [p.get("fill") for p in points] == [charts.WHITE]
    # y 0-100 over 220 px: 40 % at 220 - 88 = 132; the interval 35-45 % from 143 to 121
    assert points[0].get("cy") == "132"
    whiskers = [line for line in root.iter(f"{SVG}line") if line.get("stroke") == charts.WHITE]
    assert [(w.get("y1"), w.get("y2")) for w in whiskers] == [("143", "121")]
    assert _texts(root).count("not shown") == 1  # the BME figure of 2025 is withheld


def test_difference_chart_bars_run_from_zero_with_signed_labels():
    rows = [{"year": 2024, "value": -21.2}, {"year": 2025, "value": None}]
    root = _parse(charts.difference_trend_chart(rows, "Voting board BME % minus workforce BME %"))
    texts = _texts(root)
    # domain: [-21.2 - 12 %, 0 + 12 %] made nice with 5 ticks = [-25, 5] over 200 px
    (bar,) = _bars(root)
    assert float(bar.get("y")) == pytest.approx(200 - 25 / 30 * 200, abs=0.01)
    assert float(bar.get("height")) == pytest.approx(21.2 / 30 * 200, abs=0.01)
    assert "-21.2" in texts and texts.count("not shown") == 1
    assert ["\u221225", "\u221220", "\u221215", "\u221210", "\u22125", "0", "5"] == [
        t for t in texts if t.lstrip("\u2212").isdigit()][:7]


def test_svg_data_uri_round_trips():
    import base64

    svg = charts.board_chart([{"subset": "Total board", "bme_pct": 12.5}], 20.0, "B")
    uri = charts.to_svg_uri(svg)
    assert uri.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]).decode("utf-8") == svg
