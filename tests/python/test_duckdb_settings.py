"""DuckDB's memory limit, threads and spill folder (issue 13): flag, then WRES_* variable, then default,
and the same values reach every connection the run makes and dbt's (profiles.yml `config_options:`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from wres import PROJECT_DIR, dbt_runner, settings
from wres.settings import DUCKDB_SETTINGS_ENV, SettingError, connect_duckdb, duckdb_config, set_duckdb_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for variable in DUCKDB_SETTINGS_ENV.values():
        monkeypatch.delenv(variable, raising=False)


def _setting(connection, name: str) -> str:
    return connection.execute(f"select current_setting('{name}')").fetchone()[0]


def test_defaults_are_a_one_gigabyte_limit_and_the_database_own_spill_folder(tmp_path):
    database = tmp_path / "w.duckdb"
    assert duckdb_config(database) == {"memory_limit": "1GB", "temp_directory": f"{database}.tmp"}
    with connect_duckdb(database) as connection:
        # DuckDB reports 1GB (10^9 bytes) as 953.6 MiB
        assert _setting(connection, "memory_limit") == "953.6 MiB"
        assert _setting(connection, "temp_directory") == f"{database}.tmp"


def test_the_environment_sets_every_connection(tmp_path, monkeypatch):
    monkeypatch.setenv("WRES_DUCKDB_MEMORY_LIMIT", "300MB")
    monkeypatch.setenv("WRES_DUCKDB_THREADS", "1")
    monkeypatch.setenv("WRES_DUCKDB_TEMP_DIRECTORY", str(tmp_path / "spill"))
    with connect_duckdb(tmp_path / "w.duckdb") as connection:
        assert _setting(connection, "memory_limit") == "286.1 MiB"  # 300 * 10^6 bytes
        assert _setting(connection, "threads") == 1
        assert _setting(connection, "temp_directory") == str(tmp_path / "spill")
    with connect_duckdb() as in_memory:  # the publication's in-memory database too
        assert _setting(in_memory, "memory_limit") == "286.1 MiB"


def test_a_flag_wins_over_the_environment(monkeypatch):
    monkeypatch.setenv("WRES_DUCKDB_MEMORY_LIMIT", "300MB")
    set_duckdb_settings(memory_limit="2GB", threads=2)
    assert os.environ["WRES_DUCKDB_MEMORY_LIMIT"] == "2GB"
    assert duckdb_config()["memory_limit"] == "2GB" and duckdb_config()["threads"] == 2


@pytest.mark.parametrize("value, message", [("two", "is not a number"), ("0", "must be at least 1")])
def test_a_bad_thread_count_is_named(monkeypatch, value, message):
    monkeypatch.setenv("WRES_DUCKDB_THREADS", value)
    with pytest.raises(SettingError, match=f"WRES_DUCKDB_THREADS.*{message}"):
        duckdb_config()


def test_the_cli_flags_reach_the_settings(monkeypatch):
    from wres import cli, pipeline

    seen = {}
    monkeypatch.setattr(pipeline, "run", lambda run_settings: seen.update(duckdb_config()) or 0)
    assert cli.main(["run", "--duckdb-memory-limit", "700MB", "--duckdb-threads", "1"]) == 0
    assert seen["memory_limit"] == "700MB" and seen["threads"] == 1


def test_dbt_gets_the_same_settings_for_its_call_only(tmp_path, monkeypatch):
    import dbt.cli.main

    seen = {}

    class FakeRunner:
        def __init__(self, **options):  # manifest=, callbacks= (wres.dbt_runner shares one parse)
            pass

        def invoke(self, args):
            seen.update({variable: os.environ.get(variable) for variable in DUCKDB_SETTINGS_ENV.values()})
            return type("Result", (), {"result": None, "exception": None, "success": True})()

    monkeypatch.setattr(dbt.cli.main, "dbtRunner", FakeRunner)
    monkeypatch.setattr(dbt_runner, "_release_database", lambda: None)
    monkeypatch.setattr(dbt_runner, "parsed_project", lambda *args: None)  # no parse: only the call's settings matter
    monkeypatch.setenv("WRES_DUCKDB_MEMORY_LIMIT", "500MB")
    database = tmp_path / "w.duckdb"
    dbt_runner.run_dbt(["build"], database)
    assert seen == {
        "WRES_DUCKDB_MEMORY_LIMIT": "500MB",
        "WRES_DUCKDB_THREADS": str(os.cpu_count()),
        "WRES_DUCKDB_TEMP_DIRECTORY": f"{database}.tmp",
    }
    # set for the call only: the next database gets its own spill folder
    assert "WRES_DUCKDB_TEMP_DIRECTORY" not in os.environ
    assert os.environ["WRES_DUCKDB_MEMORY_LIMIT"] == "500MB"


def test_the_profile_reads_every_setting_from_its_variable():
    profile = yaml.safe_load((PROJECT_DIR / "profiles.yml").read_text())["wres"]["outputs"]["dev"]
    for name, variable in DUCKDB_SETTINGS_ENV.items():
        assert variable in profile["config_options"][name], name
    assert settings.DEFAULT_DUCKDB_MEMORY_LIMIT in profile["config_options"]["memory_limit"]
    # not `settings:`: dbt-duckdb SETs those on every cursor, and DuckDB refuses to switch the temp
    # directory once a query has spilled there (a national run failed so)
    assert "temp_directory" not in (profile.get("settings") or {})


def test_every_connection_of_the_package_goes_through_the_settings():
    # a plain duckdb.connect would get DuckDB's default: 80% of the machine's memory
    offenders = [str(path.relative_to(PROJECT_DIR)) for path in Path(PROJECT_DIR, "wres").rglob("*.py")
                 if "duckdb.connect(" in path.read_text() and path.name != "settings.py"]
    assert offenders == []
