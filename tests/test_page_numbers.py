"""A lone number in a page's margin: the page's number, or a table's value.

A browser prints a page with narrow margins, so a table's lines reach into the top and foot
zones where running heads and page numbers stand. A row whose label wraps round its value prints
the value alone on its line: at a page's top or foot it was taken for a page number and dropped,
with no word (the row then read blank). A lone number is a page number when it follows the
pages' places in the file by the offset the others share, in the same margin (or, seen once, by a
small offset); 0 is no page's number. A lone number where an unnumbered document's page number
could stand (2 at page 2's top) is still taken for one: nothing tells. Values typed by hand; the
PDFs are drawn here.
"""

from __future__ import annotations

from typing import Any

import pytest

import govdisclosure as gd

from formats import drawn_pdf


def _pdf(numbers: bool, value_at_top: str = "2") -> bytes:
    """Table 二 of the 2021 template without rules over two pages: 行政许可's value alone on the line
    under its label at page 1's foot, 行政处罚's label at page 1's foot and its value alone at page 2's
    top; ``numbers`` prints each page's number at its foot."""
    pytest.importorskip("reportlab")

    def draw(c: Any) -> None:
        c.setFont("STSong-Light", 10)
        c.drawString(40, 760, "二、主动公开政府信息情况")
        lines = [
            ("第二十条第（一）项", None),
            ("信息内容    本年制发件数    本年废止件数    现行有效件数", None),
            ("规章", "0    0    0"),
            ("行政规范性文件", "3    1    9"),
            ("第二十条第（五）项", None),
            ("信息内容    本年处理决定数量", None),
        ]
        y = 730.0
        for label, values in lines:
            c.drawString(40, y, label)
            if values:
                c.drawString(250, y, values)
            y -= 22
        c.drawString(40, 70, "其他对外管理服务事项及行政许可")  # the label wraps round its value
        c.drawString(250, 56, "7")  # 行政许可's value, alone in the foot zone
        c.drawString(40, 44, "第二十条第（六）项  信息内容  本年处理决定数量")
        c.drawString(40, 30, "行政处罚")
        if numbers:
            c.drawString(290, 14, "1")
        c.showPage()
        c.setFont("STSong-Light", 10)
        c.drawString(250, 806, value_at_top)  # 行政处罚's value, alone at the page's top
        c.drawString(40, 780, "行政强制")
        c.drawString(250, 780, "0")
        c.drawString(40, 758, "第二十条第（八）项")
        c.drawString(40, 736, "信息内容    本年收费金额（单位：万元）")
        c.drawString(40, 714, "行政事业性收费")
        c.drawString(250, 714, "0")
        c.drawString(40, 680, "三、收到和处理政府信息公开申请情况")
        c.drawString(40, 660, "本年度未收到政府信息公开申请。")
        if numbers:
            c.drawString(290, 14, "2")
        c.showPage()

    return drawn_pdf(draw, "示例县水利局2022年政府信息公开工作年度报告")


def test_values_alone_in_the_margins_of_numbered_pages_are_kept() -> None:
    # page numbers 1 and 2 at the feet; 7 at page 1's foot and 2 at page 2's top are values
    doc, _ = gd.read_document(_pdf(True))
    texts = [b.text for b in doc.blocks if isinstance(b, gd.Paragraph)]
    assert texts.count("7") == 1
    assert texts.count("2") == 1
    assert "1" not in texts  # page 1's number; page 2's is the one "2" dropped


@pytest.mark.parametrize("value", ["12", "0"])
def test_values_alone_in_the_margins_of_unnumbered_pages_are_kept(value: str) -> None:
    doc, _ = gd.read_document(_pdf(False, value_at_top=value))
    texts = [b.text for b in doc.blocks if isinstance(b, gd.Paragraph)]
    assert "7" in texts
    assert value in texts


def test_a_number_alone_where_a_page_number_could_stand_is_still_dropped() -> None:
    # no page is numbered, and a lone 2 at page 2's top may be its number: what it is, nothing tells
    doc, _ = gd.read_document(_pdf(False, value_at_top="2"))
    texts = [b.text for b in doc.blocks if isinstance(b, gd.Paragraph)]
    assert "2" not in texts
    assert "7" in texts
