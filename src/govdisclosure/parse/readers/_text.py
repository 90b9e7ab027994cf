"""The text reader: a report as text (copied pages, crawler output, PDF/OCR text) to a Document.

Lines holding cell separators (``|`` or tabs) become table rows; other lines
become paragraphs (so does a line whose only tabs indent it: one cell on a line).
Markdown rule rows (``|---|``) and page furniture (``— 5 —``, ``P. 8``, ``第 5 页``)
are dropped. Whitespace-only lines become a one-cell row holding a blank cell: in one-cell-per-line copies that is
how an empty cell is printed. An empty line parts paragraphs; in a single-spaced text, each
more between two paragraphs is an empty paragraph (where an empty cell may have stood).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...exceptions import InputTooLargeError
from .._document import PAGE_FURNITURE, Block, Cell, Document, Location, Paragraph, Table, line_column, where_cut
from .._options import DEFAULT_MAX_CELLS

__all__ = ["read_text"]

_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\u00ad\ufeff]")


_CHUNK = 1 << 16


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` as ``str.splitlines()`` gives them, split a chunk of about 64 KiB at a
    time (at a newline), so that no list of every line of a large input is ever held."""
    pos, end = 0, len(text)
    while pos < end:
        cut = text.find("\n", pos + _CHUNK)
        cut = end if cut < 0 else cut + 1
        yield from text[pos:cut].splitlines()
        pos = cut


def _split_row(line: str, lineno: int) -> tuple[Cell, ...]:
    """Split a line into cells at ``|`` or tabs, keeping blank (whitespace) vs empty cells.

    Opening and closing bars are kept as empty cells at the ends: the stream
    lays the line out as printed, so that a lone ``|`` line between two value
    lines reads as a blank cell and a row closer does not (see ``_values``).
    """
    sep = "|" if "|" in line else "\t"
    cells: list[Cell] = []
    pos = 1
    # Cell(piece, line_column(lineno, pos)) with the objects made directly: the text reader
    # makes one cell and one Location per piece of every row (a fifth less time).
    new, put = _new, _set
    for piece in line.split(sep):
        loc = new(Location)
        put(loc, "line", lineno)
        put(loc, "column", pos)
        cell = new(Cell)
        put(cell, "text", piece)
        put(cell, "loc", loc)
        put(cell, "copy", False)
        cells.append(cell)
        pos += len(piece) + 1
    return tuple(cells)


_new = object.__new__
_set = object.__setattr__


_ROW, _BLANK, _PARAGRAPH, _EMPTY = 0, 1, 2, 3
_MAX_EMPTY = 16  # empty paragraphs kept for a run of empty lines: more than a row's cells (15)


def _indented(line: str) -> bool:
    """A line whose only tabs lead it, then text (no bar): one cell indented by tabs, as a
    copy of a page's source leaves each cell on a line of its own ('\\t\\t\\t951'). Tabs that
    lead a line are indentation there, not empty cells: the line is a paragraph (and a line of
    tabs alone is a blank, as a line of spaces is)."""
    rest = line.lstrip("\t")
    return "\t" not in rest and bool(rest.strip())


def _classify(text: str, max_cells: int) -> Iterator[tuple[int, int, str]]:
    """(line number, kind, line) of every line the reader keeps: a row (cells apart by ``|`` or
    tabs), a blank (whitespace only), or a paragraph; rules and page furniture are dropped.
    Cells plus paragraphs past ``max_cells``: InputTooLargeError."""
    budget = max_cells
    empty = 0  # empty lines right before this one
    last = _ROW  # the kind of the last line kept
    single: bool | None = None  # whether the text is single-spaced (asked once, when needed)
    for lineno, line in enumerate(_lines(text), start=1):
        if not line:
            empty += 1
            continue
        gap, empty = empty, 0
        # invisible characters (zero-width, soft hyphen, BOM) do not make a rule or a page
        # footer text: '|---\ufeff|---|' is a markdown rule, not three dash cells
        probe = _INVISIBLE.sub("", line) if _INVISIBLE.search(line) else line
        if "-" in probe and _RULE.match(probe):
            continue
        if PAGE_FURNITURE.match(probe):
            continue
        if "|" in line or ("\t" in line and line.strip() and not _indented(line)):
            budget -= line.count("|" if "|" in line else "\t") + 1
            kind = _ROW
        else:
            budget -= 1
            kind = _PARAGRAPH if line.strip() else _BLANK
        if gap > 1 and kind == last == _PARAGRAPH:
            if single is None:
                single = _single_spaced(text)
            if single:
                # Two empty lines or more between two paragraphs of a text whose lines otherwise
                # follow one another: in a copy with each cell on a line of its own and rows
                # apart by an empty line, where a row's empty cells stood ('7.属于行政执法案卷'
                # then eight empty lines: seven empty cells). Each past the first is kept as an
                # empty paragraph (up to _MAX_EMPTY), so the recognizer sees how many cells the
                # run could have held.
                for k in range(lineno - min(gap - 1, _MAX_EMPTY), lineno):
                    budget -= 1
                    yield k, _EMPTY, ""
        last = kind
        if budget < 0:
            raise InputTooLargeError(
                f"the text holds more than {max_cells} cells and paragraphs (ParseOptions.max_cells)"
            )
        yield lineno, kind, line


def _single_spaced(text: str) -> bool:
    """Whether fewer than one line in three of ``text`` is empty: lines follow one another, and
    empty lines part rows or paragraphs (a text spaced by empty lines throughout has about as
    many empty lines as others)."""
    empty = full = 0
    for line in _lines(text):
        if line:
            full += 1
        else:
            empty += 1
    return empty * 2 < full


def read_text(text: str, name: str | None = None, *, max_cells: int = DEFAULT_MAX_CELLS) -> Document:
    """Read a report given as text into a :class:`Document`.

    Cells plus paragraphs are bounded by ``max_cells`` (ParseOptions.max_cells): past it,
    InputTooLargeError. Lines are read one at a time, so memory stays a small multiple
    of the input plus what the bound allows.
    """
    blocks: list[Block] = []
    rows: list[tuple[Cell, ...]] = []
    table_start = 0
    for lineno, kind, line in _classify(text, max_cells):
        if kind == _ROW:
            if not rows:
                table_start = lineno
            rows.append(_split_row(line, lineno))
        elif kind == _BLANK:
            # A whitespace-only line: a blank cell in one-cell-per-line copies.
            if not rows:
                table_start = lineno
            rows.append((Cell(" ", line_column(lineno, 1)),))
        elif kind == _EMPTY:
            # empty lines where cells may have stood: an empty paragraph (never inside a table)
            blocks.append(Paragraph("", line_column(lineno, 1)))
        else:
            if rows:
                blocks.append(Table(tuple(rows), Location(line=table_start)))
                rows = []
            stripped = line.lstrip("# \t").rstrip()
            col = len(line) - len(line.lstrip("# \t")) + 1
            blocks.append(Paragraph(stripped, line_column(lineno, col)))
    if rows:
        blocks.append(Table(tuple(rows), Location(line=table_start)))
    return Document(tuple(blocks), "text", name, cut=where_cut(text))
