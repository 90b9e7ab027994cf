"""The DOCX reader: a Word file to a Document.

Tables become grids with gridSpan and vMerge expanded (copies marked, as in
HTML); paragraphs become text blocks in body order. Only ``word/document.xml``
is read, inflated here with a running byte budget (ParseOptions.max_inflated):
the sizes in the zip headers are used to refuse early, never trusted to bound
the work. The XML is parsed with entities unresolved and nothing fetched. A
truncated or non-zip file, or one past a budget, is refused with ParseError.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from typing import Any

from ...exceptions import InputTooLargeError, ParseError
from .._document import MERGED_VALUE, Block, Cell, Document, Location, Paragraph, Table, join_cell_lines
from .._options import DEFAULT_MAX_CELLS, DEFAULT_MAX_INFLATED, ParseOptions

__all__ = ["MAX_INFLATED", "check_zip", "read_docx"]

MAX_INFLATED = DEFAULT_MAX_INFLATED  # bytes inflated from the parts read (ParseOptions.max_inflated)
MAX_RATIO = 200  # inflated / compressed, for any member over 1 MiB
MAX_MEMBERS = 5000
_DOCUMENT = "word/document.xml"


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        EOFError,
        struct.error,
        NotImplementedError,  # a zip version or feature zipfile does not know (a damaged header)
    ) as exc:
        raise ParseError(f"not a readable .docx (zip) file: {exc}") from None


def check_zip(data: bytes, max_inflated: int = MAX_INFLATED) -> None:
    """Refuse early a container that is not a zip, is truncated, or declares too much to inflate."""
    with _open_zip(data) as z:
        _check_infos(z.infolist(), max_inflated)


def _check_infos(infos: list[zipfile.ZipInfo], max_inflated: int) -> zipfile.ZipInfo:
    if len(infos) > MAX_MEMBERS:
        raise InputTooLargeError(f"the .docx holds {len(infos)} parts, more than {MAX_MEMBERS}")
    for i in infos:
        if i.file_size > 1024 * 1024 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise InputTooLargeError(f"the .docx part {i.filename} inflates {i.file_size // max(i.compress_size, 1)}x")
    doc = next((i for i in infos if i.filename == _DOCUMENT), None)
    if doc is None:
        raise ParseError("the zip file is not a Word document (no word/document.xml)")
    if doc.file_size > max_inflated:
        raise InputTooLargeError(
            f"the .docx would inflate its {_DOCUMENT} to {doc.file_size} bytes, over the bound of {max_inflated}"
        )
    return doc


def _inflate(data: bytes, info: zipfile.ZipInfo, budget: int) -> bytes:
    """A member's bytes, inflated here and counted as they come out, whatever its headers say."""
    off = info.header_offset
    if off < 0 or data[off : off + 4] != b"PK\x03\x04":
        raise ParseError(f"not a readable .docx (zip) file: no local header for {info.filename}")
    if info.flag_bits & 0x1:
        raise ParseError("the .docx is encrypted; give an unencrypted copy")
    name_len, extra_len = struct.unpack("<HH", data[off + 26 : off + 30])
    start = off + 30 + name_len + extra_len
    raw = memoryview(data)[start : start + info.compress_size] if info.compress_size else memoryview(data)[start:]
    too_big = InputTooLargeError(f"the .docx part {info.filename} inflates past the bound of {budget} bytes")
    if info.compress_type == zipfile.ZIP_STORED:
        if len(raw) > budget:
            raise too_big
        out = bytes(raw)
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        d = zlib.decompressobj(-15)
        chunks: list[bytes] = []
        total = 0
        pending: bytes | memoryview = raw
        try:
            while not d.eof:
                chunk = d.decompress(pending, 1 << 20)
                pending = d.unconsumed_tail
                total += len(chunk)
                if total > budget:
                    raise too_big
                chunks.append(chunk)
                if not chunk and not pending:
                    break
        except zlib.error as exc:
            raise ParseError(f"not a readable .docx: {info.filename} does not inflate ({exc})") from None
        if not d.eof:
            raise ParseError(f"not a readable .docx: {info.filename} is truncated")
        out = b"".join(chunks)
    else:
        raise ParseError(f"the .docx part {info.filename} uses an unsupported compression ({info.compress_type})")
    if zlib.crc32(out) != info.CRC:
        raise ParseError(f"not a readable .docx: {info.filename} is damaged (bad CRC-32)")
    return out


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _plain(el: Any, tabs: bool = False) -> str:
    """All w:t text under an element (runs and paragraphs joined as printed); with ``tabs``, a run's
    tab (w:tab, w:ptab) as a tab character: a table typed as paragraphs of tab-separated cells
    ('一、本年新收政府信息公开申请数量⇥21⇥3⇥0…') otherwise ran its numbers together ('213012027'). Tab
    stops (w:tab in a paragraph's properties) are not text."""
    if not tabs:
        return "".join(t.text or "" for t in el.iter(f"{_W}t")).replace("\u3000", " ").strip()
    run = f"{_W}r"
    out = [
        (t.text or "") if t.tag == f"{_W}t" else "\t"
        for t in el.iter(f"{_W}t", f"{_W}tab", f"{_W}ptab")
        if t.tag == f"{_W}t" or t.getparent().tag == run
    ]
    return "".join(out).replace("\u3000", " ").strip(" \n")


