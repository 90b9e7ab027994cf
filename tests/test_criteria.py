"""Issue 19: what supervisors check beyond the arithmetic, and the citation fields of meta.

Every fixture is the project's own fictional sample report with one change typed by hand:
a section removed, a row dropped, a header or a signature added. The expected values are
read off those texts (the dates and names typed here), never taken from the code's output.
"""

from __future__ import annotations

import hashlib
from importlib import resources

import pytest

import govdisclosure as gd
from govdisclosure.parse._dates import pdf_source_meta, text_source_meta

SAMPLE = resources.files("govdisclosure.examples").joinpath("sample-2021.txt").read_text("utf-8")
SAMPLE_AGENCY = "示例县青石镇人民政府"


def _findings(text: str, prefix: str) -> list[gd.Finding]:
    return [f for f in gd.check(gd.parse_text(text)) if f.rule.startswith(prefix)]


def _criteria(text: str) -> list[gd.Finding]:
    return [f for f in gd.check(gd.parse_text(text)) if f.rule in {"C1", "C2", "C3", "T1", "T2", "D3"}]


def test_the_clean_sample_raises_nothing() -> None:
    assert _criteria(SAMPLE) == []


# --- §1 complete -------------------------------------------------------------------------
def _without_problems(text: str) -> str:
    head, _, rest = text.partition("五、存在的主要问题及改进情况\n")
    _, _, tail = rest.partition("\n\n")
    return head + tail


def test_a_missing_section_between_two_others_is_a_warning_naming_it() -> None:
    text = _without_problems(SAMPLE)
    assert "主要问题" not in text
    found = _findings(text, "C1")
    assert [(f.rule, f.severity, f.scope) for f in found] == [("C1", gd.Severity.WARNING, "section:problems")]
    assert "五、存在的主要问题及改进情况" in found[0].message_zh


def test_a_missing_last_section_is_a_warning_only_when_the_signature_shows_the_end() -> None:
    cut = SAMPLE.partition("六、其他需要报告的事项")[0]
    found = _findings(cut, "C1")
    assert [(f.severity, f.scope) for f in found] == [(gd.Severity.NOTICE, "sections:end")]  # may be a cut copy
    assert "六、其他需要报告的事项" in found[0].message_zh
    signed = cut + "示例县青石镇人民政府\n2023年1月20日\n"
    found = _findings(signed, "C1")
    assert [(f.severity, f.scope) for f in found] == [(gd.Severity.WARNING, "section:other")]


def test_a_section_worded_otherwise_is_present() -> None:
    text = SAMPLE.replace("五、存在的主要问题及改进情况", "五、政府信息公开存在的问题及改进措施")
    text = text.replace("六、其他需要报告的事项", "六、需要说明的其他事项")
    assert _findings(text, "C1") == []


def test_another_numbering_is_a_notice() -> None:
    text = SAMPLE.replace("五、存在的主要问题及改进情况", "七、存在的主要问题及改进情况")
    found = _findings(text, "C1")
    assert [(f.severity, f.scope) for f in found] == [(gd.Severity.NOTICE, "section:problems:number")]
    assert "“七”" in found[0].message_zh


def test_sections_out_of_order_are_a_notice() -> None:
    head, sep, rest = SAMPLE.partition("五、存在的主要问题及改进情况\n")
    problems, _, tail = rest.partition("\n\n")
    one = "一、总体情况\n"
    moved = head.replace(one, sep + problems + "\n\n" + one) + tail
    found = _findings(moved, "C1")
    assert [(f.severity, f.scope) for f in found] == [(gd.Severity.NOTICE, "sections:order")]


def test_a_row_not_printed_is_the_template_modified_a_row_not_read_is_not() -> None:
    dropped = SAMPLE.replace("| 规章 | 0 | 0 | 0 |\n", "")
    found = _findings(dropped, "C2")
    assert [(f.severity, f.scope) for f in found] == [(gd.Severity.NOTICE, "active.rules")]
    assert {c.id for c in found[0].cells} == {"active.rules.issued", "active.rules.repealed", "active.rules.in_force"}
    unread = SAMPLE.replace("| 规章 | 0 | 0 | 0 |\n", "| 规章 | 见附件 | | |\n")  # printed, not read
    assert _findings(unread, "C2") == []


