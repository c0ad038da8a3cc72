"""Bad input raises ConvProofError naming the argument, its value and the rule -- in both families."""

from __future__ import annotations

import numpy as np
import pytest

from convproof import numeric as fast
from convproof.errors import ConvProofError
from convproof.numeric import reference as ref

X1 = np.ones((1, 2, 5), dtype=int)          # N=1, C=2, L=5
W1 = np.ones((4, 2, 3), dtype=int)          # C_out=4, C_in=2, k=3
X2 = np.ones((1, 2, 4, 4), dtype=int)
W2 = np.ones((2, 2, 3, 3), dtype=int)

BAD = [
    ("weight-without-spatial-dims", "conv", (X1, np.ones((4, 2))), {}, r"weight=\(4, 2\): .*at least one spatial"),
    ("input-ndim-mismatch", "conv", (X2, W1), {}, r"input=\(1, 2, 4, 4\): .*1 spatial dims"),
    ("groups-not-dividing-c-out", "conv", (np.ones((1, 2, 5)), np.ones((3, 1, 3))), {"groups": 2},
     r"groups=2: must divide weight.shape\[0\] = C_out = 3"),
    ("input-channel-mismatch", "conv", (np.ones((1, 3, 5)), W1), {}, r"input=\(1, 3, 5\): has C_in = 3 .* = 2"),
    ("grouped-channel-mismatch", "conv", (X1, W1), {"groups": 2}, r"needs C_in = weight.shape\[1\]\*groups = 4"),
    ("kernel-larger-than-padded-input", "conv", (np.ones((1, 2, 2)), W1), {},
     r"kernel_size=\(3,\): kernel span d\*\(k-1\)\+1=3 exceeds padded input n\+p_lo\+p_hi=2"),
    ("dilated-kernel-too-large", "conv", (X1, W1), {"dilation": 3}, r"kernel span d\*\(k-1\)\+1=7"),
    ("stride-wrong-length", "conv", (X1, W1), {"stride": (1, 1)}, r"stride=\(1, 1\): must have one entry per spatial"),
    ("stride-zero", "conv", (X1, W1), {"stride": 0}, r"stride=0: every entry must be >= 1"),
    ("padding-unknown-string", "conv", (X1, W1), {"padding": "half"}, r"padding='half': string padding must be"),
    ("padding-negative", "conv", (X1, W1), {"padding": -1}, r"padding=-1: every entry must be >= 0"),
    ("padding-bad-pair", "conv", (X1, W1), {"padding": [(1, 2, 3)]}, r"a per-side entry must be a \(lo, hi\) pair"),
    ("same-with-stride", "conv", (X1, W1), {"padding": "same", "stride": 2}, r"stride=2: PyTorch padding='same'"),
    ("padding-mode-unknown", "conv", (X1, W1), {"padding_mode": "mirrorr"}, r"padding_mode='mirrorr': must be one of"),
    ("reflect-padding-too-wide", "conv", (X1, W1), {"padding": 5, "padding_mode": "reflect"},
     r"reflect padding must be < input size 5"),
    ("circular-padding-too-wide", "conv", (X1, W1), {"padding": 6, "padding_mode": "circular"},
     r"circular padding must be <= input size 5"),
    ("groups-zero", "conv", (X1, W1), {"groups": 0}, r"groups=0: must be >= 1"),
    ("groups-float", "conv", (X1, W1), {"groups": 1.5}, r"groups=1.5: must be an integer"),
    ("groups-bool", "conv", (X1, W1), {"groups": True}, r"groups=True: must be an integer, not a bool"),
    ("bias-wrong-shape", "conv", (X1, W1, np.ones(3)), {}, r"bias=\(3,\): must have shape \(C_out,\) = \(4,\)"),
    ("padding-value-string", "conv", (X1, W1), {"padding_mode": "constant", "padding_value": "a"},
     r"padding_value='a': must be a scalar"),
    ("input-string-dtype", "conv", (np.array([[["a"] * 5] * 2]), W1), {}, r"input=dtype\('<U1'\): dtype must be"),
    ("input-ragged", "conv", ([[[1, 2], [1]]], W1), {}, r"input=.*must be a rectangular array"),
    ("input-empty-batch", "conv", (np.ones((0, 2, 5)), W1), {}, r"batch size N must be >= 1"),
    ("transpose-output-padding-too-large", "conv_transpose", (np.ones((1, 4, 3)), W1), {"stride": 2, "output_padding": 2},
     r"output_padding=2: must satisfy 0 <= output_padding < max\(stride, dilation\) = 2"),
    ("transpose-reflect-mode", "conv_transpose", (np.ones((1, 4, 3)), W1), {"padding_mode": "reflect"},
     r"padding_mode='reflect': conv_transpose supports only 'zeros'"),
    ("transpose-string-padding", "conv_transpose", (np.ones((1, 4, 3)), W1), {"padding": "same"},
     r"padding='same': conv_transpose takes explicit padding"),
    ("transpose-channel-mismatch", "conv_transpose", (np.ones((1, 2, 3)), W1), {},
     r"needs C_in = weight.shape\[0\] = 4"),
    ("transpose-crop-too-large", "conv_transpose", (np.ones((1, 4, 1)), W1), {"padding": 2},
     r"crops the transposed output to size -1 < 1"),
    ("grad-input-wrong-grad-shape", "conv_grad_input", ((1, 2, 5), W1, np.ones((1, 4, 2))), {},
     r"grad_output=\(1, 4, 2\): must have the forward output's shape .*expected \(1, 4, 3\)"),
    ("grad-input-wrong-input-shape", "conv_grad_input", ((1, 3, 5), W1, np.ones((1, 4, 3))), {},
     r"input=\(1, 3, 5\): has C_in = 3"),
    ("grad-weight-wrong-grad-shape", "conv_grad_weight", (X1, (4, 2, 3), np.ones((1, 3, 3))), {},
     r"grad_output=\(1, 3, 3\)"),
    ("grad-input-shape-not-a-tuple", "conv_grad_input", (5, W1, np.ones((1, 4, 3))), {},
     r"input_shape=5: must be a tuple of ints"),
    ("grad-weight-shape-not-ints", "conv_grad_weight", (X1, (4, 2, 3.5), np.ones((1, 4, 3))), {},
     r"weight_shape=3.5: must be an integer"),
    ("avg-pool-backward-negative-shape", "avg_pool_backward", (np.ones((1, 1, 1)), (1, 1, -2), 1), {},
     r"input_shape=\(1, 1, -2\): every entry must be >= 0"),
    ("grad-bias-no-spatial", "conv_grad_bias", (np.ones((2, 3)),), {}, r"grad_output=\(2, 3\): must have shape"),
    ("im2col-no-spatial", "im2col", (np.ones((2, 3)), 2), {}, r"input=\(2, 3\): must have shape \(N, C, \*spatial\)"),
    ("im2col-kernel-too-large", "im2col", (X2, 5), {}, r"kernel span d\*\(k-1\)\+1=5 exceeds"),
    ("col2im-wrong-block-count", "col2im", (np.ones((1, 4, 5)), (3, 3), 2), {}, r"number of sliding blocks L = 4"),
    ("col2im-rows-not-multiple", "col2im", (np.ones((1, 5, 4)), (3, 3), 2), {}, r"multiple of prod\(kernel_size\) = 4"),
    ("conv-matrix-constant-mode", "conv_matrix", (5, W1), {"padding_mode": "constant"}, r"affine, not linear"),
    ("conv-matrix-size-length", "conv_matrix", ((5, 5), W1), {}, r"input_size=\(5, 5\): must have 1 entries"),
    ("max-pool-padding-over-half", "max_pool", (X2, 2), {"padding": 2}, r"padding=2: pooling padding must be at most half"),
    ("max-pool-kernel-too-large", "max_pool", (X2, 5), {}, r"kernel span d\*\(k-1\)\+1=5 exceeds"),
    ("max-pool-window-only-padding", "max_pool", (np.ones((1, 1, 1)), 2), {"stride": 1, "padding": 1, "dilation": 2},
     r"dilation=2: window 0 of dim 0 holds only padding cells"),
    ("max-pool-backward-grad-shape", "max_pool_backward", (np.ones((1, 2, 3)), X1, 2), {},
     r"grad_output=\(1, 2, 3\): must have max_pool's output shape"),
    ("avg-pool-divisor-zero", "avg_pool", (X2, 2), {"divisor_override": 0}, r"divisor_override=0: must be None"),
    ("avg-pool-backward-grad-shape", "avg_pool_backward", (np.ones((1, 2, 1, 1)), (1, 2, 4, 4), 2), {},
     r"grad_output=\(1, 2, 1, 1\): must have avg_pool's output shape"),
]


@pytest.mark.parametrize("family", [fast, ref], ids=["fast", "reference"])
@pytest.mark.parametrize("name,args,kwargs,match", [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_bad_input_raises_project_error(family, name, args, kwargs, match):
    with pytest.raises(ConvProofError, match=match):
        getattr(family, name)(*args, **kwargs)


def test_error_is_a_value_error_with_argument_first():
    with pytest.raises(ValueError) as info:
        fast.conv(X1, W1, groups=3)
    assert str(info.value).startswith("groups=3:")


@pytest.mark.parametrize("family", [fast, ref], ids=["fast", "reference"])
def test_max_pool_of_symbols_names_the_rule(family):
    sympy = pytest.importorskip("sympy")
    x = np.array(sympy.symbols("a0:4"), dtype=object).reshape(1, 1, 4)
    with pytest.raises(ConvProofError, match=r"input=dtype\('O'\): max pooling needs ordered values"):
        family.max_pool(x, 2)
    assert family.avg_pool(x, 2)[0, 0, 0] == (x[0, 0, 0] + x[0, 0, 1]) / 2  # averaging symbols is fine
