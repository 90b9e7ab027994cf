"""Rows: map each row label's cells to the template's columns, and table 四 by position."""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Sequence

from ...schema import ColumnKind, ColumnSpec, Edition, RowSpec, TableSpec, table_specs
from ...schema._labels import APPEALS, REGIONAL_WORDS, REQUEST_COLUMNS
from .._normalize import fold
from .._numbers import MONEY_UNITS, read_number
from .._result import Ambiguous, Diagnostic, Provenance
from ._build import _Builder, zh
from ._fuzzy import fuzzy_hits, label_key, match_row, ocr_hits
from ._infer import _row_identity
from ._patterns import _body_pattern, _LabelHit, _TableMatcher, bare_label
from ._split import readings
from ._stream import _CN_NUM, _Stream
from ._values import _scan_values, _stretches, _Val, drop_closers

_ZEROS = re.compile(r"0+")
_HAN = re.compile(r"[\u4e00-\u9fff]")  # a Han character: a word, never a value
_EMPTY_CELL = re.compile(r"[|\t][ \t]*[|\t]")  # two cell bars with nothing between
_ZEROS_EXTRA = 2  # more than this, and the run may hold another row's zeros: left unread


def _line_of(text: str, start: int, end: int, label: int) -> str:
    """The line (or lines) holding text[start:end], from its row's label on (empty cells before
    the label are the label's spanning cells, not the row's)."""
    head = max(text.rfind("\n", 0, start) + 1, min(label, start))
    return text[head : (text.find("\n", end) + 1 or len(text) + 1) - 1]


def _row_blank(b: _Builder, row_key: str, at: int, ids: Sequence[str]) -> None:
    b.diag(
        "row-blank",
        f"row {row_key} is printed with no values (cells left null)",
        f"{zh(row_key)} 行未填写数值（按空白处理）",
        at,
        ids,
    )


def _left_over(b: _Builder, row_key: str, n: int, extra: Sequence[_Val], cells: Sequence[str]) -> None:
    """Name the values beyond a row's ``n`` columns (``cells``: those taken, when doubtful)."""
    printed = " ".join(v.text for v in extra)
    b.diag(
        "number-left-over",
        f"row {row_key}: {len(extra)} more value(s) than the template's {n} columns: {printed}",
        f"{zh(row_key)} 行数值多于模板的 {n} 列：{printed}",
        extra[0].start,
        cells,
    )


def _assign(
    b: _Builder,
    table_id: str,
    row_id: str,
    columns: Sequence[ColumnSpec],
    vals: list[_Val],
    run: bool,
    at: int,
    ids: list[str] | None = None,
) -> bool:
    """Map a row's cells to its columns. Returns False if nothing could be assigned."""
    n = len(columns)
    vals = drop_closers(vals, n)
    # A label cell spanning two grid columns leaves a blank one before the values: dropped while
    # there are more cells than columns. When the first line of cells holds the row whole (a
    # row of empty cells, then the next row's first cell: a serial number, '| 5 | 1.属于国家秘密
    # | | | | | | | |⏎| 6 | …'), only that line's: the cells after it are not shifted into it.
    while len(vals) > n and vals[0].blank and b.s.text.startswith("\n", vals[0].start):
        vals = vals[1:]  # '|⏎|' before values on the next line: where a line ends, not a cell
    on_first = _first_line_count(b.s, vals)
    while (on_first > n if on_first >= n else len(vals) > n) and vals[0].blank:
        vals = vals[1:]
        on_first -= 1
    ids = ids or list(_cell_ids(table_id, row_id, tuple(c.id for c in columns)))
    if _empty_cells_line(b.s.text, at, vals, n):
        # Its label's line holds nothing but its columns' empty cells ('8.属于行政查询事项|||||||',
        # a row of tabs; cells with nothing between their bars are no values of their own): it is
        # printed blank. Values on later lines are not its (another row's, whose label stands
        # elsewhere): named.
        later = [v for v in vals if not v.blank]
        for cid in ids:
            b.values[cid] = None
            b.prov[cid] = Provenance._at(b.s, at, at, False)
        b.mark(later[0].start, later[-1].end)
        _row_blank(b, f"{table_id}.{row_id}", at, ids)
        _left_over(b, f"{table_id}.{row_id}", n, later, ())
        return True
    if not vals and _after_left_over(b, at):
        # No values of its own, right after a row with values left over at its end (one-line
        # text: '（一）予以公开 9 1 0 0 1 0 11 3 0 0 0 0 0 3 （二）部分公开…'): those may be this
        # row's, printed before its label. Not certainly blank: unread.
        for cid in ids:
            b.values[cid] = None
        b.diag(
            "row-uncertain",
            f"row {table_id}.{row_id}: no values after its label, but the row before it has values left over "
            "right before the label: they may be this row's; cells left unread",
            f"{zh(f'{table_id}.{row_id}')} 行：标签后无数值，但紧邻其前的一行有多余数值，可能属于本行；未读取",
            at,
            ids,
        )
        return True
    if not vals or (len(vals) < n and not any(not v.blank and read_number(v.text) is not None for v in vals)):
        # printed empty (or only placeholders): blank cells, value None
        padded: list[_Val | None] = [*vals, *([None] * n)]
        for cid, col, v in zip(ids, columns, padded, strict=False):
            if v is not None:
                b.set(cid, col, v)
            else:
                b.values[cid] = None
                b.prov[cid] = Provenance._at(b.s, at, at, False)
        if not vals:
            _row_blank(b, f"{table_id}.{row_id}", at, ids)
        return True
    if len(vals) == n:
        # One value a column (the common row): taken in order, as _pick_line below would take
        # them (every line's, or the only line's, or the first n: all of them, certainly).
        split = _split_in_cells(b.s.text, vals) or {
            id(v) for pair in _spaced_in_cell(b.s.text, vals, False)[:1] for v in pair
        }
        if not split:
            b.set_row(ids, columns, vals)
            return True
        for cid, col, v in zip(ids, columns, vals, strict=True):
            if id(v) in split:
                b.values[cid] = None  # unread: no provenance
                b.mark(v.start, v.end)
                continue
            b.set(cid, col, v)
        if split:
            a, z = (v for v in vals if id(v) in split)
            named = [cid for cid, v in zip(ids, vals, strict=True) if id(v) in split]
            pair, how, how_zh = _split_words(b.s.text, a, z)
            b.diag(
                "number-split",
                f"row {table_id}.{row_id}: '{pair}' may be one number {how}, or two cells; cells left unread",
                f"{zh(f'{table_id}.{row_id}')} 行：“{pair}”可能是{how_zh}的一个数，也可能是两格；未读取",
                a.start,
                named,
            )
        return True
    if len(vals) > n:
        used, certain = _pick_line(b.s.text, vals, n, at)
        taken = {id(v) for v in used}
        extra = [v for v in vals if not v.blank and id(v) not in taken]
        # (a number broken in two leaves one piece unused: none when every value is taken)
        broken = _broken_cells(b.s.text, vals, taken, n) if extra and b.s.from_text(vals[0].start) else {}
        # two numbers in one cell ('| 517 645 |'): one value of the pair taken, the other left over,
        # is one cell in question; both taken, the cells after them may be shifted: the row is unread
        spaced_row = False
        for a, z in _spaced_in_cell(b.s.text, vals, True) if extra else ():
            if (id(a) in taken) != (id(z) in taken):
                kept, other = (a, z) if id(a) in taken else (z, a)
                broken[id(kept)] = other
            elif id(a) in taken:
                spaced_row = True
        # More values than columns, and either the row's own identity says those taken are not
        # its cells ('1 2 3 0 0 0 0 15': 12 broken in two; or a line of another row's values
        # chosen), or a number broken over a line break leaves more than its other piece unused
        # ('| 484 | 2⏎8 | 0 | … | 513 | |': the line taken was not the row). Which are, the text
        # cannot tell.
        broken_row = bool(broken) and len(extra) > 1
        if extra and (broken_row or spaced_row or (not broken and _breaks_row_identity(table_id, columns, used))):
            why_en, why_zh = (
                ("and a number seems broken over a line break", "且有数值似被换行拆开")
                if broken_row
                else ("and a cell holds two numbers apart by a space", "且有一格内有两个以空格隔开的数")
                if spaced_row
                else ("and those taken break the row's identity", "所取数值不满足行勾稽关系")
            )
            for v in vals:
                b.mark(v.start, v.end)
            for cid in ids:
                b.values[cid] = None
            count = sum(not v.blank for v in vals)
            for line in _lines([v for v in vals if not v.blank], b.s.text):  # named on each line
                printed = " ".join(v.text for v in line)
                b.diag(
                    "row-overfull",
                    f"row {table_id}.{row_id}: {count} values for the template's {n} columns ({printed} here), "
                    f"{why_en}: which are its cells is unclear; cells left unread",
                    f"{zh(f'{table_id}.{row_id}')} 行：{count} 个数值对应模板的 {n} 列（此处：{printed}），"
                    f"{why_zh}，无法确定各格数值；未读取",
                    line[0].start,
                    ids,
                )
            return True
        for cid, col, v in zip(ids, columns, used, strict=True):
            if id(v) in broken:
                b.values[cid] = None  # unread: no provenance
                b.mark(v.start, v.end)
                pair, how, how_zh = _split_words(b.s.text, v, broken[id(v)])
                b.diag(
                    "number-split",
                    f"row {table_id}.{row_id}: cell {cid} may be one number {how} ('{pair}'), or two; cell left unread",
                    f"{zh(cid)}：可能是{how_zh}的一个数（“{pair}”），也可能是两个数；未读取",
                    v.start,
                    (cid,),
                )
                continue
            b.set(cid, col, v)
        for v in extra:
            b.mark(v.start, v.end)
        if extra:
            if extra[-1] is vals[-1]:
                b.left_over_ends.add(extra[-1].end)
            # (the first n taken, not certain: a value may be shifted into another cell)
            _left_over(b, f"{table_id}.{row_id}", n, extra, () if certain else ids)
        return True
    if run and all(not v.blank for v in vals):
        kinds = [c.kind for c in columns]
        tokens = [v.text.replace(",", "") for v in vals]
        all_readings = readings(tokens, kinds)
        b.mark(vals[0].start, vals[-1].end)
        zeros = sum(len(t) for t in tokens)
        if not all_readings and all(_ZEROS.fullmatch(t) for t in tokens) and n < zeros <= n + _ZEROS_EXTRA:
            # Only zeros, one or two more than the cells ('0 00 0 0 0 00 0 0 0 0 00 00': 16 for
            # table 四's 15): no split is a number each ('00'), but every one gives 0 in every
            # cell, wherever the extra zero stands. Read as 0; the extra zeros are named.
            span = _Val(" ".join(tokens), vals[0].start, vals[-1].end)
            for cid, col in zip(ids, columns, strict=True):
                b.set(cid, col, span, text="0")
            b.diag(
                "zeros-extra",
                f"row {table_id}.{row_id}: run '{' '.join(tokens)}' holds {zeros} zeros for {n} cells: "
                f"every cell is 0 whichever split is meant; {zeros - n} zero(s) too many, not used",
                f"{zh(f'{table_id}.{row_id}')} 行：数字串“{' '.join(tokens)}”共 {zeros} 个0对应 {n} 格，"
                f"无论如何拆分各格均为0；多出 {zeros - n} 个0，未使用",
                vals[0].start,
                (),
            )
            return True
        if len(tokens) < n and b.s.typed and any(b.s.alone(v.start, v.end) for v in vals):
            # A number typed alone in a paragraph or a grid cell of an HTML or Word document (a
            # table pasted one cell a paragraph: '<p>行政许可</p><p>120</p><p>&nbsp;</p>'): one
            # value, never digits of several cells run together; fewer values than columns, and
            # which cells they are the page does not say. Unread, named.
            b.unread(
                "row-short",
                f"row {table_id}.{row_id}: '{' '.join(tokens)}' is {len(tokens)} value(s) for {n} columns, each "
                "typed in a paragraph or cell of its own: which cells they are is unknown; cells left unread",
                f"{zh(f'{table_id}.{row_id}')} 行：“{' '.join(tokens)}”共 {len(tokens)} 个数值对应 {n} 列，"
                "各自单独成段或成格，无法确定所在列；未读取",
                vals[0].start,
                ids,
            )
            return True
        if len(tokens) < n and _EMPTY_CELL.search(_line_of(b.s.text, vals[0].start, vals[-1].end, at)):
            # A row printed in cells, some empty ('行政许可⇥120⇥⇥': a tab row's empty cells have
            # nothing between their tabs): fewer values than columns are values beside blanks, or
            # digits glued ('120' as 1 2 0); the text cannot tell which. Unread, named.
            b.unread(
                "row-short",
                f"row {table_id}.{row_id}: '{' '.join(tokens)}' is {len(tokens)} value(s) for {n} columns, "
                "beside empty cells: values in some cells, or digits run together; cells left unread",
                f"{zh(f'{table_id}.{row_id}')} 行：“{' '.join(tokens)}”共 {len(tokens)} 个数值对应 {n} 列，"
                "另有空白格：无法确定是部分格有值还是数字连写；未读取",
                vals[0].start,
                ids,
            )
            return True
        exact = sum(ch.isdigit() for t in tokens for ch in t.partition(".")[0]) == n and any(
            len(t) > 1 and t[0] == "0" for t in tokens
        )
        if not exact and b.s.loc(vals[0].start).confidence is not None:
            # Read by OCR (a scan's line of text): numbers standing apart are read one by one, so fewer
            # numbers than columns are cells OCR lost (a value the detector missed: '62 33 440' read as
            # '3 440'), not digits glued; a split would shift values into other columns.
            b.unread(
                "row-short",
                f"row {table_id}.{row_id}: '{' '.join(tokens)}' is {len(tokens)} number(s) read by OCR for {n} "
                "columns: which were not read is unknown; cells left unread",
                f"{zh(f'{table_id}.{row_id}')} 行：光学字符识别读出“{' '.join(tokens)}”共 {len(tokens)} 个数值，"
                f"对应 {n} 列，无法确定缺失哪几格，未读取",
                vals[0].start,
                ids,
            )
            return True
        if all_readings is None or not all_readings:
            why = "too many readings" if all_readings is None else "no reading fits the columns"
            b.diag(
                "ambiguous-run",
                f"row {table_id}.{row_id}: run '{' '.join(tokens)}' cannot be split into {n} cells ({why})",
                f"{zh(f'{table_id}.{row_id}')} 行：数字串“{' '.join(tokens)}”无法唯一拆分为 {n} 格",
                vals[0].start,
                ids,
            )
            return True
        chosen: list[tuple[str, str | None]] | None = None
        # certain: one reading
        agree = [True] * n if len(all_readings) == 1 else [len({r[i] for r in all_readings}) == 1 for i in range(n)]
        check = _row_identity(table_id, columns)
        if (
            check is None
            and not any(len(t) > 1 and t[0] == "0" for t in tokens)
            and not _HAN_BEFORE.match(b.s.text, max(vals[0].start - 1, 0))
        ):
            # A row with no identity of its own (table 二) and fewer numbers than columns, each a
            # number alone, set apart from its label ('行政许可 148' in a one-line copy whose blank
            # cells left no trace): one number beside blank cells, or the digits of several cells
            # run together (1 4 8)? Nothing proves them glued (a piece no number alone: '000',
            # '01'; or digits glued to the label as a crawler glues every cell: '规范性文件666')
            # and no identity can choose: unread, named.
            b.unread(
                "row-short",
                f"row {table_id}.{row_id}: '{' '.join(tokens)}' is {len(tokens)} number(s) for {n} columns: "
                "whole numbers beside blank cells, or digits of several cells run together; cells left unread",
                f"{zh(f'{table_id}.{row_id}')} 行：“{' '.join(tokens)}”共 {len(tokens)} 个数值对应 {n} 列，"
                "无法确定是整数旁有空白格还是多格数字连写；未读取",
                vals[0].start,
                ids,
            )
            return True
        # A run with one digit a cell ('100 0 0 00' for seven cells) has one reading: read as
        # printed, whatever the identities say (a break is then the report's, and is reported),
        # when its digits are proven glued: a piece that is no number alone ('00', '01'). Numbers
        # printed apart that are each one number ('22 3 1 1 27': a PDF text layer that lost its
        # zero cells) may instead be whole values with cells lost: the identity decides those.
        if len(tokens) > 1 and check is not None and not exact:
            # Numbers printed apart (PDF text: '22 3 1 1 27' under seven columns) are split only
            # into a reading the row identity allows: never shift values into other columns.
            fit = [r for r in all_readings if check(r)]
            if not fit:
                b.unread(
                    "row-short",
                    f"row {table_id}.{row_id}: '{' '.join(tokens)}' is {len(tokens)} number(s) for {n} columns "
                    "and no split satisfies the row identity; cells left unread",
                    f"{zh(f'{table_id}.{row_id}')} 行：“{' '.join(tokens)}”共 {len(tokens)} 个数值对应 {n} 列，"
                    "且无拆分满足行勾稽关系，未读取",
                    vals[0].start,
                    ids,
                )
                return True
            if len(fit) < len(all_readings):
                all_readings = list(fit)
                if len(fit) == 1:
                    chosen = fit[0]
        left = all_readings
        if not all(agree) and chosen is None and check is not None and not exact:
            fit = [r for r in all_readings if check(r)]
            if len(fit) == 1:
                chosen = fit[0]
            elif fit:
                left = fit
        first = vals[0]
        span = _Val(" ".join(tokens), first.start, vals[-1].end)
        unread = []
        for i, (cid, col) in enumerate(zip(ids, columns, strict=True)):
            if agree[i]:
                text, unit = all_readings[0][i]
                b.set(cid, col, span, text=text + (unit or ""))
            elif chosen is not None:
                text, unit = chosen[i]
                b.set(cid, col, span, inferred=True, text=text + (unit or ""))
            else:
                b.values[cid] = None
                b.run_spans[cid] = (first.start, vals[-1].end)
                unread.append(cid)
        if chosen is not None:
            b.diag(
                "inferred-split",
                f"row {table_id}.{row_id}: run '{' '.join(tokens)}' has {len(all_readings)} readings; "
                "only one satisfies the row identity, used as inferred (that identity is not verified)",
                f"{zh(f'{table_id}.{row_id}')} 行：数字串“{' '.join(tokens)}”有 {len(all_readings)} 种拆分，"
                "仅一种满足行勾稽关系，据此推定（该勾稽关系不视为已核验）",
                first.start,
                [c for i, c in enumerate(ids) if not agree[i]],
            )
        elif unread:
            b.pending.append(Ambiguous(tuple(ids), tuple(tuple(t + (u or "") for t, u in r) for r in left)))
            b.diag(
                "ambiguous-run",
                f"row {table_id}.{row_id}: run '{' '.join(tokens)}' has {len(all_readings)} readings; "
                f"{len(unread)} cell(s) left unread",
                f"{zh(f'{table_id}.{row_id}')} 行：数字串“{' '.join(tokens)}”有 {len(all_readings)} 种拆分，"
                f"{len(unread)} 格未读取",
                first.start,
                unread,
            )
        return True
    b.mark(vals[0].start, vals[-1].end)
    # named where its first value stands (a wrapped row: blanks on the label's line, '1 |' after)
    first = next((v for v in vals if not v.blank), vals[0])
    printed = " ".join(v.text for v in vals if not v.blank)
    b.unread(
        "row-short",
        f"row {table_id}.{row_id}: {len(vals)} cell(s) for {n} columns ('{printed}'); positions unknown, "
        "cells left unread",
        f"{zh(f'{table_id}.{row_id}')} 行：{len(vals)} 个数值对应 {n} 列（“{printed}”），位置无法确定，未读取",
        first.start,
        ids,
    )
    return True


