"""The report as frozen attrs classes, one set per edition of the template.

Counts are ``int | None`` (``None``: printed blank or a placeholder, never 0);
money is :class:`Money` (a :class:`~decimal.Decimal` and the unit as
printed). Attribute paths equal the cell ids of ``spec/cells.md``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Union

import attrs

from ._labels import Edition

__all__ = [
    "Active2019",
    "Active2021",
    "AppealRow",
    "Appeals",
    "DecisionRow",
    "DocRow2019",
    "DocRow2021",
    "FeesRow2019",
    "FeesRow2021",
    "ItemRow2019",
    "Meta",
    "Money",
    "NotProcessed",
    "Other2021",
    "OtherHandling",
    "ProcurementRow",
    "Report",
    "Report2019",
    "Report2021",
    "ReportLegacy",
    "RequestRow",
    "Requests2019",
    "Requests2021",
    "TextSections",
    "Unable",
    "Withheld",
]

Count = int | None


def _count() -> Count:
    field: Count = attrs.field(default=None, kw_only=True)
    return field


def _to_decimal(value: Decimal | str | int) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


@attrs.frozen
class Money:
    """An amount of money as printed: the number and its unit (``None`` if none printed)."""

    number: Decimal = attrs.field(converter=_to_decimal)
    unit: str | None = None

    def __str__(self) -> str:
        return f"{self.number}{self.unit or ''}"


# --- Table 二 -----------------------------------------------------------------
@attrs.frozen
class DocRow2019:
    made: Count = _count()
    published: Count = _count()
    total: Count = _count()


@attrs.frozen
class ItemRow2019:
    prev_items: Count = _count()
    change: Count = _count()
    decisions: Count = _count()


@attrs.frozen
class FeesRow2019:
    prev_items: Count = _count()
    change: Count = _count()


@attrs.frozen
class ProcurementRow:
    items: Count = _count()
    amount: Money | None = attrs.field(default=None, kw_only=True)


@attrs.frozen
class Active2019:
    rules: DocRow2019 = attrs.field(factory=DocRow2019, kw_only=True)
    normative_docs: DocRow2019 = attrs.field(factory=DocRow2019, kw_only=True)
    licensing: ItemRow2019 = attrs.field(factory=ItemRow2019, kw_only=True)
    other_services: ItemRow2019 = attrs.field(factory=ItemRow2019, kw_only=True)
    penalty: ItemRow2019 = attrs.field(factory=ItemRow2019, kw_only=True)
    coercion: ItemRow2019 = attrs.field(factory=ItemRow2019, kw_only=True)
    fees: FeesRow2019 = attrs.field(factory=FeesRow2019, kw_only=True)
    procurement: ProcurementRow = attrs.field(factory=ProcurementRow, kw_only=True)


@attrs.frozen
class DocRow2021:
    issued: Count = _count()
    repealed: Count = _count()
    in_force: Count = _count()


@attrs.frozen
class DecisionRow:
    decisions: Count = _count()


@attrs.frozen
class FeesRow2021:
    amount: Money | None = attrs.field(default=None, kw_only=True)


@attrs.frozen
class Active2021:
    rules: DocRow2021 = attrs.field(factory=DocRow2021, kw_only=True)
    normative_docs: DocRow2021 = attrs.field(factory=DocRow2021, kw_only=True)
    licensing: DecisionRow = attrs.field(factory=DecisionRow, kw_only=True)
    penalty: DecisionRow = attrs.field(factory=DecisionRow, kw_only=True)
    coercion: DecisionRow = attrs.field(factory=DecisionRow, kw_only=True)
    fees: FeesRow2021 = attrs.field(factory=FeesRow2021, kw_only=True)


# --- Table 三 -----------------------------------------------------------------
@attrs.frozen
class RequestRow:
    natural_person: Count = _count()
    commercial: Count = _count()
    research: Count = _count()
    social_welfare: Count = _count()
    legal_services: Count = _count()
    other_org: Count = _count()
    total: Count = _count()


def _row() -> RequestRow:
    return attrs.field(factory=RequestRow, kw_only=True)


@attrs.frozen
class Withheld:
    state_secret: RequestRow = _row()
    prohibited_by_law: RequestRow = _row()
    security_stability: RequestRow = _row()
    third_party: RequestRow = _row()
    internal_affairs: RequestRow = _row()
    process_info: RequestRow = _row()
    enforcement_files: RequestRow = _row()
    admin_query: RequestRow = _row()


@attrs.frozen
class Unable:
    not_held: RequestRow = _row()
    needs_creation: RequestRow = _row()
    unclear: RequestRow = _row()


@attrs.frozen
class NotProcessed:
    complaint: RequestRow = _row()
    duplicate: RequestRow = _row()
    publication: RequestRow = _row()
    excessive: RequestRow = _row()
    confirmation: RequestRow = _row()


@attrs.frozen
class OtherHandling:
    """（六）其他处理, in either printed form: one data row (the seven columns here, as in
    the 2019 template) or three sub-rows (as in 2021). The form not printed stays null."""

    natural_person: Count = _count()
    commercial: Count = _count()
    research: Count = _count()
    social_welfare: Count = _count()
    legal_services: Count = _count()
    other_org: Count = _count()
    total: Count = _count()
    no_correction: RequestRow = _row()
    unpaid_fee: RequestRow = _row()
    misc: RequestRow = _row()


Other2021 = OtherHandling  # the name of 0.1


@attrs.frozen
class Requests2019:
    new: RequestRow = _row()
    carried_over: RequestRow = _row()
    granted: RequestRow = _row()
    partially_granted: RequestRow = _row()
    withheld: Withheld = attrs.field(factory=Withheld, kw_only=True)
    unable: Unable = attrs.field(factory=Unable, kw_only=True)
    not_processed: NotProcessed = attrs.field(factory=NotProcessed, kw_only=True)
    other: OtherHandling = attrs.field(factory=OtherHandling, kw_only=True)
    total: RequestRow = _row()
    carried_forward: RequestRow = _row()


@attrs.frozen
class Requests2021:
    new: RequestRow = _row()
    carried_over: RequestRow = _row()
    granted: RequestRow = _row()
    partially_granted: RequestRow = _row()
    withheld: Withheld = attrs.field(factory=Withheld, kw_only=True)
    unable: Unable = attrs.field(factory=Unable, kw_only=True)
    not_processed: NotProcessed = attrs.field(factory=NotProcessed, kw_only=True)
    other: OtherHandling = attrs.field(factory=OtherHandling, kw_only=True)
    total: RequestRow = _row()
    carried_forward: RequestRow = _row()


# --- Table 四 -----------------------------------------------------------------
@attrs.frozen
class AppealRow:
    upheld: Count = _count()
    corrected: Count = _count()
    other: Count = _count()
    pending: Count = _count()
    total: Count = _count()


@attrs.frozen
class Appeals:
    review: AppealRow = attrs.field(factory=AppealRow, kw_only=True)
    litigation_direct: AppealRow = attrs.field(factory=AppealRow, kw_only=True)
    litigation_after_review: AppealRow = attrs.field(factory=AppealRow, kw_only=True)


# --- Meta and text ------------------------------------------------------------
@attrs.frozen
class Meta:
    """Edition as printed (``None`` if the tables shown do not decide it), year, agency; and
    what makes the report citable: when it was published and signed, where it came from.

    ``published`` is the publication date the source carries (``YYYY-MM-DD``) and
    ``published_from`` where it was read: ``html-meta`` (a page's ``<meta>`` date),
    ``page`` (a ``发布时间``/``发布日期`` line of the page), ``crawler-header`` (the
    header a crawler wrote above the text) or ``pdf-metadata`` (a PDF's creation
    date). ``signed`` is the date printed under the report (落款), ``YYYY-MM-DD``.
    ``sha256`` is the SHA-256 (hex) of the source file as read (of the text's UTF-8
    for a report given as a ``str``); ``source_url`` the address the file names for
    itself (a canonical link, a crawler header's 原文链接). Each ``None`` when unknown.
    """

    edition: Edition | None = attrs.field(default=None, kw_only=True)
    year: int | None = attrs.field(default=None, kw_only=True)
    agency: str | None = attrs.field(default=None, kw_only=True)
    published: str | None = attrs.field(default=None, kw_only=True)
    published_from: str | None = attrs.field(default=None, kw_only=True)
    signed: str | None = attrs.field(default=None, kw_only=True)
    sha256: str | None = attrs.field(default=None, kw_only=True)
    source_url: str | None = attrs.field(default=None, kw_only=True)


@attrs.frozen
class TextSections:
    """Sections 一, 五 and 六: their text without the heading."""

    overview: str | None = attrs.field(default=None, kw_only=True)
    problems: str | None = attrs.field(default=None, kw_only=True)
    other: str | None = attrs.field(default=None, kw_only=True)


@attrs.frozen
class Report2019:
    """A report on the 2019 template (report years 2019 and 2020)."""

    meta: Meta = attrs.field(factory=lambda: Meta(edition=Edition.E2019), kw_only=True)
    active: Active2019 = attrs.field(factory=Active2019, kw_only=True)
    requests: Requests2019 = attrs.field(factory=Requests2019, kw_only=True)
    appeals: Appeals = attrs.field(factory=Appeals, kw_only=True)
    text: TextSections = attrs.field(factory=TextSections, kw_only=True)

    template: Edition = attrs.field(default=Edition.E2019, init=False)


@attrs.frozen
class Report2021:
    """A report on the 2021 template (report years 2021 onwards)."""

    meta: Meta = attrs.field(factory=lambda: Meta(edition=Edition.E2021), kw_only=True)
    active: Active2021 = attrs.field(factory=Active2021, kw_only=True)
    requests: Requests2021 = attrs.field(factory=Requests2021, kw_only=True)
    appeals: Appeals = attrs.field(factory=Appeals, kw_only=True)
    text: TextSections = attrs.field(factory=TextSections, kw_only=True)

    template: Edition = attrs.field(default=Edition.E2021, init=False)


@attrs.frozen
class ReportLegacy:
    """A pre-template report: only meta and text; its tables cannot be mapped."""

    meta: Meta = attrs.field(factory=lambda: Meta(edition=Edition.LEGACY), kw_only=True)
    text: TextSections = attrs.field(factory=TextSections, kw_only=True)

    template: Edition = attrs.field(default=Edition.LEGACY, init=False)


Report = Union[Report2019, Report2021, ReportLegacy]  # noqa: UP007 - a runtime alias
