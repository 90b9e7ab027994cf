"""Readers for each input format, the Document they all produce, and the one recognizer."""

from __future__ import annotations

import os
from pathlib import Path

import attrs

from ..exceptions import InputTooLargeError, ParseError
from ._decode import decode, refuse_format, sniff_format
from ._document import Block, Cell, Document, Location, Paragraph, Table
from ._infer import settle_series
from ._numbers import Num, read_number
from ._options import ParseOptions
from ._read_html import decode_html, read_html
from ._read_text import read_text
from ._recognize import recognize
from ._result import Diagnostic, Parsed, Provenance

__all__ = [
    "Block",
    "Cell",
    "Diagnostic",
    "Document",
    "Location",
    "Num",
    "Paragraph",
    "ParseOptions",
    "Parsed",
    "Provenance",
    "Table",
    "parse",
    "read_document",
    "read_number",
    "settle_series",
]

Source = str | bytes | os.PathLike[str]


def _load(source: Source, options: ParseOptions) -> tuple[bytes | str, str | None]:
    if isinstance(source, bytes):
        if len(source) > options.max_bytes:
            raise InputTooLargeError(f"input is {len(source)} bytes, over the bound of {options.max_bytes}")
        return source, None
    if isinstance(source, os.PathLike) or (isinstance(source, str) and _looks_like_path(source)):
        path = Path(source)
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise ParseError(f"cannot read {path}: {exc.strerror or exc}") from None
        if path.is_dir():
            raise ParseError(f"{path} is a directory, not a report file")
        if size > options.max_bytes:
            raise InputTooLargeError(f"{path} is {size} bytes, over the bound of {options.max_bytes}")
        try:
            return path.read_bytes(), str(path)
        except OSError as exc:
            raise ParseError(f"cannot read {path}: {exc.strerror or exc}") from None
    assert isinstance(source, str)
    if len(source) > options.max_bytes:
        raise InputTooLargeError(f"input is {len(source)} characters, over the bound of {options.max_bytes}")
    return source, None


def _looks_like_path(s: str) -> bool:
    """A str is a path when it names an existing file; otherwise it is the report's text."""
    if "\n" in s or len(s) > 4096 or "\x00" in s or not (os.sep in s or "." in s[-8:]):
        return False
    try:
        return Path(s).exists()
    except (OSError, ValueError):
        return False


def read_document(source: Source, options: ParseOptions | None = None) -> tuple[Document, str | None]:
    """Read any supported input into a Document; returns it and the text encoding used."""
    options = options or ParseOptions()
    data, name = _load(source, options)
    if isinstance(data, str):
        if data.lstrip().startswith("<") and sniff_format(data[:4096].encode("utf-8", "replace")) == "html":
            return read_html(data, name), None
        return read_text(data, name), None
    fmt = sniff_format(data)
    if fmt == "html":
        text, encoding = decode_html(data, options.encoding)
        return read_html(text, name), encoding
    if fmt == "docx":
        from ._read_docx import read_docx

        return read_docx(data, name), None
    if fmt == "zip" and (name or "").lower().endswith(".docx"):
        from ._read_docx import check_zip

        check_zip(data)  # a clear reason: not a Word document, truncated, or a bomb
    if fmt == "pdf":
        from ._read_pdf import read_pdf

        return read_pdf(data, name), None
    if fmt in ("png", "jpeg", "tiff"):  # page images: OCR, the [ocr] extra
        from ._read_ocr import read_image

        return read_image(data, name, fmt), None
    if fmt == "doc":  # legacy Word .doc / WPS: converted by LibreOffice
        from ._read_doc import read_doc

        return read_doc(data, name), None
    if fmt != "text":
        refuse_format(fmt)
    text, encoding = decode(data, options.encoding)
    return read_text(text, name), encoding


def parse(source: Source, options: ParseOptions | None = None) -> Parsed:
    """Parse a report from a path, bytes or text.

    Raises :class:`~govdisclosure.ParseError` (or a subclass) only for input that
    cannot be read at all; everything the document itself gets wrong is in
    ``Parsed.diagnostics``.
    """
    options = options or ParseOptions()
    doc, encoding = read_document(source, options)
    if not any(
        b.text.strip() if isinstance(b, Paragraph) else any(c.text.strip() for r in b.rows for c in r)
        for b in doc.blocks
    ):
        raise ParseError("the input is empty")
    parsed = recognize(doc, edition=options.edition)
    parsed = attrs.evolve(parsed, encoding=encoding)
    if any(p.location.confidence is not None for p in parsed.provenance.values()):  # read by OCR
        from ._read_ocr import confidence_diagnostics

        parsed = attrs.evolve(parsed, diagnostics=parsed.diagnostics + confidence_diagnostics(parsed.provenance))
    return parsed
