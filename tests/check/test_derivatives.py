"""Issue 17 item 3: derivatives computed from the document's formulas (check/formulas.py,
check/derivlink.py): chain-rule factors, worked backpropagation numbers, activation and
softmax/cross-entropy identities.  Every construct: correct variants hold, planted errors
(wrong factor, wrong sign, missing 1/2, wrong number) are wrong, unevaluable ones unchecked."""

import functools

import pytest

from convproof.check import check_text


@functools.lru_cache(maxsize=8)
def _run(doc):
    return tuple(check_text(doc, "md", "t").equations)


def run(doc):
    return list(_run(doc))


def at(doc, line):
    return [e for e in run(doc) if e.line == line]


def last(doc):
    return run(doc)[-1]


# -- a computational graph stated once, then valued (the seed 002 lecture, lines 442-567:
#    ../shared/seeds/002_b7471a62d56a73d3.txt, "Обратное распространение ошибки") ----------
GRAPH = (r"$$\begin{aligned}v_1 &= x_1 \cdot w_1 \\v_2 &= x_2 \cdot w_2 \\v_3 &= v_1 + v_2 "
         r"\\v_4 &= v_3 + b \\y &= \tanh(v_4)\end{aligned}$$" "\n\n"
         "$$x = [2.0, -0.5], t = [-1]$$\n\n$$w = [1.0, 3.0], b = [-1.2]$$\n\n"
         "$$v_1 = 2.0 \\cdot 1.0 = 2.0$$\n\n$$v_2 = -0.5 \\cdot 3.0 = -1.5$$\n\n"
         "$$v_3 = 2.0 - 1.5 = 0.5$$\n\n$$v_4 = 0.5 - 1.2 = -0.7$$\n\n"
         "$$y = \\tanh(-0.7) = -0.604$$\n\n$$L(y, t) = (y - t)^2$$\n\n")


@pytest.mark.parametrize("claim", [
    r"\frac{\partial v_1}{\partial w_1} = x_1 = 2.0",
    r"\frac{\partial v_1}{\partial x_1} = w_1 = 1.0",
    r"\frac{\partial v_3}{\partial v_1} = 1.0",
    r"\frac{\partial v_4}{\partial b} = 1.0",
    r"\frac{\partial y}{\partial v_4} = \tanh'(-0.7) = 0.635",
    r"\frac{\partial L}{\partial y} = 2 \cdot (y - t)",
    r"\frac{\partial L}{\partial v_4} = 0.5022",
    r"\frac{\partial L}{\partial b} = \frac{\partial L}{\partial v_4} \cdot \frac{\partial v_4}{\partial b}",
    r"\frac{\partial L}{\partial w_1} = \frac{\partial L}{\partial v_1} \cdot \frac{\partial v_1}{\partial w_1}",
    r"\frac{\partial L}{\partial w_2} = 2 (y - t)(1 - y^2) x_2",
])
def test_graph_derivatives_hold(claim):
    e = last(GRAPH + "$$" + claim + "$$")
    assert e.status == "holds", e.message
    assert "computed from the definitions" in e.message


@pytest.mark.parametrize("claim", [
    r"\frac{\partial v_1}{\partial w_1} = w_1",                 # wrong factor
    r"\frac{\partial v_3}{\partial v_1} = -1.0",                # wrong sign
    r"\frac{\partial y}{\partial v_4} = 0.735",                 # wrong number
    r"\frac{\partial L}{\partial y} = -2 \cdot (y - t)",        # wrong sign
    r"\frac{\partial L}{\partial v_4} = 0.5122",                # wrong number
    r"\frac{\partial L}{\partial b} = \frac{\partial L}{\partial v_4} \cdot \frac{\partial v_4}{\partial v_3} \cdot 2",
    r"\frac{\partial L}{\partial w_1} = \frac{\partial L}{\partial v_1} \cdot \frac{\partial v_1}{\partial x_1}",
    r"\frac{\partial L}{\partial w_2} = 2 (y - t)(1 - y^2) w_2",  # wrong factor
])
def test_graph_planted_errors_are_wrong(claim):
    e = last(GRAPH + "$$" + claim + "$$")
    assert e.status == "wrong", e.message


def test_formula_kept_apart_from_the_printed_value():
    """v_1 = 2.0 replaces the value of v_1, not how it is computed."""
    e = last(GRAPH + r"$$\frac{\partial v_1}{\partial w_1} = x_1 = 2.0$$")
    assert "v_{1} (line 1)" in e.message, e.message


