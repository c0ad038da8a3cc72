r"""Kernel gradients entry by entry: ``\frac{\partial L}{\partial f_t} = y_1 g_3 + ...`` evaluated.

A statement the checker files as a definition (the left side a bare name) is read here when its
left side is the partial derivative of a loss by one kernel tap and the text since the previous
display states the 1D convolution it belongs to: ``z = f * y`` (which letter is the kernel, which
the input), ``g = dL/dz`` (the upstream gradient), whether it is a cross-correlation or a true
(flipped) convolution, and the sizes: input ``n``, kernel ``k``, stride, dilation and padding
``(lo, hi)`` (English or Russian words).  The exact gradient is then computed with convproof's own
:func:`convproof.symbolic.backprop.grad_weight` on symbols ``y_i``, ``g_i``:

    dL/df_t = sum_i g_i y_{s i + d t - p_lo}      (cross-correlation; ``k - 1 - t`` when flipped)

and compared exactly (SymPy) with the stated right-hand side.  The index base is read from the
display: 0-based when an index 0 of these letters appears, 1-based when an index reaches its
1-based top (``y_n``, ``f_k``, ``g_m``), unread when neither or both.  Equal: ``holds``; different:
``wrong`` with the expected sum; anything not read with confidence: ``unchecked`` with the reason.
Statements that are not a kernel-tap derivative give ``None`` (not read here).

>>> from convproof.check.parse import parse_chain
>>> prose = ("z = f * y is the cross-correlation with n=4, k=2, stride 1, dilation 1, "
...          "padding (0, 0) and g_i = dL/dz_i.")
>>> text = r"\frac{\partial L}{\partial f_2} = y_2 g_1 + y_3 g_2 + y_4 g_3"
>>> check_gradient_entries(parse_chain(text), prose, text, 3).status
'holds'
>>> text = r"\frac{\partial L}{\partial f_2} = y_2 g_1 + y_3 g_2 + y_3 g_3"
>>> check_gradient_entries(parse_chain(text), prose, text, 3).status
'wrong'
"""

from __future__ import annotations

import re

import numpy as np
import sympy as sp

from ..errors import ConvProofError
from ..geometry import ConvSpec
from ..symbolic.backprop import grad_weight
from .combine import stated_spec
from .nodes import Bin, Name, Neg, Num
from .verdict import StatementResult

__all__ = ["check_gradient_entries", "read_conv_prose"]

KIND = "gradient-entries"
MAX_SIZE = 512  # input length read at most (the expected sum has at most that many terms)
_LHS = re.compile(r"\\frac\{\\partial ([A-Za-z])\}\{\\partial ([A-Za-z])_\{(\d+)\}\}")
_CONV = re.compile(r"(?<![\w\\])([A-Za-z])\s*=\s*([A-Za-z])\s*(?:\*|\\ast|\\star)\s*([A-Za-z])(?![\w])")
_GRAD = re.compile(r"(?<![\w\\])([A-Za-z])(?:_\{?[a-z]\}?)?\s*=\s*(?:"
                   r"(?:d|\\partial\s*)([A-Za-z])\s*/\s*(?:d|\\partial\s*)([A-Za-z])"
                   r"|\\frac\{\s*(?:d|\\partial\s*)([A-Za-z])\s*\}\{\s*(?:d|\\partial\s*)([A-Za-z]))")
_N = re.compile(r"(?<![\w\\])n\s*=\s*(\d+)(?![\d.,]?\d|\s*[x×])|input (?:size|length) (?:of )?(\d+)(?![\d.,]?\d)"
                r"|(?:размер|длин)\w* входа\s*(\d+)(?![\d.,]?\d)")
_K = re.compile(r"(?<![\w\\])k\s*=\s*(\d+)(?![\d.,]?\d|\s*[x×])|kernel (?:size|length) (?:of )?(\d+)(?![\d.,]?\d)"
                r"|(?:размер|длин)\w* ядра\s*(\d+)(?![\d.,]?\d)")
