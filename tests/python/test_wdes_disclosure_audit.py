"""The disclosure audit of the published WDES tables (issue 12): an outsider written apart from the
engine (nothing of models/published/suppression is imported) reads the publication and tries to
work out the counts it withholds.

What the outsider knows: every count shown in published.wdes_indicators (numerators and
denominators, named by what they count) and its friendly tables; every count a shown percentage
gives back with its denominator (value x denominator / 100, rounded); the WRES publication's
indicator 1 All counts (the same people as metric 1's: a band row, a section, the overall
workforce); and the WDES definitions: in every metric 1 row Disabled + Non-disabled + Unknown =
All and Disabled + Non-disabled = the declared count of the declaration rate; band rows (each of
them, withheld or not, and WRES's rows of nobody counted as 0) add up to their section, the band
rows of a cluster (seed metric1_clusters) to the cluster, sections to the overall workforce; the
board's subsets add up to the whole board; metric 3's pool is this year's count plus last year's
(one year where the mart has no earlier year); a numerator is at most its denominator (but metric
3's); every count is 0 or more. As published (one phrase) a withheld count can be any of 0 or
more. The informed outsider also knows which withheld counts are primary (1..7: the internal
reasons of intermediate.int_wdes_figures_suppressed).

Then, by linear programmes per organisation: the least and greatest value of every withheld
count (or an inner bound of it, from the solutions of random and summed objectives, once it is as
wide as required). Nothing the engine decided may be recovered exactly, and no count of 1..7 may
span less than the protection width. Metric 1's clustered band rows are withheld by a Decision,
whatever their counts: one alone in its cluster, or in a cluster of 0, follows from the cluster,
which is allowed for a count of 0 or more than 7 only. On the demo publication and on twelve
generated organisations of about 150 staff; the control (only the counts of 1..7 withheld) is
caught.

The joint audit (JointOutsider, at the end): the same outsider reads WRES indicator 1, the WDES
tables and the Model Employer trajectory together (issue 12), on the demo and the small set with
the trajectory's baseline year set to 2023 so that real trajectory rows are published; its
control gives it the mart's (unsuppressed) trajectory and recovers indicator 1 counts.
"""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest

from wres import PROJECT_DIR, publish

COUNT_MIN, COUNT_MAX = 1, 7
SURVEY_MIN = 11
PROTECTION_WIDTH = 3
GROUPS = ("Disabled", "Non-disabled", "Unknown")
SECTIONS = ("non_clinical", "clinical")


def clusters_seed() -> dict:
    import csv

    with (PROJECT_DIR / "seeds" / "reference" / "metric1_clusters.csv").open() as handle:
        return {line["band_row"]: line["cluster_code"] for line in csv.DictReader(handle)}


def count_names(row: dict) -> tuple:
    """(numerator, denominator) of a tidy WDES row, as the outsider names the counts."""
    org, year, metric, measure = row["org_code"], row["reporting_year"], row["metric"], row["measure"]
    part, group = row["breakdown"], row["disability_group"]
    if metric == "1" and measure in ("headcount", "pct"):
        return ("staff", org, year, part, group), (("staff", org, year, part, "All") if measure == "pct" else None)
    if metric == "1" and measure == "declaration_rate_pct":
        return ("staff", org, year, part, "Declared"), ("staff", org, year, part, "All")
    if metric == "10" and measure == "pct":
        return ("board", org, year, part, group), ("board", org, year, part, "All")
    if metric == "2" and measure == "rate_pct":
        return ("appointed", org, year, part, group), ("shortlisted", org, year, part, group)
    if metric == "3" and measure == "rate_pct":
        if part == "rolling":
            return ("capability_pool", org, year, group), ("staff_pool", org, year, group)
        return ("capability", org, year, group), ("staff", org, year, "overall", group)
    if measure == "pct":  # survey metrics 4-8
        return ("positive", metric, org, year, group), ("valid", metric, org, year, group)
    if measure == "mean_score":
        return None, ("respondents", org, year, group)
    return None, None


