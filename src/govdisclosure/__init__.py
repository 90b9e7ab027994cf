"""govdisclosure: China's government information disclosure annual reports as typed, validated data.

>>> import govdisclosure as gd
>>> parsed = gd.parse("report.txt")          # doctest: +SKIP
>>> gd.check(parsed)                         # doctest: +SKIP
"""

from __future__ import annotations

__version__ = "0.1.0"  # the one place the version is written (pyproject reads it)

import sys
import types

from .exceptions import (
    BatchLockedError,
    DocumentError,
    GovDisclosureError,
    InputTooLargeError,
    InputTypeError,
    InputValueError,
    MissingExtraError,
    NotAReportError,
    ParseError,
    TimeBudgetError,
    UnsupportedFormatError,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any

    from ._batch import BatchResult, BatchSummary, RowValue, iter_parse, run_batch, to_dataframe
    from ._dask import to_dask
    from .parse import (
        Ambiguous,
        Block,
        Cell,
        Diagnostic,
        Document,
        Location,
        Outline,
        Paragraph,
        Parsed,
        ParseOptions,
        PathArg,
        Provenance,
        Table,
        parse,
        parse_bytes,
        parse_text,
        read_document,
        settle_series,
    )
    from .rules import (
        RULES,
        Aggregate,
        CellRef,
        Context,
        Correction,
        Diagnosis,
        Finding,
        Indicator,
        Rule,
        SeriesItem,
        Severity,
        aggregate,
        apply_baseline,
        check,
        check_pair,
        check_rollup,
        check_series,
        diagnose,
        indicators,
        load_baseline,
        write_baseline,
    )
    from .schema import (
        CellValue,
        Edition,
        Meta,
        Money,
        Report,
        Report2019,
        Report2021,
        ReportLegacy,
        TextSections,
        cell_ids,
        get_cell,
        iter_cells,
    )
    from .serialize import (
        CellJSON,
        build_schema,
        cells,
        cells_csv,
        from_json,
        render,
        to_dict,
        to_json,
        validate_document,
    )

# Every other public name is imported on first use (PEP 562), so that ``import
# govdisclosure`` costs little and a command pays only for what it uses.
_LAZY: dict[str, str] = {
    **dict.fromkeys(["BatchResult", "BatchSummary", "RowValue", "iter_parse", "run_batch", "to_dataframe"], "._batch"),
    "to_dask": "._dask",
    **dict.fromkeys(
        [
            "Ambiguous",
            "Block",
            "Cell",
            "Diagnostic",
            "Document",
            "Location",
            "Outline",
            "Paragraph",
            "Parsed",
            "ParseOptions",
            "PathArg",
            "Provenance",
            "Table",
            "parse",
            "parse_bytes",
            "parse_text",
            "read_document",
            "settle_series",
        ],
        ".parse",
    ),
    **dict.fromkeys(
        [
            "RULES",
            "Aggregate",
            "CellRef",
            "Context",
            "Correction",
            "Diagnosis",
            "Finding",
            "Indicator",
            "Rule",
            "SeriesItem",
            "Severity",
            "aggregate",
            "apply_baseline",
            "load_baseline",
            "write_baseline",
            "check",
            "check_pair",
            "check_rollup",
            "check_series",
            "diagnose",
            "indicators",
        ],
        ".rules",
    ),
    **dict.fromkeys(
        [
            "CellValue",
            "Edition",
            "Meta",
            "Money",
            "Report",
            "Report2019",
            "Report2021",
            "ReportLegacy",
            "TextSections",
            "cell_ids",
            "get_cell",
            "iter_cells",
        ],
        ".schema",
    ),
    **dict.fromkeys(
        [
            "CellJSON",
            "build_schema",
            "cells",
            "cells_csv",
            "from_json",
            "render",
            "to_dict",
            "to_json",
            "validate_document",
        ],
        ".serialize",
    ),
}


if not TYPE_CHECKING:  # hidden from mypy, which would otherwise take any misspelt name for Any

    def __getattr__(name: str) -> Any:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        import importlib

        value = getattr(importlib.import_module(module, __name__), name)
        globals()[name] = value  # later look-ups skip this function
        return value


def __dir__() -> list[str]:
    """The public API only (``__all__``), not the package's own machinery."""
    return sorted(__all__)


class _Package(types.ModuleType):
    """Keeps ``govdisclosure.parse`` the function, as it was when imported eagerly.

    Importing the subpackage ``govdisclosure.parse`` sets the package's attribute
    ``parse`` to the subpackage; the public name is the function, so that one
    assignment is dropped (the subpackage stays in ``sys.modules``).
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "parse" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


__all__ = [
    "RULES",
    "Aggregate",
    "Ambiguous",
    "BatchLockedError",
    "BatchResult",
    "BatchSummary",
    "Block",
    "Cell",
    "CellJSON",
    "CellRef",
    "CellValue",
    "Context",
    "Correction",
    "Diagnosis",
    "Diagnostic",
    "Document",
    "DocumentError",
    "Edition",
    "Finding",
    "GovDisclosureError",
    "Indicator",
    "InputTooLargeError",
    "InputTypeError",
    "InputValueError",
    "Location",
    "Meta",
    "MissingExtraError",
    "Money",
    "NotAReportError",
    "Outline",
    "Paragraph",
    "ParseError",
    "ParseOptions",
    "Parsed",
    "PathArg",
    "Provenance",
    "Report",
    "Report2019",
    "Report2021",
    "ReportLegacy",
    "RowValue",
    "Rule",
    "SeriesItem",
    "Severity",
    "Table",
    "TextSections",
    "TimeBudgetError",
    "UnsupportedFormatError",
    "__version__",
    "aggregate",
    "apply_baseline",
    "build_schema",
    "cell_ids",
    "cells",
    "cells_csv",
    "check",
    "check_pair",
    "check_rollup",
    "check_series",
    "diagnose",
    "from_json",
    "get_cell",
    "indicators",
    "iter_cells",
    "iter_parse",
    "load_baseline",
    "parse",
    "parse_bytes",
    "parse_text",
    "read_document",
    "render",
    "run_batch",
    "settle_series",
    "to_dask",
    "to_dataframe",
    "to_dict",
    "to_json",
    "validate_document",
    "write_baseline",
]
