"""OCR: seconds per scanned page (CPU), peak memory, and cell accuracy on synthetic scans.

    python benchmarks/bench_ocr.py [--dpi 150 200] [--editions 2021 2019] [--seeds 1 2 3]

The tests' own drawn reports (tests/formats.py, both editions) are rendered at
each resolution, skewed 1-3°, given grain and specks and JPEG-compressed
(tests/scans.py), packed into a scanned PDF and read by ``govdisclosure.parse``;
each seed draws other skews, grain and specks.
Every cell is compared with the values typed by hand in tests/truth.py; a wrong
cell is "named" when a diagnostic names it (an OCR low-confidence value, or a
cell left unread); "low-conf" counts the values named as read with low
confidence (right or wrong).

Identity breaks: each edition is also drawn with one cell changed (row 一,
natural persons, one more than typed); the break must be found and the
diagnosis must name that cell.

Memory is the process's resident set (VmRSS / peak VmHWM from /proc, Linux):
the pages of one document are read one at a time, so the resident set after
each page should stay flat. Also: ``import govdisclosure`` time and whether it
loads any of the OCR stack (it must not).

Real layouts (``--real``): the shared corpus' PDFs and web pages printed, rasterized
and degraded by benchmarks/real_scans.py (clean, office, harsh, phone; seeded), each
read as a scanned PDF and compared with its case's hand-read expected.json:

    python benchmarks/bench_ocr.py --real [--dpi 150 200] [--variants office phone] [--seeds 1 2]
        [--cases h2-002] [--corpus ../shared/corpus] [--rules as-is faint none]

printing per scan: cells right / labelled; wrong cells a diagnostic names (flagged) and
not (silent: a misread or a lost cell nobody is told of); false alarms (identity errors
the parse of the source itself does not raise); CPU per page; peak resident memory while
reading it (the peak is reset before each scan). The images are made at run time in
memory and never written to the repository. ``--rules faint none`` also prints the HTML
pages with their table rules a light grey hairline, and with none (web pages printed
from a saved copy often draw them so); the summary is then per rules and variant.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))


import govdisclosure as gd  # noqa: E402
from govdisclosure.serialize import cell_value_json  # noqa: E402

from scans import EDITIONS, scan, scanned_pdf  # noqa: E402


def rss_mib() -> tuple[float, float]:
    """(current, peak) resident set of this process in MiB."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields.get("VmRSS", 0.0), fields.get("VmHWM", 0.0)


def import_time() -> tuple[float, list[str]]:
    code = (
        "import sys, time, json; t = time.perf_counter(); import govdisclosure; t = time.perf_counter() - t; "
        "print(json.dumps([t, sorted(m for m in ('numpy', 'cv2', 'rapidocr_onnxruntime', 'onnxruntime', "
        "'PIL', 'pypdfium2') if m in sys.modules)]))"
    )
    runs = [
        json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout)
        for _ in range(5)
    ]
    return statistics.median(r[0] for r in runs), runs[0][1]


