"""Machine-checked statements of ``convproof.nn`` (seed 002 fundamentals), registered with
:mod:`convproof.verify` on import; seeds 001/003/004 items are in :mod:`convproof.seeds.statements_more`
(imported at the end, so importing this module registers both).

Each statement has a stable name (``dense.backward``, ``activation.sigmoid_derivative``, ...), a
LaTeX claim, an exact proof and, where a second implementation exists, a numeric cross-check
(finite differences, PyTorch when installed).  Seed-002 worked examples are registered with their
*correct* values (the seed's printed values and their verdicts are in :mod:`convproof.seeds.seed002`).
:data:`STATEMENTS` lists them; :func:`check` runs one by name through the verify engine.
"""

from __future__ import annotations

import numpy as np
import sympy as sp
from hypothesis import strategies as st

from ..nn import activations as act
from ..nn import losses
from ..decimals import round_half_up
from ..nn.dense import dense_backward, dense_forward, dense_param_count, prove_dense_backward
from ..nn.optim import classify_step, contraction_factor, gradient_descent
from ..verify import Comparison, Statement
from .statements_common import ONCE, STATEMENTS, _add, _exact, fd_check, fixed
from .seed002_graph import seed002_example, summation_demo

__all__ = ["STATEMENTS", "fixed", "fd_check", "check"]


# --- activations -----------------------------------------------------------------------------
for _name, _tex in (("sigmoid", r"\sigma'(x) = \sigma(x)\,(1 - \sigma(x))"), ("tanh", r"\tanh'(x) = 1 - \tanh^2(x)"),
                    ("relu", r"\mathrm{ReLU}'(x) = [x > 0] \quad (x \neq 0;\ \text{value } 0 \text{ at } 0 \text{ by convention})"),
                    ("leaky_relu", r"f(x) = \max(x, 0.01x),\ f'(x) = 1\ (x>0),\ 0.01\ (x<0)")):
    fixed(f"activation.{_name}_derivative", _tex, f"Derivative table row for {_name}, proved by differentiation.",
          lambda n=_name: _exact(f"d/dx {n} - table", act.prove_derivative(n)), "seed 002, activation table")

_add(Statement(
    name="activation.softmax_jacobian", latex=r"\frac{\partial s_i}{\partial z_j} = s_i(\delta_{ij} - s_j),\ "
    r"J = \operatorname{diag}(s) - s s^T",
    description="Softmax Jacobian for n = 1..4 symbolic inputs; numerically against central differences.",
    space=lambda mode: st.integers(1, 4 if mode == "quick" else 5),
    prove=lambda n: _exact("SymPy Jacobian vs diag(s) - s s^T", act.prove_softmax_jacobian(n)),
    crosscheck=lambda n, inputs: [fd_check(f"diag(s)-ss^T vs central differences (column {j})",
                                           lambda z, j=j: float(act.softmax(z)[j]), z, act.softmax_jacobian(z)[j])
                                  for z in [inputs.floats("z", (n,), 3.0)] for j in range(n)],
    oracles=("SymPy", "finite differences"), examples={"quick": 4, "thorough": 10}, source="seed 002, softmax"))

# --- losses ----------------------------------------------------------------------------------
_add(Statement(
    name="loss.softmax_ce_gradient", latex=r"\frac{\partial}{\partial z_j}\Big(-\sum_i t_i \ln \mathrm{softmax}(z)_i\Big)"
    r" = \mathrm{softmax}(z)_j - t_j \quad (\textstyle\sum_i t_i = 1)",
    description="Softmax followed by cross-entropy has gradient y - t wrt the logits, n = 1..4 classes.",
    space=lambda mode: st.integers(1, 4), prove=lambda n: _exact("SymPy derivative vs y - t", losses.prove_softmax_ce_gradient(n)),
    oracles=("SymPy",), examples={"quick": 4, "thorough": 4}, source="seed 002, cross-entropy"))
fixed("loss.sigmoid_bce_gradient", r"\frac{\partial}{\partial z} \mathrm{BCE}(\sigma(z), t) = \sigma(z) - t",
      "Sigmoid followed by binary cross-entropy has gradient y - t wrt the logit.",
      lambda: _exact("SymPy derivative vs sigma - t", losses.prove_sigmoid_bce_gradient()), "seed 002, BCE")
