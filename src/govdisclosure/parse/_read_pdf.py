"""The PDF reader: a PDF with a text layer to a Document (pdfplumber, the ``[pdf]`` extra).

Ruled tables become grids (merged cells marked as copies, empty cells blank);
the words outside them become lines, in reading order with the tables. Tables
that continue on the next page simply follow in the stream. Running page
numbers ("— 5 —") and lines repeated in the margins of every page are dropped.
Provenance: page and bounding box. Pages without a text layer (scans) are read
by OCR with the ``[ocr]`` extra (see _read_ocr.py), or refused with a clear
error naming it; an encrypted PDF is refused with a clear ParseError.

Budgets (ParseOptions): pages read (``max_pages``); the bytes of content
streams, Form XObjects included, inflated and counted here before pdfminer
interprets a page (``max_stream_bytes`` in all, at most 1 MiB per page), and the
characters and graphic objects they can draw, estimated from them before and
counted after interpretation (``max_page_objects`` per page, five times that in
all), checked before any table is looked for; operators and operands, ten per
object of those budgets. The fonts a page uses are looked at before it is interpreted too:
a width table (``/W``, ``/W2``) or a CMap (``/ToUnicode``, an embedded ``/Encoding``)
whose ranges expand to more than ``FONT_ENTRIES`` character ids is refused, since
pdfminer builds a dictionary entry for each (``1 999999999 500`` in ``/W``: gigabytes).
pdfminer's fallback for a damaged Flate stream, quadratic in its output, is replaced by
:func:`_decompress_corrupted` (same answer, linear time), and Flate behind ASCII85/Hex
is inflated here within the budget.
Each page is closed once read.
"""

from __future__ import annotations

import io
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from typing import Any

from ..exceptions import InputTooLargeError, ParseError, UnsupportedFormatError
from ._document import PAGE_FURNITURE, Block, Cell, Document, Location, Paragraph, Table
from ._options import ParseOptions

__all__ = ["read_pdf"]

_MARGIN = 0.07  # top and bottom share of the page where running heads live
PAGE_STREAM_BYTES = 1024 * 1024  # inflated content of one page, Form XObjects included
OBJECTS_PER_DOCUMENT = 5  # all pages together: this many times ParseOptions.max_page_objects
GRAPHICS_SHARE = 10  # lines, rectangles and curves on a page: at most max_page_objects / this (tables are sought)
GRAPHICS_PAGES = 4  # ... and in the whole PDF at most this many times that
FONT_ENTRIES = 1 << 17  # character ids one width table or CMap of a font may cover, ranges expanded


def _pdfplumber() -> Any:
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - depends on the environment
        raise UnsupportedFormatError("reading PDF needs pdfplumber: pip install 'govdisclosure[pdf]'") from None
    return pdfplumber


def _decompress_corrupted(data: bytes) -> bytes:
    """pdfminer's ``decompress_corrupted``, the same answer in linear time.

    pdfminer falls back to it when zlib refuses a Flate stream: it feeds the stream one byte
    at a time and concatenates the output (``bytes +=``), quadratic in the output: a damaged
    250 KB stream took 40 s (found by fuzzing). Here the stream is fed 4 KiB at a time and
    byte by byte only in the chunk that fails, so the answer is pdfminer's: what inflated
    before the damage if it is in the last 3 bytes, else zlib.error (pdfminer then reads b"").
    """
    d = zlib.decompressobj()
    out: list[bytes] = []
    pos = 0
    while pos < len(data):
        chunk = data[pos : pos + 4096]
        saved = d.copy()
        try:
            out.append(d.decompress(chunk))
        except zlib.error:
            d = saved
            for k in range(len(chunk)):
                try:
                    out.append(d.decompress(chunk[k : k + 1]))
                except zlib.error:
                    if pos + k < len(data) - 3:
                        raise
                    return b"".join(out)
        pos += len(chunk)
    return b"".join(out)


def _linear_pdfminer() -> None:
    import pdfminer.pdftypes

    if getattr(pdfminer.pdftypes, "decompress_corrupted", None) is not _decompress_corrupted:
        pdfminer.pdftypes.decompress_corrupted = _decompress_corrupted


def _open(data: bytes) -> Any:
    pdfplumber = _pdfplumber()
    _linear_pdfminer()
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
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


