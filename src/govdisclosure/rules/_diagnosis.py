"""Diagnosis: which cell (or two) would make every failing identity hold.

When identities 1-4 fail, search the smallest set of cells — one, then two —
whose change makes every failing identity hold without breaking one that
holds, and report it as a hint; or say that no such small correction exists
and by how much which rows over- or under-count. Hints never change the report.
Values read by OCR carry a confidence: corrections of the least confident cells
come first, and one whose cells were all read with low confidence is named as
the probable OCR misread.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from ..schema import Report, ReportLegacy
from ._identities import Context, Equation, equations_for, parsed_context, unwrap, where_zh
from ._wording import zh_cell

if TYPE_CHECKING:
    from ..parse import Parsed, Provenance

__all__ = ["Correction", "Diagnosis", "diagnose"]

MAX_DOUBLE = 12
_PLAIN = Context()  # for holds_plainly: nothing unread or inferred matters to whether an equation holds


@attrs.frozen
class Correction:
    """Cells that, changed together, make every failing identity hold: (cell, printed, proposed)."""

    changes: tuple[tuple[str, int | None, int], ...]

    def describe(self) -> str:
        return ", ".join(f"{c} {'blank' if p is None else p} → {v}" for c, p, v in self.changes)


@attrs.frozen
class Diagnosis:
    """The result of the search: failing identities, corrections of one and two cells, imbalances."""

    failing: tuple[str, ...]
    single: tuple[Correction, ...]
    double: tuple[Correction, ...]
    imbalances: tuple[str, ...]
    message_zh: str
    message_en: str
    unfilled_rows: tuple[str, ...] = ()  # rows printed as zeros or blanks that the identities fill

    def to_dict(self) -> dict[str, Any]:
        return {
            "failing": list(self.failing),
            "single": [[list(c) for c in fix.changes] for fix in self.single],
            "double": [[list(c) for c in fix.changes] for fix in self.double],
            "imbalances": list(self.imbalances),
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "unfilled_rows": list(self.unfilled_rows),
        }


def _sides(eq: Equation, vals: dict[str, int | None]) -> tuple[int, int] | None:
    """(expected, total) with blanks as 0, or None if the equation is not checkable."""
    total = vals[eq.total]
    comps = [vals[c] for c in (*eq.plus, *eq.minus)]
    if total is None or all(v is None for v in comps):
        return None
    expected = sum(vals[c] or 0 for c in eq.plus) - sum(vals[c] or 0 for c in eq.minus)
    return expected, total


def _holds(eq: Equation, vals: dict[str, int | None]) -> bool:
    s = _sides(eq, vals)
    return s is None or s[0] == s[1]


def _needed(eq: Equation, cell: str, vals: dict[str, int | None]) -> int | None:
    """The value of ``cell`` that makes ``eq`` hold, the other cells unchanged."""
    s = _sides(eq, vals)
    if s is None:
        return None
    expected, total = s
    current = vals[cell] or 0
    if cell == eq.total:
        value = expected
    elif cell in eq.plus:
        value = current + (total - expected)
    else:
        value = current - (total - expected)
    return value if value >= 0 else None


def _imbalance(eq: Equation, expected: int, total: int) -> str:
    gap = expected - total
    way = "over-count" if gap > 0 else "under-count"
    parts = {"I1": "new + carried over", "I2": "the outcome rows", "I3": "the applicant columns", "I4": "the results"}
    return f"{eq.rule} {eq.scope}: {parts[eq.rule]} {way} the printed total by {abs(gap)}"


def diagnose(report: Report | Parsed, ctx: Context | None = None) -> Diagnosis | None:
    """Search one- and two-cell corrections for the failing identities 1-4 (None if none fail).

    Given a ``Parsed``, its cells not read and their OCR confidence are taken into account
    (and ``ctx`` is ignored)."""
    confidence: dict[str, float] = {}
    report, parsed = unwrap(report)
    if parsed is not None:
        ctx = parsed_context(parsed)
        confidence = _ocr_confidence(parsed.provenance)
    ctx = ctx or Context()
    if isinstance(report, ReportLegacy) or not hasattr(report, "requests"):
        return None
    eqs = [eq for eq in equations_for(report) if not (set(eq.cells) & ctx.unread)]
    cells = ctx.values_of(report)
    if all(eq.holds_plainly(cells, _PLAIN) for eq in eqs):
        return None  # every cell an int and every equation holding: nothing fails (the common case)
    vals: dict[str, int | None] = {}
    for eq in eqs:
        for c in eq.cells:
            if c not in vals:
                v = cells[c]
                vals[c] = v if isinstance(v, int) else None
    failing = [eq for eq in eqs if not _holds(eq, vals)]
    if not failing:
        return None
    by_cell: dict[str, list[Equation]] = defaultdict(list)
    for eq in eqs:
        for c in eq.cells:
            by_cell[c].append(eq)
    candidates = sorted({c for eq in failing for c in eq.cells})

    def all_hold(changed: Iterable[str]) -> bool:
        touched = {id(eq): eq for c in changed for eq in by_cell[c]}
        touched.update({id(eq): eq for eq in failing})
        return all(_holds(eq, vals) for eq in touched.values())

    single: list[Correction] = []
    double: list[Correction] = []
    seen: set[tuple[tuple[str, int], ...]] = set()
    for c1 in candidates:
        original1 = vals[c1]
        for v1 in sorted({v for eq in failing if c1 in eq.cells if (v := _needed(eq, c1, vals)) is not None}):
            vals[c1] = v1
            if all_hold([c1]):
                single.append(Correction(((c1, original1, v1),)))
                vals[c1] = original1
                continue
            still = [eq for eq in {id(e): e for e in (*failing, *by_cell[c1])}.values() if not _holds(eq, vals)]
            for c2 in sorted({c for eq in still for c in eq.cells if c != c1}):
                original2 = vals[c2]
                for v2 in sorted({v for eq in still if c2 in eq.cells if (v := _needed(eq, c2, vals)) is not None}):
                    vals[c2] = v2
                    key = tuple(sorted(((c1, v1), (c2, v2))))
                    if key not in seen and all_hold([c1, c2]):
                        seen.add(key)
                        pair = sorted(((c1, original1, v1), (c2, original2, v2)))
                        double.append(Correction(tuple(pair)))
                    vals[c2] = original2
            vals[c1] = original1
    imbalances = []
    for eq in failing:
        s = _sides(eq, vals)
        assert s is not None
        imbalances.append(_imbalance(eq, *s))
    failing_ids = tuple(f"{eq.rule} {eq.scope}" for eq in failing)
    if confidence:  # least confident first (stable): a misread is the likeliest cause
        single.sort(key=lambda fix: min(confidence.get(c, 1.0) for c, _, _ in fix.changes))
        double.sort(key=lambda fix: min(confidence.get(c, 1.0) for c, _, _ in fix.changes))

    def zh_fix(fix: Correction) -> str:
        return "，".join(
            f"{zh_cell(c, report.template)} 由 {'空白' if p is None else p} 改为 {v}" for c, p, v in fix.changes
        )

    unfilled = [] if single else _unfilled_rows(failing, eqs, by_cell, vals)
    if unfilled:
        row, fills = unfilled[0]
        label = _row_label(report, row)
        shown = ", ".join(str(v) for _, v in fills)
        en = (
            f"the {label} row ({row}) appears not filled in: printed as zeros or blanks, while the identities "
            f"give {shown}"
        )
        zh = f"“{label}”行似乎未填写：所印均为 0 或空白，而按勾稽关系应为 {shown}"
        if confidence:
            en, zh = _ocr_hint(en, zh, confidence, single or double, {c for eq in failing for c in eq.cells}, report)
        return Diagnosis(
            tuple(f"{eq.rule} {eq.scope}" for eq in failing),
            (),
            tuple(double[:MAX_DOUBLE]),
            tuple(imbalances),
            zh,
            en,
            tuple(r for r, _ in unfilled),
        )
    if single:
        fixes = "; or ".join(c.describe() for c in single[:3])
        en = f"a single-cell correction would make every failing identity hold: {fixes}"
        zh = f"改正一个单元格即可使全部不成立的勾稽关系成立：{'；或'.join(zh_fix(c) for c in single[:3])}"
    else:
        gaps = "; ".join(imbalances)
        en = f"no single-cell correction makes every failing identity hold; {gaps}"
        zh_parts = {"I1": "新收与上年结转之和", "I2": "各办理结果之和", "I3": "各申请人之和", "I4": "各结果之和"}
        zh_gaps = []
        for eq in failing:
            sides = _sides(eq, vals)
            assert sides is not None
            gap = sides[0] - sides[1]
            zh_gaps.append(f"{where_zh(eq)}：{zh_parts[eq.rule]}比所填总计{'多' if gap > 0 else '少'} {abs(gap)}")
        zh = "不存在单个单元格的改正能使全部不成立的勾稽关系成立；" + "；".join(zh_gaps)
        if double:
            example = double[0].describe()
            more = f" ({len(double)} such pairs)" if len(double) > 1 else ""
            en += f"; two cells changed together would{more}, e.g. {example}"
            zh += f"；同时改正两个单元格可以（共 {len(double)} 种），例如 {zh_fix(double[0])}"
        else:
            en += "; no two-cell correction either"
            zh += "；两个单元格的改正也不存在"
    if confidence:
        en, zh = _ocr_hint(en, zh, confidence, single or double, {c for eq in failing for c in eq.cells}, report)
    return Diagnosis(failing_ids, tuple(single), tuple(double[:MAX_DOUBLE]), tuple(imbalances), zh, en)


def _unfilled_rows(
    failing: list[Equation],
    eqs: list[Equation],
    by_cell: dict[str, list[Equation]],
    vals: dict[str, int | None],
) -> list[tuple[str, list[tuple[str, int]]]]:
    """Rows printed wholly as zeros or blanks (never filled in) whose cells, set to what the
    failing identities need, make every identity hold: e.g. a （七）总计 row left at 0."""
    rows: dict[str, list[str]] = defaultdict(list)
    for c in vals:
        rows[c.rsplit(".", 1)[0]].append(c)
    out = []
    for row, cells in rows.items():
        if len(cells) < 2 or any(vals[c] not in (0, None) for c in cells):
            continue
        if sum(1 for eq in failing if set(eq.cells) & set(cells)) < 2:
            continue
        saved = {c: vals[c] for c in cells}
        fills: list[tuple[str, int]] = []
        for c in cells:  # a cell that is an equation's total first: its value is the sum it totals
            eq = next((e for e in failing if e.total == c and not _holds(e, vals)), None)
            eq = eq or next((e for e in failing if c in e.cells and not _holds(e, vals)), None)
            v = _needed(eq, c, vals) if eq is not None else vals[c]
            if v is None:
                break
            vals[c] = v
            fills.append((c, v))
        ok = (
            len(fills) == len(cells)
            and all(_holds(eq, vals) for eq in {id(e): e for c in cells for e in by_cell[c]}.values())
            and all(_holds(eq, vals) for eq in failing)
        )
        vals.update(saved)
        if ok and any(v for _, v in fills):
            out.append((row, fills))
    return out


def _row_label(report: Report, row: str) -> str:
    """A row's label as printed in the template (（七）总计), or its id."""
    from ..schema import table_specs

    table_id, _, row_id = row.partition(".")
    for table in table_specs(report.template):
        if table.id == table_id:
            for r in table.rows:
                if r.id == row_id:
                    return f"{r.numbering}{r.label}"
    return row


