"""Prose: counts the report's own sentences state for table cells, used to settle digit runs.

A run the identities leave ambiguous (``行政规范性文件12341 2`` for three cells) may be
settled by what the report says of those cells in its prose (``本年度制发行政规范性文件12件，
废止3件，现行有效409件``). Only tight phrasings are read, each tied to one cell; a sentence
naming another year, or both 规章 and 规范性文件, says nothing here. A reading is taken only
when exactly one agrees with every cell the prose states; prose never overrides a cell read
with certainty.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["CLAIMED", "prose_claims"]

#: The cells prose may settle: a run holding none of them is not looked for in the prose.
CLAIMED = re.compile(r"^active\.(?:rules|normative_docs)\.|^requests\.(?:new|carried_over|carried_forward)\.total$")

_N = r"[^，,。；;0-9]{0,10}?(\d{1,7})\s*(?:件|个)"
_SENTENCE = re.compile(r"[^。；;！!？?\n]+")
_DIGIT = re.compile(r"\d")
_TOPIC = re.compile(r"规范性文件|规章|申请")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_DOC_VERBS = (
    ("issued", re.compile(rf"(?:制发|印发|制定|出台|新制发|新出台){_N}")),
    ("repealed", re.compile(rf"(?:废止|宣布失效|失效){_N}")),
    ("in_force", re.compile(rf"现行有效{_N}")),
)
_COUNT = r"\s*(\d{1,7})\s*件"
_REQUESTS = (
    (
        "requests.new.total",
        re.compile(
            r"(?:新收|收到)(?:各类|了)?(?:政府信息公开|依申请公开|信息公开)?的?申请(?:共计|共|合计|总计|数量为?)?"
            + _COUNT
        ),
    ),
    ("requests.carried_over.total", re.compile(r"上年(?:度)?结转(?:的)?(?:政府信息公开)?申请(?:共|共计)?" + _COUNT)),
    (
        "requests.carried_forward.total",
        re.compile(r"结转(?:至|到)?下一?年度?(?:继续)?(?:办理)?的?(?:申请)?(?:有|共)?" + _COUNT),
    ),
)


def prose_claims(text: str, year: int | None) -> Iterator[tuple[str, int, int, int]]:
    """(cell id, value, start, end) for each count the prose states: the offsets of its phrase.

    ``text`` is the report's prose (folded: ASCII digits and punctuation). A sentence that
    names a year other than ``year``, or says 含/包括/其中/累计 before a count, is skipped."""
    for sm in _SENTENCE.finditer(text):
        sentence = sm.group(0)
        if not _DIGIT.search(sentence) or not _TOPIC.search(sentence):
            continue
        years = {int(y) for y in _YEAR.findall(sentence)}
        if year is not None and years - {year}:
            continue
        if "规范性文件" in sentence or "规章" in sentence:
            rows = [r for r, w in (("rules", "规章"), ("normative_docs", "规范性文件")) if w in sentence]
            if len(rows) == 1:
                for col, pattern in _DOC_VERBS:
                    for m in pattern.finditer(sentence):
                        if re.search(r"含|包括|其中|累计", m.group(0)):
                            continue
                        yield f"active.{rows[0]}.{col}", int(m.group(1)), sm.start() + m.start(), sm.start() + m.end()
        if "申请" in sentence:
            for cid, pattern in _REQUESTS:
                for m in pattern.finditer(sentence):
                    if re.search(r"含|包括|其中", sentence[m.end() : m.end() + 6]):
                        continue
                    yield cid, int(m.group(1)), sm.start() + m.start(), sm.start() + m.end()
