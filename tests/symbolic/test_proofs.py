"""Route proofs, identities, symbols, shape formulas and argument validation of convproof.symbolic."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings

from convproof import ConvProofError, ConvSpec
from convproof.geometry.formulas import conv_output_size_expr, conv_transpose_output_size_expr
from convproof.symbolic import (Conv, Notation, bias_symbols, grad_output_symbols, col2im, conv, conv_transpose, fill_offset,
                                gradients, im2col, index_map, input_symbols, kernel_symbols, overlap_count,
                                padded_input, prove_all, prove_avg_pool_is_conv, prove_backprop,
                                prove_depthwise_separable, prove_dilated_is_zero_inserted, prove_forward,
                                prove_grouped_is_block_diagonal, prove_max_pool_gradient_routes_to_argmax,
                                prove_pointwise_is_matmul, prove_rank1_is_two_1d, prove_transposed, toeplitz)
from convproof.symbolic.backprop import collect_gradients, loss
from convproof.symbolic.matrices import reorder, sparse_matvec
from convproof.symbolic.proofs import compare_arrays, compare_triples
from convproof.testing import conv_specs

ALL_MODES = ("zeros", "constant", "reflect", "replicate", "circular")


# ------------------------------------------------------------------ proofs over drawn specs
@settings(max_examples=40)
@given(spec=conv_specs(dims=(1, 2, 3), max_size=6, max_kernel=3, padding=("symmetric", "asymmetric", "same",
                                                                            "valid"),
                       padding_modes=ALL_MODES, output_padding=True))
def test_structural_proofs_hold(spec):
    results = prove_all(spec, "structural")
    assert results and all(r.holds for r in results), [r.summary() for r in results if not r.holds]


@settings(max_examples=15)
@given(spec=conv_specs(dims=(1, 2), max_size=4, max_kernel=2, max_channels=2,
                       padding=("symmetric", "asymmetric", "valid"), padding_modes=ALL_MODES, output_padding=True))
def test_symbolic_proofs_hold(spec):
    results = prove_all(spec, "symbolic")
    assert all(r.holds for r in results), [(r.summary(), r.first_difference) for r in results if not r.holds]


def test_lecture_size_symbolic_backprop():
    r = prove_backprop(ConvSpec(input_size=(16, 16), kernel_size=(3, 3), padding="same"))
    assert r.holds and r.routes == ("collect", "closed")


def test_proofs_detect_a_wrong_route():
    spec = ConvSpec(input_size=(3, 3), kernel_size=(2, 2))
    t = index_map(spec).triples()
    bad = t.copy()
    bad[3, 2] = (bad[3, 2] + 1) % 4
    r = compare_triples("demo", {"a": t, "b": bad}, spec)
    assert not r.holds and not bool(r) and r.first_difference["row"] >= 0
    assert "FAILS" in r.summary() and r"\neq" in r._repr_latex_()
    z = conv(spec)
    z2 = z.copy()
    z2[0, 1, 1] = z2[0, 1, 1] + sp.Symbol("e")
    r = compare_arrays("demo", {"a": z, "b": z2}, spec)
    assert not r.holds and r.first_difference["index"] == (0, 1, 1)
    assert compare_arrays("demo", {"a": z, "b": z[:, :1]}).holds is False


def test_structural_proofs_at_128x128_and_1024_budget():
    spec = ConvSpec(input_size=(128, 128), kernel_size=(3, 3), padding="same")
    assert all(r.holds and r.method == "structural" for r in prove_all(spec, "structural"))
    with pytest.raises(ConvProofError, match="symbolic proof would build"):
        prove_forward(spec)
    with pytest.raises(ConvProofError, match="size budget"):
        toeplitz(ConvSpec(input_size=(1024, 1024), kernel_size=(3, 3), padding=1), budget=10 ** 6)


# ------------------------------------------------------------------ identities
@pytest.mark.parametrize("spec", [
    ConvSpec(input_size=9, kernel_size=3, dilation=3, padding=2, stride=2),
    ConvSpec(input_size=(6, 7), kernel_size=(2, 3), dilation=(3, 2), padding=(1, 2), in_channels=2, out_channels=4,
             groups=2),
    ConvSpec(input_size=(5, 5), kernel_size=(2, 2), dilation=2, padding=2, padding_mode="reflect"),
])
def test_dilated_is_zero_inserted(spec):
    assert prove_dilated_is_zero_inserted(spec).holds
    assert prove_dilated_is_zero_inserted(spec, "structural").holds


def test_other_identities():
    assert prove_grouped_is_block_diagonal(ConvSpec(input_size=(3, 4), kernel_size=(2, 2), in_channels=6,
                                                    out_channels=3, groups=3, padding=1)).holds
    assert prove_depthwise_separable(ConvSpec(input_size=(4, 4), kernel_size=(3, 3), in_channels=2, padding=1,
                                              stride=2), out_channels=3, multiplier=2).holds
    for mode in ("zeros", "reflect", "replicate", "circular"):
        assert prove_rank1_is_two_1d(ConvSpec(input_size=(5, 4), kernel_size=(3, 2), padding=((2, 1), (1, 1)),
                                              padding_mode=mode, stride=(1, 2))).holds, mode
    assert prove_pointwise_is_matmul(ConvSpec(input_size=(3, 4), kernel_size=(1, 1), stride=2, in_channels=4,
                                              out_channels=2, groups=2)).holds
    assert prove_avg_pool_is_conv((5, 5), (3, 3), 2, 1, channels=2).holds
    assert prove_max_pool_gradient_routes_to_argmax((5, 6), (2, 3), (2, 2), padding=1, channels=2).holds


def test_identity_preconditions():
    with pytest.raises(ConvProofError, match="not separable"):
        prove_rank1_is_two_1d(ConvSpec(input_size=(4, 4), kernel_size=(2, 2), padding=1, padding_mode="constant",
                                       padding_value=2))
    with pytest.raises(ConvProofError, match="kernel_size 1"):
        prove_pointwise_is_matmul(ConvSpec(input_size=4, kernel_size=2))
    with pytest.raises(ConvProofError, match="distinct"):
        prove_max_pool_gradient_routes_to_argmax(4, 2, values=[1, 1, 2, 3])


# ------------------------------------------------------------------ symbols
def test_symbol_names_render_as_lecture_latex():
    s2 = ConvSpec(input_size=(2, 2), kernel_size=(2, 2), in_channels=2, out_channels=3)
    assert sp.latex(input_symbols(s2)[1, 0, 1]) == "y^{2}_{12}"
    assert sp.latex(kernel_symbols(s2)[2, 1, 0, 1]) == "f^{23}_{12}"
    assert sp.latex(bias_symbols(s2)[2]) == "b^{3}"
    assert sp.latex(kernel_symbols(ConvSpec(input_size=(3, 3), kernel_size=(3, 3)))[0, 0, 0, 2]) == "f_{13}"
    s12 = ConvSpec(input_size=(12, 12), kernel_size=(1, 1))
    assert sp.latex(input_symbols(s12)[0, 0, 10]) == "y_{1,11}"
    zero = Notation(base=0, input="x", kernel="w", sep=",")
    assert sp.latex(input_symbols(s12, zero)[0, 0, 10]) == "x_{0,10}"
    assert sp.latex(input_symbols(ConvSpec(input_size=3, kernel_size=1), Notation(layer=2))[0, 0]) == "y_{1}^{(2)}"
    # a layer label is part of the name, never a power
    assert input_symbols(ConvSpec(input_size=3, kernel_size=1), Notation(layer=2))[0, 0].is_Symbol
    assert kernel_symbols(ConvSpec(input_size=3, kernel_size=1, in_channels=4, out_channels=6, groups=2))[
        4, 1, 0].name == "f^{2,22}_{1}"
    two = ConvSpec(input_size=3, kernel_size=2, in_channels=12, out_channels=2)
    assert kernel_symbols(two)[1, 10, 0].name == "f^{11,2}_{1}"
    assert kernel_symbols(two, Notation(sep=","))[1, 0, 1].name == "f^{1,2}_{2}"
    assert kernel_symbols(two, Notation(kernel="F"))[0, 1, 0].name == "F^{21}_{1}"


@pytest.mark.parametrize("call, match", [
    (lambda: Notation(base=2), "base=2"),
    (lambda: Notation(input=""), "symbol letter must be"),
    (lambda: input_symbols(ConvSpec(input_size=3, kernel_size=1), batch=0), "batch=0"),
    (lambda: toeplitz(ConvSpec(input_size=3, kernel_size=1), order="X"), "order='X'"),
    (lambda: conv(ConvSpec(input_size=3, kernel_size=1), method="fft"), "method='fft'"),
    (lambda: conv(ConvSpec(input_size=3, kernel_size=2), weight=[[[1, 2, 3]]]), "weight=.*must have shape"),
    (lambda: conv(ConvSpec(input_size=3, kernel_size=2), y=[[1, 2]]), "y=.*must have shape"),
    (lambda: conv(ConvSpec(input_size=3, kernel_size=2), bias=[1, 2]), "bias=.*must have shape"),
    (lambda: conv_transpose(ConvSpec(input_size=3, kernel_size=2, padding=1, padding_mode="reflect")),
     "padding_mode='reflect'"),
    (lambda: conv_transpose(ConvSpec(input_size=3, kernel_size=2), method="fft"), "method='fft'"),
    (lambda: gradients(ConvSpec(input_size=3, kernel_size=2), y=[[1, 2, 3]]), "differentiates by symbols"),
    (lambda: gradients(ConvSpec(input_size=3, kernel_size=2), method="numeric"), "method='numeric'"),
    (lambda: im2col(ConvSpec(input_size=3, kernel_size=2), group=1), "group=1"),
    (lambda: col2im(ConvSpec(input_size=3, kernel_size=2), sp.ones(3, 3)), "im2col shape"),
    (lambda: sparse_matvec(sp.SparseMatrix(sp.eye(2)), [1]), "must have 2 entries"),
    (lambda: prove_forward(ConvSpec(input_size=3, kernel_size=2), method="numeric"), "method='numeric'"),
    (lambda: conv(ConvSpec(input_size=(700, 700), kernel_size=(3, 3))), "over the size budget 400,000"),
    (lambda: conv_transpose(ConvSpec(input_size=(700, 700), kernel_size=(3, 3))), "conv_transpose would build"),
    (lambda: gradients(ConvSpec(input_size=(700, 700), kernel_size=(3, 3))), "gradients would build"),
    (lambda: toeplitz(ConvSpec(input_size=(600, 600), kernel_size=(3, 3))), "size budget 2,000,000"),
    (lambda: im2col(ConvSpec(input_size=(600, 600), kernel_size=(3, 3))), "size budget 2,000,000"),
], ids=lambda x: x if isinstance(x, str) else "")
def test_bad_arguments(call, match):
    with pytest.raises(ConvProofError, match=match):
        call()


# ------------------------------------------------------------------ matrices and conventions
def test_column_major_order_is_a_permutation_of_row_major():
    spec = ConvSpec(input_size=(3, 4), kernel_size=(2, 2), padding=1, in_channels=2)
    C, F = toeplitz(spec), toeplitz(spec, order="F")
    rows = reorder(np.arange(C.rows), 1, spec.output_size, "F")
    cols = reorder(np.arange(C.cols), 2, spec.input_size, "F")
    for (r, c), v in C.todok().items():
        assert F[int(rows[r]), int(cols[c])] == v
    assert len(F.todok()) == len(C.todok())


@pytest.mark.parametrize("mode", ALL_MODES)
def test_padded_form_times_padded_input_is_the_convolution(mode):
    spec = ConvSpec(input_size=(3, 4), kernel_size=(3, 2), padding=((1, 2), (1, 0)), padding_mode=mode,
                    padding_value=5 if mode == "constant" else 0)
    Tp = toeplitz(spec, padded=True)
    z = sparse_matvec(Tp, padded_input(spec).ravel())
    assert [sp.expand(a - b) for a, b in zip(z, conv(spec).ravel())] == [0] * len(z)
    T = toeplitz(spec)
    off = fill_offset(spec)
    zt = [a + off[i] for i, a in enumerate(sparse_matvec(T, input_symbols(spec).ravel()))]
    assert [sp.expand(a - b) for a, b in zip(zt, conv(spec).ravel())] == [0] * len(z)
    assert (any(v != 0 for v in off) if mode == "constant" else all(v == 0 for v in off))


def test_exact_adjoint_of_toeplitz():
    spec = ConvSpec(input_size=(3, 3), kernel_size=(2, 2), padding=1, stride=2, padding_mode="circular")
    T = toeplitz(spec)
    x, z = input_symbols(spec).ravel(), sp.symbols(f"u0:{T.rows}")
    lhs = sum(a * b for a, b in zip(sparse_matvec(T, x), z))
    rhs = sum(a * b for a, b in zip(x, sparse_matvec(T.T, z)))
    assert sp.expand(lhs - rhs) == 0


def test_overlap_count_shows_checkerboard():
    assert overlap_count(ConvSpec(input_size=7, kernel_size=3, stride=2)).tolist() == [1, 1, 2, 1, 2, 1, 1]
    two = overlap_count(ConvSpec(input_size=(5, 5), kernel_size=(3, 3), stride=2))
    assert two[2, 2] == 4 and two[0, 0] == 1 and two[0, 2] == 2
    assert overlap_count(ConvSpec(input_size=6, kernel_size=2, stride=2)).tolist() == [1] * 6  # k = s: even


def test_collect_gradients_equals_sympy_diff_on_a_small_case():
    spec = ConvSpec(input_size=(3, 3), kernel_size=(2, 2), stride=2, padding=1, padding_mode="replicate")
    L = loss(spec)
    variables = [*input_symbols(spec).ravel(), *kernel_symbols(spec).ravel(), *bias_symbols(spec).ravel()]
    d = collect_gradients(L, variables)
    for v in variables:
        assert sp.expand(d[v] - sp.diff(L, v)) == 0


def test_transposed_with_output_padding_extends_the_end():
    spec = ConvSpec(input_size=5, kernel_size=3, stride=2, padding=1, output_padding=1)
    out = conv_transpose(spec)
    assert out.shape == (1, 6)
    f3, z3 = sp.Symbol("f_{3}"), sp.Symbol("z_{3}")
    assert out[0, 5] == f3 * z3  # a position the forward conv reads only from padding
    assert prove_transposed(spec).holds and prove_transposed(spec, "structural").holds


@pytest.mark.parametrize("i", range(1, 13))
@pytest.mark.parametrize("k, s, p, d", [(3, 1, 1, 1), (3, 2, 1, 1), (2, 3, 0, 2), (4, 2, 2, 1)])
def test_symbolic_size_formulas_agree_with_integer_geometry(i, k, s, p, d):
    if i + 2 * p < d * (k - 1) + 1:
        pytest.skip("kernel larger than padded input")
    spec = ConvSpec(input_size=i, kernel_size=k, stride=s, padding=p, dilation=d)
    n, kk, ss, pp, dd = sp.symbols("n k s p d", integer=True, positive=True)
    o = conv_output_size_expr(n, kk, ss, pp, pp, dd).subs({n: i, kk: k, ss: s, pp: p, dd: d})
    assert o == spec.output_size[0] == conv(spec).shape[1]
    t = conv_transpose_output_size_expr(n, kk, ss, pp, pp, dd, 0).subs({n: o, kk: k, ss: s, pp: p, dd: d})
    if t < 1:  # padding crops everything: the geometry refuses, and so does the symbolic engine
        with pytest.raises(ConvProofError, match="crops the transposed output"):
            conv_transpose(spec.replace(output_padding=0))
        return
    assert t == spec.replace(output_padding=0).transposed_output_size[0]
    assert conv_transpose(spec.replace(output_padding=0)).shape[1] == t


def test_facade():
    c = Conv(input_size=(3, 3), kernel_size=(3, 3), padding="same", notation=Notation(kernel="w"))
    assert c.T.shape == (9, 9) and c.f[0, 0, 1, 1] == sp.Symbol("w_{22}")
    assert c.z()[0, 1, 1] == sum(c.f[0, 0, i, j] * c.y[0, i, j] for i in range(3) for j in range(3))
    assert c.toeplitz(padded=True).shape == (9, 25) and c.im2col().shape == (9, 9) and c.W.shape == (1, 9)
    assert c.g.shape == (1, 3, 3) and c.b.shape == (1,) and len(c.index_map) == 81
    assert len(c.index_map.triples()) == 49 and "81 triples" in repr(c.index_map)
    assert c.transposed().shape == (1, 3, 3) and c.gradients().weight.shape == (1, 1, 3, 3)
    assert all(r.holds for r in c.prove()) and "2D conv 3x3" in repr(c)
    assert c._repr_latex_().startswith("$") and "9 \\times 9" in c._repr_latex_()


def test_grad_input_is_the_transposed_convolution_of_g():
    spec = ConvSpec(input_size=(5, 6), kernel_size=(3, 2), stride=(2, 3), padding=((1, 0), (1, 1)), dilation=(1, 2),
                    in_channels=2, out_channels=4, groups=2)
    restoring = spec.replace(output_padding=spec.restoring_output_padding)
    g = gradients(spec).input
    t = conv_transpose(restoring, z=grad_output_symbols(spec))
    assert t.shape == g.shape
    assert all(sp.expand(a - b) == 0 for a, b in zip(g.ravel(), t.ravel()))


def test_three_dimensional_symbolic_proofs():
    spec = ConvSpec(input_size=(3, 3, 4), kernel_size=(2, 2, 2), stride=(1, 2, 1), padding=1)
    assert all(r.holds for r in prove_all(spec, "symbolic"))


@pytest.mark.parametrize("mode", ("zeros", "reflect", "replicate", "circular"))
def test_col2im_is_the_exact_adjoint_of_im2col(mode):
    spec = ConvSpec(input_size=(3, 4), kernel_size=(2, 3), padding=((1, 1), (2, 1)), stride=(2, 1),
                    in_channels=2, padding_mode=mode)
    cols = im2col(spec)
    c = sp.Matrix(cols.rows, cols.cols, sp.symbols(f"c0:{cols.rows * cols.cols}"))
    lhs = sum(a * b for a, b in zip(cols, c))
    rhs = sum(a * b for a, b in zip(input_symbols(spec).ravel(), col2im(spec, c).ravel()))
    assert sp.expand(lhs - rhs) == 0


IDENTITY_CASES = [
    ("dilated", lambda m, n: prove_dilated_is_zero_inserted(
        ConvSpec(input_size=(n, n), kernel_size=(3, 2), dilation=(2, 3), padding=2, stride=(1, 2)), m)),
    ("grouped", lambda m, n: prove_grouped_is_block_diagonal(
        ConvSpec(input_size=(n, n), kernel_size=(2, 2), padding=1, in_channels=4, out_channels=6, groups=2), m)),
    ("depthwise_separable", lambda m, n: prove_depthwise_separable(
        ConvSpec(input_size=(n, n), kernel_size=(3, 3), padding=1, in_channels=2, stride=2), 3, 2, method=m)),
    ("rank1", lambda m, n: prove_rank1_is_two_1d(
        ConvSpec(input_size=(n, n), kernel_size=(3, 2), padding=((2, 1), (1, 0)), padding_mode="replicate"), m)),
    ("pointwise", lambda m, n: prove_pointwise_is_matmul(
        ConvSpec(input_size=(n, n), kernel_size=(1, 1), stride=2, in_channels=4, out_channels=2, groups=2), m)),
    ("avg_pool", lambda m, n: prove_avg_pool_is_conv((n, n), (3, 3), 2, 1, channels=2, method=m)),
    ("max_pool", lambda m, n: prove_max_pool_gradient_routes_to_argmax((n, n), (3, 2), 2, 1, channels=2, method=m)),
]


@pytest.mark.parametrize("name, prove", IDENTITY_CASES, ids=[c[0] for c in IDENTITY_CASES])
def test_identities_both_methods_small_and_structural_at_128(name, prove):
    assert prove("symbolic", 5).holds
    small = prove("structural", 5)
    assert small.holds and small.method == "structural"
    big = prove("structural", 128)
    assert big.holds, big.first_difference


def test_join_composes_maps():
    from convproof.symbolic.identities_structural import join
    left = np.array([[0, 1, 10], [1, 1, 11], [2, 0, 12]])
    right = np.array([[1, 5, 20], [0, 6, 21], [1, 7, 22]])
    got = sorted(join(left, right).tolist())
    assert got == [[0, 5, 10, 20], [0, 7, 10, 22], [1, 5, 11, 20], [1, 7, 11, 22], [2, 6, 12, 21]]


def test_size_formula_proof():
    from convproof.symbolic import prove_size_formulas
    r = prove_size_formulas(12)
    assert r.holds and "agree" in r.details
