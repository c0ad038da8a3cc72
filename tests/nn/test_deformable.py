"""Deformable convolution: numeric (4-neighbour) vs symbolic (seed's G over the grid) exactly,
finite differences, and torch grid_sample as an independent bilinear sampler (torchvision is absent)."""

from fractions import Fraction
from itertools import product

import numpy as np
import pytest
import sympy as sp

from convproof.errors import ConvProofError
from convproof.nn.deformable import G, bilinear, deform_conv, deform_conv_backward, deform_conv_symbolic


def _frac(rng, shape, lo, hi, den=1):
    return np.array([Fraction(int(v), den) for v in rng.integers(lo, hi + 1, size=int(np.prod(shape)))],
                    dtype=object).reshape(shape)


def _noninteger_offsets(rng, shape):
    # numerators not divisible by 7: sampling coordinates are never integers (no kinks)
    num = rng.integers(1, 6, size=shape) * rng.choice([-1, 1], size=shape) + 7 * rng.integers(-1, 1, size=shape)
    return np.array([Fraction(int(v), 7) for v in num.ravel()], dtype=object).reshape(shape)


@pytest.mark.parametrize("per_position", [False, True])
def test_symbolic_equals_numeric_exactly(per_position):
    rng = np.random.default_rng(1 + per_position)
    H, W, p, q = (3, 3, 2, 2) if not per_position else (3, 2, 2, 1)
    ho, wo = H - p + 1, W - q + 1
    X, F = _frac(rng, (1, H, W), -4, 4), _frac(rng, (1, 1, p, q), -3, 3)
    off = _noninteger_offsets(rng, (2, p, q) + ((ho, wo) if per_position else ()))
    g = _frac(rng, (1, ho, wo), -2, 2)
    d = deform_conv_symbolic(H, W, p, q, per_position=per_position)
    offsyms = {}
    for k, name in enumerate("op"):
        for u, v in product(range(p), range(q)):
            for i, j in (product(range(ho), range(wo)) if per_position else [(0, 0)]):
                at = (k, u, v, i, j) if per_position else (k, u, v)
                offsyms[at] = d["offset"](name, u, v, i, j)
    subs = {d["X"][s, t]: sp.Rational(X[0, s, t]) for s, t in product(range(H), range(W))}
    subs |= {d["F"][u, v]: sp.Rational(F[0, 0, u, v]) for u, v in product(range(p), range(q))}
    subs |= {sym: sp.Rational(off[at]) for at, sym in offsyms.items()}
    subs[d["b"]] = sp.Rational(1, 2)
    Y = deform_conv(X, F, off, [Fraction(1, 2)])
    assert [[sp.Rational(v) for v in row] for row in Y[0]] == d["Y"].subs(subs).tolist()
    L = sum(sp.Rational(g[0, i, j]) * d["Y"][i, j] for i, j in product(range(ho), range(wo)))
    grads = deform_conv_backward(X, F, off, g)
    off_subs = {sym: subs[sym] for sym in offsyms.values()}
    linear = L.subs(off_subs)                       # linear in X and F once the offsets are fixed
    for s, t in product(range(H), range(W)):
        assert sp.diff(linear, d["X"][s, t]).subs(subs) == grads.input[0, s, t]
    for u, v in product(range(p), range(q)):
        assert sp.diff(linear, d["F"][u, v]).subs(subs) == grads.weight[0, 0, u, v]
    in_offsets = L.subs({k: v for k, v in subs.items() if k not in off_subs})
    for at, sym in offsyms.items():
        assert sp.diff(in_offsets, sym).subs(off_subs) == grads.offsets[at]
    assert sp.diff(L, d["b"]) == grads.bias[0]


def test_zero_offsets_is_plain_convolution():
    from convproof.numeric.reference import conv
    rng = np.random.default_rng(4)
    X, F = rng.integers(-5, 6, size=(2, 5, 4)), rng.integers(-3, 4, size=(3, 2, 3, 2))
    assert np.array_equal(deform_conv(X, F, np.zeros((2, 3, 2), dtype=int)), conv(X[None], F)[0])


def test_integer_offsets_shift_exactly():
    X = np.arange(16).reshape(1, 4, 4)
    F = np.ones((1, 1, 1, 1), dtype=int)
    out = deform_conv(X, F, np.array([1, -1]).reshape(2, 1, 1))
    # Y[i, j] = X[i+1, j-1], zero outside
    expect = np.array([[0 if j == 0 or i == 3 else X[0, i + 1, j - 1] for j in range(4)] for i in range(4)])
    assert np.array_equal(out[0], expect)


