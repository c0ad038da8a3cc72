"""The lecture examples, reproduced in the lecture's own notation.

Seed 000 = lecture notes "CNNs: basic elements, vectorization, transposed convolution" (eqs. 10-25,
table 1, algorithm 1); seed 001 = slides (multichannel / grouped formulas); seed 003 = essay (4x16
matrix). Where a seed example is wrong, the test pins the correct result and says what the seed got
wrong, entry by entry.
"""

import numpy as np
import pytest
import sympy as sp

from convproof import ConvSpec
from convproof.symbolic import (Notation, conv, conv_transpose, filter_matrix, im2col, im2col_batch, input_symbols,
                                output_symbols, padded_input, prove_weight_sharing, toeplitz, transposed_matrix)
from convproof.symbolic.backprop import gradients, untied_weight_gradients
from convproof.symbolic.matrices import sparse_matvec

LAYER = Notation(layer="l")


def S(name):
    return sp.Symbol(name)


def f(*idx):
    return S("f_{%s}" % "".join(map(str, idx)))


def y1(i):
    return S("y_{%d}^{(l)}" % i)


def z1(i):
    return S("z_{%d}^{(l+1)}" % i)


def y2(i, j):
    return S("y_{%d%d}" % (i, j))


def z2(i, j):
    return S("z_{%d%d}" % (i, j))


def M(rows):
    return sp.Matrix(rows)


# ---------------------------------------------------------------- 1D Toeplitz, seed 000 eqs. 10-15
def test_eq10_11_valid_toeplitz_and_product():
    spec = ConvSpec(input_size=5, kernel_size=3)
    T = toeplitz(spec, notation=LAYER)
    assert T == M([[f(1), f(2), f(3), 0, 0], [0, f(1), f(2), f(3), 0], [0, 0, f(1), f(2), f(3)]])
    y = input_symbols(spec, LAYER)
    assert list(y[0]) == [y1(i) for i in range(1, 6)]
    z = sparse_matvec(T, y.ravel())
    assert z == [f(1) * y1(1) + f(2) * y1(2) + f(3) * y1(3), f(1) * y1(2) + f(2) * y1(3) + f(3) * y1(4),
                 f(1) * y1(3) + f(2) * y1(4) + f(3) * y1(5)]
    assert list(conv(spec, notation=LAYER)[0]) == z
    assert [sp.latex(v) for v in output_symbols(spec, LAYER)[0]] == [
        "z_{1}^{(l+1)}", "z_{2}^{(l+1)}", "z_{3}^{(l+1)}"]


def test_eq12_13_same_padding_on_padded_input():
    spec = ConvSpec(input_size=5, kernel_size=3, padding="same")
    Tp = toeplitz(spec, padded=True, notation=LAYER)
    assert Tp == M([[f(1), f(2), f(3), 0, 0, 0, 0], [0, f(1), f(2), f(3), 0, 0, 0],
                    [0, 0, f(1), f(2), f(3), 0, 0], [0, 0, 0, f(1), f(2), f(3), 0],
                    [0, 0, 0, 0, f(1), f(2), f(3)]])
    yp = padded_input(spec, notation=LAYER)[0]
    assert list(yp) == [0] + [y1(i) for i in range(1, 6)] + [0]
    z13 = [f(2) * y1(1) + f(3) * y1(2), f(1) * y1(1) + f(2) * y1(2) + f(3) * y1(3),
           f(1) * y1(2) + f(2) * y1(3) + f(3) * y1(4), f(1) * y1(3) + f(2) * y1(4) + f(3) * y1(5),
           f(1) * y1(4) + f(2) * y1(5)]
    assert sparse_matvec(Tp, yp) == z13
    assert list(conv(spec, notation=LAYER)[0]) == z13
    # T on the unpadded input is T_padded without its first and last column
    assert toeplitz(spec, notation=LAYER) == Tp[:, 1:6]


def test_eq14_15_stride_two():
    spec = ConvSpec(input_size=5, kernel_size=3, padding=1, stride=2)
    assert toeplitz(spec, padded=True, notation=LAYER) == M([
        [f(1), f(2), f(3), 0, 0, 0, 0], [0, 0, f(1), f(2), f(3), 0, 0], [0, 0, 0, 0, f(1), f(2), f(3)]])
    assert list(conv(spec, notation=LAYER)[0]) == [
        f(2) * y1(1) + f(3) * y1(2), f(1) * y1(2) + f(2) * y1(3) + f(3) * y1(4), f(1) * y1(4) + f(2) * y1(5)]


