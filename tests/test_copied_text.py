"""Text copied out of a PDF or a web page: a blank row's empty cells vanish in the copy.

What is left is the row's label alone on its line, and the next line opens with the next
row's ordinal (（四）, （七）). That ordinal is the next row's, never a note of the blank row's
label: taken as a note, the next row's label was lost and its values read as the blank row's
(3.其他 read as the 总计's 12 0 0 0 0 0 12, with no word). Values typed by hand.
"""

from __future__ import annotations

import pytest

import govdisclosure as gd

HEAD = """示例区教育局2022年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
申请人情况 自然人 法人或其他组织 总计
商业企业 科研机构 社会公益组织 法律服务机构 其他
一、本年新收政府信息公开申请数量 12 0 0 0 0 0 12
二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0
三、本年度办理结果 （一）予以公开 9 0 0 0 0 0 9
（二）部分公开（区分处理的，只计这一情形，不计其他情形） 1 0 0 0 0 0 1
（三）不予公开 1.属于国家秘密 0 0 0 0 0 0 0
8.属于行政查询事项
（四）无法提供 1.本机关不掌握相关政府信息 2 0 0 0 0 0 2
（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 0 0 0 0 0 0 0
2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 0 0 0 0 0 0 0
"""


@pytest.mark.parametrize("misc", ["3.其他\n", "3.其他       \n", "3.其他\t\t\n"])
def test_a_blank_row_does_not_take_the_next_rows_ordinal(misc: str) -> None:
    text = HEAD + misc + "（七）总计 12 0 0 0 0 0 12\n四、结转下年度继续办理 0 0 0 0 0 0 0\n"
    parsed = gd.parse_text(text)
    c = gd.cells(parsed.report)
    assert c["requests.total.natural_person"] == 12
    assert c["requests.total.total"] == 12
    assert c["requests.other.misc.natural_person"] is None
    assert c["requests.withheld.admin_query.natural_person"] is None
    assert c["requests.unable.not_held.natural_person"] == 2
    blank = {cid for d in parsed.diagnostics if d.code == "row-blank" for cid in d.cells}
    assert "requests.other.misc.total" in blank
    assert "requests.withheld.admin_query.total" in blank


def test_a_note_in_brackets_is_still_the_labels() -> None:
    """A real note after a label, wrapped onto the next line, stays the label's."""
    text = HEAD.replace(
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形） 1",
        "（二）部分公开\n（区分处理的，只计这一情形，不计其他情形） 1",
    )
    c = gd.cells(gd.parse_text(text + "3.其他 0 0 0 0 0 0 0\n（七）总计 12 0 0 0 0 0 12\n").report)
    assert c["requests.partially_granted.natural_person"] == 1
    assert c["requests.total.natural_person"] == 12


# ----------------------------------------------------------- a crawler's copy on one line
ONE_LINE_T2 = (
    "示例街道办事处2020年政府信息公开工作年度报告\n二、主动公开政府信息情况\n"
    "第二十条第（一）项 信息内容 本年新制作数量 本年新公开数量 对外公开总数量 规章 0 0 0 规范性文件 "
    "其他主动公开文件 9 9 9 第二十条第（五）项 信息内容 上一年项目数量 本年增/减 处理决定数量 行政许可 0 0 0\n"
    "三、收到和处理政府信息公开申请情况\n"
)


def test_words_of_another_row_between_a_label_and_values_leave_the_row_unread() -> None:
    """规范性文件 printed empty, then a row the template does not have (其他主动公开文件, a
    province's extra row) with its values: they are not 规范性文件's."""
    parsed = gd.parse_text(ONE_LINE_T2)
    c = gd.cells(parsed.report)
    assert [c[f"active.normative_docs.{k}"] for k in ("made", "published", "total")] == [None] * 3
    assert [c[f"active.rules.{k}"] for k in ("made", "published", "total")] == [0, 0, 0]
    uncertain = [d for d in parsed.diagnostics if d.code == "row-uncertain"]
    assert len(uncertain) == 1
    assert "其他主动公开文件" in uncertain[0].message_zh
    assert uncertain[0].message_en.endswith("9 9 9")


