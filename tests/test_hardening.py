"""Issue 10: wrong answers about the input itself (A), resource bombs (B), and HTML fragments (issue 8).

Every bomb here is small: it shows the bound with a lowered limit in ParseOptions.
The real-size figures are measured by benchmarks/bench_adversarial.py.
"""

from __future__ import annotations

import codecs
import ctypes
import io
import json
import os
import stat
import sys
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govdisclosure as gd
from govdisclosure.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = Path(__file__).parent.parent / "examples" / "sample-2021.txt"

# A small 2021 report, numbers typed by hand.
REPORT = """示例乡2021年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第（一）项
信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数
规章 | 0 | 0 | 0
行政规范性文件 | 4 | 1 | 17
第二十条第（五）项
信息内容 | 本年处理决定数量
行政许可 | 326
"""


def _cells(parsed: gd.Parsed) -> dict[str, Any]:
    return gd.cells(parsed.report)


# ---------------------------------------------------------------- A1: a path is a path
def test_parse_text_and_parse_bytes_read_content() -> None:
    c = _cells(gd.parse_text(REPORT))
    assert (c["active.normative_docs.issued"], c["active.normative_docs.in_force"]) == (4, 17)
    c = _cells(gd.parse_bytes(REPORT.encode("gb18030"), name="x.txt"))
    assert c["active.licensing.decisions"] == 326


def test_a_str_is_always_a_path() -> None:
    with pytest.raises(gd.ParseError, match="parse_text"):
        gd.parse(REPORT)  # content given where a path belongs: never read as a report
    with pytest.raises(gd.ParseError, match="no such file"):
        gd.parse("/no/such.txt")
    with pytest.raises(gd.ParseError, match="no such file"):
        gd.parse("-")


