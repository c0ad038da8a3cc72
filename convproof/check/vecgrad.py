r"""The gradient by a vector the document gives: ``\nabla_{\mathbf w} L = X^T (X w - y)``.

``\nabla_{\mathbf w} f`` (``f`` a name with a formula, or a bracketed expression) is computed
only where the document binds ``\mathbf w`` to an explicit vector or matrix (small matrices
given in the text): each entry of ``w`` becomes a symbol, ``f`` is evaluated with the document's
other values (it must be a scalar), differentiated by every entry exactly, and the gradient
(shaped as ``w``) is taken at the given ``w``.  The other names ``f`` reads must be given
values, not formulas of ``w`` (``r = X w - y``, ``L = r^T r``: ``r`` would be a constant here;
not evaluated), and the expression must name ``w`` (else it may depend on it through values
the prose computes: not evaluated).  A gradient by a vector without values (``\nabla_w (w^T x) = x`` with no
dimensions) is not evaluated.

>>> from convproof.check.document import check_text
>>> doc = ("$$X = \\begin{bmatrix} 1 & 2 \\\\ 0 & 1 \\end{bmatrix}, \\quad y = \\begin{bmatrix} 1 "
...        "\\\\ 1 \\end{bmatrix}, \\quad w = \\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}$$\n\n"
...        "$$\\nabla_{\\mathbf w} \\left(\\frac{1}{2}(X w - y)^T (X w - y)\\right) = "
...        "X^T (X w - y)$$")
>>> check_text(doc, "md", "x.md").equations[-1].status
'holds'
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from . import hooks
from .nodes import Name, Node, Span

__all__ = ["VecGrad", "eval_vecgrad"]

_SIMPLIFY_OPS = 60     # entries simplified for the message when this small


@dataclass(frozen=True)
class VecGrad(Node):
    """``\\nabla_{var} operand``."""

    operand: object
    var: str
    span: Span


def _body(ev, node: VecGrad):
    """The expression to differentiate: the operand, or the formula of a named operand."""
    from .evaluate import EvalError
    from .formulas import formula_of
    operand = node.operand
    if isinstance(operand, Name) and operand.key != node.var:
        form = formula_of(operand.key, ev.env)
        if form is None or form.params:
            raise EvalError(f"{operand.key} has no formula to differentiate")
        ev.used[operand.key] = form.line
        return form.node
    return operand


def _check_constants(body, var: str, env) -> None:
    from .diffop import _reads_formula
    from .evaluate import EvalError
    hidden = _reads_formula(body, var, env)
    if hidden is not None:
        raise EvalError(f"{hidden} is computed by a formula (it depends on {var}?): not "
                        "evaluated")


@hooks.eval_vecgrad.register
def eval_vecgrad(ev, node: VecGrad):
    """The gradient at the document's value of the variable (see the module docstring)."""
    from .evaluate import EvalError, Evaluator
    binding = ev.env.lookup(node.var)
    value = getattr(binding, "value", None)
    if not isinstance(value, sp.MatrixBase) or value.free_symbols:
        raise EvalError(f"a gradient by {node.var}, whose entries the document does not give")
    body = _body(ev, node)
    from .diffop import mentions
    if not mentions(body, node.var):
        raise EvalError(f"the expression does not name {node.var} (through what does it "
                        "depend on it?)")
    _check_constants(body, node.var, ev.env)
    entries = sp.Matrix(value.rows, value.cols,
                        lambda i, j: sp.Dummy(f"w{i}{j}"))
    inner = Evaluator(ev.env, {**ev.bound, node.var: entries}, ev.depth + 1)
    f = inner.eval(body)
    if isinstance(f, sp.MatrixBase):
        raise EvalError("a gradient of a vector or matrix (a Jacobian): not evaluated")
    ev.used.update(inner.used)
    ev.used[node.var] = binding.line
    point = dict(zip(entries, value))
    grad = entries.applyfunc(lambda s: sp.diff(f, s))
    return grad.xreplace(point).applyfunc(
        lambda e: sp.simplify(e) if sp.count_ops(e) <= _SIMPLIFY_OPS else e)
