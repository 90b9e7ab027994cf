"""Output documents are valid by construction, so to_dict/to_json need no JSON Schema validator.

Every document built from the typed report classes validates against the shipped
schema of its edition; the cheap value check in ``to_dict`` refuses every value
outside the types (a wrong type in a cell, a year out of range, an amount that is
not a finite number) with its JSON path, so nothing the schema rejects gets out.
"""

from __future__ import annotations

import json
from decimal import Decimal
from importlib import resources
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema.validators import validator_for

import govdisclosure as gd
from govdisclosure.schema import ColumnKind, Edition, cell_ids, cell_spec, replace_cells
from govdisclosure.serialize import dumps, load_schema, schema_id, validate_document
from govdisclosure.serialize._converter import report_to_dict
from govdisclosure.testing import make_report

EDITIONS = [Edition.E2019, Edition.E2021]


@pytest.mark.parametrize("name", ["report-2019", "report-2021", "report-legacy", "check"])
def test_shipped_schemas_are_valid_schemas(name: str) -> None:
    # validate_document skips check_schema for our own schemas at run time; it is done here once.
    text = resources.files("govdisclosure.serialize").joinpath("schemas", f"{name}.schema.json").read_text("utf-8")
    schema = json.loads(text)
    validator_for(schema).check_schema(schema)


def test_schema_ids_use_the_base() -> None:
    for edition in Edition:
        assert load_schema(edition)["$id"] == schema_id(f"report-{edition.value}")


# --- the typed domain: every value the classes' types allow -------------------------------
_decimals = st.decimals(allow_nan=False, allow_infinity=False, places=None) | st.decimals(
    min_value=-(10**12), max_value=10**12, places=2
)
_money = st.builds(gd.Money, _decimals, st.none() | st.text(max_size=4))
_ints = st.integers() | st.integers(min_value=-10, max_value=10**7)


def _typed(kind: ColumnKind) -> st.SearchStrategy[Any]:
    return st.none() | (_money if kind is ColumnKind.MONEY else _ints)


@st.composite
def typed_reports(draw: st.DrawFn, edition: Edition | None = None) -> gd.Report:
    edition = edition or draw(st.sampled_from(EDITIONS))
    ids = cell_ids(edition)
    picked = draw(st.lists(st.sampled_from(ids), unique=True, max_size=40)) if draw(st.booleans()) else list(ids)
    values = {cid: draw(_typed(cell_spec(edition, cid)[2].kind)) for cid in picked}
    report = make_report(
        edition,
        values,
        year=draw(st.none() | st.integers(1900, 2200)),
        agency=draw(st.none() | st.text(max_size=30)),
    )
    texts = {name: draw(st.none() | st.text(max_size=40)) for name in attrs.fields_dict(gd.TextSections)}
    meta = attrs.evolve(report.meta, edition=draw(st.none() | st.sampled_from(list(Edition))))
    if draw(st.booleans()):
        meta = attrs.evolve(meta, year=None)
    return attrs.evolve(report, meta=meta, text=gd.TextSections(**texts))


@pytest.mark.parametrize("edition", EDITIONS)
@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_documents_from_the_typed_classes_validate(edition: Edition, data: st.DataObject) -> None:
    report = data.draw(typed_reports(edition))
    document = gd.to_dict(report)  # no validator runs here
    validate_document(document)  # the full JSON Schema validator agrees
    assert json.loads(gd.to_json(report)) == document
    assert gd.from_json(document) == report


def test_legacy_document_validates() -> None:
    report = make_report("legacy", year=2018)
    validate_document(gd.to_dict(report))


# --- outside the types: the value check rejects exactly what the schema rejects ---------
_wrong_count = st.sampled_from([True, False, 1.0, 2.5, "3", Decimal(4), gd.Money("1", None)])
_wrong_money = st.sampled_from([0, 7, "1.5", 1.5, True]) | st.builds(
    gd.Money, st.sampled_from(["NaN", "Infinity", "-Infinity", "sNaN"]), st.none() | st.just("元")
)


