"""Notation read beside the core grammar (check/notation.py, check/elided.py): each construct
with a correct variant (holds or a stated reason) and a planted error (wrong)."""

import pytest

from convproof.check import check_text

RELU = r"$$f(x) = \begin{cases} x, & x > 0 \\ 0, & x \leq 0 \end{cases}$$" "\n"
PAD = r"$$g(i) = \begin{cases} 2 i, & 1 \le i \le 3 \\ 0, & \text{otherwise} \end{cases}$$" "\n"
IFW = r"$$h(x) = \begin{cases} x^2 & \text{if } x \ge 0 \\ -x & \text{иначе} \end{cases}$$" "\n"
A22 = r"\begin{bmatrix}1&2\\3&4\end{bmatrix}"
B22 = r"\begin{bmatrix}5&6\\7&8\end{bmatrix}"
ROW = r"\begin{bmatrix}1&2&3&4&5\\2&4&6&8&10\end{bmatrix}"


def statuses(text):
    return [(e.status, e.message) for e in check_text(text, "md", "x.md").equations]


def last(text):
    return statuses(text)[-1]


CASES = [
    ("relu-positive", RELU + "$$f(3) = 3$$", "holds"),
    ("relu-negative", RELU + "$$f(-2) = 0$$", "holds"),
    ("relu-negative-planted", RELU + "$$f(-2) = -2$$", "wrong"),
    ("relu-boundary", RELU + "$$f(0) = 0$$", "holds"),
    ("relu-boundary-planted", RELU + "$$f(0) = 1$$", "wrong"),
    ("relu-derivative", RELU + r"$$f'(x) = \begin{cases} 1, & x > 0 \\ 0, & x \leq 0 \end{cases}$$", "holds"),
    ("relu-derivative-planted", RELU + r"$$f'(x) = \begin{cases} 1, & x > 0 \\ 1, & x \leq 0 \end{cases}$$",
     "wrong"),
    ("relu-derivative-at", RELU + "$$f'(2) = 1$$", "holds"),
    ("pad-inside", PAD + "$$g(2) = 4$$", "holds"),
    ("pad-outside", PAD + "$$g(5) = 0$$", "holds"),
    ("pad-inside-planted", PAD + "$$g(3) = 5$$", "wrong"),
    ("pad-outside-planted", PAD + "$$g(0) = 2$$", "wrong"),
    ("brace-array", r"$$f(x) = \left\{ \begin{array}{ll} x, & x > 0 \\ 0, & x \le 0 \end{array} \right.$$"
                    "\n$$f(-1) = 0$$", "holds"),
    ("brace-array-planted", r"$$f(x) = \left\{ \begin{array}{ll} x, & x > 0 \\ 0, & x \le 0 \end{array} \right.$$"
                            "\n$$f(2) = 3$$", "wrong"),
    ("if-word", IFW + "$$h(-3) = 3$$", "holds"),
    ("if-word-planted", IFW + "$$h(2) = 2$$", "wrong"),
    ("hadamard", rf"$${A22} \odot {B22} = \begin{{bmatrix}}5&12\\21&32\end{{bmatrix}}$$", "holds"),
    ("hadamard-planted", rf"$${A22} \odot {B22} = \begin{{bmatrix}}5&12\\21&31\end{{bmatrix}}$$", "wrong"),
    ("circ", rf"$${A22} \circ {B22} = \begin{{bmatrix}}5&12\\21&32\end{{bmatrix}}$$", "holds"),
    ("circ-planted", rf"$${A22} \circ {B22} = \begin{{bmatrix}}6&12\\21&32\end{{bmatrix}}$$", "wrong"),
    ("max-braces", r"$$\max\{1, 5, 3\} = 5$$", "holds"),
    ("max-braces-planted", r"$$\max\{1, 5, 3\} = 3$$", "wrong"),
    ("min-braces", r"$$\min\{4, -1, 2\} = -1$$", "holds"),
    ("min-braces-planted", r"$$\min\{4, -1, 2\} = 2$$", "wrong"),
    ("resizebox", r"$$\resizebox{0.5\textwidth}{!}{$\begin{bmatrix}1&2\end{bmatrix}$} "
                  r"\begin{bmatrix}1\\1\end{bmatrix} = 3$$", "holds"),
    ("resizebox-planted", r"$$\resizebox{0.5\textwidth}{!}{$\begin{bmatrix}1&2\end{bmatrix}$} "
                          r"\begin{bmatrix}1\\1\end{bmatrix} = 4$$", "wrong"),
    ("scalebox", r"$$\scalebox{0.8}{$\begin{bmatrix}1&2\end{bmatrix}$} \begin{bmatrix}1\\1\end{bmatrix} = 3$$",
     "holds"),
    ("scalebox-planted", r"$$\scalebox{0.8}{$\begin{bmatrix}1&2\end{bmatrix}$} "
                         r"\begin{bmatrix}1\\1\end{bmatrix} = 2$$", "wrong"),
    ("array", r"$$\left[\begin{array}{cc} 1 & 2 \\ 3 & 4 \end{array}\right] \begin{bmatrix}1\\1\end{bmatrix}"
              r" = \begin{bmatrix}3\\7\end{bmatrix}$$", "holds"),
    ("array-planted", r"$$\left[\begin{array}{cc} 1 & 2 \\ 3 & 4 \end{array}\right] "
                      r"\begin{bmatrix}1\\1\end{bmatrix} = \begin{bmatrix}3\\8\end{bmatrix}$$", "wrong"),
    ("triangleq", "$$a \\triangleq 3$$\n$$a + 1 = 4$$", "holds"),
    ("triangleq-planted", "$$a \\triangleq 3$$\n$$a + 1 = 5$$", "wrong"),
    ("stackrel-def", "$$a \\stackrel{\\mathrm{def}}{=} 3$$\n$$a + 1 = 4$$", "holds"),
    ("stackrel-def-planted", "$$a \\stackrel{\\mathrm{def}}{=} 3$$\n$$a + 1 = 5$$", "wrong"),
    ("text-russian", "$$W_{\\text{вых}} = 5$$\n$$W_{\\text{вых}} + 1 = 6$$", "holds"),
    ("text-russian-planted", "$$W_{\\text{вых}} = 5$$\n$$W_{\\text{вых}} + 1 = 7$$", "wrong"),
    ("kramdown", "Text \\\\(2 + 2 = 4\\\\) more.", "holds"),
    ("kramdown-planted", "Text \\\\(2 + 2 = 5\\\\) more.", "wrong"),
    ("elided-columns", rf"$${ROW} = \begin{{bmatrix}}1&2&\cdots&5\\ 2&4&\cdots&10\end{{bmatrix}}$$", "unchecked"),
    ("elided-columns-planted", rf"$${ROW} = \begin{{bmatrix}}1&2&\cdots&5\\ 2&4&\cdots&11\end{{bmatrix}}$$",
     "wrong"),
    ("elided-rows", r"$$A = \begin{bmatrix}1&2\\3&4\\5&6\\7&8\end{bmatrix}$$" "\n"
                    r"$$2 A = \begin{bmatrix}2&4\\ \vdots & \vdots \\ 14 & 16\end{bmatrix}$$", "unchecked"),
    ("elided-rows-planted", r"$$A = \begin{bmatrix}1&2\\3&4\\5&6\\7&8\end{bmatrix}$$" "\n"
                            r"$$2 A = \begin{bmatrix}2&4\\ \vdots & \vdots \\ 14 & 15\end{bmatrix}$$", "wrong"),
    ("elided-vector", rf"$${A22} \begin{{bmatrix}}1\\1\end{{bmatrix}} = (3, \dots, 7)$$", "unchecked"),
    ("elided-vector-planted", rf"$${A22} \begin{{bmatrix}}1\\1\end{{bmatrix}} = (3, \dots, 8)$$", "wrong"),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_construct(text, expected):
    assert last(text)[0] == expected


def test_cases_definition_is_read():
    assert statuses(RELU)[0] == ("unchecked", "defines f(x)")


def test_overlapping_branches_with_different_values_are_not_evaluated():
    text = r"$$h(x) = \begin{cases} 1, & x \ge 0 \\ 2, & x \le 0 \end{cases}$$" "\n$$h(0) = 1$$\n$$h(-1) = 2$$"
    res = statuses(text)
    assert res[1][0] == "unchecked" and "different values" in res[1][1]
    assert res[2][0] == "holds"


def test_no_branch_applies():
    text = r"$$h(x) = \begin{cases} 1, & x > 0 \\ 2, & x < 0 \end{cases}$$" "\n$$h(0) = 1$$"
    assert last(text) == ("unchecked", "no branch of cases applies here")


def test_argmax_names_the_position_but_stays_unchecked():
    status, message = last(r"$$\arg\max(1, 5, 3) = 2$$")
    assert status == "unchecked" and "number 2 counted from 1" in message
    status, message = last(r"$$\operatorname{argmax}(0.1, 0.7, 0.2) = 0$$")
    assert status == "unchecked" and "1 counted from 0" in message


def test_argmax_tie_is_named():
    assert "occurs 2 times" in last(r"$$\arg\max(5, 1, 5) = 1$$")[1]


def test_circ_between_functions_is_not_a_product():
    text = "$$f(x) = x^2$$\n$$g(x) = x + 1$$\n$$(f \\circ g)(1) = 4$$"
    assert last(text)[0] == "unchecked"


def test_hadamard_shapes_must_agree():
    status, message = last(rf"$${A22} \odot \begin{{bmatrix}}1&2\end{{bmatrix}} = 0$$")
    assert status == "unchecked" and "Hadamard" in message


def test_elided_entries_are_named_not_checked():
    message = last(rf"$${ROW} = \begin{{bmatrix}}1&2&\cdots&5\\ 2&4&\cdots&10\end{{bmatrix}}$$")[1]
    assert "6 explicit entries agree" in message and "not checked" in message


def test_elided_definition_with_rules_is_a_definition():
    text = (r"$$\mathcal{F} = \begin{bmatrix} | & | & \cdots & | \\ \mathbf{f}_1 & \mathbf{f}_2 & \cdots & "
            r"\mathbf{f}_K \\ | & | & \cdots & | \end{bmatrix}$$")
    assert last(text)[1].startswith("defines ")


def test_unfinished_step_is_named():
    assert "unfinished step" in last("$$y = f(0.12 +$$")[1]


ARG_CASES = [
    ("argmax-index", "$$z_1 = 0.2, z_2 = 0.7, z_3 = 0.1$$\n$$\\arg\\max_i z_i = 2$$", "holds"),
    ("argmax-index-planted", "$$z_1 = 0.2, z_2 = 0.7, z_3 = 0.1$$\n$$\\arg\\max_i z_i = 3$$", "wrong"),
    ("argmax-zero-based", "$$p_0 = 0.2, p_1 = 0.1, p_2 = 0.7$$\n$$\\hat{y} = \\arg\\max_k p_k = 2$$", "holds"),
    ("argmin-zero-based", "$$p_0 = 0.2, p_1 = 0.1, p_2 = 0.7$$\n$$\\operatorname*{argmin}_k p_k = 1$$", "holds"),
    ("argmin-zero-based-planted", "$$p_0 = 0.2, p_1 = 0.1, p_2 = 0.7$$\n$$\\operatorname*{argmin}_k p_k = 2$$",
     "wrong"),
    ("argmax-no-values", "$$\\arg\\max_k p_k = 1$$", "unchecked"),
    ("argmax-tie", "$$z_1 = 0.7, z_2 = 0.7$$\n$$\\arg\\max_i z_i = 2$$", "unchecked"),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in ARG_CASES], ids=[c[0] for c in ARG_CASES])
