"""Render back: parse(render(r)) == r for generated reports of both editions, in every format."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govdisclosure as gd
from govdisclosure.cli import main
from govdisclosure.schema import ColumnKind, Edition, cell_ids, cell_spec
from govdisclosure.serialize import FORMATS, render
from govdisclosure.testing import make_report

SENTENCES = [
    "本年度严格落实条例要求。",
    "主动公开各类信息。",
    "依申请公开工作规范有序。",
    "无。",
    "加强培训，规范流程。",
]


def _value(edition: Edition, cid: str) -> st.SearchStrategy[Any]:
    col = cell_spec(edition, cid)[2]
    if col.kind is ColumnKind.MONEY:
        # the 2021 header fixes the unit (万元): a bare number there always reads as 万元
        units = ["万元", "元"] if col.default_unit else [None, "元", "万元"]
        money = st.builds(
            gd.Money,
            st.decimals(min_value=0, max_value=10**8, places=2, allow_nan=False, allow_infinity=False),
            st.sampled_from(units),
        )
        return st.none() | money
    if col.kind is ColumnKind.SIGNED:
        return st.none() | st.integers(-999, 999)
    return st.none() | st.integers(0, 99_999)


@st.composite
def reports(draw: st.DrawFn) -> gd.Report:
    edition = draw(st.sampled_from([Edition.E2019, Edition.E2021]))
    values = {cid: draw(_value(edition, cid)) for cid in cell_ids(edition)}
    # （六）其他处理 is printed in one form, one row or three sub-rows (either, in either edition):
    # the other form is null
    subrows = ("requests.other.no_correction.", "requests.other.unpaid_fee.", "requests.other.misc.")
    one_row = draw(st.booleans())
    for cid in values:
        if cid.startswith("requests.other.") and cid.startswith(subrows) == one_row:
            values[cid] = None
    year = draw(st.none() | (st.integers(2019, 2020) if edition is Edition.E2019 else st.integers(2021, 2030)))
    agency = draw(st.none() | st.sampled_from(["示例县人民政府", "示例市教育局", "示例镇", "示例街道办事处"]))
    report = make_report(edition, values, year=year, agency=agency)
    text = st.none() | st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3).map("".join)
    return attrs.evolve(report, text=gd.TextSections(overview=draw(text), problems=draw(text), other=draw(text)))


def _reparse(report: gd.Report, fmt: str) -> gd.Report:
    out = render(report, fmt)
    back = gd.parse(out.encode("utf-8") if isinstance(out, str) else out).report
    assert back.meta.sha256 is not None  # the rendered file's own hash: not part of the round trip
    return attrs.evolve(back, meta=attrs.evolve(back.meta, sha256=None))


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=40)
@given(report=reports())
def test_round_trip(fmt: str, report: gd.Report) -> None:
    assert _reparse(report, fmt) == report


@pytest.mark.parametrize("fmt", FORMATS)
def test_blank_is_blank_and_zero_is_zero(fmt: str) -> None:
    report = make_report("2021", {"requests.new.commercial": None, "requests.new.research": 0}, seed=7)
    back = _reparse(report, fmt)
    assert back.requests.new.commercial is None
    assert back.requests.new.research == 0


def test_html_merges_cells_as_the_template_does() -> None:
    page = render(make_report("2021", seed=1), "html")
    assert isinstance(page, str)
    assert '<td rowspan="22">三、本年度办理结果</td>' in page  # 2021: 22 outcome rows
    assert '<td rowspan="8">（三）不予公开</td>' in page
    assert '<td colspan="5">法人或其他组织</td>' in page
    page19 = render(make_report("2019", seed=1), "html")
    assert isinstance(page19, str)
    assert '<td rowspan="20">三、本年度办理结果</td>' in page19  # 2019: (六) is one row


def test_legacy_cannot_be_rendered() -> None:
    with pytest.raises(gd.GovDisclosureError):
        render(make_report("legacy"), "html")
    with pytest.raises(ValueError, match="format"):
        render(make_report("2021"), "pdf")


def test_cli_render(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "r.json"
    doc.write_text(
        gd.to_json(make_report("2021", {"requests.new.total": 5, "requests.new.natural_person": 5})), "utf-8"
    )
    assert main(["render", str(doc), "--format", "markdown"]) == 0
    md = capsys.readouterr().out
    assert "| 一、本年新收政府信息公开申请数量 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |" in md
    out = tmp_path / "r.docx"
    assert main(["render", str(doc), "--format", "docx", "-o", str(out)]) == 0
    assert gd.parse(out).report.requests.new.total == 5
    assert main(["render", str(tmp_path / "missing.json")]) == 2


def test_money_text_is_kept() -> None:
    report = make_report("2019", {"active.procurement.amount": gd.Money(Decimal("621007.60"), "元")})
    assert "621007.60元" in str(render(report, "markdown"))


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_markdown_tables_are_gfm_every_row_as_wide_as_its_header(edition: str) -> None:
    text = render(make_report(edition, seed=3), "markdown")
    tables: list[list[str]] = []
    previous = ""
    for line in text.splitlines():
        if line.startswith("|"):
            if not previous.startswith("|"):
                tables.append([])
            tables[-1].append(line)
        previous = line
    assert len(tables) == 3
    for rows in tables:
        width = rows[0].count("|")
        assert rows[1] == "|" + "---|" * (width - 1)  # the delimiter row, as wide as the header
        assert all(r.count("|") == width for r in rows), rows


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_a_markdown_renderer_shows_every_number(edition: str) -> None:
    """Python-Markdown's tables (as GFM) drop cells past the header's width: none may be past it."""
    markdown = pytest.importorskip("markdown")
    import lxml.html

    report = make_report(edition, seed=5)
    page = lxml.html.fromstring(markdown.markdown(render(report, "markdown"), extensions=["tables"]))
    shown = [td.text_content().strip() for td in page.iter("td", "th")]
    for cid in cell_ids(edition):
        value = gd.get_cell(report, cid)
        if value is None:
            continue
        text = format(value.number, "f") if isinstance(value, gd.Money) else str(value)
        assert any(s.startswith(text.lstrip("-")) or s.lstrip("+") == text for s in shown), (cid, text)
    assert sum(1 for s in shown if s) >= sum(1 for cid in cell_ids(edition) if gd.get_cell(report, cid) is not None)
