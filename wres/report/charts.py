"""The report's charts: Vega-Lite specifications (altair) rendered to static SVG by vl-convert.

No browser, no network, no JavaScript: vl-convert embeds the Vega runtime and returns SVG text,
which the page embeds as a data URI image with a text alternative (the data table is beside it).
Every chart draws only published values; a withheld or not-calculable figure is left out of the
chart and named in its text alternative and table.
"""

from __future__ import annotations

import base64

import altair as alt
import pandas as pd
import vl_convert

from wres.report.formatting import format_number

WHITE = "#0072B2"  # Okabe-Ito blue and orange: distinguishable with common colour-vision deficiencies
BME = "#D55E00"
NEUTRAL = "#555555"
BAND_FILL = "#E6F2E6"
GROUP_COLOURS = alt.Scale(domain=["White", "BME"], range=[WHITE, BME])
FONT = "DejaVu Sans"
NON_ADVERSE = (0.80, 1.25)


def _configured(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return chart.configure(font=FONT).configure_axis(labelFontSize=11, titleFontSize=11).configure_view(stroke=None)


def to_svg_uri(chart: alt.TopLevelMixin) -> str:
    # validate=False: altair's JSON-schema validation took a third of the report's time; the
    # specifications are fixed code, checked by the tests rendering them. No data URL is allowed
    # (allowed_base_urls=[]): every chart's data is inline.
    spec = _configured(chart).to_dict(validate=False)
    svg = vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _withheld_years(rows: list[dict], y: float) -> alt.Chart | None:
    """A 'not shown' label at each year whose figure is withheld or not calculable, so a year never
    just disappears from a trend (the table beside the chart says why)."""
    frame = pd.DataFrame(rows)
    missing = frame[frame["value"].isna()]
    if not len(missing):
        return None
    years = sorted({str(year) for year in missing["year"]})
    return alt.Chart(pd.DataFrame({"year": years, "y": [y] * len(years), "label": ["not shown"] * len(years)})).mark_text(
        fontSize=10, fontStyle="italic", color=NEUTRAL, baseline="bottom"
    ).encode(x=alt.X("year:O"), y=alt.Y("y:Q"), text="label:N")


def _year_axis(rows: list[dict]) -> alt.X:
    years = sorted({str(row["year"]) for row in rows})
    return alt.X("year:O", title="reporting year", axis=alt.Axis(labelAngle=0), scale=alt.Scale(domain=years))


def _bme_share_bars(
    data: pd.DataFrame, category: str, x_title: str, bar_height: int, label_style: dict,
    reference_pct: float | None, reference_field: str, reference_label: str,
) -> list:
    """Horizontal BME% bars, one per category row, a 'not shown' label where a share is withheld,
    and a dashed reference line (the overall or workforce BME share) where it is published.
    Indicators 1 and 9 draw the same picture of different rows. reference_field names the line's
    value in the SVG's text alternative (aria-label), so it is a word a screen reader can say."""
    order = list(data[category])
    y = alt.Y(f"{category}:N", sort=order, title=None, scale=alt.Scale(domain=order))
    base = alt.Chart(data[data["bme_pct"].notna()]).encode(y=y)
    layers = [
        base.mark_bar(color=BME, height=bar_height).encode(
            x=alt.X("bme_pct:Q", title=x_title, scale=alt.Scale(domain=[0, 100])),
        ),
        base.mark_text(align="left", dx=3, fontSize=10, **label_style).encode(
            x="bme_pct:Q", text=alt.Text("bme_pct:Q", format=".1f")
        ),
    ]
    withheld = data[data["bme_pct"].isna()].assign(x=0, label="not shown: see the table")
    if len(withheld):
        layers.append(
            alt.Chart(withheld).mark_text(align="left", dx=3, fontSize=10, fontStyle="italic", color=NEUTRAL)
            .encode(y=alt.Y(f"{category}:N", sort=order, scale=alt.Scale(domain=order)), x="x:Q", text="label:N")
        )
    if reference_pct is not None:
        rule = pd.DataFrame({reference_field: [reference_pct], "label": [f"{reference_label} {reference_pct:.1f}%"]})
        layers.append(alt.Chart(rule).mark_rule(color="#000", strokeDash=[4, 3]).encode(x=f"{reference_field}:Q"))
        layers.append(
            alt.Chart(rule).mark_text(align="left", dx=4, dy=-6, fontSize=10, baseline="bottom")
            .encode(x=f"{reference_field}:Q", y=alt.value(0), text="label:N")
        )
    return layers


def band_row_chart(rows: list[dict], overall_bme_pct: float | None, title: str) -> alt.TopLevelMixin:
    """Indicator 1: the BME share of each band row of one section, against the overall BME share.

    rows: {band_row, order, bme_pct (None when withheld or not calculable)}.
    """
    data = pd.DataFrame(rows)
    layers = _bme_share_bars(data, "band_row", "BME % of the band row", 12, {"color": "#222"},
                             overall_bme_pct, "overall", "overall BME")
    return alt.layer(*layers).properties(title=title, width=360, height=max(60, 18 * len(data)))


def share_trend_chart(rows: list[dict], title: str, y_title: str) -> alt.TopLevelMixin:
    """A percentage per reporting year and group, with its 95% interval where there is one.

    rows: {year, group, value, lower, upper}; used for indicator 1's overall shares and for the
    White and BME percentages of indicators 5-8.
    """
    data = pd.DataFrame(rows)
    data = data[data["value"].notna()].copy()
    data["year"] = data["year"].astype(str)
    groups = list(dict.fromkeys(data["group"])) or ["BME"]
    colours = alt.Scale(domain=groups, range=[{"White": WHITE, "BME": BME}.get(g, NEUTRAL) for g in groups])
    base = alt.Chart(data).encode(
        x=_year_axis(rows),
        xOffset=alt.XOffset("group:N", sort=groups),
        color=alt.Color("group:N", scale=colours, sort=groups, title=None, legend=alt.Legend(orient="top")),
    )
    layers = [base.mark_point(filled=True, size=60).encode(y=alt.Y("value:Q", title=y_title, scale=alt.Scale(domain=[0, 100])))]
    if data["lower"].notna().any():
        layers.insert(0, base.mark_rule(strokeWidth=2).encode(y="lower:Q", y2="upper:Q"))
    withheld = _withheld_years([row for row in rows if row["group"] == "BME"] or rows, 2.0)
    if withheld is not None:
        layers.append(withheld)
    years = len({row["year"] for row in rows})
    return alt.layer(*layers).properties(title=title, width=max(160, 90 * years), height=220)


def relative_likelihood_chart(rows: list[dict], title: str) -> alt.TopLevelMixin:
    """Indicators 2-4: relative likelihood per reporting year with its 95% interval.

    The shaded band is the non-adverse range 0.80-1.25 and the line marks 1.00 (equal
    likelihood). rows: {year, series, value, lower, upper}.
    """
    data = pd.DataFrame(rows)
    data = data[data["value"].notna()].copy()
    data["year"] = data["year"].astype(str)
    series = list(dict.fromkeys(pd.DataFrame(rows)["series"]))
    top = max([NON_ADVERSE[1] + 0.25, *data["upper"].dropna(), *data["value"]]) if len(data) else 2.0
    y_scale = alt.Scale(domain=[0, round(top + 0.05, 2)])
    band = alt.Chart(pd.DataFrame({"low": [NON_ADVERSE[0]], "high": [NON_ADVERSE[1]]})).mark_rect(
        color=BAND_FILL
    ).encode(y=alt.Y("low:Q", scale=y_scale, title="relative likelihood"), y2="high:Q")
    one = alt.Chart(pd.DataFrame({"one": [1.0]})).mark_rule(color=NEUTRAL, strokeDash=[4, 3]).encode(y="one:Q")
    base = alt.Chart(data).encode(
        x=_year_axis(rows),
        xOffset=alt.XOffset("series:N", sort=series),
        color=alt.Color(
            "series:N", sort=series, title=None, legend=alt.Legend(orient="top") if len(series) > 1 else None,
            scale=alt.Scale(domain=series, range=["#333333", "#999999"][: len(series)]),
        ),
    )
    whiskers = base.mark_rule(strokeWidth=2).encode(y=alt.Y("lower:Q", scale=y_scale), y2="upper:Q")
    points = base.mark_point(filled=True, size=70).encode(y=alt.Y("value:Q", scale=y_scale))
    labels = base.mark_text(dx=14, align="left", fontSize=10).encode(y="value:Q", text=alt.Text("value:Q", format=".2f"))
    layers = [band, one, whiskers, points, labels]
    headline = [row for row in rows if row["series"] == series[0]]
    withheld = _withheld_years(headline, 0.05)
    if withheld is not None:
        layers.append(withheld)
    years = len({row["year"] for row in rows})
    return alt.layer(*layers).properties(title=title, width=max(180, 110 * years), height=220)


def board_chart(rows: list[dict], workforce_bme_pct: float | None, title: str) -> alt.TopLevelMixin:
    """Indicator 9: the BME share of each board subset against the workforce's BME share.

    rows: {subset, bme_pct}.
    """
    data = pd.DataFrame(rows)
    layers = _bme_share_bars(data, "subset", "BME % of members", 14, {}, workforce_bme_pct, "pct", "workforce BME")
    return alt.layer(*layers).properties(title=title, width=360, height=30 * len(data))


def difference_trend_chart(rows: list[dict], title: str) -> alt.TopLevelMixin:
    """Indicator 9's headline over the years: voting board BME% minus workforce BME%, in points."""
    data = pd.DataFrame(rows)
    data = data[data["value"].notna()].copy()
    data["year"] = data["year"].astype(str)
    base = alt.Chart(data).encode(x=_year_axis(rows))
    zero = alt.Chart(pd.DataFrame({"zero": [0.0]})).mark_rule(color=NEUTRAL, strokeDash=[4, 3]).encode(y="zero:Q")
    bars = base.mark_bar(color=BME, width=28).encode(y=alt.Y("value:Q", title="percentage points"))
    labels = base.mark_text(dy=-6, fontSize=10).encode(y="value:Q", text=alt.Text("value:Q", format="+.1f"))
    layers = [zero, bars, labels]
    withheld = _withheld_years(rows, 0.0)
    if withheld is not None:
        layers.append(withheld)
    years = len({row["year"] for row in rows})
    return alt.layer(*layers).properties(title=title, width=max(160, 80 * years), height=200)


def describe_values(items: list[tuple[str, float | None, str]]) -> str:
    """'label value; label value ...' for a text alternative; missing values are named as such."""
    parts = []
    for label, value, kind in items:
        parts.append(f"{label} {format_number(value, kind)}" if value is not None else f"{label} not shown (withheld or not calculable)")
    return "; ".join(parts)
