"""The export to Parquet: the batch's tables as typed Arrow tables, written from the ledger's rows."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._tables import (
    CELL_TYPES,
    FINDING_COLUMNS,
    FINDING_TYPES,
    INDICATOR_COLUMNS,
    REPORT_TYPES,
    TABLE_TYPES,
    _finding_rows,
    _head_values,
    _indicator_rows,
    _label,
)

if TYPE_CHECKING:
    from .._ledger import LedgerRow

__all__ = ["LOCATION_COLUMNS", "arrow_schema"]


# --- Parquet ------------------------------------------------------------------------------
# Written from the ledger's rows as typed Arrow tables (not converted from the CSV files): the
# same columns as the CSV, typed, plus where each value was read as numbers; findings' cells and
# labels as lists. pandas, DuckDB and Polars read the types without options: a "pandas" entry in
# the schema's metadata gives pandas its nullable dtypes (Int64, boolean), as df.to_parquet does.
# Where a cell's value was read, beside ``provenance`` (its text): the source's format, then the
# numbers of a Location (page, line, column, paragraph 1-based; table, row, col 0-based, counted
# over the whole document).
LOCATION_COLUMNS = ("format", "page", "line", "column", "paragraph", "table", "row", "col")
_LOCATION = re.compile(
    r"^(?:page (?P<page>\d+))?(?:, )?(?:line (?P<line>\d+)(?::(?P<column>\d+))?)?(?:, )?"
    r"(?:paragraph (?P<paragraph>\d+))?(?:, )?(?:table (?P<table>\d+) row (?P<row>\d+) col (?P<col>\d+))?"
)
_FORMAT = re.compile(r'^\{"format": "([^"\\]*)"')
_PARQUET_ROWS = 65_536  # rows of a record batch (a row group holds one or more)


def arrow_schema(table: str) -> Any:
    """The Parquet (Arrow) schema of a table (``cells``, ``findings``, ``indicators``): string,
    int64, decimal128(38, 6), bool; in ``cells`` the location columns (:data:`LOCATION_COLUMNS`)
    after ``provenance``; in ``findings`` ``cells`` and ``labels`` as ``list<string>``. With
    pandas metadata for nullable dtypes."""
    import pyarrow as pa

    from .. import __version__

    arrow = {"str": pa.string(), "int": pa.int64(), "bool": pa.bool_(), "decimal": pa.decimal128(38, 6)}
    fields = []
    if table == "cells":
        for name, kind in CELL_TYPES.items():
            fields.append(pa.field(name, arrow[kind]))
            if name == "provenance":
                fields.append(pa.field("format", pa.string()))
                fields += [pa.field(n, pa.int32()) for n in LOCATION_COLUMNS[1:]]
    elif table == "findings":
        for name, kind in FINDING_TYPES.items():
            fields.append(pa.field(name, pa.list_(pa.string()) if name in ("cells", "labels") else arrow[kind]))
    else:
        fields = [pa.field(name, arrow[kind]) for name, kind in TABLE_TYPES[table].items()]
    columns = []
    for f in fields:
        t = f.type
        numpy_type, pandas_type, meta = "object", "unicode", None
        if pa.types.is_integer(t):
            numpy_type = pandas_type = "Int64" if t == pa.int64() else "Int32"
            pandas_type = pandas_type.lower()
        elif pa.types.is_boolean(t):
            numpy_type, pandas_type = "boolean", "bool"
        elif pa.types.is_decimal(t):
            pandas_type, meta = "decimal", {"precision": t.precision, "scale": t.scale}
        elif pa.types.is_list(t):
            pandas_type = "list[unicode]"
        names = {"name": f.name, "field_name": f.name}
        columns.append({**names, "pandas_type": pandas_type, "numpy_type": numpy_type, "metadata": meta})
    pandas = {
        "index_columns": [],
        "column_indexes": [],
        "columns": columns,
        "creator": {"library": "govdisclosure", "version": __version__},
        "pandas_version": "2.0.0",
    }
    return pa.schema(fields, metadata={b"pandas": json.dumps(pandas).encode("utf-8")})


class _ParquetTables:
    """cells.parquet, findings.parquet and indicators.parquet written from ledger rows, a record batch at a time.

    A cell's value, amount, unit, provenance and inferred flag are the worker's CSV fragment
    of the cell (see _results), typed by Arrow's CSV reader; the columns the cells of a file
    share are repeated from the row; where a value was read is parsed from its provenance
    text, whose form is ``str(Location)``.
    """

    def __init__(self, paths: dict[str, Path]) -> None:
        import pyarrow.parquet as pq

        from .._ledger import open_new  # never through a link planted in OUTDIR

        self.schemas = {name: arrow_schema(name) for name in paths}
        self.sinks = []
        self.writers = {}
        try:
            for name, path in paths.items():
                self.sinks.append(open_new(path, "wb"))
                self.writers[name] = pq.ParquetWriter(self.sinks[-1], self.schemas[name])
        except BaseException:
            for sink in self.sinks:
                sink.close()
            raise
        self.shared: dict[str, list[Any]] = {}
        self.fragments: list[str] = []
        self.findings: dict[str, list[Any]] = {}
        self.indicators: dict[str, list[Any]] = {}
        self.n = 0
        self._reset()

    def _reset(self) -> None:
        names = (*REPORT_TYPES, "cell", "label", "format", "error")
        self.shared = {name: [] for name in names}
        self.fragments = []
        self.findings = {name: [] for name in FINDING_COLUMNS}
        self.indicators = {name: [] for name in INDICATOR_COLUMNS}
        self.n = 0

    def add(self, row: LedgerRow) -> None:
        c = self.shared
        if row.error is not None:
            for name in c:
                c[name].append(None)
            c["source"][-1], c["sha256"][-1], c["error"][-1] = row.source, row.sha256 or None, row.error
            self.fragments.append(",,,,,\r\n")
            self.n += 1
        else:
            ids, labels = _cell_ids_labels(row.template)
            n = len(ids)
            got = _FORMAT.match(row.report)
            for name, value in zip(REPORT_TYPES, _head_values(row.source, row), strict=True):
                c[name] += [value] * n
            c["format"] += [got.group(1) if got else None] * n
            c["error"] += [None] * n
            c["cell"] += ids
            c["label"] += labels
            self.fragments += json.loads(row.cells)
            self.n += n
        if row.n_findings:
            f = self.findings
            for values in _finding_rows(row.source, row, lists=True):
                for name, value in zip(FINDING_COLUMNS, values, strict=True):
                    f[name].append(value)
        for values in _indicator_rows(row.source, row):
            for name, value in zip(INDICATOR_COLUMNS, values, strict=True):
                self.indicators[name].append(Decimal(value) if name == "value" and value is not None else value)
        if self.n >= _PARQUET_ROWS:
            self.flush()

    def flush(self) -> None:
        import io

        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.csv as pacsv

        schema = self.schemas["cells"]
        if self.n:
            read = ("value", "amount", "unit", "provenance", "inferred", "_")
            typed = pacsv.read_csv(
                io.BytesIO("".join(self.fragments).encode("utf-8")),
                read_options=pacsv.ReadOptions(column_names=read),
                parse_options=pacsv.ParseOptions(newlines_in_values=True),
                convert_options=pacsv.ConvertOptions(
                    column_types={n: schema.field(n).type for n in read[:-1]} | {"_": pa.string()},
                    strings_can_be_null=True,
                    true_values=["True"],
                    false_values=["False"],
                ),
            )
            at = pc.extract_regex(typed["provenance"].fill_null(""), _LOCATION.pattern)
            columns: dict[str, Any] = {name: typed[name] for name in read[:-1]}
            for name in LOCATION_COLUMNS[1:]:
                text = pc.struct_field(at, name)
                columns[name] = pc.if_else(pc.equal(text, ""), None, text).cast(pa.int32())
            columns |= self.shared
            arrays = [
                pa.array(columns[f.name], type=f.type) if isinstance(columns[f.name], list) else columns[f.name]
                for f in schema
            ]
            self.writers["cells"].write_table(pa.Table.from_arrays(arrays, schema=schema))
        for name in ("findings", "indicators"):
            rows = self.findings if name == "findings" else self.indicators
            if rows["source"]:
                batch = pa.RecordBatch.from_pydict(rows, schema=self.schemas[name])
                self.writers[name].write_batch(batch)
        self._reset()

    def close(self) -> None:
        try:
            self.flush()
        finally:
            try:
                for w in self.writers.values():
                    w.close()
            finally:
                for sink in self.sinks:
                    sink.close()


@functools.cache
def _cell_ids_labels(template: str) -> tuple[list[str], list[str | None]]:
    """The cell ids of a template and their labels, in template order."""
    from ..schema import cell_ids

    ids = list(cell_ids(template))
    return ids, [_label(template, cid) for cid in ids]


def _write_parquet(rows: Iterable[LedgerRow], paths: dict[str, Path]) -> None:
    tables = _ParquetTables(paths)
    try:
        for row in rows:
            tables.add(row)
    finally:
        tables.close()