# The character before a row's first digit is its label's (a crawler glued the cells to it).
_HAN_BEFORE = re.compile(r"[\u4e00-\u9fff）)]")
_BARE_BREAK = re.compile(r"[ ]*\n")


def _broken_cells(text: str, vals: list[_Val], taken: set[int], n: int) -> dict[int, _Val]:
    """Cells used whose digits run on, across a bare line break, into a number not used
    ('| 5 | 4⏎1 |': a cell too narrow for 41): id of the used value -> the other piece.
    Which is the cell, 4 or 41, the text cannot tell; only more values than columns, and
    nothing but the break between the pieces (no separator, no indent), make it a question;
    not where each piece is alone on its line (one cell a line: the break separates cells),
    nor where the two lines hold more than one value over the row's ``n`` (two whole rows of
    values, one a line: joined, they would still not be one row)."""
    out: dict[int, _Val] = {}
    line_of: dict[int, int] = {}
    counts: list[int] = []
    for k, line in enumerate(_lines([v for v in vals if not v.blank], text)):
        counts.append(len(line))
        line_of.update((id(v), k) for v in line)
    for a, z in itertools.pairwise(vals):
        if a.blank or z.blank or (id(a) in taken) == (id(z) in taken):
            continue
        if not (a.text[-1:].isdigit() and z.text[:1].isdigit()):
            continue
        if counts[line_of[id(a)]] + counts[line_of[id(z)]] != n + 1:
            continue
        if _BARE_BREAK.fullmatch(text, a.end, z.start) and not (_alone(text, a) and _alone(text, z)):
            kept, other = (a, z) if id(a) in taken else (z, a)
            out[id(kept)] = other
    return out


def _split_in_cells(text: str, vals: list[_Val]) -> set[int]:
    """A row printed in cells (bars or tabs between its values) holding two numbers apart by
    nothing but a line break ('行政规范性文件 | 3⏎4⇥189'): one number broken in a narrow cell,
    or two cells, the text cannot tell. ids of the two values (empty: none such). Rows whose
    values are apart by spaces or line breaks only (a PDF's text wrapped) are not asked."""
    lo, hi = vals[0].end, vals[-1].start
    if text.find("\n", lo, hi) < 0 or (text.find("|", lo, hi) < 0 and text.find("\t", lo, hi) < 0):
        return set()
    for a, z in itertools.pairwise(vals):
        if a.blank or z.blank or not (a.text[-1:].isdigit() and z.text[:1].isdigit()):
            continue
        if _BARE_BREAK.fullmatch(text, a.end, z.start) and not (_alone(text, a) and _alone(text, z)):
            return {id(a), id(z)}
    return set()


_IN_CELL_GAP = re.compile(r"[ ]+")
_DIGITS_APART = re.compile(r"\d +\d")


def _spaced_in_cell(text: str, vals: list[_Val], more: bool) -> list[tuple[_Val, _Val]]:
    """Two numbers in one cell of a row printed in cells, apart by nothing but spaces ('行政许可 |
    517 645 |', an HTML or Word cell holding '517 645' or two lines): one number with a space inside
    (thousands grouped by a space, a PDF's letter-spaced digits, a narrow cell's wrap) or two cells
    whose rule was lost; the text cannot tell. Only the two numbers between a cell's bars (or tabs):
    where spaces part a row's cells (one-line text), a number has others beside it. The pairs, in
    order. With no more values than columns (``more`` False), only where other values of the row
    stand in cells apart ('| 6 | 1 3 |'): a row whose values all stand in one cell ('| 21 3 0 1 2 0
    27 |') is parted by its spaces."""
    if len(vals) < 2 or not _DIGITS_APART.search(text, vals[0].start, vals[-1].end):
        return []  # (most rows: no two digits apart by spaces alone)
    if not more and not any(_SEPS.search(text, x.end, y.start) for x, y in itertools.pairwise(vals)):
        return []
    out: list[tuple[_Val, _Val]] = []
    for a, z in itertools.pairwise(vals):
        if a.blank or z.blank or not (a.text[-1:].isdigit() and z.text[:1].isdigit()):
            continue
        if not _IN_CELL_GAP.fullmatch(text, a.end, z.start):
            continue
        i, j = a.start, z.end
        while i > 0 and text[i - 1] == " ":
            i -= 1
        while j < len(text) and text[j] == " ":
            j += 1
        if text[i - 1 : i] in ("|", "\t") and text[j : j + 1] in ("|", "\t", "\n", ""):
            out.append((a, z))  # the two numbers are a cell's whole writing, between its bars
    return out


