"""Check results as documents: JSON (with its own JSON Schema) and one self-contained HTML page."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from ..parse import Parsed
from ..schema import SECTIONS, Edition, cell_spec
from ._jsonschema import schema_id

__all__ = ["CHECK_SCHEMA_ID", "build_check_schema", "cell_label", "render_check_html"]

CHECK_SCHEMA_ID = schema_id("check")

_TABLE_NUMBER = {s.id: s.number for s in SECTIONS}


def cell_label(edition: Edition | str | None, cell_id: str) -> str | None:
    """A cell's template label, as a person finds it on the page: ``表三 / （三）不予公开 /
    1.属于国家秘密 / 自然人``. ``None`` for an id the edition has no cell for."""
    editions = [Edition(edition)] if edition not in (None, "", Edition.LEGACY, "legacy") else []
    for ed in [*editions, Edition.E2021, Edition.E2019]:
        try:
            table, row, col = cell_spec(ed, cell_id)
        except KeyError:
            continue
        return f"表{_TABLE_NUMBER.get(table.id, '')} / {row.full_label} / {col.label}"
    return None


_CELL = {
    "type": "object",
    "properties": {
        "id": {"type": "string"},
        "value": {"type": ["integer", "null"]},
        "blank_as_zero": {"type": "boolean"},
    },
    "required": ["id", "value", "blank_as_zero"],
    "additionalProperties": False,
}
_FINDING = {
    "title": "发现 (finding)",
    "type": "object",
    "properties": {
        "rule": {"type": "string", "title": "规则 (rule id: I1-I7, P1-P6, N1, S1, S2, R1)"},
        "severity": {"enum": ["error", "warning", "notice"]},
        "scope": {"type": "string"},
        "cells": {"type": "array", "items": _CELL},
        "expected": {"type": ["integer", "null"]},
        "actual": {"type": ["integer", "null"]},
        "difference": {"type": ["integer", "null"]},
        "message_zh": {"type": "string"},
        "message_en": {"type": "string"},
        "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{16}$"},
    },
    "required": [
        "rule",
        "severity",
        "scope",
        "cells",
        "expected",
        "actual",
        "difference",
        "message_zh",
        "message_en",
        "fingerprint",
    ],
    "additionalProperties": False,
}
_DIAGNOSTIC = {
    "type": "object",
    "properties": {
        "code": {"type": "string"},
        "message_en": {"type": "string"},
        "message_zh": {"type": "string"},
        "line": {"type": ["integer", "null"]},
        "column": {"type": ["integer", "null"]},
        "location": {"type": ["string", "null"]},
        "cells": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["code", "message_en", "message_zh", "cells"],
}
_DIAGNOSIS = {
    "type": ["object", "null"],
    "properties": {
        "failing": {"type": "array", "items": {"type": "string"}},
        "single": {"type": "array"},
        "double": {"type": "array"},
        "imbalances": {"type": "array", "items": {"type": "string"}},
        "message_zh": {"type": "string"},
        "message_en": {"type": "string"},
    },
}
_REPORT = {
    "type": "object",
    "properties": {
        "source": {"type": "string"},
        "template": {"enum": ["2019", "2021", "legacy", None], "title": "表格所依模板 (null: not read)"},
        "meta": {"type": "object"},
        "findings": {"type": "array", "items": {"$ref": "#/$defs/finding"}},
        "diagnostics": {"type": "array", "items": {"$ref": "#/$defs/diagnostic"}},
        "diagnosis": {"$ref": "#/$defs/diagnosis"},
        "error": {"type": ["string", "null"]},
    },
    "required": ["source", "template", "meta", "findings", "diagnostics", "diagnosis", "error"],
}


def build_check_schema() -> dict[str, Any]:
    """The JSON Schema of ``govdisclosure check --format json``: one shape for one report or many."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": CHECK_SCHEMA_ID,
        "title": "govdisclosure check 的结果 (check results)",
        "$defs": {"finding": _FINDING, "diagnostic": _DIAGNOSTIC, "diagnosis": _DIAGNOSIS, "report": _REPORT},
        "type": "object",
        "properties": {
            "$schema": {"const": CHECK_SCHEMA_ID},
            "reports": {"type": "array", "items": {"$ref": "#/$defs/report"}},
            "series": {"type": "array", "items": {"$ref": "#/$defs/finding"}, "title": "跨年度 (across years)"},
            "hidden_by_baseline": {"type": "integer", "minimum": 0},
            "below_min_severity": {"type": "integer", "minimum": 0},
        },
        "required": ["$schema", "reports", "series", "hidden_by_baseline", "below_min_severity"],
        "additionalProperties": False,
    }


