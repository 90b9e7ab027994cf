"""The run: the files found, parsed and checked in worker processes, recorded in the ledger, resumed.

:func:`run_batch` walks the paths given, skips what the ledger already holds with the same
content, hands the rest to the pool (:mod:`govdisclosure._pool`; one file per task, under a
time and memory limit), records each result in the ledger (:mod:`govdisclosure._ledger`), and
has the outputs written (:mod:`._outputs`). :func:`iter_parse` runs the same workers and yields
the results in input order instead.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sqlite3
import stat
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

import attrs

from .._walk import display, unreadable, walk
from .._walk import key as path_key
from ..exceptions import GovDisclosureError
from ..rules import Finding
from ._outputs import _export, _InOrder, complete_export
from ._tables import (
    _FINDING_INTS,
    CELL_TYPES,
    BatchResult,
    BatchSummary,
    FileResult,
    _cells_csv,
    _csv_field,
    _finding_rows,
    _indicator_rows,
    _typed_rows,
    _xl,
)

if TYPE_CHECKING:
    from .._ledger import Ledger
    from ..parse import ParseOptions

__all__ = ["DEFAULT_TIMEOUT", "as_paths", "collect_paths", "iter_parse", "run_batch"]

_R = TypeVar("_R")
DEFAULT_TIMEOUT = 120.0  # seconds a file may take in a worker; documented in the CLI's help
_INT64 = (-(2**63), 2**63 - 1)


# --- finding the files ------------------------------------------------------------------
# One path (a file or a folder), or several. A single ``str`` is one path, never a sequence of
# one-character paths; bytes paths are refused (give ``os.fsdecode(path)``).
Paths = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]


def as_paths(paths: Paths) -> list[str | os.PathLike[str]]:
    """``paths`` as a list: a single str or PathLike is one path. Raises InputTypeError for anything else."""
    from ..exceptions import InputTypeError

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


def _ratio_text(value: float) -> str:
    """An indicator's ratio (rounded to 4 places) as decimal text: ``0.8125``, never ``8.1e-05``."""
    return format(Decimal(repr(value)).quantize(Decimal("0.0001")), "f")


def _process(path: str, options: ParseOptions | None = None, *, document: bool = True) -> FileResult:
    """Parse, check and flatten one file (runs in a worker process, with its options unless given);
    ``document=False``: no JSON document in ``FileResult.report`` (the Dask path, whose tables are
    cells and findings)."""
    from ..parse import ParseOptions

    t0 = time.perf_counter()
    options = options or _OPTIONS or ParseOptions()
    got = _read(path, options.max_bytes)
    if isinstance(got, str):
        return FileResult("", -1, got, seconds=time.perf_counter() - t0)
    return _process_data(got[0], options, t0, document=document)


def _process_data(data: bytes, options: ParseOptions, t0: float, *, document: bool = True) -> FileResult:
    """Parse, check and flatten one file's bytes; every failure is an error result."""
    size = len(data)
    digest = hashlib.sha256(data).hexdigest()
    res = _guarded(lambda: _results(data, options, document=document))
    if isinstance(res, str):
        return FileResult(digest, size, res, seconds=time.perf_counter() - t0)
    return res._replace(sha256=digest, size=size, seconds=time.perf_counter() - t0)


def _guarded(work: Callable[[], _R]) -> _R | str:
    """``work()``, or why it failed: every failure is a message (the file's error row)."""
    try:
        return work()
    except GovDisclosureError as exc:
        return str(exc)
    except _Unstorable as exc:
        return str(exc)
    except RecursionError:
        return "the input is nested too deeply to read"
    except MemoryError:
        return "out of memory (over the per-worker memory limit?)"
    except Exception as exc:
        if _out_of_memory(exc):  # a C++ library's allocation failure (ONNX Runtime, OpenCV), not a bug of ours
            return f"out of memory (over the per-worker memory limit?): {type(exc).__name__}"
        return f"internal error: {type(exc).__name__}: {exc}"


_OOM_WORDS = ("bad_alloc", "failed to allocate", "cannot allocate memory", "insufficient memory", "out of memory")


def _out_of_memory(exc: BaseException) -> bool:
    """Whether an exception from a native library says an allocation failed."""
    said = f"{type(exc).__name__}: {exc}".lower()
    return any(w in said for w in _OOM_WORDS)


def _results(data: bytes, options: ParseOptions, *, document: bool = True) -> FileResult:
    from ..parse import parse
    from ..parse._result import source_format as format_of
    from ..rules import check
    from ..rules._indicators import INDICATORS, indicators
    from ..schema import Money, iter_cells
    from ..serialize import schema_id
    from ..serialize._converter import report_to_dict

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
    frows = _finding_values(findings)
    irows = []
    for iid, ind in indicators(report).items():
        ratio = None if ind.value is None else _ratio_text(ind.value)
        irows.append([iid, INDICATORS[iid][0], ratio, ind.numerator, ind.denominator, ind.reason])
    body = ""
    if document:
        # The document is built from the typed classes, so it is valid by construction (the
        # tests validate every batch document against the schema): no jsonschema pass here.
        doc = {"$schema": schema_id(f"report-{template}"), **report_to_dict(report)}  # as to_dict writes it
        source_format = format_of(parsed)
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
        meta.published,
        meta.signed,
        meta.source_url,
        body,
        json.dumps(cells, ensure_ascii=False, separators=(",", ":")),
        json.dumps(frows, ensure_ascii=False, separators=(",", ":")),
        json.dumps(irows, ensure_ascii=False, separators=(",", ":")),
        len(frows),
    )


def _finding_values(findings: Iterable[Finding]) -> list[list[Any]]:
    """Each finding's fields in FINDING_COLUMNS[_HEAD:] order, ``cells`` a list of ids (labels left out)."""
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
    return frows


def _init_worker(options: ParseOptions | None) -> None:
    """Set the options; warm up (compile the regexes, load the converters); freeze what is there."""
    global _OPTIONS
    import gc

    _OPTIONS = options
    try:
        from ..serialize import render
        from ..testing import make_report

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
    from ..parse import ParseOptions

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
    from .._pool import Pool

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
        _indicator_rows(shown, res),
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
    also write typed ``cells.parquet``, ``findings.parquet`` and ``indicators.parquet`` (kept up to date once
    written). Raises :class:`GovDisclosureError` if ``outdir`` is not a folder,
    :class:`BatchLockedError` if another run is writing into it,
    :class:`InputTypeError` for ``paths`` of another type (bytes, a number), and,
    before any work, :class:`MissingExtraError` if Parquet is asked for (or was written
    by an earlier run into ``outdir``) without pyarrow.
    """
    from .. import __version__
    from ..exceptions import require

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
    from .._ledger import Ledger, OutdirLock

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
    from .._ledger import LedgerRow

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
