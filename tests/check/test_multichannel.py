"""Index sums with symbolic bounds (check/indexconv.py): correct variants proven, planted errors wrong."""

import pytest

from convproof.check.document import check_text
from convproof.check.indexconv import check_index_sum
from convproof.check.indexread import read_index_sum

CORRECT = {
    "2d-1based": r"z_{rc} = \sum_{i=1}^{k} \sum_{j=1}^{k} Y_{(r+i-1)(c+j-1)} F_{ij} + b",
    "multichannel-bias": r"Y_{ij}^k = \sum_{m=1}^M \sum_{u,v=1}^{p,q} X_{i+u-1,j+v-1}^m \cdot F_{uv}^{mk} + b^k",
    "depthwise": r"Y_{ij}^k = \sum_{u,v=1}^{p,q} X_{i+u-1,j+v-1}^k \cdot F_{uv}^k + b^k",
    "channels-last": r"C_{ij} = \sum_{l=1}^h \sum_{p=1}^w \sum_{k=1}^c X_{i+l-1,j+p-1,k} K_{lpk}",
    "1d": r"c_i = \sum_{j=1}^k a_{i+j-1} b_j",
    "bracket-0based": r"O[i, j] = \sum_{m}\sum_{n} X[i+m, j+n] K[m, n]",
    "bracket-bounds": r"O[i, j] = \sum_{m=0}^{k-1}\sum_{n=0}^{k-1} X[i+m, j+n] K[m, n]",
    "mathbf-layer": r"z_{rc}^{(l+1)} = \sum_{i=1}^{F} \sum_{j=1}^{F} \left( \mathbf{Y}^{(l)}_{(r+i-1)(c+j-1)} "
                    r"\times \mathbf{F}_{ij} \right) + b",
    "flipped-1based": r"z_{rc} = \sum_{i=1}^{k} \sum_{j=1}^{k} Y_{(r-i+k)(c-j+k)} F_{ij}",
    "grad-kernel-bracket": r"\frac{\partial L}{\partial K[m,n]} = \sum_{i}\sum_{j} "
                           r"\frac{\partial L}{\partial O[i,j]} X[i+m, j+n]",
    "grad-kernel-sub": r"\frac{\partial L}{\partial f_{ab}} = \sum_{i,j} g_{ij} y_{i+a-1,j+b-1}",
    "grad-input": r"\frac{\partial L}{\partial X[i,j]} = \sum_{m}\sum_{n} "
                  r"\frac{\partial L}{\partial O[i-m, j-n]} K[m, n]",
    "d2l-bracket-name-bias-first": r"[\mathbf{H}]_{i, j}=u+\sum_{a} \sum_{b}[\mathbf{V}]_{a, b}[\mathbf{X}]_{i+a, j+b}",
    "d2l-paired-sum": r"Y[i, j] = \sum_{a, b} X[i+a, j+b]\, K[a, b].",
    "call-indexing": r"S_{i,j} = \sum_m \sum_n {I(i+m, j+n) K(m, n)}",
    "flip-written-1based": r"z_{rc} = \sum_{i=1}^{k}\sum_{j=1}^{k} Y_{(r+i-1)(c+j-1)} F_{(k+1-i)(k+1-j)}",
    "flip-written-call": r"h_{ij} = \sum_{m=0}^{M-1} \sum_{n=0}^{N-1} {I(i+m, j+n)K(M-1-m, N-1-n)}",
    "grad-input-flip-written": r"\frac{\partial L}{\partial X[i,j]} = \sum_{m=0}^{k-1}\sum_{n=0}^{k-1} "
                               r"\frac{\partial L}{\partial O[i-k+1+m, j-k+1+n]} K[k-1-m, k-1-n]",
    "delta-rule-hadamard": r"\delta^l_{i,j} = \sum_m \sum_n { \delta^{l+1}_{i-m,j-n} (\omega')^{l+1}_{m,n} "
                           r"\sigma' (z^l_{i,j}) }",
    "grad-kernel-layer-tags": r"\frac {\partial Loss} {\partial (\omega')^l_{m,n}} = \sum_i \sum_j "
                              r"{ \delta^l_{i,j} a^{l-1}_{i+m, j+n} }",
    "forward-layer-tags": r"z^l_{i,j} = \sum_m \sum_n{a^{l-1}_{i+m,j+n} w^l_{m,n}} + b^l",
    "operator-full-convolution": r"(f * g)[n] = \sum_m f[m]g[n - m]",
    "operator-call": r"(I * K)(i, j) = \sum_m \sum_n I(i-m, j-n) K(m, n)",
    "stride-1based": r"z_{r} = \sum_{i=1}^{k} Y_{s(r-1)+i} F_{i}",
    "stride-dilation-2d": r"O[i, j] = \sum_{m}\sum_{n} X[s i+d m, s j + d n] K[m, n]",
    "stride-one-axis": r"O[i, j] = \sum_{m}\sum_{n} X[s i+ m, j + n] K[m, n]",
    "grad-kernel-stride": r"\frac{\partial L}{\partial K[m]} = \sum_{i} \frac{\partial L}{\partial O[i]} X[s i + m]",
}

