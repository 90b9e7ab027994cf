"""Synthetic scans of the tests' own drawn reports (formats.py): pages rendered, then spoiled.

A page of the drawn PDF is rendered to grey pixels at a given resolution
(pypdfium2), turned by a small skew, sprinkled with scanner noise (grain and
specks), optionally turned by 90° or 180°, and compressed as JPEG. Pages can be
packed into a scanned PDF (images only, no text layer) or a multi-page TIFF.
Nothing here uses the library.
"""

from __future__ import annotations

import io
import random
from typing import Any

from formats import report_parts, to_pdf
from truth import T19, T19_APPEALS_ROWS, T19_REQUESTS_ROWS, T21, T21_APPEALS_ROWS, T21_REQUESTS_ROWS

EDITIONS: dict[str, tuple[dict[str, Any], dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]] = {
    "2021": (T21, T21_REQUESTS_ROWS, T21_APPEALS_ROWS),
    "2019": (T19, T19_REQUESTS_ROWS, T19_APPEALS_ROWS),
}


def drawn_pdf(
    edition: str, requests: dict[str, tuple[int, ...]] | None = None, rules: tuple[float, float] = (0.5, 0.0)
) -> bytes:
    """The drawn report of ``edition``; ``rules``: its tables' lines (width in points, grey level), as to_pdf."""
    truth, req, app = EDITIONS[edition]
    return to_pdf(report_parts(truth, edition, requests or req, app), rules)


def render(pdf: bytes, dpi: int) -> list[Any]:
    """Every page of a PDF as a grey PIL image."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    try:
        return [doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in range(len(doc))]
    finally:
        doc.close()


def spoil(img: Any, *, skew: float = 0.0, turn: int = 0, noise: float = 8.0, quality: int = 70, seed: int = 0) -> Any:
    """Skew (degrees), grain (standard deviation in grey levels), specks, a turn, JPEG at ``quality``."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(seed)
    if skew:
        img = img.rotate(skew, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    a = np.asarray(img, dtype=np.float32)
    a = a + rng.normal(0, noise, a.shape)
    specks = rng.random(a.shape)
    a[specks < 0.0005] = 0  # dust
    a[specks > 0.9995] = 255  # dropouts
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")
    if turn:
        img = img.rotate(-turn, expand=True)  # clockwise
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    buf.seek(0)
    return Image.open(buf)


def scan(
    edition: str, dpi: int, *, turn_page: int | None = None, turn: int = 180, seed: int = 1, **kw: Any
) -> list[Any]:
    """The drawn report of ``edition`` as spoiled page images (skews of 1-3°, alternating sign)."""
    rnd = random.Random(seed)
    pages = render(drawn_pdf(edition, kw.pop("requests", None)), dpi)
    out = []
    for i, page in enumerate(pages):
        skew = rnd.uniform(1.0, 3.0) * (1 if i % 2 == 0 else -1)
        out.append(spoil(page, skew=skew, turn=turn if i == turn_page else 0, seed=seed + i, **kw))
    return out


def scanned_pdf(pages: list[Any], dpi: int) -> bytes:
    """Page images packed into a PDF with no text layer, as a scanner writes it."""
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi))
    return buf.getvalue()


def tiff(pages: list[Any]) -> bytes:
    buf = io.BytesIO()
    pages[0].save(buf, "TIFF", save_all=True, append_images=pages[1:], compression="tiff_deflate")
    return buf.getvalue()
