"""Arithmetic, matrix products, approximations and definitions carried across a document."""


from convproof.check.document import check_text


def results(doc, fmt="md"):
    return check_text(doc, fmt, "t").equations


def statuses(doc, fmt="md"):
    return [(e.status, e.kind) for e in results(doc, fmt)]


def test_sum_of_products_holds_and_wrong():
    ok = r"$$6 \cdot 3 + 5 \cdot 2 + 3 \cdot (-1) + 4 \cdot (-1) + 6 \cdot 1 = 27$$"
    assert statuses(ok) == [("holds", "exact")]
    (e,) = results(ok.replace("27", "28"))
    assert e.status == "wrong" and e.mismatches[0]["expected"] == "27"
    assert e.mismatches[0]["claimed"] == "28"


def test_output_size_with_floor():
    doc = r"$$W_{out} = \left\lfloor \frac{7 + 2 \cdot 0 - 3}{2} \right\rfloor + 1 = 3$$"
    (e,) = results(doc)
    assert e.status == "holds"
    (e,) = results(doc.replace("= 3$$", "= 4$$"))
    assert e.status == "wrong"


def test_every_link_of_a_chain():
    (e,) = results(r"$$2 + 2 = 4 = 5 = 5$$")
    assert e.status == "wrong" and "link 2" in e.message


def test_approx_rounded_truncated_and_wrong():
    assert statuses(r"$$\tanh(0.285) \approx 0.278$$") == [("holds", "approximation")]
    assert statuses(r"$$\tanh(0.285) \approx 0.277$$") == [("holds", "truncated")]
    assert statuses(r"$$\tanh(0.285) \approx 0.276$$")[0][0] == "wrong"
    assert statuses(r"$$\tanh(0.285) \approx 0.28$$") == [("holds", "approximation")]


def test_equals_with_integer_claim_is_exact():
    assert statuses(r"$$\frac{9}{2} = 4$$")[0][0] == "wrong"
    assert statuses(r"$$\frac{9}{2} \approx 5$$") == [("holds", "approximation")]


def test_dense_layer_product_with_decimals():
    doc = (r"$$W = \begin{bmatrix} 0.15 & -0.7 \\ 0.02 & 0.81 \\ 1.1 & -0.24 \end{bmatrix} \quad "
           r"b = \begin{bmatrix} 0 \\ -0.3 \\ 0.14 \end{bmatrix} \quad x = \begin{bmatrix} 0.5 \\ -0.3 \end{bmatrix}$$"
           "\n\n"
           r"$$Wx + b = \begin{bmatrix} 0.285 \\ -0.533 \\ 0.762 \end{bmatrix}$$")
    assert statuses(doc)[-1] == ("holds", "exact")
    (e,) = results(doc.replace("-0.533", "-0.553"))[-1:]
    assert e.status == "wrong"
    assert e.mismatches == [{"row": 2, "col": 1, "claimed": "-0.553", "expected": "-0.533"}]


def test_activation_vector_with_approx():
    doc = r"$$\begin{bmatrix} \tanh(0.285) \\ \tanh(0.762) \end{bmatrix} \approx \begin{bmatrix} 0.278 \\ 0.642 \end{bmatrix}$$"
    assert statuses(doc) == [("holds", "approximation")]


def test_softmax_vector_truncation_is_reported():
    doc = "Let $z = [1, 0, 0.5, -1, 1]$, then $\\text{softmax}(z) \\approx [0.322, 0.118, 0.195, 0.043, 0.322]$."
    (_, e) = results(doc)
    assert e.status == "holds" and e.kind == "truncated" and "0.044" in e.message


def test_sigmoid_as_fraction_and_sigma():
    assert statuses(r"$$\frac{1}{1 + e^{-0}} = \sigma(0) = 0.5$$") == [("holds", "exact")]


def test_function_definition_used_later():
    doc = ("Let $f(x) = x^2 - 2$, $x_0 = 3$, $\\alpha = 0.4$ and $\\nabla f(x) = 2x$.\n\n"
           r"$$x_1 = x_0 - \alpha \cdot \nabla f(x_0) = 3 - 0.4 \cdot 2 \cdot 3 = 0.6, f(x_1) = -1.64$$")
    rs = results(doc)
    assert [e.status for e in rs[-2:]] == ["holds", "holds"]
    bad = results(doc.replace("-1.64", "-1.46"))
    assert bad[-1].status == "wrong" and "line 1" in bad[-1].message


