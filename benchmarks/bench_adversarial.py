"""Adversarial inputs at the size bound: time and peak memory of each, in a fresh process.

    python benchmarks/bench_adversarial.py [--only NAME ...] [--src DIR] [--timeout S] [--mem-limit MiB]

Each input is built here (never stored), written to a temporary file at or under
the 20 MiB input bound, and parsed by ``govdisclosure.parse(path)`` in a child
process, which reports the outcome, the wall and CPU time and its own peak RSS
(imports included). CPU time is the figure to read on a shared machine.
``--src`` puts another checkout's ``src`` first on the child's path, to measure an
older version in the same run; ``--timeout`` and ``--mem-limit`` (RLIMIT_AS) keep an
unbounded version from taking the machine down: past them the row says so. The
target of issue 10: every row within 10 s and 1 GiB.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOUND = 20 * 1024 * 1024
MiB = 1024 * 1024


# ---------------------------------------------------------------- builders
def _fill(unit: bytes, head: bytes = b"", tail: bytes = b"", size: int = BOUND) -> bytes:
    n = (size - len(head) - len(tail)) // len(unit)
    return head + unit * n + tail


def html_span_grid() -> bytes:
    row = b"<tr>" + b'<td rowspan="200" colspan="200">1</td>' * 20 + b"</tr>\n"
    return _fill(row, b"<html><body><table>\n", b"</table></body></html>")


def html_plain_cells() -> bytes:
    return _fill(b"<tr><td>1</td><td>2</td><td>3</td></tr>\n", b"<html><body><table>\n", b"</table></body></html>")


def html_paragraph_flood() -> bytes:
    return _fill(b"<p>x</p>\n", b"<html><body>\n", b"</body></html>")


def html_deep_nesting() -> bytes:
    half = (BOUND - 100) // 11
    return b"<html><body>" + b"<div>" * half + b"</div>" * half + b"</body></html>"


def html_huge_attribute() -> bytes:
    return b'<html><body><p title="' + b"x" * (BOUND - 100) + b'">x</p></body></html>'


def _docx(document: bytes, *, stored: bool) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", document)
    return buf.getvalue()


_W = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:tbl>'


def docx_gridspan_stored() -> bytes:
    tc = b'<w:tc><w:tcPr><w:gridSpan w:val="200"/></w:tcPr><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>'
    doc = _fill(b"<w:tr>" + tc * 20 + b"</w:tr>", _W, b"</w:tbl></w:body></w:document>", BOUND - 400)
    return _docx(doc, stored=True)


def docx_gridspan_small() -> bytes:
    tc = b'<w:tc><w:tcPr><w:gridSpan w:val="200"/></w:tcPr><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>'
    doc = _W + (b"<w:tr>" + tc * 20 + b"</w:tr>") * 25 + b"</w:tbl></w:body></w:document>"
    return _docx(doc, stored=False)  # the 43 KB case of the issue, about


def docx_lying_headers() -> bytes:
    """document.xml inflating to 1 GiB, its headers saying 1,000 bytes."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b"<w:p/>" * (MiB // 6)
    parts = [comp.compress(_W.replace(b"<w:tbl>", b""))]
    crc = zlib.crc32(_W.replace(b"<w:tbl>", b""))
    for _ in range(1024):
        parts.append(comp.compress(chunk))
        crc = zlib.crc32(chunk, crc)
    parts.append(comp.flush())
    raw = b"".join(parts)
    name = b"word/document.xml"
    local = (
        b"PK\x03\x04"
        + (20).to_bytes(2, "little")
        + (0).to_bytes(2, "little")
        + (8).to_bytes(2, "little")
        + (0).to_bytes(4, "little")
        + crc.to_bytes(4, "little")
        + len(raw).to_bytes(4, "little")
        + (1000).to_bytes(4, "little")
        + len(name).to_bytes(2, "little")
        + (0).to_bytes(2, "little")
        + name
    )
    central = (
        b"PK\x01\x02"
        + (20).to_bytes(2, "little") * 2
        + (0).to_bytes(2, "little")
        + (8).to_bytes(2, "little")
        + (0).to_bytes(4, "little")
        + crc.to_bytes(4, "little")
        + len(raw).to_bytes(4, "little")
        + (1000).to_bytes(4, "little")
        + len(name).to_bytes(2, "little")
        + (0).to_bytes(2, "little") * 4  # extra, comment, disk, internal attributes
        + (0).to_bytes(4, "little") * 2  # external attributes, offset of the local header
        + name
    )
    end = (
        b"PK\x05\x06"
        + (0).to_bytes(4, "little")
        + (1).to_bytes(2, "little") * 2
        + len(central).to_bytes(4, "little")
        + (len(local) + len(raw)).to_bytes(4, "little")
        + (0).to_bytes(2, "little")
    )
    return local + raw + central + end


