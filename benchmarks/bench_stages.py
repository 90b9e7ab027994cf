"""Where a text report's time goes: each stage of parse, check and JSON timed in place.

    python benchmarks/bench_stages.py [--rounds N] [DIR ...]
        (default DIRs: ../shared/corpus and tests/fixtures)

Every text report (``*.txt``) is parsed, checked and written as JSON ``--rounds`` times
(default 5) after one warm-up round. The stages (reading: ``_from_bytes``, decoding and laying
the text out; the recognizer: ``recognize`` and what it calls) are wrapped with a CPU timer
(``time.process_time``) where their callers look them up, so a nested stage counts in its
caller too. Printed: the mean CPU time per report of each stage and its share of the whole
(parse + check + JSON). A wrapper costs about a microsecond a call: read the shares, and
compare trees with ``bench_peer.py`` (side by side), not with this.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent

# (module, function) of each stage, timed where the caller looks it up
_STAGES = {
    "govdisclosure.parse": ("_from_bytes", "decode", "_sha256", "recognize"),
    "govdisclosure.parse.recognizer._recognize": (
        "_Stream",
        "locate",
        "edition_marks",
        "find_meta",
        "_read_table",
        "_read_appeals",
        "account_numbers",
        "settle_by_prose",
        "_report_unread",
        "text_source_meta",
        "new_report",
    ),
}


def _wrap(module: Any, name: str, acc: dict[str, float]) -> None:
    fn = getattr(module, name)
    clock = time.process_time

    def timed(*args: Any, **kwargs: Any) -> Any:
        t0 = clock()
        try:
            return fn(*args, **kwargs)
        finally:
            acc[name] += clock() - t0

    setattr(module, name, timed)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("dirs", nargs="*", type=Path)
    args = ap.parse_args(argv)
    import govdisclosure as gd

    roots = args.dirs or [HERE.parent / "shared" / "corpus", HERE / "tests" / "fixtures"]
    datas = []
    for path in sorted(p for r in roots if r.exists() for p in r.rglob("*.txt")):
        data = path.read_bytes()
        try:
            gd.parse(data)
        except gd.GovDisclosureError:
            continue
        datas.append(data)
    acc: dict[str, float] = defaultdict(float)
    for mod, names in _STAGES.items():
        module = importlib.import_module(mod)
        for name in names:
            _wrap(module, name, acc)
    clock: Callable[[], float] = time.process_time

    def run() -> None:
        for data in datas:
            t0 = clock()
            parsed = gd.parse(data)
            t1 = clock()
            gd.check(parsed)
            t2 = clock()
            gd.to_json(parsed.report)
            t3 = clock()
            acc["PARSE"] += t1 - t0
            acc["CHECK"] += t2 - t1
            acc["JSON"] += t3 - t2

    run()
    acc.clear()
    for _ in range(args.rounds):
        run()
    whole = acc["PARSE"] + acc["CHECK"] + acc["JSON"]
    per = args.rounds * len(datas)
    print(f"{len(datas)} text reports, {args.rounds} rounds; mean CPU per report, share of parse + check + JSON")
    for name, t in sorted(acc.items(), key=lambda kv: -kv[1]):
        print(f"  {name:18s} {t / per * 1000:7.3f} ms  {t / whole:6.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
