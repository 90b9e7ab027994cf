"""Nothing dropped silently: every number inside the tables fills a cell or is named in a diagnostic."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govdisclosure as gd
from govdisclosure.serialize import render
from govdisclosure.testing import make_report

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FIXTURES = Path(__file__).parent / "fixtures"


def _named(parsed: gd.Parsed, number: str) -> bool:
    """The number fills a cell (its provenance shows it) or a diagnostic names it."""
    in_cell = any(number in p.text for p in parsed.provenance.values())
    in_diag = any(number in d.message_en for d in parsed.diagnostics)
    return in_cell or in_diag


@settings(max_examples=60)
@given(
    st.sampled_from(["2019", "2021"]),
    st.integers(0, 10_000),
    st.sampled_from(["markdown", "html"]),
    st.integers(0, 10_000),
    st.sampled_from(["{n}", "| {n} |", "{n} |", "备注 {n}", "| 合计 | {n} |"]),
)
def test_a_number_put_inside_a_table_is_never_dropped_silently(
    edition: str, seed: int, fmt: str, where: int, shape: str
) -> None:
    # Cells of a seeded report are at most a few hundred; 98765 cannot be one of them.
    report = make_report(edition, seed=seed)
    text = str(render(report, "markdown"))
    lines = text.split("\n")
    table_lines = [i for i, line in enumerate(lines) if line.startswith("|") and "---" not in line]
    at = table_lines[where % len(table_lines)] + 1
    lines.insert(at, shape.format(n="98765"))
    source = "\n".join(lines)
    if fmt == "html":  # the same table rows as an HTML page: the extra line becomes a paragraph or row
        source = str(render(gd.parse(source.encode("utf-8")).report, "html")).replace(
            "</table>", "<tr><td>98765</td></tr></table>", 1
        )
    parsed = gd.parse(source.encode("utf-8"))
    assert _named(parsed, "98765"), [d.message_en for d in parsed.diagnostics]


# Numbers a person sees inside the tables of these real reports that fill no cell: github-011's
# 规章 and 规范性文件 rows lost their labels in the PDF conversion ("22（其中修订 16 件）55（含自然失效
# 29 件）"). Every other report uses every number of its tables.
LEFT_OVER = {"github-011": "22 16 55 29"}
# h2-027 prints an extra row of its own (其他主动公开文件(…) | 1 | 0 | 0 |): no template cell, named
# as a row not mapped (its note holds 规范性文件: not that row printed again).
UNMAPPED = {"h2-027": "1 0 0"}


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared corpus is not beside the project")
@pytest.mark.parametrize("case", sorted(p.name for p in SHARED.iterdir() if p.is_dir()) if SHARED.is_dir() else [])
def test_real_reports_account_for_every_number(case: str) -> None:
    source = next((SHARED / case).glob("source.*"))
    if source.suffix == ".pdf":
        pytest.importorskip("pdfplumber")
    parsed = gd.parse(source)
    left = [d.message_en for d in parsed.diagnostics if d.code == "number-not-used"]
    if case in LEFT_OVER:  # one diagnostic per line, each listing the numbers left on it
        assert " ".join(m.split(": ", 1)[1] for m in left) == LEFT_OVER[case]
    else:
        assert left == []
    if case in UNMAPPED:
        unmapped = [d.message_en for d in parsed.diagnostics if d.code == "row-not-mapped"]
        assert [m.split("holding numbers ", 1)[1].split(":")[0] for m in unmapped] == [UNMAPPED[case]]
