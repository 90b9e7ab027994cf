"""The accounting identities (勾稽关系) 1-4 of ``spec/cells.md``, one small function each.

Blank cells: a blank component counts as 0 and the finding says so; an
identity whose printed total is blank, or whose components are all blank,
is "not checkable" (a notice), never an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import attrs

from ..schema import APPEAL_COLUMN_IDS, REQUEST_COLUMN_IDS, Report, get_cell, table_specs
from ._findings import CellRef, Finding, Severity, make_finding

__all__ = ["RULES", "Context", "Rule", "identity_1", "identity_2", "identity_3", "identity_4"]


@attrs.frozen
class Context:
    """What the parser knows beyond the values: cells it inferred, cells it could not read."""

    inferred: frozenset[str] = frozenset()
    unread: frozenset[str] = frozenset()


@attrs.frozen
class Rule:
    id: str
    title_zh: str
    title_en: str
    check: Callable[[Report, Context], Iterator[Finding]]
    source: str


def _int(v: object) -> int | None:
    return v if isinstance(v, int) else None


def _sum_check(
    report: Report,
    rule: str,
    scope: str,
    total_id: str,
    plus: Sequence[str],
    minus: Sequence[str],
    ctx: Context,
    chose_by_this: bool,
    what_zh: str,
    what_en: str,
) -> Iterator[Finding]:
    """Check ``total = Σ plus − Σ minus`` with the blank rules; yield findings."""
    total = _int(get_cell(report, total_id))
    comps = [(cid, _int(get_cell(report, cid))) for cid in (*plus, *minus)]
    if total is None and all(v is None for _, v in comps):
        return  # nothing printed or read: reported once per rule by check()
    refs_total = CellRef(total_id, total)
    involved = {total_id, *(c for c, _ in comps)}
    unread = sorted(involved & ctx.unread)
    if unread:
        yield make_finding(
            rule,
            Severity.NOTICE,
            scope,
            (refs_total, *(CellRef(c, v) for c, v in comps)),
            None,
            total,
            f"{rule} {what_zh}：无法核验（未能读取：{'，'.join(unread)}）",
            f"{rule} {what_en}: not checkable (cells not read: {', '.join(unread)})",
        )
        return
    if total is None or all(v is None for _, v in comps):
        why_en = "the total is blank" if total is None else "all its components are blank"
        why_zh = "合计为空" if total is None else "各分项均为空"
        yield make_finding(
            rule,
            Severity.NOTICE,
            scope,
            (refs_total, *(CellRef(c, v) for c, v in comps)),
            None,
            total,
            f"{rule} {what_zh}：无法核验（{why_zh}）",
            f"{rule} {what_en}: not checkable ({why_en})",
        )
        return
    blanks = [c for c, v in comps if v is None]
    expected = sum(v or 0 for c, v in comps if c in plus) - sum(v or 0 for c, v in comps if c in minus)
    refs = (refs_total, *(CellRef(c, v, v is None) for c, v in comps))
    inferred = ctx.inferred
    if chose_by_this and involved & inferred:
        yield make_finding(
            rule,
            Severity.NOTICE,
            scope,
            refs,
            expected,
            total,
            f"{rule} {what_zh}：部分数值系按本关系推定拆分，本关系不视为已核验",
            f"{rule} {what_en}: values were inferred using this identity, so it is not verified",
        )
        return
    if expected == total:
        return
    blank_en = f"; blank cells counted as 0: {', '.join(blanks)}" if blanks else ""
    blank_zh = f"；空白单元格按0计：{'，'.join(blanks)}" if blanks else ""
    inf_en = "; includes values inferred from a digit run" if involved & inferred else ""
    inf_zh = "；含推定拆分的数值" if involved & inferred else ""
    yield make_finding(
        rule,
        Severity.ERROR,
        scope,
        refs,
        expected,
        total,
        f"{rule} {what_zh}：应为 {expected}，实际 {total}（差 {total - expected:+d}）{blank_zh}{inf_zh}",
        f"{rule} {what_en}: expected {expected}, printed {total} (difference {total - expected:+d}){blank_en}{inf_en}",
    )


def identity_1(report: Report, ctx: Context) -> Iterator[Finding]:
    """Table 三, every column: new + carried_over = total + carried_forward.

    Printed on the template itself: （本列数据的勾稽关系为：第一项加第二项之和，
    等于第三项加第四项之和）. Checked as total = new + carried_over − carried_forward
    (spec/cells.md, identity 1; 国办公开办函〔2019〕60号 and 〔2021〕30号).
    """
    for col in REQUEST_COLUMN_IDS:
        yield from _sum_check(
            report,
            "I1",
            f"requests.*.{col}",
            f"requests.total.{col}",
            (f"requests.new.{col}", f"requests.carried_over.{col}"),
            (f"requests.carried_forward.{col}",),
            ctx,
            False,
            f"表三 {col} 列：新收+上年结转=办理总计+结转下年度",
            f"table 三 column {col}: new + carried over = total + carried forward",
        )


def _outcome_rows(report: Report) -> list[str]:
    spec = next(t for t in table_specs(report.template) if t.id == "requests")
    skip = {"new", "carried_over", "total", "carried_forward"}
    return [r.id for r in spec.rows if r.id not in skip]


def identity_2(report: Report, ctx: Context) -> Iterator[Finding]:
    """Table 三, every column: total = granted + partially_granted + Σ withheld + Σ unable
    + Σ not_processed + other (2019) or Σ other.* (2021). (spec/cells.md, identity 2.)"""
    rows = _outcome_rows(report)
    for col in REQUEST_COLUMN_IDS:
        yield from _sum_check(
            report,
            "I2",
            f"requests.*.{col}",
            f"requests.total.{col}",
            tuple(f"requests.{r}.{col}" for r in rows),
            (),
            ctx,
            False,
            f"表三 {col} 列：（七）总计=各办理结果之和",
            f"table 三 column {col}: (七) total = sum of the outcome rows",
        )


def identity_3(report: Report, ctx: Context) -> Iterator[Finding]:
    """Table 三, every row: 总计 = 自然人 + the five 法人或其他组织 columns. (spec/cells.md, identity 3.)"""
    spec = next(t for t in table_specs(report.template) if t.id == "requests")
    for row in spec.rows:
        yield from _sum_check(
            report,
            "I3",
            f"requests.{row.id}",
            f"requests.{row.id}.total",
            tuple(f"requests.{row.id}.{c}" for c in REQUEST_COLUMN_IDS if c != "total"),
            (),
            ctx,
            True,
            f"表三 {row.full_label} 行：总计=各申请人之和",
            f"table 三 row {row.id}: total = sum of the applicant columns",
        )


def identity_4(report: Report, ctx: Context) -> Iterator[Finding]:
    """Table 四, every row: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结. (spec/cells.md, identity 4.)"""
    for row in ("review", "litigation_direct", "litigation_after_review"):
        yield from _sum_check(
            report,
            "I4",
            f"appeals.{row}",
            f"appeals.{row}.total",
            tuple(f"appeals.{row}.{c}" for c in APPEAL_COLUMN_IDS if c != "total"),
            (),
            ctx,
            True,
            f"表四 {row}：总计=维持+纠正+其他+尚未审结",
            f"table 四 {row}: total = upheld + corrected + other + pending",
        )


_SRC = "spec/cells.md; 国办公开办函〔2019〕60号, 〔2021〕30号"
RULES: tuple[Rule, ...] = (
    Rule("I1", "新收+结转=总计+结转下年", "new + carried over = total + carried forward", identity_1, _SRC),
    Rule("I2", "总计=各办理结果之和", "total = sum of outcomes", identity_2, _SRC),
    Rule("I3", "总计列=各申请人列之和", "total column = sum of applicant columns", identity_3, _SRC),
    Rule("I4", "复议诉讼总计=各结果之和", "appeals total = sum of results", identity_4, _SRC),
)