def test_a_file_named_without_dot_or_slash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "report2021").write_text(REPORT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert _cells(gd.parse("report2021"))["active.licensing.decisions"] == 326


def test_dangling_symlink_and_loop(tmp_path: Path) -> None:
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    with pytest.raises(gd.ParseError, match="dangling"):
        gd.parse(tmp_path / "dangling.txt")
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    with pytest.raises(gd.ParseError, match="symbolic links"):
        gd.parse(str(tmp_path / "a.txt"))


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads every folder")
def test_file_in_unreadable_folder(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "r.txt").write_text(REPORT, encoding="utf-8")
    folder.chmod(0)
    try:
        with pytest.raises(gd.ParseError, match="permission denied"):
            gd.parse(folder / "r.txt")
    finally:
        folder.chmod(stat.S_IRWXU)


@pytest.mark.parametrize("args", [["check", "/no/such.txt"], ["parse", "/no/such.txt"], ["cells", "-"]])
def test_cli_missing_file_exits_2_with_reason(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "no such file" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("bad", [None, bytearray(b"abc"), memoryview(b"abc"), 42, ["a.txt"]])
def test_api_misuse_is_our_own_type_error(bad: Any) -> None:
    with pytest.raises(gd.InputTypeError, match="path") as info:
        gd.parse(bad)
    assert isinstance(info.value, TypeError)
    assert isinstance(info.value, gd.GovDisclosureError)
    with pytest.raises(gd.InputTypeError, match="str"):
        gd.parse_text(b"abc")  # type: ignore[arg-type]
    with pytest.raises(gd.InputTypeError, match="bytes"):
        gd.parse_bytes("abc")  # type: ignore[arg-type]


# ---------------------------------------------------------------- A2: not a report at all
def test_random_text_is_not_a_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "今天天气很好，我们去公园散步。\n晚上吃了饺子，看了一部电影。\n" * 20
    with pytest.raises(gd.NotAReportError, match="not a government information disclosure"):
        gd.parse_text(text)
    p = tmp_path / "diary.txt"
    p.write_text(text, encoding="utf-8")
    assert main(["check", str(p)]) == 2
    assert "not a government information disclosure" in capsys.readouterr().err


def test_big5_report_is_read_not_taken_as_gb18030_mojibake() -> None:
    text = (
        "示例鄉2021年政府信息公開工作年度報告\n"
        "一、總體情況\n本機關認真貫徹落實《中華人民共和國政府信息公開條例》，依法做好政府信息公開工作。\n"
        "二、主動公開政府信息情況\n第二十條第（一）項\n"
        "信息內容 | 本年制發件數 | 本年廢止件數 | 現行有效件數\n規章 | 0 | 0 | 0\n行政規範性文件 | 6 | 2 | 31\n"
    )
    parsed = gd.parse_bytes(text.encode("big5"))
    assert parsed.encoding is not None
    assert codecs.lookup(parsed.encoding).name in ("big5", "cp950", "big5hkscs")
    c = _cells(parsed)
    assert (c["active.normative_docs.issued"], c["active.normative_docs.repealed"]) == (6, 2)
    assert c["active.normative_docs.in_force"] == 31


def test_mojibake_that_no_candidate_fixes_is_not_a_report() -> None:
    # Rare GBK characters only: what a wrong decoding looks like, with no other reading.
    data = bytes([0x81, 0x40, 0x82, 0x41, 0x83, 0x42, 0x84, 0x43, 0x85, 0x44, 0x0A]) * 60
    with pytest.raises(gd.ParseError, match=r"mojibake|not a government"):
        gd.parse_bytes(data)


def test_a_report_with_tables_as_images_is_still_a_report() -> None:
    text = "示例乡2021年政府信息公开工作年度报告\n一、总体情况\n二、主动公开政府信息情况\n（见附图）\n"
    parsed = gd.parse_text(text)
    assert parsed.diagnostics


# ---------------------------------------------------------------- A3: UTF-16 HTML
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_html(encoding: str) -> None:
    page = (FIXTURES / "fragment-2021.html").read_text(encoding="utf-8")
    page = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=unicode"></head><body>{page}'
    c = _cells(gd.parse_bytes(page.encode(encoding)))
    assert (c["active.normative_docs.issued"], c["active.normative_docs.in_force"]) == (4, 17)


# ---------------------------------------------------------------- issue 8: HTML fragments
def test_html_fragment_with_the_table_after_many_kb_of_prose() -> None:
    data = (FIXTURES / "fragment-2021.html").read_bytes()
    assert data.index(b"<table") > 8192
    assert b"<html" not in data
    assert b"<body" not in data
    for parsed in (gd.parse(FIXTURES / "fragment-2021.html"), gd.parse_text(data.decode("utf-8"))):
        assert parsed.document is not None
        assert parsed.document.source_format == "html"
        c = _cells(parsed)
        assert c["meta.year"] == 2021
        assert (c["active.rules.issued"], c["active.rules.repealed"], c["active.rules.in_force"]) == (0, 0, 0)
        assert (c["active.normative_docs.issued"], c["active.normative_docs.repealed"]) == (4, 1)
        assert c["active.normative_docs.in_force"] == 17
        assert c["active.licensing.decisions"] == 326
        assert c["active.penalty.decisions"] == 58
        assert c["active.coercion.decisions"] == 3


def test_text_that_starts_with_an_angle_bracket_is_still_text() -> None:
    c = _cells(gd.parse_text("<示例乡>2021年政府信息公开工作年度报告\n" + REPORT))
    assert c["active.licensing.decisions"] == 326


# ---------------------------------------------------------------- A4: invisible characters, absurd counts
@pytest.mark.parametrize("ch", ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\u00ad", "\ufeff"])
def test_zero_width_and_direction_characters_inside_labels(ch: str) -> None:
    text = REPORT.replace("规章", f"规{ch}章").replace("行政规范性文件", f"行政{ch}规范性{ch}文件")
    text = text.replace("行政许可", f"行{ch}政许可").replace("第二十条", f"第二{ch}十条")
    c = _cells(gd.parse_text(text))
    assert (c["active.normative_docs.issued"], c["active.normative_docs.in_force"]) == (4, 17)
    assert c["active.rules.issued"] == 0
    assert c["active.licensing.decisions"] == 326


def test_exponent_is_not_a_count() -> None:
    parsed = gd.parse_text(REPORT.replace("| 326", "| 1e309"))
    assert _cells(parsed)["active.licensing.decisions"] != 1
    assert _cells(parsed)["active.licensing.decisions"] is None


def test_a_count_of_thousands_of_digits_is_a_diagnostic() -> None:
    parsed = gd.parse_text(REPORT.replace("| 326", "| " + "9" * 5000))
    c = _cells(parsed)
    assert c["active.licensing.decisions"] is None
    assert any("active.licensing.decisions" in d.cells or "digits" in d.message for d in parsed.diagnostics)
    gd.to_json(parsed.report)
    gd.check(parsed)


def test_a_count_of_fifty_digits_is_a_diagnostic() -> None:
    parsed = gd.parse_text(REPORT.replace("| 326", "| " + "9" * 50))
    assert _cells(parsed)["active.licensing.decisions"] is None
    assert [d.cells for d in parsed.diagnostics if d.code == "number-implausible"] == [("active.licensing.decisions",)]


def test_read_number_refuses_implausible_digits() -> None:
    from govdisclosure.parse import read_number

    assert read_number("123456789012") is not None
    assert read_number("9" * 200) is None  # past MAX_RUN: not even a run of cells
    assert read_number("1e309") is None


# ---------------------------------------------------------------- A5: from_json and misuse
def test_from_json_deep_nesting() -> None:
    with pytest.raises(gd.DocumentError):
        gd.from_json("[" * 100_000 + "]" * 100_000)
    deep: Any = {}
    for _ in range(5000):
        deep = {"a": deep}
    with pytest.raises(gd.DocumentError):
        gd.from_json({"template": "2021", "meta": deep})


@pytest.mark.parametrize("template", [[], {}, ["2021"], 2021, None])
def test_from_json_non_string_template(template: Any) -> None:
    with pytest.raises(gd.DocumentError, match="template"):
        gd.from_json(json.dumps({"template": template}))


@pytest.mark.parametrize("bad", [None, 42, bytearray(b"{}"), memoryview(b"{}")])
def test_from_json_wrong_type(bad: Any) -> None:
    with pytest.raises(gd.GovDisclosureError):
        gd.from_json(bad)


# ---------------------------------------------------------------- A6: what libxml2 would drop
def test_html_nested_past_the_parser_depth_says_so() -> None:
    page = "<html><body>" + "<div>" * 300 + "<table><tr><td>规章</td><td>5</td></tr></table>" + "</div>" * 300
    with pytest.raises(gd.ParseError, match="deep"):
        gd.parse_bytes(page.encode("utf-8"))


def test_html_huge_attribute_says_so() -> None:
    page = '<html><body><p title="' + "x" * 11_000_000 + '">二、主动公开政府信息情况</p></body></html>'
    with pytest.raises(gd.ParseError, match=r"attribute|too long|huge"):
        gd.parse_bytes(page.encode("utf-8"))


# ---------------------------------------------------------------- B7/B8/B11: the whole grid is bounded
def test_html_span_grid_is_bounded_as_a_whole() -> None:
    row = "<tr>" + '<td rowspan="200" colspan="200">1</td>' * 3 + "</tr>"
    page = f"<html><body><table>{row * 3}</table></body></html>".encode()
    with pytest.raises(gd.InputTooLargeError, match="cells"):
        gd.parse_bytes(page, gd.ParseOptions(max_cells=100_000))


def test_html_tags_are_bounded_before_the_tree_is_built() -> None:
    page = "<html><body>" + "<p>x</p>" * 30_000 + "</body></html>"
    with pytest.raises(gd.InputTooLargeError, match="tags"):
        gd.parse_text(page, gd.ParseOptions(max_cells=10_000))


def _docx(document_xml: bytes, *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compression) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>',
        )
        z.writestr("word/document.xml", document_xml)
    return buf.getvalue()


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_docx_grid_span_is_bounded_as_a_whole() -> None:
    tc = '<w:tc><w:tcPr><w:gridSpan w:val="200"/></w:tcPr><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>'
    body = "<w:tbl>" + ("<w:tr>" + tc * 50 + "</w:tr>") * 20 + "</w:tbl>"
    data = _docx(f"<w:document {_W}><w:body>{body}</w:body></w:document>".encode())
    with pytest.raises(gd.InputTooLargeError, match="cells"):
        gd.parse_bytes(data, gd.ParseOptions(max_cells=100_000))


def test_docx_reads_a_plain_word_file() -> None:
    body = "<w:p><w:r><w:t>示例乡2021年政府信息公开工作年度报告</w:t></w:r></w:p>"
    body += "<w:p><w:r><w:t>二、主动公开政府信息情况</w:t></w:r></w:p><w:tbl>"
    for row in (["第二十条第（一）项"], ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]):
        body += "<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>" for t in row) + "</w:tr>"
    body += "<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>" for t in ["规章", "2", "0", "9"])
    body += "</w:tr></w:tbl>"
    data = _docx(f"<w:document {_W}><w:body>{body}</w:body></w:document>".encode())
    c = _cells(gd.parse_bytes(data))
    assert (c["active.rules.issued"], c["active.rules.repealed"], c["active.rules.in_force"]) == (2, 0, 9)


