"""How the report writes a figure: rounding for display (spec §4) and reasons in words.

Figures are rounded only here, for display: ratios 2 dp, percentages 1 dp, percentage points
1 dp with a sign, counts as whole numbers with thousands separators. The tests format the
published values the same way and compare them with the page.
"""

from __future__ import annotations

import math

# measure of the tidy table (published.wres_indicators) -> display kind
MEASURE_KIND = {
    "headcount": "count",
    "rolling_years": "count",
    "pct": "pct",
    "rate_pct": "pct",
    "relative_likelihood": "ratio",
    "pct_point_diff": "points",
    "pct_yoy_change": "points",
    "pct_point_diff_yoy_change": "points",
    "relative_likelihood_yoy_change": "signed_ratio",
}

SUPPRESSED = "suppressed"

# Today's published tier names the rule (spec §6: primary / complementary / derived); after
# issue 14 it carries one public phrase. Known codes become words, any other text is shown as is.
_SUPPRESSION_WORDS = {
    "primary": "fewer than {count_floor} staff",
    "complementary": "withheld so that another suppressed figure cannot be worked out",
    "derived": "calculated from a suppressed count",
}
_SURVEY_PRIMARY = "fewer than {survey_floor} survey respondents"

_NOT_CALCULABLE_WORDS = {
    "denominator_zero": "no one in a group to divide by",
    "comparator_rate_zero": "the comparator group's rate is zero",
}


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_number(value, kind: str) -> str:
    """A figure as the report prints it (value is not missing)."""
    if kind == "count":
        return f"{int(round(value)):,}"
    if kind == "pct":
        return f"{value:.1f}"
    if kind == "ratio":
        return f"{value:.2f}"
    if kind == "signed_ratio":
        return f"{value:+.2f}"
    if kind == "points":
        return f"{value:+.1f}"
    raise ValueError(f"unknown display kind {kind!r}")


def suppression_words(reason: str | None, indicator: int, count_floor: int, survey_floor: int) -> str:
    """'suppressed: <why>' for a withheld figure of the published tier."""
    if not reason:
        return f"{SUPPRESSED} to protect small numbers"
    code = reason.strip()
    if code.lower().startswith(SUPPRESSED):
        return code  # already a public phrase (issue 14)
    if code == "primary" and indicator in (5, 6, 7, 8):
        words = _SURVEY_PRIMARY.format(survey_floor=survey_floor)
    elif code in _SUPPRESSION_WORDS:
        words = _SUPPRESSION_WORDS[code].format(count_floor=count_floor)
    else:
        words = code
    return f"{SUPPRESSED}: {words}"


def not_calculable_words(reason: str | None) -> str:
    if not reason:
        return "not calculable"
    return f"not calculable: {_NOT_CALCULABLE_WORDS.get(reason, reason)}"