# Table 三 printed with one column for 法人或其他组织 (its five sub-columns merged), typed by hand.
MERGED_COLUMNS = """三、收到和处理政府信息公开申请情况
| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 | | |
| | 自然人 | 法人或其他组织 | 总计 |
| 一、本年新收政府信息公开申请数量 | 10 | 2 | 12 |
| 二、上年结转政府信息公开申请数量 | 1 | 0 | 1 |
| 三、本年度办理结果 | （一）予以公开 | 6 | 1 | 7 |
| | （二）部分公开（区分处理的，只计这一情形，不计其他情形） | 1 | 0 | 1 |
| | （七）总计 | 10 | 2 | 12 |
| 四、结转下年度继续办理 | 1 | 0 | 1 |

"""


def test_a_column_not_printed_is_the_template_modified_a_header_lost_is_not() -> None:
    head, _, rest = SAMPLE.partition("三、收到和处理政府信息公开申请情况\n")
    _, _, tail = rest.partition("\n\n")
    found = [f for f in _findings(head + MERGED_COLUMNS + tail, "C2") if f.scope == "requests:columns"]
    assert len(found) == 1
    assert found[0].severity is gd.Severity.NOTICE
    assert "商业企业、科研机构、社会公益组织、法律服务机构" in found[0].message_zh
    assert [c.id for c in found[0].cells] == [
        "requests.new.commercial",
        "requests.new.research",
        "requests.new.social_welfare",
        "requests.new.legal_services",
    ]
    # The headers lost (a PDF layer, a crawler) while every column's numbers are read: not this.
    lost = SAMPLE.replace("| | | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |\n", "")
    assert "商业企业" not in lost
    assert [f for f in _findings(lost, "C2") if f.scope == "requests:columns"] == []


@pytest.mark.parametrize("other", ["无。", "暂无", "本年度无其他需要报告的事项。"])
def test_a_bare_none_in_section_six_is_a_notice_quoting_the_requirement(other: str) -> None:
    text = SAMPLE.replace("本年度未收取信息处理费。", other)
    found = _findings(text, "C3")
    assert [(f.severity, f.scope) for f in found] == [(gd.Severity.NOTICE, "text.other")]
    assert "仅写" in found[0].message_zh
    assert "国办函〔2020〕109号" in found[0].message_zh


def test_a_bare_none_followed_by_the_signature_is_still_bare() -> None:
    text = SAMPLE.replace("本年度未收取信息处理费。", "无 示例县青石镇人民政府2023年1月20日")
    assert [f.message_zh[:9] for f in _findings(text, "C3")] == ["第六部分仅写“无”"]


def test_section_six_saying_no_fee_was_charged_counts() -> None:
    text = SAMPLE.replace("本年度未收取信息处理费。", "2022年，本机关未收取政府信息公开信息处理费。")
    assert _findings(text, "C3") == []


def test_section_six_of_the_2019_edition_is_not_asked_for_the_fee() -> None:
    text = resources.files("govdisclosure.examples").joinpath("sample-2019.txt").read_text("utf-8")
    assert _findings(text, "C3") == []


# --- §2 on time and §6 citation -------------------------------------------------------------
DEPARTMENT = SAMPLE.replace(SAMPLE_AGENCY, "示例县教育局").replace("我镇", "我局")

CRAWLER = (
    "标题: {agency}2022年政府信息公开工作年度报告\n"
    "发布时间: {date} 09:30\n"
    "发布机构: {agency}\n"
    "原文链接: https://www.example.gov.cn/jyj/xxgknb/202302/t20230203_1.html\n"
    "==================== 正文 ====================\n"
)


def test_a_crawler_header_gives_the_publication_date_and_the_source_url() -> None:
    parsed = gd.parse_text(CRAWLER.format(date="2023-01-16", agency="示例县教育局") + DEPARTMENT)
    meta = parsed.report.meta
    assert (meta.published, meta.published_from) == ("2023-01-16", "crawler-header")
    assert meta.source_url == "https://www.example.gov.cn/jyj/xxgknb/202302/t20230203_1.html"
    assert not [f for f in gd.check(parsed) if f.rule in ("T1", "T2")]


