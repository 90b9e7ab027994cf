"""Reading meta.year and meta.agency from the title, the statistics period and the prose.

The agency is the name the report's title gives (spec: ``meta.agency``). In order of trust:

1. a title line near the top: ``X2023年政府信息公开工作年度报告``, ``2023年X政府信息公开…``,
   ``X2023年度政务信息公开工作报告``, a title wrapped over two lines, or the name on the line
   above a title that starts with the year (only when that line looks like a name, never a menu
   or an image caption), or the sender of a covering letter (``X关于报送2020年度…年度报告的函``);
2. a sentence quoting the title (``现将X2023年政府信息公开工作年度报告公布如下``) — never a quoted
   notice (``《…关于做好2022年政府信息公开工作年度报告编制发布工作的通知》``) nor a verb phrase
   from one;
3. the opening line of the report naming itself (``2024年，X坚持…``, ``本年度报告…由X编制``,
   ``为认真做好X政府信息公开工作，…``).

Otherwise ``None``: prose that says only 我局 / 本单位 names nobody. The text is the folded
stream (simplified characters, half-width punctuation), so the name comes back simplified.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator
from importlib import resources

__all__ = ["find_agency", "find_meta", "find_year", "ocr_agency"]

_HAN = r"\u4e00-\u9fff"
_NAME = rf"[{_HAN}()（）]{{2,40}}?"
_YEAR_RX = r"(?P<year>(?:19|20)\d{2})"


def _spaced(word: str) -> str:
    """``word`` as a pattern allowing blanks between its characters (PDF text layers space them)."""
    return r"\s*".join(word)


def _alt(*words: str) -> str:
    return "(?:" + "|".join(_spaced(w) for w in words) + ")"


# 政府信息公开 / 政务信息公开 / 政务公开 / 信息公开, and a mirror's 资讯 for 信息
_PUBLIC = _alt(
    "政府信息与政务公开",
    "政府信息和政务公开",
    "政府信息公开",
    "政府资讯公开",
    "政务信息公开",
    "政务资讯公开",
    "政务公开",
    "信息公开",
    "资讯公开",
)
# …公开工作年度报告, …公开工作开展年度报告, …公开情况的报告 / 工作情况报告
_REPORT = (
    rf"{_PUBLIC}\s*(?:工\s*作\s*(?:开\s*展\s*)?(?:的\s*)?)?(?:情\s*况\s*(?:的\s*)?)?"
    r"(?:年\s*度\s*)?(?:报\s*告|年\s*报)"
)
# a title without a year must be worded in full (a menu item reads 政府信息公开年报)
_REPORT_FULL = rf"{_PUBLIC}\s*工\s*作\s*(?:年\s*度\s*)?报\s*告"
_NOT_PUBLIC = r"(?!度|政\s*府\s*信|政\s*府\s*资|政\s*务|信\s*息\s*公|资\s*讯\s*公)"
# 尧都区解放路办事处2020年政府信息公开工作年度报告 / 沐阳县人民政府 2025 年 政府信息公开… /
# X关于2023年度政府信息公开工作年度报告
_TITLE = re.compile(rf"(?P<agency>{_NAME})?[ \t]*(?:关于[ \t]*)?{_YEAR_RX}[ \t]*年[ \t]*(?:度[ \t]*)?{_REPORT}")
# 2024 年上海市科委政府信息公开工作年度报告
_TITLE_YEAR_FIRST = re.compile(rf"{_YEAR_RX}\s*年\s*(?:度\s*)?(?P<agency>{_NOT_PUBLIC}{_NAME})\s*{_REPORT}")
_TITLE_NO_YEAR = re.compile(rf"(?P<agency>{_NOT_PUBLIC}{_NAME})?\s*{_REPORT_FULL}$")
# A report published as a covering letter: X关于报送2020年度政府信息公开工作年度报告的函 (the
# sender X is the agency, or the name the letter gives the report: 关于报送Y2020年度…). A letter
# title ends in 的函/的报告/的请示: a superior's notice (关于做好…编制发布工作的通知) never matches.
_TITLE_LETTER = re.compile(
    rf"(?P<agency>{_NAME})[ \t]*关于[ \t]*(?:报送|上报|呈报|提交|公布|公开|发布)[ \t]*"
    rf"(?P<inner>{_NAME})?[ \t]*{_YEAR_RX}[ \t]*年[ \t]*(?:度[ \t]*)?{_REPORT}[ \t]*的?[ \t]*(?:函|报告|请示)"
)
# the title quoted anywhere: its year and words, then the run of Han characters right before them
# (the lookahead: the characters a match can start with, so every other position is passed over at once)
_TITLE_TAIL = re.compile(rf"(?=[ \t关12])[ \t]*(?:关于[ \t]*)?{_YEAR_RX}[ \t]*年[ \t]*(?:度[ \t]*)?{_REPORT}")
_RUN_BEFORE = re.compile(rf"[{_HAN}()（）]{{1,40}}\Z")
_PERIOD = re.compile(r"统计(?:期限|期间|周期|时限|区间)?[^。\n]{0,16}?(?P<year>(?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
_YEAR = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")
# A report without a title or statistics period dates itself: 截至2023年12月31日, or a paragraph
# opening 2022年，X坚持… (the overview's first words).
_AS_OF = re.compile(r"截\s*[至止]\s*(?P<year>(?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日")
_OPENING_YEAR = re.compile(r"^[ \t\u3000]*(?P<year>(?:19|20)\d{2})\s*年度?\s*[,，]", re.M)

# What may stand before the title on its line: a field label, a caption, a page number.
_LINE_PREFIX = re.compile(
    r"^(?:(?:Page|P\.)\s*\d+\s*[-–—:]\s*"
    r"|(?:文章标题|标题|题名|名称|主题)\s*[:：]\s*"
    r"|(?:图片|正文)(?:\s+|(?=[\u4e00-\u9fff]))"
    r"|[*_]+)+"
)
_WHOLE_QUOTE = re.compile(r"《([^《》]*)》|\"([^\"]*)\"")
# A sentence's verb before the quoted title (现将X…报告公布如下). 编制 and 发布 also occur inside
# names (机构编制委员会办公室, 预警信息发布中心), so there only when not part of one.
_SENTENCE_VERB = re.compile(
    rf"^.*(?:现将|现予|公布|印发|制定|形成|完成|(?<!机构)编制(?!委员会|办)|发布(?!中心))(?=[{_HAN}]{{2}})"
)
# A run holding these is a notice, a sentence or a self-reference, never a name.
_NEVER_IN_NAME = re.compile(
    r"关于|通知|做好|我|报告|年度|公开工作|条例|根据|依据|按照|以下|要求|情况|如下|现将|上级|有关"
)
_NEVER_FIRST = re.compile(
    r"^(?:本(?!溪)|度|政府信息|政务(?!服务|数据|大数据)|信息公开|做|开展|加强|推进|落实|规范|进一步|认真|全面|深入|持续|切实|扎实"
    r"|积极|编制|发布|公布|印发|报送|上报|撰写|起草|结合)"
)
# Junk glued before a name on a title line (an image caption, a page's body marker).
_JUNK_PREFIX = re.compile(r"^(?:图片|正文|首页|标题|题名|打印|关闭|返回|分享)+")
# How agency names end; a line above a year-first title must end so to be taken as the name.
_AGENCY_END = re.compile(
    r"(?:政府|办事处|街道|街|镇|乡|苏木|村|社区|区|县|市|州|盟|旗|省|局|委员会|委|厅|署|院|办公室|办|中心|站"
    r"|所|队|馆|会|处|室|部|司|园|场|集团|公司|校|台|社|关|庭|厂|港|矿|团|行)$"
)
_NOT_A_NAME_LINE = re.compile(
    r"公开|报告|年报|首页|位置|栏目|下载|新闻|动态|图片|正文|发布|来源|时间|浏览|点击|字号|打印|分享|关闭|无障碍|关怀|搜索|网站"
)
# What may follow a title's last word; a notice's title goes on (…年度报告编制发布工作的通知).
_NOTICE_GOES_ON = re.compile(
    r"\s*(?:编|发布(?!时间|日期|机构)|报送|上报|工作|的|格式|通知|有关|相关|事项|模板|要求|等)"
)
_SUFFIX = "区|县|市|州|盟|旗|镇|乡|街道|办事处|局|委员会|委|厅|署|院|办公室|中心|人民政府|政府|管委会|管理委员会"
# (以习近平…为指导: the opening may go straight on to the guiding thought, with no 坚持)
_VERBS = "坚持|深入|认真|全面|按照|紧紧|严格|持续|围绕|高度|进一步|始终|不断|聚焦|紧扣|深化|扎实|积极|以习近平"
# 2024年，平潭综合实验区坚持… (a report whose title is outside the text)
# 本年度报告根据…要求，由X编制 (the template's opening sentence, where the title is not in the text)
_COMPILED_BY = re.compile(
    rf"由\s*(?P<agency>[{_HAN}()（）]{{2,30}}?)\s*(?:负责)?编\s*制(?!委员会|办)"
    # 为认真做好X政府信息公开工作，我局… (an opening sentence naming the agency's own work)
    rf"|为了?(?:进一步|认真|切实|全面|扎实)*做好\s*(?P<own>[{_HAN}()（）]{{2,30}}?)\s*的?{_PUBLIC}\s*工\s*作"
)
_PROSE_AGENCY = re.compile(
    # (2023年，在区委、区政府的坚强领导下，X认真贯彻…: a clause of who led it may come first; the comma
    # may be lost: a scan's OCR reads "2024年平潭综合实验区坚持…")
    rf"(?:19|20)\d{{2}}\s*年度?\s*[,，]?\s*(?:在[^,，。;；\n]{{2,40}}?下\s*[,，]\s*)?"
    rf"(?P<agency>[{_HAN}]{{2,20}}?(?:{_SUFFIX}))(?:{_VERBS})"
)
# The office of the agency that compiled the report (由两城镇人民政府党政办公室编制, 由X街道党政
# 办公室综合科编制, 由X区人民政府办公室综合科编制): the report is the agency's, not its office's.
_OWN_OFFICE = re.compile(
    r"(?<=[府处道镇乡局委会室])(?:党政|综合)\S{0,12}?(?:办公室|办|科|股|处|室)(?:[(（][^)）]*[)）])?$"
)
# A title whose name is printed with a gap between the parent and the unit (X管理委员会 卫生健康
# 办公室2023年…报告): the part before the gap is a name of its own.
_NAME_GAP = re.compile(rf"([{_HAN}()（）]{{2,30}})[ \t\u3000]+(?=[{_HAN}])")


def _clean(name: str | None) -> str | None:
    """The agency in a run of characters before a title's year, or None if the run names none."""
    if not name:
        return None
    name = re.sub(r"\s+", "", name)
    name = _JUNK_PREFIX.sub("", name)
    name = _SENTENCE_VERB.sub("", name)
    if len(name) < 2 or _NEVER_IN_NAME.search(name) or _NEVER_FIRST.match(name):
        return None
    return name


