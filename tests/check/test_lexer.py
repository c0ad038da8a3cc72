"""Notation of lecture notes the lexer reads (issue 17, items 4 and 9).

Each construct: a correct variant holds by evaluation, a planted error is wrong, and a case the
checker cannot evaluate stays unchecked (never read as a product of letters).
"""

import pytest

from convproof.check.document import check_text
from convproof.check.lexer import tokenize


def statuses(text):
    return [e.status for e in check_text(text, "md", "x.md").equations]


def one(text):
    eqs = check_text(text, "md", "x.md").equations
    assert len(eqs) == 1, eqs
    return eqs[0]


@pytest.mark.parametrize("right, wrong", [
    ("ReLU(-2) = 0", "ReLU(-2) = -2"),
    ("ReLU(3) = 3", "ReLU(3) = 0"),
    ("relu(1.5) + 1 = 2.5", "relu(1.5) + 1 = 1"),
    ("sigmoid(0) = 0.5", "sigmoid(0) = 1"),
    ("tanh(0) = 0", "tanh(0) = 1"),
    ("2 tanh(0) + 1 = 1", "2 tanh(0) + 1 = 3"),
    (r"\color{red}{2 + 2} = 4", r"\color{red}{2 + 2} = 5"),
    (r"{\color{red} 2 + 2} = 4", r"{\color{red} 2 + 2} = 5"),
    (r"\textcolor{blue}{3} \cdot 2 = 6", r"\textcolor{blue}{3} \cdot 2 = 5"),
    (r"\boxed{2 + 3 = 5}", r"\boxed{2 + 3 = 6}"),
    (r"x = \boxed{\frac{1}{2} + \frac{1}{2}} = 1", r"x = \boxed{\frac{1}{2} + \frac{1}{2}} = 2"),
    ("\\begin{pmatrix}1 & 2\\\\\\\n3 & 4\\end{pmatrix} \\cdot 2 = \\begin{pmatrix}2 & 4\\\\ 6 & 8\\end{pmatrix}",
     "\\begin{pmatrix}1 & 2\\\\\\\n3 & 4\\end{pmatrix} \\cdot 2 = \\begin{pmatrix}2 & 4\\\\ 6 & 9\\end{pmatrix}"),
    (r"\left. \frac{6}{2} \right. = 3", r"\left. \frac{6}{2} \right. = 4"),
    (r"\left| -3 \right| = 3", r"\left| -3 \right| = -3"),
    (r"\tfrac{1}{2} + \dfrac{1}{2} = 1", r"\tfrac{1}{2} + \dfrac{1}{2} = 2"),
    (r"{\bf 2} \cdot 3 = 6", r"{\bf 2} \cdot 3 = 7"),
    (r"2 \hspace{1em} + 3 = 5", r"2 \hspace{1em} + 3 = 6"),
    (r"2 \hspace*{1em} + 3 = 5", r"2 \hspace*{1em} + 3 = 6"),
    (r"max(2, 3) = 3", r"max(2, 3) = 2"),
])
def test_correct_holds_planted_is_wrong(right, wrong):
    assert statuses(f"$${right}$$") == ["holds"]
    assert statuses(f"$${wrong}$$") == ["wrong"]


@pytest.mark.parametrize("text, reason", [
    (r"tr\begin{pmatrix}1 & 2\\ 3 & 4\end{pmatrix} = 5", "tr"),
    ("tr(A) = 5", "tr"),
    (r"\left. x^2 \right|_{x=1} = 1", "evaluation bar"),
    (r"\left. x^2 \right\vert_{x=1} = 1", "evaluation bar"),
    (r"\color{red}{f(2)} = 3", "undefined function"),
    (r"\operatorname*{argmax}_{i} z_i = 2", "argmax"),
    ("argmax(z) = 2", "argmax"),
])
def test_stays_unchecked(text, reason):
    eq = one(f"$${text}$$")
    assert eq.status == "unchecked"
    assert reason in eq.message


@pytest.mark.parametrize("text, word", [
    ("ReLU(x)", "ReLU"), ("sigmoid(z)", "sigmoid"), ("softmax(z)", "softmax"), ("tanh x", "tanh"),
    (r"tr\,A", "tr"), ("argmax(z)", "argmax"),
])
def test_function_names_are_words_not_products(text, word):
    assert [t.text for t in tokenize(text) if t.kind == "word"] == [word]


@pytest.mark.parametrize("text, letters", [
    ("ab", ["a", "b"]), ("trx", ["t", "r", "x"]), ("xrelu", ["x", "r", "e", "l", "u"]),
])
def test_other_letter_runs_stay_letters(text, letters):
    assert [t.text for t in tokenize(text)] == letters


def test_unknown_function_word_is_unchecked_not_a_product():
    # ReLU(x) with x unknown: never 'R*e*L*U*x'; a free symbol, so nothing is claimed
    assert statuses("$$ReLU(x) = x$$") == ["unchecked"]


