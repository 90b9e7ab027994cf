"""One cattrs converter for reports: Decimal as a string, None as null, the edition tagged."""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

import attrs
import cattrs

from ..schema import Edition, Money, Report, Report2019, Report2021, ReportLegacy

__all__ = ["dict_to_report", "make_converter", "report_to_dict"]

_CLASSES: dict[str, type[Any]] = {"2019": Report2019, "2021": Report2021, "legacy": ReportLegacy}


def _unstructure_money(m: Money) -> dict[str, Any]:
    return {"number": _decimal_text(m.number), "unit": m.unit}


def _decimal_text(d: Decimal) -> str:
    text = format(d, "f")
    return text


def _structure_money(obj: Any, _: type) -> Money:
    if not isinstance(obj, dict) or "number" not in obj:
        raise ValueError("money must be an object with 'number' and 'unit'")
    return Money(Decimal(str(obj["number"])), obj.get("unit"))


def make_converter() -> cattrs.Converter:
    """A converter configured for the report classes (a fresh one each call)."""
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_unstructure_hook(Decimal, _decimal_text)
    conv.register_structure_hook(Decimal, lambda v, _: Decimal(str(v)))
    conv.register_unstructure_hook(Money, _unstructure_money)
    conv.register_structure_hook(Money, _structure_money)
    conv.register_unstructure_hook(Edition, lambda e: e.value)
    conv.register_structure_hook(Edition, lambda v, _: Edition(v))
    for cls in _CLASSES.values():
        conv.register_unstructure_hook(cls, functools.partial(_unstructure_report, conv))
    return conv


def _unstructure_report(conv: cattrs.Converter, report: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"template": report.template.value}
    for field in attrs.fields(type(report)):
        if field.name == "template":
            continue
        out[field.name] = conv.unstructure(getattr(report, field.name))
    return out


@functools.lru_cache(maxsize=1)
def _converter() -> cattrs.Converter:
    return make_converter()


def report_to_dict(report: Report) -> dict[str, Any]:
    """The JSON-ready dict of a report (not validated; see ``to_json``)."""
    return _converter().unstructure(report)  # type: ignore[no-any-return]


def dict_to_report(data: dict[str, Any]) -> Report:
    """A report from its JSON-ready dict (already validated against the schema)."""
    body = {k: v for k, v in data.items() if k not in ("template", "$schema")}
    cls = _CLASSES[data["template"]]
    return _converter().structure(body, cls)  # type: ignore[no-any-return]
