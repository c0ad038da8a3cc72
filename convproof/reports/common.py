r"""Small helpers shared by the reports: symbol vectors, tabulars, size formulas, check lines.

>>> pair((1, 2))
'(1, 2)'
>>> tabular("lr", ["a", "b"], [["1", "2"]])
'\\begin{tabular}{lr}\n\\toprule\na & b \\\\\n\\midrule\n1 & 2 \\\\\n\\bottomrule\n\\end{tabular}'
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import sympy as sp

from ..geometry import ConvSpec
from ..latex.document import tr

__all__ = ["col", "symbol_array", "pair", "tabular", "size_lines", "check_item", "cross"]


def symbol_array(name: str, shape: Sequence[int] | int) -> np.ndarray:
    """An object array of SymPy symbols named ``name_i_j`` (0-based; printing renames them)."""
    shape = (shape,) if isinstance(shape, int) else tuple(shape)
    out = np.empty(shape, dtype=object)
    for idx in np.ndindex(*shape):
        out[idx] = sp.Symbol(f"{name}_" + "_".join(map(str, idx)))
    return out


def col(width: str) -> str:
    """A ragged-right paragraph column of ``width`` for :func:`tabular`."""
    return r">{\raggedright\arraybackslash}p{%s}" % width


def pair(p: Sequence[int]) -> str:
    return f"({p[0]}, {p[1]})"


def cross(sizes: Sequence[int]) -> str:
    r"""``4 \times 4``."""
    return r" \times ".join(map(str, sizes))


def tabular(cols: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A booktabs ``tabular``."""
    body = "".join(" & ".join(r) + " \\\\\n" for r in rows)
    return (f"\\begin{{tabular}}{{{cols}}}\n\\toprule\n" + " & ".join(header) + " \\\\\n\\midrule\n"
            + body + "\\bottomrule\n\\end{tabular}")


def size_lines(spec: ConvSpec) -> list[str]:
    r"""Per dimension: ``o = \lfloor (i + p_lo + p_hi - d(k-1) - 1)/s \rfloor + 1 = ... = o``.

    >>> size_lines(ConvSpec(5, 3, stride=2, padding=1))[0]
    'o &= \\left\\lfloor \\frac{5 + 1 + 1 - 1 \\cdot (3 - 1) - 1}{2} \\right\\rfloor + 1 = 3'
    """
    out = []
    for ax, (i, k, s, (lo, hi), d, o) in enumerate(zip(spec.input_size, spec.kernel_size, spec.stride,
                                                        spec.padding, spec.dilation, spec.output_size)):
        lhs = "o" if spec.ndim == 1 else f"o_{{{ax + 1}}}"
        frac = rf"\frac{{{i} + {lo} + {hi} - {d} \cdot ({k} - 1) - 1}}{{{s}}}"
        out.append(rf"{lhs} &= \left\lfloor {frac} \right\rfloor + 1 = {o}")
    return out


def check_item(lang: str, ok: bool, text: str) -> str:
    """One line of a 'verified' box: a tick (or a cross) and the statement."""
    mark = r"$\checkmark$" if ok else r"\textbf{" + tr(lang, "FAILED", "НЕ ВЫПОЛНЕНО") + "}"
    return f"{mark} {text}"
