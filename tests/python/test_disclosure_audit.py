"""Disclosure audit: attack the published tier as an outsider would, and recover nothing.

The attacker reads only what is published (the DuckDB file in the publish folder: the tidy
table, the friendly tables and the summary) and knows the WRES definitions and docs/publishing.md.
It does not reuse the suppression engine: it is written separately, from the outsider's side.

What the attacker knows and does:
- every count the published tables show, wherever they show it (a count hidden in the tidy
  table but shown in a friendly table is simply known);
- the identities of the tables: indicator 1 White + BME + Unknown = All in every row, band rows
  add up to the section totals, the sections to the overall workforce; indicator 9 subsets
  (voting + non-voting = total = executive + non-executive); indicators 3 and 4 divide by
  indicator 1's overall workforce; indicator 3's rolling figures pool two years;
- the published reasons: a `primary` headcount is 1..7, a `complementary` one is 8 or more
  (docs: zeros are never used as complements); every count is a whole number >= 0 and a
  numerator is at most its denominator;
- it inverts every published percentage, rate, interval, ratio, difference and year-on-year
  change it can (value x denominator / 100, the Wilson interval for x, RL with three of its four
  counts, BME% of a board subset from the difference and the workforce share, one year's figure
  from the other year's and the change);
- it combines all of it to a fixed point, with a linear programme over each connected set of
  identities (the least and greatest value of each hidden count given everything above: a count
  is recovered when only one whole number remains).

Every recovery is also checked against the true (mart) value, so the attacker cannot "recover"
something wrong. A control run on a weakly protected copy (primary suppression only) must
recover counts, which shows the attack has teeth.

Issue 14's done-when runs here too, on a generated set of 40 organisations of 6,500 staff over
two years (test_forty_organisations_*: headlines and indicator 9 at least 95% published, the
interval attack), with the pattern attack on extreme completions (rerun the engine on the
completions closest to the truth at each end of a primary count's interval), which records a
known leak as an expected failure (docs/publishing.md, "What is proven, and the limits").
"""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest

from wres import publish

COUNT_MIN, COUNT_MAX, SURVEY_MIN = 1, 7, 11
PROTECTION_WIDTH = 3  # dbt var wres_suppression_protection_width (checked against dbt_project.yml below)
PUBLIC_PHRASE = "suppressed to protect small numbers"
GROUPS = ("White", "BME", "Unknown")
INF = math.inf


# --- what an outsider reads -------------------------------------------------------------------


def read_tables(database: Path) -> dict[str, list[dict]]:
    with duckdb.connect(str(database), read_only=True) as connection:
        names = [row[0] for row in connection.execute(
            "select table_name from information_schema.tables where table_schema = 'published'"
        ).fetchall()]
        tables = {}
        for name in names:
            cursor = connection.execute(f'select * from published."{name}"')
            columns = [item[0] for item in cursor.description]
            tables[name] = [dict(zip(columns, row)) for row in cursor.fetchall()]
    return tables


def known(value) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


# --- the outsider's model of the counts -------------------------------------------------------


def count_keys(row: dict) -> tuple:
    """(numerator count, denominator count) of a tidy row, as an outsider names them."""
    ind, org, year = row["indicator"], row["org_code"], row["reporting_year"]
    measure, breakdown, group = row["measure"], row["breakdown"], row["ethnic_group"]
    if ind in (1, 9) and measure in ("headcount", "pct"):
        own = ("headcount", ind, org, year, breakdown, group)
        return own, (("headcount", ind, org, year, breakdown, "All") if measure == "pct" else None)
    if measure == "rate_pct":
        if ind == 2:
            return ("appointed", org, year, group), ("shortlisted", org, year, group)
        if ind == 3 and breakdown == "rolling":
            return ("entrants", org, year, "rolling", group), ("pooled_workforce", org, year, group)
        workforce = ("headcount", 1, org, year, "overall", group)
        return (("entrants", org, year, "single_year", group) if ind == 3 else ("accessing", org, year, group)), workforce
    if ind in (5, 6, 7, 8) and measure == "pct":
        return ("positive", ind, org, year, group), ("valid", ind, org, year, group)
    return None, None


def figure_key(ind, org, year, measure, breakdown, group) -> tuple:
    return (org, year, ind, measure, breakdown, group)


