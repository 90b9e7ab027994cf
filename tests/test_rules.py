"""Identities 1-4: each fires on the cell that breaks it, with the difference, and only then."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govdisclosure as gd
from govdisclosure.schema import cell_ids
from govdisclosure.testing import make_report


def errors(report: gd.Report) -> list[gd.Finding]:
    return [f for f in gd.check(report) if f.severity is gd.Severity.ERROR]


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_balanced_report_has_no_findings(edition: str) -> None:
    assert gd.check(make_report(edition)) == []


def test_identity_1_per_column() -> None:
    r = make_report(
        "2021",
        {
            "requests.new.legal_services": 2,
            "requests.new.total": 2,
            "requests.granted.legal_services": 2,
            "requests.granted.total": 2,
            "requests.total.legal_services": 2,
            "requests.total.total": 2,
        },
    )
    assert errors(r) == []
    r = make_report("2021", {"requests.carried_forward.commercial": 3, "requests.carried_forward.total": 3})
    found = errors(r)
    i1 = [f for f in found if f.rule == "I1"]
    assert {f.scope for f in i1} == {"requests.*.commercial", "requests.*.total"}
    f = next(f for f in i1 if f.scope == "requests.*.commercial")
    assert (f.expected, f.actual, f.difference) == (-3, 0, 3)
    assert "requests.carried_forward.commercial" in {c.id for c in f.cells}


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(["2019", "2021"]),
    st.sampled_from([c for c in cell_ids("2021") if c.startswith("requests.")]),
    st.integers(min_value=1, max_value=500),
)
def test_perturbed_request_cell_breaks_its_identities(edition: str, cid: str, delta: int) -> None:
    if cid not in cell_ids(edition) or gd.get_cell(make_report(edition), cid) is None:
        return  # not a cell of this edition, or the form of （六） it does not print
    r = make_report(edition, {cid: delta})
    found = errors(r)
    assert found, cid
    for f in found:
        assert cid in {c.id for c in f.cells}
        assert abs(f.difference or 0) == delta
    row = cid.rsplit(".", 1)[0]
    rules = {f.rule for f in found}
    assert "I3" in rules  # every table 三 row has its total column
    if row not in ("requests.new", "requests.carried_over", "requests.carried_forward"):
        assert "I2" in rules


@settings(max_examples=20, deadline=None)
@given(st.sampled_from([c for c in cell_ids("2021") if c.startswith("appeals.")]), st.integers(1, 99))
def test_perturbed_appeal_cell_breaks_identity_4(cid: str, delta: int) -> None:
    found = errors(make_report("2021", {cid: delta}))
    assert [f.rule for f in found] == ["I4"]
    assert found[0].difference in (delta, -delta)
    assert found[0].scope == cid.rsplit(".", 1)[0]


def test_blank_component_counts_as_zero_and_says_so() -> None:
    r = make_report(
        "2021",
        {
            "requests.new.total": 1,
            "requests.new.natural_person": 1,
            "requests.carried_forward.total": None,
            "requests.carried_over.total": 0,
            "requests.total.total": 0,
        },
    )
    f = next(f for f in errors(r) if f.rule == "I1" and f.scope == "requests.*.total")
    blank = [c.id for c in f.cells if c.blank_as_zero]
    assert blank == ["requests.carried_forward.total"]
    assert "blank cells counted as 0" in f.message_en
    assert "空白单元格按0计" in f.message_zh


def test_blank_total_is_not_checkable() -> None:
    r = make_report("2019", {"appeals.review.total": None, "appeals.review.upheld": 2})
    found = [f for f in gd.check(r) if f.scope == "appeals.review"]
    assert [f.severity for f in found] == [gd.Severity.NOTICE]
    assert "not checkable" in found[0].message_en
    r = make_report("2019", {f"appeals.review.{c}": None for c in ("upheld", "corrected", "other", "pending")})
    found = [f for f in gd.check(r) if f.scope == "appeals.review"]
    assert [f.severity for f in found] == [gd.Severity.NOTICE]


def test_all_blank_is_silent() -> None:
    r = make_report("2021", fill=None)
    assert gd.check(r) == []


def test_fingerprint_is_stable_and_specific() -> None:
    a = errors(make_report("2021", {"requests.granted.natural_person": 4}))
    b = errors(make_report("2021", {"requests.granted.natural_person": 4}))
    c = errors(make_report("2021", {"requests.granted.natural_person": 5}))
    assert [f.fingerprint for f in a] == [f.fingerprint for f in b]
    assert {f.fingerprint for f in a}.isdisjoint(f.fingerprint for f in c)
    assert all(len(f.fingerprint) == 16 for f in a)


def test_check_never_raises() -> None:
    assert gd.check(object()) == []
    assert gd.check(make_report("legacy")) == []
