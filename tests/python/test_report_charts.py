"""The report's charts (wres/report/charts.py): the Vega-Lite specifications with hand-computed
values (what data each layer draws, the scales' domains, which years are marked "not shown"), and
the SVG vl-convert renders from them, read back as XML. That the images render in a browser, with
a text alternative, is checked on every page by test_report_browser.py."""

from __future__ import annotations

import base64
import os
import xml.etree.ElementTree as ET

import pytest

from wres.report import charts

SVG = "{http://www.w3.org/2000/svg}"


def _texts(spec: dict) -> list[str]:
    root = ET.fromstring(charts.to_svg(spec))  # well-formed XML, or this raises
    assert root.tag == f"{SVG}svg" and int(root.get("width")) > 0 and int(root.get("height")) > 0
    return [element.text for element in root.iter(f"{SVG}text")]


def _bar_paths(spec: dict) -> list[str]:
    root = ET.fromstring(charts.to_svg(spec))
    return [path.get("d") for path in root.iter(f"{SVG}path") if path.get("fill") == charts.BME]


def _layer(spec: dict, mark: str, n: int = 0) -> dict:
    return [layer for layer in spec["layer"] if layer["mark"]["type"] == mark][n]


def _not_shown_years(spec: dict) -> list[str]:
    return [row["year"] for layer in spec["layer"] for row in layer["data"]["values"] if row.get("label") == "not shown"]


BAND_ROWS = [{"band_row": "Band 5", "bme_pct": 25.0}, {"band_row": "M&D <Other>", "bme_pct": None},
             {"band_row": "Band 6", "bme_pct": 0.0}]


def test_band_row_chart_spec_draws_published_shares_and_names_withheld_rows():
    spec = charts.band_row_chart(BAND_ROWS, 30.3, "Clinical & more, 2025")
    assert spec["title"] == "Clinical & more, 2025" and (spec["width"], spec["height"]) == (360, 60)  # max(60, 18 x 3)
    bars = _layer(spec, "bar")
    assert bars["data"]["values"] == [{"band_row": "Band 5", "bme_pct": 25.0}, {"band_row": "Band 6", "bme_pct": 0.0}]
    assert bars["encoding"]["x"]["scale"]["domain"] == [0, 100]
    assert bars["encoding"]["y"]["scale"]["domain"] == ["Band 5", "M&D <Other>", "Band 6"]  # the published order
    withheld = _layer(spec, "text", 1)
    assert withheld["data"]["values"] == [{"band_row": "M&D <Other>", "x": 0, "label": "not shown: see the table"}]
    rule = _layer(spec, "rule")
    assert rule["data"]["values"] == [{"overall": 30.3, "label": "overall BME 30.3%"}]
    assert rule["mark"]["strokeDash"] == [4, 3]


def test_band_row_chart_svg():
    spec = charts.band_row_chart(BAND_ROWS, 30.3, "Clinical & more, 2025")
    texts = _texts(spec)
    assert "Clinical & more, 2025" in texts and "M&D <Other>" in texts  # escaped in the SVG, read back as written
    assert texts.count("not shown: see the table") == 1
    assert {"25.0", "0.0", "overall BME 30.3%", "BME % of the band row"} <= set(texts)
    assert [str(tick) for tick in range(0, 101, 10)] == [t for t in texts if t.isdigit()]
    # x 0-100 % over 360 px: 25 % is a 90 px bar, 12 px high; 0 % has no width
    assert [path.split("h")[1] for path in _bar_paths(spec)] == ["90v12", "0v12"]


def test_board_chart_without_a_workforce_share_has_no_reference_line():
    spec = charts.board_chart([{"subset": "Total board", "bme_pct": 50.0}], None, "Board, 2025")
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["bar", "text"]
    assert spec["height"] == 30
    assert [path.split("h")[1] for path in _bar_paths(spec)] == ["180v14"]  # 50 % of 360 px


def test_board_chart_reference_line_is_the_workforce_share():
    spec = charts.board_chart([{"subset": "Total board", "bme_pct": 50.0}], 12.25, "Board, 2025")
    assert _layer(spec, "rule")["data"]["values"] == [{"pct": 12.25, "label": "workforce BME 12.2%"}]
    assert "workforce BME 12.2%" in _texts(spec)


RL_ROWS = [
    {"year": 2024, "series": "relative likelihood", "value": 1.5, "lower": 1.2, "upper": 1.9},
    {"year": 2025, "series": "relative likelihood", "value": None, "lower": None, "upper": None},
]


def test_relative_likelihood_chart_shades_the_non_adverse_range_and_marks_a_withheld_year():
    spec = charts.relative_likelihood_chart(RL_ROWS, "Indicator 2: relative likelihood with 95% interval")
    band = _layer(spec, "rect")
    assert band["data"]["values"] == [{"low": 0.80, "high": 1.25}]
    # 0 to max(1.25 + 0.25, 1.5, 1.9) + 0.05
    assert band["encoding"]["y"]["scale"]["domain"] == [0, 1.95]
    assert _layer(spec, "rule", 0)["data"]["values"] == [{"one": 1.0}]  # equal likelihood
    whiskers = _layer(spec, "rule", 1)
    assert whiskers["data"]["values"] == [
        {"series": "relative likelihood", "value": 1.5, "lower": 1.2, "upper": 1.9, "year": "2024"}]
    assert whiskers["encoding"]["x"]["scale"]["domain"] == ["2024", "2025"]  # a withheld year keeps its place
    assert _not_shown_years(spec) == ["2025"]
    assert spec["width"] == 220  # max(180, 110 x 2)
    assert whiskers["encoding"]["color"]["legend"] is None  # one series: no legend
    texts = _texts(spec)
    assert "1.50" in texts and texts.count("not shown") == 1
    assert {"2024", "2025", "reporting year", "relative likelihood"} <= set(texts)


