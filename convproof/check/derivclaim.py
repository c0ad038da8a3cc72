r"""A derivative against a formula, checked where the generic comparison leaves free symbols.

:func:`derivative_claim` re-judges a link that :mod:`.compare` left ``unchecked`` because free
symbols remain:

* names bound to notation (``p_1 = e^{z_1}/(e^{z_1} + e^{z_2})``) whose symbols now have values
  (``z_1 = 2``) are valued there and compared (``wrong`` only when the notation was stated in
  this passage and no printed input is uncertain);
* a derivative (``\sigma'(z)``, ``f'(x)`` of a defined ``f``, a derivative name) against a
  formula in the same variables that is not an identity is ``wrong`` when the difference is
  nonzero at a rational point and the variables are single names (a vector family ``y_1, y_2``
  may be constrained by the prose: left unchecked); against a constant (``f'(x) = 0``) it is
  an equation to solve, not a claim (left unchecked), unless the statement puts a sign
  condition on every variable (``\operatorname{ReLU}'(z) = 0, \quad z > 0``: wrong).

>>> from convproof.check.document import check_text
>>> [e.status for e in check_text("$$\\tanh'(z) = 1 + \\tanh^2(z)$$", "md", "x").equations]
['wrong']
"""

from __future__ import annotations

import sympy as sp

from .approx import classify
from .derivative import split_derivative
from .derivlink import (_ERRORS, _decimal, _names, _shown, _vector_family, _wrong, is_zero,
                        nonzero_at_point)
from .formulas import formula_of, fresh, point_of
from .nodes import Name
from .texfmt import value_latex
from .verdict import Link
from .walk import walk

__all__ = ["derivative_claim", "gradient_of_defined"]


def _has_derivative(node) -> bool:
    """A side that states a derivative: a primed function, a derivative name, ``\\nabla f``,
    the operator ``\\frac{d}{dx}``."""
    from .diffop import DiffOp
    return any(getattr(n, "primes", 0) or isinstance(n, DiffOp) or (isinstance(n, Name) and (
        split_derivative(n.key) or n.key.startswith("\\nabla "))) for n in walk(node))


def _notation_keys(a, b, env) -> list:
    """Keys read by ``a`` or ``b`` whose bindings keep symbols (notation)."""
    out = []
    for side in (a, b):
        for key in side.used:
            binding = env.lookup(key)
            if binding is not None and getattr(binding.value, "free_symbols", None) and \
                    not isinstance(binding.value, sp.MatrixBase):
                out.append(key)
    return out


def _valued(link: Link, a, b, env, src: str) -> Link:
    """A link left with free symbols because a name is bound to notation (``p_1 =
    e^{z_1}/(e^{z_1} + e^{z_2})``) whose symbols now have values (``z_1 = 2``): compared at
    those values; a difference is ``wrong`` only when the notation was stated in this passage
    and no printed input is uncertain."""
    keys = _notation_keys(a, b, env)
    fresh()
    if not keys or isinstance(a.value, sp.MatrixBase) or isinstance(b.value, sp.MatrixBase):
        return link
    try:
        pa, ua = point_of(a.value, env)
        pb, ub = point_of(b.value, env)
        va, vb = a.value.xreplace(pa), b.value.xreplace(pb)
        if va.free_symbols or vb.free_symbols:
            return link
        claimed, value, other = (b, vb, va) if _decimal(b.node) or not _decimal(a.node) \
            else (a, va, vb)
        dec = _decimal(claimed.node)
        verdict = classify(other, dec[0], dec[1]) if dec and dec[1] > 0 else \
            ("exact" if is_zero(other - value) else "wrong")
    except _ERRORS:
        return link
    names = _names(set(pa) | set(pb))
    if verdict in ("exact", "rounded"):
        return Link("holds", "exact" if verdict == "exact" else "approximation",
                    f"holds at the current values of {names} (value {sp.N(other, 10)})")
    here = env.here[0] if env.here else None
    local = all(getattr(formula_of(k, env), "passage", None) == here for k in keys)
    if verdict == "wrong" and local and not ua and not ub:
        expected = value_latex(other, digits=dec[1]) if dec else _shown(other)
        return _wrong(f"at the current values of {names}: expected {expected} "
                      f"(value {sp.N(other, 10)})", claimed.node, src, expected)
    return link


def derivative_claim(link: Link, a, b, env, src: str = "") -> Link:
    """A link between a derivative (``\\sigma'(z)``, ``f'(x)`` of a defined ``f``) and a formula
    in the same variables that is not an identity: ``wrong`` when the difference is nonzero at
    a rational point and the variables are single names (not a vector family the prose may
    constrain); any other link is returned as it is."""
    if link.kind != "free-symbols" or a.value is None or b.value is None:
        return link
    valued = _valued(link, a, b, env, src)
    if valued is not link:
        return valued
    sides = [s for s in (a, b) if _has_derivative(s.node)]
    if len(sides) != 1 or isinstance(a.value, sp.MatrixBase) or \
            isinstance(b.value, sp.MatrixBase):
        return link
    deriv = sides[0]
    other = b if deriv is a else a
    try:
        diff = deriv.value - other.value
        if not (other.value.free_symbols or _conditioned(diff, env)) or \
                not other.value.free_symbols <= deriv.value.free_symbols or \
                _vector_family(diff.free_symbols) or not nonzero_at_point(diff):
            return link
        expected = value_latex(deriv.value)
    except _ERRORS:
        return link
    free = ", ".join(sorted(s.name for s in diff.free_symbols))
    how = f"for some values of {free}" if free else f"by {value_latex(diff)}"
    return _wrong(f"not an identity: the derivative is {expected}, the claim differs from it "
                  f"{how}", other.node, src, expected)


def _conditioned(diff, env) -> bool:
    """Every variable of ``diff`` has a sign condition this statement states
    (``\\operatorname{ReLU}'(z) = 0, z < 0``): a claim for all such values, not an equation."""
    quantified = getattr(env, "quantified", None) or {}
    return bool(diff.free_symbols) and all(quantified.get(s.name) for s in diff.free_symbols)


def gradient_of_defined(target, env) -> bool:
    """``\\nabla f(x) = 2x`` where the document defines ``f``: a claim about the derivative of
    ``f`` (checked), not the definition of a new function named ``\\nabla f``."""
    return bool(target) and target[0] == "func" and target[1].startswith("\\nabla ") and \
        env.function(target[1][len("\\nabla "):]) is not None
