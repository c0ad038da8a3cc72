"""Symbol arrays in lecture notation: ``y_{11}``, ``f_{11}``, ``F^{mk}_{uv}``, ``b^{k}``, ``y_{1}^{(l)}``.

Every symbol is a plain ``sympy.Symbol`` (no assumptions) whose *name is the LaTeX a lecturer
types*; SymPy's LaTeX printer passes a name containing ``{`` through verbatim, so
``sympy.latex(y[0, 0, 0])`` is ``y_{11}``. Superscripts are part of the name, never a power.

Index rules (``base=1`` by default, ``base=0`` on request):

* spatial indices are subscripts, joined without a separator while every index is a single
  digit (``y_{12}``) and with commas otherwise (``y_{1,10}``); ``sep`` forces either;
* a channel index becomes a superscript when the tensor has more than one channel:
  input ``y^{m}_{ij}``, output ``z^{k}_{rc}``, kernel ``f^{mk}_{uv}`` (seed 001: ``m`` input map,
  ``k`` output map), bias ``b^{k}``; with ``groups > 1`` the seed-001 grouped names
  ``f^{s,m'k'}_{uv}`` and ``b^{s,k'}`` (``s`` group, primes: index inside the group);
* a layer label is a superscript in parentheses: ``y_{1}^{(l)}``; outputs get the next layer
  (``z_{1}^{(l+1)}``), kernels and biases none;
* a batch sample ``n`` (only when ``batch`` is given) is a superscript in brackets: ``y^{[n]}_{11}``.
"""

from __future__ import annotations

from math import prod
from typing import Any, Optional, Sequence

import numpy as np
import sympy as sp

from ..errors import fail
from ..geometry import ConvSpec
from ..geometry.spec import check_spec
from ..notation import Notation, check_notation
from ..values import as_values

__all__ = ["as_sympy", "Notation", "input_symbols", "kernel_symbols", "bias_symbols", "output_symbols",
           "grad_output_symbols", "symbol_name", "symbol_array"]

#: Largest number of symbols one array may hold (about 1 KB each).
SYMBOL_BUDGET = 2_000_000


DEFAULT = Notation()


def _join(indices: Sequence[int], sep: Optional[str]) -> str:
    if sep is None:
        sep = "" if all(0 <= i <= 9 for i in indices) else ","
    return sep.join(str(i) for i in indices)


def symbol_name(letter: str, subs: Sequence[int], sups: Sequence[str] = (), layer: Any = None,
                sep: Optional[str] = None) -> str:
    """The LaTeX name of one symbol (indices already shifted to the display base).

    >>> symbol_name("y", [1, 2])
    'y_{12}'
    >>> symbol_name("F", [1, 1], ["12"])
    'F^{12}_{11}'
    >>> symbol_name("y", [1], layer="l")
    'y_{1}^{(l)}'
    >>> symbol_name("y", [1, 10])
    'y_{1,10}'
    """
    sub = f"_{{{_join(subs, sep)}}}" if len(subs) else ""
    sup_parts = list(sups) + ([f"({layer})"] if layer is not None else [])
    if not sup_parts:
        return f"{letter}{sub}"
    sup = ",".join(sup_parts)
    if sups:
        return f"{letter}^{{{sup}}}{sub}"
    return f"{letter}{sub}^{{{sup}}}"


def symbol_array(letter: str, shape: Sequence[int], channel_axes: int = 0, sup=None, layer: Any = None,
                 base: int = 1, sep: Optional[str] = None) -> np.ndarray:
    """Object array of Symbols; the first ``channel_axes`` axes become a superscript via ``sup(idx)``.

    >>> symbol_array("f", (3,))
    array([f_{1}, f_{2}, f_{3}], dtype=object)
    """
    if prod(shape) > SYMBOL_BUDGET:
        raise fail("shape", tuple(shape), f"{prod(shape):,} symbols, over the size budget {SYMBOL_BUDGET:,} "
                   "(a SymPy symbol costs about 1 KB)")
    out = np.empty(tuple(shape), dtype=object)
    for idx in np.ndindex(*shape):
        head, tail = idx[:channel_axes], idx[channel_axes:]
        sups = sup(head) if sup is not None else []
        out[idx] = sp.Symbol(symbol_name(letter, [i + base for i in tail], sups, layer, sep))
    return out


def _channels_sup(base: int, sep: Optional[str], batch: bool, channels: int):
    def sup(head: tuple[int, ...]) -> list[str]:
        parts = []
        if batch:
            parts.append(f"[{head[0] + base}]")
        if channels > 1:
            parts.append(str(head[-1] + base))
        return parts
    return sup


def _tensor_symbols(letter: str, channels: int, size: tuple[int, ...], notation: Notation,
                    layer: Any, batch: Optional[int]) -> np.ndarray:
    if batch is not None and (isinstance(batch, bool) or not isinstance(batch, int) or batch < 1):
        raise fail("batch", batch, "must be a positive integer or None")
    shape = ((batch,) if batch is not None else ()) + (channels, *size)
    sup = _channels_sup(notation.base, notation.sep, batch is not None, channels)
    return symbol_array(letter, shape, channel_axes=len(shape) - len(size), sup=sup, layer=layer,
                        base=notation.base, sep=notation.sep)


