"""Mechanisms found on real reports gathered outside the shared corpus (hand-typed fixtures
in ``fixtures/wild``; the values asserted are read off them by a person)."""

from __future__ import annotations

from pathlib import Path

import pytest

import govdisclosure as gd

WILD = Path(__file__).parent / "fixtures" / "wild"


def _named(parsed: gd.Parsed, code: str) -> set[str]:
    return {c for d in parsed.diagnostics if d.code == code for c in d.cells}


def _messages(parsed: gd.Parsed, code: str) -> list[str]:
    return [d.message_zh for d in parsed.diagnostics if d.code == code]


def test_a_table_mixing_both_editions_is_on_the_edition_its_first_block_prints() -> None:
    # Modelled on a real 2021 教育局 report: 第（一）项 keeps 2019's 本年新制作数量 / 本年新公开数量 /
    # 对外公开总数量, 第（五）（六）（八）项 print 2021's headers: as many marks of each edition. The
    # spec's sign of the edition is the 第（一）项 header: 2019 (a 2021 report on it is said).
    # Before, the tie was said as 'table 二 missing' and the table mapped by the year, 2021: 3 2 17
    # became issued 3, repealed 2 (本年新公开数量), in force 17, with no word.
    parsed = gd.parse(WILD / "mixed-blocks-oneline-2021.txt")
    cells = gd.cells(parsed.report)
    assert parsed.report.meta.edition is gd.Edition.E2019
    assert [cells[f"active.normative_docs.{c}"] for c in ("made", "published", "total")] == [3, 2, 17]
    assert [cells[f"active.rules.{c}"] for c in ("made", "published", "total")] == [0, 0, 0]
    # the blocks on 2021's one 本年处理决定数量 column: the decisions are kept, the rest left unread
    assert [cells[f"active.{r}.decisions"] for r in ("licensing", "penalty", "coercion")] == [46, 8, 0]
    assert cells["active.licensing.prev_items"] is None
    assert "active.licensing.prev_items" in _named(parsed, "block-other-edition")
    # 2021's fee amount has no cell in 2019's template (its fees are item counts): named, not used
    assert cells["active.fees.prev_items"] is None
    assert "1.5" in " ".join(_messages(parsed, "block-other-edition"))
    assert [cells[f"requests.new.{c}"] for c in ("natural_person", "commercial", "total")] == [2, 0, 2]
    codes = {d.code for d in parsed.diagnostics}
    assert "edition-mismatch" in codes
    assert "edition-undecided" not in codes


def test_a_2019_first_block_on_the_2021_template_is_not_read_into_its_columns() -> None:
    # The same block mapped on 2021 (here asked for): three columns in both editions, but
    # 本年新公开数量 is not 本年废止件数. The values are named, 2021's cells left unread.
    from importlib import resources

    sample = resources.files("govdisclosure.examples").joinpath("sample-2021.txt").read_text("utf-8")
    head = "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |"
    assert head in sample
    text = sample.replace(head, "| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |")
    parsed = gd.parse_text(text, gd.ParseOptions(edition="2021"))
    cells = gd.cells(parsed.report)
    ids = [f"active.{r}.{c}" for r in ("rules", "normative_docs") for c in ("issued", "repealed", "in_force")]
    assert [cells[k] for k in ids] == [None] * 6
    assert set(ids) <= _named(parsed, "block-other-edition")
    said = " ".join(_messages(parsed, "block-other-edition"))
    assert "本年新公开数量 1" in said
    assert "对外公开总数量 9" in said
    assert cells["active.licensing.decisions"] == 35


