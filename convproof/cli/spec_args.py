"""Shared argparse options that describe a :class:`~convproof.ConvSpec`.

``--input 5 --kernel 3 --stride 2 --padding 1`` (1D), ``--input 4x4 --kernel 3x3`` (2D),
``--padding same``, ``--padding 0:1`` (per side lo:hi), ``--padding 1,0:1`` (per dimension).
"""

from __future__ import annotations

import argparse

from ..errors import fail
from ..geometry import ConvSpec
from .args import integer, parse_int

PADDING_RULE = "expected an int, lo:hi, a comma list of those, or valid/same/full (or SAME_UPPER/SAME_LOWER)"


def _ints(name: str, text: str) -> int | tuple[int, ...]:
    parts = text.lower().replace("×", "x").split("x")
    rule = "expected an integer or sizes joined by 'x' such as 4x4"
    values = tuple(parse_int(name, p, rule, text) for p in parts)
    return values[0] if len(values) == 1 else values


def _padding(text: str):
    if text.lower() in ("valid", "same", "full", "same_upper", "same_lower"):  # ONNX spellings too
        return text.lower()
    entries = []
    for part in text.split(","):
        sides = part.split(":")
        if len(sides) > 2:
            raise fail("--padding", text, PADDING_RULE)
        values = tuple(parse_int("--padding", side, PADDING_RULE, text) for side in sides)
        entries.append(values if len(values) == 2 else values[0])
    return entries[0] if len(entries) == 1 and not isinstance(entries[0], tuple) else entries


def add_spec_arguments(parser: argparse.ArgumentParser, required: bool = True) -> None:
    g = parser.add_argument_group("convolution spec")
    g.add_argument("--input", "-i", required=required, help="input size: 5, 4x4, 8x8x8")
    g.add_argument("--kernel", "-k", required=required, help="kernel size: 3, 3x3")
    g.add_argument("--stride", "-s", default="1", help="stride (default 1)")
    g.add_argument("--padding", "-p", default="0",
                   help="int, lo:hi per side, comma list per dimension, or valid/same/full, "
                   "SAME_UPPER/SAME_LOWER (default 0)")
    g.add_argument("--dilation", "-d", default="1", help="dilation, 1 = none (default 1)")
    g.add_argument("--in-channels", type=integer, default=1)
    g.add_argument("--out-channels", type=integer, default=1)
    g.add_argument("--groups", type=integer, default=1)
    g.add_argument("--padding-mode", default="zeros",
                   help="zeros, constant, reflect, replicate, circular (default zeros)")
    g.add_argument("--output-padding", default="0", help="output padding of the transposed conv")
    g.add_argument("--same-convention", default="torch",
                   help="torch, tensorflow, onnx-same-lower, scipy (default torch)")


def spec_from_args(args: argparse.Namespace) -> ConvSpec:
    """Build the spec; a 1D size with a 2D kernel (or the reverse) is broadcast like PyTorch."""
    inp, ker = _ints("--input", args.input), _ints("--kernel", args.kernel)
    return ConvSpec(input_size=inp, kernel_size=ker, stride=_ints("--stride", args.stride),
                    padding=_padding(args.padding), dilation=_ints("--dilation", args.dilation),
                    in_channels=args.in_channels, out_channels=args.out_channels, groups=args.groups,
                    padding_mode=args.padding_mode,
                    output_padding=_ints("--output-padding", args.output_padding),
                    same_convention=args.same_convention)