def _first_lines(text: str) -> Iterator[str]:
    """The lines of ``text`` one at a time (a title is near the top: no list of every line)."""
    pos = 0
    while pos <= len(text):
        nl = text.find("\n", pos)
        if nl < 0:
            yield text[pos:]
            return
        yield text[pos:nl]
        pos = nl + 1


def _lines(text: str, limit: int = 60) -> list[str]:
    out = []
    for line in _first_lines(text):
        line = line.strip().lstrip("#").strip()
        line = _LINE_PREFIX.sub("", line)
        line = line.rstrip("*_").strip()  # markdown emphasis after the title
        whole = _WHOLE_QUOTE.fullmatch(line)  # 《X2023年政府信息公开工作年度报告》 standing alone
        if whole:
            line = (whole.group(1) or whole.group(2) or "").strip()
        if line:
            out.append(line)
        if len(out) >= limit:
            break
    return out


def _name_line(line: str) -> str | None:
    """The line above a title that starts with its year, when that line is an agency's name."""
    name = re.sub(r"\s+", "", line)
    if not re.fullmatch(rf"[{_HAN}()（）]{{2,30}}", name) or _NOT_A_NAME_LINE.search(name):
        return None
    if not _AGENCY_END.search(name):
        return None
    return _clean(name)


def _ends_title(s: str, start: int, end: int) -> bool:
    """A title match stops at its last word: no notice goes on after it, no open 《 is left."""
    if _NOTICE_GOES_ON.match(s, end):
        return False
    before = s[:start]
    if before.count("《") > before.count("》"):
        return s[end : end + 1] == "》"
    return True