def test_G_is_the_four_neighbour_bilinear_weight():
    X = sp.Matrix(3, 3, lambda s, t: 10 * s + t)
    for a, b in ((sp.Rational(1, 3), sp.Rational(5, 4)), (sp.Rational(-1, 2), 2), (sp.Rational(9, 4), -sp.Rational(1, 5))):
        seed = sum(G(s, t, a, b) * X[s, t] for s, t in product(range(3), range(3)))
        ours = bilinear(np.array(X.tolist(), dtype=object), Fraction(str(a)), Fraction(str(b)))
        assert seed == sp.Rational(ours)


@pytest.mark.parametrize("per_position", [False, True])
def test_finite_differences(per_position):
    rng = np.random.default_rng(7)
    X, F, b = rng.normal(size=(2, 5, 5)), rng.normal(size=(3, 2, 2, 3)), rng.normal(size=3)
    shape = (2, 2, 3) + ((4, 3) if per_position else ())
    off = rng.uniform(-1.5, 1.5, size=shape)
    off += 0.3 * (np.abs(off - np.round(off)) < 0.05)   # keep coordinates away from integers
    g = rng.normal(size=(3, 4, 3))
    loss = lambda X_, F_, o_, b_: float(np.sum(g * deform_conv(X_, F_, o_, b_)))
    grads = deform_conv_backward(X, F, off, g)
    h = 1e-6
    for pos, (arr, got) in enumerate(((X, grads.input), (F, grads.weight), (off, grads.offsets), (b, grads.bias))):
        fd = np.zeros_like(arr)
        for idx in np.ndindex(arr.shape):
            e = np.zeros_like(arr)
            e[idx] = h
            args_p, args_m = [X, F, off, b], [X, F, off, b]
            args_p[pos], args_m[pos] = arr + e, arr - e
            fd[idx] = (loss(*args_p) - loss(*args_m)) / (2 * h)
        np.testing.assert_allclose(got, fd, atol=1e-6)


def test_against_torch_grid_sample():
    torch = pytest.importorskip("torch")
    F_ = torch.nn.functional
    rng = np.random.default_rng(9)
    X, F, off = rng.normal(size=(2, 5, 6)), rng.normal(size=(3, 2, 3, 3)), rng.uniform(-1.4, 1.4, size=(2, 3, 3, 3, 4))
    g = rng.normal(size=(3, 3, 4))
    tX = torch.tensor(X[None], requires_grad=True)
    toff = torch.tensor(off, requires_grad=True)
    tF = torch.tensor(F)
    H, W = X.shape[1:]
    ii, jj = torch.meshgrid(torch.arange(3.0, dtype=torch.float64), torch.arange(4.0, dtype=torch.float64), indexing="ij")
    Y = 0
    for u, v in product(range(3), range(3)):
        rows, cols = ii + u + toff[0, u, v], jj + v + toff[1, u, v]
        grid = torch.stack([2 * cols / (W - 1) - 1, 2 * rows / (H - 1) - 1], dim=-1)[None]
        sample = F_.grid_sample(tX, grid, mode="bilinear", padding_mode="zeros", align_corners=True)[0]
        Y = Y + torch.einsum("kc,cij->kij", tF[:, :, u, v], sample)
    (Y * torch.tensor(g)).sum().backward()
    ours = deform_conv(X, F, off)
    grads = deform_conv_backward(X, F, off, g)
    np.testing.assert_allclose(ours, Y.detach().numpy(), atol=1e-13)
    np.testing.assert_allclose(grads.input, tX.grad[0].numpy(), atol=1e-13)
    np.testing.assert_allclose(grads.offsets, toff.grad.numpy(), atol=1e-12)


@pytest.mark.parametrize("args,match", [
    ((np.zeros((4, 4)), np.zeros((1, 1, 2, 2)), np.zeros((2, 2, 2))), "input="),
    ((np.zeros((1, 4, 4)), np.zeros((1, 2, 2, 2)), np.zeros((2, 2, 2))), "weight="),
    ((np.zeros((1, 4, 4)), np.zeros((1, 1, 2, 2)), np.zeros((2, 3, 3))), "offsets="),
    ((np.zeros((1, 2, 2)), np.zeros((1, 1, 3, 3)), np.zeros((2, 3, 3))), "larger than"),
])
def test_bad_inputs(args, match):
    with pytest.raises(ConvProofError, match=match):
        deform_conv(*args)
