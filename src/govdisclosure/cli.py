"""The ``govdisclosure`` command: parse, cells, check, explain, render, schema."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .exceptions import GovDisclosureError
from .parse import Parsed, ParseOptions, parse, settle_series
from .serialize import build_schema, cells, from_json, to_json

# The rules, the renderers and the batch module are imported by the commands that use them.

__all__ = ["main"]

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


def _options(args: argparse.Namespace) -> ParseOptions:
    try:
        return ParseOptions(encoding=args.encoding, edition=args.edition)
    except (LookupError, ValueError) as exc:
        raise GovDisclosureError(f"bad option: {exc}") from None


def _parse(args: argparse.Namespace) -> Parsed:
    return parse(args.file, _options(args))


def _dump(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def cmd_parse(args: argparse.Namespace) -> int:
    parsed = _parse(args)
    sys.stdout.write(to_json(parsed.report) + "\n")
    return EXIT_OK


def cmd_cells(args: argparse.Namespace) -> int:
    _dump(cells(_parse(args).report))
    return EXIT_OK


_SEV_ZH = {"error": "错误", "warning": "警告", "notice": "提示"}


def _finding_text(f: dict[str, Any]) -> str:
    cells_txt = ", ".join(f"{c['id']}={'空' if c['value'] is None else c['value']}" for c in f["cells"][:8])
    more = f" …(+{len(f['cells']) - 8})" if len(f["cells"]) > 8 else ""
    return (
        f"[{f['severity']} {_SEV_ZH[f['severity']]}] {f['rule']} {f['scope']}\n"
        f"    {f['message_zh']}\n    {f['message_en']}\n    cells: {cells_txt}{more}  (fingerprint {f['fingerprint']})"
    )


def _inputs(args: argparse.Namespace) -> list[str]:
    files = list(args.files)
    if args.series:
        root = Path(args.series)
        if not root.is_dir():
            raise GovDisclosureError(f"--series needs a folder: {root}")
        from ._batch import collect_paths  # the batch module is imported only by the commands that use it

        files += [str(p) for p in collect_paths([root])]
    if not files:
        raise GovDisclosureError("nothing to check: give FILE... or --series DIR")
    return files


def _parse_one(path: str, options: ParseOptions) -> Parsed | str:
    try:
        return parse(path, options)
    except GovDisclosureError as exc:
        return str(exc)


def _entry(path: str, parsed: Parsed | str) -> dict[str, Any]:
    if isinstance(parsed, str):
        return {"source": path, "meta": {}, "findings": [], "diagnostics": [], "diagnosis": None, "error": parsed}
    from .rules import check, diagnose

    diagnosis = diagnose(parsed)
    return {
        "source": path,
        "meta": {k: v for k, v in cells(parsed.report).items() if k.startswith("meta.")},
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
    # A folder given to --series is one agency's series, even where a report does not name it;
    # runs a report alone cannot split are settled by the neighbouring years (identities 5, 6).
    one_agency = bool(args.series) and not args.files
    ok = [(i, r) for i, r in enumerate(results) if not isinstance(r, str)]
    for (i, _), settled in zip(ok, settle_series([r for _, r in ok], one_agency=one_agency), strict=True):
        results[i] = settled
    entries = [_entry(path, r) for path, r in zip(files, results, strict=True)]
    parsed_all = [(path, r) for path, r in zip(files, results, strict=True) if not isinstance(r, str)]
    series = check_series(parsed_all, one_agency=one_agency) if len(parsed_all) > 1 else []
    reviewed = load_baseline(args.baseline) if args.baseline else frozenset()
    hidden = 0
    for entry in entries:
        entry["findings"], n = apply_baseline(entry["findings"], reviewed)
        hidden += n
    series, n = apply_baseline(series, reviewed)
    hidden += n
    if args.write_baseline:
        pairs = [(e["source"], f) for e in entries for f in e["findings"]] + [("series", f) for f in series]
        write_baseline(args.write_baseline, pairs)
    has_error = any(f.severity is Severity.ERROR for e in entries for f in e["findings"]) or any(
        f.severity is Severity.ERROR for f in series
    )
    for entry in entries:
        entry["findings"] = [f.to_dict() for f in entry["findings"]]
    series_dicts = [f.to_dict() for f in series]
    if args.format == "json":
        if single:
            _dump(entries[0])
        else:
            _dump({"reports": entries, "series": series_dicts, "hidden_by_baseline": hidden})
    elif args.format == "html":
        title = f"政府信息公开工作年度报告 检查结果 — {len(entries)} 份报告 (govdisclosure check)"
        sys.stdout.write(render_check_html(entries, series_dicts, title) + "\n")
    else:
        sys.stdout.write(_text_output(entries, series_dicts, hidden) + "\n")
    if any(e["error"] for e in entries):
        for e in entries:
            if e["error"]:
                sys.stderr.write(f"govdisclosure: {e['source']}: {e['error']}\n")
        return EXIT_INPUT
    return EXIT_FINDINGS if has_error else EXIT_OK


def _text_output(entries: list[dict[str, Any]], series: list[dict[str, Any]], hidden: int) -> str:
    out: list[str] = []
    for e in entries:
        meta = e["meta"]
        if e["error"]:
            out.append(f"{e['source']}: cannot read 无法读取: {e['error']}")
            continue
        out.append(
            f"{e['source']}: {meta.get('meta.agency') or '?'} {meta.get('meta.year') or '?'} "
            f"(edition {meta.get('meta.edition') or '?'})"
        )
        counts = {s: sum(1 for f in e["findings"] if f["severity"] == s) for s in ("error", "warning", "notice")}
        out.append(
            f"findings 发现: {counts['error']} error(s) 错误, {counts['warning']} warning(s) 警告, "
            f"{counts['notice']} notice(s) 提示; diagnostics 解析说明: {len(e['diagnostics'])}"
        )
        out.extend(_finding_text(f) for f in e["findings"])
        if e["diagnosis"]:
            out.append(f"diagnosis 诊断:\n    {e['diagnosis']['message_zh']}\n    {e['diagnosis']['message_en']}")
        if e["diagnostics"]:
            out.append("diagnostics 解析说明:")
            for d in e["diagnostics"]:
                where = f" ({d['location']})" if d["location"] else ""
                out.append(f"  - {d['code']}{where}: {d['message_zh']} / {d['message']}")
    if len(entries) > 1 or series:
        out.append(f"across years 跨年度: {len(series)} finding(s)")
        out.extend(_finding_text(f) for f in series)
    if hidden:
        out.append(f"{hidden} finding(s) hidden as reviewed (baseline) 已复核而隐藏")
    return "\n".join(out)


_UNUSED = ("row-not-mapped", "number-left-over", "row-short", "ambiguous-run", "duplicate-row", "table-not-read")


def cmd_explain(args: argparse.Namespace) -> int:
    parsed = _parse(args)
    values = cells(parsed.report)
    out = []
    meta = parsed.report.meta
    fmt = parsed.document.source_format if parsed.document is not None else "?"
    out.append(f"{args.file} ({fmt}): {meta.agency or '?'} {meta.year or '?'} edition {values['meta.edition']}")
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
            where = f"{prov.location}" + (f"  '{snippet}'" if snippet else "  (printed blank)")
            if prov.inferred:
                where += "  [inferred]"
        out.append(f"{cid:<{width}}  {shown:>10}  {where}")
    unused = [d for d in parsed.diagnostics if d.code in _UNUSED]
    out.append("")
    out.append(f"not used 未使用 ({len(unused)}):" if unused else "not used 未使用: nothing")
    for d in unused:
        where = f" ({d.location})" if d.location else ""
        out.append(f"  - {d.code}{where}: {d.message}")
    sys.stdout.write("\n".join(out) + "\n")
    return EXIT_OK


def cmd_render(args: argparse.Namespace) -> int:
    try:
        text = Path(args.file).read_text(encoding="utf-8")
    except OSError as exc:
        raise GovDisclosureError(f"cannot read {args.file}: {exc.strerror or exc}") from None
    from .serialize import render

    report = from_json(text)
    out = render(report, args.format)
    if args.output:
        Path(args.output).write_bytes(out if isinstance(out, bytes) else out.encode("utf-8"))
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
    summary = run_batch(args.paths, args.output, workers=args.workers, resume=not args.restart, parquet=args.parquet)
    sys.stderr.write(summary.line() + "\n")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from .serialize._check_output import build_check_schema

    _dump(build_check_schema() if args.check else build_schema(args.edition))
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="govdisclosure",
        description="Read government information disclosure annual reports (政府信息公开工作年度报告) as data.",
    )
    ap.add_argument("--version", action="version", version=f"govdisclosure {__version__}")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def with_file(p: argparse.ArgumentParser) -> None:
        p.add_argument("file", help="a report: text (UTF-8, UTF-16, GBK/GB18030), HTML, DOCX or PDF")
        p.add_argument("--encoding", help="override the detected text encoding (e.g. gb18030)")
        p.add_argument("--edition", choices=["2019", "2021"], help="map the tables on this edition")

    p = sub.add_parser("parse", help="the report as a JSON document (validated against the schema)")
    with_file(p)
    p.set_defaults(func=cmd_parse)
    p = sub.add_parser("cells", help="one JSON object: meta.* and every cell id of the report's edition")
    with_file(p)
    p.set_defaults(func=cmd_cells)
    p = sub.add_parser(
        "check", help="check identities, plausibility and prose (and across years); exit 1 if any error finding"
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="reports: text, HTML, DOCX or PDF")
    p.add_argument("--series", metavar="DIR", help="also every report under DIR; reports are grouped by agency")
    p.add_argument("--encoding", help="override the detected text encoding (e.g. gb18030)")
    p.add_argument("--edition", choices=["2019", "2021"], help="map the tables on this edition")
    p.add_argument("--format", choices=["text", "json", "html"], default="text")
    p.add_argument("--baseline", metavar="FILE", help="hide findings recorded as reviewed in this baseline file")
    p.add_argument("--write-baseline", metavar="FILE", help="record the findings shown as reviewed")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("explain", help="every cell id with its value and where it was read; then what was not used")
    with_file(p)
    p.set_defaults(func=cmd_explain)
    p = sub.add_parser("batch", help="parse and check many files into reports.jsonl, cells.csv, findings.csv")
    p.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders")
    p.add_argument("-o", "--output", required=True, metavar="OUTDIR")
    p.add_argument("--workers", type=int, default=None, help="worker processes (default: one per core)")
    p.add_argument("--restart", action="store_true", help="start over instead of skipping files already done")
    p.add_argument("--parquet", action="store_true", help="also write cells.parquet and findings.parquet")
    p.set_defaults(func=cmd_batch)
    p = sub.add_parser("render", help="a report JSON document back in the template's layout")
    p.add_argument("file", help="a JSON document written by 'govdisclosure parse'")
    p.add_argument("--format", choices=["html", "markdown", "docx"], default="html")
    p.add_argument("-o", "--output", help="write here instead of standard output")
    p.set_defaults(func=cmd_render)
    p = sub.add_parser("schema", help="the JSON Schema of report documents")
    p.add_argument("--edition", choices=["2019", "2021", "legacy"], default="2021")
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
        sys.stderr.write(f"govdisclosure: {exc}\n")
        return EXIT_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        sys.stderr.write("govdisclosure: interrupted\n")
        return 130
    except Exception as exc:
        sys.stderr.write(f"govdisclosure: internal error ({type(exc).__name__}: {exc}); please report it\n")
        return 3


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