_Title = tuple[int, str | None, bool]  # year, agency, and whether the title had no run before its year


def _title_at(s: str, year_before: int | None = None) -> _Title | None:
    """The title that ``s`` opens with; ``year_before`` bounds where its year may stand."""
    found: _Title | None = None
    letter = _TITLE_LETTER.match(s) if year_before is None else None
    if letter is not None:
        agency = _clean(letter.group("inner")) or _clean(letter.group("agency"))
        if agency is not None:
            return int(letter.group("year")), agency, False
    for rx in (_TITLE, _TITLE_YEAR_FIRST):
        m = rx.match(s)
        if not m or not _ends_title(s, m.start(), m.end()):
            continue
        if year_before is not None and m.start("year") >= year_before:
            continue
        raw = m.group("agency")
        agency = _clean(raw)
        if agency is not None:
            return int(m.group("year")), agency, False
        if found is None:
            found = (int(m.group("year")), None, rx is _TITLE and not re.sub(r"\s|关于", "", raw or ""))
    return found


_VERB_END = re.compile(r"(?:现将|现予|公布|印发|制定|形成|完成|编制|发布)$")
_VERB_HEAD = re.compile(r"(?:现|公|印|制|编|发)$")  # not 形/完: 成 opens names (成都市)


def _verb_cut(prev: str, agency: str) -> str:
    """The agency less the end of a sentence's verb that a line break cut off its head (a PDF's
    wrapped sentence: …等相关规定,编⏎制X2024年政府信息公开工作年度报告,…: X, not 制X). The line
    before is a full one (a wrap), not a short heading or caption."""
    if len(prev) < 20 or _VERB_END.search(prev) or not _VERB_HEAD.search(prev):
        return agency
    joined = prev[-1] + agency
    cut = _SENTENCE_VERB.sub("", joined)
    return cut if len(cut) >= 2 and len(cut) < len(agency) and _clean(cut) == cut else agency


