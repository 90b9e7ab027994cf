"""What the parser returns: the report, its diagnostics, and where each value came from."""

from __future__ import annotations

from typing import Any

import attrs

from ._document import Document, Location

__all__ = ["Diagnostic", "Parsed", "Provenance"]


@attrs.frozen
class Provenance:
    """Where one value was read: location, the source text, and whether it was inferred."""

    location: Location
    text: str
    inferred: bool = False

    @property
    def confidence(self) -> float | None:
        """The OCR confidence of the text (0-1), for a value read from a scan; None otherwise."""
        return self.location.confidence


@attrs.frozen
class Diagnostic:
    """Something in the document the parser could not read, map or decide.

    ``code`` is stable (``cell-not-read``, ``row-not-mapped``, ``number-left-over``,
    ``ambiguous-run``, ``inferred-split``, ``edition-mismatch``, ...).
    """

    code: str
    message: str
    message_zh: str
    location: Location | None = None
    cells: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        loc = self.location
        return {
            "code": self.code,
            "message": self.message,
            "message_zh": self.message_zh,
            "line": loc.line if loc else None,
            "column": loc.column if loc else None,
            "location": str(loc) if loc else None,
            "cells": list(self.cells),
        }


@attrs.frozen
class Parsed:
    """A parsed report: ``report``, ``diagnostics``, ``provenance`` (cell id → Provenance)."""

    report: Any
    diagnostics: tuple[Diagnostic, ...]
    provenance: dict[str, Provenance]
    document: Document | None = attrs.field(default=None, repr=False, eq=False)
    encoding: str | None = None
