"""Every public name's annotations, audited at run time: where ``Any`` remains, and why.

``mypy --strict`` on ``tests/typing/usage.py`` pins the return types a downstream script
sees; this audit covers the rest of each signature (parameters, fields, methods) for every
name in ``govdisclosure.__all__``. Run it as a script to print the audit:

    python tests/test_public_types.py
"""

from __future__ import annotations

import builtins
import importlib
import inspect
import re
import sys
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

import govdisclosure as gd

# The Any that stays, and why: each is a JSON document (nested objects whose shape the
# published JSON Schema describes), typed as the standard library types ``json.loads``.
JSON_DOCUMENTS = {
    "BatchResult": "document and diagnostics are JSON documents (the report and its diagnostics)",
    # Not a JSON document: the rules' shared read of a report's cells (rules/_identities.py,
    # which other work owns); its values are cell values (CellValue) of any edition.
    "Context": "values are the cells' values, read once for every rule",
    "Diagnosis": "to_dict() returns a JSON document",
    "Diagnostic": "to_dict() returns a JSON document",
    "Finding": "to_dict() returns a JSON document",
    "build_schema": "returns a JSON Schema document",
    "to_dict": "returns the report's JSON document",
}


class _Placeholder:
    """Stands for a name imported only under TYPE_CHECKING (``pd.DataFrame``, ``Path``...)."""

    def __getattr__(self, name: str) -> _Placeholder:
        return _Placeholder()

    def __or__(self, other: object) -> object:
        return typing.Union[self, other]  # noqa: UP007 - a placeholder is not a type

    def __ror__(self, other: object) -> object:
        return typing.Union[other, self]  # noqa: UP007

    def __getitem__(self, item: object) -> _Placeholder:
        return self


class _Names(dict[str, Any]):
    """Names for evaluating a module's string annotations: its globals, builtins, the public
    names, what typing exports; anything else (imported only for type checkers) a placeholder."""

    def __init__(self, module_globals: dict[str, Any]) -> None:
        super().__init__()
        self.module_globals = module_globals

    def __missing__(self, name: str) -> Any:
        for space in (self.module_globals, vars(builtins), vars(typing)):
            if name in space:
                return space[name]
        if name in gd.__all__:
            return getattr(gd, name)
        module = sys.modules.get(name)
        return module if module is not None else _Placeholder()


def _hints(obj: Any) -> dict[str, Any]:
    module = sys.modules.get(getattr(obj, "__module__", ""), types.ModuleType("?"))
    return typing.get_type_hints(obj, globalns={}, localns=_Names(vars(module)))


def _has_any(tp: Any) -> bool:
    return tp is Any or any(_has_any(a) for a in typing.get_args(tp))


def _functions(name: str, obj: Any) -> list[tuple[str, Callable[..., Any]]]:
    if inspect.isfunction(obj):
        overloads = typing.get_overloads(obj) if sys.version_info >= (3, 11) else []
        return [(name, f) for f in overloads] if overloads else [(name, obj)]
    out: list[tuple[str, Callable[..., Any]]] = []
    if inspect.isclass(obj):
        for attr, member in vars(obj).items():
            if attr.startswith("_") and attr != "__init__":
                continue
            fn = member.fget if isinstance(member, property) else member
            fn = fn.__func__ if isinstance(fn, (staticmethod, classmethod)) else fn
            if inspect.isfunction(fn):
                out.append((f"{name}.{attr}", fn))
    return out


def audit() -> dict[str, list[str]]:
    """Public name → where its annotations hold ``Any`` or are missing."""
    found: dict[str, list[str]] = {}
    for name in gd.__all__:
        obj = getattr(gd, name)
        where: list[str] = []
        if inspect.isclass(obj) and attrs.has(obj):
            where += [f"field {k}: {v}" for k, v in _hints(obj).items() if _has_any(v)]
        for qual, fn in _functions(name, obj):
            hints = _hints(fn)
            where += [f"{qual} {k}: {v}" for k, v in hints.items() if _has_any(v)]
            params = [p for p in inspect.signature(fn).parameters if p not in ("self", "cls")]
            where += [f"{qual} {p}: not annotated" for p in params if p not in hints]
            if "return" not in hints and not qual.endswith("__init__"):
                where.append(f"{qual}: return not annotated")
        if where:
            found[name] = sorted(set(where))
    return found


