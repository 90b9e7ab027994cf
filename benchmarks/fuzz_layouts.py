"""Metamorphic layout fuzzer: the same report in the layouts real publishers produce.

Each source (the project's text and HTML fixtures, and with ``--corpus DIR`` the shared
corpus' sources, read at run time and never copied) is perturbed without changing what a
person reads in it: the table re-flowed to one line, cells apart by tabs, spaces, ``　``
or NBSP, full-width digits, zero-width characters, row labels wrapped onto two lines,
table 三's header repeated at a page break, a column of blanks, ``-``/``—``/``/``/``无``
for a 0 (these read as null: spec "Value rules"), thousands separators, a number split by
a line break, HTML tables with rowspan/colspan, ``<br>`` in cells, nested tables,
numbers in ``<span>``s, DOCX-like text with one cell per line, sections re-numbered;
rows of zeros printed as empty cells (``zero-rows-blank``, 2026-12-06: with a serial column,
one-line and one-cell-a-line copies and HTML it found 21 cells silently wrong and 6 false
errors, all fixed; what is left are one-line and one-cell-a-line copies of the two fixtures
whose values stand apart from their labels, where the copy loses what tells them apart;
2026-12-07, cells apart by spaces or tabs: 2 silently wrong on trust/interleaved, fixed —
the one-line copy of it, its empty cells dropped, still reads "7.属于行政执法案卷 3 0 0 0 0 0
3": no reader can tell).

Every cell of the perturbed parse is compared with the unperturbed parse:

- ``same``: the same value (for a 0 printed as a placeholder, null is the same);
- ``null-diag``: null, and a diagnostic names the cell (``Diagnostic.cells``);
- ``null-silent``: null, and nothing names it;
- ``wrong-diag``: another number, with a diagnostic naming the cell;
- ``wrong``: another number, silently;
- ``gained``: a value where the unperturbed parse has none (counted, not judged);

and the identity errors of ``check`` with the unperturbed report's: an error the
unperturbed parse does not have is a ``false-alarm``.

    python benchmarks/fuzz_layouts.py                    # fixtures, seed 1
    python benchmarks/fuzz_layouts.py --corpus ../shared/corpus --seed 3 --rounds 2 -v
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

import govdisclosure as gd

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"

_START = re.compile(r"第二十条|申请人情况|本列数据的勾稽|勾稽关|本年新收|结转下年度|行政复议")
_END = re.compile(r"五、存在的主要问题|六、政府信息公开工作存在|五、存在的主要問題")
_T3_HEAD = re.compile(r"申请人情况|本列数据的勾稽")
_T3_FIRST = re.compile(r"本年新收")
_NUM = re.compile(r"(?<![\d.])\d+(?![\d.])")
_CN = "一二三四五六七八九十"
FW = str.maketrans("0123456789", "０１２３４５６７８９")
PLACEHOLDERS = ("-", "—", "/", "无", "——")

Text = str
Perturb = Callable[[Text, Random], "Text | None"]


# ----------------------------------------------------------------------------- helpers
def _region(text: str) -> tuple[int, int]:
    m = _START.search(text)
    if m is None:
        return (0, 0)
    # start at the line holding the first mark
    a = text.rfind("\n", 0, m.start()) + 1
    e = _END.search(text, m.start())
    return a, (e.start() if e is not None else len(text))


def _in_region(text: str, fn: Callable[[str], str]) -> str | None:
    a, b = _region(text)
    if a == b:
        return None
    out = text[:a] + fn(text[a:b]) + text[b:]
    return out if out != text else None


_RULE = re.compile(r"[ \t]*\|[-:| \t]*-[-:| \t]*")


_BLANKS = " \t\r\u00a0\u3000\u200b\u200c\u200d\u2060\ufeff"


def _cells(line: str) -> list[str] | None:
    """The cells of a pipe or tab row (None: not such a row); invisible characters at a cell's
    edges are dropped (a cell of only those is blank)."""
    sep = "|" if line.count("|") >= 2 else "\t" if line.count("\t") >= 2 else None
    if sep is None:
        return None
    parts = [p.strip(_BLANKS) for p in line.split(sep)]
    # the text before an opening bar and after a closing one is no cell; blank cells inside,
    # and at the end before the closing bar, are (a blank 总计 is a cell)
    if parts and parts[0] == "":
        parts = parts[1:]
    if parts and parts[-1] == "":
        parts = parts[:-1]
    return parts if any(parts) else None


def _map_rows(text: str, fn: Callable[[list[str]], str | None]) -> str | None:
    """Rewrite every table row inside the table region (``fn`` gets its cells)."""

    def go(region: str) -> str:
        out = []
        for line in region.split("\n"):
            if _RULE.fullmatch(line):
                continue  # a markdown rule '|---|---|' is no row: not carried into other layouts
            cells = _cells(line)
            new = fn(cells) if cells is not None else None
            out.append(line if new is None else new)
        return "\n".join(out)

    return _in_region(text, go)


def _is_num(cell: str) -> bool:
    return bool(re.fullmatch(r"[+-]?\d+(?:\.\d+)?", cell))


def _label_len(cells: list[str]) -> int:
    """How many leading cells are labels (not numbers, not blank)."""
    n = 0
    for c in cells:
        if _is_num(c) or c in PLACEHOLDERS:
            break
        n += 1
    return n


# ----------------------------------------------------------------------------- text perturbations
def sep(joiner: str) -> Perturb:
    def p(text: str, rng: Random) -> str | None:
        return _map_rows(text, lambda cells: joiner.join(cells))

    return p


def oneline(text: str, rng: Random) -> str | None:
    """Crawler plain text: the table region's lines joined by one space, cells by spaces."""

    def go(region: str) -> str:
        lines = []
        for line in region.split("\n"):
            if _RULE.fullmatch(line):
                continue
            cells = _cells(line)
            lines.append(" ".join(c for c in cells if c) if cells is not None else line.strip())
        return " ".join(x for x in lines if x) + "\n"

    return _in_region(text, go)


