"""CPU time of the Dask path against ``govdisclosure batch`` on the same files, and against an older tree.

    python benchmarks/bench_dask.py [--n 2000] [--formats txt,html] [--workers 2] [--against OLD/src] [--repeat 2]
                                    [--noop] [--lean]

N generated reports (make_corpus.py) go through ``run_batch`` (``workers`` processes) and
through ``to_dask`` on a ``distributed.LocalCluster`` of ``workers`` single-threaded
worker processes (``dask.compute(cells, findings)``, the tables brought to the client),
each run in a fresh process. CPU time is that of every process involved:

- batch: the batch process and its workers (``RUSAGE_SELF`` + ``RUSAGE_CHILDREN``, after the
  pool is gone), start-up and warm-up of the workers included;
- Dask: the client process and the workers during the computation (each worker's own
  ``RUSAGE_SELF`` read before and after, by ``client.run``), on a cluster already started;
  the workers' start-up (interpreter, imports) is printed apart, and so is what the cluster
  spends idle (scheduler, heartbeats, the workers' profilers: CPU seconds per second of wall
  time, over 5 s before the computation), which grows with the wall time, i.e. the load.

With ``--noop`` the same graph runs with tasks that read no file and return empty tables:
what the cluster itself spends on this computation (scheduler, task and result transfer,
heartbeats and profilers over that wall time), to set against the difference from the batch.

With ``--lean`` the Dask runs are repeated on a cluster with the settings the how-to
(docs/how-to/dask.md) suggests for a small local cluster: the workers' statistical profiler
off, the event loops' tick and the system and memory monitors less often.

With ``--against OLD/src`` the Dask path of that tree runs the same files too (the tree first
on ``PYTHONPATH``), the trees alternating; the best of ``--repeat`` runs is kept for each.
Absolute figures depend on the machine and its load: read the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

BATCH = """
import json, resource, sys, time
import govdisclosure as gd
t0 = time.perf_counter()
gd.run_batch([sys.argv[1]], sys.argv[2], workers=int(sys.argv[3]))
wall = time.perf_counter() - t0
cpu = sum(getattr(resource.getrusage(w), f) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
          for f in ("ru_utime", "ru_stime"))
print(json.dumps({"cpu": cpu, "wall": wall}))
"""

DASK = """
import json, resource, sys, time
import dask, distributed
import govdisclosure as gd

LEAN = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
}

def cpu():
    import resource
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime

def noop(sources, options, storage_options):
    # The partition's task with no work: the two tables' empty Arrow tables (the graph, the
    # scheduling and the arguments moved are the real run's; no file is read).
    from govdisclosure._batch._tables import CELL_COLUMNS, FINDING_COLUMNS
    from govdisclosure._dask import _arrow_table

    cells = _arrow_table({c: [] for c in CELL_COLUMNS}, "cells")
    return cells, _arrow_table({c: [] for c in FINDING_COLUMNS}, "findings")


if __name__ == "__main__":
    n = int(sys.argv[2])
    if "noop" in sys.argv[3:]:
        import govdisclosure._dask
        govdisclosure._dask._partition = noop  # defined in __main__: pickled by value to the workers
    if "lean" in sys.argv[3:]:
        dask.config.set(LEAN)  # the settings docs/how-to/dask.md suggests for a small local cluster
    with distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None) as cl:
        with distributed.Client(cl) as client:
            client.run(lambda: __import__("govdisclosure") is not None)
            i0, j0 = client.run(cpu), cpu()
            time.sleep(5)  # the cluster idle: its own CPU per second of wall time (heartbeats, profiler)
            i1, j1 = client.run(cpu), cpu()
            idle = (j1 - j0 + sum(i1[k] - i0[k] for k in i1)) / 5
            w0 = client.run(cpu)
            c0 = cpu()
            t0 = time.perf_counter()
            cells, findings = gd.to_dask([sys.argv[1]])
            got = dask.compute(cells, findings)
            wall = time.perf_counter() - t0
            c1 = cpu()
            w1 = client.run(cpu)
            rows = len(got[0])
    print(json.dumps({"cpu": c1 - c0 + sum(w1[k] - w0[k] for k in w1), "client": c1 - c0,
                      "start": sum(i0.values()), "wall": wall, "rows": rows, "idle": idle,
                      "partitions": cells.npartitions}))
"""


def run(code: str, src: Path, *args: str) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(src))
    out = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=False)
    if out.returncode:
        raise SystemExit(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--formats", default="txt,html")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--against", type=Path, default=None, help="the src folder of another checkout")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument(
        "--noop", action="store_true", help="also the same Dask graph with tasks that do no work: the cluster's own CPU"
    )
    ap.add_argument(
        "--lean",
        action="store_true",
        help="also on a cluster with the how-to's settings (no profiler, slower ticks and monitors)",
    )
    args = ap.parse_args()
    from make_corpus import write

    here = ROOT / "src"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        fmts = args.formats.split(",")
        for i in range(args.n):
            write(i, fmts[i % len(fmts)], folder)
        print(f"{args.n} files ({args.formats}), {args.workers} workers; load {os.getloadavg()[0]:.1f}")
        best: dict[str, dict[str, float]] = {}
        for rep in range(args.repeat):
            runs = [("batch (this tree)", BATCH, here), ("dask (this tree)", DASK, here)]
            if args.against:
                runs.append(("dask (against)", DASK, args.against))
            if args.lean:
                runs.append(("dask lean cluster", DASK, here))
            if args.noop:
                runs.append(("dask no-op tasks", DASK, here))
                if args.lean:
                    runs.append(("dask no-op, lean", DASK, here))
            for label, code, src in runs:
                extra = [str(Path(tmp) / f"out{rep}{len(best)}")] if code is BATCH else []
                flags = [f for f in ("noop", "lean") if f in label.replace("no-op", "noop")]
                res = run(code, src, str(folder), *extra, str(args.workers), *flags)
                if label not in best or res["cpu"] < best[label]["cpu"]:
                    best[label] = res
        base = best["batch (this tree)"]["cpu"]
        for label, res in best.items():
            extra = ""
            if "start" in res:
                extra = f"  (client {res['client']:.2f} s; idle cluster {res['idle']:.3f} CPU s/s, "
                idle = res["idle"] * res["wall"]
                extra += f"{idle:.2f} s over the run; workers' start-up {res['start']:.2f} s apart; "
                extra += f"{int(res['partitions'])} partitions)"
            print(
                f"{label:20s} CPU {res['cpu']:7.2f} s  {res['cpu'] / args.n * 1000:6.2f} ms/file  "
                f"x{res['cpu'] / base:5.2f} of batch  wall {res['wall']:6.2f} s{extra}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
