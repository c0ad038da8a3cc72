"""A size formula in letters that only the prose explains: "for an input of size $I$, kernel size
$K$, stride $S$ and padding $P$, the output size is $$O = ...$$" (the words before each symbol, a
display right after "the output size is"). It stayed a definition; now it is proved or refuted
for every size like the W_2 / W_1 notation, and a letter the text does not name is never guessed."""

from __future__ import annotations

import pytest

from convproof.check.document import check_text
from convproof.check.parse import parse_chain
from convproof.check.sizenames import general_roles, prose_roles

PROSE = "For an input of size $I$, kernel size $K$, stride $S$ and padding $P$, the output size is\n"


def _one(prose: str, formula: str):
    results = check_text(f"{prose}$${formula}$$\n", "md", "doc").equations
    return [(r.status, r.kind, r.message) for r in results if r.line > 1][-1]


@pytest.mark.parametrize("formula, status", [
    (r"O = \left\lfloor \frac{I + 2P - K}{S} \right\rfloor + 1", "holds"),
    (r"O = \left\lfloor \frac{I + 2P - K}{S} \right\rfloor", "wrong"),
    (r"O = \left\lfloor \frac{I + P - K}{S} \right\rfloor + 1", "wrong"),
])
def test_a_formula_in_letters_the_prose_names_is_proved_or_refuted(formula, status):
    got, kind, message = _one(PROSE, formula)
    assert (got, kind) == (status, "size-formula") and "O = output size, I = input size" in message


def test_a_letter_the_text_does_not_name_is_not_guessed():
    prose = "For kernel size $K$, stride $S$ and padding $P$, the output size is\n"
    assert _one(prose, r"O = \left\lfloor \frac{I + 2P - K}{S} \right\rfloor + 1")[1] == "definition"
    assert _one("The result is\n", r"O = \left\lfloor \frac{I + 2P - K}{S} \right\rfloor + 1")[1] == "definition"


def test_words_before_a_symbol_name_its_role():
    assert prose_roles(PROSE) == {"I": {"n"}, "K": {"k"}, "S": {"s"}, "P": {"p"}}
    assert prose_roles("$K$ - размер ядра, $S$ - шаг") == {"K": {"k"}, "S": {"s"}}
    found, _ = general_roles(parse_chain(r"O = (I + 2P - K)/S + 1"), "$O$ is the output size, " + PROSE)
    assert found == {"O": "o", "I": "n", "P": "p", "K": "k", "S": "s"}