def input_symbols(spec: ConvSpec, notation: Notation = DEFAULT, batch: Optional[int] = None) -> np.ndarray:
    """Input symbols, shape ``(C_in, *input_size)`` (``(batch, C_in, *input_size)`` with ``batch``).

    >>> input_symbols(ConvSpec(input_size=(2, 2), kernel_size=(1, 1)))
    array([[[y_{11}, y_{12}],
            [y_{21}, y_{22}]]], dtype=object)
    >>> input_symbols(ConvSpec(input_size=2, kernel_size=1), Notation(layer="l"))[0, 0]
    y_{1}^{(l)}
    """
    return _tensor_symbols(check_notation(notation).input, check_spec(spec).in_channels, spec.input_size, notation, notation.layer, batch)


def output_symbols(spec: ConvSpec, notation: Notation = DEFAULT, batch: Optional[int] = None) -> np.ndarray:
    """Output symbols ``z``, shape ``(C_out, *output_size)`` (batch axis first when given).

    >>> output_symbols(ConvSpec(input_size=3, kernel_size=2, out_channels=2))
    array([[z^{1}_{1}, z^{1}_{2}],
           [z^{2}_{1}, z^{2}_{2}]], dtype=object)
    """
    return _tensor_symbols(check_notation(notation).output, check_spec(spec).out_channels, spec.output_size, notation,
                           notation.next_layer, batch)


def grad_output_symbols(spec: ConvSpec, notation: Notation = DEFAULT,
                        batch: Optional[int] = None) -> np.ndarray:
    """Upstream-gradient symbols ``g`` (dL/dz), same shape and indices as :func:`output_symbols`.

    >>> grad_output_symbols(ConvSpec(input_size=3, kernel_size=2))
    array([[g_{1}, g_{2}]], dtype=object)
    """
    return _tensor_symbols(check_notation(notation).grad, check_spec(spec).out_channels, spec.output_size, notation,
                           notation.next_layer, batch)


def _kernel_sup(spec: ConvSpec, base: int, sep: Optional[str] = None):
    g, cg, kg = spec.groups, spec.in_per_group, spec.out_per_group

    def sup(head: tuple[int, ...]) -> list[str]:
        k, m = head
        if g > 1:
            s, kk = divmod(k, kg)
            return [f"{s + base},{_join([m + base, kk + base], sep)}"]
        if spec.out_channels * cg > 1:
            return [_join([m + base, k + base], sep)]
        return []
    return sup


def kernel_symbols(spec: ConvSpec, notation: Notation = DEFAULT) -> np.ndarray:
    """Kernel symbols in the weight layout ``(C_out, C_in/groups, *kernel_size)``.

    Entry ``[k, m, u, v]`` is named ``f^{mk}_{uv}`` (seed 001: input map ``m``, output map ``k``;
    1-based by default); a single-channel kernel is just ``f_{uv}``; with groups the name is
    ``f^{s,m'k'}_{uv}``.

    >>> kernel_symbols(ConvSpec(input_size=(3, 3), kernel_size=(2, 2)))[0, 0]
    array([[f_{11}, f_{12}],
           [f_{21}, f_{22}]], dtype=object)
    >>> kernel_symbols(ConvSpec(input_size=3, kernel_size=1, in_channels=2, out_channels=3))[2, 1, 0]
    f^{23}_{1}
    >>> kernel_symbols(ConvSpec(input_size=3, kernel_size=1, in_channels=4, out_channels=4, groups=2))[3, 1, 0]
    f^{2,22}_{1}
    """
    return symbol_array(check_notation(notation).kernel, check_spec(spec).weight_shape, channel_axes=2, sup=_kernel_sup(spec, notation.base, notation.sep),
                        base=notation.base, sep=notation.sep)


def bias_symbols(spec: ConvSpec, notation: Notation = DEFAULT) -> np.ndarray:
    """Bias symbols, shape ``(C_out,)``: ``b`` for one output map, ``b^{k}`` (``b^{s,k'}`` grouped).

    >>> bias_symbols(ConvSpec(input_size=3, kernel_size=1, out_channels=2))
    array([b^{1}, b^{2}], dtype=object)
    >>> bias_symbols(ConvSpec(input_size=3, kernel_size=1))
    array([b], dtype=object)
    """
    base, kg = check_notation(notation).base, check_spec(spec).out_per_group
    out = np.empty(spec.out_channels, dtype=object)
    for k in range(spec.out_channels):
        if spec.groups > 1:
            s, kk = divmod(k, kg)
            name = f"{notation.bias}^{{{s + base},{kk + base}}}"
        elif spec.out_channels > 1:
            name = f"{notation.bias}^{{{k + base}}}"
        else:
            name = notation.bias
        out[k] = sp.Symbol(name)
    return out


def as_sympy(arr: Any, squeeze: bool = True) -> Any:
    """An object array as a SymPy object that prints itself (Jupyter, ``init_printing``).

    Leading length-1 axes are dropped when ``squeeze``; the result is a column ``Matrix`` for one
    axis, a ``Matrix`` for two, an ``ImmutableDenseNDimArray`` for more.

    >>> as_sympy(input_symbols(ConvSpec(input_size=(2, 2), kernel_size=(1, 1))))
    Matrix([
    [y_{11}, y_{12}],
    [y_{21}, y_{22}]])
    """
    a = as_values("arr", arr)
    while squeeze and a.ndim > 1 and a.shape[0] == 1:
        a = a[0]
    if a.ndim == 1:
        return sp.Matrix(a.tolist())
    if a.ndim == 2:
        return sp.Matrix(a.tolist())
    return sp.ImmutableDenseNDimArray(a.tolist())
