"""The package's exceptions: one base class and a small hierarchy under it.

A leaf module: it imports nothing from the package.
"""

from __future__ import annotations

__all__ = [
    "BatchLockedError",
    "DocumentError",
    "GovDisclosureError",
    "InputTooLargeError",
    "InputTypeError",
    "NotAReportError",
    "ParseError",
    "TimeBudgetError",
    "UnsupportedFormatError",
]


class GovDisclosureError(Exception):
    """Base class of every exception this package raises on purpose."""


class ParseError(GovDisclosureError, ValueError):
    """The input could not be read as a report at all (not: a cell was unreadable)."""


class UnsupportedFormatError(ParseError):
    """The input is in a format this version cannot read (e.g. PDF before its reader exists)."""


class InputTooLargeError(ParseError):
    """The input is larger than a configured bound: ``ParseOptions.max_bytes`` before reading, or one of
    the resource budgets while reading (grid cells, inflated bytes, PDF pages and objects)."""


class TimeBudgetError(InputTooLargeError):
    """Reading the document took longer than its time budget (``ParseOptions.max_seconds``, the
    CLI's ``--max-seconds``): a scan read by OCR costs seconds a page, and a hostile one more."""


class NotAReportError(ParseError):
    """The input was read, but it bears no mark of the disclosure report template at all."""


class InputTypeError(GovDisclosureError, TypeError):
    """An argument of the wrong type: e.g. ``parse(None)``, or a bytearray where bytes or a path belongs."""


class DocumentError(GovDisclosureError, ValueError):
    """A JSON document does not match the published schema of a report."""

    def __init__(self, message: str, path: str = "$") -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.reason = message


class BatchLockedError(GovDisclosureError):
    """Another batch run is writing into the same output folder."""
