"""The short passes CI runs of benchmarks/fuzz.py (a few mutated inputs per reader, no internal
error), of benchmarks/fuzz_binary.py (two text fixtures written as DOCX and PDF in the
layouts publishers use: no cell silently wrong or dropped, no identity error the text lacks) and
of benchmarks/fuzz_cut.py (fixtures cut inside their tables, as excerpts stop: the same).

The long runs (10^5 inputs per reader; the corpus' and the wild set's sources in every layout)
are the scripts' job, not CI's.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "fuzz.py"
BINARY = SCRIPT.with_name("fuzz_binary.py")


def _fuzz(script: Path = SCRIPT, name: str = "govdisclosure_fuzz") -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, script)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("reader", ["text", "html", "docx", "pdf", "json"])
def test_short_fuzz_pass(reader: str, tmp_path: Path) -> None:
    fuzz = _fuzz()
    stats = fuzz.fuzz(reader, 25, 7, None, tmp_path / "crashes", 60.0, 1, log=lambda _m: None)
    assert stats["inputs"] == 25
    crashes = sorted(p.name for p in (tmp_path / "crashes").glob("*.txt")) if (tmp_path / "crashes").exists() else []
    assert (stats["internal"], crashes) == (0, [])


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="POSIX: FIFOs, links, RLIMIT_FSIZE")
def test_short_os_fuzz_pass(tmp_path: Path) -> None:
    # names, links, FIFOs, permissions, planted links and damaged ledgers in OUTDIR, a full disk
    fuzz = _fuzz()
    stats = fuzz.fuzz_os(40, 7, tmp_path / "crashes", log=lambda _m: None)
    assert stats["inputs"] == 40
    assert (stats["internal"], stats["left_behind"]) == (0, 0)


# each a source whose layout the binary fuzzer once misread (separator-blanks: rows of '0 |'
# at the top of most pages were dropped as a running head)
BINARY_SHORT = {"docx": ("tab-rows-2021.txt",), "pdf": ("tab-rows-2021.txt", "separator-blanks-2019.txt")}


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_short_binary_layout_pass(kind: str) -> None:
    pytest.importorskip("docx" if kind == "docx" else "pypdfium2")
    pytest.importorskip("reportlab")
    fuzz = _fuzz(BINARY, "govdisclosure_fuzz_binary")
    srcs = [s for s in fuzz.sources([]) if s[0].rsplit("/", 1)[-1] in BINARY_SHORT[kind]]
    assert len(srcs) == len(BINARY_SHORT[kind])
    table = fuzz.run(srcs, [n for n in fuzz.VARIANTS if n.startswith(kind)], 1)
    _assert_none_bad(table)
    assert sum(row.counts["same"] for row in table.values()) > 500


def _assert_none_bad(table: dict[str, Any]) -> None:
    """No cell silently wrong or dropped, no identity error the unperturbed report lacks."""
    bad = {
        name: {k: row.counts[k] for k in ("wrong", "null-silent", "false-alarm") if row.counts[k]}
        for name, row in table.items()
    }
    assert {k: v for k, v in bad.items() if v} == {}, "\n".join(e for r in table.values() for e in r.examples)


LAYOUTS = SCRIPT.with_name("fuzz_layouts.py")
# fixtures whose layouts round three's perturbations once misread (or, for separator-blanks, the
# fuzzer itself: empty-rows dropped an opening bar that is a separator there, seed 3)
LAYOUT_SHORT = (
    "pipe-2019.txt",
    "markdown-2021.txt",
    "tab-rows-2021.txt",
    "separator-blanks-2019.txt",
    "label-variants-2021.txt",
    "tab-empty-cells-2019.txt",
    "unit-header-2019.txt",
    "rowspan-values-2021.html",
)


@pytest.mark.parametrize("seed", [1, 3])
def test_short_layout_pass_round_three(seed: int) -> None:
    # the perturbations round three added (a Word table pasted into a CMS one cell a paragraph,
    # side-by-side rows, thousands apart by '，' or a space, units in cells, shuffled or omitted
    # sub-rows, abbreviated labels, table 二 merged, 　 alignment, a label one character a line,
    # values merged down by rowspan) and their combinations, plus empty-rows: no cell silently
    # wrong or dropped, no identity error the unperturbed report lacks
    fuzz = _fuzz(LAYOUTS, "govdisclosure_fuzz_layouts_short")
    srcs = [s for s in fuzz.sources(None) if s[0].rsplit("/", 1)[-1] in LAYOUT_SHORT]
    assert len(srcs) == len(LAYOUT_SHORT)
    names = [n for n in fuzz.PERTURBATIONS if any(part in fuzz.ROUND_THREE for part in n.split("+"))]
    table = fuzz.run(srcs, [*names, "empty-rows"], seed)
    _assert_none_bad(table)
    assert sum(row.counts["same"] for row in table.values()) > 10_000
    # the layouts are tried: each perturbation changed at least one of the sources
    assert all(row.docs for row in table.values())


@pytest.mark.parametrize("seed", [1, 11])
def test_short_layout_pass_empty_rows_of_zeros(seed: int) -> None:
    # rows of zeros printed as empty cells, alone, beside a serial-number column, in HTML and in
    # one-line and one-cell-a-line copies (round four): no cell silently wrong, no false error
    fuzz = _fuzz(LAYOUTS, "govdisclosure_fuzz_layouts_short")
    short = (*LAYOUT_SHORT, "row-split-page-2021.txt")
    srcs = [s for s in fuzz.sources(None) if s[0].rsplit("/", 1)[-1] in short]
    assert len(srcs) == len(short)
    table = fuzz.run(srcs, list(fuzz.ROUND_FOUR), seed)
    _assert_none_bad(table)
    assert all(row.docs for row in table.values())


@pytest.mark.parametrize("seed", [1, 11])
def test_short_layout_pass_blank_rows_where_labels_and_value_lines_alternate(seed: int) -> None:
    # a row of zeros printed as empty cells in a table whose labels and value lines alternate (a PDF
    # converted to markdown, then its cells apart by spaces or tabs): the row's label, its empty
    # cells gone with the line's trailing blanks, then an orphan line of another row's values. The
    # values are not given to the blank row. (Run onto one line with its empty cells dropped, the
    # text reads as that row's values: no reader can tell, and that composition is left out.)
    fuzz = _fuzz(LAYOUTS, "govdisclosure_fuzz_layouts_short")
    short = (*LAYOUT_SHORT, "interleaved-2021.txt", "empty-row-after-values-2021.txt")
    srcs = [s for s in fuzz.sources(None) if s[0].rsplit("/", 1)[-1] in short]
    assert len(srcs) == len(short)
    table = fuzz.run(srcs, ["zero-rows-blank+spaces", "zero-rows-blank+tabs"], seed)
    _assert_none_bad(table)
    assert all(row.docs for row in table.values())


# layouts a cut copy once misread: a label spanning two columns (a blank cell before the values), a
# number broken over a line in its cell, tab rows
CUT_SHORT = ("trust/excerpt-ends-in-label-2019.txt", "robust/number-split-2021.txt", "tab-rows-2021.txt")


def test_short_cut_pass() -> None:
    cut = _fuzz(SCRIPT.with_name("fuzz_cut.py"), "govdisclosure_fuzz_cut")
    fixtures = Path(__file__).resolve().parent / "fixtures"
    named = [(name, (fixtures / name).read_text(encoding="utf-8")) for name in CUT_SHORT]
    copies, totals, notes = cut.run(named, 1, 12)
    assert copies > 50
    assert totals["same"] > 0
    assert totals["cut-null"] > 0
    assert (totals["wrong"], totals["wrong-diag"], totals["null-silent"], totals["false-alarm"], notes) == (
        0,
        0,
        0,
        0,
        [],
    )
