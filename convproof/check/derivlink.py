"""A stated derivative compared with the derivative computed from the document's formulas.

``\\frac{\\partial L}{\\partial w_1} = \\ldots`` where ``L`` has a formula (:mod:`.formulas`):
the formula of ``L`` is expanded through the formulas of the names it reads, down to ``w_1``
(kept as the variable) and the inputs, and differentiated exactly with SymPy.  The first side
after the derivative is evaluated with its names as symbols and every derivative it names
computed the same way (a chain-rule product ``\\frac{\\partial L}{\\partial y}
\\frac{\\partial y}{\\partial w}``: each factor computed, the product compared).  Then:

1. both sides expanded down to the inputs and their difference simplified to zero: ``holds``
   as an identity (for all values of the inputs);
2. otherwise both valued at the document's current values: a printed decimal holds when the
   exact derivative rounds to it; anything else is compared exactly; a difference that the last
   printed digit of the inputs can explain is ``unchecked``; a real difference is ``wrong``,
   but only when every formula used was stated in the statement's passage or agrees with the
   value the document prints for its name (else a formula of another example could be meant);
3. otherwise (symbols left without values) the difference is tested at a rational point:
   nonzero is ``wrong`` when the symbols left are single variables (a vector family ``y_1,
   y_2`` may be constrained by the prose, as one-hot targets are: ``unchecked``).

A formula whose value at the current values disagrees with the value printed for its name (by
more than 1 % and two units of the last digit) is taken as another quantity (the name is then an
input, :func:`~convproof.check.formulas.expand`).

>>> from convproof.check.document import check_text
>>> doc = ("$$L = (y - t)^2$$ $$y = 3$$ $$t = 1$$ "
...        "$$\\\\frac{\\\\partial L}{\\\\partial y} = 2(y - t) = 4$$")
>>> [e.status for e in check_text(doc, "md", "x.md").equations][-1]
'holds'
"""

from __future__ import annotations

import itertools

import sympy as sp

from . import hooks
from .approx import classify, numeric, within
from .derivative import split_derivative
from .evaluate import EvalError
from .formulas import (expand, formula_of, fresh, name_keys, point_of, set_aside, symbolic,
                       value_of)
from .nodes import printed_decimal as _decimal
from .texfmt import value_latex
from .verdict import Link

__all__ = ["derivative_expr", "derivative_link", "derivative_value", "is_zero", "nonzero_at_point"]

_ERRORS = (EvalError, TypeError, ValueError, ZeroDivisionError, AttributeError, RecursionError)
MAX_UNCERTAIN = 6
_SIMPLIFY_OPS = 400
_TOLERANCE = sp.Rational(1, 100)


def derivative_expr(num: str, den: str, env, used: dict):
    """The derivative of ``num`` by ``den`` (SymPy, in the inputs and ``den``), or raise."""
    if num == den:
        return sp.Integer(1)
    form = formula_of(num, env)
    if form is None:
        raise EvalError(f"{num} has no formula the checker can differentiate")
    used[num] = form
    expr = expand(symbolic(form.node, env), env, den, used)
    var = sp.Symbol(den)
    if var not in expr.free_symbols:
        aside = "; ".join(set_aside())
        raise EvalError(f"{num} does not depend on {den} through its formulas"
                        + (f" ({aside})" if aside else ""))
    return sp.diff(expr, var)


def _claimed_expr(node, env, used: dict):
    extra = {}
    for key in name_keys(node):
        parts = split_derivative(key)
        if parts is not None:
            extra[key] = derivative_expr(parts[0], parts[1], env, used)
    return symbolic(node, env, extra)


def is_zero(expr) -> bool:
    """Exactly zero (expanded, or simplified when small enough); a number without symbols is
    zero when it is below 1e-50 at 60 digits (as :func:`~convproof.check.approx.classify`)."""
    if not expr.free_symbols:
        val = numeric(expr)
        return val is not None and abs(val) < sp.Float("1e-50")
    if nonzero_at_point(expr):
        return False
    if sp.expand(expr) == 0:
        return True
    if sp.count_ops(expr) > _SIMPLIFY_OPS:
        return False
    return sp.simplify(expr) == 0 or sp.simplify(expr.rewrite(sp.exp)) == 0


def nonzero_at_point(expr) -> bool:
    """Whether ``expr`` is a nonzero real number at some rational point of its symbols
    (respecting sign assumptions): a proof that it is not identically zero."""
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    if any(s.is_integer for s in symbols) or expr.has(sp.floor, sp.ceiling, sp.Mod):
        return False  # a rational point says nothing about integer-valued symbols or floors
    for shift in (0, 1):
        point = {}
        for i, sym in enumerate(symbols):
            value = sp.Rational(3 + 2 * i + shift, 7 + 4 * i)
            point[sym] = -value if sym.is_negative or sym.is_nonpositive else value
        val = numeric(expr.xreplace(point))
        if val is not None and val.is_real and abs(val) > sp.Float("1e-20"):
            return True
    return False