def test_a_tie_the_first_block_cannot_break_is_said_as_mixed() -> None:
    # No 第（一）项 header; 第（五）项 on 2019's columns, 第（六）（八）项 on 2021's: two marks each.
    text = (
        "临江市文化和旅游局2021年政府信息公开工作年度报告\n二、主动公开政府信息情况\n"
        "| 第二十条第（一）项 | | | |\n| 规章 | 0 | 0 | 0 |\n| 行政规范性文件 | 1 | 0 | 6 |\n"
        "| 第二十条第（五）项 | | | |\n| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n"
        "| 行政许可 | 9 | 1 | 30 |\n| 第二十条第（六）项 | | | |\n| 信息内容 | 本年处理决定数量 | | |\n"
        "| 行政处罚 | 5 | | |\n| 行政强制 | 0 | | |\n| 第二十条第（八）项 | | | |\n"
        "| 信息内容 | 本年收费金额（单位：万元） | | |\n| 行政事业性收费 | 0 | | |\n"
    )
    parsed = gd.parse_text(text)
    codes = {d.code for d in parsed.diagnostics}
    assert "edition-mixed" in codes
    assert "edition-undecided" not in codes
    assert parsed.report.meta.edition is None
    cells = gd.cells(parsed.report)
    assert cells["active.licensing.decisions"] == 30
    assert cells["active.penalty.decisions"] == 5


def test_a_2019_licensing_block_in_a_2021_table_gives_its_decisions_column() -> None:
    # 第（五）项 printed with 上一年项目数量 / 本年增/减 / 处理决定数量 in a 2021 table: the decisions
    # are the third value, 46. Before, the first (上一年项目数量 12) was read as the decisions.
    parsed = gd.parse(WILD / "licensing-2019-columns-2021.txt")
    cells = gd.cells(parsed.report)
    assert cells["active.licensing.decisions"] == 46
    assert [cells[f"active.{r}.decisions"] for r in ("penalty", "coercion")] == [31, 2]
    assert [cells[f"active.normative_docs.{c}"] for c in ("issued", "repealed", "in_force")] == [2, 1, 11]
    said = " ".join(_messages(parsed, "block-other-edition"))
    assert "上一年项目数量 12" in said
    assert "本年增/减 1" in said
    assert not _named(parsed, "number-left-over")


def test_a_fees_block_on_2021_columns_in_a_2019_table_is_named_not_split() -> None:
    # The reverse: a 2019 table whose 第（八）项 prints 2021's 本年收费金额（单位：万元）. The amount has
    # no cell in the 2019 template (its fees are item counts): named as not used, the item
    # counts left unread.
    from importlib import resources

    sample = resources.files("govdisclosure.examples").joinpath("sample-2019.txt").read_text("utf-8")
    assert "行政事业性收费" in sample
    assert "上一年项目数量" in sample
    start = sample.index("第二十条第（八）项") if "第二十条第（八）项" in sample else sample.index("第二十条第(八)项")
    end = sample.index("行政事业性收费", start)
    line_end = sample.index("\n", end)
    fees = "第二十条第（八）项\n| 信息内容 | 本年收费金额（单位：万元） |\n| 行政事业性收费 | 282.1 |"
    parsed = gd.parse_text(sample[:start] + fees + sample[line_end:])
    cells = gd.cells(parsed.report)
    assert cells["active.fees.prev_items"] is None
    assert cells["active.fees.change"] is None
    assert {"active.fees.prev_items", "active.fees.change"} <= _named(parsed, "block-other-edition")
    assert "282.1" in " ".join(_messages(parsed, "block-other-edition"))


_BODY = "一、总体情况\n2022年，我镇全年主动公开政府信息40条。\n二、主动公开政府信息情况\n第二十条第（一）项\n"


@pytest.mark.parametrize(
    ("head", "agency"),
    [
        # a county site's page: the title (关于…年度…工作的年度报告) names no agency; the agency's
        # name stands on its own line above a second copy of it, as on the paper's first page
        (
            "关于2022年度政府信息公开工作的年度报告\n发布时间:2023-01-20 来源:党政办\n"
            "青石县白河镇人民政府\n\n关于2022年度政府信息公开工作的年度报告\n",
            "青石县白河镇人民政府",
        ),
        ("青石县白河镇人民政府关于2022年度政府信息公开工作的年度报告\n", "青石县白河镇人民政府"),
        # no name above it: nobody is named
        ("关于2022年度政府信息公开工作的年度报告\n", None),
        # a superior's notice is no title, 的 or not
        ("关于做好2022年度政府信息公开工作的通知\n", None),
    ],
)
def test_a_title_worded_as_a_report_on_the_work_takes_the_name_above_it(head: str, agency: str | None) -> None:
    meta = gd.parse_text(head + _BODY).report.meta
    assert meta.agency == agency
    assert meta.year == 2022


