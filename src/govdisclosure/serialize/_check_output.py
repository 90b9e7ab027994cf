"""Check results as documents: JSON (with its own JSON Schema) and one self-contained HTML page.

The page is what an agency reviewer works from: errors first and notices folded, filters by
severity and rule, each report's tables drawn in the template's layout with the cells of
failing identities highlighted, and for any cell its value, where it was read and the
source text around it. It needs no network: the styles and the small script are inline.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..parse import Parsed
from ..parse._document import Location, Paragraph, Table
from ..rules import agency_key
from ..schema import SECTIONS, Report, ReportLegacy, cell_ids, cell_label, cell_spec, get_cell
from ._jsonschema import schema_id
from ._render import Grid, cell_text, table_grids

__all__ = ["CHECK_SCHEMA_ID", "build_check_schema", "cell_label", "render_check_html"]

CHECK_SCHEMA_ID = schema_id("check")


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
        "indicators": {"type": "object", "title": "指标 (indicators, docs: reference/criteria.md)"},
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
:root{--fg:#1b1b1f;--muted:#44474f;--line:#c4c6d0;--err:#9b1c1c;--err-bg:#fde4e1;--warn:#6b3d00;
--warn-bg:#fff1c7;--note:#3d4250;--focus:#1a4fd6;--bg:#ffffff;--panel:#f4f5f9}
*{box-sizing:border-box}
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;color:var(--fg);
 background:var(--bg);
line-height:1.5}
header.top{background:#fff;border-bottom:1px solid var(--line);padding:.6em 1.2em}
main{padding:0 1.2em 3em}
h1{font-size:1.25em;margin:.2em 0}h2{font-size:1.15em;margin:1.6em 0 .3em}h3{font-size:1em;margin:1em 0 .3em}
h4{font-size:.95em;margin:0 0 .2em}
a{color:var(--focus)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
fieldset{display:inline-block;border:1px solid var(--line);border-radius:4px;padding:.2em .6em;
 margin:.2em .4em .2em 0}
legend{font-size:.85em;color:var(--muted)}
label{margin-right:.8em;white-space:nowrap}
table{border-collapse:collapse}
#reports td,#reports th{border:1px solid var(--line);padding:3px 8px;text-align:left}
#reports th{background:var(--panel)}
.n{text-align:right;font-variant-numeric:tabular-nums}
.badge{display:inline-block;border-radius:3px;padding:0 .4em;font-size:.85em;font-weight:600;border:1px solid}
.badge.error{color:var(--err);background:var(--err-bg)}
.badge.warning{color:var(--warn);background:var(--warn-bg)}
.badge.notice{color:var(--note);background:var(--panel)}
.count.error{color:var(--err);font-weight:600}.count.warning{color:var(--warn);font-weight:600}
.finding{border:1px solid var(--line);border-left:6px solid var(--note);border-radius:4px;padding:.5em .8em;
 margin:.5em 0;
background:#fff}
.finding.error{border-left-color:var(--err)}.finding.warning{border-left-color:#b86e00}
.finding p{margin:.15em 0}.finding .en{color:var(--muted);font-size:.9em}
.finding ul{margin:.3em 0;padding-left:1.2em;font-size:.9em}
.finding small{color:var(--muted)}
.finding.current{box-shadow:0 0 0 3px var(--focus)}
button{font:inherit;font-size:.85em;border:1px solid var(--focus);color:var(--focus);background:#fff;
 border-radius:3px;
padding:.1em .6em;cursor:pointer}
button:hover{background:#eef2ff}
button.cellref{border:none;padding:0;color:var(--focus);text-decoration:underline;background:none;font-size:1em}
details.folded{margin:.6em 0;border:1px dashed var(--line);border-radius:4px;padding:.3em .8em}
details>summary{cursor:pointer}
.report{border-top:2px solid var(--line);margin-top:1.5em}
.src{color:var(--muted);font-size:.9em;margin:0}
.cellinfo{position:sticky;top:0;z-index:3;background:var(--panel);border:1px solid var(--line);border-radius:4px;
padding:.5em .8em;margin:.6em 0;font-size:.92em;min-height:2.8em}
.cellinfo dl{display:grid;grid-template-columns:max-content 1fr;gap:.1em .8em;margin:.2em 0}
.cellinfo dt{color:var(--muted)}.cellinfo dd{margin:0}
.cellinfo pre{white-space:pre-wrap;background:#fff;border:1px solid var(--line);padding:.3em .5em;margin:.2em 0;
font-size:.95em}
.tpl{margin:.4em 0 1em;font-size:.85em}
.tpl caption{text-align:left;font-weight:600;padding:.2em 0}
.tpl td{border:1px solid #6b6e78;padding:2px 5px;text-align:center;vertical-align:middle}
.tpl td.v{min-width:2.6em;font-variant-numeric:tabular-nums;cursor:pointer}
.tpl td.v:hover{background:#eef2ff}
.tpl td.blank{color:var(--muted)}
td.hl-warning{background:var(--warn-bg);outline:2px dashed #8a5300;outline-offset:-3px}
td.hl-error{background:var(--err-bg);outline:2px solid var(--err);outline-offset:-3px;font-weight:700}
td.focus{box-shadow:inset 0 0 0 3px var(--focus)}
td.sel{background:#dbe4ff !important}
td.inferred::after{content:"*";color:var(--warn)}
.legend{font-size:.85em;color:var(--muted)}
.legend span{display:inline-block;padding:0 .4em;margin-right:.6em}
[hidden]{display:none !important}
"""

