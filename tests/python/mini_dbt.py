"""A dbt project of a few hand-made models in a test's folder, with some of the repository's macro
files: for tests of the project's own macros (generic tests, materializations) on tables small
enough to check by hand."""

from __future__ import annotations

from pathlib import Path

from wres import PROJECT_DIR, dbt_runner


def mini_project(root: Path, models: dict[str, str], macro_files: tuple[str, ...]) -> Path:
    """Write the project (models by file name, the named files of macros/ copied); its database."""
    (root / "models").mkdir(parents=True)
    (root / "macros").mkdir()
    for name in macro_files:
        (root / "macros" / name).write_text((PROJECT_DIR / "macros" / name).read_text())
    for name, text in models.items():
        (root / "models" / name).write_text(text)
    (root / "dbt_project.yml").write_text("name: mini\nversion: '1.0.0'\nconfig-version: 2\nprofile: mini\n")
    database = root / "mini.duckdb"
    (root / "profiles.yml").write_text(
        f"mini:\n  target: dev\n  outputs:\n    dev: {{type: duckdb, path: '{database}', threads: 1}}\n"
    )
    return database


def invoke(root: Path, command: str, *extra: str):
    """One dbt command on the project in `root`; the database is closed again afterwards."""
    from dbt.cli.main import dbtRunner

    try:
        return dbtRunner().invoke([command, "--quiet", "--project-dir", str(root), "--profiles-dir", str(root),
                                   "--target-path", str(root / "target"), "--log-path", str(root / "logs"), *extra])
    finally:
        dbt_runner._release_database()