class WdesOutsider:
    def __init__(self, tables: dict, primary: set | None = None):
        self.known: dict = {}
        self.hidden: set = set()
        self.from_wres: set = set()  # All counts the WRES publication shows
        self.conflicts: list = []
        self.primary = primary or set()
        self.at_most: list = []
        rows = tables["wdes_indicators"]
        for row in rows:
            numerator, denominator = count_names(row)
            for name, value in ((numerator, row["numerator"]), (denominator, row["denominator"])):
                if name is None:
                    continue
                if value is None:
                    self.hidden.add(name)
                else:
                    self.learn(name, value)
            if numerator and denominator and row["metric"] != "3":
                self.at_most.append((numerator, denominator))
        # a shown percentage with its denominator gives its numerator back
        for row in rows:
            numerator, denominator = count_names(row)
            if numerator and row["numerator"] is None and row["value"] is not None and row["measure"] != "mean_score":
                base = row["denominator"] if row["denominator"] is not None else self.known.get(denominator)
                if base is not None:
                    self.learn(numerator, row["value"] * base / 100.0)
        # the friendly tables repeat the tidy rows: a count shown there is known
        for table, friendly in tables.items():
            if table.startswith("wdes_metric_"):
                for row in friendly:
                    numerator, denominator = count_names(row)
                    for name, value in ((numerator, row["numerator"]), (denominator, row["denominator"])):
                        if name is not None and value is not None:
                            self.learn(name, value)
        # WRES indicator 1: the same people's All counts
        for row in tables.get("wres_indicators", []):
            if row["indicator"] == 1 and row["measure"] == "pct" and row["denominator"] is not None:
                part = row["breakdown"].replace(" | Total", "")
                name = ("staff", row["org_code"], row["reporting_year"], part, "All")
                self.learn(name, row["denominator"])
                self.from_wres.add(name)
        self.auxiliary: set = set()  # unknowns that are not audited (the joint outsider's trajectory sums)
        self.linear_eq: list = []  # ({name: coefficient}, right-hand side): sum = rhs
        self.linear_ub: list = []  # ({name: coefficient}, right-hand side): sum <= rhs
        self.equations = self._equations(rows, tables.get("wres_indicators", []))
        self.screened: set = set()  # counts whose interval is an inner bound (seen wide enough)

    def domain(self, name) -> tuple:
        """0 or more; for the informed outsider a primary count is 1..7, and a primary survey count
        belongs to a group of fewer than 11 respondents (the positive ones 0 or more of them)."""
        if name not in self.primary:
            return (0, None)
        if name[0] == "valid" or name[0] == "respondents":
            return (1, SURVEY_MIN - 1)
        if name[0] == "positive":
            return (0, SURVEY_MIN - 1)
        return (COUNT_MIN, COUNT_MAX)

    def learn(self, name, value) -> None:
        value = int(round(value))
        if name in self.known and self.known[name] != value:
            self.conflicts.append((name, self.known[name], value))
        self.known.setdefault(name, value)

    def _equations(self, rows: list, wres_rows: list) -> list:
        clusters = clusters_seed()
        codes = set(clusters.values())
        equations = []  # (total, [parts])
        parts_of: dict = defaultdict(set)
        for row in rows:
            if row["metric"] == "1":
                parts_of[(row["org_code"], row["reporting_year"])].add(row["breakdown"])
        wres_parts: dict = defaultdict(set)
        for row in wres_rows:
            if row["indicator"] == 1:
                wres_parts[(row["org_code"], row["reporting_year"])].add(row["breakdown"])
        for (org, year), parts in parts_of.items():
            for part in parts:
                name = lambda group, p=part: ("staff", org, year, p, group)  # noqa: E731
                equations.append((name("All"), [name(group) for group in GROUPS]))
                equations.append((name("Declared"), [name("Disabled"), name("Non-disabled")]))
            for section in SECTIONS:
                bands = [p for p in parts if p.startswith(f"{section} | ") and p.split(" | ", 1)[1] not in codes]
                # WRES band rows of nobody (All 0) are in no WDES row: zero
                for group in (*GROUPS, "Declared", "All"):
                    equations.append((("staff", org, year, section, group),
                                      [("staff", org, year, band, group) for band in bands]))
                    for code in codes:
                        cluster = f"{section} | {code}"
                        if cluster in parts:
                            equations.append((("staff", org, year, cluster, group),
                                              [("staff", org, year, band, group) for band in bands
                                               if clusters.get(band.split(" | ", 1)[1]) == code]))
            for group in (*GROUPS, "Declared", "All"):
                equations.append((("staff", org, year, "overall", group),
                                  [("staff", org, year, section, group) for section in SECTIONS
                                   if section in parts]))
            for group in ("Disabled", "All"):
                for subset, other in (("board_voting", "board_non_voting"), ("board_executive", "board_non_executive")):
                    equations.append((("board", org, year, "board_total", group),
                                      [("board", org, year, subset, group), ("board", org, year, other, group)]))
            for group in ("Disabled", "Non-disabled"):
                earlier = ("capability", org, year - 1, group) in self.known or ("capability", org, year - 1, group) in self.hidden
                years = (year - 1, year) if earlier else (year,)
                equations.append((("capability_pool", org, year, group), [("capability", org, y, group) for y in years]))
                equations.append((("staff_pool", org, year, group), [("staff", org, y, "overall", group) for y in years]))
        # only equations whose counts are all published somewhere (or hidden) are knowledge
        named = set(self.known) | self.hidden | self.auxiliary
        return [(total, parts) for total, parts in equations
                if total in named and all(part in named for part in parts) and parts]

    def intervals(self, wanted: list, required: dict) -> dict:
        """The least and greatest whole value of each wanted count, per organisation, or an inner
        bound of it (self.screened) as wide as required[count] (default 1)."""
        from scipy.optimize import linprog

        found = {}
        by_org: dict = defaultdict(list)
        for name in wanted:
            by_org[organisation(name)].append(name)
        in_equations = {name for total, parts in self.equations for name in (total, *parts)}
        in_equations |= {name for terms, _ in self.linear_eq + self.linear_ub for name in terms}
        for name in wanted:
            if name not in in_equations:  # in no equation: only its domain
                low, high = self.domain(name)
                found[name] = (low, math.inf if high is None else high)
        for org, names in by_org.items():
            names = [name for name in names if name in in_equations]
            if not names:
                continue
            equations = [(t, p) for t, p in self.equations if organisation(t) == org]
            linear_eq = [(terms, rhs) for terms, rhs in self.linear_eq if organisation(next(iter(terms))) == org]
            linear_ub = [(terms, rhs) for terms, rhs in self.linear_ub if organisation(next(iter(terms))) == org]
            variables = sorted({n for t, p in equations for n in (t, *p) if n not in self.known}
                               | {n for terms, _ in linear_eq + linear_ub for n in terms if n not in self.known}
                               | set(names), key=repr)
            index = {name: i for i, name in enumerate(variables)}
            a_eq, b_eq = [], []
            for total, parts in equations:
                coefficients = [0.0] * len(variables)
                rhs = 0.0
                for sign, name in ((-1.0, total), *((1.0, p) for p in parts)):
                    if name in index:
                        coefficients[index[name]] += sign
                    else:
                        rhs -= sign * self.known[name]
                if any(coefficients):
                    a_eq.append(coefficients)
                    b_eq.append(rhs)
            a_ub, b_ub = [], []
            for constraints, a_matrix, b_vector in ((linear_eq, a_eq, b_eq), (linear_ub, a_ub, b_ub)):
                for terms, rhs in constraints:
                    coefficients = [0.0] * len(variables)
                    for name, coefficient in terms.items():
                        if name in index:
                            coefficients[index[name]] += coefficient
                        else:
                            rhs -= coefficient * self.known[name]
                    if any(coefficients):
                        a_matrix.append(coefficients)
                        b_vector.append(rhs)
            for numerator, denominator in self.at_most:
                if organisation(numerator) != org or (numerator not in index and denominator not in index):
                    continue
                coefficients, rhs = [0.0] * len(variables), 0.0
                for sign, name in ((1.0, numerator), (-1.0, denominator)):
                    if name in index:
                        coefficients[index[name]] += sign
                    elif name in self.known:
                        rhs -= sign * self.known[name]
                    else:
                        break
                else:
                    a_ub.append(coefficients)
                    b_ub.append(rhs)
            bounds = [self.domain(name) for name in variables]
            # once per organisation, as sparse matrices: linprog would otherwise convert the dense
            # lists again on every call (most of the audit's time on the joint tables)
            from scipy.sparse import csr_matrix

            a_eq, b_eq = (csr_matrix(a_eq), b_eq) if a_eq else (None, None)
            a_ub, b_ub = (csr_matrix(a_ub), b_ub) if a_ub else (None, None)
            # inner bounds first: the values seen in the solutions of a few random objectives, then
            # of the least and greatest sum of the counts not yet seen spread enough; a count seen
            # spread as wide as it must be (required: 3 for a count of 1..7, else 1) needs no
            # programme of its own
            import random

            rng = random.Random(0)
            seen_low = [math.inf] * len(variables)
            seen_high = [-math.inf] * len(variables)
            capped = [(low, 1e6 if high is None else high) for low, high in bounds]

            def solve(objective) -> None:
                result = linprog(objective, A_eq=a_eq, b_eq=b_eq, A_ub=a_ub, b_ub=b_ub, bounds=capped,
                                 method="highs")
                assert result.status == 0, f"the published figures are inconsistent: {result.message}"
                for column, value in enumerate(result.x):
                    seen_low[column] = min(seen_low[column], value)
                    seen_high[column] = max(seen_high[column], value)

            def spread(name) -> int:
                column = index[name]
                return math.floor(seen_high[column] + 1e-6) - math.ceil(seen_low[column] - 1e-6)

            for _ in range(6):
                solve([rng.uniform(-1.0, 1.0) for _ in variables])
            open_names = [name for name in names if spread(name) < required.get(name, 1)]
            while open_names:
                for sign in (1.0, -1.0):
                    objective = [0.0] * len(variables)
                    for name in open_names:
                        objective[index[name]] = sign
                    solve(objective)
                still = [name for name in open_names if spread(name) < required.get(name, 1)]
                if len(still) == len(open_names):
                    break
                open_names = still
            for name in names:
                column = index[name]
                if spread(name) >= required.get(name, 1):
                    found[name] = (math.ceil(seen_low[column] - 1e-6), math.floor(seen_high[column] + 1e-6))
                    self.screened.add(name)  # an inner bound, wide enough
                    continue
                ends = []
                for sign in (1.0, -1.0):
                    objective = [0.0] * len(variables)
                    objective[index[name]] = sign
                    result = linprog(objective, A_eq=a_eq, b_eq=b_eq, A_ub=a_ub, b_ub=b_ub, bounds=bounds,
                                     method="highs")
                    if result.status == 3:  # unbounded
                        ends.append(math.inf)
                        continue
                    assert result.status == 0, f"the published figures are inconsistent: {result.message}"
                    ends.append(result.x[index[name]])
                low = math.ceil(ends[0] - 1e-6)
                high = math.inf if ends[1] == math.inf or ends[1] > 1e7 else math.floor(ends[1] + 1e-6)
                found[name] = (low, high)
        return found


