"""From one report to a corpus: parse and check many files in worker processes, write datasets.

``run_batch(paths, outdir)`` parses and checks every file in a pool of worker
processes and records each file's results, whole or not at all, in a SQLite ledger
(``OUTDIR/ledger.sqlite``; a few dozen files share a transaction); ``reports.jsonl``,
``cells.csv``, ``findings.csv`` (and Parquet copies with the ``[parquet]`` extra) are
then written from the ledger, so every source appears exactly once in every output,
whatever happens to the run.

- A file that cannot be read is an error row; the run goes on. So is a file over the
  per-file time limit, and a file whose worker died (killed by the kernel for memory):
  the worker is replaced.
- A run is resumable: a file is skipped when the ledger has a row for its path with
  the same content hash (an edited file is redone, its row replaced); files that
  failed are retried unless ``keep_failed``.
- One run at a time per OUTDIR: a second one is refused (:class:`BatchLockedError`).

``iter_parse(paths, workers=N)`` yields one :class:`BatchResult` per file, in input order.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import hashlib
import io
import json
import os
import re
import sqlite3
import stat
import sys
import time
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

import attrs

from ._walk import REPORT_SUFFIXES, display, unreadable, walk
from ._walk import key as path_key
from .exceptions import GovDisclosureError
from .rules import Finding

if TYPE_CHECKING:
    from typing import Literal

    import pandas as pd
    from pandas.api.extensions import ExtensionArray

    from ._ledger import Ledger, LedgerRow
    from .parse import ParseOptions

__all__ = [
    "CELL_COLUMNS",
    "CELL_TYPES",
    "DEFAULT_TIMEOUT",
    "FINDING_COLUMNS",
    "FINDING_TYPES",
    "REPORT_SUFFIXES",
    "BatchResult",
    "BatchSummary",
    "collect_paths",
    "iter_parse",
    "run_batch",
    "to_dataframe",
]

DEFAULT_TIMEOUT = 120.0  # seconds a file may take in a worker; documented in the CLI's help

# The columns of the two tables and their types, one place for CSV, Parquet, pandas and Dask.
# Types: "str", "int" (64-bit, nulls allowed), "decimal" (38 digits, 6 after the point), "bool".
CELL_TYPES: dict[str, str] = {
    "source": "str",
    "agency": "str",
    "year": "int",
    "edition": "str",
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
FINDING_TYPES: dict[str, str] = {"source": "str", "agency": "str", "year": "int"}
for _f in attrs.fields(Finding):
    if _f.name == "cells":
        FINDING_TYPES["cells"] = "str"  # the cell ids involved, separated by "; "
        FINDING_TYPES["labels"] = "str"  # their Chinese labels, in the same order
    else:
        FINDING_TYPES[_f.name] = "int" if _f.name in _FINDING_INTS else "str"
CELL_COLUMNS = list(CELL_TYPES)
FINDING_COLUMNS = list(FINDING_TYPES)
_INT64 = (-(2**63), 2**63 - 1)
RowValue = str | int | bool | None
"""One value of a row of the cells or findings table: text (amounts too), an int, a bool, ``None`` for a blank."""
_LIST_SEP = "; "


@attrs.frozen
class BatchResult:
    """One file's result: its document (a JSON-ready dict), cells, findings, or an error.

    ``cells`` and ``findings`` are rows of the ``cells`` and ``findings`` tables
    (:data:`CELL_COLUMNS`, :data:`FINDING_COLUMNS`), typed: ints, amounts as text,
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


# --- finding the files ------------------------------------------------------------------
# One path (a file or a folder), or several. A single ``str`` is one path, never a sequence of
# one-character paths; bytes paths are refused (give ``os.fsdecode(path)``).
Paths = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]


def as_paths(paths: Paths) -> list[str | os.PathLike[str]]:
    """``paths`` as a list: a single str or PathLike is one path. Raises InputTypeError for anything else."""
    from .exceptions import InputTypeError

    if isinstance(paths, (str, os.PathLike)):
        given: list[Any] = [paths]
    elif isinstance(paths, (bytes, bytearray, memoryview)):
        raise InputTypeError("paths: give a str or os.PathLike path (or a list of them), not bytes")
    else:
        try:
            given = list(paths)
        except TypeError:
            raise InputTypeError(
                f"paths: expected a path or an iterable of paths, not {type(paths).__name__}"
            ) from None
    for p in given:
        if not isinstance(p, (str, os.PathLike)):
            raise InputTypeError(f"paths: each path is a str or os.PathLike, not {type(p).__name__}: {p!r}")
        if isinstance(os.fspath(p), bytes):
            raise InputTypeError(f"paths: give str paths, not bytes: {p!r}")
    return given


def collect_paths(paths: Paths) -> list[Path]:
    """Files given, and the regular report files under folders given, in a stable order.

    ``batch``, :func:`govdisclosure.to_dask` and ``check --series`` list with
    :func:`govdisclosure._walk.walk`, which lists what cannot be read too.
    """
    return [p for p in walk(as_paths(paths)) if p.is_file()]


