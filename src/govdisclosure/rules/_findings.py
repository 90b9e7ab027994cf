"""Findings as frozen records: rule, severity, cells with values, expected, actual, difference."""

from __future__ import annotations

import enum
import json
from typing import Any

import attrs

__all__ = ["CellRef", "Finding", "Severity", "make_finding"]


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"

    def __str__(self) -> str:
        return self.value


@attrs.frozen
class CellRef:
    """A cell involved in a finding, with its value (None = blank)."""

    id: str
    value: int | None
    blank_as_zero: bool = False


@attrs.frozen
class Finding:
    """One result of a rule: what failed (or could not be checked), where, by how much.

    ``fingerprint`` is stable: the same finding on an unchanged report gets the
    same fingerprint across runs and library versions (it hashes the rule id,
    the scope and the cells with their values, nothing else).
    """

    rule: str
    severity: Severity
    scope: str
    cells: tuple[CellRef, ...]
    expected: int | None
    actual: int | None
    difference: int | None
    message_zh: str
    message_en: str
    fingerprint: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "scope": self.scope,
            "cells": [{"id": c.id, "value": c.value, "blank_as_zero": c.blank_as_zero} for c in self.cells],
            "expected": self.expected,
            "actual": self.actual,
            "difference": self.difference,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "fingerprint": self.fingerprint,
        }


# json.dumps(..., ensure_ascii=False) builds an encoder per call; one shared encoder writes the same text.
_KEY_ENCODER = json.JSONEncoder(ensure_ascii=False)


def make_finding(
    rule: str,
    severity: Severity,
    scope: str,
    cells: tuple[CellRef, ...],
    expected: int | None,
    actual: int | None,
    message_zh: str,
    message_en: str,
) -> Finding:
    import hashlib  # here, not at import time: it loads OpenSSL

    difference = None if expected is None or actual is None else actual - expected
    key = _KEY_ENCODER.encode([rule, severity.value, scope, [[c.id, c.value] for c in cells], expected, actual])
    fingerprint = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return Finding(rule, severity, scope, cells, expected, actual, difference, message_zh, message_en, fingerprint)
