"""Roll-ups: the sum of many reports of one edition and year, and checking a published summary.

A county's or a city's summary report should equal the sum of its units'
reports. Sums are None-aware: the sum of blanks is blank, and the result says
how many inputs were blank for each cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from ..schema import (
    CellValue,
    Meta,
    Money,
    Report,
    ReportLegacy,
    cell_ids,
    get_cell,
    iter_cells,
    replace_cells,
    report_class,
)
from ._findings import CellRef, Finding, Severity, make_finding
from ._identities import unwrap
from ._wording import zh_cell

if TYPE_CHECKING:
    from ..parse import Parsed

__all__ = ["Aggregate", "aggregate", "check_rollup"]

_TO_YUAN = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000), "千元": Decimal(1000)}


@attrs.frozen
class Aggregate:
    """The summed report, how many inputs were summed, and per cell how many were blank."""

    report: Report
    inputs: int
    blanks: dict[str, int]


def _unwrap(item: Report | Parsed) -> Report:
    return unwrap(item)[0]


def _sum_money(values: list[Money]) -> Money:
    units = {m.unit for m in values}
    if len(units) == 1:
        return Money(sum((m.number for m in values), Decimal(0)), values[0].unit)
    if all(u in _TO_YUAN for u in units):
        return Money(sum((m.number * _TO_YUAN[m.unit] for m in values if m.unit), Decimal(0)), "元")
    raise ValueError(f"cannot add amounts in units {sorted(u or 'none' for u in units)}")


def aggregate(reports: Sequence[Report | Parsed], *, agency: str | None = None) -> Aggregate:
    """Sum reports of one edition and year into one (ValueError if they differ)."""
    items = [_unwrap(r) for r in reports]
    if not items:
        raise ValueError("aggregate() needs at least one report")
    templates = {r.template for r in items}
    years = {r.meta.year for r in items}
    if len(templates) != 1 or any(isinstance(r, ReportLegacy) for r in items):
        raise ValueError(f"reports of one edition only (got {sorted(t.value for t in templates)})")
    if len(years) != 1:
        raise ValueError(f"reports of one year only (got {sorted(y or 0 for y in years)})")
    template = items[0].template
    columns: dict[str, list[CellValue]] = {cid: [] for cid in cell_ids(template)}
    for r in items:
        for cid, value in iter_cells(r):
            columns[cid].append(value)
    values: dict[str, CellValue] = {}
    blanks: dict[str, int] = {}
    for cid, vals in columns.items():
        present = [v for v in vals if v is not None]
        blanks[cid] = len(vals) - len(present)
        if not present:
            values[cid] = None
            continue
        money = [v for v in present if isinstance(v, Money)]
        counts = [v for v in present if not isinstance(v, Money)]
        if money and counts:
            raise ValueError(f"cell {cid} holds amounts of money in some reports and counts in others")
        values[cid] = _sum_money(money) if money else sum(counts)
    meta = Meta(edition=items[0].meta.edition, year=items[0].meta.year, agency=agency)
    report = replace_cells(report_class(template)(meta=meta), values)
    return Aggregate(report, len(items), blanks)


def _zh(value: int | Money) -> str:
    """A value in a Chinese message: an amount in positional notation with its unit."""
    return f"{format(value.number, 'f')}{value.unit or ''}" if isinstance(value, Money) else str(value)


def check_rollup(parent: Report | Parsed, children: Sequence[Report | Parsed]) -> list[Finding]:
    """R1. Where a published summary differs from the sum of its units' reports (warnings)."""
    summary = _unwrap(parent)
    total = aggregate(children)
    out: list[Finding] = []
    for cid, printed in iter_cells(summary):
        summed = get_cell(total.report, cid)
        if printed is None or summed is None or printed == summed:
            continue
        if isinstance(printed, Money) or isinstance(summed, Money):
            if isinstance(printed, Money) and isinstance(summed, Money) and printed == summed:
                continue
            p_num = printed.number if isinstance(printed, Money) else printed
            s_num = summed.number if isinstance(summed, Money) else summed
            out.append(
                make_finding(
                    "R1",
                    Severity.WARNING,
                    cid,
                    (CellRef(cid, None),),
                    None,
                    None,
                    f"{zh_cell(cid, summary.template)}：汇总报告为 {_zh(printed)}，各单位合计 {_zh(summed)}",
                    f"R1 {cid}: the summary prints {p_num} {getattr(printed, 'unit', '') or ''}, "
                    f"its units add up to {s_num} {getattr(summed, 'unit', '') or ''}",
                )
            )
            continue
        note = f" ({total.blanks[cid]} of {total.inputs} units blank)" if total.blanks[cid] else ""
        blank_zh = f"（其中 {total.blanks[cid]} 个单位此格为空）" if total.blanks[cid] else ""
        out.append(
            make_finding(
                "R1",
                Severity.WARNING,
                cid,
                (CellRef(cid, printed),),
                summed,
                printed,
                f"{zh_cell(cid, summary.template)}：汇总报告为 {printed}，{total.inputs} 个单位合计 {summed}"
                f"（差 {printed - summed:+d}）{blank_zh}",
                f"R1 {cid}: the summary prints {printed}, its {total.inputs} units add up to {summed} "
                f"(difference {printed - summed:+d}){note}",
            )
        )
    return out
