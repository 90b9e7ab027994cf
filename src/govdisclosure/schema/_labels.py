"""The national template as data: every table, row and column with its official label.

This is the one place the template's labels live. The parser builds its
label matchers from it, the JSON Schema takes its titles from it, and the
docs list cells from it.

Sources:

* edition 2019: 《中华人民共和国政府信息公开工作年度报告格式（试行）》,
  issued with 国办公开办函〔2019〕60号 (2019-11-27);
* edition 2021: 《中华人民共和国政府信息公开工作年度报告格式》,
  issued with 国办公开办函〔2021〕30号 (2021-09-26).

Cell ids (``TABLE.ROW.COLUMN``) follow ``spec/cells.md``; they are also the
attribute paths of the report classes in :mod:`govdisclosure.schema`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator

import attrs

__all__ = [
    "REGIONAL_WORDS",
    "SECTIONS",
    "TEMPLATES",
    "TEXT_SECTIONS",
    "ColumnKind",
    "ColumnSpec",
    "Edition",
    "RowSpec",
    "SectionSpec",
    "TableSpec",
    "table_specs",
]


class Edition(str, enum.Enum):
    """Which template a report is printed on."""

    E2019 = "2019"
    E2021 = "2021"
    LEGACY = "legacy"

    def __str__(self) -> str:
        return self.value


class ColumnKind(str, enum.Enum):
    """What a column holds: a count (>= 0), a signed change, or money."""

    COUNT = "count"
    SIGNED = "signed"
    MONEY = "money"


@attrs.frozen(cache_hash=True)  # a key of the recognizer's caches: hashed once
class ColumnSpec:
    """One column of a table row: its id, official label and kind."""

    id: str
    label: str
    kind: ColumnKind = ColumnKind.COUNT
    default_unit: str | None = None  # unit fixed by the header (2021 fees: 万元)

    @property
    def heading(self) -> str:
        """The heading printed over the column itself: 商业企业 of 法人或其他组织 / 商业企业."""
        return self.label.split(" / ")[-1]


@attrs.frozen(cache_hash=True)  # a key of the recognizer's caches: hashed once
class RowSpec:
    """One data row: id (may be dotted), official label, printed variants, columns.

    ``numbering`` is the ordinal printed before the label (``一、``, ``（一）``,
    ``1.``); ``generic`` rows (``3.其他``, ``（七）总计``) are only recognised
    with their ordinal, since the bare word also appears as a column header.
    ``group`` is the label of the group cell the row sits under, if any.
    """

    id: str
    label: str
    columns: tuple[ColumnSpec, ...]
    numbering: str = ""
    group: str | None = None
    variants: tuple[str, ...] = ()
    generic: bool = False

    @property
    def full_label(self) -> str:
        """The label as printed, with its ordinal and group (for people)."""
        own = f"{self.numbering}{self.label}"
        return f"{self.group} / {own}" if self.group else own


@attrs.frozen(cache_hash=True)  # a key of the recognizer's caches: hashed once
class TableSpec:
    """One of the three tables of numbers, as printed in one edition."""

    id: str
    title: str
    rows: tuple[RowSpec, ...]
    group_labels: tuple[str, ...] = ()  # cells that name a group and carry no numbers
    # Header cells only this table prints, besides its column labels and row groups
    # (the recognizer finds the table by them wherever it stands).
    marks: tuple[str, ...] = ()

    def cell_ids(self) -> Iterator[str]:
        for row in self.rows:
            for col in row.columns:
                yield f"{self.id}.{row.id}.{col.id}"


@attrs.frozen(cache_hash=True)  # a key of the recognizer's caches: hashed once
class SectionSpec:
    """A section of the report: its key, official heading and known variants."""

    id: str
    number: str
    heading: str
    variants: tuple[str, ...] = ()


C = ColumnSpec
_COUNT = ColumnKind.COUNT

# --- Table 二, edition 2019 -------------------------------------------------
_DOC_2019 = (C("made", "本年新制作数量"), C("published", "本年新公开数量"), C("total", "对外公开总数量"))
_ITEMS_2019 = (
    C("prev_items", "上一年项目数量"),
    C("change", "本年增/减", ColumnKind.SIGNED),
    C("decisions", "处理决定数量"),
)
_FEES_2019 = (C("prev_items", "上一年项目数量"), C("change", "本年增/减", ColumnKind.SIGNED))
_PROCUREMENT = (C("items", "采购项目数量"), C("amount", "采购总金额", ColumnKind.MONEY))

ACTIVE_2019 = TableSpec(
    "active",
    "主动公开政府信息情况",
    (
        RowSpec("rules", "规章", _DOC_2019, group="第二十条第（一）项"),
        RowSpec("normative_docs", "规范性文件", _DOC_2019, group="第二十条第（一）项", variants=("行政规范性文件",)),
        RowSpec("licensing", "行政许可", _ITEMS_2019, group="第二十条第（五）项"),
        RowSpec("other_services", "其他对外管理服务事项", _ITEMS_2019, group="第二十条第（五）项"),
        RowSpec("penalty", "行政处罚", _ITEMS_2019, group="第二十条第（六）项"),
        RowSpec("coercion", "行政强制", _ITEMS_2019, group="第二十条第（六）项"),
        RowSpec("fees", "行政事业性收费", _FEES_2019, group="第二十条第（八）项"),
        RowSpec("procurement", "政府集中采购", _PROCUREMENT, group="第二十条第（九）项"),
    ),
    marks=("信息内容",),
)

# --- Table 二, edition 2021 -------------------------------------------------
_DOC_2021 = (C("issued", "本年制发件数"), C("repealed", "本年废止件数"), C("in_force", "现行有效件数"))
_DECISIONS_2021 = (C("decisions", "本年处理决定数量"),)
_FEES_2021 = (C("amount", "本年收费金额（单位：万元）", ColumnKind.MONEY, default_unit="万元"),)

ACTIVE_2021 = TableSpec(
    "active",
    "主动公开政府信息情况",
    (
        RowSpec("rules", "规章", _DOC_2021, group="第二十条第（一）项"),
        RowSpec("normative_docs", "行政规范性文件", _DOC_2021, group="第二十条第（一）项", variants=("规范性文件",)),
        RowSpec("licensing", "行政许可", _DECISIONS_2021, group="第二十条第（五）项"),
        RowSpec("penalty", "行政处罚", _DECISIONS_2021, group="第二十条第（六）项"),
        RowSpec("coercion", "行政强制", _DECISIONS_2021, group="第二十条第（六）项"),
        RowSpec("fees", "行政事业性收费", _FEES_2021, group="第二十条第（八）项"),
    ),
    marks=("信息内容",),
)

# --- Table 三 (both editions, with the (六) rows differing) ------------------
REQUEST_COLUMNS = (
    C("natural_person", "自然人"),
    C("commercial", "法人或其他组织 / 商业企业"),
    C("research", "法人或其他组织 / 科研机构"),
    C("social_welfare", "法人或其他组织 / 社会公益组织"),
    C("legal_services", "法人或其他组织 / 法律服务机构"),
    C("other_org", "法人或其他组织 / 其他"),
    C("total", "总计"),
)
_R = REQUEST_COLUMNS
REQUEST_COLUMN_IDS = tuple(c.id for c in REQUEST_COLUMNS)
_RESULTS = "三、本年度办理结果"


def _requests_rows(edition: Edition) -> tuple[RowSpec, ...]:
    head = (
        RowSpec("new", "本年新收政府信息公开申请数量", _R, numbering="一、"),
        RowSpec("carried_over", "上年结转政府信息公开申请数量", _R, numbering="二、"),
        RowSpec("granted", "予以公开", _R, numbering="（一）", group=_RESULTS),
        RowSpec(
            "partially_granted",
            "部分公开（区分处理的，只计这一情形，不计其他情形）",
            _R,
            numbering="（二）",
            group=_RESULTS,
        ),
    )
    w = "（三）不予公开"
    withheld = tuple(
        RowSpec(f"withheld.{rid}", label, _R, numbering=f"{i}.", group=w)
        for i, (rid, label) in enumerate(
            [
                ("state_secret", "属于国家秘密"),
                ("prohibited_by_law", "其他法律行政法规禁止公开"),
                ("security_stability", "危及“三安全一稳定”"),
                ("third_party", "保护第三方合法权益"),
                ("internal_affairs", "属于三类内部事务信息"),
                ("process_info", "属于四类过程性信息"),
                ("enforcement_files", "属于行政执法案卷"),
                ("admin_query", "属于行政查询事项"),
            ],
            start=1,
        )
    )
    u = "（四）无法提供"
    unable = tuple(
        RowSpec(f"unable.{rid}", label, _R, numbering=f"{i}.", group=u)
        for i, (rid, label) in enumerate(
            [
                ("not_held", "本机关不掌握相关政府信息"),
                ("needs_creation", "没有现成信息需要另行制作"),
                ("unclear", "补正后申请内容仍不明确"),
            ],
            start=1,
        )
    )
    n = "（五）不予处理"
    not_processed = tuple(
        RowSpec(f"not_processed.{rid}", label, _R, numbering=f"{i}.", group=n)
        for i, (rid, label) in enumerate(
            [
                ("complaint", "信访举报投诉类申请"),
                ("duplicate", "重复申请"),
                ("publication", "要求提供公开出版物"),
                ("excessive", "无正当理由大量反复申请"),
                ("confirmation", "要求行政机关确认或重新出具已获取信息"),
            ],
            start=1,
        )
    )
    # （六）其他处理 is printed either as one data row (2019) or as three sub-rows (2021),
    # whatever the edition of table 二: both forms have their rows in both editions; the
    # form a report does not print stays null (spec: "Mixed layouts").
    o = "（六）其他处理"
    other: tuple[RowSpec, ...] = (
        RowSpec("other", "其他处理", _R, numbering="（六）", group=_RESULTS, variants=("其他",), generic=True),
        RowSpec(
            "other.no_correction",
            "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            _R,
            numbering="1.",
            group=o,
        ),
        RowSpec(
            "other.unpaid_fee",
            "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            _R,
            numbering="2.",
            group=o,
        ),
        RowSpec("other.misc", "其他", _R, numbering="3.", group=o, generic=True),
    )
    tail = (
        RowSpec("total", "总计", _R, numbering="（七）", group=_RESULTS, generic=True),
        RowSpec("carried_forward", "结转下年度继续办理", _R, numbering="四、"),
    )
    return head + withheld + unable + not_processed + other + tail


_GROUPS_COMMON = (_RESULTS, "（三）不予公开", "（四）无法提供", "（五）不予处理")
_REQUEST_MARKS = ("申请人情况", "本列数据的勾稽关系")
REQUESTS_2019 = TableSpec(
    "requests",
    "收到和处理政府信息公开申请情况",
    _requests_rows(Edition.E2019),
    (*_GROUPS_COMMON, "（六）其他处理"),
    _REQUEST_MARKS,
)
REQUESTS_2021 = TableSpec(
    "requests",
    "收到和处理政府信息公开申请情况",
    _requests_rows(Edition.E2021),
    (*_GROUPS_COMMON, "（六）其他处理"),
    _REQUEST_MARKS,
)

# --- Table 四 (both editions) ------------------------------------------------
APPEAL_COLUMNS = (
    C("upheld", "结果维持"),
    C("corrected", "结果纠正"),
    C("other", "其他结果"),
    C("pending", "尚未审结"),
    C("total", "总计"),
)
APPEAL_COLUMN_IDS = tuple(c.id for c in APPEAL_COLUMNS)
APPEALS = TableSpec(
    "appeals",
    "政府信息公开行政复议、行政诉讼情况",
    (
        RowSpec("review", "行政复议", APPEAL_COLUMNS),
        RowSpec("litigation_direct", "未经复议直接起诉", APPEAL_COLUMNS, group="行政诉讼"),
        RowSpec("litigation_after_review", "复议后起诉", APPEAL_COLUMNS, group="行政诉讼"),
    ),
)

# Words of the labels as mirror sites print them after converting to another regional usage
# (Taiwan's: 檔案 for 文件, 資訊 for 信息); matched as alternatives, never rewritten in text.
REGIONAL_WORDS: dict[str, tuple[str, ...]] = {"文件": ("档案",), "信息": ("资讯",)}

TEMPLATES: dict[Edition, tuple[TableSpec, ...]] = {
    Edition.E2019: (ACTIVE_2019, REQUESTS_2019, APPEALS),
    Edition.E2021: (ACTIVE_2021, REQUESTS_2021, APPEALS),
}

# --- The six sections ---------------------------------------------------------
SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("overview", "一", "总体情况"),
    SectionSpec("active", "二", "主动公开政府信息情况"),
    SectionSpec("requests", "三", "收到和处理政府信息公开申请情况"),
    SectionSpec(
        "appeals",
        "四",
        "政府信息公开行政复议、行政诉讼情况",
        variants=(
            "因政府信息公开工作被申请行政复议、提起行政诉讼的情况",
            "因政府信息公开申请行政复议、提起行政诉讼的情况",
        ),
    ),
    SectionSpec("problems", "五", "存在的主要问题及改进情况", variants=("政府信息公开工作存在的主要问题及改进情况",)),
    SectionSpec("other", "六", "其他需要报告的事项"),
)
TEXT_SECTIONS: dict[str, SectionSpec] = {s.id: s for s in SECTIONS if s.id in ("overview", "problems", "other")}


def table_specs(edition: Edition) -> tuple[TableSpec, ...]:
    """The three tables of an edition (``legacy`` has none)."""
    return TEMPLATES.get(edition, ())
