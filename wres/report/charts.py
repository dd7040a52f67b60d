"""The report's charts: static SVG drawn from the published values, with no runtime at all.

Five small chart kinds (horizontal BME-share bars, points with 95% intervals by year, relative
likelihoods against the non-adverse band, a signed bar per year) are drawn here directly: linear
scales with d3's "nice" tick steps, a band per reporting year, axes, a legend, and labels. The
report used to build them as Vega-Lite and render them with vl-convert; that cost ~0.07 CPU-s per
chart (vl-convert measures every label by reading the font file again), 12 charts per page, more
than the rest of the page and its PDF together. These functions take ~1 ms per chart.

The page embeds each SVG as a data URI image with a text alternative, and a data table with the
same figures beside it. Every chart draws only published values; a withheld or not-calculable
figure is left out of the chart, marked "not shown", and named in the text alternative and table.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from wres.report.formatting import format_number

WHITE = "#0072B2"  # Okabe-Ito blue and orange: distinguishable with common colour-vision deficiencies
BME = "#D55E00"
NEUTRAL = "#555555"
GRID = "#dddddd"
AXIS = "#888888"
BAND_FILL = "#E6F2E6"
SERIES_COLOURS = ("#333333", "#999999")
FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
NON_ADVERSE = (0.80, 1.25)
LABEL_SIZE = 11
TITLE_SIZE = 13
MARK_LABEL_SIZE = 10


# -- scales -------------------------------------------------------------------------------------------

def tick_step(start: float, stop: float, count: int) -> float:
    """d3's tickIncrement: the step of about `count` ticks over [start, stop], 1, 2 or 5 times a power of ten."""
    raw = abs(stop - start) / max(count, 1)
    if raw == 0:
        return 1.0
    power = math.floor(math.log10(raw))
    error = raw / 10 ** power
    factor = 10 if error >= math.sqrt(50) else 5 if error >= math.sqrt(10) else 2 if error >= math.sqrt(2) else 1
    return factor * 10 ** power


def ticks(start: float, stop: float, count: int) -> list[float]:
    """Round tick values from start to stop inclusive (both multiples of the step when the domain is nice)."""
    step = tick_step(start, stop, count)
    first, last = math.ceil(start / step - 1e-9), math.floor(stop / step + 1e-9)
    return [round(index * step, 10) for index in range(first, last + 1)]


def nice(start: float, stop: float, count: int) -> tuple[float, float]:
    """The domain widened to whole tick steps, as d3's linear.nice()."""
    if start == stop:
        start, stop = (start - 1, stop + 1) if start else (0.0, 1.0)
    step = tick_step(start, stop, count)
    return math.floor(start / step) * step, math.ceil(stop / step) * step


def tick_count(length: float) -> int:
    """Vega's default: about one tick per 40 pixels."""
    return max(2, math.ceil(length / 40))


@dataclass
class Linear:
    """A linear scale from a value domain to a pixel range."""

    domain: tuple[float, float]
    range: tuple[float, float]

    def __call__(self, value: float) -> float:
        (d0, d1), (r0, r1) = self.domain, self.range
        if d1 == d0:
            return r0
        return r0 + (value - d0) / (d1 - d0) * (r1 - r0)


def text_width(text: str, size: float) -> float:
    """A generous estimate of the width of text in DejaVu Sans (used for margins only: the browser
    places the text itself, so an overestimate just leaves a little more room)."""
    narrow, wide = set("iIjlt.,:;'!|()[] -"), set("mwMW@%&")
    units = sum(0.34 if char in narrow else 0.92 if char in wide else 0.72 if char.isupper() else 0.64 for char in text)
    return units * size


