"""Beyond one machine: the batch's cells and findings tables as Dask DataFrames (the ``[dask]`` extra).

``to_dask(paths)`` turns local paths, folders, or any URL fsspec reads (``s3://``,
``gs://``, ``https://``, globs) into two lazy Dask DataFrames, ``cells`` and
``findings``, with the same columns and types as :func:`govdisclosure.to_dataframe`
reads from a batch's ``cells.csv`` and ``findings.csv``. Each partition parses a
group of files with the batch's own per-file isolation: a file that cannot be read
or parsed is an error row in ``cells`` (its ``error`` column says why), never a
failed computation. Dask does the scheduling, on whatever cluster the client is
connected to.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from ._batch._outputs import typed_frame
from ._batch._run import _amount, _finding_values, _guarded, _int, _read, as_paths
from ._batch._tables import (
    _HEAD,
    _LIST_SEP,
    CELL_COLUMNS,
    FINDING_COLUMNS,
    TABLE_TYPES,
    RowValue,
    _label,
)
from ._walk import display

if TYPE_CHECKING:
    import dask.dataframe as dd

    from .parse import ParseOptions

__all__ = ["to_dask"]


def _need(name: str) -> Any:
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError:
        from .exceptions import MissingExtraError

        raise MissingExtraError("to_dask", "dask", name.partition(".")[0]) from None


def _is_url(path: str) -> bool:
    return "://" in path


def _expand(paths: Sequence[str | os.PathLike[str]], storage_options: dict[str, object] | None) -> list[str]:
    """Local files and folders as the batch finds them; URLs (and their globs and folders) through fsspec."""
    from ._walk import REPORT_SUFFIXES, walk

    out: list[str] = []
    for p in paths:
        s = os.fspath(p)
        if not _is_url(s):
            out += [str(f) for f in walk([s])]  # what cannot be read too: each is an error row
            continue
        fsspec = _need("fsspec")
        fs, _, found = fsspec.core.get_fs_token_paths(s, storage_options=storage_options)
        for f in found:
            if fs.isdir(f):
                out += sorted(
                    fs.unstrip_protocol(q) for q in fs.find(f) if os.path.splitext(q)[1].lower() in REPORT_SUFFIXES
                )
            else:
                out.append(fs.unstrip_protocol(f))
    return out


def _read_url(url: str, max_bytes: int, storage_options: dict[str, object] | None) -> bytes | str:
    """A URL's bytes (size checked first when the store tells it), or why not."""
    fsspec = _need("fsspec")
    try:
        fs, path = fsspec.core.url_to_fs(url, **(storage_options or {}))
        try:
            size = fs.size(path)
        except (OSError, NotImplementedError, ValueError):
            size = None
        if size is not None and size > max_bytes:
            return f"not read: the file is {size} bytes, over the bound of {max_bytes}"
        with fs.open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except Exception as exc:  # every store has its own errors: one error row, never a failed task
        return f"cannot read: {type(exc).__name__}: {exc}"
    if len(data) > max_bytes:
        return f"not read: the file is over the bound of {max_bytes} bytes"
    return bytes(data)


class _Rows(NamedTuple):
    """One parsed file's values for the two tables, before its report columns are repeated on each row."""

    template: str
    head: tuple[RowValue, ...]  # REPORT_TYPES after source and sha256: agency, year, edition, published, ...
    cells: tuple[list[RowValue], ...]  # CELL_COLUMNS value ... inferred, one list each, in template order
    findings: list[list[Any]]  # FINDING_COLUMNS[_HEAD:] with cells as a list of ids and no labels


def _rows(data: bytes, options: ParseOptions) -> _Rows:
    """Parse and check one file's bytes; its cells' values column by column, as the batch flattens them
    (``_batch._run._results``: the same checks, raising ``_Unstorable`` in the same order; a blank
    text is null, as the CSV tables read back)."""
    from .parse import parse
    from .rules import check
    from .schema import Money, iter_cells

    parsed = parse(data, options)
    findings = check(parsed)
    report = parsed.report
    provenance = parsed.provenance
    values: list[RowValue] = []
    amounts: list[RowValue] = []
    units: list[RowValue] = []
    wheres: list[RowValue] = []
    inferred: list[RowValue] = []
    for cid, value in iter_cells(report):
        prov = provenance.get(cid)
        if prov is None:
            wheres.append(None)
            inferred.append(False)
        else:
            wheres.append(prov._where() or None)
            inferred.append(prov.inferred)
        if value is None:
            values.append(None)
            amounts.append(None)
            units.append(None)
        elif isinstance(value, Money):
            values.append(None)
            amounts.append(_amount(cid, value.number))
            units.append(value.unit or None)
        else:
            values.append(_int(f"cell {cid}", value))
            amounts.append(None)
            units.append(None)
    frows = _finding_values(findings)
    meta = report.meta
    head = (
        meta.agency or None,
        _int("meta.year", meta.year),
        (meta.edition.value or None) if meta.edition is not None else None,
        meta.published or None,
        meta.signed or None,
        meta.source_url or None,
    )
    return _Rows(report.template.value, head, (values, amounts, units, wheres, inferred), frows)