@pytest.mark.parametrize(
    ("head", "agency"),
    [
        # the template's opening sentence names who compiled the report (no title in the text)
        (
            "本年度报告根据《中华人民共和国政府信息公开条例》和《云岭省政府信息公开规定》要求，"
            "由临江市东湖区白沙街道办事处编制，全文包括总体情况等六部分。",
            "临江市东湖区白沙街道办事处",
        ),
        ("本年报是根据有关要求，由临江市卫生健康局编制的2022年度政府信息公开年度报告。", "临江市卫生健康局"),
        # 我局 names nobody; a run that is no agency's name is not taken
        ("本年度报告由总体情况等六部分组成，由我局办公室编制。", None),
        ("本报告由市政府信息公开工作领导小组办公室编制。", None),
    ],
)
def test_the_opening_sentence_naming_who_compiled_the_report_names_the_agency(head: str, agency: str | None) -> None:
    meta = gd.parse_text(head + "\n" + _BODY).report.meta
    assert meta.agency == agency


@pytest.mark.parametrize(
    ("head", "agency"),
    [
        ("为认真做好临江市卫生健康局政府信息公开工作，我局按照有关要求，现向社会公布本年度报告。", "临江市卫生健康局"),
        ("为进一步做好我局政府信息公开工作，现报告如下。", None),
        ("为切实做好全市政务公开工作，现报告如下。", None),
        ("为做好2022年度政府信息公开工作，现报告如下。", None),
    ],
)
def test_an_opening_sentence_on_the_agencys_own_disclosure_work_names_it(head: str, agency: str | None) -> None:
    assert gd.parse_text(head + "\n" + _BODY).report.meta.agency == agency


def test_cells_indented_by_tabs_on_lines_of_their_own_keep_their_columns() -> None:
    # Modelled on a real 2021 农业农村局 report on a mirror: each cell on a line of its own,
    # indented by tabs, '  | ' after it, the row's last cell closed on the next line ('   | ').
    # Before, the line break after a cell's bar and the next line's indenting tabs read as a
    # blank cell: 规章 0 1 2 became issued 0, repealed blank, in force 1 (2 left over).
    parsed = gd.parse(WILD / "tab-indented-cells-2021.txt")
    cells = gd.cells(parsed.report)
    assert [cells[f"active.rules.{c}"] for c in ("issued", "repealed", "in_force")] == [0, 1, 2]
    assert [cells[f"active.normative_docs.{c}"] for c in ("issued", "repealed", "in_force")] == [3, 0, 14]
    assert [cells[f"active.{r}.decisions"] for r in ("licensing", "penalty", "coercion")] == [862, 17, 0]
    assert cells["active.fees.amount"] == {"number": "0", "unit": "万元"}
    assert not {d.code for d in parsed.diagnostics} & {"number-left-over", "number-not-used"}


def test_tabs_that_only_indent_a_line_are_not_empty_cells() -> None:
    # A tab-separated row still splits at its tabs; a line whose only tabs lead it is one cell.
    from govdisclosure.parse.readers._text import read_text

    doc = read_text("行政许可\t5\t0\n\t\t\t7\n")
    assert isinstance(doc.blocks[0], gd.Table)
    assert [c.text for c in doc.blocks[0].rows[0]] == ["行政许可", "5", "0"]
    assert doc.blocks[1] == gd.Paragraph("7", gd.Location(line=2, column=4))


