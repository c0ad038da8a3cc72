"""The receptive-field recursion with a product of strides (check/receptiveprod.py)."""

import pytest

from convproof.check.document import check_text
from convproof.check.receptiveprod import check_receptive_product
from convproof.nn.receptive import receptive_field_bruteforce

P = "the receptive field of layer l grows as"

CORRECT = [
    r"r_l = r_{l-1} + (k_l - 1)\prod_{i=1}^{l-1} s_i",
    r"r_{l} = r_{l-1} + (k_l - 1) \cdot \prod_{i=1}^{l-1} s_i",
    r"r_l = r_{l-1} + d_l (k_l - 1)\prod_{i=1}^{l-1} s_i",
    r"R_l = R_{l-1} + (F_l - 1)\prod_{j=1}^{l-1} S_j",
    r"r_n = r_{n-1} + \prod_{i=1}^{n-1} s_i (k_n - 1)",
]

PLANTED = [
    r"r_l = r_{l-1} + (k_l - 1)\prod_{i=1}^{l} s_i",     # the layer's own stride included
    r"r_l = r_{l-1} + k_l\prod_{i=1}^{l-1} s_i",         # k instead of k - 1
    r"r_l = r_{l-1} + (k_l - 1)\prod_{i=1}^{l-2} s_i",   # one stride short
    r"r_l = r_{l-1} + (k_l - 1)\prod_{i=1}^{l-1} s_i + 1",
    r"r_l = r_{l-1} + d_l k_l \prod_{i=1}^{l-1} s_i",
]


@pytest.mark.parametrize("text", CORRECT)
def test_correct_recursions_hold_for_every_depth(text):
    res = check_receptive_product(text, P)
    assert res.status == "holds" and "size.receptive_field_step" in res.message and "1..6" in res.message


@pytest.mark.parametrize("text", PLANTED)
def test_planted_recursions_are_wrong_with_a_counted_counterexample(text):
    res = check_receptive_product(text, P)
    assert res.status == "wrong", res.message
    where = res.mismatches[0]["where"]
    kernels = [int(x) for x in where.split("kernels [")[1].split("]")[0].split(",")]
    strides = [int(x) for x in where.split("strides [")[1].split("]")[0].split(",")]
    assert res.mismatches[0]["expected"] == str(receptive_field_bruteforce(kernels, strides))
    assert res.mismatches[0]["claimed"] != res.mismatches[0]["expected"]


@pytest.mark.parametrize("text,prose", [
    (CORRECT[0], "the output size"),                                          # no receptive field in the text
    (r"r_l = r_{l-1} + (k_l - 1)\prod_{i=0}^{l-1} s_i", P),                   # lower bound 0
    (r"r_l = r_{l-1} + (k_l - 1)\prod_{i=1}^{m} s_i", P),                     # another upper bound
    (r"r_l = r_{l-1} + (q_l - 1)\prod_{i=1}^{l-1} s_i", P),                   # q: no role
])
def test_not_read(text, prose):
    assert check_receptive_product(text, prose) is None


def test_document_reads_the_recursion():
    text = "The receptive field of layer $l$:\n\n$$r_l = r_{l-1} + (k_l - 1)\\prod_{i=1}^{l} s_i$$\n"
    got = [(e.status, e.kind) for e in check_text(text, "md", "x.md").equations]
    assert got == [("wrong", "receptive-field")]
