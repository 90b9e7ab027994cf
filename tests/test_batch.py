"""Batch runs: outputs, isolation of bad files, resuming, Parquet and pandas."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

import govdisclosure as gd
from govdisclosure.cli import main
from govdisclosure.serialize import validate_document

FIX = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
# Cells per report by spec/cells.md: 2019 = 22 (table 二) + 26 rows x 7 (table 三, both forms of （六）) + 15;
# 2021 = 10 + 182 + 15.
C2019, C2021 = 219, 207


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
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("workers", [1, 2])
def test_batch_outputs(corpus: Path, tmp_path: Path, workers: int) -> None:
    out = tmp_path / f"out{workers}"
    summary = gd.run_batch([corpus], out, workers=workers, parquet=True)
    assert (summary.files, summary.parsed, summary.errors) == (6, 4, 2)
    lines = [json.loads(x) for x in (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 6
    errors = {Path(x["source"]).name: x["error"] for x in lines if "error" in x}
    assert set(errors) == {"broken.pdf", "empty.txt"}
    for x in lines:
        if "report" in x:
            validate_document(x["report"])
    cells = _rows(out / "cells.csv")
    assert len(cells) == 3 * C2019 + C2021  # three 2019 reports, one 2021
    row = next(r for r in cells if r["source"].endswith("pipe-2019.txt") and r["cell"] == "active.licensing.change")
    assert (row["value"], row["agency"], row["year"], row["edition"]) == ("-3", "示例县石桥镇人民政府", "2020", "2019")
    assert row["label"] == "第二十条第（五）项 / 行政许可 / 本年增/减"
    assert row["provenance"].startswith("line ")
    money = next(r for r in cells if r["source"].endswith("markdown-2021.txt") and r["cell"] == "active.fees.amount")
    assert (money["value"], money["unit"]) == ("12.75", "万元")
    findings = _rows(out / "findings.csv")
    assert any(r["rule"] == "I3" and r["severity"] == "notice" for r in findings)  # the crawler's inferred split
    frame = gd.to_dataframe(out)
    assert frame.shape[0] == len(cells)
    import pyarrow.parquet as pq

    assert pq.read_table(out / "cells.parquet").num_rows == len(cells)
    assert pq.read_table(out / "findings.parquet").num_rows == len(findings)


def test_batch_resumes(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = gd.run_batch([corpus], out, workers=1)
    assert first.skipped == 0
    shutil.copy(FIX / "tab-rows-2021.txt", corpus / "new.txt")
    second = gd.run_batch([corpus], out, workers=2)
    assert (second.skipped, second.parsed) == (6, 1)  # done by content hash, unreadable ones too
    assert second.errors == 0
    assert len(_rows(out / "cells.csv")) == 3 * C2019 + 2 * C2021
    restarted = gd.run_batch([corpus], out, workers=1, resume=False)
    assert restarted.skipped == 0
    assert len(_rows(out / "cells.csv")) == 3 * C2019 + 2 * C2021


def test_iter_parse_keeps_input_order() -> None:
    names = ["pipe-2019.txt", "tab-rows-2021.txt", "crawler-2019.txt"]
    results = list(gd.iter_parse([FIX / n for n in names], workers=2))
    assert [Path(r.source).name for r in results] == names
    assert [r.document["meta"]["year"] for r in results if r.document] == [2020, 2023, 2020]


def test_cli_batch_quiet_when_not_a_terminal(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["batch", str(corpus), "-o", str(tmp_path / "o"), "--workers", "2"]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1  # the summary line only: no progress bar off a terminal
    assert err.startswith("batch: 6 file(s): 4 parsed, 2 error(s)")


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared corpus is not beside the project")
def test_batch_over_the_real_corpus(tmp_path: Path) -> None:
    summary = gd.run_batch([SHARED], tmp_path, workers=2)
    cases = sorted(p.parent.name for p in SHARED.glob("*/source.*"))
    assert summary.files == len(cases)
    lines = [json.loads(x) for x in (tmp_path / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(Path(x["source"]).parent.name for x in lines) == cases
    for x in lines:
        validate_document(x["report"])
