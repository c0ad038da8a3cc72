r"""Size formulas for every size: ``W_2 = (W_1 - F + 2P)/S + 1`` proved or refuted with z3.

A statement the checker files as a definition (a bare name on the left, free symbols on the right)
is read here as a size formula when its names are the quantities of a convolution
(:mod:`.sizeroles`). The formula is converted from the parsed tree to SymPy (no string is
evaluated) and compared, for all integer sizes, with convproof's own definitions:

* output size ``o``: the number of window placements of the (dilated) kernel in the padded input
  (:func:`convproof.theorems.common.is_count`);
* transposed output size ``o'`` (input ``i'``, output padding ``a``): PyTorch's
  ``(i'-1)s - 2p + d(k-1) + a + 1`` (:func:`convproof.geometry.conv_transpose_output_size`).

``holds`` only when z3 proves the equality under the standard hypotheses (``n, k, s, d >= 1``,
``p >= 0``, the kernel fits); a refuted formula is ``wrong`` with z3's smallest counterexample,
confirmed by counting the window positions (or with :mod:`convproof.geometry` for the transposed
size). A formula with an unfloored division that is right exactly when the division is exact
says so; when the document itself states that condition (the size must be an integer, the stride
must divide), the formula is proved under it. Undecided by z3: ``unchecked``.

>>> from convproof.check.parse import parse_chain
>>> check_size_formula(parse_chain(r"o = \left\lfloor \frac{i + 2p - k}{s} \right\rfloor + 1")).status
'holds'
>>> r = check_size_formula(parse_chain(r"W_2 = (W_1 - F + 2P)/S + 1"))
>>> r.status, r.mismatches[0]["where"]
('wrong', 'W_{1}=2, F=1, S=2, P=0')
"""

from __future__ import annotations

import re
from functools import lru_cache

import sympy as sp
import z3

from ..geometry import conv_transpose_output_size, kernel_span
from ..theorems.common import is_count, span
from ..theorems.engine import Query, prove_query
from ..theorems.sympy_bridge import to_z3
from .formulatree import to_sympy
from .sizeroles import ROLE_WORDS, SPAN_KEYS, context_sets as _context_sets, roles
from .verdict import StatementResult

__all__ = ["check_size_formula", "to_sympy", "states_divisibility", "divisibility_lines"]

KIND = "size-formula"
TIMEOUT_MS = 1500  # per z3 try: a statement has a 5 s budget in all
_ORDER = ("n", "k", "s", "p", "d", "a")
_DIVIDES = re.compile(r"integer|whole number|divisib|divides|целы\w*|дел(?:ит|ится)|\\mid|\\bmod|\bmod\b|"
                      r"кратн\w*")


def states_divisibility(prose: str) -> bool:
    """Does the text before the formula (or the formula's own line) say the division must be
    exact ("must be an integer", "S divides", "должно быть целым")?

    >>> states_divisibility("the size must be an integer"), states_divisibility("the output size is")
    (True, False)
    """
    return bool(_DIVIDES.search(prose.lower()))


def divisibility_lines(text: str) -> list[tuple[int, int]]:
    """``(offset, line)`` of every place in a document that states an exactness condition
    (the words of :func:`states_divisibility`), in order: a formula later in the document is
    proved under the condition the document stated earlier, wherever it stands.

    >>> divisibility_lines("a\\nthe output size must be an integer\\n")
    [(29, 2)]
    """
    return [(m.start(), text.count("\n", 0, m.start()) + 1)
            for m in re.finditer(_DIVIDES.pattern, text, flags=re.IGNORECASE)]


def _variables() -> dict:
    return {r: z3.Int(r) for r in _ORDER}


def _hypotheses(v: dict, transposed: bool) -> list:
    hyps = [v[r] >= 1 for r in ("n", "k", "s", "d")] + [v["p"] >= 0, v["a"] >= 0, v["a"] < v["s"]]
    if not transposed:
        hyps.append(span(v["k"], v["d"]) <= v["n"] + 2 * v["p"])
    return hyps


def _defaults(used: set, v: dict) -> list:
    """Roles the formula does not name take their neutral value (no dilation, no padding, ...)."""
    neutral = {"d": 1, "p": 0, "a": 0, "s": 1}
    return [v[r] == val for r, val in neutral.items() if r not in used]


