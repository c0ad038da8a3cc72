"""One output entry written out (``z_{22} = f_{11} y_{11} + ...``) checked against the convolution
the document states: the output matrix ``Z``, the input ``Y`` and the kernel ``F`` it defines as
matrices of plain symbols, and the padding and stride its section's prose states (the same
readers as :mod:`.statedconv`).

The entry is computed from these parameters with :func:`convproof.symbolic.index_map` (through
:func:`.convindex.code_matrix`) and compared with the stated right side evaluated by SymPy:
``holds`` when they are equal as polynomials (for the cross-correlation or the flipped-kernel
convolution; the convention is reported), ``wrong`` when one or two terms differ from the closest,
``None`` otherwise (nothing is added).
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from .convindex import code_matrix, out_size
from .nodes import Name
from .statedconv import _kernel as _matrix_of, _pads, _params, _parse_symbol
from .verdict import StatementResult

__all__ = ["check_stated_entry", "refine"]

_KERNEL_LETTERS = {"f", "w", "k", "h", "g", r"\omega", r"\theta", r"\kappa"}


def _families(expr, out_family):
    fams = set()
    for s in expr.free_symbols:
        p = _parse_symbol(s)
        if p is None:
            return None
        fams.add(p[:2])
    fams.discard(out_family)
    kern = [f for f in fams if f[0].lower() in _KERNEL_LETTERS]
    other = [f for f in fams if f[0].lower() not in _KERNEL_LETTERS]
    return (kern[0], other[0]) if len(fams) == 2 and len(kern) == 1 and len(other) == 1 else None


def check_stated_entry(chain, env, text: str, start: int) -> StatementResult | None:
    """Verdict for ``z_{rc} = <sum of products>`` (see the module docstring), or ``None``."""
    if len(chain.sides) != 2 or chain.rels[0] not in ("=", ":=") or chain.stopped:
        return None
    left, right = chain.sides
    if not isinstance(left, Name) or not left.sub or not left.sub.isdigit() or len(left.sub) > 2:
        return None
    ndim = len(left.sub)
    out_family = (left.base, left.label)
    out = _matrix_of(env, out_family, ndim)
    if out is None:
        return None
    from .evaluate import EvalError, Evaluator
    try:
        rhs = sp.expand(Evaluator(env).eval(right))
    except (EvalError, TypeError, ValueError):
        return None
    fams = _families(rhs, out_family) if isinstance(rhs, sp.Expr) else None
    if fams is None:
        return None
    kern, inp = _matrix_of(env, fams[0], ndim), _matrix_of(env, fams[1], ndim)
    pad, stride = _params(env, text, start)
    if kern is None or inp is None or pad is None or stride is None:
        return None
    shape = lambda v: tuple(v.shape) if ndim == 2 else (len(v),)  # noqa: E731
    n, k, z = shape(inp[1].value), shape(kern[1].value), shape(out[1].value)
    pads = _pads(pad[0], k)
    s = (stride[0],) * ndim
    if pads is None or tuple(out_size(n[a], k[a], s[a], *pads[a], 1) for a in range(ndim)) != z:
        return None
    pos = [int(d) - out[2] for d in left.sub]
    if any(not 0 <= p < m for p, m in zip(pos, z)):
        return None
    row = int(np.ravel_multi_index(pos, z))
    kflat, yflat = list(kern[1].value), list(inp[1].value)
    best = None
    for flipped in (False, True):
        code = code_matrix(n, k, s, pads, (1,) * ndim, flipped)[row]
        expected = sp.expand(sum(kflat[t] * yflat[c] for c, t in enumerate(code) if t >= 0))
        terms = len(sp.Add.make_args(sp.expand(rhs - expected))) if rhs != expected else 0
        if best is None or terms < best[0]:
            best = (terms, flipped, expected)
    terms, flipped, expected = best
    conv = "convolution (flipped kernel)" if flipped else "cross-correlation"
    source = (f"output {'x'.join(map(str, z))} ({out[0]}, line {out[1].line}), input "
              f"{'x'.join(map(str, n))} ({inp[0]}, line {inp[1].line}), kernel {'x'.join(map(str, k))} "
              f"({kern[0]}, line {kern[1].line}), {stride[1]}, {pad[1]}")
    if terms == 0:
        return StatementResult("holds", "convolution", (
            f"equals (SymPy, exactly) output {tuple(p + out[2] for p in pos)} of the {conv} computed by "
            f"convproof.symbolic from the parameters the document states ({source})"))
    if terms <= 2:
        want = sp.latex(expected)
        return StatementResult("wrong", "convolution", (
            f"differs from output {tuple(p + out[2] for p in pos)} of the {conv} computed by "
            f"convproof.symbolic from the parameters the document states ({source}): expected {want}"),
            [{"row": None, "col": None, "claimed": chain.source[right.span[0]:right.span[1]],
              "expected": want}])
    return None


def refine(chain, env, result: StatementResult, line: int) -> StatementResult:
    """``result`` (an unchecked convolution) decided from the parameters the document states,
    when it states them (``env.doc`` holds the document text and the statement's offset)."""
    text, start = getattr(env, "doc", ("", 0))
    if not text:
        return result
    from .statedconv import check_stated_conv
    found = check_stated_conv(chain, env, text, start, line)
    if found is None:  # z_{22} = f_{11} y_{11} + ...: one output entry written out
        found = check_stated_entry(chain, env, text, start)
    if found is None:
        return result
    found.message = f"{found.message}; {result.message}" if result.message else found.message
    return found