def _corners(value, ulp):
    """The ends of where the unrounded value behind a printed ``value`` can lie (rounded:
    half a unit; truncated: up to one unit further from zero)."""
    if value == 0:
        return (-ulp, ulp)
    sign = 1 if value > 0 else -1
    return (value - sign * ulp / 2, value + sign * ulp)


def _range(expr, values: dict, ulps: dict):
    """``(lo, hi)`` of ``expr`` with each uncertain input at the ends of its printed digit."""
    if not ulps or len(ulps) > MAX_UNCERTAIN:
        return None, None
    fixed = {s: v for s, v in values.items() if s not in ulps}
    base = expr.xreplace(fixed)
    out = []
    for shifts in itertools.product(*(_corners(values[s], u) for s, u in ulps.items())):
        val = sp.N(base.xreplace(dict(zip(ulps, shifts))), 30)
        if not val.is_real or val.free_symbols:
            return None, None
        out.append(sp.Rational(str(val)))
    return min(out), max(out)


def _trusted(used: dict, env) -> bool:
    """Every formula used was stated in this passage or matches its printed value."""
    here = env.here[0] if env.here else None
    for key, form in used.items():
        if form.passage == here:
            continue
        value, _ = value_of(key, env)
        if env.lookup(key) is None or value is None:
            return False
    return True


def _lines(used: dict) -> str:
    return ", ".join(f"{k} (line {f.line})" for k, f in sorted(used.items(),
                                                             key=lambda kv: (kv[1].line, kv[0])))


def _vector_family(symbols) -> bool:
    bases = [s.name.split("_")[0] for s in symbols if "_" in s.name]
    return any(bases.count(b) > 1 for b in set(bases))


def _wrong(msg, node, src, expected) -> Link:
    claimed = src[node.span[0]:node.span[1]].strip() if src else "?"
    return Link("wrong", "derivative", msg,
                [{"row": None, "col": None, "claimed": claimed, "expected": expected}],
                [(node.span[0], node.span[1], expected)])


def _numeric_verdict(d_val, c_val, node, rel, src, ranges, trusted, what) -> Link:
    dec = _decimal(node)
    if dec is not None and (dec[1] > 0 or rel == r"\approx"):
        verdict = classify(d_val, dec[0], dec[1])
        expected = value_latex(d_val, digits=dec[1])
    else:
        verdict = "exact" if is_zero(d_val - c_val) else "wrong"
        expected = _shown(d_val)
    detail = "" if expected == str(sp.N(d_val, 10)) else f" (value {sp.N(d_val, 10)})"
    if verdict in ("exact", "rounded"):
        how = "exactly" if verdict == "exact" else "to the printed precision"
        return Link("holds", "exact" if verdict == "exact" else "approximation",
                    f"{what} holds {how} at the document's values (value {sp.N(d_val, 10)})")
    if verdict == "truncated":
        status = "holds" if rel == r"\approx" else "unchecked"
        return Link(status, "truncated", f"{what}: the claim is truncated, rounding gives "
                    f"{expected}{detail}")
    lo, hi = ranges(dec)
    if lo is not None:
        return Link("unchecked", "input-precision", f"{what} gives {expected}{detail}; the claim "
                    "is reachable only within the last printed digit of the inputs")
    if not trusted:
        return Link("unchecked", "derivative", f"{what} gives {expected}{detail}, not the claim; "
                    "a formula used was stated in another passage: not compared")
    return _wrong(f"{what} gives {expected}{detail}", node, src, expected)


def _compare(d, c, node, env, rel, src, used, what) -> Link:
    base_used: dict = {}
    db, cb = expand(d, env, None, base_used), expand(c, env, None, base_used)
    if is_zero(db - cb):
        free = _names(db.free_symbols | cb.free_symbols)
        return Link("holds", "identity", f"{what} holds as an identity"
                    + (f" in {free}, for all their values" if free else ""))
    used.update(base_used)
    d_point, d_ulps = point_of(d, env)
    c_point, c_ulps = point_of(c, env)
    d_val, c_val = d.xreplace(d_point), c.xreplace(c_point)
    trusted = _trusted(used, env)
    if not d_val.free_symbols and not c_val.free_symbols:
        def ranges(dec):
            if dec is not None and (dec[1] > 0 or rel == r"\approx"):
                lo, hi = _range(d, d_point, d_ulps)
                return (lo, hi) if lo is not None and within(lo, hi, dec[0], dec[1]) else \
                    (None, None)
            both = {**d_point, **c_point}
            lo, hi = _range(d - c, both, {**d_ulps, **c_ulps})
            return (lo, hi) if lo is not None and lo <= 0 <= hi else (None, None)
        return _numeric_verdict(d_val, c_val, node, rel, src, ranges, trusted, what)
    rest = (d_val - c_val).free_symbols
    expected = _short(value_latex(d_val))
    if not c_val.free_symbols:      # dL/dw = 0 with w free: an equation to solve, no claim
        return Link("unchecked", "derivative", f"{what} is {expected}; equal to "
                    f"{_shown(c_val)} only for some values of {_names(rest)} (an equation "
                    "to solve?)")
    if trusted and not _vector_family(rest) and c_val.free_symbols <= d_val.free_symbols | \
            {sp.Symbol(k) for k in used} and nonzero_at_point(d_val - c_val):
        return _wrong(f"{what} is {expected}: not equal for all values of "
                      f"{', '.join(sorted(s.name for s in rest))}", node, src, expected)
    return Link("unchecked", "derivative", f"{what} is {expected}; the claim is not an identity "
                f"in {', '.join(sorted(s.name for s in rest))} (a condition the prose may state)")