_HAN_TAIL = re.compile(rf"[{_HAN}]{{1,16}}$")
_BEFORE_NAME = re.compile(r".*(?:现将|现予|公布|印发|编制|发布|报送|关于)")


def _name_cut(prev: str, agency: str, text: str) -> str:
    """The agency with the head of its name that a line break left on the line before (a PDF's
    wrapped sentence or link: …等相关规定,编制万源市玉⏎带乡2024年政府信息公开工作年度报告: 万源市玉带乡,
    not 带乡). Joined only after a full line (a wrap, not a heading) ending in the head, and when
    the joined name is the report's: printed whole elsewhere in it, or starting with a division
    (province, city, county) where the name alone starts with none."""
    tail = _HAN_TAIL.search(prev) if len(prev) >= 20 else None
    if tail is None:
        return agency
    head = _BEFORE_NAME.sub("", tail.group())
    joined = head + agency
    if not head or _clean(joined) != joined:
        return agency
    if joined in text:
        return joined
    place = _head(joined)
    if place is not None and place in _divisions() and _head(agency) not in _divisions():
        return joined
    return agency


def _title(text: str) -> tuple[int | None, str | None]:
    lines = _lines(text)
    best: tuple[int | None, str | None] = (None, None)
    for i, line in enumerate(lines):
        found = _title_at(line)
        if found is None and (" " in line or "\t" in line or "\u3000" in line):
            gap = _NAME_GAP.match(line)
            if gap is not None and _name_line(gap.group(1)) is not None:
                found = _title_at(gap.group(1) + line[gap.end() :])
        if found is None and i + 1 < len(lines) and len(line) < 40:
            # a title wrapped after its year: 2024年X政府信息公开工作 / 年度报告
            found = _title_at(line + lines[i + 1], year_before=len(line))
        if found is not None:
            year, agency, bare = found
            if agency is None and bare and i > 0:
                agency = _name_line(lines[i - 1])  # X / 2023年政府信息公开工作年度报告
            elif agency is not None and i > 0:
                agency = _name_cut(lines[i - 1], _verb_cut(lines[i - 1], agency), text)
            if agency is not None:
                return year, agency
            if best[0] is None:
                best = (year, best[1])
            continue
        m = _TITLE_NO_YEAR.match(line)
        if m and best[1] is None:
            raw = m.group("agency")
            agency = _clean(raw)
            if not raw and i > 0:
                agency = _name_line(lines[i - 1])  # X / 政府信息公开工作年度报告
            if agency is not None:
                best = (best[0], agency)
    return best