def _under_report(data: bytes, member: str, size: int) -> bytes:
    """Rewrite a member's uncompressed size, in its local header and in the central directory."""
    out = bytearray(data)
    name = member.encode()
    pos = 0
    while True:
        pos = out.find(name, pos)
        if pos < 0:
            return bytes(out)
        if out[pos - 30 : pos - 26] == b"PK\x03\x04":
            out[pos - 30 + 22 : pos - 30 + 26] = size.to_bytes(4, "little")
        elif out[pos - 46 : pos - 42] == b"PK\x01\x02":
            out[pos - 46 + 24 : pos - 46 + 28] = size.to_bytes(4, "little")
        pos += 1


def test_docx_inflation_is_counted_not_taken_from_the_headers() -> None:
    body = "<w:p><w:r><w:t>" + "政" * 400_000 + "</w:t></w:r></w:p>"
    data = _docx(f"<w:document {_W}><w:body>{body}</w:body></w:document>".encode())
    lying = _under_report(data, "word/document.xml", 1000)
    with zipfile.ZipFile(io.BytesIO(lying)) as z:
        assert z.getinfo("word/document.xml").file_size == 1000
    with pytest.raises(gd.InputTooLargeError, match="inflate"):
        gd.parse_bytes(lying, gd.ParseOptions(max_inflated=512 * 1024))
    with pytest.raises(gd.InputTooLargeError, match="inflate"):
        gd.parse_bytes(data, gd.ParseOptions(max_inflated=512 * 1024))


