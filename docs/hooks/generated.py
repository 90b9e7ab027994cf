"""MkDocs hook: pages that list cells, rules and schemas are generated from the code.

A page holds a marker such as ``<!-- generated: cells 2021 -->``; this hook
replaces it with a table built from govdisclosure's own label table and rule
registry at build time, so those pages cannot drift from the code.
"""

from __future__ import annotations

import json
import re
from typing import Any

import govdisclosure as gd
from govdisclosure.rules import RULES, SERIES_RULES
from govdisclosure.schema import Edition, cell_ids, cell_spec
from govdisclosure.serialize import build_schema
from govdisclosure.serialize._check_output import build_check_schema

MARKER = re.compile(r"<!-- generated: (\w+)(?: (\w+))? -->")


def _cells(edition: str) -> str:
    rows = ["| cell id | 表 | 行 (row label) | 列 (column label) | kind |", "|---|---|---|---|---|"]
    for cid in cell_ids(edition):
        table, row, col = cell_spec(edition, cid)
        rows.append(f"| `{cid}` | {table.title} | {row.full_label} | {col.label} | {col.kind.value} |")
    return "\n".join(rows)


def _meta() -> str:
    from govdisclosure.schema._cells import META_IDS, META_LABELS

    rows = ["| id | meaning | in `cells()` |", "|---|---|---|"]
    for mid in META_IDS:
        spec = "always" if mid in ("meta.edition", "meta.year", "meta.agency") else "with `cite=True`"
        rows.append(f"| `{mid}` | {META_LABELS[mid]} | {spec} |")
    return "\n".join(rows)


def _glossary() -> str:
    rows = ["| 中文 label | cell id / Python attribute path | editions |", "|---|---|---|"]
    seen: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    for edition in (Edition.E2019, Edition.E2021):
        for cid in cell_ids(edition):
            _, row, col = cell_spec(edition, cid)
            seen.setdefault(cid, []).append(edition.value)
            labels[cid] = f"{row.full_label} / {col.label}"
    for cid, editions in seen.items():
        rows.append(f"| {labels[cid]} | `{cid}` (`report.{cid}`) | {', '.join(editions)} |")
    return "\n".join(rows)


def _source(text: str) -> str:
    """Rule sources cite the project's cell contract: link it to the generated cell reference."""
    return text.replace("spec/cells.md", "[cell reference](cells.md)")


def _rules() -> str:
    rows = ["| rule | 中文 | what it checks | severity | source |", "|---|---|---|---|---|"]
    for rule in RULES:
        doc = " ".join((rule.check.__doc__ or "").split())
        source = _source(rule.source)
        rows.append(f"| {rule.id} | {rule.title_zh} | {_source(doc)} | {rule.severity.value} | {source} |")
    for rid, text in SERIES_RULES.items():
        rows.append(f"| {rid} | | {_source(text)} | | {_source('spec/cells.md')} |")
    return "\n".join(rows)


def _schema(which: str) -> str:
    schema = build_check_schema() if which == "check" else build_schema(which)
    return "```json\n" + json.dumps(schema, ensure_ascii=False, indent=2) + "\n```"


def _cli() -> str:
    """Every command's --help, as the installed program prints it."""
    import argparse

    from govdisclosure.cli import _parser

    parser = _parser()
    out = ["```text", parser.format_help().rstrip(), "```"]
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, p in sub.choices.items():
        out += ["", f"### `govdisclosure {name}`", "", "```text", p.format_help().rstrip(), "```"]
    return "\n".join(out)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    def replace(m: re.Match[str]) -> str:
        kind, arg = m.group(1), m.group(2)
        if kind == "cells":
            return _cells(arg or "2021")
        if kind == "meta":
            return _meta()
        if kind == "glossary":
            return _glossary()
        if kind == "rules":
            return _rules()
        if kind == "schema":
            return _schema(arg or "2021")
        if kind == "cli":
            return _cli()
        if kind == "version":
            return gd.__version__
        raise ValueError(f"unknown generated block {kind!r}")

    return MARKER.sub(replace, markdown)
