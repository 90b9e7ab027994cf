"""A whole text report (parse + check + JSON) against a minimal peer, in the same process.

    python benchmarks/bench_peer.py [--against SRC_DIR] [--rounds N] [DIR ...]
        (default DIRs: ../shared/corpus and tests/fixtures)

For every text report (``*.txt``), the median CPU time (``time.process_time``) of
7 runs of each part:

- parse: ``gd.parse(bytes)`` (reading, decoding, the recognizer);
- check: ``gd.check(parsed)`` (identities, plausibility, narrative);
- JSON: ``gd.to_json(parsed.report)`` (the document, indented, as ``govdisclosure parse`` prints it);
- whole: the three in a row.

The peer is the minimal approach other tools take: decode, one regex pass that
tokenises the digits in reading order, those numbers laid on the cell ids in
order, ``json.dumps`` — no table recognition, no checks. The floor is what any
reader of the file must do at least: read the file, decode it, NFKC-normalise the
text (full-width digits and letters), one pass over its digits. Both run on the same
bytes in the same process, and the ratios whole / floor (issue 21's target: at most
8) and whole / peer are what to compare across machines. Figures are medians over the
reports.

With ``--against SRC_DIR`` (the ``src`` directory of another checkout, e.g. the
previous commit extracted with ``git archive``; repeatable) every tree is measured, each
in its own subprocess, rounds interleaved, and printed side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent
REPEAT = 7
_DIGITS = re.compile(r"\d+")


def _cpu(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.process_time()
    out = fn()
    return time.process_time() - t0, out


def peer(data: bytes, ids: tuple[str, ...]) -> str:
    """Digits in reading order, laid on the cell ids in order; no recognition, no checks."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("gb18030", "replace")
    numbers = [int(t) for t in _DIGITS.findall(text)]
    return json.dumps(dict(zip(ids, numbers, strict=False)), ensure_ascii=False)


def floor(path: Path) -> int:
    """Read, decode, NFKC, one pass over the digits: the least any reader does."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("gb18030", "replace")
    return len(_DIGITS.findall(unicodedata.normalize("NFKC", text)))


def measure(files: list[Path]) -> dict[str, float]:
    """Medians over the reports of the per-report medians, in seconds."""
    import govdisclosure as gd
    from govdisclosure.schema import cell_ids

    ids = cell_ids("2021")
    gd.to_json(gd.parse(files[0].read_bytes()).report)  # warm the caches (regexes, OpenCC) once
    gd.check(gd.parse(files[0].read_bytes()))
    per: dict[str, list[float]] = {"parse": [], "check": [], "json": [], "whole": [], "peer": [], "floor": []}
    for path in files:
        data = path.read_bytes()
        try:
            gd.parse(data)
        except gd.GovDisclosureError:
            continue
        runs: dict[str, list[float]] = {k: [] for k in per}
        for _ in range(REPEAT):
            t_parse, parsed = _cpu(lambda data=data: gd.parse(data))  # type: ignore[misc]
            t_check, _ = _cpu(lambda parsed=parsed: gd.check(parsed))  # type: ignore[misc]
            t_json, _ = _cpu(lambda parsed=parsed: gd.to_json(parsed.report))  # type: ignore[misc]
            t_peer, _ = _cpu(lambda data=data: peer(data, ids))  # type: ignore[misc]
            t_floor, _ = _cpu(lambda path=path: floor(path))  # type: ignore[misc]
            runs["parse"].append(t_parse)
            runs["check"].append(t_check)
            runs["json"].append(t_json)
            runs["whole"].append(t_parse + t_check + t_json)
            runs["peer"].append(t_peer)
            runs["floor"].append(t_floor)
        for k, v in runs.items():
            per[k].append(statistics.median(v))
    out = {k: statistics.median(v) for k, v in per.items()}
    out["reports"] = len(per["whole"])
    return out


def _files(roots: list[Path]) -> list[Path]:
    return sorted(p for r in roots if r.exists() for p in r.rglob("*.txt") if p.name != "README.md")


def _print(name: str, f: dict[str, float]) -> None:
    ms = {k: v * 1000 for k, v in f.items() if k != "reports"}
    whole = ms["whole"]
    print(
        f"{name}: {int(f['reports'])} text reports; median CPU per report: whole {whole:.2f} ms = "
        f"parse {ms['parse']:.2f} ({ms['parse'] / whole:.0%}) + check {ms['check']:.2f} ({ms['check'] / whole:.0%}) "
        f"+ JSON {ms['json']:.2f} ({ms['json'] / whole:.0%}); floor {ms['floor']:.3f} ms, peer {ms['peer']:.3f} ms; "
        f"ratio whole / floor {whole / ms['floor']:.1f}x, whole / peer {whole / ms['peer']:.0f}x"
    )


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--against",
        type=Path,
        action="append",
        help="the src directory of another checkout to compare with (repeatable: several side by side)",
    )
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds with --against (default 3)")
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # one measurement, for --against
    ap.add_argument("dirs", nargs="*", type=Path)
    args = ap.parse_args(argv)
    roots = args.dirs or [HERE.parent / "shared" / "corpus", HERE / "tests" / "fixtures"]
    files = _files(roots)
    if not files:
        print("no .txt reports found")
        return 1
    if args.json:
        print(json.dumps(measure(files)))
        return 0
    if not args.against:
        _print("this tree", measure(files))
        return 0
    trees = {str(src): src.resolve() for src in args.against}
    trees["this tree"] = HERE / "src"
    results: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
    for _ in range(args.rounds):
        for name, src in trees.items():
            env = {**os.environ, "PYTHONPATH": str(src)}
            cmd = [sys.executable, __file__, "--json", *map(str, roots)]
            out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
            results[name].append(json.loads(out))
    print(f"{args.rounds} rounds, interleaved; per figure the median of the rounds")
    for name, rounds in results.items():
        _print(name, {k: statistics.median(r[k] for r in rounds) for k in rounds[0]})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
