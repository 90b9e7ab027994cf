"""A cell the parser printed-but-could-not-read is never counted as a blank 0 against the report.

The fixture is the shipped sample with one cell typed over by hand: 予以公开 / 自然人 is 6 in
the sample; here it is printed as something no count can be. The report's identities over
that cell cannot be checked (a notice naming it), where before they were errors saying
"blank cells counted as 0" for a value that is on the page.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

import govdisclosure as gd
from govdisclosure.rules._identities import LEFT_UNREAD

SAMPLE = resources.files("govdisclosure.examples").joinpath("sample-2021.txt").read_text("utf-8")
ROW = "| （一）予以公开 | 6 | 1 |"
CELL = "requests.granted.natural_person"


@pytest.mark.parametrize(
    ("printed", "code"),
    [("6.5", "not-a-count"), ("6666666666666666666666", "number-implausible")],
)
def test_a_printed_value_not_read_makes_its_identities_not_checkable(printed: str, code: str) -> None:
    assert ROW in SAMPLE
    parsed = gd.parse_text(SAMPLE.replace(ROW, f"| （一）予以公开 | {printed} | 1 |"))
    assert [d.code for d in parsed.diagnostics] == [code]
    assert parsed.report.requests.granted.natural_person is None  # type: ignore[union-attr]
    findings = gd.check(parsed)
    assert [f for f in findings if f.severity is gd.Severity.ERROR] == []
    over = [f for f in findings if f.rule in ("I2", "I3")]
    assert {f.rule for f in over} == {"I2", "I3"}  # its column's and its row's sums
    assert all(f.severity is gd.Severity.NOTICE and CELL in f.message_en for f in over)


def test_a_cell_printed_blank_is_still_counted_as_zero() -> None:
    # The same cell printed empty is the report's own blank: the identities count it as 0.
    parsed = gd.parse_text(SAMPLE.replace(ROW, "| （一）予以公开 | | 1 |"))
    errors = [f for f in gd.check(parsed) if f.severity is gd.Severity.ERROR]
    assert {f.rule for f in errors} == {"I2", "I3"}
    assert all("blank cells counted as 0" in f.message_en for f in errors)


def test_the_codes_that_leave_cells_unread_are_those_the_diagnostics_page_says() -> None:
    page = Path(__file__).resolve().parents[1] / "docs" / "reference" / "diagnostics.md"
    rows = re.findall(r"^\| `([a-z-]+)` \|.*\| left `None` \|$", page.read_text("utf-8"), re.M)
    assert frozenset(rows) == LEFT_UNREAD


def test_the_reviewers_page_draws_it_as_not_read_with_the_reason() -> None:
    from govdisclosure.serialize._check_output import _unread_reasons

    parsed = gd.parse_text(SAMPLE.replace(ROW, "| （一）予以公开 | 6.5 | 1 |"))
    assert [code for code, _ in _unread_reasons(parsed)[CELL]] == ["not-a-count"]
    blank = gd.parse_text(SAMPLE.replace(ROW, "| （一）予以公开 | | 1 |"))
    assert CELL not in _unread_reasons(blank)  # a printed blank stays a blank


# --- read, but placed by a guess ------------------------------------------------------------
TYPOS = Path(__file__).parent / "fixtures" / "hazards" / "label-typos-2021.txt"
CARRIED = "二、上年结专政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 1 | 3 |"  # 结专: a typo of 结转


def test_a_break_over_a_row_matched_by_a_near_label_is_not_blamed_on_the_report() -> None:
    text = TYPOS.read_text("utf-8")
    assert CARRIED in text
    # Its total typed as 4 where 2 + 1 is 3: the row's own sum breaks (I3), and column 总计 too.
    parsed = gd.parse_text(text.replace(CARRIED, CARRIED.replace("| 1 | 3 |", "| 1 | 4 |")))
    assert "requests.carried_over.total" in {c for d in parsed.diagnostics if d.code == "fuzzy-label" for c in d.cells}
    findings = [f for f in gd.check(parsed) if "requests.carried_over.total" in {c.id for c in f.cells}]
    i3 = [f for f in findings if f.rule == "I3"]
    assert len(i3) == 1
    assert i3[0].severity is gd.Severity.NOTICE
    assert (i3[0].expected, i3[0].actual) == (3, 4)  # still says what is printed and what it should be
    assert "placed by a guess" in i3[0].message_en
    assert [f for f in findings if f.severity is gd.Severity.ERROR] == []


def test_the_same_break_under_an_exact_label_is_an_error() -> None:
    text = TYPOS.read_text("utf-8").replace(CARRIED, CARRIED.replace("结专", "结转").replace("| 1 | 3 |", "| 1 | 4 |"))
    i3 = [f for f in gd.check(gd.parse_text(text)) if f.rule == "I3" and f.scope == "requests.carried_over"]
    assert [f.severity for f in i3] == [gd.Severity.ERROR]


# --- letters glued to digits ----------------------------------------------------------------
@pytest.mark.parametrize("printed", ["7l", "1O", "7a", "7 l", "7 x"])
def test_a_value_with_a_letter_glued_on_is_not_read_as_its_digits(printed: str) -> None:
    # 予以公开 / 总计 is 7 in the sample; '7l' may be 71 (l for 1), '1O' 10: never read as 7 or 1.
    row = "| （一）予以公开 | 6 | 1 | 0 | 0 | 0 | 0 | 7 |"
    assert row in SAMPLE
    parsed = gd.parse_text(SAMPLE.replace(row, row.replace("| 7 |", f"| {printed} |")))
    assert parsed.report.requests.granted.total is None  # type: ignore[union-attr]
    assert parsed.report.requests.granted.natural_person == 6  # type: ignore[union-attr]
    said = [d for d in parsed.diagnostics if "requests.granted.total" in d.cells]
    assert [d.code for d in said] == ["not-a-count"]
    assert printed in said[0].message_zh
    assert [f for f in gd.check(parsed) if f.severity is gd.Severity.ERROR] == []


def test_a_unit_glued_to_a_value_is_still_read() -> None:
    row = "| （一）予以公开 | 6 | 1 | 0 | 0 | 0 | 0 | 7 |"
    parsed = gd.parse_text(SAMPLE.replace(row, row.replace("| 7 |", "| 7件 |")))
    assert parsed.report.requests.granted.total == 7  # type: ignore[union-attr]


def test_an_html_cell_with_a_letter_for_a_digit_is_not_read() -> None:
    html = gd.render(gd.parse_text(SAMPLE).report, "html")
    assert isinstance(html, str)
    cut = html.index("（一）予以公开")
    at = html.index(">7<", cut)  # the row's 总计 cell
    parsed = gd.parse_bytes((html[:at] + ">7l<" + html[at + 3 :]).encode("utf-8"))
    assert parsed.report.requests.granted.total is None  # type: ignore[union-attr]
    assert "not-a-count" in {d.code for d in parsed.diagnostics}