def test_a_line_of_tabs_alone_is_a_blank_cell_in_a_tab_indented_copy() -> None:
    # The same copy without bars: each cell on a line indented by tabs, an empty cell a line of
    # tabs alone. The tabs indent; the tabs-only line prints the blank between 3 and 14.
    text = (
        "临江县农业农村局2022年政府信息公开工作年度报告\n二、主动公开政府信息情况\n"
        "\t\t第二十条第（一）项\n\t\t信息内容\n\t\t\t本年制发件数\n\t\t\t本年废止件数\n\t\t\t现行有效件数\n"
        "\t\t规章\n\t\t\t0\n\t\t\t1\n\t\t\t2\n\t\t行政规范性文件\n\t\t\t3\n\t\t\t\n\t\t\t14\n"
        "\t\t第二十条第（五）项\n\t\t信息内容\n\t\t\t本年处理决定数量\n\t\t行政许可\n\t\t\t862\n"
    )
    cells = gd.cells(gd.parse_text(text).report)
    assert [cells[f"active.rules.{c}"] for c in ("issued", "repealed", "in_force")] == [0, 1, 2]
    assert [cells[f"active.normative_docs.{c}"] for c in ("issued", "repealed", "in_force")] == [3, None, 14]
    assert cells["active.licensing.decisions"] == 862


def test_a_number_apart_from_its_label_is_never_split_into_digits_without_proof() -> None:
    # Modelled on a real 2020 政务服务中心 report (2019 edition) copied onto one line with spaces:
    # '行政许可 132 其他对外管理服务事项 264', its two blank cells gone. One number beside blank
    # cells, or 1 3 2 run together? The copy does not say, and table 二 has no row identity to
    # choose. Before, the only split into three cells was taken: 1, 3, 2 and 2, 6, 4 (and 1, 5 for
    # the fees row), with no word. Digits glued to their label ('规范性文件666', a crawler that glued
    # every cell) or a piece no number alone ('000') are still split.
    parsed = gd.parse(WILD / "spaced-oneline-blanks-2019.txt")
    cells = gd.cells(parsed.report)
    rows = ("licensing", "other_services")
    ids = [f"active.{r}.{c}" for r in rows for c in ("prev_items", "change", "decisions")]
    ids += ["active.fees.prev_items", "active.fees.change"]
    assert [cells[k] for k in ids] == [None] * len(ids)
    assert set(ids) <= _named(parsed, "row-short")
    assert [cells[f"active.penalty.{c}"] for c in ("prev_items", "change", "decisions")] == [3, 1, 12]
    assert [cells[f"active.coercion.{c}"] for c in ("prev_items", "change", "decisions")] == [0, 0, 0]
    assert cells["active.procurement.items"] == 2
    assert cells["active.procurement.amount"] == {"number": "36.5", "unit": "万元"}
    glued = (
        "二、主动公开政府信息情况\n"
        "第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章000规范性文件666\n"
    )
    cells = gd.cells(gd.parse_text("东坪县政务服务中心2020年政府信息公开工作年度报告\n" + glued).report)
    assert [cells[f"active.normative_docs.{c}"] for c in ("made", "published", "total")] == [6, 6, 6]


def test_the_next_rows_leading_cell_is_not_taken_for_a_wrapped_rows_last_cell() -> None:
    # Modelled on a real 2021 徐闻 某局 report (table 三 with empty cells, rows opening with an
    # empty group cell) in a copy that wrapped a row's last value onto a line of its own. The
    # line break after '1 |' and the next row's empty group cell ('| | （三）…') were taken as the
    # row's last cells: five blanks and 1 read as 其他 = 1 and 总计 blank, with no word.
    parsed = gd.parse(WILD / "wrapped-last-cell-2021.txt")
    cells = gd.cells(parsed.report)
    cols = ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total")
    assert [cells[f"requests.new.{c}"] for c in cols] == [5, 1, 0, 0, 0, 0, 6]
    assert [cells[f"requests.granted.{c}"] for c in cols] == [3, 1, 0, 0, 0, 0, 4]
    partial = [f"requests.partially_granted.{c}" for c in cols]
    assert [cells[k] for k in partial] == [None] * 7
    assert set(partial) <= _named(parsed, "row-short")
    assert [cells[f"requests.withheld.state_secret.{c}"] for c in cols] == [0] * 7
