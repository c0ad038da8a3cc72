"""``convproof shape``: output sizes, padding, transposed preimages and parameter count of a spec."""

from __future__ import annotations

import argparse
import json

from ..geometry import conv_params, transposed_preimages
from .spec_args import add_spec_arguments, spec_from_args


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("shape", help="output sizes, resolved padding, transposed preimages, parameters",
                       description=__doc__)
    add_spec_arguments(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)


def shape_record(spec) -> dict:
    pre = [transposed_preimages(o, k, s, lo, hi, d) for o, k, s, (lo, hi), d in
           zip(spec.output_size, spec.kernel_size, spec.stride, spec.padding, spec.dilation)]
    return {
        "spec": spec.describe(),
        "input_size": list(spec.input_size),
        "padding": [list(p) for p in spec.padding],
        "output_size": list(spec.output_size),
        "transposed_output_size": list(spec.transposed_output_size),
        "restoring_output_padding": list(spec.restoring_output_padding),
        "preimages": [[{"input_size": n, "output_padding": a} for n, a in dim] for dim in pre],
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
        opts = ", ".join(f"{p['input_size']} (output_padding={p['output_padding']})" for p in dim)
        print(f"  dim {ax}: inputs mapping to output {rec['output_size'][ax]}: {opts}")
    return 0
