"""A row label cut by a ruling line into two cells, one character of it misread (a scan's OCR,
a mirror's conversion): the row is read, marked approximate; two misread characters are not.

The fixture is the shipped sample with rows typed over by hand, as github-013 printed and
scanned at 300 dpi read: 二、上年结转政府信息公开日 | 请数量 (申 read as 日, the label cut after
it) and 3.要求提供公开出版 | 勿 (物 read as 勿 in a cell of its own).
"""

from __future__ import annotations

from importlib import resources

import govdisclosure as gd

SAMPLE = resources.files("govdisclosure.examples").joinpath("sample-2021.txt").read_text("utf-8")
CARRIED = "| 二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |"
PUBLICATION = "| | | 3.要求提供公开出版物 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"


def test_a_cut_label_with_one_character_misread_is_read_and_marked_approximate() -> None:
    assert CARRIED in SAMPLE
    assert PUBLICATION in SAMPLE
    text = SAMPLE.replace(CARRIED, "| 二、上年结转政府信息公开日 | 请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |").replace(
        PUBLICATION, "| | | 3.要求提供公开出版 | 勿 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"
    )
    parsed = gd.parse_text(text)
    requests = parsed.report.requests  # type: ignore[union-attr]
    assert (requests.carried_over.natural_person, requests.carried_over.total) == (1, 1)
    assert requests.not_processed.publication.total == 0
    fuzzy = {c for d in parsed.diagnostics if d.code == "fuzzy-label" for c in d.cells}
    assert {"requests.carried_over.total", "requests.not_processed.publication.total"} <= fuzzy
    assert parsed.provenance["requests.carried_over.total"].fuzzy


def test_two_characters_misread_leave_the_row_unread_and_named() -> None:
    parsed = gd.parse_text(
        SAMPLE.replace(CARRIED, "| 二、上年结转政府信息公开日 | 请数字 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |")
    )
    assert parsed.report.requests.carried_over.total is None  # type: ignore[union-attr]
    assert "requests.carried_over.total" in {c for d in parsed.diagnostics for c in d.cells}
    assert [f for f in gd.check(parsed) if f.severity is gd.Severity.ERROR] == []


def test_a_cut_label_past_an_empty_cell_four_characters_long_is_read() -> None:
    # github-013 at 300 dpi after the OCR speed-up: 上年结转政府信息公开 |  | 日请数量 (the cut
    # piece four characters long, 申 read as 日, an empty cell between the pieces)
    text = SAMPLE.replace(CARRIED, "| 二、上年结转政府信息公开 |  | 日请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |")
    parsed = gd.parse_text(text)
    requests = parsed.report.requests  # type: ignore[union-attr]
    assert (requests.carried_over.natural_person, requests.carried_over.total) == (1, 1)
    assert parsed.provenance["requests.carried_over.total"].fuzzy


def test_a_prose_piece_after_a_label_is_not_taken_for_its_cut_end() -> None:
    # five characters, or two of them foreign: not a piece of the label
    for piece in ("日请数量表", "日清数量"):
        text = SAMPLE.replace(CARRIED, f"| 二、上年结转政府信息公开 | {piece} | 1 | 0 | 0 | 0 | 0 | 0 | 1 |")
        parsed = gd.parse_text(text)
        assert parsed.report.requests.carried_over.total is None  # type: ignore[union-attr]
        assert "requests.carried_over.total" in {c for d in parsed.diagnostics for c in d.cells}
