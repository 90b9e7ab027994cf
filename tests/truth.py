"""The numbers printed in the project's own fixtures, typed by hand.

Every fixture under ``fixtures/`` prints one of these reports in one layout;
the numbers below are what a person reads off those files. They are chosen
so that the report satisfies identities 1-4 (checked by hand in the
comments), with distinct values so that a shifted column shows.
"""

from __future__ import annotations

from typing import Any

from govdisclosure import Money

REQ_COLS = ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total")
APPEAL_COLS = ("upheld", "corrected", "other", "pending", "total")


def _rows(table: str, rows: dict[str, tuple[Any, ...]], cols: tuple[str, ...]) -> dict[str, Any]:
    return {f"{table}.{r}.{c}": v for r, vals in rows.items() for c, v in zip(cols, vals, strict=True)}


# ---------------------------------------------------------------- edition 2021
# 示例市河西区城市管理局 (fictional), report on 2023.
T21_ACTIVE: dict[str, Any] = {
    "active.rules.issued": 0,
    "active.rules.repealed": 0,
    "active.rules.in_force": 3,
    "active.normative_docs.issued": 4,
    "active.normative_docs.repealed": 1,
    "active.normative_docs.in_force": 27,
    "active.licensing.decisions": 152,
    "active.penalty.decisions": 38,
    "active.coercion.decisions": 6,
    "active.fees.amount": Money("12.75", "万元"),
}
# Columns: natural, commercial, research, social, legal, other_org, total.
# I3 holds on every row; I2: 11+3+1+2+5+1+1+1+1+1 = 27 (total column);
# I1: 27 + 3 = 27 + 3; natural 21 + 2 = 22 + 1.
T21_REQUESTS_ROWS: dict[str, tuple[int, ...]] = {
    "new": (21, 3, 0, 1, 2, 0, 27),
    "carried_over": (2, 0, 0, 0, 0, 1, 3),
    "granted": (9, 1, 0, 0, 1, 0, 11),
    "partially_granted": (3, 0, 0, 0, 0, 0, 3),
    "withheld.state_secret": (0, 0, 0, 0, 0, 0, 0),
    "withheld.prohibited_by_law": (0, 0, 0, 0, 0, 0, 0),
    "withheld.security_stability": (0, 0, 0, 0, 0, 0, 0),
    "withheld.third_party": (1, 0, 0, 0, 0, 0, 1),
    "withheld.internal_affairs": (0, 0, 0, 0, 0, 0, 0),
    "withheld.process_info": (2, 0, 0, 0, 0, 0, 2),
    "withheld.enforcement_files": (0, 0, 0, 0, 0, 0, 0),
    "withheld.admin_query": (0, 0, 0, 0, 0, 0, 0),
    "unable.not_held": (4, 1, 0, 0, 0, 0, 5),
    "unable.needs_creation": (0, 0, 0, 0, 0, 0, 0),
    "unable.unclear": (1, 0, 0, 0, 0, 0, 1),
    "not_processed.complaint": (1, 0, 0, 0, 0, 0, 1),
    "not_processed.duplicate": (0, 1, 0, 0, 0, 0, 1),
    "not_processed.publication": (0, 0, 0, 0, 0, 0, 0),
    "not_processed.excessive": (0, 0, 0, 0, 0, 0, 0),
    "not_processed.confirmation": (0, 0, 0, 0, 0, 0, 0),
    "other.no_correction": (1, 0, 0, 0, 0, 0, 1),
    "other.unpaid_fee": (0, 0, 0, 0, 0, 0, 0),
    "other.misc": (0, 0, 0, 1, 0, 0, 1),
    "other": (None,) * 7,  # （六） printed as three sub-rows: the one-row form is null
    "total": (22, 3, 0, 1, 1, 0, 27),
    "carried_forward": (1, 0, 0, 0, 1, 1, 3),
}
T21_APPEALS_ROWS = {
    "review": (2, 1, 0, 1, 4),
    "litigation_direct": (1, 0, 0, 0, 1),
    "litigation_after_review": (0, 0, 0, 0, 0),
}
T21: dict[str, Any] = {
    "meta.edition": "2021",
    "meta.year": 2023,
    "meta.agency": "示例市河西区城市管理局",
    **T21_ACTIVE,
    **_rows("requests", T21_REQUESTS_ROWS, REQ_COLS),
    **_rows("appeals", T21_APPEALS_ROWS, APPEAL_COLS),
}

# ---------------------------------------------------------------- edition 2019
# 示例县石桥镇人民政府 (fictional), report on 2020.
T19_ACTIVE: dict[str, Any] = {
    "active.rules.made": 0,
    "active.rules.published": 0,
    "active.rules.total": 0,
    "active.normative_docs.made": 5,
    "active.normative_docs.published": 5,
    "active.normative_docs.total": 41,
    "active.licensing.prev_items": 120,
    "active.licensing.change": -3,
    "active.licensing.decisions": 88,
    "active.other_services.prev_items": 14,
    "active.other_services.change": 2,
    "active.other_services.decisions": 230,
    "active.penalty.prev_items": 9,
    "active.penalty.change": 0,
    "active.penalty.decisions": 17,
    "active.coercion.prev_items": 0,
    "active.coercion.change": 0,
    "active.coercion.decisions": 2,
    "active.fees.prev_items": 6,
    "active.fees.change": -1,
    "active.procurement.items": 3,
    "active.procurement.amount": Money("251000", "元"),
}
_Z = (0, 0, 0, 0, 0, 0, 0)
# I2: 4 + 1 + 1 = 6 (natural 3 + 1 + 1 = 5, commercial 1); I1: 6 + 0 = 6 + 0.
T19_REQUESTS_ROWS: dict[str, tuple[int, ...]] = {
    "new": (5, 1, 0, 0, 0, 0, 6),
    "carried_over": _Z,
    "granted": (3, 1, 0, 0, 0, 0, 4),
    "partially_granted": (1, 0, 0, 0, 0, 0, 1),
    **{
        f"withheld.{r}": _Z
        for r in (
            "state_secret",
            "prohibited_by_law",
            "security_stability",
            "third_party",
            "internal_affairs",
            "process_info",
            "enforcement_files",
            "admin_query",
        )
    },
    "unable.not_held": (1, 0, 0, 0, 0, 0, 1),
    "unable.needs_creation": _Z,
    "unable.unclear": _Z,
    **{f"not_processed.{r}": _Z for r in ("complaint", "duplicate", "publication", "excessive", "confirmation")},
    "other": _Z,
    # （六） printed as one row: the three-row form is null
    **{f"other.{r}": (None,) * 7 for r in ("no_correction", "unpaid_fee", "misc")},
    "total": (5, 1, 0, 0, 0, 0, 6),
    "carried_forward": _Z,
}
T19_APPEALS_ROWS = {
    "review": (1, 0, 0, 0, 1),
    "litigation_direct": (0, 0, 0, 0, 0),
    "litigation_after_review": (0, 0, 0, 0, 0),
}
T19: dict[str, Any] = {
    "meta.edition": "2019",
    "meta.year": 2020,
    "meta.agency": "示例县石桥镇人民政府",
    **T19_ACTIVE,
    **_rows("requests", T19_REQUESTS_ROWS, REQ_COLS),
    **_rows("appeals", T19_APPEALS_ROWS, APPEAL_COLS),
}
