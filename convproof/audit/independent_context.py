r"""Derivative statements judged with the definitions the document states before them.

Shares no code with :mod:`convproof.check`.  :func:`judge_in_context` reads the math of the
text before the statement (``$$..$$``, ``$..$``, ``\[..\]``, ``align``/``aligned`` rows) with
SymPy's lark LaTeX parser: a row ``name = expr`` whose ``expr`` reads other names (and not
``name`` itself) is the *formula* of ``name`` (the last one counts); a row ending in a number
(``v_1 = 2.0 \cdot 1.0 = 2.0``, ``x = [2.0, -0.5]`` for ``x_1``, ``x_2``) gives a *value*.
The statement ``\frac{\partial A}{\partial B} = S_1 = S_2 ...``: the derivative of the formula
of ``A`` (expanded through formulas, ``B`` kept) by ``B``, with the derivatives named in a side
computed the same way, compared with every side:

* difference zero once both are expanded down to the inputs: that side is true;
* otherwise at the values of the inputs (exactly; a decimal side when it is the exact value
  correctly rounded to its digits): true, or false when the values differ by more than 1 %
  (closer: undecided -- the document may have computed from rounded intermediate values);
  arithmetic on numbers between the derivative and a stated decimal result is compared with
  that result (``D = 0.74 \cdot 0.19 = 0.14``), the derivative with the result;
* symbols left without values: false when the difference is nonzero at a rational point,
  else undecided.

>>> judge_in_context(r"\frac{\partial L}{\partial y} = 2 y", "$$L = y^2 + 1$$")
'true'
>>> judge_in_context(r"\frac{\partial L}{\partial w} = x = 3", "$$x = 3$$ $$L = w x$$")
'true'
>>> judge_in_context(r"\frac{\partial L}{\partial w} = x = 4", "$$x = 3$$ $$L = w x$$")
'false'
"""

from __future__ import annotations

import re

import sympy as sp

from .independent_deriv import decide, latex_key, latex_name, parse_calls as parse

__all__ = ["judge_in_context"]

_NAME = r"((?:\\(?:mathrm|text|operatorname)\{[A-Za-z]+\}|[A-Za-z])(?:_(?:\{[^{}]*\}|\w))?)"
_DERIV = re.compile(r"^\s*\\frac\{\\partial\s*" + _NAME + r"\}\{\\partial\s*" + _NAME
                    + r"\}\s*=(.+)$", re.S)
_PART = re.compile(r"\\frac\{\\partial\s*" + _NAME + r"\}\{\\partial\s*" + _NAME + r"\}")
_LHS = re.compile(r"^\s*" + _NAME + r"(?:\([^()]*\))?\s*$")
_MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$|\\\[(.+?)\\\]|\\begin\{(align\*?|equation\*?)\}"
                   r"(.+?)\\end\{\4\}", re.S)
_JUNK = ("\\begin{aligned}", "\\end{aligned}", "&", "\\left", "\\right", "\\,", "\\;", "\\quad",
         "\\qquad")
_HOLDERS = "ABCDFGHJKM"
_CLOSE = sp.Rational(1, 100)


def _split_top(text: str, sep: str) -> list:
    out, depth, cur = [], 0, []
    for ch in text:
        depth += ch in "{([" and 1 or 0
        depth -= ch in "})]" and 1 or 0
        if ch == sep and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return out


_OPEN = (("$$", "$$"), ("\\[", "\\]"), ("\\begin{align*}", "\\end{align*}"),
         ("\\begin{align}", "\\end{align}"))


def _open_tail(prefix: str) -> str:
    """The math after an opener the prefix does not close (the statement's own display)."""
    for opener, closer in _OPEN:
        pos = prefix.rfind(opener)
        if pos < 0:
            continue
        if opener == closer and prefix.count(opener) % 2 == 0:
            continue
        if opener != closer and prefix.find(closer, pos) >= 0:
            continue
        return prefix[pos + len(opener):]
    return ""


