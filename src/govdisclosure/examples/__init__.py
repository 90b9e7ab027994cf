"""Sample reports shipped inside the package, so that an example needs no checkout.

Both are fictional (agencies and numbers invented, the identities hold), laid out as
reports copied from a web page usually are: ``sample_path("2021")`` is a 2021-edition
report for 2022 with pipe-separated rows, ``sample_path("2019")`` a 2019-edition report
for 2020.

>>> import govdisclosure as gd
>>> from govdisclosure.examples import sample_path
>>> gd.parse(sample_path("2021")).report.meta.year
2022
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

__all__ = ["SAMPLE_EDITIONS", "sample_path", "sample_text"]

SAMPLE_EDITIONS: tuple[Literal["2019", "2021"], ...] = ("2019", "2021")


def sample_path(edition: Literal["2019", "2021"] = "2021") -> Path:
    """The path of the shipped sample report of an edition (a UTF-8 text file)."""
    if edition not in SAMPLE_EDITIONS:
        raise ValueError(f"no sample for edition {edition!r}: choose one of {', '.join(SAMPLE_EDITIONS)}")
    return Path(__file__).with_name(f"sample-{edition}.txt")


def sample_text(edition: Literal["2019", "2021"] = "2021") -> str:
    """The text of the shipped sample report of an edition."""
    return sample_path(edition).read_text(encoding="utf-8")
