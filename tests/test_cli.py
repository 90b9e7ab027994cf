"""The command line: JSON on stdout, exit codes 0/1/2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govdisclosure.cli import main
from govdisclosure.examples import sample_path

FIX = Path(__file__).parent / "fixtures"
SAMPLE = sample_path("2021")


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
    assert "0 错误 error(s)" in text
    broken = SAMPLE.read_text(encoding="utf-8").replace("| | （七）总计 | 10 | 2 |", "| | （七）总计 | 16 | 2 |")
    p = tmp_path / "broken.txt"
    p.write_text(broken, encoding="utf-8")
    assert main(["check", str(p), "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert [r["source"] for r in out["reports"]] == [str(p)]  # one shape for one file or many
    errors = [f for f in out["reports"][0]["findings"] if f["severity"] == "error"]
    rules = {(f["rule"], f["scope"]) for f in errors}
    assert ("I3", "requests.total") in rules  # 16 + 2 != 12
    assert ("I2", "requests.*.natural_person") in rules  # outcomes 10, total 16
    i2 = next(f for f in errors if f["rule"] == "I2" and f["scope"] == "requests.*.natural_person")
    assert (i2["expected"], i2["actual"], i2["difference"]) == (10, 16, 6)
    assert "diagnostics" in out["reports"][0]
    assert main(["check", str(p)]) == 1
    text = capsys.readouterr().out
    assert "应为 10，实际 16" in text
    assert "expected 10, printed 16" in text


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--edition", "2019"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$id"] == "urn:govdisclosure:schema:report-2019:1"
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


def test_explain_lists_every_number_a_diagnostic_names(capsys: pytest.CaptureFixture[str]) -> None:
    # The garbled （六）1. row of this one-line page: its seven numbers fill no cell.
    assert main(["explain", str(FIX / "trust" / "oneline-prose-and-table-2021.txt")]) == 0
    out = capsys.readouterr().out
    unused = out.split("not used 未使用", 1)[1]
    assert "number-not-used" in unused
    assert "1 0 0 0 0 0 1" in unused


def test_explain_shows_locations_as_counted_on_paper(capsys: pytest.CaptureFixture[str]) -> None:
    # In this page's first table, 规章 is the third row (after 第二十条第（一）项 and 信息内容) and
    # its 本年制发件数 the second column, on source line 48.
    assert main(["explain", str(FIX / "fragment-2021.html")]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("active.rules.issued "))
    assert "table 1, row 3, col 2, line 48" in line


def test_cli_default_timeout_is_the_batch_default() -> None:
    from govdisclosure import _batch, cli

    assert cli._DEFAULT_TIMEOUT == _batch.DEFAULT_TIMEOUT


def _broken(tmp_path: Path) -> Path:
    text = SAMPLE.read_text(encoding="utf-8").replace("| | （七）总计 | 10 | 2 |", "| | （七）总计 | 16 | 2 |")
    p = tmp_path / "broken.txt"
    p.write_text(text, encoding="utf-8")
    return p


def test_sample_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sample", "--path"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path == SAMPLE
    assert main(["sample", "--edition", "2019"]) == 0
    assert capsys.readouterr().out.startswith("示例县石桥镇人民政府2020年政府信息公开工作年度报告")


def test_check_output_file_and_one_json_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.json"
    assert main(["check", str(_broken(tmp_path)), "--format", "json", "-o", str(out)]) == 1
    assert capsys.readouterr().out == ""
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["$schema"] == "urn:govdisclosure:schema:check:1"
    assert set(doc) == {"$schema", "reports", "series", "hidden_by_baseline", "below_min_severity"}
    assert doc["reports"][0]["template"] == "2021"
    assert main(["check", str(SAMPLE), "--format", "json"]) == 0
    assert set(json.loads(capsys.readouterr().out)) == set(doc)  # the same shape for a clean report


def test_min_severity_and_quiet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = str(_broken(tmp_path))
    assert main(["check", broken, "--format", "json", "--min-severity", "error"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert {f["severity"] for f in doc["reports"][0]["findings"]} == {"error"}
    assert main(["check", broken, "--quiet"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert all(line.startswith(broken + ": [") for line in lines[:-1])
    # the finding names its first cell by the template's labels, the id alongside
    assert any("表三 / 三、本年度办理结果 / （七）总计 / 自然人 [requests.total.natural_person]" in x for x in lines)
    assert "错误" in lines[-1]


def test_help_documents_exit_codes_and_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    from govdisclosure.cli import _parser

    assert main(["check", "--help"]) == 0
    text = capsys.readouterr().out
    for code in ("0 ", "1 ", "2 ", "3 "):
        assert f"\n  {code}" in text
    parser = _parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, p in sub.choices.items():  # type: ignore[union-attr]
        if name == "batch":  # its options belong to the batch runner's owner
            continue
        for action in p._actions:
            assert action.help, f"{name} {action.option_strings or action.dest} has no help text"
