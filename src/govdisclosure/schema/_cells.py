"""Cell addressing: cell ids of an edition, reading and replacing a cell by id."""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterator
from typing import Any, Literal, overload

import attrs

from ._labels import SECTIONS, ColumnSpec, Edition, RowSpec, TableSpec, table_specs
from ._model import Money, Report, Report2019, Report2021, ReportLegacy

__all__ = [
    "OTHER_SUBROWS",
    "CellValue",
    "cell_ids",
    "cell_label",
    "cell_spec",
    "get_cell",
    "iter_cells",
    "other_form",
    "printed_rows",
    "replace_cells",
    "report_class",
    "table_label",
]

CellValue = int | Money | None

META_IDS = (
    "meta.edition",
    "meta.year",
    "meta.agency",
    "meta.published",
    "meta.published_from",
    "meta.signed",
    "meta.sha256",
    "meta.source_url",
)
# What each meta id holds (the docs' cell reference is generated from this).
META_LABELS: dict[str, str] = {
    "meta.edition": '"2019", "2021" or "legacy": the edition the tables are printed on (null: undecided)',
    "meta.year": "the report year (integer)",
    "meta.agency": "the reporting agency as the title names it (simplified characters)",
    "meta.published": "the publication date the source carries, YYYY-MM-DD",
    "meta.published_from": "where it was read: html-meta, page (a 发布时间/发布日期 line), crawler-header, "
    "pdf-metadata",
    "meta.signed": "the date printed under the report (落款), YYYY-MM-DD",
    "meta.sha256": "SHA-256 (hex) of the source file as read (of the UTF-8 text for a str)",
    "meta.source_url": "the address the source names for itself: a canonical link, a crawler header's 原文链接",
}


def report_class(edition: Edition) -> type[Report2019] | type[Report2021] | type[ReportLegacy]:
    return {Edition.E2019: Report2019, Edition.E2021: Report2021, Edition.LEGACY: ReportLegacy}[edition]


def cell_ids(edition: Edition | str) -> tuple[str, ...]:
    """Every table cell id of an edition, in template order (no meta ids)."""
    return _CELL_IDS[Edition(edition)]


_CELL_IDS: dict[Edition, tuple[str, ...]] = {
    e: tuple(cid for t in table_specs(e) for cid in t.cell_ids()) for e in Edition
}
_SPECS: dict[Edition, dict[str, tuple[TableSpec, RowSpec, ColumnSpec]]] = {
    e: {f"{t.id}.{r.id}.{c.id}": (t, r, c) for t in table_specs(e) for r in t.rows for c in r.columns} for e in Edition
}


def cell_spec(edition: Edition | str, cell_id: str) -> tuple[TableSpec, RowSpec, ColumnSpec]:
    """The table, row and column spec of a cell id (KeyError if the edition has no such cell)."""
    return _SPECS[Edition(edition)][cell_id]


_TABLE_NUMBER = {s.id: s.number for s in SECTIONS}


def table_label(table_id: str) -> str:
    """A table as the template numbers it: ``表三`` for ``requests`` (its section's number)."""
    return f"表{_TABLE_NUMBER[table_id]}"


def cell_label(edition: Edition | str | None, cell_id: str) -> str | None:
    """A cell's template label, as a person finds it on the page: ``表三 / （三）不予公开 /
    1.属于国家秘密 / 自然人``. ``None`` for an id the edition has no cell for (with no
    edition, or ``legacy``, the 2021 then the 2019 template is looked in)."""
    editions = [Edition(edition)] if edition not in (None, "", Edition.LEGACY, "legacy") else []
    for ed in [*editions, Edition.E2021, Edition.E2019]:
        spec = _SPECS[ed].get(cell_id)
        if spec is not None:
            table, row, col = spec
            return f"{table_label(table.id)} / {row.full_label} / {col.label}"
    return None


_KNOWN = frozenset(META_IDS) | frozenset(cid for ids in _CELL_IDS.values() for cid in ids)


@functools.cache
def _getter(cell_id: str) -> Callable[[Any], Any]:
    return operator.attrgetter(cell_id)


@overload
def get_cell(report: Report, cell_id: Literal["meta.edition"]) -> Edition | None: ...  # type: ignore[overload-overlap]
@overload
def get_cell(report: Report, cell_id: Literal["meta.year"]) -> int | None: ...
@overload
def get_cell(report: Report, cell_id: Literal["meta.agency"]) -> str | None: ...  # type: ignore[overload-overlap]
@overload
def get_cell(report: Report, cell_id: str) -> CellValue: ...


def get_cell(report: Report, cell_id: str) -> Any:
    """The value at a cell id (or ``meta.*``); KeyError for an id the report does not have.

    A table cell is ``int``, [Money][govdisclosure.Money] or ``None`` (printed blank);
    ``meta.edition`` an [Edition][govdisclosure.Edition], ``meta.year`` an ``int``,
    ``meta.agency`` a ``str`` (each ``None`` when not read).
    """
    if cell_id in _KNOWN:
        try:
            return _getter(cell_id)(report)
        except AttributeError:
            raise KeyError(cell_id) from None
    obj: Any = report
    for part in cell_id.split("."):
        if part.startswith("_") or not attrs.has(type(obj)):
            raise KeyError(cell_id)
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise KeyError(cell_id) from None
    return obj


def iter_cells(report: Report) -> Iterator[tuple[str, CellValue]]:
    """(cell id, value) for every table cell of the report's edition, in template order."""
    for cid in _CELL_IDS[report.template]:
        yield cid, get_cell(report, cid)