@lru_cache(maxsize=512)
def _proof(expr, role_items: tuple, transposed, exact_division: bool, name: str, timeout_ms: int):
    """z3's outcome on the query of ``expr``; a pure function of its (hashable, exact SymPy) inputs,
    so a formula restated in the same roles (``W`` and ``H``, or again later) is proved once."""
    return prove_query(_query(expr, dict(role_items), transposed, exact_division), name, timeout_ms)


def _query(expr, role_syms: dict, transposed, exact_division: bool):
    v = _variables()
    env = {sym: v[role] for role, sym in role_syms.items()}
    num, den, side, dens = to_z3(expr, env)
    o = z3.Int("o")
    hyps = _hypotheses(v, transposed) + _defaults(set(role_syms), v) + side
    if transposed == "span":
        hyps.append(o == span(v["k"], v["d"]))
    elif transposed:
        hyps.append(o == (v["n"] - 1) * v["s"] - 2 * v["p"] + span(v["k"], v["d"]) + v["a"])
        hyps.append(o >= 1)
    else:
        hyps.append(is_count(o, v["n"] + 2 * v["p"], span(v["k"], v["d"]), v["s"]))
        if exact_division:  # s q = n + 2p - span: the division is exact
            q = z3.Int("q")
            hyps += [q >= 0, v["s"] * q == v["n"] + 2 * v["p"] - span(v["k"], v["d"])]
    claim = z3.And(*[b > 0 for b in dens], num == den * o)
    variables = {r: v[r] for r in _ORDER if r in role_syms}
    return Query(variables, hyps, claim, {"count": o})


def _count_windows(n, k, s, p, d) -> int:
    """Window positions counted one by one (no formula): starts ``t`` with ``t % s == 0`` that fit."""
    padded, width = n + 2 * p, kernel_span(k, d)
    return sum(1 for t in range(padded) if t % s == 0 and t + width <= padded)


def _truth(cex: dict, transposed: bool) -> int:
    full = {"n": 1, "k": 1, "s": 1, "p": 0, "d": 1, "a": 0, **cex}
    if transposed == "span":  # the taps 0, d, ..., d(k-1), counted
        return max(range(0, full["d"] * full["k"], full["d"])) + 1
    if transposed:
        return conv_transpose_output_size(full["n"], full["k"], full["s"], full["p"], None, full["d"], full["a"])
    return _count_windows(full["n"], full["k"], full["s"], full["p"], full["d"])


def _names_text(cex: dict, by_role: dict) -> str:
    return ", ".join(f"{by_role[r]}={cex[r]}" for r in _ORDER if r in cex and r in by_role)


def _reading(by_role: dict, out_key: str) -> str:
    parts = [f"{out_key} = {'kernel span' if out_key in SPAN_KEYS else 'output size'}"] + [f"{by_role[r]} = {ROLE_WORDS[r]}" for r in _ORDER if r in by_role]
    return "read as " + ", ".join(parts)


def _setup(chain, prose: str = ""):
    """``(expr, role_syms, by_role, transposed)`` or a reason string."""
    found, why = roles(chain)
    if found is None:  # \text subscripts, mixed letters, names given in the prose
        from .sizenames import general_roles
        found, _ = general_roles(chain, prose)
    if found is None:
        return why
    by_role, out_key = {}, chain.sides[0].key
    for key, role in found.items():
        if role != "o" and by_role.setdefault(role, key) != key:
            return f"{by_role[role]} and {key} both read as the {ROLE_WORDS[role]}"
    transposed = "span" if out_key in SPAN_KEYS else "'" in out_key
    if "a" in by_role and not transposed:
        return "an output padding a in a direct convolution's size"
    if transposed == "span" and "k" not in by_role:
        return "no kernel size in the formula"
    if transposed != "span" and ("n" not in by_role or "k" not in by_role):
        return "no input size or no kernel size in the formula"
    role_syms = {r: sp.Symbol(f"_{r}", integer=True) for r in by_role}
    symbols = {key: role_syms[role] for key, role in found.items() if role != "o"}
    try:
        expr = to_sympy(chain.sides[1], symbols)
    except (KeyError, ValueError, ZeroDivisionError) as exc:
        return f"formula not converted ({exc})"
    return expr, role_syms, by_role, transposed