def _one(
    source: str, options: ParseOptions | None, storage_options: dict[str, object] | None
) -> tuple[str | None, _Rows | str]:
    """A file's SHA-256 (None when it was not read) and its rows, or why there are none."""
    from .parse import ParseOptions

    options = options or ParseOptions()
    got: bytes | str
    if _is_url(source):
        got = _read_url(source, options.max_bytes, storage_options)
    else:
        read = _read(source, options.max_bytes)
        got = read if isinstance(read, str) else read[0]
    if isinstance(got, str):
        return None, got
    data = got
    return hashlib.sha256(data).hexdigest(), _guarded(lambda: _rows(data, options))


@functools.cache
def _names(template: str) -> tuple[list[str], list[str | None]]:
    """The cell ids of a template and their labels, in template order (the cells table's cell and label)."""
    from .schema import cell_ids

    ids = list(cell_ids(template))
    return ids, [_label(template, cid) for cid in ids]


_CELL_VALUES = CELL_COLUMNS[CELL_COLUMNS.index("value") : CELL_COLUMNS.index("error")]
_AT = FINDING_COLUMNS.index("cells") - _HEAD


def _partition(
    sources: list[str], options: ParseOptions | None, storage_options: dict[str, object] | None
) -> tuple[Any, Any]:
    """(cells, findings) Arrow tables of a group of files, typed as the batch's tables.

    Built column by column from the values (no CSV text): the same rows, values and nulls as
    the batch's cells.csv and findings.csv read back by :func:`govdisclosure.to_dataframe`.
    """
    import gc

    cells: dict[str, list[Any]] = {c: [] for c in CELL_COLUMNS}
    findings: dict[str, list[Any]] = {c: [] for c in FINDING_COLUMNS}
    report_columns = CELL_COLUMNS[:_HEAD]
    cell_values = [cells[c] for c in _CELL_VALUES]
    finding_fields = [findings[c] for c in FINDING_COLUMNS[_HEAD:]]
    at = _AT
    # As in the batch's workers (_batch/_run.py, _init_worker): a report's thousands of objects are freed by
    # reference counting, so the young generation is collected every 20,000 allocations, not 700,
    # while the task runs (a Dask worker's heap is large: each collection that reaches it costs more).
    threshold = gc.get_threshold()
    gc.set_threshold(20_000, 20, 20)
    try:
        for source in sources:
            digest, got = _one(source, options, storage_options)
            shown = display(source)  # a name that is not UTF-8, escaped (as in the batch's outputs)
            if isinstance(got, str):  # one row: the file and why it has no cells
                for c in CELL_COLUMNS:
                    cells[c].append(None)
                cells["source"][-1] = shown
                cells["sha256"][-1] = digest
                cells["error"][-1] = got or None
                continue
            head = (shown, digest, *got.head)
            ids, labels = _names(got.template)
            n = len(ids)
            for c, v in zip(report_columns, head, strict=True):
                cells[c] += [v] * n
            cells["cell"] += ids
            cells["label"] += labels
            for column, vs in zip(cell_values, got.cells, strict=True):
                column += vs
            cells["error"] += [None] * n
            if not got.findings:
                continue
            for c, v in zip(report_columns, head, strict=True):
                findings[c] += [v] * len(got.findings)
            for f in got.findings:
                ids_ = f[at]
                f = [
                    *f[:at],
                    _LIST_SEP.join(ids_) or None,
                    _LIST_SEP.join(_label(got.template, c) or "" for c in ids_) or None,
                    *f[at + 1 :],
                ]
                for column, v in zip(finding_fields, f, strict=True):
                    column.append(v if v != "" else None)
    finally:
        gc.set_threshold(*threshold)
    return _arrow_table(cells, "cells"), _arrow_table(findings, "findings")


def _arrow_types(table: str) -> dict[str, Any]:
    import pyarrow as pa

    arrow = {"str": pa.string(), "int": pa.int64(), "decimal": pa.decimal128(38, 6), "bool": pa.bool_()}
    return {name: arrow[kind] for name, kind in TABLE_TYPES[table].items()}


