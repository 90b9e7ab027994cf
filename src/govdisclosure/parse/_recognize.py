"""The recognizer: one template-driven pass from a Document to a filled report.

It is format-blind. The Document is laid out as one text stream (paragraphs as
lines, grid rows as ``|``-separated cells), folded for matching, and then:

1. the six sections are found by their headings (and known variants);
2. the edition is told from table 二's headers (and, failing that, from
   table 三's 2021-only rows);
3. in tables 二 and 三, row labels of the template (built from the one label
   table in :mod:`govdisclosure.schema`) are found in order; the cells between
   a label and the next are that row's values, mapped by template position;
4. table 四 is located by position: one run of 15 values (or three of 5);
5. digit runs that crawlers ran together are split only where the column
   count and column kinds leave one reading per cell, or a row identity
   leaves exactly one reading (then the values are marked inferred).

Every value keeps the place it came from. Every template cell not read,
every row not mapped and every number left over becomes a diagnostic.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import attrs

from ..schema import (
    SECTIONS,
    ColumnKind,
    ColumnSpec,
    Edition,
    Meta,
    Money,
    RowSpec,
    TableSpec,
    TextSections,
    replace_cells,
    report_class,
    table_specs,
)
from ..schema._labels import APPEALS
from ._document import Document, Location, Paragraph, Table
from ._meta import find_agency, find_year
from ._normalize import Folded, fold
from ._numbers import NUMBER, PLACEHOLDER, read_number
from ._result import Diagnostic, Parsed, Provenance
from ._split import readings

__all__ = ["recognize"]

_SEP = "|\t\n"
_PUNCT = "\\s、,，.．;；:：\"'“”‘’()（）《》<>〈〉\\[\\]/"
_GAP = f"[{_PUNCT}]*"
_CN_NUM = "一二三四五六七八九十"


# --------------------------------------------------------------------------- stream
@attrs.frozen
class _Span:
    start: int
    loc: Location
    is_text: bool


class _Stream:
    """The document laid out as text, with a map from offsets to locations."""

    def __init__(self, doc: Document) -> None:
        parts: list[str] = []
        spans: list[_Span] = []
        pos = 0
        text_source = doc.source_format == "text"
        for block in doc.blocks:
            if isinstance(block, Paragraph):
                spans.append(_Span(pos, block.loc, True))
                parts.append(block.text + "\n")
                pos += len(block.text) + 1
            elif isinstance(block, Table):
                for row in block.rows:
                    first = True
                    for cell in row:
                        if cell.copy:
                            continue  # a merged cell is read once, where it starts
                        if not first:
                            parts.append("|")
                            pos += 1
                        first = False
                        text = cell.text.replace("|", "/").replace("\n", " ")
                        if not text and not text_source:
                            text = " "  # an empty grid cell is a printed blank
                        spans.append(_Span(pos, cell.loc, text_source))
                        parts.append(text)
                        pos += len(text)
                    parts.append("\n")
                    pos += 1
        self.raw = "".join(parts)
        self.spans = spans
        self._starts = [s.start for s in spans]
        self.folded: Folded = fold(self.raw)
        self.text = self.folded.text

    def loc(self, i: int) -> Location:
        """Location of normalised offset ``i``."""
        o = self.folded.orig(i)
        k = bisect.bisect_right(self._starts, o) - 1
        if k < 0:
            return Location()
        span = self.spans[k]
        if span.is_text and span.loc.column is not None:
            return Location(line=span.loc.line, column=span.loc.column + (o - span.start))
        return span.loc

    def snippet(self, start: int, end: int) -> str:
        return self.raw[self.folded.orig(start) : self.folded.orig(end)]


# --------------------------------------------------------------------------- label patterns
def _chars(label: str) -> list[str]:
    """A label's characters as escaped regex pieces, punctuation dropped."""
    return [re.escape(c) for c in fold(label, simplify=False).text if not re.match(f"[{_PUNCT}]", c)]


def _body_pattern(label: str) -> str:
    """A label as a regex: punctuation optional, spaces and line breaks allowed between characters."""
    return _GAP.join(_chars(label))


def _numbering_pattern(numbering: str) -> str:
    n = fold(numbering, simplify=False).text.strip()
    m = re.fullmatch(r"\((.)\)", n)
    if m:
        return rf"[(]\s*{m.group(1)}\s*[)][\s、,.]*"
    m = re.fullmatch(r"(.)[、.]", n)
    if m:
        return rf"{re.escape(m.group(1))}\s*[、,.．]?\s*"
    return re.escape(n)


