"""Findings a reviewer can act on: each rule fires on the cell that breaks it, diagnosis finds it,
series, plausibility, narrative, roll-ups, baselines, JSON and HTML output."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import attrs
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govdisclosure as gd
from govdisclosure.cli import main
from govdisclosure.rules import aggregate, check_rollup, check_series, diagnose, equations_for
from govdisclosure.schema import Money, cell_ids
from govdisclosure.serialize._check_output import build_check_schema
from govdisclosure.testing import make_report

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def errors(findings: list[gd.Finding]) -> list[gd.Finding]:
    return [f for f in findings if f.severity is gd.Severity.ERROR]


# --------------------------------------------------------------- identities 1-4 + diagnosis
REQUEST_OR_APPEAL = [c for c in cell_ids("2021") if c.startswith(("requests.", "appeals."))]


@settings(max_examples=60)
@given(
    st.sampled_from(["2019", "2021"]),
    st.integers(0, 10_000),
    st.sampled_from(REQUEST_OR_APPEAL + [c for c in cell_ids("2019") if c.startswith("requests.other.")]),
    st.integers(1, 300),
)
def test_one_perturbed_cell_fires_exactly_its_identities(edition: str, seed: int, cid: str, delta: int) -> None:
    if cid not in cell_ids(edition):
        return
    balanced = make_report(edition, seed=seed)
    assert gd.check(balanced) == []
    printed = gd.get_cell(balanced, cid)
    if printed is None:
        return  # the form of （六）其他处理 this edition does not print
    report = make_report(edition, {cid: printed + delta}, seed=seed)
    found = errors(gd.check(report))
    expected_rules = {eq.rule for eq in equations_for(report) if cid in eq.cells}
    assert {f.rule for f in found} == expected_rules
    for f in found:
        assert cid in {c.id for c in f.cells}
        assert abs(f.difference or 0) == delta
    diagnosis = diagnose(report)
    assert diagnosis is not None
    assert any(fix.changes == ((cid, printed + delta, printed),) for fix in diagnosis.single)


def test_diagnosis_is_none_for_a_clean_report() -> None:
    assert diagnose(make_report("2021", seed=3)) is None


# --------------------------------------------------------------- the Pingtan series (real reports)
needs_corpus = pytest.mark.skipif(not SHARED.is_dir(), reason="the shared corpus is not beside the project")


@needs_corpus
def test_pingtan_series() -> None:
    parsed = [
        gd.parse(SHARED / n) for n in ("github-002/source.txt", "github-003/source.txt", "github-013/source.html")
    ]
    assert [p.report.meta.year for p in parsed] == [2019, 2020, 2024]
    series = check_series(parsed)
    assert not [f for f in series if f.rule == "I5"]  # 2019 → 2020 carried forward = carried over
    gaps = [f for f in series if f.rule == "S1"]
    assert len(gaps) == 1
    assert gaps[0].severity is gd.Severity.NOTICE
    assert "2021, 2022, 2023" in gaps[0].message_en
    # github-003 (2020): the real break, and no single-cell fix
    broken = errors(gd.check(parsed[1]))
    assert {(f.rule, f.scope) for f in broken} == {("I2", "requests.*.natural_person"), ("I2", "requests.*.total")}
    d = diagnose(parsed[1])
    assert d is not None
    assert d.single == ()
    assert "no single-cell correction" in d.message_en
    assert "I2 requests.*.natural_person: the outcome rows over-count the printed total by 6" in d.imbalances
    assert "I2 requests.*.total: the outcome rows over-count the printed total by 6" in d.imbalances


# --------------------------------------------------------------- identities 5-7 and S1/S2
def test_identity_5_across_the_change_of_edition() -> None:
    prev = make_report("2019", seed=1, year=2020, agency="示例县")
    cur = make_report("2021", seed=2, year=2021, agency="示例县")
    cf = gd.get_cell(prev, "requests.carried_forward.natural_person")
    co = gd.get_cell(cur, "requests.carried_over.natural_person")
    found = [f for f in check_series([cur, prev]) if f.rule == "I5" and f.severity is gd.Severity.ERROR]
    mismatched = {f.scope.split()[-1] for f in found}
    assert ("requests.*.natural_person" in mismatched) == (cf != co)
    for f in found:
        assert f.difference == f.actual - f.expected


@settings(max_examples=25)
@given(st.integers(0, 1000), st.integers(1, 50))
def test_identity_5_names_the_cells_and_the_difference(seed: int, delta: int) -> None:
    prev = make_report("2021", seed=seed, year=2022, agency="示例区")
    forward = {
        f"requests.carried_forward.{c}": gd.get_cell(prev, f"requests.carried_forward.{c}")
        for c in ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total")
    }
    cur = make_report(
        "2021",
        {k.replace("carried_forward", "carried_over"): v for k, v in forward.items()},
        seed=seed + 1,
        year=2023,
        agency="示例区",
    )
    assert not [f for f in check_series([prev, cur]) if f.rule == "I5"]
    bumped = make_report(
        "2021",
        {"requests.carried_over.commercial": forward["requests.carried_forward.commercial"] + delta},
        seed=seed + 1,
        year=2023,
        agency="示例区",
    )
    bumped = gd.schema.replace_cells(
        bumped,
        {k.replace("carried_forward", "carried_over"): v for k, v in forward.items() if not k.endswith("commercial")},
    )
    found = [f for f in check_series([prev, bumped]) if f.rule == "I5"]
    assert len(found) == 1
    assert found[0].scope.endswith("requests.*.commercial")
    assert found[0].difference == delta
    assert [c.id for c in found[0].cells] == [
        "2022:requests.carried_forward.commercial",
        "2023:requests.carried_over.commercial",
    ]


def test_identity_6_soft_with_difference() -> None:
    prev = make_report("2021", {"active.normative_docs.in_force": 470}, year=2023, agency="平潭")
    cur = make_report(
        "2021",
        {
            "active.normative_docs.issued": 62,
            "active.normative_docs.repealed": 33,
            "active.normative_docs.in_force": 440,
        },
        year=2024,
        agency="平潭",
    )
    found = [f for f in check_series([prev, cur]) if f.rule == "I6"]
    assert len(found) == 1
    assert found[0].severity is gd.Severity.WARNING
    assert (found[0].expected, found[0].actual, found[0].difference) == (499, 440, -59)


def test_identity_7_soft() -> None:
    prev = make_report("2019", {"active.penalty.prev_items": 25, "active.penalty.change": -1}, year=2019, agency="甲")
    cur = make_report("2019", {"active.penalty.prev_items": 24}, year=2020, agency="甲")
    assert not [f for f in check_series([prev, cur]) if f.rule == "I7"]
    cur = make_report("2019", {"active.penalty.prev_items": 30}, year=2020, agency="甲")
    found = [f for f in check_series([prev, cur]) if f.rule == "I7"]
    assert [(f.severity, f.expected, f.actual) for f in found] == [(gd.Severity.WARNING, 24, 30)]


def test_missing_and_duplicate_years() -> None:
    a = make_report("2021", year=2021, agency="乙 镇")
    b = make_report("2021", year=2023, agency="乙镇")  # the same agency once spaces are folded
    c = make_report("2021", year=2023, agency="乙镇")
    found = check_series([("a.txt", a), ("b.txt", b), ("c.txt", c)])
    assert [(f.rule, f.severity) for f in found] == [("S2", gd.Severity.WARNING), ("S1", gd.Severity.NOTICE)]
    assert "b.txt" in found[0].message_en
    assert "c.txt" in found[0].message_en


# --------------------------------------------------------------- plausibility
def _rules(report: gd.Report) -> set[str]:
    return {f.rule for f in gd.check(report) if f.severity is not gd.Severity.NOTICE}


def test_plausibility_rules() -> None:
    assert _rules(make_report("2021", seed=5)) == set()
    assert _rules(make_report("2021", {"active.licensing.decisions": -2}, seed=5)) == {"P1"}
    assert _rules(make_report("2021", {"active.rules.issued": 9, "active.rules.in_force": 3})) == {"P2"}
    assert _rules(
        make_report("2021", {"active.rules.issued": 1, "active.rules.in_force": 1}, agency="示例县杨林镇")
    ) == {"P3"}
    assert (
        _rules(make_report("2021", {"active.rules.issued": 1, "active.rules.in_force": 1}, agency="示例市人民政府"))
        == set()
    )
    assert _rules(make_report("2019", year=2023)) == {"P4"}
    assert _rules(make_report("2019", {"active.procurement.amount": Money("8040", None)})) == {"P5"}
    assert _rules(make_report("2019", {"active.procurement.amount": Money("8040", "元")})) == set()
    assert _rules(make_report("2019", {"active.fees.prev_items": 25000})) == {"P6"}
    finding = next(f for f in gd.check(make_report("2021", {"active.licensing.decisions": -2})) if f.rule == "P1")
    assert [c.id for c in finding.cells] == ["active.licensing.decisions"]
    assert finding.actual == -2


# --------------------------------------------------------------- narrative
def _with_overview(report: gd.Report, text: str) -> gd.Report:
    return attrs.evolve(report, text=gd.TextSections(overview=text))


def test_narrative_matches_and_mismatches() -> None:
    base = make_report("2021", {"requests.new.total": 12, "requests.carried_over.total": 3}, year=2022)
    ok = _with_overview(base, "2022年，本机关共收到政府信息公开申请12件，上年结转政府信息公开申请3件。")
    assert not [f for f in gd.check(ok) if f.rule == "N1"]
    accepted = _with_overview(base, "全年共受理政府信息公开申请15件。")  # 受理 may include the carried over
    assert not [f for f in gd.check(accepted) if f.rule == "N1"]
    bad = _with_overview(base, "2022年，本机关共收到政府信息公开申请21件。")
    found = [f for f in gd.check(bad) if f.rule == "N1"]
    assert len(found) == 1
    assert (found[0].expected, found[0].actual) == (21, 12)
    assert "收到政府信息公开申请21件" in found[0].message_zh
    assert found[0].scope.startswith("requests.new.total @ overview:")
    other_year = _with_overview(base, "2021年共收到政府信息公开申请21件。")
    assert not [f for f in gd.check(other_year) if f.rule == "N1"]
    including = _with_overview(base, "本年收到政府信息公开申请15件（含上年结转3件）。")
    assert not [f for f in gd.check(including) if f.rule == "N1"]


# --------------------------------------------------------------- roll-ups
def test_aggregate_and_rollup() -> None:
    a = make_report("2021", seed=1, agency="甲镇")
    b = make_report("2021", seed=2, agency="乙镇")
    review_blank = {f"appeals.review.{c}": None for c in ("upheld", "corrected", "other", "pending", "total")}
    blank = make_report("2021", review_blank, seed=3, agency="丙镇")
    agg = aggregate([a, b, blank], agency="示例县")
    total = agg.report
    assert agg.inputs == 3
    for cid in ("requests.new.total", "active.licensing.decisions"):
        assert gd.get_cell(total, cid) == sum(gd.get_cell(r, cid) for r in (a, b, blank))
    assert agg.blanks["appeals.review.upheld"] == 1
    assert gd.check(total) == []  # sums of balanced reports are balanced
    all_blank = aggregate([make_report("2021", fill=None), make_report("2021", fill=None)])
    assert all_blank.report.requests.new.total is None
    assert all_blank.blanks["requests.new.total"] == 2
    assert check_rollup(total, [a, b, blank]) == []
    wrong = gd.schema.replace_cells(total, {"requests.new.total": total.requests.new.total + 4})
    found = check_rollup(wrong, [a, b, blank])
    assert [(f.rule, f.scope, f.difference) for f in found] == [("R1", "requests.new.total", 4)]
    with pytest.raises(ValueError, match="one edition"):
        aggregate([a, make_report("2019")])


# --------------------------------------------------------------- CLI: baselines, JSON schema, HTML
@pytest.fixture
def folder(tmp_path: Path) -> Path:
    fixtures = Path(__file__).parent / "fixtures"
    sample = (Path(__file__).parent.parent / "examples" / "sample-2021.txt").read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(sample, encoding="utf-8")
    (tmp_path / "b.txt").write_text(sample.replace("| | （七）总计 | 10 | 2 |", "| | （七）总计 | 16 | 2 |"), "utf-8")
    shutil.copy(fixtures / "crawler-2019.txt", tmp_path / "c.txt")
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4 broken")
    return tmp_path


def test_check_series_json_validates(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--series", str(folder), "--format", "json"]) == 2  # bad.pdf cannot be read
    out = json.loads(capsys.readouterr().out)
    jsonschema.validate(out, build_check_schema())
    assert len(out["reports"]) == 4
    bad = next(r for r in out["reports"] if r["source"].endswith("bad.pdf"))
    assert bad["error"]
    b = next(r for r in out["reports"] if r["source"].endswith("b.txt"))
    assert b["diagnosis"]["single"] == [[["requests.total.natural_person", 16, 10]]]
    dup = [f for f in out["series"] if f["rule"] == "S2"]
    assert len(dup) == 1  # a.txt and b.txt are the same agency and year


def test_single_check_json_validates(capsys: pytest.CaptureFixture[str]) -> None:
    sample = Path(__file__).parent.parent / "examples" / "sample-2021.txt"
    assert main(["check", str(sample), "--format", "json"]) == 0
    jsonschema.validate(json.loads(capsys.readouterr().out), build_check_schema())


def test_baseline_hides_reviewed_findings(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    b = str(folder / "b.txt")
    baseline = folder / "baseline.json"
    assert main(["check", b, "--write-baseline", str(baseline)]) == 1
    capsys.readouterr()
    assert main(["check", b, "--baseline", str(baseline)]) == 0
    assert "hidden as reviewed" in capsys.readouterr().out
    text = (
        (folder / "b.txt").read_text(encoding="utf-8").replace("| | （七）总计 | 16 | 2 |", "| | （七）总计 | 17 | 2 |")
    )
    (folder / "b.txt").write_text(text, encoding="utf-8")
    assert main(["check", b, "--baseline", str(baseline)]) == 1  # a changed value is a new finding
    capsys.readouterr()
    (folder / "junk.json").write_text("{}", encoding="utf-8")
    assert main(["check", b, "--baseline", str(folder / "junk.json")]) == 2


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def test_html_page_renders_in_headless_chromium(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "bad.pdf").unlink()
    assert main(["check", "--series", str(folder), "--format", "html"]) == 1
    page = capsys.readouterr().out
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page
    assert "http" not in page.replace("https://govdisclosure", "")
    out = tmp_path / "page.html"
    out.write_text(page, encoding="utf-8")
    browser = _chromium()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs it")
        pytest.skip("chromium is not installed")
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'ud'}",
    ]
    dom = subprocess.run([browser, *flags, "--dump-dom", out.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-500:]
    assert 'id="reports"' in dom.stdout
    assert dom.stdout.count("<tr>") == 1 + 3  # header + three reports
    assert "I3" in dom.stdout
    assert "示例县青石镇人民政府" in dom.stdout
    shot = tmp_path / "page.png"
    subprocess.run(
        [browser, *flags, f"--screenshot={shot}", "--window-size=1200,900", out.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.stat().st_size > 5000
