"""Conventions report: framework formulas against PyTorch and SciPy, and the report's content."""

import numpy as np
import pytest

from convproof.geometry import same_padding
from convproof.numeric.reference import conv
from convproof.reports.conventions import conventions_report
from convproof.geometry.frameworks import (jax_transpose_size, keras_transpose_size, onnx_transpose_size,
                                               torch_transpose_size)


def test_torch_transpose_size_matches_pytorch():
    torch = pytest.importorskip("torch")
    for i, k, s, p, d, op in [(5, 1, 2, 0, 1, 0), (4, 3, 2, 1, 1, 1), (7, 3, 3, 2, 2, 2), (3, 4, 2, 0, 1, 1)]:
        layer = torch.nn.ConvTranspose1d(1, 1, k, s, p, op, dilation=d)
        assert layer(torch.zeros(1, 1, i)).shape[-1] == torch_transpose_size(i, k, s, p, d, op)


def test_pinned_framework_values_from_research():
    # RESEARCH.md, verified with jax 0.10: k=1, s=2, i=5 -> PyTorch 9, JAX VALID 10; explicit (0,0) -> 5
    assert (torch_transpose_size(5, 1, 2), jax_transpose_size(5, 1, 2, "VALID")) == (9, 10)
    assert jax_transpose_size(4, 3, 2, (0, 0)) == 5
    assert keras_transpose_size(4, 3, 2, "same", output_padding=0) == 7 == (4 - 1) * 2 + 1
    assert onnx_transpose_size(4, 3, 2, "SAME_LOWER") == 8


def test_scipy_same_convention_matches_scipy():
    signal = pytest.importorskip("scipy.signal")
    rng = np.random.default_rng(0)
    for n, k in [(5, 4), (6, 3), (7, 2), (4, 4)]:
        x, w = rng.integers(-5, 5, n), rng.integers(-5, 5, k)
        ours = conv(x[None, None], w[None, None], padding=[same_padding(n, k, convention="scipy")])[0, 0]
        assert ours.tolist() == signal.correlate(x, w, mode="same").tolist()


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel lengths:UserWarning")  # torch's own note
def test_torch_same_convention_matches_pytorch():
    torch = pytest.importorskip("torch")
    x = torch.arange(1.0, 6.0).reshape(1, 1, 5)
    w = torch.tensor([[[1.0, 10.0, 100.0, 1000.0]]])
    ours = conv(x.numpy(), w.numpy(), padding=[same_padding(5, 4, convention="torch")])
    assert np.array_equal(ours, torch.nn.functional.conv1d(x, w, padding="same").numpy())


def test_report_content():
    tex = conventions_report().latex()
    assert r"\texttt{onnx-same-lower} & $(2, 1)$ & 5 & $f_{3} y_{1} + f_{4} y_{2}$" in tex
    assert "refused (stride must be 1)" in tex
    assert "$9$" in tex and "$10$" in tex and "FAILED" not in tex
    assert "Паддинг" in conventions_report("ru").latex()


def test_runtimes_section_examples_are_computed():
    from convproof.geometry.transposed import onnx_transpose_pads

    tex = conventions_report().latex()
    assert r"\section{Runtimes and libraries}" in tex
    lo, hi = onnx_transpose_pads(4, 1, 2)
    assert f"SAME\\_UPPER}} & $({lo}, {hi})$ & $8$" in tex and r"& $7$ & $[1, 0, 2, 0, 3, 0, 4]$" in tex
    assert r"\texttt{scipy.signal.correlate} & $(2, 1)$" in tex and r"correlate2d} & $(1, 2)$" in tex
    assert r"$[2i, 1]$" in tex and r"$[0, 3]$" in tex
    assert "Среды выполнения" in conventions_report("ru").latex()
