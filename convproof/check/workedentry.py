r"""Worked output entries in bracket notation: ``O[1,1] = 1 \cdot 0 + 2 \cdot 1 + 4 \cdot 2 + 5 \cdot 3 = 25``.

When the document has stated (and the checker proven, :mod:`.indexconv`) the index sum that
defines ``O`` -- ``O[i, j] = \sum_m \sum_n X[i+m, j+n] K[m, n]`` -- and has given ``X`` and ``K``
as matrices of numbers, the entry ``O[1,1]`` (0-based, in the convention that sum states) is
computed with :func:`convproof.numeric.conv` on those matrices, exactly, and every numeric side
of the statement is compared with it: all equal gives ``holds``, one different gives ``wrong``
with the expected value; a side that is not a number is left out and named.

>>> from .env import Env
>>> from .indexconv import check_index_sum
>>> from .parse import parse_chain
>>> import sympy as sp
>>> env = Env()
>>> env.define("X", sp.Matrix([[0, 1, 2], [3, 4, 5], [6, 7, 8]]), 1)
>>> env.define("K", sp.Matrix([[0, 1], [2, 3]]), 2)
>>> remember_definition(env, check_index_sum(r"O[i, j] = \sum_{a, b} X[i+a, j+b] K[a, b]"), 3)
>>> check_worked_entry(parse_chain(r"O[0,1] = 1 \times 0 + 2 \times 1 + 4 \times 2 + 5 \times 3 = 25"), env).status
'holds'
>>> check_worked_entry(parse_chain(r"O[1,1] = 4 \times 0 + 5 \times 1 + 7 \times 2 + 8 \times 3 = 42"), env).status
'wrong'
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from .. import numeric
from .guard import fallback
from .nodes import Bin, Name, Num, Vec
from .verdict import StatementResult

__all__ = ["check_worked_entry", "remember_definition"]

KIND = "worked-entry"
_MAX_CELLS = 4096


def remember_definition(env, result, line: int) -> None:
    """Record the forward index sum a ``holds`` result of :mod:`.indexconv` proved (2D or 1D, no
    channels), so that later worked entries of its left side can be computed."""
    note = next((n for n in (getattr(result, "notes", None) or []) if isinstance(n, tuple)
                 and n[0] == "index-def"), None)
    if result is None or result.status != "holds" or note is None:
        return
    _, st, r, conv = note
    if r.what != "forward" or r.cin is not None or r.cout is not None or r.depthwise or st.bias is not None:
        return
    defs = getattr(env, "index_defs", None)
    if defs is None:
        defs = env.index_defs = {}
    defs[st.out.name] = (st, r, conv, line)


def _entry(node):
    """``(name, (i, j, ...))`` of ``O[1,1]`` (parsed as ``O`` times a bracket vector)."""
    if isinstance(node, Bin) and node.op == "*" and isinstance(node.left, Name) and node.left.sub is None \
            and isinstance(node.right, Vec) and all(isinstance(x, Num) and isinstance(x.value, sp.Integer)
                                                    for x in node.right.items):
        return node.left.key, tuple(int(x.value) for x in node.right.items)
    return None


def _matrix(env, name: str):
    binding = env.lookup(name)
    value = getattr(binding, "value", None)
    if not isinstance(value, sp.MatrixBase) or value.rows * value.cols > _MAX_CELLS or not all(
            getattr(v, "is_Rational", False) for v in value):
        return None, None
    return np.array(value.tolist(), dtype=object), binding.line


def _computed(st, r, conv, x, w):
    """The output array (dims as the left side's indices) under ``conv``, exactly."""
    if len(r.exprs) == 1:
        x, w = x.reshape(-1), w.reshape(-1)
    if x.ndim != len(r.exprs) or w.ndim != len(r.exprs):
        return None
    if [e for e in r.other.indices] != list(r.sum_vars) or list(st.out.indices) != list(r.lhs_vars):
        return None  # only the plain orders the index sum proof covers with these layouts
    w = w[(slice(None, None, -1),) * w.ndim] if conv.flipped else w
    pad = tuple(k - 1 for k in w.shape) if conv.full else 0
    if any(n < k for n, k in zip(x.shape, w.shape)) and not conv.full:
        return None
    return numeric.conv(x[None, None], w[None, None], padding=pad)[0, 0]


def check_worked_entry(chain, env) -> StatementResult | None:
    """The verdict on ``O[1,1] = ...`` (see the module docstring), or ``None`` when not read."""
    defs = getattr(env, "index_defs", None)
    found = _entry(chain.sides[0]) if defs and chain.sides and len(chain.sides) >= 2 else None
    if found is None or found[0] not in defs or any(rel != "=" for rel in chain.rels):
        return None
    name, idx = found
    st, r, conv, line = defs[name]
    (x, xline), (w, wline) = _matrix(env, r.spatial.name), _matrix(env, r.other.name)
    if x is None or w is None:
        return None
    out = _computed(st, r, conv, x, w)
    pos = tuple(i - conv.bo for i in idx)
    if out is None or len(pos) != out.ndim or not all(0 <= p < m for p, m in zip(pos, out.shape)):
        return None
    want = sp.nsimplify(out[pos])
    return _compare(chain, env, name, idx, want, f"entry {list(idx)} of the {conv.describe()} defined "
                    f"at line {line} ({r.spatial.name} at line {xline}, {r.other.name} at line {wline}; "
                    f"convproof.numeric, exact)")


def _compare(chain, env, name, idx, want, where) -> StatementResult | None:
    from .evaluate import Evaluator
    checked, skipped, bad = 0, 0, []
    for side in chain.sides[1:]:
        try:
            value = Evaluator(env).eval(side)
        except (ValueError, ArithmeticError, RecursionError):  # a side that is not a number is left out
            value = None
        except Exception as exc:  # noqa: BLE001  (never stop the document: the side is then left out)
            fallback(exc)
            value = None
        if not getattr(value, "is_Rational", False):
            skipped += 1
            continue
        checked += 1
        if sp.nsimplify(value) != want:
            bad.append((side, value))
    if not checked:
        return None
    label = f"{name}[{', '.join(map(str, idx))}]"
    rest = f"; {skipped} side(s) not numbers, not compared" if skipped else ""
    if not bad:
        return StatementResult("holds", KIND, f"{label} = {want}: {where}{rest}")
    side, value = bad[0]
    text = chain.source[side.span[0]:side.span[1]]
    return StatementResult("wrong", KIND, f"{label} is {want} ({where}), but the statement gives {value}{rest}",
                           [{"row": None, "col": None, "claimed": text, "expected": str(want)}],
                           [(side.span[0], side.span[1], str(want))] if len(bad) == 1 and text.strip().lstrip(
                               "-").isdigit() else [])
