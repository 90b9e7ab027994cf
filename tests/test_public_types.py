"""Every public name's annotations, audited at run time: where ``Any`` remains, and why.

``mypy --strict`` on ``tests/typing/usage.py`` pins the return types a downstream script
sees; this audit covers the rest of each signature (parameters, fields, methods) for every
name in ``govdisclosure.__all__``. Run it as a script to print the audit:

    python tests/test_public_types.py
"""

from __future__ import annotations

import builtins
import inspect
import sys
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs
import pytest

import govdisclosure as gd

# The Any that stays, and why: each is a JSON document (nested objects whose shape the
# published JSON Schema describes), typed as the standard library types ``json.loads``.
JSON_DOCUMENTS = {
    "BatchResult": "document and diagnostics are JSON documents (the report and its diagnostics)",
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
        assert all("dict[str, typing.Any]" in w for w in where), (name, where)


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
