"""Pooling: average pooling is a convolution with a constant kernel; max-pool gradients go to the argmax."""

from __future__ import annotations

import math

from fractions import Fraction

import numpy as np
import sympy as sp
from hypothesis import strategies as st

from ... import numeric
from ...geometry import ConvSpec
from ...numeric import reference
from .. import oracles
from ..compare import compare
from ..registry import register
from ..statement import Comparison, Statement
from ._common import EXAMPLES, fd_compare, fd_gradient


@st.composite
def pool_specs(draw, mode: str = "quick") -> ConvSpec:
    """Depthwise specs obeying PyTorch's pooling rule: padding at most half the kernel."""
    ndim = draw(st.sampled_from((1, 2)))
    ks = [draw(st.integers(1, 3)) for _ in range(ndim)]
    ss = [draw(st.integers(1, 3)) for _ in range(ndim)]
    ps = [draw(st.integers(0, k // 2)) for k in ks]
    sizes = [draw(st.integers(max(1, k - 2 * p), 7)) for k, p in zip(ks, ps)]
    c = draw(st.integers(1, 2))
    return ConvSpec(input_size=tuple(sizes), kernel_size=tuple(ks), stride=tuple(ss), padding=tuple(ps),
                    in_channels=c, out_channels=c, groups=c)


def _pool_args(spec: ConvSpec) -> dict:
    return dict(kernel_size=spec.kernel_size, stride=spec.stride, padding=spec.symmetric_padding)


def prove_avg(spec: ConvSpec) -> Comparison:
    from ... import symbolic as S
    from ...symbolic.proofs import compare_arrays

    y = S.input_symbols(spec)
    const = np.full(spec.weight_shape, sp.Rational(1, math.prod(spec.kernel_size)), dtype=object)
    pooled = reference.avg_pool(y[None], **_pool_args(spec))[0]
    res = compare_arrays("avg_pool", {"reference avg_pool on symbols": pooled,
                                      "symbolic conv with constant kernel": S.conv(spec, y=y, weight=const)}, spec)
    return Comparison("symbolic: avg_pool(y) == conv(y, 1/|k|) term by term", bool(res.holds), detail=res.details)


def crosscheck_avg(spec: ConvSpec, inputs) -> list[Comparison]:
    x = inputs.ints("y", spec.input_shape(2))
    const = np.full(spec.weight_shape, Fraction(1, math.prod(spec.kernel_size)), dtype=object)
    conv = reference.conv(x.astype(object), const, stride=spec.stride, padding=spec.padding, groups=spec.groups)
    checks = [compare("fast avg_pool (Fractions) vs reference conv with constant kernel", numeric.avg_pool(
        x, **_pool_args(spec)), conv)]
    torch = oracles.torch()
    if torch is None:
        return checks + [Comparison.refusal("torch avg_pool", "torch is not installed")]
    F = torch.nn.functional
    t = getattr(F, f"avg_pool{spec.ndim}d")(torch.as_tensor(x, dtype=torch.float64), **_pool_args(spec))
    n = math.prod(spec.kernel_size)
    return checks + [compare("reference conv (Fractions) vs torch avg_pool (float64)", conv.astype(np.float64),
                             t.numpy(), n_terms=n, magnitude=np.abs(x).max(initial=0))]


register(Statement(
    name="pooling.avg_is_conv",
    latex=r"\mathrm{avgpool}_k(y) = y \star \tfrac{1}{|k|}\mathbf{1}_k\ \ (\text{depthwise, zero padding counted})",
    description="Average pooling (count_include_pad=True, PyTorch's default) is a depthwise convolution with "
                "the constant kernel 1/|k|: exactly with rational arithmetic.",
    space=lambda mode: pool_specs(mode), prove=prove_avg, crosscheck=crosscheck_avg, examples=EXAMPLES,
    requires=("convproof.symbolic",), oracles=("symbolic conv", "reference avg_pool", "fast avg_pool",
                                               "reference conv", "torch avg_pool"),
    source="seed 001/002/003 pooling"))


def routed_gradient(x: np.ndarray, g: np.ndarray, spec: ConvSpec) -> np.ndarray:
    """Each output gradient added at its window's argmax (windows scanned here, not by the engine)."""
    out = np.zeros(x.shape, dtype=np.int64)
    pads = [lo for lo, _ in spec.padding]
    for n, c in np.ndindex(*x.shape[:2]):
        for o in np.ndindex(*g.shape[2:]):
            cells = [tuple(oi * s - p + ki for oi, s, p, ki in zip(o, spec.stride, pads, k))
                     for k in np.ndindex(*spec.kernel_size)]
            cells = [cl for cl in cells if all(0 <= a < m for a, m in zip(cl, x.shape[2:]))]
            best = max(cells, key=lambda cl: x[(n, c, *cl)])
            out[(n, c, *best)] += g[(n, c, *o)]
    return out


def crosscheck_max(spec: ConvSpec, inputs) -> list[Comparison]:
    x = inputs.distinct("y", spec.input_shape(2))
    args = _pool_args(spec)
    g = inputs.ints("g", (2, spec.in_channels, *np.shape(reference.max_pool(x, **args))[2:]))
    ref = np.asarray(reference.max_pool_backward(g, x, **args))
    checks = [compare("reference max_pool_backward vs routing to the argmax", ref, routed_gradient(x, g, spec), symbol="y"),
              compare("reference vs fast max_pool_backward", ref, numeric.max_pool_backward(g, x, **args), symbol="y")]
    h = 0.25  # distinct integers are >= 1 apart: a shift of 1/4 never changes an argmax

    def loss(v: np.ndarray) -> float:
        return float(np.sum(g * numeric.max_pool(v, **args)))
    checks.append(fd_compare("reference vs finite differences (float64, h=1/4)", ref, fd_gradient(loss, x, h),
                             g.size, float(np.sum(np.abs(g)) * (np.abs(x).max(initial=0) + 1)), h))
    torch = oracles.torch()
    if torch is None:
        return checks + [Comparison.refusal("torch autograd max_pool", "torch is not installed")]
    t = torch.as_tensor(x, dtype=torch.float64).requires_grad_(True)
    (getattr(torch.nn.functional, f"max_pool{spec.ndim}d")(t, **args) * torch.as_tensor(g, dtype=torch.float64)).sum().backward()
    return checks + [compare("reference vs torch autograd", ref, oracles.exact_ints(t.grad.numpy()), symbol="y")]


register(Statement(
    name="pooling.max_gradient_routes",
    latex=r"\frac{\partial L}{\partial y_j} = \sum_{i\,:\,j = \arg\max_{w(i)} y} g_i",
    description="The gradient of max pooling sends each upstream gradient to the position of its window's "
                "maximum (inputs without ties), and nowhere else.",
    space=lambda mode: pool_specs(mode), crosscheck=crosscheck_max, examples=EXAMPLES,
    oracles=("routing loop", "reference", "fast", "finite differences", "torch autograd"),
    source="seed 001/002/003 pooling"))