def read_pdf(data: bytes, name: str | None = None, options: ParseOptions | None = None) -> Document:
    """Read a PDF's bytes into a :class:`Document`."""
    pdf = _open(data)
    try:
        return _read(pdf, name, options or ParseOptions(), data)
    except ParseError:
        raise
    except Exception as exc:  # a damaged page deep inside pdfminer
        if _encrypted(exc):
            raise ParseError("the PDF is encrypted; give an unencrypted copy") from None
        raise ParseError(f"cannot read the PDF: {type(exc).__name__}: {exc}") from None
    finally:
        # Not pdf.close(): it would build every page of the document only to close it.
        pdf.flush_cache()
        pdf.stream.close()


# What pdfminer turns into layout objects, estimated from a content stream before it is interpreted:
# the bytes of string operands (an upper bound on the characters drawn) and the path operators.
_STRINGS = re.compile(rb"\((?:[^()\\]|\\.)*\)|<[0-9A-Fa-f\s]*>", re.DOTALL)
_TOKEN = re.compile(rb"[^\s\[\]]+")
TOKENS_PER_OBJECT = 10  # operands and operators a page may hold: this many per object of max_page_objects
_PATH_OPS = re.compile(rb"(?<![A-Za-z'\"*])(?:re|l|c|v|y)(?![A-Za-z'\"*])")


def estimate_objects(content: bytes) -> int:
    """Characters plus graphic objects a content stream can produce, at most (1-byte fonts)."""
    n = 0
    for m in _STRINGS.finditer(content):
        s = m.group(0)
        n += len(s) - 2 if s[:1] == b"(" else (len(s) - 2) // 2
    return n + len(_PATH_OPS.findall(content))


