r"""Prose of the ``lecture`` report's errata in the seed's text (en/ru): every number comes from a check.

Each function receives the failing checks of one finding (:func:`convproof.seeds.seed000_text.statement_checks`,
grouped by the seed's equation or section), all checks, and a SymPy-to-LaTeX printer, and returns one
paragraph. The verdicts are not decided here.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from ..latex.document import tr
from .common import cross
from ..seeds.seed000_text import EQ2_SPEC, TextVerdict

__all__ = ["TEXT_FINDINGS"]

_NAMES = {"M": "M", "Fh": "F_h", "Fw": "F_w", "D": "D", "C": "C^{(l+1)}", "K": "K"}


def _yes(lang: str, ok: bool) -> str:
    return tr(lang, "yes" if ok else "no", "да" if ok else "нет")


def _head(lang: str, label: str, lines: list[int]) -> str:
    if lang == "ru":
        for en, ru in (("eq.", "Формула"), ("section", "Раздел")):
            label = label.replace(en, ru)
    else:
        label = label[:1].upper() + label[1:]
    label = label.replace(". ", ".~")
    span = f"{min(lines)}--{max(lines)}" if len(set(lines)) > 1 else str(lines[0])
    many = len(set(lines)) > 1
    return f"\\textbf{{{label}, {tr(lang, 'lines' if many else 'line', 'стр.')} {span}.}}"


def _theorem(lang: str, name: str, claim: str, wrong: str = "", cex: bool = True) -> str:
    """A sentence citing a theorem of the ``theorems`` report, with its verdict (and a wrong variant's,
    with its counterexample when ``cex``)."""
    from ..theorems import THEOREMS
    from .theorems import cached_outcome as prove, cex_tex, has_reals, outcome_text

    tex = name.replace("_", r"\_")
    out = tr(lang, f" Theorem \\texttt{{{tex}}} (\\texttt{{theorems}} report): {claim}, "
                   f"{outcome_text(lang, prove(THEOREMS[name]), has_reals(THEOREMS[name]))}",
             f" Теорема \\texttt{{{tex}}} (отчёт \\texttt{{theorems}}): {claim}, "
             f"{outcome_text(lang, prove(THEOREMS[name]), has_reals(THEOREMS[name]))}")
    if wrong:
        r = prove(THEOREMS[f"{name}~{wrong}"])
        if r.status == "refuted" and cex:
            out += tr(lang, f"; the claim as written is refuted at {cex_tex(r.counterexample)}",
                      f"; утверждение в записи семинара опровергнуто при {cex_tex(r.counterexample)}")
        elif r.status == "refuted":
            out += tr(lang, "; the claim as written is refuted there", "; утверждение семинара там опровергнуто")
    return out + "."


def _quote(st) -> str:
    return f"<<{st.quote}>>"


def _dim(expr: sp.Expr) -> str:
    names = [str(a) for a in sp.Mul.make_args(expr)]
    return "".join(_NAMES[n] for n in sorted(names, key=list(_NAMES).index))


def _shape(shape: tuple) -> str:
    return r" \times ".join(_dim(d) for d in shape)


def _conv_formula(lang: str, cs: list[TextVerdict], _all: list[TextVerdict], tex: Callable) -> str:
    c = cs[0]
    pr, other = c.facts["printed"], c.facts["other"]
    diffs = ", ".join(f"${tex(d)}$" for d in pr["difference"])
    maps = pr["shape"][1] if len(pr["shape"]) == 4 else pr["shape"][0]
    sizes = f"{cross(EQ2_SPEC.input_size)} \\times {EQ2_SPEC.in_channels}"
    head = _head(lang, c.statement.label, [c.statement.line])
    formula = r"$z_{rc}^{(l+1)} = \sum_{i} \sum_{j} \sum_{d} (\dots) + b_d$"
    return tr(
        lang,
        f"{head} The seed: {formula}, $b_d$ the bias of input channel $d$ (line {c.statement.quote_line}). "
        f"Evaluated as written on a ${sizes}$ input and one ${cross(EQ2_SPEC.kernel_size)}$ filter and compared "
        f"with the layer (\\texttt{{convproof.symbolic.conv}}, one bias $b$ per filter): after the sums $d$ is "
        f"free, so the formula gives {maps} maps (one per input channel, the $z_{{rcd}}$ of line 74) where the "
        f"layer gives {pr['layer_shape'][0]}, differing from it by {diffs}. With $b_d$ under the sum over $d$ it "
        f"gives one map, differing by ${tex(other['difference'][0])}$. With one bias per filter, $+\\,b^{{k}}$ "
        f"(as seed 001 writes), it equals the layer: {_yes(lang, c.facts['per_filter'])}.",
        f"{head} В семинаре: {formula}, $b_d$ --- <<{c.statement.quote}>> (стр. {c.statement.quote_line}). "
        f"Формула, вычисленная как написана, на входе ${sizes}$ с одним фильтром "
        f"${cross(EQ2_SPEC.kernel_size)}$, против слоя (\\texttt{{convproof.symbolic.conv}}, одно смещение $b$ "
        f"на фильтр): после сумм индекс $d$ свободен, и формула даёт {maps} карты (по одной на входной канал, "
        f"$z_{{rcd}}$ строки 74) вместо {pr['layer_shape'][0]}, с отличием {diffs}. Если $b_d$ стоит под "
        f"суммой по $d$, карта одна, но отличается на ${tex(other['difference'][0])}$. С одним смещением на "
        f"фильтр, $+\\,b^{{k}}$ (как в семинаре 001), формула совпадает со слоем: "
        f"{_yes(lang, c.facts['per_filter'])}.")


def _sharing(lang: str, cs: list[TextVerdict], checks: list[TextVerdict], _tex: Callable) -> str:
    c = cs[0]
    f, n = c.facts, c.facts["positions"]
    alg = next((k for k in checks if k.statement.what == "sharing_rule" and k.holds), None)
    alg_en = f" Algorithm 1 step 4 (line {alg.statement.line}) sums them, and holds." if alg else ""
    alg_ru = f" Шаг 4 алгоритма 1 (стр. {alg.statement.line}) их суммирует и верен." if alg else ""
    head = _head(lang, c.statement.label, [c.statement.line])
    return tr(
        lang,
        f"{head} The seed: the gradients computed in the different receptive fields are averaged for the update. "
        f"Computed from untied kernel copies (input 4, kernel 2, {n} positions; the weight-sharing section of "
        f"the \\texttt{{backprop}} report): the sum of the per-position gradients equals the gradient of the shared "
        f"kernel: {_yes(lang, f['sum'])}; their mean equals it: {_yes(lang, f['mean'])} (it is $1/{n}$ of it)."
        + alg_en + _theorem(lang, "index.shared_weight_sum", "the sum, for any number of positions", "average",
                                    False),
        f"{head} В семинаре: {_quote(c.statement)}. По несвязанным копиям ядра (вход 4, ядро 2, {n} позиции; "
        f"раздел об общих весах отчёта \\texttt{{backprop}}): сумма градиентов по позициям равна градиенту общего "
        f"ядра: {_yes(lang, f['sum'])}; их среднее равно ему: {_yes(lang, f['mean'])} (это $1/{n}$ от него)."
        + alg_ru + _theorem(lang, "index.shared_weight_sum", "сумма, при любом числе позиций", "average", False))


def _stride(lang: str, cs: list[TextVerdict], _all: list[TextVerdict], _tex: Callable) -> str:
    c = cs[0]
    f = c.facts
    (_, n53, s53, c53), (_, n14, s14, c14) = f["rows"]
    frac = lambda q: f"{q.numerator}/{q.denominator}" if q.denominator != 1 else str(q.numerator)
    head = _head(lang, c.statement.label, [c.statement.line])
    parity = tr(lang, ", all with an odd stride-1 size" if f["odd_only"] else "",
                ", все при нечётном размере с шагом 1" if f["odd_only"] else "")
    return tr(
        lang,
        f"{head} The seed: with stride 2 the output has size ${c.statement.math}$, $H^{{(l+1)}}$ being the "
        f"stride-1 size (every second entry is dropped). \\texttt{{convproof.geometry}}: section 5.3's "
        f"$3 \\times 3$ map (filter $3 \\times 3$, padding 1) has size {n53} at stride 1 and {s53} at stride 2, "
        f"not ${frac(c53)}$; eq.~14's $N = 5$ gives {n14} and {s14}, not ${frac(c14)}$. Over {f['cases']} "
        f"inputs (1--12), kernels (1--5) and paddings (0--2) the claim fails in {f['mismatches']}{parity}; "
        f"$\\lceil H^{{(l+1)}}/2 \\rceil$ fails in {f['ceil_mismatches']}."
        + _theorem(lang, "index.stride_sampling", "$o_s = \\lceil o_1/s \\rceil$ for all sizes", "half"),
        f"{head} В семинаре: {_quote(c.statement)} ${c.statement.math}$, где $H^{{(l+1)}}$ --- размер при шаге 1 "
        f"(отбрасывается каждый второй элемент). \\texttt{{convproof.geometry}}: карта $3 \\times 3$ раздела 5.3 "
        f"(фильтр $3 \\times 3$, паддинг 1) имеет размер {n53} при шаге 1 и {s53} при шаге 2, а не "
        f"${frac(c53)}$; $N = 5$ формулы 14 даёт {n14} и {s14}, а не ${frac(c14)}$. Среди {f['cases']} "
        f"сочетаний входа (1--12), ядра (1--5) и паддинга (0--2) утверждение неверно в {f['mismatches']}"
        f"{parity}; $\\lceil H^{{(l+1)}}/2 \\rceil$ неверно в {f['ceil_mismatches']}."
        + _theorem(lang, "index.stride_sampling", "$o_s = \\lceil o_1/s \\rceil$ для всех размеров", "half"))


def _eq6(lang: str, cs: list[TextVerdict], _all: list[TextVerdict], _tex: Callable) -> str:
    bias = next(c for c in cs if c.statement.what == "eq6_bias")
    res = next((c for c in cs if c.statement.what == "eq6_result"), None)
    f = bias.facts
    C, (r, k) = f["C"], f["Y"]
    head = _head(lang, bias.statement.label, [c.statement.line for c in cs])
    claim = f"${cross(f['claimed'])}$"
    name = res.facts["equation"] if res else ""
    return tr(
        lang,
        f"{head} The seed: $\\mathbf{{b}}_F = [b, b, \\dots]^T$ is a vector of size $1 \\times C$ ({claim} here) "
        f"obtained by copying $b$ ``$N$ times''; the result $\\hat{{\\mathbf{{y}}}}^{{(l+1)}}$ has size "
        f"$1 \\times C$. Computed for table 1 (\\texttt{{convproof.symbolic.im2col}}, \\texttt{{filter\\_matrix}}): "
        f"$\\hat{{\\mathbf{{Y}}}}^{{(l)}}$ is ${r} \\times {k}$ and $\\mathbf{{f}}$ is ${cross(f['f'])}$, so "
        f"$\\hat{{\\mathbf{{Y}}}}^{{(l)T}} \\mathbf{{f}}$ is ${cross(f['product'])}$, i.e.\\ $C \\times 1$ with "
        f"$C = {C}$ the columns of $\\hat{{\\mathbf{{Y}}}}^{{(l)}}$. So $\\mathbf{{b}}_F$ is $C \\times 1$ (its "
        f"own $[b, b, \\dots]^T$ is a column), $b$ is copied $C = {C}$ times ($N$ is not defined), and the result "
        f"is ${name}$ (as eq.~(6) names it), $C \\times 1$. Then $\\hat{{\\mathbf{{Y}}}}^{{(l)T}} \\mathbf{{f}} + "
        f"\\mathbf{{b}}_F$ equals the layer's output: {_yes(lang, f['matches_layer'])}.",
        f"{head} В семинаре: $\\mathbf{{b}}_F = [b, b, \\dots]^T$ --- <<{bias.statement.quote}>> (здесь {claim}); "
        + (f"<<{res.statement.quote}>>. " if res else "")
        + f"Для таблицы 1 (\\texttt{{convproof.symbolic.im2col}}, \\texttt{{filter\\_matrix}}): "
        f"$\\hat{{\\mathbf{{Y}}}}^{{(l)}}$ имеет размер ${r} \\times {k}$, $\\mathbf{{f}}$ --- ${cross(f['f'])}$, "
        f"значит, $\\hat{{\\mathbf{{Y}}}}^{{(l)T}} \\mathbf{{f}}$ --- ${cross(f['product'])}$, то есть "
        f"$C \\times 1$, где $C = {C}$ --- число столбцов $\\hat{{\\mathbf{{Y}}}}^{{(l)}}$. Поэтому $\\mathbf{{b}}_F$ "
        f"--- $C \\times 1$ (сама запись $[b, b, \\dots]^T$ --- столбец), $b$ копируется $C = {C}$ раз ($N$ не "
        f"определено), а результат --- ${name}$ (так он назван в формуле (6)), размера $C \\times 1$. Тогда "
        f"$\\hat{{\\mathbf{{Y}}}}^{{(l)T}} \\mathbf{{f}} + \\mathbf{{b}}_F$ совпадает с выходом слоя: "
        f"{_yes(lang, f['matches_layer'])}.")


def _eq9(lang: str, cs: list[TextVerdict], checks: list[TextVerdict], _tex: Callable) -> str:
    by = {c.statement.what: c for c in cs}
    res = next(c for c in checks if c.statement.what == "batch_result")
    f, q = res.facts, res.facts["quantities"]
    prod = by.get("batch_product")
    sym = by.get("batch_symbol")
    (ya, yb), (fa, fb) = f["factors"][0][::-1], f["factors"][1]
    lines = [c.statement.line for c in cs]
    head = _head(lang, cs[0].statement.label, lines)
    bad = prod.facts["factors"] if prod else None
    ex = tr(lang, f"table 1's map with $M = {q['M']}$ samples and $K = {q['K']}$ filters",
            f"карта таблицы 1, $M = {q['M']}$ примера и $K = {q['K']}$ фильтра")
    notdef = (tr(lang, f"$\\mathcal{{Y}}^{{(l)}} \\mathcal{{F}}^{{(l)T}}$ is not defined (${cross(bad[0])}$ times "
                       f"${cross(bad[1])}$); ", f"$\\mathcal{{Y}}^{{(l)}} \\mathcal{{F}}^{{(l)T}}$ не определено "
                       f"(${cross(bad[0])}$ на ${cross(bad[1])}$); ") if bad and not prod.facts["conformable"] else "")
    general, claimed = _shape(f["general"]), _shape(f["claimed_general"])
    letter = sym.facts["symbol"] if sym else ""
    return tr(
        lang,
        f"{head} The seed: line {prod.statement.line if prod else 210} multiplies ``the activation matrix and the "
        f"transposed weight matrix''; eq.~(9) writes ${letter}{{}}^{{T}} \\mathcal{{F}}^{{(l)}}$; line {res.statement.line} "
        f"gives the result $\\hat{{\\mathbf{{y}}}}^{{(l+1)}}$ the size ${claimed}$. Computed for {ex} "
        f"(\\texttt{{convproof.symbolic.im2col\\_batch}}, \\texttt{{filter\\_matrix}}): $\\mathcal{{Y}}^{{(l)}}$ is "
        f"${ya} \\times {yb}$ and $\\mathcal{{F}}^{{(l)}}$ is ${fa} \\times {fb}$, as lines 200 and 210 say; {notdef}"
        f"$\\mathcal{{Y}}^{{(l)T}} \\mathcal{{F}}^{{(l)}}$ is ${cross(f['shape'])}$, and its entry $(mC + p, k)$ is "
        f"output $p$ of filter $k$ on sample $m$ (from 0): {_yes(lang, f['is_conv'])}. In general the result is "
        f"${general}$, not ${claimed}$ (${cross(f['claimed'])}$ here); eq.~(9) should write "
        f"$\\mathcal{{Y}}^{{(l)T}}$ (${letter}$ is not defined there), and the result is ${f['equation']}$, as "
        f"eq.~(9) names it." + _theorem(lang, "index.im2col_batch", "column $q$ of the batched im2col is sample "
                                        "$\\lfloor q/O \\rfloor$, position $q \\bmod O$, for all sizes"),
        f"{head} В семинаре: <<{prod.statement.quote if prod else ''}>> (стр. {prod.statement.line if prod else 210}); "
        f"формула (9) записана как ${letter}{{}}^{{T}} \\mathcal{{F}}^{{(l)}}$; <<{res.statement.quote}>> "
        f"(стр. {res.statement.line}). Для примера ({ex}; \\texttt{{convproof.symbolic.im2col\\_batch}}, "
        f"\\texttt{{filter\\_matrix}}): $\\mathcal{{Y}}^{{(l)}}$ --- ${ya} \\times {yb}$, $\\mathcal{{F}}^{{(l)}}$ --- "
        f"${fa} \\times {fb}$, как и сказано в строках 200 и 210; {notdef}$\\mathcal{{Y}}^{{(l)T}} "
        f"\\mathcal{{F}}^{{(l)}}$ --- ${cross(f['shape'])}$, и его элемент $(mC + p, k)$ --- выход $p$ фильтра $k$ "
        f"на примере $m$ (с нуля): {_yes(lang, f['is_conv'])}. В общем случае результат ${general}$, а не ${claimed}$ "
        f"(здесь ${cross(f['claimed'])}$); в формуле (9) должно стоять $\\mathcal{{Y}}^{{(l)T}}$ (${letter}$ там не "
        f"определено), а результат --- ${f['equation']}$, как он назван в формуле (9)."
        + _theorem(lang, "index.im2col_batch", "столбец $q$ im2col для батча --- пример $\\lfloor q/O \\rfloor$, "
                   "позиция $q \\bmod O$, для всех размеров"))


TEXT_FINDINGS: dict[str, Callable[..., str]] = {
    "conv_formula": _conv_formula, "sharing_rule": _sharing, "stride_size": _stride, "eq6_bias": _eq6,
    "eq6_result": _eq6, "batch_product": _eq9, "batch_symbol": _eq9, "batch_result": _eq9,
}
