"""The rules: identities 1-7 as data, plausibility, narrative, roll-ups; check() and friends."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from ..schema import Report, ReportLegacy
from ._criteria import CRITERIA_RULES
from ._diagnosis import Correction, Diagnosis, diagnose
from ._findings import CellRef, Finding, Severity, make_finding
from ._identities import (
    IDENTITY_RULES,
    Context,
    Equation,
    Rule,
    cell_values,
    equations,
    equations_for,
    other_form,
    parsed_context,
    unwrap,
)
from ._narrative import NARRATIVE_RULES
from ._plausibility import PLAUSIBILITY_RULES
from ._prose import PROSE_RULES

if TYPE_CHECKING:
    from ..parse import Parsed
    from ._baseline import apply_baseline, load_baseline, write_baseline
    from ._indicators import Indicator, indicators
    from ._rollup import Aggregate, aggregate, check_rollup
    from ._series import SeriesItem, agency_key, check_pair, check_series

_LAZY = {
    **dict.fromkeys(["apply_baseline", "load_baseline", "write_baseline"], "._baseline"),
    **dict.fromkeys(["Aggregate", "aggregate", "check_rollup"], "._rollup"),
    **dict.fromkeys(["agency_key", "check_pair", "check_series"], "._series"),
    **dict.fromkeys(["Indicator", "indicators"], "._indicators"),
}


if not TYPE_CHECKING:  # hidden from mypy, which would otherwise take any misspelt name for Any

    def __getattr__(name: str) -> Any:
        """Reviews, roll-ups and series are imported on first use."""
        if name == "SeriesItem":  # what check_series takes; a type alias only type checkers see in _series
            from typing import Union

            from ..parse import Parsed

            value = Union[Report, Parsed, tuple[str, Union[Report, Parsed]]]  # noqa: UP007
            globals()[name] = value
            return value
        if name in _LAZY:
            import importlib

            value = getattr(importlib.import_module(_LAZY[name], __name__), name)
            globals()[name] = value
            return value
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "RULES",
    "SERIES_RULES",
    "Aggregate",
    "CellRef",
    "Context",
    "Correction",
    "Diagnosis",
    "Equation",
    "Finding",
    "Indicator",
    "Rule",
    "SeriesItem",
    "Severity",
    "agency_key",
    "aggregate",
    "apply_baseline",
    "cell_values",
    "check",
    "check_pair",
    "check_rollup",
    "check_series",
    "diagnose",
    "equations",
    "equations_for",
    "indicators",
    "load_baseline",
    "other_form",
    "write_baseline",
]

RULES: tuple[Rule, ...] = (
    *IDENTITY_RULES,
    *PLAUSIBILITY_RULES,
    *NARRATIVE_RULES,
    *PROSE_RULES,
    *CRITERIA_RULES,
)

# Rules between reports (documented here; run by check_series / check_rollup).
SERIES_RULES: dict[str, str] = {
    "I5": "requests carried over in year N = carried forward in N−1 (spec/cells.md identity 5)",
    "I6": "2021: in force N = in force N−1 + issued N − repealed N, soft (identity 6)",
    "I7": "2019→2020: items and totals continue, soft (identity 7)",
    "S1": "a missing year between two reports of one agency (notice)",
    "S2": "two reports for one agency and year (warning)",
    "S3": "reports naming no agency, among reports of several agencies: left out of the series (notice)",
    "R1": "a published summary differs from the sum of its units (warning)",
    "D1": "sections 一/五/六 repeat the previous year's sentences, years aside (notice; rules/_copied.py)",
    "D2": "every table cell equal to the previous year's, five or more non-zero (notice)",
}

_ORDER = {"error": 0, "warning": 1, "notice": 2}


def check(report: Report | Parsed, *, rules: tuple[Rule, ...] | None = None) -> list[Finding]:
    """Check a report (or a ``Parsed``): identities 1-4, plausibility, narrative. Never raises.

    Given a ``Parsed``, cells the parser could not read make their identities not
    checkable, and an identity used to choose a digit-run split is not counted as
    verified. Findings come errors first, then warnings, then notices.
    """
    try:
        return _check(report, rules or RULES)
    except Exception as exc:
        return [
            make_finding(
                "internal",
                Severity.NOTICE,
                "report",
                (),
                None,
                None,
                "检查未能完成（内部错误，详见英文说明）",
                f"checking could not complete: {type(exc).__name__}: {exc}",
            )
        ]


def _check(obj: Report | Parsed, rules: tuple[Rule, ...]) -> list[Finding]:
    report, parsed = unwrap(obj)
    ctx = Context() if parsed is None else parsed_context(parsed)
    if isinstance(report, ReportLegacy) or not hasattr(report, "requests"):
        return []
    if ctx.values is None or ctx.form is None:  # read every cell once, for every rule
        ctx = attrs.evolve(ctx, values=ctx.values_of(report), form=ctx.form or other_form(report))
    out: list[Finding] = []
    for rule in rules:
        out.extend(rule.check(report, ctx))
    out.sort(key=lambda f: _ORDER[f.severity.value])
    return out
