"""Built-in report ``layers``: seed 001's convolution variants, parameter counts and zero insertion.

Multichannel, grouped and depthwise outputs are printed from :func:`convproof.symbolic.conv_direct`
and proven equal to the Toeplitz route; depthwise-separable is proven equal to one convolution with
the factored kernel ``F^{mk}_{u} = P^{mk} D^{m}_{u}``; dilated and transposed convolution are proven
equal to their zero-insertion descriptions; parameter counts are computed three ways (the formula,
:mod:`convproof.geometry.params`, the weight shapes). The identities and counts are computed in
:mod:`convproof.seeds.seed001`; this module renders them.
"""

from __future__ import annotations

import sympy as sp

from .. import symbolic as S
from ..geometry import ConvSpec
from ..latex.document import Box, Document, Math, Para, Section, Table, tr
from ..notation import LECTURE, Notation
from .base import Report
from .verified import compact_item, registry_box
from .common import check_item, cross, tabular
from ..seeds.seed001 import (COUNT_VALUES, count_rows, dilation_identity, separable_identity, sharing_rows,
                             transposed_identity)
from .derivation import Derivation

__all__ = ["layers_report", "EXAMPLES"]

EXAMPLES = {
    "multichannel": ConvSpec((3, 3), (2, 2), in_channels=2, out_channels=2),
    "grouped": ConvSpec(3, 2, in_channels=4, out_channels=4, groups=2),
    "depthwise": ConvSpec(3, 2, in_channels=2, out_channels=2, groups=2),
}
def _formula_section(lang: str, notation: Notation, key: str, title: tuple, formula: str) -> Section:
    spec = EXAMPLES[key]
    d = Derivation(spec, notation.replace(layer=None))
    z = S.conv_direct(spec, bias=d.b)
    lhs = [z_sym for z_sym in d.z[:, 0].ravel()] if spec.ndim == 1 else list(d.z[:, 0, 0].ravel())
    rhs = list(z[:, 0].ravel()) if spec.ndim == 1 else list(z[:, 0, 0].ravel())
    return Section(tr(lang, *title), [
        Para(tr(lang, "Seed 001 writes", "В семинаре 001")), Math(formula),
        Para(tr(lang, f"For input ${cross(spec.input_size)}$ with {spec.in_channels} maps, "
                      f"{spec.out_channels} output maps, groups ${spec.groups}$, the first output of each map is",
                f"Для входа ${cross(spec.input_size)}$ с {spec.in_channels} картами, "
                f"{spec.out_channels} выходными картами и ${spec.groups}$ группами первый выход каждой карты:")),
        Math(d.entries(lhs, rhs)),
        Box(tr(lang, "Verified", "Проверено"), [compact_item(d, lang, tr(lang, "this layer", "этот слой"))])])


_FORMULAS = {
    "multichannel": r"Y^{k}_{ij} = \sum_{m=1}^{M} \sum_{u,v=1}^{p,q} X^{m}_{i+u-1,j+v-1} F^{mk}_{uv} + b^{k}",
    "grouped": r"Y^{k}_{ij} = \sum_{m'=1}^{M/g} \sum_{u,v=1}^{p,q} X^{(s-1)M/g+m'}_{i+u-1,j+v-1} F^{s,m'k'}_{uv}"
               r" + b^{s,k'}, \quad k = (s-1)K/g + k'",
    "depthwise": r"Y^{k}_{ij} = \sum_{u,v=1}^{p,q} X^{k}_{i+u-1,j+v-1} F^{k}_{uv} + b^{k}",
}
_TITLES = {
    "multichannel": ("Multichannel convolution", "Многоканальная свёртка"),
    "grouped": ("Grouped convolution", "Групповая свёртка"),
    "depthwise": ("Depthwise convolution ($M = K = g$)", "Поканальная свёртка ($M = K = g$)"),
}


