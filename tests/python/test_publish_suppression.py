"""Small-numbers suppression (spec §6) on hand-built figures, without dbt.

The engine is the dbt Python model models/published/suppression/int_indicator_figures_suppressed.py;
it is loaded here as a plain module. Every expected pattern below was worked out by hand (the
comments show the working).
"""

from __future__ import annotations

import importlib.util
import itertools
import random

import pytest

from wres import PROJECT_DIR

ENGINE_PATH = PROJECT_DIR / "models" / "published" / "suppression" / "int_indicator_figures_suppressed.py"
spec = importlib.util.spec_from_file_location("suppression_engine", ENGINE_PATH)
engine = importlib.util.module_from_spec(spec)
spec.loader.exec_module(engine)

THRESHOLDS = engine.Thresholds(count_min=1, count_max=7, survey_min_respondents=11, protection_width=3)
BOARD_SUPPRESSED = engine.Thresholds(count_min=1, count_max=7, survey_min_respondents=11, protection_width=3,
                                     suppress_board=True)
GROUPS = ("White", "BME", "Unknown")


# --- builders of tidy mart rows (the shape of marts.wres_indicators) --------------------------


def figure(org, year, indicator, measure, breakdown, group, numerator=None, denominator=None, value=None):
    return {
        "org_code": org, "reporting_year": year, "indicator": indicator, "measure": measure,
        "breakdown": breakdown, "ethnic_group": group,
        "numerator": numerator, "denominator": denominator, "value": value,
    }


def pct(x, n):
    return None if n == 0 else 100.0 * x / n


def headcount_table(org, year, indicator, rows: dict) -> list[dict]:
    """rows: breakdown -> (White, BME, Unknown); headcount and pct per group, headcount All."""
    out = []
    for breakdown, counts in rows.items():
        total = sum(counts)
        for group, count in zip(GROUPS, counts):
            out.append(figure(org, year, indicator, "headcount", breakdown, group, count, None, count))
            out.append(figure(org, year, indicator, "pct", breakdown, group, count, total, pct(count, total)))
        out.append(figure(org, year, indicator, "headcount", breakdown, "All", total, None, total))
    return out


def add(*tuples):
    return tuple(sum(values) for values in zip(*tuples))


def workforce(org, year, bands: dict) -> list[dict]:
    """bands: (section, band_row) -> (White, BME, Unknown); adds section totals and overall."""
    rows = {f"{section} | {band}": counts for (section, band), counts in bands.items()}
    totals = {}
    for section in ("non_clinical", "clinical"):
        members = [counts for (s, _), counts in bands.items() if s == section]
        totals[f"{section} | Total"] = add(*members) if members else (0, 0, 0)
    rows.update(totals)
    rows["overall"] = add(*totals.values())
    return headcount_table(org, year, 1, rows)


def overall(bands: dict) -> tuple:
    return add(*bands.values())


def board(org, year, members: dict, workforce_counts: tuple) -> list[dict]:
    """members: (is_voting, is_executive) -> (White, BME, Unknown)."""
    subsets = {
        "board_total": add(*members.values()),
        "board_voting": add(*(c for (v, _), c in members.items() if v)),
        "board_non_voting": add(*(c for (v, _), c in members.items() if not v)),
        "board_executive": add(*(c for (_, e), c in members.items() if e)),
        "board_non_executive": add(*(c for (_, e), c in members.items() if not e)),
    }
    rows = headcount_table(org, year, 9, subsets)
    workforce_bme_pct = pct(workforce_counts[1], sum(workforce_counts))
    for subset, counts in subsets.items():
        rows.append(figure(org, year, 9, "pct_point_diff", subset, "BME", None, None,
                           pct(counts[1], sum(counts)) - workforce_bme_pct))
    return rows


def rates(org, year, indicator, breakdown, white: tuple, bme: tuple) -> list[dict]:
    """white/bme: (numerator, denominator); rate_pct per group and the relative likelihood."""
    rows = [figure(org, year, indicator, "rate_pct", breakdown, group, x, n, pct(x, n))
            for group, (x, n) in (("White", white), ("BME", bme))]
    (a, n1), (c, n2) = (bme, white) if indicator == 3 else (white, bme)  # indicator 3: BME against White
    ratio = None if not (n1 and n2 and c) else (a / n1) / (c / n2)
    rows.append(figure(org, year, indicator, "relative_likelihood", breakdown, "All", None, None, ratio))
    return rows


def decisions_by_key(rows, thresholds=THRESHOLDS):
    decisions, model = engine.suppress(rows, thresholds)
    return {tuple(d[c] for c in engine.KEY_COLUMNS): d for d in decisions}, model


def at_most(model) -> list:
    return [(f.numerator_cell, f.denominator_cell) for f in model.figures.values()
            if f.key[2] != 3 and f.numerator_cell and f.denominator_cell and f.numerator_cell != f.denominator_cell]


def suppressed_counts(model) -> dict:
    return {key: cell.reason for key, cell in model.cells.items() if cell.reason and cell.is_published}


# --- primary ----------------------------------------------------------------------------------


