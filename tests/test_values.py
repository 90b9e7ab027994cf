"""Blank versus zero, placeholders, units, signs: values as a person reads them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import govdisclosure as gd
from govdisclosure.parse import read_number

HEAD = "示例镇人民政府2022年政府信息公开工作年度报告\n一、总体情况\n概述。\n二、主动公开政府信息情况\n"


def _active_2021(rows: str) -> dict[str, object]:
    text = HEAD + "第二十条第（一）项\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n" + rows
    return gd.cells(gd.parse_text(text).report)


def test_placeholders_are_blank_not_zero() -> None:
    c = _active_2021("规章 | / | — | 0 |\n行政规范性文件 | —— | - | 12 |\n")
    assert c["active.rules.issued"] is None
    assert c["active.rules.repealed"] is None
    assert c["active.rules.in_force"] == 0
    assert (c["active.normative_docs.issued"], c["active.normative_docs.repealed"]) == (None, None)
    assert c["active.normative_docs.in_force"] == 12


def test_printed_blank_cell_keeps_its_position() -> None:
    c = _active_2021("| 规章 | 0 | 0 | |\n| 行政规范性文件 | 3 |  | 7 |\n")
    assert (c["active.rules.issued"], c["active.rules.repealed"], c["active.rules.in_force"]) == (0, 0, None)
    assert c["active.normative_docs.issued"] == 3
    assert c["active.normative_docs.repealed"] is None
    assert c["active.normative_docs.in_force"] == 7


def test_row_with_values_but_unknown_positions_is_not_guessed() -> None:
    text = (
        HEAD
        + "三、收到和处理政府信息公开申请情况\n"
        + "| 一、本年新收政府信息公开申请数量 | 4 | 0 | 0 | 0 | 0 | 0 | 4 |\n"
        + "| 二、上年结转政府信息公开申请数量 | 0 | 0 | |||||||\n"
    )
    parsed = gd.parse_text(text)
    c = gd.cells(parsed.report)
    assert c["requests.new.natural_person"] == 4
    assert c["requests.new.total"] == 4
    assert all(c[f"requests.carried_over.{k}"] is None for k in ("natural_person", "commercial", "total"))
    short = [d for d in parsed.diagnostics if d.code == "row-short"]
    assert short
    assert "requests.carried_over.total" in short[0].cells
    assert short[0].location is not None
    assert short[0].location.line == 7


def test_units_signs_separators_fullwidth() -> None:
    text = (
        "示例镇人民政府2020年政府信息公开工作年度报告\n二、主动公开政府信息情况\n"
        "第二十条第（五）项\n信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n"
        "行政许可 | １２ | +2 | 1,234件 |\n其他对外管理服务事项 | 7 | －3 | 0 |\n"
        "第二十条第（九）项\n信息内容 | 采购项目数量 | 采购总金额 |\n政府集中采购 | 2 | 621007.6元 |\n"
    )
    c = gd.cells(gd.parse_text(text).report)
    assert c["meta.edition"] == "2019"
    assert (c["active.licensing.prev_items"], c["active.licensing.change"]) == (12, 2)
    assert c["active.licensing.decisions"] == 1234
    assert c["active.other_services.change"] == -3
    assert c["active.procurement.amount"] == {"number": "621007.6", "unit": "元"}


def test_money_without_unit_keeps_none_and_2021_fees_default_to_wan_yuan() -> None:
    c19 = gd.cells(
        gd.parse_text(
            "示例乡2020年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（九）项\n"
            "信息内容 | 采购项目数量 | 采购总金额 |\n政府集中采购 | 1 | 8040 |\n"
        ).report
    )
    assert c19["active.procurement.amount"] == {"number": "8040", "unit": None}
    c21 = _active_2021("第二十条第（八）项\n信息内容 | 本年收费金额（单位：万元） |\n行政事业性收费 | 2.02 |\n")
    assert c21["active.fees.amount"] == {"number": "2.02", "unit": "万元"}


_PROCUREMENT = (
    "示例乡2020年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（九）项\n"
    "信息内容 采购项目数量 采购总金额\n"
)


@pytest.mark.parametrize(
    "row",
    [
        "政府集中采购\n2 984361\n元\n",  # a Word cell too narrow for '984361元', exported to PDF and copied
        "政府集中采购 2 984361\n元\n",
        "| 政府集中采购 | 2 | 984361 | 元 |\n",  # the unit in a cell of its own
        "政府集中采购\n2\n984361\n（元）\n",
    ],
)
def test_a_unit_apart_from_its_amount_is_its_unit(row: str) -> None:
    """A person reads 元 as the amount's unit; the report is not blamed for a unit it printed (P5)."""
    parsed = gd.parse_text(_PROCUREMENT + row + "三、收到和处理政府信息公开申请情况\n")
    c = gd.cells(parsed.report)
    assert c["active.procurement.items"] == 2
    assert c["active.procurement.amount"] == {"number": "984361", "unit": "元"}
    assert not [f for f in gd.check(parsed) if f.rule == "P5"]


