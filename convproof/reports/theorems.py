r"""Built-in report ``theorems``: convolution identities proved for every size, and the wrong variants refuted.

Every line of the report comes from :func:`convproof.theorems.prove` run while the report is
built: a theorem is printed "proved for all integers" only when z3 (or SymPy) proved it, and each
wrong variant's counterexample is the smallest one the engine found (deterministic). No times
are printed (the report must not depend on the machine; timings are in ``reports/bench``).
"""

from __future__ import annotations

import re

import sympy as sp

from ..errors import fail
from ..latex.escape import escape_text
from ..latex.document import Box, Document, Math, Para, Section, Table, tr
from ..notation import Notation
from ..theorems import THEOREMS, WRONG, correct, prove
from ..theorems.engine import Outcome, Theorem
from .base import Report
from .common import col, tabular
from .fundamentals import quoted_cell

__all__ = ["theorems_report", "outcome_text", "cex_tex", "cached_outcome", "has_reals", "title_tex"]

_GROUPS = [
    ("sizes", ("Sizes", "Размеры")),
    ("index", ("Index identities", "Тождества для индексов")),
    ("counts", ("Parameter counts and im2col sizes", "Число параметров и размеры im2col")),
]
_TEX_NAMES = {"p_lo": "p_{lo}", "p_hi": "p_{hi}", "C_in": "C_{in}", "C_out": "C_{out}", "k_h": "k_h", "k_w": "k_w",
              "o_h": "o_h", "o_w": "o_w", "c_l": "c_l", "oc": "oc", "D_ct": "D_{c,t}", "Y_ct": "Y_{c,t}"}
_VALUE_NAMES = {
    "formula": ("formula", "формула"), "count": ("placements", "положений окна"),
    "transposed": ("transposed size", "размер транспонированной"), "o": ("$o$", "$o$"),
    "span": ("span", "размах"), "last tap": ("last tap", "последний отсчёт"), "r": ("$r$", "$r$"),
    "extent": ("extent", "протяжённость"), "o(n)": ("$o(n)$", "$o(n)$"), "o(m)": ("$o(m)$", "$o(m)$"),
    "p_lo": ("$p_{lo}$", "$p_{lo}$"), "p_hi": ("$p_{hi}$", "$p_{hi}$"), "p": ("$p$", "$p$"),
    "outputs": ("outputs", "выходов"), "o_1": ("$o_1$", "$o_1$"), "o_2": ("$o_2$", "$o_2$"),
    "o dilated": ("$o$ dilated", "$o$ с дилатацией"), "o zero-inserted": ("$o$ zero-inserted", "$o$ с нулями"),
    "valid": ("inputs in the window", "входов в окне"), "lhs": ("convproof", "convproof"),
    "rhs": ("claimed", "заявлено"), "base": ("base", "база"),
}


_CACHE: dict[str, Outcome] = {}


def cached_outcome(t: Theorem) -> Outcome:
    """``prove(t)``, once per process (proofs are deterministic; en and ru share them)."""
    if t.name not in _CACHE:
        _CACHE[t.name] = prove(t)
    return _CACHE[t.name]


def title_tex(title: str) -> str:
    r"""A title with ``$...$`` math segments as LaTeX: the text parts escaped, the math parts kept.

    >>> title_tex(r"exact when $s \mid n$ (output_padding)")
    'exact when $s \\mid n$ (output\\_padding)'
    """
    parts = title.split("$")
    if len(parts) % 2 == 0:
        raise fail("title", title, "must have balanced $...$ math segments")
    return "".join(_quotes(escape_text(p)) if i % 2 == 0 else f"${p}$" for i, p in enumerate(parts))


def _quotes(text: str) -> str:
    """An opening ``'`` (at the start or after a space or parenthesis) as TeX's opening quote.

    >>> _quotes("'same' (x)")
    "`same' (x)"
    """
    return re.sub(r"(^|(?<=[\s(]))'", "`", text)


def _var(name: str) -> str:
    if name in _TEX_NAMES:
        return _TEX_NAMES[name]
    head, digits = name.rstrip("0123456789"), name[len(name.rstrip("0123456789")):]
    return f"{head}_{digits}" if digits and head else name


