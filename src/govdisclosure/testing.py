"""Helpers for tests, ours and embedders': build reports from cell values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .schema import Edition, Meta, Report, cell_ids, replace_cells, report_class

__all__ = ["make_report"]


def make_report(
    edition: Edition | str = Edition.E2021,
    cells: Mapping[str, Any] | None = None,
    *,
    year: int | None = None,
    agency: str | None = "示例机关",
    fill: int | None = 0,
) -> Report:
    """A report of ``edition`` with every count cell set to ``fill`` (0: all identities hold),
    money cells left blank, then ``cells`` (cell id → value) applied.

    >>> r = make_report("2021", {"requests.new.total": 3})
    >>> r.requests.new.total
    3
    """
    edition = Edition(edition)
    if year is None:
        year = 2020 if edition is Edition.E2019 else 2022
    report: Any = report_class(edition)(meta=Meta(edition=edition, year=year, agency=agency))
    if edition is Edition.LEGACY:
        return report  # type: ignore[no-any-return]
    base = {cid: fill for cid in cell_ids(edition) if not cid.endswith("amount")}
    base.update(cells or {})
    return replace_cells(report, base)
