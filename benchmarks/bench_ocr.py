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
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dpi", type=int, nargs="+", default=[150, 200])
    ap.add_argument("--editions", nargs="+", default=["2021", "2019"])
    ap.add_argument("--seeds", type=int, nargs="+", default=[1], help="spoilings of each scan (default: 1)")
    args = ap.parse_args()

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
