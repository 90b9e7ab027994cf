"""Infer: choose among the readings of a digit run the one an identity allows (marked inferred):
a row identity within the report, or the same agency's previous or next year's report."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from ..._agency import series_keys
from ...schema import ColumnSpec, Edition, get_cell, replace_cells
from .._document import Location
from .._numbers import read_number
from .._result import Ambiguous, Diagnostic, Parsed, Provenance
from ._build import _Builder, zh
from ._prose import CLAIMED, prose_claims

__all__ = ["settle_by_prose", "settle_series"]


def _row_identity(table_id: str, columns: Sequence[ColumnSpec]) -> Any:
    """A check on one reading of a whole row, used only to choose among readings."""
    ids = [c.id for c in columns]
    if table_id == "requests" and ids[-1] == "total":

        def ok(vals: list[tuple[str, str | None]]) -> bool:
            nums = [Decimal(v) for v, _ in vals]
            return sum(nums[:-1]) == nums[-1]

        return ok
    if table_id == "appeals":

        def ok15(vals: list[tuple[str, str | None]]) -> bool:
            nums = [Decimal(v) for v, _ in vals]
            return all(sum(nums[g : g + 4]) == nums[g + 4] for g in range(0, len(nums), 5))

        return ok15
    return None


# --------------------------------------------------------------------------- by the report's prose
def settle_by_prose(b: _Builder, regions: dict[str, tuple[int, int]], year: int | None) -> None:
    """Settle the builder's ambiguous runs by counts the report's own prose states for their
    cells (outside the tables): a reading is taken only when exactly one agrees with every
    cell the prose states; its cells are marked inferred and a diagnostic quotes the sentence
    (which is then no independent check of those cells). Prose never overrides a cell read
    with certainty: only the cells of ambiguous runs are settled."""
    if not any(CLAIMED.match(c) for amb in b.pending for c in amb.cells):
        return  # no run holds a cell the prose may state
    text = b.s.text
    tables = sorted(regions[t] for t in ("active", "requests", "appeals") if t in regions)
    prose = []  # the text outside the tables, with its offsets
    pos = 0
    for a, z in tables:
        if a > pos:
            prose.append((pos, text[pos:a]))
        pos = max(pos, z)
    prose.append((pos, text[pos:]))
    claims: dict[str, list[tuple[int, int, int]]] = {}
    for offset, chunk in prose:
        for cid, value, s0, s1 in prose_claims(chunk, year):
            claims.setdefault(cid, []).append((value, offset + s0, offset + s1))
    carried = b.values.get("requests.carried_over.total")
    if carried != 0 or "requests.carried_over.total" not in b.prov:
        claims.pop("requests.new.total", None)  # 收到申请 N 件 may count the carried-over too
    left = []
    for amb in b.pending:
        stated = {c: claims[c] for c in amb.cells if c in claims and len({v for v, _, _ in claims[c]}) == 1}
        if not stated:
            left.append(amb)
            continue
        fits = [
            r
            for r in amb.readings
            if all(_int(t) == stated[c][0][0] for c, t in zip(amb.cells, r, strict=True) if c in stated)
        ]
        if len(fits) != 1:
            left.append(amb)
            continue
        reading = fits[0]
        for cid, t in zip(amb.cells, reading, strict=True):
            b.values[cid] = _int(t)
            run = b.run_spans.get(cid)
            if run is not None:
                b.prov[cid] = Provenance._at(b.s, run[0], run[1], True)
        spans = [(a, z) for c in stated for _, a, z in stated[c]]
        s0, s1 = min(a for a, _ in spans), max(z for _, z in spans)
        quote = b.s.snippet(s0, s1).strip()
        if len(quote) > 120:
            quote = quote[:117] + "…"
        b.diags = [d for d in b.diags if not (d.code == "ambiguous-run" and set(d.cells) & set(amb.cells))]
        row = amb.cells[0].rsplit(".", 1)[0]
        b.diag(
            "prose-inferred",
            f"row {row}: of {len(amb.readings)} readings of its run, only one agrees with what the report's "
            f"prose states ('{quote}'); used as inferred (that statement is no independent check of these cells)",
            f"{zh(row)} 行：数字串的 {len(amb.readings)} 种拆分中仅一种与报告正文所述相符（“{quote}”），"
            "据此推定（该段正文不再视为对这些单元格的核验）",
            s0,
            amb.cells,
        )
    b.pending = left


# --------------------------------------------------------------------------- across years
def settle_series(
    items: Sequence[Parsed], *, one_agency: bool = False, aliases: Mapping[str, str] | None = None
) -> list[Parsed]:
    """Settle digit runs a report alone leaves ambiguous by the same agency's previous or next
    year: carry-over (identity 5: carried_over of N = carried_forward of N−1) and the in-force
    roll (identity 6: in_force of N = in_force of N−1 + issued − repealed). A reading is taken
    only when exactly one fits; its cells are marked inferred, and that identity is then not
    verified (the series check says so).

    Reports are grouped by the agency they name; reports of different agencies are never
    compared. A report naming no agency joins a series only when the items name exactly one
    agency between them. ``aliases`` maps a former name of an agency to its later one (a
    renamed agency stays two series otherwise); ``one_agency`` takes every item as one
    agency's. Returns the items in the same order, settled ones replaced."""
    out = list(items)
    metas = [getattr(p.report, "meta", None) for p in out]
    keys = series_keys([getattr(m, "agency", None) for m in metas], one_agency=one_agency, aliases=aliases)
    groups: dict[str, dict[int, int]] = {}
    for i, (p, meta, key) in enumerate(zip(out, metas, keys, strict=True)):
        year = getattr(meta, "year", None)
        if year is None or key is None or p.report.template is Edition.LEGACY:
            continue
        groups.setdefault(key, {}).setdefault(year, i)
    for by_year in groups.values():
        for year, i in sorted(by_year.items()):
            j = by_year.get(year + 1)
            if j is None:
                continue
            out[j] = _settle(out[j], out[i], forward=False)  # this year's runs, by last year
            out[i] = _settle(out[i], out[j], forward=True)  # last year's carried_forward, by this year
    return out


