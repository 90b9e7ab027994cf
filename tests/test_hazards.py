"""Issue 8: every layout and hazard read off a fixture of our own (``fixtures/hazards/``).

Each fixture is written by ``fixtures/hazards/make_hazards.py`` (its docstrings say what
real layout each one is modelled on) and prints numbers typed by hand in ``truth.py``
or ``hazard_truth.py``. A test compares every cell with those numbers, looks for the
diagnostic the hazard calls for, and runs ``gd.check`` on the consistent ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import govdisclosure as gd
from govdisclosure import Money
from govdisclosure.serialize import cell_value_json
from hazard_truth import BLANKS, MIXED19, MIXED21

from truth import APPEAL_COLS, REQ_COLS, T19, T21

HAZARDS = Path(__file__).parent / "fixtures" / "hazards"


def _parse(name: str) -> gd.Parsed:
    return gd.parse(HAZARDS / name)


def _wrong(parsed: gd.Parsed, truth: dict[str, Any], ignore: tuple[str, ...] = ()) -> dict[str, tuple[Any, Any]]:
    """Cells whose value differs from ``truth`` (every cell id of the edition, but ``ignore``)."""
    got = gd.cells(parsed.report)
    want = {k: cell_value_json(v) for k, v in truth.items()}
    wrong = {k: (v, got.get(k)) for k, v in want.items() if got.get(k) != v and k not in ignore}
    assert set(got) == set(want)
    return wrong


def _codes(parsed: gd.Parsed) -> set[str]:
    return {d.code for d in parsed.diagnostics}


def _errors(parsed: gd.Parsed) -> list[gd.Finding]:
    return [f for f in gd.check(parsed) if f.severity is gd.Severity.ERROR]


def _only(truth: dict[str, Any], prefixes: tuple[str, ...], **meta: Any) -> dict[str, Any]:
    """``truth`` with every cell outside ``prefixes`` null (a page that shows part of a report)."""
    out = {k: (v if k.startswith(prefixes) else None) for k, v in truth.items() if not k.startswith("meta.")}
    return {**{f"meta.{k}": v for k, v in meta.items()}, **out}


# --------------------------------------------------------------------------- whole reports read
READ_WHOLE = [
    # (fixture, truth, hazard) — every cell as typed, no error finding
    ("no-headings-2021.txt", {**T21, "meta.year": None, "meta.agency": None}, "1: no heading, no title"),
    ("no-headings-2019.txt", T19, "1: 2019 tables without headings are not legacy"),
    ("rows-before-heading-2021.txt", T21, "2: table 二 before the first heading"),
    ("heading-words-2021.txt", T21, "4: headings with extra/other words"),
    ("heading-typos-2019.txt", T19, "4: headings misspelt"),
    ("heading-pre2019-2019.txt", T19, "4: pre-2019 headings around 2019 tables"),
    ("prose-summary-2019.txt", T19, "5: prose summary between heading and table"),
    ("separator-blanks-2019.txt", BLANKS, "8: blank cells as separator-only lines"),
    ("stray-char-2019.txt", T19, "9: a stray ? among a row's values"),
    ("mixed-2021-one-row.txt", MIXED21, "13: （六） as one row in a 2021 report"),
    ("mixed-2019-three-rows.txt", MIXED19, "13: （六） as three sub-rows in a 2019 report"),
]


@pytest.mark.parametrize(("name", "truth", "hazard"), READ_WHOLE, ids=[c[0] for c in READ_WHOLE])
def test_hazard_reads_every_cell(name: str, truth: dict[str, Any], hazard: str) -> None:
    parsed = _parse(name)
    assert _wrong(parsed, truth) == {}, hazard
    assert _errors(parsed) == []


def test_mid_table_page() -> None:
    """3: a page starting at `四、结转下年度继续办理 0 0 0 0 0 0 0`, then table 四 and 五/六."""
    parsed = _parse("mid-table-2019.txt")
    got = gd.cells(parsed.report)
    assert [got[f"requests.carried_forward.{c}"] for c in REQ_COLS] == [0] * 7
    review = (1, 0, 0, 0, 1)
    assert [got[f"appeals.review.{c}"] for c in APPEAL_COLS] == list(review)
    assert [got[f"appeals.litigation_direct.{c}"] for c in APPEAL_COLS] == [0] * 5
    assert [got[f"appeals.litigation_after_review.{c}"] for c in APPEAL_COLS] == [0] * 5
    assert got["requests.new.total"] is None
    assert got["meta.edition"] != "legacy"  # table 四 is the template's own
    assert "table-missing" in _codes(parsed)
    assert _errors(parsed) == []
    # The page starts inside table 三: the rows before 四、结转下年度 are on the page before,
    # not removed from the template (C1 says the start may be cut; no C2 for those rows).
    found = gd.check(parsed)
    assert not [f for f in found if f.rule == "C2"]
    assert [f.scope for f in found if f.rule == "C1"] == ["sections:start"]


def test_prose_summary_is_not_the_table() -> None:
    """5: `予以公开4件，部分公开1件` in the prose must not take the rows, nor drop the real ones."""
    parsed = _parse("prose-summary-2019.txt")
    assert "duplicate-row" not in _codes(parsed)
    line = (HAZARDS / "prose-summary-2019.txt").read_text(encoding="utf-8").splitlines()
    loc = parsed.provenance["requests.granted.total"].location
    assert loc.line is not None
    assert line[loc.line - 1].startswith("三、本年度办理结果 | （一）予以公开")


# --------------------------------------------------------------------------- 6. edition marks
def test_edition_from_requests_alone() -> None:
    """6: no table 二; table 三 prints （六） as three sub-rows: the 2021 edition."""
    parsed = _parse("edition-from-requests-2021.txt")
    truth = _only(T21, ("requests.", "appeals."), edition="2021", year=2023, agency="示例市河西区城市管理局")
    assert _wrong(parsed, truth) == {}
    assert _errors(parsed) == []


def test_edition_from_table_two_printed_last() -> None:
    """6: table 二's 2021 header found after tables 三 and 四 (（六） printed as one row)."""
    parsed = _parse("edition-late-2021.txt")
    assert _wrong(parsed, MIXED21) == {}
    assert _errors(parsed) == []


