"""Serializers: JSON through one cattrs converter, the JSON Schemas, flat cell tables."""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..exceptions import DocumentError
from ..schema import Edition, Money, Report, cell_spec, iter_cells
from ._converter import dict_to_report, make_converter, report_to_dict
from ._jsonschema import SCHEMA_BASE, build_schema, load_schema, schema_id
from ._render import FORMATS, render

__all__ = [
    "FORMATS",
    "SCHEMA_BASE",
    "build_schema",
    "cells",
    "cells_csv",
    "from_json",
    "load_schema",
    "make_converter",
    "render",
    "schema_id",
    "to_dict",
    "to_json",
    "validate_document",
]


def cell_value_json(value: Any) -> Any:
    """A cell value as JSON: int, {"number": str, "unit": str|null}, or null."""
    if isinstance(value, Money):
        return {"number": format(value.number, "f"), "unit": value.unit}
    return value


def cells(report: Report) -> dict[str, Any]:
    """{cell id: value} exactly as ``spec/cells.md`` defines it: meta.* then every cell of the edition."""
    meta = report.meta
    out: dict[str, Any] = {
        "meta.edition": meta.edition.value if meta.edition is not None else None,
        "meta.year": meta.year,
        "meta.agency": meta.agency,
    }
    for cid, value in iter_cells(report):
        out[cid] = cell_value_json(value)
    return out


if TYPE_CHECKING:
    from jsonschema.protocols import Validator


@functools.cache
def _validator(edition: str) -> Validator:
    import jsonschema  # imported on first use: it is the slowest import of the package

    schema = load_schema(edition)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_document(data: Any) -> None:
    """Validate a JSON document against the schema of its template; DocumentError names the JSON path."""
    if not isinstance(data, dict):
        raise DocumentError("a report document must be a JSON object")
    template = data.get("template")
    if template not in {e.value for e in Edition}:
        raise DocumentError(f"'template' must be one of 2019, 2021, legacy (got {template!r})", "$.template")
    errors = sorted(_validator(template).iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        err = errors[0]
        path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err.absolute_path)
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise DocumentError(err.message + more, path)


def to_dict(report: Report) -> dict[str, Any]:
    """The report as a validated JSON-ready dict, with its ``$schema``."""
    data = {"$schema": schema_id(f"report-{report.template.value}"), **report_to_dict(report)}
    validate_document(data)
    return data


def to_json(report: Report, *, indent: int | None = 2) -> str:
    """The report as a JSON document that validates against the published schema."""
    return json.dumps(to_dict(report), ensure_ascii=False, indent=indent)


def from_json(text: str | bytes | dict[str, Any]) -> Report:
    """Read a report document: validated first (DocumentError naming the JSON path), then structured."""
    if isinstance(text, dict):
        data: Any = text
    else:
        try:
            data = json.loads(text)
        except (ValueError, UnicodeDecodeError) as exc:
            raise DocumentError(f"not JSON: {exc}") from None
    validate_document(data)
    return dict_to_report(data)


def cells_csv(reports: Iterable[tuple[str, Report]]) -> str:
    """A long table: source, agency, year, edition, cell id, official label, value, unit."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["source", "agency", "year", "edition", "cell", "label", "value", "unit"])
    for source, report in reports:
        meta = report.meta
        for cid, value in iter_cells(report):
            _, row, col = cell_spec(report.template, cid)
            label = f"{row.full_label} / {col.label}"
            if isinstance(value, Money):
                number, unit = format(value.number, "f"), value.unit or ""
            else:
                number, unit = "" if value is None else str(value), ""
            edition = meta.edition.value if meta.edition else ""
            w.writerow([source, meta.agency or "", meta.year or "", edition, cid, label, number, unit])
    return buf.getvalue()