def _split_words(text: str, a: _Val, z: _Val) -> tuple[str, str, str]:
    """How a number split in two is shown and said (English, Chinese): over a line break or a space."""
    lo, hi = (a, z) if a.end <= z.start else (z, a)
    if "\n" in text[lo.end : hi.start]:
        return f"{lo.text}↵{hi.text}", "broken by a line break", "被换行拆开"
    return f"{lo.text} {hi.text}", "with a space inside", "中间带空格"


def _alone(text: str, v: _Val) -> bool:
    """Whether a value is all its line holds (one cell a line: a line break is a separator there)."""
    a = text.rfind("\n", 0, v.start) + 1
    z = text.find("\n", v.end)
    return text[a : z if z >= 0 else len(text)].strip() == text[v.start : v.end].strip()


def _after_left_over(b: _Builder, at: int) -> bool:
    """Whether only spaces stand between the label at ``at`` and values a row left over."""
    text = b.s.text
    i = at
    while i > 0 and text[i - 1] in " \t\u3000":
        i -= 1
    return i in b.left_over_ends


@functools.cache
def _cell_ids(table_id: str, row_id: str, columns: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"{table_id}.{row_id}.{c}" for c in columns)


def _pick_line(text: str, vals: list[_Val], n: int, at: int) -> tuple[list[_Val], bool]:
    """Of more than ``n`` cells, the ``n`` that form the row: those on the label's own
    line if exactly ``n`` sit there, else the only line holding exactly ``n``, else the first ``n``.
    The flag is False for that last choice (a guess, when there are more than ``n``)."""
    lines = _lines(vals, text)
    if lines and "\n" not in text[at : lines[0][0].start] and len(lines[0]) == n:
        return lines[0], True
    exact = [g for g in lines if len(g) == n]
    # another line holding as many numbers, blanks aside (a row's values, then an empty row's
    # cells on the next line): which is the row's is a guess
    full = [g for g in lines if sum(not v.blank for v in g) >= n]
    if len(exact) == 1 and all(g is exact[0] for g in full) and not _own_values(text, lines, exact[0], at):
        return exact[0], True
    return vals[:n], len(vals) == n


def _own_values(text: str, lines: list[list[_Val]], exact: list[_Val], at: int) -> bool:
    """Whether the label's own line holds values of the row, fewer than its columns, beside another
    line holding as many as its columns: the row printed with blank cells that print nothing
    ('（一）予以公开 9 9', then another row's '0 0 0 0 0 0 0' whose label stands elsewhere), the full
    line not certainly its. Not a lone value the line break cut from the full line's first
    ('| | 1⏎2 | 3 | … | 15 |': one number broken in a narrow cell, which :func:`_broken_cells` names)."""
    own = lines[0]
    if own is exact or "\n" in text[at : own[0].start]:
        return False
    values = [v for v in own if not v.blank]
    if not values:
        return False
    return not (
        len(values) == 1 and values[0] is own[-1] and _BARE_BREAK.fullmatch(text, values[0].end, exact[0].start)
    )


def _drop_next_rows_lead(text: str, stop: int, vals: list[_Val]) -> list[_Val]:
    """The row's cells less the blanks after its last value that reach the line where its scan
    stopped (the next row's label, or text that is no value: a label cut short): the line break
    after the row's closing bar and the next row's leading group or serial cell ('0 |⏎| | 2.其他…'),
    never cells of this row (taken as its last ones, they shifted a wrapped row's value into the
    column before: '| | | | | |⏎0 |' read 0 as 其他 with no word)."""
    if not vals or not vals[-1].blank:
        return vals
    ls = text.rfind("\n", 0, stop) + 1
    values = [v for v in vals if not v.blank]
    if not values or values[-1].end >= ls:
        return vals  # the values share the next label's line (one-line text): nothing to tell
    k = len(vals)
    while k and vals[k - 1].blank and vals[k - 1].end >= ls:
        k -= 1
    return vals if k == len(vals) else vals[:k]


def _breaks_row_identity(table_id: str, columns: Sequence[ColumnSpec], used: list[_Val]) -> bool:
    """Whether the values taken for a row break its own identity (Σ = 总计, table 三 and 四)."""
    check = _row_identity(table_id, columns)
    if check is None:
        return False
    nums = [None if v.blank else read_number(v.text) for v in used]  # a blank counts as 0
    if any(x is not None and not x.is_integer for x in nums):
        return False
    return not check([("0" if x is None else str(x.value), None) for x in nums])


_CELL_END = re.compile(r"[|\t\n]")
_DIGIT = re.compile(r"\d")