def _arrow_table(columns: Mapping[str, list[Any]], table: str) -> Any:
    """A table's columns (Python values; None for a blank) as an Arrow table of its types.

    An amount is its decimal text (as the batch writes it), converted by Arrow as its CSV
    reader converts the batch's text."""
    import pyarrow as pa

    types = _arrow_types(table)
    arrays = []
    for name, kind in types.items():
        if pa.types.is_decimal(kind):
            arrays.append(pa.array(columns[name], pa.string()).cast(kind))
        else:
            arrays.append(pa.array(columns[name], kind))
    return pa.Table.from_arrays(arrays, schema=pa.schema(list(types.items())))


def _frame(arrow: Any) -> Any:
    """An Arrow table of a batch table as the pandas DataFrame :func:`typed_frame` makes (same dtypes)."""
    import pandas as pd
    import pyarrow as pa

    decimal = pa.decimal128(38, 6)
    dtypes = {pa.string(): pd.StringDtype(), pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
    dtypes[decimal] = pd.ArrowDtype(decimal)
    return arrow.to_pandas(types_mapper=dtypes.get)


def _meta(table: str) -> Any:
    import pandas as pd

    columns = list(TABLE_TYPES[table])
    return typed_frame(pd.DataFrame({c: [] for c in columns}, dtype=str), table)


def _pick(pair: tuple[Any, Any], i: int) -> Any:
    return _frame(pair[i])


def _workers() -> int:
    """Threads the computation will run on: the connected cluster's (distributed), else this machine's cores."""
    try:
        import distributed

        client: Any = distributed.default_client()  # type: ignore[no-untyped-call]
    except (ImportError, ValueError):
        return os.cpu_count() or 1
    try:
        return max(1, int(sum(client.nthreads().values())))
    except Exception:  # a client whose scheduler is gone: Dask will say so when computing
        return 1


PARTITIONS_PER_WORKER = 4  # a partition per worker at a time, with a few to balance uneven files
MAX_FILES_PER_PARTITION = 256  # ~50,000 rows of cells: a partition stays small in a worker's memory


def _files_per_partition(n_files: int, workers: int) -> int:
    """Enough partitions for every worker ``PARTITIONS_PER_WORKER`` times over, none over the maximum."""
    return max(1, min(MAX_FILES_PER_PARTITION, -(-n_files // (workers * PARTITIONS_PER_WORKER))))


def to_dask(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    files_per_partition: int | None = None,
    options: ParseOptions | None = None,
    storage_options: Mapping[str, object] | None = None,
) -> tuple[dd.DataFrame, dd.DataFrame]:
    """``(cells, findings)``: the batch's two tables as lazy Dask DataFrames, one partition per group of files.

    ``paths``: files, folders (report files under them, as ``batch`` finds them) or
    fsspec URLs and globs (``s3://bucket/reports/*.html``; ``storage_options`` are
    passed to fsspec). Columns and types are those of :func:`govdisclosure.to_dataframe`.
    Compute both together (``dask.compute(cells, findings)``) to parse each file
    once. ``files_per_partition``: by default chosen from the workers of the connected
    Dask cluster (the threads of all its workers; without one, this machine's cores):
    four partitions per worker thread, at most 256 files each. Each partition's task
    parses its files and builds the two tables as Arrow tables directly. Needs the
    ``[dask]`` extra: without it, raises :class:`~govdisclosure.MissingExtraError`
    (an :class:`ImportError`) before any work.
    """
    dask = _need("dask")
    dd = _need("dask.dataframe")
    _need("pyarrow")  # the partitions' Arrow tables and decimal columns
    if files_per_partition is not None and files_per_partition < 1:
        raise ValueError("files_per_partition must be at least 1")
    given = as_paths(paths)
    opts = dict(storage_options) if storage_options is not None else None  # pickled to the workers
    sources = _expand(given, opts)
    size = files_per_partition or _files_per_partition(len(sources), _workers())
    groups = [sources[i : i + size] for i in range(0, len(sources), size)]
    parts = [dask.delayed(_partition, pure=True)(g, options, opts) for g in groups]
    if not parts:
        return dd.from_pandas(_meta("cells"), npartitions=1), dd.from_pandas(_meta("findings"), npartitions=1)
    cells = dd.from_delayed(
        [dask.delayed(_pick, pure=True)(p, 0) for p in parts], meta=_meta("cells"), verify_meta=False
    )
    findings = dd.from_delayed(
        [dask.delayed(_pick, pure=True)(p, 1) for p in parts], meta=_meta("findings"), verify_meta=False
    )
    return cells, findings
