"""Shared pieces of the built-in statements: spec spaces, array draws, adapters to the engines.

Adapters written here (not in the engines) because the statements need them:

* :func:`proof_check` turns a :class:`convproof.symbolic.ProofResult` into a :class:`Comparison`;
* :func:`symbolic_with` evaluates a symbolic route with integers substituted and adds the batch
  axis the numeric engine uses (the symbolic engine works on one sample);
* :func:`fd_gradient` is a central-difference gradient of ``L = sum(g * f(x))`` in float64.
"""

from __future__ import annotations

import math

from typing import Any, Callable

import numpy as np
from hypothesis import strategies as st

from ...geometry import ConvSpec
from ..strategies import call_arguments, conv_specs
from ..compare import compare, dot_tolerance
from ..statement import Comparison, Inputs

SMALL = dict(dims=(1, 2), max_size=6, max_kernel=3, strides=(1, 2), dilations=(1, 2), groups=(1, 2),
             max_channels=2, max_padding=2)
ALL_PADDING = ("zero", "symmetric", "asymmetric", "same", "valid", "full")
ALL_MODES = ("zeros", "constant", "reflect", "replicate", "circular")
ALL_CONVENTIONS = ("torch", "tensorflow", "onnx-same-lower", "scipy")
EXAMPLES = {"quick": 12, "thorough": 200}
SYMBOLIC_LIMIT = 1500  # products a per-case symbolic proof may build in a sweep


def small_specs(mode: str, **over: Any) -> st.SearchStrategy:
    """Small specs for array statements; ``thorough`` also allows 3D and larger sizes."""
    space = dict(SMALL, padding=ALL_PADDING, same_conventions=ALL_CONVENTIONS)
    if mode == "thorough":
        space.update(dims=(1, 2, 3), max_size=8, strides=(1, 2, 3), dilations=(1, 2, 3), groups=(1, 2, 3))
    space.update(over)
    return conv_specs(**space)


def proof_check(result: Any) -> Comparison:
    """A :class:`Comparison` from a symbolic-engine ``ProofResult``."""
    what = f"symbolic proof ({result.method}): " + " = ".join(result.routes)
    detail = "" if result.holds else f"{result.details}; first difference {result.first_difference}"
    return Comparison(what, bool(result.holds), detail=detail)


def draw_conv(spec: ConvSpec, inputs: Inputs, batch: int = 1, bias: bool = True) -> dict:
    """Integer input, weight and bias for the forward convolution of ``spec``."""
    out = {"input": inputs.ints("y", spec.input_shape(batch)), "weight": inputs.ints("f", spec.weight_shape)}
    if bias:
        out["bias"] = inputs.ints("b", (spec.out_channels,))
    return out


def numeric_call(fn: Callable, spec: ConvSpec, op: str, arrays: dict) -> np.ndarray:
    """Call a numeric-engine function with ``spec``'s arguments (as :func:`convproof.testing`)."""
    args, kw = call_arguments(spec, op, arrays)
    return np.asarray(fn(*args, **kw))


def symbolic_with(fn: Callable, spec: ConvSpec, batch_arrays: dict[str, np.ndarray], **fixed: Any) -> np.ndarray:
    """A symbolic route with numbers substituted, per sample, stacked on a batch axis."""
    n = next(iter(batch_arrays.values())).shape[0]
    rows = [np.asarray(fn(spec, **{k: v[i] for k, v in batch_arrays.items()}, **fixed)) for i in range(n)]
    return np.stack(rows).astype(object)


def as_int(array: Any) -> np.ndarray:
    """Object arrays of SymPy integers as int64 (for == against the numeric engine)."""
    return np.vectorize(int, otypes=[np.int64])(np.asarray(array, dtype=object)) if np.size(array) else \
        np.asarray(array, dtype=np.int64)


def fd_gradient(loss: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1.0) -> np.ndarray:
    """Central differences ``(L(x + h e_i) - L(x - h e_i)) / 2h`` for every entry ``i`` (float64).

    For ``L`` linear in ``x`` (every convolution gradient here) the difference quotient is exact in
    exact arithmetic for any ``h``; ``h = 1`` keeps the rounding error smallest.
    """
    x = np.asarray(x, dtype=np.float64)
    out = np.empty_like(x)
    for idx in np.ndindex(*x.shape):
        e = np.zeros_like(x)
        e[idx] = h
        out[idx] = (loss(x + e) - loss(x - e)) / (2 * h)
    return out


def fd_compare(what: str, expected: np.ndarray, fd: np.ndarray, loss_terms: int, loss_magnitude: float,
               h: float = 1.0, symbol: str = "y", weight: bool = False) -> Comparison:
    """Compare an exact gradient with finite differences; tolerance from the loss's rounding error.

    Each loss evaluation is a sum of ``loss_terms`` products bounded by ``loss_magnitude``, so it is
    off by at most ``gamma_n * M``; the quotient of two such values is off by ``gamma_n * M / h``.
    """
    tol, rule = dot_tolerance(loss_terms, loss_magnitude)
    tol = tol / h
    return compare(what, np.asarray(expected, dtype=np.float64), fd, symbol=symbol, weight=weight,
                   tolerance=(tol, rule + f", divided by h={h} (central difference of a linear loss)"))
