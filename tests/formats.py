"""Write the fixture reports of truth.py as HTML, DOCX and PDF (the tests' own writers).

The layout follows the national template: group cells merged down (rowspan /
vMerge / SPAN), the applicant header merged across, table 四 as one row of 15
under a two-level header. Nothing here uses the library.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from fixtures.make_fixtures import (
    APPEAL_HEAD,
    REQ_LABELS_2019,
    REQ_LABELS_2021,
    active_2019_rows,
    active_2021_rows,
    appeals_flat,
    head,
)

# A grid cell: (text, rowspan, colspan); None marks a position covered by a merge.
GCell = tuple[str, int, int]
Grid = list[list[GCell | None]]


def _active_grid(rows: list[list[str]]) -> Grid:
    width = 4
    grid: Grid = []
    for row in rows:
        if len(row) == 1:
            grid.append([(row[0], 1, width), None, None, None])
        elif len(row) < width:
            # e.g. 行政许可 | 152 : the last cell spans the remaining columns
            span = width - len(row) + 1
            cells: list[GCell | None] = [(c, 1, 1) for c in row[:-1]]
            cells.append((row[-1], 1, span))
            grid.append(cells + [None] * (span - 1))
        else:
            grid.append([(c, 1, 1) for c in row])
    return grid


def _requests_grid(edition: str, values: dict[str, tuple[int, ...]]) -> Grid:
    labels = REQ_LABELS_2021 if edition == "2021" else REQ_LABELS_2019
    # columns: group(0) subgroup(1) label(2) then 7 values
    grid: Grid = [
        [
            ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
            None,
            None,
            ("申请人情况", 1, 7),
        ]
        + [None] * 6,
        [None, None, None, ("自然人", 2, 1), ("法人或其他组织", 1, 5), None, None, None, None, ("总计", 2, 1)],
        [
            None,
            None,
            None,
            None,
            ("商业企业", 1, 1),
            ("科研机构", 1, 1),
            ("社会公益组织", 1, 1),
            ("法律服务机构", 1, 1),
            ("其他", 1, 1),
            None,
        ],
    ]
    group_rows = {"（三）不予公开": 8, "（四）无法提供": 3, "（五）不予处理": 5, "（六）其他处理": 3}
    results = [r for r in labels if r[0] not in ("new", "carried_over", "carried_forward")]
    current_group = ""
    for rid, label, group in labels:
        vals: list[GCell | None] = [(str(v), 1, 1) for v in values[rid]]
        if rid in ("new", "carried_over", "carried_forward"):
            grid.append([(label, 1, 3), None, None, *vals])
            continue
        first_of_results = rid == results[0][0]
        c0: GCell | None = ("三、本年度办理结果", len(results), 1) if first_of_results else None
        if group and group in group_rows:
            current_group = group
            grid.append([c0, (group, group_rows[group], 1), (label, 1, 1), *vals])
        elif current_group and rid.split(".")[0] in ("withheld", "unable", "not_processed", "other") and "." in rid:
            grid.append([c0, None, (label, 1, 1), *vals])
        else:
            current_group = ""
            grid.append([c0, (label, 1, 2), None, *vals])
    return grid


def _appeals_grid(values: list[str]) -> Grid:
    top: list[GCell | None] = [("行政复议", 1, 5), None, None, None, None, ("行政诉讼", 1, 10)] + [None] * 9
    mid: list[GCell | None] = [(h, 2, 1) for h in APPEAL_HEAD] + [("未经复议直接起诉", 1, 5)] + [None] * 4
    mid += [("复议后起诉", 1, 5)] + [None] * 4
    low: list[GCell | None] = [None] * 5 + [(h, 1, 1) for h in APPEAL_HEAD * 2]
    return [top, mid, low, [(v, 1, 1) for v in values]]


def report_parts(t: dict[str, Any], edition: str, req: dict[str, tuple[int, ...]], app: dict[str, Any]) -> list[Any]:
    """The report as a list of paragraphs (str) and grids, in order."""
    active = active_2021_rows(t) if edition == "2021" else active_2019_rows(t)
    return [
        *head(t),
        "二、主动公开政府信息情况",
        _active_grid(active),
        "三、收到和处理政府信息公开申请情况",
        _requests_grid(edition, req),
        "四、政府信息公开行政复议、行政诉讼情况",
        _appeals_grid(appeals_flat(app)),
        "五、存在的主要问题及改进情况",
        "一是公开的及时性有待提高；二是答复的规范性有待加强。",
        "六、其他需要报告的事项",
        "本年度未收取信息处理费。",
    ]


def to_html(parts: list[Any]) -> str:
    out = [
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>示例</title>',
        "<script>var nav = '二、主动公开政府信息情况';</script></head><body>",
        '<div class="nav"><a href="/">首页</a> &gt; <a href="#">年报</a></div><div class="article">',
    ]
    for part in parts:
        if isinstance(part, str):
            out.append(f'<p style="text-indent:2em"><span style="font-family:仿宋">{part}</span></p>')
            continue
        out.append('<table border="1" cellspacing="0">')
        for row in part:
            out.append("<tr>")
            for cell in row:
                if cell is None:
                    continue
                text, rs, cs = cell
                attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
                # labels split across spans, as Word exports do; empty cells as <o:p>&nbsp;</o:p>
                body = (
                    "".join(f"<span>{ch}</span>" for ch in text[:3]) + f"<span>{text[3:]}</span>"
                    if text
                    else "<o:p>&nbsp;</o:p>"
                )
                out.append(
                    f'<td{attrs} style="border:solid windowtext 1pt"><p style="text-align:center">{body}</p></td>'
                )
            out.append("</tr>")
        out.append("</table>")
    out.append('</div><div class="footer">版权所有 示例网站 2024</div></body></html>')
    return "\n".join(out)


def to_docx(parts: list[Any]) -> bytes:
    import docx

    document = docx.Document()
    for part in parts:
        if isinstance(part, str):
            document.add_paragraph(part)
            continue
        width = len(part[0])
        table = document.add_table(rows=len(part), cols=width)
        for r, row in enumerate(part):
            for c, cell in enumerate(row):
                if cell is None:
                    continue
                text, rs, cs = cell
                target = table.cell(r, c)
                if rs > 1 or cs > 1:
                    target = target.merge(table.cell(r + rs - 1, c + cs - 1))
                target.text = text
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def to_pdf(parts: list[Any], rules: tuple[float, float] = (0.5, 0.0)) -> bytes:
    """The report as a PDF, its tables ruled with lines ``rules`` = (width in points, grey level 0-1:
    0 black, 0.8 a light grey hairline as web pages print)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cn", fontName="STSong-Light", fontSize=11, leading=16, wordWrap="CJK")
    cell_style = ParagraphStyle("cell", fontName="STSong-Light", fontSize=8, leading=10, wordWrap="CJK")
    flow: list[Any] = []
    for part in parts:
        if isinstance(part, str):
            flow += [Paragraph(part, style), Spacer(1, 4)]
            continue
        width = len(part[0])
        data = [["" for _ in range(width)] for _ in part]
        spans = []
        for r, row in enumerate(part):
            for c, cell in enumerate(row):
                if cell is None:
                    continue
                text, rs, cs = cell
                data[r][c] = Paragraph(text, cell_style) if len(text) > 4 else text
                if rs > 5:
                    rs = 1  # a group cell down a whole table would stop it from breaking across pages
                if rs > 1 or cs > 1:
                    spans.append(("SPAN", (c, r), (c + cs - 1, r + rs - 1)))
        total_w = A4[0] - 80
        if width == 10:  # table 三: group, subgroup and label columns wider than the numbers
            col_ws = [50, 60, 150] + [(total_w - 260) / 7] * 7
        else:
            col_ws = [total_w / width] * width
        table = Table(data, colWidths=col_ws, repeatRows=0, splitByRow=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), "STSong-Light", 8),
                    ("GRID", (0, 0), (-1, -1), rules[0], colors.Color(*(rules[1],) * 3)),
                    *spans,
                ]
            )
        )
        flow += [table, Spacer(1, 6)]

    def footer(canvas: Any, doc: Any) -> None:
        canvas.setFont("STSong-Light", 9)
        canvas.drawCentredString(A4[0] / 2, 20, f"— {doc.page} —")

    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=40, rightMargin=40, topMargin=40, bottomMargin=40).build(
        flow, onFirstPage=footer, onLaterPages=footer
    )
    return buf.getvalue()


def drawn_pdf(draw: Callable[[Any], None], title: str) -> bytes:
    """A PDF drawn string by string and rule by rule on reportlab's canvas: A4, the CJK font
    STSong-Light registered, ``title`` at the first page's top in 12 pt; ``draw`` gets the canvas,
    draws the rest and ends each page (``showPage``)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("STSong-Light", 12)
    c.drawString(40, 800, title)
    draw(c)
    c.save()
    return buf.getvalue()