def test_primary_suppresses_counts_1_to_7_and_shows_0_and_8():
    rows = workforce("X", 2024, {("clinical", "Band 5"): (100, 8, 0), ("clinical", "Band 6"): (90, 40, 1)})
    model = engine.read_figures(rows)
    engine.apply_primary(model, THRESHOLDS)
    primary = {(key[3], key[4]) for key, cell in model.cells.items() if cell.reason == "primary"}
    # Unknown 1 in Band 6, and so in the clinical total and overall; 0 and 8 are not primary
    assert primary == {("clinical | Band 6", "Unknown"), ("clinical | Total", "Unknown"), ("overall", "Unknown")}

    by_key, model = decisions_by_key(rows)
    assert by_key[("X", 2024, 1, "headcount", "clinical | Band 5", "Unknown")]["is_suppressed"] is False  # 0 shown
    unknown_band6 = by_key[("X", 2024, 1, "headcount", "clinical | Band 6", "Unknown")]
    assert (unknown_band6["is_suppressed"], unknown_band6["suppression_reason"]) == (True, "primary")
    # its percentage is computed from a suppressed count: derived; the row total (131) stays visible
    unknown_pct = by_key[("X", 2024, 1, "pct", "clinical | Band 6", "Unknown")]
    assert (unknown_pct["is_suppressed"], unknown_pct["suppression_reason"]) == (True, "derived")
    assert unknown_pct["numerator_suppression_reason"] == "primary"
    assert unknown_pct["denominator_suppression_reason"] is None
    # complements follow (test_complementary_suppression_cascades_until_nothing_is_recoverable)
    assert by_key[("X", 2024, 1, "headcount", "clinical | Band 6", "White")]["suppression_reason"] == "complementary"
    assert not engine.exposed_counts(model.identities, model.cells, THRESHOLDS, at_most(model))


@pytest.mark.parametrize(("count", "suppressed"), [(0, False), (1, True), (7, True), (8, False)])
def test_primary_threshold_edges(count, suppressed):
    # one band row per section; the other section is large so nothing else is small
    rows = workforce("X", 2024, {("non_clinical", "Band 2"): (50, 50, 50), ("clinical", "Band 5"): (60, 60, count)})
    _, model = decisions_by_key(rows)
    cell = model.cells[("X", 2024, "workforce", "clinical | Band 5", "Unknown")]
    assert (cell.reason == "primary") is suppressed


def test_thresholds_are_parameters():
    rows = workforce("X", 2024, {("non_clinical", "Band 2"): (50, 50, 50), ("clinical", "Band 5"): (60, 60, 9)})
    _, model = decisions_by_key(rows, engine.Thresholds(count_min=1, count_max=10))
    assert model.cells[("X", 2024, "workforce", "clinical | Band 5", "Unknown")].reason == "primary"


# --- complementary ----------------------------------------------------------------------------


def test_complementary_suppression_cascades_until_nothing_is_recoverable():
    """non_clinical section, columns White, BME, Unknown, All:

        Band 2   20   3   0   23      primary: BME 3
        Band 3   30  12   0   42
        Total    50  15   0   65

    round 1: BME 3 is the only hidden cell of row Band 2 (3 = 23 - 20 - 0) and of column BME
             (3 = 15 - 12). Candidates: White Band 2 and BME Band 3 cost the same (a band cell:
             its headcount and its percentage), the totals more (margins); zeros never. The
             fixed order (a hash of the name, never a value) picks White Band 2.
    round 2: column BME still gives 3 = 15 - 12 -> BME Band 3, the cheapest of that line.
             (White Band 2 = 50 - 30 is pinned too, but its row changed this round: it waits.)
    round 3: column White gives 20 = 50 - 30 -> White Band 3.
    The four cells then form a rectangle: BME Band 2 = t, White Band 2 = 23 - t, BME Band 3 =
    15 - t, White Band 3 = 27 + t; with t in 1..7 (primary) and the others 8 or more, t can be
    anything from 1 to 7: width 6, at least the protection width 3. The clinical section is
    large and untouched."""
    bands = {
        ("non_clinical", "Band 2"): (20, 3, 0),
        ("non_clinical", "Band 3"): (30, 12, 0),
        ("clinical", "Band 5"): (200, 100, 20),
    }
    _, model = decisions_by_key(workforce("X", 2024, bands))
    cell = lambda band, group: ("X", 2024, "workforce", f"non_clinical | {band}", group)  # noqa: E731
    assert suppressed_counts(model) == {
        cell("Band 2", "BME"): "primary",
        cell("Band 2", "White"): "complementary",
        cell("Band 3", "BME"): "complementary",
        cell("Band 3", "White"): "complementary",
    }
    rounds = {key: model.cells[key].round for key in suppressed_counts(model)}
    assert rounds == {cell("Band 2", "BME"): 0, cell("Band 2", "White"): 1,
                      cell("Band 3", "BME"): 2, cell("Band 3", "White"): 3}
    assert not engine.exposed_counts(model.identities, model.cells, THRESHOLDS, at_most(model))
    interval = engine.count_interval(model.identities, model.cells, THRESHOLDS, cell("Band 2", "BME"), at_most(model))
    assert interval == (1, 7)
    assert engine.count_interval(model.identities, model.cells, THRESHOLDS, cell("Band 3", "White"), at_most(model)) \
        == (28, 34)


