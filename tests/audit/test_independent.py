"""The checker-independent judge and the harness plumbing of ``convproof.audit``."""

from __future__ import annotations

import pytest

from convproof.audit.harness import statement_text, targets
from convproof.audit.independent import available, judge
from convproof.audit.table import corpus_summary, markdown

PRODUCT = (r"\begin{bmatrix} f_{1} & 0 \\ f_{2} & f_{1} \end{bmatrix} "
           r"\begin{bmatrix} y_1 \\ y_2 \end{bmatrix} = ")


@pytest.mark.parametrize("text,identities,expected", [
    ("2 + 2 = 4", False, "true"),
    ("2 + 2 = 5", False, "false"),
    (r"\left\lfloor \frac{32 + 2 \cdot 1 - 3}{2} \right\rfloor + 1 = 16", False, "true"),
    (r"\left\lfloor \frac{32 + 2 \cdot 1 - 3}{2} \right\rfloor + 1 = 17", False, "false"),
    (PRODUCT + r"\begin{bmatrix} f_{1} y_1 \\ f_{2} y_1 + f_{1} y_2 \end{bmatrix}", False, "true"),
    (PRODUCT + r"\begin{bmatrix} f_{1} y_1 \\ f_{2} y_2 + f_{1} y_1 \end{bmatrix}", False, "undecided"),
    (PRODUCT + r"\begin{bmatrix} f_{1} y_1 \\ f_{2} y_2 + f_{1} y_1 \end{bmatrix}", True, "false"),
    (PRODUCT.replace(r"y_2 \end{bmatrix} =", r"y_2 \end{bmatrix}^T =") + r"\begin{bmatrix} 0 \end{bmatrix}",
     False, "false"),
    (r"z_{4} &= 5 \cdot 1 + 4 \cdot 4 \\ &= 5 + 16 \\ &= 21", False, "true"),
    (r"z_{4} &= 5 \cdot 1 + 4 \cdot 4 \\ &= 5 + 16 \\ &= 22", False, "false"),
    (r"v_1 = 2.0 \cdot 1.0 = 2.0", False, "true"),
    (r"(28 - 5 + 1) \times (28 - 5 + 1) = 24 \times 24", False, "undecided"),
    (r"\begin{bmatrix} z_1 \\ z_1 \end{bmatrix} = \begin{bmatrix} a \\ b \end{bmatrix}", True, "false"),
    (r"x \approx 0.33", False, "undecided"),
    # printed precision with '=': correctly rounded holds; truncated or off by one does not
    (r"3.0 + 0.7 \cdot 0.2511 = 3.1758", False, "true"),
    (r"3.0 + 0.7 \cdot 0.2511 = 3.1757", False, "false"),
    (r"3.0 + 0.7 \cdot 0.2511 = 3.1759", False, "false"),
    (r"\frac{1}{8} = 0.13", False, "true"),
    (r"\frac{1}{8} = 0.12", False, "true"),
    (r"\frac{2}{3} = 0.666", False, "false"),
    (r"\begin{bmatrix} \frac{1}{3} \\ \frac{2}{3} \end{bmatrix} = \begin{bmatrix} 0.33 \\ 0.67 \end{bmatrix}",
     False, "true"),
    (r"\begin{bmatrix} \frac{1}{3} \\ \frac{2}{3} \end{bmatrix} = \begin{bmatrix} 0.33 \\ 0.66 \end{bmatrix}",
     False, "false"),
])
def test_judge(text, identities, expected):
    if not available():
        pytest.skip("lark not installed")
    assert judge(text, identities) == expected


def test_statement_text_drops_trailing_separators():
    assert statement_text(r"x_1 = 0.6, \quad (5) ") == "x_1 = 0.6"


def test_targets_are_the_statements_that_hold():
    doc = "$$1 + 1 = 2, \\quad 2 + 2 = 5, \\quad 3 = 3$$\n"
    found = targets("t.md", doc, "md")
    assert [doc[slice(*t.stmt_span)].strip(" ,\\quad") for t in found] == ["1 + 1 = 2", "3 = 3"]
    assert [t.index for t in found] == [0, 2] and all(t.count == 3 for t in found)


def test_markdown_report_is_deterministic_and_lists_survivors():
    from convproof.audit.harness import CorpusOutcome
    items = [CorpusOutcome("a.md", 3, "size-valid", False, "off-by-one", "holds", "holds exactly", "1 = 2")]
    assert corpus_summary(items)["false_holds"] == 1
    text = markdown(items, {}, {"docs": 1})
    assert text == markdown(items, {}, {"docs": 1}) and "a.md:3" in text