def test_argmax_over_the_documents_subscripts(text, expected):
    assert last(text)[0] == expected


def test_a_question_is_named():
    assert "a question" in last("$$y = ?$$")[1]


T_OK = (r"T = \begin{bmatrix} f_1 & f_2 & f_3 & 0 & \cdots & 0 \\ 0 & f_1 & f_2 & f_3 & \cdots & 0 \\ "
        r"\vdots & & & & \ddots & \vdots \\ 0 & \cdots & 0 & f_1 & f_2 & f_3 \end{bmatrix}")
T_SHIFTED = T_OK.replace(r"0 & \cdots & 0 & f_1 & f_2 & f_3 \end", r"0 & \cdots & f_1 & f_2 & f_3 & 0 \end")
T_TAP = T_OK.replace(r"0 & f_1 & f_2 & f_3 & \cdots", r"0 & f_1 & f_3 & f_3 & \cdots")
T_FLIP = (r"T = \begin{bmatrix} f_3 & f_2 & f_1 & 0 & \cdots & 0 \\ \vdots & & & & & \vdots \\ "
          r"0 & \cdots & 0 & f_3 & f_2 & f_1 \end{bmatrix}")
CORR = "The cross-correlation with n = 8, k = 3 as a matrix:\n\n"

TOEPLITZ_CASES = [
    ("toeplitz-dots", CORR + f"$${T_OK}$$", "unchecked"),
    ("toeplitz-dots-planted-shift", CORR + f"$${T_SHIFTED}$$", "wrong"),
    ("toeplitz-dots-planted-tap", CORR + f"$${T_TAP}$$", "wrong"),
    ("toeplitz-dots-flipped", "The convolution with n = 8, k = 3:\n\n" + f"$${T_FLIP}$$", "unchecked"),
    ("toeplitz-dots-no-sizes", "The cross-correlation as a matrix:\n\n" + f"$${T_OK}$$", "unchecked"),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in TOEPLITZ_CASES], ids=[c[0] for c in TOEPLITZ_CASES])
