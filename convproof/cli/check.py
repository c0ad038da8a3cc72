"""``convproof check FILE...``: verify the equations written in LaTeX / Markdown documents.

A Jupyter notebook (``.ipynb``) is read as JSON, nothing is executed: the mathematics of its
Markdown cells is checked and reported by cell and line (``notes.ipynb:cell 4:line 2``).

Exit status: 1 if any equation is wrong, 0 otherwise, 2 when a file cannot be read.
``--format github`` prints GitHub Actions annotations instead of text lines and ``--junit FILE``
also writes JUnit XML; neither changes the exit status.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..check.document import FileReport, check_text
from ..check.notebook import NOTEBOOK_SUFFIXES
from ..check.report import (
    apply_fixes,
    dumps,
    fixed_path,
    summary,
    summary_line,
    text_lines,
)
from ..files import check_file, write_text
from . import SUMMARIES

TEX_SUFFIXES = {".tex", ".latex", ".ltx", ".sty", ".cls"}


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "check", help=SUMMARIES["check"],
        description="Check every equation of LaTeX or Markdown documents: arithmetic, matrix "
                    "products, approximations, convolution matrices, size formulas for all sizes, "
                    "sums, and (Markdown, plain text) arithmetic in the prose. Jupyter notebooks (.ipynb) "
                    "are read too, without executing anything: the math of their Markdown cells is "
                    "checked and reported as FILE:cell N:line M (JSON: 'cell', 'line' within the cell, "
                    "'file_line'; --format github annotates the notebook file's JSON line).")
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--format", choices=("tex", "md", "github"), default=None,
                        help="input format (default: .tex -> tex, .ipynb -> its Markdown cells, anything "
                             "else -> md); 'github' keeps "
                             "that default and prints GitHub Actions annotations (::error file=,line=::)")
    parser.add_argument("--junit", metavar="FILE", default=None,
                        help="also write a JUnit XML report to FILE (one testcase per statement)")
    parser.add_argument("--json", action="store_true", help="print the JSON report")
    parser.add_argument("--fix", action="store_true",
                        help="write a corrected copy NAME.fixed.EXT beside each file with findings")
    parser.add_argument("--quiet", action="store_true",
                        help="omit unchecked inline math from the text output")
    parser.add_argument("--prose", action=argparse.BooleanOptionalAction, default=None,
                        help="also check arithmetic written in plain prose (55*55*96 = 290 400); default: on "
                             "for Markdown and plain text, off for LaTeX")
    parser.set_defaults(func=run)


def _read(path: str) -> str:
    from ..check.document import read_document  # regular files of bounded size only
    return read_document(path)


def _check_fix_targets(files: list[str]) -> None:
    """With ``--fix``, every corrected copy must be writable; checked before any document is read."""
    for path in files:
        if Path(path).is_file() and Path(path).suffix.lower() not in NOTEBOOK_SUFFIXES:
            check_file(fixed_path(path), "--fix", create_parent=False)


def run(args) -> int:
    if args.fix:
        _check_fix_targets(args.files)
    reports, unreadable = [], False
    github = args.format == "github"
    if github:
        args.format = None
    for path in args.files:
        fmt = args.format or ("tex" if Path(path).suffix.lower() in TEX_SUFFIXES else "md")
        try:
            text = _read(path)
        except (OSError, ValueError) as exc:
            reports.append(FileReport(path, error=f"unreadable: {exc}"))
            unreadable = True
            continue
        if Path(path).suffix.lower() in NOTEBOOK_SUFFIXES:
            rep = _notebook(text, path, args.fix)
            reports.append(rep)
            unreadable = unreadable or rep.error is not None
            continue
        rep = check_text(text, fmt, path, prose=getattr(args, "prose", None))
        reports.append(rep)
        if args.fix and any(e.fixes for e in rep.equations):
            target = fixed_path(path)
            write_text(target, apply_fixes(text, rep.equations))
            print(f"wrote {target}", file=sys.stderr)
    if getattr(args, "junit", None):
        _write_junit(args.junit, reports)
    if args.json:
        print(dumps(reports))
    elif github:
        from ..check.ci import github_lines
        for line in github_lines(reports, verbose=not args.quiet):
            print(line)
        print(summary_line(reports))
    else:
        for line in text_lines(reports, verbose=not args.quiet):
            print(line)
        print(summary_line(reports))
    if unreadable:
        return 2
    return 1 if summary(reports)["wrong"] else 0


def _notebook(text: str, path: str, fix: bool) -> FileReport:
    """The report of a notebook's Markdown cells (``--fix`` does not rewrite notebooks)."""
    from ..check.notebook import NotebookError, check_notebook
    try:
        rep = check_notebook(text, path)
    except NotebookError as exc:
        return FileReport(path, error=f"unreadable: {exc}")
    if fix and any(e.fixes for e in rep.equations):
        print(f"note: --fix does not rewrite notebooks; {path} left as it is", file=sys.stderr)
    return rep


def _write_junit(path: str, reports) -> None:
    from ..check.ci import to_junit
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(to_junit(reports), encoding="utf-8")
