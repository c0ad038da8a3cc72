"""``\\approx`` a round number is rounded to its last nonzero digit: ``e^{10} \\approx 22000`` and
``2^{20} \\approx 10^6`` were ``wrong`` (compared to the unit); ``1.05 \\cdot 10^8`` is rounded to its
mantissa's digits. Written ``=``, a round number is still exact."""

from __future__ import annotations

import pytest
import sympy as sp

from convproof.check.document import check_text
from convproof.decimals import round_half_up


def _status(math: str) -> str:
    [result] = check_text(f"$$ {math} $$\n", "md", "doc").equations
    return result.status


@pytest.mark.parametrize("math, status", [
    (r"e^{10} \approx 22000", "holds"), (r"e^{10} \approx 23000", "wrong"),
    (r"2^{20} \approx 1\,000\,000", "holds"), (r"2^{20} \approx 2\,000\,000", "wrong"),
    (r"2^{20} \approx 10^6", "holds"), (r"2^{20} \approx 10^5", "wrong"),
    (r"55 \cdot 55 \cdot 96 \approx 290\,000", "holds"), (r"55 \cdot 55 \cdot 96 \approx 291\,000", "wrong"),
    (r"105\,415\,200 \approx 1.05 \cdot 10^8", "holds"), (r"105\,415\,200 \approx 1.06 \cdot 10^8", "wrong"),
    (r"105\,415\,200 \approx 105 \cdot 10^6", "holds"), (r"3 \cdot 3 \cdot 64 \cdot 64 \approx 3.7 \times 10^4", "holds"),
    (r"0.00123 \approx 1.2 \cdot 10^{-3}", "holds"), (r"0.00123 \approx 1.3 \cdot 10^{-3}", "wrong"),
    (r"55 \cdot 55 \cdot 96 = 290\,000", "wrong"), (r"3 \cdot 10^8 = 300\,000\,000", "holds"),
    (r"1024 \approx 1000", "holds"), (r"1024 \approx 1020", "holds"), (r"1024 \approx 1030", "wrong"),
])
def test_round_numbers_under_approx(math, status):
    assert _status(math) == status


def test_rounding_to_tens_and_thousands_is_exact():
    assert round_half_up(sp.Integer(22026), -3) == 22000
    assert round_half_up(sp.Rational(-1250), -2) == -1300
    assert round_half_up(sp.E ** 10, -1) == 22030
