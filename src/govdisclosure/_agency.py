"""Which agency's series a report belongs to: the one grouping rule of settle_series and check_series.

Reports of different agencies are never compared. A report is in the series of the
agency its title names (the name reduced by :func:`agency_key`); a report that names no
agency joins a series only when the reports given name exactly one agency between them.
An agency renamed over the years stays two series unless the caller maps the old name to
the new (``aliases``), or says that every report is one agency's (``one_agency``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

__all__ = ["agency_key", "series_keys"]

_NOT_KEY = re.compile(r"[\s\W_]+")


def agency_key(name: str | None) -> str | None:
    """An agency name reduced for grouping: width-folded, without spaces and punctuation."""
    if not name:
        return None
    return _NOT_KEY.sub("", unicodedata.normalize("NFKC", name)) or None


def series_keys(
    agencies: Sequence[str | None], *, one_agency: bool = False, aliases: Mapping[str, str] | None = None
) -> list[str | None]:
    """The series of each report, by the agency it names (``None``: in no series).

    ``aliases`` maps a name to the name it is the same agency as (a renamed agency);
    ``one_agency`` puts every report in one series.
    """
    if one_agency:
        return [""] * len(agencies)
    canon: dict[str, str] = {}
    for old, new in (aliases or {}).items():
        a, b = agency_key(old), agency_key(new)
        if a and b:
            canon[a] = b
    keys: list[str | None] = []
    for name in agencies:
        key = agency_key(name)
        seen: set[str] = set()
        while key is not None and key in canon and key not in seen:  # chains: A -> B -> C
            seen.add(key)
            key = canon[key]
        keys.append(key)
    named = {k for k in keys if k is not None}
    if len(named) == 1:
        only = next(iter(named))
        keys = [only if k is None else k for k in keys]
    return keys