class Outsider:
    """reasons: None for the outsider of the publication (one public phrase: a withheld count is
    1 or more, zeros never being withheld but in a table withheld whole); or the internal
    reasons {count key: 'primary' | 'complementary'} for the stronger outsider who learnt them
    from the pattern (a primary count is 1..7, a complementary one 8 or more): the engine's own
    model of the attacker."""

    def __init__(self, tables: dict[str, list[dict]], reasons: dict | None = None):
        self.reasons = reasons
        self.tidy = tables["wres_indicators"]
        self.counts: dict = {}  # count key -> value (known)
        self.hidden: set = set()  # count keys that some table withholds
        self.domain: dict = defaultdict(lambda: (0.0, INF))
        self.conflicts: list = []
        self.figures: dict = {}  # figure key -> value (known)
        self.figure_rows: dict = {}  # figure key -> tidy row
        self.at_most: list = []  # (numerator, denominator): numerator <= denominator
        self.equations: list = []  # (total, [parts])
        self.rolling_years: dict = {}
        self.ratios: list = []  # relative likelihoods published rounded: (a, n1, c, n2, low, high)
        self.recovered: dict = {}  # count key -> value, for counts that were hidden
        self._read_tidy()
        self._read_friendly(tables)
        # a count withheld in one place but shown in another (another row, a friendly table, the
        # summary) is simply known: that is a recovery
        for key in self.hidden & set(self.counts):
            self.recovered[key] = self.counts[key]
        self._build_equations()
        self._read_rounded_ratios()
        self.analysed: dict = {}  # signature -> Programme already solved with the same knowledge

    def learn(self, key, value, source: str) -> None:
        if key is None or not known(value):
            return
        value = int(round(value))
        if key in self.counts and self.counts[key] != value:
            self.conflicts.append((key, self.counts[key], value, source))
        self.counts.setdefault(key, value)

    def learn_figure(self, key, value) -> None:
        if known(value):
            self.figures.setdefault(key, value)

    def _read_tidy(self) -> None:
        for row in self.tidy:
            key = figure_key(row["indicator"], row["org_code"], row["reporting_year"], row["measure"],
                             row["breakdown"], row["ethnic_group"])
            self.figure_rows[key] = row
            self.learn_figure(key, row["value"])
            if row["measure"] == "rolling_years":
                self.rolling_years[(row["org_code"], row["reporting_year"])] = int(row["value"])
            numerator, denominator = count_keys(row)
            for count, value in ((numerator, row["numerator"]), (denominator, row["denominator"])):
                if count is None:
                    continue
                if known(value):
                    self.learn(count, value, "wres_indicators")
                else:
                    self.hidden.add(count)
            # a numerator is at most its denominator (not for indicator 3: leavers' cases count)
            if numerator and denominator and row["indicator"] != 3:
                self.at_most.append((numerator, denominator))
            if row["measure"] == "headcount" and row["suppression_reason"] is not None:
                assert row["suppression_reason"] == PUBLIC_PHRASE, "the published tier says more than one phrase"
                reason = (self.reasons or {}).get(numerator)
                if reason == "primary":
                    self.domain[numerator] = (float(COUNT_MIN), float(COUNT_MAX))
                elif reason == "complementary":
                    self.domain[numerator] = (float(COUNT_MAX + 1), INF)
                else:
                    self.domain[numerator] = (1.0, INF)  # docs: zeros are never withheld
        # docs/publishing.md: a table withheld as a whole (every headcount hidden) says nothing
        # of its counts, 0 included; elsewhere a complementary count is 8 or more
        shown_tables = {(row["indicator"], row["org_code"], row["reporting_year"]) for row in self.tidy
                        if row["measure"] == "headcount" and known(row["numerator"])}
        for row in self.tidy:
            table = (row["indicator"], row["org_code"], row["reporting_year"])
            if row["measure"] == "headcount" and table not in shown_tables:
                self.domain.pop(count_keys(row)[0], None)

    def _read_friendly(self, tables: dict) -> None:
        """Everything the friendly tables and the summary show feeds the same knowledge."""
        group_of = {"white": "White", "bme": "BME", "unknown": "Unknown", "total": "All"}
        for row in tables.get("wres_indicator_1", []):
            org, year, breakdown = row["org_code"], row["reporting_year"], row["breakdown"]
            for prefix, group in group_of.items():
                self.learn(("headcount", 1, org, year, breakdown, group), row.get(f"{prefix}_headcount"), "ind 1")
                if prefix != "total":
                    self.learn_figure(figure_key(1, org, year, "pct", breakdown, group), row.get(f"{prefix}_pct"))
            self.learn_figure(figure_key(1, org, year - 1, "pct", breakdown, "BME"), row.get("previous_year_bme_pct"))
            self.learn_figure(figure_key(1, org, year, "pct_yoy_change", breakdown, "BME"), row.get("bme_pct_yoy_change"))
        for row in tables.get("wres_indicator_2", []):
            org, year = row["org_code"], row["reporting_year"]
            for prefix, group in (("white", "White"), ("bme", "BME")):
                self.learn(("shortlisted", org, year, group), row.get(f"{prefix}_shortlisted"), "ind 2")
                self.learn(("appointed", org, year, group), row.get(f"{prefix}_appointed"), "ind 2")
                self.learn_figure(figure_key(2, org, year, "rate_pct", "overall", group), row.get(f"{prefix}_appointed_pct"))
            for column in ("unknown_shortlisted", "unknown_appointed"):
                if column in row and not known(row[column]):
                    self.hidden.add((column, org, year))
                self.learn((column, org, year), row.get(column), "ind 2")
            self.learn_figure(figure_key(2, org, year, "relative_likelihood", "overall", "All"), row.get("relative_likelihood"))
        for row in tables.get("wres_indicator_3", []):
            org, year = row["org_code"], row["reporting_year"]
            for breakdown in ("rolling", "single_year"):
                for prefix, group in (("white", "White"), ("bme", "BME")):
                    numerator, denominator = count_keys({"indicator": 3, "org_code": org, "reporting_year": year,
                                                         "measure": "rate_pct", "breakdown": breakdown,
                                                         "ethnic_group": group})
                    self.learn(numerator, row.get(f"{breakdown}_{prefix}_entrants"), "ind 3")
                    self.learn(denominator, row.get(f"{breakdown}_{prefix}_workforce"), "ind 3")
                    self.learn_figure(figure_key(3, org, year, "rate_pct", breakdown, group),
                                      row.get(f"{breakdown}_{prefix}_rate_pct"))
                self.learn_figure(figure_key(3, org, year, "relative_likelihood", breakdown, "All"),
                                  row.get(f"{breakdown}_relative_likelihood"))
            self.learn_figure(figure_key(3, org, year - 1, "relative_likelihood", "rolling", "All"),
                              row.get("previous_year_rolling_relative_likelihood"))
            self.learn_figure(figure_key(3, org, year, "relative_likelihood_yoy_change", "rolling", "All"),
                              row.get("rolling_relative_likelihood_yoy_change"))
        for row in tables.get("wres_indicator_4", []):
            org, year = row["org_code"], row["reporting_year"]
            for prefix, group in (("white", "White"), ("bme", "BME")):
                self.learn(("accessing", org, year, group), row.get(f"{prefix}_accessing"), "ind 4")
                self.learn(("headcount", 1, org, year, "overall", group), row.get(f"{prefix}_workforce"), "ind 4")
                self.learn_figure(figure_key(4, org, year, "rate_pct", "overall", group), row.get(f"{prefix}_rate_pct"))
            self.learn_figure(figure_key(4, org, year, "relative_likelihood", "overall", "All"), row.get("relative_likelihood"))
            self.learn_figure(figure_key(4, org, year - 1, "relative_likelihood", "overall", "All"),
                              row.get("previous_year_relative_likelihood"))
        for indicator in (5, 6, 7, 8):
            for row in tables.get(f"wres_indicator_{indicator}", []):
                org, year = row["org_code"], row["reporting_year"]
                for prefix, group in (("white", "White"), ("bme", "BME")):
                    self.learn(("valid", indicator, org, year, group), row.get(f"{prefix}_valid_respondents"), "survey")
                    self.learn(("positive", indicator, org, year, group), row.get(f"{prefix}_positive_respondents"), "survey")
                    self.learn_figure(figure_key(indicator, org, year, "pct", "overall", group), row.get(f"{prefix}_pct"))
                difference = row.get("bme_minus_white_pct_points")
                white, bme = (figure_key(indicator, org, year, "pct", "overall", g) for g in ("White", "BME"))
                if known(difference) and white in self.figures:
                    self.learn_figure(bme, self.figures[white] + difference)
                if known(difference) and bme in self.figures:
                    self.learn_figure(white, self.figures[bme] - difference)
        for row in tables.get("wres_indicator_9", []):
            org, year, subset = row["org_code"], row["reporting_year"], row["board_subset"]
            for prefix, group in group_of.items():
                self.learn(("headcount", 9, org, year, subset, group), row.get(f"{prefix}_members"), "ind 9")
                if prefix != "total":
                    self.learn_figure(figure_key(9, org, year, "pct", subset, group), row.get(f"{prefix}_pct"))
            self.learn_figure(figure_key(1, org, year, "pct", "overall", "BME"), row.get("workforce_bme_pct"))
            self.learn_figure(figure_key(9, org, year, "pct_point_diff", subset, "BME"), row.get("pct_point_diff"))
            self.learn_figure(figure_key(9, org, year - 1, "pct_point_diff", subset, "BME"),
                              row.get("previous_year_pct_point_diff"))
        for row in tables.get("wres_summary", []):
            org, year = row["org_code"], row["reporting_year"]
            self.learn_figure(figure_key(1, org, year, "pct", "overall", "BME"), row.get("bme_workforce_pct"))
            for indicator, breakdown in ((2, "overall"), (3, "rolling"), (4, "overall")):
                self.learn_figure(figure_key(indicator, org, year, "relative_likelihood", breakdown, "All"),
                                  row.get(f"ind{indicator}_relative_likelihood"))
            for indicator in (5, 6, 7, 8):
                for group in ("White", "BME"):
                    self.learn_figure(figure_key(indicator, org, year, "pct", "overall", group),
                                      row.get(f"ind{indicator}_{group.lower()}_pct"))
            self.learn_figure(figure_key(9, org, year, "pct_point_diff", "board_voting", "BME"),
                              row.get("ind9_voting_pct_point_diff"))

    def _read_rounded_ratios(self) -> None:
        """A relative likelihood shown while some of its counts are withheld is rounded to 2 dp
        (docs/publishing.md): (a / n1) / (c / n2) lies within 0.005 of it."""
        for key, row in self.figure_rows.items():
            org, year, ind, measure, breakdown, _ = key
            if measure != "relative_likelihood" or not known(row["value"]):
                continue
            rows = {g: self.figure_rows.get(figure_key(ind, org, year, "rate_pct", breakdown, g)) for g in ("White", "BME")}
            if None in rows.values():
                continue
            first, second = ("BME", "White") if ind == 3 else ("White", "BME")
            (a, n1), (c, n2) = count_keys(rows[first]), count_keys(rows[second])
            if all(k in self.counts for k in (a, n1, c, n2)):
                continue  # shown exactly, and nothing to learn
            self.ratios.append((a, n1, c, n2, max(row["value"] - 0.005, 0.0), row["value"] + 0.005))

    def _build_equations(self) -> None:
        keys = [key for key in (set(self.counts) | self.hidden) if key[0] == "headcount"]
        by_table = defaultdict(set)
        for _, ind, org, year, breakdown, group in keys:
            by_table[(ind, org, year)].add(breakdown)
        for (ind, org, year), breakdowns in by_table.items():
            def hc(breakdown, group):
                return ("headcount", ind, org, year, breakdown, group)
            for breakdown in breakdowns:
                self.equations.append((hc(breakdown, "All"), [hc(breakdown, group) for group in GROUPS]))
            for group in (*GROUPS, "All"):
                if ind == 1:
                    for section in ("non_clinical", "clinical"):
                        bands = [b for b in breakdowns if b.startswith(section + " | ") and not b.endswith("| Total")]
                        if f"{section} | Total" in breakdowns and bands:
                            self.equations.append((hc(f"{section} | Total", group), [hc(b, group) for b in bands]))
                    if {"overall", "non_clinical | Total", "clinical | Total"} <= breakdowns:
                        self.equations.append((hc("overall", group),
                                               [hc("non_clinical | Total", group), hc("clinical | Total", group)]))
                else:
                    for first, second in (("board_voting", "board_non_voting"),
                                          ("board_executive", "board_non_executive")):
                        if {"board_total", first, second} <= breakdowns:
                            self.equations.append((hc("board_total", group), [hc(first, group), hc(second, group)]))
        for (org, year), years in self.rolling_years.items():
            for group in ("White", "BME"):
                span = range(year - years + 1, year + 1)
                self.equations.append((("entrants", org, year, "rolling", group),
                                       [("entrants", org, y, "single_year", group) for y in span]))
                self.equations.append((("pooled_workforce", org, year, group),
                                       [("headcount", 1, org, y, "overall", group) for y in span]))

    # --- attacks ------------------------------------------------------------------------------

    def gain(self, key, value) -> bool:
        if key in self.counts or not known(value) or abs(value - round(value)) > 1e-6 or value < -1e-9:
            return False
        self.counts[key] = int(round(value))
        if key in self.hidden:
            self.recovered[key] = int(round(value))
        return True

    def invert_figures(self) -> bool:
        progress = False
        # year-on-year changes: one year's figure and the change give the other
        for key, row in self.figure_rows.items():
            org, year, ind, measure, breakdown, group = key
            if not measure.endswith("_yoy_change") or key not in self.figures:
                continue
            base = measure[: -len("_yoy_change")]
            now, before = figure_key(ind, org, year, base, breakdown, group), figure_key(ind, org, year - 1, base, breakdown, group)
            if now in self.figures and before not in self.figures:
                self.figures[before] = self.figures[now] - self.figures[key]
                progress = True
            if before in self.figures and now not in self.figures:
                self.figures[now] = self.figures[before] + self.figures[key]
                progress = True
        # board difference: BME% of the subset = difference + workforce BME%
        for key in list(self.figure_rows):
            org, year, ind, measure, breakdown, group = key
            if measure != "pct_point_diff" or key not in self.figures:
                continue
            workforce = figure_key(1, org, year, "pct", "overall", "BME")
            subset = figure_key(9, org, year, "pct", breakdown, "BME")
            if workforce not in self.figures:
                bme, total = ("headcount", 1, org, year, "overall", "BME"), ("headcount", 1, org, year, "overall", "All")
                if bme in self.counts and total in self.counts and self.counts[total]:
                    self.figures[workforce] = 100.0 * self.counts[bme] / self.counts[total]
                    progress = True
            if workforce in self.figures and subset not in self.figures:
                self.figures[subset] = self.figures[key] + self.figures[workforce]
                progress = True
        # percentages and rates: x = p n / 100, n = 100 x / p; the Wilson interval gives x from n
        for key, row in self.figure_rows.items():
            numerator, denominator = count_keys(row)
            if numerator is None or denominator is None:
                continue
            value = self.figures.get(key)
            x, n = self.counts.get(numerator), self.counts.get(denominator)
            if value is not None and n is not None and x is None:
                progress |= self.gain(numerator, value * n / 100.0)
            if value is not None and x is not None and n is None and value > 0:
                progress |= self.gain(denominator, 100.0 * x / value)
            if x is None and n is not None and known(row["ci_lower"]):
                matches = [c for c in range(n + 1) if abs(wilson_lower(c, n) - row["ci_lower"]) < 1e-6]
                if len(matches) == 1:
                    progress |= self.gain(numerator, matches[0])
        # relative likelihoods: three of the four counts and the ratio give the fourth
        for key in list(self.figure_rows):
            org, year, ind, measure, breakdown, _ = key
            if measure != "relative_likelihood" or key not in self.figures or not self.figures[key]:
                continue
            rows = {g: self.figure_rows.get(figure_key(ind, org, year, "rate_pct", breakdown, g)) for g in ("White", "BME")}
            if None in rows.values():
                continue
            if any(not known(r["numerator"]) or not known(r["denominator"]) for r in rows.values()):
                continue  # rounded to 2 dp: a linear constraint of solve_identities, not an equation
            advantaged, comparator = ("BME", "White") if ind == 3 else ("White", "BME")
            a, n1 = count_keys(rows[advantaged])
            c, n2 = count_keys(rows[comparator])
            ratio = self.figures[key]
            values = {k: self.counts.get(k) for k in (a, n1, c, n2)}
            missing = [k for k, v in values.items() if v is None]
            if len(missing) != 1:
                continue
            va, vn1, vc, vn2 = (values[k] for k in (a, n1, c, n2))
            solved = {
                a: lambda: ratio * vc / vn2 * vn1,
                n1: lambda: va / (ratio * vc / vn2) if va else None,
                c: lambda: va / vn1 / ratio * vn2,
                n2: lambda: vc / (va / vn1 / ratio) if va else None,
            }[missing[0]]()
            progress |= self.gain(missing[0], solved)
        return progress

    def _components(self, constraints: list) -> list:
        """The constraints fall apart into independent pieces (a section of one table, a board,
        one organisation's indicator 3 pool): each piece is a linear programme of its own."""
        parent: dict = {}

        def find(key):
            parent.setdefault(key, key)
            while parent[key] != key:
                parent[key] = parent[parent[key]]
                key = parent[key]
            return key

        for _, keys, _ in constraints:
            members = [k for k in keys if k not in self.counts]
            find(members[0])
            for member in members[1:]:
                parent[find(member)] = find(members[0])
        components = defaultdict(list)
        for constraint in constraints:
            components[find(next(k for k in constraint[1] if k not in self.counts))].append(constraint)
        return [(group, {k for _, keys, _ in group for k in keys if k not in self.counts}) for group in components.values()]

    def _programme(self, group: list) -> "Programme":
        variables = sorted({k for _, keys, _ in group for k in keys if k not in self.counts}, key=repr)
        index = {k: i for i, k in enumerate(variables)}
        a_eq, b_eq, a_ub, b_ub = [], [], [], []
        for kind, keys, signs in group:
            row, rhs = [0.0] * len(variables), 0.0
            for sign, key in zip(signs, keys):
                if key in index:
                    row[index[key]] += sign
                else:
                    rhs -= sign * self.counts[key]
            (a_eq if kind == "eq" else a_ub).append(row)
            (b_eq if kind == "eq" else b_ub).append(rhs)
        bounds = [(self.domain[k][0], min(self.domain[k][1], 1e7)) for k in variables]
        return Programme(variables, index, a_eq, b_eq, a_ub, b_ub, bounds)

    def _spread(self, programme: "Programme", keys: set, width: float) -> None:
        """Feasible solutions that spread the open keys (their least and greatest value seen so
        far less than width apart): the greatest and then the least sum of the open keys, again
        while that spreads more of them. Each solution is an inner bound for every count at once,
        so a piece costs a few programmes, not two per count; what stays open gets its own."""
        open_keys = {key for key in keys if programme.spread(key) < width}
        while open_keys:
            for sign in (-1.0, 1.0):
                objective = [0.0] * len(programme.variables)
                for key in open_keys:
                    objective[programme.index[key]] = sign
                programme.solve(objective)
            still_open = {key for key in open_keys if programme.spread(key) < width}
            if len(still_open) == len(open_keys):
                return
            open_keys = still_open

    def solve_identities(self) -> bool:
        """Least and greatest value of every hidden count under all identities, domains and
        numerator <= denominator, by linear programming per connected set of identities."""
        progress = False
        for group, _ in self._components(self._constraints()):
            if all(kind == "le" for kind, _, _ in group):
                continue  # numerator <= denominator alone pins nothing the domains do not already say
            programme = self._programme(group)
            if programme.signature in self.analysed:
                continue  # nothing it depends on has changed since the last time
            self.analysed[programme.signature] = programme
            # a count seen at two values at least 1 apart cannot be pinned; only the rest get their
            # own least / greatest programme
            self._spread(programme, set(programme.variables), 1)
            for key in programme.variables:
                if key in self.counts or programme.spread(key) >= 1:
                    continue
                smallest, greatest = programme.interval(key)
                if smallest == greatest:
                    progress |= self.gain(key, smallest)
        return progress

    def _constraints(self) -> list:
        """(kind, keys, coefficients) with at least one unknown: identities ('eq'), numerator <=
        denominator ('le'), and the two sides of each rounded relative likelihood whose
        denominators are known ('ratio': a n2 - high n1 c <= 0, low n1 c - a n2 <= 0)."""
        constraints = [("eq", [total, *parts], [-1.0] + [1.0] * len(parts)) for total, parts in self.equations]
        constraints += [("le", [numerator, denominator], [1.0, -1.0]) for numerator, denominator in self.at_most]
        for a, n1, c, n2, low, high in self.ratios:
            if n1 in self.counts and n2 in self.counts:
                v1, v2 = self.counts[n1], self.counts[n2]
                constraints += [("ratio", [a, c], [float(v2), -high * v1]), ("ratio", [a, c], [-float(v2), low * v1])]
        return [c for c in constraints if any(k not in self.counts for k in c[1])]

    def attack(self) -> dict:
        while self.invert_figures() | self.solve_identities():
            pass
        return self.recovered

    def intervals(self, targets, enough: float | None = None) -> dict:
        """After the attack: the least and greatest whole value of each target count (hidden
        counts the outsider did not recover), by linear programming over everything known. With
        enough, a count that feasible solutions already spread over that width (the attack's own,
        for a piece unchanged since, then the greatest and least sums of the open counts) gets the interval they span
        (a part of its interval: enough to say it is not narrow) instead of its own two programmes."""
        found = {key: (self.counts[key], self.counts[key]) for key in targets if key in self.counts}
        wanted = {key for key in targets if key not in self.counts}
        for group, members in self._components(self._constraints()):
            keys_wanted = wanted & members
            if not keys_wanted:
                continue
            wanted -= keys_wanted
            programme = self._programme(group)
            programme = self.analysed.get(programme.signature, programme)  # its solutions so far
            if enough is not None:
                self._spread(programme, keys_wanted, enough)
            for key in keys_wanted:
                if enough is not None and programme.spread(key) >= enough:
                    found[key] = programme.seen(key)
                    continue
                low, high = programme.interval(key)
                found[key] = (low, INF if high >= 1e7 else high)
        for key in wanted:  # in no constraint: only its domain
            found[key] = self.domain[key]
        return found