def reset_peak() -> None:
    """Reset the peak resident set (VmHWM) of this process (Linux 4.0+; else the peak keeps growing)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _same(expected: object, got: object) -> bool:
    """A hand-read value against a read one: amounts by number and unit, the rest exactly."""
    if isinstance(expected, dict) and isinstance(got, dict):
        from decimal import Decimal, InvalidOperation

        try:
            return Decimal(str(expected.get("number"))) == Decimal(str(got.get("number"))) and expected.get(
                "unit"
            ) == got.get("unit")
        except InvalidOperation:
            return expected == got
    return expected == got


def _errors(parsed: gd.Parsed) -> set[tuple[str, str]]:
    return {(f.rule, f.scope) for f in gd.check(parsed) if f.rule.startswith("I") and f.severity is gd.Severity.ERROR}


def real(args: argparse.Namespace) -> None:
    """Scans of the corpus' real PDFs and web pages: cells right, flagged, silent; false alarms; CPU; memory."""
    import tempfile

    from real_scans import cases, scans

    gd.parse(scanned_pdf(scan("2021", 100)[:1], 100))  # warm: load the models once
    print(f"after loading the OCR models: RSS {rss_mib()[0]:.0f} MiB")
    head = (
        "case        dpi  variant       seed  pages  cells  right  accuracy  flagged  silent  false-alarms  CPU s/page"
    )
    print(head + "  peak MiB")
    totals: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as work:
        sources = dict(cases(args.corpus))
        printed_errors = {}
        for name, src in sources.items():
            if args.cases and name not in args.cases:
                continue
            printed_errors[name] = _errors(gd.parse(src))  # the report's own breaks, read from its source
        runs = (
            (rules, *scan_)
            for rules in args.rules
            for scan_ in scans(args.corpus, Path(work), args.dpi, args.variants, args.seeds, args.cases, rules)
        )
        for rules, name, dpi, variant, seed, pages in runs:
            label = variant if rules == "as-is" else f"{variant}/{rules}"
            expected = json.loads((sources[name].parent / "expected.json").read_text(encoding="utf-8"))["cells"]
            data = scanned_pdf(pages, dpi)
            reset_peak()
            cpu = time.process_time()
            try:
                parsed = gd.parse_bytes(data)
            except gd.GovDisclosureError as exc:
                print(f"{name:<10}  {dpi:>3}  {label:<12}  {seed:>4}  {len(pages):>5}  {type(exc).__name__}: {exc}")
                continue
            cpu = time.process_time() - cpu
            peak = rss_mib()[1]
            got = gd.cells(parsed.report)
            wrong = {k for k, v in expected.items() if not _same(v, got.get(k))}
            named = {c for d in parsed.diagnostics for c in d.cells}
            alarms = _errors(parsed) - printed_errors[name]
            n, right = len(expected), len(expected) - len(wrong)
            print(
                f"{name:<10}  {dpi:>3}  {label:<12}  {seed:>4}  {len(pages):>5}  {n:>5}  {right:>5}  "
                f"{right / n:>8.1%}  {len(wrong & named):>7}  {len(wrong - named):>6}  {len(alarms):>12}  "
                f"{cpu / len(pages):>10.1f}  {peak:>8.0f}"
            )
            kind = "pdf" if sources[name].suffix == ".pdf" else "html"
            t = totals.setdefault(f"{kind:<4}  {label}", [0, 0, 0, 0, 0, 0.0, 0, 0.0])
            for i, v in enumerate((n, right, len(wrong & named), len(wrong - named), len(alarms), cpu, len(pages))):
                t[i] += v
            t[7] = max(t[7], peak)
            if args.verbose:
                for k in sorted(wrong):
                    flag = " (flagged)" if k in named else ""
                    print(f"     wrong: {k}: expected {expected[k]!r}, read {got.get(k)!r}{flag}")
                for rule, scope in sorted(alarms):
                    print(f"     false alarm: {rule} {scope}")
    print()
    print("source  variant       cells  right  accuracy  flagged  silent  false-alarms  CPU s/page  peak MiB")
    for variant, (n, right, flagged, silent, alarms, cpu, pages, peak) in totals.items():
        print(
            f"{variant:<20}  {n:>5.0f}  {right:>5.0f}  {right / n:>8.1%}  {flagged:>7.0f}  {silent:>6.0f}  "
            f"{alarms:>12.0f}  {cpu / pages:>10.1f}  {peak:>8.0f}"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dpi", type=int, nargs="+", default=[150, 200])
    ap.add_argument("--editions", nargs="+", default=["2021", "2019"])
    ap.add_argument("--seeds", type=int, nargs="+", default=[1], help="spoilings of each scan (default: 1)")
    ap.add_argument("--real", action="store_true", help="scans of the shared corpus' real PDFs and web pages")
    ap.add_argument("--variants", nargs="+", default=["clean", "office", "harsh", "phone"], help="with --real")
    ap.add_argument("--cases", nargs="+", help="with --real: only these cases of the corpus")
    ap.add_argument(
        "--rules", nargs="+", default=["as-is"], choices=["as-is", "faint", "none"], help="with --real: HTML rules"
    )
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus", help="with --real")
    ap.add_argument("-v", "--verbose", action="store_true", help="with --real: every wrong cell and false alarm")
    args = ap.parse_args()
    if args.real:
        real(args)
        return

    seconds, imported = import_time()
    print(f"import govdisclosure: {seconds * 1000:.0f} ms; OCR modules loaded by it: {imported or 'none'}")
    gd.parse(scanned_pdf(scan("2021", 100)[:1], 100))  # warm: load the models once
    print(f"after loading the OCR models: RSS {rss_mib()[0]:.0f} MiB")
    print()
    head = "dpi  edition  seed  pages  s/page(wall)  s/page(CPU)  cells  right  accuracy  wrong-named  wrong-silent"
    print(head + "  I-errors  low-conf")
    for dpi in args.dpi:
        for edition, seed in ((e, s) for e in args.editions for s in args.seeds):
            pages = scan(edition, dpi, seed=seed)
            data = scanned_pdf(pages, dpi)
            wall, cpu = time.perf_counter(), time.process_time()
            parsed = gd.parse(data)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            truth = {k: cell_value_json(v) for k, v in EDITIONS[edition][0].items()}
            got = gd.cells(parsed.report)
            wrong = {k for k, v in truth.items() if got.get(k) != v}
            named = {c for d in parsed.diagnostics for c in d.cells}
            errors = [f for f in gd.check(parsed) if f.rule.startswith("I") and f.severity is gd.Severity.ERROR]
            low = [d for d in parsed.diagnostics if d.code == "ocr-low-confidence"]
            n = len(pages)
            print(
                f"{dpi:>3}  {edition:>7}  {seed:>4}  {n:>5}  {wall / n:>12.1f}  {cpu / n:>11.1f}  {len(truth):>5}  "
                f"{len(truth) - len(wrong):>5}  {(len(truth) - len(wrong)) / len(truth):>8.1%}  "
                f"{len(wrong & named):>11}  {len(wrong - named):>12}  {len(errors):>8}  {len(low):>8}"
            )
            for k in sorted(wrong):
                print(f"     wrong: {k}: typed {truth[k]!r}, read {got.get(k)!r}{' (named)' if k in named else ''}")
    # Identity breaks: the first cell of row 一 (new requests, natural persons) printed one more than
    # typed, which breaks that row's sum (I3) and that column's balance (I1); the break must be found
    # and the diagnosis must name that cell.
    print()
    print("dpi  edition  broken cell                  I-errors  rules  diagnosis names it")
    for dpi in args.dpi:
        for edition in args.editions:
            truth, req, _ = EDITIONS[edition]
            rows = dict(req)
            rows["new"] = (rows["new"][0] + 1, *rows["new"][1:])
            parsed = gd.parse(scanned_pdf(scan(edition, dpi, requests=rows), dpi))
            errors = [f for f in gd.check(parsed) if f.rule.startswith("I") and f.severity is gd.Severity.ERROR]
            diagnosis = gd.diagnose(parsed)
            cid = "requests.new.natural_person"
            fix = (cid, rows["new"][0], req["new"][0])
            named = diagnosis is not None and any(fix in c.changes for c in diagnosis.single)
            rules = ",".join(sorted({f.rule for f in errors}))
            print(f"{dpi:>3}  {edition:>7}  {cid} {rows['new'][0]}  {len(errors):>8}  {rules:>5}  {named}")
    # Memory across pages: one document of many pages, read one page at a time.
    pages = scan("2021", 150) * 2
    data = scanned_pdf(pages, 150)
    before = rss_mib()[0]
    gd.parse(data)
    now, peak = rss_mib()
    print()
    print(f"{len(pages)}-page scanned PDF at 150 dpi: RSS before {before:.0f} MiB, after {now:.0f} MiB", end="")
    print(f", peak {peak:.0f} MiB")


if __name__ == "__main__":
    main()
