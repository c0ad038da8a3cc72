"""Lecture notation: which letters, indices and decorations a lecturer's notes use.

A :class:`Notation` says how to write the objects of a convolution layer:

==================  ===========  ============================================================
field               default      meaning
==================  ===========  ============================================================
``input``           ``y``        input letter (seed 000 writes ``y``; many texts write ``x``)
``kernel``          ``f``        kernel letter (``f``, ``w`` or ``k``)
``output``          ``z``        output letter (pre-activation)
``grad``            ``\\delta``   letter of the upstream gradient ``dL/dz``
``bias``            ``b``        bias letter
``layer``           ``True``     superscripts ``(l)`` on the input, ``(l+1)`` on the output
``base``            ``1``        first index (1 as in lecture notes, 0 as in code)
``bold``            ``True``     ``\\mathbf`` for vectors and matrices
``mul``             ``"juxt"``   ``"juxt"``: ``f_{1} y_{1}``; ``"cdot"``: ``f_{1} \\cdot y_{1}``
==================  ===========  ============================================================

Letters are validated (:mod:`convproof.letters`, the rule of every notation): one or two ASCII
letters, or a Greek letter command such as ``\\xi``, all distinct. Nothing else reaches the LaTeX
output, so a notation cannot inject commands or write two objects with one letter.

Not to be confused with :class:`convproof.symbolic.Notation`, which names the SymPy symbols the
engine creates; this one decides how any registered symbol is *printed*, whatever its name.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence

from ..errors import fail
from ..letters import GREEK, check_letters

__all__ = ["Notation", "GREEK"]

_LETTER_FIELDS = ("input", "kernel", "output", "grad", "bias")
MUL_STYLES = {"juxt": None, "cdot": "dot"}


@dataclass(frozen=True)
class Notation:
    r"""How symbols, vectors and products are written.

    Examples
    --------
    >>> n = Notation()
    >>> n.entry("input", (0,)), n.entry("output", (1, 2)), n.entry("kernel", (0,))
    ('y_{1}^{(l)}', 'z_{23}^{(l+1)}', 'f_{1}')
    >>> Notation(input="x", layer=False, base=0).entry("input", (0, 11))
    'x_{0,11}'
    >>> n.vector("input"), Notation(bold=False).matrix("T")
    ('\\mathbf{y}^{(l)}', 'T')
    """

    input: str = "y"
    kernel: str = "f"
    output: str = "z"
    grad: str = r"\delta"
    bias: str = "b"
    layer: bool = True
    base: int = 1
    bold: bool = True
    mul: str = "juxt"

    def __post_init__(self) -> None:
        check_letters({name: getattr(self, name) for name in _LETTER_FIELDS})
        if self.base not in (0, 1):
            raise fail("base", self.base, "indices start at 0 or 1")
        if self.mul not in MUL_STYLES:
            raise fail("mul", self.mul, f"must be one of {sorted(MUL_STYLES)}")
        for name in ("layer", "bold"):
            if not isinstance(getattr(self, name), bool):
                raise fail(name, getattr(self, name), "must be True or False")

    def replace(self, **changes) -> "Notation":
        """A copy with some fields changed (validated again)."""
        return replace(self, **changes)

    # -- pieces ------------------------------------------------------------------------
    def letter(self, role: str) -> str:
        """The letter of ``role``: one of input, kernel, output, grad, bias."""
        if role not in _LETTER_FIELDS:
            raise fail("role", role, f"must be one of {list(_LETTER_FIELDS)}")
        return getattr(self, role)

    def layer_mark(self, role: str) -> str:
        """``(l)`` for input-side objects, ``(l+1)`` for output-side ones, ``''`` without layers."""
        if not self.layer or role in ("kernel", "bias"):
            return ""
        return "(l+1)" if role in ("output", "grad") else "(l)"

    def index(self, idx: Sequence[int], wide: bool | None = None) -> str:
        """Indices shifted to ``base``; concatenated when all are one digit, else comma-joined."""
        shifted = [str(int(i) + self.base) for i in idx]
        if wide is None:
            wide = any(len(s) > 1 for s in shifted)
        return ("," if wide else "").join(shifted)

    def entry(self, role: str, idx: Sequence[int], upper: Sequence[int] = (),
              wide: bool | None = None) -> str:
        """LaTeX of one scalar, e.g. ``y_{12}^{(l)}``; ``upper`` are channel indices (``F^{mk}``)."""
        if len(upper) == 3:  # grouped kernel F^{s,m'k'} (seed 001)
            sup = [self.index(upper[:1], wide) + "," + self.index(upper[1:], wide)]
        else:
            sup = [self.index(upper, wide)] if upper else []
        if self.layer_mark(role):
            sup.append(self.layer_mark(role))
        sub = "_{" + self.index(idx, wide) + "}" if idx else ""
        sup_tex = "^{" + ",".join(sup) + "}" if sup else ""
        # channel superscripts come first, as in F^{mk}_{uv}; a lone layer mark follows: y_{1}^{(l)}
        return self.letter(role) + (sup_tex + sub if upper else sub + sup_tex)

    def bf(self, letter: str) -> str:
        r"""``\mathbf{letter}`` (``\boldsymbol`` for Greek) when ``bold`` is on, else the letter."""
        if not self.bold:
            return letter
        return (r"\boldsymbol{%s}" if letter.startswith("\\") else r"\mathbf{%s}") % letter

    def vector(self, role: str, capital: bool = False, hat: bool = False, extra: str = "") -> str:
        r"""The whole vector (or map, with ``capital``) of a role, e.g. ``\mathbf{y}^{(l)}``.

        ``hat`` puts a hat on the letter (im2col's ``\hat{\mathbf{Y}}``); ``extra`` is appended to
        the superscript, e.g. ``"T"`` for ``\hat{\mathbf{Y}}^{(l)T}``.
        """
        letter = self.letter(role)
        if capital and not letter.startswith("\\"):
            letter = letter.upper()
        tex = self.bf(letter)
        if hat:
            tex = r"\hat{%s}" % tex
        sup = self.layer_mark(role) + extra
        return tex + ("^{" + sup + "}" if sup else "")

    def matrix(self, name: str) -> str:
        """A named matrix such as ``T``."""
        return self.bf(name)

    @property
    def mul_symbol(self) -> str | None:
        """The ``mul_symbol`` setting of SymPy's LaTeX printer."""
        return MUL_STYLES[self.mul]

    @property
    def times(self) -> str:
        """What separates two factors written by hand."""
        return r" \cdot " if self.mul == "cdot" else " "
