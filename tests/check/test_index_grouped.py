"""Grouped and centered index sums (convproof.check.indexgroup, indexcentered): correct variants
hold, planted errors are wrong or unchecked, never holds."""

import pytest

from convproof.check.indexcentered import check_centered
from convproof.check.indexgroup import check_grouped
from convproof.check.indexmore import check_index_more

REL = "Пусть $k = (s - 1)K/g + k'$ , тогда формула групповой свертки"
GROUP = "where s is the group of the output channel k"
PER_GROUP = r"Y_{ij}^k = \sum_{m'=1}^{M/g} \sum_{u,v=1}^{p,q} X_{i+u-1,j+v-1}^{(s-1)M/g+m'} \cdot F_{uv}^{s,m'k'} + b^{s,k'}"
GLOBAL = r"Y_{ij}^k = \sum_{m'=1}^{M/g} \sum_{u,v=1}^{p,q} X_{i+u-1,j+v-1}^{(s-1)M/g+m'} \cdot F_{uv}^{m'k} + b^k"


@pytest.mark.parametrize("text, before", [(PER_GROUP, REL), (GLOBAL, GROUP),
                                          (GLOBAL.replace("(s-1)M/g+m'", "M/g(s-1)+m'"), GROUP),
                                          (PER_GROUP, "$k = K/g(s-1) + k'$")])
def test_grouped_correct_holds(text, before):
    res = check_grouped(text, before)
    assert res.status == "holds", res.message
    assert "groups = g" in res.message


@pytest.mark.parametrize("text, before", [
    (GLOBAL.replace("(s-1)M/g", "sM/g"), GROUP),
    (GLOBAL.replace("(s-1)M/g", "(s-1)K/g"), GROUP),
    (GLOBAL.replace("i+u-1", "i+u"), GROUP),
    (GLOBAL.replace("F_{uv}", "F_{vu}"), GROUP),
    (PER_GROUP, "$k = sK/g + k'$"),
    (PER_GROUP, "$k = (s-1)M/g + k'$"),
])
def test_grouped_planted_errors_are_wrong(text, before):
    assert check_grouped(text, before).status == "wrong"


@pytest.mark.parametrize("text, before", [(GLOBAL, ""), (PER_GROUP, "no relation here")])
def test_grouped_without_the_group_stated_is_unchecked(text, before):
    assert check_grouped(text, before).status == "unchecked"


def test_grouped_message_names_the_counterexample():
    res = check_grouped(GLOBAL.replace("(s-1)M/g", "sM/g"), GROUP)
    assert "groups" in res.message and "outside" in res.message


D2L = r"[\mathbf{H}]_{i, j} = u + \sum_{a = -\Delta}^{\Delta} \sum_{b = -\Delta}^{\Delta} [\mathbf{V}]_{a, b}  [\mathbf{X}]_{i+a, j+b}."
D2L_CH = (r"[\mathsf{H}]_{i,j,d} = \sum_{a = -\Delta}^{\Delta} \sum_{b = -\Delta}^{\Delta} \sum_c "
          r"[\mathsf{V}]_{a, b, c, d} [\mathsf{X}]_{i+a, j+b, c},")


@pytest.mark.parametrize("text, kind", [(D2L, "cross-correlation"), (D2L_CH, "cross-correlation"),
                                        (D2L.replace("i+a, j+b", "i-a, j-b"), "flipped")])
def test_centered_correct_holds(text, kind):
    res = check_centered(text)
    assert res.status == "holds", res.message
    assert kind in res.message and "padding Delta" in res.message


@pytest.mark.parametrize("text, status", [
    (D2L.replace("V}]_{a, b}", "V}]_{b, a}"), "wrong"),
    (D2L.replace("i+a, j+b", "i+a, j-b"), "wrong"),
    (D2L_CH.replace("i+a, j+b, c", "i+a, j+b, d"), None),
    (D2L.replace("i+a, j+b", "i+a+1, j+b"), "unchecked"),
])
def test_centered_planted_errors_never_hold(text, status):
    res = check_index_more(text)
    assert (res.status if res is not None else None) == status


def test_not_read_returns_none():
    assert check_index_more(r"y = \sum_{i=1}^{n} x_i") is None


DEFORM = r"X_{ij} = \sum_{u,v=1}^{p,q} X_{i+u-1+o_{uv}, j+v-1+p_{uv}} \cdot F_{uv} + b"


def test_deformable_reduces_to_the_proven_correlation_but_stays_unchecked():
    res = check_index_more(DEFORM)
    assert res.status == "unchecked"
    assert "set to 0" in res.message and "states a cross-correlation, 1-based" in res.message


@pytest.mark.parametrize("text", [DEFORM.replace("i+u-1+", "i+u+"), DEFORM.replace("F_{uv}", "F_{vu}")])
def test_deformable_planted_errors_never_hold_and_are_not_called_reduced(text):
    res = check_index_more(text)
    assert res.status == "unchecked" and "not a proven convolution" in res.message


CHAIN_RULE = (r"\frac{\partial L}{\partial w_{ab}} = \sum_i\sum_j \frac{\partial L}{\partial x_{ij}} "
              r"\frac{\partial x_{ij}}{\partial w_{ab}} = \sum_i\sum_j \delta_{ij} o_{i+a,j+b}")
TWO_SUMS = r"O[i, j] = \sum_m \sum_n X[i+m, j+n] K[m, n] = \sum_a \sum_b X[i+a, j+b] K[a, b]"


def test_chain_rule_links_are_named_unchecked_and_the_ends_proven():
    res = check_index_more(CHAIN_RULE)
    assert res.status == "unchecked"
    assert "link 1 (the chain rule" in res.message and "the first and last sides: states a kernel gradient" in res.message


def test_aligned_rows_are_one_chain():
    aligned = CHAIN_RULE.replace(" = ", " &= ", 1).replace(r"} = \sum_i\sum_j \delta", r"} \\ &= \sum_i\sum_j \delta")
    res = check_index_more(aligned + "\n\\end{aligned}")
    assert res.status == "unchecked" and "kernel gradient" in res.message


def test_two_sums_of_the_same_convention_hold_by_transitivity():
    res = check_index_more(TWO_SUMS)
    assert res.status == "holds" and "by transitivity" in res.message


@pytest.mark.parametrize("text", [CHAIN_RULE.replace("o_{i+a,j+b}", "o_{i+b,j+a}"),
                                  TWO_SUMS.replace("K[a, b]", "K[b, a]"),
                                  TWO_SUMS.replace("X[i+m, j+n] K[m, n]", "X[i+m, j+n] K[n, m]")])
def test_chain_planted_errors_are_wrong(text):
    assert check_index_more(text).status == "wrong"


def test_two_sums_of_different_conventions_do_not_hold():
    flipped = TWO_SUMS.replace("X[i+a, j+b] K[a, b]", "X[i-a, j-b] K[a, b]")
    res = check_index_more(flipped)
    assert res is None or res.status != "holds"


@pytest.mark.parametrize("text, before", [(GLOBAL.replace("b^k", "b^s"), GROUP),
                                          (PER_GROUP.replace("b^{s,k'}", "b^{k'}"), REL)])
def test_grouped_bias_of_another_index_is_unchecked(text, before):
    assert check_grouped(text, before).status == "unchecked"
