"""The accounting identities (勾稽关系) 1-4 of ``spec/cells.md`` as data, and their checks.

Each identity is a set of :class:`Equation` records (``total = Σ plus − Σ minus``)
generated from the template's label table; one small function per identity
checks its equations. Diagnosis reuses the same equations.

Blank cells: a blank component counts as 0 and the finding says so; an
identity whose printed total is blank, or whose components are all blank,
is "not checkable" (a notice), never an error. So is one that fails with a
cell the parser could not read, or one OCR read with low confidence: the
break may be the reading's, not the report's.

Every rule reads the report's cells from one flat dict (cell id → value) built
once per report (:func:`cell_values`) and carried by :class:`Context`, instead of
walking the attribute path of each cell again for every rule.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, cast

import attrs

from ..schema import (
    APPEAL_COLUMN_IDS,
    REQUEST_COLUMN_IDS,
    Edition,
    Report,
    Report2019,
    Report2021,
    ReportLegacy,
    cell_ids,
    cell_spec,
    get_cell,
    other_form,
    table_specs,
)
from ..schema._cells import OTHER_SUBROWS
from ._findings import CellRef, Finding, Severity, make_finding
from ._wording import zh_column, zh_row

if TYPE_CHECKING:
    from ..parse import Parsed

__all__ = [
    "IDENTITY_RULES",
    "Context",
    "Equation",
    "Rule",
    "cell_values",
    "equations",
    "equations_for",
    "identity_1",
    "identity_2",
    "identity_3",
    "identity_4",
    "other_form",
    "parsed_context",
    "unwrap",
]


def unwrap(obj: Report | Parsed) -> tuple[Report, Parsed | None]:
    """The report of a report or a ``Parsed``, and the ``Parsed`` if one was given.

    Anything else is passed on as it is, for the rules to find nothing in (they never raise)."""
    if isinstance(obj, (Report2019, Report2021, ReportLegacy)):
        return obj, None
    if not (hasattr(obj, "report") and hasattr(obj, "provenance")):
        return cast("Report", obj), None
    return obj.report, obj


@functools.cache
def _reader(edition: Edition) -> Callable[[Any], dict[str, Any]]:
    """A function reading every cell of the edition into a dict: each row object read once.

    Generated from the cell ids (attribute paths), like attrs generates ``__init__``;
    falls back to ``attrgetter`` if an id were not a dotted path of identifiers.
    """
    ids = cell_ids(edition)
    if not all(part.isidentifier() for cid in ids for part in cid.split(".")):  # pragma: no cover - defensive
        getters = [(cid, operator.attrgetter(cid)) for cid in ids]
        return lambda r: {cid: get(r) for cid, get in getters}
    rows: dict[str, str] = {}
    lines = ["def read(report):"]
    items = []
    for cid in ids:
        row, _, name = cid.rpartition(".")
        if row not in rows:
            rows[row] = f"r{len(rows)}"
            lines.append(f"    {rows[row]} = report.{row}")
        items.append(f"{cid!r}: {rows[row]}.{name}")
    lines.append("    return {" + ", ".join(items) + "}")
    namespace: dict[str, Any] = {}
    exec(compile("\n".join(lines), f"<cell reader {edition.value}>", "exec"), namespace)
    return namespace["read"]  # type: ignore[no-any-return]


def cell_values(report: Report) -> dict[str, Any]:
    """{cell id: value} for every table cell of the report's edition, in template order, read once."""
    return _reader(report.template)(report)


@attrs.frozen
class Context:
    """What the parser knows beyond the values: cells it inferred, could not read, could not parse,
    ``doubtful`` ones (read by OCR with low confidence, named in ``ocr-low-confidence`` diagnostics),
    and ``guessed`` ones (read, but placed by a guess the diagnostics name: :data:`GUESSED`).

    ``values`` is the report's :func:`cell_values` and ``form`` its :func:`other_form`,
    both read once by ``check()`` and shared by every rule; when None a rule reads them itself.
    """

    inferred: frozenset[str] = frozenset()
    unread: frozenset[str] = frozenset()
    not_counts: frozenset[str] = frozenset()
    doubtful: frozenset[str] = frozenset()
    guessed: frozenset[str] = frozenset()
    values: Mapping[str, Any] | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)
    form: str | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)  # other_form(report)
    parsed: Parsed | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)  # layout, diagnostics

    def values_of(self, report: Report) -> Mapping[str, Any]:
        """The cells of ``report``: the shared ``values`` if set, else read now."""
        return self.values if self.values is not None else cell_values(report)

    def value(self, report: Report, cell_id: str) -> Any:
        """One cell of ``report``: from the shared ``values`` if set, else read now."""
        return self.values[cell_id] if self.values is not None else get_cell(report, cell_id)