def test_no_headings_2019_is_not_legacy() -> None:
    parsed = _parse("no-headings-2019.txt")
    assert gd.cells(parsed.report)["meta.edition"] == "2019"
    assert "legacy-layout" not in _codes(parsed)


def test_legacy_only_without_any_template_mark() -> None:
    parsed = _parse("legacy-2017.txt")
    assert gd.cells(parsed.report)["meta.edition"] == "legacy"
    assert "legacy-layout" in _codes(parsed)
    assert "ambiguous-run" not in _codes(parsed)


# --------------------------------------------------------------------------- 7. HTML fragment
def test_html_fragment_after_many_kb_of_prose() -> None:
    data = (HAZARDS / "fragment-2021.html").read_bytes()
    assert data.lstrip().startswith(b"<p ")
    assert b"<html" not in data
    assert b"<body" not in data
    assert b"<meta" not in data
    assert data.index(b"<table") > 8000
    parsed = gd.parse(data)
    assert _wrong(parsed, T21) == {}


# --------------------------------------------------------------------------- 8, 9: cells
def test_separator_only_lines_are_blank_cells() -> None:
    """8: `行政许可 |` / `6 |` / `|` / `9 |` and the table 三 rows of blanks as typed."""
    got = gd.cells(_parse("separator-blanks-2019.txt").report)
    assert [got[f"active.licensing.{c}"] for c in ("prev_items", "change", "decisions")] == [6, None, 9]
    assert [got[f"requests.carried_over.{c}"] for c in REQ_COLS] == [None] * 6 + [2]
    assert [got[f"requests.new.{c}"] for c in REQ_COLS] == [4, *[None] * 5, 4]


