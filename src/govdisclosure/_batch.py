"""From one report to a corpus: parse and check many files in a process pool, write datasets.

``iter_parse(paths, workers=N)`` yields one :class:`BatchResult` per file (in input
order); ``run_batch(paths, outdir)`` writes ``reports.jsonl``, ``cells.csv``,
``findings.csv`` (and Parquet copies with the ``[parquet]`` extra) as results
arrive, so memory stays flat however many files there are. A file that cannot
be read is an error row; the run goes on. A run is resumable: files whose
content hash is recorded in ``done.txt`` are skipped.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

import attrs

from .rules import Finding

__all__ = ["REPORT_SUFFIXES", "BatchResult", "BatchSummary", "collect_paths", "iter_parse", "run_batch", "to_dataframe"]

REPORT_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".shtml", ".docx", ".pdf")
CELL_COLUMNS = ["source", "agency", "year", "edition", "cell", "label", "value", "unit", "provenance", "inferred"]
FINDING_COLUMNS = ["source", "agency", "year", *(f.name for f in attrs.fields(Finding) if f.name != "cells")]


@attrs.frozen
class BatchResult:
    """One file's result: its document (a validated JSON-ready dict), cells, findings, or an error."""

    source: str
    sha256: str
    document: dict[str, Any] | None
    cells: list[list[Any]]
    findings: list[dict[str, Any]]
    diagnostics: list[dict[str, Any]]
    error: str | None = None
    seconds: float = 0.0


@attrs.frozen
class BatchSummary:
    files: int
    parsed: int
    errors: int
    skipped: int
    findings: int
    seconds: float

    def line(self) -> str:
        rate = self.parsed / self.seconds if self.seconds else 0.0
        return (
            f"batch: {self.files} file(s): {self.parsed} parsed, {self.errors} error(s), "
            f"{self.skipped} already done; {self.findings} finding(s); {self.seconds:.1f} s ({rate:.0f}/s)"
        )


