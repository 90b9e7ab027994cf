"""Fuzz every reader: mutated inputs must cost one clear error of ours, never an internal error.

    python benchmarks/fuzz.py --reader text --n 100000 [--seed 1] [--corpus ../shared/corpus]
    python benchmarks/fuzz.py --reader all --n 50          # the short pass CI runs

Readers: text, html, docx, pdf, json. Seeds are read at run time, never copied into
the project: the fixtures of tests/ (text files, the HTML fragment, the reports of
tests/truth.py written as HTML/DOCX/PDF by tests/formats.py), and, when given, the
source files of a corpus folder (``--corpus``; ``../shared/corpus`` by default when it
exists). Each input is a seed mutated at random: bytes flipped, inserted, deleted,
duplicated or spliced from another seed; numbers, separators, spans, invisible
characters and encodings changed; DOCX inputs mutated inside their document.xml and
zipped again; JSON documents mutated as data (types, nesting, huge numbers).

``--reader os`` fuzzes the operating system's side instead (``fuzz_os``): each case
builds a small scene in a fresh folder — file names of random bytes (not UTF-8, line
separators, control characters, leading ``-``/``=``, 255 bytes), FIFOs, dangling links,
link loops, links to folders and to ``/dev/zero``, hard links, unreadable files and
folders, links and damaged ledgers planted in the output folder, the output folder
being a file — and runs one of ``batch`` (the CLI, in this process, sometimes twice to
resume, ``--restart``), ``iter_parse``, ``check --series``, ``parse``, ``render``, or
``to_dask`` on it, sometimes under a file-size limit (``RLIMIT_FSIZE``: a full disk).
An exit status of 3, or an exception out of the API that is not ours, is an internal
error; so is a victim file (the target of a planted link) changed, a batch whose
``reports.jsonl`` does not hold each walked entry exactly once, or a temporary folder
left behind.

Each input goes through what the CLI does with it: ``parse_bytes`` (``from_json`` for
JSON), then ``check``, ``diagnose``, ``cells`` and ``to_json``. A GovDisclosureError is
an answer; any other exception is an internal error: it is counted, and the input and
traceback are saved under ``--crashes``. Inputs taking more than ``--slow`` seconds
of CPU time are counted and saved too. The summary line gives inputs, answers, internal errors, slow inputs, the
slowest input and the process's peak RSS. Memory: the process's address space is capped
(``--mem-limit``, so a memory bomb cannot take the machine down), and the input during
which the peak RSS first passes ``--max-rss`` is counted as over the memory bound and
saved (an answer that says MemoryError is no answer). Exit status 1 if any internal
error or any input over the memory bound.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import logging
import random
import resource
import signal
import sys
import time
import traceback
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import govdisclosure as gd  # noqa: E402

logging.getLogger("pdfminer").setLevel(logging.ERROR)  # warnings about damaged fonts: expected here

READERS = ("text", "html", "docx", "pdf", "json")  # and "os": fuzz_os
INTERESTING = [
    b"1e309",
    b"9" * 60,
    b"9" * 5000,
    b"-0",
    b"\xef\xbc\x91\xef\xbc\x92",  # full-width 12
    b"\xe2\x80\x8b",  # U+200B
    b"\xe2\x80\x8e",  # U+200E
    b"\xc2\xad",  # U+00AD
    b"\xef\xbb\xbf",  # BOM
    b"|",
    b"||||||||",
    b"\t",
    b"\r",
    b"\x00",
    b"\xff\xfe",
    b"<table>",
    b"</table>",
    b"<tr>",
    b'<td rowspan="200" colspan="200">',
    b'<td colspan="-5">',
    b'<td rowspan="99999999999999999999">',
    b"<div>" * 40,
    b"&#0;",
    b"&xxe;",
    b"<!--",
    b"]]>",
    b'<w:gridSpan w:val="200"/>',
    b'<w:vMerge w:val="continue"/>',
    b"<w:tc><w:p><w:r><w:t>7</w:t></w:r></w:p></w:tc>",
    b"\xe4\xb8\x80\xe3\x80\x81\xe6\x80\xbb\xe4\xbd\x93\xe6\x83\x85\xe5\x86\xb5",  # 一、总体情况
    "第二十条第（一）项".encode(),
    "（七）总计".encode(),
    "行政复议".encode(),
    b"0 0 1 1 re S\n",
    b"(x) Tj\n",
    b"BT /F1 12 Tf 10 10 Td (aaaa) Tj ET\n",
    b"/Filter /FlateDecode",
    b"/Length 999999999",
    b"trailer",
    b"xref",
    b"obj",
    b"endobj",
    b"stream\n",
    b"[[[[[[[[[[",
    b"{",
    b"}",
    b'"template"',
    b"null",
]


# ---------------------------------------------------------------- seeds
def _truth_docs() -> list[Any]:
    from formats import report_parts
    from truth import T19, T19_APPEALS_ROWS, T19_REQUESTS_ROWS, T21, T21_APPEALS_ROWS, T21_REQUESTS_ROWS

    return [
        report_parts(T21, "2021", T21_REQUESTS_ROWS, T21_APPEALS_ROWS),
        report_parts(T19, "2019", T19_REQUESTS_ROWS, T19_APPEALS_ROWS),
    ]


def _corpus_files(corpus: Path | None, suffixes: tuple[str, ...]) -> list[bytes]:
    if corpus is None or not corpus.is_dir():
        return []
    return [p.read_bytes() for p in sorted(corpus.rglob("source.*")) if p.suffix.lower() in suffixes]


def _small_pdf(compress: int) -> bytes:
    """One page: the title, a heading and a small ruled table (STSong-Light, not embedded)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pageCompression=compress, invariant=1)
    c.setFont("STSong-Light", 11)
    c.drawString(60, 780, "示例乡2021年政府信息公开工作年度报告")
    c.drawString(60, 750, "二、主动公开政府信息情况")
    rows = [
        ["第二十条第（一）项", "", "", ""],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "0", "0", "0"],
        ["行政规范性文件", "4", "1", "17"],
    ]
    x0, y0, w, h = 60, 720, 110, 20
    for r, row in enumerate(rows):
        for col, text in enumerate(row):
            c.rect(x0 + col * w, y0 - r * h, w, h)
            c.setFont("STSong-Light", 8)
            c.drawString(x0 + col * w + 3, y0 - r * h + 6, text)
    c.showPage()
    c.save()
    return buf.getvalue()


