"""``convproof shape``: output sizes, padding, transposed preimages and parameter count of a spec.

Preimages are ranges (every input size from the first to the last maps to the output size), so a huge
stride costs nothing; in ``--json`` each dimension is ``{"count", "input_size": [first, last],
"output_padding": [first, last]}`` (inclusive; ``null`` when there is none).
"""

from __future__ import annotations

import argparse
import json

from ..geometry import conv_params, transposed_preimage_range
from .spec_args import add_spec_arguments, spec_from_args
from . import SUMMARIES


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("shape", help=SUMMARIES["shape"],
                       description=__doc__)
    add_spec_arguments(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)


def _preimages(sizes: range, base: int) -> dict:
    """A preimage range as JSON: inclusive ``[first, last]`` input sizes and their output paddings."""
    if not sizes:
        return {"count": 0, "input_size": None, "output_padding": None}
    return {"count": len(sizes), "input_size": [sizes[0], sizes[-1]],
            "output_padding": [sizes[0] - base, sizes[-1] - base]}


def _range_text(dim: dict) -> str:
    if dim["count"] == 0:
        return "none"
    (n0, n1), (a0, a1) = dim["input_size"], dim["output_padding"]
    if dim["count"] == 1:
        return f"{n0} (output_padding={a0})"
    return f"{n0}..{n1} ({dim['count']} sizes; output_padding = size - {n0 - a0}: {a0}..{a1})"


def shape_record(spec) -> dict:
    pre = [_preimages(transposed_preimage_range(o, k, s, lo, hi, d), (o - 1) * s - lo - hi + d * (k - 1) + 1)
           for o, k, s, (lo, hi), d in
           zip(spec.output_size, spec.kernel_size, spec.stride, spec.padding, spec.dilation)]
    return {
        "spec": spec.describe(),
        "input_size": list(spec.input_size),
        "padding": [list(p) for p in spec.padding],
        "output_size": list(spec.output_size),
        "transposed_output_size": list(spec.transposed_output_size),
        "restoring_output_padding": list(spec.restoring_output_padding),
        "preimages": pre,
        "weight_shape": list(spec.weight_shape),
        "parameters": conv_params(spec.in_channels, spec.out_channels, spec.kernel_size, spec.groups),
        "parameters_without_bias": conv_params(spec.in_channels, spec.out_channels, spec.kernel_size,
                                               spec.groups, bias=False),
    }


def run(args: argparse.Namespace) -> int:
    rec = shape_record(spec_from_args(args))
    if args.json:
        print(json.dumps(rec, indent=2))
        return 0
    print(rec["spec"])
    print(f"  padding (lo, hi) per dim : {rec['padding']}")
    print(f"  output size              : {rec['output_size']}")
    print(f"  weight shape             : {rec['weight_shape']}")
    print(f"  parameters               : {rec['parameters']} ({rec['parameters_without_bias']} without bias)")
    print(f"  transposed output size   : {rec['transposed_output_size']} "
          f"(output_padding restoring the input: {rec['restoring_output_padding']})")
    for ax, dim in enumerate(rec["preimages"]):
        print(f"  dim {ax}: inputs mapping to output {rec['output_size'][ax]}: {_range_text(dim)}")
    return 0
