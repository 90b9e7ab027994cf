"""Indicators: the ratios researchers and assessors compute by hand, with written definitions.

Each is a numerator over a denominator of table cells (docs/reference/criteria.md,
"Indicators"). Null, with the reason, when a component cell is blank or not read, or
the denominator is 0: never a guess. ``办结`` (requests concluded) is 三（七）总计;
``已审结`` (cases decided) is 结果维持 + 结果纠正 + 其他结果.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ..schema import Report, ReportLegacy
from ._identities import cell_values

__all__ = ["INDICATORS", "Indicator", "indicators"]


@attrs.frozen
class Indicator:
    """One ratio: its id, value (``None`` with ``reason`` when it cannot be computed), and
    the numerator and denominator it was computed from."""

    id: str
    value: float | None
    numerator: int | None
    denominator: int | None
    reason: str | None = None

    def to_dict(self) -> dict[str, str | float | int | None]:
        return {
            "id": self.id,
            "value": self.value,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "reason": self.reason,
        }


_WITHHELD = (
    "state_secret",
    "prohibited_by_law",
    "security_stability",
    "third_party",
    "internal_affairs",
    "process_info",
    "enforcement_files",
    "admin_query",
)
_UNABLE = ("not_held", "needs_creation", "unclear")
_NOT_PROCESSED = ("complaint", "duplicate", "publication", "excessive", "confirmation")
_DECIDED = ("upheld", "corrected", "other")
_LITIGATION = ("litigation_direct", "litigation_after_review")

# id -> (中文名, definition, numerator cells, denominator cells)
INDICATORS: dict[str, tuple[str, str, tuple[str, ...], tuple[str, ...]]] = {
    "disclosure_rate": (
        "实质公开率",
        "(予以公开 + 部分公开) ÷ 办结（三（七）总计）, column 总计",
        ("requests.granted.total", "requests.partially_granted.total"),
        ("requests.total.total",),
    ),
    "withheld_rate": (
        "不予公开率",
        "Σ 不予公开 1-8 ÷ 办结, column 总计",
        tuple(f"requests.withheld.{r}.total" for r in _WITHHELD),
        ("requests.total.total",),
    ),
    "unable_rate": (
        "无法提供率",
        "Σ 无法提供 1-3 ÷ 办结, column 总计",
        tuple(f"requests.unable.{r}.total" for r in _UNABLE),
        ("requests.total.total",),
    ),
    "not_processed_rate": (
        "不予处理率",
        "Σ 不予处理 1-5 ÷ 办结, column 总计",
        tuple(f"requests.not_processed.{r}.total" for r in _NOT_PROCESSED),
        ("requests.total.total",),
    ),
    "review_correction_rate": (
        "复议纠错率",
        "行政复议 结果纠正 ÷ 已审结 (结果维持 + 结果纠正 + 其他结果)",
        ("appeals.review.corrected",),
        tuple(f"appeals.review.{c}" for c in _DECIDED),
    ),
    "litigation_correction_rate": (
        "诉讼纠错率",
        "行政诉讼 (未经复议直接起诉 + 复议后起诉) 结果纠正 ÷ 已审结",
        tuple(f"appeals.{r}.corrected" for r in _LITIGATION),
        tuple(f"appeals.{r}.{c}" for r in _LITIGATION for c in _DECIDED),
    ),
}
YOY = ("requests_yoy", "申请量同比", "本年新收 ÷ 上年新收 − 1 (requests.new.total, this year and the year before)")


def _sum(values: Mapping[str, Any], ids: tuple[str, ...]) -> tuple[int | None, str | None]:
    blank = [c for c in ids if not isinstance(values.get(c), int)]
    if blank:
        return None, "blank or not read: " + ", ".join(blank)
    return sum(values[c] for c in ids), None


def _ratio(iid: str, num: int | None, den: int | None, why: str | None) -> Indicator:
    if why is not None:
        return Indicator(iid, None, num, den, why)
    assert num is not None
    assert den is not None
    if den == 0:
        return Indicator(iid, None, num, den, "the denominator is 0")
    return Indicator(iid, round(num / den, 4), num, den)


def indicators(report: Report, previous: Report | None = None) -> dict[str, Indicator]:
    """The indicators of a report (``INDICATORS``), and ``requests_yoy`` when the agency's
    report of the year before is given. Never raises; a pre-template report has none."""
    if isinstance(report, ReportLegacy) or not hasattr(report, "requests"):
        return {}
    values = cell_values(report)
    out: dict[str, Indicator] = {}
    for iid, (_, _, nums, dens) in INDICATORS.items():
        num, why_n = _sum(values, nums)
        den, why_d = _sum(values, dens)
        out[iid] = _ratio(iid, num, den, why_n or why_d)
    if previous is not None and not isinstance(previous, ReportLegacy):
        now = values.get("requests.new.total")
        before = cell_values(previous).get("requests.new.total")
        if not isinstance(now, int) or not isinstance(before, int):
            out["requests_yoy"] = Indicator("requests_yoy", None, now, before, "requests.new.total blank or not read")
        elif (previous.meta.year or 0) + 1 != report.meta.year:
            out["requests_yoy"] = Indicator("requests_yoy", None, now, before, "the reports are not consecutive years")
        elif before == 0:
            out["requests_yoy"] = Indicator("requests_yoy", None, now, before, "the denominator is 0")
        else:
            out["requests_yoy"] = Indicator("requests_yoy", round(now / before - 1, 4), now, before)
    return out