def _cell_plain(tc: Any) -> str:
    """A table cell's text: its runs and paragraphs as :func:`join_cell_lines` joins them, a paragraph's
    edge or a line break (w:br, w:cr) a break between lines."""
    breaks = (f"{_W}p", f"{_W}br", f"{_W}cr")
    pieces = (None if el.tag in breaks else (el.text or "") for el in tc.iter(f"{_W}t", *breaks))
    return join_cell_lines(pieces).replace("\u3000", " ").strip()


class _Budget:
    def __init__(self, max_cells: int) -> None:
        self.left = max_cells
        self.max_cells = max_cells

    def spend(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise InputTooLargeError(
                f"the .docx's tables and paragraphs would expand to more than {self.max_cells} cells "
                "(gridSpan counted in full; ParseOptions.max_cells)"
            )


def read_docx(data: bytes, name: str | None = None, options: ParseOptions | None = None) -> Document:
    """Read a .docx file's bytes into a :class:`Document`."""
    max_inflated = options.max_inflated if options else MAX_INFLATED
    budget = _Budget(options.max_cells if options else DEFAULT_MAX_CELLS)
    with _open_zip(data) as z:
        info = _check_infos(z.infolist(), max_inflated)
    xml = _inflate(data, info, max_inflated)
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(xml, parser=parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise ParseError(f"cannot open the .docx: {_DOCUMENT} is not well-formed XML ({exc})") from None
    del xml
    body = root.find(f"{_W}body")
    if body is None:
        raise ParseError(f"cannot open the .docx: {_DOCUMENT} has no w:body")
    blocks: list[Block] = []
    counts = [0, 0]  # paragraphs, tables

    def read(container: Any, depth: int) -> None:
        for child in _content(container):
            if child.tag == f"{_W}p":
                counts[0] += 1
                text = _plain(child, tabs=True)
                if text.strip():
                    budget.spend(1)
                    blocks.append(Paragraph(text, Location(paragraph=counts[0])))
            elif child.tag == f"{_W}tbl":
                if depth < MAX_NESTING and _holds_tables(child):
                    for tr in _content(child, f"{_W}tr"):
                        for tc in _content(tr, f"{_W}tc"):
                            read(tc, depth + 1)
                    continue
                blocks.append(_table(child, counts[1], budget))
                counts[1] += 1

    read(body, 0)
    return Document(tuple(blocks), "docx", name)


MAX_NESTING = 8  # tables inside tables read through for content, at most this deep
# Elements that only wrap content: a content control (w:sdt, its w:sdtContent), custom XML markup
# (w:customXml). Word's templates and document systems wrap paragraphs, tables, rows and cells in them.
_WRAPPERS = frozenset({f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"})


def _content(el: Any, tag: str | None = None) -> Any:
    """``el``'s children (those with ``tag``), read through the elements that only wrap content: a
    table or a row inside a content control is the document's, not left out."""
    for child in el.iterchildren():
        if child.tag in _WRAPPERS:
            yield from _content(child, tag)
        elif tag is None or child.tag == tag:
            yield child


def _holds_tables(tbl: Any) -> bool:
    """Whether a table only lays its content out: one column, a table inside a cell (a report's
    page set in a one-cell frame). Its cells' paragraphs and tables are read as the body's are,
    not glued into one cell's text."""
    rows = list(_content(tbl, f"{_W}tr"))
    if not rows or any(len(list(_content(tr, f"{_W}tc"))) != 1 for tr in rows):
        return False
    return any(next(_content(tc, f"{_W}tbl"), None) is not None for tr in rows for tc in _content(tr, f"{_W}tc"))


def _int_attr(el: Any, default: int) -> int:
    if el is None:
        return default
    try:
        return max(1, min(int(el.get(f"{_W}val", default)), 200))
    except ValueError:
        return default


def _table(tbl: Any, index: int, budget: _Budget) -> Table:
    """A w:tbl as a grid: gridSpan repeats a cell across, vMerge="continue" repeats the one above."""
    rows: list[tuple[Cell, ...]] = []
    above: dict[int, Cell] = {}
    for r, tr in enumerate(_content(tbl, f"{_W}tr")):
        cells: list[Cell] = []
        col = 0
        for tc in _content(tr, f"{_W}tc"):
            pr = tc.find(f"{_W}tcPr")
            span = _int_attr(pr.find(f"{_W}gridSpan") if pr is not None else None, 1)
            vmerge = pr.find(f"{_W}vMerge") if pr is not None else None
            continued = vmerge is not None and vmerge.get(f"{_W}val", "continue") == "continue"
            budget.spend(span)
            for k in range(span):
                loc = Location(table=index, row=r, col=col + k)
                origin = above.get(col) if continued and k == 0 and col > 0 and span == 1 else None
                if origin is not None and origin.text and MERGED_VALUE(origin.text):
                    # a count or a blank merged down (vMerge): the row keeps a copy of it, where
                    # it starts, so its other values are not shifted left (the recognizer names it)
                    cell = Cell(origin.text, origin.loc, copy=True)
                elif continued or k > 0:
                    cell = Cell("", loc, copy=True)
                else:
                    cell = Cell(_cell_plain(tc) or " ", loc)
                cells.append(cell)
                above[col + k] = cell
            col += span
        rows.append(tuple(cells))
    return Table(tuple(rows), Location(table=index))
