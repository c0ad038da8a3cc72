"""A function defined only under a condition (``$f(x) = x$ for $x \\ge 0$``) is not used to evaluate it
at other arguments: ReLU written as two such definitions made ``f(-1) = -1`` hold and ``f(-1) = 0`` wrong."""

from __future__ import annotations

import pytest

from convproof.check.document import check_text


def _last(doc: str) -> tuple[str, str]:
    r = check_text(doc, "md", "doc").equations[-1]
    return r.status, r.message


RELU = "ReLU is $f(x) = x$ for $x \\ge 0$ and $f(x) = 0$ for $x < 0$.\n\n"


@pytest.mark.parametrize("claim", ["f(-1) = -1", "f(-1) = 0", "f(2) = 2", "f(2) = 3"])
def test_a_piecewise_definition_in_prose_is_not_applied_outside_its_condition(claim):
    status, message = _last(RELU + f"So $${claim}$$\n")
    assert status == "unchecked" and "undefined function" in message


@pytest.mark.parametrize("definition", [r"h(x) = 2x \quad \text{for } x \ge 0", r"h(x) = 2x, \quad x > 0",
                                        r"h(x) = 2x, \quad x \in [0, 1]"])
def test_a_condition_inside_the_display_restricts_the_definition(definition):
    assert _last(f"$$ {definition} $$\n\nThen $$h(-1) = -2$$\n")[0] == "unchecked"


@pytest.mark.parametrize("definition, after", [
    ("f(x) = x^2", ""), (r"f(x) = x^2, \quad x \in \mathbb{R}", ""), ("f(x) = x^2", " for all $x$"),
    ("f(x) = x^2", " при всех $x$"), ("f(x) = x^2", ", where $y > 0$"),
])
def test_unrestricted_definitions_are_still_used(definition, after):
    doc = f"Let $${definition}$${after}.\n\n"
    assert _last(doc + "$$f(3) = 9$$\n")[0] == "holds"
    assert _last(doc + "$$f(3) = 10$$\n")[0] == "wrong"


def test_russian_prose_condition():
    assert _last("Пусть $g(x) = 3x$ при $x > 0$.\n\n$$g(-2) = -6$$\n")[0] == "unchecked"


def test_piecewise_branches_are_not_a_restriction_of_the_whole_definition():
    doc = r"$$f(x) = \begin{cases} x, & x > 0 \\ 0, & x \le 0 \end{cases}$$" + "\n\n$$f(-1) = 0$$\n"
    assert _last(doc)[0] == "holds"
    assert _last(doc.replace("f(-1) = 0", "f(-1) = -1"))[0] == "wrong"


def test_a_relation_inside_an_argument_is_not_a_restriction():
    """``\\mathbb{1}(x >= y)`` is an indicator's argument (CS231n's max gradient), not a condition on f."""
    doc = r"$$f(x, y) = x + y \hspace{0.5in} \rightarrow \hspace{0.5in} g = \mathbb{1}(x >= y)$$" + "\n\n"
    assert _last(doc + "$$f(1, 2) = 3$$\n")[0] == "holds"


def test_a_latex_equation_followed_by_a_condition():
    doc = "\\begin{equation}\nq(x) = 4x\n\\end{equation}\nfor $x > 0$.\n\n\\[ q(-1) = -4 \\]\n"
    r = check_text(doc, "tex", "doc").equations[-1]
    assert r.status == "unchecked" and "undefined function" in r.message
    free = doc.replace("for $x > 0$.", "Then:")
    assert check_text(free, "tex", "doc").equations[-1].status == "holds"
