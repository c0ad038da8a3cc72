"""Transposed convolution: three routes, the adjoint identity, and the overlap (checkerboard) count."""

from __future__ import annotations

import numpy as np
import sympy as sp

from ... import numeric
from ...geometry import ConvSpec
from ...numeric import reference
from .. import oracles
from ..compare import compare
from ..registry import register
from ..statement import Comparison, NotApplicable, Statement
from ._common import EXAMPLES, SYMBOLIC_LIMIT, as_int, numeric_call, proof_check, small_specs, symbolic_with

SYMBOLIC = ("convproof.symbolic",)
NO_SAME = ("zero", "symmetric", "asymmetric", "valid", "full")


def transposed_specs(mode: str, **over) -> object:
    return small_specs(mode, padding=NO_SAME, output_padding=True, **over)


def _valid(spec: ConvSpec) -> ConvSpec:
    try:
        spec.transposed_output_size
    except ValueError:  # the crop removes everything: not a transposed convolution
        raise NotApplicable from None
    return spec


def prove_transposed(spec: ConvSpec) -> list[Comparison]:
    from ... import symbolic as S

    _valid(spec)
    checks = [proof_check(S.prove_transposed(spec, "structural"))]
    if spec.products <= SYMBOLIC_LIMIT:
        checks.append(proof_check(S.prove_transposed(spec, "symbolic")))
    return checks


def crosscheck_transposed(spec: ConvSpec, inputs) -> list[Comparison]:
    from ... import symbolic as S

    _valid(spec)
    a = {"input": inputs.ints("z", spec.output_shape(2)), "weight": inputs.ints("f", spec.weight_shape),
         "bias": inputs.ints("b", (spec.in_channels,))}
    ref = numeric_call(reference.conv_transpose, spec, "conv_transpose", a)
    sym = symbolic_with(lambda s, z: S.conv_transpose(s, z=z, weight=a["weight"], bias=a["bias"],
                                                      method="zero_insertion"), spec, {"z": a["input"]})
    checks = [compare("reference vs fast", ref, numeric_call(numeric.conv_transpose, spec, "conv_transpose", a),
                      symbol="y"),
              compare("reference vs symbolic zero insertion (integers substituted)", ref, as_int(sym), symbol="y")]
    if spec.output_padding == spec.restoring_output_padding and spec.padding_mode == "zeros":
        M = numeric.conv_matrix(spec.input_size, a["weight"], stride=spec.stride, padding=spec.padding,
                                dilation=spec.dilation, groups=spec.groups)
        by_matrix = np.stack([M.T @ zi.ravel() for zi in a["input"]]).reshape(ref.shape) \
            + a["bias"].reshape((1, -1) + (1,) * spec.ndim)
        checks.append(compare("reference vs numeric conv_matrix^T z", ref, by_matrix, symbol="y"))
    why = oracles.torch_refusal(spec, "conv_transpose")
    if why:
        return checks + [Comparison.refusal("torch conv_transpose", why)]
    return checks + [compare("reference vs torch conv_transpose", ref,
                             oracles.torch_conv_transpose(spec, a["input"], a["weight"], a["bias"]), symbol="y")]


register(Statement(
    name="transposed.three_routes",
    latex=r"T^{\top} z \;=\; \tilde f \star \mathrm{pad}_{d(k-1)-p}\big(\mathrm{insert}_{s-1}(z)\big)"
          r" \;=\; \mathrm{col2im}(W^{\top} Z)",
    description="The transposed convolution reached three ways (transposed matrix, zero insertion + padding "
                "+ correlation with the flipped kernel, col2im scatter-add), with output_padding, is one map; "
                "reference loops, fast path, symbolic result with integers substituted, numeric conv_matrix "
                "transposed and PyTorch agree exactly.",
    space=transposed_specs, prove=prove_transposed, crosscheck=crosscheck_transposed, examples=EXAMPLES,
    requires=SYMBOLIC, oracles=("symbolic matrix/zero insertion/col2im", "index map", "reference", "fast",
                                "numeric conv_matrix^T", "torch"),
    source="seed 000 eqs. 16-19, 25; seed 001 (transposed = zero insertion)"))


