"""Layouts the metamorphic fuzzer (``benchmarks/fuzz_layouts.py``) found misread.

Each fixture in ``fixtures/robust/`` is typed by hand (fictional agencies); the values
asserted are read off those files by a person. The short fuzz pass at the end perturbs the
project's own fixtures (never the shared corpus) and requires no cell read as another
number silently, none dropped silently, and no identity error the unperturbed report has not.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

import govdisclosure as gd

ROBUST = Path(__file__).parent / "fixtures" / "robust"
SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "fuzz_layouts.py"


def _parse(name: str) -> gd.Parsed:
    return gd.parse(ROBUST / name)


def _errors(parsed: gd.Parsed) -> list[tuple[str, str]]:
    return [(f.rule, f.scope) for f in gd.check(parsed) if f.severity is gd.Severity.ERROR]


def _named(parsed: gd.Parsed, code: str) -> set[str]:
    return {c for d in parsed.diagnostics if d.code == code for c in d.cells}


def test_a_number_broken_by_a_line_break_is_not_read_as_its_first_piece() -> None:
    # '| 1 | 0 | 2⏎3 |' and '| | | 1⏎2 | 3 | … | 15 |': 23 and 12 (or two numbers each); never 2.
    parsed = _parse("number-split-2021.txt")
    cells = gd.cells(parsed.report)
    assert [cells[f"active.normative_docs.{c}"] for c in ("issued", "repealed", "in_force")] == [1, 0, None]
    assert [cells[f"requests.new.{c}"] for c in ("natural_person", "commercial", "research", "total")] == [
        None,
        3,
        0,
        15,
    ]
    assert _named(parsed, "number-split") == {"active.normative_docs.in_force", "requests.new.natural_person"}
    assert cells["requests.total.natural_person"] == 12
    assert cells["active.licensing.decisions"] == 46
    # the cells left unread are not blamed on the report
    assert _errors(parsed) == []
    assert "active.normative_docs.in_force" not in parsed.provenance


# --------------------------------------------------------------------------- short fuzz pass
def _fuzz() -> ModuleType:
    spec = importlib.util.spec_from_file_location("govdisclosure_fuzz_layouts", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


SHORT = ("pipe-2019.txt", "tab-rows-2021.txt", "markdown-2021.txt", "number-split-2021.txt", "label-variants-2021.txt")


@pytest.mark.parametrize("seed", [1, 2])
def test_short_layout_fuzz_is_never_silently_wrong(seed: int) -> None:
    fuzz = _fuzz()
    srcs = [s for s in fuzz.sources(None) if s[0].rsplit("/", 1)[-1] in SHORT]
    assert len(srcs) == len(SHORT)
    table = fuzz.run(srcs, list(fuzz.PERTURBATIONS), seed)
    bad = {
        name: {k: row.counts[k] for k in ("wrong", "null-silent", "false-alarm") if row.counts[k]}
        for name, row in table.items()
    }
    assert {k: v for k, v in bad.items() if v} == {}, "\n".join(e for r in table.values() for e in r.examples)
    assert sum(row.counts["same"] for row in table.values()) > 10_000