def _rows(prefix: str) -> list:
    out = []
    bodies = [next(g for g in (m.group(1), m.group(2), m.group(3), m.group(5)) if g)
              for m in _MATH.finditer(prefix)] + [_open_tail(prefix)]
    for body in bodies:
        for junk in _JUNK:
            body = body.replace(junk, " ")
        for row in re.split(r"\\\\", body):
            out += [part for part in _split_top(row, ",") if "=" in part]
    return out


class _Lazy:
    """Texts by name, parsed when first asked for (most rows of a document are never needed)."""

    def __init__(self, texts: dict, formula: bool):
        self.texts, self.formula, self.done = texts, formula, {}

    def get(self, sym):
        if sym not in self.done:
            self.done[sym] = self._parse(sym)
        return self.done[sym]

    def _parse(self, sym):
        text = self.texts.get(sym)
        if text is None:
            return None
        try:
            expr = parse(text)
        except Exception:  # noqa: BLE001  (not read: no definition for this judge)
            return None
        if self.formula and (not expr.free_symbols or sym in expr.free_symbols):
            return None
        return None if not self.formula and expr.free_symbols else expr

    def of(self, expr) -> dict:
        """The values of the free symbols of ``expr`` that have one."""
        out = {s: self.get(s) for s in expr.free_symbols}
        return {s: v for s, v in out.items() if v is not None}


_LETTER = re.compile(r"[A-Za-z]")


def read(prefix: str):
    """``(formulas, values)`` stated in ``prefix`` (later rows replace earlier ones), parsed
    lazily."""
    formulas: dict = {}
    values: dict = {}
    for row in _rows(prefix):
        sides = row.split("=")
        m = _LHS.match(sides[0])
        if m is None or "^" in sides[0]:
            continue
        name = latex_key(m.group(1))
        for k, side in enumerate(sides[1:]):
            text = side.strip()
            if text.startswith("[") and text.endswith("]"):
                items = _split_top(text[1:-1], ",")
                values.update({sp.Symbol(latex_name(m.group(1), str(i))): item
                               for i, item in enumerate(items, start=1)})
                if len(items) == 1:             # t = [-1]: the scalar t
                    values[sp.Symbol(name)] = items[0]
            elif k == 0 and _LETTER.search(re.sub(r"\\[A-Za-z]+", "", text)):
                formulas[sp.Symbol(name)] = text
            elif k == len(sides) - 2:
                values[sp.Symbol(name)] = text
    return _Lazy(formulas, True), _Lazy(values, False)


def _expand(expr, formulas, stop=None, depth: int = 0):
    if depth > 30:
        raise ValueError("circular definitions")
    subs = {}
    for s in expr.free_symbols:
        form = formulas.get(s) if s != stop else None
        if form is not None:
            subs[s] = _expand(form, formulas, stop, depth + 1)
    return expr.xreplace(subs) if subs else expr


def _derivative(num, den, formulas):
    if num == den:
        return sp.Integer(1)
    if formulas.get(num) is None:
        raise ValueError("no formula")
    expr = _expand(formulas.get(num), formulas, den)
    if den not in expr.free_symbols:
        raise ValueError("no dependence")
    return sp.diff(expr, den)


def _side(text: str, formulas):
    subs = {}

    def put(m):
        if len(subs) >= len(_HOLDERS):
            raise ValueError("too many derivatives")
        holder = sp.Symbol(_HOLDERS[len(subs)])
        subs[holder] = _derivative(sp.Symbol(latex_key(m.group(1))),
                                   sp.Symbol(latex_key(m.group(2))), formulas)
        return f"({holder})"

    return parse(_PART.sub(put, text)).xreplace(subs)