def test_published_after_31_january_is_a_warning_for_a_department() -> None:
    found = _findings(CRAWLER.format(date="2023-02-03", agency="示例县教育局") + DEPARTMENT, "T")
    assert [(f.rule, f.severity) for f in found] == [("T1", gd.Severity.WARNING)]
    assert "2023-02-03" in found[0].message_zh
    assert "2023-01-31" in found[0].message_zh


def test_a_peoples_government_has_until_31_march() -> None:
    county = SAMPLE.replace(SAMPLE_AGENCY, "示例县人民政府")
    assert _findings(CRAWLER.format(date="2023-03-20", agency="示例县人民政府") + county, "T") == []
    found = _findings(CRAWLER.format(date="2023-04-02", agency="示例县人民政府") + county, "T")
    assert [(f.rule, f.severity) for f in found] == [("T1", gd.Severity.WARNING)]


def test_a_township_has_no_date_in_the_regulation_so_late_is_a_notice() -> None:
    found = _findings(CRAWLER.format(date="2023-03-01", agency=SAMPLE_AGENCY) + SAMPLE, "T")
    assert [(f.rule, f.severity) for f in found] == [("T1", gd.Severity.NOTICE)]


def test_only_a_late_signature_is_a_notice() -> None:
    text = DEPARTMENT + "\n示例县教育局\n2023年2月8日\n"
    parsed = gd.parse_text(text)
    assert (parsed.report.meta.signed, parsed.report.meta.published) == ("2023-02-08", None)
    found = [f for f in gd.check(parsed) if f.rule.startswith("T")]
    assert [(f.rule, f.severity) for f in found] == [("T2", gd.Severity.NOTICE)]


def test_a_page_line_and_html_meta_and_canonical_link() -> None:
    page = "来源：示例县教育局　发布时间：2023-01-12\n" + DEPARTMENT
    meta = gd.parse_text(page).report.meta
    assert (meta.published, meta.published_from) == ("2023-01-12", "page")
    html = (
        '<html><head><meta name="PubDate" content="2023-01-09 10:00">'
        '<link rel="canonical" href="https://www.example.gov.cn/a/1.html"></head><body>'
        + "".join(f"<p>{line}</p>" for line in DEPARTMENT.splitlines())
        + "</body></html>"
    )
    meta = gd.parse_bytes(html.encode("utf-8")).report.meta
    assert (meta.published, meta.published_from, meta.source_url) == (
        "2023-01-09",
        "html-meta",
        "https://www.example.gov.cn/a/1.html",
    )


def test_pdf_creation_date() -> None:
    data = b"%PDF-1.7\n3 0 obj\n<</CreationDate (D:20230125101500+08'00')/Producer ()>>\nendobj\n"
    assert pdf_source_meta(data) == {"published": "2023-01-25", "published_from": "pdf-metadata"}
    assert pdf_source_meta(b"%PDF-1.7\n<</CreationDate (D:20231399)>>") == {}  # not a date


@pytest.mark.parametrize(
    ("tail", "signed"),
    [
        ("\n示例县教育局\n2023年1月10日\n", "2023-01-10"),
        ("\n示例县教育局\n二〇二三年一月十日\n", "2023-01-10"),
        ("无。 示例县教育局 2023年1月10日 附件下载", "2023-01-10"),
        ("\n本报告于2023年1月10日\n", None),  # prose ending in a date is no signature
        ("\n示例县教育局\n2023年2月30日\n", None),  # no such day
    ],
)
def test_the_signature_date(tail: str, signed: str | None) -> None:
    assert text_source_meta("六、其他需要报告的事项\n" + tail).get("signed") == signed


