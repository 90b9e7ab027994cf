"""Render a report back in the template's layout: HTML, Markdown or DOCX.

The six sections and the three tables as the national template prints them,
merged cells where it merges them (HTML and DOCX; Markdown cannot merge, so a
group label is printed once), blank cells blank. Every label comes from the
label table in :mod:`govdisclosure.schema`. ``parse(render(r))`` gives ``r``
back (a property test holds the library to it).
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Literal, overload

from ..exceptions import GovDisclosureError, InputValueError, require
from ..schema import (
    SECTIONS,
    ColumnKind,
    ColumnSpec,
    Money,
    Report,
    ReportLegacy,
    RowSpec,
    get_cell,
    printed_rows,
    table_specs,
)

__all__ = ["FORMATS", "cell_text", "render", "table_grids"]

FORMATS = ("html", "markdown", "docx")

# A grid cell: (text, rowspan, colspan); None where a merged cell covers the position.
GCell = tuple[str, int, int]
Grid = list[list[GCell | None]]

_HEADING = {s.id: f"{s.number}、{s.heading}" for s in SECTIONS}
_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def cell_text(report: Report, cid: str, col: ColumnSpec) -> str:
    """A cell's value as the template prints it ("" for blank; ``+3`` for a signed change)."""
    v = get_cell(report, cid)
    if v is None:
        return ""
    if isinstance(v, Money):
        number = format(v.number, "f") if isinstance(v.number, Decimal) else str(v.number)
        unit = "" if v.unit is None or v.unit == col.default_unit else v.unit
        return number + unit
    if col.kind is ColumnKind.SIGNED and isinstance(v, int) and v > 0:
        return f"+{v}"
    return str(v)


# How a value cell is written into a grid; the review page passes its own to tag cells by id.
ValueText = Callable[[Report, str, ColumnSpec], str]


def table_grids(report: Report, value: ValueText = cell_text) -> list[tuple[str, Grid]]:
    """The three tables of numbers as grids of (text, rowspan, colspan), in the template's layout."""
    return [
        ("active", _active_grid(report, value)),
        ("requests", _requests_grid(report, value)),
        ("appeals", _appeals_grid(report, value)),
    ]


def _active_grid(report: Report, value: ValueText = cell_text) -> Grid:
    spec = next(t for t in table_specs(report.template) if t.id == "active")
    width = 1 + max(len(r.columns) for r in spec.rows)
    grid: Grid = []
    group = None
    for row in spec.rows:
        if row.group != group:
            group = row.group
            grid.append([(group or "", 1, width), *([None] * (width - 1))])
            header: list[GCell | None] = [("信息内容", 1, 1)]
            header += _spread([c.label for c in row.columns], width - 1)
            grid.append(header)
        cells: list[GCell | None] = [(row.label, 1, 1)]
        cells += _spread([value(report, f"active.{row.id}.{c.id}", c) for c in row.columns], width - 1)
        grid.append(cells)
    return grid


def _spread(texts: list[str], width: int) -> list[GCell | None]:
    """Cells across ``width`` columns; the last one spans what is left (as the template prints)."""
    out: list[GCell | None] = [(t, 1, 1) for t in texts[:-1]]
    span = width - len(texts) + 1
    out.append((texts[-1], 1, span))
    out += [None] * (span - 1)
    return out


def _requests_grid(report: Report, value: ValueText = cell_text) -> Grid:
    spec = next(t for t in table_specs(report.template) if t.id == "requests")
    applicants = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    grid: Grid = [
        [(_NOTE, 3, 3), None, None, ("申请人情况", 1, 7), *([None] * 6)],
        [None, None, None, ("自然人", 2, 1), ("法人或其他组织", 1, 5), None, None, None, None, ("总计", 2, 1)],
        [None, None, None, None, *((a, 1, 1) for a in applicants), None],
    ]
    rows = printed_rows(report, spec)
    results = [r for r in rows if r.group == "三、本年度办理结果" or (r.group or "").startswith("（")]
    groups: dict[str, list[RowSpec]] = {}
    for r in results:
        if r.group and r.group != "三、本年度办理结果":
            groups.setdefault(r.group, []).append(r)
    first_result = results[0].id if results else None
    for row in rows:
        vals: list[GCell | None] = [(value(report, f"requests.{row.id}.{c.id}", c), 1, 1) for c in row.columns]
        label = f"{row.numbering}{row.label}"
        if row not in results:
            grid.append([(label, 1, 3), None, None, *vals])
            continue
        c0: GCell | None = ("三、本年度办理结果", len(results), 1) if row.id == first_result else None
        if row.group in groups:
            members = groups[row.group]
            c1: GCell | None = (row.group, len(members), 1) if row is members[0] else None
            grid.append([c0, c1, (label, 1, 1), *vals])
        else:
            grid.append([c0, (label, 1, 2), None, *vals])
    return grid


