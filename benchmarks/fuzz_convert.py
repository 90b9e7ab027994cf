"""The same report through the converters agencies really use: Word and web pages exported to PDF.

Most published PDFs are not written by a PDF library: an agency writes its report in Word
(or WPS) and exports it, or prints its web page from a browser. ``fuzz_binary.py`` writes
its Word and PDF files itself (python-docx, reportlab); this script sends the same reports
through real converters and reads what comes out:

- ``lo-docx-pdf``: the report as a Word file (python-docx, plain tables), exported to PDF by
  LibreOffice (what "save as PDF" in an office suite produces: its own line breaking, table
  geometry, fonts substituted);
- ``lo-merged-pdf``: the same with the template's merged cells (a group label spanning its
  rows' label columns, a header spanning its columns: ``fuzz_binary``'s ``docx-merged``);
- ``lo-html-docx``: the report as a web page (an HTML table with borders), opened and saved as
  Word by LibreOffice (a page "saved as Word");
- ``chrome-pdf``: the web page printed to PDF by headless Chromium (a page printed from a
  browser: its table layout, wrapped labels, page breaks inside tables);
- ``chrome-pdf-unruled``: the same page with a table that draws no rules (many sites' tables
  do not), printed by Chromium: a table of aligned text, its columns only where its words stand;
- ``chrome-pdf-unruled-blank``: the same, table 三's zeros in its five 法人 columns printed blank
  (as many reports print them), and table 二's in its rows of three columns: a line of text then
  holds fewer values than columns, and only where its words stand tells their cells; compared with
  the parse of the text with those cells blank (``| 0 |  | … |``);
- ``lo-html-pdf``: the web page exported to PDF by LibreOffice Writer;
- ``pdf-copy`` and ``chrome-pdf-copy``: the text of ``lo-docx-pdf``'s and ``chrome-pdf``'s files
  as a PDF viewer copies it (pdfium's text of each page: each cell's lines on lines of their own,
  a blank cell gone);
- ``html-copy-lines``, ``html-copy-spaces``, ``html-copy-tabs``: the text of the web page as
  crawlers and a browser's copy keep it (every piece of text on a line of its own; each row a
  line, its cells apart by a space, or by a tab).

Each file's parse is compared cell by cell with the parse of the text
(``fuzz_layouts.compare``: same / null-diag / null-silent / wrong-diag / wrong / gained /
false-alarm), and with the hand labels of corpus cases where they exist.

    python benchmarks/fuzz_convert.py                                  # fixtures
    python benchmarks/fuzz_convert.py --corpus ../shared/corpus --corpus ../wild -v

Needs LibreOffice (``soffice``) and Chromium on PATH; a converter that is missing is
skipped with a word. Sources are read at run time, never copied. ``--keep DIR`` keeps the
converted files (named after their sources) and ``--reuse`` reads them again without
converting (a full run converts for about 15 minutes on two cores).

First run (2026-12-06, fixtures + shared corpus + wild set, 132 sources, 528 files, 72,059
cells): 2 cells silently wrong, 3 false alarms, 2 agency names cut, all fixed by mechanism
(a row broken at a page end, a label inside another row's note, a name cut by a line break);
after: 0 wrong, 0 false alarms; the 8 silent nulls are ``meta.year`` of two corpus reports
whose year stands past the 3,000 characters ``fuzz_binary.template_parts`` keeps of a
paragraph (the generated document does not print it). ``lo-merged-pdf`` (added after): 132
files, 17,976 cells, 0 wrong, 0 false alarms, the same 2 silent nulls. The copied texts (added
2026-12-06, evening; 660 texts): 4 cells silently wrong and 8 units lost, by two mechanisms, both
fixed (a blank row's label took the next row's ordinal for its note; an amount's unit on the next
line); after: 0 wrong, 0 false alarms, the same silent nulls. ``chrome-pdf-unruled`` (added
2026-12-06, night; 132 files, 17,970 cells): 2 cells silently wrong (a row's label inside another
row's note, beside that row's values: the note's lines and the values on one line), fixed; after:
0 wrong, 0 false alarms. Rows broken at a page end (same night): ``lo-docx-pdf`` left 726 cells
unread (named) where the text reads them, most of them two rows a file — a row whose label LibreOffice
cut in two at a page's foot, neither piece a label alone — and ``chrome-pdf`` as printed lost the row
at a page's top that Chromium draws with no rule above it; after: 145, then 61 with a grid wider than
the row, a label's head that is its item number alone ('5.') and a note cut where its cell ends (0
wrong, 0 false alarms; a note cut at a line end was tried too, and read 'bat365' in a spammed
label as three values, named: not kept). ``chrome-pdf-unruled-blank`` (added 2026-12-06, night; shared
corpus and fixtures, 80 files, 6,091 cells): 4 cells silently wrong, both rows of two values on their
label's line right above a line of seven (another row's, its label printed below them), which the
recognizer took as the row's; after (such a row is read only from its own line; with both, unread and
named): 0 wrong, 0 false alarms; 3,524 cells unread and named where the blanked text reads them (most
on the corpus' pages whose header's columns the page does not print whole). Table 二's zeros in
its rows of three columns blanked too (2026-12-07; seed 7, 95 files): 2,270 cells the same as the
blanked text's parse before table 二's blocks were read by their headers' columns, 2,340 after;
0 wrong, 0 false alarms.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from random import Random
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fuzz_binary as fb
import fuzz_layouts as fl
import real_scans

import govdisclosure as gd
from govdisclosure.schema._labels import ACTIVE_2019, ACTIVE_2021

VARIANTS = (
    "lo-docx-pdf",
    "lo-merged-pdf",
    "lo-html-docx",
    "chrome-pdf",
    "chrome-pdf-unruled",
    "chrome-pdf-unruled-blank",
    "lo-html-pdf",
    "pdf-copy",
    "chrome-pdf-copy",
    "html-copy-lines",
    "html-copy-spaces",
    "html-copy-tabs",
)
# copied text: variant -> the variant whose PDF it is copied from
_PDF_COPIES = {"pdf-copy": "lo-docx-pdf", "chrome-pdf-copy": "chrome-pdf"}
_HTML_COPIES = {"html-copy-lines": None, "html-copy-spaces": " ", "html-copy-tabs": "\t"}

_CSS = (
    "body{font-family:'WenQuanYi Micro Hei',sans-serif;font-size:14px}"
    "table{border-collapse:collapse;width:100%}td,th{border:1px solid #000;padding:2px 4px}"
)


def to_html(doc_parts: list[Any], ruled: bool = True) -> str:
    """The report as a web page: paragraphs and bordered tables (``ruled``; else a table that
    draws no rules, as many sites' are), a header cell spanning the columns it covers (as
    ``fuzz_binary._spans`` merges them)."""
    css = _CSS if ruled else _CSS.replace("border:1px solid #000;", "")
    # an empty paragraph first: LibreOffice drops a page's first paragraph when it exports it to PDF
    out = [f'<!DOCTYPE html><html><head><meta charset="utf-8"><style>{css}</style></head><body><p>&nbsp;</p>']
    for part in doc_parts:
        if isinstance(part, str):
            out.append(f"<p>{html.escape(part)}</p>")
            continue
        width = max(len(r) for r in part)
        out.append("<table>")
        for row in part:
            cells = "".join(
                f"<td{f' colspan={span}' if span > 1 else ''}>{html.escape(text)}</td>"
                for text, _, span in fb._spans(row, width)
            )
            out.append(f"<tr>{cells}</tr>")
        out.append("</table>")
    out.append("</body></html>")
    return "".join(out)


def blank_parts(doc_parts: list[Any]) -> list[Any] | None:
    """``doc_parts`` with table 三's zeros in its five 法人 columns blank (a row of a label and seven
    values: the five before the last), and table 二's zeros in its blocks of three columns (规章 and
    规范性文件's; 2019's 行政许可 … 行政强制: a row of its label and three values), or None when it
    prints none."""
    out: list[Any] = []
    changed = False
    for part in doc_parts:
        if isinstance(part, str):
            out.append(part)
            continue
        requests = any("本年新收" in "".join(row) for row in part)
        rows = []
        for row in part:
            row = list(row)
            if requests:
                values, blanked = row[-7:], range(len(row) - 6, len(row) - 1)
                fits = len(row) >= 8
            else:
                values, blanked = row[-3:], range(len(row) - 3, len(row))
                label = re.sub(r"\s+", "", row[-4]) if len(row) >= 4 else ""
                fits = any(label.endswith(x) for x in _BLOCK_LABELS)
            if fits and all(re.fullmatch(r"\s*\d*\s*", v) for v in values):
                for j in blanked:
                    if row[j].strip() == "0":
                        row[j] = ""
                        changed = True
            rows.append(row)
        out.append(rows)
    return out if changed else None


# table 二's rows of three columns (规章, 规范性文件; 2019's 行政许可 … 行政强制), from the template
_BLOCK_LABELS = tuple(
    sorted(
        {
            label
            for table in (ACTIVE_2019, ACTIVE_2021)
            for row in table.rows
            if len(row.columns) >= 3
            for label in (row.label, *row.variants)
        }
    )
)


def parts_text(doc_parts: list[Any]) -> str:
    """``doc_parts`` as text: paragraphs, and each row a line of cells between bars."""
    return "\n".join(p if isinstance(p, str) else "\n".join("| " + " | ".join(r) + " |" for r in p) for p in doc_parts)


def pdf_copy(path: Path) -> str:
    """A PDF's text as a viewer copies it: pdfium's text of each page, in order."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()
    return "\n".join(pages).replace("\r\n", "\n").replace("\r", "\n")