def test_every_report_carries_the_sha256_of_its_source(tmp_path: object) -> None:
    import pathlib

    path = pathlib.Path(str(tmp_path)) / "r.txt"
    data = DEPARTMENT.encode("gb18030")
    path.write_bytes(data)
    assert gd.parse(path).report.meta.sha256 == hashlib.sha256(data).hexdigest()
    assert gd.parse_bytes(data).report.meta.sha256 == hashlib.sha256(data).hexdigest()
    assert gd.parse_text(DEPARTMENT).report.meta.sha256 == hashlib.sha256(DEPARTMENT.encode()).hexdigest()


def test_the_citation_travels_in_json_and_the_cells_output() -> None:
    report = gd.parse_text(CRAWLER.format(date="2023-01-16", agency="示例县教育局") + DEPARTMENT).report
    back = gd.from_json(gd.to_json(report))
    assert back.meta == report.meta
    cells = gd.cells(report, cite=True)
    assert cells["meta.published"] == "2023-01-16"
    assert cells["meta.source_url"] == "https://www.example.gov.cn/jyj/xxgknb/202302/t20230203_1.html"
    assert "meta.sha256" not in gd.cells(report)  # the spec's ids alone, as before


# --- §3 stale year --------------------------------------------------------------------------
def test_an_overview_opening_with_last_year_is_a_stale_year() -> None:
    text = SAMPLE.replace("2022年，我镇共收到", "2021年，我镇共收到")
    found = _findings(text, "D3")
    assert [(f.severity, f.expected, f.actual) for f in found] == [(gd.Severity.NOTICE, 2022, 2021)]
    assert "2021年，我镇共收到" in found[0].message_zh


def test_this_year_next_to_another_year_is_a_stale_year() -> None:
    text = SAMPLE.replace("一是主动公开", "本年度（2021年）一是主动公开")
    assert [f.scope.split(" @ ")[0] for f in _findings(text, "D3")] == ["text.problems"]


def test_comparing_with_last_year_is_not_a_stale_year() -> None:
    text = SAMPLE.replace("2022年，我镇共收到", "2022年，与2021年相比，我镇共收到")
    assert _findings(text, "D3") == []


# --- §3 copied across an agency's series ------------------------------------------------------
PROBLEMS_2022 = (
    "一是主动公开的及时性有待提高，部分信息发布滞后。二是依申请公开答复的规范性有待加强，"
    "个别答复书援引条款不准确。三是政府信息公开工作人员业务培训不足。下一步，我镇将加强培训，规范办理流程。"
)


def _year(text: str, year: int) -> str:
    return text.replace("2022", str(year)).replace("2023", str(year + 1))


def test_most_of_section_five_repeated_with_the_years_changed_is_a_notice() -> None:
    base = SAMPLE.replace(
        "一是主动公开的及时性有待提高；二是依申请公开答复的规范性有待加强。下一步，我镇将加强培训，规范办理流程。",
        PROBLEMS_2022,
    )
    prev = gd.parse_text(_year(base, 2021))
    cur = gd.parse_text(base.replace("| 行政许可 | 35 |", "| 行政许可 | 41 |"))
    assert (prev.report.meta.year, cur.report.meta.year) == (2021, 2022)
    found = [f for f in gd.check_series([prev, cur]) if f.rule.startswith("D")]
    assert [(f.rule, f.severity, f.expected, f.actual) for f in found] == [("D1", gd.Severity.NOTICE, 4, 4)]
    assert "text.problems" in found[0].scope
    assert "100%" in found[0].message_zh


def test_tables_identical_with_the_year_changed_are_a_notice() -> None:
    prev = gd.parse_text(_year(SAMPLE.replace("下一步，我镇将加强培训，规范办理流程。", "下一步将改进。"), 2021))
    cur = gd.parse_text(SAMPLE)
    found = [f for f in gd.check_series([prev, cur]) if f.rule.startswith("D")]
    assert [f.rule for f in found] == ["D2"]
    changed = gd.parse_text(SAMPLE.replace("| 行政处罚 | 4 |", "| 行政处罚 | 5 |"))
    assert not [f for f in gd.check_series([prev, changed]) if f.rule.startswith("D")]