# ---------------------------------------------------------------- 1D transposed, seed 000 eqs. 17-18
def test_eq17_transposed_stride_one_full():
    # Eq. 17 is T_padded^T: the transposed conv of a valid conv 7 -> 5 (result on the padded input).
    spec = ConvSpec(input_size=7, kernel_size=3)
    cols = [[f(1), f(2), f(3), 0, 0, 0, 0]]
    expected = M([[(cols[0][(r - c) % 7] if 0 <= r - c <= 2 else 0) for c in range(5)] for r in range(7)])
    assert transposed_matrix(spec, notation=LAYER) == expected
    assert toeplitz(spec, notation=LAYER).T == expected
    z = [z1(i) for i in range(1, 6)]
    assert list(conv_transpose(spec, [z], notation=LAYER, method="zero_insertion")[0]) == [
        f(1) * z[0], f(2) * z[0] + f(1) * z[1], f(3) * z[0] + f(2) * z[1] + f(1) * z[2],
        f(3) * z[1] + f(2) * z[2] + f(1) * z[3], f(3) * z[2] + f(2) * z[3] + f(1) * z[4],
        f(3) * z[3] + f(2) * z[4], f(3) * z[4]]


def test_eq18_transposed_stride_two_seed_third_entry_is_wrong():
    spec = ConvSpec(input_size=7, kernel_size=3, stride=2)
    zl = [S("z_{%d}^{(l)}" % i) for i in (1, 2, 3)]  # the seed writes z^{(l)} here (z^{(l+1)} in eq. 17)
    assert transposed_matrix(spec) == M([[f(1), 0, 0], [f(2), 0, 0], [f(3), f(1), 0], [0, f(2), 0],
                                         [0, f(3), f(1)], [0, 0, f(2)], [0, 0, f(3)]])  # seed's matrix: right
    result = conv_transpose(spec, [zl], method="matrix")[0]
    # SEED ERROR (eq. 18, right-hand side, 3rd entry): the seed writes f_3 z_1 + f_1 z_3; row 3 of its own
    # matrix is (f_3, f_1, 0), so the entry is f_3 z_1 + f_1 z_2. The other six entries are right.
    assert result[2] == f(3) * zl[0] + f(1) * zl[1]
    assert result[2] != f(3) * zl[0] + f(1) * zl[2]
    assert list(result) == [f(1) * zl[0], f(2) * zl[0], f(3) * zl[0] + f(1) * zl[1], f(2) * zl[1],
                            f(3) * zl[1] + f(1) * zl[2], f(2) * zl[2], f(3) * zl[2]]


# ---------------------------------------------------------------- 2D Toeplitz, seed 000 section 5.3
SEED_T_SAME = [  # rows z11..z33, columns y11..y33 (section 5.3)
    [(2, 2), (2, 3), 0, (3, 2), (3, 3), 0, 0, 0, 0],
    [(2, 1), (2, 2), (2, 3), (3, 1), (3, 2), (3, 3), 0, 0, 0],
    [0, (2, 1), (2, 2), 0, (3, 1), (3, 2), 0, 0, 0],
    [(1, 2), (1, 3), 0, (2, 2), (2, 3), 0, (3, 2), (3, 3), 0],
    [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3), (3, 1), (3, 2), (3, 3)],
    [0, (1, 1), (1, 2), 0, (2, 1), (2, 2), 0, (3, 1), (3, 2)],
    [0, 0, 0, (1, 2), (1, 3), 0, (2, 2), (2, 3), 0],
    [0, 0, 0, (1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3)],
    [0, 0, 0, 0, (1, 1), (1, 2), 0, (2, 1), (2, 2)],
]


def fm(rows):
    return M([[f(*e) if e else 0 for e in r] for r in rows])


def test_section53_doubly_block_toeplitz_same():
    spec = ConvSpec(input_size=(3, 3), kernel_size=(3, 3), padding="same")
    assert toeplitz(spec) == fm(SEED_T_SAME)
    z22 = conv(spec)[0, 1, 1]
    assert z22 == sum(f(i, j) * y2(i, j) for i in (1, 2, 3) for j in (1, 2, 3))  # eq. 23


def test_eq24_stride_two_keeps_rows_1_3_7_9():
    spec = ConvSpec(input_size=(3, 3), kernel_size=(3, 3), padding=1, stride=2)
    T = toeplitz(spec)
    assert T == fm([SEED_T_SAME[i] for i in (0, 2, 6, 8)])
    assert output_symbols(spec).shape == (1, 2, 2)  # z11, z13, z31, z33 of the stride-1 map


