"""Batch throughput and peak memory, this batch engine against a baseline one, in the same run.

    python benchmarks/bench_batch.py [--n 2000] [--formats txt,html,docx] [--workers 2] [--repeat 1]
                                     [--baseline REV] [--small 100] [--growth 250,1000,4000]
    python benchmarks/bench_batch.py --against OLD/src [--n 2000] [--formats ...] [--repeat 3]

- throughput: N generated reports per format through run_batch, with the current
  batch engine and with the one in git revision REV (default: the engine before the
  ledger), side by side, each in a fresh process, in reports per second; both use the
  parser and rules of this checkout, so the ratio is the batch engine's own doing;
- result size: the pickled size of one file's result, as a worker sends it;
- small batches: the same for SMALL reports (worker start-up and warm-up dominate);
- peak memory: the largest resident set of the batch process and its workers, and
  its growth with the number of reports (current engine, txt).
With ``--against OLD/src`` (another checkout's ``src``, e.g. extracted by ``git archive``)
the whole library of each tree (parser, rules, batch engine) runs the same files, each
run in a fresh process with that tree first on ``PYTHONPATH``, the trees alternating,
the best of ``--repeat`` runs kept for each: the before -> after of a change.
The generated corpus comes from make_corpus.py (identity-satisfying random reports).
Absolute figures depend on the machine and its load: read the ratios.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import multiprocessing
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from make_corpus import write  # noqa: E402

import govdisclosure as gd  # noqa: E402

BASELINE = "08a5c0f"  # the batch engine before the ledger: multiprocessing.Pool, four streamed outputs


def engine(rev: str) -> ModuleType:
    """The current batch module, or ``_batch.py`` of git revision ``rev`` loaded into this package."""
    if rev == "current":
        try:  # the run's module (run_batch, _process, _init_worker) since _batch became a package
            return importlib.import_module("govdisclosure._batch._run")
        except ModuleNotFoundError:  # a tree from before (--against): the one module
            return importlib.import_module("govdisclosure._batch")
    name = "govdisclosure._batch_baseline"
    if name in sys.modules:
        return sys.modules[name]
    source = subprocess.run(
        ["git", "show", f"{rev}:src/govdisclosure/_batch.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    spec = importlib.util.spec_from_loader(name, loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "govdisclosure"
    sys.modules[name] = module  # the baseline's Pool pickles its worker function by this name
    exec(compile(source, f"{rev}:src/govdisclosure/_batch.py", "exec"), module.__dict__)
    return module


def _run(rev: str, files: list[str], out: str, workers: int, conn: Any) -> None:
    batch = engine(rev)
    me = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = me.ru_utime + me.ru_stime  # the imports before the run are not the run's
    t0 = time.perf_counter()
    summary = batch.run_batch(files, out, workers=workers, resume=False)
    seconds = time.perf_counter() - t0
    # ru_maxrss of this process would include the parent's size before exec (spawn forks first);
    # VmHWM restarts at exec. The workers' peaks come from RUSAGE_CHILDREN.
    status = Path("/proc/self/status").read_text().splitlines()
    own = next(int(x.split()[1]) for x in status if x.startswith("VmHWM"))
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = max(own, children.ru_maxrss)
    me = resource.getrusage(resource.RUSAGE_SELF)
    cpu = me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime - cpu0
    conn.send((summary.parsed, summary.errors, seconds, peak, cpu))


def measure(rev: str, files: list[str], workers: int) -> tuple[int, int, float, int, float]:
    """(parsed, errors, seconds, peak RSS in KiB, CPU seconds of the process and its workers) of one batch run."""
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    with tempfile.TemporaryDirectory() as out:
        p = ctx.Process(target=_run, args=(rev, files, out, workers, child))
        p.start()
        result = parent.recv()
        p.join()
    return result  # type: ignore[no-any-return]


def result_size(rev: str, path: str) -> int:
    """Bytes of one file's pickled result, as a worker sends it to the parent."""
    batch = engine(rev)
    if rev == "current":
        batch._init_worker(None)
        return len(pickle.dumps(batch._process(path)))
    return len(pickle.dumps(batch._work(path)))


def corpus(fmt: str, n: int, root: Path) -> list[str]:
    folder = root / fmt
    folder.mkdir(parents=True, exist_ok=True)
    have = sorted(folder.iterdir())
    for i in range(len(have), n):
        write(i, fmt, folder)
    return [str(p) for p in sorted(folder.iterdir())[:n]]


def _one(argv: list[str]) -> int:
    """``--one FMT DIR N WORKERS``: one run of the govdisclosure on sys.path, as a JSON line."""
    fmt, root, n, workers = argv[0], Path(argv[1]), int(argv[2]), int(argv[3])
    parsed, errors, seconds, peak, cpu = measure("current", corpus(fmt, n, root), workers)
    print(json.dumps([parsed, errors, seconds, peak, cpu]))
    return 0


