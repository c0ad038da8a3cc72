"""Parameter counts: the formulas vs counting the weights of actual arrays, symbols and torch modules."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ... import numeric
from ...geometry import (ConvSpec, conv_params, depthwise_params, depthwise_separable_params,
                         fully_connected_params, locally_connected_params, pointwise_params,
                         spatially_separable_params)
from .. import oracles
from ..registry import register
from ..statement import Comparison, Statement

EXAMPLES = {"quick": 25, "thorough": 300}


@st.composite
def layer_cases(draw, mode: str = "quick") -> tuple:
    """``(C_in, C_out, kernel, groups, bias)`` with groups dividing both channel counts."""
    g = draw(st.sampled_from((1, 2, 3)))
    cin, cout = g * draw(st.integers(1, 4)), g * draw(st.integers(1, 4))
    k = tuple(draw(st.integers(1, 5)) for _ in range(draw(st.sampled_from((1, 2, 3)))))
    return cin, cout, k, g, draw(st.booleans())


def _torch_count(modules) -> int:
    return sum(p.numel() for m in modules for p in m.parameters())


def _conv_module(cin: int, cout: int, k: tuple, g: int = 1, bias: bool = True):
    torch = oracles.torch()
    return getattr(torch.nn, f"Conv{len(k)}d")(cin, cout, k, groups=g, bias=bias)


def prove_conv(case: tuple) -> list[Comparison]:
    from ... import symbolic as S

    cin, cout, k, g, bias = case
    spec = ConvSpec(input_size=k, kernel_size=k, in_channels=cin, out_channels=cout, groups=g)
    formula = conv_params(cin, cout, k, g, bias=bias)
    array = int(np.zeros(spec.weight_shape).size) + (cout if bias else 0)
    symbols = len(set(S.kernel_symbols(spec).ravel())) + (len(set(S.bias_symbols(spec).ravel())) if bias else 0)
    return [Comparison.exact_equal("formula vs size of the weight (+ bias) array", formula, array),
            Comparison.exact_equal("formula vs distinct kernel (+ bias) symbols", formula, symbols)]


def crosscheck_conv(case: tuple, inputs) -> Comparison:
    cin, cout, k, g, bias = case
    if oracles.torch() is None:
        return Comparison.refusal("torch module parameters", "torch is not installed")
    return Comparison.exact_equal("formula vs torch Conv module parameters", conv_params(cin, cout, k, g, bias=bias),
                             _torch_count([_conv_module(cin, cout, k, g, bias)]))


register(Statement(
    name="params.conv",
    latex=r"N_{conv} = K \cdot \tfrac{M}{g} \cdot \prod k + K",
    description="A (grouped) convolution C_in=M -> C_out=K with kernel k has K*(M/g)*prod(k) weights plus K "
                "biases: the size of its weight array, the number of its distinct kernel symbols, and torch's "
                "parameter count.",
    space=lambda mode: layer_cases(mode), prove=prove_conv, crosscheck=crosscheck_conv, examples=EXAMPLES,
    requires=("convproof.symbolic",), oracles=("formula", "weight array", "symbols", "torch module"),
    show=lambda c: "C_in={}, C_out={}, k={}, groups={}, bias={}".format(*c), source="seed 001 N_conv = (Mpq+1)K"))


def crosscheck_factorized(case: tuple, inputs) -> list[Comparison]:
    cin, cout, k, _, bias = case
    if oracles.torch() is None:
        return [Comparison.refusal("torch module parameters", "torch is not installed")]
    ones = (1,) * len(k)
    dw, pw = _conv_module(cin, cin, k, cin, bias), _conv_module(cin, cout, ones, 1, bias)
    checks = [Comparison.exact_equal("depthwise formula vs torch Conv(groups=C)", depthwise_params(cin, k, bias=bias),
                                _torch_count([dw])),
              Comparison.exact_equal("pointwise formula vs torch 1x1 Conv", pointwise_params(cin, cout, bias=bias),
                                _torch_count([pw]))]
    if len(k) == 2:
        checks.append(Comparison.exact_equal("depthwise-separable formula vs torch depthwise + 1x1",
                                        depthwise_separable_params(cin, cout, k, bias=bias), _torch_count([dw, pw])))
        rows, cols = _conv_module(cin, cout, (k[0], 1), 1, bias), _conv_module(cout, cout, (1, k[1]), 1, bias)
        checks.append(Comparison.exact_equal("spatially separable formula vs torch (kh x 1) + (1 x kw)",
                                        spatially_separable_params(cin, cout, k, bias=bias), _torch_count([rows, cols])))
    return checks


register(Statement(
    name="params.separable",
    latex=r"N_{dw} = M\prod k\ (+M),\quad N_{dws} = M \prod k + MK\ (+M+K),\quad "
          r"N_{sep} = MKk_h + KKk_w\ (+2K)",
    description="Depthwise, pointwise, depthwise-separable and spatially separable parameter counts equal the "
                "parameters of the corresponding stacks of torch modules.",
    space=lambda mode: layer_cases(mode), crosscheck=crosscheck_factorized, examples=EXAMPLES,
    oracles=("formula", "torch modules"), requires=("torch",),
    show=lambda c: "C_in={}, C_out={}, k={}, bias={}".format(*c[:3], c[4]),
    source="seed 001 depthwise / depthwise-separable; seed 003"))


@st.composite
def local_cases(draw, mode: str = "quick") -> tuple:
    ndim = draw(st.sampled_from((1, 2)))
    k = tuple(draw(st.integers(1, 3)) for _ in range(ndim))
    i = tuple(kk + draw(st.integers(0, 3)) for kk in k)
    return draw(st.integers(1, 3)), draw(st.integers(1, 3)), k, i, draw(st.booleans())


def prove_local(case: tuple) -> list[Comparison]:
    cin, cout, k, i, bias = case
    spec = ConvSpec(input_size=i, kernel_size=k, in_channels=cin, out_channels=cout)
    M = np.asarray(numeric.conv_matrix(i, np.ones(spec.weight_shape, dtype=np.int64)))
    rows = M.shape[0]
    local = locally_connected_params(cin, cout, k, spec.output_size, bias=bias)
    fc = fully_connected_params(M.shape[1], rows, bias=bias)
    return [Comparison.exact_equal("locally connected formula vs nonzeros of the conv matrix (+ one bias per row)",
                              local, int(np.count_nonzero(M)) + (rows if bias else 0)),
            Comparison.exact_equal("fully connected formula vs entries of the dense matrix (+ biases)", fc,
                              int(M.size) + (rows if bias else 0)),
            Comparison("conv (shared) <= locally connected <= fully connected",
                  conv_params(cin, cout, k, bias=bias) <= local <= fc)]


register(Statement(
    name="params.locally_connected",
    latex=r"N_{local} = MK\prod k \prod o\ (+K\prod o) = \mathrm{nnz}(T),\quad N_{fc} = \dim y \cdot \dim z",
    description="Without weight sharing every nonzero of the convolution matrix T is its own parameter "
                "(locally connected); a fully connected layer owns every entry of the dense matrix.",
    space=lambda mode: local_cases(mode), prove=prove_local, examples=EXAMPLES,
    oracles=("formula", "numeric conv_matrix nonzeros"),
    show=lambda c: "C_in={}, C_out={}, k={}, input={}, bias={}".format(*c), source="seed 001 locally connected vs "
    "conv vs FC"))
