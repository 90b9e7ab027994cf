"""Tables 三 and 二 printed to PDF without rules, their blank cells printing nothing.

A web page whose table draws no rules, printed to PDF, prints table 三 as lines of words: the
label, then the values, and nothing where a cell is blank. A report whose five 法人 columns are
all blank prints ``一、本年新收政府信息公开申请数量 5 5``: as a line of text it cannot be split into
seven cells, and the whole table was left unread (named). The text layer knows where each word
stands: the header prints the seven headings, and each value stands under one of them.

The PDFs are drawn here, laid out as Chromium prints such a page (headings wrapped in narrow
cells, values at their column's left edge, the table running on to the next page with its header
printed once); the values are typed by hand.
"""

from __future__ import annotations

from typing import Any

import pytest

import govdisclosure as gd

from formats import drawn_pdf

# (heading lines, column's left edge): each heading wrapped two characters a line, as in a narrow cell
HEADS = [
    (["自然", "人"], 255),
    (["商业", "企业"], 300),
    (["科研", "机构"], 345),
    (["社会", "公益", "组织"], 390),
    (["法律", "服务", "机构"], 435),
    (["其他"], 480),
    (["总计"], 515),
]
# (group piece, label lines, (自然人, 总计) or None, index of the label line the values stand on)
ROWS_PAGE_1 = [
    ("", ["一、本年新收政府信息公开申请数量"], ("5", "5"), 0),
    ("", ["二、上年结转政府信息公开申请数量"], ("0", "0"), 0),
    ("三、本年", ["（一）予以公开"], ("3", "3"), 0),
    ("度办理结", ["（二）部分公开（区分处理的，只计这", "一情形，不计其他情形）"], ("1", "1"), 1),
]
ROWS_PAGE_2 = [
    ("", ["（七）总计"], ("4", "4"), 0),
    ("", ["四、结转下年度继续办理"], ("1", "1"), 0),
]


def _pdf(
    value_x: dict[str, float] | None = None,
    lone_number: bool = False,
    centred: bool = False,
    split: bool = False,
    pair: bool = False,
) -> bytes:
    """The table drawn without a rule; ``value_x`` moves the values of the rows whose first label line
    is a key to another left edge (their 自然人 value); ``lone_number`` prints a row's last digit
    alone in the label column on the next line (a row broken inside a cell); ``centred`` centres the
    headings and the values in their 40-point columns instead of setting them at the left edge;
    ``split`` prints row 一's 总计 as 1 over 2 (12 wrapped in its cell), its 自然人 as 12; ``pair``
    prints row 一's 自然人 cell as ``2 3`` (two numbers in one cell)."""
    pytest.importorskip("reportlab")
    from reportlab.pdfbase.pdfmetrics import stringWidth

    moved = value_x or {}

    def put(c: Any, x: float, y: float, text: str) -> None:
        if centred:
            x += (40 - stringWidth(text, "STSong-Light", 9)) / 2
        c.drawString(x, y, text)

    def rows(c: Any, y: float, spec: list[tuple[str, list[str], tuple[str, str] | None, int]]) -> float:
        for group, labels, values, at in spec:
            if group:
                c.drawString(40, y, group)
            for k, label in enumerate(labels):
                c.drawString(95, y - 14 * k, label)
            if values is not None:
                vy = y - 14 * at
                if split and labels[0].startswith("一、"):
                    put(c, 255, vy, "12")
                    put(c, 515, vy, "1")
                    put(c, 515, vy - 11, "2")
                elif pair and labels[0].startswith("一、"):
                    put(c, 255, vy, "2 3")
                    put(c, 515, vy, values[1])
                else:
                    put(c, moved.get(labels[0], 255), vy, values[0])
                    put(c, 515, vy, values[1])
                if lone_number and labels[0].startswith("二、"):
                    c.drawString(40, vy - 14, "2")
            y -= 14 * len(labels) + 10
        return y

    def draw(c: Any) -> None:
        c.setFont("STSong-Light", 9)
        c.drawString(40, 770, "三、收到和处理政府信息公开申请情况")
        c.drawString(255, 745, "申请人情况")
        c.drawString(300, 733, "法人或其他组织")
        for lines, x in HEADS:
            for k, text in enumerate(lines):
                put(c, x, 720 - 11 * k, text)
        c.drawString(40, 720, "（本列数据的勾稽关系为：第一项加第二项之")
        c.drawString(40, 709, "和，等于第三项加第四项之和）")
        rows(c, 670, ROWS_PAGE_1)
        c.showPage()
        c.setFont("STSong-Light", 9)
        y = rows(c, 780, ROWS_PAGE_2)
        c.drawString(40, y - 20, "四、政府信息公开行政复议、行政诉讼情况")
        c.drawString(40, y - 40, "本年度本机关未发生因政府信息公开申请引起的行政复议、行政诉讼。")
        c.showPage()

    return drawn_pdf(draw, "示例县发展和改革局2023年政府信息公开工作年度报告")


