"""Built-in report ``conventions``: 'same' padding and transposed output sizes across frameworks.

Every number and every window in the worked examples is computed here, from
:mod:`convproof.geometry` (pads, sizes), :mod:`convproof.geometry.frameworks` (the
JAX/Keras/ONNX transposed lengths) and :func:`convproof.numeric.reference.conv` on
symbolic inputs (which input each output reads).
"""

from __future__ import annotations

from ..errors import ConvProofError
from ..geometry import ConvSpec, conv_output_size, same_padding, transposed_preimages
from ..latex.escape import escape_text
from ..latex.document import Box, Document, Para, Section, Table, tr
from ..notation import LECTURE, Notation
from ..latex.printer import LecturePrinter, SymbolTable
from ..numeric.reference import conv
from .base import Report
from .verified import registry_items
from .common import check_item, col, pair, symbol_array, tabular
from .conventions_runtimes import runtimes_section
from ..geometry.frameworks import jax_transpose_size, keras_transpose_size, onnx_transpose_size, torch_transpose_size

__all__ = ["conventions_report", "SAME_ROWS"]

# (convproof convention, frameworks using it); the rule column comes from the geometry docstring.
SAME_ROWS = [
    ("torch", r"PyTorch \texttt{padding='same'}"),
    ("tensorflow", r"TF/Keras \texttt{'SAME'}, ONNX \texttt{SAME\_UPPER}, JAX \texttt{'SAME'}"),
    ("onnx-same-lower", r"ONNX \texttt{SAME\_LOWER}, JAX \texttt{'SAME\_LOWER'}"),
    ("scipy", r"SciPy \texttt{correlate(..., 'same')}"),
]
_RULES = {
    "torch": (r"$s = 1$; $P = d(k-1)$; $p_{lo} = \lfloor P/2 \rfloor$, $p_{hi} = P - p_{lo}$",
              r"$s = 1$; $P = d(k-1)$; $p_{lo} = \lfloor P/2 \rfloor$, $p_{hi} = P - p_{lo}$"),
    "tensorflow": (r"$o = \lceil i/s \rceil$, $P = \max((o-1)s + k_{e} - i, 0)$; extra at the end",
                   r"$o = \lceil i/s \rceil$, $P = \max((o-1)s + k_{e} - i, 0)$; лишний в конце"),
    "onnx-same-lower": (r"as above, $p_{lo} = \lceil P/2 \rceil$; extra at the start",
                        r"как выше, $p_{lo} = \lceil P/2 \rceil$; лишний в начале"),
    "scipy": (r"$s = 1$; $P = k_{e} - 1$; $p_{lo} = \lceil P/2 \rceil$ (centred full output)",
              r"$s = 1$; $P = k_{e} - 1$; $p_{lo} = \lceil P/2 \rceil$ (центр полной свёртки)"),
}


class _Windows:
    """Which inputs each output of a 1-D conv reads, computed on symbols."""

    def __init__(self, n: int, k: int, notation: Notation) -> None:
        self.y, self.f = symbol_array("y", n), symbol_array("f", k)
        table = SymbolTable().add("input", self.y, 1).add("kernel", self.f, 1)
        self.printer = LecturePrinter(table, notation.replace(layer=None))

    def outputs(self, pads: tuple[int, int], stride: int) -> list[str]:
        z = conv(self.y[None, None], self.f[None, None], stride=stride, padding=[pads])[0, 0]
        return [self.printer.doprint(v) for v in z]


def _same_table(lang: str) -> Table:
    rows = [[f"\\texttt{{{name}}}", who, tr(lang, *_RULES[name])] for name, who in SAME_ROWS]
    head = [tr(lang, "convproof", "convproof"), tr(lang, "used by", "где"), tr(lang, "rule", "правило")]
    body = tabular("l" + col("5.2cm") + col("6.8cm"), head, rows)
    return Table(body, tr(lang, r"\texttt{same} padding conventions ($k_e = d(k-1)+1$, total padding $P$)",
                          r"Соглашения \texttt{same} ($k_e = d(k-1)+1$, суммарный паддинг $P$)"))