def _appeals_grid(report: Report, value: ValueText = cell_text) -> Grid:
    spec = next(t for t in table_specs(report.template) if t.id == "appeals")
    heads = [c.label for c in spec.rows[0].columns]
    top: list[GCell | None] = [("行政复议", 1, 5), *([None] * 4), ("行政诉讼", 1, 10), *([None] * 9)]
    mid: list[GCell | None] = [(h, 2, 1) for h in heads]
    mid += [("未经复议直接起诉", 1, 5), *([None] * 4), ("复议后起诉", 1, 5), *([None] * 4)]
    low: list[GCell | None] = [*([None] * 5), *((h, 1, 1) for h in heads * 2)]
    values: list[GCell | None] = [
        (value(report, f"appeals.{r.id}.{c.id}", c), 1, 1) for r in spec.rows for c in r.columns
    ]
    return [top, mid, low, values]


def _title(report: Report) -> str:
    meta = report.meta
    year = f"{meta.year}年" if meta.year is not None else ""
    return f"{meta.agency or ''}{year}政府信息公开工作年度报告"


def _parts(report: Report) -> list[Any]:
    """The report as an ordered list of headings/paragraphs (str) and grids."""
    if isinstance(report, ReportLegacy):
        raise GovDisclosureError("a legacy (pre-template) report has no template layout to render")
    text = report.text
    parts: list[Any] = [("title", _title(report))]
    parts += [("h", _HEADING["overview"]), *_paragraphs(text.overview)]
    parts += [("h", _HEADING["active"]), _active_grid(report)]
    parts += [("h", _HEADING["requests"]), _requests_grid(report)]
    parts += [("h", _HEADING["appeals"]), _appeals_grid(report)]
    parts += [("h", _HEADING["problems"]), *_paragraphs(text.problems)]
    parts += [("h", _HEADING["other"]), *_paragraphs(text.other)]
    return parts


def _paragraphs(text: str | None) -> list[tuple[str, str]]:
    return [("p", line) for line in (text or "").splitlines() if line.strip()]


def _html(parts: list[Any]) -> str:
    out = ['<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">']
    title = next(t for k, t in parts if k == "title") if parts else ""
    out.append(f"<title>{html.escape(title)}</title>")
    out.append(
        "<style>body{font-family:serif;max-width:60em;margin:2em auto}table{border-collapse:collapse;"
        "margin:1em 0}td{border:1px solid #000;padding:2px 6px;text-align:center}</style></head><body>"
    )
    for part in parts:
        if isinstance(part, tuple):
            kind, text = part
            tag = {"title": "h1", "h": "h2", "p": "p"}[kind]
            out.append(f"<{tag}>{html.escape(text)}</{tag}>")
            continue
        out.append("<table>")
        for row in part:
            cells = []
            for cell in row:
                if cell is None:
                    continue
                text, rs, cs = cell
                span = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
                cells.append(f"<td{span}>{html.escape(text)}</td>")
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


# The text of a value cell as cell_text writes it: blank, a count, an amount with its unit.
_VALUE_TEXT = re.compile(r"^$|^[-+]?[\d.,]+ ?(?:万元|元)?$")


