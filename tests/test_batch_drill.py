"""The fault drill: a batch killed with SIGKILL at random points, resumed, ends as if never interrupted."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import govdisclosure as gd
from govdisclosure.testing import make_report

N = 90  # reports: enough that the kills land mid-run, small enough for CI


def _folder(root: Path) -> Path:
    folder = root / "in"
    for i in range(N):
        sub = folder / f"part{i % 3}"
        sub.mkdir(parents=True, exist_ok=True)
        report = make_report("2019" if i % 2 else "2021", seed=i, year=2019 + i % 5, agency=f"示例{i:03d}局")
        if i % 4 == 0:
            (sub / f"r{i:03d}.html").write_text(str(gd.render(report, "html")), encoding="utf-8")
        else:
            (sub / f"r{i:03d}.md").write_text(str(gd.render(report, "markdown")), encoding="utf-8")
    (folder / "part0" / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")  # an error row too
    (folder / "part1" / "r001-copy.md").write_bytes((folder / "part1" / "r001.md").read_bytes())
    return folder


def _batch(folder: Path, out: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "govdisclosure", "batch", str(folder), "-o", str(out), "--workers", "2", "--parquet"]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


OUTPUTS = ("reports.jsonl", "cells.csv", "findings.csv")


def _done(out: Path) -> int:
    """Files the run's ledger holds (0 before the first run)."""
    ledger = out / "ledger.sqlite"
    if not ledger.exists():
        return 0
    db = sqlite3.connect(f"file:{ledger}?mode=ro", uri=True)
    try:
        return int(db.execute("SELECT count(*) FROM files").fetchone()[0])
    except sqlite3.OperationalError:  # killed between creating the file and its tables
        return 0
    finally:
        db.close()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_and_resumed_batch_matches_an_uninterrupted_one(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    folder = _folder(tmp_path)
    reference = tmp_path / "reference"
    t0 = time.monotonic()
    done = _batch(folder, reference)
    assert done.wait(120) == 1, done.stderr.read() if done.stderr else ""  # 1: the broken PDF is an error row
    whole = time.monotonic() - t0  # kills land within a run's time, on a busy or an idle machine

    out = tmp_path / "drilled"
    rng = random.Random(20261129)
    kills = 0
    for sig in (signal.SIGKILL, signal.SIGINT, signal.SIGKILL, signal.SIGKILL, signal.SIGINT, signal.SIGKILL):
        # Within the time the files still to do take (a resumed run skips the ones done), so that
        # the kill lands mid-run whatever the load on the machine.
        left = 1 - _done(out) / (N + 2)
        run = _batch(folder, out)
        time.sleep(rng.uniform(0.15, 0.6) * whole * max(left, 0.1))
        if run.poll() is None:
            # the parent only, as `kill -9 PID` does (its workers see it go), or Ctrl-C's SIGINT
            os.kill(run.pid, sig)
            kills += 1
        code = run.wait(60)
        if sig == signal.SIGINT:  # 130; 1 if it had finished (the broken PDF); -2 if still importing Python
            assert code in (130, 1, -signal.SIGINT), run.stderr.read() if run.stderr else ""
    assert kills >= 3, "the drill should interrupt most runs"
    last = _batch(folder, out)
    assert last.wait(120) == 1, last.stderr.read() if last.stderr else ""

    lines = [json.loads(x) for x in (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    sources = [x["source"] for x in lines]
    assert len(sources) == len(set(sources)) == N + 2  # every source exactly once
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (reference / name).read_bytes(), name
    for name in ("cells.parquet", "findings.parquet"):
        assert pq.read_table(out / name).equals(pq.read_table(reference / name)), name
    assert not list(out.glob(".*.tmp"))  # no temporary output left behind by the last run
    assert _left_running(out) == []  # the killed runs' workers went with their parents


def _left_running(out: Path, patience: float = 5.0) -> list[int]:
    """Processes still running with ``out`` on their command line (Linux /proc), after some patience."""
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    end = time.monotonic() + patience
    while True:
        found = []
        for p in proc.iterdir():
            if p.name.isdigit():
                try:
                    cmd = (p / "cmdline").read_bytes()
                    state = (p / "stat").read_text().split(") ")[-1][:1]
                except OSError:
                    continue
                if str(out).encode() in cmd and state != "Z":
                    found.append(int(p.name))
        if not found or time.monotonic() > end:
            return found
        time.sleep(0.2)
