"""Locate: where each table and section stands, and which edition table 二 is printed on."""

from __future__ import annotations

import re

from ..schema import Edition
from ._patterns import _ORDER, _section_regex


def _find_sections(text: str) -> dict[str, tuple[int, int]]:
    """Heading start and body start for each section found, in template order.

    A heading is numbered (``二、``) or starts a line, and is not an item of a
    list ("总体情况、主动公开政府信息情况、…" in an introduction).
    """
    candidates: dict[str, list[tuple[int, int]]] = {sid: [] for sid in _ORDER}
    for m in _section_regex().finditer(text):
        sid = next((s for s in _ORDER if m.group(s) is not None), None)
        if sid is None:
            continue
        at_line_start = m.start() == 0 or text[m.start() - 1] == "\n"
        if m.group("num") is None and not at_line_start:
            continue
        if _LIST_CONTEXT.match(text, m.end()):
            continue
        candidates[sid].append((m.start(), m.end()))
    found: dict[str, tuple[int, int]] = {}
    last = 0
    for sid in _ORDER:
        pick = next((c for c in candidates[sid] if c[0] >= last), None)
        if pick is not None:
            found[sid] = pick
            last = pick[1]
    return found


_LIST_CONTEXT = re.compile(r"[ \t]*(?:[、，,和及等]|以及)")


def _regions(text: str, sections: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    out = {}
    keys = [k for k in _ORDER if k in sections]
    for i, k in enumerate(keys):
        start = sections[k][1]
        end = sections[keys[i + 1]][0] if i + 1 < len(keys) else len(text)
        out[k] = (start, end)
    return out


# --------------------------------------------------------------------------- edition
_MARKS_2019 = (
    "本年新制作",
    "本年新公开",
    "对外公开总数",
    "上一年项目数",
    "本年增/减",
    "其他对外管理服务事项",
    "政府集中采购",
    "采购项目数",
    "采购总金额",
)
_MARKS_2021 = ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数", "本年收费金额")
_SPACE = re.compile(r"[\s|]+")


def _edition(text: str, regions: dict[str, tuple[int, int]]) -> Edition | None:
    """The edition as printed: table 二's headers, else table 三's 2021-only rows."""
    active = regions.get("active")
    if active:
        compact = _SPACE.sub("", text[active[0] : active[1]])
        a = sum(compact.count(m) for m in _MARKS_2019)
        b = sum(compact.count(m) for m in _MARKS_2021)
        if a > b:
            return Edition.E2019
        if b > a:
            return Edition.E2021
    req = regions.get("requests")
    if req:
        compact = _SPACE.sub("", text[req[0] : req[1]])
        if "逾期不补正" in compact or "按收费通知" in compact:
            return Edition.E2021
    return None
