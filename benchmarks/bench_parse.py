"""Median parse+check time per text report, against a baseline measured in the same run.

    python benchmarks/bench_parse.py [DIR ...]      (default: ../shared/corpus and tests/fixtures)

Baseline: the bare cost of touching the same bytes — decode as UTF-8 and
NFKC-normalise the text. The ratio (parse+check / baseline) is what to
compare across machines; the milliseconds are for this machine only.
"""

from __future__ import annotations

import statistics
import sys
import time
import unicodedata
from pathlib import Path

import govdisclosure as gd

REPEAT = 7


def _time(fn: object, arg: object) -> float:
    best = []
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        fn(arg)  # type: ignore[operator]
        best.append(time.perf_counter() - t0)
    return statistics.median(best)


def _baseline(data: bytes) -> None:
    text = data.decode("utf-8", "replace")
    unicodedata.normalize("NFKC", text).splitlines()


def _parse_check(data: bytes) -> None:
    gd.check(gd.parse(data))


def main(argv: list[str]) -> int:
    here = Path(__file__).resolve().parent.parent
    roots = [Path(a) for a in argv] or [here.parent / "shared" / "corpus", here / "tests" / "fixtures"]
    files = sorted(p for r in roots if r.exists() for p in r.rglob("*.txt") if p.name != "README.md")
    if not files:
        print("no .txt reports found")
        return 1
    gd.check(gd.parse(files[0].read_bytes()))  # warm caches (regexes, OpenCC) once
    parse_times, base_times = [], []
    for path in files:
        data = path.read_bytes()
        try:
            parse_times.append(_time(_parse_check, data))
        except gd.GovDisclosureError:
            continue
        base_times.append(_time(_baseline, data))
    med_p, med_b = statistics.median(parse_times), statistics.median(base_times)
    print(f"reports: {len(parse_times)} text files under {', '.join(str(r) for r in roots)}")
    print(f"parse+check: median {med_p * 1000:.2f} ms per report (max {max(parse_times) * 1000:.2f} ms)")
    print(f"baseline (decode + NFKC): median {med_b * 1000:.3f} ms per report")
    print(f"ratio parse+check / baseline: {med_p / med_b:.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