ONE_LINE_T3 = (
    "示例街道办事处2022年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
    "申请人情况 自然人 法人或其他组织 总计 商业企业 科研机构 社会公益组织 法律服务机构 其他 "
    "一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3 二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0 "
    "三、本年度办理结果 （一）予以公开 1 0 0 0 0 0 1 （六）其他处理 "
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 1 0 0 0 0 0 1 "
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 其他 1 0 0 0 0 0 1 "
    "（七）总计 3 0 0 0 0 0 3\n"
)


@pytest.mark.parametrize("verb", ["处理", "受理"])
def test_a_bare_generic_label_after_an_empty_row_takes_the_values(verb: str) -> None:
    """2. printed empty, then 3.其他 printed as 其他 without its ordinal, then its values."""
    parsed = gd.parse_text(ONE_LINE_T3.replace("不再处理其政府信息公开申请 其他", f"不再{verb}其政府信息公开申请 其他"))
    c = gd.cells(parsed.report)
    cols = ("natural_person", "commercial", "total")
    assert [c[f"requests.other.unpaid_fee.{k}"] for k in cols] == [None] * 3
    assert [c[f"requests.other.misc.{k}"] for k in cols] == [1, 0, 1]
    assert [c[f"requests.other.no_correction.{k}"] for k in cols] == [1, 0, 1]
    assert any(d.code == "row-by-position" and "其他" in d.message_zh for d in parsed.diagnostics)
    assert not [f for f in gd.check(parsed) if f.severity is gd.Severity.ERROR]


# ------------------------------------------- a group's label inside its row's wrapped label
GROUP_INSIDE = (
    "示例区司法局2021年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
    "申请人情况 自然人 法人或其他组织 总计\n商业企业 科研机构 社会公益组织 法律服务机构 其他\n"
    "一、本年新收政府信息公开申请数量 14 2 0 0 0 0 16\n二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n"
    "三、本年度办理结果 （一）予以公开 13 0 0 0 0 0 13\n"
    "1.申请人无正当理由逾期不补正、行\n（六）其他处理 1 0 0 0 0 0 1\n政机关不再处理其政府信息公开申请\n"
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息\n0 0 0 0 0 0 0\n公开申请\n"
    "3.其他 0 2 0 0 0 0 2\n（七）总计 14 2 0 0 0 0 16\n四、结转下年度继续办理 0 0 0 0 0 0 0\n"
)


def test_a_group_label_inside_its_first_rows_wrapped_label() -> None:
    """A PDF of a table whose （六）其他处理 cell spans its three rows prints the group's label on
    the middle line of the first row's wrapped label, beside that row's values: they are the
    row's, and （六）其他处理 is no row of its own (identity 2 then holds, as printed)."""
    parsed = gd.parse_text(GROUP_INSIDE)
    c = gd.cells(parsed.report)
    cols = ("natural_person", "commercial", "total")
    assert [c[f"requests.other.no_correction.{k}"] for k in cols] == [1, 0, 1]
    assert [c[f"requests.other.unpaid_fee.{k}"] for k in cols] == [0, 0, 0]
    assert [c[f"requests.other.misc.{k}"] for k in cols] == [0, 2, 2]
    assert [c[f"requests.other.{k}"] for k in cols] == [None] * 3
    assert not [f for f in gd.check(parsed) if f.severity is gd.Severity.ERROR]


def test_a_group_label_broken_inside_its_first_rows_wrapped_label() -> None:
    """The group's label itself wrapped ('（六）其他 / 处理') in a column narrower still, the row's
    label's pieces beside it, the values on a line of their own: the row's, not a blank row."""
    text = GROUP_INSIDE.replace(
        "1.申请人无正当理由逾期不补正、行\n（六）其他处理 1 0 0 0 0 0 1\n政机关不再处理其政府信息公开申请\n",
        "1.申请人无正当理由\n（六）其他 逾期不补正、行政机\n1 0 0 0 0 0 1\n处理 关不再处理其政府信\n息公开申请\n",
    )
    parsed = gd.parse_text(text)
    c = gd.cells(parsed.report)
    assert [c[f"requests.other.no_correction.{k}"] for k in ("natural_person", "commercial", "total")] == [1, 0, 1]
    assert [c[f"requests.other.misc.{k}"] for k in ("commercial", "total")] == [2, 2]
    assert not [d for d in parsed.diagnostics if d.code in ("row-blank", "number-not-used")]
    assert not [f for f in gd.check(parsed) if f.severity is gd.Severity.ERROR]


