"""The WRES report: one self-contained HTML page per organisation, an index, and a PDF of each page.

Built from the published tier only (wres.report.published), so it can go on a website or into
board papers as it is: CSS and charts are inline, the page loads nothing and runs no script.
Every number on the page is a ``<span class="fig">`` carrying the key of its published figure
(``data-key`` = year|indicator|measure|breakdown|group, ``data-field`` = value, numerator, ...),
which is how the tests compare the page with the published tier.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from wres import PROJECT_DIR, __version__
from wres.report import charts
from wres.report.formatting import (
    MEASURE_KIND,
    format_number,
    not_calculable_words,
    suppression_words,
)
from wres.report.published import Figure, OrganisationFigures, Publication, ReportError, read_publication

TEMPLATES = Path(__file__).parent / "templates"
INDEX_FILE = "index.html"

INDICATOR_TITLES = {
    1: "Workforce by pay band: White, BME and ethnicity unknown",
    2: "Relative likelihood of White applicants being appointed from shortlisting compared to BME applicants",
    3: "Relative likelihood of BME staff entering the formal disciplinary process compared to White staff",
    4: "Relative likelihood of White staff accessing non-mandatory training and CPD compared to BME staff",
    5: "Staff experiencing harassment, bullying or abuse from patients, relatives or the public in the last 12 months",
    6: "Staff experiencing harassment, bullying or abuse from staff in the last 12 months",
    7: "Staff believing that the organisation provides equal opportunities for career progression or promotion",
    8: "Staff personally experiencing discrimination at work from a manager, team leader or other colleagues in the last 12 months",
    9: "Board membership compared with the workforce",
}
SURVEY_PHRASES = {
    5: "experienced harassment, bullying or abuse from patients, relatives or the public",
    6: "experienced harassment, bullying or abuse from staff",
    7: "believe the organisation provides equal opportunities for career progression or promotion",
    8: "personally experienced discrimination at work from a manager, team leader or colleagues",
}
RL_SUBJECT = {
    2: ("applicants", "be appointed from shortlisting"),
    3: ("staff", "enter the formal disciplinary process"),
    4: ("staff", "access non-mandatory training and CPD"),
}
BOARD_SUBSETS = [
    ("board_total", "Total board"),
    ("board_voting", "Voting members"),
    ("board_non_voting", "Non-voting members"),
    ("board_executive", "Executive members"),
    ("board_non_executive", "Non-executive members"),
]
SECTION_NAMES = {"non_clinical": "Non-clinical staff", "clinical": "Clinical staff", "overall": "Overall workforce"}
GROUPS = ("White", "BME", "Unknown")


def suppression_floors() -> tuple[int, int]:
    """(smallest count shown, smallest survey group shown) from dbt_project.yml vars (spec §6)."""
    with (PROJECT_DIR / "dbt_project.yml").open(encoding="utf-8") as handle:
        variables = yaml.safe_load(handle).get("vars", {})
    return int(variables.get("wres_suppress_count_max", 7)) + 1, int(variables.get("wres_survey_min_respondents", 11))


def _date(value) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value.day} {value:%B %Y}"
    return str(value)


class Page:
    """Renders the figures of one organisation as marked-up text."""

    def __init__(self, org: OrganisationFigures, floors: tuple[int, int]):
        self.org = org
        self.count_floor, self.survey_floor = floors
        self._notes: dict[str, str] = {}  # reason in words -> its note mark, for the table being built

    def _noted(self, words: str) -> Markup:
        """A table cell says 'suppressed' or 'not calculable' with a note mark; the note under the
        table gives the reason in words (the whole phrase in every cell made the tables unreadable)."""
        mark = self._notes.setdefault(words, "abcdefghijklmnopqrstuvwxyz"[len(self._notes) % 26])
        head = "suppressed" if words.startswith("suppressed") else "not calculable" if words.startswith("not calculable") else words
        return Markup('{} <sup class="mark">{}</sup>').format(head, mark)

    def take_notes(self) -> list[tuple[str, str]]:
        notes = [(mark, words) for words, mark in self._notes.items()]
        self._notes = {}
        return notes

    # -- one number ----------------------------------------------------------------------------
    def _span(self, key: str, field: str, state: str, text: str) -> Markup:
        return Markup('<span class="fig {state}" data-key="{key}" data-field="{field}" data-state="{state}">{text}</span>').format(
            state=state, key=key, field=field, text=text
        )

    def fig(self, year: int, indicator: int, measure: str, breakdown: str, group: str, field: str = "value",
            compact: bool = True) -> Markup:
        figure = self.org.get(year, indicator, measure, breakdown, group)
        key = f"{year}|{indicator}|{measure}|{breakdown}|{group}"
        if figure is None:
            return Markup('<span class="nodata">no figure</span>')
        if field in ("is_non_adverse", "is_significant"):
            flag = getattr(figure, field)
            if flag is None:
                return self._span(key, field, "missing", "—")
            return self._span(key, field, "flag", "yes" if flag else "no")
        value = getattr(figure, field)
        kind = "count" if field in ("numerator", "denominator") else MEASURE_KIND[measure]
        if value is not None:
            return self._span(key, field, "number", format_number(value, kind))
        if field in ("numerator", "denominator"):
            # a count is NULL in the published tier only when it is withheld
            words = suppression_words(None, indicator, self.count_floor, self.survey_floor)
            return self._span(key, field, "suppressed", self._noted(words) if compact else escape(words))
        if field in ("ci_lower", "ci_upper"):
            return self._span(key, field, "missing", "—")
        if figure.is_suppressed:
            words = suppression_words(figure.suppression_reason, indicator, self.count_floor, self.survey_floor)
            return self._span(key, field, "suppressed", self._noted(words) if compact else escape(words))
        if figure.not_calculable_reason:
            words = not_calculable_words(figure.not_calculable_reason)
            return self._span(key, field, "not-calculable", self._noted(words) if compact else escape(words))
        return self._span(key, field, "missing", "not available")

    def interval(self, year: int, indicator: int, measure: str, breakdown: str, group: str) -> Markup:
        figure = self.org.get(year, indicator, measure, breakdown, group)
        if figure is None or figure.value is None:
            return Markup("—")
        if figure.ci_lower is None or figure.ci_upper is None:
            return Markup('<span class="note">no interval (a count is zero)</span>')
        return Markup("{} to {}").format(
            self.fig(year, indicator, measure, breakdown, group, "ci_lower"),
            self.fig(year, indicator, measure, breakdown, group, "ci_upper"),
        )

    def value(self, year, indicator, measure, breakdown, group) -> float | None:
        figure = self.org.get(year, indicator, measure, breakdown, group)
        return figure.value if figure else None

    def figure(self, year, indicator, measure, breakdown, group) -> Figure | None:
        return self.org.get(year, indicator, measure, breakdown, group)


# -- the sections -------------------------------------------------------------------------------------

def _table(page: Page, caption: str, columns: list[str], rows: list[list], row_headers: int = 1) -> dict:
    """A data table; the notes are the reasons, in words, of its suppressed and not calculable cells."""
    return {"caption": caption, "columns": columns, "rows": rows, "row_headers": row_headers, "notes": page.take_notes()}


def _chart(chart, alt_text: str, caption: str) -> dict:
    return {"src": charts.to_svg_uri(chart), "alt": alt_text, "caption": caption}


def indicator_1(page: Page) -> dict:
    org = page.org
    years = org.years_with(1)
    blocks = []
    for position, year in enumerate(years):
        rows = []
        for section, band_row, breakdown in org.band_rows.get(year, []):
            label = SECTION_NAMES.get(section, section) if breakdown == "overall" else band_row
            header = f"{SECTION_NAMES.get(section, section)}: {band_row}" if band_row == "Total" else label
            cells = [Markup("<strong>{}</strong>").format(header) if band_row in ("Total",) or breakdown == "overall" else header]
            for group in GROUPS:
                cells.append(page.fig(year, 1, "headcount", breakdown, group))
                cells.append(page.fig(year, 1, "pct", breakdown, group))
            cells.append(page.fig(year, 1, "headcount", breakdown, "All"))
            rows.append(cells)
        snapshot = org.workforce_snapshot.get(year)
        table = _table(page,
            f"Indicator 1, reporting year {year}: headcount and share of each band row by ethnic group"
            + (f" (staff in post on {_date(snapshot)})" if snapshot else ""),
            ["Band row", "White", "White %", "BME", "BME %", "Unknown", "Unknown %", "All staff"], rows,
        )
        block = {"heading": f"Reporting year {year}", "tables": [table], "charts": []}
        if position == 0:
            overall = page.value(year, 1, "pct", "overall", "BME")
            for section in ("non_clinical", "clinical"):
                band_rows = [
                    {"band_row": band_row, "bme_pct": page.value(year, 1, "pct", breakdown, "BME")}
                    for sec, band_row, breakdown in org.band_rows.get(year, [])
                    if sec == section and band_row != "Total"
                ]
                if not band_rows:
                    continue
                name = SECTION_NAMES[section].lower()
                block["charts"].append(_chart(
                    charts.band_row_chart(band_rows, overall, f"{SECTION_NAMES[section]}, {year}: BME % by band row"),
                    f"Bar chart of the BME share of each band row of {name} in {year}, against the overall BME share "
                    f"({'not shown' if overall is None else format_number(overall, 'pct') + '%'}): "
                    + charts.describe_values([(row["band_row"], row["bme_pct"], "pct") for row in band_rows]) + ".",
                    f"BME % of each band row, {name}, {year}; the dashed line is the overall BME share. Figures in the table below.",
                ))
        blocks.append(block)
    trend_rows, trend_points = [], []
    for year in years:
        cells = [str(year)]
        for group in GROUPS:
            cells.append(page.fig(year, 1, "pct", "overall", group))
        for group in GROUPS:
            cells.append(page.fig(year, 1, "pct_yoy_change", "overall", group) if page.figure(year, 1, "pct_yoy_change", "overall", group) else "—")
        trend_rows.append(cells)
        for group in ("White", "BME"):
            trend_points.append({"year": year, "group": group, "value": page.value(year, 1, "pct", "overall", group), "lower": None, "upper": None})
    trend = {
        "heading": "Trend",
        "charts": [_chart(
            charts.share_trend_chart(trend_points, "Share of the overall workforce by reporting year", "% of all staff"),
            "Chart of the White and BME shares of the overall workforce by reporting year: "
            + charts.describe_values([(f"{p['year']} {p['group']}", p["value"], "pct") for p in trend_points]) + ".",
            "White and BME % of the overall workforce by reporting year. Figures in the table beside it.",
        )] if years else [],
        "tables": [_table(page,
            "Indicator 1: share of the overall workforce by reporting year, and the change in percentage points since the previous year",
            ["Reporting year", "White %", "BME %", "Unknown %", "White change (points)", "BME change (points)", "Unknown change (points)"],
            trend_rows,
        )],
    }
    return {"blocks": [trend] + blocks if years else [], "lead": (
        "Headcount (people, not posts) of staff in post on 31 March, by pay band row, for non-clinical and clinical staff. "
        "The percentages of each row add up to 100 across White, BME and Unknown."
    )}


def _rl_sentence(page: Page, indicator: int, year: int, breakdown: str) -> Markup:
    who, action = RL_SUBJECT[indicator]
    figure = page.figure(year, indicator, "relative_likelihood", breakdown, "All")
    number = page.fig(year, indicator, "relative_likelihood", breakdown, "All", compact=False)
    if figure is None:
        return Markup("No figure for {}.").format(year)
    if figure.value is None:
        return Markup("The relative likelihood for {} is {}.").format(year, number)
    value = figure.value
    rounded = format_number(value, "ratio")
    if indicator == 3:
        if rounded == "1.00":
            sentence = Markup("BME and White staff were equally likely to {} (relative likelihood {}).").format(action, number)
        elif value > 1:
            sentence = Markup("BME staff were {} times as likely as White staff to {}.").format(number, action)
        else:
            sentence = Markup("BME staff were less likely than White staff to {} (relative likelihood {}).").format(action, number)
    else:
        if rounded == "1.00":
            sentence = Markup("BME and White {} were equally likely to {} (relative likelihood {}).").format(who, action, number)
        elif value > 1:
            sentence = Markup("BME {} were {} times less likely to {} than White {}.").format(who, number, action, who)
        else:
            sentence = Markup("BME {} were more likely to {} than White {} (relative likelihood {}).").format(who, action, who, number)
    judgement = []
    if figure.is_non_adverse is not None:
        judgement.append("within the non-adverse range 0.80 to 1.25" if figure.is_non_adverse else "outside the non-adverse range 0.80 to 1.25")
    if figure.is_significant is not None:
        judgement.append("statistically significant (the 95% interval excludes 1.00)" if figure.is_significant
                         else "not statistically significant (the 95% interval includes 1.00)")
    if judgement:
        sentence += Markup(" It is {}.").format(" and ".join(judgement))
    return sentence


def relative_likelihood_indicator(page: Page, indicator: int) -> dict:
    org = page.org
    years = org.years_with(indicator)
    series = [("rolling", "two-year rolling"), ("single_year", "single year")] if indicator == 3 else [("overall", None)]
    counts_label = {
        2: ("Shortlisted", "Appointed from shortlisting", "% appointed"),
        3: ("Workforce", "Entering the formal disciplinary process", "% entering"),
        4: ("Workforce", "Accessing non-mandatory training or CPD", "% accessing"),
    }[indicator]
    rate_rows, rl_rows, points = [], [], []
    for year in years:
        for breakdown, label in series:
            change = page.figure(year, indicator, "relative_likelihood_yoy_change", breakdown, "All")
            row = [
                f"{year} {label}" if label else str(year),
                page.fig(year, indicator, "relative_likelihood", breakdown, "All"),
                page.interval(year, indicator, "relative_likelihood", breakdown, "All"),
                page.fig(year, indicator, "relative_likelihood", breakdown, "All", "is_non_adverse"),
                page.fig(year, indicator, "relative_likelihood", breakdown, "All", "is_significant"),
                page.fig(year, indicator, "relative_likelihood_yoy_change", breakdown, "All") if change else "—",
            ]
            if indicator == 3 and breakdown == "rolling":
                row.append(page.fig(year, 3, "rolling_years", "rolling", "All"))
            elif indicator == 3:
                row.append("1")
            rl_rows.append(row)
            figure = page.figure(year, indicator, "relative_likelihood", breakdown, "All")
            points.append({
                "year": year, "series": label or "relative likelihood",
                "value": figure.value if figure else None,
                "lower": figure.ci_lower if figure else None, "upper": figure.ci_upper if figure else None,
            })
    rl_columns = ["Reporting year", "Relative likelihood", "95% interval", "Within 0.80–1.25", "Significant", "Change since previous year"]
    if indicator == 3:
        rl_columns.append("Years pooled")
    description = "; ".join(
        f"{p['year']}{' ' + p['series'] if indicator == 3 else ''} "
        + (f"{format_number(p['value'], 'ratio')}" + (f" (95% interval {format_number(p['lower'], 'ratio')} to {format_number(p['upper'], 'ratio')})" if p["lower"] is not None and p["upper"] is not None else "")
           if p["value"] is not None else "not shown (withheld or not calculable)")
        for p in points
    )
    latest = years[0] if years else None
    blocks = []
    if years:
        rl_table = _table(page, f"Indicator {indicator}: relative likelihood by reporting year", rl_columns, rl_rows)
        for year in years:
            for breakdown, label in series:
                for group in ("White", "BME"):
                    rate_rows.append([
                        f"{year} {label}" if label else str(year), group,
                        page.fig(year, indicator, "rate_pct", breakdown, group, "denominator"),
                        page.fig(year, indicator, "rate_pct", breakdown, group, "numerator"),
                        page.fig(year, indicator, "rate_pct", breakdown, group),
                        page.interval(year, indicator, "rate_pct", breakdown, group),
                    ])
        blocks.append({
            "heading": "Relative likelihood by reporting year",
            "charts": [_chart(
                charts.relative_likelihood_chart(points, f"Indicator {indicator}: relative likelihood with 95% interval"),
                f"Chart of the relative likelihood of indicator {indicator} by reporting year, against the non-adverse range 0.80 to 1.25 "
                f"(shaded) and 1.00 (dashed): {description}.",
                "Relative likelihood (point) and 95% interval (line) by reporting year; the shaded band is the non-adverse range 0.80–1.25. Figures in the table beside it.",
            )],
            "tables": [rl_table],
        })
        blocks.append({
            "heading": "Counts and rates",
            "charts": [],
            "tables": [_table(page,
                f"Indicator {indicator}: counts and rates by reporting year and ethnic group",
                ["Reporting year", "Group", counts_label[0], counts_label[1], counts_label[2], "95% interval"], rate_rows, row_headers=2,
            )],
        })
    lead = {
        2: "Applications shortlisted in the financial year, and those appointed (offer made and accepted). "
           "Relative likelihood = White appointment rate ÷ BME appointment rate.",
        3: "Staff entering a formal disciplinary investigation in the financial year, against the workforce on 31 March. "
           "Relative likelihood = BME rate ÷ White rate; the headline pools the current and previous year (two-year rolling).",
        4: "Staff in post on 31 March who started at least one non-mandatory training course or CPD in the year. "
           "Relative likelihood = White rate ÷ BME rate.",
    }[indicator]
    lead += " A relative likelihood above 1.00 means BME staff fare worse; 0.80–1.25 is the non-adverse range."
    return {"blocks": blocks, "lead": lead, "summary": _rl_sentence(page, indicator, latest, series[0][0]) if latest else None}


def survey_indicator(page: Page, indicator: int) -> dict:
    org = page.org
    years = org.years_with(indicator)
    rows, points = [], []
    for year in years:
        for group in ("White", "BME"):
            change = page.figure(year, indicator, "pct_yoy_change", "overall", group)
            rows.append([
                str(year), group, str(org.survey_year.get((indicator, year), "—")),
                page.fig(year, indicator, "pct", "overall", group, "denominator"),
                page.fig(year, indicator, "pct", "overall", group, "numerator"),
                page.fig(year, indicator, "pct", "overall", group),
                page.interval(year, indicator, "pct", "overall", group),
                page.fig(year, indicator, "pct_yoy_change", "overall", group) if change else "—",
            ])
            figure = page.figure(year, indicator, "pct", "overall", group)
            points.append({
                "year": year, "group": group, "value": figure.value if figure else None,
                "lower": figure.ci_lower if figure else None, "upper": figure.ci_upper if figure else None,
            })
    blocks = []
    if years:
        blocks.append({
            "heading": "White and BME staff by reporting year",
            "charts": [_chart(
                charts.share_trend_chart(points, f"Indicator {indicator}: % of respondents, White and BME", "% of respondents"),
                f"Chart of the percentage of White and BME respondents who {SURVEY_PHRASES[indicator]}, by reporting year, with 95% intervals: "
                + charts.describe_values([(f"{p['year']} {p['group']}", p["value"], "pct") for p in points]) + ".",
                "Percentage (point) and 95% interval (line) of White and BME respondents by reporting year. Figures in the table beside it.",
            )],
            "tables": [_table(page,
                f"Indicator {indicator}: NHS Staff Survey results by reporting year and ethnic group",
                ["Reporting year", "Group", "Survey year", "Respondents", "Answering yes", "%", "95% interval", "Change since previous year (points)"],
                rows, row_headers=2,
            )],
        })
    lead = (
        "From the NHS Staff Survey: reporting year Y uses the survey of autumn Y-1. Respondents of unknown ethnicity are excluded; "
        "results are unweighted. "
        + ("A higher percentage is better." if indicator == 7 else "A lower percentage is better.")
    )
    summary = None
    if years:
        year = years[0]
        summary = Markup("In the {} Staff Survey, {} of BME staff and {} of White staff {}.").format(
            org.survey_year.get((indicator, year), year - 1),
            _pct_phrase(page, year, indicator, "BME"), _pct_phrase(page, year, indicator, "White"), SURVEY_PHRASES[indicator],
        )
    return {"blocks": blocks, "lead": lead, "summary": summary}


def _pct_phrase(page: Page, year: int, indicator: int, group: str) -> Markup:
    figure = page.figure(year, indicator, "pct", "overall", group)
    span = page.fig(year, indicator, "pct", "overall", group, compact=False)
    if figure is not None and figure.value is not None:
        return Markup("{}%").format(span)
    return Markup("a share that is {}").format(span) if figure is not None else Markup("no figure")


def indicator_9(page: Page) -> dict:
    org = page.org
    years = org.years_with(9)
    blocks = []
    for position, year in enumerate(years):
        rows = []
        for subset, label in BOARD_SUBSETS:
            change = page.figure(year, 9, "pct_point_diff_yoy_change", subset, "BME")
            rows.append([
                label,
                page.fig(year, 9, "headcount", subset, "White"), page.fig(year, 9, "pct", subset, "White"),
                page.fig(year, 9, "headcount", subset, "BME"), page.fig(year, 9, "pct", subset, "BME"),
                page.fig(year, 9, "headcount", subset, "Unknown"), page.fig(year, 9, "pct", subset, "Unknown"),
                page.fig(year, 9, "headcount", subset, "All"),
                page.fig(year, 9, "pct_point_diff", subset, "BME"),
                page.fig(year, 9, "pct_point_diff_yoy_change", subset, "BME") if change else "—",
            ])
        snapshot = org.board_snapshot.get(year)
        block = {
            "heading": f"Reporting year {year}",
            "tables": [_table(page,
                f"Indicator 9, reporting year {year}: board members by ethnic group"
                + (f" (board on {_date(snapshot)})" if snapshot else "")
                + "; difference = BME % of the subset minus BME % of the overall workforce, in percentage points",
                ["Board subset", "White", "White %", "BME", "BME %", "Unknown", "Unknown %", "All members", "Difference (points)", "Change since previous year (points)"],
                rows,
            )],
            "charts": [],
        }
        if position == 0:
            workforce = page.value(year, 1, "pct", "overall", "BME")
            subset_rows = [{"subset": label, "bme_pct": page.value(year, 9, "pct", subset, "BME")} for subset, label in BOARD_SUBSETS]
            block["charts"].append(_chart(
                charts.board_chart(subset_rows, workforce, f"Board, {year}: BME % of each subset"),
                f"Bar chart of the BME share of each board subset in {year}, against the workforce BME share "
                f"({'not shown' if workforce is None else format_number(workforce, 'pct') + '%'}): "
                + charts.describe_values([(row["subset"], row["bme_pct"], "pct") for row in subset_rows]) + ".",
                f"BME % of each board subset, {year}; the dashed line is the BME share of the overall workforce. Figures in the table below.",
            ))
        blocks.append(block)
    if years:
        trend = [{"year": year, "value": page.value(year, 9, "pct_point_diff", "board_voting", "BME")} for year in years]
        blocks.insert(0, {
            "heading": "Trend",
            "charts": [_chart(
                charts.difference_trend_chart(trend, "Voting board BME % minus workforce BME %, in points"),
                "Bar chart of the difference between the voting board's BME share and the workforce's, by reporting year: "
                + charts.describe_values([(str(p["year"]), p["value"], "points") for p in trend]) + ".",
                "Voting board BME % minus workforce BME %, percentage points, by reporting year. Figures in the table beside it.",
            )],
            "tables": [_table(page,
                "Indicator 9: voting board BME % minus workforce BME % by reporting year",
                ["Reporting year", "Difference (points)"],
                [[str(year), page.fig(year, 9, "pct_point_diff", "board_voting", "BME")] for year in years],
            )],
        })
    summary = None
    if years:
        year = years[0]
        figure = page.figure(year, 9, "pct_point_diff", "board_voting", "BME")
        span = page.fig(year, 9, "pct_point_diff", "board_voting", "BME", compact=False)
        if figure is not None and figure.value is not None:
            direction = "above" if figure.value > 0 else "below" if figure.value < 0 else "level with"
            summary = Markup("The voting board's BME share is {} percentage points ({}) the workforce's BME share.").format(span, direction)
        else:
            summary = Markup("The difference between the voting board's BME share and the workforce's is {}.").format(span)
    lead = ("Board members on the board's latest snapshot in the year (non-executive directors are on the board, not in the workforce). "
            "Difference = BME % of the board subset minus BME % of the overall workforce, in percentage points; the headline is the voting board.")
    return {"blocks": blocks, "lead": lead, "summary": summary}


def headline_sentences(page: Page, sections: dict) -> list[Markup]:
    org = page.org
    sentences = []
    years = org.years_with(1)
    if years:
        year = years[0]
        bme = page.figure(year, 1, "pct", "overall", "BME")
        sentences.append(Markup(
            "On {}, {} staff were in post: {} BME ({}%), {} White ({}%) and {} of unknown ethnicity ({}%)."
        ).format(
            _date(org.workforce_snapshot.get(year, year)), page.fig(year, 1, "headcount", "overall", "All", compact=False),
            page.fig(year, 1, "headcount", "overall", "BME", compact=False), page.fig(year, 1, "pct", "overall", "BME", compact=False),
            page.fig(year, 1, "headcount", "overall", "White", compact=False), page.fig(year, 1, "pct", "overall", "White", compact=False),
            page.fig(year, 1, "headcount", "overall", "Unknown", compact=False), page.fig(year, 1, "pct", "overall", "Unknown", compact=False),
        ) if bme is not None else Markup(""))
    for number in range(2, 10):
        summary = sections[number].get("summary")
        if summary:
            sentences.append(Markup("<strong>Indicator {}.</strong> ").format(number) + summary)
    return [sentence for sentence in sentences if sentence]


def render_markdown(text: str) -> Markup:
    """A trust's narrative: Markdown with raw HTML switched off (shown as text) and safe links only."""
    parser = MarkdownIt("commonmark", {"html": False}).disable("image")
    return Markup(parser.render(text))


