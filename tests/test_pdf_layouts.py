"""PDFs laid out as agencies print them: table 四's fifteen narrow columns.

Headings turned a quarter:

Table 四's fifteen columns are narrow, and Word users often turn their headings a quarter
anticlockwise, to read upwards. pdfium gives those characters top down, so each heading was
read backwards ('持维果结' for 结果维持): the table's headings were not found, the table not
located, its fifteen values lost (named). Values typed by hand; the PDF is drawn here.

Headings wrapped (no rules): every heading broken over lines ('结果维 / 持'), table 四 is found
by its section heading alone; its region ended where it started, and the fifteen values were lost
with no number named.
"""

from __future__ import annotations

from typing import Any

import pytest

import govdisclosure as gd

from formats import drawn_pdf

HEADS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3
VALUES = ["1", "0", "2", "0", "3", "4", "0", "0", "1", "5", "0", "0", "0", "0", "0"]


def _pdf(turn: int) -> bytes:
    pytest.importorskip("reportlab")

    def draw(c: Any) -> None:
        c.drawString(40, 770, "四、政府信息公开行政复议、行政诉讼情况")
        x0, w, top, head_h, row_h = 40.0, 34.0, 750.0, 60.0, 20.0
        for k in range(16):
            c.line(x0 + k * w, top, x0 + k * w, top - head_h - row_h)
        for y in (top, top - head_h, top - head_h - row_h):
            c.line(x0, y, x0 + 15 * w, y)
        c.setFont("STSong-Light", 9)
        for k, (head, value) in enumerate(zip(HEADS, VALUES, strict=True)):
            c.saveState()
            if turn == 90:  # reads upwards
                c.translate(x0 + k * w + 20, top - head_h + 6)
            else:  # reads downwards
                c.translate(x0 + k * w + 14, top - 6)
            c.rotate(turn)
            c.drawString(0, 0, head)
            c.restoreState()
            c.drawString(x0 + k * w + 12, top - head_h - 14, value)
        c.showPage()

    return drawn_pdf(draw, "示例县水利局2022年政府信息公开工作年度报告")


@pytest.mark.parametrize("turn", [90, -90])
def test_headings_turned_a_quarter_read_forwards(turn: int) -> None:
    data = _pdf(turn)
    doc, _ = gd.read_document(data)
    heads = [cell.text for b in doc.blocks if isinstance(b, gd.Table) for cell in b.rows[0]]
    assert heads[:5] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    c = gd.cells(gd.parse(data).report)
    assert (c["appeals.review.upheld"], c["appeals.review.other"], c["appeals.review.total"]) == (1, 2, 3)
    assert (c["appeals.litigation_direct.upheld"], c["appeals.litigation_direct.total"]) == (4, 5)


# ------------------------------------------- table 四 whose headers a PDF wrapped out of recognition
APPEALS_WRAPPED = """示例县水利局2022年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计
一、本年新收政府信息公开申请数量 9 0 0 0 0 0 9
四、政府信息公开行政复议、行政诉讼情况
行政复 行政诉
议 讼
结果维 结果纠 其他结 尚未审 总计 未经复 复议后起诉
持 正 果 结 议直接
起诉
1 0 2 0 3 4 0 0 1 5 0 0 0 0 0
五、存在的主要问题及改进情况
无。
"""


def test_table_four_found_by_its_heading_alone_reads_its_values() -> None:
    """A table of narrow columns without rules, printed to PDF: every heading wrapped, so table 四
    is found by its section heading alone. Its region ended where it started: the fifteen values
    were lost, no number named."""
    c = gd.cells(gd.parse_text(APPEALS_WRAPPED).report)
    assert [c[f"appeals.review.{k}"] for k in ("upheld", "corrected", "other", "pending", "total")] == [1, 0, 2, 0, 3]
    assert (c["appeals.litigation_direct.upheld"], c["appeals.litigation_direct.total"]) == (4, 5)


def test_an_empty_table_four_right_before_the_next_heading_stays_empty() -> None:
    head = APPEALS_WRAPPED.partition("四、")[0]
    text = (
        head + "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n一是人员少，二是经费3万元不足。\n"
    )
    parsed = gd.parse_text(text)
    c = gd.cells(parsed.report)
    assert c["appeals.review.total"] is None
    assert not [d for d in parsed.diagnostics if d.code == "table-not-read"]
