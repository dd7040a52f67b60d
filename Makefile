# The two commands of the README:
#   make run    set everything up (a project-local .venv) and run the main job on the demo data
#   make test   set everything up and run the whole test suite (lint, dbt unit tests, pytest)
# Both are idempotent: the virtual environment is reinstalled only when pyproject.toml changes.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: run test lint docs clean install bench

install: $(INSTALLED)

# The report's PDF and its browser test need Debian's chromium and poppler-utils (pdftotext), and
# the charts a font: installed with apt where missing (needs root, as on the project's machines).
SYSTEM_PACKAGES := chromium poppler-utils fonts-dejavu-core fonts-liberation

$(INSTALLED): pyproject.toml
	command -v chromium >/dev/null && command -v pdftotext >/dev/null && test -d /usr/share/fonts/truetype/dejavu && test -d /usr/share/fonts/truetype/liberation || \
		(apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(SYSTEM_PACKAGES))
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(INSTALLED)

run: $(INSTALLED)
	$(BIN)/wres run

# sqlfluff's dbt templater compiles the project, which opens a DuckDB file: give it its own.
# --processes 0: one process per core (2-core machine: 1m35s instead of 2m49s, the same findings)
lint: $(INSTALLED)
	mkdir -p build
	WRES_DUCKDB_PATH=build/lint.duckdb $(BIN)/sqlfluff lint --processes 0 models macros analyses tests/dbt

# Two workers, each test file on one of them (--dist loadgroup: tests/python/conftest.py makes each
# file a group, so a module's shared build is made once, and puts the files sharing a session build
# beyond the demo in one group); TEST_WORKERS=0 runs the suite in one process.
TEST_WORKERS ?= 2
test: $(INSTALLED) lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup

# The national benchmark (README "Scale"): the DuckDB floor, `wres run` and one small trust, written to
# build/bench/<time>.json. Smaller or repeated: make bench BENCH_ARGS="--orgs 40 --repeat 3"
bench: $(INSTALLED)
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

docs: $(INSTALLED)
	mkdir -p build
	$(BIN)/dbt docs generate --project-dir . --profiles-dir .

clean:
	rm -rf build target logs
