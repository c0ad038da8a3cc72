"""Size formulas for every size (convproof.check.sizeformula, .sizeroles): planted errors and correct
variants, in Markdown and LaTeX, through the whole checker."""

from __future__ import annotations

import random

import pytest

from convproof.audit.items_size import FORMS, size_formula
from convproof.audit.notation import ItemStyle
from convproof.check import check_text
from convproof.check.parse import parse_chain
from convproof.check.sizeformula import _count_windows, check_size_formula
from convproof.geometry import conv_output_size


def _one(body: str, fmt: str = "md", prose: str = "Prose.") -> object:
    text = f"{prose}\n\n$$ {body} $$\n" if fmt == "md" else \
        f"\\documentclass{{article}}\\begin{{document}}\n{prose}\n\\[ {body} \\]\n\\end{{document}}\n"
    eqs = check_text(text, fmt, f"x.{fmt}").equations
    assert len(eqs) == 1, eqs
    return eqs[0]


RIGHT = [
    r"W_2 = \left\lfloor \frac{W_1 - F + 2P}{S} \right\rfloor + 1",
    r"o = \left\lfloor \frac{i + 2p - k}{s} \right\rfloor + 1",
    r"o = \left\lceil \frac{i + 2p - k + 1}{s} \right\rceil",
    r"H^{(l+1)} = H^{(l)} - F_h^{(l)} + 1",
    r"H^{(l+1)} = H^l - F_h^l + 1",
    r"o' = s(i' - 1) + a + k - 2p",
    r"o' = s(i' - 1) + k - 2p",
    r"W_{out} = \left\lfloor \frac{W_{in} + 2P - F_w}{S} \right\rfloor + 1",
    r"W_{\text{вых}} = \left\lfloor \frac{W_{\text{вх}} + 2P - F}{S} \right\rfloor + 1",
    r"o = \left\lfloor \frac{i + 2p - k - (k - 1)(d - 1)}{s} \right\rfloor + 1",
    r"\hat{k} = k + (k - 1)(d - 1)",
    r"k_{eff} = d(k - 1) + 1",
    r"o_1 = i_1 - k_1 + 2p + 1",
]
WRONG = [  # (formula, the counterexample the checker must give)
    (r"W_2 = (W_1 - F + 2P)/S + 1", "W_{1}=2, F=1, S=2, P=0"),
    (r"o = \left\lfloor \frac{i + p - k}{s} \right\rfloor + 1", "i=1, k=1, s=1, p=1"),
    (r"o = \left\lfloor \frac{i + 2p - k}{s} \right\rfloor", "i=1, k=1, s=1, p=0"),
    (r"o = \left\lceil \frac{i + 2p - k}{s} \right\rceil + 1", "i=2, k=1, s=2, p=0"),
    (r"o = i + k - 1", "i=2, k=2"),
    (r"o' = s(i' - 1) + k + 2p", "i'=3, k=1, s=1, p=1"),
    (r"k_{eff} = d k", "k=1, d=2"),
    (r"W_{\text{вых}} = \frac{W_{\text{вх}} - F}{S} + 1", r"W_{\text{вх}}=2, F=1, S=2"),
]


@pytest.mark.parametrize("fmt", ["md", "tex"])
@pytest.mark.parametrize("body", RIGHT)
def test_right_formulas_are_proved(body, fmt):
    res = _one(body, fmt)
    assert (res.status, res.kind) == ("holds", "size-formula"), res.message
    assert "proved for all sizes" in res.message and "(z3)" in res.message


@pytest.mark.parametrize("fmt", ["md", "tex"])
@pytest.mark.parametrize("body, where", WRONG)
def test_wrong_formulas_get_the_smallest_counterexample(body, where, fmt):
    res = _one(body, fmt)
    assert (res.status, res.kind) == ("wrong", "size-formula"), res.message
    assert res.mismatches[0]["where"] == where
    assert res.mismatches[0]["expected"] != res.mismatches[0]["claimed"]


def test_unfloored_formula_says_when_it_is_right():
    res = _one(r"W_2 = (W_1 - F + 2P)/S + 1")
    assert res.status == "wrong" and "right exactly when S divides" in res.message


