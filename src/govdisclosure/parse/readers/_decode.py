"""Bytes to text: BOMs, UTF-8, UTF-16 and the GB family (GBK, GB2312, GB18030)."""

from __future__ import annotations

import codecs
import functools
import re

from ...exceptions import ParseError, UnsupportedFormatError

__all__ = ["decode", "mojibake_ratio", "sniff_format", "sniff_text"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# A page or fragment starts with one of these (Word's "web page", CMS fragments starting <p ...> or <span>).
_START_TAG = re.compile(
    rb"<(?:!doctype\s+html|!--|\?xml|(?:html|head|body|meta|title|link|style|script|table|tbody|tr|td|th|div|p|"
    rb"span|font|h[1-6]|br|hr|b|i|u|strong|em|center|section|article|header|main|ul|ol|li|a|img|form|o:p)"
    rb"(?=[\s>/]))",
    re.IGNORECASE,
)


_UTF16_LE_MARKUP = re.compile(rb"(?:[ \t\r\n]\x00)*<\x00[!?A-Za-z]\x00")
_UTF16_BE_MARKUP = re.compile(rb"(?:\x00[ \t\r\n])*\x00<\x00[!?A-Za-z]")


def utf16_codec(head: bytes) -> str | None:
    """'utf-16' (a BOM), 'utf-16-le' or 'utf-16-be' (markup, or NULs in alternate bytes), else None."""
    if head.startswith(codecs.BOM_UTF32_LE):
        return None
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if _UTF16_LE_MARKUP.match(head):
        return "utf-16-le"
    if _UTF16_BE_MARKUP.match(head):
        return "utf-16-be"
    sample = head[:2000]
    if len(sample) < 4 or sample.count(b"\x00") <= len(sample) // 4:
        return None
    return "utf-16-be" if sample[0::2].count(0) > sample[1::2].count(0) else "utf-16-le"


def _utf16_head(head: bytes) -> bytes | None:
    """The first bytes of a UTF-16 input (with or without a BOM) as UTF-8, else None."""
    codec = utf16_codec(head)
    if codec is None:
        return None
    return head[: len(head) // 2 * 2].decode(codec, "replace").encode("utf-8")


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
    wide = _utf16_head(head)
    if wide is not None:
        head = wide
    probe = head.lstrip(codecs.BOM_UTF8).lstrip().lower()
    if (
        _START_TAG.match(probe)
        or b"<html" in probe[:1024]
        or (
            probe.startswith(b"<")
            and (b"<table" in probe or b"<body" in probe or b"<div" in probe or b"<meta" in probe)
        )
    ):
        return "html"
    return "text"


def sniff_text(text: str) -> str:
    """'html' or 'text' for a report given as a str."""
    probe = text[:4096].lstrip("\ufeff \t\r\n\f\u3000")
    if not probe.startswith("<"):
        return "text"
    return "html" if sniff_format(probe.encode("utf-8", "replace")) == "html" else "text"


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
    # UTF-16 without a BOM: markup, or many NUL bytes in alternate positions (ASCII in UTF-16 is valid UTF-8).
    wide = utf16_codec(data[:4096])
    if wide is not None:
        other = "utf-16-be" if wide == "utf-16-le" else "utf-16-le"
        for name in (wide, other):
            try:
                text = data.decode(name)
            except UnicodeDecodeError:
                continue
            if not _looks_binary(text):
                return text, name
        raise ParseError("input looks like binary data, not a text report")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    else:
        if _looks_binary(text):
            raise ParseError("input looks like binary data, not a text report")
        return text, "utf-8"
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    else:
        if not _looks_binary(text):
            if not _is_mojibake(text):
                return text, "gb18030"
            return _other_candidates(data, "gb18030")
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
    if _is_mojibake(text):
        return _other_candidates(data, best.encoding)
    return text, best.encoding


# ---------------------------------------------------------------- mojibake
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\ue000-\uf8ff\ufffd\U00020000-\U0003ffff]")
_MIN_HAN = 20
_MAX_RARE = 0.25
_CANDIDATES = ("big5", "cp950", "big5hkscs", "gb18030", "utf-16-le", "utf-16-be")


@functools.lru_cache(maxsize=1)
def _common_han() -> frozenset[str]:
    """The frequent characters: GB2312 level 1 (3,755) and Big5's frequent block (5,401)."""
    gb = bytes(b for hi in range(0xB0, 0xD8) for lo in range(0xA1, 0xFF) for b in (hi, lo))
    big5 = bytes(b for hi in range(0xA4, 0xC7) for lo in (*range(0x40, 0x7F), *range(0xA1, 0xFF)) for b in (hi, lo))
    return frozenset(gb.decode("gb2312", "replace") + big5.decode("big5", "replace")) - {"\ufffd"}


def mojibake_ratio(text: str) -> tuple[int, float]:
    """(Han-like characters seen, share of them that are rare, private-use or U+FFFD) in the first 20,000."""
    found = _HAN.findall(text[:20000])
    if not found:
        return 0, 0.0
    common = _common_han()
    rare = sum(1 for c in found if c not in common)
    return len(found), rare / len(found)


def _is_mojibake(text: str) -> bool:
    n, ratio = mojibake_ratio(text)
    return n >= _MIN_HAN and ratio > _MAX_RARE


def _other_candidates(data: bytes, first: str) -> tuple[str, str]:
    """The text read as mojibake under ``first``: try the other likely encodings and the detector's list."""
    names = list(_CANDIDATES)
    try:
        from charset_normalizer import from_bytes

        names += [m.encoding for m in from_bytes(data[:200000]) if m.encoding]
    except Exception:  # pragma: no cover - the detector is only a source of candidates
        pass
    tried = [first]
    best: tuple[int, str, str] | None = None
    for name in dict.fromkeys(names):
        if name == first:
            continue
        tried.append(name)
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        if _looks_binary(text):
            continue
        n, ratio = mojibake_ratio(text)
        if n < _MIN_HAN or ratio > _MAX_RARE:
            continue
        score = int(n * (1 - ratio))
        if best is None or score > best[0]:
            best = (score, text, name)
    if best is None:
        raise ParseError(
            "the text decodes only to mojibake (mostly rare or private-use characters); tried "
            + ", ".join(tried)
            + ": pass encoding=..."
        )
    return best[1], best[2]


def refuse_format(fmt: str) -> None:
    """Raise UnsupportedFormatError for a format without a reader yet."""
    hints = {
        "doc": "legacy Word .doc files are not supported; convert the file to .docx or text",
        "zip": "zip archives are not supported; extract the report first",
    }
    raise UnsupportedFormatError(hints.get(fmt, f"{fmt} input is not supported"))
