"""The suppression engine with organisations decided apart in worker processes (issue 13,
wres/suppression_workers.py): the same decisions, row for row, as one pass over every organisation,
and an engine error in a worker still stops the build with the engine's own message (fail closed)."""

from __future__ import annotations

import random
import pytest

from test_publish_suppression import ROUNDED_RATIOS, THRESHOLDS, engine, random_org  # noqa: E402
from test_publish_suppression_wdes import BANDS, CLUSTERS, metric_1, wres_decided_totals  # noqa: E402

from wres import suppression_workers


def canonical(decisions: list[dict]) -> list[tuple]:
    return sorted(tuple(sorted((key, repr(value)) for key, value in decision.items())) for decision in decisions)


@pytest.fixture(scope="module")
def wres_rows() -> list[dict]:
    rng = random.Random(20240331)
    rows = []
    for number in range(12):
        rows += random_org(rng, f"R{number:02d}")
    return rows


@pytest.mark.parametrize("thresholds", [THRESHOLDS, ROUNDED_RATIOS], ids=["default", "rounded relative likelihoods"])
def test_wres_decisions_in_workers_equal_one_pass(wres_rows, thresholds):
    one_pass, _ = engine.suppress(wres_rows, thresholds)
    in_workers = engine.decisions_by_organisation("suppress_decisions", wres_rows, thresholds, 2, min_rows=1)
    assert len(in_workers) == len(wres_rows)
    assert canonical(in_workers) == canonical(one_pass)
    # something was suppressed, so the comparison means something
    assert any(decision["numerator_suppression_reason"] == "complementary" for decision in one_pass)


def test_wdes_decisions_in_workers_equal_one_pass():
    # the random organisations of test_publish_suppression_wdes, each decided by WRES first
    rng = random.Random(12)
    rows, totals = [], {}
    for trial in range(12):
        org = f"X{trial:02d}"
        bands = {key: (rng.choice([0, 1, 2, 5, 9, 14]), rng.randint(3, 60), rng.choice([0, 1, 3, 8, 20]))
                 for key in BANDS}
        bands[("clinical", "M&D Other")] = (rng.randint(0, 2), rng.randint(1, 12), 1)
        stray = {("clinical", "M&D Other"): bands.pop(("clinical", "M&D Other"))}
        rows += metric_1(org, 2024, bands, stray=stray)
        totals.update(wres_decided_totals(org, 2024, {**bands, **stray}, rng))
    one_pass, _ = engine.suppress_wdes(rows, THRESHOLDS, CLUSTERS, totals)
    in_workers = engine.decisions_by_organisation("suppress_wdes_decisions", rows, THRESHOLDS, 2, CLUSTERS,
                                                  by_org=totals, min_rows=1)
    assert canonical(in_workers) == canonical(one_pass)
    assert any(decision["suppression_reason"] for decision in one_pass)


def test_an_engine_error_in_a_worker_fails_closed_with_its_message(wres_rows):
    broken = [dict(row) for row in wres_rows]
    late = next(row for row in reversed(broken) if row["measure"] == "headcount" and row["indicator"] == 1)
    late["numerator"] += 1  # indicator 1's rows no longer add up to their total: the engine refuses
    with pytest.raises(engine.SuppressionModelError) as one_pass:
        engine.suppress(broken, THRESHOLDS)
    with pytest.raises(engine.SuppressionModelError) as in_workers:
        engine.decisions_by_organisation("suppress_decisions", broken, THRESHOLDS, 2, min_rows=1)
    assert str(in_workers.value) == str(one_pass.value)


def test_a_worker_that_dies_is_a_failure_not_an_empty_result(tmp_path):
    dying = tmp_path / "dying_engine.py"
    dying.write_text("import os\n\ndef decide(*arguments):\n    os._exit(3)  # as a worker killed mid-way\n")
    with pytest.raises(suppression_workers.WorkerFailed, match="exit code 3"):
        suppression_workers.run_tasks(dying, "decide", [(1,), (2,)], 2)


def test_organisations_are_never_split_and_small_sets_stay_in_one_chunk(wres_rows):
    chunks = suppression_workers.organisation_chunks(wres_rows, 8, min_rows=1)
    assert len(chunks) == 8
    owners = [{row["org_code"] for row in chunk} for chunk in chunks]
    assert sum(len(orgs) for orgs in owners) == 12  # each organisation in exactly one chunk
    assert sorted(len(chunk) for chunk in chunks) and sum(len(chunk) for chunk in chunks) == len(wres_rows)
    assert len(suppression_workers.organisation_chunks(wres_rows, 8)) == 1  # below MIN_ROWS_PER_CHUNK each


@pytest.mark.parametrize(("configured", "threads", "expected"), [(3, None, 3), (0, "2", 2), ("", "1", 1), (None, None, None)])
def test_worker_count(monkeypatch, configured, threads, expected):
    if threads is None:
        monkeypatch.delenv("WRES_DUCKDB_THREADS", raising=False)
    else:
        monkeypatch.setenv("WRES_DUCKDB_THREADS", threads)
    count = suppression_workers.worker_count(configured)
    assert count == (expected or max(1, suppression_workers.os.cpu_count() or 1))
