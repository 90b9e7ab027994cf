"""Bad input: a clear exception of our own, never a traceback from a dependency."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

import govdisclosure as gd
from govdisclosure.cli import main


def test_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    with pytest.raises(gd.ParseError, match="empty"):
        gd.parse(p)


def test_whitespace_only() -> None:
    with pytest.raises(gd.ParseError, match="empty"):
        gd.parse_bytes(b"\n \n\t\n")


def test_binary_garbage() -> None:
    data = bytes(range(256)) * 40
    with pytest.raises(gd.ParseError, match="binary"):
        gd.parse_bytes(data)


def test_text_with_no_tables() -> None:
    with pytest.raises(gd.NotAReportError, match="not a government information disclosure"):
        gd.parse_text("这是一段与年度报告无关的文字。\n第二段文字。\n")
    parsed = gd.parse_text("示例乡2021年政府信息公开工作年度报告\n本年度的表格以图片发布。\n")
    assert {d.code for d in parsed.diagnostics} & {"no-tables", "table-missing"}
    assert all(v is None for k, v in gd.cells(parsed.report).items() if not k.startswith("meta."))


def test_legacy_doc_and_other_zips_are_refused() -> None:
    with pytest.raises(gd.UnsupportedFormatError, match="convert"):
        gd.parse_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("data.csv", "a,b")
    with pytest.raises(gd.UnsupportedFormatError, match="zip"):
        gd.parse_bytes(buf.getvalue())


def test_broken_docx_is_a_parse_error() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(gd.ParseError, match="docx"):
        gd.parse_bytes(buf.getvalue())


def test_fifty_megabytes_is_refused_before_reading(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    with open(p, "wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: no memory or disk spent
    with pytest.raises(gd.InputTooLargeError, match="over the bound"):
        gd.parse(p)
    big = "规章 | 0 | 0 | 0 |\n" * (50 * 1024 * 1024 // 20)
    with pytest.raises(gd.InputTooLargeError):
        gd.parse_text(big)


def test_bound_is_configurable() -> None:
    with pytest.raises(gd.InputTooLargeError):
        gd.parse_text("一、总体情况\n" * 100, gd.ParseOptions(max_bytes=50))
    with pytest.raises(ValueError, match="max_bytes"):
        gd.ParseOptions(max_bytes=0)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(gd.ParseError, match="cannot read"):
        gd.parse(tmp_path / "nope.txt")
    with pytest.raises(gd.ParseError, match="directory"):
        gd.parse(Path(tmp_path))


def test_wrong_encoding_override() -> None:
    with pytest.raises(gd.ParseError, match="decode"):
        gd.parse_bytes("规章".encode("utf-16-le") * 3, gd.ParseOptions(encoding="ascii"))
    with pytest.raises(LookupError):
        gd.ParseOptions(encoding="no-such-codec")


def test_gbk_detected_and_override(tmp_path: Path) -> None:
    text = "示例镇2020年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项\n规章 | 0 | 0 | 2 |\n"
    parsed = gd.parse_bytes(text.encode("gbk"))
    assert parsed.encoding == "gb18030"
    assert parsed.report.active.rules.total == 2
    parsed = gd.parse_bytes(text.encode("gbk"), gd.ParseOptions(encoding="gbk"))
    assert parsed.report.meta.agency == "示例镇"


@pytest.mark.parametrize(
    "data",
    [b"", b"\x00\x01\x02" * 100, b"%PDF-1.4", b"PK\x03\x04junk", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 99],
)
def test_cli_one_clear_line_never_a_traceback(data: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    for cmd in ("parse", "cells", "check"):
        assert main([cmd, os.fspath(p)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("govdisclosure: ")
        assert err.count("\n") == 1
        assert "Traceback" not in err


def test_cli_bad_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frobnicate"]) == 2
    assert main([]) == 2
    assert main(["check", "x.txt", "--format", "yaml"]) == 2
    capsys.readouterr()
