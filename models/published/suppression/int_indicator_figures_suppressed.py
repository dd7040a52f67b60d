"""Small-numbers suppression of the WRES figures (spec §6): one decision per figure of the tidy mart.

Grain: one row per row of marts.wres_indicators (org_code, reporting_year, indicator, measure,
breakdown, ethnic_group), saying whether the figure, its numerator and its denominator may be
published and, when not, why. The published tier (models/published/*.sql) applies these
decisions; this table itself holds no figures, only keys, flags and reasons.

How: every numerator and denominator of the mart is a named count (the same count wherever it
appears: indicator 1's overall headcount is also the denominator of indicators 3 and 4).
1. Primary: counts count_min..count_max (board counts only with suppress_board, spec §6.7);
   survey groups of 1..survey_min_respondents-1 valid respondents.
2. Complementary, to a fixed point (spec §6.6): an outsider's attack on each organisation
   (every visible count, every identity between counts - rows adding up to totals, sections to
   the overall workforce, board subsets, indicator 3's two-year pool - the ranges the internal
   reasons give, numerator <= denominator, relative likelihoods published rounded) gives each
   withheld count an interval; a primary count narrower than protection_width, or any withheld
   count pinned to one value, is exposed; for each, a visible non-zero count of one of its lines
   (least information cost, then a fixed order, never by value) is withheld too, or a rounded
   relative likelihood withdrawn; repeat until nothing is exposed. The attack is exact linear
   algebra plus line-by-line ranges first, then linear programmes per independent piece (least
   and greatest value of each withheld count). Where no pattern can help, the whole table is
   withheld.
3. Derived: a figure computed from a withheld count (percentage, rate, interval, ratio,
   difference, year-on-year change) is withheld, but a relative likelihood whose denominators
   are shown, published rounded to 2 dp (publish_rounded_relative_likelihoods).

Why a Python model: step 2 is a loop over linear programmes on tables that share totals; in SQL
that is an unbounded loop over a join graph, here a short loop with the convergence check
written once (tests/python/test_publish_suppression.py proves it on hand-built cases and
random organisations; tests/dbt/assert_published_suppress_*.sql check the result in SQL on
every build; tests/python/test_disclosure_audit.py attacks the publication independently).

The model of the figures is checked against the exact mart values on every build: a figure
this file does not recognise, a count published twice with two values, or an identity that
does not hold stops the build instead of publishing something unprotected ("fail closed").

The functions below take plain Python rows so that the tests can exercise them without dbt.
"""


import math
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

GROUPS = ("White", "BME", "Unknown")
ALL = "All"
COMPARISON_GROUPS = ("White", "BME")
KEY_COLUMNS = ("org_code", "reporting_year", "indicator", "measure", "breakdown", "ethnic_group")
YOY_SUFFIX = "_yoy_change"
SECTIONS = ("non_clinical", "clinical")
SECTION_TOTAL = "Total"
OVERALL = "overall"
BOARD_TOTAL = "board_total"
BOARD_PARTITIONS = (("board_voting", "board_non_voting"), ("board_executive", "board_non_executive"))
SURVEY_INDICATORS = (5, 6, 7, 8)

RELATIVE_LIKELIHOOD_DECIMALS = 2
# a rounded ratio r stands for any value in [r - half, r + half]
RELATIVE_LIKELIHOOD_HALF_STEP = 0.5 * 10 ** -RELATIVE_LIKELIHOOD_DECIMALS

PRIMARY = "primary"
COMPLEMENTARY = "complementary"
DERIVED = "derived"


class SuppressionModelError(Exception):
    """The mart holds a figure or a relationship this model does not know: refuse to publish."""


@dataclass(frozen=True)
class Thresholds:
    count_min: int = 1
    count_max: int = 7
    survey_min_respondents: int = 11
    # Off by default: spec §6 applies the respondent threshold to survey percentages.
    survey_suppress_small_counts: bool = False
    # Spec §6.6: the narrowest interval an outsider may narrow a primary-suppressed count to
    # (greatest minus least possible value). 1 only forbids exact recovery (the rule before issue 14).
    protection_width: int = 3
    # Spec §6.7: board members are public office holders; True suppresses indicator 9 like staff.
    suppress_board: bool = False
    # Issue 14.5: publish a relative likelihood (indicators 2-4) rounded to RELATIVE_LIKELIHOOD_DECIMALS
    # places when some of its counts are suppressed, as NHS England does, where the attack (which
    # then knows the rounded ratio) still cannot narrow a count too far. Off by default (measured:
    # docs/publishing.md).
    publish_rounded_relative_likelihoods: bool = False

    def __post_init__(self):
        if not 1 <= self.protection_width <= self.count_max - self.count_min:
            # a primary count lies in count_min..count_max, and the engine assumes an outsider
            # may learn that much from the pattern: a wider interval cannot be promised
            raise SuppressionModelError(
                f"protection width {self.protection_width} must be between 1 and "
                f"count_max - count_min = {self.count_max - self.count_min}"
            )


@dataclass
class Cell:
    """One count: published as the numerator or denominator of one or more figures, or hidden
    (never published but implied by an identity, e.g. last year's disciplinary entries inside
    this year's rolling pool)."""

    key: tuple
    value: int
    is_published: bool
    is_survey: bool = False
    reason: str | None = None  # primary | complementary
    round: int | None = None  # 0 = primary, n = complementary round n
    # part of a table withheld as a whole (see withhold_table): any value, 0 included
    is_in_withheld_table: bool = False
    # 1..7 (spec §6.1): protected to the end, even when a whole table is withheld later
    was_primary: bool = False

    @property
    def is_visible(self) -> bool:
        return self.is_published and self.reason is None


@dataclass(frozen=True)
class Identity:
    """total = sum(parts): an additive relation an outsider knows from the WRES definitions."""

    name: str
    total: tuple
    parts: tuple

    @cached_property  # read for every identity in every round of the attack
    def members(self) -> tuple:
        return (self.total, *self.parts)


@dataclass
class Figure:
    key: tuple  # KEY_COLUMNS, breakdown '' for NULL
    numerator_cell: tuple | None
    denominator_cell: tuple | None
    value_cells: tuple = ()  # counts the value is computed from
    value_rows: tuple = ()  # other figures the value is computed from (ratios, changes, differences)
    value: float | None = None  # kept for relative likelihoods only (published rounded, see RatioLine)


@dataclass
class RatioLine:
    """A relative likelihood published rounded: (a / n1) / (c / n2) lies in [low, high]. With
    both denominators shown that is linear in the numerators (a n2 - high n1 c <= 0 and
    low n1 c - a n2 <= 0), so the attack takes it in; with a denominator hidden the ratio is
    not published (it is withheld as derived) and the line says nothing. The engine may also
    withdraw it (is_withdrawn): the ratio is then withheld like any derived figure, a cheaper
    way to protect two small numerators than hiding the denominators."""

    name: str
    figure: tuple
    numerators: tuple  # (a, c)
    denominators: tuple  # (n1, n2)
    low: float
    high: float
    is_withdrawn: bool = False

    @property
    def members(self) -> tuple:
        return (*self.numerators, *self.denominators)

    def is_live(self, cells: dict) -> bool:
        return not self.is_withdrawn and all(cells[key].is_visible for key in self.denominators)


@dataclass
class Figures:
    cells: dict = field(default_factory=dict)
    figures: dict = field(default_factory=dict)
    identities: list = field(default_factory=list)
    rolling_years: dict = field(default_factory=dict)
    ratios: list = field(default_factory=list)  # RatioLine per relative likelihood, when published rounded


# ---------------------------------------------------------------------------------------------
# Reading the mart: every numerator / denominator becomes a named count
# ---------------------------------------------------------------------------------------------


def _as_count(value, what: str) -> int:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise SuppressionModelError(f"{what}: missing count")
    if float(value) != int(value) or int(value) < 0:
        raise SuppressionModelError(f"{what}: {value!r} is not a count")
    return int(value)


def _register(model: Figures, key: tuple, value, what: str, is_survey: bool = False) -> tuple:
    count = _as_count(value, what)
    cell = model.cells.get(key)
    if cell is None:
        model.cells[key] = Cell(key=key, value=count, is_published=True, is_survey=is_survey)
    elif cell.value != count:
        raise SuppressionModelError(
            f"{what}: count {key} is published twice with different values ({cell.value} and {count})"
        )
    return key


