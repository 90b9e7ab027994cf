"""Scans read by OCR: synthetic scans of the tests' own drawn reports, compared cell by cell
with the values typed by hand in truth.py (the ``[ocr]`` extra).

The scans (scans.py) are the drawn PDFs of formats.py rendered at 150 and 200 dpi,
skewed 1-3°, with grain and specks, JPEG-compressed, one page turned. OCR is slow
(seconds per page), so the pages are few and each scan is read once per module.
"""

from __future__ import annotations

import io
import json
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import govdisclosure as gd
from govdisclosure.parse import Location, Paragraph, Provenance, Table, read_document
from govdisclosure.serialize import cell_value_json

pytest.importorskip("rapidocr_onnxruntime", reason="needs the [ocr] extra")

import itertools

from govdisclosure.parse.readers import _ocr as _read_ocr

from scans import EDITIONS, drawn_pdf, render, scan, scanned_pdf, spoil, tiff
from truth import T21_REQUESTS_ROWS


def _cjk_font() -> bool:
    try:
        out = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False).stdout
    except OSError:
        return False
    return bool(out.strip())


# The drawn PDFs name a standard Chinese font without embedding it: rendering them needs one installed.
needs_font = pytest.mark.skipif(not _cjk_font(), reason="drawing the scans needs a CJK font (fonts-wqy-microhei)")


def _truth(edition: str) -> dict[str, Any]:
    return {k: cell_value_json(v) for k, v in EDITIONS[edition][0].items()}


def _wrong(parsed: gd.Parsed, edition: str) -> dict[str, tuple[Any, Any]]:
    got = gd.cells(parsed.report)
    return {k: (v, got.get(k)) for k, v in _truth(edition).items() if got.get(k) != v}


def _named(parsed: gd.Parsed) -> set[str]:
    return {c for d in parsed.diagnostics for c in d.cells}


@pytest.fixture(scope="module")
def scan_2021_200() -> gd.Parsed:
    """Edition 2021 at 200 dpi as a scanned PDF; its second page upside down."""
    return gd.parse(scanned_pdf(scan("2021", 200, turn_page=1, turn=180), 200))


@pytest.fixture(scope="module")
def scan_2019_200() -> gd.Parsed:
    """Edition 2019 at 200 dpi as a scanned PDF (its dust once boxed as "." glued to a label, and a 0 read as 。)."""
    return gd.parse(scanned_pdf(scan("2019", 200), 200))


@pytest.fixture(scope="module")
def tiff_2019_150() -> gd.Parsed:
    """Edition 2019 at 150 dpi as a two-page TIFF; its first page turned by 90°."""
    return gd.parse(tiff(scan("2019", 150, turn_page=0, turn=90)))


@needs_font
def test_scan_at_200_dpi_reads_every_cell(scan_2021_200: gd.Parsed) -> None:
    parsed = scan_2021_200
    assert parsed.document is not None
    assert parsed.document.source_format == "pdf-ocr"
    assert _wrong(parsed, "2021") == {}  # ≥ 99% is the bar; these scans read every cell right
    assert [f for f in gd.check(parsed) if f.rule.startswith("I")] == []  # no false alarm
    # Provenance: page, table grid position, box, OCR confidence.
    loc = parsed.provenance["requests.new.total"].location
    assert (loc.page, loc.table, loc.col) == (1, 1, 9)
    assert loc.bbox is not None
    assert loc.confidence is not None
    assert parsed.provenance["requests.carried_forward.total"].location.page == 2  # the page turned 180°
    assert parsed.report.meta.agency == "示例市河西区城市管理局"
    assert parsed.report.meta.year == 2023


@needs_font
def test_a_scans_pdf_creation_date_is_not_its_publication_date(scan_2021_200: gd.Parsed) -> None:
    # A scanner writes the day of the scan into the PDF (Pillow, as here, writes today's):
    # T1 must not call every scanned report late for it.
    from scans import scanned_pdf as pack

    assert b"/CreationDate" in pack(scan("2021", 100)[:1], 100)
    assert scan_2021_200.report.meta.published_from != "pdf-metadata"
    assert [f for f in gd.check(scan_2021_200) if f.rule in ("T1", "T2")] == []


@needs_font
def test_scan_2019_at_200_dpi_reads_every_cell(scan_2019_200: gd.Parsed) -> None:
    parsed = scan_2019_200
    assert _wrong(parsed, "2019") == {}
    assert [f for f in gd.check(parsed) if f.rule.startswith("I")] == []  # no false alarm, nothing unchecked
    assert parsed.report.requests.total.total == 6  # （七）总计, typed by hand in truth.py
    assert parsed.report.requests.unable.needs_creation.commercial == 0
    assert not [d for d in parsed.diagnostics if d.code == "row-not-mapped"]  # the page number "- 1 -" is furniture


def test_specks_are_dust_unless_between_writing() -> None:
    """A box read as "." or "。" only: dropped beside a label or alone in a cell, kept between digits."""
    b = _read_ocr._Box
    label = b(267, 560, 382, 596, "（七）总计", 0.93)
    dust = b(470, 572, 485, 587, ".", 0.1)
    assert _read_ocr._without_specks([label, dust]) == [label]
    assert _read_ocr._without_specks([b(939, 176, 977, 215, "。", 0.41)]) == []  # the cell is read again from its ink
    digits = [b(10, 0, 20, 20, "12", 0.9), b(21, 12, 24, 20, ".", 0.6), b(25, 0, 40, 20, "75", 0.9)]
    assert _read_ocr._without_specks(digits) == digits
    page = _read_ocr._Page(1, 1.0)
    _read_ocr._text_blocks(
        page, [b(10, 500, 14, 504, "。", 0.3), b(10, 100, 200, 120, "一、总体情况", 0.99)], 1000.0, 0
    )
    assert [blk.text for _, blk in page.items if isinstance(blk, Paragraph)] == ["一、总体情况"]


def test_letters_that_look_like_digits_are_read_as_digits_with_low_confidence() -> None:
    """A 0 with a speck of dust at its foot reads as "Q": it is 0, named as uncertain."""
    for text, number in (("Q", "0"), ("D", "0"), ("1o", "10"), ("2O", "20"), ("l5", "15")):
        fixed, conf = _read_ocr._fix_digits(text, 0.9)
        assert fixed == number
        assert conf < _read_ocr.LOW_CONFIDENCE
    assert _read_ocr._fix_digits("信息内容", 0.9) == ("信息内容", 0.9)


def test_page_number_read_with_one_for_dashes_is_furniture() -> None:
    b = _read_ocr._Box
    page = _read_ocr._Page(1, 1.0)
    _read_ocr._text_blocks(
        page, [b(400, 960, 440, 980, "一1一", 0.8), b(10, 100, 200, 120, "一、总体情况", 0.99)], 1000.0, 0
    )
    assert [blk.text for _, blk in page.items if isinstance(blk, Paragraph)] == ["一、总体情况"]


@needs_font
def test_scan_tables_are_grids_not_text(scan_2021_200: gd.Parsed) -> None:
    assert scan_2021_200.document is not None
    tables = [b for b in scan_2021_200.document.blocks if isinstance(b, Table)]
    assert len(tables) == 4  # 二, 三 (two pages), 四
    first = tables[1].rows[3]  # 一、本年新收政府信息公开申请数量 | (merged) | (merged) | 21 | 3 | ...
    assert [c.text for c in first if not c.copy] == [
        "一、本年新收政府信息公开申请数量",
        "21",
        "3",
        "0",
        "1",
        "2",
        "0",
        "27",
    ]
    assert [c.copy for c in first[:3]] == [False, True, True]


@needs_font
def test_low_confidence_values_are_named(scan_2021_200: gd.Parsed) -> None:
    for d in scan_2021_200.diagnostics:
        if d.code == "ocr-low-confidence":
            (cid,) = d.cells
            conf = scan_2021_200.provenance[cid].confidence
            assert conf is not None
            assert conf < _read_ocr.LOW_CONFIDENCE
            assert "OCR" in d.message_en


@needs_font
def test_tiff_at_150_dpi_every_wrong_cell_is_named(tiff_2019_150: gd.Parsed) -> None:
    parsed = tiff_2019_150
    assert parsed.document is not None
    assert parsed.document.source_format == "tiff"
    wrong = _wrong(parsed, "2019")
    truth = _truth("2019")
    assert len(wrong) <= 0.05 * len(truth), wrong
    assert set(wrong) <= _named(parsed), {k: v for k, v in wrong.items() if k not in _named(parsed)}
    if not wrong:  # then nothing may be flagged as broken
        assert [f for f in gd.check(parsed) if f.rule.startswith("I") and f.severity is gd.Severity.ERROR] == []
    assert parsed.report.meta.agency == "示例县石桥镇人民政府"


@needs_font
def test_identity_break_on_a_scanned_page_of_a_mixed_pdf() -> None:
    """Page 1 scanned (JPEG inside the PDF), page 2 with its text layer; new.natural_person printed 12, not 21."""
    import pypdfium2

    req = dict(T21_REQUESTS_ROWS)
    req["new"] = (12, 3, 0, 1, 2, 0, 27)  # breaks I3 (row new) and I1 (column natural_person)
    drawn = drawn_pdf("2021", req)
    page1 = spoil(render(drawn, 200)[0], skew=-1.5, seed=7)
    mixed = pypdfium2.PdfDocument(scanned_pdf([page1], 200))
    mixed.import_pages(pypdfium2.PdfDocument(drawn), [1])
    buf = io.BytesIO()
    mixed.save(buf)
    parsed = gd.parse(buf.getvalue())
    assert parsed.document is not None
    assert parsed.document.source_format == "pdf-ocr"
    assert parsed.report.requests.new.natural_person == 12
    assert parsed.report.requests.carried_forward.total == 3  # from the text page
    assert parsed.provenance["requests.carried_forward.total"].confidence is None
    broken = {(f.rule, f.severity) for f in gd.check(parsed) if f.rule.startswith("I")}
    assert ("I3", gd.Severity.ERROR) in broken
    assert ("I1", gd.Severity.ERROR) in broken
    diagnosis = gd.diagnose(parsed)
    assert diagnosis is not None
    assert [c.changes for c in diagnosis.single] == [(("requests.new.natural_person", 12, 21),)]


def test_diagnosis_prefers_low_confidence_cells(fixtures: Path) -> None:
    """A break that one of two cells can mend: the OCR's least confident one is named as the misread."""
    text = (fixtures / "tab-rows-2021.txt").read_text(encoding="utf-8")
    text = text.replace("\t21\t3\t0\t1\t2\t0\t27", "\t21\t3\t0\t1\t2\t0\t28", 1)
    parsed = gd.parse_text(text)
    assert parsed.report.requests.new.total == 28
    prov = dict(parsed.provenance)
    for cid, conf in (("requests.new.total", 0.41), ("requests.total.total", 0.99)):
        p = prov[cid]
        prov[cid] = Provenance(Location(line=p.location.line, confidence=conf), p.text, p.inferred)
    ocr = gd.Parsed(parsed.report, parsed.diagnostics, prov, parsed.document, parsed.encoding)
    plain = gd.diagnose(parsed)
    diagnosis = gd.diagnose(ocr)
    assert plain is not None
    assert diagnosis is not None
    assert "OCR" not in plain.message_en
    assert diagnosis.single[0].changes == (("requests.new.total", 28, 27),)
    assert "probably an OCR misread of cell requests.new.total (confidence 0.41)" in diagnosis.message_en
    assert (
        "光学字符识别误读了单元格 表三 / 一、本年新收政府信息公开申请数量 / 总计（置信度 0.41）" in diagnosis.message_zh
    )


def test_a_value_read_with_low_confidence_gets_a_diagnostic(fixtures: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """parse() names every value OCR read with low confidence (here 152, 行政许可, at 0.42), and no other."""
    import attrs
    from PIL import Image

    doc, _ = read_document((fixtures / "tab-rows-2021.txt").read_bytes())
    blocks: list[Any] = []  # the same blocks placed as OCR places them: page, table, row, column, confidence
    for b in doc.blocks:
        if isinstance(b, Table):
            t = sum(isinstance(x, Table) for x in blocks)
            rows = tuple(
                tuple(
                    attrs.evolve(
                        c, loc=Location(page=1, table=t, row=r, col=k, confidence=0.42 if c.text == "152" else 0.97)
                    )
                    for k, c in enumerate(row)
                )
                for r, row in enumerate(b.rows)
            )
            blocks.append(Table(rows, Location(page=1, table=t)))
        else:
            blocks.append(attrs.evolve(b, loc=Location(page=1, confidence=0.99)))
    scan = attrs.evolve(doc, blocks=tuple(blocks), source_format="png")  # as read_image gives it
    monkeypatch.setattr(_read_ocr, "read_image", lambda data, name, fmt: scan)
    png = io.BytesIO()
    Image.new("L", (50, 50), 255).save(png, "PNG")
    parsed = gd.parse(png.getvalue())
    assert parsed.report.active.licensing.decisions == 152
    low = [d for d in parsed.diagnostics if d.code == "ocr-low-confidence"]
    assert [d.cells for d in low] == [("active.licensing.decisions",)]
    assert "0.42" in low[0].message_en
    assert "光学字符识别" in low[0].message_zh


def test_rows_without_rules_become_columns() -> None:
    """Boxes of an unruled table: a label area, then one cell per column of numbers, blanks kept."""
    b = _read_ocr._Box
    lines = [
        [
            b(10, 0, 200, 20, "一、本年新收政府信息公开申请数量", 0.99),
            b(300, 0, 320, 20, "21", 0.95),
            b(400, 0, 420, 20, "3", 0.9),
            b(600, 0, 620, 20, "27", 0.6),
        ],
        [
            b(10, 30, 200, 50, "二、上年结转政府信息公开申请数量", 0.99),
            b(300, 30, 320, 50, "2", 0.95),
            b(500, 30, 520, 50, "0", 0.9),
            b(600, 30, 620, 50, "3", 0.9),
        ],
    ]
    page = _read_ocr._Page(1, 1.0)
    _read_ocr._text_blocks(page, [x for line in lines for x in line], 1000.0, 5)
    (table,) = [blk for _, blk in page.items]
    assert isinstance(table, Table)
    assert [[c.text for c in row] for row in table.rows] == [
        ["一、本年新收政府信息公开申请数量", "21", "3", " ", "27"],
        ["二、上年结转政府信息公开申请数量", "2", " ", "0", "3"],
    ]
    assert table.rows[0][4].loc.confidence == 0.6
    assert table.loc.table == 5


def test_image_bounds_and_bad_images(monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    blank = Image.new("L", (300, 200), 255)
    monkeypatch.setattr(_read_ocr, "MAX_PAGES", 1)
    with pytest.raises(gd.InputTooLargeError, match="more than 1 pages"):
        gd.parse(tiff([blank, blank]))
    png = io.BytesIO()
    blank.save(png, "PNG")
    with pytest.raises(gd.ParseError, match="image"):
        gd.parse(png.getvalue()[:60])  # truncated
    with pytest.raises(gd.ParseError, match="empty"):
        gd.parse(png.getvalue())  # a blank page: nothing read


def test_without_the_extra_the_error_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (50, 50), 255).save(buf, "PNG")
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)
    with pytest.raises(gd.UnsupportedFormatError, match=r"pip install 'govdisclosure\[ocr\]'"):
        gd.parse(buf.getvalue())
    with pytest.raises(gd.UnsupportedFormatError, match=r"pip install 'govdisclosure\[ocr\]'"):
        gd.parse(scanned_pdf([Image.new("L", (50, 50), 255)], 72))


def test_nothing_is_downloaded(monkeypatch: pytest.MonkeyPatch) -> None:
    """The models ship in the wheel: a fresh engine reads a page with the network shut."""
    from PIL import Image, ImageDraw

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise OSError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(_read_ocr, "_ENGINE", None)
    img = Image.new("L", (600, 120), 255)
    ImageDraw.Draw(img).text((20, 40), "2023 152 38", fill=0, font_size=36)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    doc, _ = read_document(buf.getvalue())
    texts = [blk.text for blk in doc.blocks if isinstance(blk, Paragraph)]
    assert texts
    assert "152" in texts[0]