# After a label: closing quotes, then an optional note in parentheses, which PDF text may
# wrap over lines (but never holding numbers: those would be the row's values).
_TAIL = r"[)\"'」』]*(?:\s*[(][^()|\d]{0,60}[)])?"
_PREFIX = 6  # a long label is known by its first characters; the rest may wrap around the values


@attrs.frozen
class _LabelHit:
    start: int
    end: int
    row: RowSpec | None  # None: a group or header label carrying no numbers


def _label_pattern(label: str) -> str:
    """A row label as a regex: its note in parentheses left to _TAIL, and a long label matched
    by its first characters with the rest optional (PDF text wraps it around the values)."""
    chars = _chars(re.sub(r"（[^（）]*）", "", label))
    if len(chars) <= _PREFIX + 2:
        return _GAP.join(chars)
    # head, then each further character optional in turn: the longest prefix printed is taken
    tail = ""
    for c in reversed(chars[_PREFIX:]):
        tail = f"(?:{_GAP}{c}{tail})?"
    return _GAP.join(chars[:_PREFIX]) + tail


def _row_regex(row: RowSpec) -> list[str]:
    num = _numbering_pattern(row.numbering) if row.numbering else ""
    out = []
    for body in sorted((row.label, *row.variants), key=len, reverse=True):
        body_re = _label_pattern(body)
        if row.generic:
            out.append(f"{num}{body_re}")
        elif num:
            out.append(f"(?:{num})?{body_re}")
        else:
            out.append(body_re)
    return out


_GROUP_EXTRA = (
    rf"第\s*二十\s*条\s*第?\s*[(]\s*[{_CN_NUM}]+\s*[)]\s*项",
    r"信\s*息\s*内\s*容",
    r"申\s*请\s*人\s*情\s*况",
)


class _TableMatcher:
    """A compiled scanner for one table's row labels (and its group labels)."""

    def __init__(self, table: TableSpec) -> None:
        self.table = table
        alts: list[tuple[int, str, int]] = []  # (length hint, pattern, row index or -1)
        for i, row in enumerate(table.rows):
            for pat in _row_regex(row):
                alts.append((len(pat), pat, i))
        for g in table.group_labels:
            num, _, body = g.partition("）") if "）" in g else ("", "", g)
            if num:
                pat = _numbering_pattern(num + "）") + _body_pattern(body)
            else:
                m = re.match(r"(.)、(.*)", g)
                pat = _numbering_pattern(m.group(1) + "、") + _body_pattern(m.group(2)) if m else _body_pattern(g)
            alts.append((len(pat), pat, -1))
        for pat in _GROUP_EXTRA:
            alts.append((len(pat), pat, -1))
        alts.sort(key=lambda a: -a[0])
        self._index: list[int] = []
        parts = []
        for k, (_, pat, idx) in enumerate(alts):
            parts.append(f"(?P<g{k}>{pat}{_TAIL if idx >= 0 else ''})")
            self._index.append(idx)
        # Every alternative starts with one of these characters: a lookahead lets the regex
        # engine skip the other positions at once instead of trying each alternative there.
        first = {"第", "信", "申"}  # _GROUP_EXTRA
        for row in table.rows:
            for body in (row.label, *row.variants):
                first.add(fold(body, simplify=False).text[0])
            if row.numbering:
                first.add(fold(row.numbering, simplify=False).text.strip()[0])
        for g in table.group_labels:
            first.add(fold(g, simplify=False).text[0])
        lead = "".join(re.escape(c) for c in sorted(first))
        self.regex = re.compile(f"(?=[{lead}])(?:{'|'.join(parts)})")

    def hits(self, text: str, start: int, end: int) -> list[_LabelHit]:
        out = []
        for m in self.regex.finditer(text, start, end):
            k = int((m.lastgroup or "g0")[1:])
            idx = self._index[k]
            out.append(_LabelHit(m.start(), m.end(), self.table.rows[idx] if idx >= 0 else None))
        return out


_MATCHERS: dict[Edition, dict[str, _TableMatcher]] = {}


def _matchers(edition: Edition) -> dict[str, _TableMatcher]:
    if edition not in _MATCHERS:
        _MATCHERS[edition] = {t.id: _TableMatcher(t) for t in table_specs(edition) if t.id != "appeals"}
    return _MATCHERS[edition]


