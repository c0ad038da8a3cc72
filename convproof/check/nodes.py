"""Syntax tree of a parsed equation side (what the parser builds, what the evaluator reads).

Every node records ``span``: its ``(start, end)`` offsets in the equation source, so that a wrong
entry can be pointed at and replaced by ``--fix``.  Names keep their lecture spelling as a
canonical LaTeX ``key`` (``y_{1}^{(l)}``, ``T_{padded}``, ``\\hat{Y}^{(l)}``) which is also the
key under which :mod:`convproof.check.env` stores definitions.

>>> Name("x_{1}", "x", "1", None, (0, 3)).key
'x_{1}'
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

__all__ = [
    "EQ_RELATIONS",
    "Bin",
    "Builtin",
    "Call",
    "Chain",
    "Mat",
    "Name",
    "Neg",
    "Node",
    "Num",
    "ParseError",
    "Pow",
    "printed_decimal",
    "Transpose",
    "Vec",
]

Span = tuple[int, int]
EQ_RELATIONS = ("=", r"\approx", ":=", r"\equiv")


class ParseError(ValueError):
    """The equation uses a construct the checker does not read (message says which)."""


@dataclass(frozen=True)
class Node:
    """Base class; ``span`` is the source range."""


@dataclass(frozen=True)
class Num(Node):
    """A number literal; ``value`` exact, ``decimals`` digits after the point as written."""

    value: sp.Rational
    text: str
    decimals: int
    span: Span


@dataclass(frozen=True)
class Name(Node):
    """An identifier; ``sub`` the subscript as written (spaces removed), ``label`` a superscript
    that names rather than powers (``(l)``, ``mk``); ``bold`` when written in bold type
    (``\\mathbf{W}``: a vector or matrix whose shape the name alone does not give)."""

    key: str
    base: str
    sub: str | None
    label: str | None
    span: Span
    bold: bool = False


@dataclass(frozen=True)
class Call(Node):
    """``f(a, b)`` where ``f`` is a document name; the evaluator decides between a defined
    function, a product (``x(1-x)`` when ``x`` has a value) and an unknown function."""

    func: Name
    args: tuple
    primes: int
    span: Span


@dataclass(frozen=True)
class Builtin(Node):
    """A known function: tanh, exp, ln, sqrt, floor, ceil, abs, max, min, sigmoid, softmax, ..."""

    name: str
    args: tuple
    primes: int
    span: Span


@dataclass(frozen=True)
class Bin(Node):
    """Binary ``+``, ``-``, ``*`` (juxtaposition, ``\\cdot``, ``\\times``), ``/``; ``conv`` for ``*``
    written between operands (a product of scalars, a convolution of matrices)."""

    op: str
    left: Node
    right: Node
    span: Span


@dataclass(frozen=True)
class Neg(Node):
    """Unary minus."""

    operand: Node
    span: Span


@dataclass(frozen=True)
class Pow(Node):
    """``base^{exponent}``."""

    base: Node
    exponent: Node
    span: Span


@dataclass(frozen=True)
class Transpose(Node):
    """``A^T``."""

    operand: Node
    span: Span


@dataclass(frozen=True)
class Mat(Node):
    """A matrix environment; ``rows`` may be ragged (the evaluator rejects that, conv.py reads it);
    ``cell_spans`` parallel to ``rows``; ``env`` the environment name (``vmatrix`` = determinant)."""

    rows: tuple
    cell_spans: tuple
    env: str
    span: Span


@dataclass(frozen=True)
class Vec(Node):
    """``[a, b, c]`` or ``(a, b, c)``: a vector, a column as in the usual convention
    (``w^T x`` with ``x = [1, 1, 1, 1]`` is an inner product, not an outer one)."""

    items: tuple
    span: Span


@dataclass
class Chain:
    """``sides[0] rels[0] sides[1] rels[1] ...``; ``stopped`` names a relation after which the
    statement was not read (``\\in``, ``<``, ``\\to``)."""

    sides: list
    rels: list
    source: str
    offset: int = 0
    stopped: str | None = None
    tags: list = field(default_factory=list)


def printed_decimal(node):
    """``(value, digits)`` of a printed number node (``0.5``, ``-0.604``), else ``None``."""
    if isinstance(node, Num):
        return node.value, node.decimals
    if isinstance(node, Neg) and isinstance(node.operand, Num):
        return -node.operand.value, node.operand.decimals
    return None
