"""The report's charts: Vega-Lite specifications rendered to static SVG by vl-convert.

No browser, no network, no JavaScript: vl-convert embeds the Vega runtime and returns SVG text,
which the page embeds as a data URI image with a text alternative (the data table is beside it).
Every chart draws only published values; a withheld or not-calculable figure is left out of the
chart, marked "not shown", and named in its text alternative and table.

The specifications are plain Vega-Lite JSON (dicts) handed straight to vl-convert: building them
through altair's chart objects cost more than the rendering (deep copies, schema validation).
The charts use Liberation Sans, the font vl-convert carries inside itself, and vl-convert is kept
from loading the system's fonts: it re-reads a system font's file to measure every label, which
made the charts cost twice the CPU. Debian's fonts-liberation gives the browser the same font, so
the labels it draws fit the space vl-convert measured.
"""

from __future__ import annotations

import base64
import json
import os
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

import vl_convert

from wres.report.formatting import format_number

WHITE = "#0072B2"  # Okabe-Ito blue and orange: distinguishable with common colour-vision deficiencies
BME = "#D55E00"
NEUTRAL = "#555555"
BAND_FILL = "#E6F2E6"
SERIES_COLOURS = ["#333333", "#999999"]
FONT = "Liberation Sans"
NON_ADVERSE = (0.80, 1.25)
CONFIG = {"font": FONT, "axis": {"labelFontSize": 11, "titleFontSize": 11}, "view": {"stroke": None}}


def to_svg(spec: dict) -> str:
    """The chart as SVG text. No data URL is allowed (allowed_base_urls=[]): every chart's data is inline."""
    return _render(json.dumps({**spec, "config": CONFIG}, sort_keys=True))


@lru_cache(maxsize=512)
def _render(spec_json: str) -> str:
    # Keyed by the specification's JSON: an identical chart (the same figures of an unchanged
    # organisation, an empty board year) is drawn once per process.
    _start_without_system_fonts()
    return vl_convert.vegalite_to_svg(json.loads(spec_json), allowed_base_urls=[])


_started = threading.Lock()
_runtime_ready = False


def _start_without_system_fonts() -> None:
    """Start vl-convert's runtime with only its built-in fonts (Liberation Sans among them).

    vl-convert reads the system's font list once, when it first measures a label, from the fontconfig
    file named by FONTCONFIG_FILE; pointing that at a configuration listing one empty folder for
    that first measurement leaves it the fonts it carries in memory. The variable is restored at
    once (the report's Chromium, started earlier, is not affected)."""
    global _runtime_ready
    with _started:
        if _runtime_ready:
            return
        previous = os.environ.get("FONTCONFIG_FILE")
        with tempfile.TemporaryDirectory(prefix="wres-no-fonts-") as empty:
            config = Path(empty) / "fonts.conf"
            config.write_text(f"<?xml version=\"1.0\"?>\n<fontconfig><dir>{empty}</dir></fontconfig>\n", encoding="utf-8")
            os.environ["FONTCONFIG_FILE"] = str(config)
            try:
                # a label to measure: the font list is read when the first text is measured
                vl_convert.vegalite_to_svg({"data": {"values": [{"x": 1}]}, "mark": "point", "title": "fonts",
                                            "encoding": {"x": {"field": "x", "type": "quantitative"}},
                                            "config": {"font": FONT}}, allowed_base_urls=[])
            finally:
                if previous is None:
                    del os.environ["FONTCONFIG_FILE"]
                else:
                    os.environ["FONTCONFIG_FILE"] = previous
        _runtime_ready = True


def to_svg_uri(spec: dict) -> str:
    """The chart as a data URI for an <img>: the page loads nothing from anywhere."""
    return "data:image/svg+xml;base64," + base64.b64encode(to_svg(spec).encode("utf-8")).decode("ascii")


def _layered(layers: list[dict], title: str, width: int, height: int) -> dict:
    return {"title": title, "width": width, "height": height, "layer": layers}


def _withheld_years(rows: list[dict], y: float) -> dict | None:
    """A 'not shown' label at each year whose figure is withheld or not calculable, so a year never
    just disappears from a trend (the table beside the chart says why)."""
    years = sorted({str(row["year"]) for row in rows if row["value"] is None})
    if not years:
        return None
    return {
        "data": {"values": [{"year": year, "y": y, "label": "not shown"} for year in years]},
        "mark": {"type": "text", "fontSize": 10, "fontStyle": "italic", "color": NEUTRAL, "baseline": "bottom"},
        "encoding": {"x": {"field": "year", "type": "ordinal"}, "y": {"field": "y", "type": "quantitative"},
                     "text": {"field": "label", "type": "nominal"}},
    }


def _year_axis(rows: list[dict]) -> dict:
    years = sorted({str(row["year"]) for row in rows})
    return {"field": "year", "type": "ordinal", "title": "reporting year", "axis": {"labelAngle": 0},
            "scale": {"domain": years}}