_JS = r"""
(function(){
"use strict";
var data={};
document.querySelectorAll("script.cell-data").forEach(function(s){data[s.dataset.scope]=JSON.parse(s.textContent);});
function scopeOf(el){var s=el.closest("[data-scope]");return s?s.dataset.scope:null;}
function cellsIn(scope,ids){var root=document.querySelector('[data-scope="'+scope+'"]');var out=[];
 if(!root)return out;root.querySelectorAll("td[data-cell]").forEach(function(td){
 if(ids.indexOf(td.dataset.cell)>=0)out.push(td);});
 return out;}
function row(dl,k,v){if(v===null||v===undefined||v==="")return;var dt=document.createElement("dt");dt.textContent=k;
 var dd=document.createElement("dd");dd.textContent=v;dl.appendChild(dt);dl.appendChild(dd);}
function showCell(scope,id,scroll){
 var info=(data[scope]||{})[id];var panel=document.getElementById(scope+"-info");if(!panel)return;
 document.querySelectorAll("td.sel").forEach(function(td){td.classList.remove("sel");});
 cellsIn(scope,[id]).forEach(function(td){td.classList.add("sel");});
 panel.textContent="";
 var h=document.createElement("h4");h.textContent=info?info.label:id;panel.appendChild(h);
 var dl=document.createElement("dl");panel.appendChild(dl);
 row(dl,"单元格 cell id",id);
 if(info){row(dl,"值 value",info.value===""?"空 blank":info.value);
  row(dl,"读取位置 read at",info.where||"未读取 not read");row(dl,"行 line",info.line);
  row(dl,"表/行/列 table, row, column",info.grid);row(dl,"页 page",info.page);row(dl,"框 box (pt)",info.box);
  row(dl,"推定 inferred",info.inferred?"是：按勾稽关系推定拆分 yes, split using an identity":"");
  row(dl,"来源 source",info.source);
  row(dl,"涉及的发现 findings",(info.findings||[]).join(", "));
  if(info.snippet){var pre=document.createElement("pre");pre.textContent=info.snippet;
   var t=document.createElement("div");t.textContent="原文 source text:";panel.appendChild(t);panel.appendChild(pre);}}
 if(scroll)panel.scrollIntoView({block:"start"});
}
function showFinding(fid,scroll){
 var art=document.getElementById(fid);if(!art)return;var scope=scopeOf(art);
 document.querySelectorAll(".finding.current").forEach(function(a){a.classList.remove("current");});
 document.querySelectorAll("td.focus").forEach(function(td){td.classList.remove("focus");});
 art.classList.add("current");
 var ids=art.dataset.cells?art.dataset.cells.split(" "):[];var tds=cellsIn(scope,ids);
 tds.forEach(function(td){td.classList.add("focus");});
 var d=art.closest("details");if(d)d.open=true;
 if(tds.length){var first=tds.filter(function(td){return td.dataset.cell===ids[0];})[0]||tds[0];
  showCell(scope,first.dataset.cell,false);if(scroll)first.scrollIntoView({block:"center"});}
 else if(scroll)art.scrollIntoView({block:"center"});
}
function applyFilter(){
 var sev={};document.querySelectorAll("input.sev").forEach(function(i){sev[i.value]=i.checked;});
 var rule=document.getElementById("rule").value;var shown=0;
 document.querySelectorAll(".finding").forEach(function(a){
  var ok=sev[a.dataset.severity]&&(!rule||a.dataset.rule===rule);a.hidden=!ok;if(ok)shown++;});
 document.querySelectorAll("details.folded").forEach(function(d){
  d.hidden=!d.querySelector(".finding:not([hidden])");});
 document.getElementById("shown").textContent=String(shown);
}
document.addEventListener("change",function(e){if(e.target.matches("input.sev,#rule"))applyFilter();});
document.addEventListener("click",function(e){
 var b=e.target.closest("button[data-finding]");if(b){showFinding(b.dataset.finding,true);return;}
 var r=e.target.closest("button.cellref");if(r){var sc=scopeOf(r);showCell(sc,r.dataset.cell,true);return;}
 var td=e.target.closest("td[data-cell]");if(td){showCell(scopeOf(td),td.dataset.cell,false);}
});
function move(td,key){
 var cells=[].slice.call(td.closest("table").querySelectorAll("td[data-cell]"));var i=cells.indexOf(td);var next=null;
 if(key==="ArrowRight")next=cells[i+1];else if(key==="ArrowLeft")next=cells[i-1];
 else{var r=td.getBoundingClientRect();var x=r.left+r.width/2;var bd=1e12;
  cells.forEach(function(c){var q=c.getBoundingClientRect();var dy=key==="ArrowDown"?q.top-r.top:r.top-q.top;
   if(dy<=1)return;var d=dy*10000+Math.abs(q.left+q.width/2-x);if(d<bd){bd=d;next=c;}});}
 if(next){td.tabIndex=-1;next.tabIndex=0;next.focus();showCell(scopeOf(next),next.dataset.cell,false);}
}
document.addEventListener("keydown",function(e){
 var td=e.target.closest&&e.target.closest("td[data-cell]");if(!td)return;
 if(e.key==="Enter"||e.key===" "){e.preventDefault();showCell(scopeOf(td),td.dataset.cell,false);}
 else if(/^Arrow(Up|Down|Left|Right)$/.test(e.key)){e.preventDefault();move(td,e.key);}
});
function fromHash(){
 var h=decodeURIComponent(location.hash.slice(1));if(!h)return;
 var parts=h.split(";").map(function(p){var kv=p.split("=");return [kv[0],kv.slice(1).join("=")];});
 var only=null;parts.forEach(function(kv){if(kv[0]==="only")only=kv[1];});
 if(only){document.querySelectorAll("main>section,#reports,#reports-h").forEach(function(el){
  el.hidden=el.id!==only;});}
 var scroll=!only;
 parts.forEach(function(kv){var k=kv[0],v=kv[1];
  if(k==="only")return;
  if(k==="filter"){document.querySelectorAll("input.sev").forEach(function(i){i.checked=v.split(",").indexOf(i.value)>=0;});
   applyFilter();}
  else if(k==="rule"){document.getElementById("rule").value=v;applyFilter();}
  else if(k==="finding")showFinding(v,scroll);
  else if(k==="cell"){var i=v.indexOf(":");showCell(v.slice(0,i),v.slice(i+1),scroll);}
  else{var el=document.getElementById(k);if(el&&scroll)el.scrollIntoView({block:"start"});}
 });
}
window.addEventListener("hashchange",fromHash);
applyFilter();fromHash();
})();
"""

