"""The PDF reader: a PDF with a text layer to a Document (pdfplumber, the ``[pdf]`` extra).

Ruled tables become grids (merged cells marked as copies, empty cells blank);
the words outside them become lines, in reading order with the tables. Tables
that continue on the next page simply follow in the stream. Running page
numbers ("— 5 —") and lines repeated in the margins of every page are dropped.
Provenance: page and bounding box. Pages without a text layer (scans) are read
by OCR with the ``[ocr]`` extra (see _read_ocr.py), or refused with a clear
error naming it; an encrypted PDF is refused with a clear ParseError.
"""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

from ..exceptions import ParseError, UnsupportedFormatError
from ._document import PAGE_FURNITURE, Block, Cell, Document, Location, Paragraph, Table

__all__ = ["read_pdf"]

_MARGIN = 0.07  # top and bottom share of the page where running heads live


def _pdfplumber() -> Any:
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - depends on the environment
        raise UnsupportedFormatError("reading PDF needs pdfplumber: pip install 'govdisclosure[pdf]'") from None
    return pdfplumber


def _open(data: bytes) -> Any:
    pdfplumber = _pdfplumber()
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.pages  # parses the page tree: fails here for a broken or encrypted file
    except Exception as exc:  # pdfminer raises many kinds, often wrapped
        if _encrypted(exc):
            raise ParseError("the PDF is encrypted; give an unencrypted copy") from None
        raise ParseError(f"cannot read the PDF: {type(exc).__name__}: {exc}") from None
    return pdf


def _encrypted(exc: BaseException) -> bool:
    seen: list[object] = [exc]
    visited: set[int] = set()
    while seen:
        e = seen.pop()
        if id(e) in visited:
            continue
        visited.add(id(e))
        if isinstance(e, BaseException):
            text = f"{type(e).__name__} {e}".lower()
            if "password" in text or "encrypt" in text:
                return True
            seen += [e.__cause__, e.__context__, *e.args]
        elif isinstance(e, type) and ("Password" in e.__name__ or "Encrypt" in e.__name__):
            return True
    return False


def _lines(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Group words into lines by their vertical position."""
    lines: list[list[dict[str, Any]]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - w["top"]) <= 2.5:
            lines[-1].append(w)
        else:
            lines.append([w])
    for line in lines:
        line.sort(key=lambda w: w["x0"])
    return lines


def _inside(w: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    x = (w["x0"] + w["x1"]) / 2
    y = (w["top"] + w["bottom"]) / 2
    return bool(bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3])


def read_pdf(data: bytes, name: str | None = None) -> Document:
    """Read a PDF's bytes into a :class:`Document`."""
    pdf = _open(data)
    try:
        return _read(pdf, name, data)
    except ParseError:
        raise
    except Exception as exc:  # a damaged page deep inside pdfminer
        raise ParseError(f"cannot read the PDF: {type(exc).__name__}: {exc}") from None
    finally:
        pdf.close()


def _read(pdf: Any, name: str | None, data: bytes = b"") -> Document:
    pages: list[list[tuple[float, Block]]] = []
    margin_text: Counter[str] = Counter()
    any_text = False
    n_table = 0
    scanner: Any = None  # reads pages without a text layer by OCR, one at a time
    for pno, page in enumerate(pdf.pages, start=1):
        items: list[tuple[float, Block]] = []
        if page.chars:
            any_text = True
        elif page.images:
            if scanner is None:
                from ._read_ocr import PdfScanner

                scanner = PdfScanner(data)
            scanned, n_table = scanner.page(pno, n_table)
            pages.append(scanned)
            continue
        tables = page.find_tables()
        boxes = [t.bbox for t in tables]
        all_words = page.extract_words(x_tolerance=1.5, y_tolerance=2)
        for t in tables:
            rows: list[tuple[Cell, ...]] = []
            for r, row in enumerate(t.rows):
                cells: list[Cell] = []
                for c, box in enumerate(row.cells):
                    loc = Location(page=pno, table=n_table, row=r, col=c, bbox=box)
                    if box is None:
                        cells.append(Cell("", loc, copy=True))
                        continue
                    inside = [w for w in all_words if _inside(w, box)]
                    text = "".join(w["text"] for line in _lines(inside) for w in line)
                    cells.append(Cell(text.strip() or " ", loc))
                rows.append(tuple(cells))
            items.append((t.bbox[1], Table(tuple(rows), Location(page=pno, table=n_table, bbox=t.bbox))))
            n_table += 1
        words = [w for w in all_words if not any(_inside(w, b) for b in boxes)]
        height = float(page.height)
        for line in _lines(words):
            text = " ".join(w["text"] for w in line).strip()
            top = float(line[0]["top"])
            bbox = (min(w["x0"] for w in line), top, max(w["x1"] for w in line), max(w["bottom"] for w in line))
            in_margin = top < height * _MARGIN or bbox[3] > height * (1 - _MARGIN)
            if in_margin:
                margin_text[text] += 1
            if in_margin and (PAGE_FURNITURE.match(text) or text.strip().isdigit()):
                continue
            items.append((top, Paragraph(text, Location(page=pno, bbox=bbox))))
        items.sort(key=lambda it: it[0])
        pages.append(items)
    if scanner is not None:
        scanner.close()
    if not any_text and scanner is None:
        raise ParseError("the PDF has no text layer, and no page images for OCR to read")
    repeated = {t for t, n in margin_text.items() if n >= 3 and n >= len(pages) // 2}
    blocks: list[Block] = [
        b for items in pages for _, b in items if not (isinstance(b, Paragraph) and b.text in repeated)
    ]
    return Document(tuple(blocks), "pdf" if scanner is None else "pdf-ocr", name)