_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:1.5em;color:#222}
h1{font-size:1.3em}table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:4px 8px;
text-align:left;vertical-align:top}th{background:#f3f3f3}.error{color:#b00020}.warning{color:#a05a00}
.notice{color:#555}td.n{text-align:right;font-variant-numeric:tabular-nums}details{margin:2px 0}
summary{cursor:pointer}code{font-size:.9em}.cells{font-size:.85em;color:#444;margin:.3em 0 .3em 1.2em}
"""


def _finding_html(f: dict[str, Any]) -> str:
    cells = "".join(
        f"<li><code>{html.escape(c['id'])}</code> = {'空 blank' if c['value'] is None else c['value']}"
        f"{' (按0计 counted as 0)' if c['blank_as_zero'] else ''}</li>"
        for c in f["cells"]
    )
    where = f.get("where", "")
    return (
        f'<details class="{f["severity"]}"><summary>[{f["severity"]}] '
        f"{html.escape(f['message_zh'])}</summary><div class='cells'>{html.escape(f['message_en'])}"
        f"<ul>{cells}</ul>{html.escape(where)} <small>fingerprint {f['fingerprint']}</small></div></details>"
    )


def render_check_html(
    reports: Sequence[dict[str, Any]],
    series: Sequence[dict[str, Any]],
    title: str,
    *,
    parsed: Mapping[str, Parsed] | None = None,
) -> str:
    """One self-contained page: agencies by rows, findings counted by severity, each expandable."""
    rows = []
    for r in reports:
        meta = r.get("meta") or {}
        counts = {s: sum(1 for f in r["findings"] if f["severity"] == s) for s in ("error", "warning", "notice")}
        body = "".join(_finding_html(f) for f in r["findings"])
        if r.get("diagnosis"):
            body += f"<p><b>诊断 diagnosis</b>: {html.escape(r['diagnosis']['message_zh'])}<br>"
            body += f"{html.escape(r['diagnosis']['message_en'])}</p>"
        if r.get("error"):
            body += f"<p class='error'>{html.escape(r['error'])}</p>"
        if r.get("diagnostics"):
            items = "".join(
                f"<li><code>{html.escape(d['code'])}</code> {html.escape(d.get('location') or '')}: "
                f"{html.escape(d['message_zh'])}</li>"
                for d in r["diagnostics"]
            )
            body += (
                f"<details><summary>解析说明 diagnostics ({len(r['diagnostics'])})</summary><ul>{items}</ul></details>"
            )
        rows.append(
            "<tr>"
            f"<td>{html.escape(str(meta.get('meta.agency') or '?'))}</td>"
            f"<td class='n'>{html.escape(str(meta.get('meta.year') or '?'))}</td>"
            f"<td>{html.escape(str(meta.get('meta.edition') or '?'))}</td>"
            f"<td class='n error'>{counts['error']}</td><td class='n warning'>{counts['warning']}</td>"
            f"<td class='n notice'>{counts['notice']}</td>"
            f"<td><code>{html.escape(r['source'])}</code>{body}</td></tr>"
        )
    series_html = "".join(_finding_html(f) for f in series) or "<p>无 none</p>"
    total = {s: sum(1 for r in reports for f in r["findings"] if f["severity"] == s) for s in ("error", "warning")}
    return (
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>"
        f"<p id='summary'>{len(reports)} 份报告 reports · {total['error']} 错误 errors · "
        f"{total['warning']} 警告 warnings</p>"
        "<table id='reports'><thead><tr><th>机关 agency</th><th>年度 year</th><th>版本 edition</th>"
        "<th>错误 errors</th><th>警告 warnings</th><th>提示 notices</th><th>发现 findings</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        f"<h2>跨年度 across years</h2>{series_html}</body></html>"
    )
