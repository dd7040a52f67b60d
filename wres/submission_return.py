"""The WRES data-collection return: one .xlsx workbook per organisation and reporting year, and
one CSV per block, laid out like NHS England's WRES data collection.

The return is a submission to NHS England, so it carries the EXACT figures of the internal marts
(schema ``marts`` of the build database), not the suppressed published tier. It is therefore
written to its own folder (``--return-dir`` / ``WRES_RETURN_DIR``, default ``build/return``),
which must not be the publication folder nor inside it; the workbook says so on every sheet.

Every text cell is written with ``write_string`` (formula, number and URL conversion off), so a
value beginning with ``=``, ``+``, ``-`` or ``@`` stays text and never becomes a formula.
"""

from __future__ import annotations

import csv
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from wres.settings import connect_duckdb
import xlsxwriter

from wres.report.published import ReportError

NOT_FOR_PUBLICATION = (
    "Exact figures from the internal marts, NOT suppressed: a submission to NHS England, not for publication. "
    "Written to the return folder, which is not the publication folder; publish only the WRES report "
    "(built from the published, suppressed tier)."
)
README_FILE = "README.txt"
NUMBER_FORMATS = {"count": "#,##0", "pct": "0.0", "ratio": "0.00", "points": "+0.0;-0.0;0.0", "year": "0"}


@dataclass
class Column:
    header: str
    kind: str = "text"  # text, count, pct, ratio, points, year


@dataclass
class Block:
    """One block of the return: a small table with a title, also written as one CSV."""

    name: str  # file stem of the CSV, e.g. indicator_2
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    empty: str = "no figures for this organisation and year"


def _flag(value) -> str | None:
    return None if value is None else ("yes" if value else "no")


