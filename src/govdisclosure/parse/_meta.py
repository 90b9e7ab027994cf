"""Reading meta.year and meta.agency from the title, the statistics period and the prose."""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["find_agency", "find_year"]

_HAN = r"\u4e00-\u9fff"
_NAME = rf"[{_HAN}()（）]{{2,40}}?"
_REPORT = r"(?:政府)?\s*信\s*息\s*公\s*开\s*(?:工\s*作\s*)?(?:年\s*度\s*)?(?:报\s*告|年\s*报)"
# 尧都区解放路办事处2020年政府信息公开工作年度报告 / # 沐阳县人民政府 2025 年 政府信息公开…
_TITLE = re.compile(rf"(?P<agency>{_NAME})?[ \t]*(?P<year>(?:19|20)\d{{2}})[ \t]*年[ \t]*(?:度[ \t]*)?{_REPORT}")
# 2024 年上海市科委政府信息公开工作年度报告
_TITLE_YEAR_FIRST = re.compile(
    rf"(?P<year>(?:19|20)\d{{2}})\s*年\s*(?:度\s*)?(?P<agency>(?!政府信息){_NAME})\s*{_REPORT}"
)
_TITLE_NO_YEAR = re.compile(rf"(?P<agency>(?!政府信息){_NAME})?\s*{_REPORT}$")
_PERIOD = re.compile(r"统计(?:期限|期间|周期|时限|区间)?[^。\n]{0,16}?(?P<year>(?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
_YEAR = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")
_LEADING_VERBS = re.compile(
    r"^(?:.*?(?:编制|现将|公布|发布|印发|关于|制定|形成|做好|完成))(?=[{_HAN}]{2})".replace("{_HAN}", _HAN)
)
_SUFFIX = "区|县|市|州|盟|旗|镇|乡|街道|办事处|局|委员会|委|厅|署|院|办公室|中心|人民政府|政府|管委会|管理委员会"
_VERBS = "坚持|深入|认真|全面|按照|紧紧|严格|持续|围绕|高度|进一步|始终|不断|聚焦|紧扣|深化|扎实|积极"
# 2024年，平潭综合实验区坚持… (a report whose title is outside the text)
_PROSE_AGENCY = re.compile(
    rf"(?:19|20)\d{{2}}\s*年度?\s*[,，]\s*(?P<agency>[{_HAN}]{{2,20}}?(?:{_SUFFIX}))(?:{_VERBS})"
)
_NOT_NAME = ("我", "本", "年度", "报告", "政府信息公开", "以下", "根据", "条例")


def _clean(name: str | None) -> str | None:
    if not name:
        return None
    name = re.sub(r"\s+", "", name)
    name = _LEADING_VERBS.sub("", name)
    if len(name) < 2 or any(name.startswith(w) for w in _NOT_NAME):
        return None
    return name


def _lines(text: str, limit: int = 60) -> list[str]:
    out = []
    for line in text.split("\n"):
        line = line.strip().lstrip("#").strip()
        line = re.sub(r"^(?:Page|P\.)\s*\d+\s*[-–—:]\s*", "", line)
        if line:
            out.append(line)
        if len(out) >= limit:
            break
    return out


def _title(text: str) -> tuple[int | None, str | None]:
    lines = _lines(text)
    best: tuple[int | None, str | None] = (None, None)
    for i, line in enumerate(lines):
        joined = line + (lines[i + 1] if i + 1 < len(lines) and len(line) < 40 else "")
        for rx in (_TITLE, _TITLE_YEAR_FIRST):
            m = rx.match(joined) or rx.match(line)
            if not m:
                continue
            year = int(m.group("year"))
            agency = _clean(m.group("agency"))
            if agency is None and i > 0 and rx is _TITLE:
                prev = lines[i - 1]
                if re.fullmatch(rf"[{_HAN}()（）]{{2,30}}", prev) and "报告" not in prev:
                    agency = prev
            if agency is not None:
                return year, agency
            if best[0] is None:
                best = (year, None)
        m2 = _TITLE_NO_YEAR.match(line)
        if m2 and best[1] is None:
            agency = _clean(m2.group("agency"))
            if agency is None and i > 0 and re.fullmatch(rf"[{_HAN}()（）]{{2,30}}", lines[i - 1]):
                agency = lines[i - 1]
            if agency is not None:
                best = (best[0], agency)
    return best


def find_year(text: str) -> int | None:
    """The report year: from the title, else the statistics period, else the prose."""
    year, _ = _title(text)
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


def find_agency(text: str) -> str | None:
    """The reporting agency as named in the title (or in a sentence quoting it)."""
    _, agency = _title(text)
    if agency:
        return agency
    for m in _TITLE.finditer(text[:20000]):
        agency = _clean(m.group("agency"))
        if agency:
            return agency
    m2 = _PROSE_AGENCY.search(text[:5000])
    if m2:
        return _clean(m2.group("agency"))
    return None