fixed("loss.logistic_gradient", r"\nabla_w L = \frac{1}{n}\sum_i (\sigma(w^T x_i) - t_i)\, x_i",
      "Gradient of the logistic-regression loss (both terms under the sum), n = 2 samples in 2 dimensions.",
      lambda: _exact("SymPy gradient vs closed form", losses.prove_logistic_gradient(2, 2)), "seed 002, logistic regression")


def _loss_grads(name: str, inputs):
    y = 0.05 + 0.9 * (inputs.floats("y", (2, 3)) + 1) / 2
    t = (inputs.floats("t", (2, 3)) + 1) / 2
    fn, grad = {"mse": (losses.mse, losses.mse_grad), "mae": (losses.mae, losses.mae_grad),
                "bce": (losses.bce, losses.bce_grad), "ce": (losses.cross_entropy, losses.cross_entropy_grad)}[name]
    if name == "mae" and np.min(np.abs(y - t)) < 1e-4:
        return Comparison.refusal("MAE gradient", "|y - t| too close to the kink at y = t")
    return fd_check(f"{name} gradient vs central differences", lambda v: fn(v, t), y, grad(y, t))


_add(Statement(
    name="loss.gradients", latex=r"\partial_y (y-t)^2 = 2(y-t),\ \partial_y |y-t| = \operatorname{sign}(y-t),\ "
    r"\partial_y \mathrm{BCE} = \frac{y-t}{y(1-y)},\ \partial_{y_i} \mathrm{CE} = -\frac{t_i}{y_i}",
    description="Gradients of the seed's losses (mean over entries) against central differences.",
    space=lambda mode: st.sampled_from(["mse", "mae", "bce", "ce"]), crosscheck=_loss_grads,
    oracles=("closed form", "finite differences"), examples={"quick": 8, "thorough": 40}, source="seed 002, losses"))


# --- dense layer -----------------------------------------------------------------------------
def _dense_cross(case, inputs) -> list[Comparison]:
    n, m, f = case
    W, b, x, g = (inputs.floats(k, s) for k, s in (("W", (m, n)), ("b", (m,)), ("x", (n,)), ("g", (m,))))
    grads = dense_backward(W, x, b, g, f)
    loss = lambda W_=W, x_=x, b_=b: float(np.sum(g * dense_forward(W_, x_, b_, f)[1]))
    return [fd_check("dL/dW vs central differences", lambda v: loss(W_=v), W, grads.weight),
            fd_check("dL/dx vs central differences", lambda v: loss(x_=v), x, grads.input),
            fd_check("dL/db vs central differences", lambda v: loss(b_=v), b, grads.bias)]


_add(Statement(
    name="dense.backward", latex=r"\delta = \frac{\partial L}{\partial y} \odot f'(z),\ "
    r"\frac{\partial L}{\partial W} = \delta x^T,\ \frac{\partial L}{\partial x} = W^T \delta,\ \frac{\partial L}{\partial b} = \delta",
    description="Backward pass of y = f(Wx + b): SymPy differentiation of sum_i g_i f(z_i) entry by entry, and the "
                "NumPy backward against central differences.",
    space=lambda mode: st.tuples(st.integers(1, 3), st.integers(1, 3), st.sampled_from(["tanh", "sigmoid", "identity"])),
    prove=lambda c: _exact("SymPy partial derivatives vs matrix formulas", prove_dense_backward(*c)),
    crosscheck=_dense_cross, oracles=("SymPy", "NumPy", "finite differences"),
    examples={"quick": 5, "thorough": 30}, source="seed 002, dense layer"))
fixed("dense.params", r"N = (n + 1)\, m", "A dense layer with n inputs and m neurons has (n+1) m weights.",
      lambda: [_exact("(n+1) m vs numeric weight + bias sizes", dense_param_count(n, m) == n * m + m)
               for n, m in ((2, 3), (1024, 1024), (3072, 10))], "seed 002, dense layer")
fixed("params.fc_32x32", r"1024 \times 1024 = 1048576",
      "A 32x32 image as a 1024-vector into a 1024-unit hidden layer: 1048576 weights (no biases).",
      lambda: _exact("product", dense_param_count(32 * 32, 1024, bias=False) == 1048576), "seed 002, images as vectors")


