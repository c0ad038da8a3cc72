"""``convproof symbolic``: the exact matrices, outputs and gradients of a spec, and the route proofs.

Examples::

    convproof symbolic --input 5 --kernel 3 --padding same --show toeplitz --padded
    convproof symbolic --input 3x3 --kernel 3x3 --padding 1 --stride 2 --show transposed --latex
    convproof symbolic --input 128x128 --kernel 3x3 --padding same --prove structural
"""

from __future__ import annotations

import math
import argparse

import numpy as np
import sympy as sp

from ..errors import fail
from ..letters import check_layer, check_letters
from .spec_args import add_spec_arguments, spec_from_args
from . import SUMMARIES

SHOW = ("toeplitz", "transposed", "im2col", "forward", "transposed-conv", "gradients", "overlap")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("symbolic", help=SUMMARIES["symbolic"],
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_spec_arguments(p)
    p.add_argument("--show", choices=SHOW, action="append", help="what to print (repeatable)")
    p.add_argument("--prove", nargs="?", const="symbolic", choices=("symbolic", "structural"),
                   help="compare every route (default symbolic; structural scales to 1024x1024)")
    p.add_argument("--padded", action="store_true", help="Toeplitz matrix acting on the padded input")
    p.add_argument("--order", default="C", choices=("C", "F"), help="row-major (C) or column-major (F) vec")
    p.add_argument("--latex", action="store_true", help="print LaTeX instead of text")
    p.add_argument("--base", type=int, default=1, choices=(0, 1), help="index base of symbol names")
    p.add_argument("--layer", default=None, help="layer label: y_{1}^{(l)} and z_{1}^{(l+1)}")
    p.add_argument("--letters", default="y,f,z,g", help="input,kernel,output,gradient letters (default y,f,z,g)")
    p.add_argument("--max-entries", type=int, default=2500, help="refuse to print more entries (default 2500)")
    p.set_defaults(func=run)


def _notation(args: argparse.Namespace):
    from ..symbolic import Notation
    letters = [s.strip() for s in args.letters.split(",")]
    if len(letters) != 4:
        raise fail("--letters", args.letters, "give four comma-separated letters: input,kernel,output,gradient")
    roles = ("input", "kernel", "output", "gradient")
    check_letters({**{f"--letters {role}": letter for role, letter in zip(roles, letters)},
                   "the bias letter": Notation.bias})
    check_layer(args.layer, "--layer")
    return Notation(input=letters[0], kernel=letters[1], output=letters[2], grad=letters[3], base=args.base,
                    layer=args.layer)


def _fmt(obj, latex: bool) -> str:
    return sp.latex(obj) if latex else sp.pretty(obj, wrap_line=False, use_unicode=False)


def _entries(label: str, arr: np.ndarray, names: np.ndarray, latex: bool) -> list[str]:
    out = [f"% {label}" if latex else f"{label}:"]
    for name, value in zip(names.ravel(), arr.ravel()):
        out.append(f"{sp.latex(name)} = {sp.latex(value)}" if latex else f"  {name} = {value}")
    return out


def _matrix(kind: str, spec, args, notation) -> sp.Matrix:
    from .. import symbolic as S
    n = {"toeplitz": (spec.out_channels * math.prod(spec.output_size),
                      spec.in_channels * math.prod(spec.padded_size if args.padded else spec.input_size)),
         "transposed": (spec.in_channels * math.prod(spec.transposed_output_size),
                        spec.out_channels * math.prod(spec.output_size)),
         "im2col": (spec.in_channels * math.prod(spec.kernel_size), math.prod(spec.output_size))}[kind]
    if n[0] * n[1] > args.max_entries:
        raise fail("--max-entries", args.max_entries, f"the {kind} matrix has {n[0]}x{n[1]} entries; "
                   "raise --max-entries or use --prove structural")
    if kind == "toeplitz":
        return S.toeplitz(spec, padded=args.padded, order=args.order, notation=notation)
    if kind == "transposed":
        return S.transposed_matrix(spec, notation=notation)
    return S.im2col(spec, notation=notation)


def _show(kind: str, spec, args, notation) -> list[str]:
    from .. import symbolic as S
    if kind in ("toeplitz", "transposed", "im2col"):
        return [f"% {kind}" if args.latex else f"{kind}:", _fmt(_matrix(kind, spec, args, notation), args.latex)]
    if kind == "overlap":
        return ["overlap count of the transposed convolution:", str(S.overlap_count(spec))]
    size = {"forward": spec.out_channels * math.prod(spec.output_size),
            "transposed-conv": spec.in_channels * math.prod(spec.transposed_output_size)}.get(
        kind, spec.in_channels * math.prod(spec.input_size))
    if size > args.max_entries:
        raise fail("--max-entries", args.max_entries, f"{kind} has {size} entries; raise --max-entries")
    if kind == "forward":
        return _entries("forward", S.conv(spec, notation=notation), S.output_symbols(spec, notation), args.latex)
    if kind == "transposed-conv":
        out = S.conv_transpose(spec, notation=notation)
        labels = np.empty(out.shape, dtype=object)
        for idx in np.ndindex(*out.shape):
            labels[idx] = sp.Symbol("x[%s]" % ",".join(map(str, idx)))
        return _entries("transposed convolution (channel, position; 0-based)", out, labels, args.latex)
    grads = S.gradients(spec, notation=notation)
    lines = []
    for part, names in (("dL/dy", S.input_symbols(spec, notation)), ("dL/df", S.kernel_symbols(spec, notation)),
                        ("dL/db", S.bias_symbols(spec, notation))):
        d = np.array([sp.Symbol(r"\frac{\partial L}{\partial %s}" % sp.latex(v)) if args.latex else
                      sp.Symbol(f"dL/d{v}") for v in names.ravel()], dtype=object)
        lines += _entries(part, getattr(grads, {"dL/dy": "input", "dL/df": "weight", "dL/db": "bias"}[part]),
                          d, args.latex)
    return lines


def run(args: argparse.Namespace) -> int:
    from .. import symbolic as S
    spec = spec_from_args(args)
    notation = _notation(args)
    if not args.show and not args.prove:
        args.show = ["toeplitz"]
    print(spec.describe())
    for kind in args.show or []:
        print("\n".join(_show(kind, spec, args, notation)))
    if args.prove:
        results = S.prove_all(spec, args.prove)
        for r in results:
            print(f"{r.summary()}  [{r.seconds:.2f} s; {r.details}]")
        return 0 if all(r.holds for r in results) else 1
    return 0
