"""Tables printed without rules in a PDF's text layer: each line's cells told by the header's columns.

A web page whose table draws no rules, printed to PDF (or converted by LibreOffice, which drops CSS
borders), prints table 三 as lines of words: a label, then the values, and nothing where a cell is blank
(a report whose 法人 columns are all blank: ``一、本年新收… 26 26``). Read as text, such a line cannot be
split into seven cells. The text layer knows where each word stands:

- the header above the rows prints each of the seven columns' headings (自然人, 商业企业 … 其他, 总计: the
  template's labels), their characters spread or wrapped in their cells; each heading is found by its
  characters' places (one after another on a line, or under the one before), the seven in order from
  left to right, each clear of the next, all within a few lines: exactly one such header, or none is used;
- each column then runs from halfway between its heading and the one before to halfway to the next one;
- the lines below, up to the first line with words in the columns that are not values, are the table's;
  when each of their values stands wholly in one column and under its heading (within a character), all
  stand the same way under their headings (all at the heading's left edge, all on its
  centre or all at its right edge: a number standing otherwise is not known to be its nearer column's)
  and no number stands left of the columns (a number in the label column
  says the table is not laid out by its header: a row broken inside a cell, cells shifted) nor a line
  of values alone right under another (a number wrapped in its cell, ``1`` over ``2``), the lines
  with values are written with their cells apart (``一、本年新收… | 26 |  |  |  |  |  | 26 |``), as a
  table copied with its bars reads. Otherwise the table is left as printed, and the recognizer names
  what it cannot place.

Table 二's blocks of three columns (规章 and 规范性文件 under 本年制发件数 …; in 2019 also 行政许可 …
行政强制 under 上一年项目数量 …) are read the same way, each block under its own header (a band of at
most three lines that prints its three headings one way only), and only when every line with values
under it prints one of the block's row labels (a block printed without its own header is not taken
for the one above).

Only lines with fewer values than columns, or with two numbers under one heading, are written anew: a
line with a value a column reads the same either way. Two numbers under one heading (``规章 0 1 4``
whose 1 and 4 both stand under 本年废止件数) are written in one cell, which the recognizer names
(``number-split``): as a line of text they would fill the columns, wrongly. Table 三's columns carry
over to the next page when its first lines fit them (a table broken across pages prints its header
once).

A header printing the seven headings in another order than the template's (科研机构 and 社会公益组织
swapped) is no header of the template's columns, and its lines are left as printed; but its
headings, wrapped in narrow cells, stand in pieces among one another, and no order can be read in
its text. When each is found once in the header's band, none over another, its lines are written
with the headings whole in the order they stand, after the lines' other words: the recognizer
then sees the order and names the columns out of place (``header-order``).
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Sequence
from typing import Any

from ...schema._labels import ACTIVE_2019, ACTIVE_2021, REQUEST_COLUMNS, ColumnKind

Word = dict[str, Any]
Columns = tuple[tuple[float, float, float, float], ...]  # each column's bounds, then its heading's

HEADINGS = tuple(c.heading for c in REQUEST_COLUMNS)  # 自然人 … 其他, 总计


def _blocks() -> tuple[tuple[tuple[str, ...], frozenset[str]], ...]:
    """Table 二's blocks of three or more columns of counts: their headings, and their rows' labels."""
    blocks: dict[tuple[str, ...], set[str]] = {}
    for table in (ACTIVE_2019, ACTIVE_2021):
        for row in table.rows:
            if len(row.columns) >= 3 and all(c.kind is not ColumnKind.MONEY for c in row.columns):
                blocks.setdefault(tuple(c.label for c in row.columns), set()).update((row.label, *row.variants))
    return tuple((headings, frozenset(labels)) for headings, labels in blocks.items())


ACTIVE_BLOCKS = _blocks()  # 本年制发件数 …: 规章, 规范性文件; 2019's 上一年项目数量 …: 行政许可 … 行政强制
BLOCK_HEADER_LINES = 3  # a block's headings all lie within this many character heights
_VALUE = re.compile(r"^-?\d+$")
_PLACEHOLDER = frozenset({"-", "—", "——", "–", "/", "／", "无"})
HEADER_LINES = 8  # the header's headings all lie within this many character heights
ROW_PITCH = 1.6  # character heights: a line of values alone this close under another is its continuation
ALIGN = 1.5  # points: values stand the same way under their headings to this much


def _size(ch: Word) -> float:
    return max(float(ch["bottom"]) - float(ch["top"]), 1.0)


def _placements(heading: str, by_text: dict[str, list[Word]]) -> list[tuple[float, float, float, float]]:
    """Where ``heading`` is printed: its characters one after another on a line, or a line down under the
    ones before (a heading wrapped or spread in a narrow cell). Each place as (x0, x1, top, bottom)."""
    found = []
    for first in by_text.get(heading[0], ()):
        size = _size(first)
        x0, x1, top, bottom = first["x0"], first["x1"], first["top"], first["bottom"]
        last = first
        for ch in heading[1:]:
            best = None
            for c in by_text.get(ch, ()):
                dy = c["top"] - last["top"]
                if abs(dy) <= 0.3 * size and 0 <= c["x0"] - last["x1"] + 0.1 * size <= 1.5 * size:
                    d = c["x0"] - last["x1"]
                elif 0.6 * size <= dy <= 3.5 * size and c["x0"] < x1 + 0.3 * size and x0 - 0.3 * size < c["x1"]:
                    d = dy + abs(c["x0"] - x0)
                else:
                    continue
                if best is None or d < best[0]:
                    best = (d, c)
            if best is None:
                break
            last = best[1]
            x0, x1 = min(x0, last["x0"]), max(x1, last["x1"])
            top, bottom = min(top, last["top"]), max(bottom, last["bottom"])
        else:
            found.append((float(x0), float(x1), float(top), float(bottom)))
    return found


def _by_text(chars: Sequence[Word]) -> dict[str, list[Word]]:
    """The page's upright characters of the headings looked for here, by character: read once a page."""
    by_text: dict[str, list[Word]] = {}
    for ch in chars:
        if ch["text"] in _WANTED and ch.get("upright", True):
            by_text.setdefault(ch["text"], []).append(ch)
    return by_text


