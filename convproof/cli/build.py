"""``convproof build``: the main job. Verify every statement, then write the built-in reports.

Writes ``<outdir>/verify.md`` (the verification table), every built-in report (``.tex``,
pictures and, when pdflatex is installed, ``.pdf``), and the errata of the seed lecture notes
(``<outdir>/errata/``: seeds 002 and 004 recomputed; with ``--seeds DIR``, default
``../shared/seeds`` when it exists, ``convproof check`` run on every seed document).
Exit code 0 when nothing failed, 1 when a statement failed, 2 on a usage error (checked before any
work: an unusable output folder, ``--jobs`` below 1, a ``--seeds`` folder without seed documents).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..errors import fail
from ..files import check_dir, check_file
from .args import check_jobs, integer
from ..seeds.documents import DEFAULT_DIR as DEFAULT_SEEDS
from . import SUMMARIES


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help=SUMMARIES["build"],
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-o", "--outdir", default="reports", help="output folder (default: reports)")
    p.add_argument("--thorough", action="store_true", help="large verification sweeps (slow)")
    p.add_argument("--jobs", type=integer, default=os.cpu_count() or 1, help="processes for verification")
    p.add_argument("--no-pdf", action="store_true", help="write .tex only, do not compile")
    p.add_argument("--no-reports", action="store_true", help="only verify")
    p.add_argument("--seeds", default=None,
                   help=f"folder of seed documents to check for the errata (default: {DEFAULT_SEEDS}, "
                        "skipped when missing)")
    p.set_defaults(func=run)


def _progress(stream):
    from . import INTERRUPTS

    def report(done: int, total: int, result) -> None:
        INTERRUPTS.check()
        print(f"  [{done}/{total}] {result.status:8s} {result.name}", file=stream, flush=True)
    return report


def _seeds(args: argparse.Namespace) -> Path | None:
    """The seed folder to check, None to skip (default folder missing or empty); a given one must hold seeds."""
    from ..seeds.documents import has_seeds

    if args.seeds is None:
        seeds = Path(DEFAULT_SEEDS)
        return seeds if seeds.is_dir() and has_seeds(seeds) else None
    seeds = Path(args.seeds)
    if not seeds.is_dir():
        raise fail("--seeds", args.seeds, "must be a folder of seed documents (*.txt)")
    if not has_seeds(seeds):
        raise fail("--seeds", args.seeds, "holds no seed documents (*.txt); the errata would be empty")
    return seeds


def _check_outputs(args: argparse.Namespace) -> Path:
    """Every folder and file ``build`` writes, checked before the verification starts."""
    out = check_dir(args.outdir, "--outdir")
    check_file(out / "verify.md", "--outdir")
    if not args.no_reports:
        for sub in ("figures", "errata"):
            check_dir(out / sub, "--outdir")
    return out


def run(args: argparse.Namespace) -> int:
    from ..latex.compile import INSTALL_HINT, have_latex
    from ..reports import build_all
    from ..verify import format_table, run_all, write_markdown

    check_jobs(args.jobs)
    seeds = None if args.no_reports else _seeds(args)
    out = _check_outputs(args)
    print(f"convproof build: verifying statements ({'thorough' if args.thorough else 'quick'} sweep, "
          f"{args.jobs} jobs)", flush=True)
    results = run_all(quick=not args.thorough, jobs=args.jobs, progress=_progress(sys.stdout))
    print(format_table(results))
    path = write_markdown(results, out / "verify.md")
    failed = [r.name for r in results if r.status == "failed"]
    print(f"wrote {path}")
    if not args.no_reports:
        pdf = not args.no_pdf and have_latex()
        if not args.no_pdf and not pdf:
            print(f"note: writing .tex only. {INSTALL_HINT}", file=sys.stderr)
        for written in build_all(out, pdf=pdf):
            print(f"wrote {written}")
        _errata(out / "errata", seeds, args.seeds)
    if failed:
        print(f"FAILED: {', '.join(failed)}", file=sys.stderr)
        return 1
    print(f"all {len(results)} statements proven or skipped with a stated reason")
    return 0


def _errata(out: Path, seeds: Path | None, given: str | None) -> None:
    from . import seed_errata
    from ..seeds import seed002, seed004

    seed002.main([str(out / "seed002.md")])
    seed004.main([str(out / "seed004.md")])
    if seeds is not None:
        seed_errata.main([str(seeds), str(out)])
    else:
        print(f"note: no seed documents at {given or DEFAULT_SEEDS}; errata/seeds.md not rebuilt "
              "(pass --seeds DIR)")
