"""The published JSON Schemas of report documents, built from the template's label table.

The shipped files under ``schemas/`` are written by ``python -m
govdisclosure.serialize._jsonschema``; a test keeps them equal to what this
module builds, so they cannot drift from the attrs classes.
"""

from __future__ import annotations

import functools
import json
from typing import Any

import attrs

from ..schema import SECTIONS, ColumnKind, Edition, Meta, TextSections, report_class, table_specs
from ._ids import META_PATTERNS, SCHEMA_BASE, SCHEMA_REVISION, schema_id

__all__ = ["SCHEMA_BASE", "SCHEMA_REVISION", "build_schema", "load_schema", "schema_id"]


_COUNT: dict[str, Any] = {"type": ["integer", "null"]}  # negative counts are kept as printed; rules warn
_SIGNED: dict[str, Any] = {"type": ["integer", "null"]}
_MONEY: dict[str, Any] = {
    "oneOf": [
        {"type": "null"},
        {
            "type": "object",
            "properties": {
                "number": {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"},
                "unit": {"type": ["string", "null"]},
            },
            "required": ["number", "unit"],
            "additionalProperties": False,
        },
    ]
}


def _column_schema(kind: ColumnKind, title: str) -> dict[str, Any]:
    base = {ColumnKind.COUNT: _COUNT, ColumnKind.SIGNED: _SIGNED, ColumnKind.MONEY: _MONEY}[kind]
    return {"title": title, **base}


def _object(title: str, props: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": title,
        "type": "object",
        "properties": props,
        "required": list(props),
        "additionalProperties": False,
    }


def _table_schema(edition: Edition, table_id: str) -> dict[str, Any]:
    table = next(t for t in table_specs(edition) if t.id == table_id)
    tree: dict[str, Any] = {}  # nested dicts; a row's own columns under "" (a row may also hold sub-rows)
    titles: dict[str, str] = {}
    for row in table.rows:
        parts = row.id.split(".")
        node = tree
        for depth, part in enumerate(parts):
            node = node.setdefault(part, {})
            path = ".".join(parts[: depth + 1])
            titles.setdefault(path, row.group or path)
        titles[row.id] = row.full_label
        node[""] = {c.id: _column_schema(c.kind, c.label) for c in row.columns}

    def build(node: dict[str, Any], prefix: str) -> dict[str, Any]:
        props = dict(node.get("", {}))
        for key, child in node.items():
            if key:
                path = f"{prefix}.{key}" if prefix else key
                props[key] = _object(titles.get(path, key), build(child, path))
        return props

    return _object(table.title, build(tree, ""))


def build_schema(edition: Edition | str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a report document of one edition."""
    edition = Edition(edition)
    cls = report_class(edition)
    heading = {s.id: s.heading for s in SECTIONS}
    meta_props = {
        "edition": {"title": "模板版本 (edition as printed)", "enum": ["2019", "2021", "legacy", None]},
        "year": {"title": "报告年度 (report year)", "type": ["integer", "null"], "minimum": 1900, "maximum": 2200},
        "agency": {"title": "报告机关 (agency)", "type": ["string", "null"]},
        **{
            name: {"title": title, "type": ["string", "null"], "pattern": f"^(?:{META_PATTERNS[name]})$"}
            for name, title in (
                ("published", "发布日期 (publication date the source carries, YYYY-MM-DD)"),
                ("published_from", "发布日期来源 (where the publication date was read)"),
                ("signed", "落款日期 (date printed under the report, YYYY-MM-DD)"),
                ("sha256", "源文件 SHA-256 (of the source file as read)"),
                ("source_url", "原文链接 (the address the source names for itself)"),
            )
        },
    }
    assert [f.name for f in attrs.fields(Meta)] == list(meta_props)
    text_props = {f.name: {"title": heading[f.name], "type": ["string", "null"]} for f in attrs.fields(TextSections)}
    props: dict[str, Any] = {
        "$schema": {"type": "string"},
        "template": {"title": "表格所依模板 (template the tables are mapped on)", "const": edition.value},
        # the citation fields are optional: documents written before they existed stay valid
        "meta": {**_object("基本信息 (meta)", meta_props), "required": ["edition", "year", "agency"]},
    }
    for table in table_specs(edition):
        props[table.id] = _table_schema(edition, table.id)
    props["text"] = _object("文字部分 (text sections)", text_props)
    expected = {f.name for f in attrs.fields(cls)}
    assert expected == set(props) - {"$schema"}, (expected, set(props))
    title = {
        Edition.E2019: "政府信息公开工作年度报告（2019年版格式）",
        Edition.E2021: "政府信息公开工作年度报告（2021年版格式）",
        Edition.LEGACY: "政府信息公开工作年度报告（旧版格式，表格未映射）",
    }[edition]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id(f"report-{edition.value}"),
        "title": title,
        "type": "object",
        "properties": props,
        "required": [p for p in props if p != "$schema"],
        "additionalProperties": False,
    }


@functools.cache
def load_schema(edition: Edition | str) -> dict[str, Any]:
    """The shipped schema file of an edition."""
    from importlib import resources

    name = f"report-{Edition(edition).value}.schema.json"
    text = resources.files("govdisclosure.serialize").joinpath("schemas").joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def _write_all() -> None:  # pragma: no cover - a maintenance command
    from pathlib import Path

    from ._check_output import build_check_schema

    out = Path(__file__).parent / "schemas"
    (out / "check.schema.json").write_text(
        json.dumps(build_check_schema(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    for edition in Edition:
        path = out / f"report-{edition.value}.schema.json"
        path.write_text(json.dumps(build_schema(edition), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(path)


if __name__ == "__main__":  # pragma: no cover
    _write_all()
