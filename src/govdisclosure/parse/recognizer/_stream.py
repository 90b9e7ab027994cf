"""The Document laid out as one text stream, folded for matching, with offsets mapped back to locations."""

from __future__ import annotations

import bisect
from collections.abc import Callable

from .._document import Document, Location, Paragraph, Table, line_column, where_cut
from .._normalize import _DROPPED, Folded, char_mapper, fold
from .._options import DEFAULT_MAX_CELLS
from ..readers._text import _BLANK, _EMPTY, _ROW, _classify, read_text

# what a cell may hold and still print nothing: whitespace and the characters fold drops
_INVISIBLE = " \t\r\n\f\v\u00a0\u3000" + "".join(chr(c) if isinstance(c, int) else c for c in _DROPPED)

_SEP = "|\t\n"
# Label matching runs on the folded text with the CJK punctuation folding leaves (、《》〈〉)
# mapped one for one to ASCII: every class of punctuation in the label regexes is then
# ASCII only, which the regex compiler builds in microseconds (a class holding a character
# past U+00FF costs it a 64K-entry map, ~0.1 ms, and the labels hold about 800 such gaps).
KEY_FOLD = str.maketrans({"、": ",", "《": "<", "》": ">", "〈": "<", "〉": ">"})
_key_fold = char_mapper(KEY_FOLD)
_PUNCT = "\\s,.;:\"'()<>\\[\\]/"
_GAP = f"[{_PUNCT}]*"
_CN_NUM = "一二三四五六七八九十"


def key_text(text: str) -> str:
    """Folded text as the label regexes read it (same length and offsets): see KEY_FOLD."""
    return _key_fold(text)


def _edge_tabs(piece: str) -> str:
    """A cell of a text row split at bars with the tabs at its edges made spaces (same length):
    tabs that indent a cell on its line ('|\\n\\t\\t\\t0  |') are whitespace inside the cell, not
    separators (in the stream a tab separates cells), so they never make a blank cell."""
    core = piece.strip(" \t")
    if not core:
        return piece.replace("\t", " ")
    head = piece.index(core[0])
    tail = head + len(core)
    return piece[:head].replace("\t", " ") + core + piece[tail:].replace("\t", " ")


