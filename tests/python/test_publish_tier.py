"""The published tier of the demo run: every mart has a twin, the twins show the mart's values or
nothing (or, for a relative likelihood of suppressed counts, its value rounded to 2 dp), the publish folder holds the DuckDB file, one Parquet file per table and a manifest, and
the run says where. Rounding (var wres_round_published_counts_to) on a copy of the demo build."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import duckdb

from wres import publish
from wres.dbt_runner import run_dbt

# the columns that identify a row, and the row labels that are never withheld
WDES_KEYS = ["org_code", "reporting_year", "metric", "measure", "breakdown", "disability_group"]
KEYS = {
    "wres_indicators": ["org_code", "reporting_year", "indicator", "measure", "breakdown", "ethnic_group"],
    "wdes_indicators": WDES_KEYS,
    **{f"wdes_metric_{n}": WDES_KEYS for n in range(1, 11)},
    "wres_indicator_1": ["org_code", "reporting_year", "breakdown"],
    "wres_indicator_9": ["org_code", "reporting_year", "board_subset"],
    "model_employer_trajectory": ["org_code", "reporting_year", "band_row"],
}
LABELS = {
    "wres_indicators": ["is_suppressed", "suppression_reason"],
    "wres_indicator_1": ["snapshot_date", "section", "band_row", "section_order", "band_row_order"],
    "wres_indicator_2": ["has_workforce_snapshot"],
    "wres_indicator_3": ["rolling_years"],
    **{f"wres_indicator_{n}": ["survey_year"] for n in (5, 6, 7, 8)},
    "wres_indicator_9": ["board_snapshot_date", "is_headline"],
    **{table: ["survey_year", "method", "is_suppressed", "suppression_reason"]
       for table in ("wdes_indicators", *(f"wdes_metric_{n}" for n in range(1, 11)))},
    "wdes_metric_9": ["survey_year", "method", "is_suppressed", "suppression_reason", "metric_9b_action_taken"],
    "wdes_summary": ["metric9b_action_taken"],
    "model_employer_trajectory": ["scope", "target_method", "baseline_year", "target_year",
                                  "is_suppressed", "suppression_reason"],
}


def columns_of(connection, schema: str, table: str) -> list[tuple[str, str]]:
    return connection.execute(
        "select column_name, data_type from information_schema.columns where table_schema = ? and table_name = ? "
        "order by ordinal_position", [schema, table]
    ).fetchall()


# WDES and the Model Employer trajectory are published (issue 12): every mart has a twin
WDES_TABLES = ("wdes_indicators", "wdes_summary", *(f"wdes_metric_{n}" for n in range(1, 11)))


def mart_tables(connection) -> list[str]:
    return [row[0] for row in connection.execute(
        "select table_name from information_schema.tables where table_schema = 'marts' order by 1").fetchall()]


def test_the_model_employer_trajectory_is_published(demo_build):
    """Issue 12: the trajectory has a published twin and a Parquet file (its values are compared
    with the mart's by the next tests; what it may show, by the joint disclosure audit)."""
    with duckdb.connect(str(demo_build.database), read_only=True) as connection:
        published = {row[0] for row in connection.execute(
            "select table_name from information_schema.tables where table_schema = 'published'").fetchall()}
    assert "model_employer_trajectory" in published
    publication = publish.current_publication_dir(demo_build.publish_dir)
    assert (publication / "model_employer_trajectory.parquet").is_file()


def test_the_wdes_marts_are_published_and_withhold_something(demo_build):
    """Issue 12: every WDES mart has a published twin (the comparison of values is the next test's),
    and the twins withhold exactly what published.wdes_indicators withholds."""
    with duckdb.connect(str(demo_build.database), read_only=True) as connection:
        published = {row[0] for row in connection.execute(
            "select table_name from information_schema.tables where table_schema = 'published'").fetchall()}
        assert set(WDES_TABLES) <= published
        withheld, shown = connection.execute(
            "select count(*) filter (where is_suppressed), count(*) filter (where not is_suppressed) "
            "from published.wdes_indicators").fetchall()[0]
        assert withheld > 0 and shown > 0
        # a friendly table shows a figure exactly when the tidy table does
        for table in WDES_TABLES[2:]:
            differing = connection.execute(
                f"select count(*) from published.{table} as f inner join published.wdes_indicators as t "
                "using (org_code, reporting_year, metric, measure, breakdown, disability_group) "
                "where f.value is distinct from t.value or f.numerator is distinct from t.numerator "
                "or f.denominator is distinct from t.denominator").fetchall()[0][0]
            assert differing == 0, table


def test_every_mart_has_a_published_twin_showing_its_values_or_nothing(demo_build):
    with duckdb.connect(str(demo_build.database), read_only=True) as connection:
        tables = mart_tables(connection)
        assert {"wres_indicators", "wres_summary", *(f"wres_indicator_{n}" for n in range(1, 10))} <= set(tables)
        withheld_somewhere = 0
        for table in tables:
            columns = columns_of(connection, "marts", table)
            tidy = "measure" in dict(columns)  # one figure per row: a relative likelihood may be rounded
            assert columns_of(connection, "published", table) == columns, f"{table}: shapes differ"
            keys = KEYS.get(table, ["org_code", "reporting_year"])
            counts = connection.execute(
                f"select (select count(*) from marts.{table}), (select count(*) from published.{table}), "
                f"(select count(*) from marts.{table} inner join published.{table} using ({', '.join(keys)}))"
            ).fetchall()[0]
            assert counts[0] == counts[1] == counts[2], f"{table}: rows differ {counts}"
            for column, _ in columns:
                if column in keys:
                    continue
                if column in LABELS.get(table, []):
                    if table == "wres_indicators" or column in ("is_suppressed", "suppression_reason"):
                        continue  # the suppression columns: published says what marts cannot
                    differing = connection.execute(
                        f"select count(*) from marts.{table} as m inner join published.{table} as p using ({', '.join(keys)}) "
                        f"where m.{column} is distinct from p.{column}"
                    ).fetchall()[0][0]
                    assert differing == 0, f"{table}.{column}: a row label differs"
                    continue
                # a relative likelihood of suppressed counts is published rounded to 2 dp (issue 14.5)
                rounded = (f"(abs(p.{column} - m.{column}) <= 0.005 + 1e-9 and p.{column} = round(p.{column}, 2))"
                           + (" and m.measure = 'relative_likelihood'" if tidy else ""))
                may_be_rounded = "relative_likelihood" in column or (tidy and column == "value")
                changed, withheld = connection.execute(
                    f"select count(*) filter (where p.{column} is not null and p.{column} is distinct from m.{column}"
                    f"{f' and not ({rounded})' if may_be_rounded else ''}), "
                    f"count(*) filter (where p.{column} is null and m.{column} is not null) "
                    f"from marts.{table} as m inner join published.{table} as p using ({', '.join(keys)})"
                ).fetchall()[0]
                assert changed == 0, f"{table}.{column}: {changed} published values differ from the mart"
                withheld_somewhere += withheld
        assert withheld_somewhere > 0, "the demo publication withholds nothing: the comparison proves little"


def test_demo_run_publishes_the_duckdb_file_parquet_and_manifest(demo_build):
    directory = publish.current_publication_dir(demo_build.publish_dir)
    assert directory == demo_build.publish_dir / publish.PUBLICATIONS_DIR / demo_build.run_id
    manifest = json.loads((directory / publish.MANIFEST_FILE).read_text())
    assert manifest["run_id"] == demo_build.run_id
    assert manifest["database"]["storage_version"] == publish.DEFAULT_STORAGE_VERSION
    database = directory / publish.DATABASE_FILE
    assert manifest["database"]["sha256"] == hashlib.sha256(database.read_bytes()).hexdigest()
    with duckdb.connect(str(demo_build.database), read_only=True) as build:
        expected = {table: build.execute(f"select count(*) from published.{table}").fetchall()[0][0]
                    for table in publish.published_tables(build, build.execute("select current_database()").fetchall()[0][0])}
    assert set(expected) == set(manifest["tables"]) and expected
    with duckdb.connect(str(database), read_only=True) as published:
        assert published.execute("select distinct run_id from published.publication").fetchall() == [(demo_build.run_id,)]
        for table, rows in expected.items():
            entry = manifest["tables"][table]
            parquet = directory / entry["parquet"]
            assert entry["rows"] == rows
            assert entry["parquet_sha256"] == hashlib.sha256(parquet.read_bytes()).hexdigest()
            assert published.execute(f"select count(*) from published.{table}").fetchall()[0][0] == rows
            assert published.execute("select count(*) from read_parquet(?)", [str(parquet)]).fetchall()[0][0] == rows
    assert sorted(path.name for path in demo_build.publish_dir.iterdir()) == [publish.LOCK_FILE, "current", "publications"]
    assert [path.name for path in (demo_build.publish_dir / publish.PUBLICATIONS_DIR).iterdir()] == [demo_build.run_id]


def test_the_run_says_where_the_publication_is(demo_build, tmp_path):
    said = []
    elsewhere = dataclasses.replace(demo_build, publish_dir=tmp_path / "elsewhere", run_id="said-run")
    summary = publish.publish_stage(elsewhere, say=said.append)
    text = "\n".join(said)
    assert str(tmp_path / "elsewhere" / "current" / publish.DATABASE_FILE) in text and ".parquet" in text
    assert summary["database"] == str(tmp_path / "elsewhere" / "current" / publish.DATABASE_FILE)
    assert publish.current_publication_dir(tmp_path / "elsewhere") == tmp_path / "elsewhere" / "publications" / "said-run"


def test_counts_can_be_rounded_to_the_nearest_5(demo_build, tmp_path):
    copy = tmp_path / "rounded.duckdb"
    copy.write_bytes(Path(demo_build.database).read_bytes())
    outcome = run_dbt(["run", "--select", "published_wres_indicators", "--vars", "{wres_round_published_counts_to: 5}"],
                      copy)
    assert outcome.success, outcome.failures
    with duckdb.connect(str(copy), read_only=True) as connection:
        rows = connection.execute(
            "select m.numerator, p.numerator, m.denominator, p.denominator, m.measure, m.value, p.value "
            "from marts.wres_indicators as m inner join published.wres_indicators as p "
            "using (org_code, reporting_year, indicator, measure, breakdown, ethnic_group)"
        ).fetchall()
    shown = 0
    for mart_numerator, numerator, mart_denominator, denominator, measure, mart_value, value in rows:
        for exact, published in ((mart_numerator, numerator), (mart_denominator, denominator)):
            if published is not None:
                shown += 1
                assert published % 5 == 0 and abs(published - exact) <= 2.5, (exact, published)
                assert published == 5 * int(exact / 5 + 0.5)  # nearest 5, halves up (12 -> 10, 13 -> 15)
        if value is not None and measure == "headcount":
            assert value == numerator
        elif value is not None:
            assert value == mart_value  # percentages and ratios stay computed from exact counts
    assert shown > 0