def test_a_row_broken_at_a_page_end_with_its_values_on_a_line_of_their_own() -> None:
    """'三、本 | （一）', then the values on their own line, then the rest of the label on the next
    page over empty cells: not read as a blank row (its values are not certain: unread, named)."""
    text = (
        "示例县2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
        "| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
        "三、本 | （一）\n3 |  | 1 |  |  |  | 4 |\n| 年度办理结果 | 予以公开 | | | | | | | |\n"
        "| （二）部分公开（区分处理的，只计这一情形，不计其他情形） | 2 | | | | | | 2 |\n"
    )
    parsed = gd.parse_text(text)
    c = gd.cells(parsed.report)
    assert [c[f"requests.granted.{k}"] for k in ("natural_person", "research", "total")] == [None] * 3
    uncertain = {cid for d in parsed.diagnostics if d.code == "row-uncertain" for cid in d.cells}
    assert "requests.granted.total" in uncertain


def test_a_group_label_of_no_row_inside_its_first_rows_wrapped_label() -> None:
    """The same with （四）无法提供, a group's label that is no row of either template."""
    text = GROUP_INSIDE.replace(
        "三、本年度办理结果 （一）予以公开 13 0 0 0 0 0 13\n",
        "三、本年度办理结果 （一）予以公开 12 0 0 0 0 0 12\n"
        "1.本机关不掌握相\n（四）无法提供 1 0 0 0 0 0 1\n关政府信息\n",
    )
    parsed = gd.parse_text(text)
    c = gd.cells(parsed.report)
    assert [c[f"requests.unable.not_held.{k}"] for k in ("natural_person", "commercial", "total")] == [1, 0, 1]
    assert not [f for f in gd.check(parsed) if f.severity is gd.Severity.ERROR]


def test_a_misread_rest_of_the_labels_own_cell_is_still_its_label() -> None:
    """A scan's misreading inside the label's cell ('确认或致新出具已庆收信息' for 确认或重新出具已获取
    信息) is no other row's words: the row is read (approximately, as its label is)."""
    text = (
        "示例镇2022年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
        "| 4.无正当理由大量反复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
        "| 5.要求行政机关确认或致新出具已庆收信息 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n"
        "| （六）其他处理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    )
    c = gd.cells(gd.parse_text(text).report)
    assert [c[f"requests.not_processed.confirmation.{k}"] for k in ("natural_person", "total")] == [2, 2]


# ------------------------------------------ a table without rules printed to PDF: its text lines
UNRULED_T2 = """示例市城市管理局2020年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第（五）项
信息内容 上一年项目数量 本年增/减 处理决定数量
行政许可 8 5 93
其他对外管理服务事项（指行政许可以外的政务服务事项，含
行政确认、行政奖励、行政裁决、行政给付、行政处罚、行 117 0 165
政强制、行政检查、行政征收和其他类，以及公共服务事项）
第二十条第（六）项
信息内容 上一年项目数量 本年增/减 处理决定数量
行政处罚 90 0 22
行政强制 4 4 6
"""


def test_a_rows_label_inside_another_rows_note_is_not_that_row() -> None:
    """A table that draws no rules, printed to PDF, puts a long note's lines and the row's values
    on one line: 行政处罚 inside 其他对外管理服务事项's note is not the 行政处罚 row (printed below),
    and the values beside it are not its own (90 0 22 was read as 117 0 165, with no word)."""
    parsed = gd.parse_text(UNRULED_T2)
    c = gd.cells(parsed.report)
    assert (c["active.penalty.prev_items"], c["active.penalty.change"], c["active.penalty.decisions"]) == (90, 0, 22)
    assert (c["active.coercion.prev_items"], c["active.coercion.decisions"]) == (4, 6)
    assert c["active.licensing.decisions"] == 93
    assert not [d for d in parsed.diagnostics if d.code == "duplicate-row"]
