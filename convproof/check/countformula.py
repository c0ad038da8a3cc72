r"""Parameter counts and multiply-accumulates of a convolution, for all sizes.

``N = (k^2 C_{in} + 1) C_{out}``, ``\text{MACs} = H_\text{out} W_\text{out} C_\text{in} k^2 C_\text{out}``,
``(k_H k_W C_{\text{in}}) C_{\text{out}} + C_{\text{out}}`` (depthwise-separable counts when the
text says so) are compared with convproof's own definitions, computed on symbolic sizes:
:func:`convproof.geometry.conv_params` (and :func:`~convproof.geometry.depthwise_separable_params`)
with and without bias, and :attr:`convproof.geometry.ConvSpec.products` (its definition evaluated on
symbolic channels, kernel and output sizes). The formula ``holds`` when the difference expands to
the zero polynomial (an identity for every size); otherwise it is ``wrong`` with the smallest
sizes where it differs, evaluated with the library on concrete sizes. Bias: when the document
says whether biases are counted ("с bias", "without bias"), that reading is the one checked;
when it does not, either reading proves the formula, and a formula matching neither is left
``unchecked`` (the counterexample is given).

Roles come from the names (``C_{in}``, ``C_\text{out}``, ``k``, ``F``, ``k_H``, ``H_\text{out}``)
and from the prose ("``$D$`` the depth of the input", "``$K$`` filters"); a name read otherwise
leaves the formula unread.

>>> from convproof.check.parse import parse_chain
>>> check_count_formula(parse_chain(r"N = (k^2 C_{in} + 1) C_{out}"), "number of parameters").status
'holds'
"""

from __future__ import annotations

import re
from itertools import product
from types import SimpleNamespace

import sympy as sp

from ..geometry import ConvSpec, conv_params, depthwise_separable_params
from .nodes import Name
from .sizeroles import _IN, _OUT, formula_names
from .sizenames import prose_roles, spelled
from .verdict import StatementResult

__all__ = ["check_count_formula", "count_roles", "library_count"]

KIND = "count-formula"
_PARAMS = re.compile(r"param|параметр|weights\b|весов", re.I)
_MACS_NAMES = {r"\text{MACs}", r"\text{MAC}", r"\mathrm{MACs}", r"\text{MACS}", r"\text{MACs}_{\text{conv}}"}
_PARAM_NAMES = {r"\text{params}", r"\text{Params}", r"\mathrm{params}", r"\#\text{params}", "N_{params}",
                r"N_{\text{params}}", r"\text{Parameters}", r"\text{parameters}"}
_SEPARABLE = re.compile(r"depthwise|depth-wise|separable|сепарабел|поканальн|глубинн\w* (?:разделим|свёрт|сверт)", re.I)
_WITH_BIAS = re.compile(r"with(?: the)? bias|including(?: the)? bias|bias(?:es)? (?:included|counted|учитыва\w*)|"
                        r"с bias|со смещени|с учётом (?:bias|смещ)|\+\s*1 for the bias", re.I)
_NO_BIAS = re.compile(r"without(?: a| the)? bias|no bias|bias\s*=\s*false|ignor\w* (?:the )?bias|без bias|без смещ",
                      re.I)
_ROLE_ORDER = ("cin", "cout", "kh", "kw", "oh", "ow")
ROLE_WORDS = {"cin": "input channels", "cout": "output channels", "kh": "kernel height", "kw": "kernel width",
              "oh": "output height", "ow": "output width"}


def _name_role(n: Name):
    """Role from the name alone: ``(role or None, reason or None)``; ``k``/``F`` is a square kernel."""
    if n.label is not None:
        return None, f"{n.key}: a layer label is not read in a count"
    if n.base == "C" and n.sub in _IN:
        return "cin", None
    if n.base == "C" and n.sub in _OUT:
        return "cout", None
    if n.base in ("k", "F", "f") and n.sub is None:
        return "k", None
    if n.base in ("k", "F") and n.sub in ("h", "H"):
        return "kh", None
    if n.base in ("k", "F") and n.sub in ("w", "W"):
        return "kw", None
    if n.base == "H" and n.sub in _OUT:
        return "oh", None
    if n.base == "W" and n.sub in _OUT:
        return "ow", None
    return None, None


def count_roles(names: list, prose: str) -> tuple:
    """``({name key: role}, reason)``; roles ``cin``, ``cout``, ``k`` (square), ``kh``, ``kw``, ``oh``, ``ow``."""
    told = prose_roles(prose, ("k", "cin", "cout", "s", "p", "d")) if prose else {}
    out = {}
    for n in names:
        role, why = _name_role(n)
        said = told.get(spelled(n.key), set())
        if len(said) > 1 or said - {"k", "cin", "cout"}:
            return None, f"{n.key}: the text names it as {', '.join(sorted(said))}"
        if role and said and said != {"k" if role in ("k", "kh", "kw") else role}:
            return None, f"{n.key}: the text names it otherwise than its letter"
        role = role or (next(iter(said)) if said else None)
        if role is None:
            return None, f"{n.key}: not a quantity of a parameter or MAC count"
        out[n.key] = role
    found = set(out.values())
    if "k" in found and found & {"kh", "kw"}:
        return None, "a square kernel and a kernel height/width in one formula"
    if bool(found & {"kh", "kw"}) and not {"kh", "kw"} <= found:
        return None, "only one of the kernel height and width"
    if len(set(out.values())) != len(set(out)):
        return None, "two names read as the same quantity"
    return out, None


