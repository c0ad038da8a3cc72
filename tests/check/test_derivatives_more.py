"""Issue 17 item 3 leftovers: the derivative operator (check/diffop.py) and activation
derivatives written with ``cases``, compared branch by branch (check/branchwise.py).  Every
construct: correct variants hold, planted errors (wrong sign, missing factor, swapped branches,
wrong constant) are wrong, unevaluable ones unchecked."""

import pytest
import sympy as sp

from convproof.check import check_text
from convproof.check.branchwise import branchwise


def status(doc):
    return check_text(doc, "md", "t").equations[-1].status


OPERATOR_HOLDS = [
    r"\frac{d}{dz}\sigma(z) = \sigma(z)(1-\sigma(z))",
    r"\frac{\partial}{\partial x}(x^2 y) = 2xy",
    r"\frac{d}{dx}\left[\ln(1+e^x)\right] = \frac{e^x}{1+e^x}",
    r"\frac{d}{dx}\left[\ln(1+e^x)\right] = \sigma(x)",
    r"\frac{d}{dx} \tanh(x) = 1 - \tanh^2(x)",
    r"\frac{\mathrm{d}}{\mathrm{d}x} x^3 = 3x^2",
    r"\frac{\partial}{\partial y}(x^2 y) = x^2",
    r"\frac{d}{dx}(x^2) + 1 = 2x + 1",
    r"\frac{d^2}{dx^2} x^3 = 6x",
]

OPERATOR_WRONG = [
    r"\frac{d}{dz}\sigma(z) = \sigma(z)(1+\sigma(z))",          # wrong sign
    r"\frac{d}{dz}\sigma(z) = -\sigma(z)(1-\sigma(z))",         # wrong sign
    r"\frac{\partial}{\partial x}(x^2 y) = 2x",                 # missing factor
    r"\frac{\partial}{\partial x}(x^2 y) = x^2",                # by the other variable
    r"\frac{d}{dx}\left[\ln(1+e^x)\right] = \frac{1}{1+e^x}",   # wrong numerator
    r"\frac{d}{dx} \tanh(x) = 1 + \tanh^2(x)",
    r"\frac{d^2}{dx^2} x^3 = 3x^2",                           # first, not second derivative
]


@pytest.mark.parametrize("claim", OPERATOR_HOLDS)
def test_operator_correct_holds(claim):
    assert status(f"$${claim}$$") == "holds"


@pytest.mark.parametrize("claim", OPERATOR_WRONG)
def test_operator_planted_error_is_wrong(claim):
    assert status(f"$${claim}$$") == "wrong"


@pytest.mark.parametrize("claim", [
    r"\frac{d}{dx} x^2 + 1 = 2x",          # does the operator reach the 1? not read
    r"\frac{\partial^2}{\partial x \partial y}(x^3 y) = 3x^2",   # mixed: not read
    r"\frac{d}{dx} f(x) = 2x",             # f undefined
])
def test_operator_unevaluable_unchecked(claim):
    assert status(f"$${claim}$$") == "unchecked"


def test_operator_at_the_documents_value():
    assert status("$$z = 0$$\n\n$$\\frac{d}{dz}\\sigma(z) = 0.25$$") == "holds"
    assert status("$$z = 0$$\n\n$$\\frac{d}{dz}\\sigma(z) = 0.5$$") == "wrong"


def test_operator_on_a_formula_name_is_not_a_constant():
    doc = "$$L = (y - t)^2$$\n\n$$\\frac{\\partial}{\\partial y} L = 0$$"
    assert status(doc) == "unchecked"


RELU = r"\operatorname{ReLU}'(x) = "
CASES_HOLDS = [
    RELU + r"\begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}",
    RELU + r"\begin{cases} 1, & \text{if } x > 0 \\ 0, & \text{otherwise} \end{cases}",
    RELU + r"\begin{cases} 1 & x \ge 0 \\ 0 & x < 0 \end{cases}",   # boundary not checked
    r"\operatorname{ReLU}(x) = \begin{cases} x & x > 0 \\ 0 & x \le 0 \end{cases}",
    r"\operatorname{HardTanh}'(x) = \begin{cases} 1 & -1 < x < 1 \\ 0 & \text{otherwise} "
    r"\end{cases}",
]
CASES_WRONG = [
    RELU + r"\begin{cases} 0 & x > 0 \\ 1 & x < 0 \end{cases}",     # swapped branches
    RELU + r"\begin{cases} 1 & x > 0 \\ -1 & x < 0 \end{cases}",    # wrong constant
    RELU + r"\begin{cases} x & x > 0 \\ 0 & x < 0 \end{cases}",     # the function, not f'
    r"\operatorname{HardTanh}'(x) = \begin{cases} 0 & -1 < x < 1 \\ 1 & \text{otherwise} "
    r"\end{cases}",
    r"\operatorname{HardTanh}'(x) = \begin{cases} 1 & -2 < x < 2 \\ 0 & \text{otherwise} "
    r"\end{cases}",                                                 # wrong boundary
]


