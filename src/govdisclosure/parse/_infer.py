"""Infer: choose among the readings of a digit run the one a row identity allows (marked inferred)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ..schema import ColumnSpec


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
