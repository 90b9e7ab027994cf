"""Check time for a series of 1,000 reports: per-report rules, diagnosis, and identities 5-7.

    python benchmarks/bench_check.py [N]

Builds N identity-satisfying reports (200 agencies × N/200 years, both
editions, a few perturbed so that diagnosis has work) with
govdisclosure.testing.make_report, then times check() + diagnose() on every
report and check_series() on all of them. Baseline in the same run: building
the N cell dictionaries (gd.cells) — the bare cost of touching every cell.
"""

from __future__ import annotations

import sys
import time

import govdisclosure as gd
from govdisclosure.rules import check_series, diagnose
from govdisclosure.testing import make_report


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 1000
    per_agency = 5
    reports = []
    for i in range(n):
        agency, k = divmod(i, per_agency)
        year = 2019 + k
        edition = "2019" if year <= 2020 else "2021"
        cells = {"requests.granted.natural_person": 999} if i % 10 == 0 else {}
        reports.append(make_report(edition, cells, seed=i, year=year, agency=f"示例县{agency}号机关"))
    t0 = time.perf_counter()
    for r in reports:
        gd.cells(r)
    base = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_findings = 0
    for r in reports:
        n_findings += len(gd.check(r))
        diagnose(r)
    per_report = time.perf_counter() - t0
    t0 = time.perf_counter()
    series = check_series(reports)
    across = time.perf_counter() - t0
    total = per_report + across
    print(f"reports: {n} ({n // per_agency} agencies x {per_agency} years, both editions, 1 in 10 perturbed)")
    print(f"check + diagnose per report: {per_report:.2f} s ({per_report / n * 1000:.2f} ms a report)")
    print(f"check_series over all: {across:.2f} s; findings {n_findings} + {len(series)} across years")
    print(f"baseline (cells() of every report): {base:.2f} s; ratio {total / base:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
