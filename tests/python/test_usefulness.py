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
