"""Near-miss labels: a printed cell that is a template row label up to a small edit distance.

Real reports misspell labels (a character doubled, lost, swapped or replaced
by a near-homophone: 上年结专, 2.其他法律行政止公开). A long label is tolerated
within a small edit distance; a short one never (规章, 其他: too easily another
word). Every such match is marked fuzzy in the provenance and named in a
diagnostic by the caller.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Callable

from ...schema import RowSpec, TableSpec
from .._normalize import fold
from ._patterns import _LabelHit

__all__ = ["allowed_edits", "fuzzy_hits", "label_key", "ocr_hits", "within"]

_NOTE = re.compile(r"[(（][^()（）]*[)）]")
_NUMBERING = re.compile(r"^\s*(?:[(（]\s*[一二三四五六七八九十]+\s*[)）]|[一二三四五六七八九十\d]+\s*[、.．,]?)\s*")
_NOT_HAN = re.compile(r"[^\u4e00-\u9fff]")


def label_key(text: str) -> str:
    """A label reduced to its Han characters: numbering, notes in brackets and punctuation dropped."""
    return _NOT_HAN.sub("", _NOTE.sub("", _NUMBERING.sub("", text)))


def allowed_edits(n: int) -> int:
    """Edits tolerated on a label of ``n`` characters: none under 6, one under 9, two under 12,
    else a quarter of its length (2.其他法律行政止公开 lost three of twelve)."""
    return 0 if n < 6 else 1 if n < 9 else 2 if n < 12 else n // 4


def within(a: str, b: str, k: int) -> bool:
    """Whether ``a`` and ``b`` are within ``k`` edits (insert, delete, replace, swap of neighbours)."""
    if abs(len(a) - len(b)) > k:
        return False
    if a == b:
        return True
    if k == 0:
        return False
    return _distance(a, b, k) <= k


def _distance(a: str, b: str, bound: int | None = None) -> int:
    """Edits (insert, delete, replace, swap of neighbours) from ``a`` to ``b``; with ``bound``, any number
    over it as soon as every way is past it."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if bound is not None and min(cur) > bound:
            return bound + 1
        prev2, prev = prev, cur
    return prev[-1]


_ROW_KEYS: dict[int, tuple[tuple[RowSpec, tuple[str, ...]], ...]] = {}


def _row_keys(table: TableSpec) -> tuple[tuple[RowSpec, tuple[str, ...]], ...]:
    # keyed by identity: the template's tables are module constants (hashing one is deep)
    keys = _ROW_KEYS.get(id(table))
    if keys is None:
        keys = _ROW_KEYS[id(table)] = tuple(
            (row, tuple(label_key(fold(t, simplify=False).text) for t in (row.label, *row.variants)))
            for row in table.rows
        )
    return keys


def match_row(cell: str, table: TableSpec, rows: set[str] | None = None) -> RowSpec | None:
    """The one row (of ``rows`` ids, if given) whose label ``cell`` is within the allowed edits of."""
    key = label_key(cell)
    if len(key) < 6:
        return None
    chars = set(key)
    found = [
        row
        for row, keys in _row_keys(table)
        if (rows is None or row.id in rows) and any(_near(key, chars, k) for k in keys)
    ]
    return found[0] if len(found) == 1 else None


def _near(key: str, chars: set[str], label: str) -> bool:
    """``within`` the label's allowed edits, with a cheap test first: each edit takes at most one
    of the label's distinct characters away, so all but that many must be in ``key``."""
    k = allowed_edits(len(label))
    if abs(len(key) - len(label)) > k:
        return False
    distinct = _distinct(label)
    if len(distinct) - len(distinct & chars) > k:
        return False
    return within(key, label, k)


@functools.cache
def _distinct(label: str) -> frozenset[str]:
    return frozenset(label)


def _with_numbering(text: str, a: int, row: RowSpec) -> int:
    """Move a hit's start back over the row's ordinal printed before it (``7.`` in ``…07.属于…``)."""
    core = _NOT_ORDINAL.sub("", row.numbering)
    j = a
    while j > 0 and text[j - 1] in "、.．,":
        j -= 1
    if core and text[max(0, j - len(core)) : j] == core:
        return j - len(core)
    return a


_NOT_ORDINAL = re.compile(r"[^一二三四五六七八九十\d]")
_CELL = re.compile(r"[^|\t\n\d]{6,80}")


def fuzzy_hits(text: str, start: int, end: int, hits: list[_LabelHit], table: TableSpec) -> list[_LabelHit]:
    """Hits for rows the exact patterns missed: cells in the region, not covered by a hit and
    holding no digits, that are a missing row's label within the allowed edits."""
    found = {h.row.id for h in hits if h.row is not None}
    missing = {r.id for r in table.rows if r.id not in found and not r.generic}
    if not missing:
        return []
    starts = sorted(h.start for h in hits)
    reach = list(itertools.accumulate((h.end for h in sorted(hits, key=lambda h: h.start)), max))
    out = []
    for m in _CELL.finditer(text, start, end):
        a, z = m.start(), m.end()
        k = bisect.bisect_left(starts, z) - 1  # the hits starting before the cell ends
        if k >= 0 and reach[k] > a:  # one of them ends after the cell starts: covered
            continue
        row = match_row(m.group(0), table, missing)
        if row is not None:
            lead = len(m.group(0)) - len(m.group(0).lstrip())
            out.append(_LabelHit(_with_numbering(text, a + lead, row), z, row))
            missing.discard(row.id)
    return out


