"""How much of the warehouse the published tier still shows (issue 14): the other side of
small-numbers suppression. Suppression must protect people and still carry the figures NHS
England publishes for every trust, so a run reports both.

Two measures, read from the build database (marts = exact, published = suppressed):
- per headline column of wres_summary: of the organisation-years where the mart has the figure
  (it is calculable), the share the published summary shows;
- all counts: of the numerator and denominator cells of wres_indicators the mart holds, the
  share the published tidy table shows;
- the Model Employer trajectory (when the build has it): per figure of TRAJECTORY_COLUMNS, of the
  rows (every band row and year) where the mart has it, the share the published table shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from wres.settings import connect_duckdb

KEY_COLUMNS = ("org_code", "reporting_year")
TRAJECTORY_COLUMNS = ("band_headcount", "actual_bme_headcount", "actual_bme_pct", "goal_bme_pct", "is_on_track")


@dataclass(frozen=True)
class Share:
    name: str
    published: int
    calculable: int

    @property
    def share(self) -> float | None:
        return None if not self.calculable else self.published / self.calculable

    def describe(self) -> str:
        if not self.calculable:
            return f"{self.name:<28} nothing calculable"
        return f"{self.name:<28} {100 * self.share:5.1f}%  ({self.published} of {self.calculable})"


@dataclass(frozen=True)
class Usefulness:
    headlines: tuple  # Share per headline column of wres_summary
    counts: Share
    trajectory: tuple = ()  # Share per column of TRAJECTORY_COLUMNS (none without the table)

    @property
    def least_published_headline(self) -> Share | None:
        measured = [share for share in self.headlines if share.calculable]
        return min(measured, key=lambda share: share.share) if measured else None


def measure(connection: duckdb.DuckDBPyConnection, marts: str = "marts", published: str = "published") -> Usefulness:
    """Usefulness of schema `published` against schema `marts` on one connection (the build
    database, or any database holding both)."""
    columns = [row[0] for row in connection.execute(
        "select column_name from information_schema.columns "
        "where table_schema = ? and table_name = 'wres_summary' order by ordinal_position",
        [marts],
    ).fetchall()]
    headline_columns = [column for column in columns if column not in KEY_COLUMNS]
    selects = ", ".join(
        f'count(m."{c}"), count(case when m."{c}" is not null then p."{c}" end)' for c in headline_columns
    )
    row = connection.execute(
        f"select {selects} from {marts}.wres_summary as m "
        f"left join {published}.wres_summary as p using (org_code, reporting_year)"
    ).fetchone()
    headlines = tuple(
        Share(column, int(row[2 * place + 1]), int(row[2 * place])) for place, column in enumerate(headline_columns)
    )
    on = " and ".join(
        f"m.{key} is not distinct from p.{key}"
        for key in ("org_code", "reporting_year", "indicator", "measure", "breakdown", "ethnic_group")
    )
    joined = (
        "select m.numerator as mn, m.denominator as md, p.numerator as pn, p.denominator as pd "
        f"from {marts}.wres_indicators as m inner join {published}.wres_indicators as p on {on}"
    )
    calculable, shown = connection.execute(
        f"select count(mn) + count(md), count(case when mn is not null then pn end) "
        f"+ count(case when md is not null then pd end) from ({joined})"
    ).fetchone()
    return Usefulness(headlines, Share("all counts (wres_indicators)", int(shown), int(calculable)),
                      _trajectory(connection, marts, published))


def _trajectory(connection: duckdb.DuckDBPyConnection, marts: str, published: str) -> tuple:
    present = connection.execute(
        "select count(distinct table_schema) from information_schema.tables "
        "where table_name = 'model_employer_trajectory' and table_schema in (?, ?)", [marts, published],
    ).fetchone()[0]
    if present < 2:
        return ()
    selects = ", ".join(
        f'count(m."{c}"), count(case when m."{c}" is not null then p."{c}" end)' for c in TRAJECTORY_COLUMNS
    )
    row = connection.execute(
        f"select {selects} from {marts}.model_employer_trajectory as m "
        f"left join {published}.model_employer_trajectory as p using (org_code, reporting_year, band_row)"
    ).fetchone()
    return tuple(Share(f"trajectory {column}", int(row[2 * place + 1]), int(row[2 * place]))
                 for place, column in enumerate(TRAJECTORY_COLUMNS))


def measure_build(database: Path) -> Usefulness:
    with connect_duckdb(database, read_only=True) as connection:
        return measure(connection)


def summary_lines(usefulness: Usefulness) -> list[str]:
    lines = ["Published share of what the marts hold (wres/usefulness.py):"]
    lines += [f"    {share.describe()}" for share in (*usefulness.headlines, *usefulness.trajectory)]
    lines.append(f"    {usefulness.counts.describe()}")
    return lines


def as_record(usefulness: Usefulness) -> dict:
    """For run.json: {column: [published, calculable]}."""
    return {share.name: [share.published, share.calculable]
            for share in (*usefulness.headlines, *usefulness.trajectory, usefulness.counts)}
