"""Each layout family parses to the numbers printed in it (tests/truth.py, typed by hand)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import govdisclosure as gd
from govdisclosure.examples import sample_path
from govdisclosure.serialize import cell_value_json

from truth import T19, T21

FIXTURES = Path(__file__).parent / "fixtures"


def _json(truth: dict[str, Any]) -> dict[str, Any]:
    return {k: cell_value_json(v) for k, v in truth.items()}


@pytest.mark.parametrize(
    ("name", "truth"),
    [
        ("pipe-2019.txt", T19),
        ("markdown-2021.txt", T21),
        ("tabbed-cells-2019.txt", T19),
        ("bar-cells-2021.txt", T21),
        ("lone-bars-2021.txt", T21),
        ("tab-rows-2021.txt", T21),
        ("pdf-text-2021.txt", T21),
        ("pdf-wrapped-2021.txt", T21),
        ("traditional-2019.txt", T19),
        ("pipe-2019.gb18030.txt", T19),
        ("pipe-2019.utf16.txt", T19),
        ("markdown-2021.bom.txt", T21),
    ],
)
def test_layout_reads_every_cell(name: str, truth: dict[str, Any]) -> None:
    parsed = gd.parse(FIXTURES / name)
    got = gd.cells(parsed.report)
    want = _json(truth)
    wrong = {k: (v, got.get(k)) for k, v in want.items() if got.get(k) != v}
    assert wrong == {}
    assert set(got) == set(want)
    assert [f for f in gd.check(parsed) if f.severity is gd.Severity.ERROR] == []


def test_every_value_has_a_place() -> None:
    parsed = gd.parse(FIXTURES / "pipe-2019.txt")
    prov = parsed.provenance["active.licensing.change"]
    assert prov.text.strip() == "-3"
    lines = (FIXTURES / "pipe-2019.txt").read_text(encoding="utf-8").splitlines()
    assert prov.location.line is not None
    assert "行政许可" in lines[prov.location.line - 1]
    assert not prov.inferred


def test_crawler_run_together() -> None:
    parsed = gd.parse(FIXTURES / "crawler-2019.txt")
    c = gd.cells(parsed.report)
    # certain: one reading per cell
    assert (c["active.rules.made"], c["active.rules.published"], c["active.rules.total"]) == (0, 0, 0)
    assert c["active.licensing.prev_items"] == 120  # '-388' must hold the signed change
    assert c["active.fees.prev_items"] == 6
    assert c["active.fees.change"] == -1
    assert (c["active.coercion.prev_items"], c["active.coercion.decisions"]) == (0, 2)
    # ambiguous: left unread, named in the diagnostics
    for cid in ("active.licensing.change", "active.licensing.decisions", "active.normative_docs.total"):
        assert c[cid] is None
    assert c["active.procurement.amount"] is None
    unread = {cid for d in parsed.diagnostics if d.code == "ambiguous-run" for cid in d.cells}
    assert "active.licensing.change" in unread
    # '121 000013': only 12|1|0|0|0|0|13 satisfies identity 3 -> inferred
    assert [c[f"requests.new.{k}"] for k in ("natural_person", "commercial", "total")] == [12, 1, 13]
    assert parsed.provenance["requests.new.natural_person"].inferred
    assert not parsed.provenance["requests.new.research"].inferred  # 0 in every reading
    # '12 1 0 0 0 0 13' is certain; appeals '100010000000000' has one reading
    assert c["requests.total.total"] == 13
    assert not parsed.provenance["requests.total.total"].inferred
    assert c["appeals.review.upheld"] == 1
    assert c["appeals.review.total"] == 1
    findings = gd.check(parsed)
    assert [f for f in findings if f.severity is gd.Severity.ERROR] == []
    notice = [f for f in findings if f.rule == "I3" and f.scope == "requests.new"]
    assert notice
    assert notice[0].severity is gd.Severity.NOTICE


def test_sample_in_examples_is_clean() -> None:
    parsed = gd.parse(sample_path("2021"))
    c = gd.cells(parsed.report)
    assert c["meta.agency"] == "示例县青石镇人民政府"
    assert c["requests.new.total"] == 12
    assert c["active.fees.amount"] == {"number": "1.5", "unit": "万元"}
    assert c["appeals.review.total"] == 2
    assert gd.check(parsed) == []
