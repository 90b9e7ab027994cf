"""An embedder's first steps, from the built wheel alone (nox's ``wheel`` session runs it,
after ``mypy --strict`` on it): one folder given as one path, and an extra that is not
installed named before any work is done."""

from __future__ import annotations

import importlib.util
import shutil
import tempfile
from pathlib import Path

import govdisclosure as gd
from govdisclosure.examples import sample_path

with tempfile.TemporaryDirectory() as tmp:
    folder = Path(tmp, "reports")
    folder.mkdir()
    for edition in ("2019", "2021"):
        shutil.copy(sample_path(edition), folder / f"sample-{edition}.txt")

    # One folder, given as a str: two reports, not one error row per character of the path.
    summary = gd.run_batch(str(folder), Path(tmp, "out"), workers=0)
    assert (summary.files, summary.parsed, summary.errors) == (2, 2, 0), summary
    results = list(gd.iter_parse(str(folder), workers=0))
    assert [Path(r.source).name for r in results] == ["sample-2019.txt", "sample-2021.txt"], results
    assert all(r.error is None for r in results), results

    # Parquet without pyarrow: refused up front, naming the extra, nothing written.
    if importlib.util.find_spec("pyarrow") is None:
        refused: gd.MissingExtraError | None = None
        try:
            gd.run_batch(str(folder), Path(tmp, "parquet-out"), workers=0, parquet=True)
        except gd.MissingExtraError as exc:
            refused = exc
        assert isinstance(refused, ImportError), "run_batch(parquet=True) ran without pyarrow"
        assert refused.extra == "parquet", refused
        assert "pip install 'govdisclosure[parquet]'" in str(refused), refused
        assert not Path(tmp, "parquet-out").exists()
    # pandas missing is an ImportError, not a ParseError that `except gd.ParseError` would swallow.
    if importlib.util.find_spec("pandas") is None:
        missing: ImportError | None = None
        try:
            gd.to_dataframe(Path(tmp, "out"))
        except gd.ParseError:
            raise AssertionError("a missing extra must not be a ParseError") from None
        except ImportError as exc:
            missing = exc
        assert isinstance(missing, gd.MissingExtraError), "to_dataframe ran without pandas"
        assert missing.extra == "pandas", missing

print("embedder: ok")
