"""A derivative stated as a formula of its variable is about every value of it: after ``x = 2``,
``\\frac{d}{dx} x^3 = 6x`` held (12 = 12 at x = 2) and ``\\frac{d}{dx} x^2 = x^2`` held (4 = 4);
``f'(t) = 6t`` after ``t = 2`` likewise.  Now the bound number is not used when the other side
names the variable; a derivative claimed as a number (``\\frac{d}{dt} t^3 = 12``) is still taken
at the bound value."""

from __future__ import annotations

import pytest

from convproof.check.document import check_text


def _statuses(doc: str) -> list[str]:
    return [r.status for r in check_text(doc, "md", "doc").equations]


@pytest.mark.parametrize("claim, status", [
    (r"\frac{d}{dx} x^3 = 6x", "wrong"), (r"\frac{d}{dx} x^2 = x^2", "wrong"),
    (r"\frac{d}{dx} x^3 = 3x^2", "holds"), (r"\frac{d}{dx} x^3 = 12", "holds"),
    (r"\frac{d}{dx} x^3 = 13", "wrong"),
])
def test_a_derivative_operator_after_a_bound_variable(claim, status):
    doc = f"Let $x = 2$.\n\n$${claim}$$\n"
    assert _statuses(doc) == ["unchecked", status]


@pytest.mark.parametrize("claim, status", [
    ("f'(t) = 6t", "wrong"), ("f'(t) = 3t^2", "holds"), ("f'(t) = 12", "holds"), ("f'(2) = 12", "holds"),
])
def test_a_primed_call_after_a_bound_variable(claim, status):
    doc = f"$$f(t) = t^3$$\n\nLet $t = 2$.\n\n$${claim}$$\n"
    assert _statuses(doc) == ["unchecked", "unchecked", status]


def test_the_message_says_the_bound_value_is_not_used():
    [_, result] = check_text("Let $x = 2$.\n\n$$\\frac{d}{dx} x^3 = 3x^2$$\n", "md", "doc").equations
    assert "for every x" in result.message and "given bindings x" not in result.message


@pytest.mark.parametrize("doc, status", [
    ("Let $z = 0.5$.\n\n$$\\sigma'(z) = \\sigma(z)(1 - \\sigma(z)) \\approx 0.235$$\n", "holds"),
    ("Let $z = 0.5$.\n\n$$\\sigma'(z) = \\sigma(z)(1 - \\sigma(z)) \\approx 0.25$$\n", "wrong"),
    ("Let $x = 2$.\n\n$$\\frac{d}{dx} x^3 = 3x^2 = 12$$\n", "holds"),
    ("Let $x = 2$.\n\n$$\\frac{d}{dx} x^3 = 3x^2 = 13$$\n", "wrong"),
])
def test_the_next_link_of_a_formula_is_taken_at_the_bound_value(doc, status):
    # the formula link is about every value; the value after it, at the bound one (it was
    # unchecked when the whole statement lost the binding)
    assert _statuses(doc)[-1] == status