def _null(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


class _TidyRow:
    """What both readers (_read_figure for WRES, _read_wdes_figure for WDES) take from a row of a
    tidy mart first: its key (org, year, indicator or metric, measure, breakdown, group), its two
    counts, how errors name it, and the counts of its organisation-year by name."""

    def __init__(self, table: str, row: dict, standard_column: str, standard_type, group_column: str):
        self.org, self.year = row["org_code"], int(row["reporting_year"])
        self.key = (self.org, self.year, standard_type(row[standard_column]), row["measure"],
                    row["breakdown"] or "", row[group_column])
        self.numerator, self.denominator = row["numerator"], row["denominator"]
        self.what = f"{table} {self.key}"

    def require_no_counts(self) -> None:
        if not _null(self.numerator) or not _null(self.denominator):
            raise SuppressionModelError(f"{self.what}: unexpected numerator/denominator on a derived figure")

    def cell(self, family: str, part: str, cell_group: str) -> tuple:
        return (self.org, self.year, family, part, cell_group)


def _read_figure(model: Figures, row: dict) -> Figure:
    tidy = _TidyRow("wres_indicators", row, "indicator", int, "ethnic_group")
    key, what, numerator, denominator = tidy.key, tidy.what, tidy.numerator, tidy.denominator
    org, year, indicator, measure, breakdown, group = key
    require_no_counts, cell = tidy.require_no_counts, tidy.cell

    if measure.endswith(YOY_SUFFIX):
        base = measure[: -len(YOY_SUFFIX)]
        require_no_counts()
        return Figure(key, None, None, value_rows=(
            (org, year, indicator, base, breakdown, group),
            (org, year - 1, indicator, base, breakdown, group),
        ))

    if indicator in (1, 9) and measure in ("headcount", "pct"):
        family = "workforce" if indicator == 1 else "board"
        num = _register(model, cell(family, breakdown, group), numerator, what)
        den = None
        if not _null(denominator):
            den = _register(model, cell(family, breakdown, ALL), denominator, what)
        elif measure == "pct":
            raise SuppressionModelError(f"{what}: a percentage without its denominator")
        value_cells = (num,) if measure == "headcount" else (num, den)
        return Figure(key, num, den, value_cells=value_cells)

    if indicator == 9 and measure == "pct_point_diff":
        if group != "BME":
            raise SuppressionModelError(f"{what}: pct_point_diff is expected for BME only")
        num = den = None
        if not _null(numerator):
            num = _register(model, cell("board", breakdown, "BME"), numerator, what)
        if not _null(denominator):
            den = _register(model, cell("board", breakdown, ALL), denominator, what)
        # BME% of the board subset minus BME% of the workforce (indicator 1 overall)
        return Figure(key, num, den, value_cells=(
            cell("board", breakdown, "BME"), cell("board", breakdown, ALL),
            cell("workforce", OVERALL, "BME"), cell("workforce", OVERALL, ALL),
        ))

    if indicator in (2, 3, 4) and measure == "rate_pct":
        if group not in COMPARISON_GROUPS:
            raise SuppressionModelError(f"{what}: rates are expected for White and BME only")
        if indicator == 2:
            num_cell, den_cell = cell("appointed", breakdown, group), cell("shortlisted", breakdown, group)
        elif indicator == 3 and breakdown == "rolling":
            num_cell, den_cell = cell("disciplinary_rolling", "", group), cell("workforce_rolling", "", group)
        elif indicator == 3:
            if breakdown != "single_year":
                raise SuppressionModelError(f"{what}: unknown indicator 3 breakdown")
            num_cell, den_cell = cell("disciplinary", "", group), cell("workforce", OVERALL, group)
        else:
            # the denominator of indicators 3 and 4 is the same count as indicator 1's overall headcount
            num_cell, den_cell = cell("training", "", group), cell("workforce", OVERALL, group)
        num = _register(model, num_cell, numerator, what)
        den = _register(model, den_cell, denominator, what)
        return Figure(key, num, den, value_cells=(num, den))

    if indicator in (2, 3, 4) and measure == "relative_likelihood":
        require_no_counts()
        value = None if _null(row["value"]) else float(row["value"])
        # (a / n1) / (c / n2): indicator 3 compares BME with White, indicators 2 and 4 White with BME
        order = ("BME", "White") if indicator == 3 else ("White", "BME")
        return Figure(key, None, None, value=value, value_rows=tuple(
            (org, year, indicator, "rate_pct", breakdown, group) for group in order
        ))

    if indicator == 3 and measure == "rolling_years":
        require_no_counts()
        model.rolling_years[(org, year)] = int(row["value"])
        return Figure(key, None, None)  # the number of years pooled is not about anybody

    if indicator in SURVEY_INDICATORS and measure == "pct":
        if group not in COMPARISON_GROUPS:
            raise SuppressionModelError(f"{what}: survey percentages are expected for White and BME only")
        num = _register(model, cell(f"survey_{indicator}_positive", breakdown, group), numerator, what, True)
        den = _register(model, cell(f"survey_{indicator}_valid", breakdown, group), denominator, what, True)
        return Figure(key, num, den, value_cells=(num, den))

    raise SuppressionModelError(f"{what}: figure not known to the suppression model; refusing to publish it")


def _add_identity(model: Figures, name: str, total: tuple, parts: list, missing: str) -> None:
    """Register total = sum(parts) after checking it holds on the exact values.

    missing='zero': an absent part is a known zero (an empty band row the mart leaves out).
    missing='derive': one absent part is a count the identity implies but nothing publishes; it
    becomes a hidden cell with the implied value, so that it is protected like any other.
    """
    cells = model.cells
    if total not in cells:
        return
    present = [part for part in parts if part in cells]
    absent = [part for part in parts if part not in cells]
    if not present:
        return  # the table is not published (e.g. only indicator 3's use of the overall headcount)
    if missing == "derive" and absent:
        if len(absent) > 1:
            return  # two unknowns nobody publishes: nothing follows from it
        implied = cells[total].value - sum(cells[part].value for part in present)
        if implied < 0:
            raise SuppressionModelError(f"identity {name}: implied count {absent[0]} is negative ({implied})")
        cells[absent[0]] = Cell(key=absent[0], value=implied, is_published=False)
        present = list(parts)
    total_value = cells[total].value
    parts_value = sum(cells[part].value for part in present)
    if parts_value != total_value:
        raise SuppressionModelError(
            f"identity {name} does not hold in the mart: parts add up to {parts_value}, total is {total_value}"
        )
    if present:
        model.identities.append(Identity(name, total, tuple(present)))


def _build_identities(model: Figures) -> None:
    by_org_year: dict = {}
    for key in model.cells:
        by_org_year.setdefault((key[0], key[1]), set()).add(key)
    for (org, year) in sorted(by_org_year):
        keys = by_org_year[(org, year)]
        for family in ("workforce", "board"):
            parts_seen = sorted({key[3] for key in keys if key[2] == family})
            # each row: White + BME + Unknown = All
            for part in parts_seen:
                _add_identity(
                    model, f"{org} {year} {family} {part}: groups add up to All",
                    (org, year, family, part, ALL), [(org, year, family, part, group) for group in GROUPS], "zero",
                )
            groups = (*GROUPS, ALL)
            if family == "workforce":
                for section in SECTIONS:
                    section_total = f"{section} | {SECTION_TOTAL}"
                    band_rows = [part for part in parts_seen if part.startswith(f"{section} | ") and part != section_total]
                    for group in groups:
                        _add_identity(
                            model, f"{org} {year} {section} band rows add up to the section total ({group})",
                            (org, year, family, section_total, group),
                            [(org, year, family, band, group) for band in band_rows], "zero",
                        )
                for group in groups:
                    _add_identity(
                        model, f"{org} {year} sections add up to the overall workforce ({group})",
                        (org, year, family, OVERALL, group),
                        [(org, year, family, f"{section} | {SECTION_TOTAL}", group) for section in SECTIONS], "zero",
                    )
            else:
                for subset, complement in BOARD_PARTITIONS:
                    for group in groups:
                        _add_identity(
                            model, f"{org} {year} {subset} + {complement} = {BOARD_TOTAL} ({group})",
                            (org, year, family, BOARD_TOTAL, group),
                            [(org, year, family, subset, group), (org, year, family, complement, group)], "zero",
                        )
        # indicator 3, two-year rolling pool: pooled count = last year's + this year's
        for group in COMPARISON_GROUPS:
            for pooled, single, part in (
                ("disciplinary_rolling", "disciplinary", ""), ("workforce_rolling", "workforce", OVERALL)
            ):
                total = (org, year, pooled, "", group)
                if total not in model.cells:
                    continue
                years = model.rolling_years.get((org, year))
                if years not in (1, 2):
                    raise SuppressionModelError(f"indicator 3 {org} {year}: rolling_years is {years!r}, expected 1 or 2")
                parts = [(org, y, single, part, group) for y in range(year - years + 1, year + 1)]
                _add_identity(model, f"{org} {year} indicator 3 rolling {single} ({group})", total, parts, "derive")


def read_figures(rows: list[dict]) -> Figures:
    model = Figures()
    for row in rows:
        figure = _read_figure(model, row)
        if figure.key in model.figures:
            raise SuppressionModelError(f"wres_indicators {figure.key}: duplicate figure")
        model.figures[figure.key] = figure
    for figure in model.figures.values():
        for key in figure.value_cells:
            if key not in model.cells:
                raise SuppressionModelError(f"wres_indicators {figure.key}: computed from {key}, which is not published")
        for key in figure.value_rows:
            if key not in model.figures:
                raise SuppressionModelError(f"wres_indicators {figure.key}: computed from figure {key}, which is absent")
    _build_identities(model)
    return model


def build_ratio_lines(model: Figures) -> None:
    """One RatioLine per calculable relative likelihood (issue 14.5)."""
    model.ratios = []
    for key, figure in model.figures.items():
        if key[3] != "relative_likelihood" or figure.value is None:
            continue
        first, second = (model.figures[row] for row in figure.value_rows)
        a, n1, c, n2 = (model.cells[cell].value for cell in (first.numerator_cell, first.denominator_cell,
                                                             second.numerator_cell, second.denominator_cell))
        if not n1 or not n2 or not c or not math.isclose((a / n1) / (c / n2), figure.value, rel_tol=1e-9, abs_tol=1e-12):
            raise SuppressionModelError(f"wres_indicators {key}: relative likelihood {figure.value} does not match "
                                        f"its counts ({a}/{n1}) / ({c}/{n2})")
        rounded = round(figure.value, RELATIVE_LIKELIHOOD_DECIMALS)
        model.ratios.append(RatioLine(
            name=f"{key[0]} {key[1]} indicator {key[2]} {key[4]} relative likelihood",
            figure=key,
            numerators=(first.numerator_cell, second.numerator_cell),
            denominators=(first.denominator_cell, second.denominator_cell),
            low=max(rounded - RELATIVE_LIKELIHOOD_HALF_STEP, 0.0),
            high=rounded + RELATIVE_LIKELIHOOD_HALF_STEP,
        ))


# ---------------------------------------------------------------------------------------------
# The attack: which suppressed counts can an outsider work out from what is published?
# ---------------------------------------------------------------------------------------------


def attacker_domain(cell: Cell, thresholds: Thresholds) -> tuple[float, float]:
    """What an outsider knows of a count they cannot see. Published reasons tell them a primary
    count lies in count_min..count_max; a complementary count is never 0 (zeros are not chosen)
    and never in that range (it would have been primary), so it is above count_max. In a table
    withheld as a whole (every count hidden, all 'complementary') a count can be anything."""
    if not cell.is_published or cell.is_in_withheld_table:
        return 0.0, math.inf
    if cell.reason == PRIMARY:
        return float(thresholds.count_min), float(thresholds.count_max)
    return float(thresholds.count_max + 1), math.inf


# Counts are whole numbers and never above this; it only keeps the linear programmes bounded.
LARGEST_COUNT = 1e7


def _fixed_columns(rows: list, column_count: int) -> list:
    """For A x = b (b known; rows: A's rows as {column: coefficient}), which x_j have the same
    value in every solution: those whose unit vector lies in the row space of A. The rows are
    reduced exactly (whole numbers, fractions where a pivot is not 1 or -1) to a basis in which
    each pivot column has one non-zero; x_j is fixed when its row in that basis is x_j alone.
    Sparse, in plain Python: the lines are short and the matrices small, and this is about six
    times faster than Gauss-Jordan in numpy element-wise operations (the same verdicts on the
    14,925 matrices of the demo, the small trust and 40 organisations, and exact where that
    one compared with tolerances)."""
    from fractions import Fraction

    pivot_rows: dict = {}  # pivot column -> its row, 1 at the pivot and 0 at every other pivot

    def subtract(row: dict, factor, other: dict) -> None:
        for column, value in other.items():
            new = row.get(column, 0) - factor * value
            if new:
                row[column] = new
            else:
                del row[column]

    for coefficients in rows:
        row = {column: value for column, value in coefficients.items() if value}
        for pivot, pivot_row in pivot_rows.items():
            if row.get(pivot):
                subtract(row, row[pivot], pivot_row)
        if not row:
            continue
        pivot = min(row)
        scale = row[pivot]
        if scale == -1:
            row = {column: -value for column, value in row.items()}
        elif scale != 1:
            row = {column: Fraction(value) / scale for column, value in row.items()}
        for other_row in pivot_rows.values():
            if other_row.get(pivot):
                subtract(other_row, other_row[pivot], row)
        pivot_rows[pivot] = row
    fixed = [False] * column_count
    for pivot, row in pivot_rows.items():
        fixed[pivot] = len(row) == 1
    return fixed


def _cheaply_narrowed(equalities: list, bounds: list, required: dict) -> set:
    """The quick part of the attack: unknowns whose range, narrowed line by line from the domains,
    is narrower than required[column] (a 'primary' 1 and a complementary 8 adding up to 9), and
    unknowns fixed by the identities alone (linear algebra: subtraction from a total, chains of
    lines). Both are outer bounds, so what they find is certainly narrow; what they miss (sums of
    several lines meeting the domains) the linear programme finds."""
    low = [float(low) for low, _ in bounds]
    high = [float(high) for _, high in bounds]
    lines = [(tuple(coefficients.items()), rhs) for coefficients, rhs in equalities]

    # the least and greatest value of coefficient * x[column] are written out inline (this loop is
    # most of the engine's time): the same products and sums, in the same order, as a helper would give
    for _ in range(100):
        changed = False
        for items, rhs in lines:
            # the line's least and greatest sum once, each column's own term taken out of it
            # (linear, not quadratic, in the line's length): every value is a whole number below
            # LARGEST_COUNT, so the floating-point sums are exact and the bounds those of a sum
            # over the other columns
            total_low = total_high = 0.0
            for column, coefficient in items:
                if coefficient > 0:
                    total_low += coefficient * low[column]
                    total_high += coefficient * high[column]
                else:
                    total_low += coefficient * high[column]
                    total_high += coefficient * low[column]
            for column, coefficient in items:
                if coefficient > 0:
                    own_low, own_high = coefficient * low[column], coefficient * high[column]
                    sum_low, sum_high = total_low - own_low, total_high - own_high
                    new_low, new_high = (rhs - sum_high) / coefficient, (rhs - sum_low) / coefficient
                else:
                    own_low, own_high = coefficient * high[column], coefficient * low[column]
                    sum_low, sum_high = total_low - own_low, total_high - own_high
                    new_low, new_high = (rhs - sum_low) / coefficient, (rhs - sum_high) / coefficient
                new_low = math.ceil(new_low - 1e-9)
                new_high = math.floor(new_high + 1e-9)
                if new_low > low[column]:
                    low[column] = new_low
                    changed = True
                if new_high < high[column]:
                    high[column] = new_high
                    changed = True
                if coefficient > 0:
                    total_low += coefficient * low[column] - own_low
                    total_high += coefficient * high[column] - own_high
                else:
                    total_low += coefficient * high[column] - own_low
                    total_high += coefficient * low[column] - own_high
        if not changed:
            break
    narrowed = {column for column, width in required.items() if high[column] - low[column] < width}
    if len(narrowed) == len(required):
        return narrowed  # every count asked about is narrow already: what the identities fix adds nothing
    pinned = {column for column, is_fixed in enumerate(_fixed_columns([coefficients for coefficients, _ in equalities],
                                                                         len(bounds))) if is_fixed}
    return (pinned & set(required)) | narrowed


def _quiet_highs():
    """A HiGHS instance that prints nothing. The first one in a process prints a copyright banner
    from C++ whatever the options (HiGHS issue 2749), into the dbt log of every build; standard
    output is pointed at /dev/null while it is made."""
    import os
    import sys

    import highspy

    global _HIGHS_BANNER_SHOWN
    if _HIGHS_BANNER_SHOWN:
        highs = highspy.Highs()
    else:
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            with open(os.devnull, "w") as devnull:
                os.dup2(devnull.fileno(), 1)
                highs = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        _HIGHS_BANNER_SHOWN = True
    highs.setOptionValue("output_flag", False)
    return highs


_HIGHS_BANNER_SHOWN = False


class _Programme:
    """The outsider's linear programme on one piece of unknowns, held in one HiGHS instance: the
    attack solves it up to a few dozen times with a new objective, each solve starting from the
    last basis (highspy directly: scipy's linprog rebuilds and re-checks the whole problem on
    every call, about seven times the cost on these small programmes)."""

    def __init__(self, equalities: list, inequalities: list, bounds: list):
        import highspy
        import numpy as np

        self.size = len(bounds)
        rows = [*((coefficients, rhs, rhs) for coefficients, rhs in equalities),
                *((coefficients, -highspy.kHighsInf, rhs) for coefficients, rhs in inequalities)]
        starts, indices, values = [0], [], []
        by_column: list = [[] for _ in range(self.size)]
        for row, (coefficients, _, _) in enumerate(rows):
            for column, value in coefficients.items():
                by_column[column].append((row, value))
        for entries in by_column:
            for row, value in entries:
                indices.append(row)
                values.append(value)
            starts.append(len(indices))
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = self.size, len(rows)
        lp.col_cost_ = np.zeros(self.size)
        lp.col_lower_ = np.array([low for low, _ in bounds], dtype=float)
        lp.col_upper_ = np.array([high for _, high in bounds], dtype=float)
        lp.row_lower_ = np.array([low for _, low, _ in rows], dtype=float)
        lp.row_upper_ = np.array([high for _, _, high in rows], dtype=float)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = self.size, len(rows)
        lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
        lp.a_matrix_.index_ = np.array(indices, dtype=np.int32)
        lp.a_matrix_.value_ = np.array(values, dtype=float)
        self.highs = _quiet_highs()
        self.highs.passModel(lp)
        self._columns = np.arange(self.size, dtype=np.int32)

    def solve(self, objective):
        """A solution minimising objective; None when the constraints have none."""
        import highspy
        import numpy as np

        self.highs.changeColsCost(self.size, self._columns, np.asarray(objective, dtype=float))
        self.highs.run()
        status = self.highs.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible:
            return None
        if status != highspy.HighsModelStatus.kOptimal:
            raise SuppressionModelError(f"the attack's linear programme failed: {self.highs.modelStatusToString(status)}")
        return np.array(self.highs.getSolution().col_value)


def _narrowed_by_linear_programme(equalities: list, inequalities: list, bounds: list, required: dict) -> set:
    """Which unknowns lie in an interval narrower than their required width under every constraint.

    Constraints are (coefficients {column: coefficient}, right-hand side): equalities A x = b and
    inequalities A x <= b, with bounds per column. The least and greatest x_j are linear
    programmes; x_j is narrow when floor(greatest) - ceil(least) < required[j]. To spare most of those
    programmes, a few feasible solutions in random directions (fixed seed) come first: a count
    they already spread over width or more is not narrow. The result depends on the constraints
    only, never on the true values: the engine's decisions must not (see apply_complementary).
    Which optimal solution HiGHS returns does not matter: a column is only called narrow after
    its own two programmes, whose optimal values are unique."""
    import random

    import numpy as np

    size = len(bounds)
    programme = _Programme(equalities, inequalities, bounds)

    def solve(objective):
        solution = programme.solve(objective)
        if solution is None:
            raise SuppressionModelError("the attack's linear programme failed: the constraints have no solution")
        return solution

    seen_low, seen_high = np.full(size, math.inf), np.full(size, -math.inf)

    def see(solution) -> None:
        np.minimum(seen_low, solution, out=seen_low)
        np.maximum(seen_high, solution, out=seen_high)

    def spread(column) -> int:
        return math.floor(seen_high[column] + 1e-7) - math.ceil(seen_low[column] - 1e-7)

    open_columns = set(required)
    directions = random.Random(len(required) * 7919 + size)
    for _ in range(8):
        if not open_columns:
            break
        see(solve(np.array([directions.choice((-1.0, 1.0)) for _ in range(size)])))
        open_columns = {column for column in open_columns if spread(column) < required[column]}
    # Two programmes are skipped where their answer is known already (a column's verdict is the
    # same: the spread of its own two optimal values, or a spread feasible solutions reach):
    # a column that an earlier column's solutions spread over its width, and the greatest (least)
    # value of a column that a solution already holds at the top (bottom) of its domain.
    domain_low = [math.ceil(low - 1e-7) for low, _ in bounds]
    domain_high = [math.floor(high + 1e-7) for _, high in bounds]
    narrow = set()
    for column in sorted(open_columns):
        if spread(column) >= required[column]:
            continue
        for sign in (-1.0, 1.0):
            if sign < 0 and math.floor(seen_high[column] + 1e-7) >= domain_high[column]:
                continue
            if sign > 0 and math.ceil(seen_low[column] - 1e-7) <= domain_low[column]:
                continue
            objective = np.zeros(size)
            objective[column] = sign
            see(solve(objective))
            if spread(column) >= required[column]:
                break
        else:
            narrow.add(column)
    return narrow


def _constraints(identities: list, cells: dict, at_most: list, ratios: list = ()) -> tuple[list, dict, list]:
    """The outsider's linear system: the hidden counts (unknown), their columns (index) and the
    constraints (kind, {column: coefficient}, rhs) of every identity ('eq'), every numerator <=
    denominator ('le') and every live rounded relative likelihood ('ratio', two <= rows) that
    involves one."""
    live = [line for line in ratios if line.is_live(cells)
            and any(not cells[key].is_visible for key in line.numerators)]
    # is_visible written out, each count looked at once: this runs for every identity of an
    # organisation in every round
    members = {key for identity in identities for key in identity.members}
    members.update(key for line in live for key in line.numerators)
    unknown = sorted(key for key in members if not (cells[key].is_published and cells[key].reason is None))
    index = {key: position for position, key in enumerate(unknown)}
    column_of = index.get
    constraints = []  # (kind, {column: coefficient}, rhs)
    for identity in identities:
        # the same coefficients, in the same order, and right-hand side as term by term over
        # (-1, total), (1, part), ...: counts are whole numbers, so the sum is exact either way
        coefficients: dict = {}
        rhs = 0
        column = column_of(identity.total)
        if column is None:
            rhs += cells[identity.total].value
        else:
            coefficients[column] = -1
        for part in identity.parts:
            column = column_of(part)
            if column is None:
                rhs -= cells[part].value
            else:
                coefficients[column] = coefficients.get(column, 0) + 1
        if 0 in coefficients.values():
            coefficients = {column: value for column, value in coefficients.items() if value}
        if coefficients:
            constraints.append(("eq", coefficients, rhs))
    for numerator, denominator in at_most:
        if numerator in index or denominator in index:
            if numerator not in cells or denominator not in cells:
                continue
            coefficients, rhs = {}, 0
            for coefficient, key in ((1, numerator), (-1, denominator)):
                if key in index:
                    coefficients[index[key]] = coefficients.get(index[key], 0) + coefficient
                else:
                    rhs -= coefficient * cells[key].value
            if coefficients and any(index.get(key) is not None for key in (numerator, denominator)):
                constraints.append(("le", coefficients, rhs))
    for line in live:
        (a, c), (n1, n2) = line.numerators, (cells[key].value for key in line.denominators)
        # a n2 - high n1 c <= 0 and low n1 c - a n2 <= 0
        for a_coefficient, c_coefficient in ((n2, -line.high * n1), (-n2, line.low * n1)):
            coefficients, rhs = {}, 0.0
            for coefficient, key in ((a_coefficient, a), (c_coefficient, c)):
                if key in index:
                    coefficients[index[key]] = coefficients.get(index[key], 0) + coefficient
                else:
                    rhs -= coefficient * cells[key].value
            constraints.append(("ratio", coefficients, rhs))
    return unknown, index, constraints


def count_interval(identities: list, cells: dict, thresholds: Thresholds, key, at_most: list = (),
                   ratios: list = ()) -> tuple:
    """The least and greatest whole value an outsider can give count key (its interval), by the
    same attack as exposed_counts: for tests and for reporting."""
    import numpy as np
    from scipy.optimize import linprog

    if cells[key].is_visible:
        return cells[key].value, cells[key].value
    unknown, index, constraints = _constraints(identities, cells, at_most, ratios)
    if key not in index:
        low, high = attacker_domain(cells[key], thresholds)
        return int(low), high
    size = len(unknown)
    rows = {True: ([], []), False: ([], [])}
    for kind, coefficients, rhs in constraints:
        is_equality = kind == "eq"
        row = np.zeros(size)
        for column, value in coefficients.items():
            row[column] = value
        rows[is_equality][0].append(row)
        rows[is_equality][1].append(rhs)
    bounds = [(low, min(high, LARGEST_COUNT)) for low, high in (attacker_domain(cells[k], thresholds) for k in unknown)]
    ends = []
    for sign in (1.0, -1.0):
        objective = np.zeros(size)
        objective[index[key]] = sign
        result = linprog(objective, A_eq=np.array(rows[True][0]) if rows[True][0] else None,
                         b_eq=rows[True][1] or None, A_ub=np.array(rows[False][0]) if rows[False][0] else None,
                         b_ub=rows[False][1] or None, bounds=bounds, method="highs")
        if result.status != 0:
            raise SuppressionModelError(f"the attack's linear programme failed: {result.message}")
        ends.append(result.x[index[key]])
    high = math.floor(ends[1] + 1e-7)
    return math.ceil(ends[0] - 1e-7), (math.inf if high >= LARGEST_COUNT else high)


def is_protected(cell: Cell) -> bool:
    """A count spec §6.6 protects: suppressed as primary (it stays protected inside a table
    withheld as a whole, where its reason reads 'complementary')."""
    return cell.reason is not None and (cell.reason == PRIMARY or cell.was_primary)


def exposed_counts(identities: list, cells: dict, thresholds: Thresholds, at_most: list = (),
                   cache: dict | None = None, ratios: list = ()) -> list:
    """The suppressed counts an outsider can narrow too far: a primary-suppressed count to an
    interval narrower than thresholds.protection_width (spec §6.6; exact recovery is width 0),
    any other suppressed count to one value (spec §6.2: no suppressed cell is recoverable).

    The outsider knows every visible count, every identity, the domains of attacker_domain (as
    if the internal reasons were published: the pattern itself may tell them, see apply_complementary)
    and that a numerator is at most its denominator (at_most: (numerator cell, denominator cell)).
    Whatever they combine (subtraction from a total, chains across tables and years, sums of
    several lines, the ranges a reason gives) is a linear constraint, so the least and greatest
    value each hidden count can take is a linear programme; the count is exposed when
    floor(greatest) - ceil(least) is below its required width. A relative likelihood published
    rounded (ratios, RatioLine) is two more linear constraints. The system falls apart into
    independent pieces (one section of one year, a board, ...), each solved on its own and
    remembered in cache while its constraints do not change. The attack of one call
    (_Attack); apply_complementary keeps one between its rounds."""
    return _Attack(identities, cells, thresholds, at_most, ratios, cache).exposed()


def _piece_exposed(keys: list, piece: list, cells: dict, thresholds: Thresholds, cache: dict | None) -> list:
    """The counts of one independent piece of the outsider's system narrowed too far (sorted).
    keys: the piece's unknown counts, sorted; piece: its constraints (kind, {count: coefficient},
    rhs) in the order of the lines (identities, numerator <= denominator pairs, rounded ratios).
    The result depends on these only (cache: by the piece's signature)."""
    if all(kind == "le" for kind, _, _ in piece):
        return []  # numerator <= denominator alone pins nothing the domains do not
    protected = [key for key in keys if cells[key].reason is not None]
    if not protected:
        return []
    signature = (
        tuple((key, cells[key].reason, cells[key].is_in_withheld_table) for key in keys),
        tuple((kind, tuple(sorted(coefficients.items())), rhs) for kind, coefficients, rhs in piece),
    )
    if cache is not None:
        cached = cache.get(signature)
        if cached is not None:
            return cached
    position = {key: place for place, key in enumerate(keys)}
    equalities, inequalities = [], []
    for kind, coefficients, rhs in piece:
        local = {position[key]: value for key, value in coefficients.items()}
        (equalities if kind == "eq" else inequalities).append((local, rhs))
    bounds = []
    for key in keys:
        low, high = attacker_domain(cells[key], thresholds)
        bounds.append((low, min(high, LARGEST_COUNT)))
    # a primary count: the protection width; any other suppressed count: not exactly (spec §6.2)
    required = {position[key]: thresholds.protection_width if is_protected(cells[key]) else 1
                for key in protected}
    narrow = _cheaply_narrowed(equalities, bounds, required)
    if not narrow:
        narrow = _narrowed_by_linear_programme(equalities, inequalities, bounds, required)
    result = sorted(keys[place] for place in narrow)
    if cache is not None:
        cache[signature] = result
    return result


class _Attack:
    """exposed_counts' attack on a set of lines (identities, numerator <= denominator pairs,
    rounded ratios), kept between calls: apply_complementary asks it again after every round,
    where a round changes a few counts of the organisation. Each call looks at every count of its
    lines (its reason, whether it is in a table withheld whole, published, primary at first) and
    at every ratio (live or not) and rebuilds only what changed: the constraints of the lines
    holding a count that changed (or whose being unknown changed), and the independent pieces
    those lines were or now are in, together with every piece they now touch. Every other piece
    has the same lines, the same constraints and the same counts as at the last call, so its
    verdict stands. A piece's verdict is _piece_exposed's, which depends only on the piece
    (the same signature as a rebuild from scratch gives, so the cache is shared with the trials
    of _protectable and with exposed_counts). The same result as exposed_counts from scratch, by
    construction: tests/python/test_publish_suppression.py compares the two after every round."""

    def __init__(self, identities: list, cells: dict, thresholds: Thresholds, at_most: list = (),
                 ratios: list = (), cache: dict | None = None):
        self.cells, self.thresholds, self.cache = cells, thresholds, cache
        identity_members = {key for identity in identities for key in identity.members}
        can_be_unknown = identity_members | {key for line in ratios for key in line.numerators}
        # the lines in the order exposed_counts always took them; a numerator <= denominator pair
        # is in the system only when one of its counts is unknown, and only a member of an
        # identity or the numerator of a rounded ratio can be: the other pairs never count
        self.lines = [("eq", identity) for identity in identities]
        self.lines += [("le", (numerator, denominator)) for numerator, denominator in at_most
                       if numerator in cells and denominator in cells
                       and (numerator in can_be_unknown or denominator in can_be_unknown)]
        self.pairs = [line for kind, line in self.lines if kind == "le"]  # the pairs that can count
        self.lines += [("ratio", line) for line in ratios]
        self.identity_members = identity_members
        self.lines_of: dict = {}
        self.ratios_of: dict = {}  # numerator -> the ratio lines it is a numerator of
        for position, (kind, line) in enumerate(self.lines):
            members = line.members if kind != "le" else line
            for key in dict.fromkeys(members):
                self.lines_of.setdefault(key, []).append(position)
            if kind == "ratio":
                for key in line.numerators:
                    self.ratios_of.setdefault(key, []).append(position)
        self.ratio_positions = [position for position, (kind, _) in enumerate(self.lines) if kind == "ratio"]
        # every count of the lines, as the last call saw it: its reason and whether it is in a
        # table withheld whole (what a round changes: whether a count is published and whether it
        # was primary are settled before apply_complementary and never change while it runs)
        self.watched = list(self.lines_of)
        self.watched_cells = [cells[key] for key in self.watched]
        self.seen_reason: list = [()] * len(self.watched)  # () matches no reason: all new at the first call
        self.seen_withheld: list = [None] * len(self.watched)
        self.unknown: set = set()  # the counts the outsider does not see, of the system
        self.active = [False] * len(self.lines)  # a rounded ratio in the system
        self.constraints: list = [None] * len(self.lines)  # a line's constraints, or None
        self.keys: list = [None] * len(self.lines)  # the counts of a line's constraints
        self.piece_of: list = [None] * len(self.lines)
        self.pieces: dict = {}  # number -> [lines, sorted counts, verdict or None while not asked]
        self.next_piece = 0
        self._first = True

    def _is_unknown(self, key) -> bool:
        cell = self.cells[key]
        if cell.is_published and cell.reason is None:
            return False
        return key in self.identity_members or any(self.active[position] for position in self.ratios_of.get(key, ()))

    def _constraints_of(self, position: int):
        """The constraints of one line, as _constraints builds them (the same coefficients in the
        same order, the same right-hand sides), keyed by count instead of column."""
        kind, line = self.lines[position]
        cells, unknown = self.cells, self.unknown
        if kind == "eq":
            coefficients: dict = {}
            rhs = 0
            if line.total in unknown:
                coefficients[line.total] = -1
            else:
                rhs += cells[line.total].value
            for part in line.parts:
                if part in unknown:
                    coefficients[part] = coefficients.get(part, 0) + 1
                else:
                    rhs -= cells[part].value
            if 0 in coefficients.values():
                coefficients = {key: value for key, value in coefficients.items() if value}
            return [("eq", coefficients, rhs)] if coefficients else None
        if kind == "le":
            numerator, denominator = line
            if numerator not in unknown and denominator not in unknown:
                return None
            coefficients, rhs = {}, 0
            for coefficient, key in ((1, numerator), (-1, denominator)):
                if key in unknown:
                    coefficients[key] = coefficients.get(key, 0) + coefficient
                else:
                    rhs -= coefficient * cells[key].value
            return [("le", coefficients, rhs)]
        if not self.active[position]:
            return None
        (a, c), (n1, n2) = line.numerators, (cells[key].value for key in line.denominators)
        constraints = []
        # a n2 - high n1 c <= 0 and low n1 c - a n2 <= 0
        for a_coefficient, c_coefficient in ((n2, -line.high * n1), (-n2, line.low * n1)):
            coefficients, rhs = {}, 0.0
            for coefficient, key in ((a_coefficient, a), (c_coefficient, c)):
                if key in unknown:
                    coefficients[key] = coefficients.get(key, 0) + coefficient
                else:
                    rhs -= coefficient * cells[key].value
            constraints.append(("ratio", coefficients, rhs))
        return constraints

    def _refresh(self) -> None:
        cells, lines_of = self.cells, self.lines_of
        seen_reason, seen_withheld = self.seen_reason, self.seen_withheld
        changed = []
        for place, cell in enumerate(self.watched_cells):
            if cell.reason != seen_reason[place] or cell.is_in_withheld_table != seen_withheld[place]:
                seen_reason[place], seen_withheld[place] = cell.reason, cell.is_in_withheld_table
                changed.append(self.watched[place])
        dirty: set = set()
        for key in changed:
            dirty.update(lines_of[key])
        # a rounded ratio is in the system while it is live and one of its numerators is hidden
        candidates = set(changed)
        for position in self.ratio_positions:
            line = self.lines[position][1]
            active = line.is_live(cells) and any(not cells[key].is_visible for key in line.numerators)
            if active != self.active[position] or self._first:
                self.active[position] = active
                dirty.add(position)
                candidates.update(line.numerators)
        for key in candidates:
            if self._is_unknown(key) != (key in self.unknown):
                if key in self.unknown:
                    self.unknown.discard(key)
                else:
                    self.unknown.add(key)
                dirty.update(lines_of[key])
        self._first = False
        if not dirty:
            return
        for position in dirty:
            constraints = self._constraints_of(position)
            self.constraints[position] = constraints
            self.keys[position] = None if constraints is None else \
                {key for _, coefficients, _ in constraints for key in coefficients}
        # the pieces to build again: those of the changed lines, and every piece one of them now
        # touches (a line whose constraints did not change keeps its neighbours, so a piece
        # nothing reaches is the same piece as before)
        redo = set(dirty)
        pending = list(dirty)

        def release(position: int) -> None:
            number = self.piece_of[position]
            if number is not None and number in self.pieces:
                for other in self.pieces.pop(number)[0]:
                    if other not in redo:
                        redo.add(other)
                        pending.append(other)

        for position in dirty:
            release(position)
        for position in list(redo):
            self.piece_of[position] = None
        seen: set = set()
        while pending:
            start = pending.pop()
            if start in seen:
                continue
            seen.add(start)
            if self.keys[start] is None:
                self.piece_of[start] = None
                continue
            component, stack = [], [start]
            while stack:
                position = stack.pop()
                component.append(position)
                for key in self.keys[position]:
                    for other in lines_of[key]:
                        if other in seen:
                            continue
                        other_keys = self.keys[other]
                        if other_keys is None or key not in other_keys:
                            continue
                        if other not in redo:
                            release(other)
                            redo.add(other)
                        seen.add(other)
                        stack.append(other)
            for position in component:
                self.piece_of[position] = None  # cleared before release could read it again
            number = self.next_piece
            self.next_piece += 1
            component.sort()
            for position in component:
                self.piece_of[position] = number
            self.pieces[number] = [component, sorted({key for position in component for key in self.keys[position]}),
                                   None]

    def _verdict(self, piece: list) -> list:
        if piece[2] is None:
            constraints = [constraint for position in piece[0] for constraint in self.constraints[position]]
            piece[2] = _piece_exposed(piece[1], constraints, self.cells, self.thresholds, self.cache)
        return piece[2]

    def exposed(self) -> list:
        """exposed_counts on the lines as the counts are now."""
        self._refresh()
        found = []
        for piece in self.pieces.values():
            found.extend(self._verdict(piece))
        return sorted(found)

    def exposes(self, key) -> bool:
        """key in self.exposed(), solving only key's piece."""
        self._refresh()
        if key not in self.unknown:
            return False
        for position in self.lines_of.get(key, ()):
            if self.keys[position] is not None and key in self.keys[position]:
                return key in self._verdict(self.pieces[self.piece_of[position]])
        return False


# ---------------------------------------------------------------------------------------------
# Primary, complementary (to a fixed point) and derived suppression
# ---------------------------------------------------------------------------------------------


def apply_primary(model: Figures, thresholds: Thresholds) -> None:
    for cell in model.cells.values():
        if cell.key[2] == "board" and not thresholds.suppress_board:
            continue  # spec §6.7: board members are public office holders
        if not cell.is_survey and thresholds.count_min <= cell.value <= thresholds.count_max:
            cell.reason, cell.round, cell.was_primary = PRIMARY, 0, True
    for figure in model.figures.values():
        if figure.key[2] not in SURVEY_INDICATORS or figure.denominator_cell is None:
            continue
        valid, positive = model.cells[figure.denominator_cell], model.cells[figure.numerator_cell]
        # 0 respondents: nothing to disclose (the percentage is not calculable and says so)
        if 0 < valid.value < thresholds.survey_min_respondents:
            for cell in (valid, positive):
                cell.reason, cell.round, cell.was_primary = PRIMARY, 0, True
        elif thresholds.survey_suppress_small_counts and thresholds.count_min <= positive.value <= thresholds.count_max:
            positive.reason, positive.round, positive.was_primary = PRIMARY, 0, True


@lru_cache(maxsize=None)  # asked for the same counts round after round
def _fixed_order(key: tuple) -> str:
    """A tie-break fixed in advance for every count (a hash of its name): it does not depend on
    any value, so an outsider rerunning the engine learns nothing from which count it picked."""
    import hashlib

    return hashlib.sha256(repr(key).encode()).hexdigest()


def _best_complement(lines: list, cells: dict, cost: dict):
    """The complement for a count exposed in one of lines: a visible non-zero count of those lines
    (or withdrawing a rounded relative likelihood), the one whose suppression withholds the
    fewest figures first (information cost: a band cell costs its own headcount and percentages, a
    total costs the percentages of its whole row, the overall workforce costs indicators 3, 4
    and 9 as well), then one in a line with fewer hidden counts, then the fixed order. Never by the count's own value: 'the next-smallest'
    tells an outsider that the hidden count is at most its visible line-mates, which rerunning
    the engine on guessed completions turns into narrower intervals (issue 14)."""
    best = None
    for line in lines:
        unknown_count = sum(1 for key in line.members if not cells[key].is_visible)
        eligible = [key for key in line.members if cells[key].is_visible and cells[key].value > 0]
        for key in eligible:
            candidate = (cost.get(key, (0, 0, 0)), unknown_count, _fixed_order(key), key)
            if best is None or candidate < best:
                best = candidate
        if isinstance(line, RatioLine) and line.is_live(cells):
            # withdrawing the rounded ratio withholds one figure: dearer than an inner cell,
            # cheaper than a margin and far cheaper than the overall workforce (its denominators)
            candidate = ((1, 0, 1), unknown_count, _fixed_order(line.name), line)
            if best is None or candidate[:3] < best[:3]:
                best = candidate
    return None if best is None else best[3]


def information_cost(model: Figures) -> dict:
    """For every count, what withholding it costs, from the structure only (never a value): first
    its tier (2: the overall workforce row, 1: another margin, 0: an inner cell), then the number
    of lines it is the total of (a margin carries what its parts add up to: the
    overall workforce more than a section total, a section total more than a band cell), then
    the number of figures of the tidy table computed from it (its headcount and percentages;
    for the overall workforce also indicators 3, 4 and 9), not counting a relative likelihood
    that stays published rounded when the count is one of its numerators."""
    totals: dict = {}
    for identity in model.identities:
        totals[identity.total] = totals.get(identity.total, 0) + 1
    # the overall workforce row (and indicator 3's pool of it) holds the denominators of the
    # headline figures (BME share, indicators 3, 4 and 9): the last resort. Hiding any of its
    # counts forces a second one of the same row, so its Unknown costs as much as the others.
    top = {key for key in model.cells
           if (key[2] == "workforce" and key[3] == OVERALL) or key[2] == "workforce_rolling"}
    figures: dict = {}
    kept_by_rounding = {line.figure: set(line.numerators) for line in model.ratios}
    for key in model.figures:
        for cell in _value_cells(model, key):
            # hiding a numerator of a relative likelihood published rounded does not withhold it
            if cell not in kept_by_rounding.get(key, ()):
                figures[cell] = figures.get(cell, 0) + 1
    return {key: (2 if key in top else int(key in totals), totals.get(key, 0), figures.get(key, 0))
            for key in model.cells}


def _table_of(key: tuple) -> tuple:
    """The published table a count belongs to: organisation, year and family (the indicator 1
    workforce table with its overall row, the indicator 9 board table, ...)."""
    return key[:3]


def withhold_table(model: Figures, table: tuple, round_number: int, tables: dict) -> list:
    """Withhold every count of one organisation-year table, zeros and totals included, all labelled
    'complementary'. The last resort when the reasons themselves give counts away: seven band
    rows holding one Unknown person each, seven Unknown in all (a 'primary' total is at most 7
    and each 'primary' part at least 1, so each part is 1), whatever else is hidden. With the
    whole table hidden and no count marked 'primary', an outsider knows nothing of any of them."""
    withheld = []
    for cell in tables.get(table, ()):
        if cell.is_published and not cell.is_survey and not cell.is_in_withheld_table:
            cell.reason, cell.round, cell.is_in_withheld_table = COMPLEMENTARY, round_number, True
            withheld.append(cell.key)
    return withheld  # the counts newly withheld


def _protectable(model: Figures, key: tuple, tables: dict, trial_attack: "_Attack") -> bool:
    """Could hiding more counts of its table ever protect key? Tried by hiding, for a moment, every
    visible non-zero count of the table: if key is still recoverable, only its reasons are to blame.
    The identities of the same organisation and year are enough to tell: trial_attack is the
    attack on those (with its rounded ratios and the organisation's numerator <= denominator
    pairs), kept for the organisation-year between trials; only key's own piece is solved."""
    trial = [cell for cell in tables.get(_table_of(key), ())
             if cell.is_visible and cell.value > 0 and not cell.is_survey]
    for cell in trial:
        cell.reason = COMPLEMENTARY
    try:
        return not trial_attack.exposes(key)
    finally:
        for cell in trial:
            cell.reason = None


def apply_complementary(model: Figures, thresholds: Thresholds, max_rounds: int = 10_000) -> dict:
    """Suppress a published non-zero count of a line holding an exposed count (_best_complement:
    least information cost, then a fixed order), and repeat until the attack narrows no primary
    count below the protection width; where more suppression cannot help, withhold the whole
    table. Terminates: every round withholds at least one more count of a finite set, or raises
    (fail closed). Returns the number of rounds per organisation.

    Why the pattern does not leak: every decision here depends only on which counts are primary,
    the visible counts and the structure (the attack's constraints use the reasons' ranges, not
    the hidden values; the complement is chosen by cost and a fixed order, not by its value). So
    any completion of the published table with the same primary counts, each in count_min..count_max
    and every complement above count_max, makes the engine choose the same pattern: an outsider
    who reruns the engine on guesses keeps all of them, and the attack here, which already grants
    the outsider the reasons, covers what rerunning can teach. Known limit (docs/publishing.md, "The
    pattern leak, and why closing it withholds the tables"): that holds round by round, not for
    the whole loop: whether a later round is needed depends on sums that an earlier round left
    shown and the later round hides, so the final pattern can depend on them
    (tests/python/test_disclosure_audit.py, test_forty_organisations_withstand_the_pattern_attack,
    a strict expected failure). An engine whose decisions read no withheld value was built and
    measured: it withholds nearly every count."""
    by_org: dict = {}
    for identity in model.identities:
        by_org.setdefault(identity.total[0], []).append(identity)
    at_most_by_org: dict = {}
    for figure in model.figures.values():
        # a numerator is at most its denominator, except indicator 3's: staff who entered the
        # disciplinary process may have left before the snapshot
        if figure.key[2] != 3 and figure.numerator_cell and figure.denominator_cell \
                and figure.numerator_cell != figure.denominator_cell \
                and model.cells[figure.numerator_cell].value <= model.cells[figure.denominator_cell].value:
            at_most_by_org.setdefault(figure.key[0], set()).add((figure.numerator_cell, figure.denominator_cell))
    tables: dict = {}
    for cell in model.cells.values():
        tables.setdefault(_table_of(cell.key), []).append(cell)
    ratios_by_org: dict = {}
    if thresholds.publish_rounded_relative_likelihoods:
        build_ratio_lines(model)
        for line in model.ratios:
            ratios_by_org.setdefault(line.figure[0], []).append(line)
    cost = information_cost(model)
    rounds_per_org = {}
    for org in sorted(set(by_org) | set(ratios_by_org)):
        identities, ratios = by_org.get(org, []), ratios_by_org.get(org, [])
        at_most = sorted(at_most_by_org.get(org, ()))
        cache: dict = {}
        # the attack, kept between the rounds (it rebuilds only what a round changes), and the
        # protectability trials' attacks, one per organisation-year, sharing its cache
        attack = _Attack(identities, model.cells, thresholds, at_most, ratios, cache)
        trial_attacks: dict = {}

        def trial_attack(key) -> _Attack:
            org_year = key[:2]
            if org_year not in trial_attacks:
                trial_attacks[org_year] = _Attack(
                    [identity for identity in identities if identity.total[:2] == org_year], model.cells,
                    thresholds, attack.pairs, [line for line in ratios if line.figure[:2] == org_year], cache)
            return trial_attacks[org_year]

        attempts: dict = {}  # complements chosen for a count recovered by chains or ranges
        lines_of: dict = {}
        for identity in identities:
            for key in identity.members:
                lines_of.setdefault(key, []).append(identity)
        for line in ratios:
            for key in line.numerators:  # a rounded ratio exposes numerators; its denominators kill it
                lines_of.setdefault(key, []).append(line)

        def live_lines(key):
            return [line for line in lines_of.get(key, [])
                    if not isinstance(line, RatioLine) or line.is_live(model.cells)]

        round_number = 0
        while True:
            recoverable = attack.exposed()
            if not recoverable:
                break
            round_number += 1
            if round_number > max_rounds:
                raise SuppressionModelError(f"{org}: complementary suppression did not converge")
            # First the counts recoverable by plain subtraction (the only hidden cell of a line):
            # hiding a line-mate there fixes them, and often the counts that were only
            # recoverable through them. Only when there are none, the rest (chains, ranges).
            sole_lines = {
                key: [line for line in live_lines(key)
                      if sum(1 for member in line.members if not model.cells[member].is_visible) == 1]
                for key in recoverable
            }
            direct = [key for key in recoverable if sole_lines[key]]
            work = [(key, sole_lines[key]) for key in direct] or [(key, live_lines(key)) for key in recoverable]
            touched: set = set()
            progress = False
            for key, lines in work:
                if any(id(line) in touched for line in lines_of.get(key, [])):
                    continue  # a line of this count changed this round: attack again first
                chosen = _best_complement(lines, model.cells, cost)
                if not direct:
                    attempts[key] = attempts.get(key, 0) + 1
                if chosen is None or attempts.get(key, 0) > 2:
                    # still recovered through chains or the ranges the reasons give after a few
                    # complements: make sure more suppression can help at all
                    if not _protectable(model, key, tables, trial_attack(key)):
                        withheld = withhold_table(model, _table_of(key), round_number, tables)
                        for member in withheld:
                            touched.update(id(line) for line in lines_of.get(member, []))
                        progress = progress or bool(withheld)
                        continue
                if chosen is None:
                    # widen to the lines of its line-mates
                    neighbours = {id(line): line for member_line in lines_of.get(key, [])
                                  for member in member_line.members for line in lines_of.get(member, [])}
                    chosen = _best_complement(list(neighbours.values()), model.cells, cost)
                if chosen is None:
                    continue
                if isinstance(chosen, RatioLine):
                    chosen.is_withdrawn = True
                    for member in chosen.numerators:
                        touched.update(id(line) for line in lines_of.get(member, []))
                    progress = True
                    continue
                cell = model.cells[chosen]
                cell.reason, cell.round = COMPLEMENTARY, round_number
                touched.update(id(line) for line in lines_of.get(key, []))
                touched.update(id(line) for line in lines_of.get(chosen, []))
                progress = True
            if not progress:
                # nothing chosen anywhere near: withhold the tables of what is still recoverable
                withheld = [key for recovered in recoverable
                            for key in withhold_table(model, _table_of(recovered), round_number, tables)]
                if not withheld:
                    raise SuppressionModelError(f"{org}: cannot protect {recoverable}; nothing left to withhold")
        rounds_per_org[org] = round_number
    return rounds_per_org


def _value_cells(model: Figures, key: tuple, seen: frozenset = frozenset()) -> set:
    if key in seen:
        raise SuppressionModelError(f"figure {key} is computed from itself")
    figure = model.figures[key]
    found = set(figure.value_cells)
    for row in figure.value_rows:
        found |= _value_cells(model, row, seen | {key})
    return found


def decide(model: Figures) -> list[dict]:
    """One decision per figure: the figure (value, interval, flags) is suppressed when any count
    it is computed from is; numerator and denominator are each shown unless that count is. A
    relative likelihood with a RatioLine (wres_publish_rounded_relative_likelihoods) whose
    denominators are shown is published rounded instead (is_value_rounded): the attack took the
    rounded ratio in when it chose the complements."""
    rounded_ratios = {line.figure for line in model.ratios if line.is_live(model.cells)}
    decisions = []
    for key, figure in model.figures.items():
        suppressed_cells = [cell for cell in _value_cells(model, key) if model.cells[cell].reason]
        is_suppressed = bool(suppressed_cells)
        is_value_rounded = is_suppressed and key in rounded_ratios
        is_suppressed = is_suppressed and not is_value_rounded
        reason = None
        if is_suppressed:
            measure, indicator = key[3], key[2]
            if measure == "headcount":
                reason = model.cells[figure.numerator_cell].reason
            elif indicator in SURVEY_INDICATORS and measure == "pct" and model.cells[figure.denominator_cell].reason:
                reason = PRIMARY  # fewer valid respondents than the survey threshold
            else:
                reason = DERIVED
        numerator = model.cells[figure.numerator_cell] if figure.numerator_cell else None
        denominator = model.cells[figure.denominator_cell] if figure.denominator_cell else None
        decisions.append({
            **dict(zip(KEY_COLUMNS, (*key[:4], key[4] or None, key[5]))),
            "is_suppressed": is_suppressed,
            "is_value_rounded": is_value_rounded,
            "rounded_value": round(figure.value, RELATIVE_LIKELIHOOD_DECIMALS) if is_value_rounded else None,
            "suppression_reason": reason,
            "numerator_suppression_reason": numerator.reason if numerator else None,
            "denominator_suppression_reason": denominator.reason if denominator else None,
            "numerator_suppression_round": numerator.round if numerator and numerator.reason else None,
        })
    return decisions


def suppress(rows: list[dict], thresholds: Thresholds) -> tuple[list[dict], Figures]:
    model = read_figures(rows)
    apply_primary(model, thresholds)
    apply_complementary(model, thresholds)
    return decide(model), model


def suppress_decisions(rows: list[dict], thresholds: dict) -> list[dict]:
    """suppress() as a worker process calls it (wres/suppression_workers.py): the thresholds as a
    dict, the decisions only."""
    return suppress(rows, Thresholds(**thresholds))[0]


def decisions_by_organisation(function: str, rows: list[dict], thresholds: Thresholds, workers: int,
                              *shared, by_org: dict | None = None, min_rows: int | None = None) -> list[dict]:
    """The decisions of `function` (suppress_decisions, suppress_wdes_decisions) with the
    organisations decided apart, in up to `workers` worker processes (issue 13). Every step of the
    engine works organisation by organisation, so the decisions are the same as one call on all the
    rows. `shared` goes to every call; of `by_org` (a dict keyed by tuples starting with org_code)
    each call gets its own organisations' entries. Few rows, or one worker: decided here."""
    from dataclasses import asdict

    from wres import suppression_workers as pool

    # worker processes only for enough rows to pay for their start; each takes small tasks (a few
    # organisations) one after another, so that organisations of unequal cost even out
    processes = min(workers, len(rows) // max(1, pool.MIN_ROWS_PER_CHUNK if min_rows is None else min_rows))
    chunks = pool.organisation_chunks(rows, max(1, processes) * pool.CHUNKS_PER_WORKER, 1) if processes > 1 else [rows]

    def arguments(chunk: list[dict]) -> tuple:
        if by_org is None:
            return (chunk, asdict(thresholds), *shared)
        orgs = {row["org_code"] for row in chunk}
        return (chunk, asdict(thresholds), *shared, {key: value for key, value in by_org.items() if key[0] in orgs})

    if processes <= 1 or len(chunks) <= 1:
        return globals()[function](*arguments(rows))
    try:
        parts = pool.run_tasks(pool.ENGINE_PATH, function, [arguments(chunk) for chunk in chunks], processes)
    except pool.WorkerFailed as failed:
        if failed.error_type == SuppressionModelError.__name__:
            raise SuppressionModelError(str(failed)) from None  # fail closed, as in one process
        raise
    return [decision for part in parts for decision in part]


def model(dbt, session):
    import pandas as pd

    dbt.config(materialized="table")

    def setting(value, default):
        return default if value in (None, "", "None") else value

    def flag(value, default: bool) -> bool:
        return str(setting(value, default)).lower() == "true"

    # dbt finds these calls statically: the names must be literals, one plain call per line (a call
    # inside a chain such as str(...).lower() is not found, and its config never reaches the model)
    count_min = dbt.config.get("suppress_count_min")
    count_max = dbt.config.get("suppress_count_max")
    survey_min_respondents = dbt.config.get("survey_min_respondents")
    survey_suppress_small_counts = dbt.config.get("survey_suppress_small_counts")
    protection_width = dbt.config.get("suppression_protection_width")
    suppress_board = dbt.config.get("suppress_board")
    publish_rounded_relative_likelihoods = dbt.config.get("publish_rounded_relative_likelihoods")
    suppression_workers = dbt.config.get("suppression_workers")
    thresholds = Thresholds(
        count_min=int(setting(count_min, 1)),
        count_max=int(setting(count_max, 7)),
        survey_min_respondents=int(setting(survey_min_respondents, 11)),
        survey_suppress_small_counts=flag(survey_suppress_small_counts, False),
        protection_width=int(setting(protection_width, 3)),
        suppress_board=flag(suppress_board, False),
        publish_rounded_relative_likelihoods=flag(publish_rounded_relative_likelihoods, False),
    )
    relation = dbt.ref("wres_indicators")
    columns = [*KEY_COLUMNS, "numerator", "denominator", "value"]
    rows = [dict(zip(columns, record)) for record in relation.select(", ".join(columns)).fetchall()]
    from wres.suppression_workers import worker_count

    decisions = decisions_by_organisation("suppress_decisions", rows, thresholds, worker_count(suppression_workers))
    frame = pd.DataFrame(decisions, columns=[
        *KEY_COLUMNS, "is_suppressed", "is_value_rounded", "rounded_value", "suppression_reason", "numerator_suppression_reason",
        "denominator_suppression_reason", "numerator_suppression_round",
    ])
    frame["reporting_year"] = frame["reporting_year"].astype("int32")
    frame["indicator"] = frame["indicator"].astype("int32")
    frame["is_suppressed"] = frame["is_suppressed"].astype("bool")
    frame["is_value_rounded"] = frame["is_value_rounded"].astype("bool")
    frame["rounded_value"] = frame["rounded_value"].astype("float64")
    frame["numerator_suppression_round"] = frame["numerator_suppression_round"].astype("Int32")
    for column in ("org_code", "measure", "breakdown", "ethnic_group", "suppression_reason",
                   "numerator_suppression_reason", "denominator_suppression_reason"):
        frame[column] = frame[column].astype("object")
    return frame


# ---------------------------------------------------------------------------------------------
# WDES (issue 12): the WDES tidy mart read into the same counts and identities, decided by the
# same functions. The dbt model is int_wdes_figures_suppressed.py, which loads this file.
# ---------------------------------------------------------------------------------------------

WDES_GROUPS = ("Disabled", "Non-disabled", "Unknown")
WDES_COMPARISON_GROUPS = ("Disabled", "Non-disabled")
# a count of metric 1 that is in no row of the mart but in its declaration rate: Disabled + Non-disabled
WDES_DECLARED = "Declared"
WDES_KEY_COLUMNS = ("org_code", "reporting_year", "metric", "measure", "breakdown", "disability_group")
WDES_SURVEY_PCT_METRICS = ("4a_i", "4a_ii", "4a_iii", "4b", "5", "6", "7", "8")
WDES_ENGAGEMENT_METRIC = "9a"
# metric 1's sections are named plainly in the WDES mart; WRES indicator 1 names them '<section> | Total'
WDES_SECTIONS = SECTIONS
# which group's rate is the first of a relative likelihood (equality_metrics.orientation): above
# 1.00 means Disabled staff fare worse
WDES_RATIO_ORDER = {"2": ("Non-disabled", "Disabled"), "3": ("Disabled", "Non-disabled")}


def _read_wdes_figure(model: Figures, row: dict, survey_cells: set) -> Figure:
    """One row of marts.wdes_indicators as a Figure over named counts. The families of metric 1
    and metric 3's pool are named as indicator 1's and indicator 3's (workforce, workforce_rolling),
    and metric 10's as indicator 9's (board), so that the engine treats them alike: the overall
    workforce is the last resort for complements and the board is public (spec §6.7)."""
    tidy = _TidyRow("wdes_indicators", row, "metric", str, "disability_group")
    key, what, numerator, denominator = tidy.key, tidy.what, tidy.numerator, tidy.denominator
    org, year, metric, measure, breakdown, group = key
    require_no_counts, cell = tidy.require_no_counts, tidy.cell

    if metric in ("1", "10") and measure in ("headcount", "pct"):
        if group not in WDES_GROUPS:
            raise SuppressionModelError(f"{what}: unknown disability group")
        family = "workforce" if metric == "1" else "board"
        num = _register(model, cell(family, breakdown, group), numerator, what)
        den = None
        if not _null(denominator):
            den = _register(model, cell(family, breakdown, ALL), denominator, what)
        elif measure == "pct":
            raise SuppressionModelError(f"{what}: a percentage without its denominator")
        return Figure(key, num, den, value_cells=(num,) if measure == "headcount" else (num, den))

    if metric == "1" and measure == "declaration_rate_pct":
        if group != ALL:
            raise SuppressionModelError(f"{what}: the declaration rate is expected for All only")
        num = _register(model, cell("workforce", breakdown, WDES_DECLARED), numerator, what)
        den = _register(model, cell("workforce", breakdown, ALL), denominator, what)
        return Figure(key, num, den, value_cells=(num, den))

    if metric == "10" and measure == "pct_point_diff":
        require_no_counts()
        if group != "Disabled":
            raise SuppressionModelError(f"{what}: pct_point_diff is expected for Disabled only")
        # Disabled % of the board subset minus Disabled % of the workforce (metric 1 overall)
        return Figure(key, None, None, value_cells=(
            cell("board", breakdown, "Disabled"), cell("board", breakdown, ALL),
            cell("workforce", OVERALL, "Disabled"), cell("workforce", OVERALL, ALL),
        ))

    if metric in ("2", "3") and measure == "rate_pct":
        if group not in WDES_COMPARISON_GROUPS:
            raise SuppressionModelError(f"{what}: rates are expected for Disabled and Non-disabled only")
        if metric == "2":
            if breakdown not in ("all_applications", "excluding_guaranteed_interview"):
                raise SuppressionModelError(f"{what}: unknown metric 2 breakdown")
            num_cell, den_cell = cell("wdes_appointed", breakdown, group), cell("wdes_shortlisted", breakdown, group)
        elif breakdown == "rolling":
            num_cell, den_cell = cell("capability_rolling", "", group), cell("workforce_rolling", "", group)
        elif breakdown == "single_year":
            # the denominator is the same count as metric 1's overall headcount
            num_cell, den_cell = cell("capability", "", group), cell("workforce", OVERALL, group)
        else:
            raise SuppressionModelError(f"{what}: unknown metric 3 breakdown")
        num = _register(model, num_cell, numerator, what)
        den = _register(model, den_cell, denominator, what)
        return Figure(key, num, den, value_cells=(num, den))

    if metric in WDES_RATIO_ORDER and measure == "relative_likelihood":
        require_no_counts()
        value = None if _null(row["value"]) else float(row["value"])
        return Figure(key, None, None, value=value, value_rows=tuple(
            (org, year, metric, "rate_pct", breakdown, ratio_group) for ratio_group in WDES_RATIO_ORDER[metric]
        ))

    if metric in WDES_SURVEY_PCT_METRICS and measure == "pct":
        if group not in WDES_COMPARISON_GROUPS or (metric == "8" and group != "Disabled"):
            raise SuppressionModelError(f"{what}: unexpected survey group")
        num = _register(model, cell(f"wdes_survey_{metric}_positive", breakdown, group), numerator, what, True)
        den = _register(model, cell(f"wdes_survey_{metric}_valid", breakdown, group), denominator, what, True)
        survey_cells.add(key)
        return Figure(key, num, den, value_cells=(num, den))

    if metric == WDES_ENGAGEMENT_METRIC and measure == "mean_score":
        if group not in (*WDES_COMPARISON_GROUPS, ALL) or not _null(numerator):
            raise SuppressionModelError(f"{what}: unexpected engagement score row")
        den = _register(model, cell("wdes_survey_9a_respondents", breakdown, group), denominator, what, True)
        survey_cells.add(key)
        return Figure(key, None, den, value_cells=(den,))

    if (metric in WDES_SURVEY_PCT_METRICS and measure == "pct_point_gap") or \
            (metric == WDES_ENGAGEMENT_METRIC and measure == "score_diff"):
        require_no_counts()
        base = "pct" if measure == "pct_point_gap" else "mean_score"
        # Disabled minus Non-disabled: withheld with either side (spec §6.3)
        return Figure(key, None, None, value_rows=tuple(
            (org, year, metric, base, breakdown, side) for side in WDES_COMPARISON_GROUPS
        ))

    raise SuppressionModelError(f"{what}: figure not known to the suppression model; refusing to publish it")


def is_clustered_band_row(breakdown: str, clusters: dict) -> bool:
    """A metric 1 band row that belongs to a cluster (seed metric1_clusters: band row -> cluster)."""
    return " | " in breakdown and breakdown.split(" | ", 1)[1] in clusters


def _build_wdes_identities(model: Figures, clusters: dict) -> None:
    """The WDES identities an outsider knows: in every metric 1 row Disabled + Non-disabled =
    Declared and Declared + Unknown = All; the clusters (and band rows in no cluster, M&D Other)
    add up to their section and the sections to the overall workforce, for every one of those
    counts (Declared's and All's follow from the groups', but the engine looks for complements in
    the lines of an exposed count, so each count gets its own); the board's subsets add up to the
    whole board; metric 3's pool is this year's count plus last year's. Clustered band rows are
    not in the model (withheld, see withheld_band_row_decisions)."""
    by_org_year: dict = {}
    for key in model.cells:
        by_org_year.setdefault((key[0], key[1]), set()).add(key)
    cluster_codes = sorted(set(clusters.values()))
    for (org, year) in sorted(by_org_year):
        keys = by_org_year[(org, year)]
        for family in ("workforce", "board"):
            for part in sorted({key[3] for key in keys if key[2] == family}):
                cells = [(org, year, family, part, group) for group in WDES_GROUPS]
                declared = (org, year, family, part, WDES_DECLARED)
                if declared in model.cells:
                    _add_identity(model, f"{org} {year} {part}: Disabled + Non-disabled = declared", declared,
                                  cells[:2], "zero")
                    _add_identity(model, f"{org} {year} {part}: declared + Unknown = All",
                                  (org, year, family, part, ALL), [declared, cells[2]], "zero")
                elif family == "workforce" or all(c in model.cells for c in cells):
                    _add_identity(model, f"{org} {year} {family} {part}: groups add up to All",
                                  (org, year, family, part, ALL), cells, "zero")
        parts = {key[3] for key in keys if key[2] == "workforce"}
        for group in (*WDES_GROUPS, WDES_DECLARED, ALL):
            for section in WDES_SECTIONS:
                rows = sorted(part for part in parts if part.startswith(f"{section} | "))
                stray = [part for part in rows if part.split(" | ", 1)[1] not in cluster_codes]
                _add_identity(model, f"{org} {year} {section}: clusters add up to the section ({group})",
                              (org, year, "workforce", section, group),
                              [(org, year, "workforce", f"{section} | {code}", group) for code in cluster_codes]
                              + [(org, year, "workforce", part, group) for part in stray], "zero")
            _add_identity(model, f"{org} {year} sections add up to the overall workforce ({group})",
                          (org, year, "workforce", OVERALL, group),
                          [(org, year, "workforce", section, group) for section in WDES_SECTIONS], "zero")
        for group in ("Disabled", ALL):
            for subset, complement in BOARD_PARTITIONS:
                _add_identity(model, f"{org} {year} {subset} + {complement} = {BOARD_TOTAL} ({group})",
                              (org, year, "board", BOARD_TOTAL, group),
                              [(org, year, "board", subset, group), (org, year, "board", complement, group)], "zero")
        for group in WDES_COMPARISON_GROUPS:
            for pooled, single, part in (("capability_rolling", "capability", ""), ("workforce_rolling", "workforce", OVERALL)):
                total = (org, year, pooled, "", group)
                if total not in model.cells:
                    continue
                # the pool has two years where last year is in the mart, else this year alone
                years = 2 if (org, year - 1, "capability", "", group) in model.cells else 1
                _add_identity(model, f"{org} {year} metric 3 rolling {single} ({group})", total,
                              [(org, y, single, part, group) for y in range(year - years + 1, year + 1)], "derive")


def read_wdes_figures(rows: list[dict], clusters: dict) -> tuple[Figures, set]:
    """The WDES tidy rows as counts, figures and identities; also the keys of the survey figures
    (metrics 4-9a), to which the respondent threshold applies."""
    model, survey_figures = Figures(), set()
    model.band_rows = []  # rows of clustered band rows: withheld (withheld_band_row_decisions)
    for row in rows:
        if str(row["metric"]) == "1" and is_clustered_band_row(row["breakdown"] or "", clusters):
            model.band_rows.append(row)
            continue
        figure = _read_wdes_figure(model, row, survey_figures)
        if figure.key in model.figures:
            raise SuppressionModelError(f"wdes_indicators {figure.key}: duplicate figure")
        model.figures[figure.key] = figure
    for figure in model.figures.values():
        for key in figure.value_cells:
            if key not in model.cells:
                raise SuppressionModelError(f"wdes_indicators {figure.key}: computed from {key}, which is not published")
        for key in figure.value_rows:
            if key not in model.figures:
                raise SuppressionModelError(f"wdes_indicators {figure.key}: computed from figure {key}, which is absent")
    _build_wdes_identities(model, clusters)
    return model, survey_figures


def apply_wdes_survey_threshold(model: Figures, survey_figures: set, thresholds: Thresholds) -> None:
    """Spec §6.1 for the Staff Survey metrics 4-9a, as for WRES indicators 5-8: a group of 1 to
    survey_min_respondents - 1 valid respondents has its figure and both counts withheld; 0
    respondents is not calculable, not suppressed."""
    for key in survey_figures:
        figure = model.figures[key]
        valid = model.cells[figure.denominator_cell]
        positive = model.cells[figure.numerator_cell] if figure.numerator_cell else None
        if 0 < valid.value < thresholds.survey_min_respondents:
            for cell in (valid, positive):
                if cell is not None:
                    cell.reason, cell.round, cell.was_primary = PRIMARY, 0, True
        elif positive is not None and thresholds.survey_suppress_small_counts \
                and thresholds.count_min <= positive.value <= thresholds.count_max:
            positive.reason, positive.round, positive.was_primary = PRIMARY, 0, True


def wres_twin(key: tuple) -> tuple:
    """The WRES indicator 1 count of the same people as a WDES metric 1 All count (a cluster's
    name is in no WRES table, so its twin is never found)."""
    org, year, family, part, group = key
    if part in WDES_SECTIONS:
        part = f"{part} | {SECTION_TOTAL}"
    return (org, year, family, part, group)


def take_wres_totals(model: Figures, wres_totals: dict, clusters: dict, thresholds: Thresholds) -> set:
    """Both standards publish the All count of a row (a section, the overall workforce, a band row
    in no cluster; a cluster is the sum of band rows that WRES publishes): the same people, so
    one decision. WRES decides first (its published tier does not change with WDES); a total WRES
    withholds is withheld here with WRES's reason (and protected by this attack like any
    other); one WRES shows is public, and the WDES engine must not count on hiding it.

    A cluster's All is public when WRES shows every band row of it, or when every band row WRES
    withholds in its section (band rows in no cluster included) is in this cluster (the section's
    All gives their sum); otherwise it would give WRES's withheld band rows a sum WRES does not
    publish, so that cluster's row is withheld whole but its zeros (its other counts unknown to an
    outsider, 0 or more), and the attack protects its All like any withheld count.
    wres_totals: WRES cell key (org, year, 'workforce', breakdown, 'All') -> (value, reason or None).
    Returns the keys of the public All counts."""
    public = set()
    if not wres_totals:
        return public
    # WRES's totals by organisation, year and family (a lookup instead of a scan of every
    # organisation's totals for each cluster count), and each section's band rows once
    totals_of: dict = {}
    for twin_key, (_, reason) in wres_totals.items():
        totals_of.setdefault(twin_key[:3], []).append((twin_key, reason))
    band_rows_of: dict = {}
    for key, cell in model.cells.items():
        if key[2] != "workforce" or key[4] != ALL:
            continue
        twin = wres_twin(key)
        if twin in wres_totals:
            value, reason = wres_totals[twin]
            if value != cell.value:
                raise SuppressionModelError(
                    f"WDES count {key} is {cell.value} but WRES publishes the same people as {value}")
            if reason is None:
                public.add(key)
            else:
                cell.reason, cell.round, cell.was_primary = reason, 0, reason == PRIMARY
            continue
        org, year, _, part, _ = key
        section, code = part.split(" | ", 1) if " | " in part else (part, None)
        if code is None:
            raise SuppressionModelError(f"WDES count {key} has no WRES twin")
        if (key[:3], section) not in band_rows_of:
            band_rows_of[(key[:3], section)] = {
                twin_key: reason for twin_key, reason in totals_of.get(key[:3], ())
                if twin_key[3].startswith(f"{section} | ") and twin_key[3] != f"{section} | {SECTION_TOTAL}"}
        band_rows = band_rows_of[(key[:3], section)]
        withheld = {band for band, reason in band_rows.items() if reason is not None}
        members = {band for band in withheld if clusters.get(band[3].split(" | ", 1)[1]) == code}
        if not members or members == withheld:
            # public even when it is 1..7 (WRES's withheld band rows of 5 and 1 in one cluster give
            # 6, and each is still 1..5): known to the attack, withheld from the table all the
            # same (suppress_wdes), as no count of 1..7 is shown
            public.add(key)
            continue
        for group in (*WDES_GROUPS, WDES_DECLARED, ALL):
            member = model.cells.get((org, year, "workforce", part, group))
            # zeros are shown (spec §6.1): an extract without disability has 0 Disabled everywhere
            if member is not None and member.value > 0:
                is_small = thresholds_small(member.value, thresholds)
                member.reason, member.round, member.is_in_withheld_table = COMPLEMENTARY, 0, True
                member.was_primary = is_small
    return public


def thresholds_small(value: int, thresholds: Thresholds) -> bool:
    return thresholds.count_min <= value <= thresholds.count_max


def _hidden_public(model: Figures, public: set) -> set:
    return {key for key in public if model.cells[key].reason is not None}


def fold_public_totals(model: Figures, public: set) -> None:
    """Make the totals WRES publishes constants of the lines they are in, so that the engine never
    chooses one as a complement (hiding a count that WRES shows protects nothing). The engine
    withholds only visible counts above zero, so a constant is written as counts it never takes:
    a line total = parts with a public total becomes 0 = other parts + (public parts - total),
    a visible 0 and a visible count of zero or less; a line with public parts only becomes
    total = other parts + c with c an unpublished count (unknown to the engine's outsider, never
    withheld, nothing to protect) pinned by 0 = c + (-public parts). The attack reads the same
    equations. A line whose every member is public says nothing and goes. The public counts stay
    counts of their figures (percentages' denominators, metric 10's workforce share)."""
    folded = []

    def constant(identity: Identity, role: str, value: int, is_published: bool = True) -> tuple:
        key = (identity.total[0], identity.total[1], "public_constant", identity.name, role)
        model.cells[key] = Cell(key=key, value=value, is_published=is_published)
        return key

    for identity in model.identities:
        public_parts = [part for part in identity.parts if part in public]
        if identity.total not in public and not public_parts:
            folded.append(identity)
            continue
        others = tuple(part for part in identity.parts if part not in public)
        known = sum(model.cells[part].value for part in public_parts)
        if identity.total in public:
            if others:
                folded.append(Identity(identity.name, constant(identity, "zero", 0),
                                       (*others, constant(identity, "offset", known - model.cells[identity.total].value))))
            continue
        carried = constant(identity, "public parts", known, is_published=False)
        folded.append(Identity(identity.name, identity.total, (*others, carried)))
        folded.append(Identity(f"{identity.name}: its public parts", constant(identity, "zero", 0),
                               (carried, constant(identity, "offset", -known))))
    model.identities = folded


def _unhide_public(model: Figures, public: set, thresholds: Thresholds) -> list:
    """Show again the public totals that the engine withheld (withhold_table takes a whole table,
    its totals included; fold_public_totals keeps them out of every line, so never as a
    complement) and return the counts the attack then narrows too far (none: the pattern
    stands; tests/python/test_publish_suppression_wdes.py meets hundreds of such tables)."""
    hidden = _hidden_public(model, public)
    for key in hidden:
        cell = model.cells[key]
        cell.reason, cell.round, cell.is_in_withheld_table = None, None, False
    if not hidden:
        return []
    orgs = {key[0] for key in hidden}
    identities = [identity for identity in model.identities if identity.total[0] in orgs]
    return exposed_counts(identities, model.cells, thresholds)


def withheld_band_row_decisions(model: Figures, thresholds: Thresholds) -> list[dict]:
    """Decision (docs/wdes.md): metric 1 is published by cluster (the WDES's breakdown), section
    and overall; its band rows in a cluster are WRES's breakdown and stay internal: two partitions
    of the same small numbers cannot both be protected without withholding most of each. Each
    of their figures is withheld whatever its counts, so every count says 'complementary' (its
    internal reason must not tell which of them are 1..7: the pattern does not)."""
    return withheld_row_decisions(model.band_rows)


def withheld_row_decisions(rows: list[dict]) -> list[dict]:
    """Every figure of rows withheld, whatever its counts ('complementary': the reason must not
    tell which counts are 1..7)."""
    decisions = []
    for row in rows:
        def reason(count):
            return None if _null(count) else COMPLEMENTARY
        numerator, denominator = reason(row["numerator"]), reason(row["denominator"])
        decisions.append({
            **{column: row[column] for column in WDES_KEY_COLUMNS},
            "reporting_year": int(row["reporting_year"]),
            "is_suppressed": True,
            "is_value_rounded": False,
            "rounded_value": None,
            "suppression_reason": numerator if row["measure"] == "headcount" else DERIVED,
            "numerator_suppression_reason": numerator,
            "denominator_suppression_reason": denominator,
            "numerator_suppression_round": 0 if numerator else None,
        })
    return decisions


def decide_wdes(model: Figures, survey_figures: set) -> list[dict]:
    """decide() per WDES figure, with the WDES key columns; a survey figure of too few
    respondents is 'primary' (decide() knows the WRES survey indicators only)."""
    decisions = []
    for decision in decide(model):
        key = (decision["org_code"], decision["reporting_year"], decision["indicator"], decision["measure"],
               decision["breakdown"] or "", decision["ethnic_group"])
        if key in survey_figures and decision["is_suppressed"] \
                and model.cells[model.figures[key].denominator_cell].reason == PRIMARY:
            decision["suppression_reason"] = PRIMARY
        decision["metric"] = decision.pop("indicator")
        decision["disability_group"] = decision.pop("ethnic_group")
        decisions.append(decision)
    return decisions


def suppress_wdes_decisions(rows: list[dict], thresholds: dict, clusters: dict, wres_totals: dict) -> list[dict]:
    """suppress_wdes() as a worker process calls it (decisions_by_organisation)."""
    return suppress_wdes(rows, Thresholds(**thresholds), clusters, wres_totals)[0]


def suppress_wdes(rows: list[dict], thresholds: Thresholds, clusters: dict,
                  wres_totals: dict | None = None) -> tuple[list[dict], Figures]:
    """The WDES decisions: the same primary, complementary and derived rules as WRES (spec §6),
    after WRES's decisions on the totals both standards publish (take_wres_totals)."""
    # An organisation-year where nobody's disability is recorded (a WRES-only extract: every
    # Disabled and Non-disabled count 0) publishes no WDES figure: there is nothing to publish,
    # and the zeros it would pin are no reason to fail the build.
    unrecorded = {(row["org_code"], int(row["reporting_year"])) for row in rows
                  if str(row["metric"]) == "1" and row["measure"] == "declaration_rate_pct"
                  and row["breakdown"] == OVERALL and not _null(row["numerator"]) and int(row["numerator"]) == 0}
    withheld_rows = [row for row in rows if (row["org_code"], int(row["reporting_year"])) in unrecorded]
    rows = [row for row in rows if (row["org_code"], int(row["reporting_year"])) not in unrecorded]
    model, survey_figures = read_wdes_figures(rows, clusters)
    public = take_wres_totals(model, wres_totals or {}, clusters, thresholds)
    fold_public_totals(model, public)
    apply_primary(model, thresholds)
    apply_wdes_survey_threshold(model, survey_figures, thresholds)
    for cell in model.cells.values():
        if cell.is_in_withheld_table and cell.reason == PRIMARY:
            # a row withheld whole says nothing of which of its counts are 1..7 (as
            # withhold_table): its reason says so too, and the count stays protected
            cell.reason, cell.was_primary = COMPLEMENTARY, True
    apply_complementary(model, thresholds)
    # a table the engine withheld whole holds totals that WRES shows: shown again, and the attack
    # run once more; a count it then narrows too far stops the build (fail closed)
    exposed = _unhide_public(model, public, thresholds)
    if exposed:
        raise SuppressionModelError(f"WDES: counts {sorted(exposed)[:5]} are exposed by the totals WRES publishes")
    for key in public:
        cell = model.cells[key]
        if thresholds_small(cell.value, thresholds):
            # a cluster's All that WRES gives away but is 1..7: not shown (the rule), protecting nothing
            cell.reason, cell.round, cell.was_primary = PRIMARY, 0, True
    return (decide_wdes(model, survey_figures) + withheld_band_row_decisions(model, thresholds)
            + withheld_row_decisions(withheld_rows)), model
