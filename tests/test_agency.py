"""meta.agency comes from the report's title, as the title names it (spec: cells.md, meta.agency).

Every title, name and sentence here is made up, in the shapes real reports print them.
"""

from __future__ import annotations

import functools

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import govdisclosure as gd
from govdisclosure.parse import recognize

# What follows the title in every text below: the opening section in a self-referring voice and
# the start of table 二, so that the text is a report and nothing in it names the agency again.
BODY = (
    "一、总体情况\n"
    "2023年，我局认真落实政务公开各项要求，全年主动公开政府信息120条。\n"
    "二、主动公开政府信息情况\n"
    "第二十条第（一）项\n"
    "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
    "规章 | 0 | 0 | 2 |\n"
)
NOTICE = (
    "根据《云岭省人民政府办公厅关于做好2022年政府信息公开工作年度报告编制发布工作的通知》要求，"
    "现将我局2022年度政府信息公开工作情况报告如下。\n"
)


def _meta(text: str) -> tuple[str | None, int | None]:
    meta = gd.parse_text(text).report.meta
    return meta.agency, meta.year


@pytest.mark.parametrize(
    ("head", "agency", "year"),
    [
        # one title line, in the wordings reports use
        ("青石镇2023年政府信息公开工作年度报告\n", "青石镇", 2023),
        ("青石镇2023年度政府信息公开工作年度报告\n", "青石镇", 2023),
        ("青石镇2023年度政务信息公开工作报告\n", "青石镇", 2023),
        ("青石镇2023年政务公开工作年度报告\n", "青石镇", 2023),
        ("临江市教育局2023年政府信息公开年报\n", "临江市教育局", 2023),
        ("临江市教育局 2023 年 政府信息公开工作年度报告\n", "临江市教育局", 2023),
        ("2023年临江市教育局政府信息公开工作年度报告\n", "临江市教育局", 2023),
        ("2023 年度临江市教育局政务信息公开工作报告\n", "临江市教育局", 2023),
        ("临江市教育局关于2023年度政府信息公开工作年度报告\n", "临江市教育局", 2023),
        # a report published as a covering letter: its sender, or the name the letter gives the report
        ("青石镇人民政府关于报送2020年度政府信息公开工作年度报告的函\n县政府办公室：\n", "青石镇人民政府", 2020),
        ("临江市教育局关于报送临江市教育局2023年政府信息公开工作年度报告的函\n", "临江市教育局", 2023),
        ("根据县政府办公室关于报送2022年政府信息公开工作年度报告的函要求，编制本报告。\n", None, 2022),
        # decorated title lines
        ("# 临江市教育局2023年政府信息公开工作年度报告\n", "临江市教育局", 2023),
        ("**临江市教育局2023年政府信息公开工作年度报告**\n", "临江市教育局", 2023),
        ("《临江市教育局2023年政府信息公开工作年度报告》\n", "临江市教育局", 2023),
        ("标题：临江市教育局2023年政府信息公开工作年度报告\n发布机构：临江市教育局\n", "临江市教育局", 2023),
        ("临江市教育局2023年政府信息公开工作年度报告 根据《条例》编制本报告。\n", "临江市教育局", 2023),
        # a title over two lines
        ("东湖区人民政府\n2023年政府信息公开工作年度报告\n", "东湖区人民政府", 2023),
        ("2023年东湖区人民政府办公室政府信息公开\n工作年度报告\n", "东湖区人民政府办公室", 2023),
        ("东湖区人民政府办公室2023年政府信息公开\n工作年度报告\n", "东湖区人民政府办公室", 2023),
        ("白沙街道办事处\n政府信息公开工作年度报告\n", "白沙街道办事处", None),
        ("白沙街道办事处政府信息公开工作年度报告\n", "白沙街道办事处", None),
        # a menu, an image caption or a site's chrome above the title is not part of the name
        ("首页 > 政务公开 > 年度报告\n青石镇2023年度政务信息公开工作报告\n", "青石镇", 2023),
        ("图片\n青石镇2023年政府信息公开工作年度报告\n", "青石镇", 2023),
        ("政务公开\n青石镇2023年政府信息公开工作年度报告\n", "青石镇", 2023),
        ("年度报告\n青石镇2023年政府信息公开工作年度报告\n", "青石镇", 2023),
        ("2023年信息公开年报\n青石镇2023年政府信息公开工作年度报告\n", "青石镇", 2023),
        (
            "当前位置：首页>政府信息公开>年报\n图片\n东湖区人民政府\n2023年政府信息公开工作年度报告\n",
            "东湖区人民政府",
            2023,
        ),
        ("首页 > 政务公开 > 青石镇2023年政府信息公开工作年度报告\n", "青石镇", 2023),
        ("青石镇2023年政府信息公开工作年度报告发布时间：2024-01-20\n", "青石镇", 2023),
        ("图片\n2023年政府信息公开工作年度报告\n", None, 2023),
        ("首页 > 政务公开 > 年度报告\n2023年政府信息公开工作年度报告\n", None, 2023),
        ("东湖区人民政府门户网站\n2023年政府信息公开工作年度报告\n", None, 2023),
        # names that hold a verb-like word or start like a sentence are kept whole
        ("云溪县机构编制委员会办公室2023年政府信息公开工作年度报告\n", "云溪县机构编制委员会办公室", 2023),
        ("云溪县突发事件预警信息发布中心2023年政府信息公开工作年度报告\n", "云溪县突发事件预警信息发布中心", 2023),
        ("本溪市人民政府2023年政府信息公开工作年度报告\n", "本溪市人民政府", 2023),
        (
            "东湖区人民政府办公室(区政务服务中心)2023年政府信息公开工作年度报告\n",
            "东湖区人民政府办公室(区政务服务中心)",
            2023,
        ),
        # a PDF's line break inside the name: its head is on the line before (a wrapped sentence or
        # link), joined when the whole name starts with a real county or is printed whole elsewhere
        (
            "根据《中华人民共和国政府信息公开条例》等有关规定，编制泾阳县云\n"
            "阳镇2024年政府信息公开工作年度报告，所列数据统计期限为2024年1月1日至2024年12月31日。\n",
            "泾阳县云阳镇",
            2024,
        ),
        (
            "原文链接：https://www.example.gov.cn/zwgk/2021/80586_示例综\n"
            "合实验区管理局关于报送2020年度政府信息公开工作年度报告的函\n发布机构：示例综合实验区管理局\n",
            "示例综合实验区管理局",
            2020,
        ),
        # …but not a long line that only ends in words
        (
            "本页面提供政府信息公开年度报告的浏览、下载与打印服务，欢迎查阅历年报告\n"
            "青石镇2023年政府信息公开工作年度报告\n",
            "青石镇",
            2023,
        ),
        # a mirror's traditional characters are folded back
        ("臨江市教育局2023年政府資訊公開工作年度報告\n", "临江市教育局", 2023),
        ("東湖區人民政府\n2023年政府信息公開工作年度報告\n", "东湖区人民政府", 2023),
        # no title: a sentence quoting the report's name, or the opening line naming itself
        ("根据《条例》规定，现将临江市教育局2023年政府信息公开工作年度报告公布如下。\n", "临江市教育局", 2023),
        (NOTICE + "现公布青石镇2022年政府信息公开工作年度报告。\n", "青石镇", 2022),
        ("一、总体情况\n2023年，青石镇坚持以公开为常态，全年主动公开政府信息88条。\n", "青石镇", 2023),
        # …its comma lost (a harsh scan of github-013: "2024年平潭综合实验区坚持以…", the agency was null, unnamed)
        ("一、总体情况\n2023年青石综合实验区坚持以公开为常态，全年主动公开政府信息88条。\n", "青石综合实验区", 2023),
        ("一、总体情况\n2023年度青石镇认真落实《条例》。\n", "青石镇", 2023),
        # the opening line may go straight on to the guiding thought (no 坚持): 2020年，X以习近平…为指导
        ("一、总体情况\n2020年,东湖区发改局以习近平新时代中国特色社会主义思想为指导。\n", "东湖区发改局", 2020),
        ("一、总体情况\n2020年，我局以习近平新时代中国特色社会主义思想为指导，全面推进政务公开。\n", None, 2020),
        # a quoted notice is not a title, and a verb phrase from it is never an agency
        (NOTICE, None, None),
        (
            "按照县政府办公室关于做好2022年度政府信息公开工作年度报告编制和发布工作的通知要求，我单位编制本报告。\n",
            None,
            None,
        ),
        ("《关于做好2022年政府信息公开工作年度报告编制发布工作的通知》\n", None, None),
        (
            "根据《云岭省人民政府办公厅关于做好2022年政府信息公开工作年度报告编制发布工作的通知》要求，编制本报告。\n"
            "青石镇2022年政府信息公开工作年度报告\n",
            "青石镇",
            2022,
        ),
        # the name printed with a gap between the parent and the unit (a two-line title set on one)
        (
            "青石湖风景区管理委员会 卫生健康办公室2023年政府信息公开工作年度报告\n",
            "青石湖风景区管理委员会卫生健康办公室",
            2023,
        ),
        ("首页 青石镇2023年政府信息公开工作年度报告\n", "青石镇", 2023),
        # an opening line whose agency follows a clause of who led it
        (
            "一、总体情况\n2023年，在区委、区政府的坚强领导下，白沙街道办事处认真落实《条例》。\n",
            "白沙街道办事处",
            2023,
        ),
        # the report compiled by the agency's own office: the agency's report
        ("本报告是根据《条例》要求，由青石镇人民政府党政办公室编制。\n", "青石镇人民政府", None),
        ("本年度报告由临江市东湖区人民政府白沙街道党政办公室综合科编制。\n", "临江市东湖区人民政府白沙街道", None),
        ("由云溪县青石镇人民政府综合信息指挥室(党政综合办公室)负责编制本报告。\n", "云溪县青石镇人民政府", None),
        ("本报告由东湖区人民政府办公室编制。\n", "东湖区人民政府办公室", None),
        ("本报告由东湖区人民政府办公室综合科编制。\n", "东湖区人民政府办公室", None),
        ("本报告由临江市交通运输局综合科编制。\n", "临江市交通运输局", None),
        # the report's name in other words: 公开情况的报告, 公开工作情况报告, 公开工作开展年度报告
        ("临江市自然资源局关于2021年度政府信息公开情况的报告\n", "临江市自然资源局", 2021),
        ("临江市自然资源局2021年度政务公开工作情况报告\n", "临江市自然资源局", 2021),
        ("云岭自治区统计厅2025年政务信息\n公开工作开展年度报告\n", "云岭自治区统计厅", 2025),
        ("现将我局2021年度政府信息公开情况报告如下。\n", None, 2021),
        # a name that starts with 政务 (政务服务中心, 政务数据局) is a name, not the words 政务公开
        ("政务服务中心2020年政府信息公开工作年度报告\n", "政务服务中心", 2020),
        ("政务数据局2023年政府信息公开工作年度报告\n", "政务数据局", 2023),
        ("政务公开2023年政府信息公开工作年度报告\n", None, 2023),
        # the text says only 我局 / 本单位: nobody is named
        ("现将我局2023年政府信息公开工作年度报告公布如下。\n", None, 2023),
        ("本报告由本单位编制。2023年，本单位按照要求做好政府信息公开工作。\n", None, None),
    ],
)
def test_agency_from_title(head: str, agency: str | None, year: int | None) -> None:
    got_agency, got_year = _meta(head + BODY)
    assert got_agency == agency
    if year is not None:
        assert got_year == year


