"""The numbers printed in the hazard fixtures (``fixtures/hazards/``), typed by hand.

Most hazard fixtures print the reports of ``truth.py``; the variants here are typed
for the hazards that need other numbers (blank cells, the two forms of （六）其他处理,
a legacy report). Identities are checked by hand in the comments.
"""

from __future__ import annotations

from typing import Any

from govdisclosure import Money

from truth import (
    APPEAL_COLS,
    REQ_COLS,
    T19,
    T19_REQUESTS_ROWS,
    T21,
    T21_REQUESTS_ROWS,
    _rows,
)

_Z = (0, 0, 0, 0, 0, 0, 0)
_N = (None,) * 7

# ------------------------------------------------ mixed layouts (（六） in the other form)
# 2021 edition, （六） as one row: T21's three sub-rows (1,0,0,0,0,0,1) + (0,…) + (0,0,0,1,0,0,1).
MIXED21_REQUESTS_ROWS: dict[str, tuple[Any, ...]] = {
    **T21_REQUESTS_ROWS,
    "other": (1, 0, 0, 1, 0, 0, 2),
    "other.no_correction": _N,
    "other.unpaid_fee": _N,
    "other.misc": _N,
}
MIXED21: dict[str, Any] = {**T21, **_rows("requests", MIXED21_REQUESTS_ROWS, REQ_COLS)}

# 2019 edition, （六） as three sub-rows. I2 (total): 3 + 1 + 1 + 1 = 6; natural: 2 + 1 + 1 + 1 = 5.
MIXED19_REQUESTS_ROWS: dict[str, tuple[Any, ...]] = {
    **T19_REQUESTS_ROWS,
    "granted": (2, 1, 0, 0, 0, 0, 3),
    "other": _N,
    "other.no_correction": _Z,
    "other.unpaid_fee": _Z,
    "other.misc": (1, 0, 0, 0, 0, 0, 1),
}
MIXED19: dict[str, Any] = {**T19, **_rows("requests", MIXED19_REQUESTS_ROWS, REQ_COLS)}

# ------------------------------------------------ blank cells as separator-only lines
# 示例县柳湾乡人民政府 (fictional), 2019 edition, report on 2020. Blank cells are null.
BLANKS_HEAD = [
    "示例县柳湾乡人民政府2020年政府信息公开工作年度报告",
    "（示例文件：机关和数字均为虚构。）",
    "一、总体情况",
    "2020年，本乡依法做好政府信息公开工作。",
]
_ITEMS = ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"]
BLANKS_ACTIVE_ROWS: list[list[str]] = [
    ["第二十条第（一）项"],
    ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
    ["规章", "0", "0", "0"],
    ["规范性文件", "2", "2", "15"],
    ["第二十条第（五）项"],
    _ITEMS,
    ["行政许可", "6", "", "9"],
    ["其他对外管理服务事项", "3", "", "11"],
    ["第二十条第（六）项"],
    _ITEMS,
    ["行政处罚", "4", "", "7"],
    ["行政强制", "0", "", "0"],
    ["第二十条第（八）项"],
    ["信息内容", "上一年项目数量", "本年增/减"],
    ["行政事业性收费", "1", ""],
    ["第二十条第（九）项"],
    ["信息内容", "采购项目数量", "采购总金额"],
    ["政府集中采购", "1", "8600元"],
]
BLANKS_ACTIVE: dict[str, Any] = {
    "active.rules.made": 0,
    "active.rules.published": 0,
    "active.rules.total": 0,
    "active.normative_docs.made": 2,
    "active.normative_docs.published": 2,
    "active.normative_docs.total": 15,
    "active.licensing.prev_items": 6,
    "active.licensing.change": None,
    "active.licensing.decisions": 9,
    "active.other_services.prev_items": 3,
    "active.other_services.change": None,
    "active.other_services.decisions": 11,
    "active.penalty.prev_items": 4,
    "active.penalty.change": None,
    "active.penalty.decisions": 7,
    "active.coercion.prev_items": 0,
    "active.coercion.change": None,
    "active.coercion.decisions": 0,
    "active.fees.prev_items": 1,
    "active.fees.change": None,
    "active.procurement.items": 1,
    "active.procurement.amount": Money("8600", "元"),
}
# Only the natural-person and total columns are printed in the first rows.
# I1 (total): 4 + 2 = 5 + 1. I2 (total): 3 + 1 + 1 = 5. I3 holds on every row with its
# parts printed; rows printing only the total (二, （四）1, （七）, 四) leave I3 uncheckable.
_B = "|"
BLANKS_REQUESTS_LINES: list[str] = [
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） |",
    "申请人情况 |",
    "||||||||",
    "自然人 |",
    "法人或其他组织 |",
    "总计 |",
    "|||||||",
    "商业企业 |",
    "科研机构 |",
    "社会公益组织 |",
    "法律服务机构 |",
    "其他 |",
    "|||||",
    # natural 4, five blanks, total 4 (as printed: four lines of '|' and then '| 4 |')
    "一、本年新收政府信息公开申请数量 | 4 |",
    _B,
    _B,
    _B,
    _B,
    "| 4 |",
    # six blank cells, then the total
    "二、上年结转政府信息公开申请数量 |",
    *[_B] * 6,
    "2 |",
    "||",
]
BLANKS_REQUESTS_ROWS: dict[str, tuple[Any, ...]] = {
    "new": (4, None, None, None, None, None, 4),
    "carried_over": (None, None, None, None, None, None, 2),
    "granted": (3, None, None, None, None, None, 3),
    "partially_granted": (1, None, None, None, None, None, 1),
    **{
        f"withheld.{r}": _Z
        for r in (
            "state_secret",
            "prohibited_by_law",
            "security_stability",
            "third_party",
            "internal_affairs",
            "process_info",
            "enforcement_files",
            "admin_query",
        )
    },
    "unable.not_held": (None, None, None, None, None, None, 1),
    "unable.needs_creation": _Z,
    "unable.unclear": _Z,
    **{f"not_processed.{r}": _Z for r in ("complaint", "duplicate", "publication", "excessive", "confirmation")},
    "other": _Z,
    **{f"other.{r}": _N for r in ("no_correction", "unpaid_fee", "misc")},
    "total": (None, None, None, None, None, None, 5),
    "carried_forward": (None, None, None, None, None, None, 1),
}
_LABELS = {
    "granted": ["三、本年度办理结果 |", "（一）予以公开 |"],
    "partially_granted": ["（二）部分公开（区分处理的，只计这一情形，不计其他情形） |"],
    "withheld.state_secret": ["（三）不予公开 |", "1.属于国家秘密 |"],
    "withheld.prohibited_by_law": ["2.其他法律行政法规禁止公开 |"],
    "withheld.security_stability": ["3.危及“三安全一稳定” |"],
    "withheld.third_party": ["4.保护第三方合法权益 |"],
    "withheld.internal_affairs": ["5.属于三类内部事务信息 |"],
    "withheld.process_info": ["6.属于四类过程性信息 |"],
    "withheld.enforcement_files": ["7.属于行政执法案卷 |"],
    "withheld.admin_query": ["8.属于行政查询事项 |"],
    "unable.not_held": ["（四）无法提供 |", "1.本机关不掌握相关政府信息 |"],
    "unable.needs_creation": ["2.没有现成信息需要另行制作 |"],
    "unable.unclear": ["3.补正后申请内容仍不明确 |"],
    "not_processed.complaint": ["（五）不予处理 |", "1.信访举报投诉类申请 |"],
    "not_processed.duplicate": ["2.重复申请 |"],
    "not_processed.publication": ["3.要求提供公开出版物 |"],
    "not_processed.excessive": ["4.无正当理由大量反复申请 |"],
    "not_processed.confirmation": ["5.要求行政机关确认或重新出具已获取信息 |"],
    "other": ["（六）其他处理 |"],
    "total": ["（七）总计 |"],
    "carried_forward": ["四、结转下年度继续办理 |"],
}
for _rid, _labels in _LABELS.items():
    BLANKS_REQUESTS_LINES += _labels
    BLANKS_REQUESTS_LINES += [_B if v is None else f"{v} |" for v in BLANKS_REQUESTS_ROWS[_rid]]
    BLANKS_REQUESTS_LINES.append("||")

