"""The audit corpus tells the truth: its text, read back, agrees with what each item claims.

Every product is parsed back from the generated LaTeX (a small reader in this file, independent
of both the generator and the checker) and multiplied with SymPy; sizes are recomputed from the
printed numbers with ``conv_output_size``; chains are evaluated with Fractions.
"""

from __future__ import annotations

import re
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

from convproof.audit.corpus import corpus, document
from convproof.audit.items import Spec1d, toeplitz_matrix
from convproof.audit.terms import const, sym
from convproof.geometry import conv_output_size
from convproof.numeric.reference import conv_matrix

DOCS = corpus(24, seed=3)
ITEMS = [(d, it) for d in DOCS for it in d.items]
_MAT = re.compile(r"\\begin\{([bp]matrix)\}(.*?)\\end\{\1\}", re.S)
_TERM = re.compile(r"([+-]?)\s*(\d*)\s*((?:[a-z]_\{?[\d,]+\}?\s*)*)")


def _entry(text: str) -> sp.Expr:
    total = sp.Integer(0)
    for sign, num, names in _TERM.findall(text.strip()):
        if not num and not names.strip():
            continue
        value = sp.Integer(int(num) if num else 1) * (-1 if sign == "-" else 1)
        for name in names.split():
            value *= sp.Symbol(name.replace("{", "").replace("}", "").replace(",", ""))
        total += value
    return total


def _matrices(body: str) -> list:
    return [sp.Matrix([[_entry(c) for c in row.split("&")] for row in m.group(2).split("\\\\")])
            for m in _MAT.finditer(body)]


def _product_holds(body: str) -> bool:
    mats = _matrices(body)
    left = mats[0].T if re.search(r"\\end\{[bp]matrix\}\^", body) else mats[0]
    if left.shape[1] != mats[1].shape[0] or left.shape[0] != mats[-1].shape[0]:
        return False
    return sp.expand(left * mats[1] - mats[-1]) == sp.zeros(*mats[-1].shape)


PRODUCTS = [(d, it) for d, it in ITEMS if it.kind in ("toeplitz-1d", "toeplitz-2d", "transposed-1d",
                                                        "zero-insertion", "im2col", "kernel-gradient")]


@pytest.mark.parametrize("doc,item", PRODUCTS, ids=lambda x: getattr(x, "name", None) or
                         f"{getattr(x, 'line', '')}")
def test_products_read_back_agree_with_the_truth(doc, item):
    assert _product_holds(item.body) == item.true


def _chain_values(body: str) -> list:
    sides = [s for s in re.split(r"&=|\\\\", body) if s.strip()][1:]
    out = []
    for side in sides:
        terms = [t.strip().strip("()") for t in side.replace("(-", "(~").split("+")]
        total = Fraction(0)
        for term in terms:
            prod = Fraction(1)
            for f in term.split("\\cdot"):
                prod *= int(f.strip().strip("()").replace("~", "-"))
            total += prod
        out.append(total)
    return out


def test_align_chains_read_back_agree_with_the_truth():
    chains = [it for _, it in ITEMS if it.kind == "align-chain"]
    assert chains
    for it in chains:
        values = _chain_values(it.body)
        assert (len(set(values)) == 1) == it.true, it.body


def _size_values(body: str):
    nums = [int(x) for x in re.findall(r"\d+", body)]
    if "lfloor" in body:
        n, two, p, k, s, one, out = nums
        return conv_output_size(n, k, s, p, p), [out]
    n, k, one, *rest = nums
    claimed = rest[-2:] if "times" in body else rest[-1:]
    return conv_output_size(n, k), claimed


def test_sizes_read_back_agree_with_the_geometry():
    sizes = [it for _, it in ITEMS if it.kind.startswith("size-")]
    assert sizes
    for it in sizes:
        truth, claimed = _size_values(it.body)
        assert all(c == truth for c in claimed) == it.true, it.body


def test_about_half_of_the_documents_carry_exactly_one_planted_error():
    planted = [len(d.planted) for d in DOCS]
    assert set(planted) <= {0, 1}
    assert 0.3 <= sum(planted) / len(DOCS) <= 0.7
    assert all(not it.true for d in DOCS for it in d.planted)
    assert all(it.error is None for d in DOCS for it in d.items if it.true)


def test_items_sit_on_their_recorded_line():
    for doc, item in ITEMS:
        line = doc.text.split("\n")[item.line - 1]
        assert line.startswith(("$$", "\\[", "\\begin{align"))
        first = item.body.split("\n")[0]
        assert first[:40] in "\n".join(doc.text.split("\n")[item.line - 1:item.line + 1])


def test_the_corpus_is_deterministic_and_covers_both_formats_and_languages():
    again = corpus(24, seed=3)
    assert [d.text for d in again] == [d.text for d in DOCS]
    assert {(d.fmt, d.lang) for d in DOCS} == {("md", "en"), ("tex", "en"), ("md", "ru"), ("tex", "ru")}
    assert document(5, seed=4).text != document(5, seed=5).text


@pytest.mark.parametrize("spec", [Spec1d(5, 3), Spec1d(7, 3, 2, 1, 1, 1), Spec1d(6, 2, 3, 1, 0, 2),
                                  Spec1d(7, 3, 1, 2, 2, 2)])
def test_toeplitz_structure_is_the_numeric_reference_matrix(spec):
    kernel = [const(v) for v in (2, -1, 3)[:spec.k]]
    matrix = toeplitz_matrix(spec, kernel, False)
    ints = [[(e[0][0] if e else 0) for e in row] for row in matrix]
    ref = conv_matrix(spec.n, np.array([[(2, -1, 3)[:spec.k]]]), spec.s, [(spec.pl, spec.ph)], spec.d)
    assert np.array_equal(np.array(ints), ref)
    assert len(matrix) == spec.out


def test_symbolic_entries_name_kernel_taps():
    matrix = toeplitz_matrix(Spec1d(4, 2), [sym("f_{1}"), sym("f_{2}")], False)
    assert matrix[0][:2] == [sym("f_{1}"), sym("f_{2}")] and matrix[0][2] == const(0)
