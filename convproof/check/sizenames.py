r"""Roles of size quantities written with ``\text`` subscripts, mixed letters or named in the prose.

:mod:`.sizeroles` reads the two strict notations. Lecture notes also write
``H_{\text{out}} = \lfloor (H + 2p - k)/s \rfloor + 1`` (a ``\text`` output name, a bare input
name, lowercase kernel letters), ``W_\text{out} = W_\text{in} - k_w + 1`` or
``L_{\text{out}} = \lfloor (L_{\text{in}} + 2P - \text{dil}\cdot(K-1) - 1)/S \rfloor + 1`` "where
``K`` is the kernel size, ``S`` the stride, ...". Here:

* the left side must be a size ``H``/``W``/``L`` with an output subscript (``out``, ``\text{out}``,
  ``\text{вых}``, ``2``); the input is the same letter with an input subscript or none;
* every other name is a kernel (``k``, ``K``, ``F``, ``f``), stride (``s``, ``S``), padding (``p``,
  ``P``) or dilation (``d``, ``\text{dil}``), possibly with the axis subscript of the left side
  (``k_h`` in a height formula; ``k_w`` there is another axis: not read);
* the document's prose may name a quantity ("``$K$`` - размер ядра", "``S`` is the stride"):
  a name the letters do not give is read from the prose; a prose role that contradicts the letter
  leaves the formula unread. A role is never guessed.
* next to the words "transposed"/"deconvolution" (транспонированная, обратная свёртка) nothing is read
  here: a transposed size in these letters would otherwise be compared with the direct count.

>>> from convproof.check.parse import parse_chain
>>> general_roles(parse_chain(r"H_{\text{out}} = \frac{H + 2p - k}{s} + 1"))[0]['H']
'n'
>>> prose_roles("где $K$ - размер ядра, $S$ - stride, $P$ - padding")
{'K': {'k'}, 'S': {'s'}, 'P': {'p'}}
"""

from __future__ import annotations

import re

from .nodes import Name
from .sizeroles import _IN, _OUT, formula_names

__all__ = ["general_roles", "prose_roles", "ROLE_PATTERNS", "spelled"]

_SIZE_BASES = {"H": {"h", "H"}, "W": {"w", "W"}, "L": set()}
_LETTERS = {"k": "k", "K": "k", "F": "k", "f": "k", "s": "s", "S": "s", "p": "p", "P": "p", "d": "d",
            r"\text{dil}": "d", r"\mathrm{dil}": "d"}
ROLE_PATTERNS = {  # role: words that name it next to the symbol (English, Russian)
    "k": r"kernel(?: size)?|filter size|size of the (?:kernel|filter)|spatial extent|размер\w* (?:ядра|фильтра)|ядр[оа]\b",
    "s": r"stride|шаг\w*",
    "p": r"padding|дополнени\w*|паддинг\w*",
    "d": r"dilation|дилатаци\w*|прорежива\w*|разрежени\w*",
    "n": r"input size|size of the input|input of size|размер\w* входа|входн\w* размер\w*",
    "o": r"output size|size of the output|output of size|размер\w* выхода|выходн\w* размер\w*",
    "cin": r"input channels|channels of the input|input depth|depth of the input|\bdepth\b|входн\w* канал\w*|"
           r"канал\w* вход\w*|глубин\w*",
    "cout": r"output channels|number of (?:filters|kernels)|\bfilters\b|выходн\w* канал\w*|"
            r"(?:число|количеств\w*) (?:фильтров|ядер)|канал\w* выход\w*",
}
_MATH = re.compile(r"\$([^$\n]{1,40})\$|\\\((.{1,40}?)\\\)")
# a size formula of a transposed convolution in these notations would be read as a direct one: not read
_TRANSPOSED = re.compile(r"transpos|deconv|up-?convolution|fractionally|транспонир|обратн\w* свёрт|обратн\w* сверт|"
                         r"развёрт|разверт", re.I)
_STOP = re.compile(r"[,;.\n]|\band\b|\bи\b")


def spelled(text: str) -> str:
    """A symbol's spelling without braces, spaces and font commands (``W_{\\text{in}}`` ->
    ``W_\\text in``-like canonical text) for comparing prose math with a parsed name's key."""
    return re.sub(r"[{}\s]|\\[,;!]", "", text)


def _window_roles(text: str, order: tuple) -> set:
    found = set()
    for role in order:
        if re.search(ROLE_PATTERNS[role], text, flags=re.IGNORECASE):
            found.add(role)
    if {"k", "cout"} <= found and re.search(r"number of kernels|(?:число|количеств\w*) ядер", text, re.I):
        found.discard("k")
    return found