def test_formula_disagreeing_with_the_printed_value_is_not_used():
    """After an update (b changed) v_4 = v_3 + b no longer gives the printed v_4: the graph is
    not used through it (another state of the network), so nothing is called wrong."""
    doc = GRAPH + "$$b = -1.5$$\n\n" + r"$$\frac{\partial L}{\partial x_1} = 0.7 + 1.5 = 2.2$$"
    e = last(doc)
    assert e.status == "unchecked" and "the formula of v_{4}" in e.message, e.message


def test_derivative_restated_for_another_example_is_unchecked():
    doc = GRAPH + (r"$$\frac{\partial L}{\partial v_4} = 0.5022$$" "\n\n"
                   r"$$\frac{\partial L}{\partial v_4} = 0.7 + 1.5 = 2.2$$")
    e = last(doc)
    assert e.status == "unchecked" and e.kind == "redefinition", e.message


def test_missing_half_is_wrong_and_the_half_holds():
    doc = r"$$L = \frac{1}{2}(y - t)^2$$" "\n\n"
    assert last(doc + r"$$\frac{\partial L}{\partial y} = y - t$$").status == "holds"
    e = last(doc + r"$$\frac{\partial L}{\partial y} = 2(y - t)$$")
    assert e.status == "wrong" and "y - t" in e.message, e.message


@pytest.mark.parametrize("form", [r"\frac{dL}{dy}", r"\frac{d L}{d y}"])
def test_d_notation(form):
    doc = "$$L = y^3$$\n\n$$" + form
    assert last(doc + " = 3 y^2$$").status == "holds"
    assert last(doc + " = 3 y$$").status == "wrong"


# -- Matt Mazur, "A Step by Step Backpropagation Example" (2015),
#    https://mattmazur.com/2015/03/17/a-step-by-step-backpropagation-example/ : the network,
#    values and the w_5 update as printed there ('*' written as \cdot, net/out as \mathrm) ----
MAZUR = r"""
$$i_1 = 0.05, i_2 = 0.10$$

$$w_1 = 0.15, w_2 = 0.20, w_3 = 0.25, w_4 = 0.30, b_1 = 0.35$$

$$w_5 = 0.40, w_6 = 0.45, w_7 = 0.50, w_8 = 0.55, b_2 = 0.60$$

$$\mathrm{target}_{o1} = 0.01, \mathrm{target}_{o2} = 0.99$$

$$\mathrm{net}_{h1} = w_1 \cdot i_1 + w_2 \cdot i_2 + b_1 \cdot 1 = 0.3775$$

$$\mathrm{out}_{h1} = \frac{1}{1+e^{-\mathrm{net}_{h1}}} = 0.593269992$$

$$\mathrm{net}_{h2} = w_3 \cdot i_1 + w_4 \cdot i_2 + b_1 \cdot 1 = 0.3925$$

$$\mathrm{out}_{h2} = \frac{1}{1+e^{-\mathrm{net}_{h2}}} = 0.596884378$$

$$\mathrm{net}_{o1} = w_5 \cdot \mathrm{out}_{h1} + w_6 \cdot \mathrm{out}_{h2} + b_2 \cdot 1 = 1.105905967$$

$$\mathrm{out}_{o1} = \frac{1}{1+e^{-\mathrm{net}_{o1}}} = 0.75136507$$

$$E_{o1} = \frac{1}{2}(\mathrm{target}_{o1} - \mathrm{out}_{o1})^2$$

$$E_{o2} = \frac{1}{2}(\mathrm{target}_{o2} - \mathrm{out}_{o2})^2$$

$$E_{total} = E_{o1} + E_{o2}$$

$$\frac{\partial E_{total}}{\partial \mathrm{out}_{o1}} = -(\mathrm{target}_{o1} - \mathrm{out}_{o1}) = 0.74136507$$

$$\frac{\partial \mathrm{out}_{o1}}{\partial \mathrm{net}_{o1}} = \mathrm{out}_{o1}(1 - \mathrm{out}_{o1}) = 0.186815602$$

$$\frac{\partial \mathrm{net}_{o1}}{\partial w_5} = \mathrm{out}_{h1} = 0.593269992$$

$$\frac{\partial E_{total}}{\partial w_5} = \frac{\partial E_{total}}{\partial \mathrm{out}_{o1}} \cdot \frac{\partial \mathrm{out}_{o1}}{\partial \mathrm{net}_{o1}} \cdot \frac{\partial \mathrm{net}_{o1}}{\partial w_5}$$

$$\frac{\partial E_{total}}{\partial w_5} = 0.74136507 \cdot 0.186815602 \cdot 0.593269992 = 0.082167041$$

$$\eta = 0.5$$

$$w_5^{+} = w_5 - \eta \cdot \frac{\partial E_{total}}{\partial w_5} = 0.4 - 0.5 \cdot 0.082167041 = 0.35891648$$
"""