def docx_many_parts() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", _W + b"</w:tbl></w:body></w:document>")
        for i in range(60000):
            z.writestr(f"word/media/{i}.bin", b"")
    return buf.getvalue()


def _pdf(pages: list[bytes], *, compress: bool) -> bytes:
    """A PDF with one content stream per page and Helvetica as F1."""
    objs: list[bytes] = [b"", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for content in pages:
        data = zlib.compress(content) if compress else content
        filt = b" /Filter /FlateDecode" if compress else b""
        objs.append(b"<< /Length %d%s >>\nstream\n" % (len(data), filt) + data + b"\nendstream")
        objs.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R >>" % (len(objs))
        )
        kids.append(len(objs))
    objs[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[1] = b"<< /Type /Pages /Count %d /Kids [%s] >>" % (len(kids), b" ".join(b"%d 0 R" % k for k in kids))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    return out.getvalue()


def pdf_many_pages() -> bytes:
    page = b"BT /F1 12 Tf 72 720 Td (p) Tj ET"
    return _pdf([page] * 60000, compress=False)  # about 12 MB: pages the old reader kept open


def pdf_text_operators() -> bytes:
    return _pdf([b"BT /F1 1 Tf " + b"(x) Tj " * 2_000_000 + b"ET"], compress=True)


def pdf_rectangles() -> bytes:
    return _pdf([b"0 0 1 1 re S\n" * 400_000], compress=True)


def pdf_flate_gib() -> bytes:
    comp = zlib.compressobj(9)
    chunk = b" " * MiB
    data = b"".join([comp.compress(chunk) for _ in range(1024)] + [comp.flush()])
    pdf = _pdf([b"BT /F1 12 Tf 72 720 Td (p) Tj ET"], compress=False)
    # swap the page's content for the 1 GiB Flate stream
    old = b"<< /Length 32 >>\nstream\nBT /F1 12 Tf 72 720 Td (p) Tj ET\nendstream"
    new = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    body = pdf[: pdf.index(b"xref\n")].replace(old, new)
    return _pdf_reindex(body)


def _pdf_reindex(body: bytes) -> bytes:
    """Rebuild the xref of a PDF body whose objects moved."""
    import re

    offsets = [m.start() for m in re.finditer(rb"(?m)^\d+ 0 obj\n", body)]
    out = io.BytesIO()
    out.write(body)
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(offsets) + 1, xref))
    return out.getvalue()


def pdf_chars_under_budget() -> bytes:
    """Pages of 19,000 characters each, under the per-page budget: the most text work the budgets allow."""
    line = b"(" + b"x" * 190 + b") Tj 0 -8 Td\n"
    page = b"BT /F1 4 Tf 10 830 Td\n" + line * 100 + b"ET"
    return _pdf([page] * 12, compress=True)