_INIT_FIELDS: dict[type, dict[str, str]] = {}


def _init_fields(cls: type) -> dict[str, str]:
    """{attribute name: its argument name} of the fields ``cls.__init__`` takes."""
    fields = _INIT_FIELDS.get(cls)
    if fields is None:
        fields = _INIT_FIELDS[cls] = {a.name: a.alias for a in attrs.fields(cls) if a.init}
    return fields


def _replace(obj: Any, tree: dict[str, Any]) -> Any:
    """``attrs.evolve`` of ``obj`` with the changes in ``tree`` (nested), one call of the class."""
    cls = type(obj)
    fields = _init_fields(cls)
    for name in tree:
        if name not in fields:
            raise KeyError(name)
    kwargs: dict[str, Any] = {}
    for name, alias in fields.items():
        if name in tree:
            sub = tree[name]
            kwargs[alias] = _replace(getattr(obj, name), sub) if isinstance(sub, _Node) else sub
        else:
            kwargs[alias] = getattr(obj, name)
    return cls(**kwargs)


class _Node(dict[str, Any]):
    """An inner node of the tree of replacements (a plain dict may be a value)."""


def replace_cells(report: Report, values: dict[str, Any]) -> Report:
    """A copy of the report with the given cells (by id) replaced; one evolve per changed object."""
    tree = _Node()
    for cid, value in values.items():
        node = tree
        *path, name = _parts(cid)
        for part in path:
            child = node.get(part, _Node)
            if child is _Node:  # not there yet
                child = node[part] = _Node()
            elif not isinstance(child, _Node):
                raise KeyError(cid)
            node = child
        node[name] = value
    return _replace(report, tree)  # type: ignore[no-any-return]


def new_report(cls: type[Report2019] | type[Report2021], values: dict[str, Any], **fields: Any) -> Report:
    """``replace_cells(cls(**fields), values)``, built in one pass: each object made once.

    A report's classes nest four deep and hold some 200 cells; a parse fills a fresh report
    with every cell it read. Each class is called once, with its cells from ``values`` (a
    cell not given keeps its default), by a function generated from the classes. A value for
    an id outside the edition's cells goes the way of ``replace_cells`` (KeyError).
    """
    got = _BUILDERS.get(cls)
    if got is None:
        got = _BUILDERS[cls] = _report_builder(cls)
    known, build = got
    if not values.keys() <= known:
        return replace_cells(cls(**fields), values)
    return build(values.get, fields)  # type: ignore[no-any-return]


_BUILDERS: dict[type[Any], tuple[frozenset[str], Callable[..., Any]]] = {}


def _report_builder(cls: type[Any]) -> tuple[frozenset[str], Callable[..., Any]]:
    """The cell ids a report class holds, and a function ``(values.get, fields) -> report``."""
    import typing

    cells = set(_CELL_IDS[cls().template])
    inner = {cid.rsplit(".", k)[0] for cid in cells for k in range(1, cid.count(".") + 1)}  # objects holding cells
    namespace: dict[str, Any] = {}

    def call(klass: type[Any], path: str, first: str = "") -> str:
        hints = typing.get_type_hints(klass)  # the model's annotations are postponed (strings)
        args = [first] if first else []
        for field in attrs.fields(klass):
            sub = f"{path}.{field.name}" if path else field.name
            if not field.init:
                continue
            if sub in cells:
                if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
                    raise TypeError(f"cell {sub} defaults to a factory")  # every cell defaults to a value
                default = f"_d{len(namespace)}"
                namespace[default] = field.default
                args.append(f"{field.alias}=get({sub!r}, {default})")
            elif sub in inner:
                args.append(f"{field.alias}={call(hints[field.name], sub)}")
        name = f"_c{len(namespace)}"
        namespace[name] = klass
        return f"{name}({', '.join(args)})"

    source = f"def build(get, fields):\n    return {call(cls, '', '**fields')}\n"
    exec(compile(source, f"<report builder {cls.__name__}>", "exec"), namespace)
    return frozenset(cells), namespace["build"]


@functools.lru_cache(maxsize=4096)
def _parts(cid: str) -> tuple[str, ...]:
    return tuple(cid.split("."))


# The rows of （六）其他处理 printed as three sub-rows (the one-row form is the row "other").
OTHER_SUBROWS = ("other.no_correction", "other.unpaid_fee", "other.misc")


def other_form(report: Report) -> str:
    """Which form of （六）其他处理 a report prints: ``"one"`` data row or ``"three"`` sub-rows.

    The form with any value printed; if neither or both, the edition's own form
    (one row in 2019, three sub-rows in 2021)."""
    cols = [c.id for c in next(t for t in table_specs(report.template) if t.id == "requests").rows[0].columns]
    one = any(get_cell(report, f"requests.other.{c}") is not None for c in cols)
    three = any(get_cell(report, f"requests.{r}.{c}") is not None for r in OTHER_SUBROWS for c in cols)
    if one != three:
        return "one" if one else "three"
    return "one" if report.template is Edition.E2019 else "three"


def printed_rows(report: Report, table: TableSpec) -> tuple[RowSpec, ...]:
    """The rows of a table as the report prints them (table 三 with its form of （六））."""
    if table.id != "requests":
        return table.rows
    skip = set(OTHER_SUBROWS) if other_form(report) == "one" else {"other"}
    return tuple(r for r in table.rows if r.id not in skip)
