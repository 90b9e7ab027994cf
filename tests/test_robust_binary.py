"""Word and PDF layouts the second layout fuzzer (``benchmarks/fuzz_binary.py``) found misread.

The reports are built here from hand-typed lines (a fictional agency; the values asserted
are the ones typed). The fuzzer's short pass is in test_fuzz_short.py.
"""

from __future__ import annotations

import io

import pytest

import govdisclosure as gd

pytest.importorskip("reportlab")

# A 2021 report printed narrow: each row's label on one line, its values on the next. The
# pages break (PAGE) before rows of only zeros, so '0 0 0 0 0 0 0' opens three pages: a line
# repeated at the top of most pages, as a running head is, yet a row of the table.
PAGE = "<page>"
ZEROS = "0 0 0 0 0 0 0"
LINES = [
    "示例县青禾镇人民政府2023年政府信息公开工作年度报告",
    "一、总体情况",
    "2023年，本镇依法做好政府信息公开工作。",
    "二、主动公开政府信息情况",
    "第二十条第（一）项",
    "信息内容 本年制发件数 本年废止件数 现行有效件数",
    "规章 0 0 0",
    "行政规范性文件 3 1 12",
    "第二十条第（五）项",
    "信息内容 本年处理决定数量",
    "行政许可 41",
    "第二十条第（六）项",
    "信息内容 本年处理决定数量",
    "行政处罚 17",
    "行政强制 2",
    "第二十条第（八）项",
    "信息内容 本年收费金额（单位：万元）",
    "行政事业性收费 0",
    "三、收到和处理政府信息公开申请情况",
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 申请人情况",
    "自然人 法人或其他组织 总计",
    "商业企业 科研机构 社会公益组织 法律服务机构 其他",
    "一、本年新收政府信息公开申请数量",
    "6 1 0 0 0 0 7",
    "二、上年结转政府信息公开申请数量",
    "1 0 0 0 0 0 1",
    "三、本年度办理结果 （一）予以公开",
    "4 1 0 0 0 0 5",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "1 0 0 0 0 0 1",
    "（三）不予公开 1.属于国家秘密",
    PAGE,
    ZEROS,
    "2.其他法律行政法规禁止公开",
    ZEROS,
    "3.危及“三安全一稳定”",
    ZEROS,
    "4.保护第三方合法权益",
    ZEROS,
    "5.属于三类内部事务信息",
    ZEROS,
    "6.属于四类过程性信息",
    ZEROS,
    "7.属于行政执法案卷",
    ZEROS,
    "8.属于行政查询事项",
    PAGE,
    ZEROS,
    "（四）无法提供 1.本机关不掌握相关政府信息",
    "1 0 0 0 0 0 1",
    "2.没有现成信息需要另行制作",
    ZEROS,
    "3.补正后申请内容仍不明确",
    ZEROS,
    "（五）不予处理 1.信访举报投诉类申请",
    ZEROS,
    "2.重复申请",
    ZEROS,
    "3.要求提供公开出版物",
    ZEROS,
    "4.无正当理由大量反复申请",
    ZEROS,
    "5.要求行政机关确认或重新出具已获取信息",
    PAGE,
    ZEROS,
    "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ZEROS,
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ZEROS,
    "3.其他",
    ZEROS,
    "（七）总计",
    "6 1 0 0 0 0 7",
    "四、结转下年度继续办理",
    "1 0 0 0 0 0 1",
    "四、政府信息公开行政复议、行政诉讼情况",
    "行政复议 行政诉讼",
    "结果维持 结果纠正 其他结果 尚未审结 总计 " * 2 + "结果维持 结果纠正 其他结果 尚未审结 总计",
    "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0",
    "五、存在的主要问题及改进情况",
    "一是公开的及时性有待提高。",
    "六、其他需要报告的事项",
    "本年度未收取信息处理费。",
]


def _pdf(lines: list[str]) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    cv = canvas.Canvas(buf, pagesize=(595, 842))
    y, page = 800.0, 1
    for line in lines:
        if line == PAGE:
            cv.setFont("STSong-Light", 9)
            cv.drawCentredString(297, 20, f"— {page} —")
            cv.showPage()
            y, page = 800.0, page + 1
            continue
        cv.setFont("STSong-Light", 7 if len(line) > 60 else 10)
        cv.drawString(40, y, line)
        y -= 16
    cv.setFont("STSong-Light", 9)
    cv.drawCentredString(297, 20, f"— {page} —")
    cv.showPage()
    cv.save()
    return buf.getvalue()


def test_a_row_of_zeros_opening_most_pages_is_no_running_head() -> None:
    pytest.importorskip("pypdfium2")
    parsed = gd.parse_bytes(_pdf(LINES), name="narrow.pdf")
    cells = gd.cells(parsed.report)
    # the rows whose values line opens a page, and their like in the body: all read 0
    for row in ("withheld.state_secret", "withheld.prohibited_by_law", "withheld.admin_query", "unable.unclear"):
        assert [cells[f"requests.{row}.{c}"] for c in ("natural_person", "commercial", "total")] == [0, 0, 0]
    assert cells["requests.not_processed.confirmation.total"] == 0
    assert cells["requests.other.misc.total"] == 0
    assert cells["requests.total.total"] == 7
    assert cells["requests.unable.not_held.natural_person"] == 1
    assert [f.rule for f in gd.check(parsed) if f.severity is gd.Severity.ERROR] == []


