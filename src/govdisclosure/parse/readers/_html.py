"""The HTML reader: a web page (or a Word/CMS export) to a Document.

Tables become grids with rowspan/colspan expanded (copies of a merged cell are
marked, so nothing downstream counts them twice); cell text is gathered from
nested p/span/font chains and ``<br>``; paragraphs outside tables become text
blocks. Scripts, styles and comments are dropped; entities are never resolved
from outside and nothing is fetched. Needs lxml (the ``[html]`` extra).
"""

from __future__ import annotations

import re
from typing import Any

from ...exceptions import InputTooLargeError, ParseError, UnsupportedFormatError
from .._document import MERGED_VALUE, Block, Cell, Document, Location, Paragraph, Table, join_cell_lines, where_cut
from .._options import DEFAULT_MAX_CELLS

__all__ = ["decode_html", "read_html"]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "ul",
        "title",
        "caption",
    ]
)
_SKIP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "iframe",
        "object",
        "embed",
        "svg",
        "template",
        "select",
        "option",
        "button",
        "head",
    ]
)
_MAX_EMPTY = 16  # empty paragraphs kept for a run of them: more than a row's cells (15)
_WS = re.compile(r"[ \t\r\n\f\v\u00a0\u3000]+")
_CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])")


def decode_html(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode an HTML page: override, BOM, ``<meta charset>``, UTF-8, then GB18030/detection."""
    from ._decode import decode

    if encoding is None and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        m = _META_CHARSET.search(data[:8192])
        if m:
            declared = m.group(1).decode("ascii", "replace").lower()
            if declared in ("gbk", "gb2312", "gb_2312-80", "x-gbk", "gb18030"):
                declared = "gb18030"  # superset: pages labelled gb2312 use GBK characters
            try:
                return data.decode(declared), declared
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong label: detect instead
    return decode(data, encoding)


def _lxml() -> Any:
    try:
        import lxml.html
    except ImportError:  # pragma: no cover - depends on the environment
        raise UnsupportedFormatError("reading HTML needs lxml: pip install 'govdisclosure[html]'") from None
    return lxml.html


# zero-width and direction marks, soft hyphen, BOM: nothing printed (fold drops them later)
_EDGE = " \u200b\u200c\u200d\u200e\u200f\u2060\u00ad\ufeff"


def _clean(text: str) -> str:
    return _WS.sub(" ", text).strip(_EDGE)


def _cell_text(el: Any, tostring: Any) -> str:
    """Text of a table cell: spans and fonts joined as they are, <br> and block children too, as
    :func:`join_cell_lines` joins them ('2<br>7' and '<p>2</p><p>7</p>' keep a space)."""
    if not any(_breaks(d) for d in el.iterdescendants()):
        text = _clean(tostring(el, method="text", encoding="unicode", with_tail=False))
    else:
        parts: list[str | None] = []
        _cell_pieces(el, parts, top=True)
        text = _clean(join_cell_lines(parts))
    return _CJK_GAP.sub("", text)


def _breaks(el: Any) -> bool:
    return isinstance(el.tag, str) and (el.tag.lower() == "br" or el.tag.lower() in _BLOCK)


def _cell_pieces(el: Any, parts: list[str | None], top: bool = False) -> None:
    """The cell's text as ``tostring(method="text")`` gives it, with a None at each <br> and block edge."""
    element = isinstance(el.tag, str)  # comments and processing instructions: only their tails
    brk = element and _breaks(el) and not top
    if brk:
        parts.append(None)
    if element and el.text:
        parts.append(el.text)
    if element:
        for child in el:
            _cell_pieces(child, parts)
    if brk:
        parts.append(None)
    if not top and el.tail:
        parts.append(el.tail)


class _Walker:
    def __init__(self, max_cells: int = DEFAULT_MAX_CELLS) -> None:
        self.blocks: list[Block] = []
        self.buf: list[str] = []
        self.buf_line: int | None = None
        self.tables = 0
        self.budget = max_cells
        self.max_cells = max_cells
        self.empty = 0  # empty paragraphs (<p>&nbsp;</p>) since the last block
        self.empty_line: int | None = None
        self.empties = self.paragraphs = 0  # empty paragraphs and others, all told

    def spend(self, n: int) -> None:
        """Count grid positions and paragraphs against ParseOptions.max_cells."""
        self.budget -= n
        if self.budget < 0:
            raise InputTooLargeError(
                f"the page's tables and paragraphs would expand to more than {self.max_cells} cells "
                "(rowspan/colspan counted in full; ParseOptions.max_cells)"
            )

    def flush(self) -> None:
        text = _clean("".join(self.buf))
        if text:
            if self.empty > 1 and self.blocks and isinstance(self.blocks[-1], Paragraph):
                # Empty paragraphs between two paragraphs, two or more: in a table pasted as a
                # paragraph a cell, where empty cells stood. Kept (at most _MAX_EMPTY), so the
                # recognizer sees how many cells the run could have held.
                for _ in range(min(self.empty, _MAX_EMPTY)):
                    self.spend(1)
                    self.blocks.append(Paragraph("", Location(line=self.empty_line)))
            self.empty = 0
            self.paragraphs += 1
            self.spend(1)
            self.blocks.append(Paragraph(text, Location(line=self.buf_line)))
        self.buf = []
        self.buf_line = None

    def add(self, text: str | None, line: int | None) -> None:
        if text:
            if self.buf_line is None and text.strip():
                self.buf_line = line
            self.buf.append(text)

    def walk(self, el: Any, depth: int = 0) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if not tag or tag in _SKIP:
            return
        if tag == "table":
            self.flush()
            if _is_layout_table(el):
                # A page laid out with a table around the article: its cells are containers.
                for cell in el.iter("td", "th"):
                    if _own_table(cell) is el:
                        self.walk(cell, depth + 1)
                        self.flush()
                return
            self.table(el)
            self.empty = 0
            return
        if tag == "br":
            self.flush()
            return
        block = tag in _BLOCK or depth > 400
        if block:
            self.flush()
        before = len(self.blocks)
        self.add(el.text, el.sourceline)
        for child in el:
            self.walk(child, depth + 1)
            self.add(child.tail, child.sourceline)
        if block:
            self.flush()
            if tag == "p" and len(self.blocks) == before:
                if not self.empty:
                    self.empty_line = el.sourceline
                self.empty += 1
                self.empties += 1

    def table(self, el: Any) -> None:
        from lxml.etree import tostring

        index = self.tables
        self.tables += 1
        grid: dict[tuple[int, int], Cell] = {}
        rows = [tr for tr in el.iter("tr") if _own_table(tr) is el]
        for r, tr in enumerate(rows):
            c = 0
            for td in tr:
                tag = td.tag
                if not isinstance(tag, str) or tag.lower() not in ("td", "th"):
                    continue
                while (r, c) in grid:
                    c += 1
                rowspan = _span(td.get("rowspan"))
                colspan = _span(td.get("colspan"))
                self.spend(rowspan * colspan)
                loc = Location(table=index, row=r, col=c, line=td.sourceline)
                text = _cell_text(td, tostring) or " "
                grid[(r, c)] = Cell(text, loc)
                if rowspan > 1 or colspan > 1:
                    copy = Cell("", loc, True)  # positions a merged cell covers; read once, where it starts
                    # a value cell merged down over rows below (a number or a blank, not in the
                    # first column): each row keeps a cell there, holding the value's text, so its
                    # other values are not shifted left; the recognizer names such values
                    below = Cell(text, loc, True) if c and colspan == 1 and MERGED_VALUE(text) else copy
                    for dr in range(rowspan):
                        for dc in range(colspan):
                            if dr or dc:
                                grid.setdefault((r + dr, c + dc), below if dr and not dc else copy)
                c += colspan
        if not grid:
            return
        n_rows = max(r for r, _ in grid) + 1
        out: list[list[Cell]] = [[] for _ in range(n_rows)]
        for key in sorted(grid):
            out[key[0]].append(grid[key])
        self.blocks.append(Table(tuple(tuple(row) for row in out), Location(table=index, line=el.sourceline)))


def _span(value: str | None) -> int:
    try:
        n = int(str(value).strip()) if value is not None else 1
    except ValueError:
        return 1
    return min(max(n, 1), 200)


def _is_layout_table(table: Any) -> bool:
    """A table used for page layout: it holds another table."""
    return table.find(".//table") is not None


def _own_table(tr: Any) -> Any:
    node = tr.getparent()
    while node is not None and (not isinstance(node.tag, str) or node.tag.lower() != "table"):
        node = node.getparent()
    return node


_DEPTH = re.compile(r"excessive depth", re.IGNORECASE)


def _refuse_fatal(parser: Any) -> None:
    """libxml2 stops at its resource limits (nesting depth, a 10 MB attribute or text run) and keeps
    what it read so far: say so instead of returning a page with its rest silently dropped."""
    for err in parser.error_log:
        if err.level_name != "FATAL":
            continue
        message = " ".join(str(err.message).split())
        if _DEPTH.search(message):
            raise ParseError(
                f"the HTML nests elements deeper than libxml2's limit of 256 levels (line {err.line}): "
                "everything below that depth would be dropped, so the page is not read"
            )
        if err.type_name == "ERR_RESOURCE_LIMIT" or "huge" in message.lower():
            raise ParseError(
                f"the HTML holds an attribute or text run too long for the parser (over 10,000,000 bytes, "
                f"line {err.line}): the rest of the page would be dropped, so it is not read ({message})"
            )


def read_html(text: str, name: str | None = None, *, max_cells: int = DEFAULT_MAX_CELLS) -> Document:
    """Read an HTML page (already decoded) into a :class:`Document`."""
    _lxml()
    from lxml import etree

    # The tree costs a few hundred bytes per element: bound the elements before building it.
    max_tags = 5 * max_cells
    tags = text.count("<")
    if tags > max_tags:
        raise InputTooLargeError(f"the page holds {tags} tags, more than {max_tags} (5 × ParseOptions.max_cells)")
    # lxml.etree's parser (not lxml.html's): plain elements, no per-element class lookup.
    parser = etree.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, recover=True, huge_tree=False, encoding="utf-8"
    )
    try:
        root = etree.fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ParseError(f"cannot read the HTML: {exc}") from None
    _refuse_fatal(parser)
    if root is None:
        return Document((), "html", name)
    walker = _Walker(max_cells)
    title = root.find(".//title")
    if title is not None and title.text and title.text.strip():
        line = title.sourceline if isinstance(title.sourceline, int) else None
        walker.blocks.append(Paragraph(_clean(title.text), Location(line=line)))
    body = root.find(".//body")
    walker.walk(body if body is not None else root)
    walker.flush()
    blocks = walker.blocks
    if walker.empties * 2 >= walker.paragraphs:
        # a page spaced by empty paragraphs throughout: they are layout, not cells
        blocks = [b for b in blocks if not isinstance(b, Paragraph) or b.text]
    # (white space after the last tag: ended, as a page ends)
    return Document(tuple(blocks), "html", name, cut=where_cut(text.rstrip()))
