"""Parse time per format against the bare cost of the underlying library on the same bytes.

    python benchmarks/bench_formats.py

For each format, the fixture reports of tests/ (both editions) are rendered
once, then timed (median of several runs):

- HTML: govdisclosure.parse vs lxml.html.document_fromstring;
- DOCX: govdisclosure.parse vs docx.Document (python-docx's open);
- PDF:  govdisclosure.parse vs pdfplumber text extraction of every page.

Also a Word-exported-style page of 300 KB+ (inline styles on every cell).
The ratios are what to compare across machines.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import govdisclosure as gd  # noqa: E402

from formats import report_parts, to_docx, to_html, to_pdf  # noqa: E402
from truth import T19, T19_APPEALS_ROWS, T19_REQUESTS_ROWS, T21, T21_APPEALS_ROWS, T21_REQUESTS_ROWS  # noqa: E402


def median_time(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bare_html(data: bytes) -> None:
    import lxml.html

    lxml.html.document_fromstring(data, parser=lxml.html.HTMLParser(encoding="utf-8"))


def bare_docx(data: bytes) -> None:
    import docx

    docx.Document(io.BytesIO(data))


def bare_pdf(data: bytes) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()


def word_export_page(parts: list[object]) -> bytes:
    """The same report with the heavy inline styles Word puts on every element (300 KB+)."""
    html = to_html(parts)  # type: ignore[arg-type]
    style = (
        ' style="width:41.45pt;border-top:none;border-left:none;border-bottom:solid windowtext 1.0pt;'
        "border-right:solid windowtext 1.0pt;mso-border-top-alt:solid windowtext .5pt;mso-border-left-alt:"
        "solid windowtext .5pt;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt;"
        'height:21.75pt;font-family:仿宋_GB2312;mso-hansi-font-family:&quot;Times New Roman&quot;"'
    )
    html = html.replace("<span>", f"<span{style}><font face=仿宋_GB2312>").replace("</span>", "</font></span>")
    html = html.replace('<td style="border:solid windowtext 1pt"', f"<td{style}")
    return html.encode("utf-8")


def main() -> int:
    docs = []
    for edition, truth, req, app in (
        ("2021", T21, T21_REQUESTS_ROWS, T21_APPEALS_ROWS),
        ("2019", T19, T19_REQUESTS_ROWS, T19_APPEALS_ROWS),
    ):
        docs.append(report_parts(truth, edition, req, app))
    rows = []
    for fmt, render, bare, repeat in (
        ("html", lambda p: to_html(p).encode("utf-8"), bare_html, 30),
        ("html 300KB+", word_export_page, bare_html, 10),
        ("docx", to_docx, bare_docx, 20),
        ("pdf", to_pdf, bare_pdf, 5),
    ):
        ours, base, sizes = [], [], []
        for parts in docs:
            data = render(parts)
            sizes.append(len(data))
            ours.append(median_time(lambda d=data: gd.parse(d), repeat))
            base.append(median_time(lambda d=data, f=bare: f(d), repeat))
        o, b = statistics.median(ours), statistics.median(base)
        rows.append((fmt, max(sizes), o, b))
    print(f"{'format':<12} {'bytes':>9} {'parse ms':>9} {'bare ms':>9} {'ratio':>6}")
    for fmt, size, o, b in rows:
        print(f"{fmt:<12} {size:>9} {o * 1000:>9.1f} {b * 1000:>9.1f} {o / b:>6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