def _restoring(spec: ConvSpec) -> ConvSpec:
    return spec.replace(output_padding=spec.restoring_output_padding)


def prove_adjoint(spec: ConvSpec) -> Comparison | list:
    from ... import symbolic as S

    spec = _restoring(spec)
    if spec.products > SYMBOLIC_LIMIT:
        return []  # too large for a per-case expansion; the numeric oracles still check it
    y, z = S.input_symbols(spec), S.output_symbols(spec)
    lhs = sp.Add(*(S.conv(spec, y=y, bias=None) * z).ravel())
    rhs = sp.Add(*(y * S.conv_transpose(spec, z=z, method="zero_insertion")).ravel())
    diff = sp.expand(lhs - rhs)
    return Comparison("symbolic <T y, z> - <y, T^T z> expands to 0", diff == 0, detail="" if diff == 0 else str(diff))


def crosscheck_adjoint(spec: ConvSpec, inputs) -> list[Comparison]:
    spec = _restoring(spec)
    y, z = inputs.ints("y", spec.input_shape(2)), inputs.ints("z", spec.output_shape(2))
    w = inputs.ints("f", spec.weight_shape)
    conv = {"reference": reference.conv, "fast": numeric.conv}
    tr = {"reference": reference.conv_transpose, "fast": numeric.conv_transpose}
    checks = []
    for a, b in (("reference", "fast"), ("fast", "reference")):
        lhs = np.sum(numeric_call(conv[a], spec, "conv", {"input": y, "weight": w}) * z)
        rhs = np.sum(y * numeric_call(tr[b], spec, "conv_transpose", {"input": z, "weight": w}))
        checks.append(Comparison.exact_equal(f"<conv_{a}(y), z> vs <y, conv_transpose_{b}(z)>", int(lhs), int(rhs)))
    why = oracles.torch_refusal(spec, "conv_transpose")
    if why:
        return checks + [Comparison.refusal("torch conv_transpose", why)]
    rhs = np.sum(y * oracles.torch_conv_transpose(spec, z, w))
    lhs = np.sum(numeric_call(reference.conv, spec, "conv", {"input": y, "weight": w}) * z)
    return checks + [Comparison.exact_equal("<conv_reference(y), z> vs <y, torch conv_transpose(z)>", int(lhs), int(rhs))]


register(Statement(
    name="transposed.adjoint",
    latex=r"\langle T y, z \rangle = \langle y, T^{\top} z \rangle",
    description="The transposed convolution (with the output_padding that restores the input size) is the "
                "adjoint of the convolution with zero padding: exactly, as polynomials in the symbols, and "
                "on integers across independent implementations.",
    space=lambda mode: small_specs(mode, padding=NO_SAME), prove=prove_adjoint, crosscheck=crosscheck_adjoint,
    examples=EXAMPLES, requires=SYMBOLIC, oracles=("symbolic expansion", "reference", "fast", "torch"),
    source="seed 000 section 6 (transposed convolution as T^T)"))


def prove_overlap(spec: ConvSpec) -> Comparison:
    from ... import symbolic as S

    spec = _valid(spec.replace(in_channels=1, out_channels=1, groups=1))
    counts = np.asarray(S.overlap_count(spec), dtype=np.int64)
    ones = reference.conv_transpose(np.ones(spec.output_shape(1), dtype=np.int64),
                                    np.ones(spec.weight_shape, dtype=np.int64), stride=spec.stride,
                                    padding=spec.padding, output_padding=spec.output_padding,
                                    dilation=spec.dilation)[0, 0]
    return compare("symbolic overlap_count vs reference conv_transpose(ones, ones)", counts, ones, symbol="y")


register(Statement(
    name="transposed.overlap_count",
    latex=r"c_j = \#\{(i, u) : is + ud - p_{lo} = j\} = \big(T^{\top}\mathbf{1}\big)_j\ \text{for}\ f \equiv 1",
    description="The number of kernel placements reaching each transposed-output position (uneven counts are "
                "the checkerboard effect) equals the transposed convolution of ones with an all-ones kernel.",
    space=transposed_specs, prove=prove_overlap, examples=EXAMPLES, requires=SYMBOLIC,
    oracles=("symbolic overlap_count", "reference conv_transpose"), source="seed 000 after eq. 18"))
