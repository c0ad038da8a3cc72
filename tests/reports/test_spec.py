"""The spec report: content, notation options, elision, padding modes, Jupyter reprs."""

import pytest

from convproof import ConvSpec
from convproof.notation import LECTURE
from convproof.reports import spec_report
from convproof.reports.derivation import Derivation


@pytest.fixture(scope="module")
def seed_example():
    return spec_report(ConvSpec(5, 3, stride=2, padding=1)).latex(stem="conv")


def test_seed_eq15_entries(seed_example):
    tex = seed_example
    assert r"z_{1}^{(l+1)} &= f_{2} y_{1}^{(l)} + f_{3} y_{2}^{(l)}" in tex
    assert r"z_{2}^{(l+1)} &= f_{1} y_{2}^{(l)} + f_{2} y_{3}^{(l)} + f_{3} y_{4}^{(l)}" in tex
    assert r"\left\lfloor \frac{5 + 1 + 1 - 1 \cdot (3 - 1) - 1}{2} \right\rfloor + 1 = 3" in tex


def _own_checks(tex):
    """The box up to the registry statements (those are convproof.verify's to test)."""
    return tex.split("General statements")[0]


def test_sections_and_box(seed_example):
    for needle in (r"\section{Layer}", r"\section{Transposed convolution}", r"\section{im2col}",
                   r"\section{Backpropagation}", r"\section{Verified}", r"\frac{\partial \mathcal{L}}{\partial b}",
                   "figures/conv-t-sparsity.png", "figures/conv-overlap.png", r"\checkmark"):
        assert needle in seed_example
    assert "FAILED" not in _own_checks(seed_example)


def test_notation_options_reach_every_symbol():
    n = LECTURE.replace(input="x", kernel="w", output="a", layer=None, base=0, mul="cdot", bold=False)
    tex = spec_report(ConvSpec(4, 2), notation=n).latex()
    assert r"a_{0} &= w_{0} \cdot x_{0} + w_{1} \cdot x_{1}" in tex
    assert "y_{" not in tex and "f_{" not in tex and r"\mathbf{x}" not in tex and "(l)" not in tex


def test_large_matrix_is_elided_with_size():
    d = Derivation(ConvSpec((8, 8), (3, 3)), max_size=6)
    tex = d.matrix(d.T())
    assert tex.endswith(r"_{36 \times 64}") and r"\ddots" in tex and tex.count(r"\\") == 5


@pytest.mark.parametrize("spec", [
    ConvSpec(5, 3, padding=1, padding_mode="reflect"),
    ConvSpec(5, 3, padding=[(0, 1)]),
    ConvSpec(3, 2, in_channels=2, out_channels=4, groups=2),
    ConvSpec(7, 3, dilation=2, stride=2, output_padding=1),
])
def test_other_specs_build_and_verify(spec):
    tex = spec_report(spec).latex()
    assert r"\section{Verified}" in tex and "FAILED" not in _own_checks(tex)


def test_russian_report():
    tex = spec_report(ConvSpec(4, 2), lang="ru").latex()
    assert r"\usepackage[T2A]{fontenc}" in tex and "Обратное распространение" in tex


def test_jupyter_reprs():
    d = Derivation(ConvSpec(3, 2), LECTURE.replace(layer=None))
    assert d._repr_latex_().startswith("$$\n\\mathbf{T} = ")
    rep = spec_report(ConvSpec(3, 2))
    assert "$$" in rep._repr_latex_()
    assert rep.document.sections[0]._repr_latex_().startswith("Layer")


def test_constant_padding_cross_checks_hold():
    from convproof.reports.verified import numeric_summary

    n = numeric_summary(Derivation(ConvSpec(5, 3, padding=1, padding_mode="constant", padding_value=2)))
    assert n["int_ok"] and n["worst"] == 0 and n["float_ok"]


def test_registry_items_raise_a_bug_instead_of_an_empty_section(monkeypatch):
    """A statement module that fails to import is a failing ``load.*`` statement of the registry; any
    other error while listing statements is raised, not turned into an empty report section."""
    from convproof import verify
    from convproof.reports import verified

    items = verified.registry_items("en")
    assert items and all("texttt" in item for item in items)

    def broken():
        raise RuntimeError("registry bug")

    monkeypatch.setattr(verify, "names", broken)
    with pytest.raises(RuntimeError, match="registry bug"):
        verified.registry_items("en")