def seeds(reader: str, corpus: Path | None) -> list[bytes]:
    fixtures = ROOT / "tests" / "fixtures"
    if reader == "text":
        out = [p.read_bytes() for p in sorted(fixtures.glob("*.txt"))]
        out.append((ROOT / "src" / "govdisclosure" / "examples" / "sample-2021.txt").read_bytes())
        return out + _corpus_files(corpus, (".txt",))
    if reader == "html":
        from formats import to_html

        out = [(fixtures / "fragment-2021.html").read_bytes()]
        out += [to_html(parts).encode("utf-8") for parts in _truth_docs()]
        return out + _corpus_files(corpus, (".html", ".htm"))
    if reader == "docx":
        from formats import to_docx

        return [to_docx(parts) for parts in _truth_docs()] + _corpus_files(corpus, (".docx",))
    if reader == "pdf":
        # Small seeds keep 10^5 inputs in reach; the two-page fixture report is one seed of several.
        from formats import to_pdf

        return [
            _small_pdf(0),
            _small_pdf(0),
            _small_pdf(1),
            to_pdf(_truth_docs()[0]),
            *_corpus_files(corpus, (".pdf",)),
        ]
    if reader == "json":
        out = []
        for p in [*sorted(fixtures.glob("*.txt")), ROOT / "src" / "govdisclosure" / "examples" / "sample-2021.txt"]:
            try:
                out.append(gd.to_json(gd.parse(p).report).encode("utf-8"))
            except gd.GovDisclosureError:
                continue
        return out
    raise SystemExit(f"unknown reader {reader!r}")