def check_size_formula(chain, prose: str = "", timeout_ms: int = TIMEOUT_MS, condition_line: int | None = None):
    """The verdict on ``chain`` as a size formula, or ``None`` when it is not read as one
    (the reason is then not a finding: the statement stays the checker's definition).
    ``condition_line``: the line where the document stated earlier that the division is exact."""
    setup = _setup(chain, prose)
    if isinstance(setup, str):  # not an output size: perhaps a 'same' padding, a count
        from .countformula import check_count_formula
        from .receptiveformula import check_receptive_formula
        from .sizesame import check_same_padding
        return check_same_padding(chain, prose) or check_count_formula(chain, prose) or \
            check_receptive_formula(chain, prose)
    expr, role_syms, by_role, transposed = setup
    out_key = chain.sides[0].key
    reading = _reading(by_role, out_key)
    why = _context_sets(prose[:-len(chain.source)] if chain.source and prose.endswith(chain.source) else prose,
                        by_role) if transposed != "span" else None
    if why:
        return StatementResult("unchecked", KIND, f"size formula {why}; {reading}")
    what = {"span": "the dilated kernel span d(k-1) + 1", True: "the transposed output size (i'-1)s - 2p + d(k-1) + a + 1",
            False: "the number of window positions"}[transposed]
    outcome = _proof(expr, tuple(role_syms.items()), transposed, False, "size formula", timeout_ms)
    if outcome.status == "proved":
        return StatementResult("holds", KIND, f"proved for all sizes ({_hyps_text(by_role, transposed)}) equal to "
                                              f"{what} (z3); {reading}")
    if outcome.status != "refuted":
        return StatementResult("unchecked", KIND, f"size formula not decided: {outcome.reason}; {reading}")
    return _refuted(outcome.counterexample, expr, role_syms, by_role, transposed, prose, timeout_ms, reading,
                    condition_line)


def _hyps_text(by_role: dict, transposed: bool) -> str:
    names = [by_role[r] for r in ("n", "k", "s", "d") if r in by_role]
    parts = [f"{', '.join(names)} >= 1"]
    if "p" in by_role:
        parts.append(f"{by_role['p']} >= 0")
    if "a" in by_role:
        parts.append(f"0 <= {by_role['a']} < {by_role.get('s', 's')}")
    if transposed == "span":
        return ", ".join(parts)
    if not transposed:
        parts.append("the kernel fits the padded input")
    neutral = [w for r, w in (("s", "stride 1"), ("p", "no padding"), ("d", "no dilation"), ("a", "no output padding"))
               if r not in by_role and (transposed or r != "a")]
    if neutral:
        parts.append(f"{', '.join(neutral)}: the formula names none")
    return ", ".join(parts)


def _refuted(cex, expr, role_syms, by_role, transposed, prose, timeout_ms, reading, condition_line=None):
    values = {role_syms[r]: cex[r] for r in role_syms if r in cex}
    stated = expr.subs(values)
    true = _truth(cex, transposed)
    if stated == true:  # z3's model and the count disagree: never report an unconfirmed error
        return StatementResult("unchecked", KIND, f"counterexample {cex} not confirmed by counting; {reading}")
    where = _names_text(cex, by_role)
    counted = {"span": "counted span of the taps", True: "by PyTorch's definition",
               False: "counted window positions"}[transposed]
    message = f"wrong for {where}: the formula gives {stated}, {counted}: {true}; {reading}"
    mism = {"row": None, "col": None, "claimed": str(stated), "expected": str(true), "where": where}
    if not transposed and _unfloored(expr):
        exact = _proof(expr, tuple(role_syms.items()), False, True, "size formula | exact", timeout_ms)
        if exact.status == "proved":
            cond = f"{by_role.get('s', 's')} divides the padded input size minus the kernel span"
            if states_divisibility(prose) or condition_line is not None:
                where = "here" if states_divisibility(prose) else f"at line {condition_line}"
                return StatementResult("holds", KIND, f"proved for all sizes where {cond}, the condition the "
                                                      f"document states {where} (z3); without it {message}")
            message += f"; right exactly when {cond} (the division is exact): write a floor or state the condition"
    return StatementResult("wrong", KIND, message, [mism])


def _unfloored(expr) -> bool:
    """A division outside every floor/ceiling."""
    bare = expr.replace(lambda e: isinstance(e, (sp.floor, sp.ceiling)), lambda e: sp.Integer(1))
    return sp.fraction(sp.together(bare))[1] != 1