def against(src: Path, args: argparse.Namespace) -> int:
    """The whole of another checkout (its parser, rules and batch engine: ``src`` is its ``src``
    folder) against this one, on the same generated files, runs alternating, each tree's best."""
    trees = {"before": src.resolve(), "after": ROOT / "src"}
    print(f"{args.workers} workers; before: {trees['before']}, after: {trees['after']}; best of {args.repeat}")
    print(f"{'format':<6} {'tree':<7} {'reports':>8} {'seconds':>8} {'per s':>7} {'CPU ms/r':>9} {'peak MiB':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in args.formats.split(","):
            corpus(fmt, args.n, Path(tmp))
            best: dict[str, tuple[float, float, int]] = {}
            for _ in range(args.repeat):
                for name, tree in trees.items():
                    env = {**os.environ, "PYTHONPATH": str(tree)}
                    cmd = [sys.executable, __file__, "--one", fmt, tmp, str(args.n), str(args.workers)]
                    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
                    parsed, errors, seconds, peak, cpu = json.loads(out.splitlines()[-1])
                    assert errors == 0, f"{errors} generated {fmt} reports failed ({name})"
                    was = best.get(name, (float("inf"), float("inf"), 0))
                    best[name] = (min(was[0], seconds), min(was[1], cpu / parsed * 1000), max(was[2], peak))
            for name in trees:
                seconds, cpu_ms, peak = best[name]
                print(
                    f"{fmt:<6} {name:<7} {args.n:>8} {seconds:>8.2f} {args.n / seconds:>7.0f} {cpu_ms:>9.2f} "
                    f"{peak / 1024:>9.0f}"
                )
            (s0, c0, _), (s1, c1, _) = best["before"], best["after"]
            print(f"{fmt:<6} {'ratio':<7} {'':>8} {'':>8} {s0 / s1:>6.2f}x {c0 / c1:>8.2f}x")
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"]:
        return _one(argv[1:])
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument(
        "--against", type=Path, help="the src folder of another checkout: the whole library compared, not the engine"
    )
    ap.add_argument("--formats", default="txt,html,docx")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--baseline", default=BASELINE, help="git revision of the baseline engine ('' for none)")
    ap.add_argument("--small", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=1, help="runs per engine, alternating; the best is shown")
    ap.add_argument("--growth", default="250,1000,4000")
    args = ap.parse_args(argv)
    if args.against:
        return against(args.against, args)
    revs = ["current"]
    if args.baseline:
        try:
            engine(args.baseline)
            revs.insert(0, args.baseline)
        except (subprocess.CalledProcessError, OSError, SyntaxError, ImportError) as exc:
            print(f"no baseline ({exc}); current engine only")
    print(f"govdisclosure {gd.__version__}, {args.workers} workers; engines: {', '.join(revs)}")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        print(
            f"{'format':<6} {'engine':<8} {'reports':>8} {'seconds':>8} {'per s':>7} {'CPU ms/r':>9} "
            f"{'peak MiB':>9} {'result B':>9}"
        )
        for fmt in args.formats.split(","):
            files = corpus(fmt, args.n, root)
            best: dict[str, tuple[float, float, int]] = {}
            for _ in range(args.repeat):  # engines alternate; each keeps its best run (a busy machine only adds)
                for rev in revs:
                    parsed, errors, seconds, peak, cpu = measure(rev, files, args.workers)
                    assert errors == 0, f"{errors} generated {fmt} reports failed with {rev}"
                    was = best.get(rev, (float("inf"), float("inf"), 0))
                    best[rev] = (min(was[0], seconds), min(was[1], cpu / parsed * 1000), max(was[2], peak))
            for rev in revs:
                seconds, cpu_ms, peak = best[rev]
                size = result_size(rev, files[0])
                print(
                    f"{fmt:<6} {rev:<8} {args.n:>8} {seconds:>8.1f} {args.n / seconds:>7.0f} {cpu_ms:>9.2f} "
                    f"{peak / 1024:>9.0f} {size:>9}"
                )
            if len(revs) == 2:
                (s0, c0, _), (s1, c1, _) = best[revs[0]], best[revs[1]]
                print(f"{fmt:<6} {'ratio':<8} {'':>8} {'':>8} {s0 / s1:>6.2f}x {c0 / c1:>8.2f}x")
        if args.small:
            files = corpus("txt", args.small, root)
            for rev in revs:
                parsed, errors, seconds, peak, cpu = measure(rev, files, args.workers)
                print(
                    f"small  {rev:<8} {parsed:>8} {seconds:>8.1f} {parsed / seconds:>7.0f} "
                    f"{cpu / parsed * 1000:>9.2f} {peak / 1024:>9.0f}"
                )
        print(f"growth (txt, current engine, {args.workers} workers):")
        for n in (int(x) for x in args.growth.split(",") if x):
            files = corpus("txt", n, root)
            parsed, errors, seconds, peak, cpu = measure("current", files, args.workers)
            print(
                f"  {n:>6} reports: {seconds / n * 1000:6.2f} ms a report, "
                f"{cpu / n * 1000:6.2f} CPU ms a report, peak {peak / 1024:.0f} MiB"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
