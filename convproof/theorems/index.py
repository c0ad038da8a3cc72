r"""Index theorems: which (output, input, kernel) triples meet, for symbolic sizes, strides and dilations.

Each theorem compares two descriptions of the same sum term by term: a term of one side exists
exactly when the corresponding term of the other side does (so the sums are equal for every
input and kernel). Sizes, strides, paddings and dilations are all symbolic, so the products
``s i`` and ``d t`` are nonlinear; z3 proves each query in milliseconds.
"""

from __future__ import annotations

import z3

from .common import STANDARD_TEX, ceil_div, ints, span, standard
from .engine import Query, Theorem

__all__ = ["THEOREMS"]

_V = "n k s d p_lo p_hi"


def _o(v):
    return (v["n"] + v["p_lo"] + v["p_hi"] - span(v["k"], v["d"])) / v["s"] + 1


def _rng(x, hi):
    return z3.And(0 <= x, x < hi)


def _matrix(sign: int = 1) -> Query:
    """Term ``(i, t)`` of eq. (2) reads ``y[s i + d t - p_lo]``; ``T[i, j] = f[(j - s i + p_lo)/d]``."""
    v, (i, j, t) = ints(_V), ints("i j t").values()
    s, d, k, p = v["s"], v["d"], v["k"], v["p_lo"]
    e = j - s * i + sign * p
    direct = z3.And(_rng(t, k), j == s * i + d * t - p)
    matrix = z3.And(e % d == 0, _rng(e / d, k), t == e / d)
    return Query({**v, "i": i, "j": j, "t": t}, standard(v) + [_rng(i, _o(v)), _rng(j, v["n"])], direct == matrix)


def _divmod(encode, decode, names=("c", "t", "r"), sizes="C K") -> Query:
    """Row/column ``r`` of an unrolled matrix encodes a pair ``(c, t)``, ``0 <= c < C``, ``0 <= t < K``."""
    v = ints(sizes)
    C, K = v.values()
    c, t, r = (z3.Int(x) for x in names)
    dc, dt = decode(r, C, K)
    claim = z3.And(_rng(c, C), _rng(t, K), r == encode(c, t, C, K)) == z3.And(_rng(r, C * K), c == dc, t == dt)
    return Query({**v, names[0]: c, names[1]: t, names[2]: r}, [C >= 1, K >= 1], claim)


def _zero_insertion(flip: bool = True) -> Query:
    """``T^T g`` = zero-inserted ``g``, padded by ``d(k-1) - p_lo``, correlated with the flipped kernel."""
    v, (i, j, t) = ints(_V), ints("i j t").values()
    s, d, k, p_lo, p_hi = v["s"], v["d"], v["k"], v["p_lo"], v["p_hi"]
    o = _o(v)
    a = (v["n"] + p_lo + p_hi - span(k, d)) % s  # the output padding restoring n
    left, right = d * (k - 1) - p_lo, d * (k - 1) - p_hi + a
    tap = k - 1 - t if flip else t  # the flipped kernel's tap holding f[t]
    m = j + d * tap - left  # position in the zero-inserted g: g[i] sits at s i
    terms = (j == s * i + d * t - p_lo) == (m == s * i)
    length = (s * (o - 1) + 1) + left + right - span(k, d) + 1 == v["n"]
    hyps = standard(v) + [_rng(i, o), _rng(t, k)]
    return Query({**v, "i": i, "j": j, "t": t}, hyps, z3.And(terms, length))


def _adjoint(dilated: bool = True) -> Query:
    """``<T x, g> = <x, T^T g>`` term by term: ``(i, t) -> (j, i)`` with ``j = s i + d t - p_lo`` and back.

    Left: the terms ``g_i f_t x_j`` of ``sum_i g_i (T x)_i`` (tap ``t`` in range, ``j`` inside the input).
    Right: the terms ``x_j T[i, j] g_i`` of ``sum_j x_j (T^T g)_j`` with ``T[i, j] = f_t``,
    ``t = (j - s i + p_lo)/d`` (``dilated=False``: the wrong ``t = j - s i + p_lo``). Both maps land in the
    other enumeration and undo each other, so the finite sums hold the same terms once each.
    """
    v, (i, t, j) = ints(_V), ints("i t j").values()
    s, d, k, p, n = v["s"], v["d"], v["k"], v["p_lo"], v["n"]
    o = _o(v)
    e = j - s * i + p
    tap, fits = (e / d, e % d == 0) if dilated else (e, z3.BoolVal(True))
    left = z3.And(_rng(i, o), _rng(t, k), _rng(s * i + d * t - p, n))
    right = z3.And(_rng(j, n), _rng(i, o), fits, _rng(tap, k))
    there = z3.substitute(z3.And(right, tap == t), (j, s * i + d * t - p))  # (i, t) -> (j, i) and back
    back = z3.substitute(z3.And(left, s * i + d * t - p == j), (t, tap))  # (j, i) -> (i, t) and back
    return Query({**v, "i": i, "t": t, "j": j}, standard(v), z3.And(z3.Implies(left, there), z3.Implies(right, back)),
                 {"o": o})


