"""Locate: where each table and section stands, and which edition table 二 is printed on.

Tables are found by their own marks — header cells no prose prints (the block
headings 第二十条第（一）项, 信息内容, column labels, table 三's corner note and
applicant headers, table 四's result headers) and runs of their row labels
followed by cells — wherever they stand. Section headings are hints: they end
a table's region and give the text sections; a table whose marks are all lost
is still read from its heading, as before.
"""

from __future__ import annotations

import functools
import re

from ...schema import Edition, table_specs
from ._patterns import _GROUP_EXTRA, _ORDER, _body_pattern, _matchers, _section_regex, bare_label, section_of
from ._stream import _CN_NUM, key_text
from ._values import _scan_values

__all__ = ["absent_columns", "absent_rows", "edition_marks", "has_template_marks", "locate", "numbered_headings"]

_TABLES = ("active", "requests", "appeals")


def _find_sections(
    text: str, outline: list[tuple[str, str | None, int]] | None = None
) -> dict[str, tuple[int, int, bool]]:
    """Heading start, body start and whether it was found by key words only, for each
    section found, in template order (``text``: the keys text labels are matched on).

    A heading is numbered (``二、``) or starts a line, and is not an item of a
    list ("总体情况、主动公开政府信息情况、…" in an introduction). Headings worded
    otherwise (extra words, 政务 for 政府, a character doubled or lost, pre-2019
    wording) are found by their key words on a short numbered line of their own.
    """
    candidates: dict[str, list[tuple[int, int]]] = {sid: [] for sid in _ORDER}
    for m in _section_regex().finditer(text):
        sid = section_of(m)
        if sid not in candidates:
            continue
        at_line_start = m.start() == 0 or text[m.start() - 1] == "\n"
        if m.group("num") is None and not at_line_start:
            continue
        if _LIST_CONTEXT.match(text, m.end()):
            continue
        candidates[sid].append((m.start(), m.end()))
        if outline is not None:
            num = m.group("num")
            outline.append((sid, num.strip(" \t.,")[:1] if num else None, m.start()))
    loose = _loose_headings(text)
    found: dict[str, tuple[int, int, bool]] = {}
    last = 0
    for sid in _ORDER:
        pick = next(((a, b, False) for a, b in candidates[sid] if a >= last), None)
        if pick is None:
            pick = next(((a, b, True) for a, b in loose.get(sid, ()) if a >= last), None)
        if pick is not None:
            found[sid] = pick
            last = pick[1]
    return found


_LIST_CONTEXT = re.compile(r"[ \t]*(?:[、，,和及等]|以及)")
_LOOSE_LINE = re.compile(rf"(?m)^[ \t#*]*[{_CN_NUM}]{{1,2}}[ \t]*[、.．,][ \t]*([^\n|。；;，,:：]{{2,30}})[ \t]*$")
_KEYWORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("overview", re.compile(r"总体|概述|概况")),
    ("active", re.compile(r"主动公开")),
    ("appeals", re.compile(r"复议|诉讼")),
    ("requests", re.compile(r"申请")),
    ("problems", re.compile(r"问题|不足")),
    ("other", re.compile(r"其他.{0,4}(?:报告|事项)")),
)


def _loose_headings(text: str) -> dict[str, list[tuple[int, int]]]:
    """Numbered short lines classified by their key words (not a row label of table 三)."""
    out: dict[str, list[tuple[int, int]]] = {}
    rows = _matchers(Edition.E2021)["requests"].regex
    for m in _LOOSE_LINE.finditer(text):
        body = m.group(1)
        if rows.match(text, m.start(1)) or rows.match(text, m.start()):
            continue  # 一、本年新收… / 三、本年度办理结果 / 四、结转下年度…: rows, not headings
        sid = next((s for s, kw in _KEYWORDS if kw.search(body)), None)
        if sid is not None:
            out.setdefault(sid, []).append((m.start(), m.end()))
    return out


_NUMBERED = re.compile(
    r"(?=[一二三四五六（(])(?<![\u4e00-\u9fff（(])([一二三四五六])[ \t]*[,.][ \t]*([^\n,.;。|]{2,24})"
    r"|[（(]([一二])[）)][ \t]*([^\n,.;。|]{0,16}?(?:存在的?(?:主要)?问题|主要问题))"
)
_LOOSE_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("overview", re.compile(r"总体|概述|概况|基本情况")),
    ("active", re.compile(r"主动公开")),
    ("appeals", re.compile(r"复议|诉讼")),
    ("requests", re.compile(r"申请")),
    ("problems", re.compile(r"问题|不足|改进")),
    ("other", re.compile(r"其他|其它|需要说明|需要报告")),
)


