"""A convolution of written numbers: ``I * K = O`` with the input, the kernel and the result given
as matrices (or vectors), or as names the document binds to them.

``*`` (also ``\\ast``, ``\\star``, ``\\circledast``) between two number arrays means a sliding
window; which one is not written, so every reading whose output has the claimed shape is computed
exactly (Fractions) by the direct-loop oracle :func:`convproof.numeric.reference.conv`:

* the cross-correlation (deep learning's "convolution") and the convolution with the kernel
  flipped, unless the prose right before names one ("cross-correlation", "flip", ...) and does
  not negate it nearby ("convolution, not cross-correlation");
* 'valid', 'same' (for an even kernel both placements of the odd padding cell) and 'full'
  padding, with the stride and dilation the prose states (default 1).

The statement ``holds`` when the claim equals a reading (named in the message); it is ``wrong``
when no reading gives it (the differing entries of the closest one are listed), and
``unchecked`` when no reading has the claimed shape, or when both operands and the result have
one shape (numpy's ``*`` is the elementwise product).  The larger operand is the input; a kernel
as large as the input has no 'same' reading.

>>> from convproof.check.parse import parse_chain
>>> from convproof.check.env import Env
>>> c = parse_chain(r"\\begin{bmatrix}1 & 2 & 3\\end{bmatrix} * \\begin{bmatrix}1 & -1\\end{bmatrix} = \\begin{bmatrix}-1 & -1\\end{bmatrix}")
>>> check_numeric_conv(c, Env()).status
'holds'
"""

from __future__ import annotations

import re
from fractions import Fraction

import numpy as np
import sympy as sp

from .evaluate import EvalError, Evaluator
from .nodes import Bin
from .verdict import StatementResult

__all__ = ["check_numeric_conv"]

KIND = "convolution"
MAX_CELLS = 4096
_CORRELATION = re.compile(r"cross-?correlation|взаимн\w* корреляц|корреляци", re.I)
_NEGATION = re.compile(r"\bnot\b|\bне\b|\bнет\b|instead|rather than|unlike|вместо|в отличие|а не\b", re.I)
_FLIPPED = re.compile(r"flip|rotat\w* (?:the )?kernel|переверн|отраж|поворот\w* ядр|true convolution", re.I)


def _array(value):
    """``value`` as a 2D object array of Fractions, or ``None`` (symbols, a scalar, too big)."""
    if isinstance(value, sp.Rational):  # a 1x1 result written as a number
        value = sp.Matrix([[value]])
    if not isinstance(value, sp.MatrixBase) or value.rows * value.cols > MAX_CELLS:
        return None
    out = np.empty(value.shape, dtype=object)
    for (i, j), v in np.ndenumerate(np.array(value.tolist(), dtype=object)):
        v = sp.nsimplify(v) if isinstance(v, sp.Float) else v
        if not isinstance(v, sp.Rational):
            return None
        out[i, j] = Fraction(int(v.p), int(v.q))
    return out


def _operands(chain, env):
    """``(input, kernel, claimed)`` arrays of ``A * K = C`` (either side), or ``None``."""
    if len(chain.sides) != 2 or list(chain.rels) != ["="]:
        return None
    for side, other in ((0, 1), (1, 0)):
        node = chain.sides[side]
        if isinstance(node, Bin) and node.op == "conv":
            try:
                ev = Evaluator(env)
                a, k, c = (_array(ev.eval(n)) for n in (node.left, node.right, chain.sides[other]))
            except (EvalError, TypeError, ValueError, ZeroDivisionError):
                return None
            if a is None or k is None or c is None:
                return None
            if k.size > a.size:
                a, k = k, a
            if a.shape == k.shape == c.shape:  # A * B = C of one shape: numpy's elementwise product?
                return None
            return a, k, c
    return None


def _line(a, k, c):
    """A row vector ``(1, n)`` with a column kernel or result: all as 1D rows."""
    if 1 in a.shape and 1 in k.shape and 1 in c.shape:
        return a.reshape(1, -1), k.reshape(1, -1), c.reshape(1, -1)
    return a, k, c