_MARKUP = re.compile(r"<[^>]*>|&#?\w+;")


def _outside_markup(region: str, fn: Callable[[str], str]) -> str:
    """``fn`` on the text between HTML tags and entities only (the tags stay as written)."""
    out, pos = [], 0
    for m in _MARKUP.finditer(region):
        out.append(fn(region[pos : m.start()]))
        out.append(m.group())
        pos = m.end()
    out.append(fn(region[pos:]))
    return "".join(out)


def fullwidth(text: str, rng: Random) -> str | None:
    return _in_region(text, lambda r: _outside_markup(r, lambda t: t.translate(FW)))


def ideographic(text: str, rng: Random) -> str | None:
    return _map_rows(text, lambda cells: "\u3000".join(cells))


def nbsp(text: str, rng: Random) -> str | None:
    return _map_rows(text, lambda cells: " | ".join(cells).replace(" ", "\u00a0"))


def zero_width(text: str, rng: Random) -> str | None:
    chars = ("\u200b", "\u200c", "\u200d", "\ufeff")

    def go(part: str) -> str:
        out = []
        for ch in part:
            out.append(ch)
            if ch != "\n" and rng.random() < 0.06:
                out.append(rng.choice(chars))
        return "".join(out)

    return _in_region(text, lambda r: _outside_markup(r, go))


def wrap_labels(text: str, rng: Random) -> str | None:
    """A long row label wrapped: its first part alone on a line, the rest before the values."""

    def fn(cells: list[str]) -> str | None:
        k = _label_len(cells)
        if k == 0 or len(cells[k - 1]) < 9 or k == len(cells) or rng.random() < 0.5:
            return None
        lab = cells[k - 1]
        cut = len(lab) // 2
        head = " | ".join([*cells[: k - 1], lab[:cut]])
        return head + "\n" + " | ".join([lab[cut:], *cells[k:]]) + " |"

    return _map_rows(text, fn)


def repeat_header(text: str, rng: Random) -> str | None:
    """Table 三's header rows printed again after a page footer, in the middle of the table."""
    lines = text.split("\n")
    head = next((i for i, x in enumerate(lines) if _T3_HEAD.search(x)), None)
    first = next((i for i, x in enumerate(lines) if _T3_FIRST.search(x)), None)
    if head is None or first is None or not 0 < first - head <= 6:
        return None
    rows = [i for i in range(first, min(len(lines), first + 30)) if _cells(lines[i]) is not None]
    if len(rows) < 6:
        return None
    at = rng.choice(rows[3:-2])
    footer = f"— {rng.randint(2, 9)} —"
    block = [footer, *lines[head:first]]
    return "\n".join([*lines[: at + 1], *block, *lines[at + 1 :]])


def _block_widths(lines: list[str]) -> list[int]:
    """For each line, the most cells of a row in its run of table rows (markdown rules and
    blank lines do not end a run)."""
    out = [0] * len(lines)
    run: list[int] = []
    width = 0
    for no, line in enumerate([*lines, "END"]):
        cells = _cells(line) if no < len(lines) else None
        if cells is not None or (no < len(lines) and (not line.strip() or _RULE.fullmatch(line))):
            run.append(no)
            width = max(width, len(cells or ()))
            continue
        for i in run:
            out[i] = width
        run, width = [], 0
    return out


def blank_column(text: str, rng: Random) -> str | None:
    """A column of blanks between the labels and the values, in rows with no blank cell of
    their own after the labels (is '| 0 | 0 | |' a blank 总计 or padding? with a blank column
    before the values, only the header's alignment would tell)."""

    def go(region: str) -> str:
        out = []
        lines = region.split("\n")
        widest = _block_widths(lines)
        for no, line in enumerate(lines):
            cells = _cells(line)
            k = _label_len(cells) if cells is not None else 0
            if cells is None or k == 0 or k == len(cells) or len(cells) < widest[no]:
                # a row shorter than its table ('| 规章 | 22 | 235 |' under three columns): a
                # blank column before its values would make it look whole
                out.append(line)
                continue
            sep = "|" if line.count("|") >= 2 else "\t"
            raw = line.split(sep)
            at = next(i for i, c in enumerate(raw) if c.strip() == cells[k - 1]) + 1
            if any(not c.strip() for c in raw[at:-1]):
                out.append(line)  # a blank cell after the values: a blank column would move it
                continue
            out.append(sep.join([*raw[:at], " ", *raw[at:]]))
        return "\n".join(out)

    return _in_region(text, go)


def placeholders(text: str, rng: Random) -> str | None:
    """Some printed 0s become a placeholder (a null, by the spec's value rules)."""
    mark = rng.choice(PLACEHOLDERS)

    def fn(cells: list[str]) -> str | None:
        if not any(c == "0" for c in cells):
            return None
        return " | ".join(mark if c == "0" and rng.random() < 0.5 else c for c in cells) + " |"

    return _map_rows(text, fn)


def zero_rows_blank(text: str, rng: Random) -> str | None:
    """Rows of zeros printed with empty cells (a null each, by the spec's value rules): what
    comes before the row's last label cell (a serial number) is kept."""

    def fn(cells: list[str]) -> str | None:
        last = max((i for i, c in enumerate(cells) if c and not _is_num(c) and c not in PLACEHOLDERS), default=-1)
        vals = cells[last + 1 :]
        if last < 0 or not vals or any(c != "0" for c in vals) or rng.random() < 0.4:
            return None
        return " | ".join([*cells[: last + 1], *([""] * len(vals))]) + " |"

    return _map_rows(text, fn)


def thousands(text: str, rng: Random) -> str | None:
    # not a year (2022年, 2021-2022) nor a date: numbers of the tables only
    sub = re.compile(r"(?<![\d,.\-年月])(\d{1,3})(\d{3})(?![\d.年月日\-])")
    return _in_region(text, lambda r: _outside_markup(r, lambda t: sub.sub(r"\1,\2", t)))


