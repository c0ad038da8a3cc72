"""Conventions report, section "Runtimes and libraries": four differences, each with a computed example.

Every output array is computed with :mod:`convproof.numeric.reference` and :mod:`convproof.geometry`
(the SciPy and PyTorch agreements are tested in ``tests/geometry/test_geometry_conventions.py``). The
onnxruntime behaviour is quoted as measured (onnxruntime 1.32.0, onnx 1.23.2 reference evaluator)
and as reported in the runtime's issue tracker; it is not recomputed at build time.
"""

from __future__ import annotations

import numpy as np

from ..geometry import ConvSpec, same_padding
from ..geometry.transposed import onnx_transpose_pads
from ..latex.document import Para, Section, Table, tr
from ..numeric.reference import conv, conv_transpose
from .common import col, pair, tabular
from ..geometry.frameworks import onnx_transpose_size, torch_transpose_size

__all__ = ["runtimes_section"]


def _vec(values) -> str:
    return "$[" + ", ".join(_num(v) for v in values) + "]$"


def _num(v) -> str:
    v = complex(v)
    re, im = int(round(v.real)), int(round(v.imag))
    if im == 0:
        return str(re)
    imag = ("" if abs(im) == 1 else str(abs(im))) + "i"
    if re == 0:
        return ("-" if im < 0 else "") + imag
    return f"{re} {'-' if im < 0 else '+'} {imag}"


def _onnx_same_rows(lang: str) -> list[list[str]]:
    i, k, s = 4, 1, 2
    z, w = np.arange(1, i + 1)[None, None], np.ones((1, 1, k), dtype=int)
    full = conv_transpose(z, w, stride=s)[0, 0].tolist()  # the uncropped transposed output
    rows = []
    for auto in ("SAME_UPPER", "SAME_LOWER"):
        lo, hi = onnx_transpose_pads(i, k, s, auto_pad=auto)
        grown = [0] * max(-lo, 0) + full + [0] * max(-hi, 0)
        rows.append([tr(lang, f"ONNX operator text, \\texttt{{{auto.replace('_', chr(92) + '_')}}}",
                        f"текст оператора ONNX, \\texttt{{{auto.replace('_', chr(92) + '_')}}}"),
                     f"${pair((lo, hi))}$", f"${onnx_transpose_size(i, k, s, auto)}$", _vec(grown)])
    spec = ConvSpec.from_transposed(input_size=i, kernel_size=k, stride=s, padding="same")
    tf = conv_transpose(z, w, stride=s, padding=spec.padding, output_padding=spec.output_padding)[0, 0]
    rows.append([tr(lang, "TF/Keras, JAX \\texttt{'same'} (convproof)", "TF/Keras, JAX \\texttt{'same'} (convproof)"),
                 f"${pair(spec.padding[0])}$, $a = {spec.output_padding[0]}$", f"${len(tf)}$", _vec(tf)])
    rows.append([tr(lang, "onnxruntime (measured, both SAME\\_*)", "onnxruntime (измерено, оба SAME\\_*)"),
                 "--", f"${len(full)}$", _vec(full)])
    return rows


def _onnx_same(lang: str) -> list:
    head = [tr(lang, "who", "кто"), tr(lang, "pads", "паддинг"), "$o$", tr(lang, "output", "выход")]
    return [
        Para(tr(lang, "ONNX \\texttt{ConvTranspose} with \\texttt{auto\\_pad=SAME\\_*} when the kernel span is "
                      "shorter than the stride ($i = 4$, $k = 1$, $s = 2$, $z = [1, 2, 3, 4]$, $f = [1]$): the "
                      "operator's formula $P = s(i-1) + a + k_e - is = -1$ is negative, so the output grows to "
                      "$is = 8$ (at the start for SAME\\_UPPER). The ONNX reference evaluator follows the formula; "
                      "onnxruntime returns the uncropped 7 elements (onnxruntime issues \\#11927, \\#4086).",
                "ONNX \\texttt{ConvTranspose} с \\texttt{auto\\_pad=SAME\\_*}, когда размах ядра меньше шага "
                "($i = 4$, $k = 1$, $s = 2$, $z = [1, 2, 3, 4]$, $f = [1]$): формула оператора "
                "$P = s(i-1) + a + k_e - is = -1$ отрицательна, выход растёт до $is = 8$ (в начале для "
                "SAME\\_UPPER). Эталонный вычислитель ONNX следует формуле; onnxruntime возвращает 7 элементов "
                "без обрезки (issues onnxruntime \\#11927, \\#4086).")),
        Table(tabular(col("5.2cm") + "lc" + col("4.6cm"), head, _onnx_same_rows(lang)),
              tr(lang, "Transposed SAME with $k_e < s$: 7 versus 8", "Транспонированный SAME при $k_e < s$: 7 против 8")),
    ]


