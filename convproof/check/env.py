"""Names carried across a document: values (``T := [..]``) and functions (``f(x) = x^2 - 2``).

A reader of lecture notes assumes that ``\\mathbf{T} = \\begin{bmatrix}..\\end{bmatrix}`` in one
equation defines ``T`` for the later ones, and that ``f(x) = x^2 - 2`` defines ``f``.  An
:class:`Env` records such definitions in document order with the line that made them; a later
definition of the same name replaces the earlier one.  A definition is visible only where
:mod:`.scope` says (its passage, its table row, until it lapses; never for a name the statement
quantifies).

>>> import sympy as sp
>>> env = Env()
>>> env.define("x_{0}", sp.Integer(3), line=4)
>>> env.lookup("x_{0}").value, env.lookup("x_{0}").line
(3, 4)
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import sympy as sp

__all__ = ["Binding", "Env", "FuncDef"]

#: Lines a binding stays visible inside a passage without the name reappearing (:mod:`.scope`).
GAP = 50


def _notation(value) -> bool:
    """A value that keeps symbols: notation, visible document-wide (see :mod:`.scope`)."""
    return bool(getattr(value, "free_symbols", None))


@dataclass(frozen=True)
class Binding:
    """A value bound to a name; ``ulp`` is set when the value is a printed decimal that may be
    rounded or truncated (the unit of its last printed digit); ``expr`` is the defining
    expression (a syntax-tree node) and ``sources`` the ``(key, Binding)`` pairs it read, so that
    a derivative of the name can be computed (:mod:`.derivative`); ``exact`` the value of the
    defining expression at exact inputs when ``value`` is a printed rounding of it; ``form`` the
    side the value was read from (whether it states a column or a row, :mod:`.orient`)."""

    value: object
    line: int
    ulp: sp.Rational | None = None
    expr: object = None
    sources: tuple = ()
    exact: object = None
    element: bool = False
    form: object = None


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
    here: tuple | None = None          # (passage, row, line) of the statement being checked
    quantified: dict = field(default_factory=dict)   # key -> SymPy assumptions, this statement
    restricted: set = field(default_factory=set)     # names it holds for only some values of (scope.py)
    scopes: dict = field(default_factory=dict)       # key -> (passage, row) where it was bound
    last: dict = field(default_factory=dict)         # key -> line of its last definition or use
    cases: set = field(default_factory=set)          # tables whose rows are cases (scope.py)
    printed: list = field(default_factory=list)      # (text, value, line) of printed decimals
    stated: dict = field(default_factory=dict)       # stride/dilation the prose states here
    formulas: dict = field(default_factory=dict)     # key -> how it is computed (formulas.py)

    def enter(self, passage: int, row, line: int, quantified: dict | None = None,
              restricted: set | None = None) -> None:
        """Position the next statement (see :mod:`.scope` for what this makes visible)."""
        self.here = (passage, row, line)
        self.quantified = dict(quantified or {})
        self.restricted = set(restricted or ())

    def visible(self, key: str) -> bool:
        """May the current statement use the binding of ``key``?"""
        if key in self.quantified:
            return False
        where = self.scopes.get(key)
        if where is None or self.here is None:
            return True
        if where[1] is not None and where[1] != self.here[1]:
            return False
        if key in self.values and _notation(self.values[key].value) and \
                not self.values[key].element:
            return True
        if where[0] != self.here[0]:
            return False
        return self.here[2] - self.last.get(key, self.here[2]) <= GAP

    def _stamp(self, key: str, line: int) -> None:
        if self.here is not None:
            row = self.here[1] if self.here[1] is not None and self.here[1][0] in self.cases \
                else None
            self.scopes[key] = (self.here[0], row)
            self.last[key] = line

    def _touch(self, key: str) -> None:
        if self.here is not None and key in self.last:
            self.last[key] = max(self.last[key], self.here[2])

    def define_opaque(self, key: str, line: int) -> None:
        """Record that ``key`` is defined at ``line`` by something not computed (a sum with
        bounds): its value is unknown, but it is not a fresh name either."""
        self.forget(key)
        self.opaque[key] = line
        self._stamp(key, line)

    def defined_at(self, key: str) -> int | None:
        """The line that defines ``key`` (value, function or opaque), or ``None``."""
        if not self.visible(key):
            return None
        for table in (self.values, self.funcs):
            if key in table:
                return table[key].line
        return self.opaque.get(key)

    def define(self, key: str, value, line: int, ulp: sp.Rational | None = None,
               expr=None, sources: tuple = (), exact=None, element: bool = False,
               form=None) -> None:
        """Bind ``key`` to ``value`` (replaces a function of the same name); ``element`` when
        the value is an entry of a vector defined by an expression (``z = T y`` gives
        ``z_1``): a later ``z_1 = ...`` is then a claim about it, checked, not a new value."""
        self.funcs.pop(key, None)
        self.opaque.pop(key, None)
        self.values[key] = Binding(value, line, ulp, expr, tuple(sources), exact, element, form)
        self._stamp(key, line)

    def define_function(self, key: str, params: tuple, body, line: int) -> None:
        """Bind ``key`` to a function of ``params`` (replaces a value of the same name)."""
        self.values.pop(key, None)
        self.opaque.pop(key, None)
        self.funcs[key] = FuncDef(tuple(params), body, line)
        self._stamp(key, line)

    def snapshot(self) -> "Env":
        """A copy whose definitions can change without changing this one's (the containers are
        copied, the bindings shared: they are frozen)."""
        other = copy.copy(self)
        for key, value in vars(self).items():
            if isinstance(value, (dict, set, list)):
                setattr(other, key, copy.copy(value))
        return other

    def forget(self, key: str) -> None:
        """Drop ``key``: a redefinition whose value could not be computed shadows the old one."""
        self.values.pop(key, None)
        self.funcs.pop(key, None)
        self.opaque.pop(key, None)

    def lookup(self, key: str) -> Binding | None:
        """The binding of ``key`` visible here, or ``None``."""
        binding = self.values.get(key)
        if binding is None or binding.element or not self.visible(key):
            return None
        self._touch(key)
        return binding

    def element(self, key: str) -> Binding | None:
        """The visible element binding of ``key`` (an entry of a symbolic vector), or ``None``:
        it is never substituted, only compared with a later statement about the entry."""
        binding = self.values.get(key)
        if binding is None or not binding.element or not self.visible(key):
            return None
        return binding

    def function(self, key: str) -> FuncDef | None:
        """The function named ``key`` visible here, or ``None``."""
        fdef = self.funcs.get(key)
        if fdef is None or not self.visible(key):
            return None
        self._touch(key)
        return fdef

    def assumptions(self, key: str) -> dict:
        """SymPy assumptions of a quantified name of the current statement (``z < 0``)."""
        return self.quantified.get(key, {})
