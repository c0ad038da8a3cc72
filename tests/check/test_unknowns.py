"""Issue 16, rule 3: nothing unknown is assumed (transposes, '*', undefined functions,
derivatives, bold names of unknown shape) -- and derivatives of defined names are computed."""

import pytest

from convproof.check import check_text


def run(doc):
    return check_text(doc, "md", "t").equations


@pytest.mark.parametrize("eq, reason", [
    (r"(\mathbf{C}^T)^T = \mathbf{C}^T", "shape is not known"),
    (r"(C^T)^T = C^T", "transpose of an operand whose shape is not known"),
    (r"f * g = g * f", "a convolution?"),
    (r"f * g = f g", "a convolution?"),
    (r"g(x + b) = g(x)", "g is an undefined function"),
    (r"g'(x) = 2 x", "derivative of the undefined function g"),
    (r"\mathbf{W}\mathbf{x} = \mathbf{x}\mathbf{W}", "shape is not known"),
    (r"\frac{d}{dx} x^2 + 1 = 2 x", "derivative operator"),     # its reach is ambiguous
])
def test_unknown_operators_are_unchecked_with_the_reason(eq, reason):
    (e,) = run("$$" + eq + "$$")
    assert e.status == "unchecked" and reason in e.message, e.message


def test_chain_rule_is_not_passed_by_cancelling_fractions():
    (e,) = run(r"$$\frac{dL}{dw} = \frac{dL}{dy} \frac{dy}{dw} + 0$$")
    assert e.status != "holds", e.message
    (e,) = run(r"$$a = \frac{dL}{dy} \frac{dy}{dw} = \frac{dL}{dw}$$")
    assert e.status == "unchecked", e.message


def test_numbers_with_star_still_multiply():
    (e,) = run("$$2 * 3 = 6$$")
    assert e.status == "holds"


def test_e_applied_to_a_group_is_a_product():
    (e,) = run(r"$$e (1 + 1) = 2 e$$")
    assert e.status == "holds", e.message


DOC = r"""
$$y = 3$$

$$t = 1$$

$$L = (y - t)^2 = 4$$

$$\frac{\partial L}{\partial y} = 2 (y - t) = 4$$
"""


def test_derivative_of_a_defined_name_is_computed():
    e = run(DOC)[-1]
    assert e.status == "holds" and "the derivative of L by y, computed" in e.message, e.message


@pytest.mark.parametrize("wrong", [r"(y - t) = 2", r"2 (y + t) = 8"])
def test_wrong_derivative_with_consistent_number_is_wrong(wrong):
    e = run(DOC.replace(r"2 (y - t) = 4", wrong))[-1]
    assert e.status == "wrong", e.message


def test_derivative_of_a_name_defined_by_an_unread_sum_is_unchecked():
    doc = (r"$$\mathrm{MSE} = \frac{1}{2n}\sum_{i=1}^n (\hat y_i - y_i)^2$$" "\n\n"
           r"$$\frac{\partial \mathrm{MSE}}{\partial \hat{y}} = \begin{pmatrix} \hat y_1 - y_1 \\ "
           r"\hat y_2 - y_2 \end{pmatrix} = \begin{pmatrix} -1 \\ 0 \end{pmatrix}$$")
    e = run(doc)[-1]
    assert e.status == "unchecked" and "derivative of \\text{MSE}" in e.message, e.message


def test_derivative_of_an_undefined_name_is_a_definition():
    (e,) = run(r"$$\frac{\partial L}{\partial b} = 2 \cdot 3 = 6$$")
    assert e.status == "holds" and e.message.startswith("defines")


ENTRIES = (r"$$\mathbf{T} = \begin{bmatrix} f_{1} & f_{2} & 0 \\ 0 & f_{1} & f_{2} \end{bmatrix}$$" "\n\n"
           r"Entry by entry, $\mathbf{z} = \mathbf{T} \mathbf{y}$:" "\n\n"
           r"$$z_{1} = f_{1} y_{1} + f_{2} y_{2}, \quad z_{2} = f_{1} y_{2} + f_{2} y_{3}$$")


def test_entries_of_a_product_with_a_bold_vector_are_checked():
    eqs = run(ENTRIES)
    assert [e.status for e in eqs[-2:]] == ["holds", "holds"], [e.message for e in eqs]


@pytest.mark.parametrize("old, new", [("f_{2} y_{3}", "f_{2} y_{1}"), ("f_{2} y_{3}", "f_{2} y_{4}"),
                                      ("f_{2} y_{3}", "f_{1} y_{3}")])
def test_a_wrong_entry_of_the_product_is_wrong(old, new):
    e = run(ENTRIES.replace(old, new))[-1]
    assert e.status == "wrong", e.message


def test_vector_entries_are_not_substituted_into_other_notation():
    doc = (r"$$\mathbf{f} = \begin{bmatrix} a_{1} & 0 \\ 0 & a_{1} \end{bmatrix} \mathbf{w}$$" "\n\n"
           r"$$f_{1} + 0 = f_{1}$$")
    e = run(doc)[-1]
    assert e.status == "holds" and "a_{1}" not in e.message, e.message
