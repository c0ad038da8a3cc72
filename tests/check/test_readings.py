"""Notation whose value is not what a quick reading suggests, each a wrong verdict before:

* ``\\log`` without a base is ln, log_2 or log_10 depending on the field: ``\\log 8 = 3`` was
  ``wrong`` (read as ln); now every reading is computed and a verdict stands only when they agree;
* ``\\pi \\approx 3.15`` defined pi as 3.15, so ``\\pi^2 \\approx 9.92`` held; now it is a claim about pi;
* ``3c = 1`` after ``c = 1/3 \\approx 0.33`` was ``wrong`` (3 * 0.33); an exact claim the rounded
  inputs reach within their last digit is unchecked, as a decimal claim already was;
* ``2^10`` typesets as 2 to the 1, then 0 (TeX takes one character without braces): it held as
  1024; now not read, the message says to write ``^{10}``; ``\\frac12`` (the idiom) is one half;
* ``34\\,848`` (thousands grouped by a thin space) was two numbers side by side: not read;
* ``1e-3`` was read as 1 times e minus 3 (``\\eta = 1e-3`` bound e - 3, about -0.28): now not read either way.
"""

from __future__ import annotations

import pytest

from convproof.check.document import check_text
from convproof.check.lexer import tokenize


def _results(text: str) -> list[tuple[str, str]]:
    return [(r.status, r.message) for r in check_text(text, "md", "doc").equations]


def _one(math: str) -> tuple[str, str]:
    [result] = _results(f"$$ {math} $$\n")
    return result


@pytest.mark.parametrize("math, readings", [
    (r"\log 8 = 3", "wrong as ln and log_10; holds as log_2"),
    (r"\log 100 = 2", "wrong as ln and log_2; holds as log_10"),
    (r"\log e = 1", "holds as ln; wrong as log_2 and log_10"),
    (r"-\log 0.5 \approx 0.69", "holds as ln; wrong as log_2 and log_10"),
])
def test_a_log_without_base_that_holds_in_one_base_only_is_unchecked(math, readings):
    status, message = _one(math)
    assert status == "unchecked" and readings in message and r"write \ln, \log_2" in message


@pytest.mark.parametrize("math, status", [
    (r"\log 8 = 5", "wrong"), (r"\log 1 = 0", "holds"), (r"2\log 4 = \log 16", "holds"),
    (r"\log 8 = 3\log 2", "holds"), (r"\log 8 = 2\log 2", "wrong"),
])
def test_a_log_verdict_that_every_base_gives_stands(math, status):
    got, message = _one(math)
    assert got == status and "whichever base" in message


@pytest.mark.parametrize("math, status", [(r"\ln 8 = 3", "wrong"), (r"\ln 1 = 0", "holds"),
                                          (r"\exp(\ln 2) = 2", "holds")])
def test_ln_has_one_reading(math, status):
    got, message = _one(math)
    assert got == status and "base" not in message


def test_a_value_computed_with_log_is_not_used_later():
    doc = "Let $L = -\\log 0.5$.\n\n$$2L = 1.39$$\n\n$$2L = 2$$\n"
    (s0, m0), (s1, _), (s2, _) = _results(doc)
    assert s0 == "unchecked" and "depends on the base" in m0
    assert (s1, s2) == ("unchecked", "unchecked")


def test_a_function_of_log_is_read_at_each_call():
    doc = "$$f(x) = \\log x$$\n\n$$f(8) = 3$$\n\n$$f(1) = 0$$\n"
    assert [s for s, _ in _results(doc)] == ["unchecked", "unchecked", "holds"]


@pytest.mark.parametrize("doc, statuses", [
    ("$\\pi \\approx 3.15$. Then $\\pi^2 \\approx 9.92$.\n", ["wrong", "wrong"]),
    ("$\\pi \\approx 3.14$. Then $\\pi^2 \\approx 9.87$.\n", ["holds", "holds"]),
    ("$$\\pi = 3.1416$$\n", ["holds"]),
    ("Let $\\pi = 0.3$. Then $1 - \\pi = 0.7$.\n", ["unchecked", "holds"]),   # a probability named pi
])
def test_pi_near_its_value_is_a_claim_about_pi(doc, statuses):
    assert [s for s, _ in _results(doc)] == statuses


def test_an_exact_claim_within_the_inputs_last_digit_is_unchecked():
    doc = "Let $c = 1/3 \\approx 0.33$.\n\n$$3c = 1$$\n\n$$3c = 2$$\n\n$$3c = 0.99$$\n"
    statuses = [s for s, _ in _results(doc)]
    assert statuses == ["holds", "unchecked", "wrong", "holds"]
    assert "last printed digit" in _results(doc)[1][1]