class Programme:
    """One piece of the outsider's knowledge as a linear programme (A_eq x = b_eq, A_ub x <= b_ub,
    bounds), with every solution found so far: the least and greatest value of a count seen in
    feasible solutions is an inner bound of its interval, free for the next question."""

    def __init__(self, variables, index, a_eq, b_eq, a_ub, b_ub, bounds):
        self.variables, self.index = variables, index
        self.a_eq, self.b_eq, self.a_ub, self.b_ub, self.bounds = a_eq, b_eq, a_ub, b_ub, bounds
        self.signature = (tuple(variables), tuple(b_eq), tuple(b_ub), tuple(map(tuple, a_ub)), tuple(bounds))
        self.low = [INF] * len(variables)
        self.high = [-INF] * len(variables)

    def solve(self, objective) -> list:
        from scipy.optimize import linprog

        result = linprog(objective, A_ub=self.a_ub or None, b_ub=self.b_ub or None, A_eq=self.a_eq or None,
                         b_eq=self.b_eq or None, bounds=self.bounds, method="highs")
        assert result.status == 0, f"the published figures are inconsistent: {result.message}"
        self.low = [min(a, b) for a, b in zip(self.low, result.x)]
        self.high = [max(a, b) for a, b in zip(self.high, result.x)]
        return result.x

    def seen(self, key) -> tuple:
        column = self.index[key]
        return math.ceil(self.low[column] - 1e-6), math.floor(self.high[column] + 1e-6)

    def spread(self, key) -> float:
        column = self.index[key]
        if self.high[column] < self.low[column]:
            return -INF  # no solution yet
        low, high = self.seen(key)
        return high - low

    def interval(self, key) -> tuple:
        """The least and greatest whole value of key: two programmes."""
        column = self.index[key]
        ends = []
        for sign in (1.0, -1.0):
            objective = [0.0] * len(self.variables)
            objective[column] = sign
            ends.append(self.solve(objective)[column])
        return math.ceil(ends[0] - 1e-6), math.floor(ends[1] + 1e-6)


