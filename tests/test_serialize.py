"""JSON through cattrs, the shipped JSON Schemas, cells(): round trips and validation."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govdisclosure as gd
from govdisclosure.schema import ColumnKind, Edition, cell_ids, cell_spec, iter_cells
from govdisclosure.serialize import build_schema, load_schema, validate_document
from govdisclosure.testing import make_report


@pytest.mark.parametrize("edition", list(Edition))
def test_shipped_schema_is_what_the_classes_build(edition: Edition) -> None:
    assert load_schema(edition) == build_schema(edition)


def _leaf_paths(cls: type, prefix: str = "") -> list[str]:
    attrs.resolve_types(cls)  # string annotations, at every level (not only where cattrs resolved them earlier)
    out = []
    for f in attrs.fields(cls):
        if f.name == "template" or not f.init:
            continue
        t = f.type
        if isinstance(t, type) and attrs.has(t):
            out += _leaf_paths(t, f"{prefix}{f.name}.")
        else:
            out.append(prefix + f.name)
    return out


@pytest.mark.parametrize("edition", [Edition.E2019, Edition.E2021])
def test_attribute_paths_are_the_cell_ids(edition: Edition) -> None:
    import typing

    from govdisclosure.schema import report_class

    cls = report_class(edition)
    typing.get_type_hints(cls)  # resolves string annotations
    attrs.resolve_types(cls)
    for sub in attrs.fields(cls):
        if isinstance(sub.type, type) and attrs.has(sub.type):
            attrs.resolve_types(sub.type)
    paths = [p for p in _leaf_paths(cls) if p.split(".")[0] in ("active", "requests", "appeals")]
    assert paths == list(cell_ids(edition))
    assert len(cell_ids(Edition.E2019)) == 219  # 22 + 26 rows x 7 + 15 (spec/cells.md)
    assert len(cell_ids(Edition.E2021)) == 207  # 10 + 26 rows x 7 + 15


def _value(kind: ColumnKind) -> st.SearchStrategy[Any]:
    if kind is ColumnKind.MONEY:
        money = st.builds(
            gd.Money,
            st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
            st.sampled_from([None, "元", "万元"]),
        )
        return st.none() | money
    lo = -(10**6) if kind is ColumnKind.SIGNED else 0
    return st.none() | st.integers(min_value=lo, max_value=10**6)


@st.composite
def reports(draw: st.DrawFn) -> gd.Report:
    edition = draw(st.sampled_from([Edition.E2019, Edition.E2021]))
    values = {cid: draw(_value(cell_spec(edition, cid)[2].kind)) for cid in cell_ids(edition)}
    report = make_report(
        edition,
        values,
        year=draw(st.none() | st.integers(1990, 2100)),
        agency=draw(st.none() | st.text(max_size=20)),
    )
    text = draw(st.none() | st.text(max_size=50))
    return attrs.evolve(report, text=gd.TextSections(overview=text))


@settings(max_examples=60, deadline=None)
@given(reports())
def test_json_round_trip(report: gd.Report) -> None:
    text = gd.to_json(report)
    data = json.loads(text)
    validate_document(data)  # every document we write validates
    assert gd.from_json(text) == report


@settings(max_examples=30, deadline=None)
@given(reports())
def test_cells_are_the_spec_ids(report: gd.Report) -> None:
    c = gd.cells(report)
    assert list(c)[:3] == ["meta.edition", "meta.year", "meta.agency"]
    assert list(c)[3:] == list(cell_ids(report.template))
    for cid, value in iter_cells(report):
        if isinstance(value, gd.Money):
            assert Decimal(c[cid]["number"]) == value.number
        else:
            assert c[cid] == value


def test_from_json_names_the_path() -> None:
    data = json.loads(gd.to_json(make_report("2021")))
    data["requests"]["withheld"]["state_secret"]["natural_person"] = "three"
    with pytest.raises(gd.DocumentError) as exc:
        gd.from_json(json.dumps(data))
    assert exc.value.path == "$.requests.withheld.state_secret.natural_person"
    del data["appeals"]
    with pytest.raises(gd.DocumentError, match="appeals"):
        gd.from_json(data)
    with pytest.raises(gd.DocumentError, match="template"):
        gd.from_json('{"template": "2030"}')
    with pytest.raises(gd.DocumentError, match="not JSON"):
        gd.from_json("{")
    data = json.loads(gd.to_json(make_report("2019")))
    data["active"]["procurement"]["amount"] = {"number": "1,000", "unit": "元"}
    with pytest.raises(gd.DocumentError) as exc:
        gd.from_json(data)
    assert exc.value.path.startswith("$.active.procurement.amount")


def test_money_keeps_the_printed_number() -> None:
    report = make_report("2019", {"active.procurement.amount": gd.Money("621007.60", "元")})
    data = json.loads(gd.to_json(report))
    assert data["active"]["procurement"]["amount"] == {"number": "621007.60", "unit": "元"}
    assert data["template"] == "2019"
    assert data["$schema"].endswith("report-2019.schema.json")


def test_schema_titles_come_from_the_label_table() -> None:
    schema = build_schema("2021")
    req = schema["properties"]["requests"]["properties"]
    assert req["withheld"]["properties"]["state_secret"]["title"] == "（三）不予公开 / 1.属于国家秘密"
    assert req["new"]["properties"]["natural_person"]["title"] == "自然人"
    fees = schema["properties"]["active"]["properties"]["fees"]["properties"]["amount"]
    assert fees["title"] == "本年收费金额（单位：万元）"


def test_cells_csv() -> None:
    csv_text = gd.cells_csv([("a.txt", make_report("2021", {"requests.new.total": 5}))])
    lines = csv_text.splitlines()
    assert lines[0] == "source,agency,year,edition,cell,label,value,unit"
    assert any(line.startswith("a.txt,示例机关,2022,2021,requests.new.total,") and ",5," in line for line in lines)
    assert len(lines) == 1 + 207


def test_shipped_check_schema_is_what_the_code_builds() -> None:
    from importlib import resources

    from govdisclosure.serialize._check_output import build_check_schema

    text = (
        resources.files("govdisclosure.serialize").joinpath("schemas").joinpath("check.schema.json").read_text("utf-8")
    )
    assert json.loads(text) == build_check_schema()
