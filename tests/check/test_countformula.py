"""General formulas beyond output sizes: \\text/prose-named size quantities, parameter and MAC
counts, receptive fields; each construct with correct variants and planted errors."""

from __future__ import annotations

import pytest

from convproof.check.countformula import check_count_formula, library_count
from convproof.check.parse import parse_chain
from convproof.check.receptiveformula import check_receptive_formula
from convproof.check.sizeformula import check_size_formula
from convproof.check.sizenames import general_roles, prose_roles
from convproof.geometry import ConvSpec, conv_params
from convproof.nn.receptive import receptive_field_bruteforce

RU = "где $K$ - размер ядра, $S$ - stride, $P$ - padding, $\\text{dil}$ - dilation. "


def _size(body, prose=""):
    return check_size_formula(parse_chain(body), prose + body)


@pytest.mark.parametrize("body,prose", [
    (r"H_{\text{out}}=\left\lfloor\frac{H+2p-k}{s}\right\rfloor+1", ""),
    (r"W_\text{out} = W_\text{in} - k_w + 1", ""),
    (r"H_{\text{вых}} = H_{\text{вх}} + 2p - k_h + 1", ""),
    (r"L_{\text{out}}=\left\lfloor\frac{L_{\text{in}}+2P-\text{dil}\cdot(K-1)-1}{S}\right\rfloor+1", RU),
])
def test_text_and_prose_named_size_formulas_hold(body, prose):
    assert _size(body, prose).status == "holds"


@pytest.mark.parametrize("body,prose,where", [
    (r"H_{\text{out}}=\frac{H+2p-k}{s}+1", "", "H=2, k=1, s=2, p=0"),
    (r"W_\text{out} = W_\text{in} - k_w", "", "W_{\\text{in}}=1, k_{w}=1"),
    (r"L_{\text{out}}=\left\lfloor\frac{L_{\text{in}}+2P-\text{dil}\cdot(K-1)}{S}\right\rfloor+1", RU,
     "L_{\\text{in}}=1, K=1, S=1, P=0, \\text{dil}=1"),
])
def test_planted_errors_in_text_named_size_formulas_are_wrong(body, prose, where):
    res = _size(body, prose)
    assert res.status == "wrong" and res.mismatches[0]["where"] == where


@pytest.mark.parametrize("body,prose", [
    (r"W_\text{out} = W_\text{in} - k_h + 1", ""),             # height kernel in a width formula
    (r"L_{\text{out}} = L_{\text{in}} - K + 1", "$K$ - stride"),  # the text contradicts the letter
    (r"L_{\text{out}} = L_{\text{in}} - Q + 1", ""),            # a letter neither the notation nor the text gives
    (r"H_{\text{out}} = (H_{\text{in}} - 1)s - 2p + k", "For the transposed convolution, "),
])
def test_unclear_names_are_not_read(body, prose):
    assert general_roles(parse_chain(body), prose + body)[0] is None
    assert _size(body, prose) is None


def test_prose_roles_are_read_per_symbol():
    told = prose_roles("where $F$ is the filter size, $S$ the stride and $P$ the padding")
    assert told == {"F": {"k"}, "S": {"s"}, "P": {"p"}}


def _count(body, prose):
    return check_count_formula(parse_chain(body), prose)


@pytest.mark.parametrize("body,prose", [
    (r"N = (k^2 C_{in} + 1) C_{out}", "the number of parameters"),
    (r"N = k^2 C_{in} C_{out}", "parameters without bias:"),
    (r"\text{params} = (k_H k_W C_{\text{in}})\,C_{\text{out}} + C_{\text{out}}", "Параметры Conv2D (с bias)"),
    (r"N_{params} = (F \cdot F \cdot D + 1) \cdot K",
     "with $F$ the filter size, $D$ the depth of the input and $K$ the number of filters"),
    (r"\text{MACs}=H_{\text{out}}\,W_{\text{out}}\,C_{\text{in}}\,k^2\,C_{\text{out}}", ""),
    (r"\text{Params} = k^2 C_\text{in} + C_\text{in} C_\text{out}", "a depthwise separable layer, without bias"),
])
def test_correct_counts_hold(body, prose):
    assert _count(body, prose).status == "holds"


