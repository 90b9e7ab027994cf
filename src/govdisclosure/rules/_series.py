"""Across years: identities 5, 6 and 7 of ``spec/cells.md`` between an agency's reports.

Reports are grouped by agency (normalised name) and ordered by year. A
missing year is a notice (continuity cannot be checked across the gap); two
reports for one agency-year are a warning.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Union

from .._agency import agency_key, series_keys
from ..schema import REQUEST_COLUMN_IDS, Edition, Report, ReportLegacy, get_cell
from ._findings import CellRef, Finding, Severity, make_finding
from ._identities import unwrap
from ._wording import zh_cell, zh_column, zh_row

if TYPE_CHECKING:
    from typing import TypeAlias

    from ..parse import Parsed

    # What check_series takes: a report, a Parsed, or either with the source it came from.
    SeriesItem: TypeAlias = Union[Report, Parsed, tuple[str, Union[Report, Parsed]]]  # noqa: UP007

__all__ = ["agency_key", "check_pair", "check_series", "identity_5", "identity_6", "identity_7"]


def _v(report: Report, cid: str) -> int | None:
    try:
        v = get_cell(report, cid)
    except KeyError:
        return None
    return v if isinstance(v, int) else None


def _scope(prev: Report, cur: Report, what: str) -> str:
    return f"{cur.meta.agency} {prev.meta.year}→{cur.meta.year} {what}"


def identity_5(prev: Report, cur: Report) -> Iterator[Finding]:
    """I5. requests.carried_over.* of year N = requests.carried_forward.* of year N−1,
    for every column; it holds across the change of edition (2020 → 2021).
    (spec/cells.md, identity 5.)"""
    for col in REQUEST_COLUMN_IDS:
        a_id, b_id = f"requests.carried_forward.{col}", f"requests.carried_over.{col}"
        a, b = _v(prev, a_id), _v(cur, b_id)
        refs = (CellRef(f"{prev.meta.year}:{a_id}", a), CellRef(f"{cur.meta.year}:{b_id}", b))
        scope = _scope(prev, cur, f"requests.*.{col}")
        if a is None and b is None:
            continue
        if a is None or b is None:
            yield make_finding(
                "I5",
                Severity.NOTICE,
                scope,
                refs,
                a,
                b,
                f"{zh_column('requests', col)}：{prev.meta.year}年“结转下年度继续办理”与{cur.meta.year}年"
                "“上年结转”无法核对（一方为空）",
                f"I5 column {col}: carried forward {prev.meta.year} vs carried over {cur.meta.year} "
                "not checkable (one is blank)",
            )
            continue
        if a != b:
            yield make_finding(
                "I5",
                Severity.ERROR,
                scope,
                refs,
                a,
                b,
                f"{zh_column('requests', col)}：{prev.meta.year}年“结转下年度继续办理”为 {a}，"
                f"{cur.meta.year}年“上年结转”为 {b}（差 {b - a:+d}）",
                f"I5 column {col}: carried forward from {prev.meta.year} is {a}, "
                f"carried over into {cur.meta.year} is {b} (difference {b - a:+d})",
            )


def identity_6(prev: Report, cur: Report) -> Iterator[Finding]:
    """I6 (soft). Edition 2021: active.X.in_force of N = in_force of N−1 + issued of N −
    repealed of N, for rules and normative_docs; revisions make it approximate, so a
    difference is a warning. (spec/cells.md, identity 6.)"""
    if prev.template is not Edition.E2021 or cur.template is not Edition.E2021:
        return
    for row in ("rules", "normative_docs"):
        before = _v(prev, f"active.{row}.in_force")
        issued = _v(cur, f"active.{row}.issued")
        repealed = _v(cur, f"active.{row}.repealed")
        now = _v(cur, f"active.{row}.in_force")
        if before is None or now is None:
            continue
        expected = before + (issued or 0) - (repealed or 0)
        if expected != now:
            refs = (
                CellRef(f"{prev.meta.year}:active.{row}.in_force", before),
                CellRef(f"{cur.meta.year}:active.{row}.issued", issued, issued is None),
                CellRef(f"{cur.meta.year}:active.{row}.repealed", repealed, repealed is None),
                CellRef(f"{cur.meta.year}:active.{row}.in_force", now),
            )
            yield make_finding(
                "I6",
                Severity.WARNING,
                _scope(prev, cur, f"active.{row}"),
                refs,
                expected,
                now,
                f"{zh_row('active', row, Edition.E2021)}：上年现行有效 {before} + 本年制发 {issued or 0} − "
                f"本年废止 {repealed or 0} = {expected}，实际 {now}（差 {now - expected:+d}）",
                f"I6 {row}: in force {before} + issued {issued or 0} − repealed {repealed or 0} = {expected}, "
                f"printed {now} (difference {now - expected:+d})",
            )


def identity_7(prev: Report, cur: Report) -> Iterator[Finding]:
    """I7 (soft). Edition 2019, 2019 → 2020: prev_items of 2020 = prev_items + change of
    2019 (licensing, other_services, penalty, coercion, fees); rules/normative_docs total
    of 2020 ≈ total of 2019 + published of 2020. (spec/cells.md, identity 7.)"""
    if prev.template is not Edition.E2019 or cur.template is not Edition.E2019:
        return
    for row in ("licensing", "other_services", "penalty", "coercion", "fees"):
        base = _v(prev, f"active.{row}.prev_items")
        change = _v(prev, f"active.{row}.change")
        now = _v(cur, f"active.{row}.prev_items")
        if base is None or now is None:
            continue
        expected = base + (change or 0)
        if expected != now:
            yield make_finding(
                "I7",
                Severity.WARNING,
                _scope(prev, cur, f"active.{row}"),
                (
                    CellRef(f"{prev.meta.year}:active.{row}.prev_items", base),
                    CellRef(f"{prev.meta.year}:active.{row}.change", change, change is None),
                    CellRef(f"{cur.meta.year}:active.{row}.prev_items", now),
                ),
                expected,
                now,
                f"{zh_row('active', row, Edition.E2019)}：上年项目数 {base} + 增减 {change or 0} = {expected}，"
                f"本年所报上一年项目数 {now}",
                f"I7 {row}: items {base} + change {change or 0} = {expected}, next year's previous items {now}",
            )
    for row in ("rules", "normative_docs"):
        total = _v(prev, f"active.{row}.total")
        published = _v(cur, f"active.{row}.published")
        now = _v(cur, f"active.{row}.total")
        if total is None or now is None:
            continue
        expected = total + (published or 0)
        if expected != now:
            yield make_finding(
                "I7",
                Severity.WARNING,
                _scope(prev, cur, f"active.{row}"),
                (
                    CellRef(f"{prev.meta.year}:active.{row}.total", total),
                    CellRef(f"{cur.meta.year}:active.{row}.published", published, published is None),
                    CellRef(f"{cur.meta.year}:active.{row}.total", now),
                ),
                expected,
                now,
                f"{zh_row('active', row, Edition.E2019)}：上年公开总数 {total} + 本年新公开 {published or 0} = "
                f"{expected}，实际 {now}",
                f"I7 {row}: total {total} + published {published or 0} = {expected}, printed {now}",
            )


def _agency_zh(report: Report) -> str:
    return report.meta.agency or "（未署名机关）"


def check_pair(prev: Report, cur: Report) -> list[Finding]:
    """Identities 5-7, and D1/D2 (内容雷同, rules/_copied.py), between two consecutive reports of one agency."""
    from ._copied import copied_pair

    return [*identity_5(prev, cur), *identity_6(prev, cur), *identity_7(prev, cur), *copied_pair(prev, cur)]


def _report(item: SeriesItem) -> tuple[str, Report, frozenset[str]]:
    """Source, report, and the cells the parser split by another year's report (``series-inferred``)."""
    source = ""
    if isinstance(item, tuple):
        source, item = str(item[0]), item[1]
    report, parsed = unwrap(item)
    if parsed is None:
        return source, report, frozenset()
    name = getattr(parsed.document, "name", None)
    inferred = frozenset(c for d in parsed.diagnostics if d.code == "series-inferred" for c in d.cells)
    return source or str(name or ""), report, inferred


