"""Start-up cost: ``import govdisclosure`` and a whole ``govdisclosure cells FILE`` process.

    python benchmarks/bench_import.py [--runs N] [--against SRC_DIR] [FILE]

Each figure is the median of N runs (default 7) of a fresh interpreter:

- import, net: the ``govdisclosure`` line of ``python -X importtime`` (the import
  alone, without the interpreter's own start);
- import, wall: ``python -c 'import govdisclosure'`` minus ``python -c pass``;
- cells, whole process: ``python -m govdisclosure cells FILE`` (wall clock,
  interpreter start included).

Every process's CPU time (user + system, from ``getrusage``) is printed next to
its wall clock: on a busy machine the CPU time is the steadier figure.

Baseline in the same run: ``python -c pass``. With ``--against SRC_DIR`` (the
``src`` directory of another checkout, e.g. the previous commit extracted with
``git archive``) the same figures are measured for that tree, runs interleaved,
so before → after comes from one session.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def _env(src: Path | None) -> dict[str, str]:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    return env


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _wall(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall clock, CPU time) of one process."""
    c0, t0 = _children_cpu(), time.perf_counter()
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0, _children_cpu() - c0


def _importtime(env: dict[str, str]) -> float:
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import govdisclosure"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stderr
    for line in out.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if len(parts) == 3 and parts[2] == "govdisclosure":
            return int(parts[1]) / 1e6
    raise RuntimeError("no govdisclosure line in -X importtime output")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--against", type=Path, help="the src directory of another checkout to compare with")
    ap.add_argument("file", nargs="?", type=Path, default=HERE / "tests" / "fixtures" / "tab-rows-2021.txt")
    args = ap.parse_args(argv)
    trees: dict[str, Path | None] = {"this tree": HERE / "src"}
    if args.against:
        trees = {"against": args.against.resolve(), **trees}
    py = sys.executable
    keys = ("net", "wall", "wall_cpu", "cells", "cells_cpu")
    figures: dict[str, dict[str, list[float]]] = {name: {k: [] for k in keys} for name in trees}
    bare: list[tuple[float, float]] = []
    for _ in range(args.runs):
        bare.append(_wall([py, "-c", "pass"], _env(None)))
        for name, src in trees.items():
            env = _env(src)
            f = figures[name]
            f["net"].append(_importtime(env))
            wall, cpu = _wall([py, "-c", "import govdisclosure"], env)
            f["wall"].append(wall)
            f["wall_cpu"].append(cpu)
            wall, cpu = _wall([py, "-m", "govdisclosure", "cells", str(args.file)], env)
            f["cells"].append(wall)
            f["cells_cpu"].append(cpu)
    base, base_cpu = statistics.median(w for w, _ in bare), statistics.median(c for _, c in bare)
    print(f"runs: {args.runs} each, interleaved; file: {args.file.name}; medians; wall clock / CPU time")
    print(f"baseline python -c pass: {base * 1000:.1f} / {base_cpu * 1000:.1f} ms")
    for name, f in figures.items():
        m = {k: statistics.median(v) * 1000 for k, v in f.items()}
        print(
            f"{name:>9}: import net {m['net']:.1f} ms (-X importtime); import − python start "
            f"{m['wall'] - base * 1000:.1f} / {m['wall_cpu'] - base_cpu * 1000:.1f} ms; "
            f"cells FILE whole process {m['cells']:.1f} / {m['cells_cpu']:.1f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