def _read_table(b: _Builder, matcher: _TableMatcher, start: int, end: int) -> None:
    text = b.s.text
    table = matcher.table
    table_id = table.id
    _header_units(b, table, start, end)
    exact = matcher.hits(b.s.keys, start, end)  # labels are matched on the keys text
    fuzzy = fuzzy_hits(text, start, end, exact, table)
    # A scan's labels OCR misread further: only where the ordinal and the rows around agree
    if b.s.loc(start).confidence is not None:
        fuzzy += ocr_hits(text, start, end, exact + fuzzy, table, lambda at: b.s.loc(at).confidence is not None)
    hits, broken = _split_label_hits(
        text, table, _outside_notes(text, sorted(exact + fuzzy, key=lambda h: h.start)), start, end
    )
    approx = {h.start for h in fuzzy}
    scans: list[tuple[list[_Val], bool, int, int, list[int]]] = []
    unsigned = matcher.unsigned
    for i, hit in enumerate(hits):
        nxt = hits[i + 1].start if i + 1 < len(hits) else end
        strays: list[int] = []
        vals, run, junk = _scan_values(text, hit.end, nxt, strays=strays, unsigned=unsigned)
        if (
            not any(not v.blank for v in vals)
            and junk < nxt
            and hit.row is not None
            and _first_line_count(b.s, vals) < len(hit.row.columns)  # not a row of empty cells
        ):
            # The label's head matched (its cell perhaps followed by empty ones), the rest of its
            # cell or the next cell differs: a misspelt label, or one cut by a ruling line?
            # The label's cell ends at a separator, or (text run together by a crawler) where
            # its values start: the first digit after it.
            sep = _CELL_END.search(text, hit.end, nxt)
            digit = _DIGIT.search(text, hit.end, sep.start() if sep else nxt)
            cut = digit.start() if digit else sep.start() if sep else -1
            again: tuple[list[_Val], bool, int] = ([], False, junk)
            head = text[hit.start : cut]
            cell_cut = cut > 0 and text[cut] in "|\t" and _note_cut(head, hit.row)  # (a grid's cell, not a line)
            if cut > 0 and (match_row(head, table, {hit.row.id}) is hit.row or cell_cut):
                again = _scan_values(text, cut, nxt, lead_cell=True, strays=strays, unsigned=unsigned)
            if not any(not v.blank for v in again[0]):
                # A label wrapped over lines (PDF): the pieces of it and of its group are skipped
                after = _skip_fragments(text, junk, nxt, hit.row)
                prev = hits[i - 1].row if i else None
                if after == junk and prev is not None and _heads_group(hit.row, prev):
                    # the group's label inside its first row's wrapped label, then more of that
                    # label's pieces ('1.申请人无正当理由⏎（六）其他 逾期不补正、行政机⏎1 0 0 0 0 0 1'):
                    # :func:`_group_cell_inside` gives the row the values
                    after = _skip_fragments(text, junk, nxt, prev)
                if after > junk:
                    again = _scan_values(text, after, nxt, strays=strays, unsigned=unsigned)
            if any(not v.blank for v in again[0]):
                vals, run, junk = again
                approx.add(hit.start)
        vals = _drop_next_rows_lead(text, min(nxt, junk), vals)
        scans.append((vals, run, junk, nxt, strays))
    _group_cell_inside(text, hits, scans)
    placed = _rows_by_position(text, table, hits, scans)
    b.label_starts.extend(h.start for h in hits)
    b.label_rows.update((h.start, (f"{table_id}.{h.row.id}", h.end)) for h in hits if h.row is not None)
    before_label = _values_before_labels(text, hits, scans)
    split = _split_rows(text, hits, scans, broken, table)
    best = _best_occurrence(hits, scans)

    def owner_uncertain(k: int) -> bool:
        return (
            k < len(hits)
            and _owner_uncertain(text, hits, scans, k)
            and k not in before_label
            and id(hits[k]) not in placed
        )

    not_scan = b.s.loc(start).confidence is None

    def orphan_after(k: int) -> list[str] | None:
        # not on scans: a scan's table without rules is read by its baselines (its lines are the page's)
        if not not_scan or k >= len(hits) or k in before_label or id(hits[k]) in placed or split.get(k):
            return None
        return _orphan_line(text, hits, scans, k)

    # a pair of labels whose values are uncertain, in a table whose rows print their values on their
    # label's line, shows its labels and value lines alternating there (a text converted from a PDF; a
    # scan's lines are where the page prints them, and its pairs are two labels in one cell)
    alternating = None
    if not_scan:
        alternating = next((hits[k].row for k in range(1, len(hits)) if owner_uncertain(k)), None)
    if alternating is not None:
        firsts = [
            (hit, first) for hit, scan in zip(hits, scans, strict=True) if (first := _first_number(scan[0])) is not None
        ]
        if 2 * sum(_values_apart(text, hit, first) for hit, first in firsts) >= len(firsts):
            alternating = None  # most rows' values apart from their labels: a layout, not a sign
    for i, hit in enumerate(hits):
        if hit.row is None:
            continue
        vals, run, junk, nxt, strays = scans[i]
        row_key = f"{table_id}.{hit.row.id}"
        b.labels.add(row_key)
        if row_key in b.seen_rows or best.get(hit.row.id, i) != i:
            if vals and best.get(hit.row.id, i) < i:
                b.mark(vals[0].start, vals[-1].end)
                later = " ".join(v.text for v in vals if not v.blank)
                b.diag(
                    "duplicate-row",
                    f"row {row_key} appears again; the later values were not used: {later}",
                    f"{zh(row_key)} 行重复出现，后出现的数值未使用：{later}",
                    hit.start,
                )
            continue
        for at in strays:
            b.mark(at, at + 1)
            b.diag(
                "stray-character",
                f"row {row_key}: stray character '{text[at]}' among the values, skipped",
                f"{zh(row_key)} 行：数值间有多余字符“{text[at]}”，已跳过",
                at,
            )
        if not vals and any(h.row is hit.row for h in hits[i + 1 :]):
            continue  # a heading or loose label: the row is printed again later
        if not vals and i + 1 < len(hits) and _heads_group(hit.row, hits[i + 1].row):
            continue  # （六）其他处理 heading its three sub-rows: a group cell, not a data row
        if not vals and junk < nxt:
            # The label is followed by text, not by cells: its values are elsewhere or lost.
            # The row stays unread (not blank), so no identity counts it as 0.
            ids = [f"{table_id}.{hit.row.id}.{c.id}" for c in hit.row.columns]
            b.diag(
                "row-values-not-found",
                f"row {row_key} ({hit.row.full_label}): label found, but text follows it, not its values",
                f"{hit.row.full_label} 行：找到行名，但其后是文字而非数值，未读取",
                hit.start,
                ids,
            )
            continue
        if split.get(i) is False:
            # Its label's line follows a line of numbers no row took, and it prints none: the row
            # broken at a page's end (the label's start and the values on one page, the rest of
            # the label on the next) whose pieces did not make its label. Not read as blank.
            ids = [f"{table_id}.{hit.row.id}.{c.id}" for c in hit.row.columns]
            b.unread(
                "row-uncertain",
                f"row {row_key}: printed empty, right after a line of numbers no row took (a row broken at a page "
                "end?): whether they are its values is not certain; cells left unread",
                f"{zh(row_key)} 行：未印数值，其上一行是未对应任何行的数字（跨页断开的表格行？），"
                "无法确定是否为本行数值，未读取",
                hit.start,
                ids,
            )
            continue
        b.seen_rows.add(row_key)
        foreign = "" if id(hit) in placed or i in before_label or split.get(i) else _foreign_before(text, hit, vals)
        if foreign:
            # Words that are not its label's between its label and the values ('规范性文件 其他主动公开
            # 文件 9 9 9': a row the template does not have, after a row whose empty cells a crawler's
            # copy dropped): the values may be that other row's. Unread, named.
            ids = [f"{table_id}.{hit.row.id}.{c.id}" for c in hit.row.columns]
            numbers = [v for v in vals if not v.blank]
            b.mark(vals[0].start, vals[-1].end)
            shown = " ".join(v.text for v in numbers[:30]) + (" …" if len(numbers) > 30 else "")
            b.unread(
                "row-uncertain",
                f"row {row_key}: '{foreign}', not its label, stands between its label and the values after it: they "
                f"may be another row's; cells left unread: {shown}",
                f"{zh(row_key)} 行：行名与其后数值之间有“{foreign}”（非本行行名），数值可能属于他行；未读取：{shown}",
                numbers[0].start,
                ids,
            )
            continue
        first = _first_number(vals)
        if first is not None and _blank_lines(text, hit.end, first.start) >= max(len(hit.row.columns), 2):
            # Lines of their own, empty or blank, between its label and the values, as many as its
            # cells (a copy with a cell on each line: a text whose rows are apart by an empty line,
            # a CMS page with a paragraph a cell; its own empty cells, the row printed blank?): the
            # values may be another row's. Unread, named.
            _uncertain_by_line(
                b,
                vals,
                table_id,
                hit.row,
                f"row {row_key}: as many empty lines or paragraphs as it has cells (its own empty cells?) part "
                "its label from the values after it: they may be another row's; cells left unread",
                f"{zh(row_key)} 行：行名与其后数值之间的空行或空段落与本行格数相当（可能是本行的空单元格），"
                "数值可能属于他行；未读取",
            )
            continue
        apart = _values_apart(text, hit, first)
        lead = vals.index(first) if first is not None else 0
        # (not table 二: a value merged over its block's columns may be copied as empty cells first)
        if table_id != "active" and lead >= max(len(hit.row.columns), 2) and not apart:
            # As many empty cells as it has or more between its label and the values on its line (a
            # row printed blank, then a row of empty cells, then numbers: a copy run onto one line):
            # the empty cells may be its own, the numbers another row's. Unread, named. (On lines of
            # their own, a row whose line of cells fills its columns keeps to it: _assign.)
            _uncertain_by_line(
                b,
                vals,
                table_id,
                hit.row,
                f"row {row_key}: {lead} empty cells (it has {len(hit.row.columns)}) part its label from the values "
                "after it: they may be another row's; cells left unread",
                f"{zh(row_key)} 行：行名与其后数值之间有 {lead} 个空单元格（本行共 {len(hit.row.columns)} 格），"
                "数值可能属于他行；未读取",
            )
            continue
        pair = owner_uncertain(i)
        orphan = None if pair else orphan_after(i)
        if pair or (orphan is not None and orphan != _cell_texts(_lines(vals, text)[0])):
            # Labels and value lines alternate (a PDF converted to markdown): the label before this
            # one has no values of its own, and these stand on a later line, not the label's; or the
            # two labels stand in one cell (a scan whose rule between the two rows washed out in the
            # label column). Or (orphan) the label before has no values, these stand on this label's
            # line, and another line of as many cells, not the same, follows them before the next
            # label (two labels in one cell of a table printed without rules: the values are set
            # against the cell's lines, the first against the second label; two equal lines give this
            # row the same values either way, and the row above is unread below). Whose they are is
            # not certain: neither row is read, the numbers are named.
            prev = hits[i - 1].row
            assert prev is not None
            if pair:
                en = (
                    f"row {row_key}: its label and the label of row {table_id}.{prev.id} above it stand together "
                    "with no values between, and the values after them are on another line or in another cell: "
                    "which row they belong to is not certain; cells left unread"
                )
                cn = (
                    f"{zh(row_key)} 行与其上方 {zh(f'{table_id}.{prev.id}')} 行的行名相连、其间无数值，其后的数值"
                    "另起一行或在另一格，无法确定属于哪一行，未读取"
                )
            else:
                en = (
                    f"row {row_key}: the label of row {table_id}.{prev.id} above it has no values, and after the "
                    "values on this row's line another line of as many cells follows, not the same: which row each "
                    "line belongs to is not certain; cells left unread"
                )
                cn = (
                    f"{zh(row_key)} 行：其上方 {zh(f'{table_id}.{prev.id}')} 行的行名后无数值，本行数值之后又有一行"
                    "格数相同而数值不同的数字，无法确定各属哪一行，未读取"
                )
            _uncertain_by_line(b, vals, table_id, hit.row, en, cn)
            continue
        if alternating is not None and apart and id(hit) not in placed and i not in before_label:
            # In a table whose labels and value lines alternate elsewhere (the pair above), values on a
            # line after their label's, not on it, may be those of a label that printed none (its row
            # blank, its empty cells not printed: an orphan line then goes to the next bare label).
            # Unread, named.
            _uncertain_by_line(
                b,
                vals,
                table_id,
                hit.row,
                f"row {row_key}: the values after its label stand on a line of their own, and this table's labels "
                f"and value lines alternate (row {table_id}.{alternating.id}): they may be another row's; cells left "
                "unread",
                f"{zh(row_key)} 行：行名后的数值另起一行，而本表行名与数值行交替排列（见 "
                f"{zh(f'{table_id}.{alternating.id}')} 行），数值可能属于他行；未读取",
            )
            continue
        if not vals and (owner_uncertain(i + 1) or orphan_after(i + 1) is not None):
            # The row above such a pair: printed with no values of its own, its values maybe those after
            # the next label. Not certainly blank: unread, named (the next row names the numbers).
            nxt_row = hits[i + 1].row
            assert nxt_row is not None
            b.unread(
                "row-uncertain",
                f"row {row_key}: no values after its label, and the values after the label of row "
                f"{table_id}.{nxt_row.id} right after it may be this row's; cells left unread",
                f"{zh(row_key)} 行：行名后无数值，其后 {zh(f'{table_id}.{nxt_row.id}')} 行行名之后的数值"
                "可能属于本行；未读取",
                hit.start,
                [f"{table_id}.{hit.row.id}.{c.id}" for c in hit.row.columns],
            )
            continue
        other = _block_columns(text, table, start, hit.start, hit.row) if table_id == "active" else None
        if other is None:
            _assign(b, table_id, hit.row.id, hit.row.columns, vals, run, hit.start)
        else:
            _assign_other_edition(b, table_id, hit.row, other, vals, run, hit.start)
        if i in before_label:
            b.diag(
                "values-before-label",
                f"row {row_key}: its values are printed on the line before its label (a row wrapped in a PDF "
                "text layer); read from there",
                f"{zh(row_key)} 行：数值印在行名的上一行（折行的表格行），按此读取",
                vals[0].start,
                [f"{table_id}.{hit.row.id}.{c.id}" for c in hit.row.columns],
            )
        if split.get(i):
            b.diag(
                "row-split",
                f"row {row_key}: broken at a page end, its label printed in two pieces around its values; read "
                "from the values between them",
                f"{zh(row_key)} 行：跨页断开，行名分印在数值前后两处，按其间的数值读取",
                vals[0].start if vals else hit.start,
                [f"{table_id}.{hit.row.id}.{c.id}" for c in hit.row.columns],
            )
        if id(hit) in placed:
            ids = [f"{table_id}.{hit.row.id}.{c.id}" for c in hit.row.columns]
            for cid in ids:
                if cid in b.prov:
                    b.prov[cid] = b.prov[cid].replace(fuzzy=True)
            bare, where = placed[id(hit)]
            b.diag(
                "row-by-position",
                f"row {row_key}: its label is {where}; read as {hit.row.full_label} by its place between the rows "
                "around it",
                f"{zh(row_key)} 行：{'行名仅印为“' + bare + '”' if bare else '行名缺失'}，"
                "按其在前后两行之间的位置读作该行",
                hit.start,
                ids,
            )
        if hit.start in approx:
            ids = [f"{table_id}.{hit.row.id}.{c.id}" for c in hit.row.columns]
            for cid in ids:
                if cid in b.prov:
                    b.prov[cid] = b.prov[cid].replace(fuzzy=True)
            cell_end = _CELL_END.search(text, hit.start, min(len(text), nxt + 1))
            printed = text[hit.start : cell_end.start() if cell_end else hit.end]
            b.diag(
                "fuzzy-label",
                f"row {row_key}: label printed as '{printed.strip()}', read as '{hit.row.full_label}' (near match)",
                f"{zh(row_key)} 行：行名印为“{printed.strip()}”，按近似匹配读作“{hit.row.full_label}”",
                hit.start,
                ids,
            )
        if junk < nxt:
            _report_junk(b, text, junk, nxt)
    if table_id == "requests" and hits and not_scan:
        _header_order(b, table, start, next((h.start for h in hits if h.row is not None), start))
    if table_id == "active" and not_scan:
        _block_order(b, table_id, start, [h for h in hits if h.row is not None and len(h.row.columns) > 1])


def _heading_regex(heading: str) -> re.Pattern[str]:
    """A column's heading as the label regexes read it (on the keys text)."""
    body = _body_pattern(heading)
    if heading == "其他":  # not 法人或其他组织's, nor 其他结果 / 其他处理
        return re.compile(rf"(?<!或){body}(?!\s*(?:组|结|处))")
    return re.compile(body)


_REQUEST_HEADINGS = tuple(_heading_regex(c.heading) for c in REQUEST_COLUMNS)  # 自然人 … 其他, 总计


def _out_of_order(text: str, regexes: Sequence[re.Pattern[str]], start: int, end: int) -> list[int] | None:
    """The places of the headings ``regexes`` find between ``start`` and ``end``, each once; None when
    one is not printed there, or twice."""
    places = []
    for regex in regexes:
        found = [m.start() for m in itertools.islice(regex.finditer(text, start, end), 2)]
        if len(found) != 1:
            return None
        places.append(found[0])
    return places


def _header_order(b: _Builder, table: TableSpec, start: int, first: int) -> None:
    """Table 三's header printing its columns in another order than the template's (社会公益组织 before
    科研机构, 总计 first): whether the values follow the header or the template, the page cannot tell.
    Asked only when each of the seven headings stands once between the table's start and its first
    row; the columns out of place are left unread in every row, and named. (A header of two lines
    prints 总计 beside 自然人, before the 法人 columns' headings: the template's order.)"""
    places = _out_of_order(b.s.keys, _REQUEST_HEADINGS, start, first)
    if places is None:
        return
    printed = sorted(range(len(places)), key=places.__getitem__)
    total = len(places) - 1
    if places[0] < places[total] < min(places[1:total]):
        printed = [k for k in printed if k != total] + [total]  # 自然人 | 法人或其他组织 | 总计 ⏎ 商业企业 …
    moved = [k for k, col in enumerate(printed) if col != k]
    if moved:
        shown = " | ".join(REQUEST_COLUMNS[k].heading for k in printed)
        for row in table.rows:
            _unread_moved(b, f"{table.id}.{row.id}", [REQUEST_COLUMNS[k].id for k in moved], shown)


def _block_order(b: _Builder, table_id: str, start: int, hits: Sequence[_LabelHit]) -> None:
    """The same for a block of table 二 (第二十条第（…）项) whose header prints the row's columns in
    another order than the template's (现行有效件数 before 本年废止件数): from the block's heading or
    header row on, each of the row's column labels printed once, in another order."""
    text = b.s.text
    for hit in hits:
        row = hit.row
        assert row is not None
        heads = [m.start() for m in _BLOCK_START.finditer(text, start, hit.start)]
        places = _out_of_order(b.s.keys, _column_regexes(row.columns), heads[-1], hit.start) if heads else None
        if places is None:
            continue
        printed = sorted(range(len(places)), key=places.__getitem__)
        moved = [k for k, col in enumerate(printed) if col != k]
        if moved:
            shown = " | ".join(row.columns[k].label for k in printed)
            _unread_moved(b, f"{table_id}.{row.id}", [row.columns[k].id for k in moved], shown)