def test_import_does_not_load_the_ocr_stack() -> None:
    code = (
        "import sys, json, govdisclosure; "
        "print(json.dumps(sorted(m for m in ('numpy', 'cv2', 'rapidocr_onnxruntime', 'onnxruntime', "
        "'PIL', 'pypdfium2') if m in sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


@needs_font
def test_batch_over_every_kind_of_file(tmp_path: Path, fixtures: Path) -> None:
    """A folder mixing text, HTML, DOCX, text PDF, scanned PDF, images and .doc/.wps, given as a folder:
    every file is found (none skipped for its suffix), and each is read or an error row."""
    from govdisclosure.parse.readers._doc import soffice

    from formats import report_parts, to_docx, to_html
    from truth import T21

    folder = tmp_path / "in"
    folder.mkdir()
    parts = report_parts(T21, "2021", T21_REQUESTS_ROWS, EDITIONS["2021"][2])
    drawn = drawn_pdf("2021")
    (folder / "a.txt").write_bytes((fixtures / "tab-rows-2021.txt").read_bytes())
    (folder / "b.html").write_text(to_html(parts), encoding="utf-8")
    (folder / "c.docx").write_bytes(to_docx(parts))
    (folder / "d.pdf").write_bytes(drawn)
    top = render(drawn, 150)[0]
    top = top.crop((0, 0, top.width, int(top.height * 0.45)))  # title, headings, table 二: a short OCR
    (folder / "e-scan.pdf").write_bytes(scanned_pdf([spoil(top, skew=1.2)], 150))
    spoil(top, skew=-2.0).save(folder / "f.JPG")
    (folder / "g.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)  # damaged: an error row
    (folder / "h.tiff").write_bytes(tiff([spoil(top, skew=2.5, seed=3)]))
    (folder / "notes.csv").write_text("not a report\n", encoding="utf-8")  # not a report's suffix: not listed
    expect_error = {"g.png"}
    exe = soffice()
    if exe is not None:
        profile = (tmp_path / "profile").as_uri()
        convert = [exe, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "doc", "--outdir"]
        subprocess.run(
            [*convert, str(folder), str(folder / "c.docx")],
            check=True,
            capture_output=True,
            timeout=300,
        )
        (folder / "i.wps").write_bytes((folder / "c.doc").read_bytes())
    files = sorted(f for f in folder.iterdir() if f.suffix != ".csv")
    summary = gd.run_batch([folder], tmp_path / "out", workers=2)
    assert summary.files == len(files)
    lines = [json.loads(x) for x in (tmp_path / "out" / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(Path(x["source"]).name for x in lines) == [f.name for f in files]
    errors = {Path(x["source"]).name for x in lines if "error" in x}
    assert errors == expect_error
    assert summary.parsed == len(files) - len(expect_error)
    by_name = {Path(x["source"]).name: x for x in lines if "report" in x}
    for name in ("e-scan.pdf", "f.JPG", "h.tiff"):
        active = by_name[name]["report"]["active"]
        assert active["licensing"]["decisions"] == 152, name  # typed by hand in truth.py
        assert active["normative_docs"]["in_force"] == 27, name
    for name in ("c.doc", "i.wps"):
        if exe is not None:
            assert by_name[name]["report"]["requests"]["new"]["total"] == 27, name


def test_a_scanned_page_is_bounded_before_it_is_rendered(monkeypatch: pytest.MonkeyPatch) -> None:
    # Found next to the fuzz runs: a scanned page's size was rendered whatever it was
    # (a 14,400 pt page at 200 dpi: 40,000 x 40,000 pixels). Bounded like an image's pixels.
    from test_hardening import _raw_pdf, _stream

    image = (
        b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray"
        b" /BitsPerComponent 8 /Length 1 >>\nstream\n\x80\nendstream"
    )
    data = _raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 600] /Contents 4 0 R"
            b" /Resources << /XObject << /Im1 5 0 R >> >> >>",
            _stream(b"q 100 0 0 100 0 0 cm /Im1 Do Q"),
            image,
        ]
    )
    monkeypatch.setattr(_read_ocr, "MAX_PIXELS", 1_000_000)  # 600 pt at 200 dpi: 1667 x 1667
    with pytest.raises(gd.InputTooLargeError, match=r"page 1 of the PDF would render at 1667x1667 pixels"):
        gd.parse_bytes(data)


def _dense_grid(step: int, size: tuple[int, int] = (2400, 3400)) -> bytes:
    """A page ruled every ``step`` pixels with an "8" in each cell: a small PNG (tens of KB) that had the
    recognizer read thousands of cells, minutes of CPU for one page."""
    import cv2
    import numpy as np
    from PIL import Image

    w, h = size
    a = np.full((h, w), 255, np.uint8)
    a[::step, :] = 0
    a[:, ::step] = 0
    for y in range(0, h - step, step):
        for x in range(0, w - step, step):
            cv2.putText(a, "8", (x + step // 4, y + 3 * step // 4), cv2.FONT_HERSHEY_SIMPLEX, step / 45, 0, 2)
    buf = io.BytesIO()
    Image.fromarray(a).save(buf, "PNG", optimize=True)
    return buf.getvalue()


class _CountingEngine:
    """The real engine, counting the pieces given to its recognizer; more than ``limit`` fails the test
    (at once, rather than after minutes of CPU)."""

    def __init__(self, engine: Any, limit: int) -> None:
        self.engine, self.limit, self.read = engine, limit, 0

    def text_rec(self, crops: list[Any]) -> Any:
        self.read += len(crops)
        assert self.read <= self.limit, f"the recognizer was given {self.read} pieces of one page"
        return self.engine.text_rec(crops)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)


def test_a_dense_ruled_grid_is_refused_before_the_recognizer_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    # Issue 18, "OCR CPU bomb": a 23 KB PNG of a dense ruled grid cost ~400 s of CPU for one page, every one
    # of its thousands of cells given to the recognizer. The page's work is bounded before the models run.
    counting = _CountingEngine(_read_ocr._engine(), limit=300)
    monkeypatch.setattr(_read_ocr, "_ENGINE", counting)
    data = _dense_grid(40)
    assert len(data) < 60_000
    with pytest.raises(gd.InputTooLargeError, match=r"page 1 holds ruled tables of \d+ or more cells"):
        gd.parse_bytes(data)
    assert counting.read == 0


def test_the_pieces_read_on_a_page_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    counting = _CountingEngine(_read_ocr._engine(), limit=300)
    monkeypatch.setattr(_read_ocr, "_ENGINE", counting)
    monkeypatch.setattr(_read_ocr, "MAX_GRID_CELLS", 10**6)  # past the grid's bound: the recognizer's
    monkeypatch.setattr(_read_ocr, "MAX_READS", 200)
    with pytest.raises(gd.InputTooLargeError, match=r"page 1 would have the recognizer read \d+ pieces"):
        gd.parse_bytes(_dense_grid(40, (1200, 1700)))
    assert counting.read <= 200


@needs_font
def test_a_scan_past_its_time_budget_stops_with_a_clear_error(tmp_path: Path) -> None:
    data = scanned_pdf(scan("2021", 100)[:1], 100)
    with pytest.raises(gd.TimeBudgetError, match=r"time budget of 0\.001 s \(at page 1"):
        gd.parse_bytes(data, gd.ParseOptions(max_seconds=0.001))
    assert isinstance(gd.TimeBudgetError("x"), gd.InputTooLargeError)
    assert gd.ParseOptions().max_seconds == 300
    path = tmp_path / "scan.pdf"
    path.write_bytes(data)
    for command in ("parse", "check"):
        run = subprocess.run(
            [sys.executable, "-m", "govdisclosure", command, "--max-seconds", "0.001", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode == 2, run.stderr
        assert "time budget of 0.001 s" in run.stderr
        assert "Traceback" not in run.stderr


def _as_scan(
    fixtures: Path,
    monkeypatch: pytest.MonkeyPatch,
    read: dict[str, tuple[str, float]],
    lines: tuple[str, str] | None = None,
    cut: dict[str, int] | None = None,
) -> gd.Parsed:
    """The text fixture tab-rows-2021.txt placed as OCR places it (page, table, row, column, confidence
    0.97), the cells whose printed text is a key of ``read`` (the first such cell in the table of 三's
    rows, found by its row's label) read instead as the value's text at its confidence; ``lines``
    (printed, read): a line of the fixture read by OCR as another (a line of text, not a table's row);
    ``cut``: a row's label (printed) -> where a ruling line the grid found cuts it into two cells."""
    import attrs
    from PIL import Image

    text = (fixtures / "tab-rows-2021.txt").read_text(encoding="utf-8")
    if lines is not None:
        assert lines[0] in text
        text = text.replace(lines[0], lines[1])
    doc, _ = read_document(text.encode("utf-8"))
    blocks: list[Any] = []
    for b in doc.blocks:
        if isinstance(b, Table):
            t = sum(isinstance(x, Table) for x in blocks)
            rows = []
            for r, row in enumerate(b.rows):
                label = row[0].text
                cells = []
                for k, c in enumerate(row):
                    text, conf = read.get(f"{label}|{k}", (c.text, 0.97))
                    cells.append(
                        attrs.evolve(c, text=text, loc=Location(page=1, table=t, row=r, col=k, confidence=conf))
                    )
                if cut and label in cut:
                    at, read_as = cut[label], cells[0].text
                    cells[:1] = [attrs.evolve(cells[0], text=read_as[:at]), attrs.evolve(cells[0], text=read_as[at:])]
                rows.append(tuple(cells))
            blocks.append(Table(tuple(rows), Location(page=1, table=t)))
        else:
            blocks.append(attrs.evolve(b, loc=Location(page=1, confidence=0.99)))
    scan = attrs.evolve(doc, blocks=tuple(blocks), source_format="png")
    monkeypatch.setattr(_read_ocr, "read_image", lambda data, name, fmt: scan)
    png = io.BytesIO()
    Image.new("L", (50, 50), 255).save(png, "PNG")
    return gd.parse(png.getvalue())


NEW = "一、本年新收政府信息公开申请数量"  # its row in tab-rows-2021.txt: 21 3 0 1 2 0 27
CARRIED = "二、上年结转政府信息公开申请数量"  # 2 0 0 0 0 1 3


def _identity_errors(parsed: gd.Parsed) -> list[gd.Finding]:
    return [f for f in gd.check(parsed) if f.rule.startswith("I") and f.severity is gd.Severity.ERROR]


def test_a_circled_digit_read_with_low_confidence_is_settled_by_the_identities(
    fixtures: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 20: a 0 with a toner dot inside read as ① at 0.21 became 1 without a flag (the confidence
    # check looked at plain digits only), and raised identity errors the printed report does not have.
    parsed = _as_scan(fixtures, monkeypatch, {f"{CARRIED}|2": ("①", 0.21)})  # 商业企业 of row 二: printed 0
    cid = "requests.carried_over.commercial"
    assert parsed.report.requests.carried_over.commercial == 0
    assert parsed.provenance[cid].inferred
    (settled,) = [d for d in parsed.diagnostics if d.code == "ocr-settled"]
    assert settled.cells == (cid,)
    assert "'①' was read by OCR with low confidence (0.21); identities I1, I3 give 0" in settled.message_en
    assert _identity_errors(parsed) == []


def test_a_low_confidence_reading_the_identities_confirm_is_not_flagged(
    fixtures: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = _as_scan(fixtures, monkeypatch, {f"{NEW}|1": ("21", 0.5)})
    assert parsed.report.requests.new.natural_person == 21
    assert not parsed.provenance["requests.new.natural_person"].inferred
    assert [d for d in parsed.diagnostics if d.code.startswith("ocr-")] == []
    assert _identity_errors(parsed) == []


def test_a_doubtful_cell_the_identities_cannot_settle_is_flagged_and_blames_no_identity(
    fixtures: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 自然人 of row 一 (printed 21) read as a blank at 0.3: a blank cannot be settled; before, it counted as 0
    # and I1 and I3 blamed the report ("blank counted as 0").
    parsed = _as_scan(fixtures, monkeypatch, {f"{NEW}|1": (" ", 0.3)})
    cid = "requests.new.natural_person"
    assert parsed.report.requests.new.natural_person is None
    (low,) = [d for d in parsed.diagnostics if d.code == "ocr-low-confidence"]
    assert low.cells == (cid,)
    assert _identity_errors(parsed) == []
    notices = [f for f in gd.check(parsed) if f.rule in ("I1", "I3") and cid in {c.id for c in f.cells}]
    assert {f.rule for f in notices} == {"I1", "I3"}
    assert all(f.severity is gd.Severity.NOTICE and "low confidence" in f.message_en for f in notices)


def test_doubtful_cells_are_settled_only_by_identities_whose_other_cells_are_sure(
    fixtures: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 自然人 (printed 21) and 总计 (27) of row 一 both misread at 0.4: row 一's sum (I3) has two doubtful
    # cells and settles neither; each column's identities (I1, I2), whose other cells are sure, settle each.
    parsed = _as_scan(fixtures, monkeypatch, {f"{NEW}|1": ("27", 0.4), f"{NEW}|7": ("23", 0.4)})
    assert parsed.report.requests.new.natural_person == 21
    assert parsed.report.requests.new.total == 27
    settled = [d for d in parsed.diagnostics if d.code == "ocr-settled"]
    assert sorted(c for d in settled for c in d.cells) == ["requests.new.natural_person", "requests.new.total"]
    assert all("I3" not in d.message_en for d in settled)
    assert _identity_errors(parsed) == []


def test_a_row_ocr_read_with_fewer_numbers_than_columns_is_left_unread(
    fixtures: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 20, github-013 printed with faint rules, harsh scan at 150 dpi: table 二's row 行政规范性文件
    # 62 33 440 was read as the line '行政规范性文件 3 440' (62 missed by the detector, 33 read as 3, at
    # 0.86), and the text reader split '440' two ways (4|40, 44|0), both with 3 first: issued = 3, silently.
    # Read by OCR, numbers standing apart are read one by one: fewer numbers than columns are cells lost.
    printed = "行政规范性文件\t4\t1\t27"  # the fixture's row
    parsed = _as_scan(fixtures, monkeypatch, {}, lines=(printed, "行政规范性文件 1 27"))
    row = parsed.report.active.normative_docs
    assert (row.issued, row.repealed, row.in_force) == (None, None, None)
    ids = ("active.normative_docs.issued", "active.normative_docs.repealed", "active.normative_docs.in_force")
    (short,) = [d for d in parsed.diagnostics if d.code == "row-short"]
    assert short.cells == ids
    assert "read by OCR" in short.message_en
    assert _identity_errors(parsed) == []
    # one number glued for several ('127' for three columns): not split into 1 | 2 | 7 either
    parsed = _as_scan(fixtures, monkeypatch, {}, lines=(printed, "行政规范性文件 127"))
    row = parsed.report.active.normative_docs
    assert (row.issued, row.repealed, row.in_force) == (None, None, None)
    # the same line in a text report is split as before (a text layer's digits are glued, not lost)
    text = (fixtures / "tab-rows-2021.txt").read_text(encoding="utf-8").replace(printed, "行政规范性文件 4 1 27")
    assert gd.parse_text(text).report.active.normative_docs.in_force == 27


def test_specks_do_not_carry_a_segment_over_a_blank_into_the_next_column() -> None:
    # github-013 printed with faint rules, harsh scan: the grain's specks, a character's width apart, carried
    # the label's segment 行政规范性文件 over the blank after it and over the next column's 62, read as the
    # label alone; the value was lost and the row read short.
    import numpy as np

    ink = np.zeros((300, 1000), np.uint8)
    ink[104:127, 100:200] = 255  # the label's writing
    for x in range(230, 600, 25):  # grain: specks of one or two pixels
        ink[112 + x % 7 : 114 + x % 7, x : x + 2] = 255
    ink[104:127, 610:640] = 255  # the next column's number
    (seg,) = _read_ocr._segments(np, ink, [(100.0, 100.0, 200.0, 130.0)])
    assert seg[2] < 220, seg


def test_faint_rules_a_harsh_scan_washed_out_are_not_writing() -> None:
    # A light grey hairline that a harsh scan left as dashes is not found as a rule (no grid), but its dashes
    # stayed in the ink and joined the writing of neighbouring columns: taken out, the table is read by its
    # baselines, as one printed without rules. Dark writing is kept.
    import cv2
    import numpy as np

    gray = np.full((842, 600), 240, np.uint8)
    for y in (100, 140, 180):
        cv2.line(gray, (50, y), (550, y), 208, 1)  # a light grey hairline, washed out
    cv2.putText(gray, "62", (120, 128), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 20, 2)
    grain = np.random.default_rng(7).normal(0, 8, gray.shape)  # the scan's grain: the threshold keeps dots of it
    gray = np.clip(gray + grain, 0, 255).astype(np.uint8)
    grids, ink = _read_ocr._grids(np, cv2, gray, 1.0, 1)
    assert grids == []
    assert int(ink[95:106, 50:550].sum()) == 0  # no dash of the rule left around y = 100
    assert int(ink[110:130, 118:160].sum()) > 0  # the writing is


def test_dots_of_grain_are_not_writing_a_decimal_point_is() -> None:
    # github-013 printed without rules, harsh scan at 150 dpi: grain and dust between the columns of table 三
    # ("217 1 0 0 0 0 218") joined "1 0 0" into one piece read "100", and three columns into one.
    import cv2
    import numpy as np

    scale = 2.0  # pixels per point
    ink = np.zeros((100, 400), np.uint8)
    ink[40:60, 50:62] = 255  # a digit
    ink[56:59, 66:69] = 255  # a decimal point, 3 x 3
    ink[40:60, 73:85] = 255  # a digit
    for x in range(100, 380, 13):
        ink[45 + x % 9, x] = 255  # grain: one pixel
        ink[50 + x % 5 : 52 + x % 5, x + 5] = 255  # dust: two
    out = _read_ocr._without_dots(cv2, ink, scale)
    assert int(out[:, 100:].sum()) == 0
    assert (out[:, :100] == ink[:, :100]).all()


def test_a_cell_without_rules_with_writing_ocr_did_not_read_is_not_a_printed_blank() -> None:
    # github-012 printed with faint rules, harsh scan at 150 dpi: the 0 of 行政规范性文件's 本年废止件数 was not
    # read; its column, found from the 0 of the row above, came back as a printed blank, with no diagnostic.
    import numpy as np

    ink = np.zeros((300, 800), np.uint8)
    ink[62:82, 405:417] = 255  # the 0 OCR missed, in row 2's second column
    page = _read_ocr._Page(1, 1.0, ink=ink, scale=2.0)
    b = _read_ocr._Box
    row1 = [b(10, 10, 200, 34, "规章", 0.99), *(b(x, 10, x + 12, 34, "0", 0.99) for x in (300, 405, 500, 600))]
    row2 = [b(10, 60, 200, 84, "行政规范性文件", 0.99), b(300, 60, 312, 84, "8", 0.99), b(600, 60, 624, 84, "18", 0.99)]
    lines = [row1, row2]
    table = _read_ocr._unruled_rows(page, lines, 0)
    assert [c.text for c in table.rows[1]] == ["行政规范性文件", "8", _read_ocr.UNREAD, " ", "18"]
    assert table.rows[1][2].loc.confidence == 0.0


def test_a_grid_of_a_wider_table_whose_rules_washed_out_is_not_a_table() -> None:
    # github-013 printed with faint rules, harsh scan at 300 dpi: the rules of table 三's last two columns
    # (其他, 总计) were found, the others washed out; that grid took rows 一 and 二's last two values, which the
    # table read by baselines then lacked (218 lost with no diagnostic, and I1 blamed the report).
    grid = _read_ocr._Grid((500, 560, 620), (100, 130, 160, 190), {}, {})
    level = [(60.0, 132.0, 300.0, 158.0), (320.0, 132.0, 340.0, 158.0), (60.0, 162.0, 300.0, 188.0)]
    assert _read_ocr._part_of_wider(grid, level)  # rows' labels and values beside two of its three rows
    above = [(60.0, 40.0, 600.0, 70.0), (60.0, 200.0, 600.0, 230.0)]  # prose above and below a table
    assert not _read_ocr._part_of_wider(grid, above)
    inside = [(510.0, 132.0, 550.0, 158.0), (570.0, 162.0, 610.0, 188.0)]
    assert not _read_ocr._part_of_wider(grid, inside)


def test_a_number_narrower_than_its_ink_is_doubtful() -> None:
    # github-013 as printed, harsh scan at 150 dpi: table 二's 33 was read as "3" at 0.93, its box over both
    # digits, and kept silently. Writing wider than the number read could print is read again, and if it
    # still reads short, the value is doubtful (named, its identities not checkable).
    two_digits = (100.0, 50.0, 130.0, 70.0)  # 30 wide, 20 high
    assert _read_ocr._too_wide("3", two_digits)
    assert not _read_ocr._too_wide("33", two_digits)
    assert not _read_ocr._too_wide("0", (100.0, 50.0, 116.0, 70.0))
    assert not _read_ocr._too_wide("18651.06", (100.0, 50.0, 200.0, 70.0))
    assert _read_ocr._too_wide("1865", (100.0, 50.0, 200.0, 70.0))


def test_a_number_with_more_digits_than_its_ink_is_doubtful() -> None:
    # github-013 printed with faint rules, office scan at 150 dpi: a 0 beside the label column's washed-out
    # rule was read with a piece of the rule as "10" at 0.82, and I3 blamed the report. Its box, drawn in to
    # its ink, holds one digit.
    import numpy as np

    ink = np.zeros((100, 300), np.uint8)
    ink[40:58, 100:113] = 255  # one digit, 18 high and 13 wide
    ink[40:58, 150:156] = 255  # "10": a 1 ...
    ink[40:58, 162:175] = 255  # ... and a 0
    b = _read_ocr._Box
    assert _read_ocr._too_narrow(np, ink, b(100, 36, 113, 62, "10", 0.82))
    assert not _read_ocr._too_narrow(np, ink, b(100, 36, 113, 62, "0", 0.82))
    assert not _read_ocr._too_narrow(np, ink, b(150, 36, 175, 62, "10", 0.82))


class _BlindEngine:
    """A recognizer that reads nothing anywhere (as on a smudged digit)."""

    def text_rec(self, crops: list[Any]) -> Any:
        return [("", 0.1) for _ in crops], 0.0


def test_a_cell_with_writing_that_cannot_be_read_is_not_a_printed_blank() -> None:
    # Issue 20: a lone digit OCR could not read came back as a printed blank with no diagnostic, and a
    # blank that should have been 1 then raised "blank counted as 0" errors against the report.
    import cv2
    import numpy as np

    gray = np.full((842, 600), 255, np.uint8)
    cv2.rectangle(gray, (50, 100), (550, 160), 0, 2)
    cv2.line(gray, (300, 100), (300, 160), 0, 2)
    cv2.putText(gray, "8", (420, 137), cv2.FONT_HERSHEY_SIMPLEX, 0.4, 0, 1)  # writing in the right-hand cell
    grids, ink = _read_ocr._grids(np, cv2, gray, 1.0, 1)
    (grid,) = grids
    page = _read_ocr._Page(1, 1.0)
    work = _read_ocr._Work(1)
    table = _read_ocr._ruled_table(np, cv2, _BlindEngine(), page, gray, ink, grid, [], 0, 1.0, work)
    ((left, right),) = table.rows
    assert left.text == " "  # no writing: a printed blank
    assert right.text == _read_ocr.UNREAD
    assert right.loc.confidence == 0.0


def test_a_table_cut_by_a_page_break_keeps_its_open_row() -> None:
    # Issue 20 §1, found on a web page printed by Chromium: the table runs on from the page before, so its
    # first row has no rule above it, only its upright rules; that row (3.要求提供公开出版物 0 … 0) was left
    # out of the grid and its values lost. The same for a last row with no rule below it.
    import cv2
    import numpy as np

    for cut in ("top", "bottom"):
        gray = np.full((842, 600), 255, np.uint8)
        ys = [100, 140, 180, 220]
        for y in ys[1:-1] if cut == "top" else ys[:-1]:
            cv2.line(gray, (50, y), (550, y), 0, 1)
        for x in (50, 200, 300, 400, 550):
            cv2.line(gray, (x, ys[0]), (x, ys[-1]), 0, 1)
        if cut == "top":
            cv2.line(gray, (50, ys[-1]), (550, ys[-1]), 0, 1)
        else:
            cv2.line(gray, (50, ys[0]), (550, ys[0]), 0, 1)
        grids, _ = _read_ocr._grids(np, cv2, gray, 1.0, 1)
        (grid,) = grids
        assert len(grid.ys) == 4, (cut, grid.ys)
        assert abs(grid.ys[0] - 100) <= 3, (cut, grid.ys)
        assert abs(grid.ys[-1] - 220) <= 3, (cut, grid.ys)
        assert len(grid.xs) == 5


def _photo(page: Any, seed: int = 0) -> Any:
    """A page photographed at an angle: tilted in perspective on a darker desk, a shadow across."""
    import cv2
    import numpy as np

    a = np.asarray(page, dtype=np.uint8)
    h, w = a.shape
    pad = int(0.08 * max(h, w))
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    tilt = [[0.06 * w, 0.02 * h], [-0.01 * w, 0.05 * h], [-0.05 * w, -0.01 * h], [0, -0.04 * h]]
    dst = src + pad + np.float32(tilt[seed % 4 :] + tilt[: seed % 4])
    m = cv2.getPerspectiveTransform(src, dst)
    size = (w + 2 * pad, h + 2 * pad)
    warped = cv2.warpPerspective(a, m, size, borderValue=0)
    mask = cv2.warpPerspective(np.full_like(a, 255), m, size, borderValue=0)
    out = np.where(mask > 0, warped, 80).astype(np.float32)
    out *= np.linspace(1.0, 0.75, out.shape[1], dtype=np.float32)[None, :]  # a shadow towards the right
    return np.clip(out, 0, 255).astype(np.uint8)


def test_a_page_photographed_at_an_angle_is_straightened() -> None:
    import cv2
    import numpy as np

    page = np.full((1100, 800), 255, np.uint8)
    cv2.rectangle(page, (100, 200), (700, 900), 0, 2)
    for y in range(250, 900, 50):
        cv2.line(page, (100, y), (700, y), 0, 1)
    photo = _photo(page)
    flat, straightened = _read_ocr._flatten(np, cv2, photo)
    assert straightened
    h, w = flat.shape
    assert abs(h / w - 1100 / 800) < 0.05  # the page's own shape, not the photo's
    assert 0.8 < h / 1100 < 1.1
    assert float(flat[: h // 20].mean()) > 200  # the desk is gone, the shadow evened
    assert float(flat[:, -w // 20 :].mean()) > 200
    # the table's ruled lines are level again: the grid is found, with its 14 rows and one column
    (grid,), _ = _read_ocr._grids(np, cv2, flat, max(h, w) / 842.0, 1)
    assert (len(grid.ys), len(grid.xs)) == (15, 2)
    # a scan (the page fills the image) is left as it is
    same, straightened = _read_ocr._flatten(np, cv2, page)
    assert not straightened
    assert same is page


@needs_font
def test_phone_photos_of_a_report_are_read() -> None:
    # Issue 20 §3: phone photos lost 95-100% of their cells. The drawn report's two pages at 150 dpi,
    # each photographed at an angle on a desk with a shadow across, as a two-page TIFF: every cell read.
    from PIL import Image

    photos = [Image.fromarray(_photo(page, seed=i)) for i, page in enumerate(render(drawn_pdf("2021"), 150))]
    parsed = gd.parse_bytes(tiff(photos))
    assert _wrong(parsed, "2021") == {}


def test_a_scan_lit_unevenly_is_not_taken_for_a_photo() -> None:
    # Found on harsh scans of real layouts: the dim side of a page lit unevenly (a 30% gradient across)
    # was split off by the threshold, the rest taken for a photographed page and "straightened".
    import cv2
    import numpy as np

    page = np.full((1100, 800), 255, np.float32)
    cv2.rectangle(page, (100, 150), (700, 950), 0, 2)
    for y in range(200, 950, 50):
        cv2.line(page, (100, y), (700, y), 0, 1)
    xx = np.mgrid[0:1100, 0:800][1].astype(np.float32)
    scan_ = np.clip(page * (1 - 0.3 * xx / 800), 0, 255).astype(np.uint8)  # darker to the right
    flat, straightened = _read_ocr._flatten(np, cv2, scan_)
    assert not straightened
    assert flat is scan_


class _ShapeEngine:
    """A detector that records the shape it is given and finds one box in the middle."""

    def __init__(self) -> None:
        self.shapes: list[tuple[int, ...]] = []

    def text_det(self, img: Any) -> Any:
        import numpy as np

        self.shapes.append(img.shape)
        h, w = img.shape[:2]
        return np.array([[[w / 4, h / 4], [w / 2, h / 4], [w / 2, h / 2], [w / 4, h / 2]]]), 0.0


def test_the_detector_reads_the_page_sized_to_its_text() -> None:
    # Issue 21: the detector read a 200-dpi page at full size (2339 px); its text boxes 60 px high
    # need no more than about 30: half the side, a quarter of the pixels, and the boxes come back in
    # the page's pixels.
    import cv2
    import numpy as np

    engine = _ShapeEngine()
    gray = np.full((2339, 1654), 255, np.uint8)
    (box,) = _read_ocr._detect_sized(np, cv2, engine, gray, 1, 60.0)
    assert engine.shapes[0][:2] == (1169, 827)
    assert box == pytest.approx((1654 / 4, 2339 / 4, 1654 / 2, 2339 / 2), rel=0.01)
    _read_ocr._detect_sized(np, cv2, engine, gray, 1, 30.0)  # text already small: read as it is
    assert engine.shapes[1][:2] == (2339, 1654)


class _FakeDet:
    """RapidOCR's detector, faked: its model's map is its input's first channel; the shapes it was given."""

    def __init__(self) -> None:
        self.shapes: list[tuple[int, ...]] = []
        self.map: Any = None
        self.postprocess_op = self._post
        self.filter_tag_det_res = lambda quads, shape: quads

    def infer(self, x: Any) -> Any:
        self.shapes.append(x.shape)
        return [x[:, :1].copy()]

    def _post(self, pred: Any, shape: tuple[int, int]) -> Any:
        self.map = pred
        return [], []


def test_the_detector_reads_a_large_page_in_bands_of_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    # Issue 21: the detector's working memory is about 300 bytes a pixel of what it reads at once; a page
    # larger than DET_BAND_PIXELS is read in bands of rows, each with DET_OVERLAP rows above and below it,
    # and the bands' maps put together are the page's map (here the model's map is its input).
    import numpy as np

    monkeypatch.setattr(_read_ocr, "DET_BAND_PIXELS", 600_000)  # bands are off by default: a bound set
    fake = _FakeDet()
    det = _read_ocr._Detector(fake)
    rng = np.random.default_rng(1)
    gray = rng.integers(0, 256, (1400, 1000), dtype=np.uint8)
    det(gray)
    assert len(fake.shapes) > 1
    assert all(s[0] == 1 and s[1] == 3 for s in fake.shapes)
    assert all(s[2] * s[3] <= _read_ocr.DET_BAND_PIXELS and s[2] % 32 == 0 for s in fake.shapes)
    assert fake.map.shape == (1, 1, 1408, 992)  # sides rounded to multiples of 32, as RapidOCR does
    import cv2

    whole = (cv2.resize(gray, (992, 1408)).astype(np.float32) / 255 - 0.5) / 0.5
    assert np.allclose(fake.map[0, 0], whole, atol=1e-6)
    small = _FakeDet()
    _read_ocr._Detector(small)(gray[:500])  # under the bound: one piece, as RapidOCR reads it
    assert [s[2:] for s in small.shapes] == [(512, 992)]


def test_the_detector_gives_back_the_heap_before_and_after_its_model(monkeypatch: pytest.MonkeyPatch) -> None:
    # Issue 21: what the page's image work freed (50-60 MiB on a 200-dpi page) is not reused by the model's
    # large blocks, so the heap is given back before the model runs (a batch worker 528-544 -> 494-497 MiB
    # on 5-page scans), and again after it, before the boxes are found.
    import numpy as np

    events: list[str] = []
    fake = _FakeDet()
    infer = fake.infer
    fake.infer = lambda x: (events.append("model"), infer(x))[1]  # type: ignore[method-assign]
    monkeypatch.setattr(_read_ocr, "_trim", lambda: events.append("trim"))
    _read_ocr._Detector(fake)(np.full((640, 480), 255, np.uint8))
    assert events == ["trim", "model", "trim"]


class _FakeRec:
    """RapidOCR's recognizer, faked: what its model was given, and what RapidOCR read itself."""

    def __init__(self) -> None:
        self.widths: list[int] = []
        self.whole: list[Any] = []
        self.session = self._session
        self.postprocess_op = lambda preds: [("7", 0.99)]

    def _session(self, x: Any) -> Any:
        self.widths.append(x.shape[3])
        assert x.shape[:3] == (1, 3, _read_ocr.REC_HEIGHT)
        return [x]

    def __call__(self, crops: list[Any]) -> Any:
        self.whole += crops
        return [("一行文字", 0.98)], 0.0


def test_a_short_piece_is_padded_less_a_wide_one_as_rapidocr_reads_it() -> None:
    # Issue 21: RapidOCR pads every piece to 320 px wide at 48 px high; a lone digit (30-40 px at that
    # height) cost the recognizer as much as a word of eight characters.
    import numpy as np

    fake = _FakeRec()
    rec = _read_ocr._Recognizer(fake)
    digit = np.full((24, 18, 3), 255, np.uint8)  # 36 px wide at 48 px high
    line = np.full((24, 600, 3), 255, np.uint8)  # a line of prose: 1200 px
    out, _ = rec([digit, line])
    assert out == [("7", 0.99), ("一行文字", 0.98)]
    assert fake.widths == [36 + _read_ocr.REC_PAD]
    assert len(fake.whole) == 1
    assert fake.whole[0] is line


def test_the_models_run_with_the_memory_arena_and_read_as_rapidocrs_own_sessions() -> None:
    # Issue 21: RapidOCR turns ONNX Runtime's memory arena off, and every call of a model then took its
    # tensors from the heap and faulted their pages in again (the detector: a third of its CPU). The
    # engine's detector and recognizer run with the arena, shrunk after each call, on the models with their
    # elementwise tails folded (_lean); the outputs are those of the session RapidOCR made from the file,
    # within float rounding.
    import numpy as np
    import onnxruntime as ort

    engine = _read_ocr._engine()
    rng = np.random.default_rng(3)
    for ours, shape in (
        (engine.text_det.det.infer.session, (1, 3, 96, 160)),
        (engine.text_rec.rec.session.session, (1, 3, _read_ocr.REC_HEIGHT, 200)),
    ):
        assert isinstance(ours, _read_ocr._Session)
        assert ours.session.get_session_options().enable_cpu_mem_arena
        assert ours.lean
        opts = ours.session.get_session_options()
        opts.enable_cpu_mem_arena = False  # as RapidOCR makes it
        theirs = ort.InferenceSession(ours.path, sess_options=opts)
        x = rng.uniform(-1, 1, shape).astype(np.float32)
        name = ours.get_inputs()[0].name
        want = theirs.run(None, {name: x})[0]
        for _ in range(2):  # the second call reads from the shrunk arena
            got = ours.run(None, {name: x})[0]
            assert got.shape == want.shape
            assert np.abs(got - want).max() < 1e-4


def test_a_model_whose_rewrite_onnx_runtime_refuses_is_loaded_from_its_file(monkeypatch: pytest.MonkeyPatch) -> None:
    import onnxruntime as ort

    path = _read_ocr._engine().text_rec.rec.session.session.path
    monkeypatch.setattr(_read_ocr, "lean_model", lambda p: b"not a model")
    session = _read_ocr._Session(path, ort.SessionOptions())
    assert not session.lean
    assert session.get_inputs()[0].name


class _CountingDetector:
    """A detector that finds wide boxes (an upright page) and counts its calls; the classifier says up."""

    def __init__(self) -> None:
        self.calls = 0

    def text_det(self, img: Any) -> Any:
        import numpy as np

        self.calls += 1
        return np.array(
            [[[10, 10 + 20 * i], [300, 10 + 20 * i], [300, 22 + 20 * i], [10, 22 + 20 * i]] for i in range(5)]
        ), 0.0

    def text_cls(self, crops: list[Any]) -> Any:
        return crops, [("0", 0.99) for _ in crops], 0.0


def test_the_orientation_pass_detects_an_upright_skewed_page_once() -> None:
    # Issue 21: the small copy was detected as it was (for the turn and the text's height), then again once
    # levelled (for up and down); the skew is now found first and the level copy detected once.
    import cv2
    import numpy as np

    gray = np.full((1600, 1200), 255, np.uint8)
    for y in range(200, 1400, 60):
        cv2.line(gray, (100, y), (1100, y + 40), 0, 6)  # lines of "text" skewed by about 2°
    engine = _CountingDetector()
    _, turn, angle, height = _read_ocr._upright(np, cv2, engine, gray, 1)
    assert turn == 0
    assert abs(angle) >= 1.0
    assert engine.calls == 1
    assert height == pytest.approx(12 * 1600 / 800)


# --------------------------------------------------------------------------- issue 20: web pages printed
def test_a_table_cut_by_a_page_break_after_two_rows_keeps_its_open_row() -> None:
    # Found on a web page printed by Chromium (2-row remainder of table 三 at the top of a page): the upright
    # rules run from the cut to the last rule, shorter than a long rule, and were taken for a character's
    # strokes; the grid was not found and its two rows (（七）总计, 四、结转下年度继续办理) were read as prose.
    import cv2
    import numpy as np

    gray = np.full((842, 600), 255, np.uint8)
    for y in (135, 170):
        cv2.line(gray, (50, y), (550, y), 0, 2)
    for x in (50, 200, 300, 400, 550):
        cv2.line(gray, (x, 100), (x, 170), 0, 2)
    (grid,), _ = _read_ocr._grids(np, cv2, gray, 2.0, 1)
    assert len(grid.ys) == 3, grid.ys
    assert abs(grid.ys[0] - 100) <= 4, grid.ys
    assert len(grid.xs) == 5
    # two strokes ending together are not rules (a character's strokes touching a rule)
    gray = np.full((842, 600), 255, np.uint8)
    for y in (135, 170):
        cv2.line(gray, (50, y), (550, y), 0, 2)
    for x in (50, 550):
        cv2.line(gray, (x, 135), (x, 170), 0, 2)
    for x in (210, 220):
        cv2.line(gray, (x, 100), (x, 135), 0, 2)
    (grid,), _ = _read_ocr._grids(np, cv2, gray, 2.0, 1)
    assert len(grid.ys) == 2
    assert len(grid.xs) == 2


def test_a_box_is_read_off_the_rules_around_its_cell() -> None:
    # A detector box that took in the rule beside a digit was read "[0" or "[o" (then not a number: the row
    # was short and lost). Its piece now starts past the rule; a box inside the cell is left as it is.
    import cv2
    import numpy as np

    gray = np.full((842, 600), 255, np.uint8)
    cv2.rectangle(gray, (50, 100), (550, 150), 0, 2)
    cv2.line(gray, (300, 100), (300, 150), 0, 2)
    (grid,), _ = _read_ocr._grids(np, cv2, gray, 2.0, 1)
    (piece,) = _read_ocr._split(grid, (296.0, 110.0, 330.0, 140.0), 2.0)
    assert piece[0] >= grid.xs[1] + 2
    assert piece[2] == 330.0
    assert _read_ocr._split(grid, (310.0, 110.0, 330.0, 140.0), 2.0) == [(310.0, 110.0, 330.0, 140.0)]


def test_numbers_standing_apart_are_pieces_of_their_own() -> None:
    # A table printed without rules: the detector (or joining boxes along a line) made "217 1 0 0" one
    # segment, read "217100". Its ink is split where more than half a line's height is blank.
    import numpy as np

    ink = np.zeros((200, 800), np.uint8)
    for x0, x1 in ((100, 150), (200, 210), (260, 280), (330, 350)):  # 217, 1, 0, 0
        ink[110:130, x0:x1] = 255
    ink[118, 170] = 255  # a speck in a gap is not writing
    pieces = _read_ocr._apart(np, ink, (95.0, 105.0, 355.0, 135.0))
    assert len(pieces) == 4
    assert pieces[0][0] == 95.0
    assert pieces[-1][2] == 355.0
    assert all(a[2] <= b[0] for a, b in itertools.pairwise(pieces))
    # only a segment read as digits is read again piece by piece: prose justified with wide spaces
    # (h2-002's "2023 年政府信息公开工作年度报告") lost a character at a cut
    assert _read_ocr._mostly_digits("217100")
    assert _read_ocr._mostly_digits("0 ooo 0 。o")
    assert not _read_ocr._mostly_digits("2023 年政府信息公开工作年度报告")
    assert not _read_ocr._mostly_digits("起至2023年12月 31日止。")
    # the characters of one phrase stand closer: one piece
    ink[:] = 0
    for x0 in range(100, 400, 32):
        ink[110:130, x0 : x0 + 28] = 255
    assert len(_read_ocr._apart(np, ink, (95.0, 105.0, 405.0, 135.0))) == 1


def test_segments_join_only_boxes_level_with_each_other() -> None:
    # A label printed halfway between two rows (三、本 of 三、本年度办理结果) overlaps both; joining along the
    # line made one tall segment of two rows' pieces, read as nonsense.
    import numpy as np

    ink = np.zeros((300, 800), np.uint8)
    boxes = [(100.0, 100.0, 200.0, 130.0), (210.0, 118.0, 300.0, 148.0), (310.0, 100.0, 400.0, 130.0)]
    segs = _read_ocr._segments(np, ink, boxes)
    assert len(segs) == 3
    assert all(s[3] - s[1] <= 31 for s in segs)
    joined = _read_ocr._segments(np, ink, [(100.0, 100.0, 200.0, 130.0), (215.0, 101.0, 300.0, 131.0)])
    assert len(joined) == 1


def _unruled(lines: list[list[tuple[float, float, float, float, str, float]]]) -> list[list[str]]:
    page = _read_ocr._Page(1, 1.0)
    boxes = [_read_ocr._Box(*b) for line in lines for b in line]
    _read_ocr._text_blocks(page, boxes, 2000.0, 0)
    tables = [blk for _, blk in page.items if isinstance(blk, Table)]
    assert len(tables) == 1, [blk for _, blk in page.items]
    return [[c.text for c in row] for row in tables[0].rows]


def test_a_label_wrapped_around_its_row_in_a_table_without_rules_is_one_row() -> None:
    # Issue 20 §1, found on a web page printed without rules: a label wrapped onto two or three lines, its
    # numbers level with the middle (or between the two), was read as lines of prose that ended the table,
    # and its row was lost.
    n = 30.0  # a line's height
    rows = _unruled(
        [
            [
                (10, 0, 300, n, "4.无正当理由大量反复申请", 0.99),
                (400, 0, 420, n, "0", 0.99),
                (500, 0, 520, n, "0", 0.99),
            ],
            # two lines of label, the numbers between them
            [(10, 40, 300, 40 + n, "5.要求行政机关确认或重新出具已获取", 0.99)],
            [(400, 55, 420, 55 + n, "2", 0.99), (500, 55, 520, 55 + n, "2", 0.99)],
            [(10, 70, 60, 70 + n, "信息", 0.99)],
            # three lines of label, the numbers level with the middle one
            [(10, 120, 300, 120 + n, "1.申请人无正当理由逾期不补正、行政", 0.99)],
            [
                (10, 152, 60, 152 + n, "机关", 0.99),
                (400, 152, 420, 152 + n, "1", 0.99),
                (500, 152, 520, 152 + n, "1", 0.99),
            ],
            [(10, 190, 300, 190 + n, "不再处理其政府信息公开申请", 0.99)],
            [
                (10, 260, 200, 260 + n, "3.其他", 0.99),
                (400, 260, 420, 260 + n, "3", 0.99),
                (500, 260, 520, 260 + n, "3", 0.99),
            ],
        ]
    )
    assert rows == [
        ["4.无正当理由大量反复申请", "0", "0"],
        ["5.要求行政机关确认或重新出具已获取信息", "2", "2"],
        ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "1", "1"],
        ["3.其他", "3", "3"],
    ]


def test_a_label_spanning_rows_without_rules_joins_one_row_and_bridges_none() -> None:
    # 三、本 printed halfway between two rows overlaps both: it joined them into one line of twice the numbers.
    n = 30.0
    rows = _unruled(
        [
            [
                (200, 0, 380, n, "1.本机关不掌握相关政府信息", 0.99),
                (400, 0, 420, n, "75", 0.99),
                (500, 0, 520, n, "75", 0.99),
            ],
            [(10, 18, 100, 18 + n, "三、本", 0.99)],
            [
                (200, 34, 380, 34 + n, "2.没有现成信息需要另行制作", 0.99),
                (400, 34, 420, 34 + n, "0", 0.99),
                (500, 34, 520, 34 + n, "0", 0.99),
            ],
        ]
    )
    assert len(rows) == 2
    assert [r[-2:] for r in rows] == [["75", "75"], ["0", "0"]]
    assert "1.本机关不掌握相关政府信息" in rows[0][0]
    assert "2.没有现成信息需要另行制作" in rows[1][0]
    assert sum("三、本" in r[0] for r in rows) == 1


def test_a_digit_misread_in_a_label_is_not_a_column() -> None:
    # A piece of a wrapped label read as "1" at confidence 0.18 was taken for a column of numbers: the labels
    # of the rows beside it fell into that column and were lost.
    n = 30.0
    rows = _unruled(
        [
            [(10, 0, 300, n, "1.属于国家秘密", 0.99), (400, 0, 420, n, "4", 0.99), (500, 0, 520, n, "4", 0.99)],
            [
                (10, 40, 120, 40 + n, "他情形", 0.9),
                (150, 40, 160, 40 + n, "1", 0.18),
                (400, 40, 420, 40 + n, "29", 0.99),
                (500, 40, 520, 40 + n, "29", 0.99),
            ],
            [
                (10, 80, 300, 80 + n, "2.其他法律行政法规禁止公开", 0.99),
                (400, 80, 420, 80 + n, "0", 0.99),
                (500, 80, 520, 80 + n, "0", 0.99),
            ],
        ]
    )
    assert [len(r) for r in rows] == [3, 3, 3]
    assert rows[0] == ["1.属于国家秘密", "4", "4"]
    assert rows[2] == ["2.其他法律行政法规禁止公开", "0", "0"]


def _grey_grid(cv2: Any, np: Any, ys: list[int], width: int) -> Any:
    """A page with a table of light grey hairlines (#c8c8c8, as a web page prints them ``width`` pixels
    wide): rules across at ``ys``, columns at x 50, 300 and 550."""
    gray = np.full((842, 600), 255, np.uint8)
    for y in ys:
        cv2.line(gray, (50, y), (550, y), 200, width)
    for x in (50, 300, 550):
        cv2.line(gray, (x, ys[0]), (x, ys[-1]), 200, width)
    return gray


def test_faint_rules_that_writing_touches_still_divide_cells() -> None:
    # A web page printed with light grey hairlines (#c8c8c8), its rows as tight as their writing: next to
    # the writing, the local threshold lost the rule, and the label column became one merged cell.
    import cv2
    import numpy as np

    ys = [100, 140, 180, 220, 260]
    gray = _grey_grid(cv2, np, ys, 2)
    for y in ys[:-1]:  # writing that touches the rules above and below it, in the label column
        cv2.putText(gray, "HIHIHIHIH", (58, y + 37), cv2.FONT_HERSHEY_SIMPLEX, 1.3, 0, 4)
    (grid,), _ = _read_ocr._grids(np, cv2, gray, 2.0, 1)
    assert len(grid.ys) == 5
    assert all(grid.owner[(r, 0)] == (r, 0) for r in range(4))  # four cells, not one


def test_a_faint_rule_rendered_lighter_still_divides_columns_and_writing_is_no_rule() -> None:
    # Issue 20, github-012 printed with faint rules (#c8c8c8 hairlines), a clean render at 150 dpi: the rule
    # between the labels and the first column of values fell across two pixels, each lighter than the
    # threshold that finds tables takes, and the value of every row was read into its label's cell (162 of
    # 203 cells; an office scan of the same page read 187). The faint table's rules are found again with the
    # faint ones; a character's upright stroke, dark, is writing and no column rule.
    import cv2
    import numpy as np

    ys = [100, 150, 200, 250, 300]
    gray = _grey_grid(cv2, np, ys, 1)
    gray[ys[0] : ys[-1], 420:422] = 228  # a hairline that fell across two pixels
    for y in ys[:-1]:  # writing with upright strokes that touch the rules above and below it
        cv2.putText(gray, "HIHIH", (70, y + 46), cv2.FONT_HERSHEY_SIMPLEX, 1.8, 0, 4)
        cv2.putText(gray, "26", (350, y + 35), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    (grid,), _ = _read_ocr._grids(np, cv2, gray, 2.0, 1)
    assert len(grid.xs) == 4, grid.xs  # 50, 300, 421, 550: no rule inside the writing
    assert abs(grid.xs[2] - 421) <= 3
    assert len(grid.ys) == 5
    assert all(grid.owner[(r, c)] == (r, c) for r in range(4) for c in range(3))


def test_a_characters_upright_stroke_on_a_faint_columns_line_does_not_cut_a_label_in_two() -> None:
    # Issue 20, github-013 printed with faint rules, office scans at 150 dpi: a row's label spans the
    # columns of the group labels above it (no rule there in its row), and a character's upright stroke
    # (1.本 / 机关…) stood on one of those columns' lines: the cell was cut in two there, the label read in
    # pieces ("1.本", "几关不", "掌握相关政府信息") and the row lost (28 cells of 203). The columns were found
    # from faint strokes only; the cells' edges now are too.
    import cv2
    import numpy as np

    ys = [100, 150, 200, 250]
    gray = _grey_grid(cv2, np, ys, 1)
    cv2.line(gray, (175, ys[0]), (175, ys[2]), 200, 1)  # a column of the rows above, stopping at the last row
    for y in ys[:-1]:
        cv2.putText(gray, "26", (350, y + 35), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    cv2.putText(gray, "HIH", (60, 235), cv2.FONT_HERSHEY_SIMPLEX, 1.4, 0, 3)
    gray[ys[2] + 8 : ys[3] - 8, 174:177] = 0  # the label's upright stroke, on the line the rule stops at
    (grid,), _ = _read_ocr._grids(np, cv2, gray, 2.0, 1)
    assert len(grid.xs) == 4, grid.xs
    assert abs(grid.xs[1] - 175) <= 3
    assert grid.owner[(0, 1)] == (0, 1)  # the rows above: the rule divides
    assert grid.owner[(1, 1)] == (1, 1)
    assert grid.owner[(2, 1)] == (2, 0)  # the last row's label: one cell


def test_a_page_ocr_cannot_read_says_which_page_and_why() -> None:
    # Issue 20 §3: a page that could not be read returned empty tables, silently. Measured on its image.
    import cv2
    import numpy as np

    page = np.full((1169, 827), 255, np.uint8)
    for y in range(100, 1000, 40):
        cv2.putText(page, "1234 5678 90", (80, y), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    assert _read_ocr.unreadable(np.full((1169, 827), 250, np.uint8), 200) is None  # blank paper
    dark = (page.astype(np.float32) * 0.2).astype(np.uint8)
    assert (_read_ocr.unreadable(dark, 200) or "").startswith("too dark")
    blurred = cv2.GaussianBlur(page, (0, 0), 6)
    assert (_read_ocr.unreadable(blurred, 200) or "").startswith("too blurred")
    tiny = np.full((1169, 827), 255, np.uint8)
    for y in range(100, 1000, 12):
        cv2.putText(tiny, "1234 5678 90 1234 5678 90", (80, y), cv2.FONT_HERSHEY_PLAIN, 0.5, 0, 1)
    assert (_read_ocr.unreadable(tiny, 200) or "").startswith("too small")
    assert (_read_ocr.unreadable(page, 200) or "").startswith("no text found")


def test_an_unreadable_page_is_named_in_a_diagnostic(monkeypatch: pytest.MonkeyPatch) -> None:
    # A two-page scan whose second page OCR reads nothing from: the report says which page and why;
    # a scan no page of which can be read is an error that says so, not "the input is empty".
    import importlib

    from govdisclosure.parse import Document

    module = importlib.import_module("govdisclosure.parse")
    doc = Document(
        (Paragraph("政府信息公开工作年度报告", Location(page=1)),), "pdf-ocr", unread_pages=((2, "too dark (…)"),)
    )
    monkeypatch.setattr(module, "_from_bytes", lambda data, name, options: (doc, None))
    parsed = gd.parse_bytes(b"%PDF-1.4")
    (diag,) = [d for d in parsed.diagnostics if d.code == "ocr-page-unreadable"]
    assert "page 2" in diag.message_en
    assert "too dark" in diag.message_en
    assert diag.location is not None
    assert diag.location.page == 2
    empty = Document((), "pdf-ocr", unread_pages=((1, "too blurred (…)"),))
    monkeypatch.setattr(module, "_from_bytes", lambda data, name, options: (empty, None))
    with pytest.raises(gd.ParseError, match="page 1: too blurred"):
        gd.parse_bytes(b"%PDF-1.4")


def test_a_number_box_is_drawn_in_to_its_ink() -> None:
    # github-013 printed without rules, office scan: the boxes of neighbouring numbers, stretched and padded,
    # touched ("29" 948-1038, "0" 1038-1061), and the columns they stand in were joined into one ("29000").
    import numpy as np

    ink = np.zeros((200, 1200), np.uint8)
    ink[110:130, 960:990] = 255  # "29"
    ink[118, 1030] = 255  # a speck
    box = _read_ocr._tight(np, ink, _read_ocr._Box(948.0, 105.0, 1038.0, 135.0, "29", 0.99))
    assert (box.x0, box.x1) == (960.0, 990.0)
    assert box.text == "29"
    empty = _read_ocr._Box(100.0, 105.0, 140.0, 135.0, "0", 0.5)
    assert _read_ocr._tight(np, ink, empty) == empty  # no ink: left as it is


# --------------------------------------------------------------------------- issue 20: columns from the header
def _header_page(
    first_row: tuple[int, ...] = (0, 6), heading: str = "自然人商业企业科研机构社会公益组织法律服务机构其他总计"
) -> tuple[Any, list[Any], list[list[Any]]]:
    """A table without rules whose blank cells print nothing, drawn as ink: a label column (10-300) and seven
    value columns 100 wide from 320, each heading two characters centred in its column, a heading spanning
    columns 1-5 above them (OCR reads the seven headings as one box, ``heading``); the first row holds
    numbers in the columns ``first_row``, the others in the first and last columns only (github-012's table
    三)."""
    import numpy as np

    ink = np.zeros((600, 1100), np.uint8)
    ink[100:122, 20:200] = 255  # the label column's heading
    ink[60:82, 470:880] = 255  # a heading spanning columns 1-5 (法人或其他组织)
    for k in range(7):
        x = 345 + 100 * k
        ink[100:122, x : x + 20] = 255  # two characters a heading
        ink[100:122, x + 23 : x + 43] = 255
    b = _read_ocr._Box
    header = [
        [b(20, 55, 880, 87, "申请人情况", 0.99)],
        [b(20, 95, 200, 127, "（本列数据）", 0.99), b(343, 95, 990, 127, heading, 0.99)],
    ]
    rows = []
    for r, y in enumerate((150, 200, 250)):
        cols = first_row if r == 0 else (0, 6)
        row = [b(10, y, 250, y + 30, f"第{r + 1}行", 0.99)]
        for k in cols:
            text = str(r + k + 2)
            x = 350 + 100 * k
            ink[y + 4 : y + 26, x : x + 11 * len(text)] = 255
            row.append(b(x, y, x + 11 * len(text), y + 30, text, 0.99))
        rows.append(row)
    return ink, header, rows


def test_columns_of_a_table_without_rules_are_read_from_its_header() -> None:
    # Issue 20 §1: a table without rules whose blank cells print nothing gave a row fewer numbers than columns,
    # left unread (row-short). Where most columns print numbers, the columns come from the header's ink
    # (seven headings; the spanning one and the label's left out), each column of numbers in one of them.
    ink, header, rows = _header_page(first_row=(0, 1, 2, 4, 6))
    page = _read_ocr._Page(1, 1.0, ink=ink, scale=2.0)
    bands = _read_ocr._header_bands(page, header, rows)
    assert len(bands) == 7
    assert all(sure and lo < 345 + 100 * k and 388 + 100 * k < hi for k, (lo, hi, sure) in enumerate(bands))
    table = _read_ocr._unruled_rows(page, rows, 0, bands)
    assert [[c.text for c in row] for row in table.rows] == [
        ["第1行", "2", "3", "4", " ", "6", " ", "8"],
        ["第2行", "3", " ", " ", " ", " ", " ", "9"],
        ["第3行", "4", " ", " ", " ", " ", " ", "10"],
    ]
    # a blank column with writing OCR did not read (a lost digit) is unread, never a printed blank
    ink[204:226, 655:666] = 255
    table = _read_ocr._unruled_rows(page, rows, 0, bands)
    assert [c.text for c in table.rows[1]] == ["第2行", "3", " ", " ", _read_ocr.UNREAD, " ", " ", "9"]
    assert table.rows[1][4].loc.confidence == 0.0


def test_table_three_with_numbers_in_its_first_and_last_columns_only_is_read_by_its_ends() -> None:
    # github-012 printed without rules, harsh scan: only 自然人 and 总计 print numbers, and its headings are
    # justified in narrow cells (自 然 21 px apart, 法律服务机构 9 px from 其他): the ink cannot tell its columns,
    # but OCR's box of the headings starts with 自然 and ends with 总计, and the numbers stand under them.
    ink, header, rows = _header_page()
    page = _read_ocr._Page(1, 1.0, ink=ink, scale=2.0)
    bands = _read_ocr._header_bands(page, header, rows)
    assert [sure for _, _, sure in bands] == [True, False, False, False, False, False, True]
    table = _read_ocr._unruled_rows(page, rows, 0, bands)
    assert [[c.text for c in row] for row in table.rows] == [
        ["第1行", "2", " ", " ", " ", " ", " ", "8"],
        ["第2行", "3", " ", " ", " ", " ", " ", "9"],
        ["第3行", "4", " ", " ", " ", " ", " ", "10"],
    ]
    # writing between them that OCR did not read: which column it stands in is not certain, so the row is
    # not placed (it keeps its numbers' columns, and the recognizer leaves it unread and named)
    ink[204:226, 655:666] = 255
    assert _read_ocr._by_bands(page, rows[1], bands, 0, 1) is None
    assert [c.text for c in _read_ocr._unruled_rows(page, rows, 0, bands).rows[1]] == ["第2行", "3", "9"]
    # nor is a value read between them
    b = _read_ocr._Box
    assert _read_ocr._by_bands(page, [*rows[2][:2], b(650, 250, 661, 280, "5", 0.99), rows[2][2]], bands, 0, 2) is None
    # a header that does not read 自然 … 总计 (another table), or numbers not under those two: not used
    ink, header, rows = _header_page(heading="自然人商业企业科研机构社会公益组织法律服务机构其他")
    assert _read_ocr._header_bands(_read_ocr._Page(1, 1.0, ink=ink, scale=2.0), header, rows) == []
    ink, header, rows = _header_page(first_row=(1, 6))
    assert _read_ocr._header_bands(_read_ocr._Page(1, 1.0, ink=ink, scale=2.0), header, rows) == []


def test_a_value_read_with_a_speck_beside_it_is_placed_in_its_column() -> None:
    # Issue 20, github-012 printed without rules, office scan at 200 dpi (seed 2): table 四's first value read
    # as "0." (grain after it). Not a number, it was taken for the row's label, the fourteen others read as the
    # row's only values and the table left unread (15 cells). A value with a speck at an end is the value, as
    # in a ruled cell: placed by the header's columns, its text the digits.
    ink, header, rows = _header_page()
    page = _read_ocr._Page(1, 1.0, ink=ink, scale=2.0)
    bands = _read_ocr._header_bands(page, header, rows)
    b = _read_ocr._Box
    specked = [rows[0][0], b(350, 150, 366, 180, "2.", 0.95), *rows[0][2:]]
    cells = _read_ocr._by_bands(page, specked, bands, 0, 0)
    assert cells is not None
    assert [c.text for c in cells] == ["第1行", "2", " ", " ", " ", " ", " ", "8"]
    # a speck alone, or writing, is no value: the row is not placed by the header
    for text in ("。", "2a"):
        assert (
            _read_ocr._by_bands(page, [rows[0][0], b(350, 150, 366, 180, text, 0.95), *rows[0][2:]], bands, 0, 0)
            is None
        )


def test_a_row_not_placed_with_certainty_keeps_its_numbers_columns() -> None:
    # A value over a column's boundary, or two values in one column: the row is not placed by the header
    # (a value shifted into another column would be a silent wrong count).
    ink, header, rows = _header_page(first_row=(0, 1, 2, 4, 6))
    page = _read_ocr._Page(1, 1.0, ink=ink, scale=2.0)
    bands = _read_ocr._header_bands(page, header, rows)
    b = _read_ocr._Box
    astride = [rows[1][0], rows[1][1], b(400, 200, 440, 230, "12", 0.99), rows[1][2]]  # across 416.5
    two = [rows[1][0], rows[1][1], b(375, 200, 386, 230, "5", 0.99), rows[1][2]]  # beside the 3 in column 1
    for row in (astride, two):
        assert _read_ocr._by_bands(page, row, bands, 0, 0) is None


def test_rows_cut_off_from_their_table_take_its_columns() -> None:
    # A label wrapped around its row's numbers (or a number OCR lost) cuts table 三 into several runs of rows;
    # the runs below the header take the columns read from it, when their numbers stand in them.
    ink, header, rows = _header_page()
    page = _read_ocr._Page(1, 1.0, ink=ink, scale=2.0)
    b = _read_ocr._Box
    wrapped = [
        b(10, 300, 400, 330, "（二）部分公开（区分处理的，只计这一情形，", 0.99),
        b(950, 300, 961, 330, "0", 0.99),
    ]
    late = [b(10, 340, 250, 370, "1.属于国家秘密", 0.99), b(350, 340, 361, 370, "0", 0.99)]
    late.append(b(950, 340, 961, 370, "0", 0.99))
    for y, x in ((304, 950), (344, 350), (344, 950)):
        ink[y : y + 22, x : x + 11] = 255
    boxes = [x for line in (*header, *rows, wrapped, late) for x in line]
    _read_ocr._text_blocks(page, boxes, 2000.0, 0)
    tables = [blk for _, blk in page.items if isinstance(blk, Table)]
    assert len(tables) == 2
    assert [c.text for c in tables[1].rows[0]] == ["1.属于国家秘密", "0", " ", " ", " ", " ", " ", "0"]
    # not across the header of another table (四)
    page = _read_ocr._Page(1, 1.0, ink=ink, scale=2.0)
    words = [[b(10, 300 + 8 * i, 900, 306 + 8 * i, text, 0.99)] for i, text in enumerate(("行政复议", "结果维持"))]
    later = [b(10, 380, 250, 410, "2.其他", 0.99), b(350, 380, 361, 410, "0", 0.99), b(950, 380, 961, 410, "0", 0.99)]
    boxes = [x for line in (*header, *rows, *words, late, later) for x in line]
    _read_ocr._text_blocks(page, boxes, 2000.0, 0)
    tables = [blk for _, blk in page.items if isinstance(blk, Table)]
    assert len(tables) == 2
    assert [len(row) for row in tables[1].rows] == [3, 3]


def test_a_line_of_numbers_whose_label_wraps_around_it_is_a_row() -> None:
    # github-012 printed without rules: （二）部分公开（区分处理的，只计这一情形，不计其他情形） wraps onto a line
    # above and one below its numbers, the line of numbers holding no label; it was prose, and cut the table.
    n = 30.0
    rows = _unruled(
        [
            [(10, 0, 300, n, "（一）予以公开", 0.99), (400, 0, 420, n, "26", 0.99), (500, 0, 520, n, "26", 0.99)],
            [(10, 40, 405, 40 + n, "（二）部分公开（区分处理的，只计这", 0.99)],  # its box a little into the column
            [(400, 56, 420, 56 + n, "0", 0.99), (500, 56, 520, 56 + n, "0", 0.99)],
            [(10, 72, 300, 72 + n, "一情形，不计其他情形）", 0.99)],
            [
                (10, 120, 300, 120 + n, "1.属于国家秘密", 0.99),
                (400, 120, 420, 120 + n, "0", 0.99),
                (500, 120, 520, 120 + n, "0", 0.99),
            ],
        ]
    )
    assert rows == [
        ["（一）予以公开", "26", "26"],
        ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "0", "0"],
        ["1.属于国家秘密", "0", "0"],
    ]


@needs_font
def test_a_phone_photo_of_a_report_with_faint_rules_loses_no_row() -> None:
    # Issue 20 §3: a web page printed with light grey hairlines, photographed at an angle (perspective, a
    # shadow across, blur, JPEG): the rules wash out in pieces. The table must not be read as a grid of the
    # pieces that survived, which loses rows: every cell is read or named, and no identity blames the report.
    import cv2
    import numpy as np
    from PIL import Image

    photos = []
    for i, page in enumerate(render(drawn_pdf("2021", rules=(0.3, 0.8)), 150)):
        a = cv2.GaussianBlur(_photo(page, seed=i).astype(np.float32), (0, 0), 0.8)
        buf = io.BytesIO()
        Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).save(buf, "JPEG", quality=70)
        photos.append(Image.open(io.BytesIO(buf.getvalue())))
    parsed = gd.parse_bytes(tiff(photos))
    wrong = _wrong(parsed, "2021")
    assert set(wrong) <= _named(parsed), {k: v for k, v in wrong.items() if k not in _named(parsed)}
    assert _identity_errors(parsed) == []
    # Not yet: the table is read by its baselines (no grid of surviving pieces); zeros the detector missed
    # beside pieces of the washed-out rules are read again from their ink, but a 1 there stays unread ("?":
    # a piece of a rule reads as 1 too), zeros are doubtful, and labels glued to a group's label lose rows:
    # 90 of 210 cells lost (119 before the cells were read again), every one named.
    assert len(wrong) <= len(_truth("2021")) - 110, len(wrong)


def test_a_number_outside_every_column_is_never_glued_to_the_number_in_its_nearest_column() -> None:
    # A number read with low confidence alone at its place (its column is none: no number there is read
    # surely) is moved to the nearest column, never dropped; when that column of the row already holds a
    # number, the two were joined into one ('1' + '7' read as 17 or 71). The cell is now unread.
    import numpy as np

    page = _read_ocr._Page(1, 1.0, ink=np.zeros((200, 800), np.uint8), scale=2.0)
    b = _read_ocr._Box
    row1 = [b(10, 10, 200, 34, "规章", 0.99), b(300, 10, 312, 34, "0", 0.99), b(500, 10, 512, 34, "5", 0.99)]
    row2 = [
        b(10, 60, 200, 84, "行政规范性文件", 0.99),
        b(300, 60, 312, 84, "3", 0.99),
        b(470, 60, 482, 84, "1", 0.3),
        b(500, 60, 512, 84, "7", 0.99),
    ]
    table = _read_ocr._unruled_rows(page, [row1, row2], 0)
    assert [c.text for c in table.rows[0]] == ["规章", "0", "5"]
    assert [c.text for c in table.rows[1]] == ["行政规范性文件", "3", _read_ocr.UNREAD]


def test_table_four_with_a_cell_ocr_could_not_read_keeps_its_other_cells(
    fixtures: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 20 §1: table 四 is read as one row of 15 values; a cell with writing OCR could not read ("?", at
    # confidence 0) left the table unread whole (table-not-read), 14 good cells lost. The row's cells were
    # placed by the scan (a ruled grid, or the header's columns), so the others are read by their positions.
    # tab-rows-2021.txt's table 四: 2 1 0 1 4 | 1 0 0 0 1 | 0 0 0 0 0; its fourth cell (review, pending) unread
    parsed = _as_scan(fixtures, monkeypatch, {"2|3": (_read_ocr.UNREAD, 0.0)})
    appeals = parsed.report.appeals
    assert (appeals.review.upheld, appeals.review.corrected, appeals.review.other) == (2, 1, 0)
    assert (appeals.review.pending, appeals.review.total) == (None, 4)
    assert (appeals.litigation_direct.upheld, appeals.litigation_direct.total) == (1, 1)
    assert appeals.litigation_after_review.total == 0
    (unread,) = [d for d in parsed.diagnostics if d.code == "ocr-cell-unread"]
    assert unread.cells == ("appeals.review.pending",)
    assert not [d for d in parsed.diagnostics if d.code == "table-not-read"]
    assert _identity_errors(parsed) == []  # the review's sum is not checkable, never blamed on the report
    # two cells unread: both named, the other thirteen read
    parsed = _as_scan(fixtures, monkeypatch, {"2|3": (_read_ocr.UNREAD, 0.0), "2|14": (_read_ocr.UNREAD, 0.0)})
    (unread,) = [d for d in parsed.diagnostics if d.code == "ocr-cell-unread"]
    assert unread.cells == ("appeals.review.pending", "appeals.litigation_after_review.total")
    assert parsed.report.appeals.litigation_after_review.pending == 0
    assert _identity_errors(parsed) == []
    # a "?" that is text (read at a confidence, a character of the page) is no unread cell: the table stays unread
    parsed = _as_scan(fixtures, monkeypatch, {"2|3": ("?", 0.97)})
    assert parsed.report.appeals.review.upheld is None
    assert [d for d in parsed.diagnostics if d.code == "table-not-read"]
    # a row of fourteen cells and an unread one is not a row of fifteen: positions unknown, unread
    parsed = _as_scan(fixtures, monkeypatch, {"2|3": (_read_ocr.UNREAD, 0.0), "2|4": ("4 1", 0.97)})
    assert parsed.report.appeals.review.upheld is None


def test_table_four_without_rules_is_placed_by_its_columns_pitch() -> None:
    # Issue 20 §1, github-012 printed without rules (or faint ones a scan washed out): table 四's one row of
    # values, "0 0 0 1 1 0 …", came back from the detector as 13 zeros, its thin 1s not boxed: 13 values for
    # 15 columns, a line of prose, the table lost. Its columns are printed evenly: with the first and last
    # values fourteen pitches apart and every other on a column between, the two empty columns are certain,
    # and read again from their ink.
    import numpy as np

    b = _read_ocr._Box
    pitch, x0, y = 98.0, 100.0, 1620.0
    values = {k: "0" for k in range(15) if k not in (3, 4)}
    line = [b(x0 + k * pitch - 8, y, x0 + k * pitch + 8, y + 30, t, 0.99) for k, t in values.items()]
    ink = np.zeros((2000, 1600), np.uint8)
    for k in (3, 4):  # the 1s' ink, which the detector did not box
        ink[int(y) + 3 : int(y) + 27, int(x0 + k * pitch) - 2 : int(x0 + k * pitch) + 3] = 255
    asked: list[Any] = []

    def reread(rects: Any) -> list[tuple[str, float]]:
        asked.extend(rects)
        return [("1", 0.98)] * len(rects)

    page = _read_ocr._Page(1, 1.0, ink=ink, scale=2.0)
    table = _read_ocr._appeals_row(page, line, 0, reread)
    assert table is not None
    assert [c.text for c in table.rows[0]] == ["0", "0", "0", "1", "1", *["0"] * 10]
    assert len(asked) == 2
    assert all(r[0] < x0 + k * pitch < r[2] for r, k in zip(asked, (3, 4), strict=True))
    # writing that cannot be read as a number is unread, never a printed blank; no writing is a printed blank
    table = _read_ocr._appeals_row(page, line, 0, lambda rects: [("", 0.0)] * len(rects))
    assert table is not None
    assert [c.text for c in table.rows[0]][3:5] == [_read_ocr.UNREAD] * 2
    assert table.rows[0][3].loc.confidence == 0.0
    blank = _read_ocr._Page(1, 1.0, ink=np.zeros_like(ink), scale=2.0)
    table = _read_ocr._appeals_row(blank, line, 0, reread)
    assert table is not None
    assert [c.text for c in table.rows[0]][3:5] == [" ", " "]
    # a ruled piece over an empty column took its writing out of the ink: unread, not a blank
    ruled = _read_ocr._Page(1, 1.0, ink=np.zeros_like(ink), scale=2.0, grids=[(370, 1600, 520, 1660)])
    table = _read_ocr._appeals_row(ruled, line, 0, reread)
    assert table is not None
    assert [c.text for c in table.rows[0]][3:5] == [_read_ocr.UNREAD] * 2
    # the first value lost too (github-012, a phone photo): its values span thirteen pitches; the fifteenth
    # column is the end where the page has writing when the other has none, else where the row starts is
    # not known, and it is not placed
    first_lost = line[1:]
    ink[int(y) + 3 : int(y) + 27, int(x0) - 5 : int(x0) + 5] = 255  # the lost first value's ink
    asked.clear()
    table = _read_ocr._appeals_row(page, first_lost, 0, reread)
    assert table is not None
    assert [c.text for c in table.rows[0]] == ["1", "0", "0", "1", "1", *["0"] * 10]
    assert len(asked) == 3
    ink[int(y) + 3 : int(y) + 27, int(x0 + 15 * pitch) - 5 : int(x0 + 15 * pitch) + 5] = 255  # writing at both ends
    assert _read_ocr._appeals_row(page, first_lost, 0, reread) is None
    ink[int(y) + 3 : int(y) + 27, int(x0) - 5 : int(x0) + 5] = 0  # writing after the last value only: a shift
    table = _read_ocr._appeals_row(page, first_lost, 0, reread)
    assert table is not None
    assert [c.text for c in table.rows[0]][:3] == ["0", "0", "1"]
    ink[int(y) + 3 : int(y) + 27, int(x0 + 15 * pitch) - 5 : int(x0 + 15 * pitch) + 5] = 0
    assert _read_ocr._appeals_row(page, first_lost, 0, reread) is None  # no writing at either end
    # not certain, not placed: a value off the columns, or two values on one column
    off = [*line[:5], _shifted(line[5], 30.0), *line[6:]]
    assert _read_ocr._appeals_row(page, off, 0, reread) is None
    two = [*line, b(x0 + 2 * pitch + 20, y, x0 + 2 * pitch + 36, y + 30, "5", 0.99)]
    assert _read_ocr._appeals_row(page, two, 0, reread) is None
    # in a page's lines: below table 四's header, one row of values is the table (not a line of prose)
    header = [b(100, 1500, 460, 1530, "行政复议", 0.99), b(560, 1500, 900, 1530, "行政诉讼", 0.99)]
    page = _read_ocr._Page(1, 1.0, ink=ink, scale=2.0)
    _read_ocr._text_blocks(page, [*header, *line], 2000.0, 0, reread)
    (table,) = [blk for _, blk in page.items if isinstance(blk, Table)]
    assert [c.text for c in table.rows[0]][:6] == ["0", "0", "0", "1", "1", "0"]


def test_table_four_printed_with_uneven_columns_is_placed_by_its_pieces_of_writing() -> None:
    # Issue 20 §1, github-013 printed without rules: table 四's first column (结果维持 on one line) is wider
    # than the fourteen others (their headings stacked on two lines), so its values stand at no even
    # pitch, and the detector lost "2" and "1" ("1 3 7 0 0 0 0 0 13 2 4 0 19"): 13 values, the table lost.
    # Its values are the pieces of writing on the row's line where the header spans, apart by more than
    # half a line of blank: exactly fifteen pieces, every value found in one, no two in one, place them;
    # a piece where no value was found is read again on its own.
    import numpy as np

    b = _read_ocr._Box
    y = 1620
    lefts = [100, 250, 330, 410, 490, 570, 650, 730, 810, 890, 970, 1050, 1130, 1210, 1290]  # the first wider
    texts = ["2", "1", "3", "1", "7", "0", "0", "0", "0", "0", "13", "2", "4", "0", "19"]
    ink = np.zeros((2000, 1600), np.uint8)
    boxes = []
    for k, (x, t) in enumerate(zip(lefts, texts, strict=True)):
        w = 12 * len(t)
        ink[y + 3 : y + 27, x : x + w] = 255
        if k not in (0, 3):  # the detector lost the first "2" and the "1" under 尚未审结
            boxes.append(b(x - 2, y, x + w + 2, y + 30, t, 0.99))
    header = [
        [b(100, 1500, 190, 1530, "行政复议", 0.99), b(560, 1500, 650, 1530, "行政诉讼", 0.99)],
        [b(100, 1560, 200, 1590, "结果维持", 0.99), b(250, 1545, 1320, 1590, "结果 其他 尚未 总计", 0.99)],
    ]
    asked: list[Any] = []

    def reread(rects: Any) -> list[tuple[str, float]]:
        asked.extend(rects)
        return [(texts[0 if r[0] < 200 else 3], 0.97) for r in rects]

    page = _read_ocr._Page(1, 1.0, ink=ink, scale=2.0)
    assert _read_ocr._appeals_row(page, boxes, 0, reread) is None  # no header: not placed (no even pitch)
    table = _read_ocr._appeals_row(page, boxes, 0, reread, header)
    assert table is not None
    assert [c.text for c in table.rows[0]] == texts
    assert len(asked) == 2
    assert asked[0][0] < 100 < asked[0][2]
    assert asked[1][0] < 410 < asked[1][2]
    # writing that does not read as a number: unread, never a blank
    table = _read_ocr._appeals_row(page, boxes, 0, lambda rects: [("", 0.0)] * len(rects), header)
    assert table is not None
    assert [table.rows[0][k].text for k in (0, 3)] == [_read_ocr.UNREAD] * 2
    # grain is no piece of writing
    specks = ink.copy()
    specks[y + 10 : y + 12, 1400:1402] = 255
    table = _read_ocr._appeals_row(_read_ocr._Page(1, 1.0, ink=specks, scale=2.0), boxes, 0, reread, header)
    assert table is not None
    assert [c.text for c in table.rows[0]] == texts
    # not certain, not placed: a sixteenth piece of writing, or one piece fewer (a blank cell: where the
    # others stand is then not known)
    more = ink.copy()
    more[y + 3 : y + 27, 1336:1346] = 255  # (where the header spans)
    assert _read_ocr._appeals_row(_read_ocr._Page(1, 1.0, ink=more, scale=2.0), boxes, 0, reread, header) is None
    fewer = ink.copy()
    fewer[y:, 410:430] = 0
    assert _read_ocr._appeals_row(_read_ocr._Page(1, 1.0, ink=fewer, scale=2.0), boxes, 0, reread, header) is None


def test_a_first_value_boxed_with_its_label_is_read_once() -> None:
    # Issue 20 §1, github-013 printed without rules: the detector boxed "行政规范性文件 62" as one. With no
    # column of its own, the 规章 row's lost first "0" was not read again (the row lost); on a skewed scan the
    # first column, where no value was boxed, was read again from its ink: 62, which the label kept too, and
    # the recognizer read 62 twice (62 62 33, 440 left over). A value standing apart from the label's
    # writing (a blank wider than a character) is split off; one standing closer, read again from its own
    # ink, is the value's and no longer the label's.
    import numpy as np

    b = _read_ocr._Box
    asked: list[Any] = []

    def page_for(gap: int, reading: str, boxed: bool = False) -> tuple[Any, list[list[Any]]]:
        ink = np.zeros((800, 1200), np.uint8)
        ink[204:226, 20:200] = 255  # the label's writing
        ink[204:226, 200 + gap : 200 + gap + 33] = 255  # 62, boxed with the label
        ink[154:176, 200 + gap + 10 : 200 + gap + 21] = 255  # the 规章 row's first 0, which OCR lost

        def reread(rects: Any) -> list[tuple[str, float]]:
            asked.extend(rects)
            return [(reading if r[1] > 190 else "0", 0.99) for r in rects]

        zero = [b(200 + gap + 10, 150, 200 + gap + 21, 180, "0", 0.99)] if boxed else []
        lines = [
            [
                b(20, 150, 80, 180, "规章", 0.99),
                *zero,
                b(520, 150, 532, 180, "0", 0.99),
                b(720, 150, 732, 180, "0", 0.99),
            ],
            [
                b(20, 200, 200 + gap + 35, 230, "行政规范性文件62", 0.99),
                b(520, 200, 544, 230, "33", 0.99),
                b(720, 200, 756, 230, "440", 0.99),
            ],
        ]
        return _read_ocr._Page(1, 1.0, ink=ink, scale=2.0, reread=reread), lines

    page, lines = page_for(120, "62")  # apart: split where the value stands
    table = _read_ocr._unruled_rows(page, lines, 0)
    assert [[c.text for c in row] for row in table.rows] == [
        ["规章", "0", "0", "0"],
        ["行政规范性文件", "62", "33", "440"],
    ]
    # closer than a character (the 规章 row's first 0 boxed: a column there): read again, once
    page, lines = page_for(10, "62", boxed=True)
    assert [c.text for c in _read_ocr._unruled_rows(page, lines, 0).rows[1]] == ["行政规范性文件", "62", "33", "440"]
    # read again as another number: the label is left as read (what it holds is not known)
    page, lines = page_for(10, "52", boxed=True)
    assert _read_ocr._unruled_rows(page, lines, 0).rows[1][0].text == "行政规范性文件62"


def _shifted(box: Any, dx: float) -> Any:
    import attrs

    return attrs.evolve(box, x0=box.x0 + dx, x1=box.x1 + dx)


def test_a_table_without_rules_continued_on_the_next_page_keeps_its_columns() -> None:
    # Issue 20 §1, github-012 printed without rules: table 三 runs on over the page break without its header;
    # the columns read from the header on the page before were not carried, so the next page's rows (numbers
    # under 自然人 and 总计 only) had two values for seven columns and were left unread (row-short). They are
    # carried when the two pages are of one width and their margins agree (one render, one scale).
    import attrs
    import numpy as np

    b = _read_ocr._Box
    ink, header, rows = _header_page()
    first = _read_ocr._Page(1, 1.0, ink=ink, scale=2.0)
    rows[0] = [b(20, 150, 250, 180, "一、本年新收申请", 0.99), *rows[0][1:]]  # the page's margin: 20
    carry = _read_ocr._Carry()
    _read_ocr._text_blocks(first, [x for line in (*header, *rows) for x in line], 2000.0, 0, None, carry, 1100.0)
    assert len(carry.bands) == 7

    def next_page(carry: Any, width: float = 1100.0, dx: float = 0.0) -> list[list[str]]:
        boxes = []
        page_ink = np.zeros((600, 1100), np.uint8)
        for r, (label, y) in enumerate((("1.属于国家秘密", 40), ("2.其他法律行政法规禁止公开", 90))):
            boxes.append(b(20 + dx, y, 250 + dx, y + 30, label, 0.99))
            for k in (0, 6):
                x = 350 + 100 * k + dx
                page_ink[y + 4 : y + 26, int(x) : int(x) + 11] = 255
                boxes.append(b(x, y, x + 11, y + 30, str(r + k), 0.99))
        page = _read_ocr._Page(2, 1.0, ink=page_ink, scale=2.0)
        _read_ocr._text_blocks(page, boxes, 2000.0, 1, None, carry, width)
        (table,) = [blk for _, blk in page.items if isinstance(blk, Table)]
        return [[c.text for c in row] for row in table.rows]

    assert next_page(attrs.evolve(carry)) == [
        ["1.属于国家秘密", "0", " ", " ", " ", " ", " ", "6"],
        ["2.其他法律行政法规禁止公开", "1", " ", " ", " ", " ", " ", "7"],
    ]
    # another width (another render, or a photo straightened to another size), or another margin: not carried
    assert [len(row) for row in next_page(attrs.evolve(carry), width=1200.0)] == [3, 3]
    assert [len(row) for row in next_page(attrs.evolve(carry), dx=40.0)] == [3, 3]
    # photos straightened to their pages' edges: each page its own size, a column at the same fraction of it
    photo = attrs.evolve(carry, photo=True)

    def next_photo(width: float, scale: float, dx: float = 0.0) -> list[int]:
        boxes = []
        page_ink = np.zeros((600, 1400), np.uint8)
        for r, (label, y) in enumerate((("1.属于国家秘密", 40), ("2.其他法律行政法规禁止公开", 90))):
            boxes.append(b(20 * scale + dx, y, 250 * scale + dx, y + 30, label, 0.99))
            for k in (0, 6):
                x = (350 + 100 * k) * scale + dx
                page_ink[y + 4 : y + 26, int(x) : int(x) + 11] = 255
                boxes.append(b(x, y, x + 11, y + 30, str(r + k), 0.99))
        page = _read_ocr._Page(2, 1.0, ink=page_ink, scale=2.0, photo=True)
        _read_ocr._text_blocks(page, boxes, 2000.0, 1, None, attrs.evolve(photo), width)
        (table,) = [blk for _, blk in page.items if isinstance(blk, Table)]
        return [len(row) for row in table.rows]

    assert next_photo(1210.0, 1.1) == [8, 8]
    assert next_photo(1210.0, 1.1, dx=40.0) == [3, 3]  # its margin elsewhere: not the same place on the paper
    # nor past table 四's header, nor from a page whose table ended before lines of prose
    page = _read_ocr._Page(1, 1.0, ink=ink, scale=2.0)
    words = [[b(20, 300 + 40 * i, 900, 330 + 40 * i, t, 0.99)] for i, t in enumerate(("四、行政复议、行政诉讼情况",))]
    after = _read_ocr._Carry()
    _read_ocr._text_blocks(page, [x for line in (*header, *rows, *words) for x in line], 2000.0, 0, None, after, 1100.0)
    assert after.bands == []
    page = _read_ocr._Page(1, 1.0, ink=ink, scale=2.0)
    prose = [[b(20, 300 + 40 * i, 900, 330 + 40 * i, f"第{i}行文字说明", 0.99)] for i in range(3)]
    after = _read_ocr._Carry()
    _read_ocr._text_blocks(page, [x for line in (*header, *rows, *prose) for x in line], 2000.0, 0, None, after, 1100.0)
    assert after.bands == []


def test_a_label_and_its_value_boxed_as_one_are_split_where_the_value_stands() -> None:
    # Issue 20 §1, github-012 printed without rules: OCR boxed a row's label with its first value,
    # "4.保护第三方合法权益0", then "0" under 总计: one number, a line of prose, the row lost. A label (or a line of
    # one) followed by a count whose place (measured on the ink) stands in a column whose heading was seen is
    # split there; anything else is left as it was read.
    b = _read_ocr._Box
    ink, header, rows = _header_page()
    y = 300

    def read(text: str, x: float = 350.0) -> list[list[str]]:
        page_ink = ink.copy()
        page_ink[y + 4 : y + 26, 20:240] = 255  # the label's writing
        page_ink[y + 4 : y + 26, int(x) : int(x) + 11] = 255  # the glued value
        page_ink[y + 4 : y + 26, 950:961] = 255
        line = [b(10, y, x + 11, y + 30, text, 0.99), b(950, y, 961, y + 30, "0", 0.99)]
        page = _read_ocr._Page(1, 1.0, ink=page_ink, scale=2.0)
        _read_ocr._text_blocks(page, [x for ln in (*header, *rows, line) for x in ln], 2000.0, 0)
        tables = [blk for _, blk in page.items if isinstance(blk, Table)]
        return [[c.text for c in row] for t in tables for row in t.rows]

    got = read("4.保护第三方合法权益0")
    assert got[-1] == ["4.保护第三方合法权益", "0", " ", " ", " ", " ", " ", "0"]
    assert read("3.危及“三安全一稳定”0")[-1][:2] == ["3.危及“三安全一稳定”", "0"]
    # the line of a label wrapped onto three lines that holds its values (1.申请人无正当理由逾期 / 不补正、行政机关不再
    # 处0 0 / 理其政府信息公开申请; github-012 without rules lost the row): the value's place is what tells
    assert read("不补正、行政机关不再处0")[-1][:2] == ["不补正、行政机关不再处", "0"]
    # a generic label without its ordinal (其他: also a column's heading), or a value whose place is in a
    # column whose heading was not seen: not split
    for text, x in (("其他0", 350.0), ("4.保护第三方合法权益0", 650.0), ("不补正、行政机关不再处0", 650.0)):
        assert len(read(text, x)) == 3, text
    # a value read with a speck of grain beside it ("0."), in a column whose heading was seen: the value
    page = _read_ocr._Page(1, 1.0, ink=ink, scale=2.0)
    line = [
        b(10, y, 200, y + 30, "3.其他", 0.99),
        b(350, y, 366, y + 30, "0.", 0.86),
        b(950, y, 961, y + 30, "0", 0.99),
    ]
    _read_ocr._text_blocks(page, [x for ln in (*header, *rows, line) for x in ln], 2000.0, 0)
    tables = [blk for _, blk in page.items if isinstance(blk, Table)]
    assert [c.text for c in tables[-1].rows[-1]] == ["3.其他", "0", " ", " ", " ", " ", " ", "0"]
    assert tables[-1].rows[-1][1].loc.confidence == 0.86
    # not in a column whose bounds are not certain
    line[1] = b(650, y, 666, y + 30, "0.", 0.86)
    page = _read_ocr._Page(1, 1.0, ink=ink, scale=2.0)
    _read_ocr._text_blocks(page, [x for ln in (*header, *rows, line) for x in ln], 2000.0, 0)
    assert len([blk for _, blk in page.items if isinstance(blk, Table)]) == 1


def test_a_value_the_detector_missed_in_a_certain_column_is_read_again_from_its_ink() -> None:
    # Issue 20 §3, a phone photo of a report printed with faint rules: zeros the detector did not box beside
    # pieces of the washed-out rules left their cells unread ("?"). In a column whose bounds are certain the
    # cell's ink is read again; a reading an upright stroke could give (1, 7: a piece of a rule, unless it
    # stands alone as high as the row's digits) or an unsure one is not taken, and the cell stays unread.
    ink, header, rows = _header_page(first_row=(0, 1, 2, 4, 6))
    ink[204:226, 655:666] = 255  # writing in column 3 of the second row, no box
    asked: list[Any] = []

    def table(read: tuple[str, float]) -> list[str]:
        page = _read_ocr._Page(1, 1.0, ink=ink, scale=2.0)
        page.reread = lambda rects: asked.extend(rects) or [read] * len(rects)
        bands = _read_ocr._header_bands(page, header, rows)
        return [c.text for c in _read_ocr._unruled_rows(page, rows, 0, bands).rows[1]]

    assert table(("0", 0.95)) == ["第2行", "3", " ", " ", "0", " ", " ", "9"]
    assert len(asked) == 1
    assert asked[0][0] <= 655
    assert asked[0][2] >= 666
    for doubtful in (("0", 0.5), ("o0", 0.99), ("00000", 0.99)):
        assert table(doubtful)[4] == _read_ocr.UNREAD, doubtful
    # A lone 1 or 7 as high as the row's digits, with no writing above or below it, is a digit (github-012
    # without rules: table 四's two 1s were left unread); writing that runs on past the row's line is a piece
    # of a rule, which reads as 1 too: unread.
    assert table(("1", 0.99))[4] == "1"
    assert table(("7", 0.99))[4] == "7"
    ink[170:260, 660:662] = 255  # a piece of a rule through the cell
    for doubtful in (("1", 0.99), ("7", 0.99)):
        assert table(doubtful)[4] == _read_ocr.UNREAD, doubtful
    # without a way to read again (or in a column whose bounds are not certain): unread, as before
    page = _read_ocr._Page(1, 1.0, ink=ink, scale=2.0)
    bands = _read_ocr._header_bands(page, header, rows)
    assert [c.text for c in _read_ocr._unruled_rows(page, rows, 0, bands).rows[1]][4] == _read_ocr.UNREAD


def test_rows_cut_off_by_many_lines_of_label_pieces_take_their_tables_columns() -> None:
    # github-012 printed without rules, harsh scan: table 三's last rows (3.其他, （七）总计, 四、结转…) stood nine
    # lines of wrapped label pieces and lone values below the rows that last used the columns, and lost them
    # (8 lines was the bound). Up to NEAR_LINES lines of words the columns are taken (the numbers must still
    # stand in them); past them, or across table 四's header, they are not.
    b = _read_ocr._Box
    ink, header, rows = _header_page()

    def tables(n_words: int) -> list[int]:
        words = [[b(20, 300 + 10 * i, 300, 308 + 10 * i, f"标签的一段{i}", 0.99)] for i in range(n_words)]
        y = 320 + 10 * n_words
        late = [b(10, y, 250, y + 30, "（七）总计", 0.99), b(350, y, 372, y + 30, "26", 0.99)]
        late.append(b(950, y, 972, y + 30, "26", 0.99))
        page_ink = ink.copy()
        for x in (350, 950):
            page_ink[y + 4 : y + 26, x : x + 22] = 255
        page = _read_ocr._Page(1, 1.0, ink=page_ink, scale=2.0)
        _read_ocr._text_blocks(page, [x for ln in (*header, *rows, *words, late) for x in ln], 3000.0, 0)
        return [len(blk.rows[0]) for _, blk in page.items if isinstance(blk, Table)]

    assert tables(_read_ocr.NEAR_LINES) == [8, 8]
    assert tables(_read_ocr.NEAR_LINES + 1) == [8]  # one row alone, no columns: a line of text


def test_pieces_of_a_group_cell_glued_to_row_labels_are_the_groups_cell() -> None:
    # Issue 20, github-012 printed without rules (or with faint ones washed out): table 三's group cell
    # 三、本年度办理结果 stands on three lines in a column of its own, and OCR boxed each line with the row label
    # beside it ("三、本（一）予以公开", "年度办（二）部分公开"); the next row's "年度" after （一）'s last value read
    # as a date ("26⏎年度") and （一）'s row was lost in every variant. The pieces are cut off where the writing
    # has a blank (the cells' margins), read again, and joined as the group's cell of the first row; a label
    # spanning the label columns (一、本年新收…) has no blank there and is left whole. Values are untouched.
    import numpy as np

    n = 30.0
    ink = np.zeros((400, 1000), np.uint8)

    def write(x0: float, x1: float, y: float) -> None:  # characters 20 pixels wide, 3 apart
        for x in range(int(x0), int(x1) - 19, 23):
            ink[int(y) : int(y + n), x : x + 20] = 255

    rows = [
        (100.0, [(10.0, 400.0, "一、本年新收政府信息公开申请数量")], "26"),
        (140.0, [(10.0, 79.0, "三、本"), (110.0, 271.0, "（一）予以公开")], "26"),
        (180.0, [(10.0, 79.0, "年度办"), (110.0, 340.0, "（二）部分公开")], "0"),
        (220.0, [(200.0, 400.0, "1.属于国家秘密")], "0"),
    ]
    boxes = []
    for y, pieces, value in rows:
        for x0, x1, _ in pieces:
            write(x0, x1, y)
        text = "".join(t for _, _, t in pieces)
        boxes.append(_read_ocr._Box(pieces[0][0], y, pieces[-1][1], y + n, text, 0.95))  # one box for all
        boxes += [_read_ocr._Box(500, y, 520, y + n, value, 0.99), _read_ocr._Box(900, y, 920, y + n, value, 0.99)]
    read_again: list[tuple[float, float]] = []

    def reread(rects: Any) -> list[tuple[str, float]]:
        out = []
        for x0, y0, x1, _ in rects:
            read_again.append((x0, x1))
            pieces = next(p for y, p, _ in rows if y == y0)
            out.append(("".join(t for a, b, t in pieces if x0 - 5 <= a and b <= x1 + 5), 0.97))
        return out

    page = _read_ocr._Page(1, 1.0, ink=ink, reread=reread)
    _read_ocr._text_blocks(page, boxes, 2000.0, 0)
    (table,) = [blk for _, blk in page.items if isinstance(blk, Table)]
    assert [[c.text for c in row] for row in table.rows] == [
        ["一、本年新收政府信息公开申请数量", "26", "26"],
        ["三、本年度办 （一）予以公开", "26", "26"],  # the group cell's first two lines
        ["（二）部分公开", "0", "0"],
        ["1.属于国家秘密", "0", "0"],
    ]
    assert all(x1 < 110 or x0 > 79 for x0, x1 in read_again)  # cut in the blank between the cells


def test_a_bracketed_ordinal_that_lost_its_opening_bracket_is_read_whole() -> None:
    # Issue 20, h2-002's PDF, harsh scan at 150 dpi: the grid cell "（七）总计" read as "七）总计"; 总计 is a row
    # label only with its ordinal, and table 三's total row (7 cells) was lost. A Chinese numeral and a closing
    # bracket at a cell's start are a bracketed ordinal.
    def box(text: str) -> Any:
        return _read_ocr._Box(0, 0, 100, 30, text, 0.9)

    assert _read_ocr._cell_text([box("七）总计")])[0] == "（七）总计"
    assert _read_ocr._cell_text([box("（七）总计")])[0] == "（七）总计"
    assert _read_ocr._cell_text([box("三、本年度办理结果")])[0] == "三、本年度办理结果"
    page = _read_ocr._Page(1, 1.0)
    assert _read_ocr._label_cell(page, [box("三）不予公开")], 0, 0).text == "（三）不予公开"


def test_a_line_with_one_value_in_a_certain_column_reads_the_others_from_their_ink() -> None:
    # Issue 20, github-012 printed with faint rules, harsh scan: the detector boxed a row's first value and not
    # its 总计 ("3.要求提供公开出版物 0"), a line of prose, and the row was lost (several rows a page). With the
    # table's columns known, the other columns whose heading was seen are read again from their ink; the line
    # is a row when each with writing reads surely as a number, and is left as read otherwise.
    b = _read_ocr._Box
    ink, header, rows = _header_page()
    y = 300
    ink[y + 4 : y + 26, 350:361] = 255  # the value boxed
    ink[y + 4 : y + 26, 950:961] = 255  # the 总计 the detector missed
    line = [b(10, y, 250, y + 30, "3.要求提供公开出版物", 0.99), b(350, y, 361, y + 30, "0.", 0.9)]

    def read(got: tuple[str, float]) -> list[list[str]]:
        page = _read_ocr._Page(1, 1.0, ink=ink, scale=2.0)
        page.reread = lambda rects: [got] * len(rects)
        _read_ocr._text_blocks(page, [x for ln in (*header, *rows, line) for x in ln], 2000.0, 0)
        return [[c.text for c in row] for _, t in page.items if isinstance(t, Table) for row in t.rows]

    assert read(("0", 0.95))[-1] == ["3.要求提供公开出版物", "0", " ", " ", " ", " ", " ", "0"]
    for doubtful in (("0", 0.5), ("8o", 0.99), ("", 0.0)):
        assert len(read(doubtful)) == 3, doubtful  # unsure: the line stays a line of text
    ink[y + 4 : y + 26, 950:961] = 0  # no writing to read: nothing gained, left as read
    assert len(read(("0", 0.95))) == 3


def test_a_label_ocr_misread_by_a_character_or_two_is_read_by_its_ordinal_and_place(
    fixtures: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 20, h2-002's PDF, harsh scan and phone photo at 150 dpi: the grid cell "（一）予以公开" read as
    # "（一）子以公开" (a label of four characters: no edit tolerated in text), "4.无正当理由大量反复申请" as
    # "4无正当理山大星反复中请" (three edits), and both rows were lost. Read by OCR, a label within a character
    # or two (three in ten) is its row's when its ordinal is the row's, it stands between the rows before and
    # after it, and no other row's label is as near; marked fuzzy and named.
    granted = ("三、本年度办理结果|1", "（一）子以公开")
    excessive = ("4.无正当理由大量反复申请|0", "4无正当理山大星反复中请")
    parsed = _as_scan(fixtures, monkeypatch, {k: (v, 0.9) for k, v in (granted, excessive)})
    requests = parsed.report.requests
    assert requests.granted.natural_person == 9
    assert requests.granted.total == 11
    assert requests.not_processed.excessive.total == 0
    fuzzy = {c for d in parsed.diagnostics if d.code == "fuzzy-label" for c in d.cells}
    assert {"requests.granted.total", "requests.not_processed.excessive.total"} <= fuzzy
    assert parsed.provenance["requests.granted.total"].fuzzy
    assert _identity_errors(parsed) == []
    # Without its ordinal, or with another row's, the label is not taken: the row stays unread
    for printed in ("子以公开", "（二）子以公开"):
        parsed = _as_scan(fixtures, monkeypatch, {granted[0]: (printed, 0.9)})
        assert parsed.report.requests.granted.total is None, printed
        assert _identity_errors(parsed) == []
    # Out of its place (between rows 3. and 5. of 不予公开) a cell so read is no label of that row
    parsed = _as_scan(
        fixtures, monkeypatch, {granted[0]: ("（一）子以公开", 0.9), "4.保护第三方合法权益|0": ("（一）于以公开", 0.9)}
    )
    assert parsed.report.requests.granted.total == 11
    assert parsed.report.requests.withheld.third_party.total is None
    assert _identity_errors(parsed) == []
    # Two cells between the rows around it that could be it: neither is taken
    parsed = _as_scan(
        fixtures, monkeypatch, {granted[0]: ("（一）子以公开", 0.9), "三、本年度办理结果|0": ("（一）于以公开", 0.9)}
    )
    assert parsed.report.requests.granted.total is None
    assert _identity_errors(parsed) == []
    # A text report printing the same misreading is read as before: no near-miss label of four characters
    text = (fixtures / "tab-rows-2021.txt").read_text(encoding="utf-8").replace("（一）予以公开", "（一）子以公开")
    assert gd.parse_text(text).report.requests.granted.total is None


def test_a_value_alone_between_the_lines_of_its_wrapped_label_is_a_row() -> None:
    # Issue 20, github-012 printed with faint rules and with none, harsh scans: a row whose label wraps onto a
    # line above and one below its values, the detector having boxed its first value only ("4.无正当理由大量反复申
    # / 0 / 请", its 总计 lost): three lines of text, the row lost. The value's line takes its label's lines as a
    # row's line does, and its other columns are read again from their ink (as "3.要求提供公开出版物 0" is).
    b = _read_ocr._Box
    ink, header, rows = _header_page()
    y = 310
    ink[y + 4 : y + 26, 350:361] = 255  # the value boxed
    ink[y + 4 : y + 26, 950:961] = 255  # the 总计 the detector missed

    def read(above: str, below: str) -> list[list[str]]:
        lines = [[b(10, y - 25, 250, y + 5, above, 0.99)], [b(350, y, 361, y + 30, "0", 0.9)]]
        lines.append([b(10, y + 25, 250, y + 55, below, 0.99)])
        nxt = [b(10, y + 80, 250, y + 110, "5.要求行政机关确认或重新出具已获取信息", 0.99)]
        lines.append([*nxt, b(350, y + 80, 361, y + 110, "0", 0.99), b(950, y + 80, 961, y + 110, "0", 0.99)])
        page = _read_ocr._Page(1, 1.0, ink=ink, scale=2.0)
        page.reread = lambda rects: [("0", 0.95)] * len(rects)
        _read_ocr._text_blocks(page, [x for ln in (*header, *rows, *lines) for x in ln], 2000.0, 0)
        return [[c.text for c in row] for _, t in page.items if isinstance(t, Table) for row in t.rows]

    got = read("4.无正当理由大量反复申", "请")
    assert got[-2] == ["4.无正当理由大量反复申请", "0", " ", " ", " ", " ", " ", "0"]
    assert got[-1][0] == "5.要求行政机关确认或重新出具已获取信息"
    # two labels' starts around one value (a row whose values were all lost is one of them): neither is its label
    got = read("3.要求提供公开出版物", "4.无正当理由大量反复申请")
    assert [row[0][:1] for row in got] == ["第", "第", "第", "5"]


def _blocks(ink: Any, lines: list[list[Any]], reread: tuple[str, float] = ("0", 0.95)) -> list[Any]:
    page = _read_ocr._Page(1, 1.0, ink=ink, scale=2.0)
    page.reread = lambda rects: [reread] * len(rects)
    _read_ocr._text_blocks(page, [x for ln in lines for x in ln], 2000.0, 0)
    return [blk for _, blk in sorted(page.items, key=lambda item: item[0])]


def test_a_row_never_takes_the_label_of_a_row_whose_values_were_lost() -> None:
    # Issue 20, github-012 printed with faint rules, harsh scan: "8.属于行政查询事项 0 0", then the two lines of
    # "1.本机关不掌握相关政府 / 信息", whose values the detector lost: the first line, nearer to row 8's values,
    # was folded into its label, and the recognizer gave row 8's values to row 1 (the label nearest before
    # them). A row takes no lines of words that would give it a second row's label.
    b = _read_ocr._Box
    ink, header, rows = _header_page()
    row8 = [b(10, 300, 250, 330, "8.属于行政查询事项", 0.99), b(350, 300, 361, 330, "0", 0.99)]
    row8.append(b(950, 300, 961, 330, "0", 0.99))
    words = [[b(10, 330, 250, 360, "1.本机关不掌握相关政府", 0.99)], [b(10, 390, 100, 420, "信息", 0.99)]]
    row2 = [b(10, 450, 250, 480, "2.没有现成信息需要另行制作", 0.99), b(350, 450, 361, 480, "0", 0.99)]
    row2.append(b(950, 450, 961, 480, "0", 0.99))
    blocks = _blocks(ink, [*header, *rows, row8, *words, row2])
    labels = [row[0].text for t in blocks if isinstance(t, Table) for row in t.rows]
    assert labels[-2] == "8.属于行政查询事项"
    assert labels[-1].endswith("2.没有现成信息需要另行制作")
    assert "1.本机关不掌握相关政府" in [p.text for p in blocks if isinstance(p, Paragraph)]


def test_a_label_line_glued_to_the_one_value_read_has_its_other_values_read_from_their_ink() -> None:
    # Issue 20, github-012 harsh scans: "1.申请人无正当理由逾期 / 不补正、行政机关不再处0 / 理其政府信息公开申请", the
    # row's first value boxed with its label's middle line and its 总计 lost: split where the value stands (as
    # when the 总计 was read) and the other columns read again from their ink, one row.
    b = _read_ocr._Box
    ink, header, rows = _header_page()
    y = 320
    ink[y + 4 : y + 26, 20:200] = 255  # the label's line
    ink[y + 4 : y + 26, 350:361] = 255  # the value boxed with it
    ink[y + 4 : y + 26, 950:961] = 255  # the 总计 the detector missed
    line = [b(10, y, 361, y + 30, "不补正、行政机关不再处0", 0.9)]
    last = [b(10, y + 80, 250, y + 110, "3.其他", 0.99), b(350, y + 80, 361, y + 110, "0", 0.99)]
    last.append(b(950, y + 80, 961, y + 110, "0", 0.99))
    blocks = _blocks(ink, [*header, *rows, line, last])
    got = [[c.text for c in row] for t in blocks if isinstance(t, Table) for row in t.rows]
    assert got[-2] == ["不补正、行政机关不再处", "0", " ", " ", " ", " ", " ", "0"]
    # a line made a row by its table's columns goes on with the rows above: one table, not one a line (a
    # group's label cut into pieces over its rows is joined only within one)
    assert len([t for t in blocks if isinstance(t, Table)]) == 1
    # the 总计 unsure: the line stays as read
    blocks = _blocks(ink, [*header, *rows, line, last], reread=("0", 0.5))
    assert "不补正、行政机关不再处0" in [p.text for p in blocks if isinstance(p, Paragraph)]


def test_a_grid_cell_merged_over_two_rows_is_split_only_where_each_digit_stands_in_its_own_cell() -> None:
    # Issue 20, h2-002's PDF, harsh scan at 150 dpi: the rules between 2.重复申请's cell and two of
    # 3.要求提供公开出版物's washed out, and the grid took the three cells for one merged cell reading "000";
    # row 3 lost two cells (its row unread) and row 2 took "000" as its 0. No printed table of the template
    # merges values over rows: each grid cell takes the digits of the box over it when its writing stands
    # inside it; otherwise every cell of the merged one is unread, never a value given to another cell.
    np = pytest.importorskip("numpy")
    cv2 = pytest.importorskip("cv2")
    xs, ys = (0, 100, 200, 300), (0, 50, 100)
    cells = [(r, c) for r in range(2) for c in range(3)]
    owner = {rc: rc for rc in cells} | {(1, 1): (0, 1), (1, 2): (0, 1)}
    span = {rc: rc for rc in cells if owner[rc] == rc} | {(0, 1): (1, 2)}
    grid = _read_ocr._Grid(xs, ys, owner, span)
    ink = np.zeros((100, 300), np.uint8)
    for x, y in ((145, 19), (145, 69), (245, 69)):  # a digit in each grid cell of the merged one
        ink[y : y + 12, x : x + 7] = 255
    b = _read_ocr._Box
    boxes = [b(140, 15, 156, 35, "0", 0.97), b(140, 65, 256, 85, "05", 0.95)]

    def parts(boxes: list[Any], ink: Any = ink) -> Any:
        return _read_ocr._merged_values(np, cv2, ink, grid, {(0, 1): boxes}, 1.0)[(0, 1)]

    assert parts(boxes) == {(0, 1): ("0", 0.97), (1, 1): ("0", 0.95), (1, 2): ("5", 0.95)}
    unread = dict.fromkeys([(0, 1), (1, 1), (1, 2)], ("?", 0.0))
    # one box over two cells of one digit: whose digit is it?
    assert parts([boxes[0], b(140, 65, 256, 85, "0", 0.95)]) == unread
    # writing running on to the line between two cells of the merged one
    across = ink.copy()
    across[69:81, 190:210] = 255
    assert parts(boxes, across) == unread
    # a merged cell within one row (table 二's value over its three columns) is left as it is
    span1 = {rc: rc for rc in cells if rc not in ((0, 2),)} | {(0, 1): (0, 2)}
    owner1 = {rc: rc for rc in cells} | {(0, 2): (0, 1)}
    one_row = _read_ocr._Grid(xs, ys, owner1, span1)
    assert _read_ocr._merged_values(np, cv2, ink, one_row, {(0, 1): boxes[:1]}, 1.0) == {}


def test_a_label_cell_merged_over_two_rows_whose_values_stand_apart_is_given_back_a_row_each() -> None:
    # Issue 20, github-013 printed with faint rules, office scans at 150 dpi: the rule between rows 一 and 二
    # washed out in the label column only, and the grid took both labels for one merged cell, read as one
    # text ("本年新收政府信息公开申请数量二、上年结转政府信息公开申请数量"); 217 … 218 went to row 二 and row 一
    # was called blank (seed 1; seed 2 the same for 2.重复申请 and 3.要求提供公开出版物). Each grid row of the
    # merged cell takes the writing that stands in it, when each row after the first opens with a row's
    # ordinal and each holds a number in a cell of its own.
    xs, ys = (0, 300, 400, 500), (0, 50, 100)
    cells = [(r, c) for r in range(2) for c in range(3)]
    owner = {rc: rc for rc in cells} | {(1, 0): (0, 0)}
    span = {rc: rc for rc in cells if owner[rc] == rc} | {(0, 0): (1, 0)}
    grid = _read_ocr._Grid(xs, ys, owner, span)
    b = _read_ocr._Box
    first, second = (
        b(10, 15, 290, 35, "本年新收政府信息公开申请数量", 0.99),
        b(10, 65, 290, 85, "二、上年结转政府信息公开申请数量", 0.99),
    )
    values = {(0, 1): [b(330, 15, 360, 35, "217", 0.99)], (0, 2): [b(430, 15, 460, 35, "218", 0.99)]}
    values |= {(1, 1): [b(340, 65, 350, 85, "0", 0.98)], (1, 2): [b(440, 65, 450, 85, "0", 0.97)]}
    assert _read_ocr._merged_labels(grid, {(0, 0): [first, second], **values}) == {(0, 0): {0: [first], 1: [second]}}
    # a group's label cut over its rows ("（三）不" / "予公开") is one cell
    group = [b(10, 15, 60, 35, "（三）不", 0.99), b(10, 65, 60, 85, "予公开", 0.99)]
    assert _read_ocr._merged_labels(grid, {(0, 0): group, **values}) == {}
    # a row of the merged cell without a number of its own (a header's wrapped line): one cell
    assert _read_ocr._merged_labels(grid, {(0, 0): [first, second], (0, 1): values[(0, 1)]}) == {}
    # a row without writing: which row the writing is cannot be told apart from a wrapped label
    assert _read_ocr._merged_labels(grid, {(0, 0): [second], **values}) == {}


def test_a_label_area_whose_rules_washed_out_over_many_rows_is_given_back_a_row_each() -> None:
    # Issue 20, github-013 printed with faint rules, phone photo at 200 dpi (seed 2): the rules of the label
    # columns lost over the whole table, the grid made one label cell of the header and 25 rows (their values
    # each in a cell of its own) and read 27 cells of 203. A merged label cell holding two rows' labels or
    # more (an ordinal of a row, not of a group), each with values of its own, is given back a row each: the
    # rows between hold a label's second line or a group's piece ("开"), and take them; a row whose writing
    # holds a number (an ordinal misread as "1", or a value astray) is unread, never a label with a value in it.
    xs, ys = (0, 300, 400, 500), tuple(range(0, 301, 50))
    cells = [(r, c) for r in range(6) for c in range(3)]
    owner = {rc: rc for rc in cells} | {(r, 0): (0, 0) for r in range(6)}
    span = {rc: rc for rc in cells if owner[rc] == rc} | {(0, 0): (5, 0)}
    grid = _read_ocr._Grid(xs, ys, owner, span)
    b = _read_ocr._Box
    header = b(10, 15, 290, 35, "（本列数据的勾稽关系为）", 0.99)
    granted = b(10, 65, 290, 85, "（一）予以公开", 0.99)
    secret = [b(10, 115, 90, 135, "（三）不予公", 0.99), b(100, 115, 290, 135, "1.属于国家秘密", 0.99)]
    law = [b(10, 165, 30, 185, "开", 0.99), b(100, 165, 290, 185, "2.其他法律行政法规禁止公开", 0.99)]
    stray = [b(10, 265, 30, 285, "1", 0.6), b(100, 265, 290, 285, "上年结转政府信息公开申请数量", 0.99)]
    values = {
        (r, c): [b(330 + 100 * (c - 1), 15 + 50 * r, 350 + 100 * (c - 1), 35 + 50 * r, "0", 0.99)]
        for r in range(1, 6)
        for c in (1, 2)
    }
    got = _read_ocr._merged_labels(grid, {(0, 0): [header, granted, *secret, *law, *stray], **values})
    assert set(got) == {(0, 0)}
    rows = {r: [x.text for x in boxes] for r, boxes in got[(0, 0)].items()}
    assert rows == {
        0: ["（本列数据的勾稽关系为）"],
        1: ["（一）予以公开"],
        2: ["（三）不予公", "1.属于国家秘密"],
        3: ["开", "2.其他法律行政法规禁止公开"],
        5: ["?"],  # row 4 has no writing of its own: the merged cell goes on there
    }
    # one row's label only (a group's cell over its rows, a label wrapped over two): one cell, as read
    assert _read_ocr._merged_labels(grid, {(0, 0): [granted, law[0]], **values}) == {}
    # a row's label whose row holds no value of its own: the values may be the merged cell's, one cell
    partial = {k: v for k, v in values.items() if k[0] != 2}
    assert _read_ocr._merged_labels(grid, {(0, 0): [header, granted, *secret, *law], **partial}) == {}


def test_a_label_area_given_back_a_row_each_writes_each_label_in_the_rows_first_column_it_owns() -> None:
    # The merged label cell of the faint phone photo is not a rectangle: in the rows of 三、本年度办理结果 its
    # first column belongs to that group's own cell. Each row's label goes in the first column the merged
    # cell owns in that row (its top-left column there would be another cell's copy: the label was lost);
    # a row with no writing of it keeps the merged cell's copy.
    np = pytest.importorskip("numpy")
    cv2 = pytest.importorskip("cv2")
    xs, ys = (0, 100, 300, 400), (0, 50, 100, 150, 200)
    cells = [(r, c) for r in range(4) for c in range(3)]
    owner = {rc: rc for rc in cells} | {(r, c): (0, 0) for r in range(4) for c in (0, 1)}
    owner |= {(2, 0): (2, 0), (3, 0): (2, 0)}  # the group's cell, in the first column of rows 2-3
    span = {rc: rc for rc in cells if owner[rc] == rc} | {(0, 0): (3, 1), (2, 0): (3, 0)}
    grid = _read_ocr._Grid(xs, ys, owner, span)
    b = _read_ocr._Box
    boxes = [
        b(10, 15, 290, 35, "一、本年新收政府信息公开申请数量", 0.99),
        b(10, 65, 290, 85, "二、上年结转政府信息公开申请数量", 0.99),
        b(10, 115, 60, 135, "三、本", 0.99),
        b(110, 115, 290, 135, "（一）予以公开", 0.99),
        *(b(340, 15 + 50 * r, 352, 35 + 50 * r, str(r + 1), 0.99) for r in range(4)),
    ]
    gray = np.full((200, 400), 255, np.uint8)
    ink = np.zeros((200, 400), np.uint8)
    page = _read_ocr._Page(1, 1.0)
    table = _read_ocr._ruled_table(np, cv2, _BlindEngine(), page, gray, ink, grid, boxes, 0, 1.0, _read_ocr._Work(1))
    got = [[(c.text, c.copy) for c in row] for row in table.rows]
    assert got == [
        [("一、本年新收政府信息公开申请数量", False), ("", True), ("1", False)],
        [("二、上年结转政府信息公开申请数量", False), ("", True), ("2", False)],
        [("三、本", False), ("（一）予以公开", False), ("3", False)],
        [("", True), ("", True), ("4", False)],
    ]


def test_a_label_a_ruling_line_cuts_into_two_cells_is_read_whole_on_a_scan(
    fixtures: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 20, github-013 printed with faint rules, phone photo: the grid found a rule inside two labels of
    # 不予公开 ("6.属于四|类过程性信息", "8.属于行|政查询事项"), and the rows were lost (named). Read by OCR, two or
    # three cells of one line, without digits, that are a row's label when read as one, with the row's
    # ordinal and in its place among the rows, are that row's label (marked fuzzy).
    parsed = _as_scan(fixtures, monkeypatch, {}, cut={"6.属于四类过程性信息": 5, "8.属于行政查询事项": 5})
    withheld = parsed.report.requests.withheld
    assert withheld.process_info.natural_person == 2
    assert withheld.process_info.total == 2
    assert withheld.admin_query.total == 0
    assert _identity_errors(parsed) == []
    # the same cut with another row's ordinal: not that row's label, the row stays unread
    parsed = _as_scan(
        fixtures,
        monkeypatch,
        {"6.属于四类过程性信息|0": ("9.属于四类过程性信息", 0.97)},
        cut={"6.属于四类过程性信息": 5},
    )
    assert parsed.report.requests.withheld.process_info.total is None
    assert _identity_errors(parsed) == []


def test_two_numbers_read_in_one_grid_cell_keep_a_space() -> None:
    # A scan's cell whose rule was lost holds two boxes, '3' and '5' (or 35 with a gap the detector
    # cut): joined as a label's pieces are, they read 35. Kept apart, the recognizer asks (as for
    # text, HTML, Word and PDF cells). A label's pieces are joined as before.
    B = _read_ocr._Box
    assert _read_ocr._cell_text([B(10, 5, 20, 25, "3", 0.99), B(40, 5, 50, 25, "5", 0.98)])[0] == "3 5"
    assert _read_ocr._cell_text([B(10, 5, 60, 25, "行政规范", 0.99), B(62, 5, 90, 25, "性文件", 0.99)])[0] == (
        "行政规范性文件"
    )
    assert _read_ocr._cell_text([B(10, 5, 30, 25, "12", 0.99)])[0] == "12"


def _right_cell(right: int, boxes: list[tuple[int, int, int, int, str]]) -> str:
    """The text a ruled table of one row, its right-hand cell from x 300 to ``right``, reads from
    ``boxes`` (x0, y0, x1, y1, text) placed in it by the detector (nothing read again from ink)."""
    import cv2
    import numpy as np

    gray = np.full((842, 600), 255, np.uint8)
    cv2.rectangle(gray, (50, 100), (right, 180), 0, 2)
    cv2.line(gray, (300, 100), (300, 180), 0, 2)
    (grid,), ink = _read_ocr._grids(np, cv2, gray, 1.0, 1)
    found = [_read_ocr._Box(*box, 0.99) for box in boxes]
    page, work = _read_ocr._Page(1, 1.0), _read_ocr._Work(1)
    table = _read_ocr._ruled_table(np, cv2, _BlindEngine(), page, gray, ink, grid, found, 0, 1.0, work)
    ((_, cell),) = table.rows
    return cell.text


def test_two_lines_in_a_wide_scanned_cell_with_room_to_spare_stay_apart() -> None:
    # A scan's cell printing '3' over '5' in a column 250 px wide: the 5 would have fitted after the 3,
    # so the line was not wrapped (two rows' values under a rule the scan lost?). Its boxes' lines were
    # run on, read 35 with no word; now kept apart (the recognizer names such a cell: below).
    assert _right_cell(550, [(410, 110, 425, 128, "3"), (410, 145, 425, 163, "5")]) == "3 5"


def test_a_number_wrapped_in_a_narrow_scanned_cell_reads_whole() -> None:
    # '12' over '08' in a cell 40 px wide, each line filling it to its padding: a wrap, one number
    assert _right_cell(340, [(303, 110, 337, 128, "12"), (303, 145, 337, 163, "08")]) == "1208"


def test_a_scanned_cell_holding_two_numbers_is_named_not_read(fixtures: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 自然人 of row 一 (printed 21) read as two numbers kept apart in its cell (as above): eight numbers
    # for the row's seven cells, which are whose not certain; the row is left unread and named
    parsed = _as_scan(fixtures, monkeypatch, {f"{NEW}|1": ("21 3", 0.97)})
    row = parsed.report.requests.new
    assert [row.natural_person, row.commercial, row.total] == [None, None, None]
    (named,) = [d for d in parsed.diagnostics if "requests.new.natural_person" in d.cells]
    assert named.code == "row-overfull"
    assert "a cell holds two numbers apart by a space" in named.message_en
