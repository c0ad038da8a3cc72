"""Transcription of the matrices and products seed 000 claims (input data for the errata, not results).

Source: the seed document ``000_d50da6e0cc260722.txt`` (``../shared/seeds/``; lecture notes "CNNs:
basic elements, vectorization, transposed convolution"). Each entry records the seed line it was copied from.
Nothing here is a verdict: :mod:`convproof.seeds.seed000_errata` compares every claim with what
:mod:`convproof.symbolic` derives and reports the differences.

Encoding (parsed by :func:`parse_entry` with a regular expression; never evaluated):

* a matrix is a list of rows of entries ``"0"`` or a kernel symbol ``"f2"`` / ``"f12"``;
* a product entry is a sum of terms ``"f2 y1"``, written ``"f2 y1 + f3 y2"`` (a term is a kernel
  symbol times an input ``y`` or output ``z`` symbol; the digits are the 1-based indices, one digit
  per dimension);
* ``labels`` transcribe a vector of symbols the seed writes next to a matrix (e.g. the
  left-hand side of eq. 25), in the seed's order;
* ``layer`` is the superscript the seed puts on that equation's z symbols (eq. 17 vs eq. 18).

:data:`REMARKS` transcribe what the text around the equations says about sizes, shapes and rules
(eqs. 2, 6-9, sections 3.1 and 3.3): ``math`` and ``quote`` are verbatim excerpts of the seed line,
``claim`` the statement as data (names of quantities, rule names; dimensions as ``"M*C"`` products
of named quantities, parsed by :func:`parse_dims`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import fail

__all__ = ["TRANSCRIPTIONS", "REMARKS", "Transcription", "Remark", "parse_dims", "parse_entry", "parse_symbol"]

_SYMBOL = re.compile(r"([fyz])(\d+)")
_TERM = re.compile(r"^(f\d+)\s*([yz]\d+)$")


@dataclass(frozen=True)
class Transcription:
    """One transcribed equation: what the seed shows, for which example, at which line."""

    key: str            # example key in convproof.reports.lecture.EXAMPLES
    what: str           # "T", "T_padded", "Tt", "product", "im2col", "product_padded"
    label: str          # how the seed refers to it, e.g. "eq. (10)"
    line: int           # line in seed 000
    rows: tuple = ()    # matrix rows (entries "0" / "f12") or product entries ("f1 y1 + f2 y2")
    labels: tuple = ()  # symbols written beside the matrix, seed order (e.g. ("y11", "y21", ...))
    layer: str = ""     # superscript the seed gives z in this equation, e.g. "(l)"
    cols: tuple = field(default=())  # column labels (symbols the matrix multiplies), seed order


def parse_symbol(token: str) -> tuple[str, tuple[int, ...]]:
    """``"f12"`` -> ``("f", (0, 1))`` (0-based indices).

    >>> parse_symbol("y3"), parse_symbol("f21")
    (('y', (2,)), ('f', (1, 0)))
    """
    m = _SYMBOL.fullmatch(token.strip())
    if not m:
        raise fail("token", token, "expected f, y or z followed by 1-based index digits")
    return m.group(1), tuple(int(ch) - 1 for ch in m.group(2))


def parse_dims(shape: tuple) -> tuple:
    """``("M*C", "K")`` -> ``(("M", "C"), ("K",))``; ``"1"`` is the empty product.

    >>> parse_dims(("1", "Fh*Fw*D"))
    ((), ('Fh', 'Fw', 'D'))
    """
    out = []
    for dim in shape:
        names = tuple(t.strip() for t in dim.split("*") if t.strip() != "1")
        if not all(re.fullmatch(r"[A-Za-z]+", n) for n in names):
            raise fail("shape", shape, "dimensions are products of quantity names, e.g. 'M*C'")
        out.append(names)
    return tuple(out)


def parse_entry(text: str) -> list:
    """A matrix entry or a product entry as a list of terms; each term is a tuple of symbols.

    >>> parse_entry("0"), parse_entry("f2"), parse_entry("f2 y1 + f3 y2")
    ([], [(('f', (1,)),)], [(('f', (1,)), ('y', (0,))), (('f', (2,)), ('y', (1,)))])
    """
    text = text.strip()
    if text == "0":
        return []
    terms = []
    for part in text.split("+"):
        part = part.strip()
        m = _TERM.match(part)
        terms.append((parse_symbol(m.group(1)), parse_symbol(m.group(2))) if m else (parse_symbol(part),))
    return terms


_Y5 = ("y1", "y2", "y3", "y4", "y5")

TRANSCRIPTIONS = (
    # Table 1 (lines 159-174): im2col of the 4x4 map holding 1..16, 2x2 filter, stride 1, pad 0.
    Transcription("im2col", "im2col", "table 1", 170, rows=(
        "1 2 3 5 6 7 9 10 11", "2 3 4 6 7 8 10 11 12", "5 6 7 9 10 11 13 14 15", "6 7 8 10 11 12 14 15 16")),
    # eq. (10), line 236: valid 1D Toeplitz matrix, N=5, K=3.
    Transcription("valid", "T", "eq. (10)", 236, rows=(
        ("f1", "f2", "f3", "0", "0"), ("0", "f1", "f2", "f3", "0"), ("0", "0", "f1", "f2", "f3")), cols=_Y5),
    # eq. (11), line 240.
    Transcription("valid", "product", "eq. (11)", 240, rows=(
        "f1 y1 + f2 y2 + f3 y3", "f1 y2 + f2 y3 + f3 y4", "f1 y3 + f2 y4 + f3 y5")),
    # eq. (12), line 246: same padding, T acting on the padded input.
    Transcription("same", "T_padded", "eq. (12)", 246, rows=(
        ("f1", "f2", "f3", "0", "0", "0", "0"), ("0", "f1", "f2", "f3", "0", "0", "0"),
        ("0", "0", "f1", "f2", "f3", "0", "0"), ("0", "0", "0", "f1", "f2", "f3", "0"),
        ("0", "0", "0", "0", "f1", "f2", "f3"))),
    # eq. (13), line 248.
    Transcription("same", "product", "eq. (13)", 248, rows=(
        "f2 y1 + f3 y2", "f1 y1 + f2 y2 + f3 y3", "f1 y2 + f2 y3 + f3 y4", "f1 y3 + f2 y4 + f3 y5",
        "f1 y4 + f2 y5")),
    # eq. (14), line 254: stride 2 on the padded input.
    Transcription("stride2", "T_padded", "eq. (14)", 254, rows=(
        ("f1", "f2", "f3", "0", "0", "0", "0"), ("0", "0", "f1", "f2", "f3", "0", "0"),
        ("0", "0", "0", "0", "f1", "f2", "f3"))),
    # eq. (15), line 256.
    Transcription("stride2", "product", "eq. (15)", 256, rows=("f2 y1 + f3 y2", "f1 y2 + f2 y3 + f3 y4", "f1 y4 + f2 y5")),
    # eq. (17), line 266: transposed, stride 1, "padding=full": 5 -> 7.
    Transcription("transposed_full", "Tt", "eq. (17)", 266, layer="(l+1)", rows=(
        ("f1", "0", "0", "0", "0"), ("f2", "f1", "0", "0", "0"), ("f3", "f2", "f1", "0", "0"),
        ("0", "f3", "f2", "f1", "0"), ("0", "0", "f3", "f2", "f1"), ("0", "0", "0", "f3", "f2"),
        ("0", "0", "0", "0", "f3"))),
    Transcription("transposed_full", "transposed_product", "eq. (17)", 266, layer="(l+1)", rows=(
        "f1 z1", "f2 z1 + f1 z2", "f3 z1 + f2 z2 + f1 z3", "f3 z2 + f2 z3 + f1 z4", "f3 z3 + f2 z4 + f1 z5",
        "f3 z4 + f2 z5", "f3 z5")),
    # eq. (18), line 270: transposed, stride 2: 3 -> 7 (the seed writes z with superscript (l)).
    Transcription("transposed_stride2", "Tt", "eq. (18)", 270, layer="(l)", rows=(
        ("f1", "0", "0"), ("f2", "0", "0"), ("f3", "f1", "0"), ("0", "f2", "0"), ("0", "f3", "f1"),
        ("0", "0", "f2"), ("0", "0", "f3"))),
    Transcription("transposed_stride2", "transposed_product", "eq. (18)", 270, layer="(l)", rows=(
        "f1 z1", "f2 z1", "f3 z1 + f1 z3", "f2 z2", "f3 z2 + f1 z3", "f2 z3", "f3 z3")),
    # Section 5.3, line 292: 2D same padding, 3x3 input, 3x3 kernel; rows z11..z33, columns y11..y33.
    Transcription("same2d", "T", "section 5.3 (2D same)", 292, rows=(
        ("f22", "f23", "0", "f32", "f33", "0", "0", "0", "0"),
        ("f21", "f22", "f23", "f31", "f32", "f33", "0", "0", "0"),
        ("0", "f21", "f22", "0", "f31", "f32", "0", "0", "0"),
        ("f12", "f13", "0", "f22", "f23", "0", "f32", "f33", "0"),
        ("f11", "f12", "f13", "f21", "f22", "f23", "f31", "f32", "f33"),
        ("0", "f11", "f12", "0", "f21", "f22", "0", "f31", "f32"),
        ("0", "0", "0", "f12", "f13", "0", "f22", "f23", "0"),
        ("0", "0", "0", "f11", "f12", "f13", "f21", "f22", "f23"),
        ("0", "0", "0", "0", "f11", "f12", "0", "f21", "f22")),
        cols=("y11", "y12", "y13", "y21", "y22", "y23", "y31", "y32", "y33")),
    # eq. (23), line 296: z22 (the centre entry of the same-padded product).
    Transcription("same2d", "product_entry_z22", "eq. (23)", 296, rows=(
        "f11 y11 + f12 y12 + f13 y13 + f21 y21 + f22 y22 + f23 y23 + f31 y31 + f32 y32 + f33 y33",)),
    # Line 302: 2D stride 2 (rows z11, z13, z31, z33 in the seed's stride-1 naming).
    Transcription("stride2_2d", "T", "section 5.3 (2D stride 2)", 302, rows=(
        ("f22", "f23", "0", "f32", "f33", "0", "0", "0", "0"),
        ("0", "f21", "f22", "0", "f31", "f32", "0", "0", "0"),
        ("0", "0", "0", "f12", "f13", "0", "f22", "f23", "0"),
        ("0", "0", "0", "0", "f11", "f12", "0", "f21", "f22")),
        cols=("y11", "y12", "y13", "y21", "y22", "y23", "y31", "y32", "y33")),
    # eq. (25), line 308: 2D transposed; the seed lists the left-hand vector column by column.
    Transcription("stride2_2d", "Tt", "eq. (25)", 308, rows=(
        ("f22", "0", "0", "0"), ("f23", "f21", "0", "0"), ("0", "f22", "0", "0"), ("f32", "0", "f12", "0"),
        ("f33", "f31", "f13", "f11"), ("0", "f32", "0", "f12"), ("0", "0", "f22", "0"), ("0", "0", "f23", "f21"),
        ("0", "0", "0", "f22")),
        labels=("y11", "y21", "y31", "y12", "y22", "y32", "y13", "y23", "y33")),
)


@dataclass(frozen=True)
class Remark:
    """One statement of the seed's text about a size, a shape or a rule, at one line."""

    label: str          # the equation or section it belongs to, e.g. "eq. (9)"
    line: int           # line in seed 000
    what: str           # which computation checks it (see convproof.seeds.seed000_text.STATEMENT_CHECKS)
    math: str = ""      # the seed's LaTeX, verbatim excerpt
    quote: str = ""     # the seed's words, verbatim excerpt (Russian)
    claim: tuple = ()   # (name, value) pairs
    quote_line: int = 0  # the line ``quote`` is on when it is not ``line``


