"""Word files laid out as agencies lay them out, beyond plain tables (values typed by hand).

- **a table typed as tab-separated paragraphs**: each row a paragraph, its cells apart by tabs
  (w:tab). Only the runs' w:t text was read, so the row's numbers ran together
  ('213012027', named ambiguous and lost);
- **a report set inside a one-cell frame**: the body is a table of one cell holding the
  paragraphs and the real tables. The frame's cell was read as one cell of text, every table
  inside it glued into it;
- **content controls**: Word's templates and document systems wrap paragraphs, tables and rows in
  content controls (w:sdt) or custom XML (w:customXml). Only the body's own paragraphs and
  tables, and a table's own rows, were read: a table inside one was left out with no word.
"""

from __future__ import annotations

import io
from typing import Any

import pytest

import govdisclosure as gd

docx = pytest.importorskip("docx")

TITLE = "示例县民政局2022年政府信息公开工作年度报告"
ROWS = [
    ("一、本年新收政府信息公开申请数量", "21", "3", "0", "1", "2", "0", "27"),
    ("二、上年结转政府信息公开申请数量", "2", "0", "0", "0", "0", "1", "3"),
]
HEADER = ("申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")


def _bytes(document: object) -> bytes:
    buf = io.BytesIO()
    document.save(buf)  # type: ignore[attr-defined]
    return buf.getvalue()


def _request_table(container: Any) -> Any:
    """Table 三's heading and the table (HEADER, ROWS) added to a document or a cell."""
    container.add_paragraph("三、收到和处理政府信息公开申请情况")
    t = container.add_table(rows=len(ROWS) + 1, cols=8)
    for r, row in enumerate((HEADER, *ROWS)):
        for k, text in enumerate(row):
            t.cell(r, k).text = text
    return t


def test_a_table_typed_as_tab_separated_paragraphs() -> None:
    d = docx.Document()
    d.add_paragraph(TITLE)
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    p = d.add_paragraph("申请人情况")
    p.paragraph_format.tab_stops.add_tab_stop(docx.shared.Cm(8))  # a tab stop: not text
    for row in (HEADER, *ROWS):
        d.add_paragraph("\t".join(row))
    c = gd.cells(gd.parse_bytes(_bytes(d), name="tabs.docx").report)
    assert [c[f"requests.new.{k}"] for k in ("natural_person", "commercial", "research", "total")] == [21, 3, 0, 27]
    assert (c["requests.carried_over.other_org"], c["requests.carried_over.total"]) == (1, 3)


def test_a_report_inside_a_one_cell_frame() -> None:
    d = docx.Document()
    frame = d.add_table(rows=1, cols=1).cell(0, 0)
    frame.paragraphs[0].text = TITLE
    _request_table(frame)
    frame.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    parsed = gd.parse_bytes(_bytes(d), name="frame.docx")
    c = gd.cells(parsed.report)
    assert [c[f"requests.new.{k}"] for k in ("natural_person", "legal_services", "total")] == [21, 2, 27]
    assert c["requests.carried_over.total"] == 3
    assert parsed.report is not None
    assert parsed.report.meta.year == 2022


def test_a_data_table_with_a_table_in_one_cell_stays_a_table() -> None:
    """Only one-column frames are read through: a table of several columns is data."""
    d = docx.Document()
    d.add_paragraph(TITLE)
    t = _request_table(d)
    t.cell(0, 0).add_table(rows=1, cols=1).cell(0, 0).text = "注"
    c = gd.cells(gd.parse_bytes(_bytes(d), name="data.docx").report)
    assert c["requests.new.total"] == 27


def _wrap(el: object, tag: str = "sdt") -> None:
    """Wrap ``el`` where it stands in a content control (w:sdt/w:sdtContent) or in w:customXml."""
    from docx.oxml.ns import qn
    from lxml import etree

    parent = el.getparent()  # type: ignore[attr-defined]
    outer = etree.Element(qn(f"w:{tag}"))
    parent.replace(el, outer)
    if tag == "sdt":
        inner = etree.SubElement(outer, qn("w:sdtContent"))
        inner.append(el)
    else:
        outer.append(el)


@pytest.mark.parametrize("tag", ["sdt", "customXml"])
def test_a_table_and_rows_inside_content_controls(tag: str) -> None:
    d = docx.Document()
    d.add_paragraph(TITLE)
    t = _request_table(d)
    d.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    _wrap(t._tbl.tr_lst[2], tag)  # the second row of values in its own control
    _wrap(t._tbl, tag)  # the whole table in another
    c = gd.cells(gd.parse_bytes(_bytes(d), name="controls.docx").report)
    assert [c[f"requests.new.{k}"] for k in ("natural_person", "commercial", "research", "total")] == [21, 3, 0, 27]
    assert (c["requests.carried_over.other_org"], c["requests.carried_over.total"]) == (1, 3)
