"""Not copied (内容雷同) across one agency's series: D1, D2 between consecutive reports.

Functions over ONE agency's consecutive pair (``prev`` the year before ``cur``); the
series grouping (:func:`~govdisclosure.rules.check_series`) calls them through
:func:`copied_pair`. Each is linear in the length of the two reports: sentences are
hashed into a set once per report.

国办公开办函〔2021〕30号 is cited for 内容雷同; its wording could not be confirmed from an
official copy, so both rules are notices.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from ..schema import TEXT_SECTIONS, Report, ReportLegacy
from ._findings import Finding, Severity, make_finding
from ._identities import cell_values

__all__ = ["copied_pair", "repeated_sentences", "repeated_tables"]

# share of sentences repeated from the year before that makes a finding, by section
_SHARE = {"overview": 0.8, "problems": 0.5, "other": 0.8}
_MIN_SENTENCES = 3  # fewer repeated sentences than this is no finding (a stock phrase or two)


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    return (
        re.compile(r"[^。；;！!？?\n]+"),
        re.compile(r"(?:19|20)\d{2}"),
        re.compile(r"[\s，,、：:“”\"'（）()]+"),
    )


def _sentences(text: str) -> list[tuple[str, str]]:
    """(key, sentence) of each sentence of at least 12 characters; the key has the years
    written as Y and no spaces or commas, so a sentence copied with its year changed repeats."""
    split, years, noise = _patterns()
    out = []
    for m in split.finditer(text.replace("\r", "")):
        sentence = m.group(0).strip()
        key = noise.sub("", years.sub("Y", sentence))
        if len(key) >= 12:
            out.append((key, sentence))
    return out


def repeated_sentences(prev: Report, cur: Report) -> Iterator[Finding]:
    """D1. Sections 一, 五 and 六 compared with the previous year's report: the share of the
    sentences repeated (years aside). Most of 五 (half or more), or of 一 or 六 (four in
    five or more), at least three sentences: a notice giving the share and the first
    repeated sentences."""
    for sid, share_min in _SHARE.items():
        now = _sentences(getattr(cur.text, sid, None) or "")
        if len(now) < _MIN_SENTENCES:
            continue
        before = {k for k, _ in _sentences(getattr(prev.text, sid, None) or "")}
        if not before:
            continue
        repeated = [s for k, s in now if k in before]
        share = len(repeated) / len(now)
        if len(repeated) < _MIN_SENTENCES or share < share_min:
            continue
        heading = TEXT_SECTIONS[sid]
        quote = "”“".join(s[:40] + ("…" if len(s) > 40 else "") for s in repeated[:2])
        pct = round(100 * share)
        yield make_finding(
            "D1",
            Severity.NOTICE,
            f"{cur.meta.agency} {prev.meta.year}→{cur.meta.year} text.{sid}",
            (),
            len(now),
            len(repeated),
            f"{cur.meta.year}年度报告“{heading.number}、{heading.heading}”的 {len(now)} 句中有 {len(repeated)} 句"
            f"（{pct}%）与{prev.meta.year}年度报告相同（年份除外），如：“{quote}”",
            f"D1 {len(repeated)} of {len(now)} sentences ({pct}%) of section {sid} of {cur.meta.year} repeat "
            f"the {prev.meta.year} report (years aside)",
        )


_MIN_NONZERO = 5  # tables with fewer non-zero cells may well repeat (an agency with no requests)


def repeated_tables(prev: Report, cur: Report) -> Iterator[Finding]:
    """D2. Every table cell of the report equal to the previous year's, with at least five
    non-zero cells (all-zero tables repeat honestly): a notice, the tables look copied."""
    if isinstance(prev, ReportLegacy) or isinstance(cur, ReportLegacy) or prev.template is not cur.template:
        return
    if prev.requests != cur.requests or prev.active != cur.active or prev.appeals != cur.appeals:
        return  # (attrs equality stops at the first cell that differs: no cell read twice)
    nonzero = sum(1 for v in cell_values(cur).values() if v)
    if nonzero < _MIN_NONZERO:
        return
    yield make_finding(
        "D2",
        Severity.NOTICE,
        f"{cur.meta.agency} {prev.meta.year}→{cur.meta.year} tables",
        (),
        None,
        nonzero,
        f"{cur.meta.year}年度报告的全部表格数据与{prev.meta.year}年度报告完全相同（含 {nonzero} 个非零数），疑为沿用",
        f"D2 every table cell of {cur.meta.year} equals {prev.meta.year}'s ({nonzero} non-zero): "
        "the tables look copied",
    )


def copied_pair(prev: Report, cur: Report) -> list[Finding]:
    """D1 and D2 between two consecutive reports of one agency."""
    if getattr(prev, "text", None) is None or getattr(cur, "text", None) is None:
        return []
    return [*repeated_sentences(prev, cur), *repeated_tables(prev, cur)]
