"""Legacy Word ``.doc`` (and WPS) files: converted to .docx by LibreOffice, then read as DOCX.

LibreOffice runs headless (``soffice --headless --convert-to docx``) in a
temporary directory with a user profile of its own, so that parallel batch
workers never share (and lock) one profile, and under a timeout
(:data:`CONVERT_TIMEOUT` seconds; the whole process group is killed past it).
The converted file is read by the DOCX reader; the Document keeps the
original file's name and says ``doc`` as its format. Without LibreOffice on
PATH, the error says what to install.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import attrs

from ..exceptions import ParseError, UnsupportedFormatError
from ._document import Document

__all__ = ["CONVERT_TIMEOUT", "read_doc", "soffice"]

CONVERT_TIMEOUT = 120.0  # seconds for one conversion
INSTALL_HINT = (
    "reading a legacy Word .doc/.wps file needs LibreOffice (`soffice` on PATH): "
    "install it (Debian/Ubuntu: apt-get install libreoffice-writer-nogui), or convert the file to .docx"
)


def soffice() -> str | None:
    """The LibreOffice executable on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _suffix(name: str | None) -> str:
    suffix = Path(name).suffix.lower() if name else ""
    return suffix if suffix in (".doc", ".wps", ".dot", ".wpt") else ".doc"


def read_doc(data: bytes, name: str | None = None, timeout: float = CONVERT_TIMEOUT) -> Document:
    """Convert a legacy Word file's bytes to .docx with LibreOffice and read it."""
    exe = soffice()
    if exe is None:
        raise UnsupportedFormatError(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="govdisclosure-doc-") as tmp:
        root = Path(tmp)
        src = root / f"report{_suffix(name)}"
        src.write_bytes(data)
        out = root / "out"
        out.mkdir()
        cmd = [
            exe,
            f"-env:UserInstallation={(root / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(src),
        ]
        env = {**os.environ, "HOME": str(root)}  # LibreOffice writes to $HOME: keep it in the temp dir
        try:
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                cwd=root,
                env=env,
                start_new_session=True,
            )
        except OSError as exc:
            raise UnsupportedFormatError(f"cannot start LibreOffice ({exe}): {exc}") from None
        try:
            output, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise ParseError(f"LibreOffice did not convert the file within {timeout:.0f} s") from None
        result = out / "report.docx"
        if proc.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
            said = output.decode("utf-8", "replace").strip().splitlines()[-1:] if output else []
            detail = f": {said[0]}" if said else ""
            raise UnsupportedFormatError(
                f"LibreOffice could not convert this legacy Office file to .docx{detail}; "
                "it may be damaged or not a Word document: convert it by hand"
            )
        from ._read_docx import read_docx

        doc = read_docx(result.read_bytes(), name)
    return attrs.evolve(doc, source_format="doc")


def _kill(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.wait()
