"""Reading one printed cell value: counts, signed changes, money with units, placeholders.

Works on folded text (see :mod:`._normalize`): full-width digits are ASCII by
then. A placeholder (``/``, ``-``, ``—``, ``——``, ``无``) is ``None``, never 0.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation

import attrs

__all__ = ["NUMBER", "PLACEHOLDER", "Num", "read_number"]

UNITS = ("亿元", "万元", "千元", "元", "件", "个", "条", "项", "次", "宗", "笔", "家", "人", "份")
_UNIT = "|".join(UNITS)
# A printed number: sign, digits (thousands separators allowed), decimals, unit.
NUMBER = re.compile(
    rf"(?P<sign>[+-]?)[ \t]*(?P<int>\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.(?P<frac>\d+))?(?:[ \t]*(?P<unit>{_UNIT}))?"
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

    Returns None when the text is not exactly one number.
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