def test_complementary_crosses_from_band_rows_to_sections_and_overall():
    """Each section has a single band row, so a band row IS its section total, and the
    Unknown column adds up across the two sections to the overall workforce:

        non_clinical | Band 2   40  30  2  72     primary: Unknown 2 (and again in the section total)
        clinical | Band 5       60  50  9  119
        overall                100  80 11  191

    By hand: while overall Unknown 11 is shown, non-clinical Unknown = 11 - clinical Unknown, and
    clinical Unknown is either shown (9: pinned at 2) or a complement (8 or more: 1..3, narrower
    than 3). So overall Unknown must go, and then one more count of the overall row (overall
    BME, as White and BME cost the same there). The engine tries the cheaper band and section
    cells first and only then the overall row (the last resort, it holds the headline
    denominators): in a table this small that withholds more than the minimum, the price of
    never choosing by value. Working with everything hidden: t = non-clinical Unknown in 1..7,
    every other count 8 or more, and t stays free in 1..7."""
    bands = {("non_clinical", "Band 2"): (40, 30, 2), ("clinical", "Band 5"): (60, 50, 9)}
    _, model = decisions_by_key(workforce("X", 2024, bands))
    hidden = {(key[3], key[4]) for key in suppressed_counts(model)}
    assert {("overall", "Unknown"), ("overall", "BME")} <= hidden
    assert ("overall", "White") not in hidden and ("overall", "All") not in hidden
    assert not engine.exposed_counts(model.identities, model.cells, THRESHOLDS, at_most(model))
    unknown = ("X", 2024, "workforce", "non_clinical | Band 2", "Unknown")
    assert engine.count_interval(model.identities, model.cells, THRESHOLDS, unknown, at_most(model)) == (1, 7)
    # the overall row is hidden last: every other complement came in an earlier round
    overall_rounds = {model.cells[("X", 2024, "workforce", "overall", group)].round for group in ("BME", "Unknown")}
    other_rounds = {cell.round for key, cell in model.cells.items() if cell.reason and key[3] != "overall"}
    assert min(overall_rounds) > max(other_rounds)


def line_cells(total: int, parts: dict) -> tuple[list, dict]:
    """One line total = sum(parts); parts: name -> (value, reason)."""
    cells = {"t": engine.Cell("t", total, True)}
    for name, (value, reason) in parts.items():
        cells[name] = engine.Cell(name, value, True, reason=reason)
    return [engine.Identity("line", "t", tuple(parts))], cells


def test_attack_uses_the_reasons_and_the_protection_width():
    """The engine grants the outsider the internal reasons (the pattern may tell them): a
    'primary' count lies in 1..7 and a complementary one is 8 or more (zeros are never used).
    One line p + c = total:
    - 1 + 8 = 9: p = 1 and c = 8, both pinned (exposed: no suppressed count may be pinned);
    - 2 + 8 = 10 and 3 + 8 = 11: p in 1..2 or 1..3, narrower than the width 3; c in 8..9 or
      8..10 is not pinned, and not small, so only p is exposed;
    - 4 + 8 = 12: p in 1..4, width 3: protected."""
    def exposed(primary, complementary, width=3):
        return engine.exposed_counts(
            *line_cells(primary + complementary, {"p": (primary, "primary"), "c": (complementary, "complementary")}),
            engine.Thresholds(protection_width=width),
        )
    assert exposed(1, 8) == ["c", "p"]
    assert exposed(2, 8) == ["p"]
    assert exposed(3, 8) == ["p"]
    assert exposed(4, 8) == []
    # width 1 only forbids exact recovery (the rule before issue 14): 2 + 8 passes
    assert exposed(2, 8, width=1) == []
    assert exposed(1, 8, width=1) == ["c", "p"]
    # three primary counts adding up to 6: each in 1..4 (the other two at least 1 each): width 3
    three = {"a": (1, "primary"), "b": (2, "primary"), "c": (3, "primary")}
    assert engine.exposed_counts(*line_cells(6, three), THRESHOLDS) == []
    # adding up to 5: each in 1..3, width 2: all exposed
    three["c"] = (2, "primary")
    assert engine.exposed_counts(*line_cells(5, three), THRESHOLDS) == ["a", "b", "c"]


def test_the_protection_width_is_checked_against_the_primary_range():
    # a primary count lies in 1..7: an interval wider than 6 cannot be promised
    assert engine.Thresholds(protection_width=6).protection_width == 6
    with pytest.raises(engine.SuppressionModelError, match="protection width 7"):
        engine.Thresholds(protection_width=7)
    with pytest.raises(engine.SuppressionModelError, match="protection width 0"):
        engine.Thresholds(protection_width=0)


