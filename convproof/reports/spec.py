r"""The report of one spec: sizes, Toeplitz T, ``T y``, ``T^T``, im2col, backprop and a 'verified' box.

Every displayed equation comes from :mod:`convproof.symbolic`; the closing box lists what
:mod:`convproof.reports.verified` proved for this spec and the numeric cross-checks with their
maximum error. Section builders take a :class:`~convproof.reports.derivation.Derivation`, so the
built-in reports reuse them for their examples.
"""

from __future__ import annotations

from math import prod
from typing import Callable

import numpy as np

from ..errors import fail
from ..geometry import ConvSpec
from ..latex.document import Document, Math, Para, Section, Table, tr
from ..latex.escape import escape_text
from ..latex.figures import counts_png, sparsity_png, windows_png
from ..latex.matrix import matrix_latex
from ..notation import Notation
from .base import Report
from .verified import verified_box
from .common import cross, size_lines, tabular
from .derivation import Derivation, visible_len

__all__ = ["spec_report", "setup_section", "toeplitz_blocks", "transposed_blocks", "im2col_blocks",
           "backprop_blocks", "REPORT_PRODUCTS", "REPORT_ENTRIES", "check_report_size"]

#: Largest layer a spec report writes out: kernel-times-input products (a 1D layer with 30 channels in
#: and out, 21,600 products, takes about 50 s) and dense entries of T (``C_out*prod(o) x C_in*prod(i)``).
REPORT_PRODUCTS = 25_000
REPORT_ENTRIES = 2_000_000


def check_report_size(spec: ConvSpec) -> None:
    """Refuse, before building anything, a spec whose report would exceed the budgets (Python ints)."""
    products = spec.products
    entries = spec.out_channels * prod(spec.output_size) * spec.in_channels * prod(spec.padded_size)
    for what, n, budget in (("kernel-times-input products", products, REPORT_PRODUCTS),
                            ("entries of the matrix T", entries, REPORT_ENTRIES)):
        if n > budget:
            raise fail("spec", spec.describe(), f"a report of this layer writes out {n:,} {what}, over the "
                       f"report budget {budget:,}; check larger layers with 'convproof symbolic --prove "
                       "structural' or 'convproof verify'")


def _shape_text(d: Derivation, lang: str) -> str:
    s = d.spec
    pads = ", ".join(f"({lo}, {hi})" for lo, hi in s.padding)
    parts = [tr(lang, f"input ${cross(s.input_size)}$", f"вход ${cross(s.input_size)}$"),
             tr(lang, f"kernel ${cross(s.kernel_size)}$", f"ядро ${cross(s.kernel_size)}$"),
             tr(lang, f"stride ${cross(s.stride)}$", f"шаг ${cross(s.stride)}$"),
             tr(lang, f"padding $(p_{{lo}}, p_{{hi}})$ = ${pads}$", f"паддинг $(p_{{lo}}, p_{{hi}})$ = ${pads}$")]
    if any(v != 1 for v in s.dilation):
        parts.append(tr(lang, f"dilation ${cross(s.dilation)}$", f"дилатация ${cross(s.dilation)}$"))
    if s.padding_mode != "zeros":
        parts.append(tr(lang, "padding mode ", "режим паддинга ") + f"\\texttt{{{escape_text(s.padding_mode)}}}")
    if (s.in_channels, s.out_channels, s.groups) != (1, 1, 1):
        parts.append(tr(lang, "channels ", "каналы ") + f"${s.in_channels} \\to {s.out_channels}$"
                     + (tr(lang, f", groups ${s.groups}$", f", групп ${s.groups}$") if s.groups > 1 else ""))
    return ", ".join(parts) + "."


def setup_section(d: Derivation, lang: str) -> Section:
    """The spec, the output-size computation and the symbols."""
    s = d.spec
    y0 = d.y[0] if s.ndim > 1 else d.y[0]
    f0 = d.f[0, 0]
    blocks = [
        Para(_shape_text(d, lang)),
        Para(tr(lang, "Output size, per dimension $o = \\lfloor (i + p_{lo} + p_{hi} - d(k-1) - 1)/s \\rfloor + 1$:",
                "Размер выхода по каждой оси $o = \\lfloor (i + p_{lo} + p_{hi} - d(k-1) - 1)/s \\rfloor + 1$:")),
        Math(r" \\ ".join(size_lines(s)), align=True),
        Para(tr(lang, "Input and kernel" + (" (first channel)" if s.in_channels * s.out_channels > 1 else "") + ":",
                "Вход и ядро" + (" (первый канал)" if s.in_channels * s.out_channels > 1 else "") + ":")),
        Math(f"{d.vname('input', s.ndim > 1)} = {_arr(d, y0)}, \\quad "
             f"{d.vname('kernel', s.ndim > 1)} = {_arr(d, f0)}"),
    ]
    return Section(tr(lang, "Layer", "Слой"), blocks)


