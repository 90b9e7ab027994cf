"""An agency produces its template tables from its own numbers.

    python examples/render_from_numbers.py [OUT.html]

Builds a 2021-edition report from a few numbers, checks it, and writes the
template's layout as HTML (and Markdown to standard output).
"""

from __future__ import annotations

import sys
from pathlib import Path

import govdisclosure as gd
from govdisclosure.testing import make_report

numbers = {
    "active.normative_docs.issued": 3,
    "active.normative_docs.in_force": 28,
    "active.licensing.decisions": 412,
    "requests.new.natural_person": 9,
    "requests.new.total": 9,
    "requests.granted.natural_person": 6,
    "requests.granted.total": 6,
    "requests.unable.not_held.natural_person": 3,
    "requests.unable.not_held.total": 3,
    "requests.total.natural_person": 9,
    "requests.total.total": 9,
}
report = make_report("2021", numbers, year=2024, agency="示例市示例区人民政府")
problems = [f.message_zh for f in gd.check(report) if f.severity is not gd.Severity.NOTICE]
print("check:", problems or "all identities hold")

out = Path(sys.argv[1]) if len(sys.argv) > 1 else None
page = gd.render(report, "html")
if out is not None:
    out.write_text(str(page), encoding="utf-8")
    print("written:", out)
print(gd.render(report, "markdown"))
# What we print reads back the same: every cell (the parsed report also carries the printed
# page's own SHA-256 in its metadata, which is not a cell).
assert gd.cells(gd.parse_text(str(page)).report) == gd.cells(report)
