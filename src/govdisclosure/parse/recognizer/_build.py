"""The report under construction: values by cell id, their provenance, and diagnostics."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import Any

from ...schema import ColumnKind, ColumnSpec, Edition, Money, cell_label, table_label, table_specs
from .._numbers import MAX_DIGITS, MONEY_UNITS, read_number
from .._result import Ambiguous, Diagnostic, Provenance, _provenance_at
from ._stream import _Stream
from ._values import _Val

_LIMIT = 10**MAX_DIGITS
_LETTER_IN = re.compile(r"[A-Za-z]").search
# An amount's unit alone in the next cell or on the next line ('984361⏎元', '| 984361 | 元 |'):
# a cell too narrow for '984361元' wraps it so in a Word table and in the PDF exported from it.
_UNIT_APART = re.compile(rf"[ \t]*(?:\|[ \t]*|\n[ \t]*){{1,2}}\(?({MONEY_UNITS})\)?[ \t]*(?=\n|\||$)")


@functools.lru_cache(maxsize=4096)
def zh(key: str) -> str:
    """A table id, row key (``requests.withheld.state_secret``) or cell id as the template
    prints it, for Chinese messages: ``表三``, ``表三 / （三）不予公开 / 1.属于国家秘密``,
    ``表三 / … / 自然人``. The key itself if the template has no such thing."""
    table_id, _, rest = key.partition(".")
    if not rest:
        return table_label(table_id) if table_id in ("active", "requests", "appeals") else key
    label = cell_label(None, key)
    if label is not None:
        return label
    for edition in (Edition.E2021, Edition.E2019):
        for table in table_specs(edition):
            for row in table.rows:
                if table.id == table_id and row.id == rest:
                    return f"{table_label(table_id)} / {row.full_label}"
    return table_label(table_id) if table_id in ("active", "requests", "appeals") else key  # appeals.all: 表四


class _Builder:
    def __init__(self, stream: _Stream) -> None:
        self.s = stream
        self.values: dict[str, Any] = {}
        self.prov: dict[str, Provenance] = {}
        self.diags: list[Diagnostic] = []
        self.seen_rows: set[str] = set()
        self.labels: set[str] = set()  # rows whose label was found, values read or not
        self.header_units: dict[str, str] = {}  # money column label -> unit printed in its header
        self.pending: list[Ambiguous] = []  # runs only another year's report can settle
        self.accounted: list[tuple[int, int]] = []  # spans of numbers used in a cell or named in a diagnostic
        self.run_spans: dict[str, tuple[int, int]] = {}  # cells of an ambiguous run -> the run's span
        self.label_starts: list[int] = []  # where row labels start (an ordinal glued to a value: 0 12.申请…)
        self.label_rows: dict[int, tuple[str, int]] = {}  # a row label's start -> its row key, its end
        self.left_over_ends: set[int] = set()  # where a row's values left over end (the next row's, maybe)

    def mark(self, start: int, end: int) -> None:
        """Record a span of numbers as accounted for (used, or named in a diagnostic)."""
        self.accounted.append((start, end))

    def diag(self, code: str, en: str, zh: str, at: int | None = None, cells: Iterable[str] = ()) -> None:
        loc = self.s.loc(at) if at is not None else None
        self.diags.append(Diagnostic(code, en, zh, loc, tuple(cells)))

    def unread(self, code: str, en: str, zh: str, at: int, cells: Sequence[str]) -> None:
        """Say why ``cells`` are not read, and leave them unread (None, no provenance)."""
        self.diag(code, en, zh, at, cells)
        for cid in cells:
            self.values[cid] = None

    def _merged(self, cid: str, raw: str, start: int) -> bool:
        """A value printed once in a cell merged down over rows (HTML rowspan): whether it is each
        row's, or the rows' together, or the first row's, the page cannot tell, unless it is 0
        (counts summing to 0 are each 0). Other values are left unread and named (True)."""
        o = self.s.folded.orig(start)
        if not any(a <= o < z for a, z in self.s.merged):
            return False
        num = read_number(raw)
        if num is None or num.value == 0:
            return False
        self.unread(
            "merged-cell",
            f"{cid}: '{raw}' is printed once in a cell merged over rows: each row's, or the rows' "
            "together, the page cannot tell; left unread",
            f"{zh(cid)}：“{raw}”印在跨行合并的单元格中，无法确定是各行的数值还是合计；未读取",
            start,
            [cid],
        )
        return True

    def set_row(self, ids: Sequence[str], columns: Sequence[ColumnSpec], vals: Sequence[_Val]) -> None:
        """``set`` of each cell of a row in turn, one value a column: a plain count is taken here
        (as ``set`` takes it), anything else by ``set``. The common row of every table."""
        prov, values, mark, source = self.prov, self.values, self.accounted.append, self.s
        plain = not source.merged  # (a cell merged over rows is looked at by set)
        for cid, col, val in zip(ids, columns, vals, strict=True):
            raw = val.text
            if (
                plain
                and not val.blank
                and raw.isdigit()
                and raw.isascii()
                and len(raw) <= MAX_DIGITS
                and col.kind is not ColumnKind.MONEY
            ):
                start, end = val.start, val.end
                mark((start, end))
                prov[cid] = _provenance_at(source, start, end, False)
                values[cid] = int(raw)
            else:
                self.set(cid, col, val)

    def set(self, cid: str, col: ColumnSpec, val: _Val, inferred: bool = False, text: str | None = None) -> None:
        raw = text if text is not None else val.text
        start, end = val.start, val.end
        self.accounted.append((start, end))
        self.prov[cid] = _provenance_at(self.s, start, end, inferred)
        if val.blank:
            self.values[cid] = None
            return
        if self.s.merged and self._merged(cid, raw, start):
            return
        if raw.isdigit() and raw.isascii() and len(raw) <= MAX_DIGITS and col.kind is not ColumnKind.MONEY:
            self.values[cid] = int(raw)  # the common case: a plain count, as read_number reads it
            return
        num = read_number(raw)
        if num is None and _LETTER_IN(raw):  # digits with letters glued on ('7l', '1O'): not a placeholder
            self.diag(
                "not-a-count",
                f"{cid}: '{raw}' is not a number (a letter read for a digit?); left unread",
                f"{zh(cid)}：“{raw}”不是数字（字母误作数字？），未读取",
                val.start,
                [cid],
            )
            self.values[cid] = None
            return
        if num is None:  # a placeholder
            self.values[cid] = None
            return
        if abs(num.value) >= _LIMIT:  # no count or amount is that large
            self.diag(
                "number-implausible",
                f"{cid}: a number of more than {MAX_DIGITS} digits is printed; left unread",
                f"{zh(cid)}：所印数字超过{MAX_DIGITS}位，未读取",
                val.start,
                [cid],
            )
            self.values[cid] = None
            return
        if col.kind is ColumnKind.MONEY:
            unit = num.unit
            if unit is None and (apart := _UNIT_APART.match(self.s.text, end)) is not None:
                unit = apart.group(1)
            self.values[cid] = Money(num.value, unit or self.header_units.get(col.label) or col.default_unit)
            return
        if not num.is_integer:
            self.diag(
                "not-a-count",
                f"{cid}: '{raw}' is not a whole number; left unread",
                f"{zh(cid)}：“{raw}”不是整数，未读取",
                val.start,
                [cid],
            )
            self.values[cid] = None
            return
        if num.value < 0 and col.kind is not ColumnKind.SIGNED:
            self.diag(
                "negative-count",
                f"{cid}: negative count '{raw}' printed",
                f"{zh(cid)}：计数为负数“{raw}”",
                val.start,
                [cid],
            )
        self.values[cid] = int(num.value)