@pytest.mark.parametrize(("rows", "domain"), [
    ([{"year": 2025, "series": "s", "value": 0.5, "lower": 0.2, "upper": 0.9}], [0, 1.55]),  # the band's top 1.5 + 0.05
    ([{"year": 2025, "series": "s", "value": 2.1, "lower": 1.4, "upper": 3.02}], [0, 3.07]),  # the interval's top
    ([{"year": 2025, "series": "s", "value": 1.8, "lower": None, "upper": None}], [0, 1.85]),  # no interval
    ([{"year": 2025, "series": "s", "value": None, "lower": None, "upper": None}], [0, 2.05]),  # nothing shown
])
def test_relative_likelihood_domain(rows, domain):
    assert charts.relative_likelihood_domain(rows) == domain


def test_indicator_3_draws_two_series_with_a_legend():
    rows = [
        {"year": 2025, "series": "two-year rolling", "value": 1.1, "lower": 0.9, "upper": 1.4},
        {"year": 2025, "series": "single year", "value": 0.9, "lower": 0.6, "upper": 1.3},
    ]
    spec = charts.relative_likelihood_chart(rows, "Indicator 3")
    colour = _layer(spec, "point")["encoding"]["color"]
    assert colour["scale"] == {"domain": ["two-year rolling", "single year"], "range": charts.SERIES_COLOURS}
    assert colour["legend"] == {"orient": "top"}
    assert {"two-year rolling", "single year", "1.10", "0.90"} <= set(_texts(spec))


def test_share_trend_chart_draws_each_group_with_its_interval():
    rows = [
        {"year": 2025, "group": "White", "value": 40.0, "lower": 35.0, "upper": 45.0},
        {"year": 2025, "group": "BME", "value": None, "lower": None, "upper": None},
    ]
    spec = charts.share_trend_chart(rows, "Indicator 5", "% of respondents")
    interval, points = _layer(spec, "rule"), _layer(spec, "point")
    assert interval["data"] is points["data"]
    assert points["data"]["values"] == [{"group": "White", "value": 40.0, "lower": 35.0, "upper": 45.0, "year": "2025"}]
    assert (interval["encoding"]["y"]["field"], interval["encoding"]["y2"]["field"]) == ("lower", "upper")
    assert points["encoding"]["y"]["scale"]["domain"] == [0, 100]
    assert points["encoding"]["color"]["scale"] == {"domain": ["White"], "range": [charts.WHITE]}
    assert _not_shown_years(spec) == ["2025"]  # the BME figure of 2025 is withheld
    texts = _texts(spec)
    assert texts.count("not shown") == 1 and "White" in texts and "% of respondents" in texts


def test_share_trend_chart_without_intervals_draws_no_interval_layer():
    rows = [{"year": 2024, "group": "BME", "value": 12.0, "lower": None, "upper": None},
            {"year": 2025, "group": "BME", "value": 13.0, "lower": None, "upper": None}]
    spec = charts.share_trend_chart(rows, "Overall", "% of all staff")
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["point"]
    assert _not_shown_years(spec) == [] and spec["width"] == 180  # max(160, 90 x 2)


def test_difference_chart_bars_with_signed_labels_and_a_withheld_year():
    rows = [{"year": 2024, "value": -21.2}, {"year": 2025, "value": None}]
    spec = charts.difference_trend_chart(rows, "Voting board BME % minus workforce BME %")
    assert _layer(spec, "bar")["data"]["values"] == [{"value": -21.2, "year": "2024"}]
    assert _layer(spec, "rule")["data"]["values"] == [{"zero": 0.0}]
    assert _layer(spec, "text", 0)["encoding"]["text"]["format"] == "+.1f"
    assert _not_shown_years(spec) == ["2025"]
    texts = _texts(spec)
    assert "\u221221.2" in texts and texts.count("not shown") == 1 and "percentage points" in texts


def test_an_identical_chart_is_rendered_once():
    spec = charts.board_chart([{"subset": "Total board", "bme_pct": 37.5}], 20.0, "Cache check")
    before = charts._render.cache_info()
    first, second = charts.to_svg(spec), charts.to_svg(dict(spec))
    after = charts._render.cache_info()
    assert first == second and (after.misses - before.misses, after.hits - before.hits) == (1, 1)


def test_svg_data_uri_round_trips():
    spec = charts.board_chart([{"subset": "Total board", "bme_pct": 12.5}], 20.0, "B")
    uri = charts.to_svg_uri(spec)
    assert uri.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]).decode("utf-8") == charts.to_svg(spec)


def test_no_chart_fetches_data():
    with pytest.raises(ValueError):
        charts.to_svg({"data": {"url": "https://example.org/data.csv"}, "mark": "bar"})


@pytest.mark.parametrize("previous", [None, "/etc/fonts/fonts.conf"])
def test_starting_without_system_fonts_restores_fontconfig_file(monkeypatch, previous):
    if previous is None:
        monkeypatch.delenv("FONTCONFIG_FILE", raising=False)
    else:
        monkeypatch.setenv("FONTCONFIG_FILE", previous)
    monkeypatch.setattr(charts, "_runtime_ready", False)
    charts._start_without_system_fonts()
    assert os.environ.get("FONTCONFIG_FILE") == previous and charts._runtime_ready
