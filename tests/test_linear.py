"""Worst cases stay linear: the table-四 scan and digit-run splitting.

No wall-clock limit: each scan test times the same input shape at two sizes, in the
same process (best of three CPU times), and fails when four times the input costs
more than eight times as much (linear is about 4x; a quadratic scan is 16x).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

import govdisclosure as gd
from govdisclosure.parse import _split, _values
from govdisclosure.schema import ColumnKind

_TABLE4 = (
    "四、政府信息公开行政复议、行政诉讼情况\n"
    "| 行政复议 | 行政诉讼 |\n"
    "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
)


def _cost(fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def _growth(make: Callable[[int], str], scan: Callable[[str], object], n: int) -> float:
    small, large = make(n), make(4 * n)
    scan(small)  # warm caches (regexes)
    return _cost(lambda: scan(large)) / max(_cost(lambda: scan(small)), 1e-9)


@pytest.mark.parametrize(
    ("head", "unit"),
    [
        ("", "1 a "),  # numbers between words on one long line: each a failed stretch
        ("", "1 2 3 a "),  # a line that starts with values, then words and numbers
        ("", "甲1乙"),  # numbers inside words
        ("", "1年 "),  # dates
        ("1 ", "a 1 "),  # a long head of values, then numbers between words: the head is scanned once
    ],
)
def test_table_four_scan_is_linear_in_line_length(head: str, unit: str) -> None:
    def make(n: int) -> str:
        return _TABLE4 + head * n + unit * n + "\n"

    def scan(text: str) -> object:
        return _values._stretches(text, 0, len(text))

    assert _growth(make, scan, 1000) < 8


def test_a_long_table_four_section_parses_in_linear_time() -> None:
    def make(n: int) -> str:
        return _TABLE4 + "1 2 3 a " * n + "\n"

    assert _growth(make, gd.parse_text, 2000) < 8


def test_a_run_is_cut_only_into_the_cell_counts_that_fill_the_row(monkeypatch: pytest.MonkeyPatch) -> None:
    tried: list[tuple[str, int]] = []
    real = _split._parts

    def parts(digits: str, k: int) -> tuple[tuple[str, ...], ...]:
        tried.append((digits, k))
        return real(digits, k)

    monkeypatch.setattr(_split, "_parts", parts)
    # 17 digits for a row of 15 cells: only 15 pieces can fill it (not every count from 1 to 15).
    found = _split.readings(["10000100000000011"], [ColumnKind.COUNT] * 15)
    assert found is not None
    assert all(len(r) == 15 for r in found)
    assert tried == [("10000100000000011", 15)]
    # Two runs for 5 cells: "1234" may give 1..4 cells, but "56" at most 2, so "1234" gives 3 or 4.
    tried.clear()
    _split.readings(["1234", "56"], [ColumnKind.COUNT] * 5)
    assert sorted({k for d, k in tried if d == "1234"}) == [3, 4]
    assert {k for d, k in tried if d == "56"} <= {1, 2}


def test_a_run_is_split_once_however_often_it_is_read() -> None:
    _split._parts.cache_clear()
    for _ in range(5):
        _split.readings(["120340"], [ColumnKind.COUNT] * 4)
    info = _split._parts.cache_info()
    assert info.misses == 1
    assert info.hits == 4
