"""The ``govdisclosure`` command: parse, cells, check, explain, schema."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from . import __version__
from .exceptions import GovDisclosureError
from .parse import Parsed, ParseOptions, parse
from .rules import Finding, Severity, check
from .serialize import build_schema, cells, to_json

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


def _finding_text(f: Finding) -> str:
    cells_txt = ", ".join(f"{c.id}={'空' if c.value is None else c.value}" for c in f.cells[:8])
    more = f" …(+{len(f.cells) - 8})" if len(f.cells) > 8 else ""
    return (
        f"[{f.severity.value} {_SEV_ZH[f.severity.value]}] {f.rule} {f.scope}\n"
        f"    {f.message_zh}\n    {f.message_en}\n    cells: {cells_txt}{more}  (fingerprint {f.fingerprint})"
    )


def cmd_check(args: argparse.Namespace) -> int:
    parsed = _parse(args)
    findings = check(parsed)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if args.format == "json":
        _dump(
            {
                "source": str(args.file),
                "meta": {k: v for k, v in cells(parsed.report).items() if k.startswith("meta.")},
                "findings": [f.to_dict() for f in findings],
                "diagnostics": [d.to_dict() for d in parsed.diagnostics],
            }
        )
    else:
        meta = parsed.report.meta
        edition = meta.edition.value if meta.edition else "?"
        out = [f"{args.file}: {meta.agency or '?'} {meta.year or '?'} (edition {edition})"]
        counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
        out.append(
            f"findings 发现: {counts[Severity.ERROR]} error(s) 错误, {counts[Severity.WARNING]} warning(s) 警告, "
            f"{counts[Severity.NOTICE]} notice(s) 提示; diagnostics 解析说明: {len(parsed.diagnostics)}"
        )
        out.extend(_finding_text(f) for f in findings)
        if parsed.diagnostics:
            out.append("diagnostics 解析说明:")
            for d in parsed.diagnostics:
                where = f" ({d.location})" if d.location else ""
                out.append(f"  - {d.code}{where}: {d.message_zh} / {d.message}")
        sys.stdout.write("\n".join(out) + "\n")
    return EXIT_FINDINGS if errors else EXIT_OK


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


def cmd_schema(args: argparse.Namespace) -> int:
    _dump(build_schema(args.edition))
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
    p = sub.add_parser("check", help="check the accounting identities; exit 1 if any error finding")
    with_file(p)
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("explain", help="every cell id with its value and where it was read; then what was not used")
    with_file(p)
    p.set_defaults(func=cmd_explain)
    p = sub.add_parser("schema", help="the JSON Schema of report documents")
    p.add_argument("--edition", choices=["2019", "2021", "legacy"], default="2021")
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
