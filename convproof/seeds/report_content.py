r"""Content of the ``fundamentals`` report (English and Russian), as data.

The reports layer (:mod:`convproof.reports`) owns the LaTeX documents; this module only supplies
what goes into them, computed from :mod:`convproof.nn` (nothing is typed in by hand):

* :class:`Text` -- a paragraph in both languages (LaTeX-ready prose, inline math in ``$...$``);
* :class:`Display` -- one displayed equation (LaTeX built with :func:`sympy.latex` where it is
  derived);
* :class:`TableData` -- a table: column spec, header per language, rows of LaTeX cells, caption,
  and the columns that quote the seed verbatim (``quotes``): the report marks those cells so that
  an equation checker does not read the seed's (possibly wrong) equations as the report's claims;
* :class:`ContentSection` -- a section: key, title per language, blocks, and the names of the
  registered statements (:mod:`convproof.seeds.statements`) that verify it, so the report can show
  their status from :func:`convproof.verify.status`.

:func:`sections` returns the whole report body; :func:`errata_section` the errata alone.

>>> [s.key for s in sections()][:3]
['dense', 'activations', 'losses']
"""

from __future__ import annotations

import sympy as sp

from ..nn import activations as act
from ..nn import losses
from ..nn.optim import UPDATE_RULES_LATEX, classify_step, contraction_factor
from .seed002 import claims, worked_values
from .seed002_graph import seed002_example
from .report_blocks import (VERDICT_RU, ContentSection, Display, TableData, Text, _first_of_runs, _latex, _math,
                            _num, _quote, _tt, _value_cell, _verdict)
from .seed004 import verdicts as seed004_verdicts

__all__ = ["Text", "Display", "TableData", "ContentSection", "sections", "errata_section", "VERDICT_RU"]

def _value_rows(prefix: str, lang: str = "en") -> tuple[tuple[str, ...], ...]:
    rows = [(_quote(v.quote), v.printed, _value_cell(v.exact), _verdict(v.verdict.verdict, lang))
            for v in worked_values() if v.id.startswith(prefix)]
    return tuple(_first_of_runs(rows, 0))


_VALUE_HEADER = (("seed", "printed", "exact value", "verdict"),
                 ("в лекции", "значение", "точное значение", "вердикт"))
_VALUE_COLUMNS = r"p{0.34\linewidth}p{0.09\linewidth}p{0.27\linewidth}p{0.17\linewidth}"


def _values_table(prefix: str, en: str, ru: str) -> TableData:
    return TableData(_VALUE_COLUMNS, *_VALUE_HEADER, _value_rows(prefix), Text(en, ru), _value_rows(prefix, "ru"),
                     quotes=(0,))


def _dense() -> ContentSection:
    return ContentSection("dense", Text("Neuron and dense layer", "Нейрон и полносвязный слой"), (
        Display(r"y = f(Wx + b),\qquad z = Wx + b"),
        Display(r"\delta = \frac{\partial L}{\partial y} \odot f'(z),\quad \frac{\partial L}{\partial W} = \delta x^T,"
                 r"\quad \frac{\partial L}{\partial x} = W^T \delta,\quad \frac{\partial L}{\partial b} = \delta"),
        Text("The backward formulas are proved by differentiating $L = \\sum_i g_i f(z_i)$ entry by entry with SymPy "
             "and checked numerically against finite differences and PyTorch autograd.",
             "Формулы обратного прохода доказаны дифференцированием $L = \\sum_i g_i f(z_i)$ по каждому элементу "
             "в SymPy и проверены численно конечными разностями и автодифференцированием PyTorch."),
        _values_table("neuron.", "ReLU neuron of seed 002.", "Нейрон с ReLU из лекции 002."),
        _values_table("dense.", "Dense layer 2 -> 3 with tanh.", "Слой 2 -> 3 с tanh."),
    ), ("dense.backward", "dense.params", "seed002.relu_neuron", "seed002.dense_example"))


_PROVED = {True: ("proved", "доказано"), False: ("FAILS", "НЕ ДОКАЗАНО")}