def _shown(rows: list[dict], fields: tuple[str, ...]) -> list[dict]:
    """The published points only, with the year as text (an ordinal band per reporting year)."""
    return [{**{name: row.get(name) for name in fields}, "year": str(row["year"])} for row in rows if row["value"] is not None]


def _bme_share_bars(
    rows: list[dict], category: str, x_title: str, bar_height: int, label_style: dict,
    reference_pct: float | None, reference_field: str, reference_label: str,
) -> list[dict]:
    """Horizontal BME% bars, one per category row, a 'not shown' label where a share is withheld,
    and a dashed reference line (the overall or workforce BME share) where it is published.
    Indicators 1 and 9 draw the same picture of different rows. reference_field names the line's
    value in the SVG's text alternative (aria-label), so it is a word a screen reader can say."""
    order = [row[category] for row in rows]
    y = {"field": category, "type": "nominal", "sort": order, "title": None, "scale": {"domain": order}}
    shown = {"values": [{category: row[category], "bme_pct": row["bme_pct"]} for row in rows if row["bme_pct"] is not None]}
    layers = [
        {"data": shown, "mark": {"type": "bar", "color": BME, "height": bar_height},
         "encoding": {"y": y, "x": {"field": "bme_pct", "type": "quantitative", "title": x_title,
                                    "scale": {"domain": [0, 100]}}}},
        {"data": shown, "mark": {"type": "text", "align": "left", "dx": 3, "fontSize": 10, **label_style},
         "encoding": {"y": y, "x": {"field": "bme_pct", "type": "quantitative"},
                      "text": {"field": "bme_pct", "type": "quantitative", "format": ".1f"}}},
    ]
    withheld = [{category: row[category], "x": 0, "label": "not shown: see the table"} for row in rows if row["bme_pct"] is None]
    if withheld:
        layers.append({
            "data": {"values": withheld},
            "mark": {"type": "text", "align": "left", "dx": 3, "fontSize": 10, "fontStyle": "italic", "color": NEUTRAL},
            "encoding": {"y": y, "x": {"field": "x", "type": "quantitative"}, "text": {"field": "label", "type": "nominal"}},
        })
    if reference_pct is not None:
        rule = {"values": [{reference_field: reference_pct, "label": f"{reference_label} {reference_pct:.1f}%"}]}
        x = {"field": reference_field, "type": "quantitative"}
        layers.append({"data": rule, "mark": {"type": "rule", "color": "#000", "strokeDash": [4, 3]}, "encoding": {"x": x}})
        layers.append({"data": rule, "mark": {"type": "text", "align": "left", "dx": 4, "dy": -6, "fontSize": 10, "baseline": "bottom"},
                       "encoding": {"x": x, "y": {"value": 0}, "text": {"field": "label", "type": "nominal"}}})
    return layers


def band_row_chart(rows: list[dict], overall_bme_pct: float | None, title: str) -> dict:
    """Indicator 1: the BME share of each band row of one section, against the overall BME share.

    rows: {band_row, bme_pct (None when withheld or not calculable)}.
    """
    layers = _bme_share_bars(rows, "band_row", "BME % of the band row", 12, {"color": "#222"},
                             overall_bme_pct, "overall", "overall BME")
    return _layered(layers, title, 360, max(60, 18 * len(rows)))


def board_chart(rows: list[dict], workforce_bme_pct: float | None, title: str) -> dict:
    """Indicator 9: the BME share of each board subset against the workforce's BME share.

    rows: {subset, bme_pct}.
    """
    layers = _bme_share_bars(rows, "subset", "BME % of members", 14, {}, workforce_bme_pct, "pct", "workforce BME")
    return _layered(layers, title, 360, 30 * len(rows))


def share_trend_chart(rows: list[dict], title: str, y_title: str) -> dict:
    """A percentage per reporting year and group, with its 95% interval where there is one.

    rows: {year, group, value, lower, upper}; used for indicator 1's overall shares and for the
    White and BME percentages of indicators 5-8.
    """
    data = {"values": _shown(rows, ("group", "value", "lower", "upper"))}
    groups = list(dict.fromkeys(row["group"] for row in data["values"])) or ["BME"]
    colours = [{"White": WHITE, "BME": BME}.get(group, NEUTRAL) for group in groups]
    encoding = {
        "x": _year_axis(rows),
        "xOffset": {"field": "group", "type": "nominal", "sort": groups},
        "color": {"field": "group", "type": "nominal", "sort": groups, "title": None, "legend": {"orient": "top"},
                  "scale": {"domain": groups, "range": colours}},
    }
    layers = [{"data": data, "mark": {"type": "point", "filled": True, "size": 60},
               "encoding": {**encoding, "y": {"field": "value", "type": "quantitative", "title": y_title,
                                              "scale": {"domain": [0, 100]}}}}]
    if any(point["lower"] is not None for point in data["values"]):
        layers.insert(0, {"data": data, "mark": {"type": "rule", "strokeWidth": 2},
                          "encoding": {**encoding, "y": {"field": "lower", "type": "quantitative"},
                                       "y2": {"field": "upper"}}})
    withheld = _withheld_years([row for row in rows if row["group"] == "BME"] or rows, 2.0)
    if withheld is not None:
        layers.append(withheld)
    years = len({row["year"] for row in rows})
    return _layered(layers, title, max(160, 90 * years), 220)