def _schema_accepts(report: gd.Report) -> bool:
    try:
        body = report_to_dict(report)
    except AttributeError:  # cattrs cannot even write it (a number where Money goes): not a document
        return False
    document = {"$schema": schema_id(f"report-{report.template.value}"), **body}
    try:
        validate_document(document)
    except gd.DocumentError:
        return False
    return True


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_value_check_rejects_what_the_schema_rejects(data: st.DataObject) -> None:
    report = data.draw(typed_reports())
    edition = report.template
    cells: dict[str, Any] = {}
    for cid in data.draw(st.lists(st.sampled_from(cell_ids(edition)), unique=True, max_size=3)):
        money = cell_spec(edition, cid)[2].kind is ColumnKind.MONEY
        cells[cid] = data.draw(_wrong_money if money else _wrong_count)
    report = replace_cells(report, cells)
    year = data.draw(st.sampled_from([None, 1899, 1900, 2200, 2201, -5, 10**6, True]))
    report = attrs.evolve(report, meta=attrs.evolve(report.meta, year=year))
    wrong = bool(cells) or year not in (None, 1900, 2200)  # every value drawn above is outside the types
    if wrong:
        with pytest.raises(gd.DocumentError) as exc:
            gd.to_dict(report)
        assert exc.value.path.startswith("$.")
    else:
        gd.to_dict(report)
    # The schema rejects nothing the check lets through. (The check is stricter in one
    # place: JSON Schema counts 1.0 as an integer; a float in a count cell is refused.)
    assert _schema_accepts(report) or wrong


def test_value_check_names_the_path() -> None:
    report = make_report("2021", {"requests.new.natural_person": "3"})
    with pytest.raises(gd.DocumentError) as exc:
        gd.to_json(report)
    assert exc.value.path == "$.requests.new.natural_person"
    report = make_report("2019", {"active.procurement.amount": gd.Money("NaN", "元")})
    with pytest.raises(gd.DocumentError) as exc:
        gd.to_dict(report)
    assert exc.value.path == "$.active.procurement.amount"
    with pytest.raises(gd.DocumentError) as exc:
        gd.to_dict(make_report("2021", year=3000))
    assert exc.value.path == "$.meta.year"


def test_validate_opt_in_runs_the_schema_validator(monkeypatch: pytest.MonkeyPatch) -> None:
    import govdisclosure.serialize as ser

    calls: list[Any] = []
    monkeypatch.setattr(ser, "validate_document", lambda d: calls.append(d))
    report = make_report("2021")
    ser.to_dict(report)
    ser.to_json(report)
    assert calls == []
    ser.to_dict(report, validate=True)
    ser.to_json(report, validate=True)
    assert len(calls) == 2


# --- indented output: the same text as json.dumps, written faster --------------------------
_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: (
        st.lists(children, max_size=4)
        | st.tuples(children, children)
        | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(_json_values, st.sampled_from([None, 0, 1, 2, 4]))
def test_dumps_is_json_dumps(value: Any, indent: int | None) -> None:
    assert dumps(value, indent=indent) == json.dumps(value, ensure_ascii=False, indent=indent)


@settings(max_examples=150, deadline=None)
@given(report=typed_reports(), legacy=st.booleans())
def test_to_json_writes_json_dumps_of_to_dict(report: gd.Report, legacy: bool) -> None:
    """to_json writes the document from the objects (generated writers): the same text as json.dumps."""
    if legacy:
        report = gd.ReportLegacy(meta=attrs.evolve(report.meta, edition=Edition.LEGACY), text=report.text)
    expected = json.dumps(gd.to_dict(report), ensure_ascii=False, indent=2)
    assert gd.to_json(report) == expected
    assert gd.to_json(report, indent=2, validate=True) == expected
    assert gd.to_json(report, indent=3) == json.dumps(gd.to_dict(report), ensure_ascii=False, indent=3)


def test_dumps_of_a_report_is_json_dumps() -> None:
    document = gd.to_dict(make_report("2019", seed=1))
    assert gd.to_json(make_report("2019", seed=1)) == json.dumps(document, ensure_ascii=False, indent=2)
    assert dumps({1: "a"}) == json.dumps({1: "a"}, ensure_ascii=False, indent=2)