def _ocr_confidence(provenance: dict[str, Provenance]) -> dict[str, float]:
    """Cell id → OCR confidence, for values read from a scan."""
    out: dict[str, float] = {}
    for cid, p in provenance.items():
        conf = getattr(p.location, "confidence", None)
        if conf is not None:
            out[cid] = float(conf)
    return out


def _ocr_hint(
    en: str, zh: str, confidence: dict[str, float], fixes: list[Correction], cells: set[str], report: Report
) -> tuple[str, str]:
    """Name the low-confidence OCR cells as the probable misreads."""
    from ..parse.readers._ocr import LOW_CONFIDENCE

    for fix in fixes[:1]:
        low = [(c, confidence[c]) for c, _, _ in fix.changes if confidence.get(c, 1.0) < LOW_CONFIDENCE]
        if len(low) == len(fix.changes):
            named = ", ".join(f"{c} (confidence {v:.2f})" for c, v in low)
            named_zh = "，".join(f"{zh_cell(c, report.template)}（置信度 {v:.2f}）" for c, v in low)
            return (
                f"{en}; probably an OCR misread of cell {named}",
                f"{zh}；很可能是光学字符识别误读了单元格 {named_zh}",
            )
    weak = sorted((v, c) for c, v in confidence.items() if c in cells and v < LOW_CONFIDENCE)
    if weak:
        named = ", ".join(f"{c} ({v:.2f})" for v, c in weak[:5])
        named_zh = "，".join(f"{zh_cell(c, report.template)}（{v:.2f}）" for v, c in weak[:5])
        return (
            f"{en}; cells of the failing identities read by OCR with low confidence: {named}",
            f"{zh}；不成立的勾稽关系中以光学字符识别读出、置信度低的单元格：{named_zh}",
        )
    return en, zh