def _arr(d: Derivation, a: np.ndarray) -> str:
    """A 1-D array as a column, a 2-D one as a matrix; higher ones flattened to a column."""
    a = np.asarray(a, dtype=object)
    if a.ndim == 2:
        return d.matrix(a)
    return d.column(list(a.ravel()))


def toeplitz_blocks(d: Derivation, lang: str, figure: Callable | None = None, padded: bool = False,
                    key: str = "t") -> list:
    """``T`` (on the padded input with ``padded``), its sparsity picture and ``z = T y`` entry by entry."""
    T = d.T(padded)
    M = d.mname("T") + ("_{pad}" if padded else "")
    y_name = d.vname("input") + ("_{pad}" if padded else "")
    shown = f"{M} = {d.matrix(T)}"
    if padded:
        from .. import symbolic as S

        shown += f", \\quad {y_name} = {d.column(d.vec(S.padded_input(d.spec)))}"
    blocks = [Math(shown)]
    if figure is not None:
        blocks.append(figure(f"{key}-sparsity", _sparsity_drawer(d, T),
                             tr(lang, f"Sparsity of ${M}$ (${T.rows} \\times {T.cols}$): colour = kernel element",
                                f"Разреженность ${M}$ (${T.rows} \\times {T.cols}$): цвет = элемент ядра"),
                             width=f"{min(1.0, 0.25 + 0.045 * T.cols):.2f}\\linewidth"))
    rhs = d.Ty() if not padded else _padded_product(d, T)
    blocks.append(Para(tr(lang, f"Entry by entry, ${d.vname('output')} = {M} {y_name}$:",
                          f"Поэлементно, ${d.vname('output')} = {M} {y_name}$:")))
    blocks.append(Math(d.entries(d.vec(d.z), rhs)))
    return blocks


def _padded_product(d: Derivation, T) -> list:
    from .. import symbolic as S

    ypad = S.padded_input(d.spec)
    return S.matrices.sparse_matvec(T, d.vec(ypad))


def _sparsity_drawer(d: Derivation, T) -> Callable[[str], str]:
    kernel_index = {s: q + 1 for q, s in enumerate(d.f.ravel())}
    pattern = np.zeros((T.rows, T.cols), dtype=np.int64)
    for (r, c), v in T.todok().items():
        syms = [kernel_index[s] for s in v.free_symbols if s in kernel_index]
        pattern[r, c] = min(syms) if syms else 1
    labels = [f"${d.tex(s)}$" for s in d.f.ravel()]
    return lambda path: sparsity_png(pattern, path, labels=labels, base=d.notation.base)


def transposed_blocks(d: Derivation, lang: str, figure: Callable | None = None, key: str = "") -> list:
    """``T^T`` (or the transposed conv's matrix), the product entry by entry, the overlap picture."""
    s = d.spec
    restores = s.transposed_output_size == s.input_size
    M = d.mname("T") + "^{T}"
    lhs = d.transposed_symbols()
    size = cross(s.transposed_output_size)
    text = (tr(lang, f"The transposed convolution maps ${cross(s.output_size)}$ back to ${size}$ "
                     f"(output padding ${cross(s.output_padding)}$); its matrix is ${M}$:",
               f"Транспонированная свёртка переводит ${cross(s.output_size)}$ обратно в ${size}$ "
               f"(output padding ${cross(s.output_padding)}$); её матрица ${M}$:") if restores else
            tr(lang, f"The transposed convolution maps ${cross(s.output_size)}$ to ${size}$ (output padding "
                     f"${cross(s.output_padding)}$; ${cross(s.restoring_output_padding)}$ would restore the input); "
                     f"its matrix is the transposed Toeplitz matrix of the ${size}$ canvas, restricted to the outputs:",
               f"Транспонированная свёртка переводит ${cross(s.output_size)}$ в ${size}$ (output padding "
               f"${cross(s.output_padding)}$; вход восстанавливает ${cross(s.restoring_output_padding)}$); её матрица --- "
               f"транспонированная матрица Тёплица холста ${size}$, ограниченная выходами:"))
    M = M if restores else d.mname("T") + "_{c}^{T}"
    blocks = [Para(text), Math(f"{M} = {d.matrix(d.Tt)}"),
              Para(tr(lang, f"Entry by entry, ${M} {d.vname('output')}$:", f"Поэлементно, ${M} {d.vname('output')}$:")),
              Math(d.entries(lhs, d.Ttz()))]
    if figure is not None and any(st > 1 for st in s.stride):
        from .. import symbolic as S

        counts = np.asarray(S.overlap_count(s), dtype=np.int64)
        blocks.append(figure(f"{key}overlap", lambda path: counts_png(counts, path),
                             tr(lang, "How many kernel placements reach each output of the transposed "
                                      "convolution (uneven counts: checkerboard artifacts)",
                                "Сколько положений ядра попадает в каждый выход транспонированной свёртки "
                                "(неравномерность: артефакты шахматной доски)"),
                             width=f"{min(0.6, 0.06 * counts.shape[-1] + 0.05):.2f}\\linewidth"))
    return blocks