def _number(value: float) -> str:
    """Coordinates with at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _tick_label(value: float, step: float) -> str:
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else 0
    text = f"{value:.{decimals}f}"
    return text.replace("-", "\u2212") if value < 0 else text


# -- a tiny SVG builder -----------------------------------------------------------------------------

@dataclass
class Svg:
    """Elements of one chart in drawing order; coordinates are pixels inside the plot area."""

    title: str
    parts: list[str] = field(default_factory=list)

    def add(self, tag: str, text: str | None = None, **attributes) -> None:
        attrs = "".join(
            f" {name.rstrip('_').replace('_', '-')}={quoteattr(_number(value) if isinstance(value, float) else str(value))}"
            for name, value in attributes.items() if value is not None
        )
        self.parts.append(f"<{tag}{attrs}/>" if text is None else f"<{tag}{attrs}>{escape(text)}</{tag}>")

    def line(self, x1, y1, x2, y2, stroke, width=1, dash=None) -> None:
        self.add("line", x1=float(x1), y1=float(y1), x2=float(x2), y2=float(y2), stroke=stroke,
                 stroke_width=width, stroke_dasharray=dash)

    def rect(self, x, y, width, height, fill) -> None:
        self.add("rect", x=float(x), y=float(y), width=float(max(width, 0)), height=float(max(height, 0)), fill=fill)

    def text(self, x, y, text, size=LABEL_SIZE, anchor="start", baseline="middle", fill="#000",
             weight=None, style=None) -> None:
        # dy instead of dominant-baseline: rendered the same by every browser and PDF reader
        dy = {"middle": "0.35em", "top": "0.71em", "bottom": None}[baseline]
        self.add("text", text, x=float(x), y=float(y), dy=dy, fill=fill, font_size=size, text_anchor=anchor,
                 font_weight=weight, font_style=style)

    def render(self, width: float, height: float, left: float, top: float, title_baseline: float) -> str:
        """The image: the plot area at (left, top), the title centred above it all; the image is
        widened (plot centred) when the title is wider than the plot and its margins."""
        needed = text_width(self.title, TITLE_SIZE) * 1.08 + 16
        if needed > width:
            left += (needed - width) / 2
            width = needed
        width, height = math.ceil(width), math.ceil(height)
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'font-family={quoteattr(FONT)} role="img"><title>{escape(self.title)}</title>'
            f'<rect width="{width}" height="{height}" fill="#fff"/>'
            f'<text x="{_number(width / 2)}" y="{_number(title_baseline)}" font-size="{TITLE_SIZE}" font-weight="bold" '
            f'text-anchor="middle">{escape(self.title)}</text>'
            f'<g transform="translate({_number(left)},{_number(top)})">{"".join(self.parts)}</g></svg>'
        )


def to_svg_uri(svg: str) -> str:
    """The chart as a data URI for an <img>: the page loads nothing from anywhere."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


# -- parts shared by the charts ---------------------------------------------------------------------

def _value_axis_left(svg: Svg, scale: Linear, values: list[float], step: float, width: float, title: str) -> float:
    """Horizontal grid lines, tick labels and a rotated title on the left; returns the space used."""
    labels = [_tick_label(value, step) for value in values]
    label_width = max((text_width(label, LABEL_SIZE) for label in labels), default=0)
    for value, label in zip(values, labels):
        y = scale(value)
        svg.line(0, y, width, y, GRID)
        svg.line(-5, y, 0, y, AXIS)
        svg.text(-8, y, label, anchor="end")
    svg.line(0, scale.range[0], 0, scale.range[1], AXIS)
    middle = (scale.range[0] + scale.range[1]) / 2
    x = -label_width - 22
    svg.add("text", title, transform=f"translate({_number(x)},{_number(middle)}) rotate(-90)", text_anchor="middle",
            font_size=LABEL_SIZE, font_weight="bold", fill="#000")
    return label_width + 34


def _year_axis(svg: Svg, years: list[str], band: float, height: float) -> None:
    svg.line(0, height, band * len(years), height, AXIS)
    for index, year in enumerate(years):
        x = band * (index + 0.5)
        svg.line(x, height, x, height + 5, AXIS)
        svg.text(x, height + 8, year, anchor="middle", baseline="top")
    svg.text(band * len(years) / 2, height + 26, "reporting year", anchor="middle", baseline="top", weight="bold")


def _legend(svg: Svg, items: list[tuple[str, str]], y: float) -> float:
    """A dot and a label per group, left to right; returns the width used."""
    x = 0.0
    for label, colour in items:
        svg.add("circle", cx=x + 5, cy=y, r=5.0, fill=colour)
        svg.text(x + 14, y, label)
        x += 14 + text_width(label, LABEL_SIZE) + 16
    return x


def _not_shown(svg: Svg, x: float, y: float) -> None:
    """A year whose figure is withheld or not calculable never just disappears from a trend."""
    svg.text(x, y, "not shown", size=MARK_LABEL_SIZE, anchor="middle", baseline="bottom", fill=NEUTRAL, style="italic")


def _years(rows: list[dict]) -> list[str]:
    return sorted({str(row["year"]) for row in rows})


def _layout(svg: Svg, plot_width: float, plot_height: float, left: float, top: float, right: float, bottom: float,
            content_width: float = 0) -> str:
    """The image around a plot area; content_width is anything drawn wider than the plot (a legend)."""
    return svg.render(left + max(plot_width, content_width) + right, top + plot_height + bottom, left, top, 18)


