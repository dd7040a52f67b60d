"""`wres trace`: one published figure, from the figure down to the landing lines behind it.

The chain printed (or given as JSON with --json):

1. the figure as published and as in the internal mart of the run (the run folder's
   ``marts/wres_indicators.parquet``, wres/evidence.py);
2. the run: id, time, code version (git commit and dirty flag, or the package version), dbt and
   DuckDB versions;
3. the dbt models the figure passes through (published -> mart -> intermediate -> staging, and the
   seeds and landing sources they read), each with its file and the SHA-256 of its compiled SQL in
   that run's ``manifest.json``;
4. for the numerator and the denominator (for a relative likelihood or a difference in points:
   each of the four counts): the landing file with its SHA-256 and row counts, and the lines that
   make the count, one line per counted unit (person, application, respondent, board member).

The lines are a query, not a re-derivation: the person-level intermediate models keep
``source_file`` and ``source_line_number`` of the row that describes each unit, and each count
below is the same filter the figure models apply (organisation, year, group, band row, board
subset...). They are read from the build database, which holds the last run only: for an older
run they are given when the build's landing files and the compiled SQL of every model in the
chain are byte-identical to that run's (so the same lines follow), and are otherwise withheld
with the reason.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from wres.settings import connect_duckdb

from wres.evidence import MARTS_DIR, describe_code, read_evidence
from wres.io_helpers import sql_string
from wres.publish import current_publication_dir

FIRST_LINES = 10  # lines shown without --lines

# The headline figure of each indicator, used for whatever of measure, breakdown, group is not given.
HEADLINES = {
    1: ("pct", "overall", "BME"),
    2: ("relative_likelihood", "overall", "All"),
    3: ("relative_likelihood", "rolling", "All"),
    4: ("relative_likelihood", "overall", "All"),
    5: ("pct", "overall", "BME"),
    6: ("pct", "overall", "BME"),
    7: ("pct", "overall", "BME"),
    8: ("pct", "overall", "BME"),
    9: ("pct_point_diff", "board_voting", "BME"),
}
FIGURE_COLUMNS = [
    "org_code", "reporting_year", "indicator", "measure", "breakdown", "ethnic_group", "numerator",
    "denominator", "value", "ci_lower", "ci_upper", "not_calculable_reason",
]
# indicator -> the int_figures model that computes it
FIGURE_MODEL = "int_figures__indicator_{}"
BOARD_SUBSETS = {
    "board_total": "true",
    "board_voting": "is_voting",
    "board_non_voting": "not is_voting",
    "board_executive": "is_executive",
    "board_non_executive": "not is_executive",
}


class TraceError(Exception):
    """The figure or its run cannot be found; the message says what is missing."""


@dataclass
class Count:
    """One count behind a figure: which lines, from which model, make it."""

    role: str  # numerator, denominator, or e.g. numerator.numerator for a relative likelihood
    label: str
    model: str
    where: str  # SQL condition on the model, with the figure's values filled in
    line_column: str = "source_line_number"
    lines: list[tuple[str, int]] = field(default_factory=list)  # (file, line)

    @property
    def count(self) -> int:
        return len(self.lines)


@dataclass
class FigureKey:
    org_code: str
    reporting_year: int
    indicator: int
    measure: str
    breakdown: str
    ethnic_group: str

    def describe(self) -> str:
        return (f"indicator {self.indicator} {self.measure}, breakdown {self.breakdown}, group {self.ethnic_group}"
                f" -- organisation {self.org_code}, reporting year {self.reporting_year}")


# --- the counts behind each kind of figure -----------------------------------------------------

def _text(value: str) -> str:
    return sql_string(value)


def _group(group: str | None, column: str = "ethnic_group") -> str:
    return "true" if group in (None, "All") else f"{column} = {_text(group)}"


def _workforce(org: str, years: list[int], group: str | None, section: str | None = None,
               band_row: str | None = None) -> str:
    conditions = [f"org_code = {_text(org)}", f"reporting_year in ({', '.join(map(str, years))})", _group(group)]
    if section:
        conditions.append(f"section = {_text(section)}")
    if band_row:
        conditions.append(f"band_row = {_text(band_row)}")
    return " and ".join(conditions)


def _org_years(org: str, years: list[int], group: str | None, column: str = "ethnic_group") -> str:
    return " and ".join([f"org_code = {_text(org)}", f"reporting_year in ({', '.join(map(str, years))})",
                         _group(group, column)])


def _counts(key: FigureKey, rolling_years: list[int]) -> tuple[str, list[Count]]:
    """(formula, counts) of a figure; the formula names how the value follows from the counts."""
    org, year, group, measure, breakdown = key.org_code, key.reporting_year, key.ethnic_group, key.measure, key.breakdown
    workforce = "int_workforce_people_counted"
    n = key.indicator
    if n == 1:
        section = band_row = None
        if breakdown != "overall":
            section, _, band_row = (part.strip() for part in breakdown.partition("|"))
            band_row = None if band_row == "Total" else band_row
        if measure == "headcount":
            return "count", [Count("numerator", f"{group} staff in the row", workforce,
                                   _workforce(org, [year], group, section, band_row))]
        return "percentage", [
            Count("numerator", f"{group} staff in the row", workforce, _workforce(org, [year], group, section, band_row)),
            Count("denominator", "all staff in the row", workforce, _workforce(org, [year], None, section, band_row)),
        ]
    if n in (2, 3, 4):
        years = rolling_years if (n == 3 and breakdown == "rolling") else [year]
        if n == 2:
            model, event, base = "int_recruitment_applications_shortlisted", "applications appointed", "applications shortlisted"

            def event_count(g: str) -> Count:
                return Count("", f"{g} {event}", model, _org_years(org, years, g) + " and is_appointed")

            def base_count(g: str) -> Count:
                return Count("", f"{g} {base}", model, _org_years(org, years, g))
        else:
            # indicator 3's entrants are the equality engine's (standard WRES, metric 3; their group is group_name)
            model = "int_equality__hr_case_entrants" if n == 3 else "int_training_accessors_identified"
            event = "staff entering the formal disciplinary process" if n == 3 else "staff accessing non-mandatory training"

            def event_count(g: str) -> Count:
                if n == 3:
                    return Count("", f"{g} {event}", model, "standard_code = 'WRES' and metric_code = '3' and "
                                 + _org_years(org, years, g, "group_name"))
                return Count("", f"{g} {event}", model, _org_years(org, years, g))

            def base_count(g: str) -> Count:
                return Count("", f"{g} staff in the workforce", workforce, _workforce(org, years, g))
        if measure == "rolling_years":
            return "years", [
                Count(f"year {pooled}", f"all staff in the workforce, {pooled}", workforce, _workforce(org, [pooled], None))
                for pooled in years
            ]
        if measure == "rate_pct":
            first, second = event_count(group), base_count(group)
            first.role, second.role = "numerator", "denominator"
            return "percentage", [first, second]
        ratio_of = "BME" if n == 3 else "White"
        other = "White" if ratio_of == "BME" else "BME"
        counts = [event_count(ratio_of), base_count(ratio_of), event_count(other), base_count(other)]
        for count, role in zip(counts, ("numerator.numerator", "numerator.denominator",
                                        "denominator.numerator", "denominator.denominator")):
            count.role = role
        return "relative_likelihood", counts
    if n in (5, 6, 7, 8):
        # the equality engine's respondents (standard WRES, metric n; their group is group_name)
        model = "int_equality__survey_respondents_scored"
        base = (f"standard_code = 'WRES' and metric_code = '{n}' and org_code = {_text(org)} "
                f"and reporting_year = {year} and {_group(group, 'group_name')}")
        return "percentage", [
            Count("numerator", f"{group} respondents answering positively", model, base + " and is_positive",
                  line_column="positive_answer_line_number"),
            Count("denominator", f"{group} respondents with a valid answer", model, base + " and is_valid",
                  line_column="valid_answer_line_number"),
        ]
    if n == 9:
        model = "int_board_members_selected"
        subset = BOARD_SUBSETS.get(breakdown)
        if subset is None:
            raise TraceError(f"indicator 9 has no board subset {breakdown!r} ({', '.join(BOARD_SUBSETS)})")
        board = f"org_code = {_text(org)} and reporting_year = {year} and ({subset})"
        subset_name = breakdown.replace("board_", "").replace("_", "-")
        if measure == "headcount":
            return "count", [Count("numerator", f"{group} members, {subset_name} board", model, f"{board} and {_group(group)}")]
        if measure == "pct":
            return "percentage", [
                Count("numerator", f"{group} members, {subset_name} board", model, f"{board} and {_group(group)}"),
                Count("denominator", f"all members, {subset_name} board", model, board),
            ]
        return "percentage_point_difference", [
            Count("numerator.numerator", f"BME members, {subset_name} board", model, f"{board} and {_group('BME')}"),
            Count("numerator.denominator", f"all members, {subset_name} board", model, board),
            Count("denominator.numerator", "BME staff in the workforce", workforce, _workforce(org, [year], "BME")),
            Count("denominator.denominator", "all staff in the workforce", workforce, _workforce(org, [year], None)),
        ]
    raise TraceError(f"indicator must be 1 to 9, not {n}")


FORMULAS = {
    "count": "value = numerator",
    "percentage": "value = numerator / denominator x 100",
    "relative_likelihood": "value = (a / b) / (c / d), a/b the numerator's rate and c/d the denominator's",
    "percentage_point_difference": "value = a / b x 100 - c / d x 100 (board share minus workforce share, in points)",
    "years": "value = number of reporting years pooled (a year with a workforce snapshot)",
}


def recompute(formula: str, counts: list[int]) -> float | None:
    """The figure's value from its counts (None when a base is zero: not calculable)."""
    try:
        if formula == "count":
            return float(counts[0])
        if formula == "percentage":
            return counts[0] / counts[1] * 100
        if formula == "relative_likelihood":
            return (counts[0] / counts[1]) / (counts[2] / counts[3])
        if formula == "percentage_point_difference":
            return counts[0] / counts[1] * 100 - counts[2] / counts[3] * 100
        if formula == "years":
            return float(len(counts))
    except ZeroDivisionError:
        return None
    raise TraceError(f"unknown formula {formula}")