# Diagnostics whose cells are printed (they have a provenance) but were left unread: such a
# cell is None because the parser could not read it, not because it is blank, so an identity
# over it is "not checkable", never an error counting it as 0 (docs/reference/diagnostics.md,
# the codes whose value is "left None"; a test holds the two equal).
LEFT_UNREAD = frozenset(
    {
        "ambiguous-run",
        "cell-not-read",
        "header-order",
        "merged-cell",
        "not-a-count",
        "number-implausible",
        "number-split",
        "ocr-cell-unread",
        "row-overfull",
        "row-short",
        "row-uncertain",
        "row-values-not-found",
        "table-not-read",
        "value-cut",
    }
)


# Diagnostics whose cells were read but placed by a guess (values left over in the row, a
# character skipped, a label matched near or by position, the first of two copies): a break of
# an identity over such a cell may be the guess, not the report, so it is "not checkable" (a
# notice giving expected and printed), never an error blaming the report.
GUESSED = frozenset(
    {"duplicate-row", "fuzzy-label", "number-left-over", "row-by-position", "stray-character", "table-duplicate"}
)


def parsed_context(parsed: Parsed) -> Context:
    """The :class:`Context` of a ``Parsed``: the cells it inferred, could not read, could not parse, doubts."""
    report = parsed.report
    if isinstance(report, ReportLegacy):
        return Context()
    prov = parsed.provenance
    not_counts = frozenset(c for d in parsed.diagnostics if d.code == "not-a-count" for c in d.cells)
    doubtful = frozenset(c for d in parsed.diagnostics if d.code == "ocr-low-confidence" for c in d.cells)
    values = cell_values(report)
    left = {c for d in parsed.diagnostics if d.code in LEFT_UNREAD for c in d.cells}
    guessed = frozenset(c for d in parsed.diagnostics if d.code in GUESSED for c in d.cells)
    return Context(
        inferred=frozenset(cid for cid, p in prov.items() if p.inferred),
        unread=frozenset(cid for cid, v in values.items() if v is None and (cid not in prov or cid in left)),
        not_counts=not_counts,
        doubtful=doubtful,
        guessed=guessed,
        values=values,
        form=other_form(report) if hasattr(report, "requests") else None,  # read once here: no evolve in _check
        parsed=parsed,
    )


@attrs.frozen
class Rule:
    """A rule: id, titles, the check, and the source it implements."""

    id: str
    title_zh: str
    title_en: str
    check: Callable[[Report, Context], Iterator[Finding]]
    source: str
    severity: Severity = Severity.ERROR


@attrs.frozen
class Equation:
    """One instance of an identity: ``total = Σ plus − Σ minus``."""

    rule: str
    scope: str
    total: str
    plus: tuple[str, ...]
    minus: tuple[str, ...] = ()
    what_zh: str = ""
    what_en: str = ""
    chooses_splits: bool = False  # the parser may have used it to split a digit run
    _cells: tuple[str, ...] = attrs.field(init=False, eq=False, repr=False)
    _read: Callable[[Mapping[str, Any]], tuple[Any, ...]] = attrs.field(init=False, eq=False, repr=False)

    @_cells.default
    def _all_cells(self) -> tuple[str, ...]:
        return (self.total, *self.plus, *self.minus)

    @_read.default
    def _make_read(self) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
        cells = self._cells
        if len(cells) == 1:  # pragma: no cover - every equation has a component
            return lambda vals: (vals[cells[0]],)
        return operator.itemgetter(*cells)

    def holds_plainly(self, vals: Mapping[str, Any], ctx: Context) -> bool:
        """Every cell printed as an int, none unread or inferred, and the equation holds:
        the common case, which has no finding."""
        values = self._read(vals)
        if set(map(type, values)) != _INT_ONLY:
            return False
        if not ctx.unread.isdisjoint(self._cells):
            return False
        if self.chooses_splits and not ctx.inferred.isdisjoint(self._cells):
            return False
        n = 1 + len(self.plus)
        return bool(values[0] == sum(values[1:n]) - sum(values[n:]))

    @property
    def cells(self) -> tuple[str, ...]:
        return self._cells


_OTHER_ONE = "other"


def _outcome_rows(edition: Edition, other_form: str) -> list[str]:
    spec = next(t for t in table_specs(edition) if t.id == "requests")
    skip = {"new", "carried_over", "total", "carried_forward"}
    skip |= set(OTHER_SUBROWS) if other_form == "one" else {_OTHER_ONE}
    return [r.id for r in spec.rows if r.id not in skip]


def equations_for(report: Report) -> tuple[Equation, ...]:
    """The equations of a report: identity 2 sums the form of （六） it prints."""
    if report.template is Edition.LEGACY:
        return ()
    return equations(report.template, other_form(report))