@pytest.mark.parametrize("claim", CASES_HOLDS)
def test_cases_correct_holds(claim):
    assert status(f"$${claim}$$") == "holds"


@pytest.mark.parametrize("claim", CASES_WRONG)
def test_cases_planted_error_is_wrong(claim):
    assert status(f"$${claim}$$") == "wrong"


LEAKY = (r"$$\operatorname{LeakyReLU}(x) = \begin{cases} x & x > 0 \\ \alpha x & x \le 0 "
         r"\end{cases}$$" "\n\n")
LEAKY_NUM = r"$$g(x) = \begin{cases} x & x > 0 \\ 0.01 x & x \le 0 \end{cases}$$" "\n\n"


@pytest.mark.parametrize("doc, claim, expected", [
    (LEAKY, r"\operatorname{LeakyReLU}'(x) = \begin{cases} 1 & x > 0 \\ \alpha & x < 0 "
     r"\end{cases}", "holds"),
    (LEAKY, r"\operatorname{LeakyReLU}'(x) = \begin{cases} 1 & x > 0 \\ -\alpha & x < 0 "
     r"\end{cases}", "wrong"),
    (LEAKY, r"\operatorname{LeakyReLU}'(x) = \begin{cases} 1 & x > 0 \\ 1 & x < 0 "
     r"\end{cases}", "wrong"),
    (LEAKY_NUM, r"g'(x) = \begin{cases} 1 & x > 0 \\ 0.01 & x < 0 \end{cases}", "holds"),
    (LEAKY_NUM, r"g'(x) = \begin{cases} 1 & x > 0 \\ 0.1 & x < 0 \end{cases}", "wrong"),
    (LEAKY_NUM, r"g'(x) = \begin{cases} 0.01 & x > 0 \\ 1 & x < 0 \end{cases}", "wrong"),
])
def test_leaky_relu_from_the_documents_definition(doc, claim, expected):
    assert status(doc + f"$${claim}$$") == expected


def test_branchwise_never_probes_a_boundary():
    x = sp.Symbol("x")
    # the two differ only at x = 0 (a boundary): branch by branch they agree
    claim = sp.Piecewise((1, x > 0), (5, sp.Eq(x, 0)), (0, x < 0))
    assert branchwise(sp.Heaviside(x), claim)[0] == "identity"


def test_branchwise_undecided_with_two_condition_variables():
    x, y = sp.symbols("x y")
    assert branchwise(sp.Heaviside(x), sp.Piecewise((1, x > y), (0, True))) is None


@pytest.mark.parametrize("claim", [
    r"\operatorname{ReLU}'(z) = 0",                                   # an equation to solve
    r"\operatorname{ReLU}'(z) = \begin{cases} 1 & z > 0 \\ 0 & z < 0 \end{cases}, \quad z > 0",
])
def test_cases_not_judged_as_a_claim_for_all_values(claim):
    assert status(f"$${claim}$$") != "wrong"


# -- the gradient by a vector the document gives (check/vecgrad.py) --------------------------
GIVEN = (r"$$X = \begin{bmatrix} 1 & 2 \\ 0 & 1 \\ 3 & 1 \end{bmatrix}, \quad "
         r"y = \begin{bmatrix} 1 \\ 1 \\ 2 \end{bmatrix}, \quad "
         r"w = \begin{bmatrix} 1 \\ 2 \end{bmatrix}$$" "\n\n")
SQUARE = (r"$$X = \begin{bmatrix} 1 & 2 \\ 0 & 1 \end{bmatrix}, \quad "
          r"y = \begin{bmatrix} 1 \\ 1 \end{bmatrix}, \quad "
          r"w = \begin{bmatrix} 1 \\ 2 \end{bmatrix}$$" "\n\n")
HALF_SSE = r"\frac{1}{2}(X w - y)^T (X w - y)"


