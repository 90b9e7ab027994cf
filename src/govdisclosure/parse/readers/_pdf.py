"""The PDF reader: a PDF with a text layer to a Document (the ``[pdf]`` extra).

Ruled tables become grids (merged cells marked as copies, empty cells blank);
the words outside them become lines, in reading order with the tables. Tables
that continue on the next page simply follow in the stream. Running page
numbers ("— 5 —") and lines repeated in the margins of every page are dropped.
Provenance: page and bounding box. Pages without a text layer (scans) are read
by OCR with the ``[ocr]`` extra (see _ocr.py), or refused with a clear
error naming it; an encrypted PDF is refused with a clear ParseError.

Who does what: pdfium (pypdfium2) interprets each page in C: its characters with
their boxes, and its paths (lines, rectangles, curves, Form XObjects followed).
They are given the coordinates and shapes pdfplumber gives pdfminer's layout
objects, and pdfplumber's own word grouping and table finder (pure geometry,
ruling lines) make the grid: the same Document as when pdfminer interpreted the
pages and pdfplumber made a Python object of every character, at a quarter of
the CPU time (benchmarks/bench_pdf.py compares both, PDF by PDF). pdfminer only
parses the document's objects, for the budgets below; no page is interpreted by it.

Budgets (ParseOptions): pages read (``max_pages``); the bytes of content
streams, Form XObjects included, inflated and counted here before pdfium
loads a page (``max_stream_bytes`` in all, at most 1 MiB per page), and the
characters and graphic objects they can draw, estimated from them before and
counted after interpretation (``max_page_objects`` per page, five times that in
all), checked before any table is looked for; operators and operands, ten per
object of those budgets. A page pdfium finds that pdfminer's page tree lacks (its
streams could not be measured first) is refused. The fonts a page uses are looked at
before it is loaded too: a width table (``/W``, ``/W2``) or a CMap (``/ToUnicode``, an
embedded ``/Encoding``) whose ranges expand to more than ``FONT_ENTRIES`` character ids
is refused (``1 999999999 500`` in ``/W``: gigabytes, when pdfminer built a dictionary
entry for each). pdfminer's fallback for a damaged Flate stream, quadratic in its
output, is replaced by :func:`_decompress_corrupted` (same answer, linear time), and
Flate behind ASCII85/Hex is inflated here within the budget.
Each page is closed once read; pdfium is called by one thread at a time.
"""

from __future__ import annotations

import bisect
import ctypes
import io
import itertools
import re
import threading
import zlib
from collections import Counter
from collections.abc import Iterator
from operator import itemgetter
from typing import Any

from ...exceptions import InputTooLargeError, ParseError, UnsupportedFormatError
from .._document import PAGE_FURNITURE, Block, Cell, Document, Location, Paragraph, Table, hard_breaks, join_cell_words
from .._options import ParseOptions
from . import _aligned

__all__ = ["read_pdf"]

_MARGIN = 0.07  # top and bottom share of the page where running heads live
PAGE_STREAM_BYTES = 1024 * 1024  # inflated content of one page, Form XObjects included
OBJECTS_PER_DOCUMENT = 5  # all pages together: this many times ParseOptions.max_page_objects
GRAPHICS_SHARE = 10  # lines, rectangles and curves on a page: at most max_page_objects / this (tables are sought)
GRAPHICS_PAGES = 4  # ... and in the whole PDF at most this many times that
FONT_ENTRIES = 1 << 17  # character ids one width table or CMap of a font may cover, ranges expanded


def _pdfium() -> Any:
    try:
        import pypdfium2.raw as pdfium_c
    except ImportError:  # pragma: no cover - depends on the environment
        raise UnsupportedFormatError("reading PDF needs pypdfium2: pip install 'govdisclosure[pdf]'") from None
    return pdfium_c


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


# --------------------------------------------------------------------------- the page reader (pdfium)
# pdfium (pypdfium2) interprets the pages: characters with their boxes from its text page, lines,
# rectangles and curves from its path objects, in C. pdfminer only walks the document's objects for the
# budgets above, before pdfium loads a page. The characters and edges are given the coordinates and
# the shapes pdfplumber gives pdfminer's layout objects (top-left origin, mediabox-relative, a path
# split into subpaths and classed as line, rectangle or curve as pdfminer.converter.paint_path
# classes it), and pdfplumber's own table finder and word grouping read them: the same grid.

_LOCK = threading.Lock()  # pdfium is not thread-safe: one PDF read at a time per process
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _mult(m1: Matrix, m0: Matrix) -> Matrix:
    """``m1`` then ``m0`` (pdfminer's mult_matrix)."""
    a1, b1, c1, d1, e1, f1 = m1
    a0, b0, c0, d0, e0, f0 = m0
    return (
        a0 * a1 + c0 * b1,
        b0 * a1 + d0 * b1,
        a0 * c1 + c0 * d1,
        b0 * c1 + d0 * d1,
        a0 * e1 + c0 * f1 + e0,
        b0 * e1 + d0 * f1 + f0,
    )