# --- finding the run, its figures and its models -----------------------------------------------

def _publication_for(publish_dir: Path, run_id: str | None) -> tuple[Path | None, dict | None]:
    candidates = []
    if run_id:
        candidates.append(publish_dir / "publications" / run_id)
    candidates += [current_publication_dir(publish_dir), publish_dir]
    for directory in candidates:
        try:
            manifest = json.loads((directory / "publication.json").read_text())
        except (OSError, ValueError):
            continue
        if run_id is None or manifest.get("run_id") == run_id:
            return directory, manifest
    return None, None


def _manifest_nodes(run_dir: Path) -> dict:
    """The dbt nodes of the run, compiled SQL taken from whichever of its builds compiled them."""
    nodes: dict = {}
    for path in (run_dir / "manifest.json", run_dir / "dbt_staging" / "manifest.json"):
        try:
            manifest = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        for section in ("nodes", "sources"):
            for unique_id, node in manifest.get(section, {}).items():
                known = nodes.setdefault(unique_id, node)
                if not known.get("compiled_code") and node.get("compiled_code"):
                    nodes[unique_id] = node
    return nodes


def _model_chain(nodes: dict, indicator: int, line_models: set[str]) -> list[dict]:
    """The models, seeds and sources from the published figure down to the landing tables."""
    by_name = {node.get("name"): unique_id for unique_id, node in nodes.items()
               if node.get("resource_type") in ("model", "seed")}
    figure_model = FIGURE_MODEL.format(indicator)
    # above the indicator's figure model only the path down to it matters, not the other eight
    figure_tier = {by_name.get(name) for name in ("published_wres_indicators", "int_indicator_figures_suppressed",
                                                  "wres_indicators", f"wres_indicator_{indicator}")}
    allowed_above = figure_tier | {by_name.get(figure_model)}
    queue = [by_name[name] for name in ("published_wres_indicators", f"wres_indicator_{indicator}",
                                        figure_model, *sorted(line_models)) if name in by_name]
    wanted: list[str] = []
    seen: set[str] = set()
    while queue:
        unique_id = queue.pop(0)
        if unique_id in seen or unique_id not in nodes:
            continue
        seen.add(unique_id)
        wanted.append(unique_id)
        parents = nodes[unique_id].get("depends_on", {}).get("nodes", [])
        if unique_id in figure_tier:
            parents = [parent for parent in parents if parent in allowed_above]
        queue.extend(parents)
    layer_order = {"published": 0, "marts": 1, "intermediate": 2, "staging": 3, "seeds": 4}
    chain = []
    for unique_id in wanted:
        node = nodes[unique_id]
        path = node.get("original_file_path", "")
        layer = "landing source" if node.get("resource_type") == "source" else (
            path.split("/")[1] if path.startswith("models/") else "seeds")
        compiled = node.get("compiled_code")
        chain.append({
            "name": node.get("name") if node.get("resource_type") != "source" else f"{node.get('source_name')}.{node.get('name')}",
            "resource_type": node.get("resource_type"),
            "layer": layer,
            "path": path,
            "compiled_sql_sha256": hashlib.sha256(compiled.encode()).hexdigest() if compiled else None,
            "file_sha256": (node.get("checksum") or {}).get("checksum") if node.get("resource_type") != "source" else None,
        })
    chain.sort(key=lambda entry: (layer_order.get(entry["layer"], 5), entry["name"]))
    return chain


