"""Each mutation kind changes exactly one thing of the equation, and only what its name says."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from convproof.audit.latex_tokens import matrices, tokenize
from convproof.audit.mutate import KINDS, mutants, sample_mutants

SAMPLES = [
    r"\begin{bmatrix} f_{1} & f_{2} & 0 \\ 0 & f_{1} & f_{2} \end{bmatrix} "
    r"\begin{bmatrix} y_1 \\ y_2 \\ y_3 \end{bmatrix} = "
    r"\begin{bmatrix} f_{1} y_1 + f_{2} y_2 \\ f_{1} y_2 + f_{2} y_3 \end{bmatrix}",
    r"z_{22} = 6 \cdot 3 + 5 \cdot (-1) - 2 = 11",
    r"\begin{pmatrix} f_{11} & 0 \\ f_{12} & f_{11} \end{pmatrix}^\top \begin{pmatrix} g_1 \\ g_2 \end{pmatrix}"
    r" = \begin{pmatrix} f_{11} g_1 + f_{12} g_2 \\ f_{11} g_2 \end{pmatrix}",
    r"\left\lfloor \frac{32 + 2 \cdot 1 - 3}{2} \right\rfloor + 1 = 16 \times 16",
]
ALL = [(s, m) for s in SAMPLES for m in mutants(s)]


def _ids(pair):
    return f"{pair[1].kind}@{pair[1].start}"


def _cells(text):
    return sorted(text[a:b] for env in matrices(text) for row in env.rows for a, b in row)


def test_every_kind_occurs_in_the_samples():
    assert {m.kind for _, m in ALL} == set(KINDS)


@pytest.mark.parametrize("pair", ALL, ids=[_ids(p) for p in ALL])
def test_a_mutant_is_one_recorded_edit_that_keeps_the_relations(pair):
    text, m = pair
    assert m.text == text[:m.start] + m.new + text[m.end:] != text
    assert m.old == text[m.start:m.end]
    assert Counter(re.findall(r"=|\\approx", m.text)) == Counter(re.findall(r"=|\\approx", text))


def _one_token_changed(text, m):
    a, b = [t.text for t in tokenize(text)], [t.text for t in tokenize(m.text)]
    assert len(a) == len(b)
    diff = [(x, y) for x, y in zip(a, b) if x != y]
    assert len(diff) == 1
    return diff[0]


@pytest.mark.parametrize("pair", [p for p in ALL if p[1].kind in ("subscript", "digit")],
                         ids=_ids)
def test_subscript_and_digit_change_one_number_by_one_step(pair):
    text, m = pair
    old, new = _one_token_changed(text, m)
    assert old.isdigit() and new.isdigit()
    assert abs(int(old) - int(new)) in (1, 9, 8, 10 - 1) or old[:-1] == new[:-1]
    before = text[:m.start].rstrip("0123456789")
    in_subscript = before.endswith("_") or bool(re.search(r"_\{[\d,]*$", before))
    assert in_subscript == (m.kind == "subscript")


@pytest.mark.parametrize("pair", [p for p in ALL if p[1].kind in ("swap-entries", "swap-rows",
                                                                      "move-zero")], ids=_ids)
def test_swaps_permute_cells_and_change_two_places(pair):
    text, m = pair
    assert _cells(m.text) == _cells(text)
    assert sorted(m.old) == sorted(m.new)
    if m.kind == "move-zero":
        parts = [p.strip() for p in m.old.split("&")]
        assert len(parts) == 2 and parts.count("0") == 1
    if m.kind == "swap-rows":
        assert m.old.count("\\\\") == m.new.count("\\\\") == 1
    if m.kind == "swap-entries":
        assert m.old.count("&") == 1 and "\\\\" not in m.old


@pytest.mark.parametrize("pair", [p for p in ALL if p[1].kind == "drop-term"], ids=_ids)
def test_drop_term_removes_one_term_with_its_operator(pair):
    text, m = pair
    removed = m.old.strip()
    assert m.new in ("", "-")
    ops = re.findall(r"(?<![{(\\])\s[+-]\s|^[+-]\s|\s[+-]$", " " + removed + " ")
    assert len(ops) <= 1 and "=" not in removed and "&" not in removed


@pytest.mark.parametrize("pair", [p for p in ALL if p[1].kind == "add-term"], ids=_ids)
def test_add_term_repeats_the_term_before_it(pair):
    text, m = pair
    assert m.old == "" and m.new.startswith(" + ")
    assert text[:m.start].endswith(m.new[3:])


@pytest.mark.parametrize("pair", [p for p in ALL if p[1].kind in ("sign", "operator",
                                                                      "transpose")], ids=_ids)
def test_sign_operator_and_transpose_touch_one_symbol(pair):
    text, m = pair
    if m.kind == "sign":
        assert {m.old, m.new} == {"", "-"}
    elif m.kind == "operator":
        assert m.old in ("+", "-", r"\cdot", r"\times") and m.new in ("+", "-") and m.old != m.new
    else:
        assert text[:m.start].endswith("matrix}")
        assert (m.old, m.new) == ("", "^T") or (m.new == "" and m.old.startswith("^"))


def test_mutants_are_deterministic_and_sampling_respects_its_caps():
    text = SAMPLES[0]
    assert mutants(text) == mutants(text)
    picked = sample_mutants(text, per_kind=2, cap=9, seed=1)
    assert picked == sample_mutants(text, per_kind=2, cap=9, seed=1)
    assert len(picked) <= 9 and max(Counter(m.kind for m in picked).values()) <= 2
    assert all(m in mutants(text) for m in picked)


def test_relations_are_not_mutated():
    assert all(m.kind != "relation" for _, m in ALL)
    assert mutants("x = y") and all("\\approx" not in m.text for m in mutants("x = y"))


@pytest.mark.parametrize("text,name", [(r"v_{4} = b + v_{3}", "v_{4}"),
                                       (r"\mathbf{z}^{(l+1)} = \mathbf{T}\mathbf{y}", r"\mathbf{z}^{(l+1)}"),
                                       (r"\frac{\partial L}{\partial w_1} = 3", r"\frac{\partial L}{\partial w_1}"),
                                       (r"x_1 + 1 = 2", ""), (r"\begin{bmatrix} z_1 \end{bmatrix} = 1", "")])
def test_renaming_the_defined_name_is_not_a_mutation(text, name):
    from convproof.audit.mutate import defined_name_end
    end = defined_name_end(text)
    assert text[:end] == name
    changed = [m for m in mutants(text) if m.kind in ("subscript", "digit")]
    assert all(m.start >= end for m in changed)
    assert any(m.kind == "sign" and (m.start == 0 or not name) for m in mutants(text))


def test_subscripts_with_commas_are_names_not_sums():
    found = mutants(r"f_{2,2} y_{1,1} = 3")
    assert not any("2 + 2" in m.text or "-2," in m.text for m in found)
    assert any(m.kind == "subscript" and "f_{2,3}" in m.text for m in found)
