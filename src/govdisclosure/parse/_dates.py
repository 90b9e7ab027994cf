"""What makes a report citable: its publication date, the date signed under it, its own address.

Read from the source, never guessed:

- ``published``: a page's ``<meta>`` date (``PubDate``, ``publishdate``, ``article:published_time``,
  …), a crawler's header above the text (``发布时间: 2020-01-06 20:04`` in a block holding
  ``原文链接:``), a page's own ``发布时间``/``发布日期`` line near the top, or a PDF's creation
  date, in that order of trust; ``published_from`` says which.
- ``signed``: the date printed under the report (落款): the last line near the end that is only a
  date (``2022年1月10日``, ``二〇二二年一月十日``), possibly after the agency's name.
- ``source_url``: a canonical link (``<link rel="canonical">``, ``og:url``) or a crawler
  header's ``原文链接``.

Dates are ``YYYY-MM-DD`` strings of real calendar dates; anything else is ``None``.
"""

from __future__ import annotations

import functools
import re

from ._meta import _AGENCY_END

__all__ = ["html_source_meta", "pdf_source_meta", "text_source_meta"]

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGITS.update({"六": 6, "七": 7, "八": 8, "九": 9})


def _iso(y: int, m: int, d: int) -> str | None:
    import datetime  # on first use: the CLI's start loads nothing it may not need

    try:
        return datetime.date(y, m, d).isoformat()
    except ValueError:
        return None


def _cn_number(s: str) -> int | None:
    """一 … 三十一 (a month or a day written in Chinese numerals)."""
    if not s:
        return None
    if "十" in s:
        tens, _, ones = s.partition("十")
        t = _CN_DIGITS.get(tens, 0 if tens else 1) if tens else 1
        o = _CN_DIGITS.get(ones, 0) if ones else 0
        if (tens and tens not in _CN_DIGITS) or (ones and ones not in _CN_DIGITS):
            return None
        return t * 10 + o
    return _CN_DIGITS.get(s) if len(s) == 1 else None


_ISO = r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"


@functools.cache
def _rx() -> dict[str, re.Pattern[str]]:
    return {
        # <meta name="PubDate" content="2022-01-10 09:00">, in either attribute order
        "meta": re.compile(
            r"<meta\b[^>]*?(?:name|property|itemprop)\s*=\s*[\"']?(?P<name>[\w:.-]+)[\"']?[^>]*?"
            r"content\s*=\s*[\"'](?P<content>[^\"']*)[\"'][^>]*>"
            r"|<meta\b[^>]*?content\s*=\s*[\"'](?P<content2>[^\"']*)[\"'][^>]*?"
            r"(?:name|property|itemprop)\s*=\s*[\"']?(?P<name2>[\w:.-]+)[\"']?[^>]*>",
            re.I,
        ),
        "canonical": re.compile(
            r"<link\b[^>]*?rel\s*=\s*[\"']?canonical[\"']?[^>]*?href\s*=\s*[\"'](?P<u>[^\"'\s]+)[\"']"
            r"|<link\b[^>]*?href\s*=\s*[\"'](?P<u2>[^\"'\s]+)[\"'][^>]*?rel\s*=\s*[\"']?canonical",
            re.I,
        ),
        "iso": re.compile(_ISO),
        # (each opens with a lookahead of the characters a match can start with: the engine then
        # passes over every other position at once instead of entering the pattern there)
        "line_date": re.compile(rf"(?=[ \t|发])(?:^|[ \t|])(?:发布时间|发布日期|发布于|发布)\s*[:：]\s*{_ISO}", re.M),
        "url_line": re.compile(r"^\s*(?:原文链接|原文地址|来源链接|链接|URL|url)\s*[:：]\s*(https?://\S+)", re.M),
        "header_end": re.compile(r"^=+\s*正文\s*=+\s*$", re.M),
        # a date ending its line (page furniture aside); the name before it is looked at by hand
        "signed": re.compile(
            r"(?=[12〇○零一二三四五六七八九Ｏ])(?P<y>(?:19|20)\d{2}|[〇○零一二三四五六七八九Ｏ]{4})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*月"
            r"\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
            r"[ \t]*(?:附件下载|附件|【?打印(?:本页)?】?|【?关闭(?:窗口)?】?)?[ \t]*(?=\n|$)",
        ),
    }