def test_different_years_of_prose_are_not_copied() -> None:
    prev = gd.parse_text(_year(SAMPLE.replace("| 行政许可 | 35 |", "| 行政许可 | 30 |"), 2021))
    cur = gd.parse_text(SAMPLE.replace("一是主动公开", "一是政策解读形式单一"))
    assert not [f for f in gd.check_series([prev, cur]) if f.rule.startswith("D")]


# --- §5 indicators ------------------------------------------------------------------------
def test_indicators_from_hand_chosen_cells() -> None:
    from govdisclosure.testing import make_report

    # 40 requests concluded: 20 granted, 6 partly, 4 withheld (secret 1, third party 3),
    # 5 not held, 5 duplicates; review: 3 upheld, 1 corrected, 2 pending; litigation: 2 upheld
    cells = {
        "requests.total.total": 40,
        "requests.granted.total": 20,
        "requests.partially_granted.total": 6,
        "requests.withheld.state_secret.total": 1,
        "requests.withheld.third_party.total": 3,
        "requests.unable.not_held.total": 5,
        "requests.not_processed.duplicate.total": 5,
        "requests.new.total": 44,
        "appeals.review.upheld": 3,
        "appeals.review.corrected": 1,
        "appeals.review.pending": 2,
        "appeals.litigation_direct.upheld": 2,
    }
    ind = gd.indicators(make_report("2021", cells))
    assert (ind["disclosure_rate"].value, ind["disclosure_rate"].numerator, ind["disclosure_rate"].denominator) == (
        0.65,
        26,
        40,
    )
    assert ind["withheld_rate"].value == 0.1
    assert ind["unable_rate"].value == 0.125
    assert ind["not_processed_rate"].value == 0.125
    assert (ind["review_correction_rate"].value, ind["review_correction_rate"].denominator) == (0.25, 4)
    assert ind["litigation_correction_rate"].value == 0.0
    assert "requests_yoy" not in ind
    previous = make_report("2021", {"requests.new.total": 40}, year=2021)
    assert gd.indicators(make_report("2021", cells), previous)["requests_yoy"].value == 0.1


def test_indicators_are_null_with_a_reason() -> None:
    from govdisclosure.testing import make_report

    ind = gd.indicators(make_report("2021", {"requests.granted.total": None}))
    assert ind["disclosure_rate"].value is None
    assert ind["disclosure_rate"].reason == "blank or not read: requests.granted.total"
    assert ind["withheld_rate"].reason == "the denominator is 0"  # nothing concluded
    assert ind["review_correction_rate"].reason == "the denominator is 0"
    gap = gd.indicators(make_report("2021", {}), make_report("2021", {"requests.new.total": 5}, year=2020))
    assert gap["requests_yoy"].reason == "the reports are not consecutive years"