def im2col_blocks(d: Derivation, lang: str, figure: Callable | None = None, key: str = "") -> list:
    """The symbolic im2col matrix, ``z = F^T Y`` and a numeric table like seed 000 table 1."""
    s = d.spec
    Y = d.im2col()
    hat = d.notation.vector("input", capital=True, hat=True)
    hat_t = d.notation.vector("input", capital=True, hat=True, extra="T")
    zhat = d.notation.vector("output", hat=True)
    one = s.out_channels == 1
    F = d.notation.vector("kernel") if one else r"\mathcal{F}"
    b = d.tex(d.b[0]) if one else d.notation.bf("B")
    blocks = [Para(tr(lang, f"im2col: each column of ${hat}$ is one window of the padded input "
                            f"(${Y.rows} \\times {Y.cols}$), and the output is one matrix product "
                            "(seed 000 eq. 6):",
                      f"im2col: каждый столбец ${hat}$ --- одно окно входа с паддингом "
                      f"(${Y.rows} \\times {Y.cols}$), а выход --- одно матричное произведение (формула 6):")),
              Math(f"{hat} = {d.matrix(Y)}"),
              Math(f"{zhat} = {hat_t} {F} + {b}, \\quad {F} = {d.matrix(_filters(d))}")]
    nums = d.numbered_input()
    Yn = d.im2col(nums)
    rows = [[tr(lang, "input map", "входная карта") + f" ${d.vname('input', True)}$",
             f"${matrix_latex(_first(nums), str, d.max_size, d.max_size)}$"],
            [tr(lang, "filter", "фильтр") + f" ${d.vname('kernel', True)}$", f"${_arr(d, d.f[0, 0])}$"],
            [tr(lang, "result", "результат") + f" ${hat}$", f"${matrix_latex(Yn, str, d.max_size, d.max_size)}$"]]
    blocks.append(Table(tabular("lc", [tr(lang, "step", "шаг"), tr(lang, "value", "значение")], rows),
                        tr(lang, f"im2col of an input holding $1, 2, \\dots$ (stride ${cross(s.stride)}$)",
                           f"im2col входа со значениями $1, 2, \\dots$ (шаг ${cross(s.stride)}$)")))
    if figure is not None and s.in_channels == 1 and s.ndim <= 2 and Yn.cols <= 36:  # pictures are 1-D/2-D
        masks = _window_masks(d, nums, Yn)
        blocks.append(figure(f"{key}im2col-windows", lambda path: windows_png(masks, path, numbers=nums[0]),
                             tr(lang, f"The {Yn.cols} windows, one per column of ${hat}$",
                                f"{Yn.cols} окон, по одному на столбец ${hat}$"), width=r"0.5\linewidth"))
    return blocks


def _first(a: np.ndarray) -> list:
    first = np.asarray(a[0], dtype=object)
    return first.tolist() if first.ndim == 2 else [first.tolist()]


def _filters(d: Derivation):
    """Filters as columns (seed 000 eq. 8)."""
    from .. import symbolic as S

    return S.filter_matrix(d.spec)


def _window_masks(d: Derivation, nums: np.ndarray, Yn) -> np.ndarray:
    grid = np.asarray(nums[0], dtype=np.int64)
    out = np.zeros((Yn.cols, *grid.shape), dtype=np.int64)
    for j in range(Yn.cols):
        taken = {int(v) for v in Yn[:, j] if v != 0}
        out[j] = np.isin(grid, list(taken))
    return out


