"""The intermediate form every reader produces: ordered text blocks and table grids.

Nothing after the readers knows the input format: the recognizer sees only a
:class:`Document`. Every cell and paragraph keeps where it came from.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING

import attrs

_HAN = re.compile(r"[\u3400-\u9fff]")

__all__ = [
    "MERGED_VALUE",
    "PAGE_FURNITURE",
    "Block",
    "Cell",
    "Document",
    "Location",
    "Paragraph",
    "Table",
    "join_cell_lines",
    "join_cell_words",
]

# Running page numbers and page counters that readers drop: "— 5 —", "- 5 -", "P. 8", "第 5 页 共 7 页", "5/7".
# The text of a cell merged down over rows that the rows below keep a copy of (readers of HTML
# and Word): a count or a blank (spaces, NBSP, zero-width characters). The recognizer names it.
MERGED_VALUE = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]*[0-9０-９]*[\s\u200b-\u200d\u2060\ufeff]*").fullmatch

PAGE_FURNITURE = re.compile(
    r"^\s*(?:[—－\-–]+\s*\d{1,3}\s*[—－\-–]+|P\.\s*\d{1,3}|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3})\s*$"
)


@attrs.frozen
class Location:
    """Where a piece of text came from.

    Text input: ``line`` and ``column`` (1-based). Grids: ``table``, ``row``,
    ``col`` (0-based). DOCX paragraphs: ``paragraph`` (1-based). PDF: ``page``
    (1-based) and ``bbox`` (x0, top, x1, bottom in points). Scans read by OCR:
    ``confidence`` (0-1, the recognizer's score for the text; None elsewhere).
    """

    line: int | None = attrs.field(default=None, kw_only=True)
    column: int | None = attrs.field(default=None, kw_only=True)
    table: int | None = attrs.field(default=None, kw_only=True)
    row: int | None = attrs.field(default=None, kw_only=True)
    col: int | None = attrs.field(default=None, kw_only=True)
    page: int | None = attrs.field(default=None, kw_only=True)
    paragraph: int | None = attrs.field(default=None, kw_only=True)
    bbox: tuple[float, float, float, float] | None = attrs.field(default=None, kw_only=True)
    confidence: float | None = attrs.field(default=None, kw_only=True)

    if not TYPE_CHECKING:  # (hidden from type checkers: every other attribute name stays an error)

        def __getattr__(self, name):
            # A Location made by line_column() holds its line and column only: the other
            # fields are None, set on first read. (Called only for a slot never set.)
            if name not in _OPTIONAL:
                raise AttributeError(f"'Location' object has no attribute '{name}'")
            object.__setattr__(self, name, None)  # and the read returns None

    def __str__(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}" + (f":{self.column}" if self.column is not None else ""))
        if self.paragraph is not None:
            parts.append(f"paragraph {self.paragraph}")
        if self.table is not None:
            parts.append(f"table {self.table} row {self.row} col {self.col}")
        if self.bbox is not None:
            parts.append("box " + ",".join(f"{v:.0f}" for v in self.bbox))
        if self.confidence is not None:
            parts.append(f"OCR confidence {self.confidence:.2f}")
        return ", ".join(parts) or "?"


_OPTIONAL = frozenset({"table", "row", "col", "page", "paragraph", "bbox", "confidence"})
_new = object.__new__
_set = object.__setattr__


def line_column(line: int | None, column: int | None) -> Location:
    """``Location(line=line, column=column)``, made in a quarter of the time: a text report's
    reader makes one for each of its cells (the other fields are filled in as None when read)."""
    loc = _new(Location)
    _set(loc, "line", line)
    _set(loc, "column", column)
    return loc


def join_cell_lines(pieces: Iterable[str | None]) -> str:
    """A table cell's text from its pieces in order, ``None`` where a line breaks (an HTML <br> or a
    block's edge, a Word paragraph or line break): joined as they are (a label or a heading wrapped
    over two lines is one; a number typed in two runs or spans is one), but digits on both sides of a
    break stay apart by a space ('2⏎7': one number or two cells' values, which the recognizer asks,
    as it asks a text cell '| 2⏎7 |'), in a cell with no Han character: a label's or a heading's
    digits (a note's '…_36⏎5…'), a number with its unit ('25⏎1000元'), run on as printed."""
    pieces = list(pieces)
    if any(_HAN.search(p) for p in pieces if p):
        return "".join(p for p in pieces if p is not None)
    out: list[str] = []
    last = ""  # the last character printed
    pending = False  # a break since it
    for piece in pieces:
        if piece is None:
            pending = True
            continue
        shown = piece.strip()
        if shown:
            apart = (out and out[-1][-1:].isspace()) or piece[:1].isspace()
            if pending and last.isdigit() and shown[0].isdigit() and not apart:
                out.append(" ")
            pending = False
            last = shown[-1]
        out.append(piece)
    return "".join(out)


def where_cut(source: str) -> str:
    """How a text or a page's markup ends: ``""`` with a line break or a closing tag, as a report's
    text (its prose, then a line break) and a page end; else it may be a copy of its first part,
    cut wherever the copy's length ran out: ``"word"`` inside a number or a word (its very last
    character a digit, a decimal point right after one, a letter or a Han character: a value cut
    short, or right after a row's label), ``"line"`` after a space or a cell border (cells after it
    may be cut off). A sentence's end (``。``) is an end."""
    if source[-1:] in (".", "．") and source[-2:-1].isdigit():
        return "word"
    if source[-1:].isalnum():  # (a Han character is alphanumeric too)
        return "word"
    return "line" if source[-1:] in (" ", "\t", "|", "\u3000", "\u00a0") else ""


Rect = tuple[float, float, float, float]  # x0, top, x1, bottom


def hard_breaks(lines: Sequence[Sequence[Rect]], cell: Rect) -> set[int]:
    """The lines of a table cell (its words' or boxes' rectangles, line by line, top to bottom, each
    left to right) after which the text breaks with room to spare: the next line's first word, a
    character more, would have fitted on the line within the cell's width less its padding. Not a
    wrap, then ('3⏎5' in a wide cell: two rows' values under a rule the page lost?); a number wrapped
    in a narrow cell fills its line to the padding.

    The padding is the least gap between the text and the cell's sides, on either side (a line that
    fills the cell shows it), but at most a character's height: no line of a centred '3⏎5' comes near
    the sides, and a cell's padding is not wider than its type is high. A character is the tallest
    word's height (a scan's boxes, drawn a little outside the writing, make every test here stricter).
    A wrap taken for a break leaves the cell's digits apart, which the recognizer names: a doubt
    said, not a number made."""
    if len(lines) < 2:
        return set()
    x0, _, x1, _ = cell
    sizes = [max(w[3] - w[1] for w in line) for line in lines]
    gap = min(min(line[0][0] for line in lines) - x0, x1 - max(line[-1][2] for line in lines))
    pad = min(max(gap, 0.0), max(sizes))
    room = x1 - x0 - 2 * pad
    hard = set()
    for k in range(len(lines) - 1):
        line, first = lines[k], lines[k + 1][0]
        if line[-1][2] - line[0][0] + first[2] - first[0] + sizes[k] <= room:
            hard.add(k)
    return hard


def join_cell_words(lines: Iterable[Iterable[str]], hard: Collection[int] = ()) -> str:
    """A PDF's or a scan's table cell from the words (or boxes) of its lines, top to bottom: words apart
    on one line are joined as :func:`join_cell_lines` joins pieces across a break (two numbers apart,
    '3 5' or '1 208', keep a space), and each line runs on into the next with nothing between (a
    label, or a number, wrapped in a narrow column: '25⏎1000元' is 251000元, as the page shows it),
    except after a line whose index is in ``hard``: a break that is no wrap (the next line's first
    word would have fitted on it), joined as a typed break is ('3⏎5' keeps a space)."""
    return join_cell_lines(
        piece
        for i, line in enumerate(lines)
        for k, word in enumerate(line)
        for piece in ((None, word) if k or (i - 1) in hard else (word,))
    )


@attrs.frozen
class Cell:
    """One grid cell. ``text`` is raw: ``""`` is no cell content at all (a
    collapsed separator), whitespace-only text is a printed blank cell.
    ``copy`` marks a position covered by a merged cell (rowspan/colspan) that
    starts elsewhere: the grid is expanded, but the text is counted once."""

    text: str
    loc: Location
    copy: bool = False


@attrs.frozen
class Paragraph:
    text: str
    loc: Location


@attrs.frozen
class Table:
    rows: tuple[tuple[Cell, ...], ...]
    loc: Location


Block = Paragraph | Table


@attrs.frozen
class Document:
    """A report as read: blocks in reading order, the format it came from, its name, and
    what its container says of it (``source_meta``: a page's ``<meta>`` publication date
    and canonical link, a PDF's creation date; keys ``published``, ``published_from``,
    ``source_url``). ``unread_pages``: pages of a scan with writing on them that OCR read
    nothing from, each with the reason measured on its image (page number from 1, reason).
    ``cut``: how the source ends (:func:`where_cut`): ``""`` as a report or a page ends, ``"word"``
    inside a number or a word, ``"line"`` after a space or a cell border of its last line: a copy
    of its first part, cut wherever the copy's length ran out, whose end may be cut short."""

    blocks: tuple[Block, ...]
    source_format: str
    name: str | None = None
    source_meta: tuple[tuple[str, str], ...] = ()
    unread_pages: tuple[tuple[int, str], ...] = ()
    cut: str = ""