def _dense_example() -> list[Comparison]:
    R = sp.Rational
    W = sp.Matrix([[R("0.15"), R("-0.7")], [R("0.02"), R("0.81")], [R("1.1"), R("-0.24")]])
    z = W * sp.Matrix([R("0.5"), R("-0.3")]) + sp.Matrix([0, R("-0.3"), R("0.14")])
    y3 = [round_half_up(sp.tanh(v), 3) for v in z]
    return [_exact("Wx + b exact", list(z) == [R("0.285"), R("-0.533"), R("0.762")], str(list(z))),
            _exact("tanh rounded to 3 decimals", y3 == [R("0.278"), R("-0.488"), R("0.642")], str(y3))]


fixed("seed002.dense_example", r"\tanh(Wx+b) = \tanh([0.285, -0.533, 0.762]^T) \approx [0.278, -0.488, 0.642]^T",
      "The 2-in 3-out tanh layer of seed 002, exact pre-activation and correctly rounded outputs (the seed "
      "prints the truncations 0.277, -0.487).", _dense_example, "seed 002, dense layer example")
fixed("seed002.relu_neuron", r"y = \mathrm{ReLU}(0.8\cdot 0.15 + (-0.3)\cdot 0.7 + 0.1\cdot(-0.5) + 0.42) = 0.28",
      "The seed's ReLU neuron, exactly (the seed leaves y = ?).",
      lambda: _exact("exact", act.activation("relu")(sp.Rational("0.12") - sp.Rational("0.21") - sp.Rational("0.05")
                                                    + sp.Rational("0.42")) == sp.Rational("0.28")),
      "seed 002, neuron example")


def _softmax_example() -> Comparison:
    z = [1, 0, sp.Rational(1, 2), -1, 1]
    got = [round_half_up(v, 3) for v in act.softmax_symbolic(z)]
    want = [sp.Rational(s) for s in ("0.322", "0.118", "0.195", "0.044", "0.322")]
    return _exact("softmax rounded to 3 decimals", got == want, str(got))


fixed("seed002.softmax_example", r"\mathrm{softmax}([1, 0, 0.5, -1, 1]) \approx [0.322, 0.118, 0.195, 0.044, 0.322]",
      "Correctly rounded softmax of the seed's example (the seed prints 0.043 for the truncated 0.0435...).",
      _softmax_example, "seed 002, softmax example")


# --- computational graph ---------------------------------------------------------------------
def _graph_chain() -> list[Comparison]:
    g, run, _ = seed002_example()
    direct = g.symbolic_gradient()
    at = {s: run.value[s] for s in g.inputs}
    return [_exact(f"chain rule vs direct derivative, dL/d{s}", sp.simplify(direct[s].subs(at) - run.grad[s]) == 0)
            for s in g.inputs]


fixed("graph.chain_rule", r"\frac{\partial L}{\partial u} = \sum_{c:\,u \to c} \frac{\partial L}{\partial c}\,"
      r"\frac{\partial c}{\partial u}",
      "Backward pass over the seed's graph v_1..v_4, y, L equals differentiating the composed expression.",
      _graph_chain, "seed 002, backpropagation", oracles=("graph backward", "SymPy direct"))


def _graph_values() -> list[Comparison]:
    _, run, new = seed002_example()
    v = {str(k): x for k, x in run.value.items()}
    grad = {str(k): x for k, x in run.grad.items()}
    want = {"y": ("-0.6044", v["y"]), "L": ("0.1565", v["L"]),
            "dL/dy": ("0.7913", grad["y"]), "dL/dv4": ("0.5022", grad["v_4"]), "dL/dw1": ("1.0045", grad["w_1"]),
            "dL/dx2": ("1.5067", grad["x_2"]), "dL/dw2": ("-0.2511", grad["w_2"]), "w1'": ("0.2969", new["w_1"]),
            "w2'": ("3.1758", new["w_2"]), "b'": ("-1.5516", new["b"])}
    return [_exact(f"{k} = {s} to 4 decimals", round_half_up(e, 4) == sp.Rational(s), f"{sp.N(e, 10)}")
            for k, (s, e) in want.items()]


