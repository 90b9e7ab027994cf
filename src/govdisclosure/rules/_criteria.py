"""What supervisors check beyond the arithmetic, one report at a time (issue 19).

Complete (C1-C3), on time (T1, T2), not stale (D3). Each rule's docstring names the
official text it rests on; docs/reference/criteria.md quotes it. Where the source
could not be confirmed from an official copy, the rule is a notice.

The layout rules (C1, C2) need what the parser saw (``Parsed.outline``): given a bare
report they are silent.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from ..schema import SECTIONS, TEXT_SECTIONS, Edition, Report, table_specs
from ._findings import CellRef, Finding, Severity, make_finding
from ._identities import Context, Rule

if TYPE_CHECKING:
    from ..parse._result import Outline

__all__ = [
    "CRITERIA_RULES",
    "complete_sections",
    "deadline",
    "fee_statement",
    "on_time",
    "stale_year",
    "template_rows",
]

_NUMBER = {s.id: s.number for s in SECTIONS}
_HEADING = {s.id: s.heading for s in SECTIONS}


def _zh(sid: str) -> str:
    return f"“{_NUMBER[sid]}、{_HEADING[sid]}”"


@functools.cache
def _rows(edition: Edition) -> tuple[tuple[str, tuple[tuple[str, str, tuple[str, ...]], ...]], ...]:
    """(table id, ((row key, row label, cell ids), ...)) of tables 二 and 三 of an edition."""
    return tuple(
        (
            t.id,
            tuple(
                (f"{t.id}.{r.id}", r.full_label, tuple(f"{t.id}.{r.id}.{c.id}" for c in r.columns))
                for r in t.rows
                if not (t.id == "requests" and r.id.startswith("other"))
            ),
        )
        for t in table_specs(edition)
        if t.id != "appeals"
    )


def complete_sections(report: Report, ctx: Context) -> Iterator[Finding]:
    """C1. The six sections, present, in the template's order, numbered 一 to 六 once
    (条例第五十条; 国办公开办函〔2021〕30号: 年度报告内容……不能遗漏). A section is present when
    its heading (in any wording naming it) or its table is found. A missing section between
    two present ones, or after the last when the report's 落款 shows its end, is a warning
    naming it; missing at the start or the end of a copy that may be cut short, a notice;
    sections out of order or numbered otherwise, notices."""
    parsed = ctx.parsed
    if parsed is None or parsed.outline is None:
        return
    outline = parsed.outline
    order = [s.id for s in SECTIONS]
    first: dict[str, tuple[str | None, int]] = {}
    for sid, num, at in outline.headings:
        if num is not None:
            first.setdefault(sid, (num, at))
    present = {sid for sid, _, _ in outline.regions}
    present |= {sid for sid in TEXT_SECTIONS if getattr(report.text, sid, None)}
    if len(present & set(order)) < len(order):  # worded otherwise? (read only when needed)
        present |= {sid for sid, _, _ in outline.loose}
    present &= set(order)
    if not present:
        return
    idx = [order.index(s) for s in present]
    lo, hi = min(idx), max(idx)
    cut: dict[str, list[str]] = {"start": [], "end": []}
    for i, sid in enumerate(order):
        if sid in present:
            continue
        if lo < i < hi or (i > hi and report.meta.signed is not None):
            yield make_finding(
                "C1",
                Severity.WARNING,
                f"section:{sid}",
                (),
                None,
                None,
                f"缺少第{_NUMBER[sid]}部分{_zh(sid)}（条例第五十条规定的报告内容不能遗漏）",
                f"C1 section {_NUMBER[sid]} ({sid}) is missing",
            )
        else:
            cut["start" if i < lo else "end"].append(sid)
    for side, sids in cut.items():
        if not sids:
            continue
        where_zh = "开头" if side == "start" else "结尾"
        yield make_finding(
            "C1",
            Severity.NOTICE,
            f"sections:{side}",
            (),
            None,
            None,
            f"未找到{'、'.join(_zh(s) for s in sids)}：文本{where_zh}可能不全（摘录或截断），无法确认是否缺失",
            f"C1 sections {', '.join(sids)} not found at the {side} of the text: the copy may be cut short",
        )
    seen = sorted((at, sid, num) for sid, (num, at) in first.items())
    ids = [sid for _, sid, _ in seen]
    expected = [sid for sid in order if sid in ids]
    if ids != expected:
        printed = "、".join(_NUMBER[s] for s in ids)
        yield make_finding(
            "C1",
            Severity.NOTICE,
            "sections:order",
            (),
            None,
            None,
            f"各部分顺序与模板不一致：按出现顺序为 {printed}",
            f"C1 sections are not in the template's order: {', '.join(ids)}",
        )
    for _, sid, num in seen:
        if num is not None and num != _NUMBER[sid]:
            yield make_finding(
                "C1",
                Severity.NOTICE,
                f"section:{sid}:number",
                (),
                None,
                None,
                f"{_zh(sid)}的标题编号为“{num}”，模板为“{_NUMBER[sid]}”（另一套编号）",
                f"C1 section {sid} is numbered {num}, the template numbers it {_NUMBER[sid]}",
            )


def template_rows(report: Report, ctx: Context) -> Iterator[Finding]:
    """C2. Tables 二 and 三 printed without a row of their edition (the template modified): a
    row whose label is nowhere in the text, in a table read beyond it; a row printed but not
    read is not this (the parser's diagnostics say so). Notice: the format notices
    (国办公开办函〔2019〕60号, 〔2021〕30号) prescribe the tables; the wording on modifying
    them could not be confirmed."""
    parsed = ctx.parsed
    if parsed is None or parsed.outline is None or report.template is Edition.LEGACY:
        return
    outline = parsed.outline
    yield from _template_columns(report.template, outline.absent_columns, outline.labels, parsed.provenance)
    absent = parsed.outline.absent
    if not absent:
        return
    prov = parsed.provenance
    cut_before = _cut_before(report, outline)
    for tid, rows in _rows(report.template):
        last = max((i for i, (_, _, ids) in enumerate(rows) if any(c in prov for c in ids)), default=-1)
        first = 0
        if tid in cut_before:
            # The copy starts inside this table (a flipbook's second page, an excerpt): rows
            # before the first one printed may be on the part not copied, as C1 says.
            first = min((i for i, (_, _, ids) in enumerate(rows) if any(c in prov for c in ids)), default=0)
        for key, label, ids in rows[first : max(last, 0)]:
            if key not in absent or any(c in prov for c in ids):
                continue
            yield make_finding(
                "C2",
                Severity.NOTICE,
                key,
                tuple(CellRef(c, None) for c in ids),
                None,
                None,
                f"表格未印出模板的“{label}”行（模板被改动），该行各格为空",
                f"C2 the table does not print the template's row {key} ({label}): the template was modified",
            )


def _cut_before(report: Report, outline: Outline) -> frozenset[str]:
    """The sections a copy may start inside: the first section found, when its heading is not
    (nor any section before it): the text opens in its middle, C1's "may be cut" at the start."""
    order = [s.id for s in SECTIONS]
    present = {sid for sid, _, _ in outline.regions}
    present |= {sid for sid in TEXT_SECTIONS if getattr(report.text, sid, None)}
    found = [sid for sid in order if sid in present]
    if not found:
        return frozenset()
    first = found[0]
    if any(sid == first for sid, _, _ in outline.headings):
        return frozenset()
    return frozenset({first})


_TABLE_ZH = {"requests": "表三（依申请公开）", "appeals": "表四（行政复议、行政诉讼）"}


def _template_columns(
    edition: Edition,
    absent: tuple[tuple[str, str, str], ...],
    labels: frozenset[str],
    prov: Mapping[str, object],
) -> Iterator[Finding]:
    """C2 for columns: a column of table 三 or 四 whose header is nowhere in the table and none
    of whose cells was read, in a table printed (its row labels found; a header lost while
    its numbers were read is not a modified template). The finding names the column's cells
    in the table's first row."""
    by_table: dict[str, list[tuple[str, str]]] = {}
    for tid, cid, label in absent:
        by_table.setdefault(tid, []).append((cid, label))
    for tid, cols in by_table.items():
        prefix = f"{tid}."
        ids = [c for c in prov if c.startswith(prefix)]
        if not ids and not any(k.startswith(f"{tid}.") for k in labels):
            continue  # the table's rows not found: not this rule's business
        unread = [(cid, label) for cid, label in cols if not any(c.endswith(f".{cid}") for c in ids)]
        if not unread:
            continue
        names = "、".join(label for _, label in unread)
        first = next(t.rows[0].id for t in table_specs(edition) if t.id == tid)
        cells = tuple(CellRef(f"{tid}.{first}.{cid}", None) for cid, _ in unread)
        yield make_finding(
            "C2",
            Severity.NOTICE,
            f"{tid}:columns",
            cells,
            None,
            None,
            f"{_TABLE_ZH[tid]}未印出模板的“{names}”列（模板被改动），这些格为空",
            f"C2 table {tid} does not print the template's column(s) {', '.join(c for c, _ in unread)}: "
            "the template was modified",
        )


@functools.cache
def _fee_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return (
        re.compile(r"信息处理费|处理费|收费|收取.{0,6}费"),
        re.compile(r"^(?:本(?:机关|单位|局)?(?:本?年度?)?)?(?:暂?无|没有)(?:其他需要报告的?事项)?$"),
    )


_SIGNATURE = re.compile(
    r"[\u4e00-\u9fff（）()]{0,40}?\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*\S{0,6}\s*$"
)


def fee_statement(report: Report, ctx: Context) -> Iterator[Finding]:
    """C3. Section 六 of a 2021-edition report states the 信息处理费 charged (国办函〔2020〕109号
    政府信息公开信息处理费管理办法; the 2021 format asks section 六 to report it); a
    statement that none was charged counts. A bare 无/暂无, or a section 六 that does not
    mention the fee, is a notice (the format's wording could not be confirmed)."""
    if report.template is not Edition.E2021 or (report.meta.year or 0) < 2021:
        return
    text = report.text.other
    if text is None:
        return  # no section 六: C1's finding
    fee, bare = _fee_patterns()
    if fee.search(text):
        return
    flat = _SIGNATURE.sub("", text)  # the 落款 after the section: the agency's name and the date
    if report.meta.agency:
        flat = flat.replace(report.meta.agency, "")
    flat = re.sub(r"[\s。.；;，,、]+", "", flat)
    is_bare = bool(bare.match(flat))
    shown = flat if len(flat) <= 40 else flat[:40] + "…"
    yield make_finding(
        "C3",
        Severity.NOTICE,
        "text.other",
        (),
        None,
        None,
        (f"第六部分仅写“{shown}”" if is_bare else "第六部分未说明信息处理费")
        + "：2021年版格式要求在“六、其他需要报告的事项”中报告本机关收取信息处理费的情况"
        "（《政府信息公开信息处理费管理办法》，国办函〔2020〕109号），未收取的也应写明",
        f"C3 section 六 {'only says ' + repr(shown) if is_bare else 'does not mention'} the information "
        "processing fee (信息处理费) the 2021 format asks it to report, even when none was charged",
    )


_TOWNSHIP = re.compile(r"(?:乡|镇|街道|办事处|苏木|街)(?:人民政府)?$")
_GOVERNMENT = re.compile(r"人民政府$")
# A report titled by its area alone (上海市, 沭阳县, 北京市西城区) is that area's own report,
# which its 主管部门 publishes for the 人民政府: 31 March. A name holding an organ's word is
# a department's (上海市人民政府办公厅, 区统计局). A functional zone (开发区, 实验区 …) is
# run by a 管委会, no 地方人民政府: the Regulation names no date for its area-wide report.
_AREA = re.compile(r"(?:省|自治区|市|州|盟|地区|县|旗|区)$")
_ORGAN = re.compile(r"局|委员会|管委会|办公室|厅|中心|公司|集团|法院|检察院")
_ZONE = re.compile(r"(?:开发区|高新区|实验区|试验区|示范区|园区|保税区|合作区|景区|社区)$")


def deadline(report: Report) -> tuple[str, str, bool] | None:
    """(last day, whose rule, binding) for the report's publication; None if the year is unknown.

    条例第四十九条: 县级以上人民政府部门 by 31 January; 县级以上地方人民政府 (published by their
    主管部门) by 31 March, whether the report names the 人民政府 or only its area (上海市).
    The Regulation sets no date for 乡镇/街道: for them, and for a report naming no agency,
    31 January is used; for a functional zone named alone (开发区, 实验区), 31 March; both
    findings are notices (not binding)."""
    year = report.meta.year
    if year is None:
        return None
    agency = report.meta.agency or ""
    if agency and _TOWNSHIP.search(agency):
        return f"{year + 1}-01-31", "乡镇、街道（条例未规定期限，参照部门的1月31日）", False
    if _GOVERNMENT.search(agency):
        return f"{year + 1}-03-31", "县级以上地方人民政府（条例第四十九条第二款）", True
    if _AREA.search(agency) and not _ORGAN.search(agency):
        if _ZONE.search(agency):
            return f"{year + 1}-03-31", "开发区等功能区（条例未规定期限，参照本级政府的3月31日）", False
        return f"{year + 1}-03-31", "县级以上地方人民政府（条例第四十九条第二款，报告以地区名称为题）", True
    if not agency:
        return f"{year + 1}-01-31", "机关名称不明（参照部门的1月31日）", False
    return f"{year + 1}-01-31", "县级以上人民政府部门（条例第四十九条第一款）", True


_FROM_ZH = {
    "html-meta": "网页元数据",
    "page": "网页发布时间",
    "crawler-header": "抓取记录",
    "pdf-metadata": "PDF 元数据",
}


def on_time(report: Report, ctx: Context) -> Iterator[Finding]:
    """T1/T2. Published by the date 条例第四十九条 sets (31 January of the following year for
    departments, 31 March for people's governments). T1: ``meta.published`` after it, a
    warning (a notice where the Regulation sets no date: townships, an unnamed agency).
    T2: only the 落款 date (``meta.signed``) after it, a notice."""
    meta = report.meta
    if meta.published is None and meta.signed is None:
        return
    due = deadline(report)
    if due is None:
        return
    last, whose, binding = due
    if meta.published is not None and meta.published > last:
        src = _FROM_ZH.get(meta.published_from or "", meta.published_from or "")
        yield make_finding(
            "T1",
            Severity.WARNING if binding else Severity.NOTICE,
            "meta.published",
            (),
            None,
            None,
            f"发布日期 {meta.published}（{src}）晚于 {last}：{whose}应在每年"
            f"{'3月31日' if last.endswith('03-31') else '1月31日'}前公布上一年度报告",
            f"T1 published {meta.published} ({meta.published_from}), after {last}, the last day for this agency",
        )
        return
    if meta.signed is not None and meta.signed > last and (meta.published is None or meta.published > last):
        yield make_finding(
            "T2",
            Severity.NOTICE,
            "meta.signed",
            (),
            None,
            None,
            f"落款日期 {meta.signed} 晚于 {last}（{whose}），未见发布日期",
            f"T2 the report is signed {meta.signed}, after {last}; no publication date is known",
        )


@functools.cache
def _stale_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return (
        re.compile(r"(?:^|\n)[ \t]*((?:19|20)\d{2})\s*年度?\s*[，,]"),
        re.compile(
            r"(?:本年度|本年|今年)\s*[（(]?\s*((?:19|20)\d{2})\s*年|((?:19|20)\d{2})\s*年\s*[（(]\s*本年度?\s*[）)]"
        ),
    )


def stale_year(report: Report, ctx: Context) -> Iterator[Finding]:
    """D3. A stale year: section 一 or 五 speaking of the previous year as the report's own (a
    2023 report whose overview opens ``2022年，我局…``, or ``本年度（2022年）``), the mark of a
    report copied from last year's (内容雷同, 国办公开办函〔2021〕30号; its wording could
    not be confirmed from an official copy, so a notice)."""
    year = report.meta.year
    if year is None:
        return
    opening, this_year = _stale_patterns()
    for sid in ("overview", "problems"):
        text = getattr(report.text, sid, None)
        if not text:
            continue
        hits: list[tuple[int, int]] = []
        m = opening.search(text[:200]) if sid == "overview" else None
        if m and int(m.group(1)) == year - 1 and m.start(1) < 40:
            hits.append((m.start(1), int(m.group(1))))
        for m2 in this_year.finditer(text) if "本年" in text or "今年" in text else ():
            y = int(m2.group(1) or m2.group(2))
            if y != year:
                hits.append((m2.start(), y))
        for at, y in hits[:1]:
            start = max(text.rfind("。", 0, at), text.rfind("\n", 0, at)) + 1
            end_candidates = [i for i in (text.find("。", at), text.find("\n", at)) if i >= 0]
            end = min(end_candidates) + 1 if end_candidates else len(text)
            sentence = text[start:end].strip()
            if len(sentence) > 80:
                sentence = sentence[:80] + "…"
            heading = TEXT_SECTIONS[sid]
            yield make_finding(
                "D3",
                Severity.NOTICE,
                f"text.{sid} @ {sid}:{at}",
                (),
                year,
                y,
                f"{year}年度报告的“{heading.number}、{heading.heading}”把 {y} 年当作本年度："
                f"“{sentence}”（疑为沿用往年报告）",
                f"D3 the {year} report's section {sid} speaks of {y} as its own year: “{sentence}”",
            )


CRITERIA_RULES: tuple[Rule, ...] = (
    Rule(
        "C1",
        "六部分齐全、有序",
        "the six sections present and in order",
        complete_sections,
        "条例第五十条；国办公开办函〔2021〕30号",
        Severity.WARNING,
    ),
    Rule(
        "C2",
        "表格未改动模板",
        "tables keep the template's rows",
        template_rows,
        "国办公开办函〔2021〕30号（年度报告格式）",
        Severity.NOTICE,
    ),
    Rule(
        "C3",
        "说明信息处理费",
        "section 六 states the information processing fee",
        fee_statement,
        "国办函〔2020〕109号；国办公开办函〔2021〕30号",
        Severity.NOTICE,
    ),
    Rule("T1", "按时发布", "published on time", on_time, "条例第四十九条", Severity.WARNING),
    Rule(
        "D3",
        "年度未沿用往年",
        "no stale year in the prose",
        stale_year,
        "国办公开办函〔2021〕30号（内容雷同）",
        Severity.NOTICE,
    ),
)
