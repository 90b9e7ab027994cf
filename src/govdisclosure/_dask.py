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

import io
import os
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ._batch._outputs import typed_frame
from ._batch._parquet import _unxl_batch
from ._batch._run import _process, _process_data, as_paths
from ._batch._tables import (
    CELL_COLUMNS,
    FINDING_COLUMNS,
    TABLE_TYPES,
    FileResult,
    _cells_csv,
    _findings_csv,
    _line_writer,
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


def _one(source: str, options: ParseOptions | None, storage_options: dict[str, object] | None) -> FileResult:
    from .parse import ParseOptions

    options = options or ParseOptions()
    if not _is_url(source):
        return _process(source, options, document=False)  # the tables need no JSON document
    t0 = time.perf_counter()
    got = _read_url(source, options.max_bytes, storage_options)
    if isinstance(got, str):
        return FileResult("", -1, got, seconds=time.perf_counter() - t0)
    return _process_data(got, options, t0, document=False)


def _partition(
    sources: list[str], options: ParseOptions | None, storage_options: dict[str, object] | None
) -> tuple[Any, Any]:
    """(cells, findings) Arrow tables of a group of files, typed as the batch's tables.

    The rows are the batch's own CSV lines (the same text as cells.csv and findings.csv),
    read by Arrow's CSV reader with the tables' types in one pass: no Python object per value.
    """
    import gc

    line = _line_writer()
    cells = [line(CELL_COLUMNS)]
    findings = [line(FINDING_COLUMNS)]
    # As in the batch's workers (_batch/_run.py, _init_worker): a report's thousands of objects are freed by
    # reference counting, so the young generation is collected every 20,000 allocations, not 700,
    # while the task runs (a Dask worker's heap is large: each collection that reaches it costs more).
    threshold = gc.get_threshold()
    gc.set_threshold(20_000, 20, 20)
    try:
        for source in sources:
            res = _one(source, options, storage_options)
            shown = display(source)  # a name that is not UTF-8, escaped (as in the batch's outputs)
            cells.append(_cells_csv(shown, res))
            if res.error is None and res.n_findings:
                findings.append(_findings_csv(shown, res))
    finally:
        gc.set_threshold(*threshold)
    return _arrow_table("".join(cells), "cells"), _arrow_table("".join(findings), "findings")


def _arrow_types(table: str) -> dict[str, Any]:
    import pyarrow as pa

    arrow = {"str": pa.string(), "int": pa.int64(), "decimal": pa.decimal128(38, 6), "bool": pa.bool_()}
    return {name: arrow[kind] for name, kind in TABLE_TYPES[table].items()}


def _arrow_table(text: str, table: str) -> Any:
    """A table's CSV text (header first) as an Arrow table of its types; a blank field is null, as in
    :func:`typed_frame` (quoted or not; "NA" and the like are text)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    read = pacsv.read_csv(
        io.BytesIO(text.encode("utf-8")),
        read_options=pacsv.ReadOptions(use_threads=False, block_size=max(1 << 20, 2 * len(text))),
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types=_arrow_types(table),
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
            true_values=["True"],
            false_values=["False"],
        ),
    )
    # text as written, without the Excel-safe apostrophe of the CSV tables (_batch/_tables.py, _xl)
    return pa.Table.from_batches([_unxl_batch(b) for b in read.to_batches()], schema=read.schema)


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
    cells = dd.from_delayed([dask.delayed(_pick, pure=True)(p, 0) for p in parts], meta=_meta("cells"))
    findings = dd.from_delayed([dask.delayed(_pick, pure=True)(p, 1) for p in parts], meta=_meta("findings"))
    return cells, findings
