r"""The derivative operator: ``\frac{d}{dz}\sigma(z)``, ``\frac{\partial}{\partial x}(x^2 y)``,
``\frac{d}{dx}\left[\ln(1+e^x)\right]``.

The operand is what the operator visibly reaches: a bracketed group or a call right after it
(``\frac{d}{dx}(x^2) + 1`` differentiates ``x^2`` only), or else a product of juxtaposed factors
that must end the side (``\frac{d}{dx} x^2 y = 2xy``); a bare operand followed by ``+``/``-``
(``\frac{d}{dx} x^2 + 1``: does the operator reach the ``1``?) is not read.

The operand is *evaluated* with the variable as a fresh symbol and differentiated exactly with
SymPy; the result is then taken at the variable's current value (a number bound in the
document, else the symbol itself).  A name in the operand whose value the document computes by
a formula (``L = (y - t)^2``) is not a constant, and an operand that does not name the variable
may depend on it through values the prose computes: the operator is then not evaluated (the
derivative name ``\frac{\partial L}{\partial y}`` is computed from the formulas instead,
:mod:`.derivlink`).  ``\frac{d^2}{dx^2}`` is the second derivative (orders up to 3); a
mixed one (``\frac{\partial^2}{\partial x \partial y}``) is not read.

>>> from convproof.check.document import check_text
>>> doc = "$$\\frac{d}{dx}\\left[x^3\\right] = 3x^2$$ $$\\frac{d}{dx}(x^3) = 3x$$"
>>> [e.status for e in check_text(doc, "md", "x.md").equations]
['holds', 'wrong']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp

from . import hooks
from .nodes import Name, Node, ParseError, Span

__all__ = ["DiffOp", "diff_operator", "eval_diffop", "is_operator", "mentions"]

_D = {"d", r"\partial"}
_DELIMITED = {"(", "[", r"\left", r"\big", r"\Big", r"\bigl", r"\Bigl"}
_T = sp.Dummy("t")


@dataclass(frozen=True)
class DiffOp(Node):
    """``d operand / d var`` (``var`` is the key of the variable's name)."""

    operand: object
    var: str
    order: int
    span: Span


def _d_text(tokens) -> str:
    return "".join(t.text for t in tokens).replace("{", "").replace("}", "").replace(
        r"\mathrm", "").replace(r"\operatorname", "")


_POWER = re.compile(r"^(d|\\partial)(?:\^(\d))?$")


@hooks.is_diff_operator.register
def is_operator(num, den) -> bool:
    """``{d}{dx}`` / ``{\\partial}{\\partial x}`` / ``{d^2}{dx^2}``: the numerator is a bare
    ``d`` (or its power)."""
    return bool(_POWER.match(_d_text(num))) and len(den) > 1 and \
        den[0].text in _D | {r"\mathrm"}


def _order_and_var(num, den):
    """``(order, variable tokens)``; a mixed or unmatched higher derivative is not read."""
    order = int(_POWER.match(_d_text(num)).group(2) or 1)
    tokens = den[1:] if den[0].text != r"\mathrm" else den[4:]
    if order > 1:
        text = _d_text(tokens)
        if not text.endswith(f"^{order}"):
            raise ParseError("a higher derivative whose orders do not match")
        cut = max(i for i, t in enumerate(tokens) if t.text == "^")
        tokens = tokens[:cut]
    if any(t.text in _D for t in tokens) or order > 3:
        raise ParseError("a mixed or high-order derivative (not read)")
    return order, tokens


def _followers() -> set:
    from .parse import EQ_CMDS, OTHER_RELATIONS
    return {"=", ",", ")", "]", r"\right", "&", r"\quad", r"\qquad", r"\\", ";", ".", ":"} | \
        OTHER_RELATIONS | set(EQ_CMDS)


@hooks.diff_operator.register
def diff_operator(p, num, den, start: int) -> DiffOp:
    """Parse the operand after ``\\frac{d}{dx}`` (the parser is just after the fraction)."""
    from .atoms import _inner_key
    order, var_tokens = _order_and_var(num, den)
    var = _inner_key(var_tokens, p)
    if not var or " " in var.strip() or "^" in var:
        raise ParseError("derivative operator by an expression (only by a name is read)")
    tok = p.peek()
    if tok is None:
        raise ParseError("derivative operator without an operand")
    if tok.text in _DELIMITED:
        operand = p.postfix()
    else:
        operand = p.term()
        nxt = p.peek()
        if nxt is not None and nxt.text not in _followers():
            raise ParseError("derivative operator: its reach is ambiguous (put the operand "
                             "in brackets)")
    return DiffOp(operand, var, order, p.span_from(start))


def _reads_formula(node, var: str, env) -> str | None:
    """A name the operand reads (not the variable) whose value a formula computes."""
    from .formulas import formula_of
    from .walk import walk
    for n in walk(node):
        if isinstance(n, Name) and n.key != var and formula_of(n.key, env) is not None and \
                env.function(n.key) is None:
            return n.key
    return None


def mentions(node, var: str) -> bool:
    """Whether ``node`` names ``var`` (an operand without it may still depend on it through
    values the prose computes: its derivative is not taken to be zero)."""
    from .walk import walk
    return any(isinstance(n, Name) and n.key == var for n in walk(node))


@hooks.eval_diffop.register
def eval_diffop(ev, node: DiffOp):
    """The derivative of the operand by the variable, at the variable's current value."""
    from .evaluate import EvalError, Evaluator
    if not mentions(node.operand, node.var):
        raise EvalError(f"the operand does not name {node.var} (through what does it depend "
                        "on it?)")
    hidden = _reads_formula(node.operand, node.var, ev.env)
    if hidden is not None:
        raise EvalError(f"the operand reads {hidden}, which a formula computes (use the "
                        "derivative name)")
    inner = Evaluator(ev.env, {**ev.bound, node.var: _T}, ev.depth + 1)
    value = inner.eval(node.operand)
    if isinstance(value, sp.MatrixBase):
        raise EvalError("derivative operator on a vector or matrix")
    value = value.xreplace({s: _T for s in value.free_symbols if s.name == node.var})
    ev.used.update(inner.used)
    ev.free |= inner.free - {node.var}
    ev.assumed.extend(inner.assumed)
    deriv = sp.diff(value, _T, node.order)
    at = ev.eval(Name(node.var, node.var, None, None, node.span))
    if isinstance(at, sp.MatrixBase):
        raise EvalError(f"{node.var} is a vector or matrix")
    return deriv.xreplace({_T: at})