def test_gradient_step_uses_old_value():
    doc = ("$w_1 = 1.0$, $\\eta = 0.7$, $\\frac{\\partial L}{\\partial w_1} = 1.0044$\n\n"
           r"$$w_1 = w_1 - \eta \cdot \frac{\partial L}{\partial w_1} = 1.0 - 0.7 \cdot 1.0044 = 0.29692$$")
    assert results(doc)[-1].status == "holds"


def test_vector_definition_defines_elements():
    doc = "$$x = [2.0, -0.5]$$\n\n$$\\frac{\\partial v_2}{\\partial w_2} = x_2 = -0.5$$"
    assert results(doc)[-1].status == "holds"


def test_matrix_defined_earlier_is_used():
    doc = (r"$$\mathbf{T} = \begin{bmatrix} 1 & 2 \\ 0 & 1 \end{bmatrix}$$" "\n\n"
           r"$$\mathbf{T}\begin{bmatrix} 1 \\ 1 \end{bmatrix} = \begin{bmatrix} 3 \\ 1 \end{bmatrix}$$")
    assert results(doc)[-1].status == "holds"
    assert results(doc.replace("3 \\\\ 1 \\end{bmatrix}$$", "3 \\\\ 2 \\end{bmatrix}$$"))[-1].status == "wrong"


def test_symbolic_product_expansion_wrong_entry():
    doc = (r"$$\mathbf{T} = \begin{bmatrix} a & b \\ c & d \end{bmatrix}$$" "\n\n"
           r"$$\mathbf{T}\begin{bmatrix} x \\ y \end{bmatrix} = \begin{bmatrix} a x + b y \\ c x + d x \end{bmatrix}$$")
    e = results(doc)[-1]
    assert e.status == "wrong"
    assert e.mismatches[0]["row"] == 2 and e.mismatches[0]["expected"] == "c x + d y"


def test_identity_holds_and_non_identity_is_unchecked():
    assert statuses(r"$$N = MKpq + K = (Mpq + 1)K$$")[0] == ("holds", "identity")
    assert statuses(r"$$2x + 1 = x + 3$$")[0][0] == "unchecked"
    assert statuses(r"$$A x = 5$$")[0][0] == "unchecked"


def test_definitions_are_unchecked():
    assert statuses(r"$$a := 5$$") == [("unchecked", "definition")]
    assert statuses(r"$$b \equiv 7$$") == [("unchecked", "definition")]


def test_rounded_inputs_are_not_called_wrong():
    doc = ("$$\\frac{\\partial L}{\\partial v_2} = 0.5022$$\n\n$$\\frac{\\partial v_2}{\\partial x_2} = 3.0$$\n\n"
           r"$$\frac{\partial L}{\partial x_2} = \frac{\partial L}{\partial v_2} \cdot \frac{\partial v_2}{\partial x_2} = 1.5067$$")
    e = results(doc)[-1]
    assert e.status == "unchecked" and e.kind == "input-precision"


def test_unknown_function_is_unchecked_not_wrong():
    assert statuses(r"$$y = g(0.3) = 0.5$$")[0][0] == "unchecked"


def test_convolution_of_matrices_is_not_a_product():
    # '*' between arrays is a sliding window (numconv.py), not a matrix or dot product
    doc = r"$$\begin{bmatrix} 1 & 2 \end{bmatrix} * \begin{bmatrix} 1 & 2 \end{bmatrix} = %s$$"
    [result] = results(doc % "5")
    assert result.status == "holds" and "cross-correlation" in result.message and "flipped" not in result.message
    assert statuses(doc % "4")[0][0] == "holds"   # the flipped kernel: 1*2 + 2*1
    assert statuses(doc % "6")[0][0] == "wrong"


from hypothesis import given, settings
from hypothesis import strategies as st


@settings(max_examples=40)
def _bm(rows):
    return r"\begin{bmatrix} " + r" \\ ".join(" & ".join(str(v) for v in r) for r in rows) + r" \end{bmatrix}"


