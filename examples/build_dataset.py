"""Parse a folder of reports into a dataset and summarise it with pandas.

    python examples/build_dataset.py [FOLDER] [OUTDIR]

Defaults: the project's own test fixtures, into a temporary folder.
Needs the [pandas] extra for the summary (the dataset itself needs nothing more).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import govdisclosure as gd

folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.parent / "tests" / "fixtures"
outdir = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp(prefix="govdisclosure-"))

summary = gd.run_batch([folder], outdir, workers=2)
print(summary.line())
print("outputs:", ", ".join(sorted(p.name for p in outdir.iterdir())))

try:
    cells = gd.to_dataframe(outdir)
except gd.UnsupportedFormatError as exc:
    print(exc)
else:
    received = cells[cells.cell == "requests.new.total"].dropna(subset=["value"])
    print("requests received (一、本年新收), by agency and year:")
    print(received.groupby(["agency", "year"]).value.max().to_string())
    findings = gd.to_dataframe(outdir, "findings")
    print("findings by rule and severity:")
    print(findings.groupby(["rule", "severity"]).size().to_string())
