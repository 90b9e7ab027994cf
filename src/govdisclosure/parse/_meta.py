"""Reading meta.year and meta.agency from the title, the statistics period and the prose.

The agency is the name the report's title gives (spec: ``meta.agency``). In order of trust:

1. a title line near the top: ``X2023年政府信息公开工作年度报告``, ``2023年X政府信息公开…``,
   ``X2023年度政务信息公开工作报告``, a title wrapped over two lines, or the name on the line
   above a title that starts with the year (only when that line looks like a name, never a menu
   or an image caption), or the sender of a covering letter (``X关于报送2020年度…年度报告的函``);
2. a sentence quoting the title (``现将X2023年政府信息公开工作年度报告公布如下``) — never a quoted
   notice (``《…关于做好2022年政府信息公开工作年度报告编制发布工作的通知》``) nor a verb phrase
   from one;
3. the opening line of the report naming itself (``2024年，X坚持…``).

Otherwise ``None``: prose that says only 我局 / 本单位 names nobody. The text is the folded
stream (simplified characters, half-width punctuation), so the name comes back simplified.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

__all__ = ["find_agency", "find_meta", "find_year"]

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
_REPORT = rf"{_PUBLIC}\s*(?:工\s*作\s*)?(?:年\s*度\s*)?(?:报\s*告|年\s*报)"
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
_TITLE_TAIL = re.compile(rf"[ \t]*(?:关于[ \t]*)?{_YEAR_RX}[ \t]*年[ \t]*(?:度[ \t]*)?{_REPORT}")
_RUN_BEFORE = re.compile(rf"[{_HAN}()（）]{{1,40}}\Z")
_PERIOD = re.compile(r"统计(?:期限|期间|周期|时限|区间)?[^。\n]{0,16}?(?P<year>(?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
_YEAR = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")

# What may stand before the title on its line: a field label, a caption, a page number.
_LINE_PREFIX = re.compile(
    r"^(?:(?:Page|P\.)\s*\d+\s*[-–—:]\s*"
    r"|(?:文章标题|标题|题名|名称|主题)\s*[:：]\s*"
    r"|(?:图片|正文)(?:\s+|(?=[\u4e00-\u9fff]))"
    r"|[*_]+)+"
)
_LINE_SUFFIX = re.compile(r"[*_]+$")
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
    r"^(?:本(?!溪)|度|政府信息|政务|信息公开|做|开展|加强|推进|落实|规范|进一步|认真|全面|深入|持续|切实|扎实"
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
_VERBS = "坚持|深入|认真|全面|按照|紧紧|严格|持续|围绕|高度|进一步|始终|不断|聚焦|紧扣|深化|扎实|积极"
# 2024年，平潭综合实验区坚持… (a report whose title is outside the text)
_PROSE_AGENCY = re.compile(
    rf"(?:19|20)\d{{2}}\s*年度?\s*[,，]\s*(?P<agency>[{_HAN}]{{2,20}}?(?:{_SUFFIX}))(?:{_VERBS})"
)


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
        line = _LINE_SUFFIX.sub("", line).strip()
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
            found = (int(m.group("year")), None, rx is _TITLE and not raw)
    return found


def _title(text: str) -> tuple[int | None, str | None]:
    lines = _lines(text)
    best: tuple[int | None, str | None] = (None, None)
    for i, line in enumerate(lines):
        found = _title_at(line)
        if found is None and i + 1 < len(lines) and len(line) < 40:
            # a title wrapped after its year: 2024年X政府信息公开工作 / 年度报告
            found = _title_at(line + lines[i + 1], year_before=len(line))
        if found is not None:
            year, agency, bare = found
            if agency is None and bare and i > 0:
                agency = _name_line(lines[i - 1])  # X / 2023年政府信息公开工作年度报告
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
    m2 = _TITLE.search(text)
    if m2:
        return int(m2.group("year"))
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
    return None