ROWS = {
    "new": (5, 5),
    "carried_over": (0, 0),
    "granted": (3, 3),
    "partially_granted": (1, 1),
    "total": (4, 4),
    "carried_forward": (1, 1),
}
COLS = ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total")
BLANK = ("commercial", "research", "social_welfare", "legal_services", "other_org")


@pytest.mark.parametrize("centred", [False, True], ids=["left", "centred"])
def test_blank_cells_of_a_table_without_rules_are_told_by_its_header(centred: bool) -> None:
    parsed = gd.parse(_pdf(centred=centred))
    c = gd.cells(parsed.report)
    for row, (person, total) in ROWS.items():
        assert (c[f"requests.{row}.natural_person"], c[f"requests.{row}.total"]) == (person, total), row
        for col in BLANK:
            assert c[f"requests.{row}.{col}"] is None, (row, col)
    printed = [x for d in parsed.diagnostics if d.code == "cell-not-read" for x in d.cells if x.split(".")[1] in ROWS]
    assert printed == []


def _never_misplaced(parsed: gd.Parsed) -> None:
    """Every value read is the one printed under its heading, or the cell is unread and named."""
    c = gd.cells(parsed.report)
    named = {x for d in parsed.diagnostics for x in d.cells}
    for row, (person, total) in ROWS.items():
        for col, want in (("natural_person", person), ("total", total)):
            cid = f"requests.{row}.{col}"
            assert c[cid] in (want, None), cid
            if c[cid] is None:
                assert cid in named or any(cid.startswith(x) for x in named), cid
        for col in BLANK:
            assert c[f"requests.{row}.{col}"] is None, (row, col)


def test_a_value_between_two_headings_leaves_the_table_as_printed() -> None:
    # 予以公开's 自然人 value stands between 自然人's and 商业企业's headings, over both columns
    parsed = gd.parse(_pdf(value_x={"（一）予以公开": 288}))
    _never_misplaced(parsed)
    assert gd.cells(parsed.report)["requests.granted.natural_person"] is None


def test_a_number_in_the_label_column_leaves_the_table_as_printed() -> None:
    # a row broken inside a cell: its last digit alone in the label column, the columns not certain
    parsed = gd.parse(_pdf(lone_number=True))
    _never_misplaced(parsed)
    assert gd.cells(parsed.report)["requests.new.natural_person"] is None


def test_a_number_wrapped_in_its_cell_is_never_read_in_part() -> None:
    # row 一's 总计 12 printed as 1 over 2: the line of values alone under it is no row of its own
    parsed = gd.parse(_pdf(split=True))
    c = gd.cells(parsed.report)
    assert c["requests.new.total"] in (12, None)
    if c["requests.new.total"] is None:
        assert any("requests.new.total" in d.cells for d in parsed.diagnostics)


def test_two_numbers_in_one_cell_of_table_three_are_named_and_the_rest_read_by_the_header() -> None:
    parsed = gd.parse(_pdf(pair=True))
    c = gd.cells(parsed.report)
    assert c["requests.new.natural_person"] is None
    assert any("requests.new.natural_person" in d.cells for d in parsed.diagnostics if d.code != "cell-not-read")
    for row, (person, total) in ROWS.items():
        if row != "new":
            assert (c[f"requests.{row}.natural_person"], c[f"requests.{row}.total"]) == (person, total), row