_PAD = re.compile(r"(?:padding|дополнени\w*|паддинг\w*)\s*(?:of\s*|p\s*=\s*|=\s*)?"
                  r"(?:\(\s*(\d+)\s*,\s*(\d+)\s*\)|(\d+)(?![.,]?\d))")
_NO_PAD = re.compile(r"(?:no|without) (?:zero[- ])?padding|\bvalid\b|без дополнени|без паддинг")
_WORDS = {"stride": r"stride|strided|шаг", "dilation": r"dilat|atrous|дилатац|разрежен|расширен",
          "padding": r"pad|дополнен|паддинг|\bsame\b|\bfull\b"}
_CORR = re.compile(r"correlat|корреляц")
_FLIP = re.compile(r"flip|true convolution|перев[её]рнут|перевор|отраж[её]нн|истинн\w* св[её]ртк")
_NO_FLIP = re.compile(r"(?:no|not|without|never)\s+(?:\w+\s+)?flip\w*|(?:без|не)\s+(?:\w+\s+)?(?:перевор|перев[её]рн|отраж)\w*")
_INDEX = re.compile(r"(?<![A-Za-z\\])([A-Za-z])_(?:\{\s*(-?\d+)\s*\}|(\d))")


def _one(pattern, text: str):
    """``(value, offset)`` of the single value ``pattern`` finds, ``None`` if none, ``"several"``."""
    found = [(tuple(int(x) for x in m.groups() if x is not None), m.start()) for m in pattern.finditer(text)]
    values = {v for v, _ in found}
    if len(values) > 1:
        return "several"
    return (found[0][0], found[0][1]) if found else None


def _sizes(low: str) -> dict | str:
    """n, k, stride, dilation, padding stated in ``low`` (lower-cased prose), or the reason."""
    out, where = {}, []
    for key, pattern in (("n", _N), ("k", _K), ("padding", _PAD)):
        got = _one(pattern, low)
        if got == "several":
            return f"several values of {key} in the text"
        if got is not None:
            value = got[0]
            out[key] = (value * 2 if len(value) == 1 else value) if key == "padding" else value[0]
            where.append(got[1])
    if _NO_PAD.search(low) and out.get("padding", (0, 0)) != (0, 0):
        return "the text states no padding and a padding"
    if "padding" not in out and _NO_PAD.search(low) and not re.search(r"\bsame\b|\bfull\b", low):
        out["padding"] = (0, 0)
    if "n" not in out or "k" not in out:
        return "no input size n and kernel size k in the text"
    sd = stated_spec(low)
    for key in ("stride", "dilation"):
        if key in sd:
            out[key] = sd[key]
    for key, neutral in (("stride", 1), ("dilation", 1), ("padding", (0, 0))):
        if key not in out:
            if re.search(_WORDS[key], low):
                return f"the {key} in the text is not read"
            out[key] = neutral
    out["at"] = min(where)
    return out


def _letters(before: str, loss: str, kernel: str) -> dict | str:
    """Letters of the input and of the upstream gradient, or the reason."""
    convs = {m.groups() for m in _CONV.finditer(before)}
    grads = {(m.group(1), m.group(2) or m.group(4), m.group(3) or m.group(5)) for m in _GRAD.finditer(before)}
    grads = {g for g in grads if g[1] == loss}
    if len(convs) != 1 or len(grads) != 1:
        return (f"the text does not state one convolution z = {kernel} * y" if len(convs) != 1 else
                f"the text does not state one upstream gradient g = d{loss}/dz")
    (z, a, b), (g, _, dz) = convs.pop(), grads.pop()
    if kernel not in (a, b) or a == b or dz != z or len({z, a, b, g, loss}) != 5:
        return f"the stated z = {a} * {b} and {g} = d{loss}/d{dz} do not fit d{loss}/d{kernel}"
    return {"input": b if a == kernel else a, "g": g, "z": z}


