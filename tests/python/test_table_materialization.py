"""The project's `table` materialization (macros/materialization_table.sql): a SQL model's table is
dropped and created again inside the model's transaction, so a rebuild that fails leaves the
table it had, and a view on it keeps reading it; a Python model keeps dbt-duckdb's rename."""

from __future__ import annotations

from pathlib import Path

import duckdb

from mini_dbt import invoke, mini_project

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
    return pandas.DataFrame({"y": [1]})
"""


def _project(root: Path) -> Path:
    return mini_project(
        root,
        {"rebuilt.sql": SQL_MODEL, "reads_rebuilt.sql": VIEW_ON_IT, "python_rebuilt.py": PYTHON_MODEL},
        ("materialization_table.sql",),
    )


def _run(root: Path, *extra: str):
    return invoke(root, "run", *extra)


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
