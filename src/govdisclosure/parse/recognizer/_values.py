"""Values: the cells after a row label, read as numbers, placeholders, blanks or digit runs."""

from __future__ import annotations

import itertools
import re
from typing import NamedTuple

from .._numbers import MAX_RUN, NUMBER, PLACEHOLDER
from ._stream import _SEP


# --------------------------------------------------------------------------- cells
class _Val(NamedTuple):
    """One value cell: a number, a placeholder/blank (value None), or a run to split."""

    text: str  # folded text of the token
    start: int
    end: int
    blank: bool = False


_TOKEN_RE = re.compile(rf"(?:{NUMBER.pattern})|(?:{PLACEHOLDER.pattern})")
_PAREN = re.compile(r"[(][^()|\n]{0,240}[)]")
# A row's values inside what looks like a note: a label's note wrapped around its values in
# one-line text ('（区 3 0 0 0 0 0 3 分处理的…）'). A note holds a count in words, never a run.
_ROW_IN_NOTE = re.compile(r"(?<![\d.])\d+[ \t]+\d+[ \t]+\d+(?![\d.])")
_DATE_AFTER = re.compile(r"\s*(?:年|月|日|号|时|%|％|万|亿)")
_DATE_RANGE = {"年": (1900, 2100), "月": (1, 12), "日": (1, 31), "号": (1, 31), "时": (0, 24)}


def _date_after(text: str, at: int) -> bool:
    """Whether the number ending at ``at`` is a date's or an amount's (2025年, 3月, 5%, 2万), not a count:
    a unit after it, apart by spaces; apart by a line break, only a date it can be (2025⏎年 wrapped), not a
    row's last count before the next line's words ('| 6 | 21⏎年度办 1.信访…': a piece of the group label
    三、本年度办理结果 glued before a row's label, 21 no year)."""
    m = _DATE_AFTER.match(text, at)
    if m is None:
        return False
    unit = m.group(0)[-1]
    if "\n" not in m.group(0) or unit not in _DATE_RANGE:
        return True
    k = at
    while k > 0 and text[k - 1].isdigit():
        k -= 1
    lo, hi = _DATE_RANGE[unit]
    return k < at and lo <= int(text[k:at]) <= hi


# A change printed in words: 减3, 减少3, 增2, 增加2, 新增2 (a count of items, no decimals).
_WORD_SIGN = re.compile(r"(减少|减|增加|新增|增)[ \t]*(\d{1,15})(?![\d.])(?:[ \t]*[个项件])?")
# After an item number: its point and the label's first character (6.属于…, 2、没有…).
_ITEM_START = frozenset(" \t.、．")
_ITEM_AFTER = re.compile(r"[ \t]*[.、．][ \t]*[\u4e00-\u9fff\"“]")
_YEAR_GLUED = re.compile(r"\d+(?:\.\d+)?(?:19|20)\d\d")
_YEAR_AFTER = re.compile(r"\s*年")
_LABEL_REST = re.compile(r"[^\d|\t\n]{1,40}(?=[ ]+[+-]?\d)")
# A character left by a bad conversion in front of a value ("? 0 |"): skipped, and named.
_STRAY = re.compile(r"[?？\ufffd□■●•·*＊](?=[ \t]*[+-]?\d)")
# Latin letters after a value's digits in its cell ('7l', '1O', '7 l'): a digit read as a letter
# (OCR, a mis-encoded copy) or a cell that is not a count; the value is taken with them, so it is
# never read as its digits alone (7 for 7l) but left unread with a diagnostic.
_GLUED = re.compile(r"[A-Za-z][A-Za-z0-9]*")


def _layout_newline(text: str, pos: int) -> bool:
    """A line break right after a row's closing ``|``, or right before a line that opens
    with one, is layout, not a cell boundary: the bars are the separators there. (Grid
    rows from HTML, DOCX and PDF carry no edge bars; text rows keep theirs.) So is one right
    after another: an empty line (an empty paragraph a reader kept) is no cell."""
    prev = text[pos - 1] if pos > 0 else ""
    return prev in ("|", "\n") or (pos + 1 < len(text) and text[pos + 1] == "|")


def drop_closers(vals: list[_Val], n: int) -> list[_Val]:
    """Blank cells past the ``n``-th at a row's end are row closers (``||``), not cells."""
    k = len(vals)
    while k > n and vals[k - 1].blank:
        k -= 1
    return vals if k == len(vals) else vals[:k]


_SEP_IN = re.compile(f"[{_SEP}]").search


