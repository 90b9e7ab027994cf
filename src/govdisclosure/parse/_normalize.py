"""Text normalisation for matching, keeping a map back to the original offsets.

Folds full-width forms (NFKC; circled numbers ①…⑳ before a label to ``1.``…``20.``), traditional
characters (OpenCC ``t2s``), curly quotes and dash variants, drops zero-width and direction marks
(U+200B–U+200F, U+2060, U+00AD, U+FEFF), and removes the pinyin glosses some mirror
sites insert after characters ("區(qū)").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence

__all__ = ["Folded", "fold", "label_key"]

_EXTRA = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‘": "'",
        "’": "'",
        "〔": "[",
        "〕": "]",
        "【": "[",
        "】": "]",
        "－": "-",
        "−": "-",
        "–": "-",
        "﹣": "-",
        "\u00a0": " ",
        "\u3000": " ",
        "\u200b": "",
        "\u200c": "",
        "\u200d": "",
        "\u200e": "",
        "\u200f": "",
        "\u2060": "",
        "\u00ad": "",
        "\ufeff": "",
        "\u2002": " ",
        "\u2003": " ",
        "\u3001": "、",
    }
)

# A gloss is a parenthesised pinyin syllable right after a Han character. (The Han character is
# looked behind from after the bracket: a pattern opening with a literal is searched for that
# character at once, one opening with a lookbehind tries every position; the same matches.)
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_GLOSS = re.compile(rf"\((?<=[\u4e00-\u9fff]\()([a-z{_TONED}]{{1,7}})\)")
_HAS_TONE = re.compile(f"[{_TONED}]")


@functools.lru_cache(maxsize=1)
def _t2s() -> object:
    import opencc

    return opencc.OpenCC("t2s")


def _to_simplified(text: str) -> str:
    conv = _t2s()
    out: str = conv.convert(text)  # type: ignore[attr-defined]
    if len(out) == len(text):
        return out
    # A phrase mapping changed the length: convert character by character.
    return "".join(c if len(c) == 1 else ch for ch, c in ((ch, conv.convert(ch)) for ch in text))  # type: ignore[attr-defined]


class Folded:
    """Normalised text plus, for each of its characters, the offset in the original."""

    __slots__ = ("offsets", "original", "text")

    def __init__(self, original: str, text: str, offsets: Sequence[int]) -> None:
        self.original = original
        self.text = text
        self.offsets = offsets

    def orig(self, i: int) -> int:
        """Original offset of normalised position ``i`` (end of text allowed)."""
        if i >= len(self.offsets):
            return len(self.original)
        return self.offsets[i]


@functools.lru_cache(maxsize=4096)
def _nfkc(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch).translate(_EXTRA)


# One-to-one foldings done with str.translate: full-width ASCII, the ideographic
# space, and the extra punctuation above. Anything else NFKC changes goes the slow way.
_ONE_TO_ONE: dict[int, int | str] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_ONE_TO_ONE.update({k: v for k, v in _EXTRA.items() if isinstance(v, str) and len(v) == 1})
_DROPPED = frozenset(k for k, v in _EXTRA.items() if v in ("", None))


def char_mapper(table: Mapping[int, int | str]) -> Callable[[str], str]:
    """``str.translate(table)`` for a table of one character for one, faster on CJK text:
    translate looks every character up in the table, this finds the few to change with
    one regex and replaces each with ``str.replace`` (about 7x less time on a report)."""
    pairs = {chr(k): v if isinstance(v, str) else chr(v) for k, v in table.items()}
    assert all(len(v) == 1 for v in pairs.values())
    findall = re.compile("[" + "".join(re.escape(c) for c in sorted(pairs)) + "]").findall

    def apply(text: str) -> str:
        for ch in set(findall(text)):
            text = text.replace(ch, pairs[ch])
        return text

    return apply


_one_to_one = char_mapper(_ONE_TO_ONE)


def fold(original: str, *, simplify: bool = True) -> Folded:
    """Normalise ``original`` for matching; see the module docstring.

    ``simplify=False`` skips the traditional-to-simplified step (for text known
    to be simplified already, such as the template's own labels).
    """
    text = _one_to_one(original)
    offsets: Sequence[int]
    if unicodedata.is_normalized("NFKC", text) and not any(chr(c) in text for c in _DROPPED):
        offsets = range(len(text))  # every folding so far was one character for one
    else:
        chars: list[str] = []
        mapped: list[int] = []
        for i, ch in enumerate(original):
            if ch.isascii() and ch != "\x00":
                chars.append(ch)
                mapped.append(i)
                continue
            folded = _nfkc(ch)
            if "\u2460" <= ch <= "\u2473" and "\u4e00" <= original[i + 1 : i + 2] <= "\u9fff":
                # ①…⑳ before a label ('①属于国家秘密'): an item number and its point, as '1.' is
                # printed, never a bare digit a count could be read from (NFKC gives '1'). A ①
                # alone (OCR's reading of a 0 with a dot in it) stays a digit, for the checks.
                folded += "."
            for c in folded:
                chars.append(c)
                mapped.append(i)
        text = "".join(chars)
        offsets = mapped
    if simplify and any("\u4e00" <= c <= "\u9fff" for c in text[:20000]):
        text = _to_simplified(text)
    if "(" in text and _GLOSS.search(text):
        keep: list[str] = []
        koff: list[int] = []
        pos = 0
        for m in _GLOSS.finditer(text):
            if not _HAS_TONE.search(m.group(1)):
                continue
            keep.append(text[pos : m.start()])
            koff.extend(offsets[pos : m.start()])
            pos = m.end()
        keep.append(text[pos:])
        koff.extend(offsets[pos:])
        text = "".join(keep)
        offsets = koff
    return Folded(original, text, offsets)


_NOT_KEY = re.compile(r"[\s\W_]+", re.UNICODE)


def label_key(text: str) -> str:
    """A label reduced to letters, digits and Han characters, folded: for comparing labels."""
    return _NOT_KEY.sub("", fold(text).text)
