"""wres/usefulness.py: the published share of the headline figures and of all counts, on tables
built by hand (expected shares worked out below), and the summary a run prints."""

from __future__ import annotations

import duckdb
import pytest

from wres import usefulness


@pytest.fixture()
def connection():
    """Two organisation-years. Headlines: bme_workforce_pct calculable in both, published in one;
    ind3_relative_likelihood calculable in one (NULL in the mart for the other: not calculable),
    published in none. Counts of the tidy table: 3 rows with numerator and denominator, one
    numerator NULL in the mart (not a count) -> 5 counts, of which the published tier shows 3."""
    con = duckdb.connect()
    for schema in ("marts", "published"):
        con.execute(f"create schema {schema}")
        con.execute(f"create table {schema}.wres_summary (org_code varchar, reporting_year integer, "
                    "bme_workforce_pct double, ind3_relative_likelihood double)")
        con.execute(f"create table {schema}.wres_indicators (org_code varchar, reporting_year integer, "
                    "indicator integer, measure varchar, breakdown varchar, ethnic_group varchar, "
                    "numerator bigint, denominator bigint)")
    con.execute("insert into marts.wres_summary values ('A', 2024, 20.0, 1.3), ('B', 2024, 30.0, null)")
    con.execute("insert into published.wres_summary values ('A', 2024, 20.0, null), ('B', 2024, null, null)")
    con.execute("""insert into marts.wres_indicators values
        ('A', 2024, 1, 'pct', 'overall', 'BME', 20, 100),
        ('A', 2024, 3, 'rate_pct', 'rolling', 'BME', 3, 100),
        ('A', 2024, 1, 'headcount', null, 'BME', null, 40)""")
    con.execute("""insert into published.wres_indicators values
        ('A', 2024, 1, 'pct', 'overall', 'BME', 20, 100),
        ('A', 2024, 3, 'rate_pct', 'rolling', 'BME', null, null),
        ('A', 2024, 1, 'headcount', null, 'BME', null, 40)""")
    yield con
    con.close()


def test_shares_of_headlines_and_counts(connection):
    measured = usefulness.measure(connection)
    shares = {share.name: (share.published, share.calculable) for share in measured.headlines}
    assert shares == {"bme_workforce_pct": (1, 2), "ind3_relative_likelihood": (0, 1)}
    assert (measured.counts.published, measured.counts.calculable) == (3, 5)
    assert measured.counts.share == pytest.approx(0.6)
    assert measured.least_published_headline.name == "ind3_relative_likelihood"


def test_no_trajectory_table_no_trajectory_shares(connection):
    assert usefulness.measure(connection).trajectory == ()


def test_trajectory_shares(connection):
    """Three trajectory rows. band_headcount: in the mart for 2 (the third year has no snapshot),
    published for 1; actual_bme_headcount and actual_bme_pct: 2, published 0; goal_bme_pct: 3,
    published 1 (NULL in the published tier where the mart has none does not count either way);
    is_on_track: 2, published 0."""
    for schema in ("marts", "published"):
        connection.execute(f"create table {schema}.model_employer_trajectory (org_code varchar, "
                           "reporting_year integer, band_row varchar, band_headcount bigint, "
                           "actual_bme_headcount bigint, actual_bme_pct double, goal_bme_pct double, is_on_track boolean)")
    connection.execute("""insert into marts.model_employer_trajectory values
        ('A', 2023, 'Band 8a', 70, 13, 18.6, 18.6, true),
        ('A', 2024, 'Band 8a', 77, 9, 11.7, 18.7, false),
        ('A', 2025, 'Band 8a', null, null, null, 18.8, null)""")
    connection.execute("""insert into published.model_employer_trajectory values
        ('A', 2023, 'Band 8a', 70, null, null, null, null),
        ('A', 2024, 'Band 8a', null, null, null, null, null),
        ('A', 2025, 'Band 8a', null, null, null, 18.8, null)""")
    shares = {share.name: (share.published, share.calculable) for share in usefulness.measure(connection).trajectory}
    assert shares == {
        "trajectory band_headcount": (1, 2), "trajectory actual_bme_headcount": (0, 2),
        "trajectory actual_bme_pct": (0, 2), "trajectory goal_bme_pct": (1, 3), "trajectory is_on_track": (0, 2),
    }
    lines = usefulness.summary_lines(usefulness.measure(connection))
    assert any("trajectory goal_bme_pct" in line and "33.3%  (1 of 3)" in line for line in lines)
    assert usefulness.as_record(usefulness.measure(connection))["trajectory band_headcount"] == [1, 2]


def test_summary_lines(connection):
    lines = usefulness.summary_lines(usefulness.measure(connection))
    assert lines[0].startswith("Published share")
    assert "bme_workforce_pct" in lines[1] and "50.0%  (1 of 2)" in lines[1]
    assert "60.0%  (3 of 5)" in lines[-1]
    assert usefulness.as_record(usefulness.measure(connection))["ind3_relative_likelihood"] == [0, 1]


def test_a_run_records_the_usefulness_of_its_publication(demo_build):
    """The demo run measured its publication after publishing (printed, and kept in run.json)."""
    import json

    record = json.loads((demo_build.run_dir / "run.json").read_text())
    shares = record["usefulness"]
    assert shares["bme_workforce_pct"] == [9, 9]  # demo: 3 organisations x 3 years, all published
    assert shares["ind9_voting_pct_point_diff"] == [9, 9]  # board composition is public by default
    published, calculable = shares["all counts (wres_indicators)"]
    assert 0 < published < calculable