def split_number(text: str, rng: Random) -> str | None:
    """A multi-digit number broken by a line break (a cell too narrow for it)."""

    def fn(cells: list[str]) -> str | None:
        idx = [i for i, c in enumerate(cells) if re.fullmatch(r"\d{2,}", c)]
        if not idx or rng.random() < 0.6:
            return None
        i = rng.choice(idx)
        c = cells[i]
        cut = rng.randint(1, len(c) - 1)
        return " | ".join(cells[:i]) + " | " + c[:cut] + "\n" + c[cut:] + " | " + " | ".join(cells[i + 1 :]) + " |"

    return _map_rows(text, fn)


def renumber(text: str, rng: Random) -> str | None:
    """（一）…（七） in table 三's labels become 1. … 7."""
    return _in_region(text, lambda r: re.sub(r"（([一二三四五六七])）", lambda m: f"{_CN.index(m.group(1)) + 1}.", r))


def cell_per_line(text: str, rng: Random) -> str | None:
    """DOCX-like text: each cell of a row its own paragraph, rows apart by an empty line."""
    return _map_rows(text, lambda cells: "\n".join(c for c in cells) + "\n")


# ----------------------------------------------------------------------------- to HTML
def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_html(text: str, rng: Random, *, variant: str) -> str | None:
    """The text with its pipe/tab rows as HTML tables (one per run of rows)."""
    lines = text.split("\n")
    if not any(_cells(x) for x in lines):
        return None
    lines = [x for x in lines if not _RULE.fullmatch(x)]
    out: list[str] = ["<html><body>"]
    i = 0
    while i < len(lines):
        if _cells(lines[i]) is None:
            if lines[i].strip():
                out.append(f"<p>{_esc(lines[i])}</p>")
            i += 1
            continue
        rows: list[list[str]] = []
        while i < len(lines) and (c := _cells(lines[i])) is not None:
            rows.append(c)
            i += 1
        out.append(_table(rows, rng, variant))
    out.append("</body></html>")
    return "\n".join(out)


def _td(cell: str, rng: Random, variant: str, attrs: str = "", header: bool = False) -> str:
    body = _esc(cell)
    if variant == "br" and len(cell) >= 8:
        cut = len(cell) // 2
        body = _esc(cell[:cut]) + "<br>" + _esc(cell[cut:])
    if variant == "span" and re.fullmatch(r"\d+", cell):
        body = (
            "".join(f'<span style="font-size:12pt">{d}</span>' for d in cell)
            if rng.random() < 0.5
            else f"<span>{cell}</span>"
        )
    if variant == "p":
        body = f"<p><span>{body}</span></p>"
    tag = "th" if variant == "th" and not _is_num(cell) and cell not in PLACEHOLDERS and header else "td"
    return f"<{tag}{attrs}>{body}</{tag}>"


def _table(rows: list[list[str]], rng: Random, variant: str) -> str:
    width = max(len(r) for r in rows)
    trs = []
    skip = 0
    merged: set[tuple[int, int]] = set()  # rowspan-values: cells a span above covers
    for n, r in enumerate(rows):
        tds = []
        for j, c in enumerate(r):
            attrs = ""
            if (n, j) in merged:
                continue
            if (
                variant == "rowspan-values"
                and j >= _label_len(r) >= 1
                and n + 1 < len(rows)
                and len(rows[n + 1]) == len(r)
                and _label_len(rows[n + 1]) == _label_len(r)
                and rows[n + 1][j] == c
                and (_is_num(c) or not c)
                and rng.random() < 0.3
            ):
                # two cells of a column printing the same value (or both blank) merged, as a
                # Word table's author merges them: the value printed once, in the upper row
                attrs = ' rowspan="2"'
                merged.add((n + 1, j))
            if variant == "colspan" and j == 0 and len(r) < width and _label_len(r) >= 1:
                attrs = f' colspan="{width - len(r) + 1}"'
            k = _label_len(r)
            if variant == "colspan-labels" and j == k - 1 and 1 <= k < len(r) and len(r) < width:
                attrs = f' colspan="{width - len(r) + 1}"'  # 三、本年度办理结果 / （一）…: the last label spans
            if variant == "rowspan" and j == 0 and skip == 0 and len(r) == width:
                span = 1
                while n + span < len(rows) and len(rows[n + span]) == width - 1 and _label_len(rows[n + span]) >= 1:
                    span += 1
                if span > 1:
                    attrs = f' rowspan="{span}"'
                    skip = span - 1
                    tds.append(_td(c, rng, variant, attrs))
                    continue
            tds.append(_td(c, rng, variant, attrs, header=k == len(r)))
        if variant == "rowspan" and skip and len(r) == width - 1 and not tds[0].startswith("<td rowspan"):
            skip -= 1
        trs.append("<tr>" + "".join(tds) + "</tr>")
    table = "<table border=1>" + "\n".join(trs) + "</table>"
    if variant == "nested":
        table = f"<table><tr><td>{table}</td></tr></table>"
    return table


def html(variant: str) -> Perturb:
    def p(text: str, rng: Random) -> str | None:
        if _IS_HTML.search(text):
            return _html_source(text, rng, variant)
        return to_html(text, rng, variant=variant)

    return p


_IS_HTML = re.compile(r"<(?:html|body|div|p|table|span)\b", re.I)
_TD = re.compile(r"(<t[dh][^>]*>)(.*?)(</t[dh]>)", re.S | re.I)


