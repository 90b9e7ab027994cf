"""The same report as text, HTML, DOCX and PDF gives identical cells; each reader's bad input."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

import govdisclosure as gd
from govdisclosure.serialize import cell_value_json

from formats import report_parts, to_docx, to_html, to_pdf
from truth import T19, T19_APPEALS_ROWS, T19_REQUESTS_ROWS, T21, T21_APPEALS_ROWS, T21_REQUESTS_ROWS

FIX = Path(__file__).parent / "fixtures"
CASES = {
    "2021": (T21, T21_REQUESTS_ROWS, T21_APPEALS_ROWS, "tab-rows-2021.txt"),
    "2019": (T19, T19_REQUESTS_ROWS, T19_APPEALS_ROWS, "pipe-2019.txt"),
}


@pytest.fixture(scope="module")
def rendered() -> dict[tuple[str, str], bytes]:
    out: dict[tuple[str, str], bytes] = {}
    for edition, (truth, req, app, text_fixture) in CASES.items():
        parts = report_parts(truth, edition, req, app)
        out[(edition, "text")] = (FIX / text_fixture).read_bytes()
        out[(edition, "html")] = to_html(parts).encode("utf-8")
        out[(edition, "docx")] = to_docx(parts)
        out[(edition, "pdf")] = to_pdf(parts)
    return out


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_four_formats_identical_cells(edition: str, rendered: dict[tuple[str, str], bytes]) -> None:
    truth = {k: cell_value_json(v) for k, v in CASES[edition][0].items()}
    results: dict[str, dict[str, Any]] = {}
    for fmt in ("text", "html", "docx", "pdf"):
        parsed = gd.parse(rendered[(edition, fmt)])
        assert parsed.document is not None
        assert parsed.document.source_format == fmt
        results[fmt] = gd.cells(parsed.report)
        assert [f for f in gd.check(parsed) if f.severity is gd.Severity.ERROR] == []
    for fmt, got in results.items():
        assert {k: (v, got.get(k)) for k, v in truth.items() if got.get(k) != v} == {}, fmt
    assert results["text"] == results["html"] == results["docx"] == results["pdf"]


def test_provenance_per_format(rendered: dict[tuple[str, str], bytes]) -> None:
    html = gd.parse(rendered[("2021", "html")]).provenance["requests.new.total"].location
    assert (html.table, html.col) == (1, 9)  # second table; tenth grid column (label spans three)
    docx = gd.parse(rendered[("2021", "docx")]).provenance["requests.new.total"].location
    assert (docx.table, docx.col) == (1, 9)
    pdf = gd.parse(rendered[("2021", "pdf")]).provenance["requests.new.total"].location
    assert pdf.page == 1
    assert pdf.bbox is not None


@pytest.mark.parametrize("fmt", ["text", "html", "docx", "pdf"])
def test_location_text_without_resolving_equals_the_location(fmt: str, rendered: dict[tuple[str, str], bytes]) -> None:
    # The batch writes each cell's location as text straight from the stream (Provenance._where),
    # without building the Location: it must read the same as str(location).
    data = rendered[("2021", fmt)]
    lazy, resolved = gd.parse(data).provenance, gd.parse(data).provenance
    assert len(lazy) > 150
    assert {k: p._where() for k, p in lazy.items()} == {k: str(p.location) for k, p in resolved.items()}
    assert all(p._where() == str(p.location) for p in lazy.values())  # and once resolved


def test_a_location_made_by_line_column_is_a_location_like_any_other() -> None:
    import copy
    import pickle

    import attrs

    from govdisclosure.parse._document import Location, line_column

    made = Location(line=3, column=7)
    for fast in (line_column(3, 7), pickle.loads(pickle.dumps(line_column(3, 7))), copy.deepcopy(line_column(3, 7))):
        assert type(fast) is Location
        assert fast == made
        assert made == fast
        assert hash(fast) == hash(made)
        assert (repr(fast), str(fast)) == (repr(made), "line 3:7")
        assert attrs.asdict(fast) == attrs.asdict(made)
    assert attrs.evolve(line_column(3, 7), column=9) == Location(line=3, column=9)
    assert line_column(3, 7).table is None
    assert line_column(3, 7).confidence is None
    with pytest.raises(AttributeError, match="no attribute 'tabel'"):
        line_column(3, 7).tabel  # noqa: B018
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        line_column(3, 7).line = 4  # type: ignore[misc]


def test_pdf_table_continues_on_the_next_page(rendered: dict[tuple[str, str], bytes]) -> None:
    parsed = gd.parse(rendered[("2021", "pdf")])
    assert parsed.provenance["requests.new.total"].location.page == 1
    assert parsed.provenance["requests.carried_forward.total"].location.page == 2
    assert parsed.report.requests.carried_forward.total == 3


# ------------------------------------------------------------------ bad HTML
def test_html_without_tables() -> None:
    page = "<html><body><p>示例乡2021年政府信息公开工作年度报告</p><p>无表格</p></body></html>"
    parsed = gd.parse_bytes(page.encode("utf-8"))
    assert any(d.code == "no-tables" for d in parsed.diagnostics)


def test_html_runs_of_empty_paragraphs_are_kept_only_where_the_page_is_not_spaced_by_them() -> None:
    # A CMS paste, a paragraph a cell: two or more empty paragraphs in a row stand where empty
    # cells stood and are kept (empty); one alone, or a page spaced by them throughout, keeps none.
    from govdisclosure.parse import Paragraph, read_html

    cells = ["（一）予以公开", "4", "1", "0", "0", "0", "0", "5"]
    blank = "<p>7.属于行政执法案卷</p>" + "<p>&nbsp;</p>" * 7  # seven empty cells, and a spacer
    page = "".join(f"<p>{c}</p>" for c in cells) * 3 + blank + "<p>&nbsp;</p><p>3.其他</p>"
    empty = [
        b for b in read_html(f"<html><body>{page}</body></html>").blocks if isinstance(b, Paragraph) and not b.text
    ]
    assert len(empty) == 8
    spaced = page.replace("</p>", "</p><p>&nbsp;</p>")
    blocks = read_html(f"<html><body>{spaced}</body></html>").blocks
    assert all(b.text for b in blocks if isinstance(b, Paragraph))


def test_html_entities_and_external_references_are_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    page = (
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        '<html><head><link rel="stylesheet" href="http://127.0.0.1:9/x.css"></head><body>'
        '<p>&xxe;</p><img src="http://127.0.0.1:9/a.png"><iframe src="http://127.0.0.1:9/"></iframe>'
        f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file://{secret}"/>'
        "<p>二、主动公开政府信息情况</p><table><tr><td>规章</td><td>1</td><td>2</td><td>3</td></tr></table>"
        "</body></html>"
    )
    parsed = gd.parse(page.encode("utf-8"))
    assert parsed.document is not None
    everything = repr(parsed.document)
    assert "TOPSECRET" not in everything


def test_html_meta_charset_gbk() -> None:
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>'
    page += "<p>示例镇2021年政府信息公开工作年度报告</p><p>二、主动公开政府信息情况</p>"
    page += "<table><tr><td>规章</td><td>1</td><td>0</td><td>4</td></tr></table></body></html>"
    parsed = gd.parse(page.encode("gbk"))
    assert parsed.encoding == "gb18030"
    assert parsed.report.meta.agency == "示例镇"


@pytest.mark.parametrize("suffix", [".html", ".pdf", ".docx"])
def test_fifty_megabytes_refused(suffix: str, tmp_path: Path) -> None:
    p = tmp_path / f"big{suffix}"
    with open(p, "wb") as f:
        f.truncate(50 * 1024 * 1024)
    with pytest.raises(gd.InputTooLargeError):
        gd.parse(p)


# ------------------------------------------------------------------ bad DOCX
def test_docx_truncated(rendered: dict[tuple[str, str], bytes]) -> None:
    data = rendered[("2021", "docx")]
    with pytest.raises(gd.ParseError, match="docx"):
        gd.parse(data[: len(data) // 2])


def test_zip_that_is_not_a_word_document() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/readme.txt", "hello")
    with pytest.raises(gd.ParseError, match="not a Word document"):
        gd.parse(buf.getvalue())


def test_zip_bomb_refused_before_inflating() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (8 * 1024 * 1024))
    assert len(buf.getvalue()) < 100_000
    with pytest.raises(gd.InputTooLargeError, match="inflates"):
        gd.parse(buf.getvalue())


def test_not_a_zip_named_docx(tmp_path: Path) -> None:
    p = tmp_path / "report.docx"
    p.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(gd.ParseError):
        gd.parse(p)


# ------------------------------------------------------------------ bad PDF
def _pdf(draw: Any, **kwargs: Any) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, **kwargs)
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_scanned_pdf_needs_ocr() -> None:
    data = _pdf(lambda c: (c.rect(50, 50, 300, 400, fill=1), c.line(10, 10, 200, 200)))
    with pytest.raises(gd.ParseError, match="OCR"):
        gd.parse(data)


def test_encrypted_pdf() -> None:
    data = _pdf(lambda c: c.drawString(100, 700, "hello"), encrypt="secret")
    with pytest.raises(gd.ParseError, match="encrypted"):
        gd.parse(data)


def test_broken_pdf() -> None:
    with pytest.raises(gd.ParseError, match="PDF"):
        gd.parse(b"%PDF-1.7\n garbage garbage\n%%EOF")


def test_html_blank_cells_br_and_inconsistent_spans() -> None:
    # Header rows whose colspans do not add up like the data rows (as Word/CMS exports
    # produce), <br> inside a header, and the three ways an empty cell is printed.
    page = """<html><head><meta charset="utf-8"></head><body>
    <p>示例街道2022年政府信息公开工作年度报告</p><p>二、主动公开政府信息情况</p>
    <table>
      <tr><td colspan="5">第二十条第（一）项</td></tr>
      <tr><td>信息内容</td><td colspan="2">本年<br>制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
      <tr><td><span>规</span><span>章</span></td><td>&nbsp;</td><td><p><o:p> </o:p></p></td><td>2</td></tr>
      <tr><td>行政规范性文件</td><td>3</td><td></td><td>11</td></tr>
      <tr><td colspan="2">第二十条第（五）项</td></tr>
      <tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
      <tr><td>行政许可</td><td colspan="3">7</td></tr>
    </table></body></html>"""
    c = gd.cells(gd.parse(page.encode("utf-8")).report)
    assert c["meta.edition"] == "2021"
    assert (c["active.rules.issued"], c["active.rules.repealed"], c["active.rules.in_force"]) == (None, None, 2)
    assert c["active.normative_docs.issued"] == 3
    assert c["active.normative_docs.repealed"] is None
    assert c["active.normative_docs.in_force"] == 11
    assert c["active.licensing.decisions"] == 7


def test_html_page_laid_out_with_tables(rendered: dict[tuple[str, str], bytes]) -> None:
    # Old CMS pages wrap the whole article (and the navigation) in a layout table.
    inner = rendered[("2021", "html")].decode("utf-8")
    body = inner[inner.index("<body>") + len("<body>") : inner.index("</body>")]
    page = (
        "<html><head><meta charset='utf-8'></head><body><table width='100%'><tr>"
        "<td class='nav'><table><tr><td><a href='/'>首页</a></td></tr><tr><td>年报</td></tr></table></td>"
        f"<td class='main'>{body}</td></tr><tr><td colspan='2'>版权所有</td></tr></table></body></html>"
    )
    got = gd.cells(gd.parse(page.encode("utf-8")).report)
    truth = {k: cell_value_json(v) for k, v in T21.items()}
    assert {k: (v, got.get(k)) for k, v in truth.items() if got.get(k) != v} == {}
