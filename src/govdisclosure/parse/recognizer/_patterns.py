"""Regexes built from the template's one label table: row labels, group labels, section headings."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

import attrs

from ...schema import SECTIONS, ColumnKind, Edition, RowSpec, TableSpec, table_specs
from ...schema._labels import REGIONAL_WORDS
from .._normalize import fold
from ._stream import _CN_NUM, _GAP, _PUNCT, key_text


# --------------------------------------------------------------------------- label patterns
def _chars(label: str) -> list[str]:
    """A label's characters as escaped regex pieces, punctuation dropped."""
    return [re.escape(c) for c in key_text(fold(label, simplify=False).text) if not re.match(f"[{_PUNCT}]", c)]


_NOTE = re.compile(r"（[^（）]*）")


def bare_label(label: str) -> str:
    """A template label without its notes in brackets: 部分公开 for 部分公开（区分处理的，…）."""
    return _NOTE.sub("", label)


def _body_pattern(label: str) -> str:
    """A label as a regex: punctuation optional, spaces and line breaks allowed between characters."""
    return _GAP.join(_chars(label))


def _numbering_pattern(numbering: str) -> str:
    n = fold(numbering, simplify=False).text.strip()
    m = re.fullmatch(r"\((.)\)", n)
    if m:
        # （六） also printed as 6. / 6、 (a report or a conversion that renumbered the list)
        digit = "一二三四五六七八九".find(m.group(1)) + 1
        alt = rf"|{digit}\s*[.、]" if digit else ""
        return rf"(?:[(]\s*{m.group(1)}\s*[)]{alt})[\s,.]*"
    m = re.fullmatch(r"(.)[、.]", n)
    if m and m.group(1).isdigit():
        # after a digit, only with its point ('00000002.其他法律…', text run together): the last
        # digit of a number is none ('行政许可 8 5 93⏎其他对外管理服务事项' holds no '3.其他')
        d = m.group(1)
        return rf"{d}(?:(?<![\d.]{d})\s*[,.]?|\s*[,.])\s*"
    if m:
        return rf"{re.escape(m.group(1))}\s*[,.]?\s*"
    return re.escape(n)


# After a label: closing quotes, then an optional note in parentheses, which PDF text may
# wrap over lines (but never holding numbers: those would be the row's values, nor only an
# ordinal: '3.其他⏎(七)总计' is the next row's numbering, not 3.其他's note).
_TAIL = rf"[)\"'」』]*(?:\s*[(](?!\s*[{_CN_NUM}]+\s*[)])[^()|\d]{{0,240}}[)])?"
_PREFIX = 6  # a long label is known by its first characters; the rest may wrap around the values


@attrs.frozen
class _LabelHit:
    start: int
    end: int
    row: RowSpec | None  # None: a group or header label carrying no numbers


def _label_pattern(label: str) -> str:
    """A row label as a regex: its note in parentheses left to _TAIL, and a long label matched
    by its first characters with the rest optional (PDF text wraps it around the values)."""
    chars = _chars(bare_label(label))
    if len(chars) <= _PREFIX + 2:
        return _GAP.join(chars)
    # head, then each further character optional in turn: the longest prefix printed is taken
    tail = ""
    for c in reversed(chars[_PREFIX:]):
        tail = f"(?:{_GAP}{c}{tail})?"
    return _GAP.join(chars[:_PREFIX]) + tail


def _regional(labels: Iterable[str]) -> list[str]:
    """The labels, and each as a mirror site converting to another regional usage prints it."""
    out = []
    for label in labels:
        out.append(label)
        for word, others in REGIONAL_WORDS.items():
            if word in label:
                out += [label.replace(word, o) for o in others]
    return out


def _row_regex(row: RowSpec) -> list[list[str]]:
    """Per label variant, its forms in the order tried: with its numbering, then (unless the
    row is generic) without it. Each form is tried as an alternative of its own."""
    num = _numbering_pattern(row.numbering) if row.numbering else ""
    out = []
    for body in sorted(_regional((row.label, *row.variants)), key=len, reverse=True):
        body_re = _label_pattern(body)
        if row.generic or not num:
            out.append([f"{num}{body_re}"])
        else:
            out.append([f"{num}{body_re}", body_re])
    return out


_FIRST_ATOM = re.compile(r"\\.|\[(?:\\.|[^\]\\])+\]|[^\\\[(?*+{|]")


def _lead_literal(pattern: str, name: str) -> str:
    """``pattern`` as a named group, with its first character (or character class) put in
    front of the group: an alternative that starts with a literal is skipped by the regex
    engine at once where that character is not, instead of being entered."""
    m = _FIRST_ATOM.match(pattern)
    if m is None or pattern[m.end() : m.end() + 1] in ("?", "*", "+", "{"):
        return f"(?P<{name}>{pattern})"
    return f"{m.group(0)}(?P<{name}>{pattern[m.end() :]})"


_GROUP_EXTRA = (
    rf"第\s*二十\s*条\s*第?\s*[(]\s*[{_CN_NUM}]+\s*[)]\s*项",
    r"信\s*息\s*内\s*容",
    r"申\s*请\s*人\s*情\s*况",
)