def test_stray_character_is_named_and_skipped() -> None:
    """9: `规章 |` / `0 |` / `? 0 |` / `0 |`: read, with a stray-character diagnostic."""
    parsed = _parse("stray-char-2019.txt")
    got = gd.cells(parsed.report)
    assert [got[f"active.rules.{c}"] for c in ("made", "published", "total")] == [0, 0, 0]
    stray = [d for d in parsed.diagnostics if d.code == "stray-character"]
    assert stray
    lines = (HAZARDS / "stray-char-2019.txt").read_text(encoding="utf-8").splitlines()
    assert any(d.location is not None and d.location.line and "?" in lines[d.location.line - 1] for d in stray)


# --------------------------------------------------------------------------- 10, 11, 12: labels
def test_long_notes_spam_and_chrome() -> None:
    """10: a long bracketed note, spam inside a note, page chrome between rows."""
    parsed = _parse("long-notes-2019.txt")
    assert _wrong(parsed, T19) == {}
    assert _errors(parsed) == []


def test_spam_in_note_and_chrome_between_rows() -> None:
    """10 (the part that reads today): spam in （二）'s note, chrome lines inside tables 二 and 三."""
    parsed = _parse("long-notes-2019.txt")
    got = gd.cells(parsed.report)
    assert [got[f"requests.partially_granted.{c}"] for c in REQ_COLS] == [1, 0, 0, 0, 0, 0, 1]
    assert [got[f"requests.withheld.state_secret.{c}"] for c in REQ_COLS] == [0] * 7
    assert [got[f"active.coercion.{c}"] for c in ("prev_items", "change", "decisions")] == [0, 0, 2]
    assert _errors(parsed) == []


def test_regional_vocabulary_agency() -> None:
    """11: the title in the mirror's vocabulary still names the agency, folded to simplified."""
    got = gd.cells(_parse("regional-2021.txt").report)
    assert got["meta.agency"] == "示例市河西区城市管理局"


def test_regional_vocabulary_tables() -> None:
    """11: a mirror converted to traditional characters and Taiwan usage (資訊, 檔案): every cell,
    also when a 2019 report was parsed before it in the same process."""
    gd.parse(HAZARDS.parent / "pipe-2019.txt")
    parsed = _parse("regional-2021.txt")
    assert _wrong(parsed, T21, ignore=("meta.agency",)) == {}
    assert _errors(parsed) == []


def test_label_typos_fuzzy_and_short_label_exact() -> None:
    """12: swapped, missing and near-homophone typos read with fuzzy-label diagnostics; the short
    label 规草 is not taken for 规章."""
    parsed = _parse("label-typos-2021.txt")
    truth = {**T21, "active.rules.issued": None, "active.rules.repealed": None, "active.rules.in_force": None}
    assert _wrong(parsed, truth) == {}
    fuzzy = {cid for d in parsed.diagnostics if d.code == "fuzzy-label" for cid in d.cells}
    for row in ("carried_over", "withheld.prohibited_by_law", "withheld.third_party", "withheld.process_info"):
        assert f"requests.{row}.total" in fuzzy
        assert parsed.provenance[f"requests.{row}.total"].fuzzy
    assert not parsed.provenance["requests.new.total"].fuzzy
    assert not any(c.startswith("active.rules.") for c in fuzzy)
    assert _errors(parsed) == []


