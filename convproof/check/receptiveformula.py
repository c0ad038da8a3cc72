r"""Receptive-field formulas of a stack of convolutions, for all sizes: ``r = k_1 + (k_2 - 1) s_1``.

Read when the text before the formula speaks of the receptive field ("receptive field",
"рецептивн..", "поле восприятия") and the left side is ``r``/``R`` (``r_2``, ``r_L``, ``RF``). The names
are the layers' kernels ``k_l``/``F_l``, strides ``s_l``/``S_l`` and dilations ``d_l`` numbered
``1..L`` (``L`` the largest kernel number; a numbered left side must be ``L``). The formula is
compared with :func:`convproof.nn.receptive.receptive_field_expr` (convproof's explicit ``r`` in
symbols, dilation 1 where the formula names none): ``holds`` when the difference expands to zero
(an identity for every size), else ``wrong`` with the smallest sizes where they differ, the true
value from :func:`convproof.nn.receptive.receptive_field_bruteforce` (index maps followed one by one).

>>> from convproof.check.parse import parse_chain
>>> check_receptive_formula(parse_chain("r = k_1 + (k_2 - 1) s_1"), "the receptive field of two layers").status
'holds'
"""

from __future__ import annotations

import re
from itertools import product

import sympy as sp

from ..nn.receptive import receptive_field_bruteforce, receptive_field_expr
from .nodes import Name
from .sizeroles import formula_names
from .verdict import StatementResult

__all__ = ["check_receptive_formula"]

KIND = "receptive-field"
_WORDS = re.compile(r"receptive field|рецептивн\w*|пол\w* (?:восприятия|зрения)", re.I)
_LHS = {"r", "R", r"\text{RF}", "RF", r"\mathrm{RF}"}
_LETTERS = {"k": "k", "F": "k", "f": "k", "s": "s", "S": "s", "d": "d"}
MAX_DEPTH = 4


def _roles(chain):
    lhs = chain.sides[0]
    if not isinstance(lhs, Name) or lhs.key.split("_")[0] not in _LHS or lhs.label is not None:
        return None
    names = formula_names(chain.sides[1])
    if not names:
        return None
    roles = {}
    for n in names:
        if n.base not in _LETTERS or n.label is not None or n.sub is None or not n.sub.isdigit():
            return None
        roles[n.key] = (_LETTERS[n.base], int(n.sub))
    depth = max((j for r, j in roles.values() if r == "k"), default=0)
    if depth < 1 or depth > MAX_DEPTH or any(j < 1 or j > depth for _, j in roles.values()):
        return None
    if lhs.sub is not None and lhs.sub != str(depth) and lhs.sub not in ("L", "l"):
        return None
    if {j for r, j in roles.values() if r == "k"} != set(range(1, depth + 1)):
        return None
    if len({v for v in roles.values()}) != len(roles):
        return None  # k_1 and F_1 in one formula
    return roles, depth


_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "одного": 1, "двух": 2,
                 "трёх": 3, "трех": 3, "четырёх": 4, "четырех": 4, "пяти": 5, "шести": 6}
_DEPTH = re.compile(r"\b(\d|" + "|".join(_NUMBER_WORDS) + r")\s+(?:layers?|(?:свёрточн|сверточн)?\w*\s*сло\w*)",
                    re.I)


def _stated_depth(prose: str) -> int | None:
    """The number of layers the last sentence-ish stretch of prose names ("of two layers", "3 слоя")."""
    found = _DEPTH.findall(prose[-300:])
    if not found:
        return None
    word = found[-1].lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word)


def check_receptive_formula(chain, prose: str = ""):
    """The verdict on ``chain`` as a receptive-field formula, or ``None`` when not read as one."""
    if len(chain.sides) != 2 or chain.rels != ["="] or not _WORDS.search(prose):
        return None
    found = _roles(chain)
    if found is None:
        return None
    roles, depth = found
    r, k, s, d = receptive_field_expr(depth)
    table = {"k": k, "s": s, "d": d}
    symbols = {key: table[role][j - 1] for key, (role, j) in roles.items()}
    from .formulatree import to_sympy
    try:
        stated = to_sympy(chain.sides[1], symbols)
    except (KeyError, ValueError, ZeroDivisionError):
        return None
    named = set(symbols.values())
    truth = r.subs({x: 1 for x in s + d if x not in named})  # strides, dilations not named: 1
    reading = "read as " + ", ".join(f"{key} = {'kernel' if role == 'k' else 'stride' if role == 's' else 'dilation'} "
                                     f"of layer {j}" for key, (role, j) in roles.items())
    from .sizeroles import context_sets as _context_sets
    used = {role for role, _ in roles.values()} | {"p"}
    why = _context_sets(prose[:-len(chain.source)] if chain.source and prose.endswith(chain.source) else prose,
                        used)
    if why:
        return StatementResult("unchecked", KIND, f"receptive field {why}; {reading}")
    unnamed = [w for role, w in (("s", "stride 1"), ("d", "no dilation")) if role not in used]
    if unnamed:
        reading += f" ({', '.join(unnamed)}: the formula names none)"
    told = _stated_depth(prose)
    if told is not None and told != depth:
        return StatementResult("unchecked", KIND, f"the text speaks of {told} layers, the formula names layers up "
                                                  f"to {depth}: not compared; {reading}")
    if sp.expand(stated - truth) == 0:
        return StatementResult("holds", KIND, f"an identity for all sizes: equals convproof's receptive field of "
                                              f"{depth} layers (SymPy expansion); {reading}")
    return _refuted(chain, stated, roles, depth, k, s, d, reading)


def _refuted(chain, stated, roles, depth, k, s, d, reading):
    keys = sorted(roles)
    for values in sorted(product(range(1, 5), repeat=len(keys)), key=sum):
        v = dict(zip(keys, values))
        kern, strd, dil = [1] * depth, [1] * depth, [1] * depth
        for key, (role, j) in roles.items():
            {"k": kern, "s": strd, "d": dil}[role][j - 1] = v[key]
        claimed = stated.subs({x: val for x, val in zip(k + s + d, kern + strd + dil)})
        true = receptive_field_bruteforce(kern, strd, dil)
        if claimed != true:
            where = ", ".join(f"{key}={v[key]}" for key in keys)
            return StatementResult("wrong", KIND, f"wrong for {where}: the formula gives {claimed}, the input positions "
                                                  f"one output unit sees: {true}; {reading}",
                                   [{"row": None, "col": None, "claimed": str(claimed), "expected": str(true),
                                     "where": where}])
    return StatementResult("unchecked", KIND, f"not an identity but no small counterexample; {reading}")
