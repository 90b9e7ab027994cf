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


_GLOSS_PIECES = st.lists(
    st.sampled_from(["區", "市", "(", ")", "qū", "qu", "a", "shì", " ", "1", "區(qū)", "(a)"]), max_size=30
)


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


def _without_lead(rx: re.Pattern[str], lead: str) -> re.Pattern[str]:
    """The pattern without the lookahead ``lead`` it opens with (as it was before this pass)."""
    assert rx.pattern.startswith(lead)
    return re.compile(rx.pattern[len(lead) :], rx.flags)


def _joined(*parts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(*parts).map("".join)


def _one_of(*words: str) -> st.SearchStrategy[str]:
    return st.sampled_from(words)


_SP = _one_of("", " ", "\t", "  ")
_JUNK = _one_of("", "示例局", "。", "\n", " ", "|", "1", "20", "年", "发", "关", "〇", "二")
# a signed date, a page's date line, a title's tail: each whole or cut, amid other characters
_SIGNED = _joined(
    *(_one_of("2022", "二〇二二", "1999", "〇〇一二", "202"), _SP, _one_of("年", ""), _SP),
    *(_one_of("1", "12", "一", "十二"), _SP, _one_of("月", ""), _SP, _one_of("10", "三十一", "一"), _SP),
    *(_one_of("日", ""), _one_of("", "附件", "打印", "x"), _SP, _one_of("\n", "", "x")),
)
_LINE_DATE = _joined(
    *(_one_of("", "\n", " ", "|", "x"), _one_of("发布时间", "发布", "发布于", "发"), _SP),
    *(_one_of(":", "：", "-"), _SP, _one_of("2022", "1999"), _one_of("-", "年", "/"), _one_of("1", "12")),
    *(_one_of("-", "月"), _one_of("10", "3")),
)
_TAIL = _joined(
    *(_one_of("", " ", "关于", " 关于 ", "\t", "关"), _one_of("2022", "1999", "203"), _SP, _one_of("年", "")),
    *(_one_of("", "度"), _SP, _one_of("政府信息公开", "政务公开", "信息公"), _one_of("工作", "", "工 作")),
    *(_one_of("年度", ""), _one_of("报告", "年报", "报")),
)
_DATE_PIECES = st.lists(st.one_of(_SIGNED, _LINE_DATE, _TAIL, _JUNK), max_size=6).map("".join)


@given(_DATE_PIECES, st.integers(0, 40))
@settings(max_examples=600, deadline=None)
def test_leading_lookaheads_change_no_match(text: str, pos: int) -> None:
    """The lookaheads put in front of the signed date, the page's date line and the title's tail
    say only which characters a match starts with: every match is the same."""
    from govdisclosure.parse import _dates

    rx = _dates._rx()
    for new, lead in (
        (rx["signed"], "(?=[12〇○零一二三四五六七八九Ｏ])"),
        (rx["line_date"], "(?=[ \\t|发])"),
        (_meta._TITLE_TAIL, "(?=[ \\t关12])"),
    ):
        old = _without_lead(new, lead)
        assert [(m.span(), m.groups()) for m in new.finditer(text, pos)] == [
            (m.span(), m.groups()) for m in old.finditer(text, pos)
        ]


@given(_DATE_PIECES)
@settings(max_examples=600, deadline=None)
def test_title_year_is_its_tails_amid_dates(text: str) -> None:
    """test_title_year_is_its_tails on texts holding whole titles' tails more often."""
    test_title_year_is_its_tails.hypothesis.inner_test(text)  # type: ignore[attr-defined]
