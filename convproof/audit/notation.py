"""How the audit corpus writes names, indices, matrices and products (plain string building).

A :class:`ItemStyle` fixes the conventions of one item: index base (1 or 0), brace style
(``f_1``, ``f_{1}``), the 2D index separator (``f_{12}`` or ``f_{1,2}``), the transpose mark
(``^T``, ``^\\top``, ``^{\\mathsf{T}}``) and whether the terms of a sum are written in reverse
order.  Unusual but correct notation is part of the corpus: a checker must not call it wrong.

>>> ItemStyle(base=0).name("y", 2)
'y_{1}'
>>> ItemStyle(comma=True).name2("f", 0, 1)
'f_{1,2}'
"""

from __future__ import annotations

from dataclasses import dataclass

from .terms import entry_latex

__all__ = ["ItemStyle", "bmatrix", "column", "product_latex", "random_style"]

TRANSPOSE_MARKS = ("^T", "^\\top", "^{\\mathsf{T}}", "^{T}")


@dataclass(frozen=True)
class ItemStyle:
    """Writing conventions; ``name(letter, i)`` takes a 1-based position ``i``."""

    base: int = 1
    braces: bool = True
    comma: bool = False
    transpose: str = "^T"
    reverse_terms: bool = False
    env: str = "bmatrix"

    def name(self, letter: str, i: int) -> str:
        """``letter`` with the 1-based position ``i`` written in this notation."""
        idx = i - 1 + self.base
        if not self.braces and 0 <= idx <= 9:
            return f"{letter}_{idx}"
        return f"{letter}_{{{idx}}}"

    def name2(self, letter: str, r: int, c: int) -> str:
        """``letter`` with the 0-based 2D position ``(r, c)`` written in this notation."""
        a, b = r + self.base, c + self.base
        sep = "," if self.comma or a > 9 or b > 9 else ""
        return f"{letter}_{{{a}{sep}{b}}}"

    def entry(self, entry: tuple) -> str:
        """An entry, terms reversed when the notation says so (the same sum)."""
        return entry_latex(tuple(reversed(entry)) if self.reverse_terms else entry)


def random_style(rng) -> ItemStyle:
    """A notation drawn with ``rng``: mostly the plain one, sometimes an unusual one."""
    if rng.random() < 0.5:
        return ItemStyle(braces=rng.random() < 0.5)
    return ItemStyle(base=rng.choice((0, 1)), braces=rng.random() < 0.5, comma=rng.random() < 0.5,
                    transpose=rng.choice(TRANSPOSE_MARKS), reverse_terms=rng.random() < 0.5,
                    env=rng.choice(("bmatrix", "pmatrix")))


def bmatrix(rows: list, note: ItemStyle) -> str:
    """A matrix of entries as a ``bmatrix`` (or ``pmatrix``)."""
    body = " \\\\ ".join(" & ".join(note.entry(e) for e in row) for row in rows)
    return f"\\begin{{{note.env}}} {body} \\end{{{note.env}}}"


def column(entries: list, note: ItemStyle) -> str:
    """A column vector of entries."""
    return bmatrix([[e] for e in entries], note)


def product_latex(matrix: list, vector: list, result: list, note: ItemStyle,
                  transposed_from: list | None = None) -> str:
    """``M v = r``; with ``transposed_from`` the matrix is written as ``[T]^T`` instead of ``M``."""
    left = bmatrix(transposed_from, note) + note.transpose if transposed_from is not None \
        else bmatrix(matrix, note)
    return f"{left} {column(vector, note)} = {column(result, note)}"