def numbered_headings(keys: str) -> list[tuple[str, str, int]]:
    """Loosely: every ``N、words`` whose words name a section (``五、政府信息公开存在的问题及改进措施``,
    ``六、需要说明的其他事项``), numbered or worded otherwise than the template: (section id,
    numeral, offset). For telling a section present, never for reading it."""
    rows = _matchers(Edition.E2021)["requests"].regex
    out = []
    for m in _NUMBERED.finditer(keys):
        if m.group(3):  # （一）存在的主要问题: section 五's content under a lost heading
            out.append(("problems", "", m.start()))
            continue
        if rows.match(keys, m.start()) or rows.match(keys, m.start(2)):
            continue  # 一、本年新收… / 四、结转下年度…: table 三's rows
        sid = next((s for s, kw in _LOOSE_WORDS if kw.search(m.group(2))), None)
        if sid is not None:
            out.append((sid, m.group(1), m.start()))
    return out


# --------------------------------------------------------------------------- table marks
def _strong(label: str) -> str | None:
    """A header label as a mark: long enough that prose does not print it as a cell of its own."""
    pat = _body_pattern(bare_label(label))
    return pat if len(re.sub(r"[^\u4e00-\u9fff]", "", label)) >= 4 else None


@functools.cache
def _mark_regex() -> re.Pattern[str]:
    """One regex of every table's marks, a named group per table."""
    marks: dict[str, set[str]] = {t: set() for t in _TABLES}
    for edition in (Edition.E2019, Edition.E2021):
        for table in table_specs(edition):
            pats = marks[table.id]
            for label in table.marks:
                pats.add(_body_pattern(label))
            for row in table.rows:
                for col in row.columns:
                    for part in col.label.split(" / "):
                        p = _strong(part)
                        if p:
                            pats.add(p)
                if table.id == "appeals":
                    p = _strong(row.label)
                    if p:
                        pats.add(p)
    marks["active"].add(_GROUP_EXTRA[0])
    parts = [f"(?P<{t}>{'|'.join(sorted(p, key=len, reverse=True))})" for t, p in marks.items()]
    # Every mark starts with a Han character of a label: a lookahead skips other positions at once.
    first = {p[0] for ps in marks.values() for p in ps if "\u4e00" <= p[0] <= "\u9fff"}
    assert all(p[0] in first for ps in marks.values() for p in ps)
    return re.compile(f"(?=[{''.join(sorted(first))}])(?:{'|'.join(parts)})")


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\u3000":
        i += 1
    return i


