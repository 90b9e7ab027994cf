"""The analyst's outputs: Parquet read back by pandas, DuckDB and Polars with the right types
and no options; summary.json describing the dataset in the folder and the run apart."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

import govdisclosure as gd
from govdisclosure.examples import sample_path

pytest.importorskip("pyarrow")
FIX = Path(__file__).parent / "fixtures"


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("markdown-2021.txt", "pipe-2019.txt", "fragment-2021.html"):
        shutil.copy(FIX / name, folder / name)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    # the sample with （七）总计 / 自然人 printed 16 where its rows add up to 10: findings
    sample = sample_path("2021").read_text(encoding="utf-8")
    wrong = sample.replace("| | （七）总计 | 10 | 2 |", "| | （七）总计 | 16 | 2 |")
    assert wrong != sample
    (folder / "wrong-total.txt").write_text(wrong, encoding="utf-8")
    out = tmp_path / "out"
    gd.run_batch(folder, out, workers=0, parquet=True)
    return out


def _fees(rows: list[dict[str, object]]) -> dict[str, object]:
    return next(r for r in rows if str(r["source"]).endswith("markdown-2021.txt") and r["cell"] == "active.fees.amount")


def test_pandas_reads_nullable_ints_and_decimals_without_options(dataset: Path) -> None:
    pd = pytest.importorskip("pandas")
    cells = pd.read_parquet(dataset / "cells.parquet")
    for column in ("year", "value"):
        assert str(cells[column].dtype) == "Int64", column  # not float64: years print 2019, not 2019.0
    assert str(cells["inferred"].dtype) == "boolean"
    fees = cells[(cells.cell == "active.fees.amount") & cells.source.str.endswith("markdown-2021.txt")].iloc[0]
    assert fees["amount"] == Decimal("12.75")  # markdown-2021.txt line 31: | 行政事业性收费 | 12.75 |
    assert fees["unit"] == "万元"
    assert fees["value"] is pd.NA
    assert str(cells.loc[cells.source.str.endswith("pipe-2019.txt"), "year"].iloc[0]) == "2020"  # its title's year
    broken = cells[cells.source.str.endswith("broken.pdf")]
    assert len(broken) == 1
    assert broken["year"].isna().all()
    assert broken["error"].iloc[0]
    findings = pd.read_parquet(dataset / "findings.parquet")
    for column in ("year", "expected", "actual", "difference"):
        assert str(findings[column].dtype) == "Int64", column
    assert all(isinstance(list(c), list) for c in findings["cells"])
    # the same rows as the CSV, read by to_dataframe
    frame = gd.to_dataframe(dataset)
    assert len(frame) == len(cells)
    assert list(frame["cell"].fillna("")) == list(cells["cell"].fillna(""))
    assert list(frame["value"]) == list(cells["value"])


def test_duckdb_reads_the_types(dataset: Path) -> None:
    duckdb = pytest.importorskip("duckdb")

    def types(name: str) -> dict[str, str]:
        return {r[0]: r[1] for r in duckdb.sql(f"DESCRIBE SELECT * FROM '{dataset / name}'").fetchall()}

    cells = types("cells.parquet")
    assert (cells["year"], cells["value"], cells["amount"]) == ("BIGINT", "BIGINT", "DECIMAL(38,6)")
    assert (cells["inferred"], cells["line"], cells["format"]) == ("BOOLEAN", "INTEGER", "VARCHAR")
    findings = types("findings.parquet")
    assert (findings["cells"], findings["labels"], findings["difference"]) == ("VARCHAR[]", "VARCHAR[]", "BIGINT")
    (amount, unit, line), *_ = duckdb.sql(
        f"SELECT amount, unit, line FROM '{dataset / 'cells.parquet'}' "
        "WHERE cell = 'active.fees.amount' AND source LIKE '%markdown-2021.txt'"
    ).fetchall()
    assert (amount, unit, line) == (Decimal("12.75"), "万元", 31)
    ((natural,),) = duckdb.sql(  # a list of cell ids, queried as one
        f"SELECT bool_or(list_contains(cells, 'requests.total.natural_person')) FROM '{dataset / 'findings.parquet'}' "
        "WHERE source LIKE '%wrong-total.txt'"
    ).fetchall()
    assert natural is True


def test_polars_reads_the_types(dataset: Path) -> None:
    pl = pytest.importorskip("polars")
    cells = pl.read_parquet(dataset / "cells.parquet")
    assert cells.schema["year"] == pl.Int64
    assert cells.schema["value"] == pl.Int64
    assert cells.schema["amount"] == pl.Decimal(38, 6)
    assert cells.schema["inferred"] == pl.Boolean
    assert cells.schema["line"] == pl.Int32
    fees = cells.filter((pl.col("cell") == "active.fees.amount") & pl.col("source").str.ends_with("markdown-2021.txt"))
    assert fees["amount"][0] == Decimal("12.75")
    findings = pl.read_parquet(dataset / "findings.parquet")
    assert findings.schema["cells"] == pl.List(pl.String)
    assert findings.schema["labels"] == pl.List(pl.String)
    assert findings.schema["difference"] == pl.Int64


def test_provenance_is_structured_beside_its_text(dataset: Path) -> None:
    import pyarrow.parquet as pq

    rows = pq.read_table(dataset / "cells.parquet").to_pylist()
    fees = _fees(rows)
    # markdown-2021.txt line 31, "| 行政事业性收费 | 12.75 |": the value starts at column 13
    assert (fees["format"], fees["line"], fees["column"]) == ("text", 31, 13)
    assert fees["provenance"] == "line 31:13"
    assert (fees["page"], fees["table"], fees["row"], fees["col"]) == (None, None, None, None)
    html = [r for r in rows if str(r["source"]).endswith("fragment-2021.html") and r["provenance"]]
    assert html
    assert all(r["format"] == "html" for r in html)
    for r in html:  # the numbers are those of the text (table, row, col 0-based, over the document)
        line = f"line {r['line']}, " if r["line"] is not None else ""
        assert r["provenance"] == f"{line}table {r['table']} row {r['row']} col {r['col']}"
        assert r["column"] is None


def test_findings_cells_and_labels_are_lists(dataset: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pq.read_schema(dataset / "findings.parquet")
    assert schema.field("cells").type == pa.list_(pa.string())
    assert schema.field("labels").type == pa.list_(pa.string())
    rows = pq.read_table(dataset / "findings.parquet").to_pylist()
    wrong = [r for r in rows if str(r["source"]).endswith("wrong-total.txt")]
    assert wrong
    for r in rows:
        assert isinstance(r["cells"], list)
        assert len(r["cells"]) == len(r["labels"])
        assert all(r["labels"])
    i2 = next(r for r in wrong if "requests.total.natural_person" in r["cells"])
    at = i2["cells"].index("requests.total.natural_person")
    assert i2["labels"][at] == "三、本年度办理结果 / （七）总计 / 自然人"


def test_summary_describes_the_dataset_and_the_run_apart(dataset: Path, tmp_path: Path) -> None:
    first = json.loads((dataset / "summary.json").read_text(encoding="utf-8"))
    assert first["dataset"]["files"] == 5
    assert first["dataset"]["errors"] == 1  # broken.pdf
    assert first["dataset"]["parsed"] == 4
    assert first["run"]["parsed"] == 4
    n_findings = sum(1 for _ in (dataset / "findings.csv").read_text(encoding="utf-8-sig").splitlines()) - 1
    assert first["dataset"]["findings"] == n_findings
    # a resume that has nothing to do: the run did nothing, the dataset is unchanged
    gd.run_batch(tmp_path / "in", dataset, workers=0, keep_failed=True)
    again = json.loads((dataset / "summary.json").read_text(encoding="utf-8"))
    assert again["dataset"] == first["dataset"]
    assert (again["run"]["parsed"], again["run"]["skipped"], again["run"]["findings"]) == (0, 5, 0)