def _output_padding(lang: str) -> Para:
    i, k, s, d, a = 4, 3, 1, 2, 1
    o = torch_transpose_size(i, k, s, 0, d, a)
    return Para(tr(lang, f"Output padding: PyTorch accepts $0 \\le a < \\max(s, d)$, so $i = {i}$, $k = {k}$, "
                         f"$s = {s}$, $d = {d}$, $a = {a}$ gives length ${o}$. The ONNX operator text says "
                         "``less than the corresponding stride/dilation''; onnxruntime and the ONNX reference "
                         "evaluator refuse $a \\ge s$ (measured: ``output\\_padding (1) may be too large for "
                         "stride (1)'').",
                   f"Output padding: PyTorch допускает $0 \\le a < \\max(s, d)$, поэтому $i = {i}$, $k = {k}$, "
                   f"$s = {s}$, $d = {d}$, $a = {a}$ дают длину ${o}$. onnxruntime и эталонный вычислитель ONNX "
                   "отказывают при $a \\ge s$ (измерено)."))


def _scipy_rows(lang: str) -> list[list[str]]:
    x, w = np.arange(1, 6), np.array([1, 10, 100, 1000])
    rows = []
    for who, name in (("\\texttt{scipy.signal.correlate}", "scipy"),
                      ("\\texttt{scipy.signal.correlate2d}", "scipy-correlate2d"),
                      ("PyTorch \\texttt{padding='same'}", "torch")):
        p = same_padding(5, 4, convention=name)
        rows.append([who, f"${pair(p)}$", _vec(conv(x[None, None], w[None, None], padding=[p])[0, 0])])
    return rows


def _complex_rows(lang: str) -> list[list[str]]:
    x, w = np.array([1, 1j, 2]), np.array([1j, 1])
    ours = conv(x[None, None], w[None, None])[0, 0]
    conj = conv(x[None, None], np.conj(w)[None, None])[0, 0]
    return [["PyTorch \\texttt{conv1d}, convproof", "$\\sum_u f_u y_{j+u}$", _vec(ours)],
            ["\\texttt{scipy.signal.correlate}", "$\\sum_u \\overline{f_u} y_{j+u}$", _vec(conj)]]


def runtimes_section(lang: str) -> Section:
    """The section; every number in it is computed here except the quoted onnxruntime behaviour."""
    shead = [tr(lang, "function", "функция"), "$(p_{lo}, p_{hi})$", tr(lang, "output", "выход")]
    chead = [tr(lang, "function", "функция"), "$z_j$", tr(lang, "output", "выход")]
    return Section(tr(lang, "Runtimes and libraries", "Среды выполнения и библиотеки"), [
        *_onnx_same(lang),
        _output_padding(lang),
        Para(tr(lang, "SciPy: \\texttt{correlate(..., 'same')} puts the extra element of an even kernel's padding "
                      "at the start, \\texttt{correlate2d(..., 'same')} at the end ($y = [1, \\dots, 5]$, "
                      "$f = [1, 10, 100, 1000]$):",
                "SciPy: \\texttt{correlate(..., 'same')} кладёт лишний элемент паддинга чётного ядра в начало, "
                "\\texttt{correlate2d(..., 'same')} --- в конец ($y = [1, \\dots, 5]$, $f = [1, 10, 100, 1000]$):")),
        Table(tabular(col("5cm") + "c" + col("6cm"), shead, _scipy_rows(lang)),
              tr(lang, "\\texttt{same} in SciPy's two correlations", "\\texttt{same} в двух корреляциях SciPy")),
        Para(tr(lang, "Complex inputs: \\texttt{scipy.signal.correlate} conjugates the second argument, PyTorch "
                      "does not ($y = [1, i, 2]$, $f = [i, 1]$):",
                "Комплексные входы: \\texttt{scipy.signal.correlate} сопрягает второй аргумент, PyTorch --- нет "
                "($y = [1, i, 2]$, $f = [i, 1]$):")),
        Table(tabular(col("5cm") + "c" + col("4cm"), chead, _complex_rows(lang)),
              tr(lang, "Cross-correlation of complex arrays", "Взаимная корреляция комплексных массивов")),
    ])
