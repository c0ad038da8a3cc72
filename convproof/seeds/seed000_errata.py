"""Errata of seed 000: every transcribed claim compared, entry by entry, with the derived object.

The claims are input data (:mod:`convproof.seeds.seed000`); the derived objects come from
:mod:`convproof.symbolic`; the verdicts are computed here and nowhere else.

>>> found = errata()
>>> sorted({e.label for e in found})
['eq. (18)', 'eq. (25)']

:func:`matrix_findings` groups these entry-level differences into findings: eq. (25)'s sixteen
differing entries are one error (its row labels are permuted, :func:`relabeling`).

>>> [(f.label, f.kind, len(f.errata)) for f in matrix_findings()]
[('eq. (18)', 'layer', 1), ('eq. (18)', 'entry', 1), ('eq. (25)', 'labels', 16)]
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import sympy as sp

from .. import symbolic as S
from ..geometry import ConvSpec
from ..notation import LECTURE
from .seed000 import TRANSCRIPTIONS, Transcription, parse_entry, parse_symbol

__all__ = [
    "EXAMPLES",
    "SHARING_SPEC",
    "Erratum",
    "Finding",
    "checked_claims",
    "claim_value",
    "derived",
    "errata",
    "matrix_findings",
    "relabeling",
]

# The seed's examples as specs (a transposed example is the forward conv it transposes).
EXAMPLES: dict[str, ConvSpec] = {
    "im2col": ConvSpec((4, 4), (2, 2)),
    "valid": ConvSpec(5, 3),
    "same": ConvSpec(5, 3, padding=1),
    "stride2": ConvSpec(5, 3, stride=2, padding=1),
    "transposed_full": ConvSpec(7, 3),
    "transposed_stride2": ConvSpec(7, 3, stride=2),
    "same2d": ConvSpec((3, 3), (3, 3), padding=1),
    "stride2_2d": ConvSpec((3, 3), (3, 3), stride=2, padding=1),
}
#: Seed 000 algorithm 1 (weight sharing) computed on input 4, kernel 2.
SHARING_SPEC = ConvSpec(4, 2)


@dataclass(frozen=True)
class Erratum:
    """One difference between the seed and the derivation.

    ``kind`` is ``"cell"`` (matrix entry ``row``, ``col``; ``row_label`` the symbol the seed writes
    beside that row), ``"entry"`` (product entry ``row``), ``"shape"``/``"length"`` or ``"layer"``
    (the superscript of z). ``note`` is ``""``, ``"layer"`` or ``"row-major"`` (the matrix is right
    for row-major rows; ``order`` lists them).
    """

    label: str
    line: int
    kind: str
    seed: Any
    derived: Any
    row: int = 0
    col: int = 0
    row_label: str = ""
    note: str = ""
    order: tuple = ()

    @property
    def where(self) -> tuple:
        return (self.kind, self.row, self.col)


def _symbols(spec: ConvSpec) -> dict[str, np.ndarray]:
    return {"f": S.kernel_symbols(spec)[0, 0], "y": S.input_symbols(spec)[0], "z": S.output_symbols(spec)[0]}


def claim_value(claim: Transcription) -> Any:
    """The claim as SymPy objects of its example (a Matrix, or a list of product entries)."""
    if claim.what == "im2col":
        return sp.Matrix([[int(v) for v in row.split()] for row in claim.rows])
    syms = _symbols(EXAMPLES[claim.key])

    def value(text: str) -> sp.Expr:
        return sp.Add(*[sp.Mul(*[syms[k][idx] for k, idx in term]) for term in parse_entry(text)])

    if claim.what in ("T", "T_padded", "Tt"):
        return sp.Matrix([[value(e) for e in row] for row in claim.rows])
    return [value(e) for e in claim.rows]


def derived(claim: Transcription) -> Any:
    """What convproof.symbolic derives for the claim's example (same layout as :func:`claim_value`)."""
    spec = EXAMPLES[claim.key]
    if claim.what == "im2col":
        return S.im2col(spec, np.arange(1, 17).reshape(1, 4, 4))
    if claim.what == "T":
        return sp.Matrix(S.toeplitz(spec))
    if claim.what == "T_padded":
        return sp.Matrix(S.toeplitz(spec, padded=True))
    if claim.what == "Tt":
        M = sp.Matrix(S.transposed_matrix(spec))
        if claim.labels:
            order = [_flat(parse_symbol(t)[1], spec.input_size) for t in claim.labels]
            M = M.extract(order, list(range(M.cols)))
        return M
    if claim.what == "transposed_product":
        return list(S.conv_transpose(spec)[0].ravel())
    z = S.conv_toeplitz(spec)[0]
    if claim.what == "product_entry_z22":
        return [z[1, 1]]
    return list(z.ravel())


def _flat(idx: tuple[int, ...], size: tuple[int, ...]) -> int:
    return int(np.ravel_multi_index(idx, size))


def _differ(a: Any, b: Any) -> bool:
    return sp.expand(sp.sympify(a) - sp.sympify(b)) != 0


