"""Parse time of this checkout against an earlier revision, side by side in one process.

    python benchmarks/bench_compare.py REV [--rounds 9] [--corpus ../shared/corpus]

REV (a commit, tag or branch) is exported with ``git archive`` and imported under
another name, so both versions parse the same bytes in the same process, rounds
interleaved (old, new, old, new, ...). Each figure is the minimum over the rounds
of the CPU time per report (``time.process_time``), which is the least disturbed
by other load on the machine. Inputs: the text reports of tests/fixtures and of
the corpus (``source.txt``), its HTML reports (``source.html``), its PDFs
(``source.pdf``), and the fixture reports rendered to HTML and PDF by
tests/formats.py. Prints per format: before, after and after / before.

    python benchmarks/bench_compare.py REV --whole [--rounds 9]

With ``--whole``, the text reports only, whole (parse + check + JSON, as ``bench_peer.py``
counts a report): each report's least CPU time over the rounds, old and new interleaved
report by report. Prints the mean and median over the reports and, per report, the ratio
after / before (its median and quartiles): a change of a few percent shows there while the
machine is too busy for ``bench_peer.py``'s medians to tell it.
"""

from __future__ import annotations

import argparse
import importlib
import io
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import govdisclosure as new  # noqa: E402


def _export(rev: str, into: Path) -> ModuleType:
    """The package at ``rev``, importable as ``govdisclosure_at_rev`` (it imports itself relatively)."""
    data = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "src/govdisclosure"], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    (into / "src" / "govdisclosure").rename(into / "govdisclosure_at_rev")
    sys.path.insert(0, str(into))
    return importlib.import_module("govdisclosure_at_rev")


def _cpu_per_item(parse: Callable[[bytes], object], items: list[bytes], reps: int) -> float:
    t0 = time.process_time()
    for _ in range(reps):
        for data in items:
            parse(data)
    return (time.process_time() - t0) / (reps * len(items))


def _whole(gd: ModuleType, data: bytes) -> float:
    """CPU time of one text report's parse + check + JSON."""
    t0 = time.process_time()
    parsed = gd.parse_bytes(data)
    gd.check(parsed)
    gd.to_json(parsed.report)
    return time.process_time() - t0


def _compare_whole(old: ModuleType, texts: list[bytes], rounds: int) -> None:
    texts = [t for t in texts if _parses(t)]
    for data in texts:  # warm: regexes, converters, lazy imports
        _whole(old, data)
        _whole(new, data)
    before = [float("inf")] * len(texts)
    after = list(before)
    for _ in range(rounds):
        for i, data in enumerate(texts):
            before[i] = min(before[i], _whole(old, data))
            after[i] = min(after[i], _whole(new, data))
    ratios = [a / b for a, b in zip(after, before, strict=True)]
    q1, q2, q3 = statistics.quantiles(ratios)
    print(
        f"text whole (parse + check + JSON), {len(texts)} reports, each its least CPU of {rounds} rounds: "
        f"before mean {statistics.mean(before) * 1000:.3f} ms, median {statistics.median(before) * 1000:.3f}; "
        f"after mean {statistics.mean(after) * 1000:.3f} ms, median {statistics.median(after) * 1000:.3f}; "
        f"per report after / before: median {q2:.3f} (quartiles {q1:.3f}-{q3:.3f})"
    )


def _parses(data: bytes) -> bool:
    try:
        new.parse_bytes(data)
    except new.GovDisclosureError:
        return False
    return True


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("rev")
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--whole", action="store_true", help="text reports, parse + check + JSON, per report")
    args = ap.parse_args()
    if args.whole:
        corpus = args.corpus if args.corpus.is_dir() else None
        texts = [p.read_bytes() for p in sorted((ROOT / "tests" / "fixtures").rglob("*.txt"))]
        if corpus is not None:
            texts += [p.read_bytes() for p in sorted(corpus.glob("*/source.txt"))]
        with tempfile.TemporaryDirectory() as tmp:
            old = _export(args.rev, Path(tmp))
            print(f"before: {args.rev}   after: this checkout")
            _compare_whole(old, texts, args.rounds)
        return 0

    from formats import report_parts, to_html, to_pdf
    from truth import T19, T19_APPEALS_ROWS, T19_REQUESTS_ROWS, T21, T21_APPEALS_ROWS, T21_REQUESTS_ROWS

    fixtures = [
        report_parts(T19, "2019", T19_REQUESTS_ROWS, T19_APPEALS_ROWS),
        report_parts(T21, "2021", T21_REQUESTS_ROWS, T21_APPEALS_ROWS),
    ]
    corpus = args.corpus if args.corpus.is_dir() else None
    texts = [p.read_bytes() for p in sorted((ROOT / "tests" / "fixtures").glob("*.txt"))]
    htmls = [to_html(parts).encode("utf-8") for parts in fixtures]
    pdfs = [to_pdf(parts) for parts in fixtures]
    if corpus is not None:
        texts += [p.read_bytes() for p in sorted(corpus.glob("*/source.txt"))]
        htmls += [p.read_bytes() for p in sorted(corpus.glob("*/source.html"))]
        pdfs += [p.read_bytes() for p in sorted(corpus.glob("*/source.pdf"))]

    with tempfile.TemporaryDirectory() as tmp:
        old = _export(args.rev, Path(tmp))
        print(f"before: {args.rev}   after: this checkout   ({args.rounds} interleaved rounds, min CPU time)")
        for name, items, reps in (("text", texts, 3), ("html", htmls, 2), ("pdf", pdfs, 1)):
            if not items:
                continue
            parse_old = old.parse_bytes if hasattr(old, "parse_bytes") else old.parse
            for fn in (parse_old, new.parse_bytes):  # warm: regexes, converters, lazy imports
                _cpu_per_item(fn, items, 1)
            before = after = float("inf")
            for _ in range(args.rounds):
                before = min(before, _cpu_per_item(parse_old, items, reps))
                after = min(after, _cpu_per_item(new.parse_bytes, items, reps))
            print(
                f"{name:5s} {len(items):3d} reports  before {before * 1000:8.2f} ms  "
                f"after {after * 1000:8.2f} ms  ratio {after / before:5.2f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
