"""Issue 8 §3: nothing dropped silently, on every text fixture of the project.

Every number inside a fixture's table regions is accounted for: it lies inside the
text a filled cell was read from (``parsed.provenance[cid].text`` at its location),
or a diagnostic that names unused text (the codes ``explain`` lists under "not used")
quotes it on its line, or it is a documented exclusion:

- item numbers of row labels (``1.`` … ``8.``), also when glued to the previous
  row's digits (``00000002.其他法律…``);
- years and the numbers of a prose sentence inside a table region (from ``2024年``
  to the next ``。``), page footers on a line of their own (``— 3 —``), the generic
  column headers of OCR markdown (``数据1`` … ``数据6``).

The table regions of a fixture run from the first mark of a template table
(第二十条 / 申请人情况 / the corner note / a table 三 or 四 row label / 行政复议) to the
heading of section 五 (or the end of the text). The regions are found here by those
marks, not by the library, so a table the library misses is still checked.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govdisclosure as gd

from fixtures.hazards import make_hazards as H
from fixtures.make_fixtures import REQ_LABELS_2021
from truth import APPEAL_COLS, REQ_COLS, T21

FIXTURES = Path(__file__).parent / "fixtures"
UNUSED_CODES = (
    "number-not-used",
    "block-other-edition",
    "row-not-mapped",
    "number-left-over",
    "row-short",
    "ambiguous-run",
    "duplicate-row",
    "table-not-read",
    "row-uncertain",
    "table-duplicate",
    "number-split",
    "row-overfull",
    "zeros-extra",
    "merged-cell",
    "header-order",
    "value-cut",
)

_START = re.compile(r"第二十条|申请人情况|本列数据的勾稽|勾稽关|本年新收|结转下年度|行政复议")
_END = re.compile(r"五、存在的主要问题|六、政府信息公开工作存在|五、存在的主要问題|五、存在的主要問題")
_PROSE = re.compile(r"(?:19|20)\d\d年[^。\n]*。")
_FOOTER = re.compile(r"(?m)^[ \t]*[—-]+[ \t]*\d+[ \t]*[—-]+[ \t]*$")
_GENERIC = re.compile(r"数据\d")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_ITEM = re.compile(r"[.．][^\d]")
_NOT_NL = re.compile(r"[^\n]+")


def _text(path: Path, parsed: gd.Parsed) -> str:
    raw = path.read_bytes()
    enc = parsed.encoding or "utf-8"
    text = raw.decode(enc)
    return text.lstrip("\ufeff")


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: " " * len(m.group()), text)


def unaccounted(path: Path) -> list[tuple[int, str]]:
    """(line, number) for every number in the table regions that nothing accounts for."""
    parsed = gd.parse(path)
    return unaccounted_in(_text(path, parsed), parsed)


def unaccounted_in(text: str, parsed: gd.Parsed) -> list[tuple[int, str]]:
    """The same for ``text`` already parsed."""
    start = _START.search(text)
    if start is None:
        return []
    end = _END.search(text, start.start())
    stop = end.start() if end is not None else len(text)
    # outside the regions: blanks in place of the text, newlines kept (line numbers hold)
    region = _blank(text[: start.start()], _NOT_NL) + text[start.start() : stop] + _blank(text[stop:], _NOT_NL)
    for pattern in (_PROSE, _FOOTER, _GENERIC):
        region = _blank(region, pattern)
    lines = text.split("\n")
    covered: dict[int, set[int]] = {}
    for prov in parsed.provenance.values():
        loc = prov.location
        if loc.line is None or loc.column is None:
            continue
        covered.setdefault(loc.line, set()).update(range(loc.column - 1, loc.column - 1 + len(prov.text)))
    named: dict[int, list[str]] = {}
    for d in parsed.diagnostics:
        if d.code in UNUSED_CODES and d.location is not None and d.location.line is not None:
            named.setdefault(d.location.line, []).append(d.message_en)
    out: list[tuple[int, str]] = []
    for no, line in enumerate(region.split("\n"), start=1):
        for m in _NUMBER.finditer(line):
            a, b = m.span()
            if _ITEM.match(line, b):
                b -= 1  # an item number glued after the digits: '00000002.其他…'
            if a >= b:
                continue
            digits = range(a, b)
            if all(i in covered.get(no, ()) for i in digits):
                continue
            if any(line[a:b] in msg for msg in named.get(no, ())):
                continue
            out.append((no, lines[no - 1][a:b]))
    return out


# fixture -> why it fails today (none: every fixture's numbers are accounted for)
KNOWN: dict[str, str] = {}

CASES = sorted(
    [
        *FIXTURES.glob("*.txt"),
        *(FIXTURES / "hazards").glob("*.txt"),
        *(FIXTURES / "trust").glob("*.txt"),
        *(FIXTURES / "robust").glob("*.txt"),
        *(FIXTURES / "wild").glob("*.txt"),
    ],
    key=lambda p: (p.parent.name, p.name),
)


@pytest.mark.parametrize("path", CASES, ids=[f"{p.parent.name}/{p.name}" for p in CASES])
def test_every_number_in_a_table_is_accounted_for(path: Path) -> None:
    left = unaccounted(path)
    if path.name in KNOWN and left:
        pytest.xfail(KNOWN[path.name])
    assert left == []


# --------------------------------------------------------------------------- hypothesis
_ROW_IDS = [rid for rid, _, _ in REQ_LABELS_2021]
_LAYOUTS = {"pipe": H.pipe, "bar-cells": H.bar_cells, "tabs": lambda rows: ["\t".join(r) for r in rows]}


@settings(max_examples=10)
@given(
    values=st.lists(st.integers(0, 999), min_size=len(_ROW_IDS) * 7, max_size=len(_ROW_IDS) * 7),
    appeals=st.lists(st.integers(0, 99), min_size=15, max_size=15),
    layout=st.sampled_from(sorted(_LAYOUTS)),
    headings=st.booleans(),
)
def test_random_numbers_are_read_or_named(values: list[int], appeals: list[int], layout: str, headings: bool) -> None:
    """Any numbers, in any of three layouts, with or without section headings: every cell of
    tables 三 and 四 reads the number printed, and no number is dropped silently."""
    rows = {rid: tuple(values[i * 7 : i * 7 + 7]) for i, rid in enumerate(_ROW_IDS)}
    rows["other"] = (None,) * 7
    app = {
        "review": tuple(appeals[0:5]),
        "litigation_direct": tuple(appeals[5:10]),
        "litigation_after_review": tuple(appeals[10:15]),
    }
    render = _LAYOUTS[layout]
    lines = [*H.head(T21), *([H.H2] if headings else []), *render(H.active_2021_rows(T21))]
    lines += [*([H.H3] if headings else []), *render(H.request_rows(rows))]
    lines += [*([H.H4] if headings else []), *render(H.appeals_rows(app))]
    text = "\n".join(lines + H.TAIL) + "\n"
    parsed = gd.parse_text(text)
    got = gd.cells(parsed.report)
    want = {f"requests.{rid}.{c}": v for rid, vals in rows.items() for c, v in zip(REQ_COLS, vals, strict=True)}
    want.update({f"appeals.{r}.{c}": v for r, vals in app.items() for c, v in zip(APPEAL_COLS, vals, strict=True)})
    assert {k: got[k] for k in want} == want
    assert unaccounted_in(text, parsed) == []


@settings(max_examples=15)
@given(
    values=st.lists(st.integers(0, 999), min_size=len(_ROW_IDS) * 7, max_size=len(_ROW_IDS) * 7),
    stray=st.integers(0, len(_ROW_IDS) - 1),
    extra=st.integers(1, 99_999),
)
def test_one_line_page_names_every_number_prose_and_tables_sharing_it(
    values: list[int], stray: int, extra: int
) -> None:
    """A crawler's one-line page: prose sentences, then table 三 with its rows glued, then prose,
    all on one line. Numbers printed after a row the recognizer cannot name (its label garbled
    beyond recognition) are named, not taken for prose because the line reads like prose."""
    rows = {rid: tuple(values[i * 7 : i * 7 + 7]) for i, rid in enumerate(_ROW_IDS)}
    garbled = _ROW_IDS[stray]
    parts = ["示例县某局2022年政府信息公开工作年度报告。2022年，我局共主动公开政府信息318条，办结申请12件。"]
    parts.append(H.H3 + H.CORNER + "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他")
    for rid, label, group in H.labels_for(rows):
        nums = " ".join(str(v) for v in rows[rid])
        parts.append((group or "") + ("某某情形甲乙丙" if rid == garbled else label) + nums)
        if rid == garbled:
            parts.append(f"，另计{extra}")  # a number after the garbled row, before the next label
    parts.append(" 五、存在的主要问题及改进情况 2023年，我局将继续做好依申请公开工作，计划培训3次。")
    text = "".join(parts) + "\n"
    parsed = gd.parse_text(text)
    got = gd.cells(parsed.report)
    for rid, vals in rows.items():
        if rid != garbled:
            assert [got[f"requests.{rid}.{c}"] for c in REQ_COLS] == list(vals), rid
    named = " ".join(d.message_en.split(": ", 1)[-1] for d in parsed.diagnostics if d.code in UNUSED_CODES)
    # the garbled row's seven numbers (unless read into its cells) and the extra one, all named
    read = all(f"requests.{garbled}.{c}" in parsed.provenance for c in REQ_COLS)
    want = ([] if read else [str(v) for v in rows[garbled]]) + [str(extra)]
    assert _NUMBER.findall(named) == want, named
