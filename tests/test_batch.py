"""Batch runs: outputs, isolation of bad files, the ledger, resuming, faults, Parquet and pandas."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import govdisclosure as gd
from govdisclosure import _batch
from govdisclosure._batch import _outputs, _run, _tables
from govdisclosure._ledger import OutdirLock
from govdisclosure.cli import main
from govdisclosure.serialize import validate_document

FIX = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
# Cells per report by spec/cells.md: 2019 = 22 (table 二) + 26 rows x 7 (table 三, both forms of （六）) + 15;
# 2021 = 10 + 182 + 15.
N2019, N2021 = 219, 207


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    root.mkdir()
    for name in ("pipe-2019.txt", "markdown-2021.txt", "crawler-2019.txt", "pipe-2019.gb18030.txt"):
        shutil.copy(FIX / name, root / name)
    (root / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    (root / "empty.txt").write_bytes(b"")
    (root / "README.md").write_text("# notes, not a report", encoding="utf-8")
    return root


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _lines(out: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()]


def _sources(rows: list[dict[str, str]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in rows:
        counts[Path(r["source"]).name] = counts.get(Path(r["source"]).name, 0) + 1
    return counts


@pytest.mark.parametrize("workers", [0, 2])
def test_batch_outputs(corpus: Path, tmp_path: Path, workers: int) -> None:
    out = tmp_path / f"out{workers}"
    summary = gd.run_batch([corpus], out, workers=workers, parquet=True)
    assert (summary.files, summary.parsed, summary.errors) == (6, 4, 2)
    lines = _lines(out)
    assert len(lines) == 6
    errors = {Path(x["source"]).name: x["error"] for x in lines if "error" in x}
    assert set(errors) == {"broken.pdf", "empty.txt"}
    for x in lines:
        if "report" in x:
            validate_document(x["report"])  # the batch skips jsonschema: the documents are valid by construction
    cells = _rows(out / "cells.csv")
    # three 2019 reports, one 2021, and one row for each file that could not be read
    assert _sources(cells) == {
        "pipe-2019.txt": N2019,
        "pipe-2019.gb18030.txt": N2019,
        "crawler-2019.txt": N2019,
        "markdown-2021.txt": N2021,
        "broken.pdf": 1,
        "empty.txt": 1,
    }
    row = next(r for r in cells if r["source"].endswith("pipe-2019.txt") and r["cell"] == "active.licensing.change")
    assert (row["value"], row["agency"], row["year"], row["edition"]) == ("-3", "示例县石桥镇人民政府", "2020", "2019")
    assert row["label"] == "第二十条第（五）项 / 行政许可 / 本年增/减"
    assert row["provenance"].startswith("line ")
    assert row["error"] == ""
    money = next(r for r in cells if r["source"].endswith("markdown-2021.txt") and r["cell"] == "active.fees.amount")
    assert (money["value"], money["amount"], money["unit"]) == ("", "12.75", "万元")
    bad = next(r for r in cells if r["source"].endswith("empty.txt"))
    assert bad["cell"] == ""
    assert "empty" in bad["error"]
    findings = _rows(out / "findings.csv")
    inferred = [r for r in findings if r["rule"] == "I3" and r["severity"] == "notice"]  # the crawler's split
    assert inferred
    ids = inferred[0]["cells"].split("; ")
    labels = inferred[0]["labels"].split("; ")
    assert len(ids) == len(labels)
    assert all(labels)
    frame = gd.to_dataframe(out)
    assert frame.shape[0] == len(cells)
    import pyarrow.parquet as pq

    assert pq.read_table(out / "cells.parquet").num_rows == len(cells)
    assert pq.read_table(out / "findings.parquet").num_rows == len(findings)


def test_outputs_are_typed_and_open_in_excel_and_pandas(corpus: Path, tmp_path: Path) -> None:
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = tmp_path / "out"
    gd.run_batch([corpus], out, workers=0, parquet=True)
    for name in ("cells.csv", "findings.csv"):
        assert (out / name).read_bytes().startswith(b"\xef\xbb\xbfsource,")  # UTF-8 BOM: Excel's cue
    plain = pd.read_csv(out / "cells.csv")  # pandas with no options: the BOM is not in the first column's name
    assert list(plain.columns) == _batch.CELL_COLUMNS
    assert "第二十条第（五）项 / 行政许可 / 本年增/减" in set(plain["label"])
    schema = pq.read_schema(out / "cells.parquet")
    assert schema.field("year").type == pa.int64()
    assert schema.field("value").type == pa.int64()
    assert schema.field("amount").type == pa.decimal128(38, 6)
    assert schema.field("inferred").type == pa.bool_()
    table = pq.read_table(out / "cells.parquet").to_pylist()
    money = next(r for r in table if r["source"].endswith("markdown-2021.txt") and r["cell"] == "active.fees.amount")
    assert (money["value"], money["amount"], money["unit"]) == (None, Decimal("12.75"), "万元")
    change = next(r for r in table if r["source"].endswith("pipe-2019.txt") and r["cell"] == "active.licensing.change")
    assert (change["value"], change["year"], change["inferred"]) == (-3, 2020, False)
    fschema = pq.read_schema(out / "findings.parquet")
    assert fschema.field("difference").type == pa.int64()
    frame = gd.to_dataframe(out)
    assert str(frame["value"].dtype) == "Int64"
    assert str(frame["inferred"].dtype) == "boolean"
    assert frame.loc[(frame.cell == "active.fees.amount") & frame.source.str.endswith("markdown-2021.txt")][
        "amount"
    ].iloc[0] == Decimal("12.75")


def test_duckdb_reads_the_csv_unchanged(corpus: Path, tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    out = tmp_path / "out"
    gd.run_batch([corpus], out, workers=0)
    rel = duckdb.sql(f"SELECT * FROM read_csv_auto('{out / 'cells.csv'}')")
    assert rel.columns == _batch.CELL_COLUMNS
    got = duckdb.sql(
        f"SELECT value FROM read_csv_auto('{out / 'cells.csv'}') "
        "WHERE cell = 'active.licensing.change' AND source LIKE '%/pipe-2019.txt'"
    ).fetchall()
    assert got == [(-3,)]


def test_resume_is_keyed_by_path_and_content(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = gd.run_batch([corpus], out, workers=0)
    assert (first.skipped, first.errors) == (0, 2)
    shutil.copy(FIX / "tab-rows-2021.txt", corpus / "new.txt")
    shutil.copy(FIX / "pipe-2019.txt", corpus / "same-as-pipe.txt")  # identical content, another path: its own row
    second = gd.run_batch([corpus], out, workers=2)
    # ok files skipped; the two that failed are retried (and fail again)
    assert (second.skipped, second.parsed, second.errors) == (4, 2, 2)
    counts = _sources(_rows(out / "cells.csv"))
    assert counts["new.txt"] == N2021
    assert counts["same-as-pipe.txt"] == N2019
    assert counts["pipe-2019.txt"] == N2019
    # an edited file: its rows replaced, not doubled
    (corpus / "pipe-2019.txt").write_bytes((FIX / "tab-rows-2021.txt").read_bytes())
    third = gd.run_batch([corpus], out, workers=0, keep_failed=True)
    assert (third.parsed, third.skipped, third.errors) == (1, 7, 2)  # the failed ones kept as they are
    cells = _rows(out / "cells.csv")
    assert _sources(cells)["pipe-2019.txt"] == N2021
    assert [Path(x["source"]).name for x in _lines(out)].count("pipe-2019.txt") == 1
    restarted = gd.run_batch([corpus], out, workers=0, resume=False)
    assert restarted.skipped == 0
    assert len(_lines(out)) == 8


@pytest.mark.parametrize("mode", ["in order", "given up", "refused"])
def test_outputs_written_during_a_run_equal_those_written_from_the_ledger(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    # Into an empty ledger, the outputs are written as results come in (in the ledger's order),
    # unless too many come out of order ("given up": at the first result) or the ledger's
    # order is not the one written ("refused": after some bytes were left in a buffer, which
    # must never reach the outputs). Each way, byte for byte what is written from the ledger.
    for i in range(12):
        shutil.copy(FIX / ("pipe-2019.txt" if i % 2 else "tab-rows-2021.txt"), corpus / f"z{i:02d}.txt")
    init = _outputs._InOrder.__init__
    limit = -1 if mode == "given up" else 1024
    monkeypatch.setattr(_outputs._InOrder, "__init__", lambda self, out, total: init(self, out, total, limit))
    if mode == "refused":

        def refuse(self: Any, ledger: Any, keys: list[str]) -> bool:
            self.outputs.tables["cells"].write("left in a buffer\r\n")
            return False

        monkeypatch.setattr(_outputs._InOrder, "complete", refuse)
    exported: list[bool] = []
    export = _run._export
    monkeypatch.setattr(_run, "_export", lambda *a: (exported.append(True), export(*a))[1])
    during = tmp_path / "during"
    gd.run_batch([corpus], during, workers=2)
    assert exported == ([] if mode == "in order" else [True])
    from_ledger = tmp_path / "from-ledger"
    shutil.copytree(during, from_ledger)
    for name in ("reports.jsonl", "cells.csv", "findings.csv"):
        (from_ledger / name).unlink()
    again = gd.run_batch([corpus], from_ledger, workers=0)  # everything skipped: written from the ledger
    assert again.skipped == 18 - 2  # the two error rows are retried
    assert exported[-1:] == [True]
    for name in ("reports.jsonl", "cells.csv", "findings.csv"):
        assert (during / name).read_bytes() == (from_ledger / name).read_bytes(), name


def test_a_failed_file_is_retried_on_resume(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    gd.run_batch([corpus], out, workers=0)
    shutil.copy(FIX / "tab-rows-2021.txt", corpus / "empty.txt")  # mended
    again = gd.run_batch([corpus], out, workers=0)
    assert (again.parsed, again.errors) == (1, 1)
    assert _sources(_rows(out / "cells.csv"))["empty.txt"] == N2021


def test_iter_parse_keeps_input_order() -> None:
    names = ["pipe-2019.txt", "tab-rows-2021.txt", "crawler-2019.txt"]
    results = list(gd.iter_parse([FIX / n for n in names], workers=2))
    assert [Path(r.source).name for r in results] == names
    assert [r.document["meta"]["year"] for r in results if r.document] == [2020, 2023, 2020]


def test_cli_batch_quiet_when_not_a_terminal(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (corpus / "broken.pdf").unlink()
    (corpus / "empty.txt").unlink()
    assert main(["batch", str(corpus), "-o", str(tmp_path / "o"), "--workers", "2"]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1  # the summary line only: no progress bar off a terminal
    assert err.startswith("batch: 4 file(s): 4 parsed, 0 error(s)")


def test_cli_batch_exit_codes(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["batch", str(corpus), "-o", str(tmp_path / "o"), "--workers", "0"]) == 1  # two files failed
    assert "2 error(s)" in capsys.readouterr().err
    a_file = tmp_path / "taken.csv"
    a_file.write_text("x", encoding="utf-8")
    assert main(["batch", str(corpus), "-o", str(a_file)]) == 2
    assert "is a file" in capsys.readouterr().err
    assert main(["batch", "--help"]) == 0
    help_text = capsys.readouterr().out
    assert "exit codes" in help_text
    assert "--timeout" in help_text
    assert "default 120" in help_text


def test_a_second_run_into_the_same_folder_is_refused(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    held = OutdirLock(out)
    held.acquire()
    try:
        with pytest.raises(gd.BatchLockedError, match="another batch run"):
            gd.run_batch([corpus], out, workers=0)
        assert main(["batch", str(corpus), "-o", str(out)]) == 2
        assert "another batch run" in capsys.readouterr().err
    finally:
        held.release()
    assert gd.run_batch([corpus], out, workers=0).parsed == 4  # free again


def test_a_huge_count_is_one_error_row_not_the_end_of_the_batch(corpus: Path, tmp_path: Path) -> None:
    text = (FIX / "tab-rows-2021.txt").read_text(encoding="utf-8")
    assert "行政处罚\t38" in text
    (corpus / "huge.txt").write_text(text.replace("行政处罚\t38", "行政处罚\t" + "9" * 5000), encoding="utf-8")
    out = tmp_path / "out"
    summary = gd.run_batch([corpus], out, workers=2)
    # A count past any plausible size is no number: the cell is null, a diagnostic names it,
    # and the file is a report row like the others (the batch goes on).
    assert (summary.parsed, summary.errors) == (5, 2)
    row = next(x for x in _lines(out) if x["source"].endswith("huge.txt"))
    assert "error" not in row or row["error"] is None
    assert row["report"]["active"]["penalty"]["decisions"] is None
    assert gd.run_batch([corpus], out, workers=2).errors == 2  # a resume goes past it too


def test_fifos_and_unlisted_folders_are_error_rows(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.mkfifo(corpus / "pipe.txt")  # reading it would block forever
    locked = corpus / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)  # root can read any folder: refuse this one here
    out = tmp_path / "out"
    summary = gd.run_batch([corpus], out, workers=0)
    errors = {Path(x["source"]).name: x["error"] for x in _lines(out) if "error" in x}
    assert "regular file" in errors["pipe.txt"]
    assert errors["locked"] == "cannot list the folder: Permission denied"
    assert summary.errors == 4
    assert "pipe.txt" not in {p.name for p in _batch.collect_paths([corpus])}  # check --series never opens it


def _faulty_read(path: str, max_bytes: int) -> Any:
    name = Path(path).name
    if name.startswith("die"):
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's OOM killer does
    if name.startswith("hang"):
        time.sleep(60)
    if name.startswith("stuck"):  # deaf to the alarm, as a long call in C code is
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(60)
    if name.startswith("hog"):
        hog = bytearray(4 << 30)
        return hog
    return _real_read(path, max_bytes)


_real_read = _run._read


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the faults are injected into forked workers")
def test_dead_and_hung_workers_cost_one_row_each(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_run, "_read", _faulty_read)
    for name in ("die-1.txt", "hang-1.txt", "stuck-1.txt", "hog-1.txt"):
        shutil.copy(FIX / "pipe-2019.txt", corpus / name)
    out = tmp_path / "out"
    summary = gd.run_batch([corpus], out, workers=2, timeout=1, max_memory=512)
    errors = {Path(x["source"]).name: x["error"] for x in _lines(out) if "error" in x}
    assert errors["die-1.txt"].startswith("worker died: out of memory?")
    assert errors["hang-1.txt"] == "took longer than the time limit of 1 s; stopped"
    assert errors["stuck-1.txt"] == "took longer than the time limit of 1 s; its worker was stopped"
    assert errors["hog-1.txt"].startswith("out of memory")
    assert (summary.parsed, summary.errors) == (4, 6)  # every other file parsed
    assert len(_lines(out)) == 10


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared corpus is not beside the project")
def test_batch_over_the_real_corpus(tmp_path: Path) -> None:
    summary = gd.run_batch([SHARED], tmp_path, workers=2)
    cases = sorted(p.parent.name for p in SHARED.glob("*/source.*"))
    assert summary.files == len(cases)
    lines = _lines(tmp_path)
    assert sorted(Path(x["source"]).parent.name for x in lines) == cases
    for x in lines:
        validate_document(x["report"])


def test_scans_and_doc_in_a_folder_without_their_extras_are_error_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Page images and .doc/.wps under a folder are listed; without the [ocr] extra or LibreOffice each is
    an error row that says what to install, never a file skipped."""
    import sys

    from govdisclosure.parse.readers import _doc as _read_doc

    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)  # the [ocr] extra absent
    monkeypatch.setattr(_read_doc, "soffice", lambda: None)  # LibreOffice absent
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(FIX / "tab-rows-2021.txt", folder / "a.txt")
    heads = {
        "b.png": b"\x89PNG\r\n\x1a\n",
        "c.jpg": b"\xff\xd8\xff\xe0",
        "d.JPEG": b"\xff\xd8\xff\xe0",
        "e.tif": b"II*\x00",
        "f.tiff": b"MM\x00*",
        "g.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "h.wps": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    }
    for name, head in heads.items():
        (folder / name).write_bytes(head + b"\x00" * 64)
    (folder / "notes.csv").write_text("not a report\n", encoding="utf-8")
    assert [p.name for p in _batch.collect_paths([folder])] == ["a.txt", *heads]
    summary = gd.run_batch([folder], tmp_path / "out", workers=0)
    assert (summary.files, summary.parsed, summary.errors) == (8, 1, 7)
    errors = {Path(x["source"]).name: x["error"] for x in _lines(tmp_path / "out") if "error" in x}
    assert set(errors) == set(heads)
    for name, error in errors.items():
        expected = "LibreOffice" if name.endswith((".doc", ".wps")) else "pip install 'govdisclosure[ocr]'"
        assert expected in error, (name, error)


@given(st.text(alphabet=st.sampled_from('ab,"\r\n |年页'), max_size=30))
def test_a_field_written_by_hand_is_what_csv_writes(text: str) -> None:
    # the worker formats a cell's CSV line itself (the location may hold commas, a unit anything)
    written = _tables._line_writer()(["x", text, "y"])
    assert written == f"x,{_tables._csv_field(text)},y\r\n"