def derivative_link(chain, sides, env) -> Link | None:
    """Link 1 of ``\\frac{\\partial L}{\\partial y} = ...`` when ``L`` has a formula, else
    ``None`` (the caller keeps its own rule)."""
    parts = split_derivative(chain.sides[0].key)
    if parts is None or (parts[0] != parts[1] and formula_of(parts[0], env) is None):
        return None
    num, den = parts
    fresh()
    used: dict = {}
    what = f"the derivative of {num} by {den}, computed from the definitions,"
    try:
        d = derivative_expr(num, den, env, used)
        c = _claimed_expr(chain.sides[1], env, used)
        node, rel = chain.sides[1], chain.rels[0]
        if _stated_result(chain, c):    # D = 0.74 \cdot 0.19 = 0.082: the result is the claim
            node, rel = chain.sides[-1], chain.rels[-1]
            c = _decimal(node)[0]
            what += " (against the stated result)"
        link = _compare(d, c, node, env, rel, chain.source, used, what)
        if link.status == "wrong":
            link = _restated(link, chain.sides[0].key, sides[1].value, d, env)
    except _ERRORS as exc:
        return Link("unchecked", "derivative", f"the derivative of {num} by {den} not computed: "
                    f"{exc}")
    if used:
        link.message += f" (formulas: {_lines(used)})"
    return link


def _stated_result(chain, c) -> bool:
    """``D = <numbers> = <decimal>``: the first side is arithmetic on printed numbers whose
    result the chain states last; the derivative is compared with that decimal."""
    return len(chain.sides) > 2 and not getattr(c, "free_symbols", True) and \
        _decimal(chain.sides[1]) is None and _decimal(chain.sides[-1]) is not None and \
        all(r in ("=", r"\approx") for r in chain.rels)


def _shown(value) -> str:
    """LaTeX of a computed value: exact when rational, else 10 significant digits."""
    return value_latex(value) if isinstance(value, sp.Rational) else str(sp.N(value, 10))


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[:limit] + r" \ldots"


def _names(symbols, limit: int = 6) -> str:
    names = sorted(s.name for s in symbols)
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def _restated(link: Link, key: str, claimed, d, env) -> Link:
    r"""A wrong value for a derivative printed earlier with the value computed here: the
    document gives the name a new value (another example, as ``\frac{\partial L}{\partial
    x_1} = 0.7 + 1.5`` after ``= 0.5022``): unchecked."""
    previous = env.lookup(key)
    if previous is None or not _differs(previous.value, claimed):
        return link
    point, _ = point_of(d, env)
    if _differs(previous.value, d.xreplace(point)):
        return link
    return Link("unchecked", "redefinition",
                f"{key} was {value_latex(previous.value)} at line {previous.line}, as computed "
                f"here; the new value is another example's? not compared ({link.message})")


def _differs(old, new) -> bool:
    try:
        a, b = numeric(old), numeric(new)
    except _ERRORS:
        return False
    if a is None or b is None:
        return False
    return abs(a - b) > max(abs(a), abs(b)) * _TOLERANCE + sp.Float("1e-12")


@hooks.derivative_value.register
def derivative_value(key: str, env):
    """The value of the derivative name ``key`` with the document's current bindings (numbers
    or notation), computed from formulas stated in this passage (a factor of a chain rule
    without a printed value), or ``None``."""
    parts = split_derivative(key)
    if parts is None or formula_of(parts[0], env) is None:
        return None
    fresh()
    used: dict = {}
    try:
        d = derivative_expr(parts[0], parts[1], env, used)
    except _ERRORS:
        return None
    if not _trusted(used, env):
        return None
    subs = {}
    for sym in d.free_symbols:      # the names' values as the evaluator reads them
        binding = env.lookup(sym.name)
        if binding is not None and not isinstance(binding.value, sp.MatrixBase):
            subs[sym] = binding.value
    return d.xreplace(subs)
