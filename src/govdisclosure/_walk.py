"""Finding report files under the paths given: one walker for ``batch``, the Dask path and ``check --series``.

:func:`walk` lists the files given and, under each folder given, every entry named
like a report (:data:`REPORT_SUFFIXES`) in a stable order. It never leaves out an entry
silently: what it cannot read is listed too, and :func:`unreadable` says why, so that
each caller makes it one error row (or message):

- a FIFO, socket or device named like a report, a dangling symbolic link, a loop of
  symbolic links: listed; reading them is refused with the reason;
- a folder that cannot be listed (permission denied, vanished): listed, with the
  reason the OS gave;
- a symbolic link to a folder: listed but not followed (links are never followed
  under a folder, so a loop cannot trap the walk): give the folder itself to read it.

Files named ``README*`` under a folder are not reports (a corpus's notes) and are not
listed; given by name, they are read like any file.

File names need not be valid UTF-8 (any name the OS allows): such a path, decoded
with ``surrogateescape``, is opened as it is; :func:`display` gives its escaped,
valid-Unicode form for the outputs and :func:`key` a key that tells every two names
apart.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

__all__ = ["REPORT_SUFFIXES", "display", "is_escaped", "key", "unescape", "unreadable", "walk"]

# Files searched for under a folder. Page images (the [ocr] extra) and legacy Word .doc/.wps (LibreOffice)
# are listed whether or not those are installed: without them such a file is an error row saying what to install.
REPORT_SUFFIXES = (
    *(".txt", ".text", ".md", ".html", ".htm", ".shtml", ".docx", ".pdf"),
    *(".png", ".jpg", ".jpeg", ".tif", ".tiff", ".doc", ".wps"),
)


def _valid(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def display(path: str | os.PathLike[str], escape: bool | None = None) -> str:
    """A path as valid Unicode text for outputs: unchanged if it is valid UTF-8.

    Otherwise (or if ``escape``) each byte that is not UTF-8 is written ``\\xHH`` and
    each backslash doubled, so :func:`unescape` gives the bytes back. The batch escapes
    a source whenever its key is escaped (:func:`key`), and says so in ``reports.jsonl``
    (``"source_escaped": true``).
    """
    text = os.fspath(path)
    if escape is False or (escape is None and _valid(text)):
        return text
    out = []
    for ch in text.replace("\\", "\\\\"):
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: one byte that is not UTF-8
            out.append(f"\\x{code - 0xDC00:02x}")
        elif 0xD800 <= code <= 0xDFFF:  # a lone surrogate of another origin (Windows names)
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def is_escaped(path: str | os.PathLike[str]) -> bool:
    """Whether :func:`display` escapes this path (it is not valid UTF-8)."""
    return not _valid(os.fspath(path))


def unescape(shown: str) -> bytes:
    """The bytes of a path from its escaped :func:`display` form."""
    out = bytearray()
    i = 0
    while i < len(shown):
        ch = shown[i]
        if ch == "\\" and shown[i + 1 : i + 2] == "\\":
            out += b"\\"
            i += 2
        elif ch == "\\" and shown[i + 1 : i + 2] == "x":
            out.append(int(shown[i + 2 : i + 4], 16))
            i += 4
        elif ch == "\\" and shown[i + 1 : i + 2] == "u":
            out += chr(int(shown[i + 2 : i + 6], 16)).encode("utf-8", "surrogatepass")
            i += 6
        else:
            out += ch.encode("utf-8")
            i += 1
    return bytes(out)


def key(path: str | os.PathLike[str]) -> str:
    """The ledger key of a path: its absolute form; a name that is not UTF-8 is escaped and marked.

    The mark (``bytes:``) cannot begin an absolute path, so no valid name and no other
    escaped name has the same key.
    """
    absolute = os.path.abspath(os.fspath(path))
    return absolute if _valid(absolute) else f"bytes:{display(absolute)}"


def unreadable(path: str | os.PathLike[str]) -> str | None:
    """Why a listed entry that is a folder (or a link to one) is not read as a report; None for anything else."""
    text = os.fspath(path)
    try:
        if not os.path.isdir(text):
            return None
        if stat.S_ISLNK(os.lstat(text).st_mode):
            return "not read: a symbolic link to a folder (links under a folder are not followed; give the folder)"
        with os.scandir(text):
            pass
    except OSError as exc:
        return f"cannot list the folder: {exc.strerror or exc}"
    except ValueError as exc:
        return f"cannot read: {exc}"
    return "cannot read: a folder, not a file"


def walk(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The files given, and every entry named like a report under the folders given, in a stable order.

    Entries that cannot be read are listed too (see the module's docstring).
    """
    files: list[Path] = []
    for p in paths:
        path = Path(p)
        if not path.is_dir():
            files.append(path)
            continue
        found: list[Path] = []

        def unlisted(exc: OSError, top: Path = path, found: list[Path] = found) -> None:
            found.append(Path(exc.filename) if exc.filename is not None else top)  # read: the reason is said

        for root, dirs, names in os.walk(path, onerror=unlisted):
            links = [d for d in dirs if os.path.islink(os.path.join(root, d))]
            found += (Path(root, d) for d in links)  # not followed (os.walk does not), but said
            dirs[:] = sorted(d for d in dirs if d not in links)
            found += (
                Path(root, n)
                for n in names
                if Path(n).suffix.lower() in REPORT_SUFFIXES and not n.upper().startswith("README")
            )
        files += sorted(found)
    return files
