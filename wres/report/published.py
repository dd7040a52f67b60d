"""Read the published tier (never the build database) into what one organisation's report shows."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from wres.settings import connect_duckdb

from wres.publish import DATABASE_FILE, PUBLISHED_SCHEMA, current_publication_dir


class ReportError(Exception):
    """The report or the return cannot be written; the message says why (one line)."""


def published_database(publish_dir: Path) -> Path:
    """The current publication's DuckDB file (``<publish_dir>/current/``, resolved once)."""
    candidate = current_publication_dir(publish_dir) / DATABASE_FILE
    if candidate.is_file():
        return candidate
    raise ReportError(f"no publication in {publish_dir} (no {DATABASE_FILE}): run `wres run` first")


FIGURE_COLUMNS = (
    "org_code", "reporting_year", "indicator", "measure", "breakdown", "ethnic_group",
    "numerator", "denominator", "value", "ci_lower", "ci_upper", "is_non_adverse", "is_significant",
    "not_calculable_reason", "is_suppressed", "suppression_reason",
)


@dataclass(frozen=True)
class Figure:
    """One row of published.wres_indicators."""

    org_code: str
    reporting_year: int
    indicator: int
    measure: str
    breakdown: str
    ethnic_group: str
    numerator: int | None
    denominator: int | None
    value: float | None
    ci_lower: float | None
    ci_upper: float | None
    is_non_adverse: bool | None
    is_significant: bool | None
    not_calculable_reason: str | None
    is_suppressed: bool | None
    suppression_reason: str | None


@dataclass
class OrganisationFigures:
    """Everything published about one organisation, every reporting year."""

    org_code: str
    years: list[int]  # latest first
    figures: dict = field(default_factory=dict)  # (year, indicator, measure, breakdown, group) -> Figure
    band_rows: dict = field(default_factory=dict)  # year -> [(section, band_row, breakdown)] in display order
    workforce_snapshot: dict = field(default_factory=dict)  # year -> date
    board_snapshot: dict = field(default_factory=dict)  # year -> date
    survey_year: dict = field(default_factory=dict)  # (indicator, year) -> survey year

    def get(self, year: int, indicator: int, measure: str, breakdown: str, group: str) -> Figure | None:
        return self.figures.get((year, indicator, measure, breakdown, group))

    def years_with(self, indicator: int) -> list[int]:
        """Reporting years (latest first) with at least one published figure of the indicator."""
        present = {key[0] for key in self.figures if key[1] == indicator}
        return [year for year in self.years if year in present]


@dataclass
class Publication:
    database: Path
    run_id: str | None
    published_at: dt.datetime | None
    organisations: dict  # org_code -> OrganisationFigures, sorted by code


def _plain(value):
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN
        return None
    return value


def read_publication(publish_dir: Path) -> Publication:
    database = published_database(publish_dir)
    try:
        con = connect_duckdb(database, read_only=True)
    except duckdb.Error as error:
        raise ReportError(f"cannot open {database}: {error}") from None
    schema = PUBLISHED_SCHEMA
    try:
        with con:
            run = con.execute(
                f"select run_id, max(published_at_utc) from {schema}.publication group by run_id"
            ).fetchall()
            figures = con.execute(
                f"select {', '.join(FIGURE_COLUMNS)} from {schema}.wres_indicators "
                "order by org_code, reporting_year desc, indicator"
            ).fetchall()
            bands = con.execute(
                f"""
                select org_code, reporting_year, section, band_row, breakdown, snapshot_date
                from {schema}.wres_indicator_1
                order by org_code, reporting_year, section_order, band_row_order
                """
            ).fetchall()
            boards = con.execute(
                f"select distinct org_code, reporting_year, board_snapshot_date from {schema}.wres_indicator_9"
            ).fetchall()
            surveys = con.execute(
                " union all ".join(
                    f"select org_code, reporting_year, {number} as indicator, survey_year "
                    f"from {schema}.wres_indicator_{number}"
                    for number in (5, 6, 7, 8)
                )
            ).fetchall()
    except duckdb.Error as error:
        raise ReportError(f"{database} is not a WRES publication: {error}".splitlines()[0]) from None

    organisations: dict[str, OrganisationFigures] = {}

    def org(code: str) -> OrganisationFigures:
        if code not in organisations:
            organisations[code] = OrganisationFigures(org_code=code, years=[])
        return organisations[code]

    years = defaultdict(set)
    for row in figures:
        figure = Figure(*(_plain(value) for value in row))
        org(figure.org_code).figures[
            (figure.reporting_year, figure.indicator, figure.measure, figure.breakdown, figure.ethnic_group)
        ] = figure
        years[figure.org_code].add(figure.reporting_year)
    for org_code, year, section, band_row, breakdown, snapshot in bands:
        entry = org(org_code)
        entry.band_rows.setdefault(year, []).append((section, band_row, breakdown))
        entry.workforce_snapshot[year] = snapshot
    for org_code, year, snapshot in boards:
        org(org_code).board_snapshot[year] = snapshot
    for org_code, year, indicator, survey_year in surveys:
        org(org_code).survey_year[(indicator, year)] = survey_year
    for code, entry in organisations.items():
        entry.years = sorted(years[code], reverse=True)
    run_id, published_at = run[0] if run else (None, None)
    return Publication(
        database=database, run_id=run_id, published_at=published_at,
        organisations={code: organisations[code] for code in sorted(organisations)},
    )