def test_docx_whose_zip_needs_an_unknown_version_is_a_clear_error() -> None:
    # Found by fuzzing: a flipped "version needed to extract" made zipfile raise NotImplementedError (exit 3).
    data = bytearray(_docx(f"<w:document {_W}><w:body><w:p/></w:body></w:document>".encode()))
    pos = data.find(b"PK\x01\x02")
    assert pos > 0
    data[pos + 6 : pos + 8] = (188).to_bytes(2, "little")  # version 18.8; zipfile reads up to 6.3
    with pytest.raises(gd.ParseError, match=r"not a readable \.docx \(zip\) file: zip file version 18\.8"):
        gd.parse_bytes(bytes(data))


def test_text_cells_are_bounded() -> None:
    with pytest.raises(gd.InputTooLargeError, match="cells"):
        gd.parse_text("|||||\n" * 20_000, gd.ParseOptions(max_cells=50_000))


def test_text_memory_is_a_small_multiple_of_the_input() -> None:
    text = "|" * 60 + "\n"
    text = text * (2 * 1024 * 1024 // len(text))  # 2 MiB of separators: 2M cells
    tracemalloc.start()
    try:
        with pytest.raises(gd.InputTooLargeError):
            gd.parse_text(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 40 * len(text)


def test_characters_are_bounded_before_recognition() -> None:
    with pytest.raises(gd.InputTooLargeError, match="characters"):
        gd.parse_text("政务公开" * 10_000, gd.ParseOptions(max_chars=20_000))


def test_paragraphs_are_bounded_too() -> None:
    with pytest.raises(gd.InputTooLargeError, match=r"cells|paragraphs"):
        gd.parse_text("政\n" * 20_000, gd.ParseOptions(max_cells=10_000))


# ---------------------------------------------------------------- B10: PDF budgets
def _pdf_pages(n: int, draw: Any = None, **kwargs: Any) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, **kwargs)
    for i in range(n):
        if draw is None:
            c.drawString(100, 700, f"page {i + 1}")
        else:
            draw(c)
        c.showPage()
    c.save()
    return buf.getvalue()


def test_pdf_pages_are_budgeted() -> None:
    with pytest.raises(gd.InputTooLargeError, match="pages"):
        gd.parse_bytes(_pdf_pages(6), gd.ParseOptions(max_pages=5))


def test_pdf_objects_per_page_are_budgeted() -> None:
    def rects(c: Any) -> None:
        for i in range(400):
            c.rect(10 + i % 20 * 20, 10 + i // 20 * 20, 15, 15)

    with pytest.raises(gd.InputTooLargeError, match=r"objects|rectangles"):
        gd.parse_bytes(_pdf_pages(1, rects), gd.ParseOptions(max_page_objects=300))


def test_pdf_graphics_per_page_are_bounded_before_tables_are_sought() -> None:
    def rects(c: Any) -> None:
        c.drawString(10, 800, "x")
        for i in range(300):
            c.rect(10 + i % 20 * 20, 10 + i // 20 * 20, 15, 15)

    with pytest.raises(gd.InputTooLargeError, match="rectangles"):
        gd.parse_bytes(_pdf_pages(1, rects), gd.ParseOptions(max_page_objects=2000))


def test_pdf_content_streams_are_budgeted_before_interpreting() -> None:
    def text_ops(c: Any) -> None:
        for i in range(4000):
            c.drawString(10 + i % 50, 10 + i // 50, "x")

    data = _pdf_pages(1, text_ops)
    with pytest.raises(gd.InputTooLargeError, match="content"):
        gd.parse_bytes(data, gd.ParseOptions(max_stream_bytes=20_000))


def test_pdf_characters_are_estimated_before_interpreting() -> None:
    def text(c: Any) -> None:
        for i in range(30):
            c.drawString(10, 10 + i * 12, "x" * 100)

    with pytest.raises(gd.InputTooLargeError, match="would draw about"):
        gd.parse_bytes(_pdf_pages(1, text), gd.ParseOptions(max_page_objects=1000))


def test_pdf_objects_are_budgeted_across_pages() -> None:
    def rects(c: Any) -> None:
        c.drawString(10, 800, "x" * 100)
        for i in range(5):
            c.rect(10 + i % 20 * 20, 10 + i // 20 * 20, 15, 15)

    with pytest.raises(gd.InputTooLargeError, match="by page"):
        gd.parse_bytes(_pdf_pages(8, rects), gd.ParseOptions(max_page_objects=120))


def test_pdf_operators_are_budgeted_before_interpreting() -> None:
    def noops(c: Any) -> None:
        c.drawString(10, 10, "x")
        for _ in range(3000):
            c.saveState()
            c.restoreState()

    with pytest.raises(gd.InputTooLargeError, match="operators"):
        gd.parse_bytes(_pdf_pages(1, noops), gd.ParseOptions(max_page_objects=500))


def test_pdf_graphics_are_budgeted_across_pages() -> None:
    def rects(c: Any) -> None:
        c.drawString(10, 800, "x")
        for i in range(90):
            c.rect(10 + i % 20 * 20, 10 + i // 20 * 20, 15, 15)

    with pytest.raises(gd.InputTooLargeError, match="rectangles and curves by page"):
        gd.parse_bytes(_pdf_pages(6, rects), gd.ParseOptions(max_page_objects=1000))


def _cid_font_pdf(widths: bytes) -> bytes:
    """One page in STSong-Light (a CID font, not embedded); its /W array begins with ``widths``."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pageCompression=0, invariant=1)
    c.setFont("STSong-Light", 11)
    c.drawString(60, 780, "政府信息公开工作年度报告")
    c.showPage()
    c.save()
    data = buf.getvalue()
    assert data.count(b"/W [ 1 [") == 1
    return data.replace(b"/W [ 1 [", b"/W [ " + widths + b" 1 [")


def _parse_or_refuse(data: bytes) -> BaseException | None:
    try:
        gd.parse_bytes(data)
    except gd.GovDisclosureError as exc:
        return exc
    return None


def test_pdf_font_width_ranges_are_bounded_before_pdfminer_builds_them() -> None:
    # Found by fuzzing: "1 999999999 500" in a CID font's /W made pdfminer build a billion-entry dict (23 GB).
    assert not isinstance(_parse_or_refuse(_cid_font_pdf(b"")), gd.InputTooLargeError)
    with pytest.raises(gd.InputTooLargeError, match=r"widths \(/W\) for 300\d{3} character ids"):
        gd.parse_bytes(_cid_font_pdf(b"1 300000 500"))


def _raw_pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _to_unicode_pdf(bfrange: bytes) -> bytes:
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"1 begincodespacerange <00> <FF> endcodespacerange\n"
        b"1 beginbfrange " + bfrange + b" endbfrange\nendcmap CMapName currentdict /CMap defineresource pop end end"
    )
    return _raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(b"BT /F1 12 Tf 72 720 Td (hello) Tj ET"),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
            _stream(cmap),
        ]
    )


def test_pdf_lone_surrogate_in_tounicode_reads_as_replacement_character() -> None:
    # Found by fuzzing: a ToUnicode map giving "h" a lone surrogate (<D800>) came out of the PDF reader
    # as such, and writing the text as UTF-8 raised UnicodeEncodeError (an internal error).
    data = _to_unicode_pdf(b"<68> <68> <D800>")
    with pytest.raises(gd.ParseError):  # "hello" is no report; the error is ours
        gd.parse_bytes(data)
    from govdisclosure.parse.readers._pdf import read_pdf

    text = read_pdf(data).blocks[0].text  # type: ignore[union-attr]
    assert text.replace(" ", "") == "\ufffdello"
    text.encode("utf-8")


def test_pdf_cmap_ranges_are_bounded_before_pdfminer_builds_them() -> None:
    # The same bomb in a font's ToUnicode CMap: a bfrange of 4-byte codes expands to billions of entries.
    assert not isinstance(_parse_or_refuse(_to_unicode_pdf(b"<00> <FF> <0041>")), gd.InputTooLargeError)
    with pytest.raises(gd.InputTooLargeError, match=r"CMap \(/ToUnicode\) mapping 300001 codes"):
        gd.parse_bytes(_to_unicode_pdf(b"<000000> <0493E0> <0041>"))


def _pdfminer_decompress_corrupted(data: bytes) -> bytes:
    """pdfminer.six's own fallback for a damaged Flate stream (one byte at a time), the oracle."""
    import zlib

    d = zlib.decompressobj()
    result = b""
    for i in range(len(data)):
        try:
            result += d.decompress(data[i : i + 1])
        except zlib.error:
            if i < len(data) - 3:
                raise
            break
    return result


@pytest.mark.parametrize("damage", ["none", "truncated", "middle", "tail", "garbage-after"])
def test_pdf_damaged_flate_reads_as_pdfminer_reads_it_in_linear_time(damage: str) -> None:
    # Found by fuzzing: pdfminer inflates a damaged stream byte by byte with bytes +=, quadratic
    # (a 250 KB stream: 40 s). Ours gives the same answer, feeding 4 KiB at a time.
    import zlib

    import pdfminer.pdftypes

    from govdisclosure.parse.readers import _pdf as _read_pdf

    assert isinstance(_parse_or_refuse(_pdf_pages(1)), gd.NotAReportError)  # reading a PDF installs it
    assert pdfminer.pdftypes.decompress_corrupted is _read_pdf._decompress_corrupted
    raw = bytearray(zlib.compress(bytes(range(256)) * 300 + "政府信息公开".encode() * 2000))
    if damage == "truncated":
        del raw[len(raw) // 2 :]
    elif damage == "middle":
        raw[len(raw) // 2] ^= 0xFF
    elif damage == "tail":
        raw[-2] ^= 0xFF
    elif damage == "garbage-after":
        raw += b"garbage"
    data = bytes(raw)
    try:
        expected: bytes | type[zlib.error] = _pdfminer_decompress_corrupted(data)
    except zlib.error:
        expected = zlib.error
    if expected is zlib.error:
        with pytest.raises(zlib.error):
            _read_pdf._decompress_corrupted(data)
    else:
        assert _read_pdf._decompress_corrupted(data) == expected


def test_pdf_flate_behind_ascii85_is_inflated_within_the_budget() -> None:
    # reportlab's compressed pages are [/ASCII85Decode /FlateDecode]: pdfminer inflated them whole
    # before the budget was counted (a Flate bomb behind ASCII85: all of it in memory).
    import base64
    import zlib

    bomb = base64.a85encode(zlib.compress(b"0 0 m\n" * (8 * 1024 * 1024), 9)) + b"~>"
    body = b"<< /Filter [ /ASCII85Decode /FlateDecode ] /Length %d >>\nstream\n" % len(bomb) + bomb + b"\nendstream"
    data = _raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            body,
        ]
    )
    tracemalloc.start()
    try:
        with pytest.raises(gd.InputTooLargeError, match="inflating past"):
            gd.parse_bytes(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024  # the bomb inflates to 48 MiB; at most 1 MiB (+ a chunk) is read


def test_pdf_pages_are_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    import pypdfium2.raw

    events: list[tuple[str, int]] = []
    load, close = pypdfium2.raw.FPDF_LoadPage, pypdfium2.raw.FPDF_ClosePage
    handles: dict[int, int] = {}

    def load_page(doc: Any, index: int) -> Any:
        page = load(doc, index)
        events.append(("load", index + 1))
        handles[ctypes.cast(page, ctypes.c_void_p).value or 0] = index + 1
        return page

    def close_page(page: Any) -> None:
        events.append(("close", handles[ctypes.cast(page, ctypes.c_void_p).value or 0]))
        close(page)

    monkeypatch.setattr(pypdfium2.raw, "FPDF_LoadPage", load_page)
    monkeypatch.setattr(pypdfium2.raw, "FPDF_ClosePage", close_page)
    with pytest.raises(gd.ParseError):
        gd.parse_bytes(_pdf_pages(4))  # "page N" is not a report, but each page is read and closed
    # one page open at a time: each closed before the next is loaded
    assert events == [(e, n) for n in (1, 2, 3, 4) for e in ("load", "close")]


# ---------------------------------------------------------------- B12: only regular files, bytes bound
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(gd.ParseError, match="not a regular file"):
        gd.parse(fifo)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_devices_are_refused() -> None:
    for dev in ("/dev/zero", "/dev/null"):
        with pytest.raises(gd.ParseError, match="not a regular file"):
            gd.parse(dev)


def test_str_bound_is_in_bytes() -> None:
    text = "规" * 400  # 400 characters, 1,200 bytes in UTF-8
    with pytest.raises(gd.InputTooLargeError, match="bytes"):
        gd.parse_text(text, gd.ParseOptions(max_bytes=1000))


def test_documented_bound_agrees_with_the_code() -> None:
    assert gd.ParseOptions().max_bytes == 20 * 1024 * 1024
    security = (Path(__file__).parent.parent / "SECURITY.md").read_text(encoding="utf-8")
    assert "20 MiB" in security
    assert "20,971,520" in security


def test_cli_fifo_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if sys.platform == "win32":  # pragma: no cover
        pytest.skip("needs FIFOs")
    fifo = tmp_path / "p.txt"
    os.mkfifo(fifo)
    assert main(["check", str(fifo)]) == 2
    assert "not a regular file" in capsys.readouterr().err


@settings(max_examples=300)
@given(st.text(alphabet="ab |\n\r\x0b\x0c\x1c\x85\u2028"))
def test_text_lines_read_a_chunk_at_a_time_are_splitlines(text: str) -> None:
    """The text reader splits a large input a chunk at a time: the lines are exactly str.splitlines()'s."""
    from govdisclosure.parse.readers import _text as _read_text

    saved = _read_text._CHUNK
    _read_text._CHUNK = 3  # chunks cut inside the example
    try:
        assert list(_read_text._lines(text)) == text.splitlines()
    finally:
        _read_text._CHUNK = saved
