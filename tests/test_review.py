"""Findings a reviewer can act on: each rule fires on the cell that breaks it, diagnosis finds it,
series, plausibility, narrative, roll-ups, baselines, JSON and HTML output."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govdisclosure as gd
from govdisclosure.cli import main
from govdisclosure.examples import sample_path
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
    # "收到申请 15 件" counting the 3 carried over among those received: 12 + 3, no disagreement
    received = _with_overview(base, "2022年，本机关共收到政府信息公开申请15件，均已按期答复。")
    assert not [f for f in gd.check(received) if f.rule == "N1"]
    off_by_one = _with_overview(base, "2022年，本机关共收到政府信息公开申请16件，均已按期答复。")
    assert [(f.expected, f.actual) for f in gd.check(off_by_one) if f.rule == "N1"] == [(16, 12)]


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
    sample = sample_path("2021").read_text(encoding="utf-8")
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
    sample = sample_path("2021")
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


@pytest.fixture
def two_years(tmp_path: Path) -> Path:
    """One agency, 2022 clean and 2023 with 16 instead of 10 in （七）总计 / 自然人."""
    folder = tmp_path / "two-years"
    folder.mkdir()
    sample = sample_path("2021").read_text(encoding="utf-8")
    (folder / "a-2022.txt").write_text(sample, encoding="utf-8")
    broken = sample.replace("| | （七）总计 | 10 | 2 |", "| | （七）总计 | 16 | 2 |").replace("2022", "2023")
    (folder / "b-2023.txt").write_text(broken, encoding="utf-8")
    return folder


def _page_and_json(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, dict[str, Any]]:
    page = tmp_path / "page.html"
    assert main(["check", "--series", str(folder), "--format", "html", "-o", str(page)]) == 1
    assert main(["check", "--series", str(folder), "--format", "json"]) == 1
    return page, json.loads(capsys.readouterr().out)


def _name_cells(tree: Any) -> Any:
    """Give each value cell its ``data-cell``, as the page's script does on load (the ids are in
    the page's data, once per edition, not written on every cell: the page stays small)."""
    labels = json.loads(tree.get_element_by_id("labels").text_content())
    for script in tree.xpath("//script[@class='cell-data']"):
        data = json.loads(script.text_content())
        if "order" not in data:
            continue
        scope = tree.xpath(f"//*[@data-scope='{script.get('data-scope')}']")[0]
        cells = _having(scope, "td", "v")
        assert len(cells) == len(data["order"])
        for td, n in zip(cells, data["order"], strict=True):
            td.set("data-cell", labels[data["ed"]][n][0])
    return tree


