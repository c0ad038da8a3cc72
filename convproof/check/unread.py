"""What a statement the checker does not read *is*, when it is no claim: a question (``y = ?``),
an unfinished step (a slide that stops after ``+``), a definition of a new name by a formula
that is not computed (``L(y, \\tilde y) = -\\frac1n \\sum_{i=1}^n ...``, ``CrossEntropy = -\\sum
...``, ``\\text{softmax}(z)_i = ...``) or a named formula (``MSE: (y - t)^2``).  Such statements
stay ``unchecked``; their kind says what they are, so that a coverage count can tell claims from
non-claims.  A statement with more than one relation (``L = L(\\theta) = \\frac1n \\sum ...``) is a
claim about its links and is not classified here.

>>> from convproof.check.env import Env
>>> unread_kind(r"CrossEntropy = -\\sum_{i=1}^n t_i \\ln y_i", "unsupported: sums with bounds", Env(), 3)[0]
'definition'
>>> unread_kind(r"L = L(\\theta) = \\frac{1}{n} \\sum_{i=1}^n l_i", "unsupported: sums with bounds", Env(), 3) is None
True
"""

from __future__ import annotations

import re

from .guard import fallback

__all__ = ["condition_kind", "defined_function", "named_formula", "unread_kind"]

_CONDITION = re.compile(r"(?:\bпри|\bесли|\bwhen|\bif|\bwhenever|\bprovided(?: that)?|\bfor)\s*$", re.I)

_OTHER_RELATIONS = re.compile(r"\\(?:approx|le|ge|leq|geq|neq|ne|equiv|sim|propto|in)\b|[<>]|\\coloneqq")
_WORD = re.compile(r"^\s*(?:\\(?:text|mathrm|operatorname|mathit)\s*\{\s*([A-Za-z][\w ]*)\}|([A-Za-z]{3,}))\s*$")
_FUNC_SUB = re.compile(r"^\s*(?:\\(?:text|mathrm|operatorname)\s*\{\s*([A-Za-z]\w*)\s*\}|([A-Za-z]{2,}))\s*"
                       r"(?:\\left)?\(\s*([A-Za-z](?:_\{?\w+\}?)?(?:\s*,\s*[A-Za-z](?:_\{?\w+\}?)?)*)\s*(?:\\right)?\)"
                       r"\s*_\s*\{?\s*([a-z])\s*\}?\s*$")
_OPERATION = re.compile(r"^\s*(?:\\langle|\()\s*([A-Za-z]\w*)\s*(\*|\\star|\\ast)\s*([A-Za-z]\w*)\s*(?:\\rangle|\))\s*"
                        r"\(\s*[a-z]\s*(?:,\s*[a-z]\s*)*\)\s*:?\s*$")
_RANGE = re.compile(r"^\s*[a-z]\s*=\s*[01]\s*,?\s*\\(?:l|c)?dots\s*,?\s*[A-Za-z](?:_\{?\w+\}?)?\s*[.,]?\s*$")
_ELIDED = re.compile(r"\\(?:l|c|v|d)?dots\b|\\forall")
_NAMED = re.compile(r"^\s*(\\text\s*\{\s*[A-Za-z][\w ]*\}|[A-Z][A-Za-z]{1,15})\s*:\s*\S")


def unread_kind(text: str, reason: str, env, line: int):
    """``(kind, message)`` for an unread statement that is no claim, or ``None`` (a claim)."""
    if "(a question:" in reason:
        return "question", f"a question (the value is asked for), not a claim; not read: {reason}"
    if "an unfinished step" in reason:
        return "unfinished", f"an unfinished step, not a claim; not read: {reason}"
    if _RANGE.match(text):
        return "condition", "an index range (k = 1, ..., K), not a claim: nothing to check"
    try:
        name = _defined_name(text, env, line)
    except Exception as exc:  # noqa: BLE001  (a classification must never stop the document)
        fallback(exc)
        name = None
    if name is None:
        return None
    return "definition", (f"defines {name} by a formula that is not computed (a definition of a new "
                          f"name, not a claim); not read: {reason}")


