r"""Chains of more than two sides around index sums: ``A = B = C`` (``aligned`` rows joined).

``\frac{\partial L}{\partial w_{ab}} = \sum_i\sum_j \frac{\partial L}{\partial x_{ij}}
\frac{\partial x_{ij}}{\partial w_{ab}} = \sum_i\sum_j \delta_{ij} o_{i+a,j+b}``: each link (two
consecutive sides) and the two ends are given to the index-sum readers (:mod:`.indexconv`,
:mod:`.indexmore`).  ``holds`` only when every link holds; ``wrong`` when a link is wrong or the
ends are (``A = B = C`` claims ``A = C``); otherwise ``unchecked`` with each link's state (a link
written with the chain rule, ``\partial x / \partial w`` inside the sum, is named as not checked).
"""

from __future__ import annotations

import re

from .verdict import StatementResult

__all__ = ["check_chain", "KIND"]

KIND = "index-sum"
_MAX_SIDES = 6


def sides(text: str) -> list:
    """The top-level ``=`` sides of ``text`` (``&`` and row breaks removed)."""
    text = re.sub(r"\\\\(?:\[[^\]]*\])?|&", " ", text)
    text = re.sub(r"\\(?:begin|end)\{[A-Za-z*]+\}", " ", text)
    text = re.split(r"\\(?:quad|qquad|text|tag|label)\b", text)[0]
    out, depth, cur = [], 0, ""
    for ch in text:
        depth += {"{": 1, "}": -1, "(": 1, ")": -1, "[": 1, "]": -1}.get(ch, 0)
        if ch == "=" and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    return [s for s in out + [cur.strip().rstrip(".,")]]


def _link(a: str, b: str, before: str):
    from .indexconv import check_index_sum
    from .indexcentered import check_centered
    from .indexdeform import check_deformable
    from .indexgroup import check_grouped
    text = f"{a} = {b}"
    for check in (check_index_sum, check_grouped, check_centered, check_deformable):
        res = check(text, before)
        if res is not None:
            return res
    return None


def _chain_rule(side: str) -> bool:
    """A sum of products of two partial derivatives (the multivariable chain rule written out)."""
    return bool(re.search(r"\\sum.*\\frac\{\\partial.*\\frac\{\\partial", side))


def _definition(res):
    """``(convention, what, input name, kernel name)`` a ``holds`` of :mod:`.indexconv` proved."""
    note = next((n for n in (getattr(res, "notes", None) or []) if isinstance(n, tuple) and n[0] == "index-def"), None)
    if res is None or res.status != "holds" or note is None:
        return None
    _, st, r, conv = note
    return conv, r.what, r.spatial.name, r.other.name, st.out.name


def _by_transitivity(links, ends):
    """The links with one unknown link filled in: when every other link holds and the ends
    hold, and all of them state the same convolution (same convention, roles and names), the
    unknown link equates two sums that state that same convolution."""
    unknown = [n for n, res in enumerate(links) if res is None or res.status != "holds"]
    defs = {_definition(res) for res in links if res is not None} | {_definition(ends)}
    if len(unknown) != 1 or links[unknown[0]] is not None or len(defs) != 1 or None in defs:
        return None
    return unknown[0]


def check_chain(text: str, before: str = "") -> StatementResult | None:
    """The verdict on a chain of three or more sides with an index sum (module docstring)."""
    parts = sides(text)
    if not 3 <= len(parts) <= _MAX_SIDES or not any(r"\sum" in p for p in parts) or not all(parts):
        return None
    links = [_link(parts[i], parts[i + 1], before) for i in range(len(parts) - 1)]
    ends = _link(parts[0], parts[-1], before)
    if all(res is None for res in links) and ends is None:
        return None
    for n, res in enumerate(links, 1):
        if res is not None and res.status == "wrong":
            return StatementResult("wrong", KIND, f"link {n} of the chain: {res.message}")
    if ends is not None and ends.status == "wrong":
        return StatementResult("wrong", KIND, f"the chain's first and last sides differ, so a link is false: "
                               f"{ends.message}")
    filled = _by_transitivity(links, ends)
    if filled is not None:
        conv = _definition(ends)[0]
        return StatementResult("holds", KIND, "every link holds: " + "; ".join(
            f"link {n}: {res.message}" for n, res in enumerate(links, 1) if res is not None)
            + f"; link {filled + 1} by transitivity: the first and last sides state the same {conv.describe()} "
            f"(same input and kernel): {ends.message}")
    if all(res is not None and res.status == "holds" for res in links):
        return StatementResult("holds", KIND, "every link holds: " + "; ".join(
            f"link {n}: {res.message}" for n, res in enumerate(links, 1)))
    said = []
    for n, res in enumerate(links, 1):
        if res is not None:
            said.append(f"link {n} {res.status}: {res.message}")
        elif _chain_rule(parts[n]):
            said.append(f"link {n} (the chain rule written as a sum of partial derivatives) not checked")
        elif _chain_rule(parts[n - 1]):
            said.append(f"link {n} (the partial derivatives of the chain rule replaced by entries) not checked")
        else:
            said.append(f"link {n} not read")
    if ends is not None and ends.status == "holds":
        said.append(f"the first and last sides: {ends.message}")
    return StatementResult("unchecked", KIND, "; ".join(said) + "; unchecked")