# --- one file, in a worker --------------------------------------------------------------
class FileResult(NamedTuple):
    """What a worker sends back for one file: small, flat, no repeated labels or paths."""

    sha256: str
    size: int
    error: str | None
    template: str = ""
    agency: str | None = None
    year: int | None = None
    edition: str = ""
    report: str = ""  # JSON text of {"report": ..., "diagnostics": [...]}
    cells: str = "[]"  # JSON list of CSV lines, value to error, one per cell in template order
    findings: str = "[]"  # JSON text: one list per finding, FINDING_COLUMNS[3:] with the labels left out
    n_findings: int = 0
    seconds: float = 0.0


class _Unstorable(Exception):
    """A value the typed tables cannot hold exactly (the file becomes an error row)."""


_OPTIONS: ParseOptions | None = None


def _failure(path: str, message: str) -> FileResult:
    return FileResult("", -1, message)


def _read(path: str, max_bytes: int) -> tuple[bytes, int] | str:
    """The file's bytes and size, or why not: size checked before reading, regular files only."""
    try:
        return _read_file(path, max_bytes)
    except Exception as exc:  # a special file answering oddly (e.g. /proc): an error row, never a dead worker
        return f"cannot read: {type(exc).__name__}: {exc}"


def _read_file(path: str, max_bytes: int) -> tuple[bytes, int] | str:
    folder = unreadable(path)
    if folder is not None:
        return folder
    try:
        st = os.stat(path)
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    except ValueError as exc:
        return f"cannot read: {exc}"
    if stat.S_ISDIR(st.st_mode):
        return "cannot read: a folder, not a file"
    if not stat.S_ISREG(st.st_mode):
        return "not read: not a regular file (a FIFO, device or socket)"
    if st.st_size > max_bytes:
        return f"not read: the file is {st.st_size} bytes, over the bound of {max_bytes}"
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                return "not read: not a regular file (a FIFO, device or socket)"
            data = f.read(max_bytes + 1)
    except BlockingIOError:
        return "not read: the file gives no data without waiting (a special file)"
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    if data is None:  # a non-blocking special file with nothing to give yet
        return "not read: the file gives no data without waiting (a special file)"
    if len(data) > max_bytes:
        return f"not read: the file grew past the bound of {max_bytes} bytes while being read"
    return data, len(data)


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


def _int(where: str, value: Any) -> Any:
    if isinstance(value, int) and not _INT64[0] <= value <= _INT64[1]:
        digits = int(value.bit_length() * 0.30103) + 1
        raise _Unstorable(f"{where} holds a number of about {digits} digits, past any plausible count; not stored")
    return value


def _amount(cid: str, number: Decimal) -> str:
    n = number.normalize()
    exponent = n.as_tuple().exponent
    if not n.is_finite() or not isinstance(exponent, int) or exponent < -6 or n.adjusted() >= 32:
        raise _Unstorable(f"cell {cid} holds an amount ({number}) with more digits than the tables hold; not stored")
    return format(number, "f")


def _process(path: str, *, document: bool = True) -> FileResult:
    """Parse, check and flatten one file (runs in a worker process); ``document=False``: no
    JSON document in ``FileResult.report`` (the Dask path, whose tables are cells and findings)."""
    from .parse import ParseOptions

    t0 = time.perf_counter()
    options = _OPTIONS or ParseOptions()
    got = _read(path, options.max_bytes)
    if isinstance(got, str):
        return FileResult("", -1, got, seconds=time.perf_counter() - t0)
    return _process_data(got[0], options, t0, document=document)


def _process_data(data: bytes, options: ParseOptions, t0: float, *, document: bool = True) -> FileResult:
    """Parse, check and flatten one file's bytes; every failure is an error result."""
    size = len(data)
    digest = hashlib.sha256(data).hexdigest()
    try:
        res = _results(data, options, document=document)
    except GovDisclosureError as exc:
        error = str(exc)
    except _Unstorable as exc:
        error = str(exc)
    except RecursionError:
        error = "the input is nested too deeply to read"
    except MemoryError:
        error = "out of memory (over the per-worker memory limit?)"
    except Exception as exc:
        if _out_of_memory(exc):  # a C++ library's allocation failure (ONNX Runtime, OpenCV), not a bug of ours
            error = f"out of memory (over the per-worker memory limit?): {type(exc).__name__}"
        else:
            error = f"internal error: {type(exc).__name__}: {exc}"
    else:
        return res._replace(sha256=digest, size=size, seconds=time.perf_counter() - t0)
    return FileResult(digest, size, error, seconds=time.perf_counter() - t0)


_OOM_WORDS = ("bad_alloc", "failed to allocate", "cannot allocate memory", "insufficient memory", "out of memory")


def _out_of_memory(exc: BaseException) -> bool:
    """Whether an exception from a native library says an allocation failed."""
    said = f"{type(exc).__name__}: {exc}".lower()
    return any(w in said for w in _OOM_WORDS)