# ---------------------------------------------------------------- mutations
def _bytes_mutation(rng: random.Random, data: bytes, pool: list[bytes]) -> bytes:
    b = bytearray(data)
    for _ in range(rng.choice((1, 1, 1, 2, 3, 8))):
        op = rng.randrange(9)
        n = len(b)
        pos = rng.randrange(n + 1) if n else 0
        if op == 0 and n:  # flip bits
            b[rng.randrange(n)] ^= 1 << rng.randrange(8)
        elif op == 1:  # random bytes
            b[pos:pos] = rng.randbytes(rng.randint(1, 16))
        elif op == 2 and n:  # delete a span
            del b[pos : pos + rng.randint(1, 256)]
        elif op == 3 and n:  # duplicate a span, maybe many times
            span = bytes(b[pos : pos + rng.randint(1, 512)])
            b[pos:pos] = span * rng.choice((1, 2, 10, 100))
        elif op == 4:  # an interesting token
            b[pos:pos] = rng.choice(INTERESTING) * rng.choice((1, 1, 3, 50))
        elif op == 5 and pool:  # splice another seed
            other = rng.choice(pool)
            if other:
                a = rng.randrange(len(other))
                b[pos:pos] = other[a : a + rng.randint(1, 4096)]
        elif op == 6 and n:  # truncate
            del b[rng.randrange(n) :]
        elif op == 7 and n:  # overwrite with an interesting token
            tok = rng.choice(INTERESTING)
            b[pos : pos + len(tok)] = tok
        elif op == 8 and n:  # swap two spans
            a, c = sorted((rng.randrange(n), rng.randrange(n)))
            k = min(rng.randint(1, 64), c - a)
            b[a : a + k], b[c : c + k] = b[c : c + k], b[a : a + k]
    return bytes(b)


_DIGITS = "0123456789"


