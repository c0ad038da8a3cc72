"""convproof.check.nonzero: an exact point value proves a difference is not identically zero."""

from __future__ import annotations

import pytest
import sympy as sp

from convproof.check.nonzero import surely_nonzero

x, y = sp.symbols("x y", positive=True)
n = sp.Symbol("n", integer=True)
e = sp.Symbol("e", even=True)
neg = sp.Symbol("m", negative=True)


@pytest.mark.parametrize("expr, expected", [
    (x * y - 2 * x, True),                  # nonzero at x=3, y=5
    (x / y + 1, True),
    (n**2 - n, True),
    (x - x, False),                         # zero: never "surely nonzero"
    (sp.expand((x + y)**2 - x**2 - 2*x*y - y**2), False),
    (x - 3, False),                         # zero at the chosen point: nothing concluded
    (sp.sqrt(x) - 2, False),                # not a rational value
    (sp.floor(x / 2) - x, False),           # functions are not evaluated here
    (sp.Function("f")(x) - x, False),
    (e - 1, False),                         # 3 is not even: no admissible point
    (neg + 1, False),                       # 3 is not negative
    (sp.Integer(0), False),
    (sp.Integer(2), False),                 # no symbols: the caller's exact comparison decides
])
def test_surely_nonzero(expr, expected):
    assert surely_nonzero(expr) is expected


def test_never_claims_nonzero_for_an_identity_that_simplify_proves():
    a, b = sp.symbols("a b", positive=True)
    for diff in (sp.sqrt(a**2) - a, (a**2 - b**2) / (a - b) - a - b, sp.exp(sp.log(a)) - a):
        assert sp.simplify(diff) == 0 and not surely_nonzero(diff)
