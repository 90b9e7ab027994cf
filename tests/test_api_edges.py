"""The API's edges, as an embedder meets them: one path given as a str, optional extras
missing, one schema id everywhere, the package's own errors, what ``dir()`` shows."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import govdisclosure as gd
from govdisclosure.examples import sample_path
from govdisclosure.testing import make_report

FIX = Path(__file__).parent / "fixtures"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "reports"
    root.mkdir()
    for name in ("pipe-2019.txt", "markdown-2021.txt"):
        shutil.copy(FIX / name, root / name)
    return root


# --- one path given as a str or PathLike ----------------------------------------------------
@pytest.mark.parametrize("as_str", [True, False])
def test_run_batch_takes_one_folder_as_one_path(folder: Path, tmp_path: Path, as_str: bool) -> None:
    out = tmp_path / "out"
    given: str | os.PathLike[str] = str(folder) if as_str else folder
    summary = gd.run_batch(given, out, workers=0)
    # Two files, not one error row per character of the path.
    assert (summary.files, summary.parsed, summary.errors) == (2, 2, 0)
    sources = [json.loads(line)["source"] for line in (out / "reports.jsonl").read_text("utf-8").splitlines()]
    assert sorted(Path(s).name for s in sources) == ["markdown-2021.txt", "pipe-2019.txt"]


def test_run_batch_takes_one_file_as_one_path(folder: Path, tmp_path: Path) -> None:
    summary = gd.run_batch(str(folder / "pipe-2019.txt"), tmp_path / "out", workers=0)
    assert (summary.files, summary.parsed) == (1, 1)


@pytest.mark.parametrize("as_str", [True, False])
def test_iter_parse_takes_one_path(folder: Path, as_str: bool) -> None:
    given: str | os.PathLike[str] = str(folder) if as_str else folder
    results = list(gd.iter_parse(given, workers=0))
    assert [Path(r.source).name for r in results] == ["markdown-2021.txt", "pipe-2019.txt"]
    assert all(r.error is None for r in results)
    one = list(gd.iter_parse(str(folder / "pipe-2019.txt"), workers=0))
    assert len(one) == 1
    assert one[0].error is None
    assert one[0].document is not None
    assert one[0].document["meta"]["year"] == 2020  # its title: 示例县石桥镇人民政府2020年…年度报告


@pytest.mark.parametrize("bad", [b"reports", 42, [b"reports"], [None]])
def test_paths_of_another_type_are_refused_before_any_work(bad: object, tmp_path: Path) -> None:
    with pytest.raises(gd.InputTypeError, match="paths"):
        gd.run_batch(bad, tmp_path / "out", workers=0)  # type: ignore[arg-type]
    assert not (tmp_path / "out").exists()
    with pytest.raises(gd.InputTypeError, match="paths"):
        list(gd.iter_parse(bad, workers=0))  # type: ignore[arg-type]


def test_mypy_rejects_bytes_as_paths(tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    script = tmp_path / "wrong.py"
    script.write_text(
        "import govdisclosure as gd\n"
        "gd.run_batch(b'reports', 'out')\n"
        "gd.iter_parse(b'reports')\n"
        "gd.run_batch('reports', 'out')\n"  # one path: accepted
        "gd.iter_parse(['a.txt', 'b.txt'])\n",
        encoding="utf-8",
    )
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull, str(script)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    errors = [line for line in out.stdout.splitlines() if ": error:" in line]
    assert [int(e.split(":")[1]) for e in errors] == [2, 3], out.stdout


# --- optional extras --------------------------------------------------------------------------
def _without(monkeypatch: pytest.MonkeyPatch, *modules: str) -> None:
    """Make ``modules`` look uninstalled (an import of them raises ImportError)."""
    for m in modules:
        for loaded in [k for k in sys.modules if k == m or k.startswith(m + ".")]:
            monkeypatch.delitem(sys.modules, loaded)
        monkeypatch.setitem(sys.modules, m, None)


def test_parquet_without_pyarrow_fails_before_any_work(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _without(monkeypatch, "pyarrow")
    out = tmp_path / "out"
    with pytest.raises(gd.MissingExtraError) as caught:
        gd.run_batch(folder, out, workers=0, parquet=True)
    assert isinstance(caught.value, ImportError)
    assert not isinstance(caught.value, gd.ParseError)
    assert caught.value.extra == "parquet"
    assert "pip install 'govdisclosure[parquet]'" in str(caught.value)
    assert not out.exists()  # nothing made, nothing left behind


def test_a_folder_with_parquet_outputs_needs_pyarrow_up_front(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "cells.parquet").write_bytes(b"PAR1")  # an earlier run wrote Parquet: this one keeps it up to date
    _without(monkeypatch, "pyarrow")
    with pytest.raises(gd.MissingExtraError, match=r"govdisclosure\[parquet\]"):
        gd.run_batch(folder, out, workers=0)
    assert sorted(p.name for p in out.iterdir()) == ["cells.parquet"]


def test_to_dataframe_without_pandas_is_not_a_parse_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _without(monkeypatch, "pandas")
    with pytest.raises(ImportError) as caught:
        gd.to_dataframe(tmp_path)
    assert isinstance(caught.value, gd.MissingExtraError)
    assert caught.value.extra == "pandas"
    assert not isinstance(caught.value, gd.ParseError)  # `except gd.ParseError` does not swallow it
    assert isinstance(caught.value, gd.GovDisclosureError)


def test_to_dask_without_dask_is_a_missing_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _without(monkeypatch, "dask")
    with pytest.raises(gd.MissingExtraError, match=r"govdisclosure\[dask\]") as caught:
        gd.to_dask(tmp_path)
    assert caught.value.extra == "dask"
    assert not isinstance(caught.value, gd.ParseError)


def test_render_docx_without_python_docx_is_a_missing_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    _without(monkeypatch, "docx")
    with pytest.raises(gd.MissingExtraError, match=r"govdisclosure\[docx\]"):
        gd.render(make_report("2021", seed=1), "docx")


def test_a_missing_extra_pickles() -> None:
    import pickle

    err = gd.MissingExtraError("to_dataframe", "pandas", "pandas")
    back = pickle.loads(pickle.dumps(err))
    assert (back.extra, back.module, str(back)) == ("pandas", "pandas", str(err))


# --- one schema id -----------------------------------------------------------------------------
def test_one_schema_id_in_every_output(tmp_path: Path) -> None:
    gd.run_batch([sample_path("2019"), sample_path("2021")], tmp_path / "out", workers=0)
    batch_ids = {
        json.loads(line)["report"]["$schema"]
        for line in (tmp_path / "out" / "reports.jsonl").read_text("utf-8").splitlines()
    }
    assert batch_ids == {"urn:govdisclosure:schema:report-2019:1", "urn:govdisclosure:schema:report-2021:1"}
    for edition in ("2019", "2021"):
        report = gd.parse(sample_path(edition)).report
        assert gd.to_dict(report)["$schema"] == gd.build_schema(edition)["$id"]
        assert gd.to_dict(report)["$schema"] in batch_ids
        (result,) = gd.iter_parse([sample_path(edition)], workers=0)
        assert result.document is not None
        assert result.document["$schema"] == gd.build_schema(edition)["$id"]


# --- the package's own errors, hashability, dir() ------------------------------------------------
def test_render_with_an_unknown_format_raises_our_error() -> None:
    with pytest.raises(gd.InputValueError, match="pdf") as caught:
        gd.render(make_report("2021", seed=1), "pdf")  # type: ignore[call-overload]
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, gd.GovDisclosureError)


def test_to_dataframe_with_an_unknown_table_raises_our_error(tmp_path: Path) -> None:
    pytest.importorskip("pandas")
    with pytest.raises(gd.InputValueError, match="rows"):
        gd.to_dataframe(tmp_path, "rows")  # type: ignore[arg-type]


def test_parsed_is_hashable() -> None:
    a = gd.parse(sample_path("2021"))
    b = gd.parse(sample_path("2021"))
    c = gd.parse(sample_path("2019"))
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b, c}) == 2
    assert {a: "x"}[b] == "x"


def test_dir_shows_only_the_api() -> None:
    assert dir(gd) == sorted(gd.__all__)
    for machinery in ("sys", "types", "TYPE_CHECKING", "annotations", "_LAZY", "_Package"):
        assert machinery not in dir(gd)