@pytest.mark.parametrize("mark", [r"\mathrm{def}", r"\text{def}", "def", r"\triangle"])
def test_stacked_definition_defines(mark):
    doc = f"$$x \\stackrel{{{mark}}}{{=}} 2$$\n\n$$x + 1 = 3$$\n\n$$x + 1 = 4$$"
    eqs = check_text(doc, "md", "x.md").equations
    assert [e.kind for e in eqs][:1] == ["definition"]
    assert [e.status for e in eqs][1:] == ["holds", "wrong"]


@pytest.mark.parametrize("rel", [r"\triangleq", ":=", r"\coloneqq", r"\overset{\mathrm{def}}{=}"])
def test_definition_relations(rel):
    doc = f"$$y {rel} 4$$\n\n$$2 y = 8$$\n\n$$2 y = 9$$"
    assert [e.status for e in check_text(doc, "md", "x.md").equations] == ["unchecked", "holds", "wrong"]


def test_stacked_other_relation_is_not_a_definition():
    assert one(r"$$x \stackrel{?}{=} 2$$").status == "unchecked"
    assert "stacked" in one(r"$$x \stackrel{?}{=} 2$$").message


@pytest.mark.parametrize("sub", [r"\text{out}", r"\text{вых}", r"\mathrm{out}"])
def test_text_subscripts_are_names(sub):
    doc = f"$$W_{{{sub}}} = 3$$\n\n$$W_{{{sub}}} + 1 = 4$$\n\n$$W_{{{sub}}} + 1 = 5$$"
    assert [e.status for e in check_text(doc, "md", "x.md").equations] == ["unchecked", "holds", "wrong"]


@pytest.mark.parametrize("bold", [r"\bm", r"\boldsymbol", r"\mathbf"])
def test_bold_names_are_the_plain_name(bold):
    doc = f"$$a = 2$$\n\n$${bold}{{a}} + 1 = 3$$\n\n$${bold}{{a}} + 1 = 4$$"
    assert [e.status for e in check_text(doc, "md", "x.md").equations] == ["unchecked", "holds", "wrong"]


@pytest.mark.parametrize("text", ["\\boxed{1 + 1", "2 + 2 = 4 \\", r"\color{red 1"])
def test_broken_input_never_crashes(text):
    eqs = check_text(f"$${text}$$", "md", "x.md").equations
    assert all(e.status in ("unchecked", "holds") for e in eqs)


@pytest.mark.parametrize("mark", ["+", "*", r"\ast", r"\star", "-"])
def test_mark_superscripts_are_names(mark):
    doc = f"$$w_5^{{{mark}}} = 0.4 - 0.5 \\cdot 0.08$$\n\n$$w_5^{{{mark}}} + 1 = 1.36$$\n\n" \
          f"$$w_5^{{{mark}}} + 1 = 1.46$$\n\n$$w_5 + 1 = 1.36$$"
    assert [e.status for e in check_text(doc, "md", "x.md").equations] == \
        ["unchecked", "holds", "wrong", "unchecked"]


@pytest.mark.parametrize("box", [r"\scalebox{0.8}", r"\resizebox{\textwidth}{!}"])
def test_scaled_matrix(box):
    right = f"$${box}{{\\begin{{bmatrix}}1 & 2\\end{{bmatrix}}}} \\cdot 2 = \\begin{{bmatrix}}2 & 4\\end{{bmatrix}}$$"
    assert statuses(right) == ["holds"]
    assert statuses(right.replace("2 & 4", "2 & 5")) == ["wrong"]


@pytest.mark.parametrize("text, cmd", [(r"\color 1 = 1", r"\color"), (r"\boxed{1 = 1", r"\boxed"),
                                       (r"\mathrm 1 = 1", r"\mathrm")])
def test_missing_argument_names_the_command(text, cmd):
    eq = one(f"$${text}$$")
    assert eq.status == "unchecked" and cmd in eq.message


@pytest.mark.parametrize("right, wrong", [
    (r"2 \cdot 3 \quad = 6", r"2 \cdot 3 \quad = 7"),
    (r"2 \cdot 3 = \qquad 6", r"2 \cdot 3 = \qquad 5"),
    (r"2 \cdot 3 \, = \, 6", r"2 \cdot 3 \, = \, 8"),
])
def test_spacing_at_an_equality_is_ignored(right, wrong):
    assert statuses(f"$${right}$$") == ["holds"]
    assert statuses(f"$${wrong}$$") == ["wrong"]


def test_quad_still_separates_statements():
    assert statuses(r"$$2 + 2 = 4 \quad 3 + 3 = 7$$") == ["holds", "wrong"]
    eqs = check_text(r"$$x = 1 \quad \Rightarrow \quad 2 + 2 = 5$$", "md", "x.md").equations
    assert [e.status for e in eqs] == ["unchecked", "wrong"]