def _fetch(con, sql: str, params: list) -> list[dict]:
    cursor = con.execute(sql, params)
    names = [description[0] for description in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


# Marts read once for every organisation and year (one query per table, not one per workbook)
INDICATOR_1_SQL = """
    select org_code, reporting_year, section, band_row, white_headcount, bme_headcount, unknown_headcount,
           total_headcount, white_pct, bme_pct, unknown_pct, not_calculable_reason
    from marts.wres_indicator_1 order by org_code, reporting_year, section_order, band_row_order
"""
INDICATOR_9_SQL = """
    select org_code, reporting_year, board_subset, white_members, bme_members, unknown_members, total_members,
           white_pct, bme_pct, unknown_pct, workforce_bme_pct, pct_point_diff
    from marts.wres_indicator_9
"""


class Marts:
    """The rows of the indicator marts by (organisation, reporting year), read in one pass."""

    def __init__(self, con):
        self.tables: dict[str, dict[tuple, list[dict]]] = {}
        queries = {"wres_indicator_1": INDICATOR_1_SQL, "wres_indicator_9": INDICATOR_9_SQL}
        for number in range(2, 9):
            queries[f"wres_indicator_{number}"] = f"select * from marts.wres_indicator_{number}"
        for table, sql in queries.items():
            grouped: dict[tuple, list[dict]] = {}
            for row in _fetch(con, sql, []):
                grouped.setdefault((row["org_code"], row["reporting_year"]), []).append(row)
            self.tables[table] = grouped

    def rows(self, table: str, org: str, year: int) -> list[dict]:
        return self.tables[table].get((org, year), [])

    def one(self, table: str, org: str, year: int) -> dict | None:
        rows = self.rows(table, org, year)
        return rows[0] if rows else None


def _result_rows(row: dict, label: str, value: str, lower: str, upper: str, prefix: str = "") -> list[list]:
    """The all-groups figures of a relative likelihood, in the block's 'Figure' column."""
    return [
        [label, None, None, None, row[value]],
        [f"{label}: 95% interval, lower", None, None, None, row[lower]],
        [f"{label}: 95% interval, upper", None, None, None, row[upper]],
        [f"{label}: within the non-adverse range 0.80-1.25", None, None, None, _flag(row[f"{prefix}is_non_adverse"])],
        [f"{label}: statistically significant (95% interval excludes 1.00)", None, None, None, _flag(row[f"{prefix}is_significant"])],
        [f"{label}: not calculable because", None, None, None, row[f"{prefix}not_calculable_reason"]],
    ]


GROUP_COLUMNS = [Column("Measure"), Column("White", "count"), Column("BME", "count"), Column("Unknown", "count"), Column("Figure", "ratio")]


def indicator_blocks(marts: Marts, org: str, year: int) -> list[Block]:
    blocks = []
    bands = marts.rows("wres_indicator_1", org, year)
    blocks.append(Block(
        "indicator_1", "Indicator 1: workforce headcount by band row and ethnic group (staff in post on 31 March)",
        [Column("Section"), Column("Band row"), Column("White", "count"), Column("BME", "count"), Column("Unknown", "count"),
         Column("Total", "count"), Column("White %", "pct"), Column("BME %", "pct"), Column("Unknown %", "pct"),
         Column("% not calculable because")],
        [[r["section"], r["band_row"], r["white_headcount"], r["bme_headcount"], r["unknown_headcount"], r["total_headcount"],
          r["white_pct"], r["bme_pct"], r["unknown_pct"], r["not_calculable_reason"]] for r in bands],
    ))

    row = marts.one("wres_indicator_2", org, year)
    rows = []
    if row:
        rows = [
            ["Shortlisted", row["white_shortlisted"], row["bme_shortlisted"], row["unknown_shortlisted"], None],
            ["Appointed from shortlisting", row["white_appointed"], row["bme_appointed"], row["unknown_appointed"], None],
            ["Likelihood of appointment from shortlisting (%)", row["white_appointed_pct"], row["bme_appointed_pct"], None, None],
            *_result_rows(row, "Relative likelihood of White applicants being appointed compared to BME",
                          "relative_likelihood", "relative_likelihood_ci_lower", "relative_likelihood_ci_upper"),
        ]
    blocks.append(Block("indicator_2", "Indicator 2: appointment from shortlisting", GROUP_COLUMNS, rows))

    row = marts.one("wres_indicator_3", org, year)
    rows = []
    if row:
        rows = [
            ["Single year: staff entering the formal disciplinary process", row["single_year_white_entrants"], row["single_year_bme_entrants"], None, None],
            ["Single year: workforce", row["single_year_white_workforce"], row["single_year_bme_workforce"], None, None],
            ["Single year: likelihood of entering (%)", row["single_year_white_rate_pct"], row["single_year_bme_rate_pct"], None, None],
            *_result_rows(row, "Single-year relative likelihood of BME staff entering compared to White",
                          "single_year_relative_likelihood", "single_year_ci_lower", "single_year_ci_upper", "single_year_"),
            ["Two-year rolling: staff entering the formal disciplinary process", row["rolling_white_entrants"], row["rolling_bme_entrants"], None, None],
            ["Two-year rolling: workforce", row["rolling_white_workforce"], row["rolling_bme_workforce"], None, None],
            ["Two-year rolling: likelihood of entering (%)", row["rolling_white_rate_pct"], row["rolling_bme_rate_pct"], None, None],
            *_result_rows(row, "Two-year rolling relative likelihood of BME staff entering compared to White",
                          "rolling_relative_likelihood", "rolling_ci_lower", "rolling_ci_upper", "rolling_"),
            ["Years pooled in the rolling figure", None, None, None, row["rolling_years"]],
        ]
    blocks.append(Block("indicator_3", "Indicator 3: entering the formal disciplinary process (single year and two-year rolling)", GROUP_COLUMNS, rows))

    row = marts.one("wres_indicator_4", org, year)
    rows = []
    if row:
        rows = [
            ["Staff accessing non-mandatory training and CPD", row["white_accessing"], row["bme_accessing"], None, None],
            ["Workforce", row["white_workforce"], row["bme_workforce"], None, None],
            ["Likelihood of accessing (%)", row["white_rate_pct"], row["bme_rate_pct"], None, None],
            *_result_rows(row, "Relative likelihood of White staff accessing compared to BME", "relative_likelihood", "ci_lower", "ci_upper"),
        ]
    blocks.append(Block("indicator_4", "Indicator 4: non-mandatory training and CPD", GROUP_COLUMNS, rows))

    survey_titles = {
        5: "harassment, bullying or abuse from patients, relatives or the public",
        6: "harassment, bullying or abuse from staff",
        7: "believing the organisation provides equal opportunities for career progression or promotion",
        8: "personally experienced discrimination at work from a manager, team leader or colleagues",
    }
    survey_columns = [Column("Measure"), Column("White", "count"), Column("BME", "count"), Column("Figure", "points")]
    for number, what in survey_titles.items():
        row = marts.one(f"wres_indicator_{number}", org, year)
        rows = []
        if row:
            rows = [
                ["Staff Survey year", None, None, row["survey_year"]],
                ["Valid respondents", row["white_valid_respondents"], row["bme_valid_respondents"], None],
                ["Respondents answering positively", row["white_positive_respondents"], row["bme_positive_respondents"], None],
                ["Percentage (%)", row["white_pct"], row["bme_pct"], None],
                ["Percentage: 95% interval, lower", row["white_ci_lower"], row["bme_ci_lower"], None],
                ["Percentage: 95% interval, upper", row["white_ci_upper"], row["bme_ci_upper"], None],
                ["Percentage not calculable because", row["white_not_calculable_reason"], row["bme_not_calculable_reason"], None],
                ["BME % minus White % (percentage points)", None, None, row["bme_minus_white_pct_points"]],
            ]
        blocks.append(Block(f"indicator_{number}", f"Indicator {number}: Staff Survey, {what}", survey_columns, rows))

    board = list(marts.rows("wres_indicator_9", org, year))
    order = ["board_total", "board_voting", "board_non_voting", "board_executive", "board_non_executive"]
    board.sort(key=lambda r: order.index(r["board_subset"]) if r["board_subset"] in order else len(order))
    labels = {"board_total": "Total", "board_voting": "Voting", "board_non_voting": "Non-voting",
              "board_executive": "Executive", "board_non_executive": "Non-executive"}
    blocks.append(Block(
        "indicator_9", "Indicator 9: board membership by ethnic group, and BME % of the board minus BME % of the workforce",
        [Column("Board subset"), Column("White", "count"), Column("BME", "count"), Column("Unknown", "count"), Column("Total", "count"),
         Column("White %", "pct"), Column("BME %", "pct"), Column("Unknown %", "pct"), Column("Workforce BME %", "pct"),
         Column("Difference (percentage points)", "points")],
        [[labels.get(r["board_subset"], r["board_subset"]), r["white_members"], r["bme_members"], r["unknown_members"],
          r["total_members"], r["white_pct"], r["bme_pct"], r["unknown_pct"], r["workforce_bme_pct"], r["pct_point_diff"]]
         for r in board],
    ))
    return blocks


def _row_kinds(block: Block, row: list) -> list[str]:
    """Number format per cell: the column's, except in the Measure-by-group blocks, where a row is
    a percentage, a count or a year whatever the column (the Figure column holds ratios)."""
    kinds = [column.kind for column in block.columns]
    if block.columns[0].header != "Measure" or not row:
        return kinds
    label = str(row[0])
    if label.startswith(("Staff Survey year", "Years pooled")):
        return [kinds[0]] + ["year"] * (len(kinds) - 1)
    if "(%)" in label or label.startswith("Percentage:") or "percentage points" in label:
        return [kinds[0]] + ["pct"] * (len(kinds) - 2) + [kinds[-1] if "points" in label else "pct"]
    return kinds


def data_quality_blocks(con, run_id: str | None) -> list[Block]:
    reconciliation = _fetch(con, """
        select extract_name, source_file, rows_read, rows_accepted, rows_quarantined, is_balanced, sha256
        from audit.landing_reconciliation order by extract_name
    """, [])
    quarantine = _fetch(con, """
        select extract_name, source_file, quarantine_reason, count(*) as rows_quarantined
        from audit.landing_quarantine group by all order by extract_name, quarantine_reason
    """, [])
    warnings = _fetch(con, """
        select stage, target, rule, description, unexpected_count, examples
        from audit.data_quality_results
        where run_id = ? and severity = 'warning' and not success
        order by stage, target, rule
    """, [run_id]) if run_id else []
    return [
        Block("data_quality_reconciliation", "Landing reconciliation: rows read = rows accepted + rows quarantined",
              [Column("Extract"), Column("File"), Column("Rows read", "count"), Column("Rows accepted", "count"),
               Column("Rows quarantined", "count"), Column("Balanced"), Column("SHA-256 of the file")],
              [[r["extract_name"], r["source_file"], r["rows_read"], r["rows_accepted"], r["rows_quarantined"],
                _flag(r["is_balanced"]), r["sha256"]] for r in reconciliation]),
        Block("data_quality_quarantine", "Quarantined rows by rule (the rows themselves stay in the build database)",
              [Column("Extract"), Column("File"), Column("Rule broken"), Column("Rows", "count")],
              [[r["extract_name"], r["source_file"], r["quarantine_reason"], r["rows_quarantined"]] for r in quarantine],
              empty="none: no row was quarantined"),
        Block("data_quality_warnings", "Data-quality warnings of the run (Great Expectations)",
              [Column("Stage"), Column("Checked"), Column("Expectation"), Column("Description"),
               Column("Unexpected", "count"), Column("Examples")],
              [[r["stage"], r["target"], r["rule"], r["description"], r["unexpected_count"], r["examples"]] for r in warnings],
              empty="none"),
    ]


NOTES = [
    ("About this return", NOT_FOR_PUBLICATION),
    ("Reporting year", "Reporting year Y is the financial year 1 April Y-1 to 31 March Y; the workforce is staff in post on the "
                       "latest snapshot date inside the year (normally 31 March Y)."),
    ("Ethnic groups", "White: categories A, B, C and sub-codes. BME: D to S and sub-codes. Unknown: Z, not stated, unrecognised codes. "
                      "Unknown is in the totals of indicators 1 and 9 and left out of indicators 2 to 8."),
    ("Indicator 1", "Headcount (people, not assignments or FTE) by band row for non-clinical and clinical staff; % = row's group / row's total."),
    ("Indicator 2", "Relative likelihood = (White appointed / White shortlisted) / (BME appointed / BME shortlisted)."),
    ("Indicator 3", "Relative likelihood = (BME entering / BME workforce) / (White entering / White workforce); "
                    "the headline pools counts over the current and previous year (two-year rolling)."),
    ("Indicator 4", "Relative likelihood = (White accessing / White workforce) / (BME accessing / BME workforce)."),
    ("Indicators 5-8", "NHS Staff Survey: positive respondents / valid respondents x 100 per group, unweighted; reporting year Y "
                       "uses survey year Y-1."),
    ("Indicator 9", "BME % of the board subset minus BME % of the overall workforce, in percentage points; headline = voting board."),
    ("Statistics", "95% intervals: Wilson for percentages, log scale for relative likelihoods. Non-adverse: 0.80 to 1.25. "
                   "Significant: the interval excludes 1.00. A relative likelihood above 1.00 means BME staff fare worse."),
    ("Rounding", "Cells hold the unrounded values; the number formats show ratios to 2 dp and percentages to 1 dp."),
    ("Data quality", "The data-quality sheet is about the whole run (every organisation of the landing files)."),
]


def _sheet_writer(workbook):
    bold = workbook.add_format({"bold": True})
    title = workbook.add_format({"bold": True, "font_size": 13})
    header = workbook.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    number = {kind: workbook.add_format({"num_format": fmt}) for kind, fmt in NUMBER_FORMATS.items()}

    def cell(sheet, row: int, column: int, value, kind: str = "text", style=None) -> None:
        if value is None:
            return
        if isinstance(value, bool):
            sheet.write_string(row, column, "yes" if value else "no", style)
        elif isinstance(value, (int, float)) and kind != "text":
            sheet.write_number(row, column, float(value) if isinstance(value, float) else value, number.get(kind))
        elif isinstance(value, (int, float)):
            sheet.write_number(row, column, value)
        else:
            sheet.write_string(row, column, str(value), style)  # never a formula, whatever it starts with

    return cell, {"bold": bold, "title": title, "header": header, "wrap": wrap}


def write_blocks(sheet, cell, styles, blocks: list[Block], start_row: int) -> int:
    row = start_row
    for block in blocks:
        cell(sheet, row, 0, block.title, style=styles["bold"])
        row += 1
        for column, spec in enumerate(block.columns):
            cell(sheet, row, column, spec.header, style=styles["header"])
        row += 1
        if not block.rows:
            cell(sheet, row, 0, block.empty)
            row += 1
        for values in block.rows:
            kinds = _row_kinds(block, values)
            for column, value in enumerate(values):
                cell(sheet, row, column, value, kinds[column])
            row += 1
        row += 1
    return row


def write_workbook(path: Path, org: str, year: int, run_id: str | None, blocks: list[Block], quality: list[Block]) -> None:
    temporary = path.with_name("." + path.name + ".tmp")
    # in_memory: the parts are zipped from memory, not from a temporary file each (13 per workbook)
    workbook = xlsxwriter.Workbook(str(temporary), {
        "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False, "in_memory": True,
    })
    cell, styles = _sheet_writer(workbook)
    sheet = workbook.add_worksheet("WRES return")
    sheet.set_column(0, 0, 62)
    sheet.set_column(1, 9, 14)
    cell(sheet, 0, 0, f"WRES data collection return: {org}, reporting year {year}", style=styles["title"])
    cell(sheet, 1, 0, NOT_FOR_PUBLICATION, style=styles["wrap"])
    cell(sheet, 2, 0, f"Build run: {run_id or 'unknown'}")
    write_blocks(sheet, cell, styles, blocks, 4)

    notes = workbook.add_worksheet("Notes")
    notes.set_column(0, 0, 22)
    notes.set_column(1, 1, 110)
    cell(notes, 0, 0, "Definitions", style=styles["title"])
    for index, (term, text) in enumerate(NOTES, start=2):
        cell(notes, index, 0, term, style=styles["bold"])
        cell(notes, index, 1, text, style=styles["wrap"])

    dq = workbook.add_worksheet("Data quality")
    dq.set_column(0, 1, 28)
    dq.set_column(2, 6, 18)
    cell(dq, 0, 0, f"Data quality of build run {run_id or 'unknown'} (all organisations of the landing files)", style=styles["title"])
    cell(dq, 1, 0, NOT_FOR_PUBLICATION, style=styles["wrap"])
    write_blocks(dq, cell, styles, quality, 3)
    workbook.close()
    os.replace(temporary, path)


def write_csv(path: Path, block: Block) -> None:
    temporary = path.with_name("." + path.name + ".tmp")
    with temporary.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([column.header for column in block.columns])
        for values in block.rows:
            writer.writerow(["" if value is None else (("yes" if value else "no") if isinstance(value, bool) else value) for value in values])
    os.replace(temporary, path)


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", str(text))


def return_folder(return_dir: Path, org: str, year: int) -> Path:
    return Path(return_dir) / f"{_safe(org)}_{year}"


def workbook_name(org: str, year: int) -> str:
    return f"wres-return-{_safe(org)}-{year}.xlsx"


@dataclass
class ReturnResult:
    return_dir: Path
    workbooks: dict  # (org, year) -> path
    seconds: float


def check_not_in_publication(return_dir: Path, publish_dir: Path | None) -> None:
    if publish_dir is None:
        return
    target, publication = Path(return_dir).resolve(), Path(publish_dir).resolve()
    if target == publication or publication in target.parents:
        raise ReportError(
            f"the return folder {target} is inside the publication folder {publication}: the return holds exact, "
            "unsuppressed figures and must be written elsewhere (--return-dir / WRES_RETURN_DIR)"
        )


def build_return(database: Path, return_dir: Path, publish_dir: Path | None = None) -> ReturnResult:
    """Write the workbook and CSVs of every organisation and reporting year in marts.wres_summary."""
    started = time.perf_counter()
    check_not_in_publication(return_dir, publish_dir)
    if not Path(database).is_file():
        raise ReportError(f"no build database at {database}: run `wres run` first")
    try:
        con = connect_duckdb(database, read_only=True)
    except duckdb.Error as error:
        raise ReportError(f"cannot open {database}: {str(error).splitlines()[0]}") from None
    workbooks = {}
    with con:
        try:
            run = con.execute("select max(run_id) from audit.landing_reconciliation").fetchall()[0][0]
            pairs = con.execute(
                "select distinct org_code, reporting_year from marts.wres_indicators order by org_code, reporting_year"
            ).fetchall()
            quality = data_quality_blocks(con, run)
            marts = Marts(con)
            return_dir = Path(return_dir)
            return_dir.mkdir(parents=True, exist_ok=True)
            (return_dir / README_FILE).write_text(
                "WRES data-collection returns, one folder per organisation and reporting year:\n"
                "  wres-return-<org>-<year>.xlsx and one CSV per block (indicator_1.csv ... indicator_9.csv, data_quality_*.csv).\n\n"
                + NOT_FOR_PUBLICATION + "\n", encoding="utf-8",
            )
            for org, year in pairs:
                folder = return_folder(return_dir, org, year)
                folder.mkdir(parents=True, exist_ok=True)
                blocks = indicator_blocks(marts, org, year)
                path = folder / workbook_name(org, year)
                write_workbook(path, org, year, run, blocks, quality)
                for block in blocks + quality:
                    write_csv(folder / f"{block.name}.csv", block)
                workbooks[(org, year)] = path
        except duckdb.Error as error:
            raise ReportError(f"{database}: cannot read the marts ({str(error).splitlines()[0]})") from None
    return ReturnResult(return_dir=Path(return_dir), workbooks=workbooks, seconds=time.perf_counter() - started)
