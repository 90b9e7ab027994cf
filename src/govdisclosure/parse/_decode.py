"""Bytes to text: BOMs, UTF-8, UTF-16 and the GB family (GBK, GB2312, GB18030)."""

from __future__ import annotations

import codecs
import re

from ..exceptions import ParseError, UnsupportedFormatError

__all__ = ["decode", "sniff_format"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def sniff_format(data: bytes) -> str:
    """'text', 'html', 'pdf', 'docx', 'doc', 'zip', 'png', 'jpeg' or 'tiff', from the first bytes."""
    head = data[:4096]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "docx" if b"word/" in data[:65536] or b"word/document.xml" in data[-262144:] else "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    probe = head.lstrip(codecs.BOM_UTF8).lstrip().lower()
    if (
        probe.startswith((b"<!doctype html", b"<html", b"<?xml"))
        or b"<html" in probe[:1024]
        or (
            probe.startswith(b"<")
            and (b"<table" in probe or b"<body" in probe or b"<div" in probe or b"<meta" in probe)
        )
    ):
        return "html"
    return "text"


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\ufffd]")


def _looks_binary(text: str) -> bool:
    """Many control characters (other than tab, newlines, form feed) or replacement characters."""
    head = text[:20000]
    return len(_CONTROL.findall(head)) > max(8, len(head) // 50)


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode report bytes; returns (text, encoding used). Raises ParseError for binary data."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError) as exc:
            raise ParseError(f"cannot decode the input as {encoding}: {exc}") from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise ParseError(f"input starts with a {name} byte-order mark but does not decode: {exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    else:
        if _looks_binary(text):
            raise ParseError("input looks like binary data, not a text report")
        return text, "utf-8"
    # UTF-16 without a BOM: many NUL bytes in alternating positions.
    if data[:2000].count(b"\x00") > len(data[:2000]) // 4:
        for name in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(name)
            except UnicodeDecodeError:
                continue
            if not _looks_binary(text):
                return text, name
        raise ParseError("input looks like binary data, not a text report")
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    else:
        if not _looks_binary(text):
            return text, "gb18030"
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200000]).best()
    if best is None or best.encoding is None:
        raise ParseError("input looks like binary data, not a text report")
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise ParseError("cannot tell the input's text encoding; pass encoding=...") from None
    if _looks_binary(text):
        raise ParseError("input looks like binary data, not a text report")
    return text, best.encoding


def refuse_format(fmt: str) -> None:
    """Raise UnsupportedFormatError for a format without a reader yet."""
    hints = {
        "doc": "legacy Word .doc files are not supported; convert the file to .docx or text",
        "zip": "zip archives are not supported; extract the report first",
    }
    raise UnsupportedFormatError(hints.get(fmt, f"{fmt} input is not supported"))