@pytest.mark.parametrize("math, written", [
    (r"2^10 = 1024", "^{10}"), (r"x^12 = x^{12}", "^{12}"), (r"10^-3 = 0.001", "^{-3}"),
    (r"a_12 = 5", "_{12}"), (r"\sqrt 16 = 4", r"\sqrt{16}"), (r"e^-1 \approx 0.37", "^{-1}"),
])
def test_a_multi_character_argument_without_braces_is_not_read(math, written):
    status, message = _one(math)
    assert status == "unchecked" and "typesets as" in message and f"write {written}" in message


@pytest.mark.parametrize("math, status", [
    (r"\frac12 + \frac14 = \frac34", "holds"), (r"\frac12 + \frac14 = 1", "wrong"),
    (r"\frac 1 2 = 0.5", "holds"), (r"\frac123 = 1.5", "holds"),    # TeX: \frac{1}{2}3
    (r"2^{10} = 1024", "holds"), (r"2^9 = 512", "holds"), (r"2^9 = 256", "wrong"),
])
def test_one_character_arguments_are_read_as_tex_reads_them(math, status):
    assert _one(math)[0] == status


@pytest.mark.parametrize("math, status", [
    (r"11 \cdot 11 \cdot 3 \cdot 96 = 34\,848", "holds"), (r"11 \cdot 11 \cdot 3 \cdot 96 = 34\,849", "wrong"),
    (r"55 \cdot 55 \cdot 96 = 290~400", "holds"), (r"1000 \cdot 1000 = 1\;000\;000", "holds"),
    (r"55 \cdot 55 \cdot 96 = 290 400", "holds"), (r"2 \cdot 500{,}25 = 1\,000{,}5", "holds"),
    (r"3 \cdot 3 \cdot 256 \cdot 256 = 589\,824.", "holds"), (r"2 \cdot 1\,000.5 = 2\,002", "wrong"),
])
def test_thousands_grouped_by_spaces_are_one_number(math, status):
    assert _one(math)[0] == status


def test_the_lexer_groups_only_whole_thousands():
    assert [t.text for t in tokenize(r"1\,5 + 12\,3456 + 12\thinspace 345")] == \
        ["1", "5", "+", "12", "3456", "+", "12345"]


@pytest.mark.parametrize("math", [r"1.5e3 = 1500", r"2e-3 = 0.002", r"\eta = 1e-3", r"2.5E+4 = 25000"])
def test_e_notation_is_not_read_either_way(math):
    status, message = _one(math)
    assert status == "unchecked" and "E-notation" in message


@pytest.mark.parametrize("math, status", [(r"2e \approx 5.44", "holds"), (r"3e^{2} \approx 22.17", "holds"),
                                          (r"2e \approx 5.45", "wrong")])
def test_a_number_times_e_is_still_read(math, status):
    assert _one(math)[0] == status


@pytest.mark.parametrize("math, status", [
    (r"\log_2 8 = 3", "holds"), (r"\log_2 8 = 4", "wrong"), (r"\log_{10} 1000 = 3", "holds"),
    (r"\log_{2}(8) + \log_{10} 100 = 5", "holds"), (r"\lg 100 = 2", "holds"), (r"\lg 100 = 3", "wrong"),
    (r"\log_{0.5} 4 = -2", "holds"), (r"\tg \frac{\pi}{4} = 1", "holds"),
    (r"\operatorname{tg} 0 = 0", "holds"), (r"\arctan 1 = \frac{\pi}{4}", "holds"),
    (r"\arctg 1 = \frac{\pi}{3}", "wrong"),
])
def test_a_log_with_its_base_has_one_reading(math, status):
    got, message = _one(math)
    assert got == status and "base" not in message


def test_a_fix_keeps_the_thousands_grouping():
    doc = "$$11 \\cdot 11 \\cdot 3 \\cdot 96 = 34\\,849$$\n"
    [result] = check_text(doc, "md", "doc").equations
    assert result.corrected(doc) == "11 \\cdot 11 \\cdot 3 \\cdot 96 = 34\\,848"


def test_an_ambiguous_number_in_inline_math_is_reported():
    doc = "The rate is $\\eta = 1e-3$ and $1,024 + 1 = 1,025$; $x = \\$5$ is text.\n"
    results = [(r.status, r.message) for r in check_text(doc, "md", "doc").equations]
    assert [s for s, _ in results][:2] == ["unchecked", "unchecked"]
    assert "E-notation" in results[0][1] and "thousands separator" in results[1][1]