def _mazur_line(text):
    return MAZUR[:MAZUR.index(text)].count("\n") + 1


@pytest.mark.parametrize("text", [
    r"$$\frac{\partial E_{total}}{\partial \mathrm{out}_{o1}} =",
    r"$$\frac{\partial \mathrm{out}_{o1}}{\partial \mathrm{net}_{o1}} =",
    r"$$\frac{\partial \mathrm{net}_{o1}}{\partial w_5} =",
    r"$$\frac{\partial E_{total}}{\partial w_5} = \frac",
    r"$$\frac{\partial E_{total}}{\partial w_5} = 0.74",
    r"$$w_5^{+} =",
])
def test_mazur_walkthrough_holds(text):
    (e,) = at(MAZUR, _mazur_line(text))
    assert e.status == "holds", e.message


def test_mazur_derivative_value_is_computed_from_the_network():
    (e,) = at(MAZUR, _mazur_line(r"$$\frac{\partial E_{total}}{\partial w_5} = 0.74"))
    assert "derivative of E_{total} by w_{5}" in e.message and "stated result" in e.message


@pytest.mark.parametrize("old, new", [
    ("= 0.082167041$$", "= 0.082167141$$"),                                  # wrong number
    (r"= -(\mathrm{target}_{o1} - \mathrm{out}_{o1}) = 0.74136507",
     r"= (\mathrm{target}_{o1} - \mathrm{out}_{o1}) = -0.74136507"),          # wrong sign
    (r"\cdot \frac{\partial \mathrm{net}_{o1}}{\partial w_5}$$",
     r"\cdot \frac{\partial \mathrm{net}_{o1}}{\partial w_6}$$"),             # wrong factor
    (r"\mathrm{out}_{o1}(1 - \mathrm{out}_{o1}) = 0.186815602",
     r"\mathrm{out}_{o1}(1 + \mathrm{out}_{o1}) = 1.31589"),                  # wrong derivative
])
def test_mazur_planted_errors_are_wrong(old, new):
    assert old in MAZUR
    doc = MAZUR.replace(old, new)
    line = doc[:doc.index(new)].count("\n") + 1
    (e,) = at(doc, line)
    assert e.status == "wrong", e.message


def test_mazur_each_planted_error_hits_its_line():
    doc = MAZUR.replace("= 0.082167041$$", "= 0.082167141$$")
    wrong = [e.line for e in run(doc) if e.status == "wrong"]
    # the planted value, and the update that uses it (its arithmetic no longer gives 0.35891648)
    assert wrong == [_mazur_line(r"$$\frac{\partial E_{total}}{\partial w_5} = 0.74"),
                     _mazur_line(r"$$w_5^{+} =")]


# -- activations, functions, softmax and cross-entropy ------------------------------------
@pytest.mark.parametrize("eq", [
    r"\sigma'(z) = \sigma(z)(1 - \sigma(z))",
    r"\tanh'(z) = 1 - \tanh^2(z)",
    r"\operatorname{ReLU}'(z) = 1, \quad z > 0",
    r"\operatorname{ReLU}'(z) = 0, \quad z < 0",
])
def test_activation_derivatives_hold(eq):
    (e,) = run("$$" + eq + "$$")
    assert e.status == "holds", e.message


@pytest.mark.parametrize("eq", [
    r"\sigma'(z) = \sigma(z)(1 + \sigma(z))",
    r"\sigma'(z) = \sigma(z)^2",
    r"\tanh'(z) = 1 + \tanh^2(z)",
    r"\operatorname{ReLU}'(z) = 0, \quad z > 0",
])
def test_activation_planted_errors_are_wrong(eq):
    (e,) = run("$$" + eq + "$$")
    assert e.status == "wrong", e.message


def test_defined_function_derivatives():
    doc = "$$f(x) = x^3 - 2x$$\n\n"
    assert last(doc + "$$f'(x) = 3x^2 - 2$$").status == "holds"
    assert last(doc + "$$f'(2) = 10$$").status == "holds"
    assert last(doc + "$$f'(x) = 3x^2 + 2$$").status == "wrong"
    assert last(doc + "$$f'(2) = 11$$").status == "wrong"
    assert last(doc + "$$f'(x) = 3x^2 + c$$").status == "unchecked"   # a new symbol