# --------------------------------------------------------------------------- sections
@functools.cache
def _section_regex() -> re.Pattern[str]:
    parts = []
    for s in SECTIONS:
        bodies = "|".join(_body_pattern(b) for b in sorted((s.heading, *s.variants), key=len, reverse=True))
        if s.id == "appeals":
            bodies += r"|(?:因)?政府信息公开[^\n|]{0,14}?行政复议[^\n|]{0,10}?行政诉讼[^\n|]{0,4}?情况"
        if s.id == "problems":
            bodies += (
                r"|(?:政府信息公开)?(?:工作)?存在的?主要问题[^\n|。]{0,10}?(?:改进|整改)[^\n|。]{0,6}?(?:情况|措施)"
            )
        parts.append(f"(?P<{s.id}>{bodies})")
    # A heading is numbered (一、) or starts a line; '(一)' sub-headings are not headings.
    first = {fold(h, simplify=False).text[0] for sec in SECTIONS for h in (sec.heading, *sec.variants)}
    lead = "".join(re.escape(c) for c in sorted(first | set(" \t#*" + _CN_NUM + "因政工存")))
    return re.compile(
        rf"(?=[{lead}])[ \t#*]*(?P<num>[{_CN_NUM}][\s]*[、.．,]\s*)?(?:{'|'.join(parts)})",
    )


_ORDER = [s.id for s in SECTIONS]


def _find_sections(text: str) -> dict[str, tuple[int, int]]:
    """Heading start and body start for each section found, in template order.

    A heading is numbered (``二、``) or starts a line, and is not an item of a
    list ("总体情况、主动公开政府信息情况、…" in an introduction).
    """
    candidates: dict[str, list[tuple[int, int]]] = {sid: [] for sid in _ORDER}
    for m in _section_regex().finditer(text):
        sid = next((s for s in _ORDER if m.group(s) is not None), None)
        if sid is None:
            continue
        at_line_start = m.start() == 0 or text[m.start() - 1] == "\n"
        if m.group("num") is None and not at_line_start:
            continue
        if _LIST_CONTEXT.match(text, m.end()):
            continue
        candidates[sid].append((m.start(), m.end()))
    found: dict[str, tuple[int, int]] = {}
    last = 0
    for sid in _ORDER:
        pick = next((c for c in candidates[sid] if c[0] >= last), None)
        if pick is not None:
            found[sid] = pick
            last = pick[1]
    return found


_LIST_CONTEXT = re.compile(r"[ \t]*(?:[、，,和及等]|以及)")