def test_a_narrowed_count_gets_complements_until_wide_enough():
    """The issue's example: a band row All 17, White 14, BME 2, Unknown 1. Hiding BME and Unknown
    only (each 1 or 2 once 2 + 1 = 3 is known) protects nobody: with width 3 more must go.
    Band 3 beside it is large, so complements stay in the section.

        Band 2   14   2   1   17
        Band 3  300 200  40  540"""
    bands = {("non_clinical", "Band 2"): (14, 2, 1), ("non_clinical", "Band 3"): (300, 200, 40),
             ("clinical", "Band 5"): (500, 400, 60)}
    rows = workforce("X", 2024, bands)
    cell = lambda band, group: ("X", 2024, "workforce", f"non_clinical | {band}", group)  # noqa: E731
    def intervals(thresholds):
        _, model = decisions_by_key(rows, thresholds)
        assert not engine.exposed_counts(model.identities, model.cells, thresholds, at_most(model))
        return model, {group: engine.count_interval(model.identities, model.cells, thresholds,
                                                    cell("Band 2", group), at_most(model))
                       for group in ("BME", "Unknown")}

    # width 1 (exact recovery only, the rule before issue 14): BME and Unknown of Band 2 and of
    # Band 3 hidden; 2 + 1 = 17 - 14 leaves each 1 or 2 -- the narrowing the issue reported
    model, found = intervals(engine.Thresholds(protection_width=1))
    assert found == {"BME": (1, 2), "Unknown": (1, 2)}
    assert model.cells[cell("Band 2", "White")].reason is None
    # width 3: White 14 goes too. White >= 8 (complement), so BME + Unknown = 17 - White <= 9,
    # each at least 1: BME in 1..7 (e.g. 7 + 1 + 9), Unknown likewise
    model, found = intervals(THRESHOLDS)
    assert found == {"BME": (1, 7), "Unknown": (1, 7)}
    assert model.cells[cell("Band 2", "White")].reason == "complementary"


def test_attack_combines_several_lines():
    """x1 + x2 = 20, x2 + x3 = 22, x1 + x3 = 24 (all complementary, 8 or more): each line has
    two unknowns, yet together they fix x1 = 11, x2 = 9, x3 = 13. A 2 x 2 rectangle with its
    margins (two rows, two columns) fixes none."""
    cells = {name: engine.Cell(name, value, True, reason="complementary")
             for name, value in (("x1", 11), ("x2", 9), ("x3", 13))}
    for name, value in (("t12", 20), ("t23", 22), ("t13", 24)):
        cells[name] = engine.Cell(name, value, True)
    triangle = [engine.Identity("a", "t12", ("x1", "x2")), engine.Identity("b", "t23", ("x2", "x3")),
                engine.Identity("c", "t13", ("x1", "x3"))]
    assert engine.exposed_counts(triangle, cells, THRESHOLDS) == ["x1", "x2", "x3"]

    values = {"a": 8, "b": 22, "c": 32, "d": 38}  # rows a+b, c+d; columns a+c, b+d
    cells = {name: engine.Cell(name, value, True, reason="complementary") for name, value in values.items()}
    for name, value in (("r1", 30), ("r2", 70), ("k1", 40), ("k2", 60)):
        cells[name] = engine.Cell(name, value, True)
    rectangle = [engine.Identity("r1", "r1", ("a", "b")), engine.Identity("r2", "r2", ("c", "d")),
                 engine.Identity("k1", "k1", ("a", "c")), engine.Identity("k2", "k2", ("b", "d"))]
    assert engine.exposed_counts(rectangle, cells, THRESHOLDS) == []
    # knowing that a numerator is at most its denominator can pin a count too: a <= 8, a >= 8
    cells["n"] = engine.Cell("n", 8, True)
    assert engine.exposed_counts(rectangle, cells, THRESHOLDS, at_most=[("a", "n")]) == ["a", "b", "c", "d"]


def test_pinned_pair_gets_a_further_complement():
    """Band 2: White 8, BME 1, Unknown 0, All 9 beside a big Band 3. Round 1 hides White 8 (the
    next-smallest non-zero), but 1 + 8 = 9 pins both, so suppression goes on until neither can be
    worked out."""
    bands = {
        ("non_clinical", "Band 2"): (8, 1, 0),
        ("non_clinical", "Band 3"): (300, 200, 40),
        ("clinical", "Band 5"): (500, 400, 60),
    }
    _, model = decisions_by_key(workforce("X", 2024, bands))
    assert model.cells[("X", 2024, "workforce", "non_clinical | Band 2", "White")].reason == "complementary"
    assert len(suppressed_counts(model)) > 2
    assert not engine.exposed_counts(model.identities, model.cells, THRESHOLDS, at_most(model))


def test_a_table_whose_reasons_give_counts_away_is_withheld_whole():
    """Seven band rows with one Unknown person each, seven Unknown in all: the total is
    'primary' (at most 7) and so is every part (at least 1), so each part is 1 whatever else is
    hidden. The engine notices that more suppression cannot help and withholds the whole
    organisation-year table, every count 'complementary' (0 included), so no count is marked
    'primary' and an outsider knows nothing of any of them."""
    bands = {("non_clinical", f"Band {n}"): (20 + n, 10 + n, 1) for n in range(2, 9)}
    bands[("clinical", "Band 5")] = (300, 200, 0)
    other_org = {("non_clinical", "Band 2"): (40, 30, 2), ("clinical", "Band 5"): (300, 200, 20)}
    by_key, model = decisions_by_key(workforce("X", 2024, bands) + workforce("Y", 2024, other_org))
    table = [cell for key, cell in model.cells.items() if key[:3] == ("X", 2024, "workforce")]
    assert table and all(cell.reason == "complementary" and cell.is_in_withheld_table for cell in table)
    headcount = by_key[("X", 2024, 1, "headcount", "non_clinical | Band 2", "Unknown")]
    assert (headcount["is_suppressed"], headcount["suppression_reason"]) == (True, "complementary")
    zero = by_key[("X", 2024, 1, "headcount", "clinical | Band 5", "Unknown")]
    assert zero["is_suppressed"]  # even its zeros
    # the other organisation is untouched by it
    assert not any(cell.is_in_withheld_table for key, cell in model.cells.items() if key[0] == "Y")
    assert not engine.exposed_counts(model.identities, model.cells, THRESHOLDS, at_most(model))


