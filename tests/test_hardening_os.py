"""Issue 18: hardening against the operating system's side of the input and the output.

A legacy .doc fetches nothing; conversions leave no process or folder behind; file
names the OS allows are rows; links planted in OUTDIR are never followed; a corrupted
ledger is exit 2 and ``--restart`` fixes it; one walker for batch, Dask and
``check --series``; resumed runs describe what the paths hold now.
"""

from __future__ import annotations

import http.server
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import govdisclosure as gd
from govdisclosure.parse.readers import _doc as _read_doc

from formats import report_parts, to_html
from truth import T21, T21_APPEALS_ROWS, T21_REQUESTS_ROWS

needs_soffice = pytest.mark.skipif(_read_doc.soffice() is None, reason="needs LibreOffice (soffice)")
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8ffff3f0005fe02fea7d6a4"
    "1d0000000049454e44ae426082"
)


class _Server:
    """An HTTP server on 127.0.0.1 that counts the requests it sees (and answers with a picture)."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        seen = self.requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                seen.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(PNG)))
                self.end_headers()
                self.wfile.write(PNG)

            do_HEAD = do_GET
            do_PROPFIND = do_GET

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def server() -> Iterator[_Server]:
    s = _Server()
    yield s
    s.httpd.shutdown()


@pytest.fixture(scope="module")
def linked_doc(server: _Server, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A .doc report holding a picture linked by URL (to the local server), made by LibreOffice from HTML."""
    exe = _read_doc.soffice()
    if exe is None:
        pytest.skip("needs LibreOffice (soffice)")
    root = tmp_path_factory.mktemp("linked")
    html = to_html(report_parts(T21, "2021", T21_REQUESTS_ROWS, T21_APPEALS_ROWS))
    html = html.replace("<body>", f'<body><p><img src="{server.url}/logo.png" width="20" height="20"></p>', 1)
    (root / "report.html").write_text(html, encoding="utf-8")
    profile = (root / "profile").as_uri()
    cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "doc:MS Word 97", "--outdir"]
    subprocess.run([*cmd, str(root), str(root / "report.html")], check=True, capture_output=True, timeout=300)
    doc = root / "report.doc"
    assert doc.read_bytes().find(f"{server.url}/logo.png".encode()) >= 0  # the link is in the .doc
    # LibreOffice left to itself fetches the picture: opening this .doc the same way would too.
    assert any(p == "/logo.png" for p in server.requests)
    return doc


def _soffice_under(folder: Path) -> list[int]:
    """Processes whose command line names something under ``folder`` (the converters of a test)."""
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/cmdline", "rb") as f:
                cmdline = f.read()
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                state = f.read().rpartition(b")")[2].split()[0]
        except OSError:
            continue
        if str(folder).encode() in cmdline and state != b"Z":
            found.append(int(entry.name))
    return found


def _leftovers(folder: Path) -> tuple[list[int], list[str]]:
    return _soffice_under(folder), sorted(p.name for p in folder.iterdir() if p.name.startswith("govdisclosure-"))


@pytest.fixture
def conversions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Conversions' temporary folders under a folder of the test's own, to be counted."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


# ------------------------------------------------------------- nothing is fetched
@needs_soffice
@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX")
@pytest.mark.parametrize("isolate", [True, False], ids=["namespace", "profile-alone"])
def test_a_doc_linking_a_picture_by_url_fetches_nothing(
    linked_doc: Path, server: _Server, monkeypatch: pytest.MonkeyPatch, isolate: bool
) -> None:
    # With and without the network namespace: the profile's settings alone block the fetch.
    monkeypatch.setattr(_read_doc, "ISOLATE_NETWORK", isolate and _read_doc.ISOLATE_NETWORK)
    server.requests.clear()
    parsed = gd.parse(linked_doc)
    assert parsed.document is not None
    assert parsed.document.source_format == "doc"
    assert parsed.report.requests.new.total == T21_REQUESTS_ROWS["new"][-1]  # typed by hand in truth.py
    assert server.requests == []


