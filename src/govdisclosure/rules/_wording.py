"""How the Chinese messages name cells, rows and columns: by the template's own labels.

A finding's ``message_zh`` is wholly Chinese: a cell is named as the template prints it
(``表三 / （三）不予公开 / 1.属于国家秘密 / 自然人``), never by its id; the ids are in the
finding's ``cells`` and ``scope``. The labels come from :mod:`govdisclosure.schema`.
"""

from __future__ import annotations

from ..schema import Edition, TableSpec, cell_label, table_label, table_specs

__all__ = ["zh_cell", "zh_cells", "zh_column", "zh_row"]

# Tables 三 and 四 print the same rows and columns in both editions; table 二 differs.
_BOTH = Edition.E2021


def zh_cell(cell_id: str, edition: Edition | str | None = None) -> str:
    """A cell by its label; ``YEAR:id`` (a cell of another year's report) as ``YEAR年 label``."""
    year, _, bare = cell_id.rpartition(":")
    label = cell_label(edition, bare) or "未知单元格"
    return f"{year}年 {label}" if year else label


def zh_cells(cell_ids: list[str] | tuple[str, ...], edition: Edition | str | None = None) -> str:
    return "，".join(zh_cell(c, edition) for c in cell_ids)


def _table(edition: Edition | str, table_id: str) -> TableSpec:
    return next(t for t in table_specs(Edition(edition)) if t.id == table_id)


def zh_row(table_id: str, row_id: str, edition: Edition | str = _BOTH) -> str:
    """``表二“第二十条第（一）项 / 规章”``: a row with its table."""
    row = next(r for r in _table(edition, table_id).rows if r.id == row_id)
    return f"{table_label(table_id)}“{row.full_label}”"


def zh_column(table_id: str, column_id: str, edition: Edition | str = _BOTH) -> str:
    """``表三“自然人”列``: a column with its table."""
    columns = {c.id: c for r in _table(edition, table_id).rows for c in r.columns}
    return f"{table_label(table_id)}“{columns[column_id].label}”列"