# ----------------------------------------------------------------------------- generated titles
PLACES = ["青石", "临江", "云溪", "东湖", "白沙", "南岭", "北坪", "石门", "清河", "长宁"]
LEVELS = ["县", "市", "区"]
TOWNS = ["", "石桥镇", "柳营乡", "解放路街道", "新华街道办事处", "杨林镇"]
ORGS = [
    "",
    "人民政府",
    "人民政府办公室",
    "教育局",
    "卫生健康局",
    "交通运输局",
    "市场监督管理局",
    "发展和改革局",
    "信访局",
    "民政局",
    "自然资源和规划局",
    "住房和城乡建设局",
    "财政局",
    "生态环境分局",
]

TEMPLATES = [
    "{a}{y}年政府信息公开工作年度报告",
    "{a}{y}年度政府信息公开工作年度报告",
    "{a}{y}年度政务信息公开工作报告",
    "{a}{y}年政务公开工作年度报告",
    "{a}{y}年政府信息公开年度报告",
    "{a} {y} 年 政府信息公开工作年度报告",
    "{a}关于{y}年度政府信息公开工作年度报告",
    "{y}年{a}政府信息公开工作年度报告",
    "{y}年度{a}政务信息公开工作报告",
    "{a}\n{y}年政府信息公开工作年度报告",
    "{a}\n{y}年度政府信息公开工作年度报告",
    "{y}年{a}政府信息公开\n工作年度报告",
    "{a}{y}年政府信息公开\n工作年度报告",
    "《{a}{y}年政府信息公开工作年度报告》",
    "标题：{a}{y}年政府信息公开工作年度报告",
    "# {a}{y}年政府信息公开工作年度报告",
    "{a}政府信息公开工作年度报告",
    "{a}\n政府信息公开工作年度报告",
]
ABOVE = [
    "",
    "首页 > 政务公开 > 年度报告\n",
    "图片\n",
    "正文\n",
    "政务公开\n",
    "当前位置：首页>信息公开>政府信息公开年报\n",
    "{y}年信息公开年报\n",
    "字号：大 中 小\n打印 关闭\n",
]
BELOW = [
    "",
    "（{y1}年1月20日）\n",
    "发布时间：{y1}-01-20 来源：本站\n",
    NOTICE,
]


