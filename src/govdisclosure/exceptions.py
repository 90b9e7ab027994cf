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
    "InputValueError",
    "MissingExtraError",
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


class MissingExtraError(GovDisclosureError, ImportError):
    """An optional dependency is not installed: ``extra`` names the extra that brings it.

    Raised before any work is done (e.g. ``run_batch(..., parquet=True)`` without
    pyarrow, ``to_dataframe`` without pandas). An :class:`ImportError`, so
    ``except ImportError`` catches it, and not a :class:`ParseError`: nothing was wrong
    with the input. The message says what to install: ``pip install 'govdisclosure[EXTRA]'``.
    """

    def __init__(self, feature: str, extra: str, module: str) -> None:
        super().__init__(f"{feature} needs {module}: pip install 'govdisclosure[{extra}]'", name=module)
        self.feature = feature
        self.extra = extra
        self.module = module

    def __reduce__(self) -> tuple[type[MissingExtraError], tuple[str, str, str]]:
        return (type(self), (self.feature, self.extra, self.module))


def require(module: str, extra: str, feature: str) -> None:
    """Raise :class:`MissingExtraError` unless ``module`` can be imported (it is not imported)."""
    import importlib.util

    try:
        found = importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        raise MissingExtraError(feature, extra, module)


class InputValueError(GovDisclosureError, ValueError):
    """An argument of the right type but a value not allowed: e.g. ``render(report, "pdf")``
    (an unknown format), ``to_dataframe(out, "rows")`` (an unknown table)."""


class DocumentError(GovDisclosureError, ValueError):
    """A JSON document does not match the published schema of a report."""

    def __init__(self, message: str, path: str = "$") -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.reason = message


class BatchLockedError(GovDisclosureError):
    """Another batch run is writing into the same output folder."""
