r"""The one notation: which letters, indices and decorations a lecturer's notes use.

A :class:`Notation` names the SymPy symbols the symbolic engine creates (:mod:`convproof.symbolic`:
``y_{12}``, ``f^{mk}_{uv}``, ``z_{1}^{(l+1)}``) and decides how the LaTeX layer prints any
registered symbol (:mod:`convproof.latex`: vectors, products, layer marks), so both read the same
object:

==================  ===========  ============================================================
field               default      meaning
==================  ===========  ============================================================
``input``           ``y``        input letter (seed 000 writes ``y``; many texts write ``x``)
``kernel``          ``f``        kernel letter (``f``, ``w`` or ``k``)
``output``          ``z``        output letter (pre-activation)
``grad``            ``g``        letter of the upstream gradient ``dL/dz`` (lectures: ``\delta``)
``bias``            ``b``        bias letter
``base``            ``1``        first index (1 as in lecture notes, 0 as in code)
``sep``             ``None``     between indices: ``None`` joins one-digit indices, else commas
``layer``           ``None``     layer label ``l`` of the input: ``y_{1}^{(l)}``, ``z_{1}^{(l+1)}``
``bold``            ``True``     ``\mathbf`` for vectors and matrices (printing)
``mul``             ``"juxt"``   ``"juxt"``: ``f_{1} y_{1}``; ``"cdot"``: ``f_{1} \cdot y_{1}`` (printing)
==================  ===========  ============================================================

:data:`LECTURE` is the notation of the reports and ``convproof report`` (``\delta`` for the
gradient, layer ``l``); ``Notation()`` is the one of ``convproof symbolic``.

Letters are validated (:mod:`convproof.letters`, the rule of every notation): one or two ASCII
letters, or a Greek letter command such as ``\xi``, all distinct. Nothing else reaches a symbol
name or the LaTeX output, so a notation cannot inject commands or write two objects with one letter.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Optional, Sequence

from .errors import fail
from .letters import check_layer, check_letters

__all__ = ["Notation", "LECTURE", "check_notation"]

LETTER_FIELDS = ("input", "kernel", "output", "grad", "bias")
MUL_STYLES = {"juxt": None, "cdot": "dot"}
SEPARATORS = (None, "", ",", ";")


@dataclass(frozen=True)
class Notation:
    r"""Letters, index base and separator, layer label, and how vectors and products are printed.

    Parameters
    ----------
    input, kernel, output, grad, bias : str
        Base letters (defaults ``y``, ``f``, ``z``, ``g``, ``b``), e.g. ``"x"``, ``"w"``, ``r"\delta"``:
        one or two ASCII letters or a Greek letter command, all distinct (:mod:`convproof.letters`).
    base : int
        ``1`` (lecture default) or ``0``.
    sep : str or None
        Separator between indices; ``None`` means ``""`` when all indices are one digit, else ``","``.
    layer : str, int or None
        Layer label ``l`` of the input; outputs and upstream gradients get ``l+1``
        (:func:`convproof.letters.check_layer`); ``None``: no layer marks.
    bold : bool
        ``\mathbf`` (``\boldsymbol`` for Greek) for whole vectors and matrices.
    mul : str
        ``"juxt"`` or ``"cdot"``: how a printed product separates its factors.

    Examples
    --------
    >>> n = LECTURE
    >>> n.entry("input", (0,)), n.entry("output", (1, 2)), n.entry("kernel", (0,))
    ('y_{1}^{(l)}', 'z_{23}^{(l+1)}', 'f_{1}')
    >>> Notation(input="x", base=0).entry("input", (0, 11))
    'x_{0,11}'
    >>> n.vector("input"), Notation(bold=False).matrix("T")
    ('\\mathbf{y}^{(l)}', 'T')
    """

    input: str = "y"
    kernel: str = "f"
    output: str = "z"
    grad: str = "g"
    bias: str = "b"
    base: int = 1
    sep: Optional[str] = None
    layer: Any = None
    bold: bool = True
    mul: str = "juxt"

    def __post_init__(self) -> None:
        if isinstance(self.base, bool) or self.base not in (0, 1):
            raise fail("base", self.base, "must be 0 or 1")
        check_letters({name: getattr(self, name) for name in LETTER_FIELDS})
        check_layer(self.layer)
        if self.sep not in SEPARATORS:
            raise fail("sep", self.sep, f"must be one of {list(SEPARATORS)}")
        if self.mul not in MUL_STYLES:
            raise fail("mul", self.mul, f"must be one of {sorted(MUL_STYLES)}")
        if not isinstance(self.bold, bool):
            raise fail("bold", self.bold, "must be True or False")

    def replace(self, **changes: Any) -> "Notation":
        """A copy with some fields changed (validated again)."""
        return replace(self, **changes)

    with_ = replace

    @property
    def next_layer(self) -> Any:
        """Label of the layer after ``layer`` (``l`` -> ``l+1``, ``2`` -> ``3``)."""
        if self.layer is None:
            return None
        if isinstance(self.layer, int):
            return self.layer + 1
        return f"{self.layer}+1"

    # -- printing pieces ---------------------------------------------------------------
    def letter(self, role: str) -> str:
        """The letter of ``role``: one of input, kernel, output, grad, bias."""
        if role not in LETTER_FIELDS:
            raise fail("role", role, f"must be one of {list(LETTER_FIELDS)}")
        return getattr(self, role)

    def layer_mark(self, role: str) -> str:
        """``(l)`` for input-side objects, ``(l+1)`` for output-side ones, ``''`` without a layer."""
        if self.layer is None or role in ("kernel", "bias"):
            return ""
        return f"({self.next_layer})" if role in ("output", "grad") else f"({self.layer})"

    def index(self, idx: Sequence[int], wide: bool | None = None) -> str:
        """Indices shifted to ``base``, joined by ``sep`` (``None``: concatenated when all are one digit)."""
        shifted = [str(int(i) + self.base) for i in idx]
        if wide is None and self.sep is not None:
            return self.sep.join(shifted)
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


#: The notation of the lecture notes, the reports and ``convproof report``: ``\delta``, layer ``l``.
LECTURE = Notation(grad=r"\delta", layer="l")


def check_notation(notation: Any) -> Notation:
    """``notation`` itself when it is a :class:`Notation`, else the project's error."""
    if not isinstance(notation, Notation):
        raise fail("notation", type(notation).__name__, "must be a convproof.symbolic.Notation")
    return notation