FULL_ROWS = [  # every cell printed: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计
    ("一、本年新收政府信息公开申请数量", ("4", "1", "0", "1", "0", "0", "6")),
    ("二、上年结转政府信息公开申请数量", ("0", "0", "0", "0", "0", "0", "0")),
    ("（一）予以公开", ("3", "1", "0", "1", "0", "0", "5")),
    ("（七）总计", ("3", "1", "0", "1", "0", "0", "5")),
    ("四、结转下年度继续办理", ("1", "0", "0", "0", "0", "0", "1")),
]


def _full_pdf(order: list[int]) -> bytes:
    """Table 三 without rules, every cell printed, its headings wrapped as in HEADS but set in the
    columns in ``order`` (HEADS' indices, left to right); the values in the columns' order."""
    pytest.importorskip("reportlab")
    xs = [x for _, x in HEADS]

    def draw(c: Any) -> None:
        c.setFont("STSong-Light", 9)
        c.drawString(40, 770, "三、收到和处理政府信息公开申请情况")
        c.drawString(255, 745, "申请人情况")
        c.drawString(300, 733, "法人或其他组织")
        for x, k in zip(xs, order, strict=True):
            for j, text in enumerate(HEADS[k][0]):
                c.drawString(x, 720 - 11 * j, text)
        y = 670
        for label, values in FULL_ROWS:
            c.drawString(95, y, label)
            for x, v in zip(xs, values, strict=True):
                c.drawString(x, y, v)
            y -= 24
        c.drawString(40, y - 20, "四、政府信息公开行政复议、行政诉讼情况")
        c.showPage()

    return drawn_pdf(draw, "示例县发展和改革局2023年政府信息公开工作年度报告")


def test_a_header_without_rules_in_another_order_is_seen_in_its_order() -> None:
    # the headings wrapped in narrow cells, 社会公益组织 set before 科研机构: as text, the pieces of
    # the headings stand among one another and no order can be read; by their places, it can
    plain = gd.cells(gd.parse(_full_pdf([0, 1, 2, 3, 4, 5, 6])).report)
    assert [plain[f"requests.granted.{c}"] for c in COLS] == [3, 1, 0, 1, 0, 0, 5]
    parsed = gd.parse(_full_pdf([0, 1, 3, 2, 4, 5, 6]))
    c = gd.cells(parsed.report)
    assert [c[f"requests.granted.{k}"] for k in COLS] == [3, 1, None, None, 0, 0, 5]
    named = {x for d in parsed.diagnostics if d.code == "header-order" for x in d.cells}
    assert {"requests.new.research", "requests.new.social_welfare", "requests.total.research"} <= named


# --- Table 二's blocks of three columns, printed without rules ------------------------------------
DOC_2021 = ("本年制发件数", "本年废止件数", "现行有效件数")
DOC_2019 = ("本年新制作数量", "本年新公开数量", "对外公开总数量")
ITEMS_2019 = ("上一年项目数量", "本年增/减", "处理决定数量")
Block = tuple[str, tuple[str, ...], list[tuple[str, tuple[str, str, str]]]]


def _active_pdf(blocks: list[Block], year: int, header_for: set[str] | None = None) -> bytes:
    """Table 二 drawn without a rule: each block's group line, its header (信息内容 and the headings,
    each at its column's left edge) unless the group is left out of ``header_for``, then its rows,
    an empty string a blank cell."""
    pytest.importorskip("reportlab")
    xs = (200, 290, 380)

    def draw(c: Any) -> None:
        c.setFont("STSong-Light", 9)
        c.drawString(40, 770, "二、主动公开政府信息情况")
        y = 745.0
        for group, headings, rows in blocks:
            c.drawString(40, y, group)
            y -= 15
            if header_for is None or group in header_for:
                c.drawString(40, y, "信息内容")
                for x, h in zip(xs, headings, strict=True):
                    c.drawString(x, y, h)
                y -= 15
            for label, values in rows:
                c.drawString(40, y, label)
                for x, v in zip(xs, values, strict=True):
                    if v:
                        c.drawString(x, y, v)
                y -= 15
        c.drawString(40, y - 20, "三、收到和处理政府信息公开申请情况")
        c.drawString(40, y - 40, "本年度本机关未收到政府信息公开申请。")
        c.showPage()

    return drawn_pdf(draw, f"示例县发展和改革局{year}年政府信息公开工作年度报告")


