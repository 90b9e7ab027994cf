"""The reviewer's page (``check --format html``) against hostile content: a report's text,
a file name, an agency, a message holding ``<!--<script>``, ``</script>``, ``&`` or a
line separator can neither close nor comment out the page's data, nor hide another
report's findings, nor stop the page's script."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

import govdisclosure as gd
from govdisclosure.cli import main
from govdisclosure.examples import sample_path
from govdisclosure.serialize._check_output import render_check_html

# What closes, comments out or cuts a script's data: each in every field the page shows.
HOSTILE = "<!--<script>x</script>]]>&amp;\u2028\u2029'\"`"
# A report's text is read line by line, and U+2028 ends a line: what a line of text can hold.
HOSTILE_LINE = HOSTILE.split("\u2028")[0]
# A file name cannot hold "/": the same without it (and without the separators).
HOSTILE_NAME = HOSTILE.replace("/", "").replace("\u2028", "").replace("\u2029", "")
DATA = re.compile(r'<script type="application/json"[^>]*>(.*?)</script>', re.S)


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    """Two reports of one agency; the first's file name and text hold the hostile string."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    sample = sample_path("2021").read_text(encoding="utf-8")
    broken = sample.replace("| | （七）总计 | 10 | 2 |", "| | （七）总计 | 16 | 2 |")
    # a line of the table that maps to no row: its text is in a diagnostic and in the snippets
    broken = broken.replace("| | （七）总计 | 16 | 2 |", f"| | {HOSTILE} | 7 | 8 |\n| | （七）总计 | 16 | 2 |", 1)
    (folder / f"a{HOSTILE_NAME}.txt").write_text(broken, encoding="utf-8")
    (folder / "b-2023.txt").write_text(sample.replace("2022", "2023"), encoding="utf-8")
    return folder


def _entries(folder: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    main(["check", "--series", str(folder), "--format", "json"])
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def _poison(entry: dict[str, Any]) -> None:
    """Every string the page shows, made hostile (ids and severities keep their meaning)."""
    entry["meta"] = {k: f"{v}{HOSTILE}" for k, v in entry["meta"].items()}
    for f in entry["findings"]:
        for key in ("rule", "scope", "message_zh", "message_en", "fingerprint"):
            f[key] = f"{f[key]}{HOSTILE}"
    for d in entry["diagnostics"]:
        for key in ("code", "location", "message_zh", "message_en"):
            d[key] = f"{d.get(key) or ''}{HOSTILE}"
    if entry.get("diagnosis"):
        for key in ("message_zh", "message_en"):
            entry["diagnosis"][key] = f"{entry['diagnosis'][key]}{HOSTILE}"


def _check_containers(page: str, n_data: int) -> None:
    """The data of each scope is one script element whose JSON parses, holding no markup."""
    bodies = DATA.findall(page)
    assert len(bodies) == n_data
    for body in bodies:
        assert not set(body) & {"<", ">", "&", "\u2028", "\u2029"}, body[:200]
        json.loads(body)
    # every <script opens an element the page wrote: the data scripts and the one program
    assert len(re.findall(r"<script", page)) == n_data + 1
    assert page.rstrip().endswith("</script></body></html>")


def test_hostile_strings_in_every_field_stay_text(hostile_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import lxml.html

    doc = _entries(hostile_folder, capsys)
    reports = doc["reports"]
    assert any(HOSTILE_NAME in r["source"] for r in reports)
    assert any(HOSTILE_LINE in d["message_en"] for r in reports for d in r["diagnostics"])  # from the report's text
    parsed = {r["source"]: gd.parse(r["source"]) for r in reports}
    for r in reports:
        _poison(r)
    unreadable = {**reports[0], "source": f"gone{HOSTILE}.txt", "error": f"cannot read{HOSTILE}", "findings": []}
    series = [dict(f, message_zh=f["message_zh"] + HOSTILE, scope=f["scope"] + HOSTILE) for f in doc["series"]]
    page = render_check_html([*reports, unreadable], series, f"title{HOSTILE}", parsed=parsed)
    n_data = len(re.findall(r'<script type="application/json"', page))
    assert n_data >= 3  # a scope per report drawn, the series view, the labels
    _check_containers(page, n_data)
    tree = lxml.html.fromstring(page)
    text = tree.text_content()
    # each hostile field shown as text, whole
    assert text.count(HOSTILE) >= sum(len(r["findings"]) for r in reports)
    assert f"cannot read{HOSTILE}" in text
    for r in reports:
        for d in r["diagnostics"]:
            assert d["message_zh"] in text
    # and in the data, unchanged: the snippets of the first report's cells hold the report's text
    data = [json.loads(body) for body in DATA.findall(page)]
    lines = [text for scope in data if isinstance(scope, dict) for text in (scope.get("lines") or {}).values()]
    sources = [scope.get("src") or "" for scope in data if isinstance(scope, dict)]
    sources += [s for scope in data if isinstance(scope, dict) for s in scope.get("srcs") or []]
    assert any(HOSTILE_LINE in str(t) for t in lines)
    assert any(HOSTILE_NAME in s for s in sources)


def test_the_page_from_the_cli_with_a_hostile_file_and_text(
    hostile_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.html"
    assert main(["check", "--series", str(hostile_folder), "--format", "html", "-o", str(page)]) == 1
    text = page.read_text(encoding="utf-8")
    _check_containers(text, len(re.findall(r'<script type="application/json"', text)))


def test_hostile_page_runs_in_chromium(
    hostile_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """In a browser: the script runs, every report's findings are there, a cell shows the hostile text."""
    import lxml.html

    if os.environ.get("GOVDISCLOSURE_NO_BROWSER"):
        pytest.skip("the browser test runs once, in the README's test command (noxfile.py)")
    browser = _chromium()
    if browser is None:
        pytest.skip("chromium is not installed")
    page = tmp_path / "page.html"
    assert main(["check", "--series", str(hostile_folder), "--format", "html", "-o", str(page)]) == 1
    doc = _entries(hostile_folder, capsys)
    first = next(i for i, r in enumerate(doc["reports"]) if HOSTILE_NAME in r["source"])
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", f"--user-data-dir={tmp_path / 'ud'}"]
    run = subprocess.run(
        [browser, *flags, "--dump-dom", page.as_uri() + f"#cell=r{first}:requests.total.natural_person"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-500:]
    tree = lxml.html.fromstring(run.stdout)
    panel = tree.get_element_by_id(f"r{first}-info").text_content()
    assert "自然人" in panel  # the script ran and filled the panel from the data
    assert HOSTILE.split("\u2029")[-1] + " | 7 | 8" in panel  # the source line above the value's, as text
    for i, r in enumerate(doc["reports"]):  # no report's findings vanished
        section = tree.get_element_by_id(f"r{i}")
        assert len(section.xpath(".//article")) == len(r["findings"])