# -- the charts ---------------------------------------------------------------------------------------

def _bme_share_bars(
    rows: list[dict], category: str, title: str, x_title: str, row_height: int, bar_height: int,
    reference_pct: float | None, reference_label: str,
) -> str:
    """Horizontal BME% bars, one per category row, a 'not shown' label where a share is withheld,
    and a dashed reference line (the overall or workforce BME share) where it is published.
    Indicators 1 and 9 draw the same picture of different rows."""
    width, height = 360, max(60, row_height * len(rows))
    svg = Svg(title)
    x = Linear((0, 100), (0, width))
    label_width = max((text_width(str(row[category]), LABEL_SIZE) for row in rows), default=0)
    left, top = label_width + 14, 46
    step = tick_step(0, 100, tick_count(width))
    for value in ticks(0, 100, tick_count(width)):
        svg.line(x(value), 0, x(value), height, GRID)
        svg.line(x(value), height, x(value), height + 5, AXIS)
        svg.text(x(value), height + 8, _tick_label(value, step), anchor="middle", baseline="top")
    svg.line(0, height, width, height, AXIS)
    svg.text(width / 2, height + 26, x_title, anchor="middle", baseline="top", weight="bold")
    band = height / max(len(rows), 1)
    for index, row in enumerate(rows):
        middle = band * (index + 0.5)
        svg.line(-5, middle, 0, middle, AXIS)
        svg.text(-8, middle, str(row[category]), anchor="end")
        value = row["bme_pct"]
        if value is None:
            svg.text(3, middle, "not shown: see the table", size=MARK_LABEL_SIZE, fill=NEUTRAL, style="italic")
            continue
        svg.rect(0, middle - bar_height / 2, x(value), bar_height, BME)
        svg.text(x(value) + 3, middle, format_number(value, "pct"), size=MARK_LABEL_SIZE, fill="#222")
    svg.line(0, 0, 0, height, AXIS)
    if reference_pct is not None:
        svg.line(x(reference_pct), 0, x(reference_pct), height, "#000", dash="4 3")
        svg.text(x(reference_pct), -6, f"{reference_label} {reference_pct:.1f}%", size=MARK_LABEL_SIZE,
                 anchor="middle", baseline="bottom")
    return _layout(svg, width, height, left, top, 44, 44)


def band_row_chart(rows: list[dict], overall_bme_pct: float | None, title: str) -> str:
    """Indicator 1: the BME share of each band row of one section, against the overall BME share.

    rows: {band_row, bme_pct (None when withheld or not calculable)}.
    """
    return _bme_share_bars(rows, "band_row", title, "BME % of the band row", 18, 12, overall_bme_pct, "overall BME")


def board_chart(rows: list[dict], workforce_bme_pct: float | None, title: str) -> str:
    """Indicator 9: the BME share of each board subset against the workforce's BME share.

    rows: {subset, bme_pct}.
    """
    return _bme_share_bars(rows, "subset", title, "BME % of members", 30, 14, workforce_bme_pct, "workforce BME")


def _interval_chart(
    rows: list[dict], key: str, keys: list[str], colours: list[str], title: str, y_title: str,
    domain: tuple[float, float], plot_width: float, value_labels: str | None, shade: tuple[float, float] | None,
    reference: float | None, not_shown_rows: list[dict], not_shown_at: float, legend: bool,
) -> str:
    """Points with their 95% interval (a vertical line) per reporting year, one offset column per
    group or series inside each year's band."""
    height = 220
    years = _years(rows)
    svg = Svg(title)
    y = Linear(domain, (height, 0))
    count = tick_count(height)
    step = tick_step(*domain, count)
    if shade is not None:
        svg.rect(0, y(shade[1]), plot_width, y(shade[0]) - y(shade[1]), BAND_FILL)
    left = _value_axis_left(svg, y, ticks(*domain, count), step, plot_width, y_title)
    if reference is not None:
        svg.line(0, y(reference), plot_width, y(reference), NEUTRAL, dash="4 3")
    band = plot_width / max(len(years), 1)
    _year_axis(svg, years, band, height)
    offsets = {name: band * (0.5 + (index - (len(keys) - 1) / 2) * 0.4) for index, name in enumerate(keys)}
    for row in rows:
        if row["value"] is None:
            continue
        x = band * years.index(str(row["year"])) + offsets[row[key]]
        colour = colours[keys.index(row[key])]
        if row.get("lower") is not None and row.get("upper") is not None:
            svg.line(x, y(row["lower"]), x, y(row["upper"]), colour, width=2)
        svg.add("circle", cx=float(x), cy=float(y(row["value"])), r=4.5, fill=colour)
        if value_labels:
            svg.text(x + 14, y(row["value"]), format_number(row["value"], value_labels), size=MARK_LABEL_SIZE)
    for year in sorted({str(row["year"]) for row in not_shown_rows if row["value"] is None}):
        _not_shown(svg, band * (years.index(year) + 0.5), y(not_shown_at))
    legend_width = _legend(svg, list(zip(keys, colours)), -14) if legend else 0
    return _layout(svg, plot_width, height, left, 48 if legend else 30, 40, 44, legend_width)


