"""Plausibility checks: warnings about values that are printed but hard to believe.

None of these is an identity of the template; each is a warning a reviewer
should look at, never an error.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

import attrs

from ..schema import ColumnKind, Edition, Money, Report, cell_spec
from ._findings import CellRef, Finding, Severity, make_finding
from ._identities import Context, Rule
from ._wording import zh_cell, zh_row

__all__ = ["PLAUSIBILITY_RULES"]


def negative_counts(report: Report, ctx: Context) -> Iterator[Finding]:
    """P1. A count cannot be negative; only 本年增/减 (2019, table 二) is signed.

    Source: spec/cells.md, Values ("A count is an integer. 本年增/减 may be negative").
    """
    for cid, value in ctx.values_of(report).items():
        if isinstance(value, int) and value < 0 and cell_spec(report.template, cid)[2].kind is ColumnKind.COUNT:
            yield make_finding(
                "P1",
                Severity.WARNING,
                cid,
                (CellRef(cid, value),),
                None,
                value,
                f"{zh_cell(cid, report.template)}：计数为负数（{value}）",
                f"P1 {cid}: a count printed negative ({value})",
            )


def issued_over_total(report: Report, ctx: Context) -> Iterator[Finding]:
    """P2. Documents issued this year cannot outnumber those in force (2021: 本年制发件数 ≤
    现行有效件数), and newly published cannot outnumber all published (2019: 本年新公开数量 ≤
    对外公开总数量). Source: the column meanings in 国办公开办函〔2021〕30号 / 〔2019〕60号."""
    pairs = {
        Edition.E2021: ("issued", "in_force", "本年制发件数", "现行有效件数"),
        Edition.E2019: ("published", "total", "本年新公开数量", "对外公开总数量"),
    }
    if report.template not in pairs:
        return
    small, big, small_zh, big_zh = pairs[report.template]
    for row in ("rules", "normative_docs"):
        a_id, b_id = f"active.{row}.{small}", f"active.{row}.{big}"
        a = getattr(getattr(report.active, row), small)  # type: ignore[union-attr]
        b = getattr(getattr(report.active, row), big)  # type: ignore[union-attr]
        if isinstance(a, int) and isinstance(b, int) and a > b:
            yield make_finding(
                "P2",
                Severity.WARNING,
                f"active.{row}",
                (CellRef(a_id, a), CellRef(b_id, b)),
                None,
                a - b,
                f"{zh_row('active', row, report.template)}：{small_zh}（{a}）大于{big_zh}（{b}）",
                f"P2 {row}: {small} ({a}) is larger than {big} ({b})",
            )


@functools.cache
def _township() -> re.Pattern[str]:
    return re.compile(r"(?:镇|乡|街道|街道办事处|办事处|街|苏木|嘎查|村|社区)(?:人民政府|党政综合办公室|政府)?$")


def rules_by_non_rule_maker(report: Report, ctx: Context) -> Iterator[Finding]:
    """P3. Only provincial governments and the governments of 设区的市 make 规章 (立法法
    第九十三条 / 2023年修正后第九十三条); a township or street office reporting 规章 is suspect."""
    agency = report.meta.agency or ""
    if not agency or not _township().search(agency) or report.template not in (Edition.E2019, Edition.E2021):
        return
    row = report.active.rules  # type: ignore[union-attr]
    values = [(f"active.rules.{name}", getattr(row, name)) for name in attrs_names(row)]
    printed = [(cid, v) for cid, v in values if isinstance(v, int) and v > 0]
    if printed:
        yield make_finding(
            "P3",
            Severity.WARNING,
            "active.rules",
            tuple(CellRef(cid, v) for cid, v in values),
            0,
            max(v for _, v in printed),
            f"{agency}为乡镇（街道）一级，无权制定规章，却报告了规章数量",
            f"P3 {agency} is a township/street-level body, which cannot make 规章 (rules), yet reports them",
        )


def attrs_names(obj: Any) -> list[str]:
    return [f.name for f in attrs.fields(type(obj))]


def edition_vs_year(report: Report, ctx: Context) -> Iterator[Finding]:
    """P4. The 2019 template is for reports on 2019 and 2020, the 2021 template for 2021 on
    (国办公开办函〔2021〕30号). A report printed on the other edition is suspect."""
    meta = report.meta
    if meta.year is None or meta.edition not in (Edition.E2019, Edition.E2021):
        return
    expect = Edition.E2019 if meta.year <= 2020 else Edition.E2021
    if meta.edition is not expect:
        yield make_finding(
            "P4",
            Severity.WARNING,
            "meta",
            (),
            None,
            None,
            f"{meta.year}年度报告使用了{meta.edition.value}版格式（应为{expect.value}版）",
            f"P4 a report on {meta.year} is printed on the {meta.edition.value} template (expected {expect.value})",
        )


def money_without_unit(report: Report, ctx: Context) -> Iterator[Finding]:
    """P5. 采购总金额 (2019) has no unit in the template's header: a bare number there
    could be 元 or 万元. (spec/cells.md, Table 二 edition 2019.)"""
    for cid, value in ctx.values_of(report).items():
        if (
            isinstance(value, Money)
            and value.unit is None
            and value.number != 0
            and cell_spec(report.template, cid)[2].default_unit is None
        ):
            yield make_finding(
                "P5",
                Severity.WARNING,
                cid,
                (CellRef(cid, None),),
                None,
                None,
                f"{zh_cell(cid, report.template)}：金额“{format(value.number, 'f')}”未注明单位（元或万元）",
                f"P5 {cid}: the amount {value.number} is printed without a unit (元 or 万元?)",
            )


def fees_look_like_money(report: Report, ctx: Context) -> Iterator[Finding]:
    """P6. In 2019 行政事业性收费 counts fee items (上一年项目数量, 本年增/减); money printed
    there (a decimal, a unit 元, or a count in the tens of thousands) means the 2021 meaning
    (收费金额) was used. (spec/cells.md: "fees changed meaning".)"""
    if report.template is not Edition.E2019:
        return
    fees = report.active.fees  # type: ignore[union-attr]
    for name in ("prev_items", "change"):
        cid = f"active.fees.{name}"
        value = getattr(fees, name)
        if cid in ctx.not_counts or (isinstance(value, int) and abs(value) >= 10000):
            yield make_finding(
                "P6",
                Severity.WARNING,
                cid,
                (CellRef(cid, value if isinstance(value, int) else None),),
                None,
                value if isinstance(value, int) else None,
                f"{zh_cell(cid, report.template)}：2019版“行政事业性收费”应填收费项目数量，此处似为金额",
                f"P6 {cid}: the 2019 fees row counts fee items, but this looks like an amount of money",
            )


_P = "spec/cells.md; 国办公开办函〔2019〕60号, 〔2021〕30号"
PLAUSIBILITY_RULES: tuple[Rule, ...] = (
    Rule("P1", "计数不应为负", "counts are not negative", negative_counts, _P, Severity.WARNING),
    Rule("P2", "本年数不大于总数", "this year's not above the total", issued_over_total, _P, Severity.WARNING),
    Rule(
        "P3",
        "乡镇街道无权制定规章",
        "townships make no 规章",
        rules_by_non_rule_maker,
        "立法法 第九十三条",
        Severity.WARNING,
    ),
    Rule("P4", "格式版本与年度一致", "edition matches the year", edition_vs_year, _P, Severity.WARNING),
    Rule("P5", "金额应有单位", "money has a unit", money_without_unit, _P, Severity.WARNING),
    Rule("P6", "2019版收费行为项目数", "2019 fees are item counts", fees_look_like_money, _P, Severity.WARNING),
)
