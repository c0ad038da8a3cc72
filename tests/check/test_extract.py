"""Finding equations in LaTeX and Markdown: delimiters, lines, labels, what is not math."""

import pytest

from convproof.check.extract import extract
from convproof.check.split import statements


def texts(doc, fmt):
    return [(e.line, e.text.strip()) for e in extract(doc, fmt)]


@pytest.mark.parametrize("env", ["equation", "equation*", "align", "align*", "gather",
                                 "gather*", "multline", "multline*"])
def test_latex_environments(env):
    doc = f"intro\n\\begin{{{env}}}\n a = 1\n\\end{{{env}}}\n"
    assert texts(doc, "tex") == [(2, "a = 1")]


def test_latex_display_and_inline():
    doc = "A $x = 1$ and\n\\[ y = 2 \\]\n$$z = 3$$ and \\(w = 4\\)"
    assert texts(doc, "tex") == [(1, "x = 1"), (2, "y = 2"), (3, "z = 3"), (3, "w = 4")]


def test_latex_comments_verbatim_and_escaped_dollars():
    doc = ("% $$ 1 = 2 $$\nprice \\$5 and \\$6\n\\begin{verbatim}\n$$ 1 = 3 $$\n"
           "\\end{verbatim}\n\\verb|$x=1$| $$ 2 = 2 $$ 50\\% off")
    assert texts(doc, "tex") == [(6, "2 = 2")]


def test_markdown_fences_code_spans_and_escapes():
    doc = "```\n$$1 = 2$$\n```\n`$x = 5$` \\$3 and \\$4\n~~~\n$y=1$\n~~~\n$$a = b$$\n"
    assert texts(doc, "md") == [(8, "a = b")]


def test_label_and_tag_are_recorded_and_blanked():
    doc = "\\begin{equation}\\label{eq:one} a = 1 \\tag{7}\\end{equation}"
    (eq,) = extract(doc, "tex")
    assert eq.label == "eq:one" and eq.tag == "7" and "label" not in eq.text
    assert len(eq.text) == eq.end - eq.start


def test_markdown_equation_number_tag():
    chains, tag = statements(r"\mathbf{f} = \begin{bmatrix} 1 \\ 2 \end{bmatrix} \quad (5)")
    assert tag == "5" and len(chains) == 1


def test_multiline_display_line_is_opening_delimiter():
    doc = "x\n\n$$\na = 1\n= 1\n$$"
    (eq,) = extract(doc, "md")
    assert eq.line == 3


def test_unclosed_delimiters_do_not_hang():
    assert extract("$$ a = 1", "md") == []
    assert extract("\\begin{equation} a", "tex") == []
    assert len(extract("$" * 1000, "md")) < 1000


def test_statements_split_lists_and_rows():
    chains, _ = statements(r"x_1 = 0.8, x_2 = -0.3, x_3 = 0.1")
    assert len(chains) == 3
    chains, _ = statements(r"\begin{aligned} a &= 1 \\ b &= 2 \\ &= 2 \end{aligned}")
    assert [len(c.sides) for c in chains] == [2, 3]


def test_off_on_markers_skip_quoted_errata():
    doc = ("% convproof-check: off\n$$2 + 2 = 5$$\n% convproof-check: on\n$$2 + 2 = 4$$\n"
           "<!-- convproof-check: off -->\n$1 = 3$\n")
    assert texts(doc, "tex") == [(4, "2 + 2 = 4")]
    assert texts(doc, "md") == [(4, "2 + 2 = 4")]


def test_kramdown_escaped_delimiters_in_markdown():
    doc = "Text \\\\(2 + 2 = 4\\\\) and\n\\\\[ 3 \\cdot 3 = 9 \\\\]\nend \\\\( 1 = 1"
    got = [(e.line, e.text.strip(), e.display) for e in extract(doc, "md")]
    assert got == [(1, "2 + 2 = 4", False), (2, r"3 \cdot 3 = 9", True)]
    assert extract(doc, "tex") == []


def test_kramdown_escaped_math_is_checked():
    from convproof.check.document import check_text
    rep = check_text("\\\\[ 3 \\cdot 3 = 9 \\\\]\n\n\\\\[ 3 \\cdot 3 = 8 \\\\]\n", "md", "k.md")
    assert [(e.line, e.status) for e in rep.equations] == [(1, "holds"), (3, "wrong")]
