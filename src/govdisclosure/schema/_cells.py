"""Cell addressing: cell ids of an edition, reading and replacing a cell by id."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from ._labels import ColumnSpec, Edition, RowSpec, TableSpec, table_specs
from ._model import Money, Report, Report2019, Report2021, ReportLegacy

__all__ = ["CellValue", "cell_ids", "cell_spec", "get_cell", "iter_cells", "replace_cells", "report_class"]

CellValue = int | Money | None

META_IDS = ("meta.edition", "meta.year", "meta.agency")


def report_class(edition: Edition) -> type[Report2019] | type[Report2021] | type[ReportLegacy]:
    return {Edition.E2019: Report2019, Edition.E2021: Report2021, Edition.LEGACY: ReportLegacy}[edition]


def cell_ids(edition: Edition | str) -> tuple[str, ...]:
    """Every table cell id of an edition, in template order (no meta ids)."""
    return _CELL_IDS[Edition(edition)]


_CELL_IDS: dict[Edition, tuple[str, ...]] = {
    e: tuple(cid for t in table_specs(e) for cid in t.cell_ids()) for e in Edition
}
_SPECS: dict[Edition, dict[str, tuple[TableSpec, RowSpec, ColumnSpec]]] = {
    e: {f"{t.id}.{r.id}.{c.id}": (t, r, c) for t in table_specs(e) for r in t.rows for c in r.columns} for e in Edition
}


def cell_spec(edition: Edition | str, cell_id: str) -> tuple[TableSpec, RowSpec, ColumnSpec]:
    """The table, row and column spec of a cell id (KeyError if the edition has no such cell)."""
    return _SPECS[Edition(edition)][cell_id]


def get_cell(report: Report, cell_id: str) -> Any:
    """The value at a cell id (or ``meta.*``); KeyError for an id the report does not have."""
    obj: Any = report
    for part in cell_id.split("."):
        if not attrs.has(type(obj)) or part not in attrs.fields_dict(type(obj)):
            raise KeyError(cell_id)
        obj = getattr(obj, part)
    return obj


def iter_cells(report: Report) -> Iterator[tuple[str, CellValue]]:
    """(cell id, value) for every table cell of the report's edition, in template order."""
    for cid in _CELL_IDS[report.template]:
        yield cid, get_cell(report, cid)


def _replace(obj: Any, parts: list[str], value: Any) -> Any:
    head = parts[0]
    if not attrs.has(type(obj)) or head not in attrs.fields_dict(type(obj)):
        raise KeyError(head)
    if len(parts) == 1:
        return attrs.evolve(obj, **{head: value})
    return attrs.evolve(obj, **{head: _replace(getattr(obj, head), parts[1:], value)})


def replace_cells(report: Report, values: dict[str, Any]) -> Report:
    """A copy of the report with the given cells (by id) replaced."""
    out: Any = report
    for cid, value in values.items():
        out = _replace(out, cid.split("."), value)
    return out  # type: ignore[no-any-return]