BLANKS_APPEALS_ROWS = {
    "review": (1, 0, 0, 0, 1),
    "litigation_direct": (0, 0, 0, 0, 0),
    "litigation_after_review": (0, 0, 0, 0, 0),
}
BLANKS: dict[str, Any] = {
    "meta.edition": "2019",
    "meta.year": 2020,
    "meta.agency": "示例县柳湾乡人民政府",
    **BLANKS_ACTIVE,
    **_rows("requests", BLANKS_REQUESTS_ROWS, REQ_COLS),
    **_rows("appeals", BLANKS_APPEALS_ROWS, APPEAL_COLS),
}

# ------------------------------------------------ crawler text (2021): table 三 as T21
CRAWLER21_REQUESTS = T21_REQUESTS_ROWS

# ------------------------------------------------ a legacy (pre-2019) report: no template mark
LEGACY_TEXT = (
    "\n".join(
        [
            "示例县青松镇人民政府2017年政府信息公开工作年度报告",
            "本报告根据《中华人民共和国政府信息公开条例》要求编制。（示例文件：机关和数字均为虚构。）",
            "一、概述",
            "2017年，本镇认真贯彻落实《条例》，政府信息公开工作有序推进。",
            "二、主动公开政府信息情况",
            "2017年，本镇主动公开政府信息236条，其中规范性文件3条。",
            "统计指标 | 单位 | 统计数 |",
            "一、主动公开情况 | — | — |",
            "（一）主动公开政府信息数 | 条 | 236 |",
            "其中：主动公开规范性文件数 | 条 | 3 |",
            "二、依申请公开情况 | — | — |",
            "（一）收到申请数 | 件 | 5 |",
            "三、依申请公开政府信息和不予公开政府信息情况",
            "2017年，本镇共收到政府信息公开申请5件，已全部按期答复，其中同意公开4件，不予公开1件。",
            "四、政府信息公开的收费及减免情况",
            "本年度未收取任何费用。",
            "五、因政府信息公开申请行政复议、提起行政诉讼的情况",
            "本年度未发生因政府信息公开申请行政复议、提起行政诉讼的情况。",
            "六、政府信息公开工作存在的主要问题及改进情况",
            "公开的及时性有待提高。",
            "七、其他需要报告的事项",
            "无。",
        ]
    )
    + "\n"
)