def _int(text: str) -> int | None:
    num = read_number(text)
    return int(num.value) if num is not None and num.is_integer else None


def _settle(p: Parsed, other: Parsed, *, forward: bool) -> Parsed:
    """Settle ``p``'s ambiguous runs against ``other`` (the next year if ``forward``, else the previous)."""
    if not p.ambiguous:
        return p
    values: dict[str, Any] = {}
    prov = dict(p.provenance)
    diags = list(p.diagnostics)
    left: list[Ambiguous] = []
    for amb in p.ambiguous:
        fits = [r for r in amb.readings if _fits(amb.cells, r, other.report, forward=forward)]
        if len(fits) != 1:
            left.append(amb)
            continue
        reading = fits[0]
        rule = "5" if "requests." in amb.cells[0] else "6"
        for cid, text in zip(amb.cells, reading, strict=True):
            values[cid] = _int(text)
            old = prov.get(cid)
            prov[cid] = old.replace(inferred=True) if old else Provenance(Location(), text, True)
        row = amb.cells[0].rsplit(".", 1)[0]
        year = other.report.meta.year
        diags = [d for d in diags if not (d.code == "ambiguous-run" and set(d.cells) & set(amb.cells))]
        diags.append(
            Diagnostic(
                "series-inferred",
                f"row {row}: of {len(amb.readings)} readings of its run, only one agrees with the {year} report "
                f"(identity {rule}); used as inferred (identity {rule} is not verified)",
                f"{row} 行：数字串的 {len(amb.readings)} 种拆分中仅一种与{year}年度报告相符（勾稽关系{rule}），"
                f"据此推定（勾稽关系{rule}不视为已核验）",
                prov[amb.cells[0]].location,
                amb.cells,
            )
        )
    if not values:
        return p
    report = replace_cells(p.report, values)
    return attrs.evolve(p, report=report, provenance=prov, diagnostics=tuple(diags), ambiguous=tuple(left))


def _fits(cells: tuple[str, ...], reading: tuple[str, ...], other: Any, *, forward: bool) -> bool:
    vals = dict(zip(cells, (_int(t) for t in reading), strict=True))
    row = cells[0].rsplit(".", 1)[0]
    try:
        if row == "requests.carried_over" and not forward:
            return all(
                v is not None and v == get_cell(other, c.replace("carried_over", "carried_forward"))
                for c, v in vals.items()
            )
        if row == "requests.carried_forward" and forward:
            return all(
                v is not None and v == get_cell(other, c.replace("carried_forward", "carried_over"))
                for c, v in vals.items()
            )
        if row in ("active.rules", "active.normative_docs") and not forward and other.template is Edition.E2021:
            before = get_cell(other, f"{row}.in_force")
            issued, repealed, now = (vals.get(f"{row}.{c}") for c in ("issued", "repealed", "in_force"))
            if not isinstance(before, int) or None in (issued, repealed, now):
                return False
            return bool(before + issued - repealed == now)  # type: ignore[operator]
    except KeyError:
        return False
    return False