# typing.get_overloads (3.11) sees an overloaded function's overloads, not its implementation's Any.
needs_overloads = pytest.mark.skipif(sys.version_info < (3, 11), reason="typing.get_overloads is new in 3.11")


@needs_overloads
def test_any_only_in_json_documents() -> None:
    found = audit()
    assert sorted(found) == sorted(JSON_DOCUMENTS), found
    for name, where in found.items():  # and there only in the JSON documents' dicts
        if name == "Context":
            assert all("Mapping[str, typing.Any]" in w or "value return" in w for w in where), where
            continue
        assert all("dict[str, typing.Any]" in w for w in where), (name, where)


# Types of the report classes' fields (sections and rows of the template): documented on
# the API page under "The template's parts" from govdisclosure.schema, not exported at the top.
PAGE = Path(__file__).resolve().parent.parent / "docs" / "reference" / "api.md"
# Aliases of builtins only, named for readers of the source: shown expanded where it matters.
PLAIN_ALIASES = {"Count": "int | None: a count, None for a printed blank"}


def _named_types(obj: Any, name: str) -> set[tuple[str, Any]]:
    """(name, object) of every name in the annotations of ``obj`` (fields, parameters, returns)."""
    owners: list[tuple[Any, dict[str, Any]]] = []
    if inspect.isclass(obj):
        owners += [
            (k, vars(k).get("__annotations__", {})) for k in obj.__mro__ if k.__module__.startswith("govdisclosure")
        ]
    owners += [(fn, fn.__annotations__) for _, fn in _functions(name, obj)]
    found: set[tuple[str, Any]] = set()
    for owner, hints in owners:
        names = _Names(vars(sys.modules[owner.__module__]))
        for ann in hints.values():
            text = re.sub(r"'[^']*'|\"[^\"]*\"", "", ann if isinstance(ann, str) else "")  # not Literal values
            for ident in re.findall(r"[A-Za-z_][\w.]*", text):
                try:
                    value = eval(ident, {}, names)  # names in our own annotations
                except Exception:
                    continue
                if isinstance(value, _Placeholder):  # a type alias only type checkers see is ours too
                    source = inspect.getsource(sys.modules[owner.__module__])
                    if re.search(rf"^\s*{re.escape(ident)}(: TypeAlias)? = ", source, re.M):
                        found.add((ident, value))
                    continue
                if inspect.ismodule(value):
                    continue
                ours = isinstance(value, type) and value.__module__.startswith("govdisclosure")
                alias = bool(typing.get_args(value)) and ident.split(".")[0] in vars(sys.modules[owner.__module__])
                if ours or alias:
                    found.add((ident.split(".")[-1], value))
    return found


def test_every_type_in_a_public_signature_is_exported_and_documented() -> None:
    page = PAGE.read_text(encoding="utf-8") if PAGE.is_file() else ""
    parts = set(re.findall(r"^::: govdisclosure\.schema\.(\w+)$", page, re.M))
    missing: dict[str, set[str]] = {}
    queue = [(n, getattr(gd, n)) for n in gd.__all__]
    seen: set[int] = set()
    while queue:
        name, obj = queue.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        for tname, value in _named_types(obj, name):
            if tname in PLAIN_ALIASES or tname.startswith("_"):
                continue
            if tname in gd.__all__ and (getattr(gd, tname) == value or isinstance(value, _Placeholder)):
                continue
            if tname in parts and getattr(importlib.import_module("govdisclosure.schema"), tname) is value:
                queue.append((tname, value))
                continue
            missing.setdefault(tname, set()).add(name)
            if isinstance(value, type):
                queue.append((tname, value))
    assert missing == {}, missing
    assert parts, "docs/reference/api.md documents the template's parts"


@needs_overloads
def test_rules_and_to_dataframe_have_no_any() -> None:
    found = audit()
    for name in ("check", "diagnose", "check_series", "check_pair", "aggregate", "check_rollup", "to_dataframe"):
        assert name not in found, found.get(name)


if __name__ == "__main__":
    result = audit()
    for name, where in result.items():
        print(name)
        for w in where:
            print("   ", w)
    print(f"{len(result)} of {len(gd.__all__)} public names with Any or a missing annotation")