def test_unfloored_formula_under_the_stated_condition_is_proved():
    res = _one(r"W_2 = (W_1 - F + 2P)/S + 1", prose="The result must be an integer:")
    assert res.status == "holds" and "the condition the document states" in res.message
    bad = _one(r"W_2 = (W_1 - F + P)/S + 1", prose="The result must be an integer:")
    assert bad.status == "wrong"


@pytest.mark.parametrize("body", [
    r"H_{out} = \left\lfloor \frac{H_{in} + 2P - F_w}{S} \right\rfloor + 1",   # width kernel, height size
    r"W_2 = \left\lfloor \frac{W_2 - F + 2P}{S} \right\rfloor + 1",            # output on both sides
    r"o = \left\lfloor \frac{i + 2p - K}{s} \right\rfloor + 1",                # notations mixed
    r"W_3 = W_1 - F + 1",                                                      # W_3: not an output name
    r"H^{(l+1)} = H^{(l-1)} - F_h^{(l)} + 1",                                  # not consecutive layers
    r"o' = s'(i' - 1) + k' - 2p'",                                             # primed equivalent conv
    r"W_{out} = W_{in} \cdot 2",                                               # no kernel
])
def test_formulas_not_read_confidently_stay_unchecked(body):
    res = _one(body)
    assert res.status == "unchecked"
    assert check_size_formula(parse_chain(body)) is None


def test_counting_windows_agrees_with_geometry():
    for n in range(1, 9):
        for k in range(1, 4):
            for s in range(1, 4):
                for p in range(3):
                    if k <= n + 2 * p:
                        assert _count_windows(n, k, s, p, 1) == conv_output_size(n, k, s, p)


def test_corpus_items_agree_with_the_checker():
    rng = random.Random(17)
    for i in range(24):
        item = size_formula(rng, ItemStyle(), None if i % 2 else "value")
        res = _one(item.body, "md" if i % 3 else "tex", prose=item.prose)
        assert res.status == ("holds" if item.true else "wrong"), (item.body, res.message)


def test_every_corpus_form_is_classified_by_its_grid():
    from convproof.audit.items_size import _holds_on_grid
    for target, template, func, right in FORMS:
        used = {r for r in "nkspda" if f"<{r}>" in template}
        assert _holds_on_grid(target, func, used) == right, template


@pytest.mark.parametrize("prose, body", [
    ("With full padding the output grows:", r"o = i + k - 1"),
    ("Для полного дополнения размер выхода:", r"o = i + k - 1"),
    ("With stride 2 and no padding:", r"o = i - k + 1"),
    ("With dilation 2:", r"o = i - k + 1"),
])
def test_a_setting_in_the_prose_the_formula_leaves_out_is_not_guessed(prose, body):
    res = _one(body, prose=prose)
    assert res.status == "unchecked" and "does not name" in res.message


def test_the_setting_may_be_inline_math():
    res = check_text("With stride $s = 2$ and no padding:\n\n$$ o = i - k + 1 $$\n", "md", "x.md").equations[-1]
    assert res.status == "unchecked" and "does not name" in res.message


@pytest.mark.parametrize("prose, body, status", [
    ("Setting zero padding to P = (F-1)/2 when the stride is S=1 keeps the same size; F is odd:",
     r"P = \frac{F - 1}{2}", "holds"),
    ("Чтобы сохранить размер при шаге 1 (нечётное ядро):", r"p = (k - 1)/2", "holds"),
    ("To keep the same size:", r"p = (k - 1)/2", "wrong"),          # even k: not a whole padding
    ("To keep the same size:", r"p = k/2", "wrong"),                # k = 1: 3 positions, not 1
    ("To keep the same size:", r"p = d(k - 1)/2", "wrong"),
    ("To keep the same size, odd k:", r"p = d(k - 1)/2", "holds"),
    ("To keep the same size, odd k:", r"p = (k + 1)/2", "wrong"),
    ("With stride 2, the same size:", r"p = (k - 1)/2", "unchecked"),
    ("The padding is", r"p = (k - 1)/2", "unchecked"),              # nothing says the size is kept
])
def test_same_padding(prose, body, status):
    res = _one(body, prose=prose)
    assert res.status == status, res.message


