"""Are two runs' figures identical? EXCEPT ALL both ways, table by table (issue 13).

    .venv/bin/python scripts/compare_builds.py BUILD_A.duckdb PUBLISH_DIR_A BUILD_B.duckdb PUBLISH_DIR_B

Compares, between two build databases, every table of the marts schema and the quarantine and
reconciliation of the audit schema, and, between their two current publications, every table of
the published DuckDB file except `publication`, leaving out the columns that name the run or its
time (RUN_COLUMNS: they differ by design). A table missing on one side, a column missing or of another type, or a row present more often on one
side than the other is a difference. Exit 0 when identical, 1 otherwise; one line per table.
Used by tests/python/test_compare_builds.py and, by hand, on the national data set (README "Scale").
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

# The audit tables that are figures of the data, not of the run (data_quality_results names the run).
AUDIT_TABLES = ("landing_quarantine", "landing_reconciliation")
# Published tables that describe the run rather than the data.
RUN_DESCRIPTIONS = ("publication",)
# Columns that name the run or its time (reconciliation and data-quality results carry them): left out.
RUN_COLUMNS = ("run_id", "validated_at", "landed_at", "published_at_utc")


def published_database(publish_dir: Path) -> Path:
    current = publish_dir / "current" / "wres_published.duckdb"
    return current if current.exists() else publish_dir / "wres_published.duckdb"


def _tables(connection: duckdb.DuckDBPyConnection, catalog: str, schemas: dict[str, tuple[str, ...] | None]) -> dict:
    """{(schema, table): [(column, type), ...]} of the tables of a catalog, in column order."""
    rows = connection.execute(
        """
        select table_schema, table_name, column_name, data_type
        from information_schema.columns
        where table_catalog = ?
        order by table_schema, table_name, ordinal_position
        """,
        [catalog],
    ).fetchall()
    tables: dict = {}
    for schema, table, column, data_type in rows:
        if schema not in schemas or (schemas[schema] is not None and table not in schemas[schema]):
            continue
        if table in RUN_DESCRIPTIONS and schema == "published":
            continue
        if column not in RUN_COLUMNS:
            tables.setdefault((schema, table), []).append((column, data_type))
    return tables


def compare(connection: duckdb.DuckDBPyConnection, schemas: dict) -> list[str]:
    """Differences between catalogs a and b (attached), one line per table that differs."""
    left, right = _tables(connection, "a", schemas), _tables(connection, "b", schemas)
    problems = []
    for key in sorted(set(left) | set(right)):
        name = ".".join(key)
        if key not in left or key not in right:
            problems.append(f"{name}: only in {'the first' if key in left else 'the second'}")
            continue
        if left[key] != right[key]:
            problems.append(f"{name}: columns differ: {left[key]} vs {right[key]}")
            continue
        columns = ", ".join(f'"{column}"' for column, _ in left[key])
        one, two = f'a."{key[0]}"."{key[1]}"', f'b."{key[0]}"."{key[1]}"'
        only_first = connection.execute(f"select count(*) from (select {columns} from {one} except all select {columns} from {two})").fetchone()[0]
        only_second = connection.execute(f"select count(*) from (select {columns} from {two} except all select {columns} from {one})").fetchone()[0]
        rows = connection.execute(f"select count(*) from {one}").fetchone()[0]
        if only_first or only_second:
            problems.append(f"{name}: {only_first} row(s) only in the first, {only_second} only in the second")
        else:
            print(f"identical  {name} ({rows:,} rows)")
    return problems


def compare_runs(build_a: Path, publish_a: Path, build_b: Path, publish_b: Path) -> list[str]:
    problems = []
    with duckdb.connect() as connection:
        connection.execute(f"attach '{build_a}' as a (read_only)")
        connection.execute(f"attach '{build_b}' as b (read_only)")
        problems += compare(connection, {"marts": None, "audit": AUDIT_TABLES})
        connection.execute("detach a")
        connection.execute("detach b")
        connection.execute(f"attach '{published_database(publish_a)}' as a (read_only)")
        connection.execute(f"attach '{published_database(publish_b)}' as b (read_only)")
        problems += compare(connection, {"published": None})
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 4:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    build_a, publish_a, build_b, publish_b = (Path(value) for value in argv)
    problems = compare_runs(build_a, publish_a, build_b, publish_b)
    for problem in problems:
        print(f"DIFFERENT  {problem}")
    print("identical" if not problems else f"{len(problems)} table(s) differ")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
