"""Scans of real layouts: the shared corpus' PDFs and web pages printed, rasterized and degraded.

    python benchmarks/real_scans.py OUTDIR [--corpus ../shared/corpus] [--dpi 200] [--variants office phone]

Each case of the corpus whose source is a PDF or an HTML page is printed as its
publisher's reader would print it (an HTML page by headless Chromium, ``--print-to-pdf``;
a PDF as it is), every page rasterized in grey by pypdfium2 at the given resolution,
then degraded the way office scanners and phones degrade pages, seeded (each seed
draws other skews, noise and light):

- ``clean``: the rasterized page as it is;
- ``office``: skew 0.3-3°, slight blur, uneven light (a 10-20% gradient), grain and
  speckle, JPEG 60-85;
- ``harsh``: skew up to 3°, more blur, a 30% gradient, heavy grain and speckle, JPEG 50;
- ``phone``: the page photographed at an angle: a perspective tilt (corners moved by
  3-8% of the page), on a darker background, a shadow across, blur, JPEG 70.

The images are written at run time (into a temporary folder by the benchmark) and never
committed: the sources are real documents of real agencies, for testing only.
Chromium is asked not to fetch anything (the pages are saved copies; their remote
pictures and style sheets are simply missing).

Web pages printed to PDF often draw faint rules or none (the rules come from a style sheet
the saved copy lost, or are a hairline in a light grey): ``--rules faint`` prints an HTML
page with every table rule a light grey hairline, ``--rules none`` with no rules at all (a
style sheet added in front of the page's own; the text and its layout are unchanged). A
PDF is printed as it is whatever ``--rules`` says.
"""

from __future__ import annotations

import argparse
import io
import math
import random
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
VARIANTS = ("clean", "office", "harsh", "phone")
RULES = ("as-is", "faint", "none")
_RULE_CSS = {
    "faint": "table,tr,td,th{border-color:#c8c8c8 !important;border-width:1px !important}",
    "none": "table,tr,td,th{border:none !important}",
}


def cases(corpus: Path) -> list[tuple[str, Path]]:
    """(case name, source) for every case printed on paper: a PDF or an HTML page."""
    out = []
    for expected in sorted(corpus.glob("*/expected.json")):
        for src in sorted(expected.parent.glob("source.*")):
            if src.suffix in (".pdf", ".html", ".htm"):
                out.append((expected.parent.name, src))
    return out


def chromium() -> str | None:
    return next((exe for exe in ("chromium", "chromium-browser", "google-chrome") if shutil.which(exe)), None)