@functools.cache
def _column_regexes(columns: tuple[ColumnSpec, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(_heading_regex(bare_label(c.label)) for c in columns)


def _unread_moved(b: _Builder, row_key: str, moved: Sequence[str], shown: str) -> None:
    """Leave a row's cells in the columns out of place unread, named on each line they stand on."""
    cells = [f"{row_key}.{c}" for c in moved]
    provs = [prov for cid in cells if (prov := b.prov.pop(cid, None)) is not None]
    if not provs:
        return  # not read: named already
    for cid in cells:
        b.values[cid] = None
    by_line: dict[int | None, list[Provenance]] = {}
    for prov in provs:
        by_line.setdefault(prov.location.line, []).append(prov)
    for line in by_line.values():
        values = " ".join(prov.text.strip() or "(blank)" for prov in line)
        b.diags.append(
            Diagnostic(
                "header-order",
                f"row {row_key}: {values} under columns its table's header prints in another order than the "
                f"template's ({shown}): whether the values follow the header or the template cannot be told; "
                "cells left unread",
                f"{zh(row_key)} 行：{values}——表头的列顺序与模板不同（{shown}），"
                "数值按表头还是按模板排列无法确定；未读取",
                line[0].location,
                tuple(cells),
            )
        )


_Scan = tuple[list[_Val], bool, int, int, list[int]]


def _uncertain_by_line(b: _Builder, vals: list[_Val], table_id: str, row: RowSpec, en: str, cn: str) -> None:
    """A row left unread whose values may be another's: every number marked, and named on each line it
    stands on (``en`` and ``cn``, the message, then that line's numbers) with the row's cells."""
    ids = [f"{table_id}.{row.id}.{c.id}" for c in row.columns]
    numbers = [v for v in vals if not v.blank]
    b.mark(vals[0].start, vals[-1].end)
    for line in _lines(numbers, b.s.text):
        shown = " ".join(v.text for v in line[:30]) + (" …" if len(line) > 30 else "")
        b.unread("row-uncertain", f"{en}: {shown}", f"{cn}：{shown}", line[0].start, ids)


def _first_number(vals: list[_Val]) -> _Val | None:
    return next((v for v in vals if not v.blank), None)


def _values_apart(text: str, hit: _LabelHit, first: _Val | None) -> bool:
    """Whether a row's first number stands on a line after its label's (False: it has none)."""
    return first is not None and "\n" in text[hit.end : first.start]


def _blank_lines(text: str, start: int, end: int) -> int:
    """How many whole lines between ``start`` and ``end`` are empty or blank (empty paragraphs,
    blank cells on lines of their own), the lines ``start`` and ``end`` stand on not counted."""
    a = text.find("\n", start, end)
    z = text.rfind("\n", start, end)
    if a < 0 or a == z:
        return 0
    return sum(1 for line in text[a + 1 : z].split("\n") if not line.strip())


# Column headers of table 二's blocks that only one edition prints (spaces and cell bars removed).
_BLOCK_HEADS = {
    Edition.E2019: ("本年新制作", "本年新公开", "对外公开总数", "上一年项目数", "本年增/减"),
    Edition.E2021: ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数", "本年收费金额"),
}
_BLOCK_START = re.compile(r"第二十条|信息内容")
_HEAD_SPACE = re.compile(r"[\s|]+")


def _block_columns(text: str, table: TableSpec, start: int, at: int, row: RowSpec) -> RowSpec | None:
    """Table 二's row at ``at`` when its block (第二十条第（…）项) prints the other edition's column
    headers than the template it is mapped on (a 2021 report keeping 2019's 本年新制作数量 /
    本年新公开数量 / 对外公开总数量 for 第（一）项): that edition's row, whose columns the values
    are in. None when the block's header is the template's own, both, or not printed."""
    heads = [m.start() for m in _BLOCK_START.finditer(text, start, at)]
    if not heads:
        return None
    head = _HEAD_SPACE.sub("", text[heads[-1] : at])  # from the block's heading or header row on
    printed = [e for e, marks in _BLOCK_HEADS.items() if any(m in head for m in marks)]
    if len(printed) != 1:
        return None
    own = Edition.E2019 if table in table_specs(Edition.E2019) else Edition.E2021
    if printed[0] is own:
        return None
    return next((r for t in table_specs(printed[0]) if t.id == table.id for r in t.rows if r.id == row.id), None)


def _assign_other_edition(
    b: _Builder, table_id: str, row: RowSpec, other: RowSpec, vals: list[_Val], run: bool, at: int
) -> None:
    """Read a row by the other edition's columns its block prints; keep the cells the template
    shares (处理决定数量), name each value of the others as not used (where it stands), and leave
    the template's columns the block does not print unread."""
    _assign(b, table_id, row.id, other.columns, vals, run, at)
    own = {c.id for c in row.columns}
    printed = " / ".join(c.label for c in other.columns)
    key = f"{table_id}.{row.id}"
    for col in other.columns:
        cid = f"{key}.{col.id}"
        if col.id in own:
            continue
        value = b.values.pop(cid, None)
        prov = b.prov.pop(cid, None)
        if value is None:
            continue
        where = prov._source[1] if prov is not None and prov._source is not None else at
        b.diag(
            "block-other-edition",
            f"row {key}: {col.label} {value} is a column of the other edition's template, printed in its "
            f"block's header ({printed}); this template has no such column: not used",
            f"{zh(key)} 行：{col.label} {value} 为另一版模板的列（该栏目表头：{printed}），本模板无此列，未使用",
            where,
        )
    missing = [f"{key}.{c.id}" for c in row.columns if c.id not in {o.id for o in other.columns}]
    if missing:
        b.unread(
            "block-other-edition",
            f"row {key}: its block prints the other edition's column headers ({printed}), not this template's: "
            f"cells left unread: {', '.join(missing)}",
            f"{zh(key)} 行：该栏目印的是另一版模板的列（{printed}），本模板的列未印出，未读取",
            at,
            missing,
        )


def _owner_uncertain(text: str, hits: list[_LabelHit], scans: list[_Scan], i: int) -> bool:
    """Whether the values after hit ``i`` may be the row's above: that row's label stands right
    before this one with no values of its own (not even blank cells), and these values start
    on a later line than this label (labels and value lines alternating)."""
    if i == 0:
        return False
    prev, hit = hits[i - 1], hits[i]
    vals = scans[i][0]
    if prev.row is None or hit.row is None or scans[i - 1][0] or not vals or prev.row is hit.row:
        return False
    if _heads_group(prev.row, hit.row):
        return False  # （六）其他处理 heading its sub-rows carries no values of its own
    first = _first_number(vals)
    if first is None:
        return False
    # or the two labels in one cell, nothing between them (a scan's rule between two rows washed
    # out in the label column only: '本年新收…数量二、上年结转…数量 | 217 | … | 218 |⏎| | 0 | …')
    return "\n" in text[hit.end : first.start] or _GLUED.fullmatch(text, prev.end, hit.start) is not None


_GLUED = re.compile(r" *")


def _orphan_line(text: str, hits: list[_LabelHit], scans: list[_Scan], i: int) -> list[str] | None:
    """Another line of values after hit ``i``'s, which may be the row's above (its cells, '' where
    empty), or None: that row's label stands right before this one with no values of its own (not
    even blank cells), this row's values stand on its label's line, and after them, before the next
    label, a line holds as many numbers or cells as the row has and nothing else (two labels in one
    cell of a table printed without rules, its values set against the cell's lines: '本年新收…数量⏎
    二、上年结转…数 170 1 0 0 0 0 171⏎量⏎1 0 0 0 0 0 1', or with no piece of the label between)."""
    if i == 0:
        return None
    prev, hit = hits[i - 1], hits[i]
    vals, _, junk, nxt, _ = scans[i]
    if prev.row is None or hit.row is None or scans[i - 1][0] or prev.row is hit.row:
        return None
    first = _first_number(vals)
    if _heads_group(prev.row, hit.row) or first is None or _values_apart(text, hit, first):
        return None
    n = len(hit.row.columns)
    lines = _lines(vals, text)
    if len(lines[0]) == n:
        for g in lines[1:]:
            if len(g) == n and any(not v.blank for v in g):
                return _cell_texts(g)  # taken with this row's values (no piece of the label between)
    for line in text[junk:nxt].split("\n") if junk < nxt else ():
        cells = _line_cells(line)
        if len(cells) == n:
            return cells
    return None


def _cell_texts(vals: list[_Val]) -> list[str]:
    return ["" if v.blank else v.text for v in vals]


def _line_cells(line: str) -> list[str]:
    """The cells of a line holding values and nothing else, read as a row's are (:func:`_scan_values`:
    '' where empty, a blank zero between bars); [] for any other line (a word in it) or one with no
    number."""
    if not _VALUES_LINE.fullmatch(line):
        return []
    vals, _, junk = _scan_values(line, 0, len(line))
    return _cell_texts(vals) if junk >= len(line.rstrip()) and _first_number(vals) is not None else []


_SKIP_SEPS = re.compile(r"[\s|]*")


def _rows_by_position(
    text: str, table: TableSpec, hits: list[_LabelHit], scans: list[_Scan]
) -> dict[int, tuple[str, str]]:
    """Rows whose label is not printed whole, placed by position between two rows read.

    - A generic row (``3.其他``, ``（七）总计``) printed by its bare word without its ordinal
      (``其他``), right after the values of the row before it in the template: the bare word
      is that row (elsewhere it would be a column header).
    - A row printed with an empty label cell or none (a second line of values under a row's
      own), when the template has exactly one row between that row and the next row read,
      and that row is read nowhere: the second line is that row.

    New hits and their scans are inserted in ``hits`` and ``scans``; returns, by the ``id`` of
    each new hit, the bare word printed (or "") and how the label is printed, for the diagnostic.
    """
    order = {row.id: k for k, row in enumerate(table.rows)}
    seen = {h.row.id for h in hits if h.row is not None}
    placed: dict[int, tuple[str, str]] = {}
    i = 0
    while i < len(hits):
        hit = hits[i]
        vals, run, junk, nxt, strays = scans[i]
        k = order.get(hit.row.id, -1) if hit.row is not None and vals else -1
        if k < 0 or k + 1 >= len(table.rows):
            i += 1
            continue
        missing = table.rows[k + 1]
        after = hits[i + 1].row if i + 1 < len(hits) else None
        if missing.id in seen:
            i += 1
            continue
        first = _first_number(vals)
        if missing.generic and first is not None:
            # The bare word between this row's label and the values ('…不再处理其政府信息公开申请 其他
            # 1 0 0 0 0 0 1': a crawler's copy dropped this row's empty cells): the values are the
            # generic row's, this row is printed empty.
            # (the word is a token of its own, after what is left of this row's label)
            before = text[hit.end : first.start].rstrip(" \t|\n")
            words = sorted({missing.label, *missing.variants}, key=len, reverse=True)
            bare = next((w for w in words if before.endswith(w)), None)
            at = hit.end + len(before) - len(bare) if bare is not None else -1
            if bare is not None and (at == hit.end or text[at - 1] in " \t|\n"):
                new = _LabelHit(at, at + len(bare), missing)
                own = [v for v in vals if v.end <= at]
                scans[i] = (own, False, at, at, strays)
                hits.insert(i + 1, new)
                scans.insert(i + 1, ([v for v in vals if v.start >= at], run, junk, nxt, []))
                placed[id(new)] = (bare, f"printed as '{bare}' without its ordinal {missing.numbering}")
                seen.add(missing.id)
                i += 2
                continue
        if missing.generic and junk < nxt:
            at = _SKIP_SEPS.match(text, junk, nxt).end()  # type: ignore[union-attr]
            words = sorted({missing.label, *missing.variants}, key=len, reverse=True)
            bare = next((w for w in words if text.startswith(w, at)), None)
            if bare is not None:
                got, got_run, got_junk = _scan_values(text, at + len(bare), nxt, lead_cell=True)
                if any(not v.blank for v in got):
                    new = _LabelHit(at, at + len(bare), missing)
                    scans[i] = (vals, run, junk, at, strays)
                    hits.insert(i + 1, new)
                    scans.insert(i + 1, (got, got_run, got_junk, nxt, []))
                    placed[id(new)] = (bare, f"printed as '{bare}' without its ordinal {missing.numbering}")
                    seen.add(missing.id)
                    i += 2
                    continue
        if (
            hit.row is not None
            and after is not None
            and order.get(after.id, -1) == k + 2
            and missing.group == after.group
            and not missing.generic
        ):
            n = len(hit.row.columns)
            lines = _lines([v for v in vals if not v.blank], text)
            if len(lines) == 2 and len(lines[0]) == n == len(missing.columns) and len(lines[1]) == n:
                first_line_end = text.find("\n", hit.start)
                if lines[0][0].start < first_line_end:  # the row's own values on its label's line
                    second = lines[1]
                    new = _LabelHit(second[0].start, second[0].start, missing)
                    scans[i] = (lines[0], False, junk, second[0].start, strays)
                    hits.insert(i + 1, new)
                    scans.insert(i + 1, (second, False, nxt, nxt, []))
                    placed[id(new)] = ("", "not printed (an empty label cell)")
                    seen.add(missing.id)
                    i += 2
                    continue
        i += 1
    return placed


_OWN_CHARS: dict[int, frozenset[str]] = {}
_FOREIGN_RUN = 2  # Han characters in a row not of a row's label: another label (one is a misreading)
_SEPARATED = re.compile(r"[\s|]+")
_CN_ORDINAL = re.compile(rf"[(（]\s*([{_CN_NUM}]{{1,3}})\s*[)）]")


def _own_chars(row: RowSpec) -> frozenset[str]:
    """The characters of a row's label, ordinal, group and variants (and their regional forms)."""
    chars = _OWN_CHARS.get(id(row))  # by identity: the template's rows are module constants
    if chars is None:
        words = "".join((row.numbering or "", row.label, row.group or "", *row.variants))
        for word, others in REGIONAL_WORDS.items():
            if word in words:
                words += "".join(others)
        chars = _OWN_CHARS[id(row)] = frozenset(words)
    return chars


def _foreign_before(text: str, hit: _LabelHit, vals: list[_Val]) -> str:
    """The words between a row's label and its first value that are not its label's: a word of
    its own (apart from the label's cell by a space, a bar or a line break) at least half of
    whose Han characters, ``_FOREIGN_RUN`` of them in a row, are in none of the row's label,
    group or variants (notes in brackets aside), or an ordinal in brackets that is not its own or
    its group's (the next group's: ``（四）``). The rest of the label's own cell is its label,
    however misread (a scan's '确认或致新出具已庆收信息'). "" when there are none."""
    first = _first_number(vals)
    if first is None or hit.row is None or first.start <= hit.end:
        return ""
    if _HAN.search(text, hit.end, first.start) is None:
        return ""  # separators only (the common row)
    between = text[hit.end : first.start]
    ordinals = {m.group(1) for m in _CN_ORDINAL.finditer(f"{hit.row.numbering or ''}{hit.row.group or ''}")}
    for m in _CN_ORDINAL.finditer(between):  # another group's ordinal: '8.属于行政查询事项 （四） 1 0 …'
        if m.group(1) not in ordinals:
            return between.strip(" \t|\n")
    words = _SEPARATED.split(between)
    own = _own_chars(hit.row)
    for word in words[1:]:  # words[0]: the rest of the label's own cell
        key = label_key(word)
        foreign = [c not in own for c in key]
        if sum(foreign) * 2 < len(key):
            continue
        run = 0
        for is_foreign in foreign:
            run = run + 1 if is_foreign else 0
            if run >= _FOREIGN_RUN:
                return word.strip()
    return ""


_TRAILING_SEPS = re.compile(r"[ \t|]*$")


def _empty_cells_line(text: str, at: int, vals: list[_Val], n: int) -> bool:
    """Whether the line of a row's label ends in as many cell bars as the row has columns (two
    at least) with nothing between them, and none of the row's values stands on it."""
    first = _first_number(vals)
    end = text.find("\n", at, first.start) if first is not None else -1  # (bounded: a one-line page)
    if end < 0:
        return False
    tail = _TRAILING_SEPS.search(text, at, end)
    return tail is not None and text.count("|", tail.start(), end) >= max(n, 2)


def _first_line_count(s: _Stream, vals: list[_Val]) -> int:
    """How many cells of ``vals`` stand on the first line holding one. Space after a line's last
    bar in a paragraph ('行政处罚 | ⏎', a PDF's or a page's text with bars) is no cell, as in a
    text file; a grid's empty last cell is one."""
    text = s.text
    line: list[_Val] = []
    for v in vals:  # the first line of _lines(vals, text), without grouping the others
        if v.blank and text.startswith("\n", v.start):
            if line:
                break
            continue
        if line and text.find("\n", line[-1].end, v.start) >= 0:
            break
        line.append(v)
    if not line:
        return 0
    last = line[-1]
    if (
        last.blank
        and s.text[last.start - 1 : last.start] == "|"
        and (text.startswith("\n", last.end) or text.find("\n", last.start, last.end) >= 0)
        and not s.in_grid_cell(last.start)
    ):
        return len(line) - 1
    return len(line)


def _lines(vals: list[_Val], text: str) -> list[list[_Val]]:
    """Values grouped by the line they stand on. The empty cell a text row's closing bar and the
    next row's opening bar make ('|⏎|') is where a line ends, not a cell of either (a grid's
    empty last cell is ' ' before the line break: a cell)."""
    lines: list[list[_Val]] = []
    for v in vals:
        if v.blank and text.startswith("\n", v.start):
            continue
        if lines and "\n" not in text[lines[-1][-1].end : v.start]:
            lines[-1].append(v)
        else:
            lines.append([v])
    return lines


_VALUES_LINE = re.compile(r"[\d\s|.,+\-—/]*")


def _values_before_labels(
    text: str, hits: list[_LabelHit], scans: list[tuple[list[_Val], bool, int, int, list[int]]]
) -> set[int]:
    """Rows whose values stand on the line before their label (PDF text layers print a wrapped
    row's numbers first): a label printed whole with no cells after it takes the line just
    above it when that line holds exactly its cells and nothing else, and the row above keeps
    a full row of its own. Returns the indexes of the hits so read; ``scans`` is updated."""
    moved: set[int] = set()
    for i in range(1, len(hits)):
        row = hits[i].row
        vals, _, junk, nxt, strays = scans[i]
        if row is None or vals:
            continue
        if i + 1 < len(hits) and _heads_group(row, hits[i + 1].row):
            continue  # （六）其他处理 heading its sub-rows: a group cell
        if label_key(bare_label(row.label)) not in label_key(text[hits[i].start : hits[i].end]):
            continue  # only part of the label on its line: a scrambled layout, not a wrapped row
        label_line = text.rfind("\n", 0, hits[i].start) + 1
        if label_line == 0:
            continue
        above = text.rfind("\n", 0, label_line - 1) + 1
        prev_vals, prev_run, prev_junk, prev_nxt, prev_strays = scans[i - 1]
        line_vals = [v for v in prev_vals if above <= v.start < label_line]
        if len(line_vals) != len(row.columns) or any(v.blank for v in line_vals):
            continue
        if not _VALUES_LINE.fullmatch(text, above, label_line - 1):
            continue  # the line holds words too
        keep = [v for v in prev_vals if v.start < above]
        prev_row = hits[i - 1].row
        if prev_row is not None and sum(not v.blank for v in keep) < len(prev_row.columns):
            continue  # the row above needs them
        scans[i - 1] = (keep, prev_run, prev_junk, prev_nxt, prev_strays)
        scans[i] = (line_vals, False, junk, nxt, strays)
        moved.add(i)
    return moved


_SEPS = re.compile(r"[|\t]")
# a cell that opens with a number and holds no word: a value (not a label piece: '1.属于', '3.要求')
_VALUE_CELL = re.compile(r"(?:^|(?<=[|\t]))[ ]*(?=[+-]?\d)([^|\t\n]*)")


def _first_value(line: str) -> int:
    """Where the first value cell of a line of cells starts (its first digit), or -1. A row broken at
    a page end prints the head of its label there, which may be an item number ('3.要求 | 0 | 0')."""
    for m in _VALUE_CELL.finditer(line):
        cell = m.group(1).rstrip()
        if not _HAN.search(cell) and not cell.endswith((".", "、")):  # '5.': an item number alone
            return m.start(1)
    return -1


_OPEN_NOTE = re.compile(r"[(（][^()（）]*$")


def _note_cut(cell: str, row: RowSpec) -> bool:
    """Whether ``cell`` is the row's label and the head of its note in brackets, cut where the cell
    ends: '（二）部分公开（区分处理的，只计这一情形，' at a page's foot, beside the values, the rest of
    the note ('不计其他情形）') in the row's cell at the next page's top."""
    m = _OPEN_NOTE.search(cell)
    return m is not None and label_key(cell[: m.start()]) == label_key(f"{row.numbering}{row.label}")


def _split_label_hits(
    text: str, table: TableSpec, hits: list[_LabelHit], start: int, end: int
) -> tuple[list[_LabelHit], set[int]]:
    """The hits, with the labels of rows broken at a page end whose two pieces are no label alone:
    '(三) | 1.属于 | 0 | 0 | …' at a page's foot, '不予公开 | 国家秘密 | | | …' at the next one's top.
    The second piece is taken as the row's label when its line holds no number and nothing but its
    cells, the line above holds no label found and the head of a line of cells, and the pieces,
    cell by cell, make a row not found elsewhere and its group; :func:`_split_rows` then reads the
    values between them, or leaves the row unread (never blank). Also returns the starts of the
    labels added."""
    found = {h.row.id for h in hits if h.row is not None}
    keys: dict[str, RowSpec | None] = {}
    for r in table.rows:
        if r.id not in found:
            key = label_key(f"{r.numbering}{r.label}")
            keys[key] = None if key in keys else r  # two rows of one key: neither
    if not any(keys.values()):
        return hits, set()
    starts = [h.start for h in hits]
    added: list[_LabelHit] = []
    a = text.rfind("\n", 0, start) + 1
    while a < end:
        b = text.find("\n", a)
        if b < 0 or b >= end:
            break
        c = text.find("\n", b + 1)
        c = end if c < 0 or c > end else c
        line, below = text[a:b], text[b + 1 : c]
        at = _first_value(line)
        k = bisect.bisect_left(starts, a)
        if (
            at > 0
            and (k == len(starts) or starts[k] >= c)  # no label found on either line
            and _SEPS.search(below)
            and not _DIGIT.search(below)
            and line[:at].rstrip(" ")[-1:] in ("|", "\t")
        ):
            first = [x.strip() for x in _SEPS.split(line[:at]) if x.strip()]
            rest = [x.strip() for x in _SEPS.split(below) if x.strip()]
            if first and len(first) == len(rest):
                whole = [label_key(x + z) for x, z in zip(first, rest, strict=True)]
                row = keys.get(whole[-1])
                if row is not None and (
                    len(whole) == 1 or (row.group is not None and whole[:-1] == [label_key(row.group)])
                ):
                    at_last = text.rfind(rest[-1], b + 1, c)  # the last cell holding words
                    added.append(_LabelHit(at_last, at_last + len(rest[-1]), row))
                    keys[whole[-1]] = None
        a = b + 1
    if not added:
        return hits, set()
    return sorted(hits + added, key=lambda h: h.start), {h.start for h in added}


def _split_rows(
    text: str, hits: list[_LabelHit], scans: list[_Scan], broken: set[int], table: TableSpec
) -> dict[int, bool]:
    """Rows broken at a page end (Word lets a row break across pages): the start of the label's
    cells and all the values on one page, the rest of the label's cells on the next, where the
    label is found with empty cells after it. Such a row's line directly follows a line of numbers
    the row above cannot use: no label there, and its numbers are text no row took or values left
    over beyond that row's columns. When that line is the label's first pieces (``三、本 | （一） |
    3 | | 1 | … | 4``) that, cell by cell, complete the pieces on the label's line (``年度办理结果 |
    予以公开``) into the row's group and label, and its cells are the row's columns, the row takes
    them (True); otherwise the row is not read as blank (False). Returns, by hit index, which;
    ``scans`` is updated for the rows that take their values. ``broken``: the starts of labels
    :func:`_split_label_hits` made of two pieces, the line above already known to be the label's
    head and values (whatever stands above it, a header too), never read blank. The table's header
    printed again on the next page between the two pieces (a PDF repeating a table's header rows) is
    passed over as a spacer row is."""
    out: dict[int, bool] = {i: False for i, h in enumerate(hits) if h.start in broken}
    heads = _header_keys(table)
    for i in range(1, len(hits)):
        # the row above: past the header's marks found on header lines printed again before this label
        k = i - 1
        while k > 0 and hits[k].row is None and _header_line(_line_of(text, hits[k].start, hits[k].start, 0), heads):
            k -= 1
        row, prev_row = hits[i].row, hits[k].row
        vals, _, junk, nxt, strays = scans[i]
        pieced = hits[i].start in broken
        if row is None or (vals and not vals[0].blank):
            continue  # (a value first: it is the first of its first line, so a value is on it)
        lines = _lines(vals, text)
        # (its line's empty cells, when they fill its columns: a number after them is the next row's)
        if any(not v.blank for v in (lines[0] if lines and len(lines[0]) >= len(row.columns) else vals)):
            continue
        label_line = text.rfind("\n", 0, hits[i].start) + 1
        above_end = label_line - 1
        above = text.rfind("\n", 0, above_end) + 1 if label_line else 0
        # (a row of empty cells between the two pieces, a spacer row, or the table's header printed
        # again on the next page: passed over)
        while (
            label_line
            and above > hits[k].start
            and (_SKIP_SEPS.fullmatch(text, above, above_end) or _header_line(text[above:above_end], heads))
        ):
            above_end = above - 1
            above = text.rfind("\n", 0, above_end) + 1 if above_end > 0 else 0
        if not label_line or above <= hits[k].start or _JUNK_NUM.search(text, label_line, hits[i].start):
            continue  # no line between the two labels, or numbers before this label on its line
        line = text[above:above_end]
        digit = _DIGIT.search(line)
        if digit is None:
            continue
        at = _first_value(line)  # past the label's head, item number and all
        if at < 0:
            at = digit.start()
        prev_vals, prev_run, prev_junk, prev_nxt, prev_strays = scans[k]
        keep = [v for v in prev_vals if v.start < above]
        if prev_junk <= above + at:
            # (a header's words above, after a label of no row: not a row's)
            header = prev_row is None and not _DIGIT.search(text, prev_junk, above)
            if not pieced and not header and text[prev_junk:above].strip(" |\t\n"):
                pieces = label_key(text[prev_junk:above])
                if pieces and all(c in _own_chars(row) for c in pieces):
                    out[i] = False  # its label's head on a line of its own, then the values: not blank
                continue  # other text no row took before the line: not a row's pieces
        elif prev_row is not None and (
            len(keep) == len(prev_vals) or sum(map(len, _lines(keep, text))) < len(prev_row.columns)
        ):
            continue  # the numbers are the row above's own (its values wrapped onto the line; its cells,
            # empty ones too, do not fill its columns)
        head = line[:at]
        if head.rstrip(" ")[-1:] not in ("|", "\t"):
            out[i] = False  # the numbers do not stand in cells of their own
            continue
        first = [c.strip() for c in _SEPS.split(head) if c.strip()]
        cell_end = _CELL_END.search(text, hits[i].start)
        rest = [c.strip() for c in _SEPS.split(text[label_line : hits[i].start]) if c.strip()]
        rest.append(text[hits[i].start : cell_end.start() if cell_end else hits[i].end].strip())
        # the line alone: what follows it (the label's line, 年度…) is not read as the unit of its last value
        got, _, got_junk = _scan_values(line, at, len(line), lead_cell=True)
        while len(got) > len(row.columns) and got[-1].blank:
            got.pop()  # a grid wider than the table's columns: its empty cells at the line's end
        whole = [label_key(a + z) for a, z in zip(first, rest, strict=False)]
        fits = (
            bool(first)
            and len(first) == len(rest)
            and whole[-1] == label_key(f"{row.numbering}{row.label}")
            and (len(whole) == 1 or (row.group is not None and whole[:-1] == [label_key(row.group)]))
        )
        if not fits or got_junk < len(line) or len(got) != len(row.columns):
            out[i] = False
            continue
        took = prev_nxt if prev_junk <= above + at else prev_junk  # the line is no longer junk
        scans[k] = (keep, prev_run, took, prev_nxt, prev_strays)
        scans[i] = ([v._replace(start=v.start + above, end=v.end + above) for v in got], False, junk, nxt, strays)
        out[i] = True
    return out


@functools.cache
def _header_keys(table: TableSpec) -> tuple[str, ...]:
    """The keys of what a table's header rows print: its marks and the pieces of its columns' labels
    (法人或其他组织 / 商业企业) of three characters or more (not 其他, 总计: words rows print too). Not
    the locator's marks (:func:`_mark_regex`): those take in table 二's block headings (第二十条第（五）项),
    which a row broken at a page end never stands across."""
    labels = {part for row in table.rows for c in row.columns for part in c.label.split("/")}
    keys = {label_key(x) for x in (*table.marks, *labels)}
    return tuple(sorted(k for k in keys if len(k) >= 3))


def _header_line(line: str, heads: tuple[str, ...]) -> bool:
    """Whether a line is one of a table's header rows: no digit, and a header's words in it."""
    if _DIGIT.search(line):
        return False
    key = label_key(line)
    return any(h in key for h in heads)


def _header_units(b: _Builder, table: TableSpec, start: int, end: int) -> None:
    """A unit printed in a money column's header (采购总金额（万元）) is the unit of its bare numbers."""
    for label, regex in _unit_regexes(table):
        if label not in b.header_units:
            m = regex.search(b.s.text, start, end)
            if m:
                b.header_units[label] = m.group(1)


_UNIT_REGEXES: dict[int, tuple[tuple[str, re.Pattern[str]], ...]] = {}
_UNIT_NOTE = rf"\s*[(]\s*(?:单位\s*[:：]?\s*)?({MONEY_UNITS})\s*[)]"


def _unit_regexes(table: TableSpec) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Per money column of a table (keyed by the table's identity: it is a module constant)."""
    out = _UNIT_REGEXES.get(id(table))
    if out is None:
        labels = {c.label for r in table.rows for c in r.columns if c.kind is ColumnKind.MONEY}
        out = _UNIT_REGEXES[id(table)] = tuple(
            (label, re.compile(re.escape(fold(bare_label(label), simplify=False).text) + _UNIT_NOTE))
            for label in sorted(labels)
        )
    return out


_FRAGMENT = re.compile(r"[\s|]*([^\s|\d]+)")


def _skip_fragments(text: str, pos: int, end: int, row: RowSpec) -> int:
    """Past the pieces of a wrapped label: cells made only of characters of the row's label and
    group (他处理 / 府信息公开申请 / 缴纳费用、 around the values of （六）2.申请人逾期未按…).
    One character of them may be another (a scan's misreading, a label cut by a ruling line:
    上年结转政府信息公开日 | 请数量, 3.要求提供公开出版 | 勿, 上年结转政府信息公开 | 日请数量), in a
    piece of at most four; the row read so is marked approximate (its identities then only
    report, never blame)."""
    chars = set(label_key(f"{row.label}{row.group or ''}"))
    misread = 0
    while True:
        m = _FRAGMENT.match(text, pos, end)
        if m is None:
            return pos
        key = label_key(m.group(1))
        if not key:
            return pos
        foreign = sum(c not in chars for c in key)
        if foreign and (misread + foreign > 1 or len(key) > 4):
            return pos
        misread += foreign
        pos = m.end()


def _whole_row(vals: list[_Val], run: bool, n: int) -> bool:
    if not any(not v.blank for v in vals):
        return False
    return run or len(drop_closers(vals, n)) >= n


def _best_occurrence(
    hits: Sequence[_LabelHit], scans: Sequence[tuple[list[_Val], bool, int, int, list[int]]]
) -> dict[str, int]:
    """For a row printed more than once, the occurrence to read: the first that carries a
    whole row of cells (a prose summary before the table, "予以公开2件", does not), else the first."""
    best: dict[str, int] = {}
    for i, hit in enumerate(hits):
        if hit.row is None:
            continue
        k = best.get(hit.row.id)
        if k is None:
            best[hit.row.id] = i
            continue
        vals, run, _, _, _ = scans[i]
        full = _whole_row(vals, run, len(hit.row.columns))
        kv, krun, _, _, _ = scans[k]
        kfull = _whole_row(kv, krun, len(hit.row.columns))
        if full and not kfull:
            best[hit.row.id] = i
    return best


def _outside_notes(text: str, hits: list[_LabelHit]) -> list[_LabelHit]:
    """The hits without a row's label found inside a note in brackets opened before it and
    printed again elsewhere: 其他主动公开文件（…除规范性文件以外的…） 1 | 0 | 0 is not 规范性文件
    printed again, and its values are not that row's; nor is 行政处罚 in 其他对外管理服务事项(…含
    行政确认、行政处罚、行 117 0 165 (a table without rules printed to PDF: the note's lines and the
    row's values on one line) when 行政处罚's own row follows. (A note is looked for a few lines
    back: a PDF wraps a long one.)"""

    def in_note(hit: _LabelHit) -> bool:
        a = max(0, hit.start - 300)
        return text.rfind("(", a, hit.start) > text.rfind(")", a, hit.start)

    noted = [hit.row is not None and in_note(hit) for hit in hits]
    later: set[str] = set()  # rows with a hit outside a note after the one at hand
    drop = [False] * len(hits)
    for i in range(len(hits) - 1, -1, -1):
        row = hits[i].row
        if row is None:
            continue
        drop[i] = noted[i] and row.id in later
        if not noted[i]:
            later.add(row.id)
    seen: set[str] = set()
    out: list[_LabelHit] = []
    for i, hit in enumerate(hits):
        if hit.row is not None:
            if drop[i] or (hit.row.id in seen and noted[i]):
                continue
            seen.add(hit.row.id)
        out.append(hit)
    return out


def _group_cell_inside(text: str, hits: list[_LabelHit], scans: list[_Scan]) -> None:
    """A group's label printed inside its first row's wrapped label, beside the values (a PDF of a
    table whose group cell spans its rows: '1.申请人无正当理由逾期不补正、行⏎（六）其他处理 1 0 0 0 0
    0 1⏎政机关不再处理…', '1.本机关不掌握相⏎（四）无法提供 1 0 0 0 0 0 1⏎关政府信息'): the values are
    the row's; the group's label is a group cell, no row."""
    for i in range(1, len(hits)):
        row, prev = hits[i].row, hits[i - 1].row
        if prev is None or prev.group is None:
            continue
        if row is None:
            if label_key(text[hits[i].start : hits[i].end]) != label_key(prev.group):
                continue
        elif not _heads_group(row, prev):
            continue
        if any(not v.blank for v in scans[i - 1][0]) or not any(not v.blank for v in scans[i][0]):
            continue
        scans[i - 1] = scans[i]
        scans[i] = ([], False, hits[i].end, hits[i].end, [])
        hits[i] = _LabelHit(hits[i].start, hits[i].end, None)  # a group cell: no row of its own


def _heads_group(row: RowSpec, nxt: RowSpec | None) -> bool:
    return nxt is not None and nxt.group is not None and _folded(f"{row.numbering}{row.label}") == _folded(nxt.group)


@functools.cache
def _folded(label: str) -> str:
    return fold(label).text


_JUNK_NUM = re.compile(r"(?<![\d.])[+-]?\d+(?:\.\d+)?(?![\d.])")


def _report_junk(b: _Builder, text: str, start: int, end: int) -> None:
    """Text between a row's values and the next label: an unmapped row if it holds numbers."""
    chunk = text[start:end]
    if not _JUNK_NUM.search(chunk):
        return
    line = chunk.strip().splitlines()[0][:60] if chunk.strip() else chunk
    numbers = [m.group() for m in _JUNK_NUM.finditer(chunk)]
    shown = " ".join(numbers[:20]) + (" …" if len(numbers) > 20 else "")
    b.mark(start, end)
    b.diag(
        "row-not-mapped",
        f"text not mapped to any template row, holding numbers {shown}: '{line}'",
        f"未能对应模板行的内容，含数字 {shown}：“{line}”",
        start,
    )


# A number not glued to digits or a point before it: (?<![\d.])\d+(?:\.\d+)?, with the character
# before looked behind from after the first digit (a pattern opening with a digit is searched for
# one at once; one opening with a lookbehind tries every position): the same matches.
_NUMBER = re.compile(r"\d(?<![\d.]\d)\d*(?:\.\d+)?")
# Not values: an item number (1.属于… / (六)), a year or date (2025年), a number inside a note
# in brackets, or inside a label (第二十条).
_EXCLUDED = re.compile(r"\s*(?:[.、．]\s*[\u4e00-\u9fff\"“]|[)年月日号%％])")


_PROSE_MARK = re.compile(r"[，。；,;]")


def _han_at_least(text: str, start: int, end: int, k: int) -> bool:
    """Whether ``text[start:end]`` holds ``k`` Han characters or more (counted up to ``k``:
    a crawler's one-line page is a line of thousands)."""
    return sum(1 for _ in itertools.islice(_HAN.finditer(text, start, end), k)) >= k


def _is_prose(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a sentence, not a table row: punctuation of prose and a
    dozen Han characters, no separators."""
    if text.find("|", start, end) >= 0 or not _PROSE_MARK.search(text, start, end):
        return False
    return _han_at_least(text, start, end, 12)


_SENTENCE_END = re.compile(r"[。；;！？!?]")


def _sentence(text: str, a: int, line_start: int, line_end: int) -> tuple[int, int]:
    """The sentence holding offset ``a``, within its line: from the last 。；！？ before it."""
    s0 = max(text.rfind(c, line_start, a) for c in "。；;！？!?") + 1
    m = _SENTENCE_END.search(text, a, line_end)
    return max(s0, line_start), m.end() if m else line_end


def _is_sentence(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a sentence of prose: a few Han characters of words around its numbers."""
    return _han_at_least(text, start, end, 6)


def _spans_within(starts: list[int], ends: list[int], a: int, z: int) -> bool:
    """Whether any accounted span (merged, sorted) lies in ``a:z``."""
    j = bisect.bisect_right(ends, a)
    return j < len(starts) and starts[j] < z


def account_numbers(b: _Builder, regions: Sequence[tuple[int, int]]) -> None:
    """Nothing dropped silently: every number inside a table region fills a cell, is named in a
    diagnostic, or is an item number, a date or part of a note; the rest are named here."""
    text = b.s.text
    starts: list[int] = []  # the accounted spans, merged; an empty span covers nothing
    ends: list[int] = []
    cs = ce = -1
    for a, z in sorted(b.accounted):
        if z <= a:
            continue
        if a <= ce:
            if z > ce:
                ce = z
        else:
            if ce >= 0:
                starts.append(cs)
                ends.append(ce)
            cs, ce = a, z
    if ce >= 0:
        starts.append(cs)
        ends.append(ce)
    n = len(ends)
    labels = sorted(b.label_starts)
    left: dict[int, list[tuple[int, int]]] = {}  # line start -> numbers left on that line
    line_start = 0
    for start, end in sorted(regions):
        line_end, prose = -1, False  # the line of the last number looked at
        mixed, sentence_end, sentence_prose = False, -1, False
        j = bisect.bisect_right(ends, start)  # the first span ending after the region starts
        for m in _NUMBER.finditer(text, start, end):
            a, z = m.span()
            while j < n and ends[j] <= a:
                j += 1
            if j < n and starts[j] <= a:
                continue  # inside a span: used in a cell or named in a diagnostic
            k = bisect.bisect_right(labels, a)
            if k < len(labels) and labels[k] < z:
                z = labels[k]  # a value glued to the next row's ordinal (…0 12.申请人…): the value
            if a > line_end:  # a new line: each line is found and judged once
                line_start = text.rfind("\n", max(0, line_end), a) + 1
                line_end = text.find("\n", a, end)
                if line_end < 0:
                    line_end = end
                prose = _is_prose(text, line_start, line_end)
                # A line that is prose by its looks but holds cells read (a crawler's one-line
                # page: prose and tables run together) is judged sentence by sentence.
                mixed = prose and _spans_within(starts, ends, line_start, line_end)
                sentence_end = -1
            if prose and mixed:
                if a > sentence_end:
                    s0, sentence_end = _sentence(text, a, line_start, line_end)
                    sentence_prose = not _spans_within(starts, ends, s0, sentence_end) and _is_sentence(
                        text, s0, sentence_end
                    )
                if sentence_prose:
                    continue  # a sentence of its own, no cell read in it: its counts are prose
            elif prose:
                continue  # a paragraph after or between the rows: its counts are prose
            if _EXCLUDED.match(text, z) or (a > 0 and text[a - 1] in "(第") or _in_note(text, a, z):
                continue
            if a > 0 and "\u4e00" <= text[a - 1] <= "\u9fff" and _HEADER_WORD_END.match(text, z):
                continue  # part of a header word (数据1), not a value followed by more values
            left.setdefault(line_start, []).append((a, z))
    # One diagnostic per line, at its first number (the first _MAX_LINES lines; the rest in one).
    lines = list(left.values())
    groups = lines[:_MAX_LINES]
    if len(lines) > _MAX_LINES:
        groups.append([n for line in lines[_MAX_LINES:] for n in line])
    for group in groups:
        for a, z in group:
            b.mark(a, z)
        shown = " ".join(text[a:z] for a, z in group[:20]) + (" …" if len(group) > 20 else "")
        b.diag(
            "number-not-used",
            f"{len(group)} number(s) inside the tables fill no cell: {shown}",
            f"表格内有 {len(group)} 个数字未填入任何单元格：{shown}",
            group[0][0],
        )


_MAX_LINES = 20
_HEADER_WORD_END = re.compile(r"(?=[ \t|\n]|\Z)(?![ \t]*\d)")
_CELL_START = re.compile(r"[|\t\n]")


def _in_note(text: str, a: int, z: int) -> bool:
    """Whether the number at ``a:z`` stands inside a note in brackets of a label, within its
    cell (规章(…自治州bat365官网…)): part of the label, not a value."""
    cut = max(text.rfind(c, 0, a) for c in "|\t\n")
    opened = text.rfind("(", cut + 1, a)
    if opened < 0 or text.find(")", opened, a) >= 0 or _DIGIT.search(text, cut + 1, opened):
        return False  # not in a note, or in the note of a value (22（其中修订 16 件）): named
    if not _HAN.search(text, cut + 1, opened):
        return False  # a note standing alone in its cell or line: it may be a value's
    end = _CELL_START.search(text, z)
    close = text.find(")", z, end.start() if end else len(text))
    return close >= 0 and text.find("(", z, close) < 0


def _read_appeals(b: _Builder, start: int, end: int) -> None:
    """Table 四: one row of 15 values (review, direct suit, suit after review), by position."""
    text = b.s.text
    cols: list[ColumnSpec] = []
    ids: list[str] = []
    for row in APPEALS.rows:
        for c in row.columns:
            cols.append(c)
            ids.append(f"appeals.{row.id}.{c.id}")
    usable = _stretches(text, start, end)
    exact = [g for g in usable if len(g[0]) == 15]
    fives = [g for g in usable if len(g[0]) == 5]
    used: list[tuple[list[_Val], bool]] = []
    if len(exact) == 1:
        used = exact
        _assign(b, "appeals", "all", cols, exact[0][0], False, exact[0][0][0].start, ids=ids)
    elif len(fives) == 3 and len(usable) == 3:
        used = fives
        _assign(b, "appeals", "all", cols, [v for g in fives for v in g[0]], False, fives[0][0][0].start, ids=ids)
    elif len(usable) == 1 and usable[0][1] and len(usable[0][0]) < 15:
        used = usable
        _assign(b, "appeals", "all", cols, usable[0][0], True, usable[0][0][0].start, ids=ids)
    elif (placed := _appeals_with_unread(b, start, end, usable)) is not None:
        _assign_with_unread(b, cols, ids, placed)
        return
    elif usable:
        found = " | ".join(" ".join(v.text for v in g) for g, _ in usable)
        for group, _ in usable:
            b.mark(group[0].start, group[-1].end)
        b.unread(
            "table-not-read",
            "table 四: values found but not as one row of 15 (or three of 5); left unread: " + found,
            "表四：数值不是一行15个（或三组各5个），未读取：" + found,
            usable[0][0][0].start,
            ids,
        )
    for group, _run in usable:
        if used and not any(group is g for g, _ in used):
            b.mark(group[0].start, group[-1].end)
            b.diag(
                "number-left-over",
                "table 四: values not used: " + " ".join(v.text for v in group),
                "表四：未使用的数值：" + " ".join(v.text for v in group),
                group[0].start,
            )


# A cell of a scan with writing OCR could not read (the OCR reader's UNREAD, at confidence 0).
_OCR_UNREAD = "?"
_COUNT = re.compile(r"\d{1,15}")


def _appeals_with_unread(
    b: _Builder, start: int, end: int, usable: Sequence[tuple[list[_Val], bool]]
) -> list[tuple[str, int, int]] | None:
    """Table 四 read by OCR as one row of 15 cells of which some hold writing OCR could not read: its
    cells as (kind, start, end), kind "n" (a count), "b" (a printed blank) or "?" (unread), or None.

    Only a row of a scan's table whose cells the OCR reader placed (a ruled grid's cells, or a row
    placed in the header's columns: an unread cell stands where its writing stands), all fifteen of
    them counts, blanks or unread cells after a label without digits; the table's every other number
    inside that row (no second row of values whose cells might be these)."""
    text = b.s.text
    found: list[tuple[int, int, list[tuple[str, int, int]]]] = []
    pos = start
    while pos < end:
        stop = text.find("\n", pos, end)
        stop = end if stop < 0 else stop
        line = (pos, stop)
        pos = stop + 1
        if _OCR_UNREAD not in text[line[0] : line[1]]:
            continue
        cells: list[tuple[str, int, int]] = []
        a = line[0]
        for piece in text[line[0] : line[1]].split("|"):
            z = a + len(piece)
            lead = len(piece) - len(piece.lstrip())
            s0, s1 = a + lead, a + len(piece.rstrip())
            body = text[s0:s1]
            if not body:
                cells.append(("b", a, z))
            elif _COUNT.fullmatch(body):
                cells.append(("n", s0, s1))
            elif body == _OCR_UNREAD and b.s.loc(s0).confidence == 0.0:
                cells.append(("?", s0, s1))
            else:
                cells.append(("w", s0, s1))
            a = z + 1
        k = len(cells)
        while k > 0 and cells[k - 1][0] != "w":
            k -= 1
        row = cells[k:]
        label = text[line[0] : cells[k][1]] if k < len(cells) else ""
        if len(row) != 15 or any(ch.isdigit() for ch in label) or not any(c[0] == "?" for c in row):
            continue
        if not any(c[0] == "n" for c in row):
            continue
        found.append((line[0], line[1], row))
    if len(found) != 1:
        return None
    a, z, row = found[0]
    if any(not (a <= v.start and v.end <= z) for group, _ in usable for v in group if not v.blank):
        return None  # numbers of table 四 elsewhere: which row is its own is not certain
    return row


def _assign_with_unread(
    b: _Builder, cols: Sequence[ColumnSpec], ids: Sequence[str], row: Sequence[tuple[str, int, int]]
) -> None:
    """Table 四's row of 15 cells placed by the scan, its unread cells left unread and named."""
    text = b.s.text
    unread = []
    for cid, col, (kind, s0, s1) in zip(ids, cols, row, strict=True):
        if kind == "n":
            b.set(cid, col, _Val(text[s0:s1], s0, s1))
        elif kind == "b":
            b.set(cid, col, _Val(" ", s0, s1, blank=True))
        else:
            b.mark(s0, s1)
            unread.append(cid)
    b.unread(
        "ocr-cell-unread",
        f"table 四: {len(unread)} cell(s) hold writing OCR could not read; left unread, the row's other cells read "
        "by their positions",
        f"表四：{len(unread)} 格有字迹但光学字符识别无法读出，未读取；本行其余各格按位置读取",
        row[0][1],
        unread,
    )
