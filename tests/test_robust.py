"""Layouts the metamorphic fuzzer (``benchmarks/fuzz_layouts.py``) found misread.

Each fixture in ``fixtures/robust/`` is typed by hand (fictional agencies); the values
asserted are read off those files by a person. The short fuzz pass at the end perturbs the
project's own fixtures (never the shared corpus) and requires no cell read as another
number silently, none dropped silently, and no identity error the unperturbed report has not.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

import govdisclosure as gd

from truth import REQ_COLS

ROBUST = Path(__file__).parent / "fixtures" / "robust"
SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "fuzz_layouts.py"


def _parse(name: str) -> gd.Parsed:
    return gd.parse(ROBUST / name)


def _errors(parsed: gd.Parsed) -> list[tuple[str, str]]:
    return [(f.rule, f.scope) for f in gd.check(parsed) if f.severity is gd.Severity.ERROR]


def _named(parsed: gd.Parsed, code: str) -> set[str]:
    return {c for d in parsed.diagnostics if d.code == code for c in d.cells}


def test_a_number_broken_by_a_line_break_is_not_read_as_its_first_piece() -> None:
    # '| 1 | 0 | 2⏎3 |' and '| | | 1⏎2 | 3 | … | 15 |': 23 and 12 (or two numbers each); never 2.
    parsed = _parse("number-split-2021.txt")
    cells = gd.cells(parsed.report)
    assert [cells[f"active.normative_docs.{c}"] for c in ("issued", "repealed", "in_force")] == [1, 0, None]
    assert [cells[f"requests.new.{c}"] for c in ("natural_person", "commercial", "research", "total")] == [
        None,
        3,
        0,
        15,
    ]
    assert _named(parsed, "number-split") == {"active.normative_docs.in_force", "requests.new.natural_person"}
    assert cells["requests.total.natural_person"] == 12
    assert cells["active.licensing.decisions"] == 46
    # the cells left unread are not blamed on the report
    assert _errors(parsed) == []
    assert "active.normative_docs.in_force" not in parsed.provenance


def test_two_numbers_in_one_cell_are_not_read_as_the_first() -> None:
    # '| 1 208 |' (thousands apart by a space), '| 0 | 1 4 |' (three cells printed as two), '| 2 | 1 |
    # 3 5 |' and 新收's total '| 1 5 |' (a value too many): one number or two, the text cannot tell;
    # never 1, never 3. Before: 规章 read 0, 1, 4 with no word, 行政规范性文件's 3 and 行政许可's 1 read
    # (a value too many named), 新收's whole row unread.
    parsed = _parse("number-spaced-2021.txt")
    cells = gd.cells(parsed.report)
    assert [cells[f"active.rules.{c}"] for c in ("issued", "repealed", "in_force")] == [0, None, None]
    assert [cells[f"active.normative_docs.{c}"] for c in ("issued", "repealed", "in_force")] == [2, 1, None]
    assert cells["active.licensing.decisions"] is None
    assert [cells[f"requests.new.{c}"] for c in REQ_COLS] == [12, 3, 0, 0, 0, 0, None]
    assert cells["active.penalty.decisions"] == 9
    assert cells["requests.total.total"] == 15
    assert _named(parsed, "number-split") == {
        "active.rules.repealed",
        "active.rules.in_force",
        "active.normative_docs.in_force",
        "active.licensing.decisions",
        "requests.new.total",
    }
    assert _errors(parsed) == []
    messages = [d.message_en for d in parsed.diagnostics if d.code == "number-split"]
    assert any("'1 208'" in m and "with a space inside" in m for m in messages)


def test_digits_on_two_lines_of_an_html_cell_are_not_run_together() -> None:
    # '<p>2</p><p>7</p>', '4<br>8': 27 and 48, or two cells' values; the page cannot tell (as a
    # text cell '| 2⏎7 |'). Labels wrapped the same way are one label; digits in spans one number.
    parsed = _parse("cell-two-lines-2021.html")
    cells = gd.cells(parsed.report)
    assert [cells[f"active.rules.{c}"] for c in ("issued", "repealed", "in_force")] == [0, 0, 0]
    assert [cells[f"active.normative_docs.{c}"] for c in ("issued", "repealed", "in_force")] == [3, 1, None]
    assert cells["active.licensing.decisions"] == 126
    assert cells["active.penalty.decisions"] is None
    assert cells["active.coercion.decisions"] == 0
    assert _named(parsed, "number-split") == {"active.normative_docs.in_force", "active.penalty.decisions"}


def test_digits_on_two_lines_of_a_word_cell_are_not_run_together() -> None:
    docx = pytest.importorskip("docx")
    import io

    doc = docx.Document()
    doc.add_paragraph("示例区交通运输局2023年政府信息公开工作年度报告")
    doc.add_paragraph("二、主动公开政府信息情况")
    table = doc.add_table(rows=5, cols=4)
    for r, row in enumerate(
        [
            ["第二十条第（一）项", "", "", ""],
            ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            ["规章", "0", "0", "0"],
            ["行政规范性文件", "3", "1", ""],
            ["行政许可", "", "", ""],
        ]
    ):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(3, 3).text = "2"
    table.cell(3, 3).add_paragraph("7")  # two paragraphs: 27, or 2 and 7
    table.cell(1, 1).text = "本年制发"
    table.cell(1, 1).add_paragraph("件数")  # a heading wrapped: one heading
    runs = table.cell(4, 1).paragraphs[0]
    runs.add_run("1")
    runs.add_run("2")  # one number typed in two runs: 12
    out = io.BytesIO()
    doc.save(out)
    parsed = gd.parse(out.getvalue())
    cells = gd.cells(parsed.report)
    assert [cells[f"active.normative_docs.{c}"] for c in ("issued", "repealed", "in_force")] == [3, 1, None]
    assert [cells[f"active.rules.{c}"] for c in ("issued", "repealed", "in_force")] == [0, 0, 0]
    assert "active.normative_docs.in_force" in _named(parsed, "number-split")
    assert cells["active.licensing.decisions"] == 12


# --------------------------------------------------------------------------- short fuzz pass
def test_the_last_digit_of_a_number_is_no_label_numbering() -> None:
    # '行政许可 8 5 93⏎其他对外管理服务事项 117 0 165': the 3 of 93 and 其他 are no '3.其他' (table
    # 三's row): 93 is the licensing row's, and the next row is read under its own label
    parsed = _parse("number-before-other-2019.txt")
    cells = gd.cells(parsed.report)
    assert [cells[f"active.licensing.{c}"] for c in ("prev_items", "change", "decisions")] == [8, 5, 93]
    assert [cells[f"active.other_services.{c}"] for c in ("prev_items", "change", "decisions")] == [117, 0, 165]
    assert [cells[f"active.penalty.{c}"] for c in ("prev_items", "change", "decisions")] == [90, 0, 23]
    assert cells["active.coercion.decisions"] == 13
    assert _named(parsed, "number-left-over") == set()


def test_an_empty_row_after_a_rows_values_makes_the_next_line_no_certain_choice() -> None:
    # '8.属于行政查询事项 | 0 ×7 |', a row of blank cells, then '3 | 0 | … | 3 |' (the next row's
    # values printed before its label): the row's own line holds its seven cells, so those are
    # its values; the other line is not taken, and named
    parsed = _parse("empty-row-after-values-2021.txt")
    cells = gd.cells(parsed.report)
    admin = [cells[f"requests.withheld.admin_query.{c}"] for c in REQ_COLS]
    assert admin == [0, 0, 0, 0, 0, 0, 0]
    left = [d for d in parsed.diagnostics if d.code == "number-left-over" and "admin_query" in d.message_en]
    assert len(left) == 1
    assert left[0].message_en.endswith("3 0 0 0 0 0 3")
    assert cells["requests.new.total"] == 5
    assert cells["requests.granted.natural_person"] == 2
    assert _errors(parsed) == []


def _fuzz() -> ModuleType:
    spec = importlib.util.spec_from_file_location("govdisclosure_fuzz_layouts", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


SHORT = ("pipe-2019.txt", "tab-rows-2021.txt", "markdown-2021.txt", "number-split-2021.txt", "label-variants-2021.txt")


@pytest.mark.parametrize("seed", [1, 2])
def test_short_layout_fuzz_is_never_silently_wrong(seed: int) -> None:
    fuzz = _fuzz()
    srcs = [s for s in fuzz.sources(None) if s[0].rsplit("/", 1)[-1] in SHORT]
    assert len(srcs) == len(SHORT)
    table = fuzz.run(srcs, list(fuzz.PERTURBATIONS), seed)
    bad = {
        name: {k: row.counts[k] for k in ("wrong", "null-silent", "false-alarm") if row.counts[k]}
        for name, row in table.items()
    }
    assert {k: v for k, v in bad.items() if v} == {}, "\n".join(e for r in table.values() for e in r.examples)
    assert sum(row.counts["same"] for row in table.values()) > 10_000


def test_zero_width_characters_after_a_bar_are_no_cell() -> None:
    # ' 0  | \u200b': the character after the row's last bar prints nothing; it is no fourth cell
    # that pushes 15 out of 现行有效件数.
    parsed = _parse("zero-width-bars-2021.txt")
    cells = gd.cells(parsed.report)
    assert [cells[f"active.rules.{c}"] for c in ("issued", "repealed", "in_force")] == [0, 0, 0]
    assert [cells[f"active.normative_docs.{c}"] for c in ("issued", "repealed", "in_force")] == [2, 0, 15]
    assert cells["active.licensing.decisions"] == 31
    assert [cells["active.penalty.decisions"], cells["active.coercion.decisions"]] == [6, 0]
    assert "number-left-over" not in [d.code for d in parsed.diagnostics]


def test_an_html_cell_of_only_a_zero_width_space_is_a_blank_cell() -> None:
    # <td>&#8203;</td> prints nothing: a blank cell, not a missing one (the row was 'row-short').
    parsed = _parse("zero-width-cells-2021.html")
    cells = gd.cells(parsed.report)
    assert [cells[f"requests.new.{c}"] for c in REQ_COLS] == [3, None, 0, None, 0, 0, 3]
    assert [cells[f"requests.carried_over.{c}"] for c in REQ_COLS] == [1, None, 0, 0, 0, 0, 1]
    assert [cells[f"requests.granted.{c}"] for c in REQ_COLS] == [2, 0, 0, 0, 0, 0, 2]
    assert [cells[f"requests.partially_granted.{c}"] for c in REQ_COLS] == [None, 0, 0, 0, 0, 0, None]
    assert "row-short" not in [d.code for d in parsed.diagnostics]


def test_groups_renumbered_one_to_seven_are_read() -> None:
    # '6.其他处理' and '7.总计' for （六）其他处理 and （七）总计: main left both rows unread
    # (row-not-mapped); the other groups are known by their words.
    parsed = _parse("renumbered-2019.txt")
    cells = gd.cells(parsed.report)
    assert [cells[f"requests.other.{c}"] for c in REQ_COLS] == [1, 0, 0, 0, 0, 0, 1]
    assert [cells[f"requests.total.{c}"] for c in REQ_COLS] == [10, 2, 0, 0, 0, 0, 12]
    assert [cells[f"requests.granted.{c}"] for c in REQ_COLS] == [5, 1, 0, 0, 0, 0, 6]
    assert [cells[f"requests.withheld.process_info.{c}"] for c in REQ_COLS] == [1, 0, 0, 0, 0, 0, 1]
    assert [cells[f"requests.not_processed.complaint.{c}"] for c in REQ_COLS] == [0, 1, 0, 0, 0, 0, 1]
    assert "row-not-mapped" not in [d.code for d in parsed.diagnostics]
    assert _errors(parsed) == []


def test_a_row_inside_a_wrapped_note_is_read_not_called_blank() -> None:
    # '（二）部分公开（区 2 0 0 0 0 0 2 分处理的，…）': main skipped the bracket as a note, called
    # the row printed blank (row-blank) and the identities then blamed the report (I2).
    parsed = _parse("note-around-values-oneline-2021.txt")
    cells = gd.cells(parsed.report)
    assert [cells[f"requests.partially_granted.{c}"] for c in REQ_COLS] == [2, 0, 0, 0, 0, 0, 2]
    assert [cells[f"requests.granted.{c}"] for c in REQ_COLS] == [3, 1, 0, 0, 0, 0, 4]
    assert [cells[f"requests.total.{c}"] for c in REQ_COLS] == [6, 1, 0, 0, 0, 0, 7]
    assert "row-blank" not in [d.code for d in parsed.diagnostics]
    assert _errors(parsed) == []


def test_a_zero_width_space_at_a_paragraphs_end_is_no_cell() -> None:
    # '<p> 0 | &#8203;</p>': main kept the invisible character as a blank cell after the bar,
    # so 规章 read 0, –, 0 (the 1 of 现行有效件数 left over) and 行政规范性文件 lost its 26.
    parsed = _parse("zero-width-paragraphs-2021.html")
    cells = gd.cells(parsed.report)
    assert [cells[f"active.rules.{c}"] for c in ("issued", "repealed", "in_force")] == [0, 0, 1]
    assert [cells[f"active.normative_docs.{c}"] for c in ("issued", "repealed", "in_force")] == [4, 0, 26]
    assert cells["active.licensing.decisions"] == 17
    assert "number-left-over" not in [d.code for d in parsed.diagnostics]


def test_a_broken_number_with_a_blank_cell_too_many_leaves_the_row_unread() -> None:
    # '| 36 | 1⏎2 | 0 | 0 | 0 | 0 | 48 |  |': main read 36, 1, 2, 0, 0, 0, 0 and blamed the report
    # (I1, I3); with the blank, the second line alone looks like a whole row of seven.
    parsed = _parse("number-split-blank-2021.txt")
    cells = gd.cells(parsed.report)
    assert [cells[f"requests.new.{c}"] for c in REQ_COLS] == [None] * 7
    assert _named(parsed, "row-overfull") == {f"requests.new.{c}" for c in REQ_COLS}
    assert [cells[f"requests.granted.{c}"] for c in REQ_COLS] == [36, 12, 0, 0, 0, 0, 48]
    assert _errors(parsed) == []


def test_a_row_after_values_left_over_is_not_called_blank() -> None:
    # '（一）予以公开 3 1 0 0 0 0 4 2 0 0 0 0 0 2 （二）部分公开…': main called 部分公开 printed blank
    # (row-blank, with provenance) and I2 blamed the report for the 2 it had left over.
    parsed = _parse("values-before-label-oneline-2021.txt")
    cells = gd.cells(parsed.report)
    assert [cells[f"requests.granted.{c}"] for c in REQ_COLS] == [3, 1, 0, 0, 0, 0, 4]
    assert [cells[f"requests.partially_granted.{c}"] for c in REQ_COLS] == [None] * 7
    assert _named(parsed, "row-uncertain") == {f"requests.partially_granted.{c}" for c in REQ_COLS}
    assert "requests.partially_granted.natural_person" not in parsed.provenance  # unread, not blank
    assert "row-blank" not in [d.code for d in parsed.diagnostics]
    assert _errors(parsed) == []


def test_a_dash_before_a_number_is_a_placeholder_in_a_table_of_counts() -> None:
    # '3 - 1 - - - 4': main took '- 1' for minus one, found six values for seven columns and
    # left every such row unread (ambiguous-run). No count of table 三 is negative.
    parsed = _parse("dash-placeholders-oneline-2021.txt")
    cells = gd.cells(parsed.report)
    assert [cells[f"requests.granted.{c}"] for c in REQ_COLS] == [3, None, 1, None, None, None, 4]
    assert [cells[f"requests.partially_granted.{c}"] for c in REQ_COLS] == [2, None, None, None, None, None, 2]
    assert [cells[f"requests.new.{c}"] for c in REQ_COLS] == [6, None, 1, None, None, None, 7]
    assert [cells[f"requests.total.{c}"] for c in REQ_COLS] == [6, None, 1, None, None, None, 7]
    assert not {"ambiguous-run", "negative-count"} & {d.code for d in parsed.diagnostics}
    assert _errors(parsed) == []


def test_a_run_of_zeros_one_too_many_is_every_cell_zero() -> None:
    # Crawler text (modelled on a real 片区 report): table 四 printed as sixteen zeros
    # '0 00 0 0 0 00 0 0 0 0 00 00' for its fifteen cells, and 四、结转下年度 as eight for seven
    # ('0 0 0 0 00 00'). No split is a number each, but every split gives 0 in every cell.
    parsed = _parse("zeros-extra-oneline-2021.txt")
    cells = gd.cells(parsed.report)
    appeals = [k for k in cells if k.startswith("appeals.")]
    assert len(appeals) == 15
    assert [cells[k] for k in appeals] == [0] * 15
    assert [cells[f"requests.carried_forward.{c}"] for c in REQ_COLS] == [0] * 7
    assert [cells[f"requests.new.{c}"] for c in REQ_COLS] == [2, 0, 0, 0, 0, 0, 2]
    assert [cells[f"requests.granted.{c}"] for c in REQ_COLS] == [1, 0, 0, 0, 0, 0, 1]
    extra = [d for d in parsed.diagnostics if d.code == "zeros-extra"]
    assert len(extra) == 2  # named as not used, never silently
    assert _errors(parsed) == []


def test_a_run_of_zeros_three_too_many_stays_unread() -> None:
    text = (ROBUST / "zeros-extra-oneline-2021.txt").read_text("utf-8")
    text = text.replace("总计0 00 0 0 0 00 0 0 0 0 00 00五", "总计0 00 0 0 0 00 0 0 0 0 00 00 00五")
    parsed = gd.parse_text(text)
    cells = gd.cells(parsed.report)
    assert cells["appeals.review.upheld"] is None
    assert "appeals.review.upheld" in _named(parsed, "ambiguous-run")


def test_a_tab_row_with_empty_cells_is_not_split_as_glued_digits() -> None:
    # Tab rows whose empty cells print nothing between their tabs ('行政许可⇥120⇥⇥'): 120 in one
    # cell beside two blanks, or 1 2 0 run together, or tabs doubled for alignment — the text
    # cannot tell. Before, the lone 120 was split 1, 2, 0 with no word.
    parsed = _parse("tab-empty-cells-2019.txt")
    cells = gd.cells(parsed.report)
    for row in ("licensing", "other_services"):
        ids = [f"active.{row}.{c}" for c in ("prev_items", "change", "decisions")]
        assert [cells[k] for k in ids] == [None, None, None]
        assert set(ids) <= _named(parsed, "row-short")
    # rows with a value in every cell are read as printed
    assert [cells[f"active.penalty.{c}"] for c in ("prev_items", "change", "decisions")] == [6, 0, 4]
    assert [cells[f"active.normative_docs.{c}"] for c in ("made", "published", "total")] == [2, 2, 14]


def test_a_number_broken_in_a_row_of_cells_with_one_value_missing_is_not_read_as_two() -> None:
    # '| 行政规范性文件 | 3⏎4⇥9 |': a row printed in cells (a bar, a tab) whose 34 broke over a line
    # in a narrow cell, the row printing one value fewer than its columns: three values, as
    # many as columns, but 3 and 4 may be one number. Before, 3 and 4 were read as two cells.
    from importlib import resources

    sample = resources.files("govdisclosure.examples").joinpath("sample-2021.txt").read_text("utf-8")
    row = "| 行政规范性文件 | 2 | 1 | 9 |"
    assert row in sample
    parsed = gd.parse_text(sample.replace(row, "行政规范性文件 | 3\n4\t9"))
    cells = gd.cells(parsed.report)
    assert cells["active.normative_docs.issued"] is None
    assert cells["active.normative_docs.repealed"] is None
    assert {"active.normative_docs.issued", "active.normative_docs.repealed"} <= _named(parsed, "number-split")
    assert cells["active.normative_docs.in_force"] == 9
    # a row whose values are apart by spaces and line breaks only (a PDF's text wrapped) is read
    wrapped = gd.parse_text(sample.replace(row, "行政规范性文件 2\n1 9"))
    assert [gd.cells(wrapped.report)[f"active.normative_docs.{c}"] for c in ("issued", "repealed", "in_force")] == [
        2,
        1,
        9,
    ]


def test_a_row_broken_at_a_page_end_is_read_from_the_values_between_its_label_pieces() -> None:
    # Word lets a table row break across pages; exported to PDF (LibreOffice, WPS), the row's
    # first line of label and its values end one page and the rest of its label, over empty
    # cells, opens the next: '| 三、本 | （一） | 3 | | 1 | … | 4 |' then '| 年度办理结果 | 予以公开 | | … |'.
    # Before, 予以公开 was read as printed blank and table 三's (七) total was said not to add up.
    parsed = _parse("row-split-page-2021.txt")
    cells = gd.cells(parsed.report)
    ids = [f"requests.granted.{c}" for c in REQ_COLS]
    assert [cells[k] for k in ids] == [3, None, 1, None, None, None, 4]
    assert set(ids) <= _named(parsed, "row-split")
    # '| （四） | 1 | 0 | … | 1 |' then '| 无法提供 | 1.本机关不掌握相关政府信息 | | … |': the pieces
    # do not make the row's group and label cell by cell, so the numbers may be another row's:
    # 本机关不掌握 is left unread and named, not read as printed blank
    ids = [f"requests.unable.not_held.{c}" for c in REQ_COLS]
    assert [cells[k] for k in ids] == [None] * 7
    assert set(ids) <= _named(parsed, "row-uncertain")
    assert [cells[f"requests.new.{c}"] for c in REQ_COLS] == [6, None, 1, None, None, None, 7]
    assert [cells[f"requests.partially_granted.{c}"] for c in REQ_COLS] == [2, None, None, None, None, None, 2]
    assert _errors(parsed) == []


def test_a_row_broken_at_a_page_end_with_a_row_of_empty_cells_between_its_pieces() -> None:
    # The same report with a spacer row of empty cells between the two pieces of 予以公开 (fuzz_layouts'
    # empty-rows: '| 三、本 | （一） | 3 | | 1 | … | 4 |', '|  |  | … |', '| 年度办理结果 | 予以公开 | | … |'):
    # the row was read as printed blank with no word. The spacer is passed over.
    text = (ROBUST / "row-split-page-2021.txt").read_text(encoding="utf-8")
    head = "| 三、本 | （一） | 3 | | 1 | | | | 4 |\n"
    assert head in text
    parsed = gd.parse_text(text.replace(head, head + "|  |  |  |  |  |  |  |  |  |\n"))
    cells = gd.cells(parsed.report)
    ids = [f"requests.granted.{c}" for c in REQ_COLS]
    assert [cells[k] for k in ids] == [3, None, 1, None, None, None, 4]
    assert set(ids) <= _named(parsed, "row-split")
    assert _errors(parsed) == []


def test_a_row_broken_at_a_page_end_with_the_header_printed_again_between_its_pieces() -> None:
    # The same report printed to PDF with the table's header rows repeated at the top of the next page
    # (fuzz_binary pdf-split-header): the header's three lines stand between '| 三、本 | （一） | 3 | … | 4 |'
    # and '| 年度办理结果 | 予以公开 | | … |'. 予以公开 was read as printed blank and its numbers named as
    # a row of no template row, its cells by no diagnostic. The header is passed over as a spacer is.
    text = (ROBUST / "row-split-page-2021.txt").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    header = "".join(line for line in lines if "申请人情况" in line or "自然人" in line or "商业企业" in line)
    head = "| 三、本 | （一） | 3 | | 1 | | | | 4 |\n"
    assert header.count("\n") == 3
    assert head in text
    parsed = gd.parse_text(text.replace(head, head + header))
    cells = gd.cells(parsed.report)
    ids = [f"requests.granted.{c}" for c in REQ_COLS]
    assert [cells[k] for k in ids] == [3, None, 1, None, None, None, 4]
    assert set(ids) <= _named(parsed, "row-split")
    assert [cells[f"requests.partially_granted.{c}"] for c in REQ_COLS] == [2, None, None, None, None, None, 2]
    assert _errors(parsed) == []


def test_a_label_inside_another_rows_note_is_not_that_row_printed_again() -> None:
    # A PDF's text layer of a province's 2019-template variant: 规范性文件's long note wraps around
    # its values, and the next row (其他主动公开文件, not a template row) says in its own note
    # “除规范性文件以外的…” before its values. Before, that phrase was taken for 规范性文件 printed
    # again, with a whole row after it: 186 86 255 were read silently as 规范性文件's.
    from importlib import resources

    sample = resources.files("govdisclosure.examples").joinpath("sample-2019.txt").read_text("utf-8")
    row = "规范性文件 | 5 | 5 | 41 | |"
    assert row in sample
    wrapped = (
        "规范性文件（行政机关制定发布的决定、公告、通告、意见、\n"
        "通知，以及标题采用“规定”“办法”等字样的公文， 5 5 41\n"
        "一般情况下属于规范性文件）\n"
        "其他主动公开文件（含以本单位名义正式签发\n"
        "的、除规范性文件以外的主动公开文件， 186 86 255\n"
        "可参考本单位“其他主动公开文件”栏目数据）"
    )
    parsed = gd.parse_text(sample.replace(row, wrapped))
    cells = gd.cells(parsed.report)
    ids = [f"active.normative_docs.{c}" for c in ("made", "published", "total")]
    assert [cells[k] for k in ids] != [186, 86, 255]
    # the values amid the wrapped label are not read here, but never silently: the row is named
    for k in ids:
        assert cells[k] in (None, {"made": 5, "published": 5, "total": 41}[k.rsplit(".", 1)[1]])
        assert cells[k] is not None or k in _named(parsed, "row-values-not-found")


def test_a_count_merged_over_rows_is_named_not_given_to_one_row() -> None:
    # a Word table pasted into a CMS with equal cells merged down (<td rowspan="2">): main skipped
    # the merged positions, so 上年结转 and 部分公开 had five cells for seven columns (row-short),
    # and 予以公开's 自然人 took the 2 printed once for two rows. A merged 0 is 0 in each row;
    # a merged blank, blank in each; a merged 2 each row's, or both rows' together: unread, named.
    parsed = _parse("rowspan-values-2021.html")
    cells = gd.cells(parsed.report)
    assert [cells[f"requests.new.{c}"] for c in REQ_COLS] == [4, 0, 0, 0, 0, 0, 4]
    assert [cells[f"requests.carried_over.{c}"] for c in REQ_COLS] == [1, 0, 0, 0, 0, 0, 1]
    assert [cells[f"requests.granted.{c}"] for c in REQ_COLS] == [None, 1, 0, 0, 0, None, 3]
    assert [cells[f"requests.partially_granted.{c}"] for c in REQ_COLS] == [None, 0, 0, 0, 0, None, 2]
    assert _named(parsed, "merged-cell") == {
        "requests.granted.natural_person",
        "requests.partially_granted.natural_person",
    }
    assert "row-short" not in [d.code for d in parsed.diagnostics]
    assert _errors(parsed) == []


def test_a_number_typed_alone_in_a_paragraph_is_one_value_not_glued_digits() -> None:
    # A Word table pasted into a CMS that kept no table: each cell a <p>, blanks '&nbsp;'.
    # '<p>行政许可</p><p>120</p><p>&nbsp;</p><p>&nbsp;</p>': 120 typed in one cell, beside
    # blanks; main split it as digits run together (1, 2, 0) silently. Which of the three cells
    # holds 120 the paragraphs do not say: unread, named.
    parsed = _parse("cms-paragraphs-2019.html")
    cells = gd.cells(parsed.report)
    lic = [cells[f"active.licensing.{c}"] for c in ("prev_items", "change", "decisions")]
    assert lic == [None, None, None]
    assert _named(parsed, "row-short") >= {f"active.licensing.{c}" for c in ("prev_items", "change", "decisions")}
    assert [cells[f"active.penalty.{c}"] for c in ("prev_items", "change", "decisions")] == [9, 1, 37]
    assert [cells[f"active.coercion.{c}"] for c in ("prev_items", "change", "decisions")] == [2, 0, 5]
    assert "active.licensing.prev_items" not in parsed.provenance
    assert _errors(parsed) == []


def test_a_count_merged_down_in_a_word_table_is_named_too(tmp_path: Path) -> None:
    # the rowspan fixture's table as a Word table (vMerge): the same cells, read the same way
    pytest.importorskip("docx")
    from formats import to_docx

    def c(text: str, rs: int = 1, cs: int = 1) -> tuple[str, int, int]:
        return (text, rs, cs)

    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    zero = c("0")
    grid = [
        [c(note, 3, 3), None, None, c("申请人情况", 1, 7), None, None, None, None, None, None],
        [None, None, None, c("自然人", 2), c("法人或其他组织", 1, 5), None, None, None, None, c("总计", 2)],
        [None, None, None, None, c("商业企业"), c("科研机构"), c("社会公益组织"), c("法律服务机构"), c("其他"), None],
        [
            c("一、本年新收政府信息公开申请数量", 1, 3),
            None,
            None,
            c("4"),
            c("0", 2),
            c("0", 2),
            zero,
            zero,
            zero,
            c("4"),
        ],
        [c("二、上年结转政府信息公开申请数量", 1, 3), None, None, c("1"), None, None, zero, zero, zero, c("1")],
        [
            c("三、本年度办理结果", 2),
            c("（一）予以公开", 1, 2),
            None,
            c("2", 2),
            c("1"),
            zero,
            zero,
            zero,
            c("", 2),
            c("3"),
        ],
        [
            None,
            c("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, 2),
            None,
            None,
            zero,
            zero,
            zero,
            zero,
            None,
            c("2"),
        ],
    ]
    title = "示例镇人民政府2022年政府信息公开工作年度报告"
    path = tmp_path / "merged.docx"
    path.write_bytes(to_docx([title, "三、收到和处理政府信息公开申请情况", grid]))
    parsed = gd.parse(path)
    cells = gd.cells(parsed.report)
    assert [cells[f"requests.new.{c}"] for c in REQ_COLS] == [4, 0, 0, 0, 0, 0, 4]
    assert [cells[f"requests.carried_over.{c}"] for c in REQ_COLS] == [1, 0, 0, 0, 0, 0, 1]
    assert [cells[f"requests.granted.{c}"] for c in REQ_COLS] == [None, 1, 0, 0, 0, None, 3]
    assert [cells[f"requests.partially_granted.{c}"] for c in REQ_COLS] == [None, 0, 0, 0, 0, None, 2]
    assert _named(parsed, "merged-cell") == {
        "requests.granted.natural_person",
        "requests.partially_granted.natural_person",
    }
    assert _errors(parsed) == []


def test_circled_item_numbers_are_no_counts() -> None:
    # table 三's sub-rows numbered ①…⑧: NFKC folds ① to a bare 1, which main took for a number
    # printed in the table (eight number-not-used), and, in an excerpt cut right after a blank
    # row ('⑤属于三类内部事务信息 | | … |⏎| | | ⑥属于四'), read ⑥ as the blank row's 总计 (6) with no
    # word. ① is an item number, as 1. is.
    parsed = _parse("circled-subrows-2019.txt")
    cells = gd.cells(parsed.report)
    assert [cells[f"requests.withheld.third_party.{c}"] for c in REQ_COLS] == [1, 0, 0, 0, 0, 0, 1]
    assert [cells[f"requests.withheld.internal_affairs.{c}"] for c in REQ_COLS] == [None] * 7
    assert [cells[f"requests.withheld.process_info.{c}"] for c in REQ_COLS] == [2, 0, 0, 0, 0, 0, 2]
    assert [cells[f"requests.withheld.admin_query.{c}"] for c in REQ_COLS] == [0] * 7
    assert "number-not-used" not in [d.code for d in parsed.diagnostics]
    assert _errors(parsed) == []
    text = (ROBUST / "circled-subrows-2019.txt").read_text(encoding="utf-8")
    cut = text[: text.index("类过程性信息")]  # the excerpt ends inside ⑥'s label
    cells = gd.cells(gd.parse_text(cut).report)
    assert [cells[f"requests.withheld.internal_affairs.{c}"] for c in REQ_COLS] == [None] * 7
    assert [cells[f"requests.withheld.third_party.{c}"] for c in REQ_COLS] == [1, 0, 0, 0, 0, 0, 1]


def test_a_short_row_above_a_line_of_another_rows_values_is_not_given_them() -> None:
    # '（一）予以公开 9 9' (its blank cells print nothing), then '0 0 0 0 0 0 0' on a line of its
    # own: (二)'s values, its label printed below them. The full line is not certainly (一)'s:
    # its cells are unread and named, never 0.
    parsed = _parse("short-row-then-values-line-2021.txt")
    c = gd.cells(parsed.report)
    granted = [f"requests.granted.{k}" for k in REQ_COLS]
    assert all(c[cid] is None for cid in granted)
    assert set(granted) <= _named(parsed, "row-overfull")
    assert c["requests.new.total"] == 34
    assert c["requests.withheld.state_secret.total"] == 0


def test_a_rows_last_count_before_a_group_labels_piece_on_the_next_line_is_no_date() -> None:
    # A table printed without rules, scanned: the group label 三、本年度办理结果 in pieces glued before the
    # row labels ('年度办 1.信访…'). '| 5⏎年度办' was read as a date (5年), the row's 总计 dropped and the row
    # left short (github-013, every scan without rules). A count before a line break is a date's only
    # when it can be one (2024⏎年, wrapped prose: still a year).
    parsed = _parse("group-label-pieces-2021.txt")
    c = gd.cells(parsed.report)
    assert [c[f"requests.unable.unclear.{k}"] for k in REQ_COLS] == [4, 1, 0, 0, 0, 0, 5]
    assert [c[f"requests.not_processed.complaint.{k}"] for k in REQ_COLS] == [2, 0, 0, 0, 0, 0, 2]
    assert [c[f"requests.other.misc.{k}"] for k in REQ_COLS] == [1, 1, 0, 0, 0, 0, 2]
    values = importlib.import_module("govdisclosure.parse.recognizer._values")
    assert values._date_after("2024\n年，", 4)  # a year wrapped in prose is still a year
    assert values._date_after("5 年", 1)  # apart by spaces: as before
    assert not values._date_after("21\n年度办", 2)


_HEAD = "示例市北湖区水务局2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"


def test_a_blank_row_then_an_orphan_line_of_values_where_labels_and_values_alternate() -> None:
    # fuzz_layouts, zero-rows-blank then spaces on trust/interleaved: cells apart by two spaces, a row
    # of zeros printed with its cells empty (their blanks gone at the line's end), then a line of values
    # whose label stands higher up (labels and value lines alternate in this table). The values were
    # given to the blank row, silently. Values on a line after their label's are not taken in a table
    # whose labels and value lines alternate elsewhere: unread, the numbers named line by line.
    text = _HEAD + (
        "一、本年新收政府信息公开申请数量  12  1  0  0  0  0  13\n"
        "二、上年结转政府信息公开申请数量  1  0  0  0  0  0  1\n"
        "4.保护第三方合法权益  0  0  0  0  0  0  0\n"
        "5.属于三类内部事务信息\n"
        "1.本机关不掌握相关政府信息\n"
        "2  0  0  0  0  0  2\n"
        "6.属于四类过程性信息  1  0  0  0  0  0  1\n"
        "7.属于行政执法案卷\n"
        "3  0  0  0  0  0  3\n"
        "3.其他  2  0  0  0  0  0  2\n"
    )
    parsed = gd.parse_text(text)
    withheld = parsed.report.requests.withheld
    assert withheld.enforcement_files.natural_person is None
    assert withheld.enforcement_files.total is None
    uncertain = _named(parsed, "row-uncertain")
    assert "requests.withheld.enforcement_files.total" in uncertain
    # the rows on one line with their values are read as printed
    assert withheld.process_info.natural_person == 1
    assert parsed.report.requests.new.total == 13
    # without the alternating pair above, a label's values on the next line are its own (a wrapped row)
    plain = text.replace("5.属于三类内部事务信息\n1.本机关不掌握相关政府信息\n2  0  0  0  0  0  2\n", "")
    assert gd.parse_text(plain).report.requests.withheld.enforcement_files.total == 3


def test_a_blank_row_run_onto_one_line_with_a_row_of_empty_cells_is_not_given_the_values_after() -> None:
    # fuzz_layouts, zero-rows-blank then oneline on robust/empty-row-after-values: 8.属于行政查询事项 printed
    # with its 7 cells empty, a row of 8 empty cells, then 3 | 0 | … | 3 (1.本机关不掌握相关政府信息's values,
    # printed before its label), all on one line: the blank row took 3 0 0 0 0 0 3, silently. Empty cells as
    # many as the row has, then numbers: the numbers may be another row's; unread, named.
    text = _HEAD + (
        "一、本年新收政府信息公开申请数量 | 5 | 0 | 0 | 0 | 0 | 0 | 5 | 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 "
        "| 0 | 0 | 0 | 0 | 7.属于行政执法案卷 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 8.属于行政查询事项 |  |  |  |  |  |  | "
        " | |  |  |  |  |  |  |  |  | 3 | 0 | 0 | 0 | 0 | 0 | 3 | （四）无法提供 1.本机关不掌握相关政府信息 "
        "2.没有现成信息需要另行制作 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    )
    parsed = gd.parse_text(text)
    query = parsed.report.requests.withheld.admin_query
    assert query.natural_person is None
    assert query.total is None
    assert "requests.withheld.admin_query.total" in _named(parsed, "row-uncertain")
    assert parsed.report.requests.withheld.enforcement_files.total == 0
    # a row with a blank cell or two before its values reads them (fewer empty cells than it has)
    two = text.replace(
        "8.属于行政查询事项 |  |  |  |  |  |  |  | |  |  |  |  |  |  |  |  |", "8.属于行政查询事项 |  |  |"
    )
    assert gd.parse_text(two).report.requests.withheld.admin_query.total == 3
