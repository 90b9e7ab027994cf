"""The ``govdisclosure`` command: parse, cells, check, explain, render, schema."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .exceptions import GovDisclosureError
from .parse import Location, Parsed, ParseOptions, parse, settle_series
from .parse._options import DEFAULT_MAX_SECONDS
from .parse._result import source_format
from .serialize import build_schema, cells, from_json, to_json

# The rules, the renderers and the batch module are imported by the commands that use them.

__all__ = ["main"]

# The batch's per-file time limit (govdisclosure._batch.DEFAULT_TIMEOUT; a test keeps them
# equal), written here so that building the parser does not import the batch module.
_DEFAULT_TIMEOUT = 120.0

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_CODES = """exit codes:
  0  done; check: no error finding (warnings and notices do not count)
  1  check: at least one error finding (after --baseline)
  2  unreadable input, bad option or usage error
  3  internal error (a bug: please report it)"""


def _options(args: argparse.Namespace) -> ParseOptions:
    try:
        budget = getattr(args, "max_seconds", None)
        extra = {} if budget is None else {"max_seconds": budget}
        return ParseOptions(encoding=args.encoding, edition=args.edition, **extra)
    except (LookupError, ValueError) as exc:
        raise GovDisclosureError(f"bad option: {exc}") from None


def _parse(args: argparse.Namespace) -> Parsed:
    return parse(args.file, _options(args))


# Control characters a report (or a file name) may hold: written raw, ESC sequences would drive the
# reader's terminal (colours, titles, cursor moves, hidden lines). Text output shows them escaped.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _for_terminal(text: str) -> str:
    """Text output with control characters (but newline and tab) shown as ``\\xHH``; bytes not UTF-8 too."""
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text


def _one_line(name: str) -> str:
    """A file name on one line of text output: its newlines and tabs shown as ``\\xHH`` too."""
    return _for_terminal(name).replace("\n", "\\x0a").replace("\t", "\\x09")


def _read_input(path: str, what: str) -> str:
    """A UTF-8 text file given to the CLI, with the input checks of ``parse``: regular files only, bounded."""
    from .parse import read_file

    data = read_file(path, ParseOptions().max_bytes)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GovDisclosureError(f"{path}: {what} must be UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _write(path: str, data: bytes | str) -> None:
    try:
        with open(path, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
    except OSError as exc:
        raise GovDisclosureError(f"cannot write {path}: {exc.strerror or exc}") from None


def _dump(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def cmd_parse(args: argparse.Namespace) -> int:
    parsed = _parse(args)
    sys.stdout.write(to_json(parsed.report) + "\n")
    return EXIT_OK


def cmd_cells(args: argparse.Namespace) -> int:
    from .rules import indicators

    report = _parse(args).report
    _dump({**cells(report, cite=True), **{f"indicators.{k}": v.value for k, v in indicators(report).items()}})
    return EXIT_OK


_SEV_ZH = {"error": "错误", "warning": "警告", "notice": "提示"}
_SEV_RANK = {"error": 0, "warning": 1, "notice": 2}
_MAX_CELLS = 3  # text output; JSON and HTML list every cell


def _cell_label(edition: Any, cid: str) -> str | None:
    from .serialize._check_output import cell_label

    return cell_label(edition, cid)


def _check_schema_id() -> str:
    from .serialize._check_output import CHECK_SCHEMA_ID

    return CHECK_SCHEMA_ID


def _label(edition: str | None, cid: str) -> str:
    """``表三 / （七）总计 / 自然人 [requests.total.natural_person]``; across years the id is ``YEAR:id``."""
    from .serialize._check_output import cell_label

    year, _, bare = cid.rpartition(":")
    label = cell_label(edition, bare)
    if label is None:
        return cid
    return f"{year}年 {label} [{cid}]" if year else f"{label} [{cid}]"


def _cell_line(c: dict[str, Any], edition: str | None) -> str:
    value = "空 blank" if c["value"] is None else str(c["value"])
    zero = "（按0计 counted as 0）" if c.get("blank_as_zero") else ""
    return f"      {_label(edition, c['id'])} = {value}{zero}"


def _finding_text(f: dict[str, Any], edition: str | None) -> str:
    sev = f["severity"]
    if sev == "notice":  # a relation not checkable or inferred: one line, the JSON and HTML have the rest
        return f"  [{_SEV_ZH[sev]} {sev}] {f['rule']} {f['scope']}: {f['message_zh']}"
    lines = [
        f"  [{_SEV_ZH[sev]} {sev}] {f['rule']} {f['scope']}  (fingerprint {f['fingerprint']})",
        f"    {f['message_zh']}",
        f"    {f['message_en']}",
    ]
    lines += [_cell_line(c, edition) for c in f["cells"][:_MAX_CELLS]]
    if len(f["cells"]) > _MAX_CELLS:
        lines.append(f"      …另 {len(f['cells']) - _MAX_CELLS} 格 ({len(f['cells']) - _MAX_CELLS} more cells)")
    return "\n".join(lines)


def _finding_line(source: str, f: dict[str, Any], edition: str | None) -> str:
    """--quiet: one line per finding, the first cell named by its label."""
    where = f" {_label(edition, f['cells'][0]['id'])}" if f["cells"] else ""
    return f"{source}: [{_SEV_ZH[f['severity']]}] {f['rule']}{where}: {f['message_zh']}"


def _inputs(args: argparse.Namespace) -> list[str]:
    files = list(args.files)
    if args.series:
        root = Path(args.series)
        if not root.is_dir():
            raise GovDisclosureError(f"--series needs a folder: {root}")
        from ._walk import walk  # the batch's walker: what it cannot read is listed, and said

        files += [str(p) for p in walk([root])]
    if not files:
        raise GovDisclosureError("nothing to check: give FILE... or --series DIR")
    return files


def _aliases(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        old, sep, new = pair.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise GovDisclosureError(f"--alias takes OLD=NEW (two agency names), not {pair!r}")
        out[old.strip()] = new.strip()
    return out


def _parse_one(path: str, options: ParseOptions) -> Parsed | str:
    from ._walk import unreadable

    why = unreadable(path)  # a folder the walk could not list, or a link to one
    if why is not None:
        return why
    try:
        return parse(path, options)
    except GovDisclosureError as exc:
        return str(exc)


def _entry(path: str, parsed: Parsed | str) -> dict[str, Any]:
    if isinstance(parsed, str):
        return {
            "source": path,
            "template": None,
            "meta": {},
            "indicators": {},
            "findings": [],
            "diagnostics": [],
            "diagnosis": None,
            "error": parsed,
        }
    from .rules import check, diagnose, indicators

    diagnosis = diagnose(parsed)
    return {
        "source": path,
        "template": parsed.report.template.value,
        "meta": {k: v for k, v in cells(parsed.report, cite=True).items() if k.startswith("meta.")},
        "indicators": {k: v.to_dict() for k, v in indicators(parsed.report).items()},
        "findings": check(parsed),
        "diagnostics": [d.to_dict() for d in parsed.diagnostics],
        "diagnosis": diagnosis.to_dict() if diagnosis is not None else None,
        "error": None,
    }


def cmd_check(args: argparse.Namespace) -> int:
    from .rules import Severity, apply_baseline, check_series, load_baseline, write_baseline
    from .serialize._check_output import render_check_html

    options = _options(args)
    files = _inputs(args)
    single = len(files) == 1 and not args.series
    results = [_parse_one(path, options) for path in files]
    if single and isinstance(results[0], str):
        raise GovDisclosureError(results[0])
    # Reports are grouped by the agency each names (--one-agency: all one series; --alias OLD=NEW:
    # a renamed agency); runs a report alone cannot split are settled by the neighbouring years of
    # the same agency (identities 5, 6).
    one_agency = bool(args.one_agency)
    aliases = _aliases(args.alias)
    ok = [(i, r) for i, r in enumerate(results) if not isinstance(r, str)]
    settled_all = settle_series([r for _, r in ok], one_agency=one_agency, aliases=aliases)
    for (i, _), settled in zip(ok, settled_all, strict=True):
        results[i] = settled
    from ._walk import display

    shown = [display(path) for path in files]  # a name that is not UTF-8, escaped
    entries = [_entry(path, r) for path, r in zip(shown, results, strict=True)]
    parsed_all = {path: r for path, r in zip(shown, results, strict=True) if not isinstance(r, str)}
    pairs_all = list(parsed_all.items())
    series = check_series(pairs_all, one_agency=one_agency, aliases=aliases) if len(pairs_all) > 1 else []
    if args.baseline:
        _read_input(args.baseline, "a baseline")  # the input checks of parse: no FIFO, no /dev/zero, bounded
    reviewed = load_baseline(args.baseline) if args.baseline else frozenset()
    shown_rank = _SEV_RANK[args.min_severity]
    hidden = below = 0
    for entry in entries:
        entry["findings"], n = apply_baseline(entry["findings"], reviewed)
        hidden += n
        kept = [f for f in entry["findings"] if _SEV_RANK[f.severity.value] <= shown_rank]
        below += len(entry["findings"]) - len(kept)
        entry["findings"] = kept
    series, n = apply_baseline(series, reviewed)
    hidden += n
    kept_series = [f for f in series if _SEV_RANK[f.severity.value] <= shown_rank]
    below += len(series) - len(kept_series)
    series = kept_series
    if args.write_baseline:
        pairs = [(e["source"], f) for e in entries for f in e["findings"]] + [("series", f) for f in series]
        try:
            write_baseline(args.write_baseline, pairs)
        except OSError as exc:
            raise GovDisclosureError(f"cannot write {args.write_baseline}: {exc.strerror or exc}") from None
    has_error = any(f.severity is Severity.ERROR for e in entries for f in e["findings"]) or any(
        f.severity is Severity.ERROR for f in series
    )
    for entry in entries:
        entry["findings"] = [f.to_dict() for f in entry["findings"]]
    series_dicts = [f.to_dict() for f in series]
    if args.format == "json":
        doc = {
            "$schema": _check_schema_id(),
            "reports": entries,
            "series": series_dicts,
            "hidden_by_baseline": hidden,
            "below_min_severity": below,
        }
        out = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    elif args.format == "html":
        title = f"政府信息公开工作年度报告 检查结果 — {len(entries)} 份报告 (govdisclosure check)"
        out = render_check_html(entries, series_dicts, title, parsed=parsed_all) + "\n"
    elif args.quiet:
        out = _for_terminal(_quiet_output(entries, series_dicts, hidden, below))
    else:
        out = _for_terminal(_text_output(entries, series_dicts, hidden, below, parsed_all) + "\n")
    if args.output:
        _write(args.output, out)
    else:
        sys.stdout.write(out)
    if any(e["error"] for e in entries):
        for e in entries:
            if e["error"]:
                sys.stderr.write(_for_terminal(f"govdisclosure: {_one_line(e['source'])}: {e['error']}") + "\n")
        return EXIT_INPUT
    return EXIT_FINDINGS if has_error else EXIT_OK


def _counts(findings: list[dict[str, Any]]) -> dict[str, int]:
    return {s: sum(1 for f in findings if f["severity"] == s) for s in ("error", "warning", "notice")}


def _footer(hidden: int, below: int) -> list[str]:
    out = []
    if hidden:
        out.append(f"已复核而隐藏 {hidden} 项 ({hidden} finding(s) hidden as reviewed by the baseline)")
    if below:
        out.append(f"低于 --min-severity 而未显示 {below} 项 ({below} finding(s) below --min-severity not shown)")
    return out


def _text_output(
    entries: list[dict[str, Any]],
    series: list[dict[str, Any]],
    hidden: int,
    below: int,
    parsed: dict[str, Parsed] | None = None,
) -> str:
    from .serialize._check_output import _table_numbers

    out: list[str] = []
    for e in entries:
        meta = e["meta"]
        if e["error"]:
            out.append(f"{_one_line(e['source'])}: 无法读取 cannot read: {e['error']}")
            continue
        out.append(
            f"{_one_line(e['source'])}: {meta.get('meta.agency') or '?'} {meta.get('meta.year') or '?'} "
            f"(edition {meta.get('meta.edition') or '?'})"
        )
        counts = _counts(e["findings"])
        out.append(
            f"  {counts['error']} 错误 error(s) · {counts['warning']} 警告 warning(s) · "
            f"{counts['notice']} 提示 notice(s) · {len(e['diagnostics'])} 解析说明 diagnostic(s)"
        )
        out.extend(_finding_text(f, e["template"]) for f in e["findings"])
        if e["diagnosis"]:
            out.append(f"  诊断 diagnosis:\n    {e['diagnosis']['message_zh']}\n    {e['diagnosis']['message_en']}")
        if e["diagnostics"]:
            out.append("  解析说明 diagnostics:")
            p = (parsed or {}).get(e["source"])
            diags = p.diagnostics if p is not None and len(p.diagnostics) == len(e["diagnostics"]) else None
            tables = _table_numbers(p) if diags is not None else {}
            for k, d in enumerate(e["diagnostics"]):
                shown = _on_paper(diags[k].location, tables) if diags is not None else d["location"]
                where = f"（{shown}）" if shown else ""
                out.append(f"    - {d['code']}{where}: {d['message_zh']}")
    if len(entries) > 1 or series:
        out.append(f"跨年度 across years: {len(series)} 项 finding(s)")
        out.extend(_finding_text(f, None) for f in series)
    out.extend(_footer(hidden, below))
    return "\n".join(out)


def _quiet_output(entries: list[dict[str, Any]], series: list[dict[str, Any]], hidden: int, below: int) -> str:
    out: list[str] = []
    for e in entries:
        if e["error"]:
            out.append(f"{_one_line(e['source'])}: 无法读取 cannot read: {e['error']}")
        out.extend(_finding_line(_one_line(e["source"]), f, e["template"]) for f in e["findings"])
    out.extend(_finding_line("跨年度 series", f, None) for f in series)
    total = _counts([f for e in entries for f in e["findings"]] + series)
    out.append(
        f"{len(entries)} 份报告 report(s): {total['error']} 错误 error(s), {total['warning']} 警告 warning(s), "
        f"{total['notice']} 提示 notice(s)"
    )
    out.extend(_footer(hidden, below))
    return "\n".join(out) + "\n"


# Every diagnostic that names printed text no cell was read from (numbers, or a stray character).
_UNUSED = (
    "number-not-used",
    "block-other-edition",
    "row-not-mapped",
    "number-left-over",
    "row-short",
    "ambiguous-run",
    "duplicate-row",
    "table-not-read",
    "stray-character",
    "row-uncertain",
    "table-duplicate",
    "number-split",
    "row-overfull",
    "zeros-extra",
    "merged-cell",
    "header-order",
    "value-cut",
)


def _on_paper(loc: Location | None, tables: dict[int, tuple[int | None, int]]) -> str:
    """A location as a person counts it on paper: page N, table k on that page, row and column
    from 1 (``Location`` counts tables over the whole document, rows and columns from 0)."""
    if loc is None:
        return ""
    if loc.table is None:
        return str(loc)
    page, k = tables.get(loc.table, (loc.page, loc.table + 1))
    parts = [f"page {page}"] if page is not None else []
    parts.append(f"table {k}" + (" on the page" if page is not None else ""))
    parts.append(f"row {'?' if loc.row is None else loc.row + 1}, col {'?' if loc.col is None else loc.col + 1}")
    if loc.line is not None:
        parts.append(f"line {loc.line}")
    if loc.confidence is not None:
        parts.append(f"OCR confidence {loc.confidence:.2f}")
    return ", ".join(parts)


def cmd_explain(args: argparse.Namespace) -> int:
    from .serialize._check_output import _table_numbers

    parsed = _parse(args)
    tables = _table_numbers(parsed)
    values = cells(parsed.report)
    out = []
    meta = parsed.report.meta
    fmt = source_format(parsed) or "?"
    out.append(
        f"{_one_line(args.file)} ({fmt}): {meta.agency or '?'} {meta.year or '?'} edition {values['meta.edition']}"
    )
    width = max(len(k) for k in values)
    for cid, value in values.items():
        if cid.startswith("meta."):
            continue
        shown = (
            "null"
            if value is None
            else (f"{value['number']} {value['unit'] or ''}".strip() if isinstance(value, dict) else str(value))
        )
        prov = parsed.provenance.get(cid)
        if prov is None:
            where = "not read"
        else:
            snippet = prov.text.strip().replace("\n", " ")[:30]
            where = _on_paper(prov.location, tables) + (f"  '{snippet}'" if snippet else "  (printed blank)")
            if prov.inferred:
                where += "  [inferred]"
        label = _cell_label(parsed.report.template, cid) or ""
        out.append(f"{cid:<{width}}  {shown:>10}  {where}  {label}")
    unused = [d for d in parsed.diagnostics if d.code in _UNUSED]
    out.append("")
    out.append(f"not used 未使用 ({len(unused)}):" if unused else "not used 未使用: nothing")
    for d in unused:
        where = f" ({_on_paper(d.location, tables)})" if d.location else ""
        out.append(f"  - {d.code}{where}: {d.message_zh} / {d.message_en}")
    sys.stdout.write(_for_terminal("\n".join(out) + "\n"))
    return EXIT_OK


def cmd_render(args: argparse.Namespace) -> int:
    text = _read_input(args.file, "a report JSON document")
    from .serialize import render

    report = from_json(text)
    out = render(report, args.format)
    if args.output:
        _write(args.output, out)
    elif isinstance(out, bytes):
        if sys.stdout.isatty():
            raise GovDisclosureError("a .docx is binary: give -o FILE.docx")
        sys.stdout.buffer.write(out)
    else:
        sys.stdout.write(out)
    return EXIT_OK


def cmd_batch(args: argparse.Namespace) -> int:
    from ._batch import run_batch

    if args.parquet:
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise GovDisclosureError("--parquet needs pyarrow: pip install 'govdisclosure[parquet]'") from None
    summary = run_batch(
        args.paths,
        args.output,
        workers=args.workers,
        resume=not args.restart,
        parquet=args.parquet,
        keep_failed=args.keep_failed,
        timeout=args.timeout or None,
        max_memory=args.max_memory,
        options=_options(args),
    )
    sys.stderr.write(summary.line() + "\n")
    return EXIT_FINDINGS if summary.errors else EXIT_OK


_BATCH_EPILOG = """\
outputs (in OUTDIR): ledger.sqlite (the run's record), reports.jsonl, cells.csv,
findings.csv, indicators.csv (UTF-8 with BOM: Excel opens them), summary.json;
with --parquet cells.parquet, findings.parquet and indicators.parquet with typed columns.

A file that cannot be read, takes longer than --timeout, or whose worker dies
(e.g. killed for memory) is an error row; the run goes on. So is, under a folder,
an entry that cannot be read (a FIFO, a dangling link, a link loop, a folder that
cannot be listed, a link to a folder: links under a folder are not followed).
Files named README* under a folder are not listed. Run the same command
again to resume: files already done with the same content are skipped, an
edited file is redone, failed files are retried (--keep-failed keeps them);
rows of files gone or not given this time are removed. A damaged ledger is
exit 2: run again with --restart.

exit codes: 0 every file parsed; 1 the run finished but some files are error
rows; 2 nothing was run (bad arguments, OUTDIR is a file, another batch is
writing into OUTDIR); 3 internal error; 130 interrupted (run again to resume).
"""


def cmd_sample(args: argparse.Namespace) -> int:
    from .examples import sample_path

    path = sample_path(args.edition)
    sys.stdout.write(f"{path}\n" if args.path else path.read_text(encoding="utf-8"))
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:

    if args.check:
        from .serialize._check_output import build_check_schema

        _dump(build_check_schema())
    else:
        _dump(build_schema(args.edition))
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="govdisclosure",
        description="Read government information disclosure annual reports (政府信息公开工作年度报告) as data.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("--version", action="version", version=f"govdisclosure {__version__}", help="print the version")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def with_file(p: argparse.ArgumentParser) -> None:
        p.add_argument("file", help="a report: text (UTF-8, UTF-16, GBK/GB18030), HTML, DOCX or PDF")
        p.add_argument("--encoding", help="override the detected text encoding (e.g. gb18030)")
        p.add_argument("--edition", choices=["2019", "2021"], help="map the tables on this edition")
        with_budget(p)

    def with_budget(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--max-seconds",
            type=float,
            metavar="SECONDS",
            help=f"time budget for reading one scan by OCR (default {DEFAULT_MAX_SECONDS:g}); past it, exit 2",
        )

    p = sub.add_parser("parse", help="the report as a JSON document (validated against the schema)")
    with_file(p)
    p.set_defaults(func=cmd_parse)
    p = sub.add_parser("cells", help="one JSON object: meta.* and every cell id of the report's edition")
    with_file(p)
    p.set_defaults(func=cmd_cells)
    p = sub.add_parser(
        "check",
        help="check identities, plausibility and prose (and across years); exit 1 if any error finding",
        description="Check reports: the template's identities, plausibility, prose against tables and, for "
        "several reports of one agency, across years. Cells are named by their template labels, ids alongside.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="reports: text, HTML, DOCX, PDF, scans, images, .doc")
    p.add_argument(
        "--series",
        metavar="DIR",
        help="also every report under DIR; reports are grouped by the agency each names and compared across "
        "years within an agency only (a report naming no agency joins a series only when the others name one "
        "agency)",
    )
    p.add_argument(
        "--one-agency",
        action="store_true",
        help="take every report given as one agency's series (a renamed agency, reports naming none)",
    )
    p.add_argument(
        "--alias",
        action="append",
        default=[],
        metavar="OLD=NEW",
        help="an agency renamed: reports naming OLD are in NEW's series (repeatable)",
    )
    p.add_argument("--encoding", help="override the detected text encoding (e.g. gb18030)")
    p.add_argument("--edition", choices=["2019", "2021"], help="map the tables on this edition")
    with_budget(p)
    p.add_argument(
        "--format",
        choices=["text", "json", "html"],
        default="text",
        help="text for people (default); json: one document {reports, series, ...} for one file or many "
        "(schema: 'govdisclosure schema --check'); html: one self-contained page for a reviewer",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write the output here instead of standard output")
    p.add_argument(
        "--min-severity",
        choices=["error", "warning", "notice"],
        default="notice",
        help="show only findings at least this severe (default notice: all); the exit code is unchanged",
    )
    p.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="text format: one line per finding and a total; no diagnostics, diagnosis or English",
    )
    p.add_argument("--baseline", metavar="FILE", help="hide findings recorded as reviewed in this baseline file")
    p.add_argument("--write-baseline", metavar="FILE", help="record the findings shown as reviewed")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("explain", help="every cell id with its value and where it was read; then what was not used")
    with_file(p)
    p.set_defaults(func=cmd_explain)
    p = sub.add_parser(
        "batch",
        help="parse and check many files into reports.jsonl, cells.csv, findings.csv",
        description="Parse and check many report files in worker processes into tables in OUTDIR.",
        epilog=_BATCH_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders")
    p.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="output folder (made if missing)")
    p.add_argument("--workers", type=int, default=None, help="worker processes (default: one per core)")
    p.add_argument("--restart", action="store_true", help="start over instead of skipping files already done")
    p.add_argument("--keep-failed", action="store_true", help="on a resume, keep error rows instead of retrying")
    p.add_argument("--parquet", action="store_true", help="also write the tables as Parquet (typed)")
    p.add_argument(
        "--timeout",
        type=float,
        default=_DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"time limit for one file (default {_DEFAULT_TIMEOUT:g}; 0: none)",
    )
    p.add_argument(
        "--max-memory",
        type=int,
        default=None,
        metavar="MIB",
        help="memory each worker may take beyond its start-up size (default: no limit)",
    )
    p.add_argument("--encoding", help="override the detected text encoding (e.g. gb18030)")
    p.add_argument("--edition", choices=["2019", "2021"], help="map the tables on this edition")
    p.set_defaults(func=cmd_batch)
    p = sub.add_parser("render", help="a report JSON document back in the template's layout")
    p.add_argument("file", help="a JSON document written by 'govdisclosure parse'")
    p.add_argument(
        "--format", choices=["html", "markdown", "docx"], default="html", help="output format (default html)"
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output (needed for docx)")
    p.set_defaults(func=cmd_render)
    p = sub.add_parser("sample", help="the sample report shipped in the package (fictional), to try the commands on")
    p.add_argument("--edition", choices=["2019", "2021"], default="2021", help="the template edition (default 2021)")
    p.add_argument("--path", action="store_true", help="print the installed file's path instead of its text")
    p.set_defaults(func=cmd_sample)
    p = sub.add_parser("schema", help="the JSON Schema of report documents")
    p.add_argument(
        "--edition", choices=["2019", "2021", "legacy"], default="2021", help="the edition's schema (default 2021)"
    )
    p.add_argument("--check", action="store_true", help="the schema of check --format json instead")
    p.set_defaults(func=cmd_schema)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    ap = _parser()
    try:
        args = ap.parse_args(argv)
    except SystemExit as exc:  # argparse: usage errors exit 2, --help/--version exit 0
        return int(exc.code or 0)
    try:
        return int(args.func(args))
    except GovDisclosureError as exc:
        sys.stderr.write(_for_terminal(f"govdisclosure: {exc}") + "\n")
        return EXIT_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        sys.stderr.write("govdisclosure: interrupted\n")
        return 130
    except Exception as exc:
        sys.stderr.write(f"govdisclosure: internal error ({type(exc).__name__}: {exc}); please report it\n")
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
