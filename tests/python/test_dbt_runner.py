"""The parsed dbt project is kept between dbt commands (wres/dbt_runner.py), under a key of all it depends on."""

from __future__ import annotations

import dataclasses
import pickle
from types import SimpleNamespace

import pytest
from dbt.contracts.graph.manifest import Manifest

from wres import dbt_runner


def test_a_kept_parse_comes_back_with_every_field_in_its_place():
    # dbt-core 1.11's own Manifest pickling passes fields by position and loses some
    manifest = Manifest()
    fields = [field.name for field in dataclasses.fields(Manifest) if field.init and field.name != "_lock"]
    for name in fields:
        setattr(manifest, name, {"field": name})
    copy = pickle.loads(dbt_runner._pickle_manifest(manifest))
    assert isinstance(copy, Manifest)
    assert {name: getattr(copy, name) for name in fields} == {name: {"field": name} for name in fields}


@pytest.fixture()
def counted_parses(monkeypatch, tmp_path):
    """dbt parse replaced by a stand-in that counts its calls (each gives an empty Manifest)."""
    import dbt.cli.main

    parses = []

    class Runner:
        def __init__(self, *args, **kwargs):
            pass

        def invoke(self, args):
            parses.append(args)
            return SimpleNamespace(success=True, result=Manifest())

    monkeypatch.setattr(dbt.cli.main, "dbtRunner", Runner)
    monkeypatch.setattr(dbt_runner, "_release_database", lambda: None)
    monkeypatch.setattr(dbt_runner, "_parsed_in_process", {})
    return parses


def test_a_parse_serves_any_database_of_the_same_name_in_this_process_and_the_next(counted_parses, tmp_path):
    target = tmp_path / "target"
    first = dbt_runner.parsed_project(tmp_path / "a" / "wres.duckdb", target, [])
    second = dbt_runner.parsed_project(tmp_path / "b" / "wres.duckdb", target, [])
    assert len(counted_parses) == 1
    assert first is not second, "each command gets its own copy: compiling changes the nodes"
    assert (target / dbt_runner.PARSED_PROJECT_FILE).is_file()

    dbt_runner._parsed_in_process.clear()  # as in a new process: the target folder's copy serves
    dbt_runner.parsed_project(tmp_path / "c" / "wres.duckdb", target, [])
    assert len(counted_parses) == 1

    # relations are qualified with the database's name: another name is another parse
    dbt_runner.parsed_project(tmp_path / "c" / "other.duckdb", target, [])
    assert len(counted_parses) == 2


def test_the_key_follows_the_database_name_and_the_variables_the_project_reads(monkeypatch, tmp_path):
    key = dbt_runner.parsed_project_key(tmp_path / "a" / "wres.duckdb")
    assert dbt_runner.parsed_project_key(tmp_path / "b" / "wres.duckdb") == key
    assert dbt_runner.parsed_project_key(tmp_path / "a" / "other.duckdb") != key
    # the profile's variable (the database path) counts only by the database name above
    monkeypatch.setenv("WRES_DUCKDB_PATH", str(tmp_path / "elsewhere.duckdb"))
    assert dbt_runner.parsed_project_key(tmp_path / "a" / "wres.duckdb") == key


def test_the_key_follows_every_project_file(monkeypatch, tmp_path):
    import shutil

    project = tmp_path / "project"
    project.mkdir()
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copy(dbt_runner.PROJECT_DIR / name, project / name)
    model = project / "models" / "staging" / "stg_x.sql"
    model.parent.mkdir(parents=True)
    model.write_text("select 1 as x\n")
    monkeypatch.setattr(dbt_runner, "PROJECT_DIR", project)
    key = dbt_runner.parsed_project_key(tmp_path / "wres.duckdb")

    model.write_text("select 2 as x\n")
    changed = dbt_runner.parsed_project_key(tmp_path / "wres.duckdb")
    assert changed != key

    # a variable a model reads with env_var() is part of what the parse gives
    model.write_text("select '{{ env_var(\"WRES_TEST_SETTING\", \"a\") }}' as x\n")
    monkeypatch.setenv("WRES_TEST_SETTING", "a")
    with_a = dbt_runner.parsed_project_key(tmp_path / "wres.duckdb")
    monkeypatch.setenv("WRES_TEST_SETTING", "b")
    assert dbt_runner.parsed_project_key(tmp_path / "wres.duckdb") != with_a

    (project / "macros").mkdir()
    (project / "macros" / "new.sql").write_text("{% macro m() %}1{% endmacro %}\n")
    assert dbt_runner.parsed_project_key(tmp_path / "wres.duckdb") not in {key, changed, with_a}


def test_a_damaged_kept_parse_costs_a_parse_not_the_run(counted_parses, tmp_path):
    target = tmp_path / "target"
    database = tmp_path / "a" / "wres.duckdb"
    target.mkdir()
    (target / dbt_runner.PARSED_PROJECT_FILE).write_bytes(
        dbt_runner.parsed_project_key(database).encode() + b"\n" + b"not a pickle")
    assert isinstance(dbt_runner.parsed_project(database, target, []), Manifest)
    assert len(counted_parses) == 1
    # and the damaged file is replaced by a good one
    dbt_runner._parsed_in_process.clear()
    dbt_runner.parsed_project(database, target, [])
    assert len(counted_parses) == 1


def test_dbt_sends_no_usage_events_and_logs_its_console_lines_not_its_statements(monkeypatch, tmp_path):
    """dbt_project.yml `flags`: nothing leaves the machine for dbt Labs, and logs/dbt.log holds the
    nodes' progress without every statement (the statements cost a small trust's run about 1 s)."""
    import dbt.tracking

    monkeypatch.setenv("WRES_DBT_LOG_PATH", str(tmp_path / "logs"))
    monkeypatch.setenv("WRES_DBT_TARGET_PATH", str(tmp_path / "target"))
    outcome = dbt_runner.run_dbt(["ls", "--select", "stg_esr__assignments"], tmp_path / "wres.duckdb")
    assert outcome.success, outcome.failures
    assert dbt.tracking.active_user is not None and dbt.tracking.active_user.do_not_track
    log = (tmp_path / "logs" / "dbt.log").read_text(encoding="utf-8")
    assert "[info ]" in log
    assert "[debug]" not in log and "Sending event" not in log
