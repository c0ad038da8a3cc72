"""Parser of lecture mathematics: every construct of issue 6, and its refusals."""

import pytest
import sympy as sp

from convproof.check.env import Env
from convproof.check.evaluate import Evaluator
from convproof.check.nodes import Call, Mat, Name, ParseError, Pow, Transpose
from convproof.check.parse import parse_chain


def value(text, env=None):
    return Evaluator(env or Env()).eval(parse_chain(text).sides[0])


@pytest.mark.parametrize("text, expected", [
    ("0.1 + 0.2", sp.Rational(3, 10)),
    (r"6 \cdot 3 + 5 \cdot 2", 28),
    (r"3 \times 4", 12),
    ("2 * 5", 10),
    (r"\frac{7 + 2 \cdot 0 - 3}{2}", 2),
    (r"\left\lfloor \frac{7 + 2 \cdot 0 - 3}{2} \right\rfloor + 1", 3),
    (r"\lceil 2.1 \rceil", 3),
    ("2^{10}", 1024),
    ("2^3", 8),
    (r"\sqrt{16}", 4),
    (r"\max(0, -0.5)", 0),
    (r"\min(1, 2, 0.5)", sp.Rational(1, 2)),
    (r"|-3|", 3),
    (r"\left| -3 \right|", 3),
    (r"(-1) \cdot 2", -2),
    ("-0.5 - 0.5", -1),
    (r"0{,}5", sp.Rational(1, 2)),
    (r"\exp(0)", 1),
    (r"e^{0}", 1),
    (r"\ln(1)", 0),
    (r"\tanh(0)", 0),
    (r"\sigma(0)", sp.Rational(1, 2)),
    (r"\frac{1}{1 + e^{-0}}", sp.Rational(1, 2)),
    (r"\text{ReLU}(-2)", 0),
    (r"\begin{vmatrix} 1 & 2 \\ 3 & 4 \end{vmatrix}", -2),
])
def test_numbers_and_functions(text, expected):
    assert value(text) == expected


def test_decimals_are_exact_rationals():
    node = parse_chain("0.15").sides[0]
    assert node.value == sp.Rational(3, 20) and node.decimals == 2


@pytest.mark.parametrize("text, key", [
    ("f_1", "f_{1}"), ("f_{11}", "f_{11}"), (r"y_{(r+i-1)(c+j-1)}", "y_{(r+i-1)(c+j-1)}"),
    (r"F^{mk}_{uv}", "F_{uv}^{mk}"), (r"F_{uv}^{mk}", "F_{uv}^{mk}"),
    (r"y_2^{(l)}", "y_{2}^{(l)}"), (r"\mathbf{y}^{(l)}", "y^{(l)}"),
    (r"\boldsymbol{W}", "W"), (r"\hat{y}", r"\hat{y}"), (r"\widehat{m}_t", r"\hat{m}_{t}"),
    (r"\mathbf{T}_{padded}", "T_{padded}"), (r"W_{out}", "W_{out}"), (r"\alpha", r"\alpha"),
    (r"w_{0,0}", "w_{0,0}"), (r"\frac{\partial L}{\partial w_1}", r"\frac{\partial L}{\partial w_{1}}"),
])
def test_names(text, key):
    node = parse_chain(text).sides[0]
    assert isinstance(node, Name) and node.key == key


def test_layer_superscript_is_a_label_not_a_power():
    y = value(r"y_2^{(l)}")
    assert y == sp.Symbol("y_{2}^{(l)}")
    assert value("x^2") == sp.Symbol("x") ** 2


def test_transpose_and_label_transpose():
    node = parse_chain(r"\hat{\mathbf{Y}}^{(l)T}").sides[0]
    assert isinstance(node, Transpose) and node.operand.key == r"\hat{Y}^{(l)}"
    m = value(r"\begin{bmatrix} 1 & 2 \end{bmatrix}^T")
    assert m.shape == (2, 1)


@pytest.mark.parametrize("env_name", ["bmatrix", "pmatrix", "matrix", "Bmatrix"])
def test_matrix_environments(env_name):
    text = rf"\begin{{{env_name}}} 1 & 2 \\ 3 & 4 \end{{{env_name}}}"
    assert value(text) == sp.ImmutableMatrix([[1, 2], [3, 4]])


def test_left_right_array():
    text = r"\left[ \begin{array}{cc} 1 & 2 \\ 3 & 4 \end{array} \right]"
    assert value(text) == sp.ImmutableMatrix([[1, 2], [3, 4]])


def test_matrix_product_by_juxtaposition():
    text = r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}\begin{bmatrix} 1 \\ 1 \end{bmatrix}"
    assert value(text) == sp.ImmutableMatrix([3, 7])


def test_call_and_power_before_call():
    node = parse_chain("1 - f^2(x)").sides[0]
    assert isinstance(node.right, Pow) and isinstance(node.right.base, Call)


def test_chain_relations():
    chain = parse_chain(r"a := 1 = 1 \approx 1.0 \equiv 1")
    assert chain.rels == [":=", "=", r"\approx", r"\equiv"]


def test_stop_at_other_relation():
    chain = parse_chain(r"y = 2 \in (0, 3)")
    assert chain.stopped == r"\in" and len(chain.sides) == 2


@pytest.mark.parametrize("text", [
    r"\sum_{i=1}^n x_i", r"\frac{1}{", r"\begin{bmatrix} 1 & 2 + \dots \end{bmatrix}",
    r"\begin{cases} x & x \in A \end{cases}", "x +", r"\int x", "2 3", r"\mbox", "x ? y",
])
def test_refusals_raise_parse_error(text):
    with pytest.raises(ParseError):
        parse_chain(text)


def test_never_evaluates_python():
    with pytest.raises(ParseError):
        parse_chain("__import__('os').system('true')")


def test_ragged_matrix_is_kept_for_conv_analysis():
    node = parse_chain(r"\begin{bmatrix} 1 & 2 \\ 3 \end{bmatrix}").sides[0]
    assert isinstance(node, Mat) and [len(r) for r in node.rows] == [2, 1]


def test_superscript_before_subscript_is_a_channel_label():
    node = parse_chain(r"z^{1}_{11}").sides[0]
    assert isinstance(node, Name) and node.key == "z_{11}^{1}"


def test_aligned_continuation_rows_stay_in_their_statement():
    from convproof.check.split import statements
    chains, _ = statements(r"\begin{aligned} z_{2} &= f_1 y_2 + f_2 y_3 \\ &\quad + f_3 y_4 \\ z_3 &= 1 \end{aligned}")
    assert len(chains) == 2
    assert chains[0].source[chains[0].sides[1].span[1] - 3:chains[0].sides[1].span[1]] == "y_4"


@pytest.mark.parametrize("text", [r"\mathbf{z + z}^{(l+1)} = 1", r"\mathbf{-z} = 1",
                                  r"\frac{\partial v_1 + \partial v_1}{\partial x_1} = 1"])
def test_a_bold_or_derivative_of_an_expression_is_not_a_name(text):
    with pytest.raises(ParseError, match="expression"):
        parse_chain(text)


def test_operators_inside_a_label_keep_the_name():
    side = parse_chain(r"\frac{\partial L}{\partial z_{1}^{(l+1)}} = 1").sides[0]
    assert side.key == r"\frac{\partial L}{\partial z_{1}^{(l+1)}}"
