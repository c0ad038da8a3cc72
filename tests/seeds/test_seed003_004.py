"""Graph convolution (exact), linear classifier, 1D kernel (1,0,-1), seed 004 arithmetic."""

import numpy as np
import pytest
import sympy as sp

from convproof.errors import ConvProofError
from convproof.nn import graphconv as gc
from convproof.seeds.seed003 import (conv1d_seed, conv1d_symbolic, flatten_image, linear_classifier,
                                  linear_classifier_as_conv, linear_classifier_params)
from convproof.seeds.seed004 import alexnet_conv1, claims, im2col_sizes, verdicts


@pytest.mark.parametrize("L", [gc.path_laplacian(3), gc.cycle_laplacian(4), gc.path_laplacian(4)],
                         ids=["path3", "cycle4", "path4"])
def test_graph_conv_facts(L):
    assert all(gc.prove_graph_conv(L).values())


def test_graph_conv_fact_can_fail():
    # a non-polynomial theta on a graph with distinct eigenvalues is still diagonal in U, so it commutes;
    # but a filter built from a *wrong* basis does not: rotate two eigenvectors of different eigenvalues
    L = gc.path_laplacian(3)
    U, lam = gc.orthonormal_eigenbasis(L)
    V = U.copy()
    V[:, 0], V[:, 1] = U[:, 1], U[:, 0]
    K = gc.spectral_filter(V, [1, 2, 3])
    assert (L * K - K * L) == sp.zeros(3, 3)          # still an eigenbasis, different eigenvalue order
    B = sp.Matrix([[1, 1, 0], [0, 1, 0], [0, 0, 1]])
    assert (L * B - B * L) != sp.zeros(3, 3)


def test_basis_dependence():
    ex = gc.basis_dependent_example()
    assert ex["filters_differ"] and not ex["is_polynomial"]


def test_graph_conv_numeric_vs_exact():
    L = gc.cycle_laplacian(6)
    U, lam = gc.orthonormal_eigenbasis(L)
    theta = [1 + 2 * v - v ** 2 for v in lam]
    X = sp.Matrix([[1, 0], [2, -1], [0, 3], [1, 1], [-2, 0], [0, 1]])
    exact = gc.graph_conv(U, theta, X)
    assert exact == gc.polynomial_filter(L, [1, 2, -1]) * X
    num = gc.graph_conv_numeric(np.array(L.tolist(), float), [float(t) for t in theta], np.array(X.tolist(), float))
    np.testing.assert_allclose(num, np.array(exact.tolist(), float), atol=1e-12)


def test_graph_errors():
    with pytest.raises(ConvProofError, match="n=2"):
        gc.cycle_laplacian(2)
    with pytest.raises(ConvProofError, match="symmetric"):
        gc.orthonormal_eigenbasis(sp.Matrix([[1, 2], [0, 1]]))


def test_linear_classifier():
    rng = np.random.default_rng(0)
    img = rng.integers(-5, 6, (3, 4, 4))
    W, b = rng.integers(-3, 4, (10, 48)), rng.integers(-3, 4, 10)
    scores, conv_scores = linear_classifier_as_conv(img, W, b)
    assert np.array_equal(scores, conv_scores)
    hwc = np.moveaxis(img, 0, -1)
    assert np.array_equal(flatten_image(hwc, "HWC"), flatten_image(img, "CHW"))
    assert linear_classifier_params(32, 32, 3, 10) == 30730
    with pytest.raises(ConvProofError, match="W/x/b"):
        linear_classifier([1, 2, 3], [[1, 2]], [0])


def test_linear_classifier_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    x, W, b = rng.normal(size=12), rng.normal(size=(4, 12)), rng.normal(size=4)
    ref = torch.nn.functional.linear(torch.tensor(x), torch.tensor(W), torch.tensor(b)).numpy()
    np.testing.assert_allclose(linear_classifier(x, W, b), ref, rtol=1e-14)


def test_conv1d_example():
    out, a = conv1d_symbolic(5)
    assert out == [a[0] - a[2], a[1] - a[3], a[2] - a[4]]
    x = [1, 2, -1, 1, -3]
    assert conv1d_seed(x).tolist() == [2, 1, 2]
    assert conv1d_seed(x, padding=1).tolist() == [-2, 2, 1, 2, 1]
    assert conv1d_seed(x, padding=1, stride=2).tolist() == [-2, 1, 1]


def test_conv1d_against_torch():
    torch = pytest.importorskip("torch")
    x = torch.tensor([[[1.0, 2.0, -1.0, 1.0, -3.0, 4.0]]])
    k = torch.tensor([[[1.0, 0.0, -1.0]]])
    for p, s in ((0, 1), (1, 1), (1, 2)):
        ref = torch.nn.functional.conv1d(x, k, padding=p, stride=s)[0, 0].tolist()
        assert conv1d_seed(x[0, 0].numpy(), padding=p, stride=s).tolist() == ref


def test_alexnet():
    a = alexnet_conv1()
    assert a["output"] == 55 and a["neurons"] == 290400
    assert a["params_without_sharing"] == 105705600 and a["params_with_sharing"] == 34944
    assert im2col_sizes()["X_col"] == (363, 3025)


def test_alexnet_im2col_against_numeric_shapes():
    from convproof.numeric import im2col
    cols = im2col(np.zeros((1, 3, 227, 227), dtype=np.int8), 11, stride=4)
    assert cols.shape[1:] == im2col_sizes()["X_col"]


def test_seed004_errata():
    wrong = {v[0] for v in verdicts() if v[4] == "wrong"}
    assert wrong == {"alexnet.sharing_params", "size.1d_s1", "size.1d_s2"}
    assert len(claims()) == len(verdicts())