def _not_verified(prev: Report, cur: Report, inferred: tuple[frozenset[str], frozenset[str]]) -> Iterator[Finding]:
    """I5/I6 notices: the identity was used to split a digit run, so holding is no evidence."""
    rows = (
        ("I5", "requests.*", "表三", ("requests.carried_forward.",), ("requests.carried_over.",)),
        ("I6", "active.rules", zh_row("active", "rules"), ("active.rules.in_force",), ("active.rules.",)),
        (
            "I6",
            "active.normative_docs",
            zh_row("active", "normative_docs"),
            ("active.normative_docs.in_force",),
            ("active.normative_docs.",),
        ),
    )
    for rule, what, what_zh, before, now in rows:
        used = sorted(
            [f"{prev.meta.year}:{c}" for c in inferred[0] if c.startswith(before)]
            + [f"{cur.meta.year}:{c}" for c in inferred[1] if c.startswith(now)]
        )
        if used:
            yield make_finding(
                rule,
                Severity.NOTICE,
                _scope(prev, cur, what),
                tuple(CellRef(c, None) for c in used),
                None,
                None,
                f"{what_zh}：部分数值系按本关系（对照相邻年度报告）推定拆分，本关系不视为已核验："
                f"{'，'.join(zh_cell(c) for c in used)}",
                f"{rule} {what}: values were inferred using this identity against the other year's report, "
                "so it is not verified",
            )


