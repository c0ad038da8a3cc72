r"""``\partial L / \partial w`` and ``\nabla_w L``: derivatives written on one line, read as the
derivative name.

The name is the one ``\frac{\partial L}{\partial w}`` gets, so the spellings denote the same
derivative (computed from the document's formulas, :mod:`.derivlink`).  Anything but a name on
either side of the slash (``\partial (a + b) / \partial w``) is not read; ``\nabla`` is read
with respect to a plain (not bold) name as the derivative; a gradient by a bold name, or of an
expression, is a :class:`~convproof.check.vecgrad.VecGrad` (evaluated only where the document
gives the vector's entries).

>>> from convproof.check.parse import parse_chain
>>> parse_chain(r"\partial L / \partial w_1 = 2").sides[0].key
'\\frac{\\partial L}{\\partial w_{1}}'
>>> parse_chain(r"\nabla_{w_1} L = 2").sides[0].key
'\\frac{\\partial L}{\\partial w_{1}}'
"""

from __future__ import annotations

from . import hooks
from .nodes import Name, ParseError

__all__ = ["nabla_derivative", "slash_derivative"]


@hooks.slash_partial.register
def slash_derivative(p, start: int) -> Name:
    """Parse ``\\partial NAME / \\partial NAME`` at the parser's position (on ``\\partial``)."""
    p.take()
    num = p.postfix()
    if not p.at("/"):
        raise ParseError("unsupported: partial derivatives")
    p.take()
    if not p.at(r"\partial"):
        raise ParseError("unsupported: partial derivatives")
    p.take()
    den = p.postfix()
    if not (isinstance(num, Name) and isinstance(den, Name)):
        raise ParseError(r"\partial of an expression, not of a name")
    key = r"\frac{\partial " + num.key + r"}{\partial " + den.key + "}"
    return Name(key, key, None, None, p.span_from(start))


@hooks.nabla_subscript.register
def nabla_derivative(p, start: int) -> Name:
    """Parse ``_{NAME} NAME`` after ``\\nabla`` (the parser is on the ``_``)."""
    from .parse import Parser
    p.take()
    group = p.group_tokens()
    var = Parser(group, p.src).whole_expr() if group else None
    func = p.postfix()
    if isinstance(var, Name) and not getattr(func, "bold", False) and (
            var.bold or not isinstance(func, Name)):   # by a vector the document gives: vecgrad.py
        from .vecgrad import VecGrad
        return VecGrad(func, var.key, p.span_from(start))
    if not (isinstance(var, Name) and isinstance(func, Name)) or var.bold or func.bold:
        raise ParseError(r"\nabla with respect to a vector or of an expression")
    key = r"\frac{\partial " + func.key + r"}{\partial " + var.key + "}"
    return Name(key, key, None, None, p.span_from(start))