def _activation_rows(lang: str) -> tuple[tuple[str, ...], ...]:
    rows = []
    for name in ("sigmoid", "tanh", "relu", "leaky_relu"):
        a = act.ACTIVATIONS[name]
        proved = _PROVED[bool(act.prove_derivative(name))][lang == "ru"]
        rows.append((name.replace("_", " "), _math(a.expr, lang), _math(a.table_derivative, lang),
                     _math(a.value_range, lang), proved))
    return tuple(rows)


def _activations() -> ContentSection:
    jac, closed, _ = act.softmax_jacobian_symbolic(2)
    return ContentSection("activations", Text("Activation functions", "Функции активации"), (
        TableData("lllll", ("name", "$f(x)$", "$f'$ in terms of $f$", "range", "status"),
                  ("название", "$f(x)$", "$f'$ через $f$", "область значений", "статус"), _activation_rows("en"),
                  Text("Derivative table; $f$ stands for $f(x)$.", "Таблица производных; $f$ обозначает $f(x)$."),
                  _activation_rows("ru")),
        Text("ReLU has no derivative at $0$; the table's value $0$ there is a convention (PyTorch uses the same).",
             "У ReLU нет производной в нуле; значение $0$ в таблице — соглашение (так же в PyTorch)."),
        Display(r"\mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_{j=1}^n e^{z_j}},\qquad "
                 r"\frac{\partial s_i}{\partial z_j} = s_i(\delta_{ij} - s_j)"),
        Display(r"J_{n=2} = " + sp.latex(sp.simplify(closed))),
        _values_table("softmax.", "Softmax of $z = [1, 0, 0.5, -1, 1]$.", "Softmax для $z = [1, 0, 0.5, -1, 1]$."),
    ), ("activation.sigmoid_derivative", "activation.tanh_derivative", "activation.relu_derivative",
        "activation.softmax_jacobian", "seed002.softmax_example"))


def _loss_rows(lang: str) -> tuple[tuple[str, ...], ...]:
    return tuple((name.upper(), _math(expr, lang), _math(sp.simplify(losses.loss_gradient(name)), lang))
                 for name, expr in losses.LOSSES.items())


