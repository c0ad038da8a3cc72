"""User values into SymPy without evaluating anything: the one conversion every entry point uses.

``sympy.sympify`` (and ``sympy.Matrix``, which calls it on every entry) *parses strings*, i.e.
runs ``eval`` on them: ``sympify("__import__('os').system('...')")`` executes a command. Every
place where a user's value (a weight, an input, a bias, a gradient, a size) becomes a SymPy
object goes through :func:`as_value` / :func:`as_values` instead, which accept SymPy objects
and numbers only and build SymPy numbers from their exact value, never from text.

>>> as_value("weight", 3), as_value("weight", 0.5)
(3, 0.500000000000000)
>>> from fractions import Fraction
>>> as_value("weight", Fraction(1, 3))
1/3
>>> as_value("weight", "x")
Traceback (most recent call last):
...
convproof.errors.ConvProofError: weight='x': must be a number or a SymPy expression, not a string (strings are never parsed; use sympy.Symbol('x') for a symbol)
"""

from __future__ import annotations

import numbers
from decimal import Decimal
from typing import Any, Optional, Sequence

import numpy as np
import sympy as sp

from .errors import fail

__all__ = ["as_value", "as_values"]


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def as_value(name: str, value: Any) -> sp.Basic:
    """``value`` as a SymPy object: SymPy objects as they are, numbers by their exact value.

    Accepted: SymPy objects; ``int`` and NumPy integers; ``fractions.Fraction`` and other
    ``numbers.Rational``; ``float``, ``Decimal`` and NumPy floats (as ``sympy.Float``); complex
    numbers. Refused with a :class:`~convproof.errors.ConvProofError` naming ``name``: strings
    (never parsed), booleans, ``None`` and any other object.
    """
    if isinstance(value, sp.Basic):
        return value
    if isinstance(value, (bool, np.bool_)):
        raise fail(name, value, "must be a number or a SymPy expression, not a bool")
    if isinstance(value, (str, bytes)):
        raise fail(name, _short(value), "must be a number or a SymPy expression, not a string (strings are "
                   f"never parsed; use sympy.Symbol({_short(value)!r}) for a symbol)")
    if isinstance(value, (numbers.Integral, np.integer)):
        return sp.Integer(int(value))
    if isinstance(value, numbers.Rational):
        return sp.Rational(int(value.numerator), int(value.denominator))
    if isinstance(value, (float, np.floating, Decimal)):
        return sp.Float(float(value) if isinstance(value, np.floating) else value)
    if isinstance(value, (complex, np.complexfloating)):
        return sp.Float(value.real) + sp.I * sp.Float(value.imag)
    if isinstance(value, (list, tuple, np.ndarray)):
        raise fail(name, type(value).__name__, "a sequence where a number was expected: the array must be "
                   "rectangular")
    raise fail(name, None if value is None else type(value).__name__, "must be a number or a SymPy expression")


def as_values(name: str, value: Any, shape: Optional[Sequence[int]] = None) -> np.ndarray:
    """An array-like of values as an object array of SymPy objects (each entry via :func:`as_value`).

    ``shape`` (optional) is checked; a SymPy matrix or array is read entry by entry (its shape kept).

    >>> as_values("y", [[1, 2]], (1, 2))
    array([[1, 2]], dtype=object)
    """
    if isinstance(value, (str, bytes)):
        raise fail(name, _short(value), "must be an array of numbers or SymPy expressions, not a string")
    if isinstance(value, (sp.MatrixBase, sp.NDimArray)):
        value = value.tolist()
    try:
        arr = np.asarray(value, dtype=object)
    except (ValueError, TypeError) as exc:
        raise fail(name, type(value).__name__, f"must be a rectangular array ({exc})") from None
    out = np.empty(arr.shape, dtype=object)
    for idx, v in np.ndenumerate(arr):
        out[idx] = as_value(name, v)
    if shape is not None and out.shape != tuple(shape):
        raise fail(name, out.shape, f"must have shape {tuple(shape)}")
    return out
