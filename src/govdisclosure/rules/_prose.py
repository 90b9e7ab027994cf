"""N2: more counts of the prose against the tables (issue 19 §4), beside N1.

N1 (rules/_narrative.py) reads received, carried over and carried forward. N2 reads the
other counts sections 一 and 六 state for a table cell: concluded (办结), granted, partly
granted, 复议 and 诉讼 cases, rules and normative documents issued and in force. Precision
first: a clause naming another year, another scope (全区, 全县, 各部门, 累计, 以来, …) or
followed by 含/包括/其中 is skipped, and so is a cell that is blank or was not read; a
mismatch is a warning quoting the sentence.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import attrs

from ..schema import TEXT_SECTIONS, Edition, Report
from ._findings import CellRef, Finding, Severity, make_finding
from ._identities import Context, Rule

__all__ = ["PROSE_RULES", "prose_counts"]


@attrs.frozen
class _Claim:
    cells: tuple[str, ...]  # the stated number is their sum
    pattern: re.Pattern[str]
    what_zh: str
    what_en: str
    editions: tuple[Edition, ...] = (Edition.E2019, Edition.E2021)
    key: str = ""  # a word every match holds: sentences without it are not tried


_N = r"\s*(\d{1,7})\s*(?:件|个|起|宗)"


@functools.cache
def _claims() -> tuple[_Claim, ...]:
    return (
        _Claim(
            ("requests.total.total",),
            re.compile(rf"(?:共|已|全部|依法)?办结(?:各类)?(?:政府信息公开|依申请公开)?(?:申请)?(?:共计|共|合计)?{_N}"),
            "办结申请",
            "requests concluded",
            key="办结",
        ),
        _Claim(
            ("requests.granted.total",),
            re.compile(rf"(?<!不)(?<!部分)予以公开{_N}"),
            "予以公开",
            "requests granted",
            key="予以公开",
        ),
        _Claim(
            ("requests.partially_granted.total",),
            re.compile(rf"部分公开{_N}"),
            "部分公开",
            "requests partly granted",
            key="部分公开",
        ),
        _Claim(
            ("appeals.review.total",),
            re.compile(rf"(?:被申请|收到|发生)行政复议(?:案件|申请)?(?:共|共计)?{_N}"),
            "行政复议案件",
            "administrative reviews",
            key="行政复议",
        ),
        _Claim(
            ("appeals.litigation_direct.total", "appeals.litigation_after_review.total"),
            re.compile(rf"(?:被提起|被起诉|发生)行政诉讼(?:案件)?(?:共|共计)?{_N}"),
            "行政诉讼案件",
            "lawsuits",
            key="行政诉讼",
        ),
        _Claim(
            ("active.normative_docs.in_force",),
            re.compile(rf"现行有效(?:的)?(?:行政)?规范性文件(?:共|共计)?{_N}"),
            "现行有效规范性文件",
            "normative documents in force",
            (Edition.E2021,),
            "现行有效",
        ),
        _Claim(
            ("active.rules.in_force",),
            re.compile(rf"现行有效(?:的)?(?:政府)?规章(?:共|共计)?{_N}"),
            "现行有效规章",
            "rules in force",
            (Edition.E2021,),
            "现行有效",
        ),
        _Claim(
            ("active.rules.issued",),
            re.compile(rf"(?:本年|全年|\d{{4}}年)?(?:共)?制(?:定|发)(?:政府)?规章(?:共)?{_N}"),
            "本年制发规章",
            "rules issued this year",
            (Edition.E2021,),
            "规章",
        ),
    )


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Sentences, years, what follows that makes the number another one, another scope."""
    return (
        re.compile(r"[^。；;！!？?]+[。；;！!？?]?"),
        re.compile(r"((?:19|20)\d{2})\s*年"),
        re.compile(r"\s*[（(]?\s*(?:含|包括|其中|以上|余|多|次|人次)"),
        re.compile(
            r"全区|全县|全市|全省|全镇|全乡|各部门|各单位|各乡镇|各街道|所属|下属|系统内|累计|历年|以来|截至|共收到.*其中"
        ),
    )


_JOINED = frozenset("及和与、或")
_ANY = re.compile("办结|予以公开|部分公开|行政复议|行政诉讼|现行有效|规章")


def prose_counts(report: Report, ctx: Context) -> Iterator[Finding]:
    """N2. Concluded, granted, partly granted, 复议 and 诉讼 cases, rules and normative documents
    issued and in force, as sections 一 and 六 state them, against their cells (spec/cells.md);
    another year, another scope, 含/包括, a blank or unread cell: no finding."""
    if not hasattr(report, "requests"):
        return
    sentences, years, after, scope = _patterns()
    for section in ("overview", "other"):
        text = (getattr(report.text, section) or "").replace("\n", "")
        if not text:
            continue
        if not _ANY.search(text):
            continue
        for sm in sentences.finditer(text):
            sentence = sm.group(0)
            for claim in _claims():
                if claim.key not in sentence or report.template not in claim.editions:
                    continue
                for m in claim.pattern.finditer(sentence):
                    clause = sentence[max(0, m.start() - 16) : m.end() + 6]
                    ys = {int(y) for y in years.findall(clause)}
                    if (report.meta.year is None and ys) or ys - {report.meta.year}:
                        continue
                    if after.match(sentence, m.end()) or scope.search(sentence[: m.end()]):
                        continue
                    if sentence[max(0, m.start() - 1) : m.start()] in _JOINED:
                        continue  # 予以公开及部分公开 208 件: one number for two cells
                    values = [ctx.value(report, c) for c in claim.cells]
                    if any(not isinstance(v, int) for v in values) or any(c in ctx.unread for c in claim.cells):
                        continue
                    value = sum(values)
                    stated = int(m.group(1))
                    if stated == value:
                        continue
                    at = sm.start() + m.start()
                    heading = TEXT_SECTIONS[section]
                    quote = sentence.strip()
                    cells = "+".join(claim.cells)
                    yield make_finding(
                        "N2",
                        Severity.WARNING,
                        f"{cells} @ {section}:{at}",
                        tuple(CellRef(c, v) for c, v in zip(claim.cells, values, strict=True)),
                        stated,
                        value,
                        f"正文称{claim.what_zh} {stated} 件，表格为 {value}：“{quote}”"
                        f"（见“{heading.number}、{heading.heading}”第 {at + 1} 字起）",
                        f"N2 the text states {claim.what_en} as {stated}, the table has {value}: “{quote}” "
                        f"({section}:{at})",
                    )


PROSE_RULES: tuple[Rule, ...] = (
    Rule(
        "N2",
        "正文与表格数字一致（办结、公开、复议诉讼、规章文件）",
        "prose agrees with the tables, more counts",
        prose_counts,
        "spec/cells.md",
        Severity.WARNING,
    ),
)