def _solutions(
    by_text: dict[str, list[Word]], headings: Sequence[str], lines: int, limit: int
) -> tuple[list[tuple[tuple[float, float, float, float], ...]], float]:
    """Every way (up to ``limit``) of printing ``headings`` left to right, each clear of the next, all
    within ``lines`` character heights; and a character's height (0 when a heading is not printed)."""
    places = [sorted(_placements(h, by_text)) for h in headings]
    if not all(places):
        return [], 0.0
    solutions: list[tuple[tuple[float, float, float, float], ...]] = []

    def walk(i: int, chosen: list[tuple[float, float, float, float]]) -> None:
        if len(solutions) >= limit:
            return
        if i == len(places):
            solutions.append(tuple(chosen))
            return
        for p in places[i]:
            if chosen and p[0] <= chosen[-1][1]:
                continue
            tops = [q[2] for q in chosen] + [p[2]]
            bottoms = [q[3] for q in chosen] + [p[3]]
            if max(bottoms) - min(tops) > lines * size:
                continue
            walk(i + 1, [*chosen, p])

    size = statistics.median(_size(ch) for h in headings for ch in by_text[h[0]])
    walk(0, [])
    return solutions, size


def _columns(heads: tuple[tuple[float, float, float, float], ...], size: float) -> Columns:
    """Each column from halfway between its heading and the one before to halfway to the next one."""
    middles = [(a[1] + b[0]) / 2 for a, b in itertools.pairwise(heads)]
    edges = [heads[0][0] - 0.25 * size, *middles, heads[-1][1] + 1.5 * size]
    return tuple((lo, hi, h[0], h[1]) for (lo, hi), h in zip(itertools.pairwise(edges), heads, strict=True))


def header_columns(by_text: dict[str, list[Word]]) -> tuple[Columns, float, float] | None:
    """Table 三's seven columns read from its header on this page: (columns, the header's bottom, a
    character's height), or None when no header, or more than one, prints all seven headings."""
    solutions, size = _solutions(by_text, HEADINGS, HEADER_LINES, 2)
    if len(solutions) != 1:
        return None
    heads = solutions[0]
    return _columns(heads, size), max(q[3] for q in heads), size


def _is_value(text: str) -> bool:
    return bool(_VALUE.match(text)) or text in _PLACEHOLDER


def _slots(line: Sequence[Word], cols: Columns, size: float) -> dict[int, list[Word]] | None:
    """The values of ``line`` right of the label, by column; None when one does not stand wholly in one
    column and under its heading (within a character). Two numbers may stand in one column (a cell
    holding two: the recognizer names it); two values of which one is a placeholder may not."""
    tol = 0.1 * size
    slots: dict[int, list[Word]] = {}
    for w in line:
        if w["x1"] <= cols[0][0] + tol:
            continue
        k = next((k for k, (lo, hi, _, _) in enumerate(cols) if lo - tol <= w["x0"] and w["x1"] <= hi + tol), None)
        if k is None:
            return None
        if not (cols[k][2] - size < w["x1"] and w["x0"] < cols[k][3] + size):
            return None
        slots.setdefault(k, []).append(w)
    if any(len(ws) > 1 and not all(_VALUE.match(w["text"]) for w in ws) for ws in slots.values()):
        return None
    return slots


