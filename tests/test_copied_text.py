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