def test_the_cells_command_and_check_json_carry_citation_and_indicators(tmp_path: object) -> None:
    import json
    import pathlib
    import subprocess
    import sys

    path = pathlib.Path(str(tmp_path)) / "r.txt"
    path.write_text(CRAWLER.format(date="2023-01-16", agency="示例县教育局") + DEPARTMENT, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "govdisclosure", "cells", str(path)], capture_output=True, text=True, check=True
    )
    data = json.loads(out.stdout)
    assert data["meta.published"] == "2023-01-16"
    assert data["meta.sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert "indicators.disclosure_rate" in data
    out = subprocess.run(
        [sys.executable, "-m", "govdisclosure", "check", "--format", "json", str(path)], capture_output=True, text=True
    )
    report = json.loads(out.stdout)
    report = report[0] if isinstance(report, list) else report.get("reports", [report])[0]
    assert report["meta"]["meta.source_url"].startswith("https://www.example.gov.cn/")
    assert set(report["indicators"]) >= {"disclosure_rate", "review_correction_rate"}


# --- §5 and §6 in the batch's tables ------------------------------------------------------------
# The sample's table 三, read by hand: 办结 (（七）总计) 12; 予以公开 7 + 部分公开 1; 不予公开 1 (6.);
# 无法提供 3 (1.); 不予处理 0. Table 四: 复议 结果维持 1, nothing corrected; no lawsuit decided.
SIGNED = "\n示例县教育局\n2023年1月20日\n"
BY_HAND = {
    "disclosure_rate": ("实质公开率", "0.6667", 8, 12, None),
    "withheld_rate": ("不予公开率", "0.0833", 1, 12, None),
    "unable_rate": ("无法提供率", "0.2500", 3, 12, None),
    "not_processed_rate": ("不予处理率", "0.0000", 0, 12, None),
    "review_correction_rate": ("复议纠错率", "0.0000", 0, 1, None),
    "litigation_correction_rate": ("诉讼纠错率", None, 0, 0, "the denominator is 0"),
}


def test_every_batch_table_carries_the_citation_and_indicators_have_their_own(tmp_path: object) -> None:
    import csv
    import json
    import pathlib

    folder = pathlib.Path(str(tmp_path))
    path = folder / "in" / "r.txt"
    path.parent.mkdir()
    path.write_text(CRAWLER.format(date="2023-02-03", agency="示例县教育局") + DEPARTMENT + SIGNED, encoding="utf-8")
    (folder / "in" / "broken.pdf").write_bytes(b"%PDF-1.4 nothing")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    url = "https://www.example.gov.cn/jyj/xxgknb/202302/t20230203_1.html"
    gd.run_batch(folder / "in", folder / "out", workers=0, parquet=True)

    def rows(name: str) -> list[dict[str, str]]:
        with open(folder / "out" / f"{name}.csv", encoding="utf-8-sig", newline="") as f:
            return list(csv.DictReader(f))

    cite = {"sha256": digest, "published": "2023-02-03", "signed": "2023-01-20", "source_url": url}
    cells, findings, indicators = rows("cells"), rows("findings"), rows("indicators")
    mine = [r for r in cells if r["source"].endswith("r.txt")]
    assert mine
    assert all({k: r[k] for k in cite} == cite for r in mine)
    assert findings  # T1 at least: published late
    assert all({k: r[k] for k in cite} == cite for r in findings)
    assert {
        r["indicator"]: (r["label"], r["value"] or None, r["numerator"], r["denominator"], r["reason"] or None)
        for r in indicators
    } == {k: (v[0], v[1], str(v[2]), str(v[3]), v[4]) for k, v in BY_HAND.items()}
    assert all({k: r[k] for k in cite} == cite for r in indicators)
    broken = [r for r in cells if r["source"].endswith("broken.pdf")]
    assert len(broken) == 1
    assert broken[0]["error"]
    assert broken[0]["sha256"] == hashlib.sha256(b"%PDF-1.4 nothing").hexdigest()
    line = next(
        json.loads(x) for x in (folder / "out" / "reports.jsonl").read_text("utf-8").splitlines() if "r.txt" in x
    )
    assert line["sha256"] == digest
    assert line["report"]["meta"]["published"] == "2023-02-03"
    assert (line["report"]["meta"]["signed"], line["report"]["meta"]["source_url"]) == ("2023-01-20", url)

    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    for table in ("cells", "findings", "indicators"):
        frame = pd.read_parquet(folder / "out" / f"{table}.parquet")
        assert list(frame.columns[:8]) == [
            "source",
            "sha256",
            "agency",
            "year",
            "edition",
            "published",
            "signed",
            "source_url",
        ]
        mine_p = frame[frame.source.str.endswith("r.txt")]
        assert set(mine_p.published) == {"2023-02-03"}
        assert set(mine_p.sha256) == {digest}
    ind = pd.read_parquet(folder / "out" / "indicators.parquet").set_index("indicator")
    assert str(ind.loc["disclosure_rate", "value"]) == "0.666700"
    assert pd.isna(ind.loc["litigation_correction_rate", "value"])
    assert str(ind.numerator.dtype) == "Int64"
    typed = gd.to_dataframe(folder / "out", "indicators")
    assert typed.set_index("indicator").loc["unable_rate", "denominator"] == 12
    (result,) = [r for r in gd.iter_parse([path]) if r.error is None]
    assert {r[8]: r[10] for r in result.indicators} == {k: v[1] for k, v in BY_HAND.items()}


# --- §4 prose against tables, more counts ------------------------------------------------------
def test_n2_a_count_the_prose_states_for_a_cell_must_match() -> None:
    # the sample's table: 12 concluded (（七）总计), 7 granted; review 2 cases
    text = SAMPLE.replace("办结12件", "办结15件")
    found = _findings(text, "N2")
    assert [(f.expected, f.actual, f.cells[0].id) for f in found] == [(15, 12, "requests.total.total")]
    assert "办结15件" in found[0].message_zh
    text = SAMPLE.replace("结转下年度1件。", "结转下年度1件。其中予以公开9件，被申请行政复议3件。")
    found = _findings(text, "N2")
    assert [(f.expected, f.actual) for f in found] == [(9, 7), (3, 2)]


@pytest.mark.parametrize(
    "sentence",
    [
        "全县共办结政府信息公开申请150件。",  # another scope
        "2021年办结申请9件。",  # another year
        "自2019年以来累计办结申请40件。",
        "予以公开及部分公开9件。",  # one number for two cells
        "办结申请15件（含上年结转1件）。",
    ],
)
def test_n2_is_silent_on_numbers_of_another_scope(sentence: str) -> None:
    text = SAMPLE.replace("结转下年度1件。", "结转下年度1件。" + sentence)
    assert _findings(text, "N2") == []


def test_n2_is_silent_on_the_clean_sample() -> None:
    assert _findings(SAMPLE, "N2") == []


# A report titled by its area alone is the area's own (people's government's) report: the
# Pingtan zone-wide and the Shanghai city-wide reports are titled 平潭综合实验区… / 上海市…
# and were warned at 31 January (a department's date) though published in February.
def test_a_report_titled_by_its_area_has_until_31_march() -> None:
    county = SAMPLE.replace(SAMPLE_AGENCY, "示例县")
    assert gd.parse_text(CRAWLER.format(date="2023-02-20", agency="示例县") + county).report.meta.agency == "示例县"
    assert _findings(CRAWLER.format(date="2023-02-20", agency="示例县") + county, "T") == []
    found = _findings(CRAWLER.format(date="2023-04-03", agency="示例县") + county, "T")
    assert [(f.rule, f.severity) for f in found] == [("T1", gd.Severity.WARNING)]
    assert "2023-03-31" in found[0].message_zh


def test_a_functional_zone_titled_alone_is_a_notice_after_31_march() -> None:
    zone = SAMPLE.replace(SAMPLE_AGENCY, "示例综合实验区")
    assert _findings(CRAWLER.format(date="2023-02-08", agency="示例综合实验区") + zone, "T") == []
    found = _findings(CRAWLER.format(date="2023-04-03", agency="示例综合实验区") + zone, "T")
    assert [(f.rule, f.severity) for f in found] == [("T1", gd.Severity.NOTICE)]


def test_a_department_named_with_its_area_keeps_31_january() -> None:
    office = SAMPLE.replace(SAMPLE_AGENCY, "示例县人民政府办公室")
    found = _findings(CRAWLER.format(date="2023-02-08", agency="示例县人民政府办公室") + office, "T")
    assert [(f.rule, f.severity) for f in found] == [("T1", gd.Severity.WARNING)]
    bureau = SAMPLE.replace(SAMPLE_AGENCY, "示例区统计局")
    found = _findings(CRAWLER.format(date="2023-02-08", agency="示例区统计局") + bureau, "T")
    assert [(f.rule, f.severity) for f in found] == [("T1", gd.Severity.WARNING)]


# A copy that starts inside table 三 (the second page of a flipbook, an excerpt): the rows
# before its first printed row are on the part not copied, not removed from the template.
def test_a_copy_starting_inside_table_three_blames_no_row_before_its_first() -> None:
    page = SAMPLE[SAMPLE.index("| | （二）部分公开") :]
    found = _findings(page, "C")
    assert [f.scope for f in found if f.rule == "C1"] == ["sections:start"]
    assert [f for f in found if f.rule == "C2"] == []
    # a row missing after the first printed one is still the template modified
    dropped = page.replace("| | | 2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n", "")
    found = _findings(dropped, "C2")
    assert [f.scope for f in found] == ["requests.not_processed.duplicate"]
