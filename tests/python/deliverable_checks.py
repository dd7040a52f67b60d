"""Checks shared by the report and return tests: every figure on a page equals the published tier,
every figure of a workbook equals the marts. Written independently of wres.report: the expected
text is formatted here from the published DuckDB file, and the mart columns are named here."""

from __future__ import annotations

import csv
import json
import math
import subprocess
from pathlib import Path

import duckdb
import openpyxl

from wres import PROJECT_DIR

ARTEFACTS = PROJECT_DIR / "build" / "test-artefacts" / "report"

# spec §4: ratios 2 dp, percentages 1 dp, points 1 dp (signed), counts whole
KIND = {
    "headcount": "count", "rolling_years": "count", "pct": "pct", "rate_pct": "pct",
    "relative_likelihood": "ratio", "pct_point_diff": "points", "pct_yoy_change": "points",
    "pct_point_diff_yoy_change": "points", "relative_likelihood_yoy_change": "signed_ratio",
}
# published figures the page does not show (each board subset's share changes by group; the
# page shows the change of each subset's difference instead)
NOT_ON_PAGE = {(9, "pct_yoy_change")}


def expected_text(value: float, kind: str) -> str:
    if kind == "count":
        return f"{int(round(value)):,}"
    return {"pct": f"{value:.1f}", "ratio": f"{value:.2f}", "signed_ratio": f"{value:+.2f}", "points": f"{value:+.1f}"}[kind]


def published_figures(database: Path) -> dict:
    """(org, year, indicator, measure, breakdown, group) -> row dict of published.wres_indicators."""
    with duckdb.connect(str(database), read_only=True) as con:
        cursor = con.execute("select * from published.wres_indicators")
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, row)) for row in cursor.fetchall()]
    return {(r["org_code"], r["reporting_year"], r["indicator"], r["measure"], r["breakdown"], r["ethnic_group"]): r for r in rows}


PAGE_SCRIPT = """
JSON.stringify({
  figures: Array.from(document.querySelectorAll('span.fig')).map(e => [e.dataset.key, e.dataset.field, e.dataset.state, e.textContent.trim()]),
  sections: Array.from(document.querySelectorAll('section.indicator')).map(s => ({
      id: s.id, heading: s.querySelector('h2').textContent.trim(),
      images: Array.from(s.querySelectorAll('figure.chart img')).map(i => [i.alt, i.naturalWidth, i.complete]),
      tables: s.querySelectorAll('table').length,
      dataRows: s.querySelectorAll('table tbody tr').length})),
  headings: Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6')).map(h => Number(h.tagName[1])),
  scripts: document.querySelectorAll('script').length,
  printBreaks: Array.from(document.styleSheets).flatMap(s => Array.from(s.cssRules))
      .filter(r => r.media && r.media.mediaText === 'print')
      .flatMap(r => Array.from(r.cssRules)).filter(r => r.selectorText && r.selectorText.includes('section.indicator'))
      .map(r => r.style.breakBefore)
})
"""


def inspect_page(browser, page: Path, screenshot: Path | None) -> dict:
    """Load the page; what it shows, the requests it made and the errors it logged."""
    browser.load(page)
    found = json.loads(browser.evaluate(PAGE_SCRIPT))
    url = page.resolve().as_uri()
    found["requests"] = [
        event["params"]["request"]["url"] for event in browser.events
        if event.get("method") == "Network.requestWillBeSent"
        and event["params"]["request"]["url"] != url and not event["params"]["request"]["url"].startswith("data:")
    ]
    found["errors"] = [
        event for event in browser.events
        if (event.get("method") == "Runtime.consoleAPICalled" and event["params"].get("type") in ("error", "assert"))
        or event.get("method") == "Runtime.exceptionThrown"
        or (event.get("method") == "Log.entryAdded" and event["params"]["entry"].get("level") == "error")
    ]
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        screenshot.write_bytes(browser.screenshot())
    return found