def test_eq25_transposed_2d_seed_labels_are_column_major():
    spec = ConvSpec(input_size=(3, 3), kernel_size=(3, 3), padding=1, stride=2)
    seed_matrix = fm([[(2, 2), 0, 0, 0], [(2, 3), (2, 1), 0, 0], [0, (2, 2), 0, 0], [(3, 2), 0, (1, 2), 0],
                      [(3, 3), (3, 1), (1, 3), (1, 1)], [0, (3, 2), 0, (1, 2)], [0, 0, (2, 2), 0],
                      [0, 0, (2, 3), (2, 1)], [0, 0, 0, (2, 2)]])
    T = toeplitz(spec)
    assert T.T == seed_matrix  # the matrix itself is T^T with y in row-major order
    zs = [z2(1, 1), z2(1, 3), z2(3, 1), z2(3, 3)]
    y_new = sparse_matvec(T.T, zs)
    # SEED ERROR (eq. 25, left-hand side): the seed labels the rows y11, y21, y31, y12, y22, y32, y13, y23,
    # y33 (column-major) but the matrix rows are y11, y12, y13, y21, ..., y33 (row-major). Rows 2,3,4,6,7,8
    # are mislabeled: the seed's "y21" row (f23 z11 + f21 z13) is y12; "y31" is y13; "y12" is y21;
    # "y32" is y23; "y13" is y31; "y23" is y32. With column-major labels the matrix must be permuted:
    Tf = toeplitz(spec, order="F")
    perm_cols = [0, 2, 1, 3]  # column-major order of z: z11, z31, z13, z33
    assert Tf.T[:, perm_cols] != seed_matrix
    assert y_new[1] == f(2, 3) * z2(1, 1) + f(2, 1) * z2(1, 3)           # y12 (seed: labelled y21)
    col_major_y21 = sparse_matvec(Tf.T[:, perm_cols], zs)[1]
    assert col_major_y21 == f(3, 2) * z2(1, 1) + f(1, 2) * z2(3, 1)       # the true y21 entry


# ---------------------------------------------------------------- im2col, seed 000 table 1 and eqs. 4-9
def test_table1_im2col_of_4x4_example():
    spec = ConvSpec(input_size=(4, 4), kernel_size=(2, 2))
    y = np.arange(1, 17).reshape(1, 4, 4)
    assert im2col(spec, y) == M([[1, 2, 3, 5, 6, 7, 9, 10, 11], [2, 3, 4, 6, 7, 8, 10, 11, 12],
                                 [5, 6, 7, 9, 10, 11, 13, 14, 15], [6, 7, 8, 10, 11, 12, 14, 15, 16]])


def test_eq6_im2col_product_is_the_convolution():
    spec = ConvSpec(input_size=(4, 4), kernel_size=(2, 2))
    fvec = M([f(1, 1), f(1, 2), f(2, 1), f(2, 2)])  # eq. 5
    z = im2col(spec).T * fvec
    assert list(z) == list(conv(spec).ravel())


def test_eq7_9_batched_shapes_seed_states_transposed_shape():
    spec = ConvSpec(input_size=(4, 4), kernel_size=(2, 2), out_channels=3)
    Y = im2col_batch(spec, 2)                        # eq. 7: F_h F_w D x M C
    F = filter_matrix(spec)                          # eq. 8: F_h F_w D x K
    assert Y.shape == (4, 2 * 9) and F.shape == (4, 3)
    Z = Y.T * F
    # SEED ERROR (eq. 9 and the sentence after it): the product of the M C x F_h F_w D matrix Y^T with the
    # F_h F_w D x K matrix F has shape M C x K (one row per sample and position), not K x C as the seed
    # says; the seed also writes the lowercase y^{(l)T} for the batch matrix it calls \mathcal{Y}.
    assert Z.shape == (2 * 9, 3)
    assert Z[9 + 4, 2] == conv(spec, y=input_symbols(spec, batch=2)[1])[2, 1, 1]


# ---------------------------------------------------------------- seed 000 eq. 2 / seed 001 formulas
def test_seed001_multichannel_formula_literally():
    spec = ConvSpec(input_size=(3, 4), kernel_size=(2, 2), in_channels=2, out_channels=3)
    X = lambda m, i, j: S("y^{%d}_{%d%d}" % (m, i, j))  # noqa: E731
    F = lambda m, k, u, v: S("f^{%d%d}_{%d%d}" % (m, k, u, v))  # noqa: E731
    b = lambda k: S("b^{%d}" % k)  # noqa: E731
    z = conv(spec, bias=[b(1), b(2), b(3)])
    for k in (1, 2, 3):
        for i in (1, 2):
            for j in (1, 2, 3):
                formula = sum(X(m, i + u - 1, j + v - 1) * F(m, k, u, v) for m in (1, 2) for u in (1, 2)
                              for v in (1, 2)) + b(k)
                assert z[k - 1, i - 1, j - 1] == formula
    # Seed 000 eq. 2 adds b_d (indexed by the summed input channel d); the bias is one per filter (b^k).


