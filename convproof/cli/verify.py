"""``convproof verify``: prove and cross-check the registered statements.

Exit status: 0 when nothing failed (skipped is not a failure), 1 when a statement failed,
2 on usage errors (an unknown statement name gets a close-match hint).
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import TextIO

from ..files import check_file, write_text
from .args import check_jobs, integer
from . import SUMMARIES

__all__ = ["register", "run"]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("verify", help=SUMMARIES["verify"],
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("names", nargs="*", metavar="NAME",
                   help="statement names or globs (e.g. 'transposed.*'); default: all")
    size = p.add_mutually_exclusive_group()
    size.add_argument("--quick", dest="mode", action="store_const", const="quick",
                      help="small sweep (default; for CI)")
    size.add_argument("--thorough", dest="mode", action="store_const", const="thorough",
                      help="large sweep")
    p.set_defaults(mode="quick")
    p.add_argument("--json", action="store_true", help="one JSON record per statement on stdout")
    p.add_argument("--junit", metavar="FILE", help="also write JUnit XML to FILE")
    p.add_argument("--markdown", metavar="FILE", help="also write a Markdown summary to FILE")
    p.add_argument("--jobs", "-j", type=integer, default=1, metavar="N",
                   help="worker processes (statements are independent; default 1)")
    p.add_argument("--list", action="store_true", help="list the selected statements and exit")
    p.set_defaults(func=run)


class _Progress:
    """A bar on a terminal, plain lines otherwise (on ``stream``, stderr by default)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.start = time.perf_counter()

    def __call__(self, done: int, total: int, result) -> None:
        from . import INTERRUPTS

        INTERRUPTS.check()
        if self.tty:
            width = 30
            fill = width * done // total
            self.stream.write(f"\r[{'#' * fill}{'.' * (width - fill)}] {done}/{total} {result.name[:40]:<40}")
            if done == total:
                self.stream.write("\r" + " " * (width + 55) + "\r")
        else:
            self.stream.write(f"[{done}/{total}] {result.name}: {result.status} ({result.seconds:.2f}s)\n")
        self.stream.flush()


def _list(statements) -> int:
    for s in statements:
        print(f"{s.name}\n    {s.latex}\n    {s.description}\n    oracles: {', '.join(s.oracles) or '-'}")
    return 0


def _print_human(results) -> None:
    from ..verify import format_table

    print(format_table(results))
    for r in results:
        if r.status == "failed":
            print(f"\nFAILED {r.name}: {r.reason}")
            if r.counterexample:
                print("  " + r.counterexample.text().replace("\n", "\n  "))
        elif r.status == "skipped":
            print(f"skipped {r.name}: {r.reason}")
    notes = [(r.name, n) for r in results for n in r.notes]
    if notes:
        print("\nnotes (cases an oracle declined; the other oracles still checked them):")
        for name, note in notes:
            print(f"  {name}: {note}")
    counts = {s: sum(r.status == s for r in results) for s in ("proven", "failed", "skipped")}
    print(f"\n{counts['proven']} proven, {counts['failed']} failed, {counts['skipped']} skipped "
          f"in {sum(r.seconds for r in results):.1f}s")


def run(args: argparse.Namespace) -> int:
    from .. import verify

    check_jobs(args.jobs)
    for option in ("junit", "markdown"):  # unusable targets end the run before any work
        if getattr(args, option) is not None:
            check_file(getattr(args, option), f"--{option}")
    statements = verify.select(args.names)
    if args.list:
        return _list(statements)
    progress = _Progress(sys.stderr)
    results = verify.run(statements, mode=args.mode, jobs=args.jobs, progress=progress)
    if args.json:
        print(verify.to_json_records(results))
    else:
        _print_human(results)
    if args.junit is not None:
        write_text(args.junit, verify.to_junit(results))
    if args.markdown is not None:
        verify.write_markdown(results, args.markdown)
    return 1 if any(r.status == "failed" for r in results) else 0