ETHNIC_GROUPS = ("White", "BME", "Unknown")


def project_vars() -> dict:
    import yaml

    return yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"]


def medical_band_rows() -> set:
    import csv

    with (PROJECT_DIR / "seeds" / "reference" / "band_rows.csv").open() as handle:
        return {line["band_row"] for line in csv.DictReader(handle) if line["is_medical_row"] == "true"}


class JointOutsider(WdesOutsider):
    """The outsider of WRES, WDES and the Model Employer trajectory together (issue 12): besides
    what WdesOutsider knows, every count of WRES indicator 1 (White, BME, Unknown, All of every
    band row, section and the overall workforce, with White + BME + Unknown = All and the band rows
    adding up to their section, the sections to the overall) and every figure of the trajectory:
    each of its counts is the sum of indicator 1's counts of its bands in both sections (the scope:
    every non-medical band row, or every band row with scope all_staff), each shown share is a
    linear equation on its two counts (100 x BME - share x All = 0), a goal share gives the baseline
    share back through the line (p = (goal - T f) / (1 - f) with f the year's fraction of the way),
    the unrounded goal headcount the band size (goal x All = 100 x unrounded), the rounded one
    brackets it, a gap gives the actual count (goal headcount - gap), the on-track flag and the
    status are inequalities, an empty band says 0. The trajectory's counts are unknowns of the
    equations, not audited themselves: the counts audited are WRES's and WDES's."""

    def __init__(self, tables: dict, primary: set | None = None):
        self._tables = tables
        self.trajectory_vars = project_vars()
        super().__init__(tables, primary)

    def _equations(self, rows: list, wres_rows: list) -> list:
        extra = []
        parts_of: dict = defaultdict(set)
        for row in wres_rows:
            if row["indicator"] != 1 or row["measure"] not in ("headcount", "pct"):
                continue
            org, year = row["org_code"], row["reporting_year"]
            part = row["breakdown"].replace(" | Total", "")
            parts_of[(org, year)].add(part)
            group = row["ethnic_group"]
            name = ("staff", org, year, part, "All" if group == "All" else f"eth_{group}")
            counts = [(name, row["numerator"])]
            if row["measure"] == "pct":
                counts.append((("staff", org, year, part, "All"), row["denominator"]))
            for count, value in counts:
                if value is None:
                    self.hidden.add(count)
                else:
                    self.learn(count, value)
                    self.from_wres.add(count)
        for row in wres_rows:  # a shown share with its denominator known gives its count back
            if row["indicator"] == 1 and row["measure"] == "pct" and row["numerator"] is None and row["value"] is not None:
                part = row["breakdown"].replace(" | Total", "")
                base = ("staff", row["org_code"], row["reporting_year"], part, "All")
                if base in self.known:
                    self.learn(("staff", row["org_code"], row["reporting_year"], part, f"eth_{row['ethnic_group']}"),
                               row["value"] * self.known[base] / 100.0)
        groups = [f"eth_{group}" for group in ETHNIC_GROUPS]
        for (org, year), parts in parts_of.items():
            name = lambda part, group: ("staff", org, year, part, group)  # noqa: E731
            for part in parts:
                extra.append((name(part, "All"), [name(part, group) for group in groups]))
            for group in (*groups, "All"):
                for section in SECTIONS:
                    extra.append((name(section, group),
                                  [name(part, group) for part in parts if part.startswith(f"{section} | ")]))
                extra.append((name("overall", group), [name(section, group) for section in SECTIONS]))
        extra += self._trajectory(parts_of)
        base = super()._equations(rows, wres_rows)
        named = set(self.known) | self.hidden | self.auxiliary
        return base + [(total, parts) for total, parts in extra
                       if total in named and all(part in named for part in parts) and parts]

    def _trajectory(self, parts_of: dict) -> list:
        settings = self.trajectory_vars
        bands = list(settings["model_employer_bands"])
        aggregate = settings["model_employer_aggregate_row"]
        below = settings["model_employer_pipeline_band_below"]
        medical = medical_band_rows()
        members = {band: [band] for band in {*bands, *below.values()}}
        members[aggregate] = bands
        equations = []
        rows = self._tables.get("model_employer_trajectory", [])
        all_staff = any(row["scope"] == "all_staff" for row in rows)
        for (org, year), parts in parts_of.items():
            band_parts = [part for part in parts if " | " in part]
            scope = [part for part in band_parts if all_staff or part.split(" | ", 1)[1] not in medical]
            for row_name, row_members in [*members.items(), ("scope_total", None)]:
                for group, part_group in (("BME", "eth_BME"), ("All", "All")):
                    total = ("traj", org, year, row_name, group)
                    self.auxiliary.add(total)
                    wanted = scope if row_members is None else [
                        part for part in band_parts if part.split(" | ", 1)[1] in row_members]
                    equations.append((total, [("staff", org, year, part, part_group) for part in wanted]))
        for row in rows:
            if row["not_calculable_reason"] == "no_baseline_snapshot":
                continue
            org, year, band = row["org_code"], row["reporting_year"], row["band_row"]
            y0, y_target = row["baseline_year"], row["target_year"]
            name = lambda y, b, group: ("traj", org, y, b, group)  # noqa: E731
            for column, count in (("baseline_bme_headcount", name(y0, band, "BME")),
                                  ("baseline_band_headcount", name(y0, band, "All")),
                                  ("band_headcount", name(year, band, "All")),
                                  ("actual_bme_headcount", name(year, band, "BME"))):
                if row[column] is not None:
                    self.learn(count, row[column])

            def share(y, b, value):  # 100 x BME - share x All = 0
                self.linear_eq.append(({name(y, b, "BME"): 100.0, name(y, b, "All"): -value}, 0.0))

            if row["baseline_bme_pct"] is not None:
                share(y0, band, row["baseline_bme_pct"])
            if row["actual_bme_pct"] is not None:
                share(year, band, row["actual_bme_pct"])
            target = row["target_share_pct"]
            method = row["target_method"]
            target_row = {"baseline_overall": (y0, "scope_total"), "current_overall": (year, "scope_total"),
                          "pipeline": (y0, below.get(band))}.get(method)
            if target is not None and target_row is not None and target_row[1] is not None:
                share(*target_row, target)
            goal = row["goal_bme_pct"]
            fraction = min(year - y0, y_target - y0) / (y_target - y0)
            if goal is not None and target is not None and fraction < 1:
                if abs(goal - target) > 1e-9:  # below the target at baseline: p from the line
                    share(y0, band, (goal - target * fraction) / (1 - fraction))
                else:  # at or above the target at baseline: p >= T
                    self.linear_ub.append(({name(y0, band, "BME"): -100.0, name(y0, band, "All"): target}, 0.0))
            if goal is not None and row["goal_bme_headcount_unrounded"] is not None and goal > 0:
                self.learn(name(year, band, "All"), row["goal_bme_headcount_unrounded"] * 100.0 / goal)
            if goal is not None and row["goal_bme_headcount"] is not None:
                rounded = row["goal_bme_headcount"]
                self.linear_ub.append(({name(year, band, "All"): goal / 100.0}, rounded + 0.5))
                self.linear_ub.append(({name(year, band, "All"): -goal / 100.0}, 0.5 - rounded))
            if row["goal_bme_headcount"] is not None and row["gap_headcount"] is not None:
                self.learn(name(year, band, "BME"), row["goal_bme_headcount"] - row["gap_headcount"])
            if row["is_on_track"] is not None and goal is not None:
                sign = -1.0 if row["is_on_track"] else 1.0  # on track: 100 x BME >= goal x All
                self.linear_ub.append(({name(year, band, "BME"): 100.0 * sign, name(year, band, "All"): -goal * sign},
                                       0.0))
            if row["trajectory_status"] == "at_or_above_target_at_baseline" and target is not None:
                self.linear_ub.append(({name(y0, band, "BME"): -100.0, name(y0, band, "All"): target}, 0.0))
            if row["not_calculable_reason"] == "baseline_band_empty":
                self.learn(name(y0, band, "All"), 0)
            if row["not_calculable_reason"] == "band_empty_in_year":
                self.learn(name(year, band, "All"), 0)
        return equations