def _rounds(value, text: str) -> bool | None:
    text = text.strip()
    if not re.fullmatch(r"-?\d+\.\d+", text):
        return None
    places = len(text.split(".")[1])
    return abs(sp.N(value - sp.Rational(text), 50)) <= sp.Rational(1, 2 * 10 ** places)


def _compare(derivative, side_text: str, formulas, values) -> str:
    claimed = _side(side_text, formulas)
    if decide(_expand(derivative - claimed, formulas)) == "true":
        return "true"
    d_val = _expand(derivative, formulas)
    d_val = d_val.xreplace(values.of(d_val))
    c_val = _expand(claimed, formulas)
    c_val = c_val.xreplace(values.of(c_val))
    if d_val.free_symbols or c_val.free_symbols:
        return "false" if decide(d_val - c_val) == "false" else "undecided"
    rounded = _rounds(d_val, side_text)
    if rounded or (rounded is None and decide(d_val - c_val) == "true"):
        return "true"
    gap = abs(sp.N(d_val - c_val, 30))
    return "false" if gap > _CLOSE * max(abs(sp.N(d_val, 30)), sp.Rational(1, 10**6)) \
        else "undecided"


def _value(side: str, formulas, values):
    expr = _expand(_side(side, formulas), formulas)
    return expr.xreplace(values.of(expr))


def _rest(sides: list, formulas, values) -> str:
    """The links after a defining first side, valued with the document's values."""
    verdicts = []
    for a, b in zip(sides, sides[1:]):
        va, vb = _value(a, formulas, values), _value(b, formulas, values)
        if va.free_symbols or vb.free_symbols:
            verdicts.append("undecided")
            continue
        text, value = (b, va) if _rounds(0, b) is not None else (a, vb)
        verdicts.append(_near(value, text) if _rounds(0, text) is not None else decide(va - vb))
    if "false" in verdicts:
        return "false"
    return "true" if verdicts and all(v == "true" for v in verdicts) else "undecided"


def _names_in(side: str) -> bool:
    return bool(_LETTER.search(re.sub(r"\\[A-Za-z]+", "", side)))


def _arithmetic(side: str, result: str) -> str:
    """A side between the derivative and its stated decimal ``result``: arithmetic on numbers
    is compared with the result (to its printed digits)."""
    value = parse(side)
    return "undecided" if value.free_symbols else _near(value, result)


def _near(value, decimal: str) -> str:
    """``value`` against a printed decimal: true when it rounds to it, false when more than
    1 % away, else undecided (rounded inputs upstream)."""
    if _rounds(value, decimal):
        return "true"
    gap = abs(sp.N(value - sp.Rational(decimal.strip()), 30))
    return "false" if gap > _CLOSE * max(abs(sp.N(value, 30)), sp.Rational(1, 10**6)) \
        else "undecided"


def judge_in_context(text: str, prefix: str) -> str | None:
    """``"true"``, ``"false"``, ``"undecided"`` for ``\\frac{\\partial A}{\\partial B} = ...``
    after ``prefix``; ``None`` for any other statement."""
    m = _DERIV.match(text)
    if m is None:
        return None
    try:
        formulas, values = read(prefix)
        num, den = sp.Symbol(latex_key(m.group(1))), sp.Symbol(latex_key(m.group(2)))
        sides = m.group(3).split("=")
        if num != den and formulas.get(num) is None:    # a derivative of an undefined name
            return _rest(sides, formulas, values)       # is a definition: the rest is claimed
        derivative = _derivative(num, den, formulas)
        result = sides[-1] if len(sides) > 1 and _rounds(0, sides[-1]) is not None else None
        verdicts = [_arithmetic(side, result) if result is not None and side is not sides[-1]
                    and not _names_in(side) else _compare(derivative, side, formulas, values)
                    for side in sides]
    except Exception:  # noqa: BLE001  (unreadable: not decided)
        return "undecided"
    if "false" in verdicts:
        return "false"
    return "true" if all(v == "true" for v in verdicts) else "undecided"