def _grad_weight(exact: bool = False) -> Query:
    """``dL/df_t = sum_i g_i y[d t + s i - p_lo]``: a conv of ``y`` with ``g`` (dilation s, stride d)."""
    v = ints(_V)
    o = _o(v)
    width = v["s"] * (o - 1) + 1  # g dilated by s
    outputs = (v["n"] + v["p_lo"] + v["p_hi"] - width) / v["d"] + 1
    claim = outputs == v["k"] if exact else outputs >= v["k"]
    return Query(v, standard(v), claim, {"outputs": outputs, "o": o})


def _stride(claim_half: bool = False) -> Query:
    """Stride-``s`` outputs are the stride-1 outputs ``s i``; their number is ``ceil(o_1 / s)``."""
    v, m = ints(_V), z3.Int("m")
    s = v["s"]
    o1 = v["n"] + v["p_lo"] + v["p_hi"] - span(v["k"], v["d"]) + 1
    os_ = _o(v)
    if claim_half:
        return Query(v, standard(v) + [s == 2], 2 * os_ == o1, {"o_1": o1, "o_2": os_})
    sampled = z3.Implies(m % s == 0, _rng(m, o1) == _rng(m / s, os_))
    return Query({**v, "m": m}, standard(v), z3.And(os_ == ceil_div(o1, s), sampled), {"o_1": o1, "o_s": os_})


def _dilation(width_of) -> Query:
    """Dilated kernel = zero-inserted kernel ``e[u] = f[u/d]`` if ``d | u``, of length ``d(k-1) + 1``."""
    v, u = ints(_V), z3.Int("u")
    k, d, s = v["k"], v["d"], v["s"]
    width = width_of(k, d)
    nonzero = z3.And(_rng(u, width), u % d == 0) == z3.And(_rng(u / d, k), u == d * (u / d))
    padded = v["n"] + v["p_lo"] + v["p_hi"]
    same_o = (padded - width) / s + 1 == _o(v)
    return Query({**v, "u": u}, standard(v) + [width <= padded], z3.And(nonzero, same_o),
                 {"o dilated": _o(v), "o zero-inserted": (padded - width) / s + 1})


def _grouped(group_of) -> Query:
    """Grouped weight ``W[oc, c_l]`` reads input channel ``(oc // b) a + c_l``: a block-diagonal dense weight."""
    v = ints("G a b")
    G, a, b = v.values()
    oc, c, cl = z3.Ints("oc c c_l")
    reads = z3.And(_rng(cl, a), c == group_of(oc, G, b) * a + cl)
    block = z3.And(c / a == oc / b, cl == c % a)
    return Query({**v, "oc": oc, "c": c, "c_l": cl}, [G >= 1, a >= 1, b >= 1, _rng(oc, G * b), _rng(c, G * a)],
                 reads == block)


def _pointwise(stride_one: bool = True) -> Query:
    """A 1x1 conv (no padding) keeps the size and reads input ``i`` for output ``i``: a channel matmul."""
    v, i = ints("n s d"), z3.Int("i")
    n, s, d = v.values()
    o = (n - 1) / s + 1
    hyps = [n >= 1, d >= 1, s == 1 if stride_one else s >= 1, _rng(i, o)]
    return Query({**v, "i": i}, hyps, z3.And(o == n, s * i + d * 0 - 0 == i), {"o": o})


def _avg_pool(p_zero: bool = True) -> Query:
    """Average pooling = conv with the constant kernel 1/k: every window holds k real inputs (no padding)."""
    v, i = ints("n k s p"), z3.Int("i")
    n, k, s, p = v.values()
    o = (n + 2 * p - k) / s + 1
    start = s * i - p
    lo, hi = z3.If(start > 0, start, 0), z3.If(start + k < n, start + k, n)
    hyps = [n >= 1, k >= 1, s >= 1, p == 0 if p_zero else p >= 0, k <= n + 2 * p, 2 * p <= k, _rng(i, o)]
    return Query({**v, "i": i}, hyps, hi - lo == k, {"valid": hi - lo})