CLUSTERED_BANDS = None


def is_clustered_band_row(name: tuple) -> bool:
    global CLUSTERED_BANDS
    if CLUSTERED_BANDS is None:
        CLUSTERED_BANDS = set(clusters_seed())
    return name[0] == "staff" and " | " in name[3] and name[3].split(" | ", 1)[1] in CLUSTERED_BANDS


def organisation(name: tuple) -> str:
    return name[2] if name[0] in ("positive", "valid") else name[1]


def read_published(publish_dir: Path) -> dict:
    database = publish.current_publication_dir(publish_dir) / publish.DATABASE_FILE
    with duckdb.connect(str(database), read_only=True) as connection:
        tables = {}
        for (name,) in connection.execute("select table_name from information_schema.tables "
                                          "where table_schema = 'published'").fetchall():
            if name.startswith("wdes_") or name == "wres_indicators":
                cursor = connection.execute(f'select * from published."{name}"')
                columns = [item[0] for item in cursor.description]
                tables[name] = [dict(zip(columns, row)) for row in cursor.fetchall()]
    return tables


def truth_and_reasons(build_database: Path) -> tuple[dict, set]:
    with duckdb.connect(str(build_database), read_only=True) as connection:
        cursor = connection.execute(
            "select m.*, d.numerator_suppression_reason as nr, d.denominator_suppression_reason as dr "
            "from marts.wdes_indicators as m inner join intermediate.int_wdes_figures_suppressed as d "
            "using (org_code, reporting_year, metric, measure, breakdown, disability_group)")
        columns = [item[0] for item in cursor.description]
        rows = [dict(zip(columns, row)) for row in cursor.fetchall()]
    truth, primary = {}, set()
    for row in rows:
        numerator, denominator = count_names(row)
        for name, value, reason in ((numerator, row["numerator"], row["nr"]), (denominator, row["denominator"], row["dr"])):
            if name is not None and value is not None:
                truth[name] = value
                if reason == "primary":
                    primary.add(name)
    return truth, primary


