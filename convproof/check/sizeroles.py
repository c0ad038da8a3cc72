r"""Read the quantities of a size formula: which name is the input size, the kernel, the stride, ...

A size formula is read only in one of two notations, chosen from the names themselves, and only
when every name fits it and the output and input names agree (same dimension, consecutive layers):

* the letters of the convolution-arithmetic guide: ``i`` input, ``k`` kernel, ``s`` stride, ``p``
  padding, ``d`` dilation, ``a`` output padding, ``o`` output; ``i'``, ``o'`` for the transposed
  convolution; one common subscript (``i_1``, ``k_1``, ``o_1``) names the axis;
* the lecture letters (and a course's ``n_H^{[l]}``, ``f^{[l]}``, ``p^{[l]}``, ``s^{[l]}``):
  ``W``/``H``/``n`` the sizes (``W_1``/``W_2``, ``W_{in}``/``W_{out}``,
  ``W_{\text{вх}}``/``W_{\text{вых}}``, ``H^{(l)}``/``H^{(l+1)}``), ``F`` the kernel (``F_w``,
  ``F_h``, ``F^{(l)}``), ``P`` padding, ``S`` stride.

Anything else (a name in neither notation, two notations mixed, ``F_w`` in a height formula,
primed kernel or stride of the equivalent direct convolution) leaves the formula unread, with the
reason: a role is never guessed.

>>> from convproof.check.parse import parse_chain
>>> roles(parse_chain(r"W_2 = (W_1 - F + 2P)/S + 1"))[0]
{'W_{2}': 'o', 'W_{1}': 'n', 'F': 'k', 'P': 'p', 'S': 's'}
"""

from __future__ import annotations

import re

from .nodes import Bin, Builtin, Call, Name, Neg, Num, Pow
from .walk import walk

__all__ = ["roles", "formula_names", "context_sets", "ROLE_WORDS", "SPAN_KEYS"]

SPAN_KEYS = {r"\hat{k}", "k_{eff}", r"k_{\text{eff}}", r"k_{\mathrm{eff}}"}

ROLE_WORDS = {"o": "output size", "n": "input size", "k": "kernel size", "s": "stride", "p": "padding",
              "d": "dilation", "a": "output padding"}
_OUT = {"2", "out", r"\text{out}", r"\mathrm{out}", r"\text{вых}", r"\mathrm{вых}", r"\text{output}", "o"}
_IN = {"1", "in", r"\text{in}", r"\mathrm{in}", r"\text{вх}", r"\mathrm{вх}", r"\text{input}", "i"}
_LOWER = {"i": "n", "k": "k", "s": "s", "p": "p", "d": "d", "a": "a", "o": "o"}
_UPPER = {"F": "k", "P": "p", "S": "s", "f": "k", "p": "p", "s": "s"}
_AXIS = {"W": {"w", "W", "x"}, "H": {"h", "H", "y"}, "n": set()}  # n: n_H^{[l]}, n_{out} (course notation)


def formula_names(node) -> list:
    """The names of a formula side; ``None`` when the side has anything but + - * / powers,
    floor/ceil and names (a name applied to a bracket, ``s(i'-1)``, is a product)."""
    names = []
    for n in walk(node):
        if isinstance(n, Name):
            names.append(n)
        elif isinstance(n, Builtin) and (n.name not in ("floor", "ceil") or n.primes):
            return None
        elif isinstance(n, Call) and (n.primes or len(n.args) != 1):
            return None
        elif not isinstance(n, (Bin, Neg, Num, Pow, Builtin, Call, Name)):
            return None
        elif isinstance(n, Bin) and n.op not in "+-*/":
            return None
    return names


def _primes(name: Name) -> int:
    return name.key.count("'")


def _layer(label):
    """``(l+1)`` -> ``("l", 1)``, ``l`` -> ``("l", 0)``, ``[l-1]`` -> ``("l", -1)``; else ``None``."""
    if label is None:
        return None
    text = label.strip("()[]{}").replace(" ", "")
    for off, suffix in ((1, "+1"), (-1, "-1"), (0, "")):
        if suffix and text.endswith(suffix) and text[:-2].isalpha():
            return text[:-2], off
        if not suffix and text.isalpha() and len(text) <= 2:
            return text, 0
    return None


def _lower_role(name: Name):
    if name.label is not None or name.base not in _LOWER:
        return None, "not a letter of the convolution-arithmetic notation"
    role = _LOWER[name.base]
    if _primes(name) and role not in ("o", "n"):
        return None, f"{name.key} is a primed {ROLE_WORDS[role]} (the equivalent direct convolution): not read"
    return role, None


def _upper_role(name: Name, axis):
    if name.base in _AXIS:
        if name.sub in _OUT or (name.sub is None and name.label is not None):
            return "size", None
        if name.sub in _IN:
            return "size", None
        return None, f"{name.key}: which size (input or output) the subscript names is not clear"
    if name.base in _UPPER:
        if name.sub is not None and axis is not None and name.sub not in _AXIS[axis]:
            return None, f"{name.key} belongs to another axis than the {axis} formula"
        if name.sub is not None and axis is None and name.sub not in ("w", "h", "W", "H"):
            return None, f"{name.key}: subscript {name.sub} not read"
        return _UPPER[name.base], None
    return None, "not a letter of the W, F, P, S notation"


