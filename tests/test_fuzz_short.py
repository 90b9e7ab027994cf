"""The short pass of benchmarks/fuzz.py that CI runs: a few mutated inputs per reader, no internal error.

The long runs (10^5 inputs per reader) are the script's job, not CI's.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "fuzz.py"


def _fuzz() -> ModuleType:
    spec = importlib.util.spec_from_file_location("govdisclosure_fuzz", SCRIPT)
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
