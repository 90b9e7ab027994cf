"""The Document laid out as one text stream, folded for matching, with offsets mapped back to locations."""

from __future__ import annotations

import bisect

import attrs

from ._document import Document, Location, Paragraph, Table
from ._normalize import Folded, fold

_SEP = "|\t\n"
_PUNCT = "\\s、,，.．;；:：\"'“”‘’()（）《》<>〈〉\\[\\]/"
_GAP = f"[{_PUNCT}]*"
_CN_NUM = "一二三四五六七八九十"


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
                    last = len(row) - 1
                    for k, cell in enumerate(row):
                        if cell.copy:
                            continue  # a merged cell is read once, where it starts
                        if not first:
                            parts.append("|")
                            pos += 1
                        first = False
                        text = cell.text.replace("|", "/").replace("\n", " ")
                        if text_source and last and k in (0, last) and not text.strip():
                            text = ""  # space outside a text row's edge bars is not a cell
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
