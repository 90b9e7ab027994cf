"""The batch's tables: their columns and types, the records a file's results travel in, and a file's rows.

One place for the columns of ``cells``, ``findings`` and ``indicators`` (CSV, Parquet, pandas,
Dask), for what a worker sends back for one file (:class:`FileResult`), and for a file's rows
as CSV text (Excel-safe) and as typed values, shared by the run, the outputs, the Parquet
export and :func:`govdisclosure.to_dask`.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from ..rules import Finding

if TYPE_CHECKING:
    from .._ledger import LedgerRow

__all__ = [
    "CELL_COLUMNS",
    "CELL_TYPES",
    "FINDING_COLUMNS",
    "FINDING_TYPES",
    "INDICATOR_COLUMNS",
    "INDICATOR_TYPES",
    "REPORT_TYPES",
    "TABLE_TYPES",
    "BatchResult",
    "BatchSummary",
    "FileResult",
    "RowValue",
]


# The columns of the tables and their types, one place for CSV, Parquet, pandas and Dask.
# Types: "str", "int" (64-bit, nulls allowed), "decimal" (38 digits, 6 after the point), "bool".
# Every table starts with the report's columns: which file, and how to cite it (issue 19 §6).
REPORT_TYPES: dict[str, str] = {
    "source": "str",  # the path as given
    "sha256": "str",  # the SHA-256 of the file's bytes (empty when it could not be read)
    "agency": "str",
    "year": "int",
    "edition": "str",
    "published": "str",  # meta.published: the publication date (YYYY-MM-DD), when the source carries one
    "signed": "str",  # meta.signed: the date printed under the report (落款)
    "source_url": "str",  # meta.source_url: the address the file names as its own
}
_HEAD = len(REPORT_TYPES)
CELL_TYPES: dict[str, str] = {
    **REPORT_TYPES,
    "cell": "str",
    "label": "str",  # the cell's Chinese label in the template, from govdisclosure.schema
    "value": "int",  # a count (blank = null)
    "amount": "decimal",  # an amount of money, as printed (blank = null) ...
    "unit": "str",  # ... and its unit, e.g. 万元
    "provenance": "str",
    "inferred": "bool",
    "error": "str",  # why the file has no cells (one row for the file), else null
}
_FINDING_INTS = {"expected", "actual", "difference"}
FINDING_TYPES: dict[str, str] = dict(REPORT_TYPES)
for _f in attrs.fields(Finding):
    if _f.name == "cells":
        FINDING_TYPES["cells"] = "str"  # the cell ids involved, separated by "; "
        FINDING_TYPES["labels"] = "str"  # their Chinese labels, in the same order
    else:
        FINDING_TYPES[_f.name] = "int" if _f.name in _FINDING_INTS else "str"
INDICATOR_TYPES: dict[str, str] = {
    **REPORT_TYPES,
    "indicator": "str",  # its id, e.g. disclosure_rate (govdisclosure.INDICATORS)
    "label": "str",  # its Chinese name, e.g. 实质公开率
    "value": "decimal",  # the ratio, rounded to 4 places; null when it cannot be computed ...
    "numerator": "int",
    "denominator": "int",
    "reason": "str",  # ... and why (a component blank or not read, a denominator of 0)
}
CELL_COLUMNS = list(CELL_TYPES)
FINDING_COLUMNS = list(FINDING_TYPES)
INDICATOR_COLUMNS = list(INDICATOR_TYPES)
TABLE_TYPES: dict[str, dict[str, str]] = {"cells": CELL_TYPES, "findings": FINDING_TYPES, "indicators": INDICATOR_TYPES}
RowValue = str | int | bool | None
"""One value of a row of the cells or findings table: text (amounts too), an int, a bool, ``None`` for a blank."""
_LIST_SEP = "; "


@attrs.frozen
class BatchResult:
    """One file's result: its document (a JSON-ready dict), cells, findings, or an error.

    ``cells``, ``findings`` and ``indicators`` are rows of the ``cells``, ``findings``
    and ``indicators`` tables (:data:`CELL_COLUMNS`, :data:`FINDING_COLUMNS`,
    :data:`INDICATOR_COLUMNS`), typed: ints, amounts and ratios as text,
    ``None`` for a blank. ``source`` is the path as given; the rows' ``source`` column
    is its form in the outputs (a name that is not valid UTF-8 escaped, ``\\xHH``).
    """

    source: str
    sha256: str
    document: dict[str, Any] | None
    cells: list[list[RowValue]]
    findings: list[list[RowValue]]
    diagnostics: list[dict[str, Any]]
    error: str | None = None
    seconds: float = 0.0
    indicators: list[list[RowValue]] = attrs.field(factory=list)


@attrs.frozen
class BatchSummary:
    """A run in figures: ``errors`` counts the input files that are error rows when the run ends."""

    files: int
    parsed: int
    errors: int
    skipped: int
    findings: int
    seconds: float
    removed: int = 0  # rows of an earlier run whose file is gone or was not given this time, taken out

    def line(self) -> str:
        rate = self.parsed / self.seconds if self.seconds else 0.0
        gone = (
            f"; {self.removed} row(s) of files gone or not given this time removed from the outputs"
            if self.removed
            else ""
        )
        return (
            f"batch: {self.files} file(s): {self.parsed} parsed, {self.errors} error(s), "
            f"{self.skipped} already done; {self.findings} finding(s); {self.seconds:.1f} s ({rate:.0f}/s){gone}"
        )


# --- what a worker sends back for one file --------------------------------------------
class FileResult(NamedTuple):
    """What a worker sends back for one file: small, flat, no repeated labels or paths."""

    sha256: str
    size: int
    error: str | None
    template: str = ""
    agency: str | None = None
    year: int | None = None
    edition: str = ""
    published: str | None = None
    signed: str | None = None
    source_url: str | None = None
    report: str = ""  # JSON text of {"report": ..., "diagnostics": [...]}
    cells: str = "[]"  # JSON list of CSV lines, value to error, one per cell in template order
    findings: str = "[]"  # JSON text: one list per finding, FINDING_COLUMNS[_HEAD:] with the labels left out
    indicators: str = "[]"  # JSON text: one list per indicator, INDICATOR_COLUMNS[_HEAD:]
    n_findings: int = 0
    seconds: float = 0.0


# Excel-safe CSV: Excel (and LibreOffice, Google Sheets) runs a cell starting with = + - @ (or tab, CR) as a
# formula. In the text columns of cells.csv and findings.csv such a value is written with a leading
# apostrophe (shown as text, never run); so is one starting with an apostrophe followed by one of
# these, so that reading back (to_dataframe, the Parquet copies, Dask, iter_parse) strips exactly one.
_FORMULA = "=+-@\t\r"
_QUOTED = _FORMULA + "'"


def _xl(text: str | None) -> str | None:
    """A text value as written in the CSV tables (Excel-safe; see _FORMULA)."""
    if text and (text[0] in _FORMULA or (text[0] == "'" and text[1:2] != "" and text[1] in _QUOTED)):
        return "'" + text
    return text


def _unxl(text: str) -> str:
    """A text value read from the CSV tables: the inverse of :func:`_xl`."""
    if text[:1] == "'" and text[1:2] != "" and text[1] in _QUOTED:
        return text[1:]
    return text


def _csv_field(text: str) -> str:
    """``text`` as csv.writer writes a field (excel dialect, minimal quoting)."""
    if "," in text or '"' in text or "\r" in text or "\n" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


# --- rows of the tables -----------------------------------------------------------------
@functools.cache
def _label(template: str, cid: str) -> str | None:
    """A cell's label in the template, from govdisclosure.schema (None for a meta id)."""
    from ..schema import cell_spec

    try:
        _, row, col = cell_spec(template, cid)
    except (KeyError, ValueError):
        return None
    return f"{row.full_label} / {col.label}"


