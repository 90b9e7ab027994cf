"""The accounting identities as data: a registry of small rule functions, and check()."""

from __future__ import annotations

from typing import Any

from ..schema import Report, ReportLegacy, iter_cells
from ._findings import CellRef, Finding, Severity, make_finding
from ._identities import RULES, Context, Rule

__all__ = ["RULES", "CellRef", "Finding", "Rule", "Severity", "check"]


def check(report: Any) -> list[Finding]:
    """Check a report (or a ``Parsed``) against identities 1-4. Never raises.

    Given a ``Parsed``, values the parser inferred from an identity do not
    count as verifying it (a notice says so).
    """
    try:
        return _check(report)
    except Exception as exc:
        return [
            make_finding(
                "internal",
                Severity.NOTICE,
                "report",
                (),
                None,
                None,
                f"检查未能完成：{type(exc).__name__}",
                f"checking could not complete: {type(exc).__name__}: {exc}",
            )
        ]


def _check(obj: Any) -> list[Finding]:
    ctx = Context()
    report: Report = obj
    if hasattr(obj, "provenance") and hasattr(obj, "report"):
        report = obj.report
        prov = obj.provenance
        if not isinstance(report, ReportLegacy):
            ctx = Context(
                inferred=frozenset(cid for cid, p in prov.items() if p.inferred),
                unread=frozenset(cid for cid, v in iter_cells(report) if v is None and cid not in prov),
            )
    if isinstance(report, ReportLegacy) or not hasattr(report, "requests"):
        return []
    out: list[Finding] = []
    for rule in RULES:
        out.extend(rule.check(report, ctx))
    order = {"error": 0, "warning": 1, "notice": 2}
    out.sort(key=lambda f: order[f.severity.value])
    return out
