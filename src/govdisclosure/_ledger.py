"""A batch run's ledger: one SQLite file per OUTDIR, the single transactional record of the run.

Each file's results (its reports.jsonl body, cells, findings, or its error) are one
row, keyed by the file's absolute path and carrying its content hash, written whole in
a transaction (a few dozen rows share one). The CSV, JSONL and Parquet outputs are
written *from* the ledger (or, in a first run, as the rows come, in the ledger's order),
into temporary files renamed over the old ones, so each source appears exactly once in
every output whatever happens to the process (kill -9, Ctrl-C, a resume, a crash).

The OUTDIR is locked (``flock`` on ``OUTDIR/.lock``) for the whole run: a second run
into the same folder is refused with a clear message instead of doubling rows.

Nothing in OUTDIR is trusted to be what its name says: the lock and every output are
opened without following a symbolic link (``O_NOFOLLOW``; outputs are created anew,
``O_EXCL``), and a ledger whose files are links is refused. A damaged ledger is a
:class:`GovDisclosureError` saying to run again with ``--restart``, which removes the
ledger's files and starts a new one whatever state they are in.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, NamedTuple

from .exceptions import BatchLockedError, GovDisclosureError

__all__ = ["LEDGER_NAME", "Ledger", "LedgerDamaged", "LedgerRow", "OutdirLock", "open_new"]

LEDGER_NAME = "ledger.sqlite"
_SCHEMA_VERSION = "2"  # 2: the citation columns (published, signed, source_url) and indicators
_GROUP_ROWS = 32  # rows committed together, at most
_GROUP_SECONDS = 0.25  # and at least this often while rows come in

_COLUMNS = (
    "path",
    "source",
    "sha256",
    "size",
    "version",
    "error",
    "template",
    "agency",
    "year",
    "edition",
    "published",
    "signed",
    "source_url",
    "report",
    "cells",
    "findings",
    "indicators",
    "n_findings",
    "seconds",
)


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_LEDGER_FILES = ("", "-wal", "-shm", "-journal")  # SQLite's files of a database
_RESTART = "run the same command with --restart to start a new one"


def _not_a_plain_file(path: Path) -> str | None:
    """Why ``path`` may not be written through (a link, a special file, a file with other names), or None."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return exc.strerror or str(exc)
    if stat.S_ISLNK(st.st_mode):
        return "a symbolic link"
    if not stat.S_ISREG(st.st_mode):
        return "not a regular file"
    if st.st_nlink > 1:
        return "a file with other names (hard links)"
    return None


def open_new(path: Path, mode: str = "w", encoding: str | None = "utf-8", newline: str | None = None) -> IO[Any]:
    """A new file at ``path`` for writing: what was there (a file, a planted link) is removed, never followed.

    Created with ``O_CREAT | O_EXCL | O_NOFOLLOW``: should anything appear at ``path``
    between the removal and the creation, the open fails instead of writing through it.
    """
    try:
        path.unlink(missing_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY, 0o644)
    except OSError as exc:
        raise GovDisclosureError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        if "b" in mode:
            return os.fdopen(fd, mode)
        return os.fdopen(fd, mode, encoding=encoding, newline=newline)
    except BaseException:
        os.close(fd)
        raise


class LedgerDamaged(GovDisclosureError):
    """The ledger cannot be read as one: ``--restart`` starts a new one."""


class LedgerRow(NamedTuple):
    """One file's record: an error (``error`` set) or its results as compact JSON texts."""

    path: str  # absolute path: the key
    source: str  # the path as given on the command line
    sha256: str
    size: int
    version: str  # the govdisclosure version that made the row
    error: str | None
    template: str  # the edition of the cell table ('' for an error row)
    agency: str | None
    year: int | None
    edition: str
    published: str | None  # meta.published, meta.signed, meta.source_url: the report's citation
    signed: str | None
    source_url: str | None
    report: str  # JSON text of {"report": ..., "diagnostics": [...]} ('' for an error row)
    cells: str  # JSON text: one compact list per cell of the template, in template order
    findings: str  # JSON text: one compact list per finding
    indicators: str  # JSON text: one compact list per indicator
    n_findings: int
    seconds: float


