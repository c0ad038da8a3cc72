"""Issue 16, rule 4: a binding is used only inside its passage / table row / until it lapses,
never for a name the statement quantifies; general statements are identities or unchecked."""

from pathlib import Path

import pytest

from convproof.check import check_text
from convproof.check.scope import GAP, quantified

SEEDS = Path("/work/shared/seeds")


def run(doc, fmt="md"):
    return check_text(doc, fmt, "t").equations


def test_binding_does_not_leak_into_the_next_exercise():
    doc = (r"\section{Exercise 1}" "\n" r"$$g(x) = x^2$$" "\n" r"$$b = 0$$" "\n"
           r"$$g(3 + b) = 9$$" "\n" r"\section{Exercise 2}" "\n" r"$$g(x) = x^2$$" "\n"
           r"$$g(x + b) = g(x)$$" "\n")
    eqs = run(doc, "tex")
    assert eqs[2].status == "holds" and "b = 0 (line 3)" in eqs[2].message
    assert eqs[-1].status == "unchecked" and "b = 0" not in eqs[-1].message, eqs[-1].message


def test_general_relationship_is_not_certified_by_an_instance_from_another_passage():
    doc = "## Example\n\n$$i = 3, k = 3, o = 5$$\n\n$$i + (k - 1) = o$$\n\n## General rule\n\n$$i + 2 = o$$\n"
    eqs = run(doc)
    inst = [e for e in eqs if e.line == 5][0]
    assert inst.status == "holds" and "i = 3 (line 3)" in inst.message
    general = eqs[-1]
    assert general.status == "unchecked" and "line 3" not in general.message, general.message


def test_a_quantified_name_ignores_the_binding_and_uses_the_condition():
    doc = "$$z = 0.5$$\n\n$$\\mathrm{ReLU}(z) = 0.5$$\n\n$$\\mathrm{ReLU}'(z) = 0, \\quad z < 0$$\n"
    eqs = run(doc)
    assert eqs[-1].status == "holds" and "z = 0.5" not in eqs[-1].message, eqs[-1].message
    assert "for every value of z" in eqs[-1].message
    bad = run(doc.replace("= 0, \\quad z < 0", "= 1, \\quad z < 0"))[-1]
    assert bad.status == "wrong" and "z = 0.5" not in bad.message


def test_rows_of_a_table_of_cases_do_not_share_definitions():
    doc = ("| name | definition | value |\n|---|---|---|\n"
           "| ReLU | $f(x) = \\max(0, x)$ | $f(-2) = 0$ |\n"
           "| Leaky ReLU | $\\alpha = 0.01$ | $f(-2) = -0.02$ |\n"
           "| ELU | $f(x) = e^x - 1, x < 0$ | $f(-2) = -0.8647$ |\n")
    eqs = run(doc)
    relu = [e for e in eqs if e.line == 3 and "f(-2)" not in e.message and e.status == "holds"]
    assert relu, [(e.line, e.status, e.message) for e in eqs]
    leaky = [e for e in eqs if e.line == 4][-1]
    assert leaky.status == "unchecked" and "undefined function" in leaky.message, leaky.message


def test_a_sequential_table_keeps_its_rows_in_scope():
    doc = ("| node | value |\n|---|---|\n| $v_1$ | $v_1 = 2 \\cdot 3 = 6$ |\n"
           "| $v_2$ | $v_2 = v_1 + 1 = 7$ |\n")
    assert run(doc)[-1].status == "holds"


def test_an_instance_from_another_training_example_is_not_used():
    doc = ("Example 1: $y = 1$, $\\hat y = 0.5$, $$d = \\hat y - y = -0.5$$\n\n"
           + "\n" * (GAP + 5)
           + "Example 2: $\\hat y = 1.5$, $$d = \\hat y - y = 0.5$$\n")
    eqs = run(doc)
    assert eqs[2].status == "holds"
    assert eqs[-1].status == "unchecked" and "y = 1 " not in eqs[-1].message, eqs[-1].message


def test_notation_is_carried_across_sections():
    doc = (r"\section{A}" "\n" r"$$T = \begin{bmatrix} f_1 & f_2 \end{bmatrix}$$" "\n"
           r"\section{B}" "\n" r"$$T \begin{bmatrix} y_1 \\ y_2 \end{bmatrix} = f_1 y_1 + f_2 y_2$$")
    e = run(doc, "tex")[-1]
    assert e.status == "holds" and "T (line 2)" in e.message, e.message


@pytest.mark.parametrize("text, expected", [
    (r"f(x) = 0, \quad x < 0", {"x": {"negative": True}}),
    (r"\forall \alpha: \alpha = \alpha", {r"\alpha": {}}),
    (r"x_{1} \ge 0", {"x_{1}": {"nonnegative": True}}),
    (r"\left( x \right) = 1", {}),
])
def test_quantified_names(text, expected):
    assert quantified(text) == expected


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed documents not available")
def test_seed_general_formula_no_longer_uses_a_number_from_another_slide():
    path = next(SEEDS.glob("001_*.txt"))
    eqs = check_text(path.read_text(encoding="utf-8"), "md", path.name).equations
    ncov = [e for e in eqs if e.message.startswith("defines N_{conv}") and "Mpq" not in e.message]
    assert ncov and all("p = 1" not in e.message for e in ncov)
    assert any(e.status == "holds" for e in ncov)
