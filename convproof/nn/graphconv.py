"""Spectral graph convolution of seed 003: ``X^ = U Lambda_theta U^T X``, exact on small graphs.

``L = D - A`` is the graph Laplacian, ``L = U diag(lambda) U^T`` with orthonormal eigenvectors
(columns of ``U``), ``Lambda_theta = diag(theta_1..theta_n)`` the learned kernel.  Facts checked:

1. ``U^T U = I`` and ``U diag(lambda) U^T = L`` (exact, SymPy eigenvectors + Gram-Schmidt per
   eigenspace; path and cycle graphs have eigenvalues ``2 - 2 cos(pi k / n)`` / ``2 - 2 cos(2 pi k/n)``,
   rational or quadratic surds for small ``n``).
2. The filter ``U Lambda_theta U^T`` commutes with ``L`` for every diagonal ``Lambda_theta``.
3. If ``theta_i = sum_k c_k lambda_i^k`` (a polynomial of the eigenvalue), then
   ``U Lambda_theta U^T = sum_k c_k L^k`` -- a polynomial filter, independent of the choice of ``U``.
4. Conversely, with a repeated eigenvalue (e.g. the 4-cycle, ``lambda = 2`` twice) a general
   ``Lambda_theta`` with different ``theta`` on that eigenspace is *not* a polynomial in ``L`` and
   depends on the chosen eigenbasis (:func:`basis_dependent_example`).
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from ..errors import fail
from ..values import as_value

__all__ = ["path_laplacian", "cycle_laplacian", "orthonormal_eigenbasis", "spectral_filter", "graph_conv",
           "polynomial_filter", "prove_graph_conv", "basis_dependent_example", "graph_conv_numeric"]


def _laplacian(n: int, cycle: bool) -> sp.Matrix:
    if n < (3 if cycle else 2):
        raise fail("n", n, f"a {'cycle' if cycle else 'path'} graph needs n >= {3 if cycle else 2}")
    A = sp.zeros(n, n)
    for i in range(n - 1):
        A[i, i + 1] = A[i + 1, i] = 1
    if cycle:
        A[0, n - 1] = A[n - 1, 0] = 1
    return sp.diag(*[sum(A.row(i)) for i in range(n)]) - A


def path_laplacian(n: int) -> sp.Matrix:
    """Laplacian of the path ``1 - 2 - ... - n``.

    >>> path_laplacian(3)
    Matrix([
    [ 1, -1,  0],
    [-1,  2, -1],
    [ 0, -1,  1]])
    """
    return _laplacian(n, False)


def cycle_laplacian(n: int) -> sp.Matrix:
    """Laplacian of the cycle on ``n`` vertices."""
    return _laplacian(n, True)


def orthonormal_eigenbasis(L: sp.Matrix) -> tuple[sp.Matrix, list[sp.Expr]]:
    """``(U, eigenvalues)`` with orthonormal columns, eigenvalues ascending (exact).

    >>> U, lam = orthonormal_eigenbasis(path_laplacian(3))
    >>> lam
    [0, 1, 3]
    """
    if not L.is_symmetric():
        raise fail("L", L.shape, "must be a symmetric matrix (an undirected graph's Laplacian)")
    cols, lams = [], []
    for lam, _, vecs in sorted(L.eigenvects(), key=lambda e: float(e[0])):
        for v in sp.GramSchmidt(vecs, orthonormal=True):
            cols.append(v.applyfunc(lambda e: sp.radsimp(sp.sqrtdenest(sp.radsimp(e)))))
            lams.append(lam)
    return sp.Matrix.hstack(*cols), lams


def spectral_filter(U: sp.Matrix, theta) -> sp.Matrix:
    """``U diag(theta) U^T``."""
    return (U * sp.diag(*[as_value("theta", t) for t in theta]) * U.T).applyfunc(sp.simplify)


def graph_conv(U: sp.Matrix, theta, X: sp.Matrix) -> sp.Matrix:
    """Seed 003, eq. (1): ``X^ = U Lambda_theta U^T X``."""
    return spectral_filter(U, theta) * X


def polynomial_filter(L: sp.Matrix, coeffs) -> sp.Matrix:
    """``sum_k c_k L^k``.

    >>> polynomial_filter(path_laplacian(2), [1, 1])
    Matrix([
    [ 2, -1],
    [-1,  2]])
    """
    out = sp.zeros(*L.shape)
    power = sp.eye(L.shape[0])
    for c in coeffs:
        out += as_value("coeffs", c) * power
        power = power * L
    return out


def prove_graph_conv(L: sp.Matrix, degree: int = 2) -> dict[str, bool]:
    """Facts 1-3 of the module docstring for ``L``, with symbolic ``theta`` and ``c_0..c_degree``."""
    U, lam = orthonormal_eigenbasis(L)
    n = L.shape[0]
    zero = lambda M: all(sp.simplify(sp.sqrtdenest(sp.expand(e))) == 0 for e in M)
    theta = sp.symbols(f"theta_1:{n + 1}", real=True)
    c = sp.symbols(f"c_0:{degree + 1}", real=True)
    K = spectral_filter(U, theta)
    poly_theta = [sum(ck * lv ** k for k, ck in enumerate(c)) for lv in lam]
    return {"orthonormal": zero(U.T * U - sp.eye(n)),
            "diagonalizes": zero(U * sp.diag(*lam) * U.T - L),
            "commutes": zero(L * K - K * L),
            "polynomial": zero(spectral_filter(U, poly_theta) - polynomial_filter(L, c))}


def basis_dependent_example() -> dict[str, object]:
    """4-cycle (``lambda = 2`` twice): two orthonormal eigenbases give different filters for the same
    ``theta``, and that filter is not of the form ``sum c_k L^k``.

    >>> ex = basis_dependent_example()
    >>> ex["filters_differ"], ex["is_polynomial"]
    (True, False)
    """
    L = cycle_laplacian(4)
    U, lam = orthonormal_eigenbasis(L)
    i, j = [k for k, v in enumerate(lam) if v == 2]
    cos, sin = sp.Rational(3, 5), sp.Rational(4, 5)          # rotate inside the eigenspace
    V = U.copy()
    V[:, i], V[:, j] = cos * U[:, i] + sin * U[:, j], -sin * U[:, i] + cos * U[:, j]
    theta = [sp.Integer(k) for k in range(len(lam))]          # 0, 1, 2, 3: different on the eigenspace
    K_U, K_V = spectral_filter(U, theta), spectral_filter(V, theta)
    c = sp.symbols("c_0:4")
    eqs = list(polynomial_filter(L, c) - K_U)
    return {"L": L, "U": U, "V": V, "theta": theta, "filters_differ": K_U != K_V,
            "is_polynomial": bool(sp.solve(eqs, c, dict=True))}


def graph_conv_numeric(L: np.ndarray, theta: np.ndarray, X: np.ndarray) -> np.ndarray:
    """Float ``U diag(theta) U^T X`` with ``numpy.linalg.eigh`` (eigenvalues ascending)."""
    L = np.asarray(L, dtype=float)
    if L.ndim != 2 or L.shape[0] != L.shape[1] or not np.allclose(L, L.T):
        raise fail("L", L.shape, "must be a symmetric square matrix")
    _, U = np.linalg.eigh(L)
    return U @ np.diag(np.asarray(theta, dtype=float)) @ U.T @ np.asarray(X, dtype=float)
