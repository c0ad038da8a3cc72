"""Forward convolution: direct sum = T y = im2col product; numeric oracles agree with it exactly."""

from __future__ import annotations

import math

import numpy as np

from ... import numeric
from ...geometry import ConvSpec
from ...numeric import reference
from .. import oracles
from ..compare import compare
from ..registry import register
from ..statement import Comparison, Statement
from ._common import (ALL_MODES, EXAMPLES, SYMBOLIC_LIMIT, as_int, draw_conv, numeric_call,
                      proof_check, small_specs, symbolic_with)

SYMBOLIC = ("convproof.symbolic",)


def prove_forward(spec: ConvSpec) -> list[Comparison]:
    from ... import symbolic as S

    checks = [proof_check(S.prove_forward(spec, "structural"))]
    if spec.products <= SYMBOLIC_LIMIT:
        checks.append(proof_check(S.prove_forward(spec, "symbolic")))
    return checks


def _abs_spec(spec: ConvSpec) -> ConvSpec:
    return spec.replace(padding_value=abs(spec.padding_value))


def float_check(spec: ConvSpec, inputs) -> Comparison:
    """fast vs reference in float64, tolerance from the number of products and their magnitudes."""
    a = {"input": inputs.floats("y (float)", spec.input_shape(1)), "weight": inputs.floats("f (float)", spec.weight_shape),
         "bias": inputs.floats("b (float)", (spec.out_channels,))}
    mag = numeric_call(reference.conv, _abs_spec(spec), "conv", {k: np.abs(v) for k, v in a.items()})
    return compare("reference vs fast (float64)", numeric_call(reference.conv, spec, "conv", a),
                   numeric_call(numeric.conv, spec, "conv", a), n_terms=spec.in_per_group *
                   math.prod(spec.kernel_size) + 2, magnitude=mag + abs(spec.padding_value))


def crosscheck_forward(spec: ConvSpec, inputs) -> list[Comparison]:
    from ... import symbolic as S

    a = draw_conv(spec, inputs, batch=2)
    ref = numeric_call(reference.conv, spec, "conv", a)
    sym = symbolic_with(lambda s, y: S.conv(s, y=y, weight=a["weight"], bias=a["bias"], method="toeplitz"),
                        spec, {"y": a["input"]})
    checks = [compare("reference vs fast", ref, numeric_call(numeric.conv, spec, "conv", a)),
              compare("reference vs symbolic T y (integers substituted)", ref, as_int(sym)),
              float_check(spec, inputs)]
    why = oracles.torch_refusal(spec, "conv")
    if why:
        return checks + [Comparison.refusal("torch conv", why)]
    return checks + [compare("reference vs torch conv", ref, oracles.torch_conv(spec, a["input"], a["weight"],
                                                                                a["bias"]))]


register(Statement(
    name="forward.three_routes",
    latex=r"z^{k}_{i} = b^k + \sum_{m}\sum_{u} y^{m}_{is+ud-p}\,F^{mk}_{u} \;=\; (T\,\mathrm{vec}\,y)_{ki} + b^k"
          r" \;=\; (W\,\mathrm{im2col}(y))_{ki} + b^k",
    description="The forward convolution reached three ways (direct sum, Toeplitz matrix, im2col product) "
                "is one map, for every padding form and mode, stride, dilation, channels and groups; the "
                "reference loops, the fast path, the symbolic result with integers substituted and "
                "PyTorch agree exactly.",
    space=lambda mode: small_specs(mode, padding_modes=ALL_MODES),
    prove=prove_forward, crosscheck=crosscheck_forward, examples=EXAMPLES, requires=SYMBOLIC,
    oracles=("symbolic direct/T y/im2col", "index map", "reference", "fast", "torch"),
    source="seed 000 eq. 2, eqs. 4-15; seed 001 multichannel and grouped formulas"))


def crosscheck_matrix(spec: ConvSpec, inputs) -> list[Comparison]:
    from ... import symbolic as S

    w = inputs.ints("f", spec.weight_shape)
    T = S.toeplitz(spec, weight=w)
    sym = np.array([[int(T[i, j]) for j in range(T.cols)] for i in range(T.rows)], dtype=np.int64)
    args = dict(stride=spec.stride, padding=spec.padding, dilation=spec.dilation, groups=spec.groups,
                padding_mode=spec.padding_mode)
    fast = np.asarray(numeric.conv_matrix(spec.input_size, w, **args))
    n = spec.in_channels * math.prod(spec.input_size)
    cols = []
    for j in range(n):  # column j = conv of the j-th unit input (reference loops)
        e = np.zeros(n, dtype=np.int64)
        e[j] = 1
        cols.append(reference.conv(e.reshape(spec.input_shape(1)), w, **args).ravel())
    by_units = np.stack(cols, axis=1)
    return [compare("symbolic T (kernel substituted) vs numeric conv_matrix", sym, fast, symbol="T"),
            compare("numeric conv_matrix vs convolutions of unit inputs", fast, by_units, symbol="T")]


register(Statement(
    name="forward.toeplitz_matrix",
    latex=r"T_{(k,i),(m,j)} = F^{mk}_{u}\ \text{where}\ j = is + ud - p_{lo},\qquad T e_j = z(e_j)",
    description="The convolution matrix built symbolically (entries kernel symbols, integers substituted), "
                "the numeric dense convolution matrix, and the matrix whose columns are the convolutions "
                "of unit inputs are equal (linear padding modes, any stride, dilation, groups).",
    space=lambda mode: small_specs(mode, padding_modes=("zeros", "reflect", "replicate", "circular")),
    crosscheck=crosscheck_matrix, examples=EXAMPLES, requires=SYMBOLIC,
    oracles=("symbolic toeplitz", "numeric conv_matrix", "reference conv of unit vectors"),
    source="seed 000 eqs. 10-15, section 5.3; seed 003 4x16 matrix"))