PLANTED = {
    "offset-one-axis": (r"z_{rc} = \sum_{i=1}^{k} \sum_{j=1}^{k} Y_{(r+i)(c+j-1)} F_{ij} + b", "reads Y"),
    "offset-minus-three": (r"z_{r} = \sum_{i=1}^{k} Y_{r+i-3} F_{i}", "reads Y"),
    "kernel-transposed": (r"z_{rc} = \sum_{i=1}^{k} \sum_{j=1}^{k} Y_{(r+i-1)(c+j-1)} F_{ji}", "smallest"),
    "output-transposed": (r"z_{rc} = \sum_{i=1}^{k} \sum_{j=1}^{l} Y_{(c+j-1)(r+i-1)} F_{ij}", "smallest"),
    "bracket-offset": (r"O[i, j] = \sum_{m}\sum_{n} X[i+m-1, j+n] K[m, n]", "reads X"),
    "bracket-kernel-swapped": (r"O[i, j] = \sum_{m}\sum_{n} X[i+m, j+n] K[n, m]", "smallest"),
    "grad-input-unflipped": (r"\frac{\partial L}{\partial X[i,j]} = \sum_{m}\sum_{n} "
                             r"\frac{\partial L}{\partial O[i+m, j+n]} K[m, n]", "smallest"),
    "grad-kernel-offset": (r"\frac{\partial L}{\partial f_{ab}} = \sum_{i,j} g_{ij} y_{i+a,j+b-1}", "smallest"),
    "delta-rule-unflipped": (r"\delta^l_{i,j} = \sum_m \sum_n { \delta^{l+1}_{i+m,j+n} w^{l+1}_{m,n} "
                             r"\sigma' (z^l_{i,j}) }", "input gradient"),
    "stride-offset": (r"O[i] = \sum_{m} X[s i + m + 1] K[m]", "reads X"),
    "stride-dropped-one-axis": (r"z_{rc} = \sum_{i=1}^{k}\sum_{j=1}^{k} Y_{(s(r-1)+i)(c+j)} F_{ij}", "smallest"),
    "bias-summed-index": (r"z_{rc} = \sum_{i=1}^{F} \sum_{j=1}^{F} \sum_{d=1}^{D} \left( Y_{(r+i-1)(c+j-1)d} "
                          r"\times F_{ijd} \right) + b_d", "outside its sum"),
}


@pytest.mark.parametrize("text", CORRECT.values(), ids=CORRECT.keys())
def test_correct_sums_hold(text):
    result = check_index_sum(text)
    assert result is not None and result.status == "holds", result
    assert "proven for every size" in result.message and "convproof.numeric" in result.message


def test_convention_named():
    assert "0-based" in check_index_sum(CORRECT["bracket-0based"]).message
    assert "cross-correlation, 1-based" in check_index_sum(CORRECT["2d-1based"]).message
    assert "flipped-kernel" in check_index_sum(CORRECT["flipped-1based"]).message
    assert "kernel gradient" in check_index_sum(CORRECT["grad-kernel-sub"]).message
    assert "input gradient" in check_index_sum(CORRECT["grad-input"]).message