def pdf_rects_under_budget() -> bytes:
    """Pages of 19,000 rectangles each: the most graphics work the budgets allow (and tables looked for)."""
    rects = b"".join(b"%d %d 3 3 re S\n" % (10 + i % 140 * 4, 10 + i // 140 * 6) for i in range(19_000))
    return _pdf([rects] * 12, compress=True)


def pdf_rects_at_graphics_budget() -> bytes:
    """Pages of 1,990 rectangles, just under the per-page graphics bound: tables are sought on each."""
    rects = b"".join(b"%d %d 3 3 re S\n" % (10 + i % 70 * 8, 10 + i // 70 * 11) for i in range(1990))
    return _pdf([b"BT /F1 9 Tf 72 820 Td (x) Tj ET\n" + rects] * 6, compress=True)


def pdf_noop_operators() -> bytes:
    """Pages of operators that draw nothing, each just under the per-page content budget."""
    return _pdf([b"q Q\n" * (1000 * 1024 // 4)] * 9, compress=True)


def text_bars() -> bytes:
    return _fill(b"|" * 60 + b"\n")


def text_short_lines() -> bytes:
    return _fill("政\n".encode())


def text_one_line() -> bytes:
    return _fill("政务公开".encode())


def text_mojibake() -> bytes:
    return _fill(bytes([0x81, 0x40, 0x82, 0x41, 0x83, 0x42, 0x84, 0x43, 0x85, 0x44, 0x0A]))


def text_big5() -> bytes:
    return _fill("政府信息公開工作年度報告 主動公開 規章 | 0 | 1 | 2\n".encode("big5"))


def text_report_like() -> bytes:
    sample = (ROOT / "examples" / "sample-2021.txt").read_bytes()
    return _fill(sample)


def json_deep() -> bytes:
    return b"[" * (BOUND // 2) + b"]" * (BOUND // 2)


CASES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "html-span-grid": (".html", html_span_grid),
    "html-plain-cells": (".html", html_plain_cells),
    "html-paragraph-flood": (".html", html_paragraph_flood),
    "html-deep-nesting": (".html", html_deep_nesting),
    "html-huge-attribute": (".html", html_huge_attribute),
    "docx-gridspan-43KB": (".docx", docx_gridspan_small),
    "docx-gridspan-stored": (".docx", docx_gridspan_stored),
    "docx-lying-headers-1GiB": (".docx", docx_lying_headers),
    "docx-60000-parts": (".docx", docx_many_parts),
    "pdf-60000-pages": (".pdf", pdf_many_pages),
    "pdf-2M-text-ops": (".pdf", pdf_text_operators),
    "pdf-400k-rects": (".pdf", pdf_rectangles),
    "pdf-flate-1GiB": (".pdf", pdf_flate_gib),
    "pdf-chars-under-budget": (".pdf", pdf_chars_under_budget),
    "pdf-rects-under-budget": (".pdf", pdf_rects_under_budget),
    "pdf-rects-at-graphics-budget": (".pdf", pdf_rects_at_graphics_budget),
    "pdf-noop-ops-under-budget": (".pdf", pdf_noop_operators),
    "text-bars": (".txt", text_bars),
    "text-short-lines": (".txt", text_short_lines),
    "text-one-line": (".txt", text_one_line),
    "text-mojibake": (".txt", text_mojibake),
    "text-big5": (".txt", text_big5),
    "text-report-repeated": (".txt", text_report_like),
    "json-deep": (".json", json_deep),
}

CHILD = r"""
import json, resource, sys, time
src, path, mem = sys.argv[1], sys.argv[2], int(sys.argv[3])
if src:
    sys.path.insert(0, src)
if mem:
    resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
import logging
logging.disable(logging.WARNING)
import govdisclosure as gd
t0 = time.perf_counter()
c0 = time.process_time()
try:
    if path.endswith(".json"):
        gd.from_json(open(path, "rb").read())
    else:
        parsed = gd.parse(path)
        gd.to_json(parsed.report)
    outcome = "parsed"
except gd.GovDisclosureError as exc:
    outcome = f"{type(exc).__name__}: {exc}"
except BaseException as exc:
    outcome = f"INTERNAL {type(exc).__name__}: {exc}"
dt = time.perf_counter() - t0
cpu = time.process_time() - c0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"outcome": outcome[:110], "seconds": dt, "cpu": cpu, "rss": rss}))
"""


def run_case(path: Path, src: str, timeout: float, mem_limit: int) -> dict[str, object]:
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, src, str(path), str(mem_limit)],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {
            "outcome": f"TIMEOUT after {timeout:g} s",
            "seconds": time.perf_counter() - t0,
            "cpu": float("nan"),
            "rss": float("nan"),
        }
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("{"):
            result: dict[str, object] = json.loads(line)
            return result
    return {
        "outcome": f"DIED (exit {proc.returncode}) {proc.stderr.strip().splitlines()[-1:]}",
        "seconds": time.perf_counter() - t0,
        "cpu": float("nan"),
        "rss": float("nan"),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", default=None, help="case names (default: all)")
    ap.add_argument("--src", default="", help="another checkout's src/ to measure instead")
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--mem-limit", type=int, default=4096, help="MiB of address space per child (0: none)")
    args = ap.parse_args(argv)
    names = args.only or list(CASES)
    print(f"{'case':<26} {'bytes':>10} {'wall s':>7} {'CPU s':>7} {'peak MiB':>9}  outcome", flush=True)
    worst_t, worst_m = 0.0, 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            suffix, build = CASES[name]
            data = build()
            assert len(data) <= BOUND, (name, len(data))
            path = Path(tmp) / f"{name}{suffix}"
            path.write_bytes(data)
            del data
            r = run_case(path, args.src, args.timeout, args.mem_limit * MiB)
            size = path.stat().st_size
            os.unlink(path)
            secs, cpu, rss = (float(r[k]) for k in ("seconds", "cpu", "rss"))  # type: ignore[arg-type]
            worst_t = max(worst_t, cpu if cpu == cpu else secs)
            worst_m = max(worst_m, rss if rss == rss else 0.0)
            print(f"{name:<26} {size:>10} {secs:>7.2f} {cpu:>7.2f} {rss:>9.0f}  {r['outcome']}", flush=True)
    print(f"worst: {worst_t:.2f} s of CPU, {worst_m:.0f} MiB peak RSS (target: 10 s, 1024 MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
