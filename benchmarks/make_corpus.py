"""Write N random identity-satisfying reports in every format and layout the parser reads.

    python benchmarks/make_corpus.py N OUTDIR [--formats html,md,txt,docx,pdf]

For scale tests and benchmarks only — never a substitute for real reports.
Formats: html (the template's merged layout), md (markdown pipe tables),
txt (tab-separated rows), docx, pdf (needs reportlab, from the test extra).
Each report is built by govdisclosure.testing.make_report(seed=i) and
rendered by govdisclosure.render; the edition alternates with the year.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import attrs

import govdisclosure as gd
from govdisclosure.testing import make_report

AGENCIES = ["示例县人民政府", "示例市教育局", "示例区卫生健康局", "示例镇人民政府", "示例街道办事处"]


def report(i: int) -> gd.Report:
    year = 2019 + i % 7
    edition = "2019" if year <= 2020 else "2021"
    code = "".join("甲乙丙丁戊己庚辛壬癸"[int(d)] for d in f"{i // 35:04d}")  # Han only, as real names are
    r = make_report(edition, seed=i, year=year, agency=f"{code}{AGENCIES[i % len(AGENCIES)]}")
    text = gd.TextSections(overview=f"{year}年，本机关认真贯彻落实《条例》。", problems="加强培训。", other="无。")
    return attrs.evolve(r, text=text)


def write(i: int, fmt: str, out: Path) -> Path:
    r = report(i)
    name = out / f"r{i:06d}.{fmt}"
    if fmt == "html":
        name.write_text(str(gd.render(r, "html")), encoding="utf-8")
    elif fmt == "md":
        name.write_text(str(gd.render(r, "markdown")), encoding="utf-8")
    elif fmt == "txt":
        md = str(gd.render(r, "markdown"))
        lines = [ln.strip("| ").replace(" | ", "\t") if ln.startswith("|") else ln for ln in md.splitlines()]
        name.write_text("\n".join(ln for ln in lines if not set(ln) <= set("-|\t")), encoding="utf-8")
    elif fmt == "docx":
        data = gd.render(r, "docx")
        assert isinstance(data, bytes)
        name.write_bytes(data)
    elif fmt == "pdf":
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
        from formats import to_pdf  # the tests' own PDF writer (reportlab)

        md = str(gd.render(r, "markdown"))
        parts: list[object] = [ln for ln in md.splitlines() if ln and not ln.startswith("|")]
        name.write_bytes(to_pdf(parts))  # prose only: PDF tables are covered by the test fixtures
    else:
        raise ValueError(fmt)
    return name


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int)
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--formats", default="html,md,txt,docx")
    args = ap.parse_args(argv)
    for fmt in args.formats.split(","):
        folder = args.outdir / fmt
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(args.n):
            write(i, fmt, folder)
        print(f"{folder}: {args.n} reports")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