def _html_source(text: str, rng: Random, variant: str) -> str | None:
    """An HTML source: its cells' contents rewritten (br/span/p), or its tables nested."""
    if variant == "nested":
        out = re.sub(r"(?is)(<table\b.*?</table>)", r"<table><tr><td>\1</td></tr></table>", text)
        return out if out != text else None
    if variant == "th":

        def th(m: re.Match[str]) -> str:
            row = m.group()
            plain = [re.sub(r"<[^>]+>|&nbsp;", "", c.group(2)).strip() for c in _TD.finditer(row)]
            if not plain or any(_is_num(c) or c in PLACEHOLDERS for c in plain):
                return row
            return re.sub(r"(?i)<(/?)td\b", r"<\1th", row)

        out = re.sub(r"(?is)<tr\b.*?</tr>", th, text)
        return out if out != text else None
    if variant not in ("br", "span", "p"):
        return None

    def cell(m: re.Match[str]) -> str:
        inner = m.group(2)
        plain = re.sub(r"<[^>]+>", "", inner).strip()
        if variant == "span" and re.fullmatch(r"\d+", plain):
            inner = "".join(f"<span>{d}</span>" for d in plain)
        elif variant == "br" and len(plain) >= 8 and "<" not in inner:
            cut = len(plain) // 2
            inner = plain[:cut] + "<br/>" + plain[cut:]
        elif variant == "p":
            inner = f"<p><span>{inner}</span></p>"
        return m.group(1) + inner + m.group(3)

    out = _TD.sub(cell, text)
    return out if out != text else None


PERTURBATIONS: dict[str, Perturb] = {
    "tabs": sep("\t"),
    "spaces": sep("  "),
    "oneline": oneline,
    "fullwidth-digits": fullwidth,
    "ideographic-space": ideographic,
    "nbsp": nbsp,
    "zero-width": zero_width,
    "wrap-labels": wrap_labels,
    "repeat-header": repeat_header,
    "blank-column": blank_column,
    "placeholders": placeholders,
    "thousands": thousands,
    "split-number": split_number,
    "renumber": renumber,
    "cell-per-line": cell_per_line,
    "html-plain": html("plain"),
    "html-rowspan": html("rowspan"),
    "html-colspan": html("colspan"),
    "html-br": html("br"),
    "html-span": html("span"),
    "html-p": html("p"),
    "html-nested": html("nested"),
}


def compose(*names: str) -> Perturb:
    """The perturbations one after another (those that change nothing are skipped)."""

    def p(text: str, rng: Random) -> str | None:
        out = text
        for name in names:
            out = PERTURBATIONS[name](out, rng) or out
        return out if out != text else None

    return p


# publishers combine them: a crawler's one line of a renumbered report with full-width digits
for _pair in (
    ("renumber", "oneline"),
    ("wrap-labels", "oneline"),
    ("repeat-header", "oneline"),
    ("placeholders", "oneline"),
    ("thousands", "fullwidth-digits", "oneline"),
    ("split-number", "tabs"),
    ("wrap-labels", "html-rowspan"),
    ("repeat-header", "html-br"),
    ("zero-width", "html-span"),
    ("renumber", "nbsp", "wrap-labels"),
):
    PERTURBATIONS["+".join(_pair)] = compose(*_pair)


# ----------------------------------------------------------------------------- round two: text/HTML
def remarks_column(text: str, rng: Random) -> str | None:
    """A 备注 (remarks) column after 总计: its header named, its cells blank or a short note."""

    def go(region: str) -> str:
        out = []
        lines = region.split("\n")
        widest = _block_widths(lines)
        for no, line in enumerate(lines):
            cells = _cells(line)
            if cells is None or len(cells) < widest[no] or widest[no] < 3:
                out.append(line)
                continue
            if "总计" in cells[-1] or "合计" in cells[-1]:
                extra = "备注"
            elif _label_len(cells) == len(cells):
                extra = ""
            else:
                extra = rng.choice(("", "", "见说明"))
            out.append(" | ".join([*cells, extra]) + " |")
        return "\n".join(out)

    return _in_region(text, go)


def traditional(text: str, rng: Random) -> str | None:
    """The whole report in traditional characters (a 繁体 mirror of the page)."""
    try:
        import opencc
    except ImportError:  # pragma: no cover - the project's own dependency
        return None
    conv = opencc.OpenCC("s2t")
    out = _outside_markup(text, conv.convert)
    return out if out != text else None


def empty_rows(text: str, rng: Random) -> str | None:
    """An empty row between rows: a blank line, or a row of blank cells. The row before is kept
    as printed: rewritten from its cells it would lose an opening bar, which in one cell a line
    ('| 4 |' after four lone '|') is a separator, and the row would read otherwise."""

    def go(region: str) -> str:
        out = []
        for line in region.split("\n"):
            cells = _cells(line)
            out.append(line)
            if cells is None or _RULE.fullmatch(line) or rng.random() < 0.7:
                continue
            out.append("" if rng.random() < 0.5 else "|  " * len(cells) + "|")
        return "\n".join(out)

    return _in_region(text, go)


def header_three_lines(text: str, rng: Random) -> str | None:
    """A header row (cells, no number) split over three lines, a third of its cells on each."""

    def fn(cells: list[str]) -> str | None:
        if len(cells) < 4 or _label_len(cells) != len(cells) or any(re.search(r"\d", c) for c in cells):
            return None
        n = len(cells)
        a, b = n // 3, 2 * n // 3
        return "\n".join(" | ".join(part) + " |" for part in (cells[:a], cells[a:b], cells[b:]))

    return _map_rows(text, fn)


def values_next_line(text: str, rng: Random) -> str | None:
    """A row's values on the line after its label."""

    def fn(cells: list[str]) -> str | None:
        k = _label_len(cells)
        if k == 0 or k == len(cells) or rng.random() < 0.5:
            return None
        return " | ".join(cells[:k]) + "\n" + " | ".join(cells[k:]) + " |"

    return _map_rows(text, fn)