def html_copy(path: Path, sep: str | None) -> str:
    """A web page's text as a crawler keeps it: every piece of text on its own line (``sep``
    None), or each table row a line with its cells apart by ``sep``."""
    import lxml.html

    body = lxml.html.fromstring(path.read_bytes()).body
    if sep is None:
        return "\n".join(t.strip() for t in body.itertext() if t.strip())
    out = []
    for el in body:
        if el.tag == "table":
            out += [sep.join(td.text_content().strip() for td in tr.iter("td", "th")) for tr in el.iter("tr")]
        else:
            out.append(el.text_content().strip())
    return "\n".join(out)


def _soffice() -> str | None:
    return next((exe for exe in ("soffice", "libreoffice") if shutil.which(exe)), None)


def _convert(files: list[Path], to: str, outdir: Path, profile: Path, infilter: str | None = None) -> None:
    """LibreOffice converts every file in one process (``to``: ``pdf``, ``docx:"MS Word 2007 XML"``)."""
    exe = _soffice()
    if exe is None or not files:
        return
    outdir.mkdir(parents=True, exist_ok=True)
    for i in range(0, len(files), 40):  # one process a few dozen files: start-up amortized, no huge argv
        subprocess.run(
            [
                exe,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                *([f"--infilter={infilter}"] if infilter else []),
                "--convert-to",
                to,
                "--outdir",
                str(outdir),
                *map(str, files[i : i + 40]),
            ],
            check=False,
            capture_output=True,
            timeout=1200,
        )