@functools.lru_cache(maxsize=1)
def _converters() -> tuple[object, object]:
    import opencc

    return opencc.OpenCC("s2t"), opencc.OpenCC("t2s")


def _traditional(text: str) -> str:
    s2t, _ = _converters()
    out: str = s2t.convert(text)  # type: ignore[attr-defined]
    return out


def _round_trips(name: str) -> bool:
    s2t, t2s = _converters()
    back: str = t2s.convert(s2t.convert(name))  # type: ignore[attr-defined]
    return back == name


@st.composite
def agencies(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(PLACES)) + draw(st.sampled_from(LEVELS))
    if draw(st.booleans()):
        name = draw(st.sampled_from(PLACES)) + "市" + name
    town = draw(st.sampled_from(TOWNS))
    org = draw(st.sampled_from(ORGS))
    if town and org in ("", "人民政府", "人民政府办公室"):
        name += town + org
    else:
        name += org
    return name


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    agency=agencies(),
    year=st.integers(2008, 2030),
    template=st.sampled_from(TEMPLATES),
    above=st.sampled_from(ABOVE),
    below=st.sampled_from(BELOW),
    traditional=st.booleans(),
)
def test_generated_titles(agency: str, year: int, template: str, above: str, below: str, traditional: bool) -> None:
    title = template.format(a=agency, y=year)
    text = above.format(y=year) + title + "\n" + below.format(y1=year + 1) + BODY
    if traditional:
        assume(_round_trips(agency))
        text = _traditional(text)
    got_agency, got_year = _meta(text)
    assert got_agency == agency
    if "{y}" in template:
        assert got_year == year


