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

from ._batch import CELL_COLUMNS, FINDING_COLUMNS, FileResult, _cells_csv, _findings_csv, _line_writer, typed_frame
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
        from .exceptions import UnsupportedFormatError

        raise UnsupportedFormatError(f"to_dask needs {name}: pip install 'govdisclosure[dask]'") from None


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
    from . import _batch
    from .parse import ParseOptions

    options = options or ParseOptions()
    if not _is_url(source):
        _batch._OPTIONS = options
        return _batch._process(source)
    t0 = time.perf_counter()
    got = _read_url(source, options.max_bytes, storage_options)
    if isinstance(got, str):
        return FileResult("", -1, got, seconds=time.perf_counter() - t0)
    return _batch._process_data(got, options, t0)


def _partition(
    sources: list[str], options: ParseOptions | None, storage_options: dict[str, object] | None
) -> tuple[Any, Any]:
    """(cells, findings) pandas DataFrames of a group of files, typed as the batch's tables."""
    import pandas as pd

    line = _line_writer()
    cells = [line(CELL_COLUMNS)]
    findings = [line(FINDING_COLUMNS)]
    for source in sources:
        res = _one(source, options, storage_options)
        shown = display(source)  # a name that is not UTF-8, escaped (as in the batch's outputs)
        cells.append(_cells_csv(shown, res))
        if res.error is None and res.n_findings:
            findings.append(_findings_csv(shown, res))
    frames = []
    for text, table in (("".join(cells), "cells"), ("".join(findings), "findings")):
        raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        frames.append(typed_frame(raw, table))
    return frames[0], frames[1]


def _meta(table: str) -> Any:
    import pandas as pd

    columns = CELL_COLUMNS if table == "cells" else FINDING_COLUMNS
    return typed_frame(pd.DataFrame({c: [] for c in columns}, dtype=str), table)


def _pick(pair: tuple[Any, Any], i: int) -> Any:
    return pair[i]


def to_dask(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    files_per_partition: int = 64,
    options: ParseOptions | None = None,
    storage_options: Mapping[str, object] | None = None,
) -> tuple[dd.DataFrame, dd.DataFrame]:
    """``(cells, findings)``: the batch's two tables as lazy Dask DataFrames, one partition per group of files.

    ``paths``: files, folders (report files under them, as ``batch`` finds them) or
    fsspec URLs and globs (``s3://bucket/reports/*.html``; ``storage_options`` are
    passed to fsspec). Columns and types are those of :func:`govdisclosure.to_dataframe`.
    Compute both together (``dask.compute(cells, findings)``) to parse each file
    once. Needs the ``[dask]`` extra.
    """
    dask = _need("dask")
    dd = _need("dask.dataframe")
    if files_per_partition < 1:
        raise ValueError("files_per_partition must be at least 1")
    given = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    opts = dict(storage_options) if storage_options is not None else None  # pickled to the workers
    sources = _expand(given, opts)
    groups = [sources[i : i + files_per_partition] for i in range(0, len(sources), files_per_partition)]
    parts = [dask.delayed(_partition, pure=True)(g, options, opts) for g in groups]
    if not parts:
        return dd.from_pandas(_meta("cells"), npartitions=1), dd.from_pandas(_meta("findings"), npartitions=1)
    cells = dd.from_delayed([dask.delayed(_pick, pure=True)(p, 0) for p in parts], meta=_meta("cells"))
    findings = dd.from_delayed([dask.delayed(_pick, pure=True)(p, 1) for p in parts], meta=_meta("findings"))
    return cells, findings
