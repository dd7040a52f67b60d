"""Invoke dbt in-process against the repository's project and profile.

Parsing the project (61 models, 400 tests, 549 macros) costs seconds, and dbt's own partial parsing
does not help a run on a new database: the database path is part of the profile, and a changed
profile makes dbt parse everything again. The parsed project depends on the database only through
its name (the file's stem, which every relation is qualified with), so each parse is kept, pickled,
under a key of everything it depends on (``parsed_project_key``): in this process (a run's three dbt
commands, the test suite's many runs) and in the target folder (the next run, any database). Each
command gets its own unpickled copy, as if it had parsed the project itself: a build's compilation
changes the nodes it is given. The Jinja of every node dbt compiles when it runs it is kept the
same way, as code objects (wres/jinja_cache.py).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from wres import PROJECT_DIR, heap, jinja_cache
from wres.settings import DUCKDB_SETTINGS_ENV, duckdb_config

PARSED_PROJECT_FILE = "wres_parsed_project.pickle"  # in the dbt target folder, beside dbt's partial_parse.msgpack
PARSED_PROJECT_FORMAT = 1  # raised when the way a parse is pickled changes
# dbt_project.yml keys naming folders whose files dbt parses (their defaults as dbt's)
_PROJECT_PATH_KEYS = {
    "model-paths": ["models"], "seed-paths": ["seeds"], "macro-paths": ["macros"], "test-paths": ["tests"],
    "analysis-paths": ["analyses"], "snapshot-paths": ["snapshots"], "docs-paths": [], "asset-paths": [],
    "function-paths": ["functions"],
}
_PROJECT_FILES = ("dbt_project.yml", "profiles.yml", "packages.yml", "dependencies.yml", "selectors.yml")
_ENV_VAR_CALL = re.compile(rb"""env_var\(\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]""")
_parsed_in_process: dict[str, bytes] = {}  # key -> pickled Manifest


@dataclass(frozen=True)
class DbtOutcome:
    success: bool
    failures: list[str]  # "model.wres.x: message" for every node that errored or failed


def run_dbt(args: list[str], database: Path, run_dir: Path | None = None) -> DbtOutcome:
    """Run one dbt command; copy its run_results.json and manifest into run_dir when given."""
    first_import = "dbt.cli.main" not in sys.modules
    from dbt.cli.main import dbtRunner  # imported late: dbt's import costs a second or two

    if first_import:
        heap.settle()
    jinja_cache.install()

    os.environ["WRES_DUCKDB_PATH"] = str(database)
    # profiles.yml reads DuckDB's memory limit, threads and spill folder from these: the same values
    # as every other connection of the run (wres/settings.py), defaults resolved for this database,
    # set for this dbt call only
    config = duckdb_config(database)
    config.setdefault("threads", os.cpu_count() or 1)
    configured = {variable: os.environ.get(variable) for variable in DUCKDB_SETTINGS_ENV.values()}
    os.environ.update({variable: str(config[name]) for name, variable in DUCKDB_SETTINGS_ENV.items()})
    # Overridable so that two builds on one checkout (tests, a developer's run) keep apart.
    target_path = Path(os.environ.get("WRES_DBT_TARGET_PATH", PROJECT_DIR / "target"))
    log_path = Path(os.environ.get("WRES_DBT_LOG_PATH", PROJECT_DIR / "logs"))
    common = ["--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR),
              "--target-path", str(target_path), "--log-path", str(log_path)]
    jinja_cache.load(target_path)  # the Jinja the last run compiled (wres/jinja_cache.py)
    # --vars change what a parse gives (dbt reparses when they change): such a command parses itself
    manifest = None if "--vars" in args else parsed_project(database, target_path, common)
    callbacks = [] if manifest is None else [_stamp_invocation(manifest)]
    try:
        result = dbtRunner(manifest=manifest, callbacks=callbacks).invoke([*args, *common])
    finally:
        _release_database()
        jinja_cache.save(target_path)
        for variable, value in configured.items():
            if value is None:
                os.environ.pop(variable, None)
            else:
                os.environ[variable] = value
    failures = []
    for node_result in getattr(result.result, "results", None) or []:
        status = str(getattr(node_result, "status", "")).lower()
        if status in {"error", "fail", "runtimeerror"}:
            node = getattr(node_result, "node", None)
            name = getattr(node, "unique_id", "?")
            message = (node_result.message or "").strip()
            if status == "fail" and getattr(getattr(node, "test_metadata", None), "name", None) == "column_checks":
                message += broken_column_checks(database, node)
            failures.append(f"{name}: {message}")
    if result.exception is not None:
        failures.append(f"dbt: {result.exception}")
    if run_dir is not None:
        run_dir.mkdir(parents=True, exist_ok=True)
        for artefact in ("run_results.json", "manifest.json"):
            if (target_path / artefact).exists():
                shutil.copy2(target_path / artefact, run_dir / artefact)
    return DbtOutcome(success=bool(result.success), failures=failures)


def broken_column_checks(database: Path, node) -> str:
    """What a failed column_checks test found (macros/generic_tests.sql folds a model's per-column
    rules into that one test): its rows read again from the build database, one per broken rule,
    as "; <model>.<column> <rule>: <n> rows", so that the message names the column and the rule as a
    per-column test's name did. The test's example value is left out: it may be a person-level value
    (an employee number in a shifted column) and the message goes to the console and run.json. Asked
    only after a failure, when dbt has closed the database; empty when the rows cannot be read (dbt's
    own message still stands)."""
    from wres.settings import connect_duckdb

    model = (getattr(node, "attached_node", None) or "?").split(".")[-1]
    sql = getattr(node, "compiled_code", None)
    if not sql:
        return ""
    try:
        with connect_duckdb(database, read_only=True) as connection:
            rows = connection.execute(
                f"select column_name, rule, failing_rows from ({sql}) as broken order by column_name, rule"
            ).fetchall()
    except Exception:  # noqa: BLE001 -- a detail of a failure must not hide the failure
        return ""
    return "".join(
        f"; {model}.{column} {rule}: {failing} row{'s' if failing != 1 else ''}" for column, rule, failing in rows
    )


def parsed_project_key(database: Path) -> str:
    """A digest of everything a parse of the project depends on.

    The cache format; the dbt, dbt-duckdb (whose macros are parsed too), Python and pickle versions; every
    file dbt reads to parse the project (the project and profile files, every file under the
    model, seed, macro, test, analysis and snapshot folders), by path and content; the values of
    the environment variables those files read with env_var(), except the profile's (the database
    path), of which only the database's
    name counts.
    """
    from importlib.metadata import version

    digest = hashlib.sha256()
    versions = "; ".join(f"{package} {version(package)}" for package in ("dbt-core", "dbt-adapters", "dbt-duckdb"))
    digest.update(f"format {PARSED_PROJECT_FORMAT}; {versions}; python {sys.version}; pickle {pickle.HIGHEST_PROTOCOL}\0".encode())
    digest.update(f"database name {Path(database).stem}\0".encode())
    project_file = PROJECT_DIR / "dbt_project.yml"
    project = yaml.safe_load(project_file.read_text(encoding="utf-8")) or {}
    files = [PROJECT_DIR / name for name in _PROJECT_FILES]
    for key, default in _PROJECT_PATH_KEYS.items():
        for folder in project.get(key, default) or []:
            root = PROJECT_DIR / folder
            if root.is_dir():
                files += [path for path in root.rglob("*") if path.is_file() and "__pycache__" not in path.parts]
    env_names: set[str] = set()
    for path in sorted(set(files)):
        if not path.is_file():
            continue
        content = path.read_bytes()
        digest.update(f"{path.relative_to(PROJECT_DIR)}\0{len(content)}\0".encode())
        digest.update(content)
        if path.name != "profiles.yml":
            env_names.update(name.decode() for name in _ENV_VAR_CALL.findall(content))
    for name in sorted(env_names):
        digest.update(f"env {name}={os.environ.get(name)}\0".encode())
    return digest.hexdigest()


def parsed_project(database: Path, target_path: Path, common_args: list[str]):
    """A fresh copy of the parsed project (a dbt Manifest) for a command on this database.

    Taken from this process's cache, else from the target folder's, else parsed by `dbt parse`
    (which uses dbt's own partial parsing when it can). None when the project does not parse:
    the command then parses it itself and reports the error as it always did.
    """
    from dbt.cli.main import dbtRunner

    key = parsed_project_key(database)
    cache_file = target_path / PARSED_PROJECT_FILE
    for pickled in (_parsed_in_process.get(key), _read_cache_file(cache_file, key)):
        if pickled is not None:
            try:
                manifest = pickle.loads(pickled)
            except Exception:  # noqa: BLE001 -- a damaged cache costs a parse, never the run
                continue
            _keep_in_process(key, pickled)
            return manifest
    result = dbtRunner().invoke(["parse", "--quiet", *common_args])
    _release_database()
    if not result.success or result.result is None:
        return None
    pickled = _pickle_manifest(result.result)
    _write_cache_file(cache_file, key, pickled)
    _keep_in_process(key, pickled)
    return pickle.loads(pickled)


def _keep_in_process(key: str, pickled: bytes) -> None:
    _parsed_in_process.clear()  # one project at a time: a changed file makes the old parse useless
    _parsed_in_process[key] = pickled


def _pickle_manifest(manifest) -> bytes:
    """Manifest.__reduce_ex__ of dbt-core 1.11 passes its fields positionally and misses some (the
    unpickled manifest's lookups end up in the wrong fields): pickle it by field name instead."""
    import dataclasses
    import io

    from dbt.contracts.graph.manifest import Manifest

    fields = [field.name for field in dataclasses.fields(Manifest) if field.init and field.name != "_lock"]

    class ManifestPickler(pickle.Pickler):
        dispatch_table = {Manifest: lambda kept: (_unpickle_manifest, ({name: getattr(kept, name) for name in fields},))}

    buffer = io.BytesIO()
    ManifestPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(manifest)
    return buffer.getvalue()


def _unpickle_manifest(fields: dict):
    from dbt.contracts.graph.manifest import Manifest

    return Manifest(**fields)  # a new lock (the one field not pickled)


def _stamp_invocation(manifest):
    """A callback giving the kept parse this command's invocation id and time (dbt's first event
    carries them), so that its manifest.json matches its run_results.json as after a parse."""
    from datetime import datetime, timezone

    stamped = []

    def stamp(event) -> None:
        if not stamped:
            stamped.append(True)
            manifest.metadata.invocation_id = event.info.invocation_id
            manifest.metadata.generated_at = datetime.now(timezone.utc).replace(tzinfo=None)

    return stamp


def _read_cache_file(path: Path, key: str) -> bytes | None:
    try:
        with path.open("rb") as handle:
            if handle.readline().decode("ascii", "replace").strip() != key:
                return None
            return handle.read()
    except OSError:
        return None


def _write_cache_file(path: Path, key: str, pickled: bytes) -> None:
    """Written beside and renamed into place, so a concurrent run reads a whole file or none.
    A cache that cannot be written only costs the next run a parse."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("wb") as handle:
            handle.write(key.encode("ascii") + b"\n")
            handle.write(pickled)
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)


def _release_database() -> None:
    """Close the DuckDB database dbt-duckdb keeps open in this process after a command.

    dbt-duckdb holds one process-wide DuckDB instance between invocations; while it is open,
    DuckDB refuses a second connection with another configuration (read-only, as the landing
    step, validation and publication open it) and keeps the file locked. Closing it here makes
    every dbt call leave the database as it found it: closed.
    """
    import gc

    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    with DuckDBConnectionManager._LOCK:
        environment = DuckDBConnectionManager._ENV
        if environment is not None:
            environment.close()
        DuckDBConnectionManager._ENV = None
    gc.collect()