class _StreamBudget:
    """Content streams inflated and counted before pdfminer interprets a page: bytes, and the objects
    they can produce (estimated, see :func:`estimate_objects`)."""

    def __init__(self, options: ParseOptions) -> None:
        self.total = options.max_stream_bytes
        self.left = options.max_stream_bytes
        self.max_page = options.max_page_objects
        self.max_all = OBJECTS_PER_DOCUMENT * options.max_page_objects
        self.estimated = 0
        self.tokens = 0
        self.seen: set[int] = set()
        self.seen_fonts: set[tuple[str, int]] = set()

    def page(self, pno: int, page_obj: Any) -> None:
        from pdfminer.pdftypes import resolve1

        limit = min(PAGE_STREAM_BYTES, self.left)
        contents: list[bytes] = []
        used = 0
        for ref in page_obj.contents or ():
            used += self._add(resolve1(ref), limit - used, pno, contents)
        used += self._forms(resolve1(page_obj.resources), limit - used, pno, 0, contents)
        self.left -= used
        self._fonts(resolve1(page_obj.resources), pno)
        est = sum(estimate_objects(c) for c in contents)
        self.estimated += est
        tokens = sum(len(_TOKEN.findall(c)) for c in contents)
        self.tokens += tokens
        if tokens > TOKENS_PER_OBJECT * self.max_page:
            raise InputTooLargeError(
                f"page {pno} of the PDF holds {tokens} operators and operands, more than "
                f"{TOKENS_PER_OBJECT * self.max_page} ({TOKENS_PER_OBJECT} × ParseOptions.max_page_objects)"
            )
        if self.tokens > TOKENS_PER_OBJECT * self.max_all:
            raise InputTooLargeError(
                f"the PDF holds more than {TOKENS_PER_OBJECT * self.max_all} operators and operands by page {pno} "
                f"({TOKENS_PER_OBJECT * OBJECTS_PER_DOCUMENT} × ParseOptions.max_page_objects)"
            )
        # Two-byte (CID) fonts draw one character per two string bytes: the estimate may be twice the truth.
        if est > 2 * self.max_page:
            raise InputTooLargeError(
                f"page {pno} of the PDF would draw about {est} characters and graphic objects, more than "
                f"{self.max_page} (ParseOptions.max_page_objects)"
            )
        if self.estimated > 2 * self.max_all:
            raise InputTooLargeError(
                f"the PDF would draw about {self.estimated} characters and graphic objects by page {pno}, "
                f"more than {self.max_all} ({OBJECTS_PER_DOCUMENT} × ParseOptions.max_page_objects)"
            )

    def _forms(self, resources: Any, limit: int, pno: int, depth: int, contents: list[bytes]) -> int:
        from pdfminer.pdftypes import PDFStream, resolve1

        if not isinstance(resources, dict) or depth > 8:
            return 0
        xobjects = resolve1(resources.get("XObject"))
        if not isinstance(xobjects, dict):
            return 0
        used = 0
        for ref in xobjects.values():
            key = getattr(ref, "objid", None)
            if key is not None:
                if key in self.seen:
                    continue
                self.seen.add(key)
            xobj = resolve1(ref)
            if not isinstance(xobj, PDFStream) or getattr(resolve1(xobj.attrs.get("Subtype")), "name", None) != "Form":
                continue
            used += self._add(xobj, limit - used, pno, contents)
            self._fonts(resolve1(xobj.attrs.get("Resources")), pno)
            used += self._forms(resolve1(xobj.attrs.get("Resources")), limit - used, pno, depth + 1, contents)
        return used

    def _fonts(self, resources: Any, pno: int) -> None:
        """Refuse a font whose width tables or CMaps expand past FONT_ENTRIES (before pdfminer builds them)."""
        from pdfminer.pdftypes import PDFStream, resolve1

        if not isinstance(resources, dict):
            return
        fonts = resolve1(resources.get("Font"))
        if not isinstance(fonts, dict):
            return
        for ref in fonts.values():
            key = getattr(ref, "objid", None)
            if key is not None:
                if ("font", key) in self.seen_fonts:
                    continue
                self.seen_fonts.add(("font", key))
            spec = resolve1(ref)
            if not isinstance(spec, dict):
                continue
            specs = [spec]
            descendants = resolve1(spec.get("DescendantFonts"))
            if isinstance(descendants, list):
                specs += [d for d in (resolve1(x) for x in descendants[:1]) if isinstance(d, dict)]
            for sp in specs:
                for name, size in (("W", 3), ("W2", 5)):
                    n = _width_entries(resolve1(sp.get(name)), size)
                    if n > FONT_ENTRIES:
                        raise InputTooLargeError(
                            f"a font on page {pno} of the PDF declares widths (/{name}) for {n} character ids, "
                            f"more than {FONT_ENTRIES}"
                        )
                for name in ("ToUnicode", "Encoding"):
                    cmap = resolve1(sp.get(name))
                    if isinstance(cmap, PDFStream):
                        n = _cmap_entries(self._decoded(cmap, PAGE_STREAM_BYTES))
                        if n > FONT_ENTRIES:
                            raise InputTooLargeError(
                                f"a font on page {pno} of the PDF has a CMap (/{name}) mapping {n} codes, "
                                f"more than {FONT_ENTRIES}"
                            )

    def _refuse(self, pno: int) -> InputTooLargeError:
        if self.left < PAGE_STREAM_BYTES:
            return InputTooLargeError(
                f"the PDF's content streams inflate past the bound of {self.total} bytes by page {pno} "
                "(ParseOptions.max_stream_bytes)"
            )
        return InputTooLargeError(f"page {pno} of the PDF has content streams inflating past {PAGE_STREAM_BYTES} bytes")

    def _add(self, stream: Any, limit: int, pno: int, contents: list[bytes]) -> int:
        """Inflate one stream, never more than ``limit`` + 1 bytes of it; keep its bytes for the estimate."""
        from pdfminer.pdftypes import PDFStream

        if not isinstance(stream, PDFStream):
            return 0
        content = self._decoded(stream, limit)
        if len(content) > limit:
            raise self._refuse(pno)
        contents.append(content)
        return len(content)

    @staticmethod
    def _decoded(stream: Any, limit: int) -> bytes:
        """A stream's bytes, Flate inflated to at most ``limit`` + 1 bytes."""
        if stream.rawdata is None:  # decoded already
            content = stream.data or b""
        else:
            from pdfminer.ascii85 import ascii85decode, asciihexdecode

            data = stream.rawdata
            if stream.decipher and stream.objid is not None and stream.genno is not None:
                data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
            content = data
            for f, params in stream.get_filters():  # Flate (behind ASCII85/Hex too) inflated here, bounded
                name = getattr(f, "name", str(f))
                if name in ("FlateDecode", "Fl") and not (isinstance(params, dict) and "Predictor" in params):
                    content = _inflate(content, limit)
                elif name in ("ASCII85Decode", "A85"):
                    content = ascii85decode(content)
                elif name in ("ASCIIHexDecode", "AHx"):
                    content = asciihexdecode(content)
                else:  # other filters and predictors: pdfminer decodes, then it is counted
                    content = stream.get_data() or b""
                    break
                if len(content) > limit:
                    break
        return bytes(content)


def _width_entries(seq: Any, size: int) -> int:
    """Entries pdfminer's get_widths (``size`` 3) or get_widths2 (5) makes of a /W or /W2 array, at most."""
    from pdfminer.pdftypes import resolve1

    if not isinstance(seq, list):
        return 0
    n = 0
    run: list[Any] = []  # numbers in a row, as pdfminer collects them
    for v in seq:
        v = resolve1(v)
        if isinstance(v, list):
            if run:
                n += len(v)
            run = []
        elif isinstance(v, (int, float)):
            run.append(v)
            if len(run) == size:  # first last width (vx vy): a range
                first, last = run[0], run[1]
                if isinstance(first, (int, float)) and isinstance(last, (int, float)) and last >= first:
                    n += int(last) - int(first) + 1
                run = []
    return n


