"""Convolution identification against the symbolic engine, with planted single-entry errors.

Correct matrices are produced by ``convproof.symbolic.toeplitz`` (an implementation the checker's
search does not share code with); each planted error changes exactly one entry and must be found
at that position.
"""

import itertools

import pytest
import sympy as sp

from convproof.check.conv import identify
from convproof.check.document import check_text
from convproof.check.parse import parse_chain
from convproof.geometry import ConvSpec

symbolic = pytest.importorskip("convproof.symbolic")

SPECS_1D = [ConvSpec(n, k, stride=s, padding=p, dilation=d)
            for n, k, s, p, d in itertools.product((5, 7), (2, 3), (1, 2), (0, 1), (1, 2))
            if n + 2 * p >= d * (k - 1) + 1 and (n + 2 * p - d * (k - 1) - 1) // s + 1 >= 2]
SPECS_2D = [ConvSpec((h, w), (k, k), stride=s, padding=p)
            for h, w, k, s, p in [(3, 3, 2, 1, 0), (3, 3, 3, 1, 1), (4, 4, 3, 1, 0), (3, 3, 3, 2, 1),
                                  (4, 4, 2, 2, 0), (4, 3, 2, 1, 0), (5, 5, 3, 2, 1)]]
SPECS = SPECS_1D + SPECS_2D


def bmatrix(rows):
    return r"\begin{bmatrix} " + r" \\ ".join(" & ".join(rows_i) for rows_i in rows) + r" \end{bmatrix}"


def latex_matrix(T):
    return [[str(T[r, c]) if T[r, c] != 0 else "0" for c in range(T.cols)] for r in range(T.rows)]


PROSE = "The Toeplitz matrix of the convolution:\n\n"


def run(doc):
    return check_text(doc, "md", "t").equations


def spec_id(spec):
    return spec.describe() if hasattr(spec, "describe") else repr(spec)


@pytest.mark.parametrize("spec", SPECS, ids=[str(i) for i in range(len(SPECS))])
def test_correct_conv_matrix_is_identified(spec):
    T = sp.Matrix(symbolic.toeplitz(spec))
    (e,) = run("$$\\mathbf{T} = " + bmatrix(latex_matrix(T)) + "$$")
    assert e.status == "unchecked" and "the stated matrix is the matrix T" in e.message, e.message
    assert f"stride {'x'.join(map(str, spec.stride))}" in e.message


@pytest.mark.parametrize("spec", SPECS, ids=[str(i) for i in range(len(SPECS))])
def test_transposed_matrix_is_identified(spec):
    T = sp.Matrix(symbolic.toeplitz(spec)).T
    (e,) = run("$$\\mathbf{M} = " + bmatrix(latex_matrix(T)) + "$$")
    assert e.status == "unchecked" and "transposed matrix T^T" in e.message, e.message


def plants(T):
    """Single-entry perturbations: a tap replaced by another tap, by 0, and a 0 by a tap."""
    taps = sorted({str(v) for v in T if v != 0})
    nz = [(r, c) for r in range(T.rows) for c in range(T.cols) if T[r, c] != 0]
    z = [(r, c) for r in range(T.rows) for c in range(T.cols) if T[r, c] == 0]
    r, c = nz[len(nz) // 2]
    other = next(t for t in taps if t != str(T[r, c]))
    out = [((r, c), other), ((r, c), "0")]
    if z:
        out.append((z[len(z) // 3], taps[0]))
    return out


@pytest.mark.parametrize("spec", SPECS, ids=[str(i) for i in range(len(SPECS))])
def test_planted_single_entry_errors_are_found(spec):
    T = sp.Matrix(symbolic.toeplitz(spec))
    for (r, c), new in plants(T):
        rows = latex_matrix(T)
        old, rows[r][c] = rows[r][c], new
        (e,) = run(PROSE + "$$\\mathbf{T} = " + bmatrix(rows) + "$$")
        if e.status == "unchecked" and old == "0" and "(circular)" in e.message:
            continue  # the planted tap wrapped around: a circular convolution, correctly accepted
        assert e.status == "wrong", (r, c, new, e.message)
        assert {"row": r + 1, "col": c + 1, "claimed": new, "expected": old} in e.mismatches


def expanded(T, y):
    from convproof.check.texfmt import value_latex
    return [[value_latex(v)] for v in T * y]


@pytest.mark.parametrize("spec", SPECS_1D[:8] + SPECS_2D[:3], ids=[str(i) for i in range(11)])
def test_planted_error_in_expanded_product(spec):
    T = sp.Matrix(symbolic.toeplitz(spec))
    y = sp.Matrix(symbolic.input_symbols(spec).reshape(-1))
    doc = ("$$\\mathbf{T} = " + bmatrix(latex_matrix(T)) + "\\quad \\mathbf{y} = "
           + bmatrix([[str(v)] for v in y]) + "$$\n\n$$\\mathbf{z} = \\mathbf{T}\\mathbf{y} = ")
    good = expanded(T, y)
    assert [e.status for e in run(doc + bmatrix(good) + "$$")][-1] == "holds"
    bad = [row[:] for row in good]
    target, first = next((i, str(v)) for i, row in enumerate(bad) for v in y if str(v) in row[0])
    other = str(y[-1]) if str(y[-1]) != first else str(y[0])
    bad[target][0] = bad[target][0].replace(first, other)
    e = run(doc + bmatrix(bad) + "$$")[-1]
    assert e.status == "wrong" and e.mismatches[0]["row"] == target + 1


def test_seed_style_transposed_with_permuted_labels():
    spec = ConvSpec((3, 3), (3, 3), stride=2, padding=1)
    M = sp.Matrix(symbolic.toeplitz(spec)).T
    ys = [f"y_{{{i}{j}}}" for j in (1, 2, 3) for i in (1, 2, 3)]   # column-major labels
    zs = ["z_{11}", "z_{13}", "z_{31}", "z_{33}"]
    doc = "$$" + bmatrix([[v] for v in ys]) + " = " + bmatrix(latex_matrix(M)) + bmatrix([[v] for v in zs]) + "$$"
    (e,) = run(doc)
    assert e.status == "wrong" and "permuted" in e.message
    assert {"row": 2, "col": None, "claimed": "y_{21}", "expected": "y_{12}"} in e.mismatches
    ys_ok = [f"y_{{{i}{j}}}" for i in (1, 2, 3) for j in (1, 2, 3)]
    ok = "$$" + bmatrix([[v] for v in ys_ok]) + " = " + bmatrix(latex_matrix(M)) + bmatrix([[v] for v in zs]) + "$$"
    (e,) = run(ok)
    assert e.status == "unchecked" and "labels follow" in e.message, e.message


def test_ragged_row_is_a_finding():
    T = sp.Matrix(symbolic.toeplitz(ConvSpec((4, 4), (3, 3))))
    rows = [[str(v) if v != 0 else "0" for v in T.row(r)] for r in range(T.rows)]
    rows[1].append("0")
    (e,) = run("$$" + bmatrix(rows).replace("bmatrix", "pmatrix") + "$$")
    assert e.status == "wrong" and "row 2 has 17 entries" in e.message


@pytest.mark.parametrize("text", [
    r"\begin{bmatrix} f_{11} & f_{12} \\ f_{21} & f_{22} \end{bmatrix}",        # a kernel, not T
    r"\begin{bmatrix} 1 & 0 \\ 0 & 1 \end{bmatrix}",
    r"\begin{bmatrix} a & b & 0 \\ c & d & 0 \end{bmatrix}",
    r"\begin{bmatrix} y_1 \\ y_2 \\ y_3 \end{bmatrix}",
])
def test_non_convolution_matrices_are_left_alone(text):
    assert identify(parse_chain(text).sides[0]) is None


def test_single_output_entry_as_a_sum():
    ok = ("$$z_{22} = f_{11}y_{11} + f_{12}y_{12} + f_{13}y_{13} + f_{21}y_{21} + f_{22}y_{22} + "
          "f_{23}y_{23} + f_{31}y_{31} + f_{32}y_{32} + f_{33}y_{33}$$")
    (e,) = run(ok)
    assert e.status == "unchecked" and "padding 1" in e.message
    (e,) = run(PROSE + ok.replace("f_{33}y_{33}", "f_{33}y_{32}"))
    assert e.status == "wrong" and e.mismatches[0]["expected"].endswith("f_{33} y_{33}")
    assert "every term matches" in run("$$z_{2} = f_1 y_2 + f_2 y_3$$")[0].message
    assert run("$$z_{2} = f_1 y_7 + f_2 y_1$$")[0].status == "unchecked"


def test_circular_convolution_matrix_is_not_a_finding():
    C = (r"$$C = \begin{bmatrix} f_2 & f_3 & 0 & 0 & f_1 \\ f_1 & f_2 & f_3 & 0 & 0 \\ 0 & f_1 & f_2 & f_3 & 0 \\"
         r" 0 & 0 & f_1 & f_2 & f_3 \\ f_3 & 0 & 0 & f_1 & f_2 \end{bmatrix}$$")
    (e,) = run(C)
    assert e.status == "unchecked" and "circular" in e.message


@pytest.mark.parametrize("spec", [ConvSpec((3, 4), (3, 3), stride=(1, 2), padding=((1, 1), (0, 0))),
                                  ConvSpec((4, 4), (3, 3), padding=((1, 1), (0, 0)))],
                         ids=["stride-1x2", "pad-1x0"])
def test_per_axis_parameters_are_not_a_near_miss(spec):
    T = sp.Matrix(symbolic.toeplitz(spec))
    (e,) = run(PROSE + "$$\\mathbf{T} = " + bmatrix(latex_matrix(T)) + "$$")
    assert e.status == "unchecked" and "the stated matrix is the matrix T" in e.message, e.message


def test_far_from_any_convolution_is_unchecked_with_closest_spec():
    d = r"$$A = \begin{bmatrix} f_1 & 0 & f_2 & f_3 \\ f_3 & f_1 & 0 & f_1 \\ 0 & f_2 & f_2 & f_1 \end{bmatrix}$$"
    (e,) = run(d)
    assert e.status == "unchecked" and "closest" in e.message


# -- issue 16: recognition never gives 'holds'; the product is evaluated entry by entry -------

SWAPPED = (r"\begin{bmatrix} f_1 & 0 \\ f_2 & 0 \\ 0 & f_1 \\ 0 & f_2 \\ 0 & 0 \end{bmatrix}"
           r" \begin{bmatrix} z_1 \\ z_2 \end{bmatrix} = ")


@pytest.mark.parametrize("claim, rows", [
    (r"f_1 z_1 \\ f_1 z_2 \\ f_2 z_1 \\ f_2 z_2 \\ 0", [2, 3]),       # rows 2 and 3 swapped
    (r"f_1 z_1 \\ f_2 z_1 \\ f_1 z_2 \\ f_2 z_2 \\ f_2 z_1", [5]),     # a zero entry stated non-zero
    (r"f_1 z_1 \\ f_2 z_1 \\ f_1 z_2 \\ 0 \\ 0", [4]),                 # a product stated zero
    (r"f_1 z_1 \\ f_2 z_1 \\ f_1 z_2 \\ f_2 z_6 \\ 0", [4]),           # out-of-range symbol
    (r"f_2 z_1 \\ f_1 z_2 \\ f_2 z_2 \\ 0 \\ f_1 z_1", [1, 2, 3, 4, 5]),  # rotated rows
], ids=["swapped", "zero-stated", "stated-zero", "out-of-range", "rotated"])
def test_recognised_product_is_still_evaluated(claim, rows):
    (e,) = run(PROSE + "$$" + SWAPPED + r"\begin{bmatrix} " + claim + r" \end{bmatrix}$$")
    assert e.status == "wrong", e.message
    assert sorted(m["row"] for m in e.mismatches) == rows


def test_correct_recognised_product_holds_by_evaluation():
    good = r"\begin{bmatrix} f_1 z_1 \\ f_2 z_1 \\ f_1 z_2 \\ f_2 z_2 \\ 0 \end{bmatrix}"
    (e,) = run("$$" + SWAPPED + good + "$$")
    assert e.status == "holds" and e.message.startswith("holds as an identity in f_{1}, f_{2}, z_{1}, z_{2}"), e.message


@pytest.mark.parametrize("labels, bad", [
    ("z_1, z_2, z_3, z_3, z_5", "z_3 (repeated)"),
    ("z_1, z_2, z_3, z_4, z_6", "z_6 (past the end)"),
])
def test_label_vector_with_repeated_or_past_the_end_labels_is_wrong(labels, bad):
    vec = r" \\ ".join(labels.split(", "))
    doc = (r"$$\begin{bmatrix} " + vec + r" \end{bmatrix} = \begin{bmatrix} f_1 & 0 \\ f_2 & 0 \\"
           r" 0 & f_1 \\ 0 & f_2 \\ 0 & 0 \end{bmatrix} \begin{bmatrix} y_1 \\ y_2 \end{bmatrix}$$")
    (e,) = run(doc)
    assert e.status == "wrong" and bad in e.message, e.message
    (ok,) = run(doc.replace(labels.split(", ")[-2] + r" \\ " + labels.split(", ")[-1],
                            r"z_4 \\ z_5"))
    assert ok.status == "unchecked" and "labels follow" in ok.message, ok.message


def test_near_miss_needs_prose_that_asserts_a_convolution():
    T = sp.Matrix(symbolic.toeplitz(ConvSpec((5,), (3,))))
    rows = latex_matrix(T)
    rows[0][0] = "f_{2}"
    (plain,) = run("$$A = " + bmatrix(rows) + "$$")
    assert plain.status == "unchecked" and "not a finding" in plain.message
    (claimed,) = run(PROSE + "$$A = " + bmatrix(rows) + "$$")
    assert claimed.status == "wrong"


# -- issue 16, rule 5: a near miss never overrides an evaluation; no false alarms -------------

KERNEL_GRAD = (r"\frac{\partial L}{\partial f} = \begin{bmatrix} 0 & y_1 & y_2 \\ y_1 & y_2 & y_3 \\"
               r" y_2 & y_3 & 0 \end{bmatrix} \begin{bmatrix} g_1 \\ g_2 \\ g_3 \end{bmatrix}")


def test_kernel_gradient_with_zero_padded_inputs_is_not_a_false_alarm():
    prose = "The kernel gradient of the convolution, with the zero-padded matrix of inputs:\n\n"
    (e,) = run(prose + "$$" + KERNEL_GRAD + "$$")
    assert e.status != "wrong", e.message
    full = KERNEL_GRAD + (r" = \begin{bmatrix} y_1 g_2 + y_2 g_3 \\ y_1 g_1 + y_2 g_2 + y_3 g_3 \\"
                          r" y_2 g_1 + y_3 g_2 \end{bmatrix}")
    (e,) = run(PROSE + "$$" + full + "$$")
    assert e.status == "holds", e.message
    (e,) = run(PROSE + "$$" + full.replace("y_3 g_3 \\\\", "y_3 g_2 \\\\") + "$$")
    assert e.status == "wrong" and e.mismatches[0]["row"] == 2


@pytest.mark.parametrize("spec", [ConvSpec((9,), (2,), stride=4), ConvSpec((7,), (2,), dilation=3),
                                  ConvSpec((12,), (3,), stride=4, dilation=3)],
                         ids=["stride-4", "dilation-3", "stride-4-dilation-3"])
def test_large_stride_and_dilation_are_searched(spec):
    T = sp.Matrix(symbolic.toeplitz(spec))
    y = sp.Matrix(symbolic.input_symbols(spec).reshape(-1))
    doc = (PROSE + "$$\\mathbf{T} = " + bmatrix(latex_matrix(T)) + "$$\n\n$$\\mathbf{z} = "
           + bmatrix(latex_matrix(T)) + bmatrix([[str(v)] for v in y]) + " = "
           + bmatrix(expanded(T, y)) + "$$")
    first, product = run(doc)
    assert f"stride {spec.stride[0]}" in first.message and \
        f"dilation {spec.dilation[0]}" in first.message, first.message
    assert first.status == "unchecked" and product.status == "holds", product.message


def test_inner_products_with_an_inline_vector_are_not_outer_products():
    doc = ("$$x = [1, 1, 1, 1]$$\n\n$$w_1 = [1, 0, 0, 0], w_2 = [0.25, 0.25, 0.25, 0.25]$$\n\n"
           "$$w_1^T x = w_2^T x = 1$$\n")
    e = run(doc)[-1]
    assert e.status == "holds", e.message
    assert run(doc.replace("= 1$$", "= 2$$"))[-1].status == "wrong"


def test_sum_contradicting_the_stated_spec_is_a_finding():
    (e,) = run("Stride 1 and no dilation:\n\n$$z_1 = w_1 x_1 + w_2 x_3$$")
    assert e.status == "wrong" and "the text states dilation 1, stride 1" in e.message, e.message
    (ok,) = run("Stride 1 and no dilation:\n\n$$z_1 = w_1 x_1 + w_2 x_2$$")
    assert ok.status == "unchecked" and "every term matches" in ok.message
    (dil,) = run("Dilation 2:\n\n$$z_1 = w_1 x_1 + w_2 x_3$$")
    assert dil.status == "unchecked", dil.message
