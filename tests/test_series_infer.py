"""Series-aware reading: a digit run one report leaves ambiguous is settled by the agency's
other year (identities 5 and 6), marked inferred, and that identity is not counted as verified."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

import govdisclosure as gd
from govdisclosure.serialize import render
from govdisclosure.testing import make_report

AGENCY = "示例县市场监督管理局"


def _text(year: int, cells: dict[str, object], replace: tuple[str, str] | None = None) -> str:
    report = make_report("2021", cells, year=year, agency=AGENCY)
    text = str(render(report, "markdown"))
    if replace:
        assert replace[0] in text
        text = text.replace(replace[0], replace[1])
    return text


def test_in_force_roll_settles_a_run() -> None:
    # The example: 2021 prints 400 normative documents in force; the 2022 crawler copy
    # runs the row together as 123409. Only 12 / 3 / 409 gives 400 + 12 - 3 = 409.
    before = gd.parse(_text(2021, {"active.normative_docs.in_force": 400}).encode("utf-8"))
    row = "| 行政规范性文件 | 12 | 3 | 409 |"
    now_text = _text(
        2022,
        {
            "active.normative_docs.issued": 12,
            "active.normative_docs.repealed": 3,
            "active.normative_docs.in_force": 409,
        },
        (row, "行政规范性文件123409"),
    )
    now = gd.parse(now_text.encode("utf-8"))
    assert now.report.active.normative_docs.in_force is None  # alone, the run has many readings
    assert any(d.code == "ambiguous-run" for d in now.diagnostics)
    settled = gd.settle_series([before, now])
    after = settled[1]
    docs = after.report.active.normative_docs
    assert (docs.issued, docs.repealed, docs.in_force) == (12, 3, 409)
    assert all(after.provenance[f"active.normative_docs.{c}"].inferred for c in ("issued", "repealed", "in_force"))
    assert any(d.code == "series-inferred" for d in after.diagnostics)
    assert not any(d.code == "ambiguous-run" for d in after.diagnostics)
    notes = [f for f in gd.check_series(settled) if f.rule == "I6"]
    assert [f.severity for f in notes] == [gd.Severity.NOTICE]  # used to split, so not verified


def test_carry_over_settles_a_run_even_without_the_agency_named() -> None:
    # 2022 carried forward 11 requests from natural persons; the 2023 copy prints row 二 as the
    # run 110000011, which splits as 11,0,…,0,11 or 1,10,0,…,11 (both satisfy the row's total).
    before = gd.parse(
        _text(2022, {"requests.carried_forward.natural_person": 11, "requests.carried_forward.total": 11}).encode()
    )
    row = "| 二、上年结转政府信息公开申请数量 | 11 | 0 | 0 | 0 | 0 | 0 | 11 |"
    cells = {"requests.carried_over.natural_person": 11, "requests.carried_over.total": 11}
    now = gd.parse(_text(2023, cells, (row, "二、上年结转政府信息公开申请数量110000011")).encode())
    assert now.report.requests.carried_over.natural_person is None
    unnamed = gd.settle_series([before, now])  # grouped by agency: both name it
    assert unnamed[1].report.requests.carried_over.natural_person == 11
    assert unnamed[1].report.requests.carried_over.commercial == 0
    # A report naming no agency joins the series when the others name exactly one agency ...
    anonymous = attrs.evolve(now, report=attrs.evolve(now.report, meta=attrs.evolve(now.report.meta, agency=None)))
    assert gd.settle_series([before, anonymous])[1].report.requests.carried_over.natural_person == 11
    # ... and not when they name two: then it could be either's.
    other = attrs.evolve(
        before, report=attrs.evolve(before.report, meta=attrs.evolve(before.report.meta, agency="别的局"))
    )
    assert gd.settle_series([before, other, anonymous])[2].report.requests.carried_over.natural_person is None
    # one_agency groups every report given, whatever the names say.
    settled = gd.settle_series([before, other, anonymous], one_agency=True)[2]
    assert settled.report.requests.carried_over.natural_person == 11


def test_a_folder_of_several_agencies_is_several_series(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Four agencies, two years each; each 2023 report carries over what its 2022 report carried
    # forward, except 乙局's, which carries over 5 more from natural persons.
    from govdisclosure.cli import main

    cols = ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total")
    for k, agency in enumerate(("甲局", "乙局", "丙局", "丁局")):
        name = f"示例县{agency}"
        prev = make_report("2021", seed=k, year=2022, agency=name)
        carried = {f"requests.carried_over.{c}": gd.get_cell(prev, f"requests.carried_forward.{c}") for c in cols}
        if agency == "乙局":
            carried["requests.carried_over.natural_person"] += 5
            carried["requests.carried_over.total"] += 5
        cur = make_report("2021", carried, seed=k + 10, year=2023, agency=name)
        for report in (prev, cur):
            (tmp_path / f"{agency}-{report.meta.year}.txt").write_text(str(render(report, "markdown")), "utf-8")
    main(["check", "--series", str(tmp_path), "--format", "json"])
    series = json.loads(capsys.readouterr().out)["series"]
    assert [f for f in series if f["rule"] == "S2"] == []  # never "two reports for one year"
    i5 = {(f["scope"].split()[0], f["cells"][0]["id"]) for f in series if f["rule"] == "I5"}
    assert i5 == {
        ("示例县乙局", "2022:requests.carried_forward.natural_person"),
        ("示例县乙局", "2022:requests.carried_forward.total"),
    }