class _Echo:
    """A file whose write returns the text: csv.writer(...).writerow then returns the CSV line."""

    def write(self, text: str) -> str:
        return text


def _line_writer() -> Any:
    return csv.writer(_Echo()).writerow


@functools.cache
def _cell_heads(template: str) -> tuple[str, ...]:
    """The `cell,label,` CSV text of every cell of a template, in template order."""
    from ..schema import cell_ids

    line = _line_writer()
    return tuple(line((cid, _label(template, cid)))[:-2] + "," for cid in cell_ids(template))


def _head_values(source: str, res: FileResult | LedgerRow) -> list[RowValue]:
    """A file's report columns (REPORT_TYPES) as values."""
    return [
        source,
        res.sha256 or None,
        res.agency,
        res.year,
        res.edition or None,
        res.published,
        res.signed,
        res.source_url,
    ]


def _head(source: str, res: FileResult | LedgerRow) -> str:
    """The CSV text of a file's report columns (REPORT_TYPES), ending in a comma."""
    values = [_xl(v) if isinstance(v, str) else v for v in _head_values(source, res)]
    return str(_line_writer()(values))[:-2] + ","


def _cells_csv(source: str, res: FileResult | LedgerRow) -> str:
    """A file's rows of cells.csv."""
    if res.error is not None:
        blanks = [None] * (len(CELL_COLUMNS) - 3)
        return str(_line_writer()((_xl(source), res.sha256 or None, *blanks, _xl(res.error))))
    head = _head(source, res)
    return "".join([head + c + t for c, t in zip(_cell_heads(res.template), json.loads(res.cells), strict=True)])


