"""The PDF reader against an earlier revision's, side by side: the same Document, cells, diagnostics and
findings, and the CPU time per report.

    python benchmarks/bench_pdf.py [REV] [--rounds 5] [--corpus ../shared/corpus]

REV (default: the commit this branch started from, ``git merge-base HEAD main``) is exported
with ``git archive`` and imported beside this checkout, as bench_compare.py does. The PDFs:
every ``source.pdf`` of the corpus, the fixture reports of tests/ (both editions) rendered by
tests/formats.py, and variants of each made with pypdfium2: every page given ``/Rotate 90``,
and every page drawn as a Form XObject scaled to 90% on a fresh page (the paths, characters
and coordinates the reader has to carry through a form's matrix). For each PDF: the
Documents' blocks (text, grid, location; boxes within 0.01 pt), ``cells``, the diagnostics
and the findings of ``check`` must be equal (a difference is printed, and the exit status
is 1); then parse_bytes is timed, rounds interleaved (old, new, old, ...), min CPU time per report.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import govdisclosure as new  # noqa: E402

BOX_TOLERANCE = 0.01  # points: the largest difference allowed between a box of the old reader and the new


def _rotated(data: bytes) -> bytes:
    import io

    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    for page in pdf:
        page.set_rotation(90)
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def _formed(data: bytes, scale: float = 0.9) -> bytes:
    import io

    import pypdfium2
    import pypdfium2.raw as c

    src = pypdfium2.PdfDocument(data)
    out = pypdfium2.PdfDocument.new()
    for i in range(len(src)):
        w, h = src[i].get_size()
        page = out.new_page(w, h)
        xobj = src.page_as_xobject(i, out)
        obj = xobj.as_pageobject()
        obj.transform(pypdfium2.PdfMatrix().scale(scale, scale).translate(w * (1 - scale) / 2, h * (1 - scale) / 2))
        page.insert_obj(obj)
        page.gen_content()
        assert c.FPDFPage_CountObjects(page) == 1
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def _blocks(doc: Any) -> tuple[list[Any], list[float]]:
    """The blocks without their boxes (text, grid, location), and the boxes' numbers apart."""
    boxes: list[float] = []

    def box(b: Any) -> bool:
        if b is not None:
            boxes.extend(b)
        return b is not None

    out: list[Any] = []
    for b in doc.blocks:
        if hasattr(b, "rows"):
            rows = tuple(tuple((x.text, x.copy, x.loc.row, x.loc.col, box(x.loc.bbox)) for x in r) for r in b.rows)
            out.append(("table", b.loc.page, b.loc.table, box(b.loc.bbox), rows))
        else:
            out.append(("paragraph", b.text, b.loc.page, box(b.loc.bbox)))
    return out, boxes


def _outputs(gd: ModuleType, data: bytes) -> dict[str, Any]:
    from importlib import import_module

    try:
        read_pdf = import_module(gd.__name__ + ".parse.readers._pdf").read_pdf
    except ModuleNotFoundError:  # a revision from before parse/readers/
        read_pdf = import_module(gd.__name__ + ".parse._read_pdf").read_pdf
    try:
        doc, boxes = _blocks(read_pdf(data))
        parsed = gd.parse_bytes(data)
    except gd.GovDisclosureError as exc:
        return {"error": f"{type(exc).__name__}: {exc}"}
    return {
        "document": doc,
        "boxes": boxes,
        "cells": gd.cells(parsed.report) if hasattr(parsed, "report") else None,
        "diagnostics": [(d.code, d.message_en) for d in parsed.diagnostics],
        "findings": [(f.rule, f.severity.value, f.message_en) for f in gd.check(parsed)],
    }


def _cpu(parse: Callable[[bytes], object], items: list[bytes]) -> float:
    t0 = time.process_time()
    for data in items:
        parse(data)
    return (time.process_time() - t0) / len(items)


def main() -> int:
    import tempfile

    from bench_compare import _export

    from formats import report_parts, to_pdf
    from truth import T19, T19_APPEALS_ROWS, T19_REQUESTS_ROWS, T21, T21_APPEALS_ROWS, T21_REQUESTS_ROWS

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("rev", nargs="?", default=None, help="default: where this branch left main (git merge-base)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = ap.parse_args()
    if args.rev is None:  # main may have moved on since: compare with the code this branch started from
        args.rev = subprocess.run(
            ["git", "-C", str(ROOT), "merge-base", "HEAD", "main"], check=True, capture_output=True, text=True
        ).stdout.strip()[:12]

    pdfs: list[tuple[str, bytes]] = []
    if args.corpus.is_dir():
        pdfs += [(f"corpus/{p.parent.name}", p.read_bytes()) for p in sorted(args.corpus.glob("*/source.pdf"))]
    for ed, t, req, app in (
        ("2019", T19, T19_REQUESTS_ROWS, T19_APPEALS_ROWS),
        ("2021", T21, T21_REQUESTS_ROWS, T21_APPEALS_ROWS),
    ):
        pdfs.append((f"fixture {ed}", to_pdf(report_parts(t, ed, req, app))))
    pdfs += [(f"{name}, rotated 90", _rotated(d)) for name, d in list(pdfs)] + [
        (f"{name}, in a scaled form", _formed(d)) for name, d in list(pdfs)
    ]

    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        old = _export(args.rev, Path(tmp))
        print(
            f"before: {args.rev}   after: this checkout   ({args.rounds} interleaved rounds, min CPU time per report)"
        )
        print(
            f"{'PDF':36s} {'pages':>5s} {'same':>5s} {'box drift':>9s} "
            f"{'before ms':>10s} {'after ms':>9s} {'ratio':>6s}"
        )
        for name, data in pdfs:
            a, b = _outputs(old, data), _outputs(new, data)
            # pdfium computes in single precision, pdfminer in double: boxes agree to a hundredth of a point
            ba, bb = a.pop("boxes", []), b.pop("boxes", [])
            drift = (
                max((abs(x - y) for x, y in zip(ba, bb, strict=True)), default=0.0)
                if len(ba) == len(bb)
                else float("inf")
            )
            same = a == b and drift <= BOX_TOLERANCE
            if not same:
                bad += 1
                for k in a.keys() | b.keys():
                    if a.get(k) != b.get(k):
                        print(
                            f"  {name}: {k} differs:\n"
                            f"    before {str(a.get(k))[:300]}\n    after  {str(b.get(k))[:300]}"
                        )
            before = after = float("inf")
            for fn in (old.parse_bytes, new.parse_bytes):
                _cpu(fn, [data])
            for _ in range(args.rounds):
                before = min(before, _cpu(old.parse_bytes, [data]))
                after = min(after, _cpu(new.parse_bytes, [data]))
            import pypdfium2

            pages = len(pypdfium2.PdfDocument(data))
            print(
                f"{name:36s} {pages:5d} {'yes' if same else 'NO':>5s} {drift:9.4f} "
                f"{before * 1000:10.1f} {after * 1000:9.1f} {after / before:6.2f}"
            )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