def test_seed001_grouped_formula_literally():
    M_, K_, g = 4, 6, 2
    spec = ConvSpec(input_size=3, kernel_size=2, in_channels=M_, out_channels=K_, groups=g)
    X = lambda m, i: S("y^{%d}_{%d}" % (m, i))  # noqa: E731
    F = lambda s, m, k, u: S("f^{%d,%d%d}_{%d}" % (s, m, k, u))  # noqa: E731
    b = lambda s, k: S("b^{%d,%d}" % (s, k))  # noqa: E731
    from convproof.symbolic import bias_symbols
    z = conv(spec, bias=bias_symbols(spec))
    for s in (1, 2):
        for kp in (1, 2, 3):
            k = (s - 1) * K_ // g + kp
            for i in (1, 2):
                formula = sum(X((s - 1) * M_ // g + mp, i + u - 1) * F(s, mp, kp, u)
                              for mp in (1, 2) for u in (1, 2)) + b(s, kp)
                assert z[k - 1, i - 1] == formula


# ---------------------------------------------------------------- weight sharing, seed 000 algorithm 1
def test_algorithm1_shared_gradient_is_the_sum_not_the_average():
    spec = ConvSpec(input_size=4, kernel_size=2)
    assert prove_weight_sharing(spec).holds
    per, total = untied_weight_gradients(spec)
    tied = gradients(spec).weight
    assert tied[0, 0, 0] == total[0, 0, 0]
    # SEED ERROR (section 3.1 text): "the gradients computed in different receptive fields are averaged";
    # algorithm 1 step 4 (and the derivative of the shared weight) is the SUM. The average differs:
    assert sp.expand(tied[0, 0, 0] - total[0, 0, 0] / per.shape[0]) != 0


# ---------------------------------------------------------------- seed 003
def w(i, j):
    return S("w_{%d,%d}" % (i, j))


def test_seed003_4x16_matrix_row_two_has_an_extra_zero():
    spec = ConvSpec(input_size=(4, 4), kernel_size=(3, 3))
    C = toeplitz(spec, notation=Notation(kernel="w", base=0, sep=","))
    expected = sp.zeros(4, 16)
    for r, off in enumerate((0, 1, 4, 5)):
        for i in range(3):
            for j in range(3):
                expected[r, off + 4 * i + j] = w(i, j)
    assert C == expected
    # SEED ERROR (seed 003, Fig. 8): row 2 is printed with 17 entries, 0 w00 w01 w02 0 w10 w11 w12 0 w20 w21
    # w22 0 0 0 0 0; the correct row has 16: one trailing zero too many.
    assert list(C.row(1)) == [0, w(0, 0), w(0, 1), w(0, 2), 0, w(1, 0), w(1, 1), w(1, 2), 0,
                              w(2, 0), w(2, 1), w(2, 2), 0, 0, 0, 0]
    assert C.T.shape == (16, 4)  # C^T maps the 4-vector back to 16 (seed: "returns a 16-dim vector")


def test_seed003_figure5_numeric_example():
    spec = ConvSpec(input_size=(5, 5), kernel_size=(3, 3))
    image = [[3, 3, 2, 1, 0], [0, 0, 1, 3, 1], [3, 1, 2, 2, 3], [2, 0, 0, 2, 2], [2, 0, 0, 0, 1]]
    kernel = [[0, 1, 2], [2, 2, 0], [0, 1, 2]]
    z = conv(spec, y=[image], weight=[[kernel]])
    assert z[0].tolist() == [[12, 12, 17], [10, 17, 19], [9, 6, 14]]
    T = toeplitz(spec, weight=[[kernel]])
    assert sparse_matvec(T, np.array(image).ravel()) == [12, 12, 17, 10, 17, 19, 9, 6, 14]


@pytest.mark.parametrize("n", [3, 5, 7, 9])
def test_seed000_stride_two_halves_only_approximately(n):
    # Seed 000 section 3.3 says stride 2 gives H/2 x W/2; with 'same'-style padding 1 and a 3x3 kernel the
    # size is ceil(H/2) (3 -> 2 in section 5.3 itself), which is H/2 only for even H.
    spec = ConvSpec(input_size=(n, n), kernel_size=(3, 3), padding=1, stride=2)
    assert spec.output_size == (-(-n // 2),) * 2
