"""The Python snippets of the README, the tutorial and the how-tos, typed with ``mypy --strict``.

Each page's ```python blocks are joined into one module (a page is read top to bottom
in one session) and the modules are checked together. Dask and distributed ship no type
information: they are taken as untyped (``Any``), which is what a downstream script sees.

    python tests/typing/check_snippets.py [ROOT]   # ROOT holds README.md and docs/ (default: the checkout)

Exit status: mypy's (0: every snippet passes). Run by ``tests/test_docs.py`` and by the
``wheel`` session of nox, against the installed wheel.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
CONFIG = """\
[mypy]
strict = True
python_version = 3.10
cache_dir = /dev/null

[mypy-dask.*,distributed.*,fsspec.*]
ignore_missing_imports = True
follow_imports = skip
"""


def pages(root: Path) -> list[Path]:
    """The pages whose snippets a reader copies: README, tutorial, every how-to."""
    return [root / "README.md", root / "docs" / "tutorial.md", *sorted((root / "docs" / "how-to").glob("*.md"))]


def write_modules(root: Path, into: Path) -> list[Path]:
    """One module per page with snippets, named after the page."""
    out = []
    for page in pages(root):
        blocks = BLOCK.findall(page.read_text(encoding="utf-8"))
        if not blocks:
            continue
        name = re.sub(r"\W", "_", str(page.relative_to(root).with_suffix(""))) + ".py"
        (into / name).write_text("\n".join(blocks), encoding="utf-8")
        out.append(into / name)
    return out


def check(root: Path) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        modules = write_modules(root, work)
        (work / "mypy.ini").write_text(CONFIG, encoding="utf-8")
        return subprocess.run(
            [sys.executable, "-m", "mypy", "--config-file", str(work / "mypy.ini"), *map(str, modules)],
            capture_output=True,
            text=True,
            cwd=work,
        )


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2]
    result = check(root)
    sys.stdout.write(result.stdout + result.stderr)
    sys.exit(result.returncode)
