r"""One spec's symbolic objects, printed in lecture notation: the building blocks of every report.

A :class:`Derivation` asks :mod:`convproof.symbolic` for the symbols, the Toeplitz matrix, the
transposed matrix, im2col and the gradients of one spec, and turns them into LaTeX with a
:class:`~convproof.latex.printer.LecturePrinter` (so the notation options apply), eliding
anything larger than ``max_size``.

>>> from convproof import ConvSpec
>>> d = Derivation(ConvSpec(5, 3), LECTURE.replace(layer=None))
>>> d.tex(d.Ty()[0])
'f_{1} y_{1} + f_{2} y_{2} + f_{3} y_{3}'
>>> print(d.matrix(d.T()))
\begin{bmatrix} f_{1} & f_{2} & f_{3} & 0 & 0 \\ 0 & f_{1} & f_{2} & f_{3} & 0 \\ 0 & 0 & f_{1} & f_{2} & f_{3} \end{bmatrix}
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any, Sequence

import numpy as np
import sympy as sp

from .. import symbolic as S
from ..geometry import ConvSpec
from ..latex.matrix import aligned_latex, matrix_latex, shown_indices, vector_latex
from ..notation import LECTURE, Notation
from ..latex.printer import LecturePrinter, SymbolTable
from ..verify.spec_checks import vec

__all__ = ["Derivation", "visible_len"]

LINE_BUDGET = 64  # visible characters per displayed line, a conservative fit for 17 cm at 11pt


def visible_len(tex: str) -> int:
    r"""Rough printed width of a LaTeX snippet in characters (commands count as one).

    >>> visible_len(r"f_{1} y_{1}^{(l)}"), visible_len(r"\delta_{12}")
    (7, 3)
    """
    return len(re.sub(r"[{}_^ ]", "", re.sub(r"\\[A-Za-z]+", "#", tex)))


class Derivation:
    """Symbolic objects of ``spec`` with printing helpers (``order`` is the ``vec`` order)."""

    def __init__(self, spec: ConvSpec, notation: Notation | None = None, max_size: int = 10,
                 order: str = "C") -> None:
        self.spec, self.notation, self.max_size, self.order = spec, notation or LECTURE, max_size, order
        nd = spec.ndim
        self.y, self.f = S.input_symbols(spec), S.kernel_symbols(spec)
        self.z, self.g, self.b = S.output_symbols(spec), S.grad_output_symbols(spec), S.bias_symbols(spec)
        self.table = (SymbolTable().add("input", self.y, nd).add("kernel", self.f, nd, spec.groups)
                      .add("output", self.z, nd).add("grad", self.g, nd).add("bias", self.b, 0))
        self.printer = LecturePrinter(self.table, self.notation)

    # -- printing ---------------------------------------------------------------------------
    def tex(self, expr: Any) -> str:
        return self.printer.doprint(sp.sympify(expr))

    def terms(self, expr: Any) -> list[str]:
        return self.printer.terms(expr)

    def matrix(self, M: Any, env: str = "bmatrix") -> str:
        return matrix_latex(M, self.tex, self.max_size, self.max_size, env)

    def column(self, values: Sequence[Any]) -> str:
        return vector_latex(list(values), self.tex, self.max_size)

    def per_line(self, rows: Sequence[Sequence[str]]) -> int:
        widest = max((visible_len(t) for r in rows for t in r), default=1) + 3
        return max(1, LINE_BUDGET // widest)

    def entries(self, lhs: Sequence[Any], rhs: Sequence[Any], relation: str = "=") -> str:
        """``lhs_i = rhs_i`` for each entry, aligned, long sums wrapped, middle rows elided.

        Only the rows that are shown are printed (the elided ones become one ``\\vdots`` line).
        """
        shown = [i for i in shown_indices(len(rhs), self.max_size) if i is not None]
        terms = {i: self.terms(rhs[i]) for i in shown}
        rows = [((self.tex(lhs[i]) if not isinstance(lhs[i], str) else lhs[i]), terms[i]) if i in terms
                else ("", []) for i in range(len(rhs))]
        return aligned_latex(rows, self.max_size, self.per_line(list(terms.values())), relation)

    # -- objects from convproof.symbolic ----------------------------------------------------
    def vec(self, a: np.ndarray) -> list:
        return vec(a, self.order)

    @cached_property
    def _T(self) -> sp.SparseMatrix:
        return S.toeplitz(self.spec, order=self.order)

    def T(self, padded: bool = False) -> sp.SparseMatrix:
        return S.toeplitz(self.spec, padded=True, order=self.order) if padded else self._T

    def Ty(self) -> list:
        """``T vec(y)`` entry by entry (exact SymPy)."""
        return S.matrices.sparse_matvec(self._T, self.vec(self.y))

    @cached_property
    def Tt(self) -> sp.SparseMatrix:
        """Matrix of the transposed convolution (``T^T`` when output padding restores the input)."""
        M = S.transposed_matrix(self.spec)
        if self.order == "F":
            M = self._reorder_transposed(M)
        return M

    def _reorder_transposed(self, M: sp.SparseMatrix) -> sp.SparseMatrix:
        out_c = S.matrices.reorder(np.arange(M.rows), self.spec.in_channels,
                                   self.spec.transposed_output_size, "F")
        in_c = S.matrices.reorder(np.arange(M.cols), self.spec.out_channels, self.spec.output_size, "F")
        dok = {(int(out_c[r]), int(in_c[c])): v for (r, c), v in M.todok().items()}
        return sp.SparseMatrix(M.rows, M.cols, dok)

    def Ttz(self) -> list:
        return S.matrices.sparse_matvec(self.Tt, self.vec(self.z))

    def transposed_symbols(self) -> list:
        """Left-hand sides of ``T^T z``: input symbols when the size is restored, else fresh ones."""
        if self.spec.transposed_output_size == self.spec.input_size:
            return self.vec(self.y)
        canvas = self.spec.replace(input_size=self.spec.transposed_output_size, output_padding=0)
        ys = S.input_symbols(canvas)
        self.table.add("input", ys, self.spec.ndim)
        self.printer = LecturePrinter(self.table, self.notation)
        return vec(ys, self.order)

    @cached_property
    def grads(self) -> S.Gradients:
        return S.gradients(self.spec, "closed")

    @cached_property
    def loss(self) -> sp.Expr:
        return sp.Add(*[gi * zi for gi, zi in zip(self.g.ravel(), self.z.ravel())])

    def im2col(self, y: Any = None) -> sp.Matrix:
        return S.im2col(self.spec, y)

    def numbered_input(self) -> np.ndarray:
        """Input holding 1, 2, ... in C order (seed 000 table 1)."""
        n = self.y.size
        return np.arange(1, n + 1, dtype=object).reshape(self.y.shape)

    def _repr_latex_(self) -> str:
        """Jupyter: ``T`` and ``z = T y`` entry by entry, as display math."""
        T = f"{self.mname('T')} = {self.matrix(self.T())}"
        return f"$$\n{T}\n$$\n$$\n{self.entries(self.vec(self.z), self.Ty())}\n$$\n"

    # -- names ------------------------------------------------------------------------------
    def vname(self, role: str, capital: bool = False) -> str:
        return self.notation.vector(role, capital)

    def mname(self, letter: str) -> str:
        return self.notation.matrix(letter)