def serial_column(text: str, rng: Random) -> str | None:
    """A first column of serial numbers (序号) in every table row; header rows get 序号 or blank."""

    a, b = _region(text)
    for line in text[a:b].split("\n"):
        cells = _cells(line)
        if cells is not None and _label_len(cells) == 0:
            return None  # a row's values on a line of their own (one cell a line): no serial column there

    def go(region: str) -> str:
        out = []
        no = 0
        for line in region.split("\n"):
            cells = _cells(line)
            if cells is None:
                out.append(line)
                continue
            if _label_len(cells) == len(cells) and not any(_is_num(c) for c in cells):
                lead = "序号" if no == 0 else ""
            else:
                no += 1
                lead = str(no)
            out.append(" | ".join([lead, *cells]) + " |")
        return "\n".join(out)

    return _in_region(text, go)


PERTURBATIONS.update(
    {
        "remarks-column": remarks_column,
        "traditional": traditional,
        "empty-rows": empty_rows,
        "header-3-lines": header_three_lines,
        "values-next-line": values_next_line,
        "serial-column": serial_column,
        "html-th": html("th"),
        "html-colspan-labels": html("colspan-labels"),
        "traditional+html-plain": compose("traditional", "html-plain"),
        "remarks-column+html-th": compose("remarks-column", "html-th"),
    }
)


# ----------------------------------------------------------------------------- round three: text/HTML
_T2_HEAD = re.compile(r"第二十条|信息内容")
_SUB = re.compile(r"^\s*\d{1,2}\s*[.．、]")


def _t3_start(region: str) -> int:
    """Where table 三 starts in a region (its length if not there)."""
    m = _T3_HEAD.search(region) or _T3_FIRST.search(region)
    return region.rfind("\n", 0, m.start()) + 1 if m is not None else len(region)


def _data_row(cells: list[str] | None) -> bool:
    return cells is not None and 1 <= _label_len(cells) < len(cells) and any(_is_num(c) for c in cells)


def cms_paragraphs(dropped: bool) -> Perturb:
    """A Word table pasted into a CMS that kept no table: each cell its own ``<p>``, a blank cell
    a paragraph of ``&nbsp;`` (or, ``dropped``, no paragraph at all)."""

    def para(cell: str) -> str | None:
        if cell.strip(_BLANKS):
            return f"<p>{_esc(cell) if '<' not in cell else cell}</p>"
        return None if dropped else "<p>&nbsp;</p>"

    def p(text: str, rng: Random) -> str | None:
        if _IS_HTML.search(text):

            def tr(m: re.Match[str]) -> str:
                found = _TD.finditer(m.group())
                cells = [re.sub(r"<[^>]+>", "", c.group(2)).replace("&nbsp;", " ").strip() for c in found]
                return "\n".join(x for x in (para(c) for c in cells) if x is not None)

            out = re.sub(r"(?is)<tr\b.*?</tr>", tr, text)
            out = re.sub(r"(?is)</?(?:table|tbody|thead|tfoot|colgroup|col)\b[^>]*>", "", out)
            return out if out != text else None
        lines = text.split("\n")
        if not any(_cells(x) for x in lines):
            return None
        out_lines = ["<html><body>"]
        for line in lines:
            if _RULE.fullmatch(line):
                continue
            cells = _cells(line)
            if cells is None:
                if line.strip():
                    out_lines.append(f"<p>{_esc(line)}</p>")
                continue
            out_lines.extend(x for x in (para(c) for c in cells) if x is not None)
        out_lines.append("</body></html>")
        return "\n".join(out_lines)

    return p


def _cms_page(text: str, row: Callable[[list[str]], list[str]]) -> str | None:
    """HTML of a CMS paste of a text with cell rows: each other line one ``<p>``, each row the
    paragraphs ``row`` makes of its cells; None for HTML or a text without rows."""
    lines = text.split("\n")
    if _IS_HTML.search(text) or not any(_cells(x) for x in lines):
        return None
    out = ["<html><body>"]
    for line in lines:
        if _RULE.fullmatch(line):
            continue
        cells = _cells(line)
        if cells is None:
            if line.strip():
                out.append(f"<p>{_esc(line)}</p>")
            continue
        out += row(cells)
    out.append("</body></html>")
    return "\n".join(out)


def label_apart(text: str, rng: Random) -> str | None:
    """HTML of a CMS paste: a row's label one ``<p>``, its values another (apart by spaces,
    a blank cell ``&nbsp;``), header rows a ``<p>`` each."""

    def row(cells: list[str]) -> list[str]:
        k = _label_len(cells)
        out = ["<p>" + _esc(" ".join(cells[:k])) + "</p>"] if k else []
        if k < len(cells):
            out.append("<p>" + "&nbsp;&nbsp;".join(_esc(c) if c else "&nbsp;" for c in cells[k:]) + "</p>")
        return out

    return _cms_page(text, row)


def side_by_side(text: str, rng: Random) -> str | None:
    """Table 二's rows two to a line (two sub-tables printed side by side in one table):
    ``规章 | 0 | 0 | 0 | 行政许可 | 6 | | 9``."""

    def go(region: str) -> str:
        cut = _t3_start(region)
        lines = region[:cut].split("\n")
        out: list[str] = []
        i = 0
        while i < len(lines):
            a = _cells(lines[i])
            b = _cells(lines[i + 1]) if i + 1 < len(lines) else None
            if _data_row(a) and _data_row(b) and a is not None and b is not None:
                out.append(" | ".join([*a, *b]) + " |")
                i += 2
                continue
            out.append(lines[i])
            i += 1
        return "\n".join(out) + region[cut:]

    return _in_region(text, go)


def thousands_as(mark: str) -> Perturb:
    """Thousands separators other than ',': a full-width comma, or a space inside a cell."""
    sub = re.compile(r"(?<![\d,.\-年月])(\d{1,3})(\d{3})(?![\d.年月日\-])")

    def fn(cells: list[str]) -> str | None:
        new = [sub.sub(rf"\1{mark}\2", c) if _is_num(c) else c for c in cells]
        return None if new == cells else " | ".join(new) + " |"

    return lambda text, rng: _map_rows(text, fn)