@functools.cache
def equations(edition: Edition, other_form: str | None = None) -> tuple[Equation, ...]:
    """Every equation of identities 1-4 for an edition, in rule order (identity 2 with the
    given form of （六）: ``"one"`` row or ``"three"`` sub-rows; default the edition's own)."""
    if edition is Edition.LEGACY:
        return ()
    form = other_form or ("one" if edition is Edition.E2019 else "three")
    out: list[Equation] = []
    for col in REQUEST_COLUMN_IDS:
        out.append(
            Equation(
                "I1",
                f"requests.*.{col}",
                f"requests.total.{col}",
                (f"requests.new.{col}", f"requests.carried_over.{col}"),
                (f"requests.carried_forward.{col}",),
                f"{zh_column('requests', col)}：新收+上年结转=办理总计+结转下年度",
                f"table 三 column {col}: new + carried over = total + carried forward",
            )
        )
    rows = _outcome_rows(edition, form)
    for col in REQUEST_COLUMN_IDS:
        out.append(
            Equation(
                "I2",
                f"requests.*.{col}",
                f"requests.total.{col}",
                tuple(f"requests.{r}.{col}" for r in rows),
                (),
                f"{zh_column('requests', col)}：（七）总计=各办理结果之和",
                f"table 三 column {col}: (七) total = sum of the outcome rows",
            )
        )
    spec = next(t for t in table_specs(edition) if t.id == "requests")
    for row in spec.rows:
        out.append(
            Equation(
                "I3",
                f"requests.{row.id}",
                f"requests.{row.id}.total",
                tuple(f"requests.{row.id}.{c}" for c in REQUEST_COLUMN_IDS if c != "total"),
                (),
                f"{zh_row('requests', row.id)}行：总计=各申请人之和",
                f"table 三 row {row.id}: total = sum of the applicant columns",
                chooses_splits=True,
            )
        )
    for arow in ("review", "litigation_direct", "litigation_after_review"):
        out.append(
            Equation(
                "I4",
                f"appeals.{arow}",
                f"appeals.{arow}.total",
                tuple(f"appeals.{arow}.{c}" for c in APPEAL_COLUMN_IDS if c != "total"),
                (),
                f"{zh_row('appeals', arow)}行：总计=结果维持+结果纠正+其他结果+尚未审结",
                f"table 四 {arow}: total = upheld + corrected + other + pending",
                chooses_splits=True,
            )
        )
    return tuple(out)


_INT_ONLY = {int}


def where_zh(eq: Equation) -> str:
    """Where an equation is, in Chinese: ``表三“自然人”列`` (the part of ``what_zh`` before its colon)."""
    return eq.what_zh.partition("：")[0]


def parts_zh(eq: Equation, cell_ids: list[str]) -> str:
    """Cells of one equation named within it: by row in a column's equation (identities 1 and 2),
    by column in a row's (3 and 4). Tables 三 and 四 are the same in both editions."""
    names = []
    for cid in cell_ids:
        _, row, col = cell_spec(Edition.E2021, cid)
        names.append(col.label if eq.rule in ("I3", "I4") else row.full_label)
    return "、".join(f"“{n}”" for n in names)


def _int(v: object) -> int | None:
    return v if isinstance(v, int) else None


@functools.cache
def _by_rule(edition: Edition, form: str) -> dict[str, tuple[Equation, ...]]:
    out: dict[str, list[Equation]] = {}
    for eq in equations(edition, form):
        out.setdefault(eq.rule, []).append(eq)
    return {rule: tuple(eqs) for rule, eqs in out.items()}


def check_equation(report: Report, eq: Equation, ctx: Context) -> Iterator[Finding]:
    """Check one equation with the blank rules; yield at most one finding."""
    vals = ctx.values_of(report)
    return _check_equation(vals, eq, ctx)


