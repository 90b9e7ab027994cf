"""The Dask partitions' Arrow tables, built from the values, equal the batch's CSV rows read back by Arrow.

Until issue 21's fourth pass a partition wrote its rows as the batch's CSV lines (``_cells_csv``,
``_findings_csv``) and read them back with Arrow's CSV reader; now it builds the columns from the
values directly. ``_csv_tables`` below is that former path, kept as the reference: on every fixture,
on files that cannot be read or parsed, and on random texts, both give equal tables (types, column
order, values, nulls). No cluster needed: the partition's function is called in this process.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow")
pacsv = pytest.importorskip("pyarrow.csv")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from govdisclosure import _dask  # noqa: E402
from govdisclosure._batch import _run  # noqa: E402
from govdisclosure._batch._tables import (  # noqa: E402
    CELL_COLUMNS,
    FINDING_COLUMNS,
    _cells_csv,
    _findings_csv,
    _line_writer,
    _xl,
)
from govdisclosure._walk import display  # noqa: E402
from govdisclosure.parse import ParseOptions  # noqa: E402

FIX = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _unxl_batch(batch: Any) -> Any:
    """A record batch of a CSV table with the Excel-safe apostrophe taken off its text columns (see _xl)."""
    import pyarrow.compute as pc

    columns = []
    for column in batch.columns:
        if pa.types.is_string(column.type):
            quoted = pc.match_substring_regex(column, "^'[=+\\-@\t\r']")
            column = pc.if_else(quoted, pc.utf8_slice_codeunits(column, 1), column)
        columns.append(column)
    return pa.RecordBatch.from_arrays(columns, schema=batch.schema)


def _csv_table(text: str, table: str) -> Any:
    """The former path: a table's CSV text (header first) read by Arrow's CSV reader with the table's types."""
    read = pacsv.read_csv(
        io.BytesIO(text.encode("utf-8")),
        read_options=pacsv.ReadOptions(use_threads=False, block_size=max(1 << 20, 2 * len(text))),
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types=_dask._arrow_types(table),
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
            true_values=["True"],
            false_values=["False"],
        ),
    )
    return pa.Table.from_batches([_unxl_batch(b) for b in read.to_batches()], schema=read.schema)


def _csv_tables(sources: list[str]) -> tuple[Any, Any]:
    """(cells, findings) as the partitions made them before: the batch's CSV rows, read back."""
    line = _line_writer()
    cells = [line(CELL_COLUMNS)]
    findings = [line(FINDING_COLUMNS)]
    for source in sources:
        res = _run._process(source, ParseOptions(), document=False)  # not a batch's options left set
        shown = display(source)
        cells.append(_cells_csv(shown, res))
        if res.error is None and res.n_findings:
            findings.append(_findings_csv(shown, res))
    return _csv_table("".join(cells), "cells"), _csv_table("".join(findings), "findings")


def _assert_same(sources: list[str]) -> tuple[Any, Any]:
    got = _dask._partition(sources, None, None)
    want = _csv_tables(sources)
    for g, w in zip(got, want, strict=True):
        assert g.schema == w.schema
        for name in w.column_names:  # column by column: a difference names its column
            assert g.column(name).combine_chunks().equals(w.column(name).combine_chunks()), name
        assert g.equals(w)
    return got


def _fixtures() -> list[str]:
    return sorted(
        str(p) for p in FIX.rglob("*") if p.is_file() and p.suffix in (".txt", ".html", ".md") and p.name != "README.md"
    )


def test_partition_tables_equal_the_csv_path_on_the_fixtures() -> None:
    files = _fixtures()
    assert len(files) > 50
    cells, findings = _assert_same(files)
    assert cells.num_rows > 50 * 200
    assert findings.num_rows > 0
    assert cells.column("amount").null_count < cells.num_rows  # amounts read: the decimal column is exercised
    assert cells.column("provenance").null_count < cells.num_rows


