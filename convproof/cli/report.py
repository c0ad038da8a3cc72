"""``convproof report``: LaTeX (and PDF) of a built-in report or of any spec, in your notation.

Examples::

    convproof report lecture -o notes/ --pdf --lang ru
    convproof report --input 5 --kernel 3 --stride 2 --padding 1 -o out/
    convproof report --input 4x4 --kernel 3x3 --in-channels 2 -o out/ --fragment --input-letter x --base 0
"""

from __future__ import annotations

import argparse
import sys

from ..errors import fail
from ..files import check_dir, check_file, check_stem
from ..letters import check_letters
from ..latex.compile import LatexMissing
from ..latex.document import LANGS
from ..latex.escape import check_title, escape_text
from ..notation import Notation
from .spec_args import add_spec_arguments, spec_from_args
from . import SUMMARIES

DEFAULT_MAX = 10


def register(sub: argparse._SubParsersAction) -> None:
    from ..reports import BUILTIN

    p = sub.add_parser("report", help=SUMMARIES["report"],
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("name", nargs="?", help=f"built-in report: {', '.join(BUILTIN)} "
                   "(omit and give --input/--kernel for a spec report)")
    p.add_argument("-o", "--output", default=".", help="output directory (default: the current one)")
    p.add_argument("--pdf", action="store_true", help="also compile the PDF (latexmk/pdflatex)")
    p.add_argument("--lang", default="en", choices=LANGS, help="language (default en)")
    p.add_argument("--fragment", action="store_true", help="write a fragment for \\input{} instead of a document")
    p.add_argument("--stem", help="file name without .tex (default: the report name, or 'conv')")
    p.add_argument("--title", help="document title (plain text; LaTeX special characters are escaped)")
    p.add_argument("--no-registry", action="store_true",
                   help="spec reports: leave the general statements of 'convproof verify' out of the box (faster)")
    p.add_argument("--list", action="store_true", help="list the built-in reports and exit")
    n = p.add_argument_group("notation")
    n.add_argument("--input-letter", default="y", help="input symbol (y, x, ...)")
    n.add_argument("--kernel-letter", default="f", help="kernel symbol (f, w, k, ...)")
    n.add_argument("--output-letter", default="z", help="output symbol")
    n.add_argument("--grad-letter", default=r"\delta", help="upstream gradient dL/dz symbol")
    n.add_argument("--no-layer", action="store_true", help="no (l), (l+1) superscripts")
    n.add_argument("--base", type=int, default=1, choices=(0, 1), help="first index (default 1)")
    n.add_argument("--no-bold", action="store_true", help="plain letters instead of \\mathbf for vectors")
    n.add_argument("--mul", default="juxt", choices=("juxt", "cdot"), help="products as 'f y' or 'f \\cdot y'")
    n.add_argument("--max-size", type=int, default=DEFAULT_MAX,
                   help=f"largest matrix side printed in full; larger ones are elided (default {DEFAULT_MAX})")
    add_spec_arguments(p, required=False)
    p.set_defaults(func=run)


def notation_from_args(args: argparse.Namespace) -> Notation:
    check_letters({"--input-letter": args.input_letter, "--kernel-letter": args.kernel_letter,
                   "--output-letter": args.output_letter, "--grad-letter": args.grad_letter,
                   "the bias letter": Notation.bias})
    return Notation(input=args.input_letter, kernel=args.kernel_letter, output=args.output_letter,
                    grad=args.grad_letter, layer=None if args.no_layer else "l", base=args.base, bold=not args.no_bold,
                    mul=args.mul)


def _stem(args: argparse.Namespace) -> str:
    from ..reports import report_stem

    return args.stem or report_stem(args.name or "conv", args.lang)


def _build(args: argparse.Namespace, notation: Notation):
    from ..reports import build_report, spec_report

    if args.name:
        if args.input or args.kernel:
            raise fail("name", args.name, "give either a report name or --input/--kernel, not both")
        report = build_report(args.name, args.lang, notation, max_size=args.max_size)
        return report, _stem(args)
    if not (args.input and args.kernel):
        raise fail("name", None, "give a built-in report name or a spec with --input and --kernel")
    report = spec_report(spec_from_args(args), args.lang, notation, max_size=args.max_size,
                         registry=not args.no_registry)
    return report, _stem(args)


def _list() -> int:
    from ..reports import BUILTIN, available

    for name, (module, _, langs) in BUILTIN.items():
        note = "" if available(name) else "  (content not available)"
        print(f"{name:<13} committed in reports/: {', '.join(langs)} (any: --lang en|ru){note}")
    return 0


def _check_outputs(args: argparse.Namespace) -> None:
    """Options, name, stem, title and output files, checked before any work (or any folder is made)."""
    from ..reports import BUILTIN, available

    if args.pdf and args.fragment:
        raise fail("--fragment", True, "a fragment cannot be compiled on its own; drop --pdf or --fragment")
    if args.max_size < 3:
        raise fail("--max-size", args.max_size, "must be at least 3")
    if args.name is not None and args.name not in BUILTIN:
        available(args.name)  # the error with a close-match hint
    if args.stem is not None:
        check_stem(args.stem, "--stem")
    if args.title is not None:
        check_title(args.title, args.lang, "--title")
    out = check_dir(args.output, "--output")
    stem = _stem(args)
    for suffix in (".tex", ".pdf") if args.pdf else (".tex",):
        check_file(out / f"{stem}{suffix}", "--output" if args.stem is None else "--stem")


def run(args: argparse.Namespace) -> int:
    if args.list:
        return _list()
    notation = notation_from_args(args)
    _check_outputs(args)
    report, stem = _build(args, notation)
    if args.title:
        report.document.title = escape_text(args.title)
    try:
        paths = report.write(args.output, stem, standalone=not args.fragment, pdf=args.pdf)
    except LatexMissing as exc:
        print(f"wrote {args.output}/{stem}.tex", file=sys.stdout)
        print(f"convproof report: {exc}", file=sys.stderr)
        return 1
    for path in paths:
        print(f"wrote {path}")
    return 0
