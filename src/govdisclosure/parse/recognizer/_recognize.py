"""The recognizer: one template-driven pass from a Document to a filled report.

It is format-blind. The Document is laid out as one text stream
(:mod:`._stream`), folded for matching, and then, in stages that each have a
module of their own:

1. locate (:mod:`._locate`): each table by its own marks (block headings,
   header rows, corner notes, runs of its row labels), wherever it stands;
   section headings only help; the edition from table 二's header;
2. rows (:mod:`._rows`): in tables 二 and 三, row labels of the template (regexes
   built in :mod:`._patterns` from the one label table in
   :mod:`govdisclosure.schema`); the cells between a label and the next are
   that row's values, mapped by template position; table 四 by position;
3. values (:mod:`._values`): numbers, placeholders, blanks and digit runs;
4. infer (:mod:`._infer`): digit runs split only where the column count and
   kinds leave one reading per cell, or a row identity leaves exactly one
   reading (then the values are marked inferred).

Every value keeps the place it came from. Every template cell not read,
every row not mapped and every number left over becomes a diagnostic.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

from ...schema import Edition, Meta, RowSpec, TableSpec, TextSections, report_class, table_specs
from ...schema._cells import OTHER_SUBROWS, new_report
from .._dates import text_source_meta
from .._document import Document, Paragraph
from .._meta import find_meta, ocr_agency
from .._result import Outline, Parsed
from ._build import _Builder, zh
from ._infer import settle_by_prose
from ._locate import both_editions_marked, edition_marks, locate
from ._patterns import _matchers
from ._rows import _read_appeals, _read_table, account_numbers
from ._stream import TextLayout, _Stream

__all__ = ["recognize"]


def _read_by_ocr(doc: Document) -> bool:
    """Whether the report's opening text was read by OCR (a scan), where names may be misread."""
    for block in doc.blocks[:20]:
        if isinstance(block, Paragraph):
            return block.loc.confidence is not None
    return False


def _check_ocr_agency(b: _Builder, title: str, text: str) -> str:
    """The agency's name read by OCR, checked against its copies and the divisions (said when in doubt)."""
    agency, said = ocr_agency(title, text)
    if said is not None:
        en, cn = said
        b.diag("ocr-agency-name", f"meta.agency: {en}", f"机构名称：{cn}", cells=["meta.agency"])
    return agency