class OutdirLock:
    """An exclusive, non-blocking lock on ``OUTDIR/.lock``; released when the process ends, however."""

    def __init__(self, outdir: Path) -> None:
        self.path = outdir / ".lock"
        self.file: IO[str] | None = None

    def acquire(self) -> None:
        why = _not_a_plain_file(self.path)
        if why is not None:  # truncated below: never through a link planted there
            raise GovDisclosureError(f"{self.path} is {why}: remove it (batch writes only plain files into OUTDIR)")
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | _NOFOLLOW, 0o644)
        except OSError as exc:
            raise GovDisclosureError(f"cannot write into {self.path.parent}: {exc.strerror or exc}") from None
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_nlink > 1:  # swapped in since the check above
            os.close(fd)
            raise GovDisclosureError(f"{self.path} is not a plain file: remove it")
        try:
            f = os.fdopen(fd, "a+", encoding="utf-8")  # held for the whole run
        except BaseException:
            os.close(fd)
            raise
        try:
            _lock(f)
        except OSError:
            f.seek(0)
            holder = f.read().strip()
            f.close()
            who = f" (process {holder})" if holder.isdigit() else ""
            raise BatchLockedError(
                f"another batch run{who} is writing into {self.path.parent}; wait for it to finish "
                "or choose another output folder"
            ) from None
        try:
            # Written to the descriptor, not through the text buffer: should the disk be full (or a
            # file-size limit reached), the error is raised here and nothing is left in a buffer
            # that closing the file (or the collector, later) would try to flush again.
            os.ftruncate(f.fileno(), 0)
            os.lseek(f.fileno(), 0, os.SEEK_SET)
            os.write(f.fileno(), str(os.getpid()).encode())
        except BaseException:
            f.close()
            raise
        self.file = f

    def fileno(self) -> int:
        return self.file.fileno() if self.file is not None else -1

    def release(self) -> None:
        if self.file is not None:
            self.file.seek(0)
            self.file.truncate()
            self.file.close()
            self.file = None


def _lock(f: IO[str]) -> None:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