def cex_tex(counterexample: dict) -> str:
    """``$n = 2,\\ k = 1$`` from a counterexample dict.

    >>> cex_tex({"n": 2, "p_lo": 0, "k1": 3})
    '$n = 2,\\\\ p_{lo} = 0,\\\\ k_1 = 3$'
    """
    return "$" + r",\ ".join(f"{_var(k)} = {v}" for k, v in counterexample.items()) + "$"


def _values(lang: str, values: dict) -> str:
    parts = []
    for k, v in values.items():
        label, value = tr(lang, *_VALUE_NAMES.get(k, (k, k))), sp.latex(sp.sympify(v))
        math = label.startswith("$") and label.endswith("$") and label.count("$") == 2
        parts.append(f"${label[1:-1]} = {value}$" if math else f"{title_tex(label)} ${value}$")
        # values are the two sides at the counterexample; names are translated above
    return ", ".join(parts)


def outcome_text(lang: str, r: Outcome, reals: bool = False) -> str:
    """The verdict line, without times: proved (engine version), refuted, or unknown with the reason.

    ``reals``: the theorem also quantifies over real values (gradients, weights), not only sizes.
    """
    if r.status == "proved":
        if reals:
            return tr(lang, f"proved for all integer sizes and real values ({r.engine} {r.version})",
                      f"доказано для всех целых размеров и вещественных значений ({r.engine} {r.version})")
        return tr(lang, f"proved for all integers ({r.engine} {r.version})",
                  f"доказано для всех целых ({r.engine} {r.version})")
    if r.status == "refuted":
        return r"\textbf{" + tr(lang, "REFUTED", "ОПРОВЕРГНУТО") + "}: " + cex_tex(r.counterexample)
    return r"\textbf{" + tr(lang, "NOT PROVED", "НЕ ДОКАЗАНО") + "}: " + tr(lang, "unknown", "неизвестно")


def has_reals(t: Theorem) -> bool:
    """Whether ``t``'s hypotheses quantify over real values too."""
    return any(r"\mathbb{R}" in h for h in t.hypotheses)


def _theorem_blocks(lang: str, t: Theorem) -> list:
    name = t.name.replace("_", r"\_")
    hyps = ", ".join(f"${h}$" for h in t.hypotheses)  # one formula each: lines break between them
    head = (rf"{{\boldmath\textbf{{{title_tex(tr(lang, *t.title))}}}}} (\texttt{{{name}}}). "
            + tr(lang, "Hypotheses", "Условия") + f": {hyps}.")
    verdict = r"\noindent\emph{" + outcome_text(lang, cached_outcome(t), has_reals(t)) + "}"
    # sloppypar: a title ends in unbreakable math and a long \texttt name; loose spacing beats an overfull line
    return [Para("\\medskip\n\\begin{sloppypar}\\noindent " + head + "\n\\end{sloppypar}"), Math(t.latex),
            Para(verdict)]


def _wrong_table(lang: str, group: str) -> list:
    rows = []
    for t in correct():
        if t.group != group:
            continue
        for w in WRONG.get(t.name, []):
            r = cached_outcome(w)
            cex = cex_tex(r.counterexample) if r.status == "refuted" else outcome_text(lang, r)
            vals = _values(lang, r.values) if r.status == "refuted" else ""
            rows.append([title_tex(tr(lang, *w.title)), quoted_cell(f"${w.latex}$"),  # a refuted belief, quoted
                         cex + (f"; {vals}" if vals else "")])
    if not rows:
        return []
    head = [tr(lang, "what users write", "что пишут"), tr(lang, "as a formula", "формула"),
            tr(lang, "smallest counterexample", "наименьший контрпример")]
    return [Table(tabular(col("4.2cm") + col("5.0cm") + col("6.5cm"), head, rows),
                  tr(lang, "Wrong variants, refuted (each counterexample re-checked numerically in the tests)",
                     "Неверные варианты, опровергнутые (каждый контрпример перепроверен численно в тестах)"))]