REMARKS = (
    # Line 70, eq. (2): the bias b_d carries the summed input-channel index d, after the triple sum.
    Remark("eq. (2)", 70, "conv_formula",
              math=r"z_{rc}^{(l+1)} = \sum_{i=1}^{F_h^{(l)}} \sum_{j=1}^{F_w^{(l)}} \sum_{d=1}^{D^{(l)}} "
                   r"\left( \mathbf{Y}^{(l)}_{(r+i-1)(c+j-1)d} \times \mathbf{F}_{ijd} \right) + b_d",
              quote="смещение (bias) для канала  $d$",  # line 77
              claim=(("sums", ("i", "j", "d")), ("shift", -1), ("bias_index", "d"), ("bias_scope", "outside")),
              quote_line=77),
    # Line 98, section 3.1: the per-position gradients of a shared weight are averaged.
    Remark("section 3.1", 98, "sharing_rule",
              quote="для обновления значений весов градиенты посчитанные в разных рецептивных полях усредняются",
              claim=(("rule", "mean"),)),
    # Line 109, algorithm 1 step 4: ... summed.
    Remark("algorithm 1", 109, "sharing_rule",
              math=r"\Delta w_i = \Delta w_j = \frac{\partial \mathcal{L}}{\partial w_i} + "
                   r"\frac{\partial \mathcal{L}}{\partial w_j}",
              claim=(("rule", "sum"),)),
    # Line 123, section 3.3: stride 2 gives H^{(l+1)}/2 (H^{(l+1)}: the stride-1 output size).
    Remark("section 3.3", 123, "stride_size",
              math=r"H^{(l+1)}/2 \times W^{(l+1)}/2 \times D^{(l+1)}",
              quote="при использовании  $\\text{stride}=2$  итоговый тензор будет иметь размер",
              claim=(("stride", 2), ("divide_by", 2), ("rounding", "none"))),
    # Line 190, eq. (6): b_F is "a vector of size 1 x C", b copied "N times", the result "y-hat of size 1 x C".
    Remark("eq. (6)", 190, "eq6_bias",
              math=r"\mathbf{b}_F = [b, b, \dots]^T",
              quote="вектор размером  $1 \\times C$ , полученный путем копирования скалярного смещения  $b$  "
                    "фильтра  $\\mathbf{F}$   $N$  раз",
              claim=(("shape", ("1", "C")), ("copies", "N"))),
    Remark("eq. (6)", 190, "eq6_result",
              quote="В результате получается вектор  $\\hat{\\mathbf{y}}^{(l+1)}$  размером  $1 \\times C$",
              claim=(("name", r"\hat{\mathbf{y}}^{(l+1)}"), ("shape", ("1", "C")))),
    # Line 200 (eq. 7) and line 210 (eq. 8): the sizes of the batch im2col matrix and the filter matrix.
    Remark("eq. (7)", 200, "batch_shape", math=r"F_h^{(l)} F_w^{(l)} D^{(l)} \times MC^{(l+1)}",
              claim=(("matrix", "Y"), ("shape", ("Fh*Fw*D", "M*C")))),
    Remark("eq. (8)", 210, "batch_shape", math=r"F_h^{(l)} F_w^{(l)} D^{(l)} \times K",
              claim=(("matrix", "F"), ("shape", ("Fh*Fw*D", "K")))),
    # Line 210: "the activation matrix times the transposed weight matrix".
    Remark("eq. (9)", 210, "batch_product",
              quote="производится матричное умножение матрицы активаций и транспонированной матрицы весов",
              claim=(("factors", ("Y", "F^T")),)),
    # Line 212, eq. (9): lower-case y^{(l)T} for the batch matrix \mathcal{Y}^{(l)} of eq. (7).
    Remark("eq. (9)", 212, "batch_symbol",
              math=r"\hat{\mathbf{z}}^{(l+1)} = \mathbf{y}^{(l)T} \mathcal{F}^{(l)} + \mathbf{B}^{(l)}",
              claim=(("factors", ("Y^T", "F")), ("symbol", r"\mathbf{y}^{(l)}"), ("defined", r"\mathcal{Y}^{(l)}"))),
    # Line 216: "the size of y-hat is K x C^{(l+1)}".
    Remark("eq. (9)", 216, "batch_result",
              quote="Размер матрицы  $\\hat{\\mathbf{y}}^{(l+1)}$  равен  $K \\times C^{(l+1)}$",
              claim=(("name", r"\hat{\mathbf{y}}^{(l+1)}"), ("shape", ("K", "C")))),
)