# --------------------------------------------------------------------------- 13. mixed layouts
@pytest.mark.parametrize(
    ("name", "truth", "printed", "unprinted"),
    [
        ("mixed-2021-one-row.txt", MIXED21, ["other"], ["other.no_correction", "other.unpaid_fee", "other.misc"]),
        ("mixed-2019-three-rows.txt", MIXED19, ["other.no_correction", "other.unpaid_fee", "other.misc"], ["other"]),
    ],
)
def test_mixed_other_block(name: str, truth: dict[str, Any], printed: list[str], unprinted: list[str]) -> None:
    parsed = _parse(name)
    got = gd.cells(parsed.report)
    for row in printed:
        assert [got[f"requests.{row}.{c}"] for c in REQ_COLS] == [truth[f"requests.{row}.{c}"] for c in REQ_COLS]
    for row in unprinted:
        assert [got[f"requests.{row}.{c}"] for c in REQ_COLS] == [None] * 7
    assert "mixed-layout" in _codes(parsed)
    findings = gd.check(parsed)
    assert [f for f in findings if f.rule == "I2" and f.severity is not gd.Severity.NOTICE] == []


# --------------------------------------------------------------------------- 14. unit in header
def test_unit_in_column_header() -> None:
    parsed = _parse("unit-header-2019.txt")
    assert _wrong(parsed, {**T19, "active.procurement.amount": Money("25.1", "万元")}) == {}


# --------------------------------------------------------------------------- 15. PDF text layer
def test_pdf_numbers_before_wrapped_label() -> None:
    got = gd.cells(_parse("pdf-layer-2021.txt").report)
    assert [got[f"requests.partially_granted.{c}"] for c in REQ_COLS] == [3, 0, 0, 0, 0, 0, 3]


def test_pdf_group_cells_one_character_per_line() -> None:
    got = gd.cells(_parse("pdf-layer-2021.txt").report)
    for row in ("withheld.third_party", "unable.not_held", "not_processed.duplicate", "other.misc"):
        assert [got[f"requests.{row}.{c}"] for c in REQ_COLS] == [T21[f"requests.{row}.{c}"] for c in REQ_COLS]


def test_pdf_misread_total_never_shifts() -> None:
    parsed = _parse("pdf-layer-2021.txt")
    got = gd.cells(parsed.report)
    for c in REQ_COLS:
        assert got[f"requests.total.{c}"] in (None, T21[f"requests.total.{c}"]), c
    assert _errors(parsed) == []


# --------------------------------------------------------------------------- 16. crawler text
def test_crawler_runs_and_inferred_split() -> None:
    parsed = _parse("crawler-glued-2021.txt")
    got = gd.cells(parsed.report)
    # '4127' for three cells has several readings and no identity: left unread and named
    assert [got[f"active.normative_docs.{c}"] for c in ("issued", "repealed", "in_force")] == [None] * 3
    ambiguous = {cid for d in parsed.diagnostics if d.code == "ambiguous-run" for cid in d.cells}
    assert "active.normative_docs.issued" in ambiguous
    # '91001011': only 9|1|0|0|1|0|11 satisfies identity 3 -> inferred
    assert [got[f"requests.granted.{c}"] for c in REQ_COLS] == [9, 1, 0, 0, 1, 0, 11]
    assert parsed.provenance["requests.granted.natural_person"].inferred
    assert "inferred-split" in _codes(parsed)
    # '10001132024年…': the row's 7 digits, then prose starting with a year
    assert [got[f"requests.carried_forward.{c}"] for c in REQ_COLS] == [1, 0, 0, 0, 1, 1, 3]
    assert not parsed.provenance["requests.carried_forward.total"].inferred
    for row in ("new", "carried_over", "withheld.process_info", "other.misc", "total"):
        assert [got[f"requests.{row}.{c}"] for c in REQ_COLS] == [T21[f"requests.{row}.{c}"] for c in REQ_COLS]
    assert _errors(parsed) == []


def test_crawler_prose_glued_to_last_cells() -> None:
    parsed = _parse("crawler-glued-2021.txt")
    got = gd.cells(parsed.report)
    assert got["active.fees.amount"] == {"number": "12.75", "unit": "万元"}
    assert [got[f"appeals.review.{c}"] for c in APPEAL_COLS] == [2, 1, 0, 1, 4]
    assert [got[f"appeals.litigation_direct.{c}"] for c in APPEAL_COLS] == [1, 0, 0, 0, 1]