def _regions(text: str, sections: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    out = {}
    keys = [k for k in _ORDER if k in sections]
    for i, k in enumerate(keys):
        start = sections[k][1]
        end = sections[keys[i + 1]][0] if i + 1 < len(keys) else len(text)
        out[k] = (start, end)
    return out


# --------------------------------------------------------------------------- edition
_MARKS_2019 = (
    "本年新制作",
    "本年新公开",
    "对外公开总数",
    "上一年项目数",
    "本年增/减",
    "其他对外管理服务事项",
    "政府集中采购",
    "采购项目数",
    "采购总金额",
)
_MARKS_2021 = ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数", "本年收费金额")
_SPACE = re.compile(r"[\s|]+")


def _edition(text: str, regions: dict[str, tuple[int, int]]) -> Edition | None:
    """The edition as printed: table 二's headers, else table 三's 2021-only rows."""
    active = regions.get("active")
    if active:
        compact = _SPACE.sub("", text[active[0] : active[1]])
        a = sum(compact.count(m) for m in _MARKS_2019)
        b = sum(compact.count(m) for m in _MARKS_2021)
        if a > b:
            return Edition.E2019
        if b > a:
            return Edition.E2021
    req = regions.get("requests")
    if req:
        compact = _SPACE.sub("", text[req[0] : req[1]])
        if "逾期不补正" in compact or "按收费通知" in compact:
            return Edition.E2021
    return None


# --------------------------------------------------------------------------- cells
@attrs.frozen
class _Val:
    """One value cell: a number, a placeholder/blank (value None), or a run to split."""

    text: str  # folded text of the token
    start: int
    end: int
    blank: bool = False


_TOKEN_RE = re.compile(rf"(?:{NUMBER.pattern})|(?:{PLACEHOLDER.pattern})")
_PAREN = re.compile(r"[(][^()|\n]{0,60}[)]")
_DATE_AFTER = re.compile(r"\s*(?:年|月|日|号|时|%|％|万|亿)")


_LABEL_REST = re.compile(r"[^\d|\t\n]{1,40}(?=[ ]+[+-]?\d)")


def _scan_values(text: str, start: int, end: int, *, lead_cell: bool = False) -> tuple[list[_Val], bool, int]:
    """The cells between ``start`` and ``end``.

    Returns the value cells in order (numbers, placeholders, and blank cells:
    whitespace between two separators), whether all values sit in one
    separator-free stretch (a run that may need splitting), and where text that
    is not a value began (``end`` if none). Parenthesised notes are skipped.
    The piece before the first separator is a label's tail, unless ``lead_cell``
    says the scan starts at a row's first cell.
    """
    vals: list[_Val] = []
    pos = start
    seg_start = start
    junk = end
    while pos < end:
        ch = text[pos]
        if ch in _SEP:
            piece = text[seg_start:pos]
            if (seg_start > start or lead_cell) and piece and not piece.strip():
                vals.append(_Val(" ", seg_start, pos, blank=True))
            pos += 1
            seg_start = pos
            continue
        if ch.isspace():
            pos += 1
            continue
        m = _PAREN.match(text, pos, end)
        if m:
            pos = m.end()
            continue
        m = _TOKEN_RE.match(text, pos, end)
        if m and m.end() > pos and not _DATE_AFTER.match(text, m.end()):
            vals.append(_Val(m.group(0).strip(), pos, m.end()))
            pos = m.end()
            continue
        if not vals and not lead_cell:
            # the rest of a wrapped label, on the label's own line, before its values
            rest = _LABEL_REST.match(text, pos, end)
            if rest:
                pos = rest.end()
                continue
        junk = pos
        break
    run = bool(vals) and not any(any(c in _SEP for c in text[a.end : b.start]) for a, b in itertools.pairwise(vals))
    return vals, run, junk


# --------------------------------------------------------------------------- recognizer
class _Builder:
    def __init__(self, stream: _Stream) -> None:
        self.s = stream
        self.values: dict[str, Any] = {}
        self.prov: dict[str, Provenance] = {}
        self.diags: list[Diagnostic] = []
        self.seen_rows: set[str] = set()

    def diag(self, code: str, en: str, zh: str, at: int | None = None, cells: Iterable[str] = ()) -> None:
        loc = self.s.loc(at) if at is not None else None
        self.diags.append(Diagnostic(code, en, zh, loc, tuple(cells)))

    def set(self, cid: str, col: ColumnSpec, val: _Val, inferred: bool = False, text: str | None = None) -> None:
        raw = text if text is not None else val.text
        self.prov[cid] = Provenance(self.s.loc(val.start), self.s.snippet(val.start, val.end), inferred)
        if val.blank:
            self.values[cid] = None
            return
        num = read_number(raw)
        if num is None:  # a placeholder
            self.values[cid] = None
            return
        if col.kind is ColumnKind.MONEY:
            self.values[cid] = Money(num.value, num.unit or col.default_unit)
            return
        if not num.is_integer:
            self.diag(
                "not-a-count",
                f"{cid}: '{raw}' is not a whole number; left unread",
                f"{cid}：“{raw}”不是整数，未读取",
                val.start,
                [cid],
            )
            self.values[cid] = None
            return
        if num.value < 0 and col.kind is not ColumnKind.SIGNED:
            self.diag(
                "negative-count",
                f"{cid}: negative count '{raw}' printed",
                f"{cid}：计数为负数“{raw}”",
                val.start,
                [cid],
            )
        self.values[cid] = int(num.value)


def _row_identity(table_id: str, columns: Sequence[ColumnSpec]) -> Any:
    """A check on one reading of a whole row, used only to choose among readings."""
    ids = [c.id for c in columns]
    if table_id == "requests" and ids[-1] == "total":

        def ok(vals: list[tuple[str, str | None]]) -> bool:
            nums = [Decimal(v) for v, _ in vals]
            return sum(nums[:-1]) == nums[-1]

        return ok
    if table_id == "appeals":

        def ok15(vals: list[tuple[str, str | None]]) -> bool:
            nums = [Decimal(v) for v, _ in vals]
            return all(sum(nums[g : g + 4]) == nums[g + 4] for g in range(0, len(nums), 5))

        return ok15
    return None


def _assign(
    b: _Builder,
    table_id: str,
    row_id: str,
    columns: Sequence[ColumnSpec],
    vals: list[_Val],
    run: bool,
    at: int,
    ids: list[str] | None = None,
) -> bool:
    """Map a row's cells to its columns. Returns False if nothing could be assigned."""
    n = len(columns)
    ids = ids or [f"{table_id}.{row_id}.{c.id}" for c in columns]
    numbers = [v for v in vals if not v.blank and read_number(v.text) is not None]
    if not vals or (not numbers and len(vals) < n):
        # printed empty (or only placeholders): blank cells, value None
        padded: list[_Val | None] = [*vals, *([None] * n)]
        for cid, col, v in zip(ids, columns, padded, strict=False):
            if v is not None:
                b.set(cid, col, v)
            else:
                b.values[cid] = None
                b.prov[cid] = Provenance(b.s.loc(at), "", False)
        if not vals:
            b.diag(
                "row-blank",
                f"row {table_id}.{row_id} is printed with no values (cells left null)",
                f"{table_id}.{row_id} 行未填写数值（按空白处理）",
                at,
                ids,
            )
        return True
    if len(vals) >= n:
        used = _pick_line(b.s.text, vals, n, at)
        taken = {id(v) for v in used}
        extra = [v for v in vals if not v.blank and id(v) not in taken]
        for cid, col, v in zip(ids, columns, used, strict=True):
            b.set(cid, col, v)
        if extra:
            b.diag(
                "number-left-over",
                f"row {table_id}.{row_id}: {len(extra)} more value(s) than the template's {n} columns: "
                + " ".join(v.text for v in extra),
                f"{table_id}.{row_id} 行数值多于模板的 {n} 列：" + " ".join(v.text for v in extra),
                extra[0].start,
            )
        return True
    if run and all(not v.blank for v in vals):
        kinds = [c.kind for c in columns]
        tokens = [v.text.replace(",", "") for v in vals]
        all_readings = readings(tokens, kinds)
        if all_readings is None or not all_readings:
            why = "too many readings" if all_readings is None else "no reading fits the columns"
            b.diag(
                "ambiguous-run",
                f"row {table_id}.{row_id}: run '{' '.join(tokens)}' cannot be split into {n} cells ({why})",
                f"{table_id}.{row_id} 行：数字串“{' '.join(tokens)}”无法唯一拆分为 {n} 格",
                vals[0].start,
                ids,
            )
            return True
        chosen: list[tuple[str, str | None]] | None = None
        agree = [len({r[i] for r in all_readings}) == 1 for i in range(n)]
        if not all(agree):
            check = _row_identity(table_id, columns)
            if check is not None:
                fit = [r for r in all_readings if check(r)]
                if len(fit) == 1:
                    chosen = fit[0]
        first = vals[0]
        span = _Val(" ".join(tokens), first.start, vals[-1].end)
        unread = []
        for i, (cid, col) in enumerate(zip(ids, columns, strict=True)):
            if agree[i]:
                text, unit = all_readings[0][i]
                b.set(cid, col, span, text=text + (unit or ""))
            elif chosen is not None:
                text, unit = chosen[i]
                b.set(cid, col, span, inferred=True, text=text + (unit or ""))
            else:
                b.values[cid] = None
                unread.append(cid)
        if chosen is not None:
            b.diag(
                "inferred-split",
                f"row {table_id}.{row_id}: run '{' '.join(tokens)}' has {len(all_readings)} readings; "
                "only one satisfies the row identity, used as inferred (that identity is not verified)",
                f"{table_id}.{row_id} 行：数字串“{' '.join(tokens)}”有 {len(all_readings)} 种拆分，"
                "仅一种满足行勾稽关系，据此推定（该勾稽关系不视为已核验）",
                first.start,
                [c for i, c in enumerate(ids) if not agree[i]],
            )
        elif unread:
            b.diag(
                "ambiguous-run",
                f"row {table_id}.{row_id}: run '{' '.join(tokens)}' has {len(all_readings)} readings; "
                f"{len(unread)} cell(s) left unread",
                f"{table_id}.{row_id} 行：数字串“{' '.join(tokens)}”有 {len(all_readings)} 种拆分，"
                f"{len(unread)} 格未读取",
                first.start,
                unread,
            )
        return True
    b.diag(
        "row-short",
        f"row {table_id}.{row_id}: {len(vals)} cell(s) for {n} columns; positions unknown, cells left unread",
        f"{table_id}.{row_id} 行：{len(vals)} 个数值对应 {n} 列，位置无法确定，未读取",
        vals[0].start,
        ids,
    )
    for cid in ids:
        b.values[cid] = None
    return True


def _pick_line(text: str, vals: list[_Val], n: int, at: int) -> list[_Val]:
    """Of more than ``n`` cells, the ``n`` that form the row: those on the label's own
    line if exactly ``n`` sit there, else the only line holding exactly ``n``, else the first ``n``."""
    lines: list[list[_Val]] = []
    for v in vals:
        if lines and "\n" not in text[lines[-1][-1].end : v.start]:
            lines[-1].append(v)
        else:
            lines.append([v])
    if lines and "\n" not in text[at : lines[0][0].start] and len(lines[0]) == n:
        return lines[0]
    exact = [g for g in lines if len(g) == n]
    if len(exact) == 1:
        return exact[0]
    return vals[:n]


def _read_table(b: _Builder, matcher: _TableMatcher, start: int, end: int) -> None:
    text = b.s.text
    hits = matcher.hits(text, start, end)
    table_id = matcher.table.id
    for i, hit in enumerate(hits):
        if hit.row is None:
            continue
        nxt = hits[i + 1].start if i + 1 < len(hits) else end
        vals, run, junk = _scan_values(text, hit.end, nxt)
        row_key = f"{table_id}.{hit.row.id}"
        if row_key in b.seen_rows:
            if vals:
                b.diag(
                    "duplicate-row",
                    f"row {row_key} appears again; the later values were not used",
                    f"{row_key} 行重复出现，后出现的数值未使用",
                    hit.start,
                )
            continue
        if not vals and any(h.row is hit.row for h in hits[i + 1 :]):
            continue  # a heading or loose label: the row is printed again later
        if not vals and junk < nxt:
            # The label is followed by text, not by cells: its values are elsewhere or lost.
            # The row stays unread (not blank), so no identity counts it as 0.
            ids = [f"{table_id}.{hit.row.id}.{c.id}" for c in hit.row.columns]
            b.diag(
                "row-values-not-found",
                f"row {row_key} ({hit.row.full_label}): label found, but text follows it, not its values",
                f"{hit.row.full_label} 行：找到行名，但其后是文字而非数值，未读取",
                hit.start,
                ids,
            )
            continue
        b.seen_rows.add(row_key)
        _assign(b, table_id, hit.row.id, hit.row.columns, vals, run, hit.start)
        if junk < nxt:
            _report_junk(b, text, junk, nxt)


_JUNK_NUM = re.compile(r"(?<![\d.])[+-]?\d+(?:\.\d+)?(?![\d.])")


def _report_junk(b: _Builder, text: str, start: int, end: int) -> None:
    """Text between a row's values and the next label: an unmapped row if it holds numbers."""
    chunk = text[start:end]
    if not _JUNK_NUM.search(chunk):
        return
    line = chunk.strip().splitlines()[0][:60] if chunk.strip() else chunk
    b.diag(
        "row-not-mapped",
        f"text not mapped to any template row, holding numbers: '{line}'",
        f"未能对应模板行的内容（含数字）：“{line}”",
        start,
    )


_VALUE_START = re.compile(r"[+-]?\d")


def _stretches(text: str, start: int, end: int) -> list[tuple[list[_Val], bool]]:
    """Maximal runs of value cells (not interrupted by words) between start and end."""
    out: list[tuple[list[_Val], bool]] = []
    pos = start
    while pos < end:
        m = _VALUE_START.search(text, pos, end)
        if m is None:
            break
        s0 = m.start()
        prev = text[s0 - 1] if s0 > 0 else "\n"
        if prev.isdigit() or prev == ".":
            pos = s0 + 1
            continue
        # Start at the line's first cell, so that blank cells before the first number count.
        line_start = max(text.rfind("\n", start, s0) + 1, start)
        vals, run, junk = _scan_values(text, line_start, end, lead_cell=True)
        if junk <= s0:  # words before the number on its line: start at the number
            vals, run, junk = _scan_values(text, s0, end)
        if not vals:
            pos = s0 + 1
            continue
        tail_is_date = junk < end and _DATE_AFTER.match(text, vals[-1].end) is not None
        embedded = "\u4e00" <= prev <= "\u9fff" and prev not in "计结审维正果"
        digits = sum(c.isdigit() for v in vals for c in v.text)
        if not tail_is_date and not embedded and (len(vals) >= 5 or (run and digits >= 5)):
            out.append((vals, run))
        pos = max(junk, vals[-1].end) + 1
    return out


def _read_appeals(b: _Builder, start: int, end: int) -> None:
    """Table 四: one row of 15 values (review, direct suit, suit after review), by position."""
    text = b.s.text
    cols: list[ColumnSpec] = []
    ids: list[str] = []
    for row in APPEALS.rows:
        for c in row.columns:
            cols.append(c)
            ids.append(f"appeals.{row.id}.{c.id}")
    usable = _stretches(text, start, end)
    exact = [g for g in usable if len(g[0]) == 15]
    fives = [g for g in usable if len(g[0]) == 5]
    used: list[tuple[list[_Val], bool]] = []
    if len(exact) == 1:
        used = exact
        _assign(b, "appeals", "all", cols, exact[0][0], False, exact[0][0][0].start, ids=ids)
    elif len(fives) == 3 and len(usable) == 3:
        used = fives
        _assign(b, "appeals", "all", cols, [v for g in fives for v in g[0]], False, fives[0][0][0].start, ids=ids)
    elif len(usable) == 1 and usable[0][1] and len(usable[0][0]) < 15:
        used = usable
        _assign(b, "appeals", "all", cols, usable[0][0], True, usable[0][0][0].start, ids=ids)
    elif usable:
        b.diag(
            "table-not-read",
            "table 四: values found but not as one row of 15 (or three of 5); left unread",
            "表四：数值不是一行15个（或三组各5个），未读取",
            usable[0][0][0].start,
            ids,
        )
        for cid in ids:
            b.values[cid] = None
    for group, _run in usable:
        if used and not any(group is g for g, _ in used):
            b.diag(
                "number-left-over",
                "table 四: values not used: " + " ".join(v.text for v in group),
                "表四：未使用的数值：" + " ".join(v.text for v in group),
                group[0].start,
            )


# --------------------------------------------------------------------------- main entry
def recognize(doc: Document, *, edition: Edition | None = None) -> Parsed:
    """Fill the template from a Document. Never raises for a document's content."""
    stream = _Stream(doc)
    text = stream.text
    b = _Builder(stream)
    sections = _find_sections(text)
    regions = _regions(text, sections)
    printed = _edition(text, regions)
    year = find_year(text)
    agency = find_agency(text)
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
    elif printed is None and edition is None:
        b.diag(
            "edition-undecided",
            "the edition cannot be told from the tables shown (table 二 missing); cells mapped by the year",
            "无法从表格判断模板版本（缺少表二），按年度映射",
        )
    if edition is not None and printed is not None and edition is not printed:
        b.diag(
            "edition-override",
            f"tables mapped on the {edition.value} template as asked, but they are printed on {printed.value}",
            f"按要求以{edition.value}版模板映射，但表格为{printed.value}版",
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
                b.diag("table-missing", f"table {tid} not found", f"未找到表格 {tid}")
        if "appeals" in regions:
            _read_appeals(b, *regions["appeals"])
        else:
            b.diag("table-missing", "table appeals not found", "未找到表格 appeals")
        _report_unread(b, layout)
    texts = {}
    for sid in ("overview", "problems", "other"):
        if sid in regions:
            s0, e0 = regions[sid]
            texts[sid] = stream.snippet(s0, e0).strip() or None
    meta = Meta(edition=Edition.LEGACY if layout is Edition.LEGACY else printed, year=year, agency=agency)
    cls = report_class(layout)
    report: Any = cls(meta=meta, text=TextSections(**texts))
    if layout is not Edition.LEGACY and b.values:
        report = replace_cells(report, b.values)
    return Parsed(report=report, diagnostics=tuple(b.diags), provenance=dict(b.prov), document=doc)


def _report_unread(b: _Builder, edition: Edition) -> None:
    for table in table_specs(edition):
        for row in table.rows:
            ids = [f"{table.id}.{row.id}.{c.id}" for c in row.columns]
            missing = [cid for cid in ids if cid not in b.values]
            if missing:
                b.diag(
                    "cell-not-read",
                    f"row {table.id}.{row.id} ({row.full_label}) not found: " + ", ".join(missing),
                    f"未找到 {row.full_label} 行：" + "，".join(missing),
                    None,
                    missing,
                )