def build(
    srcs: list[tuple[str, str]], work: Path, names: list[str], seed: int, reuse: bool = False
) -> dict[str, tuple[gd.Parsed, dict[str, Path], dict[str, gd.Parsed]]]:
    """{source name: (its text's parse, {variant: converted file}, {variant: the parse its file is
    compared with, when not the text's})} for the sources with tables (``reuse``: the files a run with
    ``--keep`` left in ``work``, not converted again)."""
    docx_dir, merged_dir, html_dir = work / "docx", work / "docx-merged", work / "html"
    unruled_dir, blank_dir = work / "html-unruled", work / "html-unruled-blank"
    for d in (docx_dir, merged_dir, html_dir, unruled_dir, blank_dir):
        d.mkdir(exist_ok=reuse)
    stems: dict[str, tuple[str, gd.Parsed]] = {}
    blank_bases: dict[str, gd.Parsed] = {}
    for name, text in srcs:
        base = fl._parse(text)
        if base is None or base.report is None:
            continue
        if any(d.code == "number-split" for d in base.diagnostics):
            continue  # a number broken over two lines in a cell: as table rows, two rows of cells
        doc_parts = fb.parts(text) or fb.template_parts(text, base)
        if doc_parts is None:
            continue
        stem = re.sub(r"[^\w.-]+", "_", name)  # the source's name: the same file for it in every run
        stems[name] = (stem, base)
        blank = blank_parts(doc_parts) if "chrome-pdf-unruled-blank" in names else None
        blank_base = fl._parse(parts_text(blank)) if blank is not None else None
        if blank is not None and blank_base is not None and blank_base.report is not None:
            blank_bases[name] = blank_base
            if not reuse:
                (blank_dir / f"{stem}.html").write_text(to_html(blank, ruled=False), encoding="utf-8")
        if reuse:
            continue
        (docx_dir / f"{stem}.docx").write_bytes(fb.to_docx(doc_parts, Random(f"{seed}:{name}"), "docx-plain"))
        (merged_dir / f"{stem}.docx").write_bytes(fb.to_docx(doc_parts, Random(f"{seed}:{name}"), "docx-merged"))
        (html_dir / f"{stem}.html").write_text(to_html(doc_parts), encoding="utf-8")
        (unruled_dir / f"{stem}.html").write_text(to_html(doc_parts, ruled=False), encoding="utf-8")
    if not reuse:
        profile = work / "lo-profile"
        if _soffice() is None:
            print("LibreOffice not found: lo-* variants skipped", file=sys.stderr)
        if real_scans.chromium() is None:
            print("Chromium not found: chrome-pdf skipped", file=sys.stderr)
        if "lo-docx-pdf" in names or "pdf-copy" in names:
            _convert(sorted(docx_dir.glob("*.docx")), "pdf", work / "lo-docx-pdf", profile)
        if "lo-merged-pdf" in names:
            _convert(sorted(merged_dir.glob("*.docx")), "pdf", work / "lo-merged-pdf", profile)
        if "lo-html-pdf" in names:
            _convert(sorted(html_dir.glob("*.html")), "pdf:writer_pdf_Export", work / "lo-html-pdf", profile)
        if "lo-html-docx" in names:
            _convert(
                sorted(html_dir.glob("*.html")),
                "docx:MS Word 2007 XML",
                work / "lo-html-docx",
                profile,
                "HTML (StarWriter)",
            )
        if ("chrome-pdf" in names or "chrome-pdf-copy" in names) and real_scans.chromium() is not None:
            (work / "chrome-pdf").mkdir()
            for stem, _ in stems.values():
                real_scans.print_html(html_dir / f"{stem}.html", work / "chrome-pdf" / f"{stem}.pdf")
        if "chrome-pdf-unruled" in names and real_scans.chromium() is not None:
            (work / "chrome-pdf-unruled").mkdir()
            for stem, _ in stems.values():
                real_scans.print_html(unruled_dir / f"{stem}.html", work / "chrome-pdf-unruled" / f"{stem}.pdf")
        if "chrome-pdf-unruled-blank" in names and real_scans.chromium() is not None:
            (work / "chrome-pdf-unruled-blank").mkdir()
            for stem, _ in stems.values():
                if (blank_dir / f"{stem}.html").is_file():
                    real_scans.print_html(blank_dir / f"{stem}.html", work / "chrome-pdf-unruled-blank" / f"{stem}.pdf")
    for v in names:  # the copied texts, from the files above
        if v not in _PDF_COPIES and v not in _HTML_COPIES:
            continue
        (work / v).mkdir(exist_ok=True)
        for stem, _ in stems.values():
            src = work / _PDF_COPIES[v] / f"{stem}.pdf" if v in _PDF_COPIES else html_dir / f"{stem}.html"
            if src.is_file():
                text = pdf_copy(src) if v in _PDF_COPIES else html_copy(src, _HTML_COPIES[v])
                (work / v / f"{stem}.txt").write_text(text, encoding="utf-8")
    out: dict[str, tuple[gd.Parsed, dict[str, Path], dict[str, gd.Parsed]]] = {}
    for name, (stem, base) in stems.items():
        files = {v: work / v / f"{stem}.{_suffix(v)}" for v in names}
        if name not in blank_bases:
            files.pop("chrome-pdf-unruled-blank", None)
        other = {"chrome-pdf-unruled-blank": blank_bases[name]} if name in blank_bases else {}
        out[name] = (base, {v: f for v, f in files.items() if f.is_file()}, other)
    return out


