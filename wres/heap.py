"""The garbage collector in a one-shot `wres run` process (issue 13: the small trust's fixed cost).

dbt, Great Expectations, pandas and scipy leave about a million long-lived objects (their modules,
classes and functions) that CPython's cycle collector scans again at every full collection, and dbt
allocates so many short-lived objects per node that the youngest generation was collected 2,650
times: measured on one small trust (gc.callbacks), the collector took 3.2 of the run's 27 CPU
seconds; with the two settings below, 1.0. ``gc.freeze()`` moves every object alive at that moment
into a generation the collector no longer scans (reference counting still frees them), and a larger
first threshold collects the youngest generation every 20,000 allocations instead of 700. The
``wres`` command calls ``one_shot_process()`` once; ``settle()`` after each large import then
freezes what that import created. Only in such a process: one that runs many builds (the test
suite) could keep cyclic garbage it froze between them.
"""

from __future__ import annotations

import gc

_one_shot = False


def one_shot_process() -> None:
    """This process runs one command and exits: freeze what is alive now, and after each large import."""
    global _one_shot
    _one_shot = True
    gc.set_threshold(20_000, 20, 20)
    settle()


def is_one_shot() -> bool:
    return _one_shot


def settle() -> None:
    """After a large import: leave the objects alive now out of every later collection (one-shot process only)."""
    if _one_shot:
        gc.freeze()