def audit(publish_dir: Path, build_database: Path, informed: bool) -> dict:
    truth, primary = truth_and_reasons(build_database)
    outsider = WdesOutsider(read_published(publish_dir), primary if informed else None)
    assert not outsider.conflicts, outsider.conflicts[:5]
    hidden = sorted(outsider.hidden - set(outsider.known), key=repr)
    # a count withheld here but shown elsewhere is known: a recovery, unless WRES publishes it
    # (a band row's All: the same people, WRES's decision)
    recovered_directly = sorted((outsider.hidden & set(outsider.known)) - outsider.from_wres, key=repr)
    small = [name for name in hidden if name in truth and COUNT_MIN <= truth[name] <= COUNT_MAX]
    intervals = outsider.intervals(hidden, {name: PROTECTION_WIDTH for name in small})
    for name, (low, high) in intervals.items():
        # a whole interval must hold the truth (an inner bound need not)
        if name not in outsider.screened:
            assert low <= truth[name] <= high, f"the outsider is wrong about {name}: {low}..{high}, truth {truth[name]}"
    widths = sorted(intervals[name][1] - intervals[name][0] for name in small)
    recovered = recovered_directly + [name for name, (low, high) in intervals.items() if low == high]
    # Metric 1's clustered band rows are withheld whatever their counts (a Decision, docs/wdes.md),
    # not to protect them: a band row alone in its cluster (M&D Consultants) is its cluster, and a
    # cluster of 0 makes its band rows 0. Such a recovery is a count the rules do not protect (0 or
    # more than 7: a count of 1..7 is checked against the width below, like every other).
    band_rows = [name for name in recovered if is_clustered_band_row(name)]
    assert all(truth[name] == 0 or truth[name] > COUNT_MAX for name in band_rows), band_rows[:5]
    # a cluster's All that the WRES publication alone gives (its withheld band rows all in that
    # cluster: the section total minus the rows WRES shows) is WRES's to protect, not WDES's
    tables = read_published(publish_dir)
    blank = [{**row, "numerator": None, "denominator": None, "value": None} for row in tables["wdes_indicators"]]
    wres_only = WdesOutsider({"wdes_indicators": blank, "wres_indicators": tables.get("wres_indicators", [])})
    others = [name for name in recovered if not is_clustered_band_row(name)]
    given = wres_only.intervals([name for name in others if name in wres_only.hidden], {})
    by_wres = [name for name in others if name in given and given[name][0] == given[name][1]]
    return {
        "hidden": len(hidden),
        "small": len(small),
        "band_rows_recovered": len(band_rows),
        "given_by_wres": len(by_wres),
        "recovered": [name for name in others if name not in by_wres],
        "narrow": [name for name in small if intervals[name][1] - intervals[name][0] < PROTECTION_WIDTH],
        "least_width": widths[0] if widths else None,
        "median_width": widths[len(widths) // 2] if widths else None,
    }


def check(publish_dir: Path, build_database: Path) -> None:
    for informed in (False, True):
        found = audit(publish_dir, build_database, informed)
        assert found["hidden"] > 0 and found["small"] > 0, "nothing small is withheld: the audit proves nothing"
        assert not found["recovered"], (informed, found["recovered"][:5])
        assert not found["narrow"], (informed, found["narrow"][:5])


def test_demo_wdes_publication_withstands_the_attack(demo_build):
    check(demo_build.publish_dir, demo_build.database)


def test_small_organisations_wdes_publication_withstands_the_attack(small_orgs_build):
    check(small_orgs_build.publish_dir, small_orgs_build.database)


def test_the_attack_recovers_counts_when_only_small_counts_are_withheld(small_orgs_build):
    """The control: the same outsider on the mart with every count of 1..7 withheld and nothing
    else (primary suppression only) recovers counts, so the audit above can fail."""
    truth, _ = truth_and_reasons(small_orgs_build.database)
    tables = read_published(small_orgs_build.publish_dir)
    with duckdb.connect(str(small_orgs_build.database), read_only=True) as connection:
        cursor = connection.execute("select * from marts.wdes_indicators")
        columns = [item[0] for item in cursor.description]
        mart = [dict(zip(columns, row)) for row in cursor.fetchall()]
    weak = []
    for row in mart:
        row = dict(row)
        for column in ("numerator", "denominator"):
            if row[column] is not None and COUNT_MIN <= row[column] <= COUNT_MAX and row["metric"] != "10":
                row[column] = None
                row["value"] = None
        weak.append(row)
    outsider = WdesOutsider({**{k: v for k, v in tables.items() if not k.startswith("wdes_")}, "wdes_indicators": weak})
    hidden = sorted(outsider.hidden - set(outsider.known), key=repr)
    intervals = outsider.intervals(hidden, {})
    recovered = [name for name, (low, high) in intervals.items() if low == high]
    assert recovered, "primary suppression alone should give counts away"
    for name in recovered:
        assert intervals[name][0] == truth[name]


# --- the joint audit: WRES, WDES and the Model Employer trajectory read together ------------------


def read_joint(publish_dir: Path) -> dict:
    database = publish.current_publication_dir(publish_dir) / publish.DATABASE_FILE
    with duckdb.connect(str(database), read_only=True) as connection:
        tables = {}
        for name in ("wres_indicators", "model_employer_trajectory",
                     *(row[0] for row in connection.execute(
                         "select table_name from information_schema.tables "
                         "where table_schema = 'published' and table_name like 'wdes_%'").fetchall())):
            cursor = connection.execute(f'select * from published."{name}"')
            columns = [item[0] for item in cursor.description]
            tables[name] = [dict(zip(columns, row)) for row in cursor.fetchall()]
    return tables


def joint_truth_and_reasons(build_database: Path) -> tuple[dict, set]:
    """WDES's counts and reasons, and WRES indicator 1's (named as the joint outsider names them)."""
    truth, primary = truth_and_reasons(build_database)
    with duckdb.connect(str(build_database), read_only=True) as connection:
        rows = connection.execute(
            "select m.org_code, m.reporting_year, m.measure, m.breakdown, m.ethnic_group, m.numerator, m.denominator, "
            "d.numerator_suppression_reason, d.denominator_suppression_reason "
            "from marts.wres_indicators as m inner join intermediate.int_indicator_figures_suppressed as d "
            "using (org_code, reporting_year, indicator, measure, breakdown, ethnic_group) "
            "where m.indicator = 1 and m.measure in ('headcount', 'pct')").fetchall()
    for org, year, measure, breakdown, group, numerator, denominator, numerator_reason, denominator_reason in rows:
        part = breakdown.replace(" | Total", "")
        counts = [(("staff", org, year, part, "All" if group == "All" else f"eth_{group}"), numerator, numerator_reason)]
        if measure == "pct":
            counts.append((("staff", org, year, part, "All"), denominator, denominator_reason))
        for name, value, reason in counts:
            if value is not None:
                truth[name] = value
                if reason == "primary":
                    primary.add(name)
    return truth, primary


def joint_audit(tables: dict, build_database: Path, informed: bool) -> dict:
    truth, primary = joint_truth_and_reasons(build_database)
    outsider = JointOutsider(tables, primary if informed else None)
    assert not outsider.conflicts, outsider.conflicts[:5]
    hidden = sorted(outsider.hidden - set(outsider.known), key=repr)
    # withheld in one table, shown in another: a recovery, unless it is WRES's own All count that
    # WDES withholds (the same people; WRES decides)
    recovered_directly = sorted((outsider.hidden & set(outsider.known)) - outsider.from_wres, key=repr)
    for name in recovered_directly:
        assert outsider.known[name] == truth[name], f"the outsider is wrong about {name}"
    small = [name for name in hidden if name in truth and COUNT_MIN <= truth[name] <= COUNT_MAX]
    intervals = outsider.intervals(hidden, {name: PROTECTION_WIDTH for name in small})
    for name, (low, high) in intervals.items():
        if name not in outsider.screened:
            assert low <= truth[name] <= high, f"the outsider is wrong about {name}: {low}..{high}, truth {truth[name]}"
    recovered = recovered_directly + [name for name, (low, high) in intervals.items() if low == high]
    # WDES's clustered band rows are withheld by a Decision (see audit above); WRES's counts are not
    band_rows = [name for name in recovered if is_clustered_band_row(name) and name[4] in (*GROUPS, "Declared")]
    # what the WRES and WDES publications give without the trajectory is the business of their own
    # audits (test_disclosure_audit.py, the WDES audit above): here only what the joint reading adds
    without = JointOutsider({**tables, "model_employer_trajectory": []}, primary if informed else None)
    others = [name for name in recovered if name not in band_rows]
    given = without.intervals([name for name in others if name in without.hidden and name not in without.known], {})
    by_the_standards = [name for name in others
                        if name in without.known or (name in given and given[name][0] == given[name][1])]
    widths = sorted(intervals[name][1] - intervals[name][0] for name in small)
    trajectory = tables.get("model_employer_trajectory", [])
    return {
        "hidden": len(hidden),
        "small": len(small),
        "wres_small": sum(1 for name in small if is_wres_count(name)),
        "trajectory_counts_shown": sum(row[column] is not None for row in trajectory for column in (
            "baseline_bme_headcount", "baseline_band_headcount", "band_headcount", "actual_bme_headcount")),
        # WRES withholds some organisation-years' indicator 1 whole, zeros included, but WDES has no
        # metric 1 row for a band row of nobody: those zeros follow (found by this audit; a zero
        # protects nobody, a count of 1..7 must never be among them)
        "given_by_wres_and_wdes": len(by_the_standards),
        "given_by_wres_and_wdes_not_zero": [name for name in by_the_standards if truth[name] != 0],
        "recovered": [name for name in others if name not in by_the_standards],
        "small_band_rows_recovered": [name for name in band_rows if COUNT_MIN <= truth[name] <= COUNT_MAX],
        "narrow": [name for name in small if intervals[name][1] - intervals[name][0] < PROTECTION_WIDTH],
        "least_width": widths[0] if widths else None,
        "median_width": widths[len(widths) // 2] if widths else None,
    }


def is_wres_count(name: tuple) -> bool:
    """A count of WRES indicator 1 by ethnic group (its All counts are WDES metric 1's too)."""
    return name[0] == "staff" and str(name[-1]).startswith("eth_")


def check_joint(tables: dict, build_database: Path, outsiders=(False, True)) -> None:
    for informed in outsiders:
        found = joint_audit(tables, build_database, informed)
        assert found["wres_small"] > 0, "no WRES count of 1..7 is withheld: the audit proves nothing"
        assert found["trajectory_counts_shown"] > 0, "the trajectory shows no count: the audit proves nothing"
        assert not found["recovered"], (informed, found["recovered"][:5])
        assert not found["small_band_rows_recovered"], (informed, found["small_band_rows_recovered"][:5])
        assert not found["given_by_wres_and_wdes_not_zero"], (informed, found["given_by_wres_and_wdes_not_zero"][:5])
        assert not found["narrow"], (informed, found["narrow"][:5])


def with_baseline(build, root: Path) -> tuple[Path, Path]:
    """A copy of a build with the trajectory rebuilt from a baseline the data has (2023: the demo and
    the generated sets start there; the default 2019 gives no_baseline_snapshot rows only), published."""
    import os
    import shutil

    from wres.dbt_runner import run_dbt

    database = root / "wres.duckdb"
    shutil.copy2(build.database, database)
    previous = os.environ.get("WRES_DBT_TARGET_PATH")
    os.environ["WRES_DBT_TARGET_PATH"] = str(root / "target")
    try:
        outcome = run_dbt(["build", "--select", "model_employer_trajectory+",
                           "--vars", "{model_employer_baseline_year: 2023}"], database)
    finally:
        if previous is None:
            os.environ.pop("WRES_DBT_TARGET_PATH", None)
        else:
            os.environ["WRES_DBT_TARGET_PATH"] = previous
    assert outcome.success, outcome.failures
    publish.publish(database, root / "publish", run_id="baseline2023")
    return database, root / "publish"


@pytest.fixture(scope="module")
def demo_with_baseline(demo_build, tmp_path_factory):
    return with_baseline(demo_build, tmp_path_factory.mktemp("joint_demo"))


def test_demo_wres_wdes_and_trajectory_together_withstand_the_attack(demo_with_baseline):
    database, publish_dir = demo_with_baseline
    check_joint(read_joint(publish_dir), database)


@pytest.fixture(scope="module")
def small_orgs_with_baseline(small_orgs_build, tmp_path_factory):
    return with_baseline(small_orgs_build, tmp_path_factory.mktemp("joint_small_orgs"))


def test_small_organisations_wres_wdes_and_trajectory_together_withstand_the_attack(small_orgs_with_baseline):
    """The informed outsider only (about 40 s of CPU): knowing the reasons adds constraints, so what
    it cannot recover or narrow, the outsider of the publication cannot either."""
    database, publish_dir = small_orgs_with_baseline
    check_joint(read_joint(publish_dir), database, outsiders=(True,))


def test_the_joint_attack_recovers_wres_counts_through_an_unsuppressed_trajectory(demo_with_baseline):
    """The control: the same outsider, given the mart's trajectory (every count shown) instead of the
    published one, recovers counts that WRES indicator 1 withholds, so the joint audit can fail."""
    database, publish_dir = demo_with_baseline
    tables = read_joint(publish_dir)
    with duckdb.connect(str(database), read_only=True) as connection:
        cursor = connection.execute("select * from marts.model_employer_trajectory")
        columns = [item[0] for item in cursor.description]
        tables["model_employer_trajectory"] = [dict(zip(columns, row)) for row in cursor.fetchall()]
    found = joint_audit(tables, database, informed=False)
    wres_recovered = [name for name in found["recovered"] if is_wres_count(name)]
    assert wres_recovered, "an unsuppressed trajectory should give WRES indicator 1 counts away"
