"""Metamorphic layout fuzzer, round two: the same report as a Word or PDF file, laid out as publishers do.

The tables of each text source (the project's text fixtures, and with ``--corpus DIR``,
repeatable, the shared corpus' and the wild set's sources, read at run time, never copied)
are written with python-docx or reportlab in the layouts real reports show, and the parse of
the file is compared cell by cell with the parse of the text (``fuzz_layouts.compare``:
same / null-diag / null-silent / wrong-diag / wrong / gained / false-alarm).

DOCX: merged cells (a label spanning columns, gridSpan; a group cell merged down, vMerge),
a table split in two Word tables at a page break (its header repeated or not), cells of two
paragraphs (the value and an empty one), numbers in one run per digit, the table nested in a
cell, the whole report as paragraphs with tabs.

PDF (a text layer, the CJK font reportlab ships): ruled and unruled tables, right-aligned
numbers, a table broken across two pages with or without its header repeated, a narrow
label column (labels wrapped), table 四's header cells rotated, a page number at each
page's foot.

    python benchmarks/fuzz_binary.py                                   # fixtures, seed 1
    python benchmarks/fuzz_binary.py --corpus ../shared/corpus --corpus ../wild -v
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from random import Random
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fuzz_layouts as fl

import govdisclosure as gd

Table = list[list[str]]


def parts(text: str) -> list[Any] | None:
    """The source as paragraphs (str) and tables (rows of cells), in order; None without a table."""
    out: list[Any] = []
    rows: Table = []
    for line in text.split("\n"):
        if fl._RULE.fullmatch(line):
            continue
        cells = fl._cells(line)
        if cells is not None:
            rows.append(cells)
            continue
        if rows:
            out.append(rows)
            rows = []
        if line.strip():
            out.append(line.strip())
    if rows:
        out.append(rows)
    return out if any(isinstance(p, list) for p in out) else None


_SECTION_HEADS = {
    "active": "二、主动公开政府信息情况",
    "requests": "三、收到和处理政府信息公开申请情况",
    "appeals": "四、政府信息公开行政复议、行政诉讼情况",
}
_REQ_HEAD = [
    ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"],
    ["自然人", "法人或其他组织", "总计"],
    ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
]


def _printed(value: object, unit: str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        number, got = str(value.get("number", "")), value.get("unit")
        return number if not got or got == unit else f"{number}{got}"
    return str(value)


def template_parts(text: str, base: gd.Parsed) -> list[Any] | None:
    """A source whose tables are not pipe or tab rows (crawler text, one line, spaces): its
    tables printed on the national template from the cells the text's parse read (what a
    person reads there: the comparison is with that parse), between its own text before
    table 二 and a closing section."""
    from govdisclosure.schema._labels import TEMPLATES, Edition

    if base.report is None:
        return None
    cells = gd.cells(base.report)
    if cells.get("meta.edition") is None:
        return None  # which template, the text did not say
    edition = Edition(str(cells["meta.edition"]))
    # a row with a cell the text's parse left unread and named is left out (its identities were
    # not checkable there: printed blank here, they would be)
    unread = {c for d in base.diagnostics for c in d.cells if cells.get(c) is None}
    start = fl._START.search(text)
    a = start.start() if start is not None else 0
    head = [x.strip() for x in text[:a].split("\n") if x.strip()][:40]
    out: list[Any] = [x[:3000] for x in head]
    for spec in TEMPLATES[edition]:
        out.append(_SECTION_HEADS[spec.id])
        if spec.id == "appeals":
            cols = [c.label for c in spec.rows[0].columns]
            values = [_printed(cells.get(f"appeals.{r.id}.{c.id}"), None) for r in spec.rows for c in r.columns]
            out.append([["行政复议", "行政诉讼"], ["未经复议直接起诉", "复议后起诉"], cols * 3, values])
            continue
        rows: Table = [] if spec.id == "active" else [list(r) for r in _REQ_HEAD]
        group: str | None = None
        seen: set[str] = set()
        for r in spec.rows:
            if spec.id == "active" and r.group != group:
                if rows:
                    out.append(rows)
                out.append(r.group or "")
                rows = [["信息内容", *(c.label for c in r.columns)]]
            if any(f"{spec.id}.{r.id}.{c.id}" in unread for c in r.columns):
                group = r.group
                continue
            labels = [f"{r.numbering}{r.label}"]
            if spec.id == "requests" and r.group and r.group not in seen:
                labels.insert(0, r.group)  # printed once, as its merged cell is
                seen.add(r.group)
            group = r.group
            rows.append(
                [*labels, *(_printed(cells.get(f"{spec.id}.{r.id}.{c.id}"), c.default_unit) for c in r.columns)]
            )
        out.append(rows)
    end = fl._END.search(text, a)
    tail = [x.strip()[:3000] for x in text[end.start() :].split("\n") if x.strip()][:40] if end else []
    out += tail or ["五、存在的主要问题及改进情况", "一是公开的及时性有待提高。"]
    return out


def _is_value(cell: str) -> bool:
    return fl._is_num(cell) or cell in fl.PLACEHOLDERS


def _spans(row: list[str], width: int) -> list[tuple[str, int, int]]:
    """(text, first column, columns spanned) of a row under ``width`` columns, as the template
    merges: a header's last cell spans the rest; a label with one value (行政许可 | 152) has the
    value span; otherwise the last label spans (三、本年度办理结果 / （一）予以公开)."""
    short = width - len(row)
    if short <= 0:
        return [(c, j, 1) for j, c in enumerate(row)]
    k = fl._label_len(row)
    at = len(row) - 1 if k == len(row) or (k == 1 and len(row) == 2) else max(k - 1, 0)
    out, col = [], 0
    for j, c in enumerate(row):
        span = 1 + short if j == at else 1
        out.append((c, col, span))
        col += span
    return out


def _header_rows(table: Table) -> int:
    """How many leading rows hold no value."""
    n = 0
    for r in table:
        if any(_is_value(c) for c in r):
            break
        n += 1
    return n


# ----------------------------------------------------------------------------- DOCX
def to_docx(doc_parts: list[Any], rng: Random, variant: str) -> bytes:
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    big = max((p for p in doc_parts if isinstance(p, list)), key=len)

    def fill(cell: Any, text: str) -> None:
        para = cell.paragraphs[0]
        if variant == "docx-runs" and text:
            pieces = list(text) if re.fullmatch(r"\d+", text) else [text[i : i + 3] for i in range(0, len(text), 3)]
            for piece in pieces:
                para.add_run(piece)
        else:
            para.add_run(text)
        if variant == "docx-twopara" and text:
            cell.add_paragraph(rng.choice(("", " ", "\u3000")))

    def table(container: Any, rows: Table) -> None:
        width = max(len(r) for r in rows)
        merged = variant != "docx-plain"
        t = container.add_table(rows=len(rows), cols=width)
        t.style = "Table Grid"
        for r, row in enumerate(rows):
            cells = _spans(row, width) if merged else [(c, j, 1) for j, c in enumerate(row)]
            for text, col, span in cells:
                target = t.cell(r, col)
                if span > 1:
                    target = target.merge(t.cell(r, col + span - 1))
                fill(target, text)

    for part in doc_parts:
        if isinstance(part, str):
            document.add_paragraph(part)
        elif variant == "docx-tabs":
            for row in part:
                document.add_paragraph("\t".join(row))
        elif variant == "docx-nested":
            outer = document.add_table(rows=1, cols=1)
            table(outer.cell(0, 0), part)
        elif variant.startswith("docx-split") and part is big and len(part) > _header_rows(part) + 4:
            head = _header_rows(part)
            at = rng.randrange(head + 2, len(part) - 1)
            table(document, part[:at])
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            table(document, (part[:head] if variant == "docx-split-header" else []) + part[at:])
        else:
            table(document, part)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


# ----------------------------------------------------------------------------- PDF
_PAGE_W, _PAGE_H, _MARGIN = 595.0, 842.0, 40.0


def to_pdf(doc_parts: list[Any], rng: Random, variant: str) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    buf = io.BytesIO()
    cv = canvas.Canvas(buf, pagesize=(_PAGE_W, _PAGE_H))
    page = [1]
    y = [_PAGE_H - _MARGIN]
    ruled = variant != "pdf-unruled"
    big = max((p for p in doc_parts if isinstance(p, list)), key=len)

    def new_page() -> None:
        cv.setFont(font, 9)
        cv.drawCentredString(_PAGE_W / 2, 20, f"— {page[0]} —")
        cv.showPage()
        page[0] += 1
        y[0] = _PAGE_H - _MARGIN

    def wrap(text: str, size: float, width: float) -> list[str]:
        lines, cur = [], ""
        for ch in text:
            if cur and pdfmetrics.stringWidth(cur + ch, font, size) > width:
                lines.append(cur)
                cur = ""
            cur += ch
        return [*lines, cur] if cur or not lines else lines

    def paragraph(text: str) -> None:
        for line in wrap(text, 10.5, _PAGE_W - 2 * _MARGIN):
            if y[0] - 16 < _MARGIN:
                new_page()
            cv.setFont(font, 10.5)
            cv.drawString(_MARGIN, y[0] - 12, line)
            y[0] -= 16

    def draw_table(rows: Table) -> None:
        width = max(len(r) for r in rows)
        labels = (
            max(fl._label_len(r) for r in rows if any(_is_value(c) for c in r))
            if any(any(_is_value(c) for c in r) for r in rows)
            else 1
        )
        labels = min(max(labels, 1), width - 1) if width > 1 else 1
        total = _PAGE_W - 2 * _MARGIN
        label_w = (60.0 if variant == "pdf-narrow" else min(230.0, total * 0.45)) if width > 3 else total * 0.6
        if width >= 12:
            label_w = 0.0
            labels = 0
        val_w = (total - label_w) / max(width - labels, 1)
        col_w = [label_w / max(labels, 1)] * labels + [val_w] * (width - labels)
        xs = [_MARGIN]
        for w in col_w:
            xs.append(xs[-1] + w)
        head = _header_rows(rows)
        rotate = variant == "pdf-rotated" and width >= 12
        size, lead = 8.0, 10.0
        cut = (
            rng.randrange(head + 2, len(rows) - 1)
            if variant.startswith("pdf-split") and rows is big and len(rows) > head + 4
            else -1
        )

        def draw_row(row: list[str], is_head: bool) -> None:
            spans = _spans(row, width)
            boxes = []
            height = 0.0
            for text, col, span in spans:
                w = xs[col + span] - xs[col]
                if rotate and is_head:
                    h = pdfmetrics.stringWidth(text, font, size) + 6
                    lines = [text]
                else:
                    lines = wrap(text, size, w - 4)
                    h = len(lines) * lead + 4
                boxes.append((text, col, span, lines))
                height = max(height, h)
            if y[0] - height < _MARGIN:
                new_page()
                if variant == "pdf-split-header" and not is_head:
                    for h_row in rows[:head]:
                        draw_row(h_row, True)
            top = y[0]
            cv.setFont(font, size)
            for text, col, span, lines in boxes:
                x0, x1 = xs[col], xs[col + span]
                if ruled:
                    cv.rect(x0, top - height, x1 - x0, height, stroke=1, fill=0)
                if rotate and is_head:
                    cv.saveState()
                    cv.translate((x0 + x1) / 2 + size / 3, top - height + 3)
                    cv.rotate(90)
                    cv.drawString(0, 0, text)
                    cv.restoreState()
                    continue
                for n, line in enumerate(lines):
                    ly = top - 2 - lead * (n + 1) + 2
                    if _is_value(text) and variant == "pdf-right":
                        cv.drawRightString(x1 - 3, ly, line)
                    elif _is_value(text) or is_head:
                        cv.drawCentredString((x0 + x1) / 2, ly, line)
                    else:
                        cv.drawString(x0 + 2, ly, line)
            y[0] = top - height

        for n, row in enumerate(rows):
            if n == cut:
                new_page()
                if variant == "pdf-split-header":
                    for h_row in rows[:head]:
                        draw_row(h_row, True)
            draw_row(row, n < head)
        y[0] -= 8

    for part in doc_parts:
        if isinstance(part, str):
            paragraph(part)
        else:
            draw_table(part)
    cv.setFont(font, 9)
    cv.drawCentredString(_PAGE_W / 2, 20, f"— {page[0]} —")
    cv.showPage()
    cv.save()
    return buf.getvalue()


DOCX = (
    "docx-plain",
    "docx-merged",
    "docx-split",
    "docx-split-header",
    "docx-twopara",
    "docx-runs",
    "docx-nested",
    "docx-tabs",
)
PDF = ("pdf-ruled", "pdf-unruled", "pdf-right", "pdf-split", "pdf-split-header", "pdf-narrow", "pdf-rotated")
VARIANTS: dict[str, Callable[[list[Any], Random, str], bytes]] = {
    **dict.fromkeys(DOCX, to_docx),
    **dict.fromkeys(PDF, to_pdf),
}


# ----------------------------------------------------------------------------- sources and run
def sources(corpora: list[Path], fixtures: bool = True) -> Iterator[tuple[str, str]]:
    """(name, text) of the text sources with a table of pipe or tab rows."""
    if fixtures:
        for name, text in fl.sources(None):
            if not name.endswith(".html"):
                yield name, text
    for corpus in corpora:
        for case in sorted(p for p in corpus.iterdir() if p.is_dir()):
            for src in sorted(case.glob("source.*")):
                if src.suffix not in (".txt", ".md"):
                    continue
                name = f"{corpus.name}/{case.name}"
                expected = case / "expected.json"
                if expected.is_file():
                    fl.LABELS[name] = json.loads(expected.read_text(encoding="utf-8"))["cells"]
                yield name, src.read_bytes().decode("utf-8", "replace").lstrip("\ufeff")


def run(
    srcs: list[tuple[str, str]], names: list[str], seed: int, log: Callable[[str], None] | None = None
) -> dict[str, fl.Row]:
    table = {n: fl.Row() for n in names}
    for name, text in srcs:
        base = fl._parse(text)
        if base is None or base.report is None:
            continue
        doc_parts = parts(text) or template_parts(text, base)
        if doc_parts is None:
            continue
        for vname in names:
            rng = Random(f"{seed}:{name}:{vname}")
            data = VARIANTS[vname](doc_parts, rng, vname)
            row = table[vname]
            row.docs += 1
            try:
                pert = gd.parse_bytes(data, name=f"x.{vname[:4].rstrip('-')}")
            except gd.NotAReportError:
                row.lost(name, base, "not a report any more")
                continue
            row.add(name, fl.compare(base, pert, labels=fl.LABELS.get(name)))
        if log:
            log(name)
    return table


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("--corpus", type=Path, action="append", default=[], help="a folder of cases (repeatable)")
    ap.add_argument("--no-fixtures", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", action="append", help="one variant (repeatable)")
    ap.add_argument("--source", help="only sources whose name contains this")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    names = args.only or list(VARIANTS)
    srcs = [s for s in sources(args.corpus, not args.no_fixtures) if not args.source or args.source in s[0]]
    table = run(srcs, names, args.seed, log=(lambda m: print(m, file=sys.stderr)) if args.verbose else None)
    return fl.report(table, args.verbose)


if __name__ == "__main__":
    sys.exit(main())
