r"""The receptive-field recursion with a product of strides: ``r_l = r_{l-1} + (k_l - 1)\prod_{i=1}^{l-1} s_i``.

Read when the text before it speaks of the receptive field, the left side is ``r_l`` (``R``, ``RF``;
layer index any letter) and the right side is ``r_{l-1} +`` a step in ``k_l``, ``d_l`` and one product
``\prod_{i=1}^{l+c} s_i`` (lower bound 1, upper bound the layer index plus a constant).  The step is
compared in two ways, both reported:

* for every depth, by induction: the theorem ``size.receptive_field_step`` of
  :mod:`convproof.theorems` (proved by z3 when the statement is checked) says one more layer
  ``(k, s, d)`` on a stack with jump ``J = \prod_{i<l} s_i`` widens the field by ``J d (k - 1)``;
  the stated step must equal that as a SymPy identity in ``k, d, J`` (bound ``l-1``);
* for depths 1..6, unrolled from ``r_0 = 1`` and compared with
  :func:`convproof.nn.receptive.receptive_field_expr` (SymPy expansion).

A step that differs is ``wrong`` at the smallest depth and sizes where the unrolled recursion differs
from :func:`~convproof.nn.receptive.receptive_field_bruteforce` (index maps followed one by one).

>>> check_receptive_product(r"r_l = r_{l-1} + (k_l - 1)\prod_{i=1}^{l-1} s_i", "the receptive field").status
'holds'
"""

from __future__ import annotations

import re
from itertools import product

import sympy as sp

from ..nn.receptive import receptive_field_bruteforce, receptive_field_expr
from .nodes import Name
from .verdict import StatementResult

__all__ = ["check_receptive_product"]

KIND = "receptive-field"
DEPTHS = 6
_WORDS = re.compile(r"receptive field|рецептивн\w*|пол\w* (?:восприятия|зрения)", re.I)
_R = r"(?:r|R|RF|\\text\{RF\}|\\mathrm\{RF\})"
_IDX = r"\{?\(?(?P<l>[a-zA-Z])\)?\}?"
_FORM = re.compile(rf"^\s*{_R}_{_IDX}\s*=\s*{_R}_\{{\(?(?P=l)\s*-\s*1\)?\}}\s*\+(?P<step>.+?)[\s,.;]*$", re.S)
_PROD = re.compile(r"\\prod_\{\s*(?P<i>[a-zA-Z])\s*=\s*1\s*\}\^\{\s*(?P<u>[a-zA-Z])\s*(?P<c>[-+]\s*\d+)?\s*\}\s*"
                   r"(?:\\left)?\(?\s*(?P<s>[sS])_\{?(?P=i)\}?\s*(?:\\right)?\)?")


def _read(text: str):
    """``(layer letter, step text with the product as J, bound offset)`` or ``None``."""
    m = _FORM.match(text)
    if m is None:
        return None
    step, layer = m.group("step"), m.group("l")
    prods = list(_PROD.finditer(step))
    if len(prods) != 1 or prods[0].group("u") != layer or r"\prod" in step.replace(prods[0].group(0), ""):
        return None
    p = prods[0]
    offset = int(p.group("c").replace(" ", "")) if p.group("c") else 0
    return layer, step[:p.start()] + " J " + step[p.end():], offset


def _step(step_text: str, layer: str):
    from .parse import ParseError, parse_chain
    from .formulatree import to_sympy
    from .sizeroles import formula_names
    try:
        chain = parse_chain(step_text)
    except (ParseError, RecursionError, ValueError):
        return None
    if len(chain.sides) != 1:
        return None
    k, d, J = sp.symbols("k d J", positive=True, integer=True)
    table = {"k": k, "F": k, "f": k, "d": d, "J": J}
    symbols = {}
    for n in formula_names(chain.sides[0]):
        if not isinstance(n, Name) or n.label is not None or n.base not in table or \
                (n.base == "J") != (n.sub is None) or (n.sub is not None and n.sub != layer):
            return None
        symbols[n.key] = table[n.base]
    try:
        return to_sympy(chain.sides[0], symbols), k, d, J
    except (KeyError, ValueError, ZeroDivisionError):
        return None


def _unrolled(step, k, d, J, offset, depth):
    """``r_depth`` from ``r_0 = 1`` by the stated step, in the symbols of ``receptive_field_expr``."""
    truth, ks, ss, ds = receptive_field_expr(depth + 2)
    r = sp.Integer(1)
    for l in range(1, depth + 1):
        jump = sp.Mul(*ss[:max(0, l + offset)])
        r += step.subs({k: ks[l - 1], d: ds[l - 1], J: jump})
    return r, ks, ss, ds


def check_receptive_product(text: str, prose: str = "") -> StatementResult | None:
    """The verdict on ``text`` as the receptive-field recursion with a product, or ``None``."""
    read = _read(text) if _WORDS.search(prose) else None
    found = _step(read[1], read[0]) if read else None
    if found is None:
        return None
    step, k, d, J = found
    layer, _, offset = read
    named = f"read as k_{layer} = kernel, s_i = stride of layer i" + (f", d_{layer} = dilation" if step.has(d) else
                                                                     "; no dilation (the formula names none)")
    truth_step = J * (d if step.has(d) else 1) * (k - 1)
    for depth in range(1, DEPTHS + 1):
        r, ks, ss, ds = _unrolled(step, k, d, J, offset, depth)
        true = receptive_field_expr(depth)[0].subs({x: 1 for x in ds[:depth]} if not step.has(d) else {})
        if sp.expand(r - true) != 0:
            return _refuted(step, k, d, J, offset, depth, layer, named)
    from ..theorems import THEOREMS, prove
    theorem = prove(THEOREMS["size.receptive_field_step"])
    base = f"unrolled from r_0 = 1 it equals convproof's receptive field for depths 1..{DEPTHS} (SymPy); {named}"
    if offset == -1 and sp.expand(step - truth_step) == 0 and theorem.status == "proved":
        return StatementResult("holds", KIND, f"for every depth by induction: the step equals J d(k-1) with "
                                              f"J = prod_{{i<{layer}}} s_i, the step of theorem "
                                              f"size.receptive_field_step (proved now by z3); {base}")
    return StatementResult("unchecked", KIND, f"not proved for every depth; {base}")


def _refuted(step, k, d, J, offset, depth, layer, named):
    roles = 3 if step.has(d) else 2
    for values in sorted(product(range(1, 4), repeat=roles * depth), key=sum) if depth <= 3 else ():
        kern, strd = values[:depth], values[depth:2 * depth]
        dil = values[2 * depth:] or (1,) * depth
        r, ks, ss, ds = _unrolled(step, k, d, J, offset, depth)
        claimed = r.subs({**dict(zip(ks, kern)), **dict(zip(ss, strd + (1, 1))), **dict(zip(ds, dil))})
        true = receptive_field_bruteforce(list(kern), list(strd), list(dil))
        if claimed != true:
            where = f"{depth} layer{'s' if depth > 1 else ''} with kernels {list(kern)}, strides {list(strd)}" + \
                    (f", dilations {list(dil)}" if step.has(d) else "")
            return StatementResult("wrong", KIND, f"wrong for {where}: the recursion from r_0 = 1 gives {claimed}, "
                                                  f"the input positions one output unit sees: {true}; {named}",
                                   [{"row": None, "col": None, "claimed": str(claimed), "expected": str(true),
                                     "where": where}])
    return StatementResult("unchecked", KIND, f"not convproof's receptive field at depth {depth}, but no small "
                                              f"counterexample; {named}")