SELF_REFERENCES = ["我局", "我单位", "本机关", "我镇", "我委", "本局", "我办"]
SENTENCES = [
    "根据《中华人民共和国政府信息公开条例》规定，现将{s}{y}年度政府信息公开工作情况报告如下。",
    "{y}年，{s}认真贯彻落实政务公开工作要求，全年主动公开政府信息{n}条。",
    "本报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。",
    "根据《云岭省人民政府办公厅关于做好{y}年政府信息公开工作年度报告编制发布工作的通知》要求，{s}编制本报告。",
    "按照县政府办公室关于做好{y}年度政府信息公开工作年度报告编制和发布工作的通知要求，{s}高度重视。",
    "现将{s}{y}年政府信息公开工作年度报告公布如下。",
    "{s}共收到政府信息公开申请{n}件，均按时答复。",
]


@settings(max_examples=150, deadline=None)
@given(
    parts=st.lists(
        st.tuples(st.sampled_from(SENTENCES), st.sampled_from(SELF_REFERENCES), st.integers(0, 500)),
        min_size=1,
        max_size=6,
    ),
    year=st.integers(2008, 2030),
    above=st.sampled_from(ABOVE),
)
def test_prose_that_names_nobody_gives_none(parts: list[tuple[str, str, int]], year: int, above: str) -> None:
    prose = "".join(sentence.format(s=who, y=year, n=n) for sentence, who, n in parts)
    text = above.format(y=year) + "一、总体情况\n" + prose + "\n" + BODY.split("\n", 2)[2]
    assert _meta(text)[0] is None