def read_conv_prose(before: str, loss: str, kernel: str) -> dict | str:
    """What the prose ``before`` a display states about the convolution of ``kernel`` (see the
    module docstring), or the reason it is not read.

    >>> r = read_conv_prose("z = f * y, the correlation with n=5, k=3, stride 2 (g = dL/dz).", "L", "f")
    >>> r["n"], r["k"], r["stride"], r["padding"], r["input"], r["g"], r["flipped"]
    (5, 3, 2, (0, 0), 'y', 'g', False)
    """
    low = before.lower()
    unflipped = _NO_FLIP.sub(" ", low)
    corr, flip = bool(_CORR.search(low)) or unflipped != low, bool(_FLIP.search(unflipped))
    if corr == flip:
        return "the text does not say whether the kernel is flipped (correlation or true convolution)"
    sizes = _sizes(low)
    if isinstance(sizes, str):
        return sizes
    letters = _letters(before, loss, kernel)
    if isinstance(letters, str):
        return letters
    return {**sizes, **letters, "flipped": flip}


def _spec(r: dict) -> ConvSpec | str:
    if not (1 <= r["n"] <= MAX_SIZE and 1 <= r["k"] <= r["n"] + sum(r["padding"]) and r["stride"] >= 1
            and r["dilation"] >= 1 and max(r["padding"]) <= MAX_SIZE):
        return "the stated sizes are not a valid convolution"
    try:
        spec = ConvSpec(input_size=r["n"], kernel_size=r["k"], stride=r["stride"], dilation=r["dilation"],
                        padding=(tuple(r["padding"]),))
        return spec if spec.output_size[0] >= 1 else "the stated sizes give no output"
    except ConvProofError as exc:
        return f"the stated sizes are not a valid convolution ({exc})"


def _base(text: str, tops: dict) -> int | str:
    """0 or 1 from the indices of the letters in ``tops`` in the display ``text``, or the reason."""
    seen = [(m.group(1), int(m.group(2) or m.group(3))) for m in _INDEX.finditer(text) if m.group(1) in tops]
    zero = any(i == 0 for _, i in seen)
    top = any(i == tops[c] for c, i in seen)
    if zero == top:
        return ("indices 0 and n (or k, m) both appear: no index base fits" if zero else
                "the index base (0 or 1) is not clear from the indices")
    return 0 if zero else 1


def _sympy(node, symbols: dict):
    """A sum of signed products of the entries in ``symbols``; a number (values of the entries
    given elsewhere, a numeric result) or any other construct is not read (``KeyError``)."""
    if isinstance(node, Num):
        raise KeyError(f"the number {node.text}")
    if isinstance(node, Name):
        return symbols[node.key]
    if isinstance(node, Neg):
        return -_sympy(node.operand, symbols)
    if isinstance(node, Bin) and node.op in "+-*":
        a, b = _sympy(node.left, symbols), _sympy(node.right, symbols)
        return {"+": a + b, "-": a - b, "*": a * b}[node.op]
    raise KeyError(type(node).__name__)


def _term_latex(term, order: dict) -> str:
    """One product ``y_{j} g_{i}`` (input symbol first)."""
    coeff, factors = term.as_coeff_mul()
    names = sorted(factors, key=lambda f: order.get(str(f)[0], 9))
    body = " ".join(sp.latex(f) for f in names)
    return body if coeff == 1 else f"-{body}" if coeff == -1 else f"{coeff} {body}"


def _latex(expr, letters: dict) -> str:
    if expr == 0:
        return "0"
    order = {letters["input"]: 0, letters["g"]: 1}
    terms = sorted(sp.Add.make_args(expr), key=lambda t: sorted(
        int(m) for f in t.free_symbols for m in re.findall(rf"^{letters['g']}_{{(-?\d+)}}$", str(f))))
    out = " + ".join(_term_latex(t, order) for t in terms)
    return out.replace("+ -", "- ")


