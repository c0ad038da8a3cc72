r"""Derivative items of the audit corpus: activation derivatives, loss derivatives, a backprop step.

Each item's truth is computed here with SymPy from expressions built in Python (never by reading
LaTeX, never with :mod:`convproof.check`):

``activation-derivative``  ``\sigma'(z) = \sigma(z)(1 - \sigma(z))``, ``\tanh'(z) = 1 -
                           \tanh^2(z)``, ``\operatorname{ReLU}'(z) = 1, \quad z > 0``; wrong
                           variants change a sign, a factor or a branch;
``loss-derivative``        an ``aligned`` block ``L = \frac{1}{2}(y - t)^2`` then
                           ``\frac{\partial L}{\partial y} = y - t``; planted errors: a missing
                           1/2, a wrong sign, a wrong factor;
``backprop-step``          an ``aligned`` block with integer inputs, ``z = w x + b``, a loss and
                           ``\frac{\partial L}{\partial w} = (z - t) x = 6``; planted errors: a
                           wrong number, a wrong factor, a missing 1/2.
"""

from __future__ import annotations

import sympy as sp

from .items import Item

__all__ = ["DERIV_BUILDERS", "activation_derivative", "backprop_step", "loss_derivative"]

_Z = sp.Symbol("z")
_SIG = 1 / (1 + sp.exp(-_Z))
# (function latex, its SymPy expression in z, sign condition latex or "", assumption)
_ACTIVATIONS = {
    "sigma": (r"\sigma", _SIG),
    "tanh": (r"\tanh", sp.tanh(_Z)),
    "relu": (r"\operatorname{ReLU}", sp.Max(0, _Z)),
}
# (activation, right-hand side latex, its SymPy value, condition)
_IDENTITIES = [
    ("sigma", r"\sigma(z)(1 - \sigma(z))", _SIG * (1 - _SIG), ""),
    ("sigma", r"\sigma(z)(1 + \sigma(z))", _SIG * (1 + _SIG), ""),
    ("sigma", r"\sigma(z)^2", _SIG ** 2, ""),
    ("sigma", r"1 - \sigma(z)", 1 - _SIG, ""),
    ("tanh", r"1 - \tanh^2(z)", 1 - sp.tanh(_Z) ** 2, ""),
    ("tanh", r"1 + \tanh^2(z)", 1 + sp.tanh(_Z) ** 2, ""),
    ("tanh", r"1 - \tanh(z)", 1 - sp.tanh(_Z), ""),
    ("relu", "1", sp.Integer(1), ">"),
    ("relu", "0", sp.Integer(0), "<"),
    ("relu", "0", sp.Integer(0), ">"),
    ("relu", "1", sp.Integer(1), "<"),
]


def _identity_true(act: str, rhs, cond: str) -> bool:
    z = sp.Symbol("z", positive=True) if cond == ">" else \
        sp.Symbol("z", negative=True) if cond == "<" else _Z
    func = _ACTIVATIONS[act][1].subs(_Z, z)
    diff = sp.diff(func, z) - rhs.subs(_Z, z)
    return sp.simplify(diff.rewrite(sp.exp)) == 0


def activation_derivative(rng, note=None, error=None, numeric=False) -> Item:
    """``f'(z) = rhs`` for an activation; ``error`` picks a false variant."""
    want = error is None
    choices = [c for c in _IDENTITIES if _identity_true(c[0], c[2], c[3]) == want]
    act, rhs_tex, _, cond = rng.choice(choices)
    body = f"{_ACTIVATIONS[act][0]}'(z) = {rhs_tex}"
    if cond:
        body += rf", \quad z {cond} 0"
    return Item("activation-derivative", body, want, None if want else (error or "value"),
                "The derivative of an activation function.")


# (loss latex template in <y>, <t>; SymPy builder)
_LOSSES = [
    (r"\frac{1}{2}(<y> - <t>)^2", lambda y, t: (y - t) ** 2 / 2),
    (r"(<y> - <t>)^2", lambda y, t: (y - t) ** 2),
    (r"\frac{1}{2}(<t> - <y>)^2", lambda y, t: (t - y) ** 2 / 2),
]
# claimed derivative templates with their SymPy builders
_CLAIMS = [
    (r"<y> - <t>", lambda y, t: y - t), (r"2(<y> - <t>)", lambda y, t: 2 * (y - t)),
    (r"<t> - <y>", lambda y, t: t - y), (r"-(<t> - <y>)", lambda y, t: -(t - y)),
    (r"\frac{1}{2}(<y> - <t>)", lambda y, t: (y - t) / 2), (r"2 <y>", lambda y, t: 2 * y),
]
_NAMES = [("y", "t"), ("a", "y"), ("o", "t"), ("p", "q")]


def _fill(template: str, y: str, t: str) -> str:
    return template.replace("<y>", y).replace("<t>", t)


def loss_derivative(rng, note=None, error=None, numeric=False) -> Item:
    """``L = loss`` then ``dL/dy = claim`` in one ``aligned`` block."""
    y_name, t_name = rng.choice(_NAMES)
    y, t = sp.Symbol(y_name), sp.Symbol(t_name)
    loss_tex, loss = rng.choice(_LOSSES)
    truth = sp.diff(loss(y, t), y)
    want = error is None
    claims = [c for c in _CLAIMS if (sp.expand(c[1](y, t) - truth) == 0) == want]
    claim_tex, _ = rng.choice(claims)
    body = (f"L = {_fill(loss_tex, y_name, t_name)} \\\\\n"
            f"\\frac{{\\partial L}}{{\\partial {y_name}}} = {_fill(claim_tex, y_name, t_name)}")
    return Item("loss-derivative", body, want, None if want else (error or "value"),
                "The derivative of a loss with respect to the prediction.", multiline=True)


def backprop_step(rng, note=None, error=None, numeric=False) -> Item:
    """Integer inputs, ``z = w x + b``, ``L = \\frac{1}{2}(z - t)^2`` (or without the 1/2),
    and ``\\frac{\\partial L}{\\partial w} = factor = value``."""
    while True:
        x, w, b, t = (rng.randint(-4, 5) for _ in range(4))
        z = w * x + b
        if len({x, w, z - t, 2 * (z - t)}) == 4 and 0 not in (x, w, z - t):
            break
    half = rng.random() < 0.5
    loss_tex = r"\frac{1}{2}(z - t)^2" if half else "(z - t)^2"
    factor, factor_tex = (1, "(z - t) x") if half else (2, "2(z - t) x")
    value = factor * (z - t) * x
    want = error is None
    if not want:
        mode = rng.choice(("number", "factor", "half"))
        if mode == "number":
            value += rng.choice((-1, 1))
        elif mode == "factor":
            factor_tex = factor_tex.replace("x", "w")
            value = factor * (z - t) * w
        else:
            factor_tex = "(z - t) x" if not half else "2(z - t) x"
            value = (2 if half else 1) * (z - t) * x
    body = (f"x = {x}, \\quad w = {w}, \\quad b = {b}, \\quad t = {t} \\\\\n"
            f"z = w x + b \\\\\n"
            f"L = {loss_tex} \\\\\n"
            f"\\frac{{\\partial L}}{{\\partial w}} = {factor_tex} = {value}")
    return Item("backprop-step", body, want, None if want else (error or "value"),
                "One step of backpropagation through a linear unit.", multiline=True)


DERIV_BUILDERS = {"activation-derivative": activation_derivative,
                  "loss-derivative": loss_derivative, "backprop-step": backprop_step}