# ----------------------------------------------------------------------- a name read by OCR
# A scan's title may lose or misread a rare character of the name (沭 read as 述, or lost at
# the line's start); the report prints the name again in its body. These documents are
# typed by hand as a scan's lines (each with an OCR confidence).
_SCAN_BODY = (
    "根据《中华人民共和国政府信息公开条例》要求，现向社会公布{a}2023年度政府信息公开年度报告。",
    "年度报告通过{p}人民政府网站公布。如对年度报告有疑问，",
    "请与{b}联系（地址：{p}城关镇青石路8号）。",
    "一、总体情况",
    "2023年，我局认真落实政务公开各项要求。",
    "{c}",
    "2024年1月17日",
)


def _scan(title: str, a: str, b: str, c: str, p: str, *, confidence: float | None = 0.97) -> gd.Parsed:
    lines = [title + "2023年政府信息公开年度报告"] + [s.format(a=a, b=b, c=c, p=p) for s in _SCAN_BODY]
    blocks = tuple(
        gd.Paragraph(text, gd.Location(page=1, line=i + 1, confidence=confidence)) for i, text in enumerate(lines)
    )
    return recognize(gd.Document(blocks, "pdf"))


def _name_diags(parsed: gd.Parsed) -> list[gd.Diagnostic]:
    return [d for d in parsed.diagnostics if d.code == "ocr-agency-name"]


# The county is a real one (泾阳县), so that its place is a division; 经阳县 and 径阳县 are
# none (misreadings of 泾); 澴水县 is a made-up place, no division but one character from some.
NAME = "泾阳县交通运输局"


def test_ocr_title_misread_corrected_from_the_copies() -> None:
    # title 泾 read as 经; the body's copies and the place name read 泾
    parsed = _scan("经阳县交通运输局", NAME, NAME, NAME, "泾阳县")
    assert parsed.report.meta.agency == NAME
    (d,) = _name_diags(parsed)
    assert d.cells == ("meta.agency",)
    assert "经阳县交通运输局" in d.message_en


def test_ocr_title_first_character_lost_corrected() -> None:
    # the title and the signature lose 泾 at the start of their lines; the body prints it
    parsed = _scan("阳县交通运输局", NAME, NAME, "阳县交通运输局", "泾阳县")
    assert parsed.report.meta.agency == NAME
    assert len(_name_diags(parsed)) == 1


def test_ocr_name_printed_with_its_parent_is_kept() -> None:
    # the body names the agency with its city: 临江市 + 东湖区人民政府 is not a lost character
    parsed = _scan("东湖区人民政府", "临江市东湖区人民政府", "临江市东湖区人民政府", "临江市东湖区人民政府", "东湖区")
    assert parsed.report.meta.agency == "东湖区人民政府"
    assert _name_diags(parsed) == []