def wilson_lower(x: int, n: int, z: float = 1.96) -> float:
    p = x / n
    return 100.0 * (p + z * z / (2 * n) - z * math.sqrt(max(p * (1 - p) / n + z * z / (4 * n * n), 0.0))) / (1 + z * z / n)


# --- the truth, to check every recovery ---------------------------------------------------------


def true_counts(build_database: Path) -> dict:
    with duckdb.connect(str(build_database), read_only=True) as connection:
        cursor = connection.execute("select * from marts.wres_indicators")
        columns = [item[0] for item in cursor.description]
        rows = [dict(zip(columns, row)) for row in cursor.fetchall()]
        friendly_2 = connection.execute(
            "select org_code, reporting_year, unknown_shortlisted, unknown_appointed from marts.wres_indicator_2"
        ).fetchall()
    truth = {}
    for row in rows:
        numerator, denominator = count_keys(row)
        if numerator is not None and row["numerator"] is not None:
            truth[numerator] = row["numerator"]
        if denominator is not None and row["denominator"] is not None:
            truth[denominator] = row["denominator"]
    for org, year, shortlisted, appointed in friendly_2:
        truth[("unknown_shortlisted", org, year)] = shortlisted
        truth[("unknown_appointed", org, year)] = appointed
    return truth, rows


