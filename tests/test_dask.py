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