def share_trend_chart(rows: list[dict], title: str, y_title: str) -> str:
    """A percentage per reporting year and group, with its 95% interval where there is one.

    rows: {year, group, value, lower, upper}; used for indicator 1's overall shares and for the
    White and BME percentages of indicators 5-8.
    """
    groups = list(dict.fromkeys(row["group"] for row in rows if row["value"] is not None)) or ["BME"]
    colours = [{"White": WHITE, "BME": BME}.get(group, NEUTRAL) for group in groups]
    years = len({row["year"] for row in rows})
    bme = [row for row in rows if row["group"] == "BME"] or rows
    return _interval_chart(rows, "group", groups, colours, title, y_title, (0, 100), max(160, 90 * years),
                           None, None, None, bme, 2.0, legend=True)


def relative_likelihood_chart(rows: list[dict], title: str) -> str:
    """Indicators 2-4: relative likelihood per reporting year with its 95% interval.

    The shaded band is the non-adverse range 0.80-1.25 and the dashed line marks 1.00 (equal
    likelihood). rows: {year, series, value, lower, upper}.
    """
    series = list(dict.fromkeys(row["series"] for row in rows))
    shown = [row for row in rows if row["value"] is not None]
    tops = [row["value"] for row in shown] + [row["upper"] for row in shown if row.get("upper") is not None]
    top = max([NON_ADVERSE[1] + 0.25, *tops]) if shown else 2.0
    years = len({row["year"] for row in rows})
    headline = [row for row in rows if row["series"] == series[0]]
    return _interval_chart(rows, "series", series, list(SERIES_COLOURS[: len(series)]), title, "relative likelihood",
                           (0, round(top + 0.05, 2)), max(180, 110 * years), "ratio", NON_ADVERSE, 1.0,
                           headline, 0.05, legend=len(series) > 1)


def difference_trend_chart(rows: list[dict], title: str) -> str:
    """Indicator 9's headline over the years: voting board BME% minus workforce BME%, in points."""
    height = 200
    years = _years(rows)
    values = [row["value"] for row in rows if row["value"] is not None]
    count = tick_count(height)
    # room beyond the longest bar for its label
    low, high = min([0.0, *values]), max([0.0, *values])
    domain = nice(low - 0.12 * (high - low), high + 0.12 * (high - low), count)
    plot_width = max(160, 80 * len(years))
    svg = Svg(title)
    y = Linear(domain, (height, 0))
    left = _value_axis_left(svg, y, ticks(*domain, count), tick_step(*domain, count), plot_width, "percentage points")
    band = plot_width / max(len(years), 1)
    _year_axis(svg, years, band, height)
    for row in rows:
        x = band * (years.index(str(row["year"])) + 0.5)
        if row["value"] is None:
            _not_shown(svg, x, y(0))
            continue
        end, zero = y(row["value"]), y(0)
        svg.rect(x - 14, min(end, zero), 28, abs(zero - end), BME)
        # the label sits beyond the end of the bar: above a positive bar, below a negative one
        if row["value"] >= 0:
            svg.text(x, end - 4, format_number(row["value"], "points"), size=MARK_LABEL_SIZE, anchor="middle", baseline="bottom")
        else:
            svg.text(x, end + 4, format_number(row["value"], "points"), size=MARK_LABEL_SIZE, anchor="middle", baseline="top")
    svg.line(0, y(0), plot_width, y(0), NEUTRAL, dash="4 3")
    return _layout(svg, plot_width, height, left, 30, 30, 44)


def describe_values(items: list[tuple[str, float | None, str]]) -> str:
    """'label value; label value ...' for a text alternative; missing values are named as such."""
    parts = []
    for label, value, kind in items:
        parts.append(f"{label} {format_number(value, kind)}" if value is not None else f"{label} not shown (withheld or not calculable)")
    return "; ".join(parts)
