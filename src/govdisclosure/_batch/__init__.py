"""From one report to a corpus: parse and check many files in worker processes, write datasets.

``run_batch(paths, outdir)`` parses and checks every file in a pool of worker
processes and records each file's results, whole or not at all, in a SQLite ledger
(``OUTDIR/ledger.sqlite``; a few dozen files share a transaction); ``reports.jsonl``,
``cells.csv``, ``findings.csv``, ``indicators.csv`` (and Parquet copies with the ``[parquet]``
extra) are then written from the ledger, so every source appears exactly once in every output,
whatever happens to the run.

- A file that cannot be read is an error row; the run goes on. So is a file over the
  per-file time limit, and a file whose worker died (killed by the kernel for memory):
  the worker is replaced.
- A run is resumable: a file is skipped when the ledger has a row for its path with
  the same content hash (an edited file is redone, its row replaced); files that
  failed are retried unless ``keep_failed``.
- One run at a time per OUTDIR: a second one is refused (:class:`BatchLockedError`).

``iter_parse(paths, workers=N)`` yields one :class:`BatchResult` per file, in input order.

The modules, by job (all sharing :mod:`govdisclosure._ledger`, the record, and
:mod:`govdisclosure._pool`, the workers):

- ``_run``: the run: finding the files, one file in a worker, scheduling, resuming;
  ``run_batch`` and ``iter_parse``;
- ``_outputs``: reports.jsonl, the CSV tables and summary.json written from the ledger and
  renamed into place in one step; ``to_dataframe`` reads them back;
- ``_parquet``: the export to Parquet (typed Arrow tables);
- ``_tables``: what they share: the tables' columns and types, the records a file's results
  travel in, a file's rows as CSV text and as typed values.
"""

from __future__ import annotations

from .._walk import REPORT_SUFFIXES
from ._outputs import to_dataframe, typed_frame
from ._run import DEFAULT_TIMEOUT, as_paths, collect_paths, iter_parse, run_batch
from ._tables import (
    CELL_COLUMNS,
    CELL_TYPES,
    FINDING_COLUMNS,
    FINDING_TYPES,
    INDICATOR_COLUMNS,
    INDICATOR_TYPES,
    REPORT_TYPES,
    TABLE_TYPES,
    BatchResult,
    BatchSummary,
    RowValue,
)

__all__ = [
    "CELL_COLUMNS",
    "CELL_TYPES",
    "DEFAULT_TIMEOUT",
    "FINDING_COLUMNS",
    "FINDING_TYPES",
    "INDICATOR_COLUMNS",
    "INDICATOR_TYPES",
    "REPORT_SUFFIXES",
    "REPORT_TYPES",
    "TABLE_TYPES",
    "BatchResult",
    "BatchSummary",
    "RowValue",
    "as_paths",
    "collect_paths",
    "iter_parse",
    "run_batch",
    "to_dataframe",
    "typed_frame",
]
