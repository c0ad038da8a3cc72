"""A small computational graph: nodes ``v_1..v_n`` defined by SymPy expressions of earlier nodes.

Each node is an expression in the symbols of earlier nodes, so the graph's edges are the free
symbols of the expressions.  The local partial derivatives ``d v / d parent`` are derived by SymPy;
the backward pass applies the chain rule and the *summation rule*: a node with several outgoing
edges receives the sum of the contributions of all its children,
``dL/du = sum_{c : u -> c} dL/dc * dc/du``.  Values stay exact: decimals are passed as Rationals and
``tanh(-7/10)`` stays a symbolic constant until :func:`sympy.N` is asked for digits.

>>> g = Graph()
>>> x, w = g.input("x"), g.input("w")
>>> v = g.node("v", x * w)
>>> L = g.node("L", v ** 2)
>>> run = g.run({x: 3, w: 2})
>>> run.value[L], run.grad[x], run.grad[w]
(36, 24, 36)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from ..errors import fail
from ..values import as_value

__all__ = ["Graph", "GraphRun", "Contribution"]


@dataclass(frozen=True)
class Contribution:
    """One outgoing edge ``parent -> child`` in the backward pass: ``grad_child * local = product``."""

    child: sp.Symbol
    local: sp.Expr
    product: sp.Expr


@dataclass
class GraphRun:
    """Forward values, local partials, gradients ``dL/dnode`` and per-edge contributions."""

    value: dict[sp.Symbol, sp.Expr] = field(default_factory=dict)
    local: dict[tuple[sp.Symbol, sp.Symbol], sp.Expr] = field(default_factory=dict)
    grad: dict[sp.Symbol, sp.Expr] = field(default_factory=dict)
    contributions: dict[sp.Symbol, list[Contribution]] = field(default_factory=dict)


class Graph:
    """Directed acyclic graph of scalar nodes; the last node added is the output (the loss)."""

    def __init__(self) -> None:
        self.inputs: list[sp.Symbol] = []
        self.exprs: dict[sp.Symbol, sp.Expr] = {}

    def input(self, name: str) -> sp.Symbol:
        """Declare an input node (a leaf: data, weight or bias)."""
        return self._new(name, None)

    def node(self, name: str, expr: sp.Expr) -> sp.Symbol:
        """Add a node computed from earlier nodes; returns its symbol."""
        unknown = as_value("expr", expr).free_symbols - set(self.inputs) - set(self.exprs)
        if unknown:
            raise fail("expr", expr, f"uses {sorted(map(str, unknown))} which are not earlier nodes")
        return self._new(name, as_value("expr", expr))

    def _new(self, name: str, expr: sp.Expr | None) -> sp.Symbol:
        sym = sp.Symbol(name, real=True)
        if sym in self.inputs or sym in self.exprs:
            raise fail("name", name, "must be unique in the graph")
        if expr is None:
            self.inputs.append(sym)
        else:
            self.exprs[sym] = expr
        return sym

    @property
    def output(self) -> sp.Symbol:
        if not self.exprs:
            raise fail("graph", "empty", "needs at least one computed node")
        return list(self.exprs)[-1]

    def parents(self, node: sp.Symbol) -> list[sp.Symbol]:
        """Nodes with an edge into ``node`` (in declaration order)."""
        order = self.inputs + list(self.exprs)
        free = self.exprs[node].free_symbols if node in self.exprs else set()
        return [p for p in order if p in free]

    def children(self, node: sp.Symbol) -> list[sp.Symbol]:
        """Nodes ``node`` has an edge into: more than one means the summation rule applies."""
        return [c for c in self.exprs if node in self.exprs[c].free_symbols]

    def local_partials(self) -> dict[tuple[sp.Symbol, sp.Symbol], sp.Expr]:
        """Symbolic ``d child / d parent`` for every edge, keyed ``(child, parent)``."""
        return {(c, p): sp.diff(e, p) for c, e in self.exprs.items() for p in self.parents(c)}

    def expanded(self, node: sp.Symbol | None = None) -> sp.Expr:
        """The node as one expression of the inputs (for an independent check of the chain rule)."""
        node = self.output if node is None else node
        expr = self.exprs.get(node, node)
        for sym in reversed(list(self.exprs)):
            expr = expr.subs(sym, self.exprs[sym])
        return expr

    def run(self, inputs: dict[sp.Symbol, sp.Expr]) -> GraphRun:
        """Forward pass (values, local partials at those values), then backward pass from the output."""
        missing = [s for s in self.inputs if s not in inputs]
        if missing:
            raise fail("inputs", sorted(map(str, missing)), "every input node needs a value")
        out = GraphRun(value={s: as_value("inputs", inputs[s]) for s in self.inputs})
        for sym, expr in self.exprs.items():
            out.value[sym] = expr.subs(out.value)
        out.local = {k: v.subs(out.value) for k, v in self.local_partials().items()}
        out.grad[self.output] = sp.Integer(1)
        for node in reversed(self.inputs + list(self.exprs)[:-1]):
            terms = [Contribution(c, out.local[(c, node)], out.grad[c] * out.local[(c, node)])
                     for c in self.children(node)]
            out.contributions[node] = terms
            out.grad[node] = sp.Add(*[t.product for t in terms])
        return out

    def symbolic_gradient(self) -> dict[sp.Symbol, sp.Expr]:
        """``dL/d input`` for every input, by differentiating :meth:`expanded` directly."""
        full = self.expanded()
        return {s: sp.diff(full, s) for s in self.inputs}
