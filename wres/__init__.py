"""WRES warehouse: landing extracts -> dbt on DuckDB -> checked, suppressed publication."""

from pathlib import Path

__version__ = "0.1.0"

# The repository root holds dbt_project.yml and profiles.yml; the package drives dbt from there.
PROJECT_DIR = Path(__file__).resolve().parent.parent