def collect_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files given, and report files under folders given, in a stable order."""
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out += sorted(
                q
                for q in path.rglob("*")
                if q.is_file() and q.suffix.lower() in REPORT_SUFFIXES and not q.name.upper().startswith("README")
            )
        else:
            out.append(path)
    return out


def _work(path: str) -> BatchResult:
    """Parse, check and flatten one file (runs in a worker process)."""
    from .exceptions import GovDisclosureError
    from .parse import parse
    from .rules import check
    from .schema import cell_spec, iter_cells
    from .serialize import cell_value_json, to_dict

    t0 = time.perf_counter()
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return BatchResult(path, "", None, [], [], [], f"cannot read: {exc.strerror or exc}")
    digest = hashlib.sha256(data).hexdigest()
    try:
        parsed = parse(data)
        findings = check(parsed)
        document = to_dict(parsed.report)
    except GovDisclosureError as exc:
        return BatchResult(path, digest, None, [], [], [], str(exc), time.perf_counter() - t0)
    except Exception as exc:
        return BatchResult(path, digest, None, [], [], [], f"internal error: {type(exc).__name__}: {exc}")
    report = parsed.report
    meta = report.meta
    agency, year = meta.agency or "", meta.year or ""
    edition = meta.edition.value if meta.edition is not None else ""
    rows: list[list[Any]] = []
    for cid, value in iter_cells(report):
        _, row, col = cell_spec(report.template, cid)
        v = cell_value_json(value)
        number, unit = (v["number"], v["unit"] or "") if isinstance(v, dict) else ("" if v is None else v, "")
        prov = parsed.provenance.get(cid)
        rows.append(
            [
                path,
                agency,
                year,
                edition,
                cid,
                f"{row.full_label} / {col.label}",
                number,
                unit,
                str(prov.location) if prov else "",
                bool(prov and prov.inferred),
            ]
        )
    return BatchResult(
        path,
        digest,
        document,
        rows,
        [f.to_dict() for f in findings],
        [d.to_dict() for d in parsed.diagnostics],
        None,
        time.perf_counter() - t0,
    )


def iter_parse(paths: Iterable[str | os.PathLike[str]], workers: int | None = None) -> Iterator[BatchResult]:
    """Parse and check files in a process pool (default: one worker per core), in input order."""
    files = [str(p) for p in paths]
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(files) <= 1:
        for f in files:
            yield _work(f)
        return
    from multiprocessing import get_context  # imported here: it is slow to import and only batches need it

    ctx = get_context("fork") if sys.platform.startswith("linux") else get_context("spawn")
    with ctx.Pool(workers) as pool:
        yield from pool.imap(_work, files, chunksize=max(1, min(16, len(files) // (workers * 8) or 1)))


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


class _Parquet:
    """Parquet copies of the CSV tables, written in row groups as results arrive."""

    def __init__(self, outdir: Path) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.pa, self.pq = pa, pq
        self.outdir = outdir
        self.writers: dict[str, Any] = {}
        self.buffers: dict[str, list[list[Any]]] = {"cells": [], "findings": []}

    def add(self, table: str, rows: list[list[Any]]) -> None:
        self.buffers[table].extend(rows)
        if len(self.buffers[table]) >= 50_000:
            self.flush(table)

    def flush(self, table: str) -> None:
        rows = self.buffers[table]
        if not rows:
            return
        names = CELL_COLUMNS if table == "cells" else FINDING_COLUMNS
        cols = {n: [str(r[i]) if r[i] is not None else None for r in rows] for i, n in enumerate(names)}
        batch = self.pa.table(cols)
        if table not in self.writers:
            self.writers[table] = self.pq.ParquetWriter(str(self.outdir / f"{table}.parquet"), batch.schema)
        self.writers[table].write_table(batch)
        self.buffers[table] = []

    def close(self) -> None:
        for t in list(self.buffers):
            self.flush(t)
        for w in self.writers.values():
            w.close()


def run_batch(
    paths: Sequence[str | os.PathLike[str]],
    outdir: str | os.PathLike[str],
    *,
    workers: int | None = None,
    resume: bool = True,
    parquet: bool = False,
    progress: TextIO | None = None,
) -> BatchSummary:
    """Parse and check every file, writing the outputs into ``outdir`` as results arrive."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    files = collect_paths(paths)
    done_file = out / "done.txt"
    done: set[str] = set()
    if resume and done_file.exists():
        done = {line.split("\t")[0] for line in done_file.read_text(encoding="utf-8").splitlines() if line}
    else:
        for name in ("reports.jsonl", "cells.csv", "findings.csv", "done.txt", "cells.parquet", "findings.parquet"):
            (out / name).unlink(missing_ok=True)
    todo: list[str] = []
    skipped = 0
    for f in files:
        if done:
            try:
                digest = hashlib.sha256(f.read_bytes()).hexdigest()
            except OSError:
                digest = ""
            if digest in done:
                skipped += 1
                continue
        todo.append(str(f))
    t0 = time.perf_counter()
    bar = _Progress(len(todo), progress or sys.stderr)
    parsed = errors = n_findings = 0
    new_files = not (out / "cells.csv").exists()
    pq = _Parquet(out) if parquet else None
    with (
        open(out / "reports.jsonl", "a", encoding="utf-8") as reports,
        open(out / "cells.csv", "a", encoding="utf-8", newline="") as cells_f,
        open(out / "findings.csv", "a", encoding="utf-8", newline="") as findings_f,
        open(done_file, "a", encoding="utf-8") as done_f,
    ):
        cells_w, findings_w = csv.writer(cells_f), csv.writer(findings_f)
        if new_files:
            cells_w.writerow(CELL_COLUMNS)
            findings_w.writerow(FINDING_COLUMNS)
        for i, res in enumerate(iter_parse(todo, workers), start=1):
            line: dict[str, Any] = {"source": res.source, "sha256": res.sha256}
            if res.error is not None:
                errors += 1
                line["error"] = res.error
            else:
                parsed += 1
                line["report"] = res.document
                line["diagnostics"] = res.diagnostics
                cells_w.writerows(res.cells)
                meta = res.document["meta"] if res.document else {}
                frows = [
                    [res.source, meta.get("agency") or "", meta.get("year") or ""] + [f[k] for k in FINDING_COLUMNS[3:]]
                    for f in res.findings
                ]
                findings_w.writerows(frows)
                n_findings += len(frows)
                if pq is not None:
                    pq.add("cells", res.cells)
                    pq.add("findings", frows)
            reports.write(json.dumps(line, ensure_ascii=False) + "\n")
            if res.sha256:
                done_f.write(f"{res.sha256}\t{res.source}\n")
            bar.update(i, errors)
    if pq is not None:
        pq.close()
    bar.close()
    summary = BatchSummary(len(files), parsed, errors, skipped, n_findings, time.perf_counter() - t0)
    (out / "summary.json").write_text(json.dumps(attrs.asdict(summary), indent=2) + "\n", encoding="utf-8")
    return summary


def to_dataframe(outdir: str | os.PathLike[str], table: str = "cells") -> Any:
    """A batch output table (``cells`` or ``findings``) as a pandas DataFrame (the ``[pandas]`` extra)."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - depends on the environment
        from .exceptions import UnsupportedFormatError

        raise UnsupportedFormatError("to_dataframe needs pandas: pip install 'govdisclosure[pandas]'") from None
    if table not in ("cells", "findings"):
        raise ValueError("table must be 'cells' or 'findings'")
    path = Path(outdir) / f"{table}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["year"] = pd.to_numeric(frame["year"], errors="coerce").astype("Int64")
    if table == "cells":
        frame["value"] = pd.to_numeric(frame["value"], errors="coerce")
        frame["inferred"] = frame["inferred"] == "True"
    return frame