@pytest.mark.parametrize("text,why", PLANTED.values(), ids=PLANTED.keys())
def test_planted_errors_wrong(text, why):
    result = check_index_sum(text)
    assert result is not None and result.status == "wrong", result
    assert why in result.message


def test_mixed_bases_only_unchecked():
    result = check_index_sum(r"z_{r} = \sum_{i=1}^{k} Y_{r+i-2} F_{i}")  # input 0-based, output 1-based
    assert result.status == "unchecked" and "mixed index bases" in result.message


def test_counterexample_is_smallest_and_concrete():
    msg = check_index_sum(PLANTED["offset-one-axis"][0]).message
    assert "input 1x1, kernel 1x1" in msg and "z_{11}" in msg


def test_same_sum_wrong_only_when_the_text_says_flipped():
    text = CORRECT["2d-1based"]
    assert check_index_sum(text, "the cross-correlation of Y with F").status == "holds"
    flipped = check_index_sum(text, "a true convolution: the kernel is flipped")
    assert flipped.status == "wrong" and "flipped" in flipped.message
    assert check_index_sum(CORRECT["flipped-1based"], "the true convolution (flipped kernel)").status == "holds"
    assert check_index_sum(CORRECT["flipped-1based"], "we never flip: a cross-correlation").status == "wrong"


@pytest.mark.parametrize("text", [
    r"Y_{ij}^k = \sum_{m'=1}^{M/g} \sum_{u,v=1}^{p,q} X_{i+u-1,j+v-1}^{(s-1)M/g+m'} \cdot F_{uv}^{s,m'k'}",
    r"X_{ij} = \sum_{u,v=1}^{p,q} X_{i+u-1+o_{uv}, j+v-1+p_{uv}} \cdot F_{uv} + b",
    r"(f * g)[n] = \sum_m f[m]h[n - m]",
    r"L = \sum_{i} y_i \log p_i",
    r"z_{rc} = \sum_{i} \sum_{j} Y_{(r+i-1)(c+j-1)} F_{ij} G_{ij}",
    r"z_{r} = \sum_{i=1}^{k} Y_{r+i-1} F_{-i}",
], ids=["grouped", "deformable", "operands-differ", "not-conv", "three-factors", "negative-kernel-index"])
def test_not_read_is_none(text):
    assert check_index_sum(text) is None


def test_reader_notation():
    st = read_index_sum(r"z_{rc}^{(l+1)} = \sum_{i=1}^{F_h} \sum_{d=1}^{D} \mathbf{Y}^{(l)}_{(r+i-1)cd} \times "
                       r"\mathbf{F}_{id} + b_d, \quad (2)")
    assert st.out.tag == "(l+1)" and [str(e) for e in st.factors[0].indices] == ["i + r - 1", "c", "d"]
    assert st.sums == {"i": (1, "F_h"), "d": (1, "D")} and st.bias.name == "b"


def test_document_hook_replaces_note():
    doc = ("Cross-correlation of the input with the kernel:\n\n"
           "$$O[i, j] = \\sum_{m}\\sum_{n} X[i+m, j+n] K[m, n]$$\n\n"
           "$$z_{rc} = \\sum_{i=1}^{k} \\sum_{j=1}^{k} Y_{(r+i)(c+j-1)} F_{ij}$$\n")
    rep = check_text(doc, "md", "x.md")
    assert [(e.status, e.kind) for e in rep.equations] == [("holds", "index-sum"), ("wrong", "index-sum")]


def test_audit_items_verdicts_match_their_truth():
    import random

    from convproof.audit.items_index import index_sum
    seen = set()
    for seed in range(16):
        item = index_sum(random.Random(seed), None, "shift" if seed % 2 else None)
        result = check_index_sum(item.body, item.prose)
        assert result.status == ("holds" if item.true else "wrong"), (item.body, result.message)
        seen.add(item.true)
    assert seen == {True, False}


