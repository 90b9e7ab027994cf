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


def test_a_block_on_the_other_editions_columns_is_not_read_into_this_ones() -> None:
    # A 2021 report keeping 2019's 本年新制作数量 / 本年新公开数量 / 对外公开总数量 for 第（一）项:
    # three columns in both editions, but 本年新公开数量 is not 本年废止件数. Before, 3 2 17 were
    # read as issued 3, repealed 2, in force 17 with no word.
    parsed = gd.parse(WILD / "mixed-blocks-oneline-2021.txt")
    cells = gd.cells(parsed.report)
    ids = [f"active.{r}.{c}" for r in ("rules", "normative_docs") for c in ("issued", "repealed", "in_force")]
    assert [cells[k] for k in ids] == [None] * 6
    assert set(ids) <= _named(parsed, "block-other-edition")
    said = " ".join(_messages(parsed, "block-other-edition"))
    assert "本年新公开数量 2" in said
    assert "对外公开总数量 17" in said
    # the blocks printed on this edition's columns are read as printed
    assert [cells[f"active.{r}.decisions"] for r in ("licensing", "penalty", "coercion")] == [46, 8, 0]
    assert cells["active.fees.amount"] == {"number": "1.5", "unit": "万元"}
    assert [cells[f"requests.new.{c}"] for c in ("natural_person", "commercial", "total")] == [2, 0, 2]
    codes = {d.code for d in parsed.diagnostics}
    assert "edition-mixed" in codes
    assert "edition-undecided" not in codes
    assert parsed.report.meta.edition is None


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