def audit(publish_dir: Path, build_database: Path) -> tuple[Outsider, dict]:
    outsider = Outsider(read_tables(publish.current_publication_dir(publish_dir) / publish.DATABASE_FILE))
    recovered = outsider.attack()
    truth, _ = true_counts(build_database)
    for key, value in recovered.items():
        if key in truth:
            assert truth[key] == value, f"the attacker is wrong about {key}: {value} != {truth[key]}"
    return outsider, recovered


def weakly_protected(build_database: Path) -> dict[str, list[dict]]:
    """The control: the mart with primary suppression only (counts 1..7 and every figure of the
    same row hidden), no complementary suppression, no friendly tables."""
    _, rows = true_counts(build_database)
    published = []
    for row in rows:
        row = dict(row)
        small = lambda v: v is not None and COUNT_MIN <= v <= COUNT_MAX  # noqa: E731
        if row["indicator"] in (5, 6, 7, 8):
            hide = row["denominator"] is not None and 0 < row["denominator"] < SURVEY_MIN
            hide_numerator = hide_denominator = hide
        else:
            hide_numerator, hide_denominator = small(row["numerator"]), small(row["denominator"])
            hide = hide_numerator or hide_denominator
        if hide or row["measure"] in ("relative_likelihood", "pct_point_diff") or row["measure"].endswith("_yoy_change"):
            row.update(value=None, ci_lower=None, ci_upper=None)
        row["numerator"] = None if hide_numerator else row["numerator"]
        row["denominator"] = None if hide_denominator else row["denominator"]
        row["suppression_reason"] = PUBLIC_PHRASE if (row["measure"] == "headcount" and hide_numerator) else None
        published.append(row)
    return {"wres_indicators": published}