def _results(data: bytes, options: ParseOptions, *, document: bool = True) -> FileResult:
    from .parse import parse
    from .rules import check
    from .schema import Money, iter_cells
    from .serialize import schema_id
    from .serialize._converter import report_to_dict

    parsed = parse(data, options)
    findings = check(parsed)
    report = parsed.report
    meta = report.meta
    template = report.template.value
    provenance = parsed.provenance
    cells: list[str] = []  # one CSV line per cell from `value` on: the parent puts source ... label before it
    for cid, value in iter_cells(report):
        prov = provenance.get(cid)
        if prov is None:
            where, inferred = "", "False"
        else:
            where, inferred = _csv_field(_xl(prov._where()) or ""), str(prov.inferred)
        if value is None:
            cells.append(f",,,{where},{inferred},\r\n")
        elif isinstance(value, Money):
            unit = _csv_field(_xl(value.unit) or "")
            cells.append(f",{_amount(cid, value.number)},{unit},{where},{inferred},\r\n")
        else:
            cells.append(f"{_int(f'cell {cid}', value)},,,{where},{inferred},\r\n")
    frows = []
    for f in findings:
        row: list[Any] = []
        for a in attrs.fields(Finding):
            v = getattr(f, a.name)
            if a.name == "cells":
                v = [c.id for c in v]
            elif a.name in _FINDING_INTS:
                v = _int(f"finding {f.rule} ({a.name})", v)
            elif hasattr(v, "value"):
                v = v.value
            row.append(v)
        frows.append(row)
    body = ""
    if document:
        # The document is built from the typed classes, so it is valid by construction (the
        # tests validate every batch document against the schema): no jsonschema pass here.
        doc = {"$schema": schema_id(f"report-{template}"), **report_to_dict(report)}  # as to_dict writes it
        source_format = parsed.document.source_format if parsed.document is not None else None
        # "format" first: the Parquet export reads it from the start of the text without parsing the rest
        diagnostics = [d.to_dict() for d in parsed.diagnostics]
        body = json.dumps({"format": source_format, "report": doc, "diagnostics": diagnostics}, ensure_ascii=False)
    return FileResult(
        "",
        0,
        None,
        template,
        meta.agency,
        _int("meta.year", meta.year),
        meta.edition.value if meta.edition is not None else "",
        body,
        json.dumps(cells, ensure_ascii=False, separators=(",", ":")),
        json.dumps(frows, ensure_ascii=False, separators=(",", ":")),
        len(frows),
    )


def _init_worker(options: ParseOptions | None) -> None:
    """Set the options; warm up (compile the regexes, load the converters); freeze what is there."""
    global _OPTIONS
    import gc

    _OPTIONS = options
    try:
        from .serialize import render
        from .testing import make_report

        # A text sample of each edition: what every format goes through. A format's own reader
        # (lxml, python-docx) is set up by its first file, so a batch of one format pays for no other.
        for edition in ("2019", "2021"):
            text = render(make_report(edition, seed=1), "markdown")
            _results(text.encode("utf-8") if isinstance(text, str) else text, options or _default_options())
    except Exception:  # pragma: no cover - a warm-up is only a warm-up
        pass
    gc.collect()
    gc.freeze()  # what the warm-up built lives as long as the worker: keep it out of collections
    # A report allocates some thousands of objects, nearly all freed by reference counting when
    # it is done: collect the young generation every 20,000 allocations, not every 700 (2-3 %
    # of a worker's time; memory stays flat, the drill and growth figures say).
    gc.set_threshold(20_000, 20, 20)


def _default_options() -> ParseOptions:
    from .parse import ParseOptions

    return ParseOptions()