# --------------------------------------------------------------------------- main entry
def recognize(doc: Document | TextLayout, *, edition: Edition | None = None) -> Parsed:
    """Fill the template from a Document (or a text report's layout, whose Document is made only
    when ``Parsed.document`` is read). Never raises for a document's content."""
    stream = _Stream(doc)
    text = stream.text
    b = _Builder(stream)
    copies: dict[str, tuple[int, int]] = {}
    headings: list[tuple[str, str | None, int]] = []
    regions = locate(text, stream.keys, copies, outline=headings)
    printed = edition_marks(text, regions)
    year, agency = find_meta(text)
    if agency is not None and isinstance(doc, Document) and _read_by_ocr(doc):
        agency = _check_ocr_agency(b, agency, text)
    asked = edition  # (a legacy layout sets ``edition`` below: not asked)
    tables_found = any(k in regions for k in ("active", "requests", "appeals"))
    if not tables_found:
        legacy = year is not None and year <= 2019
        b.diag(
            "legacy-layout" if legacy else "no-tables",
            "no template tables found: a pre-template (legacy) layout; tables not mapped"
            if legacy
            else "no template tables found; nothing to map",
            "未找到模板表格：旧版（模板施行前）格式，表格未映射" if legacy else "未找到模板表格，无可映射内容",
        )
        if legacy and edition is None:
            edition = Edition.LEGACY
    elif printed is None and edition is None and both_editions_marked(text, regions):
        b.diag(
            "edition-mixed",
            "table 二 prints column headers of both editions, as many of each, and its 第（一）项 header does not "
            "tell either: cells mapped on the edition of the year; a block printed on the other edition's columns "
            "is read by them",
            "表二同时印有两版模板的列名（数量相当），第（一）项表头亦无法判断：按年度对应模板映射；印为另一版列名的栏目按其列名读取",
        )
    elif printed is None and edition is None:
        b.diag(
            "edition-undecided",
            "the edition cannot be told from the tables shown (table 二 missing); cells mapped by the year",
            "无法从表格判断模板版本（缺少表二），按年度映射",
        )
    if asked is not None and printed is not None and asked is not printed:
        b.diag(
            "edition-override",
            f"tables mapped on the {asked.value} template as asked, but they are printed on {printed.value}",
            f"按要求以{asked.value}版模板映射，但表格为{printed.value}版",
        )
    layout = edition or printed or (Edition.E2021 if (year or 0) >= 2021 else Edition.E2019)
    if printed is not None and year is not None:
        expect = Edition.E2019 if year <= 2020 else Edition.E2021
        if printed is not expect:
            b.diag(
                "edition-mismatch",
                f"a report on {year} printed on the {printed.value} template (expected {expect.value})",
                f"{year}年度报告使用了{printed.value}版模板（应为{expect.value}版）",
            )
    if layout is not Edition.LEGACY:
        m = _matchers(layout)
        for tid in ("active", "requests"):
            if tid in regions:
                s0, e0 = regions[tid]
                _read_table(b, m[tid], s0, e0)
            else:
                b.diag("table-missing", f"table {tid} not found", f"未找到{zh(tid)}")
        if "appeals" in regions:
            _read_appeals(b, *regions["appeals"])
        else:
            b.diag("table-missing", "table appeals not found", f"未找到{zh('appeals')}")
        if stream.cut:
            _cut_at_end(b)
        for tid, (c0, c1) in copies.items():
            _compare_copy(b, layout, tid, c0, c1)
        account_numbers(b, [regions[t] for t in ("active", "requests", "appeals") if t in regions])
        settle_by_prose(b, regions, year)
        _report_unread(b, layout)
    texts = {}
    for sid in ("overview", "problems", "other"):
        if sid in regions:
            s0, e0 = regions[sid]
            texts[sid] = stream.snippet(s0, e0).strip() or None
    cite = text_source_meta(text, dict(doc.source_meta))
    meta = Meta(
        edition=Edition.LEGACY if layout is Edition.LEGACY else printed,
        year=year,
        agency=agency,
        published=cite.get("published"),
        published_from=cite.get("published_from"),
        signed=cite.get("signed"),
        source_url=cite.get("source_url"),
    )
    cls = report_class(layout)
    report: Any
    if layout is not Edition.LEGACY and b.values:
        report = new_report(cls, b.values, meta=meta, text=TextSections(**texts))  # type: ignore[arg-type]
    else:
        report = cls(meta=meta, text=TextSections(**texts))
    return Parsed(
        report=report,
        diagnostics=tuple(b.diags),
        provenance=dict(b.prov),
        document=doc,
        ambiguous=tuple(b.pending),
        outline=Outline(
            headings=tuple(headings),
            regions=tuple((k, a, z) for k, (a, z) in regions.items()),
            labels=frozenset(b.labels),
            length=len(text),
            keys=stream.keys,
            edition=layout,
        ),
    )


_THREE_PREFIXES = tuple(f"requests.{r}." for r in OTHER_SUBROWS)


@functools.cache
def _row_ids(edition: Edition) -> tuple[tuple[TableSpec, RowSpec, tuple[str, ...], str, str], ...]:
    """Each row of tables 二 and 三 with its cell ids, and its cell-not-read messages when none of
    its cells is read (the common case: an excerpt names some thirty rows so), made once."""
    out = []
    for t in table_specs(edition):
        for r in t.rows:
            ids = tuple(f"{t.id}.{r.id}.{c.id}" for c in r.columns)
            en, cn = _not_read(t, r, ids, ids)
            out.append((t, r, ids, en, cn))
    return tuple(out)


def _not_read(table: TableSpec, row: RowSpec, ids: Sequence[str], missing: Sequence[str]) -> tuple[str, str]:
    """The cell-not-read messages of a row whose cells ``missing`` (of its ``ids``) are not read."""
    return (
        f"row {table.id}.{row.id} ({row.full_label}) not found: " + ", ".join(missing),
        f"未找到{zh(f'{table.id}.{row.id}')} 行："
        + "，".join(c.label for c, cid in zip(row.columns, ids, strict=True) if cid in missing),
    )