class _Geometry:
    """One page's coordinates as pdfplumber computes them (see pdfplumber.page.Page.process_object)."""

    def __init__(self, page_obj: Any) -> None:
        from pdfminer.pdftypes import resolve1

        attrs = page_obj.attrs
        rotate = resolve1(attrs.get("Rotate", 0)) or 0
        if not isinstance(rotate, (int, float)):
            raise ParseError("cannot read the PDF: the page's /Rotate is not a number")
        self.rotation = rotate % 360
        raw = _box(resolve1(attrs.get("MediaBox")), self.rotation)
        mb_height = raw[3] - raw[1]
        self.height = mb_height  # pdfplumber's page.height: its bbox is the mediabox, inverted
        self.mb_x0 = raw[0]
        self.mb_top = mb_height - raw[3]
        # pdfminer's page transform (PDFPageInterpreter.process_page), from its mediabox
        x0, y0, x1, y1 = page_obj.mediabox
        rot = page_obj.rotate
        if rot == 90:
            self.ctm: Matrix = (0, -1, 1, 0, -y0, x1)
        elif rot == 180:
            self.ctm = (-1, 0, 0, -1, x1, y1)
        elif rot == 270:
            self.ctm = (0, 1, -1, 0, y1, -x0)
        else:
            self.ctm = (1, 0, 0, 1, -x0, -y0)

    def bbox(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        """A device-space box (pdfminer's x0, y0, x1, y1) as pdfplumber's (x0, top, x1, bottom)."""
        if self.mb_x0 != 0:
            x0 += self.mb_x0
            x1 += self.mb_x0
        return x0, (self.height - y1) + self.mb_top, x1, (self.height - y0) + self.mb_top

    def point(self, x: float, y: float) -> tuple[float, float]:
        """pdfplumber's point2coord of a device-space point."""
        return (self.mb_x0 + x, self.mb_top + self.height - y)


def _box(raw: Any, rotation: float) -> tuple[float, float, float, float]:
    """pdfplumber's _normalize_box (a malformed box is a ParseError, as pdfplumber's exception was)."""
    if not isinstance(raw, (list, tuple)) or len(raw) != 4 or not all(isinstance(v, (int, float)) for v in raw):
        raise ParseError(f"cannot read the PDF: the page's /MediaBox is not a rectangle: {raw!r}")
    x0, x1 = sorted((float(raw[0]), float(raw[2])))
    y0, y1 = sorted((float(raw[1]), float(raw[3])))
    return (y0, x0, y1, x1) if rotation in (90, 270) else (x0, y0, x1, y1)


class _Page:
    """What the reader needs of one page: characters (pdfplumber's char dicts, the keys word grouping
    reads), edges (pdfplumber's page.edges), counts of the objects pdfminer would have made, and
    ``bbox`` for pdfplumber's TableFinder."""

    def __init__(self, geo: _Geometry) -> None:
        self.geo = geo
        self.bbox = (geo.mb_x0, geo.mb_top, geo.mb_x0 + geo.height, geo.mb_top + geo.height)
        self.chars: list[dict[str, Any]] = []
        self.edges: list[dict[str, Any]] = []
        self.counts = {"rect": 0, "line": 0, "curve": 0, "image": 0}

    # -- paths, as pdfminer.converter.PDFLayoutAnalyzer.paint_path classes them
    def path(self, path: list[tuple[str, float, float]]) -> None:
        shape = "".join(op for op, _, _ in path)
        if shape[:1] != "m":
            return
        if shape.count("m") > 1:
            for m in re.finditer(r"m[^m]+", shape):
                self.path(path[m.start(0) : m.end(0)])
            return
        pts = [(x, y) if op != "h" else (path[0][1], path[0][2]) for op, x, y in path]
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape = shape[:-2] + "h"
            pts.pop()
        if shape in ("mlh", "ml"):
            self._line(pts[0], pts[1])
        elif shape in ("mlllh", "mllll"):
            (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
            if pts[0] == pts[4] and (
                (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
            ):
                self._rect(pts[0], pts[2])
            else:
                self._curve(pts)
        else:
            self._curve(pts)

    def _line(self, p0: tuple[float, float], p1: tuple[float, float]) -> None:
        self.counts["line"] += 1
        x0, top, x1, bottom = self.geo.bbox(min(p0[0], p1[0]), min(p0[1], p1[1]), max(p0[0], p1[0]), max(p0[1], p1[1]))
        self.edges.append(
            {
                "object_type": "line",
                "x0": x0,
                "x1": x1,
                "top": top,
                "bottom": bottom,
                "doctop": top,
                "width": x1 - x0,
                "height": bottom - top,
                "orientation": "h" if top == bottom else "v",
            }
        )

    def _rect(self, p0: tuple[float, float], p2: tuple[float, float]) -> None:
        self.counts["rect"] += 1
        dx0, dx1 = min(p0[0], p2[0]), max(p0[0], p2[0])
        dy0, dy1 = min(p0[1], p2[1]), max(p0[1], p2[1])
        x0, top, x1, bottom = self.geo.bbox(dx0, dy0, dx1, dy1)
        width, height = dx1 - dx0, dy1 - dy0  # pdfminer's, as pdfplumber keeps them
        base = {"object_type": "rect_edge", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top}
        base["width"], base["height"] = width, height
        self.edges += [
            {**base, "height": 0, "bottom": top, "orientation": "h"},
            {**base, "height": 0, "top": top + height, "doctop": top + height, "orientation": "h"},
            {**base, "width": 0, "x1": x0, "orientation": "v"},
            {**base, "width": 0, "x0": x1, "orientation": "v"},
        ]

    def _curve(self, pts: list[tuple[float, float]]) -> None:
        self.counts["curve"] += 1
        pp = [self.geo.point(x, y) for x, y in pts]
        for p0, p1 in itertools.pairwise(pp):
            self.edges.append(
                {
                    "object_type": "curve_edge",
                    "x0": min(p0[0], p1[0]),
                    "x1": max(p0[0], p1[0]),
                    "top": min(p0[1], p1[1]),
                    "doctop": min(p0[1], p1[1]),
                    "bottom": max(p0[1], p1[1]),
                    "width": abs(p0[0] - p1[0]),
                    "height": abs(p0[1] - p1[1]),
                    "orientation": "v" if p0[0] == p1[0] else ("h" if p0[1] == p1[1] else None),
                }
            )

    def n_objects(self) -> int:
        return len(self.chars) + sum(self.counts.values())

    def n_graphics(self) -> int:
        return self.counts["rect"] + self.counts["line"] + self.counts["curve"]


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


def _load_objects(c: Any, page: _Page, handle: Any, form: bool, outer: Matrix, depth: int = 0) -> None:
    """Paths and images of a page (or of a Form XObject drawn on it), in device space."""
    count = c.FPDFFormObj_CountObjects(handle) if form else c.FPDFPage_CountObjects(handle)
    fm = c.FS_MATRIX()
    for k in range(max(count, 0)):
        obj = c.FPDFFormObj_GetObject(handle, k) if form else c.FPDFPage_GetObject(handle, k)
        kind = c.FPDFPageObj_GetType(obj)
        if kind == c.FPDF_PAGEOBJ_IMAGE:
            page.counts["image"] += 1
        elif kind not in (c.FPDF_PAGEOBJ_PATH, c.FPDF_PAGEOBJ_FORM):
            continue
        if not c.FPDFPageObj_GetMatrix(obj, fm):
            continue
        m = _mult((fm.a, fm.b, fm.c, fm.d, fm.e, fm.f), outer)
        if kind == c.FPDF_PAGEOBJ_FORM:
            if depth < 8:
                _load_objects(c, page, obj, True, m, depth + 1)
            continue
        if kind != c.FPDF_PAGEOBJ_PATH:
            continue
        path: list[tuple[str, float, float]] = []
        x, y = ctypes.c_float(), ctypes.c_float()
        bezier = 0
        for s in range(c.FPDFPath_CountSegments(obj)):
            seg = c.FPDFPath_GetPathSegment(obj, s)
            if not c.FPDFPathSegment_GetPoint(seg, x, y):
                continue
            t = c.FPDFPathSegment_GetType(seg)
            px, py = _apply(m, x.value, y.value)
            if t == c.FPDF_SEGMENT_MOVETO:
                path.append(("m", px, py))
                bezier = 0
            elif t == c.FPDF_SEGMENT_LINETO:
                path.append(("l", px, py))
                bezier = 0
            else:  # a Bézier curve: three points, of which pdfminer keeps the last
                bezier += 1
                if bezier % 3:
                    continue
                path.append(("c", px, py))
            if c.FPDFPathSegment_GetClose(seg):
                path.append(("h", px, py))
        page.path(path)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _page_text(c: Any, textpage: Any, n: int) -> str:
    """The text page's characters in one call, one per character index. A ToUnicode map may give a
    lone surrogate (found by fuzzing: it failed later, when the text was written as UTF-8): it reads
    as U+FFFD."""
    buf = ctypes.create_string_buffer(2 * (n + 1))
    got = c.FPDFText_GetText(textpage, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    text = buf.raw[: 2 * max(got - 1, 0)].decode("utf-16-le", errors="surrogatepass")
    if len(text) != n:  # a character beyond the BMP takes two units: read them one index at a time
        codes = (c.FPDFText_GetUnicode(textpage, i) for i in range(n))
        text = "".join(chr(u) if 0 <= u <= 0x10FFFF else "\ufffd" for u in codes)
    return _SURROGATE.sub("\ufffd", text)


def _load_chars(c: Any, page: _Page, textpage: Any) -> None:
    """The characters of pdfium's text page (not the spaces and line ends it generates), each given
    pdfminer's box: from the font's descent below the baseline, one font size high, the advance across
    (pdfium's loose box spans the face's descent to its ascent: its sides are kept, its height is not)."""
    geo = page.geo
    n = max(c.FPDFText_CountChars(textpage), 0)
    if n == 0:
        return
    text = _page_text(c, textpage, n)
    rect = c.FS_RECTF()
    cm = c.FS_MATRIX()
    chars = page.chars
    ox, oy = ctypes.c_double(), ctypes.c_double()
    # per text object (by address): its font size, matrix, pdfminer's upright, descent, font, the font's
    # address, whether it writes vertically, whether it reads bottom to top (turned a quarter anticlockwise);
    # the same for all its characters
    objects: dict[int | None, tuple[float, Matrix, bool, float, Any, int | None, bool, bool]] = {}
    widths: dict[tuple[int | None, str, float], float | None] = {}
    width = ctypes.c_float()
    descents: dict[tuple[int | None, float], float] = {}
    ctm = geo.ctm
    simple = ctm[1] == 0 and ctm[2] == 0 and ctm[0] == 1 and ctm[3] == 1
    object_at = _address_of_text_object(c)
    for i, ch in enumerate(text):
        if ch in " \r\n" and c.FPDFText_IsGenerated(textpage, i) == 1:
            continue
        key = object_at(textpage, i)
        info = objects.get(key)
        if info is None:
            if not c.FPDFText_GetMatrix(textpage, i, cm) or not c.FPDFText_GetLooseCharBox(textpage, i, rect):
                continue
            obj = c.FPDFText_GetTextObject(textpage, i)
            fs = c.FPDFText_GetFontSize(textpage, i)
            mm: Matrix = (cm.a, cm.b, cm.c, cm.d, cm.e, cm.f)
            m = _mult(mm, ctm)
            font = c.FPDFTextObj_GetFont(obj) if obj else None
            font_at = ctypes.cast(font, ctypes.c_void_p).value if font else None
            descent = descents.get((font_at, fs))
            if descent is None:
                descent = descents[font_at, fs] = _descent(c, font, fs)
            # A vertical (CID, -V) font: pdfium's loose box ignores the text's scale, it is one font
            # size (unscaled) wide
            vertical = cm.a != 1 and abs((rect.right - rect.left) - fs) <= 1e-3 * fs
            upright = m[0] * m[3] > 0 and m[1] * m[2] <= 0
            info = objects[key] = (fs, mm, upright, descent, font, font_at, vertical, not upright and m[1] > 0)
        fs, mm, upright, descent, font, font_at, vertical, btt = info
        left = bottom = right = top = 0.0
        loose = True  # pdfium's loose box, where pdfminer's cannot be made
        origin = mm[1] == 0 and mm[2] == 0 and bool(c.FPDFText_GetCharOrigin(textpage, i, ox, oy))
        if origin:
            if vertical:
                # pdfminer's box: a square of one font size from the character's origin (pdfium has it right)
                size = fs * abs(mm[0])
                left, bottom, right, top = ox.value, oy.value, ox.value + size, oy.value + size
                loose = False
            else:
                # pdfminer's box: from the font descriptor's descent below the baseline, one font size
                # high; the advance from the font's widths (/W, /Widths) as pdfminer takes it (pdfium's
                # loose box may be wider: a substituted face's glyph)
                wkey = (font_at, ch, fs)
                if wkey in widths:
                    adv = widths[wkey]
                else:
                    ok = font and c.FPDFFont_GetGlyphWidth(font, ord(ch), ctypes.c_float(fs), width)
                    adv = widths[wkey] = float(width.value) if ok and width.value > 0 else None
                if adv is not None:
                    bottom = oy.value + descent * mm[3]
                    top = bottom + fs * mm[3]
                    left = ox.value
                    right = left + adv * mm[0]
                    loose = False
        if loose:
            if not c.FPDFText_GetLooseCharBox(textpage, i, rect):
                continue
            left, bottom, right, top = rect.left, rect.bottom, rect.right, rect.top
            if origin and not vertical:  # the height as pdfminer's, from the origin
                bottom = oy.value + descent * mm[3]
                top = bottom + fs * mm[3]
        if simple:
            x0, y0, x1, y1 = left + ctm[4], bottom + ctm[5], right + ctm[4], top + ctm[5]
        else:
            (x0, y0), (x1, y1) = _apply(ctm, left, bottom), _apply(ctm, right, top)
        if x1 < x0:
            x0, x1 = x1, x0
        if y1 < y0:
            y0, y1 = y1, y0
        bx0, btop, bx1, bbottom = geo.bbox(x0, y0, x1, y1)
        chars.append(
            {
                "text": ch,
                "x0": bx0,
                "x1": bx1,
                "top": btop,
                "bottom": bbottom,
                "doctop": btop,
                "upright": upright,
                "btt": btt,
            }
        )


def _address_of_text_object(c: Any) -> Any:
    """FPDFText_GetTextObject returning the object's address as an int (a key, no pointer object made)."""
    proto = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
    return ctypes.cast(c.FPDFText_GetTextObject, proto)


def _descent(c: Any, font: Any, fs: float) -> float:
    """A font's descent at size ``fs``, as pdfminer takes it: the standard 14 fonts' from their AFM metrics
    (pdfminer's table), the others' from the font descriptor (which pdfium reads too)."""
    from pdfminer.fontmetrics import FONT_METRICS

    if not font:
        return 0.0
    base_name: Any = getattr(c, "FPDFFont_GetBaseFontName", None) or getattr(c, "FPDFFont_GetFontName", None)
    n = base_name(font, None, 0) if base_name else 0
    if 0 < n < 256:
        buf = ctypes.create_string_buffer(n)
        base_name(font, buf, n)
        metrics = FONT_METRICS.get(buf.value.decode("latin-1"))
        if metrics is not None:
            descent = metrics[0].get("Descent", 0)
            return float(descent) * fs / 1000 if isinstance(descent, (int, float)) else 0.0
    out = ctypes.c_float(0.0)
    return float(out.value) if c.FPDFFont_GetDescent(font, ctypes.c_float(fs), out) else 0.0


def _find_tables(page: _Page) -> list[Any]:
    """pdfplumber's TableFinder (default settings: ruling lines), its cells found as in
    :func:`_intersections_to_cells`."""
    from pdfplumber.table import Table as GridTable
    from pdfplumber.table import TableFinder, TableSettings, edges_to_intersections

    settings = TableSettings.resolve(None)
    finder = TableFinder.__new__(TableFinder)
    finder.page = page  # type: ignore[assignment]
    finder.settings = settings
    edges = _close_open_ends(finder.get_edges())
    points = edges_to_intersections(edges, settings.intersection_x_tolerance, settings.intersection_y_tolerance)
    return [GridTable(page, group) for group in _cells_to_tables(_intersections_to_cells(points))]  # type: ignore[arg-type]


OPEN_END_RULES = 3  # vertical rules that start (or end) together with no rule across them: a row cut by a page break


def _close_open_ends(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The edges, with a rule drawn across the vertical rules that start (or end) at one height
    with none across them there. A browser printing a table across a page break draws the rule
    between two rows on one page only: the row at the next page's top has its columns' rules but no
    rule above it, so no cell closes above it and the row fell out of the grid (read as a line of
    text, its blank cells gone: '3.要求提供公开出版物 0 0' for seven columns). A rule is added only
    where OPEN_END_RULES vertical rules or more share the height, spanning them, and only in a grid:
    a rule across them stands between their ends (a table ruled between its columns alone stays
    text)."""
    verticals = [e for e in edges if e["orientation"] == "v"]
    horizontals = [e for e in edges if e["orientation"] == "h"]
    added: list[dict[str, Any]] = []
    for key in ("top", "bottom"):
        ends: dict[float, list[dict[str, Any]]] = {}
        for e in verticals:
            ends.setdefault(round(e[key]), []).append(e)
        for group in ends.values():
            xs = sorted({round(e["x0"], 1) for e in group})
            if len(xs) < OPEN_END_RULES:
                continue
            x0, x1 = xs[0], xs[-1]
            y_at = min(e[key] for e in group) if key == "top" else max(e[key] for e in group)
            across = [h for h in horizontals if h["x0"] <= x0 + 3 and h["x1"] >= x1 - 3]
            if any(abs(h["top"] - y_at) <= 3 for h in across):
                continue  # closed
            lo, hi = min(e["top"] for e in group), max(e["bottom"] for e in group)
            if not any(lo < h["top"] < hi for h in across):
                continue  # no rule across them anywhere: columns without rows (rules only between columns)
            added.append(
                {
                    "object_type": "line",
                    "x0": x0,
                    "x1": x1,
                    "top": y_at,
                    "bottom": y_at,
                    "doctop": y_at,
                    "width": x1 - x0,
                    "height": 0,
                    "orientation": "h",
                }
            )
    return edges + added if added else edges


def _cells_to_tables(cells: list[Any]) -> list[list[Any]]:
    """pdfplumber.table.cells_to_tables, the same tables in the same order: each pass over the cells
    left keeps those it does not take in a new list (not ``list.remove`` of each one taken)."""
    remaining = list(cells)
    current_corners: set[tuple[float, float]] = set()
    current_cells: list[Any] = []
    tables = []
    while remaining:
        initial = len(current_cells)
        left = []
        for cell in remaining:
            x0, top, x1, bottom = cell
            corners = ((x0, top), (x0, bottom), (x1, top), (x1, bottom))
            if not current_cells or any(c in current_corners for c in corners):
                current_corners.update(corners)
                current_cells.append(cell)
            else:
                left.append(cell)
        remaining = left
        if len(current_cells) == initial:
            tables.append(list(current_cells))
            current_corners.clear()
            current_cells.clear()
    if current_cells:
        tables.append(list(current_cells))
    ordered = sorted(tables, key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in ordered if len(t) > 1]


def _intersections_to_cells(intersections: dict[tuple[float, float], dict[str, list[dict[str, Any]]]]) -> list[Any]:
    """pdfplumber.table.intersections_to_cells, the same cells in the same order: each point's edges
    taken as sets of boxes once (not once per pair of points looked at), the points below and to the
    right of each from indexes by column and row."""
    bbox = itemgetter("x0", "top", "x1", "bottom")
    v_sets = {p: {bbox(e) for e in d["v"]} for p, d in intersections.items()}
    h_sets = {p: {bbox(e) for e in d["h"]} for p, d in intersections.items()}

    def connects(p1: tuple[float, float], p2: tuple[float, float]) -> bool:
        if p1[0] == p2[0] and not v_sets[p1].isdisjoint(v_sets[p2]):
            return True
        return p1[1] == p2[1] and not h_sets[p1].isdisjoint(h_sets[p2])

    points = sorted(intersections)
    by_x: dict[float, list[tuple[float, float]]] = {}
    by_y: dict[float, list[tuple[float, float]]] = {}
    for pt in points:  # in sorted order: each list sorted as pdfplumber's filtered rest is
        by_x.setdefault(pt[0], []).append(pt)
        by_y.setdefault(pt[1], []).append(pt)
    cells = []
    for pt in points[:-1]:
        col, row = by_x[pt[0]], by_y[pt[1]]
        below = col[col.index(pt) + 1 :]
        right = row[row.index(pt) + 1 :]
        found = None
        for below_pt in below:
            if not connects(pt, below_pt):
                continue
            for right_pt in right:
                if not connects(pt, right_pt):
                    continue
                corner = (right_pt[0], below_pt[1])
                if corner in intersections and connects(corner, right_pt) and connects(corner, below_pt):
                    found = (pt[0], pt[1], corner[0], corner[1])
                    break
            if found:
                break
        if found:
            cells.append(found)
    return cells


class _Centres:
    """The words of a page by the centres of their boxes: those in a cell found by bisection on the
    vertical, in the page's order (what ``_inside`` over every word gives, without the quadratic scan)."""

    def __init__(self, words: list[dict[str, Any]]) -> None:
        self.words = words
        order = sorted(range(len(words)), key=lambda k: (words[k]["top"] + words[k]["bottom"]) / 2)
        self.order = order
        self.ys = [(words[k]["top"] + words[k]["bottom"]) / 2 for k in order]
        self.xs = [(words[k]["x0"] + words[k]["x1"]) / 2 for k in order]

    def _hits(self, box: tuple[float, float, float, float]) -> list[int]:
        lo, hi = bisect.bisect_left(self.ys, box[1]), bisect.bisect_right(self.ys, box[3])
        return [self.order[j] for j in range(lo, hi) if box[0] <= self.xs[j] <= box[2]]

    def inside(self, box: tuple[float, float, float, float]) -> list[dict[str, Any]]:
        return [self.words[k] for k in sorted(self._hits(box))]

    def outside(self, boxes: list[tuple[float, float, float, float]]) -> list[dict[str, Any]]:
        hit: set[int] = set()
        for box in boxes:
            hit.update(self._hits(box))
        return [w for k, w in enumerate(self.words) if k not in hit]


PAGE_OFFSETS = range(-3, 2)  # a page's printed number minus its place in the file, for a number seen once


def _page_numbers(numbered: list[tuple[int, int, bool, Paragraph]]) -> set[int]:
    """id() of the lone numbers in the pages' margins (page, number, at the foot, line) that are page
    numbers: those numbered on from their page's place in the file by the offset two or more of them
    share, in the same margin (a cover left unnumbered, a report numbered on from another), or, when no
    two share one, by a small offset (PAGE_OFFSETS). Any other lone number there is a table's (a value
    alone on its line at a page's top or foot, as a browser prints a row whose label wraps round it, its
    page's margins narrow), and 0 is no page's number."""
    keys = Counter((n - pno, foot) for pno, n, foot, _ in numbered if n >= 1)
    shared = {key for key, k in keys.items() if k >= 2}
    ok = shared or {key for key in keys if key[0] in PAGE_OFFSETS}
    return {id(para) for pno, n, foot, para in numbered if n >= 1 and (n - pno, foot) in ok}


def read_pdf(data: bytes, name: str | None = None, options: ParseOptions | None = None) -> Document:
    """Read a PDF's bytes into a :class:`Document`."""
    options = options or ParseOptions()
    c = _pdfium()
    try:
        import pdfplumber.table  # noqa: F401  (its table finder and word grouping read the grid)
    except ImportError:  # pragma: no cover - depends on the environment
        raise UnsupportedFormatError("reading PDF needs pdfplumber: pip install 'govdisclosure[pdf]'") from None
    doc = _pdfminer_document(data)
    with _LOCK:
        buf = ctypes.create_string_buffer(data, len(data))  # pdfium reads it in place while the document is open
        pdf = c.FPDF_LoadMemDocument64(buf, len(data), None)
        if not pdf:
            err = c.FPDF_GetLastError()
            if err == c.FPDF_ERR_PASSWORD:
                raise ParseError("the PDF is encrypted; give an unencrypted copy")
            raise ParseError(f"cannot read the PDF: pdfium error {err}")
        try:
            return _read(c, pdf, doc, name, options, data)
        except ParseError:
            raise
        except Exception as exc:  # a damaged page deep inside pdfminer
            if _encrypted(exc):
                raise ParseError("the PDF is encrypted; give an unencrypted copy") from None
            raise ParseError(f"cannot read the PDF: {type(exc).__name__}: {exc}") from None
        finally:
            c.FPDF_CloseDocument(pdf)
            del buf


def _pdfminer_document(data: bytes) -> Any:
    """The document as pdfminer parses it (objects only, no page interpreted): the budgets walk it."""
    _linear_pdfminer()
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    try:
        return PDFDocument(PDFParser(io.BytesIO(data)))
    except Exception as exc:  # pdfminer raises many kinds, often wrapped
        if _encrypted(exc):
            raise ParseError("the PDF is encrypted; give an unencrypted copy") from None
        raise ParseError(f"cannot read the PDF: {type(exc).__name__}: {exc}") from None


def _pages(c: Any, pdf: Any, doc: Any, options: ParseOptions) -> Iterator[_Page]:
    """The pages one at a time, each measured by the budgets before pdfium loads it, and closed once read."""
    from pdfminer.pdfpage import PDFPage

    budget = _StreamBudget(options)
    pages = PDFPage.create_pages(doc)
    n_pages = c.FPDF_GetPageCount(pdf)
    for i in range(1, n_pages + 1):
        if i > options.max_pages:
            raise InputTooLargeError(f"the PDF has more than {options.max_pages} pages (ParseOptions.max_pages)")
        page_obj = next(pages, None)
        if page_obj is None:  # pdfium sees a page pdfminer does not: its streams cannot be measured first
            raise ParseError(f"cannot read the PDF: page {i} is not in its page tree")
        budget.page(i, page_obj)
        geo = _Geometry(page_obj)
        handle = c.FPDF_LoadPage(pdf, i - 1)
        if not handle:
            raise ParseError(f"cannot read the PDF: page {i} cannot be loaded")
        try:
            page = _Page(geo)
            _load_objects(c, page, handle, False, geo.ctm)
            textpage = c.FPDFText_LoadPage(handle)
            if textpage:
                try:
                    _load_chars(c, page, textpage)
                finally:
                    c.FPDFText_ClosePage(textpage)
        finally:
            c.FPDF_ClosePage(handle)
        yield page


def _read(c: Any, pdf: Any, doc: Any, name: str | None, options: ParseOptions, data: bytes = b"") -> Document:
    from pdfplumber.utils.text import extract_words

    pages: list[list[tuple[float, Block]]] = []
    margin_text: Counter[str] = Counter()
    in_margins: set[int] = set()  # id() of the lines read in a page's margins
    numbered: list[tuple[int, int, bool, Paragraph]] = []  # lone numbers in a page's margins: page numbers?
    any_text = False
    n_table = 0
    scanner: Any = None  # reads pages without a text layer by OCR, one at a time
    objects_seen = 0
    graphics_seen = 0
    carry: tuple[_aligned.Columns, float] | None = None  # table 三's columns, run on from the page before
    for pno, page in enumerate(_pages(c, pdf, doc, options), start=1):
        items: list[tuple[float, Block]] = []
        n_objects = page.n_objects()
        if n_objects > options.max_page_objects:
            raise InputTooLargeError(
                f"page {pno} of the PDF holds {n_objects} characters and graphic objects, more than "
                f"{options.max_page_objects} (ParseOptions.max_page_objects)"
            )
        n_graphics = page.n_graphics()
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
        elif page.counts["image"]:
            if scanner is None:
                from ._ocr import PdfScanner

                scanner = PdfScanner(data)
            scanned, n_table = scanner.page(pno, n_table)
            pages.append(scanned)
            carry = None
            continue
        tables = _find_tables(page)
        boxes = [t.bbox for t in tables]
        all_words = extract_words(page.chars, x_tolerance=1.5, y_tolerance=2, extra_attrs=["btt"])
        for w in all_words:
            if w["btt"]:  # a heading turned a quarter anticlockwise reads upwards ('议复政行' top down)
                w["text"] = w["text"][::-1]
        centres = _Centres(all_words)
        for t in tables:
            rows: list[tuple[Cell, ...]] = []
            for r, row in enumerate(t.rows):
                cells: list[Cell] = []
                for col, box in enumerate(row.cells):
                    loc = Location(page=pno, table=n_table, row=r, col=col, bbox=box)
                    if box is None:
                        cells.append(Cell("", loc, copy=True))
                        continue
                    lines = _lines(centres.inside(box))
                    text = join_cell_words(
                        ([w["text"] for w in line] for line in lines),
                        hard_breaks([[(w["x0"], w["top"], w["x1"], w["bottom"]) for w in line] for line in lines], box),
                    )
                    cells.append(Cell(text.strip() or " ", loc))
                rows.append(tuple(cells))
            items.append((t.bbox[1], Table(tuple(rows), Location(page=pno, table=n_table, bbox=t.bbox))))
            n_table += 1
        words = centres.outside(boxes)
        height = float(page.geo.height)
        kept: list[tuple[list[dict[str, Any]], str, float, tuple[float, float, float, float], bool]] = []
        for line in _lines(words):
            text = " ".join(w["text"] for w in line).strip()
            top = float(line[0]["top"])
            bbox = (min(w["x0"] for w in line), top, max(w["x1"] for w in line), max(w["bottom"] for w in line))
            in_margin = top < height * _MARGIN or bbox[3] > height * (1 - _MARGIN)
            if in_margin:
                margin_text[text] += 1
            if in_margin and PAGE_FURNITURE.match(text):
                continue
            kept.append((line, text, top, bbox, in_margin))
        lone = {i for i, k in enumerate(kept) if k[4] and k[1].isdecimal()}  # page numbers, or a table's values
        # table 三 printed without rules: each line's cells told by its header's columns (_aligned)
        chars = _Centres(page.chars).outside(boxes) if boxes else page.chars
        rest = [i for i in range(len(kept)) if i not in lone]
        apart, carry = _aligned.rewrite([kept[i][0] for i in rest], chars, carry)
        for j, i in enumerate(rest):
            if j in apart:
                kept[i] = (kept[i][0], apart[j], *kept[i][2:])
        for i, (_, text, top, bbox, in_margin) in enumerate(kept):
            para = Paragraph(text, Location(page=pno, bbox=bbox))
            if in_margin:
                in_margins.add(id(para))
            if i in lone:
                numbered.append((pno, int(text), top > height / 2, para))
            items.append((top, para))
        items.sort(key=lambda it: it[0])
        pages.append(items)
    if scanner is not None:
        scanner.close()
    if not any_text and scanner is None:
        raise ParseError("the PDF has no text layer, and no page images for OCR to read")
    # a running head or foot: words repeated in the margins of most pages, dropped there only (the
    # same words in the body are the report's), and never a line of numbers alone ('0 |', '0 0 0':
    # a table's rows, which fall at a page's top or foot as often as not)
    repeated = {t for t, n in margin_text.items() if n >= 3 and n >= len(pages) // 2 and any(ch.isalpha() for ch in t)}
    page_numbers = _page_numbers(numbered)
    blocks: list[Block] = [
        b
        for items in pages
        for _, b in items
        if not (isinstance(b, Paragraph) and b.text in repeated and id(b) in in_margins) and id(b) not in page_numbers
    ]
    unread = tuple(scanner.unread) if scanner is not None else ()
    return Document(tuple(blocks), "pdf" if scanner is None else "pdf-ocr", name, unread_pages=unread)