_CMAP_RANGES = re.compile(rb"begin(bf|cid)range(.*?)end\1range", re.DOTALL)
_CMAP_TOKEN = re.compile(rb"<([0-9A-Fa-f\s]*)>|\[[^\]]*\]|[-+]?\d+")


def _cmap_entries(data: bytes) -> int:
    """Codes the ranges of a CMap (bfrange, cidrange) expand to, at most, as pdfminer's CMapParser expands them."""
    n = 0
    for m in _CMAP_RANGES.finditer(data):
        tokens = [t.group(1) for t in _CMAP_TOKEN.finditer(m.group(2))]
        for i in range(0, len(tokens) - 2, 3):
            lo, hi = tokens[i], tokens[i + 1]
            if lo is None or hi is None:
                continue
            try:
                start = int(b"".join(lo.split()) or b"0", 16)
                end = int(b"".join(hi.split()) or b"0", 16)
            except ValueError:
                continue
            if end >= start:
                n += end - start + 1
    return n


def _inflate(data: bytes, limit: int) -> bytes:
    """Inflate at most ``limit`` + 1 bytes (what inflates of a corrupt stream, as pdfminer would)."""
    d = zlib.decompressobj()
    out: list[bytes] = []
    n = 0
    pending: bytes = data
    try:
        while not d.eof and n <= limit:
            chunk = d.decompress(pending, 1 << 20)
            pending = d.unconsumed_tail
            n += len(chunk)
            out.append(chunk)
            if not chunk and not pending:
                break
    except zlib.error:
        pass
    return b"".join(out)


def _pages(pdf: Any, options: ParseOptions) -> Iterator[Any]:
    """pdfplumber pages one at a time (never the whole list), each closed once read."""
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.page import Page

    budget = _StreamBudget(options)
    doctop = 0.0
    for i, page_obj in enumerate(PDFPage.create_pages(pdf.doc), start=1):
        if i > options.max_pages:
            raise InputTooLargeError(f"the PDF has more than {options.max_pages} pages (ParseOptions.max_pages)")
        budget.page(i, page_obj)
        page = Page(pdf, page_obj, page_number=i, initial_doctop=doctop)
        try:
            yield page
        finally:
            doctop += float(page.height)
            page.close()


def _read(pdf: Any, name: str | None, options: ParseOptions, data: bytes = b"") -> Document:
    pages: list[list[tuple[float, Block]]] = []
    margin_text: Counter[str] = Counter()
    any_text = False
    n_table = 0
    scanner: Any = None  # reads pages without a text layer by OCR, one at a time
    objects_seen = 0
    graphics_seen = 0
    for page in _pages(pdf, options):
        pno = page.page_number
        items: list[tuple[float, Block]] = []
        objects = page.objects
        n_objects = sum(len(objects.get(k, ())) for k in ("char", "rect", "line", "curve", "image"))
        if n_objects > options.max_page_objects:
            raise InputTooLargeError(
                f"page {pno} of the PDF holds {n_objects} characters and graphic objects, more than "
                f"{options.max_page_objects} (ParseOptions.max_page_objects)"
            )
        n_graphics = sum(len(objects.get(k, ())) for k in ("rect", "line", "curve"))
        if n_graphics > options.max_page_objects // GRAPHICS_SHARE:
            raise InputTooLargeError(
                f"page {pno} of the PDF holds {n_graphics} lines, rectangles and curves, more than "
                f"{options.max_page_objects // GRAPHICS_SHARE} (ParseOptions.max_page_objects / {GRAPHICS_SHARE}): "
                "looking for tables among them would take too long"
            )
        graphics_seen += n_graphics
        if graphics_seen > GRAPHICS_PAGES * (options.max_page_objects // GRAPHICS_SHARE):
            raise InputTooLargeError(
                f"the PDF holds more than {GRAPHICS_PAGES * (options.max_page_objects // GRAPHICS_SHARE)} lines, "
                f"rectangles and curves by page {pno}: looking for tables among them would take too long"
            )
        objects_seen += n_objects
        if objects_seen > OBJECTS_PER_DOCUMENT * options.max_page_objects:
            raise InputTooLargeError(
                f"the PDF holds more than {OBJECTS_PER_DOCUMENT * options.max_page_objects} characters and graphic "
                f"objects by page {pno} ({OBJECTS_PER_DOCUMENT} × ParseOptions.max_page_objects)"
            )
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