def _at_cell_start(text: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    return j < 0 or text[j] in "\n|"


def _table_marks(text: str, keys: str, loose: dict[str, list[int]] | None = None) -> dict[str, list[int]]:
    """Offsets of each table's marks: header cells at a cell's start, and table 三's rows
    printed with their cells (a label followed by at least three values). Labels are
    matched on ``keys`` (the text with its punctuation folded), values read from ``text``.
    Marks found elsewhere (inside a line of prose, say) are appended to ``loose``."""
    out: dict[str, list[int]] = {t: [] for t in _TABLES}
    found = [(m.start(), m.end(), m.lastgroup or "") for m in _mark_regex().finditer(keys)]
    # Where each mark's run of neighbours reaches: marks of one table printed next to each
    # other, glued or apart by spaces only (a crawler's one-line header row), are header cells.
    ends = {(_skip_space(text, e), t) for _, e, t in found}
    starts = {(a, t) for a, _, t in found}
    for a, e, t in found:
        # at a cell's start, or in a run of the table's headers glued together by a crawler
        if _at_cell_start(text, a) or (a, t) in ends or (_skip_space(text, e), t) in starts:
            out[t].append(a)
        elif loose is not None:
            loose.setdefault(t, []).append(a)
    # Table 三 without any of its headers (a page may start in the middle of table 三): by
    # its first row printed with its cells.
    if not out["requests"]:
        first = _first_row_with_cells(text, keys, 0)
        if first is not None:
            out["requests"].append(first)
    for marks in out.values():
        marks.sort()
    return out


def _first_row_with_cells(text: str, keys: str, start: int) -> int | None:
    """Where the first row of table 三 printed with its cells (a label followed by at least
    three values) starts, from ``start`` on."""
    rows = (h for h in _matchers(Edition.E2021)["requests"].iter_hits(keys, start, len(keys)) if h.row is not None)
    hit = next(rows, None)
    while hit is not None:
        after = next(rows, None)
        nxt = after.start if after is not None else min(len(text), hit.end + 400)
        vals, run, _ = _scan_values(text, hit.end, nxt)
        digits = sum(c.isdigit() for v in vals for c in v.text)
        if len(vals) >= 3 or (run and digits >= 5):
            return hit.start
        hit = after
    return None


# --------------------------------------------------------------------------- regions
def locate(
    text: str,
    keys: str | None = None,
    copies: dict[str, tuple[int, int]] | None = None,
    outline: list[tuple[str, str | None, int]] | None = None,
) -> dict[str, tuple[int, int]]:
    """The region (start, end) of each table and text section found (``keys``: the text as
    labels are matched on, :func:`key_text` of it if not given). A table printed again after
    its region (a page repeating its tables, an appendix) has the region of its second copy
    put in ``copies``. Every section heading found is appended to ``outline`` when given:
    (section id, its numeral or None, offset)."""
    if keys is None:
        keys = key_text(text)
    sections = _find_sections(keys, outline)
    if outline is not None:  # a heading found by its key words only, when picked
        for sid, (start, _, by_words) in sections.items():
            if by_words:
                line = keys[start : keys.find("\n", start) if "\n" in keys[start:] else len(keys)]
                num = line.lstrip(" \t#*")[:1]
                outline.append((sid, num if num in _CN_NUM else None, start))
        outline.sort(key=lambda h: h[2])
    loose: dict[str, list[int]] = {}
    marks = _table_marks(text, keys, loose)
    starts: dict[str, int] = {}
    any_mark = any(marks.values())
    for tid in _TABLES:
        if marks[tid]:
            starts[tid] = marks[tid][0]  # in any order: a page may print table 二 after 三 and 四
            if tid in sections:
                # The table starts at the earliest mark of any of its blocks after its own heading,
                # even one a crawler glued to the heading's line (二、…情况第二十条第（一）项 信息内容 …).
                body = sections[tid][1]
                earlier = [a for a in loose.get(tid, ()) if body <= a < starts[tid]]
                if earlier and not any(body <= h < starts[tid] for h, _, _ in sections.values()):
                    starts[tid] = min(earlier)
        elif any_mark and tid in sections and not sections[tid][2]:
            # this table's marks lost (e.g. PDF headers one character a line): its own heading.
            # With no mark of the template at all, headings alone locate nothing (legacy layouts).
            starts[tid] = sections[tid][1]
    # Every boundary: table starts, and the headings of all sections (a heading just before a
    # table's first mark belongs to that table).
    headings = {h for h, _, _ in sections.values()}
    bounds = sorted({*starts.values(), *headings})
    regions: dict[str, tuple[int, int]] = {}
    for tid, s0 in starts.items():
        # A table found by its heading alone ends at the next heading even when that heading
        # starts where its body does (四、…情况 五、存在的主要问题…: an empty table 四); its own
        # start is no end of it (the region was always empty: a table 四 whose headers a PDF
        # wrapped out of recognition lost its fifteen values without a word).
        past = s0 - 1 if tid not in marks or not marks[tid] else s0
        ends = (b for b in bounds if b > past and (b != s0 or b in headings))
        regions[tid] = (s0, next(ends, len(text)))
    for sid in ("overview", "problems", "other"):
        if sid in sections:
            _, body, _ = sections[sid]
            regions[sid] = (body, next((b for b in bounds if b >= body), len(text)))
    if copies is not None:
        tables = [regions[t] for t in _TABLES if t in regions]
        for tid in _TABLES:
            if tid not in regions:
                continue
            after = [a for a in marks[tid] if a >= regions[tid][1] and not any(x <= a < y for x, y in tables)]
            if not after and tid == "requests":  # a copy printed without its headers: by its rows
                row = _first_row_with_cells(text, keys, max(y for _, y in tables))
                if row is not None:
                    after = [row]
            if after:
                c0 = after[0]
                # the copy ends where another table's mark or a section heading follows it
                others = [a for t in _TABLES if t != tid for a in marks[t] if a > c0]
                heads = [h for h, _, _ in sections.values() if h > c0]
                copies[tid] = (c0, min([*others, *heads, len(text)]))
    return regions


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


def edition_marks(text: str, regions: dict[str, tuple[int, int]]) -> Edition | None:
    """The edition as printed: table 二's headers (in its region, else anywhere in the text);
    else the form of table 三's （六）其他处理 (three sub-rows: 2021)."""
    active = regions.get("active")
    for a0, a1 in ((active,) if active else ()) + ((0, len(text)),):
        compact = _SPACE.sub("", text[a0:a1])
        a = sum(compact.count(m) for m in _MARKS_2019)
        b = sum(compact.count(m) for m in _MARKS_2021)
        if a == b and a:
            # as many marks of each (blocks kept from 2019 in a 2021 table): the spec's sign of the
            # edition, the 第（一）项 header (本年新制作数量… or 本年制发件数…), decides
            a = sum(compact.count(m) for m in _MARKS_2019[:3])
            b = sum(compact.count(m) for m in _MARKS_2021[:3])
        if a != b:
            return Edition.E2019 if a > b else Edition.E2021
    req = regions.get("requests")
    if req:
        compact = _SPACE.sub("", text[req[0] : req[1]])
        if "逾期不补正" in compact or "按收费通知" in compact:
            return Edition.E2021
        if _ONE_ROW_OTHER.search(compact):
            return Edition.E2019
    return None


_ONE_ROW_OTHER = re.compile(r"[(]六[)]其他处理[-/—\d]")


def both_editions_marked(text: str, regions: dict[str, tuple[int, int]]) -> bool:
    """Whether table 二 prints column headers of both editions (blocks kept from 2019 in a 2021 table)."""
    active = regions.get("active")
    if active is None:
        return False
    compact = _SPACE.sub("", text[active[0] : active[1]])
    return any(m in compact for m in _MARKS_2019) and any(m in compact for m in _MARKS_2021)


def has_template_marks(text: str) -> bool:
    """Whether the text shows any mark of the 2019/2021 template's tables."""
    return any(_table_marks(text, key_text(text)).values())


@functools.cache
def _core(label: str) -> str:
    return re.sub(r"[^\u4e00-\u9fff]", "", label)[-6:]


def absent_rows(keys: str, labels: frozenset[str] | set[str], edition: Edition) -> frozenset[str]:
    """Rows of tables 二 and 三 not found whose label is nowhere in the text (its last six Han
    characters, blanks and cell bars aside, so a wrapped or renumbered label counts as printed)."""
    if edition is Edition.LEGACY:
        return frozenset()
    bare: str | None = None
    out = set()
    for table in table_specs(edition):
        if table.id == "appeals":
            continue
        for row in table.rows:
            key = f"{table.id}.{row.id}"
            if key in labels:
                continue
            core = _core(row.label)
            if not core or core in keys:
                continue
            if bare is None:  # a label broken over lines or cells (PDF, crawlers)
                bare = keys.replace(" ", "").replace("\n", "").replace("\t", "").replace("|", "")
            if core not in bare:
                out.add(key)
    return frozenset(out)


def absent_columns(
    keys: str, regions: tuple[tuple[str, int, int], ...], edition: Edition
) -> tuple[tuple[str, str, str], ...]:
    """(table id, column id, label) of the columns of tables 三 and 四 whose header is nowhere in
    the table's stretch of the text. Only the labels no other header shares (自然人, 商业企业,
    …, 结果维持, 尚未审结): a bare 其他 or 总计 proves nothing."""
    if edition is Edition.LEGACY:
        return ()
    where = {tid: (a, z) for tid, a, z in regions}
    out = []
    for table in table_specs(edition):
        if table.id not in ("requests", "appeals") or table.id not in where:
            continue
        a, z = where[table.id]
        bare = _SPACE.sub("", keys[a:z])  # (runs of blanks and bars at once: the same text)
        for col in table.rows[0].columns:
            label = col.label.rpartition(" / ")[2]
            if len(label) >= 4 and label not in bare:
                out.append((table.id, col.id, label))
    return tuple(out)
