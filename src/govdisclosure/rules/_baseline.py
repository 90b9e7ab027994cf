"""Reviews that survive: a baseline file of findings a reviewer has looked at.

``check --write-baseline FILE`` records the fingerprints of the current
findings; ``check --baseline FILE`` hides findings whose fingerprint is
recorded. A fingerprint depends only on the rule, the scope and the cells
with their values, so an unchanged report gives the same fingerprints across
runs and library versions, and a changed value brings its finding back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..exceptions import GovDisclosureError
from ._findings import Finding

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["apply_baseline", "load_baseline", "write_baseline"]

FORMAT = "govdisclosure-baseline/1"


def write_baseline(path: str | Path, findings: Iterable[tuple[str, Finding]]) -> int:
    """Write (source, finding) pairs as reviewed; returns how many were written."""
    from datetime import date
    from pathlib import Path

    entries = [
        {"fingerprint": f.fingerprint, "rule": f.rule, "scope": f.scope, "source": source, "message": f.message_en}
        for source, f in findings
    ]
    doc = {"format": FORMAT, "written": date.today().isoformat(), "reviewed": entries}
    Path(path).write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return len(entries)


def load_baseline(path: str | Path) -> frozenset[str]:
    """The fingerprints recorded in a baseline file."""
    from pathlib import Path

    try:
        doc: Any = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GovDisclosureError(f"cannot read the baseline {path}: {exc}") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("reviewed"), list):
        raise GovDisclosureError(f"{path} is not a govdisclosure baseline file")
    return frozenset(str(e.get("fingerprint")) for e in doc["reviewed"] if isinstance(e, dict))


def apply_baseline(findings: Iterable[Finding], reviewed: frozenset[str]) -> tuple[list[Finding], int]:
    """The findings not recorded as reviewed, and how many were hidden."""
    items = list(findings)
    kept = [f for f in items if f.fingerprint not in reviewed]
    return kept, len(items) - len(kept)
