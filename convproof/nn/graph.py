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

__all__ = ["Graph", "GraphRun", "Contribution", "seed002_graph", "seed002_example", "summation_demo"]


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


def seed002_graph(loss: str = "squared") -> Graph:
    """Seed 002 graph ``y = tanh(x1 w1 + x2 w2 + b)``, ``L = (y - t)^2``: nodes v_1..v_4, y, L."""
    g = Graph()
    x1, x2, w1, w2, b, t = (g.input(n) for n in ("x_1", "x_2", "w_1", "w_2", "b", "t"))
    v1 = g.node("v_1", x1 * w1)
    v2 = g.node("v_2", x2 * w2)
    v3 = g.node("v_3", v1 + v2)
    v4 = g.node("v_4", v3 + b)
    y = g.node("y", sp.tanh(v4))
    if loss != "squared":
        raise fail("loss", loss, "only the seed's squared loss (y - t)^2 is built in")
    g.node("L", (y - t) ** 2)
    return g


def seed002_example(eta: sp.Rational = sp.Rational(7, 10)) -> tuple[Graph, GraphRun, dict[str, sp.Expr]]:
    """The seed's numbers, exactly: ``x = [2.0, -0.5]``, ``w = [1.0, 3.0]``, ``b = -1.2``, ``t = -1``.

    Returns the graph, the run and the updated parameters ``p - eta * dL/dp`` for ``w_1, w_2, b``.

    >>> g, run, new = seed002_example()
    >>> run.value[sp.Symbol("v_4", real=True)]
    -7/10
    >>> round(float(new["w_1"]), 6)
    0.296854
    """
    g = seed002_graph()
    sym = {str(s): s for s in g.inputs}
    values = {sym["x_1"]: sp.Rational("2.0"), sym["x_2"]: sp.Rational("-0.5"), sym["w_1"]: sp.Rational("1.0"),
              sym["w_2"]: sp.Rational("3.0"), sym["b"]: sp.Rational("-1.2"), sym["t"]: sp.Integer(-1)}
    run = g.run(values)
    new = {n: values[sym[n]] - eta * run.grad[sym[n]] for n in ("w_1", "w_2", "b")}
    return g, run, new


def summation_demo() -> tuple[Graph, GraphRun]:
    """A graph in which ``x_1`` has two outgoing edges and ``x_2`` three, with local derivatives
    chosen as the seed's illustration (0.7, 1.5) and (1.1, -0.3, 0.9); ``L`` sums the five nodes, so
    ``dL/dx_1 = 0.7 + 1.5 = 2.2`` and ``dL/dx_2 = 1.1 - 0.3 + 0.9 = 1.7`` by the summation rule.
    (The seed's figure is not in its text; this graph is an illustration with those edge values.)

    >>> g, run = summation_demo()
    >>> [str(run.grad[s]) for s in g.inputs]
    ['11/5', '17/10']
    """
    g = Graph()
    x1, x2 = g.input("x_1"), g.input("x_2")
    coef = {"a_1": (x1, "0.7"), "a_2": (x1, "1.5"), "a_3": (x2, "1.1"), "a_4": (x2, "-0.3"), "a_5": (x2, "0.9")}
    nodes = [g.node(n, sp.Rational(c) * src) for n, (src, c) in coef.items()]
    g.node("L", sp.Add(*nodes))
    return g, g.run({x1: 1, x2: 1})
