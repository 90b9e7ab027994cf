"""How a table cell's lines are joined (HTML and Word readers): digits on both sides of a break
keep a space; everything else is joined as it is."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from govdisclosure.parse._document import join_cell_lines

pieces = st.lists(st.one_of(st.none(), st.text(alphabet="0123456789 行政许可件,.", max_size=6)), max_size=8)


@given(pieces)
def test_only_spaces_between_digits_across_a_break_are_added(parts: list[str | None]) -> None:
    joined = join_cell_lines(parts)
    plain = "".join(p for p in parts if p is not None)
    assert joined.replace(" ", "") == plain.replace(" ", "")
    assert len(joined) - len(plain) == joined.count(" ") - plain.count(" ")
    if None not in parts:
        assert joined == plain


def test_examples() -> None:
    assert join_cell_lines(["2", None, "7"]) == "2 7"  # <p>2</p><p>7</p>: asked by the recognizer
    assert join_cell_lines(["1", "2"]) == "12"  # spans or runs: one number
    assert join_cell_lines(["行政规范性", None, "文件"]) == "行政规范性文件"  # a label wrapped
    assert join_cell_lines(["12", None, None, "件"]) == "12件"
    assert join_cell_lines(["3", None, " ", None, "4"]) == "3 4"  # an empty line between
    assert join_cell_lines([None, "5", None]) == "5"
    assert join_cell_lines(["下载_36", None, "5bet"]) == "下载_365bet"  # a label's digits: run on
    assert join_cell_lines(["25", None, "1000元"]) == "251000元"


def test_a_pdf_cells_lines_run_on_and_its_words_apart_keep_a_space() -> None:
    from govdisclosure.parse._document import join_cell_words

    assert join_cell_words([["25"], ["1000元"]]) == "251000元"  # a number wrapped in a narrow column
    assert join_cell_words([["行政规范性"], ["文件"]]) == "行政规范性文件"
    assert join_cell_words([["3", "5"]]) == "3 5"  # two numbers apart on one line: asked
    assert join_cell_words([["1", "208"], ["元"]]) == "1208元"  # with its unit: an amount, run on
    assert join_cell_words([["信息", "内容"]]) == "信息内容"
    assert join_cell_words([]) == ""
    # a break with room to spare (the reader says which): joined as a typed break is
    assert join_cell_words([["3"], ["5"]], hard={0}) == "3 5"
    assert join_cell_words([["12"], ["34"], ["5"]], hard={1}) == "1234 5"
    assert join_cell_words([["25"], ["1000元"]], hard={0}) == "251000元"  # with a unit: run on
    assert join_cell_words([["行政规范性"], ["文件"]], hard={0}) == "行政规范性文件"


def test_a_break_with_room_to_spare_is_told_by_the_cells_width() -> None:
    from govdisclosure.parse._document import hard_breaks

    # (x0, top, x1, bottom) of each word, line by line; characters 10 high and 6 wide
    def digits(x: float, top: float, n: int) -> tuple[float, float, float, float]:
        return (x, top, x + 6 * n, top + 10)

    # left-aligned in a cell 100 wide, padding 4: '12' over '5' would have fitted on one line
    assert hard_breaks([[digits(4, 0, 2)], [digits(4, 12, 1)]], (0, 0, 100, 30)) == {0}
    # centred in a cell 250 wide: no line comes near the sides; the padding is taken as a character's
    # height at most, and '3' over '5' would have fitted
    assert hard_breaks([[digits(122, 0, 1)], [digits(122, 12, 1)]], (0, 0, 250, 30)) == {0}
    # a number wrapped in a cell 22 wide: each line fills it to its padding (2), a wrap
    assert hard_breaks([[digits(2, 0, 3)], [digits(2, 12, 3)], [digits(2, 24, 1)]], (0, 0, 22, 40)) == set()
    # the last line short and centred, the first filling the cell: still a wrap
    assert hard_breaks([[digits(3, 0, 4)], [digits(9, 12, 2)]], (0, 0, 30, 30)) == set()
    assert hard_breaks([[digits(4, 0, 2)]], (0, 0, 100, 30)) == set()  # one line: nothing to tell