def print_html(html: Path, out: Path) -> Path:
    """The page printed to PDF by headless Chromium (A4, no header or footer, nothing fetched)."""
    exe = chromium()
    if exe is None:
        raise SystemExit("printing HTML pages needs Chromium (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                exe,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-pdf-header-footer",
                f"--user-data-dir={profile}",
                "--proxy-server=127.0.0.1:9",  # nothing is fetched: every request fails at once
                f"--print-to-pdf={out}",
                html.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    return out


def pdf_of(src: Path, work: Path, rules: str = "as-is") -> bytes:
    """The source as printed: a PDF as it is; an HTML page printed, with its table rules as ``rules`` says."""
    if src.suffix == ".pdf":
        return src.read_bytes()
    if rules == "as-is":
        return print_html(src, work / f"{src.parent.name}.pdf").read_bytes()
    page = work / f"{src.parent.name}-{rules}.html"  # next to nothing else: no link of the page resolves
    raw = src.read_bytes()
    page.write_bytes(f"<style>{_RULE_CSS[rules]}</style>".encode() + raw)
    return print_html(page, work / f"{src.parent.name}-{rules}.pdf").read_bytes()


def rasterize(pdf: bytes, dpi: int) -> list[Any]:
    """Every page as a grey PIL image at ``dpi``."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    try:
        return [doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in range(len(doc))]
    finally:
        doc.close()


def _jpeg(img: Any, quality: int) -> Any:
    from PIL import Image

    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    buf.seek(0)
    return Image.open(buf).convert("L")


def _light(a: Any, rng: Any, depth: float) -> Any:
    """Uneven light: a linear gradient in a random direction, darkening by up to ``depth``."""
    import numpy as np

    h, w = a.shape
    angle = rng.uniform(0, 2 * math.pi)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    g = (xx / w - 0.5) * math.cos(angle) + (yy / h - 0.5) * math.sin(angle)
    g = (g - g.min()) / max(float(g.max() - g.min()), 1e-6)
    return a * (1 - depth * g)


def _noise(a: Any, rng: Any, grain: float, specks: float) -> Any:
    import numpy as np

    a = a + rng.normal(0, grain, a.shape)
    r = rng.random(a.shape)
    a[r < specks] = rng.uniform(0, 90)  # toner dust
    a[r > 1 - specks / 2] = 255  # dropouts
    return np.clip(a, 0, 255)


def degrade(img: Any, variant: str, seed: int) -> Any:
    """One page degraded as ``variant`` (seeded)."""
    import numpy as np
    from PIL import Image, ImageFilter

    rng = np.random.default_rng(seed)
    if variant == "clean":
        return img
    if variant in ("office", "harsh"):
        harsh = variant == "harsh"
        skew = float(rng.uniform(0.3, 3.0)) * (1 if rng.random() < 0.5 else -1)
        img = img.rotate(skew, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
        img = img.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.8, 1.2) if harsh else rng.uniform(0.3, 0.7))))
        a = np.asarray(img, dtype=np.float32)
        a = _light(a, rng, 0.3 if harsh else float(rng.uniform(0.1, 0.2)))
        a = _noise(a, rng, 14.0 if harsh else 6.0, 0.002 if harsh else 0.0005)
        img = Image.fromarray(a.astype(np.uint8), "L")
        return _jpeg(img, 50 if harsh else int(rng.integers(60, 86)))
    if variant == "phone":
        import cv2

        a = np.asarray(img, dtype=np.uint8)
        h, w = a.shape
        pad = int(0.08 * max(h, w))
        canvas = np.full((h + 2 * pad, w + 2 * pad), int(rng.integers(60, 110)), np.uint8)  # a desk
        src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
        move = rng.uniform(0.03, 0.08, (4, 2)) * np.float32([w, h])
        sign = np.float32([[1, 1], [-1, 1], [-1, -1], [1, -1]])
        dst = src + pad + move * sign * rng.choice([0.3, 1.0], (4, 1))
        m = cv2.getPerspectiveTransform(src, dst.astype(np.float32))
        warped = cv2.warpPerspective(a, m, (canvas.shape[1], canvas.shape[0]), flags=cv2.INTER_LINEAR, borderValue=0)
        mask = cv2.warpPerspective(np.full_like(a, 255), m, (canvas.shape[1], canvas.shape[0]), borderValue=0)
        out = np.where(mask > 0, warped, canvas).astype(np.float32)
        out = _light(out, rng, float(rng.uniform(0.2, 0.35)))  # a shadow across
        out = cv2.GaussianBlur(out, (0, 0), float(rng.uniform(0.6, 1.0)))
        out = _noise(out, rng, 5.0, 0.0002)
        return _jpeg(Image.fromarray(out.astype(np.uint8), "L"), 70)
    raise ValueError(f"unknown variant {variant!r}")


def scanned_pdf(pages: list[Any], dpi: int) -> bytes:
    """Page images packed into a PDF with no text layer, as a scanner writes it."""
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi))
    return buf.getvalue()


def scans(
    corpus: Path,
    work: Path,
    dpis: list[int],
    variants: list[str],
    seeds: list[int],
    only: list[str] | None = None,
    rules: str = "as-is",
) -> list[tuple[str, int, str, int, list[Any]]]:
    """(case, dpi, variant, seed, degraded pages) for every combination; pages printed once into ``work``.
    With ``rules`` other than as-is, only the HTML pages (printed with faint or no rules)."""
    out = []
    for name, src in cases(corpus):
        if only and name not in only:
            continue
        if rules != "as-is" and src.suffix == ".pdf":
            continue
        pdf = pdf_of(src, work, rules)
        for dpi in dpis:
            pages = rasterize(pdf, dpi)
            for variant in variants:
                for seed in seeds if variant != "clean" else seeds[:1]:
                    rnd = random.Random(f"{name}/{dpi}/{variant}/{seed}")
                    out.append((name, dpi, variant, seed, [degrade(p, variant, rnd.randrange(2**32)) for p in pages]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--dpi", type=int, nargs="+", default=[200])
    ap.add_argument("--variants", nargs="+", choices=VARIANTS, default=list(VARIANTS))
    ap.add_argument("--seeds", type=int, nargs="+", default=[1])
    ap.add_argument("--rules", choices=RULES, default="as-is", help="an HTML page's table rules as printed")
    args = ap.parse_args()
    args.outdir.mkdir(parents=True, exist_ok=True)
    for name, dpi, variant, seed, pages in scans(
        args.corpus, args.outdir, args.dpi, args.variants, args.seeds, rules=args.rules
    ):
        for i, page in enumerate(pages, start=1):
            page.save(args.outdir / f"{name}-{args.rules}-{dpi}-{variant}-{seed}-p{i}.png")
    print(f"written to {args.outdir}")


if __name__ == "__main__":
    main()
