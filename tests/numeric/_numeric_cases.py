"""Hypothesis strategies for the numeric tests: valid convolution / pooling cases first, arrays second."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st

from convproof.errors import ConvProofError
from convproof.geometry import ConvSpec
from convproof.numeric.args import pool_geometry

MODES = ("zeros", "constant", "reflect", "replicate", "circular")
LINEAR_MODES = ("zeros", "reflect", "replicate", "circular")
MAX_SIZE = {1: 7, 2: 5, 3: 4}


@dataclass
class ConvCase:
    """One convolution: keyword arguments for ``conv`` plus its resolved spec and integer arrays."""

    kwargs: dict
    spec: ConvSpec
    batch: int
    rng: np.random.Generator = field(repr=False)

    def ints(self, shape: tuple, low: int = -3, high: int = 3) -> np.ndarray:
        return self.rng.integers(low, high + 1, size=shape)

    @property
    def input_shape(self) -> tuple:
        return self.spec.input_shape(self.batch)

    @property
    def output_shape(self) -> tuple:
        return self.spec.output_shape(self.batch)

    @property
    def weight_shape(self) -> tuple:
        return self.spec.weight_shape

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``x, w, b, g``: input, weight, bias and an output gradient, small integers."""
        return (self.ints(self.input_shape), self.ints(self.weight_shape), self.ints((self.spec.out_channels,)),
                self.ints(self.output_shape))


def _padding_arg(draw: Any, pads: list, strides: list) -> Any:
    form = draw(st.sampled_from(["pairs", "int", "tuple", "valid", "same", "full"]))
    if form == "int" and len({p for pair in pads for p in pair}) == 1:
        return pads[0][0]
    if form == "tuple" and all(lo == hi for lo, hi in pads):
        return tuple(lo for lo, _ in pads)
    if form in ("valid", "full") or (form == "same" and set(strides) == {1}):
        return form
    return [tuple(p) for p in pads]


@st.composite
def conv_cases(draw: Any, max_nd: int = 3, modes: tuple = MODES, max_groups: int = 3) -> ConvCase:
    """A valid N-d convolution: strides, dilations, asymmetric pads, groups, padding modes."""
    nd = draw(st.integers(1, max_nd))
    mode = draw(st.sampled_from(modes))
    ks, ss, ds, ns, pads = [], [], [], [], []
    for _ in range(nd):
        k, s, d = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 2))
        lo, hi = draw(st.integers(0, 2)), draw(st.integers(0, 2))
        low = max(1, d * (k - 1) + 1 - lo - hi, max(lo, hi) + (mode == "reflect"))
        n = draw(st.integers(low, max(low, MAX_SIZE[nd])))
        ks.append(k), ss.append(s), ds.append(d), ns.append(n), pads.append((lo, hi))
    groups = draw(st.integers(1, max_groups))
    stride = ss[0] if len(set(ss)) == 1 and draw(st.booleans()) else tuple(ss)
    kwargs = dict(stride=stride,
                  padding=_padding_arg(draw, pads, ss), dilation=tuple(ds), groups=groups,
                  padding_mode=mode)
    try:
        spec = ConvSpec(input_size=tuple(ns), kernel_size=tuple(ks), in_channels=groups * draw(st.integers(1, 2)),
                        out_channels=groups * draw(st.integers(1, 2)), **kwargs)
    except ConvProofError:
        assume(False)
    if mode == "constant":
        kwargs["padding_value"] = draw(st.integers(-2, 2))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return ConvCase(kwargs, spec, draw(st.integers(1, 2)), rng)


def grad_kwargs(case: ConvCase) -> dict:
    """``case.kwargs`` without ``padding_value`` (grad_input is the same map for any constant)."""
    return {k: v for k, v in case.kwargs.items() if k != "padding_value"}


@dataclass
class PoolCase:
    kwargs: dict
    input_shape: tuple
    rng: np.random.Generator = field(repr=False)


@st.composite
def pool_cases(draw: Any, max_nd: int = 3, dilation: bool = True) -> PoolCase:
    """A valid pooling case in PyTorch's rules (padding at most half the kernel span)."""
    nd = draw(st.integers(1, max_nd))
    ks, ss, ds, ps, ns = [], [], [], [], []
    for _ in range(nd):
        k, d = draw(st.integers(1, 3)), draw(st.integers(1, 2)) if dilation else 1
        span = d * (k - 1) + 1
        p = draw(st.integers(0, span // 2))
        ks.append(k), ds.append(d), ps.append(p), ss.append(draw(st.integers(1, 3)))
        ns.append(draw(st.integers(max(1, span - 2 * p), max(span, MAX_SIZE[nd]))))
    kwargs = dict(kernel_size=tuple(ks), stride=None if draw(st.booleans()) else tuple(ss), padding=tuple(ps),
                  ceil_mode=draw(st.booleans()))
    if dilation:
        kwargs["dilation"] = tuple(ds)
    shape = (draw(st.integers(1, 2)), draw(st.integers(1, 2)), *ns)
    try:
        pool_geometry(shape, kwargs["kernel_size"], kwargs["stride"], kwargs["padding"], tuple(ds),
                      kwargs["ceil_mode"])
    except ConvProofError:  # a dilated window that holds only padding
        assume(False)
    return PoolCase(kwargs, shape, np.random.default_rng(draw(st.integers(0, 2**32 - 1))))


def dot(a: Any, b: Any) -> Any:
    """Exact inner product of two equally shaped arrays (object-safe)."""
    a, b = np.asarray(a), np.asarray(b)
    assert a.shape == b.shape, (a.shape, b.shape)
    return (a.astype(object) * b.astype(object)).sum()