def prose_roles(prose: str, roles: tuple = ("k", "s", "p", "d", "n", "o")) -> dict:
    """``{spelling: {roles}}`` for every inline symbol of ``prose`` followed (up to the next
    symbol or punctuation) by words naming a role: "$K$ - kernel size", "$S$ is the stride";
    a symbol named twice differently gets both roles (and is then not read)."""
    out: dict = {}
    marks = list(_MATH.finditer(prose))
    for i, m in enumerate(marks):
        sym = spelled(m.group(1) or m.group(2))
        if not sym or len(sym) > 20 or "=" in sym:
            continue
        end = marks[i + 1].start() if i + 1 < len(marks) else len(prose)
        after = prose[m.end():end]
        stop = _STOP.search(after)
        after = after[:stop.start()] if stop else after
        if len(after) > 60:
            continue
        found = _window_roles(after, roles) | _named_before(prose, marks, i, roles)
        if found:
            out.setdefault(sym, set()).update(found)
    return out


def _named_before(prose: str, marks: list, i: int, roles: tuple) -> set:
    """Roles named by the words right before symbol ``i``: "kernel size $K$", "stride $S$",
    "an input of size $I$" (the words end where the symbol starts)."""
    start = marks[i - 1].end() if i else max(0, marks[i].start() - 60)
    before = prose[start:marks[i].start()]
    cut = list(_STOP.finditer(before))
    before = before[cut[-1].end():] if cut else before
    found = set()
    for role in roles:
        if re.search(rf"(?:{ROLE_PATTERNS[role]})\s*(?:is\s*|=\s*)?\Z", before, flags=re.IGNORECASE):
            found.add(role)
    return found


def _letter_role(name: Name, axis: set):
    role = _LETTERS.get(name.base)
    if role is None or name.label is not None:
        return None, None
    if name.sub is not None and name.sub not in axis:
        return None, f"{name.key}: its subscript names another axis or a quantity not read"
    return role, None


def _role_of(name: Name, axis: set, told: dict):
    letter, why = _letter_role(name, axis)
    if why:
        return None, why
    said = told.get(spelled(name.key), set())
    if len(said) > 1:
        return None, f"{name.key}: the text names it as {' and '.join(sorted(said))}"
    if said and letter and said != {letter}:
        return None, f"{name.key}: the text names it otherwise than its letter"
    role = letter or (next(iter(said)) if said else None)
    if role is None or role in ("o", "n"):
        return None, f"{name.key}: neither its letter nor the text says which quantity it is"
    return role, None


_OUTPUT_BEFORE = re.compile(r"(?:" + ROLE_PATTERNS["o"] + r")\s*(?:is|equals|равен|равна|=)?\s*:?\s*\Z",
                            re.IGNORECASE)


def _named_output(lhs: Name, prose: str, told: dict) -> bool:
    """A name without a size letter that the text names the output size: "$O$ is the output size",
    or a display right after "the output size is"."""
    if lhs.label is not None or lhs.base in _SIZE_BASES:
        return False
    said = told.get(spelled(lhs.key))
    opened = max(prose.rfind("$$"), prose.rfind("\\["), prose.rfind("\\begin{"))  # the display's start
    return said == {"o"} or said is None and opened > 0 and \
        _OUTPUT_BEFORE.search(prose[max(0, opened - 80):opened]) is not None


def general_roles(chain, prose: str = "") -> tuple:
    """``(roles, reason)`` as :func:`.sizeroles.roles` gives them, for the looser notations above."""
    if len(chain.sides) != 2 or chain.rels != ["="] or not isinstance(chain.sides[0], Name):
        return None, "not of the form output = formula"
    lhs, names = chain.sides[0], formula_names(chain.sides[1])
    lettered = lhs.base in _SIZE_BASES and lhs.label is None and lhs.sub in _OUT
    if not names or not lettered and (lhs.label is not None or lhs.sub is not None or len(lhs.base) != 1
                                      or lhs.base in _SIZE_BASES):  # only a bare letter may be named so
        return None, "not an output size with an output subscript"
    if _TRANSPOSED.search(prose):
        return None, "the text speaks of a transposed convolution: a looser notation is not read there"
    told = prose_roles(prose) if prose else {}
    named = not lettered and _named_output(lhs, prose, told)
    if not lettered and not named:
        return None, "not an output size with an output subscript"
    axis = _SIZE_BASES.get(lhs.base, set()) if not named else set()
    out = {lhs.key: "o"}
    for n in names:
        if named and told.get(spelled(n.key)) == {"n"}:  # O = (I + 2P - K)/S + 1 "for an input of size $I$"
            out[n.key] = "n"
            continue
        if n.base == lhs.base:
            if n.label is not None or not (n.sub is None or n.sub in _IN):
                return None, f"{n.key}: not the input size of {lhs.key}"
            out[n.key] = "n"
            continue
        role, why = _role_of(n, axis, told)
        if role is None:
            return None, why
        out[n.key] = role
    return out, None