@pytest.mark.parametrize("body, status", [
    (r"n_H^{[l]} = \left\lfloor \frac{n_H^{[l-1]} + 2p^{[l]} - f^{[l]}}{s^{[l]}} \right\rfloor + 1", "holds"),
    (r"n_{out} = \left\lfloor \frac{n_{in} + 2p - f}{s} \right\rfloor + 1", "holds"),
    (r"n_H^{[l]} = \left\lfloor \frac{n_H^{[l-1]} + p^{[l]} - f^{[l]}}{s^{[l]}} \right\rfloor + 1", "wrong"),
    (r"n_H^{[l]} = \left\lfloor \frac{n_W^{[l-1]} + 2p^{[l]} - f^{[l]}}{s^{[l]}} \right\rfloor + 1", "unchecked"),
])
def test_course_notation(body, status):
    assert _one(body).status == status


@pytest.mark.parametrize("prose, body, status", [
    ("For any $i$ and $k$, and for $s = 1$ and $p = 0$ (the same applies to the height):", r"o = (i - k) + 1", "holds"),
    ("Half (same) padding:", r"o = i + 2 \left\lfloor \frac{k}{2} \right\rfloor - (k - 1)", "unchecked"),
    ("Full padding:", r"o = i + (k - 1)", "unchecked"),
    ("For $p = 1$:", r"o = i - k + 1", "unchecked"),
    ("Non-unit strides, no padding:", r"o = i - k + 1", "unchecked"),
])
def test_stated_neutral_settings_agree_other_settings_block(prose, body, status):
    last = check_text(f"{prose}\n\n$$ {body} $$\n", "md", "x.md").equations[-1]
    assert last.status == status, last.message


def test_total_padding_is_not_read_as_per_side_padding():
    # reports/conventions.tex: "same padding conventions (k_e = d(k-1)+1, total padding P)" ... "P = d(k-1)"
    from convproof.check.document import check_text
    doc = "'same' padding, total padding $P$ at stride 1: $P = d(k-1)$\n"
    assert [e.status for e in check_text(doc, "md", "x.md").equations if e.line == 1][-1] != "wrong"
    per_side = "'same' padding per side at stride 1: $P = d(k-1)$\n"
    assert any(e.status == "wrong" for e in check_text(per_side, "md", "x.md").equations)


def test_proof_cache_gives_the_verdict_of_a_fresh_proof():
    from convproof.check import sizeformula
    from convproof.check.parse import parse_chain

    texts = [r"W_2 = (W_1 - F + 2P)/S + 1", r"H_2 = (H_1 - F + 2P)/S + 1",
             r"o = \left\lfloor \frac{i + 2p - k}{s} \right\rfloor + 1", r"o = i - k"]
    sizeformula._proof.cache_clear()
    fresh = []
    for t in texts:
        fresh.append(sizeformula.check_size_formula(parse_chain(t)))
        sizeformula._proof.cache_clear()
    for _ in range(2):
        again = [sizeformula.check_size_formula(parse_chain(t)) for t in texts]
        assert [(r.status, r.message) for r in again] == [(r.status, r.message) for r in fresh]
    assert sizeformula._proof.cache_info().hits >= 4


def test_unfloored_formula_holds_under_a_condition_stated_anywhere_earlier():
    """cs231n states 'must be an integer' once, far above its formulas: the formula is proved under
    that condition (line named); with no condition anywhere it stays wrong with the counterexample."""
    from convproof.check import check_text
    filler = "\n".join(f"Filler paragraph {i} about pooling layers." for i in range(40))
    stated = ("Note that the output size must be an integer.\n\n" + filler +
              "\n\n$$W_2 = (W_1 - F + 2P)/S + 1$$\n")
    res = check_text(stated, "md", "t.md").equations[-1]
    assert res.status == "holds" and "at line 1" in res.message
    bare = filler + "\n\n$$W_2 = (W_1 - F + 2P)/S + 1$$\n"
    res = check_text(bare, "md", "t.md").equations[-1]
    assert res.status == "wrong" and "division is exact" in res.message
    wrong = ("Note that the output size must be an integer.\n\n" + filler +
             "\n\n$$W_2 = (W_1 - F + P)/S + 1$$\n")
    assert check_text(wrong, "md", "t.md").equations[-1].status == "wrong"