def units(text: str, rng: Random) -> str | None:
    """Counts printed with their unit in the cell: ``12件``, ``3项``, ``0个`` (tables 三 and 四:
    table 二 holds amounts of money too)."""
    unit = rng.choice(("件", "项", "个"))

    def fn(cells: list[str]) -> str | None:
        if _label_len(cells) == len(cells):
            return None
        return " | ".join(c + unit if re.fullmatch(r"\d+", c) and rng.random() < 0.6 else c for c in cells) + " |"

    def go(region: str) -> str:
        cut = _t3_start(region)
        return region[:cut] + (_map_rows(f"申请人情况\n{region[cut:]}", fn) or f"申请人情况\n{region[cut:]}")[6:]

    return _in_region(text, go)


def _subrow_groups(lines: list[str]) -> list[list[int]]:
    """Runs of table 三's numbered sub-rows (``1.属于国家秘密 | 0 | …``) on lines of their own."""
    groups: list[list[int]] = []
    run: list[int] = []
    for i, line in enumerate([*lines, ""]):
        cells = _cells(line) if i < len(lines) else None
        if cells and _SUB.match(cells[0]) and _data_row(cells):
            run.append(i)
            continue
        if len(run) >= 2:
            groups.append(run)
        run = []
    return groups


def shuffle_subrows(text: str, rng: Random) -> str | None:
    """Table 三's numbered sub-rows printed in another order (each with its own label)."""

    def go(region: str) -> str:
        lines = region.split("\n")
        for group in _subrow_groups(lines):
            rows = [lines[i] for i in group]
            rng.shuffle(rows)
            for i, row in zip(group, rows, strict=True):
                lines[i] = row
        return "\n".join(lines)

    return _in_region(text, go)


def omit_subrows(text: str, rng: Random) -> str | None:
    """Some of table 三's sub-rows of zeros not printed at all."""

    def go(region: str) -> str:
        lines = region.split("\n")
        drop: set[int] = set()
        for group in _subrow_groups(lines):
            for i in group:
                cells = _cells(lines[i]) or []
                vals = cells[_label_len(cells) :]
                if all(c in ("0", "") for c in vals) and rng.random() < 0.4:
                    drop.add(i)
        return "\n".join(x for i, x in enumerate(lines) if i not in drop)

    return _in_region(text, go)


_ABBREV = (
    (
        re.compile(r"危及[“\"]三安全一稳定[”\"]"),
        ('危及"三安全一稳定"', "危及三安全一稳定", "危及‘三安全一稳定’", "危及“三安全、一稳定”"),
    ),
    (re.compile(r"（二）部分公开（区分处理的，只计这一情形，不计其他情形）"), ("（二）部分公开",)),
    (re.compile(r"要求行政机关确认或重新出具已获取信息"), ("要求行政机关确认或重新出具…",)),
    (re.compile(r"其他法律行政法规禁止公开"), ("其他法律行政法规禁止…",)),
    (re.compile(r"没有现成信息需要另行制作"), ("没有现成信息需要…",)),
    (re.compile(r"无正当理由大量反复申请"), ("无正当理由大量反复…",)),
)


def label_abbrev(text: str, rng: Random) -> str | None:
    """Long row labels abbreviated (``…``) or printed with other quotes."""

    def go(region: str) -> str:
        for pat, subs in _ABBREV:
            region = pat.sub(lambda _m, subs=subs: rng.choice(subs), region)
        return region

    return _in_region(text, go)


def merge_t2(text: str, rng: Random) -> str | None:
    """Table 二's sub-tables printed as one table: the 第二十条 and 信息内容 header rows after the
    first sub-table's left out."""

    def go(region: str) -> str:
        cut = _t3_start(region)
        lines = region[:cut].split("\n")
        heads = [i for i, x in enumerate(lines) if _T2_HEAD.search(x)]
        if len(heads) < 3:
            return region
        keep_to = heads[1]  # the first sub-table's two header rows
        # (a header printing a column's unit, 采购总金额（万元）, is kept: the unit is read there)
        drop = {i for i in heads if i > keep_to and "元" not in lines[i]}
        return "\n".join(x for i, x in enumerate(lines) if i not in drop) + region[cut:]

    return _in_region(text, go)


def ideographic_align(text: str, rng: Random) -> str | None:
    """Text blocks aligned with ``　``: each cell padded to a width in ideographic spaces."""
    width = rng.choice((4, 6, 8))

    def fn(cells: list[str]) -> str:
        return "".join(c + "\u3000" * max(1, width - len(c)) for c in cells).rstrip("\u3000")

    return _map_rows(text, fn)


def label_char_per_line(text: str, rng: Random) -> str | None:
    """A PDF copy of a narrow label column: every character of a long row label on its own
    line, the label's last character on the values' line."""

    def fn(cells: list[str]) -> str | None:
        k = _label_len(cells)
        if k == 0 or k == len(cells) or len(cells[k - 1]) < 6 or rng.random() < 0.5:
            return None
        lab = cells[k - 1]
        head = [*cells[: k - 1]]
        lines = ([" | ".join(head) + " |"] if head else []) + list(lab[:-1])
        return "\n".join([*lines, " | ".join([lab[-1], *cells[k:]]) + " |"])

    return _map_rows(text, fn)


_SUB_NO = re.compile(r"(?:(?<=[|\t\n ])|^)(\d)[.．](?=[\u4e00-\u9fff“\"])", re.M)


def subrow_numbering(text: str, rng: Random) -> str | None:
    """Table 三's sub-rows numbered otherwise: ``1、`` ``（1）`` ``(1)`` ``①`` or not at all."""
    style = rng.choice(("dun", "paren", "ascii", "circled", "none"))

    def number(m: re.Match[str]) -> str:
        n = int(m.group(1))
        if style == "circled":
            return "①②③④⑤⑥⑦⑧⑨"[n - 1] if 1 <= n <= 9 else m.group()
        return {"dun": f"{n}、", "paren": f"（{n}）", "ascii": f"({n})", "none": ""}[style]

    return _in_region(text, lambda r: _outside_markup(r, lambda t: _SUB_NO.sub(number, t)))