def test_a_word_after_an_amount_is_no_unit() -> None:
    parsed = gd.parse_text(_PROCUREMENT + "政府集中采购\n2\n984361\n元旦前完成采购。\n")
    assert gd.cells(parsed.report)["active.procurement.amount"] == {"number": "984361", "unit": None}


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("0", Decimal(0)),
        ("3件", Decimal(3)),
        ("1,234", Decimal(1234)),
        ("-15", Decimal(-15)),
        ("251000元", Decimal(251000)),
    ],
)
def test_read_number(printed: str, value: Decimal) -> None:
    num = read_number(printed)
    assert num is not None
    assert num.value == value


def test_edition_mismatch_is_a_diagnostic() -> None:
    text = (
        "示例镇2023年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项\n"
        "信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n规章 | 1 | 1 | 1 |\n"
    )
    parsed = gd.parse_text(text)
    assert parsed.report.meta.edition is gd.Edition.E2019
    assert any(d.code == "edition-mismatch" for d in parsed.diagnostics)


def test_undecided_edition_when_table_two_is_missing() -> None:
    text = (
        "Page 8 - 示例市信访局2022年政府信息公开工作年度报告\n四、因政府信息公开工作被申请行政复议提起行政诉讼情况\n"
        "行政复议 行政诉讼\n结果 结果 其他 尚未 总\n维持 纠正 结果 审结 计\n"
        "0 1 0 0 1 0 0 0 0 0 0 0 0 0 0\n五、政府信息公开工作存在的主要问题及改进情况\n无。\n"
    )
    parsed = gd.parse_text(text)
    c = gd.cells(parsed.report)
    assert c["meta.edition"] is None
    assert c["meta.agency"] == "示例市信访局"
    assert c["meta.year"] == 2022
    assert c["appeals.review.corrected"] == 1
    assert c["appeals.review.total"] == 1
    assert any(d.code == "edition-undecided" for d in parsed.diagnostics)


def test_legacy_report_is_refused_with_a_diagnostic() -> None:
    text = (
        "示例县2018年政府信息公开工作年度报告\n一、概述\n本年度共主动公开信息120条。\n"
        "二、主动公开政府信息的情况\n（一）公开数量：120条。\n三、依申请公开政府信息情况\n共收到申请3件。\n"
    )
    parsed = gd.parse_text(text)
    assert parsed.report.meta.edition is gd.Edition.LEGACY
    assert isinstance(parsed.report, gd.ReportLegacy)
    assert any(d.code == "legacy-layout" for d in parsed.diagnostics)
    assert gd.cells(parsed.report) == {"meta.edition": "legacy", "meta.year": 2018, "meta.agency": "示例县"}


def test_a_legacy_report_naming_a_row_of_the_template_in_its_prose_is_not_said_to_be_mapped_as_asked() -> None:
    # a 2018 report's prose names 政府集中采购 (a heading of the 2019 template's table 二): the edition
    # it is read on is legacy, and nobody asked for it; it was said "mapped on the legacy template as
    # asked, but printed on 2019"
    text = (
        "示例县2018年政府信息公开工作年度报告\n一、概述\n本年度共主动公开信息120条。\n"
        "二、主动公开政府信息的情况\n主动公开政府集中采购项目类信息55条。\n"
        "三、依申请公开政府信息情况\n共收到申请3件。\n"
    )
    parsed = gd.parse_text(text)
    assert parsed.report.meta.edition is gd.Edition.LEGACY
    assert [d.code for d in parsed.diagnostics] == ["legacy-layout"]
    asked = gd.parse_text(text, gd.ParseOptions(edition="2021"))  # asked: said when the marks disagree
    assert "edition-override" in {d.code for d in asked.diagnostics}