def check_page(found: dict, org: str, published: dict) -> int:
    """Assert the page of org against the published tier; return how many figures were compared."""
    assert found["requests"] == [], f"{org}: the page made network requests: {found['requests']}"
    assert found["errors"] == [], f"{org}: console errors: {found['errors']}"
    assert found["scripts"] == 0, f"{org}: the page has scripts"
    # every indicator section rendered, with a heading, a chart with a text alternative, and a table
    ids = [section["id"] for section in found["sections"]]
    assert ids == [f"indicator-{n}" for n in range(1, 10)], ids
    for number, section in enumerate(found["sections"], start=1):
        assert section["heading"].startswith(f"Indicator {number}:"), section["heading"]
        assert section["images"], f"{org} indicator {number}: no chart"
        for alt, width, complete in section["images"]:
            assert alt and len(alt) > 40 and complete and width > 0, f"{org} indicator {number}: chart not rendered or no text alternative"
        assert section["tables"] >= 1 and section["dataRows"] >= 1, f"{org} indicator {number}: no data table"
    assert found["printBreaks"] == ["page"], f"{org}: print CSS does not start each indicator on a new page"
    levels = found["headings"]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), f"{org}: a heading level is skipped: {levels}"

    shown = set()
    for key, field, state, text in found["figures"]:
        parts = key.split("|")  # year|indicator|measure|breakdown|group; a breakdown may hold "|"
        year, indicator, measure, group, breakdown = *parts[:3], parts[-1], "|".join(parts[3:-1])
        row = published[(org, int(year), int(indicator), measure, breakdown, group)]
        shown.add((int(year), int(indicator), measure, breakdown, group, field))
        if field in ("is_non_adverse", "is_significant"):
            value = row[field]
            assert text == ("—" if value is None else "yes" if value else "no"), (key, field, text, value)
            continue
        value = row[field]
        if value is not None and not (isinstance(value, float) and math.isnan(value)):
            kind = "count" if field in ("numerator", "denominator") else KIND[measure]
            assert state == "number" and text == expected_text(value, kind), (org, key, field, text, value)
        elif field in ("ci_lower", "ci_upper"):
            assert state == "missing"
        elif field in ("numerator", "denominator") or row["is_suppressed"]:
            # shown as suppressed, never as zero or blank
            assert state == "suppressed" and text.startswith("suppressed"), (org, key, field, text)
        elif row["not_calculable_reason"]:
            assert state == "not-calculable" and text.startswith("not calculable"), (org, key, field, text)
        else:
            raise AssertionError(f"{org} {key}: published value is NULL without a reason")
    # and every published figure of the organisation is on the page
    for (code, year, indicator, measure, breakdown, group), row in published.items():
        if code == org and (indicator, measure) not in NOT_ON_PAGE:
            assert (year, indicator, measure, breakdown, group, "value") in shown, f"{org}: {year} {indicator} {measure} {breakdown} {group} not on the page"
    return len(found["figures"])


def pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return text.split("\f")


def check_pdf(pdf: Path, org: str | None = None) -> None:
    """One section per indicator, each starting a page; the organisation's page when org is given
    (the tabs print several pages at once: each PDF must be its own page)."""
    pages = pdf_pages(pdf)
    if org is not None:
        assert f"WRES report: {org}" in pages[0], f"{pdf.name} is not the page of {org}"
    starts = [page.strip().splitlines()[0].strip() if page.strip() else "" for page in pages]
    for number in range(1, 10):
        opening = [start for start in starts if start.startswith(f"Indicator {number}:")]
        assert len(opening) == 1, f"{pdf.name}: indicator {number} starts {len(opening)} pages: {starts}"


# -- the return -------------------------------------------------------------------------------------
# Measure-by-group blocks: row label -> mart columns for White, BME, Unknown and Figure (None = empty)
def _rl(label, value, lower, upper, prefix=""):
    return {
        label: (None, None, None, value),
        f"{label}: 95% interval, lower": (None, None, None, lower),
        f"{label}: 95% interval, upper": (None, None, None, upper),
        f"{label}: within the non-adverse range 0.80-1.25": (None, None, None, f"{prefix}is_non_adverse"),
        f"{label}: statistically significant (95% interval excludes 1.00)": (None, None, None, f"{prefix}is_significant"),
        f"{label}: not calculable because": (None, None, None, f"{prefix}not_calculable_reason"),
    }