def _size_roles(lhs: Name, names: list) -> tuple:
    """Output and input roles of the W/H names: the output is the left side."""
    sizes = [n for n in names if n.base in _AXIS]
    if any(n.base != lhs.base for n in sizes):
        return None, "the formula mixes width and height sizes"
    out_layer = _layer(lhs.label)
    for n in sizes:
        if n.key == lhs.key:
            return None, f"{n.key} appears on both sides"
        if lhs.label is not None or n.label is not None:
            lay = _layer(n.label)
            if out_layer is None or lay is None or lay[0] != out_layer[0] or lay[1] != out_layer[1] - 1 \
                    or n.sub != lhs.sub:
                return None, f"{lhs.key} and {n.key} are not the sizes of consecutive layers"
        elif not (lhs.sub in _OUT and n.sub in _IN):
            return None, f"{lhs.key} and {n.key}: output and input not told apart by their subscripts"
    return {n.key: "n" for n in sizes}, None


def _check_labels(lhs: Name, names: list):
    """Parameters labelled by layer must carry the input's or the output's layer label."""
    allowed = {lhs.label} | {n.label for n in names if n.base in _AXIS}
    for n in names:
        if n.base not in _AXIS and n.label is not None and n.label not in allowed:
            return f"{n.key}: its layer label does not match the sizes'"
    return None


def roles(chain) -> tuple:
    """``(roles, reason)``: ``{name key: role}`` for a size formula ``output = expression``, or
    ``None`` with the reason it is not read as one."""
    if len(chain.sides) != 2 or chain.rels != ["="] or not isinstance(chain.sides[0], Name):
        return None, "not of the form output = formula"
    lhs, names = chain.sides[0], formula_names(chain.sides[1])
    if not names:
        return None, "the right side is not a size formula"
    if lhs.key in SPAN_KEYS:
        return _span_roles(lhs, names)
    if lhs.base in _LOWER:
        return _lower_roles(lhs, names)
    if lhs.base in _AXIS:
        return _upper_roles(lhs, names)
    return None, f"{lhs.key} is not an output size in a notation the checker reads"


def _lower_roles(lhs: Name, names: list) -> tuple:
    if lhs.base != "o" or lhs.label is not None:
        return None, f"{lhs.key} is not the output size o"
    out = {lhs.key: "o"}
    for n in names:
        role, why = _lower_role(n)
        if role is None:
            return None, f"{n.key}: {why}"
        if n.sub != lhs.sub and not (n.sub is None and role in ("s", "p", "d", "a")):
            return None, f"{n.key} and {lhs.key} name different axes"
        if role == "o":
            return None, f"{n.key} appears on both sides"
        if role == "n" and _primes(n) != _primes(lhs):
            return None, f"{lhs.key} and {n.key}: primed and unprimed sizes mixed"
        out[n.key] = role
    return out, None


def _upper_roles(lhs: Name, names: list) -> tuple:
    sizes, why = _size_roles(lhs, names)
    if sizes is None:
        return None, why
    why = _check_labels(lhs, names)
    if why:
        return None, why
    out = {lhs.key: "o", **sizes}
    for n in names:
        if n.base in _AXIS:
            continue
        role, why = _upper_role(n, lhs.base)
        if role is None:
            return None, why
        out[n.key] = role
    return out, None


def _span_roles(lhs: Name, names: list) -> tuple:
    """``\\hat{k} = k + (k-1)(d-1)``: the dilated kernel span, in ``k`` and ``d`` only."""
    out = {lhs.key: "o"}
    for n in names:
        if n.key not in ("k", "d"):
            return None, f"{n.key}: a kernel span is read in k and d only"
        out[n.key] = n.key
    return out, None


_SETS = {  # role: (value pattern, neutral value, words that set it without a value)
    "p": (r"(?:padding|дополнени\w*|паддинг\w*)\D{0,12}?(\d+)|\bp\s*=\s*(\d+)", 0,
          r"\b(?:full|half|same)\b[\s(\w)']{0,12}?(?:zero[ -])?padding|padding\s*=?\s*['\"]?(?:full|half|same)"
          r"|\bsame\s+(?:output\s+)?size|полн\w* (?:дополн|паддинг)|половинн\w* (?:дополн|паддинг)"
          r"|одинаков\w* (?:\w+ )?размер|сохран\w* (?:\w+ )?размер"),
    "s": (r"(?:stride|шаг\w*)\D{0,12}?(\d+)|\bs\s*=\s*(\d+)", 1, r"non-unit strides?|strided"),
    "d": (r"(?:dilation|дилатаци\w*|разрежени\w*)\D{0,12}?(\d+)|\bd\s*=\s*(\d+)", 1, r"dilated|atrous|расширенн"),
}
_WORD = {"p": "a padding", "s": "a stride", "d": "a dilation"}


def context_sets(prose: str, by_role: dict) -> str | None:
    """A quantity the prose sets but the formula leaves out (``o = i + k - 1`` after "full
    padding", ``o = i - k + 1`` after "stride 2"): the formula is then about that setting, which
    is not read. A stated neutral value (``s = 1``, ``p = 0``) agrees with the formula."""
    text = prose.lower()
    for role, (values, neutral, words) in _SETS.items():
        if role in by_role:
            continue
        stated = {int(a or b) for a, b in re.findall(values, text)}
        if re.search(words, text) or stated - {neutral}:
            return f"the text before it sets {_WORD[role]} that the formula does not name: not read"
    return None