def find_meta(text: str) -> tuple[int | None, str | None]:
    """The report year and the agency (:func:`find_year`, :func:`find_agency`), the title read once."""
    title = _title(text)
    return find_year(text, title), find_agency(text, title)


def find_year(text: str, title: tuple[int | None, str | None] | None = None) -> int | None:
    """The report year: from the title, else the statistics period, else the prose."""
    year, _ = title or _title(text)
    if year is not None:
        return year
    m = _PERIOD.search(text)
    if m:
        return int(m.group("year"))
    # The year of the first title anywhere not in book marks: found by the titles' tails (their year
    # and words), as the agency before a title is optional (the whole title tried at every Han
    # character, up to 40 long: 0.5 ms on a 2 KB text).
    cited = None
    for m2 in _TITLE_TAIL.finditer(text):
        before = text[text.rfind("\n", 0, m2.start()) + 1 : m2.start()]
        if before.count("《") > before.count("》"):
            # a report named in a sentence's book marks: last year's (公开发布《X2021年…报告》)
            # or another agency's; the report's own year is what its text says of itself.
            cited = cited or int(m2.group("year"))
            continue
        return int(m2.group("year"))
    m = _AS_OF.search(text[:6000]) or _OPENING_YEAR.search(text[:6000])
    if m:
        return int(m.group("year"))
    if cited is not None:
        return cited
    counts = Counter(int(m.group("year")) for m in _YEAR.finditer(text[:6000]))
    counts = Counter({y: c for y, c in counts.items() if 2007 <= y <= 2100})
    if not counts:
        return None
    top = max(counts.values())
    return next(y for y in (int(m.group("year")) for m in _YEAR.finditer(text[:6000])) if counts.get(y) == top)


def _quoted_title(text: str) -> str | None:
    """The agency of a sentence quoting the title: 现将X2023年政府信息公开工作年度报告公布如下."""
    for m in _TITLE_TAIL.finditer(text):
        run = _RUN_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if run is None or not _ends_title(text, run.start(), m.end()):
            continue
        agency = _clean(run.group())
        if agency is not None and _AGENCY_END.search(agency):
            return agency
    return None


def find_agency(text: str, title: tuple[int | None, str | None] | None = None) -> str | None:
    """The reporting agency as its title names it (or a sentence quoting the title, or its opening line)."""
    _, agency = title or _title(text)
    if agency:
        return agency
    agency = _quoted_title(text[:20000])
    if agency:
        return agency
    m = _PROSE_AGENCY.search(text[:5000])
    if m:
        return _clean(m.group("agency"))
    for m in _COMPILED_BY.finditer(text[:3000]):
        agency = _clean(m.group("agency") or m.group("own"))
        if agency is not None and m.group("agency"):
            agency = _OWN_OFFICE.sub("", agency)
        if agency is not None and _AGENCY_END.search(agency) and not agency.startswith(("全", "各")):
            return agency
    return None


