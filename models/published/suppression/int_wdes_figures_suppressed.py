"""Small-numbers suppression of the WDES figures (issue 12): one decision per figure of marts.wdes_indicators.

The same engine as WRES: this model loads int_indicator_figures_suppressed.py (the WRES model's
file) and calls its WDES reading functions (read_wdes_figures, take_wres_totals, ...) and the
shared primary, complementary and derived steps, with the same thresholds (the wres_* vars).
It runs after the WRES decisions: the All counts of metric 1 are the same people as indicator 1's,
so a total WRES withholds is withheld here too, and one WRES shows is never counted on as hidden.
A figure the engine does not know fails the build (fail closed), as for WRES.
"""


def model(dbt, session):
    import pandas as pd

    from wres.suppression_workers import load_engine, worker_count

    dbt.config(materialized="table")
    engine = load_engine()

    def setting(value, default):
        return default if value in (None, "", "None") else value

    def flag(value, default: bool) -> bool:
        return str(setting(value, default)).lower() == "true"

    # one plain call per line: dbt finds config.get calls statically (see int_indicator_figures_suppressed)
    count_min = dbt.config.get("suppress_count_min")
    count_max = dbt.config.get("suppress_count_max")
    survey_min_respondents = dbt.config.get("survey_min_respondents")
    survey_suppress_small_counts = dbt.config.get("survey_suppress_small_counts")
    protection_width = dbt.config.get("suppression_protection_width")
    suppress_board = dbt.config.get("suppress_board")
    publish_rounded_relative_likelihoods = dbt.config.get("publish_rounded_relative_likelihoods")
    suppression_workers = dbt.config.get("suppression_workers")
    thresholds = engine.Thresholds(
        count_min=int(setting(count_min, 1)),
        count_max=int(setting(count_max, 7)),
        survey_min_respondents=int(setting(survey_min_respondents, 11)),
        survey_suppress_small_counts=flag(survey_suppress_small_counts, False),
        protection_width=int(setting(protection_width, 3)),
        suppress_board=flag(suppress_board, False),
        publish_rounded_relative_likelihoods=flag(publish_rounded_relative_likelihoods, False),
    )

    columns = [*engine.WDES_KEY_COLUMNS, "numerator", "denominator", "value"]
    rows = [dict(zip(columns, record))
            for record in dbt.ref("wdes_indicators").select(", ".join(columns)).fetchall()]
    clusters = dict(dbt.ref("metric1_clusters").select("band_row, cluster_code").fetchall())
    # WRES indicator 1's All counts (each pct row's denominator) with WRES's decision on them
    wres_all = dbt.ref("wres_indicators").filter("indicator = 1 and measure = 'pct'").select(
        "org_code, reporting_year, breakdown, ethnic_group, denominator")
    wres_decisions = dbt.ref("int_indicator_figures_suppressed").filter("indicator = 1 and measure = 'pct'").select(
        "org_code, reporting_year, breakdown, ethnic_group, denominator_suppression_reason")
    reasons = {tuple(record[:4]): record[4] for record in wres_decisions.fetchall()}
    wres_totals = {}
    for org, year, breakdown, group, denominator in wres_all.fetchall():
        wres_totals[(org, int(year), "workforce", breakdown, engine.ALL)] = (
            int(denominator), reasons[(org, year, breakdown, group)])

    # organisations decided apart, in worker processes at scale (the same decisions: issue 13)
    decisions = engine.decisions_by_organisation("suppress_wdes_decisions", rows, thresholds,
                                                 worker_count(suppression_workers), clusters, by_org=wres_totals)
    frame = pd.DataFrame(decisions, columns=[
        *engine.WDES_KEY_COLUMNS, "is_suppressed", "is_value_rounded", "rounded_value", "suppression_reason",
        "numerator_suppression_reason", "denominator_suppression_reason", "numerator_suppression_round",
    ])
    frame["reporting_year"] = frame["reporting_year"].astype("int32")
    frame["is_suppressed"] = frame["is_suppressed"].astype("bool")
    frame["is_value_rounded"] = frame["is_value_rounded"].astype("bool")
    frame["rounded_value"] = frame["rounded_value"].astype("float64")
    frame["numerator_suppression_round"] = frame["numerator_suppression_round"].astype("Int32")
    for column in ("org_code", "metric", "measure", "breakdown", "disability_group", "suppression_reason",
                   "numerator_suppression_reason", "denominator_suppression_reason"):
        frame[column] = frame[column].astype("object")
    return frame
