"""Readers for each input format, the Document they all produce, and the one recognizer.

Three entries, explicit about what they are given: :func:`parse` takes a path
(a ``str`` or ``os.PathLike`` is always a path, never report content),
:func:`parse_text` takes the report as a ``str``, :func:`parse_bytes` as
``bytes``. Every bound in :class:`ParseOptions` is checked before or while
reading, never after.
"""

from __future__ import annotations

import errno
import os
import stat

import attrs

from ..exceptions import InputTooLargeError, InputTypeError, NotAReportError, ParseError
from ._dates import html_source_meta, pdf_source_meta
from ._document import Block, Cell, Document, Location, Paragraph, Table
from ._gc import few_collections
from ._numbers import Num, read_number
from ._options import ParseOptions
from ._result import Ambiguous, Diagnostic, Outline, Parsed, Provenance
from .readers._decode import decode, refuse_format, sniff_format, sniff_text
from .readers._html import decode_html, read_html
from .recognizer._infer import settle_series
from .recognizer._recognize import recognize
from .recognizer._stream import TextLayout

__all__ = [
    "Ambiguous",
    "Block",
    "Cell",
    "Diagnostic",
    "Document",
    "Location",
    "Num",
    "Outline",
    "Paragraph",
    "ParseOptions",
    "Parsed",
    "PathArg",
    "Provenance",
    "Table",
    "parse",
    "parse_bytes",
    "parse_text",
    "read_document",
    "read_number",
    "settle_series",
]

PathArg = str | os.PathLike[str]


def _type_name(value: object) -> str:
    return "None" if value is None else type(value).__name__


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def _shown(name: str) -> str:
    """A path as shown in a message: abbreviated, and a hint when it looks like report content."""
    shown = name if len(name) <= 120 and "\n" not in name else repr(name[:60]) + "…"
    if "\n" in name or len(name) > 255:
        shown += " (parse() takes a path; give report content to parse_text or parse_bytes)"
    return shown


