"""The package's modules import one another without a cycle, and never through the package root.

The graph is read from the source with ``ast``: an edge for every ``import`` and ``from …
import`` of a module of the package, at module level AND inside functions (a function-level
import is still a dependency: it only runs later), except those under ``if TYPE_CHECKING:``
(never run). ``from P import name`` is an edge to the module ``P.name`` when that is a module,
else to ``P`` (its ``__init__``). Not edges: the lazy loaders of the public API (the root's and
``serialize``'s ``__getattr__``, which import by a name held in a table), and the parent packages
Python runs before a submodule (``govdisclosure.parse.readers._pdf`` runs ``parse/__init__``):
counting those would tie every module to every facade above it.

Second rule: inside the package, nothing imports from the root package ``govdisclosure`` but the
version string it defines itself. ``from . import _batch`` or ``from . import parse`` goes through
the root's lazy ``__getattr__``; import the module itself (``from ._batch import …``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "src" / "govdisclosure"
PACKAGE = "govdisclosure"
ROOT_NAMES_ALLOWED = frozenset({"__version__"})  # defined by the root itself, at the top

pytestmark = pytest.mark.skipif(not ROOT.is_dir(), reason="the source is not beside the tests")


def _modules(root: Path, package: str) -> dict[str, tuple[Path, bool]]:
    """{dotted name: (file, is a package)} of every module under ``root``."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = [package, *path.relative_to(root).with_suffix("").parts]
        is_package = parts[-1] == "__init__"
        out[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return out


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement, at any depth, but those under ``if TYPE_CHECKING:``."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _type_checking(node.test):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def _resolve(node: ast.ImportFrom, package: str) -> str:
    """The absolute module a ``from`` import names (``package``: the importer's package)."""
    if not node.level:
        return node.module or ""
    parts = package.split(".")
    base = parts[: len(parts) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def import_graph(root: Path = ROOT, package: str = PACKAGE) -> tuple[dict[str, set[str]], list[tuple[str, str, int]]]:
    """(module → modules it imports, [(importer, name, line) of names imported from the root])."""
    modules = _modules(root, package)
    graph: dict[str, set[str]] = {}
    via_root: list[tuple[str, str, int]] = []
    for name, (path, is_package) in modules.items():
        own_package = name if is_package else name.rpartition(".")[0]
        edges: set[str] = set()
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name == package:
                        via_root.append((name, alias.name, node.lineno))
                    edges.add(alias.name)
                continue
            target = _resolve(node, own_package)
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                edges.add(sub if sub in modules else target)
                if target == package and alias.name not in ROOT_NAMES_ALLOWED:
                    via_root.append((name, alias.name, node.lineno))
        graph[name] = {e for e in edges if e in modules and e != name}
    return graph, via_root


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (a path back to its start) for each strongly connected component of more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan; the package is a few dozen modules deep at most
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return [_a_cycle(graph, set(c)) for c in components]


def _a_cycle(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    """A path from the component's first module back to itself, inside the component."""
    start = min(component)
    paths = {start: [start]}
    todo = [start]
    while todo:
        v = todo.pop(0)
        for w in sorted(graph[v] & component):
            if w == start:
                return [*paths[v], start]
            if w not in paths:
                paths[w] = [*paths[v], w]
                todo.append(w)
    raise AssertionError(component)  # pragma: no cover - a component always closes


def test_no_import_cycle() -> None:
    graph, _ = import_graph()
    found = cycles(graph)
    assert not found, "\n".join(" -> ".join(c) for c in found)


def test_nothing_imports_through_the_package_root() -> None:
    _, via_root = import_graph()
    assert not via_root, [f"{m}:{line} imports {n!r} from the root" for m, n, line in via_root]


def test_the_graph_holds_the_edges_it_should() -> None:
    """Not vacuous: module-level and function-level edges are there, TYPE_CHECKING-only ones are not."""
    graph, _ = import_graph()
    assert "govdisclosure.parse.recognizer._recognize" in graph["govdisclosure.parse"]  # module level
    assert "govdisclosure.parse.readers._pdf" in graph["govdisclosure.parse"]  # inside a function
    assert "govdisclosure.parse.recognizer._locate" in graph["govdisclosure.parse._result"]  # in a property
    assert "govdisclosure.rules._series" not in graph["govdisclosure.rules"]  # under TYPE_CHECKING only
    assert len(graph) > 50


def test_a_cycle_is_found(tmp_path: Path) -> None:
    """A made-up package: a → b at module level, b → a inside a function, c → a only under TYPE_CHECKING."""
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text('__version__ = "1"\n')
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "a.py").write_text("from . import b\nfrom .. import __version__\n")
    (pkg / "sub" / "b.py").write_text("def f():\n    from .a import x\n")
    (pkg / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .sub.a import x\n")
    (pkg / "d.py").write_text("from . import c\n")
    graph, via_root = import_graph(pkg, "pkg")
    assert graph["pkg.c"] == set()
    assert cycles(graph) == [["pkg.sub.a", "pkg.sub.b", "pkg.sub.a"]]
    assert via_root == [("pkg.d", "c", 1)]
