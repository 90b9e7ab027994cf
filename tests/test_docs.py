"""The documentation against the code: the API reference lists every public name, and
every Python snippet of the README and the runnable pages executes."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

import pytest

import govdisclosure as gd

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# Pages whose ```python blocks run top to bottom in one session, in an empty folder.
RUNNABLE = ["README.md", "docs/tutorial.md", "docs/how-to/embed.md", "docs/how-to/compliance-tool.md"]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)

needs_docs = pytest.mark.skipif(not DOCS.is_dir(), reason="the docs are not beside the tests")


def _resolve(path: str) -> Any:
    parts = path.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for name in parts[i:]:
            obj = getattr(obj, name)
        return obj
    raise ImportError(path)


@needs_docs
def test_api_reference_lists_every_public_name() -> None:
    page = (DOCS / "reference" / "api.md").read_text(encoding="utf-8")
    entries = re.findall(r"^::: ([\w.]+)$", page, re.M)
    listed = {path.rsplit(".", 1)[-1]: _resolve(path) for path in entries}
    missing = [name for name in gd.__all__ if name not in listed]
    assert missing == [], f"not in docs/reference/api.md: {missing}"
    for name in gd.__all__:
        assert listed[name] is getattr(gd, name), f"{name}: the page documents another object"


@needs_docs
def test_sphinx_roles_become_cross_references() -> None:
    pytest.importorskip("griffe")
    import sys

    sys.path.insert(0, str(DOCS / "hooks"))
    try:
        from griffe_roles import rewrite  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    assert rewrite("Raises :class:`~govdisclosure.ParseError`.") == "Raises [ParseError][govdisclosure.ParseError]."
    assert rewrite("a :class:`~decimal.Decimal`") == "a `Decimal`"
    for name in gd.__all__:
        doc = getattr(getattr(gd, name), "__doc__", None) or ""
        assert not re.search(r":\w+:`", rewrite(doc)), name


@needs_docs
@pytest.mark.parametrize("page", RUNNABLE)
def test_snippets_run(page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = BLOCK.findall((ROOT / page).read_text(encoding="utf-8"))
    assert blocks, f"{page} has no python snippet"
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {"__name__": "snippet"}
    for i, block in enumerate(blocks):
        exec(compile(block, f"{page} snippet {i + 1}", "exec"), namespace)
    for name, fn in list(namespace.items()):  # a snippet that shows a test: run it too
        if name.startswith("test_") and callable(fn):
            fn()


@needs_docs
def test_snippets_pass_mypy_strict() -> None:
    """What a reader copies from the README, the tutorial and the how-tos type-checks as it stands."""
    pytest.importorskip("mypy")
    import sys

    sys.path.insert(0, str(ROOT / "tests" / "typing"))
    try:
        from check_snippets import check  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    result = check(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def _emitted_codes() -> dict[str, list[str]]:
    """Every diagnostic code the parser's source can emit: the first argument of each
    ``.diag(...)`` / ``Diagnostic(...)`` call in src/govdisclosure/parse (a literal, or the
    literals of a conditional expression)."""
    import ast

    codes: dict[str, list[str]] = {}
    for path in sorted((ROOT / "src" / "govdisclosure" / "parse").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name not in ("diag", "unread", "Diagnostic"):
                continue
            arg = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "code"), None)
            where = f"{path.name}:{node.lineno}"
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                codes.setdefault(arg.value, []).append(where)
            elif isinstance(arg, ast.IfExp):
                for n in ast.walk(arg):
                    if isinstance(n, ast.Constant) and isinstance(n.value, str):
                        codes.setdefault(n.value, []).append(where)
            elif isinstance(arg, ast.Name) and arg.id == "code" and path.name == "_build.py":
                continue  # the helper itself: Diagnostic(code, ...) inside def diag
            else:
                raise AssertionError(f"{where}: a diagnostic code that is not a literal; list it by hand")
    return codes


@needs_docs
def test_diagnostic_codes_page_lists_every_code_the_parser_emits() -> None:
    if not (ROOT / "src").is_dir():
        pytest.skip("the source is not beside the tests")
    page = (DOCS / "reference" / "diagnostics.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z-]+)` \| (yes|no) \|", page, re.M)
    listed = [code for code, _ in rows]
    assert listed == sorted(set(listed)), "one row per code, in alphabetical order"
    emitted = _emitted_codes()
    assert set(listed) == set(emitted), {
        "emitted, not on the page": sorted(set(emitted) - set(listed)),
        "on the page, never emitted": sorted(set(listed) - set(emitted)),
    }
    unreliable = {code for code, answer in rows if answer == "yes"}
    assert {"cell-not-read", "ambiguous-run", "row-short", "not-a-count", "ocr-low-confidence"} <= unreliable
    assert "row-blank" not in unreliable  # a printed blank is what the report says