def test_ocr_copies_that_disagree_are_said() -> None:
    # 泾 read three ways, none a division: no reading can be trusted, the title's is kept and named
    parsed = _scan("经阳县交通运输局", "径阳县交通运输局", "经阳县交通运输局", "茎阳县交通运输局", "经阳县")
    assert parsed.report.meta.agency == "经阳县交通运输局"
    (d,) = _name_diags(parsed)
    assert d.cells == ("meta.agency",)


def test_ocr_copies_that_disagree_settled_by_the_one_real_place() -> None:
    # 泾 read as 经 twice, 径 once, 泾 once (the signature): the one reading that is a division is used
    parsed = _scan("经阳县交通运输局", "经阳县交通运输局", "径阳县交通运输局", NAME, "经阳县")
    assert parsed.report.meta.agency == NAME
    (d,) = _name_diags(parsed)
    assert "no division" in d.message_en


def test_ocr_every_copy_misread_alike_is_said() -> None:
    # every copy reads 经阳县: the copies agree, but 经阳县 is no division, one character from 泾阳县
    bad = "经阳县交通运输局"
    parsed = _scan(bad, bad, bad, bad, "经阳县")
    assert parsed.report.meta.agency == bad
    (d,) = _name_diags(parsed)
    assert "check it on the scan" in d.message_en


def test_ocr_one_copy_misread_keeps_the_title() -> None:
    parsed = _scan(NAME, NAME, "经阳县交通运输局", NAME, "泾阳县")
    assert parsed.report.meta.agency == NAME
    assert _name_diags(parsed) == []


def test_ocr_place_not_a_division_nor_near_one_is_not_doubted() -> None:
    # a development zone: not a division, and nothing says it is misread
    name = "青石高新区管理委员会"
    parsed = _scan(name, name, name, name, "青石高新区")
    assert parsed.report.meta.agency == name
    assert _name_diags(parsed) == []


def test_text_layer_name_is_never_changed() -> None:
    # the same lines with no OCR confidence: a text layer prints what the agency typed
    parsed = _scan("经阳县交通运输局", NAME, NAME, NAME, "泾阳县", confidence=None)
    assert parsed.report.meta.agency == "经阳县交通运输局"
    assert _name_diags(parsed) == []


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(
    agency=st.text(alphabet="泾经径阳县交通运输局市区", min_size=1, max_size=10),
    text=st.text(alphabet="泾经径阳县交通运输局市区公布请与\n ，", max_size=200),
)
def test_ocr_agency_takes_only_a_name_the_text_prints(agency: str, text: str) -> None:
    from govdisclosure.parse._meta import ocr_agency

    name, other = ocr_agency(agency, agency + "\n" + text)
    assert name == agency or name in (agency + "\n" + text).replace("\n", "")
    if name != agency:
        assert other is not None
        assert name in other[0]


# ----------------------------------------------------------------------------- a year without a title
TABLE = (
    "二、主动公开政府信息情况\n"
    "第二十条第（一）项\n"
    "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
    "规章 | 0 | 0 | 2 |\n"
)


@pytest.mark.parametrize(
    ("text", "year"),
    [
        # last year's report named in book marks is not this report's year (its overview says it)
        (
            "一、总体情况\n2022年，云岭省测绘局坚持依法公开，公开发布《云岭省测绘局2021年政府信息公开工作年度报告》，"
            "全年受理申请12件。\n",
            2022,
        ),
        ("一、总体情况\n截止2023年12月31日，本局通过门户网站发布信息34条。\n", 2023),
        ("一、总体情况\n（一）主动公开。截至2024年12月31日，我办共发布信息21条。\n", 2024),
        # with nothing else to date it, a title in book marks still does
        ("根据《条例》，现将《青石镇2023年政府信息公开工作年度报告》公布如下。\n", 2023),
    ],
)
def test_year_without_a_title(text: str, year: int) -> None:
    assert _meta(text + TABLE)[1] == year
