"""Parse a report, read a few cells, check the identities, write JSON.

python examples/parse_and_check.py [REPORT]      (default: the sample shipped in the package)
"""

from __future__ import annotations

import sys
from pathlib import Path

import govdisclosure as gd
from govdisclosure.examples import sample_path

path = Path(sys.argv[1]) if len(sys.argv) > 1 else sample_path("2021")
parsed = gd.parse(path)
report = parsed.report
print(f"{report.meta.agency} {report.meta.year}, edition {report.meta.edition}")

cells = gd.cells(report)
print("requests received this year (一、本年新收):", cells["requests.new.total"])
where = parsed.provenance.get("requests.new.total")
if where is not None:
    print("  read from", where.location, repr(where.text))

for finding in gd.check(parsed):
    print(f"{finding.severity}: {finding.message_en}")
for diag in parsed.diagnostics:
    print(f"note: {diag.code}: {diag.message_en}")

document = gd.to_json(report)
assert gd.from_json(document) == report  # the JSON validates and reads back to the same report
print(f"JSON document: {len(document)} characters, validates against {gd.build_schema(report.template)['$id']}")