def _pads_or_refusal(lang: str, i: int, k: int, s: int, name: str) -> tuple[tuple[int, int] | None, str]:
    try:
        p = same_padding(i, k, s, 1, name)
    except ConvProofError:
        return None, tr(lang, "refused (stride must be 1)", "отказ (шаг должен быть 1)")
    return p, f"${pair(p)}$"


def _window_example(lang: str, notation: Notation, i: int, k: int, s: int, extra: list) -> list:
    win = _Windows(i, k, notation)
    rows = []
    for label, pads in [(f"\\texttt{{{n}}}", _pads_or_refusal(lang, i, k, s, n)) for n, _ in SAME_ROWS] + extra:
        p, shown = pads
        outs = win.outputs(p, s) if p else []
        cells = [f"${o}$" for o in outs] if outs else ["--"]
        rows.append([label, shown, str(len(outs)) if outs else "--", ", ".join(cells)])
    head = [tr(lang, "convention", "соглашение"), "$(p_{lo}, p_{hi})$", "$o$",
            tr(lang, "outputs $z_1, \\dots$", "выходы $z_1, \\dots$")]
    return [Table(tabular("l" + col("2.5cm") + "c" + col("8.3cm"), head, rows),
                  tr(lang, f"\\texttt{{same}} with $i = {i}$, $k = {k}$, $s = {s}$: pads and the window of every output",
                     f"\\texttt{{same}} при $i = {i}$, $k = {k}$, $s = {s}$: паддинг и окно каждого выхода"))]


