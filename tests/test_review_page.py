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

FIX = Path(__file__).parent / "fixtures"
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


# --- what the page shows a reviewer (issue 22 §3) ---------------------------------------------
def _chromium_dom(page: Path, fragment: str, tmp_path: Path, width: int = 1400) -> Any:
    import lxml.html

    browser = _chromium()
    if browser is None or os.environ.get("GOVDISCLOSURE_NO_BROWSER"):
        pytest.skip("no browser here (the browser tests run once, in the README's test command)")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", f"--user-data-dir={tmp_path / 'ud'}"]
    run = subprocess.run(
        [browser, *flags, f"--window-size={width},1000", "--dump-dom", page.as_uri() + fragment],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-500:]
    return lxml.html.fromstring(run.stdout)


@pytest.fixture
def reviewed(tmp_path: Path) -> Path:
    """Four reports: the sample with 规章 / 本年制发件数 printed blank; a crawled page whose digits run
    together (crawler-2019.txt: 行政许可's "-388" and more have several splits); the sample with 16
    printed where its rows add up to 10 (（七）总计 / 自然人); an HTML report (fragment-2021.html)."""
    folder = tmp_path / "reviewed"
    folder.mkdir()
    sample = sample_path("2021").read_text(encoding="utf-8")
    blank = sample.replace("| 规章 | 0 | 0 | 0 |", "| 规章 |  | 0 | 0 |")
    assert blank != sample
    (folder / "a-blank.txt").write_text(blank, encoding="utf-8")
    (folder / "b-runs.txt").write_bytes((FIX / "crawler-2019.txt").read_bytes())
    wrong = sample.replace("| | （七）总计 | 10 | 2 |", "| | （七）总计 | 16 | 2 |")
    (folder / "c-wrong.txt").write_text(wrong, encoding="utf-8")
    (folder / "d-table.html").write_bytes((FIX / "fragment-2021.html").read_bytes())
    page = tmp_path / "page.html"
    assert main(["check", *sorted(str(p) for p in folder.iterdir()), "--format", "html", "-o", str(page)]) == 1
    return page


def _static(page: Path) -> Any:
    import lxml.html

    sys_path = str(Path(__file__).parent)
    import sys

    sys.path.insert(0, sys_path)
    try:
        from test_review import _name_cells  # type: ignore[import-not-found]
    finally:
        sys.path.remove(sys_path)
    return _name_cells(lxml.html.fromstring(page.read_text(encoding="utf-8")))


def _td(tree: Any, scope: str, cid: str) -> Any:
    (td,) = tree.xpath(f"//*[@data-scope='{scope}']//td[@data-cell='{cid}']")
    return td


def test_a_cell_not_read_is_not_a_printed_blank(reviewed: Path) -> None:
    tree = _static(reviewed)
    runs = "r1"  # b-runs.txt (crawler-2019.txt), the second input
    for cid in ("active.licensing.change", "active.licensing.decisions", "active.normative_docs.total"):
        td = _td(tree, runs, cid)
        assert "unread" in td.get("class").split()
        assert td.text_content() == ""
    printed = _td(tree, "r0", "active.rules.issued")  # a-blank.txt: 规章 / 本年制发件数 printed blank
    assert "unread" not in (printed.get("class") or "").split()
    assert printed.text_content() == ""
    assert not tree.get_element_by_id("r0").xpath(".//div[@class='unread-list']")  # nothing unread there
    # listed at the top of the report's section, before its findings
    section = tree.get_element_by_id(runs)
    (box,) = section.xpath(".//div[@class='unread-list']")
    assert "ambiguous-run" in box.text_content()
    listed = {b.get("data-cell") for b in box.xpath(".//button")}
    assert "active.licensing.change" in listed or "active.licensing.prev_items" in listed  # its row, by its first cell
    heads = [h.text_content() for h in section.xpath(".//h3")]
    assert heads[0].startswith("未能读取的单元格 cells not read")
    assert heads.index("发现 findings") > 0
    # why, in the data: the diagnostic and the readings of the run
    data = json.loads(section.xpath(".//script[@class='cell-data']")[0].text_content())
    assert any(w.startswith("ambiguous-run: ") for w in data["why"])
    assert any("readings of the digit run" in w for w in data["why"])
    # （六）其他处理 is printed as three sub-rows: the one-row form's cells are not "not read"
    assert not [td for td in tree.xpath("//*[@data-scope='r0']//td") if "unread" in (td.get("class") or "")]


def test_the_diagnosis_fix_is_marked_and_reports_go_most_severe_first(reviewed: Path) -> None:
    tree = _static(reviewed)
    wrong = "r2"  # c-wrong.txt: （七）总计 / 自然人 printed 16, its rows add up to 10
    assert _td(tree, wrong, "requests.total.natural_person").get("data-fix") == "10"
    assert not tree.xpath("//*[@data-scope='r0']//td[@data-fix]")  # the clean report: nothing to fix
    # most severe first: the report with errors heads the index and the page; ids stay the input's
    index = [a.get("href") for a in tree.get_element_by_id("reports").xpath(".//a")]
    assert index[0] == "#r2"
    counts = [
        tuple(-int(td.text_content()) for td in row.xpath("./td")[3:6])
        for row in tree.get_element_by_id("reports").xpath(".//tbody/tr")
    ]
    assert counts == sorted(counts)  # errors, then warnings, then notices, most first
    sections = [s.get("id") for s in tree.xpath("//section[@class='report']")]
    assert sections == [h[1:] for h in index]
    # a count of 0 is not painted as an error
    clean_row = tree.get_element_by_id("reports").xpath(".//tr[td/a[@href='#r0']]")[0]
    cells = clean_row.xpath("./td")
    assert cells[3].text_content() == "0"
    assert "count" not in (cells[3].get("class") or "")
    head = tree.get_element_by_id("r0").xpath(".//p[@class='src']")[0]
    assert not head.xpath(".//span[contains(@class, 'error')]")


