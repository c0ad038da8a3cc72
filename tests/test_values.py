"""User values never reach ``sympify``: strings are refused (never parsed), numbers kept exact."""

from __future__ import annotations

import os
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

from convproof import symbolic as S
from convproof.errors import ConvProofError
from convproof.geometry import ConvSpec
from convproof.geometry.formulas import conv_output_size_expr
from convproof.values import as_value, as_values

SPEC = ConvSpec(input_size=3, kernel_size=2)


def _payload(path) -> str:
    return f"__import__('os').system('touch {path}')"


def _calls(p):
    """Every public entry point that takes user values, each handed the payload string."""
    bad = _payload(p)
    return {
        "toeplitz-weight": lambda: S.toeplitz(SPEC, weight=np.array([[[bad, "1"]]])),
        "im2col-y": lambda: S.im2col(SPEC, y=[[bad, "1", "2"]]),
        "conv-y": lambda: S.conv(SPEC, y=[[bad, 1, 2]]),
        "conv-bias": lambda: S.conv(SPEC, bias=[bad]),
        "transposed-weight": lambda: S.transposed_matrix(SPEC, weight=[[[bad, 1]]]),
        "conv-transpose-z": lambda: S.conv_transpose(SPEC, z=[[bad, 1]]),
        "col2im-cols": lambda: S.col2im(SPEC, [[bad, 1], [1, 1]]),
        "as-sympy": lambda: S.as_sympy([[bad]]),
        "formula": lambda: conv_output_size_expr(bad, 2),
        "latex": lambda: __import__("convproof.latex.printer", fromlist=["x"]).LecturePrinter().terms(bad),
        "nn-optim": lambda: __import__("convproof.nn.optim", fromlist=["x"]).contraction_factor(bad),
        "nn-softmax": lambda: __import__("convproof.nn.activations", fromlist=["x"]).softmax_symbolic([bad]),
        "nn-graph": lambda: __import__("convproof.nn.graph", fromlist=["x"]).Graph().node("n", bad),
        "nn-graphconv": lambda: __import__("convproof.nn.graphconv", fromlist=["x"]).polynomial_filter(
            sp.eye(2), [bad]),
    }


@pytest.mark.parametrize("name", sorted(_calls("x")))
def test_payload_strings_are_refused_and_never_run(tmp_path, name):
    target = tmp_path / "pwned"
    with pytest.raises(ConvProofError, match=r"not a string \(strings are never parsed"):
        _calls(target)[name]()
    assert not os.path.exists(target)


def test_issue_reproduction_toeplitz_weight(tmp_path):
    target = tmp_path / "pwned"
    w = np.array([[[_payload(target), "1"]]])
    with pytest.raises(ConvProofError, match="weight="):
        S.toeplitz(ConvSpec(input_size=5, kernel_size=2), weight=w)
    assert not target.exists()


@pytest.mark.parametrize("value, expected", [
    (3, sp.Integer(3)), (np.int8(-4), sp.Integer(-4)), (np.uint64(2**64 - 1), sp.Integer(2**64 - 1)),
    (Fraction(1, 3), sp.Rational(1, 3)), (0.5, sp.Float(0.5)), (np.float32(0.25), sp.Float(0.25)),
    (sp.Symbol("a"), sp.Symbol("a")), (2 + 1j, sp.Float(2) + sp.Float(1) * sp.I),
], ids=lambda v: type(v).__name__)
def test_numbers_convert_by_value(value, expected):
    assert as_value("w", value) == expected


@pytest.mark.parametrize("value, match", [
    (True, "not a bool"), (None, "must be a number"), (object(), "must be a number"), (b"x", "not a string"),
    ("a", r"sympy.Symbol\('a'\)"),
], ids=["bool", "none", "object", "bytes", "identifier"])
def test_non_numbers_are_refused(value, match):
    with pytest.raises(ConvProofError, match=match):
        as_value("w", value)


def test_ragged_and_shape_errors_name_the_argument():
    with pytest.raises(ConvProofError, match="y="):
        as_values("y", [[1], [2, 3]])
    with pytest.raises(ConvProofError, match=r"y=\(1, 2\): must have shape \(1, 3\)"):
        as_values("y", [[1, 2]], (1, 3))


def test_symbolic_result_with_numbers_is_exact():
    T = S.toeplitz(SPEC, weight=[[[Fraction(1, 2), np.int64(3)]]])
    assert T == sp.SparseMatrix([[sp.Rational(1, 2), 3, 0], [0, sp.Rational(1, 2), 3]])
