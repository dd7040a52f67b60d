"""A test-only hook: make a run wait at a named point, so that a test can kill it there.

``WRES_TEST_PAUSE_AT=<point>`` makes the run print ``WRES_TEST_PAUSED <point> pid=<pid>`` to
standard error and then sleep until it is killed. tests/python/test_run_kills.py uses it to
``kill -9`` a real ``wres run`` at an exact point. Unset (always, outside those tests) it does
nothing. The points:

- ``landing``: inside the landing transaction, after the first extract is loaded (uncommitted);
- ``validation``: inside a Great Expectations stage, its fact frames read, before its results are
  written;
- ``publish``: the first Parquet file of a new publication written into its unfinished folder;
- ``publish_rename``: the new publication's folder renamed into place, ``current`` not switched;
- ``publish_switched``: ``current`` switched, older publications not yet pruned.
"""

from __future__ import annotations

import os
import sys
import time

PAUSE_VARIABLE = "WRES_TEST_PAUSE_AT"


def pause_point(name: str) -> None:
    if os.environ.get(PAUSE_VARIABLE) != name:
        return
    print(f"WRES_TEST_PAUSED {name} pid={os.getpid()}", file=sys.stderr, flush=True)
    while True:  # until the test kills the process
        time.sleep(3600)