def _run_files(
    files: list[str],
    workers: int,
    *,
    options: ParseOptions | None,
    timeout: float | None,
    max_memory: int | None,
    close_fds: tuple[int, ...] = (),
) -> Iterator[tuple[int, FileResult]]:
    """(index, result) for every file, in the order they finish."""
    global _OPTIONS
    if workers <= 0:  # in this process: no isolation, no time limit
        _OPTIONS = options
        for i, f in enumerate(files):
            yield i, _process(f)
        return
    from ._pool import Pool

    chunksize = max(1, min(32, len(files) // (workers * 4)))
    pool = Pool(
        workers,
        _process,
        _failure,
        init=functools.partial(_init_worker, options),
        timeout=timeout,
        max_memory=max_memory * 1024 * 1024 if max_memory else None,
        close_fds=close_fds,
        chunksize=chunksize,
    )
    yield from pool.run(enumerate(files))


# --- rows of the tables -----------------------------------------------------------------
@functools.cache
def _label(template: str, cid: str) -> str | None:
    """A cell's label in the template, from govdisclosure.schema (None for a meta id)."""
    from .schema import cell_spec

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
    from .schema import cell_ids

    line = _line_writer()
    return tuple(line((cid, _label(template, cid)))[:-2] + "," for cid in cell_ids(template))


def _head(source: str, res: FileResult | LedgerRow) -> str:
    """The `source,agency,year,edition,` CSV text of a file's rows."""
    return str(_line_writer()((_xl(source), _xl(res.agency), res.year, res.edition)))[:-2] + ","


def _cells_csv(source: str, res: FileResult | LedgerRow) -> str:
    """A file's rows of cells.csv."""
    if res.error is not None:
        return str(_line_writer()((_xl(source), *[None] * (len(CELL_COLUMNS) - 2), _xl(res.error))))
    head = _head(source, res)
    return "".join([head + c + t for c, t in zip(_cell_heads(res.template), json.loads(res.cells), strict=True)])


def _finding_rows(source: str, res: FileResult | LedgerRow) -> list[list[RowValue]]:
    rows = []
    at = FINDING_COLUMNS.index("cells") - 3
    for f in json.loads(res.findings):
        ids = f[at]
        labels = [_label(res.template, c) or "" for c in ids]
        rows.append([source, res.agency, res.year, *f[:at], _LIST_SEP.join(ids), _LIST_SEP.join(labels), *f[at + 1 :]])
    return rows


def _findings_csv(source: str, res: FileResult | LedgerRow) -> str:
    """A file's rows of findings.csv."""
    line = _line_writer()
    return "".join([line([_xl(v) if isinstance(v, str) else v for v in r]) for r in _finding_rows(source, res)])


# Line separators other than \n that json.dumps leaves raw: readers splitting lines the Unicode way
# (str.splitlines, some JSONL tools) would cut a line there. Inside JSON they can only be in strings.
_SEPARATORS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def _report_line(source: str, res: FileResult | LedgerRow) -> str:
    head = f'{{"source": {json.dumps(source, ensure_ascii=False)}, "sha256": {json.dumps(res.sha256)}'
    if getattr(res, "path", "").startswith("bytes:"):  # a name not UTF-8: source is escaped (_walk.unescape)
        head += ', "source_escaped": true'
    if res.error is not None:
        line = f'{head}, "error": {json.dumps(res.error, ensure_ascii=False)}}}\n'
    else:
        line = f"{head}, {res.report[1:]}\n"
    if "\x85" in line or "\u2028" in line or "\u2029" in line:
        line = line.translate(_SEPARATORS)
    return line


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


# --- iter_parse -------------------------------------------------------------------------
def _batch_result(source: str, res: FileResult) -> BatchResult:
    if res.error is not None:
        return BatchResult(source, res.sha256, None, [], [], [], res.error, res.seconds)
    body = json.loads(res.report)
    shown = display(source)  # the rows' source column: valid Unicode, as in cells.csv
    return BatchResult(
        source,
        res.sha256,
        body["report"],
        _typed_rows(_cells_csv(shown, res), CELL_TYPES),
        _finding_rows(shown, res),
        body["diagnostics"],
        None,
        res.seconds,
    )


def iter_parse(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    workers: int | None = None,
    *,
    options: ParseOptions | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_memory: int | None = None,
) -> Iterator[BatchResult]:
    """Parse and check files in worker processes (default: one per core), yielding results in input order.

    ``paths``: one path or an iterable of paths, each a file or a folder (the report
    files under it, as :func:`run_batch` finds them); a single ``str`` is one path.
    An entry that cannot be read (a folder that cannot be listed, a FIFO, a dangling link)
    is one result with its ``error``.
    ``workers=0`` runs in this process (no time limit, no isolation from a crash).
    ``timeout`` is the per-file time limit in seconds; ``max_memory`` a per-worker
    memory limit in MiB (address space). Raises :class:`~govdisclosure.InputTypeError`
    for ``paths`` of another type (bytes, a number).
    """
    files = [str(p) for p in walk(as_paths(paths))]  # what cannot be read is a result with its error
    n = (os.cpu_count() or 1) if workers is None else workers
    waiting: dict[int, FileResult] = {}
    nxt = 0
    for i, res in _run_files(files, min(n, len(files)), options=options, timeout=timeout, max_memory=max_memory):
        waiting[i] = res
        while nxt in waiting:
            yield _batch_result(files[nxt], waiting.pop(nxt))
            nxt += 1


# --- run_batch ---------------------------------------------------------------------------
class _Progress:
    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.stream = stream
        self.tty = stream.isatty()
        self.t0 = time.perf_counter()
        self.last = 0.0

    def update(self, done: int, errors: int) -> None:
        if not self.tty:
            return
        now = time.perf_counter()
        if now - self.last < 0.1 and done < self.total:
            return
        self.last = now
        rate = done / max(now - self.t0, 1e-9)
        width = 30
        filled = int(width * done / max(self.total, 1))
        bar = "█" * filled + "·" * (width - filled)
        self.stream.write(f"\r{bar} {done}/{self.total}  {rate:6.1f} files/s  errors {errors}")
        self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


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
    """The Parquet (Arrow) schema of a table: string, int64, decimal128(38, 6), bool; in ``cells``
    the location columns (:data:`LOCATION_COLUMNS`) after ``provenance``; in ``findings``
    ``cells`` and ``labels`` as ``list<string>``. With pandas metadata for nullable dtypes."""
    import pyarrow as pa

    from . import __version__

    arrow = {"str": pa.string(), "int": pa.int64(), "bool": pa.bool_(), "decimal": pa.decimal128(38, 6)}
    fields = []
    if table == "cells":
        for name, kind in CELL_TYPES.items():
            fields.append(pa.field(name, arrow[kind]))
            if name == "provenance":
                fields.append(pa.field("format", pa.string()))
                fields += [pa.field(n, pa.int32()) for n in LOCATION_COLUMNS[1:]]
    else:
        for name, kind in FINDING_TYPES.items():
            fields.append(pa.field(name, pa.list_(pa.string()) if name in ("cells", "labels") else arrow[kind]))
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
    """cells.parquet and findings.parquet written from ledger rows, a record batch at a time.

    A cell's value, amount, unit, provenance and inferred flag are the worker's CSV fragment
    of the cell (see _results), typed by Arrow's CSV reader; the columns the cells of a file
    share are repeated from the row; where a value was read is parsed from its provenance
    text, whose form is ``str(Location)``.
    """

    def __init__(self, cells_path: Path, findings_path: Path) -> None:
        import pyarrow.parquet as pq

        from ._ledger import open_new  # never through a link planted in OUTDIR

        self.schemas = {"cells": arrow_schema("cells"), "findings": arrow_schema("findings")}
        self.sinks = [open_new(cells_path, "wb")]
        try:
            self.sinks.append(open_new(findings_path, "wb"))
            self.writers = {
                "cells": pq.ParquetWriter(self.sinks[0], self.schemas["cells"]),
                "findings": pq.ParquetWriter(self.sinks[1], self.schemas["findings"]),
            }
        except BaseException:
            for sink in self.sinks:
                sink.close()
            raise
        self.shared: dict[str, list[Any]] = {}
        self.fragments: list[str] = []
        self.findings: dict[str, list[Any]] = {}
        self.n = 0
        self._reset()

    def _reset(self) -> None:
        self.shared = {name: [] for name in ("source", "agency", "year", "edition", "cell", "label", "format", "error")}
        self.fragments = []
        self.findings = {name: [] for name in FINDING_COLUMNS}
        self.n = 0

    def add(self, row: LedgerRow) -> None:
        c = self.shared
        if row.error is not None:
            for name in c:
                c[name].append(None)
            c["source"][-1], c["error"][-1] = row.source, row.error
            self.fragments.append(",,,,,\r\n")
            self.n += 1
        else:
            ids, labels = _cell_ids_labels(row.template)
            n = len(ids)
            got = _FORMAT.match(row.report)
            c["source"] += [row.source] * n
            c["agency"] += [row.agency] * n
            c["year"] += [row.year] * n
            c["edition"] += [row.edition or None] * n
            c["format"] += [got.group(1) if got else None] * n
            c["error"] += [None] * n
            c["cell"] += ids
            c["label"] += labels
            self.fragments += json.loads(row.cells)
            self.n += n
        if row.n_findings:
            f = self.findings
            at = FINDING_COLUMNS.index("cells") - 3
            for found in json.loads(row.findings):
                ids = found[at]
                labels = [_label(row.template, cid) or "" for cid in ids]
                values = [row.source, row.agency, row.year, *found[:at], ids, labels, *found[at + 1 :]]
                for name, value in zip(FINDING_COLUMNS, values, strict=True):
                    f[name].append(value)
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
        if self.findings["source"]:
            batch = pa.RecordBatch.from_pydict(self.findings, schema=self.schemas["findings"])
            self.writers["findings"].write_batch(batch)
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
    from .schema import cell_ids

    ids = list(cell_ids(template))
    return ids, [_label(template, cid) for cid in ids]


def _write_parquet(rows: Iterable[LedgerRow], cells_path: Path, findings_path: Path) -> None:
    tables = _ParquetTables(cells_path, findings_path)
    try:
        for row in rows:
            tables.add(row)
    finally:
        tables.close()


def _unxl_batch(batch: Any) -> Any:
    """A record batch of a CSV table with the Excel-safe apostrophe taken off its text columns (see _xl)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = []
    for column in batch.columns:
        if pa.types.is_string(column.type):
            quoted = pc.match_substring_regex(column, "^'[=+\\-@\t\r']")
            column = pc.if_else(quoted, pc.utf8_slice_codeunits(column, 1), column)
        columns.append(column)
    return pa.RecordBatch.from_arrays(columns, schema=batch.schema)


_OUTPUTS = ("reports.jsonl", "cells.csv", "findings.csv", "cells.parquet", "findings.parquet", "summary.json")


class _Outputs:
    """reports.jsonl, cells.csv and findings.csv being written, row after row, into temporary files."""

    def __init__(self, out: Path) -> None:
        from ._ledger import open_new  # never through a link planted in OUTDIR

        self.tmp = {name: out / f".{name}.tmp" for name in _OUTPUTS}
        line = _line_writer()
        self.reports = open_new(self.tmp["reports.jsonl"], newline="\n")
        try:
            # UTF-8 with a BOM: Excel (a Chinese Windows too) opens it by double-click; pandas and DuckDB skip it
            self.cells = open_new(self.tmp["cells.csv"], encoding="utf-8-sig", newline="")
            try:
                self.findings = open_new(self.tmp["findings.csv"], encoding="utf-8-sig", newline="")
            except BaseException:
                self.cells.close()
                raise
        except BaseException:
            self.reports.close()
            raise
        self.cells.write(line(CELL_COLUMNS))
        self.findings.write(line(FINDING_COLUMNS))

    def add(self, row: LedgerRow) -> None:
        self.reports.write(_report_line(row.source, row))
        self.cells.write(_cells_csv(row.source, row))
        if row.n_findings:
            self.findings.write(_findings_csv(row.source, row))

    def close(self) -> None:
        for f in (self.reports, self.cells, self.findings):
            f.close()

    def finish(self, out: Path, parquet: bool, summary: BatchSummary, ledger: Ledger) -> None:
        """Close, add the Parquet tables and summary.json, and rename all over the old outputs."""
        self.close()
        from ._ledger import open_new

        tmp = self.tmp
        if parquet:
            _write_parquet(ledger.rows(), tmp["cells.parquet"], tmp["findings.parquet"])
        else:
            for name in ("cells.parquet", "findings.parquet"):
                tmp[name].unlink(missing_ok=True)  # a stale or planted one is not renamed over the outputs
        with open_new(tmp["summary.json"]) as f:
            f.write(json.dumps(_summary(ledger, summary), indent=2) + "\n")
        moves = [name for name in _OUTPUTS if tmp[name].is_file() and not tmp[name].is_symlink()]
        drops = [name for name in _OUTPUTS if name.endswith(".parquet") and name not in moves]  # none stale
        # One step: the manifest names the new set (its rename is the commit point); should the process
        # die between the renames that follow, readers take the set it names and the next run completes it.
        with open_new(out / f"{_PENDING}.tmp") as f:
            f.write(json.dumps({"rename": moves, "remove": drops}))
        os.replace(out / f"{_PENDING}.tmp", out / _PENDING)
        complete_export(out)


_PENDING = ".export.json"  # the manifest of an export whose renames are not all done


def complete_export(out: Path) -> None:
    """Finish the renames an export's manifest names (after the process died midway); no manifest: nothing."""
    from ._ledger import _not_a_plain_file

    manifest = out / _PENDING
    if not os.path.lexists(manifest):
        return
    try:
        plan = json.loads(manifest.read_text(encoding="utf-8")) if _not_a_plain_file(manifest) is None else {}
    except (OSError, ValueError):
        plan = {}
    if isinstance(plan, dict):
        for name in plan.get("rename", []):
            src = out / f".{name}.tmp"
            if name in _OUTPUTS and src.is_file() and not src.is_symlink():
                os.replace(src, out / name)
        for name in plan.get("remove", []):
            if name in _OUTPUTS:
                (out / name).unlink(missing_ok=True)
    manifest.unlink()


def _table_path(out: Path, name: str) -> Path:
    """Where an output's current version is: its temporary file while an export's manifest names it."""
    pending = out / f".{name}.tmp"
    if (out / _PENDING).is_file() and pending.is_file():
        try:
            plan = json.loads((out / _PENDING).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return out / name
        if isinstance(plan, dict) and name in plan.get("rename", []):
            return pending
    return out / name


def _summary(ledger: Ledger, run: BatchSummary) -> dict[str, Any]:
    """summary.json: the dataset the folder's outputs hold (every run so far), and this run."""
    from . import __version__

    files, errors, findings = ledger.count()
    return {
        "dataset": {
            "files": files,
            "parsed": files - errors,
            "errors": errors,
            "findings": findings,
            "version": __version__,
        },
        "run": attrs.asdict(run),
    }


def _export(ledger: Ledger, out: Path, parquet: bool, summary: BatchSummary) -> None:
    """Write every output from the ledger into temporary files, then rename them over the old ones."""
    outputs = _Outputs(out)
    try:
        for row in ledger.rows():
            try:
                outputs.add(row)
            except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:  # a row not as written
                raise ledger.damaged(exc) from None
    finally:
        outputs.close()
    outputs.finish(out, parquet, summary, ledger)


class _InOrder:
    """The outputs of a run into an empty ledger, written while the files are read.

    The files are read in the order of their keys, which is the ledger's order, so a
    result is written as soon as every file before it is done: the run ends with its
    outputs written instead of reading them all back from the ledger. Results that
    come back too far out of order (more than ``limit`` waiting) give this up, and the
    outputs are written from the ledger as usual.
    """

    def __init__(self, out: Path, total: int, limit: int = 1024) -> None:
        self.outputs = _Outputs(out)
        self.total, self.limit = total, limit
        self.next = 0
        self.waiting: dict[int, LedgerRow] = {}
        self.given_up = False

    def add(self, i: int, row: LedgerRow) -> None:
        if self.given_up:
            return
        self.waiting[i] = row
        while self.next in self.waiting:
            self.outputs.add(self.waiting.pop(self.next))
            self.next += 1
        if len(self.waiting) > self.limit:
            self.given_up = True
            self.waiting.clear()
            self.outputs.close()  # what it wrote is written again, from the ledger

    def complete(self, ledger: Ledger, keys: list[str]) -> bool:
        """Whether every file was written, in the ledger's own order (checked against the ledger)."""
        return not self.given_up and self.next == self.total and ledger.paths() == keys


def _same_content(path: str, size: int, sha256: str) -> bool:
    """True if the file still has this size and content hash (hashed in a stream, never read whole)."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size != size:
            return False
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return False
    return h.hexdigest() == sha256


def run_batch(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    outdir: str | os.PathLike[str],
    *,
    workers: int | None = None,
    resume: bool = True,
    parquet: bool = False,
    progress: TextIO | None = None,
    keep_failed: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_memory: int | None = None,
    options: ParseOptions | None = None,
) -> BatchSummary:
    """Parse and check every file into ``outdir``: a ledger, then reports.jsonl, cells.csv, findings.csv.

    ``paths``: one path or an iterable of paths, each a file or a folder (the report
    files under it); a single ``str`` is one path.
    ``workers``: worker processes (default one per core; 0 = in this process, without
    isolation). ``resume``: skip files the ledger has with the same content (``False``
    starts over). ``keep_failed``: on a resume, keep error rows as they are instead of
    retrying them. ``timeout``: per-file time limit in seconds (``None``: none).
    ``max_memory``: per-worker memory limit in MiB, beyond what a worker has when it
    starts (``None``: none). ``parquet``:
    also write typed ``cells.parquet`` and ``findings.parquet`` (kept up to date once
    written). Raises :class:`GovDisclosureError` if ``outdir`` is not a folder,
    :class:`BatchLockedError` if another run is writing into it,
    :class:`InputTypeError` for ``paths`` of another type (bytes, a number), and,
    before any work, :class:`MissingExtraError` if Parquet is asked for (or was written
    by an earlier run into ``outdir``) without pyarrow.
    """
    from . import __version__
    from .exceptions import require

    given = as_paths(paths)
    out = Path(outdir)
    if parquet or (out / "cells.parquet").exists():
        require("pyarrow", "parquet", "writing Parquet")
    if out.exists() and not out.is_dir():
        raise GovDisclosureError(f"{out} is a file: the output of a batch is a folder (give a new or existing folder)")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GovDisclosureError(f"cannot make the output folder {out}: {exc.strerror or exc}") from None
    try:
        return _locked_run(
            out,
            given,
            __version__,
            workers=workers,
            resume=resume,
            parquet=parquet,
            progress=progress,
            keep_failed=keep_failed,
            timeout=timeout,
            max_memory=max_memory,
            options=options,
        )
    except OSError as exc:  # the lock, the ledger, the outputs: disk full, a file-size limit, a folder in the way
        where = exc.filename if exc.filename is not None else out
        raise GovDisclosureError(f"cannot write {where}: {exc.strerror or exc}") from None


def _locked_run(
    out: Path,
    paths: list[str | os.PathLike[str]],
    version: str,
    *,
    workers: int | None,
    resume: bool,
    parquet: bool,
    progress: TextIO | None,
    keep_failed: bool,
    timeout: float | None,
    max_memory: int | None,
    options: ParseOptions | None,
) -> BatchSummary:
    from ._ledger import Ledger, OutdirLock

    lock = OutdirLock(out)
    lock.acquire()
    try:
        complete_export(out)  # an earlier run's export cut short between its renames
        ledger = Ledger(out, fresh=not resume)  # --restart: a new ledger, whatever state the old one is in
        try:
            opts = json.dumps(
                {"encoding": options.encoding, "edition": options.edition.value if options.edition else None}
                if options is not None
                else {"encoding": None, "edition": None}
            )
            if not resume:
                ledger.clear()
            elif ledger.get_meta("options") not in (None, opts):
                raise GovDisclosureError(
                    f"{out} was made with other parse options ({ledger.get_meta('options')}): "
                    "give the same options, or --restart"
                )
            ledger.set_meta("options", opts)
            (out / "done.txt").unlink(missing_ok=True)  # the resume log of versions before the ledger
            parquet = parquet or (out / "cells.parquet").exists()
            return _run(
                ledger,
                out,
                paths,
                version,
                workers=workers,
                parquet=parquet,
                progress=progress,
                keep_failed=keep_failed,
                timeout=timeout,
                max_memory=max_memory,
                options=options,
                close_fds=(lock.fileno(),),
            )
        except sqlite3.Error as exc:  # damaged while the run went on (or beyond what opening it shows)
            raise ledger.damaged(exc) from None
        finally:
            with contextlib.suppress(sqlite3.Error):
                ledger.close()
    finally:
        lock.release()


def _run(
    ledger: Ledger,
    out: Path,
    paths: list[str | os.PathLike[str]],
    version: str,
    *,
    workers: int | None,
    parquet: bool,
    progress: TextIO | None,
    keep_failed: bool,
    timeout: float | None,
    max_memory: int | None,
    options: ParseOptions | None,
    close_fds: tuple[int, ...],
) -> BatchSummary:
    from ._ledger import LedgerRow

    t0 = time.perf_counter()
    files = walk(paths)
    known = ledger.known()
    seen: set[str] = set()
    todo: list[tuple[str, str, str]] = []  # (key: absolute path, source: as given, shown; the path to read)
    skipped = 0
    for f in files:
        key = path_key(f)
        if key in seen:
            continue
        seen.add(key)
        had = known.get(key)
        if had is not None and had[2] == version:
            sha256, size, _, was_error = had
            if (was_error and keep_failed) or (not was_error and _same_content(str(f), size, sha256)):
                skipped += 1
                continue
        todo.append((key, display(f, escape=key.startswith("bytes:")), str(f)))  # escaped with its key
    # The outputs describe what the paths given hold now: rows of files gone, or not given this time, go.
    removed = sorted(k for k in known if k not in seen)
    ledger.delete(removed)
    todo.sort()  # read in the ledger's order (by key), so that outputs can be written as results come
    n = (os.cpu_count() or 1) if workers is None else workers
    bar = _Progress(len(todo), progress or sys.stderr)
    parsed = errors = n_findings = 0
    interrupted: BaseException | None = None
    # Into an empty ledger, the outputs are written while the files are read (see _InOrder).
    in_order = _InOrder(out, len(todo)) if not known and todo else None
    try:
        try:
            results = _run_files(
                [path for _, _, path in todo],
                min(n, len(todo)),
                options=options,
                timeout=timeout,
                max_memory=max_memory,
                close_fds=close_fds,
            )
            for done, (i, res) in enumerate(results, start=1):
                key, source, _ = todo[i]
                row = LedgerRow(key, source, res.sha256, res.size, version, *res[2:])
                ledger.put(row)
                if in_order is not None:
                    in_order.add(i, row)
                if res.error is None:
                    parsed += 1
                    n_findings += res.n_findings
                else:
                    errors += 1
                bar.update(done, errors)
        except KeyboardInterrupt as exc:  # what is in the ledger is written out; a rerun resumes
            interrupted = exc
        bar.close()
        _, failed = ledger.status(sorted(seen))
        summary = BatchSummary(
            len(seen), parsed, failed, skipped, n_findings, time.perf_counter() - t0, removed=len(removed)
        )
        if in_order is not None and interrupted is None and in_order.complete(ledger, [k for k, _, _ in todo]):
            in_order.outputs.finish(out, parquet, summary, ledger)
        else:
            if in_order is not None:  # closed before the export opens the same temporary files again
                in_order.outputs.close()
            _export(ledger, out, parquet, summary)
    finally:
        if in_order is not None:
            in_order.outputs.close()
    if interrupted is not None:
        raise interrupted
    return summary


# --- reading the outputs back -------------------------------------------------------------
def _decimal_dtype(pd: Any) -> Any:
    """decimal128(38, 6) through pyarrow when it is there (Dask keeps it), else Python Decimal objects."""
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - depends on the environment
        return object
    return pd.ArrowDtype(pa.decimal128(38, 6))


def typed_frame(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """A pandas DataFrame of a table with the documented types (strings, Int64, Decimal, boolean)."""
    import pandas as pd

    types = CELL_TYPES if table == "cells" else FINDING_TYPES
    out: dict[str, ExtensionArray] = {}
    for name, kind in types.items():
        col = frame[name]
        if kind == "int":
            out[name] = pd.array([None if x is None or x == "" else int(x) for x in col], dtype="Int64")
        elif kind == "bool":
            out[name] = pd.array(
                [None if x is None or x == "" else x in (True, "True", "true") for x in col], dtype="boolean"
            )
        elif kind == "decimal":
            values = [None if x is None or x == "" else Decimal(x) for x in col]
            out[name] = pd.array(values, dtype=_decimal_dtype(pd))
        else:  # text: as written, without the Excel-safe apostrophe (see _xl)
            out[name] = pd.array([None if x is None or x == "" else _unxl(str(x)) for x in col], dtype="string")
    typed: pd.DataFrame = pd.DataFrame(out, index=pd.RangeIndex(len(frame)))  # the stubs' constructor is Any to mypy
    return typed


def to_dataframe(outdir: str | os.PathLike[str], table: Literal["cells", "findings"] = "cells") -> pd.DataFrame:
    """A batch output table (``cells`` or ``findings``) as a typed pandas DataFrame (the ``[pandas]`` extra).

    Without pandas, raises :class:`~govdisclosure.MissingExtraError` (an :class:`ImportError`).

    Column types: strings (``string``), counts and years ``Int64`` (blank = ``<NA>``),
    ``amount`` ``decimal128(38, 6)[pyarrow]`` (:class:`decimal.Decimal` objects without
    pyarrow), ``inferred`` ``boolean``.
    """
    from .exceptions import require

    require("pandas", "pandas", "to_dataframe")
    import pandas as pd

    if table not in ("cells", "findings"):
        from .exceptions import InputValueError

        raise InputValueError(f"table must be 'cells' or 'findings' (got {table!r})")
    path = _table_path(Path(outdir), f"{table}.csv")  # an export cut short: the set its manifest names
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return typed_frame(frame, table)