def _paddings(k: tuple, d: int) -> list:
    """``(name, ((lo, hi), ...))`` of the 'valid', 'same' and 'full' paddings of kernel ``k``."""
    spans = [d * (n - 1) for n in k]
    same = [((s // 2, s - s // 2), ((s - s // 2), s // 2)) for s in spans]
    out = [("valid", tuple((0, 0) for _ in k)), ("full", tuple((s, s) for s in spans)),
           ("same", tuple(p[0] for p in same))]
    if any(s % 2 for s in spans):
        out.append(("same, the odd padding cell first", tuple(p[1] for p in same)))
    return out


def _conventions(prose: str) -> list:
    """The conventions to compute: the one the prose names, or both (none named, both named, or a
    negation nearby: "convolution, not cross-correlation")."""
    text = prose[-400:]
    told = [name for name, pattern in (("cross-correlation", _CORRELATION), ("flipped-kernel convolution", _FLIPPED))
            if pattern.search(text)]
    if len(told) != 1 or _NEGATION.search(text):
        return ["cross-correlation", "flipped-kernel convolution"]
    return told


def _readings(a, k, shape, stated: dict, prose: str) -> list:
    """``(description, result)`` of every reading whose output has ``shape``."""
    from ..numeric.reference import conv
    stride, dilation = stated.get("stride", 1), stated.get("dilation", 1)
    out = []
    for convention in _conventions(prose):
        kernel = k[::-1, ::-1] if convention.startswith("flipped") else k
        for name, pads in _paddings(k.shape, dilation):
            if name.startswith("same") and any(m >= n for m, n in zip(k.shape, a.shape) if m > 1):
                continue  # a kernel as large as the input: no 'same' reading
            sizes = [(n + lo + hi - dilation * (m - 1) - 1) // stride + 1 for n, m, (lo, hi) in zip(a.shape, k.shape, pads)]
            if tuple(sizes) != shape or min(sizes) < 1:
                continue
            result = conv(a[None, None], np.ascontiguousarray(kernel)[None, None], stride=stride,
                          padding=pads, dilation=dilation)[0, 0]
            steps = f", stride {stride}" if stride > 1 else ""
            steps += f", dilation {dilation}" if dilation > 1 else ""
            out.append((f"{convention}, '{name}' padding{steps}", result))
    return out


def _show(v: Fraction) -> str:
    return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"


def check_numeric_conv(chain, env) -> StatementResult | None:
    """The verdict of ``A * K = C`` over written numbers (see the module docstring), else ``None``."""
    found = _operands(chain, env)
    if found is None:
        return None
    a, k, c = _line(*found)
    readings = _readings(a, k, c.shape, getattr(env, "stated", {}) or {}, getattr(env, "before", ""))
    if not readings:
        return StatementResult("unchecked", KIND, f"'*' of a {a.shape[0]}x{a.shape[1]} input and a "
                               f"{k.shape[0]}x{k.shape[1]} kernel: no sliding-window reading ('valid', "
                               f"'same', 'full' padding) gives the claimed {c.shape[0]}x{c.shape[1]} result")
    held = [name for name, r in readings if np.array_equal(r, c)]
    oracle = "computed exactly by convproof.numeric.reference.conv"
    if held:
        return StatementResult("holds", KIND, f"equals the {' and the '.join(held)} ({oracle})")
    name, best = min(readings, key=lambda nr: int(np.sum(nr[1] != c)))
    bad = [(i, j) for (i, j), v in np.ndenumerate(c) if best[i, j] != v]
    mism = [{"row": i + 1, "col": j + 1, "claimed": _show(c[i, j]), "expected": _show(best[i, j])}
            for i, j in bad]
    desc = "; ".join(f"({m['row']},{m['col']}): claimed {m['claimed']}, expected {m['expected']}"
                     for m in mism[:6])
    more = f" and {len(mism) - 6} more" if len(mism) > 6 else ""
    return StatementResult("wrong", KIND, f"no reading gives the claimed result ({len(readings)} "
                           f"{'reading' if len(readings) == 1 else 'readings'} {oracle}); the closest, the {name}, differs in {len(bad)} "
                           f"{'entry' if len(bad) == 1 else 'entries'}: {desc}{more}", mism)