def _counts_section(lang: str) -> Section:
    rows, ok = [], True
    for en, ru, formula, by_formula, by_geometry, by_shapes in count_rows():
        same = by_formula == by_geometry == by_shapes
        ok &= same
        rows.append([tr(lang, en, ru), f"${sp.latex(formula)}$", str(by_formula), str(by_geometry), str(by_shapes),
                     r"$\checkmark$" if same else "x"])
    vals = ", ".join(f"${sp.latex(k)} = {v}$" for k, v in COUNT_VALUES.items())
    head = [tr(lang, "layer", "слой"), tr(lang, "formula", "формула"), tr(lang, "by formula", "по формуле"),
            "geometry", tr(lang, "weights", "веса"), ""]
    return Section(tr(lang, "Parameter counts", "Число параметров"), [
        Para(tr(lang, f"Each count three ways: the formula, \\texttt{{convproof.geometry.params}}, and the entries "
                      f"of the weight and bias tensors of the layer; {vals}.",
                f"Каждое число тремя способами: формула, \\texttt{{convproof.geometry.params}} и число элементов "
                f"тензоров весов и смещений слоя; {vals}.")),
        Table(tabular("llrrrc", head, rows), tr(lang, "Parameter counts with biases", "Число параметров со смещениями"))])


def _separable_section(lang: str, notation: Notation) -> Section:
    ok, two, F = separable_identity()
    spec = ConvSpec(3, 2, in_channels=2, out_channels=3)
    d = Derivation(spec, notation.replace(layer=None))
    kernel = ", ".join(f"{sp.latex(F[k, m, 0]).replace('*', ' ')}" for k, m in ((0, 0), (1, 0), (2, 1)))
    return Section(tr(lang, "Depthwise separable convolution", "Поканально разделяемая свёртка"), [
        Para(tr(lang, "Seed 001: $M$ depthwise convolutions $p \\times q \\times 1$, then $K$ pointwise "
                      "convolutions $1 \\times 1 \\times M$. The composition is one convolution whose kernel "
                      "factors as $F^{mk}_{uv} = P^{mk} D^{m}_{uv}$ (biases aside). For $M = 2$, $K = 3$, input 3, "
                      "kernel 2 the first output of each map is",
                "Семинар 001: $M$ поканальных свёрток $p \\times q \\times 1$, затем $K$ свёрток "
                "$1 \\times 1 \\times M$. Композиция --- одна свёртка с ядром $F^{mk}_{uv} = P^{mk} D^{m}_{uv}$ "
                "(без смещений). Для $M = 2$, $K = 3$, входа 3 и ядра 2 первый выход каждой карты:")),
        Math(d.entries([f"z^{{{k + 1}}}_{{1}}" for k in range(two.shape[0])], [two[k, 0] for k in range(two.shape[0])])),
        Para(tr(lang, f"with factored kernel entries such as ${kernel}$.", f"с элементами ядра вида ${kernel}$.")),
        Box(tr(lang, "Verified", "Проверено"), [check_item(lang, ok, tr(
            lang, "depthwise then pointwise equals one convolution with $F^{mk}_{u} = P^{mk} D^{m}_{u}$ "
                  "(exact SymPy, every output)",
            "поканальная, затем точечная свёртка равна одной свёртке с $F^{mk}_{u} = P^{mk} D^{m}_{u}$ "
            "(точно, SymPy, все выходы)"))])])