def board_example():
    """Voting executives 3 White + 1 BME, voting non-executives 6 White + 1 BME, non-voting
    executives 2 White: every subset adds up to the board total in two ways (voting +
    non-voting, executive + non-executive), and every BME count is 1 or 2."""
    members = {(True, True): (3, 1, 0), (True, False): (6, 1, 0), (False, True): (2, 0, 0), (False, False): (0, 0, 0)}
    wf = {("non_clinical", "Band 2"): (500, 300, 50), ("clinical", "Band 5"): (900, 700, 60)}
    return workforce("X", 2024, wf) + board("X", 2024, members, overall(wf))


def test_board_composition_is_public_by_default():
    """Spec §6.7: board members are public office holders; every board count, share and the
    difference from the workforce is published (the workforce here is large, nothing hidden)."""
    by_key, model = decisions_by_key(board_example())
    board_rows = [d for key, d in by_key.items() if key[2] == 9]
    assert board_rows and not any(d["is_suppressed"] for d in board_rows)
    assert not suppressed_counts(model)


def test_board_subsets_share_the_board_total_when_board_suppression_is_on():
    by_key, model = decisions_by_key(board_example(), BOARD_SUPPRESSED)
    assert not engine.exposed_counts(model.identities, model.cells, BOARD_SUPPRESSED, at_most(model))
    # BME voting = 2 is primary: the voting difference (the WRES headline) is suppressed, derived
    diff = by_key[("X", 2024, 9, "pct_point_diff", "board_voting", "BME")]
    assert (diff["is_suppressed"], diff["suppression_reason"]) == (True, "derived")


def test_board_difference_is_withheld_when_the_workforce_share_is():
    """Board counts are public, but the workforce BME share it is compared with follows the
    normal rules: with the overall BME count hidden (BME 5 in a one-band workforce of 305), the
    difference would give the workforce share away (difference = board % - workforce %), so it
    is withheld (derived); the board's own counts and shares stay published."""
    members = {(True, True): (3, 1, 0), (True, False): (6, 1, 0), (False, True): (2, 0, 0), (False, False): (0, 0, 0)}
    wf = {("non_clinical", "Band 2"): (300, 5, 0)}
    by_key, model = decisions_by_key(workforce("X", 2024, wf) + board("X", 2024, members, overall(wf)))
    assert model.cells[("X", 2024, "workforce", "overall", "BME")].reason == "primary"
    diff = by_key[("X", 2024, 9, "pct_point_diff", "board_voting", "BME")]
    assert (diff["is_suppressed"], diff["suppression_reason"]) == (True, "derived")
    assert not by_key[("X", 2024, 9, "headcount", "board_voting", "BME")]["is_suppressed"]
    assert not by_key[("X", 2024, 9, "pct", "board_voting", "BME")]["is_suppressed"]


# --- across tables: indicator 3 and 4 denominators, the rolling pool --------------------------


def test_indicator_3_and_4_denominators_are_the_overall_workforce():
    """The overall White count is hidden by complementary suppression in indicator 1; the same
    count is the denominator of indicators 3 and 4, so it must be hidden there too."""
    bands = {("non_clinical", "Band 2"): (20, 3, 0), ("non_clinical", "Band 3"): (30, 12, 0)}
    # no clinical staff: the non_clinical total IS the overall workforce
    rows = workforce("X", 2024, bands)
    rows += rates("X", 2024, 4, "overall", (9, 50), (10, 15))
    by_key, model = decisions_by_key(rows)
    overall_bme = ("X", 2024, "workforce", "overall", "BME")
    # BME band cells 3 and 12 are both hidden; column BME then has total 15 and no visible part
    white_rate = by_key[("X", 2024, 4, "rate_pct", "overall", "White")]
    bme_rate = by_key[("X", 2024, 4, "rate_pct", "overall", "BME")]
    for decision in (white_rate, bme_rate):
        cell = model.cells[(*overall_bme[:4], decision["ethnic_group"])]
        assert (decision["denominator_suppression_reason"] is not None) == (cell.reason is not None)
    assert not engine.exposed_counts(model.identities, model.cells, THRESHOLDS, at_most(model))


