"""Everything the library returns for every document, written out to compare two versions byte for byte.

    PYTHONHASHSEED=0 PYTHONPATH=OLD/src python benchmarks/same_outputs.py OUT_OLD
    PYTHONHASHSEED=0 python benchmarks/same_outputs.py OUT_NEW
    diff -r OUT_OLD OUT_NEW && echo same

For each document (the fixtures and the shared corpus in every format, and each text and
HTML source perturbed by every layout of ``fuzz_layouts.py``, seed 1, one round), one file
holding: the JSON document (``to_json``, default and compact), the Document as read (its
repr: every block, cell, location), the encoding, every diagnostic (``to_dict``), every
provenance (location repr and text, inferred, fuzzy), the ambiguous runs, the outline (with
``loose``, ``absent``, ``absent_columns``), every finding of ``check`` (``to_dict``), and
what the CLI prints for ``parse``, ``cells``, ``explain`` and ``check`` (text, JSON, HTML).
For speed work that must not change any output.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from random import Random

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import govdisclosure as gd  # noqa: E402
from govdisclosure import cli  # noqa: E402

_SOURCES = (".txt", ".html", ".htm", ".docx", ".pdf", ".md", ".doc")


def documents() -> Iterator[tuple[str, Path]]:
    fixtures = ROOT / "tests" / "fixtures"
    for path in sorted(fixtures.rglob("*")):
        if path.is_file() and path.suffix in _SOURCES and path.name != "README.md":
            yield "fixture__" + path.relative_to(fixtures).as_posix().replace("/", "__"), path
    corpus = ROOT.parent / "shared" / "corpus"
    if corpus.is_dir():
        for case in sorted(p for p in corpus.iterdir() if p.is_dir()):
            for source in sorted(case.glob("source.*")):
                yield f"corpus__{case.name}__{source.suffix[1:]}", source


def _cli(args: list[str]) -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = cli.main(args)
    return f"rc={rc}\n--stdout--\n{out.getvalue()}\n--stderr--\n{err.getvalue()}\n"


def describe(parsed: gd.Parsed) -> str:
    parts = [f"encoding: {parsed.encoding!r}", "json:", gd.to_json(parsed.report)]
    parts.append(gd.to_json(parsed.report, indent=None))
    parts.append(f"document: {parsed.document!r}")
    parts.append("diagnostics:")
    parts += [json.dumps(d.to_dict(), ensure_ascii=False) + f" {d.location!r}" for d in parsed.diagnostics]
    parts.append("provenance:")
    for cid, p in parsed.provenance.items():
        parts.append(f"{cid}: {p.location!r} {p.text!r} inferred={p.inferred} fuzzy={p.fuzzy} {p!r}")
    parts.append(f"ambiguous: {parsed.ambiguous!r}")
    o = parsed.outline
    if o is not None:
        parts.append(f"outline: {o!r} keys={o.keys!r}")
        parts.append(f"loose: {o.loose!r}")
        parts.append(f"absent: {sorted(o.absent)!r}")
        parts.append(f"absent_columns: {o.absent_columns!r}")
    parts.append("findings:")
    parts += [json.dumps(f.to_dict(), ensure_ascii=False) for f in gd.check(parsed)]
    return "\n".join(parts) + "\n"


def one(path: Path, hide: str | None = None) -> str:
    """Everything for one file; ``hide``: a folder name left out (the CLI names the file)."""
    text = _one(path)
    return text.replace(hide, "<tmp>") if hide else text


def _one(path: Path) -> str:
    try:
        parsed = gd.parse(path)
    except gd.GovDisclosureError as exc:
        return f"error: {type(exc).__name__}: {exc}\n"
    text = describe(parsed)
    for args in (["parse"], ["cells"], ["explain"], ["check"], ["check", "--format", "json"]):
        text += f"== cli {' '.join(args)}\n" + _cli([*args, str(path)])
    html = _cli(["check", "--format", "html", str(path)]).replace(str(path.parent), "<dir>")
    text += "== cli check --format html sha256 " + hashlib.sha256(html.encode()).hexdigest() + "\n"
    return text


def perturbed() -> Iterator[tuple[str, str]]:
    import fuzz_layouts as fl

    for name, text in fl.sources(ROOT.parent / "shared" / "corpus"):
        for pname, fn in fl.PERTURBATIONS.items():
            new = fn(text, Random(f"1:0:{name}:{pname}"))
            if new is not None and new != text:
                yield f"perturbed__{name.replace('/', '__')}__{pname}", new


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for name, path in documents():
        (out / (name + ".txt")).write_text(one(path), encoding="utf-8")
        n += 1
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in perturbed():
            suffix = ".html" if text.lstrip()[:1] == "<" else ".txt"
            path = Path(tmp) / (name + suffix)
            path.write_text(text, encoding="utf-8")
            (out / (name + ".txt")).write_text(one(path, hide=tmp), encoding="utf-8")
            n += 1
    print(f"{n} documents written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