def _scan_values(
    text: str,
    start: int,
    end: int,
    *,
    lead_cell: bool = False,
    strays: list[int] | None = None,
    unsigned: bool = False,
) -> tuple[list[_Val], bool, int]:
    """The cells between ``start`` and ``end``.

    Returns the value cells in order (numbers, placeholders, and blank cells:
    whitespace between two separators), whether all values sit in one
    separator-free stretch (a run that may need splitting), and where text that
    is not a value began (``end`` if none). Parenthesised notes are skipped.
    The piece before the first separator is a label's tail, unless ``lead_cell``
    says the scan starts at a row's first cell. A stray character in front of a
    value is skipped and its offset appended to ``strays``. In a table of counts only
    (``unsigned``), a minus apart from its digits ('- 1') is a placeholder, then a number.
    """
    if not lead_cell and _SIMPLE_ROW(text, start, end):
        # The common row, in one regex pass: bars or tabs and plain counts, nothing else (the
        # loop below gives the same, character by character; a test compares the two).
        vals = [_Val(m.group(), m.start(), m.end()) for m in _DIGITS(text, start, end)]
        if not _date_after(text, vals[-1].end):
            return vals, len(vals) == 1, end
    elif _SPACED_ROW(text, start, end):
        # The other common shapes, likewise: plain counts apart by spaces only (a run, one line
        # of a crawler's or a PDF's text), one count, or nothing but spaces (and, not from a
        # row's first cell, one line break). What stands after the last count decides whether
        # it is one: a date (2025年) or an item number (6.属于…) is left to the loop.
        vals = [_Val(m.group(), m.start(), m.end()) for m in _DIGITS(text, start, end)]
        if not vals:
            if not lead_cell or "\n" not in text[start:end]:
                return vals, False, end
        else:
            last = vals[-1].end
            if not _date_after(text, last) and not (
                text[last : last + 1] in _ITEM_START and _ITEM_AFTER.match(text, last)
            ):
                return vals, True, end
    elif _PLAIN_CELLS(text, start, end):
        got = _scan_plain(text, start, end, lead_cell)
        if got is not None:
            return got
    return _scan_cells(text, start, end, lead_cell=lead_cell, strays=strays, unsigned=unsigned)


# Cells of counts, blanks and separators only: digits, spaces, bars, tabs, line breaks.
_PLAIN_CELLS = re.compile(r"[\d |\t\n]*").fullmatch
_PLAIN_TOKEN = re.compile(r"\d+|[|\t\n]").finditer


def _scan_plain(text: str, start: int, end: int, lead_cell: bool) -> tuple[list[_Val], bool, int] | None:
    """_scan_cells of cells holding only counts, blanks and separators, a token at a time
    instead of a character (spaces between are skipped by the search): the same cells, blank
    where a separator closes a cell of spaces only. None where the loop must decide: a digit
    run too long to be a number, or a date or item number after the last count."""
    vals: list[_Val] = []
    seg_start = start  # where the current cell starts
    counted = False  # a count in the current cell
    last = -1  # the end of the last count
    for m in _PLAIN_TOKEN(text, start, end):
        token = m.group()
        pos = m.start()
        if token[0] not in _SEP:
            if len(token) > MAX_RUN:
                return None
            vals.append(_Val(token, pos, m.end()))
            counted = True
            last = m.end()
            continue
        if token == "\n" and _layout_newline(text, pos):
            continue  # a row's edge bar ends the line, or an empty line: layout, not a separator
        if (seg_start > start or lead_cell) and pos > seg_start and not counted:
            vals.append(_Val(" ", seg_start, pos, blank=True))
        seg_start = pos + 1
        counted = False
    if last >= 0 and (
        _date_after(text, last) or (text[last : last + 1] in _ITEM_START and _ITEM_AFTER.match(text, last))
    ):
        return None
    return vals, _is_run(text, vals), end


# A row's cells as most reports print them: each a separator and a plain count, then at most
# a closing bar and the line's end (a bar, spaces and a line break would print a blank cell).
_SIMPLE_ROW = re.compile(r"(?:[ ]*[\t|][ ]*\d{1,15})+[ ]*(?:\|[ ]*|\|\n[ ]*|\n[ ]*)?").fullmatch
_DIGITS = re.compile(r"\d+").finditer
# Counts apart by spaces (a digit run as long as a token may be), then at most one line break.
_SPACED_ROW = re.compile(rf"[ ]*(?:\d{{1,{MAX_RUN}}}(?:[ ]+\d{{1,{MAX_RUN}}})*)?[ ]*(?:\n[ ]*)?").fullmatch


