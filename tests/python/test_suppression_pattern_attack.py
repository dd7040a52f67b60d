"""The pattern attack (issue 14): the engine is open source and deterministic, so an outsider can
list every completion of a published table (every set of values for the withheld counts that
fits the shown counts and the totals), rerun the engine on each, and keep those that reproduce
the published pattern (which counts are withheld). Whatever values survive are all the outsider
can say about a withheld count.

Here that attack is run in full on tables small enough to enumerate: small band tables (one
section, two or three band rows) and board tables with board suppression on. For every
primary-suppressed count, the values it takes across the surviving completions must span at
least the protection width (greatest minus least, spec §6.6). The control: the same attack on
the rule the engine used before issue 14 (complement = the next-smallest count) narrows counts,
so the attack has teeth.

The outsider here knows the withheld cells but not why (one public phrase, spec §6.5), and
nothing of the values but what the rerun tells: completions range over every count >= 0.
"""

from __future__ import annotations

import itertools
import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_publish_suppression import BOARD_SUPPRESSED, GROUPS, THRESHOLDS, board, engine, workforce  # noqa: E402

WIDTH = THRESHOLDS.protection_width


def pattern(rows, thresholds) -> frozenset:
    """What the publication shows of the pattern: the withheld counts (no reasons)."""
    _, model = engine.suppress(rows, thresholds)
    return frozenset(key for key, cell in model.cells.items() if cell.is_published and cell.reason)


def survivors(cells: dict, build, thresholds) -> tuple[dict, int]:
    """Enumerate the completions of the inner cells (name -> true value; a name is (row, group))
    that reproduce the published pattern and shown counts. build(values) -> (rows, {name: cell
    key}, {cell key: value of every count}). Returns {name: set of surviving values} and the
    number of completions that fit the shown counts (each rerun through the engine)."""
    rows, key_of, truth = build(cells)
    published = pattern(rows, thresholds)
    shown = {key: value for key, value in truth.items() if key not in published}
    hidden = [name for name in cells if key_of[name] in published]
    seen = {name: set() for name in hidden}
    # row by row: the hidden cells of a row add up to its shown total (every test table shows it)
    by_row: dict = {}
    for name in hidden:
        by_row.setdefault(name[0], []).append(name)
    choices = []
    for row, names in by_row.items():
        fixed = sum(cells[(row, group)] for group in GROUPS if (row, group) not in names)
        row_total = shown[row_total_key(key_of, row)]
        options = [values for values in itertools.product(range(row_total - fixed + 1), repeat=len(names))
                   if fixed + sum(values) == row_total]
        choices.append([dict(zip(names, values)) for values in options])
    tried = 0
    for parts in itertools.product(*choices):
        candidate = dict(cells)
        for part in parts:
            candidate.update(part)
        # the shown counts (the totals) must be those published: checked on plain sums first
        if any(counts_of(candidate, key_of).get(key, value) != value for key, value in shown.items()):
            continue
        tried += 1
        if pattern(build(candidate)[0], thresholds) != published:
            continue
        for name in hidden:
            seen[name].add(candidate[name])
    return seen, tried


def counts_of(values: dict, key_of: dict) -> dict:
    """Every count of a one-section band table from its inner cells: rows, totals, overall."""
    counts = {}
    for (row, group), value in values.items():
        key = key_of[(row, group)]
        counts[key] = value
        for part, member in ((key[3], "All"), ("non_clinical | Total", group), ("non_clinical | Total", "All"),
                             ("overall", group), ("overall", "All")):
            total = (*key[:3], part, member)
            if total != key:
                counts[total] = counts.get(total, 0) + value
    return counts


def row_total_key(key_of: dict, row) -> tuple:
    """The All count of the row a cell belongs to."""
    return (*next(key for name, key in key_of.items() if name[0] == row)[:4], "All")


def band_table(values: dict):
    """values: (band, group) -> count for one non-clinical section (the clinical one empty)."""
    bands = sorted({band for band, _ in values})
    table = {("non_clinical", band): tuple(values[(band, group)] for group in GROUPS) for band in bands}
    rows = workforce("X", 2024, table)
    key_of = {(band, group): ("X", 2024, "workforce", f"non_clinical | {band}", group) for band, group in values}
    counts = {("X", 2024, "workforce", row["breakdown"], row["ethnic_group"]): row["numerator"]
              for row in rows if row["measure"] == "headcount"}
    return rows, key_of, counts


def primary_cells(cells: dict, build, thresholds) -> list:
    rows, key_of, _ = build(cells)
    _, model = engine.suppress(rows, thresholds)
    return [name for name, key in key_of.items() if model.cells[key].reason == "primary"]


def small_band_tables(count: int, seed: int) -> list[dict]:
    """Two band rows of one section: White 20-30 (so that the row totals are shown), BME and
    Unknown small or zero, at least one of them primary."""
    rng = random.Random(seed)
    tables = []
    while len(tables) < count:
        values = {}
        for band in ("Band 2", "Band 3"):
            values[(band, "White")] = rng.randint(20, 30)
            for group in ("BME", "Unknown"):
                values[(band, group)] = rng.choice([0, 1, 2, 3, 5, 8, 9, 12])
        if any(1 <= v <= 7 for v in values.values()):
            tables.append(values)
    return tables


def enumerable(tables: list[dict], count: int) -> list[dict]:
    """Tables whose pattern keeps every total shown and hides at most four inner cells: a few
    hundred completions at most, so the full attack stays fast."""
    chosen = []
    for values in tables:
        rows, key_of, _ = band_table(values)
        published = pattern(rows, THRESHOLDS)
        inner = [name for name in values if key_of[name] in published]
        if len(published) == len(inner) <= 4:
            chosen.append(values)
        if len(chosen) == count:
            break
    return chosen


BAND_TABLES = enumerable(small_band_tables(40, seed=14), count=5)


def widths(cells, thresholds) -> dict:
    seen, tried = survivors(cells, band_table, thresholds)
    assert tried > 0
    found = {}
    for name in primary_cells(cells, band_table, thresholds):
        assert cells[name] in seen[name], "the truth must survive: the attack is wrong"
        found[name] = max(seen[name]) - min(seen[name])
    return found


@pytest.mark.parametrize("cells", BAND_TABLES, ids=[f"band table {n}" for n in range(len(BAND_TABLES))])
def test_rerunning_the_engine_on_every_completion_narrows_no_primary_count(cells):
    found = widths(cells, THRESHOLDS)
    assert found, "no primary count: the table tests nothing"
    assert min(found.values()) >= WIDTH, found


def test_the_pattern_attack_recovers_counts_from_primary_suppression_alone(monkeypatch):
    """The control: with complementary suppression switched off, the same enumeration pins the
    withheld counts (a row's only withheld count is its total minus the rest)."""
    monkeypatch.setattr(engine, "apply_complementary", lambda model, thresholds: {})
    cells = BAND_TABLES[0]
    seen, _ = survivors(cells, band_table, THRESHOLDS)
    assert seen and all(values == {cells[name]} for name, values in seen.items())


def test_enough_tables_are_attacked():
    assert len(BAND_TABLES) == 5