def test_a_sentence_wrapped_inside_its_verb_leaves_no_piece_of_it_on_the_agency() -> None:
    # a PDF's opening sentence wrapped at the page's edge between 编 and 制: the report names
    # 示例县青禾镇人民政府, not 制示例县青禾镇人民政府
    pytest.importorskip("pypdfium2")
    opening = [
        "根据《中华人民共和国政府信息公开条例》和上级有关要求，结合本镇工作实际，编",
        "制示例县青禾镇人民政府2023年政府信息公开工作年度报告，所列数据的统计期限自2023年1月1日起",
        "至2023年12月31日止。",
    ]
    parsed = gd.parse_bytes(_pdf([*opening, *LINES[1:]]), name="wrapped.pdf")
    cells = gd.cells(parsed.report)
    assert cells["meta.agency"] == "示例县青禾镇人民政府"
    assert cells["meta.year"] == 2023
    assert cells["requests.new.total"] == 7


def test_two_numbers_in_one_cell_of_a_ruled_pdf_table_are_not_run_together() -> None:
    # A PDF table's cell printing '3 5' (a rule lost between two cells, or 35 letter-spaced) and
    # '1 208' (thousands apart by a space): its words were joined as a label's characters are, and
    # read 35 and 1208 with no word. One number or two, the page cannot tell: unread, named.
    from formats import to_pdf

    def row(*cells: str) -> list[tuple[str, int, int] | None]:
        return [(c, 1, 1) for c in cells]

    parts = [
        "示例县白沙乡人民政府2023年政府信息公开工作年度报告",
        "二、主动公开政府信息情况",
        [
            [("第二十条第（一）项", 1, 4), None, None, None],
            row("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
            row("规章", "0", "0", "0"),
            row("行政规范性文件", "4", "1", "3 5"),
        ],
        [
            [("第二十条第（五）项", 1, 2), None],
            row("信息内容", "本年处理决定数量"),
            row("行政许可", "1 208"),
        ],
        [
            [("第二十条第（六）项", 1, 2), None],
            row("信息内容", "本年处理决定数量"),
            row("行政处罚", "17"),
            row("行政强制", "2"),
        ],
    ]
    parsed = gd.parse(to_pdf(parts))
    cells = gd.cells(parsed.report)
    assert [cells[f"active.rules.{c}"] for c in ("issued", "repealed", "in_force")] == [0, 0, 0]
    assert [cells[f"active.normative_docs.{c}"] for c in ("issued", "repealed", "in_force")] == [4, 1, None]
    assert cells["active.licensing.decisions"] is None
    assert [cells["active.penalty.decisions"], cells["active.coercion.decisions"]] == [17, 2]
    named = {c for d in parsed.diagnostics if d.code == "number-split" for c in d.cells}
    assert named == {"active.normative_docs.in_force", "active.licensing.decisions"}


def _licensing_pdf(value: str, width: float, align: int = 0) -> bytes:
    """Table 二's 第（五）项 block ruled, its value column ``width`` points wide, 行政许可's cell holding
    ``value`` (a Paragraph: wrapped in the column as a word processor wraps it; ``align`` 1: centred)
    and 行政处罚's 7."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("cn", fontName="STSong-Light", fontSize=11, leading=16, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName="STSong-Light", fontSize=8, leading=10, wordWrap="CJK", alignment=align)
    data = [
        ["第二十条第（五）项", ""],
        ["信息内容", Paragraph("本年处理决定数量", cell)],
        ["行政许可", Paragraph(value, cell)],
        ["行政处罚", "7"],
    ]
    table = Table(data, colWidths=[100, width])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "STSong-Light", 8),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("SPAN", (0, 0), (1, 0)),
            ]
        )
    )
    buf = io.BytesIO()
    title = Paragraph("示例县白沙乡人民政府2023年政府信息公开工作年度报告", body)
    SimpleDocTemplate(buf, pagesize=A4).build([title, Paragraph("二、主动公开政府信息情况", body), table])
    return buf.getvalue()


def test_two_lines_of_a_ruled_pdf_cell_with_room_to_spare_are_not_run_together() -> None:
    # '12' over '5' in a 60-point column: the 5 would have fitted after the 12, so the line was not
    # wrapped (two rows' values under a rule the page lost?): read 125 before, with no word
    pytest.importorskip("reportlab")
    parsed = gd.parse(_licensing_pdf("12<br/>5", 60))
    cells = gd.cells(parsed.report)
    assert cells["active.licensing.decisions"] is None
    assert "active.licensing.decisions" in {c for d in parsed.diagnostics if d.code == "number-split" for c in d.cells}
    assert cells["active.penalty.decisions"] == 7


def test_two_centred_lines_of_a_ruled_pdf_cell_with_room_to_spare_are_not_run_together() -> None:
    # '3' over '5' centred in a 120-point column: neither line comes near the cell's sides, so the gap
    # to them told no padding and no room; read 35 before, with no word
    pytest.importorskip("reportlab")
    parsed = gd.parse(_licensing_pdf("3<br/>5", 120, align=1))
    cells = gd.cells(parsed.report)
    assert cells["active.licensing.decisions"] is None
    assert "active.licensing.decisions" in {c for d in parsed.diagnostics if d.code == "number-split" for c in d.cells}
    assert cells["active.penalty.decisions"] == 7


@pytest.mark.parametrize("number", ["123456", "98765432"])
@pytest.mark.parametrize("align", [0, 1])
def test_a_number_wrapped_in_a_narrow_ruled_pdf_cell_is_one_number(number: str, align: int) -> None:
    # in a 22-point column the number wraps two or three digits a line ('12⏎34⏎56'): each line full
    # (its last one short, left-aligned or centred)
    pytest.importorskip("reportlab")
    parsed = gd.parse(_licensing_pdf(number, 22, align))
    assert gd.cells(parsed.report)["active.licensing.decisions"] == int(number)
