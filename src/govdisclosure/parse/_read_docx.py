"""The DOCX reader: a Word file to a Document (python-docx, the ``[docx]`` extra).

Tables become grids with gridSpan and vMerge expanded (copies marked, as in
HTML); paragraphs become text blocks in body order. The zip container is
checked before anything is inflated: a truncated or non-zip file, or one that
would inflate past a sane bound (a zip bomb), is refused with ParseError.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from ..exceptions import InputTooLargeError, ParseError, UnsupportedFormatError
from ._document import Block, Cell, Document, Location, Paragraph, Table

__all__ = ["MAX_INFLATED", "check_zip", "read_docx"]

MAX_INFLATED = 200 * 1024 * 1024  # bytes, all members together
MAX_RATIO = 200  # inflated / compressed, for any member over 1 MiB
MAX_MEMBERS = 5000


def check_zip(data: bytes) -> None:
    """Refuse a container that is not a zip, is truncated, or would inflate too far."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ParseError(f"not a readable .docx (zip) file: {exc}") from None
    if len(infos) > MAX_MEMBERS:
        raise InputTooLargeError(f"the .docx holds {len(infos)} parts, more than {MAX_MEMBERS}")
    total = sum(i.file_size for i in infos)
    if total > MAX_INFLATED:
        raise InputTooLargeError(f"the .docx would inflate to {total} bytes, over the bound of {MAX_INFLATED}")
    for i in infos:
        if i.file_size > 1024 * 1024 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise InputTooLargeError(f"the .docx part {i.filename} inflates {i.file_size // max(i.compress_size, 1)}x")
    if not any(i.filename == "word/document.xml" for i in infos):
        raise ParseError("the zip file is not a Word document (no word/document.xml)")


def _docx() -> Any:
    try:
        import docx
    except ImportError:  # pragma: no cover - depends on the environment
        raise UnsupportedFormatError("reading .docx needs python-docx: pip install 'govdisclosure[docx]'") from None
    return docx


def _text(paragraphs: Any) -> str:
    return "".join(p.text for p in paragraphs).replace("\u3000", " ").strip()


def read_docx(data: bytes, name: str | None = None) -> Document:
    """Read a .docx file's bytes into a :class:`Document`."""
    check_zip(data)
    docx = _docx()
    from docx.oxml.ns import qn
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph as DocxParagraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise ParseError(f"cannot open the .docx: {type(exc).__name__}: {exc}") from None
    blocks: list[Block] = []
    n_par = 0
    n_tab = 0
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            n_par += 1
            text = DocxParagraph(child, document).text.strip()
            if text:
                blocks.append(Paragraph(text, Location(paragraph=n_par)))
        elif child.tag == qn("w:tbl"):
            blocks.append(_table(DocxTable(child, document), n_tab))
            n_tab += 1
    return Document(tuple(blocks), "docx", name)


def _table(table: Any, index: int) -> Table:
    rows: list[tuple[Cell, ...]] = []
    above: list[Any] = []
    for r, row in enumerate(table.rows):
        cells: list[Cell] = []
        tcs: list[Any] = []
        prev = None
        for c, cell in enumerate(row.cells):
            tc = cell._tc
            copy = tc is prev or (c < len(above) and above[c] is tc)
            text = "" if copy else (_text(cell.paragraphs) or " ")
            cells.append(Cell(text, Location(table=index, row=r, col=c), copy))
            tcs.append(tc)
            prev = tc
        above = tcs
        rows.append(tuple(cells))
    return Table(tuple(rows), Location(table=index))