GROUP_BLOCKS = {
    2: {
        "Shortlisted": ("white_shortlisted", "bme_shortlisted", "unknown_shortlisted", None),
        "Appointed from shortlisting": ("white_appointed", "bme_appointed", "unknown_appointed", None),
        "Likelihood of appointment from shortlisting (%)": ("white_appointed_pct", "bme_appointed_pct", None, None),
        **_rl("Relative likelihood of White applicants being appointed compared to BME", "relative_likelihood",
              "relative_likelihood_ci_lower", "relative_likelihood_ci_upper"),
    },
    3: {
        "Single year: staff entering the formal disciplinary process": ("single_year_white_entrants", "single_year_bme_entrants", None, None),
        "Single year: workforce": ("single_year_white_workforce", "single_year_bme_workforce", None, None),
        "Single year: likelihood of entering (%)": ("single_year_white_rate_pct", "single_year_bme_rate_pct", None, None),
        **_rl("Single-year relative likelihood of BME staff entering compared to White", "single_year_relative_likelihood",
              "single_year_ci_lower", "single_year_ci_upper", "single_year_"),
        "Two-year rolling: staff entering the formal disciplinary process": ("rolling_white_entrants", "rolling_bme_entrants", None, None),
        "Two-year rolling: workforce": ("rolling_white_workforce", "rolling_bme_workforce", None, None),
        "Two-year rolling: likelihood of entering (%)": ("rolling_white_rate_pct", "rolling_bme_rate_pct", None, None),
        **_rl("Two-year rolling relative likelihood of BME staff entering compared to White", "rolling_relative_likelihood",
              "rolling_ci_lower", "rolling_ci_upper", "rolling_"),
        "Years pooled in the rolling figure": (None, None, None, "rolling_years"),
    },
    4: {
        "Staff accessing non-mandatory training and CPD": ("white_accessing", "bme_accessing", None, None),
        "Workforce": ("white_workforce", "bme_workforce", None, None),
        "Likelihood of accessing (%)": ("white_rate_pct", "bme_rate_pct", None, None),
        **_rl("Relative likelihood of White staff accessing compared to BME", "relative_likelihood", "ci_lower", "ci_upper"),
    },
}
SURVEY_BLOCK = {  # label -> White, BME, Figure
    "Staff Survey year": (None, None, "survey_year"),
    "Valid respondents": ("white_valid_respondents", "bme_valid_respondents", None),
    "Respondents answering positively": ("white_positive_respondents", "bme_positive_respondents", None),
    "Percentage (%)": ("white_pct", "bme_pct", None),
    "Percentage: 95% interval, lower": ("white_ci_lower", "bme_ci_lower", None),
    "Percentage: 95% interval, upper": ("white_ci_upper", "bme_ci_upper", None),
    "Percentage not calculable because": ("white_not_calculable_reason", "bme_not_calculable_reason", None),
    "BME % minus White % (percentage points)": (None, None, "bme_minus_white_pct_points"),
}
INDICATOR_1_COLUMNS = ("white_headcount", "bme_headcount", "unknown_headcount", "total_headcount",
                       "white_pct", "bme_pct", "unknown_pct", "not_calculable_reason")
BOARD_COLUMNS = ("white_members", "bme_members", "unknown_members", "total_members", "white_pct", "bme_pct",
                 "unknown_pct", "workforce_bme_pct", "pct_point_diff")
BOARD_LABELS = {"Total": "board_total", "Voting": "board_voting", "Non-voting": "board_non_voting",
                "Executive": "board_executive", "Non-executive": "board_non_executive"}


def _cell_equals(cell_value, mart_value) -> bool:
    if isinstance(mart_value, bool):
        return cell_value == ("yes" if mart_value else "no")
    if mart_value is None or (isinstance(mart_value, float) and math.isnan(mart_value)):
        return cell_value is None
    if isinstance(mart_value, int):
        return isinstance(cell_value, int) and not isinstance(cell_value, bool) and cell_value == mart_value
    if isinstance(mart_value, float):
        # xlsx stores numbers with 16 significant digits (Excel keeps 15): equal to that precision
        return isinstance(cell_value, (int, float)) and math.isclose(cell_value, mart_value, rel_tol=1e-15, abs_tol=1e-13)
    return cell_value == mart_value