_PIECES = st.sampled_from(
    [
        "\t",
        "|",
        " ",
        "  ",
        "\n",
        "0",
        "7",
        "12",
        "305",
        "2024",
        "年",
        "件",
        "(注)",
        "-",
        "/",
        "1.5",
        "1,234",
        "?",
        "规章",
    ]
)
# rows of the plain shape the one-pass scan reads: separators and counts, then a tail
_CELL = st.tuples(
    st.sampled_from(["", " "]),
    st.sampled_from(["\t", "|"]),
    st.sampled_from(["", " "]),
    st.sampled_from(["0", "12", "2024", "1" * 16]),
).map("".join)
_TAIL = st.sampled_from(["", " ", "|", "| ", "|\n", "|\n ", "\n", "\n ", " \n", "| \n", "||", "\t", "|\n|"])
_SEGMENT = st.one_of(
    st.lists(_PIECES, max_size=14).map("".join),
    st.tuples(st.lists(_CELL, min_size=1, max_size=8).map("".join), _TAIL).map("".join),
)


@given(
    _SEGMENT,
    st.sampled_from(["规章", "\n", "|"]),
    st.sampled_from(["", "年", "规章", "|", "\n|", "\n年", " \n年", "%"]),
)
def test_the_one_pass_row_scan_equals_the_cell_by_cell_scan(segment: str, before: str, after: str) -> None:
    # _scan_values reads a plain row (separators and counts) in one regex pass; it must give
    # what the character-by-character scan gives, whatever stands before and after the row.
    from govdisclosure.parse.recognizer._values import _scan_cells, _scan_values

    text = before + segment + after
    start, end = len(before), len(before) + len(segment)
    assert _scan_values(text, start, end, strays=[]) == _scan_cells(text, start, end, strays=[])


# counts apart by spaces only, or nothing but spaces, then at most a line break and spaces
_SPACED = st.tuples(
    st.sampled_from(["", " ", "  "]),
    st.lists(st.sampled_from(["0", "12", "2024", "1" * 16, "0" * 120, "0" * 121]), max_size=8).map(
        lambda ns: " ".join(ns)
    ),
    st.sampled_from(["", " ", "\n", " \n", "\n  "]),
).map("".join)


@given(
    _SPACED,
    st.sampled_from(["规章", "\n", "|", "0"]),
    st.sampled_from(["", "年", "规章", "|", "\n|", "\n年", " \n年", "%", ".属于", " 、规定", "5", "|5"]),
    st.booleans(),
)
def test_the_one_pass_spaced_scan_equals_the_cell_by_cell_scan(
    segment: str, before: str, after: str, lead: bool
) -> None:
    # Counts apart by spaces (a crawler's or PDF's one line) are read in one regex pass too.
    from govdisclosure.parse.recognizer._values import _scan_cells, _scan_values

    text = before + segment + after
    start, end = len(before), len(before) + len(segment)
    assert _scan_values(text, start, end, lead_cell=lead, strays=[]) == _scan_cells(
        text, start, end, lead_cell=lead, strays=[]
    )


# cells of counts, blanks and separators only, as text rows, grids and one-cell-per-line copies print them
_PLAIN = st.lists(
    st.sampled_from(["|", "||", "\t", " ", "  ", "\n", " \n", "\n|", "|\n", "0", "12", "2024", "7" * 121]), max_size=24
).map("".join)


@given(
    _PLAIN,
    st.sampled_from(["规章", "\n", "|", "0", ""]),
    st.sampled_from(["", "年", "规章", "|", "\n|", "\n年", " \n年", "%", ".属于", " 、规定", "5", "|5", "\n"]),
    st.booleans(),
)
def test_the_token_scan_of_plain_cells_equals_the_cell_by_cell_scan(
    segment: str, before: str, after: str, lead: bool
) -> None:
    # Cells of counts, blanks and separators are read a token at a time; the same cells.
    from govdisclosure.parse.recognizer._values import _SIMPLE_ROW, _scan_cells, _scan_values

    text = before + segment + after
    start, end = len(before), len(before) + len(segment)
    # (bars and counts only, from a label: the one-pass row scan, tested above; it does not look
    # for an item number after the row, '| 2024 .属于', which the loop takes for the next label's)
    assume(lead or not _SIMPLE_ROW(text, start, end))
    assert _scan_values(text, start, end, lead_cell=lead, strays=[]) == _scan_cells(
        text, start, end, lead_cell=lead, strays=[]
    )
