"""A downstream script, typed: ``mypy --strict`` checks it in CI (``[tool.mypy] files`` and the
nox ``wheel`` session, against the installed wheel), so the public types cannot regress to Any:
``assert_type`` fails on an expression typed ``Any``. (tests/test_public_types.py audits the
parameters and fields of every public name at run time.)

It also runs: ``python tests/typing/usage.py`` parses the shipped sample.
"""

from __future__ import annotations

import contextlib
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from typing_extensions import assert_type

import govdisclosure as gd
from govdisclosure.examples import sample_path, sample_text

if TYPE_CHECKING:
    import pandas as pd  # the types only (pandas-stubs): the script runs without pandas

path = sample_path("2021")
assert_type(path, Path)
assert_type(sample_text("2019"), str)
assert_type(gd.__version__, str)

parsed = gd.parse(path)
assert_type(parsed, gd.Parsed)
assert_type(parsed.report, gd.Report2019 | gd.Report2021 | gd.ReportLegacy)
assert_type(parsed.diagnostics, tuple[gd.Diagnostic, ...])
assert_type(parsed.provenance, dict[str, gd.Provenance])
assert_type(parsed.encoding, str | None)

report = parsed.report
assert_type(report.meta, gd.Meta)
assert_type(report.meta.year, int | None)
assert_type(report.meta.agency, str | None)
assert_type(report.meta.edition, gd.Edition | None)
if isinstance(report, gd.Report2021):
    assert_type(report.requests.new.total, int | None)
    fees = report.active.fees.amount
    if isinstance(fees, gd.Money):
        assert_type(fees.number, Decimal)
        assert_type(fees.unit, str | None)

for diag in parsed.diagnostics:
    assert_type(diag.code, str)
    assert_type(diag.message_en, str)
    assert_type(diag.message_zh, str)
    assert_type(diag.location, gd.Location | None)

prov = parsed.provenance.get("requests.new.total")
if prov is not None:
    assert_type(prov.location.line, int | None)
    assert_type(prov.inferred, bool)

findings = gd.check(parsed)
assert_type(findings, list[gd.Finding])
for f in findings:
    assert_type(f.severity, gd.Severity)
    assert_type(f.cells, tuple[gd.CellRef, ...])
    assert_type(f.message_en, str)
    assert_type(f.message_zh, str)
    assert_type(f.difference, int | None)
assert_type(gd.check(report), list[gd.Finding])
assert_type(gd.check(report, rules=gd.RULES), list[gd.Finding])
diagnosis = gd.diagnose(parsed)
assert_type(diagnosis, gd.Diagnosis | None)
assert_type(gd.diagnose(report), gd.Diagnosis | None)
if diagnosis is not None:
    assert_type(diagnosis.failing, tuple[str, ...])
    assert_type(diagnosis.message_zh, str)
    for fix in diagnosis.single:
        assert_type(fix.changes, tuple[tuple[str, int | None, int], ...])
assert_type(gd.check_series([("a", report)]), list[gd.Finding])
assert_type(gd.check_series([parsed, report, ("b", parsed)], one_agency=True), list[gd.Finding])
assert_type(gd.check_pair(report, report), list[gd.Finding])
if not isinstance(report, gd.ReportLegacy):
    total = gd.aggregate([parsed, report], agency="合计")
    assert_type(total, gd.Aggregate)
    assert_type(total.report, gd.Report2019 | gd.Report2021 | gd.ReportLegacy)
    assert_type(total.inputs, int)
    assert_type(total.blanks, dict[str, int])
    assert_type(gd.check_rollup(total.report, [parsed, report]), list[gd.Finding])
kept, hidden = gd.apply_baseline(findings, frozenset())
assert_type(kept, list[gd.Finding])
assert_type(hidden, int)

assert_type(gd.get_cell(report, "requests.new.total"), int | gd.Money | None)
assert_type(gd.get_cell(report, "meta.year"), int | None)
assert_type(gd.get_cell(report, "meta.agency"), str | None)
assert_type(gd.get_cell(report, "meta.edition"), gd.Edition | None)
for cid, value in gd.iter_cells(report):
    assert_type(cid, str)
    assert_type(value, int | gd.Money | None)
assert_type(gd.cell_ids("2021"), tuple[str, ...])
assert_type(gd.cells(report), dict[str, int | str | dict[str, str | None] | None])

assert_type(gd.render(report), str)
assert_type(gd.render(report, "html"), str)
assert_type(gd.render(report, "markdown"), str)
with contextlib.suppress(gd.MissingExtraError):  # without the docx extra: a clear error
    assert_type(gd.render(report, "docx"), bytes)
fmt: str = "markdown"
assert_type(gd.render(report, fmt), str | bytes)

document = gd.to_json(report)
assert_type(document, str)
assert_type(gd.from_json(document), gd.Report2019 | gd.Report2021 | gd.ReportLegacy)
assert_type(gd.cells_csv([("sample", report)]), str)


def batch_tables(outdir: Path) -> None:
    """Type-checked, not run: reading a batch's tables needs the pandas extra."""
    assert_type(gd.to_dataframe(outdir), pd.DataFrame)
    assert_type(gd.to_dataframe(outdir, "findings"), pd.DataFrame)
    for result in gd.iter_parse([outdir]):
        assert_type(result, gd.BatchResult)
        assert_type(result.cells, list[list[str | int | bool | None]])


try:
    gd.parse(b"")
except gd.ParseError as exc:
    assert_type(str(exc), str)
else:
    raise AssertionError("empty input must be a ParseError")

print(f"{report.meta.agency} {report.meta.year}: {len(findings)} finding(s)")