def ocr_edits(n: int) -> int:
    """Edits tolerated on a label of ``n`` characters read by OCR, when its ordinal and its place
    among the rows agree: none under 4 (规章, 其他), one under 7, two under 10, else 3 in 10."""
    return 0 if n < 4 else 1 if n < 7 else 2 if n < 10 else n * 3 // 10


def _ordinal(text: str, a: int, cell: str) -> str:
    """The ordinal printed at the cell's start (（一）, 4.) or right before it (``…处理4`` then the
    label: a group's label glued to its first row's), reduced to its numerals."""
    m = _NUMBERING.match(cell)
    if m and m.group(0).strip():
        return _NOT_ORDINAL.sub("", m.group(0))
    j = a
    while j > 0 and text[j - 1] in " 、.．,":
        j -= 1
    k = j
    while k > 0 and text[k - 1].isdigit():
        k -= 1
    return text[k:j] if j - k <= 2 else ""


def ocr_hits(
    text: str, start: int, end: int, hits: list[_LabelHit], table: TableSpec, by_ocr: Callable[[int], bool]
) -> list[_LabelHit]:
    """Hits for rows of a scan whose label OCR misread by more than :func:`fuzzy_hits` allows
    (（一）子以公开 for 予以公开; 无正当理山大星反复中请): a cell read by OCR, holding no digits, that
    carries the row's ordinal (at its start, or right before it), stands between the hits of the
    rows before and after it in the template's order, is within :func:`ocr_edits` of the row's label
    and nearer to it than to any other row's label; and is the only such cell between those hits.

    Failing that, the same of a label cut into two or three cells of one line by a rule the scan's
    grid found inside it (``6.属于四|类过程性信息``: a faint table photographed), read as one."""
    found = {h.row.id for h in hits if h.row is not None}
    order = {r.id: i for i, r in enumerate(table.rows)}
    keys = _row_keys(table)
    placed = sorted((h.start, order[h.row.id]) for h in hits if h.row is not None)
    spans = sorted((h.start, h.end) for h in hits)
    reach = list(itertools.accumulate((e for _, e in spans), max))

    def candidate(a: int, z: int, cell: str, cut: bool) -> tuple[str, _LabelHit] | None:
        if not by_ocr(a):
            return None
        key = label_key(cell.replace("|", ""))
        if len(key) < 4:
            return None
        k = bisect.bisect_left(spans, (z, -1)) - 1  # the hits starting before the cell ends
        if k >= 0 and reach[k] > a:  # one of them ends after the cell starts: covered
            return None
        k = bisect.bisect_left(placed, (a, -1))
        if k == 0 or k == len(placed) or placed[k - 1][0] == a:
            return None
        lo, hi = placed[k - 1][1], placed[k][1]
        dist = sorted((min(_distance(key, t) for t in ts), row.id) for row, ts in keys)
        best, rid = dist[0]
        if len(dist) > 1 and dist[1][0] <= best:
            return None  # another row's label is as near
        row = table.rows[order[rid]]
        if rid in found or row.generic or not lo < order[rid] < hi or not row.numbering:
            return None
        # a whole label is the exact patterns' (but not one cut by a separator, which they do not see)
        if (best == 0 and not cut) or best > ocr_edits(len(label_key(fold(row.label, simplify=False).text))):
            return None
        if _ordinal(text, a, cell) != _NOT_ORDINAL.sub("", row.numbering):
            return None
        lead = len(cell) - len(cell.lstrip())
        return rid, _LabelHit(_with_numbering(text, a + lead, row), z, row)

    cands: dict[str, list[_LabelHit]] = {}
    for m in _CELL.finditer(text, start, end):
        if (got := candidate(m.start(), m.end(), m.group(0), False)) is not None:
            cands.setdefault(got[0], []).append(got[1])
    cut: dict[str, list[_LabelHit]] = {}
    for m in _CUT_CELLS.finditer(text, start, end):
        pieces = m.group(1).split("|")
        for n in range(2, len(pieces) + 1):  # the label in two cells, else in three
            cell = "|".join(pieces[:n])
            if (got := candidate(m.start(1), m.start(1) + len(cell), cell, True)) is not None:
                if got[0] not in cands:
                    cut.setdefault(got[0], []).append(got[1])
                break
    return [c[0] for c in (*cands.values(), *cut.values()) if len(c) == 1]


# A cell's writing after its ordinal's digits, and the digitless cells after it on its line (one or two)
_CUT_CELLS = re.compile(
    r"(?:^|(?<=[|\t\n]))\d{0,2}((?=[^|\t\n\d]*[^|\t\n\d\s])[^|\t\n\d]+(?:\|[^|\t\n\d]+){1,2})(?=[|\t\n]|$)",
    re.M,
)
