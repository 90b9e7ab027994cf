"""Worst cases stay linear: the table-四 scan and digit-run splitting.

No wall-clock limit: each scan test times the same input shape at two sizes, in the
same process (best of three CPU times), and fails when four times the input costs
more than eight times as much (linear is about 4x; a quadratic scan is 16x).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

import govdisclosure as gd
from govdisclosure.parse.recognizer import _split, _values
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


def test_a_large_input_is_parsed_without_walking_the_heap_again_and_again() -> None:
    # issue 21: at 256 times a report's size, collections of the older generations (each walks
    # every object the parse holds so far) added 37-70% to the parse, growing with the input.
    import gc
    from pathlib import Path

    text = (Path(__file__).parent / "fixtures" / "pipe-2019.txt").read_text(encoding="utf-8") * 256
    before = gc.get_threshold()
    gd.parse_text(text[:5000])
    counts = [s["collections"] for s in gc.get_stats()]
    gd.parse_text(text)
    older = sum(s["collections"] - c for s, c in list(zip(gc.get_stats(), counts, strict=True))[1:])
    assert older <= 2  # with the default thresholds: 30 and more
    assert gc.get_threshold() == before  # the process's thresholds are put back


def test_collection_thresholds_are_restored_by_the_last_of_nested_or_concurrent_parses() -> None:
    import gc

    from govdisclosure.parse._gc import THRESHOLDS, few_collections

    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        with few_collections():
            assert gc.get_threshold() == THRESHOLDS
            with few_collections():
                assert gc.get_threshold() == THRESHOLDS
            assert gc.get_threshold() == THRESHOLDS  # the outer parse still runs
        assert gc.get_threshold() == (700, 10, 10)
        gc.set_threshold(0, 10, 10)  # collection disabled by the caller: left alone
        with few_collections():
            assert gc.get_threshold() == (0, 10, 10)
        gc.set_threshold(50_000, 30, 30)  # already higher: left alone
        with few_collections():
            assert gc.get_threshold() == (50_000, 30, 30)
    finally:
        gc.set_threshold(*before)


@given(
    st.lists(st.text("0123456789", min_size=1, max_size=6), min_size=1, max_size=5),
    st.lists(st.sampled_from(list(ColumnKind)), min_size=1, max_size=20),
    st.booleans(),
)
def test_a_run_of_one_digit_a_cell_is_read_as_the_search_reads_it(
    tokens: list[str], kinds: list[ColumnKind], fit: bool
) -> None:
    # readings takes the one reading of a run with as many digits as cells without searching;
    # whatever the tokens and kinds, it must be what the search finds.
    if fit:  # as many cells as digits: the case taken without searching
        kinds = (kinds * 30)[: sum(map(len, tokens))]
    assert _split.readings(tokens, kinds) == _split._search(tokens, kinds)