def backprop_blocks(d: Derivation, lang: str) -> list:
    """``L``, ``dL/dz``, ``dL/dy``, ``dL/df``, ``dL/db`` step by step."""
    n = d.notation
    L = r"\mathcal{L}"
    gr = d.grads
    dy = [rf"\frac{{\partial {L}}}{{\partial {d.tex(v)}}}" for v in d.vec(d.y)]
    df = [rf"\frac{{\partial {L}}}{{\partial {d.tex(v)}}}" for v in d.f.ravel()]
    db = [rf"\frac{{\partial {L}}}{{\partial {d.tex(v)}}}" for v in d.b.ravel()]
    shown = max(2, min(4, 40 // max(visible_len(t) for t in d.terms(d.loss))))
    return [
        Para(tr(lang, f"Let the upstream gradient be ${n.vector('grad')} = \\partial {L} / \\partial "
                      f"{d.vname('output')}$. By the chain rule only the linear term of ${L}$ in "
                      f"${d.vname('output')}$ matters, so take",
                f"Пусть градиент сверху ${n.vector('grad')} = \\partial {L} / \\partial {d.vname('output')}$. "
                f"По цепному правилу важен только линейный по ${d.vname('output')}$ член ${L}$, поэтому")),
        Math(f"{L} = " + " + ".join(d.terms(d.loss)[:shown]) + (r" + \dots" if len(d.terms(d.loss)) > shown else "")
             + rf", \qquad \frac{{\partial {L}}}{{\partial {d.tex(d.z.ravel()[0])}}} = {d.tex(d.g.ravel()[0])}"),
        Para(tr(lang, f"Input gradient ${n.vector('grad')}$ sent back, ${d.mname('T')}^{{T}} {n.vector('grad')}$:",
                f"Градиент по входу, ${d.mname('T')}^{{T}} {n.vector('grad')}$:")),
        Math(d.entries(dy, d.vec(gr.input))),
        Para(tr(lang, "Kernel gradient: every kernel element is shared by all windows, so its gradient is "
                      "the sum over them:",
                "Градиент по ядру: каждый элемент ядра общий для всех окон, поэтому его градиент --- "
                "сумма по ним:")),
        Math(d.entries(df, list(gr.weight.ravel()))),
        Para(tr(lang, "Bias gradient:", "Градиент по смещению:")),
        Math(d.entries(db, list(gr.bias.ravel()))),
    ]


def _transposed_or_note(d: Derivation, lang: str, fig: Callable) -> list:
    if d.spec.padding_mode == "zeros":
        return transposed_blocks(d, lang, fig)
    mode = escape_text(d.spec.padding_mode)
    return [Para(tr(lang, f"Transposed convolution is defined for zero padding (as in PyTorch); with "
                          f"\\texttt{{{mode}}} padding the adjoint of the layer is its input gradient, derived in the "
                          "backpropagation section.",
                    f"Транспонированная свёртка определена для нулевого паддинга (как в PyTorch); при паддинге "
                    f"\\texttt{{{mode}}} сопряжённый оператор --- градиент по входу из раздела об обратном "
                    "распространении."))]


def spec_report(spec: ConvSpec, lang: str = "en", notation: Notation | None = None, max_size: int = 10,
                order: str = "C", registry: bool = True) -> Report:
    """The full report of ``spec`` (``registry=False`` leaves out the general statements of convproof verify,
    which take several seconds to evaluate)."""
    check_report_size(spec)
    d = Derivation(spec, notation, max_size, order)
    title = r" $\to$ ".join(escape_text(part) for part in spec.describe().split(" -> "))
    report = Report(Document(tr(lang, "Convolution layer: ", "Свёрточный слой: ") + title, [], lang))
    fig = report.figure
    doc = report.document
    doc.sections += [
        setup_section(d, lang),
        Section(tr(lang, "Convolution as a matrix product", "Свёртка как умножение на матрицу"),
                [Para(tr(lang, f"With $\\mathrm{{vec}}$ row-major, ${d.vname('output')} = {d.mname('T')} "
                               f"{d.vname('input')}$ where", f"При построчной векторизации "
                               f"${d.vname('output')} = {d.mname('T')} {d.vname('input')}$, где")),
                 *toeplitz_blocks(d, lang, fig)]),
        Section(tr(lang, "Transposed convolution", "Транспонированная свёртка"), _transposed_or_note(d, lang, fig)),
        Section("im2col", im2col_blocks(d, lang, fig)),
        Section(tr(lang, "Backpropagation", "Обратное распространение"), backprop_blocks(d, lang)),
        Section(tr(lang, "Verified", "Проверено"), [verified_box(d, lang, registry)]),
    ]
    return report
