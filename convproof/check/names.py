"""Lecture identifiers: Greek letters, decorations, canonical keys, superscript classification.

A name's key is its canonical LaTeX: bold-type decorations (``\\mathbf``, ``\\boldsymbol``, ``\\bm``,
``\\vec``) are dropped (they mark a type, not an identity), meaning-changing ones (``\\hat``,
``\\tilde``, ``\\bar``, ``\\mathcal``) are kept; the subscript follows in braces, then a label
superscript.

>>> name_key("y", "1", "(l)")
'y_{1}^{(l)}'
>>> name_key(r"\\hat{Y}", None, None)
'\\\\hat{Y}'
"""

from __future__ import annotations

from .lexer import Token

__all__ = ["BOLD", "DECOR_DROP", "DECOR_KEEP", "GREEK", "name_key", "sup_kind", "tokens_text"]

GREEK = {"\\" + g for g in ["alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "varrho", "sigma", "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega", "ell"]}
DECOR_DROP = {r"\mathbf", r"\boldsymbol", r"\bm", r"\vec", r"\mathbfit", r"\pmb", r"\mathsf",
              r"\mathbfup"}
BOLD = DECOR_DROP - {r"\mathsf"}   # bold type: a vector or matrix in lecture notation
DECOR_KEEP = {r"\hat", r"\widehat", r"\tilde", r"\widetilde", r"\bar", r"\overline", r"\check",
              r"\dot", r"\ddot", r"\mathcal", r"\mathfrak", r"\mathscr", r"\mathbb", r"\breve"}
_CANON = {r"\widehat": r"\hat", r"\widetilde": r"\tilde", r"\overline": r"\bar"}
_TRANSPOSE = {"T", r"\top", r"\intercal", r"\mathsf{T}", r"\mathrm{T}", r"\text{T}"}


def tokens_text(tokens: list[Token]) -> str:
    """Source-like text of tokens with spaces removed (commands keep a separating space).

    >>> from convproof.check.lexer import tokenize
    >>> tokens_text(tokenize("(r + i - 1)"))
    '(r+i-1)'
    """
    out = []
    for tok in tokens:
        if tok.kind == "word":
            out.append(r"\text{" + tok.text + "}")
        elif tok.kind == "cmd" and out and out[-1][-1:].isalpha() and out[-1].startswith("\\"):
            out.append(" " + tok.text)
        else:
            text = tok.text
            if out and out[-1].startswith("\\") and out[-1][-1:].isalpha() and text[:1].isalpha():
                text = " " + text
            out.append(text)
    return "".join(out)


def canonical_decoration(cmd: str) -> str:
    """``\\widehat`` -> ``\\hat`` etc."""
    return _CANON.get(cmd, cmd)


def name_key(base: str, sub: str | None, label: str | None) -> str:
    """Canonical key of a name with subscript ``sub`` and label superscript ``label``."""
    key = base
    if sub:
        key += "_{" + sub + "}"
    if label:
        key += "^{" + label + "}"
    return key


def _is_numeric(tokens: list[Token]) -> bool:
    allowed = set("+-()/*.")
    return bool(tokens) and all(
        t.kind == "num" or (t.kind == "char" and t.text in allowed) or t.text in (r"\frac", "{", "}")
        for t in tokens)


def sup_kind(tokens: list[Token]) -> tuple[str, str | None]:
    """Classify a superscript group: ``transpose``, ``power``, ``label`` or ``label_transpose``.

    >>> from convproof.check.lexer import tokenize
    >>> sup_kind(tokenize("(l)")), sup_kind(tokenize("2")), sup_kind(tokenize("T"))
    (('label', '(l)'), ('power', None), ('transpose', None))
    >>> sup_kind(tokenize("(l)T"))
    ('label_transpose', '(l)')
    """
    text = tokens_text(tokens)
    if text in _TRANSPOSE:
        return "transpose", None
    if text in ("*", r"\prime", r"\ast", "'", r"\star", "+", "-"):  # w^{+}, w^{*}: a name's mark
        return "label", text
    if _is_numeric(tokens):
        return "power", None
    if text.startswith("(") and text.endswith(")T") and text.count("(") == 1:
        return "label_transpose", text[:-1]
    return "label", text