def relative_likelihood_domain(rows: list[dict]) -> list[float]:
    """The y scale of a relative-likelihood chart: from 0 to above the non-adverse band (1.25 + 0.25)
    and above every shown value and interval, plus a margin of 0.05."""
    shown = [row for row in rows if row["value"] is not None]
    tops = [row["value"] for row in shown] + [row["upper"] for row in shown if row.get("upper") is not None]
    top = max([NON_ADVERSE[1] + 0.25, *tops]) if shown else 2.0
    return [0, round(top + 0.05, 2)]


def relative_likelihood_chart(rows: list[dict], title: str) -> dict:
    """Indicators 2-4: relative likelihood per reporting year with its 95% interval.

    The shaded band is the non-adverse range 0.80-1.25 and the dashed line marks 1.00 (equal
    likelihood). rows: {year, series, value, lower, upper}.
    """
    series = list(dict.fromkeys(row["series"] for row in rows))
    y_scale = {"domain": relative_likelihood_domain(rows)}
    data = {"values": _shown(rows, ("series", "value", "lower", "upper"))}
    encoding = {
        "x": _year_axis(rows),
        "xOffset": {"field": "series", "type": "nominal", "sort": series},
        "color": {"field": "series", "type": "nominal", "sort": series, "title": None,
                  "legend": {"orient": "top"} if len(series) > 1 else None,
                  "scale": {"domain": series, "range": SERIES_COLOURS[: len(series)]}},
    }
    layers = [
        {"data": {"values": [{"low": NON_ADVERSE[0], "high": NON_ADVERSE[1]}]}, "mark": {"type": "rect", "color": BAND_FILL},
         "encoding": {"y": {"field": "low", "type": "quantitative", "scale": y_scale, "title": "relative likelihood"},
                      "y2": {"field": "high"}}},
        {"data": {"values": [{"one": 1.0}]}, "mark": {"type": "rule", "color": NEUTRAL, "strokeDash": [4, 3]},
         "encoding": {"y": {"field": "one", "type": "quantitative"}}},
        {"data": data, "mark": {"type": "rule", "strokeWidth": 2},
         "encoding": {**encoding, "y": {"field": "lower", "type": "quantitative", "scale": y_scale}, "y2": {"field": "upper"}}},
        {"data": data, "mark": {"type": "point", "filled": True, "size": 70},
         "encoding": {**encoding, "y": {"field": "value", "type": "quantitative", "scale": y_scale}}},
        {"data": data, "mark": {"type": "text", "dx": 14, "align": "left", "fontSize": 10},
         "encoding": {**encoding, "y": {"field": "value", "type": "quantitative"},
                      "text": {"field": "value", "type": "quantitative", "format": ".2f"}}},
    ]
    withheld = _withheld_years([row for row in rows if row["series"] == series[0]], 0.05)
    if withheld is not None:
        layers.append(withheld)
    years = len({row["year"] for row in rows})
    return _layered(layers, title, max(180, 110 * years), 220)


def difference_trend_chart(rows: list[dict], title: str) -> dict:
    """Indicator 9's headline over the years: voting board BME% minus workforce BME%, in points."""
    data = {"values": _shown(rows, ("value",))}
    x = _year_axis(rows)
    layers = [
        {"data": {"values": [{"zero": 0.0}]}, "mark": {"type": "rule", "color": NEUTRAL, "strokeDash": [4, 3]},
         "encoding": {"y": {"field": "zero", "type": "quantitative"}}},
        {"data": data, "mark": {"type": "bar", "color": BME, "width": 28},
         "encoding": {"x": x, "y": {"field": "value", "type": "quantitative", "title": "percentage points"}}},
        {"data": data, "mark": {"type": "text", "dy": -6, "fontSize": 10},
         "encoding": {"x": x, "y": {"field": "value", "type": "quantitative"},
                      "text": {"field": "value", "type": "quantitative", "format": "+.1f"}}},
    ]
    withheld = _withheld_years(rows, 0.0)
    if withheld is not None:
        layers.append(withheld)
    years = len({row["year"] for row in rows})
    return _layered(layers, title, max(160, 80 * years), 200)


def describe_values(items: list[tuple[str, float | None, str]]) -> str:
    """'label value; label value ...' for a text alternative; missing values are named as such."""
    parts = []
    for label, value, kind in items:
        parts.append(f"{label} {format_number(value, kind)}" if value is not None else f"{label} not shown (withheld or not calculable)")
    return "; ".join(parts)