def read_file(path: PathArg, max_bytes: int) -> bytes:
    """The bytes of a regular file, its size checked against ``max_bytes`` before a byte is read.

    FIFOs, devices, directories and sockets are refused (from ``stat``, without opening
    them for reading); a missing file, a dangling symlink, a symlink loop and an
    unreadable folder each get their own reason.
    """
    try:
        name = os.fspath(path)
    except TypeError:
        raise InputTypeError(f"a path must be a str or os.PathLike, not {_type_name(path)}") from None
    if not isinstance(name, str):
        raise InputTypeError(f"a path must be a str or os.PathLike, not {_type_name(name)}")
    if not name:
        raise ParseError("cannot read '': no such file (an empty path)")
    shown = _shown(name)
    try:
        st = os.stat(name)
    except OSError as exc:
        if exc.errno == errno.ENOENT and os.path.islink(name):
            raise ParseError(f"cannot read {shown}: a dangling symbolic link (its target does not exist)") from None
        if exc.errno == errno.ELOOP:
            raise ParseError(f"cannot read {shown}: too many levels of symbolic links (a loop)") from None
        raise ParseError(f"cannot read {shown}: {_reason(exc)}") from None
    except ValueError as exc:  # an embedded NUL
        raise ParseError(f"cannot read {shown}: {exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise ParseError(f"{shown} is a directory, not a report file")
    if not stat.S_ISREG(st.st_mode):
        raise ParseError(f"{shown} is not a regular file (a FIFO, socket or device): only files are read")
    if st.st_size > max_bytes:
        raise InputTooLargeError(f"{shown} is {st.st_size} bytes, over the bound of {max_bytes} bytes")
    try:
        # O_NONBLOCK: should the path have become a FIFO since stat, opening it does not wait.
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise ParseError(f"cannot read {shown}: {_reason(exc)}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ParseError(f"{shown} is not a regular file (a FIFO, socket or device): only files are read")
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:  # the file grew since stat
                raise InputTooLargeError(f"{shown} is over the bound of {max_bytes} bytes")
        return b"".join(chunks)
    except OSError as exc:
        raise ParseError(f"cannot read {shown}: {_reason(exc)}") from None
    finally:
        os.close(fd)


def _check_text_size(text: str, max_bytes: int) -> None:
    n = len(text)
    if n > max_bytes:
        raise InputTooLargeError(f"input is at least {n} bytes in UTF-8, over the bound of {max_bytes} bytes")
    if n * 4 > max_bytes:  # the exact size only when it could matter
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > max_bytes:
            raise InputTooLargeError(f"input is {size} bytes in UTF-8, over the bound of {max_bytes} bytes")


def _with_meta(doc: Document, meta: dict[str, str]) -> Document:
    return attrs.evolve(doc, source_meta=tuple(meta.items())) if meta else doc


def _scanned(doc: Document) -> bool:
    """Every block read by OCR (a scan): a PDF's creation date is then when it was scanned."""
    locs = [c.loc for b in doc.blocks if isinstance(b, Table) for r in b.rows for c in r if c.text.strip()]
    locs += [b.loc for b in doc.blocks if isinstance(b, Paragraph) and b.text.strip()]
    return bool(locs) and all(loc.confidence is not None for loc in locs)


# A text report is read as a TextLayout: the recognizer's stream straight from its lines, the
# Document made only if someone asks for it (Parsed.document); every other format as a Document.
_Read = tuple[Document | TextLayout, str | None]


def _from_text(text: str, name: str | None, options: ParseOptions) -> _Read:
    if sniff_text(text) == "html":
        return _with_meta(read_html(text, name, max_cells=options.max_cells), html_source_meta(text)), None
    return TextLayout(text, name, max_cells=options.max_cells), None


def _from_bytes(data: bytes, name: str | None, options: ParseOptions) -> _Read:
    if len(data) > options.max_bytes:
        raise InputTooLargeError(f"input is {len(data)} bytes, over the bound of {options.max_bytes} bytes")
    fmt = sniff_format(data)
    if fmt == "html":
        text, encoding = decode_html(data, options.encoding)
        return _with_meta(read_html(text, name, max_cells=options.max_cells), html_source_meta(text)), encoding
    if fmt == "docx":
        from .readers._docx import read_docx

        return read_docx(data, name, options), None
    if fmt == "zip" and (name or "").lower().endswith(".docx"):
        from .readers._docx import check_zip

        check_zip(data)  # a clear reason: not a Word document, truncated, or a bomb
    if fmt == "pdf":
        from .readers._ocr import time_budget  # its scanned pages are read by OCR
        from .readers._pdf import read_pdf

        with time_budget(options.max_seconds):
            doc = read_pdf(data, name, options)
            return (doc if _scanned(doc) else _with_meta(doc, pdf_source_meta(data))), None
    if fmt in ("png", "jpeg", "tiff"):  # page images: OCR, the [ocr] extra
        from .readers._ocr import read_image, time_budget

        with time_budget(options.max_seconds):
            return read_image(data, name, fmt), None
    if fmt == "doc":  # legacy Word .doc / WPS: converted by LibreOffice
        from .readers._doc import read_doc

        return read_doc(data, name), None
    if fmt != "text":
        refuse_format(fmt)
    text, encoding = decode(data, options.encoding)
    return TextLayout(text, name, max_cells=options.max_cells), encoding


def _document(read: _Read) -> tuple[Document, str | None]:
    doc, encoding = read
    return (doc.document if isinstance(doc, TextLayout) else doc), encoding


def read_document(source: PathArg | bytes, options: ParseOptions | None = None) -> tuple[Document, str | None]:
    """Read a file (a path) or bytes into a Document; returns it and the text encoding used."""
    options = options or ParseOptions()
    if isinstance(source, bytes):
        return _document(_from_bytes(source, None, options))
    if isinstance(source, (str, os.PathLike)):
        name = os.fspath(source)
        return _document(_from_bytes(read_file(source, options.max_bytes), str(name), options))
    raise InputTypeError(f"read_document takes a path (str or os.PathLike) or bytes, not {_type_name(source)}")


_MARKS = (
    "政府信息公开",
    "信息公开",
    "主动公开",
    "依申请",
    "公开申请",
    "行政复议",
    "行政诉讼",
    "申请人情况",
    "第二十条",
)


def _has_content(doc: Document) -> bool:
    return any(
        b.text.strip() if isinstance(b, Paragraph) else any(c.text.strip() for r in b.rows for c in r)
        for b in doc.blocks
    )


def _template_marks(doc: Document) -> bool:
    """Any heading or label of the template anywhere in the document (folded: traditional, full-width)."""
    from ._normalize import fold

    budget = 400_000  # characters looked at: a mark is near the top of any real report
    pieces: list[str] = []
    for b in doc.blocks:
        texts = [b.text] if isinstance(b, Paragraph) else [c.text for r in b.rows for c in r if not c.copy]
        for t in texts:
            pieces.append(t)
            budget -= len(t)
        if budget <= 0:
            break
    text = fold("".join(pieces)).text
    text = "".join(text.split())
    return any(m in text for m in _MARKS)


_NEVER_OCR = frozenset({"text", "html", "docx", "doc", "pdf"})


def _sha256(data: bytes) -> str:
    import hashlib  # here, not at import time: it loads OpenSSL

    return hashlib.sha256(data).hexdigest()


def _unread_pages(doc: Document | TextLayout) -> str:
    return "; ".join(f"page {pno}: {why}" for pno, why in doc.unread_pages)


def _page_diagnostics(doc: Document | TextLayout) -> tuple[Diagnostic, ...]:
    """One ``ocr-page-unreadable`` diagnostic per page of a scan OCR read nothing from, saying why."""
    return tuple(
        Diagnostic(
            "ocr-page-unreadable",
            f"page {pno} of the scan has writing on it but OCR read nothing from it: {why}; its tables and "
            "text are missing (scan it again, brighter, sharper or at a higher resolution)",
            f"扫描件第 {pno} 页有内容，但光学字符识别未能读出：{why}；"
            "该页的表格和文字缺失（请重新扫描：更亮、更清晰或更高分辨率）",
            Location(page=pno),
        )
        for pno, why in doc.unread_pages
    )


def _finish(
    doc: Document | TextLayout, encoding: str | None, options: ParseOptions, sha256: str | None = None
) -> Parsed:
    if not (doc.has_content if isinstance(doc, TextLayout) else _has_content(doc)):
        if doc.unread_pages:  # a scan OCR read nothing from: which page and why, not "empty"
            raise ParseError(f"OCR read nothing from the scan: {_unread_pages(doc)}")
        raise ParseError("the input is empty")
    if isinstance(doc, TextLayout):
        chars = doc.chars
    else:
        chars = sum(
            len(b.text) if isinstance(b, Paragraph) else sum(len(c.text) for r in b.rows for c in r) for b in doc.blocks
        )
    if chars > options.max_chars:
        raise InputTooLargeError(
            f"the document holds {chars} characters of text, more than {options.max_chars} (ParseOptions.max_chars)"
        )
    parsed = recognize(doc, edition=options.edition)
    if not parsed.provenance and not _template_marks(doc.document if isinstance(doc, TextLayout) else doc):
        hint = f" (decoded as {encoding})" if encoding else ""
        raise NotAReportError(
            "not a government information disclosure annual report: no table cell was read and no heading "
            f"or label of the template (政府信息公开, 主动公开, 行政复议, ...) appears in the text{hint}"
        )
    # Read by OCR (scans, page images, a PDF with scanned pages): not for the formats that never
    # are, whose provenance then stays unresolved until someone reads it.
    if doc.source_format not in _NEVER_OCR and any(
        p.location.confidence is not None for p in parsed.provenance.values()
    ):
        from .readers._ocr import review

        parsed = review(parsed)
    if doc.unread_pages:
        parsed = attrs.evolve(parsed, diagnostics=parsed.diagnostics + _page_diagnostics(doc))
    if sha256 is not None:
        report = parsed.report
        parsed = attrs.evolve(parsed, report=attrs.evolve(report, meta=attrs.evolve(report.meta, sha256=sha256)))
    return attrs.evolve(parsed, encoding=encoding) if encoding is not None else parsed


def parse(path: PathArg | bytes, options: ParseOptions | None = None) -> Parsed:
    """Parse the report in the file at ``path`` (a ``str`` or ``os.PathLike``).

    A ``str`` is always a path, never report content: give content to
    :func:`parse_text` or :func:`parse_bytes`. (``bytes`` are accepted as content,
    as by :func:`parse_bytes`, for callers written before these entries existed.)

    Raises :class:`~govdisclosure.ParseError` (or a subclass) only for input that
    cannot be read at all: a missing or unreadable file, something other than a
    regular file, a bound of :class:`ParseOptions` passed, an unreadable format, or
    a text bearing no mark of the template (:class:`~govdisclosure.NotAReportError`).
    Everything the document itself gets wrong is in ``Parsed.diagnostics``.
    """
    options = options or ParseOptions()
    if isinstance(path, bytes):
        return parse_bytes(path, options)
    if not isinstance(path, (str, os.PathLike)):
        raise InputTypeError(
            f"parse takes a path (str or os.PathLike), not {_type_name(path)}; "
            "give report content to parse_text (str) or parse_bytes (bytes)"
        )
    data = read_file(path, options.max_bytes)
    with few_collections():
        doc, encoding = _from_bytes(data, os.fspath(path), options)
        return _finish(doc, encoding, options, _sha256(data))


def parse_text(text: str, options: ParseOptions | None = None, *, name: str | None = None) -> Parsed:
    """Parse a report given as a ``str`` (plain text or HTML); ``name`` is only recorded."""
    if not isinstance(text, str):
        raise InputTypeError(f"parse_text takes a str, not {_type_name(text)}; for bytes use parse_bytes")
    options = options or ParseOptions()
    _check_text_size(text, options.max_bytes)
    with few_collections():
        doc, encoding = _from_text(text, name, options)
        return _finish(doc, encoding, options, _sha256(text.encode("utf-8", "surrogatepass")))


def parse_bytes(data: bytes, options: ParseOptions | None = None, *, name: str | None = None) -> Parsed:
    """Parse a report given as ``bytes`` in any supported format; ``name`` is only recorded."""
    if not isinstance(data, bytes):
        raise InputTypeError(
            f"parse_bytes takes bytes, not {_type_name(data)}"
            + ("; for a str use parse_text" if isinstance(data, str) else "; convert with bytes(...)")
        )
    options = options or ParseOptions()
    with few_collections():
        doc, encoding = _from_bytes(data, name, options)
        return _finish(doc, encoding, options, _sha256(data))