def _finding_rows(source: str, res: FileResult | LedgerRow, *, lists: bool = False) -> list[list[Any]]:
    """A file's rows of findings; ``cells`` and ``labels`` joined by "; ", or as lists (Parquet)."""
    rows = []
    at = FINDING_COLUMNS.index("cells") - _HEAD
    head = _head_values(source, res)
    for f in json.loads(res.findings):
        ids = f[at]
        labels = [_label(res.template, c) or "" for c in ids]
        if lists:
            rows.append([*head, *f[:at], ids, labels, *f[at + 1 :]])
        else:
            rows.append([*head, *f[:at], _LIST_SEP.join(ids), _LIST_SEP.join(labels), *f[at + 1 :]])
    return rows


def _findings_csv(source: str, res: FileResult | LedgerRow) -> str:
    """A file's rows of findings.csv."""
    line = _line_writer()
    return "".join([line([_xl(v) if isinstance(v, str) else v for v in r]) for r in _finding_rows(source, res)])


def _indicator_rows(source: str, res: FileResult | LedgerRow) -> list[list[RowValue]]:
    if res.error is not None:
        return []
    head = _head_values(source, res)
    return [[*head, *r] for r in json.loads(res.indicators)]


def _indicators_csv(source: str, res: FileResult | LedgerRow) -> str:
    """A file's rows of indicators.csv."""
    line = _line_writer()
    return "".join([line([_xl(v) if isinstance(v, str) else v for v in r]) for r in _indicator_rows(source, res)])


def _typed_rows(text: str, types: dict[str, str]) -> list[list[RowValue]]:
    """Rows of CSV text with the columns' types (int, Decimal as text, bool; None for empty)."""
    kinds = list(types.values())
    rows = []
    # Lines end at \r\n only: str.splitlines would also split at U+2028, \x85, \x1c ... inside a field.
    for r in csv.reader(io.StringIO(text, newline="")):
        rows.append([_typed(x, k) for x, k in zip(r, kinds, strict=True)])
    return rows


def _typed(x: str, kind: str) -> RowValue:
    if x == "":
        return None
    if kind == "int":
        return int(x)
    if kind == "bool":
        return x == "True"
    return _unxl(x) if kind == "str" else x