def _flatten(encode) -> Query:
    """Row-major flattening ``J = j_1 n_2 + j_2`` is a bijection, so ``T_{2D} = T_1 \\otimes T_2``."""
    return _divmod(encode, lambda J, n1, n2: (J / n2, J % n2), ("j1", "j2", "J"), "n1 n2")


def _t(name, en, ru, latex, hyps, build, wrong_of=""):
    return Theorem(name, (en, ru), latex, tuple(hyps), build, wrong_of=wrong_of, group="index")


_ADJ = (r"\sum_{\substack{i < o,\ t < k\\ 0 \le s i + d t - p_{lo} < n}} g_i f_t\, x_{s i + d t - p_{lo}} = "
        r"\sum_{j < n} x_j \sum_{\substack{i < o\\ d \mid j - s i + p_{lo}}} f_{(j - s i + p_{lo})/d}\, g_i,\quad "
        r"(i, t) \leftrightarrow (s i + d t - p_{lo},\ i)")
_FT = (r"f_t = 0 \ (t \notin [0, k))",)
_IJT = (r"0 \le i < o", r"0 \le j < n")
THEOREMS = [
    _t("index.conv_matrix",
       "The terms of equation (2) are the entries of $T$ (and of im2col times the unrolled filter)",
       "Слагаемые формулы (2) --- элементы $T$ (и im2col, умноженной на развёрнутый фильтр)",
       r"\bigl(0 \le t < k \wedge j = s i + d t - p_{lo}\bigr) \iff \bigl(d \mid j - s i + p_{lo} \wedge "
       r"t = \tfrac{j - s i + p_{lo}}{d} \in [0, k)\bigr)", STANDARD_TEX + _IJT, _matrix),
    _t("index.conv_matrix~padding_sign", "$T[i, j] = f[(j - s i - p)/d]$", "$T[i, j] = f[(j - s i - p)/d]$",
       r"t = \tfrac{j - s i - p_{lo}}{d}", STANDARD_TEX + _IJT, lambda: _matrix(-1), "index.conv_matrix"),
    _t("index.im2col_rows", r"im2col row $r$ holds channel $\lfloor r/K \rfloor$, kernel tap $r \bmod K$ (a bijection)",
       r"Строка $r$ im2col --- канал $\lfloor r/K \rfloor$, отсчёт ядра $r \bmod K$ (биекция)",
       r"\bigl(0 \le c < C \wedge 0 \le t < K \wedge r = c K + t\bigr) \iff \bigl(0 \le r < C K \wedge "
       r"c = \lfloor r/K \rfloor \wedge t = r \bmod K\bigr)", (r"C, K \ge 1",),
       lambda: _divmod(lambda c, t, C, K: c * K + t, lambda r, C, K: (r / K, r % K))),
    _t("index.im2col_rows~tap_major", r"im2col row $r = c K + t$ holds channel $r \bmod C$",
       r"Строка $r = c K + t$ --- канал $r \bmod C$",
       r"c = r \bmod C,\; t = \lfloor r/C \rfloor", (r"C, K \ge 1",),
       lambda: _divmod(lambda c, t, C, K: c * K + t, lambda r, C, K: (r % C, r / C)), "index.im2col_rows"),
    _t("index.im2col_batch",
       r"Batched im2col: column $q$ holds sample $\lfloor q/O \rfloor$, output position $q \bmod O$",
       r"im2col для батча: столбец $q$ --- пример $\lfloor q/O \rfloor$, позиция выхода $q \bmod O$",
       r"\bigl(0 \le m < M \wedge 0 \le i < O \wedge q = m O + i\bigr) \iff \bigl(0 \le q < M O \wedge "
       r"m = \lfloor q/O \rfloor \wedge i = q \bmod O\bigr)", (r"M, O \ge 1",),
       lambda: _divmod(lambda m, i, M, O: m * O + i, lambda q, M, O: (q / O, q % O), ("m", "i", "q"), "M O")),
    _t("index.im2col_batch~sample_minor", r"Batched im2col column $q = m O + i$ holds sample $q \bmod M$",
       r"Столбец $q = m O + i$ --- пример $q \bmod M$", r"m = q \bmod M", (r"M, O \ge 1",),
       lambda: _divmod(lambda m, i, M, O: m * O + i, lambda q, M, O: (q % M, q / M), ("m", "i", "q"), "M O"),
       "index.im2col_batch"),
    _t("index.transposed_zero_insertion",
       r"$T^\top g$ ($= \partial L/\partial y$, the col2im scatter of $f g^\top$) is zero insertion, "
       r"padding $d(k-1) - p$ and the flipped kernel; its length is $n$",
       r"$T^\top g$ ($= \partial L/\partial y$, col2im от $f g^\top$) --- вставка нулей, паддинг $d(k-1) - p$ и "
       r"перевёрнутое ядро; длина $n$",
       r"j = s i + d t - p_{lo} \iff j + d(k-1-t) - (d(k-1) - p_{lo}) = s i", STANDARD_TEX + (r"0 \le i < o",
       r"0 \le t < k"), _zero_insertion),
    _t("index.transposed_zero_insertion~no_flip",
       r"$T^\top g$ is zero insertion and padding with the kernel not flipped",
       r"$T^\top g$ --- вставка нулей и паддинг с неперевёрнутым ядром", r"j + d t - (d(k-1) - p_{lo}) = s i",
       STANDARD_TEX + (r"0 \le i < o", r"0 \le t < k"), lambda: _zero_insertion(False),
       "index.transposed_zero_insertion"),
    _t("index.adjoint", r"Adjoint identity $\langle T x, g \rangle = \langle x, T^\top g \rangle$: each term "
       r"$g_i f_t x_{s i + d t - p}$ appears in both sums exactly once (the index maps are inverse bijections)",
       r"Сопряжённость $\langle T x, g \rangle = \langle x, T^\top g \rangle$: каждое слагаемое "
       r"$g_i f_t x_{s i + d t - p}$ входит в обе суммы ровно один раз (отображения индексов --- взаимно "
       r"обратные биекции)", _ADJ, STANDARD_TEX + _FT, _adjoint),
    _t("index.adjoint~no_dilation", r"The adjoint of a dilated conv ignores the dilation: $T^\top$ pairs $g_i$ "
       r"with $f_{j - s i + p}$", r"Сопряжённая к свёртке с дилатацией не учитывает дилатацию: $T^\top$ "
       r"сопоставляет $g_i$ и $f_{j - s i + p}$", r"(j, i) \mapsto (i,\ j - s i + p_{lo})", STANDARD_TEX + _FT,
       lambda: _adjoint(False), "index.adjoint"),
    _t("index.grad_weight",
       r"$\partial L/\partial f_t = \sum_i g_i y_{s i + d t - p}$ is a conv of $y$ with $g$ dilated by $s$, stride $d$; "
       "it has at least $k$ outputs (the first $k$ are the gradient)",
       r"$\partial L/\partial f_t = \sum_i g_i y_{s i + d t - p}$ --- свёртка $y$ с $g$ (дилатация $s$, шаг $d$); "
       "у неё не меньше $k$ выходов",
       r"\left\lfloor \frac{n + p_{lo} + p_{hi} - s(o-1) - 1}{d} \right\rfloor + 1 \ge k", STANDARD_TEX, _grad_weight),
    _t("index.grad_weight~exact_k", "That conv has exactly $k$ outputs", "У этой свёртки ровно $k$ выходов",
       r"\left\lfloor \frac{n + p_{lo} + p_{hi} - s(o-1) - 1}{d} \right\rfloor + 1 = k", STANDARD_TEX,
       lambda: _grad_weight(True), "index.grad_weight"),
    _t("index.stride_sampling", r"Stride $s$ keeps every $s$-th stride-1 output; their number is $\lceil o_1/s \rceil$",
       r"Шаг $s$ оставляет каждый $s$-й выход шага 1; их число $\lceil o_1/s \rceil$",
       r"o_s = \lceil o_1 / s \rceil,\quad s \mid m \implies \bigl(0 \le m < o_1 \iff 0 \le m/s < o_s\bigr)",
       STANDARD_TEX, _stride),
    _t("index.stride_sampling~half", "With stride 2 the output has size $H/2$ ($H$ the stride-1 size)",
       "С шагом 2 размер выхода $H/2$ ($H$ --- размер при шаге 1)", r"o_2 = o_1 / 2", STANDARD_TEX + (r"s = 2",),
       lambda: _stride(True), "index.stride_sampling"),
    _t("index.dilation_zero_kernel", "Dilation $d$ = the zero-inserted kernel of length $d(k-1) + 1$, same output size",
       "Дилатация $d$ = ядро со вставленными нулями длины $d(k-1) + 1$, тот же размер выхода",
       r"\bigl(0 \le u < d(k-1)+1 \wedge d \mid u\bigr) \iff \bigl(u = d t,\ 0 \le t < k\bigr)", STANDARD_TEX,
       lambda: _dilation(span)),
    _t("index.dilation_zero_kernel~length_dk", "The zero-inserted kernel has length $d k$",
       "Ядро со вставленными нулями имеет длину $d k$", r"\text{length} = d k", STANDARD_TEX,
       lambda: _dilation(lambda k, d: d * k), "index.dilation_zero_kernel"),
    _t("index.grouped_block_diagonal", "Grouped conv = block-diagonal dense weight ($C_{in} = G a$, $C_{out} = G b$)",
       "Групповая свёртка = блочно-диагональный вес ($C_{in} = G a$, $C_{out} = G b$)",
       r"c = \lfloor oc/b \rfloor a + c_l,\ 0 \le c_l < a \iff \lfloor c/a \rfloor = \lfloor oc/b \rfloor,\ "
       r"c_l = c \bmod a", (r"G, a, b \ge 1", r"0 \le oc < G b", r"0 \le c < G a"),
       lambda: _grouped(lambda oc, G, b: oc / b)),
    _t("index.grouped_block_diagonal~interleaved", r"Output channel $oc$ belongs to group $oc \bmod G$",
       r"Выходной канал $oc$ принадлежит группе $oc \bmod G$", r"c = (oc \bmod G) a + c_l",
       (r"G, a, b \ge 1", r"0 \le oc < G b", r"0 \le c < G a"), lambda: _grouped(lambda oc, G, b: oc % G),
       "index.grouped_block_diagonal"),
    _t("index.pointwise_matmul", r"A $1 \times 1$ conv (stride 1, no padding) is a channel matmul at every position",
       r"Свёртка $1 \times 1$ (шаг 1, без паддинга) --- умножение на матрицу каналов в каждой позиции",
       r"o = n,\quad s i + d \cdot 0 - 0 = i", (r"n, d \ge 1", r"s = 1", r"0 \le i < o"), _pointwise),
    _t("index.pointwise_matmul~any_stride", r"A $1 \times 1$ conv with any stride keeps the size",
       r"Свёртка $1 \times 1$ с любым шагом сохраняет размер", r"o = n", (r"n, d, s \ge 1",), lambda: _pointwise(False),
       "index.pointwise_matmul"),
    _t("index.avg_pool_conv", "Average pooling without padding = conv with the constant kernel $1/k$ "
       "(every window holds $k$ inputs)",
       "Усредняющий пулинг без паддинга = свёртка с ядром $1/k$ (в каждом окне $k$ входов)",
       r"\#\{t < k : 0 \le s i + t < n\} = k", (r"n, k, s \ge 1", r"p = 0", r"k \le n", r"0 \le i < o"), _avg_pool),
    _t("index.avg_pool_conv~padded", "With padding every window still holds $k$ inputs",
       "С паддингом в каждом окне по-прежнему $k$ входов", r"\#\{t < k : 0 \le s i + t - p < n\} = k",
       (r"n, k, s \ge 1", r"0 \le 2p \le k \le n + 2p",
       r"0 \le i < o"), lambda: _avg_pool(False), "index.avg_pool_conv"),
    _t("index.nd_product",
       r"N-d = product of 1-D index maps: row-major flattening is a bijection, $T_{2D} = T_1 \otimes T_2$",
       r"N-мерная = произведение одномерных: построчное разворачивание --- биекция, $T_{2D} = T_1 \otimes T_2$",
       r"\bigl(0 \le j_1 < n_1 \wedge 0 \le j_2 < n_2 \wedge J = j_1 n_2 + j_2\bigr) \iff \bigl(0 \le J < n_1 n_2 "
       r"\wedge j_1 = \lfloor J/n_2 \rfloor \wedge j_2 = J \bmod n_2\bigr)", (r"n_1, n_2 \ge 1",),
       lambda: _flatten(lambda j1, j2, n1, n2: j1 * n2 + j2)),
    _t("index.nd_product~column_major", "Flattening $J = j_1 + j_2 n_1$ with row-major decoding",
       "Разворачивание $J = j_1 + j_2 n_1$ с построчным декодированием", r"J = j_1 + j_2 n_1", (r"n_1, n_2 \ge 1",),
       lambda: _flatten(lambda j1, j2, n1, n2: j1 + j2 * n1), "index.nd_product"),
]
