"""The independent index-sum judge (audit/independent_index.py) against known statements."""

import random

import pytest

from convproof.audit.independent import judge
from convproof.audit.independent_index import judge_index
from convproof.audit.items_index import index_sum

TRUE = [
    r"z_{rc} = \sum_{i=1}^{k} \sum_{j=1}^{k} Y_{(r+i-1)(c+j-1)} F_{ij} + b",
    r"c_i = \sum_{j=1}^k a_{i+j-1} b_j",
    r"C_{ij} = \sum_{l=1}^h \sum_{p=1}^w \sum_{k=1}^c X_{i+l-1,j+p-1,k} K_{lpk},",
    r"O[i, j] = \sum_{m}\sum_{n} X[i+m, j+n] K[m, n]",
    r"Y[i, j] = \sum_{a, b} X[i+a, j+b]\, K[a, b].",
    r"[\mathbf{H}]_{i, j}=u+\sum_{a} \sum_{b}[\mathbf{V}]_{a, b}[\mathbf{X}]_{i+a, j+b}",
]
FALSE = [
    r"z_{rc} = \sum_{i=1}^{k} \sum_{j=1}^{k} Y_{(r+i)(c+j-1)} F_{ij} + b",
    r"z_{rc} = \sum_{i=1}^{k} \sum_{j=1}^{k} Y_{(r+i-1)(c+j-1)} F_{ji}",
    r"O[i, j] = \sum_{m}\sum_{n} X[i+m-1, j+n] K[m, n]",
]
NOT_JUDGED = [
    r"z_{rc} = \sum_{i=1}^{F} \sum_{j=1}^{F} \sum_{d=1}^{D} Y_{(r+i-1)(c+j-1)d} F_{ijd} + b_d",
    r"Y_{ij}^k = \sum_{m=1}^M \sum_{u,v=1}^{p,q} X_{i+u-1,j+v-1}^m \cdot F_{uv}^{mk} + b^k",
    r"\frac{\partial L}{\partial f_{ab}} = \sum_{i,j} g_{ij} y_{i+a-1,j+b-1}",
    r"2 + 2 = 4",
]


@pytest.mark.parametrize("text", TRUE)
def test_true(text):
    assert judge_index(text) == "true" and judge(text) == "true"


@pytest.mark.parametrize("text", FALSE)
def test_false(text):
    assert judge_index(text) == "false"


@pytest.mark.parametrize("text", NOT_JUDGED)
def test_not_judged(text):
    assert judge_index(text) is None


def test_agrees_with_the_corpus_truth():
    for seed in range(12):
        item = index_sum(random.Random(seed), None, "shift" if seed % 3 == 0 else None)
        assert judge_index(item.body) == ("true" if item.true else "false"), item.body