def _in_columns(line: Sequence[Word], cols: Columns, size: float) -> list[Word]:
    return [w for w in line if w["x1"] > cols[0][0] + 0.1 * size]


def _aligned(placed: Sequence[dict[int, list[Word]]], cols: Columns) -> bool:
    """Whether every value stands the same way under its heading, in every column: all at their heading's
    left edge, all on its centre or all at its right edge (to ALIGN points). A number standing any other
    way is not known to be that column's, whichever column it is nearer. (Two in one cell are not
    asked: neither is read.)"""
    offsets: tuple[list[float], list[float], list[float]] = ([], [], [])
    for slots in placed:
        for k, ws in slots.items():
            if len(ws) > 1:
                continue
            w = ws[0]
            hx0, hx1 = cols[k][2], cols[k][3]
            offsets[0].append(w["x0"] - hx0)
            offsets[1].append((w["x0"] + w["x1"]) / 2 - (hx0 + hx1) / 2)
            offsets[2].append(w["x1"] - hx1)
    return any(d and max(d) - min(d) <= ALIGN for d in offsets)


def _label(line: Sequence[Word], cols: Columns, size: float) -> str:
    return " ".join(w["text"] for w in line if w["x1"] <= cols[0][0] + 0.1 * size)


def _place(
    lines: Sequence[Sequence[Word]],
    start: int,
    stop: int,
    cols: Columns,
    size: float,
    labels: frozenset[str] | None = None,
) -> tuple[dict[int, str], int] | None:
    """The texts of the table's lines from ``start`` (up to ``stop`` at most) that its columns tell apart,
    and where the table ends; None when its lines are not laid out by the columns. With ``labels``, every
    line with values must print one of them (spaces aside) left of the columns."""
    table: list[tuple[int, dict[int, list[Word]]]] = []
    end = start
    for i in range(start, stop):
        line = lines[i]
        inside = _in_columns(line, cols, size)
        if any(not _is_value(w["text"]) for w in inside):
            break
        end = i + 1
        if any(_VALUE.match(w["text"]) for w in line if w not in inside):
            return None  # a number left of the columns: the table is not laid out by its header
        if not inside:
            continue  # a piece of a wrapped label
        slots = _slots(line, cols, size)
        if slots is None:
            return None  # a value across two columns, or beside its heading: the columns are not certain
        if (
            len(inside) == len(line)
            and table
            and table[-1][0] == i - 1
            and line[0]["top"] - lines[i - 1][0]["top"] < ROW_PITCH * size
        ):
            # values alone right under a line of values: a number or a row's values wrapped in their cells
            # ('1' over '2' for 12), whose pieces no column tells apart
            return None
        if labels is not None and not any(x in _label(line, cols, size).replace(" ", "") for x in labels):
            return None  # values beside words that are none of the rows under this header
        table.append((i, slots))
    if not table or not _aligned([s for _, s in table], cols):
        return None
    texts = {}
    for i, slots in table:
        if len(slots) == len(cols) and all(len(ws) == 1 for ws in slots.values()):
            continue  # a value a column: the line reads the same either way
        label = _label(lines[i], cols, size)
        cells = " | ".join(" ".join(w["text"] for w in slots.get(k, ())) for k in range(len(cols)))
        texts[i] = f"{label} | {cells} |" if label else f"| {cells} |"
    return texts, end


def rewrite(
    lines: Sequence[Sequence[Word]], chars: Sequence[Word], carry: tuple[Columns, float] | None
) -> tuple[dict[int, str], tuple[Columns, float] | None]:
    """The texts of the lines of a table 三 and of table 二's blocks without rules on this page, cells
    apart (by index in ``lines``, which are in reading order), and table 三's columns to carry to the
    next page when the table runs on to this page's last line."""
    by_text = _by_text(chars)
    texts = _active_blocks(lines, by_text)
    found = header_columns(by_text)
    if found is not None:
        cols, header_bottom, size = found
        start = next((i for i, line in enumerate(lines) if line[0]["top"] >= header_bottom - 0.3 * size), len(lines))
    elif carry is not None:
        cols, size = carry
        start = 0
    else:
        return {**texts, **_reordered_header(lines, by_text)}, None
    placed = _place(lines, start, len(lines), cols, size)
    if placed is None:
        return texts, None
    return {**texts, **placed[0]}, ((cols, size) if placed[1] == len(lines) else None)