def test_rolling_pool_protects_last_years_count():
    """Indicator 3 in 2025 pools 2024 and 2025. 2024's single-year figures are not in the mart
    (say the mart only covers 2025): pooled BME entries 9 minus this year's 6... this year's 6
    is primary anyway; take White: pooled 12, single-year 10 -> last year's White entries are 2,
    a count nobody publishes but anybody could subtract. It must be protected."""
    wf = {("non_clinical", "Band 2"): (500, 300, 50), ("clinical", "Band 5"): (900, 700, 60)}
    rows = workforce("X", 2025, wf)
    rows += rates("X", 2025, 3, "single_year", (10, 1400), (20, 1000))
    rows += rates("X", 2025, 3, "rolling", (12, 2700), (40, 1950))
    rows.append(figure("X", 2025, 3, "rolling_years", "rolling", "All", None, None, 2))
    by_key, model = decisions_by_key(rows)
    hidden = model.cells[("X", 2024, "disciplinary", "", "White")]
    assert (hidden.value, hidden.is_published, hidden.reason) == (2, False, "primary")
    # the pooled White count (12) or the single-year one (10) has to go
    visible = [model.cells[key].is_visible for key in
               (("X", 2025, "disciplinary", "", "White"), ("X", 2025, "disciplinary_rolling", "", "White"))]
    assert visible.count(True) == 1
    assert not engine.exposed_counts(model.identities, model.cells, THRESHOLDS, at_most(model))
    # the pooled workforce of 2024 is implied too (1300 White), large: no need to hide it
    assert model.cells[("X", 2024, "workforce", "overall", "White")].reason is None


# --- derived ----------------------------------------------------------------------------------


NO_ROUNDED_RATIOS = engine.Thresholds(protection_width=3)  # the default
ROUNDED_RATIOS = engine.Thresholds(protection_width=3, publish_rounded_relative_likelihoods=True)


def test_relative_likelihood_and_rates_are_derived_from_their_counts():
    rows = rates("X", 2024, 2, "overall", (30, 200), (5, 120))
    by_key, _ = decisions_by_key(rows, NO_ROUNDED_RATIOS)
    assert by_key[("X", 2024, 2, "rate_pct", "overall", "White")]["is_suppressed"] is False
    bme = by_key[("X", 2024, 2, "rate_pct", "overall", "BME")]
    assert (bme["is_suppressed"], bme["suppression_reason"]) == (True, "derived")
    assert bme["numerator_suppression_reason"] == "primary" and bme["denominator_suppression_reason"] is None
    ratio = by_key[("X", 2024, 2, "relative_likelihood", "overall", "All")]
    assert (ratio["is_suppressed"], ratio["suppression_reason"]) == (True, "derived")
    assert ratio["is_value_rounded"] is False


def test_relative_likelihood_is_published_rounded_when_its_counts_stay_protected():
    """White appointed 30 of 200 shortlisted, BME 5 of 120: RL = (30/200) / (5/120) = 3.6,
    published as 3.60. With White 30 shown, BME appointed = 30 x 120 / (200 x RL) and RL in
    [3.595, 3.605] gives 4.993..5.007: pinned to 5. So the engine hides White 30 too (the only
    other count of that ratio that costs less than a denominator). Then BME = t, White = 6 t
    within rounding (30 x 120 / 200 / 3.6 = 5 per 30: t = White / 6); White is a complement
    (8 or more) and at most its 200 shortlisted, so t is in 2..7: width 5."""
    rows = rates("X", 2024, 2, "overall", (30, 200), (5, 120))
    by_key, model = decisions_by_key(rows, ROUNDED_RATIOS)
    ratio = by_key[("X", 2024, 2, "relative_likelihood", "overall", "All")]
    assert (ratio["is_suppressed"], ratio["is_value_rounded"], ratio["rounded_value"]) == (False, True, 3.6)
    white = by_key[("X", 2024, 2, "rate_pct", "overall", "White")]
    assert (white["is_suppressed"], white["numerator_suppression_reason"]) == (True, "complementary")
    bme_appointed = ("X", 2024, "appointed", "overall", "BME")
    assert engine.count_interval(model.identities, model.cells, ROUNDED_RATIOS, bme_appointed, at_most(model),
                                 model.ratios) == (2, 7)


def test_relative_likelihood_that_does_not_match_its_counts_stops_the_build():
    rows = rates("X", 2024, 2, "overall", (30, 200), (5, 120))
    rows[-1]["value"] = 1.0
    with pytest.raises(engine.SuppressionModelError, match="does not match"):
        engine.suppress(rows, ROUNDED_RATIOS)


def test_year_on_year_change_is_suppressed_when_either_year_is():
    # 2024: Unknown 5 in Band 2 is primary; its complements stay inside the non-clinical rows
    wf = {("non_clinical", "Band 2"): (40, 50, 9), ("non_clinical", "Band 3"): (300, 200, 40),
          ("clinical", "Band 5"): (60, 50, 9)}
    wf_before = {("non_clinical", "Band 2"): (40, 50, 5), ("non_clinical", "Band 3"): (300, 200, 40),
                 ("clinical", "Band 5"): (60, 50, 9)}
    rows = workforce("X", 2024, wf_before) + workforce("X", 2025, wf)
    for measure in ("headcount", "pct"):
        rows.append(figure("X", 2025, 1, f"{measure}_yoy_change", "non_clinical | Band 2", "Unknown", value=4.0))
        rows.append(figure("X", 2025, 1, f"{measure}_yoy_change", "clinical | Band 5", "BME", value=0.0))
    by_key, _ = decisions_by_key(rows)
    change = by_key[("X", 2025, 1, "headcount_yoy_change", "non_clinical | Band 2", "Unknown")]
    assert (change["is_suppressed"], change["suppression_reason"]) == (True, "derived")  # 2024 had 5
    assert by_key[("X", 2025, 1, "pct_yoy_change", "non_clinical | Band 2", "Unknown")]["is_suppressed"]
    assert not by_key[("X", 2025, 1, "headcount_yoy_change", "clinical | Band 5", "BME")]["is_suppressed"]