@needs_soffice
def test_batch_and_explain_of_a_linked_doc_fetch_nothing(
    linked_doc: Path, server: _Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from govdisclosure.cli import main

    server.requests.clear()
    summary = gd.run_batch([linked_doc], tmp_path / "out", workers=1)
    assert (summary.parsed, summary.errors) == (1, 0)
    assert main(["explain", str(linked_doc)]) == 0
    assert server.requests == []


# ------------------------------------------------------------- nothing is left behind
@needs_soffice
def test_a_conversion_timed_out_leaves_no_process_or_folder(linked_doc: Path, conversions: Path) -> None:
    with pytest.raises(gd.ParseError, match="within"):
        _read_doc.read_doc(linked_doc.read_bytes(), "slow.doc", timeout=0.3)
    assert _leftovers(conversions) == ([], [])


class _Interrupt(BaseException):
    pass


@needs_soffice
@pytest.mark.parametrize("exc", [_Interrupt, KeyboardInterrupt], ids=["time-limit", "ctrl-c"])
def test_a_conversion_interrupted_leaves_no_process_or_folder(
    linked_doc: Path, conversions: Path, exc: type[BaseException]
) -> None:
    # What the batch's per-file limit (SIGALRM raising a BaseException) and Ctrl-C do.
    seen: list[tuple[list[int], int]] = []

    def interrupt(signum: int, frame: Any) -> None:
        made = [p for p in conversions.iterdir() if p.name.startswith("govdisclosure-doc-")]
        seen.append((_soffice_under(conversions), made[0].stat().st_mode & 0o777 if made else -1))
        raise exc

    old = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        with pytest.raises(exc):
            _read_doc.read_doc(linked_doc.read_bytes(), "report.doc")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert seen
    assert seen[0][0] != []
    assert seen[0][1] == 0o700
    time.sleep(0.5)  # a converter left running would re-create its folder by now
    assert _leftovers(conversions) == ([], [])


@needs_soffice
def test_batch_timeout_and_a_stopped_worker_leave_nothing(linked_doc: Path, conversions: Path, tmp_path: Path) -> None:
    summary = gd.run_batch([linked_doc], tmp_path / "out", workers=1, timeout=0.3)
    assert summary.errors == 1
    assert _leftovers(conversions) == ([], [])
    # Ctrl-C in the parent while a worker converts: the worker is stopped, and cleans up first.
    results = gd.iter_parse([linked_doc], workers=1, timeout=None)

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    def watch() -> None:  # Ctrl-C once the worker's LibreOffice runs
        deadline = time.monotonic() + 60
        while not _soffice_under(conversions) and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(os.getpid(), signal.SIGALRM)

    old = signal.signal(signal.SIGALRM, interrupt)
    try:
        threading.Thread(target=watch, daemon=True).start()
        with pytest.raises(KeyboardInterrupt):
            list(results)
    finally:
        signal.signal(signal.SIGALRM, old)
    assert _settled(conversions) == ([], [])


def _settled(folder: Path, patience: float = 5.0) -> tuple[list[int], list[str]]:
    """What is left under ``folder`` once it stops changing (a loaded machine may take a moment to reap)."""
    end = time.monotonic() + patience
    while True:
        time.sleep(0.5)  # a converter left running would re-create its folder by now
        left = _leftovers(folder)
        if left == ([], []) or time.monotonic() > end:
            return left


# ------------------------------------------------------------- any name the OS allows is one row
FIX = Path(__file__).parent / "fixtures"
N2021 = 207  # cells of a 2021 report, by spec/cells.md: 10 + 182 + 15
BAD = b"bad\xff\xfe\\x.txt"  # not UTF-8, and a backslash of its own
ODD_NAMES = ["sep\u2028x.txt", "nel\x85y.txt", "fs\x1cz.txt", "nl\nw.txt", "cr\rv.txt"]


@pytest.fixture
def odd_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    text = (FIX / "tab-rows-2021.txt").read_bytes()
    for name in ["ok.txt", *ODD_NAMES]:
        (folder / name).write_bytes(text)
    if sys.platform.startswith("linux"):  # names are bytes there
        with open(os.path.join(os.fsencode(folder), BAD), "wb") as f:
            f.write(text)
    return folder


def test_a_name_not_utf8_is_one_row_escaped_in_every_output(odd_folder: Path, tmp_path: Path) -> None:
    from govdisclosure import _walk

    out = tmp_path / "out"
    summary = gd.run_batch([odd_folder], out, workers=0)
    n = len(list(odd_folder.iterdir()))
    assert (summary.files, summary.parsed, summary.errors) == (n, n, 0)
    frame = gd.to_dataframe(out)
    counts = frame["source"].value_counts().to_dict()
    assert set(counts.values()) == {N2021}
    assert len(counts) == n
    lines = (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == n
    if sys.platform.startswith("linux"):
        shown = str(odd_folder / "bad\\xff\\xfe\\\\x.txt")
        assert shown in counts
        assert _walk.unescape(shown) == os.fsencode(odd_folder) + b"/" + BAD  # lossless
        flagged = [json.loads(x)["source"] for x in lines if json.loads(x).get("source_escaped")]
        assert flagged == [shown]  # JSON says which sources are escaped: lossless
    assert gd.run_batch([odd_folder], out, workers=0).skipped == n  # the keys find the rows again


def test_escaped_names_and_keys_never_collide() -> None:
    from govdisclosure import _walk

    bad = os.fsdecode(b"/r/a\\\xff")  # a, backslash, byte FF
    literal = "/r/a\\\\xff"  # a valid name spelling out the escape
    assert _walk.key(bad) != _walk.key(literal)
    assert _walk.unescape(_walk.display(bad)) == b"/r/a\\\xff"
    assert _walk.display("/r/好\\x") == "/r/好\\x"  # valid names are shown as they are


def test_iter_parse_takes_separators_and_bytes_in_names(odd_folder: Path) -> None:
    paths = sorted(str(p) for p in odd_folder.iterdir())
    results = list(gd.iter_parse(paths, workers=0))
    assert [r.source for r in results] == paths
    for r in results:
        assert r.error is None
        assert len(r.cells) == N2021
        assert {row[0] for row in r.cells} == {_display(r.source)}


def _display(path: str) -> str:
    from govdisclosure import _walk

    return _walk.display(path)


def test_the_dask_path_takes_any_name(odd_folder: Path) -> None:
    pytest.importorskip("dask.dataframe")
    import dask

    cells, _ = gd.to_dask(odd_folder)
    (frame,) = dask.compute(cells, scheduler="synchronous")
    counts = frame["source"].value_counts().to_dict()
    assert len(counts) == len(list(odd_folder.iterdir()))
    assert set(counts.values()) == {N2021}
    assert frame["error"].isna().all()


# ------------------------------------------------------------- one walker, nothing left out silently
@pytest.fixture
def hostile_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "series"
    folder.mkdir()
    (folder / "a.txt").write_bytes((FIX / "tab-rows-2021.txt").read_bytes())
    os.mkfifo(folder / "pipe.txt")
    (folder / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (folder / "loop1.txt").symlink_to(folder / "loop2.txt")
    (folder / "loop2.txt").symlink_to(folder / "loop1.txt")
    other = tmp_path / "elsewhere"
    other.mkdir()
    (folder / "linked").symlink_to(other)
    locked = folder / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(os.fsdecode(path)) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)  # root reads every folder: refuse this one here
    return folder


UNREADABLE = {"pipe.txt", "dangling.txt", "loop1.txt", "loop2.txt", "linked", "locked"}


def test_batch_dask_and_check_series_report_every_entry_they_cannot_read(
    hostile_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from govdisclosure.cli import main

    out = tmp_path / "out"
    gd.run_batch([hostile_folder], out, workers=0)
    rows = [json.loads(x) for x in (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    batch_errors = {Path(r["source"]).name: r["error"] for r in rows if "error" in r}
    assert set(batch_errors) == UNREADABLE
    assert batch_errors["locked"] == "cannot list the folder: Permission denied"
    assert "symbolic link to a folder" in batch_errors["linked"]

    capsys.readouterr()
    assert main(["check", "--series", str(hostile_folder), "-q"]) == 2
    said = capsys.readouterr()
    for name in UNREADABLE:
        assert f"{hostile_folder / name}: " in said.err, name
    assert "cannot list the folder: Permission denied" in said.err

    pytest.importorskip("dask.dataframe")
    import dask

    cells, _ = gd.to_dask(hostile_folder)
    (frame,) = dask.compute(cells, scheduler="synchronous")
    dask_errors = {Path(s).name: e for s, e in zip(frame["source"], frame["error"], strict=True) if isinstance(e, str)}
    assert dask_errors == batch_errors  # the same entries, the same reasons


def test_a_special_file_answering_oddly_is_an_error_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # /proc/kmsg (through a link) is a "regular file" of size 0 whose non-blocking read gives None.
    from govdisclosure import _batch

    path = tmp_path / "kmsg.txt"
    path.write_bytes(b"")

    class Silent:
        def __enter__(self) -> Silent:
            return self

        def __exit__(self, *args: object) -> None:
            pass

        def fileno(self) -> int:
            return fd

        def read(self, n: int) -> None:
            return None

    fd = os.open(path, os.O_RDONLY)
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: Silent())
    try:
        res = _batch._run._process(str(path))
    finally:
        os.close(fd)
    assert res.error is not None
    assert "special file" in res.error


# ------------------------------------------------------------- a resumed run describes the paths now
def test_rows_of_deleted_inputs_and_of_an_earlier_folder_are_removed(tmp_path: Path) -> None:
    text = (FIX / "tab-rows-2021.txt").read_bytes()
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        folder.mkdir()
        for name in ("a.txt", "b.txt"):
            (folder / name).write_bytes(text)
    out = tmp_path / "out"
    gd.run_batch([first], out, workers=0)
    (first / "b.txt").unlink()
    summary = gd.run_batch([first], out, workers=0)
    assert (summary.files, summary.skipped, summary.removed) == (1, 1, 1)
    assert "1 row(s) of files gone" in summary.line()
    assert set(gd.to_dataframe(out)["source"]) == {str(first / "a.txt")}
    summary = gd.run_batch([second], out, workers=0)  # another folder into the same OUTDIR
    assert summary.removed == 1
    assert set(gd.to_dataframe(out)["source"]) == {str(second / "a.txt"), str(second / "b.txt")}
    lines = (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2


# ------------------------------------------------------------- OUTDIR: links never followed
def _small_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    (folder / "a.txt").write_bytes((FIX / "tab-rows-2021.txt").read_bytes())
    return folder


@pytest.mark.parametrize(
    "planted", [".lock", ".cells.csv.tmp", ".reports.jsonl.tmp", ".summary.json.tmp", ".cells.parquet.tmp"]
)
def test_links_planted_in_outdir_are_never_followed(tmp_path: Path, planted: str) -> None:
    folder = _small_folder(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / planted).symlink_to(victim)
    refused = ""
    try:
        gd.run_batch([folder], out, workers=0)
    except gd.GovDisclosureError as exc:  # refusing is an answer too; writing through the link is not
        refused = str(exc)
    assert refused == "" or "symbolic link" in refused
    assert victim.read_text(encoding="utf-8") == "precious"


def test_a_hard_link_as_lock_and_links_as_the_ledger_are_refused(tmp_path: Path) -> None:
    from govdisclosure.cli import main

    folder = _small_folder(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    os.link(victim, out / ".lock")
    with pytest.raises(gd.GovDisclosureError, match="hard links"):
        gd.run_batch([folder], out, workers=0)
    (out / ".lock").unlink()
    for name in ("ledger.sqlite", "ledger.sqlite-wal"):
        (out / name).symlink_to(victim)
        assert main(["batch", str(folder), "-o", str(out), "--workers", "0"]) == 2
        assert main(["batch", str(folder), "-o", str(out), "--workers", "0", "--restart"]) == 0  # fixes it
        assert not (out / name).is_symlink()
    assert victim.read_text(encoding="utf-8") == "precious"


# ------------------------------------------------------------- a damaged ledger: exit 2, --restart fixes it
def _damage(out: Path, how: str) -> None:
    import sqlite3

    ledger = out / "ledger.sqlite"
    if how == "garbage":
        for suffix in ("-wal", "-shm"):
            Path(f"{ledger}{suffix}").unlink(missing_ok=True)
        ledger.write_bytes(b"SQLite format 3\x00" + os.urandom(3000))
    elif how == "truncated":
        for suffix in ("-wal", "-shm"):
            Path(f"{ledger}{suffix}").unlink(missing_ok=True)
        data = ledger.read_bytes()
        ledger.write_bytes(data[: len(data) // 3])
    elif how == "folder":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{ledger}{suffix}").unlink(missing_ok=True)
        ledger.mkdir()
    else:
        db = sqlite3.connect(ledger)
        if how == "columns":
            db.execute("DROP TABLE files")
            db.execute("CREATE TABLE files (path TEXT PRIMARY KEY, what TEXT)")
        elif how == "row":
            db.execute("UPDATE files SET cells = '[not json', findings = 'x'")
        elif how == "types":
            db.execute("UPDATE files SET year = 'soon', template = 'nonsense'")
        elif how == "schema":
            db.execute("UPDATE meta SET value = '99' WHERE key = 'schema'")
        db.commit()
        db.close()


@pytest.mark.parametrize("how", ["garbage", "truncated", "folder", "columns", "row", "types", "schema"])
def test_a_damaged_ledger_is_exit_2_and_restart_fixes_it(
    tmp_path: Path, how: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from govdisclosure.cli import main

    folder = _small_folder(tmp_path)
    out = tmp_path / "out"
    args = ["batch", str(folder), "-o", str(out), "--workers", "0"]
    assert main(args) == 0
    reference = (out / "cells.csv").read_bytes()
    _damage(out, how)
    capsys.readouterr()
    code = main(args)
    err = capsys.readouterr().err
    if code != 0:  # a damage the run cannot see past is refused, with the advice
        assert code == 2, err
        assert "--restart" in err
    assert main([*args, "--restart"]) == 0, capsys.readouterr().err
    assert (out / "cells.csv").read_bytes() == reference
    assert main(args) == 0  # and the next run resumes from it


# ------------------------------------------------------------- the CLI's other inputs and outputs
@pytest.mark.parametrize("command", ["render", "baseline"])
def test_render_and_baseline_take_inputs_with_the_checks_of_parse(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from govdisclosure.cli import main

    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)  # opened for reading, it would wait for a writer forever
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"caf\xe9": 1}')
    for bad, said in ((fifo, "not a regular file"), (Path("/dev/zero"), "not a regular file"), (latin, "UTF-8")):
        args = ["render", str(bad)] if command == "render" else ["check", str(SAMPLE), "--baseline", str(bad)]
        assert main(args) == 2
        assert said in capsys.readouterr().err


SAMPLE = FIX / "tab-rows-2021.txt"


def test_unwritable_outputs_are_exit_2_with_the_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from govdisclosure.cli import main

    doc = tmp_path / "r.json"
    assert main(["parse", str(SAMPLE)]) == 0
    doc.write_text(capsys.readouterr().out, encoding="utf-8")
    folder = tmp_path / "a-folder"
    folder.mkdir()
    assert main(["render", str(doc), "-o", str(folder)]) == 2
    assert f"cannot write {folder}" in capsys.readouterr().err
    assert main(["check", str(SAMPLE), "--write-baseline", str(folder)]) == 2
    assert f"cannot write {folder}" in capsys.readouterr().err


def test_terminal_escapes_in_a_report_reach_the_terminal_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from govdisclosure.cli import main

    text = SAMPLE.read_text(encoding="utf-8")
    hostile = tmp_path / "hostile\x1b]0;owned\x07.txt"
    hostile.write_text(text.replace("二、", "\x1b[2J\x1b[31m二、", 1) + "\n\x9b31m\r", encoding="utf-8")
    main(["check", str(hostile)])
    main(["explain", str(hostile)])
    out = capsys.readouterr()
    for stream in (out.out, out.err):
        assert "\x1b" not in stream
        assert "\x9b" not in stream
        assert "\x07" not in stream
    assert "\\x1b]0;owned\\x07" in out.out


# ------------------------------------------------------------- --max-memory: failures called what they are
@needs_soffice
def test_a_valid_doc_under_max_memory_is_read_not_called_damaged(linked_doc: Path, tmp_path: Path) -> None:
    # In a small process (as the CLI is): the worker's limit is then near what LibreOffice needs to start.
    script = (
        "import sys, govdisclosure as gd; "
        "s = gd.run_batch([sys.argv[1]], sys.argv[2], workers=1, max_memory=300); "
        "print(s.parsed, s.errors)"
    )
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-c", script, str(linked_doc), str(out)], capture_output=True, text=True, timeout=300
    )
    assert done.stdout.split() == ["1", "0"], (done.stderr, (out / "reports.jsonl").read_text(encoding="utf-8")[:300])


def test_a_native_allocation_failure_is_out_of_memory_not_internal(monkeypatch: pytest.MonkeyPatch) -> None:
    from govdisclosure import _batch

    def fail(data: bytes, options: Any, **_: Any) -> Any:  # as _results(data, options, document=...)
        raise RuntimeError("[ONNXRuntimeError] : 6 : RUNTIME_EXCEPTION : Non-zero status code: std::bad_alloc")

    monkeypatch.setattr(_batch._run, "_results", fail)
    res = _batch._run._process_data(b"x", gd.ParseOptions(), 0.0)
    assert res.error is not None
    assert res.error.startswith("out of memory")


# ------------------------------------------------------------- the export is one step
class _Killed(BaseException):
    """The process dying (kill -9) at this point."""


def test_an_export_cut_between_its_renames_is_read_whole_and_completed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govdisclosure import _batch

    folder = _small_folder(tmp_path)
    out = tmp_path / "out"
    gd.run_batch([folder], out, workers=0)
    (folder / "b.txt").write_bytes((FIX / "tab-rows-2021.txt").read_bytes())
    want = {str(folder / "a.txt"), str(folder / "b.txt")}
    real_replace = os.replace
    calls: list[str] = []

    def replace(src: Any, dst: Any) -> None:
        calls.append(Path(dst).name)
        if Path(dst).name == "cells.csv":  # reports.jsonl is renamed, cells.csv not yet
            raise _Killed
        real_replace(src, dst)

    monkeypatch.setattr(_batch._outputs.os, "replace", replace)
    with pytest.raises(_Killed):
        gd.run_batch([folder], out, workers=0)
    monkeypatch.setattr(_batch._outputs.os, "replace", real_replace)
    assert "reports.jsonl" in calls
    on_disk = {Path(s).name for s in gd.to_dataframe(out)["source"]}  # read as the manifest names it
    assert on_disk == {"a.txt", "b.txt"}
    assert set(gd.to_dataframe(out, "cells")["source"]) == want
    summary = gd.run_batch([folder], out, workers=0)  # the next run completes the export first
    assert summary.skipped == 2
    assert not (out / ".export.json").exists()
    lines = (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    assert {json.loads(x)["source"] for x in lines} == want
    assert set(gd.to_dataframe(out)["source"]) == want


def test_render_docx_takes_the_control_characters_parse_keeps(tmp_path: Path) -> None:
    pytest.importorskip("docx")
    text = (FIX / "tab-rows-2021.txt").read_text(encoding="utf-8")
    parsed = gd.parse_text(text.replace("二、", "\x1b[31m\x01\x0b二、", 1) + "\n其他\x1f事项。\n")
    held = gd.to_json(parsed.report)
    assert "\\u001b" in held or "\\u001f" in held  # parse keeps them
    out = gd.render(gd.from_json(held), "docx")
    assert out[:2] == b"PK"


# ------------------------------------------------------------- Excel-safe CSV
FORMULA_NAMES = ["=HYPERLINK(1).txt", "+1.txt", "-2.txt", "@SUM(1).txt", "'=x.txt", "'a.txt"]


def test_csv_cells_that_excel_would_run_are_quoted_and_read_back_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pyarrow")
    import csv

    import pyarrow.parquet as pq

    from govdisclosure import _batch

    folder = tmp_path / "in"
    folder.mkdir()
    for name in FORMULA_NAMES:
        (folder / name).write_bytes((FIX / "crawler-2019.txt").read_bytes())  # a report with a finding
    monkeypatch.chdir(folder)  # the names as given: the source column starts with them
    out = tmp_path / "out"
    gd.run_batch(FORMULA_NAMES, out, workers=0, parquet=True)
    for table, types in (("cells", _batch.CELL_TYPES), ("findings", _batch.FINDING_TYPES)):
        with open(out / f"{table}.csv", encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))[1:]
        assert rows, table
        text = [i for i, kind in enumerate(types.values()) if kind == "str"]
        for r in rows:
            for i in text:  # no text cell Excel would run as a formula (numbers, -3 included, are numbers)
                assert r[i][:1] not in ("=", "+", "-", "@"), (table, r[i])
        frame = gd.to_dataframe(out, table)  # type: ignore[arg-type]
        assert set(frame["source"]) == set(FORMULA_NAMES)
        parquet = pq.read_table(out / f"{table}.parquet").to_pandas()
        assert set(parquet["source"]) == set(FORMULA_NAMES)
    results = list(gd.iter_parse(FORMULA_NAMES, workers=0))
    for r in results:
        assert {row[0] for row in r.cells} == {r.source}


def test_a_file_name_with_newlines_stays_on_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from govdisclosure.cli import main

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a\nforged: 0 错误 error(s)\t.txt").write_bytes((FIX / "tab-rows-2021.txt").read_bytes())
    (folder / "b.txt").write_bytes((FIX / "crawler-2019.txt").read_bytes())
    main(["check", "--series", str(folder)])
    out = capsys.readouterr().out
    assert not any(line.startswith("forged") for line in out.splitlines())
    assert "a\\x0aforged: 0 错误 error(s)\\x09.txt" in out
    main(["check", "--series", str(folder), "-q"])
    assert not any(line.startswith("forged") for line in capsys.readouterr().out.splitlines())
