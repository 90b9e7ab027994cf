"""What the parser returns: the report, its diagnostics, and where each value came from."""

from __future__ import annotations

import warnings
from typing import Any

import attrs

from ..schema import Report
from ._document import Document, Location

__all__ = ["Ambiguous", "Diagnostic", "Parsed", "Provenance"]


@attrs.frozen
class Provenance:
    """Where one value was read: location, the source text, whether it was inferred, and
    whether its row label matched the template's only approximately (a misspelt label)."""

    location: Location
    text: str
    inferred: bool = False
    fuzzy: bool = False

    @property
    def confidence(self) -> float | None:
        """The OCR confidence of the text (0-1), for a value read from a scan; None otherwise."""
        return self.location.confidence


@attrs.frozen
class Diagnostic:
    """Something in the document the parser could not read, map or decide.

    ``code`` is stable (``cell-not-read``, ``row-not-mapped``, ``number-left-over``,
    ``ambiguous-run``, ``inferred-split``, ``edition-mismatch``, ...). Messages follow
    the one convention of every record with prose: ``message_en`` and ``message_zh``
    (as on [Finding][govdisclosure.Finding] and [Diagnosis][govdisclosure.Diagnosis]).
    """

    code: str
    message_en: str
    message_zh: str
    location: Location | None = None
    cells: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        """Deprecated alias of ``message_en`` (the name before 0.2)."""
        warnings.warn("Diagnostic.message is deprecated: use message_en", DeprecationWarning, stacklevel=2)
        return self.message_en

    def to_dict(self) -> dict[str, Any]:
        """The diagnostic as JSON: code, messages, line, column, location (as text), cells."""
        loc = self.location
        return {
            "code": self.code,
            "message_en": self.message_en,
            "message_zh": self.message_zh,
            "line": loc.line if loc else None,
            "column": loc.column if loc else None,
            "location": str(loc) if loc else None,
            "cells": list(self.cells),
        }


@attrs.frozen
class Ambiguous:
    """A digit run the report alone cannot split: its cells, and every reading still possible
    (each a tuple of cell texts, in the order of ``cells``). Another year's report may settle it."""

    cells: tuple[str, ...]
    readings: tuple[tuple[str, ...], ...]


@attrs.frozen
class Parsed:
    """A parsed report: ``report``, ``diagnostics``, ``provenance`` (cell id → Provenance).

    ``report`` is a [Report2019][govdisclosure.Report2019], a
    [Report2021][govdisclosure.Report2021] or, for a pre-template report whose tables
    cannot be mapped, a [ReportLegacy][govdisclosure.ReportLegacy]: narrow it with
    ``isinstance`` before reading the tables. ``document`` is what the reader saw;
    ``encoding`` the text encoding used (``None`` for DOCX, PDF and str input).
    """

    report: Report
    diagnostics: tuple[Diagnostic, ...]
    provenance: dict[str, Provenance]
    document: Document | None = attrs.field(default=None, repr=False, eq=False)
    encoding: str | None = None
    ambiguous: tuple[Ambiguous, ...] = attrs.field(default=(), repr=False, eq=False)