def _what(chain, prose: str):
    """``"macs"``, ``"params"``, ``"separable"`` or ``None`` from the left side and the prose."""
    lhs = chain.sides[0]
    if not isinstance(lhs, Name):
        return None
    if lhs.key in _MACS_NAMES:
        return "macs"
    if lhs.key in _PARAM_NAMES or (lhs.key in ("N", "P", "N_{p}") and _PARAMS.search(prose)):
        return "separable" if _SEPARABLE.search(prose) else "params"
    return None


def _symbols(roles: dict) -> dict:
    return {r: sp.Symbol(r, integer=True, positive=True) for r in set(roles.values())}


def library_count(what: str, v: dict, bias: bool):
    """convproof's count on the values ``v`` (SymPy symbols or ints) of the roles."""
    kh, kw = (v["k"], v["k"]) if "k" in v else (v["kh"], v["kw"])
    if what == "params":
        return conv_params(v["cin"], v["cout"], (kh, kw), bias=bias)
    if what == "separable":
        return depthwise_separable_params(v["cin"], v["cout"], (kh, kw), bias=bias)
    if all(isinstance(x, int) for x in v.values()):
        return ConvSpec(input_size=(v["oh"] + kh - 1, v["ow"] + kw - 1), kernel_size=(kh, kw),
                        in_channels=v["cin"], out_channels=v["cout"]).products
    spec = SimpleNamespace(in_channels=v["cin"], out_channels=v["cout"], groups=1, output_size=(v["oh"], v["ow"]),
                           kernel_size=(kh, kw))
    spec.in_per_group = ConvSpec.in_per_group.fget(spec)  # the library's definition, on symbols
    return ConvSpec.products.fget(spec)


def _needed(what: str, found: set) -> str | None:
    need = {"cin", "cout"} | ({"oh", "ow"} if what == "macs" else set())
    if not need <= found or not (found & {"k", "kh", "kw"}):
        return "the formula does not name every size the count depends on"
    if what != "macs" and found & {"oh", "ow"}:
        return "an output size in a parameter count"
    return None


def _smallest(stated, syms: dict, what: str, bias: bool):
    """The smallest sizes (by their sum) where the formula and the library differ, evaluated concretely."""
    roles = sorted(syms)
    for values in sorted(product(range(1, 5), repeat=len(roles)), key=sum):
        v = dict(zip(roles, values))
        if True:
            claimed = stated.subs({syms[r]: v[r] for r in roles})
            true = library_count(what, v, bias)
            if claimed != true:
                return v, claimed, true
    return None


def check_count_formula(chain, prose: str = ""):
    """The verdict on ``chain`` as a parameter/MAC count formula, or ``None`` when not read as one."""
    if len(chain.sides) != 2 or chain.rels != ["="]:
        return None
    what = _what(chain, prose)
    names = formula_names(chain.sides[1])
    if what is None or not names:
        return None
    roles, why = count_roles(names, prose)
    if roles is None or _needed(what, set(roles.values())):
        return None
    from .formulatree import to_sympy
    syms = _symbols(roles)
    try:
        stated = sp.expand(to_sympy(chain.sides[1], {k: syms[r] for k, r in roles.items()}))
    except (KeyError, ValueError, ZeroDivisionError):
        return None
    return _verdict(chain, stated, syms, roles, what, prose)


def _reading(chain, roles: dict, what: str) -> str:
    words = {"k": "kernel size (square)", **ROLE_WORDS}
    name = {"macs": "multiply-accumulates", "params": "parameters of a convolution",
            "separable": "parameters of a depthwise-separable convolution"}[what]
    return f"read as {chain.sides[0].key} = {name}, " + ", ".join(f"{k} = {words[r]}" for k, r in roles.items())


def _verdict(chain, stated, syms, roles, what, prose):
    reading = _reading(chain, roles, what)
    biases = [None] if what == "macs" else [True, False]
    holds = [b for b in biases if sp.expand(stated - sp.expand(library_count(what, syms, bool(b)))) == 0]
    said = None if what == "macs" else (True if _WITH_BIAS.search(prose) and not _NO_BIAS.search(prose)
                                          else False if _NO_BIAS.search(prose) and not _WITH_BIAS.search(prose)
                                          else None)
    lib = {"macs": "ConvSpec.products", "params": "conv_params", "separable": "depthwise_separable_params"}[what]
    if holds and (said is None or said in holds):
        b = said if said is not None else holds[0]
        how = "" if b is None else (" with bias" if b else " without bias")
        return StatementResult("holds", KIND, f"an identity for all sizes: equals convproof's {lib}{how} on symbolic "
                                              f"sizes (SymPy expansion); {reading}")
    bias = bool(said) if said is not None else True
    found = _smallest(stated, syms, what, bias)
    if found is None:  # the expansion differs but no small size shows it: never report unconfirmed
        return StatementResult("unchecked", KIND, f"count not an identity but no small counterexample; {reading}")
    v, claimed, true = found
    inv = {r: k for k, r in roles.items()}
    where = ", ".join(f"{inv[r]}={v[r]}" for r in sorted(v))
    how = "" if what == "macs" else (" with bias" if bias else " without bias")
    msg = f"for {where} the formula gives {claimed}, convproof's {lib}{how}: {true}; {reading}"
    if what != "macs" and said is None:
        return StatementResult("unchecked", KIND, f"neither the count with bias nor without it: {msg}")
    if what == "separable":  # frameworks differ (Keras: one bias, on the pointwise part): never called wrong
        return StatementResult("unchecked", KIND, f"not convproof's depthwise-separable count (conventions for "
                                                  f"the biases differ): {msg}")
    if holds:
        msg += f"; it is the count {'with' if holds[0] else 'without'} bias, the document says otherwise"
    return StatementResult("wrong", KIND, "wrong " + msg, [{"row": None, "col": None, "claimed": str(claimed),
                                                          "expected": str(true), "where": where}])