def test_blank_cells_of_table_two_without_rules_are_told_by_its_header() -> None:
    parsed = gd.parse(
        _active_pdf(
            [("第二十条第（一）项", DOC_2021, [("规章", ("", "", "5")), ("行政规范性文件", ("2", "", "7"))])], 2023
        )
    )
    c = gd.cells(parsed.report)
    assert [c[f"active.rules.{k}"] for k in ("issued", "repealed", "in_force")] == [None, None, 5]
    assert [c[f"active.normative_docs.{k}"] for k in ("issued", "repealed", "in_force")] == [2, None, 7]
    assert not [d for d in parsed.diagnostics if d.code in ("ambiguous-run", "row-short")]


def test_the_2019_blocks_each_under_its_own_header() -> None:
    blocks: list[Block] = [
        ("第二十条第（一）项", DOC_2019, [("规章", ("", "", "3")), ("规范性文件", ("1", "1", "9"))]),
        ("第二十条第（五）项", ITEMS_2019, [("行政许可", ("12", "", "40")), ("其他对外管理服务事项", ("", "", ""))]),
        ("第二十条第（六）项", ITEMS_2019, [("行政处罚", ("5", "-1", "")), ("行政强制", ("2", "", "8"))]),
    ]
    c = gd.cells(gd.parse(_active_pdf(blocks, 2020)).report)
    assert [c[f"active.rules.{k}"] for k in ("made", "published", "total")] == [None, None, 3]
    assert [c[f"active.normative_docs.{k}"] for k in ("made", "published", "total")] == [1, 1, 9]
    assert [c[f"active.licensing.{k}"] for k in ("prev_items", "change", "decisions")] == [12, None, 40]
    assert [c[f"active.penalty.{k}"] for k in ("prev_items", "change", "decisions")] == [5, -1, None]
    assert [c[f"active.coercion.{k}"] for k in ("prev_items", "change", "decisions")] == [2, None, 8]


def test_two_numbers_under_one_heading_are_never_read_as_two_cells() -> None:
    # 规章's 废止 cell holds '1 4', its 现行有效 cell is blank: as a line of text, '规章 0 1 4' fills the
    # three columns; by where the words stand, the pair is one cell's
    rows = [("规章", ("0", "1 4", "")), ("行政规范性文件", ("2", "3", "7"))]
    parsed = gd.parse(_active_pdf([("第二十条第（一）项", DOC_2021, rows)], 2023))
    c = gd.cells(parsed.report)
    assert [c[f"active.rules.{k}"] for k in ("issued", "repealed", "in_force")] == [0, None, None]
    assert any("active.rules.repealed" in d.cells for d in parsed.diagnostics if d.code != "cell-not-read")
    assert [c[f"active.normative_docs.{k}"] for k in ("issued", "repealed", "in_force")] == [2, 3, 7]


def test_rows_of_another_block_under_a_header_leave_it_as_printed() -> None:
    # the 第（五）项 block prints no header of its own: 行政许可's value stands under 本年制发件数, and the
    # columns of 规章's header are not its columns
    blocks: list[Block] = [
        ("第二十条第（一）项", DOC_2021, [("规章", ("", "", "5"))]),
        ("第二十条第（五）项", DOC_2021, [("行政许可", ("12", "", ""))]),
    ]
    parsed = gd.parse(_active_pdf(blocks, 2023, header_for={"第二十条第（一）项"}))
    c = gd.cells(parsed.report)
    assert [c[f"active.rules.{k}"] for k in ("issued", "repealed", "in_force")] == [None, None, None]
    assert any("active.rules.in_force" in d.cells for d in parsed.diagnostics if d.code != "cell-not-read")
    assert c["active.licensing.decisions"] == 12