fixed("seed002.graph_example", r"y = \tanh(-0.7) \approx -0.6044,\ L \approx 0.1565,\ \frac{\partial L}{\partial w_1} "
      r"\approx 1.0045,\ w_1' \approx 0.2969,\ w_2' \approx 3.1758,\ b' \approx -1.5516",
      "The seed's worked backpropagation example with correct 4-decimal rounding (x = [2.0, -0.5], w = [1.0, 3.0], "
      "b = -1.2, t = -1, eta = 0.7).", _graph_values, "seed 002, backpropagation example")
fixed("graph.summation_rule", r"\frac{\partial L}{\partial x_1} = 0.7 + 1.5 = 2.2,\ "
      r"\frac{\partial L}{\partial x_2} = 1.1 - 0.3 + 0.9 = 1.7",
      "A node with several outgoing edges receives the sum of the edge contributions (illustrative graph with the "
      "seed's edge values).",
      lambda: _exact("sums", [summation_demo()[1].grad[s] for s in summation_demo()[0].inputs]
                     == [sp.Rational(11, 5), sp.Rational(17, 10)]), "seed 002, summation rule")


# --- optimisation ----------------------------------------------------------------------------
def _gd_prove(case) -> list[Comparison]:
    alpha, a = case
    x = sp.Symbol("x")
    it = gradient_descent(a * x ** 2 - 2, x, 3, alpha, 6)
    q = contraction_factor(alpha, a)
    xs = [p[0] for p in it]
    regime = classify_step(alpha, a)
    checks = [_exact("x_k = q^k x_0", all(xs[k] == 3 * q ** k for k in range(7)), str(xs))]
    signs_flip = all(xs[k] * xs[k + 1] < 0 for k in range(6))
    expect = {"monotone": all(0 < xs[k + 1] < xs[k] for k in range(6)), "one-step": xs[1] == 0 == xs[6],
              "oscillating": signs_flip and abs(xs[6]) < abs(xs[0]), "periodic": signs_flip and abs(xs[6]) == abs(xs[0]),
              "divergent": signs_flip and abs(xs[6]) > abs(xs[0]), "no descent": abs(xs[6]) >= abs(xs[0])}
    checks.append(_exact(f"regime '{regime}' matches the iterates", expect[regime], str(xs)))
    return checks


_add(Statement(
    name="optim.gd_regimes", latex=r"x_{k+1} = x_k - \alpha f'(x_k) = (1 - 2a\alpha)\,x_k,\ f = a x^2 + c",
    description="Gradient descent on a quadratic: the contraction factor q = 1 - 2 a alpha decides monotone / one-step / "
                "oscillating / divergent; pinned: the seed's alpha = 0.1, 0.5, 0.8, 1.01 (a = 1).",
    space=lambda mode: st.tuples(st.fractions(0, 2, max_denominator=20).map(sp.Rational),
                                 st.sampled_from([sp.Integer(1), sp.Rational(1, 2), sp.Integer(2)])),
    prove=_gd_prove, pinned=tuple((sp.Rational(s), sp.Integer(1)) for s in ("0.1", "0.5", "0.8", "1.01", "0.4")),
    oracles=("exact iterates", "contraction factor"), examples={"quick": 20, "thorough": 200},
    source="seed 002, gradient descent"))
fixed("seed002.gd_example", r"x_k = 3 \cdot 0.2^k,\ f(x_3) = -1.999424,\ f(x_4) = -1.99997696,\ f(x_5) = -1.9999990784",
      "The seed's iterations for f(x) = x^2 - 2, x_0 = 3, alpha = 0.4, exactly (the seed prints f(x_4) = -1.9997).",
      lambda: _exact("exact values", [p[1] for p in gradient_descent(sp.Symbol("x") ** 2 - 2, sp.Symbol("x"), 3,
                                                                       sp.Rational(2, 5), 5)][3:]
                     == [sp.Rational("-1.999424"), sp.Rational("-1.99997696"), sp.Rational("-1.9999990784")]),
      "seed 002, gradient descent example")


def check(name: str):
    """Run one registered statement (quick mode) and return the verify :class:`Result`."""
    from ..verify import evaluate, get

    return evaluate(get(name))


from . import statements_more  # noqa: E402,F401  (registers the seed 001/003/004 statements)
from . import seed002_conv  # noqa: E402,F401  (registers seed 002's convolution statements)
