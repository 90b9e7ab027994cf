"""Fewer garbage collections while a report is parsed.

A report is read into some thousands of small objects per page (lines, cells, tokens,
provenance), nearly all freed by reference counting when the parse is done. With
CPython's default thresholds (700, 10, 10) the young generation is collected every 700
allocations, and the collections that reach the older generations walk every object the
parse holds so far: on an input 256 times a report's size, two full collections cost half
as much again as the parse itself (37-70%, issue 21), and the cost per report grows with
the input. While a parse runs, the young generation is collected every 20,000 allocations
and the older ones 20 times less often (the thresholds the batch's workers use, see
_batch/_run.py, _init_worker): the parse stays linear, memory is what the parse holds anyway.

The thresholds are the process's: they are set when the first of any concurrent parses
starts and put back when the last one ends (unless someone else changed them meanwhile).
A threshold of 0 (collection disabled) or one already higher is left as it is.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["few_collections"]

THRESHOLDS = (20_000, 20, 20)

_lock = threading.Lock()
_depth = 0
_saved: tuple[int, ...] | None = None  # the thresholds before the first parse, when they were changed
_set: tuple[int, ...] | None = None  # the thresholds set then


@contextmanager
def few_collections() -> Iterator[None]:
    """Run the block with the parse's collection thresholds (see the module's docstring)."""
    global _depth, _saved, _set
    with _lock:
        if _depth == 0:
            current = gc.get_threshold()
            if 0 < current[0] < THRESHOLDS[0]:
                new = tuple(max(a, b) for a, b in zip(current, THRESHOLDS, strict=False))
                gc.set_threshold(*new)
                _saved, _set = current, gc.get_threshold()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _saved is not None:
                if gc.get_threshold() == _set:
                    gc.set_threshold(*_saved)
                _saved = _set = None