def _suffix(variant: str) -> str:
    if variant in _PDF_COPIES or variant in _HTML_COPIES:
        return "txt"
    return "docx" if variant.endswith("docx") else "pdf"


def run(
    srcs: list[tuple[str, str]],
    names: list[str],
    seed: int,
    verbose: bool,
    keep: Path | None = None,
    reuse: bool = False,
) -> dict[str, fl.Row]:
    table = {n: fl.Row() for n in names}
    with tempfile.TemporaryDirectory(prefix="fuzz-convert-") as tmp:
        work = Path(tmp)
        if keep is not None:
            if not reuse:
                shutil.rmtree(keep, ignore_errors=True)
                keep.mkdir(parents=True)
            work = keep
        for name, (text_base, by_variant, other) in build(srcs, work, names, seed, reuse).items():
            for vname, path in by_variant.items():
                row = table[vname]
                row.docs += 1
                base = other.get(vname, text_base)
                try:
                    pert = gd.parse(path)
                except gd.ParseError as exc:
                    row.lost(name, base, f"{type(exc).__name__}: {exc}")
                    continue
                labels = None if vname in other else fl.LABELS.get(name)
                row.add(name, fl.compare(base, pert, labels=labels), tail=f" ({path.name})")
            if verbose:
                print(name, file=sys.stderr)
    return table


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("--corpus", type=Path, action="append", default=[], help="a folder of cases (repeatable)")
    ap.add_argument("--no-fixtures", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", action="append", choices=VARIANTS, help="one variant (repeatable)")
    ap.add_argument("--source", help="only sources whose name contains this")
    ap.add_argument("--keep", type=Path, help="write the converted files here (emptied first) and keep them")
    ap.add_argument("--reuse", action="store_true", help="with --keep: read the files a run left there again")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    if args.reuse and args.keep is None:
        ap.error("--reuse needs --keep DIR")
    names = args.only or list(VARIANTS)
    srcs = [s for s in fb.sources(args.corpus, not args.no_fixtures) if not args.source or args.source in s[0]]
    table = run(srcs, names, args.seed, args.verbose, args.keep, args.reuse)
    return fl.report(table, args.verbose)


if __name__ == "__main__":
    sys.exit(main())