WORKED = ("The input and the kernel are\n\n"
          "$$X = \\begin{bmatrix} 0 & 1 & 2 \\\\ 3 & 4 & 5 \\\\ 6 & 7 & 8 \\end{bmatrix}, \\quad "
          "K = \\begin{bmatrix} 0 & 1 \\\\ 2 & 3 \\end{bmatrix}$$\n\n"
          "and the cross-correlation is\n\n$$Y[i, j] = \\sum_{a, b} X[i+a, j+b]\\, K[a, b].$$\n\n"
          "$$Y[0,1] = 1 \\times 0 + 2 \\times 1 + 4 \\times 2 + 5 \\times 3 = 25$$\n\n"
          "$$Y[1,1] = 4 \\times 0 + 5 \\times 1 + 7 \\times 2 + 7 \\times 3 = 40$$\n\n"
          "$$Y[1,0] = 37$$\n")


def test_worked_entries_against_the_given_matrices():
    rep = check_text(WORKED, "md", "x.md")
    got = {e.line: (e.status, e.kind) for e in rep.equations if e.kind in ("index-sum", "worked-entry")}
    assert got == {7: ("holds", "index-sum"), 9: ("holds", "worked-entry"), 11: ("wrong", "worked-entry"),
                   13: ("holds", "worked-entry")}
    wrong = [e for e in rep.equations if e.line == 11][0]
    assert "is 43" in wrong.message and "gives 40" in wrong.message


@pytest.mark.parametrize("change, line", [(("37$$", "38$$"), 13), (("5 \\times 3 = 25", "5 \\times 3 = 26"), 9),
                                          (("K[a, b]", "K[b, a]"), 7)])
def test_worked_entry_planted(change, line):
    rep = check_text(WORKED.replace(*change), "md", "x.md")
    assert [e.status for e in rep.equations if e.line == line] == ["wrong"]


def test_worked_entry_needs_the_defining_sum():
    doc = WORKED.replace("$$Y[i, j] = \\sum_{a, b} X[i+a, j+b]\\, K[a, b].$$", "")
    rep = check_text(doc, "md", "x.md")
    assert not [e for e in rep.equations if e.kind == "worked-entry"]


def test_stride_letter_named_otherwise_in_the_text_is_not_held():
    text = r"O[i] = \sum_{m} X[d i + s m] K[m]"
    assert check_index_sum(text).status == "holds" and "stride d" in check_index_sum(text).message
    res = check_index_sum(text, "with stride $s$ and dilation $d$")
    assert res.status == "unchecked" and "calls s the stride" in res.message


def test_written_flip_off_by_one_is_unchecked_not_wrong():
    res = check_index_sum(r"z_{r} = \sum_{i=1}^{k} Y_{r+i-1} F_{k-i}")  # F_0 .. F_{k-1}: a 0-based kernel?
    assert res.status == "unchecked" and "another base" in res.message


def test_hadamard_factor_must_be_the_left_sides_position():
    assert check_index_sum(r"\delta^l_{i,j} = \sum_m \sum_n { \delta^{l+1}_{i-m,j-n} w^{l+1}_{m,n} "
                           r"\sigma' (z^l_{j,i}) }") is None
    msg = check_index_sum(CORRECT["delta-rule-hadamard"]).message
    assert "input gradient" in msg and "Hadamard" in msg


@pytest.mark.parametrize("text", [
    r"\delta^l_{i,j} = \sum_m \sum_n { \delta^{l+2}_{i-m,j-n} w^{l+1}_{m,n} \sigma' (z^l_{i,j}) }",
    r"\delta^l_{i,j} = \sum_m \sum_n { \delta^{l+1}_{i-m,j-n} w^{l}_{m,n} \sigma' (z^l_{i,j}) }",
    r"z^l_{i,j} = \sum_m \sum_n{a^{l-2}_{i+m,j+n} w^l_{m,n}} + b^l",
], ids=["delta-two-layers", "delta-kernel-layer", "forward-two-layers"])
def test_layers_that_do_not_fit_are_not_read(text):
    assert check_index_sum(text) is None


def test_operator_names_input_and_kernel():
    msg = check_index_sum(CORRECT["operator-full-convolution"]).message
    assert "full" in msg and "input g, kernel f" in msg
