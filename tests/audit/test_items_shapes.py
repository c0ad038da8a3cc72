"""Shape and receptive-step corpus items: the independent judge decides every variant, and the item's
truth is the judge's."""

import random

import pytest

from convproof.audit.independent_actsum import judge_activation_sum
from convproof.audit.independent_shapes import judge_receptive_step, judge_shape
from convproof.audit.items_shapes import matrix_shape, receptive_step


@pytest.mark.parametrize("text,truth", [
    (r"X_{col} \in \mathbb{R}^{(C k^2) \times (H_{out} W_{out})}", "true"),
    (r"U \in \mathbb{R}^{(H' W') \times (C \cdot K_h K_w)}", "true"),
    (r"T \in \mathbb{R}^{o \times (n + 2p)}", "true"),
    (r"X_{col} \in \mathbb{R}^{(C k) \times (H_{out} W_{out})}", "false"),
    (r"T \in \mathbb{R}^{n \times o}", "false"),
    (r"T \in \mathbb{R}^{(n - k) \times n}", "false"),
    (r"Q \in \mathbb{R}^{a \times b}", None),
])
def test_judge_shape(text, truth):
    assert judge_shape(text) == truth


@pytest.mark.parametrize("text,truth", [
    (r"r_l = r_{l-1} + (k_l - 1)\prod_{i=1}^{l-1} s_i", "true"),
    (r"r_l = r_{l-1} + (k_l - 1)\prod_{i=1}^{l} s_i", "false"),
    (r"r_l = r_{l-1} + k_l\prod_{i=1}^{l-1} s_i", "false"),
    (r"r_l = r_{l-1} + k_l", None),
])
def test_judge_receptive_step(text, truth):
    assert judge_receptive_step(text) == truth


def test_judge_activation_sums():
    assert judge_activation_sum(r"\operatorname{ReLU}'(z) + \operatorname{ReLU}'(z) = 0, \quad z < 0") == "true"
    assert judge_activation_sum(r"\operatorname{ReLU}'(z + z) = 2, \quad z > 0") == "false"
    assert judge_activation_sum(r"\operatorname{ReLU}'(z) = 0") is None


@pytest.mark.parametrize("builder", [matrix_shape, receptive_step])
def test_items_carry_the_judges_truth(builder):
    rng = random.Random(7)
    items = [builder(rng, None, "x" if i % 2 else None) for i in range(12)]
    assert all(it.true for it in items[::2]) and not any(it.true for it in items[1::2])