def cms_rows(text: str, rng: Random) -> str | None:
    """HTML of a CMS that kept no table: each row one ``<p>``, its cells apart by a space, a blank
    cell ``&nbsp;``."""
    return _cms_page(text, lambda cells: ["<p>" + " ".join(_esc(c) if c else "&nbsp;" for c in cells) + "</p>"])


def html_dropped_blanks(text: str, rng: Random) -> str | None:
    """An HTML table whose empty cells a cleaner left out (``<td></td>`` gone: rows shorter)."""
    page = html("plain")(text, rng) if not _IS_HTML.search(text) else text
    if page is None:
        return None
    out = re.sub(r"(?i)<td>(?:\s|&nbsp;)*</td>", "", page)
    return out if out != page else None


PERTURBATIONS.update(
    {
        "cms-paragraphs": cms_paragraphs(False),
        "cms-paragraphs-dropped": cms_paragraphs(True),
        "cms-label-apart": label_apart,
        "side-by-side": side_by_side,
        "thousands-fw-comma": thousands_as("，"),
        "thousands-space": thousands_as(" "),
        "units": units,
        "shuffle-subrows": shuffle_subrows,
        "omit-subrows": omit_subrows,
        "label-abbrev": label_abbrev,
        "merge-t2": merge_t2,
        "ideographic-align": ideographic_align,
        "label-char-per-line": label_char_per_line,
        "html-rowspan-values": html("rowspan-values"),
        "cms-rows": cms_rows,
        "subrow-numbering": subrow_numbering,
        "subrow-numbering+oneline": compose("subrow-numbering", "oneline"),
        "html-dropped-blanks": html_dropped_blanks,
        "side-by-side+html-plain": compose("side-by-side", "html-plain"),
        "units+oneline": compose("units", "oneline"),
        "shuffle-subrows+html-plain": compose("shuffle-subrows", "html-plain"),
        "serial-column+html-plain": compose("serial-column", "html-plain"),
        "zero-rows-blank": zero_rows_blank,
        "serial-column+zero-rows-blank": compose("serial-column", "zero-rows-blank"),
        "serial-column+zero-rows-blank+html-plain": compose("serial-column", "zero-rows-blank", "html-plain"),
        "zero-rows-blank+oneline": compose("zero-rows-blank", "oneline"),
        "zero-rows-blank+cell-per-line": compose("zero-rows-blank", "cell-per-line"),
        "zero-rows-blank+html-plain": compose("zero-rows-blank", "html-plain"),
        "zero-rows-blank+cms-paragraphs": compose("zero-rows-blank", "cms-paragraphs"),
        "zero-rows-blank+spaces": compose("zero-rows-blank", "spaces"),
        "zero-rows-blank+tabs": compose("zero-rows-blank", "tabs"),
        "merge-t2+cms-paragraphs": compose("merge-t2", "cms-paragraphs"),
        "repeat-header+cms-paragraphs": compose("repeat-header", "cms-paragraphs"),
        "label-abbrev+html-plain": compose("label-abbrev", "html-plain"),
        "omit-subrows+oneline": compose("omit-subrows", "oneline"),
        "thousands-fw-comma+oneline": compose("thousands-fw-comma", "oneline"),
    }
)

# round four's (rows of zeros printed as empty cells, and their combinations)
ROUND_FOUR = tuple(name for name in PERTURBATIONS if "zero-rows-blank" in name)

# round three's own perturbations (the combinations above are theirs with round one's)
ROUND_THREE = (
    "cms-paragraphs",
    "cms-paragraphs-dropped",
    "cms-label-apart",
    "side-by-side",
    "thousands-fw-comma",
    "thousands-space",
    "units",
    "shuffle-subrows",
    "omit-subrows",
    "label-abbrev",
    "merge-t2",
    "ideographic-align",
    "label-char-per-line",
    "html-rowspan-values",
    "cms-rows",
    "html-dropped-blanks",
    "subrow-numbering",
)


# placeholders make printed 0s null by the spec: null is the same value there
ZERO_MAY_BE_NULL = {name for name in PERTURBATIONS if "placeholders" in name or "zero-rows-blank" in name}


# ----------------------------------------------------------------------------- compare
OUTCOMES = ("same", "null-diag", "null-silent", "wrong-diag", "wrong", "gained", "false-alarm")


@dataclass
class Row:
    docs: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    examples: list[str] = field(default_factory=list)

    def add(self, label: str, res: dict[str, list[str]], *, gained: bool = False, tail: str = "") -> None:
        """Count one document's outcomes (``compare``'s) and keep its bad ones (and gains) as examples."""
        for k, v in res.items():
            self.counts[k] += len(v)
        for k in ("wrong", "null-silent", "false-alarm", "wrong-diag", *(("gained",) if gained else ())):
            if res[k]:
                self.examples.append(f"{label} [{k}] {len(res[k])}: {'; '.join(res[k][:4])}{tail}")

    def lost(self, name: str, base: gd.Parsed, why: str) -> None:
        """The document is no report any more: every cell the base read is silently lost."""
        self.counts["null-silent"] += sum(v is not None for v in gd.cells(base.report).values())
        self.examples.append(f"{name}: {why}")


def _named(parsed: gd.Parsed) -> set[str]:
    out: set[str] = set()
    for d in parsed.diagnostics:
        out.update(d.cells)
    return out


def _errors(parsed: gd.Parsed) -> set[tuple[str, str]]:
    return {(f.rule, f.scope) for f in gd.check(parsed) if f.severity is gd.Severity.ERROR}


def _zero(v: object) -> bool:
    return v == 0 or (isinstance(v, dict) and str(v.get("number", "")).strip("0.") == "")