def _report_unread(b: _Builder, edition: Edition) -> None:
    # （六）其他处理: the form not printed (one row or three sub-rows) is null, not "not read".
    other = [k for k in b.prov if k.startswith("requests.other.")]
    three = any(k.startswith(_THREE_PREFIXES) for k in other)
    one = any(k.count(".") == 2 for k in other)
    own_one = edition is Edition.E2019
    printed_one = one if one != three else own_one
    if one != three and printed_one != own_one:
        b.diag(
            "mixed-layout",
            f"（六）其他处理 is printed as {'one row' if printed_one else 'three sub-rows'}, the form of the "
            f"{'2019' if printed_one else '2021'} template, in a report whose table 二 is on {edition.value}",
            f"（六）其他处理按{'2019' if printed_one else '2021'}版格式印制"
            f"（{'单行' if printed_one else '三个子项'}），而表二为{edition.value}版",
        )
    skip = set(OTHER_SUBROWS) if printed_one else {"other"}
    values = b.values
    for table, row, ids, none_en, none_zh in _row_ids(edition):
        if table.id == "requests" and row.id in skip:
            continue
        missing = [cid for cid in ids if cid not in values]
        if len(missing) == len(ids):
            b.diag("cell-not-read", none_en, none_zh, None, missing)
        elif missing:
            b.diag("cell-not-read", *_not_read(table, row, ids, missing), None, missing)


def _cut_at_end(b: _Builder) -> None:
    """The source stops inside its last line (``_Stream.cut``: a copy of a page's first part, cut
    wherever its length ran out). Left unread and named: the cells read from its last number, when
    it stops inside one (it may be cut short: '180774.8' of 180774.89), a digit run holding it no
    longer offered to another year's report; the row whose label it stops right after, taken for
    printed blank or given values printed before its label; the row whose label's item number, cut
    right after, is glued to its values ('262.没'); and the row it stops in, when that holds a blank
    cell or one left unread (cells may be cut off its end, and a blank first cell may then be its
    label's second column: '| 一、… | | 4 | 1 | 0 | 0 | 0 | 0 |' of a row of seven values, read one
    column on)."""
    text = b.s.text
    tail = text.rstrip(" \t\n|.")
    spans = {cid: (p._source[1], p._source[2]) for cid, p in b.prov.items() if p._source is not None}
    spans |= {cid: span for cid, span in b.run_spans.items() if cid not in b.prov}  # a run left unread
    # the row the stream stops in: the one holding its last cell, when nothing but cell borders and
    # spaces follow that cell (a copy that goes on, to table 四 or the prose, stops elsewhere)
    last_cid = max(spans, key=lambda cid: spans[cid][0], default=None)
    open_row = None
    if last_cid is not None and not tail[spans[last_cid][1] :].strip(" \t|\u3000\u00a0"):
        open_row = last_cid.rpartition(".")[0]
    done: set[str] = set()

    def row_cells(row: str) -> list[str]:
        return [cid for cid in b.values if cid.rpartition(".")[0] == row and cid not in done]

    if b.s.cut == "word" and tail[-1:].isdigit():
        z = len(tail) - 1
        cut = [cid for cid, (s0, s1) in spans.items() if s0 <= z < s1]
        if cut:
            s0, s1 = min(spans[cid][0] for cid in cut), max(spans[cid][1] for cid in cut)
            shown = b.s.snippet(s0, s1).strip()
            _unread_cut(
                b,
                cut,
                done,
                s0,
                (f"right after '{shown}'", "the number may be cut short"),
                (f"在“{shown}”之后", "该数值可能不完整"),
            )
    # the last row label, with nothing after it but the rest of its line and no number (a label cut
    # inside, or whole): its row's values are cut off, not printed blank, nor any it was given
    s0 = max(b.label_starts, default=-1)
    last_row, label_end = b.label_rows.get(s0, ("", -1))
    if last_row and not tail[label_end:].strip() and (cut := row_cells(last_row)):
        b.diags = [d for d in b.diags if not (d.code == "row-blank" and set(d.cells) & set(cut))]
        shown = b.s.snippet(s0, len(tail)).strip()
        _unread_cut(
            b,
            cut,
            done,
            s0,
            (f"right after the label '{shown}'", "the row's values are cut off, not printed blank"),
            (f"在行名“{shown}”之后", "该行数值被截断，并非空白"),
        )
    # an item number glued to the number before it, its label cut right after ('2600000 262.没' of
    # '26 2.没有现成信息…'): the row that number stands in cannot be told from the item number
    glued = _CUT_ITEM.search(tail) if b.s.cut == "word" else None
    if glued is not None and len(glued.group(1)) > 1:  # (an item number is one digit: 1. … 8.)
        g0, g1 = glued.span(1)
        rows = {cid.rpartition(".")[0] for cid, (s0, s1) in spans.items() if s0 < g1 and g0 < s1}
        before = max((s for s in b.label_starts if s < g0), default=-1)  # the row whose values it ends
        if before in b.label_rows:
            rows.add(b.label_rows[before][0])
        shown = b.s.snippet(g0, len(tail)).strip()
        for row in sorted(rows):
            if cut := row_cells(row):
                _unread_cut(
                    b,
                    cut,
                    done,
                    g0,
                    (
                        f"inside the label '{shown}', its item number glued to the number before it",
                        "which digits are the item number's cannot be told",
                    ),
                    (f"在行名“{shown}”中，其序号与前一数值相连", "无法确定哪些数字属于序号"),
                )
    # the row it stops in, with a blank cell or a cell another diagnostic left unread
    if open_row is not None:
        cells = row_cells(open_row)
        if any(b.values[cid] is None for cid in cells) and any(b.values[cid] is not None for cid in cells):
            at = min(spans[cid][0] for cid in cells if cid in spans)
            _unread_cut(
                b,
                cells,
                done,
                at,
                (
                    f"inside the line of row {open_row}",
                    "cells may be cut off its end, and its blank or unread cells stand where the rest cannot be placed",
                ),
                (f"在{zh(open_row)} 行中", "该行末尾的单元格可能被截去，其空白或未读单元格使其余数值的位置无法确定"),
            )