def test_survey_percentages_need_11_valid_respondents():
    rows = [
        figure("X", 2024, 5, "pct", "overall", "White", 3, 40, 7.5),  # 3 of 40: shown
        figure("X", 2024, 5, "pct", "overall", "BME", 4, 10, 40.0),  # 10 respondents: suppressed
        figure("X", 2024, 6, "pct", "overall", "BME", 4, 11, 36.4),  # 11: shown
        figure("X", 2024, 7, "pct", "overall", "BME", 0, 0, None),  # nobody answered: not calculable
    ]
    by_key, _ = decisions_by_key(rows)
    assert not by_key[("X", 2024, 5, "pct", "overall", "White")]["is_suppressed"]
    bme = by_key[("X", 2024, 5, "pct", "overall", "BME")]
    assert (bme["is_suppressed"], bme["suppression_reason"]) == (True, "primary")
    assert not by_key[("X", 2024, 6, "pct", "overall", "BME")]["is_suppressed"]
    assert not by_key[("X", 2024, 7, "pct", "overall", "BME")]["is_suppressed"]
    strict, _ = decisions_by_key(rows, engine.Thresholds(survey_suppress_small_counts=True))
    assert strict[("X", 2024, 5, "pct", "overall", "White")]["is_suppressed"]


# --- fail closed ------------------------------------------------------------------------------


def test_unknown_figure_stops_the_build():
    with pytest.raises(engine.SuppressionModelError, match="not known"):
        engine.suppress([figure("X", 2024, 1, "median_fte", "overall", "BME", 3, 10, 1.0)], THRESHOLDS)


def test_identity_that_does_not_hold_stops_the_build():
    rows = workforce("X", 2024, {("clinical", "Band 5"): (60, 50, 9)})
    for row in rows:
        if row["measure"] == "headcount" and row["breakdown"] == "overall" and row["ethnic_group"] == "All":
            row["numerator"] = row["value"] = 120  # the mart's overall no longer adds up
    with pytest.raises(engine.SuppressionModelError, match="does not hold|different values"):
        engine.suppress(rows, THRESHOLDS)


def test_one_count_published_with_two_values_stops_the_build():
    wf = {("clinical", "Band 5"): (60, 50, 9)}
    rows = workforce("X", 2024, wf) + rates("X", 2024, 4, "overall", (9, 61), (10, 50))
    with pytest.raises(engine.SuppressionModelError, match="different values"):
        engine.suppress(rows, THRESHOLDS)


# --- many random organisations: the fixed point always converges ------------------------------


def random_org(rng: random.Random, org: str) -> list[dict]:
    rows = []
    bands_by_year = {}
    small = lambda: rng.choice([0, 0, 1, 2, 3, 5, 7, 8, 9, 12, 20, 40])  # noqa: E731
    for year in (2024, 2025):
        bands = {}
        for section, names in (("non_clinical", ["Band 2", "Band 3", "Band 8a", "VSM"]),
                               ("clinical", ["Band 5", "Band 6", "M&D Consultants"])):
            for name in rng.sample(names, rng.randint(1, len(names))):
                bands[(section, name)] = (rng.randint(0, 60), small(), small())
        bands_by_year[year] = bands
        rows += workforce(org, year, bands)
        total = overall(bands)
        members = {(v, e): (rng.randint(0, 5), rng.choice([0, 1, 2]), rng.choice([0, 0, 1]))
                   for v, e in itertools.product((True, False), repeat=2)}
        rows += board(org, year, members, total)
        rows += rates(org, year, 4, "overall", (rng.randint(0, total[0]), total[0]), (rng.randint(0, total[1]), total[1]))
        rows += rates(org, year, 2, "overall", (small(), 40 + small()), (small(), 10 + small()))
        entering = {year: (rng.choice([0, 1, 2, 9]), rng.choice([0, 1, 3, 10]))}
        rows += rates(org, year, 3, "single_year", (entering[year][0], total[0]), (entering[year][1], total[1]))
        for indicator in (5, 6):
            for group in ("White", "BME"):
                valid = rng.choice([0, 5, 10, 11, 30])
                positive = rng.randint(0, valid)
                rows.append(figure(org, year, indicator, "pct", "overall", group, positive, valid, pct(positive, valid)))
    return rows


@pytest.mark.parametrize("thresholds", [THRESHOLDS, BOARD_SUPPRESSED, ROUNDED_RATIOS],
                         ids=["board public", "board suppressed", "rounded relative likelihoods"])
