"""Issue 21's fourth text pass: each shortcut gives what the code it replaced gave.

Every test here holds a faster form equal to the slower one it stands for, on texts made of
the pieces that decide either (the outputs on the corpus and fixtures are compared apart, by
the regression dump and benchmarks/same_outputs.py).
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from govdisclosure.parse import _meta, _normalize

# Pieces of a title and what stands around one: names, 关于, years, spaces, the report's words.
_TITLE_PIECES = st.lists(
    st.sampled_from(
        [
            "示例镇",
            "人民政府",
            "(",
            "）",
            "关",
            "于",
            "关于",
            " ",
            "\t",
            "\n",
            "2023",
            "2019",
            "1999",
            "203",
            "年",
            "度",
            "政府信息公开",
            "政务公开",
            "工作",
            "年度",
            "报告",
            "年报",
            "，",
            "1",
            "0",
        ]
    ),
    max_size=40,
).map("".join)


@given(_TITLE_PIECES)
@settings(max_examples=400, deadline=None)
def test_title_year_is_its_tails(text: str) -> None:
    """find_year's title anywhere: the year of _TITLE's first match is that of its tail's."""
    whole = _meta._TITLE.search(text)
    tail = _meta._TITLE_TAIL.search(text)
    assert (whole is None) == (tail is None)
    if whole is not None and tail is not None:
        assert whole.group("year") == tail.group("year")


@given(st.text(alphabet="ab*_ \t", max_size=12))
def test_line_suffix_is_rstrip(line: str) -> None:
    """_meta._lines: a trailing run of * and _ removed as the regex it replaces removed it."""
    line = line.strip()
    assert line.rstrip("*_") == re.sub(r"[*_]+$", "", line)


_GLOSS_BEFORE = re.compile(rf"(?<=[\u4e00-\u9fff])\(([a-z{_normalize._TONED}]{{1,7}})\)")


_GLOSS_PIECES = st.lists(st.sampled_from(["區", "市", "(", ")", "qū", "qu", "a", "shì", " ", "1", "（"]), max_size=30)


@given(_GLOSS_PIECES.map("".join))
@settings(max_examples=400, deadline=None)
def test_gloss_matches_as_before(text: str) -> None:
    """_normalize._GLOSS, the Han character looked behind from after the bracket: the same matches."""
    got = [(m.span(), m.group(1)) for m in _normalize._GLOSS.finditer(text)]
    assert got == [(m.span(), m.group(1)) for m in _GLOSS_BEFORE.finditer(text)]


@given(st.text(alphabet="0123456789.x |\n", max_size=30), st.integers(0, 30), st.integers(0, 30))
@settings(max_examples=400, deadline=None)
def test_number_matches_as_before(text: str, pos: int, endpos: int) -> None:
    """account_numbers' _NUMBER, the character before looked behind from after the first digit."""
    from govdisclosure.parse.recognizer._rows import _NUMBER

    before = re.compile(r"(?<![\d.])\d+(?:\.\d+)?")
    assert [m.span() for m in _NUMBER.finditer(text, pos, endpos)] == [
        m.span() for m in before.finditer(text, pos, endpos)
    ]
