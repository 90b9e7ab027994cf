"""govdisclosure: China's government information disclosure annual reports as typed, validated data.

>>> import govdisclosure as gd
>>> parsed = gd.parse("report.txt")          # doctest: +SKIP
>>> gd.check(parsed)                         # doctest: +SKIP
"""

from __future__ import annotations

__version__ = "0.1.0"

from ._batch import BatchResult, BatchSummary, iter_parse, run_batch, to_dataframe
from .exceptions import (
    DocumentError,
    GovDisclosureError,
    InputTooLargeError,
    ParseError,
    UnsupportedFormatError,
)
from .parse import (
    Diagnostic,
    Document,
    Location,
    Parsed,
    ParseOptions,
    Provenance,
    parse,
    read_document,
    settle_series,
)
from .rules import (
    RULES,
    Aggregate,
    CellRef,
    Diagnosis,
    Finding,
    Severity,
    aggregate,
    check,
    check_pair,
    check_rollup,
    check_series,
    diagnose,
)
from .schema import (
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
from .serialize import build_schema, cells, cells_csv, from_json, render, to_dict, to_json, validate_document

__all__ = [
    "RULES",
    "Aggregate",
    "BatchResult",
    "BatchSummary",
    "CellRef",
    "Diagnosis",
    "Diagnostic",
    "Document",
    "DocumentError",
    "Edition",
    "Finding",
    "GovDisclosureError",
    "InputTooLargeError",
    "Location",
    "Meta",
    "Money",
    "ParseError",
    "ParseOptions",
    "Parsed",
    "Provenance",
    "Report",
    "Report2019",
    "Report2021",
    "ReportLegacy",
    "Severity",
    "TextSections",
    "UnsupportedFormatError",
    "__version__",
    "aggregate",
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
    "iter_cells",
    "iter_parse",
    "parse",
    "read_document",
    "render",
    "run_batch",
    "settle_series",
    "to_dataframe",
    "to_dict",
    "to_json",
    "validate_document",
]
