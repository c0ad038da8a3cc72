r"""Building blocks of the ``fundamentals`` report's content (:mod:`.report_content`): the data classes
a section is made of and the helpers that turn SymPy values and seed quotes into LaTeX cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Union

import sympy as sp

__all__ = ["Text", "Display", "TableData", "Block", "ContentSection", "VERDICT_RU"]

VERDICT_RU = {"holds": "верно", "rounded correctly": "верно округлено", "truncated": "отброшены разряды",
              "wrong": "неверно", "note": "замечание"}


@dataclass(frozen=True)
class Text:
    """A paragraph; ``text(lang)`` picks the language."""

    en: str
    ru: str

    def text(self, lang: str) -> str:
        return self.ru if lang == "ru" else self.en


@dataclass(frozen=True)
class Display:
    """A displayed equation (LaTeX math without delimiters)."""

    latex: str


@dataclass(frozen=True)
class TableData:
    """A table: ``columns`` is a tabular spec (``"lll"``), cells are LaTeX."""

    columns: str
    header_en: tuple[str, ...]
    header_ru: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: Text
    rows_ru: tuple[tuple[str, ...], ...] = ()
    quotes: tuple[int, ...] = ()

    def header(self, lang: str) -> tuple[str, ...]:
        return self.header_ru if lang == "ru" else self.header_en

    def cells(self, lang: str) -> tuple[tuple[str, ...], ...]:
        """Rows for ``lang`` (``rows_ru`` when given for Russian, else ``rows``)."""
        return self.rows_ru if lang == "ru" and self.rows_ru else self.rows


Block = Union[Text, Display, TableData]


@dataclass(frozen=True)
class ContentSection:
    """One section of the report."""

    key: str
    title: Text
    blocks: tuple[Block, ...]
    statements: tuple[str, ...] = field(default=())


def _num(value: sp.Expr, digits: int = 10) -> str:
    return sp.latex(sp.N(value, digits))


_FUNC_POWER = re.compile(r"\\(tanh|sinh|cosh|sin|cos|tan|exp|log)\^\{(\w+)\}\{\\left\((.*?) \\right\)\}")


def _latex(expr: sp.Expr) -> str:
    r"""``sympy.latex`` with ``\tanh^{2}{\left(x \right)}`` written ``\left(\tanh{\left(x \right)}\right)^{2}``.

    >>> _latex(1 - sp.tanh(sp.Symbol("v"))**2)
    '1 - \\left(\\tanh{\\left(v \\right)}\\right)^{2}'
    """
    return _FUNC_POWER.sub(lambda m: rf"\left(\{m.group(1)}{{\left({m.group(3)} \right)}}\right)^{{{m.group(2)}}}",
                           sp.latex(expr))


def _tt(name: str) -> str:
    return r"\texttt{" + name.replace("_", r"\_").replace(".", r".\allowbreak{}") + "}"


def _verdict(v: str, lang: str = "en") -> str:
    return VERDICT_RU.get(v, v) if lang == "ru" else v


# The words sympy.latex writes into a Piecewise (``\begin{cases} x & \text{for}\: x > 0 \\ 0 & \text{otherwise}``).
_CASES_RU = ((r"\text{otherwise}", r"\text{иначе}"), (r"\text{for}\:", r"\text{при}\:"))


def _math(expr: sp.Expr, lang: str = "en") -> str:
    r"""``$sympy.latex(expr)$``; for Russian, a Piecewise's ``for`` / ``otherwise`` read ``при`` / ``иначе``.

    >>> x = sp.Symbol("x")
    >>> relu = sp.Piecewise((x, x > 0), (0, True))
    >>> _math(relu) == "$" + sp.latex(relu) + "$"
    True
    >>> print(_math(relu, "ru"))
    $\begin{cases} x & \text{при}\: x > 0 \\0 & \text{иначе} \end{cases}$
    """
    text = sp.latex(expr)
    if lang == "ru":
        for en, ru in _CASES_RU:
            text = text.replace(en, ru)
    return f"${text}$"


def _quote(quote: str) -> str:
    r"""A seed formula as inline math that may break after the commas of its lists (not inside ``( )``).

    >>> _quote("L(y, t) = [1, 2]")
    '$L(y, t) = [1,\\allowbreak 2]$'
    """
    out, depth = [], 0
    for i, ch in enumerate(quote):
        depth += (ch == "(") - (ch == ")")
        out.append(r",\allowbreak" if ch == "," and depth == 0 and quote[i + 1:i + 2] == " " else ch)
    return "$" + "".join(out) + "$"


def _value_cell(expr: sp.Expr, limit: int = 60) -> str:
    r"""The report's own value, ``exact = decimal`` or ``exact \approx decimal`` (a checkable claim).

    Integers are shown alone, and exact forms longer than ``limit`` characters give the decimal alone.

    >>> _value_cell(sp.Rational(3, 25)), _value_cell(sp.Integer(2)), _value_cell(sp.tanh(sp.Rational(1, 2)))
    ('$\\frac{3}{25} = 0.12$', '$2$', '$\\tanh{\\left(\\frac{1}{2} \\right)} \\approx 0.4621171573$')
    """
    if expr.is_Integer:
        return f"${sp.latex(expr)}$"
    decimal, exact = sp.N(expr, 10), _latex(expr)
    if len(exact) > limit:
        return f"${sp.latex(decimal)}$"
    rel = "=" if expr.is_Rational and sp.Rational(str(decimal)) == expr else r"\approx"
    return f"${exact} {rel} {sp.latex(decimal)}$"


def _first_of_runs(rows: list[tuple[str, ...]], col: int) -> list[tuple[str, ...]]:
    """Blank cell ``col`` where it repeats the row above (one seed line gives several values)."""
    out, last = [], None
    for row in rows:
        out.append(row[:col] + ("",) + row[col + 1:] if row[col] == last else row)
        last = row[col]
    return out
