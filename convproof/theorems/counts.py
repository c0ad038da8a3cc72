r"""Count theorems: parameters of every layer kind and im2col sizes, as polynomial identities (SymPy).

The left-hand sides are convproof's own counting functions (:mod:`convproof.geometry.params`)
evaluated on SymPy symbols, so each identity says that convproof's definition equals the
textbook formula for every size (positive integers); the right-hand sides are written here.
"""

from __future__ import annotations

import sympy as sp

from ..geometry import params as P
from .engine import Identity, Theorem

__all__ = ["THEOREMS"]


def _syms(names: str) -> dict:
    return {str(x): x for x in sp.symbols(names, integer=True, positive=True)}


def _ident(names: str, sides) -> Identity:
    v = _syms(names)
    lhs, rhs = sides(**v)
    return Identity(v, lhs, rhs)


def _t(name, en, ru, latex, names, sides, wrong_of=""):
    return Theorem(name, (en, ru), latex, (r"\text{all sizes} \ge 1",), lambda: _ident(names, sides),
                   engine="sympy", wrong_of=wrong_of, group="counts")


_CK = "C_in C_out k_h k_w"
THEOREMS = [
    _t("count.conv", "Parameters of a conv layer: $C_{out}$ filters of $C_{in} k_h k_w$ weights and one bias each",
       "Параметры свёрточного слоя: $C_{out}$ фильтров по $C_{in} k_h k_w$ весов и смещению",
       r"C_{out}(C_{in} k_h k_w + 1)", _CK,
       lambda C_in, C_out, k_h, k_w: (P.conv_params(C_in, C_out, (k_h, k_w)), C_out * (C_in * k_h * k_w + 1))),
    _t("count.conv~no_channels", "A conv layer has $C_{out}(k_h k_w + 1)$ parameters",
       "У свёрточного слоя $C_{out}(k_h k_w + 1)$ параметров", r"C_{out}(k_h k_w + 1)", _CK,
       lambda C_in, C_out, k_h, k_w: (P.conv_params(C_in, C_out, (k_h, k_w)), C_out * (k_h * k_w + 1)), "count.conv"),
    _t("count.grouped", r"Grouped conv ($G$ groups, $C_{in} = G a$, $C_{out} = G b$) = $G$ independent convs $a \to b$",
       r"Групповая свёртка ($G$ групп, $C_{in} = G a$, $C_{out} = G b$) = $G$ независимых свёрток $a \to b$",
       r"P_G(Ga, Gb) = G\, P(a, b)", "G a b k_h k_w",
       lambda G, a, b, k_h, k_w: (P.conv_params(G * a, G * b, (k_h, k_w), groups=G),
                                  G * P.conv_params(a, b, (k_h, k_w)))),
    _t("count.grouped~dense", "Grouping does not change the parameter count",
       "Группировка не меняет число параметров", r"P_G(Ga, Gb) = P(Ga, Gb)", "G a b k_h k_w",
       lambda G, a, b, k_h, k_w: (P.conv_params(G * a, G * b, (k_h, k_w), groups=G),
                                  P.conv_params(G * a, G * b, (k_h, k_w))), "count.grouped"),
    _t("count.depthwise", "Depthwise conv (multiplier $m$): $C m (k_h k_w + 1)$",
       "Поканальная свёртка (множитель $m$): $C m (k_h k_w + 1)$",
       r"C m (k_h k_w + 1)", "C m k_h k_w",
       lambda C, m, k_h, k_w: (P.depthwise_params(C, (k_h, k_w), m), C * m * (k_h * k_w + 1))),
    _t("count.depthwise~dense", "Depthwise conv has $C m (C k_h k_w + 1)$ parameters",
       "У поканальной свёртки $C m (C k_h k_w + 1)$ параметров", r"C m (C k_h k_w + 1)", "C m k_h k_w",
       lambda C, m, k_h, k_w: (P.depthwise_params(C, (k_h, k_w), m), C * m * (C * k_h * k_w + 1)), "count.depthwise"),
    _t("count.separable_ratio", "Depthwise separable / full conv weights $= 1/C_{out} + 1/(k_h k_w)$ (no bias)",
       "Веса depthwise separable / полной свёртки $= 1/C_{out} + 1/(k_h k_w)$ (без смещения)",
       r"\frac{C_{in} k_h k_w + C_{in} C_{out}}{C_{out} C_{in} k_h k_w} = \frac{1}{C_{out}} + \frac{1}{k_h k_w}", _CK,
       lambda C_in, C_out, k_h, k_w: (P.depthwise_separable_params(C_in, C_out, (k_h, k_w), bias=False)
                                      / P.conv_params(C_in, C_out, (k_h, k_w), bias=False),
                                      1 / C_out + 1 / (k_h * k_w))),
    _t("count.separable_ratio~one_over_k2", "Depthwise separable saves a factor $k_h k_w$ exactly",
       "Depthwise separable экономит ровно в $k_h k_w$ раз", r"\frac{P_{sep}}{P} = \frac{1}{k_h k_w}", _CK,
       lambda C_in, C_out, k_h, k_w: (P.depthwise_separable_params(C_in, C_out, (k_h, k_w), bias=False)
                                      / P.conv_params(C_in, C_out, (k_h, k_w), bias=False), 1 / (k_h * k_w)),
       "count.separable_ratio"),
    _t("count.locally_connected", "Locally connected = one conv filter bank per output position ($o_h o_w$ of them)",
       "Локально связанный слой = свой набор фильтров в каждой позиции выхода ($o_h o_w$ штук)",
       r"P_{LC} = o_h o_w \, C_{out}(C_{in} k_h k_w + 1)", _CK + " o_h o_w",
       lambda C_in, C_out, k_h, k_w, o_h, o_w: (P.locally_connected_params(C_in, C_out, (k_h, k_w), (o_h, o_w)),
                                                o_h * o_w * P.conv_params(C_in, C_out, (k_h, k_w)))),
    _t("count.locally_connected~shared", "A locally connected layer has as many parameters as the conv",
       "У локально связанного слоя столько же параметров, сколько у свёрточного", r"P_{LC} = P", _CK + " o_h o_w",
       lambda C_in, C_out, k_h, k_w, o_h, o_w: (P.locally_connected_params(C_in, C_out, (k_h, k_w), (o_h, o_w)),
                                                P.conv_params(C_in, C_out, (k_h, k_w))), "count.locally_connected"),
    _t("count.dense",
       r"A dense layer on a flattened $C \times h \times w$ input = a conv whose kernel covers the input",
       r"Полносвязный слой на развёрнутом входе $C \times h \times w$ = свёртка с ядром во весь вход",
       r"P_{FC}(C h w, C_{out}) = P(C, C_{out}, h \times w)", "C C_out h w",
       lambda C, C_out, h, w: (P.fully_connected_params(C * h * w, C_out), P.conv_params(C, C_out, (h, w)))),
    _t("count.dense~no_channels", r"A dense layer on a $C \times h \times w$ input has $C_{out}(h w + 1)$ parameters",
       r"У полносвязного слоя на входе $C \times h \times w$ $C_{out}(h w + 1)$ параметров", r"C_{out}(h w + 1)",
       "C C_out h w",
       lambda C, C_out, h, w: (P.fully_connected_params(C * h * w, C_out), C_out * (h * w + 1)), "count.dense"),
    _t("count.im2col",
       r"im2col: $Y$ is $(C_{in} k_h k_w) \times (M o_h o_w)$, the filter matrix "
       r"$C_{out} \times (C_{in} k_h k_w)$ holds the weights; their product has the $C_{out} M o_h o_w$ outputs, each a sum of $C_{in} k_h k_w$ products",
       r"im2col: $Y$ --- $(C_{in} k_h k_w) \times (M o_h o_w)$, матрица фильтров "
       r"$C_{out} \times (C_{in} k_h k_w)$ --- все веса; произведение --- $C_{out} M o_h o_w$ выходов, каждый --- сумма $C_{in} k_h k_w$ произведений",
       r"C_{out} \cdot (C_{in} k_h k_w) = P_{\text{no bias}},\ C_{out} (C_{in} k_h k_w)(M o_h o_w) = "
       r"(C_{out} M o_h o_w)(C_{in} k_h k_w)", _CK + " M o_h o_w",
       lambda C_in, C_out, k_h, k_w, M, o_h, o_w: (
           C_out * (C_in * k_h * k_w) + C_out * (C_in * k_h * k_w) * (M * o_h * o_w),
           P.conv_params(C_in, C_out, (k_h, k_w), bias=False) + (C_out * M * o_h * o_w) * (C_in * k_h * k_w))),
    _t("count.im2col~rows_k2", "im2col has $k_h k_w$ rows (channels forgotten)",
       "У im2col $k_h k_w$ строк (без каналов)",
       r"C_{out} \cdot (k_h k_w) = P_{\text{no bias}}", _CK,
       lambda C_in, C_out, k_h, k_w: (C_out * (k_h * k_w), P.conv_params(C_in, C_out, (k_h, k_w), bias=False)),
       "count.im2col"),
]