def _check_equation(vals: Mapping[str, Any], eq: Equation, ctx: Context) -> Iterator[Finding]:
    total = _int(vals[eq.total])
    comps = [(cid, _int(vals[cid])) for cid in eq.cells[1:]]
    if total is None and all(v is None for _, v in comps):
        return  # nothing printed or read at all
    rule, scope = eq.rule, eq.scope
    refs_total = CellRef(eq.total, total)
    unread = sorted(set(eq.cells) & ctx.unread)
    if unread:
        why_zh, why_en = f"未能读取：{parts_zh(eq, unread)}", f"cells not read: {', '.join(unread)}"
    elif total is None:
        why_zh, why_en = "合计为空", "the total is blank"
    elif all(v is None for _, v in comps):
        why_zh, why_en = "各分项均为空", "all its components are blank"
    else:
        why_zh = why_en = ""
    if why_en:
        yield make_finding(
            rule,
            Severity.NOTICE,
            scope,
            (refs_total, *(CellRef(c, v) for c, v in comps)),
            None,
            total,
            f"{eq.what_zh}：无法核验（{why_zh}）",
            f"{rule} {eq.what_en}: not checkable ({why_en})",
        )
        return
    assert total is not None
    blanks = [c for c, v in comps if v is None]
    expected = sum(v or 0 for c, v in comps if c in eq.plus) - sum(v or 0 for c, v in comps if c in eq.minus)
    refs = (refs_total, *(CellRef(c, v, v is None) for c, v in comps))
    inferred = set(eq.cells) & ctx.inferred
    if eq.chooses_splits and inferred:
        yield make_finding(
            rule,
            Severity.NOTICE,
            scope,
            refs,
            expected,
            total,
            f"{eq.what_zh}：部分数值系按本关系推定拆分，本关系不视为已核验",
            f"{rule} {eq.what_en}: values were inferred using this identity, so it is not verified",
        )
        return
    if expected == total:
        return
    # The break may be the parser's doing, not the report's: a value read by OCR with low
    # confidence, or placed by a guess. Not checkable; expected and printed still given.
    doubts = (
        (ctx.doubtful, "光学字符识别低置信度：", "read by OCR with low confidence: ", "", ""),
        (
            ctx.guessed,
            "数值位置系推测，见解析说明：",
            "values placed by a guess, see the diagnostics: ",
            f"；应为 {expected}，实际 {total}",
            f"; expected {expected}, printed {total}",
        ),
    )
    for cells, why_zh, why_en, tail_zh, tail_en in doubts:
        doubtful = [c for c in eq.cells if c in cells]
        if doubtful:
            yield make_finding(
                rule,
                Severity.NOTICE,
                scope,
                refs,
                expected,
                total,
                f"{eq.what_zh}：无法核验（{why_zh}{parts_zh(eq, doubtful)}）{tail_zh}",
                f"{rule} {eq.what_en}: not checkable ({why_en}{', '.join(doubtful)}){tail_en}",
            )
            return
    blank_en = f"; blank cells counted as 0: {', '.join(blanks)}" if blanks else ""
    blank_zh = f"；空白单元格按0计：{parts_zh(eq, blanks)}" if blanks else ""
    inf_en = "; includes values inferred from a digit run" if inferred else ""
    inf_zh = "；含推定拆分的数值" if inferred else ""
    yield make_finding(
        rule,
        Severity.ERROR,
        scope,
        refs,
        expected,
        total,
        f"{eq.what_zh}：应为 {expected}，实际 {total}（差 {total - expected:+d}）{blank_zh}{inf_zh}",
        f"{rule} {eq.what_en}: expected {expected}, printed {total} (difference {total - expected:+d})"
        f"{blank_en}{inf_en}",
    )


def _check_rule(rule: str, report: Report, ctx: Context) -> Iterator[Finding]:
    vals = ctx.values_of(report)
    for eq in _by_rule(report.template, ctx.form or other_form(report)).get(rule, ()):
        if not eq.holds_plainly(vals, ctx):
            yield from _check_equation(vals, eq, ctx)


def identity_1(report: Report, ctx: Context) -> Iterator[Finding]:
    """Table 三, every column: new + carried_over = total + carried_forward.

    Printed on the template itself: （本列数据的勾稽关系为：第一项加第二项之和，
    等于第三项加第四项之和）. Checked as total = new + carried_over − carried_forward
    (spec/cells.md, identity 1; 国办公开办函〔2019〕60号 and 〔2021〕30号).
    """
    return _check_rule("I1", report, ctx)


def identity_2(report: Report, ctx: Context) -> Iterator[Finding]:
    """Table 三, every column: total = granted + partially_granted + Σ withheld + Σ unable
    + Σ not_processed + other (2019) or Σ other.* (2021). (spec/cells.md, identity 2.)"""
    return _check_rule("I2", report, ctx)


def identity_3(report: Report, ctx: Context) -> Iterator[Finding]:
    """Table 三, every row: 总计 = 自然人 + the five 法人或其他组织 columns. (spec/cells.md, identity 3.)"""
    return _check_rule("I3", report, ctx)


def identity_4(report: Report, ctx: Context) -> Iterator[Finding]:
    """Table 四, every row: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结. (spec/cells.md, identity 4.)"""
    return _check_rule("I4", report, ctx)


_SRC = "spec/cells.md; 国办公开办函〔2019〕60号, 〔2021〕30号"
IDENTITY_RULES: tuple[Rule, ...] = (
    Rule("I1", "新收+结转=总计+结转下年", "new + carried over = total + carried forward", identity_1, _SRC),
    Rule("I2", "总计=各办理结果之和", "total = sum of outcomes", identity_2, _SRC),
    Rule("I3", "总计列=各申请人列之和", "total column = sum of applicant columns", identity_3, _SRC),
    Rule("I4", "复议诉讼总计=各结果之和", "appeals total = sum of results", identity_4, _SRC),
)
