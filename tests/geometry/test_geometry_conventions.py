"""Framework spellings of 'same'/'valid', named transposed paddings, ONNX output_shape, and the SciPy
correlate/correlate2d and complex-conjugation conventions, each against the framework where installed."""

from __future__ import annotations

import numpy as np
import pytest

from convproof import ConvSpec
from convproof.errors import ConvProofError
from convproof.geometry import same_padding
from convproof.geometry.transposed import onnx_transpose_pads
from convproof.numeric.reference import conv, conv_transpose
from convproof.geometry.frameworks import jax_transpose_size, keras_transpose_size, onnx_transpose_size


@pytest.mark.parametrize("spelling, convention", [
    ("SAME", "tensorflow"), ("SAME_UPPER", "tensorflow"), ("same_upper", "tensorflow"),
    ("SAME_LOWER", "onnx-same-lower"), ("same-lower", "onnx-same-lower"), ("correlate2d", "scipy-correlate2d"),
])
def test_framework_spellings_name_conventions(spelling, convention):
    for i, k, s in [(5, 4, 1), (7, 2, 2), (8, 3, 3)]:
        if convention == "scipy-correlate2d" and s != 1:
            continue
        assert same_padding(i, k, s, convention=spelling) == same_padding(i, k, s, convention=convention)


def test_padding_strings_accept_onnx_spellings():
    assert ConvSpec(input_size=7, kernel_size=2, stride=2, padding="SAME_UPPER").padding == ((0, 1),)
    assert ConvSpec(input_size=7, kernel_size=2, stride=2, padding="SAME_LOWER").padding == ((1, 0),)
    assert ConvSpec(input_size=5, kernel_size=3, padding="VALID").padding == ((0, 0),)


@pytest.mark.parametrize("i, k, s, d", [(4, 1, 2, 1), (4, 3, 2, 1), (5, 4, 3, 1), (3, 2, 2, 2), (1, 5, 2, 1)])
def test_named_transposed_sizes_match_keras_and_jax_formulas(i, k, s, d):
    same = ConvSpec.from_transposed(input_size=i, kernel_size=k, stride=s, dilation=d, padding="same")
    valid = ConvSpec.from_transposed(input_size=i, kernel_size=k, stride=s, dilation=d, padding="VALID")
    for spec, name in ((same, "same"), (valid, "valid")):
        assert spec.output_size == (i,)
        assert spec.transposed_output_size[0] == keras_transpose_size(i, k, s, name, d)
        assert spec.transposed_output_size[0] == jax_transpose_size(i, k, s, name.upper(), d)


def test_onnx_same_and_output_shape():
    # k_eff >= s: the ONNX formula crops; the spec's length is i*s
    spec = ConvSpec.from_transposed(input_size=4, kernel_size=3, stride=2, padding="SAME_UPPER")
    assert spec.transposed_output_size == (onnx_transpose_size(4, 3, 2, "SAME_UPPER"),) == (8,)
    assert spec.padding == (onnx_transpose_pads(4, 3, 2),)
    shaped = ConvSpec.from_transposed(input_size=4, kernel_size=3, stride=2, output_shape=7)
    assert shaped.transposed_output_size == (7,)
    # k_eff < s: negative pads, refused with the reason
    with pytest.raises(ConvProofError, match="negative pad grows the output"):
        ConvSpec.from_transposed(input_size=4, kernel_size=1, stride=2, padding="SAME_UPPER")


def test_tf_same_transposed_is_the_gradient_of_tf_same():
    spec = ConvSpec.from_transposed(input_size=3, kernel_size=2, stride=2, padding="same")
    z = np.array([[[1, 2, 3]]])
    w = np.array([[[10, 1]]])
    y = conv_transpose(z, w, stride=2, padding=spec.padding, output_padding=spec.output_padding)
    x = np.eye(6, dtype=int)[:, None, :]  # <conv(e_j), z> = y_j
    forward = conv(x, w, stride=2, padding=spec.padding)
    assert y[0, 0].tolist() == [int((forward[j, 0] * z[0, 0]).sum()) for j in range(6)]


def test_jax_named_transposed_values():
    jax = pytest.importorskip("jax")
    from jax import lax

    for i, k, s in [(4, 1, 2), (4, 3, 2), (5, 4, 3), (2, 5, 2), (3, 2, 1)]:
        z, w = np.arange(1, i + 1, dtype=np.float32), (10.0 ** np.arange(k)).astype(np.float32)
        for name in ("SAME", "VALID"):
            out = lax.conv_transpose(z[None, :, None], w[:, None, None], (s,), name, transpose_kernel=True,
                                     dimension_numbers=("NWC", "WOI", "NWC"))
            spec = ConvSpec.from_transposed(input_size=i, kernel_size=k, stride=s, padding=name)
            ours = conv_transpose(z[None, None].astype(np.float64), w[None, None].astype(np.float64), stride=s,
                                  padding=spec.padding, output_padding=spec.output_padding)[0, 0]
            assert np.asarray(out)[0, :, 0].tolist() == ours.tolist()
            assert len(ours) == jax_transpose_size(i, k, s, name)
    empty = lax.conv_transpose(jax.numpy.ones((1, 1, 1)), jax.numpy.ones((4, 1, 1)), (1,), [(2, 2)],
                               rhs_dilation=(3,), dimension_numbers=("NWC", "WIO", "NWC"))
    assert empty.shape[1] == jax_transpose_size(1, 4, 1, (2, 2), 3) == 0


def test_scipy_correlate_and_correlate2d_put_the_extra_pad_on_opposite_sides():
    signal = pytest.importorskip("scipy.signal")
    x, w = np.arange(1, 6), np.array([1, 10, 100, 1000])
    ours_1d = conv(x[None, None], w[None, None], padding=[same_padding(5, 4, convention="scipy")])[0, 0]
    ours_2d = conv(x[None, None], w[None, None], padding=[same_padding(5, 4, convention="scipy-correlate2d")])[0, 0]
    assert ours_1d.tolist() == signal.correlate(x, w, mode="same").tolist()
    assert ours_2d.tolist() == signal.correlate2d(x[None], w[None], mode="same")[0].tolist()
    assert ours_1d.tolist() != ours_2d.tolist()


def test_scipy_conjugates_complex_kernels_and_torch_does_not():
    signal = pytest.importorskip("scipy.signal")
    x, w = np.array([1, 1j, 2]), np.array([1j, 1])
    ours = conv(x[None, None], w[None, None])[0, 0]
    assert np.array_equal(signal.correlate(x, w, mode="valid"), conv(x[None, None], np.conj(w)[None, None])[0, 0])
    assert not np.array_equal(signal.correlate(x, w, mode="valid"), ours)
    torch = pytest.importorskip("torch")
    theirs = torch.nn.functional.conv1d(torch.tensor(x)[None, None], torch.tensor(w)[None, None])
    assert np.array_equal(theirs.numpy()[0, 0], ours)


def test_cli_accepts_onnx_spellings(capsys):
    from convproof.cli import main

    assert main(["shape", "--input", "7", "--kernel", "2", "--stride", "2", "--padding", "SAME_LOWER"]) == 0
    assert "padding (1,0) -> 4" in capsys.readouterr().out
    assert main(["shape", "--input", "7", "--kernel", "2", "--stride", "2", "--padding", "same",
                 "--same-convention", "SAME_UPPER"]) == 0
    assert "padding (0,1) -> 4" in capsys.readouterr().out