def _compare(claim: Transcription, seed: Any, got: Any) -> list[Erratum]:
    if isinstance(seed, sp.MatrixBase):
        if seed.shape != got.shape:
            return [Erratum(claim.label, claim.line, "shape", seed.shape, got.shape)]
        return [Erratum(claim.label, claim.line, "cell", seed[r, c], got[r, c], r, c,
                        claim.labels[r] if claim.labels else "")
                for r in range(seed.rows) for c in range(seed.cols) if _differ(seed[r, c], got[r, c])]
    if len(seed) != len(got):
        return [Erratum(claim.label, claim.line, "length", len(seed), len(got))]
    return [Erratum(claim.label, claim.line, "entry", a, b, i) for i, (a, b) in enumerate(zip(seed, got))
            if _differ(a, b)]


def _order_note(claim: Transcription, seed: sp.Matrix) -> tuple:
    """For a claim with row labels: the row-major labels when the seed's matrix is right in that order."""
    spec = EXAMPLES[claim.key]
    return tuple(_flat_labels(spec)) if seed == sp.Matrix(S.transposed_matrix(spec)) else ()


def _flat_labels(spec: ConvSpec) -> list[str]:
    return ["y" + "".join(str(i + 1) for i in idx) for idx in np.ndindex(*spec.input_size)]


def _layer_errata(claim: Transcription) -> list[Erratum]:
    mark = LECTURE.layer_mark("output")
    if claim.layer and claim.layer != mark:
        return [Erratum(claim.label, claim.line, "layer", claim.layer, mark, note="layer")]
    return []


def errata(claims: tuple[Transcription, ...] = TRANSCRIPTIONS) -> list[Erratum]:
    """Every difference between the seed's claims and the derived objects, in seed order."""
    out: list[Erratum] = []
    for claim in claims:
        seed, got = claim_value(claim), derived(claim)
        found = _compare(claim, seed, got)
        if found and claim.labels:
            order = _order_note(claim, seed)
            found = [replace(e, note="row-major" if order else "", order=order) for e in found]
        seen = {(e.label, e.where) for e in out}
        out += found + [e for e in _layer_errata(claim) if (e.label, e.where) not in seen]
    return out


def checked_claims(claims: tuple[Transcription, ...] = TRANSCRIPTIONS) -> list[tuple[Transcription, int]]:
    """``(claim, number of entries compared)`` for the summary line of the errata section."""
    counts = []
    for claim in claims:
        seed = claim_value(claim)
        counts.append((claim, len(seed) if isinstance(seed, (list, sp.MatrixBase)) else 1))
    return counts


def relabeling(claim: Transcription) -> tuple:
    """For a matrix with row labels: ``(label, holder)`` for each row whose entries are the derived row of
    another symbol (``holder``); empty unless every row of the seed is some derived row.

    >>> eq25 = next(c for c in TRANSCRIPTIONS if c.label == "eq. (25)")
    >>> relabeling(eq25)[:2]
    (('y21', 'y12'), ('y31', 'y13'))
    """
    spec = EXAMPLES[claim.key]
    seed, true, names = claim_value(claim), sp.Matrix(S.transposed_matrix(spec)), _flat_labels(spec)
    holders = []
    for r in range(seed.rows):
        match = [names[j] for j in range(true.rows) if true.row(j) == seed.row(r)]
        if len(match) != 1:
            return ()
        holders.append(match[0])
    return tuple((label, h) for label, h in zip(claim.labels, holders) if label != h)


@dataclass(frozen=True)
class Finding:
    """One error of a transcribed matrix or product: ``kind`` ``"entry"``, ``"layer"``, ``"labels"`` (the
    row labels are permuted, ``relabel`` lists ``(label, row it holds)``), ``"shape"``/``"length"``;
    ``errata`` are the entry-level differences it causes."""

    label: str
    line: int
    kind: str
    errata: tuple
    relabel: tuple = ()

    @property
    def entries(self) -> int:
        """Matrix or product entries that differ because of this finding."""
        return sum(e.kind in ("cell", "entry") for e in self.errata)


def matrix_findings(claims: tuple[Transcription, ...] = TRANSCRIPTIONS) -> list[Finding]:
    """:func:`errata` grouped into findings: a claim whose differing rows are a permutation of the derived
    rows under its labels is one ``"labels"`` finding; every other difference is a finding of its own."""
    out: list[Finding] = []
    found = errata(claims)
    for claim in claims:
        mine = [e for e in found if (e.label, e.line) == (claim.label, claim.line)]
        cells = [e for e in mine if e.kind == "cell"]
        relabel = relabeling(claim) if cells and claim.labels else ()
        if relabel:
            out.append(Finding(claim.label, claim.line, "labels", tuple(cells), relabel))
            mine = [e for e in mine if e.kind != "cell"]
        out += [Finding(e.label, e.line, e.kind, (e,)) for e in mine]
    order = {id(e): i for i, e in enumerate(found)}
    return sorted(_unique(out), key=lambda f: (f.line, min(order[id(e)] for e in f.errata)))


def _unique(findings: list[Finding]) -> list[Finding]:
    """Two claims on one line (a matrix and its product) may report the same superscript twice."""
    seen: set = set()
    out = []
    for f in findings:
        key = (f.label, f.line, f.kind, tuple(e.where for e in f.errata))
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