def test_partition_tables_equal_the_csv_path_on_files_not_read(tmp_path: Path) -> None:
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.html").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "folder.txt").mkdir()
    shutil.copy(FIX / "pipe-2019.txt", tmp_path / "=formula,name\n.txt")  # Excel-safe and quoted in the CSV
    odd = os.fsencode(tmp_path) + b"/\xff\xfe-latin.txt"  # a name that is not UTF-8: escaped in `source`
    shutil.copy(FIX / "markdown-2021.txt", odd)
    sources = [str(p) for p in sorted(tmp_path.iterdir())] + [str(tmp_path / "missing.txt")]
    cells, _ = _assert_same(sources)
    errors = cells.filter(cells.column("error").is_valid())
    assert errors.num_rows == 5  # broken, empty, binary, folder, missing: one row each
    assert errors.column("sha256").null_count == 2  # the folder and the missing file were not read


def test_partition_tables_equal_the_csv_path_when_a_value_cannot_be_stored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = _run._int

    def refuse(where: str, value: Any) -> Any:  # a count the tables cannot hold, in table 三
        if where.startswith("cell requests.new.") and value is not None:
            raise _run._Unstorable(f"{where} holds a number of about 30 digits, past any plausible count; not stored")
        return real(where, value)

    monkeypatch.setattr(_run, "_int", refuse)
    monkeypatch.setattr(_dask, "_int", refuse)
    cells, _ = _assert_same([str(FIX / "pipe-2019.txt"), str(FIX / "markdown-2021.txt")])
    errors = cells.column("error").drop_null().to_pylist()
    assert len(errors) == 2
    assert all(e.startswith("cell requests.new.") and e.endswith("not stored") for e in errors)


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared corpus is not beside the project")
def test_partition_tables_equal_the_csv_path_on_the_corpus() -> None:
    files = [str(p) for p in sorted(SHARED.rglob("*")) if p.is_file() and p.suffix.lower() in (".txt", ".html")]
    _assert_same(files)


# No NUL: the parser never gives one (a report's text is cleaned of it when read; a batch over a file
# holding NULs writes its tables), and Python 3.10's csv writer, the reference path here, cannot write it.
_text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00"), max_size=12
) | st.sampled_from(
    ["", "'", "''", "'=1", "=1+2", "-3", "@a", "\t", "\r", "\r\n", "a\nb", 'x,"y"', "NA", "null", "True", " "]
)
_amount_text = st.decimals(min_value=-(10**12), max_value=10**12, places=6, allow_nan=False).map(
    lambda d: format(d, "f")
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            _text,
            st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1)),
            st.one_of(st.none(), _amount_text),
            _text,
            _text,
            st.booleans(),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_texts_numbers_and_blanks_read_as_the_csv_path_reads_them(
    rows: list[tuple[str, int | None, str | None, str, str, bool]],
) -> None:
    # Each row: agency, value, amount, unit, provenance, inferred. The CSV path writes them as the
    # batch writes cells.csv (Excel-safe texts, an amount's decimal text as it is, blank for None)
    # and reads them back; the direct path is given the values, a blank text as None, as the
    # partition gives them.
    line = _line_writer()
    text = line(CELL_COLUMNS)
    columns: dict[str, list[Any]] = {c: [] for c in CELL_COLUMNS}
    for agency, value, amount, unit, where, inferred in rows:
        row: list[Any] = ["a.txt", "ab", agency, 2021, "2021", None, None, None, "x.y", "标签"]
        row += [value, amount, unit, where, inferred, None]
        text += line(
            [_xl(v) if isinstance(v, str) and c != "amount" else v for c, v in zip(CELL_COLUMNS, row, strict=True)]
        )
        for c, v in zip(CELL_COLUMNS, row, strict=True):
            columns[c].append(v if v != "" else None)
    want = _csv_table(text, "cells")
    got = _dask._arrow_table(columns, "cells")
    assert got.equals(want), (got.to_pylist(), want.to_pylist())
