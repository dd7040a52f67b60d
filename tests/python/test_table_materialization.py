"""The project's `table` materialization (macros/materialization_table.sql): a SQL model's table is
dropped and created again inside the model's transaction, so a rebuild that fails leaves the
table it had, and a view on it keeps reading it; a Python model keeps dbt-duckdb's rename."""

from __future__ import annotations

from pathlib import Path

import duckdb

from wres import PROJECT_DIR, dbt_runner

SQL_MODEL = """
{{ config(materialized='table') }}
{% if var('version', 1) == 'broken' %}
select error('a model that fails on its rebuild') as x
{% else %}
select {{ var('version', 1) }} as x
{% endif %}
"""

VIEW_ON_IT = "{{ config(materialized='view') }}\nselect x * 10 as x_times_ten from {{ ref('rebuilt') }}\n"

PYTHON_MODEL = """
def model(dbt, session):
    dbt.config(materialized="table")
    import pandas
    return pandas.DataFrame({"y": [dbt.config.get("version", 1)]})
"""


def _project(root: Path) -> Path:
    (root / "models").mkdir(parents=True)
    (root / "macros").mkdir()
    (root / "macros" / "materialization_table.sql").write_text(
        (PROJECT_DIR / "macros" / "materialization_table.sql").read_text())
    (root / "models" / "rebuilt.sql").write_text(SQL_MODEL)
    (root / "models" / "reads_rebuilt.sql").write_text(VIEW_ON_IT)
    (root / "models" / "python_rebuilt.py").write_text(PYTHON_MODEL)
    (root / "dbt_project.yml").write_text("name: mini\nversion: '1.0.0'\nconfig-version: 2\nprofile: mini\n")
    database = root / "mini.duckdb"
    (root / "profiles.yml").write_text(
        f"mini:\n  target: dev\n  outputs:\n    dev: {{type: duckdb, path: '{database}', threads: 1}}\n")
    return database


def _run(root: Path, *extra: str):
    from dbt.cli.main import dbtRunner

    try:
        return dbtRunner().invoke(["run", "--quiet", "--project-dir", str(root), "--profiles-dir", str(root),
                                   "--target-path", str(root / "target"), "--log-path", str(root / "logs"), *extra])
    finally:
        dbt_runner._release_database()


def _tables(database: Path) -> dict:
    with duckdb.connect(str(database), read_only=True) as connection:
        return {
            "rebuilt": connection.execute("select x from rebuilt").fetchall(),
            "view": connection.execute("select x_times_ten from reads_rebuilt").fetchall(),
            "python": connection.execute("select y from python_rebuilt").fetchall(),
            "relations": sorted(name for (name,) in connection.execute("select table_name from information_schema.tables").fetchall()),
        }


def test_a_rebuilt_table_replaces_the_old_one_and_a_failed_rebuild_keeps_it(tmp_path):
    database = _project(tmp_path)
    assert _run(tmp_path).success
    assert _tables(database)["rebuilt"] == [(1,)]

    assert _run(tmp_path, "--vars", "{version: 2}").success, "a table that exists is replaced"
    assert _tables(database) == {"rebuilt": [(2,)], "view": [(20,)], "python": [(1,)],
                                 "relations": ["python_rebuilt", "reads_rebuilt", "rebuilt"]}

    failed = _run(tmp_path, "--vars", "{version: broken}", "--select", "rebuilt")
    assert not failed.success
    assert _tables(database) == {"rebuilt": [(2,)], "view": [(20,)], "python": [(1,)],
                                 "relations": ["python_rebuilt", "reads_rebuilt", "rebuilt"]}, \
        "the failed rebuild rolled back: the old table, no temporary or backup relation left"