SOFTMAX = (r"$$p_1 = \frac{e^{z_1}}{e^{z_1} + e^{z_2}}$$" "\n\n"
           r"$$p_2 = \frac{e^{z_2}}{e^{z_1} + e^{z_2}}$$" "\n\n"
           r"$$L = -(y_1 \ln p_1 + y_2 \ln p_2)$$" "\n\n")


def test_cross_entropy_gradient_without_values_is_unchecked():
    """dL/dz_1 = p_1 - y_1 needs y_1 + y_2 = 1 (one-hot targets): not an identity in the
    symbols, and the prose may state the condition: unchecked, never wrong."""
    e = last(SOFTMAX + r"$$\frac{\partial L}{\partial z_1} = p_1 - y_1$$")
    assert e.status == "unchecked", e.message
    e = last(SOFTMAX + r"$$\frac{\partial L}{\partial z_1} = y_1 - p_1$$")
    assert e.status == "unchecked", e.message


VALUES = "$$z_1 = 2, z_2 = 0, y_1 = 1, y_2 = 0$$\n\n"


@pytest.mark.parametrize("claim, status", [
    (r"\frac{\partial L}{\partial z_1} = p_1 - y_1", "holds"),
    (r"\frac{\partial L}{\partial z_1} = p_1 - y_1 = -0.1192", "holds"),
    (r"\frac{\partial L}{\partial z_2} = p_2 - y_2 = 0.1192", "holds"),
    (r"\frac{\partial L}{\partial z_1} = y_1 - p_1", "wrong"),
    (r"\frac{\partial L}{\partial z_2} = 0.1292", "wrong"),
    (r"\frac{\partial L}{\partial z_2} = p_2 - y_2 = 0.2192", "wrong"),
])
def test_cross_entropy_gradient_at_values(claim, status):
    e = last(SOFTMAX + VALUES + "$$" + claim + "$$")
    assert e.status == status, e.message


# -- what stays unchecked ------------------------------------------------------------------
def test_chain_rule_over_undefined_functions_is_not_passed():
    (e,) = run(r"$$\frac{\partial L}{\partial w} = \frac{\partial L}{\partial y}"
               r"\frac{\partial y}{\partial w}$$")
    assert e.status == "unchecked", e.message


def test_derivative_of_a_name_that_does_not_depend_on_the_variable_is_unchecked():
    e = last("$$L = (y - t)^2$$\n\n" r"$$\frac{\partial L}{\partial w} = 0$$")
    assert e.status == "unchecked" and "does not depend" in e.message, e.message


def test_update_rule_is_not_a_formula():
    """w = w - eta dL/dw reads w itself: no formula (it would be circular)."""
    doc = ("$$L = w^2$$\n\n$$w = 3$$\n\n$$\\eta = 0.1$$\n\n"
           r"$$w = w - \eta \frac{\partial L}{\partial w} = 2.4$$" "\n\n"
           r"$$\frac{\partial L}{\partial w} = 2 w = 4.8$$")
    e = last(doc)
    assert e.status == "holds", e.message


def test_chain_rule_lines_of_a_notebook():
    """A notebook's chain-rule lines with symbolic bindings (y = tanh(z), z = w x + b) are read
    as identities (they used to take seconds each in simplify)."""
    doc = ("$$z = w x + b$$\n\n$$y = \\tanh(z)$$\n\n$$L = (y - t)^2$$\n\n"
           r"$$\frac{\partial L}{\partial z} = \frac{\partial L}{\partial y} "
           r"\frac{\partial y}{\partial z} = 2(y - t)(1 - y^2)$$" "\n\n"
           r"$$\frac{\partial L}{\partial w} = \frac{\partial L}{\partial z} \cdot x "
           r"= 2(y - t)(1 + y^2) x$$")
    eqs = run(doc)
    assert eqs[-2].status == "holds", eqs[-2].message
    assert eqs[-1].status == "wrong", eqs[-1].message


def test_a_condition_on_minus_z_is_no_sign_of_z():
    """'-z < 0' is not 'z < 0' (a mutant the audit found read as z < 0, so a false
    ReLU'(z) = 0 held)."""
    (e,) = run(r"$$\operatorname{ReLU}'(z) = 0, \quad -z < 0$$")
    assert e.status != "holds", e.message
    (e,) = run(r"$$\operatorname{ReLU}'(z) = 0, \quad -z > 0$$")    # true (z < 0): not wrong
    assert e.status != "wrong", e.message