def internal_reasons(build_database: Path) -> dict:
    """The internal tier's reasons per count (what the pattern might teach an outsider)."""
    with duckdb.connect(str(build_database), read_only=True) as connection:
        cursor = connection.execute(
            "select m.*, d.numerator_suppression_reason, d.denominator_suppression_reason "
            "from marts.wres_indicators as m inner join intermediate.int_indicator_figures_suppressed as d "
            "using (org_code, reporting_year, indicator, measure, breakdown, ethnic_group)"
        )
        columns = [item[0] for item in cursor.description]
        rows = [dict(zip(columns, row)) for row in cursor.fetchall()]
    reasons = {}
    for row in rows:
        numerator, denominator = count_keys(row)
        for key, reason in ((numerator, row["numerator_suppression_reason"]),
                            (denominator, row["denominator_suppression_reason"])):
            if key is not None and reason:
                reasons[key] = reason
    return reasons


def protection(outsider: Outsider, truth: dict, exact: bool = False) -> dict:
    """The interval attack's result for every withheld count of 1..7 (a primary count). Unless
    exact, an interval already as wide as the protection width is not sought further (the widths
    reported are then at least the true ones for narrow counts, a lower bound for the others)."""
    primary = sorted((key for key in outsider.hidden if truth.get(key) is not None
                      and COUNT_MIN <= truth[key] <= COUNT_MAX), key=repr)
    intervals = outsider.intervals(primary, enough=None if exact else PROTECTION_WIDTH)
    widths = {key: high - low for key, (low, high) in intervals.items()}
    for key, (low, high) in intervals.items():
        # a whole interval must hold the truth; a screened one is only a part of it
        if exact or high - low < PROTECTION_WIDTH:
            assert low <= truth[key] <= high, f"the attacker is wrong about {key}: {low}..{high}, truth {truth[key]}"
    return {
        "primary": len(primary),
        "exact": sum(1 for width in widths.values() if width == 0),
        "narrow": sorted((key for key, width in widths.items() if width < PROTECTION_WIDTH), key=repr),
        "least_width": min(widths.values(), default=None),
        "widths": widths,
    }


def check_publication(publish_dir: Path, build_database: Path) -> dict:
    """The audit of one publication: nothing recovered, no primary count narrowed below the
    protection width, by the outsider of the publication and by one who knows the internal
    reasons. Returns the figures for the report."""
    outsider, recovered = audit(publish_dir, build_database)
    assert not outsider.conflicts, f"published tables disagree about a count: {outsider.conflicts[:5]}"
    hidden_count = len(outsider.hidden)
    assert hidden_count > 0, "nothing is suppressed: the audit would prove nothing"
    assert not recovered, f"{len(recovered)} of {hidden_count} withheld counts recovered, e.g. {list(recovered.items())[:5]}"
    truth, _ = true_counts(build_database)
    public = protection(outsider, truth)
    assert public["primary"] > 0
    assert not public["narrow"], f"narrowed below {PROTECTION_WIDTH}: {public['narrow'][:5]}"
    informed = Outsider(read_tables(publish.current_publication_dir(publish_dir) / publish.DATABASE_FILE), reasons=internal_reasons(build_database))
    assert not informed.attack(), "an outsider who knows the internal reasons recovers counts"
    knowing = protection(informed, truth)
    assert not knowing["narrow"], f"with the reasons, narrowed below {PROTECTION_WIDTH}: {knowing['narrow'][:5]}"
    return {"hidden": hidden_count, "public": public, "knowing_reasons": knowing, "informed": informed}


# --- the pattern attack on a whole publication --------------------------------------------------


def load_engine():
    """The suppression engine (the dbt Python model), with the thresholds of dbt_project.yml."""
    import importlib.util

    import yaml

    from wres import PROJECT_DIR

    path = PROJECT_DIR / "models" / "published" / "suppression" / "int_indicator_figures_suppressed.py"
    spec = importlib.util.spec_from_file_location("suppression_engine_for_audit", path)
    engine = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(engine)
    variables = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"]
    thresholds = engine.Thresholds(
        count_min=int(variables["wres_suppress_count_min"]), count_max=int(variables["wres_suppress_count_max"]),
        survey_min_respondents=int(variables["wres_survey_min_respondents"]),
        survey_suppress_small_counts=bool(variables["wres_survey_suppress_small_counts"]),
        protection_width=int(variables["wres_suppression_protection_width"]),
        suppress_board=bool(variables["wres_suppress_board"]),
        publish_rounded_relative_likelihoods=bool(variables["wres_publish_rounded_relative_likelihoods"]),
    )
    return engine, thresholds


def organisation_of(key: tuple) -> str:
    return key[2] if key[0] in ("headcount", "positive", "valid") else key[1]


def engine_pattern(engine, thresholds, rows: list[dict]) -> frozenset:
    """What a publication shows of the pattern when the engine runs on rows: per figure, whether
    its numerator, its denominator and its value are withheld."""
    decisions, _ = engine.suppress(rows, thresholds)
    return frozenset((*(d[column] for column in engine.KEY_COLUMNS), d["numerator_suppression_reason"] is not None,
                      d["denominator_suppression_reason"] is not None, d["is_suppressed"]) for d in decisions)


def published_pattern(publish_dir: Path, build_database: Path, org: str) -> frozenset:
    """The same, read from the publication (a count is withheld where the mart has it and the
    published tidy table does not)."""
    with duckdb.connect(str(build_database), read_only=True) as connection:
        connection.execute(f"attach '{publish.current_publication_dir(publish_dir) / publish.DATABASE_FILE}' "
                           "as publication (read_only)")
        return frozenset(connection.execute(
            "select m.org_code, m.reporting_year, m.indicator, m.measure, m.breakdown, m.ethnic_group, "
            "m.numerator is not null and p.numerator is null, m.denominator is not null and p.denominator is null, "
            "p.is_suppressed from marts.wres_indicators as m inner join publication.published.wres_indicators as p "
            "on m.org_code = p.org_code and m.reporting_year = p.reporting_year and m.indicator = p.indicator "
            "and m.measure = p.measure and m.breakdown is not distinct from p.breakdown "
            "and m.ethnic_group = p.ethnic_group where m.org_code = ?", [org],
        ).fetchall())


