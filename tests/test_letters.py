"""One rule for symbol letters in every entry point: valid, LaTeX-safe, distinct."""

import pytest

from convproof.errors import ConvProofError
from convproof.latex import Notation as LatexNotation
from convproof.letters import check_layer, check_letters
from convproof.symbolic import Conv, Notation


@pytest.mark.parametrize("make", [
    lambda **kw: Notation(**kw), lambda **kw: LatexNotation(**kw),
], ids=["symbolic", "latex"])
@pytest.mark.parametrize("letters, match", [
    ({"input": "y", "kernel": "y"}, "distinct"),
    ({"input": "f"}, "distinct"),
    ({"output": "Y"}, "distinct"),
    ({"kernel": r"\input"}, "symbol letter"),
    ({"kernel": "}"}, "symbol letter"),
    ({"input": ""}, "symbol letter"),
    ({"input": "abc"}, "symbol letter"),
    ({"input": 1}, "symbol letter"),
    ({"bias": "x y"}, "symbol letter"),
])
def test_both_notations_refuse_bad_or_repeated_letters(make, letters, match):
    with pytest.raises(ConvProofError, match=match):
        make(**letters)


def test_good_letters_pass_everywhere():
    assert Notation(input="x", kernel="w", output="a", grad=r"\delta").input == "x"
    assert LatexNotation(input="x", kernel=r"\theta").kernel == r"\theta"
    assert check_letters({"a": "x", "b": "w"}) is None


@pytest.mark.parametrize("layer", ["l}", "\\x", "l+1+1", "", True, -1, 1.5])
def test_layer_labels_are_short_names(layer):
    with pytest.raises(ConvProofError, match="layer label"):
        check_layer(layer)
    with pytest.raises(ConvProofError, match="layer label"):
        Notation(layer=layer)


def test_separator_is_one_of_the_known_ones():
    with pytest.raises(ConvProofError, match="sep="):
        Notation(sep="}{")


def test_conv_facade_takes_only_a_symbolic_notation():
    with pytest.raises(ConvProofError, match="notation="):
        Conv(input_size=3, kernel_size=2, notation={"input": "y", "kernel": "y"})
    c = Conv(input_size=3, kernel_size=2, notation=Notation(input="x", kernel="w"))
    assert str(c.z()[0, 0]) == "w_{1}*x_{1} + w_{2}*x_{2}"