def _within(q: tuple[float, float, float, float], g: tuple[float, float, float, float], tol: float) -> bool:
    return g[0] - tol <= q[0] and q[1] <= g[1] + tol and g[2] - tol <= q[2] and q[3] <= g[3] + tol


_DISTINCT = (0, 1, 2, 3, 4)  # 自然人 and four 法人 headings: each found once on the page, or not asked
_GROUP = "法人或其他组织"  # holds 其他, not the 其他 column's heading
_WANTED = frozenset("".join((*HEADINGS, _GROUP, *(h for headings, _ in ACTIVE_BLOCKS for h in headings))))


def _reordered_header(lines: Sequence[Sequence[Word]], by_text: dict[str, list[Word]]) -> dict[int, str]:
    """Table 三's header printing its seven headings in another order than the template's, each found
    once by its characters' places (wrapped in narrow cells, its pieces on lines among the others'):
    its lines written with the headings whole, in the order they stand left to right, after the
    line's other words, so that the recognizer sees the order and names the columns out of place.
    Nothing when a heading is not found once in the header's band, two overlap, or the order is the
    template's."""
    places = [_placements(h, by_text) for h in HEADINGS]
    if any(len(places[k]) != 1 for k in _DISTINCT) or not all(places):
        return {}
    size = statistics.median(_size(ch) for ch in by_text[HEADINGS[0][0]])
    top = min(places[k][0][2] for k in _DISTINCT) - HEADER_LINES * size
    bottom = max(places[k][0][3] for k in _DISTINCT) + HEADER_LINES * size
    groups = _placements(_GROUP, by_text)
    boxes = []
    for found in places:
        near = [
            q for q in found if top <= q[2] and q[3] <= bottom and not any(_within(q, g, 0.3 * size) for g in groups)
        ]
        if len(near) != 1:
            return {}
        boxes.append(near[0])
    order = sorted(range(len(boxes)), key=lambda k: boxes[k][0])
    if order == list(range(len(boxes))):
        return {}
    if any(boxes[a][1] > boxes[b][0] for a, b in itertools.pairwise(order)):
        return {}  # two headings over one another: their order is not certain
    tol = 0.3 * size
    texts: dict[int, str] = {}
    for i, line in enumerate(lines):
        kept, pieces = [], False
        for w in line:
            if any(_within((w["x0"], w["x1"], w["top"], w["bottom"]), b, tol) for b in boxes):
                pieces = True  # a heading's piece
                continue
            if any(w["x0"] < b[1] and b[0] < w["x1"] and w["top"] < b[3] and b[2] < w["bottom"] for b in boxes):
                return {}  # a word across a heading's place and more: the header's words are not told apart
            kept.append(w["text"])
        if pieces:
            texts[i] = " ".join(kept) if texts else " ".join([*kept, " | ".join(HEADINGS[k] for k in order)])
    return texts


def _active_blocks(lines: Sequence[Sequence[Word]], by_text: dict[str, list[Word]]) -> dict[int, str]:
    """Table 二's blocks of three columns (规章 and 规范性文件's; 2019's 行政许可 … 行政强制), each under its
    own header: every header printed once in its band of lines, its lines only its rows'."""
    texts: dict[int, str] = {}
    for headings, labels in ACTIVE_BLOCKS:
        solutions, size = _solutions(by_text, headings, BLOCK_HEADER_LINES, 20)
        if not solutions or len(solutions) >= 20:
            continue
        bands = [(min(q[2] for q in h), max(q[3] for q in h), h) for h in solutions]
        for top, bottom, heads in bands:
            if any(o is not heads and o_top < bottom and top < o_bottom for o_top, o_bottom, o in bands):
                continue  # more than one way to read this header: its columns are not certain
            start = next((i for i, line in enumerate(lines) if line[0]["top"] >= bottom - 0.3 * size), len(lines))
            below = min((t for t, _, _ in bands if t > bottom), default=float("inf"))  # the next block's header
            stop = next((i for i in range(start, len(lines)) if lines[i][0]["top"] >= below - 0.3 * size), len(lines))
            placed = _place(lines, start, stop, _columns(heads, size), size, labels)
            if placed is not None:
                texts.update(placed[0])
    return texts