def _scan_cells(
    text: str,
    start: int,
    end: int,
    *,
    lead_cell: bool = False,
    strays: list[int] | None = None,
    unsigned: bool = False,
) -> tuple[list[_Val], bool, int]:
    """_scan_values, character by character."""
    vals: list[_Val] = []
    pos = start
    seg_start = start
    junk = end
    while pos < end:
        ch = text[pos]
        if ch in _SEP and not (ch == "\n" and _layout_newline(text, pos)):
            piece = text[seg_start:pos]
            if (seg_start > start or lead_cell) and piece and not piece.strip():
                vals.append(_Val(" ", seg_start, pos, blank=True))
            pos += 1
            seg_start = pos
            continue
        if ch.isspace():
            pos += 1
            continue
        if ch == "(":
            m = _PAREN.match(text, pos, end)
            if m and not _ROW_IN_NOTE.search(text, m.start(), m.end()):
                pos = m.end()
                continue
        w = _WORD_SIGN.match(text, pos, end) if ch in "减增新" else None
        if w:  # 本年增/减 in words: 减3, 减少3 (-3); 增2, 增加2, 新增2 (+2)
            vals.append(_Val(("-" if "减" in w.group(1) else "+") + w.group(2), pos, w.end()))
            pos = w.end()
            continue
        m = _TOKEN_RE.match(text, pos, end)
        if unsigned and m and ch == "-" and text[pos + 1 : pos + 2] in (" ", "\t") and m.end() > pos + 1:
            # '1 - 0 - - - 1' in one-line text: no count is negative, '- 0' is a dash, then 0
            vals.append(_Val("-", pos, pos + 1))
            pos += 1
            continue
        if (
            m
            and m.end() > pos
            and text[m.end() : m.end() + 1] in _ITEM_START
            and _ITEM_AFTER.match(text, m.end())
            and m.group(0).strip().isdigit()
        ):
            junk = pos  # an item number (6.属于四类…): the next row's label, never a value
            break
        if m and m.end() > pos and not _date_after(text, m.end()):
            vals.append(_Val(m.group(0).strip(), pos, m.end()))
            pos = m.end()
            continue
        if m and m.end() > pos and _YEAR_GLUED.fullmatch(m.group(0).strip()) and _YEAR_AFTER.match(text, m.end()):
            # Crawler text gluing prose to the last cell: "收费02025年，我局…" is 0, then "2025年".
            cut = m.end() - 4
            vals.append(_Val(text[pos:cut].strip(), pos, cut))
            junk = cut
            break
        m = _STRAY.match(text, pos, end)
        if m:
            if strays is not None:
                strays.append(pos)
            pos = m.end()
            continue
        between = text[vals[-1].end : pos] if vals and vals[-1].text[-1:].isdigit() else "\n"
        if ch.isascii() and ch.isalpha() and not between.strip() and "\n" not in between:
            # a letter glued to a value ('7l', '1O') or after it in its own cell ('7 l'): taken with
            # it, so the cell is left unread and named, never read as its digits alone
            glued = _GLUED.match(text, pos, end)
            if glued:
                last = vals[-1]
                vals[-1] = _Val(text[last.start : glued.end()].strip(), last.start, glued.end())
                pos = glued.end()
                continue
        if not vals and not lead_cell:
            # the rest of a wrapped label, on the label's own line, before its values
            rest = _LABEL_REST.match(text, pos, end)
            if rest:
                pos = rest.end()
                continue
        junk = pos
        break
    return vals, _is_run(text, vals), junk


def _is_run(text: str, vals: list[_Val]) -> bool:
    """Whether values were printed with no separator between them (a run to be split)."""
    return bool(vals) and not any(_SEP_IN(text, a.end, b.start) for a, b in itertools.pairwise(vals))


_VALUE_START = re.compile(r"[+-]?\d")


def _stretches(text: str, start: int, end: int) -> list[tuple[list[_Val], bool]]:
    """Maximal runs of value cells (not interrupted by words) between start and end."""
    out: list[tuple[list[_Val], bool]] = []
    pos = start
    line_start, seen = start, start  # the start of the line holding offset `seen`
    lead: tuple[int, tuple[list[_Val], bool, int]] | None = None  # the scan from a line's first cell
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
        # Each stretch of text is searched for a line break once (not back from every number),
        # and a line's first-cell scan is made once: linear however long the line.
        nl = text.rfind("\n", seen, s0)
        if nl >= 0:
            line_start = nl + 1
        seen = s0
        if lead is None or lead[0] != line_start:
            lead = (line_start, _scan_values(text, line_start, end, lead_cell=True))
        vals, run, junk = lead[1]
        if junk <= s0:  # words before the number on its line: start at the number
            vals, run, junk = _scan_values(text, s0, end)
        if len(vals) not in (5, 15):  # table 四: one row of 15 cells, or three of 5
            vals = drop_closers(vals, 15 if len(vals) > 15 else 5)
        if not vals:
            pos = s0 + 1
            continue
        tail_is_date = junk < end and _date_after(text, vals[-1].end)
        embedded = "\u4e00" <= prev <= "\u9fff" and prev not in "计结审维正果"
        digits = sum(c.isdigit() for v in vals for c in v.text)
        if not tail_is_date and not embedded and (len(vals) >= 5 or (run and digits >= 5)):
            out.append((vals, run))
        pos = max(junk, vals[-1].end) + 1
    return out