def read_blocks(sheet) -> dict:
    """Block title -> (header, rows) as written: a bold title row, a header row, rows until a blank row."""
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    blocks, index = {}, 0
    while index < len(rows):
        first = rows[index][0] if rows[index] else None
        if isinstance(first, str) and (first.startswith("Indicator ") or first.startswith(("Landing reconciliation", "Quarantined rows", "Data-quality warnings"))):
            header = [value for value in rows[index + 1] if value is not None]
            body, index = [], index + 2
            while index < len(rows) and any(value is not None for value in rows[index]):
                body.append(rows[index][: max(len(header), 1)])
                index += 1
            blocks[first] = (header, body)
        index += 1
    return blocks


def check_workbook(path: Path, database: Path, org: str, year: int) -> int:
    """Every figure of the workbook equals the marts; no cell is a formula. Returns cells compared."""
    workbook = openpyxl.load_workbook(path)
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{path.name} {sheet.title}!{cell.coordinate} is a formula"
    blocks = read_blocks(workbook["WRES return"])
    assert "not for publication" in str(workbook["WRES return"]["A2"].value)
    compared = 0
    with duckdb.connect(str(database), read_only=True) as con:
        def mart(table, extra="", params=()):
            cursor = con.execute(f"select * from marts.{table} where org_code = ? and reporting_year = ? {extra}", [org, year, *params])
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]

        title = next(t for t in blocks if t.startswith("Indicator 1:"))
        rows = mart("wres_indicator_1")
        body = blocks[title][1]
        assert len(body) == len(rows)
        by_key = {(r["section"], r["band_row"]): r for r in rows}
        for cells in body:
            expected = by_key[(cells[0], cells[1])]
            for value, column in zip(cells[2:], INDICATOR_1_COLUMNS):
                assert _cell_equals(value, expected[column]), (org, year, cells[:2], column, value, expected[column])
                compared += 1
        for number, labels in GROUP_BLOCKS.items():
            title = next(t for t in blocks if t.startswith(f"Indicator {number}:"))
            (expected,) = mart(f"wres_indicator_{number}") or [None]
            body = blocks[title][1]
            if expected is None:
                assert body[0][0] == "no figures for this organisation and year"
                continue
            assert [cells[0] for cells in body] == list(labels)
            for cells in body:
                for value, column in zip(cells[1:5], labels[cells[0]]):
                    assert _cell_equals(value, expected[column] if column else None), (org, year, number, cells[0], column, value)
                    compared += 1
        for number in (5, 6, 7, 8):
            title = next(t for t in blocks if t.startswith(f"Indicator {number}:"))
            found = mart(f"wres_indicator_{number}")
            body = blocks[title][1]
            if not found:
                assert body[0][0] == "no figures for this organisation and year"
                continue
            assert [cells[0] for cells in body] == list(SURVEY_BLOCK)
            for cells in body:
                for value, column in zip(cells[1:4], SURVEY_BLOCK[cells[0]]):
                    assert _cell_equals(value, found[0][column] if column else None), (org, year, number, cells[0], column, value)
                    compared += 1
        title = next(t for t in blocks if t.startswith("Indicator 9:"))
        board = {r["board_subset"]: r for r in mart("wres_indicator_9")}
        body = blocks[title][1]
        if board:
            assert sorted(BOARD_LABELS[cells[0]] for cells in body) == sorted(board)
            for cells in body:
                expected = board[BOARD_LABELS[cells[0]]]
                for value, column in zip(cells[1:], BOARD_COLUMNS):
                    assert _cell_equals(value, expected[column]), (org, year, cells[0], column, value)
                    compared += 1
    # each block's CSV holds the same table
    for csv_path in sorted(path.parent.glob("indicator_*.csv")):
        number = int(csv_path.stem.split("_")[1])
        title = next(t for t in blocks if t.startswith(f"Indicator {number}:"))
        with csv_path.open(newline="", encoding="utf-8") as handle:
            lines = list(csv.reader(handle))
        header, body = blocks[title]
        assert lines[0] == header
        written = [row for row in body if row[0] != "no figures for this organisation and year"]
        assert len(lines) - 1 == len(written)
        for line, cells in zip(lines[1:], written):
            for text, value in zip(line, cells):
                if value is None:
                    assert text == "", (csv_path.name, text)
                elif isinstance(value, (int, float)):
                    assert math.isclose(float(text), value, rel_tol=1e-15, abs_tol=1e-13), (csv_path.name, text, value)
                else:
                    assert text == str(value), (csv_path.name, text, value)
    return compared