_SEVERITIES = ("error", "warning", "notice")
_SEV_ZH = {"error": "错误", "warning": "警告", "notice": "提示"}
_ORDER = {s: i for i, s in enumerate(_SEVERITIES)}
_e = html.escape


def _where(loc: Location) -> dict[str, Any]:
    grid = None if loc.table is None else f"表格 table {loc.table}，行 row {loc.row}，列 col {loc.col}"
    line = None if loc.line is None else f"{loc.line}" + (f"，列 column {loc.column}" if loc.column is not None else "")
    box = None if loc.bbox is None else ", ".join(f"{v:.0f}" for v in loc.bbox)
    return {"where": str(loc), "line": line, "grid": grid, "page": loc.page, "box": box}


def _snippet(parsed: Parsed, loc: Location, text: str) -> str:
    """The source text around a value: its table row, or its line with the lines beside it."""
    doc = parsed.document
    if doc is None:
        return text
    if loc.table is not None and loc.row is not None:
        for block in doc.blocks:
            if isinstance(block, Table) and block.loc.table == loc.table and loc.row < len(block.rows):
                return _row_text(block.rows[loc.row])
    if loc.line is None:
        return text
    lines: dict[int, str] = {}
    for block in doc.blocks:
        if isinstance(block, Paragraph) and block.loc.line is not None:
            lines[block.loc.line] = block.text
        elif isinstance(block, Table):
            for row in block.rows:
                at = {c.loc.line for c in row if c.loc.line is not None}
                if len(at) == 1:
                    lines.setdefault(at.pop(), _row_text(row))
    if loc.line not in lines:
        return text
    here = lines[loc.line]
    if len(here) > 240 and loc.column is not None:  # a crawler's one long line: the stretch around the value
        start = max(0, loc.column - 100)
        return ("…" if start else "") + here[start : loc.column + 100] + "…"
    return "\n".join(lines[n][:240] for n in (loc.line - 1, loc.line, loc.line + 1) if n in lines)


