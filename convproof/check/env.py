"""Names carried across a document: values (``T := [..]``) and functions (``f(x) = x^2 - 2``).

A reader of lecture notes assumes that ``\\mathbf{T} = \\begin{bmatrix}..\\end{bmatrix}`` in one
equation defines ``T`` for the later ones, and that ``f(x) = x^2 - 2`` defines ``f``.  An
:class:`Env` records such definitions in document order with the line that made them; a later
definition of the same name replaces the earlier one.

>>> import sympy as sp
>>> env = Env()
>>> env.define("x_{0}", sp.Integer(3), line=4)
>>> env.lookup("x_{0}").value, env.lookup("x_{0}").line
(3, 4)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

__all__ = ["Binding", "Env", "FuncDef"]


@dataclass(frozen=True)
class Binding:
    """A value bound to a name; ``ulp`` is set when the value is a printed decimal that may be
    rounded or truncated (the unit of its last printed digit); ``expr`` is the defining
    expression (a syntax-tree node) and ``sources`` the ``(key, Binding)`` pairs it read, so that
    a derivative of the name can be computed (:mod:`.derivative`); ``exact`` the value of the
    defining expression at exact inputs when ``value`` is a printed rounding of it."""

    value: object
    line: int
    ulp: sp.Rational | None = None
    expr: object = None
    sources: tuple = ()
    exact: object = None


@dataclass(frozen=True)
class FuncDef:
    """``name(params) = body``; ``body`` is a syntax-tree node, evaluated at each call."""

    params: tuple
    body: object
    line: int


@dataclass
class Env:
    """Definitions seen so far in one document."""

    values: dict = field(default_factory=dict)
    funcs: dict = field(default_factory=dict)
    opaque: dict = field(default_factory=dict)

    def define_opaque(self, key: str, line: int) -> None:
        """Record that ``key`` is defined at ``line`` by something not computed (a sum with
        bounds): its value is unknown, but it is not a fresh name either."""
        self.forget(key)
        self.opaque[key] = line

    def defined_at(self, key: str) -> int | None:
        """The line that defines ``key`` (value, function or opaque), or ``None``."""
        for table in (self.values, self.funcs):
            if key in table:
                return table[key].line
        return self.opaque.get(key)

    def define(self, key: str, value, line: int, ulp: sp.Rational | None = None,
               expr=None, sources: tuple = (), exact=None) -> None:
        """Bind ``key`` to ``value`` (replaces a function of the same name)."""
        self.funcs.pop(key, None)
        self.opaque.pop(key, None)
        self.values[key] = Binding(value, line, ulp, expr, tuple(sources), exact)

    def define_function(self, key: str, params: tuple, body, line: int) -> None:
        """Bind ``key`` to a function of ``params`` (replaces a value of the same name)."""
        self.values.pop(key, None)
        self.opaque.pop(key, None)
        self.funcs[key] = FuncDef(tuple(params), body, line)

    def forget(self, key: str) -> None:
        """Drop ``key``: a redefinition whose value could not be computed shadows the old one."""
        self.values.pop(key, None)
        self.funcs.pop(key, None)
        self.opaque.pop(key, None)

    def lookup(self, key: str) -> Binding | None:
        """The binding of ``key`` or ``None``."""
        return self.values.get(key)

    def function(self, key: str) -> FuncDef | None:
        """The function named ``key`` or ``None``."""
        return self.funcs.get(key)