def _losses() -> ContentSection:
    return ContentSection("losses", Text("Loss functions", "Функции потерь"), (
        TableData("lll", ("loss", "$l(y, t)$", r"$\partial l / \partial y$"), ("потери", "$l(y, t)$",
                  r"$\partial l / \partial y$"), _loss_rows("en"),
                  Text("Per-sample losses of seed 002.", "Потери на одном примере."), _loss_rows("ru")),
        Display(r"\frac{\partial}{\partial z_j}\Big(-\sum_i t_i \ln \mathrm{softmax}(z)_i\Big) = "
                 r"\mathrm{softmax}(z)_j - t_j \quad \Big(\sum_i t_i = 1\Big)"),
        Display(r"\frac{\partial}{\partial z}\,\mathrm{BCE}(\sigma(z), t) = \sigma(z) - t,\qquad "
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
        Display(r"f(x) = x^2 - 2,\quad x_{k+1} = x_k - \alpha f'(x_k) = (1 - 2\alpha)\, x_k = q\, x_k"),
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
            blocks.append(Display((head if i == 0 else r"\phantom{" + head + "}") + r"\quad " + line))
    return ContentSection("optimizers", Text("Optimizers as written in the seed", "Оптимизаторы в записи лекции"),
                          tuple(blocks) + _OPT_NOTES, ())


def _grad(node: sp.Symbol) -> str:
    return rf"\frac{{\partial L}}{{\partial {sp.latex(node)}}}"


def _backward_cell(g, run, node: sp.Symbol) -> str:
    r"""``dL/du = sum_c dL/dc * dc/du`` with the local derivatives written out, then the value.

    The right-hand side uses only gradients of later nodes, which the table lists first, so an
    equation checker can recompute every line from the ones above it.
    """
    if node == g.output:
        return f"${_grad(node)} = 1$"
    partials = g.local_partials()
    terms = []
    for child in g.children(node):
        local = partials[(child, node)]
        if local == 1:
            terms.append(_grad(child))
        else:
            text = _latex(local)
            terms.append(rf"{_grad(child)} \cdot " + (rf"\left({text}\right)" if local.is_Add else text))
    return f"${_grad(node)} = {' + '.join(terms)} \\approx {_num(run.grad[node])}$"


def _graph() -> ContentSection:
    g, run, _ = seed002_example()
    forward = tuple((f"${sp.latex(s)}$", f"${sp.latex(s)} = {_latex(e)} = {_latex(run.value[s])}$",
                     f"${_num(run.value[s])}$") for s, e in g.exprs.items())
    order = list(reversed(list(g.exprs))) + [s for s in g.inputs]
    backward = tuple((f"${sp.latex(s)}$", _backward_cell(g, run, s)) for s in order)
    return ContentSection("graph", Text("Backpropagation on a computational graph", "Обратное распространение на графе"), (
        Display(r"v_1 = x_1 w_1,\ v_2 = x_2 w_2,\ v_3 = v_1 + v_2,\ v_4 = v_3 + b,\ y = \tanh v_4,\ L = (y - t)^2"),
        Display(r"\frac{\partial L}{\partial u} = \sum_{c:\,u \to c} \frac{\partial L}{\partial c}\,\frac{\partial c}{\partial u}"),
        TableData(r"p{0.08\linewidth}p{0.6\linewidth}p{0.2\linewidth}", ("node", "definition and exact value", "decimal"),
                  ("узел", "определение и точное значение", "десятичное"), forward,
                  Text("Forward pass at $x = [2, -0.5]$, $w = [1, 3]$, $b = -1.2$, $t = -1$.",
                       "Прямой проход при $x = [2, -0.5]$, $w = [1, 3]$, $b = -1.2$, $t = -1$.")),
        TableData(r"p{0.08\linewidth}p{0.84\linewidth}", ("node", "backward pass, from the loss to the inputs"),
                  ("узел", "обратный проход, от потерь ко входам"), backward,
                  Text("Backward pass: the summation rule with the local derivatives written out.",
                       "Обратный проход: правило суммирования с выписанными локальными производными.")),
        _values_table("graph.", "Every number of the seed's worked example.", "Все числа примера из лекции."),
    ), ("graph.chain_rule", "graph.summation_rule", "seed002.graph_example"))


def _ru_verdicts(rows: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
    """The same rows with the last cell (a verdict) in Russian."""
    return tuple(r[:-1] + (_verdict(r[-1], "ru"),) for r in rows)


_PRINTED_RU = {"non-integer": "не целое"}  # seed 004's "не даст целое число", written as a word in :func:`seed004.claims`


def _ru_seed004(rows: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
    """Seed-004 rows ``(id, quote, printed, exact, verdict)`` in Russian: verdict and a worded printed value."""
    return tuple(r[:2] + (_PRINTED_RU.get(r[2], r[2]),) + r[3:] for r in _ru_verdicts(rows))


def _formula_part(quote: str) -> str:
    """The seed-004 quote up to its first non-ASCII (Russian) word, so English documents need no Cyrillic."""
    cut = next((i for i, ch in enumerate(quote) if ord(ch) > 127), len(quote))
    return quote[:cut].rstrip(" .").replace("%", r"\%").replace("_", r"\_") or "..."


def _beyond() -> ContentSection:
    rows = tuple((_tt(cid), _formula_part(quote), printed, exact, verdict) for cid, quote, printed, exact, verdict
                 in seed004_verdicts())
    return ContentSection("beyond", Text("Beyond the dense layer", "За пределами полносвязного слоя"), (
        Display(r"X_{\alpha\beta} = \sum_{s,t} \max(0, 1-|\alpha-s|)\max(0, 1-|\beta-t|)\, X_{st}"),
        Display(r"\frac{N_{lc}}{N_c} = w_2 h_2,\quad \frac{N_{fc}}{N_c} = \frac{w_1 h_1 w_2 h_2}{w h}"),
        Text("A locally connected layer has $w_2 h_2$ times more weights than the convolution; it saves "
             "$w_1 h_1/(w h)$ against a fully connected layer.",
             "У локальной свёртки в $w_2 h_2$ раз больше весов, чем у свёртки; выигрыш — в $w_1 h_1/(w h)$ раз "
             "по сравнению с полносвязным слоем."),
        Display(r"r_L = 1 + \sum_{l=1}^{L} d_l (k_l - 1) \prod_{m=1}^{l-1} s_m"),
        Display(r"\hat X = U \Lambda_\theta U^T X,\quad \theta_i = \sum_k c_k \lambda_i^k \Rightarrow "
                 r"U \Lambda_\theta U^T = \sum_k c_k L^k"),
        TableData(r"p{0.22\linewidth}p{0.3\linewidth}p{0.12\linewidth}p{0.12\linewidth}p{0.1\linewidth}",
                  ("id", "seed 004", "printed", "exact", "verdict"),
                  ("id", "лекция 004", "значение", "точно", "вердикт"), rows,
                  Text("Seed 004 arithmetic recomputed with the geometry layer.", "Арифметика лекции 004."),
                  _ru_seed004(rows), quotes=(1,)),
    ), ("deformable.gradients", "deformable.symbolic", "locally_connected.sharing_ratios", "receptive.formula",
        "graphconv.polynomial_filter", "graphconv.basis_dependence", "alexnet.conv1_output", "alexnet.params",
        "alexnet.im2col_sizes"))


_ERRATA_HEADER = (("id", "seed", "printed", "exact value", "verdict"), ("id", "лекция", "значение", "точное значение", "вердикт"))
_ERRATA_COLUMNS = r"p{0.17\linewidth}p{0.27\linewidth}p{0.09\linewidth}p{0.23\linewidth}p{0.11\linewidth}"


def _errata_table(rows: list[tuple[str, ...]], en: str, ru: str, seed004: bool = False) -> TableData:
    rows = _first_of_runs(rows, 1)
    return TableData(_ERRATA_COLUMNS, *_ERRATA_HEADER, tuple(rows), Text(en, ru),
                     (_ru_seed004 if seed004 else _ru_verdicts)(tuple(rows)), quotes=(1,))


def _statement_rows(lang: str) -> tuple[tuple[str, ...], ...]:
    """Wrong seed-002 statements: id, quote, what is wrong (in ``lang``, numbers computed), verdict."""
    return tuple((_tt(c.id), _quote(c.quote), c.explanation(lang).replace("_", r"\_"), _verdict(c.verdict, lang))
                 for c in claims() if c.verdict == "wrong")


def errata_section() -> ContentSection:
    """Every seed-002 value that is not the correct rounding, wrong statements, and seed-004 errata.

    Three tables (seed-002 values, seed-002 statements, seed-004 arithmetic), each short enough to
    stay on one page; the seed's formulas are quotes (``quotes``), not claims of the report.
    """
    values = [(_tt(v.id), _quote(v.quote), v.printed, _value_cell(v.exact), v.verdict.verdict)
              for v in worked_values() if not v.verdict.acceptable]
    seed004 = [(_tt(cid), _formula_part(quote), printed, exact, verdict) for cid, quote, printed, exact, verdict
               in seed004_verdicts() if verdict == "wrong"]
    return ContentSection("errata", Text("Errata", "Опечатки и ошибки"), (
        Text("Values are compared exactly; ``truncated'' means the printed digits are the exact value cut off "
             "where correct rounding differs. The seed column quotes the lectures verbatim, errors included.",
             "Значения сравниваются точно; «отброшены разряды» означает, что напечатаны отсечённые цифры "
             "там, где правильное округление другое. В столбце «лекция» формулы лекций приведены дословно, "
             "вместе с ошибками."),
        _errata_table(values, "Seed 002: printed values that are not the correct rounding.",
                      "Лекция 002: напечатанные значения, не равные правильному округлению."),
        TableData(r"p{0.17\linewidth}p{0.27\linewidth}p{0.34\linewidth}p{0.09\linewidth}",
                  ("id", "seed", "what is wrong", "verdict"), ("id", "лекция", "в чём ошибка", "вердикт"),
                  _statement_rows("en"), Text("Seed 002: wrong statements.", "Лекция 002: неверные утверждения."),
                  _statement_rows("ru"), quotes=(1,)),
        _errata_table(seed004, "Seed 004: wrong arithmetic.", "Лекция 004: ошибки в арифметике.", seed004=True),
    ))


def sections() -> list[ContentSection]:
    """The report body in order; each section names the statements that verify it."""
    return [_dense(), _activations(), _losses(), _descent(), _optimizers(), _graph(), _beyond(), errata_section()]
