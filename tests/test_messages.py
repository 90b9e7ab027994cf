"""Chinese messages are wholly Chinese: cells named by the template's labels, no Latin letter
(rule ids and cell ids are in the records' own fields); numbers and punctuation remain."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import govdisclosure as gd
from govdisclosure.examples import sample_text

LATIN = re.compile(r"[A-Za-z]")


def test_diagnosis_zh_has_no_english() -> None:
    sample = sample_text("2021")
    one_cell = sample.replace("| | （七）总计 | 10 | 2 |", "| | （七）总计 | 16 | 2 |")
    two_rows = one_cell.replace(
        "| 一、本年新收政府信息公开申请数量 | 10 |", "| 一、本年新收政府信息公开申请数量 | 13 |"
    )
    seen = 0
    for text in (one_cell, two_rows):
        diagnosis = gd.diagnose(gd.parse_text(text))
        assert diagnosis is not None
        assert not LATIN.search(diagnosis.message_zh), diagnosis.message_zh
        seen += 1
    assert seen == 2


def test_diagnostics_use_message_en_and_message_zh() -> None:
    text = sample_text("2021").replace("| 行政许可 | 35 | | |", "| 行政许可 | 35 | | |\n| 未知的一行 | 7 | | |")
    parsed = gd.parse_text(text)
    assert parsed.diagnostics, "an unmapped row with a number is a diagnostic"
    d = parsed.diagnostics[0]
    assert {"message_en", "message_zh"} <= set(d.to_dict())
    assert "message" not in d.to_dict()
    with pytest.deprecated_call():
        assert d.message == d.message_en


# ---------------------------------------------------------------- every rule, every wording
# message_zh holds no Latin letter at all: cells are named by their template labels, rule
# ids and cell ids stay in the finding's own fields (rule, scope, cells). Digits,
# punctuation and the data a message quotes (agency names, sources, sentences of the
# report: all Chinese in these fixtures) are what remains.


def _with_overview(report: gd.Report, text: str) -> gd.Report:
    import attrs

    return attrs.evolve(report, text=gd.TextSections(overview=text))


def _every_finding() -> list[gd.Finding]:
    """Findings of every rule of check(), check_series() and check_rollup(), in each wording."""
    from decimal import Decimal

    from govdisclosure.rules import Context, Rule
    from govdisclosure.testing import make_report

    out: list[gd.Finding] = []
    # I1-I4 errors, with a blank component counted as 0 and a value inferred from a digit run
    broken = make_report(
        "2021",
        {
            "requests.granted.natural_person": 4,
            "requests.new.commercial": 3,
            "requests.unable.not_held.research": None,
            "requests.total.research": 2,
            "appeals.litigation_after_review.upheld": 2,
        },
    )
    out += gd.check(broken)
    inferred = Context(inferred=frozenset({"requests.granted.natural_person", "requests.new.commercial"}))
    unread = Context(unread=frozenset({"requests.total.social_welfare", "appeals.review.pending"}))
    for ctx in (inferred, unread):
        for rule in gd.RULES:
            out += rule.check(broken, ctx)
    # I1-I4 not checkable: a blank total, blank components
    blank = make_report("2021", {"requests.total.legal_services": None, "appeals.review.total": 3}, fill=None)
    out += gd.check(make_report("2021", {"requests.total.legal_services": None, "requests.new.legal_services": 2}))
    out += gd.check(blank)
    # P1-P6
    out += gd.check(make_report("2021", {"active.licensing.decisions": -2}))
    out += gd.check(make_report("2021", {"active.rules.issued": 9, "active.rules.in_force": 3}, agency="示例县杨林镇"))
    out += gd.check(make_report("2019", {"active.rules.published": 5, "active.rules.total": 1}, year=2023))
    out += gd.check(make_report("2019", {"active.procurement.amount": gd.Money(Decimal("8040"), None)}))
    out += gd.check(make_report("2019", {"active.fees.prev_items": 25000}))
    # N1
    base = make_report("2021", {"requests.new.total": 12}, year=2022)
    out += gd.check(_with_overview(base, "2022年，本机关共收到政府信息公开申请21件。"))
    # the internal notice of a rule that failed
    boom = Rule("X1", "", "", lambda r, c: iter([1 // 0]), "")
    out += gd.check(base, rules=(boom,))
    # I5 (error, not checkable), I6, I7 (items, documents), S1, S2, and the not-verified notices
    prev = make_report(
        "2021",
        {"requests.carried_forward.natural_person": 2, "requests.carried_forward.commercial": None},
        year=2022,
        agency="甲镇",
    )
    prev = gd.schema.replace_cells(prev, {"active.normative_docs.in_force": 470})
    cur = make_report(
        "2021",
        {
            "requests.carried_over.natural_person": 5,
            "requests.carried_over.commercial": 1,
            "active.normative_docs.issued": 62,
            "active.normative_docs.in_force": 440,
        },
        year=2023,
        agency="甲镇",
    )
    split = gd.Diagnostic(
        "series-inferred", "split", "拆分", cells=("requests.carried_over.total", "active.rules.issued")
    )
    cur_parsed = gd.Parsed(cur, (split,), {})
    later = make_report("2021", year=2025, agency="甲镇")
    out += gd.check_series([("甲镇二〇二二年报告", prev), ("甲镇二〇二三年报告", cur_parsed), later, later])
    y2019 = make_report(
        "2019",
        {"active.penalty.prev_items": 25, "active.penalty.change": -1, "active.rules.total": 10},
        year=2019,
        agency="乙",
    )
    y2020 = make_report(
        "2019", {"active.penalty.prev_items": 30, "active.rules.total": 9, "active.rules.published": 2}, year=2020
    )
    out += gd.check_series([y2019, y2020], one_agency=True)
    # R1, on a count and on an amount
    a = make_report("2021", seed=1, agency="甲镇")
    b = make_report("2021", seed=2, agency="乙镇")
    total = gd.aggregate([a, b], agency="示例县").report
    fees = gd.get_cell(total, "active.fees.amount")
    new = gd.get_cell(total, "requests.new.total")
    assert isinstance(fees, gd.Money)
    assert isinstance(new, int)
    wrong = gd.schema.replace_cells(
        total,
        {
            "requests.new.total": new + 4,
            "active.fees.amount": gd.Money(fees.number + 1, fees.unit),
        },
    )
    out += gd.check_rollup(wrong, [a, b])
    return out


def test_every_rule_writes_message_zh_without_latin_letters() -> None:
    found = _every_finding()
    kinds = {(f.rule, f.severity.value) for f in found}
    expected = {
        *((r, s) for r in ("I1", "I2", "I3", "I4", "I5") for s in ("error", "notice")),
        ("I6", "warning"),
        ("I6", "notice"),
        ("I7", "warning"),
        *((r, "warning") for r in ("P1", "P2", "P3", "P4", "P5", "P6", "N1", "R1", "S2")),
        ("S1", "notice"),
        ("internal", "notice"),
    }
    assert expected <= kinds, expected - kinds
    # the wordings within a rule: blank as 0, inferred, not read, total blank, components blank
    zh = [f.message_zh for f in found]
    for words in ("空白单元格按0计", "推定拆分", "未能读取", "合计为空", "各分项均为空", "无法核对"):
        assert any(words in m for m in zh), words
    bad = [(f.rule, f.message_zh) for f in found if LATIN.search(f.message_zh)]
    assert bad == []


def test_message_zh_names_cells_by_their_template_labels() -> None:
    from govdisclosure.testing import make_report

    found = gd.check(make_report("2021", {"requests.withheld.state_secret.natural_person": 2}))
    by_rule = {f.rule: f.message_zh for f in found}
    assert by_rule["I2"].startswith("表三“自然人”列：（七）总计=各办理结果之和：应为 2，实际 0")
    assert by_rule["I3"].startswith("表三“（三）不予公开 / 1.属于国家秘密”行：总计=各申请人之和")
    blank = gd.check(make_report("2021", {"requests.granted.natural_person": None, "requests.total.natural_person": 1}))
    i2 = next(f for f in blank if f.rule == "I2")
    assert "空白单元格按0计：“三、本年度办理结果 / （一）予以公开”" in i2.message_zh
    p1 = next(f for f in gd.check(make_report("2021", {"active.licensing.decisions": -2})) if f.rule == "P1")
    assert p1.message_zh == "表二 / 第二十条第（五）项 / 行政许可 / 本年处理决定数量：计数为负数（-2）"
    assert [c.id for c in p1.cells] == ["active.licensing.decisions"]  # the id stays in its own field


def _ocr(parsed: gd.Parsed, confidence: dict[str, float]) -> gd.Parsed:
    prov = dict(parsed.provenance)
    for cid, conf in confidence.items():
        p = prov[cid]
        prov[cid] = gd.Provenance(gd.Location(line=p.location.line, confidence=conf), p.text, p.inferred)
    return gd.Parsed(parsed.report, parsed.diagnostics, prov, parsed.document, parsed.encoding)


def test_every_diagnosis_wording_is_wholly_chinese() -> None:
    from govdisclosure.testing import make_report

    sample = sample_text("2021")
    one_cell = gd.parse_text(sample.replace("| | （七）总计 | 10 | 2 |", "| | （七）总计 | 16 | 2 |"))
    two_rows = gd.parse_text(
        sample.replace("| | （七）总计 | 10 | 2 |", "| | （七）总计 | 16 | 2 |").replace(
            "| 一、本年新收政府信息公开申请数量 | 10 |", "| 一、本年新收政府信息公开申请数量 | 13 |"
        )
    )
    three_apart = make_report(
        "2021",
        {
            "requests.granted.natural_person": 1,
            "requests.unable.not_held.commercial": 2,
            "appeals.review.upheld": 1,
            "requests.unable.unclear.research": None,
        },
    )
    diagnoses = [
        gd.diagnose(one_cell),
        gd.diagnose(two_rows),
        gd.diagnose(three_apart),
        gd.diagnose(_ocr(one_cell, {"requests.total.natural_person": 0.4})),  # the fix's cell misread
        gd.diagnose(_ocr(one_cell, {"requests.new.natural_person": 0.3})),  # another weak cell
    ]
    messages = []
    for d in diagnoses:
        assert d is not None
        messages.append(d.message_zh)
    wordings = ("改正一个单元格即可", "同时改正两个单元格可以", "两个单元格的改正也不存在", "误读了单元格", "置信度低")
    for words in wordings:
        assert any(words in m for m in messages), words
    assert [m for m in messages if LATIN.search(m)] == []
    assert "表三 / 三、本年度办理结果 / （七）总计 / 自然人 由 16 改为 10" in messages[0]


def test_check_text_names_cells_by_labels_with_ids_alongside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``govdisclosure check``: each cell of a finding as ``label [id] = value``, across years
    as ``YEAR年 label [YEAR:id]``; the Chinese message line without Latin letters."""
    from govdisclosure.cli import main

    sample = sample_text("2021")
    (tmp_path / "a.txt").write_text(sample, encoding="utf-8")
    later = sample.replace("2022", "2023").replace(
        "| 二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
        "| 二、上年结转政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |",
    )
    (tmp_path / "b.txt").write_text(later, encoding="utf-8")
    assert main(["check", "--series", str(tmp_path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    cells = [x.strip() for x in lines if x.startswith(("      表", "      20"))]
    assert cells
    assert all(re.fullmatch(r"\S.* \[[\w.:*]+\] = .+", c) for c in cells), cells
    assert "2022年 表三 / 四、结转下年度继续办理 / 自然人 [2022:requests.carried_forward.natural_person] = 1" in cells
    assert (
        "2023年 表三 / 二、上年结转政府信息公开申请数量 / 自然人 [2023:requests.carried_over.natural_person] = 3"
        in cells
    )
    i5 = lines.index(next(x for x in lines if "] I5 " in x))
    assert lines[i5 + 1].strip() == "表三“自然人”列：2022年“结转下年度继续办理”为 1，2023年“上年结转”为 3（差 +2）"
    headers = [i for i, x in enumerate(lines) if x.startswith(("  [错误 error]", "  [警告 warning]"))]
    assert headers
    for i in headers:  # the line after a finding's header is its Chinese message
        assert not LATIN.search(lines[i + 1]), lines[i + 1]


_LATIN = re.compile(r"[A-Za-z]")
_FIXTURES = Path(__file__).parent / "fixtures"


def test_every_parser_diagnostic_is_wholly_chinese_in_message_zh() -> None:
    """The parser's diagnostics name tables, rows and cells by the template's labels in
    ``message_zh`` (ids stay in ``cells`` and in ``message_en``): over every fixture, and a
    text made to raise the value diagnostics (not a count, negative, too many digits)."""
    made = (
        "二、主动公开政府信息情况\n"
        "| 第二十条第（一）项 |\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
        "| 规章 | 1.5 | -2 | 1234567890123456789 |\n"
        "| 行政规范性文件 | 12 |\n"
    )
    seen: dict[str, str] = {}
    parsed = [gd.parse(p) for p in sorted(_FIXTURES.rglob("*.txt"))] + [gd.parse_text(made)]
    for p in parsed:
        for d in p.diagnostics:
            assert not _LATIN.search(d.message_zh), (d.code, d.message_zh)
            seen.setdefault(d.code, d.message_zh)
    # the text above raised these, and the fixtures the rest
    assert {"not-a-count", "negative-count", "number-implausible", "table-missing", "cell-not-read"} <= set(seen)
    assert "表二 / 第二十条第（一）项 / 规章" in seen["not-a-count"]