@pytest.mark.parametrize("claim, status", [
    (r"\partial L / \partial y = y - t", "holds"),
    (r"\partial L / \partial y = t - y", "wrong"),
    (r"\frac{\partial L}{\partial w} = \partial L / \partial y \cdot \partial y / \partial w", "holds"),
    (r"\frac{\partial L}{\partial w} = \partial L / \partial y \cdot \partial y / \partial x", "wrong"),
])
def test_slash_notation(claim, status):
    doc = "$$y = w x$$\n\n$$L = \\frac{1}{2}(y - t)^2$$\n\n"
    e = last(doc + "$$" + claim + "$$")
    assert e.status == status, e.message


@pytest.mark.parametrize("claim, status", [
    (r"\nabla_w L = 2(w x - t) x", "holds"),
    (r"\nabla_w L = 2(w x - t) w", "wrong"),
    (r"\nabla_{\mathbf{w}} L = 2(w x - t) x", "unchecked"),     # a gradient by a vector
])
def test_nabla_notation(claim, status):
    e = last("$$L = (w x - t)^2$$\n\n$$" + claim + "$$")
    assert e.status == status, e.message


# -- CS231n notes, "Backpropagation, Intuitions" (https://cs231n.github.io/optimization-2/):
#    f(x, y, z) = (x + y) z at x = -2, y = 5, z = -4, with q = x + y ---------------------------
CS231N = ("$$x = -2, y = 5, z = -4$$\n\n$$q = x + y = 3$$\n\n$$f = q z = -12$$\n\n"
          r"$$\frac{\partial f}{\partial q} = z = -4$$" "\n\n"
          r"$$\frac{\partial f}{\partial z} = q = 3$$" "\n\n"
          r"$$\frac{\partial f}{\partial x} = \frac{\partial f}{\partial q} "
          r"\frac{\partial q}{\partial x} = -4$$" "\n\n"
          r"$$\frac{\partial f}{\partial y} = -4$$" "\n")


def test_cs231n_example_holds():
    eqs = [e for e in run(CS231N) if "partial" in e.message or "derivative" in e.message]
    assert len(eqs) == 4 and all(e.status == "holds" for e in eqs), [e.message for e in eqs]


@pytest.mark.parametrize("old, new", [
    (r"\partial z} = q = 3", r"\partial z} = -3"),                   # wrong number
    (r"\partial q} = z = -4", r"\partial q} = q = 3"),               # wrong factor
    (r"\partial y} = -4", r"\partial y} = 4"),                       # wrong sign
    (r"= \frac{\partial f}{\partial q} ", r"= \frac{\partial f}{\partial z} "),    # wrong factor
])
def test_cs231n_planted_errors_are_wrong(old, new):
    doc = CS231N.replace(old, new)
    line = doc[:doc.index(new)].count("\n") + 1
    (e,) = at(doc, line)
    assert e.status == "wrong", e.message


@pytest.mark.parametrize("claim, status", [
    (r"\nabla f(x) = 2x", "holds"),                 # seed 002, line 300
    (r"\nabla f(3) = 6", "holds"),
    (r"\nabla f(x) = 2x^2", "wrong"),
    (r"\nabla f(3) = 9", "wrong"),
    (r"\nabla g(x) = 2x", "unchecked"),             # g undefined: a definition
])
def test_gradient_of_a_defined_function(claim, status):
    e = last("$f(x) = x^2 - 2$\n\n$" + claim + "$")
    assert e.status == status, e.message


@pytest.mark.parametrize("doc", [
    "$$f(x) = x^2 - 2x$$\n\n$$f'(x) = 0$$",
    "$$f(x) = x^2 - 2x$$\n\n$$\\nabla f(x) = 0$$",
    "$$L = (w x - t)^2$$\n\n$$\\frac{\\partial L}{\\partial w} = 0$$",
])
def test_a_derivative_set_to_a_constant_is_an_equation_not_a_claim(doc):
    """'f'(x) = 0' (find the critical point) is not false for all x: never wrong."""
    e = last(doc)
    assert e.status == "unchecked", e.message


def test_nonzero_at_point_never_concludes_for_integer_symbols_or_floors():
    """floor(n) - n and sin(pi n) vanish at every integer n, but not at a rational point:
    such a difference is not proved nonzero (no 'wrong' can rest on it)."""
    import sympy as sp
    from convproof.check.derivlink import nonzero_at_point
    n = sp.Symbol("n", integer=True)
    x = sp.Symbol("x")
    assert not nonzero_at_point(sp.floor(x) - x + 0 * n)
    assert not nonzero_at_point(sp.sin(sp.pi * n))
    assert nonzero_at_point(x**2 - x)
