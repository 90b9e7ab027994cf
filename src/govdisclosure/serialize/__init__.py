"""Serializers: JSON through one cattrs converter, the JSON Schemas, flat cell tables.

Output documents are valid by construction: they are built from the typed
report classes, and a property test (``tests/test_valid_by_construction.py``)
holds every document built from them to the shipped JSON Schemas. ``to_dict``
and ``to_json`` therefore do not run a JSON Schema validator (it cost more than
parsing the report); they check, in one pass over the values, the few things the
Python types cannot promise (a count is an int, a year in range, an amount a
finite number), and ``validate=True`` runs the full validator as well. Input
(``from_json``) is always validated.

cattrs, jsonschema, csv and the renderer are imported on first use.
"""

from __future__ import annotations

import functools
import json
import operator
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from json.encoder import encode_basestring as _encode_string  # the C function when available
from typing import TYPE_CHECKING, Any

from ..exceptions import DocumentError
from ..schema import Edition, Money, Report, cell_ids, cell_spec, get_cell
from ._ids import META_PATTERNS, SCHEMA_BASE, schema_id
from ._ids import SCHEMA_REVISION as SCHEMA_REVISION  # serialize.SCHEMA_REVISION, as before

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

    from ._converter import make_converter
    from ._jsonschema import build_schema, load_schema
    from ._render import FORMATS, render

__all__ = [
    "FORMATS",
    "SCHEMA_BASE",
    "CellJSON",
    "build_schema",
    "cells",
    "cells_csv",
    "citation",
    "from_json",
    "load_schema",
    "make_converter",
    "render",
    "schema_id",
    "to_dict",
    "to_json",
    "validate_document",
]

_LAZY = {
    "FORMATS": "._render",
    "render": "._render",
    "build_schema": "._jsonschema",
    "load_schema": "._jsonschema",
    "make_converter": "._converter",
}


if not TYPE_CHECKING:  # hidden from mypy, which would otherwise take any misspelt name for Any

    def __getattr__(name: str) -> Any:
        if name in _LAZY:
            import importlib

            value = getattr(importlib.import_module(_LAZY[name], __name__), name)
            globals()[name] = value
            return value
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


CellJSON = int | str | dict[str, str | None] | None
"""A value of :func:`cells`: a count, an amount ``{"number": str, "unit": str | None}``, a meta string, or null."""


def cell_value_json(value: int | Money | None) -> int | dict[str, str | None] | None:
    """A cell value as JSON: int, {"number": str, "unit": str|null}, or null."""
    if isinstance(value, Money):
        return {"number": format(value.number, "f"), "unit": value.unit}
    return value


def citation(report: Report) -> dict[str, str | None]:
    """The citation fields of ``meta``: ``meta.published``, ``meta.published_from``, ``meta.signed``,
    ``meta.sha256``, ``meta.source_url`` (each ``None`` when unknown)."""
    meta = report.meta
    return {
        "meta.published": meta.published,
        "meta.published_from": meta.published_from,
        "meta.signed": meta.signed,
        "meta.sha256": meta.sha256,
        "meta.source_url": meta.source_url,
    }


def cells(report: Report, *, cite: bool = False) -> dict[str, CellJSON]:
    """{cell id: value} exactly as ``spec/cells.md`` defines it: meta.* then every cell of the edition.

    With ``cite``, the :func:`citation` fields follow ``meta.agency`` (the ``cells`` command
    and the check outputs carry them; without, the ids are those of the spec alone)."""
    meta = report.meta
    out: dict[str, CellJSON] = {
        "meta.edition": meta.edition.value if meta.edition is not None else None,
        "meta.year": meta.year,
        "meta.agency": meta.agency,
    }
    if cite:
        out.update(citation(report))
    for cid, value in zip(cell_ids(report.template), _values(report), strict=True):
        out[cid] = cell_value_json(value)
    return out


@functools.cache
def _getter(edition: Edition) -> Callable[[Any], tuple[Any, ...]]:
    ids = cell_ids(edition)
    if len(ids) < 2:
        return lambda r: tuple(operator.attrgetter(cid)(r) for cid in ids)
    return operator.attrgetter(*ids)  # one C call reads every cell