def _text_mutation(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", "replace")
    lines = text.splitlines(keepends=True) or [""]
    for _ in range(rng.choice((1, 2, 4))):
        op = rng.randrange(8)
        i = rng.randrange(len(lines))
        if op == 0:  # a number changed
            line = lines[i]
            idx = [k for k, ch in enumerate(line) if ch in _DIGITS]
            if idx:
                k = rng.choice(idx)
                rep = rng.choice(["1e309", "9" * rng.choice((16, 50, 4400)), "-", "—", "/", "1,234", "３", "0.5", "99"])
                lines[i] = line[:k] + rep + line[k + 1 :]
        elif op == 1:  # invisible characters inside a label
            line = lines[i]
            k = rng.randrange(len(line) + 1)
            lines[i] = line[:k] + rng.choice("\u200b\u200c\u200d\u200e\u200f\u2060\u00ad\ufeff") + line[k:]
        elif op == 2:  # separators
            lines[i] = lines[i].replace(rng.choice((" ", "|", "\t")), rng.choice(("|", "\t", " ", "||", "")))
        elif op == 3:  # lines duplicated or dropped
            if rng.random() < 0.5:
                lines[i:i] = [lines[i]] * rng.choice((1, 2, 50))
            else:
                del lines[i]
                if not lines:
                    lines = [""]
        elif op == 4:  # shuffle a window
            j = min(len(lines), i + rng.randint(2, 10))
            window = lines[i:j]
            rng.shuffle(window)
            lines[i:j] = window
        elif op == 5 and "<td" in lines[i]:  # spans
            lines[i] = lines[i].replace("<td", f'<td rowspan="{rng.randint(0, 300)}" colspan="{rng.randint(-1, 300)}"')
        elif op == 6:  # deep nesting
            depth = rng.choice((10, 100, 300))
            lines[i] = "<div>" * depth + lines[i] + "</div>" * depth
        else:  # traditional characters / full width
            lines[i] = lines[i].translate(str.maketrans("0123456789|", "０１２３４５６７８９｜"))
    out = "".join(lines)
    enc = rng.choice(("utf-8", "utf-8", "utf-8", "gb18030", "utf-16", "utf-16-le", "big5", "utf-8-sig"))
    return out.encode(enc, "replace")


def _docx_mutation(rng: random.Random, data: bytes, pool: list[bytes]) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parts = {i.filename: z.read(i) for i in z.infolist()}
    except Exception:
        return _bytes_mutation(rng, data, pool)
    doc = parts.get("word/document.xml", b"")
    r = rng.random()
    if r < 0.4:
        doc = _bytes_mutation(rng, doc, [])
    elif r < 0.7:
        doc = _text_mutation(rng, doc)
        if not doc.startswith(b"<"):
            doc = doc.decode("utf-16", "replace").encode("utf-8", "replace") if doc[:2] in (b"\xff\xfe",) else doc
    else:
        for tag in (b"<w:tcPr>", b"<w:tc>", b"<w:tr>"):
            if tag in doc and rng.random() < 0.5:
                k = rng.randrange(doc.count(tag))
                pos = -1
                for _ in range(k + 1):
                    pos = doc.find(tag, pos + 1)
                ins = rng.choice(
                    (
                        b'<w:gridSpan w:val="%d"/>' % rng.randint(-3, 500),
                        b'<w:vMerge w:val="continue"/>',
                        b"<w:vMerge/>",
                    )
                )
                doc = doc[: pos + len(tag)] + ins + doc[pos + len(tag) :]
    parts["word/document.xml"] = doc
    buf = io.BytesIO()
    method = rng.choice((zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED))
    with zipfile.ZipFile(buf, "w", compression=method) as z:
        for name, content in parts.items():
            z.writestr(name, content)
    out = buf.getvalue()
    if rng.random() < 0.2:
        out = _bytes_mutation(rng, out, pool)
    return out


def _json_mutation(rng: random.Random, data: bytes) -> bytes:
    if rng.random() < 0.3:
        return _bytes_mutation(rng, data, [])
    doc = json.loads(data)
    values: list[Any] = [
        None,
        -1,
        0,
        10**30,
        1e309 if rng.random() < 0.1 else 1.5,
        "",
        "x",
        [],
        {},
        True,
        {"number": "1e999", "unit": "万元"},
        {"number": None},
        "2021",
        ["2021"],
    ]

    def walk(node: Any, depth: int) -> None:
        if depth > 40:
            return
        if isinstance(node, dict) and node:
            key = rng.choice(list(node))
            if rng.random() < 0.3 or depth > 6:
                op = rng.randrange(4)
                if op == 0:
                    node[key] = rng.choice(values)
                elif op == 1:
                    del node[key]
                elif op == 2:
                    node[key + "_x"] = rng.choice(values)
                else:
                    deep: Any = node[key]
                    for _ in range(rng.choice((10, 100, 5000))):
                        deep = [deep]
                    node[key] = deep
            else:
                walk(node[key], depth + 1)
        elif isinstance(node, list) and node:
            walk(rng.choice(node), depth + 1)

    for _ in range(rng.choice((1, 2, 5))):
        walk(doc, 0)
    try:
        return json.dumps(doc, ensure_ascii=rng.random() < 0.5).encode("utf-8")
    except (RecursionError, ValueError):
        return b"[" * 100_000


def mutate(reader: str, rng: random.Random, seed: bytes, pool: list[bytes]) -> bytes:
    if reader in ("text", "html"):
        return _text_mutation(rng, seed) if rng.random() < 0.5 else _bytes_mutation(rng, seed, pool)
    if reader == "docx":
        return _docx_mutation(rng, seed, pool)
    if reader == "json":
        return _json_mutation(rng, seed)
    return _bytes_mutation(rng, seed, pool)


# ---------------------------------------------------------------- running
def run_one(reader: str, data: bytes, full: bool = True) -> None:
    """What the CLI does with an input; ``full=False`` skips check/diagnose/to_json (the readers are the target)."""
    if reader == "json":
        gd.to_json(gd.from_json(data))
        return
    parsed = gd.parse_bytes(data)
    gd.cells(parsed.report)
    if full:
        gd.check(parsed)
        gd.diagnose(parsed)
        gd.to_json(parsed.report)


def fuzz(
    reader: str,
    n: int,
    seed: int,
    corpus: Path | None,
    crashes: Path | None,
    slow: float,
    full_every: int = 1,
    log: Callable[[str], None] = lambda m: print(m, flush=True),
    max_rss_mib: float = 1024.0,
) -> dict[str, Any]:
    rng = random.Random(f"{reader}-{seed}")
    pool = seeds(reader, corpus)
    # The two-page fixture PDF costs ten small ones: only spliced from, never a base.
    bases = [p for p in pool if reader != "pdf" or len(p) < 20000] or pool
    stats: dict[str, Any] = {
        "reader": reader,
        "inputs": 0,
        "answers": 0,
        "internal": 0,
        "slow": 0,
        "max_s": 0.0,
        "over_memory": 0,
        "max_rss_mib": max_rss_mib,
    }
    errors: dict[str, int] = {}
    t_start = time.perf_counter()
    try:
        _loop(reader, n, rng, bases, pool, stats, errors, crashes, slow, full_every, log, t_start)
    except KeyboardInterrupt:  # stopped early: the summary says how many inputs were run
        log(f"{reader}: interrupted")
    stats["errors"] = errors
    stats["seconds"] = time.perf_counter() - t_start
    stats["peak_rss_mib"] = _peak_rss_mib()
    return stats


def _loop(
    reader: str,
    n: int,
    rng: random.Random,
    bases: list[bytes],
    pool: list[bytes],
    stats: dict[str, Any],
    errors: dict[str, int],
    crashes: Path | None,
    slow: float,
    full_every: int,
    log: Callable[[str], None],
    t_start: float,
) -> None:
    for i in range(n):
        base = rng.choice(bases)
        data = base if i < len(bases) else mutate(reader, rng, base, pool)
        t0 = time.process_time()  # CPU time: a loaded machine does not make an input slow
        try:
            run_one(reader, data, full=i % full_every == 0)
        except gd.GovDisclosureError as exc:
            kind = type(exc).__name__
            errors[kind] = errors.get(kind, 0) + 1
        except Exception as exc:  # an internal error: what this harness looks for
            stats["internal"] += 1
            key = f"{type(exc).__name__}: {str(exc)[:120]}"
            log(f"INTERNAL {reader} #{i}: {key}")
            _save(crashes, reader, data, traceback.format_exc())
        else:
            stats["answers"] += 1
        dt = time.process_time() - t0
        rss = _peak_rss_mib()
        if rss > stats["max_rss_mib"]:  # the peak only grows: the input that first passes the bound is the one
            stats["over_memory"] += 1
            stats["max_rss_mib"] = rss
            log(f"MEMORY {reader} #{i}: peak RSS {rss:.0f} MiB, {len(data)} bytes")
            _save(crashes, reader, data, f"peak RSS {rss:.0f} MiB")
        stats["inputs"] += 1
        if dt > stats["max_s"]:
            stats["max_s"] = dt
        if dt > slow:
            stats["slow"] += 1
            log(f"SLOW {reader} #{i}: {dt:.1f} s, {len(data)} bytes")
            _save(crashes, reader, data, f"{dt:.1f} s of CPU time")
        if (i + 1) % 5000 == 0:
            log(f"... {reader}: {i + 1} inputs, {stats['internal']} internal, {time.perf_counter() - t_start:.0f} s")


# ---------------------------------------------------------------- the OS-level mode
_NAME_PARTS = [
    b"report",
    b"\xe6\x8a\xa5\xe5\x91\x8a",  # 报告
    b"\xff\xfe",  # not UTF-8
    b"\xc3",  # a truncated sequence
    b"\xed\xa0\x80",  # an encoded surrogate
    b"\xe2\x80\xa8",  # U+2028
    b"\xc2\x85",  # U+0085
    b"\n",
    b"\r",
    b"\x1b[31m",
    b"\x1b]0;t\x07",
    b"\x01",
    b"\t",
    b" ",
    b"=cmd|' /C calc'!A0",
    b"+1",
    b"-",
    b"@SUM(1)",
    b"--help",
    b'"',
    b",",
    b"\\",
    b"\\xff",
    b"README",
    b".",
    b"<!--<script>",
]
_SUFFIXES = [b".txt", b".html", b".md", b".pdf", b".docx", b".TXT", b".doc", b".png", b"", b".csv"]
_OUTPUTS = [
    ".lock",
    "ledger.sqlite",
    "ledger.sqlite-wal",
    "ledger.sqlite-shm",
    ".reports.jsonl.tmp",
    ".cells.csv.tmp",
    ".findings.csv.tmp",
    ".summary.json.tmp",
    ".cells.parquet.tmp",
    "cells.csv",
    "reports.jsonl",
    "summary.json",
]


def _os_name(rng: random.Random) -> bytes:
    parts = [rng.choice(_NAME_PARTS) for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.1:
        parts.append(bytes(rng.randint(1, 255) for _ in range(rng.randint(1, 12))).replace(b"/", b"_"))
    name = b"".join(parts).replace(b"/", b"_").replace(b"\x00", b"_") + rng.choice(_SUFFIXES)
    if rng.random() < 0.03:
        name = b"n" * (255 - len(name)) + name
    name = name[-255:]
    return name if name not in (b"", b".", b"..") else b"x.txt"


def _os_scene(rng: random.Random, root: bytes, texts: list[bytes], victim: bytes) -> list[bytes]:
    """Entries of all kinds in ``root/in``; returns the paths a command may be given."""
    import os

    folder = os.path.join(root, b"in")
    os.mkdir(folder)
    given = [folder]
    sub = folder
    for _ in range(rng.randint(1, 7)):
        name = os.path.join(sub, _os_name(rng))
        if os.path.lexists(name):  # the same name twice: writing into a FIFO made first would wait forever
            continue
        kind = rng.choices(
            [
                "report",
                "empty",
                "garbage",
                "fifo",
                "dangling",
                "loop",
                "link",
                "dirlink",
                "devzero",
                "hard",
                "mode0",
                "folder",
                "folder0",
                "big",
            ],
            weights=[30, 4, 6, 6, 5, 4, 5, 4, 3, 3, 4, 6, 3, 2],
        )[0]
        try:
            if kind == "report":
                with open(name, "wb") as f:
                    f.write(rng.choice(texts))
            elif kind == "empty":
                open(name, "wb").close()
            elif kind == "garbage":
                with open(name, "wb") as f:
                    f.write(bytes(rng.randint(0, 255) for _ in range(rng.randint(1, 400))))
            elif kind == "big":
                with open(name, "wb") as f:
                    f.truncate(rng.choice([1 << 20, 21 << 20]))  # sparse: over the 20 MiB bound or not
            elif kind == "fifo":
                os.mkfifo(name)
            elif kind == "dangling":
                os.symlink(os.path.join(root, b"gone"), name)
            elif kind == "loop":
                os.symlink(name, name)
            elif kind == "link":
                os.symlink(victim, name)
            elif kind == "dirlink":
                os.symlink(root if rng.random() < 0.5 else folder, name)  # a loop back up, or out
            elif kind == "devzero":
                os.symlink(b"/dev/zero", name)
            elif kind == "hard":
                os.link(victim, name)
            elif kind == "mode0":
                with open(name, "wb") as f:
                    f.write(rng.choice(texts))
                os.chmod(name, 0)
            elif kind in ("folder", "folder0"):
                os.mkdir(name)
                with open(os.path.join(name, b"inner.txt"), "wb") as f:
                    f.write(rng.choice(texts))
                if kind == "folder0":
                    os.chmod(name, 0)
                elif rng.random() < 0.5:
                    sub = name
        except OSError:
            continue
        if rng.random() < 0.3:
            given.append(name)
    return given


def _os_outdir(rng: random.Random, root: bytes, victim: bytes) -> bytes:
    """The output folder: missing, empty, a file, or with links and damage planted in it."""
    import os

    out = os.path.join(root, b"out")
    what = rng.choice(["missing", "missing", "empty", "file", "planted", "planted", "damaged"])
    if what == "missing":
        return out
    if what == "file":
        with open(out, "wb") as f:
            f.write(b"not a folder")
        return out
    os.mkdir(out)
    if what == "planted":
        for name in rng.sample(_OUTPUTS, rng.randint(1, 4)):
            target = victim if rng.random() < 0.8 else os.path.join(root, b"nowhere")
            os.symlink(target, os.path.join(out, name.encode()))
    elif what == "damaged":
        name = rng.choice(["ledger.sqlite", "ledger.sqlite-wal", "cells.csv"]).encode()
        with open(os.path.join(out, name), "wb") as f:
            f.write(rng.choice([b"", b"SQLite format 3\x00" + bytes(rng.randint(0, 255) for _ in range(600)), b"x"]))
    return out


def _os_case(rng: random.Random, root: bytes, texts: list[bytes], report_json: str) -> tuple[str, str | None]:
    """One case: (what was run, why it is an internal error or None)."""
    import contextlib
    import os

    from govdisclosure._walk import walk
    from govdisclosure.cli import main as cli

    victim = os.path.join(root, b"victim.txt")
    with open(victim, "wb") as f:
        f.write(b"precious")
    given = _os_scene(rng, root, texts, victim)
    out = _os_outdir(rng, root, victim)
    paths = [os.fsdecode(g) for g in rng.sample(given, rng.randint(1, len(given)))]
    op = rng.choices(
        ["batch", "batch-twice", "iter_parse", "check", "parse", "render", "dask"], weights=[40, 15, 15, 15, 8, 5, 2]
    )[0]
    with open(os.path.join(root, b"r.json"), "w", encoding="utf-8") as f:
        f.write(report_json)
    fsize = rng.random() < 0.15
    codes: list[int] = []
    sink = io.StringIO()
    old = resource.getrlimit(resource.RLIMIT_FSIZE)
    try:
        if fsize:  # a full disk: writes past this size fail (EFBIG; Python ignores SIGXFSZ)
            resource.setrlimit(resource.RLIMIT_FSIZE, (rng.choice([0, 1, 4096, 100_000]), old[1]))
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            if op.startswith("batch"):
                args = ["batch", *paths, "-o", os.fsdecode(out), "--workers", "0"]
                codes.append(cli(args))
                if op == "batch-twice":
                    if rng.random() < 0.5:  # something changes between the runs
                        with contextlib.suppress(OSError):
                            os.unlink(os.path.join(root, b"in", rng.choice(os.listdir(os.path.join(root, b"in")))))
                    codes.append(cli([*args, *(["--restart"] if rng.random() < 0.5 else [])]))
            elif op == "iter_parse":
                with contextlib.suppress(gd.GovDisclosureError):
                    list(gd.iter_parse(walk(paths) if rng.random() < 0.5 else paths, workers=0))
            elif op == "check":
                codes.append(cli(["check", "--series", paths[0], "-q"]))
            elif op == "parse":
                codes.append(cli(["explain" if rng.random() < 0.5 else "parse", paths[-1]]))
            elif op == "render":
                target = os.path.join(root, b"r.json")  # written before the size limit
                dest = os.fsdecode(out if rng.random() < 0.5 else os.path.join(root, _os_name(rng)))
                fmt = rng.choice(["html", "markdown", "docx"])
                codes.append(cli(["render", rng.choice([os.fsdecode(target), paths[-1]]), "--format", fmt, "-o", dest]))
            else:
                try:
                    cells, findings = gd.to_dask(paths)  # without the [dask] extra: MissingExtraError
                    import dask

                    dask.compute(cells, findings, scheduler="synchronous")
                except gd.GovDisclosureError:
                    pass
    except Exception as exc:
        return op, f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, old)
    if 3 in codes:
        return op, f"exit 3: {sink.getvalue()[-2000:]}"
    with open(victim, "rb") as f:
        if f.read() != b"precious":
            return op, "a planted link was written through: the victim file changed"
    if op.startswith("batch") and codes[-1] in (0, 1) and not fsize:
        with open(os.path.join(out, b"reports.jsonl"), encoding="utf-8") as f:
            lines = f.read().split("\n")[:-1]
        sources = [json.loads(x)["source"] for x in lines]
        if len(sources) != len(set(sources)):
            return op, "a source twice in reports.jsonl"
    return op, None


def fuzz_os(
    n: int,
    seed: int,
    crashes: Path | None,
    log: Callable[[str], None] = lambda m: print(m, flush=True),
) -> dict[str, Any]:
    """``n`` OS-level cases (see the module's docstring): counts of cases, internal errors, per operation."""
    import os
    import shutil
    import tempfile

    rng = random.Random(f"os-{seed}")
    fixtures = ROOT / "tests" / "fixtures"
    texts = [p.read_bytes() for p in sorted(fixtures.glob("*.txt"))][:6]
    sample = ROOT / "src" / "govdisclosure" / "examples" / "sample-2021.txt"
    report_json = gd.to_json(gd.parse(sample).report)
    stats: dict[str, Any] = {"reader": "os", "inputs": 0, "internal": 0, "ops": {}, "left_behind": 0}
    base = tempfile.mkdtemp(prefix="fuzz-os-tmp-")  # temporary folders of the library's own, to be counted
    tempfile.tempdir = base
    before: set[str] = set()
    t_start = time.perf_counter()
    try:
        for i in range(n):
            root = tempfile.mkdtemp(prefix="fuzz-os-").encode()
            signal.signal(signal.SIGALRM, _hang)
            signal.setitimer(signal.ITIMER_REAL, 120.0)  # a case waiting forever (a FIFO opened) is a failure
            try:
                op, why = _os_case(rng, root, texts, report_json)
            except _Hang:
                op, why = "hang", f"no answer within 120 s\n{traceback.format_exc()}"
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                for dirpath, dirnames, _ in os.walk(root):  # chmod 0 folders back, to remove them
                    for d in dirnames:
                        with contextlib_suppress():
                            os.chmod(os.path.join(dirpath, d), 0o700)
                shutil.rmtree(root, ignore_errors=True)
            stats["inputs"] += 1
            stats["ops"][op] = stats["ops"].get(op, 0) + 1
            if why is not None:
                stats["internal"] += 1
                log(f"INTERNAL os #{i} ({op}): {why.splitlines()[0][:200]}")
                _save(crashes, "os", f"seed {seed} case {i}".encode(), why)
            if (i + 1) % 1000 == 0:
                log(f"... os: {i + 1} cases, {stats['internal']} internal, {time.perf_counter() - t_start:.0f} s")
    except KeyboardInterrupt:
        log("os: interrupted")
    after = {e for e in os.listdir(base) if not e.startswith("fuzz-os-")}
    stats["left_behind"] = len(after - before)
    tempfile.tempdir = None
    shutil.rmtree(base, ignore_errors=True)
    stats["seconds"] = time.perf_counter() - t_start
    return stats


class _Hang(BaseException):
    """A case past its time: raised by SIGALRM, caught by fuzz_os."""


def _hang(_signum: int, _frame: object) -> None:
    raise _Hang


def contextlib_suppress() -> Any:
    import contextlib

    return contextlib.suppress(OSError)


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _save(crashes: Path | None, reader: str, data: bytes, why: str) -> None:
    if crashes is not None:
        crashes.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256(data).hexdigest()[:16]
        (crashes / f"{reader}-{digest}.bin").write_bytes(data)
        (crashes / f"{reader}-{digest}.txt").write_text(why, encoding="utf-8")


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _interrupt)  # a background run stopped by kill still prints its summary
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reader", choices=[*READERS, "os", "all"], default="all")
    ap.add_argument("--n", type=int, default=1000, help="inputs per reader")
    ap.add_argument("--seed", type=int, default=1)
    default_corpus = ROOT.parent / "shared" / "corpus"
    ap.add_argument("--corpus", type=Path, default=default_corpus if default_corpus.is_dir() else None)
    ap.add_argument("--crashes", type=Path, default=None, help="save internal-error inputs here")
    ap.add_argument("--slow", type=float, default=10.0, help="seconds past which an input counts as slow")
    ap.add_argument("--full-every", type=int, default=1, help="run check/diagnose/to_json on every Nth input (1: all)")
    ap.add_argument("--max-rss", type=float, default=1024.0, help="MiB of peak RSS past which an input is over bound")
    ap.add_argument("--mem-limit", type=int, default=4096, help="MiB of address space the process may use (0: no cap)")
    args = ap.parse_args(argv)
    if args.mem_limit:
        cap = args.mem_limit << 20
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    if args.reader == "os":
        s = fuzz_os(args.n, args.seed, args.crashes)
        print(
            f"os: {s['inputs']} cases {dict(sorted(s['ops'].items()))}, internal errors: {s['internal']}, "
            f"temporary folders left behind: {s['left_behind']}, {s['seconds']:.0f} s",
            flush=True,
        )
        return 1 if s["internal"] or s["left_behind"] else 0
    readers = READERS if args.reader == "all" else (args.reader,)
    failed = False
    for reader in readers:
        s = fuzz(
            reader, args.n, args.seed, args.corpus, args.crashes, args.slow, args.full_every, max_rss_mib=args.max_rss
        )
        print(
            f"{reader}: {s['inputs']} inputs, {s['answers']} parsed, {s['inputs'] - s['answers'] - s['internal']} "
            f"refused {dict(sorted(s['errors'].items()))}, internal errors: {s['internal']}, "
            f"slow (> {args.slow:g} s): {s['slow']}, slowest {s['max_s']:.2f} s, {s['seconds']:.0f} s in all, "
            f"peak RSS {s['peak_rss_mib']:.0f} MiB, over {args.max_rss:g} MiB: {s['over_memory']}",
            flush=True,
        )
        failed = failed or s["internal"] > 0 or s["over_memory"] > 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
