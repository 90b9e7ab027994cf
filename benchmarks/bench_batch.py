"""Batch throughput, peak memory, import time and cost growth, on a generated corpus.

    python benchmarks/bench_batch.py [--n 2000] [--growth 100,1000,10000]

- throughput: N generated reports per format (html, txt, md, docx) through
  run_batch with 1 and 2 workers, in reports per second;
- peak memory: the largest resident set of the batch process and its workers;
- import time: `python -c "import govdisclosure"` minus `python -c "pass"`;
- cost growth: seconds per report and peak memory at each size (txt, 2 workers).
The generated corpus comes from make_corpus.py (identity-satisfying random reports).
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_corpus import write  # noqa: E402

import govdisclosure as gd  # noqa: E402


def _run(files: list[str], out: str, workers: int, conn: object) -> None:
    t0 = time.perf_counter()
    summary = gd.run_batch(files, out, workers=workers, resume=False)
    seconds = time.perf_counter() - t0
    # ru_maxrss of this process would include the parent's size before exec (spawn forks first);
    # VmHWM restarts at exec. The workers' peaks come from RUSAGE_CHILDREN.
    status = Path("/proc/self/status").read_text().splitlines()
    own = next(int(x.split()[1]) for x in status if x.startswith("VmHWM"))
    peak = max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    conn.send((summary.parsed, summary.errors, seconds, peak))  # type: ignore[attr-defined]


def measure(files: list[str], workers: int) -> tuple[int, int, float, int]:
    """(parsed, errors, seconds, peak RSS in KiB) of one batch run in a fresh process."""
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    with tempfile.TemporaryDirectory() as out:
        p = ctx.Process(target=_run, args=(files, out, workers, child))
        p.start()
        result = parent.recv()
        p.join()
    return result  # type: ignore[no-any-return]


def import_time() -> float:
    def t(code: str) -> float:
        runs = []
        for _ in range(7):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            runs.append(time.perf_counter() - t0)
        return statistics.median(runs)

    return t("import govdisclosure") - t("pass")


def corpus(fmt: str, n: int, root: Path) -> list[str]:
    folder = root / fmt
    folder.mkdir(parents=True, exist_ok=True)
    have = sorted(folder.iterdir())
    for i in range(len(have), n):
        write(i, fmt, folder)
    return [str(p) for p in sorted(folder.iterdir())[:n]]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--growth", default="100,1000,10000")
    ap.add_argument("--formats", default="html,txt,md,docx")
    args = ap.parse_args(argv)
    print(f"import govdisclosure: {import_time() * 1000:.0f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        print(f"{'format':<6} {'workers':>7} {'reports':>8} {'seconds':>8} {'per s':>7} {'peak MiB':>9}")
        for fmt in args.formats.split(","):
            files = corpus(fmt, args.n, root)
            for workers in (1, 2):
                parsed, errors, seconds, peak = measure(files, workers)
                assert errors == 0, f"{errors} generated {fmt} reports failed"
                print(f"{fmt:<6} {workers:>7} {parsed:>8} {seconds:>8.1f} {parsed / seconds:>7.0f} {peak / 1024:>9.0f}")
        print("growth (txt, 2 workers):")
        for n in (int(x) for x in args.growth.split(",")):
            files = corpus("txt", n, root)
            parsed, errors, seconds, peak = measure(files, 2)
            print(f"  {n:>6} reports: {seconds / n * 1000:6.2f} ms a report, peak {peak / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