# a text cut right after an item number and the first characters of its label ('262.没')
_CUT_ITEM = re.compile(r"(\d+)[.．、][\u4e00-\u9fff]{1,15}$")


def _unread_cut(
    b: _Builder, cells: list[str], done: set[str], at: int, en: tuple[str, str], cn: tuple[str, str]
) -> None:
    """Leave ``cells`` unread (added to ``done``), named ``value-cut`` with where the text stops and what
    that leaves in doubt (``en``, ``cn``); a digit run among them is not settled later."""
    for cid in cells:
        b.prov.pop(cid, None)
    done.update(cells)
    b.pending = [amb for amb in b.pending if not set(amb.cells) & set(cells)]
    b.unread(
        "value-cut",
        f"the text stops {en[0]}, with no line break after it (a copy of a page's first part?): {en[1]}; left unread",
        f"文本{cn[0]}即中止，其后无换行（可能是网页的截取片段）：{cn[1]}；未读取",
        at,
        cells,
    )


def _compare_copy(b: _Builder, layout: Edition, tid: str, start: int, end: int) -> None:
    """A table printed a second time (after its own region): read the copy apart, and name it
    in a diagnostic saying which copy was used and, if they differ, where."""
    copy = _Builder(b.s)
    if tid == "appeals":
        _read_appeals(copy, start, end)
    else:
        _read_table(copy, _matchers(layout)[tid], start, end)
    b.accounted.extend(copy.accounted)
    differ = [
        (cid, b.values.get(cid), v)
        for cid, v in copy.values.items()
        if cid in b.values and v is not None and b.values[cid] is not None and v != b.values[cid]
    ]
    if differ:
        shown = "; ".join(f"{cid} {a} vs {c}" for cid, a, c in differ[:5]) + (" …" if len(differ) > 5 else "")
        shown_zh = "；".join(f"{zh(cid)} {a} 与 {c}" for cid, a, c in differ[:5]) + ("…" if len(differ) > 5 else "")
        b.diag(
            "table-duplicate",
            f"table {tid} is printed a second time with different numbers in {len(differ)} cell(s) ({shown}); "
            "the first copy was used",
            f"{zh(tid)}重复印出一份，其中 {len(differ)} 格数值不同（{shown_zh}）；已采用第一份",
            start,
            [cid for cid, _, _ in differ],
        )
    else:
        b.diag(
            "table-duplicate",
            f"table {tid} is printed a second time with the same numbers; the first copy was used",
            f"{zh(tid)}重复印出一份，数值相同；已采用第一份",
            start,
        )
