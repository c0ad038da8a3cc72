"""Built-in report ``backprop``: the backward pass of a convolution layer and the weight-sharing rule.

1D and 2D examples with stride and padding, and a multichannel one, each derived by
:mod:`convproof.symbolic` (gradients read off ``L = sum(delta * z)`` and checked against the
closed forms), then the weight-sharing rule of seed 000 section 3.1 / algorithm 1 computed from
untied kernel copies.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from .. import symbolic as S
from ..geometry import ConvSpec
from ..latex.document import Document, Math, Para, Section, Table, tr
from ..notation import LECTURE, Notation
from .base import Report
from .verified import registry_box, verified_box
from .common import cross, tabular
from .derivation import Derivation
from .spec import backprop_blocks
from ..seeds.seed000_errata import SHARING_SPEC

__all__ = ["backprop_report", "EXAMPLES"]

EXAMPLES = {
    "1d": ConvSpec(5, 3, stride=2, padding=1),
    "2d": ConvSpec((4, 4), (3, 3), stride=2, padding=1),
    "channels": ConvSpec(4, 2, in_channels=2, out_channels=2),
}


def _closed_forms(d: Derivation, lang: str) -> list:
    n = d.notation
    L, y, g = r"\mathcal{L}", d.vname("input"), n.vector("grad")
    return [
        Para(tr(lang, "In closed form (output position $o$, kernel offset $u$, stride $s$, dilation $d$, "
                      "padded input $\\tilde{y}$):",
                "В замкнутой форме (позиция выхода $o$, смещение в ядре $u$, шаг $s$, дилатация $d$, вход с "
                "паддингом $\\tilde{y}$):")),
        Math(rf"\frac{{\partial {L}}}{{\partial {y}}} = {d.mname('T')}^{{T}} {g}, \qquad "
             rf"\frac{{\partial {L}}}{{\partial f_{{u}}}} = \sum_{{o}} \delta_{{o}} \, \tilde{{y}}_{{o s + u d}}, "
             rf"\qquad \frac{{\partial {L}}}{{\partial b}} = \sum_{{o}} \delta_{{o}}"),
    ]


def _example(key: str, lang: str, notation: Notation, max_size: int) -> Section:
    spec = EXAMPLES[key]
    d = Derivation(spec, notation if spec.ndim == 1 else notation.replace(layer=None), max_size)
    title = {"1d": tr(lang, "1D, stride 2, padding 1", "1D, шаг 2, паддинг 1"),
             "2d": tr(lang, "2D, stride 2, padding 1", "2D, шаг 2, паддинг 1"),
             "channels": tr(lang, "Two input and two output channels", "Два входных и два выходных канала")}[key]
    intro = Para(tr(lang, f"Input ${cross(spec.input_size)}$, kernel ${cross(spec.kernel_size)}$, output "
                          f"${cross(spec.output_size)}$, channels ${spec.in_channels} \\to {spec.out_channels}$.",
                    f"Вход ${cross(spec.input_size)}$, ядро ${cross(spec.kernel_size)}$, выход "
                    f"${cross(spec.output_size)}$, каналы ${spec.in_channels} \\to {spec.out_channels}$."))
    blocks = [intro, *backprop_blocks(d, lang)]
    if key == "1d":
        blocks += _closed_forms(d, lang)
    blocks.append(verified_box(d, lang, registry=False))
    return Section(title, blocks)


def _sharing_section(lang: str, notation: Notation) -> Section:
    r = S.backprop.sharing_rule(SHARING_SPEC)
    d = Derivation(SHARING_SPEC, notation.replace(layer=None))
    f = d.f[0, 0]
    head = [tr(lang, "position", "позиция")] + [f"$\\partial \\mathcal{{L}} / \\partial {d.tex(s)}$" for s in f]
    rows = [[f"${p + notation.base}$"] + [f"${d.tex(v)}$" for v in r["per"][p, 0, 0]] for p in range(r["positions"])]
    rows.append([tr(lang, "sum", "сумма")] + [f"${d.tex(v)}$" for v in r["total"][0, 0]])
    verdict = tr(lang, f"The sum over the {r['positions']} positions equals the gradient of the shared kernel: "
                       f"{'yes' if r['sum_equals_shared'] else 'no'}; the mean equals it: "
                       f"{'yes' if r['mean_equals_shared'] else 'no'}. So the update uses the sum, as algorithm 1 "
                       "step 4 writes (seed 000 line 109); the text before it (line 98) says the gradients are "
                       "averaged, which would scale the step by $1/" + str(r["positions"]) + "$.",
                 f"Сумма по {r['positions']} позициям равна градиенту общего ядра: "
                 f"{'да' if r['sum_equals_shared'] else 'нет'}; среднее равно ему: "
                 f"{'да' if r['mean_equals_shared'] else 'нет'}. Значит, обновление использует сумму, как в шаге 4 "
                 "алгоритма 1 (стр. 109 семинара 000); текст перед ним (стр. 98) говорит об усреднении, что "
                 "уменьшило бы шаг в " + str(r["positions"]) + " раз.")
    return Section(tr(lang, "Weight sharing (seed 000, algorithm 1)", "Общие веса (семинар 000, алгоритм 1)"), [
        Para(tr(lang, "Give every output position its own copy of the kernel, differentiate, then tie the copies "
                      "again:", "Дадим каждой позиции выхода свою копию ядра, продифференцируем и снова "
                      "свяжем копии:")),
        Table(tabular("l" + "c" * len(f), head, rows),
              tr(lang, f"Gradients of the untied copies, input {SHARING_SPEC.input_size[0]}, kernel "
                       f"{SHARING_SPEC.kernel_size[0]}", f"Градиенты несвязанных копий, вход "
                       f"{SHARING_SPEC.input_size[0]}, ядро {SHARING_SPEC.kernel_size[0]}")),
        Para(verdict)])


def backprop_report(lang: str = "en", notation: Notation | None = None, max_size: int = 10) -> Report:
    """The ``backprop`` report."""
    notation = notation or LECTURE
    doc = Document(tr(lang, "Backpropagation through a convolution layer", "Обратное распространение через "
                      "свёрточный слой"), [], lang)
    doc.intro = [Para(tr(lang, "For a loss $\\mathcal{L}$ and the upstream gradient "
                               "$\\delta = \\partial \\mathcal{L} / \\partial z$, every gradient below is read off "
                               "$\\mathcal{L} = \\sum_o \\delta_o z_o$ and proven equal to its closed form.",
                         "Для функции потерь $\\mathcal{L}$ и градиента сверху "
                         "$\\delta = \\partial \\mathcal{L} / \\partial z$ каждый градиент ниже получен из "
                         "$\\mathcal{L} = \\sum_o \\delta_o z_o$ и доказан равным своей замкнутой форме."))]
    doc.sections = [_example(k, lang, notation, max_size) for k in EXAMPLES] + [_sharing_section(lang, notation)]
    box = registry_box(lang, ("backprop.*", "transposed.adjoint"))
    if box:
        doc.sections.append(Section(tr(lang, "General statements", "Общие утверждения"), [box]))
    return Report(doc)