class Ledger:
    """The SQLite ledger of one output folder."""

    def __init__(self, outdir: Path, *, fresh: bool = False) -> None:
        """Open (or make) the ledger of ``outdir``; ``fresh``: remove whatever is there first (``--restart``)."""
        self.path = outdir / LEDGER_NAME
        self._pending: list[LedgerRow] = []
        self._since = time.monotonic()
        files = [Path(f"{self.path}{suffix}") for suffix in _LEDGER_FILES]
        if fresh:
            for f in files:
                try:
                    if os.path.isdir(f) and not os.path.islink(f):
                        os.rmdir(f)  # an empty folder in the way; one holding anything is not ours to remove
                    else:
                        f.unlink(missing_ok=True)  # a link is removed, never followed
                except OSError as exc:
                    raise GovDisclosureError(f"cannot remove {f}: {exc.strerror or exc}") from None
        for f in files:
            why = _not_a_plain_file(f)
            if why is not None:
                raise LedgerDamaged(f"{f} is {why}, not a ledger of batch: {_RESTART}")
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None)  # autocommit: one statement, one transaction
        except sqlite3.Error as exc:
            raise LedgerDamaged(f"cannot open the ledger {self.path} ({exc}): {_RESTART}") from None
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")  # a commit survives the process being killed
            self.db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, source TEXT NOT NULL, sha256 TEXT NOT NULL,"
                " size INTEGER NOT NULL, version TEXT NOT NULL, error TEXT, template TEXT NOT NULL, agency TEXT,"
                " year INTEGER, edition TEXT NOT NULL, published TEXT, signed TEXT, source_url TEXT,"
                " report TEXT NOT NULL, cells TEXT NOT NULL, findings TEXT NOT NULL, indicators TEXT NOT NULL,"
                " n_findings INTEGER NOT NULL,"
                " seconds REAL NOT NULL)"
            )
            have = self.get_meta("schema")
            columns = [r[1] for r in self.db.execute("PRAGMA table_info(files)")]
        except sqlite3.Error as exc:
            self.db.close()
            error = self.damaged(exc)
            if isinstance(error, LedgerDamaged):
                error = LedgerDamaged(f"{self.path} is not a batch ledger or is damaged ({exc}): {_RESTART}")
            raise error from None
        if have is not None and have != _SCHEMA_VERSION:
            self.db.close()
            raise LedgerDamaged(
                f"{self.path} was written by another version of govdisclosure (ledger {have}, "
                f"this one reads {_SCHEMA_VERSION}): {_RESTART}"
            )
        if columns != list(_COLUMNS):
            self.db.close()
            raise LedgerDamaged(f"{self.path} has other columns than a batch ledger: {_RESTART}")
        if have is None:
            self.set_meta("schema", _SCHEMA_VERSION)

    def damaged(self, exc: BaseException) -> GovDisclosureError:
        """The error to raise when reading or writing the ledger failed midway."""
        said = str(exc)
        if any(w in said for w in ("disk is full", "disk I/O error", "readonly", "unable to open")):
            # the disk, a file-size limit, permissions: the ledger is as good as its last commit
            return GovDisclosureError(f"cannot write the ledger {self.path}: {said}")
        return LedgerDamaged(f"the ledger {self.path} is damaged ({type(exc).__name__}: {said}): {_RESTART}")

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def clear(self) -> None:
        self._pending = []
        self.db.execute("DELETE FROM files")
        self.db.execute("DELETE FROM meta WHERE key <> 'schema'")

    def delete(self, paths: list[str]) -> None:
        """Remove the rows of these paths, in one transaction."""
        self.commit()
        if not paths:
            return
        self.db.execute("BEGIN")
        try:
            self.db.executemany("DELETE FROM files WHERE path = ?", [(p,) for p in paths])
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def put(self, row: LedgerRow) -> None:
        """Record one file's results (replacing any earlier row for its path).

        Rows are committed together, up to ``_GROUP_ROWS`` of them or every ``_GROUP_SECONDS``
        (one SQLite transaction per file cost the batch's parent more than the rest of its
        work): a row is in the ledger whole or not at all, and a run killed before a commit
        redoes the files of that group when resumed. Every read commits what is pending first.
        """
        self._pending.append(row)
        if len(self._pending) >= _GROUP_ROWS or time.monotonic() - self._since >= _GROUP_SECONDS:
            self.commit()

    def commit(self) -> None:
        """Write the pending rows in one transaction."""
        self._since = time.monotonic()
        if not self._pending:
            return
        rows, self._pending = self._pending, []
        self.db.execute("BEGIN")
        try:
            self.db.executemany(f"INSERT OR REPLACE INTO files VALUES ({', '.join('?' * len(_COLUMNS))})", rows)
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def known(self) -> dict[str, tuple[str, int, str, bool]]:
        """{path: (sha256, size, version, is_error)} of every recorded file."""
        self.commit()
        cur = self.db.execute("SELECT path, sha256, size, version, error IS NOT NULL FROM files")
        return {p: (h, s, v, bool(e)) for p, h, s, v, e in cur}

    def status(self, paths: list[str]) -> tuple[int, int]:
        """(ok rows, error rows) among these paths."""
        self.commit()
        ok = err = 0
        for i in range(0, len(paths), 500):
            part = paths[i : i + 500]
            q = f"SELECT error IS NULL FROM files WHERE path IN ({', '.join('?' * len(part))})"
            for (is_ok,) in self.db.execute(q, part):
                ok += bool(is_ok)
                err += not is_ok
        return ok, err

    def paths(self) -> list[str]:
        """The path of every row, in the order of :meth:`rows`."""
        self.commit()
        return [p for (p,) in self.db.execute("SELECT path FROM files ORDER BY path")]

    def rows(self) -> Iterator[LedgerRow]:
        """Every row, ordered by path, streamed."""
        self.commit()
        cur = self.db.execute(f"SELECT {', '.join(_COLUMNS)} FROM files ORDER BY path")
        while True:
            chunk = cur.fetchmany(256)
            if not chunk:
                return
            for r in chunk:
                yield LedgerRow(*r)

    def count(self) -> tuple[int, int, int]:
        """(files, errors, findings) recorded."""
        self.commit()
        r: Any = self.db.execute("SELECT count(*), count(error), coalesce(sum(n_findings), 0) FROM files").fetchone()
        return int(r[0]), int(r[1]), int(r[2])

    def close(self) -> None:
        self.commit()
        self.db.close()
