# The two commands of the README:
#   make run    set everything up (a project-local .venv) and run the main job on the demo data
#   make test   set everything up and run the whole test suite (lint, dbt unit tests, pytest)
# Both are idempotent: the virtual environment is reinstalled only when pyproject.toml changes.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: run test lint docs clean install

install: $(INSTALLED)

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(INSTALLED)

run: $(INSTALLED)
	$(BIN)/wres run

# sqlfluff's dbt templater compiles the project, which opens a DuckDB file: give it its own.
lint: $(INSTALLED)
	mkdir -p build
	WRES_DUCKDB_PATH=build/lint.duckdb $(BIN)/sqlfluff lint models macros analyses tests/dbt

test: $(INSTALLED) lint
	$(BIN)/python -m pytest

docs: $(INSTALLED)
	mkdir -p build
	$(BIN)/dbt docs generate --project-dir . --profiles-dir .

clean:
	rm -rf build target logs