def _same_section(lang: str, notation: Notation) -> Section:
    idiom = (3 // 2, 3 // 2)  # PyTorch idiom padding=k//2 for the k=3 example below
    blocks = [
        Para(tr(lang, "All frameworks agree for stride 1 and an odd kernel span. They differ in which side "
                      "receives the extra element of an odd total padding, and in what \\texttt{same} means for "
                      "stride $s > 1$. Each row below was computed by \\texttt{convproof.geometry.same\\_padding}.",
                "Для шага 1 и нечётного размаха ядра все библиотеки согласны. Различаются они тем, на какую "
                "сторону уходит лишний элемент нечётного суммарного паддинга, и смыслом \\texttt{same} при шаге "
                "$s > 1$. Каждая строка вычислена \\texttt{convproof.geometry.same\\_padding}.")),
        _same_table(lang),
        Para(tr(lang, "Even kernel, stride 1: the windows of the conventions that put the extra element "
                      "first are shifted by one position.",
                "Чётное ядро, шаг 1: окна у соглашений, кладущих лишний элемент в начало, сдвинуты на одну "
                "позицию.")),
        *_window_example(lang, notation, 5, 4, 1, []),
        Para(tr(lang, "Stride 2: PyTorch refuses \\texttt{padding='same'}; the common idiom "
                      "\\texttt{padding=k//2} pads symmetrically. Same output length, different windows "
                      "(tensornets \\#25, keras PR \\#16363).",
                "Шаг 2: PyTorch не принимает \\texttt{padding='same'}; распространённая замена "
                "\\texttt{padding=k//2} симметрична. Длина выхода та же, окна другие.")),
        *_window_example(lang, notation, 6, 3, 2, [(r"PyTorch \texttt{padding=k//2}", (idiom, f"${pair(idiom)}$"))]),
        _mod_table(lang),
    ]
    return Section(tr(lang, "Padding \\texttt{same}", "Паддинг \\texttt{same}"), blocks)


def _mod_table(lang: str) -> Table:
    rows = []
    for i in (224, 225, 7, 8):
        k, s = (7, 2) if i > 100 else (3, 2)
        tf = same_padding(i, k, s, 1, "tensorflow")
        o_tf = conv_output_size(i, k, s, *tf)
        o_id = conv_output_size(i, k, s, k // 2, k // 2)
        rows.append([f"${i}$", f"${k}$", f"${s}$", f"${pair(tf)}$", f"${o_tf}$", f"${pair((k // 2, k // 2))}$",
                     f"${o_id}$"])
    head = ["$i$", "$k$", "$s$", tr(lang, "TF pads", "паддинг TF"), "$o$",
            tr(lang, "\\texttt{k//2} pads", "паддинг \\texttt{k//2}"), "$o$"]
    return Table(tabular("rrrcccc", head, rows),
                 tr(lang, "TensorFlow's \\texttt{SAME} pads depend on $i \\bmod s$; the symmetric idiom does not",
                    "Паддинг \\texttt{SAME} в TensorFlow зависит от $i \\bmod s$, симметричная замена --- нет"))


# (torch kwargs, onnx pads, jax padding, (keras padding, keras output_padding)); None: not expressible.
_T_CASES = [
    (dict(i=5, k=1, s=2), (0, 0), "VALID", ("valid", None)),
    (dict(i=4, k=3, s=2), (0, 0), (0, 0), ("valid", None)),
    (dict(i=4, k=3, s=2, padding=1), "SAME_UPPER", "SAME", ("same", None)),
    (dict(i=4, k=3, s=2, padding=1), None, None, ("same", 0)),
    (dict(i=4, k=3, s=2, padding=1, output_padding=1), None, None, ("same", 1)),
]

# framework, padding argument, output length (the functions in geometry.frameworks implement these).
_T_FORMULAS = [
    ("PyTorch, ONNX", r"\texttt{padding} $p$, \texttt{output\_padding} $a$",
     r"$o = (i-1)s - 2p + k_e + a$, $0 \le a < \max(s, d)$"),
    ("ONNX", r"\texttt{auto\_pad=SAME\_*}", r"$o = i s$"),
    ("JAX", r"\texttt{'SAME'}", r"$o = i s$"),
    ("JAX", r"\texttt{'VALID'}", r"$o = i s + \max(k_e - s, 0)$"),
    ("JAX", r"$[(lo, hi)]$", r"$o = (i-1)s + lo + hi - k_e + 2$"),
    ("Keras", r"\texttt{'same'}, \texttt{'valid'}, \texttt{'full'}",
     r"$i s$, $i s + \max(k_e - s, 0)$, $i s - (s + k_e - 2)$"),
    ("Keras", r"+ \texttt{output\_padding} $a$",
     r"$o = (i-1)s + k_e - 2q + a$, $q = \lfloor k_e/2 \rfloor$, $0$, $k_e - 1$ (same, valid, full)"),
]


def _tt(*args: object) -> str:
    """Arguments in typewriter type, breakable after each comma."""
    parts = [escape_text(str(a).replace(" ", "")) for a in args]
    return r"{\footnotesize " + r",\allowbreak ".join(r"\texttt{%s}" % p for p in parts) + "}"


def _transposed_rows() -> list[list[str]]:
    rows = []
    for t, onnx, jax, (kp, kop) in _T_CASES:
        i, k, s = t["i"], t["k"], t["s"]
        targs = [f"{a}={v}" for a, v in t.items() if a not in ("i", "k", "s")] or ["padding=0"]
        onnx_arg = f"auto_pad={onnx}" if isinstance(onnx, str) else f"pads={list(onnx or ())}"
        jax_arg = f"padding='{jax}'" if isinstance(jax, str) else f"padding={[tuple(jax or ())]}"
        kargs = [f"padding='{kp}'"] + ([] if kop is None else [f"output_padding={kop}"])
        pad = t.get("padding", 0)
        rows.append([
            f"${i}$", f"${k}$", f"${s}$",
            f"${torch_transpose_size(i, k, s, pad, 1, t.get('output_padding', 0))}$ " + _tt(*targs),
            "--" if onnx is None else f"${onnx_transpose_size(i, k, s, onnx)}$ " + _tt(onnx_arg),
            "--" if jax is None else f"${jax_transpose_size(i, k, s, jax)}$ " + _tt(jax_arg),
            f"${keras_transpose_size(i, k, s, kp, output_padding=kop)}$ " + _tt(*kargs),
        ])
    return rows


def _transposed_section(lang: str) -> Section:
    pre = transposed_preimages(12, 3, 2, 1)
    sizes = ", ".join(f"{n}" for n, _ in pre)
    pads = ", ".join(f"\\texttt{{output\\_padding={a}}} $\\to {n}$" for n, a in pre)
    fhead = [tr(lang, "framework", "библиотека"), tr(lang, "padding", "паддинг"),
             tr(lang, "output length", "длина выхода")]
    head = ["$i$", "$k$", "$s$", "PyTorch", "ONNX", "JAX", "Keras"]
    return Section(tr(lang, "Transposed convolution output size", "Размер выхода транспонированной свёртки"), [
        Table(tabular("l" + col("5cm") + col("7.5cm"), fhead, [list(r) for r in _T_FORMULAS]),
              tr(lang, "Transposed output length, input length $i$, $k_e = d(k-1)+1$",
                 "Длина выхода транспонированной свёртки, длина входа $i$, $k_e = d(k-1)+1$")),
        Para(tr(lang, "JAX's explicit pads apply to the zero-inserted input instead of cropping the output; "
                      "PyTorch's and ONNX's padding crops the full output. The same layer therefore has "
                      "different lengths:",
                "Явный паддинг JAX добавляется ко входу со вставленными нулями, а не обрезает выход, как "
                "padding в PyTorch и ONNX. Поэтому один и тот же слой даёт разные длины:")),
        Table(tabular("rrr" + col("3.0cm") + col("3.4cm") + col("2.7cm") + col("3.2cm"), head, _transposed_rows()),
              tr(lang, "Transposed output lengths computed per framework (--: not expressible)",
                 "Длины выхода транспонированной свёртки по библиотекам (--: не выражается)")),
        Para(tr(lang, f"Output padding exists because a strided convolution is not injective on sizes: with "
                      f"$k = 3$, $s = 2$, $p = 1$ the inputs of length {sizes} all give output length $12$ "
                      f"(Keras \\#9883); the transposed layer picks one with {pads}.",
                f"Output padding нужен, потому что свёртка с шагом не инъективна по размерам: при $k = 3$, "
                f"$s = 2$, $p = 1$ входы длины {sizes} дают выход длины $12$; транспонированный слой выбирает "
                f"один из них: {pads}.")),
    ])


def _orientation_section(lang: str) -> Section:
    rows = [["PyTorch \\texttt{ConvTranspose}", "$(C_{in}, C_{out}/g, k\\dots)$",
             tr(lang, "gradient of conv w.r.t. its input (flipped kernel, swapped channels)",
                "градиент свёртки по входу (перевёрнутое ядро, каналы меняются ролями)")],
            ["ONNX \\texttt{ConvTranspose}", "$(C, M/g, k\\dots)$", tr(lang, "as PyTorch", "как PyTorch")],
            ["TF \\texttt{conv2d\\_transpose}", "$[h, w, out, in]$",
             tr(lang, "transpose (gradient) of conv2d", "транспонирование (градиент) conv2d")],
            ["JAX \\texttt{conv\\_transpose}", "--",
             tr(lang, "no flip unless \\texttt{transpose\\_kernel=True}",
                "без переворота, если не задано \\texttt{transpose\\_kernel=True}")]]
    head = [tr(lang, "framework", "библиотека"), tr(lang, "weight layout", "раскладка весов"),
            tr(lang, "behaviour", "поведение")]
    return Section(tr(lang, "Kernel orientation", "Ориентация ядра"), [
        Table(tabular("ll" + col("8cm"), head, rows),
              tr(lang, "Kernel layout and orientation of transposed convolution (framework documentation)",
                 "Раскладка и ориентация ядра транспонированной свёртки (по документации)"))])


def _checks(lang: str) -> Box:
    grid = [(i, k, s) for i in range(1, 25) for k in range(1, 8) for s in range(1, 4)]
    tf_ok = all(conv_output_size(i, k, s, *same_padding(i, k, s, 1, "tensorflow")) == -(-i // s)
                for i, k, s in grid if i + sum(same_padding(i, k, s, 1, "tensorflow")) >= k)
    s1 = [(i, k) for i, k, s in grid if s == 1 and i >= 1]
    keep = all(conv_output_size(i, k, 1, *same_padding(i, k, 1, 1, c)) == i
               for i, k in s1 for c in ("torch", "scipy", "onnx-same-lower"))
    tpose = all(conv_output_size(n, 3, 2, 1, 1) == 12 and torch_transpose_size(12, 3, 2, 1, output_padding=a) == n
                for n, a in transposed_preimages(12, 3, 2, 1))
    items = [
        check_item(lang, tf_ok, tr(lang, f"TF/ONNX-upper \\texttt{{SAME}} gives $o = \\lceil i/s \\rceil$ for all "
                                         f"{len(grid)} cases $i \\le 24$, $k \\le 7$, $s \\le 3$.",
                                   f"\\texttt{{SAME}} TF/ONNX-upper даёт $o = \\lceil i/s \\rceil$ во всех {len(grid)} "
                                   f"случаях $i \\le 24$, $k \\le 7$, $s \\le 3$.")),
        check_item(lang, keep, tr(lang, f"Every stride-1 \\texttt{{same}} convention keeps $o = i$ ({3 * len(s1)} cases).",
                                  f"Каждое соглашение \\texttt{{same}} с шагом 1 сохраняет $o = i$ ({3 * len(s1)} случаев).")),
        check_item(lang, tpose, tr(lang, "Each preimage length is restored by its output padding.",
                                   "Каждая длина-прообраз восстанавливается своим output padding.")),
    ]
    reg = registry_items(lang, ("same.*", "shape.transposed*"))
    groups = [(tr(lang, "This report (exact integer arithmetic)", "Этот отчёт (точная целочисленная арифметика)"), items)]
    if reg:
        groups.append((tr(lang, "General statements (convproof verify)", "Общие утверждения (convproof verify)"), reg))
    return Box(tr(lang, "Verified", "Проверено"), groups)


def conventions_report(lang: str = "en", notation: Notation | None = None, max_size: int = 10) -> Report:
    """The ``conventions`` report (``max_size`` is accepted for uniformity; it has no large matrices)."""
    notation = notation or LECTURE
    title = tr(lang, "Convolution conventions across frameworks", "Соглашения о свёртке в разных библиотеках")
    spec_note = ConvSpec(5, 4, padding="same").padding  # the geometry resolves the example's 'same'
    intro = Para(tr(lang, f"PyTorch, TensorFlow/Keras, ONNX, JAX and SciPy side by side. Example: PyTorch's "
                          f"\\texttt{{same}} for $i = 5$, $k = 4$ pads ${pair(spec_note[0])}$.",
                    f"PyTorch, TensorFlow/Keras, ONNX, JAX и SciPy рядом. Пример: \\texttt{{same}} в PyTorch при "
                    f"$i = 5$, $k = 4$ даёт паддинг ${pair(spec_note[0])}$."))
    doc = Document(title, [_same_section(lang, notation), _transposed_section(lang), _orientation_section(lang),
                           runtimes_section(lang), Section(tr(lang, "Checks", "Проверки"), [_checks(lang)])], lang, [intro])
    return Report(doc)

