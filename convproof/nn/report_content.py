r"""Content of the ``fundamentals`` report (English and Russian), as data.

The reports layer (:mod:`convproof.reports`) owns the LaTeX documents; this module only supplies
what goes into them, computed from :mod:`convproof.nn` (nothing is typed in by hand):

* :class:`Text` -- a paragraph in both languages (LaTeX-ready prose, inline math in ``$...$``);
* :class:`Equation` -- one displayed equation (LaTeX built with :func:`sympy.latex` where it is
  derived);
* :class:`TableData` -- a table: column spec, header per language, rows of LaTeX cells, caption;
* :class:`ContentSection` -- a section: key, title per language, blocks, and the names of the
  registered statements (:mod:`convproof.nn.statements`) that verify it, so the report can show
  their status from :func:`convproof.verify.status`.

:func:`sections` returns the whole report body; :func:`errata_section` the errata alone.

>>> [s.key for s in sections()][:3]
['dense', 'activations', 'losses']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

import sympy as sp

from . import activations as act
from . import losses
from .graph import seed002_example
from .optim import UPDATE_RULES_LATEX, classify_step, contraction_factor
from .seed002 import claims, worked_values
from .seed004 import verdicts as seed004_verdicts

__all__ = ["Text", "Equation", "TableData", "ContentSection", "sections", "errata_section", "VERDICT_RU"]

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
class Equation:
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

    def header(self, lang: str) -> tuple[str, ...]:
        return self.header_ru if lang == "ru" else self.header_en

    def cells(self, lang: str) -> tuple[tuple[str, ...], ...]:
        """Rows for ``lang`` (``rows_ru`` when given for Russian, else ``rows``)."""
        return self.rows_ru if lang == "ru" and self.rows_ru else self.rows


Block = Union[Text, Equation, TableData]


@dataclass(frozen=True)
class ContentSection:
    """One section of the report."""

    key: str
    title: Text
    blocks: tuple[Block, ...]
    statements: tuple[str, ...] = field(default=())


def _num(value: sp.Expr, digits: int = 10) -> str:
    return sp.latex(sp.N(value, digits))


def _tt(name: str) -> str:
    return r"\texttt{" + name.replace("_", r"\_").replace(".", r".\allowbreak{}") + "}"


def _verdict(v: str, lang: str = "en") -> str:
    return VERDICT_RU.get(v, v) if lang == "ru" else v


def _exact_cell(expr: sp.Expr, limit: int = 48) -> str:
    """The exact value in LaTeX when it is short; long expressions are left to the decimal column."""
    text = sp.latex(expr)
    return f"${text}$" if len(text) <= limit else r"\dots"


def _value_rows(prefix: str, lang: str = "en") -> tuple[tuple[str, ...], ...]:
    rows = []
    for v in worked_values():
        if v.id.startswith(prefix):
            rows.append((f"${v.quote}$", v.printed, _exact_cell(v.exact), f"${_num(v.exact)}$",
                         _verdict(v.verdict.verdict, lang)))
    return tuple(rows)


_VALUE_HEADER = (("seed", "printed", "exact", "decimal", "verdict"),
                 ("в лекции", "значение", "точно", "десятичное", "вердикт"))


def _values_table(prefix: str, en: str, ru: str) -> TableData:
    return TableData("p{0.34\\linewidth}llll", *_VALUE_HEADER, _value_rows(prefix), Text(en, ru),
                     _value_rows(prefix, "ru"))


def _dense() -> ContentSection:
    return ContentSection("dense", Text("Neuron and dense layer", "Нейрон и полносвязный слой"), (
        Equation(r"y = f(Wx + b),\qquad z = Wx + b"),
        Equation(r"\delta = \frac{\partial L}{\partial y} \odot f'(z),\quad \frac{\partial L}{\partial W} = \delta x^T,"
                 r"\quad \frac{\partial L}{\partial x} = W^T \delta,\quad \frac{\partial L}{\partial b} = \delta"),
        Text("The backward formulas are proved by differentiating $L = \\sum_i g_i f(z_i)$ entry by entry with SymPy "
             "and checked numerically against finite differences and PyTorch autograd.",
             "Формулы обратного прохода доказаны дифференцированием $L = \\sum_i g_i f(z_i)$ по каждому элементу "
             "в SymPy и проверены численно конечными разностями и автодифференцированием PyTorch."),
        _values_table("neuron.", "ReLU neuron of seed 002.", "Нейрон с ReLU из лекции 002."),
        _values_table("dense.", "Dense layer 2 -> 3 with tanh.", "Слой 2 -> 3 с tanh."),
    ), ("dense.backward", "dense.params", "seed002.relu_neuron", "seed002.dense_example"))


def _activations() -> ContentSection:
    rows = []
    for name in ("sigmoid", "tanh", "relu", "leaky_relu"):
        a = act.ACTIVATIONS[name]
        rows.append((name.replace("_", " "), f"${sp.latex(a.expr)}$", f"${sp.latex(a.table_derivative)}$",
                     f"${sp.latex(a.value_range)}$", "proved" if act.prove_derivative(name) else "FAILS"))
    jac, closed, _ = act.softmax_jacobian_symbolic(2)
    return ContentSection("activations", Text("Activation functions", "Функции активации"), (
        TableData("lllll", ("name", "$f(x)$", "$f'$ in terms of $f$", "range", "status"),
                  ("название", "$f(x)$", "$f'$ через $f$", "область значений", "статус"), tuple(rows),
                  Text("Derivative table; $f$ stands for $f(x)$.", "Таблица производных; $f$ обозначает $f(x)$.")),
        Text("ReLU has no derivative at $0$; the table's value $0$ there is a convention (PyTorch uses the same).",
             "У ReLU нет производной в нуле; значение $0$ в таблице — соглашение (так же в PyTorch)."),
        Equation(r"\mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_{j=1}^n e^{z_j}},\qquad "
                 r"\frac{\partial s_i}{\partial z_j} = s_i(\delta_{ij} - s_j)"),
        Equation(r"J_{n=2} = " + sp.latex(sp.simplify(closed))),
        _values_table("softmax.", "Softmax of $z = [1, 0, 0.5, -1, 1]$.", "Softmax для $z = [1, 0, 0.5, -1, 1]$."),
    ), ("activation.sigmoid_derivative", "activation.tanh_derivative", "activation.relu_derivative",
        "activation.softmax_jacobian", "seed002.softmax_example"))


def _losses() -> ContentSection:
    rows = tuple((name.upper(), f"${sp.latex(expr)}$", f"${sp.latex(sp.simplify(losses.loss_gradient(name)))}$")
                 for name, expr in losses.LOSSES.items())
    return ContentSection("losses", Text("Loss functions", "Функции потерь"), (
        TableData("lll", ("loss", "$l(y, t)$", r"$\partial l / \partial y$"), ("потери", "$l(y, t)$",
                  r"$\partial l / \partial y$"), rows, Text("Per-sample losses of seed 002.", "Потери на одном примере.")),
        Equation(r"\frac{\partial}{\partial z_j}\Big(-\sum_i t_i \ln \mathrm{softmax}(z)_i\Big) = "
                 r"\mathrm{softmax}(z)_j - t_j \quad \Big(\sum_i t_i = 1\Big)"),
        Equation(r"\frac{\partial}{\partial z}\,\mathrm{BCE}(\sigma(z), t) = \sigma(z) - t,\qquad "
                 r"\nabla_w L = \frac{1}{n}\sum_{i=1}^n \big(\sigma(w^T x_i) - \tilde y_i\big)\, x_i"),
    ), ("loss.softmax_ce_gradient", "loss.sigmoid_bce_gradient", "loss.logistic_gradient", "loss.gradients"))


def _descent() -> ContentSection:
    words = {"monotone": ("monotone, slow", "монотонно, медленно"), "one-step": ("one step", "за один шаг"),
             "oscillating": ("oscillating, converges", "с колебаниями, сходится"),
             "divergent": ("divergent", "расходится")}
    rows, rows_ru = [], []
    for a in ("0.1", "0.5", "0.8", "1.01"):
        regime = classify_step(sp.Rational(a))
        q = f"${sp.latex(contraction_factor(sp.Rational(a)))}$"
        rows.append((a, q, words[regime][0]))
        rows_ru.append((a, q, words[regime][1]))
    return ContentSection("descent", Text("Gradient descent", "Градиентный спуск"), (
        Equation(r"f(x) = x^2 - 2,\quad x_{k+1} = x_k - \alpha f'(x_k) = (1 - 2\alpha)\, x_k = q\, x_k"),
        _values_table("gd.", "Iterations from $x_0 = 3$ with $\\alpha = 0.4$ ($x_k = 3 \\cdot 0.2^k$).",
                      "Итерации от $x_0 = 3$ при $\\alpha = 0.4$ ($x_k = 3 \\cdot 0.2^k$)."),
        TableData("lll", ("$\\alpha$", "$q = 1 - 2\\alpha$", "regime"), ("$\\alpha$", "$q = 1 - 2\\alpha$", "режим"),
                  tuple(rows), Text("Step-size regimes, decided exactly by $q$.", "Режимы шага, определённые точно по $q$."),
                  tuple(rows_ru)),
    ), ("optim.gd_regimes", "seed002.gd_example"))


_OPT_NOTES = (
    Text("Momentum: the same iterates as \\texttt{torch.optim.SGD} with momentum $\\beta$ and learning rate "
         "$\\eta$, whose buffer equals $m_t/\\eta$.",
         "Момент: те же итерации, что у \\texttt{torch.optim.SGD} с моментом $\\beta$ и шагом $\\eta$; "
         "его буфер равен $m_t/\\eta$."),
    Text("Nesterov: the seed's look-ahead form; PyTorch (\\texttt{nesterov=True}) iterates the look-ahead point "
         "$\\theta_t - \\beta v_t$ of it.",
         "Нестеров: в лекции форма с заглядыванием вперёд; PyTorch (\\texttt{nesterov=True}) хранит точку "
         "$\\theta_t - \\beta v_t$."),
    Text("Adagrad and Adam: the seed puts $\\epsilon$ under the root, $\\sqrt{G_t + \\epsilon}$ and "
         "$\\sqrt{\\widehat v_t + \\epsilon}$; Duchi et al. (2011), Kingma and Ba (2015) and PyTorch use "
         "$\\sqrt{G_t} + \\epsilon$ and $\\sqrt{\\widehat v_t} + \\epsilon$. The iterates agree only for "
         "$\\epsilon = 0$ (checked against PyTorch).",
         "Adagrad и Adam: в лекции $\\epsilon$ стоит под корнем, $\\sqrt{G_t + \\epsilon}$ и "
         "$\\sqrt{\\widehat v_t + \\epsilon}$; в статьях (Duchi и др., 2011; Kingma, Ba, 2015) и в PyTorch — "
         "$\\sqrt{G_t} + \\epsilon$ и $\\sqrt{\\widehat v_t} + \\epsilon$. Итерации совпадают только при "
         "$\\epsilon = 0$ (проверено с PyTorch)."),
)


def _optimizers() -> ContentSection:
    blocks: list[Block] = []
    for rule, lines in UPDATE_RULES_LATEX.items():
        for i, line in enumerate(lines):
            head = r"\text{" + rule + r"}:"
            blocks.append(Equation((head if i == 0 else r"\phantom{" + head + "}") + r"\quad " + line))
    return ContentSection("optimizers", Text("Optimizers as written in the seed", "Оптимизаторы в записи лекции"),
                          tuple(blocks) + _OPT_NOTES, ())


def _graph() -> ContentSection:
    g, run, _ = seed002_example()
    rows = tuple((f"${sp.latex(s)}$", f"${sp.latex(e)}$", f"${sp.latex(run.value[s])}$", f"${_num(run.value[s])}$",
                  f"${_num(run.grad[s])}$") for s, e in g.exprs.items())
    return ContentSection("graph", Text("Backpropagation on a computational graph", "Обратное распространение на графе"), (
        Equation(r"v_1 = x_1 w_1,\ v_2 = x_2 w_2,\ v_3 = v_1 + v_2,\ v_4 = v_3 + b,\ y = \tanh v_4,\ L = (y - t)^2"),
        Equation(r"\frac{\partial L}{\partial u} = \sum_{c:\,u \to c} \frac{\partial L}{\partial c}\,\frac{\partial c}{\partial u}"),
        TableData("lllll", ("node", "definition", "exact value", "decimal", r"$\partial L/\partial\,\cdot$"),
                  ("узел", "определение", "точно", "десятичное", r"$\partial L/\partial\,\cdot$"), rows,
                  Text("Forward and backward pass at $x = [2, -0.5]$, $w = [1, 3]$, $b = -1.2$, $t = -1$.",
                       "Прямой и обратный проход при $x = [2, -0.5]$, $w = [1, 3]$, $b = -1.2$, $t = -1$.")),
        _values_table("graph.", "Every number of the seed's worked example.", "Все числа примера из лекции."),
    ), ("graph.chain_rule", "graph.summation_rule", "seed002.graph_example"))


def _ru_verdicts(rows: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
    """The same rows with the last cell (a verdict) in Russian."""
    return tuple(r[:-1] + (_verdict(r[-1], "ru"),) for r in rows)


def _formula_part(quote: str) -> str:
    """The seed-004 quote up to its first non-ASCII (Russian) word, so English documents need no Cyrillic."""
    cut = next((i for i, ch in enumerate(quote) if ord(ch) > 127), len(quote))
    return quote[:cut].rstrip(" .").replace("%", r"\%").replace("_", r"\_") or "..."


def _beyond() -> ContentSection:
    rows = tuple((_tt(cid), _formula_part(quote), printed, exact, verdict) for cid, quote, printed, exact, verdict
                 in seed004_verdicts())
    return ContentSection("beyond", Text("Beyond the dense layer", "За пределами полносвязного слоя"), (
        Equation(r"X_{\alpha\beta} = \sum_{s,t} \max(0, 1-|\alpha-s|)\max(0, 1-|\beta-t|)\, X_{st}"),
        Equation(r"\frac{N_{lc}}{N_c} = w_2 h_2,\quad \frac{N_{fc}}{N_c} = \frac{w_1 h_1 w_2 h_2}{w h}"),
        Text("A locally connected layer has $w_2 h_2$ times more weights than the convolution; it saves "
             "$w_1 h_1/(w h)$ against a fully connected layer.",
             "У локальной свёртки в $w_2 h_2$ раз больше весов, чем у свёртки; выигрыш — в $w_1 h_1/(w h)$ раз "
             "по сравнению с полносвязным слоем."),
        Equation(r"r_L = 1 + \sum_{l=1}^{L} d_l (k_l - 1) \prod_{m=1}^{l-1} s_m"),
        Equation(r"\hat X = U \Lambda_\theta U^T X,\quad \theta_i = \sum_k c_k \lambda_i^k \Rightarrow "
                 r"U \Lambda_\theta U^T = \sum_k c_k L^k"),
        TableData("p{0.2\\linewidth}p{0.35\\linewidth}lll", ("id", "seed 004", "printed", "exact", "verdict"),
                  ("id", "лекция 004", "значение", "точно", "вердикт"), rows,
                  Text("Seed 004 arithmetic recomputed with the geometry layer.", "Арифметика лекции 004."),
                  _ru_verdicts(rows)),
    ), ("deformable.gradients", "deformable.symbolic", "locally_connected.sharing_ratios", "receptive.formula",
        "graphconv.polynomial_filter", "graphconv.basis_dependence", "alexnet.conv1_output", "alexnet.params",
        "alexnet.im2col_sizes"))


def errata_section() -> ContentSection:
    """Every seed-002 value that is not the correct rounding, wrong statements, and seed-004 errata."""
    rows = [(_tt(v.id), f"${v.quote}$", v.printed, f"${_num(v.exact)}$", v.verdict.verdict)
            for v in worked_values() if not v.verdict.acceptable]
    rows += [(_tt(c.id), f"${c.quote}$", "", c.detail.replace("_", r"\_"), c.verdict) for c in claims() if c.verdict == "wrong"]
    rows += [(_tt(cid), _formula_part(quote), printed, exact, verdict) for cid, quote, printed, exact, verdict
             in seed004_verdicts() if verdict == "wrong"]
    return ContentSection("errata", Text("Errata", "Опечатки и ошибки"), (
        Text("Values are compared exactly; ``truncated'' means the printed digits are the exact value cut off "
             "where correct rounding differs.",
             "Значения сравниваются точно; «отброшены разряды» означает, что напечатаны отсечённые цифры "
             "там, где правильное округление другое."),
        TableData("p{0.15\\linewidth}p{0.28\\linewidth}lp{0.22\\linewidth}p{0.12\\linewidth}",
                  ("id", "seed", "printed", "exact", "verdict"),
                  ("id", "лекция", "значение", "точно", "вердикт"), tuple(rows),
                  Text("Errata of seeds 002 and 004.", "Ошибки лекций 002 и 004."), _ru_verdicts(tuple(rows))),
    ))


def sections() -> list[ContentSection]:
    """The report body in order; each section names the statements that verify it."""
    return [_dense(), _activations(), _losses(), _descent(), _optimizers(), _graph(), _beyond(), errata_section()]
