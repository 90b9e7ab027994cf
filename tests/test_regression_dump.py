"""A guard against regressions: today's output equals the committed dump, document by document.

Any change in a cell, a diagnostic or a finding of a fixture or a shared-corpus case fails
here until it is accepted deliberately: ``python tests/regression/make_dump.py`` rewrites
the dump, and the commit that changes the parser commits the dump with it, saying why.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "regression"))
import make_dump

DOCUMENTS = list(make_dump.documents())


@pytest.mark.parametrize(("name", "path"), DOCUMENTS, ids=[n for n, _ in DOCUMENTS])
def test_output_equals_the_committed_dump(name: str, path: Path) -> None:
    if path.suffix == ".pdf":
        pytest.importorskip("pdfplumber")
    target = make_dump.DUMP / f"{name}.json"
    assert target.exists(), f"{name} is not in the dump: run python tests/regression/make_dump.py and commit it"
    old = target.read_text(encoding="utf-8")
    new = make_dump.render(make_dump.dump(path))
    if old != new:
        diff = "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True), "dump", "today", n=1))
        pytest.fail(f"{name}: the output changed (accept it with python tests/regression/make_dump.py):\n{diff[:6000]}")


def test_every_dump_file_is_a_document() -> None:
    names = {f"{n}.json" for n, _ in DOCUMENTS}
    stale = sorted(p.name for p in make_dump.DUMP.glob("*.json") if p.name not in names)
    if make_dump.SHARED.is_dir():
        assert stale == [], f"dump files of documents that no longer exist: {stale}"
    else:  # without the shared corpus beside the project, only the fixtures are compared
        assert all(n.startswith("corpus__") for n in stale)