def test_locations_are_shown_as_counted_on_paper() -> None:
    from types import SimpleNamespace

    from govdisclosure.parse._document import Document, Location, Table
    from govdisclosure.serialize._check_output import _table_numbers, human_where

    # a PDF of three tables: the first on page 3, two on page 4 (document-wide indices 0, 1, 2)
    doc = Document(
        (
            Table((), Location(table=0, page=3)),
            Table((), Location(table=1, page=4)),
            Table((), Location(table=2, page=4)),
        ),
        "pdf",
    )
    tables = _table_numbers(SimpleNamespace(document=doc))  # type: ignore[arg-type]
    shown = human_where(Location(page=4, table=2, row=2, col=3), tables)
    assert shown == "第4页 page 4；第2个表格 table 2 on the page，第3行 row 3，第4列 col 4"
    assert human_where(Location(line=51, column=13)) == "第51行 line 51，第13字 column 13"


def test_the_page_in_chromium_at_desk_and_phone_width(reviewed: Path, tmp_path: Path) -> None:
    # not read: said so, with the readings of its digit run
    tree = _chromium_dom(reviewed, "#only=r1;cell=r1:active.licensing.change", tmp_path)
    panel = tree.get_element_by_id("r1-info").text_content()
    assert "未读" in panel
    assert "not read" in panel
    assert "ambiguous-run" in panel
    assert "readings of the digit run" in panel
    # a printed blank: said so
    tree = _chromium_dom(reviewed, "#only=r0;cell=r0:active.rules.issued", tmp_path)
    assert "所印空白 printed blank" in tree.get_element_by_id("r0-info").text_content()
    # the characters read, marked in the source line
    tree = _chromium_dom(reviewed, "#only=r2;cell=r2:requests.total.natural_person", tmp_path)
    info = tree.get_element_by_id("r2-info")
    assert [m.text_content() for m in info.iter("mark")] == ["16"]
    assert "→ 10" in info.text_content()  # the fix the diagnosis proposes
    assert "第51行 line 51，第13字 column 13" in info.text_content()
    # a table cell of an HTML report: table 1, row 4, column 3, as counted on the page
    # (fragment-2021.html: 行政规范性文件 | 4 | 1 | 17, the 1 is 本年废止件数)
    tree = _chromium_dom(reviewed, "#only=r3;cell=r3:active.normative_docs.repealed", tmp_path)
    info = tree.get_element_by_id("r3-info")
    assert "第1个表格 table 1 in the document，第4行 row 4，第3列 col 3" in info.text_content()
    assert [m.text_content() for m in info.iter("mark")] == ["1"]
    # the keyboard: one tab stop per table, set by the script
    for table in tree.xpath("//table[@data-table]"):
        assert len(table.xpath(".//td[@tabindex='0']")) == 1
    # no page-wide horizontal scrolling at desk width (1400 px) or phone width (390 px)
    probe = reviewed.with_name("probe.html")
    probe.write_text(
        reviewed.read_text(encoding="utf-8").replace(
            "</body>",
            "<script>addEventListener('load',function(){document.body.dataset.overflow="
            "String(document.documentElement.scrollWidth-innerWidth);});</script></body>",
        ),
        encoding="utf-8",
    )
    for width in (1400, 390):
        tree = _chromium_dom(probe, "", tmp_path, width=width)
        assert int(tree.body.get("data-overflow")) <= 0, width
        assert tree.xpath("//td[@data-cell]")  # the script ran at this width too


SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _page_of(files: list[Path], out: Path) -> int:
    main(["check", *map(str, files), "--format", "html", "-o", str(out)])
    return out.stat().st_size


def test_a_page_of_34_reports_stays_under_one_and_a_half_megabytes(tmp_path: Path) -> None:
    kinds = [
        "markdown-2021.txt",
        "pipe-2019.txt",
        "fragment-2021.html",
        "crawler-2019.txt",
        "tab-rows-2021.txt",
        "pdf-text-2021.txt",
        "bar-cells-2021.txt",
        "tabbed-cells-2019.txt",
    ]
    files = []
    for i in range(34):
        name = kinds[i % len(kinds)]
        files.append(tmp_path / f"{i:02d}-{name}")
        files[-1].write_bytes((FIX / name).read_bytes())
    assert _page_of(files, tmp_path / "page.html") < 1_500_000


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared corpus is not beside the project")
def test_a_page_of_34_corpus_reports_stays_under_one_and_a_half_megabytes(tmp_path: Path) -> None:
    reports = sorted(p for p in SHARED.glob("*/source.*"))
    assert len(reports) >= 34
    for chosen in (reports[:34], reports[-34:]):
        assert _page_of(chosen, tmp_path / "page.html") < 1_500_000