# ------------------------------------------------------------------ an agency name read by OCR
# The characters that end an enclosing division's name: a name printed after one of them in
# the body (淮安市洪泽区人民政府) is the title's name with its parent, not a character lost.
_DIVISION_END = frozenset("国省市县区州盟旗镇乡村")
_HAN_CHAR = re.compile(rf"[{_HAN}]")
# places that are not divisions, though they end like one: 高新区, 经济开发区, 工业园区, 风景区…
_ZONES = (
    "开发区",
    "新区",
    "园区",
    "景区",
    "示范区",
    "试验区",
    "保税区",
    "合作区",
    "管理区",
    "度假区",
    "片区",
    "社区",
    "港区",
    "城区",
)


@functools.cache
def _divisions() -> frozenset[str]:
    """China's divisions at province, prefecture and county level (names: 沭阳县, 淮安市, 洪泽区)."""
    text = resources.files(__package__).joinpath("_divisions.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def _head(name: str) -> str | None:
    """The place a name starts with, when it looks like a division (3-6 characters to 县/区/市…)."""
    end = next((j for j in range(2, min(len(name), 6)) if name[j] in _DIVISION_END), None)
    return name[: end + 1] if end is not None else None


def _misread_place(name: str) -> bool:
    """Whether the place ``name`` starts with is no division, but one character from some.

    沐阳县 is no division, and 沭阳县 (or 泾阳县…) is: OCR may have misread a character. A
    place that is a division, or has none one character away (a development zone, a town
    not listed), is not taken for a misreading.
    """
    head = _head(name)
    if head is None or head in _divisions() or head.endswith(_ZONES):
        return False
    return any(head[:i] + c + head[i + 1 :] in _divisions() for i in range(len(head) - 1) for c in _chars_at(i, head))


@functools.cache
def _by_shape() -> dict[tuple[int, int, str], frozenset[str]]:
    """The characters a division holds at position i, by (length, i, its last character)."""
    out: dict[tuple[int, int, str], set[str]] = {}
    for d in _divisions():
        for i in range(len(d) - 1):
            out.setdefault((len(d), i, d[-1]), set()).add(d[i])
    return {k: frozenset(v) for k, v in out.items()}


def _chars_at(i: int, head: str) -> frozenset[str]:
    return _by_shape().get((len(head), i, head[-1]), frozenset())


def _variants(name: str, flat: str, positions: range) -> Counter[str]:
    """The other readings of ``name`` the text prints: one character different at one of ``positions``."""
    out: Counter[str] = Counter()
    for i in positions:
        rx = re.compile(re.escape(name[:i]) + rf"[{_HAN}]" + re.escape(name[i + 1 :]))
        for m in rx.finditer(flat):
            if m.group() != name:
                out[m.group()] += 1
    return out


def ocr_agency(agency: str, text: str) -> tuple[str, tuple[str, str] | None]:
    """The agency's name as the title of a report read by OCR gives it, checked; and what to say.

    OCR misreads a rare character of a name (沭 as 述 or 沐) or loses the first character
    of a line, and the name is then wrong without any sign. Two checks, both from the
    report itself or from facts: the copies of the name the body prints (see
    :func:`_by_copies`), and the place the name starts with, which should be a division
    of China (:func:`_misread_place`). When the place is no division but one character
    from some, the one reading the text prints whose place is a division is used; with
    none or several, the reading is kept and said. Returns the name to use and, when
    anything disagrees, the message (English, Chinese) for a diagnostic naming it.
    """
    if len(agency) < 3 or not all(_HAN_CHAR.fullmatch(c) for c in agency):
        return agency, None
    name, other, readings = _by_copies(agency, text)
    if _misread_place(name):
        place = _head(name)
        real = [r for r in readings if _head(r) in _divisions()]
        if len(real) == 1:
            good = real[0]
            return good, (
                f"the title read by OCR gives {agency}; {place} is no division of China, and the text "
                f"prints {good} {readings[good]}×: {good} is used",
                f"OCR识别标题为“{agency}”，“{place}”并非行政区划，正文{readings[good]}处为“{good}”，采用后者",
            )
        return name, (
            f"the title read by OCR gives {agency}; {place} is no division of China, one character "
            "from some (a character misread?): check it on the scan",
            f"OCR识别标题为“{agency}”，“{place}”并非行政区划（与某区划名仅差一字，疑似误识）：请对照扫描件核对",
        )
    if other is None:
        return name, None
    alt, k = other
    if name != agency:
        return name, (
            f"the title read by OCR gives {agency}, the text prints {alt} {k}×: {alt} is used",
            f"OCR识别标题为“{agency}”，正文{k}处为“{alt}”，采用后者",
        )
    return name, (
        f"the title read by OCR gives {agency}, the text also prints {alt} {k}×: check it on the scan",
        f"OCR识别标题为“{agency}”，正文另有{k}处为“{alt}”，请对照扫描件核对",
    )


def _by_copies(agency: str, text: str) -> tuple[str, tuple[str, int] | None, Counter[str]]:
    """The agency's name as the title gave it, checked against the copies a report read by OCR prints.

    OCR misreads a rare character of a name (沭 as 述 or 沐) or loses the first character of
    a line (阳县发展和改革局), and the name is then wrong without any sign. The report
    prints its name again in its body (公布X…, 请与X联系, the signature), and its place name
    (X县人民政府网站, 地址：X县…). Returns the name to use; when the copies disagree, the
    reading they print most and how often (``None`` when they agree); and every reading of
    the whole name the text prints, with how often.

    - Every other copy reads one same other name, at least twice, more often than the
      title's reading, and the place name's copies do not disagree with it: that name is
      used (the title's copy was misread).
    - The title's name with one more character in front (沭 + 阳县…), that character not
      ending a division's name (淮安市 + 洪泽区人民政府 is the name with its parent) and
      printed before the name's head elsewhere too (沭阳县人民政府), while every copy of the
      title's reading standing alone starts a line (where OCR loses a character): the
      title lost it. That name is used when it is the only one, printed at least twice,
      and nothing else disagrees; otherwise the title's reading is kept, and said.
    - The title's reading printed at least twice as often as all the others together: kept
      (a copy misread).
    - Otherwise the copies disagree: the title's reading is kept, and said.
    """
    n = len(agency)
    lines = text.split("\n")
    flat = "".join(lines)  # OCR lines are the layout's wraps: a name may run over two
    own = flat.count(agency)
    same = _variants(agency, flat, range(n))
    longer = Counter(
        m.group() for m in re.finditer(rf"[{_HAN}]" + re.escape(agency), flat) if m.group()[0] not in _DIVISION_END
    )
    # a character lost from the name is printed with the name's head elsewhere too (沭阳县人民政府):
    # a word that merely precedes the name (公布 + 澴水县…) is not
    longer = Counter({name: k for name, k in longer.items() if flat.count(name[:3]) >= 2})
    # the place name at the head of the name (沭阳县 of 沭阳县发展和改革局), printed on its own too
    head = _head(agency)
    place = head if head is not None and len(head) < n else ""  # a part of the name, not all of it
    places = _variants(place, flat, range(len(place) - 1)) if place else Counter()
    readings = same + longer + Counter({agency: own})
    if not same and not longer and not places:
        return agency, None, readings
    if longer and _alone_at_line_starts(agency, lines):  # the title's copy lost its first character
        name, k = longer.most_common(1)[0]
        if len(longer) == 1 and k >= 2 and not same:
            return name, (name, k), readings
        return agency, (name, k), readings
    own -= sum(longer.values())  # the copies standing alone
    if len(same) == 1 and not longer:
        name, k = same.most_common(1)[0]
        if k >= 2 and k > own and set(places) <= {name[: len(place)]}:
            return name, (name, k), readings
    others = sum(same.values()) + sum(longer.values())
    if own >= 2 * others and (not place or flat.count(place) >= 2 * sum(places.values())):
        return agency, None, readings  # a copy misread
    name, k = (same + longer).most_common(1)[0] if others else places.most_common(1)[0]
    return agency, (name, k), readings


def _alone_at_line_starts(name: str, lines: list[str]) -> bool:
    """Whether every copy of ``name`` not preceded by another character of a name starts its line."""
    for line in lines:
        for m in re.finditer(re.escape(name), line):
            before = line[m.start() - 1] if m.start() else ""
            if before and _HAN_CHAR.fullmatch(before):
                continue  # part of a longer name
            if line[: m.start()].strip():
                return False
    return True