def _zero_insertion_section(lang: str, notation: Notation) -> Section:
    d_ok, wide, z_dil = dilation_identity()
    t_ok, padded, y_t = transposed_identity()
    dspec, tspec = ConvSpec(7, 3, dilation=2), ConvSpec(5, 3, stride=2)
    dd = Derivation(dspec, notation.replace(layer=None))
    dt = Derivation(tspec, notation.replace(layer=None))
    row = lambda d, v: r"\begin{bmatrix} " + " & ".join(d.tex(x) for x in v) + r" \end{bmatrix}"  # noqa: E731
    return Section(tr(lang, "Dilated and transposed convolution as zero insertion",
                      "Расширенная и транспонированная свёртки как вставка нулей"), [
        Para(tr(lang, "Dilation $d = 2$ inserts $d - 1$ zeros between the kernel elements (kernel 3 becomes 5):",
                "Расширение $d = 2$ вставляет $d - 1$ нулей между элементами ядра (ядро 3 становится 5):")),
        Math(r"\mathbf{f}_{d=2} = " + row(dd, wide)),
        Math(dd.entries(list(dd.z[0]), list(z_dil))),
        Para(tr(lang, "Transposed convolution with stride $s = 2$ inserts $s - 1$ zeros between the elements of "
                      "$z$, pads $k - 1$ zeros on each side and slides the flipped kernel:",
                "Транспонированная свёртка с шагом $s = 2$ вставляет $s - 1$ нулей между элементами $z$, "
                "добавляет по $k - 1$ нулей с краёв и применяет перевёрнутое ядро:")),
        Math(r"\tilde{\mathbf{z}} = " + row(dt, padded)),
        Math(dt.entries(list(dt.y[0]), list(y_t))),
        Box(tr(lang, "Verified", "Проверено"), [
            check_item(lang, d_ok, tr(lang, "the dilated convolution equals the convolution with the zero-inserted "
                                            "kernel (exact)", "расширенная свёртка равна свёртке с ядром со "
                                            "вставленными нулями (точно)")),
            check_item(lang, t_ok, tr(lang, "the transposed convolution ($T^{T} z$) equals zero insertion with the "
                                            "flipped kernel (exact)", "транспонированная свёртка ($T^{T} z$) равна "
                                            "вставке нулей с перевёрнутым ядром (точно)"))])])


def _sharing_section(lang: str) -> Section:
    rows = []
    for claim, claimed, computed, exact in sharing_rows():
        ok = exact and claimed == computed
        rows.append([f"${claim}$", str(claimed), str(computed), r"$\checkmark$" if ok else "x"])
    head = [tr(lang, "seed 001 claim", "утверждение семинара 001"), tr(lang, "claimed", "по формуле"),
            tr(lang, "computed", "вычислено"), ""]
    return Section(tr(lang, "Weight sharing: conv vs locally connected vs fully connected",
                      "Общие веса: свёртка, локальная связь, полная связь"), [
        Para(tr(lang, "Input depth 3, $8 \\times 8$; kernel $3 \\times 3$; output depth 4, $6 \\times 6$; no biases. "
                      "The counts come from \\texttt{convproof.geometry.params}.",
                "Вход глубины 3, $8 \\times 8$; ядро $3 \\times 3$; выход глубины 4, $6 \\times 6$; без смещений. "
                "Числа из \\texttt{convproof.geometry.params}.")),
        Table(tabular("lrrc", head, rows), tr(lang, "Sharing ratios", "Отношения числа параметров"))])


def layers_report(lang: str = "en", notation: Notation | None = None, max_size: int = 10) -> Report:
    """The ``layers`` report (seed 001)."""
    notation = notation or LECTURE
    doc = Document(tr(lang, "Convolution layers: channels, groups, depthwise, dilation, transposition",
                      "Свёрточные слои: каналы, группы, поканальные, расширенные, транспонированные"), [], lang)
    doc.sections = [_formula_section(lang, notation, k, _TITLES[k], _FORMULAS[k]) for k in EXAMPLES]
    doc.sections += [_separable_section(lang, notation), _counts_section(lang),
                     _zero_insertion_section(lang, notation), _sharing_section(lang)]
    box = registry_box(lang, ("params.*", "grouped.*", "pointwise.*", "separable.*", "depthwise_separable.*",
                              "dilated.*", "transposed.three_routes", "locally_connected.*"))
    if box:
        doc.sections.append(Section(tr(lang, "General statements", "Общие утверждения"), [box]))
    return Report(doc)