class _Stream:
    """The document laid out as text, with a map from offsets to locations."""

    def __init__(self, doc: Document | TextLayout) -> None:
        if isinstance(doc, TextLayout):
            self._from_layout(doc)
            return
        parts: list[str] = []
        starts: list[int] = []  # where each block or cell starts in the stream, its location, and
        locs: list[Location] = []  # whether it is text input (columns counted from there on)
        texts: list[bool] = []
        pos = 0
        self.merged: list[tuple[int, int]] = []  # raw spans of values merged over rows
        # typed documents (HTML, Word): a paragraph or a grid cell is what the author typed in one
        # place; digits are never glued there across cells as a PDF's text layer glues them
        self.typed = doc.source_format in ("html", "docx", "doc")
        text_source = doc.source_format == "text"
        self.text_input = text_source
        self.cut = doc.cut  # how the source ends: "" whole, "word" or "line" cut (Document.cut)
        # bound once: the loop below runs once per cell of the document
        add_part, add_start, add_loc, add_text = parts.append, starts.append, locs.append, texts.append
        for block in doc.blocks:
            if isinstance(block, Paragraph):
                add_start(pos)
                add_loc(block.loc)
                add_text(True)
                add_part(block.text + "\n")
                pos += len(block.text) + 1
            elif isinstance(block, Table):
                # a value merged down over rows (a copy with text: see the HTML reader): where it
                # starts and where its copies stand are named by the recognizer
                down = {id(c.loc) for row in block.rows for c in row if c.copy and c.text}
                for row in block.rows:
                    first = True
                    last = len(row) - 1
                    for k, cell in enumerate(row):
                        if cell.copy and not cell.text:
                            continue  # a merged cell is read once, where it starts
                        if not first:
                            add_part("|")
                            pos += 1
                        first = False
                        text = cell.text
                        if "|" in text or "\n" in text:
                            text = text.replace("|", "/").replace("\n", " ")
                        if text_source and "\t" in text:
                            text = _edge_tabs(text)
                        if text_source and last and k in (0, last) and not text.strip(_INVISIBLE):
                            text = ""  # space outside a text row's edge bars is not a cell
                        if not text_source and (not text or not text.strip(_INVISIBLE)):
                            text = " "  # an empty grid cell (or one of invisible characters) is a printed blank
                        if down and id(cell.loc) in down:
                            self.merged.append((pos, pos + len(text)))
                        add_start(pos)
                        add_loc(cell.loc)
                        add_text(text_source)
                        add_part(text)
                        pos += len(text)
                    add_part("\n")
                    pos += 1
        self._starts = starts
        self._locs: list[Location] | None = locs
        self._is_text = texts
        self._finish("".join(parts))

    def _from_layout(self, layout: TextLayout) -> None:
        """The stream of a text report read straight from its lines: see TextLayout."""
        self.text_input = True
        self.cut = layout.cut
        self.merged = []
        self.typed = False
        self._starts = layout.starts
        self._locs = None  # every block is text: its line and column are in the layout
        self._lines = layout.lines
        self._cols = layout.cols
        self._finish(layout.raw)

    def _finish(self, raw: str) -> None:
        self.raw = raw
        self.folded: Folded = fold(self.raw)
        self.text = self.folded.text
        self.keys = key_text(self.text)
        self._block_text: dict[int, str] = {}  # str() of a block's or cell's own Location

    def _block(self, i: int) -> tuple[int, int]:
        """The block or cell holding normalised offset ``i`` (-1: before any), and the offset in the raw text."""
        o = self.folded.orig(i)
        return bisect.bisect_right(self._starts, o) - 1, o

    def alone(self, start: int, end: int) -> bool:
        """Whether normalised ``start``..``end`` is the whole text of its paragraph or grid cell
        (around it only what prints nothing) in a typed document (HTML, Word)."""
        if not self.typed:
            return False
        k, o = self._block(start)
        if k < 0:
            return False
        z = self.folded.orig(end)
        nxt = self._starts[k + 1] if k + 1 < len(self._starts) else len(self.raw)
        return not self.raw[self._starts[k] : o].strip(_INVISIBLE) and not self.raw[z:nxt].strip(_INVISIBLE + "|")

    def in_grid_cell(self, i: int) -> bool:
        """Whether normalised offset ``i`` lies in a grid cell of a document's table (HTML, Word,
        PDF), not in a paragraph or a line of text."""
        if self._locs is None:
            return False
        k, _ = self._block(i)
        return k >= 0 and not self._is_text[k]

    def from_text(self, i: int) -> bool:
        """Whether normalised offset ``i`` lies in text input (a line break there is one printed:
        in an HTML or DOCX document it only ends a paragraph or a row, never breaks a cell)."""
        k, _ = self._block(i)
        return k >= 0 and (self._locs is None or self._is_text[k]) and self.text_input

    def loc(self, i: int) -> Location:
        """Location of normalised offset ``i``."""
        k, o = self._block(i)
        if k < 0:
            return Location()
        if self._locs is None:
            return line_column(self._lines[k], self._cols[k] + (o - self._starts[k]))
        loc = self._locs[k]
        if self._is_text[k] and loc.column is not None:
            return line_column(loc.line, loc.column + (o - self._starts[k]))
        return loc

    def where(self, i: int) -> str:
        """``str(self.loc(i))``, without building the Location (a batch writes one per cell)."""
        k, o = self._block(i)
        if k < 0:
            return str(Location())
        if self._locs is None:
            return f"line {self._lines[k]}:{self._cols[k] + (o - self._starts[k])}"
        loc = self._locs[k]
        if self._is_text[k] and loc.column is not None:
            if loc.line is None:
                return str(line_column(None, loc.column + (o - self._starts[k])))
            return f"line {loc.line}:{loc.column + (o - self._starts[k])}"
        text = self._block_text.get(k)
        if text is None:
            text = self._block_text[k] = str(loc)
        return text

    def snippet(self, start: int, end: int) -> str:
        return self.raw[self.folded.orig(start) : self.folded.orig(end)]