def _markdown(parts: list[Any]) -> str:
    out: list[str] = []
    for part in parts:
        if isinstance(part, tuple):
            kind, text = part
            out.append({"title": "# ", "h": "## ", "p": ""}[kind] + text)
            out.append("")
            continue
        # A GFM table: every row as wide as the header (a renderer drops cells past the header's
        # width). Markdown cannot merge: a merged cell's text is printed once and the positions it
        # covers are blank cells, as a report printed as text shows them: a heading's text where it
        # starts, a row label's at its end, right before the row's values (a reader takes the
        # cells after a row's label for its values).
        width = max(len(row) for row in part)
        for i, row in enumerate(part):
            data = any(c is not None and _VALUE_TEXT.match(c[0]) for c in row)
            texts = [""] * width
            for j, c in enumerate(row):
                if c is None:
                    continue
                text, _, cs = c
                label = data and cs > 1 and not _VALUE_TEXT.match(text)
                texts[j + cs - 1 if label else j] = text
            if not any(texts):
                continue
            out.append("| " + " | ".join(t if t else " " for t in texts) + " |")
            if i == 0:
                out.append("|" + "---|" * width)
        out.append("")
    return "\n".join(out)


# Characters XML 1.0 cannot hold (C0 controls but tab, newline and CR; lone surrogates; U+FFFE/FFFF), which a
# report's text may carry: written as a visible \xHH in a .docx (python-docx refuses them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _docx(parts: list[Any]) -> bytes:
    import docx

    document = docx.Document()
    for part in parts:
        if isinstance(part, tuple):
            kind, text = part
            text = _xml(text)
            if kind == "title":
                document.add_heading(text, level=1)
            elif kind == "h":
                document.add_heading(text, level=2)
            else:
                document.add_paragraph(text)
            continue
        width = len(part[0])
        table = document.add_table(rows=len(part), cols=width)
        table.style = "Table Grid"
        _merge_docx(table, part)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _merge_docx(table: Any, grid: Grid) -> None:
    """Fill a python-docx table from a grid, merging by gridSpan / vMerge in the XML directly
    (python-docx's cell.merge recomputes the whole grid at every call)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    # For each row: which columns start a cell, with (text or None for a vMerge continuation, span).
    below: dict[tuple[int, int], int] = {}  # (row, col) covered by a rowspan from above -> colspan
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if cell is not None and cell[1] > 1:
                for dr in range(1, cell[1]):
                    below[(r + dr, c)] = cell[2]
    for r, tr in enumerate(table._tbl.tr_lst):
        tcs = list(tr.tc_lst)
        c = 0
        while c < len(grid[r]):
            cell = grid[r][c]
            tc = tcs[c]
            if cell is not None:
                text, rs, cs = cell
                state = "restart" if rs > 1 else None
            elif (r, c) in below:
                text, cs, state = "", below[(r, c)], "continue"
            else:
                c += 1
                continue
            tc_pr = tc.get_or_add_tcPr()
            if cs > 1:
                span = OxmlElement("w:gridSpan")
                span.set(qn("w:val"), str(cs))
                tc_pr.append(span)
                for extra in tcs[c + 1 : c + cs]:
                    tr.remove(extra)
            if state is not None:
                vmerge = OxmlElement("w:vMerge")
                if state == "restart":
                    vmerge.set(qn("w:val"), "restart")
                tc_pr.append(vmerge)
            if text:
                tc.p_lst[0].append(_run(text))
            c += cs


def _run(text: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = _xml(text)
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    return run


@overload
def render(report: Report, format: Literal["html", "markdown"] = "html") -> str: ...
@overload
def render(report: Report, format: Literal["docx"]) -> bytes: ...
@overload
def render(report: Report, format: str) -> str | bytes: ...


def render(report: Report, format: str = "html") -> str | bytes:
    """The report in the template's layout: ``"html"`` or ``"markdown"`` (str), ``"docx"`` (bytes).

    DOCX needs the ``docx`` extra (``pip install 'govdisclosure[docx]'``): without it,
    :class:`~govdisclosure.MissingExtraError` (an :class:`ImportError`). A format not in
    ``FORMATS`` raises :class:`~govdisclosure.InputValueError` (a :class:`ValueError`).
    """
    if format not in FORMATS:
        raise InputValueError(f"format must be one of {', '.join(FORMATS)} (got {format!r})")
    if format == "docx":
        require("docx", "docx", "rendering .docx")
    parts = _parts(report)
    if format == "html":
        return _html(parts)
    if format == "markdown":
        return _markdown(parts)
    return _docx(parts)
