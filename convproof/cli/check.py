"""``convproof check FILE...``: verify the equations written in LaTeX / Markdown documents.

Exit status: 1 if any equation is wrong, 0 otherwise, 2 when a file cannot be read.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..check.document import FileReport, check_text
from ..check.report import (
    apply_fixes,
    dumps,
    fixed_path,
    summary,
    summary_line,
    text_lines,
)

TEX_SUFFIXES = {".tex", ".latex", ".ltx", ".sty", ".cls"}


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "check", help="check the equations of .tex / Markdown documents",
        description="Check every equation of LaTeX or Markdown documents: arithmetic, matrix "
                    "products, approximations and convolution matrices.")
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--format", choices=("tex", "md"), default=None,
                        help="input format (default: .tex -> tex, anything else -> md)")
    parser.add_argument("--json", action="store_true", help="print the JSON report")
    parser.add_argument("--fix", action="store_true",
                        help="write a corrected copy NAME.fixed.EXT beside each file with findings")
    parser.add_argument("--quiet", action="store_true",
                        help="omit unchecked inline math from the text output")
    parser.set_defaults(func=run)


def _read(path: str) -> str:
    from ..check.document import read_document  # regular files of bounded size only
    return read_document(path)


def run(args) -> int:
    reports, unreadable = [], False
    for path in args.files:
        fmt = args.format or ("tex" if Path(path).suffix.lower() in TEX_SUFFIXES else "md")
        try:
            text = _read(path)
        except (OSError, ValueError) as exc:
            reports.append(FileReport(path, error=f"unreadable: {exc}"))
            unreadable = True
            continue
        rep = check_text(text, fmt, path)
        reports.append(rep)
        if args.fix and any(e.fixes for e in rep.equations):
            target = fixed_path(path)
            target.write_text(apply_fixes(text, rep.equations), encoding="utf-8")
            print(f"wrote {target}", file=sys.stderr)
    if args.json:
        print(dumps(reports))
    else:
        for line in text_lines(reports, verbose=not args.quiet):
            print(line)
        print(summary_line(reports))
    if unreadable:
        return 2
    return 1 if summary(reports)["wrong"] else 0