def _read_figures(source: str, key: dict) -> list[dict]:
    conditions = " and ".join(f"{column} = ?" for column in key)
    with connect_duckdb() as connection:
        cursor = connection.execute(f"select * from {source} where {conditions} order by all", list(key.values()))
        names = [description[0] for description in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


def _build_run_id(database: Path) -> str | None:
    try:
        with connect_duckdb(database, read_only=True) as connection:
            rows = connection.execute("select distinct run_id from landing.landing_files").fetchall()
    except duckdb.Error:
        return None
    return rows[0][0] if len(rows) == 1 else None


# --- the trace ---------------------------------------------------------------------------------

def trace(
    *, org_code: str, reporting_year: int, indicator: int, measure: str | None = None, breakdown: str | None = None,
    ethnic_group: str | None = None, run_id: str | None = None, database: Path, runs_dir: Path, publish_dir: Path,
) -> dict:
    """The lineage of one figure, as a JSON-ready dict."""
    if indicator not in HEADLINES:
        raise TraceError(f"indicator must be 1 to 9, not {indicator}")
    publication_dir, publication = _publication_for(publish_dir, run_id)
    run_id = run_id or (publication or {}).get("run_id")
    if not run_id:
        raise TraceError(f"no publication in {publish_dir} and no --run given: run `wres run` first")
    run_dir = runs_dir / run_id
    evidence = read_evidence(run_dir)
    if evidence is None:
        raise TraceError(f"run {run_id}: no evidence.json in {run_dir} (pruned, or a run that did not succeed)")

    # the figure in the run's internal mart; defaults fill what is not given
    mart_file = run_dir / MARTS_DIR / "wres_indicators.parquet"
    base = {"org_code": org_code, "reporting_year": reporting_year, "indicator": indicator}
    candidates = _read_figures(f"read_parquet({sql_string(str(mart_file))})", base)
    if not candidates:
        raise TraceError(f"run {run_id} has no figure of indicator {indicator} for {org_code} in {reporting_year}")
    headline = dict(zip(("measure", "breakdown", "ethnic_group"), HEADLINES[indicator]))
    given = {"measure": measure, "breakdown": breakdown, "ethnic_group": ethnic_group}
    matches = [row for row in candidates if all(v is None or row[k] == v for k, v in given.items())]
    if len(matches) > 1:
        matches = [row for row in matches if all(given[k] is not None or row[k] == headline[k] for k in given)] or matches
    if len(matches) != 1:
        options = sorted({f"--measure {r['measure']} --breakdown '{r['breakdown']}' --group {r['ethnic_group']}"
                          for r in candidates})
        raise TraceError(
            f"{'no' if not matches else len(matches)} figure(s) of indicator {indicator} for {org_code} "
            f"{reporting_year} match; choose one of:\n  " + "\n  ".join(options)
        )
    mart_row = matches[0]
    key = FigureKey(org_code, reporting_year, indicator, mart_row["measure"], mart_row["breakdown"], mart_row["ethnic_group"])
    full_key = {**base, "measure": key.measure, "breakdown": key.breakdown, "ethnic_group": key.ethnic_group}

    published_row = None
    if publication_dir is not None and (publication_dir / "wres_indicators.parquet").is_file():
        rows = _read_figures(f"read_parquet({sql_string(str(publication_dir / 'wres_indicators.parquet'))})", full_key)
        published_row = rows[0] if rows else None

    # indicator 3's rolling figures pool the year before when it has a workforce snapshot
    rolling_years = [reporting_year]
    if indicator == 3 and key.breakdown == "rolling":
        years_row = _read_figures(
            f"read_parquet({sql_string(str(mart_file))})",
            {**base, "measure": "rolling_years", "breakdown": "rolling", "ethnic_group": "All"},
        )
        if years_row and years_row[0]["value"] == 2:
            rolling_years = [reporting_year - 1, reporting_year]

    formula, counts = _counts(key, rolling_years)
    if len(rolling_years) == 2 and key.measure != "rolling_years":
        for count in counts:
            count.label += f" ({rolling_years[0]} and {rolling_years[1]} pooled)"
    nodes = _manifest_nodes(run_dir)
    chain = _model_chain(nodes, indicator, {count.model for count in counts})
    landing = {entry["file"]: entry for entry in evidence.get("landing", [])}

    lines_note = _read_lines(database, runs_dir, run_id, evidence, chain, counts, indicator)
    result = {
        "figure": full_key,
        "published": _figure_fields(published_row) if published_row else None,
        "published_in": str(publication_dir) if published_row else None,
        "internal_mart": _figure_fields(mart_row),
        "run": {
            "run_id": run_id,
            "recorded_at_utc": evidence.get("recorded_at_utc"),
            "code": evidence.get("code"),
            "versions": evidence.get("versions"),
            "run_dir": str(run_dir),
        },
        "models": chain,
        "formula": FORMULAS[formula],
        "formula_kind": formula,
        "lines_available": lines_note is None,
        "lines_note": lines_note,
        "counts": [],
    }
    for count in counts:
        files = sorted({file for file, _ in count.lines})
        result["counts"].append({
            "role": count.role,
            "label": count.label,
            "model": count.model,
            "condition": count.where,
            "count": count.count if lines_note is None else None,
            "files": [
                {**{k: landing.get(file, {}).get(k) for k in ("file", "path", "sha256", "size_bytes", "modified_utc",
                                                              "rows_read", "rows_accepted", "rows_quarantined")},
                 "file": file,
                 "lines": [line for f, line in count.lines if f == file]}
                for file in files
            ],
        })
    if lines_note is None:
        value = recompute(formula, [count.count for count in counts]) if formula != "years" else float(
            sum(1 for count in counts if count.count))
        result["recomputed_value"] = value
        result["recomputed_matches_mart"] = (
            (value is None and mart_row["value"] is None)
            or (value is not None and mart_row["value"] is not None and abs(value - mart_row["value"]) <= 1e-9 * max(1, abs(value)))
        )
    return result


def _figure_fields(row: dict) -> dict:
    keep = ["value", "numerator", "denominator", "ci_lower", "ci_upper", "not_calculable_reason",
            "is_suppressed", "suppression_reason"]
    return {k: row[k] for k in keep if k in row}


def _read_lines(database: Path, runs_dir: Path, run_id: str, evidence: dict, chain: list[dict],
                counts: list[Count], indicator: int) -> str | None:
    """Fill each count's lines from the build database; return why they are withheld, or None."""
    build_run = _build_run_id(database)
    if build_run is None:
        return f"the build database {database} holds no landed run"
    if build_run != run_id:
        build_evidence = read_evidence(runs_dir / build_run)
        if build_evidence is None:
            return (f"the build database holds run {build_run}, which kept no evidence (it did not succeed); "
                    f"lines of run {run_id} cannot be read from it")
        same_files = ({(e["extract"], e["sha256"]) for e in build_evidence.get("landing", [])}
                      == {(e["extract"], e["sha256"]) for e in evidence.get("landing", [])})
        build_chain = {entry["name"]: entry["compiled_sql_sha256"]
                       for entry in _model_chain(_manifest_nodes(runs_dir / build_run), indicator, {c.model for c in counts})}
        same_code = all(build_chain.get(entry["name"]) == entry["compiled_sql_sha256"]
                        for entry in chain if entry["resource_type"] == "model" and entry["compiled_sql_sha256"])
        if not (same_files and same_code):
            differs = "landing files" if not same_files else "compiled SQL of the models"
            return (f"the build database holds run {build_run}, whose {differs} differ from run {run_id}'s; "
                    f"to list lines, run the code above on the files above (same SHA-256) and trace that run")
    with connect_duckdb(database, read_only=True) as connection:
        for count in counts:
            schema = "main"  # intermediate models live in the profile's default schema, found below
            found = connection.execute(
                "select table_schema from information_schema.tables where table_name = ? limit 1", [count.model]
            ).fetchall()
            if found:
                schema = found[0][0]
            count.lines = [
                (file, int(line)) for file, line in connection.execute(
                    f'select source_file, {count.line_column} from "{schema}"."{count.model}" '
                    f"where {count.where} order by source_file, {count.line_column}"
                ).fetchall()
            ]
    return None


# --- printing ----------------------------------------------------------------------------------

def _number(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def format_trace(result: dict, all_lines: bool = False) -> str:
    figure = result["figure"]
    out = [f"Figure: indicator {figure['indicator']} {figure['measure']}, breakdown {figure['breakdown']}, "
           f"group {figure['ethnic_group']} -- {figure['org_code']}, reporting year {figure['reporting_year']}"]

    def fields(row: dict | None) -> str:
        if row is None:
            return "not in the publication"
        text = (f"value {_number(row.get('value'))}  numerator {_number(row.get('numerator'))}  "
                f"denominator {_number(row.get('denominator'))}")
        if row.get("not_calculable_reason"):
            text += f"  not calculable: {row['not_calculable_reason']}"
        if "is_suppressed" in row:
            text += f"  suppressed: {'yes (' + str(row.get('suppression_reason')) + ')' if row['is_suppressed'] else 'no'}"
        return text

    out.append(f"  published       {fields(result['published'])}")
    out.append(f"  internal mart   {fields(result['internal_mart'])}")
    run = result["run"]
    versions = run.get("versions") or {}
    out.append("")
    out.append(f"Run {run['run_id']} (recorded {run.get('recorded_at_utc')}); code {describe_code(run.get('code') or {})}; "
               f"dbt {versions.get('dbt_core')} (dbt-duckdb {versions.get('dbt_duckdb')}), DuckDB {versions.get('duckdb')}")
    out.append(f"  records: {run['run_dir']}")
    out.append("")
    out.append("Models (published -> marts -> intermediate -> staging -> seeds and landing sources), "
               "SHA-256 of the compiled SQL (first 16 hex digits; --json for all 64):")
    for model in result["models"]:
        if model["compiled_sql_sha256"]:
            digest = model["compiled_sql_sha256"][:16]
        elif model.get("file_sha256"):
            digest = f"{model['file_sha256'][:16]} (file)"
        else:
            digest = "-"
        out.append(f"  {model['layer']:<15}{model['name']:<44}{model['path']:<72}{digest}")
    out.append("")
    out.append(f"How: {result['formula']}")
    if not result["lines_available"]:
        out.append(f"Lines withheld: {result['lines_note']}")
    for count in result["counts"]:
        out.append(f"  [{count['role']}] {count['label']}: "
                   f"{'?' if count['count'] is None else count['count']} (from {count['model']})")
        if count["count"] == 0:
            out.append("      no lines")
        for file in count["files"]:
            out.append(f"      {file['file']}  sha256 {file.get('sha256')}  rows read {file.get('rows_read')}, "
                       f"accepted {file.get('rows_accepted')}, quarantined {file.get('rows_quarantined')}")
            lines = file["lines"]
            shown = lines if all_lines else lines[:FIRST_LINES]
            more = "" if len(shown) == len(lines) else f", ... ({len(lines) - len(shown)} more; --lines for all)"
            out.append(f"      lines ({len(lines)}): {', '.join(map(str, shown))}{more}")
    if "recomputed_value" in result:
        verdict = "matches the internal mart" if result["recomputed_matches_mart"] else "DOES NOT MATCH the internal mart"
        out.append(f"Recomputed from these counts: {_number(result['recomputed_value'])} ({verdict})")
    return "\n".join(out)