@pytest.mark.parametrize("given, claim, expected", [
    (GIVEN, rf"\nabla_{{\mathbf w}} \left({HALF_SSE}\right) = X^T (X w - y)", "holds"),
    (GIVEN, rf"\nabla_{{\mathbf w}} \left({HALF_SSE}\right) = X^T X w - X^T y", "holds"),
    (GIVEN, rf"\nabla_{{\mathbf w}} \left({HALF_SSE}\right) = X^T (y - X w)", "wrong"),
    (GIVEN, rf"\nabla_{{\mathbf w}} \left({HALF_SSE}\right) = 2 X^T (X w - y)", "wrong"),
    (GIVEN, rf"\nabla_{{\mathbf w}} \left({HALF_SSE}\right) = \begin{{bmatrix}} 13 \\ 12 "
     r"\end{bmatrix}", "holds"),
    (GIVEN, rf"\nabla_{{\mathbf w}} \left({HALF_SSE}\right) = \begin{{bmatrix}} 13 \\ 13 "
     r"\end{bmatrix}", "wrong"),
    (SQUARE, rf"\nabla_{{\mathbf w}} \left({HALF_SSE}\right) = X^T (X w - y)", "holds"),
    (SQUARE, rf"\nabla_{{\mathbf w}} \left({HALF_SSE}\right) = X (X w - y)", "wrong"),  # X^T
    (SQUARE, r"\nabla_{\mathbf w} \left(w^T X w\right) = (X + X^T) w", "holds"),
    (SQUARE, r"\nabla_{\mathbf w} \left(w^T X w\right) = 2 X w", "wrong"),
    (SQUARE, r"\nabla_{\mathbf w} \left(w^T y\right) = y", "holds"),
    (SQUARE, r"\nabla_{\mathbf w} \left(w^T y\right) = w", "wrong"),
])
def test_gradient_by_a_given_vector(given, claim, expected):
    assert status(given + f"$${claim}$$") == expected


def test_gradient_of_a_defined_loss():
    loss = f"$$L = {HALF_SSE}$$\n\n"
    assert status(GIVEN + loss + r"$$\nabla_{\mathbf w} L = X^T (X w - y)$$") == "holds"
    assert status(GIVEN + loss + r"$$\nabla_{\mathbf w} L = X^T (y - X w)$$") == "wrong"


@pytest.mark.parametrize("doc", [
    # r is a formula of w: inside L it is not a constant (not evaluated)
    GIVEN + "$$r = X w - y$$\n\n$$L = \\frac{1}{2} r^T r$$\n\n$$\\nabla_{\\mathbf w} L = 0$$",
    "$$\\nabla_{\\mathbf w} (w^T x) = x$$",     # no entries given: not evaluated
    SQUARE + r"$$\nabla_{\mathbf w} \left(X w\right) = X$$",   # a Jacobian: not evaluated
])
def test_gradient_not_evaluable_is_unchecked(doc):
    assert status(doc) == "unchecked"


@pytest.mark.parametrize("doc", [
    # y is a printed value; the prose may compute it from w: its derivative is not taken as 0
    "$$y = 0.8$$\n\n$$t = 1$$\n\n$$\\frac{\\partial}{\\partial w}(y - t)^2 = 2(y - t) x$$",
    GIVEN + "$$p = 0.8$$\n\n$$L = \\frac{1}{2}(p - 1)^2$$\n\n"
    "$$\\nabla_{\\mathbf w} L = X^T (X w - y)$$",
])
def test_an_operand_without_the_variable_is_not_evaluated(doc):
    assert status(doc) == "unchecked"


def test_no_cases_written_no_branchwise_claim():
    # ReLU(x) = x holds for x > 0, which the prose may state: no cases, nothing claimed
    assert status("$$\\operatorname{ReLU}(x) = x$$") == "unchecked"


# cross-entropy with softmax at given vectors (one-hot y written out): grad = softmax(z) - y
SOFTMAX = (r"$$z = \begin{bmatrix} 1 \\ 2 \\ 0 \end{bmatrix}, \quad "
           r"y = \begin{bmatrix} 0 \\ 1 \\ 0 \end{bmatrix}$$" "\n\n"
           r"$$p = \operatorname{softmax}(z)$$" "\n\n")
CE = r"\nabla_{\mathbf z} \left(-y^T \ln(\operatorname{softmax}(z))\right) = "


@pytest.mark.parametrize("claim, expected", [
    (r"\operatorname{softmax}(z) - y", "holds"),
    ("p - y", "holds"),
    (r"y - \operatorname{softmax}(z)", "wrong"),     # wrong sign
    (r"\operatorname{softmax}(z)", "wrong"),         # y dropped
    ("p", "wrong"),
])
def test_cross_entropy_with_softmax_at_given_vectors(claim, expected):
    assert status(SOFTMAX + f"$${CE}{claim}$$") == expected
