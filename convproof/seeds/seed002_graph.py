"""The computational graphs of seed 002, exactly: the worked example ``y = tanh(x1 w1 + x2 w2 + b)``
with ``L = (y - t)^2`` and the summation-rule illustration, built on :class:`convproof.nn.graph.Graph`."""

from __future__ import annotations

import sympy as sp

from ..errors import fail
from ..nn.graph import Graph, GraphRun

__all__ = ["seed002_graph", "seed002_example", "summation_demo"]


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