def closest_completion(programme: "Programme", truth: dict, key, value: int) -> dict | None:
    """A completion of the piece (every withheld count in its class, every identity holding) with
    key = value that changes the true counts the least (least sum of absolute changes: a linear
    programme with x - truth = up - down); None when there is none in whole numbers."""
    from scipy.optimize import linprog

    size = len(programme.variables)
    target = [float(truth[variable]) for variable in programme.variables]
    a_eq = [row + [0.0] * (2 * size) for row in programme.a_eq]
    b_eq = list(programme.b_eq)
    for column in range(size):
        row = [0.0] * (3 * size)
        row[column], row[size + column], row[2 * size + column] = 1.0, -1.0, 1.0
        a_eq.append(row)
        b_eq.append(target[column])
    a_ub = [row + [0.0] * (2 * size) for row in programme.a_ub] or None
    bounds = list(programme.bounds) + [(0.0, None)] * (2 * size)
    bounds[programme.index[key]] = (float(value), float(value))
    result = linprog([0.0] * size + [1.0] * (2 * size), A_eq=a_eq, b_eq=b_eq, A_ub=a_ub,
                     b_ub=programme.b_ub or None, bounds=bounds, method="highs")
    if result.status != 0 or any(abs(x - round(x)) > 1e-6 for x in result.x[:size]):
        return None
    return {variable: int(round(x)) for variable, x in zip(programme.variables, result.x[:size])}


def pattern_attack_on_extremes(outsider: Outsider, publish_dir: Path, build_database: Path, sample: int) -> dict:
    """The pattern attack where completions are far too many to enumerate (a withheld piece of a
    40-organisation publication has 10 or more counts and 4 to 34 degrees of freedom). For a
    sample of primary counts (a fixed order: a hash of their names, one per organisation), the
    outsider has a least and a greatest value (its linear programme). From each end towards the
    truth, take the completion of the piece closest to the true counts with that value (within the
    outsider's knowledge: for the outsider of the publication every withheld count is 0 or more,
    for one who knows the internal reasons a primary count is 1..7 and a complement 8 or more),
    feed it to the engine in place of the true counts, and keep the first whose pattern (which
    counts and figures are withheld) is the published one: an outsider who reruns the engine
    cannot rule it out. The values kept are an inner bound of what that outsider can say, so a
    span of the protection width or more is protection against them. Checked first: the engine
    rerun on the true counts gives the published pattern (the rerun is faithful)."""
    import hashlib

    engine, thresholds = load_engine()
    truth, rows = true_counts(build_database)
    rows_of: dict = defaultdict(list)
    for row in rows:
        rows_of[row["org_code"]].append(row)
    primary = sorted((key for key in outsider.hidden if key not in outsider.counts
                      and truth.get(key) is not None and COUNT_MIN <= truth[key] <= COUNT_MAX),
                     key=lambda key: hashlib.sha256(repr(key).encode()).hexdigest())
    chosen, organisations = [], set()
    for key in primary:
        if organisation_of(key) not in organisations and len(chosen) < sample:
            chosen.append(key)
            organisations.add(organisation_of(key))
    pieces = outsider._components(outsider._constraints())
    found = {}
    for key in chosen:
        org = organisation_of(key)
        expected = engine_pattern(engine, thresholds, rows_of[org])
        assert expected == published_pattern(publish_dir, build_database, org), \
            f"{org}: the engine rerun on the true counts does not give the published pattern"
        programme = outsider._programme(next(group for group, members in pieces if key in members))
        low, high = programme.interval(key)
        kept = []
        for end in (low, high):
            step = 1 if end <= truth[key] else -1
            for value in range(end, truth[key] + step, step):
                completion = closest_completion(programme, truth, key, value)
                if completion is None:
                    continue
                candidate = []
                for row in rows_of[org]:
                    row = dict(row)
                    numerator, denominator = count_keys(row)
                    row["numerator"] = completion.get(numerator, row["numerator"])
                    row["denominator"] = completion.get(denominator, row["denominator"])
                    candidate.append(row)
                if engine_pattern(engine, thresholds, candidate) == expected:
                    kept.append(value)
                    break
        found[key] = {"interval": (low, high), "kept": (kept[0], kept[1])}
    return found


# --- the tests ----------------------------------------------------------------------------------


def test_the_audit_uses_the_adopted_protection_width():
    import yaml

    from wres import PROJECT_DIR

    project = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())
    assert project["vars"]["wres_suppression_protection_width"] == PROTECTION_WIDTH


def test_demo_publication_withstands_the_attack(demo_build):
    check_publication(demo_build.publish_dir, demo_build.database)


def test_many_small_organisations_withstand_the_attack(small_orgs_build):
    check_publication(small_orgs_build.publish_dir, small_orgs_build.database)


def test_the_attack_recovers_counts_from_primary_suppression_alone(small_orgs_build):
    outsider = Outsider(weakly_protected(small_orgs_build.database))
    recovered = outsider.attack()
    truth, _ = true_counts(small_orgs_build.database)
    assert recovered, "the attack recovered nothing from a table with primary suppression only"
    assert all(truth[key] == value for key, value in recovered.items())
    # it finds both kinds: plain subtraction within indicator 1 and through the board subsets
    assert {key[1] for key in recovered if key[0] == "headcount"} == {1, 9}


def test_a_friendly_table_showing_a_withheld_count_is_caught(small_orgs_build):
    """The control for "a friendly table must not reveal what the tidy one withholds": put one
    withheld count back into a copy of published.wres_indicator_1 and the audit reports it."""
    tables = read_tables(publish.current_publication_dir(small_orgs_build.publish_dir) / publish.DATABASE_FILE)
    truth, _ = true_counts(small_orgs_build.database)
    row = next(r for r in tables["wres_indicator_1"] if r["bme_headcount"] is None)
    key = ("headcount", 1, row["org_code"], row["reporting_year"], row["breakdown"], "BME")
    row["bme_headcount"] = truth[key]
    assert Outsider(tables).recovered.get(key) == truth[key]  # known on reading, before any attack


# --- issue 14's done-when, on a generated 40-organisation set ---------------------------------------

