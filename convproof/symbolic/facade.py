"""``Conv``: one spec and one notation, every construction a method away (for a REPL or Jupyter)."""

from __future__ import annotations

from math import prod
from typing import Any, Optional

import numpy as np
import sympy as sp

from ..errors import fail
from ..geometry import ConvSpec
from . import backprop, forward, matrices, proofs, symbols, transpose
from .indexmap import IndexMap, index_map

__all__ = ["Conv", "Proofs"]


class Proofs(list):
    """The list of :class:`~convproof.symbolic.proofs.ProofResult` of one spec; renders as a table.

    Examples
    --------
    >>> ps = Conv(input_size=4, kernel_size=2).prove()
    >>> ps.holds, [p.name for p in ps]
    (True, ['forward', 'transposed', 'backprop', 'weight_sharing'])
    """

    @property
    def holds(self) -> bool:
        """Every proof holds."""
        return all(p.holds for p in self)

    def _repr_markdown_(self) -> str:
        rows = [f"| {p.name} | {'holds' if p.holds else '**fails**'} | {' = '.join(p.routes)} |" for p in self]
        return "\n".join(["| proof | verdict | routes compared exactly |", "|---|---|---|", *rows])


class Conv:
    """A convolution layer seen symbolically.

    Parameters
    ----------
    spec : ConvSpec, optional
        The layer; or give the ``ConvSpec`` keyword arguments directly.
    notation : Notation, optional
        Letters, index base and layer label of the symbols.

    Examples
    --------
    >>> c = Conv(input_size=5, kernel_size=3, padding=1)
    >>> c.T.shape
    (5, 5)
    >>> c.z()[0, 0]
    f_{2}*y_{1} + f_{3}*y_{2}
    >>> c.prove()[0].holds
    True
    >>> c._repr_latex_()[:41]
    '$\\\\text{1D conv 5, kernel 3, stride 1, pad'
    """

    def __init__(self, spec: Optional[ConvSpec] = None, notation: symbols.Notation = symbols.DEFAULT,
                 **spec_kwargs: Any) -> None:
        if not isinstance(notation, symbols.Notation):  # its letters are checked when it is made
            raise fail("notation", notation, "must be a convproof.symbolic.Notation")
        self.spec = spec if spec is not None else ConvSpec(**spec_kwargs)
        self.notation = notation

    def __repr__(self) -> str:
        return f"Conv({self.spec.describe()})"

    # -- symbols -------------------------------------------------------------------
    @property
    def y(self) -> np.ndarray:
        """Input symbols ``(C_in, *input_size)``."""
        return symbols.input_symbols(self.spec, self.notation)

    @property
    def f(self) -> np.ndarray:
        """Kernel symbols ``(C_out, C_in/groups, *k)``."""
        return symbols.kernel_symbols(self.spec, self.notation)

    @property
    def b(self) -> np.ndarray:
        """Bias symbols ``(C_out,)``."""
        return symbols.bias_symbols(self.spec, self.notation)

    @property
    def g(self) -> np.ndarray:
        """Upstream-gradient symbols ``(C_out, *output_size)``."""
        return symbols.grad_output_symbols(self.spec, self.notation)

    # -- matrices ------------------------------------------------------------------
    @property
    def T(self) -> sp.SparseMatrix:
        """Convolution matrix on the unpadded input."""
        return matrices.toeplitz(self.spec, notation=self.notation)

    def toeplitz(self, padded: bool = False, order: str = "C") -> sp.SparseMatrix:
        """See :func:`convproof.symbolic.matrices.toeplitz`."""
        return matrices.toeplitz(self.spec, padded=padded, order=order, notation=self.notation)

    def im2col(self, group: Optional[int] = None) -> sp.Matrix:
        """See :func:`convproof.symbolic.matrices.im2col`."""
        return matrices.im2col(self.spec, notation=self.notation, group=group)

    @property
    def W(self) -> sp.Matrix:
        """``weight.reshape(C_out, -1)``."""
        return matrices.weight_matrix(self.spec, self.notation)

    @property
    def index_map(self) -> IndexMap:
        return index_map(self.spec)

    # -- operations ----------------------------------------------------------------
    def z(self, method: str = "direct", bias: bool = False) -> np.ndarray:
        """Forward output ``(C_out, *output_size)`` (with bias symbols when ``bias``)."""
        b = self.b if bias else None
        return forward.conv(self.spec, bias=b, notation=self.notation, method=method)

    def transposed(self, method: str = "matrix") -> np.ndarray:
        """Transposed convolution of the output symbols."""
        return transpose.conv_transpose(self.spec, notation=self.notation, method=method)

    def gradients(self, method: str = "collect") -> backprop.Gradients:
        """``dL/dy, dL/df, dL/db`` of ``L = sum(g*z)``."""
        return backprop.gradients(self.spec, method=method, notation=self.notation)

    def prove(self, method: str = "symbolic") -> Proofs:
        """Every route comparison of :func:`convproof.symbolic.proofs.prove_all` (a list)."""
        return Proofs(proofs.prove_all(self.spec, method))

    def _repr_latex_(self) -> str:
        rows = self.spec.out_channels * prod(self.spec.output_size)
        shape = r"%d \times %d" % (rows, self.spec.in_channels * prod(self.spec.input_size))
        return (r"$\text{%s}:\quad \operatorname{vec}(z) = T \operatorname{vec}(y),\ T \in \mathbb{R}^{%s}$"
                % (self.spec.describe(), shape))