def named_formula(text: str) -> str | None:
    """``MSE`` for ``MSE: (y - t)^2`` (a formula given a name, no relation), else ``None``."""
    m = _NAMED.match(text)
    return m.group(1).strip() if m and "=" not in text else None


def _fresh(env, key: str, line: int) -> bool:
    """``key`` has no definition anywhere before (visible or not), only possibly this line's."""
    return key not in env.values and key not in env.funcs and env.opaque.get(key, line) == line


def _top_level_equals(text: str) -> list[int]:
    """Offsets of the ``=`` outside braces, brackets and parentheses (not ``i=1`` of a bound)."""
    depth, out = 0, []
    for i, ch in enumerate(text):
        if ch in "{([":
            depth += 1
        elif ch in "})]":
            depth -= 1
        elif ch == "=" and depth == 0:
            out.append(i)
    return out


def _defined_name(text: str, env, line: int) -> str | None:
    """The new name ``text`` defines when it is ``<new name or function of names> = <formula>``
    with one relation, else ``None``."""
    cuts = _top_level_equals(text)
    if len(cuts) != 1 or _OTHER_RELATIONS.search(text) or _ELIDED.search(text):
        return None
    lhs, rhs = text[:cuts[0]].rstrip(":"), text[cuts[0] + 1:]
    if _OPERATION.match(lhs):
        return lhs.strip()
    for pattern in (_WORD, _FUNC_SUB):
        m = pattern.match(lhs)
        if m:
            key = (m.group(1) or m.group(2)).strip()
            return lhs.strip() if _fresh(env, key, line) and not _uses(rhs, key) else None
    return _parsed_target(lhs, rhs, env, line)


def _uses(rhs: str, base: str) -> bool:
    """Does the right side use the defined name (an update rule, an operation in terms of
    itself: a claim, not a definition)?"""
    return re.search(rf"(?<![A-Za-z\\]){re.escape(base)}(?![A-Za-z])", rhs) is not None


def _parsed_target(lhs: str, rhs: str, env, line: int) -> str | None:
    from .nodes import Call, Name
    from .parse import ParseError, parse_chain
    try:
        sides = parse_chain(lhs).sides
    except (ParseError, RecursionError, ValueError):
        return None
    if len(sides) != 1:
        return None
    node = sides[0]
    if isinstance(node, Name):
        named = node.sub is not None and re.fullmatch(r"[A-Za-z]{3,}", node.sub) is not None  # l_{batch}
        used = node.sub in rhs.replace(" ", "") if named else _uses(rhs, node.base)
        return node.key if _fresh(env, node.key, line) and not used else None
    if isinstance(node, Call) and all(isinstance(a, Name) for a in node.args) and not node.primes:
        fresh = _fresh(env, node.func.key, line) and not _uses(rhs, node.func.base)
        return lhs.strip() if fresh else None
    return None


def condition_kind(chain, before: str):
    """``(kind, message)`` when the statement is a condition the prose introduces ("a special case
    of grouped convolution *when* $M = K = g$"), else ``None``: a relation between names only."""
    from .nodes import Name
    tail = re.sub(r"(?:\$+|\\\(|\\\[)\s*$", "", before.rstrip()).rstrip()[-40:]  # the math opener
    if not _CONDITION.search(tail) or not all(isinstance(x, Name) for x in chain.sides):
        return None
    return "condition", "a condition the prose introduces (when ...), not a claim: nothing to check"


def defined_function(chain, env, line: int):
    """``(kind, message)`` for ``f(x_i, W, b) = W x_i + b`` defining a new function (the checker
    reads the call but has no definition of it), else ``None``."""
    name = _defined_name(chain.source, env, line)
    if name is None:
        return None
    return "definition", f"defines {name} (a new function of the names it lists, not a claim)"
