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
from ..rules._identities import parsed_context
from ..schema import (
    SECTIONS,
    Report,
    ReportLegacy,
    cell_ids,
    cell_label,
    cell_spec,
    get_cell,
    printed_rows,
    table_specs,
)
from ._ids import schema_id
from ._render import Grid, cell_text, table_grids

__all__ = ["CHECK_SCHEMA_ID", "build_check_schema", "cell_label", "human_where", "render_check_html"]

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
        "unfilled_rows": {"type": "array", "items": {"type": "string"}},
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
.tpl td.v,.tpl td[data-cell]{min-width:2.6em;font-variant-numeric:tabular-nums;cursor:pointer}
.tpl td.v:hover,.tpl td[data-cell]:hover{background:#eef2ff}
.tpl td.blank{color:var(--muted)}
td.hl-warning{background:var(--warn-bg);outline:2px dashed #8a5300;outline-offset:-3px}
td.hl-error{background:var(--err-bg);outline:2px solid var(--err);outline-offset:-3px;font-weight:700}
td.focus{box-shadow:inset 0 0 0 3px var(--focus)}
td.sel{background:#dbe4ff !important}
td.inferred::after{content:"*";color:var(--warn)}
td.unread{background:repeating-linear-gradient(135deg,#fff 0 4px,#e6e7ee 4px 8px);outline:2px dotted var(--muted);
 outline-offset:-3px}
td.unread::before{content:"未读";color:var(--muted);font-size:.8em}
.unreadmark{background:repeating-linear-gradient(135deg,#fff 0 4px,#e6e7ee 4px 8px);border:1px dotted var(--muted)}
td[data-fix]::after{content:" → " attr(data-fix);color:var(--focus);font-weight:700}
.fixmark{color:var(--focus);font-weight:700}
.unread-list{border:1px dotted var(--muted);border-radius:4px;padding:.3em .8em;margin:.6em 0;background:var(--panel)}
.unread-list ul{margin:.2em 0;padding-left:1.2em;font-size:.9em}
mark{background:#ffe066;color:var(--fg);font-weight:700}
.scroll{overflow-x:auto;max-width:100%}
@media (max-width:700px){
 header.top,main{padding-left:.5em;padding-right:.5em}
 h1{font-size:1.05em}
 fieldset{display:block;margin:.2em 0}
 label{display:inline-block;margin:.1em .6em .1em 0}
 #reports{display:block;overflow-x:auto;font-size:.85em}
 .cellinfo{position:static}
 .cellinfo dl{grid-template-columns:1fr}
 .tpl{font-size:.8em}
 .finding{padding:.4em .5em}
 code{word-break:break-all}
}
.legend{font-size:.85em;color:var(--muted)}
.legend span{display:inline-block;padding:0 .4em;margin-right:.6em}
[hidden]{display:none !important}
"""

_JS = r"""
(function(){
"use strict";
var data={};
document.querySelectorAll("script.cell-data").forEach(function(s){data[s.dataset.scope]=JSON.parse(s.textContent);});
var labelsEl=document.getElementById("labels");var labels=labelsEl?JSON.parse(labelsEl.textContent):{};
function scopeOf(el){var s=el.closest("[data-scope]");return s?s.dataset.scope:null;}
function cellsIn(scope,ids){var root=document.querySelector('[data-scope="'+scope+'"]');var out=[];
 if(!root)return out;root.querySelectorAll("td[data-cell]").forEach(function(td){
 if(ids.indexOf(td.dataset.cell)>=0)out.push(td);});
 return out;}
var index={};
Object.keys(data).forEach(function(sc){var d=data[sc];if(!d.order)return;var ids=labels[d.ed]||[];
 var root=document.querySelector('[data-scope="'+sc+'"]');if(!root)return;
 root.querySelectorAll("td.v").forEach(function(td,i){var p=ids[d.order[i]];if(p)td.dataset.cell=p[0];});});
function cellIndex(ed){if(!index[ed]){index[ed]={};(labels[ed]||[]).forEach(function(p,i){index[ed][p[0]]=i;});}
 return index[ed];}
function infoOf(scope,id){var d=data[scope]||{};var rec,src=0,lb=null;
 if(d.byid){var e=d.byid[id];if(!e)return {};src=e[0];lb=e[1];rec=e[2];}
 else{var i=cellIndex(d.ed)[id];rec=i===undefined?0:d.cells[i];}
 rec=rec||[];var out={k:src,lb:lb,a:rec[0]||"",s:rec[1]||"",i:(rec[2]||"").indexOf("i")>=0,
  z:(rec[2]||"").indexOf("z")>=0,f:rec[4]||[],x:rec[5]||""};
 out.u=(rec[3]||[]).map(function(n){return d.why[n];});return out;}
function labelOf(scope,id){var d=data[scope]||{};var info=infoOf(scope,id);if(info.lb)return info.lb;
 var i=cellIndex(d.ed)[id];return i===undefined?id:labels[d.ed][i][1];}
function row(dl,k,v){if(v===null||v===undefined||v==="")return;var dt=document.createElement("dt");dt.textContent=k;
 var dd=document.createElement("dd");dd.textContent=v;dl.appendChild(dt);dl.appendChild(dd);}
function where(a){if(!a)return "";var p=[],page=false;
 a.split(" ").forEach(function(x){var k=x[0],v=x.slice(1);
  if(k==="p"){page=true;p.push("第"+v+"页 page "+v);}
  else if(k==="t"){var t=v.split(".");p.push("第"+t[0]+"个表格 table "+t[0]+(page?" on the page":" in the document")+
   "，第"+t[1]+"行 row "+t[1]+"，第"+t[2]+"列 col "+t[2]);}
  else if(k==="l"){var l=v.split(":");p.push("第"+l[0]+"行 line "+l[0]+(l.length>1?"，第"+l[1]+"字 column "+l[1]:""));}
  else if(k==="g")p.push("第"+v+"段 paragraph "+v);
  else if(k==="b")p.push("框 box "+v+" pt");
  else if(k==="c")p.push("识别置信度 OCR confidence "+v);});
 return p.join("；");}
function len(v){return typeof v==="string"?v.length:v.n;}
function sl(v,lo,hi){if(typeof v==="string")return v.slice(lo,hi);var out="",at=lo;
 v.p.forEach(function(p){var a=Math.max(lo,p[0]),b=Math.min(hi,p[0]+p[1].length);if(a>=b)return;
  if(a>at)out+="…";out+=p[1].slice(a-p[0],b-p[0]);at=b;});return out;}
function snippet(d,s,a){
 var pre=document.createElement("pre");var q=s.slice(1).split("#");
 function add(t,m){if(!t)return;if(m){var k=document.createElement("mark");k.textContent=t;pre.appendChild(k);}
  else pre.appendChild(document.createTextNode(t));}
 if(s[0]==="R"){var first=true;(d.rows[q[0]]||[]).forEach(function(c,j){if(c===null)return;
   if(!first)add(" | ");first=false;add(c,String(j)===q[1]);});return pre;}
 var m=/(?:^| )l(\d+)(?::(\d+))?/.exec(a||"");if(!m)return pre;
 var pf=q[0],ln=+m[1],col=(q[1]!==""&&m[2])?+m[2]+(+q[1]):0,n=+q[2];
 [ln-1,ln,ln+1].forEach(function(k){var t=d.lines[pf+k];if(t===undefined)return;if(pre.childNodes.length)add("\n");
  var size=len(t);
  if(k!==ln){add(sl(t,0,240)+(size>240?"…":""));return;}
  var at=col?col-1:-1,lo=0,hi=size;
  if(size>240){lo=Math.max(0,(at>=0?at:0)-100);hi=Math.min(size,lo+200+n);}
  if(lo>0)add("…");
  if(at>=0&&n>0){add(sl(t,lo,at));add(sl(t,at,at+n),true);add(sl(t,at+n,hi));}else add(sl(t,lo,hi));
  if(hi<size)add("…");});
 return pre;}
function showCell(scope,id,scroll){
 var d=data[scope]||{};var info=infoOf(scope,id);var panel=document.getElementById(scope+"-info");if(!panel)return;
 document.querySelectorAll("td.sel").forEach(function(td){td.classList.remove("sel");});
 var tds=cellsIn(scope,[id]);tds.forEach(function(td){td.classList.add("sel");});
 panel.textContent="";
 var h=document.createElement("h4");h.textContent=labelOf(scope,id);panel.appendChild(h);
 var dl=document.createElement("dl");panel.appendChild(dl);
 row(dl,"单元格 cell id",id);
 var v=tds.length?tds[0].textContent:"";
 if(info.u.length){row(dl,"值 value","未读：无法读取，不是所印空白 "+
  "not read: the parser could not read it (not a printed blank)");
  row(dl,"原因 why",info.u.join("\n"));}
 else row(dl,"值 value",v===""?"空 blank（所印空白 printed blank）":v);
 row(dl,"建议更正 proposed fix",info.x?"→ "+info.x:"");
 row(dl,"读取位置 read at",info.a?where(info.a):(info.u.length?"":"未读取 not read"));
 row(dl,"推定 inferred",info.i?"是：按勾稽关系推定拆分 yes, split using an identity":"");
 row(dl,"近似行名 fuzzy label",info.z?"是：行名按近似匹配读取 yes, its row label matched approximately":"");
 row(dl,"来源 source",d.srcs?d.srcs[info.k||0]:d.src);
 row(dl,"涉及的发现 findings",info.f.join(", "));
 if(info.s){var t=document.createElement("div");
  t.textContent="原文 source text（读取的字符已标出 the characters read, marked）:";
  panel.appendChild(t);panel.appendChild(snippet(d,info.s,info.a));}
 if(scroll)panel.scrollIntoView({block:"start"});
}
document.querySelectorAll("table").forEach(function(table){var first=true;
 table.querySelectorAll("td[data-cell]").forEach(function(td){td.setAttribute("role","button");
  td.tabIndex=first?0:-1;first=false;var sc=scopeOf(td);
  var shown=td.classList.contains("unread")?"未读 not read":(td.textContent||"空 blank");
  td.setAttribute("aria-label",labelOf(sc,td.dataset.cell)+" = "+shown);});});
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
_UNREADABLE = ' <b class="count error">无法读取 unreadable</b>'


def _table_numbers(parsed: Parsed | None) -> dict[int, tuple[int | None, int]]:
    """A table's document-wide index (0-based) → (its page, its number on that page from 1), or
    (None, its number in the document from 1) where the document has no pages."""
    doc = parsed.document if parsed is not None else None
    out: dict[int, tuple[int | None, int]] = {}
    on_page: dict[int, int] = {}
    for block in doc.blocks if doc is not None else ():
        if isinstance(block, Table) and block.loc.table is not None:
            page = block.loc.page
            if page is None:
                out[block.loc.table] = (None, block.loc.table + 1)
            else:
                on_page[page] = on_page.get(page, 0) + 1
                out[block.loc.table] = (page, on_page[page])
    return out


def _at(loc: Location, tables: Mapping[int, tuple[int | None, int]]) -> list[int | None]:
    """What a person counts on paper: [page, table on that page (or in the document), row, col,
    line, column, paragraph], every one from 1; None where it does not apply."""
    table = row = col = None
    if loc.table is not None:
        table = tables.get(loc.table, (None, loc.table + 1))[1]
        row = None if loc.row is None else loc.row + 1
        col = None if loc.col is None else loc.col + 1
    return [loc.page, table, row, col, loc.line, loc.column, loc.paragraph]


def human_where(loc: Location | None, tables: Mapping[int, tuple[int | None, int]] | None = None) -> str:
    """A location as a person finds it on paper: page N, table k on that page, row and column
    from 1 (``Location`` counts tables over the whole document, rows and columns from 0)."""
    if loc is None:
        return ""
    page, table, row, col, line, column, paragraph = _at(loc, tables or {})
    parts = []
    if page is not None:
        parts.append(f"第{page}页 page {page}")
    if table is not None:
        on = "on the page" if page is not None else "in the document"
        parts.append(f"第{table}个表格 table {table} {on}，第{row}行 row {row}，第{col}列 col {col}")
    if line is not None:
        parts.append(f"第{line}行 line {line}" + (f"，第{column}字 column {column}" if column is not None else ""))
    if paragraph is not None:
        parts.append(f"第{paragraph}段 paragraph {paragraph}")
    return "；".join(parts) or str(loc)


class _Sources:
    """The source text of one report, for the snippets of its cells: each text line once, each
    table row once (as its cells), whatever number of cells point into them."""

    def __init__(
        self,
        parsed: Parsed,
        prefix: str = "",
        used_lines: dict[str, str] | None = None,
        used_rows: dict[str, list[str | None]] | None = None,
        windows: dict[str, list[tuple[int, int]]] | None = None,
    ) -> None:
        self.prefix = prefix  # keys of this source's lines and rows in a page scope of several sources
        self.lines: dict[int, str] = {}
        self.grid: dict[tuple[int, int], list[str | None]] = {}
        self.exact: set[int] = set()  # lines laid out as printed: a value's column points into them
        doc = parsed.document
        for block in doc.blocks if doc is not None else ():
            if isinstance(block, Paragraph) and block.loc.line is not None:
                self.lines[block.loc.line] = block.text
                self.exact.add(block.loc.line)
            elif isinstance(block, Table):
                for r, cells in enumerate(block.rows):
                    if block.loc.table is not None:
                        self.grid[(block.loc.table, r)] = [None if c.copy else c.text.strip() for c in cells]
                    at = {c.loc.line for c in cells if c.loc.line is not None}
                    if len(at) == 1:
                        line = at.pop()
                        if line not in self.lines:
                            laid = _laid_out(cells)
                            self.lines[line] = laid if laid is not None else _row_text(cells)
                            if laid is not None:
                                self.exact.add(line)
        self.used_lines: dict[str, str] = {} if used_lines is None else used_lines
        # a long line (a crawled page is one) is kept only around the values read from it
        self.windows: dict[str, list[tuple[int, int]]] = {} if windows is None else windows
        self.used_rows: dict[str, list[str | None]] = {} if used_rows is None else used_rows

    def snippet(self, loc: Location, text: str) -> list[Any] | None:
        """How the page finds a value's source text: ["r", "table:row", col] (a table row, the
        value's cell marked), ["l", prefix, line, column, length] (the line and the lines beside
        it, the characters read marked); keys carry the source's prefix."""
        if loc.table is not None and loc.row is not None and (loc.table, loc.row) in self.grid:
            key = f"{self.prefix}{loc.table}:{loc.row}"
            self.used_rows[key] = self.grid[(loc.table, loc.row)]
            return ["r", key, loc.col]
        if loc.line is not None and loc.line in self.lines:
            column = loc.column if loc.line in self.exact else None
            if column is not None:  # the characters read: the printed text without its spaces
                column += len(text) - len(text.lstrip())
            length = len(text.strip())
            for n in (loc.line - 1, loc.line, loc.line + 1):
                if n not in self.lines:
                    continue
                key, line = f"{self.prefix}{n}", self.lines[n]
                self.used_lines[key] = line
                if len(line) > _LONG:  # the stretch the page shows (its script cuts the same)
                    lo = max(0, (column - 1 if column else 0) - 100) if n == loc.line else 0
                    hi = min(len(line), lo + 200 + length) if n == loc.line else 240
                    self.windows.setdefault(key, []).append((lo, hi))
            return ["l", self.prefix, loc.line, column, length]
        return None

    def lines_json(self) -> dict[str, Any]:
        return _lines_json(self.used_lines, self.windows)


_LONG = 240  # a line longer than this is shown in part: the stretch around the value


def _lines_json(lines: Mapping[str, str], windows: Mapping[str, list[tuple[int, int]]]) -> dict[str, Any]:
    """The lines a page scope shows: a short line whole; a long one as {"n": its length, "p":
    [[offset, text], ...]}, the stretches around its values only."""
    out: dict[str, Any] = {}
    for key, line in lines.items():
        if len(line) <= _LONG or key not in windows:
            out[key] = line
            continue
        pieces: list[list[Any]] = []
        for lo, hi in sorted(windows[key]):
            if pieces and lo <= pieces[-1][0] + len(pieces[-1][1]):
                start = pieces[-1][0]
                pieces[-1][1] = line[start : max(hi, start + len(pieces[-1][1]))]
            else:
                pieces.append([lo, line[lo:hi]])
        out[key] = {"n": len(line), "p": pieces}
    return out


def _laid_out(row: Sequence[Any]) -> str | None:
    """A text table's row as printed: each cell's text at its column, a bar before it and after
    the last (None when the cells do not say their columns)."""
    if not row or any(c.loc.column is None for c in row if not c.copy):
        return None
    chars: list[str] = []
    cells = [c for c in row if not c.copy]
    for c in cells:
        at = c.loc.column - 1
        if at < len(chars):
            return None
        chars += [" "] * (at - len(chars))
        if at:
            chars[at - 1] = "|"
        chars += list(c.text)
    return "".join(chars) + ("|" if cells[-1].text else "")


def _row_text(row: Sequence[Any]) -> str:
    return " | ".join(c.text.strip() for c in row if not c.copy)[:300]


# What a diagnostic that leaves cells unread means, in a few words (docs/reference/diagnostics.md).
_UNREAD_CODES = {
    "ambiguous-run": "数字串无法唯一拆分 a run of digits with several splits",
    "cell-not-read": "未找到该行 its row was not found",
    "header-order": "表头列顺序与模板不同，无法确定 the header's columns in another order",
    "merged-cell": "跨行合并格中的数值 a value printed once for merged rows",
    "not-a-count": "不是整数 not a whole number",
    "number-implausible": "数字位数过多 more digits than a count has",
    "number-split": "数字被换行拆开，无法确定 a number broken over a line",
    "ocr-cell-unread": "扫描件中有字迹但无法识别 writing OCR could not read",
    "row-overfull": "数值多于列数，无法确定 more values than columns",
    "row-short": "数值少于列数，位置无法确定 fewer values than columns",
    "row-uncertain": "数值所属行无法确定 whose values these are is not certain",
    "row-values-not-found": "行名后是文字而非数值 prose after the row label",
    "table-missing": "未找到该表 its table was not found",
    "table-not-read": "表四数值的格式无法对应 table 四's values in no shape that maps",
    "value-cut": "文本在此中止，数值可能被截去 the text stops here: values may be cut off",
}


def _unread_reasons(parsed: Parsed) -> dict[str, list[tuple[str, str]]]:
    """Why each cell the parser could not read is blank, as (code, text): the diagnostics naming
    it (their Chinese message), the readings of its digit run; a table not found, for its cells."""
    report = parsed.report
    values = cells_of(report)
    # table 三 prints （六）其他处理 in one form (one row, or three sub-rows): the other's cells are not printed
    spec = next(t for t in table_specs(report.template) if t.id == "requests")
    printed = {f"requests.{row.id}" for row in printed_rows(report, spec)}
    # as the checks see it: not read at all, or printed but left unread (not-a-count, ...)
    not_read = parsed_context(parsed).unread
    unread = [
        cid
        for cid in values
        if cid in not_read and (not cid.startswith("requests.") or cid.rpartition(".")[0] in printed)
    ]
    reasons: dict[str, list[tuple[str, str]]] = {cid: [] for cid in unread}
    missing_tables = []
    for d in parsed.diagnostics:
        for cid in d.cells:
            if cid in reasons:
                reasons[cid].append((d.code, d.message_zh))
        if d.code == "table-missing":
            missing_tables.append(d)
    for amb in parsed.ambiguous:
        readings = " 或 or ".join("|".join(r) for r in amb.readings[:6])
        for cid in amb.cells:
            if cid in reasons:
                reasons[cid].append(("ambiguous-run", f"数字串的读法 readings of the digit run: {readings}"))
    for cid, why in reasons.items():
        if not why:
            table = cid.split(".", 1)[0]
            why += [(d.code, d.message_zh) for d in missing_tables if d.message_en == f"table {table} not found"]
            if not why:
                why.append(("", "文中未找到其数值 no value for it was found in the document"))
    return reasons


def cells_of(report: Report) -> dict[str, Any]:
    """{cell id: value} of every table cell of the report."""
    return {cid: get_cell(report, cid) for cid in cell_ids(report.template)}


def _cell_record(
    parsed: Parsed | None,
    cid: str,
    findings: Sequence[str],
    tables: Mapping[int, tuple[int | None, int]],
    sources: _Sources | None,
    unread: Mapping[str, list[tuple[str, str]]],
    fix: Mapping[str, str],
) -> dict[str, Any]:
    """What the page shows of a cell beside its value (keys left out when empty):
    ``a`` where it was read (:func:`_at`), ``s`` its source text (:meth:`_Sources.snippet`),
    ``i`` inferred, ``z`` fuzzy label, ``u`` why it could not be read, ``f`` the findings
    it is in, ``x`` the value the diagnosis proposes."""
    info: dict[str, Any] = {}
    prov = parsed.provenance.get(cid) if parsed is not None else None
    if prov is not None:
        info["a"] = _at(prov.location, tables)
        if prov.location.bbox is not None:  # a PDF's or a scan's box, in points
            info["b"] = ",".join(f"{v:.0f}" for v in prov.location.bbox)
        if prov.location.confidence is not None:
            info["c"] = f"{prov.location.confidence:.2f}"
        snippet = sources.snippet(prov.location, prov.text) if sources is not None else None
        if snippet is not None:
            info["s"] = snippet
        if prov.inferred:
            info["i"] = 1
        if prov.fuzzy:
            info["z"] = 1
    if cid in unread:
        info["u"] = unread[cid]
    if findings:
        info["f"] = list(findings)
    if cid in fix:
        info["x"] = fix[cid]
    return info


def _compact(info: Mapping[str, Any], why: dict[str, int]) -> list[Any] | int:
    """A cell's record as the page's data holds it, small (a page of 34 reports stays under
    1.5 MB): ``[where, snippet, flags, why, findings, fix]`` without empty trailing items, 0
    for none. ``where``: ``p4 t2.3.4 l28:21 g5`` (page; table on the page or in the document,
    row, col; line:column; paragraph, all from 1; then a PDF's box ``b``, an OCR confidence
    ``c``); ``snippet``: ``R<row key>#<col>`` or
    ``L<prefix>#<line>#<column>#<length>``; ``flags``: ``i`` inferred, ``z`` fuzzy label;
    ``why``: indices into the scope's list of reasons (``why``, filled here)."""
    rec: list[Any] = ["", "", "", [], [], ""]
    a = info.get("a")
    if a is not None:
        page, table, row, col, line, column, paragraph = a
        parts = [f"p{page}"] if page is not None else []
        parts += [f"t{table}.{row}.{col}"] if table is not None else []
        parts += [f"l{line}" + (f":{column}" if column is not None else "")] if line is not None else []
        parts += [f"g{paragraph}"] if paragraph is not None else []
        parts += [f"b{info['b']}"] if "b" in info else []
        parts += [f"c{info['c']}"] if "c" in info else []
        rec[0] = " ".join(parts)
    sn = info.get("s")
    if sn is not None and sn[0] == "r":
        rec[1] = f"R{sn[1]}#{sn[2]}"
    elif sn is not None:  # the line and column are those of ``where``; the mark skips leading spaces
        prefix, line, column, length = sn[1:]
        at = "" if column is None or a is None or a[5] is None else str(column - a[5])
        rec[1] = f"L{prefix}#{at}#{length}"
    rec[2] = ("i" if "i" in info else "") + ("z" if "z" in info else "")
    if "u" in info:
        texts = [f"{code}: {text}" if code else text for code, text in info["u"]]
        rec[3] = [why.setdefault(w, len(why)) for w in texts]
    rec[4] = list(info.get("f", ()))
    rec[5] = info.get("x", "")
    while rec and not rec[-1]:
        rec.pop()
    return rec or 0


# Inside <script>, "</script" ends the element and "<!--" (with a "<script" after it) makes a later
# "</script>" not end it: no content may write "<", ">" or "&" there. JSON escapes them (and the
# line and paragraph separators, which some JavaScript engines take for line ends), so that
# nothing read from a report or a file name can close or comment out the data's container.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _json_script(scope: str, data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_SAFE)
    return f'<script type="application/json" class="cell-data" data-scope="{scope}">{text}</script>'


def _unread_rows(edition: str | None, cids: Sequence[str]) -> str:
    """Buttons to the cells not read, one per row of the template: the row's label and, for
    several of its cells, their number."""
    rows: dict[str, list[str]] = {}
    for cid in cids:
        rows.setdefault(cid.rpartition(".")[0], []).append(cid)
    out = []
    for members in rows.values():
        label = cell_label(edition, members[0]) or members[0]
        row = label.split(" / ")[-2] if " / " in label else label
        name = _short(label) if len(members) == 1 else f"{row}（{len(members)} 格 cells）"
        out.append(f'<button type="button" class="cellref" data-cell="{_e(members[0])}">{_e(name)}</button>')
    return " ".join(out)


def _short(label: str) -> str:
    """A cell's label without its table and heading: its row and column."""
    return " / ".join(label.split(" / ")[-2:])


def _finding_html(fid: str, f: dict[str, Any], edition: str | None) -> str:
    sev = f["severity"]
    items = []
    for c in f["cells"]:
        year, _, bare = c["id"].rpartition(":")
        label = _short(cell_label(edition, bare) or bare)  # the whole label is in the cell's panel
        label = f"{year}年 {label}" if year else label
        value = "空 blank" if c["value"] is None else str(c["value"])
        zero = "（按0计 counted as 0）" if c["blank_as_zero"] else ""
        items.append(
            f'<li><button type="button" class="cellref" data-cell="{_e(c["id"])}">{_e(label)}</button>'
            f" = {_e(value)}{zero}</li>"
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
    """The first cells of a finding; the others are named by its message and marked in the
    tables by its "show in the tables" button (a page of many reports stays small)."""
    if len(items) <= shown + 1:
        return f"<ul>{''.join(items)}</ul>"
    more = len(items) - shown
    return f"<ul>{''.join(items[:shown])}<li>另 {more} 格，在表中标出 {more} more cells, shown in the tables</li></ul>"


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


def _tables_html(
    report: Report, highlight: dict[str, str], marks: Mapping[str, dict[str, Any]]
) -> tuple[str, list[str]]:
    """The report's tables, and the ids of their value cells in the order they appear."""

    def tagged(rep: Report, cid: str, col: Any) -> str:
        return f"{_TAG}{cid}{_TAG}{cell_text(rep, cid, col)}"

    titles = {s.id: f"表{s.number} {s.heading}" for s in SECTIONS}
    out = []
    order: list[str] = []
    for table_id, grid in table_grids(report, tagged):
        out.append(f'<div class="scroll"><table class="tpl" data-table="{table_id}">')
        out.append(f"<caption>{_e(titles[table_id])}</caption>")
        out.append(_grid_rows(grid, highlight, marks, order))
        out.append("</table></div>")
    return "".join(out), order


def _grid_rows(grid: Grid, highlight: dict[str, str], marks: Mapping[str, dict[str, Any]], order: list[str]) -> str:
    """The rows of a table. A value cell is ``td.v``; its id is not written in the page (the
    script gives each its ``data-cell`` from the report's data, where ``order`` goes: a page
    of 34 reports stays under 1.5 MB); it carries its highlight and what sets it apart:
    ``unread`` (the parser could not read it: not a printed blank), ``inferred``, a fix
    proposed by the diagnosis (``data-fix``). Tab stops, roles and spoken labels are set by
    the script too."""
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
                order.append(cid)
                info = marks.get(cid, {})
                cls = ["v"] + ([f"hl-{highlight[cid]}"] if cid in highlight else [])
                if "u" in info:
                    cls.append("unread")
                cls += ["inferred"] if "i" in info else []
                fix = f' data-fix="{_e(info["x"])}"' if "x" in info else ""
                tds.append(f'<td{span} class="{" ".join(cls)}"{fix}>{_e(value)}</td>')
            else:
                tds.append(f"<td{span}>{_e(text)}</td>")
        rows.append("<tr>" + "".join(tds) + "</tr>")
    return "".join(rows)


def _counts(counts: Mapping[str, int]) -> str:
    """Errors · warnings · notices; a count is coloured only when it is not 0."""

    def one(sev: str, zh: str, en: str) -> str:
        n = counts[sev]
        return f'<span class="count {sev}">{n} {zh} {en}</span>' if n else f"{n} {zh} {en}"

    return " · ".join(
        [one("error", "错误", "errors"), one("warning", "警告", "warnings"), f"{counts['notice']} 提示 notices"]
    )


def _fixes(diagnosis: Mapping[str, Any] | None) -> dict[str, str]:
    """Cell id → the value the diagnosis proposes (several candidate fixes: each cell's values)."""
    out: dict[str, list[str]] = {}
    for fix in (diagnosis or {}).get("single") or []:
        for cid, _printed, proposed in fix:
            if str(proposed) not in out.setdefault(cid, []):
                out[cid].append(str(proposed))
    return {cid: " / ".join(values) for cid, values in out.items()}


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
        f'<p class="src"><code>{_e(r["source"])}</code> · {_counts(counts)}'
        f" · {len(r.get('diagnostics') or [])} 解析说明 diagnostics</p>"
    )
    if r.get("error"):
        return head + f'<p class="count error">无法读取 cannot read: {_e(r["error"])}</p></section>'
    report = parsed.report if parsed is not None else None
    tables = _table_numbers(parsed)
    unread = _unread_reasons(parsed) if parsed is not None and not isinstance(report, ReportLegacy) else {}
    body = [_cite_html(meta, r.get("indicators") or {})]
    if unread:
        # one line per kind of reason (a diagnostic's code), one button per row of the template
        # under it (its cells not read counted); each cell's own reasons are in its panel
        by_code: dict[str, list[str]] = {}
        for cid, reasons in unread.items():
            by_code.setdefault(reasons[0][0], []).append(cid)
        items = "".join(
            f"<li>{f'<code>{_e(code)}</code> ' if code else ''}{_e(_UNREAD_CODES.get(code, ''))}："
            f"{_unread_rows(edition, cids)}</li>"
            for code, cids in by_code.items()
        )
        body.append(
            f'<div class="unread-list"><h3>未能读取的单元格 cells not read ({len(unread)})</h3>'
            "<p>这些单元格在表中显示为“未读”，不是所印的空白；其数值可能缺失或不可靠 shown as “未读 not read” "
            f"in the tables, not a printed blank: a number may be missing or unreliable.</p><ul>{items}</ul></div>"
        )
    body.append(f"<h3>发现 findings</h3>{_findings_html(prefix, r['findings'], edition)}")
    fixes = _fixes(r.get("diagnosis"))
    if r.get("diagnosis"):
        d = r["diagnosis"]
        body.append(f'<h3>诊断 diagnosis</h3><p lang="zh-CN">{_e(d["message_zh"])}</p>')
        body.append(f'<p lang="en" class="src">{_e(d["message_en"])}</p>')
        if fixes:
            body.append(
                '<p class="legend"><span class="fixmark">→ n</span>'
                "表中标出建议的更正 the fix it proposes, marked in the tables</p>"
            )
    if r.get("diagnostics"):
        objs = list(parsed.diagnostics) if parsed is not None else []
        same = len(objs) == len(r["diagnostics"])
        # a diagnostic all of whose cells are listed above as not read is told in their panels
        told = [bool(d["cells"]) and all(c in unread for c in d["cells"]) for d in r["diagnostics"]]
        items = "".join(
            f"<li><code>{_e(d['code'])}</code> "
            f"{_e(human_where(objs[n].location, tables) if same else d.get('location') or '')}："
            f"{_e(d['message_zh'])}</li>"
            for n, d in enumerate(r["diagnostics"])
            if not told[n]
        )
        above = (
            f"（另 {sum(told)} 条见上方未能读取的单元格 {sum(told)} more: the cells not read, above）"
            if any(told)
            else ""
        )
        body.append(
            f'<details class="diagnostics"><summary>解析说明 diagnostics ({len(r["diagnostics"])})：'
            f"未能读取或对应的内容 what the parser could not read or map{above}</summary><ul>{items}</ul></details>"
        )
    if report is not None and parsed is not None and not isinstance(report, ReportLegacy):
        highlight = _highlights(r["findings"])
        involved: dict[str, list[str]] = {}
        ordered = sorted(enumerate(r["findings"]), key=lambda p: (_ORDER[p[1]["severity"]], p[0]))
        for _, f in ordered:
            for c in f["cells"]:
                involved.setdefault(c["id"], []).append(f"{f['rule']} ({_SEV_ZH[f['severity']]})")
        sources = _Sources(parsed)
        marks = {
            cid: _cell_record(parsed, cid, involved.get(cid, ()), tables, sources, unread, fixes)
            for cid in cell_ids(report.template)
        }
        ids = cell_ids(report.template)
        why: dict[str, int] = {}
        records = [_compact(marks[cid], why) for cid in ids]
        tables_html, order = _tables_html(report, highlight, marks)
        at = {cid: n for n, cid in enumerate(ids)}
        data = {
            "ed": report.template.value,
            "src": r["source"],
            "lines": sources.lines_json(),
            "rows": sources.used_rows,
            "why": list(why),
            "cells": records,
            "order": [at[cid] for cid in order],  # the value cells of the tables, in page order
        }
        body.append(
            "<h3>表格 the tables, in the template's layout</h3>"
            '<p class="legend"><span class="badge error">错误所涉单元格 cells of an error</span>'
            '<span class="badge warning">警告所涉单元格 cells of a warning</span>'
            '<span class="unreadmark">未读 not read</span>'
            "点击或按回车查看单元格的值与来源，方向键在表内移动 click a cell, or press Enter on it, for its value and "
            "where it was read; arrow keys move within a table"
            "（* 推定 inferred；空白 blank = 所印空白 printed blank）</p>"
            f'<aside class="cellinfo" id="{prefix}-info" aria-live="polite" aria-label="单元格详情 cell details">'
            "<p>选择一个单元格 select a cell</p></aside>" + tables_html + _json_script(prefix, data)
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
        records: dict[str, Any] = {}
        why: dict[str, int] = {}
        used_lines: dict[str, str] = {}
        windows: dict[str, list[tuple[int, int]]] = {}
        used_rows: dict[str, list[str | None]] = {}
        srcs = [source for _, source, _ in members]
        per_source = {
            source: (_Sources(p, f"{k}:", used_lines, used_rows, windows), _table_numbers(p), _unread_reasons(p))
            for k, (_, source, p) in enumerate(members)
        }
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
                sources, tables, unread = per_source[source]
                info = _cell_record(p, cid, involved.get(key_id, ()), tables, sources, unread, {})
                records[key_id] = [
                    srcs.index(source),
                    f"{year}年 " + (cell_label(p.report.template, cid) or cid),
                    _compact(info, why),
                ]
                cls = [f"hl-{highlight[key_id]}"] if key_id in highlight else []
                cls += ["unread"] if "u" in info else (["blank"] if value == "" else [])
                tds.append(f'<td class="{" ".join(cls)}" data-cell="{_e(key_id)}">{_e(value)}</td>')
            label = cell_label(None, cid) or cid
            trs.append(f'<tr><td style="text-align:left">{_e(label)} <code>{_e(cid)}</code></td>{"".join(tds)}</tr>')
        name = members[-1][2].report.meta.agency or key
        table = "".join(trs)
        lines = _lines_json(used_lines, windows)
        data = {"srcs": srcs, "lines": lines, "rows": used_rows, "why": list(why), "byid": records}
        out.append(
            f'<section class="agency" data-scope="{scope}" aria-labelledby="{scope}-h">'
            f'<h3 id="{scope}-h">{_e(name)}：{", ".join(str(m[0]) for m in members)}</h3>'
            f'<aside class="cellinfo" id="{scope}-info" aria-live="polite" aria-label="单元格详情 cell details">'
            f'<p>选择一个单元格 select a cell</p></aside><div class="scroll"><table class="tpl">{table}</table></div>'
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


def _severity_key(r: Mapping[str, Any]) -> tuple[int, int, int, int]:
    """Sorts the most severe report first: unreadable, then most errors, warnings, notices."""
    n = {s: sum(1 for f in r["findings"] if f["severity"] == s) for s in _SEVERITIES}
    return (0 if r.get("error") else 1, -n["error"], -n["warning"], -n["notice"])


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
    # Most severe first: unreadable files, then by errors, warnings, notices; ids keep the input order.
    order = sorted(range(len(reports)), key=lambda i: (_severity_key(reports[i]), i))
    for i in order:
        r = reports[i]
        meta = r.get("meta") or {}
        counts = {s: sum(1 for f in r["findings"] if f["severity"] == s) for s in _SEVERITIES}
        index.append(
            f"<tr><td><a href='#r{i}'>{_e(str(meta.get('meta.agency') or '?'))}</a></td>"
            f"<td class='n'>{_e(str(meta.get('meta.year') or '?'))}</td>"
            f"<td>{_e(str(meta.get('meta.edition') or '?'))}</td>"
            f"<td class='n{' count error' if counts['error'] else ''}'>{counts['error']}</td>"
            f"<td class='n{' count warning' if counts['warning'] else ''}'>{counts['warning']}</td>"
            f"<td class='n'>{counts['notice']}</td><td><code>{_e(r['source'])}</code>"
            f"{_UNREADABLE if r.get('error') else ''}</td></tr>"
        )
    editions = sorted({p.report.template.value for p in parsed.values() if not isinstance(p.report, ReportLegacy)})
    labels = {ed: [[cid, cell_label(ed, cid) or cid] for cid in cell_ids(ed)] for ed in editions}
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
            f'<p class="src">{_counts(total_series)}. 同一机关的报告按年度并列 an agency\'s reports side by side, '
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
        f"<p id='summary' class='src'>{len(reports)} 份报告 reports · {_counts(total)}"
        f"{' · <a href=#series>跨年度 across years</a>' if series_block else ''}</p>{controls}</header><main>"
        "<h2 id='reports-h'>报告 reports</h2>"
        "<table id='reports'><thead><tr><th>机关 agency</th><th>年度 year</th><th>版本 edition</th>"
        "<th>错误 errors</th><th>警告 warnings</th><th>提示 notices</th><th>文件 file</th></tr></thead>"
        f"<tbody>{''.join(index)}</tbody></table>"
        + "".join(_report_html(i, reports[i], parsed.get(reports[i]["source"])) for i in order)
        + series_block
        + '<script type="application/json" id="labels">'
        + json.dumps(labels, ensure_ascii=False).translate(_SCRIPT_SAFE)
        + f"</script></main><script>{_JS}</script></body></html>"
    )
