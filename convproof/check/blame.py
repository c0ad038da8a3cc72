"""Blame in a failed link: a printed number that is a mistyped copy of an earlier one.

In ``\\frac{\\partial L}{\\partial w_1} = 0.5202 \\cdot 2 = 1.0044`` after ``0.5022`` was printed, the
result is right and the factor is the earlier value with two digits transposed.  When replacing
one number of the computed side by an earlier printed value it is a mistyped copy of (two
adjacent digits transposed, one digit dropped, doubled or inserted) makes the link hold, the link is
blamed on that number and ``--fix`` corrects it, not the result.  When that is ambiguous (more
than one such copy, or the stated result is itself a mistyped copy of the computed one),
``--fix`` leaves the link alone.

>>> mistyped("0.5202", "0.5022"), mistyped("0.502", "0.5022"), mistyped("0.5022", "0.5022")
('transposed digits', 'dropped digit', None)
"""

from __future__ import annotations

import dataclasses

from .nodes import Num

__all__ = ["MAX_PRINTED", "blame", "mistyped", "remember"]

MAX_PRINTED = 200


def mistyped(text: str, original: str) -> str | None:
    """How ``text`` is a mistyped copy of ``original`` (``None`` if it is not)."""
    if text == original:
        return None
    if len(text) == len(original):
        diff = [i for i, (a, b) in enumerate(zip(text, original)) if a != b]
        if len(diff) == 2 and diff[1] == diff[0] + 1 and \
                text[diff[0]] == original[diff[1]] and text[diff[1]] == original[diff[0]]:
            return "transposed digits"
        return None
    short, long_ = (text, original) if len(text) < len(original) else (original, text)
    if len(long_) - len(short) != 1:
        return None
    for i, ch in enumerate(long_):
        if ch.isdigit() and long_[:i] + long_[i + 1:] == short:
            if short is text:
                return "dropped digit"
            return "doubled digit" if ch in long_[max(0, i - 1):i] + long_[i + 1:i + 2] else "extra digit"
    return None


def remember(chain, env, line: int) -> None:
    """Record the decimals printed in ``chain`` (at least three digits) for later blame."""
    printed = env.printed
    for side in chain.sides:
        for node in _nums(side):
            if sum(ch.isdigit() for ch in node.text) >= 3:
                printed.append((node.text, node.value, line))
    del printed[:-MAX_PRINTED]


def _nums(node):
    from .walk import walk
    return [n for n in walk(node) if isinstance(n, Num)]


def _swap(node, target, new):
    """``node`` with the subtree ``target`` replaced by ``new``."""
    if node is target:
        return new
    if not dataclasses.is_dataclass(node):
        return node
    changes = {}
    for field in dataclasses.fields(node):
        value = getattr(node, field.name)
        if dataclasses.is_dataclass(value):
            changes[field.name] = _swap(value, target, new)
        elif isinstance(value, tuple) and field.name != "span":
            changes[field.name] = tuple(
                tuple(_swap(v, target, new) for v in item) if isinstance(item, tuple)
                else _swap(item, target, new) for item in value)
    return dataclasses.replace(node, **changes)


def _repairs(computed, claimed, rel, env, src):
    """``(num_node, original_text, line, how)`` whose replacement makes the link hold."""
    from .compare import Side, compare_link
    out, seen = [], set()
    for num in _nums(computed.node):
        for text, value, line in reversed(env.printed):
            how = mistyped(num.text, text)
            if how is None or (num.span, text) in seen:
                continue
            seen.add((num.span, text))
            fixed = _swap(computed.node, num, dataclasses.replace(num, value=value, text=text))
            side = Side(fixed, env)
            if side.error is None and compare_link(side, claimed, rel, env, src).status == "holds":
                out.append((num, text, line, how))
    return out


def blame(link, computed, claimed, rel, env, src: str):
    """Re-aim a wrong scalar link at a mistyped input copy when one explains it."""
    if link.status != "wrong" or link.kind != "arithmetic" or not env.printed:
        return link
    repairs = _repairs(computed, claimed, rel, env, src)
    if not repairs:
        return link
    claimed_text = src[claimed.node.span[0]:claimed.node.span[1]].strip()
    expected = link.mismatches[0]["expected"] if link.mismatches else None
    result_typo = expected is not None and mistyped(claimed_text, expected) is not None
    desc = "; ".join(f"{src[n.span[0]:n.span[1]]} looks like {text} (line {line}) with {how}"
                     for n, text, line, how in repairs)
    if len(repairs) == 1 and not result_typo:
        num, text, _, _ = repairs[0]
        link.message = (f"{desc}: with {text} the link holds, so the stated result is kept (as printed: "
                        f"{link.message})")
        link.mismatches = [{"row": None, "col": None, "claimed": src[num.span[0]:num.span[1]],
                            "expected": text}]
        link.fixes = [(num.span[0], num.span[1], text)]
        return link
    link.message = f"ambiguous blame ({desc}; the result may be mistyped too), not fixed; {link.message}"
    link.fixes = []
    return link