def _row_text(row: Sequence[Any]) -> str:
    return " | ".join(c.text.strip() for c in row if not c.copy)[:300]


def _cell_info(source: str, report: Report, parsed: Parsed | None, cid: str, findings: Sequence[str]) -> dict[str, Any]:
    try:
        value = get_cell(report, cid)
    except KeyError:
        value = None
    try:
        _, _, col = cell_spec(report.template, cid)
        shown = cell_text(report, cid, col)
    except KeyError:
        shown = "" if value is None else str(value)
    info: dict[str, Any] = {"label": cell_label(report.template, cid) or cid, "value": shown, "source": source}
    prov = parsed.provenance.get(cid) if parsed is not None else None
    if prov is not None:
        info.update(_where(prov.location))
        info["inferred"] = prov.inferred
        info["snippet"] = _snippet(parsed, prov.location, prov.text) if parsed is not None else prov.text
    info["findings"] = list(findings)
    return info


def _json_script(scope: str, data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/json" class="cell-data" data-scope="{scope}">{text}</script>'


def _finding_html(fid: str, f: dict[str, Any], edition: str | None) -> str:
    sev = f["severity"]
    items = []
    for c in f["cells"]:
        year, _, bare = c["id"].rpartition(":")
        label = cell_label(edition, bare) or c["id"]
        label = f"{year}年 {label}" if year else label
        value = "空 blank" if c["value"] is None else str(c["value"])
        zero = "（按0计 counted as 0）" if c["blank_as_zero"] else ""
        items.append(
            f'<li><button type="button" class="cellref" data-cell="{_e(c["id"])}">{_e(label)}</button> '
            f"<code>{_e(c['id'])}</code> = {_e(value)}{zero}</li>"
        )
    cells = " ".join(c["id"] for c in f["cells"])
    show = f'<button type="button" data-finding="{fid}">在表中标出 show in the tables</button> ' if f["cells"] else ""
    return (
        f'<article class="finding {sev}" id="{fid}" data-severity="{sev}" data-rule="{_e(f["rule"])}" '
        f'data-cells="{_e(cells)}">'
        f'<h4><span class="badge {sev}">{_SEV_ZH[sev]} {sev}</span> {_e(f["rule"])} <code>{_e(f["scope"])}</code></h4>'
        f'<p lang="zh-CN">{_e(f["message_zh"])}</p><p lang="en" class="en">{_e(f["message_en"])}</p>'
        f"{_cell_list(items)}{show}<small>fingerprint {_e(f['fingerprint'])}</small></article>"
    )


def _cell_list(items: list[str], shown: int = 5) -> str:
    if len(items) <= shown + 1:
        return f"<ul>{''.join(items)}</ul>"
    rest = "".join(items[shown:])
    return (
        f"<ul>{''.join(items[:shown])}</ul><details><summary>另 {len(items) - shown} 格 "
        f"{len(items) - shown} more cells</summary><ul>{rest}</ul></details>"
    )


def _findings_html(prefix: str, findings: Sequence[dict[str, Any]], edition: str | None) -> str:
    """Errors first, then warnings; notices folded."""
    ordered = sorted(enumerate(findings), key=lambda p: (_ORDER[p[1]["severity"]], p[0]))
    shown = [_finding_html(f"{prefix}-f{i}", f, edition) for i, f in ordered if f["severity"] != "notice"]
    notes = [_finding_html(f"{prefix}-f{i}", f, edition) for i, f in ordered if f["severity"] == "notice"]
    out = "".join(shown)
    if notes:
        out += (
            f'<details class="folded"><summary>提示 notices ({len(notes)})：无法核验或推定的关系 '
            f"relations not checkable or inferred</summary>{''.join(notes)}</details>"
        )
    return out or "<p>没有发现 no findings</p>"


def _highlights(findings: Sequence[dict[str, Any]]) -> dict[str, str]:
    """Cell id → the most severe failing finding's severity (errors and warnings; notices fail nothing)."""
    out: dict[str, str] = {}
    for f in findings:
        if f["severity"] == "notice":
            continue
        for c in f["cells"]:
            if c["id"] not in out or _ORDER[f["severity"]] < _ORDER[out[c["id"]]]:
                out[c["id"]] = f["severity"]
    return out


_TAG = "\x00"


def _tables_html(report: Report, parsed: Parsed | None, highlight: dict[str, str]) -> str:
    def tagged(rep: Report, cid: str, col: Any) -> str:
        return f"{_TAG}{cid}{_TAG}{cell_text(rep, cid, col)}"

    inferred = {cid for cid, p in (parsed.provenance.items() if parsed else ()) if p.inferred}
    titles = {s.id: f"表{s.number} {s.heading}" for s in SECTIONS}
    out = []
    for table_id, grid in table_grids(report, tagged):
        out.append(f'<table class="tpl" data-table="{table_id}"><caption>{_e(titles[table_id])}</caption>')
        out.append(_grid_rows(grid, highlight, inferred).replace('tabindex="-1"', 'tabindex="0"', 1))
        out.append("</table>")
    return "".join(out)


def _grid_rows(grid: Grid, highlight: dict[str, str], inferred: set[str]) -> str:
    rows = []
    for grid_row in grid:
        tds = []
        for cell in grid_row:
            if cell is None:
                continue
            text, rs, cs = cell
            span = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            if text.startswith(_TAG):
                _, cid, value = text.split(_TAG, 2)
                cls = ["v"] + ([f"hl-{highlight[cid]}"] if cid in highlight else [])
                cls += ["blank"] if value == "" else []
                cls += ["inferred"] if cid in inferred else []
                shown = value or "空"
                tds.append(
                    f'<td{span} class="{" ".join(cls)}" data-cell="{_e(cid)}" tabindex="-1" role="button" '
                    f'aria-label="{_e(cid)} = {_e(shown)}">{_e(value)}</td>'
                )
            else:
                tds.append(f"<td{span}>{_e(text)}</td>")
        rows.append("<tr>" + "".join(tds) + "</tr>")
    return "".join(rows)


_CITE = (
    ("meta.published", "发布日期 published"),
    ("meta.published_from", "来源 from"),
    ("meta.signed", "落款 signed"),
    ("meta.source_url", "原文链接 URL"),
    ("meta.sha256", "SHA-256"),
)
_INDICATOR_ZH = {
    "disclosure_rate": "实质公开率",
    "withheld_rate": "不予公开率",
    "unable_rate": "无法提供率",
    "not_processed_rate": "不予处理率",
    "review_correction_rate": "复议纠错率",
    "litigation_correction_rate": "诉讼纠错率",
    "requests_yoy": "申请量同比",
}


def _cite_html(meta: dict[str, Any], indicators: dict[str, Any]) -> str:
    """The report's citation (issue 19 §6) and its indicators (§5), one line each."""
    cite = " · ".join(f"{label}: <code>{_e(str(meta[k]))}</code>" for k, label in _CITE if meta.get(k))
    parts = []
    for k, ind in indicators.items():
        value = ind.get("value")
        shown = f"{value:.1%}" if isinstance(value, float) else f"— ({_e(str(ind.get('reason') or ''))})"
        parts.append(f"{_e(_INDICATOR_ZH.get(k, k))} {_e(k)}: {shown}")
    out = f'<p class="src">{cite}</p>' if cite else ""
    return out + (f'<p class="src">指标 indicators: {" · ".join(parts)}</p>' if parts else "")


def _report_html(i: int, r: dict[str, Any], parsed: Parsed | None) -> str:
    meta = r.get("meta") or {}
    prefix = f"r{i}"
    counts = {s: sum(1 for f in r["findings"] if f["severity"] == s) for s in _SEVERITIES}
    edition = r.get("template")
    head = (
        f'<section class="report" id="{prefix}" data-scope="{prefix}" aria-labelledby="{prefix}-h">'
        f'<h2 id="{prefix}-h">{_e(str(meta.get("meta.agency") or "?"))} {_e(str(meta.get("meta.year") or "?"))} '
        f"<small>（{_e(str(meta.get('meta.edition') or '?'))} 年版 edition）</small></h2>"
        f'<p class="src"><code>{_e(r["source"])}</code> · '
        f'<span class="count error">{counts["error"]} 错误 errors</span>'
        f' · <span class="count warning">{counts["warning"]} 警告 warnings</span> · {counts["notice"]} 提示 notices'
        f" · {len(r.get('diagnostics') or [])} 解析说明 diagnostics</p>"
    )
    if r.get("error"):
        return head + f'<p class="count error">无法读取 cannot read: {_e(r["error"])}</p></section>'
    body = [
        _cite_html(meta, r.get("indicators") or {}),
        f"<h3>发现 findings</h3>{_findings_html(prefix, r['findings'], edition)}",
    ]
    if r.get("diagnosis"):
        d = r["diagnosis"]
        body.append(f'<h3>诊断 diagnosis</h3><p lang="zh-CN">{_e(d["message_zh"])}</p>')
        body.append(f'<p lang="en" class="src">{_e(d["message_en"])}</p>')
    if r.get("diagnostics"):
        items = "".join(
            f"<li><code>{_e(d['code'])}</code> {_e(d.get('location') or '')}：{_e(d['message_zh'])}</li>"
            for d in r["diagnostics"]
        )
        body.append(
            f'<details class="diagnostics"><summary>解析说明 diagnostics ({len(r["diagnostics"])})：'
            f"未能读取或对应的内容 what the parser could not read or map</summary><ul>{items}</ul></details>"
        )
    report = parsed.report if parsed is not None else None
    if report is not None and not isinstance(report, ReportLegacy):
        highlight = _highlights(r["findings"])
        involved: dict[str, list[str]] = {}
        ordered = sorted(enumerate(r["findings"]), key=lambda p: (_ORDER[p[1]["severity"]], p[0]))
        for _, f in ordered:
            for c in f["cells"]:
                involved.setdefault(c["id"], []).append(f"{f['rule']} ({_SEV_ZH[f['severity']]})")
        data = {
            cid: _cell_info(r["source"], report, parsed, cid, involved.get(cid, ()))
            for cid in cell_ids(report.template)
        }
        body.append(
            "<h3>表格 the tables, in the template's layout</h3>"
            '<p class="legend"><span class="badge error">错误所涉单元格 cells of an error</span>'
            '<span class="badge warning">警告所涉单元格 cells of a warning</span>'
            "点击或按回车查看单元格的值与来源，方向键在表内移动 click a cell, or press Enter on it, for its value and "
            "where it was read; arrow keys move within a table"
            "（* 推定 inferred）</p>"
            f'<aside class="cellinfo" id="{prefix}-info" aria-live="polite" aria-label="单元格详情 cell details">'
            "<p>选择一个单元格 select a cell</p></aside>"
            + _tables_html(report, parsed, highlight)
            + _json_script(prefix, data)
        )
    return head + "".join(body) + "</section>"


def _series_html(
    reports: Sequence[dict[str, Any]], series: Sequence[dict[str, Any]], parsed: Mapping[str, Parsed]
) -> str:
    """Per agency: its years side by side for the cells the year-to-year identities compare."""
    groups: dict[str, list[tuple[int, str, Parsed]]] = {}
    for r in reports:
        p = parsed.get(r["source"])
        if p is None or isinstance(p.report, ReportLegacy):
            continue
        key, year = agency_key(p.report.meta.agency), p.report.meta.year
        if key is not None and year is not None:
            groups.setdefault(key, []).append((year, r["source"], p))
    out = []
    base = [f"requests.{row}.total" for row in ("new", "carried_over", "total", "carried_forward")]
    order = {cid: n for n, cid in enumerate([*cell_ids("2021"), *cell_ids("2019")])}
    for g, (key, members) in enumerate(sorted(groups.items())):
        members.sort(key=lambda m: m[0])
        mine = [f for f in series if re.match(re.escape(key) + r"\d", agency_key(f["scope"]) or "")]
        wanted = set(base) | {c["id"].rpartition(":")[2] for f in mine for c in f["cells"]}
        rows = sorted(wanted, key=lambda cid: order.get(cid, len(order)))
        highlight = _highlights(mine)
        scope = f"s{g}"
        data: dict[str, Any] = {}
        involved: dict[str, list[str]] = {}
        for f in mine:
            for c in f["cells"]:
                involved.setdefault(c["id"], []).append(f"{f['rule']} ({_SEV_ZH[f['severity']]})")
        head = "".join(f"<td><b>{year}</b></td>" for year, _, _ in members)
        trs = [f"<tr><td>单元格 cell</td>{head}</tr>"]
        for cid in rows:
            tds = []
            for year, source, p in members:
                key_id = f"{year}:{cid}"
                try:
                    _, _, col = cell_spec(p.report.template, cid)
                except KeyError:
                    tds.append("<td>—</td>")
                    continue
                value = cell_text(p.report, cid, col)
                data[key_id] = _cell_info(source, p.report, p, cid, involved.get(key_id, ()))
                cls = ["v"] + ([f"hl-{highlight[key_id]}"] if key_id in highlight else [])
                tds.append(
                    f'<td class="{" ".join(cls)}" data-cell="{_e(key_id)}" tabindex="-1" role="button" '
                    f'aria-label="{_e(key_id)} = {_e(value or "空")}">{_e(value)}</td>'
                )
            label = cell_label(None, cid) or cid
            trs.append(f'<tr><td style="text-align:left">{_e(label)} <code>{_e(cid)}</code></td>{"".join(tds)}</tr>')
        name = members[-1][2].report.meta.agency or key
        table = "".join(trs).replace('tabindex="-1"', 'tabindex="0"', 1)  # one tab stop; arrows move within
        out.append(
            f'<section class="agency" data-scope="{scope}" aria-labelledby="{scope}-h">'
            f'<h3 id="{scope}-h">{_e(name)}：{", ".join(str(m[0]) for m in members)}</h3>'
            f'<aside class="cellinfo" id="{scope}-info" aria-live="polite" aria-label="单元格详情 cell details">'
            f'<p>选择一个单元格 select a cell</p></aside><table class="tpl">{table}</table>'
            f"{_findings_html(scope, mine, None) if mine else ''}{_json_script(scope, data)}</section>"
        )
    return "".join(out)


def _unassigned(reports: Sequence[dict[str, Any]], series: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Series findings no agency section of the page shows (their agency has no table drawn)."""
    keys = {agency_key(str((r.get("meta") or {}).get("meta.agency") or "")) for r in reports if not r.get("error")}
    keys.discard(None)
    return [
        f for f in series if not any(re.match(re.escape(k) + r"\d", agency_key(f["scope"]) or "") for k in keys if k)
    ]


def render_check_html(
    reports: Sequence[dict[str, Any]],
    series: Sequence[dict[str, Any]],
    title: str,
    *,
    parsed: Mapping[str, Parsed] | None = None,
) -> str:
    """One self-contained page for a reviewer (no network, no external files).

    ``reports`` are the entries of ``check --format json``; ``parsed`` maps each entry's
    source to its parse result, which draws the tables and says where each value was read
    (without it the page lists the findings only).
    """
    parsed = parsed or {}
    rules = sorted({f["rule"] for r in reports for f in r["findings"]} | {f["rule"] for f in series})
    index = []
    for i, r in enumerate(reports):
        meta = r.get("meta") or {}
        counts = {s: sum(1 for f in r["findings"] if f["severity"] == s) for s in _SEVERITIES}
        index.append(
            f"<tr><td><a href='#r{i}'>{_e(str(meta.get('meta.agency') or '?'))}</a></td>"
            f"<td class='n'>{_e(str(meta.get('meta.year') or '?'))}</td>"
            f"<td>{_e(str(meta.get('meta.edition') or '?'))}</td>"
            f"<td class='n count error'>{counts['error']}</td><td class='n count warning'>{counts['warning']}</td>"
            f"<td class='n'>{counts['notice']}</td><td><code>{_e(r['source'])}</code>"
            f"{' <b class=count error>无法读取 unreadable</b>' if r.get('error') else ''}</td></tr>"
        )
    total = {
        s: sum(1 for r in reports for f in r["findings"] if f["severity"] == s)
        + sum(1 for f in series if f["severity"] == s)
        for s in _SEVERITIES
    }
    total_series = {s: sum(1 for f in series if f["severity"] == s) for s in _SEVERITIES}
    checks = "".join(
        f'<label><input type="checkbox" class="sev" value="{s}" checked> {_SEV_ZH[s]} {s}</label>' for s in _SEVERITIES
    )
    options = "".join(f'<option value="{_e(r)}">{_e(r)}</option>' for r in rules)
    n_findings = sum(len(r["findings"]) for r in reports) + len(series)
    controls = (
        '<form class="filters" onsubmit="return false" aria-label="筛选 filters">'
        f"<fieldset><legend>严重程度 severity</legend>{checks}</fieldset>"
        '<fieldset><legend>规则 rule</legend><label for="rule" hidden>规则 rule</label>'
        f'<select id="rule"><option value="">全部 all</option>{options}</select></fieldset>'
        f' <span>显示 shown: <b id="shown">{n_findings}</b> / {n_findings}</span></form>'
    )
    series_block = ""
    if len(reports) > 1 or series:
        series_block = (
            '<section id="series" aria-labelledby="series-h"><h2 id="series-h">跨年度 across years</h2>'
            f'<p class="src">{total_series["error"]} 错误 errors · {total_series["warning"]} 警告 warnings · '
            f"{total_series['notice']} 提示 notices. 同一机关的报告按年度并列 an agency's reports side by side, "
            "by year.</p>"
            + _series_html(reports, series, parsed)
            + (_findings_html("series", rest, None) if (rest := _unassigned(reports, series)) else "")
            + "</section>"
        )
    return (
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>"
        f'<header class="top"><h1>{_e(title)}</h1>'
        f"<p id='summary' class='src'>{len(reports)} 份报告 reports · "
        f"<span class='count error'>{total['error']} 错误 errors</span> · "
        f"<span class='count warning'>{total['warning']} 警告 warnings</span> · {total['notice']} 提示 notices"
        f"{' · <a href=#series>跨年度 across years</a>' if series_block else ''}</p>{controls}</header><main>"
        "<h2 id='reports-h'>报告 reports</h2>"
        "<table id='reports'><thead><tr><th>机关 agency</th><th>年度 year</th><th>版本 edition</th>"
        "<th>错误 errors</th><th>警告 warnings</th><th>提示 notices</th><th>文件 file</th></tr></thead>"
        f"<tbody>{''.join(index)}</tbody></table>"
        + "".join(_report_html(i, r, parsed.get(r["source"])) for i, r in enumerate(reports))
        + series_block
        + f"</main><script>{_JS}</script></body></html>"
    )
