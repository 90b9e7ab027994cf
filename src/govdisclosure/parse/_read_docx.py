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


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _plain(el: Any) -> str:
    """All w:t text under an element (runs and paragraphs joined as printed)."""
    return "".join(t.text or "" for t in el.iter(f"{_W}t")).replace("\u3000", " ").strip()


def read_docx(data: bytes, name: str | None = None) -> Document:
    """Read a .docx file's bytes into a :class:`Document`."""
    check_zip(data)
    docx = _docx()
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise ParseError(f"cannot open the .docx: {type(exc).__name__}: {exc}") from None
    blocks: list[Block] = []
    n_par = 0
    n_tab = 0
    # Walk python-docx's own element tree directly: its row.cells is quadratic in merges.
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            n_par += 1
            text = _plain(child)
            if text:
                blocks.append(Paragraph(text, Location(paragraph=n_par)))
        elif child.tag == f"{_W}tbl":
            blocks.append(_table(child, n_tab))
            n_tab += 1
    return Document(tuple(blocks), "docx", name)


def _int_attr(el: Any, default: int) -> int:
    if el is None:
        return default
    try:
        return max(1, min(int(el.get(f"{_W}val", default)), 200))
    except ValueError:
        return default


def _table(tbl: Any, index: int) -> Table:
    """A w:tbl as a grid: gridSpan repeats a cell across, vMerge="continue" repeats the one above."""
    rows: list[tuple[Cell, ...]] = []
    above: dict[int, Cell] = {}
    for r, tr in enumerate(tbl.iterchildren(f"{_W}tr")):
        cells: list[Cell] = []
        col = 0
        for tc in tr.iterchildren(f"{_W}tc"):
            pr = tc.find(f"{_W}tcPr")
            span = _int_attr(pr.find(f"{_W}gridSpan") if pr is not None else None, 1)
            vmerge = pr.find(f"{_W}vMerge") if pr is not None else None
            continued = vmerge is not None and vmerge.get(f"{_W}val", "continue") == "continue"
            for k in range(span):
                loc = Location(table=index, row=r, col=col + k)
                if continued or k > 0:
                    cell = Cell("", loc, copy=True)
                else:
                    cell = Cell(_plain(tc) or " ", loc)
                cells.append(cell)
                above[col + k] = cell
            col += span
        rows.append(tuple(cells))
    return Table(tuple(rows), Location(table=index))