def _values(report: Report) -> tuple[Any, ...]:
    """Every table cell's value of the report's edition, in template order."""
    return _getter(report.template)(report)


@functools.cache
def _split_getters(edition: Edition) -> tuple[Callable[[Any], tuple[Any, ...]], tuple[str, ...], tuple[str, ...]]:
    """A reader of the edition's count cells, their ids, and the ids of its money cells."""
    ids = cell_ids(edition)
    money = tuple(cid for cid in ids if cell_spec(edition, cid)[2].kind.value == "money")
    counts = tuple(cid for cid in ids if cid not in money)
    if len(counts) < 2:
        return (lambda r: tuple(operator.attrgetter(cid)(r) for cid in counts)), counts, money
    return operator.attrgetter(*counts), counts, money


_YEARS = (1900, 2200)  # the schema's meta.year bounds
# The citation fields of meta; the forms the schema allows them are META_PATTERNS (._ids).
_META_STRINGS = ("published", "published_from", "signed", "sha256", "source_url")


@functools.cache
def _meta_rx(name: str) -> re.Pattern[str]:
    return re.compile(META_PATTERNS[name])


_COUNT_TYPES = frozenset({int, type(None)})


def _check_values(report: Report) -> None:
    """What the Python types cannot promise: a count an int, a year in range, an amount finite.

    In place of a JSON Schema validator: the types of all count cells are collected
    in one C-level pass, the few money cells are looked at one by one. A property
    test shows nothing the schema rejects gets through.
    """
    meta = report.meta
    year = meta.year
    if year is not None and (type(year) is not int or not _YEARS[0] <= year <= _YEARS[1]):
        raise DocumentError(f"year {year!r} is not an integer in {_YEARS[0]}-{_YEARS[1]}", "$.meta.year")
    if meta.edition is not None and not isinstance(meta.edition, Edition):
        raise DocumentError(f"edition {meta.edition!r} is not an edition", "$.meta.edition")
    if meta.agency is not None and type(meta.agency) is not str:
        raise DocumentError(f"agency {meta.agency!r} is not a string", "$.meta.agency")
    for name in _META_STRINGS:
        value = getattr(meta, name)
        if value is not None and (type(value) is not str or not _meta_rx(name).fullmatch(value)):
            raise DocumentError(f"{name} {value!r} is not valid", f"$.meta.{name}")
    for name, value in _text_items(report):
        if value is not None and type(value) is not str:
            raise DocumentError(f"{value!r} is not a string", f"$.text.{name}")
    read_counts, count_ids, money_ids = _split_getters(report.template)
    counts = read_counts(report)
    if not _COUNT_TYPES.issuperset(map(type, counts)):
        cid, value = next((c, v) for c, v in zip(count_ids, counts, strict=True) if type(v) not in _COUNT_TYPES)
        raise DocumentError(f"{value!r} is not a valid count", "$." + cid)
    for cid in money_ids:
        value = get_cell(report, cid)
        if value is None:
            continue
        if type(value) is Money:
            unit = value.unit
            if type(value.number) is Decimal and value.number.is_finite() and (unit is None or type(unit) is str):
                continue
        raise DocumentError(f"{value!r} is not a valid amount", "$." + cid)


def _text_items(report: Report) -> Iterable[tuple[str, Any]]:
    text = report.text
    return ((f, getattr(text, f)) for f in _text_fields())


@functools.cache
def _text_fields() -> tuple[str, ...]:
    import attrs

    from ..schema import TextSections

    return tuple(f.name for f in attrs.fields(TextSections))


@functools.cache
def _validator(edition: str) -> Validator:
    """The JSON Schema validator of an edition, built once per process.

    ``check_schema`` is not run on our own shipped schemas: a test does it once
    (``tests/test_valid_by_construction.py``) instead of every process paying 0.1 s.
    """
    from jsonschema.validators import validator_for  # imported on first use: the slowest import of the package

    from ._jsonschema import load_schema

    schema = load_schema(edition)
    return validator_for(schema)(schema)


