"""Reading one printed cell value: counts, signed changes, money with units, placeholders.

Works on folded text (see :mod:`._normalize`): full-width digits are ASCII by
then. A placeholder (``/``, ``-``, ``—``, ``——``, ``无``) is ``None``, never 0.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation

import attrs

__all__ = ["MAX_DECIMALS", "MAX_DIGITS", "MAX_RUN", "MONEY_UNITS", "NUMBER", "PLACEHOLDER", "Num", "read_number"]

UNITS = ("亿元", "万元", "千元", "元", "件", "个", "条", "项", "次", "宗", "笔", "家", "人", "份")
_UNIT = "|".join(UNITS)
#: The units of money, as a regex alternation (longest first, as in UNITS).
MONEY_UNITS = "|".join(u for u in UNITS if u.endswith("元"))
#: The most digits a cell value may have before its decimal point: past it, the cell is left unread.
MAX_DIGITS = 15
#: The most decimals an amount may have.
MAX_DECIMALS = 6
#: The longest digit run taken as one token: a row's cells printed with no separator (e.g. 15 cells of
#: table 四 as "10000100000000000") are one run that the recognizer splits. Past it, not a number at all.
MAX_RUN = 120
# A printed number: sign, digits (thousands separators allowed), decimals, unit. Never an exponent (1e309),
# never part of a longer digit run or of a number with more decimals than MAX_DECIMALS.
NUMBER = re.compile(
    rf"(?P<sign>[+-]?)[ \t]*(?P<int>\d{{1,3}}(?:,\d{{3}}){{1,4}}(?!,?\d)|\d{{1,{MAX_RUN}}}(?!\d|,\d{{3}}))"
    rf"(?:\.(?P<frac>\d{{1,{MAX_DECIMALS}}}))?(?!\.?\d|[eE][+-]?\d)(?:[ \t]*(?P<unit>{_UNIT}))?"
)
PLACEHOLDER = re.compile(r"(?:[/\\]|[-—─━]{1,3}|无|空|不适用)(?![\d\w])")


@attrs.frozen
class Num:
    """A number as printed: exact value, unit (or None), the digits as printed."""

    value: Decimal
    unit: str | None
    text: str
    signed: bool = False

    @property
    def is_integer(self) -> bool:
        return self.value == self.value.to_integral_value() and "." not in self.text

    @property
    def number_text(self) -> str:
        """The number exactly as printed: digits, optional sign and decimal point, no separators."""
        return self.text


@functools.lru_cache(maxsize=8192)
def read_number(text: str) -> Num | None:
    """Read a whole cell as one number (``"3件"``, ``"1,234"``, ``"251000元"``, ``"-15"``).

    Returns None when the text is not exactly one number. A digit run of up to
    :data:`MAX_RUN` digits is one number here (the recognizer may split it into
    cells); a cell value past :data:`MAX_DIGITS` digits is dropped by the parser
    with a diagnostic.
    """
    m = NUMBER.fullmatch(text.strip())
    if m is None:
        return None
    digits = m.group("int").replace(",", "")
    frac = m.group("frac")
    sign = "-" if m.group("sign") == "-" else ""
    printed = f"{sign}{digits}" + (f".{frac}" if frac is not None else "")
    try:
        value = Decimal(printed)
    except InvalidOperation:  # pragma: no cover - the regex admits only digits
        return None
    return Num(value, m.group("unit"), printed, signed=bool(m.group("sign")))