def narratives_for(narrative_dir: Path | None, org_code: str, years: list[int]) -> list[dict]:
    """<narrative_dir>/<ORG>/<year>.md for each reporting year that has one, latest first."""
    if narrative_dir is None:
        return []
    found = []
    for year in years:
        path = Path(narrative_dir) / org_code / f"{year}.md"
        if path.is_file():
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise ReportError(f"{path}: cannot read the narrative ({type(error).__name__}: {error})") from None
            found.append({"year": year, "html": render_markdown(text), "source": path.name})
    return found


def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                       trim_blocks=True, lstrip_blocks=True)


def organisation_page(publication: Publication, org: OrganisationFigures, narrative_dir: Path | None,
                      floors: tuple[int, int], environment: Environment | None = None) -> str:
    page = Page(org, floors)
    sections = {1: indicator_1(page), 9: indicator_9(page)}
    for number in (2, 3, 4):
        sections[number] = relative_likelihood_indicator(page, number)
    for number in (5, 6, 7, 8):
        sections[number] = survey_indicator(page, number)
    environment = environment or _environment()
    return environment.get_template("organisation.html.j2").render(
        org=org, publication=publication, titles=INDICATOR_TITLES, sections=sections,
        headlines=headline_sentences(page, sections), latest_year=org.years[0] if org.years else None,
        narratives=narratives_for(narrative_dir, org.org_code, org.years), css=_css(), version=__version__,
        count_floor=page.count_floor, survey_floor=page.survey_floor,
        published_at=publication.published_at,
    )


