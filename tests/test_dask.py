"""The Dask integration: the batch's tables as Dask DataFrames, on a LocalCluster of two worker processes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import dask  # noqa: E402
import pandas as pd  # noqa: E402

import govdisclosure as gd  # noqa: E402

FIX = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture(scope="module")
def client() -> object:
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


def test_dask_tables_equal_the_batch_tables(client: object, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("pipe-2019.txt", "markdown-2021.txt", "crawler-2019.txt"):
        shutil.copy(FIX / name, folder / name)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    gd.run_batch([folder], tmp_path / "out", workers=0)
    cells, findings = gd.to_dask([folder], files_per_partition=2)
    assert cells.npartitions == 2
    got_cells, got_findings = dask.compute(cells, findings)
    want_cells = gd.to_dataframe(tmp_path / "out")
    want_findings = gd.to_dataframe(tmp_path / "out", "findings")
    assert list(got_cells.columns) == list(want_cells.columns)
    assert list(got_cells.dtypes) == list(want_cells.dtypes)
    assert list(got_findings.dtypes) == list(want_findings.dtypes)
    pd.testing.assert_frame_equal(_sorted(got_cells, ["source", "cell"]), _sorted(want_cells, ["source", "cell"]))
    pd.testing.assert_frame_equal(
        _sorted(got_findings, ["source", "fingerprint"]), _sorted(want_findings, ["source", "fingerprint"])
    )
    broken = got_cells[got_cells.source.str.endswith("broken.pdf")]
    assert len(broken) == 1
    assert broken.cell.isna().all()
    assert broken.error.notna().all()


def test_an_unreadable_url_is_an_error_row(client: object, tmp_path: Path) -> None:
    shutil.copy(FIX / "tab-rows-2021.txt", tmp_path / "r.txt")
    cells, _ = gd.to_dask([f"file://{tmp_path / 'r.txt'}", f"file://{tmp_path / 'missing.txt'}"])
    frame = cells.compute()
    by_source = frame.groupby("source").size().to_dict()
    assert by_source == {f"file://{tmp_path / 'r.txt'}": 207, f"file://{tmp_path / 'missing.txt'}": 1}
    missing = frame[frame.source.str.endswith("missing.txt")].iloc[0]
    assert missing.error.startswith("cannot read")
    received = frame[(frame.cell == "requests.new.total")].value.iloc[0]
    assert received == 27  # 一、本年新收 总计 in the fixture


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared corpus is not beside the project")
def test_dask_cells_equal_the_batch_cells_on_the_corpus(client: object, tmp_path: Path) -> None:
    gd.run_batch([SHARED], tmp_path, workers=2)
    cells, _ = gd.to_dask([SHARED], files_per_partition=8)
    got = _sorted(cells.compute(), ["source", "cell"])
    want = _sorted(gd.to_dataframe(tmp_path), ["source", "cell"])
    pd.testing.assert_frame_equal(got, want)


def test_default_partitions_come_from_the_workers(client: object, tmp_path: Path) -> None:
    # issue 22: with files_per_partition=64 by default, a small folder was one partition (one worker busy)
    for i in range(6):
        shutil.copy(FIX / "pipe-2019.txt", tmp_path / f"r{i}.txt")
    cells, findings = gd.to_dask([tmp_path])
    assert cells.npartitions == 6  # 2 workers x 4 partitions each wanted: one file each
    assert findings.npartitions == 6
    assert cells.compute().source.nunique() == 6


def test_files_per_partition_from_the_worker_count() -> None:
    from govdisclosure._dask import MAX_FILES_PER_PARTITION, _files_per_partition

    assert _files_per_partition(6, 2) == 1
    assert _files_per_partition(2000, 2) == 250  # 8 partitions: 4 per worker
    assert _files_per_partition(2000, 64) == 8
    assert _files_per_partition(10**6, 2) == MAX_FILES_PER_PARTITION
    assert _files_per_partition(0, 2) == 1


def test_arrow_tables_keep_text_as_text_and_none_as_null() -> None:
    pytest.importorskip("pyarrow")
    from govdisclosure._batch._tables import CELL_COLUMNS
    from govdisclosure._dask import _arrow_table, _frame

    cite = [None, None, None]  # published, signed, source_url after edition
    rows = [
        ["a.txt", None, "NA", 2021, "2021", *cite, "x.y", "标签", 12, None, None, 'line 1\nline "2"', True, None],
        ["b.txt", None, None, None, None, *cite, None, None, None, "3.5", "万元", None, False, "null"],
    ]
    frame = _frame(_arrow_table({c: [r[i] for r in rows] for i, c in enumerate(CELL_COLUMNS)}, "cells"))
    assert frame.agency.tolist()[0] == "NA"  # not a null marker
    assert frame.provenance.tolist()[0] == 'line 1\nline "2"'
    assert frame.value.tolist() == [12, pd.NA]
    assert str(frame.amount.tolist()[1]) == "3.500000"
    assert frame.inferred.tolist() == [True, False]
    assert frame.error.tolist() == [pd.NA, "null"]
    assert frame.agency.isna().tolist() == [False, True]