@pytest.mark.parametrize("body,prose", [
    (r"N = (k^2 C_{in} + 1) C_{out}", "the number of parameters without bias"),
    (r"N = (k C_{in} + 1) C_{out}", "the number of parameters with bias"),
    (r"N_{params} = (F \cdot F + 1) \cdot D \cdot K",
     "with $F$ the filter size, $D$ the depth of the input and $K$ the number of filters, with bias"),
    (r"\text{MACs}=H_{\text{out}}\,W_{\text{out}}\,C_{\text{in}}\,k\,C_{\text{out}}", ""),
])
def test_planted_count_errors_are_wrong_with_a_library_counterexample(body, prose):
    res = _count(body, prose)
    assert res.status == "wrong"
    claimed, expected = int(res.mismatches[0]["claimed"]), int(res.mismatches[0]["expected"])
    assert claimed != expected


def test_a_count_matching_no_bias_reading_is_not_wrong_when_the_text_is_silent():
    assert _count(r"N = (k C_{in} + 1) C_{out}", "the number of parameters").status == "unchecked"


def test_separable_counts_with_other_bias_conventions_are_never_wrong():
    res = _count(r"\text{Params} = k^2 C_\text{in} + C_\text{in} C_\text{out} + C_\text{out}", "depthwise separable, with bias")
    assert res.status == "unchecked"


def test_library_count_on_integers_is_the_library():
    v = {"cin": 3, "cout": 4, "k": 3, "oh": 5, "ow": 6}
    assert library_count("params", v, True) == conv_params(3, 4, 3)
    assert library_count("macs", v, True) == ConvSpec(input_size=(7, 8), kernel_size=3, in_channels=3,
                                                      out_channels=4).products


def _rf(body, prose="the receptive field of the stack is "):
    return check_receptive_formula(parse_chain(body), prose + body)


@pytest.mark.parametrize("body", ["r = k_1 + (k_2 - 1) s_1", "r_2 = k_1 + k_2 - 1",
                                  "r = k_1 + (k_2 - 1) s_1 + (k_3 - 1) s_1 s_2", "r = k_1 + d_2(k_2 - 1) s_1"])
def test_receptive_fields_hold(body):
    assert _rf(body).status == "holds"


@pytest.mark.parametrize("body", ["r = k_1 + (k_2 - 1) s_2", "r = k_1 + k_2 s_1", "r = k_1 + k_2"])
def test_planted_receptive_field_errors_are_wrong_and_confirmed(body):
    res = _rf(body)
    assert res.status == "wrong"
    assert res.mismatches[0]["claimed"] != res.mismatches[0]["expected"]


def test_receptive_field_needs_the_words_and_a_unit_stride_context():
    assert _rf("r = k_1 + k_2 - 1", "the sum is ") is None
    assert _rf("r = k_1 + k_2 - 1", "with stride 2 the receptive field is ").status == "unchecked"
    assert receptive_field_bruteforce([3, 3], [2, 1]) == 3 + 2 * 2


def test_a_receptive_field_formula_of_fewer_layers_than_the_text_names_is_not_held():
    """A mutation survivor (the theorems report): dropping the second layer's term left a true
    one-layer formula under the heading 'receptive field of two layers'; now it is not compared."""
    from convproof.check.parse import parse_chain
    from convproof.check.receptiveformula import check_receptive_formula
    two = "Receptive field of two layers"
    assert check_receptive_formula(parse_chain("r = 1 + (d_1(k_1-1))"), two).status == "unchecked"
    assert check_receptive_formula(parse_chain("r = 1 + d_1(k_1-1) + d_2(k_2-1) s_1"), two).status == "holds"
    assert check_receptive_formula(parse_chain("r = 1 + (d_1(k_1-1))"), "Receptive field of one layer").status \
        == "holds"