@functools.cache
def _css() -> Markup:
    return Markup((TEMPLATES / "report.css").read_text(encoding="utf-8"))


def page_file(org_code: str) -> str:
    """File name of an organisation's page (codes are A-Z0-9 in practice; anything else is replaced)."""
    return "wres-report-" + re.sub(r"[^A-Za-z0-9_-]", "_", org_code) + ".html"


@dataclass
class ReportResult:
    report_dir: Path
    pages: dict  # org_code -> html path
    pdfs: dict  # org_code -> pdf path
    index: Path
    pdf_skipped: str | None
    seconds: float


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name("." + path.name + ".tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _write_if_changed(path: Path, data: bytes) -> bool:
    """Write the file unless it already holds exactly these bytes; True when it was written."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    _write_atomically(path, data)
    return True


def _pdf_is_current(page: Path, pdf: Path) -> bool:
    """A PDF printed after its page was last written is that page printed: no need to print again."""
    try:
        return pdf.stat().st_mtime_ns >= page.stat().st_mtime_ns
    except OSError:
        return False


def report_tabs(pages: int) -> int:
    """Chromium tabs printing at once, each with its own renderer process: one per core (at most 4,
    WRES_REPORT_WORKERS to change), never more than there are pages."""
    configured = os.environ.get("WRES_REPORT_WORKERS", "").strip()
    if configured.isdigit() and int(configured) > 0:
        return max(1, min(int(configured), pages))
    return max(1, min(os.cpu_count() or 1, 4, pages))


def build_report(publish_dir: Path, report_dir: Path, narrative_dir: Path | None = None, pdf: bool = True) -> ReportResult:
    """Write the HTML page of every published organisation, the index and (with Chromium) the PDFs.

    One process: the pages are written one after the other while Chromium prints the previous ones
    in parallel tabs. A page whose HTML is byte-identical to the one already in the folder is not
    rewritten, and its PDF is not printed again when it is newer than the page (e.g. `wres report`
    after adding one organisation's narrative reprints that organisation only).
    """
    from wres.report.chromium import ChromiumError, ChromiumSession, find_chromium

    started = time.perf_counter()
    binary, skipped, browser = None, None, None
    if pdf:
        binary = find_chromium()
        if binary is None:
            skipped = "Chromium not found (install Debian's chromium, as `make install` does, or set WRES_CHROMIUM)"
        else:
            # started first: the browser starts up (~1 s) while the publication is read
            browser = ChromiumSession(binary, watch=False)
            try:
                browser.start()
            except ChromiumError as error:
                raise ReportError(f"printing the PDF failed: {error}") from None
    try:
        publication = read_publication(publish_dir)
        if not publication.organisations:
            raise ReportError(f"{publication.database} publishes no organisation")
        report_dir = Path(report_dir)
        report_dir.mkdir(parents=True, exist_ok=True)
        floors = suppression_floors()
        environment = _environment()
        pages, pdfs, codes = {}, {}, {}

        def written_pages():
            """Write each page; yield those whose PDF must be printed (lazily: while the tabs print)."""
            for org in publication.organisations.values():
                path = report_dir / page_file(org.org_code)
                _write_if_changed(path, organisation_page(publication, org, narrative_dir, floors, environment).encode("utf-8"))
                pages[org.org_code], codes[path] = path, org.org_code
                if browser is None:
                    continue
                if _pdf_is_current(path, path.with_suffix(".pdf")):
                    pdfs[org.org_code] = path.with_suffix(".pdf")
                else:
                    yield path

        def printed(page: Path, data: bytes) -> None:
            _write_atomically(page.with_suffix(".pdf"), data)
            pdfs[codes[page]] = page.with_suffix(".pdf")

        if browser is None:
            for _ in written_pages():
                pass
        else:
            browser.tab_count = report_tabs(len(publication.organisations))
            try:
                with browser:
                    browser.print_pdfs(written_pages(), printed)
            except ChromiumError as error:
                raise ReportError(f"printing the PDF failed: {error}") from None
    finally:
        if browser is not None:
            browser.__exit__(None, None, None)  # a no-op once closed; stops a browser never connected to
    index = report_dir / INDEX_FILE
    rows = []
    for code, org in publication.organisations.items():
        latest = org.years_with(1)[0] if org.years_with(1) else (org.years[0] if org.years else None)
        page = Page(org, floors)
        rows.append({
            "code": code, "href": pages[code].name, "pdf": pdfs[code].name if code in pdfs else None,
            "years": org.years, "bme": page.fig(latest, 1, "pct", "overall", "BME") if latest else "—",
            "latest": latest,
        })
    _write_atomically(index, environment.get_template("index.html.j2").render(
        rows=rows, publication=publication, css=_css(), version=__version__, published_at=publication.published_at,
    ).encode("utf-8"))
    return ReportResult(report_dir=report_dir, pages=pages, pdfs=pdfs, index=index, pdf_skipped=skipped,
                        seconds=time.perf_counter() - started)
