"""A table row broken at a page end, as Word, LibreOffice and browsers print it.

Two ways a row falls apart there, both read by a person at a glance:

- **the rule above the next page's first row is on the other page**: a browser draws the rule
  between two rows once, at the foot of the first page; the row at the next page's top has its
  columns' rules but none above it, so no cell closed above it and the row fell out of the grid —
  read as a line of text, its blank cells gone (``3.要求提供公开出版物 3 3`` for seven columns,
  which cannot be placed);
- **the row's label is cut in two** (Word and LibreOffice let a row break across pages): the head
  of its label and its values at the foot of one page (``（三） | 1.属于 | 2 | 0 | …``), the rest of
  the label with empty cells at the top of the next (``不予公开 | 国家秘密 | | …``). Neither piece
  is a label alone; cell by cell they make the row and its group.

Values typed by hand; the PDF is drawn here, rule by rule.
"""

from __future__ import annotations

from typing import Any

import pytest

import govdisclosure as gd

from formats import drawn_pdf

TITLE = "示例县水利局2022年政府信息公开工作年度报告"
PAGE_TOP = 812.0  # an A4 page's top, less a margin
COLUMNS = ["申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
XS = [40, 250, 290, 330, 370, 410, 450, 490, 530]  # the columns' rules
ROW = 22


def _draw_row(c: Any, y: float, cells: list[str], top_rule: bool) -> None:
    """One row whose top is at ``y`` (PDF units, from the bottom): its cells' text, its columns'
    rules, the rule below it and (``top_rule``) the one above."""
    c.setFont("STSong-Light", 8)
    for x0, _x1, text in zip(XS[:-1], XS[1:], cells, strict=True):
        if text:
            c.drawString(x0 + 3, y - 14, text)
    for x in XS:
        c.line(x, y, x, y - ROW)
    c.line(XS[0], y - ROW, XS[-1], y - ROW)
    if top_rule:
        c.line(XS[0], y, XS[-1], y)


def _pdf(page1: list[list[str]], page2: list[list[str]], top_rule_on_page2: bool) -> bytes:
    pytest.importorskip("reportlab")

    def draw(c: Any) -> None:
        c.drawString(40, 770, "三、收到和处理政府信息公开申请情况")
        y = 750.0
        for i, cells in enumerate([COLUMNS, *page1]):
            _draw_row(c, y, cells, top_rule=i == 0)
            y -= ROW
        c.showPage()
        y = PAGE_TOP
        for i, cells in enumerate(page2):
            _draw_row(c, y, cells, top_rule=i > 0 or top_rule_on_page2)
            y -= ROW
        c.setFont("STSong-Light", 12)
        c.drawString(40, y - 30, "四、政府信息公开行政复议、行政诉讼情况")
        c.showPage()

    return drawn_pdf(draw, TITLE)


def _row(label: str, *vals: str) -> list[str]:
    return [label, *vals]


PAGE1 = [
    _row("一、本年新收政府信息公开申请数量", "5", "", "", "", "", "", "5"),
    _row("二、上年结转政府信息公开申请数量", "0", "", "", "", "", "", "0"),
    _row("2.重复申请", "2", "", "", "", "", "", "2"),
]
PAGE2 = [
    _row("3.要求提供公开出版物", "3", "", "", "", "", "", "3"),
    _row("（七）总计", "5", "", "", "", "", "", "5"),
]


@pytest.mark.parametrize("top_rule", [True, False])
def test_a_row_at_a_pages_top_with_no_rule_above_it(top_rule: bool) -> None:
    parsed = gd.parse(_pdf(PAGE1, PAGE2, top_rule))
    c = gd.cells(parsed.report)
    assert c["requests.not_processed.publication.natural_person"] == 3
    assert c["requests.not_processed.publication.commercial"] is None  # printed blank
    assert c["requests.not_processed.publication.total"] == 3
    assert c["requests.total.total"] == 5
    assert c["requests.not_processed.duplicate.total"] == 2


def test_columns_ruled_without_rows_stay_text() -> None:
    """Rules between the columns only (none across): no grid is made of their ends."""
    pytest.importorskip("reportlab")

    def draw(c: Any) -> None:
        c.setFont("STSong-Light", 10)
        for i, line in enumerate(["甲 乙 丙", "一 二 三", "四 五 六"]):
            for j, word in enumerate(line.split()):
                c.drawString(60 + 100 * j, 700 - 20 * i, word)
        for x in (50, 150, 250, 350):
            c.line(x, 720, x, 640)
        c.showPage()

    doc, _ = gd.read_document(drawn_pdf(draw, TITLE))
    assert not [b for b in doc.blocks if isinstance(b, gd.Table)]


# ------------------------------------------------------- a row's label cut in two at a page end
HEAD = """示例县水利局2022年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
| 申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
| 一、本年新收政府信息公开申请数量 | 9 | 0 | 0 | 0 | 0 | 0 | 9 |
| 三、本年度办理结果 | （一）予以公开 | 4 | 0 | 0 | 0 | 0 | 0 | 4 |
"""


def test_a_label_cut_in_two_makes_its_row_and_group() -> None:
    text = HEAD + (
        "| （三） | 1.属于 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n"
        "| 不予公开 | 国家秘密 | | | | | | | |\n"
        "| 2.其他法律行政法规禁止公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
        "| 2.重复申请 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
        "| 3.要求 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n"
        "| 提供公开出版物 | | | | | | | |\n"
        "| 4.无正当理由大量反复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    )
    parsed = gd.parse_text(text)
    c = gd.cells(parsed.report)
    assert (c["requests.withheld.state_secret.natural_person"], c["requests.withheld.state_secret.total"]) == (2, 2)
    assert c["requests.withheld.prohibited_by_law.total"] == 0
    assert (c["requests.not_processed.publication.natural_person"], c["requests.not_processed.publication.total"]) == (
        3,
        3,
    )
    assert c["requests.not_processed.duplicate.total"] == 1
    split = {cid for d in parsed.diagnostics if d.code == "row-split" for cid in d.cells}
    assert "requests.withheld.state_secret.total" in split
    assert "requests.not_processed.publication.total" in split
    assert not [d for d in parsed.diagnostics if d.code in ("row-not-mapped", "row-uncertain")]


def test_pieces_that_make_no_label_are_not_joined() -> None:
    """A blank row at the next page's top whose label is whole stays that row's, blank; the row
    above keeps its values."""
    text = HEAD + (
        "| 2.重复申请 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
        "| 3.要求提供公开出版物 | | | | | | | |\n"
        "| 4.无正当理由大量反复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    )
    c = gd.cells(gd.parse_text(text).report)
    assert c["requests.not_processed.duplicate.total"] == 1
    assert c["requests.not_processed.publication.total"] is None
    assert c["requests.not_processed.excessive.total"] == 0


def test_a_label_head_under_a_header_line() -> None:
    """The first row broken right under the header: the line above its head is the header's."""
    text = (
        "示例县水利局2022年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
        "| 申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n"
        "| 一、本 | 21 | 3 | 0 | 1 | 2 | 0 | 27 |\n"
        "| 年新收政府信息公开申请数量 | | | | | | | |\n"
        "| 二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 1 | 3 |\n"
    )
    c = gd.cells(gd.parse_text(text).report)
    assert (c["requests.new.natural_person"], c["requests.new.research"], c["requests.new.total"]) == (21, 0, 27)
    assert c["requests.carried_over.total"] == 3


def test_pieces_in_a_grid_wider_than_the_table() -> None:
    """The grid has more columns than the row (a group column spanning rows elsewhere): the line of
    values ends in empty cells; its item number alone is the label's head ('5.')."""
    text = HEAD + (
        "| 二、上年结转 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | | |\n"
        "| 政府信息公开申请数量 | | | | | | | | | |\n"
        "| 4.保护第三方合法权益 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | | |\n"
        "| 5. | 2 | 0 | 1 | 0 | 0 | 0 | 3 | | |\n"
        "| 属于三类内部事务信息 | | | | | | | | | |\n"
        "| 6.属于四类过程性信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | | |\n"
    )
    c = gd.cells(gd.parse_text(text).report)
    assert (c["requests.carried_over.natural_person"], c["requests.carried_over.total"]) == (1, 1)
    assert (c["requests.withheld.internal_affairs.research"], c["requests.withheld.internal_affairs.total"]) == (1, 3)
    assert c["requests.withheld.process_info.total"] == 0


def test_a_note_cut_where_its_cell_ends() -> None:
    """A label's note in brackets cut at a page end, beside the values; the rest of it, with empty
    cells, at the next page's top."""
    text = HEAD + (
        "| （二）部分公开（区分处理的，只计这一情形， | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n"
        "| 不计其他情形） | | | | | | | |\n"
        "| （三）不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    )
    c = gd.cells(gd.parse_text(text).report)
    assert (c["requests.partially_granted.natural_person"], c["requests.partially_granted.total"]) == (2, 2)
    assert c["requests.withheld.state_secret.total"] == 0


def test_a_note_wrapped_at_a_line_end_is_not_cut() -> None:
    """In text (a line break, not a cell's end) a note that runs on is still the label's: what follows
    the break is not taken for values (digits inside words: 'bat365')."""
    text = (
        "示例县水利局2022年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项\n"
        "信息内容 本年制发件数 本年废止件数 现行有效件数\n"
        "规章（设区的市、自治州人民政府应提供\n相关数据，365天统计） 0 0 0\n"
        "规范性文件 1 0 4\n"
    )
    c = gd.cells(gd.parse_text(text).report)
    assert (c["active.rules.issued"], c["active.rules.repealed"], c["active.rules.in_force"]) in (
        (0, 0, 0),
        (None, None, None),
    )
    assert c["active.normative_docs.in_force"] == 4
