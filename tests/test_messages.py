"""Chinese messages are wholly Chinese: only cell ids, rule ids and numbers stay in Latin letters."""

from __future__ import annotations

import re

import govdisclosure as gd
from govdisclosure.examples import sample_text

IDS = re.compile(r"\b[IPNSR]\d\b|\b[a-z_]+(?:\.[a-z_*]+)+\b")


def _latin_words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{2,}", IDS.sub("", text))


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
        assert _latin_words(diagnosis.message_zh) == [], diagnosis.message_zh
        assert "blank" not in diagnosis.message_zh
        seen += 1
    assert seen == 2


def test_diagnostics_use_message_en_and_message_zh() -> None:
    import pytest

    text = sample_text("2021").replace("| 行政许可 | 35 | | |", "| 行政许可 | 35 | | |\n| 未知的一行 | 7 | | |")
    parsed = gd.parse_text(text)
    assert parsed.diagnostics, "an unmapped row with a number is a diagnostic"
    d = parsed.diagnostics[0]
    assert {"message_en", "message_zh"} <= set(d.to_dict())
    assert "message" not in d.to_dict()
    with pytest.deprecated_call():
        assert d.message == d.message_en
