"""Narrative against tables: numbers the prose states for things the tables also count.

Only tight phrasings are read, each tied to one cell whose meaning it shares:
收到/新收 … 申请 N 件 is 一、本年新收 (a count equal to 新收 + 上年结转 agrees too: reports
count the requests carried over among those "received"); 上年结转 … N 件 is
二、上年结转; 结转下年度 … N 件 is 四、结转下年度继续办理; 制发规范性文件 N 件 is
本年制发件数 (2021). A clause that mentions another year, "含/包括", or mixes in
the carried-over requests is skipped. A mismatch is a warning quoting the
sentence. When in doubt, no finding: a wrong warning costs a reviewer more
than a missed one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import attrs

from ..schema import TEXT_SECTIONS, Edition, Report
from ._findings import CellRef, Finding, Severity, make_finding
from ._identities import Context, Rule

__all__ = ["NARRATIVE_RULES", "narrative_counts"]


@attrs.frozen
class _Claim:
    cell: str
    pattern: re.Pattern[str]
    what_zh: str
    what_en: str
    editions: tuple[Edition, ...] = (Edition.E2019, Edition.E2021)
    or_plus: str | None = None  # the phrase may also mean cell + this cell (受理: 新收 or 新收+结转)


_N = r"\s*(\d{1,7})\s*(?:件|个)"


@functools.cache
def _claims() -> tuple[_Claim, ...]:
    """The phrasings read, compiled on first use (not at import)."""
    return (
        _Claim(
            "requests.new.total",
            re.compile(
                rf"(?:新收|收到)(?:各类|了)?(?:政府信息公开|依申请公开(?:政府信息)?|信息公开)的?申请(?:共计|共|合计|总计|数量为?)?{_N}"
            ),
            "本年新收申请",
            "requests received this year",
        ),
        _Claim(
            "requests.new.total",
            re.compile(
                rf"受理(?:了)?(?:各类)?(?:政府信息公开|依申请公开(?:政府信息)?|信息公开)的?申请(?:共计|共|合计|总计|总数|数量为?)?{_N}"
            ),
            "受理申请",
            "requests accepted",
            or_plus="requests.carried_over.total",
        ),
        _Claim(
            "requests.carried_over.total",
            re.compile(rf"上年(?:度)?结转(?:的)?(?:政府信息公开)?申请(?:共|共计)?{_N}"),
            "上年结转申请",
            "requests carried over from last year",
        ),
        _Claim(
            "requests.carried_forward.total",
            re.compile(rf"(?:结转|转)(?:至|到)?下一?年度?(?:继续)?(?:办理)?(?:答复)?的?(?:申请)?(?:有|共)?{_N}"),
            "结转下年度继续办理",
            "requests carried forward to next year",
        ),
        _Claim(
            "active.normative_docs.issued",
            re.compile(rf"(?:本年|全年|\d{{4}}年)?(?:共)?制发(?:行政)?规范性文件(?:共)?{_N}"),
            "本年制发规范性文件",
            "normative documents issued this year",
            (Edition.E2021,),
        ),
    )


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Sentences, other years, "含/包括/其中"."""
    return (
        re.compile(r"[^。；;！!？?]+[。；;！!？?]?"),
        re.compile(r"((?:19|20)\d{2})\s*年"),
        re.compile(r"含|包括|其中"),
    )


def narrative_counts(report: Report, ctx: Context) -> Iterator[Finding]:
    """N1. Counts stated in sections 一 and 六 must match the cells that count the same thing
    (spec/cells.md for the cells' meanings). Mismatches are warnings quoting the sentence."""
    if not hasattr(report, "requests"):
        return
    sentences, other_year, skip = _patterns()
    for section in ("overview", "other"):
        text = (getattr(report.text, section) or "").replace("\n", "")  # PDF copies break lines mid-sentence
        for sm in sentences.finditer(text):
            sentence = sm.group(0)
            for claim in _claims():
                if report.template not in claim.editions:
                    continue
                for m in claim.pattern.finditer(sentence):
                    clause = sentence[max(0, m.start() - 12) : m.end() + 6]
                    years = {int(y) for y in other_year.findall(clause)}
                    if report.meta.year is not None and years - {report.meta.year}:
                        continue
                    if skip.search(sentence[m.start() : m.end() + 6]) or (
                        claim.cell == "requests.new.total" and "结转" in sentence[m.start() : m.end()]
                    ):
                        continue
                    stated = int(m.group(1))
                    value = ctx.value(report, claim.cell)
                    if value == stated or claim.cell in ctx.unread or not isinstance(value, (int, type(None))):
                        continue
                    if claim.or_plus is not None:
                        if value is None:
                            continue  # 受理 against a blank cell says nothing certain
                        extra = ctx.value(report, claim.or_plus)
                        if not isinstance(extra, int) or stated == value + extra:
                            continue
                    if claim.cell == "requests.new.total" and isinstance(value, int):
                        # "收到申请 N 件" counting the requests carried over too (新收 + 上年结转): agrees
                        carried = ctx.value(report, "requests.carried_over.total")
                        if isinstance(carried, int) and stated == value + carried:
                            continue
                    at = sm.start() + m.start()
                    where = f"{section}:{at}"
                    heading = TEXT_SECTIONS[section]
                    where_zh = f"见“{heading.number}、{heading.heading}”第 {at + 1} 字起"
                    quote = sentence.strip()
                    table_zh = "表格该格为空" if value is None else f"表格为 {value}"
                    table_en = "the table cell is blank" if value is None else f"the table has {value}"
                    yield make_finding(
                        "N1",
                        Severity.WARNING,
                        f"{claim.cell} @ {where}",
                        (CellRef(claim.cell, value),),
                        stated,
                        value,
                        f"正文称{claim.what_zh} {stated} 件，{table_zh}：“{quote}”（{where_zh}）",
                        f"N1 the text states {claim.what_en} as {stated}, {table_en}: “{quote}” ({where})",
                    )


NARRATIVE_RULES: tuple[Rule, ...] = (
    Rule(
        "N1", "正文与表格数字一致", "prose agrees with the tables", narrative_counts, "spec/cells.md", Severity.WARNING
    ),
)
