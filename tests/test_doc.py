"""Legacy Word .doc (and WPS) files, converted by LibreOffice: the same cells as the DOCX they came from.

The .doc fixtures are made here, in the set-up, by converting the tests' own DOCX
reports (formats.py) with LibreOffice; nothing is stored.
"""

from __future__ import annotations

import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import govdisclosure as gd
from govdisclosure.parse.readers import _doc as _read_doc

from formats import report_parts, to_docx
from truth import T19, T19_APPEALS_ROWS, T19_REQUESTS_ROWS, T21, T21_APPEALS_ROWS, T21_REQUESTS_ROWS

needs_soffice = pytest.mark.skipif(_read_doc.soffice() is None, reason="needs LibreOffice (soffice)")

CASES = {
    "2021": (T21, T21_REQUESTS_ROWS, T21_APPEALS_ROWS),
    "2019": (T19, T19_REQUESTS_ROWS, T19_APPEALS_ROWS),
}


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """edition -> (the DOCX, the .doc LibreOffice made of it)."""
    exe = _read_doc.soffice()
    if exe is None:
        pytest.skip("needs LibreOffice (soffice)")
    root = tmp_path_factory.mktemp("doc")
    sources = []
    for edition, (truth, req, app) in CASES.items():
        path = root / f"report-{edition}.docx"
        path.write_bytes(to_docx(report_parts(truth, edition, req, app)))
        sources.append(path)
    profile = (root / "profile").as_uri()
    cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "doc", "--outdir", str(root)]
    subprocess.run([*cmd, *map(str, sources)], check=True, capture_output=True, timeout=300)
    return {e: (root / f"report-{e}.docx", root / f"report-{e}.doc") for e in CASES}


@needs_soffice
def test_doc_cells_identical_to_docx(docs: dict[str, tuple[Path, Path]]) -> None:
    # Both editions at once, in two threads: each conversion has its own LibreOffice profile.
    with ThreadPoolExecutor(2) as pool:
        parsed = dict(zip(docs, pool.map(lambda e: gd.parse(docs[e][1]), docs), strict=True))
    for edition, (docx, doc) in docs.items():
        got = parsed[edition]
        assert got.document is not None
        assert got.document.source_format == "doc"
        assert got.document.name == str(doc)  # provenance names the original file, not the converted one
        want = gd.parse(docx)
        assert gd.cells(got.report) == gd.cells(want.report)
        truth, req, _ = CASES[edition]
        assert got.report.requests.new.total == req["new"][-1]  # typed by hand in truth.py
        assert got.report.meta.agency == truth["meta.agency"]
        assert got.provenance["requests.new.total"].location == want.provenance["requests.new.total"].location
        assert [f for f in gd.check(got) if f.severity is gd.Severity.ERROR] == []


@needs_soffice
def test_wps_goes_the_same_way(docs: dict[str, tuple[Path, Path]], tmp_path: Path) -> None:
    wps = tmp_path / "report.wps"
    wps.write_bytes(docs["2019"][1].read_bytes())
    assert gd.cells(gd.parse(wps).report) == gd.cells(gd.parse(docs["2019"][0]).report)


@needs_soffice
def test_conversion_timeout_and_damaged_file(docs: dict[str, tuple[Path, Path]]) -> None:
    with pytest.raises(gd.ParseError, match="within"):
        _read_doc.read_doc(docs["2021"][1].read_bytes(), "slow.doc", timeout=0.01)
    with pytest.raises(gd.UnsupportedFormatError, match="convert"):
        gd.parse(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)


def test_without_libreoffice_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_read_doc, "soffice", lambda: None)
    with pytest.raises(gd.UnsupportedFormatError, match=r"LibreOffice.*libreoffice-writer-nogui"):
        gd.parse(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