def check_series(
    reports: Iterable[SeriesItem], *, one_agency: bool = False, aliases: Mapping[str, str] | None = None
) -> list[Finding]:
    """Group reports by agency and year, order them, and check identities 5-7 between
    consecutive years. Accepts reports, ``Parsed`` results or ``(source, report)`` pairs
    (of either). Never raises.

    Reports of different agencies are never compared, and never count as several reports
    for one year. A report that names no agency joins a series only when the reports name
    exactly one agency between them; otherwise it is left out, and a notice (S3) says so.
    An agency renamed over the years stays two series unless ``aliases`` maps the former
    name to the later one; ``one_agency`` takes every report as one agency's (a folder of
    one agency's reports, some unnamed or renamed)."""
    items: list[tuple[str, Report, frozenset[str]]] = []
    for item in reports:
        source, report, inf = _report(item)
        if isinstance(report, ReportLegacy) or getattr(getattr(report, "meta", None), "year", None) is None:
            continue
        items.append((source, report, inf))
    keys = series_keys([r.meta.agency for _, r, _ in items], one_agency=one_agency, aliases=aliases)
    groups: dict[str, dict[int, list[tuple[str, Report]]]] = defaultdict(lambda: defaultdict(list))
    inferred: dict[int, frozenset[str]] = {}
    out: list[Finding] = []
    unnamed: list[str] = []
    for (source, report, inf), key in zip(items, keys, strict=True):
        inferred[id(report)] = inf
        if key is None:
            unnamed.append(source or "?")
            continue
        year = report.meta.year
        assert year is not None
        groups[key][year].append((source, report))
    if unnamed and len(items) > 1:
        named = len({k for k in keys if k is not None})
        out.append(
            make_finding(
                "S3",
                Severity.NOTICE,
                "series",
                (),
                None,
                None,
                f"{len(unnamed)} 份报告未写明机关名称，而其余报告涉及 {named} 个机关，未纳入跨年度比对："
                f"{'，'.join('来源不明' if s == '?' else s for s in unnamed)}",
                f"S3 {len(unnamed)} report(s) name no agency among reports of {named} agencies; not compared "
                f"across years: {', '.join(unnamed)}",
            )
        )
    for by_year in groups.values():
        years = sorted(by_year)
        for year in years:
            if len(by_year[year]) > 1:
                first = by_year[year][0][1]
                sources = [s or "?" for s, _ in by_year[year]]
                out.append(
                    make_finding(
                        "S2",
                        Severity.WARNING,
                        f"{first.meta.agency} {year}",
                        (),
                        1,
                        len(sources),
                        f"{_agency_zh(first)}{year}年度有 {len(sources)} 份报告："
                        f"{'，'.join('来源不明' if s == '?' else s for s in sources)}",
                        f"S2 {len(sources)} reports for {first.meta.agency} {year}: {', '.join(sources)}",
                    )
                )
        for a, b in itertools.pairwise(years):
            prev, cur = by_year[a][0][1], by_year[b][0][1]
            if b != a + 1:
                missing = ", ".join(str(y) for y in range(a + 1, b))
                missing_zh = "、".join(str(y) for y in range(a + 1, b))
                out.append(
                    make_finding(
                        "S1",
                        Severity.NOTICE,
                        f"{cur.meta.agency} {a}→{b}",
                        (),
                        None,
                        None,
                        f"{_agency_zh(cur)}缺少 {missing_zh} 年度报告：{a}年与{b}年之间的连续性无法核对",
                        f"S1 no report of {cur.meta.agency} for {missing}: continuity {a}→{b} not checkable",
                    )
                )
                continue
            out.extend(check_pair(prev, cur))
            out.extend(
                _not_verified(prev, cur, (inferred.get(id(prev), frozenset()), inferred.get(id(cur), frozenset())))
            )
    return out
