"""The parser's cost per report on inputs many reports long, with the garbage collector on and off,
this checkout against an earlier revision, side by side in one process.

    python benchmarks/bench_gc.py [REV] [--sizes 1,16,64,256] [--rounds 3]

The input is a fixture report (tests/fixtures/pipe-2019.txt) repeated N times (the size a
parse of a whole folder pasted into one file reaches; ``max_cells`` allows about 300
copies). For each N: ``parse_text`` CPU time (min of ``--rounds``) per copy, with the
collector on (the process's default thresholds, 700/10/10) and off (``gc.disable()``),
for REV (default: the commit this branch started from, ``git merge-base HEAD main``;
exported as bench_compare.py does) and for this checkout. Linear
means a flat cost per copy; "gc +%" is what the collector adds.
"""

from __future__ import annotations

import argparse
import gc
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import govdisclosure as new  # noqa: E402


def _cost(parse: Callable[[str], object], text: str, collector: bool, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        gc.collect()
        gc.set_threshold(700, 10, 10)
        if not collector:
            gc.disable()
        t0 = time.process_time()
        parse(text)
        best = min(best, time.process_time() - t0)
        gc.enable()
    return best


def main() -> int:
    from bench_compare import _export

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("rev", nargs="?", default=None, help="default: where this branch left main (git merge-base)")
    ap.add_argument("--sizes", default="1,16,64,256")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    if args.rev is None:  # main may have moved on since: compare with the code this branch started from
        args.rev = subprocess.run(
            ["git", "-C", str(ROOT), "merge-base", "HEAD", "main"], check=True, capture_output=True, text=True
        ).stdout.strip()[:12]
    report = (ROOT / "tests" / "fixtures" / "pipe-2019.txt").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        old = _export(args.rev, Path(tmp))
        for gd in (old, new):
            gd.parse_text(report)
        print(f"before: {args.rev}   after: this checkout   (CPU ms per copy of the report, min of {args.rounds})")
        head = f"{'gc on':>13s} {'off':>6s} {'gc +%':>6s}"
        print(f"{'':6s} | {'before':^27s} | {'after':^27s}")
        print(f"{'copies':>6s} | {head} | {head}")
        for n in (int(s) for s in args.sizes.split(",")):
            text = report * n
            cells = []
            for gd in (old, new):
                on, off = (_cost(gd.parse_text, text, c, args.rounds) / n * 1000 for c in (True, False))
                cells.append(f"{on:13.2f} {off:6.2f} {(on / off - 1) * 100:5.0f}%")
            print(f"{n:6d} | {cells[0]} | {cells[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