class _TableMatcher:
    """A compiled scanner for one table's row labels (and its group labels)."""

    def __init__(self, table: TableSpec) -> None:
        self.table = table
        # a table of counts only: a minus apart from its digits is a dash (see _scan_values)
        self.unsigned = not any(c.kind is ColumnKind.SIGNED for row in table.rows for c in row.columns)
        alts: list[tuple[int, list[str], int]] = []  # (length hint, forms, row index or -1)
        for i, row in enumerate(table.rows):
            for forms in _row_regex(row):
                alts.append((len(forms[0]), forms, i))
        for g in table.group_labels:
            num, _, body = g.partition("）") if "）" in g else ("", "", g)
            if num:
                pat = _numbering_pattern(num + "）") + _body_pattern(body)
            else:
                m = re.match(r"(.)、(.*)", g)
                pat = _numbering_pattern(m.group(1) + "、") + _body_pattern(m.group(2)) if m else _body_pattern(g)
            alts.append((len(pat), [pat], -1))
        for pat in _GROUP_EXTRA:
            alts.append((len(pat), [pat], -1))
        alts.sort(key=lambda a: -a[0])
        self._index: dict[str, int] = {}
        parts = []
        for k, (_, forms, idx) in enumerate(alts):
            for j, pat in enumerate(forms):
                name = f"g{k}_{j}"
                parts.append(_lead_literal(pat + (_TAIL if idx >= 0 else ""), name))
                self._index[name] = idx
        # Every alternative starts with one of these characters: a lookahead lets the regex
        # engine skip the other positions at once instead of trying each alternative there.
        first = {"第", "信", "申"}  # _GROUP_EXTRA
        for row in table.rows:
            for body in (row.label, *row.variants):
                first.add(fold(body, simplify=False).text[0])
            if row.numbering:
                first.add(fold(row.numbering, simplify=False).text.strip()[0])
        for g in table.group_labels:
            first.add(fold(g, simplify=False).text[0])
        lead = "".join(re.escape(c) for c in sorted(first))
        self.regex = re.compile(f"(?=[{lead}])(?:{'|'.join(parts)})")

    def hits(self, text: str, start: int, end: int) -> list[_LabelHit]:
        return list(self.iter_hits(text, start, end))

    def iter_hits(self, text: str, start: int, end: int) -> Iterator[_LabelHit]:
        """The hits one by one, for a caller that may stop at the first it wants."""
        rows, index = self.table.rows, self._index
        for m in self.regex.finditer(text, start, end):
            idx = index[m.lastgroup or ""]
            yield _LabelHit(m.start(), m.end(), rows[idx] if idx >= 0 else None)


_MATCHERS: dict[Edition, dict[str, _TableMatcher]] = {}


def _matchers(edition: Edition) -> dict[str, _TableMatcher]:
    if edition not in _MATCHERS:
        _MATCHERS[edition] = {t.id: _TableMatcher(t) for t in table_specs(edition) if t.id != "appeals"}
    return _MATCHERS[edition]


# --------------------------------------------------------------------------- sections
@functools.cache
def _section_regex() -> re.Pattern[str]:
    """Section headings; the section a match is of is ``section_of(m)``. Each wording is an
    alternative of its own, starting with its first character (see :func:`_lead_literal`)."""
    parts = []
    for s in SECTIONS:
        bodies = [_body_pattern(b) for b in sorted(_regional((s.heading, *s.variants)), key=len, reverse=True)]
        if s.id == "appeals":
            bodies.append(r"(?:因)?政府信息公开[^\n|]{0,14}?行政复议[^\n|]{0,10}?行政诉讼[^\n|]{0,4}?情况")
        if s.id == "problems":
            bodies.append(
                r"(?:政府信息公开)?(?:工作)?存在的?主要问题[^\n|。]{0,10}?(?:改进|整改)[^\n|。]{0,6}?(?:情况|措施)"
            )
        parts += [_lead_literal(b, f"{s.id}__{k}") for k, b in enumerate(bodies)]
    # A heading is numbered (一、) or starts a line; '(一)' sub-headings are not headings.
    first = {fold(h, simplify=False).text[0] for sec in SECTIONS for h in (sec.heading, *sec.variants)}
    lead = "".join(re.escape(c) for c in sorted(first | set(" \t#*" + _CN_NUM + "因政工存")))
    # Only where a heading can stand: a line's start, or a numeral (a match anywhere else is
    # dropped by the caller; excluding it here saves trying every wording at every character).
    return re.compile(
        rf"(?=[{lead}])(?:(?<![^\n])|(?=[ \t#*]*[{_CN_NUM}]))"
        rf"[ \t#*]*(?P<num>[{_CN_NUM}][\s]*[.,]\s*)?(?:{'|'.join(parts)})",
    )


def section_of(m: re.Match[str]) -> str:
    """The section id of a match of :func:`_section_regex`."""
    return (m.lastgroup or "").partition("__")[0]


_ORDER = [s.id for s in SECTIONS]
