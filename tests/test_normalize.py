"""Number reading and label normalisation, with hypothesis."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

import govdisclosure as gd
from govdisclosure.parse import read_number
from govdisclosure.parse._normalize import fold, label_key

FULLWIDTH = str.maketrans("0123456789+-.,", "０１２３４５６７８９＋－．，")


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_integers_read_back(n: int) -> None:
    num = read_number(str(n))
    assert num is not None
    assert num.value == n
    # full-width digits fold to the same number
    folded = fold(str(n).translate(FULLWIDTH)).text
    num2 = read_number(folded)
    assert num2 is not None
    assert num2.value == n


@given(st.integers(min_value=1000, max_value=10**12))
def test_thousands_separators(n: int) -> None:
    num = read_number(f"{n:,}")
    assert num is not None
    assert num.value == n


@given(
    st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(["元", "万元", ""]),
)
def test_money_read_back(d: Decimal, unit: str) -> None:
    num = read_number(f"{d}{unit}")
    assert num is not None
    assert num.value == d
    assert num.unit == (unit or None)


@given(st.text(alphabet="/-—xy 年", min_size=1, max_size=5))
def test_non_numbers_are_not_numbers(s: str) -> None:
    assert read_number(s) is None or s.strip().lstrip("+-").strip().isdigit()


LABELS = [
    "本年新收政府信息公开申请数量",
    "3.危及“三安全一稳定”",
    "（二）部分公开",
    "其他对外管理服务事项",
    "行政事业性收费",
]


@given(st.sampled_from(LABELS), st.lists(st.sampled_from([" ", "\u3000", "\t"]), max_size=3), st.randoms())
def test_label_key_ignores_spaces_and_width(label: str, spaces: list[str], rnd: object) -> None:
    chars = list(label)
    for sp in spaces:
        chars.insert(rnd.randrange(len(chars) + 1), sp)  # type: ignore[attr-defined]
    spaced = "".join(chars)
    ascii_punct = spaced.replace("（", "(").replace("）", ")").replace("“", '"').replace("”", '"')
    assert label_key(spaced) == label_key(label) == label_key(ascii_punct)


def test_traditional_and_pinyin_glosses_fold() -> None:
    assert label_key("行政處罰") == label_key("行政处罚")
    assert fold("年報(bào)項(xiàng)").text == "年报项"
    assert label_key("規範性文件") == label_key("规范性文件")


@given(st.text(max_size=200))
def test_fold_keeps_an_offset_for_every_character(s: str) -> None:
    f = fold(s)
    assert len(f.offsets) == len(f.text)
    assert all(0 <= o < max(1, len(s)) for o in f.offsets)
    assert list(f.offsets) == sorted(f.offsets)  # a range when every folding was one for one


@given(st.text(max_size=300))
def test_parse_never_crashes_on_text(s: str) -> None:
    try:
        parsed = gd.parse_text(s)
    except gd.ParseError:
        return
    gd.check(parsed)
    gd.to_json(parsed.report)


_FOLDED_CHARS = st.text(
    alphabet=st.sampled_from(
        "０９ＡＺａｚ（），。、《》〈〉“”‘’【】〔〕－−–﹣\u00a0\u3000\u2002\u2003年度报告|\t\n 12,.()"
    ),
    max_size=200,
)


@given(_FOLDED_CHARS)
def test_char_mappers_equal_str_translate(text: str) -> None:
    from govdisclosure.parse._normalize import _ONE_TO_ONE, _one_to_one
    from govdisclosure.parse.recognizer._stream import KEY_FOLD, key_text

    assert _one_to_one(text) == text.translate(_ONE_TO_ONE)
    assert key_text(text) == text.translate(KEY_FOLD)
    assert len(key_text(text)) == len(text)