def validate_document(data: object) -> None:
    """Validate a JSON document against the schema of its template; DocumentError names the JSON path."""
    if not isinstance(data, dict):
        raise DocumentError("a report document must be a JSON object")
    template = data.get("template")
    if not isinstance(template, str) or template not in {e.value for e in Edition}:
        raise DocumentError(f"'template' must be one of 2019, 2021, legacy (got {template!r})", "$.template")
    errors = sorted(_validator(template).iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        err = errors[0]
        path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err.absolute_path)
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise DocumentError(err.message + more, path)


def to_dict(report: Report, *, validate: bool = False) -> dict[str, Any]:
    """The report as a JSON-ready dict, with its ``$schema``; valid against the published schema.

    The values are checked for what their Python types cannot promise (DocumentError
    naming the path); ``validate=True`` also runs the JSON Schema validator (slower).
    """
    from ._converter import report_to_dict

    _check_values(report)
    data = {"$schema": schema_id(f"report-{report.template.value}"), **report_to_dict(report)}
    if validate:
        validate_document(data)
    return data


def to_json(report: Report, *, indent: int | None = 2, validate: bool = False) -> str:
    """The report as a JSON document that validates against the published schema (see ``to_dict``)."""
    if indent == 2 and not validate and type(indent) is int:
        # As ``govdisclosure parse`` prints it: written from the objects (the same text, see _writer).
        _check_values(report)
        write = _WRITERS.get(type(report))
        if write is None:
            write = _WRITERS[type(report)] = _writer(type(report))
        return write(report)
    return dumps(to_dict(report, validate=validate), indent=indent)


_WRITERS: dict[type[Any], Callable[[Any], str]] = {}


def _writer(cls: type[Any]) -> Callable[[Any], str]:
    """``dumps(to_dict(report))`` for reports of ``cls``, written from the objects in one pass.

    Generated from the classes: one function per class writes its fields in order (as the
    converter unstructures them) with the indentation ``_indented`` gives. A field holding an
    int, None or a str is written inline; anything else (Money, an edition) is unstructured by
    the converter and written by ``_indented``. A test holds it equal to ``json.dumps`` of
    ``to_dict`` (``tests/test_valid_by_construction.py``). Values were checked first
    (``_check_values``), so a count is an int or None.
    """
    import typing

    import attrs

    from ._converter import _converter

    unstructure = _converter().unstructure
    step = "  "

    def leaf(value: Any, inner: str) -> str:
        t = type(value)
        if t is int:
            return int.__repr__(value)
        if value is None:
            return "null"
        if t is str:
            return _encode_string(value)
        return _indented(unstructure(value), step, inner)

    namespace: dict[str, Any] = {"leaf": leaf, "enc": _encode_string, "schema_id": schema_id}

    def function(klass: type[Any]) -> str:
        """The name of the generated writer of ``klass``: ``w(obj, ind) -> str``."""
        name = f"w_{klass.__name__}"
        if name not in namespace:
            hints = typing.get_type_hints(klass)  # the model's annotations are postponed (strings)
            pieces = ["'{'"]
            for k, field in enumerate(attrs.fields(klass)):
                sub = hints[field.name]
                nested = isinstance(sub, type) and attrs.has(sub) and sub is not Money
                value = f"{function(sub)}(o.{field.name}, inner)" if nested else f"leaf(o.{field.name}, inner)"
                pieces += ["','"] if k else []
                pieces += ["inner", repr(_encode_string(field.name) + ": "), value]
            pieces += ["ind", "'}'"]
            source = f"def {name}(o, ind):\n    inner = ind + {step!r}\n    return ''.join(({', '.join(pieces)}))"
            exec(compile(source, f"<json writer {klass.__name__}>", "exec"), namespace)
        return name

    hints = typing.get_type_hints(cls)
    top = "'\\n  '"
    pieces = [
        f"{top} + '\"$schema\": ' + enc(schema_id('report-' + o.template.value))",
        f"',' + {top} + '\"template\": ' + enc(o.template.value)",
    ]
    for field in attrs.fields(cls):
        if field.name != "template":
            key = _encode_string(field.name) + ": "
            pieces.append(f"',' + {top} + {key!r} + {function(hints[field.name])}(o.{field.name}, {top})")
    source = "def write(o):\n    return '{' + " + " + ".join(pieces) + " + '\\n}'"
    exec(compile(source, f"<json writer {cls.__name__}>", "exec"), namespace)
    return namespace["write"]  # type: ignore[no-any-return]


