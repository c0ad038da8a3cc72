"""Combine the evaluated verdict of a statement with what convolution recognition adds.

Recognition never gives ``holds`` (rule 2 of the checker's guarantee, see the package docstring):
identifying the convolution a matrix encodes can only turn a statement ``wrong`` (labels that
contradict the identified convolution, a near miss of a matrix the prose calls a convolution
matrix) or annotate it.  A near miss never overrides an evaluation: when the statement's own
relations were evaluated and agree, the near miss is reported as a note, not a finding.

>>> from convproof.check.verdict import StatementResult
>>> arith = StatementResult("unchecked", "free-symbols", "")
>>> conv = StatementResult("holds", "convolution", "the stated matrix is the matrix T of ...")
>>> merge(arith, conv).status
'unchecked'
"""

from __future__ import annotations

import re

from .verdict import StatementResult

__all__ = ["NEAR_MISS", "asserts_convolution", "merge", "stated_spec"]

NEAR_MISS = "convolution-near-miss"


def _demote(arith, conv, asserted: bool):
    """A near-miss finding counts only when nothing evaluated holds and the prose asserts a
    convolution matrix."""
    if conv is None or conv.status != "wrong" or conv.kind != NEAR_MISS:
        return conv
    if arith.status == "holds":
        why = "the stated relation was evaluated and agrees"
    elif not asserted:
        why = "nothing in the statement or the prose says it is a convolution matrix"
    else:
        return conv
    return StatementResult("note", "convolution",
                           f"{conv.message} (not a finding: {why})")


def merge(arith: StatementResult, conv: StatementResult | None,
          asserted: bool = True) -> StatementResult:
    """The statement's verdict: ``arith`` decides holds/unchecked, ``conv`` may add a finding."""
    conv = _demote(arith, conv, asserted)
    if conv is None:
        return arith
    if arith.kind == "free-symbols":
        arith = StatementResult(arith.status, arith.kind,
                                "; ".join(p for p in arith.message.split("; ")
                                          if "not an identity" not in p) or arith.message)
    if arith.status == "wrong" or conv.status == "wrong":
        first, second = (arith, conv) if arith.status == "wrong" else (conv, arith)
        mism = (arith.mismatches if arith.status == "wrong" else []) + \
            (conv.mismatches if conv.status == "wrong" else [])
        fixes = (arith.fixes if arith.status == "wrong" else []) + \
            (conv.fixes if conv.status == "wrong" else [])
        kind = "convolution" if first.kind == NEAR_MISS else first.kind
        return StatementResult("wrong", kind, _join(first.message, second.message), mism, fixes)
    if arith.status == "holds":
        return StatementResult("holds", arith.kind, _join(arith.message, conv.message))
    kind = "convolution" if arith.kind in ("free-symbols", "definition") else arith.kind
    return StatementResult("unchecked", kind, _join(conv.message, arith.message))


def _join(a: str, b: str) -> str:
    return "; ".join(p for p in (a, b) if p)


_ASSERTS = re.compile(
    r"toeplitz|т[её]плиц|circulant|циркулянт|convolution(?:al)? matri|correlation matri"
    r"|matri(?:x|ces) (?:t |of (?:the |a |this )?(?:[\w-]+ ){0,3}(?:convolution|correlation))"
    r"|матриц\w* (?:\w+ ){0,2}(?:св[её]ртк|корреляц)")
PROSE_WINDOW = 600


def asserts_convolution(prose: str) -> bool:
    """Does the prose before an equation say that a matrix is a convolution matrix ("the
    Toeplitz matrix", "the matrix of the stride-2 convolution", "матрица свёртки")?  A lecture
    merely being about convolutions is not such a claim.

    >>> asserts_convolution("The Toeplitz matrix of the convolution:")
    True
    >>> asserts_convolution("The kernel gradient of the convolution is a product:")
    False
    """
    return bool(_ASSERTS.search(prose[-PROSE_WINDOW:].lower()))


_STRIDE = re.compile(r"(?:stride|шаг(?:ом)?(?: свёртки| свертки)?)\s*(?:of\s*|s\s*=\s*|=\s*)?(\d+)(?![.,]?\d)")
_DILATION = re.compile(r"(?:dilation|разрежени\w*|дилатаци\w*)\s*(?:of\s*|d\s*=\s*|=\s*)?(\d+)(?![.,]?\d)")
_NO_DILATION = re.compile(r"(?:no|without)\s+dilation|без\s+(?:разрежени|дилатаци|расширени)")
SPEC_WINDOW = 300


def stated_spec(prose: str) -> dict:
    """Stride and dilation stated in the prose right before an equation (``"stride 1 and no
    dilation"`` -> ``{"stride": 1, "dilation": 1}``); a key is left out when the prose gives
    none or several values for it.

    >>> stated_spec("Stride 1 and no dilation:")
    {'stride': 1, 'dilation': 1}
    >>> stated_spec("stride 1 here, stride 2 there")
    {}
    """
    text = prose[-SPEC_WINDOW:].lower()
    out = {}
    strides = {int(v) for v in _STRIDE.findall(text)}
    dilations = {int(v) for v in _DILATION.findall(text)} | ({1} if _NO_DILATION.search(text) else set())
    for key, values in (("stride", strides), ("dilation", dilations)):
        if len(values) == 1:
            out[key] = values.pop()
    return out
