r"""Size-formula items of the audit corpus: ``W_2 = (W_1 - F + 2P)/S + 1`` right and wrong.

Each item states a general formula (output size, transposed output size, dilated kernel span) in
one of the notations lecture notes use. Its truth is decided here, never by the checker: a
variant is false when a counterexample turns up among small sizes, where the formula (evaluated
with exact fractions) differs from the count of window positions (or
:func:`convproof.geometry.conv_transpose_output_size`, :func:`convproof.geometry.kernel_span`);
the right variants are the textbook formulas and are checked on the same grid.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import product
from math import ceil, floor

from ..geometry import conv_transpose_output_size, kernel_span
from .items import Item

__all__ = ["size_formula", "numeric_sum", "FORMS"]

_FLOOR = r"\left\lfloor \frac{<n> + 2<p> - <k>}{<s>} \right\rfloor + 1"
# (target, latex template, function of (n, k, s, p, d, a), right?)
FORMS = [
    ("count", _FLOOR, lambda n, k, s, p, d, a: floor(Fraction(n + 2 * p - k, s)) + 1, True),
    ("count", r"\left\lfloor \frac{<n> + 2<p> - <d>(<k> - 1) - 1}{<s>} \right\rfloor + 1",
     lambda n, k, s, p, d, a: floor(Fraction(n + 2 * p - d * (k - 1) - 1, s)) + 1, True),
    ("count", r"<n> + 2<p> - <k> + 1", lambda n, k, s, p, d, a: n + 2 * p - k + 1, True),
    ("count", r"<n> - <k> + 1", lambda n, k, s, p, d, a: n - k + 1, True),
    ("count", r"\left\lfloor \frac{<n> + <p> - <k>}{<s>} \right\rfloor + 1",
     lambda n, k, s, p, d, a: floor(Fraction(n + p - k, s)) + 1, False),
    ("count", r"\left\lfloor \frac{<n> + 2<p> - <k>}{<s>} \right\rfloor",
     lambda n, k, s, p, d, a: floor(Fraction(n + 2 * p - k, s)), False),
    ("count", r"\left\lceil \frac{<n> + 2<p> - <k>}{<s>} \right\rceil + 1",
     lambda n, k, s, p, d, a: ceil(Fraction(n + 2 * p - k, s)) + 1, False),
    ("count", r"\frac{<n> + 2<p> - <k>}{<s>} + 1", lambda n, k, s, p, d, a: Fraction(n + 2 * p - k, s) + 1, False),
    ("count", r"(<n> - <k> + 2<p>)/<s> + 1", lambda n, k, s, p, d, a: Fraction(n - k + 2 * p, s) + 1, False),
    ("count", r"<n> - <k>", lambda n, k, s, p, d, a: n - k, False),
    ("count", r"<n> + <k> - 1", lambda n, k, s, p, d, a: n + k - 1, False),
    ("transposed", r"<s>(<n> - 1) + <k> - 2<p>", lambda n, k, s, p, d, a: s * (n - 1) + k - 2 * p, True),
    ("transposed", r"<s>(<n> - 1) + <a> + <k> - 2<p>", lambda n, k, s, p, d, a: s * (n - 1) + a + k - 2 * p, True),
    ("transposed", r"<s>(<n> - 1) + <k> + 2<p>", lambda n, k, s, p, d, a: s * (n - 1) + k + 2 * p, False),
    ("transposed", r"<s> <n> + <k> - 2<p>", lambda n, k, s, p, d, a: s * n + k - 2 * p, False),
    ("span", r"<d>(<k> - 1) + 1", lambda n, k, s, p, d, a: d * (k - 1) + 1, True),
    ("span", r"<k> + (<k> - 1)(<d> - 1)", lambda n, k, s, p, d, a: k + (k - 1) * (d - 1), True),
    ("span", r"<d>(<k> - 1)", lambda n, k, s, p, d, a: d * (k - 1), False),
    ("span", r"<d> <k>", lambda n, k, s, p, d, a: d * k, False),
    ("same", r"\frac{<k> - 1}{2}", lambda n, k, s, p, d, a: Fraction(k - 1, 2), True),
    ("same", r"\frac{<d>(<k> - 1)}{2}", lambda n, k, s, p, d, a: Fraction(d * (k - 1), 2), True),
    ("same", r"\frac{<k>}{2}", lambda n, k, s, p, d, a: Fraction(k, 2), False),
    ("same", r"\frac{<k> + 1}{2}", lambda n, k, s, p, d, a: Fraction(k + 1, 2), False),
    ("same", r"<k> - 1", lambda n, k, s, p, d, a: k - 1, False),
]
# notations: names of o, n, k, s, p, d, a (None: the notation has no such letter)
_NOTATIONS = {
    "count": [("o", "i", "k", "s", "p", "d", None), ("W_2", "W_1", "F", "S", "P", None, None),
              ("W_{out}", "W_{in}", "F", "S", "P", None, None),
              (r"H_{\text{out}}", r"H_{\text{in}}", "F_h", "S", "P", None, None),
              (r"W_{\text{вых}}", r"W_{\text{вх}}", "F", "S", "P", None, None),
              ("H^{(l+1)}", "H^{(l)}", "F_h^{(l)}", "S", "P", None, None),
              ("n_H^{[l]}", "n_H^{[l-1]}", "f^{[l]}", "s^{[l]}", "p^{[l]}", None, None),
              (r"H_{\text{out}}", "H", "k", "s", "p", "d", None), (r"W_\text{out}", r"W_\text{in}", "k_w", "s", "p", None, None),
              (r"L_{\text{out}}", r"L_{\text{in}}", "K", "S", "P", r"\text{dil}", None)],
    "transposed": [("o'", "i'", "k", "s", "p", None, "a")],
    "span": [(r"\hat{k}", None, "k", None, None, "d", None), ("k_{eff}", None, "k", None, None, "d", None)],
    "same": [("p", None, "k", None, None, "d", None), ("P", None, "F", None, None, None, None)],
}
_ROLES = ("o", "n", "k", "s", "p", "d", "a")


def _truth(target: str, n, k, s, p, d, a):
    if target == "same":  # odd kernels (the item's prose says so): 2p = d(k - 1) keeps the size
        return Fraction(d * (k - 1), 2) if k % 2 else None
    if target == "span":
        return kernel_span(k, d)
    if target == "transposed":
        out = (n - 1) * s - 2 * p + kernel_span(k, d) + a
        return conv_transpose_output_size(n, k, s, p, p, d, a) if out >= 1 else None
    padded, width = n + 2 * p, kernel_span(k, d)
    count = sum(1 for t in range(padded) if t % s == 0 and t + width <= padded)
    return count or None


def _holds_on_grid(target: str, func, used: set) -> bool:
    """The formula equals the definition on every small size (n, k <= 7, s, d <= 3, p <= 2)."""
    for n, k, s, p, d, a in product(range(1, 8), range(1, 8), range(1, 4), range(3), range(1, 4), range(3)):
        values = {"s": s, "p": p, "d": d, "a": a}
        if any(values[r] != {"s": 1, "p": 0, "d": 1, "a": 0}[r] for r in values if r not in used):
            continue
        if a >= s:
            continue
        true = _truth(target, n, k, s, p, d, a)
        if true is not None and func(n, k, s, p, d, a) != true:
            return False
    return True


def _latex(template: str, names: dict) -> str:
    for role in _ROLES:
        template = template.replace(f"<{role}>", names.get(role) or "")
    return template


def size_formula(rng, note, error=None, numeric=False) -> Item:
    """A general size formula in a lecture notation; ``error`` picks a wrong variant."""
    want = error is None
    target, template, func, _ = rng.choice([f for f in FORMS if f[3] == want])
    names = rng.choice([nt for nt in _NOTATIONS[target]
                        if all(nt[_ROLES.index(r)] for r in _ROLES if f"<{r}>" in template)])
    names = dict(zip(_ROLES, names))
    used = {r for r in _ROLES if f"<{r}>" in template}
    true = _holds_on_grid(target, func, used)
    body = f"{names['o']} = {_latex(template, names)}"
    what = {"count": "Output size of a convolution", "transposed": "Output size of a transposed convolution",
            "span": "Span of a dilated kernel",
            "same": "Padding that keeps the same size at stride 1 for an odd kernel"}[target]
    roles = {"n": "input", "k": "kernel", "s": "stride", "p": "padding", "d": "dilation", "a": "output padding"}
    prose = what + ", for all sizes: " + ", ".join(f"{roles[r]} {names[r]}" for r in roles if r in used) + "."
    return Item("general-size", body, true, None if true else (error or "value"), prose)


_SUM_TERMS = [  # (latex of the summand in the index i, its value)
    (r"i", lambda i: i), (r"i^2", lambda i: i * i), (r"(2 i + 1)", lambda i: 2 * i + 1),
    (r"2^{i}", lambda i: 2 ** i), (r"(i - 1) i", lambda i: (i - 1) * i),
]


def numeric_sum(rng, note, error=None, numeric=False) -> Item:
    """``\\sum_{i=a}^{b} term = value`` (one or two nested sums); the value from plain integers,
    a planted error moves it by one."""
    lo, hi = rng.choice((0, 1)), rng.randint(2, 6)
    tex, f = rng.choice(_SUM_TERMS)
    total = sum(f(i) for i in range(lo, hi + 1))
    body = f"\\sum_{{i={lo}}}^{{{hi}}} {tex}"
    if rng.random() < 0.4:
        m = rng.randint(2, 3)
        total = sum(f(i) * j for i in range(lo, hi + 1) for j in range(1, m + 1))
        body = f"\\sum_{{i={lo}}}^{{{hi}}} \\sum_{{j=1}}^{{{m}}} {tex} j"
    claimed = total if error is None else total + rng.choice((-1, 1))
    return Item("numeric-sum", f"{body} = {claimed}", error is None, error and "value",
                "A sum with numeric bounds, written out by hand.")