def _describe(r: dict, line: int) -> str:
    kind = "true convolution (flipped kernel)" if r["flipped"] else "cross-correlation"
    return (f"given the spec stated in the text (line {line}): {r['z']} = {r['kernel']} * {r['input']}, {kind}, "
            f"n={r['n']}, k={r['k']}, stride {r['stride']}, dilation {r['dilation']}, padding {r['padding']}, "
            f"{r['g']} = d{r['loss']}/d{r['z']}, {r['base']}-based indices")


def _expected(spec: ConvSpec, r: dict, tap: int):
    name = lambda c, i: sp.Symbol(f"{c}_{{{i + r['base']}}}")  # noqa: E731
    y = np.array([[name(r["input"], j) for j in range(r["n"])]], dtype=object)
    g = np.array([[name(r["g"], i) for i in range(spec.output_size[0])]], dtype=object)
    grads = grad_weight(spec, y, g)[0, 0]
    return sp.expand(grads[r["k"] - 1 - tap] if r["flipped"] else grads[tap])


def check_gradient_entries(chain, before: str, text: str, line: int) -> StatementResult | None:
    """The verdict on ``chain`` (``\\frac{\\partial L}{\\partial f_t} = ...``) given the prose
    ``before`` the display ``text`` that starts at ``line``; ``None`` when it is not such a
    statement or the prose states no upstream gradient."""
    lhs = chain.sides[0]
    m = _LHS.fullmatch(getattr(lhs, "key", "") or "")
    if m is None or len(chain.sides) != 2 or chain.rels != ["="] or not _GRAD.search(before):
        return None
    loss, kernel, written = m.group(1), m.group(2), int(m.group(3))
    r = read_conv_prose(before, loss, kernel)
    spec = _spec(r) if isinstance(r, dict) else r
    if isinstance(spec, str):
        return StatementResult("unchecked", KIND, f"kernel gradient entry not checked: {spec}")
    r.update(kernel=kernel, loss=loss)
    base = _base(text, {kernel: r["k"], r["input"]: r["n"], r["g"]: spec.output_size[0]})
    if isinstance(base, str):
        return StatementResult("unchecked", KIND, f"kernel gradient entry not checked: {base}")
    r["base"] = base
    spec_line = line - before.count("\n", r["at"])
    sizes = {kernel: r["k"], r["input"]: r["n"], r["g"]: spec.output_size[0]}
    symbols = {f"{c}_{{{i}}}": sp.Symbol(f"{c}_{{{i}}}") for c in (r["input"], r["g"])
               for i in range(base, base + sizes[c])}
    if not base <= written < base + r["k"]:
        return StatementResult("unchecked", KIND, f"kernel gradient entry not checked: {kernel}_{{{written}}} "
                                                  f"is outside the taps of the stated kernel")
    try:
        stated = sp.expand(_sympy(chain.sides[1], symbols))
    except KeyError as exc:
        return StatementResult("unchecked", KIND, f"kernel gradient entry not checked: the right side uses "
                                                  f"{exc.args[0]}, not a product of stated entries in range")
    expected = _expected(spec, r, written - base)
    said = _describe(r, spec_line)
    if sp.expand(stated - expected) == 0:
        return StatementResult("holds", KIND, f"equals the exact kernel gradient dL/d{kernel}_{{{written}}}; {said}")
    want = _latex(expected, r)
    diff = sp.expand(stated - expected)
    mism = {"row": None, "col": None, "claimed": _latex(stated, r), "expected": want,
            "where": f"d{loss}/d{kernel}_{{{written}}}"}
    span = chain.sides[1].span
    return StatementResult("wrong", KIND, f"the exact kernel gradient is {want}; the stated sum differs by "
                                          f"{_latex(diff, r)}; {said}", [mism], [(span[0], span[1], want)])
