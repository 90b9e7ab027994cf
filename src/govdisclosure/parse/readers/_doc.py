"""Legacy Word ``.doc`` (and WPS) files: converted to .docx by LibreOffice, then read as DOCX.

LibreOffice runs headless (``soffice --headless --convert-to docx``) in a
temporary folder of its own (mode 0700), with a throwaway user profile, so that
parallel batch workers never share (and lock) one profile, and under a timeout
(:data:`CONVERT_TIMEOUT` seconds). The converted file is read by the DOCX reader;
the Document keeps the original file's name and says ``doc`` as its format.
Without LibreOffice on PATH, the error says what to install.

Nothing is fetched: a .doc may link pictures or other content by URL
(``INCLUDEPICTURE "http://..."``), which LibreOffice would load while converting.
The profile blocks it three ways: links from untrusted documents are blocked
(``BlockUntrustedRefererLinks``), links are never updated, and every HTTP, HTTPS
and FTP connection goes through a proxy that does not exist (a closed port on
127.0.0.1); macros are disabled. On Linux the converter also runs without a
network at all (a network namespace of its own, where the platform allows it).

Under a batch's ``--max-memory`` (a soft address-space limit of the worker), the
converter runs with the limit lifted: LibreOffice maps far more than it uses, and
would fail to start; it is bounded by the timeout.

Nothing is left behind: LibreOffice runs in a session (process group) of its own,
which is killed on every way out of :func:`read_doc` (done, failed, timed out,
interrupted: Ctrl-C, a batch's time limit, a worker stopped), and waited for,
before the temporary folder is removed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import attrs

from ...exceptions import ParseError, UnsupportedFormatError
from .._document import Document

__all__ = ["CONVERT_TIMEOUT", "read_doc", "soffice"]

CONVERT_TIMEOUT = 120.0  # seconds for one conversion
INSTALL_HINT = (
    "reading a legacy Word .doc/.wps file needs LibreOffice (`soffice` on PATH): "
    "install it (Debian/Ubuntu: apt-get install libreoffice-writer-nogui), or convert the file to .docx"
)
# Run the converter in a network namespace of its own where the platform allows it (Linux);
# a test turns it off to show that the profile's settings alone fetch nothing.
ISOLATE_NETWORK = sys.platform.startswith("linux")

_DEAD_PROXY = ("127.0.0.1", 9)  # nothing listens there: every connection through it fails at once


def _settings() -> str:
    """The profile's registrymodifications.xcu: no linked content, no network, no macros."""
    host, port = _DEAD_PROXY
    props = [
        ("org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
        ("org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
        ("org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
        ("org.openoffice.Office.Writer/Content/Update", "Link", "0"),  # never update links
        ("org.openoffice.Office.Calc/Content/Update", "Link", "2"),  # 2 = never, in Calc
        ("org.openoffice.Inet/Settings", "ooInetProxyType", "1"),  # manual proxy ...
        ("org.openoffice.Inet/Settings", "ooInetNoProxy", ""),  # ... for every host
        *(("org.openoffice.Inet/Settings", f"ooInet{s}ProxyName", host) for s in ("HTTP", "HTTPS", "FTP")),
        *(("org.openoffice.Inet/Settings", f"ooInet{s}ProxyPort", str(port)) for s in ("HTTP", "HTTPS", "FTP")),
    ]
    items = "".join(
        f'<item oor:path="/{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop></item>\n'
        for path, name, value in props
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"{items}</oor:items>\n"
    )


def soffice() -> str | None:
    """The LibreOffice executable on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _suffix(name: str | None) -> str:
    suffix = Path(name).suffix.lower() if name else ""
    return suffix if suffix in (".doc", ".wps", ".dot", ".wpt") else ".doc"


def _child() -> None:  # pragma: no cover - runs in the child, between fork and exec
    """The converter's set-up: the address-space limit of a batch worker lifted; no network (Linux)."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (resource.getrlimit(resource.RLIMIT_AS)[1],) * 2)
    except (ImportError, ValueError, OSError):
        pass
    if ISOLATE_NETWORK:
        _no_network()


def _no_network() -> None:  # pragma: no cover - runs in the child, between fork and exec
    """Leave the network: a network namespace of its own (only a loopback, down). Best effort."""
    import ctypes

    clone_newuser, clone_newnet = 0x10000000, 0x40000000
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.unshare(clone_newnet) == 0:
            return
        uid, gid = os.getuid(), os.getgid()
        if libc.unshare(clone_newuser | clone_newnet) != 0:
            return
        for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
            fd = os.open(f"/proc/self/{name}", os.O_WRONLY)
            try:
                os.write(fd, text.encode())
            finally:
                os.close(fd)
    except Exception:
        pass


@contextlib.contextmanager
def _workdir() -> Iterator[Path]:
    """A fresh 0700 folder, removed on every way out (what is in it included)."""
    root = Path(tempfile.mkdtemp(prefix="govdisclosure-doc-"))  # mkdtemp: mode 0700, owned by us
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def read_doc(data: bytes, name: str | None = None, timeout: float = CONVERT_TIMEOUT) -> Document:
    """Convert a legacy Word file's bytes to .docx with LibreOffice and read it."""
    exe = soffice()
    if exe is None:
        raise UnsupportedFormatError(INSTALL_HINT)
    with _workdir() as root:
        src = root / f"report{_suffix(name)}"
        src.write_bytes(data)
        out = root / "out"
        out.mkdir()
        user = root / "profile" / "user"
        user.mkdir(parents=True)
        (user / "registrymodifications.xcu").write_text(_settings(), encoding="utf-8")
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
        env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
        env["HOME"] = str(root)  # LibreOffice writes to $HOME: keep it in the temp dir
        env["TMPDIR"] = str(root)
        try:
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                cwd=root,
                env=env,
                start_new_session=True,
                preexec_fn=_child if os.name == "posix" else None,  # memory limit lifted, no network (Linux)
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise UnsupportedFormatError(f"cannot start LibreOffice ({exe}): {exc}") from None
        try:
            output, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise ParseError(f"LibreOffice did not convert the file within {timeout:.0f} s") from None
        finally:
            _kill(proc)  # whatever happened: a timeout, Ctrl-C, a batch's time limit (a BaseException), or done
        result = out / "report.docx"
        if proc.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
            said = output.decode("utf-8", "replace").strip().splitlines()[-1:] if output else []
            detail = f": {said[0]}" if said else ""
            raise UnsupportedFormatError(
                f"LibreOffice could not convert this legacy Office file to .docx{detail}; "
                "it may be damaged or not a Word document: convert it by hand"
            )
        converted = result.read_bytes()
    from ._docx import read_docx

    doc = read_docx(converted, name)
    return attrs.evolve(doc, source_format="doc")


def _group_alive(pgid: int) -> bool:
    """Whether a process of this group still runs (zombies waiting for a parent to reap them do not)."""
    if sys.platform.startswith("linux"):
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as f:
                    fields = f.read().rpartition(b")")[2].split()
            except OSError:
                continue
            if len(fields) > 2 and int(fields[2]) == pgid and fields[0] != b"Z":
                return True
        return False
    try:  # pragma: no cover - elsewhere: the group answers a signal
        os.killpg(pgid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True  # pragma: no cover


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """Kill the converter's whole process group, reap it, and wait (up to 5 s) for the group to be gone."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        with contextlib.suppress(OSError):
            proc.kill()
    proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()
    deadline = time.monotonic() + 5.0
    while _group_alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.01)
