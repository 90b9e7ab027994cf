"""The OCR reader: scanned PDF pages and page images to a Document (the ``[ocr]`` extra).

Each page is handled on its own (memory stays flat across pages):

1. the page image (a PDF page rendered by pypdfium2 at :data:`RENDER_DPI`, or a
   PNG / JPEG / TIFF frame read by Pillow) becomes grey;
2. a page turned by 90° is found from the shape of the text boxes, a page
   upside down from RapidOCR's angle classifier on the longest lines; the skew
   (up to ±:data:`MAX_SKEW` degrees) is measured by projection profiles and
   undone;
3. RapidOCR (PP-OCR models that ship inside the ``rapidocr-onnxruntime`` wheel:
   nothing is downloaded) finds and reads the text boxes;
4. ruled tables are found from their lines; merged cells are told by a missing
   line between two grid cells, as in a text PDF; each box goes to the cell
   that holds its centre, and a cell with ink but no box is read on its own
   (writing that still cannot be read makes the cell :data:`UNREAD`, never a
   printed blank);
   rows of boxes without ruled lines are split into columns at the numbers'
   horizontal positions, or placed in the columns of the table's header where
   that is certain (:func:`_header_bands`);
5. the rest of the boxes become lines of text, in reading order with the tables.

Every cell and line keeps its page, box and the OCR confidence (the lowest
confidence of its boxes). Values read with a confidence under
:data:`LOW_CONFIDENCE`, whatever they were read as, are doubtful
(:func:`review`): one the identities settle is taken from them (marked
inferred, an ``ocr-settled`` diagnostic), any other is named in an
``ocr-low-confidence`` diagnostic, its identities are not checkable, and the
diagnosis names it as the probable misread.

Bounds: at most :data:`MAX_PAGES` pages are read by OCR per document (a clear
error past that), pages are rendered at :data:`RENDER_DPI`, an image side is
scaled down to :data:`MAX_SIDE` pixels. The work on one page is bounded before
the models run on it: at most :data:`MAX_GRID_CELLS` cells of ruled tables, at
most :data:`MAX_BOXES` text boxes found, and at most :data:`MAX_READS` pieces
given to the recognizer (a dense ruled grid would otherwise have every one of
its cells read, for minutes); past one, :class:`~govdisclosure.InputTooLargeError`
names the page and the bound. The time spent on a document is bounded by
``ParseOptions.max_seconds`` (:func:`time_budget`), checked before every call of
a model: past it, :class:`~govdisclosure.TimeBudgetError`.

Nothing heavy is imported until a scan is read: ``import govdisclosure`` does not
load numpy, OpenCV, ONNX Runtime or Pillow.
"""

from __future__ import annotations

import bisect
import contextlib
import contextvars
import ctypes
import functools
import io
import itertools
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import attrs

from ...exceptions import InputTooLargeError, ParseError, TimeBudgetError, UnsupportedFormatError
from .._document import (
    PAGE_FURNITURE,
    Block,
    Cell,
    Document,
    Location,
    Paragraph,
    Rect,
    Table,
    hard_breaks,
    join_cell_words,
)
from .._result import Diagnostic, Parsed, Provenance
from ..recognizer._build import zh
from ._lean import lean_model

__all__ = [
    "LOW_CONFIDENCE",
    "MAX_BOXES",
    "MAX_GRID_CELLS",
    "MAX_PAGES",
    "MAX_READS",
    "RENDER_DPI",
    "PdfScanner",
    "confidence_diagnostics",
    "read_image",
    "review",
    "time_budget",
    "unreadable",
]

MAX_PAGES = 60  # pages read by OCR in one document
RENDER_DPI = 200  # PDF pages are rendered at this resolution
MAX_SIDE = 3600  # pixels: a larger page image is scaled down (A4 at 300 dpi is 3508)
MAX_PIXELS = 60_000_000  # a page image larger than this is refused before it is decoded
MAX_BOXES = 1500  # text boxes found on one page (a dense page of prose has a few hundred)
MAX_GRID_CELLS = 1500  # cells of the ruled tables of one page (a report's largest table has about 300)
MAX_READS = 2000  # pieces of one page given to the recognizer (its boxes, split at rules, and cells read again)
UPRIGHT_SIDE = 800  # pixels: the page's orientation and text size are found on it scaled to this side
DET_BOX_HEIGHT = 30  # pixels: the detector reads a page scaled so that its text boxes are about this high
DET_LIMIT = 2000  # pixels: RapidOCR's detector reads a page scaled so that its longer side is at most this
# Pixels of the detector's input read at once: a larger page is read in bands of rows. Off (above the
# 2000 x 2000 the detector is ever given): 600_000 keeps a worker under 500 MiB, but the model weighs its
# channels by their mean over what it reads, and in bands it lost table 四's thin 1s on a harsh 150-dpi scan
# of a real report (github-013: 196 -> 181 cells right, all named) that it reads whole.
DET_BAND_PIXELS = 4_000_001
DET_OVERLAP = 96  # rows of the page above and below a band read with it (not kept): the context of its edges
REC_CHUNK = 60  # pieces recognised between two checks of the time budget
REC_HEIGHT, REC_WIDTH = 48, 320  # the recognizer's input: pieces scaled to 48 px high, padded to 320 px wide
REC_PAD = 160  # pixels of padding a piece narrower than REC_WIDTH - REC_PAD is given instead
MAX_SKEW = 5.0  # degrees
FAINT_RULE = 140  # grey level: a table whose rules are lighter than this is printed with faint rules
LOW_CONFIDENCE = 0.8  # a value read with less is named in a diagnostic
UNREAD = "?"  # the text of a table cell with writing OCR could not read (its row is then not read)
INSTALL_HINT = "pip install 'govdisclosure[ocr]'"

_NUMERIC = re.compile(r"^[-－−+]?[0-9oOlIQD]+(?:[.,][0-9oOlIQD]+)*$")
_HAS_DIGIT = re.compile(r"\d")
_LOOKALIKE = re.compile(r"[oOlIQD]")
_SPECKS = re.compile(r"[.。·°',，:：;；_~`^]*([-－−+]?[0-9oOlIQD]+(?:\.[0-9]+)?)[.。·°',，:：;；\-_~`^]*")
_SPECK_ONLY = re.compile(r"[.。·°',，:：;；_~`^]+")  # what dust or a blurred digit reads as on its own
_DIGITLIKE = re.compile(r"[\s0-9oOlIQD〇。.·°',，|\[\]]+")  # zeros read as o or 。 side by side: "0 ooo 0 。o"
_MAYBE_DIGIT = re.compile(r"[A-Za-z]{1,2}")  # a cell read as "Q" or "D" alone: a digit misread, read again


def _deps() -> tuple[Any, Any, Any]:
    """numpy, cv2 and the RapidOCR engine class, or a clear error naming the extra."""
    try:
        import cv2
        import numpy as np
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        raise UnsupportedFormatError(
            f"reading a scan (a PDF without a text layer, or a page image) needs OCR: {INSTALL_HINT}"
        ) from None
    return np, cv2, RapidOCR


_ENGINE: Any = None
_LIBC: Any = None  # glibc, for malloc_trim (False elsewhere)

# (deadline on time.monotonic(), the budget in seconds) of the document being read in this context
_DEADLINE: contextvars.ContextVar[tuple[float, float] | None] = contextvars.ContextVar("_DEADLINE", default=None)