def dumps(data: Any, *, indent: int | None = 2) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=indent)``, the same text, faster when indented.

    The standard library writes indented JSON with its pure-Python encoder; here
    containers are joined in Python and every string goes through the C encoder.
    """
    if type(indent) is int and indent > 0:
        try:
            return _indented(data, " " * indent, "\n")
        except _Unusual:
            pass
    return json.dumps(data, ensure_ascii=False, indent=indent)


class _Unusual(Exception):
    """A dict key that is not a string: left to the json module."""


def _indented(obj: Any, step: str, ind: str) -> str:
    if isinstance(obj, dict):
        return _indented_dict(obj, step, ind)
    if isinstance(obj, (list, tuple)):
        if not obj:
            return "[]"
        inner = ind + step
        return "[" + ",".join([inner + _indented(v, step, inner) for v in obj]) + ind + "]"
    if isinstance(obj, str):
        return _encode_string(obj)
    if obj is None:
        return "null"
    if obj is True:
        return "true"
    if obj is False:
        return "false"
    if isinstance(obj, int):
        return int.__repr__(obj)
    return json.dumps(obj)  # a float, or a TypeError as json.dumps would raise


def _indented_dict(obj: dict[Any, Any], step: str, ind: str) -> str:
    if not obj:
        return "{}"
    inner = ind + step
    parts = []
    for k, v in obj.items():
        if type(k) is not str:
            raise _Unusual
        t = type(v)  # the common leaves inline: a report document is mostly ints and nulls
        if t is int:
            text = int.__repr__(v)
        elif v is None:
            text = "null"
        elif t is str:
            text = _encode_string(v)
        else:
            text = _indented(v, step, inner)
        parts.append(inner + _encode_string(k) + ": " + text)
    return "{" + ",".join(parts) + ind + "}"


#: How deep a report document may nest (a real one nests 6 levels).
MAX_JSON_DEPTH = 64


def _too_deep(data: Any, limit: int) -> bool:
    """Whether ``data`` nests deeper than ``limit`` containers (iteratively: no recursion to overflow)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Iterable[Any] = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def from_json(text: str | bytes | Mapping[str, object]) -> Report:
    """Read a report document: validated first (DocumentError naming the JSON path), then structured."""
    if isinstance(text, Mapping):
        data: Any = dict(text)
    elif isinstance(text, (str, bytes)):
        try:
            data = json.loads(text)
        except (ValueError, UnicodeDecodeError) as exc:
            raise DocumentError(f"not JSON: {exc}") from None
        except RecursionError:
            raise DocumentError(f"not a report document: nested deeper than {MAX_JSON_DEPTH} levels") from None
    else:
        raise DocumentError(f"from_json takes a JSON str, bytes or a dict, not {type(text).__name__}")
    if _too_deep(data, MAX_JSON_DEPTH):
        raise DocumentError(f"not a report document: nested deeper than {MAX_JSON_DEPTH} levels")
    validate_document(data)
    from ._converter import dict_to_report

    try:
        return dict_to_report(data)
    except (ValueError, TypeError, KeyError, ArithmeticError) as exc:
        raise DocumentError(f"cannot build the report: {type(exc).__name__}: {exc}") from None


def cells_csv(reports: Iterable[tuple[str, Report]]) -> str:
    """A long table: source, agency, year, edition, cell id, official label, value, unit."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["source", "agency", "year", "edition", "cell", "label", "value", "unit"])
    for source, report in reports:
        meta = report.meta
        for cid, value in zip(cell_ids(report.template), _values(report), strict=True):
            _, row, col = cell_spec(report.template, cid)
            label = f"{row.full_label} / {col.label}"
            if isinstance(value, Money):
                number, unit = format(value.number, "f"), value.unit or ""
            else:
                number, unit = "" if value is None else str(value), ""
            edition = meta.edition.value if meta.edition else ""
            w.writerow([source, meta.agency or "", meta.year or "", edition, cid, label, number, unit])
    return buf.getvalue()
