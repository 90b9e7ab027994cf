"""A table with a serial-number column (序号) and rows printed with empty cells.

The next row's serial number is the first thing after a blank row's empty cells. It was shifted
into the blank row's last column (上年结转 read as total 3, the 3 being the next row's 序号), and
identity 1 then blamed the report for it. A blank row stays blank; the number is named.
Values typed by hand.
"""

from __future__ import annotations

import pytest

import govdisclosure as gd

COLS = ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total")

TEXT = """示例县自然资源局2023年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
| 序号 | （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 | | | | | | |
| | 自然人 | 法人或其他组织 | 总计 | | | | | |
| | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | | | |
| 1 | 一、本年新收政府信息公开申请数量 | 6 | 0 | 1 | 0 | 0 | 0 | 7 |
| 2 | 二、上年结转政府信息公开申请数量 | | | | | | | |
| 3 | 三、本年度办理结果 | （一）予以公开 | 3 | 0 | 1 | 0 | 0 | 0 | 4 |
| 4 | （二）部分公开（区分处理的，只计这一情形，不计其他情形） | 2 | | | | | | 2 |
| 5 | （三）不予公开 | 1.属于国家秘密 | | | | | | | |
| 6 | 2.其他法律行政法规禁止公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
"""


def _html(text: str) -> str:
    rows = []
    for line in text.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        else:
            rows.append(f"<p>{line}</p>")
    body, table = [r for r in rows if r.startswith("<p>")], [r for r in rows if r.startswith("<tr>")]
    return "<html><body>" + "".join(body) + "<table>" + "".join(table) + "</table></body></html>"


def _row(cells: dict[str, object], row: str) -> tuple[object, ...]:
    return tuple(cells[f"requests.{row}.{c}"] for c in COLS)


@pytest.mark.parametrize("form", ["text", "html"])
def test_a_blank_row_does_not_take_the_next_rows_serial_number(form: str) -> None:
    parsed = gd.parse_text(TEXT) if form == "text" else gd.parse_bytes(_html(TEXT).encode(), name="t.html")
    cells = gd.cells(parsed.report)
    assert _row(cells, "new") == (6, 0, 1, 0, 0, 0, 7)
    assert _row(cells, "carried_over") == (None,) * 7
    assert _row(cells, "granted") == (3, 0, 1, 0, 0, 0, 4)
    assert _row(cells, "partially_granted") == (2, None, None, None, None, None, 2)
    assert _row(cells, "withheld.state_secret") == (None,) * 7
    assert _row(cells, "withheld.prohibited_by_law") == (0,) * 7
    left = " ".join(d.message_en for d in parsed.diagnostics if d.code == "number-left-over")
    assert "carried_over: 1 more value(s) than the template's 7 columns: 3" in left
    assert "state_secret: 1 more value(s) than the template's 7 columns: 6" in left
    assert not [f for f in gd.check(parsed) if f.severity is gd.Severity.ERROR]


def test_a_label_cell_over_two_columns_still_gives_its_blank_up() -> None:
    """The blank a label spanning two grid columns leaves before the values is still dropped,
    with the next row's serial number after the row."""
    text = TEXT.replace(
        "| 2 | 二、上年结转政府信息公开申请数量 | | | | | | | |",
        "| 2 | 二、上年结转政府信息公开申请数量 | | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
    )
    cells = gd.cells(gd.parse_text(text).report)
    assert _row(cells, "carried_over") == (1, 0, 0, 0, 0, 0, 1)


def _blank_row_then_values(text: str) -> tuple[dict[str, object], str]:
    """The cells of a text whose 8.属于行政查询事项 is printed blank and followed by a line of values
    with no label: the row is blank, and the first values-left-over message (returned) names them."""
    parsed = gd.parse_text(text)
    cells = gd.cells(parsed.report)
    assert _row(cells, "withheld.admin_query") == (None,) * 7
    left = [d for d in parsed.diagnostics if d.code == "number-left-over"]
    assert left
    return cells, left[0].message_en


def test_a_row_of_empty_cells_does_not_take_the_values_of_the_lines_after_it() -> None:
    """A row whose empty cells fill its columns is printed blank: a line of values after it
    with no label (another row's, whose label is elsewhere) is named, not read as its."""
    text = (
        "示例县2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
        "| 7.属于行政执法案卷 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
        "| 8.属于行政查询事项 | | | | | | | |\n"
        "| 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n"
        "（四）无法提供\n1.本机关不掌握相关政府信息\n"
        "| 2.没有现成信息需要另行制作 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    )
    cells, left = _blank_row_then_values(text)
    assert _row(cells, "withheld.enforcement_files") == (0,) * 7
    assert left.endswith("3 0 0 0 0 0 3")


def test_an_html_row_of_empty_cells_before_a_row_broken_at_a_page_end() -> None:
    """上年结转 printed with empty cells; 予以公开 broken at a page end (its label's head and
    values on one line, the rest of its label under them): the values are 予以公开's."""
    rows = [
        ["一、本年新收政府信息公开申请数量", "6", "", "1", "", "", "", "7"],
        ["二、上年结转政府信息公开申请数量", "", "", "", "", "", "", ""],
        ["三、本", "（一）", "3", "", "1", "", "", "", "4"],
        ["年度办理结果", "予以公开", "", "", "", "", "", "", ""],
        ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "2", "", "", "", "", "", "2"],
    ]
    table = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    page = f"<p>示例县2023年政府信息公开工作年度报告</p><p>三、收到和处理政府信息公开申请情况</p><table>{table}</table>"
    parsed = gd.parse_bytes(page.encode(), name="t.html")
    cells = gd.cells(parsed.report)
    assert _row(cells, "carried_over") == (None,) * 7
    assert _row(cells, "granted") == (3, None, 1, None, None, None, 4)


def test_a_row_of_empty_tab_cells_does_not_take_the_values_of_the_line_after_it() -> None:
    """The same with tabs: '8.属于行政查询事项⇥⇥⇥⇥⇥⇥⇥' (empty cells with nothing between their
    separators), then a line of values with no label."""
    text = (
        "示例县2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
        "7.属于行政执法案卷\t0\t0\t0\t0\t0\t0\t0\n"
        "8.属于行政查询事项\t\t\t\t\t\t\t\n"
        "4\t0\t0\t0\t0\t0\t4\n"
        "（四）无法提供\n1.本机关不掌握相关政府信息\n"
        "2.没有现成信息需要另行制作\t0\t0\t0\t0\t0\t0\t0\n"
    )
    _, left = _blank_row_then_values(text)
    assert left.endswith("4 0 0 0 0 0 4")