# <meta> names that carry a publication date, most specific first
_META_DATES = (
    "pubdate",
    "publishdate",
    "publishtime",
    "publish_date",
    "firstpublishedtime",
    "article:published_time",
    "articlepublishdate",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "date",
)


def _date_in(text: str) -> str | None:
    m = _rx()["iso"].search(text)
    return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


_HEAD_END = re.compile(r"</head\s*>|<body[\s>]", re.IGNORECASE)


def html_source_meta(html: str) -> dict[str, str]:
    """``published`` (from a ``<meta>`` date) and ``source_url`` (a canonical link) of a page."""
    out: dict[str, str] = {}
    # the page's head: up to </head> or <body> (a fragment without either: its first 64K characters)
    head_end = _HEAD_END.search(html, 0, 200_000)
    head = html[: head_end.start() if head_end else 65_536]
    dates: dict[str, str] = {}
    url = None
    for m in _rx()["meta"].finditer(head):
        name = (m.group("name") or m.group("name2") or "").lower()
        content = m.group("content") if m.group("content") is not None else m.group("content2") or ""
        if name in _META_DATES and name not in dates:
            date = _date_in(content)
            if date:
                dates[name] = date
        elif name == "og:url" and content.startswith(("http://", "https://")):
            url = url or content.strip()
    for name in _META_DATES:
        if name in dates:
            out["published"] = dates[name]
            out["published_from"] = "html-meta"
            break
    c = _rx()["canonical"].search(head)
    canonical = (c.group("u") or c.group("u2")) if c else None
    if canonical and canonical.startswith(("http://", "https://")):
        out["source_url"] = canonical
    elif url:
        out["source_url"] = url
    return out


_PDF_DATE = re.compile(rb"/CreationDate\s*\(\s*D:((?:19|20)\d{2})(\d{2})(\d{2})")


def pdf_source_meta(data: bytes) -> dict[str, str]:
    """``published`` from a PDF's creation date (its info dictionary, when stored uncompressed)."""
    for chunk in (data[:65536], data[-65536:]):
        m = _PDF_DATE.search(chunk)
        if m:
            date = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if date:
                return {"published": date, "published_from": "pdf-metadata"}
    return {}


def _han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or c in "（）()"


def _signed(text: str) -> str | None:
    """The 落款 date: the last date-only line in the report's last 1,500 characters, after a
    sentence's end, a line's start or an agency's name."""
    tail_start = max(0, len(text) - 1500)
    found = None
    for m in _rx()["signed"].finditer(text, tail_start):
        i = m.start()
        while i > 0 and text[i - 1] in " \t":
            i -= 1
        j = i
        while j > 0 and i - j <= 40 and _han(text[j - 1]):
            j -= 1
        name = text[j:i]
        if name:
            if i - j > 40 or len(name) < 2 or not _AGENCY_END.search(name):
                continue  # prose ending in a date (…于2022年1月10日), not a signature
        elif i > 0 and text[i - 1] not in "。；;！!？?\n":
            continue  # a date inside a sentence
        y, mo, d = m.group("y"), m.group("m"), m.group("d")
        if y.isdigit():
            year = int(y)
        else:
            year = int("".join(str(_CN_DIGITS.get(c, 0)) for c in y))
        month = int(mo) if mo.isdigit() else _cn_number(mo)
        day = int(d) if d.isdigit() else _cn_number(d)
        if month is not None and day is not None:
            found = _iso(year, month, day) or found
    return found


def text_source_meta(text: str, given: dict[str, str] | None = None) -> dict[str, str]:
    """Publication date (and where from), 落款 date and source URL read from the text of a report;
    ``given`` is what the container said (a page's ``<meta>``, a PDF's metadata), which wins
    for the publication date over a page line, but not over a crawler's header."""
    out = dict(given or {})
    rx = _rx()
    head = text[:3000]
    header_end = rx["header_end"].search(head)
    url = rx["url_line"].search(head[: header_end.start()] if header_end else head[:600])
    if url and "source_url" not in out:
        out["source_url"] = url.group(1)
    line = rx["line_date"].search(head[: header_end.start()] if header_end else head)
    if line:
        date = _iso(int(line.group(1)), int(line.group(2)), int(line.group(3)))
        if date and header_end is not None and url is not None:
            out["published"], out["published_from"] = date, "crawler-header"
        elif date and "published" not in out:
            out["published"], out["published_from"] = date, "page"
    signed = _signed(text)
    if signed:
        out["signed"] = signed
    return out