# 40 organisations of the national average size (README: `wres generate --orgs 40 --staff-per-org
# 6500 ...`), two reporting years rather than three to keep the suite short (docs/publishing.md).
FORTY_ORGANISATIONS = {"orgs": 40, "staff_per_org": 6500, "years": "2024-2025", "seed": 14}
LEAST_PUBLISHED_SHARE = 0.95
PATTERN_SAMPLE = 4


@pytest.fixture(scope="module")
def forty_orgs_build(tmp_path_factory):
    from wres import pipeline, settings
    from wres.generate import generate, parse_years

    root = tmp_path_factory.mktemp("forty_orgs")
    generate(root / "landing", orgs=FORTY_ORGANISATIONS["orgs"], staff_per_org=FORTY_ORGANISATIONS["staff_per_org"],
             years=parse_years(FORTY_ORGANISATIONS["years"]), seed=FORTY_ORGANISATIONS["seed"])
    run_settings = settings.resolve(
        landing_dir=str(root / "landing"), database=str(root / "wres.duckdb"),
        publish_dir=str(root / "publish"), runs_dir=str(root / "runs"),
    )
    assert pipeline.run(run_settings, say=lambda _: None) == 0
    return run_settings


def test_forty_organisations_publish_indicator_9_and_every_headline(forty_orgs_build):
    from wres import usefulness

    shown = usefulness.measure_build(forty_orgs_build.database)
    organisation_years = FORTY_ORGANISATIONS["orgs"] * 2
    assert len(shown.headlines) == 13 and all(share.calculable == organisation_years for share in shown.headlines)
    short = [share.describe() for share in shown.headlines if share.share < LEAST_PUBLISHED_SHARE]
    assert not short, f"headline columns published for fewer than 95% of organisation-years: {short}"
    # indicator 9 itself: an organisation-year counts when every board figure of the mart is published
    with duckdb.connect(str(forty_orgs_build.database), read_only=True) as connection:
        published, calculable = connection.execute(
            "select count(*) filter (where shown), count(*) from (select m.org_code, m.reporting_year, "
            "bool_and(p.bme_members is not distinct from m.bme_members and p.bme_pct is not distinct from m.bme_pct "
            "and p.pct_point_diff is not distinct from m.pct_point_diff) as shown "
            "from marts.wres_indicator_9 as m inner join published.wres_indicator_9 as p "
            "using (org_code, reporting_year, board_subset) group by all)"
        ).fetchone()
    assert calculable == organisation_years
    assert published >= LEAST_PUBLISHED_SHARE * calculable, f"indicator 9 published for {published} of {calculable}"


def test_forty_organisations_withstand_the_interval_attack(forty_orgs_build):
    figures = check_publication(forty_orgs_build.publish_dir, forty_orgs_build.database)
    for outsider in ("public", "knowing_reasons"):
        assert figures[outsider]["primary"] > 1000  # the set is big enough to mean something
        assert figures[outsider]["exact"] == 0 and not figures[outsider]["narrow"]
        assert figures[outsider]["least_width"] >= PROTECTION_WIDTH


def test_the_indicator_3_bound_by_hand(tmp_path):
    """scripts/disclosure_report.py's bound on publishable indicator 3 headlines (docs/publishing.md):
    A (3 years): BME entrants 5, 9, 9 -> pools 5, 14, 18; the first pool is 1..7, so 2024 is out
    and the chain is already broken: 2 of 3. B (2 years): BME 9, 3 -> pools 9, 12, none 1..7, but
    with both shown 3 = 12 - 9 follows, so one must go: 1 of 2. C: every count 8 or more: 2 of 2."""
    import importlib.util

    from wres import PROJECT_DIR

    spec = importlib.util.spec_from_file_location("disclosure_report", PROJECT_DIR / "scripts" / "disclosure_report.py")
    report = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(report)
    bme = {"A": (5, 9, 9), "B": (9, 3), "C": (20, 30)}
    database = tmp_path / "bound.duckdb"
    with duckdb.connect(str(database)) as connection:
        connection.execute("create schema marts")
        connection.execute("create table marts.wres_indicators (org_code varchar, reporting_year integer, indicator integer, "
                           "measure varchar, breakdown varchar, ethnic_group varchar, numerator bigint)")
        connection.execute("create table marts.wres_summary (org_code varchar, reporting_year integer, "
                           "ind3_relative_likelihood double)")
        for org, singles in bme.items():
            for place, single in enumerate(singles):
                year = 2024 + place
                pooled = single + (singles[place - 1] if place else 0)
                for breakdown, group, value in (("single_year", "BME", single), ("rolling", "BME", pooled),
                                                ("single_year", "White", 40), ("rolling", "White", 40 * min(place + 1, 2))):
                    connection.execute("insert into marts.wres_indicators values (?, ?, 3, 'rate_pct', ?, ?, ?)",
                                       [org, year, breakdown, group, value])
                connection.execute("insert into marts.wres_summary values (?, ?, 1.0)", [org, year])
    assert report.indicator_3_bound(database) == (2 + 1 + 2, 7)


class PatternLeak(AssertionError):
    """Rerunning the engine narrows a primary count: the known gap the next test records. Any
    other failure of that test (an unfaithful rerun, a wrong attack) is a real failure."""


@pytest.mark.xfail(strict=True, raises=PatternLeak, reason=(
    "known limit (issue 14, docs/publishing.md 'The pattern leak, and why closing it withholds the tables'): the "
    "engine adds complements round by round, and whether a later round is needed depends on the sum of counts an "
    "earlier round left visible and the later round hides; rerunning the engine on completions rules some out "
    "(R6V 2025 clinical Band 8d White: interval 1..132 as published, completions kept 1..3)"))
def test_forty_organisations_withstand_the_pattern_attack(forty_orgs_build):
    """The issue's outsider: the publication (one public phrase, no reasons) and the open engine."""
    publication = publish.current_publication_dir(forty_orgs_build.publish_dir) / publish.DATABASE_FILE
    outsider = Outsider(read_tables(publication))
    assert not outsider.attack()
    checked = pattern_attack_on_extremes(outsider, forty_orgs_build.publish_dir, forty_orgs_build.database,
                                         sample=PATTERN_SAMPLE)
    assert len(checked) == PATTERN_SAMPLE
    narrowed = {key: found for key, found in checked.items() if found["kept"][1] - found["kept"][0] < PROTECTION_WIDTH}
    if narrowed:
        raise PatternLeak(f"rerunning the engine narrows primary counts below {PROTECTION_WIDTH}: {narrowed}")