@given(st.integers(1, 4), st.integers(1, 4), st.data())
def test_planted_entry_in_numeric_product(m, n, data):
    ints = st.integers(-9, 9)
    A = [[data.draw(ints) for _ in range(n)] for _ in range(m)]
    x = [[data.draw(ints)] for _ in range(n)]
    prod = [[sum(A[i][k] * x[k][0] for k in range(n))] for i in range(m)]
    doc = f"$${_bm(A)} {_bm(x)} = {_bm(prod)}$$"
    assert statuses(doc) == [("holds", "exact")]
    i = data.draw(st.integers(0, m - 1))
    bad = [row[:] for row in prod]
    bad[i][0] += data.draw(st.sampled_from([-2, -1, 1, 3]))
    (e,) = results(f"$${_bm(A)} {_bm(x)} = {_bm(bad)}$$")
    assert e.status == "wrong"
    where = (i + 1, 1) if m > 1 else (None, None)  # a 1x1 product is a scalar
    assert e.mismatches == [{"row": where[0], "col": where[1], "claimed": str(bad[i][0]),
                             "expected": str(prod[i][0])}]


def test_decimal_comma_at_top_level():
    assert statuses("$x = 0,5$ and $$2x = 1$$")[-1] == ("holds", "exact")
    assert statuses(r"$$f(x) = x$$ $$[1,0,-1] = [1, 0, -1]$$")[-1] == ("holds", "exact")


def test_bare_name_against_a_new_value_is_not_called_wrong():
    (_, e) = results(r"$w_1 = 0.15$ later $$a = w_1 = 1.0$$")
    assert e.status == "unchecked" and e.kind == "redefinition"


def test_derivative_identities():
    assert statuses(r"$$\tanh'(x) = 1 - \tanh^2(x)$$") == [("holds", "identity")]
    doc = r"$$\sigma(x) = \frac{1}{1+e^{-x}}$$ $$\sigma'(x) = \sigma(x)(1 - \sigma(x))$$"
    assert statuses(doc)[-1] == ("holds", "identity")
    # a derivative against a formula in its own variable that is not an identity: evaluated
    # (nonzero at a rational point), wrong (issue 17 item 3; it was unchecked before)
    assert statuses(r"$$\sigma'(x) = \sigma(x)(1 + \sigma(x))$$")[0] == ("wrong", "derivative")


def test_equals_with_a_decimal_holds_only_when_correctly_rounded():
    """The printed-precision rule for '=' (README): rounded holds, truncated is unchecked, a
    decimal off in its last digit is wrong; an exact tie accepts either neighbour."""
    (e,) = results(r"$$3.0 + 0.7 \cdot 0.2511 = 3.1758$$")
    assert (e.status, e.kind) == ("holds", "approximation") and "(written =;" in e.message
    (e,) = results(r"$$3.0 + 0.7 \cdot 0.2511 = 3.1757$$")
    assert (e.status, e.kind) == ("unchecked", "truncated") and "rounding gives 3.1758" in e.message
    assert statuses(r"$$3.0 + 0.7 \cdot 0.2511 = 3.1759$$")[0][0] == "wrong"
    assert statuses(r"$$3.0 + 0.7 \cdot 0.2511 \approx 3.1757$$") == [("holds", "truncated")]
    assert [s for s, _ in statuses(r"$$\frac{1}{8} = 0.12, \quad \frac{1}{8} = 0.13, \quad "
                                   r"\frac{1}{8} = 0.14$$")] == ["holds", "holds", "wrong"]


def test_a_label_given_two_different_values_is_wrong():
    prod = (r"\begin{bmatrix} 1 & 0 \\ 0 & 1 \\ 1 & 1 \end{bmatrix} "
            r"\begin{bmatrix} a \\ b \end{bmatrix}")
    (e,) = results(rf"$$\begin{{bmatrix}} z_1 \\ z_2 \\ z_2 \end{{bmatrix}} = {prod}$$")
    assert (e.status, e.kind) == ("wrong", "labels") and "z_2" in e.message
    assert e.mismatches == [{"row": 3, "col": None, "claimed": "z_2", "expected": None}]
    (e,) = results(rf"$$\begin{{bmatrix}} z_1 \\ z_2 \\ z_3 \end{{bmatrix}} = {prod}$$")
    assert e.status != "wrong"
    (e,) = results(r"$$\begin{bmatrix} z_1 \\ z_1 \end{bmatrix} = \begin{bmatrix} a + b \\ b + a \end{bmatrix}$$")
    assert e.status != "wrong"
