"""Computational graph: chain rule vs direct differentiation, seed example exact, PyTorch autograd."""

import pytest
import sympy as sp

from convproof.errors import ConvProofError
from convproof.nn.graph import Graph
from convproof.seeds.seed002_graph import seed002_example, summation_demo


def test_chain_rule_equals_direct_differentiation():
    g, run, _ = seed002_example()
    direct = g.symbolic_gradient()
    at = {s: run.value[s] for s in g.inputs}
    for s in g.inputs:
        assert sp.simplify(direct[s].subs(at) - run.grad[s]) == 0


def test_seed_values_exact():
    g, run, new = seed002_example()
    v = {str(k): val for k, val in run.value.items()}
    assert (v["v_1"], v["v_2"], v["v_3"], v["v_4"]) == (2, sp.Rational(-3, 2), sp.Rational(1, 2), sp.Rational(-7, 10))
    assert v["y"] == -sp.tanh(sp.Rational(7, 10))
    grad = {str(k): val for k, val in run.grad.items()}
    dv4 = 2 * (1 - sp.tanh(sp.Rational(7, 10))) * (1 - sp.tanh(sp.Rational(7, 10)) ** 2)
    for name, factor in (("v_4", 1), ("b", 1), ("x_1", 1), ("w_1", 2), ("x_2", 3), ("w_2", sp.Rational(-1, 2))):
        assert sp.simplify(grad[name] - factor * dv4) == 0


def test_summation_rule_contributions():
    g, run = summation_demo()
    x1, x2 = g.inputs
    assert len(g.children(x1)) == 2 and len(g.children(x2)) == 3
    assert [c.local for c in run.contributions[x1]] == [sp.Rational(7, 10), sp.Rational(3, 2)]
    assert run.grad[x1] == sp.Rational(11, 5) and run.grad[x2] == sp.Rational(17, 10)


def test_shared_node_graph_against_direct():
    g = Graph()
    a, b = g.input("a"), g.input("b")
    u = g.node("u", a * b)
    v = g.node("v", sp.sin(u) + a)
    g.node("L", u * v + a ** 2)
    run = g.run({a: sp.Rational(1, 3), b: 2})
    full = g.symbolic_gradient()
    for s in (a, b):
        assert sp.simplify(full[s].subs({a: sp.Rational(1, 3), b: 2}) - run.grad[s]) == 0
    assert len(run.contributions[a]) == 3  # a feeds u, v and L


def test_errors():
    g = Graph()
    a = g.input("a")
    with pytest.raises(ConvProofError, match="not earlier nodes"):
        g.node("v", a * sp.Symbol("q"))
    with pytest.raises(ConvProofError, match="unique"):
        g.input("a")
    g.node("L", a ** 2)
    with pytest.raises(ConvProofError, match="every input"):
        g.run({})


def test_against_torch_autograd():
    torch = pytest.importorskip("torch")
    _, run, new = seed002_example()
    x = torch.tensor([2.0, -0.5], dtype=torch.float64, requires_grad=True)
    w = torch.tensor([1.0, 3.0], dtype=torch.float64, requires_grad=True)
    b = torch.tensor(-1.2, dtype=torch.float64, requires_grad=True)
    y = torch.tanh(x @ w + b)
    loss = (y + 1) ** 2
    loss.backward()
    grad = {str(k): float(v) for k, v in run.grad.items()}
    assert abs(loss.item() - float(run.value[sp.Symbol("L", real=True)])) < 1e-15
    for ours, theirs in ((grad["x_1"], x.grad[0]), (grad["x_2"], x.grad[1]), (grad["w_1"], w.grad[0]),
                         (grad["w_2"], w.grad[1]), (grad["b"], b.grad)):
        assert abs(ours - theirs.item()) < 1e-15
    with torch.no_grad():
        w -= 0.7 * w.grad
    assert abs(float(new["w_1"]) - w[0].item()) < 1e-15