def _having(node: Any, tag: str, cls: str) -> list[Any]:
    """Descendants ``tag`` whose class list holds ``cls`` (lxml without cssselect)."""
    return list(node.xpath(f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]"))


def test_review_page_is_self_contained_and_highlights_failing_cells(
    two_years: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import lxml.html

    page, doc = _page_and_json(two_years, tmp_path, capsys)
    text = page.read_text(encoding="utf-8")
    for external in ("http:", "https:", " src=", "url(", "@import", "<link"):
        assert external not in text, external
    tree = _name_cells(lxml.html.fromstring(text))
    for i, report in enumerate(doc["reports"]):
        section = tree.get_element_by_id(f"r{i}")
        errors = {c["id"] for f in report["findings"] if f["severity"] == "error" for c in f["cells"]}
        marked = {td.get("data-cell") for td in _having(section, "td", "hl-error")}
        assert marked == errors  # every cell of a failing identity, and no other
        # errors come before warnings, and notices are folded
        order = [a.get("data-severity") for a in _having(section, "article", "finding")]
        assert order == sorted(order, key=["error", "warning", "notice"].index)
        assert all(a.getparent().tag == "details" for a in _having(section, "article", "notice"))
    b = doc["reports"][1]
    assert b["source"].endswith("b-2023.txt")
    assert "requests.total.natural_person" in {c["id"] for f in b["findings"] for c in f["cells"]}
    # the series view: both years side by side, the cells of the I6 warning marked
    series = tree.get_element_by_id("series")
    warned = {c["id"] for f in doc["series"] if f["severity"] == "warning" for c in f["cells"]}
    assert warned
    assert {td.get("data-cell") for td in _having(series, "td", "hl-warning")} == warned


def _browser_flags(tmp_path: Path) -> list[str]:
    return [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'ud'}",
    ]


def test_review_page_in_headless_chromium(two_years: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import lxml.html

    if os.environ.get("GOVDISCLOSURE_NO_BROWSER"):
        pytest.skip("the browser test runs once, in the README's test command (noxfile.py)")
    browser = _chromium()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs it")
        pytest.skip("chromium is not installed")
    page, doc = _page_and_json(two_years, tmp_path, capsys)
    flags = _browser_flags(tmp_path)

    def dom(fragment: str) -> Any:
        run = subprocess.run(
            [browser, *flags, "--dump-dom", page.as_uri() + fragment], capture_output=True, text=True, timeout=120
        )
        assert run.returncode == 0, run.stderr[-500:]
        return lxml.html.fromstring(run.stdout)

    # Each finding, shown: exactly the cells it names are marked in the tables.
    b = doc["reports"][1]
    for n, finding in enumerate(b["findings"]):
        tree = dom(f"#only=r1;finding=r1-f{n}")
        focused = [td.get("data-cell") for td in _having(tree.get_element_by_id("r1"), "td", "focus")]
        assert sorted(focused) == sorted(c["id"] for c in finding["cells"]), finding["rule"]
        assert "current" in tree.get_element_by_id(f"r1-f{n}").get("class")
    # A cell, shown: its label, value, where it was read and the source line.
    tree = dom("#only=r1;cell=r1:requests.total.natural_person")
    panel = tree.get_element_by_id("r1-info").text_content()
    assert "表三 / 三、本年度办理结果 / （七）总计 / 自然人" in panel
    assert "line 51" in panel
    assert "（七）总计 | 16 | 2" in panel
    # Filtered to errors: warnings and notices are hidden.
    tree = dom("#filter=error")
    assert all(
        a.get("hidden") is not None
        for a in (a for a in _having(tree, "article", "finding") if a.get("data-severity") != "error")
    )
    assert not any(a.get("hidden") is not None for a in _having(tree, "article", "error"))

    shots = Path(os.environ.get("GOVDISCLOSURE_SCREENSHOTS") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    views = {
        "overview": ("", "1280,900"),
        "finding": ("#only=r1;finding=r1-f1", "1280,2600"),
        "cell": ("#only=r1;cell=r1:requests.total.natural_person", "1280,2600"),
        "errors-only": ("#filter=error", "1280,1400"),
        "series": ("#only=series", "1280,900"),
    }
    for name, (fragment, size) in views.items():
        shot = shots / f"review-{name}.png"
        subprocess.run(
            [browser, *flags, f"--screenshot={shot}", f"--window-size={size}", page.as_uri() + fragment],
            capture_output=True,
            timeout=120,
            check=True,
        )
        assert shot.stat().st_size > 20000, name  # a blank page is a few kB


def _luminance(hex_color: str) -> float:
    rgb = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_review_page_colours_have_readable_contrast() -> None:
    """WCAG AA (4.5:1) for every text colour of the page on the background it is drawn on."""
    import re

    from govdisclosure.serialize._check_output import _CSS

    var = dict(re.findall(r"--([\w-]+):(#[0-9a-fA-F]{6})", _CSS))
    pairs = [
        ("fg", "bg"),
        ("muted", "bg"),
        ("focus", "bg"),
        ("err", "bg"),
        ("warn", "bg"),
        ("err", "err-bg"),
        ("warn", "warn-bg"),
        ("note", "panel"),
        ("fg", "err-bg"),
        ("fg", "warn-bg"),
        ("fg", "panel"),
        ("muted", "panel"),
    ]
    for text, ground in pairs:
        hi, lo = sorted((_luminance(var[text]), _luminance(var[ground])), reverse=True)
        ratio = (hi + 0.05) / (lo + 0.05)
        assert ratio >= 4.5, f"--{text} on --{ground}: {ratio:.1f}:1"