def test_random_organisations_converge_and_leave_nothing_recoverable(thresholds):
    rng = random.Random(20240331)
    rows = []
    for number in range(25):
        rows += random_org(rng, f"R{number:02d}")
    decisions, model = engine.suppress(rows, thresholds)
    assert len(decisions) == len(rows)
    by_org: dict = {}
    for identity in model.identities:
        by_org.setdefault(identity.total[0], []).append(identity)
    for identities in by_org.values():
        assert not engine.exposed_counts(identities, model.cells, thresholds, at_most(model))
        # the plain rule of spec §6 as well: no line with exactly one hidden cell
        for identity in identities:
            hidden = [key for key in identity.members if not model.cells[key].is_visible]
            assert len(hidden) != 1, identity.name
    # counts 1..7 never stay visible (but board counts when the board is public), zeros are never
    # hidden by complementary suppression
    for cell in model.cells.values():
        if cell.is_published and not cell.is_survey:
            is_public = cell.key[2] == "board" and not thresholds.suppress_board
            assert not (1 <= cell.value <= 7 and cell.is_visible) or is_public
            assert not (is_public and cell.reason)


def exposed_from_scratch(attack) -> list:
    """What an _Attack must answer, built from nothing: the outsider's whole system
    (engine._constraints, as count_interval builds it), split into independent pieces by a union
    of their columns, each piece judged by engine._piece_exposed without a cache."""
    identities = [line for kind, line in attack.lines if kind == "eq"]
    at_most = [line for kind, line in attack.lines if kind == "le"]
    ratios = [line for kind, line in attack.lines if kind == "ratio"]
    unknown, _, constraints = engine._constraints(identities, attack.cells, at_most, ratios)
    parent = list(range(len(unknown)))

    def find(column):
        while parent[column] != column:
            column = parent[column]
        return column

    for _, coefficients, _ in constraints:
        for column in list(coefficients)[1:]:
            parent[find(column)] = find(next(iter(coefficients)))
    pieces: dict = {}
    for kind, coefficients, rhs in constraints:
        pieces.setdefault(find(next(iter(coefficients))), []).append(
            (kind, {unknown[column]: value for column, value in coefficients.items()}, rhs))
    found = []
    for piece in pieces.values():
        keys = sorted({key for _, coefficients, _ in piece for key in coefficients})
        found += engine._piece_exposed(keys, piece, attack.cells, attack.thresholds, None)
    return sorted(found)


@pytest.mark.parametrize("thresholds", [THRESHOLDS, BOARD_SUPPRESSED, ROUNDED_RATIOS],
                         ids=["board public", "board suppressed", "rounded relative likelihoods"])
def test_the_attack_kept_between_rounds_answers_as_one_built_from_scratch(thresholds, monkeypatch):
    """apply_complementary keeps one _Attack per organisation (and one per organisation-year for
    the protectability trials) and asks it again after every round, where it rebuilds only what
    the round changed: after every round and every trial its answer is the one a system built
    from nothing gives."""
    exposed, exposes = engine._Attack.exposed, engine._Attack.exposes
    calls = {"exposed": 0, "exposes": 0}

    def checked_exposed(attack):
        answer = exposed(attack)
        assert answer == exposed_from_scratch(attack)
        calls["exposed"] += 1
        return answer

    def checked_exposes(attack, key):
        answer = exposes(attack, key)
        assert answer == (key in exposed_from_scratch(attack))
        calls["exposes"] += 1
        return answer

    monkeypatch.setattr(engine._Attack, "exposed", checked_exposed)
    monkeypatch.setattr(engine._Attack, "exposes", checked_exposes)
    rng = random.Random(20240331)
    rows = [row for number in range(25) for row in random_org(rng, f"R{number:02d}")]
    engine.suppress(rows, thresholds)
    assert calls["exposed"] > 25  # rounds after the first of the organisations were checked
    if thresholds is THRESHOLDS:
        assert calls["exposes"] > 0  # and trials


# --- the vars reach the engine ----------------------------------------------------------------


def config_names_dbt_finds(source: str) -> set:
    """The names of the dbt.config.get calls dbt's own parser finds in a Python model: only those
    are passed to the model (any other reads its default, whatever the var says)."""
    import ast

    from dbt.parser.models import PythonParseVisitor

    visitor = PythonParseVisitor(None)
    visitor.visit(ast.parse(source))
    return {args[0] for name, args, _ in visitor.dbt_function_calls if name == "get"}


def test_every_configured_threshold_reaches_the_engine():
    """Regression: dbt did not find dbt.config.get calls inside str(...).lower(), so
    wres_survey_suppress_small_counts (and the issue 14 vars) never reached the model."""
    import yaml

    yml = yaml.safe_load((ENGINE_PATH.parent / "_suppression__models.yml").read_text())
    configured = set(yml["models"][0]["config"]) - {"schema", "materialized"}
    assert configured == {"suppress_count_min", "suppress_count_max", "survey_min_respondents",
                          "survey_suppress_small_counts", "suppression_protection_width", "suppress_board",
                          "publish_rounded_relative_likelihoods", "suppression_workers"}
    assert config_names_dbt_finds(ENGINE_PATH.read_text()) == configured
    wdes = next(model for model in yml["models"] if model["name"] == "int_wdes_figures_suppressed")
    assert set(wdes["config"]) - {"schema", "materialized"} == configured
    assert config_names_dbt_finds((ENGINE_PATH.parent / "int_wdes_figures_suppressed.py").read_text()) == configured
