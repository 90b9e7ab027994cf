"""A text report's stream, read straight from its lines, is the stream of its Document.

The parser lays a text report out for the recognizer without making the Document
(``TextLayout``); ``Parsed.document`` makes it when first read. Both must give the same
stream: the same text, and every offset the same location, line and column.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govdisclosure as gd
from govdisclosure.parse import Paragraph
from govdisclosure.parse.readers._text import read_text
from govdisclosure.parse.recognizer._stream import TextLayout, _Stream

FIXTURES = Path(__file__).parent / "fixtures"


def _same_stream(text: str) -> None:
    layout = TextLayout(text, "x.txt")
    doc = read_text(text, "x.txt")
    a, b = _Stream(layout), _Stream(doc)
    assert a.raw == b.raw
    assert a.text == b.text
    assert a.keys == b.keys
    assert a.cut == b.cut  # how the source ends, said by each from the same text
    for i in range(len(a.text) + 1):
        assert a.loc(i) == b.loc(i), i
        assert a.where(i) == b.where(i), i
        assert a.from_text(i) == b.from_text(i), i
    for i in range(0, len(a.text) + 1, 7):
        assert a.snippet(i, min(i + 11, len(a.text))) == b.snippet(i, min(i + 11, len(a.text)))
    content = any(
        blk.text.strip() if isinstance(blk, Paragraph) else any(c.text.strip() for r in blk.rows for c in r)
        for blk in doc.blocks
    )
    chars = sum(
        len(blk.text) if isinstance(blk, Paragraph) else sum(len(c.text) for r in blk.rows for c in r)
        for blk in doc.blocks
    )
    assert (layout.has_content, layout.chars) == (content, chars)
    assert layout.document == doc


@pytest.mark.parametrize("path", sorted(FIXTURES.rglob("*.txt")), ids=lambda p: p.name)
def test_the_layout_of_every_text_fixture_is_its_documents_stream(path: Path) -> None:
    _same_stream(path.read_bytes().decode("utf-8", "replace"))


_SEPARATORS = [
    "|",
    "||",
    "\t",
    " ",
    "　",
    "\u200b",
    "\ufeff",
    "\n",
    "\r\n",
    "\n\n",
    "\n\n\n\n",
    "  \n",
    "\u00a0",
    "\x0c",
    "\u2028",
]
_WORDS = ["# ", "## 一、", "— 5 —", "|---|---|", "第 2 页", "12", "0", "规章", "（一）予以公开", "-", "P. 3"]
_PIECES = st.sampled_from([*_SEPARATORS, *_WORDS])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_the_layout_of_any_text_is_its_documents_stream(text: str) -> None:
    _same_stream(text)


def test_parsed_document_is_made_when_read_and_equals_the_readers() -> None:
    path = FIXTURES / "pipe-2019.txt"
    parsed = gd.parse(path)
    doc, _ = gd.read_document(path)
    assert parsed.document == doc
    assert parsed.document is parsed.document  # made once
    again = pickle.loads(pickle.dumps(gd.parse(path)))  # pickled as the Document itself
    assert again.document == doc
    assert again == parsed


def test_a_layout_over_the_cell_bound_is_refused_as_the_reader_refuses_it() -> None:
    text = "| 1 | 2 | 3 |\n" * 10
    with pytest.raises(gd.InputTooLargeError) as reader:
        read_text(text, max_cells=20)
    with pytest.raises(gd.InputTooLargeError) as layout:
        TextLayout(text, max_cells=20)
    assert str(reader.value) == str(layout.value)


def test_empty_lines_past_the_first_are_empty_paragraphs_in_single_spaced_text_only() -> None:
    # A copy with a cell on each line, rows apart by an empty line: a row of empty cells leaves a
    # run of empty lines, kept as empty paragraphs (past the first). In a text spaced by empty
    # lines throughout, empty lines are layout only.
    row = "\n".join(["（一）予以公开", *"4100005"]) + "\n\n"
    blank = "7.属于行政执法案卷\n" + "\n" * 8
    text = row * 3 + blank + row
    empty = [b for b in read_text(text).blocks if isinstance(b, Paragraph) and not b.text]
    assert len(empty) == 7
    _same_stream(text)
    spaced = text.replace("\n", "\n\n")
    assert all(not isinstance(b, Paragraph) or b.text for b in read_text(spaced).blocks)
    _same_stream(spaced)
