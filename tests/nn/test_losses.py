"""Losses: symbolic gradients, proofs of the softmax/sigmoid + CE simplifications, PyTorch oracle."""

import numpy as np
import pytest
import sympy as sp

from convproof.errors import ConvProofError
from convproof.nn import losses as L


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_softmax_ce_gradient(n):
    assert L.prove_softmax_ce_gradient(n)


def test_sigmoid_bce_gradient():
    assert L.prove_sigmoid_bce_gradient()


@pytest.mark.parametrize("n,d", [(1, 1), (2, 2), (3, 1)])
def test_logistic_gradient(n, d):
    assert L.prove_logistic_gradient(n, d)


def test_symbolic_gradients():
    assert sp.simplify(L.loss_gradient("mse") - 2 * (L.Y - L.T)) == 0
    assert sp.simplify(L.loss_gradient("bce") - (L.Y - L.T) / (L.Y * (1 - L.Y))) == 0
    # MAE: sign(y - t) away from y = t
    g = L.loss_gradient("mae").subs({L.Y: 3, L.T: 1})
    assert g == 1


@pytest.mark.parametrize("name,fn,grad", [("mse", L.mse, L.mse_grad), ("mae", L.mae, L.mae_grad),
                                          ("bce", L.bce, L.bce_grad), ("ce", L.cross_entropy, L.cross_entropy_grad)])
def test_numeric_gradient_vs_finite_differences(name, fn, grad):
    rng = np.random.default_rng(1)
    y = rng.uniform(0.1, 0.9, size=(2, 3))
    t = rng.uniform(0.0, 1.0, size=(2, 3))
    h = 1e-6
    fd = np.zeros_like(y)
    for idx in np.ndindex(y.shape):
        e = np.zeros_like(y)
        e[idx] = h
        fd[idx] = (fn(y + e, t) - fn(y - e, t)) / (2 * h)
    np.testing.assert_allclose(grad(y, t), fd, atol=1e-8)


def test_bad_inputs():
    with pytest.raises(ConvProofError, match="y="):
        L.bce([0.0, 0.5], [0, 1])
    with pytest.raises(ConvProofError, match="t="):
        L.mse([1.0, 2.0], [1.0])
    with pytest.raises(ConvProofError, match="name='hinge'"):
        L.loss_gradient("hinge")


def test_against_torch():
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    rng = np.random.default_rng(2)
    y = rng.uniform(0.05, 0.95, size=(4, 3))
    t = rng.integers(0, 2, size=(4, 3)).astype(float)
    ty = torch.tensor(y, requires_grad=True)
    tt = torch.tensor(t)
    for fn, grad, tfn in ((L.mse, L.mse_grad, F.mse_loss), (L.mae, L.mae_grad, F.l1_loss),
                          (L.bce, L.bce_grad, F.binary_cross_entropy)):
        out = tfn(ty, tt)
        (g,) = torch.autograd.grad(out, ty)
        assert abs(fn(y, t) - out.item()) <= 1e-15 * max(1.0, abs(out.item())) * 8
        np.testing.assert_allclose(grad(y, t), g.numpy(), rtol=1e-13, atol=1e-16)
    # cross-entropy on logits: torch's gradient wrt logits is (softmax - t) / batch
    z = torch.tensor(rng.normal(size=(4, 5)), requires_grad=True)
    labels = torch.tensor([0, 3, 1, 4])
    onehot = np.eye(5)[labels.numpy()]
    out = F.cross_entropy(z, labels)
    (g,) = torch.autograd.grad(out, z)
    from convproof.nn.activations import softmax
    s = softmax(z.detach().numpy(), axis=-1)
    assert abs(L.cross_entropy(s, onehot) - out.item()) < 1e-14
    np.testing.assert_allclose((s - onehot) / 4, g.numpy(), atol=1e-16)