def _intro(lang: str) -> Para:
    return Para(tr(
        lang,
        "Each theorem below is a statement about all integers (and, where its hypotheses say so, all reals) "
        "satisfying its hypotheses: the sizes $n$, $k$, "
        "$s$, $d$ and paddings are symbolic, so products such as $s i$ and $d t$ are nonlinear. z3 is given "
        "the hypotheses and the negated claim; \\emph{unsat} means no integer assignment violates the claim, "
        "i.e.\\ the theorem holds for every size. Parameter counts are polynomial identities between "
        "convproof's own counting functions (evaluated on SymPy symbols) and the textbook formulas, proved by "
        "SymPy's rational normal form. A query z3 cannot decide within its time limit is printed as "
        "\\emph{not proved}, never as proved. Every theorem has a wrong variant that users commonly write; "
        "each is refuted with its smallest counterexample (smallest sum of absolute values, then the least "
        "padding).",
        "Каждая теорема ниже --- утверждение обо всех целых (и, где так сказано в условиях, вещественных), "
        "удовлетворяющих условиям: размеры $n$, $k$, $s$, "
        "$d$ и паддинги символьные, поэтому произведения вида $s i$ и $d t$ нелинейны. z3 получает условия и "
        "отрицание утверждения; ответ \\emph{unsat} означает, что ни один набор целых его не нарушает, то есть "
        "теорема верна для всех размеров. Число параметров --- полиномиальные тождества между функциями "
        "подсчёта convproof (на символах SymPy) и формулами из учебников, доказанные приведением SymPy к "
        "нормальной форме. Запрос, который z3 не решил за отведённое время, печатается как \\emph{не доказано}, "
        "но никогда как доказанный. У каждой теоремы есть неверный вариант, который часто пишут; каждый "
        "опровергнут наименьшим контрпримером (наименьшая сумма модулей, затем наименьший паддинг)."))


def _scope_box(lang: str) -> Box:
    items = [
        tr(lang, "Receptive field of a stack of any depth: by induction, base $r_0 = 1$, $J_0 = 1$ and the proved "
                 "step; stacks of 2 and 3 layers are also proved directly.",
           "Рецептивное поле стека любой глубины: по индукции, база $r_0 = 1$, $J_0 = 1$ и доказанный шаг; "
           "стеки из 2 и 3 слоёв доказаны и напрямую."),
        tr(lang, "Index identities compare the terms of two sums one by one (a term exists on one side exactly "
                 "when its partner exists on the other), so the sums agree for every input and kernel.",
           "Тождества для индексов сравнивают слагаемые двух сумм по одному (слагаемое есть с одной стороны "
           "тогда и только тогда, когда есть парное с другой), поэтому суммы совпадают для любых входа и ядра."),
        tr(lang, "Sums of a symbolic number of terms (the shared-weight and bias gradients, depthwise separable) "
                 "are proved by induction on that number: z3 proves the base case and the step; their wrong "
                 "variants are refuted at the step.",
           "Суммы символьного числа слагаемых (градиенты общих весов и смещения, depthwise separable) доказаны "
           "индукцией по этому числу: z3 доказывает базу и шаг; неверные варианты опровергнуты на шаге."),
    ]
    return Box(tr(lang, "Scope", "Охват"), items)


def theorems_report(lang: str = "en", notation: Notation | None = None, max_size: int = 10) -> Report:
    """The ``theorems`` report (``notation`` and ``max_size`` are accepted for uniformity)."""
    sections = []
    for group, title in _GROUPS:
        blocks = [b for t in correct() if t.group == group for b in _theorem_blocks(lang, t)]
        sections.append(Section(tr(lang, *title), blocks + _wrong_table(lang, group)))
    n = len(correct())
    proved = sum(cached_outcome(t).status == "proved" for t in correct())
    summary = Para(tr(lang, f"{proved} of {n} theorems proved for every size; "
                            f"{len(THEOREMS) - n} wrong variants refuted below.",
                      f"Доказано для всех размеров: {proved} из {n} теорем; {len(THEOREMS) - n} неверных вариантов "
                      f"опровергнуты ниже."))
    doc = Document(tr(lang, "Convolution theorems for every size", "Теоремы о свёртке для всех размеров"),
                   sections + [Section(tr(lang, "Scope", "Охват"), [_scope_box(lang)])], lang,
                   [_intro(lang), summary])
    return Report(doc)
