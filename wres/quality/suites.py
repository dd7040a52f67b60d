"""The Great Expectations suites of expectations/ (JSON, versioned with the code).

One suite per landing extract (``expectations/landing/<extract>.json``) and per published-facing
mart (``expectations/marts/<table>.json``). A suite file is a Great Expectations 1.x
``ExpectationSuite`` as JSON; two project conventions ride on standard fields:

- every expectation carries GX's own ``severity``: ``critical`` (the run stops before anything
  is published) or ``warning`` (recorded and shown in the run summary);
- every expectation's ``meta.facts`` names the fact frame it is evaluated on (see facts.py),
  so one suite can check an extract at several grains (per file, per organisation and
  snapshot, per distinct code).

Thresholds that are run inputs (the plausible date window) are GX ``$PARAMETER``s filled in by
the run from dbt_project.yml vars; fixed thresholds are written in the suite.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from wres import PROJECT_DIR

EXPECTATIONS_DIR = PROJECT_DIR / "expectations"
SEVERITIES = ("critical", "warning")


class SuiteError(Exception):
    """A suite file is malformed: a developer error, reported with the file and expectation."""


@dataclass(frozen=True)
class Suite:
    name: str
    stage: str
    target: str
    path: Path
    document: dict  # the JSON as written

    @property
    def expectations(self) -> list[dict]:
        return self.document["expectations"]

    @property
    def label(self) -> str:
        wres_meta = self.document.get("meta", {}).get("wres", {})
        if self.stage == "landing":
            return f"landing extract {self.target} ({wres_meta.get('file', self.target)})"
        return f"table {wres_meta.get('table', self.target)}"


def load_suites(stage: str, known_facts: set[str], directory: Path = EXPECTATIONS_DIR) -> list[Suite]:
    """Read and check every suite of a stage; raise SuiteError naming the file on a mistake."""
    suites = []
    for path in sorted((directory / stage).glob("*.json")):
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise SuiteError(f"{path}: not valid JSON ({error})") from None
        wres_meta = document.get("meta", {}).get("wres", {})
        if wres_meta.get("stage") != stage or not wres_meta.get("target"):
            raise SuiteError(f"{path}: meta.wres must give stage '{stage}' and the target extract or table")
        for position, expectation in enumerate(document.get("expectations", []), start=1):
            where = f"{path}: expectation {position} ({expectation.get('type')})"
            if expectation.get("severity") not in SEVERITIES:
                raise SuiteError(f"{where}: severity must be one of {', '.join(SEVERITIES)}")
            facts = expectation.get("meta", {}).get("facts")
            if facts not in known_facts:
                raise SuiteError(f"{where}: meta.facts '{facts}' is not a known fact frame")
            if not expectation.get("description"):
                raise SuiteError(f"{where}: a description is required (it is the message a reader sees)")
        suites.append(Suite(document["name"], stage, wres_meta["target"], path, document))
    return suites