@contextlib.contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Reading by OCR inside the block stops with :class:`TimeBudgetError` once ``seconds`` have passed
    (checked before every call of a model); ``None``: no budget."""
    token = _DEADLINE.set(None if seconds is None else (time.monotonic() + seconds, seconds))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _in_time(pno: int) -> None:
    budget = _DEADLINE.get()
    if budget is not None and time.monotonic() > budget[0]:
        raise TimeBudgetError(
            f"reading the scan by OCR took longer than its time budget of {budget[1]:g} s (at page {pno}; "
            "ParseOptions.max_seconds, --max-seconds)"
        )


@attrs.define
class _Work:
    """What one page may still cost: pieces the recognizer may read."""

    pno: int
    reads: int = 0

    def read(self, n: int, what: str) -> None:
        """Count ``n`` more pieces for the recognizer, before it runs; past the bound, a clear error."""
        self.reads += n
        if self.reads > MAX_READS:
            raise InputTooLargeError(
                f"page {self.pno} would have the recognizer read {self.reads} pieces ({what}), over the bound of "
                f"{MAX_READS} a page: not a report's page (a dense grid or noise?)"
            )


def _recognise(engine: Any, crops: Sequence[Any], pno: int) -> list[tuple[Any, Any]]:
    """The recognizer's (text, score) for each crop, in calls of REC_CHUNK crops with the time budget
    checked before each."""
    out: list[tuple[Any, Any]] = []
    for start in range(0, len(crops), REC_CHUNK):
        _in_time(pno)
        rec, _ = engine.text_rec(list(crops[start : start + REC_CHUNK]))
        out += rec
    return out


class _Recognizer:
    """RapidOCR's recognizer, one piece a call, a short piece padded less.

    RapidOCR scales a piece to REC_HEIGHT pixels high and pads it with grey to at least REC_WIDTH wide
    (and a batch to its widest piece: one piece a call costs half the CPU and memory). A piece no wider
    than REC_WIDTH - REC_PAD at that height (a number, a short label: most of a table's pieces) is given
    REC_PAD pixels of grey instead, which costs the recognizer a fifth to two fifths less (its cost
    grows with the width: a lone digit is 30-40 px wide); wider pieces are read by RapidOCR as they
    were. With no padding at all, the model reads a lone 0 as "o"; with REC_PAD a few lone 0s read
    surely at 320 px come back under LOW_CONFIDENCE (named, never wrong; REC_PAD = REC_WIDTH reads
    every piece as RapidOCR does)."""

    def __init__(self, rec: Any) -> None:
        self.rec = rec

    def __call__(self, crops: Sequence[Any]) -> tuple[list[tuple[Any, Any]], float]:
        import math

        np, cv2, _ = _deps()
        out = []
        for crop in crops:
            h, w = crop.shape[:2]
            width = math.ceil(REC_HEIGHT * w / float(h))
            if width + REC_PAD >= REC_WIDTH:
                (res,), _ = self.rec([crop])
            else:
                img = cv2.resize(crop, (width, REC_HEIGHT)).astype("float32").transpose((2, 0, 1)) / 255
                x = np.zeros((1, 3, REC_HEIGHT, width + REC_PAD), dtype=np.float32)
                x[0, :, :, :width] = (img - 0.5) / 0.5
                (res,) = self.rec.postprocess_op(self.rec.session(x)[0])
            out.append(res)
        return out, 0.0


class _Detector:
    """RapidOCR's text detector, given a grey page, reading a large page in bands of rows.

    Its working memory is about 300 bytes a pixel of what it reads at once (1.4 MP: 400 MiB, which glibc
    then keeps): a page larger than DET_BAND_PIXELS is read in bands of rows (multiples of 32), each with
    DET_OVERLAP rows of the page above and below it read but not kept, and the bands' maps of text (one
    probability a pixel) are put together before the boxes are found on the whole map, as RapidOCR finds
    them (a box is never cut at a band's edge). The map is not the page's to the last bit (the model
    weighs its channels by their mean over what it reads): boxes move by a pixel or two. A smaller page is
    read in one piece, as RapidOCR reads it. The page is scaled and normalized as RapidOCR does (its
    longer side at most DET_LIMIT, its sides multiples of 32, -1..1), from one grey channel instead of
    three in float64. The heap is given back to the system before the model runs (what the page's image
    work freed, which the model's large blocks would not reuse) and after it."""

    def __init__(self, det: Any) -> None:
        np, _, _ = _deps()
        self.det = det
        # grey level -> the model's input: RapidOCR's own float64 formula, cast as it casts it
        self.lut = ((np.arange(256).astype("float32") * (1 / 255.0) - np.array([0.5])) / np.array([0.5])).astype(
            np.float32
        )

    def __call__(self, gray: Any) -> tuple[Any, float]:
        np, cv2, _ = _deps()
        h, w = gray.shape[:2]
        ratio = DET_LIMIT / max(h, w) if max(h, w) > DET_LIMIT else 1.0
        rh, rw = (round(int(v * ratio) / 32) * 32 for v in (h, w))
        if rh <= 0 or rw <= 0:
            return None, 0.0
        _trim()  # what the page's image work freed: the model's large blocks do not reuse it
        x = self.lut[cv2.resize(gray, (rw, rh))]
        prob = self._map(np, x)
        del x
        _trim()  # what the model freed, before the boxes are found and the pieces read
        quads, _ = self.det.postprocess_op(prob, (h, w))
        return self.det.filter_tag_det_res(quads, (h, w)), 0.0

    def _map(self, np: Any, x: Any) -> Any:
        h, w = x.shape
        rows = max(64, (DET_BAND_PIXELS // w - 2 * DET_OVERLAP) // 32 * 32)
        if h <= rows + 2 * DET_OVERLAP:
            return self.det.infer(np.ascontiguousarray(np.broadcast_to(x, (1, 3, h, w))))[0]
        out = np.empty((1, 1, h, w), dtype=np.float32)
        for y in range(0, h, rows):
            a, b = max(0, y - DET_OVERLAP), min(h, y + rows + DET_OVERLAP)
            part = self.det.infer(np.ascontiguousarray(np.broadcast_to(x[a:b], (1, 3, b - a, w))))[0]
            e = min(h, y + rows)
            out[0, 0, y:e] = part[0, 0, y - a : e - a]
        return out


def _engine() -> Any:
    global _ENGINE
    if _ENGINE is None:
        _, _, rapid = _deps()
        # One thread per process: batches run one process per core.
        # The recognizer reads one piece a call: a batch pads every piece to the widest one's width
        # (a page's pieces run from a digit to a line of prose), which cost twice the CPU and memory.
        _ENGINE = rapid(
            intra_op_num_threads=1,
            inter_op_num_threads=1,
            det_limit_type="max",
            det_limit_side_len=MAX_SIDE,
            rec_batch_num=1,
        )
        _ENGINE.text_det.infer.session = _Session.of(_ENGINE.text_det.infer.session)
        _ENGINE.text_rec.session.session = _Session.of(_ENGINE.text_rec.session.session)
        _ENGINE.text_rec = _Recognizer(_ENGINE.text_rec)
        _ENGINE.text_det = _Detector(_ENGINE.text_det)
    return _ENGINE


class _Session:
    """An ONNX Runtime session of one of RapidOCR's models with ONNX Runtime's memory
    arena on, which the arena gives back at the end of each call (the run option
    ``memory.enable_memory_arena_shrinkage``): RapidOCR's options otherwise. The model is loaded with its
    elementwise tails folded (:mod:`._lean`): the same function, outputs equal to RapidOCR's session's
    within float rounding, at 0.52-0.72 of the recognizer's CPU and 0.66 of the detector's.

    RapidOCR turns the arena off: every call then allocates its tensors from the heap and gives them back,
    and the pages of its large blocks are faulted in again each call. With the arena, one call's tensors
    come out of the blocks it reserved; shrunk at the end of the call, it holds nothing between calls
    (a page's memory is not kept for the next one). Measured on the inputs of 7 pages: the detector's CPU
    8.6 -> 5.6 s, the recognizer's 16.5 -> 15.0 s."""

    def __init__(self, model: Any, opts: Any) -> None:
        import onnxruntime as ort

        opts.enable_cpu_mem_arena = True
        # Planned in one block per shape of input; the recognizer's pieces come in every width: without the
        # plan, its peak is a third of what it is with it, at the same CPU (the detector's: the same)
        opts.enable_mem_pattern = False
        self.path = model if isinstance(model, str) else None  # the model's file, as RapidOCR loaded it
        source = lean_model(model) if isinstance(model, str) else model
        providers = [("CPUExecutionProvider", {"arena_extend_strategy": "kSameAsRequested"})]
        try:
            self.session = ort.InferenceSession(source, sess_options=opts, providers=providers)
        except Exception:
            if source is model:
                raise
            source = model  # the model rewritten refused (never seen; a damaged cache): the file as it is
            self.session = ort.InferenceSession(source, sess_options=opts, providers=providers)
        self.lean = source is not model  # loaded with its tails folded
        self.options = ort.RunOptions()
        self.options.add_run_config_entry("memory.enable_memory_arena_shrinkage", "cpu:0")

    @classmethod
    def of(cls, session: Any) -> Any:
        """RapidOCR's session made again from the same file with the arena (as it is if not loaded from a file)."""
        path = getattr(session, "_model_path", None)  # where RapidOCR loaded it from
        return cls(path, session.get_session_options()) if isinstance(path, str) else session

    def run(self, names: Any, feeds: Any) -> Any:
        return self.session.run(names, feeds, self.options)

    def __getattr__(self, name: str) -> Any:  # get_inputs, get_outputs, get_modelmeta: the session's own
        return getattr(self.session, name)


@attrs.frozen
class _Box:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    conf: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def h(self) -> float:
        return self.y1 - self.y0


# --------------------------------------------------------------------------- page image
def _prepare(np: Any, cv2: Any, gray: Any) -> Any:
    """Scale a grey page image down to MAX_SIDE."""
    h, w = gray.shape[:2]
    if max(h, w) > MAX_SIDE:
        f = MAX_SIDE / max(h, w)
        gray = cv2.resize(gray, (max(1, int(w * f)), max(1, int(h * f))), interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(gray)


def _binary(cv2: Any, gray: Any) -> Any:
    """Ink as 255 on 0, after a median filter that removes scanner speckle."""
    return cv2.threshold(cv2.medianBlur(gray, 3), 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1]


def _order(np: Any, pts: Any) -> Any:
    """Four corners as top-left, top-right, bottom-right, bottom-left."""
    s = pts.sum(axis=1)
    d = pts[:, 1] - pts[:, 0]
    return np.float32([pts[s.argmin()], pts[d.argmin()], pts[s.argmax()], pts[d.argmax()]])


def _flatten(np: Any, cv2: Any, gray: Any) -> tuple[Any, bool]:
    """A page photographed on a darker surface, straightened: its quadrilateral found (the largest
    bright region with four corners), warped to a rectangle, and its light evened (divided by the
    page's own background, which a shadow darkens). A scan (the page fills the image) is left as it is."""
    h, w = gray.shape[:2]
    f = min(1.0, 800 / max(h, w))
    small = cv2.resize(gray, (max(1, int(w * f)), max(1, int(h * f))), interpolation=cv2.INTER_AREA)
    bright = cv2.threshold(cv2.GaussianBlur(small, (5, 5), 0), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return gray, False
    page = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(page) / float(small.shape[0] * small.shape[1])
    if area < 0.25 or area > 0.9:  # no page on a surface, or the page fills the image (a scan)
        return gray, False
    quad = cv2.approxPolyDP(page, 0.02 * cv2.arcLength(page, True), True)
    if len(quad) != 4 or not cv2.isContourConvex(quad):
        return gray, False
    # A page on a surface: clear of the image's edges, the surface around it much darker than it (not the
    # dim side of a scan lit unevenly, which a threshold also splits off).
    sh, sw = small.shape[:2]
    corners = quad.reshape(4, 2)
    if (
        corners[:, 0].min() < 0.01 * sw
        or corners[:, 0].max() > 0.99 * sw
        or corners[:, 1].min() < 0.01 * sh
        or corners[:, 1].max() > 0.99 * sh
    ):
        return gray, False
    inside = np.zeros_like(small)
    cv2.fillConvexPoly(inside, corners.astype(np.int32), 255)
    page_light = float(np.median(small[inside > 0]))
    desk_light = float(np.median(small[inside == 0]))
    if desk_light > 0.7 * page_light:
        return gray, False
    src = _order(np, quad.reshape(4, 2).astype(np.float32) / f)
    width = int(max(np.linalg.norm(src[1] - src[0]), np.linalg.norm(src[2] - src[3])))
    height = int(max(np.linalg.norm(src[3] - src[0]), np.linalg.norm(src[2] - src[1])))
    dst = np.float32([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]])
    m = cv2.getPerspectiveTransform(src, dst)
    flat = cv2.warpPerspective(gray, m, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)
    # even the light: the page's background (writing closed over) divided out
    k = max(15, (max(width, height) // 60) | 1)
    background = cv2.morphologyEx(flat, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    background = cv2.GaussianBlur(background, (0, 0), k / 2)
    even = cv2.divide(flat, np.maximum(background, 1), scale=255)
    return np.ascontiguousarray(even), True


def _rotate(cv2: Any, gray: Any, angle: float) -> Any:
    h, w = gray.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def _skew(np: Any, cv2: Any, gray: Any) -> float:
    """The rotation (degrees) that makes text lines and rules horizontal: sharpest row profile."""
    h, w = gray.shape[:2]
    f = min(1.0, 1000 / max(h, w))
    small = cv2.resize(gray, (max(1, int(w * f)), max(1, int(h * f))), interpolation=cv2.INTER_AREA)
    b = _binary(cv2, small)
    sh, sw = b.shape

    def score(a: float) -> float:
        m = cv2.getRotationMatrix2D((sw / 2, sh / 2), a, 1.0)
        r = cv2.warpAffine(b, m, (sw, sh), flags=cv2.INTER_NEAREST, borderValue=0)
        p = r.sum(axis=1, dtype=np.float64)
        return float(((p[1:] - p[:-1]) ** 2).sum())

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.5), key=score)
    best = max(np.arange(best - 0.4, best + 0.41, 0.1), key=score)
    return round(float(best), 2)


def _quads_to_boxes(np: Any, quads: Any) -> list[tuple[float, float, float, float]]:
    out = []
    for q in quads:
        q = np.asarray(q, dtype=np.float64)
        out.append((float(q[:, 0].min()), float(q[:, 1].min()), float(q[:, 0].max()), float(q[:, 1].max())))
    return out


def _detect(np: Any, engine: Any, gray: Any, pno: int) -> list[tuple[float, float, float, float]]:
    _in_time(pno)
    quads, _ = engine.text_det(gray)
    if quads is None or len(quads) == 0:
        return []
    if len(quads) > MAX_BOXES:
        raise InputTooLargeError(
            f"page {pno} holds {len(quads)} text boxes, over the bound of {MAX_BOXES} a page: not a report's page"
        )
    return _quads_to_boxes(np, quads)


def _crop(np: Any, gray: Any, box: tuple[float, float, float, float]) -> Any:
    h, w = gray.shape[:2]
    x0, y0, x1, y1 = (round(v) for v in box)
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, max(x1, x0 + 1)), min(h, max(y1, y0 + 1))
    c = gray[y0:y1, x0:x1]
    return np.ascontiguousarray(np.dstack([c, c, c]))


def _upright(np: Any, cv2: Any, engine: Any, gray: Any, pno: int) -> tuple[Any, int, float, float | None]:
    """Turn the page so that its text runs left to right, top to bottom; returns it, the turn (degrees),
    its skew (degrees, as :func:`_skew`) and the median height of its text boxes in the page's pixels
    (None without text)."""
    h, w = gray.shape[:2]
    f = min(1.0, UPRIGHT_SIDE / max(h, w))
    small = cv2.resize(gray, (max(1, int(w * f)), max(1, int(h * f))), interpolation=cv2.INTER_AREA)
    # The skew first, then one detection on the small copy made level: it tells a page turned by 90° (its
    # boxes taller than wide) and, on an upright page (nearly every page), also gives the longest lines
    # that tell up from down, and the text's height. A page turned by 90° is turned, and its skew and
    # lines found again.
    angle = _skew(np, cv2, gray)
    level = _level(np, cv2, engine, small, angle, pno)
    wide = sum(1 for x0, y0, x1, y1 in level if x1 - x0 > 1.5 * (y1 - y0))
    tall = sum(1 for x0, y0, x1, y1 in level if y1 - y0 > 1.5 * (x1 - x0))
    turn = 0
    if tall > wide and tall >= 3:
        gray = np.ascontiguousarray(np.rot90(gray, -1))  # 90° clockwise
        small = np.ascontiguousarray(np.rot90(small, -1))
        turn = 90
        angle = _skew(np, cv2, gray)
        level = _level(np, cv2, engine, small, angle, pno)
    if abs(angle) >= 0.1:
        small = _rotate(cv2, small, angle)
    # The longest lines tell up from down, read level: on a page skewed by 3°, a line's box also takes in
    # pieces of the lines above and below it, and the classifier was once fooled into turning it over.
    lines = sorted((b for b in level if b[2] - b[0] > 3 * (b[3] - b[1])), key=lambda b: b[0] - b[2])[:12]
    if lines:
        _in_time(pno)
        _, cls, _ = engine.text_cls([_crop(np, small, b) for b in lines])
        up = sum(float(s) for label, s in cls if str(label) == "0")
        down = sum(float(s) for label, s in cls if str(label) == "180")
        if down > up:
            gray = np.ascontiguousarray(np.rot90(gray, 2))
            turn = (turn + 180) % 360
    heights = sorted(b[3] - b[1] for b in level if b[2] - b[0] > b[3] - b[1])
    return gray, turn, angle, (heights[len(heights) // 2] / f if heights else None)


def _level(
    np: Any, cv2: Any, engine: Any, small: Any, angle: float, pno: int
) -> list[tuple[float, float, float, float]]:
    """The text boxes of the small copy of a page, turned by ``angle`` (its skew) first."""
    return _detect(np, engine, _rotate(cv2, small, angle) if abs(angle) >= 0.1 else small, pno)


def _detect_sized(
    np: Any, cv2: Any, engine: Any, gray: Any, pno: int, box_height: float | None
) -> list[tuple[float, float, float, float]]:
    """Text boxes found on the page scaled so that its text boxes are about DET_BOX_HEIGHT pixels high
    (the detector needs no more; its cost grows with the pixels), in the page's pixels."""
    if box_height is None or box_height <= DET_BOX_HEIGHT * 1.2:
        return _detect(np, engine, gray, pno)
    f = DET_BOX_HEIGHT / box_height
    h, w = gray.shape[:2]
    small = cv2.resize(gray, (max(1, int(w * f)), max(1, int(h * f))), interpolation=cv2.INTER_AREA)
    fx, fy = w / small.shape[1], h / small.shape[0]
    return [(x0 * fx, y0 * fy, x1 * fx, y1 * fy) for x0, y0, x1, y1 in _detect(np, engine, small, pno)]


def _read_boxes(
    np: Any, engine: Any, gray: Any, boxes: Sequence[tuple[float, float, float, float]], pno: int
) -> list[_Box]:
    """Recognise the text in each box; boxes read as nothing are dropped."""
    if not boxes:
        return []
    rec = _recognise(engine, [_crop(np, gray, b) for b in boxes], pno)
    out = []
    for b, (text, score) in zip(boxes, rec, strict=True):
        text = str(text).strip()
        if text:
            out.append(_Box(*b, text, round(float(score), 3)))
    return out


def _stretch(cols: Any, x: float, step: int, gap: float) -> float:
    """``x`` moved left (``step`` < 0) or right over the ink columns ``cols`` while no gap wider than ``gap``."""
    best = x
    while True:
        if step < 0:
            near = cols[(cols < best) & (cols >= best - gap)]
            nxt = float(near.min()) if near.size else None
        else:
            near = cols[(cols > best) & (cols <= best + gap)]
            nxt = float(near.max()) + 1 if near.size else None
        if nxt is None or nxt == best:
            return best
        best = nxt


def _segments(np: Any, ink: Any, boxes: Sequence[Rect], others: Sequence[Rect] = ()) -> list[Rect]:
    """Boxes on one text line joined where the ink between them is continuous, and stretched over
    ink the detector left out at either end (a short heading number such as "二、" is often missed).
    Only boxes level with each other are joined: a label printed halfway between two rows of a table
    without rules overlaps both, and would otherwise join pieces of two rows into one tall segment.
    A segment is never stretched over another box of the line or of ``others`` (the page's other boxes)
    level with it."""
    if not boxes:
        return []
    boxes = sorted(boxes, key=lambda b: b[0])
    groups: list[list[float]] = []
    for b in boxes:
        if groups:
            g = groups[-1]
            h = g[3] - g[1]
            level = min(g[3], b[3]) - max(g[1], b[1]) >= 0.6 * min(h, b[3] - b[1])
            if level and b[0] - g[2] <= 1.2 * h:
                g[1], g[2], g[3] = min(g[1], b[1]), max(g[2], b[2]), max(g[3], b[3])
                continue
        groups.append([b[0], b[1], b[2], b[3]])
    for seg in groups:
        y0, y1 = seg[1], seg[3]
        h = y1 - y0
        band = ink[int(y0 + 0.2 * h) : max(int(y1 - 0.2 * h), int(y0 + 0.2 * h) + 1), :]
        # a column is writing with a few pixels of ink: a speck of a harsh scan's grain is one or two, and
        # specks a character's width apart carried a segment over a whole blank row into the next column
        thick = max(3, int(0.1 * band.shape[0]))
        cols = np.flatnonzero((band > 0).sum(axis=0) >= thick) if band.size else np.zeros(0, dtype=int)
        gap = 1.2 * h

        # never over another segment of the line (a lone 理 stretched over the row beside it)
        near = [g for g in [*groups, *others] if g is not seg and min(g[3], y1) > max(g[1], y0)]
        left = max((g[2] for g in near if g[2] <= seg[0]), default=-1e9)
        right = min((g[0] for g in near if g[0] >= seg[2]), default=1e9)
        seg[0] = max(min(seg[0], _stretch(cols, seg[0], -1, gap) - 0.15 * h), min(seg[0], left))
        seg[2] = min(max(seg[2], _stretch(cols, seg[2], 1, gap) + 0.15 * h), max(seg[2], right))
    return [(a, b, c, d) for a, b, c, d in groups]


def _tight(np: Any, ink: Any, box: _Box) -> _Box:
    """The box drawn in left and right to the ink inside it (as it stands; specks left out)."""
    x0, y0, x1, y1 = (round(v) for v in (box.x0, box.y0, box.x1, box.y1))
    h = y1 - y0
    band = ink[max(0, y0 + h // 5) : max(y1 - h // 5, y0 + h // 5 + 1), max(0, x0) : max(x1, x0 + 1)]
    if band.size == 0:
        return box
    cols = np.flatnonzero((band > 0).sum(axis=0) >= max(2, 0.1 * band.shape[0]))
    if cols.size == 0:
        return box
    return attrs.evolve(box, x0=float(max(0, x0) + cols[0]), x1=float(max(0, x0) + cols[-1] + 1))


def _mostly_digits(text: str) -> bool:
    """Three quarters or more of the characters (spaces aside) are digits or what OCR reads zeros as."""
    chars = "".join(text.split())
    return len(chars) >= 2 and sum(1 for c in chars if _DIGITLIKE.fullmatch(c)) >= 0.75 * len(chars)


def _apart(np: Any, ink: Any, seg: Rect) -> list[Rect]:
    """The pieces of a segment that stand apart: its ink split where more than half a line's height of
    blank separates it (the columns of a table printed without rules, "217 1 0 0", which the detector
    may box as one); characters of one phrase stand closer. The segment's own ends and height kept."""
    x0, y0, x1, y1 = (round(v) for v in seg)
    h = y1 - y0
    band = ink[y0 + h // 5 : max(y1 - h // 5, y0 + h // 5 + 1), max(0, x0) : max(x1, x0 + 1)]
    if band.size == 0:
        return [seg]
    counts = (band > 0).sum(axis=0)
    cols = np.flatnonzero(counts >= max(2, 0.1 * band.shape[0]))  # a speck of dust is not writing
    if cols.size == 0:
        return [seg]
    breaks = np.flatnonzero(np.diff(cols) > 0.5 * h)
    if breaks.size == 0:
        return [seg]
    starts = [int(cols[0]), *(int(cols[i + 1]) for i in breaks)]
    ends = [*(int(cols[i]) + 1 for i in breaks), int(cols[-1]) + 1]
    pad = 0.15 * h
    out = [
        (max(seg[0], x0 + a - pad), seg[1], min(seg[2], x0 + b + pad), seg[3])
        for a, b in zip(starts, ends, strict=True)
    ]
    out[0] = (seg[0], *out[0][1:])
    out[-1] = (*out[-1][:2], seg[2], out[-1][3])
    return out


# --------------------------------------------------------------------------- ruled tables
@attrs.frozen
class _Grid:
    xs: tuple[int, ...]
    ys: tuple[int, ...]
    owner: dict[tuple[int, int], tuple[int, int]]  # grid cell -> top-left cell of its merged cell
    span: dict[tuple[int, int], tuple[int, int]]  # top-left cell -> bottom-right cell

    @property
    def bbox(self) -> tuple[int, int, int, int]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def contains(self, x: float, y: float) -> bool:
        return self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]

    def rect(self, tl: tuple[int, int]) -> tuple[int, int, int, int]:
        r1, c1 = self.span[tl]
        return self.xs[tl[1]], self.ys[tl[0]], self.xs[c1 + 1], self.ys[r1 + 1]

    def cell_at(self, x: float, y: float) -> tuple[int, int] | None:
        import bisect

        c = bisect.bisect_right(self.xs, x) - 1
        r = bisect.bisect_right(self.ys, y) - 1
        if 0 <= r < len(self.ys) - 1 and 0 <= c < len(self.xs) - 1:
            return self.owner[(r, c)]
        return None


def _cluster(values: Sequence[float], tol: float) -> list[int]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [round(sum(g) / len(g)) for g in out]


def _near(v: float, values: Sequence[float], tol: float) -> bool:
    return any(abs(v - u) <= tol for u in values)


def _grids(np: Any, cv2: Any, gray: Any, scale: float, pno: int) -> tuple[list[_Grid], Any]:
    """Ruled tables on the page, and the ink image with the rules removed; at most MAX_GRID_CELLS cells
    in all (a clear error past that, before any cell is looked at)."""
    # Rules are thin and grey once rendered or scanned: a local threshold keeps them; small gaps are bridged.
    b = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 30)
    hk = max(15, int(24 * scale))  # a rule is longer than a few characters
    vk = max(10, int(12 * scale))
    gap = max(3, int(scale))
    horiz = cv2.morphologyEx(b, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    horiz = cv2.morphologyEx(horiz, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (hk, 1)))
    vert = cv2.morphologyEx(b, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, gap)))
    vert = cv2.morphologyEx(vert, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, vk)))
    rules = cv2.bitwise_or(horiz, vert)
    # Faint rules a harsh scan or a photo washed out (a light grey hairline left as dots by the threshold)
    # are not found as rules, and their dots joined the writing of a row to the next column's (one box
    # "3" stretched over "62 33", read as 3): they are taken out of the ink too, where the page is light.
    # The table is then read by its baselines, as one printed without rules.
    # Only their own light pixels, not widened as the rules found are: writing is dark, and a digit that
    # touches a rule keeps its ink ("33" next to a cell's rule was read again from its ink as "3").
    washed = cv2.bitwise_or(*_faint_rules(cv2, gray, hk, vk, gap, horiz, vert))
    washed[gray < FAINT_RULE] = 0
    ink = cv2.bitwise_and(b, cv2.bitwise_not(cv2.dilate(rules, np.ones((5, 5), np.uint8))))
    ink = cv2.bitwise_and(ink, cv2.bitwise_not(washed))
    tol = max(3.0, 1.5 * scale)
    grids, faint = _grid_shapes(np, cv2, gray, horiz, vert, scale, tol, pno)
    contrast = None if faint is None else _contrast(cv2, gray, gap)
    cut = None if contrast is None else _writing_cut(np, contrast, horiz, ink, grids)
    if faint is not None and contrast is not None and cut is not None:
        # A table printed with faint rules: its rules found again with the faint ones (a hairline rendered
        # across two pixels is lighter than the threshold above takes, and a column rule lost that way joined
        # a whole column of values to the labels beside it). A half-seen table only gains rules that way: a
        # grid found again is taken in place of those it covers only when it keeps every rule of theirs.
        again = _grid_shapes(np, cv2, gray, *faint, scale, tol, pno, faint, (contrast, cut))[0]
        for new in again:
            old = [g for g in grids if _overlap(g.bbox, new.bbox)]
            if old and all(_refines(new, g, 2 * tol) for g in old):
                grids = [g for g in grids if g not in old] + [new]
        grids.sort(key=lambda g: g.bbox[1])
    return grids, ink


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _refines(new: _Grid, old: _Grid, tol: float) -> bool:
    """Whether grid ``new`` covers ``old`` and keeps every one of its rules (it may add others)."""
    covers = all(_near(x, new.xs, tol) for x in old.xs) and all(_near(y, new.ys, tol) for y in old.ys)
    return covers and new.xs[0] <= old.xs[0] + tol and new.xs[-1] >= old.xs[-1] - tol


def _grid_shapes(
    np: Any,
    cv2: Any,
    gray: Any,
    horiz: Any,
    vert: Any,
    scale: float,
    tol: float,
    pno: int,
    faint: tuple[Any, Any] | None = None,
    light: tuple[Any, float] | None = None,
) -> tuple[list[_Grid], tuple[Any, Any] | None]:
    """The grids of the rules ``horiz`` and ``vert``, and the rules with faint ones added when a grid's
    rules are faint (None when none is; ``faint``: found already). With ``light`` (each pixel's darkness
    under the paper, :func:`_contrast`, and a cut, :func:`_writing_cut`), only strokes lighter than the cut
    are rules."""
    w = gray.shape[1]
    hk = max(15, int(24 * scale))
    vk = max(10, int(12 * scale))
    gap = max(3, int(scale))
    rules = cv2.bitwise_or(horiz, vert)
    contrast, cut = light if light is not None else (None, 0.0)
    n, _, stats, _ = cv2.connectedComponentsWithStats(cv2.dilate(rules, np.ones((3, 3), np.uint8)))
    grids = []
    n_cells = 0
    light_masks: tuple[Any, ...] | None = None
    for i in range(1, n):
        x, y, bw, bh = (int(v) for v in stats[i][:4])
        if bw < 0.2 * w or bh < 10 * scale:
            continue
        near = None if contrast is None else contrast[y : y + bh, x : x + bw]
        hs = _strokes(np, cv2, horiz[y : y + bh, x : x + bw], near, cut)
        vs = _strokes(np, cv2, vert[y : y + bh, x : x + bw], near, cut)
        ys = _cluster([y + s[1] + s[3] / 2 for s in hs], tol)
        vs = _upright_rules(vs, ys, y, tol, scale)
        xs = _cluster([x + s[0] + s[2] / 2 for s in vs], tol)
        if len(ys) < 2 or len(xs) < 2:
            continue
        ys = _open_ends(ys, vs, y, len(xs), tol, scale)
        n_cells += (len(xs) - 1) * (len(ys) - 1)
        if n_cells > MAX_GRID_CELLS:
            raise InputTooLargeError(
                f"page {pno} holds ruled tables of {n_cells} or more cells, over the bound of {MAX_GRID_CELLS} a "
                "page: not a report's tables (a dense grid?)"
            )
        # Rules printed faint (light grey hairlines) are looked for again to tell merged cells; dark rules
        # are not (there the weaker threshold also takes blurred writing for pieces of rules).
        masks = (horiz, vert)
        on_rules = gray[y : y + bh, x : x + bw][horiz[y : y + bh, x : x + bw] > 0]
        if on_rules.size and float(np.median(on_rules)) > FAINT_RULE:
            faint = faint or _faint_rules(cv2, gray, hk, vk, gap, horiz, vert)
            masks = faint
            if contrast is not None:
                # where a cell's rule stands, as the columns were found: not a character's upright stroke
                # (a label's "本" on a column's line cut the label's cell in two, and its row's label was lost)
                if light_masks is None:
                    light_masks = tuple(_light_only(np, cv2, m, contrast, cut) for m in faint)
                masks = light_masks
        grids.append(_grid(np, *masks, xs, ys, int(tol)))
    return grids, faint


def _contrast(cv2: Any, gray: Any, gap: int) -> Any:
    """How much darker than the paper around it (the page's grey with its writing closed over) each pixel is."""
    k = max(15, gap * 5) | 1
    paper = cv2.morphologyEx(gray, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    return cv2.subtract(paper, gray)


def _writing_cut(np: Any, contrast: Any, rules: Any, ink: Any, grids: Sequence[_Grid]) -> float | None:
    """The darkness under the paper (``contrast``, :func:`_contrast`) between the faint rules of the page's
    tables (``rules``: the horizontal ones, which writing seldom adds to) and their writing: a stroke darker
    is writing, lighter a rule; None when the rules are not clearly lighter than the writing (a photo's dark
    rules greyed by its light: there writing cannot be told from rules by its darkness)."""
    if not grids:
        return None
    on_rules, on_ink = [], []
    for g in grids:
        x0, y0, x1, y1 = g.bbox
        part = contrast[y0 : y1 + 1, x0 : x1 + 1]
        on_rules.append(part[rules[y0 : y1 + 1, x0 : x1 + 1] > 0])
        on_ink.append(part[ink[y0 : y1 + 1, x0 : x1 + 1] > 0])
    r, w = np.concatenate(on_rules), np.concatenate(on_ink)
    if r.size == 0 or w.size == 0:
        return None
    rule, writing = float(np.median(r)), float(np.median(w))
    return (rule + writing) / 2 if rule < 0.6 * writing else None


def _strokes(np: Any, cv2: Any, mask: Any, contrast: Any | None, cut: float = 0.0) -> Any:
    """The strokes of a mask of rules (their boxes, as connectedComponentsWithStats gives them); with
    ``contrast`` (how much darker than the paper around it each pixel is), only those whose core (the darkest
    tenth of their pixels: the 90th percentile) is lighter than ``cut``: where a table's rules are faint, a
    dark stroke is writing the faint threshold took in, however blurred its edges (a character's upright
    stroke taken for a column rule cut its label in two)."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask)
    if contrast is None or n <= 1:
        return stats[1:]
    return stats[1:][_cores(np, labels, n, contrast) < cut]


def _cores(np: Any, labels: Any, n: int, contrast: Any) -> Any:
    """The darkness of each stroke's core (the 90th percentile of its pixels' ``contrast``), strokes 1 to n-1."""
    # every stroke's pixels at once, sorted by stroke and then by darkness
    ys, xs = np.nonzero(labels)
    lab, val = labels[ys, xs], contrast[ys, xs].astype(np.float64)
    order = np.lexsort((val, lab))
    lab, val = lab[order], val[order]
    ids = np.arange(1, n)
    start = np.searchsorted(lab, ids)
    count = np.searchsorted(lab, ids, side="right") - start
    pos = 0.9 * (count - 1)  # np.percentile's linear interpolation, per stroke
    low = np.floor(pos).astype(np.int64)
    high = np.minimum(low + 1, count - 1)
    return val[start + low] + (pos - low) * (val[start + high] - val[start + low])


def _light_only(np: Any, cv2: Any, mask: Any, contrast: Any, cut: float) -> Any:
    """``mask`` with only its strokes lighter than ``cut`` at their core (:func:`_strokes`): a faint rule's,
    not a character's upright stroke that the faint threshold took in."""
    n, labels, _, _ = cv2.connectedComponentsWithStats(mask)
    if n <= 1:
        return mask
    keep = np.zeros(n, dtype=bool)
    keep[1:] = _cores(np, labels, n, contrast) < cut
    return np.where(keep[labels], np.uint8(255), np.uint8(0))


def _faint_rules(cv2: Any, gray: Any, hk: int, vk: int, gap: int, horiz: Any, vert: Any) -> tuple[Any, Any]:
    """The rules with faint ones added (a web page printed with light grey hairlines, which the threshold
    that finds tables drops in pieces): for telling merged cells from cells a rule divides, where a rule
    half seen made a whole column of rows one merged cell."""
    # darker than the paper around it (the page's grey with its writing closed over): a local mean, which
    # the threshold above uses, is pulled down by writing that touches a rule, and a faint rule falls under it
    k = max(15, gap * 5) | 1
    paper = cv2.morphologyEx(gray, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    b = cv2.threshold(cv2.subtract(paper, gray), 24, 255, cv2.THRESH_BINARY)[1]
    h = cv2.morphologyEx(b, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    h = cv2.morphologyEx(h, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (hk, 1)))
    v = cv2.morphologyEx(b, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, gap)))
    v = cv2.morphologyEx(v, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, vk)))
    return cv2.bitwise_or(horiz, h), cv2.bitwise_or(vert, v)


def _upright_rules(vs: Sequence[Any], ys: Sequence[int], top: int, tol: float, scale: float) -> list[Any]:
    """The upright strokes that are rules. A rule runs from one horizontal rule to another; a character's
    upright stroke does not. A table cut by a page break has rules with one open end: they are taken when
    long, or when at least three of them end together past the horizontal rules (the edge of the cut;
    a row of a few lines cut off at the top of a page is shorter than the long ones)."""
    out, loose = [], []
    for s in vs:
        up, down = _near(top + s[1], ys, 2 * tol), _near(top + s[1] + s[3], ys, 2 * tol)
        if (up and down) or ((up or down) and s[3] > 40 * scale):
            out.append(s)
        elif up != down:
            loose.append((top + s[1] + s[3] if up else top + s[1], s))
    gap = 8 * scale  # more than a rule's overshoot
    for end, s in loose:
        beyond = end < ys[0] - gap or end > ys[-1] + gap if ys else False
        if beyond and sum(1 for e, _ in loose if abs(e - end) <= 2 * tol) >= 3:
            out.append(s)
    return out


def _open_ends(ys: list[int], vs: Sequence[Any], top: int, n_cols: int, tol: float, scale: float) -> list[int]:
    """The rules of a table cut by a page break: its first (or last) row has no rule above (below) it,
    only its upright rules running past the first (last) horizontal one. Where most upright rules
    end together a row's height beyond it, that end is taken as the missing rule."""
    need = max(2, n_cols // 2)
    gap = 8 * scale  # more than a rule's overshoot, less than a row of text
    ups = [top + s[1] for s in vs if top + s[1] < ys[0] - gap]
    downs = [top + s[1] + s[3] for s in vs if top + s[1] + s[3] > ys[-1] + gap]
    out = list(ys)
    if len(ups) >= need:
        first = min(ups)
        if sum(1 for u in ups if u - first <= 2 * tol) >= need:
            out.insert(0, round(first))
    if len(downs) >= need:
        last = max(downs)
        if sum(1 for d in downs if last - d <= 2 * tol) >= need:
            out.append(round(last))
    return out


def _grid(np: Any, horiz: Any, vert: Any, xs: list[int], ys: list[int], t: int) -> _Grid:
    rows, cols = len(ys) - 1, len(xs) - 1
    parent = {(r, c): (r, c) for r in range(rows) for c in range(cols)}

    def find(a: tuple[int, int]) -> tuple[int, int]:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def union(a: tuple[int, int], b: tuple[int, int]) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for r in range(rows):
        m = max(2, (ys[r + 1] - ys[r]) // 6)
        for c in range(cols - 1):
            x = xs[c + 1]
            band = vert[ys[r] + m : ys[r + 1] - m, max(0, x - t) : x + t + 1]
            if not (band.size and float((band.max(axis=1) > 0).mean()) >= 0.6):
                union((r, c), (r, c + 1))
    for c in range(cols):
        m = max(2, (xs[c + 1] - xs[c]) // 6)
        for r in range(rows - 1):
            y = ys[r + 1]
            band = horiz[max(0, y - t) : y + t + 1, xs[c] + m : xs[c + 1] - m]
            if not (band.size and float((band.max(axis=0) > 0).mean()) >= 0.6):
                union((r, c), (r + 1, c))
    owner = {rc: find(rc) for rc in parent}
    span: dict[tuple[int, int], tuple[int, int]] = {}
    for rc, o in owner.items():
        r1, c1 = span.get(o, o)
        span[o] = (max(r1, rc[0]), max(c1, rc[1]))
    return _Grid(tuple(xs), tuple(ys), owner, span)


def _join_lines(boxes: Sequence[_Box]) -> list[list[_Box]]:
    """Boxes grouped into lines by vertical overlap, top to bottom, each left to right."""
    lines: list[list[_Box]] = []
    for bx in sorted(boxes, key=lambda b: (b.cy, b.x0)):
        for line in lines:
            ref = line[-1]
            overlap = min(ref.y1, bx.y1) - max(ref.y0, bx.y0)
            if overlap > 0.5 * min(ref.h, bx.h):
                line.append(bx)
                break
        else:
            lines.append([bx])
    for line in lines:
        line.sort(key=lambda b: b.x0)
    lines.sort(key=lambda ln: min(b.y0 for b in ln))
    return lines


def _without_specks(boxes: Sequence[_Box]) -> list[_Box]:
    """A cell's boxes without those that read as a speck only ("." "。" "'") outside the span of its
    other writing: dust the detector boxed, or a digit read as a speck (the cell is then read again
    from its ink). A speck between two pieces of writing (a decimal point) stays."""
    real = [b for b in boxes if not _SPECK_ONLY.fullmatch(b.text)]
    if not real:
        return []
    lo, hi = min(b.x0 for b in real), max(b.x1 for b in real)
    return [b for b in boxes if b in real or lo < b.cx < hi]


def _fix_digits(text: str, conf: float) -> tuple[str, float]:
    """A numeric cell read with specks at its ends ("2.", "。3") or letters that look like digits
    (o/Q/D→0, l/I→1, then at low confidence)."""
    core = _SPECKS.fullmatch(text)
    if core and core.group(1) != text and _HAS_DIGIT.search(core.group(1)):
        text = core.group(1)
    if _NUMERIC.match(text) and _LOOKALIKE.search(text) and (_HAS_DIGIT.search(text) or len(text) <= 3):
        fixed = text.translate(str.maketrans("oOlIQD", "001100"))
        return fixed, min(conf, LOW_CONFIDENCE / 2)
    return text, conf


@attrs.define
class _Page:
    """One page's blocks, built from its boxes, grids and ink."""

    pno: int
    unit: float  # points (PDF) or 1 (image pixels) per working pixel
    items: list[tuple[float, Block]] = attrs.Factory(list)
    ink: Any = None  # the page's writing outside ruled tables (rules and their remnants taken out)
    scale: float = 1.0  # working pixels per point
    grids: list[tuple[int, int, int, int]] = attrs.Factory(list)  # the ruled tables' boxes (their ink not in ``ink``)
    reread: Reread | None = None  # reads pieces of the page again (None: not at all)
    photo: bool = False  # a photo of the page, straightened to the page's own edges (_flatten)

    def loc(self, box: tuple[float, float, float, float], **kw: Any) -> Location:
        u = self.unit
        return Location(page=self.pno, bbox=(box[0] * u, box[1] * u, box[2] * u, box[3] * u), **kw)


# A bracketed ordinal that lost its opening bracket at a cell's start ("七）总计" for （七）总计: a harsh scan)
_HALF_ORDINAL = re.compile(r"^([一二三四五六七八九十]{1,2}[）)])")


def _cell_text(boxes: Sequence[_Box], cell: Rect | None = None) -> tuple[str, float | None]:
    """A cell's text from its boxes, line by line (within ``cell``, its rectangle when known, a line
    that breaks with room to spare stays apart from the next: :func:`hard_breaks`)."""
    if not boxes:
        return "", None
    lines = _join_lines(boxes)
    hard = hard_breaks([[(b.x0, b.y0, b.x1, b.y1) for b in line] for line in lines], cell) if cell else ()
    text = join_cell_words(([b.text for b in line] for line in lines), hard)
    return _fix_digits(_HALF_ORDINAL.sub(r"（\1", text), min(b.conf for b in boxes))


def _ink_box(np: Any, cv2: Any, ink: Any, rect: Rect, scale: float) -> tuple[Rect, Rect] | None:
    """The box around a cell's one line of writing, small specks outside its span left out:
    padded for reading, and tight."""
    x0, y0, x1, y1 = (round(v) for v in rect)
    m = max(3, int(1.5 * scale))
    part = ink[y0 + m : y1 - m, x0 + m : x1 - m]
    if part.size == 0 or int((part > 0).sum()) < 4 * scale * scale:
        return None
    n, _, stats, _ = cv2.connectedComponentsWithStats(part)
    comps = [tuple(int(v) for v in stats[i][:5]) for i in range(1, n)]
    big = [c for c in comps if c[4] >= 2 * scale * scale]
    if not big:
        return None
    bx0 = min(c[0] for c in big)
    by0 = min(c[1] for c in big)
    bx1 = max(c[0] + c[2] for c in big)
    by1 = max(c[1] + c[3] for c in big)
    if by1 - by0 < 3 * scale or by1 - by0 > 16 * scale:  # specks, or more than one line of writing
        return None
    for c in comps:  # a decimal point or a minus sign: small, but inside the writing's span
        if c[4] < 2 * scale * scale and bx0 - 6 * scale <= c[0] and c[0] + c[2] <= bx1 and by0 <= c[1] <= by1:
            bx0 = min(bx0, c[0])
    pad = max(2, int(0.3 * (by1 - by0)))
    ox, oy = x0 + m, y0 + m
    tight = (float(ox + bx0), float(oy + by0), float(ox + bx1), float(oy + by1))
    return (tight[0] - pad, tight[1] - pad, tight[2] + pad, tight[3] + pad), tight


def _ruled_table(
    np: Any,
    cv2: Any,
    engine: Any,
    page: _Page,
    gray: Any,
    ink: Any,
    grid: _Grid,
    boxes: list[_Box],
    index: int,
    scale: float,
    work: _Work,
) -> Table:
    by_cell: dict[tuple[int, int], list[_Box]] = {}
    for bx in boxes:
        tl = grid.cell_at(bx.cx, bx.cy)
        if tl is not None:
            by_cell.setdefault(tl, []).append(bx)
    by_cell = {tl: kept for tl, have in by_cell.items() if (kept := _without_specks(have))}
    # A cell with ink but no text box (the detector missed a lone digit), or whose number reads
    # uncertainly or with stray marks ("0福"), or that reads as a letter or two ("Q"): read the cell's ink on its
    # own, specks left out.
    again: list[tuple[tuple[int, int], Rect]] = []
    tights: dict[tuple[int, int], Rect] = {}
    for tl in grid.span:
        have = by_cell.get(tl)
        found = _ink_box(np, cv2, ink, grid.rect(tl), scale)
        if found is None:
            continue
        box, tight = found
        tights[tl] = tight
        if have:
            text, conf = _cell_text(have)
            if not _HAS_DIGIT.search(text) and not _MAYBE_DIGIT.fullmatch(text):
                continue  # writing, not a number
            sure = conf is not None and conf >= LOW_CONFIDENCE and _is_number(text) and not _too_wide(text, tight)
            # ink the boxes left out: a minus sign is short and thin, and often falls outside them
            outside = tight[0] < min(b.x0 for b in have) or tight[2] > max(b.x1 for b in have)
            if sure and not outside:
                continue
        again.append((tl, box))
    if again:
        work.read(len(again), "table cells read again from their ink")
        rec = _recognise(engine, [_crop(np, gray, b) for _, b in again], work.pno)
        for (tl, box), (text, score) in zip(again, rec, strict=True):
            new = _Box(*box, str(text).strip(), round(float(score), 3))
            old = by_cell.get(tl)
            if old is None:
                if new.text and new.conf >= 0.5 and not _SPECK_ONLY.fullmatch(new.text):
                    by_cell[tl] = [new]
                else:  # writing that cannot be read is not a printed blank: the cell says so
                    by_cell[tl] = [attrs.evolve(new, text=UNREAD, conf=0.0)]
                continue
            old_text, old_conf = _cell_text(old)
            if not _is_number(new.text):
                continue
            if not _is_number(old_text) or new.conf > (old_conf or 0.0):
                by_cell[tl] = [new]
            elif new.text.lstrip("-－−") == old_text and new.text != old_text:  # a sign the first reading missed
                by_cell[tl] = [attrs.evolve(new, conf=min(new.conf, old_conf or 1.0))]
    parts = _merged_values(np, cv2, ink, grid, by_cell, scale)
    labels = _merged_labels(grid, by_cell)
    rows: list[tuple[Cell, ...]] = []
    for r in range(len(grid.ys) - 1):
        cells = []
        for c in range(len(grid.xs) - 1):
            tl = grid.owner[(r, c)]
            if tl in labels:  # a label cell merged over rows, given back a row each (in its first column there)
                owned = [k for k in range(tl[1], grid.span[tl][1] + 1) if grid.owner[(r, k)] == tl]
                c0, c1 = owned[0], owned[-1]
                rect = (grid.xs[c0], grid.ys[r], grid.xs[c1 + 1], grid.ys[r + 1])
                if c != c0 or r not in labels[tl]:  # no writing of it in this row: the merged cell goes on
                    cells.append(Cell("", page.loc(rect, table=index, row=r, col=c), copy=True))
                    continue
                text, conf = _cell_text(labels[tl][r])
                cells.append(Cell(text, page.loc(rect, table=index, row=r, col=c, confidence=conf)))
                continue
            if tl in parts:
                text, conf = parts[tl].get((r, c), (" ", None))
                rect = (grid.xs[c], grid.ys[r], grid.xs[c + 1], grid.ys[r + 1])
                cells.append(Cell(text, page.loc(rect, table=index, row=r, col=c, confidence=conf)))
                continue
            if tl != (r, c):
                cells.append(Cell("", page.loc(grid.rect(tl), table=index, row=r, col=c), copy=True))
                continue
            text, conf = _cell_text(by_cell.get(tl, []), grid.rect(tl))
            if conf is not None and tl in tights and _is_number(text) and _too_wide(text, tights[tl]):
                conf = min(conf, LOW_CONFIDENCE / 2)  # a digit the recognizer dropped: doubtful, never kept silently
            cells.append(Cell(text or " ", page.loc(grid.rect(tl), table=index, row=r, col=c, confidence=conf)))
        rows.append(tuple(cells))
    return Table(tuple(rows), page.loc(grid.bbox, table=index))


def _merged_labels(
    grid: _Grid, by_cell: dict[tuple[int, int], list[_Box]]
) -> dict[tuple[int, int], dict[int, list[_Box]]]:
    """Label cells merged over two rows or more whose rows' values stand apart (a scan whose rule between two
    rows washed out in the label column only: "本年新收政府信息公开申请数量" over "二、上年结转政府信息公开申请数量",
    217 … 218 and 0 … 0 each in cells of their own): top-left cell -> grid row -> the boxes of its writing (a
    row without any is left out: the merged cell goes on there). Only when each grid row of it holds writing,
    each after the first opening with a row's ordinal (not a group's: （三）不 / 予公开 stays one cell), and each
    holds a number in a cell of its own right of it; or when two rows of it or more hold a row's ordinal, each
    with a number in a cell of its own (a photo of faint rules: the label columns' rules lost over the whole
    table, one cell over the header and 25 rows), the rows between taking the lines that stand in them (a
    label's second line, a piece of a group's cell). Read as one cell, the labels ran together and the values
    of one row went to another, or every row was lost. A row whose writing holds a number is unread there
    (:data:`UNREAD`): a misread ordinal or a value astray, never read as part of a label."""
    out: dict[tuple[int, int], dict[int, list[_Box]]] = {}
    for tl, (r1, c1) in grid.span.items():
        have = by_cell.get(tl)
        if r1 == tl[0] or not have:
            continue
        rows: dict[int, list[_Box]] = {}
        for bx in have:
            r = max(tl[0], min(r1, bisect.bisect_right(grid.ys, bx.cy) - 1))
            rows.setdefault(r, []).append(bx)
        own = {
            r
            for (r, c), o in grid.owner.items()
            if tl[0] <= r <= r1
            and c > c1
            and o == (r, c)
            and grid.span[o][0] == r
            and any(_is_number(b.text) for b in by_cell.get(o, []))
        }
        # Every row of it with writing opening a row's label (its first one aside), each with values of its
        # own; or, where the rules of the label columns washed out over much of the table (a phone photo of
        # faint rules: one cell over the header and 25 rows), two rows' labels or more, each with values of
        # its own: the rows between them hold their labels' second lines or a group's pieces. A number among
        # the writing is a misread ordinal or a value astray: its row's label is not read (nor the row), a
        # value is never read as part of a label.
        numbered = {r for r, line in rows.items() if any(_is_number(b.text) for b in line)}
        whole = len(rows) == r1 - tl[0] + 1 and all(
            _label_start(_cell_text(rows[r])[0]) for r in range(tl[0] + 1, r1 + 1)
        )
        starts = {r for r, line in rows.items() if any(_label_start(b.text) for b in line)}
        if whole and not numbered and own == set(rows):
            out[tl] = rows
        elif len(starts) >= 2 and starts <= own:
            out[tl] = rows | {r: [attrs.evolve(rows[r][0], text=UNREAD, conf=0.0)] for r in numbered}
    return out


def _merged_values(
    np: Any, cv2: Any, ink: Any, grid: _Grid, by_cell: dict[tuple[int, int], list[_Box]], scale: float
) -> dict[tuple[int, int], dict[tuple[int, int], tuple[str, float | None]]]:
    """Merged cells over two rows or more that hold digits (a harsh scan washed out the rules between the
    cells of two rows: "000" over 2.重复申请's cell and two of 3.要求提供公开出版物's), each given back as its grid
    cells: top-left cell -> grid cell -> (text, confidence). No printed table of the template merges values
    over rows. A grid cell's value is the digits of the box over it, when the writing of every grid cell of
    the merged one lies inside that cell (none runs on to a line between them) and under one box, and each
    box is over one cell with writing, or over as many as it has digits (one digit each, left to right); a
    grid cell without writing is a printed blank. Otherwise every grid cell of the merged one is unread
    (``UNREAD``, its row named): a value is never given to a cell it does not stand in."""
    out: dict[tuple[int, int], dict[tuple[int, int], tuple[str, float | None]]] = {}
    for tl, (r1, _) in grid.span.items():
        have = by_cell.get(tl)
        if r1 == tl[0] or not have or not all(b.text.strip().isdigit() for b in have):
            continue
        members = [rc for rc, o in grid.owner.items() if o == tl]
        blank: tuple[str, float | None] = (" ", None)
        out[tl] = dict.fromkeys(members, (UNREAD, 0.0))
        m = max(3, int(1.5 * scale))  # _ink_box looks this far inside its rectangle
        inked: dict[tuple[int, int], Rect] = {}
        crossed = False
        for r, c in members:
            x0, y0, x1, y1 = grid.xs[c], grid.ys[r], grid.xs[c + 1], grid.ys[r + 1]
            found = _ink_box(np, cv2, ink, (x0, y0, x1, y1), scale)
            if found is None:
                continue
            t = inked[(r, c)] = found[1]
            # writing running on to a line between two grid cells of the merged one (cut there by the
            # crop): whose it is is not known (a piece of the washed-out rule on the line itself is no writing)
            for side, edge, inner in ((0, x0 + m, (r, c - 1)), (2, x1 - m, (r, c + 1)), (1, y0 + m, (r - 1, c))):
                crossed |= grid.owner.get(inner) == tl and abs(t[side] - edge) <= 1
            crossed |= grid.owner.get((r + 1, c)) == tl and abs(t[3] - (y1 - m)) <= 1
        if crossed or not inked:
            continue
        got: dict[tuple[int, int], tuple[str, float | None]] = {}
        for bx in have:
            digits = bx.text.strip()
            under = sorted(
                (
                    rc
                    for rc, t in inked.items()
                    if bx.x0 - m <= (t[0] + t[2]) / 2 <= bx.x1 + m and bx.y0 <= (t[1] + t[3]) / 2 <= bx.y1
                ),
                key=lambda rc: inked[rc][0],
            )
            # one cell takes the box's digits; several, one digit each (else which digits are whose is a guess)
            if len(under) not in (1, len(digits)) or any(rc in got for rc in under):
                break
            for k, rc in enumerate(under):
                got[rc] = (digits if len(under) == 1 else digits[k], bx.conf)
        else:
            if set(got) == set(inked):
                out[tl] = dict.fromkeys(members, blank) | got
    return out


def _too_wide(text: str, tight: Rect) -> bool:
    """Whether a cell's writing is wider than the number read from it could print: a digit the recognizer
    dropped (github-013, harsh scan at 150 dpi: "33" read as "3" at 0.93). A digit prints about three
    quarters of its height wide, a point or a comma less than half; the margin takes in blur and a wide
    digit."""
    h = tight[3] - tight[1]
    digits = sum(ch.isalnum() for ch in text)
    marks = sum(ch in ".,-－−+" for ch in text)
    return h > 0 and tight[2] - tight[0] > (digits + 0.4 * marks + 0.6) * 0.75 * h


def _too_narrow(np: Any, ink: Any, box: _Box) -> bool:
    """Whether a number of two digits or more is narrower than its digits could print, measured on the
    ink inside its box (drawn in to it): a digit in it the ink does not hold. A digit prints about three
    quarters of its height wide, a "1" less; its ink is taken from the rows of the box that hold ink."""
    digits = sum(ch.isdigit() for ch in box.text)
    if not _is_number(box.text) or digits < 2:
        return False
    x0, y0, x1, y1 = (round(v) for v in (box.x0, box.y0, box.x1, box.y1))
    part = ink[max(0, y0) : max(y1, y0 + 1), max(0, x0) : max(x1, x0 + 1)]
    rows = np.flatnonzero((part > 0).sum(axis=1) >= 1) if part.size else np.zeros(0, dtype=int)
    if rows.size == 0:
        return False
    h = float(rows[-1] - rows[0] + 1)
    return box.x1 - box.x0 < (digits - 0.7) * 0.6 * h


# --------------------------------------------------------------------------- rows without rules
def _is_number(text: str) -> bool:
    return bool(_NUMERIC.match(text)) and bool(_HAS_DIGIT.search(text))


def _specked_number(box: _Box) -> bool:
    """Whether a box reads as a number, a speck beside it ("0.", "0-": grain) aside, as a ruled cell's does
    (:func:`_fix_digits`, which :func:`_cell_text` applies)."""
    return _is_number(_fix_digits(box.text, box.conf)[0])


def _columns(lines: Sequence[Sequence[_Box]]) -> list[tuple[float, float]]:
    """Value columns: the horizontal extents of number boxes, merged where they overlap. A column holds
    at least one number read surely (a piece of a label misread as "1" at confidence 0.18 is not a
    column: the label would be lost in it)."""
    spans = sorted((b.x0, b.x1, b.conf) for line in lines for b in line if _is_number(b.text))
    cols: list[list[float]] = []
    for x0, x1, conf in spans:
        if cols and x0 <= cols[-1][1]:
            cols[-1][1] = max(cols[-1][1], x1)
            cols[-1][2] = max(cols[-1][2], conf)
        else:
            cols.append([x0, x1, conf])
    kept = [(a, z) for a, z, conf in cols if conf >= LOW_CONFIDENCE]
    return kept or [(a, z) for a, z, _ in cols]


def _label_apart(page: _Page, line: list[_Box]) -> list[_Box]:
    """A row whose label and first value OCR boxed as one ("行政规范性文件 62", table 二 printed without rules), the
    value split off where the box's writing has a blank wider than a character before it, the writing after
    that blank as wide as the digits print (each about 0.55 of the box's height, within a quarter of the
    whole); the line as it is otherwise (a label's own digits, or writing that does not measure up)."""
    if not line or page.ink is None:
        return line
    box = min(line, key=lambda b: b.x0)
    m = _GLUED_VALUE.match(box.text)
    if m is None or _is_number(box.text):
        return line
    label, digits = m.group(1).rstrip(), m.group(2)
    gaps = _gaps(page, box, box.h)
    if not gaps:
        return line
    np, _, _ = _deps()
    x0, x1 = round(gaps[-1]), round(box.x1)
    y0, y1 = round(box.y0 + 0.15 * box.h), round(box.y1 - 0.15 * box.h)
    part = page.ink[max(0, y0) : max(y1, y0 + 1), max(0, x0) : max(x1, x0 + 1)]
    cols = np.flatnonzero((part > 0).sum(axis=0) >= 2) if part.size else np.zeros(0, dtype=int)
    if cols.size == 0:
        return line
    left, right = float(x0 + cols[0]), float(x0 + cols[-1] + 1)
    want = 0.55 * box.h * len(digits)
    if abs((right - left) - want) > 0.25 * want + 0.15 * box.h:
        return line
    value = _Box(left, box.y0, right, box.y1, digits, box.conf)
    rest = attrs.evolve(box, x1=min(box.x1, gaps[-1]), text=label)
    return sorted([*(b for b in line if b is not box), rest, value], key=lambda b: b.x0)


def _unruled_rows(page: _Page, lines: list[list[_Box]], index: int, bands: Sequence[Band] = ()) -> Table:
    """Rows of boxes with numbers and no rules: a label area, then one cell per value column.

    With ``bands`` (the table's columns read from its header's ink, :func:`_header_bands`), a row whose
    values each stand inside one band, no two in one, has one cell per band: a blank band is a printed
    blank (or unread, when the page has writing there). Any other row has one cell per column of numbers,
    as without them (a row with fewer numbers than the template's columns is then unread and named)."""
    if not bands:
        lines = [_label_apart(page, line) for line in lines]
    cols = _columns(lines)
    first = cols[0][0]
    rows = []
    for r, line in enumerate(lines):
        placed = _by_bands(page, line, bands, index, r) if bands else None
        if placed is not None:
            rows.append(placed)
            continue
        label = [b for b in line if b.x1 <= first or b.cx < first - 2]
        rest = [b for b in line if b not in label]
        # a number outside every column (its column has no other) goes to the nearest one: never dropped
        mids = [(x0 + x1) / 2 for x0, x1 in cols]
        rest = [
            b
            if any(x0 - 2 <= b.cx <= x1 + 2 for x0, x1 in cols)
            else attrs.evolve(b, x0=mids[k] - b.h / 4, x1=mids[k] + b.h / 4)
            for b in rest
            for k in [min(range(len(mids)), key=lambda k: abs(mids[k] - b.cx))]
        ]
        moved = {id(b) for b in rest} - {id(b) for b in line}  # the boxes moved in, new objects
        cells: list[Cell] = [_label_cell(page, label, index, r)] if label else []
        nums = [b for b in rest if _is_number(b.text)] or rest or line
        for c, (x0, x1) in enumerate(cols, start=1):
            inside = [b for b in rest if x0 - 2 <= b.cx <= x1 + 2]
            bbox = (x0, min(b.y0 for b in line), x1, max(b.y1 for b in line))
            text, conf = _cell_text(inside)
            if len(inside) > 1 and any(id(b) in moved for b in inside):
                # a number moved in from outside every column beside one standing there: two values
                # whose cell is not certain, never one number glued from both ('1' + '2' is not 12)
                text, conf = UNREAD, 0.0
            h = max(b.h for b in nums)
            # the first column from the label's end, or half a line before it when the label's box runs on
            # over it (a number the detector boxed with the label, and the recognizer dropped)
            lo = max(cols[c - 2][1], x0 - h) if c > 1 else min(max([*(b.x1 for b in label), x0 - h]), x0 - h / 2)
            hi = min(cols[c][0] if c < len(cols) else x1 + h, x1 + h)
            if not text and _inked(page, lo, hi, nums):
                # writing OCR did not read (a lost "0") is not a printed blank: read again, or unread
                text, conf = _read_cell_again(page, lo, hi, nums) or (UNREAD, 0.0)
                if c == 1 and label and lo < max(b.x1 for b in label) and cells[0].text.endswith(text):
                    # the first value, boxed with the label by the detector ("行政规范性文件62") and read
                    # again from its own ink: the label's, no longer (one number, never read twice)
                    head = cells[0].text[: -len(text)]
                    if text[:1].isdigit() and head and not head[-1].isdigit():
                        cells[0] = attrs.evolve(cells[0], text=head.rstrip())
            cells.append(Cell(text or " ", page.loc(bbox, table=index, row=r, col=c, confidence=conf)))
        rows.append(tuple(cells))
    top = min(b.y0 for b in lines[0])
    if bands:
        first = min(first, bands[0][0])
    return Table(tuple(rows), page.loc((first, top, cols[-1][1], max(b.y1 for b in lines[-1])), table=index))


# A column of a table without rules: its left and right boundaries, and whether its heading was seen
# (a column cut evenly between two seen ones, :func:`_end_bands`, may hold no value: the row is then not
# placed, since which of those columns a value or ink stands in is not known for certain).
Band = tuple[float, float, bool]


def _label_cell(page: _Page, label: Sequence[_Box], index: int, r: int) -> Cell:
    # a label wrapped onto two or three lines is read line by line: one label, not pieces side by side
    text = _HALF_ORDINAL.sub(r"（\1", "".join(" ".join(b.text for b in part) for part in _join_lines(label)))
    bbox = (min(b.x0 for b in label), min(b.y0 for b in label), max(b.x1 for b in label), max(b.y1 for b in label))
    return Cell(text, page.loc(bbox, table=index, row=r, col=0, confidence=min(b.conf for b in label)))


def _by_bands(page: _Page, line: Sequence[_Box], bands: Sequence[Band], index: int, r: int) -> tuple[Cell, ...] | None:
    """A row of a table without rules placed in the columns ``bands``, or None when the placement is not
    certain: a box right of the label area that is no number, a value that reaches over a band's
    boundary (by more than a quarter of its height) or outside every band, two values in one band."""
    start = bands[0][0]
    label = [b for b in line if b.x1 <= start or b.cx < start - 2]
    values = [b for b in line if b not in label]
    if not values or not all(_specked_number(b) for b in values):
        return None
    slot: dict[int, _Box] = {}
    for b in values:
        k = next((k for k, (lo, hi, _) in enumerate(bands) if lo <= b.cx < hi), None)
        if k is None or k in slot or not bands[k][2]:
            return None
        lo, hi, _ = bands[k]
        tol = 0.25 * b.h
        if b.x0 < lo - tol or b.x1 > hi + tol:
            return None
        slot[k] = b
    cells = [_label_cell(page, label, index, r)] if label else []
    top, bottom = min(b.y0 for b in values), max(b.y1 for b in values)
    # columns whose bounds are not certain, side by side and empty of values: all blank, or all with
    # writing OCR did not read (each unread); some with writing and some without, and which is which is not
    # certain: the row is not placed
    inked = {
        k: _inked(
            page,
            max([lo, *(v.x1 for v in values if v.cx < lo)]),
            min([hi, *(v.x0 for v in values if v.cx >= hi)]),
            values,
        )
        for k, (lo, hi, _) in enumerate(bands)
        if k not in slot
    }
    for seen, group in itertools.groupby(range(len(bands)), key=lambda k: bands[k][2] or k in slot):
        if not seen and len({inked[k] for k in group}) > 1:
            return None
    for k, (lo, hi, _) in enumerate(bands):
        col = len(cells)
        got = slot.get(k)
        if got is not None:
            text, conf = _cell_text([got])
            cells.append(Cell(text, page.loc((lo, top, hi, bottom), table=index, row=r, col=col, confidence=conf)))
            continue
        # a band where OCR read nothing: a printed blank, unless the page has writing there (a lost "0"),
        # which is read again in a column whose bounds are certain
        unread = inked[k]
        if unread and bands[k][2]:
            again = _read_cell_again(
                page,
                max([lo, *(v.x1 for v in values if v.cx < lo)]),
                min([hi, *(v.x0 for v in values if v.cx >= hi)]),
                values,
            )
            if again is not None:
                rect = (lo, top, hi, bottom)
                cells.append(Cell(again[0], page.loc(rect, table=index, row=r, col=col, confidence=again[1])))
                continue
        cells.append(
            Cell(
                UNREAD if unread else " ",
                page.loc((lo, top, hi, bottom), table=index, row=r, col=col, confidence=0.0 if unread else None),
            )
        )
    return tuple(cells)


# Columns a table of numbers prints where its blank cells may print nothing: table 三's seven (2019 and
# 2021 alike) and table 四's fifteen (or five, a group a row). Columns read from a header are used only in
# one of these counts: a heading split in two (or two joined) gives another count, and is not used.
BAND_COUNTS = frozenset({5, 7, 15})


def _header_bands(page: _Page, header: Sequence[Sequence[_Box]], rows: Sequence[Sequence[_Box]]) -> list[Band]:
    """The columns of a table without rules read from its header, or [] when they cannot be told.

    OCR boxes glue the headings of neighbouring columns (自然人 商业企业 … 总计 read as one box), so the
    ink is read instead: the header (the lines of words right above the table's first row) is cut into
    words, its ink joined over blanks narrower than four fifths of a character; a word over two or more
    words side by side below it is a heading spanning columns (法人或其他组织 over 商业企业 … 其他) and left
    out; the other words, joined where they overlap (a heading on two lines), are the columns' headings,
    right of the label column's. A column runs from halfway between its heading and the one before to
    halfway to the one after. Used only when the table's numbers stand in all of them but two at most,
    each column of numbers in one, no two in one, and the count is one of BAND_COUNTS: few columns of
    numbers do not pin headings down, and headings justified in narrow cells defeat the ink (github-012:
    自 然 spread 21 pixels apart at 150 dpi, 法律服务机构 9 from 其他; 然 joined to 商业 and 法律服务机构 split
    in two gave seven all the same). Table 三 with few columns of numbers is then read by its ends
    (:func:`_end_bands`)."""
    if page.ink is None or not header or not rows:
        return []
    nums = [b for line in rows for b in line if _is_number(b.text)]
    if not nums:
        return []
    cols = _columns(rows)
    char = 0.75 * sorted(b.h for b in nums)[len(nums) // 2]  # a character's ink: about 3/4 of its box
    labels = [b.x1 for line in rows for b in line if not _is_number(b.text) and b.x1 <= cols[0][0] + char]
    label_end = sorted(labels)[len(labels) // 2] if labels else float("-inf")
    top = round(min(b.y0 for line in header for b in line))
    bottom = round(min(b.y0 for b in rows[0]))
    region = page.ink[max(0, top) : max(top + 1, bottom), :]
    if region.size == 0:
        return []
    _, cv2, _ = _deps()
    # the header's words: its ink closed over the blank between the characters of a word (a little less
    # than a character's width), each word one blob on its line of the cell
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, round(0.8 * char)), max(1, round(0.2 * char))))
    n, _, stats, _ = cv2.connectedComponentsWithStats(cv2.morphologyEx(region, cv2.MORPH_CLOSE, kernel))
    words = [
        (float(x), float(y), float(x + w), float(y + h))
        for x, y, w, h, _ in (stats[i][:5] for i in range(1, n))
        if h >= 0.5 * char and (x + x + w) / 2 > label_end  # not a remnant or dust; not the label's heading
    ]
    below_of = [[v for v in words if v[1] >= w[3] - 0.2 * char and v[0] < w[2] and w[0] < v[2]] for w in words]
    heads: list[list[float]] = []
    for w, below in zip(words, below_of, strict=True):
        # a heading over two or more headings side by side below it spans their columns
        apart = sorted(below)
        spanning = any(b[0] >= a[2] for a, b in itertools.combinations(apart, 2))
        if not spanning:
            heads.append([w[0], w[2]])
    heads.sort()
    merged: list[list[float]] = []
    for p in heads:
        if merged and p[0] < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], p[1])
        else:
            merged.append(p)
    if len(merged) not in BAND_COUNTS or len(cols) < len(merged) - 2:
        # Few columns of numbers do not pin the headings down (github-012's table 三: 然 joined to 商业 and
        # 法律服务机构 split in two give seven): only the table's ends, read from the header's words
        return _end_bands(header, cols, char)
    if len(merged) <= len(cols):
        return []
    edges = [merged[0][0] - 0.5 * char, *((a[1] + b[0]) / 2 for a, b in itertools.pairwise(merged))]
    edges.append(merged[-1][1] + 0.5 * char)
    bands = [(lo, hi, True) for lo, hi in itertools.pairwise(edges)]
    return bands if _fits(bands, cols, 0.2 * char) else []


_FIRST = re.compile(r"^自\s*然")  # table 三's header: 自然人 … 总计
_LAST = re.compile(r"总\s*计$")
REQUESTS_COLUMNS = 7


def _end_bands(header: Sequence[Sequence[_Box]], cols: Sequence[tuple[float, float]], char: float) -> list[Band]:
    """Table 三's seven columns when only its first and last can be told: a box of its header starts with
    自然 (自然人, the first column) and one ends with 总计 (the last), and every column of its numbers stands
    under one of the two, one under each at most (github-012: only those two print numbers, and OCR glues
    the headings into one box, 自然商业科研社会公法律总计). The five columns between are cut evenly between the
    two, their bounds not certain: a value there, or writing in some of them and not others, leaves the
    row unplaced (:func:`_by_bands`)."""
    boxes = [b for line in header for b in line]
    first = [b for b in boxes if _FIRST.search(b.text.strip())]
    last = [b for b in boxes if _LAST.search(b.text.strip())]
    if len(first) != 1 or len(last) != 1 or not cols or len(cols) > 2:
        return []
    a0, z1 = first[0].x0, last[0].x1
    a1, z0 = a0 + 3 * char, z1 - 3 * char  # 自然人 and 总计: two or three characters
    if z0 - a1 < 5 * char:
        return []  # no room for five columns between
    left, right = a1, z0
    for x0, x1 in cols:
        if x0 < a1 and a0 - 0.5 * char < x1:
            left = max(left, x1 + 0.2 * char)
        elif x0 < z1 + 0.5 * char and z0 < x1:
            right = min(right, x0 - 0.2 * char)
        else:
            return []
    if len(cols) == 2 and not (cols[0][0] < a1 and z0 < cols[1][1]):
        return []
    step = (right - left) / (REQUESTS_COLUMNS - 2)
    middle = [(left + i * step, left + (i + 1) * step, False) for i in range(REQUESTS_COLUMNS - 2)]
    return [(a0 - 0.5 * char, left, True), *middle, (right, z1 + 0.5 * char, True)]


def _fits(bands: Sequence[Band], cols: Sequence[tuple[float, float]], tol: float = 0.0) -> bool:
    """Whether every column of numbers stands in one band whose heading was seen (``tol`` pixels of slack),
    no two in one."""
    seen = set()
    for x0, x1 in cols:
        inside = [k for k, (lo, hi, sure) in enumerate(bands) if sure and lo - tol <= x0 and x1 <= hi + tol]
        if len(inside) != 1 or inside[0] in seen:
            return False
        seen.add(inside[0])
    return True


def _inked(page: _Page, lo: float, hi: float, nums: Sequence[_Box]) -> bool:
    """Whether a cell of a row without rules, where OCR read nothing, has writing in the page's ink: from
    ``lo`` to ``hi`` (the writing on either side left out), level with the row's numbers; specks left out,
    as in a ruled cell."""
    return _ink_at(page, lo, hi, nums) is not None


def _ink_at(page: _Page, lo: float, hi: float, nums: Sequence[_Box]) -> tuple[Rect, Rect] | None:
    """The writing of :func:`_inked`'s cell, as :func:`_ink_box` gives it (padded, tight), or None."""
    if page.ink is None or not nums or hi <= lo:
        return None
    np, cv2, _ = _deps()
    m = max(3, int(1.5 * page.scale))  # _ink_box looks this far inside its rectangle
    top, bottom = min(b.y0 for b in nums), max(b.y1 for b in nums)
    rect = (max(0.0, lo - m), max(0.0, top - m), hi + m, bottom + m)
    return _ink_box(np, cv2, page.ink, rect, page.scale)


# Digits a piece of a washed-out rule beside a cell's writing may be read as (an upright stroke)
_STROKES = re.compile(r"[17lI|]")


def _lone_stroke(page: _Page, tight: Rect, nums: Sequence[_Box]) -> bool:
    """Whether writing read as a lone 1 or 7 in a row of ``nums`` is a digit and no piece of a rule: as high as
    the row's digits print (within a fifth of their boxes' height), level with them, and the page has no
    writing right above or below it (a rule, washed out or not, runs on past the row's line, and a piece of
    it cut off by the row's bounds is taller than its digits; a digit ends with its line)."""
    x0, y0, x1, y1 = tight
    h = y1 - y0
    if page.ink is None or h <= 0 or not nums:
        return False
    tall = sorted(b.h for b in nums)[len(nums) // 2]  # a number's box: its digits' ink is about 0.8 of it
    top, bottom = min(b.y0 for b in nums), max(b.y1 for b in nums)
    if abs(h - 0.8 * tall) > 0.2 * tall or y0 < top - 0.2 * tall or y1 > bottom + 0.2 * tall:
        return False
    ink = page.ink
    up, down = max(0, round(y0 - 0.6 * h)), round(y1 + 0.6 * h)
    a, z = max(0, round(x0) - 2), round(x1) + 3
    above, below = ink[up : max(up, round(y0) - 1), a:z], ink[round(y1) + 2 : down, a:z]
    return int((above > 0).sum()) + int((below > 0).sum()) <= 2


def _read_cell_again(page: _Page, lo: float, hi: float, nums: Sequence[_Box]) -> tuple[str, float] | None:
    """A cell of a row without rules whose column is certain, where OCR found no text but the page has
    writing (a "0" the detector did not box beside pieces of washed-out rules), read again from its ink:
    the number read, or None when it does not read surely as a number. A reading with a digit an upright
    stroke could give (1, 7: a piece of a rule) is taken only when it is a lone 1 or 7 as high as the row's
    numbers with no writing right above or below it (:func:`_lone_stroke`); writing wider or narrower than its
    digits print, or a reading under LOW_CONFIDENCE is not taken (the cell stays unread)."""
    if page.reread is None:
        return None
    found = _ink_at(page, lo, hi, nums)
    if found is None:
        return None
    box, tight = found
    ((text, conf),) = page.reread([box])
    text, conf = _fix_digits(str(text).strip(), conf)
    stroke = _STROKES.search(text) and not (text in ("1", "7") and _lone_stroke(page, tight, nums))
    if not _is_number(text) or conf < LOW_CONFIDENCE or stroke or _too_wide(text, tight):
        return None
    digits, h = sum(ch.isdigit() for ch in text), tight[3] - tight[1]
    if digits >= 2 and tight[2] - tight[0] < (digits - 0.7) * 0.6 * h:
        return None  # more digits than the writing holds
    return text, conf


def _baselines(boxes: Sequence[_Box]) -> list[list[_Box]]:
    """Lines of text, the rows of a table printed without rules read by their numbers' baselines.

    The numbers of one row stand on one baseline and never reach into the next row, so the lines are
    found from them first; a box of words that overlaps a line of numbers by a third of its height or more
    joins the one it overlaps most (the two lines of a label wrapped around its row's numbers, or a label
    spanning rows printed halfway between two of them: not a row of its own, nor a bridge that joins two
    rows into one). The other boxes make lines among themselves, as :func:`_join_lines` does."""
    nums = [b for b in boxes if _is_number(b.text)]
    if not nums:
        return _join_lines(boxes)
    rows = _join_lines(nums)
    spans = [(min(b.y0 for b in row), max(b.y1 for b in row)) for row in rows]
    rest = []
    for bx in boxes:
        if _is_number(bx.text):
            continue
        overlaps = [min(y1, bx.y1) - max(y0, bx.y0) for y0, y1 in spans]
        best = max(range(len(rows)), key=lambda i: overlaps[i])
        if overlaps[best] >= bx.h / 3:
            rows[best].append(bx)
        else:
            rest.append(bx)
    lines = rows + _join_lines(rest)
    for line in lines:
        line.sort(key=lambda b: b.x0)
    lines.sort(key=lambda ln: min(b.y0 for b in ln))
    return lines


def _is_row(line: Sequence[_Box]) -> bool:
    """A line that is a row of a table without rules: three boxes or more, two of them numbers; or numbers
    only, two or more (a row whose label wraps onto the lines above and below its numbers)."""
    nums = sum(_is_number(b.text) for b in line)
    return nums >= 2 and (len(line) >= 3 or nums == len(line))


def _fold_labels(lines: list[list[_Box]]) -> list[list[_Box]]:
    """Lines of words only between two rows of a table without rules, left of its numbers (a label wrapped
    onto three lines, its row's numbers level with the middle one: "1.申请人无正当理由逾期不补正、行政 /
    机关 / 不再处理其政府信息公开申请"), each joined to the nearer row: one row, not a row and lines of
    prose that end the table.

    A line holding one value right of any words (a row whose other values the detector missed: "0" between
    "4.无正当理由大量反复申" and "请") takes the lines around it the same way. A row takes none when that gives
    it two rows' labels (lines opening with an ordinal, not a group's: the label of a row whose values were all
    lost, "8.属于行政查询事项" then "1.本机关不掌握相关政府", would hand it the values of the row above).
    """
    rows = [i for i, line in enumerate(lines) if _is_row(line) or _one_value(line)]
    out = [list(line) for line in lines]
    folded: set[int] = set()
    into: dict[int, list[int]] = {}

    def level(line: Sequence[_Box]) -> float:
        nums = [b.cy for b in line if _is_number(b.text)]
        return sum(nums) / len(nums)

    for a, b in itertools.pairwise(rows):
        between = range(a + 1, b)
        if not between or len(between) > 4:
            continue
        first = min(x.cx for x in (*lines[a], *lines[b]) if _is_number(x.text))
        # a label's box may run a little into the first column (padded), never over a number of its own
        if any(
            _is_number(x.text) or x.x1 > first + (0 if x.text[-1:].isdigit() else 0.3 * x.h)
            for i in between
            for x in lines[i]
        ):
            continue
        ya, yb = level(lines[a]), level(lines[b])
        for i in between:
            cy = sum(x.cy for x in lines[i]) / len(lines[i])
            into.setdefault(a if cy - ya <= yb - cy else b, []).append(i)
    for t, taken in into.items():
        if sum(_label_start(lines[i][0].text) for i in (t, *taken)) > 1:
            continue  # two rows' labels: a row whose values were lost is one of them, its label no other's
        for i in taken:
            out[t] += lines[i]
            folded.add(i)
    return [sorted(line, key=lambda x: x.x0) for i, line in enumerate(out) if i not in folded]


def _label_start(text: str) -> bool:
    """Whether a line opens a row's label: an ordinal (1., （二）, 四、) not of a group's label (（三）不予)."""
    return bool(_ORDINAL.match(text)) and not _is_number(text) and not _in_group_label(text)


def _one_value(line: Sequence[_Box]) -> bool:
    """A line with one number, any words it holds left of it (a row whose other values the detector missed)."""
    nums = [b for b in line if _is_number(b.text)]
    return len(nums) == 1 and all(b.cx < nums[0].x0 for b in line if b is not nums[0])


@attrs.define
class _Carry:
    """What a page leaves the next one of the same document: the columns of a table without rules that ran
    to the page's end (table 三 goes on over the page break without its header), and the page's width and
    left margin in working pixels (the next page takes the columns only when it is printed and scanned at
    the same scale and place)."""

    bands: list[Band] = attrs.Factory(list)
    width: float = 0.0
    margin: float = 0.0
    photo: bool = False  # the page was a photo straightened to its edges: its size is its own


def _margin(boxes: Sequence[_Box]) -> float | None:
    """The page's left margin: where its lines of six characters or more start, the leftmost (a table's
    label column or a paragraph's first line indented starts right of it)."""
    starts = [b.x0 for b in boxes if len(b.text) >= 6]
    return min(starts) if starts else None


_GLUED_VALUE = re.compile(r"^(.*[\u4e00-\u9fff”\"）)])\s*(\d{1,3})$")  # a label, then a count: 合法权益0
_ORDINAL = re.compile(r"^\s*(?:[0-9]+\s*[.、．,，]?|[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)")
_QUOTES = re.compile(r"[“”\"'‘’\s]")


def _row_labels() -> dict[str, bool]:
    """The labels of the template's rows of table 三 (both editions), without ordinals or quotes: whether
    each is generic (其他, 总计: a row label only with its ordinal, a column's heading without)."""
    from ...schema._labels import REQUESTS_2019, REQUESTS_2021

    return {_QUOTES.sub("", row.label): row.generic for spec in (REQUESTS_2019, REQUESTS_2021) for row in spec.rows}


def _despecked(box: _Box, bands: Sequence[Band]) -> _Box:
    """A box read as a number with specks at its ends ("0.", "。3"), standing in a column whose heading was
    seen, as that number; any other box as it is."""
    core = _SPECKS.fullmatch(box.text)
    if core is None or core.group(1) == box.text or not _is_number(core.group(1)):
        return box
    if not any(sure and lo <= box.cx < hi for lo, hi, sure in bands):
        return box
    return attrs.evolve(box, text=core.group(1))


def _unglued(page: _Page, line: Sequence[_Box], bands: Sequence[Band]) -> list[_Box] | None:
    """A line of table 三 whose row label and first value OCR boxed as one ("4.保护第三方合法权益0" then "0"), with the
    value split off its label, or None.

    A label (or a line of a label wrapped around its values: 不补正、行政机关不再处0; not a generic label without its
    ordinal, 其他, also a column's heading), followed by a count of one to three digits whose place, measured
    on the page's ink (the box's writing ends with the digits, each about 0.55 of the box's height wide),
    stands inside a column whose heading was seen, no other value of the line in that column, and the
    label's writing left of it: the value is then where a value of that column stands, never shifted.
    Also a value read with a speck of grain beside it ("0.", "0-", as a ruled cell's reading is cleaned),
    standing in a column whose heading was seen. Only a line that is then a row (:func:`_is_row`), its other
    columns read again from their ink when it holds that one value only (:func:`_completed`): a line of text
    keeps its text as read."""
    cleaned = [_despecked(b, bands) for b in line]
    if any(a is not b for a, b in zip(cleaned, line, strict=True)):
        out = _unglued(page, cleaned, bands) or cleaned
        return out if _is_row(out) else None  # a line of text keeps its text as read
    glued = [b for b in line if (m := _GLUED_VALUE.match(b.text)) and not _is_number(b.text)]
    if len(glued) != 1 or page.ink is None:
        return None
    box = glued[0]
    m = _GLUED_VALUE.match(box.text)
    assert m is not None
    label, digits = m.group(1), m.group(2)
    core = _QUOTES.sub("", _ORDINAL.sub("", label))
    generic = _row_labels().get(core)
    if generic and not _ORDINAL.match(label):
        return None
    np, _, _ = _deps()
    x0, y0, x1, y1 = (round(v) for v in (box.x0, box.y0, box.x1, box.y1))
    h = y1 - y0
    part = page.ink[max(0, y0 + h // 5) : max(y1 - h // 5, y0 + h // 5 + 1), max(0, x0) : max(x1, x0 + 1)]
    cols = np.flatnonzero((part > 0).sum(axis=0) >= 2) if part.size else np.zeros(0, dtype=int)
    if cols.size == 0:
        return None
    right = float(max(0, x0) + cols[-1] + 1)
    left = right - 0.55 * h * len(digits)
    centre = (left + right) / 2
    inside = [k for k, (lo, hi, sure) in enumerate(bands) if sure and lo + 0.15 * h <= centre <= hi - 0.15 * h]
    if len(inside) != 1 or left < bands[inside[0]][0] - 0.3 * h:
        return None
    lo, hi, _ = bands[inside[0]]
    if any(b is not box and _is_number(b.text) and lo <= b.cx < hi for b in line):
        return None
    value = _Box(left, box.y0, right, box.y1, digits, box.conf)
    rest = attrs.evolve(box, x1=min(box.x1, left), text=label.rstrip())
    out = sorted([*(b for b in line if b is not box), rest, value], key=lambda b: b.x0)
    # the row's other values lost too (不补正、行政机关不再处0, its 总计 missed): read again from their ink
    return out if _is_row(out) else _completed(page, out, bands)


def _gaps(page: _Page, box: _Box, char: float) -> list[float]:
    """Where a box's writing has a blank at least 0.6 of a character wide, writing on both sides (the
    middle of each blank), left to right."""
    np, _, _ = _deps()
    x0, x1 = round(box.x0), round(box.x1)
    y0, y1 = round(box.y0 + 0.15 * box.h), round(box.y1 - 0.15 * box.h)
    part = page.ink[max(0, y0) : max(y1, y0 + 1), max(0, x0) : max(x1, x0 + 1)]
    if part.size == 0:
        return []
    inked = np.flatnonzero((part > 0).sum(axis=0) > 0)
    if inked.size < 2:
        return []
    steps = np.diff(inked)
    return [float(x0 + inked[i] + steps[i] / 2) for i in np.flatnonzero(steps > 0.6 * char)]


@functools.cache
def _group_labels() -> tuple[str, ...]:
    """The labels of table 三's group cells (三、本年度办理结果, （三）不予公开, …), both editions, spaces out."""
    from ...schema._labels import REQUESTS_2019, REQUESTS_2021

    groups = {_QUOTES.sub("", r.group) for spec in (REQUESTS_2019, REQUESTS_2021) for r in spec.rows if r.group}
    return tuple(sorted(groups))


def _in_group_label(text: str) -> bool:
    t = _QUOTES.sub("", text)
    return len(t) >= 2 and any(t in g for g in _group_labels())


def _group_cell(page: _Page, lines: list[list[_Box]]) -> list[list[_Box]]:
    """Rows of a table without rules whose label boxes took in pieces of the group cell beside them (table
    三's 三、本年度办理结果, printed on three lines in a column of its own left of its rows' labels: OCR read
    "三、本（一）予以公开" and "年度办（二）部分公开…", and the next row's "年度" after a row's last value made it
    a date), with those pieces taken out of the rows' labels and joined, as the group's cell, to the label of
    the first row they stand in (as a ruled table's merged cell reads). The values are not touched.

    A label box whose text starts with a piece of a group label (two characters or more) is cut where its
    writing has a blank (the margins of two cells) after that piece, the blank nearest to where the piece
    ends by its share of the text; its two pieces are read again, and the cut kept only when the left one
    reads as a piece of a group label and the right one as anything. A piece of a group label with more of
    the row's label right of it is the group's; such pieces of rows one after another are one cell. A label
    with no blank there (一、本年新收…, 2.其他法律…) is left whole."""
    if page.ink is None or page.reread is None or len(lines) < 2:
        return lines
    cols = _columns(lines)
    nums = [b for line in lines for b in line if _is_number(b.text)]
    if not cols or not nums:
        return lines
    first = cols[0][0]
    char = 0.75 * sorted(b.h for b in nums)[len(nums) // 2]
    labels = [[b for b in line if not _is_number(b.text) and b.cx < first] for line in lines]
    cuts: list[tuple[_Box, float]] = []
    for label in labels:
        for b in label:
            text = b.text.strip()
            k = max((i for i in range(2, len(text)) if _in_group_label(text[:i])), default=0)
            if not k:
                continue
            end = b.x0 + (b.x1 - b.x0) * k / len(text)  # where the piece ends, by its share of the text
            near = [x for x in _gaps(page, b, char) if abs(x - end) <= 1.5 * char]
            if near:
                cuts.append((b, min(near, key=lambda x: abs(x - end))))
    parts: dict[int, tuple[_Box, _Box]] = {}
    if cuts:
        read = page.reread([r for b, x in cuts for r in ((b.x0, b.y0, x, b.y1), (x, b.y0, b.x1, b.y1))])
        for i, (b, x) in enumerate(cuts):
            (lt, lc), (rt, rc) = read[2 * i], read[2 * i + 1]
            lt, rt = lt.strip(), rt.strip()
            if _in_group_label(lt) and rt and lc >= LOW_CONFIDENCE and rc >= 0.5:
                parts[id(b)] = (_Box(b.x0, b.y0, x, b.y1, lt, min(b.conf, lc)), _Box(x, b.y0, b.x1, b.y1, rt, b.conf))
    out: list[list[_Box]] = []
    pieces: list[tuple[int, list[_Box]]] = []  # (row, its pieces of the group cell)
    for r, line in enumerate(lines):
        new = [p for b in line for p in parts.get(id(b), (b,))]
        label = [b for b in new if not _is_number(b.text) and b.cx < first]
        group = [
            b
            for b in label
            if _in_group_label(b.text.strip())
            and any(o.x0 >= b.x1 - 0.2 * char and not _in_group_label(o.text.strip()) for o in label)
        ]
        if group:
            pieces.append((r, group))
            new = [b for b in new if b not in group]
        out.append(new)
    if not pieces:
        return lines
    runs: list[list[tuple[int, list[_Box]]]] = []
    for r, group in pieces:
        if runs and runs[-1][-1][0] == r - 1:
            runs[-1].append((r, group))
        else:
            runs.append([(r, group)])
    for one in runs:
        boxes = [b for _, group in one for b in group]
        text = "".join(b.text.strip() for _, group in one for line in _join_lines(group) for b in line)
        head = min(one[0][1], key=lambda b: b.y0)
        x0, x1 = min(b.x0 for b in boxes), max(b.x1 for b in boxes)
        cell = _Box(x0, head.y0, x1, head.y1, text, min(b.conf for b in boxes))
        out[one[0][0]] = sorted([*out[one[0][0]], cell], key=lambda b: b.x0)
    return out


def _completed(page: _Page, line: Sequence[_Box], bands: Sequence[Band]) -> list[_Box] | None:
    """A line of table 三 with its label and one value only, the detector having missed the row's other values
    (a harsh scan: "3.要求提供公开出版物 0", its 总计 lost), with the values of the other columns whose heading was
    seen read again from their ink, or None.

    The value must stand inside a column whose heading was seen (a speck of grain beside it aside), the label
    left of the columns; every other such column with writing in it, level with the value, must read surely
    as a number (:func:`_read_cell_again`), and one at least has writing: else the line is left as read. The
    values read are where the columns stand, never shifted; the row is then placed as any other."""
    cleaned = [_despecked(b, bands) for b in line]
    nums = [b for b in cleaned if _is_number(b.text)]
    if len(nums) != 1 or not bands or page.reread is None:
        return None
    value = nums[0]
    start = bands[0][0]
    label = [b for b in cleaned if b is not value]
    if not label or any(b.x1 > start and b.cx >= start - 2 for b in label):
        return None
    home = [k for k, (lo, hi, sure) in enumerate(bands) if sure and lo <= value.cx < hi]
    if len(home) != 1:
        return None
    added = []
    for k, (lo, hi, sure) in enumerate(bands):
        if not sure or k == home[0]:
            continue
        left = max(lo, value.x1) if value.cx < lo else lo
        right = min(hi, value.x0) if value.cx >= hi else hi
        found = _ink_at(page, left, right, [value])
        if found is None:
            continue
        got = _read_cell_again(page, left, right, [value])
        if got is None:
            return None
        tight = found[1]
        added.append(_Box(tight[0], value.y0, tight[2], value.y1, got[0], got[1]))
    if not added:
        return None
    out = sorted([*cleaned, *added], key=lambda b: b.x0)
    return out if _is_row(out) else None


# Pieces of a page read again by the recognizer: (text, confidence) of each rectangle, in order.
Reread = Callable[[Sequence[Rect]], list[tuple[str, float]]]


def _text_blocks(
    page: _Page,
    boxes: list[_Box],
    height: float,
    n_table: int,
    reread: Reread | None = None,
    carry: _Carry | None = None,
    width: float = 0.0,
) -> int:
    """Lines outside ruled tables: paragraphs, or rows of an unruled table when they hold several numbers.
    A box read as a speck only is dust and left out. ``reread`` reads pieces of the page again (table 四's
    cells where the detector found no text, :func:`_appeals_row`). ``carry``: the columns of a table the
    page before ended with, taken by the rows at the top of this page (of ``width`` pixels) as rows below
    their header take them, when the two pages' widths and margins agree; left for the next page."""
    lines = _fold_labels(_baselines([b for b in boxes if not _SPECK_ONLY.fullmatch(b.text)]))
    run: list[list[_Box]] = []
    above: list[list[_Box]] = []  # lines of words since the last rows: the header of the next rows
    last: list[Band] = []  # the columns of the page's last table read from its header
    margin = _margin(boxes)
    if carry is not None and carry.bands and margin is not None and width > 0 and carry.width > 0:
        char = sorted(b.h for b in boxes)[len(boxes) // 2]
        # Photos straightened to their pages' edges: each page its own size, the paper's width the scale
        # (a column stands at the same fraction of it); scans: one render, one width.
        f = width / carry.width if page.photo and carry.photo else 1.0
        same = (page.photo and carry.photo) or abs(width - carry.width) <= 0.01 * width
        if same and abs(margin - carry.margin * f) <= 0.5 * char:
            last = [(lo * f, hi * f, sure) for lo, hi, sure in carry.bands]

    def run_bands() -> list[Band]:
        # the table's columns from its own header; rows of the same table that the lines of a label
        # wrapped around its numbers (or a number OCR lost) cut off from it take the columns before
        # (only across a few lines of words, none of table 四's header: 四 may stand below 三 on a page)
        slack = 0.15 * max(b.h for line in run for b in line)
        words = "".join(b.text for line in above for b in line)
        near = len(above) <= NEAR_LINES and not _APPEALS_HEADER.search(words) and _fits(last, _columns(run), slack)
        return _header_bands(page, _header(above, run), run) or (last if near else [])

    def flush() -> None:
        nonlocal n_table, last
        if run:
            run[:] = _group_cell(page, run)
            bands = run_bands()
            words = "".join(b.text for line in above for b in line)
            appeals = None
            if len(run) == 1 and not bands and _APPEALS_HEADER.search(words):
                appeals = _appeals_row(page, run[0], n_table, reread, _header(above, run))
            if appeals is not None:
                page.items.append((min(b.y0 for b in run[0]), appeals))
                n_table += 1
                above.clear()
            elif len(run) >= 2 or bands:
                page.items.append((min(b.y0 for b in run[0]), _unruled_rows(page, run, n_table, bands)))
                n_table += 1
                last = bands or last
                above.clear()
            else:
                for line in run:
                    para(line)
        run.clear()

    def para(line: list[_Box]) -> None:
        text = " ".join(b.text for b in line).strip()
        bbox = (line[0].x0, min(b.y0 for b in line), line[-1].x1, max(b.y1 for b in line))
        in_margin = bbox[1] < height * 0.07 or bbox[3] > height * 0.93
        # OCR often reads the dashes around a page number ("- 1 -") as 一
        furniture = PAGE_FURNITURE.match(text) or PAGE_FURNITURE.match(text.replace("一", "-")) or text.isdigit()
        if in_margin and furniture:
            return
        page.items.append((bbox[1], Paragraph(text, page.loc(bbox, confidence=min(b.conf for b in line)))))

    for line in lines:
        if not _is_row(line):
            # the columns of the rows above (as their flush will take them), else the last table's: a line
            # made a row by them goes on with the rows above, one table (a group's label cut into pieces
            # over its rows is joined only within one)
            bands = (run_bands() if run else []) or last
            if bands and (split := _unglued(page, line, bands) or _completed(page, line, bands)) is not None:
                line = split
        if _is_row(line):
            run.append(line)
            continue
        flush()
        para(line)
        above.append(line)
    flush()
    if carry is not None:
        # the columns go on to the next page only from a table that ran to this page's end (a line or two
        # below it: a page number), never past table 四's header
        words = "".join(b.text for line in above for b in line)
        keep = last if len(above) <= 2 and not _APPEALS_HEADER.search(words) else []
        carry.bands, carry.width, carry.margin = keep, width, margin if margin is not None else 0.0
        carry.photo = page.photo
    return n_table


_APPEALS_HEADER = re.compile(r"复议|诉讼")  # table 四's header: 行政复议, 行政诉讼, 复议后起诉
# Lines of words between two runs of rows of one table across which the second takes the first's columns
# (pieces of labels wrapped around their rows, lines holding one value whose row lost the other)
NEAR_LINES = 12
APPEALS_COLUMNS = 15
PITCH_SLACK = 0.15  # of the pitch: how far a value's centre may stand from its column's


def _on_pitch(nums: Sequence[_Box], span: int) -> tuple[float, float, dict[int, _Box]] | None:
    """Values (left to right) placed on ``span + 1`` evenly spaced columns, the first and the last value on
    the end ones: (the first column's centre, the pitch, column -> value), or None when a value stands off
    the columns (by more than PITCH_SLACK of a pitch), two on one, or one is wider than 0.6 of a column."""
    first, pitch = nums[0].cx, (nums[-1].cx - nums[0].cx) / span
    if pitch <= 0:
        return None
    slot: dict[int, _Box] = {}
    for b in nums:
        k = round((b.cx - first) / pitch)
        if k in slot or abs(b.cx - first - k * pitch) > PITCH_SLACK * pitch or b.x1 - b.x0 > 0.6 * pitch:
            return None
        slot[k] = b
    return first, pitch, slot


def _ink_in(page: _Page, rect: Rect) -> bool:
    """Whether the page has writing in ``rect`` (specks left out, as in a cell), or a ruled piece there
    (its ink taken out: not known to be blank)."""
    x0, y0, x1, y1 = rect
    if any(x0 < gx1 and gx0 < x1 and y0 < gy1 and gy0 < y1 for gx0, gy0, gx1, gy1 in page.grids):
        return True
    if page.ink is None:
        return True
    np, cv2, _ = _deps()
    m = max(3, int(1.5 * page.scale))  # _ink_box looks this far inside its rectangle
    return _ink_box(np, cv2, page.ink, (max(0.0, x0), y0 - m, x1, y1 + m), page.scale) is not None


def _ink_columns(page: _Page, nums: Sequence[_Box], header: Sequence[Sequence[_Box]]) -> list[Rect] | None:
    """The pieces of writing on a row of values, left to right, where the header above spans: the ink
    of the row's band (specks and what is shorter than a third of a line left out) split where more than
    half a line's height of blank separates it (the digits of one number stand closer). None without the
    page's ink or a header."""
    if page.ink is None or not header:
        return None
    np, cv2, _ = _deps()
    h = sorted(b.h for b in nums)[len(nums) // 2]
    lo = min(b.x0 for line in header for b in line) - h
    hi = max(b.x1 for line in header for b in line) + h
    top, bottom = min(b.y0 for b in nums), max(b.y1 for b in nums)
    y0, x0 = max(0, int(top)), max(0, int(lo))
    band = page.ink[y0 : max(int(bottom), y0 + 1), x0 : max(int(hi), x0 + 1)]
    if band.size == 0:
        return None
    n, _, stats, _ = cv2.connectedComponentsWithStats((band > 0).astype(np.uint8))
    spans = sorted(
        (int(st[0]), int(st[1]), int(st[0] + st[2]), int(st[1] + st[3]))
        for st in stats[1:n]
        if st[4] >= 2 * page.scale * page.scale and st[3] >= h / 3
    )
    out: list[list[int]] = []
    for a, t, z, u in spans:
        if out and a - out[-1][2] <= 0.5 * h:
            out[-1][1], out[-1][2], out[-1][3] = min(out[-1][1], t), max(out[-1][2], z), max(out[-1][3], u)
        else:
            out.append([a, t, z, u])
    return [(x0 + a, y0 + t, x0 + z, y0 + u) for a, t, z, u in out]  # tight round each piece's writing


def _by_ink(
    page: _Page, nums: Sequence[_Box], header: Sequence[Sequence[_Box]]
) -> tuple[dict[int, _Box], dict[int, Rect]] | None:
    """Table 四's row placed by its pieces of writing when its columns are not evenly printed (a first column
    wider than the others): exactly fifteen pieces, every value found standing in one of them, no two in one.
    (column -> value found, column -> the piece of writing where none was found), or None."""
    pieces = _ink_columns(page, nums, header)
    if pieces is None or len(pieces) != APPEALS_COLUMNS:
        return None
    slot: dict[int, _Box] = {}
    for b in nums:
        at = [k for k, (a, _, z, _) in enumerate(pieces) if a - 0.25 * b.h <= b.cx <= z + 0.25 * b.h]
        if len(at) != 1 or at[0] in slot:
            return None
        slot[at[0]] = b
    return slot, {k: r for k, r in enumerate(pieces) if k not in slot}


def _appeals_row(
    page: _Page,
    line: Sequence[_Box],
    index: int,
    reread: Reread | None,
    header: Sequence[Sequence[_Box]] = (),
) -> Table | None:
    """Table 四 printed without rules, its one row of values under its header, placed in its fifteen columns
    by their pitch, or None when that is not certain.

    Its columns are printed evenly (five groups of three headings stacked in narrow cells, which the header's
    ink cannot tell apart), and the detector loses thin values there ("1" beside zeros: github-012 read 13 of
    15). When the row's first and last values stand fourteen pitches apart and every other value stands on
    one of the columns between (within PITCH_SLACK of a pitch), no two on one, no value wider than a column,
    each column's place is certain: one where no value was found is read again from its ink (``reread``) —
    a printed blank where there is none, unread (:data:`UNREAD`) where the writing cannot be read as a
    number. Ten values at least: fewer do not pin the pitch. When they stand thirteen pitches apart (the
    first or the last value lost as well), the fifteenth column is the end where the page has writing,
    when the other end has none. Columns printed unevenly (a first column wider than the others, github-013):
    placed by the row's pieces of writing under the ``header`` (:func:`_by_ink`), each lost value's piece read
    again on its own."""
    nums = sorted(line, key=lambda b: b.cx)
    if not 10 <= len(nums) <= APPEALS_COLUMNS or not all(_specked_number(b) for b in nums):
        return None
    top, bottom = min(b.y0 for b in nums), max(b.y1 for b in nums)
    placed = _on_pitch(nums, APPEALS_COLUMNS - 1)
    if placed is None and (inked := _by_ink(page, nums, header)) is not None:
        # columns printed unevenly: each lost value's piece of writing read again on its own
        placed_ink, pieces = inked
        pad = max(2.0, 0.3 * (bottom - top))
        padded = {k: (x0 - pad, y0 - pad, x1 + pad, y1 + pad) for k, (x0, y0, x1, y1) in pieces.items()}
        again_read: dict[int, tuple[str, float | None]] = dict.fromkeys(padded, (UNREAD, 0.0))
        if padded and reread is not None:
            for k, (got, score) in zip(padded, reread(list(padded.values())), strict=True):
                got, score = _fix_digits(got.strip(), score)
                # a 1 or 7 only where it is no piece of a rule (as a cell read again without rules)
                stroke = _STROKES.search(got) and not (got in ("1", "7") and _lone_stroke(page, pieces[k], nums))
                if _is_number(got) and score >= 0.5 and not stroke:
                    again_read[k] = (got, score)
        return _appeals_cells(page, placed_ink, again_read, pieces, index, top, bottom)
    if placed is None:
        # the first or the last value lost too: its values span thirteen pitches, and the fifteenth column
        # is the one end beside them where the page has writing (the other without any), else not certain
        placed = _on_pitch(nums, APPEALS_COLUMNS - 2)
        if placed is None:
            return None
        first, pitch, slot = placed
        ends = [
            _ink_in(page, (first + (k - 0.4) * pitch, top, first + (k + 0.4) * pitch, bottom))
            for k in (-1, APPEALS_COLUMNS - 1)
        ]
        if ends == [True, False]:
            first, slot = first - pitch, {k + 1: b for k, b in slot.items()}
        elif ends != [False, True]:
            return None
        placed = first, pitch, slot
    first, pitch, slot = placed
    rects = {
        k: (first + (k - 0.5) * pitch, top, first + (k + 0.5) * pitch, bottom)
        for k in range(APPEALS_COLUMNS)
        if k not in slot
    }
    read: dict[int, tuple[str, float | None]] = {}
    again: list[tuple[int, Rect]] = []
    np, cv2, _ = _deps() if rects else (None, None, None)
    for k, (x0, y0, x1, y1) in rects.items():
        m = max(3, int(1.5 * page.scale))  # _ink_box looks this far inside its rectangle
        found = None
        if any(x0 < gx1 and gx0 < x1 and y0 < gy1 and gy0 < y1 for gx0, gy0, gx1, gy1 in page.grids):
            read[k] = (UNREAD, 0.0)  # a ruled piece took its writing: what it holds is not known here
            continue
        if page.ink is not None:
            found = _ink_box(np, cv2, page.ink, (x0 + pitch * 0.1, y0 - m, x1 - pitch * 0.1, y1 + m), page.scale)
        if found is None:
            read[k] = (" ", None)  # no writing: a printed blank
        elif reread is None:
            read[k] = (UNREAD, 0.0)
        else:
            again.append((k, found[0]))
    if again and reread is not None:
        for (k, _), (got, score) in zip(again, reread([r for _, r in again]), strict=True):
            got, score = _fix_digits(got.strip(), score)
            read[k] = (got, score) if _is_number(got) and score >= 0.5 else (UNREAD, 0.0)
    return _appeals_cells(page, slot, read, rects, index, top, bottom)


def _appeals_cells(
    page: _Page,
    slot: dict[int, _Box],
    read: dict[int, tuple[str, float | None]],
    rects: dict[int, Rect],
    index: int,
    top: float,
    bottom: float,
) -> Table:
    """Table 四's row of fifteen cells: the values found (``slot``), the others as read again (``read``,
    where they stand: ``rects``)."""
    cells = []
    for k in range(APPEALS_COLUMNS):
        text: str
        conf: float | None
        if k in slot:
            b = slot[k]
            text, conf = _cell_text([b])
            rect: Rect = (b.x0, top, b.x1, bottom)
        else:
            text, conf = read[k]
            rect = rects[k]
        cells.append(Cell(text, page.loc(rect, table=index, row=0, col=k, confidence=conf)))
    x0 = min([*(b.x0 for b in slot.values()), *(r[0] for r in rects.values())])
    x1 = max([*(b.x1 for b in slot.values()), *(r[2] for r in rects.values())])
    return Table((tuple(cells),), page.loc((x0, top, x1, bottom), table=index))


def _header(above: Sequence[Sequence[_Box]], rows: Sequence[Sequence[_Box]]) -> list[Sequence[_Box]]:
    """The lines right above a table's first row that may be its header: up to six, each less than two
    lines' height above the next."""
    out: list[Sequence[_Box]] = []
    edge = min(b.y0 for b in rows[0])
    for line in reversed(above):
        h = max(b.h for b in line)
        if edge - max(b.y1 for b in line) > 2 * h or len(out) == 6:
            break
        out.insert(0, line)
        edge = min(b.y0 for b in line)
    return out


def _part_of_wider(grid: _Grid, boxes: Sequence[Rect]) -> bool:
    """Whether a ruled grid is a piece of a wider table whose other rules a harsh scan washed out: text
    stands beside it, level with most of its rows (the rows' labels and other columns, read outside it).
    Such a grid took the last two columns of a table of faint rules, and its rows' values were lost to the
    table read by baselines; without it, the whole table is read by its baselines."""
    x0, x1 = grid.xs[0], grid.xs[-1]
    rows = list(itertools.pairwise(grid.ys))
    beside = 0
    for top, bottom in rows:
        for b in boxes:
            cx, h = (b[0] + b[2]) / 2, b[3] - b[1]
            if (cx < x0 or cx > x1) and min(b[3], bottom) - max(b[1], top) >= 0.5 * h:
                beside += 1
                break
    return beside >= max(2, (len(rows) + 1) // 2)


def _split(grid: _Grid, r: Rect, scale: float = 1.0) -> list[Rect]:
    """A box that runs across a ruled line between two cells (text overflowing its cell) cut at the line,
    and each piece kept off the rules around its cell (a box that takes in the rule next to a digit reads
    it as "[" or "|": "[0" for 0)."""
    x0, y0, x1, y1 = r
    h = y1 - y0
    row = grid.cell_at((x0 + x1) / 2, (y0 + y1) / 2)
    if row is None:
        return [r]
    cy = (y0 + y1) / 2
    cuts = []
    for c in range(len(grid.xs) - 2):
        x = grid.xs[c + 1]
        if x0 + 0.5 * h < x < x1 - 0.5 * h:
            left, right = grid.cell_at(x - 2, cy), grid.cell_at(x + 2, cy)
            if left is not None and right is not None and left != right:
                cuts.append(float(x))
    edges = [x0, *cuts, x1]
    off = max(2.0, float(scale))  # half a rule's width and a pixel
    out = []
    for a, b in itertools.pairwise(edges):
        na, nb = a, b
        tl = grid.cell_at((a + b) / 2, cy)
        if tl is not None:
            cx0, _, cx1, _ = grid.rect(tl)
            na = cx0 + off if a <= cx0 + 1 else a
            nb = cx1 - off if b >= cx1 - 1 else b
        out.append((na, y0, nb, y1) if nb - na >= 0.3 * h else (a, y0, b, y1))
    return out


def _ocr_page(
    gray: Any, pno: int, unit: float, n_table: int, carry: _Carry | None = None
) -> tuple[list[tuple[float, Block]], int]:
    """OCR one grey page image; returns its blocks (with their tops) and the next table index. ``carry``:
    what the document's page before left this one, and this one leaves the next (:class:`_Carry`)."""
    np, cv2, _ = _deps()
    _in_time(pno)
    engine = _engine()
    work = _Work(pno)
    gray, photo = _flatten(np, cv2, gray)
    gray = _prepare(np, cv2, gray)
    gray, turn, angle, box_height = _upright(np, cv2, engine, gray, pno)  # a half turn keeps the skew
    if abs(angle) >= 0.1:
        gray = _rotate(cv2, gray, angle)
    h, w = gray.shape[:2]
    scale = max(h, w) / 842.0  # pixels per point, for a page the length of A4
    if turn in (90, 270) or photo:  # the boxes are placed in the turned or straightened image, not the file's
        unit = 1.0
    page = _Page(pno, unit)
    grids, ink = _grids(np, cv2, gray, scale, pno)
    found = _detect_sized(np, cv2, engine, gray, pno, box_height)
    grids = [g for g in grids if not _part_of_wider(g, found)]
    in_tables: list[Rect] = []
    outside: list[_Box] = []
    for r in found:
        cx, cy = (r[0] + r[2]) / 2, (r[1] + r[3]) / 2
        grid = next((g for g in grids if g.contains(cx, cy)), None)
        if grid is not None:
            in_tables += _split(grid, r, scale)
        else:
            outside.append(_Box(*r, "", 1.0))
    free = ink.copy()
    for grid in grids:
        x0, y0, x1, y1 = grid.bbox
        free[y0 : y1 + 1, x0 : x1 + 1] = 0
    free = _without_dots(cv2, free, scale)
    pieces: dict[Rect, list[Rect]] = {}
    segments = []
    every = _rects(outside)
    for line in _join_lines(outside):
        own = set(_rects(line))
        for seg in _segments(np, free, list(own), [r for r in every if r not in own]):
            segments.append(seg)
            if len(parts := _apart(np, free, seg)) > 1:
                pieces[seg] = parts
    work.read(len(in_tables) + len(segments), "its text boxes")  # the bound, before the recognizer runs
    boxes = _read_boxes(np, engine, gray, in_tables, pno)
    for i, grid in enumerate(grids):
        mine = [b for b in boxes if grid.contains(b.cx, b.cy)]
        table = _ruled_table(np, cv2, engine, page, gray, ink, grid, mine, n_table + i, scale, work)
        page.items.append((grid.ys[0], table))
    n_table += len(grids)
    read = _read_boxes(np, engine, gray, segments, pno)
    # A segment holding numbers, joined from boxes that stand apart (the columns of a table printed without
    # rules, "217 1 0 0" read as "217100"), is read again box by box.
    # Only a segment read as (nearly) all digits: prose justified with wide spaces ("2023 年 1 月 1 日")
    # read piece by piece loses characters at the cuts.
    again = [b for b in read if _mostly_digits(b.text) and (b.x0, b.y0, b.x1, b.y1) in pieces]
    if again:
        parts = [p for b in again for p in pieces[(b.x0, b.y0, b.x1, b.y1)]]
        work.read(len(parts), "numbers standing apart, read one by one")
        read = [b for b in read if b not in again] + _read_boxes(np, engine, gray, parts, pno)
    # a number's box drawn in to its ink: segments are stretched and padded, and boxes of neighbouring
    # columns that touch would join their columns into one (the columns are where the numbers stand)
    read = [_tight(np, free, b) if _is_number(b.text) else b for b in read]
    # a number read with more digits than its ink holds: a piece of a washed-out rule or the end of a label,
    # in the piece read but not in the ink, read as a digit ("0" beside a faint rule read as "10")
    read = [attrs.evolve(b, conf=min(b.conf, LOW_CONFIDENCE / 2)) if _too_narrow(np, free, b) else b for b in read]
    page.ink, page.scale, page.grids = free, scale, [g.bbox for g in grids]

    def reread(rects: Sequence[Rect]) -> list[tuple[str, float]]:
        work.read(len(rects), "cells of a table without rules read again from their ink")
        rec = _recognise(engine, [_crop(np, gray, r) for r in rects], pno)
        return [(str(text), round(float(score), 3)) for text, score in rec]

    page.reread, page.photo = reread, photo
    n_table = _text_blocks(page, read, float(h), n_table, reread, carry, float(w))
    page.items.sort(key=lambda it: it[0])
    return page.items, n_table


def _without_dots(cv2: Any, ink: Any, scale: float) -> Any:
    """The ink without dots smaller than a decimal point: a harsh scan's grain and toner dust, a few pixels
    each, bridged the blank between the columns of a table without rules ("1 0 0" stood as one piece, read
    "100", and its columns were joined into one) and carried segments over blank space."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if n <= 1:
        return ink
    tiny = stats[:, cv2.CC_STAT_AREA] < max(4.0, 1.5 * scale * scale)
    tiny[0] = False
    out = ink.copy()
    out[tiny[labels]] = 0
    return out


def _rects(boxes: Sequence[_Box]) -> list[Rect]:
    return [(b.x0, b.y0, b.x1, b.y1) for b in boxes]


# --------------------------------------------------------------------------- inputs
def _trim() -> None:
    """Give the heap's free memory back to the system after a page: glibc keeps what the detector freed (a
    few hundred MiB), and the next page, of another size, would add to it. Linux with glibc only."""
    global _LIBC
    if _LIBC is None:
        _LIBC = False
        if sys.platform.startswith("linux"):
            with contextlib.suppress(OSError, AttributeError):
                libc = ctypes.CDLL("libc.so.6")
                libc.malloc_trim  # noqa: B018 - present in glibc, not in musl
                _LIBC = libc
    if _LIBC:
        _LIBC.malloc_trim(0)


class PdfScanner:
    """Reads the scanned pages of one PDF, one page at a time (pypdfium2 renders them)."""

    def __init__(self, data: bytes, dpi: int = RENDER_DPI) -> None:
        _deps()
        try:
            import pypdfium2
        except ImportError:  # pragma: no cover - pypdfium2 comes with pdfplumber
            raise UnsupportedFormatError(f"reading a scanned PDF needs pypdfium2: {INSTALL_HINT}") from None
        try:
            self._pdf = pypdfium2.PdfDocument(data)
        except Exception as exc:  # pdfium's errors
            raise ParseError(f"cannot render the PDF's pages: {exc}") from None
        self.dpi = dpi
        self.pages = 0
        self.unread: list[tuple[int, str]] = []  # (page, why) of pages with writing OCR read nothing from
        self.carry = _Carry()  # a table's columns from one page to the next

    def page(self, pno: int, n_table: int) -> tuple[list[tuple[float, Block]], int]:
        """OCR page ``pno`` (1-based); block tops are in points, as pdfplumber's."""
        self.pages += 1
        if self.pages > MAX_PAGES:
            raise InputTooLargeError(f"the PDF has more than {MAX_PAGES} scanned pages, the bound for OCR")
        np, _, _ = _deps()
        pg = self._pdf[pno - 1]
        try:
            scale = self.dpi / 72
            w, h = (round(v * scale) for v in pg.get_size())
            if w * h > MAX_PIXELS:  # a page of 14,400 pt (the PDF maximum) would render to 1.6 GB
                raise InputTooLargeError(
                    f"page {pno} of the PDF would render at {w}x{h} pixels, over the bound of {MAX_PIXELS}"
                )
            bitmap = pg.render(scale=scale, grayscale=True)
            try:
                gray = np.array(bitmap.to_pil().convert("L"))
            finally:
                bitmap.close()
        finally:
            pg.close()
        items, n_table = _ocr_page(gray, pno, 72 / self.dpi, n_table, self.carry)
        _trim()
        if not items and (why := unreadable(gray, self.dpi)) is not None:
            self.unread.append((pno, why))
        return items, n_table

    def close(self) -> None:
        self._pdf.close()


def _frames(data: bytes) -> Iterator[Any]:
    """The frames of a PNG, JPEG or (multi-page) TIFF, one at a time, as grey numpy arrays."""
    np, _, _ = _deps()
    try:
        from PIL import Image, ImageSequence
    except ImportError:  # pragma: no cover - Pillow comes with rapidocr
        raise UnsupportedFormatError(f"reading images needs Pillow: {INSTALL_HINT}") from None
    try:
        img = Image.open(io.BytesIO(data))
    except Exception as exc:
        raise ParseError(f"cannot read the image: {type(exc).__name__}: {exc}") from None
    with img:
        for n, frame in enumerate(ImageSequence.Iterator(img), start=1):
            if n > MAX_PAGES:
                raise InputTooLargeError(f"the image has more than {MAX_PAGES} pages, the bound for OCR")
            w, h = frame.size
            if w * h > MAX_PIXELS:
                raise InputTooLargeError(f"page {n} is {w}x{h} pixels, over the bound of {MAX_PIXELS}")
            try:
                yield np.array(frame.convert("L"))
            except Exception as exc:  # a truncated or corrupt frame
                raise ParseError(f"cannot decode page {n} of the image: {type(exc).__name__}: {exc}") from None


def read_image(data: bytes, name: str | None, fmt: str) -> Document:
    """Read a page image (PNG, JPEG, multi-page TIFF) by OCR into a :class:`Document`."""
    _deps()
    blocks: list[Block] = []
    unread: list[tuple[int, str]] = []
    n_table = 0
    carry = _Carry()
    for pno, gray in enumerate(_frames(data), start=1):
        items, n_table = _ocr_page(gray, pno, 1.0, n_table, carry)
        _trim()
        blocks += [b for _, b in items]
        if not items and (why := unreadable(gray, None)) is not None:
            unread.append((pno, why))
    return Document(tuple(blocks), fmt, name, unread_pages=tuple(unread))


DARK = 70.0  # mean grey level (0-255) of a page under which it is too dark to read
BLURRED = 40.0  # variance of the Laplacian of a page at A4 / 100 dpi under which it is too blurred
SMALL_TEXT = 9.0  # pixels: text boxes lower than this are too small to read


def unreadable(gray: Any, dpi: float | None) -> str | None:
    """Why a page with writing on it gave OCR nothing, measured on its image: too dark (its mean grey
    level), too blurred (the variance of its Laplacian, on the page scaled to A4 at 100 dpi), too small
    (the height of its text in pixels), or none of these; None for a blank page."""
    _, cv2, _ = _deps()
    h, w = gray.shape[:2]
    f = 1169 / max(h, w, 1)  # the long side of A4 at 100 dpi
    small = cv2.resize(gray, (max(1, int(w * f)), max(1, int(h * f))), interpolation=cv2.INTER_AREA)
    mean = float(small.mean())
    if float(small.std()) < 4.0:
        return None  # blank paper, or a page all one grey: nothing on it
    if mean < DARK:
        return f"too dark (mean grey level {mean:.0f} of 255, under {DARK:.0f})"
    sharp = float(cv2.Laplacian(small, cv2.CV_64F).var())
    if sharp < BLURRED:
        return f"too blurred (variance of the Laplacian {sharp:.0f}, under {BLURRED:.0f})"
    ink = _binary(cv2, gray)
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink)
    heights = sorted(int(stats[i][3]) for i in range(1, n) if stats[i][4] >= 4)
    if heights:
        text = heights[len(heights) // 2]
        if text < SMALL_TEXT:
            res = f" at {dpi:g} dpi" if dpi else ""
            return f"too small (writing {text} pixels high{res}, under {SMALL_TEXT:.0f})"
    return "no text found on it (not too dark, blurred or small: a picture, or writing OCR does not know)"


def _low(cid: str, p: Provenance, conf: float) -> Diagnostic:
    text = p.text.strip() or " "
    return Diagnostic(
        "ocr-low-confidence",
        f"{cid}: '{text}' was read by OCR with low confidence ({conf:.2f}); check it on the scan",
        f"{zh(cid)}：“{text}”为光学字符识别低置信度结果（{conf:.2f}），请对照扫描件核对",
        p.location,
        (cid,),
    )


def confidence_diagnostics(provenance: dict[str, Provenance]) -> tuple[Diagnostic, ...]:
    """One ``ocr-low-confidence`` diagnostic per value whose text OCR read with low confidence,
    whatever it was read as (a digit, a circled or full-width digit, a letter, a mark)."""
    out = []
    for cid, p in provenance.items():
        conf = p.location.confidence
        if conf is not None and conf < LOW_CONFIDENCE:
            out.append(_low(cid, p, conf))
    return tuple(out)


def _demanded(eq: Any, cid: str, vals: dict[str, Any]) -> int | None:
    """The value of ``cid`` that makes ``eq`` hold, the other cells as read; None if one is not a number."""
    sign = {eq.total: -1, **dict.fromkeys(eq.plus, 1), **dict.fromkeys(eq.minus, -1)}
    rest = 0
    for c in eq.cells:
        if c == cid:
            continue
        v = vals[c]
        if not isinstance(v, int):
            return None
        rest += sign[c] * v
    # total = Σplus − Σminus  ⇔  Σ sign·v = 0
    value = -rest * sign[cid]
    return value if value >= 0 else None


def review(parsed: Parsed) -> Parsed:
    """A scan's values checked for confidence, and its doubtful counts settled where the identities can.

    Every value OCR read with low confidence is doubtful, whatever it was read as. A doubtful count
    that sits in identities whose other cells were all read surely is settled by them: if every such
    identity gives the same value, that value is taken (marked inferred, with an ``ocr-settled``
    diagnostic naming the reading and the identities) or, when it is what was read, the reading is
    confirmed (no diagnostic). Any other doubtful value keeps its ``ocr-low-confidence`` diagnostic,
    and the identities it is part of are not checkable (``check`` reads the diagnostic).
    """
    from ...rules._identities import cell_values, equations_for
    from ...schema import ReportLegacy, replace_cells

    low = {
        cid: (p, conf)
        for cid, p in parsed.provenance.items()
        if (conf := p.location.confidence) is not None and conf < LOW_CONFIDENCE
    }
    if not low:
        return parsed
    report = parsed.report
    settled: dict[str, int] = {}
    confirmed: set[str] = set()
    diags: list[Diagnostic] = []
    if not isinstance(report, ReportLegacy):
        vals = cell_values(report)
        eqs = equations_for(report)
        sure = {k for k in vals if k not in low}
        for cid, (p, conf) in low.items():
            if cid not in vals or not isinstance(vals[cid], int):
                continue
            mine = [eq for eq in eqs if cid in eq.cells and all(c == cid or c in sure for c in eq.cells)]
            wants = {_demanded(eq, cid, vals) for eq in mine}
            if not mine or len(wants) != 1 or None in wants:
                continue
            (value,) = wants
            assert value is not None
            if value == vals[cid]:
                confirmed.add(cid)
                continue
            settled[cid] = value
            rules = ", ".join(sorted({eq.rule for eq in mine}))
            text = p.text.strip()
            diags.append(
                Diagnostic(
                    "ocr-settled",
                    f"{cid}: '{text}' was read by OCR with low confidence ({conf:.2f}); identities {rules} give "
                    f"{value}, taken as inferred: check it on the scan",
                    f"{zh(cid)}：“{text}”为光学字符识别低置信度结果（{conf:.2f}），按勾稽关系（{rules}）推定为 "
                    f"{value}，请对照扫描件核对",
                    p.location,
                    (cid,),
                )
            )
    diags += [_low(cid, p, conf) for cid, (p, conf) in low.items() if cid not in settled and cid not in confirmed]
    if not settled:
        return attrs.evolve(parsed, diagnostics=parsed.diagnostics + tuple(diags))
    prov = dict(parsed.provenance)
    for cid in settled:
        prov[cid] = prov[cid].replace(inferred=True)
    return attrs.evolve(
        parsed,
        report=replace_cells(report, dict(settled)),
        provenance=prov,
        diagnostics=parsed.diagnostics + tuple(diags),
    )
