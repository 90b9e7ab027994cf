"""The command line: JSON on stdout, exit codes 0/1/2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govdisclosure.cli import main

FIX = Path(__file__).parent / "fixtures"
SAMPLE = Path(__file__).parent.parent / "examples" / "sample-2021.txt"


def test_cells(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cells", str(FIX / "tab-rows-2021.txt")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["meta.year"] == 2023
    assert out["requests.carried_forward.total"] == 3
    assert out["active.fees.amount"] == {"number": "12.75", "unit": "万元"}


def test_parse_emits_a_valid_document(capsys: pytest.CaptureFixture[str]) -> None:
    from govdisclosure import from_json

    assert main(["parse", str(SAMPLE)]) == 0
    report = from_json(capsys.readouterr().out)
    assert report.requests.new.total == 12


def test_check_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SAMPLE)]) == 0
    text = capsys.readouterr().out
    assert "0 error(s)" in text
    broken = SAMPLE.read_text(encoding="utf-8").replace("| | （七）总计 | 10 | 2 |", "| | （七）总计 | 16 | 2 |")
    p = tmp_path / "broken.txt"
    p.write_text(broken, encoding="utf-8")
    assert main(["check", str(p), "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out)
    errors = [f for f in out["findings"] if f["severity"] == "error"]
    rules = {(f["rule"], f["scope"]) for f in errors}
    assert ("I3", "requests.total") in rules  # 16 + 2 != 12
    assert ("I2", "requests.*.natural_person") in rules  # outcomes 10, total 16
    i2 = next(f for f in errors if f["rule"] == "I2" and f["scope"] == "requests.*.natural_person")
    assert (i2["expected"], i2["actual"], i2["difference"]) == (10, 16, 6)
    assert "diagnostics" in out
    assert main(["check", str(p)]) == 1
    text = capsys.readouterr().out
    assert "应为 10，实际 16" in text
    assert "expected 10, printed 16" in text


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--edition", "2019"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$id"].endswith("report-2019.schema.json")
    assert schema["properties"]["active"]["properties"]["procurement"]["title"].endswith("政府集中采购")


def test_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(FIX / "crawler-2019.txt")]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("requests.new.natural_person "))
    assert " 12 " in line
    assert "[inferred]" in line
    assert "line 1:" in line
    assert next(x for x in out.splitlines() if x.startswith("active.licensing.change ")).split()[1:3] == [
        "null",
        "not",
    ]
    assert "not used" in out
    assert "ambiguous-run" in out


def test_cli_default_timeout_is_the_batch_default() -> None:
    from govdisclosure import _batch, cli

    assert cli._DEFAULT_TIMEOUT == _batch.DEFAULT_TIMEOUT