def compare(
    base: gd.Parsed, pert: gd.Parsed, *, zero_null: bool = False, labels: dict[str, object] | None = None
) -> dict[str, list[str]]:
    """Outcome -> the cells (or findings) of that outcome. ``labels`` (hand-read cells) judge
    the values gained: one that differs from its label is wrong (silently, or not)."""
    out: dict[str, list[str]] = {k: [] for k in OUTCOMES}
    a = gd.cells(base.report) if base.report is not None else {}
    b = gd.cells(pert.report) if pert.report is not None else {}
    named = _named(pert)
    for cid, va in a.items():
        vb = b.get(cid)
        if va is None:
            if vb is not None and labels is not None and cid in labels and labels[cid] != vb:
                out["wrong-diag" if cid in named else "wrong"].append(f"{cid}: (label {labels[cid]}) -> {vb}")
            elif vb is not None:
                out["gained"].append(f"{cid}={vb}")
            continue
        if vb == va or (zero_null and _zero(va) and vb is None):
            out["same"].append(cid)
        elif vb is None:
            out["null-diag" if cid in named else "null-silent"].append(cid)
        else:
            out["wrong-diag" if cid in named else "wrong"].append(f"{cid}: {va} -> {vb}")
    for rule, scope in sorted(_errors(pert) - _errors(base)):
        out["false-alarm"].append(f"{rule} {scope}")
    return out


# ----------------------------------------------------------------------------- sources
def sources(corpus: Path | None, fixtures: bool = True) -> Iterator[tuple[str, str]]:
    """(name, text) of each source: the fixtures' UTF-8 texts and HTML, the corpus' txt/html."""
    if fixtures:
        paths = sorted(
            [
                *FIXTURES.glob("*.txt"),
                *FIXTURES.glob("*.html"),
                *(FIXTURES / "hazards").glob("*.txt"),
                *(FIXTURES / "hazards").glob("*.html"),
                *(FIXTURES / "trust").glob("*.txt"),
                *(FIXTURES / "robust").glob("*.txt"),
                *(FIXTURES / "robust").glob("*.html"),
            ]
        )
        for p in paths:
            if p.name.count(".") > 1:  # the encodings' copies of pipe-2019 / markdown-2021
                continue
            yield f"{p.parent.name}/{p.name}", p.read_text(encoding="utf-8").lstrip("\ufeff")
    if corpus is not None:
        for case in sorted(corpus.iterdir()):
            for src in sorted(case.glob("source.*")):
                if src.suffix in (".txt", ".html", ".md"):
                    expected = case / "expected.json"
                    if expected.is_file():
                        LABELS[f"{corpus.name}/{case.name}"] = json.loads(expected.read_text(encoding="utf-8"))["cells"]
                    yield f"{corpus.name}/{case.name}", src.read_bytes().decode("utf-8", "replace").lstrip("\ufeff")


# source name -> the corpus' hand-read cells: a value gained where the unperturbed parse has
# none is judged against them (a different number is 'wrong')
LABELS: dict[str, dict[str, object]] = {}


def _parse(text: str) -> gd.Parsed | None:
    try:
        return gd.parse_text(text)
    except gd.NotAReportError:
        return None


def run(
    srcs: list[tuple[str, str]],
    names: list[str],
    seed: int,
    rounds: int = 1,
    log: Callable[[str], None] | None = None,
) -> dict[str, Row]:
    table = {n: Row() for n in names}
    for name, text in srcs:
        base = _parse(text)
        if base is None:
            continue
        for r in range(rounds):
            for pname in names:
                rng = Random(f"{seed}:{r}:{name}:{pname}")
                new = PERTURBATIONS[pname](text, rng)
                if new is None or new == text:
                    continue
                pert = _parse(new)
                row = table[pname]
                row.docs += 1
                if pert is None:
                    row.lost(name, base, "not a report any more")
                    continue
                res = compare(base, pert, zero_null=pname in ZERO_MAY_BE_NULL, labels=LABELS.get(name))
                row.add(f"{name} r{r}", res, gained=True)
        if log:
            log(name)
    return table


def render(table: dict[str, Row]) -> str:
    w = max(18, *(len(n) for n in table))
    head = f"{'perturbation':<{w}} {'docs':>5} " + " ".join(f"{k:>11}" for k in OUTCOMES)
    lines = [head, "-" * len(head)]
    total = Row()
    for name, row in table.items():
        lines.append(f"{name:<{w}} {row.docs:>5} " + " ".join(f"{row.counts[k]:>11}" for k in OUTCOMES))
        total.docs += row.docs
        for k in OUTCOMES:
            total.counts[k] += row.counts[k]
    lines.append("-" * len(head))
    lines.append(f"{'total':<{w}} {total.docs:>5} " + " ".join(f"{total.counts[k]:>11}" for k in OUTCOMES))
    return "\n".join(lines)


def report(table: dict[str, Row], verbose: bool) -> int:
    """Print the table (and with ``verbose`` every bad outcome); 1 if any cell was silently wrong,
    dropped or a false alarm raised, else 0."""
    print(render(table))
    if verbose:
        for name, row in table.items():
            for ex in row.examples:
                print(f"{name}: {ex}")
    bad = sum(r.counts["wrong"] + r.counts["null-silent"] + r.counts["false-alarm"] for r in table.values())
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument(
        "--corpus",
        type=Path,
        action="append",
        default=[],
        help="also a folder of cases' sources (repeatable; read, never copied)",
    )
    ap.add_argument("--no-fixtures", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--only", action="append", help="one perturbation (repeatable)")
    ap.add_argument("--source", help="only sources whose name contains this")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the bad outcomes")
    args = ap.parse_args(argv)
    names = args.only or list(PERTURBATIONS)
    srcs = [s for s in sources(None, not args.no_fixtures) if not args.source or args.source in s[0]]
    for corpus in args.corpus:
        srcs += [s for s in sources(corpus, False) if not args.source or args.source in s[0]]
    table = run(srcs, names, args.seed, args.rounds)
    return report(table, args.verbose)


if __name__ == "__main__":
    sys.exit(main())
