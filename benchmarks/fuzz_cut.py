"""Cut copies: a report's text stopped wherever a copy's length ran out, as a crawler's or a search
index's excerpt of so many characters stops (the shared corpus' ``pages-*`` cases are such).

    python benchmarks/fuzz_cut.py                                   # fixtures, seed 1
    python benchmarks/fuzz_cut.py --corpus ../shared/corpus --seed 2 -v

For each text source (the project's text fixtures, and with ``--corpus DIR`` the corpus' text
sources, read at run time, never copied), cut points are drawn inside its tables: right after a
digit (inside a number, or at its end), right after a Han character that a separator follows (a
row's label, whole, or cut inside it), and anywhere. The text before each is parsed as it is, with
no line break after it, and every cell is compared with the parse of the whole text:

- a cell whose value stands wholly before the cut, a character of the copy after it: ``same``, or
  ``null-diag`` / ``null-silent`` (null, named by a diagnostic or not), or ``wrong`` /
  ``wrong-diag`` (another number);
- a cell whose value the cut reaches (cut inside it, or right after it) or that lies past it: null
  is right (``cut-null``); its whole value is ``same``; another number is ``wrong`` (``wrong-diag``
  when a diagnostic names the cell);
- ``false-alarm``: an identity error of the cut copy that the whole text's parse does not raise.

Where a value stands is its provenance's line and column; a page's cells (HTML sources) have no
columns of the text, so each of them is judged as a cell the cut reaches: null or its whole value.

First run (2026-12-07; fixtures and the shared corpus, 124 sources, ``--cuts 24``, seeds 1-4, about
4,980 copies each): before ``value-cut`` (1b792c9), seed 1: 118 cells wrong with no word, 20 lost
with no word, 42 false alarms (seed 2: 103, 12, 42); after: none wrong, none silently lost, one
false alarm in four seeds (hazards/separator-blanks-2019.txt cut right after a line break of its
one-cell-a-line blanks: no sign of the cut), null-diag 3,482 -> 3,794 (seed 1: the cut rows named).
The HTML sources added after (seeds 1-2, 5,334 and 5,308 copies): none wrong, no false alarm.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from random import Random

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fuzz_layouts as fl

import govdisclosure as gd

OUTCOMES = ("same", "null-diag", "null-silent", "cut-null", "wrong-diag", "wrong", "false-alarm")
_SEPS = "\t| \n\u3000"


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def cut_points(text: str, rng: Random, n: int) -> list[int]:
    """Cut points inside the text's tables: after a digit, after a label's character, anywhere."""
    a, b = fl._region(text)
    if a == b:
        return []
    digits = [p for p in range(a + 1, b) if text[p - 1].isdigit()]
    labels = [p for p in range(a + 1, b) if _is_han(text[p - 1]) and text[p] in _SEPS]
    inside = [p for p in range(a + 1, b) if _is_han(text[p - 1]) and _is_han(text[p])]
    points: set[int] = set()
    for pool, k in ((digits, n), (labels, n // 2), (inside, n // 4), (list(range(a + 1, b)), n // 4)):
        points.update(rng.sample(pool, min(k, len(pool))))
    return sorted(points)


def _offsets(text: str) -> list[int]:
    starts = [0]
    for k, ch in enumerate(text):
        if ch == "\n":
            starts.append(k + 1)
    return starts


def _span(prov: gd.Provenance, starts: list[int]) -> tuple[int, int] | None:
    loc = prov.location
    if loc.line is None or loc.column is None or loc.line > len(starts):
        return None
    s = starts[loc.line - 1] + loc.column - 1
    return s, s + len(prov.text)


def compare(whole: gd.Parsed, cut: gd.Parsed, at: int, starts: list[int]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {k: [] for k in OUTCOMES}
    a = gd.cells(whole.report)
    b = gd.cells(cut.report)
    named = fl._named(cut)
    for cid, va in a.items():
        prov = whole.provenance.get(cid)
        if va is None or prov is None or cid.startswith("meta."):
            continue
        span = _span(prov, starts)
        vb = b.get(cid)
        if span is not None and span[1] < at:  # wholly before the cut, a character of the copy after it
            if vb == va:
                out["same"].append(cid)
            elif vb is None:
                out["null-diag" if cid in named else "null-silent"].append(cid)
            else:
                out["wrong-diag" if cid in named else "wrong"].append(f"{cid}: {va} -> {vb}")
        elif vb is None:
            out["cut-null"].append(cid)
        elif vb == va:
            out["same"].append(cid)
        else:
            out["wrong-diag" if cid in named else "wrong"].append(f"{cid}: {va} -> {vb} (cut)")
    for rule, scope in sorted(fl._errors(cut) - fl._errors(whole)):
        out["false-alarm"].append(f"{rule} {scope}")
    return out


def run(named: list[tuple[str, str]], seed: int, cuts: int) -> tuple[int, dict[str, int], list[str]]:
    """The cut copies of the text sources ``named`` (name, text): how many, the outcomes' totals,
    and a line for each copy with a cell silently lost, a wrong cell or a false alarm."""
    rng = Random(seed)
    totals = dict.fromkeys(OUTCOMES, 0)
    copies = 0
    notes: list[str] = []
    for name, text in named:
        try:
            whole = gd.parse_text(text)
        except gd.GovDisclosureError:
            continue
        starts = _offsets(text)
        for at in cut_points(text, rng, cuts):
            try:
                cut = gd.parse_text(text[:at])
            except gd.GovDisclosureError:
                continue
            copies += 1
            res = compare(whole, cut, at, starts)
            for k, v in res.items():
                totals[k] += len(v)
                if v and k in ("null-silent", "wrong", "wrong-diag", "false-alarm"):
                    notes.append(f"{name} cut at {at} ...{text[max(0, at - 20) : at]!r} [{k}] {'; '.join(v[:4])}")
    return copies, totals, notes


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, action="append", default=[])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cuts", type=int, default=12, help="cut points after digits a source (others in proportion)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    named = list(fl.sources(None))
    for c in args.corpus:
        named += list(fl.sources(c, fixtures=False))
    copies, totals, notes = run(named, args.seed, args.cuts)
    print(f"{copies} cut copies of {len(named)} sources")
    print("  ".join(f"{k} {v}" for k, v in totals.items()))
    if args.verbose:
        for line in notes:
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
