"""Helpers for tests, ours and embedders': build reports from cell values."""

from __future__ import annotations

import random
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .schema import (
    APPEAL_COLUMN_IDS,
    REQUEST_COLUMN_IDS,
    ColumnKind,
    Edition,
    Meta,
    Money,
    Report,
    cell_ids,
    cell_spec,
    replace_cells,
    report_class,
    table_specs,
)

__all__ = ["balanced_values", "make_report"]


def balanced_values(edition: Edition | str, seed: int = 0, *, high: int = 40) -> dict[str, Any]:
    """Random cell values of ``edition`` that satisfy identities 1-4 (reproducible by ``seed``)."""
    edition = Edition(edition)
    rng = random.Random(seed)
    values: dict[str, Any] = {}
    for cid in cell_ids(edition):
        kind = cell_spec(edition, cid)[2].kind
        if cid.startswith("active."):
            if kind is ColumnKind.MONEY:
                unit = "万元" if edition is Edition.E2021 else "元"
                values[cid] = Money(Decimal(rng.randint(0, 99999)) / 100, unit)
            elif kind is ColumnKind.SIGNED:
                values[cid] = rng.randint(-5, 5)
            else:
                values[cid] = rng.randint(0, high)
    for row in ("rules", "normative_docs"):  # plausible too: this year's never above the total
        small, big = ("issued", "in_force") if edition is Edition.E2021 else ("published", "total")
        values[f"active.{row}.{big}"] = values[f"active.{row}.{small}"] + rng.randint(0, high)
    spec = next(t for t in table_specs(edition) if t.id == "requests")
    applicants = REQUEST_COLUMN_IDS[:-1]
    # （六）其他处理 in the edition's own form (one row in 2019, three sub-rows in 2021); the other form stays null
    skip = ("new", "carried_over", "total", "carried_forward")
    outcome_rows = [r.id for r in spec.rows if r.id not in skip and not _unprinted(edition, f"requests.{r.id}.total")]
    for row in outcome_rows:
        nums = [rng.choice([0, 0, 0, rng.randint(0, high)]) for _ in applicants]
        values.update({f"requests.{row}.{c}": v for c, v in zip(applicants, nums, strict=True)})
        values[f"requests.{row}.total"] = sum(nums)
    for c in REQUEST_COLUMN_IDS[:-1]:
        total = sum(values[f"requests.{r}.{c}"] for r in outcome_rows)
        forward = rng.randint(0, 3)
        over = rng.randint(0, total + forward)
        values[f"requests.total.{c}"] = total
        values[f"requests.carried_forward.{c}"] = forward
        values[f"requests.carried_over.{c}"] = over
        values[f"requests.new.{c}"] = total + forward - over
    for row in ("new", "carried_over", "total", "carried_forward"):
        values[f"requests.{row}.total"] = sum(values[f"requests.{row}.{c}"] for c in applicants)
    for row in ("review", "litigation_direct", "litigation_after_review"):
        nums = [rng.randint(0, 5) for _ in APPEAL_COLUMN_IDS[:-1]]
        values.update({f"appeals.{row}.{c}": v for c, v in zip(APPEAL_COLUMN_IDS[:-1], nums, strict=True)})
        values[f"appeals.{row}.total"] = sum(nums)
    return values


def _unprinted(edition: Edition, cid: str) -> bool:
    """A cell of the form of （六）其他处理 that the edition does not print (left null)."""
    sub = cid.startswith(("requests.other.no_correction.", "requests.other.unpaid_fee.", "requests.other.misc."))
    one = cid.startswith("requests.other.") and not sub
    return sub if edition is Edition.E2019 else one


def make_report(
    edition: Edition | str = Edition.E2021,
    cells: Mapping[str, Any] | None = None,
    *,
    year: int | None = None,
    agency: str | None = "示例机关",
    fill: int | None = 0,
    seed: int | None = None,
) -> Report:
    """A report of ``edition`` whose identities 1-4 hold, then ``cells`` (cell id → value) applied.

    With ``seed=None`` every count cell is ``fill`` (0 by default) and money is
    blank; with a ``seed`` the cells get random values that satisfy identities
    1-4 (see :func:`balanced_values`).

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
    if seed is None:
        base = {cid: fill for cid in cell_ids(edition) if not cid.endswith("amount") and not _unprinted(edition, cid)}
    else:
        base = balanced_values(edition, seed)
    base.update(cells or {})
    return replace_cells(report, base)
