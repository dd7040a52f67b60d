"""The small trust's fixed cost (issue 13): the garbage collector of a one-shot `wres` process
(wres/heap.py) and the deferred scipy.stats import of Great Expectations (wres/quality/runner.py).
Each case runs in a fresh interpreter: both change process-wide state."""

from __future__ import annotations

import subprocess
import sys


def _python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_one_shot_process_freezes_its_heap_and_collects_less_often():
    output = _python(
        "import gc\n"
        "from wres import heap\n"
        "heap.settle()\n"  # not a one-shot process yet: nothing is frozen
        "print(gc.get_freeze_count(), end=' ')\n"
        "heap.one_shot_process()\n"
        "frozen = gc.get_freeze_count()\n"
        "import json, decimal\n"  # stands in for a large import
        "heap.settle()\n"
        "print(frozen > 0, gc.get_freeze_count() > frozen, gc.get_threshold())\n"
    )
    assert output == "0 True True (20000, 20, 20)"


def test_the_wres_command_is_a_one_shot_process():
    # `wres run` with a bad setting stops before any work, after the heap is set up
    output = _python(
        "import gc, sys\n"
        "from wres import cli\n"
        "code = cli.main(['run', '--duckdb-threads', '0'])\n"
        "print(code, gc.get_threshold(), gc.get_freeze_count() > 0)\n"
    )
    assert output.splitlines()[-1] == "2 (20000, 20, 20) True"


def test_a_deferred_module_loads_on_first_use():
    output = _python(
        "import sys\n"
        "from wres.quality.runner import _defer_import\n"
        "_defer_import('colorsys')\n"
        "module = sys.modules['colorsys']\n"
        "print(type(module).__name__, end=' ')\n"
        "print(module.rgb_to_hsv(1.0, 0.0, 0.0), type(module).__name__)\n"
    )
    assert output == "_LazyModule (0.0, 1.0, 1.0) module"


def test_great_expectations_is_set_up_without_running_scipy_stats(tmp_path):
    # scipy.stats is imported by GX for expectations no suite uses; it runs only when one is used
    output = _python(
        "import sys\n"
        "from pathlib import Path\n"
        "from wres.quality.runner import QualityRun\n"
        f"QualityRun(Path({str(tmp_path / 'x.duckdb')!r}), Path({str(tmp_path / 'run')!r}), 'r1')._gx()\n"
        "import great_expectations\n"
        "stats = sys.modules['scipy.stats']\n"
        "print(type(stats).__name__, end=' ')\n"
        "print(round(float(stats.entropy([0.5, 0.5], [0.9, 0.1])), 4))\n"
    )
    assert output == "_LazyModule 0.5108"


def test_a_validation_leaves_scipy_stats_deferred(tmp_path):
    # a stage's first validation imports Great Expectations: scipy.stats must be deferred before it
    # (it was not when _validate imported GX before setting up the context: a CPU second per run)
    output = _python(
        "import sys\n"
        "from pathlib import Path\n"
        "import pandas as pd\n"
        "from wres.quality.facts import Facts\n"
        "from wres.quality.runner import QualityRun\n"
        "from wres.quality.suites import Suite\n"
        f"run = QualityRun(Path({str(tmp_path / 'x.duckdb')!r}), Path({str(tmp_path / 'run')!r}), 'r1')\n"
        "expectation = {'type': 'expect_column_values_to_not_be_null', 'kwargs': {'column': 'a'},\n"
        "               'meta': {'facts': 'landing.t.rows'}, 'severity': 'critical'}\n"
        "suite = Suite('landing.t', 'landing', 't', Path('t.json'), {'expectations': [expectation]})\n"
        "facts = Facts('landing.t.rows', 'landing', 't', 'select 1 as a', 'one row')\n"
        "result = run._validate(suite, facts, [expectation], pd.DataFrame({'a': [1]}))\n"
        "print(result['success'], type(sys.modules['scipy.stats']).__name__)\n"
    )
    assert output == "True _LazyModule"
