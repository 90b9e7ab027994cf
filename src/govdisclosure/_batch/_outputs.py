"""The outputs: reports.jsonl, the CSV tables and summary.json, written from the ledger; read back.

Every output is written into a temporary file, then all are renamed over the old ones in one
step (a manifest names the new set, so a run cut short between two renames is completed by the
next one, and readers take the set it names). The Parquet copies come from :mod:`._parquet`.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import attrs

from ._parquet import _write_parquet
from ._tables import (
    TABLE_TYPES,
    BatchSummary,
    FileResult,
    _cells_csv,
    _findings_csv,
    _indicators_csv,
    _line_writer,
    _unxl,
)

if TYPE_CHECKING:
    from typing import Literal

    import pandas as pd
    from pandas.api.extensions import ExtensionArray

    from .._ledger import Ledger, LedgerRow

__all__ = ["complete_export", "to_dataframe", "typed_frame"]


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


_TABLES = ("cells", "findings", "indicators")
_OUTPUTS = (
    "reports.jsonl",
    *(f"{t}.csv" for t in _TABLES),
    *(f"{t}.parquet" for t in _TABLES),
    "summary.json",
)


class _Outputs:
    """reports.jsonl and the CSV tables being written, row after row, into temporary files."""

    def __init__(self, out: Path) -> None:
        from .._ledger import open_new  # never through a link planted in OUTDIR

        self.tmp = {name: out / f".{name}.tmp" for name in _OUTPUTS}
        line = _line_writer()
        self.files: list[IO[Any]] = []
        try:
            self.reports = open_new(self.tmp["reports.jsonl"], newline="\n")
            self.files.append(self.reports)
            # UTF-8 with a BOM: Excel (a Chinese Windows too) opens it by double-click; pandas and DuckDB skip it
            self.tables = {}
            for name in _TABLES:
                self.tables[name] = open_new(self.tmp[f"{name}.csv"], encoding="utf-8-sig", newline="")
                self.files.append(self.tables[name])
        except BaseException:
            self.close()
            raise
        for name, f in self.tables.items():
            f.write(line(list(TABLE_TYPES[name])))

    def add(self, row: LedgerRow) -> None:
        self.reports.write(_report_line(row.source, row))
        self.tables["cells"].write(_cells_csv(row.source, row))
        if row.n_findings:
            self.tables["findings"].write(_findings_csv(row.source, row))
        self.tables["indicators"].write(_indicators_csv(row.source, row))  # none for an error row

    def close(self) -> None:
        for f in self.files:
            f.close()

    def finish(self, out: Path, parquet: bool, summary: BatchSummary, ledger: Ledger) -> None:
        """Close, add the Parquet tables and summary.json, and rename all over the old outputs."""
        self.close()
        from .._ledger import open_new

        tmp = self.tmp
        if parquet:
            _write_parquet(ledger.rows(), {t: tmp[f"{t}.parquet"] for t in _TABLES})
        else:
            for t in _TABLES:
                tmp[f"{t}.parquet"].unlink(missing_ok=True)  # a stale or planted one is not renamed over the outputs
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
    from .._ledger import _not_a_plain_file

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
    from .. import __version__

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

    types = TABLE_TYPES[table]
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


def to_dataframe(
    outdir: str | os.PathLike[str], table: Literal["cells", "findings", "indicators"] = "cells"
) -> pd.DataFrame:
    """A batch output table (``cells``, ``findings`` or ``indicators``) as a typed pandas DataFrame
    (the ``[pandas]`` extra).

    Without pandas, raises :class:`~govdisclosure.MissingExtraError` (an :class:`ImportError`).

    Column types: strings (``string``), counts and years ``Int64`` (blank = ``<NA>``),
    ``amount`` and an indicator's ``value`` ``decimal128(38, 6)[pyarrow]``
    (:class:`decimal.Decimal` objects without pyarrow), ``inferred`` ``boolean``.
    """
    from ..exceptions import require

    require("pandas", "pandas", "to_dataframe")
    import pandas as pd

    if table not in TABLE_TYPES:
        from ..exceptions import InputValueError

        raise InputValueError(f"table must be 'cells', 'findings' or 'indicators' (got {table!r})")
    path = _table_path(Path(outdir), f"{table}.csv")  # an export cut short: the set its manifest names
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return typed_frame(frame, table)