def test_toeplitz_with_dots_against_convproof_symbolic(text, expected):
    assert last(text)[0] == expected


def test_toeplitz_with_dots_names_what_is_not_checked():
    message = last(CORR + f"$${T_OK}$$")[1]
    assert "15 explicit entries agree" in message and "elided entries are not checked" in message
    assert "(6,5)" in last(CORR + f"$${T_SHIFTED}$$")[1]


def test_toeplitz_with_dots_against_the_stated_direction_is_named_not_wrong():
    status, message = last(CORR + f"$${T_FLIP}$$")
    assert status == "unchecked" and "the text states a cross-correlation" in message


@pytest.mark.parametrize("text, expected", [
    ("$$z_1 = 0.2, z_2 = 0.7, z_3 = 0.1$$\n$$\\max_i z_i = 0.7$$", "holds"),
    ("$$z_1 = 0.2, z_2 = 0.7, z_3 = 0.1$$\n$$\\max_i z_i = 0.2$$", "wrong"),
    ("$$z_1 = 0.2, z_2 = 0.7, z_3 = 0.1$$\n$$\\min_i z_i = 0.1$$", "holds"),
    ("$$z_1 = 0.2, z_2 = 0.7, z_3 = 0.1$$\n$$\\min_i z_i = 0.2$$", "wrong"),
    ("$$\\max_i z_i = 0.7$$", "unchecked"),
], ids=["max-index", "max-index-planted", "min-index", "min-index-planted", "max-index-no-values"])
def test_max_over_the_documents_subscripts(text, expected):
    assert last(text)[0] == expected