class TextLayout:
    """A text report laid out as the recognizer's stream, read straight from its lines.

    What ``_Stream`` makes of ``read_text``'s Document, without the Document: ``raw`` (each
    paragraph, and each row's cells joined by ``|``, a line each), and for every paragraph
    and cell its offset in ``raw`` (``starts``), its line and column. ``has_content``: any
    text but whitespace; ``chars``: the characters of all paragraphs and cells (the Document's
    bound). The Document itself is made only when asked (``document``), as ``read_text``
    makes it. A test holds the two equal on the fixtures and on generated texts.
    """

    source_format = "text"
    source_meta: tuple[tuple[str, str], ...] = ()
    unread_pages: tuple[tuple[int, str], ...] = ()

    def __init__(self, text: str, name: str | None = None, *, max_cells: int = DEFAULT_MAX_CELLS) -> None:
        self.name = name
        self._text = text
        self._max_cells = max_cells
        self._document: Document | None = None
        parts: list[str] = []
        starts: list[int] = []
        lines: list[int] = []
        cols: list[int] = []
        pos = chars = 0
        content = False
        add_part, add_start, add_line, add_col = parts.append, starts.append, lines.append, cols.append
        for lineno, kind, line in _classify(text, max_cells):
            if kind == _ROW:
                pieces = line.split("|" if "|" in line else "\t")
                last = len(pieces) - 1
                col = 1
                for k, piece in enumerate(pieces):
                    if k:
                        add_part("|")
                        pos += 1
                    # (no '|' or line break in a piece: '|' splits the line when it holds one)
                    cell = _edge_tabs(piece) if "\t" in piece else piece
                    if last and (k == 0 or k == last) and not piece.strip(_INVISIBLE):
                        cell = ""  # space outside a text row's edge bars is not a cell
                    add_start(pos)
                    add_line(lineno)
                    add_col(col)
                    add_part(cell)
                    pos += len(cell)
                    col += len(piece) + 1
                    if not content and piece.strip():
                        content = True
                add_part("\n")
                pos += 1
                chars += len(line) - last
            elif kind == _EMPTY:
                add_start(pos)  # an empty paragraph: a line of its own, empty
                add_line(lineno)
                add_col(1)
                add_part("\n")
                pos += 1
            elif kind == _BLANK:
                add_start(pos)
                add_line(lineno)
                add_col(1)
                add_part(" \n")
                pos += 2
                chars += 1
            else:
                stripped = line.lstrip("# \t").rstrip()
                add_start(pos)
                add_line(lineno)
                add_col(len(line) - len(line.lstrip("# \t")) + 1)
                add_part(stripped + "\n")
                pos += len(stripped) + 1
                chars += len(stripped)
                if not content and stripped.strip():
                    content = True
        self.raw = "".join(parts)
        self.starts = starts
        self.lines = lines
        self.cols = cols
        self.has_content = content
        self.chars = chars
        self.cut = where_cut(text)  # as read_text says it (Document.cut)

    @property
    def document(self) -> Document:
        """The Document ``read_text`` reads from the same text (made once, when first asked)."""
        if self._document is None:
            self._document = read_text(self._text, self.name, max_cells=self._max_cells)
        return self._document

    def __reduce__(self) -> tuple[Callable[[Document], Document], tuple[Document]]:
        return (_same, (self.document,))  # pickled as its Document


def _same(doc: Document) -> Document:
    return doc
