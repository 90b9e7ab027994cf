"""nox sessions: the tests on every supported Python, the newcomer's path, the sdist.

    nox                      # everything below
    nox -s tests-3.13        # the tests on one Python
    nox -s wheel sdist       # the built packages, each in a clean virtual environment

CI (``.ci/run``) runs the README's test command (tests, mypy, ruff, mkdocs) once in its own
virtual environment, then the pytest suite on the other supported Pythons and the
``wheel`` and ``sdist`` sessions.
"""

from __future__ import annotations

import os
import shutil
import tarfile
import tempfile
from pathlib import Path

import nox

PYTHONS = ["3.10", "3.11", "3.12", "3.13"]
ROOT = Path(__file__).parent
nox.options.sessions = ["tests", "wheel", "sdist"]
nox.options.reuse_existing_virtualenvs = False

# pyenv keeps each Python in its own version; make its shims find all of them at once.
_PYENV = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
if "PYENV_VERSION" not in os.environ and _PYENV.is_dir():
    _found = [d.name for d in sorted(_PYENV.iterdir()) if d.name.rsplit(".", 1)[0] in PYTHONS]
    if _found:
        os.environ["PYENV_VERSION"] = ":".join(_found)


# The headless-browser test does not depend on the Python version: it runs once, in the
# README's test command, not again in every session.
NO_BROWSER = {"GOVDISCLOSURE_NO_BROWSER": "1"}


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The pytest suite with the test extra, and pyarrow and pandas for the batch tests that need them."""
    session.install(".[test,parquet,pandas]")
    session.run("python", "-m", "pytest", *session.posargs, env=NO_BROWSER)


def _build(session: nox.Session, kind: str, outdir: str) -> Path:
    session.run("python", "-m", "build", f"--{kind}", "--outdir", outdir, str(ROOT), silent=True)
    (path,) = Path(outdir).iterdir()
    return path


@nox.session(python=PYTHONS[0])
def wheel(session: nox.Session) -> None:
    """A newcomer's path on the oldest Python: the built wheel alone, the README's example,
    downstream scripts typed with ``mypy --strict`` and run (the typed API; an embedder's
    first steps: one folder as one path, a missing extra named before any work), the docs'
    snippets under ``mypy --strict``, and ``twine check``."""
    session.install("build", "twine", "mypy>=1.10", "typing-extensions>=4.6", "pandas-stubs>=2.0")
    outdir = tempfile.mkdtemp()
    whl = _build(session, "wheel", outdir)
    session.run("twine", "check", "--strict", str(whl), silent=True)
    session.install(str(whl))
    work = Path(tempfile.mkdtemp())  # outside the checkout: only the installed package is importable
    with session.chdir(work):
        session.run("govdisclosure", "--version")
        session.run("sh", "-c", 'govdisclosure check "$(govdisclosure sample --path)"', external=True)
        for script in ("usage.py", "embedder.py"):  # typed as a downstream script is, then run
            shutil.copy(ROOT / "tests" / "typing" / script, work / script)
            session.run("mypy", "--strict", "--python-version", "3.10", script)
            session.run("python", script)
        # The snippets a reader copies from the README, the tutorial and the how-tos, typed
        # against the installed wheel (dask and distributed, not installed here, as untyped).
        session.run("python", str(ROOT / "tests" / "typing" / "check_snippets.py"), str(ROOT))


@nox.session(python=PYTHONS[-1])
def sdist(session: nox.Session) -> None:
    """The tests from the unpacked sdist, on the newest Python, with LICENSE inside it (CI runs
    this instead of ``tests-3.13``: the same suite on the same Python)."""
    session.install("build")
    outdir = tempfile.mkdtemp()
    archive = _build(session, "sdist", outdir)
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        tar.extractall(outdir, filter="data")
    root = Path(outdir) / archive.name.removesuffix(".tar.gz")
    if f"{root.name}/LICENSE" not in names:
        session.error("LICENSE is missing from the sdist")
    with session.chdir(root):
        session.install(".[test,parquet,pandas]")
        session.run("python", "-m", "pytest", "-p", "no:cacheprovider", *session.posargs, env=NO_BROWSER)
