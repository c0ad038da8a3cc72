"""Matrix shape claims (check/shapeclaim.py): correct variants hold, planted errors are wrong, and the
counterexample is the shape of the matrix convproof builds there."""

import pytest

from convproof.check.document import check_text
from convproof.check.shapeclaim import check_shape_claim
from convproof.geometry import ConvSpec
from convproof.symbolic import im2col, toeplitz

IM = "the im2col matrix"
TP = "the convolution matrix (Toeplitz)"

CORRECT = [
    (r"X_{col} \in \mathbb{R}^{(C k^2) \times (H_{out} W_{out})}", IM),
    (r"\hat{X} \in \mathbb{R}^{(C \cdot K_h K_w) \times (H_{out} W_{out})}", IM),
    (r"U \in \mathbb{R}^{(H' W') \times (C K_h K_w)}", "the unfolded input, one patch per row"),
    (r"X \in \mathbb{R}^{C_{in} k_h k_w \times H_{out} W_{out}}", IM),
    (r"X_{col} \in \mathbb{R}^{(C k^2) \times \left(\left\lfloor \frac{H + 2p - k}{s} \right\rfloor + 1\right)^2}", IM),
    (r"X_{col} \in \mathbb{R}^{k^2 \times (H - k + 1)(W - k + 1)}", "im2col of a one-channel image"),
    (r"\mathbf{T} \in \mathbb{R}^{o \times n}", TP),
    (r"\mathbf{T} \in \mathbb{R}^{o \times (n + 2p)}", "the Toeplitz matrix acting on the padded input"),
    (r"T \in \mathbb{R}^{(C_{out} H_{out} W_{out}) \times (C H W)}", "матрица Тёплица"),
    (r"T \in \mathbb{R}^{(\lfloor (n - k)/s \rfloor + 1) \times n}", TP),
]

PLANTED = [
    (r"X_{col} \in \mathbb{R}^{(C k) \times (H_{out} W_{out})}", IM, "4 x 1"),
    (r"X_{col} \in \mathbb{R}^{(C k^2) \times (H W)}", IM, "4 x 1"),
    (r"X_{col} \in \mathbb{R}^{(C k^2) \times \left(\left\lfloor \frac{H + p - k}{s} \right\rfloor + 1\right)^2}",
     IM, "1 x 9"),
    (r"X_{col} \in \mathbb{R}^{k^2 \times (H - k)(W - k + 1)}", IM, None),
    (r"\mathbf{T} \in \mathbb{R}^{n \times o}", TP, "1 x 2"),
    (r"T \in \mathbb{R}^{(n - k) \times n}", TP, None),
    (r"T \in \mathbb{R}^{(C_{out} H_{out} W_{out}) \times (C H_{out} W_{out})}", "матрица Тёплица", None),
]


@pytest.mark.parametrize("text,prose", CORRECT)
def test_correct_shapes_hold(text, prose):
    res = check_shape_claim(text, prose)
    assert res is not None and res.status == "holds", res and res.message


@pytest.mark.parametrize("text,prose,expected", PLANTED)
def test_planted_shapes_are_wrong(text, prose, expected):
    res = check_shape_claim(text, prose)
    assert res is not None and res.status == "wrong", res and res.message
    if expected:
        assert res.mismatches[0]["expected"] == expected


def test_counterexample_is_the_built_matrix():
    res = check_shape_claim(r"X_{col} \in \mathbb{R}^{(C k) \times (H_{out} W_{out})}", IM)
    built = im2col(ConvSpec(input_size=(2, 2), kernel_size=(2, 2))).shape
    assert res.mismatches[0]["expected"] == f"{built[0]} x {built[1]}"
    res = check_shape_claim(r"\mathbf{T} \in \mathbb{R}^{n \times o}", TP)
    built = toeplitz(ConvSpec(input_size=2, kernel_size=2)).shape
    assert res.mismatches[0]["expected"] == f"{built[0]} x {built[1]}"


@pytest.mark.parametrize("text,prose", [
    (r"X_{col} \in \mathbb{R}^{(C k^2) \times (H_{out} W_{out})}", "the weight matrix"),  # no matrix named
    (r"X \in \mathbb{R}^{C \times H \times W}", IM),  # a tensor, not a matrix
    (r"X \in \mathbb{R}^{(C k^2) \times (Q R)}", IM),  # Q, R: no role
    (r"X \in \mathbb{R}^{(C k^{(l)}) \times (H_{out} W_{out})}", IM),  # a labelled name
])
def test_not_read(text, prose):
    assert check_shape_claim(text, prose) is None


LAYER = "The input is 6x6x3, with 3x3 kernels and 16 filters; the output is 4x4x16. "


def test_numeric_shape_against_the_stated_layer():
    assert check_shape_claim(r"X \in \mathbb{R}^{27 \times 16}", IM, LAYER).status == "holds"
    assert check_shape_claim(r"X \in \mathbb{R}^{16 \times 27}", IM, LAYER).status == "holds"
    wrong = check_shape_claim(r"X \in \mathbb{R}^{9 \times 16}", IM, LAYER)
    assert wrong.status == "wrong" and wrong.mismatches[0]["expected"] == "27 x 16"
    assert check_shape_claim(r"X \in \mathbb{R}^{9 \times 16}", IM, "The input is 3x6x6.") is None  # C x H x W?


def test_document_reads_inline_and_display_claims():
    text = (LAYER + "The im2col matrix $X \\in \\mathbb{R}^{27 \\times 16}$ and\n\nthe im2col matrix\n\n"
            "$$X_{col} \\in \\mathbb{R}^{(C k) \\times (H_{out} W_{out})}$$\n")
    got = [(e.status, e.kind) for e in check_text(text, "md", "x.md").equations if e.kind == "matrix-shape"]
    assert got == [("holds", "matrix-shape"), ("wrong", "matrix-shape")]
