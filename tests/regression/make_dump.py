"""The regression dump: what the library reads from every fixture and shared-corpus case.

For each document, one JSON file in ``tests/regression/dump/``: every cell id with its value
(and whether it was inferred), every diagnostic (code and cells) and every finding of
``check`` (rule, severity, cells, expected, actual). ``tests/test_regression_dump.py``
compares today's output with these files, so any change in what the parser reads or the
rules find shows up in review. To accept a change deliberately, regenerate and commit the
dump in the same commit, saying why in the message::

    python tests/regression/make_dump.py            # rewrite every dump file
    python tests/regression/make_dump.py --check    # exit 1 and list the documents that differ
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DUMP = HERE / "dump"
FIXTURES = HERE.parent / "fixtures"
SHARED = HERE.parents[2] / "shared" / "corpus"
_SOURCES = (".txt", ".html", ".htm", ".docx", ".pdf")


def documents() -> Iterator[tuple[str, Path]]:
    """(dump name, path) of every fixture, then every shared-corpus case beside the project."""
    for path in sorted(FIXTURES.rglob("*")):
        if path.is_file() and path.suffix in _SOURCES and path.name != "README.md":
            rel = path.relative_to(FIXTURES).as_posix()
            yield "fixture__" + rel.replace("/", "__"), path
    if SHARED.is_dir():
        for case in sorted(p for p in SHARED.iterdir() if p.is_dir()):
            source = next(iter(sorted(case.glob("source.*"))), None)
            if source is not None:
                yield "corpus__" + case.name, source


def _json_value(value: Any) -> Any:
    from govdisclosure import Money

    if isinstance(value, Money):
        return {"number": str(value.number), "unit": value.unit}
    if hasattr(value, "value") and not isinstance(value, (int, str)):  # an Edition
        return value.value
    return value


def dump(path: Path) -> dict[str, Any]:
    """What the library reads from one document, in a form that diffs line by line."""
    import govdisclosure as gd

    try:
        parsed = gd.parse(path)
    except gd.GovDisclosureError as exc:
        return {"error": type(exc).__name__}
    cells = gd.cells(parsed.report)
    inferred = sorted(cid for cid, p in parsed.provenance.items() if p.inferred)
    diagnostics = [[d.code, *d.cells] for d in parsed.diagnostics]
    findings = [
        [f.rule, f.severity.value, f.scope, [c.id for c in f.cells], f.expected, f.actual] for f in gd.check(parsed)
    ]
    return {
        "cells": {k: _json_value(v) for k, v in cells.items() if not k.startswith("text.")},
        "text": {k: (len(v) if isinstance(v, str) else v) for k, v in cells.items() if k.startswith("text.")},
        "inferred": inferred,
        "diagnostics": diagnostics,
        "findings": findings,
    }


def render(data: dict[str, Any]) -> str:
    """One line per cell, diagnostic and finding: a change reads as a one-line diff."""
    if "error" in data:
        return json.dumps(data, ensure_ascii=False) + "\n"
    parts = []
    for key in ("cells", "text"):
        items = [f"    {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in data[key].items()]
        parts.append(f'  "{key}": {{\n' + ",\n".join(items) + "\n  }" if items else f'  "{key}": {{}}')
    for key in ("inferred", "diagnostics", "findings"):
        items = [f"    {json.dumps(v, ensure_ascii=False)}" for v in data[key]]
        parts.append(f'  "{key}": [\n' + ",\n".join(items) + "\n  ]" if items else f'  "{key}": []')
    return "{\n" + ",\n".join(parts) + "\n}\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--check", action="store_true", help="compare only; exit 1 if any document differs")
    args = ap.parse_args(argv)
    DUMP.mkdir(exist_ok=True)
    seen = set()
    changed = []
    for name, path in documents():
        seen.add(name + ".json")
        target = DUMP / (name + ".json")
        text = render(dump(path))
        old = target.read_text(encoding="utf-8") if target.exists() else None
        if old != text:
            changed.append(name)
            if not args.check:
                target.write_text(text, encoding="utf-8")
    stale = sorted(p.name for p in DUMP.glob("*.json") if p.name not in seen)
    if not args.check:
        for name in stale:
            (DUMP / name).unlink()
    for name in changed:
        print(("differs: " if args.check else "written: ") + name)
    for name in stale:
        print(("no longer a document: " if args.check else "removed: ") + name)
    return 1 if args.check and (changed or stale) else 0


if __name__ == "__main__":
    sys.exit(main())
